import { computed, onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import type { ChangeSet } from '../../../common/model';
import { api } from '../api';

/** How often {@link useClock} ticks: what it shows counts in minutes. */
export const CLOCK_TICK_MS = 10_000;

const pcNow = ref(Date.now());
/**
 * How far the server's clock is ahead of this machine's, as main last told it (ChangeSet
 * `serverClockAheadMs`, `desk.serverClockAhead` for a page just loaded).
 */
const serverClockAhead = ref(0);
/** The time by the server's clock: what the rows' server times (a chat's wait) compare with. */
const serverNow = computed(() => pcNow.value + serverClockAhead.value);
let users = 0;
let ticker: ReturnType<typeof setInterval> | undefined;

/**
 * The time by the server's clock, for what says how long something has lasted since a time the
 * server stated (a chat's wait for an answer, main's `awaitingReplySince`): the one place the
 * renderer moves a server time onto this machine's clock. One clock for every component that
 * shows such a time, ticking every {@link CLOCK_TICK_MS} while at least one of them is mounted
 * (a list's rows come and go as it scrolls); a lead that moves (an NTP correction, main tells
 * it in a change set) moves every wait at once, with no row told again.
 */
export function useClock(): Readonly<Ref<number>> {
  // Not ticking (nothing showed a time for a while): the first render must not read a stale one.
  if (ticker === undefined) pcNow.value = Date.now();
  onMounted(() => {
    users += 1;
    pcNow.value = Date.now();
    ticker ??= setInterval(() => {
      pcNow.value = Date.now();
    }, CLOCK_TICK_MS);
  });
  onBeforeUnmount(() => {
    users -= 1;
    if (users > 0 || ticker === undefined) return;
    clearInterval(ticker);
    ticker = undefined;
  });
  return serverNow;
}

/** Takes the server's lead a change set tells (most tell none: it did not move). */
export function foldServerClock(changes: ChangeSet): void {
  if (changes.serverClockAheadMs !== undefined) serverClockAhead.value = changes.serverClockAheadMs;
}

/**
 * Follows the server's lead while the desk shows: subscribes to the change sets first, then
 * asks main for the lead now (a page loaded mid-session missed the commit that told it); an
 * answer that comes after a change set told a lead is older than it, and is dropped. Returns
 * the way to stop.
 */
export function followServerClock(): () => void {
  let toldMeanwhile = false;
  const unsubscribe = api.desk.onChanged((changes) => {
    if (changes.serverClockAheadMs !== undefined) toldMeanwhile = true;
    foldServerClock(changes);
  });
  void api.desk.serverClockAhead().then((answer) => {
    if (answer.ok && !toldMeanwhile) serverClockAhead.value = answer.value;
  });
  return unsubscribe;
}
