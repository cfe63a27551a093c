import { z } from 'zod';
import { ErrorCodeSchema, SwitchboardErrorSchema, type ErrorCode } from './errors';
import { LANGUAGE_CHOICES } from './i18n/locales';
import { ShortcutOverridesSchema } from './shortcutKeys';
import { INTERACTION_PHASES } from './interactionStates';
import {
  ChimeSchema,
  DispositionCodesSchema,
  DispositionKeySchema,
  EditableCaseKeysSchema,
  InvitationTimeoutSchema,
  OutboundEmailQueueSchema,
  ChatNicknameSchema,
  SETTING_TEXT_MAX,
  ThemeChoiceSchema,
  TransferQueueNamesSchema,
} from './settingsRules';

/**
 * Domain types shared by main, preload and renderer. Each is a zod schema first, so the
 * boundary that receives it can validate it, and a TypeScript type derived from the schema.
 */

export const AppInfoSchema = z.object({
  /** Product name as the user sees it. */
  name: z.string(),
  /** Application version (package.json `version`). */
  version: z.string(),
  /** `process.platform` of the main process, e.g. `linux`, `win32`, `darwin`. */
  platform: z.string(),
  /** CPU architecture of the main process. */
  arch: z.string(),
  /** Versions of the runtimes the app runs on. */
  runtime: z.object({
    electron: z.string().optional(),
    chrome: z.string().optional(),
    node: z.string(),
  }),
  /**
   * The OS's preferred languages as main reads them (Electron's
   * `app.getPreferredSystemLanguages()`, most preferred first; none where the host cannot tell):
   * what the language setting `system` stands for, in the window as in the tray. The page's own
   * `navigator.languages` is Chromium's application locale alone, so a French system that also
   * reads German had a German tray beside an English window.
   */
  systemLanguages: z.array(z.string()),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/** The state of the link to the GWS server, as the tray and the header show it. */
export const ConnectionStateSchema = z.enum([
  'connecting',
  'connected',
  'reconnecting',
  'offline',
  'signedOut',
]);
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;

// ---- GWS domain ------------------------------------------------------------------------
// What the GWS client makes of the server's notifications and answers, whatever the dialect.
// Nothing outside main/gws ever sees a raw GWS message; everything else sees these.

/**
 * How many objects and arrays deep a userData value may nest (a KVList in a KVList…), read from
 * the server or written with UpdateProperties. Case data nests a level or two; V8's structured
 * clone, which carries everything to the renderer, gives out at about 1,600 levels.
 */
export const MAX_USER_DATA_DEPTH = 32;
/** Attached data of an interaction, as GWS sends it: any keys, any JSON values. */
export const UserDataSchema = z.record(z.string(), z.unknown());
export type UserData = z.infer<typeof UserDataSchema>;

export const AttachmentInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number().nonnegative().optional(),
  mimeType: z.string().optional(),
});
export type AttachmentInfo = z.infer<typeof AttachmentInfoSchema>;

/** An interaction as the agent sees it at one moment. */
/**
 * The channel of an interaction whose message names none and shows nothing of one (003's bare
 * StartConference / EndConference notifications: `messageTypeName`, `id` and `state` only).
 */
export const UNKNOWN_CHANNEL = 'unknown';

export const InteractionSnapshotSchema = z.object({
  id: z.string(),
  /** `email`, `chat`, or another media channel the server names; else {@link UNKNOWN_CHANNEL}. */
  channel: z.string(),
  /** The GWS state of the notification: Invited, Accepted, ReplyCreated, … */
  state: z.string(),
  type: z.string().optional(),
  subType: z.string().optional(),
  subject: z.string().optional(),
  queue: z.string().optional(),
  /**
   * The operations the server offers now; absent when the message lists none at all (003's bare
   * conference notifications), which says nothing of them (`[]` says there are none).
   */
  capabilities: z.array(z.string()).optional(),
  userData: UserDataSchema,
  /** Sender of an e-mail, or the customer of a chat, when the message names one. */
  from: z.string().optional(),
  to: z.array(z.string()).optional(),
  /** Milliseconds since the epoch. */
  startedAt: z.number().optional(),
  endedAt: z.number().optional(),
  parentId: z.string().optional(),
  threadId: z.string().optional(),
  contactId: z.string().optional(),
  /**
   * The queue names of the interaction's `inQueues` and `outQueues` maps (000, 001, 003: where
   * routing may take it next), in the server's order; absent when the message carries neither.
   * Read live when the agent places it in a queue, so not kept in the cache.
   */
  queues: z.array(z.string()).optional(),
});
export type InteractionSnapshot = z.infer<typeof InteractionSnapshotSchema>;

