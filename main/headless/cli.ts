import { existsSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import {
  compareIds,
  normalizeServerUrl,
  ServerUrlSchema,
  type ConnectionStatus,
  type GwsEvent,
  type InteractionSummary,
} from '../../common/model';
import { describeError } from '../../common/errors';
import { bracketed } from '../../common/searchSnippet';
import { CacheOpenError, openDatabase, openElsewhere } from '../cache/database';
import { checkIntegrity, isCorruption, moveAside } from '../cache/integrity';
import { attachmentsFolderFor } from '../cache/paths';
import { SearchClient } from '../cache/searchClient';
import { CacheStore } from '../cache/store';
import { WalCheckpointer } from '../cache/walCheckpointer';
import type { GwsLog } from '../gws/http';
// Types only: the modules themselves are loaded by listen alone (see there).
import type { GwsSession } from '../gws/session';
import type { CacheWriter } from '../workstation/cacheWriter';
import {
  formatZonedTime,
  handedOnText,
  transcriptHtml,
  transcriptText,
} from '../workstation/transcript';
import { defaultCachePath, ensureFolderFor } from './paths';
import { terminalSafe, terminalSafeJson } from './terminalText';

const USAGE = `Usage:
  switchboard listen --server URL --user NAME [--ready email,chat] [--db PATH] [--move-aside] [--verbose]
  switchboard check [--db PATH] [--move-aside]
  switchboard search WORDS… [--limit N] [--db PATH]
  switchboard transcript INTERACTION_ID [--format text|json|html] [--user NAME] [--server URL] [--db PATH]
  switchboard history [--channel chat|email] [--since DATE] [--limit N] [--db PATH]

  listen      Signs in to a GWS server, sets the listed channels Ready, keeps everything in
              the offline cache (attachments of accepted e-mails go to the folder beside it),
              prints every event once the cache has stored it as one JSON line on stdout, and
              connection changes (and a cache that cannot store events) on stderr. Ctrl-C signs
              out and exits. It checks the cache once started (warning if it is damaged);
              --move-aside first checks it and, if damaged, moves it aside.
  check       Checks the cache for damage (SQLite's quick_check): exit 0 if sound, 1 if not.
              --move-aside moves a damaged cache aside and starts a fresh one.
  search      Full-text search of the cache: one line per hit (time, channel, interaction id,
              subject, snippet with the matched words in [brackets]).
  transcript  One interaction as a readable transcript or e-mail (text), everything the cache
              holds (json), or a self-contained page (html). --user names the account when
              the cache holds the interaction for several (a chat transferred between agents
              of one workstation: each has the part they saw); --server names the server
              when one user name has an account on several.
  history     Cached interactions, most recent first: ended ones, and those still open when
              the cache last heard of them. DATE is YYYY-MM-DD (local midnight) or ISO 8601.
              search and history print local times with their UTC offset (-05:00).

  search, transcript and history read the cache only: no server is needed, and it may be on
  a read-only folder or disc.
  Customer text never reaches the terminal as control codes: text output shows them as symbols
  (ESC as ␛, a right-to-left override as <U+202E>); JSON output escapes them (\\u202e).
  --db defaults to ${defaultCachePath()}
  --move-aside renames a damaged cache (with its -wal and -shm files) beside itself as
  PATH.damaged-<UTC time>: it is kept, never deleted.

  The password comes from the SWITCHBOARD_PASSWORD environment variable, or a prompt on a
  terminal. It is never taken from the command line.

  Against the built-in simulator:  npm run simulator   then
  SWITCHBOARD_PASSWORD=demo npm run --silent cli -- listen --server http://127.0.0.1:8090 --user agent1`;

const MEDIA_CHANNELS = ['email', 'chat'];
const FORMATS = ['text', 'json', 'html'] as const;
type Format = (typeof FORMATS)[number];

class UsageError extends Error {}

/** A failure the user can act on: printed as one sentence, exit code 1. */
class CommandError extends Error {}

/**
 * One JSON line per event: the interaction id first, and the fields a person scans for; safe to
 * print on a terminal (bidi overrides and C1 controls of customer text escaped as `\uXXXX`).
 */
export function eventLine(event: GwsEvent): string {
  return terminalSafeJson(eventJson(event));
}

function eventJson(event: GwsEvent): string {
  switch (event.type) {
    case 'interactionInvited':
    case 'interactionUpdated': {
      const { interaction } = event;
      return JSON.stringify({
        event: event.type,
        interactionId: interaction.id,
        channel: interaction.channel,
        state: interaction.state,
        ...(interaction.subject === undefined ? {} : { subject: interaction.subject }),
        ...(interaction.from === undefined ? {} : { from: interaction.from }),
      });
    }
    case 'interactionRevoked':
    case 'interactionEnded':
      return JSON.stringify({
        event: event.type,
        interactionId: event.interactionId,
        ...(event.interaction === undefined
          ? {}
          : {
              channel: event.interaction.channel,
              state: event.interaction.state,
              subject: event.interaction.subject,
            }),
      });
    case 'chatEventsReceived':
      return JSON.stringify({
        event: event.type,
        interactionId: event.interactionId,
        messages: event.events.map((chatEvent) => ({
          eventId: chatEvent.eventId,
          kind: chatEvent.kind,
          author: chatEvent.authorName,
          authorType: chatEvent.authorType,
          ...(chatEvent.text === undefined ? {} : { text: chatEvent.text }),
          ...(chatEvent.noticeType === undefined ? {} : { notice: chatEvent.noticeType }),
        })),
      });
    case 'emailContentReceived':
      return JSON.stringify({
        event: event.type,
        interactionId: event.interactionId,
        subject: event.email.subject,
        from: event.email.from,
        attachments: event.email.attachments.map((attachment) => attachment.name),
      });
    default: {
      const { type, ...rest } = event;
      return JSON.stringify({ event: type, ...rest });
    }
  }
}

/** Reads a password from the terminal without echoing it. */
function promptPassword(userName: string): Promise<string> {
  const question = `Password for ${userName}: `;
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    if (!input.isTTY) {
      reject(
        new UsageError('Set SWITCHBOARD_PASSWORD: there is no terminal to ask for the password.'),
      );
      return;
    }
    const readline = createInterface({ input, output: process.stderr, terminal: true });
    let answered = false;
    process.stderr.write(question);
    // Mute the echo: readline writes what it reads back to its output.
    (readline as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = () =>
      undefined;
    // Ctrl-C (which readline reads as a key in raw mode, and without a listener only pauses on)
    // and the end of input (Ctrl-D) stop the command. Neither settled the prompt before: Node
    // exited with status 13 and a warning about an unsettled top-level await, quoting a line
    // of the command's source.
    readline.on('SIGINT', () => {
      readline.close();
    });
    readline.on('close', () => {
      if (answered) return;
      process.stderr.write('\n');
      reject(new CommandError(`No password was given for ${userName}: nothing was started.`));
    });
    readline.question('', (answer) => {
      answered = true;
      readline.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

// ---- arguments -------------------------------------------------------------------------------

const COMMON_OPTIONS = {
  db: { type: 'string' },
  help: { type: 'boolean' },
} as const;

const COMMAND_OPTIONS = {
  listen: {
    ...COMMON_OPTIONS,
    server: { type: 'string' },
    user: { type: 'string' },
    ready: { type: 'string' },
    verbose: { type: 'boolean' },
    'move-aside': { type: 'boolean' },
  },
  check: { ...COMMON_OPTIONS, 'move-aside': { type: 'boolean' } },
  search: { ...COMMON_OPTIONS, limit: { type: 'string' } },
  transcript: {
    ...COMMON_OPTIONS,
    format: { type: 'string' },
    user: { type: 'string' },
    server: { type: 'string' },
  },
  history: {
    ...COMMON_OPTIONS,
    channel: { type: 'string' },
    since: { type: 'string' },
    limit: { type: 'string' },
  },
} as const;
type CommandName = keyof typeof COMMAND_OPTIONS;
const COMMANDS = Object.keys(COMMAND_OPTIONS) as CommandName[];

interface ListenOptions {
  readonly command: 'listen';
  readonly server: string;
  readonly user: string;
  readonly ready: string[];
  readonly verbose: boolean;
  readonly db: string;
  readonly moveAside: boolean;
}
interface CheckOptions {
  readonly command: 'check';
  readonly db: string;
  readonly moveAside: boolean;
}
interface SearchOptions {
  readonly command: 'search';
  readonly words: string;
  readonly limit: number;
  readonly db: string;
}
interface TranscriptOptions {
  readonly command: 'transcript';
  readonly interactionId: string;
  readonly format: Format;
  /** The user name of the account to read it from; any account holding it when absent. */
  readonly user?: string;
  /** The server of the account to read it from (as `listen --server` names it); any when absent. */
  readonly server?: string;
  readonly db: string;
}
interface HistoryOptions {
  readonly command: 'history';
  readonly channel?: string;
  readonly since?: number;
  readonly limit: number;
  readonly db: string;
}
type Options =
  | { readonly command: 'help' }
  | ListenOptions
  | CheckOptions
  | SearchOptions
  | TranscriptOptions
  | HistoryOptions;

interface ParsedArgs {
  readonly values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  readonly positionals: string[];
}

function parseWith(argv: readonly string[], options: ParseArgsOptionsConfig): ParsedArgs {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, options, strict: true });
  } catch (error) {
    const message = (error as Error).message;
    throw new UsageError(
      /password/i.test(message)
        ? 'Passwords are never taken from the command line: use SWITCHBOARD_PASSWORD.'
        : message,
    );
  }
}

/**
 * A whole number of at least 1 that a double holds exactly: past 2^53 the number is not the one
 * typed, and past 2^63 SQLite's LIMIT refused it as "datatype mismatch" (exit 1, naming neither
 * the option nor the rule).
 */
function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/u.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value)))
    throw new UsageError(
      `--${name} takes a whole number from 1 to ${Number.MAX_SAFE_INTEGER}, not ${value}`,
    );
  return Number(value);
}

