import type { Migration } from './types';

/**
 * Issue 12, items 5 and 6: the agent's library and the e-mails the agent sent.
 *
 * - `agent_library`: one row per account, its signature and whether the example standard
 *   responses were offered (once: an agent who deletes them does not get them back).
 * - `standard_responses`: the account's standard responses.
 * - `sent_emails`: what the agent sent from this desk, as sent (text, HTML, To/Cc/Bcc), apart
 *   from `emails`, which holds what the server says: the server's later notifications of the
 *   same interaction may carry an empty body, and must not erase what the agent wrote.
 * - `interactions_by_parent`: the replies of an e-mail (its thread) without a scan.
 */
export const migration0060: Migration = {
  version: 60,
  name: 'agent library and sent e-mails',
  up: (db) => {
    db.exec(`
      CREATE TABLE agent_library (
        account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
        signature TEXT NOT NULL DEFAULT '',
        responses_offered INTEGER NOT NULL DEFAULT 0 CHECK (responses_offered IN (0, 1))
      ) STRICT;

      CREATE TABLE standard_responses (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX standard_responses_by_name ON standard_responses (account_id, name COLLATE NOCASE);

      CREATE TABLE sent_emails (
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        interaction_id TEXT NOT NULL,
        from_address TEXT,
        to_addresses TEXT NOT NULL DEFAULT '[]',
        cc_addresses TEXT NOT NULL DEFAULT '[]',
        bcc_addresses TEXT NOT NULL DEFAULT '[]',
        subject TEXT,
        text TEXT,
        html TEXT,
        sent_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, interaction_id)
      ) STRICT;

      CREATE INDEX interactions_by_parent ON interactions (account_id, parent_id)
        WHERE parent_id IS NOT NULL;
    `);
  },
};
