import type { Migration } from './types';

/**
 * An index of the chat lines that name a party joining, and only those (a partial index). The
 * parties search document lists a chat's participants; reading them through the primary key
 * read every line of the transcript, so each stored line cost more as the chat grew (1.08 ms a
 * line at 6,600 lines). Through this index the read costs one entry per join. SQLite keeps it
 * current by itself: a line that is not a join is not added to it.
 */
export const migration0030: Migration = {
  version: 30,
  name: 'index of chat joins',
  up: (db) => {
    db.exec(`
      CREATE INDEX chat_messages_joined
        ON chat_messages (account_id, interaction_id, event_id, author_name)
        WHERE kind = 'joined' AND author_name IS NOT NULL;
    `);
  },
};
