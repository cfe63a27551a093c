import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../database';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';

const UP_TO_0030 = MIGRATIONS.filter((migration) => migration.version <= 30);
const UP_TO_0040 = MIGRATIONS.filter((migration) => migration.version <= 40);

describe('migration 0040: the senders whose remote images are shown', () => {
  it('creates the table on :memory:, keyed by account and normalized address', () => {
    const db = openDatabase(':memory:', { migrations: UP_TO_0040 });
    const store = new CacheStore(db);
    const ann = store.accountId({ serverUrl: 'https://gws.example.com', userName: 'ann' });
    const bob = store.accountId({ serverUrl: 'https://gws.example.com', userName: 'bob' });
    const senders = store.remoteImageSenders();

    expect(senders.allowed(ann, 'maria@example.com')).toBe(false);
    expect(senders.allow(ann, 'Maria Jensen <Maria@Example.com>', 1_000)).toBe(true);
    expect(senders.allowed(ann, 'maria@example.com')).toBe(true);
    expect(senders.allowed(ann, ' MARIA@example.com ')).toBe(true);
    // Another agent on the same cache decides for themselves.
    expect(senders.allowed(bob, 'maria@example.com')).toBe(false);
    // Allowing twice keeps one row (the later time).
    senders.allow(ann, 'maria@example.com', 2_000);
    expect(db.prepare('SELECT * FROM remote_image_senders').all()).toEqual([
      { account_id: ann, address: 'maria@example.com', allowed_at: 2_000 },
    ]);
    expect(senders.allow(ann, '   ', 3_000)).toBe(false);
    expect(senders.allowed(ann, undefined)).toBe(false);

    senders.forget(ann, 'MARIA@example.com');
    expect(senders.allowed(ann, 'maria@example.com')).toBe(false);
    const plan = (
      db
        .prepare(
          'EXPLAIN QUERY PLAN SELECT 1 FROM remote_image_senders WHERE account_id = ? AND address = ?',
        )
        .all(ann, 'x') as { detail: string }[]
    ).map((row) => row.detail);
    expect(plan).toEqual([
      'SEARCH remote_image_senders USING PRIMARY KEY (account_id=? AND address=?)',
    ]);
    db.close();
  });

  it('upgrades a 0030 cache holding an e-mail, losing nothing, and the detail then carries the choice', () => {
    const db = openDatabase(':memory:', { migrations: UP_TO_0030 });
    const old = new CacheStore(db);
    const account = old.accountId({ serverUrl: 'https://gws.example.com', userName: 'ann' });
    old.transaction(() => {
      old.upsertInteraction(
        account,
        { id: 'mail-1', channel: 'email', state: 'Invited', capabilities: [], userData: {} },
        1_000,
      );
      old.putEmail(account, 'mail-1', {
        from: 'maria@example.com',
        to: ['support@example.com'],
        cc: [],
        subject: 'Invoice',
        text: 'Hello',
        html: '<p>Hello <img src="https://tracker.example/p.gif"></p>',
        attachments: [],
      });
    });
    const everything = () =>
      ['accounts', 'interactions', 'emails', 'search_documents'].map((table) =>
        db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all(),
      );
    const before = everything();
    expect(db.pragma('user_version', { simple: true })).toBe(30);

    migrate(db, UP_TO_0040);

    expect(db.pragma('user_version', { simple: true })).toBe(40);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(everything()).toEqual(before);
    // Today's store reads the latest schema: the later migrations first.
    migrate(db, MIGRATIONS);
    const store = new CacheStore(db);
    expect(store.interaction(account, 'mail-1')?.remoteImagesAllowed).toBeUndefined();
    store.remoteImageSenders().allow(account, 'Maria@example.com', 5_000);
    expect(store.interaction(account, 'mail-1')?.remoteImagesAllowed).toBe(true);
    // Deleting the account takes its choices along (nothing of one agent outlives it).
    db.pragma('foreign_keys = ON');
    db.prepare('DELETE FROM emails').run();
    db.prepare('DELETE FROM search_documents').run();
    db.prepare('DELETE FROM interactions').run();
    db.prepare('DELETE FROM accounts').run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM remote_image_senders').get()).toEqual({ n: 0 });
    db.close();
  });
});
