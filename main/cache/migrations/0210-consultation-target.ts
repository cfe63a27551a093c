import type { Migration } from './types';

/**
 * The consultation this desk's agent started on a chat and has not completed, on the
 * interaction's row: whom it consults (`consultation_target`: the target InitiateConsultation
 * was given, a user id or user name) and the last transcript line the cache held when the agent
 * asked (`consultation_after_event`: the consulted colleague is an agent who joins after it).
 * The server's notifications never say a consultation is open (the owner's chat stays
 * Accepted), so the desk keeps it where a restart or a reloaded window finds it. Empty for the
 * rows cached before it: no consultation was remembered across a restart then.
 */
export const migration0210: Migration = {
  version: 210,
  name: 'consultation',
  up: (db) => {
    db.exec(`ALTER TABLE interactions ADD COLUMN consultation_target TEXT;
      ALTER TABLE interactions ADD COLUMN consultation_after_event INTEGER`);
  },
};
