import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatEvent, HistoryEntry } from '../../common/model';
import { openDatabase } from '../cache/database';
import { searchCache } from '../cache/search';
import { CacheStore, type AccountKey } from '../cache/store';
import { CacheWriter, type Commit, type WorkstationLog } from './cacheWriter';
import { bracketed } from '../../common/searchSnippet';

// The contact's history from UCS as the cache writer keeps it: the listing under the contact
// asked about, opened contents stored and searchable, all of it read back with no server.

const account: AccountKey = { serverUrl: 'http://gws.example:8090', userName: 'agent1' };
const quiet: WorkstationLog = { debug: () => undefined, warn: () => undefined };
const T0 = Date.UTC(2024, 0, 15, 9, 0, 0);
const CONTACT = '0001CT00MARIA001';

let folder: string;
const databases: Database[] = [];

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'switchboard-contact-history-'));
});

afterEach(() => {
  for (const db of databases.splice(0)) if (db.open) db.close();
  rmSync(folder, { recursive: true, force: true });
});

function writerOn(path: string): { writer: CacheWriter; store: CacheStore; db: Database } {
  const db = openDatabase(path);
  databases.push(db);
  const store = new CacheStore(db);
  let now = T0;
  const writer = new CacheWriter({
    store,
    account,
    attachmentsDir: join(folder, 'attachments'),
    log: quiet,
    now: () => (now += 1000),
  });
  return { writer, store, db };
}

const older: HistoryEntry = {
  id: 'H-CHAT',
  mediaType: 'Chat',
  subject: 'Delivery address',
  state: 'Stopped',
  startedAt: T0 - 40 * 86_400_000,
  endedAt: T0 - 40 * 86_400_000 + 360_000,
  contactId: CONTACT,
  ownerName: 'Agent 2',
};
const newer: HistoryEntry = {
  id: 'H-MAIL',
  mediaType: 'Email',
  subject: 'Invoice 2291 paid twice',
  state: 'Stopped',
  startedAt: T0 - 21 * 86_400_000,
  contactId: CONTACT,
};
const transcript: ChatEvent[] = [
  { eventId: 1, kind: 'joined', authorName: 'Maria', authorType: 'Client' },
  { eventId: 2, kind: 'message', authorName: 'Maria', text: 'Strandvejen 12, 2900 Hellerup' },
  { eventId: 3, kind: 'message', authorName: 'Agent', text: 'Done: the parcel goes there.' },
];

