import { CookieJar } from 'tough-cookie';
import { err, ok, unanswered, type Result } from '../../common/errors';
import { lacksMultimedia, MULTIMEDIA_FEATURE } from '../../common/gwsOperations';
import { INVITED_STATE, WORKING_STATES } from '../../common/interactionStates';
import { Listeners } from '../../common/listeners';
import type {
  AgentIdentity,
  ChannelState,
  ConnectionState,
  ConnectionStatus,
  GwsEvent,
  InteractionSnapshot,
} from '../../common/model';
import {
  notGwsAnswer,
  redirectedToOrigin,
  GwsHttpClient,
  listIn,
  silentLog,
  type Credentials,
  type GwsLog,
  type GwsRequester,
} from './http';
import { normalizeInteraction, NotificationNormalizer } from './normalizer';
import { createOperations, type GwsOperations } from './operations';
import { NotificationConnection, isDenial } from './notifications';
import type { MachineClocks } from './serverClock';
import { readMe } from './users';

export type { GwsRequester } from './http';

export interface GwsSessionOptions {
  /** The server root, e.g. `http://127.0.0.1:8090`. */
  readonly serverUrl: string;
  readonly credentials: Credentials;
  /** Media channels of the contact-center session. */
  readonly mediaChannels?: readonly string[];
  readonly log?: GwsLog;
  readonly requestTimeoutMs?: number;
  readonly maxBackoffMs?: number;
  readonly maxNetworkDelayMs?: number;
  readonly websocket?: boolean;
  /** The most bytes one CometD answer may bring (the notification connection's `maxResponseBytes`). */
  readonly maxNotificationResponseBytes?: number;
  /** The most bytes one downloaded file may bring (the REST client's `maxDownloadBytes`). */
  readonly maxDownloadBytes?: number;
  /**
   * The most open interactions the session remembers (default {@link DEFAULT_MAX_KNOWN}); past
   * it the longest-known is forgotten, and a resync treats it as new (the cache is idempotent).
   */
  readonly maxKnownInteractions?: number;
  /** This machine's clocks, for the server's lead (the REST client's `clocks`; tests set them). */
  readonly clocks?: MachineClocks;
  /** How often this machine's clock is checked for a jump (the REST client's). */
  readonly clockCheckIntervalMs?: number;
}

/**
 * What the session remembers of an open interaction between resyncs: only what it needs to
 * diff against the server (its state). Content (userData, transcripts, bodies) lives in the
 * cache, never here: whole snapshots kept per open interaction made memory grow without bound.
 */
export interface KnownInteraction {
  readonly state: string;
}

/**
 * What the session's cache writer made of one batch of its events (see
 * {@link GwsSession.storeOutcome}): the events a storage failure (disk full, I/O error, locked)
 * kept out of the cache, and why.
 */
export interface StoreOutcome {
  readonly unstored: readonly GwsEvent[];
  readonly failure?: string;
}

/** What a successful sign-in tells: who the agent is and its channel states. */
export interface SignedIn {
  readonly agent: AgentIdentity;
  readonly channels: ChannelState[];
}

/**
 * One agent's session with a GWS server: the sign-in sequence of the GWS README (GET /me with
 * subresources → CometD handshake and subscriptions → StartContactCenterSession → channel
 * states), the notification stream as domain events, recovery and sign-out.
 *
 * Recovery: CometD re-handshakes by itself after a `402` or a server restart; the connection
 * then renews its subscriptions once and this session **resyncs** — re-reads `/me` and
 * `/me/interactions?fields=*` and emits the differences (an invite gone while disconnected
 * becomes `interactionRevoked`, a changed state `interactionUpdated`, chat lines missed in the
 * gap `chatEventsReceived`); a resync that fails is tried again until one succeeds.
 *
 * Signing in again: a denied handshake (`403::handshake_denied`: the HTTP session is gone) makes
 * it sign in again with the stored credentials (GET /me with Basic) and handshake again, retried
 * with a capped back-off (up to `maxBackoffMs`) through network errors, 5xx answers, timeouts
 * and further denials for as long as they last; meanwhile the status is `reconnecting`, then
 * `offline`, with the reason. Only a definite refusal of the credentials (401 on that GET /me)
 * ends the session: the status becomes `signedOut` with {@link credentialsRefusedReason}.
 *
 * What it remembers: of each open interaction only its state (at most `maxKnownInteractions`),
 * to diff a resync against; the content is the cache's. An event counts as seen only once its
 * cache writer has committed it ({@link storeOutcome}): what a full disk or a locked cache kept
 * out is said on the status (`storageFailure`) at once and read again by a resync, retried with
 * a back-off until it is stored.
 */
/** The server's word on a ChangePassword, as the normalizer reads it from `/v2/me`. */
type PasswordOutcome = Extract<GwsEvent, { type: 'passwordChanged' }>;

/** How long a ChangePassword waits for the server's word on `/v2/me` before signing in to tell. */
export const PASSWORD_OUTCOME_MS = 5_000;

/**
 * A PasswordChangeError as the desk's answer, by its `errorCode` (003): 2 (the old password was
 * not entered correctly) carries the code the desk words in its language; 3 (an internal server
 * error) is no refusal of the password but a failure; 1 (the security guidelines) and a code
 * not given keep the server's own reason, which may name the rule, set into the desk's sentence
 * (`newPasswordRefused`, or `newPasswordNotAccepted` when it gave none).
 */
export function refusedPasswordChange(outcome: PasswordOutcome): Result<never> {
  const sentence = passwordRefusal(outcome.message);
  if (outcome.errorCode === 2) return err('forbidden', sentence, 'currentPasswordWrong');
  if (outcome.errorCode === 3) return err('internal', sentence);
  const reason = refusalReason(outcome.message);
  return reason === undefined
    ? err('forbidden', sentence, 'newPasswordNotAccepted')
    : err('forbidden', sentence, 'newPasswordRefused', { reason });
}

/** The server's reason for refusing a new password, to go on after a colon; undefined for none. */
function refusalReason(reason: string | undefined): string | undefined {
  const words = reason?.trim().replace(/[.!]+$/u, '');
  if (words === undefined || words === '') return undefined;
  return `${words.charAt(0).toLowerCase()}${words.slice(1)}`;
}

/** The server's reason for refusing a new password, as one sentence (for the log and Details). */
export function passwordRefusal(reason: string | undefined): string {
  const words = refusalReason(reason);
  if (words === undefined) return 'The server refused the new password.';
  return `The server refused the new password: ${words}.`;
}

