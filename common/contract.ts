import { z } from 'zod';
import type { Result } from './errors';
import { MAX_EXTERNAL_URL_LENGTH, isSafeExternalUrl } from './externalLinks';
import { WorkInProgressSchema } from './leaving';
import { Channel, GWS_CONTRACT_METHODS, Id, StateOperationName } from './gwsOperations';
import {
  AttachmentDownloadSchema,
  AgentStateSchema,
  AppInfoSchema,
  AwaySummarySchema,
  CachedAccountSchema,
  CaseEditSchema,
  ChatDraftSchema,
  InteractionCountsSchema,
  OfflineAccountSchema,
  PageMemorySchema,
  ChangeSetSchema,
  ContactHistorySchema,
  DraftFieldsSchema,
  DraftSchema,
  InteractionDetailSchema,
  InteractionSummarySchema,
  HistoryCursorSchema,
  NotReadyReasonSchema,
  ReplySchema,
  SavedFileSchema,
  SearchHitSchema,
  SessionStateSchema,
  SettingsSchema,
  SignInRequestSchema,
  StandardResponseDraftSchema,
  StandardResponseSchema,
  StoredAttachmentSchema,
  WorkbinsOverviewSchema,
  StoredHistoryEntrySchema,
} from './model';
import { MAX_SENDER_LENGTH, senderAddress } from './mailSenders';

/**
 * The one IPC contract between the main process and the renderer.
 *
 * The contract is written once, as schemas grouped by namespace, and everything else is derived
 * from it: the handler type main registers (`SwitchboardHandlers`), the Promise-returning client
 * the renderer calls
 * (`SwitchboardClient`) and the channel names (`switchboard:<namespace>:<member>`). Writing it as
 * schemas rather than a bare interface is what lets main validate every argument that crosses
 * the boundary and lets the preload enumerate the channels at run time.
 *
 * Methods answer with `Result<T>`: errors cross IPC as data, never as thrown exceptions. Events
 * flow main → renderer; the client exposes each as `on<Event>(listener)` returning an
 * unsubscribe function.
 */

export const CHANNEL_PREFIX = 'switchboard';

export interface MethodSpec<
  Args extends z.ZodTuple = z.ZodTuple,
  Output extends z.ZodType = z.ZodType,
> {
  readonly kind: 'method';
  readonly args: Args;
  readonly result: Output;
}

export interface EventSpec<Payload extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly payload: Payload;
}

export type MemberSpec = MethodSpec | EventSpec;
export type NamespaceSpec = Readonly<Record<string, MemberSpec>>;
export type ContractSpec = Readonly<Record<string, NamespaceSpec>>;

/** Declares a request/response method: its positional arguments and its result. */
export function method<Args extends z.ZodTuple, Output extends z.ZodType>(
  args: Args,
  result: Output,
): MethodSpec<Args, Output> {
  return { kind: 'method', args, result };
}

/** Declares an event main pushes to the renderer. */
export function event<Payload extends z.ZodType>(payload: Payload): EventSpec<Payload> {
  return { kind: 'event', payload };
}

type MethodNames<NS> = {
  [K in keyof NS]: NS[K] extends MethodSpec ? K : never;
}[keyof NS] &
  string;
type EventNames<NS> = {
  [K in keyof NS]: NS[K] extends EventSpec ? K : never;
}[keyof NS] &
  string;
/** The arguments a handler receives: validated and transformed by the schema. */
type ArgsOf<M> = M extends MethodSpec<infer Args> ? z.output<Args> : never;
/** The arguments a client passes: what the schema accepts (e.g. a Date where main gets ms). */
type InputArgsOf<M> = M extends MethodSpec<infer Args> ? z.input<Args> : never;
type OutputOf<M> = M extends MethodSpec<z.ZodTuple, infer Output> ? z.output<Output> : never;
type PayloadOf<E> = E extends EventSpec<infer Payload> ? z.output<Payload> : never;

export type Unsubscribe = () => void;

/** `connectionChanged` → `onConnectionChanged`. */
export type ListenerName<E extends string> = `on${Capitalize<E>}`;

