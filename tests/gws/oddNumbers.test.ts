import { expect, it } from 'vitest';
import { eventually, useClientWithCache } from '../support/clientWithCache';

// Issue 11, item 3: one odd number in a notification (a chat timestamp of 1764000000.25, an
// attachment size of 1.5) used to lose the whole notification's lines, or the e-mail's body and
// every attachment row, because the cache's INTEGER columns (STRICT tables) refuse a fraction.
// Sent by a real server over CometD, through the real session and normalizer, into a real
// SQLite file: every line, the body and every attachment row must be there, the odd numbers
// rounded, and a number that cannot be stored at all skipped alone and counted.

const startClient = useClientWithCache();

const ODD_TIMESTAMP = 1764000000.25;
const BASE_TIMESTAMP = 1764000000000;
/** How it is stored: a number that small is epoch seconds (main/gws/normalizer.ts parseGwsDate). */
const ODD_TIMESTAMP_MS = 1764000000250;

/**
 * Ten chat lines in dialect B's `content.events` form: the fourth has the odd timestamp, or
 * every one has it (`allOdd`).
 */
function tenChatLines(allOdd = false): Record<string, unknown>[] {
  return Array.from({ length: 10 }, (_, index) => ({
    id: index + 1,
    messageType: index === 0 ? 'PARTY_JOINED' : 'MESSAGE',
    userId: 'customer-1',
    userType: 'Client',
    nickName: 'Odile',
    visibility: 'ALL',
    timestamp: allOdd || index === 3 ? ODD_TIMESTAMP : BASE_TIMESTAMP + index * 1000,
    ...(index === 0 ? {} : { text: `line ${index + 1} about the invoice` }),
  }));
}

