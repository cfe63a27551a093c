import {
  SwitchboardFailure,
  describeError,
  err,
  unanswered,
  type ErrorCode,
  type ErrorKind,
} from '../../common/errors';
import {
  normalizeServerUrl,
  type AgentIdentity,
  type CachedAccount,
  type ConnectionStatus,
  type OfflineAccount,
  type SessionState,
  type SignInRequest,
} from '../../common/model';
import type { SearchClient } from '../cache/searchClient';
import { searchOnStore } from '../cache/searchOnStore';
import type { CacheStore } from '../cache/store';
import { createOperations, type GwsOperations } from '../gws/operations';
import { GwsSession, type GwsSessionOptions } from '../gws/session';
import { DEMO_ACCOUNT_URL, keyOf, type Account, type AccountMemory } from './accountMemory';
import type { WorkstationLog } from './attachments';
import { CacheWriter, DAY_MS, type CacheWriterOptions } from './cacheWriter';
import { multimediaMissing } from './contactCenterFeatures';

/** The built-in GWS simulator, started in-process when no real server is configured. */
export interface DemoServer {
  readonly serverUrl: string;
  readonly userName: string;
  /** The simulator's public demo password (pre-filled; never a real one). */
  readonly password: string;
  close(): Promise<void>;
}

export interface DeskSessionLog extends WorkstationLog {
  info(message: string): void;
}

/** What the composition does when the session or the account's cache writer comes and goes. */
export interface DeskSessionHooks {
  /** The account's cache writer was opened; answers how to detach from it. */
  writerOpened(writer: CacheWriter): (() => void)[];
  /** A session was created (before it signs in); answers how to detach from it. */
  sessionOpened(session: GwsSession, writer: CacheWriter | undefined): (() => void)[];
  /** The agent is signed in (the account is remembered, the demo stopped if not used). */
  signedIn(): void;
  /** The session's connection status changed. */
  status(status: ConnectionStatus): void;
  /**
   * The session is gone (signed out, refused, ended by the server). `endedByServer`: the server
   * ended it (its password refused, say), not a sign-out here: the same agent may sign in again.
   */
  dropped(endedByServer: boolean): void;
  /** The offline review ended (left for the sign-in form, or signed out of). */
  reviewEnded(): void;
  /** What {@link DeskSession.state} answers may have changed. */
  changed(): void;
}

export interface DeskSessionOptions {
  /** Where the cache writers download attachments (see openDesk). */
  readonly attachmentsDir: string;
  readonly store: CacheStore;
  readonly memory: AccountMemory;
  /** The search worker, still starting when the desk opens; undefined: search in-thread. */
  readonly searchWorker: Promise<SearchClient | undefined>;
  readonly startDemo?: () => Promise<DemoServer>;
  /** GWS client tuning (tests shorten timeouts and back-off). */
  readonly session?: Pick<
    GwsSessionOptions,
    'requestTimeoutMs' | 'maxBackoffMs' | 'maxNetworkDelayMs' | 'websocket' | 'maxDownloadBytes'
  >;
  readonly log: DeskSessionLog;
  readonly hooks: DeskSessionHooks;
  /** Told of each failed cache write (the desk reports a damaged cache). */
  readonly writeFailed?: (error: unknown) => void;
  /** How long a wrong password for the offline review is held before it is refused. */
  readonly offlineRefusalDelayMs?: number;
  /** The waits before failed attachment downloads are tried again (tests shorten them). */
  readonly downloadRetryDelaysMs?: readonly number[];
  /** Writes a downloaded attachment into its folder (tests give a disk that refuses). */
  readonly storeAttachment?: CacheWriterOptions['storeAttachment'];
}

/** Whether two accounts are the same server and user (as the cache keys them). */
function sameAccount(a: Account | undefined, b: Account): boolean {
  if (a === undefined) return false;
  const [left, right] = [keyOf(a), keyOf(b)];
  return left.serverUrl === right.serverUrl && left.userName === right.userName;
}

