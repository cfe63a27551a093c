import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatEvent } from '../../common/model';
import { openDatabase } from './database';
import { CacheStore } from './store';

// The cache's STRICT tables refuse a fraction in an INTEGER column, and the failed statement
// used to take its whole transaction with it (issue 11, item 3). The normalizer gives whole
// numbers; these are the values that reach the store by other ways (a recorded stream, which
// the event schema lets carry fractions): rounded where a column is an INTEGER, left empty where
// no rounding fits, and never the rest of the rows.

let folder: string;
let db: Database;
let store: CacheStore;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'switchboard-store-integers-'));
  db = openDatabase(join(folder, 'cache.db'));
  store = new CacheStore(db);
});

afterEach(() => {
  db.close();
  rmSync(folder, { recursive: true, force: true });
});

function line(eventId: number, at?: number): ChatEvent {
  return {
    eventId,
    kind: 'message',
    text: `line ${eventId}`,
    ...(at === undefined ? {} : { at }),
  };
}

describe('CacheStore with numbers its INTEGER columns cannot hold as given', () => {
  it('rounds a chat time with a fraction, leaves an unstorable one empty, keeps every line', () => {
    const account = store.accountId({ serverUrl: 'http://127.0.0.1:1', userName: 'agent1' });
    const lines = [
      line(1, 1764000000000),
      line(2, 1764000000.25),
      line(3, 1e300),
      line(4, Number.NaN),
      line(5),
    ];
    const inserted = store.transaction(() => store.insertChatEvents(account, 'chat-1', lines));
    // What the change set carries is what the rows hold.
    expect(inserted).toEqual([
      line(1, 1764000000000),
      line(2, 1764000000),
      line(3),
      line(4),
      line(5),
    ]);
    expect(store.interaction(account, 'chat-1')).toBeUndefined();
    const rows = db
      .prepare(
        "SELECT event_id, at, typeof(at) AS type FROM chat_messages WHERE interaction_id = 'chat-1' ORDER BY event_id",
      )
      .all();
    expect(rows).toEqual([
      { event_id: 1, at: 1764000000000, type: 'integer' },
      { event_id: 2, at: 1764000000, type: 'integer' },
      { event_id: 3, at: null, type: 'null' },
      { event_id: 4, at: null, type: 'null' },
      { event_id: 5, at: null, type: 'null' },
    ]);
  });

  it('rounds an attachment size of 1.5 and keeps the e-mail body and every attachment row', () => {
    const account = store.accountId({ serverUrl: 'http://127.0.0.1:1', userName: 'agent1' });
    store.transaction(() => {
      store.upsertInteraction(
        account,
        { id: 'mail-1', channel: 'email', state: 'Invited', capabilities: [], userData: {} },
        1764000000000.5,
      );
      store.putEmail(account, 'mail-1', {
        to: [],
        cc: [],
        text: 'the body',
        attachments: [
          { id: 'a1', name: 'half.pdf', size: 1.5 },
          { id: 'a2', name: 'huge.bin', size: Number.POSITIVE_INFINITY },
          { id: 'a3', name: 'plain.txt', size: 120 },
        ],
      });
      store.appendEvent(account, 'mail-1', 'emailContentReceived', null, 1764000000000.5, {});
    });
    const stored = store.interaction(account, 'mail-1');
    expect(stored?.firstSeenAt).toBe(1764000000001);
    expect(stored?.email?.text).toBe('the body');
    expect(stored?.attachments).toEqual([
      { id: 'a1', name: 'half.pdf', size: 2 },
      { id: 'a2', name: 'huge.bin' },
      { id: 'a3', name: 'plain.txt', size: 120 },
    ]);
    expect(
      db.prepare("SELECT at FROM interaction_events WHERE interaction_id = 'mail-1'").get(),
    ).toEqual({ at: 1764000000001 });
  });
});
