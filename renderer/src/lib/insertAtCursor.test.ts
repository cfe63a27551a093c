import { describe, expect, it } from 'vitest';
import { insertAtCursor } from './insertAtCursor';

describe('insertAtCursor', () => {
  it('inserts at the caret and puts the caret after the insert', () => {
    expect(insertAtCursor({ value: 'Hello !', start: 6, end: 6 }, 'Ann')).toEqual({
      value: 'Hello Ann!',
      caret: 9,
    });
  });

  it('replaces the selection', () => {
    expect(insertAtCursor({ value: 'Dear XXX, hi', start: 5, end: 8 }, 'Ann')).toEqual({
      value: 'Dear Ann, hi',
      caret: 8,
    });
  });

  it('adds a space rather than gluing onto a word, and none at the start or after a space', () => {
    expect(insertAtCursor({ value: 'Thanks', start: 6, end: 6 }, 'Bye')).toEqual({
      value: 'Thanks Bye',
      caret: 10,
    });
    expect(insertAtCursor({ value: '', start: 0, end: 0 }, 'Hi')).toEqual({
      value: 'Hi',
      caret: 2,
    });
    expect(insertAtCursor({ value: 'a\n', start: 2, end: 2 }, 'b')).toEqual({
      value: 'a\nb',
      caret: 3,
    });
  });

  it('adds a space after the insert only before a word', () => {
    expect(insertAtCursor({ value: 'Hello. Bye.', start: 7, end: 7 }, 'Hi Ann.')).toEqual({
      value: 'Hello. Hi Ann. Bye.',
      caret: 15,
    });
    expect(insertAtCursor({ value: 'Dear , hi', start: 5, end: 5 }, 'Ann')).toEqual({
      value: 'Dear Ann, hi',
      caret: 8,
    });
  });

  it('treats a caret beyond the value as at its end', () => {
    expect(insertAtCursor({ value: 'ab', start: 99, end: 120 }, '\nc')).toEqual({
      value: 'ab\nc',
      caret: 4,
    });
  });
});
