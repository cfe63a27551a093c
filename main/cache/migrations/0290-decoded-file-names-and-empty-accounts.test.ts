import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  acceptedSnapshot as snapshot,
  indexMatchesDocuments,
} from '../../../tests/support/searchIndex';
import { columnsOf, rowsIn } from '../../../tests/support/upgradeRows';
import { sanitizeFileName } from '../../workstation/attachments';
import { latestVersion, migrate, openDatabase } from '../database';
import { searchCache } from '../search';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version <= 270);
const SERVER = 'https://a.example';
/** `Überweisung.pdf` as some mail servers pass a file name on: RFC 2047 encoded. */
const ENCODED = '=?UTF-8?B?w5xiZXJ3ZWlzdW5nLnBkZg==?=';
/** `../../etc/passwd`, encoded: a stranger's name that must never become a path. */
const HOSTILE_PATH = '=?UTF-8?B?Li4vLi4vZXRjL3Bhc3N3ZA==?=';
/** `run<NUL>.exe`, encoded. */
const HOSTILE_NUL = '=?UTF-8?Q?run=00.exe?=';

function found(db: Database, text: string): string[] {
  return searchCache(db, { text }).map((hit) => hit.interaction.id);
}

function accountNames(db: Database): string[] {
  return (
    db.prepare('SELECT user_name FROM accounts ORDER BY id').pluck().all() as string[]
  ).sort();
}

/**
 * A cache at 270 as older versions wrote it: Ann's e-mail with files whose names came encoded
 * (rows, their `files` document, indexed); accounts that hold a password verifier only, their
 * own settings only, a sealed password only; and rows refused sign-ins left, holding nothing.
 */
function cacheBefore(db: Database): void {
  const store = new CacheStore(db);
  const ann = store.accountId({ serverUrl: SERVER, userName: 'ann' });
  store.transaction(() => {
    store.upsertInteraction(ann, snapshot('mail', 'email'), 1_000);
    for (const [id, name] of [
      ['1', ENCODED],
      ['2', HOSTILE_PATH],
      ['3', HOSTILE_NUL],
      ['4', 'notes.txt'],
    ] as const)
      store.upsertAttachment(ann, 'mail', { id, name });
  });
  store.indexSearchDocuments();
  const state = store.deskState();
  state.savePasswordVerifier(store.accountId({ serverUrl: SERVER, userName: 'verified' }), {
    salt: new Uint8Array(16).fill(1),
    hash: new Uint8Array(32).fill(2),
    cost: 1024,
    blockSize: 8,
    parallelism: 1,
  });
  const themed = store.accountId({ serverUrl: SERVER, userName: 'themed' });
  state.savePreferences({ ...state.preferences(themed), theme: 'dark' }, themed);
  state.saveSealedPassword(
    store.accountId({ serverUrl: SERVER, userName: 'sealed' }),
    new Uint8Array([1, 2, 3]),
  );
  // What refused sign-ins left: a password typed as the user name, an unreachable server.
  store.accountId({ serverUrl: SERVER, userName: 'hunter2' });
  store.accountId({ serverUrl: 'http://127.0.0.1:1', userName: 'ann' });
}

describe('migration 0290: file names decoded, rows of refused sign-ins removed', () => {
  it('decodes the cached names as the normalizer does, searchable, and sanitized where saved', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    cacheBefore(db);
    expect(found(db, 'passwd')).toEqual([]);

    migrate(db);

    const names = db
      .prepare("SELECT name FROM attachments WHERE interaction_id = 'mail' ORDER BY rowid")
      .pluck()
      .all() as string[];
    expect(names).toEqual(['Überweisung.pdf', '../../etc/passwd', 'run.exe', 'notes.txt']);
    // Saving goes through sanitizeFileName, as for a name the server sent decoded.
    expect(names.map(sanitizeFileName)).toEqual([
      'Überweisung.pdf',
      'passwd',
      'run.exe',
      'notes.txt',
    ]);
    expect(found(db, 'Überweisung')).toEqual(['mail']);
    expect(found(db, 'passwd')).toEqual(['mail']);
    expect(found(db, 'w5xiZXJ3ZWlzdW5nLnBkZg')).toEqual([]);
    expect(found(db, 'notes')).toEqual(['mail']);
    indexMatchesDocuments(db);
    expect(accountNames(db)).toEqual(['ann', 'sealed', 'themed', 'verified']);
    db.close();
  });

  it('upgrades a cache file at 270 holding data: only encoded names and empty rows change', () => {
    const folder = mkdtempSync(join(tmpdir(), 'switchboard-0290-'));
    try {
      const file = join(folder, 'cache.sqlite');
      const old = openDatabase(file, { migrations: BEFORE });
      cacheBefore(old);
      expect(old.pragma('user_version', { simple: true })).toBe(270);
      const tables = (
        old
          .prepare(
            `SELECT name FROM sqlite_schema WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_index%' ORDER BY name`,
          )
          .pluck()
          .all() as string[]
      ).map((table) => [table, columnsOf(old, table)] as const);
      const everything = (db: Database) =>
        Object.fromEntries(
          tables.map(([table, columns]) => [table, rowsIn(db, table, columns, '1')]),
        );
      const before = everything(old);
      old.close();

      const db = openDatabase(file);
      expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const after = everything(db);
      const expected = JSON.parse(
        JSON.stringify(before)
          .replaceAll(ENCODED, 'Überweisung.pdf')
          .replaceAll(HOSTILE_PATH, '../../etc/passwd')
          .replaceAll(HOSTILE_NUL, 'run.exe'),
      ) as Record<string, { user_name?: string }[]>;
      // The two rows refused sign-ins left are gone; every other row of every table is kept.
      expected.accounts = (expected.accounts ?? []).filter(
        (row) =>
          row.user_name !== 'hunter2' &&
          !(row.user_name === 'ann' && JSON.stringify(row).includes('127.0.0.1')),
      );
      // Compared as JSON, as `expected` was made (BLOBs as their bytes).
      expect(JSON.parse(JSON.stringify(after))).toEqual(expected);
      expect(after.accounts).toHaveLength(4);
      expect(found(db, 'Überweisung')).toEqual(['mail']);
      indexMatchesDocuments(db);
      db.close();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
