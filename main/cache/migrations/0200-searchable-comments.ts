import { indexDocumentsWrittenBy } from './newSearchDocuments';
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
 * writes those of the e-mails cached with a comment (migration 0190), indexed at once
 * ({@link indexDocumentsWrittenBy}).
 */
export const migration0200: Migration = {
  version: 200,
  name: 'searchable comments',
  up: (db) => {
    indexDocumentsWrittenBy(db, () => {
      // The WHERE clause also keeps SQLite from reading ON CONFLICT as a join's ON.
      db.prepare(
        `INSERT INTO search_documents (account_id, interaction_id, kind, ref, body)
           SELECT account_id, interaction_id, 'email', 'comment', comment FROM emails
           WHERE comment IS NOT NULL AND trim(comment, @blanks) <> ''
           ORDER BY account_id, interaction_id
         ON CONFLICT (account_id, interaction_id, kind, ref) DO NOTHING`,
      ).run({ blanks: BLANKS });
    });
  },
};
