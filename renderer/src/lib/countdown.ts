import type { InteractionSummary } from '../../../common/model';

/** Where an invitation's countdown stands. */
export interface Countdown {
  /** Whole seconds left to answer (0 once timed out). */
  readonly secondsLeft: number;
  /** The countdown ended without Accept or Reject: the server will withdraw it. */
  readonly timedOut: boolean;
}

/**
 * When each invitation's countdown started: the earlier of when this page first saw the row
 * invited and when the cache stored it so (a page loaded mid-invitation counts from the
 * arrival, never from its own start). A row that leaves the invited phase forgets its start,
 * so an invitation offered again counts afresh.
 */
export function countdownStarts(
  previous: ReadonlyMap<string, number>,
  rows: readonly InteractionSummary[],
  now: number,
): Map<string, number> {
  const starts = new Map<string, number>();
  for (const row of rows) {
    if (row.phase !== 'invited') continue;
    starts.set(row.id, previous.get(row.id) ?? Math.min(now, row.updatedAt));
  }
  return starts;
}

/** The countdown of an invitation that started at `start`, `timeoutSeconds` long, at `now`. */
export function countdownAt(start: number, timeoutSeconds: number, now: number): Countdown {
  const left = Math.ceil((start + timeoutSeconds * 1000 - now) / 1000);
  return left > 0 ? { secondsLeft: left, timedOut: false } : { secondsLeft: 0, timedOut: true };
}