export class GwsSession {
  readonly http: GwsHttpClient;
  /**
   * The requests of the session's operations (signing in again once when the session lapsed).
   * An action on work the agent has in hand answered "not found" has the server's list confirm
   * whether the work is still the agent's ({@link confirmRefusedWork}).
   */
  readonly requester: GwsRequester;
  /**
   * The operations for the session's own calls (RequestChatHistory), over a requester that does
   * not ask the server's list: a resync makes them, and must not start itself again.
   */
  private readonly operations: GwsOperations;
  private readonly jar = new CookieJar();
  private readonly normalizer: NotificationNormalizer;
  private readonly log: GwsLog;
  private connection: NotificationConnection | null = null;
  private readonly known = new Map<string, KnownInteraction>();
  /**
   * While a resync's list (GET /me/interactions) is on its way: the interactions whose state an
   * event told meanwhile (a notification, the agent's own Reject), which are newer than the list.
   */
  private toldWhileListing: Set<string> | undefined;
  /**
   * While a resync's read of the channels (GET /me) is on its way: the channel states notified
   * meanwhile (a supervisor's Not Ready, the agent's own choice), which may be newer than the read.
   */
  private channelsToldWhileReading: GwsEvent[] | undefined;
  /**
   * Interactions some of whose events the cache failed to store: the next resync passes on all
   * it reads of them (every chat line, the e-mail, the state), not only what changed.
   */
  private readonly unconfirmed = new Set<string>();
  /**
   * Interactions whose end or withdrawal the session passed on, oldest first (at most
   * `maxKnownInteractions`), until the server's list shows them the agent's again. CometD
   * delivers late, twice and out of order: an invitation that comes after its own withdrawal
   * (the two swapped, or the invitation delivered again) is no offer, and a line's
   * PropertiesChanged after the chat's end is no reopening. A notification that would make one
   * of these live again is held back and the server's list asked instead
   * ({@link confirmWithServer}): a real new offer (the invitation offered again once the last
   * one timed out) is listed there and passed on from it.
   */
  private readonly over = new Set<string>();
  /**
   * The offer of each interaction in play, numbered when it comes to the agent (anew when it
   * comes back after it was over): an answer to an earlier offer says nothing of a later one
   * ({@link offerOf}, {@link offerOver}). Forgotten when the interaction is over.
   */
  private readonly offers = new Map<string, number>();
  private offersMade = 0;
  /**
   * Notifications held back, and actions on work in hand answered "not found", for the server's
   * list since the session began.
   */
  private heldBack = 0;
  /** The one running loop of resyncs that confirm what was held back. */
  private confirming: Promise<void> | null = null;
  /** The confirming resyncs that failed in a row, for the back-off before the next. */
  private confirmingFailures = 0;
  /** Whether a confirming resync that failed is to be tried again after its back-off. */
  private confirmingAgainLater = false;
  /**
   * Interactions the cache holds live from an earlier session ({@link confirmHeld}), until a
   * resync has read the server's list: it passes on the whole of each the server still lists
   * (this session's alerts have not heard of it) and ends or withdraws each it no longer lists.
   * Nothing else ends them: a sign-out before that list (a failed sign-in) leaves them as held.
   */
  private readonly heldBefore = new Set<string>();
  /**
   * Interactions in hand whose case data the agent changed (UpdateProperties answered) and whose
   * notification has not come since: the server says so only by PropertiesChanged, and a gap
   * that swallowed it (a restart, a dropped CometD session) left the cache with the old values
   * for good, since the resync's list shows the same state (the Case data panel said "Saving…"
   * for good, and a required disposition the server held never counted for Done). The next
   * resync passes each on whole.
   */
  private readonly propertiesUnheard = new Set<string>();
  /** Why the cache last failed to store events, until a repair has been committed. */
  private storageFailure: string | undefined;
  /** Storage failures in a row: the repair resync backs off with them. */
  private storageFailures = 0;
  /** The one running loop that resyncs after a failed commit. */
  private repairing: Promise<void> | null = null;
  /** The status as the connection last set it, before a storage failure is added to it. */
  private connectionStatus: ConnectionStatus = { state: 'signedOut', reason: 'not signed in' };
  private readonly eventListeners: Listeners<[GwsEvent]>;
  private readonly statusListeners: Listeners<[ConnectionStatus]>;
  private currentStatus: ConnectionStatus = { state: 'signedOut', reason: 'not signed in' };
  private resyncing: Promise<Result<void>> | null = null;
  /** The `GET /me` renewing the HTTP session a refused long poll named (renewHttpSession). */
  private renewingHttpSession: Promise<void> | null = null;
  private reauthenticating: Promise<Renewal> | null = null;
  /** The one running attempt to sign in again after a denied handshake. */
  private signingInAgain: Promise<void> | null = null;
  /** The one running loop that resyncs after gaps in the link until a resync succeeds. */
  private resyncingAfterGap: Promise<void> | null = null;
  /** Gaps so far (resyncAfterGap): one arriving while that loop resyncs makes it resync again. */
  private gaps = 0;
  /** Back-off waits under way; signing out ends them at once. */
  private readonly pauses = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  /** Who waits for the server's word on a ChangePassword (`/v2/me`, 003). */
  private readonly passwordOutcomes = new Listeners<[PasswordOutcome]>((error) => {
    this.log.warn(`password outcome listener failed: ${String(error)}`);
  });
  private mustChangePassword = false;
  /** Who the agent is as `/me` last said (the sign-in's, then each resync's). */
  private identity: AgentIdentity | undefined;
  /** Who hears that `/me` names the agent otherwise than before (see {@link onIdentity}). */
  private readonly identityListeners = new Listeners<[AgentIdentity]>((error) => {
    this.log.warn(`identity listener failed: ${String(error)}`);
  });
  /** Who hears that a resync after a gap begins and has read the server (see {@link onGap}). */
  private readonly gapListeners = new Listeners<[GapPhase]>((error) => {
    this.log.warn(`gap listener failed: ${String(error)}`);
  });

  constructor(private readonly options: GwsSessionOptions) {
    this.log = options.log ?? silentLog;
    this.http = new GwsHttpClient({
      serverUrl: options.serverUrl,
      credentials: options.credentials,
      jar: this.jar,
      log: this.log,
      ...(options.requestTimeoutMs === undefined ? {} : { timeoutMs: options.requestTimeoutMs }),
      ...(options.maxDownloadBytes === undefined
        ? {}
        : { maxDownloadBytes: options.maxDownloadBytes }),
      ...(options.clocks === undefined ? {} : { clocks: options.clocks }),
      ...(options.clockCheckIntervalMs === undefined
        ? {}
        : { clockCheckIntervalMs: options.clockCheckIntervalMs }),
    });
    this.normalizer = new NotificationNormalizer(this.log);
    this.eventListeners = new Listeners<[GwsEvent]>((error, event) => {
      this.log.warn(`event listener failed on ${event.type}: ${String(error)}`);
    });
    this.statusListeners = new Listeners<[ConnectionStatus]>((error) => {
      this.log.warn(`status listener failed: ${String(error)}`);
    });
    const ownRequests: GwsRequester = {
      get: (path) => this.withAuthentication(() => this.http.get(path)),
      post: (path, body) => this.withAuthentication(() => this.http.post(path, body)),
      delete: (path) => this.withAuthentication(() => this.http.delete(path)),
      postForm: (path, form) => this.withAuthentication(() => this.http.postForm(path, form)),
      getBytes: (path, progress, stop) =>
        this.withAuthentication(() => this.http.getBytes(path, progress, stop)),
    };
    this.requester = {
      ...ownRequests,
      // Not getBytes: a download answered "not found" is about the file, not the interaction.
      get: async (path) => this.confirmRefusedWork(path, await ownRequests.get(path)),
      post: async (path, body) => {
        const answer = await ownRequests.post(path, body);
        if (answer.ok && body.operationName === 'UpdateProperties') this.propertiesSaved(path);
        return this.confirmRefusedWork(path, answer);
      },
      delete: async (path) => this.confirmRefusedWork(path, await ownRequests.delete(path)),
      postForm: async (path, form) =>
        this.confirmRefusedWork(path, await ownRequests.postForm(path, form)),
    };
    this.operations = createOperations(ownRequests);
  }

  get status(): ConnectionStatus {
    return this.currentStatus;
  }

  /** The notification connection (for diagnostics and tests). */
  get notifications(): NotificationConnection | null {
    return this.connection;
  }

  /** Notifications skipped as not understood, per kind (see NotificationNormalizer). */
  get skippedNotifications(): ReadonlyMap<string, number> {
    return this.normalizer.skippedCounts;
  }

  /**
   * Interactions the agent currently has, as last reported: their ids and states only (the
   * content is in the cache), at most `maxKnownInteractions` of them.
   */
  get interactions(): ReadonlyMap<string, KnownInteraction> {
    return this.known;
  }