/** YYYY-MM-DD as local midnight, or anything Date.parse reads (ISO 8601). */
export function parseDate(value: string): number | undefined {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(value);
  if (day) {
    const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const time = new Date(year, month - 1, date);
    return time.getMonth() === month - 1 && time.getDate() === date ? time.getTime() : undefined;
  }
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

function parse(argv: readonly string[]): Options {
  // First pass: find the command among every option any command knows.
  const allOptions: ParseArgsOptionsConfig = Object.assign(
    {},
    ...(Object.values(COMMAND_OPTIONS) as ParseArgsOptionsConfig[]),
  ) as ParseArgsOptionsConfig;
  const first = parseWith(argv, allOptions);
  const [command] = first.positionals;
  if (command === undefined) {
    if (first.values.help === true) return { command: 'help' };
    throw new UsageError(`Name a command: ${COMMANDS.join(', ')}`);
  }
  if (!(COMMANDS as string[]).includes(command)) throw new UsageError(`Unknown command ${command}`);
  const name = command as CommandName;
  // Second pass: only the command's own options.
  const { values, positionals } = parseWith(argv, COMMAND_OPTIONS[name]);
  if (values.help === true) return { command: 'help' };
  const str = (key: string): string | undefined => {
    const value = values[key];
    return typeof value === 'string' ? value : undefined;
  };
  const db = str('db') ?? defaultCachePath();
  if (db.trim() === '') throw new UsageError('--db needs a path');
  const rest = positionals.slice(1);

  switch (name) {
    case 'listen': {
      if (rest.length > 0) throw new UsageError(`listen takes no arguments, not ${rest.join(' ')}`);
      const server = str('server');
      const user = str('user');
      if (server === undefined) throw new UsageError('--server is required');
      if (user === undefined) throw new UsageError('--user is required');
      // The desk's rule for the address (https unless the server is this machine, no
      // credentials in it): HTTP Basic would send the password readable on every request.
      const address = ServerUrlSchema.safeParse(server);
      if (!address.success)
        throw new UsageError(`--server ${address.error.issues[0]?.message ?? 'is not valid'}`);
      const ready = (str('ready') ?? '')
        .split(',')
        .map((channel) => channel.trim())
        .filter((channel) => channel !== '');
      const unknown = ready.filter((channel) => !MEDIA_CHANNELS.includes(channel));
      if (unknown.length > 0)
        throw new UsageError(
          `--ready takes ${MEDIA_CHANNELS.join(', ')}; not ${unknown.join(', ')}`,
        );
      return {
        command: 'listen',
        // The desk's account for the same address (a trailing `/`, GWS's own `/api/v2`).
        server: normalizeServerUrl(server),
        user,
        ready,
        verbose: values.verbose === true,
        db,
        moveAside: values['move-aside'] === true,
      };
    }
    case 'check': {
      if (rest.length > 0) throw new UsageError(`check takes no arguments, not ${rest.join(' ')}`);
      return { command: 'check', db, moveAside: values['move-aside'] === true };
    }
    case 'search': {
      const words = rest.join(' ').trim();
      if (words === '') throw new UsageError('search needs the words to look for');
      return { command: 'search', words, limit: positiveInteger('limit', str('limit'), 20), db };
    }
    case 'transcript': {
      const [interactionId, ...extra] = rest;
      if (interactionId === undefined || interactionId.trim() === '')
        throw new UsageError('transcript needs an interaction id');
      if (extra.length > 0)
        throw new UsageError(`transcript takes one interaction id, not ${rest.join(' ')}`);
      const format = str('format') ?? 'text';
      if (!(FORMATS as readonly string[]).includes(format))
        throw new UsageError(`--format takes ${FORMATS.join(', ')}; not ${format}`);
      const user = str('user');
      const server = str('server');
      return {
        command: 'transcript',
        interactionId,
        format: format as Format,
        ...(user === undefined ? {} : { user }),
        ...(server === undefined ? {} : { server }),
        db,
      };
    }
    case 'history': {
      if (rest.length > 0)
        throw new UsageError(`history takes no arguments, not ${rest.join(' ')}`);
      const channel = str('channel');
      if (channel !== undefined && !MEDIA_CHANNELS.includes(channel))
        throw new UsageError(`--channel takes ${MEDIA_CHANNELS.join(', ')}; not ${channel}`);
      const sinceText = str('since');
      const since = sinceText === undefined ? undefined : parseDate(sinceText);
      if (sinceText !== undefined && since === undefined)
        throw new UsageError(`--since takes a date such as 2024-05-31, not ${sinceText}`);
      return {
        command: 'history',
        ...(channel === undefined ? {} : { channel }),
        ...(since === undefined ? {} : { since }),
        limit: positiveInteger('limit', str('limit'), 50),
        db,
      };
    }
  }
}

// ---- output ----------------------------------------------------------------------------------

/**
 * Whether `error` says the reader of the output went away: `switchboard history | head` closes
 * the pipe once head has its lines. That is the reader's choice, not a failure.
 */
function isClosedOutput(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}

/**
 * Keeps a closed pipe from crashing the command: a stream whose write fails also emits 'error',
 * which Node throws (a stack trace, exit 1) when nothing listens. A write that awaits its
 * callback (below) still learns of the failure; `listen` also stops on it (untilEnded).
 */
function survivesClosedOutput(stream: NodeJS.WriteStream): void {
  if (stream.listenerCount('error') === 0) stream.on('error', () => undefined);
}

/** Writes and waits until the text is handed to the OS, so that exiting right after loses none. */
function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => {
      if (error) reject(error);
      else resolve();
    });
  });
}

