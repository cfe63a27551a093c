import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ok } from '../../common/errors';
import { FakeElectron, fakeEvent, type FakeBrowserWindow } from '../../tests/support/fakeElectron';
import type { ChannelHandler } from '../ipc/dispatcher';
import { Alerts } from '../workstation/alerts';
import { TrayModel } from '../workstation/trayState';
import { APP_USER_MODEL_ID, SHUTDOWN_TIMEOUT_MS, startShell, type ShellPorts } from './shell';

const rendererUrl = 'file:///opt/Switchboard/resources/app.asar/out/renderer/index.html';
const channel = 'switchboard:app:getInfo';

function makeDesk() {
  const model = new TrayModel();
  return {
    model,
    signedIn: false,
    get trayState() {
      return model.state;
    },
    onTrayState: (listener: Parameters<TrayModel['onChange']>[0]) => model.onChange(listener),
    notReadyReasons: () => [],
    onNotReadyReasons: () => () => undefined,
    trayCommand: vi.fn(() => Promise.resolve()),
    checkConnection: vi.fn(() => Promise.resolve()),
    shutdown: vi.fn(() => Promise.resolve()),
    /** What the core answers the tray's Quit (the agent's answer to its question). */
    mayQuit: vi.fn(() => Promise.resolve(true)),
    alertClicked: vi.fn(),
    alertAction: vi.fn(),
  };
}
type FakeDesk = ReturnType<typeof makeDesk>;

interface StartOptions {
  readonly platform?: NodeJS.Platform;
  readonly lock?: boolean;
  readonly createCore?: (ports: ShellPorts, desk: FakeDesk) => ReturnType<typeof coreOf>;
}

function coreOf(desk: FakeDesk) {
  const dispatcher = new Map<string, ChannelHandler>([[channel, () => Promise.resolve(ok(1))]]);
  return Promise.resolve({ desk, dispatcher });
}

/** Starts the shell on a fake Electron that becomes ready at once; `running` is startShell's. */
function launch(options: StartOptions = {}) {
  const electron = new FakeElectron();
  electron.app.singleInstanceLock = options.lock ?? true;
  const desk = makeDesk();
  const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  let captured: ShellPorts | undefined;
  const windowsWhenCoreWasBuilt: number[] = [];
  const createCore = vi.fn((ports: ShellPorts) => {
    captured = ports;
    windowsWhenCoreWasBuilt.push(electron.windows.length);
    return options.createCore === undefined ? coreOf(desk) : options.createCore(ports, desk);
  });
  const running = startShell(electron, {
    rendererUrl,
    preloadPath: '/app/out/preload/index.cjs',
    resourcesPath: '/app/resources',
    createCore,
    log,
    platform: options.platform ?? 'linux',
  });
  electron.app.markReady();
  const ports = (): ShellPorts => {
    if (captured === undefined) throw new Error('the core was not built');
    return captured;
  };
  const window = (index = 0): FakeBrowserWindow => {
    const found = electron.windows[index];
    if (found === undefined) throw new Error(`no window ${String(index)}`);
    return found;
  };
  return {
    electron,
    app: electron.app,
    desk,
    log,
    createCore,
    ports,
    window,
    windowsWhenCoreWasBuilt,
    running,
  };
}

async function start(options: StartOptions = {}) {
  const launched = launch(options);
  await launched.running;
  return launched;
}

