import { searchableText } from '../searchText';
import type { Database } from 'better-sqlite3';
import type { Migration } from './types';

/**
 * The search documents cached before the index split unspaced scripts (Chinese, Japanese,
 * Thai, Korean…) into characters (see searchableText) made again that way, so that a word of
 * theirs is found in the lines cached before it too. An indexed document leaves the index with
 * its old text (FTS5 external content needs it) and comes back with the new; one still waiting
 * for the writer's batch (above the mark of migration 0070) is indexed by it as it is now.
 */
export const migration0260: Migration = {
  version: 260,
  name: 'unspaced scripts',
  up: (db) => {
    remakeSearchableText(db, searchableText);
  },
};

/**
 * Makes every search document's body again with `make`, in the index too: the pass of 0260, and
 * of each later change to how searchableText makes them.
 */
export function remakeSearchableText(db: Database, make: (body: string) => string): void {
  const through = db
    .prepare('SELECT indexed_through FROM search_index_progress WHERE id = 1')
    .pluck()
    .get() as number;
  // In slices, each read whole before it is written (the connection cannot write while a read
  // is open on it), so that a large cache's documents are never all in memory at once.
  const slice = db.prepare(
    'SELECT rowid, body FROM search_documents WHERE rowid > ? ORDER BY rowid LIMIT 1000',
  );
  const unindex = db.prepare(
    "INSERT INTO search_index (search_index, rowid, body) VALUES ('delete', ?, ?)",
  );
  const rewrite = db.prepare('UPDATE search_documents SET body = ? WHERE rowid = ?');
  const index = db.prepare('INSERT INTO search_index (rowid, body) VALUES (?, ?)');
  let after = 0;
  for (;;) {
    const documents = slice.all(after) as { rowid: number; body: string }[];
    if (documents.length === 0) break;
    after = documents.at(-1)?.rowid ?? after;
    for (const { rowid, body } of documents) {
      const split = make(body);
      if (split === body) continue;
      const indexed = rowid <= through;
      if (indexed) unindex.run(rowid, body);
      rewrite.run(split, rowid);
      if (indexed) index.run(rowid, split);
    }
  }
}