/** The media channels a session starts on. */
/**
 * What a failed sign-in's kind means for the agent: the server refused the user name and
 * password, or could not be reached at that address (no GWS there is said by the session, which
 * knows its first request). Other kinds keep their general wording.
 */
function signInCode(kind: ErrorKind): ErrorCode | undefined {
  if (kind === 'unauthorized') return 'credentialsRefused';
  if (unanswered(kind)) return 'serverUnreachable';
  return undefined;
}

const MEDIA_CHANNELS = ['email', 'chat'];
const SIGNED_OUT: ConnectionStatus = { state: 'signedOut', reason: 'not signed in' };
/** A wrong offline password waits this long before it is refused: guessing is slow. */
const OFFLINE_REFUSAL_DELAY_MS = 1_000;

/**
 * Why a signed-in server's clock cannot count the retention period (undefined: it can): its
 * answers carry no `Date` header, or it is the demo server, which runs in this process on this
 * machine's clock and so says nothing of whether that clock is right.
 */
function serverClockUntrusted(session: GwsSession, demo: boolean): string | undefined {
  if (demo) return "the demo server's clock is this PC's";
  if (!session.http.serverClockKnown) return "the server's answers carry no Date header";
  return undefined;
}

/**
 * The desk's session: signing in and out of one GWS server, the built-in demo server, and the
 * account whose cache the desk reads and writes ({@link CacheWriter}). Sign-in, sign-out, a
 * session the server ends and shutdown run one at a time, in the order asked.
 *
 * **The demo default**: with no real server configured (first start, or the last sign-in was to
 * the demo), the built-in simulator is started and pre-filled in the sign-in form. Its account
 * is stored under the demo's fixed key (accountMemory.ts), so its history survives the
 * simulator's changing port. Signing in to a real server stops it.
 */
export class DeskSession {
  private demoServer: DemoServer | undefined;
  private account: Account | undefined;
  private current: CacheWriter | undefined;
  private readonly writerDetachers: (() => void)[] = [];
  private session: GwsSession | undefined;
  private operations: GwsOperations | undefined;
  private readonly sessionDetachers: (() => void)[] = [];
  private identity: AgentIdentity | undefined;
  /** The signed-in contact center lacks api-multimedia (read once after sign-in). */
  private withoutMultimedia = false;
  private signingIn: Promise<SessionState> | undefined;
  /** The account whose last sign-in the server refused until a new password is chosen. */
  private passwordChangeRequired: Account | undefined;
  /** The purge at start waited for the server's clock (this machine's may be wrong). */
  private purgeWaitsForServerClock = false;
  /** The desk reads the current account's cache with no session (offline review). */
  private reviewingOffline = false;
  /** Sign-in, sign-out, a session dropped by the server and shutdown run one at a time. */
  private transitions: Promise<unknown> = Promise.resolve();
  /** The password verifier being written after the last sign-in (openOffline waits for it). */
  private verifierWritten: Promise<void> = Promise.resolve();
  /** What the connection reads while no session exists: why the last one ended. */
  private signedOutStatus: ConnectionStatus = SIGNED_OUT;
  private readonly log: DeskSessionLog;
  private readonly memory: AccountMemory;
  private readonly hooks: DeskSessionHooks;

  constructor(private readonly options: DeskSessionOptions) {
    this.log = options.log;
    this.memory = options.memory;
    this.hooks = options.hooks;
  }

  /** Runs `work` after every session change queued before it has finished. */
  serially<T>(work: () => Promise<T>): Promise<T> {
    const queued = this.transitions.then(work, work);
    this.transitions = queued.then(
      () => undefined,
      () => undefined,
    );
    return queued;
  }

  /** The signed-in session, if any. */
  get gws(): GwsSession | undefined {
    return this.session;
  }

  /** The session's GWS operations; undefined while signed out. */
  get ops(): GwsOperations | undefined {
    return this.operations;
  }

  /** The account's cache writer (and its queries); undefined before any account was opened. */
  get writer(): CacheWriter | undefined {
    return this.current;
  }

