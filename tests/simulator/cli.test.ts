import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { builtNodeProgram } from '../../cli.vite.config';
import { TestAgent } from '../support/gwsAgent';

// The simulator's command line, simulator/cli.ts, in a child process of its own, built once for
// this file into plain Node (cli.vite.config.ts's builtNodeProgram, as the `switchboard` command
// is built). `npm run simulator` runs the same source through tsx (`node --import tsx`): the
// parsing, the exit codes and the signal handling are the script's own either way, and tsx
// compiled the simulator again at each of the 13 starts (~0.6 CPU-seconds each); one test runs
// it as that script does, so that the command the README gives keeps working. Not tsx's own
// CLI in any case: it runs the script in a second process and relays a signal to it, and when
// that process does not confirm it within 30 ms (a loaded machine) it SIGKILLs it and exits 130:
// "stops on SIGINT with 0" could fail under load for tsx's reason, not the simulator's.

const root = fileURLToPath(new URL('../..', import.meta.url));
/** How long the CLI may take from spawn to printing its URL. */
const STARTUP_BUDGET_MS = 2000;

let built: Awaited<ReturnType<typeof builtNodeProgram>> | undefined;
beforeAll(async () => {
  built = await builtNodeProgram('simulatorCli', join(root, 'simulator', 'cli.ts'));
});
afterAll(() => {
  built?.remove();
});

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly startupMs: number;
  readonly output: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];
const agents: TestAgent[] = [];
let scratch: string | undefined;

