import type { Migration } from './types';

/**
 * E-mail drafts as the agent types them, per account, keyed by the draft's interaction id. No
 * foreign key to `interactions`: a draft outlives its interaction (ended or removed on the
 * server, purged from the cache), so that its text is never lost; the agent discards it. The
 * files on it are kept as a JSON array of `{ id, name, size, mimeType }` (at most a few, always
 * read and written with the draft as a whole).
 */
export const migration0050: Migration = {
  version: 50,
  name: 'e-mail drafts',
  up: (db) => {
    db.exec(`
      CREATE TABLE drafts (
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        interaction_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('reply', 'replyAll', 'forward', 'new')),
        parent_id TEXT,
        to_addresses TEXT NOT NULL DEFAULT '',
        cc_addresses TEXT NOT NULL DEFAULT '',
        bcc_addresses TEXT NOT NULL DEFAULT '',
        subject TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        attachments TEXT NOT NULL DEFAULT '[]',
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, interaction_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX drafts_by_update ON drafts (account_id, updated_at DESC);
    `);
  },
};
