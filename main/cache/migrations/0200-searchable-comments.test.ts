import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { EmailContent } from '../../../common/model';
import { purgeAll } from '../../../tests/support/purge';
import {
  acceptedSnapshot as snapshot,
  indexMatchesDocuments,
} from '../../../tests/support/searchIndex';
import { latestVersion, migrate, openDatabase } from '../database';
import { searchCache } from '../search';
import { CacheStore } from '../store';
import { BLANKS } from './0200-searchable-comments';
import { MIGRATIONS } from './index';
import { columnsOf, rowsIn } from '../../../tests/support/upgradeRows';
import { bracketed } from '../../../common/searchSnippet';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 200);
const ACCOUNT = { serverUrl: 'https://a.example', userName: 'ann' };
// The comments' words (wombat, zeppelin, quokka, narwhal) are in no subject, text or party:
// finding one proves the comment indexed.
const EMAIL: EmailContent = {
  from: 'maria@example.com',
  to: ['support@example.com'],
  cc: [],
  subject: 'Invoice 42',
  text: 'Please resend it.',
  attachments: [],
};

/** The interactions `words` finds, by id. */
function found(db: Database, words: string): string[] {
  return searchCache(db, { text: words }).map((hit) => hit.interaction.id);
}

function commentDocuments(db: Database): unknown[] {
  return db
    .prepare(
      "SELECT interaction_id, body FROM search_documents WHERE kind = 'email' AND ref = 'comment' ORDER BY 1",
    )
    .all();
}

/**
 * A cache at 190 as that build wrote it: e-mails stored with their comments (written to the
 * row, with no document: putEmail of today would make one), a chat, everything indexed.
 */
function cacheAt190(comments: Record<string, string | null>): {
  db: Database;
  store: CacheStore;
  ann: number;
} {
  const db = openDatabase(':memory:', { migrations: BEFORE });
  const store = new CacheStore(db);
  const ann = store.accountId(ACCOUNT);
  store.transaction(() => {
    store.upsertInteraction(ann, snapshot('chat-1', 'chat'), 1_000);
    store.addChatEvents(ann, 'chat-1', [
      { eventId: 1, kind: 'joined', authorName: 'Maria' },
      { eventId: 2, kind: 'message', authorName: 'Maria', text: 'my parcel never arrived' },
    ]);
    for (const [id, comment] of Object.entries(comments)) {
      store.upsertInteraction(ann, snapshot(id, 'email'), 2_000);
      store.putEmail(ann, id, { ...EMAIL, subject: `Invoice ${id}` });
      db.prepare('UPDATE emails SET comment = ? WHERE account_id = ? AND interaction_id = ?').run(
        comment,
        ann,
        id,
      );
    }
  });
  expect(db.pragma('user_version', { simple: true })).toBe(190);
  expect(commentDocuments(db)).toEqual([]);
  return { db, store, ann };
}

/** The tables the upgrade may touch, in a fixed order. */
const TOUCHED = [
  'accounts',
  'interactions',
  'interaction_events',
  'chat_messages',
  'emails',
  'attachments',
  'search_documents',
  'search_index_progress',
];

/**
 * Every row of the tables the upgrade may touch, with their columns as they are when first
 * read: later migrations' new columns are theirs to check.
 */
function rowReader(db: Database): () => unknown[][] {
  const columns = TOUCHED.map((table) => [table, columnsOf(db, table)] as const);
  return () => columns.map(([table, names]) => rowsIn(db, table, names, '1, 2'));
}

