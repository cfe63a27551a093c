import { describe, expect, it } from 'vitest';
import { latestVersion, migrate, openDatabase } from '../database';
import { DEFAULT_PREFERENCES, DeskStateStore } from '../deskState';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 110);

describe('migration 0110: routing and case-data settings per account', () => {
  it('keeps each account’s own settings, queue names included; others read the desk-wide ones (:memory:)', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const ann = store.accountId({ serverUrl: 'https://a.example', userName: 'ann' });
    const bob = store.accountId({ serverUrl: 'https://b.example', userName: 'bob' });
    const state = new DeskStateStore(db);
    expect(state.preferences(ann)).toEqual(DEFAULT_PREFERENCES);

    const desk = { ...DEFAULT_PREFERENCES, dispositionCodes: ['Fixed'] };
    state.savePreferences(desk);
    const annChose = {
      ...DEFAULT_PREFERENCES,
      dispositionCodes: ['Sold', 'Not interested'],
      dispositionKey: 'Outcome',
      dispositionRequired: true,
      transferQueueNames: ['Billing', 'Escalations'],
    };
    state.savePreferences(annChose, ann);

    const reread = new DeskStateStore(db);
    expect(reread.preferences(ann)).toEqual(annChose);
    expect(reread.preferences(bob)).toEqual(desk);
    expect(reread.preferences()).toEqual(desk);
    expect(reread.dispositionKey(ann)).toBe('Outcome');
    expect(reread.dispositionKey(bob)).toBe('DispositionCode');
    db.close();
  });

  it('upgrades a cache whose case preferences were kept: every account reads them, with no queue names', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    db.prepare(
      `INSERT INTO case_preferences
         (id, editable_keys, disposition_codes, disposition_key, disposition_required)
       VALUES (1, '["Notes"]', '["Fixed","Callback"]', 'WrapUp', 1)`,
    ).run();
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    const ann = new CacheStore(db).accountId({ serverUrl: 'https://a.example', userName: 'ann' });
    const expected = {
      ...DEFAULT_PREFERENCES,
      editableCaseKeys: ['Notes'],
      dispositionCodes: ['Fixed', 'Callback'],
      dispositionKey: 'WrapUp',
      dispositionRequired: true,
      transferQueueNames: [],
    };
    expect(new DeskStateStore(db).preferences(ann)).toEqual(expected);
    expect(new DeskStateStore(db).preferences()).toEqual(expected);
    db.close();
  });

  it('refuses queue names that are not a JSON array, and a row for an account that does not exist', () => {
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
    expect(() =>
      db
        .prepare(
          `INSERT INTO account_case_preferences
             (account_id, editable_keys, disposition_codes, disposition_key, disposition_required,
              transfer_queue_names)
           VALUES (42, '[]', '[]', 'DispositionCode', 0, '[]')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
