import { z } from 'zod';
import type {
  AttachmentInfo,
  ChannelState,
  ChatEvent,
  ChatEventKind,
  EmailContent,
  GwsEvent,
  HistoryEntry,
  InteractionSnapshot,
  UserData,
} from '../../common/model';
import { ENDED_STATES, INVITED_STATE, REVOKED_STATE } from '../../common/interactionStates';

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
 * So every field is read under each name a document gives it, and every schema is loose: extra
 * keys are ignored, and a field of the wrong type is treated as absent (`.catch(undefined)`) —
 * only what identifies a message (an interaction's `id` and `state`, a history answer's
 * `referenceId`, a chat event's id and kind) must be right for it to be used.
 */

type Json = Record<string, unknown>;

/** Where the normalizer reports what it skips; `GwsLog` of http.ts fits. */
export interface NormalizerLog {
  warn(message: string): void;
}

// ---- tolerant field schemas -------------------------------------------------------------------

function isJsonObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON object, kept as the same reference (z.record would copy it and lose `__proto__` keys). */
const jsonObject = z.custom<Json>(isJsonObject);
const optObject = jsonObject.optional().catch(undefined);
const optString = z.string().optional().catch(undefined);
const optArray = z.array(z.unknown()).optional().catch(undefined);
/** A date as the documents write it: epoch ms (000 `startDate`) or a string (004, 001). */
const optDate = z.union([z.number(), z.string()]).optional().catch(undefined);
/** An id or count that some samples quote ("size" in 003) and others do not. */
const optNumberish = z.union([z.number(), z.string()]).optional().catch(undefined);
/** Addresses: one string, possibly comma-separated (003 `toAddress`), or a list. */
const optAddresses = z
  .union([z.string(), z.array(z.unknown())])
  .optional()
  .catch(undefined);

/** The message wrapper: dialect B nests the interaction, dialect A does not. */
const InteractionMessageSchema = z.looseObject({
  interaction: optObject,
  messageType: optString,
  messageTypeName: optString,
});

/**
 * An interaction in either dialect. `id` and `state` identify the notification; the rest is read
 * under both dialects' names (B `type`/`subType`, A `interactionType`/`interactionSubType`, and
 * 003's workbin sample's `interactionSubtType`).
 */
const InteractionBodySchema = z.looseObject({
  id: z.string().min(1),
  state: z.string().min(1),
  channel: optString,
  mediaType: optString,
  type: optString,
  interactionType: optString,
  subType: optString,
  interactionSubType: optString,
  interactionSubtType: optString,
  subject: optString,
  capabilities: optArray,
  userData: optObject,
  currentQueue: optString,
  queue: optString,
  startDate: optDate,
  endDate: optDate,
  receivedAt: optDate,
  parentId: optString,
  threadId: optString,
  contactId: optString,
  content: optObject,
  email_object: optObject,
  chat_notifications: optArray,
});
type InteractionBody = z.infer<typeof InteractionBodySchema>;

/**
 * E-mail content: 001's `email_object` (`Text`, `StructuredText`, `FromAddress`, `ToAddress`,
 * `CCAddresses`, `Subject`, `ContactID`, `attachments[]`), 003's lower-case `email_object`
 * (`text`, `fromAddress`, `toAddress`, `subject`) and 000's `content` (the same lower-case keys;
 * the simulator adds `ccAddresses`, `structuredText` and `attachments[]`).
 */
const EmailObjectSchema = z.looseObject({
  Text: optString,
  text: optString,
  StructuredText: optString,
  structuredText: optString,
  FromAddress: optString,
  fromAddress: optString,
  ToAddress: optAddresses,
  toAddress: optAddresses,
  CCAddresses: optAddresses,
  ccAddresses: optAddresses,
  Subject: optString,
  subject: optString,
  ContactID: optString,
  contactId: optString,
  attachments: optArray,
});
type EmailObject = z.infer<typeof EmailObjectSchema>;

/** 001's `attachments[]`: `{id, name, size, mimetype}` (003 quotes `size`). */
const AttachmentSchema = z.looseObject({
  id: z.union([z.string().min(1), z.number()]),
  name: optString,
  size: optNumberish,
  mimetype: optString,
  mimeType: optString,
});

/**
 * A live chat event: 003's `chat_notifications[]` (`EventId`, `MessageType`, `MessageText`,
 * `NoticeText`, `NoticeType`, `UserId`, `UserType`, `NickName`, `Visibility`, and the simulator's
 * `TimeStamp`) or 000's `content.events[]` (`id`, `messageType`, `text`, `noticeType`, `userId`,
 * `userType`, `nickName`, `visibility`, and the simulator's `timestamp`). 003 sends `null` for
 * the keys an event does not use, which the catches turn into "absent".
 */
const ChatEventWireSchema = z.looseObject({
  EventId: optNumberish,
  id: optNumberish,
  MessageType: optString,
  messageType: optString,
  MessageText: optString,
  text: optString,
  NoticeText: optString,
  noticeText: optString,
  NoticeType: optString,
  noticeType: optString,
  UserId: optString,
  userId: optString,
  UserType: optString,
  userType: optString,
  NickName: optString,
  nickName: optString,
  Visibility: optString,
  visibility: optString,
  TimeStamp: optDate,
  timestamp: optDate,
});

/** A line of a UCS transcript (004 `messages[]`). */
const TranscriptMessageSchema = z.looseObject({
  index: optNumberish,
  type: optString,
  text: optString,
  noticeType: optString,
  visibility: optString,
  timestamp: optDate,
  /** 004 calls it seconds, but its values (1385406142000) are milliseconds. */
  timestampSeconds: z.number().optional().catch(undefined),
  from: z
    .looseObject({ nickname: optString, type: optString, participantId: optString })
    .optional()
    .catch(undefined),
});

/** A channel of `/v2/me/channels` (003 lines 1078–1107) or of `GET /me?subresources=*`. */
const ChannelEntrySchema = z.looseObject({
  channel: optString,
  dndState: z.union([z.string(), z.boolean()]).optional().catch(undefined),
  userState: z
    .looseObject({
      state: optString,
      displayName: optString,
      id: optString,
      reason: z.union([z.string(), z.number()]).optional().catch(undefined),
      // 003's `GET /me?subresources=*` sample names it `reasonCode` for the chat channel.
      reasonCode: z.union([z.string(), z.number()]).optional().catch(undefined),
      workMode: optString,
    })
    .optional()
    .catch(undefined),
});

const ChannelsMessageSchema = z.looseObject({ channels: z.array(z.unknown()) });

/** `/v2/me` (003 lines 3638–3647): `notificationType`, and `errorMessage` on failure. */
const MeMessageSchema = z.looseObject({
  notificationType: optString,
  messageType: optString,
  errorMessage: optString,
});

/**
 * `/v2/me/workbins`: 003's `workbinNotificationResource` (`operation`, `workbinContentOperation`,
 * one `interaction`, `workbinInfo`) and GetWorkbinContent's answer ("a list of
 * InteractionStateMessages", 003 line ~1384; the simulator's `WorkbinContent` with `workbinId`).
 */
const WorkbinMessageSchema = z.looseObject({
  messageType: optString,
  operation: optString,
  workbinContentOperation: optString,
  workbinId: optString,
  interaction: z.unknown().optional(),
  interactions: optArray,
  workbinInfo: z
    .looseObject({ workbinId: optString, workbinTypeId: optString })
    .optional()
    .catch(undefined),
});

/** `/v2/ucs/interactions` (004): `referenceId` correlates the answer with its request. */
const UcsMessageSchema = z.looseObject({
  referenceId: z.union([z.number(), z.string().regex(/^\d+$/)]),
  messageType: optString,
  errorMessage: z.unknown().optional(),
  interactions: optArray,
  interaction: optObject,
  messages: optArray,
});

/** An interaction of UCS history (004). */
const HistoryInteractionSchema = z.looseObject({
  id: z.string().min(1),
  mediaType: optString,
  subject: optString,
  state: optString,
  startDate: optDate,
  endDate: optDate,
  contactId: optString,
  ownerInformation: z
    .looseObject({ userName: optString, firstName: optString, lastName: optString })
    .optional()
    .catch(undefined),
});

// ---- small helpers ------------------------------------------------------------------------------

/** Drops the keys whose value is `undefined`, so events compare and serialise cleanly. */
function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) Reflect.deleteProperty(value, key);
  }
  return value;
}

