import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
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
