import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { InteractionSnapshot } from '../../../common/model';
import { migrate, openDatabase } from '../database';
import { CacheStore } from '../store';
import { columnsOf, rowsIn } from '../../../tests/support/upgradeRows';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 220);
const ANN = { serverUrl: 'https://a.example', userName: 'ann' };
const BOB = { serverUrl: 'https://a.example', userName: 'bob' };

function snapshot(id: string, state: string, channel = 'chat'): InteractionSnapshot {
  return { id, channel, state, subject: `About ${id}`, capabilities: [], userData: {} };
}

/** The indexes and the rows each should hold. */
const HOLDS = {
  interactions_live: 'ended_at IS NULL',
  interactions_by_activity: 'ended_at IS NOT NULL',
  interactions_by_channel_end: 'ended_at IS NOT NULL',
} as const;

/**
 * The ids an index holds, read through the index (with the condition that lets a query use it),
 * after checking that it holds that many entries and no more (its leaf cells, by dbstat).
 */
function idsIn(db: Database, index: keyof typeof HOLDS): string[] {
  const ids = db
    .prepare(
      `SELECT id FROM interactions INDEXED BY ${index} WHERE account_id > 0 AND ${HOLDS[index]}`,
    )
    .pluck()
    .all() as string[];
  const entries = db
    .prepare("SELECT sum(ncell) FROM dbstat WHERE name = ? AND pagetype = 'leaf'")
    .pluck()
    .get(index) as number | null;
  expect(entries ?? 0).toBe(ids.length);
  return ids.sort();
}

/** What `sql` is answered through (EXPLAIN QUERY PLAN, one line). */
function planOf(db: Database, sql: string): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
    .map((row) => row.detail)
    .join('\n');
}