/** The first argument that is a non-empty string. */
function firstText(...values: unknown[]): string | undefined {
  for (const value of values) if (typeof value === 'string' && value !== '') return value;
  return undefined;
}

/** A copy of a JSON object with its own keys only (Object.fromEntries keeps `__proto__` a key). */
function copyMap(value: Json | undefined): UserData {
  return value === undefined ? {} : Object.fromEntries(Object.entries(value));
}

function integerOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  return undefined;
}

/** A list of addresses from one comma/semicolon-separated string or a list of strings. */
function addressesOf(value: string | unknown[] | undefined): string[] {
  const parts = typeof value === 'string' ? value.split(/[,;]/) : (value ?? []);
  return parts
    .filter((part): part is string => typeof part === 'string')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** `2015-10-01 16:02:07.000+0300` (004), `2013-06-28T20:30:34Z` (001 `receivedAt`), … */
const ISO_LIKE =
  /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)\s*(Z|[+-]\d{2}:?\d{2})?$/;
/** `Fri, 28 Jun 2013 13:30:34 -0700` (the RFC 2822 dates of 003's e-mail headers). */
const RFC_2822 =
  /^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{4}|[A-Z]{1,4})?$/;

/**
 * Milliseconds since the epoch from a GWS date: a number is already epoch ms (000's `startDate`
 * 1382994529967, 004's `timestampSeconds`); strings are 004's UCS form, ISO 8601 or RFC 2822, or
 * digits only. Anything else is `undefined` (the field is then omitted).
 */