/** A free-text field of a one-line record: its line breaks and runs of blanks as one space. */
function oneLine(text: string | undefined): string {
  const flat = (text ?? '').replace(/\s+/gu, ' ').trim();
  return flat === '' ? '-' : flat;
}

/**
 * One tab-separated record, one line whatever its fields hold: every field (ids, states and
 * channels come from the server too) goes through terminalSafe, which also shows a tab or line
 * feed inside a field as a symbol rather than starting a new column or record.
 */
function record(fields: readonly string[]): string {
  return fields.map((field) => terminalSafe(field)).join('\t');
}

/** The time a list shows for an interaction: when it ended, or when it last changed. */
function shownTime(interaction: InteractionSummary): number {
  return interaction.endedAt ?? interaction.updatedAt;
}

/**
 * Refuses a --db that names something other than a file, before SQLite opens it: a folder, or a
 * pipe, device or socket, which SQLite opens as it is. A pipe with no writer held `history` and
 * `check` blocked for ever, and `check` called /dev/zero a sound cache (found by an attack review).
 */
function refuseNonFile(path: string): void {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats === undefined || stats.isFile()) return;
  throw new CommandError(
    stats.isDirectory()
      ? `${path} is a folder, not a cache file.`
      : `${path} is not a file (a pipe, a device or a socket), not a cache file.`,
  );
}