/** What main registers for each method; a handler may answer now or later. */
export type HandlersOf<C extends ContractSpec> = {
  readonly [N in keyof C]: {
    readonly [M in MethodNames<C[N]>]: (
      ...args: ArgsOf<C[N][M]>
    ) => OutputOf<C[N][M]> | Promise<OutputOf<C[N][M]>>;
  };
};

/** What the renderer sees: every method returns `Promise<Result<T>>`, every event a listener. */
export type ClientOf<C extends ContractSpec> = {
  readonly [N in keyof C]: {
    readonly [M in MethodNames<C[N]>]: (
      ...args: InputArgsOf<C[N][M]>
    ) => Promise<Result<OutputOf<C[N][M]>>>;
  } & {
    readonly [E in EventNames<C[N]> as ListenerName<E>]: (
      listener: (payload: PayloadOf<C[N][E]>) => void,
    ) => Unsubscribe;
  };
};

/** What main uses to push events: one function per event. */
export type EmittersOf<C extends ContractSpec> = {
  readonly [N in keyof C]: {
    readonly [E in EventNames<C[N]>]: (payload: PayloadOf<C[N][E]>) => void;
  };
};

export function channelName<N extends string, M extends string>(
  namespace: N,
  member: M,
): `${typeof CHANNEL_PREFIX}:${N}:${M}` {
  return `${CHANNEL_PREFIX}:${namespace}:${member}`;
}

export function listenerName<E extends string>(eventName: E): ListenerName<E> {
  return `on${eventName.charAt(0).toUpperCase()}${eventName.slice(1)}` as ListenerName<E>;
}

export interface ContractEntry {
  readonly namespace: string;
  readonly member: string;
  readonly channel: string;
  readonly spec: MemberSpec;
}

/** Flattens a contract into its members with their channel names, in declaration order. */
export function contractEntries(contract: ContractSpec): ContractEntry[] {
  return Object.entries(contract).flatMap(([namespace, members]) =>
    Object.entries(members).map(([member, spec]) => ({
      namespace,
      member,
      channel: channelName(namespace, member),
      spec,
    })),
  );
}

/**
 * How a client reaches main. The preload implements it over `ipcRenderer`; it carries only
 * arguments and payloads, never Electron's event objects.
 */
export interface ClientTransport {
  invoke(channel: string, args: readonly unknown[]): Promise<unknown>;
  subscribe(channel: string, listener: (payload: unknown) => void): Unsubscribe;
}

/**
 * Builds the renderer-side client of a contract over a transport: a plain object of plain
 * functions, safe to hand to `contextBridge.exposeInMainWorld`.
 */
export function createClient<C extends ContractSpec>(
  contract: C,
  transport: ClientTransport,
): ClientOf<C> {
  const client: Record<string, Record<string, unknown>> = {};
  for (const { namespace, member, channel, spec } of contractEntries(contract)) {
    const members = (client[namespace] ??= {});
    if (spec.kind === 'method') {
      members[member] = (...args: unknown[]) => transport.invoke(channel, args);
    } else {
      members[listenerName(member)] = (listener: (payload: unknown) => void) =>
        transport.subscribe(channel, (payload) => {
          listener(payload);
        });
    }
  }
  return client as ClientOf<C>;
}

/** Builds main's typed event emitters over a function that sends on a channel. */
export function createEmitters<C extends ContractSpec>(
  contract: C,
  send: (channel: string, payload: unknown) => void,
): EmittersOf<C> {
  const emitters: Record<string, Record<string, unknown>> = {};
  for (const { namespace, member, channel, spec } of contractEntries(contract)) {
    if (spec.kind !== 'event') continue;
    (emitters[namespace] ??= {})[member] = (payload: unknown) => {
      send(channel, payload);
    };
  }
  return emitters as EmittersOf<C>;
}

const none = z.tuple([]);
const nothing = z.void();
const interactionId = Id;
/** Paging of a list: at most `limit` rows after skipping `offset`. */
const PageSchema = z
  .strictObject({
    limit: z.number().int().min(1).max(1000).optional(),
    offset: z.number().int().min(0).optional(),
  })
  .optional();
