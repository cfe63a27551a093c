import type { Migration } from './types';

/**
 * The contacts' history from UCS (issue 13 item 6), kept so that it reads offline: per contact,
 * when the server last listed its history (`contact_histories`), and each listed interaction
 * (`contact_history_entries`) with the content GetInteractionContent answered once the agent
 * opened it (JSON: the chat's events and an e-mail's body). Entries are keyed by interaction:
 * an interaction has one contact. Opened contents are also search documents (kind chat/email,
 * ref 'ucs'), so desk search finds them.
 */
export const migration0100: Migration = {
  version: 100,
  name: 'contact history',
  up: (db) => {
    db.exec(`
      CREATE TABLE contact_histories (
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        contact_id TEXT NOT NULL,
        fetched_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, contact_id)
      ) STRICT;
      CREATE TABLE contact_history_entries (
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        interaction_id TEXT NOT NULL,
        contact_id TEXT NOT NULL,
        media_type TEXT,
        subject TEXT,
        state TEXT,
        started_at INTEGER,
        ended_at INTEGER,
        owner_name TEXT,
        listed_at INTEGER NOT NULL,
        content TEXT CHECK (content IS NULL OR json_valid(content)),
        content_fetched_at INTEGER,
        PRIMARY KEY (account_id, interaction_id)
      ) STRICT;
      CREATE INDEX contact_history_by_contact
        ON contact_history_entries (account_id, contact_id, started_at);
    `);
  },
};
