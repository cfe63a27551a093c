import type * as ElectronModule from 'electron';

/* eslint-disable @typescript-eslint/unified-signatures -- one overload per event, as Electron
   declares them: a union of event names would match none of Electron's overloads, and
   checkElectronSatisfiesShell would fail. */

/**
 * The part of the `electron` module the shell uses, written out by hand as structural types.
 *
 * The shell's modules take this instead of importing Electron, for two reasons: tests run them
 * under Node against a small fake (tests/support/fakeElectron.ts), and the interface lists every
 * Electron API the app touches, so a security review reads one file. Only members the shell
 * calls are declared. {@link checkElectronSatisfiesShell} at the bottom makes `npm run typecheck`
 * fail when Electron's own typings stop matching (a member renamed, removed or retyped).
 *
 * Methods are declared with method syntax on purpose: TypeScript compares method parameters
 * bivariantly, which lets Electron's richer listener signatures (extra arguments, its own event
 * classes) satisfy these narrower ones, and lets the fake accept its own classes.
 */

/** An event whose default the listener may prevent (Electron's `Event`). */
export interface ShellEvent {
  preventDefault(): void;
}

/** A navigation about to happen (`will-navigate`, `will-redirect`). */
export interface ShellNavigationEvent extends ShellEvent {
  readonly url: string;
}

/** An image loaded from disk (Electron's `NativeImage`); opaque to the shell. */
export interface ShellImage {
  /** True when the file was missing or unreadable. */
  isEmpty(): boolean;
}

/** The call context of an `ipcMain.handle` listener. */
export interface ShellInvokeEvent {
  /** The frame that sent the call; null once it navigated away or was destroyed. */
  readonly senderFrame: {
    readonly url: string;
    /** The frame's parent: null for the window's top-level page, a frame for an iframe. */
    readonly parent: unknown;
  } | null;
}