  get signedIn(): boolean {
    return this.session !== undefined;
  }

  /** The current or last account (undefined before any). */
  get currentAccount(): Account | undefined {
    return this.account;
  }

  /** Starts the demo server if no real server is configured, opens the last account's cache. */
  async start(): Promise<void> {
    const last = this.memory.lastAccount();
    if ((last === undefined || last.demo) && this.options.startDemo !== undefined) {
      try {
        this.demoServer = await this.options.startDemo();
        this.log.info(`demo server on ${this.demoServer.serverUrl}`);
      } catch (error) {
        this.log.warn(`the demo server could not start: ${describeError(error)}`);
      }
    }
    const demo = this.demoServer;
    const account =
      last === undefined || last.demo
        ? demo === undefined
          ? undefined
          : { serverUrl: demo.serverUrl, userName: last?.userName ?? demo.userName, demo: true }
        : last;
    if (account !== undefined) await this.useAccount(account);
    void this.purge();
    if (account !== undefined && this.memory.password(account) !== undefined) {
      void this.signIn({ serverUrl: account.serverUrl, userName: account.userName, remember: true })
        .then(() => undefined)
        .catch((error: unknown) => {
          this.log.warn(`automatic sign-in failed: ${describeError(error)}`);
        });
    }
  }

  /** Signs out, then closes the account's cache writer and the demo server. */
  async close(): Promise<void> {
    await this.endSession().catch((error: unknown) => {
      this.log.warn(`sign-out on quit: ${describeError(error)}`);
    });
    await this.closeWriter();
    await this.demoServer?.close().catch((error: unknown) => {
      this.log.warn(`demo server: ${describeError(error)}`);
    });
  }

  /**
   * The names the signed-in agent joins chats under: the name set for chats (the Accept sends
   * it), else the server's for the agent, which GWS does not document (the first name, the full
   * name or the user name are taken). None signed out.
   */
  private chatNames(): string[] {
    const agent = this.identity;
    if (agent === undefined) return [];
    let chosen = '';
    try {
      chosen = this.memory.settings().chatNickname;
    } catch (error) {
      this.log.warn(`could not read the name for chats: ${describeError(error)}`);
    }
    const full = [agent.firstName, agent.lastName].filter((part) => part !== undefined).join(' ');
    return [chosen, agent.firstName ?? '', full, agent.userName];
  }

  state(): SessionState {
    const account = this.account ?? this.prefillAccount();
    const demo = this.demoServer;
    const isDemo = account?.demo === true && demo !== undefined;
    const rememberUnavailable = this.memory.rememberUnavailable();
    return {
      connection: this.session?.status ?? this.signedOutStatus,
      ...(this.identity === undefined ? {} : { agent: this.identity }),
      serverUrl: account?.serverUrl ?? '',
      userName: account?.userName ?? '',
      ...(isDemo ? { demoPassword: demo.password } : {}),
      demo: isDemo,
      // One the locked keyring cannot open now is kept, but not offered: signing in needs one typed.
      passwordRemembered:
        account !== undefined &&
        rememberUnavailable === undefined &&
        this.memory.hasPassword(account),
      ...(rememberUnavailable === undefined ? {} : { rememberUnavailable }),
      ...(account !== undefined &&
      this.passwordChangeRequired !== undefined &&
      sameAccount(this.passwordChangeRequired, account)
        ? { passwordChangeRequired: true }
        : {}),
      ...(this.reviewingOffline ? { offline: true } : {}),
      ...(this.withoutMultimedia ? { multimediaMissing: true as const } : {}),
    };
  }

  /** Whether the desk is reading a cache with no session (every server action is refused). */
  get offline(): boolean {
    return this.reviewingOffline;
  }