describe('migration 0200: an e-mail’s comment is searchable', () => {
  it('finds the comment putEmail stores, the new one once it changes, none once cleared (:memory:)', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const ann = store.accountId(ACCOUNT);
    store.upsertInteraction(ann, snapshot('e1', 'email'), 1_000);
    store.upsertInteraction(ann, snapshot('e2', 'email'), 1_000);
    store.putEmail(ann, 'e2', { ...EMAIL, subject: 'Invoice 43' });
    expect(store.putEmail(ann, 'e1', { ...EMAIL, comment: 'Wombat escalation pending' })).toBe(
      true,
    );

    const hits = searchCache(db, { text: 'wombat escalation' });
    expect(hits.map((hit) => [hit.interaction.id, hit.kind])).toEqual([['e1', 'email']]);
    expect(bracketed(hits[0]?.snippet ?? '')).toMatch(/\[Wombat\]/);
    // The e-mail's own document is as it was.
    expect(found(db, 'resend')).toEqual(expect.arrayContaining(['e1', 'e2']));
    expect(found(db, 'Invoice 42')).toEqual(['e1']);

    // A notification repeating it changes nothing; one without a comment keeps it.
    expect(store.putEmail(ann, 'e1', { ...EMAIL, comment: 'Wombat escalation pending' })).toBe(
      false,
    );
    expect(store.putEmail(ann, 'e1', EMAIL)).toBe(false);
    expect(found(db, 'wombat')).toEqual(['e1']);

    expect(store.putEmail(ann, 'e1', { ...EMAIL, comment: 'Zeppelin callback booked' })).toBe(true);
    expect(found(db, 'zeppelin')).toEqual(['e1']);
    expect(found(db, 'wombat')).toEqual([]);

    expect(store.putEmail(ann, 'e1', { ...EMAIL, comment: '' })).toBe(true);
    expect(found(db, 'zeppelin')).toEqual([]);
    expect(found(db, 'wombat')).toEqual([]);
    expect(commentDocuments(db)).toEqual([]);
    expect(found(db, 'Invoice 42')).toEqual(['e1']);

    // Blank is no comment: no document.
    expect(store.putEmail(ann, 'e1', { ...EMAIL, comment: ' \n\u00a0' })).toBe(true);
    expect(commentDocuments(db)).toEqual([]);
    indexMatchesDocuments(db);
    db.close();
  });

  it('indexes the comment in the cache writer’s batch when indexing is deferred', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    store.deferSearchIndexing();
    const ann = store.accountId(ACCOUNT);
    store.transaction(() => {
      store.upsertInteraction(ann, snapshot('e1', 'email'), 1_000);
      store.putEmail(ann, 'e1', { ...EMAIL, comment: 'Quokka refund approved' });
    });
    expect(found(db, 'quokka')).toEqual([]);
    store.indexSearchDocuments();
    expect(found(db, 'quokka')).toEqual(['e1']);
    store.transaction(() => {
      store.putEmail(ann, 'e1', { ...EMAIL, comment: 'Narwhal' });
    });
    store.indexSearchDocuments();
    expect(found(db, 'quokka')).toEqual([]);
    expect(found(db, 'narwhal')).toEqual(['e1']);
    indexMatchesDocuments(db);
    db.close();
  });

  it('leaves nothing of the comment once the retention purge deletes its e-mail', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const ann = store.accountId(ACCOUNT);
    store.transaction(() => {
      store.upsertInteraction(ann, snapshot('old', 'email'), 1_000);
      store.putEmail(ann, 'old', { ...EMAIL, comment: 'Wombat escalation pending' });
      store.markEnded(ann, 'old', 'Completed', 2_000);
      store.upsertInteraction(ann, snapshot('kept', 'email'), 1_000);
      store.putEmail(ann, 'kept', { ...EMAIL, comment: 'Zeppelin callback booked' });
    });
    expect(found(db, 'wombat')).toEqual(['old']);

    expect(purgeAll(store, 3_000).interactions).toBe(1);
    expect(commentDocuments(db)).toEqual([
      { interaction_id: 'kept', body: 'Zeppelin callback booked' },
    ]);
    expect(found(db, 'wombat')).toEqual([]);
    expect(found(db, 'zeppelin')).toEqual(['kept']);
    indexMatchesDocuments(db);
    db.close();
  });

  it('upgrades a cache at 190: nothing lost, the comments found at once, blank ones left out', () => {
    const { db, ann } = cacheAt190({
      'with-comment': 'Wombat escalation pending',
      'no-comment': null,
      'blank-comment': ' \t\n\u00a0\u3000',
      'other-comment': 'Zeppelin callback booked',
    });
    const everything = rowReader(db);
    const before = everything();
    expect(found(db, 'parcel')).toEqual(['chat-1']);
    expect(found(db, 'wombat')).toEqual([]);

    migrate(db);

    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const after = everything();
    // Every table as it was, value for value; the documents gained the comments' alone, and
    // the mark moved past them.
    expect(after.slice(0, 6)).toEqual(before.slice(0, 6));
    expect(
      (after[6] as { ref: string }[]).filter((document) => document.ref !== 'comment'),
    ).toEqual(before[6]);
    expect(after[7]).toEqual([
      {
        id: 1,
        indexed_through: db.prepare('SELECT max(rowid) FROM search_documents').pluck().get(),
      },
    ]);
    expect(commentDocuments(db)).toEqual([
      { interaction_id: 'other-comment', body: 'Zeppelin callback booked' },
      { interaction_id: 'with-comment', body: 'Wombat escalation pending' },
    ]);

    // Found with no indexing pass: the migration indexed them and moved the mark past them.
    const upgraded = new CacheStore(db);
    upgraded.deferSearchIndexing();
    expect(upgraded.unindexedSearchDocuments()).toBe(0);
    expect(found(db, 'wombat')).toEqual(['with-comment']);
    expect(found(db, 'zeppelin callback')).toEqual(['other-comment']);
    expect(found(db, 'parcel')).toEqual(['chat-1']);
    expect(found(db, 'resend')).toHaveLength(4);
    indexMatchesDocuments(db);

    // From now on putEmail keeps it: a changed comment replaces the migration's document.
    upgraded.transaction(() => {
      upgraded.putEmail(ann, 'with-comment', { ...EMAIL, comment: 'Quokka' });
    });
    upgraded.indexSearchDocuments();
    expect(found(db, 'wombat')).toEqual([]);
    expect(found(db, 'quokka')).toEqual(['with-comment']);
    indexMatchesDocuments(db);
    db.close();
  });

  it('upgrades a cache with documents a crash left unindexed: those are indexed too', () => {
    const { db, store, ann } = cacheAt190({ 'with-comment': 'Wombat escalation pending' });
    // The cache writer's deferred batch had not run when the desk stopped.
    store.deferSearchIndexing();
    store.addChatEvents(ann, 'chat-1', [
      { eventId: 3, kind: 'message', authorName: 'Maria', text: 'tracking number narwhal' },
    ]);
    expect(store.unindexedSearchDocuments()).toBe(1);
    expect(found(db, 'narwhal')).toEqual([]);

    migrate(db);

    const upgraded = new CacheStore(db);
    upgraded.deferSearchIndexing();
    expect(upgraded.unindexedSearchDocuments()).toBe(0);
    expect(found(db, 'narwhal')).toEqual(['chat-1']);
    expect(found(db, 'wombat')).toEqual(['with-comment']);
    indexMatchesDocuments(db);
    db.close();
  });

  it('upgrades a cache whose newest documents were deleted: the comments under the mark are indexed', () => {
    const { db, store, ann } = cacheAt190({ 'with-comment': 'Wombat escalation pending' });
    // The newest documents (a chat the purge deleted) leave the mark above every rowid: the
    // comment's document reuses a rowid at or below it, which no batch would read.
    store.transaction(() => {
      store.upsertInteraction(ann, snapshot('gone', 'chat'), 3_000);
      store.addChatEvents(ann, 'gone', [
        { eventId: 1, kind: 'message', text: 'one' },
        { eventId: 2, kind: 'message', text: 'two' },
        { eventId: 3, kind: 'message', text: 'three' },
      ]);
      store.markEnded(ann, 'gone', 'Completed', 3_500);
    });
    const mark = () =>
      db.prepare('SELECT indexed_through FROM search_index_progress').pluck().get() as number;
    const newest = () =>
      db.prepare('SELECT max(rowid) FROM search_documents').pluck().get() as number;
    const through = mark();
    // The store is today's: its purge also clears the table of migration 0280, made here for it
    // and dropped before the upgrade makes it again.
    db.exec(
      'CREATE TABLE unsettled_sends (account_id INTEGER NOT NULL, interaction_id TEXT NOT NULL)',
    );
    expect(purgeAll(store, 4_000).interactions).toBe(1);
    db.exec('DROP TABLE unsettled_sends');
    expect(newest()).toBeLessThan(through - 1);

    migrate(db);

    expect(newest()).toBeLessThanOrEqual(through);
    expect(mark()).toBe(through);
    expect(found(db, 'wombat')).toEqual(['with-comment']);
    expect(new CacheStore(db).unindexedSearchDocuments()).toBe(0);
    indexMatchesDocuments(db);
    db.close();
  });

  it('counts as blank what the store does: what String.prototype.trim strips', () => {
    // Every one is in the Basic Multilingual Plane; BLANKS lists them in the order of their codes.
    const stripped = Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code))
      .filter((character) => character.trim() === '')
      .join('');
    expect(BLANKS).toBe(stripped);
  });
});