export const EmailContentSchema = z.object({
  from: z.string().optional(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  subject: z.string().optional(),
  text: z.string().optional(),
  /** The HTML body (`StructuredText`); untrusted, to be sanitized before display. */
  html: z.string().optional(),
  /** Notes on the interaction (001/003 `TheComment`), plain text, as the server gives them. */
  comment: z.string().optional(),
  attachments: z.array(AttachmentInfoSchema),
  /** Blind copies: known only of an e-mail the agent sent from this desk. */
  bcc: z.array(z.string()).optional(),
  /** When the agent sent it from this desk (ms since epoch); absent for any other e-mail. */
  sentAt: z.number().optional(),
});
export type EmailContent = z.infer<typeof EmailContentSchema>;

export const ChatEventKindSchema = z.enum(['message', 'notice', 'joined', 'left']);
export type ChatEventKind = z.infer<typeof ChatEventKindSchema>;

/** One event of a chat transcript; `eventId` is unique within its interaction. */
export const ChatEventSchema = z.object({
  eventId: z.number().int(),
  kind: ChatEventKindSchema,
  /** Client, Agent, External, as the server names the party type. */
  authorType: z.string().optional(),
  authorName: z.string().optional(),
  authorId: z.string().optional(),
  text: z.string().optional(),
  /** TypingStarted, TypingStopped, … for notices. */
  noticeType: z.string().optional(),
  visibility: z.string().optional(),
  /**
   * Milliseconds since the epoch: when the server says; as the cache stores a line the server did
   * not time, when it arrived, on the server's clock as the timed lines are (this machine's moved
   * by the server's lead: CacheWriter, main/cache/store.ts insertChatEvents).
   */
  at: z.number().optional(),
});
export type ChatEvent = z.infer<typeof ChatEventSchema>;

/** The chat notices that say a party started or stopped typing (003, SendNotification). */
export const TYPING_NOTICES: ReadonlySet<string> = new Set(['TypingStarted', 'TypingStopped']);

/** Whether a chat event is a typing notice: transient, never a transcript line. */
export function isTypingNotice(event: ChatEvent): boolean {
  return event.kind === 'notice' && TYPING_NOTICES.has(event.noticeType ?? '');
}

export const ChannelStateSchema = z.object({
  channel: z.string(),
  /** Ready, NotReady, Logout (003's Offline) or LoggedOut, … */
  state: z.string(),
  displayName: z.string().optional(),
  reason: z.string().optional(),
  workMode: z.string().optional(),
  dnd: z.boolean(),
});
export type ChannelState = z.infer<typeof ChannelStateSchema>;

/**
 * A channel as a `/v2/me/channels` notification reports it: without `dnd` when the entry names
 * no `dndState` (003's first sample), which leaves the channel's DND as it was.
 */
export const ChannelReportSchema = ChannelStateSchema.extend({ dnd: z.boolean().optional() });
export type ChannelReport = z.infer<typeof ChannelReportSchema>;

/** An interaction in the server's history (UCS). */
export const HistoryEntrySchema = z.object({
  id: z.string(),
  mediaType: z.string().optional(),
  subject: z.string().optional(),
  state: z.string().optional(),
  startedAt: z.number().optional(),
  endedAt: z.number().optional(),
  contactId: z.string().optional(),
  ownerName: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

/** What GetInteractionContent answered for a history entry: a chat's transcript, an e-mail's body. */
export const HistoryContentSchema = z.object({
  events: z.array(ChatEventSchema),
  body: z.string().optional(),
  /** When the cache stored it (ms since epoch). */
  fetchedAt: z.number(),
});

/** A history entry as the cache keeps it: with its content once the agent opened it. */
export const StoredHistoryEntrySchema = HistoryEntrySchema.extend({
  content: HistoryContentSchema.optional(),
});
export type StoredHistoryEntry = z.infer<typeof StoredHistoryEntrySchema>;

/**
 * A contact's history as the cache holds it, newest first: what the server listed when it was
 * last asked (`fetchedAt`; absent when never), and the contents opened since.
 */
export const ContactHistorySchema = z.object({
  contactId: z.string(),
  fetchedAt: z.number().optional(),
  entries: z.array(StoredHistoryEntrySchema),
});
export type ContactHistory = z.infer<typeof ContactHistorySchema>;

/**
 * Everything the GWS client reports, as a discriminated union on `type`. Events about one
 * interaction carry its id; chat events keep their ids so that replaying them is idempotent.
 */
export const GwsEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('interactionInvited'), interaction: InteractionSnapshotSchema }),
  z.object({ type: z.literal('interactionUpdated'), interaction: InteractionSnapshotSchema }),
  z.object({
    type: z.literal('interactionRevoked'),
    interactionId: z.string(),
    interaction: InteractionSnapshotSchema.optional(),
    /**
     * Why the offer is over when the server sends no notification of it: the agent's Reject
     * succeeded (`rejected`), or the server no longer knows the interaction (`gone`: another
     * agent took it). Absent for the server's own withdrawal (timeout, sign-out, resync).
     */
    outcome: z.enum(['rejected', 'gone']).optional(),
  }),
  z.object({
    type: z.literal('interactionEnded'),
    interactionId: z.string(),
    interaction: InteractionSnapshotSchema.optional(),
  }),
  z.object({
    type: z.literal('emailContentReceived'),
    interactionId: z.string(),
    email: EmailContentSchema,
  }),
  z.object({
    type: z.literal('chatEventsReceived'),
    interactionId: z.string(),
    events: z.array(ChatEventSchema),
  }),
  z.object({
    type: z.literal('channelStateChanged'),
    channels: z.array(ChannelReportSchema),
    /**
     * The report lists every channel the agent has (a resync's read of `/me`), not only those
     * that changed: a channel it leaves out was taken from the agent.
     */
    complete: z.boolean().optional(),
  }),
  z.object({
    type: z.literal('passwordChanged'),
    ok: z.boolean(),
    message: z.string().optional(),
    /**
     * PasswordChangeError's `errorCode` (003 "Asynchronous Telephony Operations Notifications",
     * /me): 1 the new password does not meet the security guidelines, 2 the old password was
     * not entered correctly, 3 an internal server error.
     */
    errorCode: z.number().int().optional(),
  }),
  z.object({
    type: z.literal('workbinChanged'),
    workbinId: z.string().optional(),
    /** What happened, in the server's words (PlacedIn, TakenOut, Content, …). */
    change: z.string(),
    interactions: z.array(InteractionSnapshotSchema),
    /**
     * Who made the change (003's `actorInfo`: the agent's id, else the media server's), when
     * the notification names one.
     */
    actor: z.string().optional(),
    /** Why (003's `reasonInfo`: its description, else its name), when the notification says. */
    reason: z.string().optional(),
  }),
  z.object({
    type: z.literal('historyReceived'),
    referenceId: z.number(),
    entries: z.array(HistoryEntrySchema),
  }),
  z.object({
    type: z.literal('historyContentReceived'),
    referenceId: z.number(),
    entry: HistoryEntrySchema,
    events: z.array(ChatEventSchema),
    /** An e-mail's body (UCS's `text`), absent for chats. */
    body: z.string().optional(),
  }),
  z.object({ type: z.literal('historyFailed'), referenceId: z.number(), message: z.string() }),
  /** Messages passed on unread (voice: `/v2/me/calls`, `/v2/me/devices`). */
  z.object({ type: z.literal('rawNotification'), channel: z.string(), data: z.unknown() }),
]);
export type GwsEvent = z.infer<typeof GwsEventSchema>;