/** Characters a shell takes as they are in a word: POSIX shells', and cmd's and PowerShell's. */
const PLAIN_WORD = { posix: /^[\w@%+=:,./-]+$/u, win32: /^[\w:.\\/-]+$/u };

/**
 * A path as one word of a command line the reader may paste into their shell: as it is when
 * nothing in it means something to the shell, else quoted (POSIX shells: in single quotes, a
 * quote in it as '\''; Windows: in double quotes, which a Windows path cannot hold, read as
 * written by cmd unless the path holds a %NAME% and by PowerShell unless it holds a $ or a `).
 */
function shellWord(path: string): string {
  if (process.platform === 'win32') return PLAIN_WORD.win32.test(path) ? path : `"${path}"`;
  return PLAIN_WORD.posix.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}

/**
 * Said where a command finds no cache (a machine that never ran the desk, a --db mistyped): what
 * fills one, as a command the reader may paste. It once said "run switchboard listen --db PATH",
 * which, run as told, only answered "--server is required", and split at the space of a path such
 * as macOS's Application Support.
 */
function noCacheAt(path: string): CommandError {
  return new CommandError(
    `There is no cache at ${path}. It fills as an agent works signed in on the desk (whose cache is the one without --db); or run switchboard listen --server URL --user NAME --db ${shellWord(path)} to fill one.`,
  );
}

function openCache(path: string): CacheStore {
  if (!existsSync(path)) throw noCacheAt(path);
  refuseNonFile(path);
  const store = new CacheStore(openDatabase(path, { readonly: true }));
  if (store.schemaVersion() === 0) {
    store.close();
    throw new CommandError(`The file at ${path} is not a Switchboard cache (it has no schema).`);
  }
  return store;
}

async function search(options: SearchOptions): Promise<number> {
  // The writer indexes search documents in batches (within half a second, and when it next
  // starts after a crash): say so when the cache holds some that a search cannot find yet.
  const cache = openCache(options.db);
  const waiting = cache.unindexedSearchDocuments();
  cache.close();
  if (waiting > 0)
    await write(
      process.stderr,
      `${waiting} recently stored ${waiting === 1 ? 'line or e-mail is' : 'lines or e-mails are'} not searchable yet: they are indexed within a second while Switchboard runs, or when it next starts.\n`,
    );
  const client = await SearchClient.start(options.db);
  try {
    const hits = await client.search({ text: options.words, limit: options.limit });
    if (hits.length === 0) {
      await write(process.stderr, `No matches for ${terminalSafe(options.words)}\n`);
      return 0;
    }
    const lines = hits.map(({ interaction, snippet }) =>
      record([
        formatZonedTime(shownTime(interaction)),
        interaction.channel,
        interaction.id,
        oneLine(interaction.subject),
        oneLine(bracketed(snippet)),
      ]),
    );
    await write(process.stdout, `${lines.join('\n')}\n`);
    return 0;
  } finally {
    await client.close();
  }
}

/**
 * Whether the cache's account server `stored` is the one named on the command line: as written
 * (the demo's key, `demo:simulator`), or as `listen --server` keeps an address (a trailing `/`,
 * GWS's own `/api/v2` left off).
 */
function sameServer(stored: string, named: string): boolean {
  if (stored === named) return true;
  try {
    return stored === normalizeServerUrl(named);
  } catch {
    return false; // Not an address: only the exact key could match.
  }
}