/** Live `open` and `invited`, ended `done` and `gone` (by the store, as the writer keeps them). */
function fill(store: CacheStore): { ann: number; bob: number } {
  const ann = store.accountId(ANN);
  const bob = store.accountId(BOB);
  store.transaction(() => {
    store.upsertInteraction(ann, snapshot('open', 'Accepted'), 1_000);
    store.upsertInteraction(ann, snapshot('invited', 'Invited', 'email'), 2_000);
    store.upsertInteraction(ann, snapshot('done', 'Accepted', 'email'), 3_000);
    store.markEnded(ann, 'done', 'Completed', 4_000);
    store.upsertInteraction(ann, snapshot('gone', 'Invited'), 5_000);
    store.markEnded(ann, 'gone', 'Revoked', 6_000);
    store.upsertInteraction(bob, snapshot('bobs', 'Accepted'), 9_000);
  });
  return { ann, bob };
}

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('migration 0220: the history’s indexes hold ended interactions, a small one the live', () => {
  it('keeps each row in the indexes of what it is now, and answers the lists from them (:memory:)', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const { ann, bob } = fill(store);
    expect(idsIn(db, 'interactions_live')).toEqual(['bobs', 'invited', 'open']);
    expect(idsIn(db, 'interactions_by_activity')).toEqual(['done', 'gone']);
    expect(idsIn(db, 'interactions_by_channel_end')).toEqual(['done', 'gone']);

    // A live change (the inbox's order is its rows' updated_at, sorted as they are read).
    store.upsertInteraction(ann, snapshot('open', 'Accepted'), 7_000);
    expect(store.inbox(ann).map((row) => row.id)).toEqual(['open', 'invited']);
    expect(store.history(ann).map((row) => row.id)).toEqual(['gone', 'done']);
    expect(store.interactionCounts(ann)).toEqual({ inbox: 2, invited: 1, history: 2 });
    expect(store.latestUpdateAt(ann)).toBe(7_000);
    expect(store.latestUpdateAt(bob)).toBe(9_000);
    // An ended row's later change counts too (the writer's clock never goes back past it).
    store.upsertInteraction(ann, snapshot('late', 'Accepted'), 8_000);
    store.markEnded(ann, 'late', 'Completed', 8_500);
    expect(store.latestUpdateAt(ann)).toBe(8_500);
    expect(store.latestUpdateAt(store.accountId({ serverUrl: 'x', userName: 'y' }))).toBe(0);

    // Ending moves a row into the history's indexes; offered again, it leaves them.
    store.markEnded(ann, 'open', 'Completed', 10_000);
    store.upsertInteraction(ann, snapshot('gone', 'Invited'), 11_000);
    expect(idsIn(db, 'interactions_live')).toEqual(['bobs', 'gone', 'invited']);
    expect(idsIn(db, 'interactions_by_activity')).toEqual(['done', 'late', 'open']);
    expect(idsIn(db, 'interactions_by_channel_end')).toEqual(['done', 'late', 'open']);
    expect(store.inbox(ann).map((row) => row.id)).toEqual(['gone', 'invited']);
    expect(store.history(ann, { channel: 'email' }).map((row) => row.id)).toEqual(['done']);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

    // The writer's start reads the latest change through the indexes (no row of the history).
    expect(
      planOf(
        db,
        `SELECT max(updated_at) FROM interactions WHERE account_id = 1 AND ended_at IS NOT NULL`,
      ),
    ).toMatch(/USING COVERING INDEX interactions_by_activity/);
    db.close();
  });

  it('upgrades a cache at 210 holding interactions: every row kept, the same lists', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    const store = new CacheStore(db);
    const { ann } = fill(store);
    const tables = (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_index%' ORDER BY name",
        )
        .pluck()
        .all() as string[]
    ).map((table) => [table, columnsOf(db, table)] as const);
    const everything = () =>
      Object.fromEntries(
        tables.map(([table, columns]) => [table, rowsIn(db, table, columns, '1, 2')]),
      );
    const before = everything();
    const lists = (reader: CacheStore) => ({
      inbox: reader.inbox(ann),
      history: reader.history(ann),
      counts: reader.interactionCounts(ann),
      latest: reader.latestUpdateAt(ann),
    });
    const listsBefore = lists(store);
    expect(db.pragma('user_version', { simple: true })).toBe(210);

    migrate(db);

    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(220);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(everything()).toEqual(before);
    expect(lists(new CacheStore(db))).toEqual(listsBefore);
    const indexes = db
      .prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'interactions' AND sql IS NOT NULL ORDER BY name",
      )
      .all() as { name: string; sql: string }[];
    expect(indexes.map((index) => index.name)).toEqual([
      'interactions_by_activity',
      'interactions_by_channel_end',
      'interactions_by_parent',
      'interactions_live',
    ]);
    expect(idsIn(db, 'interactions_live')).toEqual(['bobs', 'invited', 'open']);
    expect(idsIn(db, 'interactions_by_activity')).toEqual(['done', 'gone']);
    db.close();
  });

  it('writes a live interaction’s change to its row’s page alone: no index page in the commit', () => {
    dir = mkdtempSync(join(tmpdir(), 'live-rows-'));
    const path = join(dir, 'cache.db');
    const db = openDatabase(path);
    const store = new CacheStore(db);
    const { ann } = fill(store);
    // Many more rows, live and ended, so that each index has pages of its own.
    store.transaction(() => {
      for (let index = 0; index < 400; index += 1) {
        store.upsertInteraction(ann, snapshot(`chat-${index}`, 'Accepted'), 20_000 + index);
        if (index % 2 === 0) store.markEnded(ann, `chat-${index}`, 'Completed', 30_000 + index);
      }
    });
    db.pragma('wal_checkpoint(TRUNCATE)');

    store.transaction(() => {
      store.upsertInteraction(ann, snapshot('chat-201', 'Accepted'), 40_000);
    });

    const wal = readFileSync(`${path}-wal`);
    const pageSize = wal.readUInt32BE(8);
    const written = new Set<number>();
    for (let offset = 32; offset + 24 + pageSize <= wal.length; offset += 24 + pageSize)
      written.add(wal.readUInt32BE(offset));
    const owners = new Map(
      (
        db.prepare('SELECT pageno, name FROM dbstat').all() as { pageno: number; name: string }[]
      ).map((row) => [row.pageno, row.name]),
    );
    expect([...written].map((page) => owners.get(page))).toEqual(['interactions']);
    expect(store.inbox(ann)[0]?.id).toBe('chat-201');
    db.close();
  });
});