/** The link to the server with the reason for its last change. */
export const ConnectionStatusSchema = z.object({
  state: ConnectionStateSchema,
  reason: z.string(),
  /**
   * Set while the offline cache cannot store what arrives (disk full, I/O error, locked): the
   * link may be up, but events are kept out of the cache until a resync repairs it.
   */
  storageFailure: z.string().optional(),
  /**
   * Signed out because the server refused the password, which the desk words in its own
   * language: `passwordRefused` (sign in with the new one), `rememberedPasswordRefused` (the
   * remembered password was refused and is forgotten); or, at the sign-in a start makes with
   * the remembered password, `serverUnreachable` (no answer from the server). Absent for any
   * other end.
   */
  refusal: z
    .enum([
      'passwordRefused',
      'rememberedPasswordRefused',
      'rememberedPasswordStale',
      'serverUnreachable',
    ])
    .optional(),
});
export type ConnectionStatus = z.infer<typeof ConnectionStatusSchema>;

// ---- the offline cache's read models --------------------------------------------------------

/** The ways this desk's agent hands an interaction on (see {@link HandOffSchema}). */
export const HAND_OFF_KINDS = [
  'agent',
  'queue',
  'workbin',
  'consultTransfer',
  'leftConference',
] as const;
export type HandOffKind = (typeof HAND_OFF_KINDS)[number];

/**
 * The last time this desk's agent handed the interaction on, as main recorded it once the server
 * took the request (migration 0230): Transfer to a colleague (`agent`), PlaceInQueue (`queue`),
 * PlaceInWorkbin (`workbin`), a consultation completed as a transfer (`consultTransfer`), or
 * leaving a conference, the chat staying with the colleagues in it (`leftConference`, migration
 * 0360; `to` names them, empty when the desk could not tell them).
 * The server tells the agent who handed it on nothing more (003: the target only gets an
 * invitation), so this is what the desk knows: what the agent did, and whether the interaction
 * came back to them since (`cameBackAt`: offered or handed to them again, as when the colleague
 * did not take it).
 */
export const HandOffSchema = z.object({
  kind: z.enum(HAND_OFF_KINDS),
  /** Whom or where to, as the desk names them: the colleague's full name, the queue, the workbin. */
  to: z.string(),
  /** When the server took it (ms since the epoch). */
  at: z.number(),
  /** When it came back to this agent afterwards; absent while it has not. */
  cameBackAt: z.number().optional(),
});
export type HandOff = z.infer<typeof HandOffSchema>;

/**
 * The cache's order of interaction ids where their times tie (`ORDER BY ended_at DESC, id`):
 * SQLite's BINARY collation, by code unit, 'B1' before 'a2' (the same for the ASCII ids GWS
 * gives). A list merged or folded outside SQL orders its ties so, or a row cut by a page's
 * limit is not the one the longer list shows last.
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Where a page of the History starts: after the row that ended then with this id. */
export const HistoryCursorSchema = z.strictObject({
  endedAt: z.number().int().nonnegative(),
  id: z.string().min(1),
});
export type HistoryCursor = z.infer<typeof HistoryCursorSchema>;

/** An interaction as lists show it (inbox, history, search results). */
export const InteractionSummarySchema = z.object({
  id: z.string(),
  channel: z.string(),
  /** The GWS state, for display; decisions use {@link phase}. */
  state: z.string(),
  /** What the interaction is to the agent (common/interactionStates.ts `phaseOf`). */
  phase: z.enum(INTERACTION_PHASES),
  subject: z.string().optional(),
  /** Who it is from: an e-mail's sender address, a chat customer's nickname. */
  from: z.string().optional(),
  /**
   * The person an e-mail's sender address names (GWS `FromPersonal`: "Maria Lind" for
   * maria.lind@…), when the mail gives one; the desk shows it, with the address beside it.
   */
  fromName: z.string().optional(),
  /**
   * For an e-mail the agent writes (common/interactionStates.ts `writtenByAgent`): its
   * recipients, joined with `, `, or `''` while it names nobody yet. Its sender is the desk's
   * own mailbox, so the lists name these instead.
   */
  sentTo: z.string().optional(),
  queue: z.string().optional(),
  firstSeenAt: z.number(),
  acceptedAt: z.number().optional(),
  endedAt: z.number().optional(),
  updatedAt: z.number(),
  /**
   * An invitation this session of main announced (notified, counted, chimed: new, offered anew,
   * or left offered by a run that stopped without signing out): when it did (ms since the
   * epoch, main's clock). Its countdown runs from here, as the notification's "30 seconds to
   * answer" does. Absent on other rows, and on an invitation no session has announced yet (the
   * offline review, a sign-in before its resync confirmed the offer).
   */
  offeredAt: z.number().optional(),
  /**
   * The disposition the server holds under the settings' key (common/caseData.ts
   * `dispositionOf`), read by the cache when it builds the row; absent when none was chosen.
   */
  disposition: z.string().optional(),
  /**
   * A live chat whose customer waits for the agent's answer: since when (ms since the epoch), the
   * time of the customer's first message after the agent's last one to them
   * (common/chatReply.ts), by the server's clock (ChangeSet `serverClockAheadMs` says how far
   * that is from main's). Absent when nobody waits, and on ended interactions.
   */
  awaitingReplySince: z.number().optional(),
  /**
   * A live chat's last message (to anyone) or leaving, its text cut short (common/chatReply.ts
   * `lastLineOf`): what its row shows under the customer's name. Absent before the first, and
   * on ended interactions.
   */
  lastLine: ChatEventSchema.optional(),
  /**
   * The last hand-off of this desk's agent (Transfer, a queue, a workbin), absent when there was
   * none: the lists and the header say it instead of the end state ("Transferred to Priya
   * Raman", not "Done"), and an invitation that came back says whose it was not.
   */
  handedOn: HandOffSchema.optional(),
});
export type InteractionSummary = z.infer<typeof InteractionSummarySchema>;

