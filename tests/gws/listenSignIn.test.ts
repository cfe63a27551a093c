import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/server';
import {
  runSwitchboard,
  untilPrinted,
  untilWhileRunning,
  waitUntil,
  type SwitchboardRun,
} from '../support/switchboardProcess';

// `switchboard listen` through faults of the sign-in (issue 11, item 1): a blip never ends it;
// a password refused by the server ends it through its own shutdown path, exit 1, cache closed.

/**
 * What a test runs on: a simulator it starts, a folder of its own (its app data and caches), and
 * the commands it runs, killed when the test ends whatever other tests run at the same time.
 */
interface Own {
  /** The test's app-data folder. */
  readonly appData: string;
  /** Starts the test's simulator (quiet unless `options` say otherwise), closed when it ends. */
  readonly startSimulator: (options?: Partial<SimulatorOptions>) => Promise<Simulator>;
  /** Runs `switchboard listen` on `server` with the cache `db`, as agent1, chat Ready. */
  readonly listen: (server: Simulator, db: string) => SwitchboardRun;
}

// Vitest reads a fixture's first parameter as a pattern (the fixtures it uses): here none.
// eslint-disable-next-line no-empty-pattern
const listenTest = test.extend('own', ({}, { onCleanup }): Own => {
  const appData = mkdtempSync(join(tmpdir(), 'switchboard-listen-'));
  const simulators: Simulator[] = [];
  const runs: SwitchboardRun[] = [];
  onCleanup(async () => {
    for (const run of runs) run.process.kill('SIGKILL');
    await Promise.all(runs.map((run) => run.exited));
    await Promise.all(simulators.map((simulator) => simulator.close()));
    rmSync(appData, { recursive: true, force: true });
  });
  return {
    appData,
    startSimulator: async (options = {}) => {
      const simulator = await startSimulator({ port: 0, scenario: 'quiet', ...options });
      simulators.push(simulator);
      return simulator;
    },
    listen: (server, db) => {
      const args = ['listen', '--server', server.url, '--user', 'agent1', '--ready', 'chat'];
      const run = runSwitchboard([...args, '--db', db], {
        XDG_CONFIG_HOME: appData,
        APPDATA: appData,
        HOME: appData,
        SWITCHBOARD_PASSWORD: 'demo',
      });
      runs.push(run);
      return run;
    },
  };
});

/** Waits until listen has signed in and set chat Ready: its sign-in is over. */
async function signedIn(server: Simulator, listening: SwitchboardRun): Promise<void> {
  await untilWhileRunning(
    listening,
    () => server.world.agent('agent1').channels.get('chat')?.state === 'Ready',
    'listen signed in and Ready',
  );
}

const SENTENCE = 'The server refused the password for agent1: sign in again with the new password.';

describe.concurrent('switchboard listen and the sign-in', () => {
  listenTest(
    'exits 1 with one sentence, after closing the cache, when the password is refused',
    async ({ own: { appData, startSimulator, listen }, expect }) => {
      const simulator = await startSimulator();
      const db = join(appData, 'refused.sqlite');
      const listening = listen(simulator, db);
      await signedIn(simulator, listening);
      // The cache is open in WAL mode while listen runs; closing it removes the -wal file.
      expect(existsSync(`${db}-wal`)).toBe(true);

      simulator.control.setPassword('agent1', 'changed-by-the-administrator');
      simulator.control.expireHttpSessions();
      simulator.control.dropCometdSessions();

      expect(await listening.exited).toBe(1);
      const { stderr } = listening.output;
      expect(stderr).toContain(`${SENTENCE}\n`);
      expect(stderr).not.toMatch(/unsettled top-level await/i);
      expect(stderr).not.toContain('Warning');
      expect(existsSync(`${db}-wal`)).toBe(false);
    },
    30_000,
  );

  listenTest(
    'stopped with Ctrl-C while its sign-in is under way, lets it settle and signs out',
    async ({ own: { appData, startSimulator, listen }, expect }) => {
      const simulator = await startSimulator();
      const running = simulator;
      // Every REST answer of the sign-in comes late (GET /me, StartContactCenterSession, …): the
      // server acts on each at once.
      running.control.failNextRequests(['answerLate', 'answerLate', 'answerLate', 'answerLate']);
      const listening = listen(running, join(appData, 'interrupted.sqlite'));
      // The server started the agent's session; its answer is still on its way to listen.
      await untilWhileRunning(
        listening,
        () => running.world.agent('agent1').sessionStarted,
        'the contact center session started',
      );
      listening.process.kill('SIGINT');
      expect(await listening.exited).toBe(0);
      expect(listening.output.stderr).toContain('SIGINT: signing out once the sign-in settles\n');
      // Signed out: the server does not keep the agent logged in (and routing to them).
      expect(running.world.agent('agent1').sessionStarted).toBe(false);
      expect(running.world.agent('agent1').channels.get('chat')?.state).not.toBe('Ready');
    },
    30_000,
  );

  listenTest(
    'says in one line that a contact center without api-multimedia brings no e-mail or chat',
    async ({ own: { appData, startSimulator, listen }, expect }) => {
      const simulator = await startSimulator({ withoutMultimedia: true });
      const listening = listen(simulator, join(appData, 'no-multimedia.sqlite'));
      await signedIn(simulator, listening);
      await untilPrinted(
        listening,
        () => listening.output.stderr.includes('api-multimedia'),
        'the note on the missing feature',
      );
      const notes = listening.output.stderr
        .split('\n')
        .filter((line) => line.includes('api-multimedia'));
      expect(notes).toEqual([
        'note: this contact center has no api-multimedia feature: no e-mail or chat will arrive; ask its administrator to enable it',
      ]);
      // The events on stdout stay events only.
      expect(listening.output.stdout).not.toContain('api-multimedia');
      listening.process.kill('SIGINT');
      expect(await listening.exited).toBe(0);
    },
    30_000,
  );

  listenTest(
    'lives through a denied handshake followed by 1.5 s of refused connections',
    async ({ own: { appData, startSimulator, listen }, expect }) => {
      const simulator = await startSimulator();
      const running = simulator;
      const db = join(appData, 'blip.sqlite');
      const listening = listen(running, db);
      await signedIn(running, listening);
      const exits: (number | null)[] = [];
      void listening.exited.then((code) => exits.push(code));

      let outage: Promise<void> | undefined;
      running.control.afterNextDeniedHandshake(() => {
        outage = running.control.refuseConnections(1500);
      });
      running.control.expireHttpSessions();
      running.control.dropCometdSessions();
      await waitUntil(() => outage !== undefined, 'the outage after the denial');
      await outage;
      const connectedBefore = listening.output.stderr.split('connection: connected').length;
      await untilPrinted(
        listening,
        () => listening.output.stderr.split('connection: connected').length > connectedBefore,
        'connected again',
      );

      expect(exits).toEqual([]);
      expect(listening.output.stderr).not.toContain('signedOut');
      listening.process.kill('SIGINT');
      expect(await listening.exited).toBe(0);
    },
    30_000,
  );
});