export function parseGwsDate(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d{10,15}$/.test(text)) return Number(text);
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

function chatKindOf(raw: string | undefined): ChatEventKind | undefined {
  if (raw === undefined) return undefined;
  const key = raw.toUpperCase().replace(/[\s_-]/g, '');
  return Object.hasOwn(CHAT_KINDS, key) ? CHAT_KINDS[key] : undefined;
}

/** Channels whose messages are read; everything else is passed on as `rawNotification`. */
const INTERACTIONS = '/v2/me/interactions';
const CHANNELS = '/v2/me/channels';
const ME = '/v2/me';
const WORKBINS = '/v2/me/workbins';
const UCS = '/v2/ucs/interactions';

/** The number of kinds `skippedCounts` distinguishes; further kinds are counted together. */
const MAX_KINDS = 200;
/** Interactions whose chat events and parties are remembered (oldest forgotten first). */
const MAX_TRACKED = 1000;

// ---- snapshots ------------------------------------------------------------------------------------

/** E-mail fields of an `email_object`/`content`, merged from both key spellings. */
interface EmailFields {
  readonly parsed: EmailObject;
  readonly from: string | undefined;
  readonly to: string[];
  readonly cc: string[];
  readonly subject: string | undefined;
  readonly text: string | undefined;
  readonly html: string | undefined;
  readonly contactId: string | undefined;
  readonly attachments: AttachmentInfo[];
  /** Anything beyond `interactionId`/`subject`: the invitations' content is only those two. */
  readonly hasContent: boolean;
}

function attachmentsOf(list: unknown[] | undefined): AttachmentInfo[] {
  const attachments: AttachmentInfo[] = [];
  for (const item of list ?? []) {
    const parsed = AttachmentSchema.safeParse(item);
    if (!parsed.success) continue;
    const { id, name, size, mimetype, mimeType } = parsed.data;
    const bytes = typeof size === 'string' && /^\d{1,15}$/.test(size) ? Number(size) : size;
    attachments.push(
      compact({
        id: String(id),
        name: name ?? String(id),
        size: typeof bytes === 'number' && Number.isFinite(bytes) && bytes >= 0 ? bytes : undefined,
        mimeType: firstText(mimeType, mimetype),
      }),
    );
  }
  return attachments;
}

