import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, FakeElectron, fakeEvent } from '../../tests/support/fakeElectron';
import {
  CONTENT_SECURITY_POLICY,
  createMainWindow,
  hardenSession,
  isRendererPage,
  isRendererResource,
  isSafeExternalUrl,
  MAX_EXTERNAL_URL_LENGTH,
  recoverFromRendererLoss,
  RENDERER_LOSS_WINDOW_MS,
  RENDERER_LOSSES_RELOADED_AT_ONCE,
  RENDERER_RELOAD_PAUSE_MS,
  WEB_PREFERENCES,
} from './window';

const packagedRenderer = 'file:///opt/Switchboard/resources/app.asar/out/renderer/index.html';
const devRenderer = 'http://localhost:5173/';

function silentLog() {
  return { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
}

function openWindow(rendererUrl = packagedRenderer) {
  const electron = new FakeElectron();
  const log = silentLog();
  const window = createMainWindow(electron, {
    preloadPath: '/app/out/preload/index.cjs',
    rendererUrl,
    iconPath: '/app/resources/icon.png',
    log,
  });
  const [fake] = electron.windows;
  if (fake === undefined || fake !== window) throw new Error('the window was not created');
  return { electron, window: fake, log };
}

describe('isSafeExternalUrl', () => {
  it.each([
    'https://example.com',
    'https://example.com/docs/page?q=1#part',
    'https://support.example.co.uk:8443/ticket/42',
    'https://xn--bcher-kva.example/',
    'https://bücher.example/',
    'https://example.com./',
  ])('opens %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['not a url', 'unparsable'],
    ['http://example.com/', 'plain http'],
    ['mailto:agent@example.com', 'mailto'],
    ['javascript:alert(1)', 'javascript'],
    ['file:///etc/passwd', 'file'],
    ['data:text/html,<script>1</script>', 'data'],
    ['ms-settings:privacy', 'an OS handler'],
    ['https://user:secret@example.com/', 'credentials'],
    ['https://example.com@evil.example/', 'a user name posing as the host'],
    ['https://localhost/', 'localhost'],
    ['https://app.localhost/', 'a .localhost name'],
    ['https://printer.local/', 'an mDNS name'],
    ['https://router.home.arpa/apply.cgi?dns=1', 'a home network name (RFC 8375)'],
    ['https://wiki.corp.internal/', 'a private-use .internal name'],
    ['https://nas.lan/', 'a .lan name'],
    ['https://printer.intranet/', 'an .intranet name'],
    ['https://hr.corp/', 'a .corp name'],
    ['https://router.home/', 'a .home name'],
    ['https://intranet/', 'a single-label host'],
    ['https://127.0.0.1/', 'an IPv4 literal'],
    ['https://0x7f.1/', 'an IPv4 literal in hex'],
    ['https://192.168.1.1/admin', 'a LAN address'],
    ['https://[::1]/', 'an IPv6 literal'],
    [' https://example.com/', 'a leading space'],
    ['https://example.com/\n', 'a newline'],
    ['https://exa\u202Emple.com/', 'a bidirectional override'],
    ['https://exa\u200Bmple.com/', 'a zero-width space'],
    [`https://example.com/${'a'.repeat(MAX_EXTERNAL_URL_LENGTH)}`, 'an overlong URL'],
  ])('refuses %s (%s)', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });

  it('accepts a URL of exactly the maximum length and refuses one character more', () => {
    const base = 'https://example.com/';
    const longest = base + 'a'.repeat(MAX_EXTERNAL_URL_LENGTH - base.length);
    expect(isSafeExternalUrl(longest)).toBe(true);
    expect(isSafeExternalUrl(`${longest}a`)).toBe(false);
  });
});

