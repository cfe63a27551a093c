import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { latestVersion, migrate, openDatabase } from '../database';
import { CacheStore, HISTORY_SQL } from '../store';
import { columnsOf, rowsIn } from '../../../tests/support/upgradeRows';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 320);
const ACCOUNTS = [
  { serverUrl: 'https://gws.example.com', userName: 'ann' },
  { serverUrl: 'https://gws.example.com', userName: 'bob' },
] as const;

/** `count` interactions per account, all ended but the last 5, many sharing one end (ties). */
function fill(db: Database, count: number): number[] {
  const store = new CacheStore(db);
  const accounts = ACCOUNTS.map((account) => store.accountId(account));
  store.transaction(() => {
    for (const account of accounts)
      for (let index = 0; index < count; index += 1) {
        const id = `i${String((index * 7919) % count).padStart(6, '0')}`;
        store.upsertInteraction(
          account,
          {
            id,
            channel: index % 3 === 0 ? 'email' : 'chat',
            state: 'Accepted',
            capabilities: [],
            userData: { Subject: `case ${String(index)}`, Segment: 'Gold'.repeat(20) },
            subject: `case ${String(index)}`,
          },
          1_000 + index,
        );
        // Ends a minute apart, four at each: History breaks those ties by id.
        if (index < count - 5)
          store.markEnded(account, id, 'Completed', 1_000_000 + Math.floor(index / 4) * 60_000);
      }
  });
  return accounts;
}

/** The plan SQLite makes for History's page. */
function historyPlan(db: Database): string[] {
  return (
    db.prepare(`EXPLAIN QUERY PLAN ${HISTORY_SQL}`).all({
      accountId: 1,
      channel: null,
      since: null,
      until: null,
      afterEnd: null,
      afterId: null,
      limit: 500,
      offset: 0,
    }) as { detail: string }[]
  ).map((row) => row.detail);
}

describe('migration 0320: History by end', () => {
  it('upgrades a cache losing nothing, and History reads the same rows in the same order', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    const [ann = 0] = fill(db, 200);
    // The columns it has now: those later migrations add are checked by their own tests.
    const columns = columnsOf(db, 'interactions');
    const everything = () => rowsIn(db, 'interactions', columns, 'account_id, id');
    const before = everything();
    const historyBefore = new CacheStore(db).history(ann, { limit: 1_000 });

    migrate(db);

    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(everything()).toEqual(before);
    const store = new CacheStore(db);
    expect(store.history(ann, { limit: 1_000 })).toEqual(historyBefore);
    // Newest end first, ties by id, one account's rows only.
    const ids = historyBefore.map((row) => [row.endedAt, row.id] as const);
    expect(ids).toHaveLength(195);
    expect(ids).toEqual(
      [...ids].sort(([aEnd = 0, aId], [bEnd = 0, bId]) => bEnd - aEnd || aId.localeCompare(bId)),
    );
    db.close();
  });

  it('reads a page deep in a long History by the index alone, not every row before it sorted', () => {
    const db = openDatabase(':memory:');
    const [ann = 0] = fill(db, 12_000);
    const store = new CacheStore(db);
    // Before this migration: "USE TEMP B-TREE FOR RIGHT PART OF ORDER BY", each page sorting
    // every row up to it, read whole from the table.
    expect(historyPlan(db)).toEqual([
      'SEARCH interactions USING INDEX interactions_by_end (account_id=? AND ended_at>?)',
    ]);
    // Paging through it gives every ended row once, in History's order.
    const paged: string[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = store.history(ann, { limit: 500, offset });
      paged.push(...page.map((row) => row.id));
      if (page.length < 500) break;
    }
    const ordered = db
      .prepare(
        'SELECT id FROM interactions WHERE account_id = ? AND ended_at IS NOT NULL ORDER BY ended_at DESC, id',
      )
      .pluck()
      .all(ann) as string[];
    expect(paged).toEqual(ordered);
    expect(paged).toHaveLength(11_995);
    // Printed, not asserted: what the first and the deepest page cost the main thread.
    const timed = (offset: number) => {
      const started = performance.now();
      store.history(ann, { limit: 500, offset });
      return performance.now() - started;
    };
    timed(0);
    console.log(
      `History of 12,000: first page ${timed(0).toFixed(1)} ms, page at 11,000 ${timed(11_000).toFixed(1)} ms`,
    );
    db.close();
  });
});
