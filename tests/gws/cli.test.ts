import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/server';
import {
  jsonLines,
  killSwitchboards,
  runSwitchboard,
  waitUntil,
} from '../support/switchboardProcess';

// `switchboard listen` as a user runs it: a child process against the demo scenario.

let simulator: Simulator | undefined;

afterEach(async () => {
  killSwitchboards();
  await simulator?.close();
  simulator = undefined;
});

// Never the real user's cache: `listen` writes to the app-data folder unless told otherwise.
const appData = mkdtempSync(join(tmpdir(), 'switchboard-cli-'));

afterAll(() => {
  rmSync(appData, { recursive: true, force: true });
});

function run(args: readonly string[], env: Record<string, string | undefined>) {
  return runSwitchboard(args, {
    XDG_CONFIG_HOME: appData,
    APPDATA: appData,
    HOME: appData,
    ...env,
  });
}

describe('switchboard listen', () => {
  it("prints the demo's invites and chat lines as JSON, then signs out on SIGINT", async () => {
    simulator = await startSimulator({ port: 0, scenario: 'demo', seed: 3 });
    const listening = run(
      ['listen', '--server', simulator.url, '--user', 'agent1', '--ready', 'email,chat'],
      {
        SWITCHBOARD_PASSWORD: 'demo',
      },
    );

    await waitUntil(
      () =>
        jsonLines(listening.output.stdout).filter((line) => line.event === 'interactionInvited')
          .length >= 2,
      'the e-mail and chat invites',
    );
    const lines = jsonLines(listening.output.stdout);
    const invites = lines.filter((line) => line.event === 'interactionInvited');
    expect(invites.map((line) => line.channel).sort()).toEqual(['chat', 'email']);
    expect(invites.find((line) => line.channel === 'email')?.subject).toBe(
      'Invoice 4471 was charged twice',
    );
    const chatLines = lines
      .filter((line) => line.event === 'chatEventsReceived')
      .flatMap((line) => line.messages as Record<string, unknown>[])
      .filter((message) => message.kind === 'message');
    expect(chatLines[0]).toMatchObject({
      author: 'Tom',
      text: expect.stringContaining("can't log in") as unknown,
    });
    expect(listening.output.stderr).toContain('connection: connected');
    expect(simulator.world.agent('agent1').sessionStarted).toBe(true);

    listening.process.kill('SIGINT');
    expect(await listening.exited).toBe(0);
    expect(simulator.world.agent('agent1').sessionStarted).toBe(false);
    expect(listening.output.stderr).not.toContain('demo');
  }, 30_000);

  it('refuses a password on the command line', async () => {
    const refused = run(
      ['listen', '--server', 'http://127.0.0.1:1', '--user', 'agent1', '--password', 'demo'],
      {
        SWITCHBOARD_PASSWORD: undefined,
      },
    );
    expect(await refused.exited).toBe(2);
    expect(refused.output.stderr).toContain('never taken from the command line');
  });

  it('asks for SWITCHBOARD_PASSWORD when there is no terminal', async () => {
    const refused = run(['listen', '--server', 'http://127.0.0.1:1', '--user', 'agent1'], {
      SWITCHBOARD_PASSWORD: undefined,
    });
    expect(await refused.exited).toBe(2);
    expect(refused.output.stderr).toContain('SWITCHBOARD_PASSWORD');
  });

  it('exits 1 with the reason when the server is unreachable', async () => {
    const failed = run(['listen', '--server', 'http://127.0.0.1:1', '--user', 'agent1'], {
      SWITCHBOARD_PASSWORD: 'demo',
    });
    expect(await failed.exited).toBe(1);
    expect(failed.output.stderr).toMatch(/Sign-in failed \(network\)/);
  });
});
