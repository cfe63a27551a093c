import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../cache/database';
import { CacheStore } from '../cache/store';
import { workingVault } from '../../tests/support/deskPorts';
import { useSimulator } from '../../tests/support/simulatorHarness';
import type { Simulator } from '../../simulator/server';
import { AccountMemory } from './accountMemory';
import { DeskSession } from './deskSession';

// The session service against the real simulator and a real cache file: what it tells the
// composition (hooks), in which order, and what it remembers.

const harness = useSimulator();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined };

function deskSessionOn(simulator: Simulator) {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-session-'));
  const store = new CacheStore(openDatabase(join(dataDir, 'cache.sqlite')));
  const memory = new AccountMemory(store, workingVault(), quiet);
  const heard: string[] = [];
  const session = new DeskSession({
    dataDir,
    store,
    memory,
    searchWorker: Promise.resolve(undefined),
    startDemo: () =>
      Promise.resolve({
        serverUrl: simulator.url,
        userName: 'agent1',
        password: 'demo',
        close: () => Promise.resolve(),
      }),
    session: { requestTimeoutMs: 2_000, maxBackoffMs: 200 },
    log: quiet,
    hooks: {
      workstationOpened: () => {
        heard.push('workstationOpened');
        return [];
      },
      sessionOpened: () => {
        heard.push('sessionOpened');
        return [];
      },
      signedIn: () => heard.push('signedIn'),
      status: (status) => heard.push(`status:${status.state}`),
      dropped: () => heard.push('dropped'),
      changed: () => heard.push('changed'),
    },
  });
  cleanups.push(async () => {
    await session.close();
    store.db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { session, memory, heard };
}

describe('DeskSession', () => {
  it('opens the demo account at start, signs in and out, and tells the composition in order', async () => {
    const simulator = await harness.start();
    const { session, memory, heard } = deskSessionOn(simulator);
    await session.start();
    expect(heard).toEqual(['workstationOpened']);
    expect(session.state()).toMatchObject({ demo: true, userName: 'agent1', demoPassword: 'demo' });

    const state = await session.signIn({
      serverUrl: simulator.url,
      userName: 'agent1',
      password: 'demo',
      remember: true,
    });
    expect(state.connection.state).toBe('connected');
    expect(state.passwordRemembered).toBe(true);
    expect(session.signedIn).toBe(true);
    expect(heard.slice(0, 3)).toEqual(['workstationOpened', 'sessionOpened', 'status:connecting']);
    expect(heard.indexOf('signedIn')).toBeGreaterThan(heard.indexOf('status:connected'));
    expect(memory.lastAccount()).toMatchObject({ userName: 'agent1', demo: true });

    heard.length = 0;
    await session.signOut();
    expect(session.signedIn).toBe(false);
    expect(session.ops).toBeUndefined();
    expect(heard).toContain('dropped');
    expect(heard.at(-1)).toBe('changed');
    expect(session.state().connection.state).toBe('signedOut');
  });

  it('keeps the previous account when a sign-in is refused, and runs transitions one at a time', async () => {
    const simulator = await harness.start();
    const { session } = deskSessionOn(simulator);
    await session.start();
    const refused = session.signIn({
      serverUrl: simulator.url,
      userName: 'nobody',
      password: 'wrong',
      remember: false,
    });
    // Asked while the sign-in runs: it waits for it instead of overlapping.
    const order: string[] = [];
    const signOut = session.signOut().then(() => order.push('signOut'));
    await expect(refused.finally(() => order.push('signIn'))).rejects.toMatchObject({
      kind: 'unauthorized',
    });
    await signOut;
    expect(order).toEqual(['signIn', 'signOut']);
    expect(session.state()).toMatchObject({ userName: 'agent1', demo: true });
    await expect(
      session.signIn({ serverUrl: simulator.url, userName: 'agent1', remember: false }),
    ).rejects.toMatchObject({ kind: 'missingParameter' });
  });
});
