import type { Migration } from './types';

/**
 * The consultation this desk's agent started on a chat and has not completed: whom it consults
 * (the target InitiateConsultation was given, a user id or user name), on the interaction's row.
 * The server's notifications never say a consultation is open (the owner's chat stays
 * Accepted), so the desk keeps it where a restart or a reloaded window finds it. Empty for the
 * rows cached before it: no consultation was remembered across a restart then.
 */
export const migration0210: Migration = {
  version: 210,
  name: 'consultation target',
  up: (db) => {
    db.exec('ALTER TABLE interactions ADD COLUMN consultation_target TEXT');
  },
};
