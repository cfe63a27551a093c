import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { acceptedSnapshot as snapshot } from '../../../tests/support/searchIndex';
import { rowsIn, tableColumns } from '../../../tests/support/upgradeRows';
import { latestVersion, openDatabase } from '../database';
import { DeskStateStore } from '../deskState';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 300);
const ANN = { serverUrl: 'https://a.example', userName: 'ann' };
const SEEN = Date.UTC(2024, 0, 15, 9, 0, 0);

describe('migration 0300: the server time last seen, one typed row for the desk', () => {
  it('keeps one time, replaced, rounded, and refuses what is no time (:memory:)', () => {
    const db = openDatabase(':memory:');
    const state = new DeskStateStore(db);
    expect(state.serverTimeSeen()).toBeUndefined();
    state.saveServerTimeSeen(SEEN);
    expect(new DeskStateStore(db).serverTimeSeen()).toBe(SEEN);
    state.saveServerTimeSeen(SEEN + 1_000.4);
    expect(state.serverTimeSeen()).toBe(SEEN + 1_000);
    // Something that is no time is refused by name, and the last one stays.
    for (const wrong of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60])
      expect(() => {
        state.saveServerTimeSeen(wrong);
      }).toThrow(/server's time seen must be a positive time in ms/u);
    expect(state.serverTimeSeen()).toBe(SEEN + 1_000);
    // The table itself holds one row, of a positive whole number: a hand's edit cannot break it.
    expect(() => db.prepare('INSERT INTO server_time_seen (id, at) VALUES (2, 5)').run()).toThrow(
      /CHECK/u,
    );
    expect(() => db.prepare('UPDATE server_time_seen SET at = 0').run()).toThrow(/CHECK/u);
    expect(() => db.prepare("UPDATE server_time_seen SET at = 'soon'").run()).toThrow(
      /cannot store TEXT value in INTEGER column/u,
    );
    expect(db.prepare('SELECT count(*) FROM server_time_seen').pluck().get()).toBe(1);
    // None of it in the untyped settings.
    expect(db.prepare('SELECT count(*) FROM settings').pluck().get()).toBe(0);
    db.close();
  });

  it('upgrades a cache file at 290 holding interactions and desk state: every row kept, no time seen yet', () => {
    const folder = mkdtempSync(join(tmpdir(), 'switchboard-0300-'));
    try {
      const file = join(folder, 'cache.sqlite');
      const old = openDatabase(file, { migrations: BEFORE });
      const oldStore = new CacheStore(old);
      const ann = oldStore.accountId(ANN);
      oldStore.transaction(() => {
        oldStore.upsertInteraction(ann, snapshot('chat-1', 'chat'), 1_000);
        oldStore.upsertInteraction(ann, snapshot('mail-1', 'email'), 2_000);
        oldStore.putEmail(ann, 'mail-1', {
          to: ['desk@example.com'],
          cc: [],
          subject: 'Invoice 80',
          text: 'Paid yet?',
          attachments: [],
        });
        oldStore.markEnded(ann, 'chat-1', 'Completed', 1_500);
      });
      oldStore.indexSearchDocuments();
      const oldState = oldStore.deskState();
      oldState.savePreferences({ ...oldState.preferences(ann), retentionDays: 30 }, ann);
      oldState.saveLastAccount({ ...ANN, demo: false });
      oldState.saveSealedPassword(ann, new Uint8Array([1, 2, 3]));
      // Before 0300 there is no time to read.
      expect(oldState.serverTimeSeen()).toBeUndefined();
      expect(old.pragma('user_version', { simple: true })).toBe(290);
      const columns = tableColumns(old);
      const everything = (db: Database) =>
        Object.fromEntries(columns.map(([table, names]) => [table, rowsIn(db, table, names, '1')]));
      const before = everything(old);
      expect(before.interactions).toHaveLength(2);
      old.close();

      const db = openDatabase(file);
      expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(everything(db)).toEqual(before);
      const state = new CacheStore(db).deskState();
      expect(state.preferences(ann).retentionDays).toBe(30);
      expect(state.sealedPassword(ann)).toEqual(new Uint8Array([1, 2, 3]));
      // Cached before the server's time was kept: none until the next sign-in notes it.
      expect(state.serverTimeSeen()).toBeUndefined();
      state.saveServerTimeSeen(SEEN);
      db.close();
      // Kept in the file: the next start reads it back.
      const reopened = openDatabase(file);
      expect(new DeskStateStore(reopened).serverTimeSeen()).toBe(SEEN);
      reopened.close();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
