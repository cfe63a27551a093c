import { describe, expect, it } from 'vitest';
import { latestVersion, migrate, openDatabase } from '../database';
import { searchCache } from '../search';
import { CacheStore } from '../store';
import { indexMatchesDocuments } from '../../../tests/support/searchIndex';
import { columnsOf, rowsIn } from '../../../tests/support/upgradeRows';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 70);

describe('migration 0070: how far the search index has read', () => {
  it('creates the mark at 0 on a new cache (:memory:)', () => {
    const db = openDatabase(':memory:');
    expect(db.prepare('SELECT * FROM search_index_progress').all()).toEqual([
      { id: 1, indexed_through: 0 },
    ]);
    db.close();
  });

  it('upgrades a cache holding documents: all of them counted as indexed, nothing lost', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    const store = new CacheStore(db);
    const account = store.accountId({ serverUrl: 'https://gws.example.com', userName: 'ann' });
    store.transaction(() => {
      store.upsertInteraction(
        account,
        {
          id: 'chat-1',
          channel: 'chat',
          state: 'Accepted',
          subject: 'Lost parcel',
          capabilities: [],
          userData: {},
        },
        1_000,
      );
      store.addChatEvents(account, 'chat-1', [
        { eventId: 1, kind: 'message', authorName: 'Maria', text: 'my parcel never arrived' },
        { eventId: 2, kind: 'message', authorName: 'Ann', text: 'let me check the tracking' },
      ]);
    });
    // With the columns they have now: later migrations' new columns are theirs to check.
    const tables = ['interactions', 'chat_messages', 'search_documents'].map(
      (table) => [table, columnsOf(db, table)] as const,
    );
    const everything = () => tables.map(([table, columns]) => rowsIn(db, table, columns));
    const before = everything();
    const { last } = db.prepare('SELECT max(rowid) AS last FROM search_documents').get() as {
      last: number;
    };

    migrate(db, MIGRATIONS);

    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(everything()).toEqual(before);
    expect(db.prepare('SELECT indexed_through FROM search_index_progress').get()).toEqual({
      indexed_through: last,
    });
    const upgraded = new CacheStore(db);
    upgraded.deferSearchIndexing();
    expect(upgraded.unindexedSearchDocuments()).toBe(0);
    expect(searchCache(db, { text: 'tracking' }).map((hit) => hit.interaction.id)).toEqual([
      'chat-1',
    ]);
    // A line written after the upgrade waits for its batch, then is found beside the old ones.
    upgraded.addChatEvents(account, 'chat-1', [
      { eventId: 3, kind: 'message', authorName: 'Maria', text: 'tracking number 42' },
    ]);
    expect(upgraded.unindexedSearchDocuments()).toBe(1);
    upgraded.indexSearchDocuments();
    expect(searchCache(db, { text: 'tracking' })[0]?.snippet).toMatch(/tracking/i);
    indexMatchesDocuments(db);
    db.close();
  });
});
