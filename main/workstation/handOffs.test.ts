import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InteractionSnapshot } from '../../common/model';
import { useSimulator } from '../../tests/support/simulatorHarness';
import { openDatabase } from '../cache/database';
import { CacheStore } from '../cache/store';
import { createOperations } from '../gws/operations';
import { GwsSession } from '../gws/session';
import { CacheWriter, type Commit } from './cacheWriter';
import { consultationHandlers } from './consultations';
import { gwsHandlers } from './gwsHandlers';
import { ColleagueNames, handOffHandlers } from './handOffs';

const quiet = { debug: () => undefined, warn: () => undefined };
const T0 = Date.UTC(2026, 11, 4, 9, 0, 0);
/** 003's TestWorkbin: `TestWorkbin/PrivateView` in base64. */
const TEST_WORKBIN = 'VGVzdFdvcmtiaW4vUHJpdmF0ZVZpZXc=';

let folder: string;
const databases: Database[] = [];
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'switchboard-handoffs-'));
});
afterEach(() => {
  for (const db of databases.splice(0)) if (db.open) db.close();
  rmSync(folder, { recursive: true, force: true });
});

function writerOn(name: string, serverUrl = 'http://127.0.0.1:1', now?: () => number): CacheWriter {
  const db = openDatabase(join(folder, name));
  databases.push(db);
  return new CacheWriter({
    store: new CacheStore(db),
    account: { serverUrl, userName: 'agent1' },
    attachmentsDir: join(folder, 'attachments'),
    log: quiet,
    ...(now === undefined ? {} : { now }),
  });
}

function commitsOf(writer: CacheWriter): Commit[] {
  const heard: Commit[] = [];
  writer.onCommit((commit) => heard.push(commit));
  return heard;
}

function chat(state: string): InteractionSnapshot {
  return {
    id: 'c1',
    channel: 'chat',
    state,
    subject: 'Order 1234',
    capabilities: [],
    userData: {},
  };
}

describe('the hand-off the agent made, kept by the cache writer', () => {
  it('keeps it through the end of the chat, and says whose it was when it is offered back', () => {
    const writer = writerOn('cache.sqlite', undefined, () => T0 + 10);
    writer.apply({ type: 'interactionInvited', interaction: chat('Invited') }, T0);
    writer.apply({ type: 'interactionUpdated', interaction: chat('Accepted') }, T0 + 1);
    const heard = commitsOf(writer);

    writer.recordHandOff('c1', { kind: 'agent', target: 'c0ffee', name: 'Priya Raman' });
    // The change set carries the row, so the views say it at once.
    expect(heard.map((commit) => commit.changes.interactions[0]?.handedOn)).toEqual([
      { kind: 'agent', to: 'Priya Raman', at: T0 + 10 },
    ]);
    writer.apply({ type: 'interactionEnded', interactionId: 'c1' }, T0 + 20);
    const [done] = writer.history({});
    expect(done?.handedOn).toEqual({ kind: 'agent', to: 'Priya Raman', at: T0 + 10 });

    // Priya did not take it: routing offers it to the agent again.
    const back = writer.apply(
      { type: 'interactionInvited', interaction: chat('Invited') },
      T0 + 30,
    );
    expect(back.alerts).toEqual([
      expect.objectContaining({
        kind: 'invite',
        interactionId: 'c1',
        cameBackFrom: { kind: 'agent', to: 'Priya Raman' },
      }),
    ]);
    expect(back.changes.interactions.map((row) => [row.phase, row.handedOn])).toEqual([
      ['invited', { kind: 'agent', to: 'Priya Raman', at: T0 + 10, cameBackAt: T0 + 30 }],
    ]);

    // Accepted, done: History says Done again, and a later offer is a plain one.
    writer.apply({ type: 'interactionUpdated', interaction: chat('Accepted') }, T0 + 40);
    writer.apply({ type: 'interactionEnded', interactionId: 'c1' }, T0 + 50);
    expect(writer.history({})[0]?.handedOn?.cameBackAt).toBe(T0 + 30);
    const again = writer.apply(
      { type: 'interactionInvited', interaction: chat('Invited') },
      T0 + 60,
    );
    expect(again.alerts[0]).not.toHaveProperty('cameBackFrom');
    // …on its row and in its view too (they said "came back" still).
    expect(again.changes.interactions.map((row) => [row.phase, row.handedOn])).toEqual([
      ['invited', undefined],
    ]);
  });

  it('keeps nothing of an interaction it does not hold; an invitation never handed on is plain', () => {
    const writer = writerOn('cache.sqlite');
    const heard = commitsOf(writer);
    writer.recordHandOff('nowhere', { kind: 'queue', target: 'Overflow', name: 'Overflow' });
    expect(heard).toEqual([]);
    writer.apply({ type: 'interactionInvited', interaction: chat('Invited') }, T0);
    writer.apply({ type: 'interactionRevoked', interactionId: 'c1' }, T0 + 1);
    const offered = writer.apply(
      { type: 'interactionInvited', interaction: chat('Invited') },
      T0 + 2,
    );
    expect(offered.alerts[0]).not.toHaveProperty('cameBackFrom');
    expect(offered.changes.interactions[0]).not.toHaveProperty('handedOn');
  });
});

