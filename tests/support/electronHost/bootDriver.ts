import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fake } from './electronModule';

/**
 * Loaded with `--import` beside the built main bundle (see tests/e2e/mainBundle.test.ts): plays
 * the OS and the renderer against the real shell, core, cache, search worker and demo simulator,
 * then quits and prints one `BOOT-REPORT <json>` line for the test to check. The renderer's calls
 * go through the shell's real ipcMain handlers, with the sender URL a real window would have.
 */

const rendererUrl = pathToFileURL(join(process.cwd(), 'out/renderer/index.html')).href;
const report: Record<string, unknown> = {};

async function until(what: string, predicate: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

interface Answer {
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: { kind: string; message: string };
}

function invoke(channel: string, ...args: unknown[]): Promise<Answer> {
  return fake.ipcMain.invoke(channel, rendererUrl, ...args) as Promise<Answer>;
}

async function drive(): Promise<void> {
  // Electron is ready once the main module has loaded and asked: so is the fake.
  let asked = false;
  const whenReady = fake.app.whenReady.bind(fake.app);
  fake.app.whenReady = () => {
    asked = true;
    return whenReady();
  };
  await until('the bundle to load', () => asked);
  const ready = performance.now();
  fake.app.markReady();
  await until('the shell to start', () => fake.windows.length > 0);
  // From Electron's ready to the window: the cache, the search worker and the demo server open.
  report.windowAfterReadyMs = Math.round(performance.now() - ready);
  const [window] = fake.windows;
  if (window === undefined) throw new Error('no window');
  report.windowUrl = window.loadedUrl;
  report.webPreferences = window.options.webPreferences;
  report.foreignCaller = await fake.ipcMain.invoke(
    'switchboard:session:getState',
    'https://attacker.example/',
  );
  const state = await invoke('switchboard:session:getState');
  report.state = state;
  const prefill = state.value as { serverUrl: string; userName: string; demoPassword: string };
  report.signIn = await invoke('switchboard:session:signIn', {
    serverUrl: prefill.serverUrl,
    userName: prefill.userName,
    password: prefill.demoPassword,
    remember: false,
  });
  report.ready = await invoke('switchboard:agent:setReady');
  await until('an invitation notification', () => fake.notifications.some((shown) => shown.shown));
  const notification = fake.notifications.find((shown) => shown.shown);
  report.notification = { title: notification?.options.title, body: notification?.options.body };
  // The demo offers its e-mail at 1 s and its chat at 2.5 s, so the tray may name either one
  // or both when the first rings (both at once when sign-in took longer): it is read once both
  // wait, the count main gives the renderer, before the demo's next one at 25 s or later.
  await until("the demo's chat to wait too", async () => {
    const waiting = await invoke('switchboard:app:invitationsWaiting');
    return waiting.ok && waiting.value === 2;
  });
  report.trayImage = fake.trays[0]?.image;
  report.trayToolTip = fake.trays[0]?.toolTip;
  await until('the search worker to find the demo e-mail', async () => {
    const answer = await invoke('switchboard:interactions:search', 'charged twice');
    report.search = answer;
    return answer.ok && Array.isArray(answer.value) && answer.value.length > 0;
  });
  report.pushed = [...new Set(window.webContents.sent.map((message) => message.channel))];
  fake.app.quit();
  await until('the app to quit', () => fake.app.exited);
  report.exited = fake.app.exited;
  report.trayDestroyed = fake.trays[0]?.destroyed;
  process.stdout.write(`BOOT-REPORT ${JSON.stringify(report)}\n`);
}

drive().catch((error: unknown) => {
  process.stdout.write(
    `BOOT-FAILED ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
