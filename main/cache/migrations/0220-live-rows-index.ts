import type { Migration } from './types';

/**
 * The indexes of `interactions` that order the history hold ended interactions only (partial
 * indexes), and a small index finds the live ones. Before, `interactions_by_activity` held every
 * row with its `updated_at`, so every change of a live interaction (each chat line's snapshot)
 * moved the row's entry in it: one more page for each commit to write, about a tenth of what a
 * message's commit writes (bench (a): 5.13 pages per message before, 4.67 after). An ended
 * interaction's row rarely changes; a live one's `updated_at` is now in its row alone, and the
 * inbox (a few dozen live rows) is sorted as it is read. SQLite keeps a partial index current by
 * itself: a row enters these as it ends, and leaves them if it is offered again.
 */
export const migration0220: Migration = {
  version: 220,
  name: 'history indexes hold ended interactions only',
  up: (db) => {
    db.exec(`
      DROP INDEX interactions_by_activity;
      DROP INDEX interactions_by_channel_end;
      CREATE INDEX interactions_by_activity ON interactions (account_id, ended_at, updated_at DESC)
        WHERE ended_at IS NOT NULL;
      CREATE INDEX interactions_by_channel_end ON interactions (account_id, channel, ended_at DESC)
        WHERE ended_at IS NOT NULL;
      CREATE INDEX interactions_live ON interactions (account_id) WHERE ended_at IS NULL;
    `);
  },
};
