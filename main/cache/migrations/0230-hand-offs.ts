import type { Migration } from './types';

/**
 * The last hand-off this desk's agent made of an interaction, on its row: how (`handoff_kind`:
 * `agent` for Transfer, `queue`, `workbin`, `consultTransfer` for a consultation completed as
 * a transfer), to whom or where as the operation was given it (`handoff_target`: a user id or
 * name, a queue, a workbin id) and as the desk names it (`handoff_name`), when the server took
 * it (`handoff_at`), and when the interaction came back to this agent afterwards
 * (`handoff_back_at`: the colleague did not take it, routing offered it again). GWS tells the
 * agent who handed an interaction on only that it is over for them (003: the target gets an
 * invitation), so the desk keeps what its agent did where History, a restart and the CLI find
 * it. One per interaction: a later hand-off replaces the one that came back. Empty for the rows
 * cached before it: no hand-off was remembered then.
 */
export const migration0230: Migration = {
  version: 230,
  name: 'hand-offs',
  up: (db) => {
    db.exec(`ALTER TABLE interactions ADD COLUMN handoff_kind TEXT
        CHECK (handoff_kind IN ('agent', 'queue', 'workbin', 'consultTransfer'));
      ALTER TABLE interactions ADD COLUMN handoff_target TEXT;
      ALTER TABLE interactions ADD COLUMN handoff_name TEXT;
      ALTER TABLE interactions ADD COLUMN handoff_at INTEGER;
      ALTER TABLE interactions ADD COLUMN handoff_back_at INTEGER`);
  },
};
