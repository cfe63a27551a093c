import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { contract, createEmitters, type SwitchboardEmitters } from '../../common/contract';
import type { SwitchboardHandlers } from '../../common/contract';
import { SwitchboardFailure, describeError, err } from '../../common/errors';
import { resolveLocale, type LanguageChoice, type Locale } from '../../common/i18n/locales';
import type {
  AgentState,
  AwaySummary,
  ConnectionStatus,
  InteractionDetail,
  NotReadyReason,
  Restore,
} from '../../common/model';
import { isLoggedOut } from '../../common/agentStates';
import { isCorruption } from '../cache/integrity';
import { SearchClient } from '../cache/searchClient';
import { ATTACHMENTS_FOLDER, CACHE_FILE, IN_MEMORY_ATTACHMENTS_FOLDER } from '../cache/paths';
import { CacheStore } from '../cache/store';
import { WalCheckpointer } from '../cache/walCheckpointer';
import type { GwsSession } from '../gws/session';
import { AccountMemory } from './accountMemory';
import type { VerifierCost } from './passwordVerifier';
import { CacheHealthMonitor, freshInPlaceOf, openDeskCache, type OpenedCache } from './cacheHealth';
import {
  awayHeadline,
  mergeAway,
  restoreSentence,
  withoutInPlayAgain,
} from '../../common/awaySummary';
import { Alerts, type AlertActionId, type AlertChanges } from './alerts';
import {
  AwayTracker,
  contactCenterSessionLost,
  restoreAgentState,
  sameAgentState,
  unlistedReasonIn,
} from './awaySummary';
import type { RuntimeFacts } from './appService';
import { DeskSession, type DemoServer, type DeskSessionOptions } from './deskSession';
import { DeskDrafts } from './drafts';
import { DeskFiles } from './files';
import { DeskNotice } from './deskNotice';
import { workInProgress, type LeaveAction, type WorkInProgress } from '../../common/leaving';
import { InvitationAnswers } from './invitations';
import { MailView } from './mailView';
import { answersCustomer } from '../../common/chatReply';
import { MessageAlerts } from './messageAlerts';
import { PageMemoryKeeper } from './pageMemory';
import { bindHandlers, signedInOperations } from './handlers';
import { emptyChangeSet, type CacheWriter } from './cacheWriter';
import type { Commit } from './policy';
import { agentStateOf, mergeChannels, Presence } from './presence';
import { Ringer } from './ringer';
import { AgentLibrary } from './agentLibrary';
import { SentMail } from './sentMail';
import { DeskWorkbins } from './workbins';
import type {
  AttachmentPicker,
  CredentialVault,
  DeskForShell,
  FileDialogs,
  LeaveConfirmation,
  NotificationSink,
  TrayCommand,
  WindowControl,
} from './shellPorts';
import { TrayModel, type TrayState } from './trayState';
import { ENGLISH, translatorForSystem, type Translator } from '../i18n/translator';
import { leaveQuestion } from './leaveQuestion';
import { removeStaleParts, type WorkstationLog } from './attachments';

export type { DemoServer } from './deskSession';

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
  /** Save and open dialogs, and the picker of files to attach to a draft. */
  readonly files: FileDialogs & AttachmentPicker;
  readonly runtime: RuntimeFacts;
  /**
   * Asks before the tray's Sign out or Quit leaves interactions in progress; without it (the
   * command line, which has no one to ask) they go on.
   */
  readonly leaving?: LeaveConfirmation;
  /**
   * The OS's preferred languages, most preferred first (Electron's
   * `app.getPreferredSystemLanguages()`): the tray's and the notifications' language until the
   * agent's language setting names another ({@link Desk.setLanguage}). Absent: English.
   */
  readonly systemLanguages?: readonly string[];
  /** Starts the built-in simulator; called at start when no real server is configured. */
  readonly startDemo?: () => Promise<DemoServer>;
  readonly log: DeskLog;
  /** GWS client tuning (tests shorten timeouts and back-off). */
  readonly session?: DeskSessionOptions['session'];
  /** Milliseconds between two chimes of a waiting invitation (tests shorten it). */
  readonly ringIntervalMs?: number;
  /** The waits before failed attachment downloads are tried again (tests shorten them). */
  readonly downloadRetryDelaysMs?: readonly number[];
  /** Writes a downloaded attachment into its folder (tests give a disk that refuses). */
  readonly storeAttachment?: DeskSessionOptions['storeAttachment'];
  /**
   * The pauses before the desk asks again, on its own, about a Send left in doubt (SentMail's
   * FOLLOW_UP_PAUSES_MS: 2 s, 5 s, 15 s, …; tests shorten them).
   */
  readonly sendFollowUpPausesMs?: readonly number[];
  /** Full-text search in a worker thread (default); false runs it on the calling thread. */
  readonly searchWorker?: boolean;
  /**
   * How often the desk looks whether its cache file is still there (default FILE_WATCH_MS).
   */
  readonly cacheFileWatchMs?: number;
  /**
   * The quick check of the cache after start (default); false leaves damage to be found by
   * the writes that meet it (tests of exactly that).
   */
  readonly checkCache?: boolean;
  /**
   * What the verifier kept of each password the server accepted costs to make (scrypt's
   * VERIFIER_COST, ~0.2 s of CPU per sign-in): tests, which sign in hundreds of times, make
   * cheaper ones.
   */
  readonly passwordVerifierCost?: VerifierCost;
}