async function transcript(options: TranscriptOptions): Promise<number> {
  const store = openCache(options.db);
  try {
    // Every account holding it: each agent of a shared workstation has the part of a
    // transferred chat they saw, under the same id, and printing the first one found hid that.
    const found = store
      .accounts()
      .filter(
        (account) =>
          (options.user === undefined || account.userName === options.user) &&
          (options.server === undefined || sameServer(account.serverUrl, options.server)),
      )
      .flatMap((account) => {
        const detail = store.interaction(account.id, options.interactionId);
        const handled = store.interactionRecord(account.id, options.interactionId) !== undefined;
        return detail === undefined ? [] : [{ account, detail, handled }];
      });
    // The accounts that handled it, before one that only opened it from a contact's history
    // (CacheStore.interaction finds those too): that look alone makes no agent its holder.
    const handledBy = found.filter(({ handled }) => handled);
    const holders = handledBy.length > 0 ? handledBy : found;
    const [held, ...others] = holders;
    if (held === undefined)
      throw new CommandError(
        `No interaction ${options.interactionId}${options.user === undefined ? '' : ` of ${options.user}`}${options.server === undefined ? '' : ` at ${options.server}`} in the cache at ${options.db}.`,
      );
    if (others.length > 0) {
      // One user name on two servers: --user alone cannot choose between them.
      const names = new Set(holders.map(({ account }) => account.userName));
      const servers = new Set(holders.map(({ account }) => account.serverUrl));
      const choose =
        names.size === 1 ? '--server' : servers.size === 1 ? '--user' : '--user and --server';
      throw new CommandError(
        `The cache at ${options.db} holds interaction ${options.interactionId} for ${holders.map(({ account }) => `${account.userName} at ${account.serverUrl}`).join(', ')}: name one with ${choose}.`,
      );
    }
    const { detail } = held;
    const accountId = held.account.id;
    // The disposition under the key the account's settings name (DispositionCode by default).
    const exportOptions = {
      dispositionKey: store.deskState().preferences(accountId).dispositionKey,
    };
    // What the agent sent in answer to it follows, as in the desk's saved transcript.
    const replies = store.replies(accountId, options.interactionId);
    // Printed as lines: what the customer wrote keeps its line breaks, never its escapes.
    const text =
      options.format === 'json'
        ? `${terminalSafeJson(JSON.stringify(detail, null, 2))}\n`
        : terminalSafe(
            options.format === 'html'
              ? transcriptHtml(detail, replies, exportOptions)
              : transcriptText(detail, replies, exportOptions),
            { lines: true },
          );
    await write(process.stdout, text);
    return 0;
  } finally {
    store.close();
  }
}

/** An ended interaction's state, and where the agent handed it on: `Completed (Transferred to …)`. */
function withHandOff(interaction: InteractionSummary): string {
  const handedOn = handedOnText(interaction);
  return handedOn === undefined ? interaction.state : `${interaction.state} (${handedOn})`;
}

async function history(options: HistoryOptions): Promise<number> {
  const store = openCache(options.db);
  try {
    const found: InteractionSummary[] = [];
    for (const account of store.accounts()) {
      found.push(
        ...store.history(account.id, {
          limit: options.limit,
          ...(options.channel === undefined ? {} : { channel: options.channel }),
          ...(options.since === undefined ? {} : { since: options.since }),
        }),
        ...store
          .inbox(account.id)
          .filter(
            (open) =>
              (options.channel === undefined || open.channel === options.channel) &&
              (options.since === undefined || open.updatedAt >= options.since),
          ),
      );
    }
    const shown = found
      .sort((a, b) => shownTime(b) - shownTime(a) || compareIds(a.id, b.id))
      .slice(0, options.limit);
    if (shown.length === 0) {
      await write(process.stderr, 'No interactions in the cache match.\n');
      return 0;
    }
    const lines = shown.map((interaction) =>
      record([
        formatZonedTime(shownTime(interaction)),
        interaction.channel,
        interaction.id,
        interaction.endedAt === undefined
          ? `open (${interaction.state})`
          : // Handed on: where to (the state alone says Completed).
            withHandOff(interaction),
        oneLine(interaction.subject),
        oneLine(interaction.from),
      ]),
    );
    await write(process.stdout, `${lines.join('\n')}\n`);
    return 0;
  } finally {
    store.close();
  }
}

// ---- a damaged cache -------------------------------------------------------------------------

/** The way out of a damaged cache, as the command line offers it. */
const WAY_OUT =
  'To move it aside (renamed beside itself, kept, never deleted) and start a fresh one, run switchboard check --move-aside with the same --db, or listen --move-aside.';

/**
 * Why the cache at `path` is damaged (SQLite cannot read it, or its quick check fails), or
 * undefined when it is sound or absent. A cache it must not touch (a newer Switchboard's, one it
 * cannot open) throws its CacheOpenError instead: that is not damage.
 */
async function damageOf(path: string): Promise<string | undefined> {
  if (!existsSync(path)) return undefined;
  try {
    openDatabase(path, { readonly: true }).close();
  } catch (error) {
    if (error instanceof CacheOpenError && error.reason === 'notADatabase') return error.message;
    throw error;
  }
  const report = await checkIntegrity(path);
  if (report.status === 'unchecked')
    throw new CommandError(
      `The cache at ${path} could not be checked: ${report.problems.join('; ')}`,
    );
  return report.status === 'sound' ? undefined : `quick_check: ${report.problems.join('; ')}`;
}

