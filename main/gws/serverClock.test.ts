import { describe, expect, it } from 'vitest';
import { ServerClock } from './serverClock';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 11, 6, 9, 0, 0);

/** This machine's clocks as the test moves them: both run on alike unless one jumps. */
function machine() {
  const clocks = { wall: T0, monotonic: 1_000 };
  const serverClock = new ServerClock({
    now: () => clocks.wall,
    monotonic: () => clocks.monotonic,
  });
  const run = (ms: number) => {
    clocks.wall += ms;
    clocks.monotonic += ms;
  };
  return { clocks, serverClock, run };
}

describe('the server’s lead over this machine’s clock', () => {
  it('takes a Date header read after a jump, before any check saw it, for the lead, the jump not counted again', () => {
    const { clocks, serverClock, run } = machine();
    // The server 10 minutes behind: measured on an answer of a round trip of 40 ms.
    const sent = serverClock.sent();
    run(40);
    expect(serverClock.measure(clocks.wall - 20 - 500 - 10 * MINUTE, sent)).toBe(true);
    expect(serverClock.aheadMs).toBe(-10 * MINUTE);
    run(1_000);
    // NTP sets this machine's clock 10 minutes back; an answer comes before the next check.
    clocks.wall -= 10 * MINUTE;
    const again = serverClock.sent();
    run(40);
    serverClock.measure(clocks.wall - 20 - 500, again);
    expect(serverClock.aheadMs).toBe(0);
    // The check after it finds the clocks running alike since the answer: the header won.
    run(2_000);
    expect(serverClock.check()).toBe('steady');
    expect(serverClock.aheadMs).toBe(0);
  });

  it('measures a round trip the wall clock jumped in by the monotonic clock', () => {
    const { clocks, serverClock, run } = machine();
    const sent = serverClock.sent();
    run(20);
    // Set back 10 minutes while the request was on its way; the server's clock is this one's.
    clocks.wall -= 10 * MINUTE;
    run(20);
    serverClock.measure(clocks.wall - 20 - 500, sent);
    expect(serverClock.aheadMs).toBe(0);
  });

  it('moves a measured lead by minus a jump back, and leaves it for a wall clock gone further', () => {
    const { clocks, serverClock, run } = machine();
    serverClock.measure(clocks.wall - 500, serverClock.sent());
    run(2_000);
    clocks.wall -= 10 * MINUTE;
    expect(serverClock.check()).toBe('jumped');
    expect(serverClock.aheadMs).toBe(10 * MINUTE);
    // An hour on the wall clock, two seconds on the monotonic: a suspend, or the clock set on.
    clocks.wall += 60 * MINUTE;
    clocks.monotonic += 2_000;
    expect(serverClock.check()).toBe('unsure');
    expect(serverClock.aheadMs).toBe(10 * MINUTE);
  });
});
