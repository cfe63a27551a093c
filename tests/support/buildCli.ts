import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The built `switchboard` command (`npm run build` puts it there; see cli.vite.config.ts). */
export const BUILT_CLI = 'out/cli/switchboard.js';

/** What the run's globalSetups share: the one build of the command, once it was made. */
const shared = globalThis as { switchboardCliBuilt?: true };

/**
 * Builds the `switchboard` command into out/cli, as `npm run build` does, once per Vitest run:
 * both projects' globalSetups call this (the unit project's command-line tests run the built
 * command, the e2e project tests the installed package), in the one process that runs them, and
 * a second build would empty out/cli under tests already running it.
 *
 * Why the tests run the built command, not its source through tsx: tsx took ~0.75 CPU-seconds
 * to start each command (compiling TypeScript again) and as much again for its search worker;
 * the built one starts in ~0.13.
 */
export function buildCli(): void {
  if (shared.switchboardCliBuilt === true) return;
  const require = createRequire(import.meta.url);
  const cli = spawnSync(
    process.execPath,
    [
      join(dirname(require.resolve('vite/package.json')), 'bin/vite.js'),
      'build',
      '--config',
      'cli.vite.config.ts',
    ],
    { encoding: 'utf8' },
  );
  if (cli.status !== 0) {
    throw new Error(`The command line's build failed:\n${cli.stdout}\n${cli.stderr}`);
  }
  shared.switchboardCliBuilt = true;
}

/** Vitest global setup of the unit project. */
export default buildCli;
