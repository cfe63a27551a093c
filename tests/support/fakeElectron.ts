import type {
  ShellApp,
  ShellBaseWindow,
  ShellBrowserWindow,
  ShellBrowserWindowOptions,
  ShellDialog,
  ShellElectron,
  ShellEvent,
  ShellHeadersResponse,
  ShellImage,
  ShellInvokeEvent,
  ShellIpcMain,
  ShellMenu,
  ShellMenuItem,
  ShellNotification,
  ShellNotificationOptions,
  ShellOsShell,
  ShellPowerMonitor,
  ShellResponseDetails,
  ShellSafeStorage,
  ShellSaveDialogOptions,
  ShellSaveDialogResult,
  ShellMessageBoxOptions,
  ShellMessageBoxResult,
  ShellOpenDialogOptions,
  ShellOpenDialogResult,
  ShellSession,
  ShellTray,
  ShellWebContents,
} from '../../main/electron/electronApi';

/**
 * A small stand-in for the Electron module, implementing the shell's narrow interface
 * (main/electron/electronApi.ts) with plain objects that record what the shell did and let a
 * test emit what the OS would. It imitates only the behaviour the shell relies on: events with
 * `preventDefault`, `app.quit()` asking `before-quit` and the windows first, a window's close
 * being cancellable, `window-all-closed` after the last window closed (but not while quitting).
 */

type Listener = (...args: never[]) => void;

/** An event object whose default can be prevented, as Electron passes to listeners. */
export interface FakeEvent extends ShellEvent {
  readonly defaultPrevented: boolean;
}

export function fakeEvent<Extra extends object>(extra?: Extra): FakeEvent & Extra {
  let prevented = false;
  return {
    ...(extra ?? ({} as Extra)),
    preventDefault: () => {
      prevented = true;
    },
    get defaultPrevented() {
      return prevented;
    },
  };
}

/** Listeners by event name; `emit` calls them in order with the given arguments. */
export class FakeEmitter {
  private readonly listeners = new Map<string, { listener: Listener; once: boolean }[]>();

  on(event: string, listener: Listener): void {
    this.add(event, listener, false);
  }

  once(event: string, listener: Listener): void {
    this.add(event, listener, true);
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  emit(event: string, ...args: unknown[]): void {
    const registered = this.listeners.get(event) ?? [];
    this.listeners.set(
      event,
      registered.filter((entry) => !entry.once),
    );
    for (const { listener } of registered) (listener as (...values: unknown[]) => void)(...args);
  }

  private add(event: string, listener: Listener, once: boolean): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { listener, once }]);
  }
}

export class FakeImage implements ShellImage {
  constructor(
    readonly path: string,
    private readonly empty: boolean,
  ) {}

  isEmpty(): boolean {
    return this.empty;
  }
}

export class FakeWebContents extends FakeEmitter implements ShellWebContents {
  destroyed = false;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  /** The page's renderer process went (`render-process-gone`), for `reason`. */
  renderProcessGone(reason: string, exitCode = 0): void {
    this.emit('render-process-gone', fakeEvent(), { reason, exitCode });
  }
  windowOpenHandler: ((details: { readonly url: string }) => { action: 'deny' }) | undefined;

  isDestroyed(): boolean {
    return this.destroyed;
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }

