import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contract } from '../../common/contract';
import { SwitchboardFailure, type Result } from '../../common/errors';
import { GWS_CONTRACT_METHODS, GWS_OPERATIONS } from '../../common/gwsOperations';
import { startSimulator, type Simulator } from '../../simulator/server';
import { createOperations, type GwsOperations } from '../gws/operations';
import { GwsSession, type GwsRequester } from '../gws/session';
import { createDispatcher, type ChannelHandler } from '../ipc/dispatcher';
import { gwsHandlers } from './gwsHandlers';

// The handlers derived from the operations table, bound by the real IPC dispatcher and calling
// the real client against the simulator over HTTP: what the renderer's calls go through.

let simulator: Simulator;
let session: GwsSession;
/** Requests that reached the requester (and so the wire). */
let requests: string[];
let operations: GwsOperations | undefined;
let dispatcher: ReadonlyMap<string, ChannelHandler>;

function call(channel: string, ...args: unknown[]): Promise<Result<unknown>> {
  const handle = dispatcher.get(`switchboard:${channel}`);
  if (handle === undefined) throw new Error(`no handler for ${channel}`);
  return handle(args);
}

/** The session's requester, recording what goes out. */
function recording(inner: GwsRequester): GwsRequester {
  return {
    get: (path) => (requests.push(`GET ${path}`), inner.get(path)),
    post: (path, body) => (requests.push(`POST ${path}`), inner.post(path, body)),
    delete: (path) => (requests.push(`DELETE ${path}`), inner.delete(path)),
    postForm: (path, form) => (requests.push(`POST ${path}`), inner.postForm(path, form)),
    getBytes: (path) => (requests.push(`GET ${path}`), inner.getBytes(path)),
  };
}

/** A chat Carol starts with `subject`, once the agent (ready for chat) is invited to it. */
async function offeredChat(subject: string): Promise<string> {
  await operations?.setChannelReady('chat');
  const id = simulator.control.startChat({
    customerNickName: 'Carol',
    subject,
    firstMessage: 'Hi',
  });
  const deadline = Date.now() + 5000;
  while (session.interactions.get(id)?.state !== 'Invited') {
    if (Date.now() > deadline) throw new Error(`${id} was not offered within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return id;
}

beforeEach(async () => {
  simulator = await startSimulator({ port: 0, scenario: 'quiet' });
  session = new GwsSession({
    serverUrl: simulator.url,
    credentials: { userName: 'agent1', password: 'demo' },
  });
  const signedIn = await session.signIn();
  if (!signedIn.ok) throw new Error(signedIn.error.message);
  requests = [];
  operations = createOperations(recording(session.requester), { apiUrl: session.http.apiUrl });
  const current = () => {
    if (operations === undefined) throw new SwitchboardFailure('unauthorized', 'Not signed in');
    return operations;
  };
  // The table's methods are a contract of their own: the real one spreads them as they are.
  dispatcher = createDispatcher(GWS_CONTRACT_METHODS, gwsHandlers(current), {
    error: (message) => {
      throw new Error(message);
    },
  });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await session.signOut();
  await simulator.close();
});

describe('gwsHandlers', () => {
  it('serves every GWS method of the contract on its channel', () => {
    const gwsChannels = [...dispatcher.keys()];
    expect(gwsChannels).toContain('switchboard:agent:directory');
    expect(gwsChannels).toContain('switchboard:interactions:accept');
    for (const channel of gwsChannels) {
      const [, namespace = '', member = ''] = channel.split(':');
      const spec = (contract as Record<string, Record<string, unknown>>)[namespace]?.[member];
      expect({ channel, inContract: spec !== undefined }).toEqual({ channel, inContract: true });
    }
  });

  it('answers the directory through the dispatcher as the client does', async () => {
    const answer = await call('agent:directory');
    expect(answer.ok).toBe(true);
    const direct = await operations?.getUsers();
    expect(answer).toEqual(direct);
    expect(requests).toEqual([
      'GET /users?fields=*&subresources=*',
      'GET /users?fields=*&subresources=*',
    ]);
  });

  it('parses the arguments once, at the dispatcher, with the table schema', async () => {
    const id = await offeredChat('Help');
    requests = [];
    const parse = vi.spyOn(GWS_OPERATIONS.accept.args, 'safeParse');
    const accepted = await call('interactions:accept', id, 'Ann');
    expect(accepted).toEqual({ ok: true, value: undefined });
    expect(parse).toHaveBeenCalledTimes(1);
    expect(requests).toEqual([`POST /me/interactions/${id}`]);
  });

  it('refuses invalid arguments before the wire, and passes error kinds on', async () => {
    const blank = await call('interactions:sendMessage', 'id1', '   ');
    expect(blank.ok ? 'ok' : blank.error.kind).toBe('invalidArgument');
    const noProperties = await call('interactions:updateProperties', 'id1', {});
    expect(noProperties.ok ? 'ok' : noProperties.error.kind).toBe('invalidArgument');
    expect(requests).toEqual([]);

    const missing = await call('interactions:accept', '0000NOSUCHID');
    expect(missing.ok ? 'ok' : missing.error.kind).toBe('notFound');
    expect(requests).toHaveLength(1);
  });

  it('refuses case data naming __proto__ at any depth with a code, and sends constructor and prototype as they are', async () => {
    const id = await offeredChat('Address');
    expect(await call('interactions:accept', id)).toEqual({ ok: true, value: undefined });
    requests = [];
    // As IPC and JSON deliver them: `__proto__` an own key, not the prototype.
    for (const properties of [
      JSON.parse('{"__proto__": "VIP", "Segment": "Gold"}') as unknown,
      JSON.parse('{"Address": {"__proto__": {"admin": true}, "City": "Bonn"}}') as unknown,
      JSON.parse('{"List": [{"__proto__": 1}]}') as unknown,
    ]) {
      const refused = await call('interactions:updateProperties', id, properties);
      expect(refused).toMatchObject({
        ok: false,
        error: { kind: 'invalidArgument', code: 'propertyNameReserved' },
      });
    }
    // Before, zod's record left `__proto__` out and the save of the rest went to the server.
    expect(requests).toEqual([]);
    expect(simulator.world.interactions.get(id)?.userData).not.toHaveProperty('Segment');

    const kept = JSON.parse('{"constructor": "c", "prototype": {"toString": "t"}}') as unknown;
    expect(await call('interactions:updateProperties', id, kept)).toEqual({
      ok: true,
      value: undefined,
    });
    expect(requests).toEqual([`POST /me/interactions/${id}`]);
    const userData = simulator.world.interactions.get(id)?.userData ?? {};
    expect(Object.hasOwn(userData, 'constructor') && userData.constructor).toBe('c');
    expect(Object.hasOwn(userData, 'prototype') && userData.prototype).toEqual({ toString: 't' });
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('answers unauthorized while signed out, without a request', async () => {
    operations = undefined;
    const answer = await call('agent:directory');
    expect(answer.ok ? 'ok' : answer.error.kind).toBe('unauthorized');
    expect(requests).toEqual([]);
  });
});
