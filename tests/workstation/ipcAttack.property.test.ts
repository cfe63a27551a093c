import net from 'node:net';
import { join, sep } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { contract, contractEntries, type MethodSpec } from '../../common/contract';
import { SwitchboardErrorSchema } from '../../common/errors';
import { isSafeExternalUrl } from '../../common/externalLinks';
import { mayOpenDirectly } from '../../common/openableFiles';
import { ATTACHMENTS_FOLDER } from '../../main/cache/paths';
import { createDispatcher } from '../../main/ipc/dispatcher';
import type { Desk } from '../../main/workstation/desk';
import type { Simulator } from '../../simulator/server';
import { useSimulator } from '../support/simulatorHarness';
import { acceptedInvoiceEmail, signInAgent1, useSignedInDesks } from '../support/signedInDesks';

// A compromised renderer calls every method of the contract, through the very dispatcher main
// serves it with, over a real desk (real simulator, cache file, HTTP and CometD) with hostile
// arguments: wrong arity and types, huge and deeply nested values, prototype-pollution keys,
// odd numbers and strings, paths and URLs, ids that are not the agent's. Each call must settle
// as a Result in time; afterwards the desk still answers, Object.prototype is clean, what the
// cache held before is still there, and nothing left the machine.

const harness = useSimulator();
const { open } = useSignedInDesks();

/** The longest a hostile call may take to be answered (a hang fails it). */
const CALL_TIMEOUT_MS = 5_000;
/** Calls per contract method (87 methods: some 350 calls). */
const RUNS_PER_METHOD = 4;
const SEED = 20261206;

// ---- hostile values ------------------------------------------------------------------------------

const ONE_MB = 1024 * 1024;
const HUGE_STRINGS = [
  'A'.repeat(ONE_MB),
  '../'.repeat(Math.ceil((5 * ONE_MB) / 3)),
  `${'\u0000'.repeat(ONE_MB)}x@example.com`,
  ` ${'é'.repeat(2 * ONE_MB)} `,
];

function nestedObject(depth: number): unknown {
  let value: unknown = { leaf: true };
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
}

function nestedArray(depth: number): unknown {
  let value: unknown = [];
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}

function wideObject(keys: number): Record<string, number> {
  const wide: Record<string, number> = {};
  for (let index = 0; index < keys; index++) wide[`k${index}`] = index;
  return wide;
}

/** What structured clone (IPC) delivers for a renderer's `{"__proto__": …}`: an own key. */
const POLLUTING: readonly unknown[] = [
  JSON.parse('{"__proto__":{"polluted":"yes"}}'),
  JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}'),
  JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}'),
  JSON.parse('{"prototype":{"polluted":"yes"},"hasOwnProperty":"no","toString":"no"}'),
];

const PATHS_AND_URLS = [
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '/etc/passwd',
  'C:\\Windows\\System32\\config\\SAM',
  '\\\\server\\share\\file.txt',
  '..',
  '.',
  '%2e%2e',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  'a/../../b',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'file:///etc/passwd',
  'file://server/share',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox',
  'http://169.254.169.254/latest/meta-data',
  'https://127.0.0.1/admin',
  'https://localhost/',
  'https://evil.example.com/steal',
  'https://user:pass@example.com/',
  'smb://server/share',
];

const ODD_STRINGS = [
  '',
  ' ',
  '\t\n',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDC00tail',
  'x\uDBFF',
  '\u202Egnp.exe',
  '\uFEFF',
  '😀'.repeat(50),
  '<img src=x onerror=alert(1)>',
  "'; DROP TABLE interactions; --",
  '" OR 1=1 --',
  'NEAR(a b) OR *',
  '%s%s%n',
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  'prototype',
];

const ODD_NUMBERS = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  -1,
  0.5,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  2 ** 31,
];