const SIGNED_OUT: ConnectionStatus = { state: 'signedOut', reason: 'not signed in' };

/**
 * The desk: the composition of the application core behind the contract. Its services each own
 * one part of the state — {@link DeskSession} (sign-in and out, the demo server, the account's
 * cache writer), {@link AccountMemory} (last account, sealed passwords, preferences),
 * {@link Presence} (channel states, DND, Not Ready reasons), {@link DeskFiles} (attachments and
 * transcripts on disk) — and {@link bindHandlers} binds the contract to them. The desk itself
 * wires the session's events to the tray ({@link TrayModel}), the OS notifications
 * ({@link Alerts}) and the renderer, and is what the shell sees ({@link DeskForShell}).
 *
 * Nothing here imports Electron: the shell gives the OS services as the ports of shellPorts.ts,
 * and tests give plain objects. Passwords are never written anywhere but through the
 * {@link CredentialVault} (sealed by the OS) and never logged.
 */
export class Desk implements DeskForShell {
  readonly handlers: SwitchboardHandlers;
  private readonly emit: SwitchboardEmitters;
  private readonly log: DeskLog;
  /** The tray's and the notifications' words, in the desk's language. */
  readonly words: Translator;
  private readonly tray: TrayModel;
  private readonly alerts: Alerts;
  private readonly memory: AccountMemory;
  private readonly presence: Presence;
  private readonly session: DeskSession;
  private readonly invitations: InvitationAnswers;
  /** Sends e-mails and keeps what left; follows up the Sends it could not settle. */
  private readonly sentMail: SentMail;
  private readonly ringer: Ringer;
  /** Customers' chat lines while the window is out of sight, as OS notifications. */
  private readonly messages: MessageAlerts;
  /** The invitations-waiting count the renderer was last told. */
  private waitingPushed = 0;
  private closing: Promise<void> | undefined;
  /** What the resync after a gap in the link changed: the "while you were away" summary. */
  private readonly away = new AwayTracker();
  /**
   * The away summaries pushed since the agent last dismissed them, merged as the page merges
   * them: what a page loaded again shows (after its renderer was lost). Forgotten at sign-out.
   */
  private awayUndismissed: AwaySummary | null = null;
  /** What the page keeps in main (the open interaction, half-typed chat messages). */
  private readonly page = new PageMemoryKeeper(
    () =>
      this.session.signedIn || this.session.offline ? this.session.writer?.accountId : undefined,
    (interactionId) => this.session.writer?.headOf(interactionId)?.phase === 'ended',
  );
  /** The away summary's notification (one at a time). */
  private readonly awayNotice: DeskNotice;
  /**
   * "Signed out by the server", while the window is out of sight: the tray's icon alone did not
   * tell an agent working in another window that invitations had stopped reaching them.
   */
  private readonly sessionEndedNotice: DeskNotice;
  /** The server logged the agent out of every channel, not this desk (see tellLoggedOutElsewhere). */
  private readonly loggedOutNotice: DeskNotice;
  /** How many times the agent chose a state (a restore under way stops at the next one). */
  private statesChosen = 0;