  /**
   * The accounts whose cache this machine holds, the demo's under its fixed key. Opening one
   * ({@link openOffline}) asks for its password.
   */
  async cachedAccounts(): Promise<CachedAccount[]> {
    // The last sign-in's verifier is what lists an account that holds nothing yet.
    await this.verifierWritten;
    return this.options.store.accountsWithCounts().map((account) => ({
      ...account,
      demo: account.serverUrl === DEMO_ACCOUNT_URL,
    }));
  }

  /**
   * Opens a cached account read-only with no server (after signing out of any session): the
   * queries answer from its cache, the GWS operations refuse ("Not signed in"). Only with the
   * account's password, checked against the verifier its last online sign-in here left (a
   * shared workstation holds several agents' caches); a remembered password does not open
   * it, so that nobody at the desk reads an agent's customers without knowing the password.
   */
  openOffline(wanted: OfflineAccount): Promise<SessionState> {
    return this.serially(async () => {
      const known = (await this.cachedAccounts()).find(
        (account) => account.serverUrl === wanted.serverUrl && account.userName === wanted.userName,
      );
      if (known === undefined)
        throw new SwitchboardFailure(
          'notFound',
          'This machine holds no cache for that account.',
          'noOfflineCache',
        );
      const demo = this.demoServer;
      const account: Account = {
        // The demo's cache is keyed apart from the simulator's changing port (keyOf).
        serverUrl: known.demo ? (demo?.serverUrl ?? DEMO_ACCOUNT_URL) : known.serverUrl,
        userName: known.userName,
        demo: known.demo,
      };
      await this.checkOfflinePassword(account, wanted.password);
      await this.endSession();
      await this.useAccount(account);
      this.reviewingOffline = true;
      // Its own language, theme and the rest, and Settings saved meanwhile are its own.
      this.memory.reviewAccount(account);
      this.log.info('the cache is open for offline review');
      this.hooks.changed();
      return this.state();
    });
  }

  /** Throws unless `password` is the one the server last accepted for `account` here. */
  private async checkOfflinePassword(account: Account, password: string): Promise<void> {
    if (password === '')
      throw new SwitchboardFailure(
        'missingParameter',
        'Opening a cache offline needs the password of its account.',
        'offlinePasswordMissing',
      );
    await this.verifierWritten;
    const checked = await this.memory.checkPassword(account, password);
    if (checked === 'unknown')
      throw new SwitchboardFailure(
        'forbidden',
        'This account has not signed in online on this machine since offline review asks for the password.',
        'offlineNotVerified',
      );
    if (checked === 'refused') {
      this.log.info('a wrong password was given for the offline review');
      await new Promise((resolve) =>
        setTimeout(resolve, this.options.offlineRefusalDelayMs ?? OFFLINE_REFUSAL_DELAY_MS),
      );
      throw new SwitchboardFailure(
        'unauthorized',
        'The password does not match the one this account last signed in with here.',
        'offlinePasswordRefused',
      );
    }
  }

  /** Leaves the offline review for the sign-in form; the account stays pre-filled. */
  leaveOffline(): Promise<SessionState> {
    return this.serially(() => {
      this.reviewingOffline = false;
      this.memory.reviewAccount(undefined);
      this.hooks.reviewEnded();
      this.hooks.changed();
      return Promise.resolve(this.state());
    });
  }

  /** Signs in, ending the current session first. One sign-in at a time. */
  signIn(request: SignInRequest): Promise<SessionState> {
    if (this.signingIn !== undefined)
      return Promise.reject(
        new SwitchboardFailure('invalidState', 'A sign-in is already running', 'signInRunning'),
      );
    this.signingIn = this.serially(() => this.runSignIn(request)).finally(() => {
      this.signingIn = undefined;
    });
    return this.signingIn;
  }

  /** Signs out (after a sign-in under way, if any); the cache stays readable. */
  signOut(): Promise<void> {
    return this.serially(async () => {
      await this.endSession();
      // Signing out of an offline review is leaving it (nothing to end on a server).
      if (this.reviewingOffline) {
        this.reviewingOffline = false;
        this.memory.reviewAccount(undefined);
        this.hooks.reviewEnded();
        this.hooks.changed();
      }
    });
  }