/** Odd values IPC's structured clone carries: no functions or symbols (it cannot). */
const ODD_OBJECTS: readonly unknown[] = [
  null,
  undefined,
  true,
  10n,
  {},
  [],
  // A sparse array.
  // eslint-disable-next-line no-sparse-arrays
  [, , 1],
  new Date(Number.NaN),
  new Date(8.64e15),
  new Uint8Array(16),
  new Map([['a', 1]]),
  new Set([1]),
  /a/u,
  new Error('boom'),
  { length: 1e9 },
  nestedObject(5_000),
  nestedArray(5_000),
  wideObject(20_000),
  ...POLLUTING,
];

const hostileString = fc.oneof(
  fc.constantFrom(...PATHS_AND_URLS, ...ODD_STRINGS),
  fc.constantFrom(...HUGE_STRINGS),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

const hostileNumber = fc.constantFrom(...ODD_NUMBERS);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 1, arbitrary: hostileNumber },
  { weight: 3, arbitrary: fc.constantFrom(...ODD_OBJECTS) },
  {
    weight: 1,
    arbitrary: fc.object({
      key: fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'a'),
      maxDepth: 2,
    }),
  },
);

// ---- values shaped like a method's arguments, with hostile ones mixed in -----------------------

interface Seeded {
  readonly plausibleStrings: readonly string[];
  /**
   * Ids the desk holds together (an e-mail and one of its files): a method of two ids is given
   * each pair too, so that the call reaches what it would do to real ones (open an executable?).
   */
  readonly idPairs: readonly (readonly [string, string])[];
}

/** A zod schema's definition, as far as this walk reads it (zod 4's `def`). */
interface Definition {
  readonly type: string;
  readonly items?: readonly z.ZodType[];
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly element?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly entries?: Readonly<Record<string, string | number>>;
  readonly values?: readonly unknown[];
  readonly valueType?: z.ZodType;
}

function definitionOf(schema: z.ZodType): Definition {
  return (schema as unknown as { def: Definition }).def;
}

/**
 * Values that get past a schema's outer checks often enough to reach the handler, each part
 * sometimes replaced by a hostile value: the attack reaches the desk, not only zod.
 */
function shaped(schema: z.ZodType, seeded: Seeded, depth = 0): fc.Arbitrary<unknown> {
  const exact = shapedExactly(schema, seeded, depth);
  return fc.oneof({ weight: 7, arbitrary: exact }, { weight: 1, arbitrary: hostileValue });
}

function shapedExactly(schema: z.ZodType, seeded: Seeded, depth: number): fc.Arbitrary<unknown> {
  const def = definitionOf(schema);
  if (depth > 6) return hostileValue;
  const inner = (sub: z.ZodType | undefined) =>
    sub === undefined ? hostileValue : shaped(sub, seeded, depth + 1);
  switch (def.type) {
    case 'tuple':
      return fc.tuple(...(def.items ?? []).map(inner));
    case 'object': {
      const shape = def.shape ?? {};
      const fields = Object.fromEntries(
        Object.entries(shape).map(([key, sub]) => [key, inner(sub)]),
      );
      const record = fc.oneof(
        { weight: 3, arbitrary: fc.record(fields) },
        { weight: 1, arbitrary: fc.record(fields, { requiredKeys: [] }) },
      );
      return fc.oneof(
        { weight: 3, arbitrary: record },
        {
          weight: 1,
          arbitrary: fc
            .tuple(record, fc.constantFrom(...POLLUTING))
            .map(([fields, polluting]) => ({ ...fields, ...(polluting as object) })),
        },
      );
    }
    case 'optional':
    case 'default':
      return fc.oneof(inner(def.innerType), fc.constant(undefined));
    case 'nullable':
      return fc.oneof(inner(def.innerType), fc.constant(null));
    case 'pipe':
      return def.in === undefined ? hostileValue : shapedExactly(def.in, seeded, depth + 1);
    case 'string':
      return fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...seeded.plausibleStrings) },
        { weight: 1, arbitrary: hostileString },
      );
    case 'number':
      return fc.oneof(fc.integer({ min: -5, max: 5_000 }), hostileNumber);
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? { none: 'none' }));
    case 'literal':
      return fc.constantFrom(...(def.values ?? [undefined]));
    case 'array':
      return fc.array(inner(def.element), { maxLength: 3 });
    case 'union':
      return fc.oneof(...(def.options ?? []).map(inner));
    case 'record':
      return fc.dictionary(
        fc.constantFrom('__proto__', 'constructor', 'Disposition', 'note', ''),
        inner(def.valueType),
        { maxKeys: 3 },
      );
    default:
      return hostileValue;
  }
}