  constructor(
    private readonly options: DeskOptions,
    private readonly store: CacheStore,
    /** The search worker, still starting when the desk opens; undefined: search in-thread. */
    private readonly searchWorker: Promise<SearchClient | undefined>,
    /** The cache's health: what opening it found, the quick check, damage met while running. */
    readonly cache: CacheHealthMonitor,
    /** The WAL's checkpoints on their worker thread; undefined for a cache kept in memory. */
    private readonly checkpoints: WalCheckpointer | undefined,
    /** Where attachments are downloaded (see {@link openDesk}). */
    private readonly attachmentsDir: string,
    /** Whether that folder is this run's alone (its cache in memory): emptied at shutdown. */
    private readonly attachmentsThisRun: boolean,
  ) {
    this.log = options.log;
    this.words = translatorForSystem(options.systemLanguages ?? []);
    this.tray = new TrayModel(this.words);
    this.emit = createEmitters(contract, (channel, payload) => {
      try {
        options.send(channel, payload);
      } catch (error) {
        this.log.warn(`could not push ${channel}: ${describeError(error)}`);
      }
    });
    this.memory = new AccountMemory(store, options.vault, this.log, options.passwordVerifierCost);
    // Main's words (tray, notifications) follow the language setting of the desk's account.
    this.setLanguage(this.memory.settings().language);
    this.onLanguageChanged((locale) => {
      this.words.setLocale(locale);
    });
    this.session = new DeskSession({
      attachmentsDir,
      store,
      memory: this.memory,
      searchWorker,
      ...(options.startDemo === undefined ? {} : { startDemo: options.startDemo }),
      ...(options.session === undefined ? {} : { session: options.session }),
      ...(options.downloadRetryDelaysMs === undefined
        ? {}
        : { downloadRetryDelaysMs: options.downloadRetryDelaysMs }),
      ...(options.storeAttachment === undefined
        ? {}
        : { storeAttachment: options.storeAttachment }),
      log: this.log,
      writeFailed: (error) => {
        cache.corrupted(error);
      },
      hooks: {
        writerOpened: (writer) => this.writerOpened(writer),
        sessionOpened: (session, writer) => this.wireSession(session, writer),
        signedIn: () => {
          this.sessionEndedNotice.close();
          // Another agent's half-typed lines (kept after the server ended their session) go.
          this.page.accountOpened(this.session.writer?.accountId);
          void this.presence.loadReasons();
          // The chats already waiting for the agent's answer (a commit names a chat when it
          // changes). Here, not as the session opens: a sign-in that first asks for a new
          // password reports the session signed out meanwhile, which forgets them.
          this.tray.knowWaits(this.session.writer?.inbox() ?? []);
          this.closeSignInGap();
        },
        status: (status) => {
          this.tray.status(status);
          // Signed in or back: the Sends a stopped desk (or the lost connection) left unsettled
          // are asked about again.
          if (status.state === 'connected') this.sentMail.resume();
          if (status.state === 'signedOut') {
            this.away.cancel();
            this.sessionGone();
          }
        },
        dropped: (endedByServer) => {
          this.tray.status(SIGNED_OUT);
          this.sessionGone();
          if (endedByServer && this.options.window.hidden?.() === true) {
            this.sessionEndedNotice.show(
              this.words.t('tray.notification.sessionEnded'),
              this.words.t('tray.notification.signInAgain'),
            );
          }
          // Signed out here, whoever sits down next starts afresh. Ended by the server (the
          // password changed mid-shift), the same agent signing in again finds the half-typed
          // lines: they stay the account's own (PageMemoryKeeper answers no other account, and
          // another account's sign-in forgets them).
          if (!endedByServer) this.page.clear();
        },
        // Whoever opens the cache next (offline review needs no password) starts afresh.
        reviewEnded: () => {
          this.page.clear();
        },
        changed: () => {
          this.pushSession();
        },
      },
    });
    this.presence = new Presence({
      operations: () => this.session.ops,
      stored: () => this.session.writer?.channelStates(),
      log: this.log,
      stateChosen: () => {
        this.statesChosen += 1;
        this.away.stateChosen();
      },
      startSession: async () =>
        (await this.session.gws?.startContactCenterSessionAgain()) ??
        err('unauthorized', 'Not signed in'),
      // The invitations that came while it was under way were kept quiet for it.
      dndRequestFailed: () => {
        this.present(this.alerts.quietEnded());
        this.waitingChanged();
      },
    });
    // The page reads the reasons as it loads; a list read again since must reach it too.
    this.presence.onReasons((reasons) => {
      this.emit.agent.notReadyReasonsChanged([...reasons]);
    });
    this.awayNotice = new DeskNotice('away', options.notifications);
    this.sessionEndedNotice = new DeskNotice('sessionEnded', options.notifications);
    this.loggedOutNotice = new DeskNotice('loggedOut', options.notifications);
    this.alerts = new Alerts({
      words: this.words,
      // Presence, not the tray: a commit's alerts are folded before the tray takes its channels.
      dnd: () => this.presence.quiet,
      sound: () => this.memory.settings().sound,
      invitations: () => {
        const settings = this.memory.settings();
        return {
          timeoutSeconds: settings.invitationTimeoutSeconds,
          autoAnswer: (channel) => {
            const name = channel.toLowerCase();
            if (name === 'chat') return settings.autoAnswerChat;
            return name === 'email' && settings.autoAnswerEmail;
          },
        };
      },
    });
    this.messages = new MessageAlerts({
      words: this.words,
      hidden: () => this.options.window.hidden?.() === true,
      quiet: () => this.presence.quiet,
      answering: (interactionId) => answersCustomer(this.session.writer?.headOf(interactionId)),
    });
    this.ringer = new Ringer({
      shouldRing: () => {
        if (!this.alerts.ringing || this.presence.quiet) return false;
        const { sound, chime } = this.memory.settings();
        return sound && chime === 'repeat';
      },
      ring: () => {
        this.emit.app.soundRequested({ kind: 'invitation' });
      },
      ...(options.ringIntervalMs === undefined ? {} : { intervalMs: options.ringIntervalMs }),
    });
    const files = new DeskFiles({
      attachmentsDir,
      dialogs: options.files,
      detail: (interactionId) => this.detail(interactionId),
      replies: (interactionId) => this.session.writer?.replies(interactionId) ?? [],
      dispositionKey: () => this.memory.settings().dispositionKey,
      fileLost: (path) => this.session.writer?.fileLost(path) ?? Promise.resolve(),
    });
    // The one way an e-mail leaves the desk that keeps what was sent (see sentMail.ts).
    const sentMail = new SentMail({
      operations: () => signedInOperations(this.session),
      writer: () => this.session.writer,
      forgetDraft: (accountId, interactionId) => {
        store.drafts().discard(accountId, interactionId);
      },
      unsettledSends: () => store.unsettledSends(),
      log: this.log,
      ...(options.sendFollowUpPausesMs === undefined
        ? {}
        : { followUpPausesMs: options.sendFollowUpPausesMs }),
    });
    this.sentMail = sentMail;
    const mail = new MailView({
      store,
      accountId: () => this.session.writer?.accountId,
      files,
      dialogs: options.files,
    });
    this.invitations = new InvitationAnswers({
      operations: () => signedInOperations(this.session),
      offerOver: (interactionId, outcome, offer) => {
        this.session.gws?.offerOver(interactionId, outcome, offer);
      },
      currentOffer: (interactionId) => this.session.gws?.offerOf(interactionId),
      chatNickname: (interactionId) => {
        try {
          const { chatNickname } = this.memory.settings();
          if (chatNickname === '') return undefined;
          return this.session.writer?.channelOf(interactionId) === 'chat'
            ? chatNickname
            : undefined;
        } catch (error) {
          // The Accept goes all the same, under the server's name for the agent.
          this.log.warn(`could not read the name for chats: ${describeError(error)}`);
          return undefined;
        }
      },
    });
    const bound = bindHandlers({
      invitations: this.invitations,
      workInProgress: () => this.workInProgress(),
      runtime: options.runtime,
      systemLanguages: options.systemLanguages ?? [],
      session: this.session,
      memory: this.memory,
      presence: this.presence,
      files,
      drafts: new DeskDrafts({
        store,
        accountId: () => this.session.writer?.accountId,
        operations: () => this.session.ops,
        dialogs: options.files,
        sentMail,
        writer: () => this.session.writer,
      }),
      mail,
      cache,
      library: new AgentLibrary({
        library: store.library(),
        accountId: () => this.session.writer?.accountId,
        locale: () => this.words.locale,
      }),
      sentMail,
      workbins: new DeskWorkbins({
        operations: () => this.session.ops,
        writer: () => this.session.writer,
      }),
      invitationsWaiting: () => this.alerts.pendingCount,
      page: this.page,
      awaySummary: () => this.awayUndismissed,
      serverClockAhead: () => this.session.gws?.http.serverClockAheadMs ?? 0,
      // Up to the one the page showed (`at`): one pushed after the agent's click stays. Read
      // and dismissed in the desk, the summary's notification has no reason left: it closes.
      dismissAway: (at) => {
        if (this.awayUndismissed === null || this.awayUndismissed.at > at) return;
        this.awayUndismissed = null;
        this.awayNotice.close();
      },
    });
    this.handlers = this.withInvitations(bound);
    cache.onChange((health) => {
      this.emit.session.cacheHealthChanged(health);
    });
  }

