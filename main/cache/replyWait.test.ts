import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { awaitingReplySince, lastLineOf } from '../../common/chatReply';
import type { ChatEvent } from '../../common/model';
import { openDatabase } from './database';
import { CacheStore } from './store';

// CacheStore.awaitingReply (and chatTail, with the chat's last line) works a chat's wait out of its
// transcript's tail once, then carries it through the lines it stores. Whatever order and timing
// the lines come in, it must answer what the whole stored transcript says (common/chatReply.ts), as
// a store opened afresh does.

const ACCOUNT = { serverUrl: 'https://a.example', userName: 'ann' };
const UNTIMED_AT = 5_000;

const anyLine = fc
  .record({
    eventId: fc.integer({ min: 1, max: 40 }),
    kind: fc.constantFrom<ChatEvent['kind']>('message', 'message', 'notice', 'joined', 'left'),
    authorType: fc.constantFrom('Client', 'Agent', 'External'),
    at: fc.option(fc.integer({ min: 1, max: 4_000 }), { nil: undefined }),
    visibility: fc.constantFrom('All', 'Int'),
    authorName: fc.constantFrom('Tom', 'Ann'),
    text: fc.string({ maxLength: 200 }),
  })
  .map((line) => {
    const { at, ...rest } = line;
    return at === undefined ? rest : { ...rest, at };
  });

/** What the transcript as stored says, read with nothing remembered. */
function fromWholeTranscript(store: CacheStore, accountId: number): number | undefined {
  const lines = store.interaction(accountId, 'c')?.transcript ?? [];
  return awaitingReplySince(undefined, lines, UNTIMED_AT);
}

/** The chat's last line as the whole stored transcript gives it. */
function lastLineOfWholeTranscript(store: CacheStore, accountId: number) {
  return lastLineOf(store.interaction(accountId, 'c')?.transcript ?? []);
}

describe('a chat’s wait for an answer, as the cache keeps it', () => {
  it('answers what the whole stored transcript says, whatever order and timing the lines come in', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(anyLine, { minLength: 1, maxLength: 5 }), { maxLength: 8 }),
        fc.boolean(),
        (deliveries, askFirst) => {
          const db = openDatabase(':memory:');
          const store = new CacheStore(db);
          const ann = store.accountId(ACCOUNT);
          store.upsertInteraction(
            ann,
            { id: 'c', channel: 'chat', state: 'Accepted', capabilities: [], userData: {} },
            1_000,
          );
          // Asked before any line (worked out of an empty transcript), or only later.
          if (askFirst) store.awaitingReply(ann, 'c', UNTIMED_AT);
          for (const lines of deliveries) {
            store.transaction(() => store.insertChatEvents(ann, 'c', lines));
            expect(store.awaitingReply(ann, 'c', UNTIMED_AT)).toBe(fromWholeTranscript(store, ann));
            // Its last line, carried through the lines the same way.
            expect(store.chatTail(ann, 'c', UNTIMED_AT).lastLine).toEqual(
              lastLineOfWholeTranscript(store, ann),
            );
          }
          expect(new CacheStore(db).chatTail(ann, 'c', UNTIMED_AT)).toEqual(
            store.chatTail(ann, 'c', UNTIMED_AT),
          );
          expect(new CacheStore(db).awaitingReply(ann, 'c', UNTIMED_AT)).toBe(
            store.awaitingReply(ann, 'c', UNTIMED_AT),
          );
          db.close();
        },
      ),
    );
  });

  it('knows a chat’s first row waits for nobody, unless its lines were stored before it', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const ann = store.accountId(ACCOUNT);
    // The writer's order: the row first, then the lines, carried without a read.
    store.chatBegins(ann, 'fresh');
    expect(store.knownReplyWait(ann, 'fresh')).toMatchObject({ since: undefined });
    store.addChatEvents(ann, 'fresh', [
      { eventId: 1, kind: 'message', authorType: 'Client', at: 7 },
    ]);
    expect(store.awaitingReply(ann, 'fresh', UNTIMED_AT)).toBe(7);
    // Lines before the row (no dialect does it): the row does not hide them.
    store.addChatEvents(ann, 'early', [
      { eventId: 1, kind: 'message', authorType: 'Client', at: 9 },
    ]);
    store.chatBegins(ann, 'early');
    expect(store.knownReplyWait(ann, 'early')).toBeUndefined();
    expect(store.awaitingReply(ann, 'early', UNTIMED_AT)).toBe(9);
    db.close();
  });

  it('reads past the first lines when the customer wrote more than those unanswered, all of them when nobody ever answered', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const ann = store.accountId(ACCOUNT);
    const lines: ChatEvent[] = [
      { eventId: 1, kind: 'message', authorType: 'Agent', at: 10 },
      ...Array.from({ length: 40 }, (_, index) => ({
        eventId: index + 2,
        kind: 'message' as const,
        authorType: 'Client',
        at: 100 + index,
      })),
    ];
    store.addChatEvents(ann, 'c', lines);
    expect(store.awaitingReply(ann, 'c', UNTIMED_AT)).toBe(100);
    // No agent ever answered: all of them read, the first waits.
    store.addChatEvents(ann, 'unanswered', lines.slice(1));
    expect(store.awaitingReply(ann, 'unanswered', UNTIMED_AT)).toBe(100);
    db.close();
  });

  it('forgets what it worked out when a write is rolled back or another connection writes', () => {
    const message = (eventId: number, authorType: string, at: number): ChatEvent => ({
      eventId,
      kind: 'message',
      authorType,
      at,
      visibility: 'All',
    });
    const file = join(mkdtempSync(join(tmpdir(), 'switchboard-wait-')), 'cache.db');
    const one = new CacheStore(openDatabase(file));
    const ann = one.accountId(ACCOUNT);
    one.upsertInteraction(
      ann,
      { id: 'c', channel: 'chat', state: 'Accepted', capabilities: [], userData: {} },
      1_000,
    );
    expect(one.awaitingReply(ann, 'c', UNTIMED_AT)).toBeUndefined();
    // The disk fails after the line went in: rolled back, nobody waits.
    expect(() =>
      one.transaction(() => {
        one.insertChatEvents(ann, 'c', [message(1, 'Client', 10)]);
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(one.awaitingReply(ann, 'c', UNTIMED_AT)).toBeUndefined();
    one.transaction(() => one.insertChatEvents(ann, 'c', [message(1, 'Client', 10)]));
    expect(one.awaitingReply(ann, 'c', UNTIMED_AT)).toBe(10);
    // Another process (the command line) stores the agent's answer.
    const two = new CacheStore(openDatabase(file));
    two.transaction(() => two.insertChatEvents(ann, 'c', [message(2, 'Agent', 20)]));
    expect(one.awaitingReply(ann, 'c', UNTIMED_AT)).toBeUndefined();
    one.db.close();
    two.db.close();
    rmSync(dirname(file), { recursive: true, force: true });
  });
});
