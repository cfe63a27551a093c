import { describe, expect, it } from 'vitest';
import { movedOption } from './listNavigation';

describe('movedOption', () => {
  it('steps down and up through the options, wrapping round at both ends', () => {
    expect(movedOption('ArrowDown', 0, 3)).toBe(1);
    expect(movedOption('ArrowDown', 2, 3)).toBe(0);
    expect(movedOption('ArrowUp', 0, 3)).toBe(2);
    expect(movedOption('ArrowUp', 2, 3)).toBe(1);
  });

  it('leaves other keys and empty lists to the caller', () => {
    expect(movedOption('Enter', 0, 3)).toBeUndefined();
    expect(movedOption('ArrowDown', 0, 0)).toBeUndefined();
  });
});
