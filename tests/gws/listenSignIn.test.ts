import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/server';
import { killSwitchboards, runSwitchboard, waitUntil } from '../support/switchboardProcess';

// `switchboard listen` through faults of the sign-in (issue 11, item 1): a blip never ends it;
// a password refused by the server ends it through its own shutdown path, exit 1, cache closed.

let simulator: Simulator | undefined;

afterEach(async () => {
  killSwitchboards();
  await simulator?.close();
  simulator = undefined;
});

const appData = mkdtempSync(join(tmpdir(), 'switchboard-listen-'));

afterAll(() => {
  rmSync(appData, { recursive: true, force: true });
});

function listen(server: Simulator, db: string) {
  const args = ['listen', '--server', server.url, '--user', 'agent1', '--ready', 'chat'];
  return runSwitchboard([...args, '--db', db], {
    XDG_CONFIG_HOME: appData,
    APPDATA: appData,
    HOME: appData,
    SWITCHBOARD_PASSWORD: 'demo',
  });
}

/** Waits until listen has signed in and set chat Ready: its sign-in is over. */
async function signedIn(server: Simulator): Promise<void> {
  await waitUntil(
    () => server.world.agent('agent1').channels.get('chat')?.state === 'Ready',
    'listen signed in and Ready',
  );
}

const SENTENCE = 'The server refused the password for agent1: sign in again with the new password.';

describe('switchboard listen and the sign-in', () => {
  it('exits 1 with one sentence, after closing the cache, when the password is refused', async () => {
    simulator = await startSimulator({ port: 0, scenario: 'quiet' });
    const db = join(appData, 'refused.sqlite');
    const listening = listen(simulator, db);
    await signedIn(simulator);
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
  }, 30_000);

  it('stopped with Ctrl-C while its sign-in is under way, lets it settle and signs out', async () => {
    simulator = await startSimulator({ port: 0, scenario: 'quiet' });
    const running = simulator;
    // Every REST answer of the sign-in comes late (GET /me, StartContactCenterSession, …): the
    // server acts on each at once.
    running.control.failNextRequests(['answerLate', 'answerLate', 'answerLate', 'answerLate']);
    const listening = listen(running, join(appData, 'interrupted.sqlite'));
    // The server started the agent's session; its answer is still on its way to listen.
    await waitUntil(
      () => running.world.agent('agent1').sessionStarted,
      'the contact center session started',
    );
    listening.process.kill('SIGINT');
    expect(await listening.exited).toBe(0);
    expect(listening.output.stderr).toContain('SIGINT: signing out once the sign-in settles\n');
    // Signed out: the server does not keep the agent logged in (and routing to them).
    expect(running.world.agent('agent1').sessionStarted).toBe(false);
    expect(running.world.agent('agent1').channels.get('chat')?.state).not.toBe('Ready');
  }, 30_000);

  it('says in one line that a contact center without api-multimedia brings no e-mail or chat', async () => {
    simulator = await startSimulator({ port: 0, scenario: 'quiet', withoutMultimedia: true });
    const listening = listen(simulator, join(appData, 'no-multimedia.sqlite'));
    await signedIn(simulator);
    await waitUntil(
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
  }, 30_000);

  it('lives through a denied handshake followed by 1.5 s of refused connections', async () => {
    simulator = await startSimulator({ port: 0, scenario: 'quiet' });
    const running = simulator;
    const db = join(appData, 'blip.sqlite');
    const listening = listen(running, db);
    await signedIn(running);
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
    await waitUntil(
      () => listening.output.stderr.split('connection: connected').length > connectedBefore,
      'connected again',
    );

    expect(exits).toEqual([]);
    expect(listening.output.stderr).not.toContain('signedOut');
    listening.process.kill('SIGINT');
    expect(await listening.exited).toBe(0);
  }, 30_000);
});
