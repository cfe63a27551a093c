import type { Database } from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { searchCache } from './search';
import { CacheStore } from './store';
import { purgeAll } from '../../tests/support/purge';
import { indexMatchesDocuments } from '../../tests/support/searchIndex';

const opened: Database[] = [];

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function cache(): { db: Database; store: CacheStore; account: number } {
  const db = openDatabase(':memory:');
  opened.push(db);
  const store = new CacheStore(db);
  return { db, store, account: store.accountId({ serverUrl: 's', userName: 'u' }) };
}

function chat(store: CacheStore, account: number, id: string, subject: string): void {
  store.upsertInteraction(
    account,
    { id, channel: 'chat', state: 'Accepted', subject, capabilities: [], userData: {} },
    1,
  );
}

/** What a search finds: the interaction ids with the kind of their best hit. */
function found(db: Database, text: string): string[] {
  return searchCache(db, { text, limit: 100 })
    .map((hit) => `${hit.interaction.id}:${hit.kind}`)
    .sort();
}

describe('search documents indexed in batches (CacheStore.deferSearchIndexing)', () => {
  it('stores documents at once and finds them once indexed, in one batch', () => {
    const { db, store, account } = cache();
    store.deferSearchIndexing();
    store.transaction(() => {
      chat(store, account, 'c1', 'Parcel');
      store.addChatEvents(account, 'c1', [
        { eventId: 1, kind: 'message', authorName: 'Maria', text: 'my parcel is lost' },
        { eventId: 2, kind: 'message', authorName: 'Maria', text: 'tracking says delivered' },
      ]);
    });
    // The subject's parties document and two lines: stored, not yet in the index.
    expect(store.unindexedSearchDocuments()).toBe(3);
    expect(found(db, 'tracking')).toEqual([]);

    expect(store.indexSearchDocuments()).toBe(3);
    expect(store.unindexedSearchDocuments()).toBe(0);
    expect(found(db, 'tracking')).toEqual(['c1:chat']);
    expect(found(db, 'parcel')).toHaveLength(1);
    expect(store.indexSearchDocuments()).toBe(0);
    indexMatchesDocuments(db);
  });

  it('indexes as it writes by default, as a store always did', () => {
    const { db, store, account } = cache();
    chat(store, account, 'c1', 'Refund');
    store.addChatEvents(account, 'c1', [{ eventId: 1, kind: 'message', text: 'charged twice' }]);
    expect(store.unindexedSearchDocuments()).toBe(0);
    expect(found(db, 'twice')).toEqual(['c1:chat']);
  });

  it('replaces and purges documents whether or not they were indexed yet', () => {
    const { db, store, account } = cache();
    store.deferSearchIndexing();
    chat(store, account, 'c1', 'Old subject');
    store.indexSearchDocuments();
    // Indexed, then replaced before the next batch: the old entries leave the index at once.
    chat(store, account, 'c1', 'New subject');
    expect(found(db, 'old')).toEqual([]);
    // Not yet indexed, then replaced: nothing to remove from the index.
    chat(store, account, 'c1', 'Newer subject');
    store.indexSearchDocuments();
    expect(found(db, 'newer')).toEqual(['c1:parties']);
    expect(found(db, 'new')).toEqual([]);
    // Purged with one document indexed and one waiting.
    store.addChatEvents(account, 'c1', [{ eventId: 1, kind: 'message', text: 'waiting line' }]);
    store.markEnded(account, 'c1', 'Completed', 10);
    expect(purgeAll(store, 11).interactions).toBe(1);
    expect(store.unindexedSearchDocuments()).toBe(0);
    store.indexSearchDocuments();
    expect(found(db, 'newer')).toEqual([]);
    expect(found(db, 'waiting')).toEqual([]);
    indexMatchesDocuments(db);
  });

  it('indexes at once a document whose rowid SQLite reused below the batch mark', () => {
    const { db, store, account } = cache();
    store.deferSearchIndexing();
    chat(store, account, 'c1', 'First');
    chat(store, account, 'c2', 'Second');
    store.indexSearchDocuments();
    // The newest document goes; the next one takes its rowid, at the mark.
    store.markEnded(account, 'c2', 'Completed', 5);
    purgeAll(store, 6);
    chat(store, account, 'c3', 'Third');
    expect(store.unindexedSearchDocuments()).toBe(0);
    expect(found(db, 'third')).toEqual(['c3:parties']);
    indexMatchesDocuments(db);
  });

  it('finds what a store indexing as it writes finds, whatever the writes and batches (property)', () => {
    const word = fc.constantFrom('parcel', 'refund', 'card', 'late', 'broken');
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('line' as const),
        chat: fc.integer({ min: 1, max: 4 }),
        eventId: fc.integer({ min: 1, max: 30 }),
        words: fc.array(word, { minLength: 1, maxLength: 3 }),
      }),
      fc.record({
        kind: fc.constant('subject' as const),
        chat: fc.integer({ min: 1, max: 4 }),
        words: fc.array(word, { minLength: 1, maxLength: 2 }),
      }),
      fc.record({ kind: fc.constant('purge' as const), chat: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ kind: fc.constant('index' as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const deferred = cache();
        const immediate = cache();
        deferred.store.deferSearchIndexing();
        for (const [at, next] of steps.entries()) {
          for (const { store, account } of [deferred, immediate]) {
            const id = `c${'chat' in next ? next.chat : 0}`;
            if (next.kind === 'line') {
              chat(store, account, id, 'subject');
              store.addChatEvents(account, id, [
                { eventId: next.eventId, kind: 'message', text: next.words.join(' ') },
              ]);
            } else if (next.kind === 'subject') {
              chat(store, account, id, next.words.join(' '));
            } else if (next.kind === 'purge') {
              store.markEnded(account, id, 'Completed', at);
              purgeAll(store, at + 1);
            } else if (store === deferred.store) {
              store.indexSearchDocuments();
            }
          }
        }
        deferred.store.indexSearchDocuments();
        for (const text of ['parcel', 'refund', 'card', 'late', 'broken', 'subject'])
          expect(found(deferred.db, text)).toEqual(found(immediate.db, text));
        indexMatchesDocuments(deferred.db);
        for (const db of opened.splice(0)) db.close();
      }),
      { numRuns: 60 },
    );
  });
});
