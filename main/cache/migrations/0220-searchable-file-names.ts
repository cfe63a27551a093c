import { BLANKS } from './0200-searchable-comments';
import { indexDocumentsWrittenBy } from './newSearchDocuments';
import type { Migration } from './types';

/**
 * An interaction's files found by their names: one search document (kind `email`, ref
 * `files`) holding the names of its attachments, one a line, in the order they were first
 * stored, which the store keeps from now on as attachments come and go; this writes those of
 * the interactions cached with files, indexed at once ({@link indexDocumentsWrittenBy}).
 */
export const migration0220: Migration = {
  version: 220,
  name: 'searchable file names',
  up: (db) => {
    indexDocumentsWrittenBy(db, () => {
      // Left out, as the store leaves it: a document whose body trims to nothing. The WHERE
      // clause keeps SQLite from reading ON CONFLICT as a join's ON.
      db.prepare(
        `INSERT INTO search_documents (account_id, interaction_id, kind, ref, body)
           SELECT account_id, interaction_id, 'email', 'files', body
           FROM (SELECT account_id, interaction_id,
                        group_concat(name, char(10) ORDER BY rowid) AS body
                 FROM attachments
                 GROUP BY account_id, interaction_id)
           WHERE trim(body, @blanks) <> ''
           ORDER BY account_id, interaction_id
         ON CONFLICT (account_id, interaction_id, kind, ref) DO NOTHING`,
      ).run({ blanks: BLANKS });
    });
  },
};
