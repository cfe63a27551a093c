import { describe, expect, it } from 'vitest';
import type { ChatEvent } from '../../common/model';
import { PREVIEW_MAX_CHARS, previewOf } from './policy';

const customer = (eventId: number, text: string): ChatEvent => ({
  eventId,
  kind: 'message',
  authorType: 'Client',
  authorName: 'Anna',
  text,
});

describe('previewOf', () => {
  it("takes the customer's first non-blank line, skipping the agent's and blank ones", () => {
    expect(
      previewOf([
        { eventId: 1, kind: 'joined', authorName: 'Anna' },
        { eventId: 2, kind: 'message', authorType: 'Agent', text: 'Hello' },
        customer(3, '   '),
        customer(4, '  Where   is\nmy refund?  '),
        customer(5, 'Later line'),
      ]),
    ).toBe('Where is my refund?');
  });

  it('keeps a line of exactly the limit whole, and cuts a longer one with an ellipsis', () => {
    const exact = 'a'.repeat(PREVIEW_MAX_CHARS);
    expect(previewOf([customer(1, exact)])).toBe(exact);
    const longer = `${'b'.repeat(PREVIEW_MAX_CHARS)}c`;
    expect(previewOf([customer(1, longer)])).toBe(`${'b'.repeat(PREVIEW_MAX_CHARS - 1)}…`);
  });

  it('never splits what a reader sees as one character, in or after plain text', () => {
    // A combining accent right after the cut belongs to the letter before it.
    const accentAtCut = `${'d'.repeat(PREVIEW_MAX_CHARS - 2)}e\u0301f${'g'.repeat(10)}`;
    expect(previewOf([customer(1, accentAtCut)])).toBe(
      `${'d'.repeat(PREVIEW_MAX_CHARS - 2)}e\u0301…`,
    );
    // Exactly the limit, its last character an accented letter: whole.
    const accentLast = `${'h'.repeat(PREVIEW_MAX_CHARS - 1)}e\u0301`;
    expect(previewOf([customer(1, accentLast)])).toBe(accentLast);
    // A family emoji is one character of several code points.
    const family = '👨‍👩‍👧';
    const emoji = `${family.repeat(PREVIEW_MAX_CHARS)}x`;
    expect(previewOf([customer(1, emoji)])).toBe(`${family.repeat(PREVIEW_MAX_CHARS - 1)}…`);
    expect(previewOf([customer(1, `${family} hi`)])).toBe(`${family} hi`);
  });
});
