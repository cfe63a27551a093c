import type { Migration } from './types';

/**
 * What lets the desk check an account's password with no server (offline review): a slow
 * salted hash of the password the server last accepted (scrypt, with its cost parameters kept
 * beside it so that a later build may raise them), never the password itself. A row per
 * account, written at each successful online sign-in; an account with none cannot be opened
 * offline until it signs in online once.
 */
export const migration0240: Migration = {
  version: 240,
  name: 'password verifiers',
  up: (db) => {
    db.exec(`
      CREATE TABLE password_verifiers (
        account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
        salt BLOB NOT NULL CHECK (length(salt) >= 16),
        hash BLOB NOT NULL CHECK (length(hash) >= 32),
        cost INTEGER NOT NULL CHECK (cost >= 1024),
        block_size INTEGER NOT NULL CHECK (block_size >= 1),
        parallelism INTEGER NOT NULL CHECK (parallelism >= 1)
      ) STRICT;
    `);
  },
};