  /**
   * Told by the session's one cache writer after each batch of its events: an event counts as
   * seen only once it is committed. Events a storage failure kept out make their interactions
   * unconfirmed (the next resync passes on all of them again), the status says at once that the
   * cache is failing, and a resync is tried again with a back-off until a batch commits. A
   * batch that commits with nothing kept out once the repair resync has passed everything on
   * clears the warning.
   */
  storeOutcome(outcome: StoreOutcome): void {
    if (outcome.unstored.length === 0) {
      if (this.storageFailure !== undefined && this.unconfirmed.size === 0) {
        this.storageFailure = undefined;
        this.storageFailures = 0;
        this.publishStatus();
      }
      return;
    }
    for (const event of outcome.unstored) {
      const id = interactionIdOf(event);
      if (id === undefined) continue;
      this.unconfirmed.add(id);
      // An end the cache did not store: remembered as open, so that the resync, not finding
      // it on the server, ends it again.
      if (
        (event.type === 'interactionEnded' || event.type === 'interactionRevoked') &&
        !this.known.has(id)
      ) {
        this.remember(id, {
          state: event.type === 'interactionRevoked' ? INVITED_STATE : UNSTORED_END_STATE,
        });
      }
    }
    this.storageFailures += 1;
    this.storageFailure = outcome.failure ?? 'a write failed';
    this.publishStatus();
    this.repairAfterStorageFailure();
  }

  /**
   * Interactions the cache holds as live from an earlier session, with their states as stored:
   * that session may have ended without signing out (the app crashed, the PC lost power), and
   * what the server did with them since (a chat ended, an e-mail handed to a colleague or a queue,
   * an invitation withdrawn) was never heard. The next resync (the sign-in's) confirms each as
   * it does what this session knew before a gap: one the server still lists is passed on again
   * whole (its alerts and its content read anew), one it no longer lists is withdrawn (an
   * invitation) or ended. Ones this session already knows are left as it knows them. Given the
   * latest first, at most {@link maxKnownInteractions} are taken: the others wait for a later
   * sign-in, once these are confirmed (ended, or the agent's still).
   */
  confirmHeld(interactions: Iterable<{ readonly id: string; readonly state: string }>): void {
    for (const { id, state } of interactions) {
      // No more than the session remembers: past it, the ones given first (the latest work)
      // would be forgotten for older ones (and a resync confirms only what it remembers).
      if (this.known.size >= this.maxKnownInteractions) break;
      if (this.known.has(id)) continue;
      this.remember(id, { state });
      this.heldBefore.add(id);
    }
  }

  /**
   * The interactions held from an earlier session ({@link confirmHeld}) that the next resync
   * (the sign-in's) is to confirm; none once it has read the server's list.
   */
  get heldFromBefore(): ReadonlySet<string> {
    return new Set(this.heldBefore);
  }

  onEvent(listener: (event: GwsEvent) => void): () => void {
    return this.eventListeners.add(listener);
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    return this.statusListeners.add(listener);
  }

  /**
   * A gap in the link is being closed: `resyncing` before a resync after a re-handshake (a
   * server restart, a lost CometD session) or a connection check begins, `resynced` once one
   * has read the server and its events are emitted (the cache writer commits them in the
   * microtask that follows, before any listener's `await` resumes). What changed in between is
   * what the events of that resync said. Returns the unsubscribe function.
   */
  onGap(listener: (phase: GapPhase) => void): () => void {
    return this.gapListeners.add(listener);
  }

  /**
   * The agent's names as a resync's `GET /me` reads them, when they differ from what the sign-in
   * (or an earlier resync) read: an administrator renamed the agent mid-shift. Returns the
   * unsubscribe function.
   */
  onIdentity(listener: (agent: AgentIdentity) => void): () => void {
    return this.identityListeners.add(listener);
  }

  /** The whole sign-in sequence; on failure the session stays signed out. */
  async signIn(): Promise<Result<SignedIn>> {
    this.setStatus('connecting', 'signing in');
    const me = await this.http.get('/me?subresources=*');
    if (!me.ok) {
      this.setStatus('signedOut', me.error.message);
      // The first request not found, or answered with a page (a portal's, an intranet's): a web
      // server answers at that address, but no GWS API (a later request's 404, with /me
      // answered, is no such thing).
      // A redirect to another address (most often an `http:` address answered with its
      // `https:` one) names it: the agent can try it rather than guess.
      const origin = redirectedToOrigin(me.error);
      if (origin !== undefined)
        return err('notFound', me.error.message, 'serverRedirects', { origin });
      return (me.error.kind === 'notFound' && me.error.code === undefined) || notGwsAnswer(me.error)
        ? err('notFound', me.error.message, 'serverNotGws')
        : me;
    }
    const profile = readMe(me.value);
    if (!profile.ok) {
      this.setStatus('signedOut', profile.error.message);
      // JSON that names no user (another application's API): not GWS either.
      return err('notFound', profile.error.message, 'serverNotGws');
    }
    // A user without the agent role (an administrator's account) cannot work the desk: say so
    // now rather than fail at StartContactCenterSession. A server that lists no roles is trusted.
    const { roles } = profile.value;
    if (roles.length > 0 && !roles.includes('ROLE_AGENT')) {
      this.setStatus('signedOut', 'not an agent');
      return err(
        'permissionDenied',
        `GET /me: ${profile.value.userName} has no agent role (roles: ${roles.join(', ')})`,
        'notAnAgent',
      );
    }
    this.mustChangePassword = profile.value.mustChangePassword;
    if (profile.value.mustChangePassword) {
      this.setStatus('signedOut', 'the password must be changed first');
      return err(
        'forbidden',
        'The server requires a new password before sign-in (ChangePassword with firstLogin)',
      );
    }
    await this.connection?.disconnect('signing in again');
    const connection = new NotificationConnection(
      {
        apiUrl: this.http.apiUrl,
        jar: this.jar,
        log: this.log,
        headers: () => this.http.csrfHeaders('POST'),
        ...(this.options.maxBackoffMs === undefined
          ? {}
          : { maxBackoffMs: this.options.maxBackoffMs }),
        ...(this.options.maxNetworkDelayMs === undefined
          ? {}
          : { maxNetworkDelayMs: this.options.maxNetworkDelayMs }),
        ...(this.options.websocket === undefined ? {} : { websocket: this.options.websocket }),
        ...(this.options.maxNotificationResponseBytes === undefined
          ? {}
          : { maxResponseBytes: this.options.maxNotificationResponseBytes }),
      },
      {
        message: (channel, data) => {
          for (const event of this.normalizer.normalize(channel, data)) {
            if (this.needsConfirming(event)) this.confirmWithServer(event);
            else this.emit(event);
            if (pulledChat(event)) void this.readPulledHistory(event.interaction.id);
          }
        },
        status: (state, reason) => {
          this.setStatus(state, reason);
        },
        resubscribed: () => {
          this.resyncAfterGap(connection);
        },
        denied: (reason) => {
          this.signInAgainAfterDenial(connection, reason);
        },
        refused: () => {
          this.renewHttpSession(connection);
        },
      },
    );
    this.connection = connection;
    const connected = await connection.connect();
    if (!connected.ok) {
      // No longer this session's: a sign-in again that a denial started ends with it.
      this.connection = null;
      await connection.disconnect(connected.reason);
      this.setStatus('signedOut', `notifications refused: ${connected.reason}`);
      return err('network', `CometD handshake failed: ${connected.reason}`);
    }
    const started = await this.startContactCenterSession();
    if (!started.ok) {
      if (this.connection === connection) this.connection = null;
      await connection.disconnect(started.error.message);
      return this.explainRefusedStart(started);
    }
    const synced = await this.resync();
    if (!synced.ok) return synced;
    const channels = await this.readChannels();
    // The resync above read /me too, perhaps after a rename the sign-in's read was before.
    this.identity ??= identityOf(profile.value);
    return ok({ agent: this.identity, channels: channels.ok ? channels.value : [] });
  }

