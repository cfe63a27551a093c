import type { InteractionSummary } from '../../../common/model';

/** Where an invitation's countdown stands. */
export interface Countdown {
  /** Whole seconds left to answer (0 once timed out). */
  readonly secondsLeft: number;
  /** The countdown ended without Accept or Reject: the server will withdraw it. */
  readonly timedOut: boolean;
}

/** When an invitation's countdown started, and the announcement by main it started from. */
export interface CountdownStart {
  /** On the clock of `now` (a monotonic one in the desk: see {@link countdownStarts}). */
  readonly at: number;
  /** The row's `offeredAt` it was started from; undefined when the row carried none. */
  readonly offeredAt: number | undefined;
}

/**
 * When each invitation's countdown started: the earlier of when this page first saw the row
 * invited and when main announced it (`offeredAt`; the cache's time of the row when main has not
 * announced it in this session), so that a page loaded mid-invitation counts from the
 * announcement, never from its own start. The start is kept while the row stays invited, until
 * main announces it again (a desk started again after a crash, while the server still offers
 * it: the notification gives the whole countdown again, and so does the row). A row that leaves
 * the invited phase forgets its start, so an invitation offered again counts afresh.
 *
 * The rows' times are main's wall clock (`wallNow`, the page's, is the same machine's); `now`
 * and the starts are on the clock the countdown reads, a monotonic one in the desk: a start is
 * how long ago the row's time was by the wall clock, once, when the page first sees it. Counted
 * on the wall clock, a PC clock set back (an NTP correction, the time set by hand) lengthened
 * every countdown by the jump.
 */
export function countdownStarts(
  previous: ReadonlyMap<string, CountdownStart>,
  rows: readonly InteractionSummary[],
  now: number,
  wallNow: number = now,
): Map<string, CountdownStart> {
  const starts = new Map<string, CountdownStart>();
  for (const row of rows) {
    if (row.phase !== 'invited') continue;
    const known = previous.get(row.id);
    const announcedAgain =
      row.offeredAt !== undefined && known !== undefined && known.offeredAt !== row.offeredAt;
    starts.set(
      row.id,
      known !== undefined && !announcedAgain
        ? known
        : {
            // A row's time ahead of the page's clock never lengthens the countdown past now.
            at: now - Math.max(0, wallNow - (row.offeredAt ?? row.updatedAt)),
            offeredAt: row.offeredAt,
          },
    );
  }
  return starts;
}

/** The countdown of an invitation that started at `start`, `timeoutSeconds` long, at `now`. */
export function countdownAt(start: number, timeoutSeconds: number, now: number): Countdown {
  const left = Math.ceil((start + timeoutSeconds * 1000 - now) / 1000);
  return left > 0 ? { secondsLeft: left, timedOut: false } : { secondsLeft: 0, timedOut: true };
}
