import { lstat } from 'node:fs/promises';
import { compact } from '../../common/compact';
import {
  GwsEventSchema,
  isTypingNotice,
  type AgentState,
  type AttachmentInfo,
  type ChangeSet,
  type ChatEvent,
  type ChannelState,
  type ContactHistory,
  type GwsEvent,
  type InteractionDetail,
  type InteractionHead,
  type InteractionSnapshot,
  type InteractionCounts,
  type InteractionSummary,
  type Reply,
  type SearchHit,
  type StoredAttachment,
  type StoredHistoryEntry,
  type AttachmentDownload,
  type WorkbinContent,
  type WorkbinEntry,
  type WorkbinsOverview,
  UNKNOWN_CHANNEL,
} from '../../common/model';
import {
  chatParticipants,
  joinedAsAgent,
  ownPartyIn,
  partyKey,
} from '../../common/chatParticipants';
import { changesWait } from '../../common/chatReply';
import {
  ACCEPTED_STATE,
  CONSULTED_STATE,
  ENDED_STATES,
  INVITED_STATE,
  stateToTheAgent,
  writtenByAgent,
} from '../../common/interactionStates';
import { htmlToText } from '../../common/htmlText';
import { Listeners } from '../../common/listeners';
import type { StoredChannelStates } from '../cache/deskState';
import type { SearchQuery } from '../cache/search';
import { searchOnStore } from '../cache/searchOnStore';
import {
  addPurged,
  type AccountKey,
  type CacheStore,
  type HistoryQuery,
  type Consultation,
  type HandOffRecord,
  type InteractionRecord,
  type SentEmail,
} from '../cache/store';
import { createOperations } from '../gws/operations';
import { CLOCK_SKEW_NOTICED_MS } from '../gws/serverClock';
import type { GwsSession, StoreOutcome } from '../gws/session';
import {
  AttachmentDownloader,
  inFolder,
  removeUnusedFiles,
  storeAndRecord,
  type AttachmentDownloaderOptions,
  type DownloadFunction,
  type WorkstationLog,
} from './attachments';
import { DraftStarts } from './draftStarts';
import { reindexHtmlMail, type HtmlReindexResult } from './htmlReindex';
import {
  inviteOf,
  offeredBeforeThisSession,
  offersOver,
  isAnnouncedOffer,
  consultOf,
  previewOf,
  revokeOf,
  shouldAnnounceInvite,
  shouldAnnounceRevoke,
  type Commit,
  type PolicyEvent,
} from './policy';
import { agentStateOf, mergeChannels } from './presence';

export type { DownloadFunction, WorkstationLog } from './attachments';
export type { Commit, PolicyEvent } from './policy';

/** Full-text search, swappable (the default runs `searchCache` on the store's connection). */
export interface SearchClient {
  search(query: SearchQuery): Promise<SearchHit[]>;
  /**
   * `htmlToText(html)` off the main thread (the search worker's), for the words search keeps of
   * a large HTML-only e-mail; undefined when no worker runs (the writer makes them itself).
   */
  textOfHtml?(html: string): Promise<string | undefined>;
}

export interface CacheWriterOptions {
  readonly store: CacheStore;
  readonly account: AccountKey;
  /** Where downloaded attachments go; nothing is ever written or deleted outside it. */
  readonly attachmentsDir: string;
  /** Attachment downloads; without it, {@link CacheWriter.attach} uses the session's. */
  readonly download?: DownloadFunction;
  readonly now?: () => number;
  /**
   * How far the server's clock is ahead of {@link now} (GwsHttpClient `serverClockAheadMs`);
   * 0 by default. Chat lines carry the server's times, and so does a customer's wait: the change
   * set tells this lead when it moves (ChangeSet `serverClockAheadMs`), and the views move the
   * waits onto their clock by it.
   */
  readonly serverClockAheadMs?: () => number;
  /**
   * The names the signed-in agent joins chats under (common/chatParticipants.ts `ownPartyIn`):
   * a chat's detail, and a change set whose lines move its parties, say which party is the
   * agent's. None (the default): neither says it.
   */
  readonly agentNames?: () => readonly string[];
  readonly log: WorkstationLog;
  readonly searchClient?: SearchClient;
  /**
   * Told of every write that failed (after it is logged), so the owner can act on what the
   * error says, e.g. a damaged file (SQLITE_CORRUPT).
   */
  readonly writeFailed?: (error: unknown) => void;
  /** The waits before failed downloads are tried again (default DOWNLOAD_RETRY_DELAYS_MS). */
  readonly downloadRetryDelaysMs?: readonly number[];
  /** The session's download bound, for files whose e-mail states their size (its default otherwise). */
  readonly maxDownloadBytes?: number;
  /** Writes a downloaded file into the folder (default storeContent; tests give a refusing disk). */
  readonly storeAttachment?: AttachmentDownloaderOptions['storeContent'];
}

/** An attachment's download moved on (see {@link CacheWriter.onDownloadProgress}). */
export interface DownloadProgress {
  readonly interactionId: string;
  readonly attachmentId: string;
  readonly download: AttachmentDownload;
}

/** The channel states last reported for the account (the cache's typed `channel_states`). */
export type ChannelStates = StoredChannelStates;

export interface PurgeResult {
  readonly interactions: number;
  /** Attachment files deleted (a file still used by a kept interaction is kept). */
  readonly files: number;
  /** Files not deleted because their path is outside the attachments folder. */
  readonly refusedFiles: number;
  /**
   * Log rows deleted: the purged interactions', and those older than the cutoff of account-level
   * events or of interactions the cache does not hold.
   */
  readonly logRows: number;
  /** Contact-history entries deleted (not fetched again within the retention period). */
  readonly contactHistory: number;
}

/** How long signing out waits for attachment downloads under way. */
const SIGN_OUT_DOWNLOADS_GRACE_MS = 1_000;

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How long one transaction of the retention purge may hold the main thread before it commits
 * and yields to the event loop (IPC, CometD, the renderer's requests): half of a 60 Hz frame.
 */
export const PURGE_SLICE_MS = 8;

/**
 * Search documents are added to the full-text index in batches (see
 * CacheStore.deferSearchIndexing): once this many wait, or this long after the last write, and
 * always before a search of this writer's, so that a search finds every line stored.
 */
export const SEARCH_INDEX_BATCH = 256;
export const SEARCH_INDEX_DELAY_MS = 500;
/** After a failed indexing (a full disk), the next try waits longer than the usual delay. */
const SEARCH_INDEX_RETRY_MS = 5_000;
/**
 * From this size (in characters) an HTML-only e-mail's words are made off the main thread,
 * before its batch is written: `htmlToText` takes ~1 ms per 100 KB here (10–16 ms for a 1.6 MB
 * newsletter, 45 ms on a loaded machine), past a 60 Hz frame's 16 ms with the rest of the
 * write. Smaller mail (nearly all: most carries a text part anyway) is written as before,
 * without the trip to the worker.
 */
export const HTML_TEXT_OFF_THREAD_CHARS = 64 * 1024;
/** The text the search worker made of an e-mail's HTML. */
interface TextOfHtml {
  readonly html: string;
  readonly text: string;
}
/** interaction_events rows about the account rather than one interaction have this id. */
export const ACCOUNT_EVENT_ID = '';

/** What one event wrote, gathered into the batch's change set only if its savepoint held. */
interface Outcome {
  readonly heads?: readonly InteractionHead[];
  readonly lines?: { readonly interactionId: string; readonly lines: readonly ChatEvent[] };
  /** Typing notices: passed on in the change set, never stored. */
  readonly typing?: { readonly interactionId: string; readonly notices: readonly ChatEvent[] };
  readonly email?: string;
  readonly agent?: AgentState;
  readonly workbin?: ChangeSet['workbins'][number];
  readonly history?: ChangeSet['history'][number];
  readonly alerts?: readonly PolicyEvent[];
  /** An interaction whose pending attachments may now be downloaded. */
  readonly touched?: string;
  /** The offer (invitation, consultation) this event announced, and when (its arrival). */
  readonly offered?: { readonly interactionId: string; readonly at: number };
  /** Whether the lists' sizes may have changed: an interaction came, ended, or was (un)invited. */
  readonly recount?: boolean;
}

const NOTHING: Outcome = {};

/** An alert announcing an offer that the session keeps as announced (offeredBeforeThisSession). */
function announcesOffer(alert: PolicyEvent): alert is PolicyEvent & { kind: 'invite' | 'consult' } {
  return alert.kind === 'invite' || alert.kind === 'consult';
}

/** A batch's writes as they accumulate, before the commit turns them into a change set. */
class BatchChanges {
  readonly heads = new Map<string, InteractionHead>();
  readonly lines = new Map<string, ChatEvent[]>();
  readonly typing = new Map<string, ChatEvent[]>();
  readonly emails = new Set<string>();
  readonly workbins: ChangeSet['workbins'] = [];
  readonly history: ChangeSet['history'] = [];
  readonly alerts: PolicyEvent[] = [];
  readonly touched = new Set<string>();
  /** The offers the batch announced, by interaction, and when. */
  readonly offers = new Map<string, number>();
  agent: AgentState | undefined;
  recount = false;

  add(outcome: Outcome): void {
    if (outcome.recount === true) this.recount = true;
    for (const head of outcome.heads ?? []) {
      // The latest state wins, at the place of the interaction's first change.
      this.heads.set(head.id, head);
    }
    if (outcome.lines !== undefined && outcome.lines.lines.length > 0) {
      const known = this.lines.get(outcome.lines.interactionId);
      if (known === undefined)
        this.lines.set(outcome.lines.interactionId, [...outcome.lines.lines]);
      else known.push(...outcome.lines.lines);
    }
    if (outcome.typing !== undefined && outcome.typing.notices.length > 0) {
      const known = this.typing.get(outcome.typing.interactionId);
      if (known === undefined)
        this.typing.set(outcome.typing.interactionId, [...outcome.typing.notices]);
      else known.push(...outcome.typing.notices);
    }
    if (outcome.email !== undefined) this.emails.add(outcome.email);
    if (outcome.agent !== undefined) this.agent = outcome.agent;
    if (outcome.workbin !== undefined) this.workbins.push(outcome.workbin);
    if (outcome.history !== undefined) this.history.push(outcome.history);
    if (outcome.alerts !== undefined) this.alerts.push(...outcome.alerts);
    if (outcome.touched !== undefined) this.touched.add(outcome.touched);
    if (outcome.offered !== undefined)
      this.offers.set(outcome.offered.interactionId, outcome.offered.at);
  }

  /** Whether an earlier event of the batch announced an invitation or consultation of this interaction. */
  announced(interactionId: string): boolean {
    return this.alerts.some(
      (alert) => announcesOffer(alert) && alert.interactionId === interactionId,
    );
  }

  get empty(): boolean {
    return (
      this.heads.size === 0 &&
      this.lines.size === 0 &&
      this.typing.size === 0 &&
      this.emails.size === 0 &&
      this.agent === undefined &&
      this.workbins.length === 0 &&
      this.history.length === 0 &&
      this.alerts.length === 0
    );
  }
}

/** An event's arrival time (CacheWriter `arrival`): recorded with it, or read off the clock now. */
interface Arrival {
  readonly at: number;
  readonly recorded: boolean;
}

/** Whether a customer can wait for the agent's answer in it: a live chat (common/chatReply.ts). */
function mayWait(summary: Pick<InteractionSummary, 'phase' | 'channel'>): boolean {
  return summary.phase !== 'ended' && summary.channel === 'chat';
}

/**
 * Whether a write failed because of the storage (disk full, I/O error, locked, read-only), not
 * the event: trying the same write again later may succeed, so the event must be read again.
 */
function isStorageFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && STORAGE_FAILURE.test(code);
}

