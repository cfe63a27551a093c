import type { Migration } from './types';

/**
 * The queue names the agent keeps for the Transfer panel (issue 13 item 1: "names from the
 * interaction's outQueues/inQueues and settings"), a JSON array beside the other case
 * preferences of migration 0080. Existing rows get an empty list: nothing is offered that the
 * agent did not add.
 *
 * Reserved as 0110 for the merge of issue 13's parts (0090 and 0100 belong to other parts); on
 * this branch alone it is 0090, so the migrations stay numbered without gaps.
 */
export const migration0090: Migration = {
  version: 90,
  name: 'transfer queue names',
  up: (db) => {
    db.exec(`
      ALTER TABLE case_preferences ADD COLUMN transfer_queue_names TEXT NOT NULL DEFAULT '[]'
        CHECK (json_valid(transfer_queue_names) AND json_type(transfer_queue_names) = 'array');
    `);
  },
};
