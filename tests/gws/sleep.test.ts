import { connect, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GwsEvent } from '../../common/model';
import { createOperations } from '../../main/gws/operations';
import { GwsSession } from '../../main/gws/session';
import { startSimulator } from '../../simulator/server';

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
  close(): Promise<void>;
}

/** A TCP relay to `target` (the simulator's URL). */
async function relayTo(target: string): Promise<Relay> {
  const { hostname, port, pathname } = new URL(target);
  const live = new Set<Socket>();
  const asleep = new Set<Socket>();
  const server = createServer((inbound) => {
    const outbound = connect(Number(port), hostname);
    // Asleep, what the server sends is lost; what the machine sends after waking meets a
    // connection the server closed meanwhile, and is reset.
    inbound.on('data', () => {
      if (asleep.has(inbound)) inbound.resetAndDestroy();
    });
    for (const socket of [inbound, outbound]) {
      live.add(socket);
      socket.on('error', () => {
        inbound.destroy();
        outbound.destroy();
      });
      socket.on('close', () => {
        live.delete(socket);
      });
    }
    inbound.pipe(outbound);
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
    close: async () => {
      for (const socket of [...live, ...asleep]) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('A session on a laptop that slept for 8 hours', () => {
  it('hears the invitation offered at waking at once, not after its dead long poll times out', async () => {
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
    expect((await session.signIn()).ok).toBe(true);
    expect((await createOperations(session.requester).setChannelReady('chat')).ok).toBe(true);
    await vi.waitFor(() => {
      expect(session.status.state).toBe('connected');
    });
    // The long poll that follows the channel's notification, parked at the server, is under way
    // when the lid shuts.
    await new Promise((resolve) => setTimeout(resolve, 500));

    relay.sleep();
    simulator.control.dropCometdSessions();
    simulator.control.expireHttpSessions();
    const wokeAt = Date.now() + 8 * HOUR;
    const realNow = Date.now.bind(Date);
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 8 * HOUR);

    // powerMonitor's `resume`.
    await session.checkConnection();
    const chatId = simulator.control.startChat({
      customerNickName: 'Tom Baker',
      subject: 'Order 1234 is late',
      firstMessage: 'Hello?',
    });
    // Far less than the poll's 25 s and the client's 10 s network delay.
    await vi.waitFor(
      () => {
        expect(
          events.some(
            (event) => event.type === 'interactionInvited' && event.interaction.id === chatId,
          ),
        ).toBe(true);
      },
      { timeout: 5_000, interval: 50 },
    );
    expect(Date.now() - wokeAt).toBeLessThan(5_000);
    expect(session.status.state).toBe('connected');
  }, 20_000);
});
