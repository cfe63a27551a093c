import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { BUILT_CLI } from './buildCli';

/** A `switchboard` command running as a child process, with what it has printed so far. */
export interface SwitchboardRun {
  readonly output: { stdout: string; stderr: string };
  readonly exited: Promise<number | null>;
  readonly process: ChildProcessWithoutNullStreams;
}

const running = new Set<ChildProcessWithoutNullStreams>();

/**
 * Starts the built `switchboard` command (out/cli, which the run's globalSetup builds: see
 * tests/support/buildCli.ts) with `args` under this test's Node; the installed package is
 * tested in tests/e2e/installedCli.test.ts. `env` is laid over the process environment;
 * callers point the app-data folder at a temporary one so that no test touches the
 * developer's own cache.
 */
export function runSwitchboard(
  args: readonly string[],
  env: Record<string, string | undefined>,
): SwitchboardRun {
  const started = spawn(process.execPath, [BUILT_CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: 'pipe',
  });
  running.add(started);
  const output = { stdout: '', stderr: '' };
  started.stdout.setEncoding('utf8').on('data', (text: string) => {
    output.stdout += text;
  });
  started.stderr.setEncoding('utf8').on('data', (text: string) => {
    output.stderr += text;
  });
  // 'close', not 'exit': 'exit' may come before the last of stdout and stderr is read (on a
  // loaded machine one run in ten lost its usage text that way), 'close' after both ended.
  const exited = new Promise<number | null>((resolve) => {
    started.on('close', (code) => {
      running.delete(started);
      resolve(code);
    });
  });
  return { output, exited, process: started };
}

/** Kills every command still running (for afterEach). */
export function killSwitchboards(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** Polls `check` every 50 ms until it holds; fails naming `what` after `timeoutMs`. */
export async function waitUntil(
  check: () => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The JSON lines `switchboard listen` printed. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * Waits until `check` holds, looked at each time the command prints: what it waits on is the
 * command's own output, so no clock of its own bounds it (on a loaded machine starting Node,
 * opening a new cache and signing in took many times longer than the 15 s waitUntil allowed;
 * the test's timeout is the bound). Fails at once, naming `what`, when the command ends first.
 */
export function untilPrinted(
  run: SwitchboardRun,
  check: () => boolean,
  what: string,
): Promise<void> {
  const child = run.process;
  return new Promise((resolve, reject) => {
    let settled = false;
    const stop = () => {
      settled = true;
      child.stdout.off('data', look);
      child.stderr.off('data', look);
    };
    // Called after runSwitchboard's own listeners: `run.output` already holds the chunk.
    function look(): void {
      if (settled || !check()) return;
      stop();
      resolve();
    }
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    // Its end is `exited` ('close': all it printed read), not its exit code: a command that
    // exited may still have output unread, and that output may be what `check` waits for.
    void run.exited.then((code) => {
      if (settled) return;
      stop();
      if (check()) resolve();
      else
        reject(
          new Error(`the command ended (${String(code)}) before ${what}: ${run.output.stderr}`),
        );
    });
    look();
  });
}

/**
 * Waits until `check` holds, looked at every 50 ms while the command runs: for what the command
 * does outside its output (the simulator's world), where {@link untilPrinted} has no line to
 * look at. Like it, no clock of its own bounds the wait (the test's timeout does: a start under
 * load outlasted waitUntil's 15 s); fails at once, naming `what`, when the command ends first.
 */
export async function untilWhileRunning(
  run: SwitchboardRun,
  check: () => boolean,
  what: string,
): Promise<void> {
  let ended: { code: number | null } | undefined;
  void run.exited.then((code) => (ended = { code }));
  while (!check()) {
    if (ended !== undefined)
      throw new Error(
        `the command ended (${String(ended.code)}) before ${what}: ${run.output.stderr}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