  // ---- start and stop ------------------------------------------------------------------------

  /** Starts the demo server if no real server is configured, opens the last account's cache. */
  start(): Promise<void> {
    return this.session.start();
  }

  /** Signs out cleanly, then closes the cache, the search worker and the demo server. */
  shutdown(): Promise<void> {
    // Queued behind a sign-in under way (the automatic one at start), which would otherwise
    // write to a closed cache; the shell bounds the whole shutdown in time.
    this.closing ??= this.session.serially(async () => {
      this.ringer.stop();
      // Before the session and cache close: a Send in doubt is asked about at the next start.
      this.sentMail.close();
      await this.cache.close();
      await this.session.close();
      await (await this.searchWorker)?.close();
      await this.checkpoints?.stop();
      // A cache file deleted while the desk ran: written back from the open connection first.
      await this.cache
        .writeBackIfDeleted((target) => this.store.backupTo(target))
        .catch((error: unknown) => {
          this.log.warn(`the deleted cache could not be written back: ${describeError(error)}`);
        });
      this.store.close();
      if (this.attachmentsThisRun) await emptyRunFolder(this.attachmentsDir, this.log);
    });
    return this.closing;
  }

  /**
   * The agent's language setting, applied to the tray (at once) and to the notifications raised
   * from now on: `system` follows the OS's languages ({@link DeskOptions.systemLanguages}).
   */
  setLanguage(choice: LanguageChoice): void {
    this.words.setLocale(resolveLocale(choice, this.options.systemLanguages ?? []));
  }

  // ---- the shell's side (DeskForShell) ----------------------------------------------------------

  get trayState(): TrayState {
    return this.tray.state;
  }

  onTrayState(listener: (state: TrayState) => void): () => void {
    return this.tray.onChange(listener);
  }

  notReadyReasons(): readonly NotReadyReason[] {
    return this.presence.reasons();
  }

  onNotReadyReasons(listener: (reasons: readonly NotReadyReason[]) => void): () => void {
    return this.presence.onReasons(listener);
  }

  get signedIn(): boolean {
    return this.session.signedIn;
  }

