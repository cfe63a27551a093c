import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildCli } from '../support/buildCli';

/**
 * Vitest global setup for the browser tests: builds the app once with electron-vite, so the
 * tests load the same renderer bundle (and Content-Security-Policy) that ships; then, as
 * `npm run build` does, the `switchboard` command line into out/cli (tests/e2e/installedCli),
 * unless the unit project's globalSetup built it in this run already.
 */
export default function buildRenderer(): void {
  const require = createRequire(import.meta.url);
  const build = spawnSync(
    process.execPath,
    [join(dirname(require.resolve('electron-vite/package.json')), 'bin/electron-vite.js'), 'build'],
    { encoding: 'utf8' },
  );
  if (build.status !== 0) {
    throw new Error(`electron-vite build failed:\n${build.stdout}\n${build.stderr}`);
  }
  buildCli();
}
