import { connect, createServer, type Socket } from 'node:net';
import { afterEach, describe, vi, type ExpectStatic } from 'vitest';
import type { ConnectionState, GwsEvent } from '../../common/model';
import { createOperations } from '../../main/gws/operations';
import { GwsSession } from '../../main/gws/session';
import { startSimulator, type Simulator } from '../../simulator/server';
import { cleanupsTest, type Cleanups } from '../support/testCleanups';

// A laptop asleep for a night, for the GWS session against the simulator over real HTTP and the
// official CometD client. Asleep, the machine's connections die without a word (a relay between
// the two stops passing bytes) and its wall clock jumps on while its timers, which count awake
// time, stand still (Date.now jumps; no timer runs); the server forgets the session meanwhile.

const HOUR = 3_600_000;

interface Relay {
  /** The simulator's URL through the relay. */
  readonly url: string;
  /**
   * The connections open now die, as a sleeping machine's do: a request under way never hears
   * its answer, one sent on them later is reset. New connections work.
   */
  sleep(): void;
  /**
   * The connections open now go silent, as they do on a network changed during sleep or behind
   * a NAT that forgot them: nothing passes either way, nothing is reset or closed. New
   * connections work.
   */
  silence(): void;
  /**
   * The connections open now are reset, and so are the next `count - 1` made (at their first
   * request): that many requests fail on the network, as a flaky Wi-Fi's do.
   */
  cut(count: number): void;
  /**
   * `hook` sees each chunk the server sends, before it is passed on (a test's way to act at the
   * very moment an answer leaves the server); undefined stops it.
   */
  onAnswer(hook: ((chunk: string) => void) | undefined): void;
  close(): Promise<void>;
}