  async trayCommand(command: TrayCommand): Promise<void> {
    try {
      switch (command.kind) {
        case 'ready':
          await this.presence.setReady();
          break;
        case 'notReady':
          await this.presence.setNotReady(undefined, command.operationName);
          break;
        case 'dnd':
          await this.presence.setDoNotDisturb(command.on);
          break;
        case 'signOut':
          if (await this.mayLeave('signOut')) await this.session.signOut();
          break;
      }
    } catch (error) {
      this.log.warn(`tray ${command.kind}: ${describeError(error)}`);
    }
  }

  mayQuit(): Promise<boolean> {
    return this.mayLeave('quit');
  }

  /** The desk's language now: the agent's choice in Settings, or the OS's (`system`). */
  language(): Locale {
    return resolveLocale(this.memory.settings().language, this.options.systemLanguages ?? []);
  }

  /**
   * Calls `listener` with the desk's language each time it changes (chosen in Settings, or a
   * sign-in as an account that chose another), for what main says itself: the tray menu and the
   * OS notifications. The renderer applies the same setting on its own. Answers the unsubscribe.
   */
  onLanguageChanged(listener: (locale: Locale) => void): () => void {
    let current = this.language();
    return this.memory.onSettingsChanged((settings) => {
      const next = resolveLocale(settings.language, this.options.systemLanguages ?? []);
      if (next === current) return;
      current = next;
      listener(next);
    });
  }

  /** The interactions signing out now would abandon (none while signed out). */
  workInProgress(): WorkInProgress[] {
    if (!this.session.signedIn) return [];
    return workInProgress(this.session.writer?.inbox() ?? []);
  }

  /** Asks through the shell's port when `action` would leave work in progress. */
  private async mayLeave(action: LeaveAction): Promise<boolean> {
    const work = this.workInProgress();
    if (work.length === 0 || this.options.leaving === undefined) return true;
    return this.options.leaving.confirmLeaving(leaveQuestion(this.words, action, work));
  }

  async checkConnection(): Promise<void> {
    const session = this.session.gws;
    if (session === undefined) return;
    const checked = await session.checkConnection();
    if (!checked.ok) this.log.warn(`connection check: ${checked.error.message}`);
  }

  alertClicked(alertId: string): void {
    if (
      this.awayNotice.owns(alertId) ||
      this.sessionEndedNotice.owns(alertId) ||
      this.loggedOutNotice.owns(alertId)
    ) {
      // The summary, or the sign-in form, is on the desk: bring the window up.
      this.options.window.focus();
      return;
    }
    const chat = this.messages.chatOf(alertId);
    if (chat !== undefined) {
      this.focus(chat);
      return;
    }
    const command = this.alerts.handleClick(alertId);
    if (command?.focus !== undefined) this.focus(command.focus);
  }

  alertAction(alertId: string, action: AlertActionId): void {
    const command = this.alerts.handleAction(alertId, action);
    this.waitingChanged();
    if (command === undefined || !('operation' in command)) return;
    const { interactionId } = command;
    this.answerFor(interactionId, alertId, command.operation);
    if (command.focus !== undefined) this.focus(command.focus);
  }

  // ---- wiring ----------------------------------------------------------------------------------

  private writerOpened(writer: CacheWriter): (() => void)[] {
    return [
      writer.onAttachmentDownloaded((interactionId, attachment) => {
        this.emit.attachments.downloaded({ interactionId, attachment });
      }),
      writer.onDownloadProgress((progress) => {
        this.emit.attachments.download(progress);
      }),
    ];
  }

  /** The cache writer is the session's one event subscriber; the desk folds its commits. */
  private wireSession(session: GwsSession, writer: CacheWriter | undefined): (() => void)[] {
    const detachers =
      writer === undefined
        ? []
        : [
            writer.attach(session),
            writer.onCommit((commit) => {
              this.fold(commit);
            }),
            session.onGap((phase) => {
              if (phase === 'resyncing') {
                this.away.begin(this.presence.state());
                return;
              }
              // The server may have come back from a restart or an upgrade with reasons added,
              // renamed or removed: the menus take them afresh once the restore (which puts
              // back the reason the agent had, and whose requests go first) is through.
              void this.closeGap(session).finally(() => void this.presence.loadReasons());
            }),
          ];
    // The sign-in's resync confirms what the cache held live from an earlier session (attach
    // handed it to the session): what of it the server ended meanwhile is told as a gap's news.
    if (writer !== undefined) this.away.beginSignIn(session.heldFromBefore);
    this.pushAgent(this.presence.signedIn());
    return detachers;
  }

  /**
   * The session ended (signed out, or dropped): nothing of this agent's stays for the next one,
   * the away summary included (one being closed as the session went too).
   */
  private sessionGone(): void {
    this.awayUndismissed = null;
    this.awayNotice.close();
    this.loggedOutNotice.close();
    for (const alertId of [...this.alerts.clear(), ...this.messages.clear()])
      this.options.notifications.close(alertId);
    this.ringer.stop();
    this.pushWaiting();
    this.pushAgent(this.presence.signedOut());
  }