describe('the hand-off handlers, against the simulator', () => {
  const harness = useSimulator();
  let session: GwsSession | null = null;
  afterEach(async () => {
    await session?.signOut();
    session = null;
  });

  async function eventually<T>(check: () => T | undefined | false, what: string): Promise<T> {
    const deadline = Date.now() + 8000;
    for (;;) {
      const value = check();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** agent1's desk core with a chat it accepted; Priya Raman signed in and Ready. */
  async function deskWithChat() {
    const simulator = await harness.start({ reofferDelayMs: 100 });
    const priyaUser = simulator.world.findUser('3101');
    if (priyaUser === undefined) throw new Error('no Priya');
    const priya = await harness.signedIn(priyaUser.userName, ['chat']);
    session = new GwsSession({
      serverUrl: simulator.url,
      credentials: { userName: 'agent1', password: 'demo' },
      maxBackoffMs: 500,
    });
    const writer = writerOn('desk.sqlite', simulator.url);
    const alerts: Commit['alerts'][number][] = [];
    writer.onCommit((commit) => alerts.push(...commit.alerts));
    writer.attach(session);
    expect((await session.signIn()).ok).toBe(true);
    const operations = createOperations(session.requester);
    expect((await operations.setReady()).ok).toBe(true);
    const gws = gwsHandlers(() => operations);
    const colleagues = new ColleagueNames(
      () => gws.agent.directory(),
      () => writer,
    );
    const consultations = consultationHandlers(gws.interactions, () => writer);
    const handlers = handOffHandlers(
      { ...gws.interactions, ...consultations },
      () => writer,
      colleagues,
    );
    const chatId = simulator.control.startChat({
      customerNickName: 'Tom Baker',
      subject: 'Order 1234',
      firstMessage: 'Hello?',
    });
    await eventually(() => writer.interaction(chatId)?.state === 'Invited', 'the invitation');
    expect((await operations.accept(chatId)).ok).toBe(true);
    await eventually(() => writer.interaction(chatId)?.state === 'Accepted', 'the acceptance');
    return {
      simulator,
      operations,
      writer,
      handlers,
      consultations,
      chatId,
      priya,
      priyaId: priyaUser.id,
      alerts,
    };
  }

  it('keeps a Transfer by the colleague’s name; when she rejects, the invitation that brings it back says so', async () => {
    const { writer, handlers, chatId, priya, priyaId, alerts } = await deskWithChat();
    await expect(handlers.transfer(chatId, 'nobody-here')).rejects.toThrow();
    expect(writer.interaction(chatId)).not.toHaveProperty('handedOn');

    await handlers.transfer(chatId, priyaId);
    expect(writer.interaction(chatId)?.handedOn).toMatchObject({
      kind: 'agent',
      to: 'Priya Raman',
    });
    await eventually(() => writer.interaction(chatId)?.phase === 'ended', 'the chat over here');
    expect(writer.history({}).find((row) => row.id === chatId)?.handedOn?.to).toBe('Priya Raman');

    expect(
      (await priya.post(`/me/interactions/${chatId}`, { operationName: 'Reject' })).status,
    ).toBe(200);
    await eventually(() => writer.interaction(chatId)?.phase === 'invited', 'the chat back');
    expect(writer.interaction(chatId)?.handedOn?.cameBackAt).toBeTypeOf('number');
    expect(alerts.filter((alert) => alert.kind === 'invite').at(-1)).toMatchObject({
      cameBackFrom: { kind: 'agent', to: 'Priya Raman' },
    });
  });

  it('keeps a Transfer the server carried out whose answer was lost; one that never reached it keeps nothing', async () => {
    const { simulator, writer, handlers, chatId, priyaId } = await deskWithChat();
    // The connection cut before the request reached the server: still the agent's.
    simulator.control.failNextRequests(['reset']);
    await expect(handlers.transfer(chatId, priyaId)).rejects.toMatchObject({ kind: 'network' });
    expect(writer.interaction(chatId)).not.toHaveProperty('handedOn');
    expect(simulator.world.interactions.get(chatId)?.owner).toBe('agent1');

    // Carried out, the connection cut as its answer left: it went, and is kept as handed on.
    simulator.control.failNextRequests(['answerLost']);
    await handlers.transfer(chatId, priyaId);
    expect(simulator.world.interactions.get(chatId)?.invitee).toBe(
      simulator.world.findUser(priyaId)?.userName,
    );
    expect(writer.interaction(chatId)?.handedOn).toMatchObject({
      kind: 'agent',
      to: 'Priya Raman',
    });
    await eventually(() => writer.interaction(chatId)?.phase === 'ended', 'the chat over here');
    expect(writer.history({}).find((row) => row.id === chatId)?.handedOn?.to).toBe('Priya Raman');
  });

  it('keeps a consultation completed as a transfer whose answer was lost, the consultation over', async () => {
    const { simulator, writer, handlers, consultations, chatId, priya, priyaId } =
      await deskWithChat();
    await consultations.startChatConsultation(chatId, priyaId);
    expect(writer.consultation(chatId)?.target).toBe(priyaId);
    simulator.control.failNextRequests(['answerLost']);
    await handlers.completeTransfer(chatId);
    expect(simulator.world.interactions.get(chatId)?.owner).toBe(
      simulator.world.findUser(priyaId)?.userName,
    );
    expect(writer.interaction(chatId)?.handedOn).toMatchObject({
      kind: 'consultTransfer',
      to: 'Priya Raman',
    });
    await eventually(() => writer.interaction(chatId)?.phase === 'ended', 'the chat over here');
    // Priya hands it back: offered to this agent again, it shows no consultation open (kept,
    // it showed "consulting with Priya" and offered Complete instead of Consult).
    const agent1Id = simulator.world.findUser('agent1')?.id;
    expect(
      (
        await priya.post(`/me/interactions/${chatId}`, {
          operationName: 'Transfer',
          targetId: agent1Id,
        })
      ).status,
    ).toBe(200);
    await eventually(() => writer.interaction(chatId)?.phase === 'invited', 'the chat back');
    expect(writer.consultation(chatId)).toBeUndefined();
  });

  it('keeps a placement in a workbin whose answer was lost: the server shows the item over for the agent', async () => {
    const { simulator, writer, handlers, chatId } = await deskWithChat();
    simulator.control.failNextRequests(['answerLost']);
    await handlers.placeInWorkbin(chatId, TEST_WORKBIN);
    expect(simulator.world.interactions.get(chatId)?.state).toBe('InWorkbin');
    expect(writer.interaction(chatId)?.handedOn).toMatchObject({ kind: 'workbin' });
  });

  it('keeps a queue by its name; a refused one keeps nothing', async () => {
    const { operations, writer, handlers, chatId } = await deskWithChat();
    // Not Ready: routing does not offer it straight back to this agent.
    expect((await operations.setNotReady()).ok).toBe(true);
    await expect(handlers.placeInQueue(chatId, 'NoSuchQueue')).rejects.toThrow();
    expect(writer.interaction(chatId)).not.toHaveProperty('handedOn');
    await handlers.placeInQueue(chatId, 'Overflow');
    await eventually(() => writer.interaction(chatId)?.phase === 'ended', 'the chat over here');
    expect(writer.history({}).find((row) => row.id === chatId)?.handedOn).toMatchObject({
      kind: 'queue',
      to: 'Overflow',
    });
  });
});
