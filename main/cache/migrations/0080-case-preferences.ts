import type { Migration } from './types';

/**
 * The agent's case-data preferences (issue 13): which userData keys the agent may edit, the
 * disposition codes offered, the key a disposition is stored under and whether Done needs one.
 * A table of its own beside `preferences`, so a cache of the older schemas keeps its row there
 * untouched; no row here means the defaults (main/cache/deskState.ts). The lists are JSON
 * arrays of strings, checked by SQLite on the way in and by the settings schema on the way out.
 */
export const migration0080: Migration = {
  version: 80,
  name: 'case preferences',
  up: (db) => {
    db.exec(`
      CREATE TABLE case_preferences (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        editable_keys TEXT NOT NULL CHECK (json_valid(editable_keys) AND json_type(editable_keys) = 'array'),
        disposition_codes TEXT NOT NULL CHECK (json_valid(disposition_codes) AND json_type(disposition_codes) = 'array'),
        disposition_key TEXT NOT NULL,
        disposition_required INTEGER NOT NULL CHECK (disposition_required IN (0, 1))
      ) STRICT;
    `);
  },
};
