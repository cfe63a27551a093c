import type { Migration } from './types';

/**
 * Chat lines stored in the order of their key (account, interaction, event id), a table
 * WITHOUT ROWID: the first schema kept them in a rowid table beside a unique index of that key,
 * so storing a line wrote two B-trees, and each commit of a chat line one page more (issue 10's
 * ingest benchmark: about 0.6 of the ~7 pages a message's commit writes). Nothing refers to a
 * line's rowid. The lines are copied as they are; the index of joins (migration 0030) is made
 * again on the new table.
 */
export const migration0150: Migration = {
  version: 150,
  name: 'chat lines by key',
  up: (db) => {
    db.exec(`
      CREATE TABLE chat_lines_by_key (
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
      ) STRICT, WITHOUT ROWID;

      INSERT INTO chat_lines_by_key (account_id, interaction_id, event_id, kind, author_type,
          author_name, author_id, text, notice_type, visibility, at)
        SELECT account_id, interaction_id, event_id, kind, author_type, author_name, author_id,
          text, notice_type, visibility, at
        FROM chat_messages ORDER BY account_id, interaction_id, event_id;

      DROP TABLE chat_messages;
      ALTER TABLE chat_lines_by_key RENAME TO chat_messages;

      CREATE INDEX chat_messages_joined
        ON chat_messages (account_id, interaction_id, event_id, author_name)
        WHERE kind = 'joined' AND author_name IS NOT NULL;
    `);
  },
};
