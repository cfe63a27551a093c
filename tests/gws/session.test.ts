import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, type ExpectStatic } from 'vitest';
import type { ConnectionStatus, GwsEvent } from '../../common/model';
import { createOperations } from '../../main/gws/operations';
import { GwsSession, type GwsSessionOptions } from '../../main/gws/session';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/server';
import { cleanupsTest, type Cleanups } from '../support/testCleanups';

// The GWS session against the simulator, in process, over real HTTP and the official CometD
// client: sign-in and sign-out, and one test per failure mode (restart, dropped CometD
// sessions, expired HTTP session, stalled responses, malformed notifications, bad password).

async function simulatorWith(
  cleanups: Cleanups,
  options: Partial<SimulatorOptions> = {},
): Promise<Simulator> {
  const simulator = await startSimulator({ port: 0, scenario: 'quiet', ...options });
  cleanups.push(() => simulator.close());
  return simulator;
}

interface Recorder {
  readonly session: GwsSession;
  readonly events: GwsEvent[];
  readonly statuses: (ConnectionStatus & { at: number })[];
}

function sessionFor(
  cleanups: Cleanups,
  simulator: Simulator,
  options: Partial<GwsSessionOptions> = {},
): Recorder {
  const session = new GwsSession({
    serverUrl: simulator.url,
    credentials: { userName: 'agent1', password: 'demo' },
    maxBackoffMs: 500,
    ...options,
  });
  cleanups.push(() => session.signOut());
  const events: GwsEvent[] = [];
  const statuses: (ConnectionStatus & { at: number })[] = [];
  session.onEvent((event) => events.push(event));
  session.onStatus((status) => statuses.push({ ...status, at: Date.now() }));
  return { session, events, statuses };
}