export const StoredAttachmentSchema = AttachmentInfoSchema.extend({
  /** Where the downloaded file is, once downloaded. */
  localPath: z.string().optional(),
  sha256: z.string().optional(),
  downloadedAt: z.number().optional(),
});
export type StoredAttachment = z.infer<typeof StoredAttachmentSchema>;

/**
 * Where the download of an attachment not yet stored stands, as main's downloader knows it (it
 * is never stored: a desk started again knows none): receiving its bytes (`total` when the server
 * said its length), waiting `inMs` to try again after a failure, or failed after the last wait
 * (the agent may try again), or not stored because the attachments folder refused the file
(`notStored`: its disk full, or not writable; tried again when the agent says), or larger than the desk downloads (`limitBytes`; `sizeBytes` when
 * the server said it): final, never tried again. An attachment with none is stored, or not tried
 * yet.
 */
export const StorageRefusalSchema = ErrorCodeSchema.extract([
  'attachmentsFolderFull',
  'attachmentsFolderNotWritable',
]);
/** Why the attachments folder did not take a downloaded file (a disk full, a folder not writable). */
export type StorageRefusal = z.infer<typeof StorageRefusalSchema>;

export const AttachmentDownloadSchema = z.discriminatedUnion('phase', [
  z.strictObject({
    phase: z.literal('downloading'),
    received: z.number().int().nonnegative(),
    total: z.number().int().nonnegative().optional(),
  }),
  z.strictObject({ phase: z.literal('retrying'), inMs: z.number().int().nonnegative() }),
  z.strictObject({ phase: z.literal('failed') }),
  z.strictObject({ phase: z.literal('notStored'), code: StorageRefusalSchema }),
  z.strictObject({
    phase: z.literal('tooLarge'),
    limitBytes: z.number().int().nonnegative(),
    sizeBytes: z.number().int().nonnegative().optional(),
  }),
]);
export type AttachmentDownload = z.infer<typeof AttachmentDownloadSchema>;

/** One interaction with everything the cache holds about it. */
export const InteractionDetailSchema = InteractionSummarySchema.extend({
  type: z.string().optional(),
  subType: z.string().optional(),
  to: z.array(z.string()),
  capabilities: z.array(z.string()),
  userData: UserDataSchema,
  threadId: z.string().optional(),
  parentId: z.string().optional(),
  contactId: z.string().optional(),
  /**
   * When the interaction started on the server (ms since epoch: GWS's `startDate`), when it
   * said: an e-mail's is when it reached the contact center, which may be days before this
   * desk first saw it (`firstSeenAt`).
   */
  startedAt: z.number().optional(),
  transcript: z.array(ChatEventSchema),
  email: EmailContentSchema.optional(),
  attachments: z.array(StoredAttachmentSchema),
  /**
   * The downloads under way, waiting or failed of its attachments, by attachment id, as they
   * stood when the detail was read; `attachments.download` pushes each change after that.
   */
  downloads: z.record(z.string(), AttachmentDownloadSchema).optional(),
  /** The agent chose to see remote images from the e-mail's sender (absent: blocked). */
  remoteImagesAllowed: z.boolean().optional(),
  /**
   * A Send of this draft went unanswered and is not settled yet: the cache keeps it (migration
   * 0280) and the desk asks the server what became of it. Absent otherwise; a change set's
   * `settledSends` says when it settles.
   */
  sendInDoubt: z.boolean().optional(),
  /**
   * A chat consultation this agent started (InitiateConsultation) is open: whom it consults, as
   * the operation was given them (a user id or user name). The server's notifications never say
   * so (the chat stays Accepted), so the cache keeps it from the agent's own request until the
   * consultation is completed (or a Complete is refused as not possible now), the consulted
   * colleague leaves or the chat ends. Absent otherwise.
   */
  consultingWith: z.string().optional(),
  /**
   * A chat's party that is this agent's (its id there, else its name; common/chatParticipants.ts
   * `ownPartyIn`), when main can tell it from the chat's present agents and the names the agent
   * joins under: a line whose send went unanswered is this agent's only if it is this party's.
   */
  ownParty: z.string().optional(),
});
export type InteractionDetail = z.infer<typeof InteractionDetailSchema>;

