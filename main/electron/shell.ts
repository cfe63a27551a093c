import { join } from 'node:path';
import type { ChannelHandler } from '../ipc/dispatcher';
import type {
  AttachmentPicker,
  CredentialVault,
  DeskForShell,
  FileDialogs,
  LeaveConfirmation,
  NotificationFeedback,
  NotificationSink,
  WindowControl,
} from '../workstation/shellPorts';
import type { ShellBrowserWindow, ShellElectron } from './electronApi';
import { createFileDialogs } from './files';
import { createLeaveConfirmation } from './leaveDialog';
import { sendToRenderer, serveContractOverIpc } from './ipc';
import type { ShellLog } from './log';
import { createNotificationSink } from './notifications';
import { createTray, type TrayHandle } from './tray';
import { createCredentialVault } from './vault';
import { createMainWindow, hardenSession } from './window';

/** How long quitting waits for the core's sign-out before it quits anyway. */
export const SHUTDOWN_TIMEOUT_MS = 5_000;

/**
 * Windows' Application User Model ID: electron-builder.yml's `appId`, which the installer puts
 * on the Start-menu shortcut. Toasts are attributed (and shown at all) only when the running
 * process carries the same id; shell.test.ts keeps the two equal.
 */
export const APP_USER_MODEL_ID = 'com.switchboard.desktop';

/** The ports the shell implements for the core (see main/workstation/shellPorts.ts). */
export interface ShellPorts {
  readonly vault: CredentialVault;
  readonly notifications: NotificationSink;
  readonly window: WindowControl;
  readonly files: FileDialogs & AttachmentPicker;
  /** Asks before the tray's Sign out leaves work in progress (a native message box). */
  readonly leaving: LeaveConfirmation;
  /** Pushes a contract event to the renderer (dropped when there is no window). */
  send(channel: string, payload: unknown): void;
  /** Electron's per-user data folder (app.getPath('userData')). */
  readonly userDataPath: string;
  /**
   * The OS's preferred languages (app.getPreferredSystemLanguages()): the tray's and the
   * notifications' language until the agent's language setting names another.
   */
  readonly systemLanguages: readonly string[];
}

export interface ShellOptions {
  readonly rendererUrl: string;
  readonly preloadPath: string;
  /** The folder holding tray/ and icon.png (resources/, shipped as extraResources). */
  readonly resourcesPath: string;
  /** Builds the core once the app is ready, with the ports the shell implements. */
  createCore(
    ports: ShellPorts,
  ): Promise<{ desk: DeskForShell; dispatcher: ReadonlyMap<string, ChannelHandler> }>;
  readonly log: ShellLog;
  /** The OS to behave for; `process.platform` unless a test says otherwise. */
  readonly platform?: NodeJS.Platform;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs the desktop shell: one instance per user session, the window, the tray, notifications
 * and the IPC contract, all rendering what the core decides.
 *
 * Lifecycle: a second launch brings the first instance's window forward and quits. Once Electron
 * is ready the session is locked down, the core is built with the shell's ports, the contract is
 * served, the tray and then the window appear. Closing the window hides it to the tray while an
 * agent is signed in (invitations keep arriving; on Linux, whose desktop may show no tray icon,
 * it is minimized instead); signed out it really closes, and the app quits
 * with its last window except on macOS, where apps stay in the dock. Waking from sleep or
 * unlocking the screen asks the core to check its connection. A quit (the tray's Quit, Cmd+Q,
 * the dock's) first asks the core whether the agent leaves work in progress, except when the OS
 * ends its session (it will not wait for an answer). Quitting first lets the core sign out and
 * close the cache (for at most {@link SHUTDOWN_TIMEOUT_MS}), then quits for real.
 */
export async function startShell(electron: ShellElectron, options: ShellOptions): Promise<void> {
  const { app } = electron;
  const { log, rendererUrl } = options;
  const platform = options.platform ?? process.platform;

  if (!app.requestSingleInstanceLock()) {
    log.info('Switchboard is already running; bringing its window forward instead');
    app.quit();
    return;
  }
  if (platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

  const iconPath = join(options.resourcesPath, 'icon.png');
  let started = false;
  let window: ShellBrowserWindow | undefined;
  let desk: DeskForShell | undefined;
  /** The core while it is being built, so that quitting meanwhile still shuts it down. */
  let pendingDesk: Promise<DeskForShell | undefined> = Promise.resolve(undefined);
  let tray: TrayHandle | undefined;
  let quitRequested = false;
  /** Read through a function: the flag changes in event listeners while start-up awaits. */
  const quitting = (): boolean => quitRequested;
  let shutdownStarted = false;
  let shutdownFinished = false;
  /**
   * The quit under way was answered for (the tray's Quit asked the agent first) or cannot wait
   * for a question (the OS ending its session): every other one, once the desk is up (Cmd+Q and
   * the dock's Quit on macOS, through Electron's default menu), is asked about first.
   */
  let quitAnswered = false;
  let askingBeforeQuit = false;

  const liveWindow = (): ShellBrowserWindow | undefined =>
    window !== undefined && !window.isDestroyed() ? window : undefined;

  const openWindow = (): void => {
    const created = createMainWindow(electron, {
      preloadPath: options.preloadPath,
      rendererUrl,
      iconPath,
      log,
      quitting,
    });
    created.on('close', (event) => {
      if (quitting() || desk?.signedIn !== true) return;
      event.preventDefault();
      // On Linux the tray icon shows only where the desktop hosts one (AppIndicator or
      // StatusNotifier: not GNOME as most distributions ship it), and Electron cannot tell.
      // Hidden there, the window had no way back while the desk still rang for invitations the
      // agent could not see; minimized, the taskbar, the dock or Alt+Tab brings it back.
      if (platform === 'linux') created.minimize();
      else created.hide();
    });
    created.on('closed', () => {
      if (window === created) window = undefined;
    });
    // Windows tells the window when the agent logs off or the machine shuts down: quit (and so
    // sign out) as Quit would, while the OS still waits.
    created.on('session-end', quitForSessionEnd);
    window = created;
    tray?.windowChanged();
  };

  /** The OS session ends (log off, shutdown): quit, which signs out first. */
  const quitForSessionEnd = (): void => {
    log.info('The system session is ending: signing out and quitting');
    quitAnswered = true;
    app.quit();
  };

  /**
   * Quits once the core says the agent may (no work in progress, or the agent chose to leave
   * it): the tray's Quit, and a quit from elsewhere caught in `before-quit`. One question at a
   * time: a second Quit while it is open changes nothing.
   */
  const quitIfAgentAgrees = (agentDesk: DeskForShell): void => {
    if (askingBeforeQuit) return;
    askingBeforeQuit = true;
    agentDesk.mayQuit().then(
      (go) => {
        askingBeforeQuit = false;
        if (!go) return;
        quitAnswered = true;
        app.quit();
      },
      (error: unknown) => {
        askingBeforeQuit = false;
        log.error('Could not ask before quitting', error);
      },
    );
  };

  /** Shows, restores and focuses the window, opening a new one if it was closed. */
  const showWindow = (): void => {
    // Until start-up is done the window is on its way anyway.
    if (!started || quitting()) return;
    const current = liveWindow();
    if (current === undefined) {
      openWindow();
      return;
    }
    if (current.isMinimized()) current.restore();
    current.show();
    current.focus();
  };

  const shutDownCore = async (): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timedOut'>((resolve) => {
      timer = setTimeout(() => {
        resolve('timedOut');
      }, SHUTDOWN_TIMEOUT_MS);
    });
    try {
      const done = pendingDesk.then(async (built) => {
        await built?.shutdown();
        return 'done' as const;
      });
      const outcome = await Promise.race([done, timedOut]);
      if (outcome === 'timedOut') {
        log.warn(`Sign-out did not finish within ${SHUTDOWN_TIMEOUT_MS} ms; quitting anyway`);
      }
    } catch (error) {
      log.error('Sign-out failed while quitting; quitting anyway', error);
    } finally {
      clearTimeout(timer);
    }
  };