const HistoryQuerySchema = z
  .strictObject({
    channel: Channel.optional(),
    since: z.number().int().nonnegative().optional(),
    until: z.number().int().nonnegative().optional(),
    after: HistoryCursorSchema.optional(),
    limit: z.number().int().min(1).max(1000).optional(),
    offset: z.number().int().min(0).optional(),
  })
  .optional();
const SearchTextSchema = z
  .string()
  .max(500)
  .refine((value) => value.trim() !== '', 'must not be blank');

/** A sender whose remote images the agent shows or blocks (normalized by main). */
const SenderSchema = z
  .string()
  .max(MAX_SENDER_LENGTH * 2)
  .refine((value) => senderAddress(value) !== undefined, 'must be an e-mail address');
/** The largest inline (`cid:`) image main hands to the renderer as a data: URL. */
export const INLINE_IMAGE_MAX_BYTES = 5 * 1024 * 1024;
/** An inline image, as the e-mail's HTML view shows it: never a file path, only the bytes. */
export const InlineImageSchema = z.strictObject({
  dataUrl: z
    .string()
    .max(Math.ceil(INLINE_IMAGE_MAX_BYTES / 3) * 4 + 64)
    .regex(/^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]*={0,2}$/u),
});
export type InlineImage = z.infer<typeof InlineImageSchema>;
/** A customer's link the agent chose to open: only what the shell lets leave the app. */
const ExternalLinkSchema = z
  .string()
  .max(MAX_EXTERNAL_URL_LENGTH)
  .refine(isSafeExternalUrl, 'only public https links are opened');

/**
 * The offline cache's health, as the desk reports it. `sound`: nothing found wrong (yet: the
 * quick check runs after start); `damaged`: the check or a write found damage, and the agent is
 * offered to move the file aside; `moveScheduled`: the agent chose that, and it happens at the
 * next start (the file is in use until then); `movedAside`: the cache could not be opened and
 * was moved aside at start, a fresh one opened; `inMemory`: the file is not used this run (a
 * newer Switchboard's cache, one that cannot be opened or written, another program's database,
 * a move asked for that cannot happen now), left untouched, and this run keeps its cache in
 * memory only. The desk words each state in its language; `message` is main's sentence.
 */
export const CacheHealthSchema = z.strictObject({
  /**
   * `fileDeleted`: the cache file was deleted (or replaced) while the desk runs; what it stores
   * is kept on the open file and written back to `path` when the desk closes.
   */
  state: z.enum(['sound', 'damaged', 'moveScheduled', 'movedAside', 'inMemory', 'fileDeleted']),
  /** The cache file. */
  path: z.string(),
  /** Where the damaged file was moved (`movedAside`). */
  movedTo: z.string().optional(),
  /** Why the file is not used (`inMemory`): a newer Switchboard's cache is said apart. */
  inMemoryBecause: z.enum(['newerVersion', 'other']).optional(),
  /** Main's own words, in English (the log's, the banner's Details). */
  message: z.string(),
});
export type CacheHealth = z.infer<typeof CacheHealthSchema>;

/**
 * Switchboard's contract. Nothing else declares channels. The GWS operations the renderer calls
 * as they are come from their one entry in common/gwsOperations.ts (`GWS_OPERATIONS`, spread
 * here per namespace from `GWS_CONTRACT_METHODS`), with the very schemas the client validates with; the
 * methods written here are the desk's own (the cache's queries, which answer online or not,
 * and the operations that are more than one REST call).
 */