export const SearchHitSchema = z.object({
  interaction: InteractionSummarySchema,
  /** What matched: a chat line, the e-mail, the names of its files, or the parties. */
  kind: z.enum(['chat', 'email', 'files', 'parties']),
  /** The matching text with the matched words between `[` and `]`. */
  snippet: z.string(),
  /** bm25 rank: lower is better. */
  rank: z.number(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

// ---- the desk: session, agent state, settings ---------------------------------------------

/** Who is signed in, as `GET /me` named them. */
export const AgentIdentitySchema = z.object({
  id: z.string(),
  userName: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
});
export type AgentIdentity = z.infer<typeof AgentIdentitySchema>;

/** What the sign-in form and the header need to know about the session. */
export const SessionStateSchema = z.object({
  connection: ConnectionStatusSchema,
  /** The signed-in agent; absent while signed out. */
  agent: AgentIdentitySchema.optional(),
  /** The server and user of the current or last session (what the sign-in form pre-fills). */
  serverUrl: z.string(),
  userName: z.string(),
  /** The password to pre-fill: only ever the built-in simulator's public demo password. */
  demoPassword: z.string().optional(),
  /** Whether `serverUrl` is the built-in simulator. */
  demo: z.boolean(),
  /** A password is remembered (sealed by the OS) for this server and user. */
  passwordRemembered: z.boolean(),
  /** Why "remember me" is not offered on this machine, when it is not (the desk words it). */
  rememberUnavailable: z.enum(['noKeyring', 'noSecretStore']).optional(),
  /**
   * The server refused the last sign-in of this server and user until a new password is chosen
   * (003's `changePasswordOnFirstLogin`): the form asks for one (sign in with `newPassword`).
   */
  passwordChangeRequired: z.boolean().optional(),
  /**
   * The desk is reading this account's cache with no session at all (offline review): every
   * server action is refused, nothing is sent. Absent while signed in or on the sign-in form.
   */
  offline: z.boolean().optional(),
  /**
   * The signed-in contact center's features (003, "Features") lack `api-multimedia`, the API
   * for non-voice channels, which is not assigned by default: the agent gets no e-mail and no
   * chat there, and the desk says so. Absent when the feature is there, while signed out, and
   * when /features could not be read (nothing is claimed then).
   */
  multimediaMissing: z.literal(true).optional(),
});
export type SessionState = z.infer<typeof SessionStateSchema>;

/** The cache's account key of the simulator, whatever port it listens on this time. */
export const DEMO_ACCOUNT_URL = 'demo:simulator';

/** An account whose cache this machine holds: what "Open offline" lists. */
export const CachedAccountSchema = z.object({
  /** The server as the cache keys it (the built-in simulator's fixed key for the demo). */
  serverUrl: z.string(),
  userName: z.string(),
  /** The built-in demo server's account. */
  demo: z.boolean(),
  /** How many interactions the cache holds for it. */
  interactions: z.number().int().nonnegative(),
});
export type CachedAccount = z.infer<typeof CachedAccountSchema>;

/** Which cached account to open offline (as {@link CachedAccount} names it), and its password. */
export const OfflineAccountSchema = z.strictObject({
  serverUrl: z.string().min(1).max(2048),
  userName: z.string().min(1).max(256),
  /**
   * The account's password, checked against the verifier its last online sign-in left on this
   * machine; never stored. Empty is refused by main with its own sentence.
   */
  password: z.string().max(1024),
});
export type OfflineAccount = z.infer<typeof OfflineAccountSchema>;

/** The true sizes of the lists, counted in the cache (not the rows a page loaded). */
export const InteractionCountsSchema = z.object({
  /** Active interactions (the inbox), invitations included. */
  inbox: z.number().int().nonnegative(),
  /** Invitations waiting for an answer. */
  invited: z.number().int().nonnegative(),
  /** Ended interactions (the history). */
  history: z.number().int().nonnegative(),
});
export type InteractionCounts = z.infer<typeof InteractionCountsSchema>;

/** localhost, 127.0.0.0/8 and ::1: a server on the agent's own machine (the demo, a tunnel). */
export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/u.test(hostname)
  );
}

/**
 * A GWS server's root as the agent types it (the form, the CLI's `--server`): http or https, no
 * credentials in it (a user name or password in the address would be sent and stored with it),
 * and https unless the server is this machine.
 */
export const ServerUrlSchema = z
  .string()
  .max(2048)
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (
          (url.protocol === 'http:' || url.protocol === 'https:') &&
          url.username === '' &&
          url.password === ''
        );
      } catch {
        return false;
      }
    },
    {
      message: 'must be an http or https URL without credentials',
      params: { code: 'serverUrlInvalid' satisfies ErrorCode },
    },
  )
  // HTTP Basic sends the password with every request: in clear text only to this machine.
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'https:' || isLoopbackHost(url.hostname);
      } catch {
        return true;
      }
    },
    {
      message:
        'must use https (http only for a server on this machine): the password would cross the network unencrypted',
      params: { code: 'serverUrlInsecure' satisfies ErrorCode },
    },
  );

/**
 * The server root a session connects to: scheme, host, port and path without a trailing `/`,
 * nor the API's own `/api/v2`, which the client adds (GWS's documents write every URL with it,
 * `http://host:port/api/v2/me`, so a newcomer is likely to paste the address up to it). A real
 * server's accounts, the desk's and `listen`'s, are kept under it (the demo's under its own).
 */
export function normalizeServerUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  const path = url.pathname.replace(/\/+$/u, '');
  return `${url.origin}${path.replace(/\/api\/v2$/u, '')}`;
}

/** A sign-in request from the form. */
export const SignInRequestSchema = z.strictObject({
  serverUrl: ServerUrlSchema,
  userName: z
    .string()
    .min(1)
    .max(256)
    .refine((value) => value.trim() !== '', 'must not be blank'),
  /** Omitted to use the remembered password. */
  password: z.string().min(1).max(1024).optional(),
  /**
   * The new password, for a server that demands one before anything else: ChangePassword with
   * `firstLogin` (003), then sign-in with it. Remembered in place of the old one if asked.
   */
  newPassword: z.string().min(1).max(1024).optional(),
  remember: z.boolean(),
});
export type SignInRequest = z.infer<typeof SignInRequestSchema>;

/** The agent's state on every channel, as last reported (also offline). */
export const AgentStateSchema = z.object({
  channels: z.array(ChannelStateSchema),
  dnd: z.boolean(),
  /** When the server last reported it (ms since epoch); absent when never. */
  at: z.number().optional(),
});
export type AgentState = z.infer<typeof AgentStateSchema>;