/**
 * Moves a damaged cache aside and says where it went; refused while another process has it open
 * ({@link openElsewhere}): renamed under a running desk or `listen`, the file it went on writing
 * was the one set aside, and what it wrote from then on was lost with it.
 */
async function moveDamagedAside(path: string, damage: string): Promise<void> {
  if (openElsewhere(path))
    throw new CommandError(
      `The cache at ${path} is open in Switchboard (the desk, or a switchboard listen): it was not moved aside. Close it, then run this again.`,
    );
  const moved = moveAside(path);
  await write(
    process.stderr,
    `warning: the cache at ${terminalSafe(path)} is damaged (${terminalSafe(damage)}); it was moved aside to ${terminalSafe(moved.to)} (kept, not deleted) and a fresh cache starts in its place.\n`,
  );
}

/** A warning, printed once, that the cache `listen` is writing to is damaged. */
function damageWarning(path: string): (finding: string) => void {
  let warned = false;
  return (finding) => {
    if (warned) return;
    warned = true;
    process.stderr.write(
      `warning: the cache at ${terminalSafe(path)} is damaged (${terminalSafe(finding)}); what arrives may not be stored. Stop with Ctrl-C. ${WAY_OUT}\n`,
    );
  };
}

async function check(options: CheckOptions): Promise<number> {
  const path = options.db;
  if (!existsSync(path)) throw noCacheAt(path);
  refuseNonFile(path);
  const damage = await damageOf(path);
  if (damage === undefined) {
    // Sound as an SQLite file is not yet a cache: an empty file or another program's database
    // passed its check and was called a sound cache, while the other commands refuse it.
    openCache(path).close();
    await write(process.stdout, `ok: the cache at ${terminalSafe(path)} is sound\n`);
    return 0;
  }
  if (!options.moveAside) {
    await write(
      process.stderr,
      `The cache at ${terminalSafe(path)} is damaged (${terminalSafe(damage)}). ${WAY_OUT}\n`,
    );
    return 1;
  }
  await moveDamagedAside(path, damage);
  openDatabase(path).close();
  return 0;
}

// ---- listen ----------------------------------------------------------------------------------

