import type { Migration } from './types';

/**
 * The name the agent joins chats under (003 "Accept" on a chat: `nickname`), which until now
 * the desk never sent, so customers read the name the server has for the agent. Kept like the
 * queue of migration 0170: a row per account, and a desk-wide row (`id = 1`) that an account
 * without its own row reads; without either, or blank, no nickname is sent.
 */
export const migration0180: Migration = {
  version: 180,
  name: 'chat preferences',
  up: (db) => {
    db.exec(`
      CREATE TABLE chat_preferences (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        nickname TEXT NOT NULL
      ) STRICT;

      CREATE TABLE account_chat_preferences (
        account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
        nickname TEXT NOT NULL
      ) STRICT;
    `);
  },
};