export const contract = {
  app: {
    /** Product name, version and the platform and runtimes it runs on. */
    getInfo: method(none, AppInfoSchema),
    /** The agent clicked an OS notification: bring this interaction up. */
    notificationClicked: event(z.object({ interactionId: z.string() })),
    /**
     * An invitation arrived, or one still waits and the chime repeats (main/workstation/ringer.ts),
     * and the sound setting is on: the renderer plays the chime.
     */
    soundRequested: event(z.object({ kind: z.literal('invitation') })),
    /**
     * Every invitation waiting (not yet accepted, rejected, withdrawn or ended), uncapped: the
     * count the tray shows and the inbox's badge.
     */
    invitationsWaiting: method(none, z.number().int().nonnegative()),
    /** The number of invitations waiting changed (see `invitationsWaiting`). */
    invitationsChanged: event(z.object({ waiting: z.number().int().nonnegative() })),
  },
  session: {
    /** Connection, agent, the pre-filled server and user, and whether a password is kept. */
    getState: method(none, SessionStateSchema),
    /** Signs in (ending any current session first); remembers the server URL and user. */
    signIn: method(z.tuple([SignInRequestSchema]), SessionStateSchema),
    /** Ends the contact-center session and the notifications; the cache stays readable. */
    signOut: method(none, nothing),
    /** Deletes the remembered password of the current server and user. */
    forgetPassword: method(none, nothing),
    /** ChangePassword (003); the remembered password follows when there is one. */
    changePassword: method(
      z.tuple([z.string().min(1).max(1024), z.string().min(1).max(1024)]),
      nothing,
    ),
    /** Checks the link now (after a network change) and resyncs. */
    checkConnection: method(none, nothing),
    /** The interactions signing out or quitting would abandon (common/leaving.ts). */
    workInProgress: method(none, z.array(WorkInProgressSchema)),
    connectionChanged: event(SessionStateSchema),
    /** The offline cache's health (a damaged cache, one moved aside at start). */
    getCacheHealth: method(none, CacheHealthSchema),
    /**
     * Moves a damaged cache aside (renamed beside itself, kept, never deleted) and starts a
     * fresh one: at the next start, since the running desk holds the file open.
     */
    moveCacheAside: method(none, CacheHealthSchema),
    cacheHealthChanged: event(CacheHealthSchema),
    /** The accounts whose cache this machine holds, for "Open offline". */
    cachedAccounts: method(none, z.array(CachedAccountSchema)),
    /**
     * Opens an account's cache read-only with no server (signing out first), with that
     * account's password, checked against what its last online sign-in here left.
     */
    openOffline: method(z.tuple([OfflineAccountSchema]), SessionStateSchema),
    /** Leaves the offline review for the sign-in form (the cache stays as it is). */
    leaveOffline: method(none, SessionStateSchema),
  },
  agent: {
    /** The last known channel states (from the cache while offline). */
    getState: method(none, AgentStateSchema),
    /** Not Ready reasons of `/settings/agent-states` (cached after the first read). */
    getNotReadyReasons: method(none, z.array(NotReadyReasonSchema)),
    /**
     * The Not Ready reasons read again differ from those answered before: the contact center's
     * administrator added, renamed or removed one mid-shift (read again after a reconnection and
     * after the server refused a reason), or the session ended ([]).
     */
    notReadyReasonsChanged: event(z.array(NotReadyReasonSchema)),
    /** Ready on every channel, or on one. */
    setReady: method(z.tuple([Channel.optional()]), nothing),
    /** Not Ready on every channel, or on one, with a reason's operation name. */
    setNotReady: method(
      z.tuple([
        z.strictObject({ channel: Channel.optional(), reason: StateOperationName.optional() }),
      ]),
      nothing,
    ),
    /** Any agent state of /settings/agent-states by its operation name, everywhere or on one channel. */
    setAgentState: method(z.tuple([StateOperationName, Channel.optional()]), nothing),
    setDoNotDisturb: method(z.tuple([z.boolean()]), nothing),
    /** directory, setChannelDoNotDisturb. */
    ...GWS_CONTRACT_METHODS.agent,
  },
  interactions: {
    /** Active interactions from the cache, most recently changed first. */
    inbox: method(z.tuple([PageSchema]), z.array(InteractionSummarySchema)),
    /** One interaction with its transcript, e-mail and attachments, from the cache. */
    get: method(z.tuple([interactionId]), InteractionDetailSchema.nullable()),
    /** Ended interactions from the cache, most recent first. */
    history: method(z.tuple([HistoryQuerySchema]), z.array(InteractionSummarySchema)),
    /** The true sizes of the inbox, the invitations and the history, counted in the cache. */
    counts: method(none, InteractionCountsSchema),
    /** Full-text search of the cache. */
    search: method(z.tuple([SearchTextSchema, PageSchema]), z.array(SearchHitSchema)),
    /** Saves a transcript or e-mail as text or a self-contained HTML page. */
    saveTranscript: method(z.tuple([interactionId, z.enum(['text', 'html'])]), SavedFileSchema),
    /** The interactions that answer this one (replies, forwards), oldest first, from the cache. */
    replies: method(z.tuple([interactionId]), z.array(ReplySchema)),
    /** getOnServer and the operations on an interaction, e-mail and chat the desk calls as they are. */
    ...GWS_CONTRACT_METHODS.interactions,
  },
  attachments: {
    /** Opens a downloaded attachment with the OS's application (not executables). */
    open: method(z.tuple([interactionId, Id]), nothing),
    /** Copies a downloaded attachment where the agent chooses. */
    saveAs: method(z.tuple([interactionId, Id]), SavedFileSchema),
    /**
     * Tries the interaction's attachments that failed to download again now, with the full
     * schedule of waits after a new failure.
     */
    retryDownloads: method(z.tuple([interactionId]), nothing),
    downloaded: event(z.object({ interactionId: z.string(), attachment: StoredAttachmentSchema })),
    /**
     * An attachment's download changed phase, or moved on (at most every
     * DOWNLOAD_PROGRESS_INTERVAL_MS a file while it downloads); `downloaded` ends it.
     */
    download: event(
      z.object({
        interactionId: z.string(),
        attachmentId: z.string(),
        download: AttachmentDownloadSchema,
      }),
    ),
  },
  drafts: {
    /** The stored draft of an interaction (what the agent last typed), or null. */
    get: method(z.tuple([interactionId]), DraftSchema.nullable()),
    /** Every stored draft of the account, the last changed first. */
    list: method(none, z.array(DraftSchema)),
    /** Keeps a draft's fields in the cache as they are now; works signed out and offline. */
    save: method(z.tuple([DraftFieldsSchema]), DraftSchema),
    /** Forgets a stored draft (the copy of a draft whose e-mail is gone). */
    discard: method(z.tuple([interactionId]), nothing),
    /** Sends the draft with these fields (002 Send); the stored draft is then forgotten. */
    send: method(z.tuple([DraftFieldsSchema]), nothing),
    /** Cancels the draft on the server (002 CancelReplyEmail) and forgets it. */
    cancel: method(z.tuple([interactionId]), nothing),
    /**
     * Lets the agent pick files (a dialog of main's) and uploads each to the draft (003); answers
     * the stored draft with them, or null when nothing was picked.
     */
    attachFiles: method(z.tuple([DraftFieldsSchema]), DraftSchema.nullable()),
    /** The largest file the server takes, in bytes (what it states, else 25 MB). */
    attachmentLimit: method(none, z.number().int().positive()),
    /** Deletes a file from the draft on the server (003) and from the stored draft. */
    removeAttachment: method(z.tuple([DraftFieldsSchema, Id]), DraftSchema),
  },
  mail: {
    /** "Show images from this sender": remembered per sender address for this account. */
    allowRemoteImages: method(z.tuple([SenderSchema]), nothing),
    /** Blocks the sender's remote images again. */
    forgetRemoteImages: method(z.tuple([SenderSchema]), nothing),
    /**
     * Whether the agent allowed the sender's remote images. The detail carries it when read;
     * the view asks for an e-mail whose content arrived after the detail was read.
     */
    remoteImagesAllowed: method(z.tuple([SenderSchema]), z.boolean()),
    /**
     * An image of the e-mail's HTML (`cid:`) from its downloaded attachment, as a data: URL (the
     * frame never gets a file path); `notFound` until downloaded, `tooLarge` over the cap.
     */
    inlineImage: method(z.tuple([interactionId, Id]), InlineImageSchema),
    /**
     * Opens a customer's link (an e-mail's or a chat line's) in the agent's browser, after the
     * agent saw its target.
     */
    openLink: method(z.tuple([ExternalLinkSchema]), nothing),
  },
  workbins: {
    /**
     * The agent's workbins with their content, read from the server (subscribing to each
     * workbin's events) and stored in the cache; offline, the cache's copy, marked as cached.
     */
    overview: method(none, WorkbinsOverviewSchema),
    /** pull, unsubscribe (the overview subscribes). */
    ...GWS_CONTRACT_METHODS.workbins,
  },
  contactHistory: {
    /**
     * The contact's history as the cache holds it, online or not: the entries the server last
     * listed (newest first) with when it did (`fetchedAt`, absent when never), and the contents
     * opened since.
     */
    cached: method(z.tuple([Id]), ContactHistorySchema),
    /**
     * Asks the server for the contact's history (RetrieveInteractionHistory, 004), waits for its
     * answer and keeps it; answers the history as now cached. The server's `errorMessage` fails
     * with one sentence; no answer in 15 s fails `timeout`.
     */
    fetch: method(z.tuple([Id]), ContactHistorySchema),
    /**
     * Fetches a history entry's content (GetInteractionContent: a chat's transcript, an e-mail's
     * body), keeps it (searchable) and answers the entry as now cached.
     */
    open: method(z.tuple([Id, interactionId]), StoredHistoryEntrySchema),
  },
  library: {
    /** The signed-in agent's e-mail signature (plain text; empty when none). */
    getSignature: method(none, z.string()),
    /** Replaces the signature; answers it as kept. */
    setSignature: method(z.tuple([z.string().max(10_000)]), z.string()),
    /**
     * The agent's standard responses, by name; with a search text, those whose name or text
     * contains it. The first read of an account offers a few examples.
     */
    responses: method(z.tuple([z.string().max(200).optional()]), z.array(StandardResponseSchema)),
    /** Creates a standard response (no id) or changes one; answers it as kept. */
    saveResponse: method(z.tuple([StandardResponseDraftSchema]), StandardResponseSchema),
    deleteResponse: method(z.tuple([z.number().int().positive()]), nothing),
  },
  desk: {
    /**
     * What one commit of the offline cache changed, pushed once per commit after it: interaction
     * rows as they now look, transcript lines inserted, e-mails stored, the agent's channel
     * states (also on sign-in and sign-out), workbin and UCS answers. The renderer's stores fold
     * it and fetch only what they have never seen.
     */
    changed: event(ChangeSetSchema),
    /**
     * "While you were away": after a reconnect's resync that found something changed (or restored
     * the agent's state), what changed during the gap, once.
     */
    away: event(AwaySummarySchema),
    /**
     * The away summaries pushed since the agent last dismissed them, merged (common/awaySummary.ts
     * `mergeAway`): what a page loaded again (after its renderer was lost) shows. None: null.
     */
    awaySummary: method(none, AwaySummarySchema.nullable()),
    /**
     * The agent dismissed the away summary it was shown (the one of time `at`): main forgets it,
     * unless a later one came meanwhile.
     */
    dismissAway: method(z.tuple([z.number().int().nonnegative()]), nothing),
    /**
     * How far the server's clock is ahead of main's now (ChangeSet `serverClockAheadMs`, which
     * tells it when it moves): what a page just loaded moves the rows' server times by.
     */
    serverClockAhead: method(none, z.number()),
  },
  page: {
    /**
     * What the page told main to keep (main/workstation/pageMemory.ts): the interaction open and
     * the chats' half-typed messages, for a page loaded again after its renderer was lost. Empty
     * after a sign-out, and in a new run of the app.
     */
    memory: method(none, PageMemorySchema),
    /** The interaction the agent has open now (null: none). */
    keepOpen: method(z.tuple([Id.nullable()]), nothing),
    /** A chat's message box as it is now; an empty one (no text, to everyone) is forgotten. */
    keepChatDraft: method(z.tuple([Id, ChatDraftSchema]), nothing),
    /** The case-data edit open on an interaction as it is now (null: none, saved or closed). */
    keepCaseEdit: method(z.tuple([Id, CaseEditSchema.nullable()]), nothing),
  },
  settings: {
    get: method(none, SettingsSchema),
    /** Changes some settings; answers all of them. */
    update: method(z.tuple([SettingsSchema.partial().strict()]), SettingsSchema),
  },
} as const satisfies ContractSpec;

export type SwitchboardContract = typeof contract;
export type SwitchboardHandlers = HandlersOf<SwitchboardContract>;
export type SwitchboardClient = ClientOf<SwitchboardContract>;
export type SwitchboardEmitters = EmittersOf<SwitchboardContract>;