  /**
   * ChangePassword through the session; the remembered password follows when there is one, and
   * the offline review's verifier always.
   */
  async changePassword(oldPassword: string, newPassword: string): Promise<void> {
    const session = this.session;
    const account = this.account;
    if (session === undefined || account === undefined)
      throw new SwitchboardFailure('unauthorized', 'Not signed in');
    const changed = await session.changePassword(oldPassword, newPassword);
    if (!changed.ok) throw SwitchboardFailure.of(changed.error);
    // The offline review opens with the new password only: the old one may be why it changed.
    this.keepVerifier(account, newPassword);
    if (this.memory.hasPassword(account)) this.memory.rememberPassword(account, newPassword);
  }

  /** Forgets the remembered password of the current server and user. */
  forgetPassword(): void {
    const account = this.account;
    if (account !== undefined) this.memory.forgetPassword(account);
    this.hooks.changed();
  }

  /**
   * Keeps a verifier of `password`, the one the server accepted last, once the verifiers asked
   * before it are kept: each hash takes ~0.1 s on a thread of its own, and two started together
   * (a sign-in, then a password change or the next sign-in) could end in either order, leaving
   * the older password's verifier kept (the old password opening the offline review; a
   * remembered password that is no longer the account's tried at the next start).
   */
  private keepVerifier(account: Account, password: string): void {
    this.verifierWritten = this.verifierWritten.then(() =>
      this.memory.rememberVerifier(account, password),
    );
  }