const STORAGE_FAILURE = /^SQLITE_(FULL|IOERR|BUSY|LOCKED|READONLY|CANTOPEN|NOMEM)/;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whether two values read from JSON write the same JSON (the same value, the common case, first). */
function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * What upserting `snapshot` would change of the stored interaction, as the event log records a
 * later snapshot: each field whose value differs (userData key by key, with the keys it drops),
 * and `reopened` when the stored one is over. Empty when it would change nothing. Fields the
 * snapshot leaves out (or sends empty: GWS omits userData and recipients from some messages)
 * keep their stored values, as in {@link CacheStore.upsertInteraction}.
 */
function snapshotChanges(
  stored: InteractionRecord,
  snapshot: InteractionSnapshot,
): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  if (stored.endedAt !== undefined) changes.reopened = true;
  // Accepted ↔ PropertiesChanged is the server's bookkeeping: the stored word stays, unless the
  // row never had the agent accept it (pulled, consulted), whose first acceptance is recorded.
  const accepted = stateToTheAgent(snapshot.state) === ACCEPTED_STATE;
  if (
    stateToTheAgent(stored.state) !== stateToTheAgent(snapshot.state) ||
    (accepted && stored.acceptedAt === undefined)
  )
    changes.state = snapshot.state;
  if (stored.channel !== snapshot.channel) changes.channel = snapshot.channel;
  for (const key of KEPT_WHEN_ABSENT) {
    const value = snapshot[key];
    if (value !== undefined && value !== stored[key]) changes[key] = value;
  }
  if (!sameJson(stored.capabilities, snapshot.capabilities))
    changes.capabilities = snapshot.capabilities;
  if (snapshot.to !== undefined && snapshot.to.length > 0 && !sameJson(stored.to, snapshot.to))
    changes.to = snapshot.to;
  // Key by key: most values are strings, compared as they are (writing the whole of the
  // attached data twice to compare it cost more than the rest of an e-mail's update).
  if (Object.keys(snapshot.userData).length > 0) {
    const userData = Object.fromEntries(
      Object.entries(snapshot.userData).filter(
        ([key, value]) =>
          !Object.hasOwn(stored.userData, key) || !sameJson(stored.userData[key], value),
      ),
    );
    const dropped = Object.keys(stored.userData).filter(
      (key) => !Object.hasOwn(snapshot.userData, key),
    );
    if (Object.keys(userData).length > 0) changes.userData = userData;
    if (dropped.length > 0) changes.userDataDropped = dropped;
  }
  return changes;
}

/**
 * The snapshot with what its message did not say taken from the stored interaction: the channel
 * when it names none ({@link UNKNOWN_CHANNEL}) and the capabilities when it lists none. 003's
 * StartConference and EndConference notifications carry only `id` and `state`; read as they
 * are, a colleague leaving a conference turned the remaining agent's chat into one of no
 * channel with no operations (no message box, no Done).
 */
function withWhatItLeavesOut(
  snapshot: InteractionSnapshot,
  stored: InteractionRecord,
): InteractionSnapshot {
  const channelUnsaid = snapshot.channel === UNKNOWN_CHANNEL && stored.channel !== UNKNOWN_CHANNEL;
  if (!channelUnsaid && snapshot.capabilities !== undefined) return snapshot;
  return {
    ...snapshot,
    ...(channelUnsaid ? { channel: stored.channel } : {}),
    capabilities: snapshot.capabilities ?? stored.capabilities,
  };
}

/** The snapshot's optional fields that keep their stored value when a message leaves them out. */
const KEPT_WHEN_ABSENT = [
  'type',
  'subType',
  'subject',
  'queue',
  'from',
  'threadId',
  'parentId',
  'contactId',
  'startedAt',
] as const;

/**
 * The payload logged for an arrival that changed nothing the cache holds (GWS repeats the whole
 * snapshot, and the e-mail's content, with every chat line and every resync): the row records
 * the arrival; the snapshot it repeats is in the log already, where it last changed.
 */
function unchangedPayload(event: GwsEvent): { type: GwsEvent['type']; unchanged: true } {
  return { type: event.type, unchanged: true };
}

/**
 * The event as logged: e-mail bodies and comments are kept in `emails`, the log keeps only
 * their sizes; chat lines are kept in `chat_messages`, the log keeps only their event ids.
 */
function logPayload(event: GwsEvent): unknown {
  if (event.type === 'chatEventsReceived')
    return { type: event.type, eventIds: event.events.map((line) => line.eventId) };
  if (event.type !== 'emailContentReceived') return event;
  const { text, html, comment, ...email } = event.email;
  return {
    ...event,
    email: {
      ...email,
      textLength: text?.length ?? 0,
      htmlLength: html?.length ?? 0,
      ...(comment === undefined ? {} : { commentLength: comment.length }),
    },
  };
}

/** Chat lines in transcript order (a batch may carry a resync's lines after newer ones). */
function byEventId(a: ChatEvent, b: ChatEvent): number {
  return a.eventId - b.eventId;
}

/**
 * The event→cache writer: the one subscriber of the GWS session's domain events. It applies
 * them to the offline cache, one batch (the events of one notification, one resync) in one
 * transaction, and after the commit announces one {@link Commit}: the change set of what the
 * views show (interaction heads as they now are, transcript lines actually inserted, e-mails as
 * stored, the agent's channel states when they changed, workbin and UCS answers passed on) and
 * the alerts derived from it (which invitations and withdrawals to announce, with previews).
 * Tray, alerts, presence and the renderer fold that one object; nothing re-reads the cache to
 * learn what changed. It also downloads accepted e-mails' attachments, and answers the UI's
 * queries from the cache alone, online or not.
 *
 * **Trust.** Events from the session are typed by the normalizer and applied as they are;
 * input from outside the process (a recorded stream read from a file) goes through
 * {@link applyUntrusted}, which validates it first.
 *
 * **Transactions and failures.** A batch is one transaction; each event has its own savepoint,
 * so an event whose writes fail is logged and rolled back alone (and contributes nothing to the
 * change set), everything else kept. Applying never throws. A write that fails for the storage's
 * sake (disk full, I/O error, locked: trying again later may succeed) is told to the attached
 * session ({@link GwsSession.storeOutcome}), which reports it and reads those events again by a
 * resync; {@link onStored} hears only the events that were committed.
 *
 * **Idempotency.** Every write is keyed (interaction id, chat event id, attachment id, setting
 * key) and events are applied with their arrival time `at` (the clock by default; a recorded
 * stream passes the recorded times). A recorded interaction event older than what the cache
 * holds about the interaction (`at < updated_at`) is stale: logged, not applied, not announced;
 * a live one is not (the clock went back), and takes the row's time. A repeated end of an interaction already over changes nothing, and an update that
 * would change nothing is not written (so a resync does not bump `updated_at`, nor appear in
 * the change set). Hence replaying a recorded stream into a fresh cache gives the same content
 * as the first time, and replaying it into the same cache changes no table but the event log.
 *
 * **The event log** (`interaction_events`) stays append-only, as the schema describes it: it
 * records every arrival, so that a replay, a resync or a duplicate delivery shows up there (the
 * only table a replay changes). Its payload is what the arrival brought that the other tables do
 * not already hold: an interaction's first snapshot whole, a later one as `{type, changes}` (the
 * fields it changed, userData key by key: GWS repeats the whole snapshot, attached data
 * included, with every chat line and every update, and logging it whole made the log most of the
 * cache), one that changed nothing as `{type, unchanged: true}`; an e-mail's content with its
 * bodies as their sizes (the bodies are in `emails`), or as unchanged; chat lines as their event
 * ids (the lines are in `chat_messages`). A replay into the same cache logs every arrival again,
 * as unchanged. Interaction events are logged under the interaction's id,
 * `workbinChanged` under each interaction it names, `channelStateChanged` and `passwordChanged`
 * under {@link ACCOUNT_EVENT_ID}. `history*` answers (UCS queries) are passed on in the change
 * set, and kept as the contact's history (migration 0100: the listing under the contact asked
 * about, opened contents searchable) but not logged; `rawNotification` (voice) is neither.
 *
 * **Revoked invitations stay in history** (state `Revoked`, no `acceptedAt`): the agent can see
 * what was offered and missed. An interaction first heard of through its end is stored too
 * when the event carries its snapshot.
 *
 * **Channel states** are merged ({@link mergeChannels}) from the start of each attached session
 * and kept in the cache's `channel_states` table (migration 0020), so the UI can show the last
 * known states offline.
 */
export class CacheWriter {
  readonly accountId: number;
  private readonly store: CacheStore;
  private readonly log: WorkstationLog;
  private readonly clock: () => number;
  private readonly serverClockAhead: () => number;
  private readonly searchClient: SearchClient;
  private readonly downloader: AttachmentDownloader;
  private sessionDownload: DownloadFunction | undefined;
  /** Aborted at {@link close}: the downloads under way end. */
  private readonly downloadsStop = new AbortController();
  /**
   * The server's lead ({@link CacheWriterOptions.serverClockAheadMs}) the last change set told
   * (undefined: none told yet, so the writer's first commit tells it): once the lead moves by
   * {@link CLOCK_SKEW_NOTICED_MS} (an NTP correction, the time set by hand), the next commit
   * tells it again, and the views move every wait by it; no row is sent again for it.
   */
  private aheadTold: number | undefined;
  /** Set while search documents wait to be indexed (see {@link searchDocumentsStored}). */
  private searchIndexTimer: ReturnType<typeof setTimeout> | undefined;
  /** The merged channel states the next channel report merges into. */
  private channels: ChannelState[];
  private readonly commitListeners: Listeners<[Commit]>;
  private readonly downloadListeners: Listeners<[string, StoredAttachment]>;
  private readonly progressListeners: Listeners<[DownloadProgress]>;
  private readonly detachers = new Set<() => void>();
  /**
   * The invitations and consultations announced since the writer was attached to its session
   * and still offered ({@link offeredBeforeThisSession}), with when: the session's alerts know
   * only these, and an invitation's row carries the time (`offeredAt`), where its countdown
   * starts, as the notification's does.
   */
  private readonly announcedOffers = new Map<string, number>();
  private readonly storedListeners: Listeners<[readonly GwsEvent[]]>;
  /**
   * The contact each pending RetrieveInteractionHistory asked about, by its referenceId (see
   * {@link expectContactHistory}).
   */
  private readonly historyContacts = new Map<number, string>();
  /**
   * Who placed each workbin item and why, as the last notification about it said (or the desk's
   * own PlaceInWorkbin, {@link placedByAgent}), by {@link placementKey}. In memory, not in the
   * cache: GetWorkbinContent (which a read of the panel stores) does not carry them, so a
   * stored copy could not be kept true; a restart forgets them and the panel shows none until
   * the next notification.
   */
  private readonly placements = new Map<string, Pick<WorkbinEntry, 'placedBy' | 'reason'>>();
  /**
   * The drafts this desk asked the server for (Reply, ReplyAll, Forward, CreateEmail), until
   * each arrives: a draft's first snapshot tells its start its id, and is recorded as the
   * original's child when the server names no parent (see DraftStarts).
   */
  readonly draftStarts = new DraftStarts();
  /**
   * The text the search worker made of large HTML-only e-mails' HTML, for the batch being
   * written (see {@link attach}); empty otherwise.
   */
  private textsOfHtml: readonly TextOfHtml[] = [];
  /** The session's batches still waiting for such a text, in order (see {@link attach}). */
  private waitingBatches: Promise<void> | undefined;
  /** Whether a failed trip to the worker was logged (said once: the next ones fail alike). */
  private textOfHtmlFailureLogged = false;
  /** Whether {@link close} was called: the background reindex stops. */
  private closing = false;
  /** The reindex of the account's HTML-only e-mails, once started (see {@link reindexHtmlMail}). */
  private htmlReindex: Promise<HtmlReindexResult | undefined> | undefined;
  /** What the last {@link applyBatch} came to, for the session it is attached to. */
  private lastOutcome: StoreOutcome = { unstored: [] };

