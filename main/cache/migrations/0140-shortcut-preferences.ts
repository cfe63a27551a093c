import type { Migration } from './types';

/**
 * The keyboard shortcuts the agent remapped (issue 15 items 1 and 6): only the overrides, as one
 * JSON object (action id → key combination), kept like the invitation settings of migration
 * 0120: a row per account, and a desk-wide row (`id = 1`) that an account without its own row
 * reads. The CHECK keeps the column a JSON object; what it holds is checked on reading with the
 * settings schema (common/shortcutKeys.ts), so a damaged value falls back to the defaults.
 */
export const migration0140: Migration = {
  version: 140,
  name: 'shortcut preferences',
  up: (db) => {
    const column = `
        overrides TEXT NOT NULL
          CHECK (json_valid(overrides) AND json_type(overrides) = 'object')`;
    db.exec(`
      CREATE TABLE shortcut_preferences (
        id INTEGER PRIMARY KEY CHECK (id = 1),${column}
      ) STRICT;

      CREATE TABLE account_shortcut_preferences (
        account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,${column}
      ) STRICT;
    `);
  },
};