async function listen(options: ListenOptions): Promise<number> {
  // Listening lasts a shift: V8 is told to favour memory over speed (its heap grows less between
  // full collections). Under bench (i)'s flood of 27 KB messages, RSS peaked at ~190 MiB instead
  // of ~400, and grew +4 to +24 MiB instead of +86 to +152, for ~20% fewer messages a second
  // (~380 against ~480: far more than a contact center sends one agent). Set before the GWS
  // client is loaded and run.
  setFlagsFromString('--optimize-for-size');
  // The GWS client (CometD, cookie jar, zod) is loaded only here: importing it takes most of a
  // second that search, transcript and history, which read only the cache, need not wait.
  const [
    { GwsSession },
    { createOperations },
    { CacheWriter },
    { multimediaMissing },
    { MULTIMEDIA_FEATURE },
    { removeStaleParts },
  ] = await Promise.all([
    import('../gws/session'),
    import('../gws/operations'),
    import('../workstation/cacheWriter'),
    import('../workstation/contactCenterFeatures'),
    import('../../common/gwsOperations'),
    import('../workstation/attachments'),
  ]);
  const password = process.env.SWITCHBOARD_PASSWORD ?? (await promptPassword(options.user));
  const log: GwsLog = {
    debug: (message) => {
      if (options.verbose) process.stderr.write(`debug: ${terminalSafe(message)}\n`);
    },
    // Warnings echo what the server sent (unknown message types, error texts).
    warn: (message) => process.stderr.write(`warning: ${terminalSafe(message)}\n`),
  };
  ensureFolderFor(options.db);
  refuseNonFile(options.db);
  if (options.moveAside) {
    const damage = await damageOf(options.db);
    if (damage !== undefined) await moveDamagedAside(options.db, damage);
  }
  const db = openDatabase(options.db);
  let checkpoints: WalCheckpointer | undefined;
  let farewell: string | undefined;
  const damaged = damageWarning(options.db);
  // Off the main thread and not awaited: listening starts at once, the warning comes when found.
  // Stopped as the cache closes (as the desk's is): its own connection must not touch the files
  // (create the -shm) once their owner has closed them, nor a folder being removed (a test's).
  const checking = new AbortController();
  if (!options.moveAside)
    void checkIntegrity(options.db, checking.signal).then((report) => {
      if (report.status === 'damaged') damaged(`quick_check: ${report.problems.join('; ')}`);
      // Stopped because listen is ending: nothing to say.
      else if (report.status === 'unchecked' && !checking.signal.aborted)
        log.warn(`the cache could not be checked: ${report.problems.join('; ')}`);
    });
  try {
    const session = new GwsSession({
      serverUrl: options.server,
      credentials: { userName: options.user, password },
      log,
    });
    const operations = createOperations(session.requester);
    const store = new CacheStore(db);
    // As in the app: the commits never wait for a WAL checkpoint (a worker thread runs them).
    checkpoints = new WalCheckpointer(store, options.db, log);
    // Attached before signing in, so that the first resync's events reach the cache too;
    // attachments of accepted e-mails are downloaded through the session.
    const workstation = new CacheWriter({
      store,
      account: { serverUrl: options.server, userName: options.user },
      attachmentsDir: attachmentsFolderFor(options.db),
      log,
      writeFailed: (error) => {
        if (isCorruption(error)) damaged((error as Error).message);
      },
    });
    workstation.attach(session);
    // What a run that crashed while storing a download left (not awaited: never throws).
    void removeStaleParts(attachmentsFolderFor(options.db), log);
    // Mail cached before the current htmlToText is found by its words again (in the background,
    // its text made on this thread a mail at a time: listen runs no search worker).
    void workstation.reindexHtmlMail();
    // Watched from the first line printed: see untilEnded.
    let outputFailed: unknown;
    process.stdout.on('error', (error) => {
      outputFailed ??= error;
    });
    session.onStatus((status) =>
      process.stderr.write(`connection: ${status.state} (${terminalSafe(status.reason)})\n`),
    );
    // Each event once the cache has committed it: one a failed write kept out is not printed
    // (the writer warns, the status says the cache is failing, and the repair prints it then).
    workstation.onStored((events) => {
      for (const event of events) process.stdout.write(`${eventLine(event)}\n`);
    });

    // Ctrl-C (or SIGTERM, SIGHUP) while signing in: the server may have started the agent's
    // session already (Node's default exit left it signed in, Ready requests and all), so the
    // sign-in is let settle, for SIGN_IN_SETTLE_MS at most, and then signed out.
    const early = stopDuringSignIn();
    let signedIn: Awaited<ReturnType<typeof session.signIn>> | undefined;
    try {
      signedIn = await Promise.race([session.signIn(), early.givenUp]);
    } finally {
      early.dispose();
    }
    if (early.signal !== undefined) {
      // Given up (10 s, or a second Ctrl-C) with the sign-in still on its way: a session the
      // server starts after the sign-out below stays started until the server times it out.
      process.stderr.write(
        signedIn === undefined
          ? `${early.signal}: signing out without waiting for the sign-in; the server may keep the session it starts after this\n`
          : `${early.signal}: signing out\n`,
      );
      try {
        await session.signOut();
      } catch (error) {
        log.warn(`signing out: ${(error as Error).message}`);
      }
      await workstation.close();
      return 0;
    }
    if (signedIn === undefined) throw new Error('the sign-in was given up with no stop asked');
    if (!signedIn.ok) {
      process.stderr.write(
        `Sign-in failed (${signedIn.error.kind}): ${terminalSafe(signedIn.error.message)}
`,
      );
      await workstation.close();
      return 1;
    }
    // From here on Ctrl-C signs out: left to Node's default during the Ready requests below, it
    // killed the process signed in (and the cache not closed) when the agent gave up waiting.
    const listening = untilEnded(session, workstation, log, () => outputFailed);
    // Beside the Ready requests, not before them; a /features the server refuses says nothing
    // (only --verbose shows why), since it proves nothing about e-mail and chat.
    const verboseOnly = (message: string) => {
      log.debug(message);
    };
    void multimediaMissing(operations, { debug: verboseOnly, warn: verboseOnly }).then(
      (missing) => {
        if (missing)
          process.stderr.write(
            `note: this contact center has no ${MULTIMEDIA_FEATURE} feature: no e-mail or chat will arrive; ask its administrator to enable it\n`,
          );
      },
    );
    for (const channel of options.ready) {
      if (listening.stopping()) break;
      const ready = await operations.setChannelReady(channel);
      if (!ready.ok && !listening.stopping())
        process.stderr.write(`Ready on ${channel} failed: ${terminalSafe(ready.error.message)}\n`);
    }
    const ending = await listening.ended;
    farewell = ending.farewell;
    return ending.exitCode;
  } finally {
    checking.abort();
    await checkpoints?.stop();
    db.close();
    // Last, once the cache is closed: why listen ended, when the server ended it.
    if (farewell !== undefined) await write(process.stderr, `${terminalSafe(farewell)}\n`);
  }
}

/** How long a stop asked during the sign-in waits for it to settle before signing out anyway. */
const SIGN_IN_SETTLE_MS = 10_000;

/**
 * SIGINT, SIGTERM and SIGHUP while `listen` signs in: which came first (`signal`), and
 * `givenUp`, which resolves SIGN_IN_SETTLE_MS after it, or at a second one (the sign-in not
 * settled by then is not waited for). `dispose` lets the signals go to what handles them next.
 */
function stopDuringSignIn(): {
  readonly signal: string | undefined;
  readonly givenUp: Promise<undefined>;
  dispose(): void;
} {
  let signal: string | undefined;
  let giveUp: () => void = () => undefined;
  const givenUp = new Promise<undefined>((resolve) => {
    giveUp = () => {
      resolve(undefined);
    };
  });
  const stop = (name: string) => () => {
    // A second one: the agent will not wait (a server that does not answer the sign-in).
    if (signal !== undefined) {
      giveUp();
      return;
    }
    signal = name;
    process.stderr.write(`${name}: signing out once the sign-in settles\n`);
    setTimeout(giveUp, SIGN_IN_SETTLE_MS).unref();
  };
  const onInt = stop('SIGINT');
  const onTerm = stop('SIGTERM');
  const onHup = stop('SIGHUP');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  process.on('SIGHUP', onHup);
  return {
    get signal() {
      return signal;
    },
    givenUp,
    dispose: () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      process.off('SIGHUP', onHup);
    },
  };
}

