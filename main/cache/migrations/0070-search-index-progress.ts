import type { Migration } from './types';

/**
 * How far the full-text index has read `search_documents`. A document is stored with the row
 * it indexes, in the same transaction, but the cache writer adds it to the FTS5 index later, in
 * batches: every FTS5 commit writes a new index segment and merges old ones, which cost more
 * than the rest of a chat line's writes together when done once per line. Documents above
 * `indexed_through` are stored but not yet indexed; the writer indexes them within moments
 * (and at start, after a crash). Every document in a cache of the older schemas is indexed.
 */
export const migration0070: Migration = {
  version: 70,
  name: 'search index progress',
  up: (db) => {
    db.exec(`
      CREATE TABLE search_index_progress (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        indexed_through INTEGER NOT NULL
      ) STRICT;
      INSERT INTO search_index_progress (id, indexed_through)
        SELECT 1, coalesce(max(rowid), 0) FROM search_documents;
    `);
  },
};
