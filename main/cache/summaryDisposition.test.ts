import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InteractionSnapshot } from '../../common/model';
import { openDatabase } from './database';
import { DEFAULT_PREFERENCES } from './deskState';
import { searchCache } from './search';
import { CacheStore } from './store';

// History rows name an interaction's disposition: the cache reads it from the stored userData
// under the key the settings name, when it builds the row (the summary every list, the change
// set's heads and search hits share), so the fact has one place.

let db: Database;
let store: CacheStore;

beforeEach(() => {
  db = openDatabase(':memory:');
  store = new CacheStore(db);
});

afterEach(() => {
  db.close();
});

function chat(id: string, userData: Record<string, unknown>): InteractionSnapshot {
  return { id, channel: 'chat', state: 'Accepted', capabilities: [], userData, subject: 'Order' };
}

describe('the disposition on an interaction row', () => {
  it('is the value under the settings key, on History, the head and search hits; absent when none or blank', () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    const head = store.upsertInteraction(account, chat('D', { DispositionCode: 'Escalated' }), 1);
    expect(head.disposition).toBe('Escalated');
    store.upsertInteraction(account, chat('N', { Notes: 'call back' }), 2);
    store.upsertInteraction(account, chat('B', { DispositionCode: '  ' }), 3);
    for (const id of ['D', 'N', 'B']) store.markEnded(account, id, 'Completed', 10);

    const history = store.history(account);
    expect(history.map((row) => [row.id, row.disposition])).toEqual([
      ['B', undefined],
      ['D', 'Escalated'],
      ['N', undefined],
    ]);
    expect(history.find((row) => row.id === 'N')).not.toHaveProperty('disposition');
    const hit = searchCache(db, { text: 'Order', accountId: account }).find(
      (found) => found.interaction.id === 'D',
    );
    expect(hit?.interaction.disposition).toBe('Escalated');
  });

  it('follows the key the settings name, read when the row is built', () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    store.upsertInteraction(
      account,
      chat('W', { DispositionCode: 'Resolved', WrapUp: 'Callback' }),
      1,
    );
    store.markEnded(account, 'W', 'Completed', 10);
    expect(store.history(account)[0]?.disposition).toBe('Resolved');

    store.deskState().savePreferences({ ...DEFAULT_PREFERENCES, dispositionKey: 'WrapUp' });
    expect(store.history(account)[0]?.disposition).toBe('Callback');
    expect(store.interactionRecord(account, 'W')?.disposition).toBe('Callback');
    expect(searchCache(db, { text: 'Order', accountId: account })[0]?.interaction.disposition).toBe(
      'Callback',
    );
  });

  it('follows each account’s own key: the same stored case data reads per account', () => {
    const ann = store.accountId({ serverUrl: 'a', userName: 'ann' });
    const bob = store.accountId({ serverUrl: 'b', userName: 'bob' });
    const userData = { DispositionCode: 'Resolved', Outcome: 'Sold' };
    for (const account of [ann, bob]) {
      store.upsertInteraction(account, chat('X', userData), 1);
      store.markEnded(account, 'X', 'Completed', 10);
    }
    store.deskState().savePreferences({ ...DEFAULT_PREFERENCES, dispositionKey: 'Outcome' }, ann);
    expect(store.history(ann)[0]?.disposition).toBe('Sold');
    expect(store.history(bob)[0]?.disposition).toBe('Resolved');
    const hits = searchCache(db, { text: 'Order' });
    expect(hits.map((hit) => hit.interaction.disposition).sort()).toEqual(['Resolved', 'Sold']);
  });
});
