import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/server';
import {
  jsonLines,
  killSwitchboards,
  runSwitchboard,
  untilPrinted,
  waitUntil,
} from '../support/switchboardProcess';

// Issue 11, item 2, on the command line: `listen` printed an event before the cache committed
// it, so with a failing cache it printed lines it never stored, with no warning. Now it prints
// an event once committed, warns at once, and prints it when the repair has stored it. The
// cache is made to fail by another connection holding its write lock (SQLITE_BUSY).

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  killSwitchboards();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('prints an event only once the cache committed it, and warns while it cannot', async () => {
  const simulator: Simulator = await startSimulator({ port: 0, scenario: 'quiet' });
  cleanups.push(() => simulator.close());
  const folder = mkdtempSync(join(tmpdir(), 'switchboard-listen-storage-'));
  cleanups.push(() => {
    rmSync(folder, { recursive: true, force: true });
  });
  const dbPath = join(folder, 'cache.db');
  const listening = runSwitchboard(
    ['listen', '--server', simulator.url, '--user', 'agent1', '--ready', 'chat', '--db', dbPath],
    { SWITCHBOARD_PASSWORD: 'demo', XDG_CONFIG_HOME: folder, APPDATA: folder, HOME: folder },
  );
  await untilPrinted(
    listening,
    () => listening.output.stderr.includes('connection: connected'),
    'listen connected',
  );
  // Ready on chat (`--ready chat`): asked for once the sign-in is over, its reads included. A
  // lock taken while the sign-in still read the interactions held listen's thread 5 s (SQLite's
  // busy timeout), the simulator's keep-alive ran out meanwhile, and the read's next request
  // failed ("other side closed"): "Sign-in failed", which is not what this test is about.
  await waitUntil(
    () => simulator.world.agent('agent1').channels.get('chat')?.state === 'Ready',
    'Ready on chat, the sign-in over',
  );

  // Another connection takes the cache's write lock: every write of `listen` fails (busy).
  const locker = new BetterSqlite3(dbPath);
  cleanups.push(() => {
    if (locker.open) locker.close();
  });
  locker.exec('BEGIN IMMEDIATE');
  const chatId = simulator.control.startChat({
    customerNickName: 'Lock',
    subject: 'Written while locked',
    firstMessage: 'said while the cache was locked',
  });
  await untilPrinted(
    listening,
    () => listening.output.stderr.includes('the cache could not store events'),
    'the warning that the cache fails',
  );
  expect(listening.output.stderr).toMatch(/warning: .*locked/);
  const printedIds = () =>
    jsonLines(listening.output.stdout)
      .filter((line) => line.interactionId === chatId)
      .map((line) => line.event);
  // Nothing of the chat was committed, so nothing of it was printed.
  expect(printedIds()).toEqual([]);

  locker.exec('ROLLBACK');
  locker.close();
  await untilPrinted(
    listening,
    () =>
      printedIds().includes('interactionInvited') && printedIds().includes('chatEventsReceived'),
    'the invitation and its line printed once stored',
  );
  const stored = new BetterSqlite3(dbPath, { readonly: true });
  cleanups.push(() => {
    stored.close();
  });
  const lines = stored
    .prepare('SELECT text FROM chat_messages WHERE interaction_id = ?')
    .all(chatId) as { text: string | null }[];
  expect(lines.map((line) => line.text)).toContain('said while the cache was locked');

  listening.process.kill('SIGINT');
  expect(await listening.exited).toBe(0);
}, 90_000);
