import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { EmailContent } from '../../../common/model';
import {
  acceptedSnapshot as snapshot,
  indexMatchesDocuments,
} from '../../../tests/support/searchIndex';
import { columnsOf, rowsIn } from '../../../tests/support/upgradeRows';
import { latestVersion, migrate, openDatabase } from '../database';
import { searchCache } from '../search';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 270);
const ACCOUNT = { serverUrl: 'https://a.example', userName: 'ann' };
/** `Überweisung 80` as some mail servers pass a subject on: RFC 2047 encoded. */
const ENCODED = '=?UTF-8?B?w5xiZXJ3ZWlzdW5n?= 80';
const EMAIL: EmailContent = {
  to: ['desk@example.com'],
  cc: [],
  subject: ENCODED,
  text: 'Please find the transfer attached.',
  attachments: [],
};

function found(db: Database, text: string): string[] {
  return searchCache(db, { text }).map((hit) => hit.interaction.id);
}

/**
 * A cache at 260 as its store wrote it before subjects were decoded: an e-mail whose subject
 * came encoded (its row, its e-mail, its search documents, indexed), and a chat with none.
 */
function cacheBefore(db: Database): number {
  const store = new CacheStore(db);
  const ann = store.accountId(ACCOUNT);
  store.transaction(() => {
    store.upsertInteraction(ann, { ...snapshot('encoded', 'email'), subject: ENCODED }, 1_000);
    store.putEmail(ann, 'encoded', EMAIL);
    store.upsertInteraction(ann, snapshot('plain', 'chat'), 2_000);
    store.addChatEvents(ann, 'plain', [
      { eventId: 1, kind: 'message', authorName: 'Maria', text: 'my parcel never arrived' },
    ]);
  });
  store.indexSearchDocuments();
  return ann;
}

describe('migration 0270: subjects cached before RFC 2047 decoding decoded, and found', () => {
  it('decodes the cached subject in the row and the e-mail, and search finds its words', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    cacheBefore(db);
    expect(found(db, 'Überweisung')).toEqual([]);

    migrate(db);

    const subjects = (table: string, key: string) =>
      db.prepare(`SELECT subject FROM ${table} WHERE ${key} = 'encoded'`).pluck().get();
    expect(subjects('interactions', 'id')).toBe('Überweisung 80');
    expect(subjects('emails', 'interaction_id')).toBe('Überweisung 80');
    expect(found(db, 'Überweisung')).toEqual(['encoded']);
    expect(found(db, 'w5xiZXJ3ZWlzdW5n')).toEqual([]);
    expect(found(db, 'transfer')).toEqual(['encoded']);
    expect(found(db, 'parcel')).toEqual(['plain']);
    indexMatchesDocuments(db);
    db.close();
  });

  it('upgrades a cache file at 260 holding mail: only the encoded subjects change, nothing lost', () => {
    const folder = mkdtempSync(join(tmpdir(), 'switchboard-0270-'));
    try {
      const file = join(folder, 'cache.sqlite');
      const old = openDatabase(file, { migrations: BEFORE });
      cacheBefore(old);
      expect(old.pragma('user_version', { simple: true })).toBe(260);
      const tables = ['interactions', 'emails', 'chat_messages', 'search_documents'];
      const columns = tables.map((table) => [table, columnsOf(old, table)] as const);
      const everything = (db: Database) =>
        columns.map(([table, names]) => rowsIn(db, table, names, '1, 2'));
      const before = everything(old);
      old.close();

      const db = openDatabase(file);
      expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const after = everything(db);
      // Every row kept; the encoded subject, and the documents that held it, now decoded.
      const decoded = JSON.parse(
        JSON.stringify(before).replaceAll('=?UTF-8?B?w5xiZXJ3ZWlzdW5n?=', 'Überweisung'),
      ) as unknown;
      expect(after).toEqual(decoded);
      expect(JSON.stringify(after)).not.toBe(JSON.stringify(before));
      expect(found(db, 'Überweisung')).toEqual(['encoded']);
      indexMatchesDocuments(db);
      db.close();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