/** A TCP relay to `target` (the simulator's URL). */
async function relayTo(target: string): Promise<Relay> {
  const { hostname, port, pathname } = new URL(target);
  const live = new Set<Socket>();
  const asleep = new Set<Socket>();
  const silent = new Set<Socket>();
  let cutsLeft = 0;
  let answerHook: ((chunk: string) => void) | undefined;
  const server = createServer((inbound) => {
    if (cutsLeft > 0) {
      cutsLeft -= 1;
      inbound.on('error', () => undefined);
      inbound.once('data', () => {
        inbound.resetAndDestroy();
      });
      return;
    }
    const outbound = connect(Number(port), hostname);
    // Asleep, what the server sends is lost; what the machine sends after waking meets a
    // connection the server closed meanwhile, and is reset.
    inbound.on('data', () => {
      if (asleep.has(inbound)) inbound.resetAndDestroy();
    });
    for (const socket of [inbound, outbound]) {
      live.add(socket);
      socket.on('error', () => {
        // A silent connection passes on nothing, not even its end.
        if (silent.has(socket)) return;
        inbound.destroy();
        outbound.destroy();
      });
      socket.on('close', () => {
        live.delete(socket);
      });
    }
    inbound.pipe(outbound);
    outbound.on('data', (chunk: Buffer) => {
      answerHook?.(chunk.toString('latin1'));
    });
    outbound.pipe(inbound);
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('relay not listening');
  return {
    url: `http://127.0.0.1:${address.port}${pathname}`,
    sleep: () => {
      for (const socket of live) {
        socket.unpipe();
        asleep.add(socket);
        // Reading on, to hear what the machine sends after waking.
        socket.resume();
      }
      live.clear();
    },
    silence: () => {
      for (const socket of live) {
        socket.unpipe();
        silent.add(socket);
        // Swallowing what arrives, answering nothing.
        socket.resume();
      }
      live.clear();
    },
    cut: (count) => {
      for (const socket of live) socket.resetAndDestroy();
      live.clear();
      cutsLeft = count - 1;
    },
    onAnswer: (hook) => {
      answerHook = hook;
    },
    close: async () => {
      for (const socket of [...live, ...asleep, ...silent]) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

/** A session signed in through a relay to a quiet simulator, its channel ready, polling. */
async function signedInThroughRelay(cleanups: Cleanups, expect: ExpectStatic) {
  const simulator = await startSimulator({ port: 0, scenario: 'quiet' });
  cleanups.push(() => simulator.close());
  const relay = await relayTo(simulator.url);
  cleanups.push(() => relay.close());
  const session = new GwsSession({
    serverUrl: relay.url,
    credentials: { userName: 'agent1', password: 'demo' },
    maxBackoffMs: 500,
  });
  cleanups.push(() => session.signOut());
  const events: GwsEvent[] = [];
  session.onEvent((event) => events.push(event));
  const states: ConnectionState[] = [];
  session.onStatus((status) => states.push(status.state));
  expect((await session.signIn()).ok).toBe(true);
  expect((await createOperations(session.requester).setChannelReady('chat')).ok).toBe(true);
  await vi.waitFor(() => {
    expect(session.status.state).toBe('connected');
  });
  // The long poll that follows the channel's notification, parked at the server, is under way
  // when the lid shuts, and the connection that carried REST's last request is still pooled.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return { simulator, relay, session, events, states };
}

/**
 * The night passes: the server forgets the session, and the wall clock jumps 8 hours while no
 * timer runs. Answers the woken clock's time.
 */
function nightPasses(simulator: Simulator): number {
  simulator.control.dropCometdSessions();
  simulator.control.expireHttpSessions();
  const realNow = Date.now.bind(Date);
  vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 8 * HOUR);
  return Date.now();
}

/** Waits until `events` has the invitation to `chatId`, at most `timeout` ms. */
async function invited(
  expect: ExpectStatic,
  events: readonly GwsEvent[],
  chatId: string,
  timeout: number,
) {
  await vi.waitFor(
    () => {
      expect(
        events.some(
          (event) => event.type === 'interactionInvited' && event.interaction.id === chatId,
        ),
      ).toBe(true);
    },
    { timeout, interval: 50 },
  );
}

function startChat(simulator: Simulator): string {
  return simulator.control.startChat({
    customerNickName: 'Tom Baker',
    subject: 'Order 1234 is late',
    firstMessage: 'Hello?',
  });
}

describe('A session on a laptop that slept for 8 hours', () => {
  cleanupsTest(
    'hears the invitation offered at waking at once, not after its dead long poll times out',
    async ({ cleanups, expect }) => {
      const { simulator, relay, session, events } = await signedInThroughRelay(cleanups, expect);

      relay.sleep();
      const wokeAt = nightPasses(simulator);

      // powerMonitor's `resume`.
      await session.checkConnection();
      const chatId = startChat(simulator);
      // Far less than the poll's 25 s and the client's 10 s network delay.
      await invited(expect, events, chatId, 5_000);
      expect(Date.now() - wokeAt).toBeLessThan(5_000);
      expect(session.status.state).toBe('connected');
    },
    20_000,
  );

  cleanupsTest(
    'is listening again within seconds when its pooled connections went silent, not reset',
    async ({ cleanups, expect }) => {
      // A network changed during sleep (home Wi-Fi, then the office LAN), or a NAT that dropped
      // idle connections without a word: a request sent on a pooled connection hears nothing,
      // ever. Neither REST's `GET /me` (15 s timeout) nor the fresh long poll (10 s network delay
      // past the server's 25 s) may wait on one.
      const { simulator, relay, session, events } = await signedInThroughRelay(cleanups, expect);

      relay.silence();
      const wokeAt = nightPasses(simulator);

      const checked = await session.checkConnection();
      expect(checked.ok).toBe(true);
      expect(Date.now() - wokeAt).toBeLessThan(3_000);
      const chatId = startChat(simulator);
      await invited(expect, events, chatId, 3_000);
      expect(Date.now() - wokeAt).toBeLessThan(5_000);
      expect(session.status.state).toBe('connected');
    },
    30_000,
  );

  cleanupsTest(
    'does not flash offline on the way back (the poll after the dropped one met a dead pooled connection)',
    async ({ cleanups, expect }) => {
      const { simulator, relay, session, events, states } = await signedInThroughRelay(
        cleanups,
        expect,
      );
      const before = states.length;

      relay.sleep();
      nightPasses(simulator);
      await session.checkConnection();
      const chatId = startChat(simulator);
      await invited(expect, events, chatId, 5_000);

      expect(states.slice(before)).not.toContain('offline');
      expect(session.status.state).toBe('connected');
    },
    20_000,
  );
});

describe('A session on a laptop that slept for a minute', () => {
  cleanupsTest(
    'hears the next invitation at once when its long poll went silent, not after the poll times out',
    async ({ cleanups, expect }) => {
      // A short sleep, shorter than one long poll: the server kept the session, the wall clock
      // moved on less than a poll's 35 s, but the network changed meanwhile, so the poll under way
      // waits on a connection that passes nothing. The poll's own timer would notice only after
      // the server's timeout plus the network delay.
      const { simulator, relay, session, events, states } = await signedInThroughRelay(
        cleanups,
        expect,
      );
      const before = states.length;

      relay.silence();
      const wokeAt = Date.now();
      // powerMonitor's `resume`.
      expect((await session.checkConnection()).ok).toBe(true);
      const chatId = startChat(simulator);
      await invited(expect, events, chatId, 5_000);

      expect(Date.now() - wokeAt).toBeLessThan(5_000);
      expect(session.status.state).toBe('connected');
      // The poll the desk dropped itself is no failure: the tray never said `reconnecting`.
      expect(states.slice(before)).toEqual([]);
    },
    20_000,
  );
});

describe.concurrent('A session whose server asks it to handshake again', () => {
  cleanupsTest(
    'stays reconnecting, not offline, through two failed polls and the 402 of a server that forgot it',
    async ({ cleanups, expect }) => {
      // The laptop woke on a flaky network: two polls die on it, and the third reaches a server
      // that forgot the session meanwhile. Three failed connects, but the last is the way back.
      const { simulator, relay, session, events, states } = await signedInThroughRelay(
        cleanups,
        expect,
      );
      const before = states.length;
      const handshakes = session.notifications?.handshakeCount ?? 0;

      relay.cut(2);
      simulator.control.dropCometdSessions();
      const chatId = startChat(simulator);
      await invited(expect, events, chatId, 5_000);

      expect(session.notifications?.handshakeCount).toBe(handshakes + 1);
      expect(states.slice(before)).toContain('reconnecting');
      expect(states.slice(before)).not.toContain('offline');
      expect(session.status.state).toBe('connected');
    },
    20_000,
  );

  cleanupsTest(
    'still goes offline when the server forgets every session it opens',
    async ({ cleanups, expect }) => {
      const { simulator, relay, session, states } = await signedInThroughRelay(cleanups, expect);
      const before = states.length;

      // Each handshake's answer leaves a server that has already forgotten it: every connect is
      // answered 402, for as long as this lasts.
      relay.onAnswer((chunk) => {
        if (chunk.includes('"/meta/handshake"')) simulator.control.dropCometdSessions();
      });
      simulator.control.dropCometdSessions();
      await vi.waitFor(
        () => {
          expect(session.status.state).toBe('offline');
        },
        { timeout: 5_000, interval: 20 },
      );
      expect(session.status.reason).toBe('402::session_unknown');

      relay.onAnswer(undefined);
      await vi.waitFor(
        () => {
          expect(session.status.state).toBe('connected');
        },
        { timeout: 5_000, interval: 20 },
      );
      expect(states.slice(before)).toEqual(['reconnecting', 'offline', 'connected']);
    },
    20_000,
  );

  cleanupsTest(
    'goes offline when the network fails the handshake a 402 asked for, and comes back',
    async ({ cleanups, expect }) => {
      const { simulator, relay, session, events, states } = await signedInThroughRelay(
        cleanups,
        expect,
      );
      const before = states.length;

      // The server answers 402 and goes away at once: the 402 reaches the client, its handshakes
      // do not reach the server.
      let outage: Promise<void> | undefined;
      relay.onAnswer((chunk) => {
        if (outage === undefined && chunk.includes('402::session_unknown'))
          outage = simulator.control.refuseConnections(20_000);
      });
      simulator.control.dropCometdSessions();
      await vi.waitFor(
        () => {
          expect(session.status.state).toBe('offline');
        },
        { timeout: 5_000, interval: 20 },
      );
      expect(outage).toBeDefined();

      simulator.control.endOutage();
      await outage;
      const chatId = startChat(simulator);
      await invited(expect, events, chatId, 5_000);
      expect(session.status.state).toBe('connected');
      expect(states.slice(before)).toEqual(['reconnecting', 'offline', 'connected']);
    },
    20_000,
  );
});
