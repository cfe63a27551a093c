import { describe, expect, it } from 'vitest';
import { latestVersion, migrate, openDatabase } from '../database';
import { DEFAULT_PREFERENCES, DeskStateStore } from '../deskState';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 140);

describe('migration 0140: remapped keyboard shortcuts', () => {
  it('keeps each account’s overrides; others read the desk-wide ones (:memory:)', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const ann = store.accountId({ serverUrl: 'https://a.example', userName: 'ann' });
    const bob = store.accountId({ serverUrl: 'https://b.example', userName: 'bob' });
    const state = new DeskStateStore(db);
    expect(state.preferences(ann).shortcuts).toEqual({});

    const desk = { ...DEFAULT_PREFERENCES, shortcuts: { help: 'F2' } };
    state.savePreferences(desk);
    const annChose = {
      ...DEFAULT_PREFERENCES,
      shortcuts: { acceptInvitation: 'Ctrl+Shift+A', ready: 'Alt+1' },
    };
    state.savePreferences(annChose, ann);

    const reread = new DeskStateStore(db);
    expect(reread.preferences(ann)).toEqual(annChose);
    expect(reread.preferences(bob)).toEqual(desk);
    expect(reread.preferences()).toEqual(desk);
    // Back to the defaults: an empty set of overrides is the account's own, not "none saved".
    state.savePreferences({ ...annChose, shortcuts: {} }, ann);
    expect(new DeskStateStore(db).preferences(ann).shortcuts).toEqual({});
    db.close();
  });

  it('upgrades a cache holding settings from before it: they stay, with no overrides', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    const ann = new CacheStore(db).accountId({ serverUrl: 'https://a.example', userName: 'ann' });
    const before = new DeskStateStore(db);
    const annChose = {
      ...DEFAULT_PREFERENCES,
      invitationTimeoutSeconds: 12,
      chime: 'once' as const,
      transferQueueNames: ['Billing'],
    };
    before.savePreferences(annChose, ann);
    expect(db.pragma('user_version', { simple: true })).toBe(130);

    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    const after = new DeskStateStore(db);
    expect(after.preferences(ann)).toEqual({ ...annChose, shortcuts: {} });
    after.savePreferences({ ...annChose, shortcuts: { done: 'Alt+Shift+E' } }, ann);
    expect(new DeskStateStore(db).preferences(ann).shortcuts).toEqual({ done: 'Alt+Shift+E' });
    db.close();
  });

  it('refuses what is not a JSON object; reads a value the schema refuses as no overrides', () => {
    const db = openDatabase(':memory:');
    const insert = (overrides: string) =>
      db
        .prepare('INSERT OR REPLACE INTO shortcut_preferences (id, overrides) VALUES (1, ?)')
        .run(overrides);
    expect(() => insert('not json')).toThrow(/CHECK constraint/);
    expect(() => insert('["Alt+A"]')).toThrow(/CHECK constraint/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO account_shortcut_preferences (account_id, overrides) VALUES (42, '{}')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);

    // An unknown action, a combination not in its written form, two actions on one key.
    for (const damaged of [
      '{"launchRockets":"Alt+L"}',
      '{"ready":"alt+shift+r"}',
      '{"ready":"Alt+R","reply":"Alt+R"}',
    ]) {
      insert(damaged);
      expect(new DeskStateStore(db).preferences().shortcuts).toEqual({});
    }
    insert('{"ready":"Alt+R"}');
    expect(new DeskStateStore(db).preferences().shortcuts).toEqual({ ready: 'Alt+R' });
    db.close();
  });
});