  constructor(private readonly options: CacheWriterOptions) {
    this.store = options.store;
    this.log = options.log;
    this.commitListeners = new Listeners<[Commit]>((error) => {
      this.log.warn(`commit listener failed: ${message(error)}`);
    });
    this.downloadListeners = new Listeners<[string, StoredAttachment]>((error) => {
      this.log.warn(`download listener failed: ${message(error)}`);
    });
    this.progressListeners = new Listeners<[DownloadProgress]>((error) => {
      this.log.warn(`download progress listener failed: ${message(error)}`);
    });
    this.storedListeners = new Listeners<[readonly GwsEvent[]]>((error) => {
      this.log.warn(`stored-events listener failed: ${message(error)}`);
    });
    this.clock = options.now ?? Date.now;
    this.serverClockAhead = options.serverClockAheadMs ?? (() => 0);
    this.accountId = this.store.accountId(options.account);
    const store = this.store;
    this.searchClient = options.searchClient ?? {
      search: (query) => Promise.resolve(searchOnStore(store, query)),
    };
    this.channels = this.channelStates()?.channels ?? [];
    this.store.deferSearchIndexing();
    // Documents a crash left unindexed are indexed before anything else happens.
    this.indexSearchDocuments();
    this.downloader = new AttachmentDownloader({
      store: this.store,
      accountId: this.accountId,
      dir: options.attachmentsDir,
      download: () => this.options.download ?? this.sessionDownload,
      now: this.clock,
      log: this.log,
      downloaded: (interactionId, attachmentId) => {
        this.announceDownload(interactionId, attachmentId);
      },
      progress: (interactionId, attachmentId, download) => {
        this.progressListeners.emit({ interactionId, attachmentId, download });
      },
      ...(options.downloadRetryDelaysMs === undefined
        ? {}
        : { retryDelaysMs: options.downloadRetryDelaysMs }),
      ...(options.storeAttachment === undefined ? {} : { storeContent: options.storeAttachment }),
      ...(options.maxDownloadBytes === undefined
        ? {}
        : { maxDownloadBytes: options.maxDownloadBytes }),
    });
  }

  // ---- events ------------------------------------------------------------------------------

  /**
   * Applies one event in one transaction (see {@link applyBatch}). `at` is its arrival time
   * (default: now). Never throws.
   */
  apply(event: GwsEvent, at?: number): Commit {
    return this.applyBatch([event], at);
  }

  /**
   * Validates input from outside the process (a recorded stream read from a file) and applies
   * it; what is not a GWS event is logged and skipped. Never throws.
   */
  applyUntrusted(input: unknown, at?: number): Commit {
    const parsed = GwsEventSchema.safeParse(input);
    if (parsed.success) return this.apply(parsed.data, at);
    this.log.warn(`skipped an event that is not a GWS event: ${parsed.error.message}`);
    return { changes: emptyChangeSet(), alerts: [] };
  }

  /**
   * Applies events in order, in one transaction (each event in its own savepoint, so a failing
   * one is rolled back alone), then announces the commit to {@link onCommit} listeners and
   * returns it. Invitations carry the customer's first line when the cache holds it once the
   * batch is written (an invitation's chat events come right after it). `at` is one arrival
   * time for all the events, or one per event (a recorded stream's several messages in one
   * batch). Never throws.
   */
  applyBatch(events: readonly GwsEvent[], at?: number | readonly number[]): Commit {
    let batch = new BatchChanges();
    // Events that were not written: a storage failure's (to read again) or skipped for good.
    const notStored = new Set<GwsEvent>();
    let storageFailure: string | undefined;
    let commit: Commit;
    const channelsBefore = this.channels;
    const arrivals = events.map((_, index) =>
      this.arrival(typeof at === 'number' ? at : at?.[index]),
    );
    const ahead = this.serverClockAhead();
    const tellAhead = this.aheadToTell(ahead);
    /**
     * The batch in one transaction (each commit costs more than most of its writes). Nearly
     * every batch writes cleanly, so its events are first written with no savepoint at all: a
     * savepoint makes SQLite journal each page it changes a second time (one savepoint around
     * the batch cost ~15% of the ingest rate, one per event ~5%). When a write fails, that
     * transaction is rolled back and the batch written again, each event in its own savepoint,
     * so that only what fails is skipped.
     */
    const writeBatch = (eachInASavepoint: boolean): Commit =>
      this.store.transaction(() => {
        this.channels = channelsBefore;
        batch = new BatchChanges();
        for (const [index, event] of events.entries()) {
          const arrival = arrivals[index] ?? this.arrival(undefined);
          if (!eachInASavepoint) {
            batch.add(this.write(event, arrival, batch));
            continue;
          }
          try {
            batch.add(this.store.transaction(() => this.write(event, arrival, batch)));
          } catch (error) {
            this.log.warn(`skipped ${event.type}: ${message(error)}`);
            this.options.writeFailed?.(error);
            notStored.add(event);
            if (isStorageFailure(error)) storageFailure ??= message(error);
          }
        }
        return {
          changes: {
            ...this.changeSetOf(batch),
            ...(tellAhead ? { serverClockAheadMs: ahead } : {}),
          },
          alerts: this.withPreviews(batch),
        };
      });
    try {
      try {
        commit = writeBatch(false);
      } catch (error) {
        // A lone event is its batch: there is nothing else to keep.
        if (events.length === 1) throw error;
        commit = writeBatch(true);
      }
    } catch (error) {
      this.channels = channelsBefore;
      for (const event of events) notStored.add(event);
      // Every event of the batch is read again: even one skipped alone was rolled back.
      if (isStorageFailure(error)) storageFailure = message(error);
      this.lastOutcome = {
        unstored: storageFailure === undefined ? [] : events,
        ...(storageFailure === undefined ? {} : { failure: storageFailure }),
      };
      const [lone] = events;
      this.log.warn(
        events.length === 1 && lone !== undefined
          ? `skipped ${lone.type}: ${message(error)}`
          : `a batch of ${events.length} events failed to commit: ${message(error)}`,
      );
      this.options.writeFailed?.(error);
      return { changes: emptyChangeSet(), alerts: [] };
    }
    this.lastOutcome =
      storageFailure === undefined
        ? { unstored: [] }
        : { unstored: events.filter((event) => notStored.has(event)), failure: storageFailure };
    const stored = notStored.size === 0 ? events : events.filter((event) => !notStored.has(event));
    this.searchDocumentsStored();
    if (stored.length > 0) this.storedListeners.emit(stored);
    for (const interactionId of batch.touched) this.downloadIfOwned(interactionId);
    this.rememberAnnounced(commit, batch);
    if (tellAhead) this.aheadTold = ahead;
    if (!batch.empty || tellAhead) this.commitListeners.emit(commit);
    return commit;
  }

  /** Whether a change set must tell the lead `ahead`: none told yet, or it moved since. */
  private aheadToTell(ahead: number): boolean {
    return (
      this.aheadTold === undefined || Math.abs(ahead - this.aheadTold) >= CLOCK_SKEW_NOTICED_MS
    );
  }

  /**
   * Tells the server's lead ({@link CacheWriterOptions.serverClockAheadMs}) at once, in a change
   * set of its own (no row in it), when it moved since the last one told: this machine's clock
   * jumped, or an answer measured it anew. Waiting for the next event left every wait on a quiet
   * desk (an agent in a long chat) off by the move. Answers the commit told, if any.
   */
  tellServerClock(): Commit | undefined {
    const ahead = this.serverClockAhead();
    if (!this.aheadToTell(ahead)) return undefined;
    this.aheadTold = ahead;
    const commit: Commit = {
      changes: { ...emptyChangeSet(), serverClockAheadMs: ahead },
      alerts: [],
    };
    this.commitListeners.emit(commit);
    return commit;
  }

  /**
   * Keeps {@link announcedOffers} to the invitations and consultations a commit announced and
   * still offered. A consultation is no offer to the tray (offersOver counts it over: the agent
   * is in the chat already), but its every line repeats its state, and it stays announced until
   * it leaves that state.
   */
  private rememberAnnounced(commit: Commit, batch: BatchChanges): void {
    for (const [interactionId, at] of batch.offers) this.announcedOffers.set(interactionId, at);
    // Nearly every commit (a chat line) finds none announced: nothing to look up.
    if (this.announcedOffers.size === 0) return;
    for (const interactionId of offersOver(commit.changes)) {
      if (!this.announcedOffers.has(interactionId)) continue;
      const head = commit.changes.interactions.find((changed) => changed.id === interactionId);
      const stillOffered =
        head !== undefined && head.phase !== 'ended' && isAnnouncedOffer(head.state);
      if (!stillOffered) this.announcedOffers.delete(interactionId);
    }
  }

  /**
   * The events of each batch that the cache committed, in order, after the commit (what
   * `listen` prints): an event a failed write kept out is never among them.
   */
  onStored(listener: (events: readonly GwsEvent[]) => void): () => void {
    return this.storedListeners.add(listener);
  }

  /**
   * Tells which contact the RetrieveInteractionHistory answered `referenceId` asked about, so
   * that its answer is kept under that contact even when it lists nothing. (An answer that
   * arrives before this is kept under the contact its entries name.) Answers how to stop
   * expecting it, which the request calls when it ends: only an answer listing entries removes
   * the expectation by itself, so one whose answer failed, never came or came before this
   * stayed for the whole sign-in (one a fetch, over a shift), and a referenceId the server
   * gave again later (numbered anew after a restart) was filed under the old contact.
   */
  expectContactHistory(referenceId: number, contactId: string): () => void {
    this.historyContacts.set(referenceId, contactId);
    return () => {
      if (this.historyContacts.get(referenceId) === contactId)
        this.historyContacts.delete(referenceId);
    };
  }

  /** How many contact-history requests are expected (for tests of bounds). */
  get expectedContactHistories(): number {
    return this.historyContacts.size;
  }

  /** A contact's history as the cache holds it (online or not), newest first. */
  contactHistory(contactId: string): ContactHistory {
    return this.store.contactHistory().contactHistory(this.accountId, contactId);
  }

