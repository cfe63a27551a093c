import type { Migration } from './types';

/**
 * An index of each account's interactions by end, newest first, then id: History's order. The
 * activity index (account_id, ended_at, updated_at) gives the ends but not the id that breaks
 * their ties, so each page sorted every row up to it in a temporary B-tree, read whole from the
 * table: a page of History cost as much more as it lay deeper (500 rows at offset 49,000 of a
 * 50,000-interaction cache: 55–61 ms of the main thread, against 4 ms for the first), and an
 * agent scrolling back months of work met it at every page. Through this index a page skips
 * the rows before it in the index alone (~6 ms at that depth).
 */
export const migration0320: Migration = {
  version: 320,
  name: 'history by end',
  up: (db) => {
    db.exec(
      'CREATE INDEX interactions_by_end ON interactions (account_id, ended_at DESC, id) WHERE ended_at IS NOT NULL',
    );
  },
};
