/**
 * The least difference between the server's clock and this machine's that is taken for one: the
 * `Date` header is cut to the second and an answer takes its time to come, and a wait shown in
 * minutes does not change for less. A jump of this machine's clock is taken for one from this
 * size on too.
 */
export const CLOCK_SKEW_NOTICED_MS = 5_000;

/** The clocks a {@link ServerClock} reads (this machine's; injected by tests). */
export interface MachineClocks {
  /** The wall clock, ms since the epoch: what NTP corrects and the agent may set by hand. */
  readonly now?: () => number;
  /**
   * A clock that only counts on, in ms (`performance.now()`): no correction moves it. Node's
   * (libuv's `uv_hrtime`) stops while the machine is suspended on Linux (CLOCK_MONOTONIC) and
   * macOS (`mach_absolute_time`), and may count the suspend elsewhere.
   */
  readonly monotonic?: () => number;
}

/**
 * What a {@link ServerClock.check} found: the wall clock kept pace with the monotonic one
 * (`steady`), went back against it (`jumped`: the lead was moved by the jump), or went on
 * further than it (`unsure`): a clock set forward looks just like a suspend the monotonic clock
 * did not count, so the lead is left as it was and the caller measures it again.
 */
export type ClockCheck = 'steady' | 'jumped' | 'unsure';

/**
 * How far the server's clock is ahead of this machine's: measured from the `Date` header of the
 * server's answers, and moved at once when this machine's clock jumps back (an NTP correction,
 * the time set by hand), noticed by {@link check} against the monotonic clock: the server's
 * clock did not jump, so its lead moves by minus the jump. A measurement wins over a jump: it
 * starts the jump checks afresh, so a jump it already saw is not counted on top of it.
 */
export class ServerClock {
  /** The lead as measured (and moved by jumps since), not cut to 0 below the threshold. */
  private leadMs = 0;
  /** A `Date` header was read: the lead is measured, not assumed. */
  private measured = false;
  private readonly now: () => number;
  private readonly monotonic: () => number;
  /** Both clocks at the last check or measurement: what the next check compares with. */
  private wallAt: number;
  private monotonicAt: number;

  constructor(clocks: MachineClocks = {}) {
    this.now = clocks.now ?? Date.now;
    this.monotonic = clocks.monotonic ?? (() => performance.now());
    this.wallAt = this.now();
    this.monotonicAt = this.monotonic();
  }

  /**
   * How far the server's clock is ahead of this machine's (negative: behind); 0 before a `Date`
   * header was read, and below {@link CLOCK_SKEW_NOTICED_MS}.
   */
  get aheadMs(): number {
    return Math.abs(this.leadMs) < CLOCK_SKEW_NOTICED_MS ? 0 : this.leadMs;
  }

  /** An answer carried a `Date` header: {@link aheadMs} is measured, not assumed. */
  get known(): boolean {
    return this.measured;
  }

  /** When a request is sent, by the monotonic clock (for {@link measure}). */
  sent(): number {
    return this.monotonic();
  }

  /**
   * Measures the lead from an answer's `Date` (ms since the epoch) to a request {@link sent} at
   * `sentAt`: the middle of the second the header names, against the middle of the round trip,
   * counted back from now on the monotonic clock (a jump of the wall clock meanwhile does not
   * move that middle). Answers whether {@link aheadMs} changed.
   */
  measure(dated: number, sentAt: number): boolean {
    const before = this.aheadMs;
    const answeredAt = this.monotonic();
    const middle = this.now() - (answeredAt - sentAt) / 2;
    this.leadMs = Math.round(dated + 500 - middle);
    this.measured = true;
    this.startChecksAfresh();
    return this.aheadMs !== before;
  }

  /**
   * Compares how far the wall clock went since the last check with how far the monotonic clock
   * went: a gap of {@link CLOCK_SKEW_NOTICED_MS} or more is a jump of this machine's clock (or
   * a suspend, when the wall clock went further).
   */
  check(): ClockCheck {
    const wall = this.now();
    const monotonic = this.monotonic();
    const gap = wall - this.wallAt - (monotonic - this.monotonicAt);
    this.wallAt = wall;
    this.monotonicAt = monotonic;
    if (Math.abs(gap) < CLOCK_SKEW_NOTICED_MS) return 'steady';
    if (gap > 0) return 'unsure';
    // A lead never measured was assumed, not known: there is nothing to move.
    if (!this.measured) return 'steady';
    this.leadMs -= gap;
    return 'jumped';
  }

  private startChecksAfresh(): void {
    this.wallAt = this.now();
    this.monotonicAt = this.monotonic();
  }
}