  /**
   * The contract's handlers with the invitations' part: Accept and Reject that, once the server
   * took them, stop the chime and close the invitation's notification at once (GWS tells the
   * agent who rejected nothing), and a settings change the chime follows at once.
   */
  private withInvitations(handlers: SwitchboardHandlers): SwitchboardHandlers {
    const { accept, reject } = handlers.interactions;
    const { update } = handlers.settings;
    const answered = (interactionId: string, answer: AlertActionId) => {
      const open = this.alerts.answered(interactionId, answer);
      if (open !== undefined) this.options.notifications.close(open);
      this.waitingChanged();
    };
    return {
      ...handlers,
      settings: {
        ...handlers.settings,
        // The chime setting changed: an invitation still waiting starts or stops ringing now.
        update: async (change) => {
          const settings = await update(change);
          this.ringer.update();
          return settings;
        },
      },
      interactions: {
        ...handlers.interactions,
        accept: async (interactionId, nickname) => {
          await accept(interactionId, nickname);
          answered(interactionId, 'accept');
        },
        reject: async (interactionId) => {
          await reject(interactionId);
          answered(interactionId, 'reject');
        },
      },
    };
  }

  /** Tells the renderer the number of invitations waiting, when it changed. */
  private pushWaiting(): void {
    const waiting = this.alerts.pendingCount;
    if (waiting === this.waitingPushed) return;
    this.waitingPushed = waiting;
    this.emit.app.invitationsChanged({ waiting });
  }

  private pushSession(): void {
    this.emit.session.connectionChanged(this.session.state());
  }

  // ---- alerts and events -----------------------------------------------------------------------

  /**
   * Folds one commit of the cache writer: presence takes the channel states, the alerts their
   * invitations and ended offers, the tray both; then the renderer gets the change set, once.
   */
  private fold(commit: Commit): void {
    this.away.fold(commit);
    if (this.awayUndismissed !== null)
      this.awayUndismissed = withoutInPlayAgain(this.awayUndismissed, commit.changes.interactions);
    const before = this.presence.state();
    this.presence.fold(commit.changes);
    this.tellLoggedOutElsewhere(before);
    this.page.fold(commit.changes);
    this.announce(commit);
    // Do Not Disturb off now: the invitations it kept quiet that still wait are announced.
    this.present(this.alerts.quietEnded());
    this.readConsultedHistory(commit);
    this.tray.fold(commit.changes, this.alerts.pendingCount);
    this.emit.desk.changed(commit.changes);
    this.pushWaiting();
    this.ringer.update();
  }

  /**
   * The server logged the agent out of every channel while this desk stayed connected, and not
   * by this desk's sign-out: the agent's other desk signed out (EndContactCenterSession ends the
   * agent's one contact-center session, 003 "Presence"), or a supervisor logged them out. An
   * agent working in another window learnt it from the tray icon alone, and waited for
   * invitations that no longer came. Told once, with the window out of sight; the notice goes
   * when a channel is logged in again (the agent chose Ready) or the session ends. A gap's
   * resync has its own summary (and restores the state), so it is not told here.
   */
  private tellLoggedOutElsewhere(before: AgentState): void {
    const now = this.presence.state();
    if (now.channels.some((channel) => !isLoggedOut(channel))) {
      this.loggedOutNotice.close();
      return;
    }
    const session = this.session.gws;
    if (!contactCenterSessionLost(before, now) || this.away.gathering) return;
    if (session === undefined || session.leaving) return;
    if (this.options.window.hidden?.() !== true) return;
    this.loggedOutNotice.show(
      this.words.t('tray.notification.loggedOutElsewhere'),
      this.words.t('tray.notification.readyToLogIn'),
    );
  }

  /** Shows and closes the OS notifications of a commit; the chime for a shown invitation. */
  private announce(commit: Commit): void {
    this.present(this.alerts.fold(commit));
    // A gap's resync too: its summary tells of what ended or was withdrawn, not of what the
    // customers wrote meanwhile (one notification per chat, the last line).
    this.present(this.messages.fold(commit.changes));
  }

  /**
   * Shows and closes notifications; sends the Accept of one the desk accepts by itself; one
   * chime for them all, however many invitations they bring (a burst is one ring).
   */
  private present({ show, close }: AlertChanges): void {
    const { notifications } = this.options;
    for (const alertId of close) notifications.close(alertId);
    for (const alert of show) {
      if (alert.replaces !== undefined) notifications.close(alert.replaces);
      // A withdrawal found by a gap's resync is told once, with the rest of the gap's news, in
      // the away summary (and its one notification): the invitation's own just closes.
      if (alert.kind === 'revoke' && this.away.gathering) continue;
      notifications.show(alert);
      // The auto-answer setting: accepted as the agent's Accept would be.
      if (alert.autoAnswer === true) this.answerFor(alert.interactionId, alert.id, 'accept');
    }
    if (show.some((alert) => alert.sound)) this.emit.app.soundRequested({ kind: 'invitation' });
  }

