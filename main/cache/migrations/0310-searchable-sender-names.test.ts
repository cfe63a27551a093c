import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  acceptedSnapshot as snapshot,
  indexMatchesDocuments,
} from '../../../tests/support/searchIndex';
import { migrate, openDatabase } from '../database';
import { searchCache } from '../search';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version <= 300);

function found(db: Database, text: string): string[] {
  return searchCache(db, { text })
    .map((hit) => hit.interaction.id)
    .sort();
}

function partiesDocuments(db: Database): Record<string, string> {
  return Object.fromEntries(
    (
      db
        .prepare(
          "SELECT interaction_id, body FROM search_documents WHERE kind = 'parties' ORDER BY interaction_id",
        )
        .all() as { interaction_id: string; body: string }[]
    ).map((row) => [row.interaction_id, row.body]),
  );
}

/**
 * A cache at 300 as older versions wrote it: e-mails whose senders give a name (attached data
 * `FromPersonal`), their parties documents holding the addresses alone, indexed.
 */
function cacheBefore(db: Database): void {
  const store = new CacheStore(db);
  const ann = store.accountId({ serverUrl: 'https://a.example', userName: 'ann' });
  store.transaction(() => {
    store.upsertInteraction(ann, { ...snapshot('named', 'email'), from: 'ann@example.com' }, 1);
    store.upsertInteraction(
      ann,
      { ...snapshot('phish', 'email'), from: 'mallory@evil.example' },
      2,
    );
    store.upsertInteraction(ann, { ...snapshot('plain', 'email'), from: 'tom@example.com' }, 3);
    store.upsertInteraction(ann, snapshot('chat', 'chat'), 4);
    // No subject, no address: no parties document at all until the name makes one.
    store.upsertInteraction(ann, { ...snapshot('nameless', 'email'), subject: undefined }, 5);
  });
  // Their attached data as the server gave it, which the documents did not follow then.
  const attach = db.prepare('UPDATE interactions SET user_data = ? WHERE id = ?');
  attach.run(JSON.stringify({ FromPersonal: '"Annika Brandvold"' }), 'named');
  attach.run(JSON.stringify({ FromPersonal: 'support@bank.example' }), 'phish');
  attach.run(JSON.stringify({ FromPersonal: 'Chatty McChat' }), 'chat');
  attach.run(JSON.stringify({ FromPersonal: 'Zelda Quorn' }), 'nameless');
  store.indexSearchDocuments();
}

describe('migration 0310: the sender names e-mails give are searchable', () => {
  it('rewrites the parties documents of named senders, indexed, and no other', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    cacheBefore(db);
    expect(found(db, 'Brandvold')).toEqual([]);
    const before = partiesDocuments(db);

    migrate(db);

    expect(found(db, 'Brandvold')).toEqual(['named']);
    expect(found(db, 'Annika')).toEqual(['named']);
    expect(found(db, 'Quorn')).toEqual(['nameless']);
    // Still found by the address and the subject.
    expect(found(db, 'ann@example.com')).toEqual(['named']);
    // A name that names another address is not shown by the lists, nor searched for.
    expect(found(db, 'bank')).toEqual([]);
    // Chats name nobody by FromPersonal.
    expect(found(db, 'McChat')).toEqual([]);
    expect(partiesDocuments(db)).toEqual({
      ...before,
      named: 'About named Annika Brandvold ann@example.com',
      nameless: 'Zelda Quorn',
    });
    indexMatchesDocuments(db);
    db.close();
  });
});
