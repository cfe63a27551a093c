import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow } from 'electron';
import { contract } from '../common/contract';
import { serveContractOverIpc } from './electron/ipc';
import { createMainWindow } from './electron/window';
import { createDispatcher } from './ipc/dispatcher';
import { createAppHandlers } from './workstation/appService';

// Composition root of the desktop app: it gathers the runtime facts, builds the core and wires
// it to Electron. Logic belongs in the modules it imports, where tests can reach it.

const rendererUrl =
  process.env.ELECTRON_RENDERER_URL ??
  pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href;
const preloadPath = join(import.meta.dirname, '../preload/index.cjs');

function openWindow(): void {
  createMainWindow({ preloadPath, rendererUrl });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  void app.whenReady().then(() => {
    const dispatcher = createDispatcher(
      contract,
      {
        app: createAppHandlers({
          name: app.getName(),
          version: app.getVersion(),
          platform: process.platform,
          arch: process.arch,
          versions: process.versions,
        }),
      },
      {
        error: (message, detail) => {
          console.error(message, detail);
        },
      },
    );
    serveContractOverIpc(dispatcher, rendererUrl);
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
