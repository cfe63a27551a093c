import { interactionMessage, type Dialect } from '../simulator/dialect';
import type { ChatEvent, ChatParty, SimInteraction } from '../simulator/model';
import { seededRandom } from '../simulator/scenarios';

/*
 * Deterministic data for the benchmarks and the durability test: a seeded PRNG, a vocabulary
 * with Zipf-like word frequencies (common words, and a long tail of rare ones), and a stream of
 * realistic InteractionStateMessages built by the simulator's own dialect code.
 */

/** The simulator's seeded PRNG (mulberry32), so benchmarks and scenarios draw alike. */
export const rng = seededRandom;

/** Mixes two numbers into a seed (for independent sub-streams such as one episode each). */
export function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

// ---- vocabulary -------------------------------------------------------------------------------

/** The most frequent words, in rank order: what contact-center chats are made of. */
const COMMON = `the to and a i you is for my of it in on your that this have can with order be
not we are me please thanks will was account an at do help if just get so number card
refund payment delivery as but what there or all check let one now from by order's hi hello
email address phone more time today need back any sorry see would ticket invoice package
could our issue problem when how been still yet yes no sure moment again know days week
received sent update service customer support agent minute return policy charge charged
bill billing plan price subscription cancel cancelled change password login reset error
shipping tracking box item items product broken damaged missing replacement store online
credit debit bank transfer confirm confirmation code message reply contact name date month`
  .split(/\s+/u)
  .filter((word) => word !== '');

const SYLLABLES = `ka lo mi ne ru sa te vo zi pa re do fu gi ha ju ko li mu na pe qu ri so tu
va we xi yo ze bra cle dri fro gla ple sni tro ble cra`
  .split(/\s+/u)
  .filter((word) => word !== '');

export interface Vocabulary {
  readonly words: readonly string[];
  /** A word drawn with probability ∝ 1 / rank^s. */
  word(random: () => number): string;
  /** `count` words joined by spaces. */
  sentence(random: () => number, count: number): string;
}

/**
 * `size` distinct words: the common English ones first, then made-up ones (three or four
 * syllables, so they never collide with the common ones). Draws follow Zipf's law (s ≈ 1.07):
 * the top words appear in most messages, words past rank ~5000 in a handful.
 */
export function vocabulary(seed: number, size = 50_000, exponent = 1.07): Vocabulary {
  const random = rng(mix(seed, 0x70cab));
  const words: string[] = [...new Set(COMMON)];
  const seen = new Set(words);
  while (words.length < size) {
    const count = 3 + Math.floor(random() * 2);
    let word = '';
    for (let i = 0; i < count; i += 1) word += pick(random, SYLLABLES);
    if (seen.has(word)) continue;
    seen.add(word);
    words.push(word);
  }
  const cumulative = new Float64Array(words.length);
  let total = 0;
  for (let rank = 0; rank < words.length; rank += 1) {
    total += 1 / (rank + 1) ** exponent;
    cumulative[rank] = total;
  }
  const word = (r: () => number): string => {
    const target = r() * total;
    let low = 0;
    let high = words.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((cumulative[middle] ?? 0) < target) low = middle + 1;
      else high = middle;
    }
    return words[low] ?? 'the';
  };
  return {
    words,
    word,
    sentence: (r, count) => {
      const parts: string[] = [];
      for (let i = 0; i < count; i += 1) parts.push(word(r));
      return parts.join(' ');
    },
  };
}

// ---- the interaction stream -------------------------------------------------------------------

export const INTERACTIONS_CHANNEL = '/v2/me/interactions';
export const BENCH_ACCOUNT = { serverUrl: 'https://gws.bench.example', userName: 'agent1' };

/** Every episode (one interaction's life) has this many messages. */
export const STEPS_PER_EPISODE = 12;

/** What one message must have left in the cache once it is applied. */
export interface StepExpectation {
  readonly interactionId: string;
  /** Chat event ids this message brings for the first time. */
  readonly chatEventIds: readonly number[];
  /** Those of them that are chat lines with text, which get a search document. */
  readonly searchableEventIds: readonly number[];
  /** The e-mail's content is stored from this message on. */
  readonly email: boolean;
  /** The interaction has ended. */
  readonly ended: boolean;
}

export interface StreamStep {
  readonly index: number;
  readonly channel: string;
  /** The `data` of the CometD message, as the client would have parsed it. */
  readonly data: Record<string, unknown>;
  readonly at: number;
  readonly expect: StepExpectation;
}

