import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Test files a clean clone must start early, though they are small. With no timings of an earlier
 * run (CI's clean clone has none), Vitest starts each project's files largest first, so these
 * started last: tests/cache/durability.test.ts (60 SIGKILLed children, ~30 s of one core) ended
 * every clean run of 2026-12-06 alone, the other workers idle after the last small files.
 */
const STARTED_FIRST_OF_THEIR_PROJECT = ['tests/cache/durability.test.ts'];

/**
 * Vitest's order (the projects by name: e2e, renderer, unit; each one's slowest or largest file
 * first), with the files above moved up.
 */
class Sequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const early = (file: TestSpecification) =>
      STARTED_FIRST_OF_THEIR_PROJECT.some((path) => file.moduleId.endsWith(path));
    const order = sorted.filter((file) => !early(file));
    for (const file of sorted.filter(early)) {
      const at = order.findIndex((other) => other.project.name === file.project.name);
      order.splice(at === -1 ? order.length : at, 0, file);
    }
    return order;
  }
}

/**
 * For the `unit` and `e2e` projects: each worker process runs file after file, instead of a new
 * process starting Vitest and importing the core (and Playwright) afresh for every file. Measured
 * on 2026-12-07, all files passing either way: `unit`'s 189 files took 165 CPU-seconds instead of
 * 252, `e2e`'s 47 files 320 instead of 390 (~1.5 s a file: Playwright and the whole core). Their
 * files mock no module (lint keeps `vi.mock` out of them: it would stay mocked for the next file)
 * and each closes what it opens; spies and stubbed globals are put back before every test. The
 * renderer's files mock the bridge and Electron, so each gets a process of its own.
 */
const FILES_SHARE_A_PROCESS = { isolate: false, restoreMocks: true, unstubGlobals: true } as const;

export default defineConfig({
  test: {
    // Three test files at a time. Vitest's default on a machine of two cores is one (its cores
    // less one), yet the suite waits on sockets, timers, child processes and Chromium: two took
    // a clean CI run from 669 s to 432 s; three then saved little more (417 s) and starved timing
    // checks (a search storm, an integrity check's worker). With those checks fixed since, and
    // two leaving the CPU idle ~15% of the time (the Chromium files alone), three took a clean
    // run from 604 s to 501 s in the same hour (2026-12-06, 2,160 tests, all passing, the CPU
    // idle 4%).
    maxWorkers: 3,
    // A slow but small file started early (above).
    sequence: { sequencer: Sequencer },
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{common,main,simulator,tests}/**/*.test.ts'],
          exclude: ['tests/e2e/**'],
          // The command-line tests run the built `switchboard` command (tests/support/buildCli.ts).
          globalSetup: ['tests/support/buildCli.ts'],
          environment: 'node',
          // Vitest's default gives an expect.poll one second, a measure rather than a safety net:
          // under load a desk's answer through the simulator took longer (workbins.test's
          // concurrent desks failed 5 of 6 loaded runs so). 10 s, as in the e2e project.
          expect: { poll: { timeout: 10_000 } },
          ...FILES_SHARE_A_PROCESS,
        },
      },
      {
        extends: true,
        test: {
          name: 'renderer',
          include: ['{preload,renderer}/**/*.test.ts'],
          environment: 'node',
          // Their `vi.mock`s (the bridge, electron) must not reach another file's imports.
          isolate: true,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/buildRenderer.ts'],
          environment: 'node',
          // A browser on a loaded machine: polls wait up to 10 s for the page to catch up.
          expect: { poll: { timeout: 10_000 } },
          ...FILES_SHARE_A_PROCESS,
        },
      },
    ],
  },
});
