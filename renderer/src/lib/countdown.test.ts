import { describe, expect, it } from 'vitest';
import type { InteractionSummary } from '../../../common/model';
import { countdownAt, countdownStarts } from './countdown';

const row = (
  id: string,
  phase: InteractionSummary['phase'],
  updatedAt: number,
): InteractionSummary => ({
  id,
  channel: 'chat',
  state: phase === 'invited' ? 'Invited' : 'Accepted',
  phase,
  firstSeenAt: 0,
  updatedAt,
});

describe('invitation countdowns', () => {
  it('count from the arrival, whole seconds rounded up, and say when they ran out', () => {
    expect(countdownAt(1_000, 30, 1_000)).toEqual({ secondsLeft: 30, timedOut: false });
    expect(countdownAt(1_000, 30, 1_001)).toEqual({ secondsLeft: 30, timedOut: false });
    expect(countdownAt(1_000, 30, 21_000)).toEqual({ secondsLeft: 10, timedOut: false });
    expect(countdownAt(1_000, 30, 30_999)).toEqual({ secondsLeft: 1, timedOut: false });
    expect(countdownAt(1_000, 30, 31_000)).toEqual({ secondsLeft: 0, timedOut: true });
  });

  it('start when first seen invited (or stored earlier), keep their start, and forget rows no longer invited', () => {
    const first = countdownStarts(
      new Map(),
      [row('a', 'invited', 500), row('b', 'invited', 9_000)],
      2_000,
    );
    // A row stored before the page saw it counts from when it was stored; a clock ahead never
    // lengthens the countdown past the page's own sighting.
    expect([...first]).toEqual([
      ['a', 500],
      ['b', 2_000],
    ]);
    // Later pushes change the rows' times, not their starts; an accepted row is forgotten.
    const later = countdownStarts(
      first,
      [row('a', 'invited', 4_000), row('b', 'working', 4_000)],
      5_000,
    );
    expect([...later]).toEqual([['a', 500]]);
    // Offered again: a new countdown.
    const again = countdownStarts(
      later,
      [row('a', 'invited', 4_000), row('b', 'invited', 8_000)],
      8_500,
    );
    expect(again.get('b')).toBe(8_000);
  });
});
