import { PRODUCT_NAME } from '../workstation/trayState';
import type {
  ShellBrowserWindow,
  ShellElectron,
  ShellSession,
  ShellWebPreferences,
} from './electronApi';
import type { ShellLog } from './log';
import { isSafeExternalUrl } from '../../common/externalLinks';

// The one check of a link that leaves the app, shared with the core and the renderer (which
// shows the agent whether a mail's link can be opened) since it moved to common/.
export { isSafeExternalUrl, MAX_EXTERNAL_URL_LENGTH } from '../../common/externalLinks';

/**
 * The renderer's Content-Security-Policy. It is sent as a response header for the renderer's
 * own responses ({@link hardenSession}) and repeated in renderer/index.html's meta tag, which is
 * what applies to the packaged `file:` page; window.test.ts keeps the two identical.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  // https: for the remote images of an e-mail whose sender the agent allowed: the mail's
  // sandboxed srcdoc frame inherits this policy (on top of its own, which allows them only then).
  "img-src 'self' data: https:",
  "media-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
].join('; ');

/** The URL without its fragment: moving between the renderer's own routes is not leaving it. */
function withoutFragment(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href;
  } catch {
    return undefined;
  }
}

/** Whether a navigation goes to the renderer's page itself (a reload, a route change). */
export function isRendererPage(url: string, rendererUrl: string): boolean {
  const target = withoutFragment(url);
  return target !== undefined && target === withoutFragment(rendererUrl);
}

/**
 * Whether a response belongs to the renderer: from the dev server's origin in development, from
 * the renderer's folder when it is loaded from `file:`.
 */
export function isRendererResource(url: string, rendererUrl: string): boolean {
  let resource: URL;
  let renderer: URL;
  try {
    resource = new URL(url);
    renderer = new URL(rendererUrl);
  } catch {
    return false;
  }
  if (renderer.protocol === 'file:') {
    const folder = renderer.pathname.slice(0, renderer.pathname.lastIndexOf('/') + 1);
    return resource.protocol === 'file:' && resource.pathname.startsWith(folder);
  }
  return resource.origin === renderer.origin;
}

/** Scheme and host only: links may carry tokens that do not belong in a log. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.host === '' ? parsed.protocol : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'an unreadable URL';
  }
}

/**
 * Locks the session the window uses: every permission the page might ask for (camera,
 * notifications, geolocation, …) is refused — main shows notifications itself — and the
 * renderer's responses carry {@link CONTENT_SECURITY_POLICY}, replacing any the server sent.
 */
export function hardenSession(session: ShellSession, rendererUrl: string, log: ShellLog): void {
  session.setPermissionRequestHandler((_webContents, permission, callback) => {
    log.warn(`Refused the window's request for the "${permission}" permission`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isRendererResource(details.url, rendererUrl)) {
      callback({});
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(
        ([name]) => name.toLowerCase() !== 'content-security-policy',
      ),
    );
    callback({
      responseHeaders: { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}

/** The renderer's isolation: every switch set explicitly, none left to Electron's defaults. */
export const WEB_PREFERENCES: Omit<ShellWebPreferences, 'preload'> = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  // Agents must hear invitations while the window is hidden in the tray: Chromium would
  // otherwise slow the hidden page's timers and delay its audio.
  backgroundThrottling: false,
  spellcheck: true,
};

export interface MainWindowOptions {
  readonly preloadPath: string;
  readonly rendererUrl: string;
  /** The app is quitting: a page lost now is not loaded again. */
  readonly quitting?: () => boolean;
  /** The window icon (Linux shows it; Windows and macOS use the app's own icon). */
  readonly iconPath?: string;
  readonly log: ShellLog;
}

/**
 * The one application window. The renderer is isolated and sandboxed and reaches main only
 * through the preload's contract client. It may not embed webviews, navigate away from its page
 * or open windows; https links to public sites open in the agent's browser instead. The window
 * shows itself once its first paint is ready.
 */
export function createMainWindow(
  electron: Pick<ShellElectron, 'BrowserWindow' | 'shell'>,
  { preloadPath, rendererUrl, iconPath, log, quitting }: MainWindowOptions,
): ShellBrowserWindow {
  const window = new electron.BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: PRODUCT_NAME,
    ...(iconPath === undefined ? {} : { icon: iconPath }),
    webPreferences: { preload: preloadPath, ...WEB_PREFERENCES },
  });

  window.once('ready-to-show', () => {
    window.show();
  });
  const { webContents } = window;
  webContents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('Refused to attach a <webview> to the window');
  });
  const keepOnRenderer = (event: { preventDefault(): void; readonly url: string }): void => {
    if (isRendererPage(event.url, rendererUrl)) return;
    event.preventDefault();
    log.warn(`Blocked the window's navigation to ${describeUrl(event.url)}`);
  };
  webContents.on('will-navigate', keepOnRenderer);
  webContents.on('will-redirect', keepOnRenderer);
  webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) {
      electron.shell.openExternal(url).catch((error: unknown) => {
        log.error(`Could not open ${describeUrl(url)} in the browser`, error);
      });
    } else {
      log.warn(`Refused to open ${describeUrl(url)}: only public https links leave the app`);
    }
    return { action: 'deny' };
  });

  recoverFromRendererLoss(window, {
    rendererUrl,
    log,
    ...(quitting === undefined ? {} : { quitting }),
  });

  window.loadURL(rendererUrl).catch((error: unknown) => {
    log.error('The window could not load its page', error);
  });
  return window;
}

