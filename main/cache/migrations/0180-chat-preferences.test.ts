import { describe, expect, it } from 'vitest';
import { latestVersion, migrate, openDatabase } from '../database';
import { DEFAULT_PREFERENCES, DeskStateStore } from '../deskState';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 180);

describe('migration 0180: the name the agent joins chats under', () => {
  it('keeps each account’s own name; no other account, nor the desk, reads it (:memory:)', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const ann = store.accountId({ serverUrl: 'https://a.example', userName: 'ann' });
    const bob = store.accountId({ serverUrl: 'https://b.example', userName: 'bob' });
    const state = new DeskStateStore(db);
    expect(state.preferences(ann).chatNickname).toBe('');

    // Saved with no account (before any sign-in): the other settings are the desk's, the name
    // nobody's.
    const desk = { ...DEFAULT_PREFERENCES, chatNickname: 'Support team', chime: 'once' as const };
    state.savePreferences(desk);
    const annChose = { ...desk, chatNickname: 'Sam' };
    state.savePreferences(annChose, ann);

    const reread = new DeskStateStore(db);
    expect(reread.preferences(ann)).toEqual(annChose);
    expect(reread.preferences(bob)).toEqual({ ...desk, chatNickname: '' });
    expect(reread.preferences()).toEqual({ ...desk, chatNickname: '' });
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
    const ann = new CacheStore(db).accountId({ serverUrl: 'https://a.example', userName: 'ann' });
    const insert = (accountId: number, nickname: string) =>
      db
        .prepare(
          'INSERT OR REPLACE INTO account_chat_preferences (account_id, nickname) VALUES (?, ?)',
        )
        .run(accountId, nickname);
    expect(() => insert(42, 'x')).toThrow(/FOREIGN KEY/);
    insert(ann, 'x'.repeat(1_000));
    expect(new DeskStateStore(db).preferences(ann).chatNickname).toBe('');
    insert(ann, ' Sam ');
    expect(new DeskStateStore(db).preferences(ann).chatNickname).toBe('Sam');
    db.close();
  });
});