  app.on('second-instance', showWindow);
  app.on('activate', showWindow);
  app.on('window-all-closed', () => {
    // Reached only signed out: a signed-in agent's window hides instead of closing.
    if (platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    if (started && desk !== undefined && !quitAnswered && !shutdownStarted) {
      // Cmd+Q or the dock's Quit (Electron's default menu on macOS) quit without the tray's
      // question, leaving an unsent reply or an open chat behind without a word.
      event.preventDefault();
      quitIfAgentAgrees(desk);
      return;
    }
    quitRequested = true;
    if (shutdownFinished) return;
    event.preventDefault();
    if (shutdownStarted) return;
    shutdownStarted = true;
    void shutDownCore().then(() => {
      shutdownFinished = true;
      tray?.destroy();
      tray = undefined;
      app.quit();
    });
  });

  await app.whenReady();
  if (quitting()) return;
  try {
    hardenSession(electron.session.defaultSession, rendererUrl, log);
    // The core is built with these ports, so notification feedback reaches it once it exists.
    const feedback: NotificationFeedback = {
      alertClicked: (alertId) => {
        desk?.alertClicked(alertId);
      },
      alertAction: (alertId, action) => {
        desk?.alertAction(alertId, action);
      },
    };
    const ports: ShellPorts = {
      vault: createCredentialVault(electron.safeStorage, platform),
      notifications: createNotificationSink({
        electron,
        platform,
        feedback,
        ...(platform === 'darwin' ? {} : { iconPath }),
        log,
      }),
      window: {
        focus: showWindow,
        hidden: () => {
          const current = liveWindow();
          return current === undefined || !current.isVisible() || current.isMinimized();
        },
      },
      files: createFileDialogs(electron, liveWindow),
      leaving: createLeaveConfirmation(electron, liveWindow),
      send: sendToRenderer(liveWindow, log),
      userDataPath: app.getPath('userData'),
      systemLanguages: app.getPreferredSystemLanguages(),
    };
    const building = options.createCore(ports);
    pendingDesk = building.then(
      (built) => built.desk,
      () => undefined,
    );
    const core = await building;
    desk = core.desk;
    if (quitting()) return;
    serveContractOverIpc(electron.ipcMain, core.dispatcher, rendererUrl);
    tray = createTray({
      electron,
      platform,
      trayFolder: join(options.resourcesPath, 'tray'),
      desk: core.desk,
      showWindow,
      // The agent's Quit asks first when it would leave work in progress (the OS ending the
      // session does not: it will not wait for an answer).
      quit: () => {
        quitIfAgentAgrees(core.desk);
      },
      getWindow: liveWindow,
      log,
    });
    const checkConnection = (why: string) => (): void => {
      core.desk.checkConnection().catch((error: unknown) => {
        log.error(`Connection check after ${why} failed`, error);
      });
    };
    electron.powerMonitor.on('shutdown', (event) => {
      // Asks the OS to wait while signing out; Electron expects the app to quit at once then.
      event?.preventDefault();
      quitForSessionEnd();
    });
    electron.powerMonitor.on('resume', checkConnection('waking up'));
    electron.powerMonitor.on('unlock-screen', checkConnection('unlocking the screen'));
  } catch (error) {
    log.error('Switchboard could not start', error);
    electron.dialog.showErrorBox('Switchboard could not start', messageOf(error));
    app.quit();
    return;
  }
  if (quitting()) return;
  started = true;
  openWindow();
}
