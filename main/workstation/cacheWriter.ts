import type { Statement } from 'better-sqlite3';
import {
  GwsEventSchema,
  type ChannelState,
  type GwsEvent,
  type InteractionDetail,
  type InteractionSnapshot,
  type InteractionSummary,
  type SearchHit,
  type StoredAttachment,
} from '../../common/model';
import { Listeners } from '../../common/listeners';
import { searchCache, type SearchQuery } from '../cache/search';
import type { AccountKey, CacheStore, HistoryQuery, InteractionRecord } from '../cache/store';
import { createOperations } from '../gws/operations';
import type { GwsSession } from '../gws/session';
import {
  AttachmentDownloader,
  removeStoredFiles,
  type DownloadFunction,
  type WorkstationLog,
} from './attachments';
import {
  inviteOf,
  previewOf,
  revokeOf,
  shouldAnnounceInvite,
  shouldAnnounceRevoke,
  type PolicyEvent,
} from './policy';

export type { DownloadFunction, WorkstationLog } from './attachments';
export type { PolicyEvent } from './policy';

/** Full-text search, swappable (the default runs `searchCache` on the store's connection). */
export interface SearchClient {
  search(query: SearchQuery): Promise<SearchHit[]>;
}

export interface WorkstationOptions {
  readonly store: CacheStore;
  readonly account: AccountKey;
  /** Where downloaded attachments go; nothing is ever written or deleted outside it. */
  readonly attachmentsDir: string;
  /** Attachment downloads; without it, {@link Workstation.attach} uses the session's. */
  readonly download?: DownloadFunction;
  readonly now?: () => number;
  readonly log: WorkstationLog;
  readonly searchClient?: SearchClient;
}

export interface ChannelStates {
  /** When they were last reported (ms since epoch). */
  readonly at: number;
  readonly channels: ChannelState[];
}

export interface PurgeResult {
  readonly interactions: number;
  /** Attachment files deleted (a file still used by a kept interaction is kept). */
  readonly files: number;
  /** Files not deleted because their path is outside the attachments folder. */
  readonly refusedFiles: number;
  /** Log rows of account-level events or unknown interactions, older than the cutoff. */
  readonly logRows: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** The state an interactionEnded is stored with when its snapshot names none of these. */
const ENDED_STATES: ReadonlySet<string> = new Set(['Completed', 'Stopped', 'Released', 'Ended']);
/** interaction_events rows about the account rather than one interaction have this id. */
export const ACCOUNT_EVENT_ID = '';

interface Outcome {
  readonly policy: PolicyEvent[];
  /** An interaction whose pending attachments may now be downloaded. */
  readonly touched?: string;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether upserting `snapshot` would leave the live stored interaction as it is. */
function changesNothing(stored: InteractionRecord, snapshot: InteractionSnapshot): boolean {
  const optional = [
    'type',
    'subType',
    'subject',
    'queue',
    'from',
    'threadId',
    'parentId',
    'contactId',
  ] as const;
  return (
    stored.endedAt === undefined &&
    stored.state === snapshot.state &&
    stored.channel === snapshot.channel &&
    optional.every((key) => snapshot[key] === undefined || snapshot[key] === stored[key]) &&
    sameJson(stored.capabilities, snapshot.capabilities) &&
    (Object.keys(snapshot.userData).length === 0 || sameJson(stored.userData, snapshot.userData)) &&
    (snapshot.to === undefined || snapshot.to.length === 0 || sameJson(stored.to, snapshot.to))
  );
}

/** The event as logged: e-mail bodies are kept in `emails`, the log keeps only their sizes. */
function logPayload(event: GwsEvent): unknown {
  if (event.type !== 'emailContentReceived') return event;
  const { text, html, ...email } = event.email;
  return {
    ...event,
    email: { ...email, textLength: text?.length ?? 0, htmlLength: html?.length ?? 0 },
  };
}

/**
 * The workstation core: applies the GWS client's domain events to the offline cache, derives
 * the notification policy (which invitations and revokes to alert the agent about), downloads
 * accepted e-mails' attachments, and answers the UI's queries from the cache alone, online or
 * not.
 *
 * **Transactions and failures.** Each event is one transaction; an event that is not a valid
 * GwsEvent or whose writes fail is logged and skipped, its transaction rolled back, everything
 * stored before kept. `apply` never throws.
 *
 * **Idempotency.** Every write is keyed (interaction id, chat event id, attachment id, setting
 * key) and events are applied with their arrival time `at` (the clock by default, made
 * monotonic; a recorded stream passes the recorded times). An interaction event older than what
 * the cache holds about the interaction (`at < updated_at`) is stale: logged, not applied, not
 * announced. A repeated end of an interaction already over changes nothing, and an update that
 * would change nothing is not written (so a resync does not bump `updated_at`). Hence replaying
 * a recorded stream into a fresh cache gives the same content as the first time, and replaying
 * it into the same cache changes no table but the event log.
 *
 * **The event log** (`interaction_events`) stays append-only, as the schema describes it: it
 * records every arrival, so that a replay, a resync or a duplicate delivery shows up there (the
 * only table a replay changes). Interaction events are logged under the interaction's id,
 * `workbinChanged` under each interaction it names, `channelStateChanged` and `passwordChanged`
 * under {@link ACCOUNT_EVENT_ID}. `history*` answers (UCS queries, for whoever asked) and
 * `rawNotification` (voice, passed on unread, possibly many per second) are not stored.
 *
 * **Revoked invitations stay in history** (state `Revoked`, no `acceptedAt`): the agent can see
 * what was offered and missed. An interaction first heard of through its end is stored too
 * when the event carries its snapshot.
 *
 * **Channel states** are kept in the `settings` row `channelStates:<accountId>`, merged by
 * channel, so the UI can show the last known states offline.
 */
export class Workstation {
  readonly accountId: number;
  private readonly store: CacheStore;
  private readonly log: WorkstationLog;
  private readonly clock: () => number;
  private readonly searchClient: SearchClient;
  private readonly downloader: AttachmentDownloader;
  private sessionDownload: DownloadFunction | undefined;
  private lastAt: number;
  private readonly policyListeners: Listeners<[PolicyEvent]>;
  private readonly downloadListeners: Listeners<[string, StoredAttachment]>;
  private pendingPolicy: PolicyEvent[] = [];
  private flushScheduled = false;
  private readonly detachers = new Set<() => void>();
  private readonly orphanLogRows: Statement;

