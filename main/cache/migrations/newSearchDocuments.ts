import type { Database } from 'better-sqlite3';

/**
 * Runs `write`, which adds search documents for rows cached before a migration made them
 * searchable, and indexes the new documents, with any a crash left unindexed, as the cache
 * writer's next batch would (migration 0070's mark then moves past them): a search right after
 * the upgrade finds them whoever opens the cache, a store whose indexing is not deferred too
 * (it indexes only when it next stores a document). A document above the mark is left to the
 * batch; one that gets a rowid at or below it (SQLite reuses the rowids of the newest documents
 * once deleted) would never be: those are the new documents here, all above the highest rowid
 * there was, so what is indexed is what lies above the lower of the two.
 */
export function indexDocumentsWrittenBy(db: Database, write: () => void): void {
  const { through, newest } = db
    .prepare(
      `SELECT (SELECT indexed_through FROM search_index_progress WHERE id = 1) AS through,
              (SELECT coalesce(max(rowid), 0) FROM search_documents) AS newest`,
    )
    .get() as { through: number; newest: number };
  write();
  db.prepare(
    `INSERT INTO search_index (rowid, body)
       SELECT rowid, body FROM search_documents WHERE rowid > ? ORDER BY rowid`,
  ).run(Math.min(through, newest));
  db.prepare(
    `UPDATE search_index_progress
       SET indexed_through = max(indexed_through, (SELECT coalesce(max(rowid), 0) FROM search_documents))
     WHERE id = 1`,
  ).run();
}