function emailFieldsOf(source: Json | undefined): EmailFields | undefined {
  if (source === undefined) return undefined;
  const parsed = EmailObjectSchema.parse(source);
  const p = parsed;
  const present = (value: unknown) => value !== undefined;
  return {
    parsed,
    // Capitalised (001) first, lower-case (003, 000) second; the simulator sends both, equal.
    from: firstText(p.FromAddress, p.fromAddress),
    to: addressesOf(p.ToAddress ?? p.toAddress),
    cc: addressesOf(p.CCAddresses ?? p.ccAddresses),
    subject: firstText(p.Subject, p.subject),
    text: p.Text ?? p.text,
    // The simulator sends '' for an e-mail without an HTML part.
    html: firstText(p.StructuredText, p.structuredText),
    contactId: firstText(p.ContactID, p.contactId),
    attachments: attachmentsOf(p.attachments),
    hasContent: [
      p.Text,
      p.text,
      p.StructuredText,
      p.structuredText,
      p.FromAddress,
      p.fromAddress,
      p.ToAddress,
      p.toAddress,
      p.CCAddresses,
      p.ccAddresses,
      p.attachments,
    ].some(present),
  };
}

/** The e-mail content of an interaction body: A's `email_object`, else B's `content`. */
function emailOf(body: InteractionBody): EmailFields | undefined {
  return emailFieldsOf(body.email_object ?? body.content);
}

function chatEventListOf(body: InteractionBody): unknown[] | undefined {
  if (body.chat_notifications !== undefined) return body.chat_notifications;
  const events = body.content?.events;
  return Array.isArray(events) ? events : undefined;
}

function textOf(userData: UserData, key: string): string | undefined {
  return firstText(userData[key]);
}

/** The snapshot of a parsed interaction body; `customer` names a chat's customer if known. */
function snapshotOf(body: InteractionBody, customer?: string): InteractionSnapshot {
  const userData = copyMap(body.userData);
  const email = emailOf(body);
  const channel =
    firstText(body.channel, body.mediaType) ??
    (body.email_object !== undefined ? 'email' : undefined) ??
    (chatEventListOf(body) !== undefined ? 'chat' : 'unknown');
  const capabilities = (body.capabilities ?? []).filter(
    (capability): capability is string => typeof capability === 'string',
  );
  const to =
    email !== undefined && email.to.length > 0 ? email.to : addressesOf(textOf(userData, 'To'));
  const personName = [textOf(userData, 'FirstName'), textOf(userData, 'LastName')]
    .filter((part) => part !== undefined)
    .join(' ');
  return compact({
    id: body.id,
    channel,
    state: body.state,
    type: firstText(body.type, body.interactionType),
    subType: firstText(body.subType, body.interactionSubType, body.interactionSubtType),
    // 000/003 put the subject in userData only; e-mail content repeats it.
    subject: firstText(email?.subject, body.subject, textOf(userData, 'Subject')),
    queue: firstText(body.currentQueue, body.queue),
    capabilities,
    userData,
    // E-mail: the content's sender, else userData's FromAddress/EmailAddress (000, 003), which
    // the invitations carry before any content. Chat: the customer's nickname from its events.
    from:
      channel === 'chat'
        ? firstText(customer, personName)
        : firstText(email?.from, textOf(userData, 'FromAddress'), textOf(userData, 'EmailAddress')),
    to: channel === 'chat' || to.length === 0 ? undefined : to,
    // 000 gives `startDate` (epoch ms); 001's flat form only `receivedAt` (ISO).
    startedAt: parseGwsDate(body.startDate) ?? parseGwsDate(body.receivedAt),
    endedAt: parseGwsDate(body.endDate),
    parentId: firstText(body.parentId),
    threadId: firstText(body.threadId),
    // 001's `email_object.ContactID`, 000/003's `userData.ContactId`.
    contactId: firstText(body.contactId, email?.contactId, textOf(userData, 'ContactId')),
  });
}

