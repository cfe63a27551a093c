import type { Database } from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InteractionSnapshot } from '../../common/model';
import { purgeAll } from '../../tests/support/purge';
import { openDatabase } from './database';
import { searchCache } from './search';
import {
  CacheStore,
  LOG_PURGE_RANGE,
  PURGE_DOCUMENTS,
  PURGE_LOG_ROWS,
  SEARCH_INDEX_AUTOMERGE,
} from './store';

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];

function snapshot(id: string, channel = 'chat'): InteractionSnapshot {
  return { id, channel, state: 'Accepted', capabilities: [], userData: {} };
}

/** One interaction of a generated cache: what it holds and when it ended (if it did). */
interface Generated {
  readonly endedAt: number | undefined;
  readonly lines: readonly string[];
  readonly email: string | undefined;
  readonly file: number | undefined;
  readonly logAt: readonly number[];
}

/** Fills a new `:memory:` cache, two accounts, the same content in both. */
function build(interactions: readonly Generated[], accountRows: readonly number[]) {
  const db = openDatabase(':memory:');
  const store = new CacheStore(db);
  const accounts = ['ann', 'bob'].map((userName) =>
    store.accountId({ serverUrl: 'http://127.0.0.1:1', userName }),
  );
  store.transaction(() => {
    for (const account of accounts) {
      interactions.forEach((item, index) => {
        const id = `i${index}`;
        store.upsertInteraction(account, snapshot(id, item.email ? 'email' : 'chat'), 1);
        store.addChatEvents(
          account,
          id,
          item.lines.map((text, line) => ({ eventId: line + 1, kind: 'message', text })),
        );
        if (item.email !== undefined) {
          store.putEmail(account, id, {
            to: [],
            cc: [],
            text: item.email,
            attachments: item.file === undefined ? [] : [{ id: 'a', name: 'a.txt' }],
          });
          if (item.file !== undefined)
            store.recordDownload(account, id, 'a', {
              localPath: `/files/${item.file}`,
              sha256: String(item.file),
              size: 1,
              at: 1,
            });
        }
        for (const at of item.logAt)
          store.appendEvent(account, id, 'interactionUpdated', null, at, {});
        if (item.endedAt !== undefined) store.markEnded(account, id, 'Completed', item.endedAt);
      });
      for (const at of accountRows)
        store.appendEvent(account, '', 'channelStateChanged', null, at, {});
    }
    store.appendEvent(accounts[0] ?? 0, 'never-stored', 'interactionUpdated', null, 5, {});
  });
  store.indexSearchDocuments();
  return { db, store };
}

/** Every row the purge may touch, in a fixed order, and what the full-text index finds. */
function contents(db: Database) {
  const rows = (sql: string) => db.prepare(sql).all();
  return {
    interactions: rows('SELECT account_id, id, ended_at FROM interactions ORDER BY 1, 2'),
    chat: rows(
      'SELECT account_id, interaction_id, event_id, text FROM chat_messages ORDER BY 1, 2, 3',
    ),
    emails: rows('SELECT account_id, interaction_id, text FROM emails ORDER BY 1, 2'),
    attachments: rows(
      'SELECT account_id, interaction_id, local_path FROM attachments ORDER BY 1, 2',
    ),
    documents: rows(
      'SELECT account_id, interaction_id, kind, ref, body FROM search_documents ORDER BY 1, 2, 3, 4',
    ),
    log: rows('SELECT account_id, interaction_id, at FROM interaction_events ORDER BY seq'),
    found: WORDS.map((word) =>
      db
        .prepare('SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY rowid')
        .pluck()
        .all(word),
    ),
  };
}

const generated = fc.record({
  endedAt: fc.option(fc.integer({ min: 2, max: 40 }), { nil: undefined }),
  lines: fc.array(fc.constantFrom(...WORDS), { maxLength: 3 }),
  email: fc.option(fc.constantFrom(...WORDS), { nil: undefined }),
  file: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  logAt: fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 4 }),
});