describe('contact history in the cache (UCS answers)', () => {
  it('keeps the listing under the contact asked about, newest first, with when it was fetched', () => {
    const { writer } = writerOn(':memory:');
    const commits: Commit[] = [];
    writer.onCommit((commit) => commits.push(commit));
    expect(writer.contactHistory(CONTACT)).toEqual({ contactId: CONTACT, entries: [] });

    writer.expectContactHistory(7, CONTACT);
    writer.apply({ type: 'historyReceived', referenceId: 7, entries: [older, newer] });
    const fetchedAt = commits.at(-1)?.changes.history[0];
    expect(fetchedAt).toMatchObject({ kind: 'entries', referenceId: 7, contactId: CONTACT });
    const history = writer.contactHistory(CONTACT);
    expect(history.fetchedAt).toBe(fetchedAt?.kind === 'entries' ? fetchedAt.fetchedAt : -1);
    expect(history.entries).toEqual([newer, older]);
  });

  it('records an empty history under the contact asked about, not as never fetched', () => {
    const { writer } = writerOn(':memory:');
    writer.expectContactHistory(3, 'C-NEW');
    writer.apply({ type: 'historyReceived', referenceId: 3, entries: [] });
    const history = writer.contactHistory('C-NEW');
    expect(history.entries).toEqual([]);
    expect(history.fetchedAt).toBeGreaterThan(T0);
  });

  it('stores an opened chat’s transcript and an e-mail’s body, carried in the change set', () => {
    const { writer } = writerOn(':memory:');
    const commits: Commit[] = [];
    writer.onCommit((commit) => commits.push(commit));
    writer.expectContactHistory(1, CONTACT);
    writer.apply({ type: 'historyReceived', referenceId: 1, entries: [older, newer] });
    writer.apply({
      type: 'historyContentReceived',
      referenceId: 2,
      entry: older,
      events: transcript,
    });
    const change = commits.at(-1)?.changes.history[0];
    expect(change).toMatchObject({ kind: 'content', entry: older, events: transcript });
    writer.apply({
      type: 'historyContentReceived',
      referenceId: 3,
      entry: newer,
      events: [],
      body: 'I paid invoice 2291 twice by mistake.',
    });
    const [mail, chat] = writer.contactHistory(CONTACT).entries;
    expect(chat?.content).toEqual({
      events: transcript,
      fetchedAt: change?.kind === 'content' ? change.fetchedAt : -1,
    });
    expect(mail?.content).toMatchObject({
      events: [],
      body: 'I paid invoice 2291 twice by mistake.',
    });
    // Listing the history again keeps what was opened.
    writer.apply({ type: 'historyReceived', referenceId: 4, entries: [older, newer] });
    expect(writer.contactHistory(CONTACT).entries[1]?.content?.events).toEqual(transcript);
  });

  it('makes opened contents searchable, found as the past interaction they belong to', async () => {
    const { writer, db } = writerOn(join(folder, 'cache.db'));
    writer.expectContactHistory(1, CONTACT);
    writer.apply({ type: 'historyReceived', referenceId: 1, entries: [older, newer] });
    writer.apply({
      type: 'historyContentReceived',
      referenceId: 2,
      entry: older,
      events: transcript,
    });
    writer.apply({
      type: 'historyContentReceived',
      referenceId: 3,
      entry: newer,
      events: [],
      body: 'Could you refund one of the payments?',
    });
    writer.indexSearchDocuments();
    const hits = searchCache(db, { text: 'Hellerup' });
    expect(hits.map((hit) => [hit.kind, hit.interaction.id, hit.interaction.subject])).toEqual([
      ['chat', 'H-CHAT', 'Delivery address'],
    ]);
    expect(bracketed(hits[0]?.snippet ?? '')).toContain('[Hellerup]');
    expect(hits[0]?.interaction).toMatchObject({
      channel: 'chat',
      state: 'Stopped',
      phase: 'ended',
    });
    expect((await writer.search('refund')).map((hit) => [hit.kind, hit.interaction.id])).toEqual([
      ['email', 'H-MAIL'],
    ]);
    // A listed entry never opened is not searchable by words it does not hold.
    expect(searchCache(db, { text: 'Strandvejen nothing' })).toEqual([]);
  });

  it('reads the history and contents back from the file with no server', async () => {
    const path = join(folder, 'cache.db');
    const first = writerOn(path);
    first.writer.expectContactHistory(1, CONTACT);
    first.writer.apply({ type: 'historyReceived', referenceId: 1, entries: [older] });
    first.writer.apply({
      type: 'historyContentReceived',
      referenceId: 2,
      entry: older,
      events: transcript,
    });
    const stored = first.writer.contactHistory(CONTACT);
    await first.writer.close();
    first.db.close();
    const reopened = writerOn(path);
    expect(reopened.writer.contactHistory(CONTACT)).toEqual(stored);
  });

  it.each(['null', '{}', '{"events": "text"}', '{"events": [null]}', '[]', '5'])(
    'lists the whole history when an opened content holds %s, that entry as never opened',
    async (odd) => {
      const path = join(folder, 'cache.db');
      const first = writerOn(path);
      first.writer.expectContactHistory(1, CONTACT);
      first.writer.apply({ type: 'historyReceived', referenceId: 1, entries: [newer, older] });
      first.writer.expectContactHistory(2, CONTACT);
      for (const [referenceId, entry] of [
        [2, older],
        [3, newer],
      ] as const)
        first.writer.apply({
          type: 'historyContentReceived',
          referenceId,
          entry,
          events: entry === older ? transcript : [],
          ...(entry === newer ? { body: 'Refund sent' } : {}),
        });
      await first.writer.close();
      first.db.close();
      // The column's CHECK asks only for valid JSON: a hand with the sqlite3 shell, or an
      // older build, may leave any JSON there.
      const edit = openDatabase(path);
      edit
        .prepare("UPDATE contact_history_entries SET content = ? WHERE interaction_id = 'H-CHAT'")
        .run(odd);
      edit.close();

      const reopened = writerOn(path);
      const history = reopened.writer.contactHistory(CONTACT);
      expect(history.entries.map((entry) => entry.id)).toEqual(['H-MAIL', 'H-CHAT']);
      // The entry whose content cannot be read is listed as not opened yet: opening it asks
      // the server again.
      expect(history.entries[1]).toEqual({ ...older });
      expect(history.entries[0]?.content?.body).toBe('Refund sent');
    },
  );

  it('forgets, on purge, the history not fetched again within the retention period', async () => {
    const { writer, db } = writerOn(join(folder, 'cache.db'));
    writer.expectContactHistory(1, CONTACT);
    writer.apply({ type: 'historyReceived', referenceId: 1, entries: [older, newer] });
    writer.apply({
      type: 'historyContentReceived',
      referenceId: 2,
      entry: older,
      events: transcript,
    });
    writer.indexSearchDocuments();
    expect(searchCache(db, { text: 'Hellerup' })).toHaveLength(1);
    // Kept while fresh, though the past interactions ended weeks before the retention period.
    await writer.purge(7);
    expect(writer.contactHistory(CONTACT).entries).toHaveLength(2);
    // Nothing fetched since the cutoff (0 days: everything before now): all of it goes.
    await writer.purge(0);
    expect(writer.contactHistory(CONTACT)).toEqual({ contactId: CONTACT, entries: [] });
    expect(searchCache(db, { text: 'Hellerup' })).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM search_documents').get()).toEqual({ n: 0 });
  });
});
