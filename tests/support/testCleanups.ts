import { test } from 'vitest';

/** What closes and removes what a test made, in the order made. */
export type Cleanups = (() => unknown)[];

/** Runs `cleanups` last made first (a desk before its server), emptying the list. */
export async function cleanUp(cleanups: Cleanups): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

/**
 * `test` with `cleanups` of the test's own, run last made first when that test ends, whatever
 * other tests run at the same time: for `describe.concurrent` and `test.concurrent`, whose tests
 * each own their simulators, sessions, desks and folders.
 */
// Vitest reads a fixture's first parameter as a pattern (the fixtures it uses): here none.
// eslint-disable-next-line no-empty-pattern
export const cleanupsTest = test.extend('cleanups', ({}, { onCleanup }): Cleanups => {
  const cleanups: Cleanups = [];
  onCleanup(() => cleanUp(cleanups));
  return cleanups;
});
