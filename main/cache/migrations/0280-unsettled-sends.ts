import type { Migration } from './types';

/**
 * The e-mail Sends whose fate the desk could not learn (the server did not answer, and could
 * not be asked), per account, keyed by the draft's interaction id: what the Send asked the
 * server to send (`changes`, Send's `email_object` as validated, JSON), every file on the draft
 * when the caller named them (`files`, JSON, NULL when the cache's list is taken), the draft as
 * the cache held it before Send (`draft`, JSON, NULL with none cached) and when the Send was
 * attempted (`attempted_at`, ms). A restarted desk resumes asking the server about them, and
 * keeps one found sent with what it carried. No foreign key to `interactions`: like a draft, it
 * outlives its interaction's row. Settled ones are deleted.
 */
export const migration0280: Migration = {
  version: 280,
  name: 'unsettled sends',
  up: (db) => {
    db.exec(`
      CREATE TABLE unsettled_sends (
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        interaction_id TEXT NOT NULL,
        changes TEXT,
        files TEXT,
        draft TEXT,
        attempted_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, interaction_id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
