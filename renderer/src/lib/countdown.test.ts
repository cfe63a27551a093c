import { describe, expect, it } from 'vitest';
import type { InteractionSummary } from '../../../common/model';
import { countdownAt, countdownStarts } from './countdown';

const row = (
  id: string,
  phase: InteractionSummary['phase'],
  updatedAt: number,
  offeredAt?: number,
): InteractionSummary => ({
  id,
  channel: 'chat',
  state: phase === 'invited' ? 'Invited' : 'Accepted',
  phase,
  firstSeenAt: 0,
  updatedAt,
  ...(offeredAt === undefined ? {} : { offeredAt }),
});

/** The starts' times, by interaction. */
const times = (starts: ReadonlyMap<string, { at: number }>) =>
  [...starts].map(([id, start]) => [id, start.at]);

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
    expect(times(first)).toEqual([
      ['a', 500],
      ['b', 2_000],
    ]);
    // Later pushes change the rows' times, not their starts; an accepted row is forgotten.
    const later = countdownStarts(
      first,
      [row('a', 'invited', 4_000), row('b', 'working', 4_000)],
      5_000,
    );
    expect(times(later)).toEqual([['a', 500]]);
    // Offered again: a new countdown.
    const again = countdownStarts(
      later,
      [row('a', 'invited', 4_000), row('b', 'invited', 8_000)],
      8_500,
    );
    expect(again.get('b')?.at).toBe(8_000);
  });

  it('start when main announced the invitation, and again when it announces it again', () => {
    // Stored long ago (a run that crashed left it offered), announced at 100_000 by this session:
    // a whole countdown from there, as the notification says, not one that ran out long ago.
    const first = countdownStarts(new Map(), [row('a', 'invited', 1_000, 100_000)], 100_500);
    expect(first.get('a')?.at).toBe(100_000);
    // A row the page held before main announced it (the offline review, then the sign-in):
    // counted from its stored time, then from the announcement.
    const held = countdownStarts(new Map(), [row('a', 'invited', 1_000)], 100_000);
    expect(held.get('a')?.at).toBe(1_000);
    const announced = countdownStarts(held, [row('a', 'invited', 1_000, 100_200)], 100_300);
    expect(announced.get('a')?.at).toBe(100_200);
    // Later pushes of the same announcement keep the start, and so does one without the time.
    const later = countdownStarts(announced, [row('a', 'invited', 101_000, 100_200)], 102_000);
    expect(later.get('a')).toBe(announced.get('a'));
    expect(countdownStarts(later, [row('a', 'invited', 103_000)], 104_000).get('a')).toBe(
      announced.get('a'),
    );
    // Withdrawn and offered anew within one push: the new announcement's countdown.
    expect(
      countdownStarts(later, [row('a', 'invited', 200_000, 200_000)], 200_100).get('a')?.at,
    ).toBe(200_000);
  });
});
