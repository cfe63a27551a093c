import { mkdirSync } from 'node:fs';
import { copyFile, realpath, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { contract, createEmitters, type SwitchboardEmitters } from '../../common/contract';
import type { SwitchboardHandlers } from '../../common/contract';
import { SwitchboardFailure, type Result } from '../../common/errors';
import { Listeners } from '../../common/listeners';
import {
  SettingsSchema,
  type AgentIdentity,
  type AgentState,
  type ConnectionStatus,
  type InteractionDetail,
  type NotReadyReason,
  type SavedFile,
  type SessionState,
  type Settings,
  type SignInRequest,
  type StoredAttachment,
} from '../../common/model';
import { openDatabase } from '../cache/database';
import { SearchClient } from '../cache/searchClient';
import { searchOnStore } from '../cache/searchOnStore';
import { CacheStore, type AccountKey } from '../cache/store';
import { createOperations, type GwsOperations } from '../gws/operations';
import { GwsSession, type GwsSessionOptions } from '../gws/session';
import { ATTACHMENTS_FOLDER, CACHE_FILE } from '../headless/paths';
import { Alerts, type AlertActionId } from './alerts';
import { createAppHandlers, type RuntimeFacts } from './appService';
import { isInside, sanitizeFileName, type WorkstationLog } from './attachments';
import { emptyChangeSet, CacheWriter } from './cacheWriter';
import type { Commit } from './policy';
import { Presence } from './presence';
import type {
  CredentialVault,
  DeskForShell,
  FileDialogs,
  NotificationSink,
  TrayCommand,
  WindowControl,
} from './shellPorts';
import { transcriptHtml, transcriptText } from './transcript';
import { TrayModel, type TrayState } from './trayState';

/** The built-in GWS simulator, started in-process when no real server is configured. */
export interface DemoServer {
  readonly serverUrl: string;
  readonly userName: string;
  /** The simulator's public demo password (pre-filled; never a real one). */
  readonly password: string;
  close(): Promise<void>;
}

export interface DeskLog extends WorkstationLog {
  info(message: string): void;
  error(message: string, detail?: unknown): void;
}

export interface DeskOptions {
  /** The per-user data folder: the cache file and the attachments folder go here. */
  readonly dataDir: string;
  /** Pushes a contract event to the renderer. */
  send(channel: string, payload: unknown): void;
  readonly vault: CredentialVault;
  readonly notifications: NotificationSink;
  readonly window: WindowControl;
  readonly files: FileDialogs;
  readonly runtime: RuntimeFacts;
  /** Starts the built-in simulator; called at start when no real server is configured. */
  readonly startDemo?: () => Promise<DemoServer>;
  readonly log: DeskLog;
  /** GWS client tuning (tests shorten timeouts and back-off). */
  readonly session?: Pick<
    GwsSessionOptions,
    'requestTimeoutMs' | 'maxBackoffMs' | 'maxNetworkDelayMs' | 'websocket'
  >;
  /** Full-text search in a worker thread (default); false runs it on the calling thread. */
  readonly searchWorker?: boolean;
}

/** The cache's account key of the simulator, whatever port it listens on this time. */
export const DEMO_ACCOUNT_URL = 'demo:simulator';
export const DEFAULT_SETTINGS: Settings = { sound: true, retentionDays: 90 };
/** The media channels a session starts on. */
const MEDIA_CHANNELS = ['email', 'chat'];
const SETTINGS_KEY = 'desk:settings';
const ACCOUNT_KEY = 'desk:account';
const SIGNED_OUT: ConnectionStatus = { state: 'signedOut', reason: 'not signed in' };
/** How long signing out waits for attachment downloads under way. */
const DOWNLOADS_GRACE_MS = 1_000;

/**
 * The kinds of file the desk hands to the OS to open: documents, images, audio and video whose
 * usual applications do not run code from them. Anything else an e-mail carries (programs,
 * scripts, installers, shortcuts, web pages, archives, macro-enabled documents, …) can only be
 * saved, so that the agent decides. An allowlist, because the list of dangerous types is long
 * and keeps growing.
 */
const OPENABLE_EXTENSIONS: ReadonlySet<string> = new Set(
  (
    'pdf txt text csv tsv log rtf md doc docx xls xlsx ppt pptx odt ods odp ' +
    'png jpg jpeg gif bmp webp tif tiff heic ' +
    'mp3 wav m4a ogg mp4 mov webm eml msg ics vcf'
  ).split(' '),
);

/** Whether a downloaded file may be opened directly with the OS's default application. */
export function mayOpenDirectly(fileName: string): boolean {
  // Windows ignores trailing dots and spaces (`report.exe. ` runs as `report.exe`).
  const extension = extname(fileName.trim().replace(/[.\s]+$/u, ''))
    .slice(1)
    .toLowerCase();
  return OPENABLE_EXTENSIONS.has(extension);
}

/** The server root a session connects to: scheme, host, port and path without a trailing `/`. */
export function normalizeServerUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  return `${url.origin}${url.pathname.replace(/\/+$/u, '')}`;
}

