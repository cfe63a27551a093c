import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as electronModule from 'electron';
import { contract } from '../common/contract';
import { startSimulator } from '../simulator/server';
import { checkElectronSatisfiesShell } from './electron/electronApi';
import { startShell } from './electron/shell';
import { createDispatcher } from './ipc/dispatcher';
import { openDesk, type DeskLog } from './workstation/desk';

// Composition root of the desktop app: it gathers the runtime facts, builds the core and hands
// it to the shell. Logic belongs in the modules it imports, where tests can reach it.

// Everything below sees Electron only through the shell's narrow, type-checked interface.
const electron = checkElectronSatisfiesShell(electronModule);

// The dev server's URL (electron-vite dev) is honoured only in a development build: an
// installed app must never load its privileged page from wherever an environment variable says.
const devServerUrl = electron.app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const rendererUrl =
  devServerUrl ?? pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href;
const preloadPath = join(import.meta.dirname, '../preload/index.cjs');
// Packaged, resources/ ships as extraResources (electron-builder.yml: to `resources/` inside
// the app's resources folder); from a build in the repository, it is the repository's own.
const resourcesPath = electron.app.isPackaged
  ? join(process.resourcesPath, 'resources')
  : join(import.meta.dirname, '../../resources');

const verbose = process.env.SWITCHBOARD_DEBUG === '1';
const log: DeskLog = {
  debug: (message) => {
    if (verbose) console.debug(message);
  },
  info: (message) => {
    console.info(message);
  },
  warn: (message) => {
    console.warn(message);
  },
  error: (message, detail) => {
    console.error(message, detail);
  },
};

/** The built-in GWS simulator with its demo traffic, on a free loopback port. */
async function startDemo() {
  const simulator = await startSimulator({ port: 0, host: '127.0.0.1', scenario: 'demo' });
  return {
    serverUrl: simulator.url,
    userName: 'agent1',
    password: 'demo',
    close: () => simulator.close(),
  };
}

void startShell(electron, {
  rendererUrl,
  preloadPath,
  resourcesPath,
  log,
  createCore: async (ports) => {
    const { app } = electron;
    const desk = await openDesk({
      dataDir: ports.userDataPath,
      send: (channel, payload) => {
        ports.send(channel, payload);
      },
      vault: ports.vault,
      notifications: ports.notifications,
      window: ports.window,
      files: ports.files,
      leaving: ports.leaving,
      systemLanguages: ports.systemLanguages,
      runtime: {
        name: app.getName(),
        version: app.getVersion(),
        platform: process.platform,
        arch: process.arch,
        versions: process.versions,
      },
      startDemo,
      log,
    });
    return { desk, dispatcher: createDispatcher(contract, desk.handlers, log) };
  },
});