  /**
   * Sends the answer the agent did not click in the desk: the auto-answer's Accept, or a
   * notification's Accept or Reject (`sentFrom`, the notification it came from), as the desk's
   * own do (a chat joined under the agent's name for chats). If it does not go through, the
   * invitation is offered again ({@link Alerts.acceptFailed}, {@link Alerts.rejectFailed}); one
   * the server no longer has was recorded as gone instead (InvitationAnswers), and is not.
   */
  private answerFor(interactionId: string, sentFrom: string, answer: AlertActionId): void {
    const offerAgain = () => {
      this.present(
        answer === 'accept'
          ? this.alerts.acceptFailed(interactionId, sentFrom)
          : this.alerts.rejectFailed(interactionId, sentFrom),
      );
      this.waitingChanged();
    };
    if (this.session.ops === undefined) {
      this.log.warn(`${answer} ${interactionId}: not connected`);
      offerAgain();
      return;
    }
    const sent =
      answer === 'accept'
        ? this.invitations.accept(interactionId)
        : this.invitations.reject(interactionId);
    sent.catch((error: unknown) => {
      this.log.warn(`${answer} ${interactionId}: ${describeError(error)}`);
      if (!(error instanceof SwitchboardFailure && error.code === 'invitationGone')) offerAgain();
    });
  }

  /** The invitations waiting changed outside a commit: the chime, the tray and the renderer follow. */
  private waitingChanged(): void {
    this.ringer.update();
    this.tray.fold(emptyChangeSet(), this.alerts.pendingCount);
    this.pushWaiting();
  }

  /**
   * A chat this agent was just consulted on: its transcript from the start is asked for
   * (RequestChatHistory; it arrives as a notification the cache writer stores, each line once),
   * since 003's notifications carry only the lines after the agent joined.
   */
  private readConsultedHistory(commit: Commit): void {
    const ops = this.session.ops;
    if (ops === undefined) return;
    for (const alert of commit.alerts) {
      if (alert.kind !== 'consult') continue;
      void ops.requestChatHistory(alert.interactionId, undefined).then((result) => {
        if (!result.ok) this.log.warn(`history of ${alert.interactionId}: ${result.error.message}`);
      });
    }
  }

  /**
   * The Not Ready reasons a restore puts `before` back by: those known, or read again when the
   * state names a reason they do not list. An administrator who renamed the agent's reason
   * ("Lunch" to "Lunch break") before the agent chose it left the channels saying the new name
   * while the desk knew the old, and the restore after a server restart refused it as unlisted,
   * leaving the agent in plain Not Ready.
   */
  private async reasonsToRestore(before: AgentState): Promise<readonly NotReadyReason[]> {
    const known = await this.presence.notReadyReasons();
    return unlistedReasonIn(before, known) === undefined ? known : this.presence.loadReasons();
  }

  /**
   * The resync after a gap has read the server (its commits are folded): when the server lost
   * the contact-center session meanwhile, starts it again and restores the earlier state once;
   * then, if anything changed, pushes the "while you were away" summary, and raises one
   * notification for it when the window is hidden.
   */
  private async closeGap(session: GwsSession): Promise<void> {
    const gap = this.away.finish();
    if (gap === undefined) return;
    // A state the agent chooses from now on is theirs: the restore stops short of it.
    const chosenBefore = this.statesChosen;
    let agent = this.presence.state();
    let restore: Restore | undefined;
    const ops = this.session.ops;
    if (
      gap.before !== undefined &&
      ops !== undefined &&
      contactCenterSessionLost(gap.before, agent)
    ) {
      this.away.restoring(gap.before);
      restore = await restoreAgentState(
        gap.before,
        await this.reasonsToRestore(gap.before),
        ops,
        () => this.statesChosen !== chosenBefore,
      );
      // The state as the server has it now, restored or not (its notifications follow).
      const read = await ops.getChannels();
      if (read.ok)
        agent = agentStateOf(mergeChannels(agent.channels, read.value, true), Date.now());
      this.away.restoreEnded(restore === undefined || restore.outcome === 'restored' || read.ok);
      this.log.info(
        restore === undefined
          ? 'the restore stopped: the agent chose a state meanwhile'
          : restoreSentence(restore, ENGLISH.t),
      );
    }
    // Signed out meanwhile (credentials refused while restoring): nothing for the next agent.
    if (this.session.gws !== session || session.status.state === 'signedOut') return;
    // A sign-in's gap is news only for what it ended: the agent has just chosen their state.
    const stateChanged = gap.before !== undefined && !sameAgentState(gap.before, agent);
    if (gap.items.length === 0 && restore === undefined && !stateChanged) return;
    const summary = {
      at: Date.now(),
      items: gap.items,
      agent,
      ...(restore === undefined ? {} : { restore }),
    };
    this.awayUndismissed = mergeAway(this.awayUndismissed, summary);
    this.emit.desk.away(summary);
    if (this.options.window.hidden?.() !== true) return;
    this.awayNotice.show(
      this.words.t('tray.notification.whileAway'),
      awayHeadline(summary, this.words),
    );
  }