  /**
   * A refused StartContactCenterSession, said as what it is when the contact center lacks
   * api-multimedia: 003 ("Features") has a disabled feature's operations answer as if it did
   * not exist, so the server's words (a channel not valid) would not tell the agent why no
   * e-mail and no chat can be had. Any other refusal, or features that cannot be read, stays
   * as the server answered.
   */
  private async explainRefusedStart<T>(refused: Result<T>): Promise<Result<T>> {
    if (
      refused.ok ||
      !['invalidState', 'notFound', 'forbidden', 'permissionDenied'].includes(refused.error.kind)
    )
      return refused;
    const features = await this.operations.getFeatures();
    if (!features.ok || !lacksMultimedia(features.value)) return refused;
    return err(
      refused.error.kind,
      `${refused.error.message} (the contact center has no ${MULTIMEDIA_FEATURE} feature)`,
      'multimediaMissing',
    );
  }

  /**
   * Whether the last sign-in was refused because the server demands a new password first
   * (003's `changePasswordOnFirstLogin`): {@link changePassword} with `firstLogin`, then sign in.
   */
  get passwordChangeRequired(): boolean {
    return this.mustChangePassword;
  }

  private refusedPassword = false;
  /** Whether the server ended this session by refusing its password (GET /me answered 401). */
  get passwordRefused(): boolean {
    return this.refusedPassword;
  }

  /**
   * ChangePassword (003): passwords travel base64-encoded; `firstLogin` is the only operation a
   * user whose password must change may call. The server applies its password rules after
   * answering and says how it went on `/v2/me` (PasswordChangeSuccessful, or PasswordChangeError
   * with its reason): a signed-in session hears it on its connection, a first login on a
   * connection made for the purpose. A refusal answers the server's reason in one sentence, and
   * the old password stays in use. When no word comes within {@link PASSWORD_OUTCOME_MS}, the
   * change is confirmed by signing in with the new password instead. A request left unanswered
   * (its answer lost on the way) may have been carried out: the server's word, or a sign-in with
   * the new password on an HTTP session of its own, tells; not carried out, or still not known,
   * it fails as the request did.
   */
  async changePassword(
    oldPassword: string,
    newPassword: string,
    firstLogin = false,
  ): Promise<Result<void>> {
    const encode = (password: string) => Buffer.from(password, 'utf8').toString('base64');
    if (firstLogin) await this.http.get('/me');
    const listening = this.connection === null ? await this.listenForPasswordOutcome() : null;
    let stopWaiting: () => void = () => undefined;
    const outcome = new Promise<PasswordOutcome | undefined>((resolve) => {
      const timer = setTimeout(() => {
        resolve(undefined);
      }, PASSWORD_OUTCOME_MS);
      const unsubscribe = this.passwordOutcomes.add((heard) => {
        resolve(heard);
      });
      stopWaiting = () => {
        clearTimeout(timer);
        unsubscribe();
        resolve(undefined);
      };
    });
    try {
      const changed = await this.http.post(firstLogin ? '/me?firstLogin=true' : '/me', {
        operationName: 'ChangePassword',
        oldPassword: encode(oldPassword),
        newPassword: encode(newPassword),
      });
      // Refused outright: the old password stays. Unanswered (the connection cut where the
      // answer would come), the server may have carried it out: its word, or a sign-in, tells.
      if (!changed.ok && !unanswered(changed.error.kind)) return changed;
      const heard = await outcome;
      if (heard?.ok === false) return refusedPasswordChange(heard);
      if (heard?.ok === true) {
        this.http.setCredentials({
          userName: this.options.credentials.userName,
          password: newPassword,
        });
        return ok(undefined);
      }
      if (!changed.ok) {
        // Not carried out, or not known: said as the request's own failure.
        if (!(await this.passwordTakenAside(newPassword))) return changed;
        this.http.setCredentials({
          userName: this.options.credentials.userName,
          password: newPassword,
        });
        return ok(undefined);
      }
    } finally {
      stopWaiting();
      await listening?.disconnect('password change heard');
    }
    return this.confirmNewPassword(oldPassword, newPassword);
  }

  /**
   * A connection of its own for a session not signed in (a first login), listening to `/v2/me`
   * only; null when the server refuses it (the change is then confirmed by signing in).
   */
  private async listenForPasswordOutcome(): Promise<NotificationConnection | null> {
    const normalizer = new NotificationNormalizer(this.log);
    const connection = new NotificationConnection(
      {
        apiUrl: this.http.apiUrl,
        jar: this.jar,
        log: this.log,
        channels: ['/v2/me'],
        headers: () => this.http.csrfHeaders('POST'),
      },
      {
        message: (channel, data) => {
          for (const event of normalizer.normalize(channel, data)) {
            if (event.type === 'passwordChanged') this.passwordOutcomes.emit(event);
          }
        },
        status: () => undefined,
        resubscribed: () => undefined,
        denied: () => undefined,
      },
    );
    // Listening before asking: the server's word follows its answer at once.
    const subscribed = connection.whenSubscribed(PASSWORD_OUTCOME_MS);
    const connected = await connection.connect();
    if (connected.ok && (await subscribed)) return connection;
    await connection.disconnect(connected.ok ? 'no subscription' : connected.reason);
    return null;
  }

  /**
   * Whether the server takes `newPassword` now, asked on an HTTP session of its own (a cookie
   * jar of its own): this session's cookie, CSRF token and notification connection stay as
   * they are, whichever the answer.
   */
  private async passwordTakenAside(newPassword: string): Promise<boolean> {
    const aside = new GwsHttpClient({
      serverUrl: this.options.serverUrl,
      credentials: { userName: this.options.credentials.userName, password: newPassword },
      jar: new CookieJar(),
      log: this.log,
      ...(this.options.requestTimeoutMs === undefined
        ? {}
        : { timeoutMs: this.options.requestTimeoutMs }),
    });
    try {
      return (await aside.get('/me')).ok;
    } finally {
      await aside.close();
    }
  }

  /** The server said nothing of the change: signing in with the new password tells. */
  private async confirmNewPassword(
    oldPassword: string,
    newPassword: string,
  ): Promise<Result<void>> {
    const userName = this.options.credentials.userName;
    this.http.setCredentials({ userName, password: newPassword });
    await this.jar.removeAllCookies();
    const confirmed = await this.http.get('/me');
    if (confirmed.ok) return ok(undefined);
    this.http.setCredentials({ userName, password: oldPassword });
    await this.jar.removeAllCookies();
    if (confirmed.error.kind !== 'unauthorized')
      return err(confirmed.error.kind, 'The server did not accept the password change');
    return err(
      'forbidden',
      'The server did not accept the password change',
      'newPasswordNotAccepted',
    );
  }

  /** EndContactCenterSession, then CometD disconnect; always ends signed out. */
  /** StartContactCenterSession on the session's media channels. */
  private startContactCenterSession(): Promise<Result<unknown>> {
    return this.requester.post('/me', {
      operationName: 'StartContactCenterSession',
      channels: [...(this.options.mediaChannels ?? ['email', 'chat'])],
    });
  }

  /**
   * Starts the contact-center session again, on the channels the sign-in starts it on: the
   * server lost it (a restart, a timeout) and the desk could not put it back (see Presence).
   * Refused once signing out has begun (the connection let go): a session started then would
   * be one nobody ends, the agent logged in with no desk.
   */
  async startContactCenterSessionAgain(): Promise<Result<unknown>> {
    if (this.connection === null) return err('unauthorized', 'Signing out');
    return await this.startContactCenterSession();
  }