const FIRST_NAMES = ['Maria', 'Tom', 'Aiko', 'Liam', 'Sofia', 'Jonas', 'Priya', 'Noah', 'Elena'];
const LAST_NAMES = ['Schmidt', 'Okafor', 'Tanaka', 'Dubois', 'Rossi', 'Nowak', 'Silva', 'Berg'];
const BASE_TIME = 1_760_000_000_000;
/** Steps are 5 s apart, so a step's time gives its index back (see {@link stepOfTime}). */
const STEP_MS = 5_000;

/** The index of the step whose time is `at` (every step has its own time). */
export function stepOfTime(at: number): number {
  return Math.round((at - BASE_TIME) / STEP_MS);
}

function gwsId(seed: number, episode: number): string {
  return `${(seed % 0xffff).toString(16).padStart(4, '0')}${episode.toString(36).padStart(8, '0')}`.toUpperCase();
}

/** A simulator interaction of the stream, Invited, as the generator builds it (bench (f) reuses it). */
export function simInteraction(
  id: string,
  channel: 'chat' | 'email',
  subject: string,
  customer: { name: string; address: string },
  random: () => number,
  words: Vocabulary,
  now: number,
): SimInteraction {
  const userData: Record<string, unknown> = {
    Subject: subject,
    IdentifyCreateContact: '3',
    MediaType: channel,
    ContactId: id.split('').reverse().join(''),
    FirstName: customer.name.split(' ')[0],
    LastName: customer.name.split(' ')[1],
    EmailAddress: customer.address,
    Origination_Source: channel === 'chat' ? 'WebChat' : 'Email',
    CustomerSegment: pick(random, ['Gold', 'Silver', 'Bronze']),
    ServiceType: pick(random, ['Billing', 'Delivery', 'Returns', 'Technical']),
    LastInteractionNote: words.sentence(random, 30),
    RoutingPath: 'SimpleRouting>Default>AgentGroup_Support>VirtualQueue_Support',
    GCTI_LanguageCode: 'en',
    InteractionTopic: words.sentence(random, 6),
  };
  if (channel === 'email') {
    Object.assign(userData, {
      FromAddress: customer.address,
      FromPersonal: customer.name,
      To: 'support@switchboard.example',
      Mailbox: 'support',
      _ContainsAttachment: 'false',
    });
  } else {
    userData.ChatServerAppName = 'es_chat';
  }
  const paragraphs: string[] = [];
  for (let i = 0; i < 4; i += 1)
    paragraphs.push(words.sentence(random, 40 + Math.floor(random() * 30)));
  return {
    id,
    channel,
    type: 'Inbound',
    subType: 'InboundNew',
    state: 'Invited',
    owner: null,
    invitee: BENCH_ACCOUNT.userName,
    conferenceParties: [],
    queue: channel === 'chat' ? 'SimpleChatInQueue' : 'SimpleEmailInQueue',
    inQueues: channel === 'chat' ? { SimpleChatTranscriptQueue: '' } : { __STOP__: '' },
    outQueues: channel === 'chat' ? {} : { SimpleEmailOutQueue: '' },
    userData,
    startDate: now,
    receivedAt: new Date(now).toISOString(),
    threadId: `${id}T`,
    parentId: null,
    contactId: `${id}C`,
    subject,
    email:
      channel === 'email'
        ? {
            from: customer.address,
            fromPersonal: customer.name,
            to: ['support@switchboard.example'],
            cc: random() < 0.3 ? ['billing@switchboard.example'] : [],
            bcc: [],
            subject,
            text: paragraphs.join('\n\n'),
            html: null,
            comment: '',
            attachments: [],
          }
        : null,
    chat:
      channel === 'chat' ? { sessionId: `${id}S`, events: [], parties: [], nextEventId: 1 } : null,
    workbin: null,
    declinedBy: new Set(),
    notBefore: 0,
    endDate: null,
  };
}

/** Appends a chat event to the interaction's transcript and returns it. */
export function chatEvent(
  interaction: SimInteraction,
  party: ChatParty,
  kind: ChatEvent['kind'],
  at: number,
  text?: string,
): ChatEvent {
  const chat = interaction.chat;
  if (chat === null) throw new Error('not a chat');
  const event: ChatEvent = {
    id: chat.nextEventId,
    kind,
    userId: party.userId,
    userType: party.userType,
    nickName: party.nickName,
    visibility: 'All',
    timestamp: at,
    ...(text === undefined ? {} : { text }),
  };
  chat.nextEventId += 1;
  chat.events.push(event);
  return event;
}