/** Lets pending promise callbacks run. */
function settle(): Promise<void> {
  return new Promise((resolve) => {
    setImmediate(resolve);
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('startShell', () => {
  it('hands over to the running instance: quits without building anything', async () => {
    const { app, createCore, electron } = await start({ lock: false });
    expect(app.quitCalls).toBe(1);
    expect(createCore).not.toHaveBeenCalled();
    expect(electron.windows).toEqual([]);
    expect(electron.trays).toEqual([]);
  });

  it('builds the core once ready, then serves the contract and shows the tray and the window', async () => {
    const { electron, createCore, ports, window, windowsWhenCoreWasBuilt } = await start();
    expect(createCore).toHaveBeenCalledOnce();
    expect(windowsWhenCoreWasBuilt).toEqual([0]);
    expect(ports().userDataPath).toBe('/fake/user-data');
    expect(ports().systemLanguages).toEqual(['en-US']);
    expect([...electron.ipcMain.handlers.keys()]).toEqual([channel]);
    await expect(electron.ipcMain.invoke(channel, rendererUrl)).resolves.toEqual(ok(1));
    expect(electron.trays[0]?.image).toBe(join('/app/resources/tray', 'tray-signedOut.png'));
    expect(electron.windows).toHaveLength(1);
    expect(window().loadedUrl).toBe(rendererUrl);
    expect(window().options.icon).toBe(join('/app/resources', 'icon.png'));
    expect(electron.session.defaultSession.permissionRequestHandler).toBeDefined();
    expect(electron.session.defaultSession.headersListener).toBeDefined();
  });

  it('brings the window forward when Switchboard is launched again', async () => {
    const { app, window } = await start();
    window().readyToShow();
    window().minimize();
    window().hide();
    app.emit('second-instance');
    expect(window()).toMatchObject({ visible: true, minimized: false, focused: true });
  });

  it('hides the window to the tray while an agent is signed in', async () => {
    const { app, desk, window } = await start({ platform: 'win32' });
    desk.signedIn = true;
    window().readyToShow();
    expect(window().close()).toBe(false);
    expect(window()).toMatchObject({ visible: false, destroyed: false });
    expect(app.quitCalls).toBe(0);
    app.emit('second-instance');
    expect(window()).toMatchObject({ visible: true, focused: true });
  });

  it('minimizes the window on Linux while an agent is signed in: no tray icon may show there to bring it back', async () => {
    const { app, desk, ports, window } = await start({ platform: 'linux' });
    desk.signedIn = true;
    window().readyToShow();
    expect(window().close()).toBe(false);
    // In the taskbar (and Alt+Tab), still running, ringing for invitations the agent can see come.
    expect(window()).toMatchObject({ visible: true, minimized: true, destroyed: false });
    expect(ports().window.hidden?.()).toBe(true);
    expect(app.quitCalls).toBe(0);
    app.emit('second-instance');
    expect(window()).toMatchObject({ visible: true, minimized: false, focused: true });
  });

  it.each(['linux', 'win32'] as const)(
    'closes the window when signed out, and quits on %s',
    async (platform) => {
      const { app, desk, window } = await start({ platform });
      expect(window().close()).toBe(true);
      expect(app.quitCalls).toBe(1);
      await settle();
      expect(desk.shutdown).toHaveBeenCalledOnce();
      expect(app.exited).toBe(true);
    },
  );

  it('stays running on macOS when the window closes, and reopens it from the dock and tray', async () => {
    const { app, electron, window } = await start({ platform: 'darwin' });
    expect(window().close()).toBe(true);
    expect(app.quitCalls).toBe(0);
    app.emit('activate');
    expect(electron.liveWindows()).toEqual([window(1)]);
    expect(window(1).close()).toBe(true);
    electron.trays[0]?.emit('click');
    expect(electron.liveWindows()).toEqual([window(2)]);
  });

  it('focuses the window for the core, opening it again if it was closed', async () => {
    const { ports, window, electron } = await start({ platform: 'darwin' });
    window().readyToShow();
    window().hide();
    ports().window.focus('chat-1');
    expect(window()).toMatchObject({ visible: true, focused: true });
    window().close();
    ports().window.focus('chat-1');
    expect(electron.liveWindows()).toEqual([window(1)]);
    window(1).readyToShow();
    expect(window(1).visible).toBe(true);
  });

  it('tells the core whether the agent can see the window (hidden, minimized, closed)', async () => {
    const { ports, window } = await start({ platform: 'darwin' });
    const hidden = () => ports().window.hidden?.();
    window().readyToShow();
    expect(hidden()).toBe(false);
    window().hide();
    expect(hidden()).toBe(true);
    window().show();
    window().minimize();
    expect(hidden()).toBe(true);
    window().restore();
    expect(hidden()).toBe(false);
    window().close();
    expect(hidden()).toBe(true);
  });

  it('checks the connection after waking up and after the screen is unlocked', async () => {
    const { electron, desk, log } = await start();
    electron.powerMonitor.emit('resume');
    electron.powerMonitor.emit('unlock-screen');
    expect(desk.checkConnection).toHaveBeenCalledTimes(2);

    desk.checkConnection.mockRejectedValueOnce(new Error('no network'));
    electron.powerMonitor.emit('resume');
    await settle();
    expect(log.error).toHaveBeenCalledOnce();
  });

  it('signs out once before quitting, then quits for real', async () => {
    const { app, desk, electron } = await start();
    let finishShutdown: () => void = () => undefined;
    desk.shutdown.mockImplementation(
      () =>
        new Promise<void>((resolve) => {
          finishShutdown = resolve;
        }),
    );
    app.quit();
    app.quit();
    await settle();
    expect(desk.shutdown).toHaveBeenCalledOnce();
    expect(app.exited).toBe(false);
    expect(electron.trays[0]?.destroyed).toBe(false);

    finishShutdown();
    await settle();
    expect(app.exited).toBe(true);
    expect(electron.trays[0]?.destroyed).toBe(true);
    expect(electron.liveWindows()).toEqual([]);
    expect(desk.shutdown).toHaveBeenCalledOnce();
  });

  it.each([
    ['the power monitor says the system shuts down (Linux, macOS)', 'shutdown'],
    ["the window's session ends (Windows log-off)", 'session-end'],
  ])('signs out and quits when %s', async (_when, signal) => {
    const { app, desk, electron, window } = await start();
    desk.signedIn = true;
    const shutdown = fakeEvent();
    if (signal === 'shutdown') electron.powerMonitor.emit('shutdown', shutdown);
    else window().emit('session-end');
    await settle();
    expect(desk.shutdown).toHaveBeenCalledOnce();
    expect(app.exited).toBe(true);
    // The power monitor's event asks the OS to wait for the sign-out, and nobody is asked.
    expect(shutdown.defaultPrevented).toBe(signal === 'shutdown');
    expect(desk.mayQuit).not.toHaveBeenCalled();
  });

  it('quits from the tray menu the same way', async () => {
    const { app, desk, electron } = await start();
    desk.signedIn = true;
    electron.trays[0]?.menu?.template.find((item) => item.label === 'Quit')?.click?.();
    await settle();
    expect(desk.shutdown).toHaveBeenCalledOnce();
    // Quitting closes the window even though an agent was signed in.
    expect(electron.liveWindows()).toEqual([]);
    expect(app.exited).toBe(true);
  });

  it("asks the core before the tray menu's Quit, and stays when the agent cancels", async () => {
    const { app, desk, electron } = await start();
    desk.signedIn = true;
    desk.mayQuit.mockResolvedValueOnce(false);
    const quit = () =>
      electron.trays[0]?.menu?.template.find((item) => item.label === 'Quit')?.click?.();
    quit();
    await settle();
    expect(desk.mayQuit).toHaveBeenCalledOnce();
    expect(desk.shutdown).not.toHaveBeenCalled();
    expect(app.quitCalls).toBe(0);

    quit();
    await settle();
    expect(desk.shutdown).toHaveBeenCalledOnce();
    expect(app.exited).toBe(true);
  });

  it('asks the core before a quit from elsewhere (Cmd+Q, the dock), once however often it comes, and stays when the agent cancels', async () => {
    const { app, desk } = await start({ platform: 'darwin' });
    desk.signedIn = true;
    let answer: (go: boolean) => void = () => undefined;
    desk.mayQuit.mockImplementationOnce(
      () =>
        new Promise<boolean>((resolve) => {
          answer = resolve;
        }),
    );
    app.quit();
    app.quit();
    await settle();
    expect(desk.mayQuit).toHaveBeenCalledOnce();
    answer(false);
    await settle();
    expect(desk.shutdown).not.toHaveBeenCalled();
    expect(app.exited).toBe(false);

    app.quit();
    await settle();
    expect(desk.mayQuit).toHaveBeenCalledTimes(2);
    expect(desk.shutdown).toHaveBeenCalledOnce();
    expect(app.exited).toBe(true);
  });

  it('quits anyway when signing out takes too long', async () => {
    const { app, desk, log } = await start();
    desk.shutdown.mockImplementation(() => new Promise<void>(() => undefined));
    vi.useFakeTimers();
    app.quit();
    await vi.advanceTimersByTimeAsync(SHUTDOWN_TIMEOUT_MS - 1);
    expect(app.exited).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(app.exited).toBe(true);
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('quitting anyway'));
  });

  it('quits anyway when signing out fails', async () => {
    const { app, desk, log } = await start();
    desk.shutdown.mockRejectedValueOnce(new Error('cache is locked'));
    app.quit();
    await settle();
    expect(app.exited).toBe(true);
    expect(log.error).toHaveBeenCalledOnce();
  });

  it('shuts down a core that was still being built when the agent quit', async () => {
    let finishBuilding: () => void = () => undefined;
    const launched = launch({
      createCore: (_ports, desk) =>
        new Promise((resolve) => {
          finishBuilding = () => {
            resolve({ desk, dispatcher: new Map<string, ChannelHandler>() });
          };
        }),
    });
    await settle();
    expect(launched.createCore).toHaveBeenCalledOnce();
    launched.app.quit();
    await settle();
    expect(launched.app.exited).toBe(false);

    finishBuilding();
    await launched.running;
    await settle();
    expect(launched.desk.shutdown).toHaveBeenCalledOnce();
    expect(launched.app.exited).toBe(true);
    expect(launched.electron.windows).toEqual([]);
    expect(launched.electron.ipcMain.handlers.size).toBe(0);
  });

  it('routes notification clicks and actions to the core', async () => {
    const { electron, ports, desk } = await start({ platform: 'darwin' });
    const alerts = new Alerts({ dnd: () => false, sound: () => true });
    const alert = alerts.handle({ kind: 'invite', interactionId: 'chat-1', channel: 'chat' });
    if (alert === undefined) throw new Error('no alert');
    ports().notifications.show(alert);
    electron.notifications[0]?.click();
    electron.notifications[0]?.action(0);
    expect(desk.alertClicked).toHaveBeenCalledWith(alert.id);
    expect(desk.alertAction).toHaveBeenCalledWith(alert.id, 'accept');
  });

  it('pushes events to the window while it lives and drops them after', async () => {
    const { ports, window } = await start();
    ports().send('switchboard:agent:stateChanged', { dnd: false });
    expect(window().webContents.sent).toEqual([
      { channel: 'switchboard:agent:stateChanged', args: [{ dnd: false }] },
    ]);
    window().close();
    expect(() => {
      ports().send('switchboard:agent:stateChanged', { dnd: true });
    }).not.toThrow();
  });

  it('keeps the password vault on the OS secret store', async () => {
    const { electron, ports } = await start();
    electron.safeStorage.backend = 'basic_text';
    expect(ports().vault.unavailableReason()).toBe('noKeyring');
  });

  it('tells the agent and quits when the core cannot be built', async () => {
    const { app, electron, log } = await start({
      createCore: () => Promise.reject(new Error('The cache at /x is from a newer Switchboard')),
    });
    expect(electron.dialog.errorBoxes).toEqual([
      {
        title: 'Switchboard could not start',
        content: 'The cache at /x is from a newer Switchboard',
      },
    ]);
    expect(log.error).toHaveBeenCalledOnce();
    expect(app.quitCalls).toBe(1);
    await settle();
    expect(app.exited).toBe(true);
    expect(electron.windows).toEqual([]);
  });

  it("uses the installer's app id on Windows, so that its notifications show", async () => {
    const builderConfig = readFileSync(
      join(import.meta.dirname, '../../electron-builder.yml'),
      'utf8',
    );
    expect(/^appId:\s*(\S+)\s*$/mu.exec(builderConfig)?.[1]).toBe(APP_USER_MODEL_ID);
    expect((await start({ platform: 'win32' })).app.appUserModelId).toBe(APP_USER_MODEL_ID);
    expect((await start({ platform: 'linux' })).app.appUserModelId).toBeUndefined();
  });
});