afterEach(async () => {
  await Promise.all(agents.map((agent) => agent.close()));
  agents.length = 0;
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  children.length = 0;
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

/**
 * The command `npm run simulator` runs (package.json's script, `node` being this Node), as
 * Node's arguments: the source through tsx, where the other tests run the built file.
 */
function npmScriptArguments(): string[] {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const [command, ...rest] = (manifest.scripts.simulator ?? '').split(/\s+/u);
  if (command !== 'node') throw new Error(`npm run simulator runs ${String(command)}, not node`);
  return rest;
}

/** Runs the built CLI with `args` (or `program`'s arguments to Node instead of the built file). */
function launch(args: readonly string[], program?: readonly string[]) {
  if (built === undefined) throw new Error('the simulator CLI was not built (beforeAll)');
  const child = spawn(process.execPath, [...(program ?? [built.path]), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => {
      resolve({ code, signal });
    });
  });
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/** Starts the CLI and waits for the line with its URL. */
async function startCli(args: readonly string[], program?: readonly string[]): Promise<Running> {
  const startedAt = Date.now();
  const launched = launch(args, program);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no URL within 10 s: ${launched.stdout()}${launched.stderr()}`));
    }, 10_000);
    const check = () => {
      const found = /listening on (http:\/\/\S+)/.exec(launched.stdout())?.[1];
      if (found !== undefined) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    launched.child.stdout.on('data', check);
    void launched.exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`exited before listening: ${launched.stdout()}${launched.stderr()}`));
    });
  });
  return {
    child: launched.child,
    url,
    startupMs: Date.now() - startedAt,
    output: () => launched.stdout(),
    exited: launched.exited,
  };
}

function agentOf(url: string, userName: string, password = 'demo'): TestAgent {
  const agent = new TestAgent(`${url}/api/v2`, userName, password);
  agents.push(agent);
  return agent;
}

describe('the simulator CLI', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'prints its URL and the demo credentials, serves, and stops on %s with 0',
    async (signal) => {
      const running = await startCli(['--port', '0', '--scenario', 'quiet']);
      console.info(`simulator CLI startup (spawn to URL line): ${running.startupMs} ms`);
      expect(running.startupMs).toBeLessThan(STARTUP_BUDGET_MS);
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(running.output()).toContain(`${running.url}/api/v2`);
      expect(running.output()).toMatch(/agent1 … agent5, password "demo"/);

      const agent = agentOf(running.url, 'agent1');
      await agent.signIn();
      expect((await agent.get('/me')).status).toBe(200);
      await agent.close();

      running.child.kill(signal);
      const exit = await running.exited;
      expect(exit).toEqual({ code: 0, signal: null });
      expect(running.output()).toContain(`${signal}: stopping the simulator`);
    },
  );

  it.each([
    [['--port', 'abc'], /--port must be a non-negative integer/],
    [['--bogus'], /Unknown option/],
    [['--dialect', 'c'], /--dialect must be a or b/],
    [['--scenario', 'nope'], /unknown scenario nope/],
    [['stray'], /Unexpected argument/],
    [['--users', '/nonexistent/users.json'], /cannot read users/],
  ])('exits 2 with the usage on bad arguments %j', async (args, message) => {
    const launched = launch(args);
    const exit = await launched.exited;
    expect(exit.code).toBe(2);
    expect(launched.stderr()).toMatch(message);
    expect(launched.stderr()).toContain('Usage: npm run simulator');
  });

  it('exits 2 when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const launched = launch(['--port', String(port), '--scenario', 'quiet']);
      expect((await launched.exited).code).toBe(2);
      expect(launched.stderr()).toMatch(/cannot listen/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('runs from its source as `npm run simulator` starts it (tsx), serves and stops on SIGTERM with 0', async () => {
    const running = await startCli(['--port', '0', '--scenario', 'quiet'], npmScriptArguments());
    const agent = agentOf(running.url, 'agent1');
    await agent.signIn();
    expect((await agent.get('/me')).status).toBe(200);
    await agent.close();
    running.child.kill('SIGTERM');
    expect(await running.exited).toEqual({ code: 0, signal: null });
  });

  it('prints the usage on --help and exits 0', async () => {
    const launched = launch(['--help']);
    expect((await launched.exited).code).toBe(0);
    expect(launched.stdout()).toContain('--users FILE');
  });

  it('signs in the users of --users FILE, and only them', async () => {
    scratch = mkdtempSync(join(tmpdir(), 'gws-cli-'));
    const file = join(scratch, 'users.json');
    writeFileSync(
      file,
      JSON.stringify([{ userName: 'maria', password: 'tulip-7', firstName: 'Maria' }]),
    );
    const running = await startCli(['--port', '0', '--scenario', 'quiet', '--users', file]);
    expect(running.output()).toContain('users: maria');
    expect(running.output()).not.toContain('tulip-7');
    expect((await agentOf(running.url, 'agent1').get('/me')).status).toBe(401);
    const me = await agentOf(running.url, 'maria', 'tulip-7').get('/me');
    expect(me.status).toBe(200);
    expect((me.body.user as Record<string, unknown>).firstName).toBe('Maria');
    running.child.kill('SIGTERM');
    expect((await running.exited).code).toBe(0);
  });

  it('answers operations in dialect a with --dialect a, and serves the control API with --control', async () => {
    const running = await startCli(['--port', '0', '--scenario', 'quiet', '--dialect', 'a']);
    const agent = agentOf(running.url, 'agent1');
    await agent.get('/me');
    const started = await agent.post('/me', {
      operationName: 'StartContactCenterSession',
      channels: ['chat'],
    });
    expect(started.body).toEqual({ status: 'ok' });
    expect((await fetch(`${running.url}/simulator/state`)).status).toBe(404);
    running.child.kill('SIGINT');
    expect((await running.exited).code).toBe(0);

    const controlled = await startCli(['--port', '0', '--scenario', 'quiet', '--control']);
    expect(controlled.output()).toContain('control API on /simulator/');
    const state = await fetch(`${controlled.url}/simulator/state`);
    expect(state.status).toBe(200);
    // The default users: agent1…agent5 and the seven colleagues of the agent directory.
    expect(((await state.json()) as { agents: unknown[] }).agents).toHaveLength(12);
    const other = agentOf(controlled.url, 'agent2');
    await other.get('/me');
    expect(
      (await other.post('/me', { operationName: 'StartContactCenterSession', channels: ['chat'] }))
        .body,
    ).toEqual({ statusCode: 0 });
    controlled.child.kill('SIGINT');
    expect((await controlled.exited).code).toBe(0);
  });
});
