import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { latestVersion, openDatabase } from '../database';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';
import { purgeAll } from '../../../tests/support/purge';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 160);

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

type Db = ReturnType<typeof openDatabase>;

const logIndexes = (db: Db) =>
  (
    db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'interaction_events'",
      )
      .all() as { name: string }[]
  ).map((row) => row.name);

const logOf = (db: Db) =>
  db
    .prepare('SELECT account_id, interaction_id, type, state, at, payload FROM interaction_events')
    .all() as { account_id: number; interaction_id: string; at: number }[];

/**
 * Two accounts with the same interaction id, one ended at 10 (logged again at 30, a late
 * repeat), one live; account-level rows at 5 and 30. Answers the accounts' ids.
 */
function fill(store: CacheStore): { ann: number; bob: number } {
  const ann = store.accountId({ serverUrl: 'https://a.example', userName: 'ann' });
  const bob = store.accountId({ serverUrl: 'https://b.example', userName: 'bob' });
  store.transaction(() => {
    for (const account of [ann, bob]) {
      store.upsertInteraction(
        account,
        { id: 'c1', channel: 'chat', state: 'Accepted', capabilities: [], userData: {} },
        1,
      );
      store.appendEvent(account, 'c1', 'interactionInvited', 'Invited', 1, { type: 'x' });
      store.addChatEvents(account, 'c1', [{ eventId: 1, kind: 'message', text: 'hello' }]);
      store.appendEvent(account, 'c1', 'chatEventsReceived', null, 2, { eventIds: [1] });
    }
    store.markEnded(ann, 'c1', 'Completed', 10);
    store.appendEvent(ann, 'c1', 'interactionEnded', 'Completed', 10, {});
    store.appendEvent(ann, 'c1', 'interactionEnded', 'Completed', 30, {});
    store.appendEvent(ann, '', 'channelStateChanged', 'chat=Ready', 5, {});
    store.appendEvent(ann, '', 'channelStateChanged', 'chat=NotReady', 30, {});
  });
  return { ann, bob };
}

describe('migration 0160: the event log without its index by interaction', () => {
  it('gives a new cache a log with no index, which the purge still empties (:memory:)', () => {
    const db = openDatabase(':memory:');
    expect(logIndexes(db)).toEqual([]);
    const store = new CacheStore(db);
    const { ann, bob } = fill(store);
    expect(logOf(db)).toHaveLength(8);

    const purged = purgeAll(store, 20);

    // Ann's ended chat goes with all of its log, the late repeat at 30 included, and so does
    // the account-level row older than the cutoff; Bob's live chat of the same id stays.
    expect(purged).toMatchObject({ interactions: 1, logRows: 5 });
    expect(logOf(db).map((row) => [row.account_id, row.interaction_id, row.at])).toEqual([
      [bob, 'c1', 1],
      [bob, 'c1', 2],
      [ann, '', 30],
    ]);
    expect(store.interaction(ann, 'c1')).toBeUndefined();
    expect(store.interaction(bob, 'c1')?.transcript).toHaveLength(1);
    db.close();
  });

  it('upgrades a cache file holding a log: every row stays, and the purge works on it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-0160-'));
    dirs.push(dir);
    const path = join(dir, 'cache.db');
    const old = openDatabase(path, { migrations: BEFORE });
    const { ann, bob } = fill(new CacheStore(old));
    expect(logIndexes(old)).toEqual(['interaction_events_by_interaction']);
    const before = logOf(old);
    const transcriptBefore = new CacheStore(old).interaction(bob, 'c1')?.transcript;
    old.close();

    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(logIndexes(db)).toEqual([]);
    expect(logOf(db)).toEqual(before);
    const store = new CacheStore(db);
    expect(store.interaction(bob, 'c1')?.transcript).toEqual(transcriptBefore);
    expect(store.interaction(ann, 'c1')?.state).toBe('Completed');

    expect(purgeAll(store, 20)).toMatchObject({ interactions: 1, logRows: 5 });
    expect(logOf(db)).toHaveLength(3);
    db.close();
  });
});
