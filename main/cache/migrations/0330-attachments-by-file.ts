import type { Migration } from './types';

/**
 * An index of the attachments by their local file. Whether any attachment still uses a file
 * (content-addressed files are shared: `CacheStore.filesNoRowUses`) is asked for every file the
 * retention purge frees, twice (in its transaction, and again alone in the attachments folder
 * before deleting it), and for every file a draft lets go; a file found lost is looked up by it
 * too. Without an index each question read the whole table: 0.65 ms at 13,000 attachments, and
 * a purge of 22,000 old interactions of a 55,000-interaction cache spent 6.8 s of its 16.5 s of
 * main-thread CPU on them, its transactions and deletions holding the thread well past their
 * 8 ms slice, more the more attachments the cache keeps.
 */
export const migration0330: Migration = {
  version: 330,
  name: 'attachments by file',
  up: (db) => {
    db.exec(
      'CREATE INDEX attachments_by_file ON attachments (local_path) WHERE local_path IS NOT NULL',
    );
  },
};