/** Whether a method takes two ids (strings), as (interaction, file) methods do. */
function takesTwoIds(spec: MethodSpec): boolean {
  const items = definitionOf(spec.args).items ?? [];
  return items.length === 2 && items.every((item) => definitionOf(item).type === 'string');
}

/** A method's arguments: its tuple's shape, the wrong number of them, or not a list at all. */
function attackArguments(spec: MethodSpec, seeded: Seeded): fc.Arbitrary<unknown> {
  const tuple = shapedExactly(spec.args, seeded, 0);
  return fc.oneof(
    { weight: 4, arbitrary: tuple },
    {
      weight: 1,
      arbitrary: fc
        .tuple(tuple, fc.array(hostileValue, { minLength: 1, maxLength: 3 }))
        .map(([args, extra]) => [...(args as unknown[]), ...extra]),
    },
    { weight: 1, arbitrary: fc.array(hostileValue, { maxLength: 5 }) },
    { weight: 1, arbitrary: hostileValue },
  );
}

// ---- what nothing may do -------------------------------------------------------------------------

function isLoopback(host: string): boolean {
  return (
    host === 'localhost' ||
    host === '::1' ||
    host === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/u.test(host) ||
    host.startsWith('::ffff:127.')
  );
}

/**
 * Refuses, in this process, every TCP connection to a host not on this machine (before any DNS
 * lookup) and records it with the channel being attacked at the time.
 */
function guardNetwork(currentChannel: () => string) {
  const dialled: { channel: string; host: string }[] = [];
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was, unbound
  const original = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(
    this: net.Socket,
    ...args: unknown[]
  ): net.Socket {
    const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
    let host: string | undefined;
    if (typeof first === 'object' && first !== null) {
      const options = first as { host?: string; path?: string };
      host = options.path === undefined ? (options.host ?? 'localhost') : undefined;
    } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/u.test(first))) {
      host = typeof args[1] === 'string' ? args[1] : 'localhost';
    }
    if (host !== undefined && !isLoopback(host)) {
      dialled.push({ channel: currentChannel(), host });
      process.nextTick(() => this.destroy(new Error(`attack test: no connection to ${host}`)));
      return this;
    }
    return (original as (...rest: unknown[]) => net.Socket).apply(this, args);
  };
  return {
    dialled,
    restore: () => {
      net.Socket.prototype.connect = original;
    },
  };
}

function prototypeKeys(): string[] {
  return [
    ...Object.getOwnPropertyNames(Object.prototype),
    ...Object.getOwnPropertyNames(Array.prototype),
    ...Object.getOwnPropertyNames(Function.prototype),
  ].sort();
}

async function settledWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${what} did not settle within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// ---- the stored data the attack must leave alone ------------------------------------------------

/**
 * Words only agent2's draft holds, in this machine's cache (a draft never reaches the server
 * before it is sent): no answer to agent1's renderer may carry them.
 */
const OTHER_ACCOUNTS_SECRET = 'Vault code 7731-QX for agent2 only';

/**
 * agent2 worked on this machine before (a shared workstation): the cache holds their e-mail.
 * Answers its id and its reply draft's; agent2 is signed out after.
 */