/** Polls until `check` holds; fails with `what` after `timeoutMs`. */
async function eventually<T>(
  check: () => T | undefined | false,
  what: string,
  timeoutMs = 8000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function invitedId(events: readonly GwsEvent[]): string | undefined {
  for (const event of events) if (event.type === 'interactionInvited') return event.interaction.id;
  return undefined;
}

/** The texts of the chat messages the session passed on, in order. */
function linesSaid(events: readonly GwsEvent[]): string[] {
  return events.flatMap((event) =>
    event.type === 'chatEventsReceived'
      ? event.events.filter((line) => line.kind === 'message').map((line) => line.text ?? '')
      : [],
  );
}

/**
 * agent1 signed in on a dialect-A simulator whose lists carry no transcripts, Ready on chat, with
 * Tom's chat accepted and his first line passed on; `onEvent` hears every event before that.
 */
async function acceptedChatWithoutListedTranscripts(
  { cleanups, expect }: { readonly cleanups: Cleanups; readonly expect: ExpectStatic },
  onEvent: (session: GwsSession, event: GwsEvent) => void = () => undefined,
): Promise<{ simulator: Simulator; session: GwsSession; events: GwsEvent[]; chatId: string }> {
  const simulator = await simulatorWith(cleanups, { dialect: 'a', transcriptsInLists: false });
  const { session, events } = sessionFor(cleanups, simulator);
  session.onEvent((event) => {
    onEvent(session, event);
  });
  expect((await session.signIn()).ok).toBe(true);
  const ops = createOperations(session.requester);
  expect((await ops.setChannelReady('chat')).ok).toBe(true);
  const chatId = simulator.control.startChat({
    customerNickName: 'Tom',
    subject: 'Parcel',
    firstMessage: 'Where is my parcel?',
  });
  await eventually(() => invitedId(events) === chatId, 'the invitation');
  expect((await ops.accept(chatId, undefined)).ok).toBe(true);
  await eventually(() => linesSaid(events).includes('Where is my parcel?'), 'the first line');
  return { simulator, session, events, chatId };
}

describe.concurrent('a chat line said while the server had forgotten the client', () => {
  cleanupsTest(
    'comes back by RequestChatHistory when the resync lists no transcript (003)',
    async ({ cleanups, expect }) => {
      const { simulator, session, events, chatId } = await acceptedChatWithoutListedTranscripts({
        cleanups,
        expect,
      });

      // The server forgets the CometD client (a 402 follows): what it says meanwhile reaches no
      // one, and the list the resync reads carries no transcript.
      expect(simulator.control.dropCometdSessions()).toBe(1);
      simulator.control.customerSays(chatId, 'Hello? Are you still there?');
      await eventually(() => session.notifications?.handshakeCount === 2, 'the second handshake');
      await eventually(
        () => linesSaid(events).includes('Hello? Are you still there?'),
        'the line said in the gap',
      );
      // Asked from the last line passed on: nothing is passed on twice.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(linesSaid(events)).toEqual(['Where is my parcel?', 'Hello? Are you still there?']);
    },
  );

  cleanupsTest(
    'comes back when another line came after the gap before the resync asked for the history',
    async ({ cleanups, expect }) => {
      const { simulator, events, chatId, session } = await acceptedChatWithoutListedTranscripts({
        cleanups,
        expect,
      });

      // The resync's reads are slow to answer (a server far away): the customer writes again on
      // the new CometD session before the resync asks for what the gap swallowed.
      const gap: string[] = [];
      session.onGap((phase) => gap.push(phase));
      simulator.control.failNextRequests(['answerLate', 'answerLate']);
      expect(simulator.control.dropCometdSessions()).toBe(1);
      simulator.control.customerSays(chatId, 'Hello? Are you still there?');
      // Subscribed again: the resync after the gap begins.
      await eventually(() => gap.includes('resyncing'), 'the resync after the gap');
      simulator.control.customerSays(chatId, 'I will wait.');
      await eventually(() => linesSaid(events).includes('I will wait.'), 'the line after the gap');
      await eventually(
        () => linesSaid(events).includes('Hello? Are you still there?'),
        'the line said in the gap',
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Each once; the transcript puts them in order by their ids.
      expect(linesSaid(events).sort()).toEqual(
        ['Where is my parcel?', 'Hello? Are you still there?', 'I will wait.'].sort(),
      );
    },
  );

  cleanupsTest(
    'comes back when the cache could not store it, whose id the session had passed on',
    async ({ cleanups, expect }) => {
      // The cache writer's word on each event: the line after `failNext` is set could not be kept.
      let failNext = false;
      const { simulator, events, chatId } = await acceptedChatWithoutListedTranscripts(
        { cleanups, expect },
        (session, event) => {
          const unstored = failNext && event.type === 'chatEventsReceived';
          if (unstored) failNext = false;
          queueMicrotask(() => {
            session.storeOutcome(
              unstored ? { unstored: [event], failure: 'disk full' } : { unstored: [] },
            );
          });
        },
      );
      failNext = true;
      simulator.control.customerSays(chatId, 'It was due on Monday.');
      // Passed on, not stored; the repair's resync reads a list without transcripts, and the
      // history passes it on again.
      await eventually(
        () => linesSaid(events).filter((text) => text === 'It was due on Monday.').length === 2,
        'the line passed on again',
      );
      expect(linesSaid(events)).toEqual([
        'Where is my parcel?',
        'It was due on Monday.',
        'Where is my parcel?',
        'It was due on Monday.',
      ]);
    },
  );
});

describe.concurrent(
  'a chat that comes back into the hands of the agent without its lines (003)',
  () => {
    cleanupsTest(
      'a chat pulled back from a workbin: the line the customer wrote while it was parked comes by RequestChatHistory',
      async ({ cleanups, expect }) => {
        const { simulator, session, events, chatId } = await acceptedChatWithoutListedTranscripts({
          cleanups,
          expect,
        });
        const ops = createOperations(session.requester);
        expect((await ops.placeInWorkbin(chatId, 'TestWorkbin')).ok).toBe(true);
        await eventually(
          () =>
            events.some(
              (event) => event.type === 'interactionEnded' && event.interactionId === chatId,
            ),
          'the chat placed in the workbin',
        );
        simulator.control.customerSays(chatId, 'Are you still there?');
        const told = events.length;
        expect((await ops.pullInteractionFromWorkbin('TestWorkbin', chatId)).ok).toBe(true);
        // 003's notifications carry only new lines: the Pulled one carries none.
        await eventually(
          () =>
            events
              .slice(told)
              .some(
                (event) =>
                  event.type === 'interactionUpdated' &&
                  event.interaction.id === chatId &&
                  event.interaction.state === 'Pulled',
              ),
          'the chat pulled back',
        );
        await eventually(
          () => linesSaid(events).includes('Are you still there?'),
          'the line written while the chat was parked',
        );
      },
    );
  },
);

describe.concurrent.each(['a', 'b'] as const)('GWS session, dialect %s', (dialect) => {
  cleanupsTest(
    'signs in (GET /me, handshake, StartContactCenterSession, channels) and out',
    async ({ cleanups, expect }) => {
      const simulator = await simulatorWith(cleanups, { dialect });
      const { session, events, statuses } = sessionFor(cleanups, simulator);

      const signedIn = await session.signIn();

      expect(signedIn.ok).toBe(true);
      if (!signedIn.ok) return;
      expect(signedIn.value.agent.userName).toBe('agent1');
      expect(signedIn.value.channels.map((channel) => [channel.channel, channel.state])).toEqual([
        ['email', 'NotReady'],
        ['chat', 'NotReady'],
      ]);
      expect(simulator.world.agent('agent1').sessionStarted).toBe(true);
      await eventually(() => session.status.state === 'connected', 'connected');
      expect(statuses.map((status) => status.state)).toContain('connecting');
      expect(events.some((event) => event.type === 'channelStateChanged')).toBe(true);

      await session.signOut();
      expect(simulator.world.agent('agent1').sessionStarted).toBe(false);
      expect(session.status.state).toBe('signedOut');
    },
  );

  cleanupsTest(
    "starts the contact-center session again on the sign-in's channels, but not once signing out began",
    async ({ cleanups, expect }) => {
      const simulator = await simulatorWith(cleanups, { dialect });
      const { session } = sessionFor(cleanups, simulator);
      expect((await session.signIn()).ok).toBe(true);
      // The server lost it (a session timeout): the agent, choosing a state, starts it again.
      expect(simulator.control.expireAgentSessions()).toBe(1);
      expect(simulator.world.agent('agent1').sessionStarted).toBe(false);
      expect((await session.startContactCenterSessionAgain()).ok).toBe(true);
      expect(simulator.world.agent('agent1').sessionStarted).toBe(true);
      // A state chosen as the sign-out ends the session (the tray's Ready in that window) starts
      // none: it would outlive the sign-out, the agent logged in with no desk.
      const signingOut = session.signOut();
      expect(await session.startContactCenterSessionAgain()).toMatchObject({
        ok: false,
        error: { kind: 'unauthorized', message: 'Signing out' },
      });
      await signingOut;
      expect(simulator.world.agent('agent1').sessionStarted).toBe(false);
    },
  );

  cleanupsTest(
    'never writes the password or the Authorization header to its log',
    async ({ cleanups, expect }) => {
      const simulator = await simulatorWith(cleanups, { dialect });
      const lines: string[] = [];
      const log = {
        debug: (line: string) => lines.push(line),
        warn: (line: string) => lines.push(line),
      };
      const { session } = sessionFor(cleanups, simulator, {
        log,
        credentials: { userName: 'agent1', password: 'demo' },
      });

      expect((await session.signIn()).ok).toBe(true);
      simulator.control.expireHttpSessions();
      expect((await session.checkConnection()).ok).toBe(true);
      await session.signOut();

      expect(lines.length).toBeGreaterThan(5);
      const everything = lines.join('\n');
      expect(everything).not.toContain('demo');
      expect(everything).not.toMatch(/basic|authorization/i);
      expect(everything).not.toContain(Buffer.from('agent1:demo').toString('base64'));
    },
  );

  cleanupsTest(
    'reports a refused password as unauthorized and stays signed out',
    async ({ cleanups, expect }) => {
      const simulator = await simulatorWith(cleanups, { dialect });
      const { session } = sessionFor(cleanups, simulator, {
        credentials: { userName: 'agent1', password: 'wrong' },
      });

      const signedIn = await session.signIn();

      expect(signedIn).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
      expect(session.status.state).toBe('signedOut');
    },
  );
});

describe.concurrent('a server that checks every CometD request (strictNotifications)', () => {
  cleanupsTest(
    'carries the CSRF token on every long poll, and renews the HTTP session a poll was refused for',
    async ({ cleanups, expect }) => {
      const simulator = await simulatorWith(cleanups, {
        strictNotifications: true,
        connectTimeoutMs: 1000,
      });
      const { session, events, statuses } = sessionFor(cleanups, simulator);
      const gaps: string[] = [];
      session.onGap((phase) => gaps.push(phase));
      expect((await session.signIn()).ok).toBe(true);
      expect((await createOperations(session.requester).setChannelReady('email')).ok).toBe(true);
      const invited = (id: string) => () =>
        events.some((event) => event.type === 'interactionInvited' && event.interaction.id === id);
      const first = simulator.control.receiveEmail({
        from: 'a@example.com',
        subject: 'One',
        text: 'T',
      });
      await eventually(invited(first), 'the first invitation');

      // The HTTP session expires, its CSRF token with it: a long poll is refused (403), and the
      // session renewed for the next one, on the same CometD session.
      expect(simulator.control.expireHttpSessions()).toBeGreaterThan(0);
      await eventually(
        () => statuses.some((status) => status.reason === 'HTTP 403'),
        'a long poll refused',
      );
      const second = simulator.control.receiveEmail({
        from: 'b@example.com',
        subject: 'Two',
        text: 'T',
      });
      await eventually(invited(second), 'the invitation after the renewal');
      expect(session.notifications?.handshakeCount).toBe(1);
      await eventually(() => session.status.state === 'connected', 'connected again');
      // What the lapse may have hidden is read again, as for any gap.
      await eventually(() => gaps.includes('resynced'), 'the resync after the renewal');
      expect(gaps).toEqual(['resyncing', 'resynced']);
    },
  );
});

describe('GWS session recovery', () => {
  // Its tests that bound the time a recovery takes (wall-clock time, which tests beside them on
  // one event loop stretch on a loaded machine) run alone, after the others, which run at once.
  cleanupsTest.concurrent(
    're-handshakes once after its CometD session is dropped (402) and resyncs',
    async ({ cleanups, expect }) => {
      const simulator = await simulatorWith(cleanups);
      const { session, events } = sessionFor(cleanups, simulator);
      expect((await session.signIn()).ok).toBe(true);
      await eventually(() => session.status.state === 'connected', 'connected');
      const before = events.length;

      expect(simulator.control.dropCometdSessions()).toBe(1);

      await eventually(() => session.notifications?.handshakeCount === 2, 'the second handshake');
      await eventually(
        () => events.slice(before).some((event) => event.type === 'channelStateChanged'),
        'the resync',
      );
      expect(
        [...(session.notifications?.subscribeCounts.values() ?? [])].every((count) => count === 2),
      ).toBe(true);
    },
  );

  cleanupsTest.concurrent(
    'signs in again once when the HTTP session expired, and the operation goes through',
    async ({ cleanups, expect }) => {
      const simulator = await simulatorWith(cleanups);
      const { session } = sessionFor(cleanups, simulator);
      expect((await session.signIn()).ok).toBe(true);

      expect(simulator.control.expireHttpSessions()).toBeGreaterThan(0);
      const ready = await createOperations(session.requester).setChannelReady('chat');

      expect(ready.ok).toBe(true);
      expect(simulator.world.agent('agent1').channels.get('chat')?.state).toBe('Ready');
    },
  );

  cleanupsTest.concurrent(
    'checkConnection (on OS resume) renews a lapsed session, reconnects and resyncs',
    async ({ cleanups, expect }) => {
      const simulator = await simulatorWith(cleanups);
      const { session, events } = sessionFor(cleanups, simulator);
      expect((await session.signIn()).ok).toBe(true);
      await eventually(() => session.status.state === 'connected', 'connected');
      simulator.control.expireHttpSessions();
      // Work that arrived while the machine slept, announced to nobody.
      await createOperations(session.requester).setChannelReady('email');
      const before = events.length;

      expect((await session.checkConnection()).ok).toBe(true);

      expect(events.slice(before).some((event) => event.type === 'channelStateChanged')).toBe(true);
      expect(session.status.state).toBe('connected');
    },
  );

  cleanupsTest.concurrent(
    'checkConnection answers as signed out when a sign-out comes while it asks the server',
    async ({ cleanups, expect }) => {
      const simulator = await simulatorWith(cleanups);
      const { session } = sessionFor(cleanups, simulator);
      expect((await session.signIn()).ok).toBe(true);
      await eventually(() => session.status.state === 'connected', 'connected');

      // The agent signs out (or quits) while a network change's check waits for its GET /me.
      const checking = session.checkConnection();
      await session.signOut();

      await expect(checking).resolves.toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
      expect(session.status.state).toBe('signedOut');
    },
  );

  cleanupsTest.concurrent(
    'skips malformed notifications without throwing or losing the connection',
    async ({ cleanups, expect }) => {
      const simulator = await simulatorWith(cleanups);
      const { session, events } = sessionFor(cleanups, simulator);
      expect((await session.signIn()).ok).toBe(true);
      await eventually(() => session.status.state === 'connected', 'connected');

      for (const junk of [
        null,
        42,
        'text',
        [],
        { messageType: 'InteractionStateMessage' },
        { interaction: 7 },
      ]) {
        simulator.control.injectNotification('agent1', '/v2/me/interactions', junk);
      }
      simulator.control.receiveEmail({
        from: 'a@example.com',
        subject: 'After the junk',
        text: '.',
      });
      await createOperations(session.requester).setChannelReady('email');

      await eventually(() => invitedId(events), 'an invite after the junk');
      const skipped = [...session.skippedNotifications.values()].reduce(
        (sum, count) => sum + count,
        0,
      );
      expect(skipped).toBeGreaterThan(0);
      expect(session.status.state).toBe('connected');
    },
  );

  cleanupsTest(
    'is connected again within 6 s of a restarted server coming back, and resync reports the revoke',
    async ({ cleanups, expect }) => {
      const simulator = await simulatorWith(cleanups, { connectTimeoutMs: 2000 });
      // The production back-off (maxBackoff 5 s): the acceptance bound is for it.
      const { session, events } = sessionFor(cleanups, simulator, { maxBackoffMs: 5000 });
      expect((await session.signIn()).ok).toBe(true);
      await createOperations(session.requester).setChannelReady('email');
      simulator.control.receiveEmail({
        from: 'customer@example.com',
        subject: 'Gap test',
        text: 'hello',
      });
      const id = await eventually(() => invitedId(events), 'the invite');

      const restarting = simulator.control.restart(1500);
      await new Promise((resolve) => setTimeout(resolve, 200));
      // While the server is down the invite goes away; only resync can tell the client.
      expect(simulator.control.revoke(id)).toBe(true);
      await restarting;
      const backAt = Date.now();

      await eventually(
        () =>
          events.some((event) => event.type === 'interactionRevoked' && event.interactionId === id),
        'the revoke found by resync',
      );
      await eventually(() => session.status.state === 'connected', 'connected again');
      expect(Date.now() - backAt).toBeLessThan(6000);
      expect(session.notifications?.handshakeCount).toBeGreaterThanOrEqual(2);
    },
  );

  cleanupsTest(
    'after 20 restarts has exactly one subscription per channel',
    async ({ cleanups, expect }) => {
      const simulator = await simulatorWith(cleanups, { connectTimeoutMs: 1000 });
      const { session, events } = sessionFor(cleanups, simulator, { maxBackoffMs: 200 });
      expect((await session.signIn()).ok).toBe(true);
      await eventually(() => session.status.state === 'connected', 'connected');

      const reconnectMs: number[] = [];
      for (let restart = 1; restart <= 20; restart += 1) {
        const handshakes = session.notifications?.handshakeCount ?? 0;
        const restartedAt = Date.now();
        await simulator.control.restart(50);
        await eventually(
          () => (session.notifications?.handshakeCount ?? 0) > handshakes,
          `re-handshake ${restart}`,
        );
        await eventually(
          () => session.status.state === 'connected',
          `connected after restart ${restart}`,
        );
        reconnectMs.push(Date.now() - restartedAt);
      }
      // The back-off keeps to its 200 ms maximum: a restart costs its 50 ms outage and a retry or
      // two. (The CometD client's back-off grows by 1 s steps; unbounded, each took ~1,020 ms.)
      const median = reconnectMs.sort((a, b) => a - b)[reconnectMs.length / 2];
      expect(median).toBeLessThan(700);

      const counts = session.notifications?.subscribeCounts;
      const handshakes = session.notifications?.handshakeCount ?? 0;
      expect(handshakes).toBeGreaterThanOrEqual(21);
      // One subscribe per channel per handshake, never more.
      for (const count of counts?.values() ?? []) expect(count).toBe(handshakes);
      // And the server sees one session, which hears a notification once.
      const before = events.length;
      const delivered = await eventually(() => {
        const count = simulator.control.injectNotification('agent1', '/v2/me/channels', {
          channels: [{ channel: 'chat', userState: { state: 'Ready', displayName: 'Ready' } }],
        });
        return count > 0 ? count : undefined;
      }, 'a subscribed session');
      expect(delivered).toBe(1);
      await eventually(() => events.length > before, 'the injected notification');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(
        events.slice(before).filter((event) => event.type === 'channelStateChanged'),
      ).toHaveLength(1);
    },
    60_000,
  );

  cleanupsTest(
    'notices stalled responses within the server timeout plus maxNetworkDelay',
    async ({ cleanups, expect }) => {
      const simulator = await simulatorWith(cleanups, { connectTimeoutMs: 1500 });
      const { session, statuses } = sessionFor(cleanups, simulator, { maxNetworkDelayMs: 1000 });
      expect((await session.signIn()).ok).toBe(true);
      await eventually(() => session.status.state === 'connected', 'connected');

      const stalledAt = Date.now();
      simulator.control.stall(6000);

      const lost = await eventually(
        () => statuses.find((status) => status.at >= stalledAt && status.state !== 'connected'),
        'the stall to be noticed',
      );
      // A poll already held when the stall began is answered at the server timeout (1.5 s); the
      // next one is stalled and given up after the timeout plus maxNetworkDelay (2.5 s); 1 s of
      // slack for a loaded machine. Undetected, the change would come only when the stall ends (6 s).
      expect(lost.at - stalledAt).toBeLessThanOrEqual(1500 + 1500 + 1000 + 1000);
      await eventually(
        () => session.status.state === 'connected',
        'connected after the stall',
        15_000,
      );
    },
    30_000,
  );
});

describe('a web server that is not GWS answering the sign-in', () => {
  const pages: Server[] = [];
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((page) => new Promise((resolve) => page.close(resolve))));
  });

  it.each([
    [
      'an HTML page',
      200,
      { 'content-type': 'text/html; charset=utf-8' },
      '<!doctype html><title>Intranet</title><p>Welcome',
    ],
    [
      'JSON of another shape',
      200,
      { 'content-type': 'application/json' },
      '{"status":"ok","version":"2.4.1"}',
    ],
    ['an empty answer', 200, { 'content-type': 'application/json' }, ''],
    // A single sign-on proxy's login page on the same server.
    ['a redirect', 302, { location: '/sso/login?back=%2Fapi%2Fv2%2Fme' }, ''],
  ])(
    'says %s as a wrong address (serverNotGws), not as something gone wrong',
    async (_what, status, headers, text) => {
      const page = createServer((_request, response) => {
        response.writeHead(status, headers);
        response.end(text);
      });
      pages.push(page);
      await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
      const { port } = page.address() as AddressInfo;
      const session = new GwsSession({
        serverUrl: `http://127.0.0.1:${port}`,
        credentials: { userName: 'agent1', password: 'demo' },
      });

      const signedIn = await session.signIn();

      expect(signedIn).toMatchObject({
        ok: false,
        error: { kind: 'notFound', code: 'serverNotGws' },
      });
      expect(session.status.state).toBe('signedOut');
    },
  );

  it('names the address a redirect to another one leads to (an http: address answered with its https: one)', async () => {
    const page = createServer((request, response) => {
      response.writeHead(301, { location: `https://127.0.0.1:8443${request.url ?? '/'}` });
      response.end();
    });
    pages.push(page);
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    const { port } = page.address() as AddressInfo;
    const session = new GwsSession({
      serverUrl: `http://127.0.0.1:${port}`,
      credentials: { userName: 'agent1', password: 'demo' },
    });

    const signedIn = await session.signIn();

    expect(signedIn).toMatchObject({
      ok: false,
      error: {
        kind: 'notFound',
        code: 'serverRedirects',
        params: { origin: 'https://127.0.0.1:8443' },
      },
    });
    expect(session.status.state).toBe('signedOut');
  });
});
