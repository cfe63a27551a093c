import { splitAddressList } from '../../common/addressLists';
import { compact } from '../../common/compact';
import { decodeEncodedWords, shownFileName } from '../../common/encodedWords';
import { exceedsShape } from '../../common/jsonShape';
import {
  MAX_ATTACHMENT_NAME_LENGTH,
  MAX_ATTACHMENT_TYPE_LENGTH,
  MAX_USER_DATA_DEPTH,
  UNKNOWN_CHANNEL,
  type AttachmentInfo,
  type ChannelReport,
  type ChannelState,
  type ChatEvent,
  type ChatEventKind,
  type EmailContent,
  type GwsEvent,
  type HistoryEntry,
  type InteractionSnapshot,
  type UserData,
} from '../../common/model';
import { ENDED_STATES, INVITED_STATE, REVOKED_STATE } from '../../common/interactionStates';
import { withLineBreaksAs } from '../../common/visibleText';

/*
 * The GWS notification normalizer: CometD `data` bodies in, domain events (common/model.ts) out.
 *
 * The documents show every notification in more than one form (tests/fixtures/gws/README.md):
 * - dialect A, flat (003, 001): the interaction's fields directly in `data`, e-mail content in
 *   `email_object` (capitalised keys in 001's schema, lower-case ones in 003's samples), chat
 *   events in `chat_notifications` (`EventId`, `MessageType`, `MessageText`, `NickName`, …);
 * - dialect B, nested (000): `data.interaction` with `type`/`subType` and `content` (e-mail
 *   fields, or chat `events` with `id`/`messageType`/`nickName`/`noticeType`/`text`);
 * - and the 000 page itself mixes them (its e-mail Revoked and chat Invited/Revoked are flat).
 * So every field is read under each name a document gives it, and every reading is loose: extra
 * keys are ignored, and a field of the wrong type is treated as absent — only what identifies a
 * message (its message type when it names one, an interaction's `id` and `state`, a history
 * answer's `referenceId`, a chat event's id and kind) must be right for it to be used.
 *
 * Numbers the cache keeps in INTEGER columns of STRICT tables (times, attachment sizes) leave
 * here as safe integers: any finite number is rounded (a timestamp of 1764000000.25, a size of
 * 1.5), and one that no rounding makes storable (1e300, a negative size, a string that is not a
 * number or a date) is dropped alone and counted in `skippedCounts` like a skipped message —
 * one SQLite error used to roll back every line of its notification, or an e-mail's body with
 * all its attachments. So is a time no server can mean (0, before 2000, more than a day ahead
 * of the desk's clock: {@link parseGwsDate}); a chat line is then timed by its arrival.
 *
 * The fields are read by the small typed readers below, not by zod schemas: this runs for every
 * notification (the ingest's hot path), and a schema parse copies each object it checks. The
 * readers keep the wire's own objects and allocate only the events they return.
 */

type Json = Record<string, unknown>;

/** Where the normalizer reports what it skips; `GwsLog` of http.ts fits. */
export interface NormalizerLog {
  warn(message: string): void;
}

// ---- tolerant field readers ------------------------------------------------------------------

function isJsonObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field, or absent. */
function optString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A JSON object field, kept as the same reference, or absent. */
function optObject(value: unknown): Json | undefined {
  return isJsonObject(value) ? value : undefined;
}

/** A list field, or absent. */
function optArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** A finite number field, or absent (JSON has no NaN or Infinity; objects built in code may). */
function optNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * An id as the documents write it: a number, or a string that some samples quote and others do
 * not.
 */
function optNumberish(value: unknown): number | string | undefined {
  return typeof value === 'string' ? value : optNumber(value);
}

/** Addresses: one string, possibly comma-separated (003 `toAddress`), or a list. */
function optAddresses(value: unknown): string | unknown[] | undefined {
  return typeof value === 'string' || Array.isArray(value) ? value : undefined;
}

/** A string or number field (reason codes), or absent. */
function optStringOrNumber(value: unknown): string | number | undefined {
  return typeof value === 'string' ? value : optNumber(value);
}

/** A non-empty string: what identifies an interaction (`id`, `state`). */
function requiredText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * An interaction in either dialect. `id` and `state` identify the notification; the rest is read
 * from `fields` when needed, under both dialects' names (B `type`/`subType`, A
 * `interactionType`/`interactionSubType`, and 003's workbin sample's `interactionSubtType`).
 */
interface InteractionBody {
  readonly id: string;
  readonly state: string;
  readonly fields: Json;
}

/** The interaction of a message: B's `interaction` when it is an object, else the flat `data`. */
function interactionFieldsOf(message: Json): Json {
  return optObject(message.interaction) ?? message;
}

/** The body of an interaction resource, or why it is none (a missing `id` or `state`). */
function interactionBodyOf(fields: Json): InteractionBody | string {
  const id = requiredText(fields.id);
  const state = requiredText(fields.state);
  if (id !== undefined && state !== undefined) return { id, state, fields };
  const missing = [id === undefined ? 'id' : '', state === undefined ? 'state' : '']
    .filter((name) => name !== '')
    .join(', ');
  return `(${missing}: not a non-empty string)`;
}

/**
 * The message types the documents give each read channel, under `messageType` (or 001's
 * `messageTypeName`); `/v2/me` names its kind in `notificationType` (003 lines 3638–3647).
 * A message that names a type outside its channel's list is skipped (an interaction notification
 * of an unknown type is no interaction state); one that names none is read by its shape, as
 * before (003's channel notifications name none). `ChannelStateChanged` is the simulator's
 * name; the documents show the channel notification without one.
 */
const MESSAGE_TYPES = {
  interactions: new Set(['InteractionStateMessage']),
  channels: new Set(['ChannelStateChanged']),
  workbins: new Set(['workbinNotificationResource', 'WorkbinContent']),
  ucs: new Set(['GetInteractionsHistoryMessage', 'GetInteractionContentMessage']),
} as const;

/**
 * The type a message names (`messageType`, else `messageTypeName`): a string, `undefined` when
 * it names none (absent, or null as 003 writes unused keys), `'(empty)'` or `'(not a string)'`.
 */
function declaredTypeOf(message: Json): string | undefined {
  const named = message.messageType ?? message.messageTypeName;
  if (named === undefined || named === null) return undefined;
  if (typeof named !== 'string') return '(not a string)';
  return named === '' ? '(empty)' : named;
}

// ---- small helpers ------------------------------------------------------------------------------

/** The first argument that is a non-empty string. */
function firstText(a: unknown, b?: unknown, c?: unknown): string | undefined {
  if (typeof a === 'string' && a !== '') return a;
  if (typeof b === 'string' && b !== '') return b;
  if (typeof c === 'string' && c !== '') return c;
  return undefined;
}

/**
 * A subject as the agent reads it: RFC 2047 encoded words (`=?UTF-8?B?…?=`) that a server passed
 * on undecoded are decoded (common/encodedWords.ts), and a header a server passed on folded
 * (`Order 1182\r\n about the invoice`) is one line again (RFC 5322 2.2.3: the line break before
 * the fold's space goes; any other becomes a space). Folded, the subject went into a reply's and
 * a forward's subject with its line break, and Send carried it to the server, where a line break
 * in a header ends it. Every subject the client reads goes through here (notifications, history,
 * GetWorkbinContent's `Subject`), so an item reads the same wherever the agent meets it. An
 * empty one is none: the views say "no subject".
 */