/** A Not Ready reason offered in the menus (an agent state of `/settings/agent-states`). */
export const NotReadyReasonSchema = z.object({
  operationName: z.string(),
  displayName: z.string(),
});
export type NotReadyReason = z.infer<typeof NotReadyReasonSchema>;

/** One interaction that changed while the link was down (see {@link AwaySummarySchema}). */
export const AwayItemSchema = InteractionSummarySchema.pick({
  id: true,
  channel: true,
  subject: true,
  from: true,
  fromName: true,
  sentTo: true,
}).extend({
  /**
   * `withdrawn`: an invitation taken back; `ended`: work that ended or moved away from the agent
   * (transferred, placed in a queue or a workbin by someone else: the server no longer lists it).
   */
  change: z.enum(['withdrawn', 'ended']),
  /** The state the cache now holds, in the server's words (Revoked, Ended, Completed…). */
  state: z.string(),
});
export type AwayItem = z.infer<typeof AwayItemSchema>;

/**
 * What restoring the agent's state after the server lost the contact-center session came to
 * (main/workstation/awaySummary.ts), worded by whoever shows it (common/awaySummary.ts):
 * restored (the channels and Do Not Disturb as they were), or refused when starting the
 * session again, when putting some channels back (`kept` were), or when turning Do Not Disturb
 * on. `reason` is the server's own words, when it gave any.
 */
export const RestoreSchema = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('restored'),
    channels: z.array(ChannelStateSchema),
    dnd: z.boolean(),
  }),
  z.object({
    outcome: z.literal('sessionRefused'),
    reason: z.string().optional(),
  }),
  z.object({
    outcome: z.literal('channelsRefused'),
    kept: z.array(ChannelStateSchema),
    refused: z.array(ChannelStateSchema),
    reason: z.string().optional(),
    /** The desk's own refusal: the contact center no longer lists this Not Ready reason. */
    unlistedReason: z.string().optional(),
  }),
  z.object({
    outcome: z.literal('dndRefused'),
    reason: z.string().optional(),
  }),
]);
export type Restore = z.infer<typeof RestoreSchema>;

/**
 * "While you were away": what the resync after a reconnect found changed during the gap, pushed
 * once per gap that changed something (issue 14 items 2 and 3).
 */
export const AwaySummarySchema = z.object({
  /** When the resync finished (milliseconds since the epoch). */
  at: z.number(),
  /** Invitations withdrawn and interactions that ended or moved, oldest change first. */
  items: z.array(AwayItemSchema),
  /** The agent's state as the server now has it. */
  agent: AgentStateSchema,
  /** When the server had lost the contact-center session: what restoring it came to. */
  restore: RestoreSchema.optional(),
});
export type AwaySummary = z.infer<typeof AwaySummarySchema>;

/**
 * The longest chat line the desk sends (GWS stores whatever it is given; this keeps a paste of a
 * whole file from going out as one line), and so the longest half-typed one main keeps.
 */
export const CHAT_LINE_MAX_LENGTH = 64_000;

/** A chat's message box as the agent left it: what it typed, and to whom it would go. */
export const ChatDraftSchema = z.object({
  text: z.string().max(CHAT_LINE_MAX_LENGTH),
  /** The agent chose to write to the agents in the chat only (visibility `Int`). */
  agentsOnly: z.boolean(),
});
export type ChatDraft = z.infer<typeof ChatDraftSchema>;

/**
 * How much the agent types into a case-data value (the Case data panel's field): a value of its
 * own, or added to one the server holds (a long note, which the field takes whole).
 */
export const CASE_VALUE_MAX_LENGTH = 2000;
/**
 * The longest text a case-data form holds, a long value of the server's with the agent's words
 * added: so much main keeps of it for a page loaded again (cut shorter, a Save after the reload
 * cut the server's note).
 */
export const CASE_EDIT_MAX_LENGTH = 64_000;

/** A case-data key the agent is editing, and the text typed so far (the Case data panel). */
export const CaseEditSchema = z.object({
  key: z.string().min(1).max(SETTING_TEXT_MAX),
  text: z.string().max(CASE_EDIT_MAX_LENGTH),
});
export type CaseEdit = z.infer<typeof CaseEditSchema>;

/**
 * What only the desk's page held, kept by main (in memory) so that a page loaded again after its
 * renderer was lost shows the agent's work as it was: the interaction open, the half-typed chat
 * messages and case-data values. Forgotten when the session ends.
 */
export const PageMemorySchema = z.object({
  /** The interaction the agent had open, if any. */
  open: z.string().nullable(),
  /**
   * The chats' message boxes that held something, by interaction id; with the line whose send
   * the server left in doubt (no answer in time) and the failure, for the page loaded again to
   * say it may not have been sent, as the lost page did.
   */
  chats: z.array(
    ChatDraftSchema.extend({
      interactionId: z.string(),
      lineInDoubt: z
        .object({ text: z.string().max(CHAT_LINE_MAX_LENGTH), error: SwitchboardErrorSchema })
        .optional(),
    }),
  ),
  /** The case-data edits open, by interaction id (one per interaction). */
  caseEdits: z.array(CaseEditSchema.extend({ interactionId: z.string() })),
});
export type PageMemory = z.infer<typeof PageMemorySchema>;

