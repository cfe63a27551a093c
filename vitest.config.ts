import { defineConfig } from 'vitest/config';

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
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{common,main,preload,renderer,simulator,tests}/**/*.test.ts'],
          exclude: ['tests/e2e/**'],
          // The command-line tests run the built `switchboard` command (tests/support/buildCli.ts).
          globalSetup: ['tests/support/buildCli.ts'],
          environment: 'node',
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
        },
      },
    ],
  },
});