describe('the retention purge, one transaction at a time', () => {
  it('deletes the same rows, files and index entries whether its transactions are short or long', () => {
    fc.assert(
      fc.property(
        fc.array(generated, { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 3 }),
        fc.integer({ min: 1, max: 45 }),
        (interactions, accountRows, cutoff) => {
          const short = build(interactions, accountRows);
          const long = build(interactions, accountRows);
          try {
            const shortly = purgeAll(short.store, cutoff, () => true);
            const longly = purgeAll(long.store, cutoff);
            expect(contents(short.db)).toEqual(contents(long.db));
            // What was deleted; whether the index needed merging depends on the transactions.
            const deleted = (purged: typeof shortly) => ({
              interactions: purged.interactions,
              contactHistory: purged.contactHistory,
              logRows: purged.logRows,
              orphanedFiles: [...purged.orphanedFiles].sort(),
            });
            expect(deleted(shortly)).toEqual(deleted(longly));
            // One interaction per transaction (per account) when each unit is enough.
            expect(shortly.transactions).toBeGreaterThanOrEqual(shortly.interactions);
            expect(longly.transactions).toBeLessThanOrEqual(shortly.transactions);

            // What the purge promises: nothing ended before the cutoff is left, nor anything of
            // it, nor an old log row nothing owns; what is kept keeps all of its rows.
            const after = contents(short.db) as {
              interactions: { account_id: number; id: string; ended_at: number | null }[];
              log: { account_id: number; interaction_id: string; at: number }[];
            };
            const kept = new Set(after.interactions.map((row) => `${row.account_id}/${row.id}`));
            expect(
              after.interactions.every((row) => row.ended_at === null || row.ended_at >= cutoff),
            ).toBe(true);
            for (const row of after.log)
              expect(kept.has(`${row.account_id}/${row.interaction_id}`) || row.at >= cutoff).toBe(
                true,
              );
            const endedBefore = new Set(
              interactions.flatMap((item, index) =>
                item.endedAt !== undefined && item.endedAt < cutoff ? [`i${index}`] : [],
              ),
            );
            expect(shortly.interactions).toBe(2 * endedBefore.size);
            expect(after.log.filter((row) => endedBefore.has(row.interaction_id))).toEqual([]);
            for (const db of [short.db, long.db])
              db.prepare(
                "INSERT INTO search_index (search_index) VALUES ('integrity-check')",
              ).run();
          } finally {
            short.db.close();
            long.db.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it(`reads the log ${LOG_PURGE_RANGE} rows (by seq) at a time`, () => {
    const { db, store } = build([], []);
    const account = store.accountId({ serverUrl: 'http://127.0.0.1:1', userName: 'ann' });
    const rows = Math.round(LOG_PURGE_RANGE * 2.5);
    store.transaction(() => {
      for (let row = 0; row < rows; row += 1)
        store.appendEvent(account, '', 'channelStateChanged', null, row % 2 === 0 ? 1 : 100, {});
    });
    const purged = purgeAll(store, 50, () => true);
    // These and the old row `build` logs about an interaction never stored: three ranges,
    // each its own transaction.
    expect(purged.transactions).toBe(3);
    expect(purged.logRows).toBe(rows / 2 + 1);
    expect(db.prepare('SELECT count(*) FROM interaction_events').pluck().get()).toBe(rows / 2);
    db.close();
  });

  it(`ends a transaction after the range that brings its deleted log rows to ${PURGE_LOG_ROWS}`, () => {
    const { db, store } = build([], []);
    const account = store.accountId({ serverUrl: 'http://127.0.0.1:1', userName: 'ann' });
    // Every row old: each range deletes all of its rows.
    const rows = PURGE_LOG_ROWS * 3;
    store.transaction(() => {
      for (let row = 0; row < rows; row += 1)
        store.appendEvent(account, '', 'channelStateChanged', null, 1, {});
    });
    const deleted: number[] = [];
    // Never enough by time: the rows alone end each transaction.
    for (const step of store.retentionPurge(50, () => false)) deleted.push(step.logRows);
    const perTransaction = Math.ceil(PURGE_LOG_ROWS / LOG_PURGE_RANGE) * LOG_PURGE_RANGE;
    // With the one row `build` logs: ranges of whole rows, so each transaction but the last
    // deletes the ranges that reach the bound.
    expect(deleted.reduce((sum, count) => sum + count, 0)).toBe(rows + 1);
    expect(deleted.length).toBe(Math.ceil((rows + 1) / perTransaction));
    expect(Math.max(...deleted)).toBe(perTransaction);
    expect(db.prepare('SELECT count(*) FROM interaction_events').pluck().get()).toBe(0);
    db.close();
  });

  it(`ends a transaction after the interaction that brings its documents to ${PURGE_DOCUMENTS}, a long chat whole`, () => {
    const lines = Array.from(
      { length: PURGE_DOCUMENTS * 2 + 10 },
      (_, line) => WORDS[line % 6] ?? '',
    );
    const short = (endedAt: number) => ({
      endedAt,
      lines: ['echo'],
      email: undefined,
      file: undefined,
      logAt: [1],
    });
    const { db, store } = build([short(2), short(3), { ...short(4), lines }, short(5)], []);
    const ann = store.accountId({ serverUrl: 'http://127.0.0.1:1', userName: 'ann' });
    const documentsOf = (id: string) =>
      db
        .prepare(
          'SELECT count(*) FROM search_documents WHERE account_id = ? AND interaction_id = ?',
        )
        .pluck()
        .get(ann, id);
    expect(documentsOf('i2')).toBeGreaterThan(PURGE_DOCUMENTS * 2);
    // Never enough by time: the documents alone end the transaction, after the long chat.
    const steps = store.retentionPurge(10, () => false);
    expect(steps.next().value).toMatchObject({ interactions: 3 });
    expect(store.interaction(ann, 'i2')).toBeUndefined();
    expect(documentsOf('i2')).toBe(0);
    expect(store.interaction(ann, 'i3')).toBeDefined();
    let transactions = 1;
    for (;;) {
      const step = steps.next();
      if (step.done === true) break;
      if (!step.value.indexMerged) transactions += 1;
    }
    // This one, Ann's last chat, Bob's three then one, the log.
    expect(transactions).toBe(1 + 1 + 2 + 1);
    const left = contents(db);
    expect([left.interactions, left.documents, left.chat, left.log]).toEqual([[], [], [], []]);
    expect(left.found.flat()).toEqual([]);
    db.prepare("INSERT INTO search_index (search_index) VALUES ('integrity-check')").run();
    db.close();
  });

  it('forgets the contact history not fetched since, unless the desk lists it again meanwhile', () => {
    const { db, store } = build([], []);
    const ann = store.accountId({ serverUrl: 'http://127.0.0.1:1', userName: 'ann' });
    const entry = (id: string) => ({
      id,
      mediaType: 'Chat',
      subject: `About ${id}`,
      contactId: 'C1',
    });
    store.contactHistory().storeListing(ann, 'C1', ['h1', 'h2', 'h3', 'h4'].map(entry), 5);
    for (const id of ['h1', 'h2', 'h3'])
      store.storeHistoryContent(
        ann,
        entry(id),
        { events: [{ eventId: 1, kind: 'message', text: 'foxtrot' }] },
        6,
      );
    store.contactHistory().storeListing(ann, 'C2', [{ ...entry('h5'), contactId: 'C2' }], 20);
    store.indexSearchDocuments();
    const found = () =>
      db.prepare("SELECT rowid FROM search_index WHERE search_index MATCH 'foxtrot'").all();
    expect(found()).toHaveLength(3);

    const steps = store.retentionPurge(10, () => true);
    expect(steps.next().value).toMatchObject({ contactHistory: 1 });
    // The desk lists two of the old entries again before their turn: they stay.
    store.contactHistory().storeListing(ann, 'C1', ['h1', 'h2'].map(entry), 15);
    let forgotten = 1;
    for (let step = steps.next(); step.done !== true; step = steps.next())
      forgotten += step.value.contactHistory;

    expect(forgotten).toBe(2);
    expect(
      store
        .contactHistory()
        .contactHistory(ann, 'C1')
        .entries.map((kept) => kept.id)
        .sort(),
    ).toEqual(['h1', 'h2']);
    expect(store.contactHistory().contactHistory(ann, 'C2').entries).toHaveLength(1);
    expect(found()).toHaveLength(2);
    db.prepare("INSERT INTO search_index (search_index) VALUES ('integrity-check')").run();
    db.close();
  });

  it('keeps the content opened from a contact’s history searchable when the desk’s copy of that interaction goes', () => {
    const { db, store } = build(
      [{ endedAt: 2, lines: ['alpha'], email: undefined, file: undefined, logAt: [1] }],
      [],
    );
    const ann = store.accountId({ serverUrl: 'http://127.0.0.1:1', userName: 'ann' });
    // The agent handled i0 long ago; today the customer's UCS history lists it and the agent
    // opens it: the same interaction id, its content kept and searchable (ref 'ucs').
    const entry = { id: 'i0', mediaType: 'Chat', subject: 'About i0', contactId: 'C1' };
    store.contactHistory().storeListing(ann, 'C1', [entry], 15);
    store.storeHistoryContent(
      ann,
      entry,
      { events: [{ eventId: 1, kind: 'message', text: 'foxtrot' }] },
      15,
    );
    store.indexSearchDocuments();
    const found = (word: string) =>
      searchCache(db, { text: word, accountId: ann }).map((hit) => hit.interaction.id);
    expect(found('foxtrot')).toEqual(['i0']);

    purgeAll(store, 10);
    // The desk's own copy is gone, with its words…
    expect(found('alpha')).toEqual([]);
    // …but the history entry, listed and opened lately, stays, and so must its words: the
    // purge deleted its search document with the desk's, and the content still opened was no
    // longer found.
    expect(
      store
        .contactHistory()
        .contactHistory(ann, 'C1')
        .entries.map((kept) => kept.id),
    ).toEqual(['i0']);
    expect(found('foxtrot')).toEqual(['i0']);
    db.prepare("INSERT INTO search_index (search_index) VALUES ('integrity-check')").run();

    // Once the entry itself is old, it goes with its document.
    purgeAll(store, 20);
    expect(store.contactHistory().contactHistory(ann, 'C1').entries).toEqual([]);
    expect(found('foxtrot')).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM search_documents').pluck().get()).toBe(0);
    db.prepare("INSERT INTO search_index (search_index) VALUES ('integrity-check')").run();
    db.close();
  });

  it('sees what the session writes between its transactions', () => {
    const { db, store } = build(
      [
        { endedAt: 2, lines: ['alpha'], email: undefined, file: undefined, logAt: [1] },
        { endedAt: 3, lines: ['bravo'], email: undefined, file: undefined, logAt: [1] },
      ],
      [],
    );
    const ann = store.accountId({ serverUrl: 'http://127.0.0.1:1', userName: 'ann' });
    const steps = store.retentionPurge(10, () => true);
    expect(steps.next().value).toMatchObject({ interactions: 1 });
    expect(store.interaction(ann, 'i0')).toBeUndefined();
    // Meanwhile: a late repeat about the purged chat is logged, and a new chat ends (after the
    // cutoff: it stays, with its log).
    store.appendEvent(ann, 'i0', 'interactionUpdated', null, 20, {});
    store.upsertInteraction(ann, snapshot('late'), 21);
    store.appendEvent(ann, 'late', 'interactionInvited', null, 21, {});
    store.markEnded(ann, 'late', 'Completed', 22);
    for (;;) if (steps.next().done === true) break;

    expect(db.prepare('SELECT account_id, id FROM interactions').all()).toEqual([
      { account_id: ann, id: 'late' },
    ]);
    expect(
      db.prepare('SELECT account_id, interaction_id, at FROM interaction_events').all(),
    ).toEqual([{ account_id: ann, interaction_id: 'late', at: 21 }]);
    db.close();
  });
});

describe("the retention purge and the full-text index's merges", () => {
  /** FTS5's automerge as the index's configuration holds it (absent: FTS5's default). */
  const automerge = (db: Database) =>
    db.prepare("SELECT v FROM search_index_config WHERE k = 'automerge'").pluck().get();
  const integrityCheck = (db: Database) =>
    db.prepare("INSERT INTO search_index (search_index) VALUES ('integrity-check')").run();
  /** Ten chats of three lines that ended at 2, each line indexed in a segment of its own. */
  const chats = () =>
    build(
      Array.from({ length: 10 }, (_, index) => ({
        endedAt: 2,
        lines: [WORDS[index % 6] ?? '', 'echo', 'delta'],
        email: undefined,
        file: undefined,
        logAt: [1],
      })),
      [],
    );

  /** {@link chats}, and a purge of one interaction a transaction that has run its first. */
  const purgeStarted = () => {
    const { db, store } = chats();
    const steps = store.retentionPurge(10, () => true);
    expect(steps.next().value).toMatchObject({ interactions: 1, indexMerged: false });
    // The deletions' commits merge nothing: the purge does it, a transaction at a time.
    expect(automerge(db)).toBe(0);
    return { db, store, steps };
  };

  it('pauses them from its first deletion, merges in transactions of its own, and resumes them', () => {
    const { db, steps } = purgeStarted();
    const kinds: boolean[] = [];
    for (let step = steps.next(); step.done !== true; step = steps.next())
      kinds.push(step.value.indexMerged);
    expect(kinds).toContain(true);
    expect(automerge(db)).toBe(SEARCH_INDEX_AUTOMERGE);
    integrityCheck(db);
    expect(db.prepare('SELECT count(*) FROM search_documents').pluck().get()).toBe(0);
    db.close();
  });

  it('resumes them when it is stopped early', () => {
    const { db, steps } = purgeStarted();
    steps.return();
    expect(automerge(db)).toBe(SEARCH_INDEX_AUTOMERGE);
    integrityCheck(db);
    // What it did not purge is still found, all of it.
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    expect(count("SELECT count(*) FROM search_index WHERE search_index MATCH 'echo'")).toBe(
      count("SELECT count(*) FROM search_documents WHERE body = 'echo'"),
    );
    expect(count("SELECT count(*) FROM search_documents WHERE body = 'echo'")).toBe(2 * 11 - 1);
    db.close();
  });

  it('stays paused after a purge that failed, and the next purge resumes them', () => {
    const { db, store, steps } = purgeStarted();
    // Nothing can be written now, not even automerge's setting back.
    db.pragma('query_only = 1');
    expect(() => {
      for (;;) if (steps.next().done === true) break;
    }).toThrow(/readonly|read-only|query_only/i);
    expect(automerge(db)).toBe(0);
    db.pragma('query_only = 0');
    purgeAll(store, 10);
    expect(automerge(db)).toBe(SEARCH_INDEX_AUTOMERGE);
    integrityCheck(db);
    db.close();
  });

  it('resumes them, merging first, after a purge that a crash cut short', () => {
    const { db, store } = chats();
    // What a purge killed after its first transaction leaves behind.
    db.exec("INSERT INTO search_index (search_index, rank) VALUES ('automerge', 0)");
    const purged = purgeAll(store, 1);
    expect(purged.interactions).toBe(0);
    // Each line was indexed in a segment of its own: there was something to merge.
    expect(purged.indexMerged).toBe(true);
    expect(automerge(db)).toBe(SEARCH_INDEX_AUTOMERGE);
    integrityCheck(db);
    db.close();
  });

  it('leaves them alone when it deletes no document', () => {
    const { db, store } = chats();
    purgeAll(store, 1);
    expect(automerge(db)).toBeUndefined();
    db.close();
  });
});