  setWindowOpenHandler(handler: (details: { readonly url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  /** The page asks to navigate (`will-navigate`); true when a listener prevented it. */
  navigate(url: string, event: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const navigation = fakeEvent({ url });
    this.emit(event, navigation);
    return navigation.defaultPrevented;
  }

  /** The page calls `window.open(url)`; returns what the handler answered. */
  openWindow(url: string): { action: string } {
    if (this.windowOpenHandler === undefined) throw new Error('no window open handler');
    return this.windowOpenHandler({ url });
  }
}

export class FakeBrowserWindow extends FakeEmitter implements ShellBrowserWindow {
  readonly webContents = new FakeWebContents();
  visible = false;
  minimized = false;
  focused = false;
  destroyed = false;
  loadedUrl: string | undefined;
  readonly overlays: { image: FakeImage | null; description: string }[] = [];

  constructor(
    readonly options: ShellBrowserWindowOptions,
    private readonly owner: FakeElectron,
  ) {
    super();
    owner.windows.push(this);
  }

  show(): void {
    this.visible = true;
    this.minimized = false;
  }

  hide(): void {
    this.visible = false;
    this.focused = false;
  }

  focus(): void {
    this.focused = true;
  }

  restore(): void {
    this.minimized = false;
  }

  minimize(): void {
    this.minimized = true;
    this.focused = false;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  isVisible(): boolean {
    return this.visible;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  setOverlayIcon(overlay: ShellImage | null, description: string): void {
    this.overlays.push({ image: overlay as FakeImage | null, description });
  }

  /** How many times a page was loaded into the window. */
  loads = 0;

  loadURL(url: string): Promise<void> {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.loadedUrl = url;
    this.loads += 1;
    return Promise.resolve();
  }

  /** The first paint is ready: Electron emits `ready-to-show`. */
  readyToShow(): void {
    this.emit('ready-to-show');
  }

  /**
   * The agent clicks the window's close button (or the app closes it while quitting): `close`
   * may cancel it; otherwise the window is destroyed and `closed` follows. Returns whether it
   * closed.
   */
  close(quitting = false): boolean {
    const event = fakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.visible = false;
    this.emit('closed');
    if (!quitting && this.owner.liveWindows().length === 0) {
      this.owner.app.emit('window-all-closed');
    }
    return true;
  }
}

export class FakeApp extends FakeEmitter implements ShellApp {
  readonly isPackaged = false;
  singleInstanceLock = true;
  quitCalls = 0;
  /** Set once a quit went through: nothing prevented it and every window closed. */
  exited = false;
  readonly badgeCounts: number[] = [];
  appUserModelId: string | undefined;
  userDataPath = '/fake/user-data';
  /** What the OS says its preferred languages are. */
  systemLanguages = ['en-US'];
  readonly pathsAsked: string[] = [];
  private resolveReady: () => void = () => undefined;
  private readonly ready = new Promise<void>((resolve) => {
    this.resolveReady = resolve;
  });

  constructor(private readonly owner: FakeElectron) {
    super();
  }

  getName(): string {
    return 'Switchboard';
  }

  getVersion(): string {
    return '0.0.0-fake';
  }

  requestSingleInstanceLock(): boolean {
    return this.singleInstanceLock;
  }

  /** Electron's order: `before-quit` (cancellable), then every window is asked to close. */
  quit(): void {
    this.quitCalls += 1;
    const event = fakeEvent();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    for (const window of this.owner.liveWindows()) if (!window.close(true)) return;
    this.exited = true;
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  /** Electron finished starting: `whenReady()` resolves. */
  markReady(): void {
    this.resolveReady();
  }

  getPath(name: 'userData'): string {
    this.pathsAsked.push(name);
    return this.userDataPath;
  }

  getPreferredSystemLanguages(): string[] {
    return [...this.systemLanguages];
  }

  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }

  setBadgeCount(count?: number): boolean {
    this.badgeCounts.push(count ?? 0);
    return true;
  }
}

export class FakeMenu {
  constructor(readonly template: ShellMenuItem[]) {}
}

export class FakeTray extends FakeEmitter implements ShellTray {
  readonly images: string[] = [];
  readonly toolTips: string[] = [];
  readonly menus: (FakeMenu | null)[] = [];
  destroyed = false;

  constructor(imagePath: string) {
    super();
    this.images.push(imagePath);
  }

  get image(): string | undefined {
    return this.images.at(-1);
  }

  get toolTip(): string | undefined {
    return this.toolTips.at(-1);
  }

  get menu(): FakeMenu | null | undefined {
    return this.menus.at(-1);
  }

  setImage(imagePath: string): void {
    this.images.push(imagePath);
  }

  setToolTip(toolTip: string): void {
    this.toolTips.push(toolTip);
  }

  setContextMenu(menu: ShellMenu | null): void {
    if (menu !== null && !(menu instanceof FakeMenu)) throw new Error('not a menu of this fake');
    this.menus.push(menu);
  }

  destroy(): void {
    this.destroyed = true;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeNotification extends FakeEmitter implements ShellNotification {
  shown = false;
  closed = false;

  constructor(readonly options: ShellNotificationOptions) {
    super();
  }

  show(): void {
    this.shown = true;
  }

  /** Like Electron: closing emits `close`. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close', fakeEvent());
  }

  click(): void {
    this.emit('click', fakeEvent());
  }

  /** The agent chose the action at `actionIndex` (Electron ≥ 35 passes it in the details). */
  action(actionIndex: number): void {
    this.emit('action', fakeEvent({ actionIndex, selectionIndex: -1 }), actionIndex, -1);
  }
}

export class FakeSafeStorage implements ShellSafeStorage {
  encryptionAvailable = true;
  backend = 'gnome_libsecret';
  private static readonly PREFIX = Buffer.from('fake-v1:');

  isEncryptionAvailable(): boolean {
    return this.encryptionAvailable;
  }

  getSelectedStorageBackend(): string {
    return this.backend;
  }

  /** Reversible but never equal to the plain text: a prefix, then each byte inverted. */
  encryptString(plainText: string): Buffer {
    if (!this.encryptionAvailable) throw new Error('Encryption is not available.');
    const bytes = Buffer.from(plainText, 'utf8').map((byte) => byte ^ 0xff);
    return Buffer.concat([FakeSafeStorage.PREFIX, bytes]);
  }

  decryptString(encrypted: Buffer): string {
    if (!this.encryptionAvailable) throw new Error('Decryption is not available.');
    const prefix = encrypted.subarray(0, FakeSafeStorage.PREFIX.length);
    if (!prefix.equals(FakeSafeStorage.PREFIX)) throw new Error('Error while decrypting');
    const bytes = encrypted.subarray(FakeSafeStorage.PREFIX.length).map((byte) => byte ^ 0xff);
    return Buffer.from(bytes).toString('utf8');
  }
}

export class FakeDialog implements ShellDialog {
  readonly saveCalls: { window: ShellBaseWindow | undefined; options: ShellSaveDialogOptions }[] =
    [];
  readonly errorBoxes: { title: string; content: string }[] = [];
  saveResult: ShellSaveDialogResult = { canceled: true, filePath: '' };
  readonly openCalls: { window: ShellBaseWindow | undefined; options: ShellOpenDialogOptions }[] =
    [];
  openResult: ShellOpenDialogResult = { canceled: true, filePaths: [] };

  showOpenDialog(
    window: ShellBaseWindow,
    options: ShellOpenDialogOptions,
  ): Promise<ShellOpenDialogResult>;
  showOpenDialog(options: ShellOpenDialogOptions): Promise<ShellOpenDialogResult>;
  showOpenDialog(
    first: ShellBaseWindow | ShellOpenDialogOptions,
    second?: ShellOpenDialogOptions,
  ): Promise<ShellOpenDialogResult> {
    this.openCalls.push(
      second === undefined
        ? { window: undefined, options: first as ShellOpenDialogOptions }
        : { window: first as ShellBaseWindow, options: second },
    );
    return Promise.resolve(this.openResult);
  }

  showSaveDialog(
    window: ShellBaseWindow,
    options: ShellSaveDialogOptions,
  ): Promise<ShellSaveDialogResult>;
  showSaveDialog(options: ShellSaveDialogOptions): Promise<ShellSaveDialogResult>;
  showSaveDialog(
    first: ShellBaseWindow | ShellSaveDialogOptions,
    second?: ShellSaveDialogOptions,
  ): Promise<ShellSaveDialogResult> {
    this.saveCalls.push(
      second === undefined
        ? { window: undefined, options: first as ShellSaveDialogOptions }
        : { window: first as ShellBaseWindow, options: second },
    );
    return Promise.resolve(this.saveResult);
  }

  showErrorBox(title: string, content: string): void {
    this.errorBoxes.push({ title, content });
  }

  readonly messageBoxes: {
    window: ShellBaseWindow | undefined;
    options: ShellMessageBoxOptions;
  }[] = [];
  /** The button the next message box answers with (by index). */
  messageBoxResponse = 0;

  showMessageBox(
    window: ShellBaseWindow,
    options: ShellMessageBoxOptions,
  ): Promise<ShellMessageBoxResult>;
  showMessageBox(options: ShellMessageBoxOptions): Promise<ShellMessageBoxResult>;
  showMessageBox(
    first: ShellBaseWindow | ShellMessageBoxOptions,
    second?: ShellMessageBoxOptions,
  ): Promise<ShellMessageBoxResult> {
    this.messageBoxes.push(
      second === undefined
        ? { window: undefined, options: first as ShellMessageBoxOptions }
        : { window: first as ShellBaseWindow, options: second },
    );
    return Promise.resolve({ response: this.messageBoxResponse });
  }
}

export class FakeOsShell implements ShellOsShell {
  readonly openedPaths: string[] = [];
  readonly openedExternal: string[] = [];
  openPathAnswer = '';

  openPath(path: string): Promise<string> {
    this.openedPaths.push(path);
    return Promise.resolve(this.openPathAnswer);
  }

  openExternal(url: string): Promise<void> {
    this.openedExternal.push(url);
    return Promise.resolve();
  }
}

export class FakeIpcMain implements ShellIpcMain {
  readonly handlers = new Map<string, (event: ShellInvokeEvent, ...args: unknown[]) => unknown>();

  handle(channel: string, listener: (event: ShellInvokeEvent, ...args: unknown[]) => unknown) {
    // Electron refuses a second handler for a channel.
    if (this.handlers.has(channel)) throw new Error(`second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What `ipcRenderer.invoke(channel, ...args)` from the top-level page at `senderUrl` gets. */
  invoke(channel: string, senderUrl: string | null, ...args: unknown[]): Promise<unknown> {
    return this.dispatch(
      channel,
      senderUrl === null ? null : { url: senderUrl, parent: null },
      args,
    );
  }

  /** The same call from an iframe at `senderUrl` inside the page. */
  invokeFromSubframe(channel: string, senderUrl: string, ...args: unknown[]): Promise<unknown> {
    return this.dispatch(channel, { url: senderUrl, parent: { url: 'about:parent' } }, args);
  }

  private dispatch(
    channel: string,
    senderFrame: ShellInvokeEvent['senderFrame'],
    args: unknown[],
  ): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (handler === undefined) {
      return Promise.reject(new Error(`No handler registered for '${channel}'`));
    }
    return Promise.resolve(handler({ senderFrame }, ...args));
  }
}

export class FakeSession implements ShellSession {
  permissionRequestHandler:
    | ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void)
    | undefined;
  permissionCheckHandler:
    ((webContents: unknown, permission: string, requestingOrigin: string) => boolean) | undefined;
  headersListener:
    | ((details: ShellResponseDetails, callback: (response: ShellHeadersResponse) => void) => void)
    | undefined;
  readonly webRequest = {
    onHeadersReceived: (
      listener: (
        details: ShellResponseDetails,
        callback: (response: ShellHeadersResponse) => void,
      ) => void,
    ): void => {
      this.headersListener = listener;
    },
  };

  setPermissionRequestHandler(
    handler: (
      webContents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
    ) => void,
  ): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(
    handler: (webContents: unknown, permission: string, requestingOrigin: string) => boolean,
  ): void {
    this.permissionCheckHandler = handler;
  }

  /** A response arrives; returns what the listener answered (synchronously, as the shell does). */
  respond(details: ShellResponseDetails): ShellHeadersResponse {
    if (this.headersListener === undefined) throw new Error('no onHeadersReceived listener');
    let answer: ShellHeadersResponse | undefined;
    this.headersListener(details, (response) => {
      answer = response;
    });
    if (answer === undefined) throw new Error('the listener did not call back');
    return answer;
  }
}

export interface FakeElectronOptions {
  /** Whether `Notification.isSupported()` says yes (default true). */
  readonly notificationsSupported?: boolean;
  /** Image paths `nativeImage.createFromPath` treats as missing files. */
  readonly missingImages?: readonly string[];
}

/** The fake `electron` module; create one per test. */
export class FakeElectron implements ShellElectron {
  readonly windows: FakeBrowserWindow[] = [];
  readonly trays: FakeTray[] = [];
  readonly notifications: FakeNotification[] = [];
  readonly app = new FakeApp(this);
  readonly safeStorage = new FakeSafeStorage();
  readonly shell = new FakeOsShell();
  readonly dialog = new FakeDialog();
  readonly powerMonitor: FakeEmitter & ShellPowerMonitor = new FakeEmitter();
  readonly ipcMain = new FakeIpcMain();
  readonly session = { defaultSession: new FakeSession() };
  readonly Menu = {
    buildFromTemplate: (template: ShellMenuItem[]): FakeMenu => new FakeMenu(template),
  };
  readonly nativeImage: { createFromPath(path: string): FakeImage };
  readonly BrowserWindow: new (options: ShellBrowserWindowOptions) => FakeBrowserWindow;
  readonly Tray: new (imagePath: string) => FakeTray;
  readonly Notification: {
    new (options: ShellNotificationOptions): FakeNotification;
    isSupported(): boolean;
  };
  notificationsSupported: boolean;

  constructor(options: FakeElectronOptions = {}) {
    this.notificationsSupported = options.notificationsSupported ?? true;
    const missing = new Set(options.missingImages ?? []);
    this.nativeImage = {
      createFromPath: (path) => new FakeImage(path, missing.has(path)),
    };
    this.BrowserWindow = windowClassOf(this);
    this.Tray = trayClassOf(this);
    this.Notification = notificationClassOf(this);
  }

  /** A window made directly, for tests of modules that are handed one. */
  openBareWindow(): FakeBrowserWindow {
    return new this.BrowserWindow({
      width: 800,
      height: 600,
      minWidth: 400,
      minHeight: 300,
      show: false,
      title: 'test',
      webPreferences: {
        preload: '/preload.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        backgroundThrottling: false,
        spellcheck: false,
      },
    });
  }

  /** Windows not destroyed yet. */
  liveWindows(): FakeBrowserWindow[] {
    return this.windows.filter((window) => !window.destroyed);
  }
}

// Electron's classes are module-wide; the fake's are made per fake module so that what they
// create is recorded on it.

function windowClassOf(owner: FakeElectron) {
  return class extends FakeBrowserWindow {
    constructor(windowOptions: ShellBrowserWindowOptions) {
      super(windowOptions, owner);
    }
  };
}

function trayClassOf(owner: FakeElectron) {
  return class extends FakeTray {
    constructor(imagePath: string) {
      super(imagePath);
      owner.trays.push(this);
    }
  };
}

function notificationClassOf(owner: FakeElectron) {
  return class extends FakeNotification {
    constructor(notificationOptions: ShellNotificationOptions) {
      super(notificationOptions);
      owner.notifications.push(this);
    }

    static isSupported(): boolean {
      return owner.notificationsSupported;
    }
  };
}
