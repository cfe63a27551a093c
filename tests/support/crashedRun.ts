import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { expect } from 'vitest';
import { openDatabase } from '../../main/cache/database';
import { CACHE_FILE } from '../../main/cache/paths';
import { CacheStore } from '../../main/cache/store';
import { createOperations, type GwsOperations } from '../../main/gws/operations';
import { GwsSession } from '../../main/gws/session';
import { normalizeServerUrl } from '../../common/model';
import { keyOf } from '../../main/workstation/accountMemory';
import { CacheWriter } from '../../main/workstation/cacheWriter';
import type { Simulator } from '../../simulator/server';

const QUIET = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/**
 * One run of the desk's core on a data folder's cache file, as the desk builds it: a user's
 * session on the simulator and the cache writer attached to it before it signs in. Not signed in
 * yet.
 */
export interface DeskRun {
  readonly db: Database;
  readonly store: CacheStore;
  readonly accountId: number;
  readonly writer: CacheWriter;
  readonly session: GwsSession;
  /** The GWS operations over the session's requester (its HTTP session). */
  readonly operations: GwsOperations;
}

/**
 * A run of `userName` (password `demo`) on `dataDir`'s cache, under the demo's account key.
 * `now`: the cache writer's clock (the time it stamps what it stores), this machine's by default.
 */
export function deskRun(
  simulator: Simulator,
  dataDir: string,
  userName = 'agent1',
  now?: () => number,
): DeskRun {
  const db = openDatabase(join(dataDir, CACHE_FILE));
  const store = new CacheStore(db);
  // The test desks sign in to the simulator as their demo server: the demo's account.
  const account = keyOf({ serverUrl: normalizeServerUrl(simulator.url), userName, demo: true });
  const writer = new CacheWriter({
    store,
    account,
    attachmentsDir: join(dataDir, 'attachments'),
    log: QUIET,
    ...(now === undefined ? {} : { now }),
  });
  const session = new GwsSession({
    serverUrl: simulator.url,
    credentials: { userName, password: 'demo' },
    log: QUIET,
  });
  writer.attach(session);
  return {
    db,
    store,
    accountId: store.accountId(account),
    writer,
    session,
    operations: createOperations(session.requester),
  };
}

/**
 * A run of the desk that ended without signing out (the app crashed, the PC lost power):
 * `userName` signs in and sets chat and e-mail Ready, `work` runs (it waits for what it needs
 * stored), then the notifications stop and the cache closes with no sign-out, leaving the
 * server's contact-center and HTTP sessions open. Answers what `work` answered and the GWS
 * operations over that still-open HTTP session, for changes on the server while the desk is down
 * (the agent's work ended or handed elsewhere there). `now`: the run's cache writer's clock (a
 * clock behind this machine's makes a run that crashed that much earlier).
 */
export async function runThatCrashed<T>(
  simulator: Simulator,
  dataDir: string,
  work: (run: DeskRun) => Promise<T>,
  userName = 'agent1',
  now?: () => number,
): Promise<{ result: T; server: GwsOperations }> {
  const run = deskRun(simulator, dataDir, userName, now);
  const { session, writer, db } = run;
  expect((await session.signIn()).ok).toBe(true);
  for (const channel of ['chat', 'email'])
    expect(
      (await session.requester.post(`/me/channels/${channel}`, { operationName: 'Ready' })).ok,
    ).toBe(true);
  const result = await work(run);
  await session.notifications?.disconnect('the app crashed');
  await writer.close();
  db.close();
  return { result, server: run.operations };
}
