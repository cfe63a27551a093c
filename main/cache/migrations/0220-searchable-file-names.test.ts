import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { AttachmentInfo, EmailContent } from '../../../common/model';
import { purgeAll } from '../../../tests/support/purge';
import {
  acceptedSnapshot as snapshot,
  indexMatchesDocuments,
} from '../../../tests/support/searchIndex';
import { columnsOf, rowsIn } from '../../../tests/support/upgradeRows';
import { latestVersion, migrate, openDatabase } from '../database';
import { searchCache } from '../search';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';
import { bracketed } from '../../../common/searchSnippet';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 220);
const ACCOUNT = { serverUrl: 'https://a.example', userName: 'ann' };
// The files' words (wombat, zeppelin, quokka, narwhal) are in no subject, text or party:
// finding one proves the names indexed.
const REFUND: AttachmentInfo = { id: 'a1', name: 'wombat-refund.pdf', size: 10 };
const PHOTO: AttachmentInfo = { id: 'a2', name: 'Zeppelin_Schaden.JPG' };
const EMAIL: EmailContent = {
  from: 'maria@example.com',
  to: ['support@example.com'],
  cc: [],
  subject: 'Invoice 42',
  text: 'Please resend it.',
  attachments: [],
};

/** What `words` finds: each hit's interaction and what matched. */
function found(db: Database, words: string): [string, string][] {
  return searchCache(db, { text: words }).map((hit) => [hit.interaction.id, hit.kind]);
}

function fileDocuments(db: Database): unknown[] {
  return db
    .prepare(
      "SELECT interaction_id, body FROM search_documents WHERE kind = 'email' AND ref = 'files' ORDER BY 1",
    )
    .all();
}