/** How `listen` ends: its exit code, and the sentence to leave the user with, if any. */
interface ListenEnding {
  readonly exitCode: number;
  readonly farewell?: string;
}

/**
 * Runs until SIGINT, SIGTERM or SIGHUP or until stdout closes (exit 0), or until the session ends
 * by itself (exit 1: the server refused the password; the session retries every transient failure
 * on its own) or stdout cannot be written (exit 1: a full disk). Both go through one shutdown: wait for downloads (only when signing out on
 * request: a session the server ended cannot download), sign out, close the cache writer.
 *
 * `ended` settles on every way out. When only the signals settled it, a session ended by the
 * server left nothing for the event loop to wait on, and Node exited with code 13 ("unsettled
 * top-level await") without closing the cache. `stopping` says whether the shutdown began (the
 * Ready requests made meanwhile stop there).
 */
function untilEnded(
  session: GwsSession,
  workstation: CacheWriter,
  log: GwsLog,
  outputFailed: () => unknown,
): { readonly ended: Promise<ListenEnding>; stopping(): boolean } {
  let stopping = false;
  const ended = new Promise<ListenEnding>((resolve) => {
    const stop = (why: string, ending: ListenEnding) => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`${why}: signing out\n`);
      const byRequest = ending.exitCode === 0;
      void (async () => {
        try {
          // Downloads still running get a moment to finish (they need the session); then sign
          // out while the cache still listens, so the invitations the sign-out withdraws are recorded too.
          if (byRequest) await workstation.downloadsIdleBeforeSignOut();
          await session.signOut();
          await workstation.close();
        } catch (error) {
          log.warn(`shutting down: ${(error as Error).message}`);
        } finally {
          resolve(ending);
        }
      })();
    };
    const endedByServer = (status: ConnectionStatus) => {
      if (status.state === 'signedOut')
        stop('session ended', { exitCode: 1, farewell: status.reason });
    };
    session.onStatus(endedByServer);
    // It may have ended between signing in and now.
    endedByServer(session.status);
    process.once('SIGINT', () => {
      stop('SIGINT', { exitCode: 0 });
    });
    // `listen | grep -m1 …`: whoever read the events is gone, so listening has no one to tell.
    // Signed out as on Ctrl-C, rather than left signed in until the server times the session out.
    // Output that cannot be written (`listen >> events.log` on a full disk, a file-size limit)
    // loses every event from then on, and nobody learns of the invitations: signed out too, the
    // way out said on stderr and in the exit code. It went on listening, Ready, every line lost
    // without a word.
    const outputStopped = (error: unknown) => {
      if (isClosedOutput(error)) stop('stdout closed', { exitCode: 0 });
      else
        stop('stdout failed', {
          exitCode: 1,
          farewell: `The events could not be written out (${describeError(error)}); signed out, so that no work is routed here unseen.`,
        });
    };
    process.stdout.on('error', outputStopped);
    // Or failed already: signing in and going Ready print too, and a reader may have what it
    // wanted by then (`listen --ready email,chat | head -n1`); nothing more may come to print.
    const failed = outputFailed();
    if (failed !== undefined) outputStopped(failed);
    process.once('SIGTERM', () => {
      stop('SIGTERM', { exitCode: 0 });
    });
    // Its terminal window closed or its SSH link dropped: Node's default ended the process
    // signed in, and the server went on routing customers to an agent no one was watching.
    process.once('SIGHUP', () => {
      stop('SIGHUP', { exitCode: 0 });
    });
  });
  return { ended, stopping: () => stopping };
}

/** The `switchboard` command line; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  survivesClosedOutput(process.stdout);
  survivesClosedOutput(process.stderr);
  try {
    const options = parse(argv);
    switch (options.command) {
      case 'help':
        await write(process.stdout, `${USAGE}\n`);
        return 0;
      case 'listen':
        return await listen(options);
      case 'check':
        return await check(options);
      case 'search':
        return await search(options);
      case 'transcript':
        return await transcript(options);
      case 'history':
        return await history(options);
    }
  } catch (error) {
    // The reader stopped reading (`| head`): it has what it wanted, and nobody reads a message.
    if (isClosedOutput(error)) return 0;
    if (error instanceof UsageError) {
      // Node's own messages about options come in several lines: kept as lines.
      process.stderr.write(
        `switchboard: ${terminalSafe(error.message, { lines: true })}\n\n${USAGE}\n`,
      );
      return 2;
    }
    const known = error instanceof CommandError || error instanceof CacheOpenError;
    const wayOut =
      error instanceof CacheOpenError && error.reason === 'notADatabase' ? ` ${WAY_OUT}` : '';
    process.stderr.write(
      `switchboard: ${terminalSafe(error instanceof Error ? error.message : String(error))}${wayOut}\n`,
    );
    if (!known && error instanceof Error && process.env.SWITCHBOARD_DEBUG === '1')
      process.stderr.write(`${terminalSafe(error.stack ?? '', { lines: true })}\n`);
    return 1;
  }
}