  /**
   * Whether this session has let go of its connection (signing out, or ended): what the server
   * says from now on (its own EndContactCenterSession's logout among it) is no news to the agent.
   */
  get leaving(): boolean {
    return this.connection === null;
  }

  async signOut(): Promise<void> {
    // Let go of the connection first: the retry loops end when they see it gone.
    const connection = this.connection;
    this.connection = null;
    this.endPauses();
    // A renewal under way would bring a token (and a server session) back after the reset below.
    await this.renewingHttpSession;
    if (connection !== null) {
      await this.endContactCenterSession();
      await connection.disconnect('signed out');
    }
    // Ending the contact-center session withdraws every pending invitation; the server's own
    // Revoked notifications may not make it through the disconnect, so say it here.
    for (const [id, interaction] of [...this.known]) {
      if (interaction.state !== INVITED_STATE) continue;
      // Held from an earlier run and not confirmed yet: the sign-in failed before it read the
      // server's list, so this session never knew whether the server still offers it. It stays
      // as the cache holds it, for the next sign-in's list to confirm or withdraw; withdrawn
      // here, it showed Revoked while the server offered it still (an EndContactCenterSession
      // that failed), and "nothing is ended when the list cannot be read" would not hold.
      if (this.heldBefore.has(id)) continue;
      // No snapshot: the cache has the invitation's content and marks it withdrawn.
      this.emit({ type: 'interactionRevoked', interactionId: id });
    }
    this.known.clear();
    this.over.clear();
    this.confirmingFailures = 0;
    this.unconfirmed.clear();
    this.propertiesUnheard.clear();
    this.heldBefore.clear();
    this.storageFailure = undefined;
    this.storageFailures = 0;
    this.http.resetCsrf();
    this.setStatus('signedOut', 'signed out');
  }