describe('migration 0220: an interaction is found by its files’ names', () => {
  it('finds a file by its name as putEmail stores it, a renamed one by its new name, none once removed (:memory:)', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const ann = store.accountId(ACCOUNT);
    store.upsertInteraction(ann, snapshot('e1', 'email'), 1_000);
    store.upsertInteraction(ann, snapshot('e2', 'email'), 1_000);
    store.putEmail(ann, 'e2', EMAIL);
    store.putEmail(ann, 'e1', { ...EMAIL, attachments: [REFUND, PHOTO] });

    expect(found(db, 'wombat-refund.pdf')).toEqual([['e1', 'files']]);
    expect(found(db, 'zeppelin')).toEqual([['e1', 'files']]);
    const [hit] = searchCache(db, { text: 'wombat' });
    expect(bracketed(hit?.snippet ?? '')).toMatch(/\[wombat\]-refund\.pdf/);
    expect(fileDocuments(db)).toEqual([
      { interaction_id: 'e1', body: 'wombat-refund.pdf\nZeppelin_Schaden.JPG' },
    ]);
    // The e-mail's own document is as it was.
    expect(found(db, 'Invoice 42').map(([id]) => id)).toEqual(expect.arrayContaining(['e1', 'e2']));

    // The server renames one: the new name is found, the old one no longer.
    store.putEmail(ann, 'e1', {
      ...EMAIL,
      attachments: [{ ...REFUND, name: 'quokka-refund.pdf' }, PHOTO],
    });
    expect(found(db, 'quokka')).toEqual([['e1', 'files']]);
    expect(found(db, 'wombat')).toEqual([]);

    // A file the agent removed from a draft is not found any more; the last one gone, no document.
    store.transaction(() => store.forgetAttachments(ann, 'e1', ['a1']));
    expect(found(db, 'quokka')).toEqual([]);
    expect(found(db, 'zeppelin')).toEqual([['e1', 'files']]);
    store.forgetAttachments(ann, 'e1', ['a2']);
    expect(found(db, 'zeppelin')).toEqual([]);
    expect(fileDocuments(db)).toEqual([]);
    indexMatchesDocuments(db);
    db.close();
  });

  it('writes one document for all the files a transaction stores, in the cache writer’s batch', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    store.deferSearchIndexing();
    const ann = store.accountId(ACCOUNT);
    // Counts the files documents written (a temporary trigger: this connection's alone).
    db.exec(`CREATE TEMP TABLE files_written (n INTEGER NOT NULL);
             INSERT INTO files_written VALUES (0);
             CREATE TEMP TRIGGER count_files AFTER INSERT ON search_documents
             WHEN new.ref = 'files' BEGIN UPDATE files_written SET n = n + 1; END;`);
    store.transaction(() => {
      store.upsertInteraction(ann, snapshot('e1', 'email'), 1_000);
      store.putEmail(ann, 'e1', { ...EMAIL, attachments: [REFUND] });
      store.putEmail(ann, 'e1', { ...EMAIL, attachments: [REFUND, PHOTO] });
    });
    expect(db.prepare('SELECT n FROM files_written').pluck().get()).toBe(1);
    expect(found(db, 'zeppelin')).toEqual([]);
    const documents = db.prepare('SELECT count(*) FROM search_documents').pluck();
    expect(store.unindexedSearchDocuments()).toBe(documents.get());
    store.indexSearchDocuments();
    expect(found(db, 'zeppelin')).toEqual([['e1', 'files']]);
    expect(found(db, 'wombat')).toEqual([['e1', 'files']]);
    indexMatchesDocuments(db);
    db.close();
  });

  it('finds the files of an e-mail the agent sent', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const ann = store.accountId(ACCOUNT);
    store.upsertInteraction(ann, snapshot('sent', 'email'), 1_000);
    store.putSentEmail(
      ann,
      'sent',
      { ...EMAIL, bcc: [], sentAt: 2_000, attachments: [{ id: 'n1', name: 'narwhal.txt' }] },
      'Please resend it.',
    );
    expect(found(db, 'narwhal')).toEqual([['sent', 'files']]);
    db.close();
  });

  it('leaves nothing of the names once the retention purge deletes the e-mail', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const ann = store.accountId(ACCOUNT);
    store.transaction(() => {
      store.upsertInteraction(ann, snapshot('old', 'email'), 1_000);
      store.putEmail(ann, 'old', { ...EMAIL, attachments: [REFUND] });
      store.markEnded(ann, 'old', 'Completed', 2_000);
      store.upsertInteraction(ann, snapshot('kept', 'email'), 1_000);
      store.putEmail(ann, 'kept', { ...EMAIL, attachments: [PHOTO] });
    });
    expect(purgeAll(store, 3_000).interactions).toBe(1);
    expect(found(db, 'wombat')).toEqual([]);
    expect(fileDocuments(db)).toEqual([{ interaction_id: 'kept', body: 'Zeppelin_Schaden.JPG' }]);
    indexMatchesDocuments(db);
    db.close();
  });

  it('upgrades a cache at 210: nothing lost, the files found at once, in the order stored', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    const store = new CacheStore(db);
    const ann = store.accountId(ACCOUNT);
    store.transaction(() => {
      store.upsertInteraction(ann, snapshot('chat-1', 'chat'), 1_000);
      store.addChatEvents(ann, 'chat-1', [
        { eventId: 1, kind: 'message', authorName: 'Maria', text: 'my parcel never arrived' },
      ]);
      for (const id of ['two-files', 'no-files', 'blank-name'])
        store.upsertInteraction(ann, snapshot(id, 'email'), 2_000);
    });
    store.putEmail(ann, 'two-files', EMAIL);
    store.putEmail(ann, 'no-files', EMAIL);
    // The files as that build stored them: rows with no document (today's store would make one).
    const file = db.prepare(
      'INSERT INTO attachments (account_id, interaction_id, id, name) VALUES (?, ?, ?, ?)',
    );
    file.run(ann, 'two-files', 'b', PHOTO.name);
    file.run(ann, 'two-files', 'a', REFUND.name);
    file.run(ann, 'blank-name', 'a', ' \t');
    expect(db.pragma('user_version', { simple: true })).toBe(210);
    const tables = ['interactions', 'chat_messages', 'emails', 'attachments', 'search_documents'];
    // Read with the columns they have now: later migrations' new ones are theirs to check.
    const columns = tables.map((table) => [table, columnsOf(db, table)] as const);
    const everything = () => columns.map(([table, names]) => rowsIn(db, table, names, '1, 2, 3'));
    const before = everything();

    migrate(db);

    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const after = everything();
    // Every row as it was; the documents gained the files' alone.
    expect(after.slice(0, 4)).toEqual(before.slice(0, 4));
    expect((after[4] as { ref: string }[]).filter((document) => document.ref !== 'files')).toEqual(
      before[4],
    );
    expect(fileDocuments(db)).toEqual([
      { interaction_id: 'two-files', body: 'Zeppelin_Schaden.JPG\nwombat-refund.pdf' },
    ]);

    // Found with no indexing pass: the migration indexed them and moved the mark past them.
    const upgraded = new CacheStore(db);
    upgraded.deferSearchIndexing();
    expect(upgraded.unindexedSearchDocuments()).toBe(0);
    expect(found(db, 'wombat')).toEqual([['two-files', 'files']]);
    expect(found(db, 'parcel')).toEqual([['chat-1', 'chat']]);
    indexMatchesDocuments(db);

    // From now on the store keeps it: a file added replaces the migration's document.
    upgraded.transaction(() => {
      upgraded.putEmail(ann, 'two-files', {
        ...EMAIL,
        attachments: [{ id: 'c', name: 'narwhal.txt' }],
      });
    });
    upgraded.indexSearchDocuments();
    expect(found(db, 'narwhal')).toEqual([['two-files', 'files']]);
    expect(found(db, 'wombat')).toEqual([['two-files', 'files']]);
    indexMatchesDocuments(db);
    db.close();
  });
});
