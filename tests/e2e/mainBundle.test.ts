import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// The shipped main bundle (out/main/index.js, built by this project's globalSetup) booted under
// plain Node, with only the `electron` module replaced by the fake of tests/support/fakeElectron
// (tests/support/electronHost/): the real shell, desk, cache, search worker and the in-process
// demo simulator. The driver plays the OS and the renderer and reports what it saw; the child
// must then exit by itself, which proves quitting closes every socket, timer and thread.

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

interface Boot {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly report: Record<string, unknown> | undefined;
}

async function boot(): Promise<Boot> {
  const userData = await mkdtemp(join(tmpdir(), 'switchboard-boot-'));
  folders.push(userData);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      './tests/support/electronHost/register.mjs',
      '--import',
      './tests/support/electronHost/bootDriver.ts',
      'out/main/index.js',
    ],
    { env: { ...process.env, SWITCHBOARD_TEST_USER_DATA: userData }, stdio: 'pipe' },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, 45_000);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  const line = stdout.split('\n').find((text) => text.startsWith('BOOT-REPORT '));
  const report =
    line === undefined
      ? undefined
      : (JSON.parse(line.slice('BOOT-REPORT '.length)) as Record<string, unknown>);
  return { code, stdout, stderr, report };
}

describe('the built main bundle', () => {
  it('boots against the demo server, serves the contract, alerts and quits cleanly', async () => {
    const run = await boot();
    // On failure, show what the child printed.
    expect({ stdout: run.stdout, stderr: run.stderr }).toMatchObject({
      stdout: expect.stringContaining('BOOT-REPORT') as unknown,
    });
    expect(run.code).toBe(0);
    const report = run.report ?? {};

    expect(report.windowUrl).toBe(
      pathToFileURL(join(process.cwd(), 'out/renderer/index.html')).href,
    );
    expect(report.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      backgroundThrottling: false,
      preload: join(process.cwd(), 'out/preload/index.cjs'),
    });
    expect(report.foreignCaller).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(report.state).toMatchObject({
      ok: true,
      value: {
        connection: { state: 'signedOut' },
        demo: true,
        userName: 'agent1',
        demoPassword: 'demo',
        serverUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/u) as unknown,
      },
    });
    expect(report.signIn).toMatchObject({
      ok: true,
      value: { connection: { state: 'connected' }, agent: { userName: 'agent1' } },
    });
    expect(report.ready).toEqual({ ok: true });
    // Named as the inbox row names her: the person the mail names (FromPersonal).
    expect(report.notification).toEqual({
      title: 'New e-mail from Maria Jensen',
      // The invitation states the seconds to answer (the timeout setting's default).
      body: 'Invoice 4471 was charged twice\n30 seconds to answer',
    });
    expect(report.trayImage).toBe(join(process.cwd(), 'resources/tray/tray-invitation.png'));
    expect(report.trayToolTip).toContain('2 invitations waiting');
    // Answered by out/main/searchWorker.js, the worker's own entry of the build.
    expect(report.search).toMatchObject({
      ok: true,
      value: [{ interaction: { subject: 'Invoice 4471 was charged twice' } }],
    });
    expect(report.pushed).toEqual(
      expect.arrayContaining([
        'switchboard:session:connectionChanged',
        // The agent's state and the invitation, in the change sets of their commits.
        'switchboard:desk:changed',
        'switchboard:app:soundRequested',
      ]),
    );
    // About 40 ms on the 2-core build machine; far more means start-up waits for something it need not.
    expect(report.windowAfterReadyMs).toBeLessThan(3_000);
    expect(report.exited).toBe(true);
    expect(report.trayDestroyed).toBe(true);
  });
});