  private async runSignIn(request: SignInRequest): Promise<SessionState> {
    const serverUrl = normalizeServerUrl(request.serverUrl);
    const demo = this.demoServer;
    const account: Account = {
      serverUrl,
      userName: request.userName.trim(),
      demo: demo !== undefined && normalizeServerUrl(demo.serverUrl) === serverUrl,
    };
    const typed = request.password ?? this.memory.password(account);
    if (typed === undefined)
      throw new SwitchboardFailure(
        'missingParameter',
        'Enter the password: none is remembered for this server and user.',
        'passwordMissing',
      );
    // A typed password is sealed once before the server sees it: a vault that refuses is said at
    // once, on the form (the start's remembered one was just unsealed, and is not held up).
    if (request.remember) this.memory.assertCanRemember(request.password);
    // A remembered password that is not the one the server last accepted here is forgotten
    // untried: each refused try counts toward the account's lock-out. (A sign-in while the
    // keyring was locked keeps the sealed password it cannot open, and it may have been made
    // with a new one: a first login's, or one changed elsewhere and typed here.)
    // (The last sign-in's verifier first: its hash may still be on its way.)
    if (request.password === undefined) await this.verifierWritten;
    if (
      request.password === undefined &&
      (await this.memory.checkPassword(account, typed)) === 'refused'
    ) {
      this.memory.forgetPassword(account);
      this.log.info('the remembered password is not the one last accepted here; it is forgotten');
      this.signedOutStatus = {
        state: 'signedOut',
        reason: `The remembered password for ${account.userName} is not the one last accepted here; it is forgotten.`,
        refusal: 'rememberedPasswordStale',
      };
      this.hooks.changed();
      return this.state();
    }
    await this.endSession();
    // Signing in ends an offline review: the desk goes live on the same cache, no restart.
    this.reviewingOffline = false;
    this.memory.reviewAccount(undefined);
    const previous = this.account;
    await this.useAccount(account);
    const session = new GwsSession({
      ...this.options.session,
      serverUrl,
      credentials: { userName: account.userName, password: typed },
      mediaChannels: MEDIA_CHANNELS,
      log: this.log,
    });
    this.session = session;
    this.operations = createOperations(session.requester, { apiUrl: session.http.apiUrl });
    this.wire(session);
    let signedIn = await session.signIn();
    let password = typed;
    if (!signedIn.ok && session.passwordChangeRequired) {
      this.passwordChangeRequired = account;
      if (request.newPassword === undefined) {
        signedIn = err(
          'forbidden',
          'The server asks for a new password before you sign in: choose one below.',
        );
      } else {
        const changed = await session.changePassword(password, request.newPassword, true);
        if (changed.ok) {
          this.passwordChangeRequired = undefined;
          password = request.newPassword;
          this.log.info('the password was changed at first sign-in');
          signedIn = await session.signIn();
        } else {
          signedIn = changed;
        }
      }
    } else if (sameAccount(this.passwordChangeRequired, account)) {
      this.passwordChangeRequired = undefined;
    }
    if (!signedIn.ok) {
      await this.dropSession(session);
      if (request.password === undefined && signedIn.error.kind === 'unauthorized') {
        // Trying a refused password at every start could lock the account: forget it.
        this.memory.forgetPassword(account);
        this.log.info('the server refused the remembered password; it is forgotten');
        // Said as the desk says it (in its language), not in the server's words: at a start
        // nobody typed anything, and the form's alert is only for the form's own attempts.
        this.signedOutStatus = {
          state: 'signedOut',
          reason: `The server refused the remembered password for ${account.userName}; it is forgotten.`,
          refusal: 'rememberedPasswordRefused',
        };
      } else if (request.password === undefined && unanswered(signedIn.error.kind)) {
        // The same at a start whose server did not answer: the form said "Signed out: GET /me:
        // connect ECONNREFUSED …" in English on every desk. Main's words stay in the log.
        this.signedOutStatus = {
          state: 'signedOut',
          reason: `The server for ${account.userName} did not answer the sign-in.`,
          refusal: 'serverUnreachable',
        };
      }
      // A mistyped server or user must not leave the desk on an empty account; one that must
      // choose a new password is the right account, and the form asks for the password there.
      if (!sameAccount(this.passwordChangeRequired, account)) {
        if (previous !== undefined) await this.useAccount(previous);
        else await this.leaveAccount();
        // The account's row was made for the attempt; one that holds nothing is not kept (a
        // password typed as the user name would stay in the cache).
        if (!sameAccount(previous, account))
          this.options.store.forgetAccountIfEmpty(keyOf(account));
      }
      this.hooks.changed();
      throw new SwitchboardFailure(
        signedIn.error.kind,
        signedIn.error.message,
        signedIn.error.code ?? signInCode(signedIn.error.kind),
        signedIn.error.params,
      );
    }
    const { id, userName, firstName, lastName } = signedIn.value.agent;
    this.identity = {
      id,
      userName,
      ...(firstName === undefined ? {} : { firstName }),
      ...(lastName === undefined ? {} : { lastName }),
    };
    this.memory.rememberAccount(account);
    // For the offline review (checked there; not waited for here: the desk is already usable).
    this.keepVerifier(account, password);
    if (request.remember) this.memory.rememberPassword(account, password);
    // With the keyring locked the form cannot offer "remember me" (it asks without it): the
    // agent chose nothing, and the sealed password stays for when the keyring opens again.
    else if (this.memory.rememberUnavailable() === undefined) this.memory.forgetPassword(account);
    this.current?.retryDownloads();
    this.hooks.signedIn();
    this.serverClockSeen(session, account.demo);
    // Not awaited: a slow or failing /features must not hold up the desk.
    void this.readFeatures(session);
    if (!account.demo) await this.stopDemo();
    this.hooks.changed();
    return this.state();
  }

  /**
   * Signed in: the server's time is noted for the next start's purge, and the purge that waited
   * for the server's clock runs on it (not awaited: the desk is usable meanwhile).
   */
  private serverClockSeen(session: GwsSession, demo: boolean): void {
    const untrusted = serverClockUntrusted(session, demo);
    if (untrusted !== undefined) {
      if (this.purgeWaitsForServerClock) this.log.info(`purge still postponed: ${untrusted}`);
      return;
    }
    if (this.purgeWaitsForServerClock) {
      this.purgeWaitsForServerClock = false;
      this.log.info("the server's clock is known: the postponed purge runs");
      void this.purge();
      return;
    }
    try {
      this.current?.serverTimeSeen();
    } catch (error) {
      this.log.warn(`could not note the server's time: ${describeError(error)}`);
    }
  }

