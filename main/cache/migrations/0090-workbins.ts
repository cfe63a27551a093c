import type { Migration } from './types';

/**
 * The agent's workbins and their content (issue 13), so that the Workbins panel reads offline:
 * `workbins` is the list GetWorkbinTypesInfo last answered (in its order, with when it was read),
 * `workbin_entries` the interactions each workbin held as last read or since notified. An entry
 * belongs to its workbin's row: a workbin the server stops listing takes its entries with it.
 */
export const migration0090: Migration = {
  version: 90,
  name: 'workbins',
  up: (db) => {
    db.exec(`
      CREATE TABLE workbins (
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        workbin_id TEXT NOT NULL,
        name TEXT NOT NULL,
        position INTEGER NOT NULL,
        read_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, workbin_id)
      ) STRICT;

      CREATE TABLE workbin_entries (
        account_id INTEGER NOT NULL,
        workbin_id TEXT NOT NULL,
        interaction_id TEXT NOT NULL,
        channel TEXT,
        subject TEXT,
        from_address TEXT,
        placed_at INTEGER,
        PRIMARY KEY (account_id, workbin_id, interaction_id),
        FOREIGN KEY (account_id, workbin_id) REFERENCES workbins (account_id, workbin_id)
          ON DELETE CASCADE
      ) STRICT;
    `);
  },
};
