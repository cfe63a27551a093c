import { describe, expect, it } from 'vitest';
import { MATCH_END, MATCH_START } from '../../../common/searchSnippet';
import { splitSnippet } from './snippet';

/** A word as the cache marks a match. */
const m = (word: string) => `${MATCH_START}${word}${MATCH_END}`;

describe('splitSnippet', () => {
  it('marks the words the cache marked', () => {
    expect(splitSnippet(`my ${m('order')} is ${m('late')} again`)).toEqual([
      { text: 'my ', match: false },
      { text: 'order', match: true },
      { text: ' is ', match: false },
      { text: 'late', match: true },
      { text: ' again', match: false },
    ]);
  });

  it("leaves a customer's own brackets as text", () => {
    expect(splitSnippet(`[REFUND APPROVED] where is my ${m('parcel')} [now]`)).toEqual([
      { text: '[REFUND APPROVED] where is my ', match: false },
      { text: 'parcel', match: true },
      { text: ' [now]', match: false },
    ]);
  });

  it('joins adjacent matches and keeps markup as plain text', () => {
    expect(splitSnippet(`${m('<b>')}${m('x')}</b>`)).toEqual([
      { text: '<b>x', match: true },
      { text: '</b>', match: false },
    ]);
  });

  it('shows the words of a mark never closed, and no stray mark', () => {
    expect(splitSnippet(`…a ${MATCH_START}half`)).toEqual([{ text: '…a half', match: false }]);
    expect(splitSnippet(`a${MATCH_END} b`)).toEqual([{ text: 'a b', match: false }]);
    expect(splitSnippet('')).toEqual([]);
  });
});
