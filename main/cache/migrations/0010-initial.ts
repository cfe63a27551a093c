import type { Migration } from './types';

/**
 * The first schema. Every table is keyed by `account_id`, so one cache holds several servers
 * and agents without mixing them. Search rows are written explicitly by the code that writes
 * the row they index, in the same transaction: a trigger would be ~3x slower (TOOLCHAIN.md).
 */
export const migration0010: Migration = {
  version: 10,
  name: 'initial schema',
  up: (db) => {
    db.exec(`
      CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        server_url TEXT NOT NULL,
        user_name TEXT NOT NULL,
        UNIQUE (server_url, user_name)
      ) STRICT;

      CREATE TABLE interactions (
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        channel TEXT NOT NULL,
        type TEXT,
        sub_type TEXT,
        state TEXT NOT NULL,
        subject TEXT,
        from_address TEXT,
        to_addresses TEXT NOT NULL DEFAULT '[]',
        queue TEXT,
        capabilities TEXT NOT NULL DEFAULT '[]',
        user_data TEXT NOT NULL DEFAULT '{}',
        thread_id TEXT,
        parent_id TEXT,
        contact_id TEXT,
        first_seen_at INTEGER NOT NULL,
        accepted_at INTEGER,
        ended_at INTEGER,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, id)
      ) STRICT;
      CREATE INDEX interactions_by_activity ON interactions (account_id, ended_at, updated_at DESC);
      CREATE INDEX interactions_by_channel_end ON interactions (account_id, channel, ended_at DESC);

      -- Append-only: what happened to each interaction, in arrival order.
      CREATE TABLE interaction_events (
        seq INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        interaction_id TEXT NOT NULL,
        type TEXT NOT NULL,
        state TEXT,
        at INTEGER NOT NULL,
        payload TEXT NOT NULL
      ) STRICT;
      CREATE INDEX interaction_events_by_interaction ON interaction_events (account_id, interaction_id, seq);

      CREATE TABLE chat_messages (
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        interaction_id TEXT NOT NULL,
        event_id INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('message', 'notice', 'joined', 'left')),
        author_type TEXT,
        author_name TEXT,
        author_id TEXT,
        text TEXT,
        notice_type TEXT,
        visibility TEXT,
        at INTEGER,
        PRIMARY KEY (account_id, interaction_id, event_id)
      ) STRICT;

      CREATE TABLE emails (
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        interaction_id TEXT NOT NULL,
        from_address TEXT,
        to_addresses TEXT NOT NULL DEFAULT '[]',
        cc_addresses TEXT NOT NULL DEFAULT '[]',
        subject TEXT,
        text TEXT,
        html TEXT,
        PRIMARY KEY (account_id, interaction_id)
      ) STRICT;

      CREATE TABLE attachments (
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        interaction_id TEXT NOT NULL,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        size INTEGER,
        mime_type TEXT,
        local_path TEXT,
        sha256 TEXT,
        downloaded_at INTEGER,
        PRIMARY KEY (account_id, interaction_id, id)
      ) STRICT;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      -- The documents the search index holds; FTS5 keeps only the index (external content).
      CREATE TABLE search_documents (
        rowid INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        interaction_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('chat', 'email', 'parties')),
        ref TEXT NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (account_id, interaction_id, kind, ref)
      ) STRICT;
      CREATE VIRTUAL TABLE search_index USING fts5 (
        body,
        content = 'search_documents',
        content_rowid = 'rowid',
        tokenize = 'unicode61 remove_diacritics 2'
      );
    `);
  },
};
