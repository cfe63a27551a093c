import { afterEach, describe, expect, it } from 'vitest';
import { createOperations } from '../../main/gws/operations';
import { GwsSession } from '../../main/gws/session';
import { startSimulator, type Simulator } from '../../simulator/server';

// The session tells when a gap in the link is being closed (GwsSession.onGap): the desk's
// "while you were away" summary gathers what the resync between the two phases said.

const simulators: Simulator[] = [];
const sessions: GwsSession[] = [];

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.signOut()));
  await Promise.all(simulators.splice(0).map((simulator) => simulator.close()));
});

async function signedIn(): Promise<{ simulator: Simulator; session: GwsSession; log: string[] }> {
  const simulator = await startSimulator({
    port: 0,
    scenario: 'quiet',
    reofferDelayMs: 60_000,
    inviteTimeoutSeconds: 60,
  });
  simulators.push(simulator);
  const session = new GwsSession({
    serverUrl: simulator.url,
    credentials: { userName: 'agent1', password: 'demo' },
    maxBackoffMs: 300,
  });
  sessions.push(session);
  const log: string[] = [];
  session.onEvent((event) => {
    log.push(event.type === 'interactionRevoked' ? `revoked ${event.interactionId}` : event.type);
  });
  session.onGap((phase) => log.push(`gap ${phase}`));
  const signed = await session.signIn();
  expect(signed.ok).toBe(true);
  return { simulator, session, log };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('closing a gap', () => {
  it('brackets the resync after a restart, its withdrawal inside', async () => {
    const { simulator, session, log } = await signedIn();
    expect((await createOperations(session.requester).setReady()).ok).toBe(true);
    const id = simulator.control.receiveEmail({ from: 'a@example.com', subject: 'S', text: 'T' });
    await until(() => session.interactions.get(id)?.state === 'Invited', 'the invitation');
    const signInLog = log.length;
    expect(log).not.toContain('gap resyncing');

    await simulator.control.restart(300, { forgetAgents: true });
    await until(() => log.includes('gap resynced'), 'the resync after the restart');

    const gap = log.slice(signInLog);
    const start = gap.indexOf('gap resyncing');
    const end = gap.indexOf('gap resynced');
    expect(start).toBeGreaterThanOrEqual(0);
    expect(gap.indexOf(`revoked ${id}`)).toBeGreaterThan(start);
    expect(gap.indexOf(`revoked ${id}`)).toBeLessThan(end);
    expect(gap.filter((entry) => entry === 'gap resynced')).toHaveLength(1);
  });

  it('brackets the resync of a connection check', async () => {
    const { session, log } = await signedIn();
    const checked = await session.checkConnection();
    expect(checked.ok).toBe(true);
    expect(log.slice(-1)).toEqual(['gap resynced']);
    expect(log.filter((entry) => entry.startsWith('gap'))).toEqual([
      'gap resyncing',
      'gap resynced',
    ]);
  });
});
