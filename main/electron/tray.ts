import { join } from 'node:path';
import type { DeskForShell, NotReadyReason, TrayCommand } from '../workstation/shellPorts';
import type { TrayIcon, TrayState } from '../workstation/trayState';
import type {
  ShellBaseWindow,
  ShellElectron,
  ShellImage,
  ShellMenuItem,
  ShellTray,
} from './electronApi';
import type { ShellLog } from './log';

/**
 * The PNG for a tray icon (file names in resources/README.md). Windows' tray scales a 16 px
 * image up on common 125–150 % displays and blurs it, so it gets the 32 px glyph; elsewhere the
 * 16 px one, with Electron picking the `@2x` file on HiDPI screens.
 */
export function trayIconPath(
  trayFolder: string,
  icon: TrayIcon,
  platform: NodeJS.Platform,
): string {
  return join(trayFolder, platform === 'win32' ? `tray-${icon}-32.png` : `tray-${icon}.png`);
}

/** What the menu entries do; the menu itself only maps clicks to these. */
export interface TrayMenuActions {
  showWindow(): void;
  command(command: TrayCommand): void;
  quit(): void;
}

/**
 * The tray's context menu for a state and the agent's Not Ready reasons: Show, Ready, Not Ready
 * (a submenu of reasons, or one plain entry when the server lists none), Do Not Disturb, Sign
 * out, Quit — worded, enabled and checked as the core's {@link TrayState.menu} says.
 */
export function buildTrayMenu(
  state: TrayState,
  reasons: readonly NotReadyReason[],
  actions: TrayMenuActions,
  options: { readonly statusLine?: boolean } = {},
): ShellMenuItem[] {
  const { menu } = state;
  const status: ShellMenuItem[] = options.statusLine
    ? [{ label: state.status, enabled: false }, { type: 'separator' }]
    : [];
  const notReady: ShellMenuItem =
    reasons.length === 0
      ? {
          label: menu.notReady.label,
          enabled: menu.notReady.enabled,
          click: () => {
            actions.command({ kind: 'notReady' });
          },
        }
      : {
          label: menu.notReady.label,
          type: 'submenu',
          enabled: menu.notReady.enabled,
          submenu: reasons.map((reason) => ({
            label: reason.displayName,
            enabled: menu.notReady.enabled,
            click: () => {
              actions.command({ kind: 'notReady', operationName: reason.operationName });
            },
          })),
        };
  return literalLabels([
    ...status,
    {
      label: menu.show.label,
      click: () => {
        actions.showWindow();
      },
    },
    { type: 'separator' },
    {
      label: menu.ready.label,
      enabled: menu.ready.enabled,
      click: () => {
        actions.command({ kind: 'ready' });
      },
    },
    notReady,
    {
      label: menu.dnd.label,
      type: 'checkbox',
      enabled: menu.dnd.enabled,
      checked: menu.dnd.checked,
      click: () => {
        actions.command({ kind: 'dnd', on: !menu.dnd.checked });
      },
    },
    { type: 'separator' },
    {
      label: menu.signOut.label,
      enabled: menu.signOut.enabled,
      click: () => {
        actions.command({ kind: 'signOut' });
      },
    },
    {
      label: menu.quit.label,
      click: () => {
        actions.quit();
      },
    },
  ]);
}

/**
 * The menu's labels shown as written. Electron's menus read a lone `&` as the mark of the next
 * letter's keyboard mnemonic, on every platform, and drop it: a Not Ready reason the server
 * names "Training & Coaching" read "Training  Coaching". The tray names no mnemonics, so each
 * `&` is doubled, which a menu shows as one.
 */
function literalLabels(items: ShellMenuItem[]): ShellMenuItem[] {
  return items.map((item) => ({
    ...item,
    ...(item.label === undefined ? {} : { label: item.label.replace(/&/gu, '&&') }),
    ...(item.submenu === undefined ? {} : { submenu: literalLabels(item.submenu) }),
  }));
}

export interface TrayOptions {
  readonly electron: Pick<ShellElectron, 'Tray' | 'Menu' | 'nativeImage' | 'app'>;
  readonly platform: NodeJS.Platform;
  /** resources/tray. */
  readonly trayFolder: string;
  readonly desk: Pick<
    DeskForShell,
    'trayState' | 'onTrayState' | 'notReadyReasons' | 'onNotReadyReasons' | 'trayCommand'
  >;
  /** Shows, restores and focuses the window (creating it if it was closed). */
  readonly showWindow: () => void;
  readonly quit: () => void;
  /** The window whose taskbar button carries the overlay badge on Windows, if there is one. */
  readonly getWindow: () => ShellBaseWindow | undefined;
  readonly log: ShellLog;
}