  /**
   * EndContactCenterSession, signing in again once if the HTTP session lapsed, and tried again
   * after a short pause when the server answered a failure that is not its last word (a 5xx, a
   * connection refused or cut): an agent the server keeps logged in, Ready, after the desk
   * signed out is routed invitations that ring out unseen until the server's session times
   * out. A time-out is not tried again (the sign-out would wait as long once more), nor a
   * refusal (no contact-center session: it is over already).
   */
  private async endContactCenterSession(): Promise<void> {
    const started = performance.now();
    for (let attempt = 1; ; attempt += 1) {
      const ended = await this.withAuthentication(() =>
        this.http.post('/me', { operationName: 'EndContactCenterSession' }),
      );
      if (ended.ok) return;
      this.log.warn(`EndContactCenterSession: ${ended.error.message}`);
      const answered = ended.error.kind === 'internal' || ended.error.kind === 'network';
      const pause = FIRST_RETRY_MS * 2 ** (attempt - 1);
      // Not past END_SESSION_RETRIES_MS: a quit waits for the sign-out (5 s at most), and slow
      // failures (a load balancer's 504 after seconds) would run it out before the cache closed.
      const late = performance.now() - started + pause > END_SESSION_RETRIES_MS;
      if (!answered || attempt >= END_SESSION_ATTEMPTS || late) return;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  /**
   * An offer is over although the server sends the agent no notification of it: its Reject was
   * answered (GWS presents the interaction to another agent and tells this one nothing), or an
   * action on it was answered "not found" (another agent took it). Emitted as the session's own
   * event, so that the cache writer records it in the same way as a withdrawal and a resync no
   * longer expects it.
   */
  offerOver(interactionId: string, outcome: 'rejected' | 'gone', offer?: number): void {
    // Offered again since the answer was sent (the earlier offer withdrawn, routing offering it
    // anew before the answer came back): the answer was the earlier offer's, and the new one
    // stands. Recorded as over, the agent lost it: its row ended, its notification closed.
    if (offer !== undefined && offer !== this.offerOf(interactionId)) {
      this.log.debug(`${interactionId}: offered again since it was answered; its offer stands`);
      return;
    }
    this.emit({ type: 'interactionRevoked', interactionId, outcome });
  }

  /**
   * The offer of the interaction the session last heard of, to pass to {@link offerOver} with
   * the answer sent now (0 once it is over, or before the session heard of it).
   */
  offerOf(interactionId: string): number {
    return this.offers.get(interactionId) ?? 0;
  }

  /**
   * For the shell to call when the OS resumes or the network comes back: re-establishes the
   * session if it lapsed, reconnects CometD if it gave up, and resyncs.
   */
  async checkConnection(): Promise<Result<void>> {
    const connection = this.connection;
    if (connection === null) return err('unauthorized', 'Not signed in');
    // The poll under way may wait on a connection the sleep left dead without a word (the
    // network changed), however short the sleep, keeping the desk deaf until its timer fires:
    // polled afresh first, and neither that poll nor `GET /me` on a connection pooled before.
    connection.forgetIdleConnections();
    connection.pollAfresh();
    this.http.renewConnections();
    const me = await this.requester.get('/me');
    // A sign-out while `GET /me` was under way let go of the connection (and a sign-in may have
    // made another): this check is over. Read through `this.connection`, it was null, and the
    // check failed with a TypeError (found by an attack review racing the desk's calls).
    if (!this.isCurrent(connection)) return err('unauthorized', 'Signed out meanwhile');
    if (!me.ok) return me;
    if (connection.cometdStatus === 'disconnected') {
      const reconnected = await connection.connect();
      if (!reconnected.ok) return err('network', reconnected.reason);
      // The handshake listener resyncs after a re-handshake.
      return ok(undefined);
    }
    this.gapListeners.emit('resyncing');
    const synced = await this.resync();
    if (synced.ok) this.gapListeners.emit('resynced');
    // The gap stays open until a resync reads the server: tried again as after a re-handshake.
    // Left open, the desk gathered every later withdrawal and ended interaction as the gap's
    // news (no "Invitation withdrawn" shown) and told them, hours later, as "while you were away".
    else this.resyncAfterGap(connection, true);
    return synced;
  }

  /**
   * A long poll of `connection` was refused for its HTTP session (expired, its CSRF token with
   * it): `GET /me` renews it (signing in again if need be), the next poll carries the new cookie
   * and token, and the gap is closed as a re-handshake's is ({@link resyncAfterGap}: resynced
   * until a resync succeeds, bracketed once however many gaps overlap). One renewal at a time
   * (the client polls again meanwhile); none for a connection no longer the session's, and
   * sign-out waits for the `GET /me` under way, whose answer would bring a token back.
   */
  private renewHttpSession(connection: NotificationConnection): void {
    if (!this.isCurrent(connection) || this.renewingHttpSession !== null) return;
    this.renewingHttpSession = this.requester
      .get('/me')
      .then((me) => {
        if (!this.isCurrent(connection)) return;
        if (me.ok) this.resyncAfterGap(connection);
        else this.log.warn(`notifications refused; renewing the session: ${me.error.message}`);
      })
      .finally(() => {
        this.renewingHttpSession = null;
      });
  }

  /**
   * Re-reads the agent's channels and interactions and emits what changed since the last known
   * state. Concurrent calls share one run.
   */
  resync(): Promise<Result<void>> {
    this.resyncing ??= this.runResync().finally(() => {
      this.resyncing = null;
    });
    return this.resyncing;
  }

  private async runResync(): Promise<Result<void>> {
    const toldChannels: GwsEvent[] = [];
    this.channelsToldWhileReading = toldChannels;
    const channels = await this.readChannels().finally(() => {
      this.channelsToldWhileReading = undefined;
    });
    if (channels.ok) {
      this.emit({ type: 'channelStateChanged', channels: channels.value, complete: true });
      // What the server notified while the read was on its way is passed on again after it: the
      // read may have been made before it (a late answer), and would otherwise undo it, the desk
      // showing Ready while the server has the agent Not Ready until the next change.
      for (const event of toldChannels) this.emit(event);
    }
    const told = new Set<string>();
    this.toldWhileListing = told;
    const listed = await this.requester.get('/me/interactions?fields=*').finally(() => {
      this.toldWhileListing = undefined;
    });
    if (!listed.ok) {
      this.log.warn(`resync: ${listed.error.message}`);
      return listed;
    }
    const entries = listIn(listed.value, 'interactions', 'resync');
    if (!entries.ok) {
      this.log.warn(entries.error.message);
      return entries;
    }
    const onServer = new Map<string, { snapshot: InteractionSnapshot; entry: unknown }>();
    for (const entry of entries.value) {
      const snapshot = normalizeInteraction(entry);
      if (snapshot) onServer.set(snapshot.id, { snapshot, entry });
    }
    // Taken now: a failure to store what this resync passes on makes them unconfirmed again.
    const unconfirmed = new Set(this.unconfirmed);
    this.unconfirmed.clear();
    const propertiesUnheard = new Set(this.propertiesUnheard);
    this.propertiesUnheard.clear();
    // An interaction told of while the list was on its way is as the event said: an invitation
    // that came meanwhile is missing from the list, and one withdrawn or taken meanwhile is
    // still Invited in it. (Still unconfirmed, it is read again by the next resync.)
    for (const id of told) if (unconfirmed.delete(id)) this.unconfirmed.add(id);
    // Held from an earlier session: confirmed by this list (or by what an event told meanwhile).
    const heldBefore = new Set(this.heldBefore);
    this.heldBefore.clear();
    for (const [id, previous] of [...this.known]) {
      if (onServer.has(id) || told.has(id)) continue;
      // No snapshot: the cache has the interaction's content and marks it over.
      this.emit(
        previous.state === INVITED_STATE
          ? { type: 'interactionRevoked', interactionId: id }
          : { type: 'interactionEnded', interactionId: id },
      );
    }
    // Unconfirmed interactions are read afresh: the session's normalizer has already marked
    // their chat lines as passed on, although the cache may not hold them.
    // Its warnings were given once already, by the session's own normalizer.
    const afresh = new NotificationNormalizer({
      warn: (line) => {
        this.log.debug(line);
      },
    });
    for (const { snapshot, entry } of onServer.values()) {
      if (told.has(snapshot.id)) continue;
      const previous = this.known.get(snapshot.id);
      const repeat = unconfirmed.has(snapshot.id);
      // Its lines come again with its history (below), the ones not stored among them.
      if (repeat) this.normalizer.forgetChatEvents(snapshot.id);
      const events = (repeat ? afresh : this.normalizer).normalize('/v2/me/interactions', entry);
      // One held from an earlier session is new to this one, though known: passed on whole.
      const changed =
        repeat ||
        heldBefore.has(snapshot.id) ||
        propertiesUnheard.has(snapshot.id) ||
        previous?.state !== snapshot.state;
      // Unchanged interactions may still have chat lines the gap swallowed; chat events carry
      // their ids, so passing them on again is harmless downstream.
      for (const event of events) {
        if (changed || event.type === 'chatEventsReceived') this.emit(event);
      }
    }
    // Not awaited: the histories come as notifications, and a slow answer must not hold the
    // sign-in or the resync's end.
    for (const { snapshot } of onServer.values())
      if (snapshot.channel === 'chat' && WORKING_STATES.has(snapshot.state))
        void this.requestMissedLines(snapshot.id);
    return ok(undefined);
  }

  /**
   * Asks for the lines of a chat the agent takes part in from the last one passed on
   * (RequestChatHistory; they come as a notification, and each line is passed on once): 003
   * promises no transcript in the list a resync reads, and a server that forgot this client (a
   * re-handshake) dropped what it had queued for it, so a line said during a gap would be
   * missing for good. Asked from the last line itself, whether the server counts `eventId` in
   * or not; from the first when none was passed on (a new run of the app during the chat, or a
   * chat whose lines the cache could not store, forgotten for that).
   */
  private requestMissedLines(interactionId: string): Promise<void> {
    return this.requestHistory(interactionId, this.normalizer.lastChatEventId(interactionId));
  }

  /**
   * Asks for the whole transcript of a chat the agent just pulled from a workbin: 003's
   * notifications carry only the lines after the agent joined, so a colleague's chat pulled from
   * a team workbin showed none of what the customer and the colleague had said, and the agent's
   * own chat pulled back lacked the lines said while it was parked. From the start, not from the
   * last line passed on: the agent's join, passed on before the Pulled news, is newer than what
   * it lacks.
   */
  private readPulledHistory(interactionId: string): Promise<void> {
    return this.requestHistory(interactionId, undefined);
  }

  /**
   * RequestChatHistory from `after` (the first line when undefined): the lines come as a
   * notification, each passed on once. A refusal is only logged: the chat goes on without them.
   */
  private async requestHistory(interactionId: string, after: number | undefined): Promise<void> {
    const asked = await this.operations.requestChatHistory(interactionId, after);
    if (!asked.ok) this.log.debug(`history of ${interactionId}: ${asked.error.message}`);
  }

  private async readChannels(): Promise<Result<ChannelState[]>> {
    const me = await this.requester.get('/me?subresources=*');
    if (!me.ok) return me;
    const profile = readMe(me.value);
    if (!profile.ok) return profile;
    this.readIdentity(identityOf(profile.value));
    return ok(profile.value.channels);
  }

  /**
   * Keeps the agent's names as `/me` gives them: a change after the first read is told (the
   * desk's menu and the names a chat's own party is told by follow it). Another user's id is
   * not a rename, and is left to the credentials to settle.
   */
  private readIdentity(read: AgentIdentity): void {
    const known = this.identity;
    if (known !== undefined && known.id !== read.id) return;
    this.identity = read;
    if (known === undefined || JSON.stringify(known) === JSON.stringify(read)) return;
    this.identityListeners.emit(read);
  }

  /**
   * Runs a request; when the session has lapsed signs in again once and retries once. A `401`
   * always means that. A `403` means it only if the session cookie changed on signing in again:
   * Basic credentials on a lapsed session open a new one (and bring a new CSRF token), while a
   * live session answering 403 is a real refusal, which is returned as it is. If signing in
   * again fails for a transient reason, the request's own failure is returned and the session
   * lives on; only a refused password ends it.
   */
  private async withAuthentication<T>(call: () => Promise<Result<T>>): Promise<Result<T>> {
    // Before the call: its own answer may already carry the new session's cookie.
    const cookiesBefore = await this.jar.getCookieString(this.http.apiUrl);
    const first = await call();
    if (first.ok || (first.error.kind !== 'unauthorized' && first.error.kind !== 'forbidden'))
      return first;
    const renewed = await this.reauthenticate();
    if (renewed.outcome !== 'renewed') return first;
    if (
      first.error.kind === 'forbidden' &&
      (await this.jar.getCookieString(this.http.apiUrl)) === cookiesBefore
    ) {
      return first;
    }
    return call();
  }

  /**
   * GET /me with Basic credentials: a new HTTP session and CSRF token, a definite refusal of the
   * credentials (401: the session ends), or a transient failure to try again later.
   */
  private reauthenticate(): Promise<Renewal> {
    this.reauthenticating ??= (async (): Promise<Renewal> => {
      const me = await this.http.get('/me');
      if (me.ok) return { outcome: 'renewed' };
      if (me.error.kind === 'unauthorized') {
        await this.endWithRefusedCredentials();
        return { outcome: 'refused' };
      }
      return { outcome: 'unavailable', reason: me.error.message };
    })().finally(() => {
      this.reauthenticating = null;
    });
    return this.reauthenticating;
  }

  /** The server refused the password: the session is over until the agent signs in again. */
  private async endWithRefusedCredentials(): Promise<void> {
    const connection = this.connection;
    if (connection === null) return;
    this.refusedPassword = true;
    this.endPauses();
    const reason = credentialsRefusedReason(this.options.credentials.userName);
    this.connection = null;
    this.http.resetCsrf();
    // The connection reports `signedOut` with the same reason, so the sentence is the last word.
    await connection.disconnect(reason);
    this.setStatus('signedOut', reason);
  }

  /** Starts signing in again after a denied handshake, unless that is already under way. */
  private signInAgainAfterDenial(connection: NotificationConnection, reason: string): void {
    this.log.debug(`handshake refused (${reason}); signing in again`);
    this.signingInAgain ??= this.signInAgain(connection).finally(() => {
      this.signingInAgain = null;
    });
  }

  /**
   * GET /me with Basic, then a new handshake, until the handshake succeeds, or fails for a reason
   * the CometD client retries by itself (the network: it handshakes again with its back-off, and
   * a later denial starts this again), or the password is refused, or the agent signs out.
   */
  private async signInAgain(connection: NotificationConnection): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      if (!this.isCurrent(connection)) return;
      const renewal = await this.reauthenticate();
      if (renewal.outcome === 'refused' || !this.isCurrent(connection)) return;
      let reason: string;
      if (renewal.outcome === 'renewed') {
        const reconnected = await connection.connect();
        if (reconnected.ok || !isDenial(reconnected.reason)) return;
        reason = reconnected.reason;
      } else {
        reason = renewal.reason;
      }
      if (!this.isCurrent(connection)) return;
      this.setStatus(
        attempt >= ATTEMPTS_BEFORE_OFFLINE ? 'offline' : 'reconnecting',
        `signing in again: ${reason}`,
      );
      await this.pause(this.backoffMs(attempt));
    }
  }

