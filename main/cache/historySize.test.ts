import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { CacheStore } from './store';
import { purgeAll } from '../../tests/support/purge';

// The history's size in CacheStore.interactionCounts is counted once and then kept by the writes
// that end or reopen a row: whatever happens to the rows (ends, reopenings, a channel changed,
// writes rolled back, another connection's commits, the retention purge), it is what counting
// the rows says.

const IDS = ['a', 'b', 'c', 'd'] as const;
const ACCOUNTS = [
  { serverUrl: 'https://gws.example', userName: 'ann' },
  { serverUrl: 'https://gws.example', userName: 'bob' },
] as const;

type Step =
  | { kind: 'snapshot'; account: number; id: string; channel: 'chat' | 'email'; at: number }
  | { kind: 'end'; account: number; id: string; at: number }
  | { kind: 'rolledBack'; account: number; id: string; at: number }
  | { kind: 'otherConnection'; account: number; id: string; at: number }
  | { kind: 'purge'; cutoff: number }
  | { kind: 'count'; account: number };

const account = fc.integer({ min: 0, max: ACCOUNTS.length - 1 });
const id = fc.constantFrom(...IDS);
const at = fc.integer({ min: 1, max: 1_000 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('snapshot' as const),
    account,
    id,
    channel: fc.constantFrom('chat' as const, 'email' as const),
    at,
  }),
  fc.record({ kind: fc.constant('end' as const), account, id, at }),
  fc.record({ kind: fc.constant('rolledBack' as const), account, id, at }),
  fc.record({ kind: fc.constant('otherConnection' as const), account, id, at }),
  fc.record({ kind: fc.constant('purge' as const), cutoff: at }),
  fc.record({ kind: fc.constant('count' as const), account }),
);

/** Runs `writes` in a transaction that then fails (a full disk): nothing of it is committed. */
function failsToCommit(store: CacheStore, writes: () => void): void {
  try {
    store.transaction(() => {
      writes();
      throw new Error('the disk is full');
    });
  } catch {
    return;
  }
  throw new Error('the transaction committed');
}

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('the history’s size, kept between counts', () => {
  it('is what counting the rows says after any writes (property)', () => {
    dir = mkdtempSync(join(tmpdir(), 'history-size-'));
    const base = dir;
    let run = 0;
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const path = join(base, `cache-${String((run += 1))}.db`);
        const db = openDatabase(path);
        const other = openDatabase(path);
        const store = new CacheStore(db);
        const otherStore = new CacheStore(other);
        const accountIds = ACCOUNTS.map((key) => store.accountId(key));
        const counted = (accountId: number) =>
          db
            .prepare(
              'SELECT count(*) FROM interactions WHERE account_id = ? AND ended_at IS NOT NULL',
            )
            .pluck()
            .get(accountId);
        const snapshot = (interactionId: string, channel: string) => ({
          id: interactionId,
          channel,
          state: 'Accepted',
          capabilities: [],
          userData: {},
        });
        try {
          for (const next of steps) {
            const accountId = 'account' in next ? (accountIds[next.account] ?? 0) : 0;
            switch (next.kind) {
              case 'snapshot':
                store.transaction(() =>
                  store.upsertInteraction(
                    accountId,
                    snapshot(next.id, next.channel),
                    next.at,
                    store.interactionRecord(accountId, next.id),
                  ),
                );
                break;
              case 'end':
                store.transaction(() => store.markEnded(accountId, next.id, 'Completed', next.at));
                break;
              case 'rolledBack':
                failsToCommit(store, () => {
                  store.markEnded(accountId, next.id, 'Completed', next.at);
                  store.upsertInteraction(accountId, snapshot(`${next.id}-new`, 'chat'), next.at);
                  store.markEnded(accountId, `${next.id}-new`, 'Revoked', next.at);
                });
                break;
              case 'otherConnection':
                // Another process (the command line's purge, a second desk) ends or reopens it.
                otherStore.transaction(() => {
                  if (otherStore.interactionRecord(accountId, next.id)?.endedAt === undefined)
                    otherStore.markEnded(accountId, next.id, 'Completed', next.at);
                  else otherStore.upsertInteraction(accountId, snapshot(next.id, 'chat'), next.at);
                });
                break;
              case 'purge':
                purgeAll(store, next.cutoff);
                break;
              case 'count':
                break;
            }
            for (const each of accountIds)
              expect(store.interactionCounts(each).history).toBe(counted(each));
          }
        } finally {
          other.close();
          db.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});
