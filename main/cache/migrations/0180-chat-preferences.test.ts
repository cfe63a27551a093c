import { describe, expect, it } from 'vitest';
import { latestVersion, migrate, openDatabase } from '../database';
import { DEFAULT_PREFERENCES, DeskStateStore } from '../deskState';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 180);

describe('migration 0180: the name the agent joins chats under', () => {
  it('keeps each account’s name; others read the desk-wide one, else none (:memory:)', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const ann = store.accountId({ serverUrl: 'https://a.example', userName: 'ann' });
    const bob = store.accountId({ serverUrl: 'https://b.example', userName: 'bob' });
    const state = new DeskStateStore(db);
    expect(state.preferences(ann).chatNickname).toBe('');

    const desk = { ...DEFAULT_PREFERENCES, chatNickname: 'Support team' };
    state.savePreferences(desk);
    const annChose = { ...DEFAULT_PREFERENCES, chatNickname: 'Sam' };
    state.savePreferences(annChose, ann);

    const reread = new DeskStateStore(db);
    expect(reread.preferences(ann)).toEqual(annChose);
    expect(reread.preferences(bob)).toEqual(desk);
    expect(reread.preferences()).toEqual(desk);
    db.close();
  });

  it('upgrades a cache holding settings from before it: they stay, with no name', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    const ann = new CacheStore(db).accountId({ serverUrl: 'https://a.example', userName: 'ann' });
    const before = new DeskStateStore(db);
    const older = {
      ...DEFAULT_PREFERENCES,
      outboundEmailQueue: 'Billing out',
      autoAnswerChat: true,
      shortcuts: { done: 'Alt+Shift+E' },
    };
    // Before 0180 the cache has nowhere to keep the name: the rest is kept.
    before.savePreferences({ ...older, chatNickname: 'never stored' }, ann);
    expect(db.pragma('user_version', { simple: true })).toBe(170);

    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    const after = new DeskStateStore(db);
    expect(after.preferences(ann)).toEqual({ ...older, chatNickname: '' });
    after.savePreferences({ ...older, chatNickname: 'Sam' }, ann);
    expect(new DeskStateStore(db).preferences(ann)).toEqual({ ...older, chatNickname: 'Sam' });
    db.close();
  });

  it('reads a name the schema refuses (too long, written by hand) as none, and trims one', () => {
    const db = openDatabase(':memory:');
    const insert = (nickname: string) =>
      db
        .prepare('INSERT OR REPLACE INTO chat_preferences (id, nickname) VALUES (1, ?)')
        .run(nickname);
    expect(() =>
      db
        .prepare(`INSERT INTO account_chat_preferences (account_id, nickname) VALUES (42, 'x')`)
        .run(),
    ).toThrow(/FOREIGN KEY/);
    insert('x'.repeat(1_000));
    expect(new DeskStateStore(db).preferences().chatNickname).toBe('');
    insert(' Sam ');
    expect(new DeskStateStore(db).preferences().chatNickname).toBe('Sam');
    db.close();
  });
});