  /**
   * Resyncs after a gap in the link (a re-handshake, an HTTP session renewed for a refused long
   * poll), and again after a back-off while the resync fails (the network may still be unsteady)
   * or while gaps keep coming, so that what the gap swallowed is always read back once the
   * server answers. Bracketed by one `resyncing` … `resynced` however many gaps overlap
   * (`bracketOpen`: a connection check's failed resync emitted its `resyncing` already).
   */
  private resyncAfterGap(connection: NotificationConnection, bracketOpen = false): void {
    this.gaps += 1;
    this.resyncingAfterGap ??= (async () => {
      if (!bracketOpen) this.gapListeners.emit('resyncing');
      for (let attempt = 1; this.isCurrent(connection); attempt += 1) {
        const seen = this.gaps;
        // A resync begun before this re-handshake may have read the server too early.
        await this.resyncing;
        const synced = await this.resync();
        if (synced.ok && seen === this.gaps) {
          this.gapListeners.emit('resynced');
          return;
        }
        if (!synced.ok) await this.pause(this.backoffMs(attempt));
      }
    })().finally(() => {
      this.resyncingAfterGap = null;
    });
  }

  /** Whether `connection` is still this session's (not signed out, not ended by a refusal). */
  private isCurrent(connection: NotificationConnection): boolean {
    return this.connection === connection;
  }

  /** The wait before retry `attempt`: doubling from 250 ms, capped at the session's back-off. */
  private backoffMs(attempt: number): number {
    const cap = this.options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
    return Math.min(cap, FIRST_RETRY_MS * 2 ** Math.min(attempt - 1, 16));
  }

  /** Waits `ms`, or less if the session is signed out meanwhile. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.pauses.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.pauses.add(entry);
    });
  }

  private endPauses(): void {
    for (const entry of this.pauses) {
      clearTimeout(entry.timer);
      entry.resolve();
    }
    this.pauses.clear();
  }

  /**
   * Resyncs after a failed commit, backing off with the failures in a row, until a resync has
   * passed on everything unconfirmed (if its commit fails too, {@link storeOutcome} starts
   * this again), or the session ends.
   */
  private repairAfterStorageFailure(): void {
    const connection = this.connection;
    if (connection === null) return;
    this.repairing ??= (async () => {
      while (this.isCurrent(connection) && this.unconfirmed.size > 0) {
        await this.pause(this.backoffMs(this.storageFailures));
        if (!this.isCurrent(connection)) return;
        await this.resync();
      }
    })().finally(() => {
      this.repairing = null;
    });
  }

  /** The most open interactions the session remembers (see {@link GwsSessionOptions}). */
  get maxKnownInteractions(): number {
    return this.options.maxKnownInteractions ?? DEFAULT_MAX_KNOWN;
  }

  /**
   * Whether a notification's event is one the server's list must confirm before it is passed
   * on (see {@link over}): it would make live again an interaction the session passed on as over
   * (but in one of {@link COMEBACK_STATES}), it offers work the agent has in hand, or it
   * withdraws work the agent has in hand (Revoked
   * is an unanswered offer's end: one for work in hand is a late delivery of an earlier offer's
   * withdrawal, swapped with the new offer the agent took).
   */
  private needsConfirming(event: GwsEvent): boolean {
    if (event.type === 'interactionInvited' || event.type === 'interactionUpdated') {
      const { id, state } = event.interaction;
      if (COMEBACK_STATES.has(state)) return false;
      if (this.over.has(id)) return true;
      // An offer of work the agent accepted and still has is a late or repeated delivery of its
      // invitation, unless the server took the work back and offered it again unheard: its
      // list tells which (applied, the late one showed the agent's chat or e-mail as an
      // invitation again, with only Accept and Reject, which the server refuses).
      const known = this.known.get(id);
      return state === INVITED_STATE && known !== undefined && WORKING_STATES.has(known.state);
    }
    if (event.type !== 'interactionRevoked' || event.outcome !== undefined) return false;
    const known = this.known.get(event.interactionId);
    return known !== undefined && known.state !== INVITED_STATE;
  }

  /**
   * Holds back a notification the server's list must confirm ({@link needsConfirming}), and
   * resyncs instead: the list passes on what the agent has (a new offer, work still in hand),
   * and what it no longer lists stays over, or is ended.
   */
  private confirmWithServer(event: GwsEvent): void {
    this.log.debug(
      `${event.type} for ${interactionIdOf(event)} held back: confirming with the server's list`,
    );
    this.askServersList();
  }

  /**
   * An action on an interaction answered "not found" while the agent has it in hand (not an
   * offer: the invitation's answers end it themselves): the server may have let go of it
   * unheard (the notification lost, a supervisor's action, a server-side timeout), and the desk
   * would show it as the agent's work for good, every action on it refused. The server's list
   * confirms it ({@link askServersList}, one resync for all such doubts at once): work no longer
   * listed is ended, and its refusal named `interactionNotHeld`; work still listed (the "not
   * found" was about a colleague, a queue, a document named) stays, and so does the refusal.
   */
  private async confirmRefusedWork<T>(path: string, answer: Result<T>): Promise<Result<T>> {
    if (answer.ok || answer.error.kind !== 'notFound') return answer;
    const id = interactionOfPath(path);
    const known = id === undefined ? undefined : this.known.get(id);
    const connection = this.connection;
    if (id === undefined || known === undefined || known.state === INVITED_STATE) return answer;
    this.log.debug(`${answer.error.message}: confirming ${id} with the server's list`);
    this.askServersList();
    await this.heldBackConfirmed();
    // Signed out meanwhile, the session forgot all it knew: the list said nothing of it.
    if (connection === null || !this.isCurrent(connection) || this.known.has(id)) return answer;
    return err('notFound', answer.error.message, 'interactionNotHeld');
  }

  /**
   * Resyncs to confirm what was held back, in one running loop: again while more were held back
   * during a run's list (one arriving while the list was on its way may be newer than it).
   */
  private askServersList(): void {
    this.heldBack += 1;
    const connection = this.connection;
    if (connection !== null) this.confirmWithServersList(connection);
  }