describe('isRendererPage and isRendererResource', () => {
  it('treats route changes of the renderer page as staying on it', () => {
    expect(isRendererPage(`${packagedRenderer}#/inbox`, packagedRenderer)).toBe(true);
    expect(isRendererPage('file:///tmp/evil/index.html', packagedRenderer)).toBe(false);
    expect(isRendererPage(`${packagedRenderer}?debug=1`, packagedRenderer)).toBe(false);
    expect(isRendererPage('http://localhost:5173/#/x', devRenderer)).toBe(true);
    expect(isRendererPage('http://localhost:5173/other.html', devRenderer)).toBe(false);
  });

  it("matches the renderer's own files only", () => {
    expect(
      isRendererResource(
        'file:///opt/Switchboard/resources/app.asar/out/renderer/assets/index.js',
        packagedRenderer,
      ),
    ).toBe(true);
    expect(
      isRendererResource(
        'file:///opt/Switchboard/resources/app.asar/out/main/index.js',
        packagedRenderer,
      ),
    ).toBe(false);
    expect(isRendererResource('http://localhost:5173/src/main.ts', devRenderer)).toBe(true);
    expect(isRendererResource('http://localhost:5174/src/main.ts', devRenderer)).toBe(false);
    expect(isRendererResource('https://example.com/', devRenderer)).toBe(false);
    expect(isRendererResource('nonsense', devRenderer)).toBe(false);
  });
});

describe('createMainWindow', () => {
  it('isolates and sandboxes the renderer and keeps it running while hidden', () => {
    const { window } = openWindow();
    expect(window.options.show).toBe(false);
    expect(window.options.icon).toBe('/app/resources/icon.png');
    expect(window.options.webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      backgroundThrottling: false,
      spellcheck: true,
    });
  });

  it('loads the renderer and shows the window once it is ready to paint', () => {
    const { window } = openWindow();
    expect(window.loadedUrl).toBe(packagedRenderer);
    expect(window.visible).toBe(false);
    window.readyToShow();
    expect(window.visible).toBe(true);
  });

  it('refuses to attach webviews', () => {
    const { window } = openWindow();
    const event = fakeEvent();
    window.webContents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });

  it('blocks navigation and redirects away from the renderer page', () => {
    const { window, log } = openWindow();
    const contents = window.webContents;
    expect(contents.navigate('https://evil.example/phish?token=secret')).toBe(true);
    expect(contents.navigate('file:///etc/passwd')).toBe(true);
    expect(contents.navigate('https://evil.example/', 'will-redirect')).toBe(true);
    expect(contents.navigate(`${packagedRenderer}#/history`)).toBe(false);
    expect(contents.navigate(packagedRenderer, 'will-redirect')).toBe(false);
    // The log names the site, not the link's query (which may carry a token).
    expect(log.warn).toHaveBeenCalledWith(
      "Blocked the window's navigation to https://evil.example",
    );
    expect(JSON.stringify(log.warn.mock.calls)).not.toContain('secret');
  });

  it('denies every new window and opens only public https links in the browser', async () => {
    const { window, electron } = openWindow();
    const contents = window.webContents;
    for (const url of [
      'https://example.com/help',
      'mailto:boss@example.com',
      'http://example.com/',
      'file:///C:/Windows/System32/calc.exe',
      'https://localhost:8090/',
    ]) {
      expect(contents.openWindow(url)).toEqual({ action: 'deny' });
    }
    await Promise.resolve();
    expect(electron.shell.openedExternal).toEqual(['https://example.com/help']);
  });
});

