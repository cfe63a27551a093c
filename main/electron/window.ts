import { BrowserWindow, shell } from 'electron';

export interface MainWindowOptions {
  readonly preloadPath: string;
  readonly rendererUrl: string;
}

/**
 * The one application window. The renderer is isolated and sandboxed: it reaches main only
 * through the preload's contract client. It may not navigate away or open windows; links to the
 * web open in the user's browser instead.
 */
export function createMainWindow({ preloadPath, rendererUrl }: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Switchboard',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: true,
    },
  });

  window.once('ready-to-show', () => {
    window.show();
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (url !== rendererUrl) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https:') || url.startsWith('mailto:')) {
      void shell.openExternal(url);
    }
    return { action: 'deny' };
  });

  void window.loadURL(rendererUrl);
  return window;
}
