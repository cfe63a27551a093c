import type { Migration } from './types';

/**
 * The senders whose remote images the agent chose to see ("Show images from this sender"), per
 * account. Remote images are blocked by default (they tell the sender when and where the mail
 * was read); a row here lifts that for one address. `address` is stored normalized (lower case,
 * without a display name), so one row covers every spelling of the same sender.
 */
export const migration0040: Migration = {
  version: 40,
  name: 'remote image senders',
  up: (db) => {
    db.exec(`
      CREATE TABLE remote_image_senders (
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        address TEXT NOT NULL,
        allowed_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, address)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
