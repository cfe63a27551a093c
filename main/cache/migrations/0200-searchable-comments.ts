import type { Migration } from './types';

/**
 * What `String.prototype.trim` strips, as SQLite's `trim(X, Y)` takes it: the store leaves out
 * a document whose body trims to nothing (CacheStore.putSearchDocument), and so does this
 * migration. SQLite's `trim(X)` strips spaces alone.
 */
export const BLANKS =
  '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a' +
  '\u2028\u2029\u202f\u205f\u3000\ufeff';

/**
 * An e-mail's comment made searchable: a search document of its own (kind `email`, ref
 * `comment`) beside the subject and text's (ref ''), which `putEmail` keeps from now on; this
 * writes those of the e-mails cached with a comment (migration 0190).
 *
 * The new documents are indexed here, with any a crash left unindexed, as the cache writer's
 * next batch would (migration 0070's mark then moves past them): a search right after the
 * upgrade finds them whoever opens the cache, a store whose indexing is not deferred too (it
 * indexes only when it next stores a document). A document above the mark is left to the
 * batch; one that gets a rowid at or below it (SQLite reuses the rowids of the newest documents
 * once deleted) would never be: those are the new documents here, all above the highest
 * rowid there was, so what is indexed is what lies above the lower of the two.
 */
export const migration0200: Migration = {
  version: 200,
  name: 'searchable comments',
  up: (db) => {
    const { through, newest } = db
      .prepare(
        `SELECT (SELECT indexed_through FROM search_index_progress WHERE id = 1) AS through,
                (SELECT coalesce(max(rowid), 0) FROM search_documents) AS newest`,
      )
      .get() as { through: number; newest: number };
    // The WHERE clause also keeps SQLite from reading ON CONFLICT as a join's ON.
    db.prepare(
      `INSERT INTO search_documents (account_id, interaction_id, kind, ref, body)
         SELECT account_id, interaction_id, 'email', 'comment', comment FROM emails
         WHERE comment IS NOT NULL AND trim(comment, @blanks) <> ''
         ORDER BY account_id, interaction_id
       ON CONFLICT (account_id, interaction_id, kind, ref) DO NOTHING`,
    ).run({ blanks: BLANKS });
    db.prepare(
      `INSERT INTO search_index (rowid, body)
         SELECT rowid, body FROM search_documents WHERE rowid > ? ORDER BY rowid`,
    ).run(Math.min(through, newest));
    db.prepare(
      `UPDATE search_index_progress
         SET indexed_through = max(indexed_through, (SELECT coalesce(max(rowid), 0) FROM search_documents))
       WHERE id = 1`,
    ).run();
  },
};
