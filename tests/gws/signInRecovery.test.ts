import { describe, it, type TestContext } from 'vitest';
import type { ConnectionStatus, GwsEvent } from '../../common/model';
import { createOperations } from '../../main/gws/operations';
import { GwsSession, type GwsSessionOptions } from '../../main/gws/session';
import { runFaultStorms } from '../../bench/faults';
import { startSimulator, type Simulator } from '../../simulator/server';

// Issue 11, item 1: the session signs in again and reconnects through every transient fault
// (network errors, 5xx, timeouts, denied handshakes) for as long as they last; only the server
// refusing the password ends it. The real client against the simulator, over real HTTP.
//
// The tests mostly wait (on outages, retries, recoveries), so they run at the same time: each
// owns its simulator and session, closed when it ends (`onTestFinished`, last registered first:
// the session signs out before its simulator closes).

type Finished = TestContext['onTestFinished'];

async function quietSimulator(onTestFinished: Finished): Promise<Simulator> {
  const simulator = await startSimulator({ port: 0, scenario: 'quiet', connectTimeoutMs: 2000 });
  onTestFinished(() => simulator.close());
  return simulator;
}

interface Recorder {
  readonly session: GwsSession;
  readonly events: GwsEvent[];
  readonly statuses: ConnectionStatus[];
  readonly log: string[];
}

function sessionFor(
  onTestFinished: Finished,
  simulator: Simulator,
  options: Partial<GwsSessionOptions> = {},
): Recorder {
  const log: string[] = [];
  const session = new GwsSession({
    serverUrl: simulator.url,
    credentials: { userName: 'agent1', password: 'demo' },
    maxBackoffMs: 300,
    log: { debug: (line) => log.push(line), warn: (line) => log.push(line) },
    ...options,
  });
  onTestFinished(() => session.signOut());
  const events: GwsEvent[] = [];
  const statuses: ConnectionStatus[] = [];
  session.onEvent((event) => events.push(event));
  session.onStatus((status) => statuses.push(status));
  return { session, events, statuses, log };
}

