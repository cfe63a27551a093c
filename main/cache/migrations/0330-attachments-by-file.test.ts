import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { purgeAll } from '../../../tests/support/purge';
import { latestVersion, migrate, openDatabase } from '../database';
import { CacheStore, FILE_IN_USE_SQL } from '../store';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 330);
const ACCOUNTS = [
  { serverUrl: 'https://gws.example.com', userName: 'ann' },
  { serverUrl: 'https://gws.example.com', userName: 'bob' },
] as const;

/**
 * `count` e-mails per account, each with its own scan and the signature's logo (one file shared
 * by every e-mail of both accounts); those below `endedBefore` ended at their index, the rest
 * later.
 */
function fill(db: Database, count: number, endedBefore: number): number[] {
  const store = new CacheStore(db);
  const accounts = ACCOUNTS.map((account) => store.accountId(account));
  store.transaction(() => {
    for (const [a, account] of accounts.entries())
      for (let index = 0; index < count; index += 1) {
        const id = `m${String(index)}`;
        store.upsertInteraction(
          account,
          { id, channel: 'email', state: 'Accepted', capabilities: [], userData: {} },
          index,
        );
        store.putEmail(account, id, {
          to: [],
          cc: [],
          text: 'the scan you asked for',
          attachments: [
            { id: 'logo', name: 'logo.png' },
            { id: 'scan', name: 'scan.pdf' },
          ],
        });
        for (const [file, path] of [
          ['logo', '/files/logo/logo.png'],
          ['scan', `/files/${String(a)}-${String(index)}/scan.pdf`],
        ] as const)
          store.recordDownload(account, id, file, {
            localPath: path,
            sha256: path,
            size: 1,
            at: 1,
          });
        store.markEnded(account, id, 'Completed', index < endedBefore ? index : 1_000_000);
      }
  });
  store.indexSearchDocuments();
  return accounts;
}

function fileQuestionPlan(db: Database): string[] {
  return (
    db.prepare(`EXPLAIN QUERY PLAN ${FILE_IN_USE_SQL}`).all('/x') as { detail: string }[]
  ).map((row) => row.detail);
}

describe('migration 0330: attachments by file', () => {
  it('upgrades a cache losing nothing', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    fill(db, 50, 10);
    const everything = () =>
      db.prepare('SELECT * FROM attachments ORDER BY account_id, interaction_id, id').all();
    const before = everything();

    migrate(db);

    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(everything()).toEqual(before);
    expect(fileQuestionPlan(db)).toEqual([
      'SEARCH attachments USING COVERING INDEX attachments_by_file (local_path=?)',
    ]);
    db.close();
  });

  it("asks whether a freed file is still used through the index: the purge frees one account's own files and keeps the shared one", () => {
    const db = openDatabase(':memory:');
    const [ann = 0, bob = 0] = fill(db, 6_000, 300);
    const store = new CacheStore(db);
    // Before this migration: "SCAN attachments", the whole table read for every file freed.
    expect(fileQuestionPlan(db)).toEqual([
      'SEARCH attachments USING COVERING INDEX attachments_by_file (local_path=?)',
    ]);
    let started = performance.now();
    const purged = purgeAll(store, 300);
    const purgeMs = performance.now() - started;
    expect(purged.interactions).toBe(600);
    // Each account's scans of the 300 e-mails purged go; the logo every other e-mail shows stays.
    expect([...purged.orphanedFiles].sort()).toEqual(
      [0, 1]
        .flatMap((a) =>
          Array.from(
            { length: 300 },
            (_, index) => `/files/${String(a)}-${String(index)}/scan.pdf`,
          ),
        )
        .sort(),
    );
    expect(store.filesNoRowUses(['/files/logo/logo.png', '/files/0-300/scan.pdf'])).toEqual([]);
    for (const account of [ann, bob])
      expect(
        db.prepare('SELECT count(*) FROM attachments WHERE account_id = ?').pluck().get(account),
      ).toBe(2 * 5_700);
    // Printed, not asserted: the same questions asked again, as the writer does before deleting.
    started = performance.now();
    store.filesNoRowUses(purged.orphanedFiles);
    console.log(
      `attachments ${String(db.prepare('SELECT count(*) FROM attachments').pluck().get())}: purge of 600 e-mails ${purgeMs.toFixed(0)} ms, ${String(purged.orphanedFiles.length)} freed files asked again ${(performance.now() - started).toFixed(1)} ms`,
    );
    db.close();
  });
});