it('stores every line, the e-mail body and every attachment row despite odd numbers', async () => {
  const {
    simulator,
    db,
    store,
    accountId: account,
    session,
    warnings,
  } = await startClient({
    folderPrefix: 'switchboard-odd-numbers-',
  });
  expect((await session.signIn()).ok).toBe(true);
  await eventually(() => session.status.state === 'connected', 'connected');
  const inject = (data: unknown) =>
    simulator.control.injectNotification('agent1', '/v2/me/interactions', data);

  // The documented chat case: ten lines in one notification stamped 1764000000.25 (in one
  // chat the fourth line only, in another every line).
  const chatNotification = (id: string, allOdd: boolean) => ({
    messageType: 'InteractionStateMessage',
    interaction: {
      id,
      type: 'Inbound',
      subType: 'InboundNew',
      state: 'Accepted',
      channel: 'chat',
      capabilities: ['StopProcessing'],
      userData: { FirstName: 'Odile', LastName: 'Number' },
      content: { events: tenChatLines(allOdd) },
    },
  });
  expect(inject(chatNotification('odd-chat', false))).toBeGreaterThan(0);
  inject(chatNotification('odd-chat-every-line', true));
  // The documented e-mail case: an attachment of size 1.5, beside one of a size no INTEGER
  // column can hold (1e300: finite, but beyond 64 bits) and one that is a negative size.
  inject({
    messageType: 'InteractionStateMessage',
    id: 'odd-email',
    channel: 'email',
    state: 'Invited',
    interactionType: 'Inbound',
    interactionSubType: 'InboundNew',
    capabilities: ['Accept', 'Reject'],
    userData: { Subject: 'Odd sizes' },
    email_object: {
      interactionId: 'odd-email',
      FromAddress: 'odile@example.com',
      ToAddress: 'agent1@example.com',
      Subject: 'Odd sizes',
      Text: 'The body that used to be lost.',
      attachments: [
        { id: 'att-half', name: 'half.pdf', size: 1.5, mimetype: 'application/pdf' },
        { id: 'att-huge', name: 'huge.bin', size: 1e300, mimetype: 'application/octet-stream' },
        { id: 'att-negative', name: 'negative.txt', size: -4, mimetype: 'text/plain' },
        { id: 'att-plain', name: 'plain.txt', size: 120, mimetype: 'text/plain' },
      ],
    },
  });
  // CometD delivers in order: once this one is stored, both before it have been handled.
  inject({
    messageType: 'InteractionStateMessage',
    id: 'after-the-odd-ones',
    channel: 'email',
    state: 'Invited',
    capabilities: ['Accept', 'Reject'],
    userData: { Subject: 'sentinel' },
  });
  await eventually(
    () => store.inbox(account).some((row) => row.id === 'after-the-odd-ones'),
    'the sentinel in the inbox',
  );

  const chat = store.interaction(account, 'odd-chat');
  expect(chat?.transcript.map((line) => line.eventId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  expect(chat?.transcript[3]?.at).toBe(ODD_TIMESTAMP_MS);
  expect(chat?.transcript[4]?.at).toBe(BASE_TIMESTAMP + 4000);
  expect(chat?.transcript[9]?.text).toBe('line 10 about the invoice');
  const everyLine = store.interaction(account, 'odd-chat-every-line');
  expect(everyLine?.transcript.map((line) => [line.eventId, line.at])).toEqual(
    Array.from({ length: 10 }, (_, index) => [index + 1, ODD_TIMESTAMP_MS]),
  );
  const storedLines = db
    .prepare(
      "SELECT interaction_id AS id, count(*) AS n, sum(typeof(at) = 'integer') AS integers FROM chat_messages GROUP BY interaction_id ORDER BY interaction_id",
    )
    .all();
  expect(storedLines).toEqual([
    { id: 'odd-chat', n: 10, integers: 10 },
    { id: 'odd-chat-every-line', n: 10, integers: 10 },
  ]);

  const email = store.interaction(account, 'odd-email');
  expect(email?.email?.text).toBe('The body that used to be lost.');
  expect(email?.attachments.map((attachment) => [attachment.id, attachment.size ?? null])).toEqual([
    ['att-half', 2],
    ['att-huge', null],
    ['att-negative', null],
    ['att-plain', 120],
  ]);
  // The two sizes that cannot be stored are skipped alone, each counted.
  expect(
    [...session.skippedNotifications].filter(([kind]) => kind.includes('attachment size')),
  ).toEqual([['/v2/me/interactions InteractionStateMessage attachment size', 2]]);
  expect(warnings.filter((line) => line.startsWith('skipped '))).toEqual([]);
  expect(session.status.state).toBe('connected');
});

// A line stamped with no real time (0, a negative number, a date before 2000 or far ahead of
// the desk's clock) showed as 1 January 1970 (or the year 33658) in the transcript, and a
// customer who wrote it waited "since 1970": the longest wait in the inbox. Such a time is read
// as none, and the line timed by its arrival, as a line without a time always was.
it('times a line stamped 0, negative, before 2000 or far in the future by its arrival', async () => {
  const {
    simulator,
    store,
    accountId: account,
    session,
    writer,
  } = await startClient({
    folderPrefix: 'switchboard-odd-times-',
  });
  expect((await session.signIn()).ok).toBe(true);
  await eventually(() => session.status.state === 'connected', 'connected');
  const oddTimes: unknown[] = [0, -1, 1e15, '1969-12-31T23:59:59Z', 5];
  const sentAt = Date.now();
  simulator.control.injectNotification('agent1', '/v2/me/interactions', {
    messageType: 'InteractionStateMessage',
    interaction: {
      id: 'odd-times',
      type: 'Inbound',
      subType: 'InboundNew',
      state: 'Accepted',
      channel: 'chat',
      capabilities: ['StopProcessing'],
      userData: {},
      content: {
        events: oddTimes.map((timestamp, index) => ({
          id: index + 1,
          messageType: 'MESSAGE',
          userId: 'customer-1',
          userType: 'Client',
          nickName: 'Odile',
          visibility: 'ALL',
          timestamp,
          text: `line ${index + 1}`,
        })),
      },
    },
  });
  await eventually(
    () => (store.interaction(account, 'odd-times')?.transcript.length ?? 0) === oddTimes.length,
    'every line stored',
  );
  const receivedAt = Date.now();

  const times = store.interaction(account, 'odd-times')?.transcript.map((line) => line.at) ?? [];
  expect(times).toHaveLength(oddTimes.length);
  for (const at of times) {
    expect(at).toBeGreaterThanOrEqual(sentAt);
    expect(at).toBeLessThanOrEqual(receivedAt);
  }
  const since = writer.inbox().find((row) => row.id === 'odd-times')?.awaitingReplySince;
  expect(since).toBeGreaterThanOrEqual(sentAt);
  expect(since).toBeLessThanOrEqual(receivedAt);
  expect([...session.skippedNotifications].filter(([kind]) => kind.includes('timestamp'))).toEqual([
    ['/v2/me/interactions InteractionStateMessage chat event timestamp', oddTimes.length],
  ]);
});
