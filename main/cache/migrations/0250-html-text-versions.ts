import type { Migration } from './types';

/**
 * Which `htmlToText` (its HTML_TEXT_VERSION, common/htmlText.ts) made the search documents of
 * an account's HTML-only e-mails, so that the mail cached before a change of it is made again
 * (main/workstation/htmlReindex.ts) and found by the words the current one makes. A row per
 * account; an account with none has documents older than any version recorded (0). While a
 * pass to a newer version runs, `redoing` is that version and `redone_through` the last
 * e-mail (by interaction id, the order of the primary key) it made again: a restart resumes
 * there, and a pass to yet another version starts over.
 */
export const migration0250: Migration = {
  version: 250,
  name: 'html text versions',
  up: (db) => {
    db.exec(`
      CREATE TABLE html_text_versions (
        account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
        version INTEGER NOT NULL CHECK (version >= 0),
        redoing INTEGER CHECK (redoing > version),
        redone_through TEXT,
        CHECK ((redoing IS NULL) = (redone_through IS NULL))
      ) STRICT;
    `);
  },
};
