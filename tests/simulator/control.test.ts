import { CometD, type Message } from 'cometd';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/server';
import { interactionOf, TestAgent } from '../support/gwsAgent';
import { useSimulator } from '../support/simulatorHarness';

// The control API makes the simulator misbehave the way a GWS deployment does: raw
// notifications, revoked invites, forgotten CometD clients, expired HTTP sessions, a half-open
// network, a restart. In process it is `simulator.control`; over HTTP `/simulator/…` with
// `control: true`.

const harness = useSimulator();
const clients: CometD[] = [];

// Registered after useSimulator's, so it runs before it (after-hooks run in reverse): the raw
// clients disconnect while the simulator still answers.
afterEach(async () => {
  await Promise.all(
    clients.map(
      (client) =>
        new Promise<void>((resolve) => {
          if (client.getStatus() === 'disconnected') {
            resolve();
            return;
          }
          const timer = setTimeout(resolve, 1000);
          client.disconnect(() => {
            clearTimeout(timer);
            resolve();
          });
        }),
    ),
  );
  clients.length = 0;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** POST to the control API over HTTP. */
async function controlPost(running: Simulator, path: string, body: unknown = {}) {
  const response = await fetch(`${running.url}/simulator${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * A CometD client that hands Basic credentials to every handshake (so it can come back after
 * a restart on its own) and records every `/meta/handshake` and `/meta/connect` reply.
 */
function basicClient(running: Simulator, configuration: Record<string, unknown> = {}) {
  const cometd = new CometD();
  clients.push(cometd);
  cometd.unregisterTransport('websocket');
  cometd.configure({
    url: `${running.apiUrl}/notifications`,
    logLevel: 'warn',
    maxBackoff: 200,
    requestHeaders: {
      authorization: `Basic ${Buffer.from('agent1:demo').toString('base64')}`,
    },
    ...configuration,
  });
  const handshakes: Message[] = [];
  const connects: Message[] = [];
  const received: Record<string, unknown>[] = [];
  const subscribe = () => {
    cometd.subscribe('/v2/me/*', (message: Message) => {
      received.push(message.data as Record<string, unknown>);
    });
  };
  // Subscriptions die with the session: redo them after every successful handshake, as the
  // GWS README tells clients to.
  cometd.addListener('/meta/handshake', (reply: Message) => {
    handshakes.push(reply);
    if (reply.successful) subscribe();
  });
  cometd.addListener('/meta/connect', (reply: Message) => {
    connects.push(reply);
  });
  const subscribed = new Promise<void>((resolve) => {
    const listener = cometd.addListener('/meta/subscribe', (reply: Message) => {
      if (reply.successful) {
        cometd.removeListener(listener);
        resolve();
      }
    });
  });
  cometd.handshake();
  return { cometd, handshakes, connects, received, subscribed };
}

describe('in process (simulator.control)', () => {
  it('injects any raw notification on any channel', async () => {
    const running = await harness.start();
    const agent = harness.agent();
    await agent.signIn();
    const data = { messageType: 'Anything', deep: { list: [1, 'two', null] } };
    expect(running.control.injectNotification('agent1', '/v2/me/workbins', data)).toBe(1);
    const message = await agent.waitFor((m) => m.data.messageType === 'Anything', 3000);
    expect(message.channel).toBe('/v2/me/workbins');
    expect(message.data).toEqual(data);
    // Nobody else hears it, and a user with no session gets nothing.
    expect(running.control.injectNotification('agent2', '/v2/me/workbins', data)).toBe(0);
  });

  it.each(['a', 'b'] as const)('revokes a pending invite now (dialect %s)', async (dialect) => {
    const running = await harness.start({
      dialect,
      inviteTimeoutSeconds: 60,
      reofferDelayMs: 60_000,
    });
    const agent = harness.agent();
    await agent.signIn();
    const id = running.control.receiveEmail({
      from: 'ann@example.com',
      subject: 'Refund',
      text: 'Please',
      html: null,
    });
    await agent.waitFor(
      (m) => interactionOf(m.data).id === id && interactionOf(m.data).state === 'Invited',
      3000,
      'invite',
    );
    const startedAt = Date.now();
    expect(running.control.revoke(id)).toBe(true);
    await agent.waitFor(
      (m) => interactionOf(m.data).id === id && interactionOf(m.data).state === 'Revoked',
      3000,
      'revoke',
    );
    expect(Date.now() - startedAt).toBeLessThan(1000);
    // Nothing left to revoke.
    expect(running.control.revoke(id)).toBe(false);
    expect(running.control.revoke('unknown')).toBe(false);
  });

  it("lets go of work in an agent's hands without a notification (dropSilently)", async () => {
    const running = await harness.start({ control: true });
    const agent = harness.agent();
    await agent.signIn();
    const id = running.control.receiveEmail({
      from: 'ann@example.com',
      subject: 'Refund',
      text: 'Please',
      html: null,
    });
    await agent.waitFor((m) => interactionOf(m.data).id === id, 3000, 'invite');
    // An offer is not in anyone's hands: nothing to drop.
    expect(running.control.dropSilently(id)).toBe(false);
    const path = `/me/interactions/${encodeURIComponent(id)}`;
    expect((await agent.post(path, { operationName: 'Accept' })).status).toBe(200);
    await agent.waitFor(
      (m) => interactionOf(m.data).id === id && interactionOf(m.data).state === 'Accepted',
      3000,
      'accepted',
    );
    const heard = agent.received.length;

    const dropped = await controlPost(running, `/interactions/${encodeURIComponent(id)}/drop`);
    expect(dropped.body).toEqual({ statusCode: 0, dropped: true });
    const listed = await agent.get('/me/interactions?fields=*');
    expect(JSON.stringify(listed.body)).not.toContain(id);
    const done = await agent.post(path, { operationName: 'StopProcessing' });
    expect(done.body).toMatchObject({ statusCode: 6 });
    await sleep(300);
    expect(agent.received.slice(heard).map((m) => interactionOf(m.data).id)).not.toContain(id);
    expect(running.control.dropSilently(id)).toBe(false);
  });

  it('drops every CometD session while a long poll is held: 402, then a new handshake', async () => {
    // A long connect timeout: the drop must not wait for the held poll to time out.
    const running = await harness.start({ connectTimeoutMs: 20_000 });
    const client = basicClient(running);
    await client.subscribed;
    // Let the first long poll be held by the server.
    await sleep(200);
    expect(running.control.injectNotification('agent1', '/v2/me/channels', { n: 1 })).toBe(1);
    await until(() => client.received.some((data) => data.n === 1), 2000, 'first message');
    await sleep(100);

    const droppedAt = Date.now();
    expect(running.control.dropCometdSessions()).toBe(1);
    expect(running.control.injectNotification('agent1', '/v2/me/channels', { n: 2 })).toBe(0);

    await until(
      () => client.handshakes.filter((reply) => reply.successful).length === 2,
      3000,
      'a second successful handshake',
    );
    expect(Date.now() - droppedAt).toBeLessThan(2000);
    const unknown = client.connects.find((reply) => !reply.successful);
    expect(unknown?.error).toMatch(/^402::/);
    expect((unknown?.advice as { reconnect?: string } | undefined)?.reconnect).toBe('handshake');

    // The handshake listener subscribed again: a message injected now arrives.
    await until(
      () => running.control.injectNotification('agent1', '/v2/me/channels', { n: 3 }) === 1,
      2000,
      'the new subscription',
    );
    await until(() => client.received.some((data) => data.n === 3), 2000, 'third message');
    expect(client.received.some((data) => data.n === 2)).toBe(false);
  });

  it('drops the sessions of a TestAgent: it gets 402 and handshakes again by itself', async () => {
    const running = await harness.start({ connectTimeoutMs: 20_000 });
    const agent = harness.agent();
    await agent.signIn();
    const cometd = agent.cometd;
    if (!cometd) throw new Error('the agent is not connected');
    const replies: Message[] = [];
    const connects: Message[] = [];
    cometd.addListener('/meta/connect', (reply: Message) => {
      connects.push(reply);
    });
    cometd.addListener('/meta/handshake', (reply: Message) => {
      replies.push(reply);
      if (reply.successful) {
        cometd.subscribe('/v2/me/*', (message: Message) => {
          agent.received.push({
            channel: message.channel,
            data: message.data as Record<string, unknown>,
            at: Date.now(),
          });
        });
      }
    });
    await sleep(200);
    running.control.dropCometdSessions();
    await until(() => replies.some((reply) => reply.successful), 3000, 're-handshake');
    await until(
      () => running.control.injectNotification('agent1', '/v2/me/channels', { again: true }) === 1,
      2000,
      'the new subscription',
    );
    await until(() => agent.received.some((m) => m.data.again === true), 2000, 'message');
    expect(connects.find((reply) => !reply.successful)?.error).toMatch(/^402::/);
  });

  it('expires every HTTP session', async () => {
    const running = await harness.start();
    const agent = harness.agent();
    const before = await agent.get('/me');
    expect(before.status).toBe(200);
    const oldToken = before.headers.get('x-csrf-token');
    expect(running.control.expireHttpSessions()).toBe(1);
    expect((await agent.request('GET', '/me', undefined, { basic: false })).status).toBe(401);
    const after = await agent.get('/me');
    expect(after.status).toBe(200);
    expect(after.headers.get('x-csrf-token')).not.toBe(oldToken);
  });

  it('stalls requests like a half-open network', async () => {
    const running = await harness.start();
    const agent = harness.agent();
    await agent.get('/me');
    running.control.stall(600);
    const startedAt = Date.now();
    const answer = await agent.get('/me');
    expect(answer.status).toBe(200);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(590);

    // Once the stall is over, requests are answered at once again.
    // (Well under the 600 ms stall, with room for a loaded CI machine.)
    const fastStart = Date.now();
    await agent.get('/me');
    expect(Date.now() - fastStart).toBeLessThan(450);
  });

  it('makes a long poll with a short maxNetworkDelay fail, then recover', async () => {
    const running = await harness.start({ connectTimeoutMs: 300 });
    const client = basicClient(running, { maxNetworkDelay: 300 });
    await client.subscribed;
    await sleep(400);
    expect(client.connects.every((reply) => reply.successful)).toBe(true);

    running.control.stall(2000);
    await until(
      () => client.connects.some((reply) => !reply.successful),
      2500,
      'a failed /meta/connect',
    );
    const failed = client.connects.find((reply) => !reply.successful);
    // The client's own failure report: no `error` from the server, the request timed out.
    expect(failed?.error).toBeUndefined();
    expect(Object.keys(failed ?? {})).toContain('failure');

    // After the stall the client connects again (handshaking again if it must).
    await until(
      () =>
        client.cometd.getStatus() === 'connected' && client.connects.at(-1)?.successful === true,
      5000,
      'the client to recover',
    );
  });

  it('restarts: connections cut, the client comes back, the world survives', async () => {
    const running = await harness.start({ inviteTimeoutSeconds: 60 });
    const agent = harness.agent();
    await agent.signIn();
    const id = running.control.receiveEmail({
      from: 'ann@example.com',
      subject: 'Invoice',
      text: 'Hello',
      html: null,
    });
    await agent.waitFor((m) => interactionOf(m.data).state === 'Invited', 3000, 'invite');
    expect((await agent.post(`/me/interactions/${id}`, { operationName: 'Accept' })).status).toBe(
      200,
    );
    const client = basicClient(running);
    await client.subscribed;
    await sleep(200);

    await running.control.restart(300);
    expect(running.port).toBe(
      new URL(running.url).port === '' ? 80 : Number(new URL(running.url).port),
    );

    // The Basic-authenticated client re-handshakes by itself and subscribes again.
    await until(
      () => client.handshakes.filter((reply) => reply.successful).length >= 2,
      5000,
      'a handshake after the restart',
    );
    await until(
      () => running.control.injectNotification('agent1', '/v2/me/channels', { back: true }) >= 1,
      3000,
      'the subscription after the restart',
    );
    await until(() => client.received.some((data) => data.back === true), 3000, 'message');

    // REST works again with Basic (a new session), and the accepted interaction is still there.
    const interactions = await agent.get('/me/interactions?fields=*');
    expect(interactions.status).toBe(200);
    const list = (interactions.body.interactions as Record<string, unknown>[]).map(interactionOf);
    expect(list.find((interaction) => interaction.id === id)).toBeTruthy();
    expect(running.world.interactions.get(id)?.state).toBe('Accepted');
  });

  it('ends a restart or an outage when told, long before its time is up', async () => {
    const running = await harness.start();
    /** Whether something listens on the simulator's port (any HTTP answer counts). */
    const listening = () =>
      fetch(`${running.url}/api/v2/me`).then(
        () => true,
        () => false,
      );
    for (const goAway of [
      () => running.control.restart(60_000),
      () => running.control.refuseConnections(60_000),
    ]) {
      const startedAt = Date.now();
      const away = goAway();
      expect(await listening()).toBe(false);
      running.control.endOutage();
      await away;
      expect(await listening()).toBe(true);
      // Back at once, not after the minute it was given.
      expect(Date.now() - startedAt).toBeLessThan(10_000);
    }
  });
});

describe('over HTTP (control: true)', () => {
  it('is 404 when the control API is off', async () => {
    const running = await harness.start();
    for (const path of ['/state', '/cometd/drop']) {
      const response = await fetch(`${running.url}/simulator${path}`, {
        method: path === '/state' ? 'GET' : 'POST',
      });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        statusCode: 6,
        statusMessage: expect.any(String) as unknown,
      });
    }
  });

  it('serves every control, answering statusCode 0', async () => {
    const running = await harness.start({
      control: true,
      inviteTimeoutSeconds: 60,
      reofferDelayMs: 60_000,
    });
    const agent = harness.agent();
    await agent.signIn();

    const injected = await controlPost(running, '/notifications', {
      userName: 'agent1',
      channel: '/v2/me/channels',
      data: { raw: 'over http' },
    });
    expect(injected).toEqual({ status: 200, body: { statusCode: 0, delivered: 1 } });
    await agent.waitFor((m) => m.data.raw === 'over http', 3000, 'injected');

    const email = await controlPost(running, '/emails', {
      from: 'bo@example.com',
      subject: 'Hi',
      text: 'Hello',
    });
    expect(email.status).toBe(200);
    const id = email.body.id as string;
    await agent.waitFor((m) => interactionOf(m.data).id === id, 3000, 'invite');
    const revoked = await controlPost(running, `/interactions/${encodeURIComponent(id)}/revoke`);
    expect(revoked.body).toEqual({ statusCode: 0, revoked: true });
    await agent.waitFor(
      (m) => interactionOf(m.data).id === id && interactionOf(m.data).state === 'Revoked',
      3000,
      'revoke',
    );

    const state = (await (await fetch(`${running.url}/simulator/state`)).json()) as {
      interactions: { id: string; state: string }[];
    };
    expect(state.interactions.find((interaction) => interaction.id === id)?.state).toBe('Queued');

    const stallStart = Date.now();
    expect((await controlPost(running, '/stall', { ms: 400 })).status).toBe(200);
    expect((await agent.get('/me')).status).toBe(200);
    expect(Date.now() - stallStart).toBeGreaterThanOrEqual(390);

    expect((await controlPost(running, '/cometd/drop')).body).toEqual({
      statusCode: 0,
      dropped: 1,
    });
    expect((await controlPost(running, '/sessions/expire')).body).toEqual({
      statusCode: 0,
      expired: 1,
    });
    expect((await agent.request('GET', '/me', undefined, { basic: false })).status).toBe(401);

    expect((await controlPost(running, '/restart', { downMs: 200 })).body).toEqual({
      statusCode: 0,
    });
    await until(() => running.world.interactions.has(id), 100, 'world');
    await sleep(400);
    expect((await agent.get('/me')).status).toBe(200);

    const chat = await controlPost(running, '/chats', { nickName: 'Anna', text: 'Hello' });
    const chatId = encodeURIComponent(chat.body.id as string);
    expect((await controlPost(running, `/chats/${chatId}/typing`, { typing: true })).status).toBe(
      200,
    );
    const typing = (await (
      await fetch(`${running.url}/simulator/chats/${chatId}/typing`)
    ).json()) as { notices: { userType: string; nickName: string; noticeType: string }[] };
    expect(typing.notices).toMatchObject([
      { userType: 'Client', nickName: 'Anna', noticeType: 'TypingStarted' },
    ]);
    expect((await fetch(`${running.url}/simulator/chats/nothing/typing`)).status).toBe(404);
    // The customer's own line, then the customer leaving: the transcript ends with both.
    expect(
      (await controlPost(running, `/chats/${chatId}/messages`, { text: 'Still there?' })).body,
    ).toEqual({ statusCode: 0 });
    expect((await controlPost(running, `/chats/${chatId}/leave`)).body).toEqual({ statusCode: 0 });
    const transcript = running.world.interactions.get(chat.body.id as string)?.chat?.events ?? [];
    expect(transcript.slice(-2)).toMatchObject([
      { kind: 'MESSAGE', nickName: 'Anna', text: 'Still there?' },
      { kind: 'PARTY_LEFT', nickName: 'Anna' },
    ]);

    // An administrator's new password that the user must change at the next sign-in.
    expect(
      (await controlPost(running, '/users/agent2/password', { password: 'temp', mustChange: true }))
        .body,
    ).toEqual({ statusCode: 0 });
    const newcomer = harness.agent('agent2', 'temp');
    const me = await newcomer.get('/me');
    expect((me.body.user as Record<string, unknown>).changePasswordOnFirstLogin).toBe(true);
    expect((await controlPost(running, '/users/nobody/password', { password: 'x' })).status).toBe(
      404,
    );

    expect((await controlPost(running, '/nothing')).status).toBe(404);
    expect((await controlPost(running, '/stall', { ms: -5 })).status).toBe(400);
    expect((await controlPost(running, '/notifications', { channel: '/v2/me' })).status).toBe(400);
  });
});

describe('lifecycle', () => {
  /** Open handles by kind (timers, servers, sockets), from Node's own bookkeeping. */
  function handles(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
    return counts;
  }

  it('runs several simulators at once, and close() leaves no timer or socket behind', async () => {
    await sleep(50);
    const before = handles();
    const running = await Promise.all(
      [1, 2, 3].map(() => startSimulator({ port: 0, scenario: 'demo', connectTimeoutMs: 20_000 })),
    );
    expect(new Set(running.map((one) => one.port)).size).toBe(3);
    const signedIn = running.map((one) => new TestAgent(one.apiUrl, 'agent1'));
    await Promise.all(signedIn.map((agent) => agent.signIn()));
    for (const [index, one] of running.entries()) {
      expect(one.control.injectNotification('agent1', '/v2/me/channels', { index })).toBe(1);
    }
    await Promise.all(
      signedIn.map((agent, index) =>
        agent.waitFor((message) => message.data.index === index, 2000, 'own message'),
      ),
    );
    // Leave work in flight: a stall holding a request, invites with running timers, held polls.
    running[0]?.control.stall(10_000);
    const stalled = fetch(`${running[0]?.apiUrl ?? ''}/me`).catch(() => undefined);
    await sleep(50);
    await Promise.all(running.map((one) => one.close()));
    await stalled;
    await Promise.all(signedIn.map((agent) => agent.close()));
    await sleep(100);
    const after = handles();
    for (const kind of ['Timeout', 'TCPServerWrap', 'TCPSocketWrap']) {
      const leaked = Math.max(0, (after[kind] ?? 0) - (before[kind] ?? 0));
      expect({ kind, leaked }).toEqual({ kind, leaked: 0 });
    }
  });
});
