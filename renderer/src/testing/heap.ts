/**
 * The heap as a store test measures it over a shift: for the tests that show that what a store
 * keeps stays bounded after thousands of interactions ended. Imported by tests only.
 */

/**
 * The Node the tests run in, reached without an import: renderer files import no Node module
 * (lint), these tests alone need two (as bench/garbage.ts, which renderer files cannot import).
 */
interface TestNode {
  getBuiltinModule(name: 'node:v8'): {
    setFlagsFromString(flags: string): void;
    getHeapSpaceStatistics(): { space_name: string; space_used_size: number }[];
  };
  getBuiltinModule(name: 'node:vm'): { runInNewContext(code: string): unknown };
}
const node = (globalThis as unknown as { process: TestNode }).process;

/**
 * The objects the heap holds once everything unreachable is collected, in bytes: not compiled
 * code (code and trusted spaces), which the optimizing compiler goes on adding to over the first
 * thousands of chats (~500 kB here, only code objects in a heap snapshot).
 */
export function heapKept(): number {
  const v8 = node.getBuiltinModule('node:v8');
  v8.setFlagsFromString('--expose-gc');
  const gc = node.getBuiltinModule('node:vm').runInNewContext('gc') as () => void;
  gc();
  gc();
  return v8
    .getHeapSpaceStatistics()
    .filter((space) => !/code|trusted/u.test(space.space_name))
    .reduce((sum, space) => sum + space.space_used_size, 0);
}
