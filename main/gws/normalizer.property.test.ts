import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChannelStateSchema, GwsEventSchema, InteractionSnapshotSchema } from '../../common/model';
import { openDatabase } from '../cache/database';
import { CacheStore } from '../cache/store';
import { CacheWriter } from '../workstation/cacheWriter';
import { NotificationNormalizer, normalizeChannels, normalizeInteraction } from './normalizer';
import { NOTIFICATION_CHANNELS } from './notifications';

// Whatever arrives on CometD — any JSON, any channel, documented samples with keys dropped,
// retyped or added — the normalizer must not throw, must emit only events that pass the domain
// schema, must count every message it skips, and must log each kind of skip at most once.

const KNOWN_CHANNELS = NOTIFICATION_CHANNELS;

type Json = Record<string, unknown>;

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fixture(name: string): unknown {
  const url = new URL(`../../tests/fixtures/gws/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as unknown;
}

/** The notification samples of tests/fixtures/gws/ as (channel, data) pairs. */
function samples(): { channel: string; data: unknown }[] {
  const found: { channel: string; data: unknown }[] = [];
  const bodies: [string, string][] = [
    ['001-email-accepted.json', '/v2/me/interactions'],
    ['001-email-new.json', '/v2/me/interactions'],
    ['001-email-reply-created.json', '/v2/me/interactions'],
    ['001-email-revoked.json', '/v2/me/interactions'],
    ['003-channels-notification-dnd-on.json', '/v2/me/channels'],
    ['003-channels-notification-ready.json', '/v2/me/channels'],
    ['003-me-notification-password-change-error.json', '/v2/me'],
    ['003-me-notification-password-change-successful.json', '/v2/me'],
    ['003-workbins-notification.json', '/v2/me/workbins'],
    ['004-ucs-content-success.json', '/v2/ucs/interactions'],
    ['004-ucs-content-failure.json', '/v2/ucs/interactions'],
    ['004-ucs-history-success.json', '/v2/ucs/interactions'],
    ['004-ucs-history-failure.json', '/v2/ucs/interactions'],
  ];
  for (const [name, channel] of bodies) {
    const sample = fixture(name);
    found.push({ channel, data: isJson(sample) && 'data' in sample ? sample.data : sample });
  }
  const arrays = [
    '000-chat-accepted.json',
    '000-chat-invited.json',
    '000-chat-properties-changed.json',
    '000-chat-revoked.json',
    '000-email-accepted.json',
    '000-email-invite.json',
    '000-email-revoked.json',
    '003-chat-accepted.json',
    '003-chat-invited.json',
    '003-chat-notifications.json',
    '003-chat-revoked.json',
    '003-email-accepted.json',
    '003-email-invite.json',
    '003-email-revoked.json',
  ];
  for (const name of arrays) {
    const sample = fixture(name);
    if (!Array.isArray(sample)) throw new Error(`${name} is not a Bayeux array`);
    for (const message of sample.filter(isJson)) {
      if (typeof message.channel === 'string' && !message.channel.startsWith('/meta/'))
        found.push({ channel: message.channel, data: message.data });
    }
  }
  return found;
}

const SAMPLES = samples();

/** Every path to a value inside `value` (the root is `[]`). */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const paths = [prefix];
  if (Array.isArray(value)) {
    value.forEach((item, index) => paths.push(...pathsOf(item, [...prefix, index])));
  } else if (isJson(value)) {
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]));
  }
  return paths;
}

interface Mutation {
  readonly pick: number;
  readonly op: 'drop' | 'replace' | 'junk';
  readonly key: string;
  readonly value: unknown;
}

/** Applies one mutation to a deep copy's node chosen by `pick`. */
function mutate(data: unknown, mutation: Mutation): unknown {
  const copy = structuredClone(data);
  const paths = pathsOf(copy);
  const path = paths[mutation.pick % paths.length] ?? [];
  if (path.length === 0) {
    if (mutation.op === 'replace') return mutation.value;
    if (mutation.op === 'junk' && isJson(copy)) copy[mutation.key] = mutation.value;
    return copy;
  }
  let parent: unknown = copy;
  for (const step of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[step];
  const last = path[path.length - 1];
  if (last === undefined) return copy;
  const container = parent as Record<string | number, unknown>;
  switch (mutation.op) {
    case 'drop':
      if (Array.isArray(container) && typeof last === 'number') container.splice(last, 1);
      else Reflect.deleteProperty(container, last);
      break;
    case 'replace':
      container[last] = mutation.value;
      break;
    case 'junk': {
      const node = container[last];
      if (isJson(node)) node[mutation.key] = mutation.value;
      else if (Array.isArray(node)) node.push(mutation.value);
      else container[last] = mutation.value;
      break;
    }
  }
  return copy;
}

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  op: fc.constantFrom('drop', 'replace', 'junk'),
  key: fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('id', 'state', 'events', 'interaction'),
  ),
  value: fc.jsonValue({ maxDepth: 2 }),
});

/** A sample with up to 6 mutations: keys dropped, values retyped, junk keys added. */
const mutatedSample = fc
  .tuple(fc.nat({ max: SAMPLES.length - 1 }), fc.array(mutationArbitrary, { maxLength: 6 }))
  .map(([index, mutations]) => {
    const sample = SAMPLES[index] ?? { channel: '/v2/me', data: null };
    return {
      channel: sample.channel,
      data: mutations.reduce<unknown>((data, mutation) => mutate(data, mutation), sample.data),
    };
  });

const anyChannel = fc.oneof(fc.constantFrom(...KNOWN_CHANNELS), fc.string({ maxLength: 30 }));

/** Checks the invariants for one message on a normalizer shared across the run. */
function checkOne(
  normalizer: NotificationNormalizer,
  warnings: string[],
  channel: string,
  data: unknown,
): number {
  const totalBefore = [...normalizer.skippedCounts.values()].reduce((sum, n) => sum + n, 0);
  const events = normalizer.normalize(channel, data);
  expect(Array.isArray(events)).toBe(true);
  for (const event of events) {
    expect(GwsEventSchema.safeParse(event).error?.issues).toBeUndefined();
  }
  const totalAfter = [...normalizer.skippedCounts.values()].reduce((sum, n) => sum + n, 0);
  // A message that gives no event was skipped, and counted.
  expect(events.length > 0 || totalAfter > totalBefore).toBe(true);
  // One warning per kind, the first time only.
  expect(warnings).toHaveLength(normalizer.skippedCounts.size);
  expect(new Set(warnings).size).toBe(warnings.length);
  return events.filter((event) => event.type !== 'rawNotification').length;
}

function recordingNormalizer(): { normalizer: NotificationNormalizer; warnings: string[] } {
  const warnings: string[] = [];
  return {
    normalizer: new NotificationNormalizer({ warn: (message) => warnings.push(message) }),
    warnings,
  };
}

describe('NotificationNormalizer under arbitrary input', () => {
  it('handles any JSON value on any channel', () => {
    const { normalizer, warnings } = recordingNormalizer();
    fc.assert(
      fc.property(anyChannel, fc.jsonValue(), (channel, data) => {
        checkOne(normalizer, warnings, channel, data);
      }),
      { numRuns: 400 },
    );
    // Not vacuous: random JSON on the read channels is mostly skipped.
    expect(normalizer.skippedCounts.size).toBeGreaterThan(0);
  });

  it('handles the documented samples with keys dropped, retyped and added', () => {
    const { normalizer, warnings } = recordingNormalizer();
    let read = 0;
    fc.assert(
      fc.property(mutatedSample, ({ channel, data }) => {
        read += checkOne(normalizer, warnings, channel, data);
      }),
      { numRuns: 600 },
    );
    // Not vacuous: most mutants are still understood, some are not.
    expect(read).toBeGreaterThan(300);
    expect(normalizer.skippedCounts.size).toBeGreaterThan(0);
  });

  it('handles notification-shaped objects with random fields and types', () => {
    const anyValue = fc.jsonValue({ maxDepth: 2 });
    const chatEvent = fc.record(
      {
        EventId: fc.oneof(fc.integer(), fc.string(), anyValue),
        MessageType: fc.constantFrom(
          'NEW_MESSAGE',
          'PARTY_JOINED',
          'NOTICE',
          'PARTY_LEFT',
          'Bogus',
        ),
        id: fc.oneof(fc.nat(), anyValue),
        messageType: fc.oneof(fc.constantFrom('MESSAGE', 'PARTY JOINED'), anyValue),
        MessageText: anyValue,
        nickName: anyValue,
        UserId: fc.oneof(fc.constantFrom('u1', 'u2'), anyValue),
        timestamp: fc.oneof(fc.integer(), fc.string(), anyValue),
      },
      { requiredKeys: [] },
    );
    const interaction = fc.record(
      {
        // Mostly well-formed ids and states, so that the rest of the message gets read too.
        id: fc.oneof({ arbitrary: fc.constantFrom('i1', 'i2', ''), weight: 6 }, anyValue),
        state: fc.oneof(
          {
            arbitrary: fc.constantFrom(
              'Invited',
              'Accepted',
              'Revoked',
              'Completed',
              'PropertiesChanged',
            ),
            weight: 6,
          },
          anyValue,
        ),
        channel: fc.oneof(fc.constantFrom('email', 'chat'), anyValue),
        capabilities: fc.oneof(fc.array(fc.oneof(fc.string(), anyValue)), anyValue),
        userData: fc.oneof(fc.dictionary(fc.string(), anyValue), anyValue),
        startDate: fc.oneof(fc.integer(), fc.string(), fc.double(), anyValue),
        content: fc.oneof(
          fc.record(
            {
              events: fc.oneof(fc.array(chatEvent, { maxLength: 4 }), anyValue),
              text: anyValue,
              attachments: fc.oneof(
                fc.array(
                  fc.record(
                    { id: anyValue, name: anyValue, size: fc.oneof(fc.double(), anyValue) },
                    { requiredKeys: [] },
                  ),
                ),
                anyValue,
              ),
            },
            { requiredKeys: [] },
          ),
          anyValue,
        ),
        email_object: fc.oneof(
          fc.record(
            { Text: anyValue, ToAddress: anyValue, CCAddresses: anyValue, attachments: anyValue },
            { requiredKeys: [] },
          ),
          anyValue,
        ),
        chat_notifications: fc.oneof(fc.array(chatEvent, { maxLength: 4 }), anyValue),
      },
      { requiredKeys: [] },
    );
    const on = (channel: string) => (data: unknown) => ({ channel, data });
    const channelsMessage = fc.record(
      {
        channels: fc.oneof(
          fc.array(
            fc.record(
              { channel: anyValue, dndState: anyValue, userState: anyValue },
              { requiredKeys: [] },
            ),
          ),
          anyValue,
        ),
      },
      { requiredKeys: [] },
    );
    const ucsMessage = fc.record(
      {
        referenceId: fc.oneof(fc.nat(), anyValue),
        messageType: fc.constantFrom(
          'GetInteractionsHistoryMessage',
          'GetInteractionContentMessage',
          'Other',
        ),
        errorMessage: anyValue,
        interactions: fc.oneof(fc.array(interaction, { maxLength: 3 }), anyValue),
        interaction: fc.oneof(interaction, anyValue),
        messages: fc.oneof(
          fc.array(
            fc.record(
              { index: anyValue, type: anyValue, from: anyValue, timestampSeconds: anyValue },
              { requiredKeys: [] },
            ),
          ),
          anyValue,
        ),
      },
      { requiredKeys: [] },
    );
    const otherMessage = fc.record(
      {
        notificationType: fc.oneof(
          fc.constantFrom('PasswordChangeSuccessful', 'PasswordChangeError'),
          anyValue,
        ),
        errorMessage: anyValue,
        workbinContentOperation: anyValue,
        interactions: anyValue,
        workbinInfo: anyValue,
      },
      { requiredKeys: [] },
    );
    // Each shape mostly on its own channel, and sometimes on any channel.
    const message = fc.oneof(
      interaction.map(on('/v2/me/interactions')),
      fc
        .record({ interaction, messageType: fc.constant('InteractionStateMessage') })
        .map(on('/v2/me/interactions')),
      channelsMessage.map(on('/v2/me/channels')),
      ucsMessage.map(on('/v2/ucs/interactions')),
      otherMessage.map(on('/v2/me')),
      fc
        .record({
          interactions: fc.array(interaction, { maxLength: 3 }),
          workbinId: anyValue,
          messageType: fc.constant('WorkbinContent'),
        })
        .map(on('/v2/me/workbins')),
      fc
        .tuple(
          fc.constantFrom(...KNOWN_CHANNELS),
          fc.oneof(interaction, channelsMessage, ucsMessage, otherMessage),
        )
        .map(([channel, data]) => ({ channel, data })),
    );
    const { normalizer, warnings } = recordingNormalizer();
    let read = 0;
    fc.assert(
      fc.property(message, ({ channel, data }) => {
        read += checkOne(normalizer, warnings, channel, data);
      }),
      { numRuns: 800 },
    );
    expect(read).toBeGreaterThan(100);
    expect(normalizer.skippedCounts.size).toBeGreaterThan(0);
  });

  it('normalizeInteraction and normalizeChannels never throw and return valid domain values', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          mutatedSample.map((sample) => sample.data),
        ),
        fc.option(fc.boolean(), { nil: undefined }),
        (data, dnd) => {
          const snapshot = normalizeInteraction(data);
          expect(InteractionSnapshotSchema.optional().safeParse(snapshot).success).toBe(true);
          const list = isJson(data) ? data.channels : data;
          for (const channel of normalizeChannels(list, dnd))
            expect(ChannelStateSchema.safeParse(channel).success).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });
});

// ---- odd numbers (issue 11, item 3) ---------------------------------------------------------------
// Wherever the documents give a number (chat event times, attachment sizes, interaction and
// history dates), a server may send a fraction, a value beyond 64 bits, a quoted number or no
// number at all (and code may build NaN or Infinity). Whatever it sends, no other field, line or
// attachment may be lost: not by the normalizer, and not by the cache's STRICT INTEGER columns,
// which used to refuse 1764000000.25 and roll back the whole notification with it.

/** What a server (or a bug) may put where a document gives a number. */
const oddNumber: fc.Arbitrary<unknown> = fc.oneof(
  // Any double: fractions, -0, subnormals, NaN, ±Infinity, 1e300.
  fc.double(),
  // Plausible times and sizes with a fraction.
  fc.double({ min: 0, max: 4e12, noNaN: true }),
  fc.constantFrom(1764000000.25, 1.5, -1, 1e300, 2 ** 63, Number.MAX_SAFE_INTEGER + 0.5),
  fc.double({ min: -1e3, max: 4e12, noNaN: true }).map(String),
  fc.constantFrom('soon', '', '12 bytes', true, null, {}, []),
);

/** A number field: mostly odd, sometimes an ordinary whole number. */
const numberField: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: oddNumber, weight: 3 },
  { arbitrary: fc.integer({ min: 0, max: 2 ** 31 - 1 }), weight: 1 },
);

/** A number the cache's INTEGER columns can hold once rounded (an independent statement). */
function fitsAnIntegerColumn(value: number): boolean {
  return Number.isFinite(value) && Math.abs(value) < Number.MAX_SAFE_INTEGER;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whether a time is one a GWS server can mean (an independent statement): from 2000 to a day
 * ahead of the clock, `marginMs` inside that window (the normalizer read the clock a moment ago).
 */
function plausibleTime(ms: number, marginMs = 0): boolean {
  return ms >= Date.UTC(2000, 0, 1) + marginMs && ms <= Date.now() + DAY_MS - marginMs;
}

/** The time in ms a number given for a time means (one below 10^11 is seconds). */
function meantTime(given: number): number {
  return given > 0 && given < 1e11 ? given * 1000 : given;
}

/** Checks one time or size the normalizer gave for the field it read `given` from. */
function checkStoredNumber(given: unknown, stored: unknown, kind: 'time' | 'size'): void {
  if (stored !== undefined) {
    expect(Number.isSafeInteger(stored)).toBe(true);
    if (kind === 'size') expect(stored).toBeGreaterThanOrEqual(0);
    else expect(plausibleTime(stored as number)).toBe(true);
    // Rounded, not invented: within half a unit of the number given, a time in milliseconds
    // (one below 10^11, before any GWS as milliseconds, is seconds: parseGwsDate).
    if (typeof given === 'number') {
      const meant = kind === 'time' ? meantTime(given) : given;
      expect(Math.abs((stored as number) - meant)).toBeLessThanOrEqual(0.5);
    }
  }
  // Any finite number in range is kept: a size when it is not negative, a time when it is one
  // a server can mean.
  if (typeof given !== 'number' || !fitsAnIntegerColumn(given)) return;
  if (kind === 'size' ? given >= 0 : plausibleTime(meantTime(given), 60_000))
    expect(stored).toBeDefined();
}

interface OddMessages {
  readonly dialect: 'a' | 'b';
  readonly times: unknown[];
  readonly sizes: unknown[];
  readonly startDate: unknown;
  readonly endDate: unknown;
}

const oddMessages: fc.Arbitrary<OddMessages> = fc.record({
  dialect: fc.constantFrom('a', 'b'),
  times: fc.array(numberField, { minLength: 1, maxLength: 10 }),
  sizes: fc.array(numberField, { minLength: 1, maxLength: 5 }),
  startDate: numberField,
  endDate: numberField,
});

/** A chat notification with one line per time and an e-mail one with one attachment per size. */
function notificationsOf(odd: OddMessages, run: number): { chat: Json; email: Json } {
  const lines = odd.times.map((time, index) =>
    odd.dialect === 'a'
      ? {
          EventId: index + 1,
          MessageType: 'NEW_MESSAGE',
          MessageText: `line ${index + 1}`,
          UserId: 'u1',
          NickName: 'Customer',
          UserType: 'Client',
          TimeStamp: time,
        }
      : {
          id: index + 1,
          messageType: 'MESSAGE',
          text: `line ${index + 1}`,
          userId: 'u1',
          nickName: 'Customer',
          userType: 'Client',
          timestamp: time,
        },
  );
  const attachments = odd.sizes.map((size, index) => ({
    id: `a${index}`,
    name: `file${index}.pdf`,
    size,
    mimetype: 'application/pdf',
  }));
  const common = { state: 'Accepted', startDate: odd.startDate, endDate: odd.endDate };
  if (odd.dialect === 'a') {
    return {
      chat: {
        ...common,
        messageType: 'InteractionStateMessage',
        id: `chat-${run}`,
        channel: 'chat',
        chat_notifications: lines,
      },
      email: {
        ...common,
        messageType: 'InteractionStateMessage',
        id: `email-${run}`,
        channel: 'email',
        email_object: { Text: `body ${run}`, FromAddress: 'c@example.com', attachments },
      },
    };
  }
  return {
    chat: {
      messageType: 'InteractionStateMessage',
      interaction: { ...common, id: `chat-${run}`, channel: 'chat', content: { events: lines } },
    },
    email: {
      messageType: 'InteractionStateMessage',
      interaction: {
        ...common,
        id: `email-${run}`,
        channel: 'email',
        content: { text: `body ${run}`, fromAddress: 'c@example.com', attachments },
      },
    },
  };
}

/** Whether a field was given at all, independent of the normalizer's own reading. */
function given(value: unknown): boolean {
  return value !== undefined && value !== null;
}

describe('odd numbers in any numeric field', () => {
  it('never lose another field, line or attachment; times and sizes leave as safe integers', () => {
    const { normalizer, warnings } = recordingNormalizer();
    let run = 0;
    let rounded = 0;
    fc.assert(
      fc.property(oddMessages, (odd) => {
        run += 1;
        const { chat, email } = notificationsOf(odd, run);
        const before = [...normalizer.skippedCounts.values()].reduce((sum, n) => sum + n, 0);
        const chatEvents = normalizer.normalize('/v2/me/interactions', chat);
        const emailEvents = normalizer.normalize('/v2/me/interactions', email);
        for (const event of [...chatEvents, ...emailEvents])
          expect(GwsEventSchema.safeParse(event).error?.issues).toBeUndefined();
        // Every line, in order, with its text.
        const lines = chatEvents.flatMap((event) =>
          event.type === 'chatEventsReceived' ? event.events : [],
        );
        expect(lines.map((line) => line.text)).toEqual(odd.times.map((_, i) => `line ${i + 1}`));
        lines.forEach((line, index) => {
          checkStoredNumber(odd.times[index], line.at, 'time');
        });
        // The body and every attachment, in order, with its name.
        const content = emailEvents.find((event) => event.type === 'emailContentReceived');
        expect(content?.email.text).toBe(`body ${run}`);
        expect(content?.email.attachments.map((attachment) => attachment.name)).toEqual(
          odd.sizes.map((_, i) => `file${i}.pdf`),
        );
        content?.email.attachments.forEach((attachment, index) => {
          checkStoredNumber(odd.sizes[index], attachment.size, 'size');
        });
        for (const event of [...chatEvents, ...emailEvents]) {
          if (event.type !== 'interactionUpdated') continue;
          checkStoredNumber(odd.startDate, event.interaction.startedAt, 'time');
          checkStoredNumber(odd.endDate, event.interaction.endedAt, 'time');
        }
        rounded += lines.filter(
          (line, i) => line.at !== undefined && line.at !== odd.times[i],
        ).length;
        // Only fields were skipped, each counted: at most one per odd field given, and at least
        // one per number that no INTEGER column can hold.
        const after = [...normalizer.skippedCounts.values()].reduce((sum, n) => sum + n, 0);
        // Each message's snapshot reads the dates: both count them.
        const times = [...odd.times, odd.startDate, odd.startDate, odd.endDate, odd.endDate];
        // A time is odd too when it is none a server can mean (0, 1970, the year 33658).
        const oddGiven = [
          ...times.filter(
            (value) =>
              given(value) &&
              !(Number.isSafeInteger(value) && plausibleTime(meantTime(value as number), 60_000)),
          ),
          ...odd.sizes.filter(
            (value) => given(value) && !(Number.isSafeInteger(value) && (value as number) >= 0),
          ),
        ];
        const unstorable = [
          ...times.filter(
            (value) =>
              typeof value === 'number' &&
              (!fitsAnIntegerColumn(value) || !plausibleTime(meantTime(value), -60_000)),
          ),
          ...odd.sizes.filter(
            (value) => typeof value === 'number' && !(fitsAnIntegerColumn(value) && value >= 0),
          ),
        ];
        expect(after - before).toBeLessThanOrEqual(oddGiven.length);
        expect(after - before).toBeGreaterThanOrEqual(unstorable.length);
      }),
      { numRuns: 400 },
    );
    // Not vacuous: fractions were rounded, and fields skipped, counted by field kind only.
    expect(rounded).toBeGreaterThan(50);
    expect(normalizer.skippedCounts.size).toBeGreaterThan(0);
    for (const kind of normalizer.skippedCounts.keys())
      expect(kind).toMatch(/ (chat event timestamp|attachment size|startDate|endDate)$/);
    expect(warnings).toHaveLength(normalizer.skippedCounts.size);
  });

  it('leave every line, the body and every attachment row in the SQLite cache', () => {
    const folder = mkdtempSync(join(tmpdir(), 'switchboard-odd-numbers-'));
    const db = openDatabase(join(folder, 'cache.db'));
    try {
      const store = new CacheStore(db);
      const writerWarnings: string[] = [];
      const writer = new CacheWriter({
        store,
        account: { serverUrl: 'http://127.0.0.1:1', userName: 'agent1' },
        attachmentsDir: join(folder, 'attachments'),
        log: { debug: () => undefined, warn: (line) => writerWarnings.push(line) },
      });
      const { normalizer } = recordingNormalizer();
      let run = 0;
      fc.assert(
        fc.property(oddMessages, (odd) => {
          run += 1;
          const { chat, email } = notificationsOf(odd, run);
          // One batch per notification, as the writer applies a session's notification.
          writer.applyBatch(normalizer.normalize('/v2/me/interactions', chat));
          writer.applyBatch(normalizer.normalize('/v2/me/interactions', email));
          const chatRow = writer.interaction(`chat-${run}`);
          expect(chatRow?.transcript.map((line) => line.text)).toEqual(
            odd.times.map((_, i) => `line ${i + 1}`),
          );
          const emailRow = writer.interaction(`email-${run}`);
          expect(emailRow?.email?.text).toBe(`body ${run}`);
          expect(emailRow?.attachments.map((attachment) => attachment.id)).toEqual(
            odd.sizes.map((_, i) => `a${i}`),
          );
        }),
        { numRuns: 150 },
      );
      expect(writerWarnings).toEqual([]);
      // Every time and size the cache holds is a whole number.
      const types = db
        .prepare(
          `SELECT (SELECT count(*) FROM chat_messages WHERE at IS NOT NULL AND typeof(at) <> 'integer')
                + (SELECT count(*) FROM attachments WHERE size IS NOT NULL AND typeof(size) <> 'integer') AS n`,
        )
        .get() as { n: number };
      expect(types.n).toBe(0);
    } finally {
      db.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