/** The agent's preferences, kept in the cache's settings. */
export const SettingsSchema = z.strictObject({
  /** Play the invitation sound. */
  sound: z.boolean(),
  /** Days an ended interaction stays in the offline cache. */
  retentionDays: z.number().int().min(1).max(3650),
  /** userData keys the agent may edit in the Case data panel (see common/caseData.ts). */
  editableCaseKeys: EditableCaseKeysSchema,
  /** The disposition codes the agent chooses from (each once, whatever its case). */
  dispositionCodes: DispositionCodesSchema,
  /** The userData key a disposition is stored under through UpdateProperties. */
  dispositionKey: DispositionKeySchema,
  /** Done is refused until a disposition is chosen. */
  dispositionRequired: z.boolean(),
  /** Queue names the Transfer panel offers beside the interaction's own. */
  transferQueueNames: TransferQueueNamesSchema,
  /** The queue a new e-mail waits in, named by CreateEmail (common/settingsRules.ts). */
  outboundEmailQueue: OutboundEmailQueueSchema,
  /** The name the agent joins chats under; blank: the server's (common/settingsRules.ts). */
  chatNickname: ChatNicknameSchema,
  /** Seconds an invitation's countdown starts from (common/settingsRules.ts). */
  invitationTimeoutSeconds: InvitationTimeoutSchema,
  /** The invitation chime plays once, or repeats until the invitation is answered or withdrawn. */
  chime: ChimeSchema,
  /** Chat invitations are accepted by the desk itself (still chimed and notified). */
  autoAnswerChat: z.boolean(),
  /** E-mail invitations are accepted by the desk itself (still chimed and notified). */
  autoAnswerEmail: z.boolean(),
  /** The desk's language: one of its own, or the OS's (`system`); see common/i18n/locales.ts. */
  language: z.enum(LANGUAGE_CHOICES, { message: 'The language is one the desk speaks.' }),
  /** Light or dark colours, or the OS's preference (`system`). */
  theme: ThemeChoiceSchema,
  /** Keyboard shortcuts the agent remapped (only the changed ones; common/shortcutKeys.ts). */
  shortcuts: ShortcutOverridesSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

// ---- the agent's library: signature and standard responses (per account, in the cache) -------

/** A standard response as the library keeps it: a name to find it by and the text it inserts. */
export const StandardResponseSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  text: z.string(),
  updatedAt: z.number(),
});
export type StandardResponse = z.infer<typeof StandardResponseSchema>;

/** A standard response to create (no `id`) or to change (its `id`). */
export const StandardResponseDraftSchema = z.strictObject({
  id: z.number().int().positive().optional(),
  name: z
    .string()
    .max(200)
    .refine((value) => value.trim() !== '', 'must not be blank'),
  text: z
    .string()
    .max(20_000)
    .refine((value) => value.trim() !== '', 'must not be blank'),
});
export type StandardResponseDraft = z.infer<typeof StandardResponseDraftSchema>;

/** An interaction that answers another (a reply, a forward), with its e-mail as stored. */
export const ReplySchema = InteractionDetailSchema.omit({ transcript: true });
export type Reply = z.infer<typeof ReplySchema>;

/** A saved copy of a transcript, e-mail or attachment; absent when the agent cancelled. */
export const SavedFileSchema = z.object({ path: z.string() }).nullable();
export type SavedFile = z.infer<typeof SavedFileSchema>;

// ---- what main pushes: one change set per cache commit ---------------------------------------

/** An interaction's row and header: the summary plus the fields the detail view shows above the content. */
export const InteractionHeadSchema = InteractionDetailSchema.omit({
  transcript: true,
  email: true,
  attachments: true,
});
export type InteractionHead = z.infer<typeof InteractionHeadSchema>;

/** One interaction parked in a workbin, as the Workbins panel lists it (cached per account). */
export const WorkbinEntrySchema = z.object({
  interactionId: z.string(),
  /** `email`, `chat`, or another media channel the server names. */
  channel: z.string().optional(),
  subject: z.string().optional(),
  /** Sender of an e-mail, or the customer of a chat, when the server or the cache names one. */
  from: z.string().optional(),
  /** When it was placed in the workbin (milliseconds since the epoch), when the server says. */
  placedAt: z.number().optional(),
  /**
   * Who placed it there and why, as the last workbin notification about it said (003's
   * `actorInfo`, `reasonInfo`), or the agent's own Place in workbin on this desk (heard or not).
   * Kept in memory by the account's cache writer, not in the cache: GetWorkbinContent does not
   * carry them, so a stored copy could never be brought up to date.
   */
  placedBy: z.string().optional(),
  reason: z.string().optional(),
});
export type WorkbinEntry = z.infer<typeof WorkbinEntrySchema>;

/** One of the agent's workbins with its content. */
export const WorkbinContentSchema = z.object({
  workbinId: z.string(),
  name: z.string(),
  entries: z.array(WorkbinEntrySchema),
});
export type WorkbinContent = z.infer<typeof WorkbinContentSchema>;

/**
 * The agent's workbins and their content: read from the server just now, or (`cached`) the
 * offline cache's copy when the server cannot be reached, as it was read at `readAt`.
 */
export const WorkbinsOverviewSchema = z.object({
  workbins: z.array(WorkbinContentSchema),
  /** When the server's answer was stored (milliseconds since the epoch). */
  readAt: z.number(),
  /** True when this is the cache's copy because the server could not be reached. */
  cached: z.boolean(),
});
export type WorkbinsOverview = z.infer<typeof WorkbinsOverviewSchema>;

/**
 * What one commit of the offline cache changed, as the views show it: the renderer's stores
 * upsert the rows, append the lines and replace the e-mails it carries, and fetch only what they
 * have never seen. Main pushes one per commit, after the commit; nothing in it needs a re-read.
 */