interface Account {
  /** Where the session connects (the simulator's current URL for the demo). */
  readonly serverUrl: string;
  readonly userName: string;
  readonly demo: boolean;
}

function keyOf(account: Account): AccountKey {
  return {
    serverUrl: account.demo ? DEMO_ACCOUNT_URL : account.serverUrl,
    userName: account.userName,
  };
}

function passwordKey(account: Account): string {
  const key = keyOf(account);
  return `desk:password:${key.serverUrl}\u0000${key.userName}`;
}

/** Writes a file the agent chose; a failure becomes a message naming the file and the reason. */
async function savingTo(target: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const kind =
      code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'permissionDenied' : 'internal';
    throw new SwitchboardFailure(kind, `Could not save ${target}: ${code ?? describe(error)}`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A GWS answer as a handler's value: an error becomes a failure of the same kind. */
async function run<T>(answer: Promise<Result<T>>): Promise<T> {
  const result = await answer;
  if (!result.ok) throw new SwitchboardFailure(result.error.kind, result.error.message);
  return result.value;
}

/**
 * The desk: the application core behind the contract. It signs the agent in and out, keeps one
 * {@link GwsSession} and the {@link Workstation} of its account, answers the renderer's calls
 * (queries from the cache, online or not; every GWS operation through the session), pushes the
 * session's events to the renderer once the cache holds them, and drives the tray
 * ({@link TrayModel}) and the OS notifications ({@link Alerts}) that the shell renders.
 *
 * Nothing here imports Electron: the shell gives the OS services as the ports of shellPorts.ts,
 * and tests give plain objects.
 *
 * **Passwords** are never written anywhere but through the {@link CredentialVault} (sealed by
 * the OS) and never logged. Where the vault has no safe backend, "remember me" is refused with
 * its reason.
 *
 * **The demo default**: with no real server configured (first start, or the last sign-in was to
 * the demo), the built-in simulator is started and pre-filled in the sign-in form. Its account
 * is stored under {@link DEMO_ACCOUNT_URL}, so the demo's history survives the simulator's
 * changing port.
 */
export class Desk implements DeskForShell {
  readonly handlers: SwitchboardHandlers;
  private readonly emit: SwitchboardEmitters;
  private readonly log: DeskLog;
  private readonly tray = new TrayModel();
  private readonly alerts: Alerts;
  private demoServer: DemoServer | undefined;
  private account: Account | undefined;
  private workstation: CacheWriter | undefined;
  /** The agent's channel states: the session's from the change sets, the stored ones offline. */
  private readonly presence = new Presence(() => this.workstation?.channelStates());
  private readonly workstationDetachers: (() => void)[] = [];
  private session: GwsSession | undefined;
  private operations: GwsOperations | undefined;
  private readonly sessionDetachers: (() => void)[] = [];
  private identity: AgentIdentity | undefined;
  private reasons: NotReadyReason[] = [];
  private readonly reasonListeners: Listeners<[readonly NotReadyReason[]]>;
  /**
   * The agent asked for Do Not Disturb and the server has not yet said so: GWS may withdraw the
   * pending invitations before it reports the new state, and those are not announced either.
   */
  private dndRequested = false;
  private signingIn: Promise<SessionState> | undefined;
  private closing: Promise<void> | undefined;
  /** Sign-in, sign-out, a session dropped by the server and shutdown run one at a time. */
  private transitions: Promise<unknown> = Promise.resolve();
  /** What the connection reads while no session exists: why the last one ended. */
  private signedOutStatus: ConnectionStatus = SIGNED_OUT;

  constructor(
    private readonly options: DeskOptions,
    private readonly store: CacheStore,
    /** The search worker, still starting when the desk opens; undefined: search in-thread. */
    private readonly searchWorker: Promise<SearchClient | undefined>,
  ) {
    this.log = options.log;
    this.reasonListeners = new Listeners<[readonly NotReadyReason[]]>((error) => {
      this.log.warn(`reasons listener failed: ${describe(error)}`);
    });
    this.emit = createEmitters(contract, (channel, payload) => {
      try {
        options.send(channel, payload);
      } catch (error) {
        this.log.warn(`could not push ${channel}: ${describe(error)}`);
      }
    });
    this.alerts = new Alerts({
      // Presence, not the tray: a commit's alerts are folded before the tray takes its channels.
      dnd: () => this.presence.dnd || this.dndRequested,
      sound: () => this.settings().sound,
    });
    this.handlers = this.createHandlers();
  }

  /** Runs `work` after every session change queued before it has finished. */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const queued = this.transitions.then(work, work);
    this.transitions = queued.then(
      () => undefined,
      () => undefined,
    );
    return queued;
  }

  // ---- start and stop ------------------------------------------------------------------------

  /** Starts the demo server if no real server is configured, opens the last account's cache. */
  async start(): Promise<void> {
    const last = this.lastAccount();
    if ((last === undefined || last.demo) && this.options.startDemo !== undefined) {
      try {
        this.demoServer = await this.options.startDemo();
        this.log.info(`demo server on ${this.demoServer.serverUrl}`);
      } catch (error) {
        this.log.warn(`the demo server could not start: ${describe(error)}`);
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
    if (account !== undefined && this.rememberedPassword(account) !== undefined) {
      void this.signIn({ serverUrl: account.serverUrl, userName: account.userName, remember: true })
        .then(() => undefined)
        .catch((error: unknown) => {
          this.log.warn(`automatic sign-in failed: ${describe(error)}`);
        });
    }
  }

  /** Signs out cleanly, then closes the cache, the search worker and the demo server. */
  shutdown(): Promise<void> {
    // Queued behind a sign-in under way (the automatic one at start), which would otherwise
    // write to a closed cache; the shell bounds the whole shutdown in time.
    this.closing ??= this.serially(async () => {
      await this.endSession().catch((error: unknown) => {
        this.log.warn(`sign-out on quit: ${describe(error)}`);
      });
      await this.closeWorkstation();
      await (await this.searchWorker)?.close();
      await this.demoServer?.close().catch((error: unknown) => {
        this.log.warn(`demo server: ${describe(error)}`);
      });
      this.store.close();
    });
    return this.closing;
  }

  // ---- the shell's side (DeskForShell) ----------------------------------------------------------

  get trayState(): TrayState {
    return this.tray.state;
  }

  onTrayState(listener: (state: TrayState) => void): () => void {
    return this.tray.onChange(listener);
  }

  notReadyReasons(): readonly NotReadyReason[] {
    return this.reasons;
  }

  onNotReadyReasons(listener: (reasons: readonly NotReadyReason[]) => void): () => void {
    return this.reasonListeners.add(listener);
  }

  private setReasons(reasons: NotReadyReason[]): void {
    if (JSON.stringify(reasons) === JSON.stringify(this.reasons)) return;
    this.reasons = reasons;
    this.reasonListeners.emit(reasons);
  }

  get signedIn(): boolean {
    return this.session !== undefined;
  }

  async trayCommand(command: TrayCommand): Promise<void> {
    try {
      switch (command.kind) {
        case 'ready':
          await run(this.ops().setReady());
          break;
        case 'notReady':
          await this.setNotReady(undefined, command.operationName);
          break;
        case 'dnd':
          await this.setDoNotDisturb(command.on);
          break;
        case 'signOut':
          await this.signOut();
          break;
      }
    } catch (error) {
      this.log.warn(`tray ${command.kind}: ${describe(error)}`);
    }
  }

  async checkConnection(): Promise<void> {
    const session = this.session;
    if (session === undefined) return;
    const checked = await session.checkConnection();
    if (!checked.ok) this.log.warn(`connection check: ${checked.error.message}`);
  }

  alertClicked(alertId: string): void {
    const command = this.alerts.handleClick(alertId);
    if (command?.focus !== undefined) this.focus(command.focus);
  }

  alertAction(alertId: string, action: AlertActionId): void {
    const command = this.alerts.handleAction(alertId, action);
    if (command === undefined || !('operation' in command)) return;
    const { interactionId } = command;
    const ops = this.operations;
    if (ops === undefined) return;
    const answer =
      command.operation === 'accept' ? ops.accept(interactionId) : ops.reject(interactionId);
    void answer.then((result) => {
      if (!result.ok)
        this.log.warn(`${command.operation} ${interactionId}: ${result.error.message}`);
    });
    if (command.focus !== undefined) this.focus(command.focus);
  }

  // ---- session -------------------------------------------------------------------------------

  sessionState(): SessionState {
    const account = this.account ?? this.prefillAccount();
    const demo = this.demoServer;
    const isDemo = account?.demo === true && demo !== undefined;
    const rememberUnavailable = this.options.vault.unavailableReason();
    return {
      connection: this.session?.status ?? this.signedOutStatus,
      ...(this.identity === undefined ? {} : { agent: this.identity }),
      serverUrl: account?.serverUrl ?? '',
      userName: account?.userName ?? '',
      ...(isDemo ? { demoPassword: demo.password } : {}),
      demo: isDemo,
      passwordRemembered: account !== undefined && this.hasRememberedPassword(account),
      ...(rememberUnavailable === undefined ? {} : { rememberUnavailable }),
    };
  }

  /** Signs in, ending the current session first. One sign-in at a time. */
  signIn(request: SignInRequest): Promise<SessionState> {
    if (this.signingIn !== undefined)
      return Promise.reject(new SwitchboardFailure('invalidState', 'A sign-in is already running'));
    this.signingIn = this.serially(() => this.runSignIn(request)).finally(() => {
      this.signingIn = undefined;
    });
    return this.signingIn;
  }

  /** Signs out (after a sign-in under way, if any); the cache stays readable. */
  signOut(): Promise<void> {
    return this.serially(() => this.endSession());
  }

  private async runSignIn(request: SignInRequest): Promise<SessionState> {
    const serverUrl = normalizeServerUrl(request.serverUrl);
    const demo = this.demoServer;
    const account: Account = {
      serverUrl,
      userName: request.userName.trim(),
      demo: demo !== undefined && normalizeServerUrl(demo.serverUrl) === serverUrl,
    };
    const password = request.password ?? this.rememberedPassword(account);
    if (password === undefined)
      throw new SwitchboardFailure(
        'missingParameter',
        'Enter the password: none is remembered for this server and user.',
      );
    if (request.remember) {
      const reason = this.options.vault.unavailableReason();
      if (reason !== undefined)
        throw new SwitchboardFailure(
          'forbidden',
          `Switchboard will not remember the password: ${reason}`,
        );
    }
    await this.endSession();
    const previous = this.account;
    await this.useAccount(account);
    const session = new GwsSession({
      ...this.options.session,
      serverUrl,
      credentials: { userName: account.userName, password },
      mediaChannels: MEDIA_CHANNELS,
      log: this.log,
    });
    this.session = session;
    this.operations = createOperations(session.requester, { apiUrl: session.http.apiUrl });
    this.wireSession(session);
    const signedIn = await session.signIn();
    if (!signedIn.ok) {
      await this.dropSession(session);
      if (request.password === undefined && signedIn.error.kind === 'unauthorized') {
        // Trying a refused password at every start could lock the account: forget it.
        this.store.deleteSetting(passwordKey(account));
        this.log.info('the server refused the remembered password; it is forgotten');
      }
      // A mistyped server or user must not leave the desk on an empty account.
      if (previous !== undefined) await this.useAccount(previous);
      this.pushSession();
      throw new SwitchboardFailure(signedIn.error.kind, signedIn.error.message);
    }
    const { id, userName, firstName, lastName } = signedIn.value.agent;
    this.identity = {
      id,
      userName,
      ...(firstName === undefined ? {} : { firstName }),
      ...(lastName === undefined ? {} : { lastName }),
    };
    this.store.setSetting(ACCOUNT_KEY, JSON.stringify(account));
    if (request.remember) this.rememberPassword(account, password);
    else this.store.deleteSetting(passwordKey(account));
    this.workstation?.retryDownloads();
    void this.loadReasons();
    if (!account.demo) await this.stopDemo();
    this.pushSession();
    return this.sessionState();
  }

  /** A real server is in use: the demo server and its traffic are not needed any more. */
  private async stopDemo(): Promise<void> {
    const demo = this.demoServer;
    if (demo === undefined) return;
    this.demoServer = undefined;
    await demo.close().catch((error: unknown) => {
      this.log.warn(`demo server: ${describe(error)}`);
    });
  }

  /** Signs out of the current session, if any; its pending invitations are withdrawn. */
  private async endSession(): Promise<void> {
    const session = this.session;
    if (session === undefined) return;
    try {
      await this.downloadsIdleWithin(DOWNLOADS_GRACE_MS);
      await session.signOut();
    } finally {
      await this.dropSession(session);
      this.pushSession();
    }
  }

  /**
   * Waits for running attachment downloads (they need the session), but not for long: a big
   * file must not hold up signing out, and the next sign-in resumes what is left.
   */
  private async downloadsIdleWithin(ms: number): Promise<void> {
    const workstation = this.workstation;
    if (workstation === undefined) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    });
    await Promise.race([workstation.downloadsIdle(), timeout]);
    clearTimeout(timer);
  }

  private async dropSession(session: GwsSession): Promise<void> {
    if (this.session !== session) return;
    if (session.status.state !== 'signedOut') await session.signOut();
    this.signedOutStatus =
      session.status.state === 'signedOut' ? session.status : { ...SIGNED_OUT };
    for (const detach of this.sessionDetachers.splice(0)) detach();
    this.session = undefined;
    this.operations = undefined;
    this.identity = undefined;
    this.setReasons([]);
    this.dndRequested = false;
    this.tray.status(SIGNED_OUT);
    for (const alertId of this.alerts.clear()) this.options.notifications.close(alertId);
  }

  private wireSession(session: GwsSession): void {
    // The cache writer is the session's one event subscriber; the desk folds its commits.
    const workstation = this.workstation;
    if (workstation !== undefined)
      this.sessionDetachers.push(
        workstation.attach(session),
        workstation.onCommit((commit) => {
          this.forward(commit);
        }),
      );
    this.pushAgent(this.presence.signedIn());
    this.sessionDetachers.push(
      session.onStatus((status) => {
        this.tray.status(status);
        if (status.state === 'signedOut') {
          for (const alertId of this.alerts.clear()) this.options.notifications.close(alertId);
          this.pushAgent(this.presence.signedOut());
          // The server ended it (credentials refused, handshake denied): drop it, as a
          // sign-out would, once whatever session change is under way has finished.
          void this.serially(async () => {
            if (this.session !== session) return;
            this.log.warn(`the session ended: ${status.reason}`);
            await session.signOut().catch((error: unknown) => {
              this.log.warn(`closing the ended session: ${describe(error)}`);
            });
            await this.dropSession(session);
            this.signedOutStatus = status;
            this.pushSession();
          });
        }
        this.pushSession();
      }),
    );
  }

  private pushSession(): void {
    this.emit.session.connectionChanged(this.sessionState());
  }

  // ---- accounts, passwords, settings ------------------------------------------------------------

  private lastAccount(): Account | undefined {
    const stored = this.store.setting(ACCOUNT_KEY);
    if (stored === undefined) return undefined;
    try {
      const value = JSON.parse(stored) as Partial<Account>;
      if (typeof value.serverUrl !== 'string' || typeof value.userName !== 'string')
        return undefined;
      return { serverUrl: value.serverUrl, userName: value.userName, demo: value.demo === true };
    } catch {
      return undefined;
    }
  }

  /** What the sign-in form shows before any account was opened: the demo server, if any. */
  private prefillAccount(): Account | undefined {
    const demo = this.demoServer;
    return demo === undefined
      ? undefined
      : { serverUrl: demo.serverUrl, userName: demo.userName, demo: true };
  }

  private hasRememberedPassword(account: Account): boolean {
    return this.store.setting(passwordKey(account)) !== undefined;
  }

  private rememberedPassword(account: Account): string | undefined {
    const key = passwordKey(account);
    const sealed = this.store.setting(key);
    if (sealed === undefined) return undefined;
    const unavailable = this.options.vault.unavailableReason();
    if (unavailable !== undefined) {
      // A keyring not unlocked yet: keep the sealed password for when it is.
      this.log.warn(`the remembered password cannot be unsealed now: ${unavailable}`);
      return undefined;
    }
    try {
      return this.options.vault.decrypt(Buffer.from(sealed, 'base64'));
    } catch (error) {
      // A keyring that changed or another OS user: the sealed password is of no use any more.
      this.log.warn(
        `the remembered password could not be unsealed (${describe(error)}); forgotten`,
      );
      this.store.deleteSetting(key);
      return undefined;
    }
  }

  private rememberPassword(account: Account, password: string): void {
    try {
      const sealed = this.options.vault.encrypt(password);
      this.store.setSetting(passwordKey(account), Buffer.from(sealed).toString('base64'));
    } catch (error) {
      this.log.warn(`the password could not be sealed: ${describe(error)}`);
    }
  }

  private settings(): Settings {
    const stored = this.store.setting(SETTINGS_KEY);
    if (stored === undefined) return DEFAULT_SETTINGS;
    try {
      const parsed = SettingsSchema.partial().safeParse(JSON.parse(stored));
      return parsed.success ? { ...DEFAULT_SETTINGS, ...parsed.data } : DEFAULT_SETTINGS;
    } catch {
      return DEFAULT_SETTINGS;
    }
  }

  private updateSettings(change: Partial<Settings>): Settings {
    const next = SettingsSchema.parse({ ...this.settings(), ...change });
    this.store.setSetting(SETTINGS_KEY, JSON.stringify(next));
    return next;
  }

  private async purge(): Promise<void> {
    try {
      const purged = await this.workstation?.purge(this.settings().retentionDays);
      if (purged !== undefined && purged.interactions > 0)
        this.log.info(`purged ${purged.interactions} interactions past the retention period`);
    } catch (error) {
      this.log.warn(`purge: ${describe(error)}`);
    }
  }

  // ---- the account's workstation ---------------------------------------------------------------

  private async useAccount(account: Account): Promise<void> {
    const key = keyOf(account);
    const current = this.account;
    this.account = account;
    if (
      this.workstation !== undefined &&
      current !== undefined &&
      keyOf(current).serverUrl === key.serverUrl &&
      keyOf(current).userName === key.userName
    )
      return;
    await this.closeWorkstation();
    const store = this.store;
    const workstation = new CacheWriter({
      store: this.store,
      account: key,
      attachmentsDir: join(this.options.dataDir, ATTACHMENTS_FOLDER),
      log: this.log,
      // Off the main thread once the worker is up; on it if the worker could not start.
      searchClient: {
        search: async (query) => {
          const worker = await this.searchWorker;
          return worker === undefined ? searchOnStore(store, query) : worker.search(query);
        },
      },
    });
    this.workstation = workstation;
    this.workstationDetachers.push(
      workstation.onAttachmentDownloaded((interactionId, attachment) => {
        this.emit.attachments.downloaded({ interactionId, attachment });
      }),
    );
  }

  private async closeWorkstation(): Promise<void> {
    for (const detach of this.workstationDetachers.splice(0)) detach();
    const workstation = this.workstation;
    this.workstation = undefined;
    await workstation?.close();
  }

  // ---- alerts and events -----------------------------------------------------------------------

  /** Shows and closes the OS notifications of a commit; the chime for a shown invitation. */
  private announce(commit: Commit): void {
    const { notifications } = this.options;
    const { show, close } = this.alerts.fold(commit);
    for (const alertId of close) notifications.close(alertId);
    for (const alert of show) {
      if (alert.replaces !== undefined) notifications.close(alert.replaces);
      notifications.show(alert);
      if (alert.sound) this.emit.app.soundRequested({ kind: 'invitation' });
    }
  }

  private focus(interactionId: string): void {
    this.options.window.focus(interactionId);
    this.emit.app.notificationClicked({ interactionId });
  }

  /**
   * Folds one commit of the cache writer: presence takes the channel states, the alerts their
   * invitations and ended offers, the tray both; then the renderer gets the change set, once.
   */
  private forward(commit: Commit): void {
    if (this.presence.fold(commit.changes)) this.dndRequested = false;
    this.announce(commit);
    this.tray.fold(commit.changes, this.alerts.pendingCount);
    this.emit.desk.changed(commit.changes);
  }

  /** A change of the agent's state outside a commit (sign-in, sign-out), as a change set. */
  private pushAgent(agent: AgentState): void {
    this.emit.desk.changed({ ...emptyChangeSet(), agent });
  }

  // ---- agent state -----------------------------------------------------------------------------

  private agentState(): AgentState {
    return this.presence.state();
  }

  private async loadReasons(): Promise<NotReadyReason[]> {
    const ops = this.operations;
    if (ops === undefined) return [];
    const states = await ops.getAgentStates();
    if (!states.ok) {
      this.log.warn(`agent states: ${states.error.message}`);
      return this.reasons;
    }
    const reasons = states.value
      .filter((state) => state.state.toLowerCase().replace(/[^a-z]/gu, '') === 'notready')
      .map(({ operationName, displayName }) => ({ operationName, displayName }));
    if (this.operations === ops)
      this.setReasons(
        reasons.length > 0 ? reasons : [{ operationName: 'NotReady', displayName: 'Not Ready' }],
      );
    return this.reasons;
  }

  private async setDoNotDisturb(on: boolean): Promise<void> {
    const ops = this.ops();
    this.dndRequested = on;
    try {
      await run(ops.doNotDisturb(on));
    } catch (error) {
      this.dndRequested = false;
      throw error;
    }
  }

  private async setNotReady(
    channel: string | undefined,
    reason: string | undefined,
  ): Promise<void> {
    const ops = this.ops();
    if (reason === undefined || reason === 'NotReady')
      return run(channel === undefined ? ops.setNotReady() : ops.setChannelNotReady(channel));
    const reasons = this.reasons.length > 0 ? this.reasons : await this.loadReasons();
    if (!reasons.some((known) => known.operationName === reason))
      throw new SwitchboardFailure(
        'invalidArgument',
        `${reason} is not a Not Ready reason of this contact center`,
      );
    return this.setState(ops, reason, channel);
  }

  /**
   * An agent state of /settings/agent-states by its operation name. 003 documents custom states
   * on one channel only ("Set Agent State for a Particular Channel"), so "everywhere" is one
   * request per channel the agent has; the `/me` form is the fallback before any is known.
   */
  private async setState(
    ops: GwsOperations,
    operationName: string,
    channel: string | undefined,
  ): Promise<void> {
    if (channel !== undefined) return run(ops.setChannelState(channel, operationName));
    const channels = this.presence.channels
      .map((known) => known.channel)
      .filter((name) => name !== '*');
    if (channels.length === 0) return run(ops.setAgentState(operationName));
    const answers = await Promise.all(
      channels.map((name) => ops.setChannelState(name, operationName)),
    );
    for (const answer of answers)
      if (!answer.ok) throw new SwitchboardFailure(answer.error.kind, answer.error.message);
  }

  // ---- files -----------------------------------------------------------------------------------

  private storedAttachment(interactionId: string, attachmentId: string): StoredAttachment {
    const attachment = this.detail(interactionId).attachments.find(
      (stored) => stored.id === attachmentId,
    );
    if (attachment === undefined)
      throw new SwitchboardFailure('notFound', `No attachment ${attachmentId} in ${interactionId}`);
    return attachment;
  }

  /**
   * The downloaded file of an attachment, checked to be inside the attachments folder (as the
   * downloader stored it, with links resolved: the data folder may sit under a symbolic link).
   */
  private async downloadedFile(attachment: StoredAttachment): Promise<string> {
    const path = attachment.localPath;
    if (path === undefined)
      throw new SwitchboardFailure('notFound', `${attachment.name} is not downloaded yet`);
    const folder = join(this.options.dataDir, ATTACHMENTS_FOLDER);
    const resolvedFolder = await realpath(folder).catch(() => folder);
    if (!isInside(folder, path) && !isInside(resolvedFolder, path))
      throw new SwitchboardFailure(
        'forbidden',
        `${attachment.name} is not in the attachments folder`,
      );
    return path;
  }

  private async openAttachment(interactionId: string, attachmentId: string): Promise<void> {
    const attachment = this.storedAttachment(interactionId, attachmentId);
    const path = await this.downloadedFile(attachment);
    if (!mayOpenDirectly(attachment.name) || !mayOpenDirectly(path))
      throw new SwitchboardFailure(
        'forbidden',
        `Switchboard does not open programs or scripts: save ${attachment.name} and check it first.`,
      );
    const problem = await this.options.files.openPath(path);
    if (problem !== '')
      throw new SwitchboardFailure(
        'internal',
        `${attachment.name} could not be opened: ${problem}`,
      );
  }

  private async saveAttachment(interactionId: string, attachmentId: string): Promise<SavedFile> {
    const attachment = this.storedAttachment(interactionId, attachmentId);
    const source = await this.downloadedFile(attachment);
    const target = await this.options.files.chooseSavePath(sanitizeFileName(attachment.name));
    if (target === undefined) return null;
    await savingTo(target, () => copyFile(source, target));
    return { path: target };
  }

  private async saveTranscript(interactionId: string, format: 'text' | 'html'): Promise<SavedFile> {
    const detail = this.detail(interactionId);
    const title = detail.subject ?? detail.email?.subject ?? `${detail.channel} ${detail.id}`;
    const name = sanitizeFileName(`${title}.${format === 'html' ? 'html' : 'txt'}`);
    const target = await this.options.files.chooseSavePath(name);
    if (target === undefined) return null;
    const text = format === 'html' ? transcriptHtml(detail) : transcriptText(detail);
    await savingTo(target, () => writeFile(target, text, 'utf8'));
    return { path: target };
  }

  private detail(interactionId: string): InteractionDetail {
    const detail = this.workstation?.interaction(interactionId);
    if (detail === undefined)
      throw new SwitchboardFailure('notFound', `No interaction ${interactionId} in the cache`);
    return detail;
  }

  // ---- the contract's handlers -------------------------------------------------------------------

  /** The session's GWS operations; `unauthorized` while signed out. */
  private ops(): GwsOperations {
    if (this.operations === undefined)
      throw new SwitchboardFailure('unauthorized', 'Not signed in');
    return this.operations;
  }

  private createHandlers(): SwitchboardHandlers {
    /** Runs one GWS operation of the session; rejects (never throws) when signed out. */
    const gws = async <T>(operation: (ops: GwsOperations) => Promise<Result<T>>): Promise<T> =>
      run(operation(this.ops()));
    const workstation = () => this.workstation;
    return {
      app: createAppHandlers(this.options.runtime),
      session: {
        getState: () => this.sessionState(),
        signIn: (request) => this.signIn(request),
        signOut: () => this.signOut(),
        forgetPassword: () => {
          const account = this.account;
          if (account !== undefined) this.store.deleteSetting(passwordKey(account));
          this.pushSession();
        },
        changePassword: async (oldPassword, newPassword) => {
          const session = this.session;
          const account = this.account;
          if (session === undefined || account === undefined)
            throw new SwitchboardFailure('unauthorized', 'Not signed in');
          await run(session.changePassword(oldPassword, newPassword));
          if (this.hasRememberedPassword(account)) this.rememberPassword(account, newPassword);
        },
        checkConnection: async () => {
          const session = this.session;
          if (session === undefined) throw new SwitchboardFailure('unauthorized', 'Not signed in');
          await run(session.checkConnection());
        },
      },
      agent: {
        getState: () => this.agentState(),
        getNotReadyReasons: async () =>
          this.reasons.length > 0 ? this.reasons : await this.loadReasons(),
        setReady: (channel) =>
          gws((ops) => (channel === undefined ? ops.setReady() : ops.setChannelReady(channel))),
        setNotReady: ({ channel, reason }) => this.setNotReady(channel, reason),
        setAgentState: async (operationName, channel) => {
          await this.setState(this.ops(), operationName, channel);
        },
        setDoNotDisturb: (on) => this.setDoNotDisturb(on),
        getProfile: () => gws((ops) => ops.getMe()),
        getAgentStates: () => gws((ops) => ops.getAgentStates()),
        getFeatures: () => gws((ops) => ops.getFeatures()),
        startContactCenterSession: (channels) =>
          gws((ops) => ops.startContactCenterSession(channels)),
        // Ending the contact-center session is signing out: the desk must know it happened.
        endContactCenterSession: () => this.signOut(),
      },
      interactions: {
        inbox: (page) => workstation()?.inbox(page) ?? [],
        get: (id) => workstation()?.interaction(id) ?? null,
        history: (query) => workstation()?.history(query) ?? [],
        search: async (text, page) => (await workstation()?.search(text, page)) ?? [],
        saveTranscript: (id, format) => this.saveTranscript(id, format),
        listOnServer: () => gws((ops) => ops.listInteractions()),
        getOnServer: (id) => gws((ops) => ops.getInteraction(id)),
        accept: (id, nickname) => gws((ops) => ops.accept(id, nickname)),
        reject: (id) => gws((ops) => ops.reject(id)),
        stopProcessing: (id) => gws((ops) => ops.stopProcessing(id)),
        placeInQueue: (id, queue) => gws((ops) => ops.placeInQueue(id, queue)),
        updateProperties: (id, properties) => gws((ops) => ops.updateProperties(id, properties)),
        placeInWorkbin: (id, workbin) => gws((ops) => ops.placeInWorkbin(id, workbin)),
        getWorkbinContent: (id, workbin) => gws((ops) => ops.getWorkbinContent(id, workbin)),
        transfer: (id, targetId) => gws((ops) => ops.transfer(id, targetId)),
        startConference: (id, agentId) => gws((ops) => ops.startConference(id, agentId)),
        endConference: (id) => gws((ops) => ops.endConference(id)),
        reply: (id, options) => gws((ops) => ops.reply(id, options)),
        replyAll: (id, options) => gws((ops) => ops.replyAll(id, options)),
        forward: (id, toAddress) => gws((ops) => ops.forward(id, toAddress)),
        send: (id, email, queueName) => gws((ops) => ops.send(id, email, queueName)),
        cancelReplyEmail: (id) => gws((ops) => ops.cancelReplyEmail(id)),
        createEmail: (queueName, type, subType) =>
          gws((ops) => ops.createEmail(queueName, type, subType)),
        sendMessage: (id, text, visibility) => gws((ops) => ops.sendMessage(id, text, visibility)),
        sendNotification: (id, notification) =>
          gws((ops) => ops.sendNotification(id, notification)),
        requestChatHistory: (id, eventId) => gws((ops) => ops.requestChatHistory(id, eventId)),
        startChatConsultation: (id, agentId) =>
          gws((ops) => ops.startChatConsultation(id, agentId)),
        completeTransfer: (id) => gws((ops) => ops.completeTransfer(id)),
        completeConference: (id) => gws((ops) => ops.completeConference(id)),
        leaveChat: (id) => gws((ops) => ops.leaveChat(id)),
        endChatSession: (id) => gws((ops) => ops.endChatSession(id)),
      },
      attachments: {
        open: (id, attachmentId) => this.openAttachment(id, attachmentId),
        saveAs: (id, attachmentId) => this.saveAttachment(id, attachmentId),
        upload: (id, file) => gws((ops) => ops.uploadAttachment(id, file)),
        delete: (id, documentId) => gws((ops) => ops.deleteAttachment(id, documentId)),
      },
      workbins: {
        list: () => gws((ops) => ops.getWorkbins()),
        content: (workbinId) => gws((ops) => ops.getWorkbinInteractions(workbinId)),
        add: (workbinId, id) => gws((ops) => ops.addInteractionToWorkbin(workbinId, id)),
        pull: (workbinId, id) => gws((ops) => ops.pullInteractionFromWorkbin(workbinId, id)),
        subscribe: (workbinId) => gws((ops) => ops.subscribeWorkbin(workbinId)),
        unsubscribe: (workbinId) => gws((ops) => ops.unsubscribeWorkbin(workbinId)),
      },
      ucs: {
        retrieveHistory: (filters) => gws((ops) => ops.retrieveInteractionHistory(filters)),
        getContent: (id) => gws((ops) => ops.getInteractionContent(id)),
      },
      // Pushes only (`desk.changed`): no methods to handle.
      desk: {},
      settings: {
        get: () => this.settings(),
        update: (change) => this.updateSettings(change),
      },
    };
  }
}

/**
 * Opens the desk on the per-user data folder: the cache (a corrupt or newer database fails here
 * with a CacheOpenError, before anything is written), the search worker, the demo server when
 * no real server is configured, and the automatic sign-in when a password is remembered.
 */
export async function openDesk(options: DeskOptions): Promise<Desk> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const dbPath = join(options.dataDir, CACHE_FILE);
  const db = openDatabase(dbPath);
  // Not awaited: the window need not wait for the worker (~0.1 s); a search waits if it must.
  const searchWorker =
    options.searchWorker === false
      ? Promise.resolve(undefined)
      : SearchClient.start(dbPath).catch((error: unknown) => {
          options.log.warn(`search runs on the main thread: ${describe(error)}`);
          return undefined;
        });
  const desk = new Desk(options, new CacheStore(db), searchWorker);
  await desk.start();
  return desk;
}
