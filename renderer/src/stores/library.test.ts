import { describe, expect, it, vi } from 'vitest';
import { PREVIEW_CHARACTERS, responsePreview } from './library';

// The store reaches main through api.ts, which needs the preload's bridge.
vi.mock('../api', () => ({ api: {} }));

describe('responsePreview', () => {
  it('cuts a long first line between characters, never inside an emoji or a letter and its accent', () => {
    // 88 letters, then an emoji (two UTF-16 units) across the old cut at 89 units.
    const emoji = `${'a'.repeat(88)}😀 and the rest of the line`;
    expect(responsePreview(emoji)).toBe(`${'a'.repeat(88)}😀…`);
    expect(responsePreview(emoji)).not.toMatch(/[\uD800-\uDFFF](?![\uDC00-\uDFFF])/u);
    // A CJK Extension B character (outside the BMP), written 60 times: 120 units, 60 characters.
    const cjk = '𠮷'.repeat(60);
    expect(responsePreview(`\n${cjk}\nsecond line`)).toBe(cjk);
    const accents = 'e\u0301'.repeat(100);
    expect(responsePreview(accents)).toBe(`${'e\u0301'.repeat(PREVIEW_CHARACTERS - 1)}…`);
    expect(responsePreview('Short and sweet')).toBe('Short and sweet');
  });
});