async function seedOtherAccount(simulator: Simulator, desk: Desk): Promise<string[]> {
  await desk.handlers.session.signIn({
    serverUrl: simulator.url,
    userName: 'agent2',
    password: 'demo',
    remember: false,
  });
  await desk.handlers.agent.setReady(undefined);
  const id = simulator.control.receiveEmail({
    from: 'olga@example.com',
    subject: 'Private matter',
    text: 'About my account',
  });
  await expect.poll(async () => desk.handlers.interactions.get(id)).not.toBeNull();
  await desk.handlers.interactions.accept(id, undefined);
  const replyId = await desk.handlers.interactions.reply(id, undefined);
  if (replyId === undefined) throw new Error('no reply was created');
  await expect.poll(async () => desk.handlers.interactions.get(replyId)).not.toBeNull();
  await desk.handlers.drafts.save({
    interactionId: replyId,
    kind: 'reply',
    parentId: id,
    to: 'olga@example.com',
    cc: '',
    bcc: '',
    subject: 'Re: Private matter',
    text: `Draft: ${OTHER_ACCOUNTS_SECRET}`,
    attachments: [],
  });
  await desk.handlers.session.signOut();
  return [id, replyId];
}

/**
 * An e-mail whose files the desk downloads: one the OS may open, an executable it must not, and
 * one whose server-given name climbs out of the attachments folder. Answers its id and the files'.
 */
async function mailWithFiles(simulator: Simulator, desk: Desk) {
  const id = simulator.control.receiveEmail({
    from: 'maria@example.com',
    subject: 'Files 5150',
    text: 'See the files.',
    attachments: [
      { name: 'invoice.pdf', mimeType: 'application/pdf', bytes: Buffer.from('%PDF-1.4') },
      { name: 'setup.exe', mimeType: 'application/octet-stream', bytes: Buffer.from('MZ') },
      { name: '../../escape.pdf', mimeType: 'application/pdf', bytes: Buffer.from('%PDF-1.4') },
    ],
  });
  await expect.poll(async () => desk.handlers.interactions.get(id)).not.toBeNull();
  await desk.handlers.interactions.accept(id, undefined);
  const downloaded = async () =>
    ((await desk.handlers.interactions.get(id))?.attachments ?? []).filter(
      (file) => file.localPath !== undefined,
    );
  await expect.poll(async () => (await downloaded()).length).toBe(3);
  return { id, fileIds: (await downloaded()).map((file) => file.id) };
}

async function seed(simulator: Simulator, desk: Desk) {
  const otherAccountsIds = await seedOtherAccount(simulator, desk);
  await signInAgent1(desk, simulator);
  await desk.handlers.agent.setReady(undefined);
  const files = await mailWithFiles(simulator, desk);
  const emailId = await acceptedInvoiceEmail(simulator, desk);
  const chatId = simulator.control.startChat({
    customerNickName: 'Tom Baker',
    subject: 'Parcel 4411',
    firstMessage: 'Where is parcel 4411?',
  });
  await expect.poll(async () => desk.handlers.interactions.get(chatId)).not.toBeNull();
  await desk.handlers.interactions.accept(chatId, undefined);
  await desk.handlers.interactions.sendMessage(chatId, 'Let me look it up.', undefined);
  simulator.control.customerSays(chatId, 'Thanks, it is urgent');
  await expect
    .poll(async () => transcriptTexts(desk, chatId))
    .toEqual(
      expect.arrayContaining([
        'Where is parcel 4411?',
        'Let me look it up.',
        'Thanks, it is urgent',
      ]),
    );
  // An ended chat, in the history.
  const endedId = simulator.control.startChat({
    customerNickName: 'Una',
    subject: 'Refund 9902',
    firstMessage: 'Refund 9902 please',
  });
  await expect.poll(async () => desk.handlers.interactions.get(endedId)).not.toBeNull();
  await desk.handlers.interactions.accept(endedId, undefined);
  await desk.handlers.interactions.endChatSession(endedId);
  await expect
    .poll(async () => (await desk.handlers.interactions.get(endedId))?.phase)
    .toBe('ended');
  // Another agent's chat: offered to agent1, then taken by agent2 on the server.
  const othersId = simulator.control.startChat({
    customerNickName: 'Vera',
    subject: 'Elsewhere',
    firstMessage: 'Hi',
  });
  await expect.poll(async () => desk.handlers.interactions.get(othersId)).not.toBeNull();
  const taken = simulator.world.interactions.get(othersId);
  if (taken === undefined) throw new Error('no such chat');
  taken.invitee = null;
  taken.owner = 'agent2';
  taken.state = 'Accepted';
  return { emailId, chatId, endedId, othersId, otherAccountsIds, files };
}

