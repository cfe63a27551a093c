import type { Migration } from './types';

/**
 * The invitation and sound settings (issue 14 item 1): the timeout the countdown starts from,
 * whether the chime repeats, and auto-answer per channel. Kept like the routing settings of
 * migration 0110: a row per account, and a desk-wide row (`id = 1`) for a desk that has not
 * signed in yet, which an account without its own row reads. The CHECKs hold the same rules as
 * the settings schema (common/settingsRules.ts), so a damaged row cannot reach the desk.
 */
export const migration0120: Migration = {
  version: 120,
  name: 'invitation preferences',
  up: (db) => {
    const columns = `
        timeout_seconds INTEGER NOT NULL CHECK (timeout_seconds BETWEEN 5 AND 600),
        chime TEXT NOT NULL CHECK (chime IN ('once', 'repeat')),
        auto_answer_chat INTEGER NOT NULL CHECK (auto_answer_chat IN (0, 1)),
        auto_answer_email INTEGER NOT NULL CHECK (auto_answer_email IN (0, 1))`;
    db.exec(`
      CREATE TABLE invitation_preferences (
        id INTEGER PRIMARY KEY CHECK (id = 1),${columns}
      ) STRICT;

      CREATE TABLE account_invitation_preferences (
        account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,${columns}
      ) STRICT;
    `);
  },
};
