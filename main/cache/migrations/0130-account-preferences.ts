import type { Migration } from './types';

/**
 * The desk's language and theme, and the invitation sound per account (issue 15 item 6): the
 * agent of one account hears and reads the desk as they chose, apart from another's on the same
 * machine. Kept like migrations 0110 and 0120: a row per account in `account_preferences`, and
 * the desk-wide row of migration 0020's `preferences` (a desk not signed in yet) gaining the
 * language and theme, which an account without its own row reads. So an account that existed
 * before keeps hearing what the desk-wide sound said, until the agent changes it. Retention
 * stays the desk's: it is how long this machine keeps any account's work. The CHECKs hold the
 * settings schema's choices (common/i18n/locales.ts, common/settingsRules.ts) as they are now.
 */
export const migration0130: Migration = {
  version: 130,
  name: 'account preferences',
  up: (db) => {
    const language = `CHECK (language IN ('system', 'en', 'de', 'es'))`;
    const theme = `CHECK (theme IN ('system', 'light', 'dark'))`;
    db.exec(`
      ALTER TABLE preferences ADD COLUMN language TEXT NOT NULL DEFAULT 'system' ${language};
      ALTER TABLE preferences ADD COLUMN theme TEXT NOT NULL DEFAULT 'system' ${theme};

      CREATE TABLE account_preferences (
        account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
        sound INTEGER NOT NULL CHECK (sound IN (0, 1)),
        language TEXT NOT NULL ${language},
        theme TEXT NOT NULL ${theme}
      ) STRICT;
    `);
  },
};