export const ChangeSetSchema = z.object({
  /** Interactions whose row or header changed (new ones included), as they now are. */
  interactions: z.array(InteractionHeadSchema),
  /** Chat transcript lines actually inserted, per interaction, in transcript order. */
  transcripts: z.array(
    z.object({
      interactionId: z.string(),
      lines: z.array(ChatEventSchema),
      /**
       * This agent's party in the chat (InteractionDetail `ownParty`), told when the lines
       * include a party's join or leave and main can tell it.
       */
      ownParty: z.string().optional(),
    }),
  ),
  /** E-mail content stored, with the interaction's attachments as the cache now holds them. */
  emails: z.array(
    z.object({
      interactionId: z.string(),
      email: EmailContentSchema,
      attachments: z.array(StoredAttachmentSchema),
    }),
  ),
  /** The agent's channel states, when this commit changed them. */
  agent: AgentStateSchema.optional(),
  /**
   * How far the server's clock is ahead of main's (negative: behind), in milliseconds: told by a
   * session's first commit and whenever it moved since (an NTP correction). Rows' server times
   * (`awaitingReplySince`) are the server's: a view moves them onto its clock by this.
   */
  serverClockAheadMs: z.number().optional(),
  /**
   * The true sizes of the lists after this commit (a count in the cache), when it may have
   * changed them (an interaction came, ended, or entered or left Invited): badges and list
   * counts take them as they are, never a count of loaded rows.
   */
  counts: InteractionCountsSchema.optional(),
  /**
   * Workbin notifications: as the server described them (`change`, `interactions`), with what
   * the cache's copy of the workbin's content became (`entries` stored, `removed` ids), under
   * the workbin's id as GetWorkbinTypesInfo lists it when the cache knows the workbin.
   */
  workbins: z.array(
    z.object({
      workbinId: z.string().optional(),
      change: z.string(),
      interactions: z.array(InteractionSnapshotSchema),
      /** Interactions the commit stored in the workbin's cached content, as they now look. */
      entries: z.array(WorkbinEntrySchema),
      /** Interactions the commit took out of the workbin's cached content. */
      removed: z.array(z.string()),
    }),
  ),
  /**
   * Typing notices (TypingStarted / TypingStopped) of this commit, per interaction: transient,
   * never stored as transcript lines, so passed on only here. Absent when there were none.
   */
  typing: z
    .array(z.object({ interactionId: z.string(), notices: z.array(ChatEventSchema) }))
    .optional(),
  /**
   * Sends whose fate the desk could not learn when they went, settled since by a later question
   * to the server (main/workstation/sentMail.ts): `sent` (its e-mail comes in `emails`),
   * `notSent` (the draft is the agent's to send again), `closedElsewhere` (its draft was closed
   * unsent). Absent when none settled.
   */
  settledSends: z
    .array(
      z.object({
        interactionId: z.string(),
        outcome: z.enum(['sent', 'notSent', 'closedElsewhere']),
      }),
    )
    .optional(),
  /**
   * Interactions the retention purge deleted from the cache (ended longer ago than the retention
   * period): the lists, the search hits and the views drop them. Absent when none went.
   */
  purged: z.array(z.string()).optional(),
  /** Answers of the contact history (UCS) requests, by their reference id. */
  history: z.array(
    z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('entries'),
        referenceId: z.number(),
        entries: z.array(HistoryEntrySchema),
        /** The contact whose history the cache now holds as listed here, when known. */
        contactId: z.string().optional(),
        fetchedAt: z.number().optional(),
      }),
      z.object({
        kind: z.literal('content'),
        referenceId: z.number(),
        entry: HistoryEntrySchema,
        events: z.array(ChatEventSchema),
        body: z.string().optional(),
        /** When the cache stored the content (absent in a commit that could not store it). */
        fetchedAt: z.number().optional(),
      }),
      z.object({ kind: z.literal('failed'), referenceId: z.number(), message: z.string() }),
    ]),
  ),
});
export type ChangeSet = z.infer<typeof ChangeSetSchema>;

// ---- drafts (e-mails being written, kept in the cache as they are typed) ----------------------

/** What the agent is writing: an answer to the sender, to everyone, a forward, or a new e-mail. */
export const DraftKindSchema = z.enum(['reply', 'replyAll', 'forward', 'new']);
export type DraftKind = z.infer<typeof DraftKindSchema>;

/**
 * The longest file name and MIME type a draft's file may carry (UTF-16 units). The normalizer
 * keeps no longer ones of a server's attachments (main/gws/normalizer.ts), since a forward's
 * files are the original's: one longer made its draft impossible to keep or send.
 */
export const MAX_ATTACHMENT_NAME_LENGTH = 1024;
export const MAX_ATTACHMENT_TYPE_LENGTH = 256;

/** A file on a draft: a document of the draft's interaction on the server (003 Attachments). */
export const DraftAttachmentSchema = z.strictObject({
  id: z.string().min(1).max(1024),
  name: z.string().max(MAX_ATTACHMENT_NAME_LENGTH),
  size: z.number().int().nonnegative().optional(),
  mimeType: z.string().max(MAX_ATTACHMENT_TYPE_LENGTH).optional(),
});
export type DraftAttachment = z.infer<typeof DraftAttachmentSchema>;

/**
 * A draft's fields as the agent left them: addresses as typed (checked only when sent, so a
 * half-typed address survives too), subject, plain text and the files on it. Keyed by the
 * draft's interaction id (the server's ReplyCreated interaction).
 */
export const DraftFieldsSchema = z.strictObject({
  interactionId: z.string().min(1).max(1024),
  kind: DraftKindSchema,
  /** The e-mail answered or forwarded (absent for a new e-mail). */
  parentId: z.string().min(1).max(1024).optional(),
  to: z.string().max(100_000),
  cc: z.string().max(100_000),
  bcc: z.string().max(100_000),
  subject: z.string().max(10_000),
  text: z.string().max(10_000_000),
  attachments: z.array(DraftAttachmentSchema).max(1_000),
});
export type DraftFields = z.infer<typeof DraftFieldsSchema>;

/** A draft as the cache keeps it: its fields and when they were last saved (ms since epoch). */
export const DraftSchema = DraftFieldsSchema.extend({ updatedAt: z.number().int() });
export type Draft = z.infer<typeof DraftSchema>;
