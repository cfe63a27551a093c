import type { Migration } from './types';

/**
 * The queue a new e-mail waits in, which 002's CreateEmail must name: until now always the GWS
 * samples' `SimpleEmailOutQueue`, which a contact center may not have. Kept like the shortcuts of migration 0140: a row per
 * account, and a desk-wide row (`id = 1`) that an account without its own row reads; without
 * either, the desk names the samples' queue as before.
 */
export const migration0170: Migration = {
  version: 170,
  name: 'outbound e-mail queue',
  up: (db) => {
    const column = `
        outbound_queue TEXT NOT NULL CHECK (length(trim(outbound_queue)) > 0)`;
    db.exec(`
      CREATE TABLE email_preferences (
        id INTEGER PRIMARY KEY CHECK (id = 1),${column}
      ) STRICT;

      CREATE TABLE account_email_preferences (
        account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,${column}
      ) STRICT;
    `);
  },
};
