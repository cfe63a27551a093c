import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Two test files at a time. Vitest's default on a machine of two cores is one (its cores
    // less one), yet the suite mostly waits on sockets, timers, child processes and Chromium:
    // two took a clean CI run from 669 s to 432 s with every test passing; three saved little
    // more (417 s) and starved the timing checks (a search storm, an integrity check's worker).
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{common,main,preload,renderer,simulator,tests}/**/*.test.ts'],
          exclude: ['tests/e2e/**'],
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
