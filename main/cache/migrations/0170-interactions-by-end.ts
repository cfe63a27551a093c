import type { Migration } from './types';

/**
 * The index of interactions by activity, (account, end, last change), replaced by two partial
 * ones that a change to a live interaction leaves alone: the inbox's rows by account, and the
 * history's by account and end. The old index held `updated_at`, which every snapshot that
 * changes an interaction moves (a new chat line's, an e-mail's update), so each such commit
 * wrote one more B-tree page (issue 10's ingest benchmark: about 0.67 of the ~5.4 pages a
 * message's commit wrote). The inbox, a few hundred rows at most, is sorted by last change when
 * read; the history keeps its index order, newest end first.
 */
export const migration0170: Migration = {
  version: 170,
  name: 'interactions by end',
  up: (db) => {
    db.exec(`
      DROP INDEX IF EXISTS interactions_by_activity;
      CREATE INDEX interactions_live ON interactions (account_id, ended_at) WHERE ended_at IS NULL;
      CREATE INDEX interactions_ended ON interactions (account_id, ended_at DESC, updated_at)
        WHERE ended_at IS NOT NULL;
    `);
  },
};
