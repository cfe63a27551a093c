import { onBeforeUnmount, onMounted, readonly, ref, type Ref } from 'vue';

/** How often {@link useClock} ticks: what it shows counts in minutes. */
export const CLOCK_TICK_MS = 10_000;

const now = ref(Date.now());
let users = 0;
let ticker: ReturnType<typeof setInterval> | undefined;

/**
 * The time, for what says how long something has lasted (a chat's wait for an answer): one
 * clock for every component that shows such a time, ticking every {@link CLOCK_TICK_MS} while
 * at least one of them is mounted (a list's rows come and go as it scrolls).
 */
export function useClock(): Readonly<Ref<number>> {
  // Not ticking (nothing showed a time for a while): the first render must not read a stale one.
  if (ticker === undefined) now.value = Date.now();
  onMounted(() => {
    users += 1;
    now.value = Date.now();
    ticker ??= setInterval(() => {
      now.value = Date.now();
    }, CLOCK_TICK_MS);
  });
  onBeforeUnmount(() => {
    users -= 1;
    if (users > 0 || ticker === undefined) return;
    clearInterval(ticker);
    ticker = undefined;
  });
  return readonly(now);
}
