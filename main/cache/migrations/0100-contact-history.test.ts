import { describe, expect, it } from 'vitest';
import { latestVersion, migrate, openDatabase } from '../database';
import { CacheStore } from '../store';
import { migration0100 } from './0100-contact-history';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < migration0100.version);

describe('migration 0100: contact history', () => {
  it('upgrades a cache of the older schema: history empty, nothing else touched (:memory:)', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    const store = new CacheStore(db);
    const account = store.accountId({ serverUrl: 'https://gws.example.com', userName: 'ann' });
    // Ann worked here: an account that holds nothing is removed by migration 0290.
    store.transaction(() =>
      store.upsertInteraction(
        account,
        {
          id: 'chat-1',
          channel: 'chat',
          state: 'Completed',
          subject: 'Old',
          capabilities: [],
          userData: {},
        },
        1_000,
      ),
    );
    expect(() => db.prepare('SELECT * FROM contact_history_entries').all()).toThrow(
      /no such table/,
    );
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(store.contactHistory().contactHistory(account, 'C1')).toEqual({
      contactId: 'C1',
      entries: [],
    });
    store.contactHistory().storeListing(account, 'C1', [{ id: 'I1', subject: 'Old' }], 5);
    expect(store.contactHistory().contactHistory(account, 'C1')).toEqual({
      contactId: 'C1',
      fetchedAt: 5,
      entries: [{ id: 'I1', contactId: 'C1', subject: 'Old' }],
    });
    db.close();
  });

  it('refuses content that is not JSON, and forgets an account’s history with the account', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const account = store.accountId({ serverUrl: 'https://gws.example.com', userName: 'ann' });
    store.contactHistory().storeListing(account, 'C1', [{ id: 'I1' }], 5);
    expect(() =>
      db.prepare("UPDATE contact_history_entries SET content = 'not json'").run(),
    ).toThrow(/CHECK constraint/);
    db.prepare('DELETE FROM accounts WHERE id = ?').run(account);
    expect(db.prepare('SELECT count(*) AS n FROM contact_history_entries').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM contact_histories').get()).toEqual({ n: 0 });
    db.close();
  });
});