export function subjectText(subject: string | undefined): string | undefined {
  if (subject === undefined || subject === '') return undefined;
  return withLineBreaksAs(
    decodeEncodedWords(subject).replace(/(?:\r\n|\r|\n)(?=[ \t])/gu, ''),
    ' ',
  );
}

/**
 * The user data of an interaction: the wire's own object, which nothing downstream changes, when
 * every value is fit to keep; else a copy with own keys only (Object.fromEntries keeps `__proto__`
 * a key) without the values nested deeper than {@link MAX_USER_DATA_DEPTH}, each skipped. Such a
 * value is valid JSON, but cannot cross to the renderer: structured clone exhausts its stack, and
 * the change set carrying it was dropped whole, with every other interaction of its commit (an
 * invitation the agent was then never shown), as was any inbox listing that held it.
 */
function userDataOf(value: Json | undefined, skipped: FieldSkipped): UserData {
  if (value === undefined) return {};
  // Only objects and arrays are walked: nearly every value is a string or a number, and this
  // runs for every snapshot of every notification.
  const tooDeep = new Set(
    Object.keys(value).filter((key) => {
      const item = value[key];
      return (
        typeof item === 'object' &&
        item !== null &&
        exceedsShape(item, { maxDepth: MAX_USER_DATA_DEPTH })
      );
    }),
  );
  // Counted, not named: the key is the server's text, of any length.
  for (let count = 0; count < tooDeep.size; count += 1)
    skipped('userData value', `nested more than ${MAX_USER_DATA_DEPTH} levels deep`);
  if (tooDeep.size === 0 && Object.getPrototypeOf(value) === Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !tooDeep.has(key)));
}

const DIGITS = /^\d{1,15}$/;

/**
 * `value` rounded to the nearest integer when the result is one an SQLite INTEGER column holds
 * and a JavaScript number represents exactly (|n| ≤ 2^53 − 1); `undefined` for anything else
 * (NaN, ±Infinity, 1e300). `-0` becomes `0`.
 */
function storableInteger(value: number): number | undefined {
  if (!Number.isFinite(value)) return undefined;
  const rounded = Math.round(value);
  return Number.isSafeInteger(rounded) ? rounded + 0 : undefined;
}

/**
 * Where a reader reports a field that was given but cannot be stored; the field is then omitted
 * and everything else of the message kept. `field` names it, `reason` says what it should be.
 */
type FieldSkipped = (field: string, reason: string) => void;

/** For the readers whose callers count nothing (normalizeInteraction). */
const UNCOUNTED: FieldSkipped = () => undefined;

/** Whether a field is given at all: 003 writes `null` for the keys a message does not use. */
function isGiven(value: unknown): boolean {
  return value !== undefined && value !== null;
}

const NOT_A_DATE =
  'not a date (epoch ms, ISO 8601 or RFC 2822, from 2000 to a day ahead of the desk’s clock)';

/**
 * A date read from the first of a field's spellings that gives one (see {@link parseGwsDate}).
 * Absent when none is given; when one is given and none reads, also reported as `field`.
 */
function dateField(
  skipped: FieldSkipped,
  field: string,
  value: unknown,
  otherSpelling?: unknown,
): number | undefined {
  const date = parseGwsDate(value) ?? parseGwsDate(otherSpelling);
  if (date === undefined && (isGiven(value) || isGiven(otherSpelling))) skipped(field, NOT_A_DATE);
  return date;
}

/** A size in bytes as a quoted number (003 quotes `size`), possibly with a fraction. */
const DECIMAL = /^\s*\d{1,20}(?:\.\d*)?\s*$/;

/**
 * An attachment's size in whole bytes: a non-negative number or quoted number (003), rounded
 * (a `size` of 1.5 is stored as 2). Absent when not given; when given but not a size (negative,
 * not finite, too large for an INTEGER column, not a number), also reported.
 */
function sizeField(skipped: FieldSkipped, value: unknown): number | undefined {
  if (!isGiven(value)) return undefined;
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && DECIMAL.test(value)
        ? Number(value)
        : Number.NaN;
  const bytes = number >= 0 ? storableInteger(number) : undefined;
  if (bytes === undefined) skipped('attachment size', 'not a size (bytes from 0 to 2^53 − 1)');
  return bytes;
}

function integerOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string' && DIGITS.test(value)) return Number(value);
  return undefined;
}

/**
 * A list of addresses from one comma/semicolon-separated string (not split inside a quoted name:
 * `"Jensen, Maria" <maria@example.com>` is one) or a list of strings.
 */
function addressesOf(value: string | unknown[] | undefined): string[] {
  if (value === undefined) return [];
  const parts = typeof value === 'string' ? splitAddressList(value, { groups: true }) : value;
  const addresses: string[] = [];
  for (const part of parts) {
    if (typeof part !== 'string') continue;
    const address = part.trim();
    if (address !== '') addresses.push(address);
  }
  return addresses;
}

/** `2015-10-01 16:02:07.000+0300` (004), `2013-06-28T20:30:34Z` (001 `receivedAt`), … */
const ISO_LIKE =
  /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)\s*(Z|[+-]\d{2}:?\d{2})?$/;
/** `Fri, 28 Jun 2013 13:30:34 -0700` (the RFC 2822 dates of 003's e-mail headers). */
const RFC_2822 =
  /^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{4}|[A-Z]{1,4})?$/;

/**
 * Below this an epoch number is seconds, not milliseconds: 10^11 ms is March 1973, before any
 * GWS, and 10^11 s the year 5138. 004 names its milliseconds `timestampSeconds`; a server that
 * sends what the name says (1764000000) must not date a chat line 21 January 1970 (and count
 * its customer's wait for an answer from then).
 */
const SECONDS_BELOW = 1e11;

function epochMilliseconds(value: number): number {
  return value > 0 && value < SECONDS_BELOW ? value * 1000 : value;
}

/** The earliest time a GWS date may name: 1 January 2000, years before any GWS. */
const EARLIEST_DATE_MS = Date.UTC(2000, 0, 1);
/**
 * How far ahead of this machine's clock a server's date may be: a server's clock is minutes
 * off at worst (CacheWriter's `serverClockAheadMs` makes up for that), never a day.
 */
const LATEST_AHEAD_MS = 24 * 60 * 60 * 1000;

/**
 * `time` when it is one a GWS server can have meant. A timestamp of 0, -1, 5 (seconds) or
 * 10^15 is a server's placeholder or a broken clock, not a time: kept, a chat line showed
 * 1 January 1970 and its customer waited "since 1970", the longest wait in the inbox; left out,
 * the line is timed by its arrival, as a line the server did not time.
 */
function plausibleTime(time: number | undefined): number | undefined {
  return time !== undefined && time >= EARLIEST_DATE_MS && time <= Date.now() + LATEST_AHEAD_MS
    ? time
    : undefined;
}

