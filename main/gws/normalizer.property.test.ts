import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChannelStateSchema, GwsEventSchema, InteractionSnapshotSchema } from '../../common/model';
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
