import { describe, expect, it } from 'vitest';
import { latestVersion, migrate, openDatabase } from '../database';
import { DEFAULT_PREFERENCES, DeskStateStore } from '../deskState';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 90);

describe('migration 0090: transfer queue names', () => {
  it('keeps the queue names the agent chose beside the case preferences (:memory:)', () => {
    const db = openDatabase(':memory:');
    const state = new DeskStateStore(db);
    expect(state.preferences().transferQueueNames).toEqual([]);
    const chosen = { ...DEFAULT_PREFERENCES, transferQueueNames: ['Billing', 'Escalations'] };
    state.savePreferences(chosen);
    expect(new DeskStateStore(db).preferences()).toEqual(chosen);
    db.close();
  });

  it('upgrades a cache whose case preferences were kept: they stay, with no queue names', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    db.prepare(
      `INSERT INTO case_preferences
         (id, editable_keys, disposition_codes, disposition_key, disposition_required)
       VALUES (1, '["Notes"]', '["Fixed","Callback"]', 'WrapUp', 1)`,
    ).run();
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(new DeskStateStore(db).preferences()).toEqual({
      ...DEFAULT_PREFERENCES,
      editableCaseKeys: ['Notes'],
      dispositionCodes: ['Fixed', 'Callback'],
      dispositionKey: 'WrapUp',
      dispositionRequired: true,
      transferQueueNames: [],
    });
    db.close();
  });

  it('refuses queue names that are not a JSON array', () => {
    const db = openDatabase(':memory:');
    expect(() =>
      db
        .prepare(
          `INSERT INTO case_preferences
             (id, editable_keys, disposition_codes, disposition_key, disposition_required,
              transfer_queue_names)
           VALUES (1, '[]', '[]', 'DispositionCode', 0, '"Billing"')`,
        )
        .run(),
    ).toThrow(/CHECK constraint/);
    db.close();
  });
});