  constructor(private readonly options: WorkstationOptions) {
    this.store = options.store;
    this.log = options.log;
    this.policyListeners = new Listeners<[PolicyEvent]>((error) => {
      this.log.warn(`policy listener failed: ${message(error)}`);
    });
    this.downloadListeners = new Listeners<[string, StoredAttachment]>((error) => {
      this.log.warn(`download listener failed: ${message(error)}`);
    });
    this.clock = options.now ?? Date.now;
    this.accountId = this.store.accountId(options.account);
    const db = this.store.db;
    this.searchClient = options.searchClient ?? {
      search: (query) => Promise.resolve(searchCache(db, query)),
    };
    const latest = db
      .prepare('SELECT max(updated_at) AS at FROM interactions WHERE account_id = ?')
      .get(this.accountId) as { at: number | null };
    this.lastAt = latest.at ?? 0;
    this.orphanLogRows = db.prepare(
      `DELETE FROM interaction_events
       WHERE at < ? AND NOT EXISTS (SELECT 1 FROM interactions i
         WHERE i.account_id = interaction_events.account_id AND i.id = interaction_events.interaction_id)`,
    );
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
    });
  }

  // ---- events ------------------------------------------------------------------------------

  /**
   * Applies one event in one transaction and returns the alerts it calls for. `at` is its
   * arrival time (default: now, never earlier than the last arrival). Never throws.
   */
  apply(event: GwsEvent, at?: number): PolicyEvent[] {
    const parsed = GwsEventSchema.safeParse(event);
    if (!parsed.success) {
      this.log.warn(`skipped an event that is not a GWS event: ${parsed.error.message}`);
      return [];
    }
    const arrival = this.arrival(at);
    let outcome: Outcome;
    try {
      outcome = this.store.transaction(() => this.write(parsed.data, arrival));
    } catch (error) {
      this.log.warn(`skipped ${parsed.data.type}: ${message(error)}`);
      return [];
    }
    if (outcome.touched !== undefined) this.downloadIfOwned(outcome.touched);
    // Chat lines stored before the invitation (a resync's order) give its preview right away.
    return this.withPreviews(outcome.policy);
  }

  /**
   * Applies events in order and returns their alerts, invitations with the customer's first
   * line when an event of the batch (the invitation's chat events come right after it) brought
   * it.
   */
  applyAll(events: readonly GwsEvent[], at?: number): PolicyEvent[] {
    // One transaction for the batch (each event keeps its own savepoint, so a failing one is
    // rolled back alone): every commit also flushes a new FTS5 segment, which is most of the
    // cost of a small transaction.
    let policy: PolicyEvent[] = [];
    try {
      policy = this.store.transaction(() => events.flatMap((event) => this.apply(event, at)));
    } catch (error) {
      this.log.warn(`a batch of ${events.length} events failed to commit: ${message(error)}`);
    }
    return this.withPreviews(policy);
  }

