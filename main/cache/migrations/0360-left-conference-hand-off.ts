import type { Migration } from './types';

/**
 * A hand-off of the kind `leftConference`: the agent left a chat's conference (EndConference),
 * which stays with the colleagues still in it. Migration 0230's CHECK allowed only the kinds
 * then made, so History said "Done" of a conference the agent left. SQLite cannot change a
 * column's CHECK in place: the column is made again with the new one, its values copied, and
 * the old one dropped (which rewrites the table once; nothing cached is lost).
 */
export const migration0360: Migration = {
  version: 360,
  name: 'left-conference hand-off',
  up: (db) => {
    db.exec(`ALTER TABLE interactions ADD COLUMN handoff_kind_360 TEXT
        CHECK (handoff_kind_360 IN ('agent', 'queue', 'workbin', 'consultTransfer',
          'leftConference'));
      UPDATE interactions SET handoff_kind_360 = handoff_kind WHERE handoff_kind IS NOT NULL;
      ALTER TABLE interactions DROP COLUMN handoff_kind;
      ALTER TABLE interactions RENAME COLUMN handoff_kind_360 TO handoff_kind`);
  },
};