/** Losses of the page's renderer within {@link RENDERER_LOSS_WINDOW_MS} reloaded at once. */
export const RENDERER_LOSSES_RELOADED_AT_ONCE = 3;
export const RENDERER_LOSS_WINDOW_MS = 60_000;
/** How long a reload waits after more losses than that: no tight loop of crashes. */
export const RENDERER_RELOAD_PAUSE_MS = 30_000;

export interface RendererRecoveryOptions {
  /** The page to load again. */
  readonly rendererUrl: string;
  readonly log: ShellLog;
  /** The app is quitting: a page lost now is not loaded again. */
  readonly quitting?: () => boolean;
  readonly now?: () => number;
  readonly schedule?: (run: () => void, delayMs: number) => void;
}

/**
 * Brings the page back when its renderer process goes (Chromium crashed, ran out of memory or
 * was killed): the window would otherwise stay blank for the rest of the shift. Main holds the
 * desk (the session, the cache, the invitations and their notifications, the consultations),
 * so the page loaded again shows the agent's work (the away summary not yet dismissed too);
 * what the page alone held is lost (the interaction that was open, a half-typed chat message,
 * a chat's "Agents only" choice).
 * The page is loaded anew (`loadURL`, not a reload: a page whose first load never committed
 * has nothing to reload), never from within the event (Electron has crashed doing so), and not
 * while the app quits. The first {@link RENDERER_LOSSES_RELOADED_AT_ONCE} losses in a minute reload
 * at once, later ones after {@link RENDERER_RELOAD_PAUSE_MS}. A page that stops answering is
 * logged (and again when it answers): Chromium's own "unresponsive" is often a long task that
 * ends, and reloading it would drop what the agent was doing.
 */
export function recoverFromRendererLoss(
  window: ShellBrowserWindow,
  {
    rendererUrl,
    log,
    quitting = () => false,
    now = Date.now,
    schedule = (run, delayMs) => {
      setTimeout(run, delayMs);
    },
  }: RendererRecoveryOptions,
): void {
  const losses: number[] = [];
  window.webContents.on('render-process-gone', (_event, { reason, exitCode }) => {
    // The page closing with the window (or the app quitting) is no loss.
    if (reason === 'clean-exit' || quitting()) return;
    const at = now();
    losses.push(at);
    while (losses.length > 0 && (losses[0] ?? at) <= at - RENDERER_LOSS_WINDOW_MS) losses.shift();
    const delayMs = losses.length > RENDERER_LOSSES_RELOADED_AT_ONCE ? RENDERER_RELOAD_PAUSE_MS : 0;
    log.error(
      `The window's page stopped (${reason}, exit code ${exitCode}): reloading it` +
        (delayMs === 0 ? '' : ` in ${delayMs / 1000} s, ${losses.length} losses in a minute`),
    );
    schedule(() => {
      if (quitting() || window.isDestroyed()) return;
      window.loadURL(rendererUrl).catch((error: unknown) => {
        log.error('The window could not load its page again', error);
      });
    }, delayMs);
  });
  window.on('unresponsive', () => {
    log.warn("The window's page is not responding");
  });
  window.on('responsive', () => {
    log.info("The window's page is responding again");
  });
}