  /** Alerts from attached sessions, one notification's events at a time (see {@link attach}). */
  onPolicy(listener: (event: PolicyEvent) => void): () => void {
    return this.policyListeners.add(listener);
  }

  /**
   * Applies the session's events as they come and downloads attachments through it (unless a
   * `download` was given). Alerts go to {@link onPolicy} listeners once the events emitted
   * together (one notification, one resync) are all applied, so an invitation's preview can
   * come from the chat events that follow it. Returns the unsubscribe function.
   */
  attach(session: GwsSession): () => void {
    const operations = createOperations(session.requester);
    const download: DownloadFunction = (id, documentId) =>
      operations.downloadAttachment(id, documentId);
    this.sessionDownload = download;
    // The events of one notification (or one resync) are emitted in one synchronous run:
    // gather them and apply them together, in one transaction, in the microtask that follows.
    let batch: GwsEvent[] = [];
    const unsubscribe = session.onEvent((event) => {
      batch.push(event);
      if (batch.length > 1) return;
      queueMicrotask(() => {
        const events = batch;
        batch = [];
        this.queuePolicy(this.applyAll(events));
      });
    });
    const detach = () => {
      unsubscribe();
      if (this.sessionDownload === download) this.sessionDownload = undefined;
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

  /** Tries the pending downloads of every owned interaction again (after reconnecting). */
  retryDownloads(): void {
    for (const interaction of this.store.inbox(this.accountId))
      this.downloadIfOwned(interaction.id);
  }

  /** Resolves once no attachment download is running. */
  downloadsIdle(): Promise<void> {
    return this.downloader.idle();
  }

  /** Detaches from every session and waits for running downloads. */
  async close(): Promise<void> {
    for (const detach of [...this.detachers]) detach();
    await this.downloader.idle();
  }

  // ---- queries (the cache only) ------------------------------------------------------------

  /** Active interactions, most recently changed first (all, or one page). */
  inbox(page: { limit?: number; offset?: number } = {}): InteractionSummary[] {
    return this.store.inbox(this.accountId, page);
  }

  history(query: HistoryQuery = {}): InteractionSummary[] {
    return this.store.history(this.accountId, query);
  }

  interaction(id: string): InteractionDetail | undefined {
    return this.store.interaction(this.accountId, id);
  }

  search(text: string, page: { limit?: number; offset?: number } = {}): Promise<SearchHit[]> {
    return this.searchClient.search({
      text,
      accountId: this.accountId,
      ...(page.limit === undefined ? {} : { limit: page.limit }),
      ...(page.offset === undefined ? {} : { offset: page.offset }),
    });
  }

  /** The channel states last reported, for showing them offline. */
  channelStates(): ChannelStates | undefined {
    const stored = this.store.setting(this.channelStatesKey);
    if (stored === undefined) return undefined;
    try {
      return JSON.parse(stored) as ChannelStates;
    } catch {
      return undefined;
    }
  }

  /**
   * Deletes interactions that ended more than `retentionDays` ago with their messages, search
   * rows and log, the log rows of account-level events older than that, and the attachment
   * files no remaining interaction uses (never a path outside the attachments folder).
   */
  async purge(retentionDays: number): Promise<PurgeResult> {
    if (!Number.isFinite(retentionDays) || retentionDays < 0)
      throw new RangeError(`retentionDays must be a non-negative number, not ${retentionDays}`);
    const cutoff = this.clock() - retentionDays * DAY_MS;
    const { interactions, orphanedFiles } = this.store.purgeEndedBefore(cutoff);
    const logRows = this.store.transaction(() => this.orphanLogRows.run(cutoff).changes);
    const files = await removeStoredFiles(this.options.attachmentsDir, orphanedFiles, this.log);
    return { interactions, files: files.deleted, refusedFiles: files.refused, logRows };
  }

  // ---- internals -----------------------------------------------------------------------------

  private get channelStatesKey(): string {
    return `channelStates:${this.accountId}`;
  }

  private arrival(at: number | undefined): number {
    if (at !== undefined && Number.isFinite(at)) {
      this.lastAt = Math.max(this.lastAt, at);
      return at;
    }
    this.lastAt = Math.max(this.lastAt, this.clock());
    return this.lastAt;
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

  private write(event: GwsEvent, at: number): Outcome {
    const { store, accountId } = this;
    switch (event.type) {
      case 'interactionInvited':
      case 'interactionUpdated': {
        const snapshot = event.interaction;
        this.logEvent(snapshot.id, event, snapshot.state, at);
        const prior = store.interactionRecord(accountId, snapshot.id);
        if (prior !== undefined && at < prior.updatedAt) {
          this.log.debug(`stale ${event.type} for ${snapshot.id} ignored`);
          return { policy: [] };
        }
        const announce = snapshot.state === 'Invited' && shouldAnnounceInvite(prior);
        if (prior === undefined || !changesNothing(prior, snapshot))
          store.upsertInteraction(accountId, snapshot, at);
        return {
          policy: announce ? [inviteOf(snapshot, undefined)] : [],
          touched: snapshot.id,
        };
      }
      case 'interactionRevoked':
      case 'interactionEnded': {
        const id = event.interactionId;
        const revoked = event.type === 'interactionRevoked';
        const snapshotState = event.interaction?.state;
        const state = revoked
          ? 'Revoked'
          : snapshotState !== undefined && ENDED_STATES.has(snapshotState)
            ? snapshotState
            : 'Ended';
        this.logEvent(id, event, state, at);
        const prior = store.interactionRecord(accountId, id);
        if (prior?.endedAt !== undefined) return { policy: [] };
        if (prior !== undefined && at < prior.updatedAt) {
          this.log.debug(`stale ${event.type} for ${id} ignored`);
          return { policy: [] };
        }
        if (event.interaction !== undefined)
          store.upsertInteraction(accountId, { ...event.interaction, id, state }, at);
        store.markEnded(accountId, id, state, at);
        const channel = prior?.channel ?? event.interaction?.channel;
        return {
          policy:
            revoked && channel !== undefined && shouldAnnounceRevoke(prior)
              ? [revokeOf(id, channel, prior?.subject ?? event.interaction?.subject)]
              : [],
        };
      }
      case 'emailContentReceived':
        this.logEvent(event.interactionId, event, null, at);
        store.putEmail(accountId, event.interactionId, event.email);
        return { policy: [], touched: event.interactionId };
      case 'chatEventsReceived':
        this.logEvent(event.interactionId, event, null, at);
        store.addChatEvents(accountId, event.interactionId, event.events);
        return { policy: [] };
      case 'channelStateChanged': {
        const merged = new Map(
          (this.channelStates()?.channels ?? []).map((channel) => [channel.channel, channel]),
        );
        for (const channel of event.channels) merged.set(channel.channel, channel);
        const channels = [...merged.values()];
        store.setSetting(this.channelStatesKey, JSON.stringify({ at, channels }));
        const summary = event.channels.map((channel) => `${channel.channel}=${channel.state}`);
        this.logEvent(ACCOUNT_EVENT_ID, event, summary.join(' '), at);
        return { policy: [] };
      }
      case 'passwordChanged':
        this.logEvent(ACCOUNT_EVENT_ID, event, event.ok ? 'ok' : 'failed', at);
        return { policy: [] };
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
        return { policy: [] };
      }
      case 'historyReceived':
      case 'historyContentReceived':
      case 'historyFailed':
      case 'rawNotification':
        return { policy: [] };
    }
  }

  /** Starts downloading the interaction's pending attachments if the agent owns it. */
  private downloadIfOwned(interactionId: string): void {
    try {
      if (this.options.download === undefined && this.sessionDownload === undefined) return;
      const stored = this.store.interactionRecord(this.accountId, interactionId);
      if (stored?.acceptedAt === undefined || stored.endedAt !== undefined) return;
      if (this.store.pendingDownloads(this.accountId, interactionId).length === 0) return;
      this.downloader.schedule(interactionId);
    } catch (error) {
      this.log.warn(`attachments of ${interactionId}: ${message(error)}`);
    }
  }

  private announceDownload(interactionId: string, attachmentId: string): void {
    if (this.downloadListeners.size === 0) return;
    const attachment = this.store
      .interaction(this.accountId, interactionId)
      ?.attachments.find((stored) => stored.id === attachmentId);
    if (attachment === undefined) return;
    this.downloadListeners.emit(interactionId, attachment);
  }

  /** Invitations without a preview get the customer's first line if the cache now has it. */
  private withPreviews(events: PolicyEvent[]): PolicyEvent[] {
    return events.map((event) => {
      if (event.kind !== 'invite' || event.preview !== undefined) return event;
      try {
        const transcript = this.store.interaction(this.accountId, event.interactionId)?.transcript;
        const preview = previewOf(transcript ?? []);
        return preview === undefined ? event : { ...event, preview };
      } catch {
        return event;
      }
    });
  }

  private queuePolicy(events: PolicyEvent[]): void {
    if (events.length === 0) return;
    this.pendingPolicy.push(...events);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      const batch = this.withPreviews(this.pendingPolicy.splice(0));
      for (const event of batch) this.policyListeners.emit(event);
    });
  }
}