async function transcriptTexts(desk: Desk, id: string): Promise<string[]> {
  const detail = await desk.handlers.interactions.get(id);
  return (detail?.transcript ?? []).flatMap((line) => (line.text === undefined ? [] : [line.text]));
}

/** What the cache holds of the seeded interactions: their content and how search finds them. */
async function storedData(desk: Desk, ids: readonly string[]) {
  const details = await Promise.all(
    ids.map(async (id) => {
      const detail = await desk.handlers.interactions.get(id);
      return {
        id,
        subject: detail?.subject,
        transcript: await transcriptTexts(desk, id),
        email: detail?.email?.text,
      };
    }),
  );
  const found = async (text: string) =>
    (await desk.handlers.interactions.search(text, undefined))
      .map((hit) => hit.interaction.id)
      .sort();
  return {
    accounts: await desk.handlers.session.cachedAccounts(),
    details,
    invoiceFound: await found('invoice'),
    parcelFound: await found('parcel'),
    refundFound: await found('refund'),
  };
}

// ---- the attack ---------------------------------------------------------------------------------

const METHODS = contractEntries(contract).flatMap((entry) =>
  entry.spec.kind === 'method' ? [{ channel: entry.channel, spec: entry.spec }] : [],
);

let restoreNetwork: (() => void) | undefined;
afterEach(() => {
  restoreNetwork?.();
  restoreNetwork = undefined;
});