export interface ShellIpcMain {
  handle(channel: string, listener: (event: ShellInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface ShellApp {
  /** Whether the app runs from an installed package (resources/ then sits in resourcesPath). */
  readonly isPackaged: boolean;
  getName(): string;
  getVersion(): string;
  requestSingleInstanceLock(): boolean;
  quit(): void;
  whenReady(): Promise<void>;
  getPath(name: 'userData'): string;
  /** The OS's preferred languages, most preferred first (BCP 47: `de-AT`, `en-US`). */
  getPreferredSystemLanguages(): string[];
  /** Windows: ties notifications and the taskbar to the installer's shortcut (electron-builder's appId). */
  setAppUserModelId(id: string): void;
  /** The dock/launcher badge (macOS, Unity launchers on Linux); false where unsupported. */
  setBadgeCount(count?: number): boolean;
  on(event: 'second-instance', listener: () => void): void;
  on(event: 'before-quit', listener: (event: ShellEvent) => void): void;
  on(event: 'activate', listener: () => void): void;
  on(event: 'window-all-closed', listener: () => void): void;
}

/** What Electron's `BaseWindow` has (dialogs may be parented to any window). */
export interface ShellBaseWindow {
  show(): void;
  hide(): void;
  focus(): void;
  minimize(): void;
  restore(): void;
  isMinimized(): boolean;
  /** False while hidden (closed to the tray) or not yet shown. */
  isVisible(): boolean;
  isDestroyed(): boolean;
  /** The taskbar overlay (Windows only). */
  setOverlayIcon(overlay: ShellImage | null, description: string): void;
  on(event: 'close', listener: (event: ShellEvent) => void): void;
  on(event: 'closed', listener: () => void): void;
  /** Windows: the user's session ends (log off, shutdown, restart). */
  on(event: 'session-end', listener: () => void): void;
}

/** Why the page's renderer process went (Electron's `RenderProcessGoneDetails`). */
export interface ShellRenderProcessGone {
  /** `clean-exit`, `crashed`, `oom`, `killed`, `abnormal-exit`, `launch-failed`, … */
  readonly reason: string;
  readonly exitCode: number;
}

export interface ShellWebContents {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
  setWindowOpenHandler(handler: (details: { readonly url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: ShellNavigationEvent) => void): void;
  on(event: 'will-redirect', listener: (event: ShellNavigationEvent) => void): void;
  on(event: 'will-attach-webview', listener: (event: ShellEvent) => void): void;
  on(
    event: 'render-process-gone',
    listener: (event: ShellEvent, details: ShellRenderProcessGone) => void,
  ): void;
}

export interface ShellBrowserWindow extends ShellBaseWindow {
  readonly webContents: ShellWebContents;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): void;
  // The base window's events, repeated: an interface's own overloads hide those it extends.
  on(event: 'close', listener: (event: ShellEvent) => void): void;
  on(event: 'closed', listener: () => void): void;
  on(event: 'session-end', listener: () => void): void;
  /** The page has not answered for a while (a busy or hung renderer), and again once it does. */
  on(event: 'unresponsive', listener: () => void): void;
  on(event: 'responsive', listener: () => void): void;
}

/** The renderer's isolation settings; every one is spelled out rather than left to defaults. */
export interface ShellWebPreferences {
  preload: string;
  contextIsolation: boolean;
  sandbox: boolean;
  nodeIntegration: boolean;
  nodeIntegrationInSubFrames: boolean;
  webSecurity: boolean;
  allowRunningInsecureContent: boolean;
  webviewTag: boolean;
  /** Off so that timers and IPC keep running while the window is hidden in the tray. */
  backgroundThrottling: boolean;
  spellcheck: boolean;
}

export interface ShellBrowserWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  icon?: string;
  webPreferences: ShellWebPreferences;
}

/** A context-menu entry, as `Menu.buildFromTemplate` takes it. */
export interface ShellMenuItem {
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox';
  label?: string;
  enabled?: boolean;
  checked?: boolean;
  submenu?: ShellMenuItem[];
  click?: () => void;
}

/** A built menu; opaque to the shell. */
export type ShellMenu = object;

/** The tray icon; images are given by path, as for its constructor. */
export interface ShellTray {
  setImage(imagePath: string): void;
  setToolTip(toolTip: string): void;
  setContextMenu(menu: ShellMenu | null): void;
  destroy(): void;
  isDestroyed(): boolean;
  on(event: 'click', listener: () => void): void;
}

export interface ShellNotificationOptions {
  title: string;
  body: string;
  silent: boolean;
  icon?: string;
  actions: { type: 'button'; text: string }[];
}

export interface ShellNotification {
  show(): void;
  close(): void;
  on(event: 'click', listener: () => void): void;
  /** Electron ≥ 35 passes the index in the event's details (the second argument is deprecated). */
  on(event: 'action', listener: (details: { readonly actionIndex: number }) => void): void;
  on(event: 'close', listener: () => void): void;
  on(event: 'failed', listener: (event: unknown, error: string) => void): void;
}

export interface ShellSafeStorage {
  isEncryptionAvailable(): boolean;
  /** Linux only: which secret store Chromium picked (`basic_text` means none). */
  getSelectedStorageBackend(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export interface ShellSaveDialogOptions {
  title?: string;
  defaultPath?: string;
  properties?: ('createDirectory' | 'showOverwriteConfirmation')[];
}

export interface ShellSaveDialogResult {
  readonly canceled: boolean;
  readonly filePath: string;
}

export interface ShellOpenDialogOptions {
  title?: string;
  properties?: ('openFile' | 'multiSelections')[];
}

export interface ShellOpenDialogResult {
  readonly canceled: boolean;
  readonly filePaths: string[];
}

/** Electron's `MessageBoxOptions`, as far as the shell asks questions. */
export interface ShellMessageBoxOptions {
  type?: 'none' | 'info' | 'error' | 'question' | 'warning';
  title?: string;
  message: string;
  detail?: string;
  buttons?: string[];
  defaultId?: number;
  cancelId?: number;
  noLink?: boolean;
}

export interface ShellMessageBoxResult {
  /** The index of the button chosen. */
  readonly response: number;
}

export interface ShellDialog {
  /** A question with buttons, modal to the window when one is given. */
  showMessageBox(
    window: ShellBaseWindow,
    options: ShellMessageBoxOptions,
  ): Promise<ShellMessageBoxResult>;
  showMessageBox(options: ShellMessageBoxOptions): Promise<ShellMessageBoxResult>;
  showOpenDialog(
    window: ShellBaseWindow,
    options: ShellOpenDialogOptions,
  ): Promise<ShellOpenDialogResult>;
  showOpenDialog(options: ShellOpenDialogOptions): Promise<ShellOpenDialogResult>;
  showSaveDialog(
    window: ShellBaseWindow,
    options: ShellSaveDialogOptions,
  ): Promise<ShellSaveDialogResult>;
  showSaveDialog(options: ShellSaveDialogOptions): Promise<ShellSaveDialogResult>;
  /** A blocking error message; the one way to tell the agent why the app could not start. */
  showErrorBox(title: string, content: string): void;
}

export interface ShellOsShell {
  openPath(path: string): Promise<string>;
  openExternal(url: string): Promise<void>;
}

export interface ShellPowerMonitor {
  on(event: 'resume', listener: () => void): void;
  on(event: 'unlock-screen', listener: () => void): void;
  /**
   * Linux and macOS: the system is shutting down or logging the user off; preventing the
   * default asks the OS to wait while the app quits. Electron's docs pass the event, its
   * typings do not: optional here.
   */
  on(event: 'shutdown', listener: (event?: ShellEvent) => void): void;
}

/** What `onHeadersReceived` sees of a response. */
export interface ShellResponseDetails {
  readonly url: string;
  readonly responseHeaders?: Record<string, string[]>;
}

export interface ShellHeadersResponse {
  responseHeaders?: Record<string, string | string[]>;
}

export interface ShellSession {
  readonly webRequest: {
    onHeadersReceived(
      listener: (
        details: ShellResponseDetails,
        callback: (response: ShellHeadersResponse) => void,
      ) => void,
    ): void;
  };
  setPermissionRequestHandler(
    handler: (
      webContents: unknown,
      permission: string,
      callback: (permissionGranted: boolean) => void,
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (webContents: unknown, permission: string, requestingOrigin: string) => boolean,
  ): void;
}

/** The narrow `electron` module of the shell. */
export interface ShellElectron {
  readonly app: ShellApp;
  readonly BrowserWindow: new (options: ShellBrowserWindowOptions) => ShellBrowserWindow;
  /**
   * Takes the icon's path: construct signatures are compared strictly, and a hand-written image
   * type cannot stand in for Electron's `NativeImage` there (`setImage` takes either).
   */
  readonly Tray: new (imagePath: string) => ShellTray;
  readonly Menu: { buildFromTemplate(template: ShellMenuItem[]): ShellMenu };
  readonly Notification: {
    new (options: ShellNotificationOptions): ShellNotification;
    isSupported(): boolean;
  };
  readonly nativeImage: { createFromPath(path: string): ShellImage };
  readonly safeStorage: ShellSafeStorage;
  readonly shell: ShellOsShell;
  readonly dialog: ShellDialog;
  readonly powerMonitor: ShellPowerMonitor;
  readonly ipcMain: ShellIpcMain;
  readonly session: { readonly defaultSession: ShellSession };
}

/**
 * Compile-time proof that Electron's real module satisfies {@link ShellElectron}: if a member
 * the shell uses is renamed, removed or retyped in Electron's typings, this assignment stops
 * compiling. It is also what main/index.ts may use to hand the module to the shell.
 */
export function checkElectronSatisfiesShell(electron: typeof ElectronModule): ShellElectron {
  return electron;
}
