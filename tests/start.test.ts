import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `npm start` where no Electron runtime can be had: it must fail with one clear sentence.
// ELECTRON_OVERRIDE_DIST_PATH points Electron at an empty folder, which makes the outcome the
// same on every machine, with or without internet access or a downloaded runtime.

const emptyDist = mkdtempSync(join(tmpdir(), 'switchboard-no-electron-'));

afterAll(() => {
  rmSync(emptyDist, { recursive: true, force: true });
});

describe('npm start without an Electron runtime', () => {
  it('exits non-zero with one sentence, not a stack trace', () => {
    const run = spawnSync(process.execPath, ['scripts/start.mjs'], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: emptyDist },
      timeout: 30_000,
    });

    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Switchboard cannot start because the Electron runtime is missing and .+; run `npm start` once on a machine with internet access, or set ELECTRON_OVERRIDE_DIST_PATH to a local Electron \d+\.\d+\.\d+ folder\.$/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });
});