  private confirmWithServersList(connection: NotificationConnection): void {
    this.confirming ??= (async () => {
      while (this.isCurrent(connection)) {
        const seen = this.heldBack;
        // A resync already under way may have read the list before this notification came.
        await this.resyncing;
        const synced = await this.resync();
        if (!synced.ok) {
          this.confirmAgainLater(connection);
          return;
        }
        this.confirmingFailures = 0;
        if (seen === this.heldBack) return;
      }
    })().finally(() => {
      this.confirming = null;
    });
  }

  /**
   * A confirming resync failed: what it was to confirm is still held back (a withdrawal of work
   * in hand, a real new offer), and no other resync may come, so it is tried again after a
   * back-off, until the server answers or the session ends. The loop ends meanwhile: an action
   * answered "not found" waits for one resync only ({@link confirmRefusedWork}).
   */
  private confirmAgainLater(connection: NotificationConnection): void {
    this.confirmingFailures += 1;
    if (this.confirmingAgainLater) return;
    this.confirmingAgainLater = true;
    void this.pause(this.backoffMs(this.confirmingFailures)).then(() => {
      this.confirmingAgainLater = false;
      if (this.isCurrent(connection)) this.confirmWithServersList(connection);
    });
  }

  /**
   * Resolves once the notifications held back for the server's list ({@link needsConfirming})
   * have been confirmed (or the resync that was to confirm them failed). Never rejects.
   */
  async heldBackConfirmed(): Promise<void> {
    await this.confirming;
  }

  /** Remembers an open interaction, forgetting the longest-known one past the cap. */
  private remember(id: string, interaction: KnownInteraction): void {
    this.known.set(id, interaction);
    while (this.known.size > this.maxKnownInteractions) {
      const oldest = this.known.keys().next().value;
      if (oldest === undefined) break;
      this.known.delete(oldest);
    }
  }

  private rememberOver(id: string): void {
    // Last over last: the oldest is forgotten first.
    this.over.delete(id);
    this.over.add(id);
    if (this.over.size > this.maxKnownInteractions) {
      const oldest = this.over.values().next().value;
      if (oldest !== undefined) this.over.delete(oldest);
    }
  }

  /** The agent's UpdateProperties on `path` was answered: see {@link propertiesUnheard}. */
  private propertiesSaved(path: string): void {
    const id = interactionOfPath(path);
    if (id !== undefined && this.known.has(id)) this.propertiesUnheard.add(id);
  }

  private emit(event: GwsEvent): void {
    switch (event.type) {
      case 'interactionInvited':
      case 'interactionUpdated':
        if (!this.offers.has(event.interaction.id))
          this.offers.set(event.interaction.id, ++this.offersMade);
        this.remember(event.interaction.id, { state: event.interaction.state });
        this.over.delete(event.interaction.id);
        this.toldWhileListing?.add(event.interaction.id);
        this.propertiesUnheard.delete(event.interaction.id);
        break;
      case 'interactionRevoked':
      case 'interactionEnded':
        this.propertiesUnheard.delete(event.interactionId);
        this.known.delete(event.interactionId);
        this.offers.delete(event.interactionId);
        this.rememberOver(event.interactionId);
        this.toldWhileListing?.add(event.interactionId);
        break;
      case 'passwordChanged':
        this.passwordOutcomes.emit(event);
        break;
      case 'channelStateChanged':
        this.channelsToldWhileReading?.push(event);
        break;
      default:
        break;
    }
    this.eventListeners.emit(event);
  }

  private setStatus(state: ConnectionState, reason: string): void {
    this.connectionStatus = { state, reason };
    this.publishStatus();
  }

  /** The connection's status, with the cache's failure to store events added while it lasts. */
  private publishStatus(): void {
    const { state, reason } = this.connectionStatus;
    const failure = state === 'signedOut' ? undefined : this.storageFailure;
    const shown =
      failure === undefined
        ? reason
        : `${reason}; the cache could not store events (${failure}): retrying`;
    if (this.currentStatus.state === state && this.currentStatus.reason === shown) return;
    this.currentStatus = {
      state,
      reason: shown,
      ...(failure === undefined ? {} : { storageFailure: failure }),
    };
    this.statusListeners.emit(this.currentStatus);
  }
}

/**
 * The states that bring an interaction back to the agent by themselves, each the news of the
 * agent's own act (it pulled the interaction from a workbin), passed on at once even after its
 * end. Any other comes back only through an offer: after the end, an Accepted, a
 * PropertiesChanged or a ReplyCreated is a late delivery, and an Invited or an InvitedConference
 * (a colleague's consultation, which every line of the chat repeats) may be one: the server's
 * list tells (a colleague's second consultation on the same chat is listed there).
 */
const COMEBACK_STATES: ReadonlySet<string> = new Set(['Pulled']);

/** A chat the agent just pulled from a workbin (the Pulled news of its own act). */
function pulledChat(
  event: GwsEvent,
): event is Extract<GwsEvent, { type: 'interactionUpdated' | 'interactionInvited' }> {
  return (
    (event.type === 'interactionUpdated' || event.type === 'interactionInvited') &&
    COMEBACK_STATES.has(event.interaction.state) &&
    event.interaction.channel === 'chat'
  );
}

/** Where the closing of a gap in the link is: see {@link GwsSession.onGap}. */
export type GapPhase = 'resyncing' | 'resynced';

/** What signing in again with the stored credentials came to. */
type Renewal =
  | { readonly outcome: 'renewed' }
  | { readonly outcome: 'refused' }
  | { readonly outcome: 'unavailable'; readonly reason: string };

/** Failed attempts to sign in again before the status says `offline` rather than `reconnecting`. */
const ATTEMPTS_BEFORE_OFFLINE = 3;
const FIRST_RETRY_MS = 250;
/** Tries of EndContactCenterSession at sign-out (see GwsSession.endContactCenterSession). */
const END_SESSION_ATTEMPTS = 3;
/** No try of EndContactCenterSession starts later than this after the first (see there). */
const END_SESSION_RETRIES_MS = 2_000;
/** Open interactions remembered at most: far more than an agent handles at once. */
const DEFAULT_MAX_KNOWN = 2000;
/** The state remembered for an interaction whose end the cache failed to store. */
const UNSTORED_END_STATE = 'Ended (not stored)';

/**
 * The interaction a request path is about (`/me/interactions/{id}`, and below it), decoded; none
 * for the list, a new interaction, or a path that is not the agent's interactions.
 */
function interactionOfPath(path: string): string | undefined {
  const segment = /^\/me\/interactions\/([^/?#]+)/u.exec(path)?.[1];
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The interaction an event is about, if it is about one. */
function interactionIdOf(event: GwsEvent): string | undefined {
  switch (event.type) {
    case 'interactionInvited':
    case 'interactionUpdated':
      return event.interaction.id;
    case 'interactionRevoked':
    case 'interactionEnded':
    case 'emailContentReceived':
    case 'chatEventsReceived':
      return event.interactionId;
    default:
      return undefined;
  }
}

/** The notification connection's own default cap, for a session given none. */
const DEFAULT_MAX_BACKOFF_MS = 5000;

/**
 * The one sentence a session ends with when the server refuses its password (the status
 * reason the desk and the command line show).
 */
export function credentialsRefusedReason(userName: string): string {
  return `The server refused the password for ${userName}: sign in again with the new password.`;
}

/** Who the agent is, as the desk shows it: the identity part of the `/me` profile. */
function identityOf({ id, userName, firstName, lastName }: AgentIdentity): AgentIdentity {
  return {
    id,
    userName,
    ...(firstName === undefined ? {} : { firstName }),
    ...(lastName === undefined ? {} : { lastName }),
  };
}