async function eventually<T>(
  check: () => T | undefined | false,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function signedInAndConnected(
  expect: TestContext['expect'],
  recorder: Recorder,
): Promise<void> {
  expect((await recorder.session.signIn()).ok).toBe(true);
  await eventually(() => recorder.session.status.state === 'connected', 'connected');
}

/** Makes the server forget the session so that its next handshake is denied (403). */
function expireEverySession(simulator: Simulator): void {
  simulator.control.expireHttpSessions();
  simulator.control.dropCometdSessions();
}

/** Whether an e-mail arriving now reaches the session as an invitation. */
async function emailArrives(simulator: Simulator, events: GwsEvent[], subject: string) {
  simulator.control.receiveEmail({ from: 'customer@example.com', subject, text: 'hello' });
  await eventually(
    () =>
      events.some(
        (event) => event.type === 'interactionInvited' && event.interaction.subject === subject,
      ),
    `the invitation "${subject}"`,
  );
}

describe.concurrent('signing in again after a denied handshake', () => {
  it('recovers by itself when the network fails for 1.5 s right after the denial', async ({
    expect,
    onTestFinished,
  }) => {
    const simulator = await quietSimulator(onTestFinished);
    const recorder = sessionFor(onTestFinished, simulator);
    const { session, statuses, events } = recorder;
    await signedInAndConnected(expect, recorder);
    expect((await createOperations(session.requester).setChannelReady('email')).ok).toBe(true);
    const handshakes = session.notifications?.handshakeCount ?? 0;
    const statusesBefore = statuses.length;

    // The denial tells the client to sign in again; that very moment the network goes.
    let outage: Promise<void> | undefined;
    simulator.control.afterNextDeniedHandshake(() => {
      outage = simulator.control.refuseConnections(1500);
    });
    expireEverySession(simulator);

    await eventually(() => outage, 'the outage after the denial');
    await outage;
    await eventually(
      () =>
        session.status.state === 'connected' &&
        (session.notifications?.handshakeCount ?? 0) > handshakes,
      'connected again after the outage',
    );
    const during = statuses.slice(statusesBefore).map((status) => status.state);
    expect(during).not.toContain('signedOut');
    expect(during).toContain('reconnecting');
    await emailArrives(simulator, events, 'After the blip');
  }, 30_000);

  it('keeps trying through refused connections, 503s, resets and timeouts of the sign-in', async ({
    expect,
    onTestFinished,
  }) => {
    const simulator = await quietSimulator(onTestFinished);
    const recorder = sessionFor(onTestFinished, simulator, { requestTimeoutMs: 600 });
    const { session, statuses, events, log } = recorder;
    await signedInAndConnected(expect, recorder);
    expect((await createOperations(session.requester).setChannelReady('email')).ok).toBe(true);
    const statusesBefore = statuses.length;
    const logBefore = log.length;

    let outage: Promise<void> | undefined;
    simulator.control.afterNextDeniedHandshake(() => {
      // Refused until the sign-in met a refusal, then its next requests fail one way after
      // another. (A fixed 700 ms outage could end before a loaded machine's first try.)
      simulator.control.failNextRequests(['unavailable', 'reset', 'silent', 'unavailable']);
      outage = simulator.control.refuseConnections(60_000);
    });
    expireEverySession(simulator);

    await eventually(() => outage !== undefined, 'the outage after the denial');
    await eventually(
      () => log.slice(logBefore).some((line) => line.startsWith('GET /me failed after')),
      'a sign-in refused',
    );
    simulator.control.endOutage();
    await outage;
    await eventually(() => session.status.state === 'connected', 'connected again', 20_000);
    const failedSignIns = log
      .slice(logBefore)
      .filter((line) => /^GET \/me (failed after|→ 503)/.test(line));
    // At least one refusal, plus the four failures queued after it.
    expect(failedSignIns.length).toBeGreaterThanOrEqual(5);
    expect(log.slice(logBefore).some((line) => line.includes('timeout'))).toBe(true);
    const during = statuses.slice(statusesBefore);
    expect(during.map((status) => status.state)).not.toContain('signedOut');
    // While it retries, the status says why it is not connected.
    expect(during.some((status) => status.state === 'offline')).toBe(true);
    await emailArrives(simulator, events, 'After the failures');
  }, 30_000);

  it('ends the session with one sentence when the server refuses the password', async ({
    expect,
    onTestFinished,
  }) => {
    const simulator = await quietSimulator(onTestFinished);
    const recorder = sessionFor(onTestFinished, simulator);
    const { session, statuses } = recorder;
    await signedInAndConnected(expect, recorder);

    simulator.control.setPassword('agent1', 'changed-elsewhere');
    expireEverySession(simulator);

    await eventually(() => session.status.state === 'signedOut', 'signed out');
    expect(session.status.reason).toBe(
      'The server refused the password for agent1: sign in again with the new password.',
    );
    // It stays so: no further attempt, no other reason written over the sentence.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(statuses.at(-1)).toEqual(session.status);
    expect(session.notifications?.cometdStatus ?? 'disconnected').toBe('disconnected');
  }, 30_000);
});

describe.concurrent('a fault storm against one session', () => {
  // The full run (20 storms and more) is bench (h): `npm run bench -- --only h`.
  it('8 storms of back-to-back denials, outages, restarts, drops and expiries: 0 sign-outs, 0 lines lost or duplicated', async ({
    expect,
  }) => {
    const figures = await runFaultStorms(8);

    expect(figures.signOuts).toBe(0);
    expect(figures.unrecovered).toBe(0);
    expect(figures.recoveryMs).toHaveLength(8);
    expect(figures.faults).toBe(8 * 6);
    expect(figures.linesSaid).toBe(8);
    expect(figures.linesLost).toBe(0);
    expect(figures.linesDuplicated).toBe(0);
    // Still one subscription per channel: a notification is heard once.
    expect(figures.heardAfter).toBe(1);
  }, 90_000);
});