describe('hardenSession', () => {
  function hardened(rendererUrl = packagedRenderer) {
    const electron = new FakeElectron();
    const session = electron.session.defaultSession;
    hardenSession(session, rendererUrl, silentLog());
    return session;
  }

  it('denies every permission request and check', () => {
    const session = hardened();
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read']) {
      const callback = vi.fn();
      session.permissionRequestHandler?.(undefined, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(session.permissionCheckHandler?.(undefined, permission, 'file://')).toBe(false);
    }
  });

  it("puts the policy on the renderer's responses, replacing any the server sent", () => {
    const session = hardened(devRenderer);
    const answer = session.respond({
      url: 'http://localhost:5173/',
      responseHeaders: {
        'content-security-policy': ["default-src *; script-src 'unsafe-eval'"],
        'Content-Type': ['text/html'],
      },
    });
    expect(answer.responseHeaders).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
  });

  it('leaves other responses as they are', () => {
    const session = hardened(devRenderer);
    expect(session.respond({ url: 'https://example.com/', responseHeaders: {} })).toEqual({});
  });

  it('equals the meta policy in renderer/index.html, which covers the packaged file: page', () => {
    const html = readFileSync(join(import.meta.dirname, '../../renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/iu.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('recoverFromRendererLoss', () => {
  it('loads the page again when its renderer crashes, after the event, and not when it closes cleanly', () => {
    vi.useFakeTimers();
    try {
      const { window, log } = openWindow();
      expect(window.loads).toBe(1);
      window.webContents.renderProcessGone('clean-exit');
      vi.runAllTimers();
      expect(window.loads).toBe(1);
      window.webContents.renderProcessGone('crashed', 133);
      // Not from within the event: Electron has crashed loading a page there.
      expect(window.loads).toBe(1);
      vi.runAllTimers();
      expect(window.loads).toBe(2);
      expect(window.loadedUrl).toBe(packagedRenderer);
      expect(log.error).toHaveBeenCalledWith(
        "The window's page stopped (crashed, exit code 133): reloading it",
      );
      // Out of memory, killed, a page that never started: the same.
      window.webContents.renderProcessGone('oom');
      window.webContents.renderProcessGone('killed');
      window.webContents.renderProcessGone('launch-failed');
      vi.runAllTimers();
      expect(window.loads).toBe(5);
    } finally {
      vi.useRealTimers();
    }
  });

  it('waits once the page was lost more than three times in a minute, and loads nothing once the window went or the app quits', () => {
    const electron = new FakeElectron();
    const window = new FakeBrowserWindow(
      {
        width: 1280,
        height: 820,
        minWidth: 900,
        minHeight: 600,
        show: false,
        title: 'Switchboard',
        webPreferences: { preload: '', ...WEB_PREFERENCES },
      },
      electron,
    );
    const log = silentLog();
    let clock = 0;
    let quitting = false;
    const scheduled: { run: () => void; delayMs: number }[] = [];
    recoverFromRendererLoss(window, {
      rendererUrl: packagedRenderer,
      log,
      quitting: () => quitting,
      now: () => clock,
      schedule: (run, delayMs) => scheduled.push({ run, delayMs }),
    });
    // Two losses more than are loaded again at once, all within the minute.
    const losses = RENDERER_LOSSES_RELOADED_AT_ONCE + 2;
    for (let loss = 0; loss < losses; loss += 1) {
      window.webContents.renderProcessGone('crashed');
      clock += RENDERER_LOSS_WINDOW_MS / (losses + 1);
    }
    expect(scheduled.map((load) => load.delayMs)).toEqual([
      ...Array<number>(RENDERER_LOSSES_RELOADED_AT_ONCE).fill(0),
      RENDERER_RELOAD_PAUSE_MS,
      RENDERER_RELOAD_PAUSE_MS,
    ]);
    expect(log.error).toHaveBeenLastCalledWith(
      "The window's page stopped (crashed, exit code 0): reloading it in 30 s, 5 losses in a minute",
    );
    // A minute after the first losses, one loads at once again.
    clock += RENDERER_LOSS_WINDOW_MS;
    window.webContents.renderProcessGone('crashed');
    expect(scheduled.at(-1)?.delayMs).toBe(0);
    for (const load of scheduled) load.run();
    expect(window.loads).toBe(6);
    // The app quits before a load that was due: none.
    window.webContents.renderProcessGone('crashed');
    quitting = true;
    scheduled.at(-1)?.run();
    // A page lost while quitting is not even scheduled.
    const due = scheduled.length;
    window.webContents.renderProcessGone('crashed');
    expect(scheduled).toHaveLength(due);
    quitting = false;
    // A load due after the window was closed does nothing.
    window.webContents.renderProcessGone('crashed');
    expect(window.close()).toBe(true);
    scheduled.at(-1)?.run();
    expect(window.loads).toBe(6);
  });

  it('logs a page that stops answering, and again when it answers', () => {
    const { window, log } = openWindow();
    window.emit('unresponsive');
    expect(log.warn).toHaveBeenCalledWith("The window's page is not responding");
    window.emit('responsive');
    expect(log.info).toHaveBeenCalledWith("The window's page is responding again");
    expect(window.loads).toBe(1);
  });
});
