import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../database';
import { searchCache } from '../search';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';
import { bracketed } from '../../../common/searchSnippet';

const FIRST_SCHEMA = MIGRATIONS.filter((migration) => migration.version <= 10);

describe('migration 0030: the index of chat joins', () => {
  it('upgrades a cache holding chats on :memory:, indexing exactly its joins and losing nothing', () => {
    const db = openDatabase(':memory:', { migrations: FIRST_SCHEMA });
    const store = new CacheStore(db);
    const account = store.accountId({ serverUrl: 'https://gws.example.com', userName: 'ann' });
    store.transaction(() => {
      store.upsertInteraction(
        account,
        { id: 'chat-1', channel: 'chat', state: 'Accepted', capabilities: [], userData: {} },
        1_000,
      );
      store.addChatEvents(account, 'chat-1', [
        { eventId: 1, kind: 'joined', authorName: 'Maria', authorType: 'Client' },
        { eventId: 2, kind: 'message', authorName: 'Maria', text: 'my parcel never arrived' },
        { eventId: 3, kind: 'joined', authorName: 'Ann', authorType: 'Agent' },
        { eventId: 4, kind: 'joined' },
        { eventId: 5, kind: 'notice', authorName: 'Ann', noticeType: 'TypingStarted' },
        { eventId: 6, kind: 'left', authorName: 'Maria' },
      ]);
    });
    const everything = () =>
      ['interactions', 'chat_messages', 'search_documents'].map((table) =>
        db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all(),
      );
    const before = everything();
    expect(db.pragma('user_version', { simple: true })).toBe(10);

    // Up to this migration: later ones are tested by their own upgrade tests.
    migrate(
      db,
      MIGRATIONS.filter((migration) => migration.version <= 30),
    );

    expect(db.pragma('user_version', { simple: true })).toBe(30);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(everything()).toEqual(before);
    const index = db
      .prepare(
        "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = 'chat_messages_joined'",
      )
      .get() as { sql: string } | undefined;
    expect(index?.sql).toMatch(/WHERE kind = 'joined' AND author_name IS NOT NULL/);
    // The index holds the two named joins and nothing else of the transcript.
    const entries = db
      .prepare(
        `SELECT event_id, author_name FROM chat_messages INDEXED BY chat_messages_joined
         WHERE account_id = ? AND interaction_id = ? AND kind = 'joined' AND author_name IS NOT NULL
         ORDER BY event_id`,
      )
      .all(account, 'chat-1');
    expect(entries).toEqual([
      { event_id: 1, author_name: 'Maria' },
      { event_id: 3, author_name: 'Ann' },
    ]);
    const plan = (
      db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT author_name FROM chat_messages INDEXED BY chat_messages_joined
           WHERE account_id = 1 AND interaction_id = 'chat-1' AND kind = 'joined' AND author_name IS NOT NULL
           ORDER BY event_id`,
        )
        .all() as { detail: string }[]
    ).map((row) => row.detail);
    expect(plan).toEqual([
      'SEARCH chat_messages USING COVERING INDEX chat_messages_joined (account_id=? AND interaction_id=?)',
    ]);

    // The upgraded cache goes on as before: a later join is found, with the earlier parties.
    // (Brought to the latest schema first, as the desk always opens it: search reads later tables.)
    migrate(db);
    const upgraded = new CacheStore(db);
    upgraded.addChatEvents(account, 'chat-1', [{ eventId: 7, kind: 'joined', authorName: 'Tom' }]);
    expect(
      searchCache(db, { text: 'Tom', accountId: account }).map((hit) => [
        hit.kind,
        bracketed(hit.snippet),
      ]),
    ).toEqual([['parties', 'Maria Ann [Tom]']]);
    db.close();
  });
});
