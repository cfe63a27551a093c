import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InteractionSnapshot } from '../../../common/model';
import { latestVersion, openDatabase } from '../database';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 170);

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

type Db = ReturnType<typeof openDatabase>;

const indexesOf = (db: Db) =>
  (
    db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'interactions' AND sql IS NOT NULL ORDER BY name",
      )
      .all() as { name: string }[]
  ).map((row) => row.name);

const snapshot = (id: string, channel: string, state: string): InteractionSnapshot => ({
  id,
  channel,
  state,
  capabilities: [],
  userData: {},
});

/** Two accounts' inboxes and histories, with ties in end time and late changes after an end. */
function fill(store: CacheStore): number[] {
  const ann = store.accountId({ serverUrl: 'https://a.example', userName: 'ann' });
  const bob = store.accountId({ serverUrl: 'https://b.example', userName: 'bob' });
  store.transaction(() => {
    for (const [account, offset] of [
      [ann, 0],
      [bob, 1_000],
    ] as const) {
      for (let n = 0; n < 12; n += 1) {
        const id = `i${n}`;
        store.upsertInteraction(
          account,
          snapshot(id, n % 2 ? 'chat' : 'email', 'Invited'),
          offset + n,
        );
        if (n % 3 !== 0)
          store.upsertInteraction(account, snapshot(id, 'chat', 'Accepted'), offset + 20 + (n % 5));
        // Ends in pairs at the same time; one is ended again later (its first end stays).
        if (n >= 6) store.markEnded(account, id, 'Completed', offset + 40 + Math.floor(n / 2));
      }
      store.markEnded(account, 'i7', 'Completed', offset + 90);
    }
  });
  return [ann, bob];
}

const views = (store: CacheStore, accounts: number[]) =>
  accounts.map((account) => ({
    inbox: store.inbox(account).map((row) => [row.id, row.updatedAt]),
    history: store.history(account).map((row) => [row.id, row.endedAt]),
    chats: store.history(account, { channel: 'chat' }).map((row) => row.id),
    page: store.history(account, { limit: 2, offset: 1 }).map((row) => row.id),
    counts: store.interactionCounts(account),
    latest: store.latestUpdateAt(account),
  }));

describe('migration 0170: interactions indexed by end, not by last change', () => {
  it('gives a new cache the two partial indexes in place of the one by activity (:memory:)', () => {
    const db = openDatabase(':memory:');
    expect(indexesOf(db)).toEqual([
      'interactions_by_channel_end',
      'interactions_by_parent',
      'interactions_ended',
      'interactions_live',
    ]);
    const store = new CacheStore(db);
    const [ann = 0, bob = 0] = fill(store);
    const [annView, bobView] = views(store, [ann, bob]);
    // The inbox by last change, newest first; the history by end, newest first, then by id.
    expect(annView?.inbox).toEqual([
      ['i4', 24],
      ['i2', 22],
      ['i1', 21],
      ['i5', 20],
      ['i3', 3],
      ['i0', 0],
    ]);
    expect(annView?.history.map(([id]) => id)).toEqual(['i10', 'i11', 'i8', 'i9', 'i6', 'i7']);
    expect(annView?.counts).toEqual({ inbox: 6, invited: 2, history: 6 });
    expect(annView?.latest).toBe(90);
    expect(bobView?.latest).toBe(1_090);
    db.close();
  });

  it('upgrades a cache file: the inbox, the history, the counts and the latest change stay', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-0170-'));
    dirs.push(dir);
    const path = join(dir, 'cache.db');
    const old = openDatabase(path, { migrations: BEFORE });
    const accounts = fill(new CacheStore(old));
    expect(indexesOf(old)).toContain('interactions_by_activity');
    const before = views(new CacheStore(old), accounts);
    old.close();

    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(indexesOf(db)).not.toContain('interactions_by_activity');
    expect(views(new CacheStore(db), accounts)).toEqual(before);
    db.close();
  });
});
