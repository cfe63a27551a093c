import type { Migration } from './types';

/**
 * The event log without its index by interaction. The log is appended to with every arrival and
 * read only by the purge; the index made each commit write one more B-tree page at a random
 * place (issue 10's ingest benchmark: about 1.2 of the ~6.7 pages a message's commit wrote). The
 * purge now deletes a purged interaction's log rows in the one scan of the log it already made
 * for the rows of account-level events (since read in slices by `seq`:
 * CacheStore.retentionPurge), instead of one indexed delete per interaction.
 */
export const migration0160: Migration = {
  version: 160,
  name: 'event log without index',
  up: (db) => {
    db.exec('DROP INDEX IF EXISTS interaction_events_by_interaction');
  },
};
