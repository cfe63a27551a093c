import { describe, expect, it } from 'vitest';
import { latestVersion, migrate, openDatabase } from '../database';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 90);

describe('migration 0090: workbins', () => {
  it('keeps the workbins and their content per account; an entry belongs to a listed workbin (:memory:)', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const account = store.accountId({ serverUrl: 'http://gws', userName: 'agent1' });
    store
      .workbins()
      .replaceAll(
        account,
        [{ workbinId: 'W1', name: 'Drafts', entries: [{ interactionId: 'e1', subject: 'Hi' }] }],
        1000,
      );
    expect(store.workbins().read(account)).toEqual({
      workbins: [
        { workbinId: 'W1', name: 'Drafts', entries: [{ interactionId: 'e1', subject: 'Hi' }] },
      ],
      readAt: 1000,
    });
    // Content of a workbin the server never listed has nowhere to go.
    expect(() => {
      store.workbins().putEntry(account, 'W2', { interactionId: 'e2' });
    }).toThrow(/FOREIGN KEY constraint/);
    // A forgotten account takes its workbins and their content with it.
    db.prepare('DELETE FROM accounts WHERE id = ?').run(account);
    expect(db.prepare('SELECT count(*) AS n FROM workbin_entries').get()).toEqual({ n: 0 });
    db.close();
  });

  it('upgrades a cache of the older schema: what it held stays, and no workbins are known yet', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    db.prepare(
      "INSERT INTO accounts (server_url, user_name) VALUES ('http://gws', 'agent1')",
    ).run();
    expect(() => db.prepare('SELECT * FROM workbins').all()).toThrow(/no such table/);
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    const store = new CacheStore(db);
    const account = store.accountId({ serverUrl: 'http://gws', userName: 'agent1' });
    expect(account).toBe(1);
    expect(store.workbins().read(account)).toBeUndefined();
    db.close();
  });
});
