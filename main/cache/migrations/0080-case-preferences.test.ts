import { describe, expect, it } from 'vitest';
import { latestVersion, migrate, openDatabase } from '../database';
import { DEFAULT_PREFERENCES, DeskStateStore } from '../deskState';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 80);

describe('migration 0080: case preferences', () => {
  it('answers the defaults on a new cache, then keeps what the agent chose (:memory:)', () => {
    const db = openDatabase(':memory:');
    const state = new DeskStateStore(db);
    expect(state.preferences()).toEqual(DEFAULT_PREFERENCES);
    const chosen = {
      ...DEFAULT_PREFERENCES,
      editableCaseKeys: ['Notes', 'OrderNumber'],
      dispositionCodes: ['Fixed', 'Callback'],
      dispositionKey: 'WrapUp',
      dispositionRequired: true,
    };
    state.savePreferences(chosen);
    expect(new DeskStateStore(db).preferences()).toEqual(chosen);
    db.close();
  });

  it('upgrades a cache with preferences of the older schema: they stay, case ones default', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    db.prepare('INSERT INTO preferences (id, sound, retention_days) VALUES (1, 0, 30)').run();
    expect(() => db.prepare('SELECT * FROM case_preferences').all()).toThrow(/no such table/);
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(new DeskStateStore(db).preferences()).toEqual({
      ...DEFAULT_PREFERENCES,
      sound: false,
      retentionDays: 30,
    });
    db.close();
  });

  it('refuses a list that is not a JSON array', () => {
    const db = openDatabase(':memory:');
    expect(() =>
      db
        .prepare(
          `INSERT INTO case_preferences
             (id, editable_keys, disposition_codes, disposition_key, disposition_required)
           VALUES (1, '{"a":1}', '[]', 'DispositionCode', 0)`,
        )
        .run(),
    ).toThrow(/CHECK constraint/);
    db.close();
  });
});
