import { describe, expect, it } from 'vitest';
import { latestVersion, migrate, openDatabase } from '../database';
import { DEFAULT_PREFERENCES, DeskStateStore } from '../deskState';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 120);

describe('migration 0120: invitation and sound settings', () => {
  it('keeps each account’s timeout, chime and auto-answer; others read the desk-wide ones (:memory:)', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const ann = store.accountId({ serverUrl: 'https://a.example', userName: 'ann' });
    const bob = store.accountId({ serverUrl: 'https://b.example', userName: 'bob' });
    const state = new DeskStateStore(db);
    expect(state.preferences(ann)).toMatchObject({
      invitationTimeoutSeconds: 30,
      chime: 'repeat',
      autoAnswerChat: false,
      autoAnswerEmail: false,
    });

    const desk = { ...DEFAULT_PREFERENCES, invitationTimeoutSeconds: 45 };
    state.savePreferences(desk);
    const annChose = {
      ...DEFAULT_PREFERENCES,
      invitationTimeoutSeconds: 12,
      chime: 'once' as const,
      autoAnswerChat: true,
    };
    state.savePreferences(annChose, ann);

    const reread = new DeskStateStore(db);
    expect(reread.preferences(ann)).toEqual(annChose);
    expect(reread.preferences(bob)).toEqual(desk);
    expect(reread.preferences()).toEqual(desk);
    db.close();
  });

  it('upgrades a cache from before it: every account reads the defaults', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    const ann = new CacheStore(db).accountId({ serverUrl: 'https://a.example', userName: 'ann' });
    expect(new DeskStateStore(db).preferences(ann)).toEqual(DEFAULT_PREFERENCES);
    db.close();
  });

  it('refuses a timeout out of range, an unknown chime and a row for an account that does not exist', () => {
    const db = openDatabase(':memory:');
    const insert = (timeout: number, chime: string) =>
      db
        .prepare(
          `INSERT INTO invitation_preferences
             (id, timeout_seconds, chime, auto_answer_chat, auto_answer_email)
           VALUES (1, ?, ?, 0, 0)`,
        )
        .run(timeout, chime);
    expect(() => insert(4, 'repeat')).toThrow(/CHECK constraint/);
    expect(() => insert(601, 'repeat')).toThrow(/CHECK constraint/);
    expect(() => insert(30, 'twice')).toThrow(/CHECK constraint/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO account_invitation_preferences
             (account_id, timeout_seconds, chime, auto_answer_chat, auto_answer_email)
           VALUES (42, 30, 'once', 0, 0)`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
