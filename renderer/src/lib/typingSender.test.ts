import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  TYPING_IDLE_MS,
  TYPING_MIN_GAP_MS,
  TYPING_RETRY_MAX_MS,
  TypingSender,
  type TypingNotice,
} from './typingSender';

let sent: { notice: TypingNotice; at: number }[];
let sender: TypingSender;

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  sent = [];
  sender = new TypingSender({
    send: (notice) => {
      sent.push({ notice, at: Date.now() });
    },
  });
});

afterEach(() => {
  vi.useRealTimers();
});

/** Keystrokes every `everyMs` for `forMs`. */
function typeFor(forMs: number, everyMs = 100): void {
  for (let t = 0; t < forMs; t += everyMs) {
    sender.typed();
    vi.advanceTimersByTime(everyMs);
  }
}

describe('TypingSender', () => {
  it('one TypingStarted for a burst of keystrokes, one TypingStopped once the keys rest', () => {
    typeFor(10_000);
    expect(sent).toEqual([{ notice: 'TypingStarted', at: 0 }]);
    vi.advanceTimersByTime(TYPING_IDLE_MS);
    expect(sent).toEqual([
      { notice: 'TypingStarted', at: 0 },
      { notice: 'TypingStopped', at: 10_000 + TYPING_IDLE_MS - 100 },
    ]);
    vi.advanceTimersByTime(60_000);
    expect(sent).toHaveLength(2);
  });

  it('sending the line stops at once when the gap allows, and no later stop follows', () => {
    typeFor(5_000);
    sender.stopped();
    expect(sent.map((entry) => entry.notice)).toEqual(['TypingStarted', 'TypingStopped']);
    expect(sent[1]?.at).toBe(5_000);
    vi.advanceTimersByTime(60_000);
    expect(sent).toHaveLength(2);
  });

  it('never two notices within the gap: a quick send’s stop waits for the gap, and so does the next start', () => {
    sender.typed();
    vi.advanceTimersByTime(500);
    sender.stopped();
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(TYPING_MIN_GAP_MS - 500);
    expect(sent.map((entry) => entry.notice)).toEqual(['TypingStarted', 'TypingStopped']);
    expect(sent[1]?.at).toBe(TYPING_MIN_GAP_MS);

    // Sent, then at once typing the next line: the start waits for the gap.
    sent = [];
    typeFor(4_000);
    expect(sent).toEqual([{ notice: 'TypingStarted', at: TYPING_MIN_GAP_MS * 2 }]);
    vi.advanceTimersByTime(TYPING_IDLE_MS);
    expect(sent.map((entry) => entry.notice)).toEqual(['TypingStarted', 'TypingStopped']);
    for (let index = 1; index < sent.length; index += 1) {
      expect((sent[index]?.at ?? 0) - (sent[index - 1]?.at ?? 0)).toBeGreaterThanOrEqual(
        TYPING_MIN_GAP_MS,
      );
    }
  });

  it('a stop undone by typing again within the gap is never sent', () => {
    sender.typed();
    vi.advanceTimersByTime(1_000);
    sender.stopped();
    vi.advanceTimersByTime(1_000);
    typeFor(4_000);
    expect(sent.map((entry) => entry.notice)).toEqual(['TypingStarted']);
  });

  it('a TypingStopped that did not go through is sent again, backing off, until it does', async () => {
    // The link is down for the first three tries of the stop, then back.
    let failing = 3;
    const answered: { notice: TypingNotice; at: number }[] = [];
    sender = new TypingSender({
      send: (notice) => {
        answered.push({ notice, at: Date.now() });
        const through = notice === 'TypingStarted' || failing-- <= 0;
        return Promise.resolve(through);
      },
    });
    sender.typed();
    await vi.advanceTimersByTimeAsync(100);
    sender.stopped();
    await vi.advanceTimersByTimeAsync(TYPING_MIN_GAP_MS);
    expect(answered.map((entry) => entry.notice)).toEqual(['TypingStarted', 'TypingStopped']);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(answered.map((entry) => entry.notice)).toEqual([
      'TypingStarted',
      'TypingStopped',
      'TypingStopped',
      'TypingStopped',
      'TypingStopped',
    ]);
    // Each wait longer than the one before, none longer than the bound.
    const waits = answered.slice(1).map((entry, index) => entry.at - (answered[index]?.at ?? 0));
    expect(waits.slice(1)).toEqual([
      TYPING_MIN_GAP_MS * 2,
      TYPING_MIN_GAP_MS * 4,
      Math.min(TYPING_MIN_GAP_MS * 8, TYPING_RETRY_MAX_MS),
    ]);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(answered).toHaveLength(5);
  });

  it('a TypingStarted whose fate is unknown is followed by its TypingStopped all the same', async () => {
    const answered: TypingNotice[] = [];
    sender = new TypingSender({
      send: (notice) => {
        answered.push(notice);
        return Promise.resolve(notice === 'TypingStopped');
      },
    });
    sender.typed();
    await vi.advanceTimersByTimeAsync(100);
    sender.stopped();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(answered).toEqual(['TypingStarted', 'TypingStopped']);
  });
});
