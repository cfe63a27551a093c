import { describe, expect, it } from 'vitest';
import { DEFAULT_OUTBOUND_EMAIL_QUEUE } from '../../../common/settingsRules';
import { latestVersion, migrate, openDatabase } from '../database';
import { DEFAULT_PREFERENCES, DeskStateStore } from '../deskState';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 170);

describe('migration 0170: the queue for new e-mails', () => {
  it('keeps each account’s queue; others read the desk-wide one, else the samples’ (:memory:)', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const ann = store.accountId({ serverUrl: 'https://a.example', userName: 'ann' });
    const bob = store.accountId({ serverUrl: 'https://b.example', userName: 'bob' });
    const state = new DeskStateStore(db);
    expect(state.preferences(ann).outboundEmailQueue).toBe(DEFAULT_OUTBOUND_EMAIL_QUEUE);

    const desk = { ...DEFAULT_PREFERENCES, outboundEmailQueue: 'Outbound mail' };
    state.savePreferences(desk);
    const annChose = { ...DEFAULT_PREFERENCES, outboundEmailQueue: 'Billing out' };
    state.savePreferences(annChose, ann);

    const reread = new DeskStateStore(db);
    expect(reread.preferences(ann)).toEqual(annChose);
    expect(reread.preferences(bob)).toEqual(desk);
    expect(reread.preferences()).toEqual(desk);
    db.close();
  });

  it('upgrades a cache holding settings from before it: they stay, with the samples’ queue', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    const ann = new CacheStore(db).accountId({ serverUrl: 'https://a.example', userName: 'ann' });
    const before = new DeskStateStore(db);
    const older = {
      ...DEFAULT_PREFERENCES,
      transferQueueNames: ['Billing'],
      shortcuts: { done: 'Alt+Shift+E' },
    };
    // Before 0170 the cache has nowhere to keep the queue: the rest is kept.
    before.savePreferences({ ...older, outboundEmailQueue: 'never stored' }, ann);
    expect(db.pragma('user_version', { simple: true })).toBe(160);

    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    const after = new DeskStateStore(db);
    expect(after.preferences(ann)).toEqual({
      ...older,
      outboundEmailQueue: DEFAULT_OUTBOUND_EMAIL_QUEUE,
    });
    after.savePreferences({ ...older, outboundEmailQueue: 'Billing out' }, ann);
    expect(new DeskStateStore(db).preferences(ann).outboundEmailQueue).toBe('Billing out');
    db.close();
  });

  it('refuses a blank queue; reads one the schema refuses as the default', () => {
    const db = openDatabase(':memory:');
    const insert = (queue: string) =>
      db
        .prepare('INSERT OR REPLACE INTO email_preferences (id, outbound_queue) VALUES (1, ?)')
        .run(queue);
    expect(() => insert('  ')).toThrow(/CHECK constraint/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO account_email_preferences (account_id, outbound_queue) VALUES (42, 'q')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    insert('x'.repeat(1_000));
    expect(new DeskStateStore(db).preferences().outboundEmailQueue).toBe(
      DEFAULT_OUTBOUND_EMAIL_QUEUE,
    );
    insert(' Outbound mail ');
    expect(new DeskStateStore(db).preferences().outboundEmailQueue).toBe('Outbound mail');
    db.close();
  });
});