  /**
   * The sign-in's resync has read the server: what it ended or withdrew of the work held from an
   * earlier session is the "while you were away" summary, once its batches are written (one
   * with a large HTML e-mail waits for its text).
   */
  private closeSignInGap(): void {
    const session = this.session.gws;
    const writer = this.session.writer;
    if (session === undefined || writer === undefined || !this.away.gathering) return;
    void writer.batchesWritten().then(() => this.closeGap(session));
  }

  /** A change of the agent's state outside a commit (sign-in, sign-out), as a change set. */
  private pushAgent(agent: AgentState): void {
    this.emit.desk.changed({ ...emptyChangeSet(), agent });
  }

  private focus(interactionId: string): void {
    this.options.window.focus(interactionId);
    this.emit.app.notificationClicked({ interactionId });
  }

  private detail(interactionId: string): InteractionDetail {
    const detail = this.session.writer?.interaction(interactionId);
    if (detail === undefined)
      throw new SwitchboardFailure(
        'notFound',
        `No interaction ${interactionId} in the cache`,
        'interactionNotCached',
      );
    return detail;
  }
}

/**
 * Opens the desk on the per-user data folder: the cache, the search and checkpoint workers, the
 * demo server when no real server is configured, and the automatic sign-in when a password is
 * remembered.
 * A cache it cannot open does not stop the desk (see {@link openDeskCache}): a damaged file is
 * moved aside (kept) and a fresh one started, a newer Switchboard's cache is left untouched and
 * this run keeps its cache in memory; the desk's cache health says which. Once started, a quick
 * check of the cache runs on a worker thread (not awaited: the window never waits for it).
 */
export async function openDesk(options: DeskOptions): Promise<Desk> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const dbPath = join(options.dataDir, CACHE_FILE);
  const opened = openDeskCache(dbPath, options.log);
  let desk: Desk;
  try {
    desk = await deskOn(opened, dbPath, options);
  } catch (error) {
    // Damage in what the desk reads as it is made and starts (its settings, the last account,
    // a remembered password, the channel states): the file opened (openDatabase reads only its
    // schema), and the app said "could not start" at each start until someone deleted the file
    // by hand. Such a cache cannot be read: it is moved aside as one that does not open is.
    if (!opened.onDisk || !isCorruption(error)) throw error;
    const finding = `The cache at ${dbPath} is damaged (${describeError(error)}).`;
    options.log.warn(`${finding} The desk could not start on it.`);
    desk = await deskOn(freshInPlaceOf(dbPath, finding, options.log), dbPath, options);
  }
  if (options.checkCache !== false) void desk.cache.check();
  desk.cache.watchTheFile(options.cacheFileWatchMs);
  return desk;
}

/**
 * The desk on the cache `opened`, started. A desk that cannot be made or started lets go of the
 * cache (its workers, its connection) before the error is thrown, so the file can be moved.
 */
async function deskOn(opened: OpenedCache, dbPath: string, options: DeskOptions): Promise<Desk> {
  // Not awaited: the window need not wait for the worker (~0.1 s); a search waits if it must.
  const searchWorker =
    options.searchWorker === false || !opened.onDisk
      ? Promise.resolve(undefined)
      : SearchClient.start(dbPath).catch((error: unknown) => {
          options.log.warn(`search runs on the main thread: ${describeError(error)}`);
          return undefined;
        });
  const cache = new CacheHealthMonitor(opened, options.log);
  let store: CacheStore | undefined;
  let checkpoints: WalCheckpointer | undefined;
  let desk: Desk | undefined;
  try {
    store = new CacheStore(opened.db);
    // The commits never wait for a checkpoint: the worker runs them (~0.1 s to start, not awaited).
    checkpoints = opened.onDisk ? new WalCheckpointer(store, dbPath, options.log) : undefined;
    // A cache in memory downloads apart from the file's cache (see IN_MEMORY_ATTACHMENTS_FOLDER).
    const attachmentsDir = join(
      options.dataDir,
      opened.onDisk ? ATTACHMENTS_FOLDER : IN_MEMORY_ATTACHMENTS_FOLDER,
    );
    if (!opened.onDisk) await emptyRunFolder(attachmentsDir, options.log);
    // What a run that crashed while storing a download left (in the background: never throws).
    else void removeStaleParts(attachmentsDir, options.log);
    desk = new Desk(
      options,
      store,
      searchWorker,
      cache,
      checkpoints,
      attachmentsDir,
      !opened.onDisk,
    );
    await desk.start();
    return desk;
  } catch (error) {
    await desk?.shutdown().catch((closeError: unknown) => {
      options.log.warn(`closing the desk that could not start: ${describeError(closeError)}`);
    });
    await (await searchWorker)?.close();
    await checkpoints?.stop();
    if (store === undefined) opened.db.close();
    else store.close();
    throw error;
  }
}

/** Removes the attachments folder of a run whose cache is kept in memory; never throws. */
async function emptyRunFolder(folder: string, log: DeskOptions['log']): Promise<void> {
  try {
    await rm(folder, { recursive: true, force: true });
  } catch (error) {
    log.warn(`could not empty ${folder}: ${describeError(error)}`);
  }
}