  /** A history entry as the cache holds it, under whichever contact; undefined when none. */
  historyEntry(interactionId: string): StoredHistoryEntry | undefined {
    return this.store.contactHistory().historyEntry(this.accountId, interactionId);
  }

  /**
   * Each commit that changed something, after it committed: the change set and its alerts.
   * Returns the unsubscribe function.
   */
  onCommit(listener: (commit: Commit) => void): () => void {
    return this.commitListeners.add(listener);
  }

  /**
   * Makes the text search keeps of each large HTML-only e-mail of `events` on the search worker
   * (see {@link HTML_TEXT_OFF_THREAD_CHARS}), for {@link textOfHtml} to give when the batch is
   * written; resolves once they are made. Undefined when there is none to make (no such e-mail,
   * its HTML stored already, no worker). Never rejects: a failed trip leaves the text to be
   * made on the main thread, as without a worker.
   */
  private textsOfLargeHtml(events: readonly GwsEvent[]): Promise<TextOfHtml[]> | undefined {
    const textOfHtml = this.options.searchClient?.textOfHtml?.bind(this.options.searchClient);
    if (textOfHtml === undefined) return undefined;
    const trips: Promise<TextOfHtml | undefined>[] = [];
    for (const event of events) {
      if (event.type !== 'emailContentReceived') continue;
      const { text, html } = event.email;
      if (html === undefined || html.length < HTML_TEXT_OFF_THREAD_CHARS) continue;
      if (text !== undefined && text.trim() !== '') continue;
      if (this.mayHoldEmailHtml(event.interactionId, html)) continue;
      trips.push(
        textOfHtml(html).then(
          (made) => (made === undefined ? undefined : { html, text: made }),
          (error: unknown) => {
            if (!this.textOfHtmlFailureLogged)
              this.log.warn(
                `the search worker could not make an e-mail's text (${message(error)}); the main thread makes it`,
              );
            this.textOfHtmlFailureLogged = true;
            return undefined;
          },
        ),
      );
    }
    return trips.length === 0
      ? undefined
      : Promise.all(trips).then((made) => made.filter((text) => text !== undefined));
  }

  /**
   * Whether the cache holds this HTML for the interaction already, or cannot say: a read that
   * fails (a damaged page) is left to the batch's write, which fails alike and is told as every
   * failed write is. Thrown from the microtask that applies the batch, it was an uncaught
   * exception of main, and the batch (and the session's word on it) was lost.
   */
  private mayHoldEmailHtml(interactionId: string, html: string): boolean {
    try {
      return this.store.holdsEmailHtml(this.accountId, interactionId, html);
    } catch {
      return true;
    }
  }

  /** The text of an e-mail's HTML: the worker's when it made it, else made here. */
  private readonly textOfHtml = (html: string): string => {
    for (const made of this.textsOfHtml) if (made.html === html) return made.text;
    return htmlToText(html);
  };

  /**
   * Becomes the session's one event subscriber: the events it emits in one synchronous run
   * (one notification, one resync) are applied as one batch, in the microtask that follows,
   * and announced as one commit; a batch with a large HTML-only e-mail once the search worker
   * has made its text (see {@link textsOfLargeHtml}), the batches after it behind it, in order
   * ({@link close} writes those still waiting). Downloads attachments through the session (unless a
   * `download` was given). Channel states merge afresh from the session's start. Returns the
   * unsubscribe function.
   */
  attach(session: GwsSession): () => void {
    const { requester } = session;
    // The operation as the table makes it, over a requester that tells this file's progress and
    // stops at close.
    const download: DownloadFunction = (id, documentId, progress) =>
      createOperations({
        ...requester,
        getBytes: (path) => requester.getBytes(path, progress, this.downloadsStop.signal),
      }).downloadAttachment(id, documentId);
    this.sessionDownload = download;
    // A moved lead is told at once, not with the next event (a quiet desk may have none for long).
    const stopHearingClock = session.http.onServerClockMoved(() => {
      this.tellServerClock();
    });
    // Reset as the session's first batch is written, not now: an earlier session's batches
    // may still wait (see below), and they merge into that session's states.
    let channelsStartAfresh = true;
    // A new session's alerts have announced nothing; what an earlier one left live in the cache
    // (offers and work in hand) is confirmed, or withdrawn or ended, by the server's list at
    // sign-in.
    this.announcedOffers.clear();
    // The latest of them, as many as the session remembers (it confirms no more at once).
    session.confirmHeld(this.store.liveInteractions(this.accountId, session.maxKnownInteractions));
    let batch: GwsEvent[] = [];
    const store = (events: readonly GwsEvent[], texts: readonly TextOfHtml[] = []) => {
      if (channelsStartAfresh) this.channels = [];
      channelsStartAfresh = false;
      this.textsOfHtml = texts;
      this.applyBatch(events);
      this.textsOfHtml = [];
      // The session counts its events as seen only once they are committed.
      session.storeOutcome(this.lastOutcome);
    };
    const unsubscribe = session.onEvent((event) => {
      batch.push(event);
      if (batch.length > 1) return;
      queueMicrotask(() => {
        const events = batch;
        batch = [];
        const before = this.waitingBatches;
        // A batch whose e-mail's text is made on the worker waits for it, and every later
        // batch waits behind it: the cache takes the session's events in their order. One
        // that waits asks for its texts only once those before it are written: GWS repeats an
        // e-mail's content with each notification of it, and an HTML a batch before stored is
        // not sent to the worker again (textsOfLargeHtml asks the cache).
        let texts: Promise<TextOfHtml[] | undefined>;
        if (before === undefined) {
          const made = this.textsOfLargeHtml(events);
          if (made === undefined) {
            store(events);
            return;
          }
          texts = made;
        } else texts = before.then(() => this.textsOfLargeHtml(events));
        const waiting = texts
          .then((made) => {
            store(events, made);
          })
          .catch((error: unknown) => {
            // Only a listener of the session could throw here: the batches after it still go.
            this.log.warn(`a batch's outcome could not be told: ${message(error)}`);
          });
        this.waitingBatches = waiting;
        void waiting.finally(() => {
          if (this.waitingBatches === waiting) this.waitingBatches = undefined;
        });
      });
    });
    const detach = () => {
      unsubscribe();
      stopHearingClock();
      if (this.sessionDownload === download) {
        this.sessionDownload = undefined;
        // Signed out: the next session tries every pending file again (retryDownloads).
        if (this.options.download === undefined) this.downloader.suspend();
      }
      this.detachers.delete(detach);
    };
    this.detachers.add(detach);
    return detach;
  }

  /** Attachments as they are downloaded and recorded in the cache. */
  onAttachmentDownloaded(
    listener: (interactionId: string, attachment: StoredAttachment) => void,
  ): () => void {
    return this.downloadListeners.add(listener);
  }

  /**
   * Where attachment downloads stand as they change (each file's progress at most every
   * DOWNLOAD_PROGRESS_INTERVAL_MS); {@link onAttachmentDownloaded} ends one.
   */
  onDownloadProgress(listener: (progress: DownloadProgress) => void): () => void {
    return this.progressListeners.add(listener);
  }

  /**
   * The agent's "try again" for an interaction's failed downloads: at once, with the whole
   * schedule of waits after a new failure (when the agent still works on it).
   */
  retryDownloadsOf(interactionId: string): void {
    this.downloadIfOwned(interactionId, { now: true });
  }

  /** Tries the pending downloads of every owned interaction again (after reconnecting). */
  retryDownloads(): void {
    for (const interaction of this.store.inbox(this.accountId))
      this.downloadIfOwned(interaction.id);
  }

  /** Resolves once no attachment download is running. */
  downloadsIdle(): Promise<void> {
    return this.downloader.idle();
  }

