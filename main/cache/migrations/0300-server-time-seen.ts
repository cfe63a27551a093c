import type { Migration } from './types';

/**
 * The server's time when the desk last saw it (ms since epoch, `at`), one row for the whole
 * desk: the retention purge spans every account, and a start measures this machine's clock
 * against it before purging (CacheWriter.clockDoubtMs). Written at each sign-in whose answers
 * carried a `Date`; none before the first.
 */
export const migration0300: Migration = {
  version: 300,
  name: 'server time seen',
  up: (db) => {
    db.exec(`
      CREATE TABLE server_time_seen (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        at INTEGER NOT NULL CHECK (at > 0)
      ) STRICT;
    `);
  },
};
