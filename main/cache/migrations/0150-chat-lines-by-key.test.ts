import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatEvent } from '../../../common/model';
import { latestVersion, openDatabase } from '../database';
import { searchCache } from '../search';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 150);

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** What SQLite says of a table: WITHOUT ROWID or not, and the indexes it has. */
function shapeOf(db: ReturnType<typeof openDatabase>, table: string) {
  const { sql } = db
    .prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?")
    .get(table) as { sql: string };
  const indexes = (
    db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? ORDER BY name")
      .all(table) as { name: string }[]
  ).map((row) => row.name);
  return { withoutRowid: /WITHOUT ROWID/i.test(sql), indexes };
}

const transcript: ChatEvent[] = [
  { eventId: 1, kind: 'joined', authorName: 'Maria', authorType: 'Client', at: 1_000 },
  { eventId: 2, kind: 'message', authorName: 'Maria', text: 'my parcel never arrived', at: 1_001 },
  { eventId: 3, kind: 'joined', authorName: 'Ann', authorType: 'Agent', visibility: 'All' },
  { eventId: 4, kind: 'notice', authorName: 'Ann', noticeType: 'PushUrl', text: 'https://x' },
  { eventId: 5, kind: 'left', authorName: 'Maria', authorId: 'u-1' },
];

describe('migration 0150: chat lines stored by their key', () => {
  it('makes a new cache keep chat lines in one B-tree, with the index of joins (:memory:)', () => {
    const db = openDatabase(':memory:');
    expect(shapeOf(db, 'chat_messages')).toEqual({
      withoutRowid: true,
      indexes: ['chat_messages_joined'],
    });
    const store = new CacheStore(db);
    const account = store.accountId({ serverUrl: 'https://a.example', userName: 'ann' });
    expect(store.addChatEvents(account, 'c1', transcript)).toBe(5);
    // A line delivered again is not stored twice.
    expect(store.addChatEvents(account, 'c1', transcript.slice(1, 3))).toBe(0);
    expect([...store.transcriptLines(account, 'c1')]).toEqual(transcript);
    db.close();
  });

  it('upgrades a cache file holding chats: every line, the joins and the search stay', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-0150-'));
    dirs.push(dir);
    const path = join(dir, 'cache.db');
    const old = openDatabase(path, { migrations: BEFORE });
    const oldStore = new CacheStore(old);
    const ann = oldStore.accountId({ serverUrl: 'https://a.example', userName: 'ann' });
    const bob = oldStore.accountId({ serverUrl: 'https://b.example', userName: 'bob' });
    const chats = [
      [ann, 'c1'],
      [bob, 'c1'],
      [ann, 'c2'],
    ] as const;
    oldStore.transaction(() => {
      for (const [account, id] of chats) {
        oldStore.upsertInteraction(
          account,
          { id, channel: 'chat', state: 'Accepted', capabilities: [], userData: {} },
          1_000,
        );
        oldStore.addChatEvents(account, id, transcript);
      }
    });
    expect(shapeOf(old, 'chat_messages').withoutRowid).toBe(false);
    const linesIn = (db: ReturnType<typeof openDatabase>) =>
      chats.map(([account, id]) => [...new CacheStore(db).transcriptLines(account, id)]);
    const before = linesIn(old);
    const documentsBefore = old.prepare('SELECT * FROM search_documents ORDER BY rowid').all();
    old.close();

    const reopened = openDatabase(path);
    expect(reopened.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(reopened.pragma('foreign_key_check')).toEqual([]);
    expect(shapeOf(reopened, 'chat_messages')).toEqual({
      withoutRowid: true,
      indexes: ['chat_messages_joined'],
    });
    expect(linesIn(reopened)).toEqual(before);
    expect(before[0]).toEqual(transcript);
    expect(reopened.prepare('SELECT * FROM search_documents ORDER BY rowid').all()).toEqual(
      documentsBefore,
    );
    const store = new CacheStore(reopened);
    expect(
      searchCache(reopened, { text: 'parcel', accountId: ann }).map((hit) => hit.interaction.id),
    ).toEqual(expect.arrayContaining(['c1', 'c2']));
    // The upgraded cache goes on: a new line and a later join, the parties found by name.
    store.addChatEvents(ann, 'c1', [
      { eventId: 6, kind: 'joined', authorName: 'Tom' },
      { eventId: 7, kind: 'message', authorName: 'Tom', text: 'hello from the supervisor' },
    ]);
    expect([...store.transcriptLines(ann, 'c1')].map((line) => line.eventId)).toEqual([
      1, 2, 3, 4, 5, 6, 7,
    ]);
    expect(
      searchCache(reopened, { text: 'Tom', accountId: ann }).map((hit) => [
        hit.interaction.id,
        hit.kind,
      ]),
    ).toEqual(expect.arrayContaining([['c1', 'parties']]));
    // Deleting an account still takes its lines with it (the foreign key holds).
    reopened.prepare('DELETE FROM accounts WHERE id = ?').run(bob);
    expect(
      reopened.prepare('SELECT count(*) AS n FROM chat_messages WHERE account_id = ?').get(bob),
    ).toEqual({ n: 0 });
    reopened.close();
  });
});
