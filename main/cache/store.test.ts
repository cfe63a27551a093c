import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InteractionSnapshot } from '../../common/model';
import { openDatabase } from './database';
import { searchCache } from './search';
import { CacheStore } from './store';

let db: Database;
let store: CacheStore;

beforeEach(() => {
  db = openDatabase(':memory:');
  store = new CacheStore(db);
});

afterEach(() => {
  db.close();
});

function snapshot(overrides: Partial<InteractionSnapshot> & { id: string }): InteractionSnapshot {
  return { channel: 'email', state: 'Invited', capabilities: [], userData: {}, ...overrides };
}

function indexRows(): number {
  return (
    db
      .prepare(
        "SELECT count(*) AS n FROM search_index WHERE search_index MATCH 'twice OR tom OR maria'",
      )
      .get() as { n: number }
  ).n;
}

describe('CacheStore', () => {
  it('keeps accounts apart: the same interaction id on two servers is two rows', () => {
    const one = store.accountId({ serverUrl: 'https://a.example', userName: 'agent1' });
    const two = store.accountId({ serverUrl: 'https://b.example', userName: 'agent1' });
    expect(store.accountId({ serverUrl: 'https://a.example', userName: 'agent1' })).toBe(one);
    store.upsertInteraction(one, snapshot({ id: 'X', subject: 'On A' }), 1);
    store.upsertInteraction(two, snapshot({ id: 'X', subject: 'On B' }), 2);

    expect(store.inbox(one).map((row) => row.subject)).toEqual(['On A']);
    expect(store.inbox(two).map((row) => row.subject)).toEqual(['On B']);
    expect(
      searchCache(db, { text: 'On', accountId: two }).map((hit) => hit.interaction.subject),
    ).toEqual(['On B']);
    expect(
      searchCache(db, { text: 'On', accountId: one }).map((hit) => hit.interaction.subject),
    ).toEqual(['On A']);
  });

  it('tracks first sight, acceptance and end, and keeps fields a later snapshot lacks', () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    store.upsertInteraction(
      account,
      snapshot({ id: 'I', subject: 'Refund', from: 'maria@example.com' }),
      100,
    );
    store.upsertInteraction(
      account,
      snapshot({ id: 'I', state: 'Accepted', capabilities: ['Reply'] }),
      200,
    );
    store.upsertInteraction(account, snapshot({ id: 'I', state: 'Accepted' }), 300);
    store.markEnded(account, 'I', 'Completed', 400);
    store.markEnded(account, 'I', 'Completed', 500);

    expect(store.interaction(account, 'I')).toMatchObject({
      subject: 'Refund',
      from: 'maria@example.com',
      state: 'Completed',
      firstSeenAt: 100,
      acceptedAt: 200,
      endedAt: 400,
      capabilities: [],
    });
    expect(store.inbox(account)).toEqual([]);
    expect(store.history(account).map((row) => row.id)).toEqual(['I']);
  });

  it('stores each chat event once, whatever the replays, and indexes message text', () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    store.upsertInteraction(account, snapshot({ id: 'C', channel: 'chat' }), 1);
    const events = [
      { eventId: 1, kind: 'joined' as const, authorName: 'Tom', authorType: 'Client' },
      { eventId: 2, kind: 'message' as const, authorName: 'Tom', text: 'charged twice?' },
      { eventId: 3, kind: 'notice' as const, noticeType: 'TypingStarted' },
    ];
    expect(store.addChatEvents(account, 'C', events)).toBe(3);
    expect(store.addChatEvents(account, 'C', events)).toBe(0);
    expect(
      store.addChatEvents(account, 'C', [
        ...events,
        { eventId: 4, kind: 'message', text: 'hello' },
      ]),
    ).toBe(1);

    expect(store.interaction(account, 'C')?.transcript.map((event) => event.eventId)).toEqual([
      1, 2, 3, 4,
    ]);
    const hits = searchCache(db, { text: 'charged twice' });
    expect(hits.map((hit) => [hit.kind, hit.snippet])).toEqual([
      ['chat', 'Tom: [charged] [twice]?'],
    ]);
    expect(searchCache(db, { text: 'tom' }).map((hit) => hit.kind)).toContain('parties');
  });

  it('replaces an e-mail search document when the content changes, leaving no stale index rows', () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    store.upsertInteraction(account, snapshot({ id: 'E' }), 1);
    const email = {
      from: 'maria@example.com',
      to: ['support@example.com'],
      cc: [],
      attachments: [],
    };
    store.putEmail(account, 'E', { ...email, subject: 'Charged twice', text: 'first version' });
    store.putEmail(account, 'E', { ...email, subject: 'Charged twice', text: 'second version' });
    store.putEmail(account, 'E', { ...email, subject: 'Charged twice', text: 'second version' });

    expect(searchCache(db, { text: 'first version' })).toEqual([]);
    expect(searchCache(db, { text: 'second version' })).toHaveLength(1);
    expect(
      db.prepare("INSERT INTO search_index (search_index) VALUES ('integrity-check')").run()
        .changes,
    ).toBe(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('finds an invitation by its subject, and lists an interaction once however many parts match', () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    store.upsertInteraction(
      account,
      snapshot({ id: 'invite', subject: 'Invoice charged twice' }),
      1,
    );
    expect(
      searchCache(db, { text: 'invoice' }).map((hit) => [hit.interaction.id, hit.kind]),
    ).toEqual([['invite', 'parties']]);

    store.upsertInteraction(account, snapshot({ id: 'invite', state: 'Accepted' }), 2);
    store.putEmail(account, 'invite', {
      to: [],
      cc: [],
      attachments: [],
      subject: 'Invoice charged twice',
      text: 'The invoice was charged twice.',
    });
    expect(searchCache(db, { text: 'invoice charged' }).map((hit) => hit.interaction.id)).toEqual([
      'invite',
    ]);
  });

  it('treats FTS5 syntax in a query as plain words', () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    store.upsertInteraction(account, snapshot({ id: 'E' }), 1);
    store.putEmail(account, 'E', {
      to: [],
      cc: [],
      attachments: [],
      subject: 'NEAR the end',
      text: 'x',
    });
    for (const query of ['NEAR(', '"', '*', 'subject:', 'a OR', '))', '']) {
      expect(() => searchCache(db, { text: query })).not.toThrow();
    }
    expect(searchCache(db, { text: 'NEAR(' })).toHaveLength(1);
  });

  it('purges ended interactions with their transcript, e-mail, attachments and search rows', () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    store.upsertInteraction(account, snapshot({ id: 'old', from: 'maria@example.com' }), 1);
    store.putEmail(account, 'old', {
      to: [],
      cc: [],
      subject: 'Charged twice',
      text: 'x',
      attachments: [{ id: 'd', name: 'a.pdf' }],
    });
    store.recordDownload(account, 'old', 'd', {
      localPath: '/tmp/aa/a.pdf',
      sha256: 'aa',
      size: 1,
      at: 5,
    });
    store.markEnded(account, 'old', 'Completed', 10);
    store.upsertInteraction(account, snapshot({ id: 'new', channel: 'chat' }), 20);
    store.addChatEvents(account, 'new', [
      { eventId: 1, kind: 'message', authorName: 'Tom', text: 'still here' },
    ]);
    expect(indexRows()).toBeGreaterThan(0);

    const purged = store.purgeEndedBefore(15);

    expect(purged).toEqual({ interactions: 1, orphanedFiles: ['/tmp/aa/a.pdf'] });
    expect(store.interaction(account, 'old')).toBeUndefined();
    expect(searchCache(db, { text: 'charged' })).toEqual([]);
    expect(searchCache(db, { text: 'maria' })).toEqual([]);
    expect(searchCache(db, { text: 'still here' })).toHaveLength(1);
    for (const table of ['chat_messages', 'emails', 'attachments', 'search_documents']) {
      const rows = db
        .prepare(`SELECT count(*) AS n FROM ${table} WHERE interaction_id = 'old'`)
        .get() as { n: number };
      expect(rows.n).toBe(0);
    }
  });

  it('answers the hot queries from indexes (EXPLAIN QUERY PLAN)', () => {
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
        .map((row) => row.detail)
        .join('\n');
    expect(
      plan(
        'SELECT * FROM interactions WHERE account_id = 1 AND ended_at IS NULL ORDER BY updated_at DESC',
      ),
    ).toMatch(/USING INDEX interactions_by_activity/);
    expect(
      plan(
        "SELECT * FROM interactions WHERE account_id = 1 AND channel = 'chat' AND ended_at IS NOT NULL ORDER BY ended_at DESC",
      ),
    ).toMatch(/USING INDEX interactions_by_channel_end/);
    expect(
      plan(
        "SELECT * FROM chat_messages WHERE account_id = 1 AND interaction_id = 'x' ORDER BY event_id",
      ),
    ).toMatch(/USING PRIMARY KEY|USING INDEX sqlite_autoindex_chat_messages/);
    expect(
      plan(
        "SELECT d.kind FROM search_index JOIN search_documents d ON d.rowid = search_index.rowid WHERE search_index MATCH 'x'",
      ),
    ).toMatch(/VIRTUAL TABLE INDEX/);
  });
});
