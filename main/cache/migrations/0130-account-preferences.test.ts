import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { latestVersion, migrate, openDatabase } from '../database';
import { DEFAULT_PREFERENCES, DeskStateStore } from '../deskState';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';
import { columnsOf, rowsIn } from '../../../tests/support/upgradeRows';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 130);

/**
 * Every row of every table (the FTS index's own tables aside); with `columns` (a table's
 * columns before the upgrade), those columns only: later migrations' new columns are theirs to
 * check.
 */
function everyRow(
  db: Database,
  columns: Readonly<Record<string, readonly string[]>> = {},
): Record<string, unknown[]> {
  const tables = db
    .prepare(
      `SELECT name FROM sqlite_schema
       WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_index%'
       ORDER BY name`,
    )
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((table) => [table, rowsIn(db, table, columns[table] ?? columnsOf(db, table))]),
  );
}

describe('migration 0130: sound, language and theme per account', () => {
  it('keeps each account’s sound, language and theme; others read the desk-wide ones (:memory:)', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const ann = store.accountId({ serverUrl: 'https://a.example', userName: 'ann' });
    const bob = store.accountId({ serverUrl: 'https://b.example', userName: 'bob' });
    const state = new DeskStateStore(db);
    expect(state.preferences(ann)).toMatchObject({
      sound: true,
      language: 'system',
      theme: 'system',
    });

    const desk = { ...DEFAULT_PREFERENCES, sound: false, language: 'es' as const };
    state.savePreferences(desk);
    const annChose = {
      ...DEFAULT_PREFERENCES,
      sound: true,
      language: 'de' as const,
      theme: 'dark' as const,
      retentionDays: 30,
    };
    state.savePreferences(annChose, ann);

    const reread = new DeskStateStore(db);
    expect(reread.preferences(ann)).toEqual(annChose);
    // Retention is the desk's: Ann's save changed it for everyone; the rest is the desk-wide row.
    expect(reread.preferences(bob)).toEqual({ ...desk, retentionDays: 30 });
    expect(reread.preferences()).toEqual({ ...desk, retentionDays: 30 });

    // Bob's own choice leaves Ann's and the desk's as they were.
    reread.savePreferences({ ...desk, retentionDays: 30, sound: true, theme: 'light' }, bob);
    expect(reread.preferences(bob)).toMatchObject({ sound: true, theme: 'light', language: 'es' });
    expect(reread.preferences(ann)).toEqual(annChose);
    expect(reread.preferences()).toMatchObject({ sound: false, theme: 'system', language: 'es' });
    db.close();
  });

  it('upgrades a cache at version 120 holding data: nothing is lost, and every account hears the desk-wide sound', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    expect(db.pragma('user_version', { simple: true })).toBe(120);
    const store = new CacheStore(db);
    const ann = store.accountId({ serverUrl: 'https://a.example', userName: 'ann' });
    const bob = store.accountId({ serverUrl: 'https://b.example', userName: 'bob' });
    store.transaction(() => {
      store.upsertInteraction(
        ann,
        {
          id: 'chat-1',
          channel: 'chat',
          state: 'Accepted',
          subject: 'Lost parcel',
          capabilities: [],
          userData: { Order: '4471' },
        },
        1_000,
      );
      store.addChatEvents(ann, 'chat-1', [
        {
          eventId: 1,
          kind: 'message',
          authorName: 'Maria',
          text: 'my parcel never arrived',
          at: 1,
        },
      ]);
      // Bob worked here too: an account that holds nothing is removed by migration 0290.
      store.upsertInteraction(
        bob,
        {
          id: 'mail-1',
          channel: 'email',
          state: 'Completed',
          subject: 'Invoice',
          capabilities: [],
          userData: {},
        },
        2_000,
      );
    });
    const old = new DeskStateStore(db);
    // The desk's sound is off, retention 30 days; Ann has routing and invitation settings of her own.
    old.savePreferences({ ...DEFAULT_PREFERENCES, sound: false, retentionDays: 30 });
    old.savePreferences(
      {
        ...DEFAULT_PREFERENCES,
        sound: false,
        retentionDays: 30,
        dispositionCodes: ['Sold'],
        invitationTimeoutSeconds: 45,
        chime: 'once',
      },
      ann,
    );
    old.saveLastAccount({ serverUrl: 'https://a.example', userName: 'ann', demo: false });
    old.saveSealedPassword(ann, new Uint8Array([1, 2, 3, 250]));
    old.saveChannelStates(ann, 5_000, [{ channel: 'chat', state: 'Ready', dnd: false }]);
    const rowsBefore = everyRow(db);
    // Read after the upgrade with these columns, but for this migration's own table.
    const columnsBefore = Object.fromEntries(
      Object.keys(rowsBefore)
        .filter((table) => table !== 'preferences')
        .map((table) => [table, columnsOf(db, table)]),
    );
    const annBefore = old.preferences(ann);
    const bobBefore = old.preferences(bob);
    expect(annBefore.sound).toBe(false);

    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    // Every row kept as it was; the desk-wide row gains the language and theme, at 'system'.
    // (Tables of later migrations, empty, are left out: this one's effect is what is compared.)
    const rowsAfter = Object.fromEntries(
      Object.entries(everyRow(db, columnsBefore)).filter(
        ([table]) => table in rowsBefore || table === 'account_preferences',
      ),
    );
    expect(rowsAfter).toEqual({
      ...rowsBefore,
      preferences: [{ id: 1, sound: 0, retention_days: 30, language: 'system', theme: 'system' }],
      account_preferences: [],
    });
    const state = new DeskStateStore(db);
    // As the latest desk reads them: later migrations' settings at their defaults.
    const added = { language: 'system', theme: 'system', shortcuts: DEFAULT_PREFERENCES.shortcuts };
    expect(state.preferences(ann)).toEqual({ ...annBefore, ...added });
    expect(state.preferences(bob)).toEqual({ ...bobBefore, ...added });
    expect(state.preferences(bob).sound).toBe(false);
    expect(state.lastAccount()).toEqual({
      serverUrl: 'https://a.example',
      userName: 'ann',
      demo: false,
    });
    expect([...(state.sealedPassword(ann) ?? [])]).toEqual([1, 2, 3, 250]);
    expect(state.channelStates(ann)?.channels).toEqual([
      { channel: 'chat', state: 'Ready', dnd: false },
    ]);
    expect(store.interaction(ann, 'chat-1')?.subject).toBe('Lost parcel');
    db.close();
  });

  it('refuses a language or theme the desk does not have, and a row for an account that does not exist', () => {
    const db = openDatabase(':memory:');
    const ann = new CacheStore(db).accountId({ serverUrl: 'https://a.example', userName: 'ann' });
    const insert = (accountId: number, language: string, theme: string) =>
      db
        .prepare(
          'INSERT INTO account_preferences (account_id, sound, language, theme) VALUES (?, 1, ?, ?)',
        )
        .run(accountId, language, theme);
    expect(() => insert(ann, 'fr', 'system')).toThrow(/CHECK constraint/);
    expect(() => insert(ann, 'system', 'sepia')).toThrow(/CHECK constraint/);
    expect(() => insert(42, 'de', 'dark')).toThrow(/FOREIGN KEY/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO preferences (id, sound, retention_days, language) VALUES (1, 1, 90, 'EN')`,
        )
        .run(),
    ).toThrow(/CHECK constraint/);
    db.close();
  });
});
