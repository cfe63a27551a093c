import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The built `switchboard` command (`npm run build` puts it there; see cli.vite.config.ts). */
export const BUILT_CLI = 'out/cli/switchboard.js';

/**
 * The built command's search worker (`SearchClient.start`'s `workerUrl`), for the tests that
 * start a search worker of their own. From source, SearchClient starts `searchWorker.ts`
 * through tsx, which compiled the worker and the cache's modules again in each thread (~0.75
 * CPU-seconds a start); the built worker is the same source, bundled once per run by
 * {@link buildCli}, and starts in a fraction of that. `main/cache/searchClient.test.ts` still
 * starts one from source, so the way `npm run cli` finds and loads its worker stays tested.
 */
export const BUILT_SEARCH_WORKER = new URL('../../out/cli/searchWorker.js', import.meta.url);

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