/**
 * Milliseconds since the epoch from a GWS date, as a whole number (the cache's time columns are
 * INTEGER): a number is already epoch ms (000's `startDate` 1382994529967, 004's
 * `timestampSeconds`) and is rounded (1764000000000.25 → 1764000000000), or epoch seconds below
 * {@link SECONDS_BELOW} (1764000000 → 1764000000000); strings are 004's UCS form,
 * ISO 8601 or RFC 2822, or digits only (with a fraction, rounded). Anything else — NaN,
 * ±Infinity, a number beyond ±2^53, another string, and a time before 2000 or more than a day
 * ahead of this machine's clock ({@link plausibleTime}) — is `undefined` (the field is then
 * omitted: a chat line is timed by its arrival).
 */
export function parseGwsDate(value: unknown): number | undefined {
  return plausibleTime(dateOf(value));
}

/** {@link parseGwsDate} before it checks that the time is a plausible one. */
function dateOf(value: unknown): number | undefined {
  if (typeof value === 'number') return storableInteger(epochMilliseconds(value));
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d{10,15}(?:\.\d*)?$/.test(text)) return storableInteger(epochMilliseconds(Number(text)));
  const iso = ISO_LIKE.exec(text);
  let parsed = Number.NaN;
  if (iso) {
    const [, day = '', time = '', zone] = iso;
    // Date.parse reads ISO 8601 only with a colon in the offset; without a zone it would use
    // local time, and GWS dates without a zone are rare enough to read as UTC.
    const offset = zone === undefined ? 'Z' : zone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
    parsed = Date.parse(`${day}T${time.length === 5 ? `${time}:00` : time}${offset}`);
  } else if (RFC_2822.test(text)) {
    parsed = Date.parse(text);
  }
  return Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * Chat event kinds under every name the documents use: `MESSAGE` (simulator, 000 form),
 * `NEW_MESSAGE` (003 chat_notifications), `Text` (004 transcript); `NOTICE` (000); `PARTY_JOINED`
 * (000, 003; `PARTY JOINED` as 000's extraction wrote it), `ParticipantJoined` (004);
 * `PARTY_LEFT` (000), `ParticipantLeft` (004). Compared without case, spaces or underscores.
 */
const CHAT_KINDS: Readonly<Record<string, ChatEventKind>> = {
  MESSAGE: 'message',
  NEWMESSAGE: 'message',
  TEXT: 'message',
  NOTICE: 'notice',
  PARTYJOINED: 'joined',
  PARTICIPANTJOINED: 'joined',
  PARTYLEFT: 'left',
  PARTICIPANTLEFT: 'left',
};

/**
 * The kinds of the spellings met so far (`null`: not a kind): a stream repeats a handful of
 * spellings, so each is folded once. Bounded, so that junk kinds cannot grow it without end.
 */
const chatKindsBySpelling = new Map<string, ChatEventKind | null>();
const MAX_SPELLINGS = 256;

function chatKindOf(raw: string | undefined): ChatEventKind | undefined {
  if (raw === undefined) return undefined;
  const remembered = chatKindsBySpelling.get(raw);
  if (remembered !== undefined) return remembered ?? undefined;
  const key = raw.toUpperCase().replace(/[\s_-]/g, '');
  const kind = Object.hasOwn(CHAT_KINDS, key) ? CHAT_KINDS[key] : undefined;
  if (chatKindsBySpelling.size < MAX_SPELLINGS) chatKindsBySpelling.set(raw, kind ?? null);
  return kind;
}

/**
 * The channels whose messages the normalizer reads (003, 004); a message on any other channel is
 * passed on as `rawNotification`. notifications.ts subscribes to these and the voice channels.
 */
export const READ_CHANNELS = {
  interactions: '/v2/me/interactions',
  channels: '/v2/me/channels',
  me: '/v2/me',
  workbins: '/v2/me/workbins',
  ucs: '/v2/ucs/interactions',
} as const;

/** The number of kinds `skippedCounts` distinguishes; further kinds are counted together. */
const MAX_KINDS = 200;
/** Interactions whose chat events and parties are remembered (oldest forgotten first). */
const MAX_TRACKED = 1000;

// ---- snapshots ------------------------------------------------------------------------------------

/** E-mail fields of an `email_object`/`content`, merged from both key spellings. */
interface EmailFields {
  readonly from: string | undefined;
  readonly to: string[];
  readonly cc: string[];
  readonly subject: string | undefined;
  readonly text: string | undefined;
  readonly html: string | undefined;
  readonly comment: string | undefined;
  readonly contactId: string | undefined;
  /** `attachments[]` as received: read by {@link attachmentsOf} only when the content is used. */
  readonly attachmentList: unknown[] | undefined;
  /** Anything beyond `interactionId`/`subject`: the invitations' content is only those two. */
  readonly hasContent: boolean;
}

/** The longest prefix of `text` of at most `length` UTF-16 units that splits no surrogate pair. */
function prefixOf(text: string, length: number): string {
  const cut = text.slice(0, length);
  return /[\uD800-\uDBFF]$/u.test(cut) ? cut.slice(0, -1) : cut;
}

/**
 * A stranger's file name as the desk keeps it: at most {@link MAX_ATTACHMENT_NAME_LENGTH}, a
 * longer one cut short with `…` before its extension, which it keeps (the desk opens a file by
 * it). A draft carries its files' names to main, which takes none longer: a forward of an e-mail
 * with a longer name (RFC 2231 lets a name run on) could neither be kept nor sent.
 */
function keptFileName(name: string): string {
  if (name.length <= MAX_ATTACHMENT_NAME_LENGTH) return name;
  const extension = /\.[^.\s]{1,16}$/u.exec(name)?.[0] ?? '';
  return `${prefixOf(name, MAX_ATTACHMENT_NAME_LENGTH - extension.length - 1)}…${extension}`;
}

/**
 * A file's MIME type as the desk keeps it: one longer than {@link MAX_ATTACHMENT_TYPE_LENGTH}
 * (its parameters, a long `name=`) without them, and none when still too long.
 */
function keptMimeType(mimeType: string | undefined): string | undefined {
  if (mimeType === undefined || mimeType.length <= MAX_ATTACHMENT_TYPE_LENGTH) return mimeType;
  const bare = mimeType.split(';')[0]?.trim() ?? '';
  return bare !== '' && bare.length <= MAX_ATTACHMENT_TYPE_LENGTH ? bare : undefined;
}

/**
 * 001's `attachments[]`: `{id, name, size, mimetype}` (003 quotes `size`). An attachment without
 * an id is dropped; one whose size cannot be stored keeps its row, without the size. A name or
 * type too long for a draft to carry is shortened ({@link keptFileName}, {@link keptMimeType}).
 */
function attachmentsOf(list: unknown[] | undefined, skipped: FieldSkipped): AttachmentInfo[] {
  const attachments: AttachmentInfo[] = [];
  for (const item of list ?? []) {
    if (!isJsonObject(item)) continue;
    const id =
      typeof item.id === 'string' ? (item.id === '' ? undefined : item.id) : optNumber(item.id);
    if (id === undefined) continue;
    const bytes = sizeField(skipped, item.size);
    const attachment: AttachmentInfo = {
      id: String(id),
      name: keptFileName(shownFileName(optString(item.name) ?? '', String(id))),
    };
    if (bytes !== undefined) attachment.size = bytes;
    const mimeType = keptMimeType(firstText(item.mimeType, item.mimetype));
    if (mimeType !== undefined) attachment.mimeType = mimeType;
    attachments.push(attachment);
  }
  return attachments;
}

/**
 * Plain text sent as `format=flowed` (RFC 3676; Thunderbird and Apple Mail send it so), as the
 * words it stands for: a line ending in a space runs on into the next one of the same quote
 * depth (without that space when `delsp=yes`), the space a sender stuffed before a line is
 * taken off, and the signature's `-- ` line stays a line. Shown as sent, such a mail broke
 * every paragraph at the sender's 72 columns, ragged in a narrow window, and a reply quoted the
 * broken lines.
 */
function unflowed(text: string, deleteSpace: boolean): string {
  const paragraphs: { depth: number; text: string }[] = [];
  let runsOn = false;
  for (const raw of text.replace(/\r\n?/gu, '\n').split('\n')) {
    const depth = /^>*/u.exec(raw)?.[0].length ?? 0;
    const line = raw.slice(depth).replace(/^ /u, '');
    const last = paragraphs.at(-1);
    if (runsOn && last?.depth === depth && line !== '-- ')
      last.text = `${deleteSpace ? last.text.slice(0, -1) : last.text}${line}`;
    else paragraphs.push({ depth, text: line });
    runsOn = line.endsWith(' ') && line !== '-- ';
  }
  return paragraphs
    .map(({ depth, text: words }) =>
      depth === 0 ? words : `${'>'.repeat(depth)}${words === '' ? '' : ` ${words}`}`,
    )
    .join('\n');
}

/**
 * E-mail content: 001's `email_object` (`Text`, `StructuredText`, `FromAddress`, `ToAddress`,
 * `CCAddresses`, `Subject`, `ContactID`, `attachments[]`), 003's lower-case `email_object`
 * (`text`, `fromAddress`, `toAddress`, `subject`) and 000's `content` (the same lower-case keys;
 * the simulator adds `ccAddresses`, `structuredText`, `theComment` and `attachments[]`). 001's
 * `TheComment` is the notes on the interaction.
 */
function emailFieldsOf(source: Json | undefined): EmailFields | undefined {
  if (source === undefined) return undefined;
  const Text = optString(source.Text);
  const text = optString(source.text);
  const StructuredText = optString(source.StructuredText);
  const structuredText = optString(source.structuredText);
  const FromAddress = optString(source.FromAddress);
  const fromAddress = optString(source.fromAddress);
  const ToAddress = optAddresses(source.ToAddress);
  const toAddress = optAddresses(source.toAddress);
  const CCAddresses = optAddresses(source.CCAddresses);
  const ccAddresses = optAddresses(source.ccAddresses);
  const attachments = optArray(source.attachments);
  // The simulator sends '' for an e-mail without an HTML part.
  const structured = firstText(StructuredText, structuredText);
  // 001/002 give the structured text's MIME type (`StructuredTextMimeType`); HTML unless it
  // names another (text/plain, text/enriched), which shows as text, never parsed as HTML.
  const structuredType = firstText(source.StructuredTextMimeType, source.structuredTextMimeType);
  const structuredIsHtml = structuredType === undefined || /html/iu.test(structuredType);
  // 001/002 give the text's own MIME type too (`MimeType`, "mime-type-of-text"): a server that
  // keeps an HTML-only mail's HTML in `Text` says text/html there. Taken for plain text, the
  // agent read the mail as raw tags, and a reply quoted them.
  const textType = firstText(source.MimeType, source.mimeType);
  const textIsHtml = textType !== undefined && /html/iu.test(textType);
  const sent = textIsHtml ? undefined : firstText(Text, text);
  const plain =
    sent !== undefined && textType !== undefined && /format\s*=\s*"?flowed\b/iu.test(textType)
      ? unflowed(sent, /delsp\s*=\s*"?yes\b/iu.test(textType))
      : sent;
  const html = structuredIsHtml ? structured : undefined;
  return {
    // Capitalised (001) first, lower-case (003, 000) second; the simulator sends both, equal.
    from: firstText(FromAddress, fromAddress),
    to: addressesOf(ToAddress ?? toAddress),
    cc: addressesOf(CCAddresses ?? ccAddresses),
    subject: subjectText(firstText(source.Subject, source.subject)),
    text: textIsHtml
      ? structuredIsHtml
        ? undefined
        : structured
      : (plain ?? (structuredIsHtml ? (Text ?? text) : structured)),
    html: textIsHtml ? (html ?? firstText(Text, text)) : html,
    // Present but empty: the interaction has no notes now (the simulator sends '' for none).
    comment: optString(source.TheComment) ?? optString(source.theComment),
    contactId: firstText(source.ContactID, source.contactId),
    attachmentList: attachments,
    hasContent:
      Text !== undefined ||
      text !== undefined ||
      StructuredText !== undefined ||
      structuredText !== undefined ||
      FromAddress !== undefined ||
      fromAddress !== undefined ||
      ToAddress !== undefined ||
      toAddress !== undefined ||
      CCAddresses !== undefined ||
      ccAddresses !== undefined ||
      attachments !== undefined,
  };
}

/** The e-mail content of an interaction body: A's `email_object`, else B's `content`. */
function emailOf(body: InteractionBody): EmailFields | undefined {
  return emailFieldsOf(optObject(body.fields.email_object) ?? optObject(body.fields.content));
}

function chatEventListOf(body: InteractionBody): unknown[] | undefined {
  const notifications = optArray(body.fields.chat_notifications);
  if (notifications !== undefined) return notifications;
  const events = optObject(body.fields.content)?.events;
  return Array.isArray(events) ? events : undefined;
}

function textOf(userData: Readonly<Record<string, unknown>>, key: string): string | undefined {
  return firstText(Object.hasOwn(userData, key) ? userData[key] : undefined);
}

/**
 * An e-mail's sender as its user data names it: `FromAddress`, else the contact's
 * `EmailAddress` (000, 003), which the invitations carry before any content and
 * GetWorkbinContent's items carry as their own keys (003 "Workbins").
 */
export function userDataSender(userData: Readonly<Record<string, unknown>>): string | undefined {
  return firstText(textOf(userData, 'FromAddress'), textOf(userData, 'EmailAddress'));
}

/**
 * The names of `inQueues` and `outQueues` (maps from a queue name to an empty string in every
 * sample of 000 and 003), each once; undefined when neither is a map.
 */
function queueNamesOf(...maps: unknown[]): string[] | undefined {
  const objects = maps.map(optObject).filter((map) => map !== undefined);
  if (objects.length === 0) return undefined;
  return [...new Set(objects.flatMap((map) => Object.keys(map)))];
}

/**
 * The snapshot of an interaction body, given what the caller read of it already: its e-mail
 * fields and chat events. `customer` names a chat's customer if known.
 */
function snapshotOf(
  body: InteractionBody,
  email: EmailFields | undefined,
  chatEvents: unknown[] | undefined,
  skipped: FieldSkipped,
  customer?: string,
): InteractionSnapshot {
  const fields = body.fields;
  const userData = userDataOf(optObject(fields.userData), skipped);
  const channel =
    firstText(fields.channel, fields.mediaType) ??
    (optObject(fields.email_object) !== undefined ? 'email' : undefined) ??
    (chatEvents !== undefined ? 'chat' : UNKNOWN_CHANNEL);
  // A message without a list says nothing of them (003's bare conference notifications).
  const listed = optArray(fields.capabilities);
  const capabilities: string[] | undefined = listed === undefined ? undefined : [];
  for (const capability of listed ?? [])
    if (typeof capability === 'string') capabilities?.push(capability);
  // Built key by key in the order the events have always had (the event log stores them as JSON).
  const ordered: Record<string, unknown> = { id: body.id, channel, state: body.state };
  const type = firstText(fields.type, fields.interactionType);
  if (type !== undefined) ordered.type = type;
  const subType = firstText(fields.subType, fields.interactionSubType, fields.interactionSubtType);
  if (subType !== undefined) ordered.subType = subType;
  // 000/003 put the subject in userData only; e-mail content repeats it.
  const subject = subjectText(
    firstText(email?.subject, fields.subject, textOf(userData, 'Subject')),
  );
  if (subject !== undefined) ordered.subject = subject;
  const queue = firstText(fields.currentQueue, fields.queue);
  if (queue !== undefined) ordered.queue = queue;
  if (capabilities !== undefined) ordered.capabilities = capabilities;
  ordered.userData = userData;
  // E-mail: the content's sender, else userData's FromAddress/EmailAddress (000, 003), which
  // the invitations carry before any content. Chat: the customer's nickname from its events.
  let from: string | undefined;
  if (channel === 'chat') {
    from = firstText(customer);
    if (from === undefined) {
      const first = textOf(userData, 'FirstName');
      const last = textOf(userData, 'LastName');
      from = firstText(
        first !== undefined && last !== undefined ? `${first} ${last}` : (first ?? last),
      );
    }
  } else {
    from = firstText(email?.from, userDataSender(userData));
  }
  if (from !== undefined) ordered.from = from;
  if (channel !== 'chat') {
    const to =
      email !== undefined && email.to.length > 0 ? email.to : addressesOf(textOf(userData, 'To'));
    if (to.length > 0) ordered.to = to;
  }
  // 000 gives `startDate` (epoch ms); 001's flat form only `receivedAt` (ISO).
  const startedAt = dateField(skipped, 'startDate', fields.startDate, fields.receivedAt);
  if (startedAt !== undefined) ordered.startedAt = startedAt;
  const endedAt = dateField(skipped, 'endDate', fields.endDate);
  if (endedAt !== undefined) ordered.endedAt = endedAt;
  // 003: "associated with other Interactions through the `parentInteractionId` (also seen as
  // `parentId`) attribute".
  const parentId = firstText(fields.parentId, fields.parentInteractionId);
  if (parentId !== undefined) ordered.parentId = parentId;
  const threadId = firstText(fields.threadId);
  if (threadId !== undefined) ordered.threadId = threadId;
  // 001's `email_object.ContactID`, 000/003's `userData.ContactId`.
  const contactId = firstText(fields.contactId, email?.contactId, textOf(userData, 'ContactId'));
  if (contactId !== undefined) ordered.contactId = contactId;
  const queues = queueNamesOf(fields.inQueues, fields.outQueues);
  if (queues !== undefined) ordered.queues = queues;
  return ordered as InteractionSnapshot;
}

/**
 * The snapshot of one interaction in any form the server sends it: an InteractionStateMessage
 * `data` in dialect A (flat) or B (`{interaction, messageType}`), or a bare interaction (B's
 * `GET /me/interactions?fields=*` entries, "the same message format as comes via cometD").
 * `undefined` when it has no string `id` and `state`. Never throws.
 */
export function normalizeInteraction(data: unknown): InteractionSnapshot | undefined {
  try {
    return interactionOf(data, UNCOUNTED);
  } catch {
    return undefined;
  }
}

/** {@link normalizeInteraction}, reporting the fields it cannot store to `skipped`. */
function interactionOf(data: unknown, skipped: FieldSkipped): InteractionSnapshot | undefined {
  if (!isJsonObject(data)) return undefined;
  const body = interactionBodyOf(interactionFieldsOf(data));
  if (typeof body === 'string') return undefined;
  return snapshotOf(body, emailOf(body), chatEventListOf(body), skipped);
}

/**
 * The e-mail text an interaction resource (`GET /interactions/{id}`) shows, in either dialect;
 * undefined when it shows none. Never throws.
 */
export function interactionEmailText(data: unknown): string | undefined {
  if (!isJsonObject(data)) return undefined;
  const body = interactionBodyOf(interactionFieldsOf(data));
  return typeof body === 'string' ? undefined : emailOf(body)?.text;
}

// ---- channels -------------------------------------------------------------------------------------

/**
 * Whether the agent is in Do Not Disturb, from the user resource of `GET /me`: 003 names the
 * attribute `doNotDisturb` (On/Off); `dndState`, the channel entries' name, is read too.
 */
export function userDnd(user: Record<string, unknown>): boolean {
  const flag = (value: unknown) =>
    typeof value === 'string' || typeof value === 'boolean' ? dndOf(value) : undefined;
  return flag(user.doNotDisturb) ?? flag(user.dndState) ?? false;
}

function dndOf(value: string | boolean | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === undefined) return undefined;
  const word = value.toLowerCase();
  return word === 'on' || word === 'true'
    ? true
    : word === 'off' || word === 'false'
      ? false
      : undefined;
}

/**
 * Channel states from a channel list: `channels` of `GET /me/channels`, or `user.channels` of
 * `GET /me?subresources=*`. `dnd` is the agent-wide DND (`user.dndState`) for entries that carry
 * no `dndState` of their own (see {@link channelReports}).
 */
export function normalizeChannels(list: unknown, dnd?: boolean): ChannelState[] {
  return channelReports(list).map((report) => ({ ...report, dnd: report.dnd ?? dnd ?? false }));
}

/**
 * Channels as a channel list reports them: `data.channels` of a `/v2/me/channels` notification,
 * where an entry without `dndState` (003's first sample) says nothing of DND (no `dnd`: the
 * channel's stays as it was, `mergeChannels`).
 *
 * An entry without `channel` — 003's DND sample (line 1094: `dndState` On with the Not Ready
 * state, no channel) — applies to every channel and is returned with channel `'*'`. An entry
 * with neither a state nor a DND state says nothing and is dropped; one with only a DND state
 * gets state `'Unknown'`. Never throws; anything that is not a list gives `[]`.
 */
export function channelReports(list: unknown): ChannelReport[] {
  if (!Array.isArray(list)) return [];
  const channels: ChannelReport[] = [];
  for (const item of list) {
    if (!isJsonObject(item)) continue;
    const channel = optString(item.channel);
    const dndState = item.dndState;
    const entryDnd =
      typeof dndState === 'string' || typeof dndState === 'boolean' ? dndOf(dndState) : undefined;
    const userState = optObject(item.userState);
    const state = optString(userState?.state);
    if (state === undefined && entryDnd === undefined) continue;
    // 003's `GET /me?subresources=*` sample names the reason `reasonCode` for the chat channel.
    const reason = optStringOrNumber(userState?.reason) ?? optStringOrNumber(userState?.reasonCode);
    channels.push(
      compact({
        channel: channel === undefined || channel === '' ? '*' : channel,
        state: state ?? 'Unknown',
        displayName: optString(userState?.displayName),
        reason: reason === undefined ? undefined : String(reason),
        workMode: optString(userState?.workMode),
        dnd: entryDnd,
      }),
    );
  }
  return channels;
}

// ---- history (UCS) --------------------------------------------------------------------------------

/** An interaction of UCS history (004), or `undefined` without an `id`. */
function historyEntryOf(item: unknown, skipped: FieldSkipped): HistoryEntry | undefined {
  if (!isJsonObject(item)) return undefined;
  const id = requiredText(item.id);
  if (id === undefined) return undefined;
  const owner = optObject(item.ownerInformation);
  const firstName = optString(owner?.firstName);
  const lastName = optString(owner?.lastName);
  const ownerName =
    [firstName, lastName].filter((part) => part !== undefined && part !== '').join(' ') ||
    optString(owner?.userName);
  return compact({
    id,
    mediaType: optString(item.mediaType),
    subject: subjectText(optString(item.subject)),
    state: optString(item.state),
    startedAt: dateField(skipped, 'startDate', item.startDate),
    endedAt: dateField(skipped, 'endDate', item.endDate),
    contactId: optString(item.contactId),
    ownerName: ownerName === '' ? undefined : ownerName,
  });
}

// ---- the normalizer -------------------------------------------------------------------------------

/**
 * Why a message (or a part of one: a chat event, a history entry, one field) was not used;
 * `kind` groups the log and the counts.
 */
class Skip {
  constructor(
    readonly kind: string,
    readonly reason: string,
    /** A field skipped alone: the rest of its message was used. */
    readonly fieldOnly = false,
  ) {}
}

interface ChatParty {
  readonly name: string | undefined;
  readonly type: string | undefined;
}

/** What the normalizer remembers of one chat between its notifications. */
interface ChatMemory {
  /** Event ids already passed on: dialect B repeats the whole transcript in every message. */
  readonly seen: Set<number>;
  /** userId → party, from PARTY_JOINED events: 003 sends NEW_MESSAGE with NickName null. */
  readonly parties: Map<string, ChatParty>;
}

/**
 * Turns GWS CometD notifications into domain events ({@link GwsEvent}), whatever the dialect.
 *
 * - `/v2/me/interactions`: InteractionStateMessage → `interactionInvited` (Invited),
 *   `interactionRevoked` (Revoked), `interactionEnded` (Completed, Stopped, Released, Ended) or
 *   `interactionUpdated` (Accepted, PropertiesChanged, ReplyCreated, Pulled, InvitedConference,
 *   LeftConference and any other state), then `emailContentReceived` when the message carries
 *   an e-mail body or addresses, and `chatEventsReceived` for chat events not passed on before.
 * - `/v2/me/channels` → `channelStateChanged` (see {@link channelReports}; `'*'` = all).
 * - `/v2/me`: PasswordChangeSuccessful / PasswordChangeError → `passwordChanged`.
 * - `/v2/me/workbins` → `workbinChanged`; `/v2/ucs/interactions` → `historyReceived`,
 *   `historyContentReceived` or `historyFailed`.
 * - any other channel (`/v2/me/calls`, `/v2/me/devices`, …) → `rawNotification`.
 *
 * On the five read channels, a message whose type is not one the documents give that channel
 * ({@link MESSAGE_TYPES}; `/v2/me`'s password notifications) is skipped like any message it
 * cannot read: counted in {@link skippedCounts}, logged once per kind, never an event.
 *
 * It is stateful per session: it remembers which chat events it has passed on, so that dialect
 * B's full transcripts and dialect A's new-events-only notifications give the same events, and
 * each chat's parties, so that 003's NEW_MESSAGE events (NickName null) still name their author.
 * Chat events that come with an invitation are passed on (no document shows any, but the
 * customer's first line is what an agent wants to see before accepting); the Accepted
 * notification carries the transcript so far in both dialects (003-chat-accepted.json events
 * 1–5, 000-chat-accepted.json events 1–3), and what was already passed on is not repeated.
 * What a message's end (Revoked, Completed, …) carries is not passed on, and the chat's memory
 * is dropped then.
 */
export class NotificationNormalizer {
  private readonly counts = new Map<string, number>();
  private readonly chats = new Map<string, ChatMemory>();

  /** @param log receives one warning per kind of skipped message, the first time it happens. */
  constructor(private readonly log: NormalizerLog) {}

  /**
   * The id of the chat event up to which every one was passed on for the interaction (from the
   * first passed on), if any: where a history of what came since starts (see GwsSession's
   * resync). Not the highest id: a line said after a gap (the server forgot this client) may
   * come before the resync asks, and a history from it left the lines of the gap out for good.
   * A server that never sends some ids makes the history longer, never shorter.
   */
  lastChatEventId(interactionId: string): number | undefined {
    const seen = this.chats.get(interactionId)?.seen;
    if (seen === undefined || seen.size === 0) return undefined;
    let last = Number.POSITIVE_INFINITY;
    for (const eventId of seen) if (eventId < last) last = eventId;
    while (seen.has(last + 1)) last += 1;
    return last;
  }

  /**
   * Forgets which of the interaction's chat events were passed on: they are passed on again when
   * they come (a line the cache could not store, read anew; see GwsSession's resync).
   */
  forgetChatEvents(interactionId: string): void {
    this.chats.get(interactionId)?.seen.clear();
  }

  /** How many messages (or chat events, history entries) were skipped, per kind. */
  get skippedCounts(): ReadonlyMap<string, number> {
    return this.counts;
  }

  /**
   * The domain events of one CometD message (`data` as received on `channel`). Never throws: a
   * message that cannot be understood is counted in {@link skippedCounts}, logged once per kind
   * (channel + messageType) and gives `[]`.
   */
  normalize(channel: string, data: unknown): GwsEvent[] {
    try {
      const result = this.dispatch(channel, data);
      if (result instanceof Skip) {
        this.skip(result);
        return [];
      }
      return result;
    } catch (error) {
      // A bug here must not take the notification stream down with it.
      this.skip(
        new Skip(
          `${kindLabel(channel)} internal error`,
          error instanceof Error ? error.message : 'unknown',
        ),
      );
      return [];
    }
  }

  private dispatch(channel: string, data: unknown): GwsEvent[] | Skip {
    switch (channel) {
      case READ_CHANNELS.interactions:
        return this.interactionEvents(channel, data);
      case READ_CHANNELS.channels:
        return channelEvents(channel, data);
      case READ_CHANNELS.me:
        return meEvents(channel, data);
      case READ_CHANNELS.workbins:
        return this.workbinEvents(channel, data);
      case READ_CHANNELS.ucs:
        return this.ucsEvents(channel, data);
      default:
        return [{ type: 'rawNotification', channel, data }];
    }
  }

  private skip(skip: Skip): void {
    let kind = skip.kind;
    if (!this.counts.has(kind) && this.counts.size >= MAX_KINDS) kind = '(other kinds)';
    const count = this.counts.get(kind) ?? 0;
    this.counts.set(kind, count + 1);
    if (count === 0) {
      this.log.warn(
        skip.fieldOnly
          ? `GWS notification field skipped (${kind}): ${skip.reason}; the rest of the notification is kept, further ones are only counted`
          : `GWS notification skipped (${kind}): ${skip.reason}; further ones are only counted`,
      );
    }
  }

  /** Reports a field of a `kind` message that cannot be stored, as a skip of its own kind. */
  private fieldSkipper(kind: string): FieldSkipped {
    return (field, reason) => {
      this.skip(new Skip(`${kind} ${field}`, reason, true));
    };
  }

  private interactionEvents(channel: string, data: unknown): GwsEvent[] | Skip {
    if (!isJsonObject(data))
      return new Skip(`${kindLabel(channel)} (not an object)`, 'not a JSON object');
    const messageType = declaredTypeOf(data);
    if (messageType !== undefined && !MESSAGE_TYPES.interactions.has(messageType))
      return new Skip(kindLabel(channel, messageType), 'unknown message type');
    const body = interactionBodyOf(interactionFieldsOf(data));
    if (typeof body === 'string')
      return new Skip(kindLabel(channel, messageType), `no interaction ${body}`);
    const id = body.id;
    const state = body.state;
    const chatList = chatEventListOf(body);
    const email = emailOf(body);
    const skipped = this.fieldSkipper(kindLabel(channel, messageType));
    if (state === REVOKED_STATE || ENDED_STATES.has(state)) {
      const interaction = snapshotOf(body, email, chatList, skipped, this.customerOf(id));
      this.chats.delete(id);
      return [
        state === REVOKED_STATE
          ? { type: 'interactionRevoked', interactionId: id, interaction }
          : { type: 'interactionEnded', interactionId: id, interaction },
      ];
    }
    // Chat events first, so that the snapshot can name the customer who just joined.
    const chatEvents = this.newChatEvents(channel, id, chatList, skipped);
    const snapshot = snapshotOf(body, email, chatList, skipped, this.customerOf(id));
    const events: GwsEvent[] = [
      state === INVITED_STATE
        ? { type: 'interactionInvited', interaction: snapshot }
        : { type: 'interactionUpdated', interaction: snapshot },
    ];
    if (email?.hasContent === true) {
      events.push({
        type: 'emailContentReceived',
        interactionId: id,
        email: compact({
          from: email.from,
          to: email.to,
          cc: email.cc,
          subject: email.subject ?? snapshot.subject,
          text: email.text,
          html: email.html,
          comment: email.comment,
          attachments: attachmentsOf(email.attachmentList, skipped),
        }) satisfies EmailContent,
      });
    }
    if (chatEvents.length > 0)
      events.push({ type: 'chatEventsReceived', interactionId: id, events: chatEvents });
    return events;
  }

  private memoryOf(interactionId: string): ChatMemory {
    let memory = this.chats.get(interactionId);
    if (memory === undefined) {
      memory = { seen: new Set(), parties: new Map() };
      this.chats.set(interactionId, memory);
      if (this.chats.size > MAX_TRACKED) {
        const oldest = this.chats.keys().next().value;
        if (oldest !== undefined) this.chats.delete(oldest);
      }
    }
    return memory;
  }

  private customerOf(interactionId: string): string | undefined {
    for (const party of this.chats.get(interactionId)?.parties.values() ?? []) {
      if (party.type === 'Client' || party.type === 'Customer') return party.name;
    }
    return undefined;
  }

  /**
   * The parties a message's events name (userId → nickname and type), before any event is read:
   * 000 lists a chat's events out of order (4, 3, 1, 2, 5), its notices naming only their
   * `userId`, and the PARTY_JOINED that names that user further down. Read in list order, the
   * first message a desk hears of a chat (after a restart, say) left the agent's own typing
   * notice without an author type, and the desk said "The customer is typing…".
   */
  private learnParties(memory: ChatMemory, list: readonly unknown[]): void {
    for (const item of list) {
      if (!isJsonObject(item)) continue;
      const authorId = firstText(item.UserId, item.userId);
      if (authorId === undefined) continue;
      const name = firstText(item.NickName, item.nickName);
      const type = firstText(item.UserType, item.userType);
      if (name === undefined && type === undefined) continue;
      const known = memory.parties.get(authorId);
      memory.parties.set(authorId, { name: name ?? known?.name, type: type ?? known?.type });
    }
  }

  /** The chat events of a message not passed on before, in the order the message lists them. */
  private newChatEvents(
    channel: string,
    interactionId: string,
    list: unknown[] | undefined,
    skipped: FieldSkipped,
  ): ChatEvent[] {
    if (list === undefined || list.length === 0) return [];
    const memory = this.memoryOf(interactionId);
    this.learnParties(memory, list);
    const events: ChatEvent[] = [];
    for (const item of list) {
      // 003's `chat_notifications[]` (`EventId`, `MessageType`, `MessageText`, `NoticeText`,
      // `NoticeType`, `UserId`, `UserType`, `NickName`, `Visibility`, and the simulator's
      // `TimeStamp`) or 000's `content.events[]` (the same in camel case, `id` and `text`, and
      // the simulator's `timestamp`). 003 sends `null` for the keys an event does not use.
      if (!isJsonObject(item)) {
        this.skip(
          new Skip(`${kindLabel(channel)} chat event (not an object)`, 'not a JSON object'),
        );
        continue;
      }
      const wire = item;
      const rawKind = optString(wire.MessageType) ?? optString(wire.messageType);
      const kind = chatKindOf(rawKind);
      const eventId = integerOf(optNumberish(wire.EventId) ?? optNumberish(wire.id));
      if (kind === undefined || eventId === undefined) {
        this.skip(
          new Skip(
            `${kindLabel(channel)} chat event ${truncate(rawKind ?? '(no kind)')}`,
            kind === undefined ? 'unknown chat event kind' : 'chat event without an integer id',
          ),
        );
        continue;
      }
      const authorId = firstText(wire.UserId, wire.userId);
      const known = authorId === undefined ? undefined : memory.parties.get(authorId);
      const authorName = firstText(wire.NickName, wire.nickName) ?? known?.name;
      const authorType = firstText(wire.UserType, wire.userType) ?? known?.type;
      if (authorId !== undefined && (authorName !== undefined || authorType !== undefined)) {
        memory.parties.set(authorId, { name: authorName, type: authorType });
      }
      if (memory.seen.has(eventId)) continue;
      memory.seen.add(eventId);
      events.push(
        compact({
          eventId,
          kind,
          authorType,
          authorName,
          authorId,
          text:
            optString(wire.MessageText) ??
            optString(wire.text) ??
            optString(wire.NoticeText) ??
            optString(wire.noticeText),
          noticeType: firstText(wire.NoticeType, wire.noticeType),
          visibility: firstText(wire.Visibility, wire.visibility),
          at: dateField(skipped, 'chat event timestamp', wire.TimeStamp, wire.timestamp),
        }),
      );
    }
    return events;
  }

  /**
   * `/v2/me/workbins`: 003's `workbinNotificationResource` (`operation`, `workbinContentOperation`,
   * one `interaction`, `workbinInfo`) and GetWorkbinContent's answer ("a list of
   * InteractionStateMessages", 003 line ~1384; the simulator's `WorkbinContent` with `workbinId`).
   */
  private workbinEvents(channel: string, data: unknown): GwsEvent[] | Skip {
    if (!isJsonObject(data))
      return new Skip(`${kindLabel(channel)} (not an object)`, 'not a JSON object');
    const messageType = declaredTypeOf(data);
    const kind = kindLabel(channel, messageType);
    if (messageType !== undefined && !MESSAGE_TYPES.workbins.has(messageType))
      return new Skip(kind, 'unknown message type');
    const items =
      optArray(data.interactions) ??
      (data.interaction === undefined ? undefined : [data.interaction]);
    const workbinInfo = optObject(data.workbinInfo);
    const workbinId = firstText(data.workbinId, workbinInfo?.workbinId, workbinInfo?.workbinTypeId);
    const change =
      firstText(data.workbinContentOperation, data.operation) ??
      (messageType === 'WorkbinContent' ? 'Content' : undefined);
    if (items === undefined || (change === undefined && workbinId === undefined)) {
      return new Skip(kind, 'neither a workbin change nor a workbin content');
    }
    const interactions: InteractionSnapshot[] = [];
    const skipped = this.fieldSkipper(`${kind} interaction`);
    for (const item of items) {
      const snapshot = interactionOf(item, skipped);
      if (snapshot === undefined)
        this.skip(new Skip(`${kind} interaction`, 'a workbin interaction without id or state'));
      else interactions.push(snapshot);
    }
    const actorInfo = optObject(data.actorInfo);
    const reasonInfo = optObject(data.reasonInfo);
    return [
      compact({
        type: 'workbinChanged' as const,
        workbinId,
        change: change ?? firstText(messageType) ?? 'Changed',
        interactions,
        // 003's sample: a media server's change names no agent (`agentId: None`).
        actor: firstText(actorInfo?.agentId, actorInfo?.actorMediaServerId),
        reason: firstText(reasonInfo?.reasonDescription, reasonInfo?.reasonName),
      }),
    ];
  }

  /** `/v2/ucs/interactions` (004): `referenceId` correlates the answer with its request. */
  private ucsEvents(channel: string, data: unknown): GwsEvent[] | Skip {
    const messageType = isJsonObject(data) ? declaredTypeOf(data) : undefined;
    const kind = kindLabel(channel, messageType);
    if (!isJsonObject(data)) return new Skip(kind, 'no usable referenceId (not a JSON object)');
    if (messageType !== undefined && !MESSAGE_TYPES.ucs.has(messageType))
      return new Skip(kind, 'unknown message type');
    const rawReference = data.referenceId;
    const referenceId =
      typeof rawReference === 'string' && /^\d+$/.test(rawReference)
        ? Number(rawReference)
        : optNumber(rawReference);
    if (referenceId === undefined) return new Skip(kind, 'no usable referenceId');
    // 004's "Failure" samples: `errorMessage` instead of the result.
    const errorMessage = data.errorMessage;
    if (errorMessage !== undefined && errorMessage !== null) {
      const text = typeof errorMessage === 'string' ? errorMessage : 'Request failed';
      return [{ type: 'historyFailed', referenceId, message: text }];
    }
    const interaction = optObject(data.interaction);
    const interactions = optArray(data.interactions);
    const isContent =
      messageType === 'GetInteractionContentMessage' ||
      (messageType === undefined && interaction !== undefined);
    const isHistory =
      messageType === 'GetInteractionsHistoryMessage' ||
      (messageType === undefined && interactions !== undefined);
    const skipped = this.fieldSkipper(`${kind} entry`);
    if (isContent) {
      const entry = historyEntryOf(interaction, skipped);
      if (entry === undefined) return new Skip(kind, 'content without an interaction id');
      // 004 shows no e-mail content: UCS keeps an e-mail's body as its `text`.
      const body = optString(interaction?.text);
      return [
        {
          type: 'historyContentReceived',
          referenceId,
          entry,
          events: this.transcriptOf(kind, optArray(data.messages)),
          ...(body === undefined ? {} : { body }),
        },
      ];
    }
    if (isHistory) {
      const entries: HistoryEntry[] = [];
      for (const item of interactions ?? []) {
        const entry = historyEntryOf(item, skipped);
        if (entry === undefined) this.skip(new Skip(`${kind} entry`, 'a history entry without id'));
        else entries.push(entry);
      }
      return [{ type: 'historyReceived', referenceId, entries }];
    }
    return new Skip(kind, 'unknown UCS message');
  }

  /** 004's `messages[]`: `index` → eventId, `from` → author, `timestampSeconds` (ms) → at. */
  private transcriptOf(kind: string, list: unknown[] | undefined): ChatEvent[] {
    const events: ChatEvent[] = [];
    const skipped = this.fieldSkipper(`${kind} message`);
    for (const item of list ?? []) {
      const line = optObject(item);
      const type = optString(line?.type);
      const eventKind = chatKindOf(type);
      const eventId = integerOf(optNumberish(line?.index));
      if (line === undefined || eventKind === undefined || eventId === undefined) {
        this.skip(
          new Skip(
            `${kind} message ${truncate(type ?? '(no type)')}`,
            'unknown or unnumbered transcript line',
          ),
        );
        continue;
      }
      const from = optObject(line.from);
      events.push(
        compact({
          eventId,
          kind: eventKind,
          authorType: optString(from?.type),
          authorName: optString(from?.nickname),
          authorId: optString(from?.participantId),
          text: optString(line.text),
          noticeType: optString(line.noticeType),
          visibility: optString(line.visibility),
          // 004 calls it seconds, but its values (1385406142000) are milliseconds.
          at: dateField(skipped, 'timestamp', line.timestampSeconds, line.timestamp),
        }),
      );
    }
    return events;
  }
}

/** `/v2/me/channels` (003 lines 1078–1107): a `channels` list. */
function channelEvents(channel: string, data: unknown): GwsEvent[] | Skip {
  if (!isJsonObject(data)) return new Skip(kindLabel(channel), 'no channels list');
  const messageType = declaredTypeOf(data);
  if (messageType !== undefined && !MESSAGE_TYPES.channels.has(messageType))
    return new Skip(kindLabel(channel, messageType), 'unknown message type');
  if (!Array.isArray(data.channels))
    return new Skip(kindLabel(channel, messageType), 'no channels list');
  return [{ type: 'channelStateChanged', channels: channelReports(data.channels) }];
}

/**
 * `/v2/me` (003 lines 3638–3647): the password notifications, named by `notificationType`, and
 * `errorMessage` and `errorCode` on failure. Any other kind is skipped: the channel carries nothing else the
 * desk reads.
 */
function meEvents(channel: string, data: unknown): GwsEvent[] | Skip {
  if (!isJsonObject(data)) return new Skip(kindLabel(channel), 'not a JSON object');
  const type = firstText(data.notificationType, data.messageType);
  if (type === 'PasswordChangeSuccessful') return [{ type: 'passwordChanged', ok: true }];
  if (type === 'PasswordChangeError') {
    return [
      compact({
        type: 'passwordChanged' as const,
        ok: false,
        message: optString(data.errorMessage),
        // 1 guidelines, 2 old password wrong, 3 internal: what the desk words the refusal by.
        errorCode: integerOf(optNumberish(data.errorCode)),
      }),
    ];
  }
  return new Skip(
    kindLabel(channel, type),
    type === undefined ? 'no notification type' : 'unknown notification type',
  );
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function kindLabel(channel: string, messageType?: string): string {
  const where = truncate(channel);
  return messageType === undefined ? where : `${where} ${truncate(messageType)}`;
}