describe('the IPC boundary under hostile arguments', () => {
  it('answers every contract method with a Result in time, and leaves the desk, its data and the process intact', async () => {
    const simulator = await harness.start();
    const { desk, os, dataDir } = await open(simulator, { signIn: false });
    const ids = await seed(simulator, desk);
    const before = await storedData(desk, [ids.emailId, ids.chatId, ids.endedId]);
    const cleanPrototypes = prototypeKeys();

    const unexpected: { message: string; detail: unknown }[] = [];
    const dispatcher = createDispatcher(contract, desk.handlers, {
      warn: () => undefined,
      error: (message, detail) => unexpected.push({ message, detail }),
    });
    expect([...dispatcher.keys()]).toHaveLength(METHODS.length);

    let current = '';
    const network = guardNetwork(() => current);
    restoreNetwork = network.restore;

    const seeded: Seeded = {
      plausibleStrings: [
        ids.emailId,
        ids.chatId,
        ids.endedId,
        ids.othersId,
        ...ids.otherAccountsIds,
        ids.files.id,
        ...ids.files.fileIds,
        'no-such-interaction',
        'email',
        'chat',
        'agent2',
        'ann@example.com',
        'NotReady',
        'Hello',
        simulator.url,
        'https://example.com/page',
      ],
      idPairs: ids.files.fileIds.map((fileId) => [ids.files.id, fileId] as const),
    };
    const calls = new Map<string, number>();
    const started = performance.now();
    for (const { channel, spec } of METHODS) {
      const handle = dispatcher.get(channel);
      if (handle === undefined) throw new Error(`no handler for ${channel}`);
      // A method that signs out (or signs in elsewhere) leaves the next one a desk signed out:
      // each method meets agent1 signed in, as a renderer's page would.
      if ((await desk.handlers.session.getState()).connection.state !== 'connected')
        await signInAgent1(desk, simulator);
      current = channel;
      await fc.assert(
        fc.asyncProperty(attackArguments(spec, seeded), async (args) => {
          calls.set(channel, (calls.get(channel) ?? 0) + 1);
          const answer = await settledWithin(handle(args), CALL_TIMEOUT_MS, channel);
          expect({
            channel,
            settledAs: typeof answer.ok,
            wellFormedError: answer.ok || SwitchboardErrorSchema.safeParse(answer.error).success,
            explainedError: answer.ok || answer.error.message.trim() !== '',
            leaksOtherAccount:
              answer.ok && JSON.stringify(answer.value ?? null).includes(OTHER_ACCOUNTS_SECRET),
            prototypes: prototypeKeys(),
            polluted: ({} as Record<string, unknown>).polluted,
          }).toEqual({
            channel,
            settledAs: 'boolean',
            wellFormedError: true,
            explainedError: true,
            leaksOtherAccount: false,
            prototypes: cleanPrototypes,
            polluted: undefined,
          });
        }),
        {
          numRuns: RUNS_PER_METHOD,
          seed: SEED,
          endOnFailure: true,
          examples: takesTwoIds(spec) ? seeded.idPairs.map((pair): [unknown] => [[...pair]]) : [],
        },
      );
    }
    const attackMs = performance.now() - started;
    network.restore();
    restoreNetwork = undefined;

    // Every method was attacked.
    expect([...calls.keys()].sort()).toEqual(METHODS.map((entry) => entry.channel).sort());
    // No handler failed in a way nobody foresaw (an `internal` answer is not a clear error).
    expect(unexpected.map((entry) => entry.message)).toEqual([]);
    // Only the sign-in form dials a server the renderer names (the agent's own choice of
    // server), and even that went nowhere here.
    expect(
      network.dialled.filter((entry) => entry.channel !== 'switchboard:session:signIn'),
    ).toEqual([]);
    // The OS was asked only what the agent could have asked.
    expect(os.browsed.filter((url) => !isSafeExternalUrl(url))).toEqual([]);
    const attachmentsFolder = join(dataDir, ATTACHMENTS_FOLDER) + sep;
    expect(
      os.opened.filter((path) => !path.startsWith(attachmentsFolder) || !mayOpenDirectly(path)),
    ).toEqual([]);

    // Nothing scheduled the cache away (a move aside at the next start), and the desk still
    // answers with what it stored before.
    expect((await desk.handlers.session.getCacheHealth()).state).toBe('sound');
    if ((await desk.handlers.session.getState()).connection.state !== 'connected')
      await signInAgent1(desk, simulator);
    const inbox = await dispatcher.get('switchboard:interactions:inbox')?.([undefined]);
    expect(inbox?.ok).toBe(true);
    const history = await dispatcher.get('switchboard:interactions:history')?.([undefined]);
    expect(history?.ok).toBe(true);
    const after = await storedData(desk, [ids.emailId, ids.chatId, ids.endedId]);
    for (const [index, detail] of before.details.entries()) {
      const now = after.details[index];
      expect(now?.subject).toBe(detail.subject);
      expect(now?.email).toBe(detail.email);
      expect(now?.transcript).toEqual(expect.arrayContaining(detail.transcript));
    }
    expect(after.accounts).toEqual(before.accounts);
    expect(after.invoiceFound).toEqual(expect.arrayContaining(before.invoiceFound));
    expect(after.parcelFound).toEqual(expect.arrayContaining(before.parcelFound));
    expect(after.refundFound).toEqual(expect.arrayContaining(before.refundFound));
    console.info(
      `IPC attack: ${[...calls.values()].reduce((sum, count) => sum + count, 0)} calls over ${calls.size} methods in ${Math.round(attackMs)} ms`,
    );
  }, 60_000);
});