/** The interaction body of a message in either dialect, or of a bare interaction resource. */
function interactionBodyOf(data: unknown): InteractionBody | undefined {
  const message = InteractionMessageSchema.safeParse(data);
  if (!message.success) return undefined;
  const parsed = InteractionBodySchema.safeParse(message.data.interaction ?? data);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The snapshot of one interaction in any form the server sends it: an InteractionStateMessage
 * `data` in dialect A (flat) or B (`{interaction, messageType}`), or a bare interaction (B's
 * `GET /me/interactions?fields=*` entries, "the same message format as comes via cometD").
 * `undefined` when it has no string `id` and `state`. Never throws.
 */
export function normalizeInteraction(data: unknown): InteractionSnapshot | undefined {
  try {
    const body = interactionBodyOf(data);
    return body === undefined ? undefined : snapshotOf(body);
  } catch {
    return undefined;
  }
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
 * Channel states from a channel list: `data.channels` of a `/v2/me/channels` notification,
 * `channels` of `GET /me/channels`, or `user.channels` of `GET /me?subresources=*`. `dnd` is the
 * agent-wide DND (`user.dndState`) for entries that carry no `dndState` of their own.
 *
 * An entry without `channel` — 003's DND sample (line 1094: `dndState` On with the Not Ready
 * state, no channel) — applies to every channel and is returned with channel `'*'`. An entry
 * with neither a state nor a DND state says nothing and is dropped; one with only a DND state
 * gets state `'Unknown'`. Never throws; anything that is not a list gives `[]`.
 */
export function normalizeChannels(list: unknown, dnd?: boolean): ChannelState[] {
  if (!Array.isArray(list)) return [];
  const channels: ChannelState[] = [];
  for (const item of list) {
    const parsed = ChannelEntrySchema.safeParse(item);
    if (!parsed.success) continue;
    const { channel, dndState, userState } = parsed.data;
    const entryDnd = dndOf(dndState);
    if (userState?.state === undefined && entryDnd === undefined) continue;
    const reason = userState?.reason ?? userState?.reasonCode;
    channels.push(
      compact({
        channel: channel === undefined || channel === '' ? '*' : channel,
        state: userState?.state ?? 'Unknown',
        displayName: userState?.displayName,
        reason: reason === undefined ? undefined : String(reason),
        workMode: userState?.workMode,
        dnd: entryDnd ?? dnd ?? false,
      }),
    );
  }
  return channels;
}

// ---- history (UCS) --------------------------------------------------------------------------------

function historyEntryOf(item: unknown): HistoryEntry | undefined {
  const parsed = HistoryInteractionSchema.safeParse(item);
  if (!parsed.success) return undefined;
  const entry = parsed.data;
  const owner = entry.ownerInformation;
  const ownerName =
    [owner?.firstName, owner?.lastName]
      .filter((part) => part !== undefined && part !== '')
      .join(' ') || owner?.userName;
  return compact({
    id: entry.id,
    mediaType: entry.mediaType,
    subject: entry.subject,
    state: entry.state,
    startedAt: parseGwsDate(entry.startDate),
    endedAt: parseGwsDate(entry.endDate),
    contactId: entry.contactId,
    ownerName: ownerName === '' ? undefined : ownerName,
  });
}

// ---- the normalizer -------------------------------------------------------------------------------

/** Why a message (or a part of one) was not used; `kind` groups the log and the counts. */
class Skip {
  constructor(
    readonly kind: string,
    readonly reason: string,
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
 * - `/v2/me/channels` → `channelStateChanged` (see {@link normalizeChannels}; `'*'` = all).
 * - `/v2/me`: PasswordChangeSuccessful / PasswordChangeError → `passwordChanged`; others raw.
 * - `/v2/me/workbins` → `workbinChanged`; `/v2/ucs/interactions` → `historyReceived`,
 *   `historyContentReceived` or `historyFailed`.
 * - any other channel (`/v2/me/calls`, `/v2/me/devices`, …) → `rawNotification`.
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
      case INTERACTIONS:
        return this.interactionEvents(channel, data);
      case CHANNELS:
        return channelEvents(channel, data);
      case ME:
        return meEvents(channel, data);
      case WORKBINS:
        return this.workbinEvents(channel, data);
      case UCS:
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
        `GWS notification skipped (${kind}): ${skip.reason}; further ones are only counted`,
      );
    }
  }

  private interactionEvents(channel: string, data: unknown): GwsEvent[] | Skip {
    const message = InteractionMessageSchema.safeParse(data);
    if (!message.success)
      return new Skip(`${kindLabel(channel)} (not an object)`, 'not a JSON object');
    const messageType = message.data.messageType ?? message.data.messageTypeName;
    const parsed = InteractionBodySchema.safeParse(message.data.interaction ?? data);
    if (!parsed.success) {
      return new Skip(kindLabel(channel, messageType), `no interaction ${issuesOf(parsed.error)}`);
    }
    const body = parsed.data;
    const id = body.id;
    const state = body.state;
    const ended = ENDED_STATES.has(state);
    if (state === REVOKED_STATE || ended) {
      const events: GwsEvent[] = [
        state === REVOKED_STATE
          ? {
              type: 'interactionRevoked',
              interactionId: id,
              interaction: snapshotOf(body, this.customerOf(id)),
            }
          : {
              type: 'interactionEnded',
              interactionId: id,
              interaction: snapshotOf(body, this.customerOf(id)),
            },
      ];
      this.chats.delete(id);
      return events;
    }
    // Chat events first, so that the snapshot can name the customer who just joined.
    const chatEvents = this.newChatEvents(channel, id, chatEventListOf(body));
    const snapshot = snapshotOf(body, this.customerOf(id));
    const events: GwsEvent[] = [
      state === INVITED_STATE
        ? { type: 'interactionInvited', interaction: snapshot }
        : { type: 'interactionUpdated', interaction: snapshot },
    ];
    const email = emailOf(body);
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
          attachments: email.attachments,
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

  /** The chat events of a message not passed on before, in the order the message lists them. */
  private newChatEvents(
    channel: string,
    interactionId: string,
    list: unknown[] | undefined,
  ): ChatEvent[] {
    if (list === undefined || list.length === 0) return [];
    const memory = this.memoryOf(interactionId);
    const events: ChatEvent[] = [];
    for (const item of list) {
      const parsed = ChatEventWireSchema.safeParse(item);
      if (!parsed.success) {
        this.skip(
          new Skip(`${kindLabel(channel)} chat event (not an object)`, 'not a JSON object'),
        );
        continue;
      }
      const wire = parsed.data;
      const rawKind = wire.MessageType ?? wire.messageType;
      const kind = chatKindOf(rawKind);
      const eventId = integerOf(wire.EventId ?? wire.id);
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
          text: wire.MessageText ?? wire.text ?? wire.NoticeText ?? wire.noticeText,
          noticeType: firstText(wire.NoticeType, wire.noticeType),
          visibility: firstText(wire.Visibility, wire.visibility),
          at: parseGwsDate(wire.TimeStamp ?? wire.timestamp),
        }),
      );
    }
    return events;
  }

  private workbinEvents(channel: string, data: unknown): GwsEvent[] | Skip {
    const parsed = WorkbinMessageSchema.safeParse(data);
    if (!parsed.success)
      return new Skip(`${kindLabel(channel)} (not an object)`, 'not a JSON object');
    const message = parsed.data;
    const kind = kindLabel(channel, message.messageType);
    const items =
      message.interactions ??
      (message.interaction === undefined ? undefined : [message.interaction]);
    const workbinId = firstText(
      message.workbinId,
      message.workbinInfo?.workbinId,
      message.workbinInfo?.workbinTypeId,
    );
    const change =
      firstText(message.workbinContentOperation, message.operation) ??
      (message.messageType === 'WorkbinContent' ? 'Content' : undefined);
    if (items === undefined || (change === undefined && workbinId === undefined)) {
      return new Skip(kind, 'neither a workbin change nor a workbin content');
    }
    const interactions: InteractionSnapshot[] = [];
    for (const item of items) {
      const snapshot = normalizeInteraction(item);
      if (snapshot === undefined)
        this.skip(new Skip(`${kind} interaction`, 'a workbin interaction without id or state'));
      else interactions.push(snapshot);
    }
    return [
      compact({
        type: 'workbinChanged' as const,
        workbinId,
        change: change ?? firstText(message.messageType) ?? 'Changed',
        interactions,
      }),
    ];
  }

  private ucsEvents(channel: string, data: unknown): GwsEvent[] | Skip {
    const envelope = z.looseObject({ messageType: optString }).safeParse(data);
    const parsed = UcsMessageSchema.safeParse(data);
    const kind = kindLabel(channel, envelope.success ? envelope.data.messageType : undefined);
    if (!parsed.success) return new Skip(kind, `no usable referenceId ${issuesOf(parsed.error)}`);
    const message = parsed.data;
    const referenceId = Number(message.referenceId);
    // 004's "Failure" samples: `errorMessage` instead of the result.
    if (message.errorMessage !== undefined && message.errorMessage !== null) {
      const text =
        typeof message.errorMessage === 'string' ? message.errorMessage : 'Request failed';
      return [{ type: 'historyFailed', referenceId, message: text }];
    }
    const isContent =
      message.messageType === 'GetInteractionContentMessage' ||
      (message.messageType === undefined && message.interaction !== undefined);
    const isHistory =
      message.messageType === 'GetInteractionsHistoryMessage' ||
      (message.messageType === undefined && message.interactions !== undefined);
    if (isContent) {
      const entry = historyEntryOf(message.interaction);
      if (entry === undefined) return new Skip(kind, 'content without an interaction id');
      return [
        {
          type: 'historyContentReceived',
          referenceId,
          entry,
          events: this.transcriptOf(kind, message.messages),
        },
      ];
    }
    if (isHistory) {
      const entries: HistoryEntry[] = [];
      for (const item of message.interactions ?? []) {
        const entry = historyEntryOf(item);
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
    for (const item of list ?? []) {
      const parsed = TranscriptMessageSchema.safeParse(item);
      const line = parsed.success ? parsed.data : undefined;
      const eventKind = chatKindOf(line?.type);
      const eventId = integerOf(line?.index);
      if (line === undefined || eventKind === undefined || eventId === undefined) {
        this.skip(
          new Skip(
            `${kind} message ${truncate(line?.type ?? '(no type)')}`,
            'unknown or unnumbered transcript line',
          ),
        );
        continue;
      }
      events.push(
        compact({
          eventId,
          kind: eventKind,
          authorType: line.from?.type,
          authorName: line.from?.nickname,
          authorId: line.from?.participantId,
          text: line.text,
          noticeType: line.noticeType,
          visibility: line.visibility,
          at: parseGwsDate(line.timestampSeconds) ?? parseGwsDate(line.timestamp),
        }),
      );
    }
    return events;
  }
}

function channelEvents(channel: string, data: unknown): GwsEvent[] | Skip {
  const parsed = ChannelsMessageSchema.safeParse(data);
  if (!parsed.success) return new Skip(kindLabel(channel, messageTypeOf(data)), 'no channels list');
  return [{ type: 'channelStateChanged', channels: normalizeChannels(parsed.data.channels) }];
}

/** 003 lines 3638–3647: the `/v2/me` password notifications; anything else is passed on raw. */
function meEvents(channel: string, data: unknown): GwsEvent[] {
  const parsed = MeMessageSchema.safeParse(data);
  if (parsed.success) {
    const { notificationType, messageType, errorMessage } = parsed.data;
    const type = notificationType ?? messageType;
    if (type === 'PasswordChangeSuccessful') return [{ type: 'passwordChanged', ok: true }];
    if (type === 'PasswordChangeError') {
      return [compact({ type: 'passwordChanged' as const, ok: false, message: errorMessage })];
    }
  }
  return [{ type: 'rawNotification', channel, data }];
}

function messageTypeOf(data: unknown): string | undefined {
  return isJsonObject(data) ? firstText(data.messageType, data.messageTypeName) : undefined;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function kindLabel(channel: string, messageType?: string): string {
  const where = truncate(channel);
  return messageType === undefined ? where : `${where} ${truncate(messageType)}`;
}

function issuesOf(error: z.ZodError): string {
  return `(${error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`)
    .join('; ')})`;
}
