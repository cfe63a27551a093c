import type { Migration } from './types';

/**
 * The routing and case-data settings per account (issue 13's Settings): the agent of one
 * contact center keeps its disposition codes, key, requirement, editable keys and the queue
 * names its Transfer panel offers, apart from another's on the same desk. A row per account in
 * `account_case_preferences`; an account without one reads migration 0080's desk-wide row
 * (what was chosen before this migration, or before any sign-in), which gains the queue names
 * too (an empty list: nothing is offered that the agent did not add).
 */
export const migration0110: Migration = {
  version: 110,
  name: 'account case preferences',
  up: (db) => {
    db.exec(`
      ALTER TABLE case_preferences ADD COLUMN transfer_queue_names TEXT NOT NULL DEFAULT '[]'
        CHECK (json_valid(transfer_queue_names) AND json_type(transfer_queue_names) = 'array');

      CREATE TABLE account_case_preferences (
        account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
        editable_keys TEXT NOT NULL CHECK (json_valid(editable_keys) AND json_type(editable_keys) = 'array'),
        disposition_codes TEXT NOT NULL CHECK (json_valid(disposition_codes) AND json_type(disposition_codes) = 'array'),
        disposition_key TEXT NOT NULL,
        disposition_required INTEGER NOT NULL CHECK (disposition_required IN (0, 1)),
        transfer_queue_names TEXT NOT NULL CHECK (json_valid(transfer_queue_names) AND json_type(transfer_queue_names) = 'array')
      ) STRICT;
    `);
  },
};