  /**
   * Before signing out (downloads need the session): resolves once no attachment download is
   * running, or after {@link SIGN_OUT_DOWNLOADS_GRACE_MS}. A big file, or a server sending a byte
   * now and then, must not hold up the sign-out (`listen`'s Ctrl-C waited for good); the next
   * sign-in resumes what is left.
   */
  async downloadsIdleBeforeSignOut(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, SIGN_OUT_DOWNLOADS_GRACE_MS);
    });
    await Promise.race([this.downloadsIdle(), timeout]);
    clearTimeout(timer);
  }

  /**
   * Makes the search documents of the account's HTML-only e-mails again, in the background, if
   * an older `htmlToText` made them (see {@link reindexHtmlMail}): the text on the search worker
   * when it runs, each batch in the full-text index at once. Once per writer, called by its
   * owner once the cache is open; stops at {@link close}, and the next writer on the cache
   * resumes. Never rejects: a failure is logged, and the next start tries again.
   */
  reindexHtmlMail(): Promise<HtmlReindexResult | undefined> {
    this.htmlReindex ??= reindexHtmlMail({
      store: this.store,
      accountId: this.accountId,
      log: this.log,
      textOfHtml: this.options.searchClient?.textOfHtml?.bind(this.options.searchClient),
      stopped: () => this.closing || !this.store.isOpen(),
      // Each batch's few documents at once: left to wait for SEARCH_INDEX_BATCH, 256 of them
      // would be indexed in one turn (~10 ms of the main thread for 256 of 1.5 KB here).
      written: () => {
        this.indexSearchDocuments();
      },
    }).catch((error: unknown) => {
      this.log.warn(`search: the HTML-only e-mails' words were not made again: ${message(error)}`);
      this.options.writeFailed?.(error);
      return undefined;
    });
    return this.htmlReindex;
  }

  /**
   * Resolves once the session's batches still waiting for an e-mail's text (see {@link attach})
   * are written and announced: at most the worker's wait (TEXT_OF_HTML_TIMEOUT_MS) per batch
   * with a large HTML-only e-mail. Never rejects.
   */
  async batchesWritten(): Promise<void> {
    await this.waitingBatches;
  }

  /** Detaches from every session, indexes what waits for the index, waits for downloads. */
  async close(): Promise<void> {
    // The reindex writes nothing more (a batch written is kept; the next writer resumes).
    this.closing = true;
    for (const detach of [...this.detachers]) detach();
    // The session's batches still waiting for an e-mail's text are written first.
    await this.batchesWritten();
    this.indexSearchDocuments();
    this.downloader.stop();
    // A download under way ends now: a big file, or a server sending a byte now and then, held
    // `listen`'s Ctrl-C and the desk's quit for as long (the next start resumes it).
    this.downloadsStop.abort();
    await this.downloader.idle();
  }

  /**
   * Keeps an e-mail the agent has just sent (the desk's own act, not a server event) in one
   * transaction, and announces it as a commit like any other: the change set carries the
   * e-mail as the cache now shows it and the interaction's row, so the views update without
   * reading it again. The server's later notifications of the interaction never erase it (see
   * {@link CacheStore.putSentEmail}). `searchBody` is the text search keeps of it. With
   * `onlyTheseFiles`, the e-mail's attachments are all the interaction has: the cache forgets
   * any other it listed (a forwarded file the agent removed from the draft), and its downloaded
   * copy. With `settledLater`, the Send had gone unanswered and a later question settled it: the
   * change set says so (`settledSends`). Never throws: a failed write is logged and answered as
   * an empty commit.
   */
  recordSent(
    interactionId: string,
    email: SentEmail,
    searchBody: string,
    options: { readonly onlyTheseFiles?: boolean; readonly settledLater?: boolean } = {},
  ): Commit {
    let orphanedFiles: string[] = [];
    const commit = this.ownCommit(`keep the sent e-mail ${interactionId}`, () => {
      this.store.putSentEmail(this.accountId, interactionId, email, searchBody);
      if (options.onlyTheseFiles === true)
        orphanedFiles = this.store.keepOnlyAttachments(
          this.accountId,
          interactionId,
          email.attachments.map((attachment) => attachment.id),
        );
      // A forward's files its draft had no time (or no listing) to fetch: the original's copies.
      this.store.shareParentCopies(this.accountId, interactionId, this.clock());
      const stored = this.store.emailOf(this.accountId, interactionId);
      const head = this.store.interactionRecord(this.accountId, interactionId);
      return {
        ...emptyChangeSet(),
        interactions: head === undefined ? [] : [this.withOffer(head)],
        emails:
          stored.email === undefined
            ? []
            : [{ interactionId, email: stored.email, attachments: stored.attachments }],
        ...(options.settledLater === true
          ? { settledSends: [{ interactionId, outcome: 'sent' as const }] }
          : {}),
      };
    });
    if (commit === undefined) return { changes: emptyChangeSet(), alerts: [] };
    // After the commit, as the purge does: a file is deleted only once no row refers to it.
    this.removeOrphanedFiles(interactionId, orphanedFiles);
    this.searchDocumentsStored();
    this.commitListeners.emit(commit);
    return commit;
  }

  /**
   * Announces that a Send which had gone unanswered was found, by a later question to the server,
   * not to have left: the draft is still the agent's to send (`notSent`), or was closed elsewhere
   * unsent (`closedElsewhere`). Nothing of the cache changes (the draft the agent wrote stays),
   * but the views showing "not known whether it was sent" learn it without reading again.
   */
  sendSettledUnsent(interactionId: string, outcome: 'notSent' | 'closedElsewhere'): Commit {
    const commit: Commit = {
      changes: { ...emptyChangeSet(), settledSends: [{ interactionId, outcome }] },
      alerts: [],
    };
    this.commitListeners.emit(commit);
    return commit;
  }

  /**
   * Keeps a file the agent attached to a draft, the bytes in hand once the server took the
   * upload: stored and recorded as a download is, so the e-mail that leaves offers it (offline
   * too) like a received file. Waiting for the downloader would not do: 003 serves a file only
   * while the interaction is the agent's, and a server's draft notifications need not list the
   * agent's uploads before Send. Never throws: a failure is logged, nothing of the file is kept,
   * and the sent e-mail lists it as not downloaded.
   */
  async keepOwnFile(
    interactionId: string,
    attachment: AttachmentInfo,
    bytes: Uint8Array,
  ): Promise<void> {
    const label = `${attachment.id} of ${interactionId}`;
    try {
      const { recorded: kept } = await storeAndRecord(
        this.store,
        this.options.attachmentsDir,
        attachment.name,
        bytes,
        (file) =>
          this.ownCommit(`record ${label}`, () => {
            this.store.upsertAttachment(this.accountId, interactionId, attachment);
            this.store.recordDownload(this.accountId, interactionId, attachment.id, {
              localPath: file.path,
              sha256: file.sha256,
              size: file.size,
              at: this.clock(),
            });
            return emptyChangeSet();
          }) !== undefined,
        this.log,
      );
      if (kept) this.announceDownload(interactionId, attachment.id);
    } catch (error) {
      this.log.warn(`could not keep ${label}: ${message(error)}`);
    }
  }

  /**
   * Forgets files of a draft that will not leave — those the agent removed from it, or `'all'`
   * of a draft cancelled — and their kept copies once no other attachment uses them. Never
   * throws (as {@link recordSent}).
   */
  forgetDraftFiles(interactionId: string, attachmentIds: readonly string[] | 'all'): void {
    let orphanedFiles: string[] = [];
    this.ownCommit(`forget the files of ${interactionId}`, () => {
      // Only ever the agent's own e-mail's: a received e-mail's files are the customer's.
      const draft = this.store.interactionRecord(this.accountId, interactionId);
      if (draft !== undefined && !writtenByAgent(draft.type, draft.subType)) {
        this.log.warn(`kept the files of ${interactionId}: it is not an e-mail the agent wrote`);
        return emptyChangeSet();
      }
      orphanedFiles =
        attachmentIds === 'all'
          ? this.store.keepOnlyAttachments(this.accountId, interactionId, [])
          : this.store.forgetAttachments(this.accountId, interactionId, attachmentIds);
      return emptyChangeSet();
    });
    this.removeOrphanedFiles(interactionId, orphanedFiles);
  }

  /**
   * A downloaded file is no longer where the cache says (an antivirus, a clean-up tool, a hand
   * deleted it): every attachment that used it is forgotten as downloaded, the views are told
   * (their rows offer no Open or Save for a file that is not there), and the files of the
   * interactions the agent works on are downloaded again now. Decided alone in the folder, so
   * that a download storing the same file meanwhile keeps it. Never throws.
   */
  async fileLost(localPath: string): Promise<void> {
    await inFolder(this.options.attachmentsDir, async () => {
      const gone = await lstat(localPath).then(
        () => false,
        (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT',
      );
      if (!gone) return;
      let interactions: string[] = [];
      const commit = this.ownCommit(`forget the lost file ${localPath}`, () => {
        interactions = this.store.forgetLostFile(this.accountId, localPath);
        return {
          ...emptyChangeSet(),
          emails: interactions.flatMap((interactionId) => {
            const { email, attachments } = this.store.emailOf(this.accountId, interactionId);
            return email === undefined ? [] : [{ interactionId, email, attachments }];
          }),
        };
      });
      if (commit === undefined) return;
      this.log.warn(
        `${localPath} is gone from disk: forgotten as downloaded by ${interactions.length} e-mail(s)`,
      );
      this.commitListeners.emit(commit);
      for (const interactionId of interactions) this.downloadIfOwned(interactionId, { now: true });
    }).catch((error: unknown) => {
      this.log.warn(`could not forget the lost file ${localPath}: ${message(error)}`);
    });
  }

  /** Deletes files no attachment refers to any more, after the commit that let them go. */
  private removeOrphanedFiles(interactionId: string, files: readonly string[]): void {
    if (files.length === 0) return;
    removeUnusedFiles(this.store, this.options.attachmentsDir, files, this.log).catch(
      (error: unknown) => {
        this.log.warn(`could not delete files removed from ${interactionId}: ${message(error)}`);
      },
    );
  }

  /**
   * Names whom the agent's draft goes to in its row and header as the agent types it ("to
   * finance@…", no longer "no recipient yet"): a server's notifications of a draft need not name
   * its recipients before Send (a forward's name nobody). Only a draft still in hand; the change
   * set carries its row when it changed. Never throws (as {@link recordSent}).
   */
  showDraftRecipients(interactionId: string, to: readonly string[]): void {
    const commit = this.ownCommit(`name the recipients of ${interactionId}`, () => {
      const draft = this.store.interactionRecord(this.accountId, interactionId);
      const head =
        draft?.phase === 'working' && writtenByAgent(draft.type, draft.subType)
          ? this.store.setRecipients(this.accountId, interactionId, to)
          : undefined;
      return { ...emptyChangeSet(), interactions: head === undefined ? [] : [head] };
    });
    if (commit !== undefined && commit.changes.interactions.length > 0)
      this.commitListeners.emit(commit);
  }

  /**
   * Remembers the consultation this agent started on a chat, once the server took the request
   * (whom it consults, and the last transcript line the cache held when the agent asked), or
   * forgets it (`null`: completed, or the server has none to complete): the change set carries
   * the row, so every view (and a restarted desk) knows. A colleague whose leave was stored
   * before the request's answer ended it already: it is not remembered. The rest of a
   * consultation's end is the server's to tell: the chat ending, the colleague leaving (see
   * {@link consultationEndedBy}). Never throws (as {@link recordSent}).
   */
  recordConsultation(interactionId: string, consultation: Consultation | null): Commit {
    const commit = this.ownCommit(`keep the consultation on ${interactionId}`, () => {
      const over =
        consultation !== null &&
        this.consultedLeft(
          interactionId,
          consultation.afterEventId,
          (left) => left.eventId > consultation.afterEventId,
        );
      const head = over
        ? undefined
        : this.store.setConsultation(this.accountId, interactionId, consultation);
      return { ...emptyChangeSet(), interactions: head === undefined ? [] : [head] };
    });
    if (commit === undefined) return { changes: emptyChangeSet(), alerts: [] };
    if (commit.changes.interactions.length > 0) this.commitListeners.emit(commit);
    return commit;
  }

  /**
   * Remembers a hand-off this agent made of the interaction, once the server took it (see
   * handOffs.ts): the change set carries the row, so History, the header and a restarted desk
   * say where it went, and an invitation that brings it back says so. Never throws (as
   * {@link recordSent}).
   */
  recordHandOff(interactionId: string, handOff: Omit<HandOffRecord, 'at'>): void {
    const commit = this.ownCommit(`keep the hand-off of ${interactionId}`, () => {
      const head = this.store.setHandOff(this.accountId, interactionId, {
        ...handOff,
        at: this.clock(),
      });
      return { ...emptyChangeSet(), interactions: head === undefined ? [] : [head] };
    });
    if (commit !== undefined && commit.changes.interactions.length > 0)
      this.commitListeners.emit(commit);
  }

  /** The consultation this agent started and has open on a chat, if any (migration 0210). */
  consultation(interactionId: string): Consultation | undefined {
    return this.store.consultation(this.accountId, interactionId);
  }

  /**
   * Whether the colleague this agent consults on the chat is in it, as the cache's transcript
   * tells: an agent who joined after the consultation was asked for, and has not left since.
   */
  consultedInChat(interactionId: string): boolean {
    const consultation = this.store.consultation(this.accountId, interactionId);
    if (consultation === undefined) return false;
    const parties = this.store.partyLines(this.accountId, interactionId);
    const present = new Set(chatParticipants(parties, true).map((party) => party.key));
    return parties.some(
      (joined) =>
        joined.kind === 'joined' &&
        joined.eventId > consultation.afterEventId &&
        joinedAsAgent(joined) &&
        present.has(partyKey(joined) ?? ''),
    );
  }

  /** The id of the last transcript line the cache holds of an interaction (0: none). */
  lastChatEventId(interactionId: string): number {
    return this.store.lastChatEventId(this.accountId, interactionId);
  }

  /**
   * One write of the desk's own (not a notification's) in one transaction, as a commit to
   * announce; undefined when it failed, which is logged (`what` it was) and told to
   * `writeFailed`.
   */
  private ownCommit(what: string, write: () => ChangeSet): Commit | undefined {
    try {
      return this.store.transaction(() => ({ changes: write(), alerts: [] }));
    } catch (error) {
      this.log.warn(`could not ${what}: ${message(error)}`);
      this.options.writeFailed?.(error);
      return undefined;
    }
  }

  /**
   * The consultation this agent started on the chat ends when the consulted colleague leaves
   * it: among the `lines` just stored, a leave of a party that joined (as an agent) after the
   * agent asked for the consultation. Then it is forgotten; answers the row as it now is. Other
   * parties leaving (the customer, an agent of a conference) leave it open. Reads the party
   * lines only when someone leaves a chat with a consultation open.
   */
  private consultationEndedBy(
    interactionId: string,
    lines: readonly ChatEvent[],
  ): InteractionHead[] {
    const leaves = new Set(
      lines.filter((line) => line.kind === 'left').map((line) => line.eventId),
    );
    if (leaves.size === 0) return [];
    const consultation = this.store.consultation(this.accountId, interactionId);
    if (consultation === undefined) return [];
    if (
      !this.consultedLeft(interactionId, consultation.afterEventId, (left) =>
        leaves.has(left.eventId),
      )
    )
      return [];
    const head = this.store.setConsultation(this.accountId, interactionId, null);
    return head === undefined ? [] : [head];
  }

  /**
   * Whether a leave of the chat's (those `counts` picks) is of an agent who joined after the
   * line `afterEventId`: the consulted colleague. The party is told by its join line (a leave
   * may not say the party's type; common/chatParticipants.ts `joinedAsAgent`).
   */
  private consultedLeft(
    interactionId: string,
    afterEventId: number,
    counts: (left: ChatEvent) => boolean,
  ): boolean {
    const parties = this.store.partyLines(this.accountId, interactionId);
    return parties.some((left) => {
      const key = partyKey(left);
      // A leave that names nobody cannot be told apart from another party's.
      if (left.kind !== 'left' || key === undefined || !counts(left)) return false;
      const joined = parties.findLast(
        (line) => line.kind === 'joined' && line.eventId < left.eventId && partyKey(line) === key,
      );
      return joined !== undefined && joined.eventId > afterEventId && joinedAsAgent(joined);
    });
  }

  // ---- queries (the cache only) ------------------------------------------------------------

  /** Active interactions, most recently changed first (all, or one page). */
  inbox(page: { limit?: number; offset?: number } = {}): InteractionSummary[] {
    return this.store
      .inbox(this.accountId, page)
      .map((row) => this.withOffer(this.withChatTail(row)));
  }

  history(query: HistoryQuery = {}): InteractionSummary[] {
    return this.store.history(this.accountId, query);
  }

  /** The true sizes of the inbox, the invitations and the history, counted in the cache. */
  counts(): InteractionCounts {
    return this.store.interactionCounts(this.accountId);
  }

  interaction(id: string): InteractionDetail | undefined {
    const detail = this.store.interaction(this.accountId, id);
    if (detail === undefined) return undefined;
    const downloads = this.downloader.states(id);
    const ownParty = this.ownPartyOf(detail.transcript);
    return this.withOffer(
      this.withChatTail({
        ...detail,
        ...(downloads === undefined ? {} : { downloads }),
        ...(ownParty === undefined ? {} : { ownParty }),
      }),
    );
  }

  /** This agent's party in a chat of `transcript`, when the names it joins under tell it. */
  private ownPartyOf(transcript: readonly ChatEvent[]): string | undefined {
    if (transcript.length === 0 || this.options.agentNames === undefined) return undefined;
    return ownPartyIn(transcript, this.options.agentNames());
  }

  /**
   * An invitation as the views show it, with when this session announced it (`offeredAt`, from
   * {@link announcedOffers}, or `offers`: the batch being committed announced it): its countdown
   * starts there. The row's own times do not tell it: an invitation a run that crashed left
   * offered, announced again at sign-in, is stored unchanged, with that run's times.
   */
  private withOffer<T extends InteractionSummary>(
    summary: T,
    offers?: ReadonlyMap<string, number>,
  ): T {
    if (summary.phase !== 'invited') return summary;
    const offeredAt = offers?.get(summary.id) ?? this.announcedOffers.get(summary.id);
    return offeredAt === undefined ? summary : { ...summary, offeredAt };
  }

  /**
   * A live interaction as the views show it, with since when its customer waits for an answer
   * and its last line (common/chatReply.ts): worked out of its transcript, never stored, so they
   * are added to each summary and head that leaves the writer (the store's records do not hold
   * them). A change set's new lines carry the last line on (the renderer folds them): a chat's
   * head goes out again only when its wait changes.
   */
  private withChatTail<T extends InteractionSummary>(summary: T): T {
    if (!mayWait(summary)) return summary;
    // The wait is worked out and told in the server's time (its lines' times; the row's own, for
    // a line it did not time, moved onto its clock): the views move it onto theirs by the lead
    // the change sets tell, so a lead that moves later moves every wait with it.
    const { since, lastLine } = this.store.chatTail(
      this.accountId,
      summary.id,
      summary.updatedAt + this.serverClockAhead(),
    );
    if (since === undefined && lastLine === undefined) return summary;
    return {
      ...summary,
      ...(since === undefined ? {} : { awaitingReplySince: since }),
      ...(lastLine === undefined ? {} : { lastLine }),
    };
  }

  /**
   * The chat's head, when the lines just stored changed whether (or since when) its customer
   * waits for an answer (`before`: the wait as known before them, undefined when it was not):
   * the lists show it, and the row itself did not change.
   */
  private replyWaitChanged(
    interactionId: string,
    before: { since: number | undefined } | undefined,
  ): InteractionHead[] {
    const head = this.store.interactionRecord(this.accountId, interactionId);
    if (head === undefined || !mayWait(head)) return [];
    const after = this.store.awaitingReply(
      this.accountId,
      interactionId,
      head.updatedAt + this.serverClockAhead(),
    );
    return before !== undefined && after === before.since ? [] : [head];
  }

  /** The channel of an interaction the cache holds (its row alone), or undefined. */
  channelOf(interactionId: string): string | undefined {
    return this.headOf(interactionId)?.channel;
  }

  /** An interaction's row as the cache holds it now (no transcript, no e-mail), or undefined. */
  headOf(interactionId: string): InteractionHead | undefined {
    return this.store.interactionRecord(this.accountId, interactionId);
  }

  /** The interactions that answer `interactionId` (its thread's replies), oldest first. */
  replies(interactionId: string): Reply[] {
    return this.store.replies(this.accountId, interactionId);
  }

  search(text: string, page: { limit?: number; offset?: number } = {}): Promise<SearchHit[]> {
    this.indexSearchDocuments();
    return this.searchClient.search({
      text,
      accountId: this.accountId,
      ...(page.limit === undefined ? {} : { limit: page.limit }),
      ...(page.offset === undefined ? {} : { offset: page.offset }),
    });
  }

  /** The channel states last reported, for showing them offline. */
  channelStates(): ChannelStates | undefined {
    return this.store.deskState().channelStates(this.accountId);
  }

  /**
   * Notes the time it is now by the server's clock (this machine's moved by
   * `serverClockAheadMs`): what {@link clockDoubtMs} measures from. Called once the server's
   * clock is known (its answers carry a `Date`).
   */
  serverTimeSeen(): void {
    this.store.deskState().saveServerTimeSeen(this.clock() + this.serverClockAhead());
  }

  /**
   * How far this machine's clock is past the last time the cache knows to be real, when that is
   * more than the retention period (undefined when it is not): a purge on that clock would
   * delete interactions that may not be past retention at all (a clock set a year ahead deletes
   * them all, and setting it right brings nothing back), so the desk purges only once the
   * server's clock is known. The last time known to be real is the server's time when it was
   * last seen ({@link serverTimeSeen}), not the rows' own times: those are stamped by this
   * machine's clock, and a session on a wrong clock stamps them as wrong. A cache that never saw
   * a server's time goes by its newest activity.
   */
  clockDoubtMs(retentionDays: number): number | undefined {
    const known = this.store.deskState().serverTimeSeen() ?? this.store.newestActivityAt();
    if (known <= 0) return undefined;
    const past = this.clock() - known;
    return past > retentionDays * DAY_MS ? past : undefined;
  }

  /**
   * Deletes interactions that ended more than `retentionDays` ago with their messages, search
   * rows and log, the log rows of account-level events older than that, the contact history
   * not fetched again since then, and the attachment files no remaining interaction uses
   * (never a path outside the attachments folder). Runs as short transactions of about
   * `sliceMs` each ({@link CacheStore.retentionPurge}), yielding to the event loop between
   * them, so that the desk stays responsive while it runs (it runs at start); a file is deleted
   * once the transaction that freed it has committed. Stops early, quietly, when the cache is
   * closed meanwhile (what is purged stays purged; the rest waits for the next purge).
   */
  async purge(retentionDays: number, sliceMs = PURGE_SLICE_MS): Promise<PurgeResult> {
    if (!Number.isFinite(retentionDays) || retentionDays < 0)
      throw new RangeError(`retentionDays must be a non-negative number, not ${retentionDays}`);
    // The server's clock when it is known: this machine's may be wrong (see clockDoubtMs).
    const cutoff = this.clock() + this.serverClockAhead() - retentionDays * DAY_MS;
    const result = { interactions: 0, files: 0, refusedFiles: 0, logRows: 0, contactHistory: 0 };
    let deadline = performance.now() + sliceMs;
    for (const step of this.store.retentionPurge(cutoff, () => performance.now() >= deadline)) {
      addPurged(result, step);
      // The views showing this account's rows drop those that went (a History fetched before
      // the purge at sign-in showed them until a refetch), with the lists' counts as they are.
      if (step.purged?.accountId === this.accountId) this.announcePurged(step.purged.ids);
      if (step.orphanedFiles.length > 0) {
        // Decided anew alone in the folder: a download of the same bytes recorded since keeps it.
        const files = await removeUnusedFiles(
          this.store,
          this.options.attachmentsDir,
          step.orphanedFiles,
          this.log,
        );
        result.files += files.deleted;
        result.refusedFiles += files.refused;
      }
      await new Promise((resolve) => setImmediate(resolve));
      if (!this.store.isOpen()) break;
      deadline = performance.now() + sliceMs;
    }
    return result;
  }

  // ---- internals -----------------------------------------------------------------------------

  /** Tells the commit's listeners that the purge deleted these interactions of the account. */
  private announcePurged(ids: readonly string[]): void {
    const commit: Commit = {
      changes: {
        ...emptyChangeSet(),
        purged: [...ids],
        counts: this.store.interactionCounts(this.accountId),
      },
      alerts: [],
    };
    this.commitListeners.emit(commit);
  }

  /**
   * An event's arrival time: the recorded one, or this machine's clock as it is. Not held above
   * the latest time the cache holds: a clock once set ahead (a day, a flat CMOS battery's year)
   * and set right stamped every interaction that came after with that wrong time, shown on its
   * row and kept for good. An event that arrives live is the newest word on its interaction
   * whatever the clock says (see {@link write}).
   */
  private arrival(at: number | undefined): Arrival {
    return at !== undefined && Number.isFinite(at)
      ? { at, recorded: true }
      : { at: this.clock(), recorded: false };
  }

  private logEvent(
    interactionId: string,
    event: GwsEvent,
    state: string | null,
    at: number,
    payload: unknown = logPayload(event),
  ): void {
    this.store.appendEvent(this.accountId, interactionId, event.type, state, at, payload);
  }

  /**
   * After a commit: indexes the waiting search documents when a batch's worth wait, else makes
   * sure they are indexed shortly.
   */
  private searchDocumentsStored(): void {
    try {
      const waiting = this.store.unindexedSearchDocuments();
      if (waiting >= SEARCH_INDEX_BATCH) this.indexSearchDocuments();
      else if (waiting > 0) this.searchIndexTimer ??= this.indexSoon();
    } catch (error) {
      this.log.warn(
        `could not count the documents waiting for the search index: ${message(error)}`,
      );
    }
  }

  private indexSoon(delay = SEARCH_INDEX_DELAY_MS): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => {
      this.searchIndexTimer = undefined;
      this.indexSearchDocuments();
    }, delay);
    // Never what keeps a process alive: close() indexes what is left.
    timer.unref();
    return timer;
  }

  /**
   * Adds the waiting search documents to the full-text index now, in one transaction (it
   * happens by itself within {@link SEARCH_INDEX_DELAY_MS}). A failure (a full disk) loses
   * nothing: the documents stay stored, and are indexed at the next try.
   */
  indexSearchDocuments(): void {
    if (this.searchIndexTimer !== undefined) clearTimeout(this.searchIndexTimer);
    this.searchIndexTimer = undefined;
    // A connection closed under the writer (its owner quit without close()): the documents
    // stay stored, and the next writer on the cache indexes them when it opens.
    if (!this.store.isOpen()) return;
    try {
      this.store.indexSearchDocuments();
    } catch (error) {
      this.log.warn(`could not update the search index (tried again later): ${message(error)}`);
      this.options.writeFailed?.(error);
      this.searchIndexTimer = this.indexSoon(SEARCH_INDEX_RETRY_MS);
    }
  }

  /** The batch's change set, read inside its transaction (so it is what the commit holds). */
  private changeSetOf(batch: BatchChanges): ChangeSet {
    const emails: ChangeSet['emails'] = [];
    for (const interactionId of batch.emails) {
      const stored = this.store.emailOf(this.accountId, interactionId);
      if (stored.email !== undefined)
        emails.push({ interactionId, email: stored.email, attachments: stored.attachments });
    }
    return {
      interactions: [...batch.heads.values()].map((head) =>
        this.withOffer(this.withChatTail(head), batch.offers),
      ),
      transcripts: [...batch.lines].map(([interactionId, lines]) => {
        // A join or a leave may tell the agent's own party (read as the commit holds the chat:
        // its party lines alone, not its whole transcript).
        const parties = lines.some((line) => line.kind === 'joined' || line.kind === 'left');
        const ownParty =
          parties && this.options.agentNames !== undefined
            ? this.ownPartyOf(this.store.partyLines(this.accountId, interactionId))
            : undefined;
        return {
          interactionId,
          lines: lines.sort(byEventId),
          ...(ownParty === undefined ? {} : { ownParty }),
        };
      }),
      emails,
      ...(batch.typing.size === 0
        ? {}
        : {
            typing: [...batch.typing].map(([interactionId, notices]) => ({
              interactionId,
              notices: notices.sort(byEventId),
            })),
          }),
      ...(batch.agent === undefined ? {} : { agent: batch.agent }),
      // Rows came, went or moved between the lists: their true sizes, counted in this commit
      // (counting reads every row of the account, so not for a commit that moved none).
      ...(batch.recount ? { counts: this.store.interactionCounts(this.accountId) } : {}),
      workbins: batch.workbins,
      history: batch.history,
    };
  }

  /** Writes one event of `batch` (what its events before this one wrote). */
  private write(event: GwsEvent, arrival: Arrival, batch: BatchChanges): Outcome {
    const { store, accountId } = this;
    let { at } = arrival;
    switch (event.type) {
      case 'interactionInvited':
      case 'interactionUpdated': {
        let snapshot = event.interaction;
        const prior = store.interactionRecord(accountId, snapshot.id);
        if (prior !== undefined && at < prior.updatedAt) {
          if (arrival.recorded) {
            this.logEvent(snapshot.id, event, snapshot.state, at);
            this.log.debug(`stale ${event.type} for ${snapshot.id} ignored`);
            return NOTHING;
          }
          // Live, on a row this machine's clock has since gone back from (an NTP correction):
          // not stale, GWS tells an interaction's events in order; stamped with the row's
          // time, so that its times keep their order (it ends no earlier than it was accepted).
          at = prior.updatedAt;
        }
        if (prior === undefined && this.draftStarts.waiting)
          snapshot = this.draftStarts.arrived(snapshot);
        if (prior !== undefined) snapshot = withWhatItLeavesOut(snapshot, prior);
        // New to the cache or offered anew, or left offered by a run that stopped without
        // signing out: an invitation and a consultation alike, once in this session.
        const offered =
          shouldAnnounceInvite(prior) ||
          offeredBeforeThisSession(
            prior,
            snapshot.state,
            this.announcedOffers.has(snapshot.id) || batch.announced(snapshot.id),
          );
        const announce = snapshot.state === INVITED_STATE && offered;
        const consulted = snapshot.state === CONSULTED_STATE && offered;
        // The agent handed it on (to a colleague, a queue, a workbin) and it is theirs again,
        // offered or handed back: GWS says no more than that (the colleague did not take it, or took it and handed it back: GWS does not say which).
        const cameBack =
          prior?.endedAt !== undefined &&
          prior.handedOn !== undefined &&
          prior.handedOn.cameBackAt === undefined
            ? prior.handedOn
            : undefined;
        // Back once already and over again: a new offer is not the hand-off's return.
        const offeredAgain =
          prior?.endedAt !== undefined && prior.handedOn?.cameBackAt !== undefined;
        const alerts = announce
          ? [inviteOf(snapshot, undefined, cameBack)]
          : consulted
            ? [consultOf(snapshot)]
            : [];
        const offeredNow = alerts.length > 0 ? { interactionId: snapshot.id, at } : undefined;
        const changes = prior === undefined ? undefined : snapshotChanges(prior, snapshot);
        if (changes !== undefined && Object.keys(changes).length === 0) {
          this.logEvent(snapshot.id, event, snapshot.state, at, unchangedPayload(event));
          // Announced again, unchanged (a run that crashed left it offered): its row goes out
          // with the announcement's time, where its countdown starts again.
          return offeredNow === undefined || prior === undefined
            ? { alerts, touched: snapshot.id }
            : { alerts, touched: snapshot.id, heads: [prior], offered: offeredNow };
        }
        // The first snapshot is logged whole; a later one as what it changed (the rest is in
        // the log already, and the whole of it in `interactions`).
        this.logEvent(
          snapshot.id,
          event,
          snapshot.state,
          at,
          changes === undefined ? logPayload(event) : { type: event.type, changes },
        );
        // A chat's first row: nothing of its transcript to read for its customer's wait.
        if (prior === undefined && snapshot.channel === 'chat')
          store.chatBegins(accountId, snapshot.id);
        const head = store.upsertInteraction(accountId, snapshot, at, prior);
        return {
          heads: [
            (cameBack !== undefined
              ? store.handOffCameBack(accountId, snapshot.id, at)
              : offeredAgain
                ? store.forgetHandOff(accountId, snapshot.id)
                : undefined) ?? head,
          ],
          alerts,
          touched: snapshot.id,
          ...(offeredNow === undefined ? {} : { offered: offeredNow }),
          recount:
            prior === undefined ||
            prior.endedAt !== undefined ||
            (prior.state === INVITED_STATE) !== (snapshot.state === INVITED_STATE),
        };
      }
      case 'interactionRevoked':
      case 'interactionEnded': {
        const id = event.interactionId;
        const revoked = event.type === 'interactionRevoked';
        const snapshotState = event.interaction?.state;
        // A Reject the server answered is recorded as the agent's own answer, not a withdrawal.
        const state = revoked
          ? event.outcome === 'rejected'
            ? 'Rejected'
            : 'Revoked'
          : snapshotState !== undefined && ENDED_STATES.has(snapshotState)
            ? snapshotState
            : 'Ended';
        this.logEvent(id, event, state, at);
        const prior = store.interactionRecord(accountId, id);
        if (prior?.endedAt !== undefined) return NOTHING;
        if (prior !== undefined && at < prior.updatedAt) {
          if (arrival.recorded) {
            this.log.debug(`stale ${event.type} for ${id} ignored`);
            return NOTHING;
          }
          // Live on a row the clock went back from: see interactionUpdated.
          at = prior.updatedAt;
        }
        if (event.interaction !== undefined) {
          const ended = { ...event.interaction, id, state };
          store.upsertInteraction(
            accountId,
            prior === undefined ? ended : withWhatItLeavesOut(ended, prior),
            at,
            prior,
          );
        }
        // A consultation does not outlive the chat (nor come back if it is offered again).
        if (prior?.consultingWith !== undefined) store.setConsultation(accountId, id, null);
        const head = store.markEnded(accountId, id, state, at);
        const channel = prior?.channel ?? event.interaction?.channel;
        return {
          heads: head === undefined ? [] : [head],
          recount: head !== undefined,
          alerts:
            // The agent's own Reject, or an action's one sentence, already said it: no alert.
            revoked &&
            event.outcome === undefined &&
            channel !== undefined &&
            shouldAnnounceRevoke(prior)
              ? [revokeOf(id, channel, prior?.subject ?? event.interaction?.subject)]
              : [],
        };
      }
      case 'emailContentReceived':
        // GWS repeats the content with every update: the views hear of it only when it changed.
        if (!store.putEmail(accountId, event.interactionId, event.email, this.textOfHtml)) {
          this.logEvent(event.interactionId, event, null, at, unchangedPayload(event));
          return { touched: event.interactionId };
        }
        this.logEvent(event.interactionId, event, null, at);
        return { email: event.interactionId, touched: event.interactionId };
      case 'chatEventsReceived': {
        this.logEvent(event.interactionId, event, null, at);
        // Who is typing is a moment's news, not part of what was said: the views hear of it
        // in this commit's change set, and the transcript never holds it.
        const notices = event.events.filter(isTypingNotice);
        const said = event.events.filter((line) => !isTypingNotice(line));
        // The wait as known before these lines (nothing read for it; not known: the chat's head
        // goes out with the wait its transcript gives).
        const waited = store.knownReplyWait(accountId, event.interactionId);
        // A line the server did not time is timed by its arrival on the server's clock, as the
        // lines it times are: a customer's wait counts from it on that clock (withChatTail).
        const lines =
          said.length === 0
            ? []
            : store.insertChatEvents(
                accountId,
                event.interactionId,
                said,
                at + this.serverClockAhead(),
              );
        return {
          heads: [
            ...this.consultationEndedBy(event.interactionId, lines),
            ...(said.some(changesWait) ? this.replyWaitChanged(event.interactionId, waited) : []),
          ],
          lines: { interactionId: event.interactionId, lines },
          typing: { interactionId: event.interactionId, notices },
        };
      }
      case 'channelStateChanged': {
        const channels = mergeChannels(this.channels, event.channels, event.complete === true);
        store.deskState().saveChannelStates(accountId, at, channels);
        const summary = event.channels.map((channel) => `${channel.channel}=${channel.state}`);
        this.logEvent(ACCOUNT_EVENT_ID, event, summary.join(' '), at);
        // Written: the batch's next report merges into these (restored if the batch fails).
        this.channels = channels;
        return { agent: agentStateOf(channels, at) };
      }
      case 'passwordChanged':
        this.logEvent(ACCOUNT_EVENT_ID, event, event.ok ? 'ok' : 'failed', at);
        return NOTHING;
      case 'workbinChanged': {
        const ids = event.interactions.map((interaction) => interaction.id);
        for (const id of ids.length > 0 ? ids : [ACCOUNT_EVENT_ID]) {
          this.logEvent(id, event, event.change, at, {
            type: event.type,
            workbinId: event.workbinId,
            change: event.change,
            interactions: event.interactions.filter((interaction) => interaction.id === id),
          });
        }
        return { workbin: this.writeWorkbinChange(event, at) };
      }
      case 'historyReceived': {
        // The contact asked about (an empty history names none), else the one the entries name.
        const contactId =
          this.historyContacts.get(event.referenceId) ?? event.entries[0]?.contactId;
        this.historyContacts.delete(event.referenceId);
        if (contactId !== undefined)
          store.contactHistory().storeListing(accountId, contactId, event.entries, at);
        return {
          history: {
            kind: 'entries',
            referenceId: event.referenceId,
            entries: event.entries,
            ...(contactId === undefined ? {} : { contactId, fetchedAt: at }),
          },
        };
      }
      case 'historyContentReceived': {
        const content = {
          events: event.events,
          ...(event.body === undefined ? {} : { body: event.body }),
        };
        store.storeHistoryContent(accountId, event.entry, content, at);
        return {
          history: {
            kind: 'content',
            referenceId: event.referenceId,
            entry: event.entry,
            ...content,
            fetchedAt: at,
          },
        };
      }
      case 'historyFailed':
        return {
          history: { kind: 'failed', referenceId: event.referenceId, message: event.message },
        };
      case 'rawNotification':
        return NOTHING;
    }
  }

  /**
   * Keeps the cached content of the workbin a notification names current: an interaction
   * placed in it is stored (with the subject and sender the cache knows, and its arrival as the
   * time it was placed), one taken out is removed, and a complete content (`Content`) replaces
   * what was stored. A workbin the cache never listed stores nothing: the next read lists it.
   */
  private writeWorkbinChange(
    event: Extract<GwsEvent, { type: 'workbinChanged' }>,
    at: number,
  ): ChangeSet['workbins'][number] {
    const workbins = this.store.workbins();
    const workbinId =
      event.workbinId === undefined ? undefined : workbins.resolve(this.accountId, event.workbinId);
    const entries: WorkbinEntry[] = [];
    const removed: string[] = [];
    if (workbinId !== undefined) {
      const change = workbinChangeOf(event.change);
      // Read before a complete content clears them: an entry keeps the time it was placed.
      const priors = new Map(
        event.interactions.map((interaction) => [
          interaction.id,
          workbins.entry(this.accountId, workbinId, interaction.id),
        ]),
      );
      if (change === 'content') {
        const held = workbins.clearEntries(this.accountId, workbinId);
        // What the complete content leaves out left unheard: it is taken out, as a removal
        // would (the panel drops only what the change set says was removed), and its
        // placement goes with it.
        const ids = new Set(event.interactions.map((interaction) => interaction.id));
        removed.push(...held.filter((id) => !ids.has(id)));
        const listed = new Set(
          event.interactions.map((interaction) => placementKey(workbinId, interaction.id)),
        );
        const ofThisWorkbin = placementKey(workbinId, '');
        for (const key of this.placements.keys())
          if (key.startsWith(ofThisWorkbin) && !listed.has(key)) this.placements.delete(key);
      }
      for (const interaction of event.interactions) {
        if (change === 'removed') {
          this.placements.delete(placementKey(workbinId, interaction.id));
          if (workbins.removeEntry(this.accountId, workbinId, interaction.id))
            removed.push(interaction.id);
          continue;
        }
        const prior = priors.get(interaction.id);
        const known = this.store.interactionRecord(this.accountId, interaction.id);
        const subject = interaction.subject ?? known?.subject ?? prior?.subject;
        const from = interaction.from ?? known?.from ?? prior?.from;
        const entry: WorkbinEntry = {
          interactionId: interaction.id,
          channel: interaction.channel,
          ...(subject === undefined ? {} : { subject }),
          ...(from === undefined ? {} : { from }),
          placedAt: prior?.placedAt ?? at,
        };
        workbins.putEntry(this.accountId, workbinId, entry);
        entries.push({ ...entry, ...this.placed(workbinId, interaction.id, event) });
      }
    }
    const named = workbinId ?? event.workbinId;
    return {
      ...(named === undefined ? {} : { workbinId: named }),
      change: event.change,
      interactions: event.interactions,
      entries,
      removed,
    };
  }

  /**
   * Who placed an item in a workbin and why: what `event` says of it, else what an earlier
   * notification said (a complete content names no actor); remembered for the panel's reads.
   */
  private placed(
    workbinId: string,
    interactionId: string,
    event: Extract<GwsEvent, { type: 'workbinChanged' }>,
  ): Pick<WorkbinEntry, 'placedBy' | 'reason'> {
    const key = placementKey(workbinId, interactionId);
    if (event.actor !== undefined || event.reason !== undefined)
      this.placements.set(key, compact({ placedBy: event.actor, reason: event.reason }));
    return this.placements.get(key) ?? {};
  }

  /**
   * This desk's agent placed `interactionId` in `workbin` (its id or name, as PlaceInWorkbin
   * took it): who placed it is known first hand, as the workbin's notification would tell it;
   * a closed Workbins panel hears none (it unsubscribes), and the next read's content names no
   * one. Kept as a notification's placement is, and gone with it (the item's removal, a read that
   * no longer lists it): at most one per place the agent made meanwhile. A workbin the cache
   * never listed is passed over: no read of its content can carry the placement yet.
   */
  placedByAgent(workbin: string, interactionId: string): void {
    const workbinId = this.store.workbins().resolve(this.accountId, workbin);
    if (workbinId === undefined) return;
    const key = placementKey(workbinId, interactionId);
    // PlaceInWorkbin gives no reason; the agent is named by the user name they signed in with.
    // The server's notification of this placement may have come before the answer (since
    // {@link forgetPlacement}): what it said wins, the actor as the server names the agent
    // and the reason Interaction Server passed on.
    this.placements.set(key, {
      placedBy: this.options.account.userName,
      ...this.placements.get(key),
    });
  }

  /**
   * Forgets who placed `interactionId` in `workbin` and why, as the agent asks to place it
   * there ({@link placedByAgent} follows the server's answer): the agent holds the item, so
   * what was heard of it there is of an earlier placement whose end went unheard (a closed
   * panel hears nothing), and only what is heard from now on tells of the agent's.
   */
  forgetPlacement(workbin: string, interactionId: string): void {
    const workbinId = this.store.workbins().resolve(this.accountId, workbin);
    if (workbinId !== undefined) this.placements.delete(placementKey(workbinId, interactionId));
  }

  /**
   * Stores the agent's workbins and their content as the server just answered them (the desk
   * read them: not a notification), replacing what the cache held; answers them as stored.
   */
  storeWorkbins(workbins: readonly WorkbinContent[], readAt = this.clock()): WorkbinsOverview {
    this.store.transaction(() => {
      this.store.workbins().replaceAll(this.accountId, workbins, readAt);
    });
    // What left the workbins meanwhile (unheard) takes its placement along.
    const listed = new Set(
      workbins.flatMap((workbin) =>
        workbin.entries.map((entry) => placementKey(workbin.workbinId, entry.interactionId)),
      ),
    );
    for (const key of this.placements.keys()) if (!listed.has(key)) this.placements.delete(key);
    return { ...(this.storedWorkbins() ?? { workbins: [], readAt }), cached: false };
  }

  /**
   * The workbins and content the cache last stored, and when they were read; or none. Each
   * entry carries who placed it and why when a notification this run said so, or the agent placed
   * it from this desk.
   */
  storedWorkbins(): { workbins: WorkbinContent[]; readAt: number } | undefined {
    const stored = this.store.workbins().read(this.accountId);
    if (stored === undefined || this.placements.size === 0) return stored;
    return {
      ...stored,
      workbins: stored.workbins.map((workbin) => ({
        ...workbin,
        entries: workbin.entries.map((entry) => ({
          ...entry,
          ...this.placements.get(placementKey(workbin.workbinId, entry.interactionId)),
        })),
      })),
    };
  }

  /** Starts downloading the interaction's pending attachments if the agent works on it. */
  private downloadIfOwned(interactionId: string, { now = false } = {}): void {
    try {
      if (this.options.download === undefined && this.sessionDownload === undefined) return;
      const stored = this.store.interactionRecord(this.accountId, interactionId);
      if (stored === undefined || stored.endedAt !== undefined) return;
      // Not only what the agent accepted: whatever the agent works on (a draft is the agent's
      // from the start, with no Accept; a pulled or consulted interaction too), since a file is
      // served only while the interaction is the agent's (a forward's copies of the original's).
      if (stored.acceptedAt === undefined && stored.phase !== 'working') return;
      if (this.store.pendingDownloads(this.accountId, interactionId).length === 0) return;
      if (now) this.downloader.retryNow(interactionId);
      else this.downloader.schedule(interactionId);
    } catch (error) {
      this.log.warn(`attachments of ${interactionId}: ${message(error)}`);
    }
  }

  private announceDownload(interactionId: string, attachmentId: string): void {
    if (this.downloadListeners.size === 0) return;
    const attachment = this.store
      .emailOf(this.accountId, interactionId)
      .attachments.find((stored) => stored.id === attachmentId);
    if (attachment === undefined) return;
    this.downloadListeners.emit(interactionId, attachment);
  }

  /**
   * Invitations without a preview get the customer's first line if the cache now has it. A new
   * chat's lines usually all came in this batch (with its invitation): then they are the
   * transcript, and the cache is not read for it.
   */
  private withPreviews(batch: BatchChanges): PolicyEvent[] {
    return batch.alerts.map((alert) => {
      if (alert.kind !== 'invite' || alert.preview !== undefined) return alert;
      const inserted = batch.lines.get(alert.interactionId) ?? [];
      const stored = this.store.chatLineCount(this.accountId, alert.interactionId);
      if (stored === 0) return alert;
      const preview = previewOf(
        stored === inserted.length
          ? [...inserted].sort(byEventId)
          : this.store.transcriptLines(this.accountId, alert.interactionId),
      );
      return preview === undefined ? alert : { ...alert, preview };
    });
  }
}

/** The key of a workbin item in the cache writer's placements. */
function placementKey(workbinId: string, interactionId: string): string {
  return `${workbinId}\u0000${interactionId}`;
}

/**
 * What a workbin notification's change word means for the workbin's content: 003's
 * `workbinContentOperation` (`PlacedIn`, `TakenOut`) or `operation` (`Create`, `Delete`,
 * `Update`), or `Content` for a complete content (GetWorkbinContent's answer).
 */
export function workbinChangeOf(change: string): 'content' | 'removed' | 'stored' {
  if (change === 'Content') return 'content';
  return /^(TakenOut|Delete|Deleted|Removed)$/i.test(change) ? 'removed' : 'stored';
}

/** A change set that changes nothing (what a skipped event or a failed batch gives). */
export function emptyChangeSet(): ChangeSet {
  return { interactions: [], transcripts: [], emails: [], workbins: [], history: [] };
}
