import type { Migration } from './types';

/**
 * The name the agent joins chats under (003 "Accept" on a chat: `nickname`), which until now
 * the desk never sent, so customers read the name the server has for the agent. A row per
 * account and no desk-wide one, unlike the other preferences: a name is one agent's, and a
 * shared desk must not lend it to the next. Without a row, or blank, no nickname is sent.
 */
export const migration0180: Migration = {
  version: 180,
  name: 'chat preferences',
  up: (db) => {
    db.exec(`
      CREATE TABLE account_chat_preferences (
        account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
        nickname TEXT NOT NULL
      ) STRICT;
    `);
  },
};
