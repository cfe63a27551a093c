import { describe, expect, it } from 'vitest';
import { sizeInWords } from './sizes';

describe('sizeInWords', () => {
  it('writes sizes the way agents read them', () => {
    expect(sizeInWords(25 * 1024 * 1024)).toBe('25 MB');
    expect(sizeInWords(1_500_000)).toBe('1.4 MB');
    expect(sizeInWords(340 * 1024)).toBe('340 KB');
    expect(sizeInWords(300)).toBe('1 KB');
    expect(sizeInWords(0)).toBe('1 KB');
  });
});
