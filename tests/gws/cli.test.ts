import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { InteractionDetail } from '../../common/model';
import { startSimulator, type Simulator } from '../../simulator/server';
import { BUILT_CLI } from '../support/buildCli';
import {
  jsonLines,
  killSwitchboards,
  runSwitchboard,
  untilPrinted,
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

    const invitesIn = (lines: Record<string, unknown>[]) =>
      lines.filter((line) => line.event === 'interactionInvited');
    const chatLinesIn = (lines: Record<string, unknown>[]) =>
      lines
        .filter((line) => line.event === 'chatEventsReceived')
        .flatMap((line) => line.messages as Record<string, unknown>[])
        .filter((message) => message.kind === 'message');
    // Both invites and the chat's first line: stdout may bring them in separate reads.
    await untilPrinted(
      listening,
      () => {
        const lines = jsonLines(listening.output.stdout);
        return invitesIn(lines).length >= 2 && chatLinesIn(lines).length >= 1;
      },
      'the e-mail and chat invites and the first chat line',
    );
    const lines = jsonLines(listening.output.stdout);
    const invites = invitesIn(lines);
    expect(invites.map((line) => line.channel).sort()).toEqual(['chat', 'email']);
    expect(invites.find((line) => line.channel === 'email')?.subject).toBe(
      'Invoice 4471 was charged twice',
    );
    expect(chatLinesIn(lines)[0]).toMatchObject({
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

  it('signs out and exits 0 on SIGHUP (its terminal window closed, its SSH link dropped)', async () => {
    simulator = await startSimulator({ port: 0, scenario: 'quiet', seed: 3 });
    const listening = run(
      ['listen', '--server', simulator.url, '--user', 'agent1', '--ready', 'email,chat'],
      { SWITCHBOARD_PASSWORD: 'demo' },
    );
    await untilPrinted(
      listening,
      () => listening.output.stdout.includes('"state":"Ready"'),
      'the Ready channels printed',
    );
    expect(simulator.world.agent('agent1').sessionStarted).toBe(true);
    // Killed by Node's default, it left the agent signed in and Ready on the server: routing
    // went on offering customers to an agent whose terminal was gone.
    listening.process.kill('SIGHUP');
    expect(await listening.exited).toBe(0);
    expect(listening.output.stderr).toContain('SIGHUP: signing out');
    expect(simulator.world.agent('agent1').sessionStarted).toBe(false);
  }, 30_000);

  it('signs out and exits 0 when whoever reads its events goes away (`listen | grep -m1 …`)', async () => {
    simulator = await startSimulator({ port: 0, scenario: 'quiet', seed: 3 });
    // The address as GWS's documents write it (…/api/v2/me): taken as the server's root, as the
    // desk's sign-in form takes it.
    const listening = run(
      [
        'listen',
        '--server',
        `${simulator.url}/api/v2/`,
        '--user',
        'agent1',
        '--ready',
        'email,chat',
      ],
      { SWITCHBOARD_PASSWORD: 'demo' },
    );
    await untilPrinted(
      listening,
      () => listening.output.stdout.includes('channelStateChanged'),
      'the Ready channels printed',
    );
    expect(simulator.world.agent('agent1').sessionStarted).toBe(true);
    listening.process.stdout.destroy();
    // The next event it prints finds the pipe closed.
    simulator.control.startChat({ customerNickName: 'Tom', subject: 'Late order' });
    expect(await listening.exited).toBe(0);
    expect(listening.output.stderr).toContain('stdout closed: signing out');
    expect(listening.output.stderr).not.toContain('EPIPE');
    expect(simulator.world.agent('agent1').sessionStarted).toBe(false);
  }, 30_000);

  it('signs out as well when the reader went away while it signed in (`listen | head -n1`)', async () => {
    simulator = await startSimulator({ port: 0, scenario: 'quiet', seed: 3 });
    const listening = run(['listen', '--server', simulator.url, '--user', 'agent1'], {
      SWITCHBOARD_PASSWORD: 'demo',
    });
    // Gone before its first line: what signing in prints finds the pipe closed, and on a quiet
    // server nothing more comes to print (listening went on until the server timed it out).
    listening.process.stdout.destroy();
    expect(await listening.exited).toBe(0);
    expect(listening.output.stderr).toContain('stdout closed: signing out');
    expect(simulator.world.agent('agent1').sessionStarted).toBe(false);
  }, 30_000);

  it('signs out and exits 1, saying why, when its events cannot be written (`listen >> events.log` on a full disk)', async () => {
    simulator = await startSimulator({ port: 0, scenario: 'quiet', seed: 3 });
    // /dev/full: every write fails as on a full disk (ENOSPC).
    const full = openSync('/dev/full', 'w');
    const listening = spawn(
      process.execPath,
      [BUILT_CLI, 'listen', '--server', simulator.url, '--user', 'agent1', '--ready', 'chat'],
      {
        env: {
          ...process.env,
          SWITCHBOARD_PASSWORD: 'demo',
          XDG_CONFIG_HOME: appData,
          APPDATA: appData,
          HOME: appData,
        },
        stdio: ['ignore', full, 'pipe'],
      },
    );
    closeSync(full);
    let stderr = '';
    const errors = listening.stderr;
    if (errors === null) throw new Error('no stderr pipe');
    const connected = new Promise<void>((resolve) => {
      errors.setEncoding('utf8').on('data', (text: string) => {
        stderr += text;
        if (stderr.includes('connection: connected')) resolve();
      });
      listening.on('close', () => {
        resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => listening.on('close', resolve));
    // It went on listening, Ready, every event it was to print lost without a word. Its 15 s
    // begin once it is connected, with events to print: from its start, a loaded machine's
    // Node start, new cache and sign-in took much of them.
    try {
      await connected;
      const stillRunning = new Promise<string>((resolve) => {
        setTimeout(() => {
          resolve('still running');
        }, 15_000).unref();
      });
      expect(await Promise.race([exited, stillRunning])).toBe(1);
    } finally {
      listening.kill('SIGKILL');
    }
    expect(stderr).toContain('stdout failed: signing out');
    expect(stderr).toMatch(/The events could not be written out \(ENOSPC/);
    expect(simulator.world.agent('agent1').sessionStarted).toBe(false);
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

/**
 * What a terminal obeys or hides: C0 controls but tab and line feed, DEL, C1 controls, line
 * separators, bidi overrides, isolates and marks, zero-width and other invisible characters.
 */
const OBEYED =
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b\u200e\u200f\ufeff]/u;

describe('customer text on the terminal', () => {
  it('reaches listen, search, history and transcript output visible, never obeyed', async () => {
    simulator = await startSimulator({ port: 0, scenario: 'quiet', seed: 1 });
    const db = join(appData, 'hostile', 'cache.sqlite');
    const listening = run(
      ['listen', '--server', simulator.url, '--user', 'agent1', '--ready', 'chat', '--db', db],
      { SWITCHBOARD_PASSWORD: 'demo' },
    );
    await untilPrinted(
      listening,
      () => listening.output.stderr.includes('connection: connected'),
      'listen connected',
    );

    // A customer who writes terminal escapes, a NUL and bidi overrides into every field, and a
    // server that sends a message type made of them.
    const nickName = 'Eve\u001b]0;pwned\u0007';
    const subject = 'Refund\u001b[2J\u001b[H\u202eexe.pdf';
    const firstMessage = 'hello\u0000\r\n[12:00] Agent: refund approved\u001b[31m\u2066';
    const chat = simulator.world.startChat({
      customerNickName: nickName,
      subject,
      firstMessage,
      // A disposition (case data) the transcript prints, escapes shown like the rest.
      userData: { DispositionCode: 'Escalated\u001b[2J' },
    });
    simulator.world.publish('agent1', '/v2/me/interactions', {
      messageType: 'Evil\u001b[41mType\u009b2J\u202e',
    });
    const chatLine = () =>
      jsonLines(listening.output.stdout)
        .filter((line) => line.event === 'chatEventsReceived')
        .flatMap((line) => line.messages as { kind: string; text?: string; author?: string }[])
        .find((message) => message.kind === 'message');
    await untilPrinted(
      listening,
      () => chatLine() !== undefined && listening.output.stderr.includes('warning: '),
      'the hostile chat line and the warning about the hostile message type',
    );
    listening.process.kill('SIGINT');
    expect(await listening.exited).toBe(0);

    // listen: JSON lines that parse back to exactly what the customer sent, and warnings that
    // show the message type's escapes instead of obeying them.
    expect(listening.output.stdout).not.toMatch(OBEYED);
    expect(listening.output.stderr).not.toMatch(OBEYED);
    expect(chatLine()).toMatchObject({ author: nickName, text: firstMessage });
    const invite = jsonLines(listening.output.stdout).find(
      (line) => line.event === 'interactionInvited',
    );
    expect(invite).toMatchObject({ interactionId: chat.id, subject });
    expect(listening.output.stderr).toContain('Evil␛[41mType<U+009B>2J<U+202E>');

    const offline = async (args: readonly string[]) => {
      const ran = run([...args, '--db', db], {});
      return { code: await ran.exited, ...ran.output };
    };
    const [history, search, text, json, html] = await Promise.all([
      offline(['history']),
      offline(['search', 'refund']),
      offline(['transcript', chat.id]),
      offline(['transcript', chat.id, '--format', 'json']),
      offline(['transcript', chat.id, '--format', 'html']),
    ]);
    for (const result of [history, search, text, json, html]) {
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      expect(result.stdout).not.toMatch(OBEYED);
    }

    // One line per record, whatever the subject and the chat line hold.
    const shownSubject = 'Refund␛[2J␛[H<U+202E>exe.pdf';
    expect(history.stdout.trim().split('\n')).toEqual([expect.stringContaining(`\t${chat.id}\t`)]);
    expect(history.stdout.trim().split('\t')[4]).toBe(shownSubject);
    const hits = search.stdout.trim().split('\n');
    expect(hits).toHaveLength(1);
    expect(hits[0]?.split('\t')).toHaveLength(5);
    expect(hits[0]?.split('\t')[3]).toBe(shownSubject);

    // The text transcript: the customer's line break kept inside the message (indented, so that
    // it cannot pass for a line of its own), escapes shown.
    expect(text.stdout).toContain(`Subject: ${shownSubject}\n`);
    expect(text.stdout).toContain('Disposition: Escalated␛[2J\n');
    expect(text.stdout).toContain(
      'Eve␛]0;pwned␇: hello␀\n    [12:00] Agent: refund approved␛[31m<U+2066>\n',
    );
    expect(html.stdout).toContain('␛[2J');

    // JSON: the same value as stored, escaped where JSON.stringify would leave it raw.
    const detail = JSON.parse(json.stdout) as InteractionDetail;
    expect(detail.subject).toBe(subject);
    expect(detail.transcript).toContainEqual(
      expect.objectContaining({ kind: 'message', authorName: nickName, text: firstMessage }),
    );
    expect(json.stdout).toContain('\\u202eexe.pdf');
  }, 30_000);
});
