import { describe, expect, it } from 'vitest';
import { splitSnippet } from './snippet';

describe('splitSnippet', () => {
  it('marks the words between brackets', () => {
    expect(splitSnippet('my [order] is [late] again')).toEqual([
      { text: 'my ', match: false },
      { text: 'order', match: true },
      { text: ' is ', match: false },
      { text: 'late', match: true },
      { text: ' again', match: false },
    ]);
  });

  it('joins adjacent matches and keeps markup as plain text', () => {
    expect(splitSnippet('[<b>][x]</b>')).toEqual([
      { text: '<b>x', match: true },
      { text: '</b>', match: false },
    ]);
  });

  it('leaves text without a closing bracket alone', () => {
    expect(splitSnippet('…a [half')).toEqual([{ text: '…a [half', match: false }]);
    expect(splitSnippet('')).toEqual([]);
  });
});