  /**
   * Reads the contact center's features once per session; a list without api-multimedia is
   * a lasting fact of the session (no e-mail, no chat), pushed with the session state. A
   * session that ended while the answer was on its way takes nothing from it.
   */
  private async readFeatures(session: GwsSession): Promise<void> {
    const operations = this.operations;
    if (operations === undefined) return;
    const missing = await multimediaMissing(operations, this.log);
    if (!missing || this.session !== session) return;
    this.log.info('this contact center has no api-multimedia feature: no e-mail and no chat');
    this.withoutMultimedia = true;
    this.hooks.changed();
  }

  /** A real server is in use: the demo server and its traffic are not needed any more. */
  private async stopDemo(): Promise<void> {
    const demo = this.demoServer;
    if (demo === undefined) return;
    this.demoServer = undefined;
    await demo.close().catch((error: unknown) => {
      this.log.warn(`demo server: ${describeError(error)}`);
    });
  }

  /** Signs out of the current session, if any; its pending invitations are withdrawn. */
  private async endSession(): Promise<void> {
    const session = this.session;
    if (session === undefined) return;
    try {
      await this.current?.downloadsIdleBeforeSignOut();
      await session.signOut();
    } finally {
      await this.dropSession(session);
      this.hooks.changed();
    }
  }

  private async dropSession(session: GwsSession, endedByServer = false): Promise<void> {
    if (this.session !== session) return;
    if (session.status.state !== 'signedOut') await session.signOut();
    this.signedOutStatus =
      session.status.state === 'signedOut' ? session.status : { ...SIGNED_OUT };
    // The session's last batches may still wait behind a newsletter's text: written after the
    // views' listeners went, their commits reached no view (lists and tray left stale, an
    // invitation's alert never shown), or the next session's listeners if it came meanwhile.
    await this.current?.batchesWritten();
    for (const detach of this.sessionDetachers.splice(0)) detach();
    this.session = undefined;
    this.operations = undefined;
    this.identity = undefined;
    this.withoutMultimedia = false;
    this.hooks.dropped(endedByServer);
  }

  private wire(session: GwsSession): void {
    this.sessionDetachers.push(
      ...this.hooks.sessionOpened(session, this.current),
      // Renamed by an administrator mid-shift: the menu names the agent as the server now does,
      // and chats accepted from now on are told the agent's own by the new names too.
      session.onIdentity((agent) => {
        if (this.session !== session || this.identity === undefined) return;
        this.identity = agent;
        this.hooks.changed();
      }),
      session.onStatus((status) => {
        this.hooks.status(status);
        if (status.state === 'signedOut') {
          // The server ended it (credentials refused, handshake denied): drop it, as a
          // sign-out would, once whatever session change is under way has finished.
          void this.serially(async () => {
            // Signed in since (a first login signs in again once the password is changed).
            if (this.session !== session || session.status.state !== 'signedOut') return;
            this.log.warn(`the session ended: ${status.reason}`);
            await session.signOut().catch((error: unknown) => {
              this.log.warn(`closing the ended session: ${describeError(error)}`);
            });
            await this.dropSession(session, true);
            this.signedOutStatus = status;
            const account = this.account;
            if (session.passwordRefused && account !== undefined) {
              // Refused now, refused at every start after: forget it at once, as a sign-in does;
              // nor may the refused password open the offline review any more.
              const remembered = this.memory.hasPassword(account);
              this.memory.forgetPassword(account);
              this.memory.forgetVerifier(account);
              this.signedOutStatus = {
                ...status,
                refusal: remembered ? 'rememberedPasswordRefused' : 'passwordRefused',
              };
              if (remembered)
                this.log.info('the server refused the remembered password; it is forgotten');
            }
            this.hooks.changed();
          });
        }
        this.hooks.changed();
      }),
    );
  }