export interface TrayHandle {
  /**
   * Renders the core's current state again, rebuilding the menu if the Not Ready reasons
   * changed (the core has no event for them; they arrive with sign-in).
   */
  refresh(): void;
  /** A window was created: put the badge on its taskbar button (Windows). */
  windowChanged(): void;
  destroy(): void;
}

/**
 * Renders the core's tray state: icon, tooltip, context menu and the invitations badge (the
 * dock/launcher count on macOS and Linux, the taskbar overlay icon on Windows). Everything is
 * applied only when it changed, so that the menu is not rebuilt — and closed under the agent's
 * pointer on some desktops — for a change of the tooltip alone.
 */
export function createTray(options: TrayOptions): TrayHandle {
  const { electron, platform, trayFolder, desk, log } = options;
  const images = new Map<string, ShellImage>();
  const image = (path: string): ShellImage => {
    let loaded = images.get(path);
    if (loaded === undefined) {
      loaded = electron.nativeImage.createFromPath(path);
      if (loaded.isEmpty()) log.warn(`Tray image missing or unreadable: ${path}`);
      images.set(path, loaded);
    }
    return loaded;
  };

  let rendered = desk.trayState;
  let iconPath = trayIconPath(trayFolder, rendered.icon, platform);
  image(iconPath);
  const tray: ShellTray = new electron.Tray(iconPath);
  let tooltip: string | undefined;
  let menuKey: string | undefined;
  let badge: string | undefined;

  const actions: TrayMenuActions = {
    showWindow: options.showWindow,
    quit: options.quit,
    command: (command) => {
      desk.trayCommand(command).then(
        () => {
          // A checkbox flips itself when clicked; if the core refused the change, the state
          // did not move and the box would stay wrong, so the menu is rebuilt from the state.
          if (command.kind === 'dnd') renderMenu(desk.trayState, true);
        },
        (error: unknown) => {
          log.error(`Tray command ${command.kind} failed`, error);
        },
      );
    },
  };

  // AppIndicator trays (most Linux desktops) show no tooltip: the menu carries it as its first,
  // disabled line there. Elsewhere the menu changes only with its entries, not with the text.
  const statusLine = platform === 'linux';
  const renderMenu = (state: TrayState, force = false): void => {
    const reasons = desk.notReadyReasons();
    const key = JSON.stringify([state.menu, reasons, statusLine ? state.tooltip : '']);
    if (!force && key === menuKey) return;
    menuKey = key;
    tray.setContextMenu(
      electron.Menu.buildFromTemplate(buildTrayMenu(state, reasons, actions, { statusLine })),
    );
  };

  // Windows' overlay carries words (its description, in the desk's language): a change of
  // language alone renders it again; the other platforms' badge is a bare number.
  const renderBadge = (state: TrayState, force = false): void => {
    const count = state.pendingInvitations;
    const key =
      platform === 'win32' ? `${String(count)} ${state.pendingDescription}` : String(count);
    if (!force && key === badge) return;
    if (platform === 'win32') {
      const window = options.getWindow();
      if (window === undefined || window.isDestroyed()) return;
      window.setOverlayIcon(
        count > 0 ? image(join(trayFolder, 'tray-invitation.png')) : null,
        count > 0 ? state.pendingDescription : '',
      );
    } else if (platform === 'darwin' || platform === 'linux') {
      // Linux shows it only in launchers that implement the Unity count API; false elsewhere.
      electron.app.setBadgeCount(count);
    }
    badge = key;
  };

  const render = (state: TrayState): void => {
    if (tray.isDestroyed()) return;
    rendered = state;
    const nextIcon = trayIconPath(trayFolder, state.icon, platform);
    if (nextIcon !== iconPath) {
      iconPath = nextIcon;
      image(iconPath);
      tray.setImage(iconPath);
    }
    if (state.tooltip !== tooltip) {
      tooltip = state.tooltip;
      tray.setToolTip(state.tooltip);
    }
    renderMenu(state);
    renderBadge(state);
  };

  // Linux's AppIndicator trays may never emit click; "Show Switchboard" in the menu covers it.
  tray.on('click', () => {
    options.showWindow();
  });
  const unsubscribe = desk.onTrayState(render);
  const unsubscribeReasons = desk.onNotReadyReasons(() => {
    renderMenu(desk.trayState);
  });
  render(rendered);

  return {
    refresh: () => {
      render(desk.trayState);
    },
    windowChanged: () => {
      if (platform === 'win32') renderBadge(rendered, true);
    },
    destroy: () => {
      unsubscribe();
      unsubscribeReasons();
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
