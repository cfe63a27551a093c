import { describe, expect, it } from 'vitest';
import { arrivals } from './arrivals';

describe('arrivals', () => {
  it('gives each recording what arrived while it ran, and nothing after', () => {
    const pushed = arrivals<number>();
    pushed.add(1);
    const first = pushed.record();
    pushed.add(2);
    const second = pushed.record();
    pushed.add(3);
    expect(first()).toEqual([2, 3]);
    pushed.add(4);
    expect(second()).toEqual([3, 4]);
    pushed.add(5);
    expect(second()).toEqual([3, 4]);
  });
});