/**
 * The messages of one episode: an interaction's whole life (Invited, Accepted, nine updates —
 * new chat lines or changed user data —, Completed), as a GWS server would send it to the agent
 * in one dialect or the other. Episodes are independent, so any step can be generated alone.
 */
export function episode(seed: number, index: number, words: Vocabulary): StreamStep[] {
  const random = rng(mix(seed, index));
  const channel = random() < 0.55 ? 'chat' : 'email';
  const dialect: Dialect = random() < 0.5 ? 'a' : 'b';
  const id = gwsId(seed, index);
  const name = `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`;
  const customer = { name, address: `${name.replace(' ', '.').toLowerCase()}@mail.example` };
  const start = BASE_TIME + index * STEPS_PER_EPISODE * STEP_MS;
  const interaction = simInteraction(
    id,
    channel,
    words.sentence(random, 4 + Math.floor(random() * 4)),
    customer,
    random,
    words,
    start,
  );
  const client: ChatParty = { userId: `${id}U1`, userType: 'Client', nickName: name };
  const agent: ChatParty = { userId: `${id}U2`, userType: 'Agent', nickName: 'Agent One' };
  const steps: StreamStep[] = [];
  const push = (
    step: number,
    state: 'Invited' | 'Accepted' | 'PropertiesChanged' | 'Completed',
    newEvents: ChatEvent[],
  ): void => {
    const data = interactionMessage(
      dialect,
      interaction,
      state,
      state === 'PropertiesChanged' ? newEvents : undefined,
    );
    steps.push({
      index: index * STEPS_PER_EPISODE + step,
      channel: INTERACTIONS_CHANNEL,
      data,
      at: start + step * STEP_MS,
      expect: {
        interactionId: id,
        chatEventIds: newEvents.map((event) => event.id),
        searchableEventIds: newEvents
          .filter((event) => event.kind === 'MESSAGE')
          .map((event) => event.id),
        email: channel === 'email' && step >= 1,
        ended: state === 'Completed',
      },
    });
  };
  const line = (): string => words.sentence(random, 4 + Math.floor(random() * 18));
  // Invited: a chat comes with the customer's joining and first line.
  const opening =
    interaction.chat === null
      ? []
      : [
          chatEvent(interaction, client, 'PARTY_JOINED', start),
          chatEvent(interaction, client, 'MESSAGE', start, line()),
        ];
  interaction.state = 'Invited';
  push(0, 'Invited', opening);
  interaction.state = 'Accepted';
  interaction.owner = BENCH_ACCOUNT.userName;
  interaction.invitee = null;
  push(
    1,
    'Accepted',
    interaction.chat === null
      ? []
      : [chatEvent(interaction, agent, 'PARTY_JOINED', start + STEP_MS)],
  );
  for (let step = 2; step < STEPS_PER_EPISODE - 1; step += 1) {
    const at = start + step * STEP_MS;
    if (interaction.chat !== null) {
      const party = step % 2 === 0 ? agent : client;
      push(step, 'PropertiesChanged', [chatEvent(interaction, party, 'MESSAGE', at, line())]);
    } else {
      interaction.userData[`Note${step}`] = line();
      push(step, 'PropertiesChanged', []);
    }
  }
  interaction.state = 'Completed';
  interaction.endDate = start + (STEPS_PER_EPISODE - 1) * STEP_MS;
  push(STEPS_PER_EPISODE - 1, 'Completed', []);
  return steps;
}

/** The stream's steps from `from` (inclusive) on, generated lazily, episode by episode. */
export function* stream(seed: number, from: number, words: Vocabulary): Generator<StreamStep> {
  let index = Math.floor(from / STEPS_PER_EPISODE);
  for (;;) {
    for (const step of episode(seed, index, words)) if (step.index >= from) yield step;
    index += 1;
  }
}

/** One step alone (for checks): regenerates its episode. */
export function streamStep(seed: number, index: number, words: Vocabulary): StreamStep {
  const step = episode(seed, Math.floor(index / STEPS_PER_EPISODE), words)[
    index % STEPS_PER_EPISODE
  ];
  if (step === undefined) throw new Error(`no step ${index}`);
  return step;
}