  /** What the sign-in form shows before any account was opened: the demo server, if any. */
  private prefillAccount(): Account | undefined {
    const demo = this.demoServer;
    return demo === undefined
      ? undefined
      : { serverUrl: demo.serverUrl, userName: demo.userName, demo: true };
  }

  /**
   * The retention purge, at start and, when the one at start waited for it, once signed in. With
   * the server's clock unknown (no session yet) and this machine's clock far past the last time
   * the cache knows to be real ({@link CacheWriter.clockDoubtMs}), it waits: the clock may be
   * wrong, and what a purge deletes stays deleted. An agent back from a long leave loses nothing
   * by that: the purge runs at the sign-in, on the server's clock.
   */
  private async purge(): Promise<void> {
    const writer = this.current;
    if (writer === undefined) return;
    try {
      const retentionDays = this.memory.settings().retentionDays;
      const session = this.session;
      if (
        session !== undefined &&
        serverClockUntrusted(session, this.account?.demo === true) === undefined
      ) {
        writer.serverTimeSeen();
      } else {
        const doubtMs = writer.clockDoubtMs(retentionDays);
        if (doubtMs !== undefined) {
          this.purgeWaitsForServerClock = true;
          this.log.info(
            `purge postponed: the PC's clock is ${String(Math.floor(doubtMs / DAY_MS))} days past the last time the cache knows to be real (the server's time last seen, else its newest activity); it runs once the server's clock is known`,
          );
          return;
        }
      }
      const purged = await writer.purge(retentionDays);
      if (purged.interactions > 0)
        this.log.info(`purged ${purged.interactions} interactions past the retention period`);
    } catch (error) {
      this.log.warn(`purge: ${describeError(error)}`);
    }
  }

  private async useAccount(account: Account): Promise<void> {
    const key = keyOf(account);
    const current = this.account;
    this.account = account;
    if (
      this.current !== undefined &&
      current !== undefined &&
      keyOf(current).serverUrl === key.serverUrl &&
      keyOf(current).userName === key.userName
    )
      return;
    await this.closeWriter();
    const { store, searchWorker } = this.options;
    const writer = new CacheWriter({
      store,
      account: key,
      attachmentsDir: this.options.attachmentsDir,
      log: this.log,
      serverClockAheadMs: () => this.session?.http.serverClockAheadMs ?? 0,
      agentNames: () => this.chatNames(),
      ...(this.options.writeFailed === undefined ? {} : { writeFailed: this.options.writeFailed }),
      ...(this.options.downloadRetryDelaysMs === undefined
        ? {}
        : { downloadRetryDelaysMs: this.options.downloadRetryDelaysMs }),
      ...(this.options.storeAttachment === undefined
        ? {}
        : { storeAttachment: this.options.storeAttachment }),
      // The session's bound, for files whose e-mail states a size over it.
      ...(this.options.session?.maxDownloadBytes === undefined
        ? {}
        : { maxDownloadBytes: this.options.session.maxDownloadBytes }),
      // Off the main thread once the worker is up; on it if the worker could not start.
      searchClient: {
        search: async (query) => {
          const worker = await searchWorker;
          return worker === undefined ? searchOnStore(store, query) : worker.search(query);
        },
        textOfHtml: async (html) => (await searchWorker)?.textOfHtml(html),
      },
    });
    this.current = writer;
    this.writerDetachers.push(...this.hooks.writerOpened(writer));
    // Mail cached before the current htmlToText is found by its words again (in the background).
    void writer.reindexHtmlMail();
  }

  /** Back to no account, as before the first sign-in: the writer of the one refused closed. */
  private async leaveAccount(): Promise<void> {
    await this.closeWriter();
    this.account = undefined;
  }

  private async closeWriter(): Promise<void> {
    for (const detach of this.writerDetachers.splice(0)) detach();
    const writer = this.current;
    this.current = undefined;
    await writer?.close();
  }
}
