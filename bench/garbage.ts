import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Collects the garbage now, fully. Benchmark hygiene: a case that measures the main thread's
 * longest block must not pay for the garbage the cases before it left (bench (d)'s search storm
 * follows 500 searches on the main thread; V8's memory reducer then ran a 19–22 ms full
 * collection during the storm). Node exposes `gc` only to contexts made after the flag is set.
 */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * Starts watching this thread's garbage collections; `stop()` ends it and answers the longest
 * pause seen, in milliseconds (0 when none ran), so that a collection cannot hide in a block.
 */
export function watchCollections(): { stop(): number } {
  let longest = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop: () => {
      observer.disconnect();
      return longest;
    },
  };
}
