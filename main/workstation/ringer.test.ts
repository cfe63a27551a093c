import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RING_INTERVAL_MS, Ringer } from './ringer';

describe('Ringer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('repeats the chime every interval while it should ring, and stops at the first tick it should not', () => {
    let waiting = true;
    const ring = vi.fn();
    const ringer = new Ringer({ shouldRing: () => waiting, ring });
    ringer.update();
    // The first chime is the notification's: the repetition starts one interval later.
    expect(ring).not.toHaveBeenCalled();
    vi.advanceTimersByTime(RING_INTERVAL_MS * 3);
    expect(ring).toHaveBeenCalledTimes(3);
    ringer.update();
    vi.advanceTimersByTime(RING_INTERVAL_MS);
    expect(ring).toHaveBeenCalledTimes(4);

    waiting = false;
    vi.advanceTimersByTime(RING_INTERVAL_MS * 3);
    expect(ring).toHaveBeenCalledTimes(4);
    expect(ringer.active).toBe(false);

    waiting = true;
    ringer.update();
    vi.advanceTimersByTime(RING_INTERVAL_MS);
    expect(ring).toHaveBeenCalledTimes(5);
    ringer.stop();
    vi.advanceTimersByTime(RING_INTERVAL_MS * 2);
    expect(ring).toHaveBeenCalledTimes(5);
  });

  it('stops at once when updated after the invitation was answered', () => {
    let waiting = true;
    const ring = vi.fn();
    const ringer = new Ringer({ shouldRing: () => waiting, ring, intervalMs: 1_000 });
    ringer.update();
    expect(ringer.active).toBe(true);
    waiting = false;
    ringer.update();
    expect(ringer.active).toBe(false);
    vi.advanceTimersByTime(5_000);
    expect(ring).not.toHaveBeenCalled();
  });
});
