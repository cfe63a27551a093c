import { describe, expect, it } from 'vitest';
import { decodeNumericReference, emailWords, htmlToText } from './htmlText';

describe('htmlToText', () => {
  it('decodes invalid numeric references to U+FFFD, as HTML5 does, instead of throwing', () => {
    const invalid = [
      '&#x110000;', // one past the last code point: "Invalid code point 1114112" before
      '&#1114112;',
      '&#xD800;', // surrogates
      '&#57343;',
      '&#0;',
      '&#x0;',
      '&#99999999999999999999999;', // beyond any integer
      `&#x${'F'.repeat(400)};`, // parseInt gives Infinity
    ];
    for (const reference of invalid) expect(htmlToText(`a${reference}b`)).toBe('a\ufffdb');
  });

  it('decodes valid references, and the C1 range as Windows-1252 like a browser', () => {
    expect(htmlToText('&#x1F600; &#233; &#X10FFFF; &#65;&#x42;')).toBe('😀 é \u{10ffff} AB');
    expect(htmlToText('&#150; &#x80; &#153; &#x9F; &#x81;')).toBe('– € ™ Ÿ \u0081');
  });

  it('leaves unknown named references as they are', () => {
    expect(htmlToText('&bogus; &amp; &NBSP;x')).toBe('&bogus; &  x');
  });
});

describe('decodeNumericReference', () => {
  it.each([
    [0, '\ufffd'],
    [0xd800, '\ufffd'],
    [0xdfff, '\ufffd'],
    [0x110000, '\ufffd'],
    [Number.MAX_SAFE_INTEGER, '\ufffd'],
    [Infinity, '\ufffd'],
    [0x96, '–'],
    [0x8d, '\u008d'],
    [0x20ac, '€'],
    [0x10ffff, '\u{10ffff}'],
  ])('decodes %d as %j', (code, expected) => {
    expect(decodeNumericReference(code)).toBe(expected);
  });
});

describe('emailWords', () => {
  it('takes the text part, else the HTML part made text when the text is absent or blank', () => {
    expect(emailWords({ text: 'Hello\nKim', html: '<p>Other</p>' })).toBe('Hello\nKim');
    // An HTML-only mail as Outlook and Gmail send it: Text empty or a lone line break.
    expect(emailWords({ text: '', html: '<p>Hello</p><p>Kim</p>' })).toBe('Hello\nKim');
    expect(emailWords({ text: '\r\n', html: '<p>Hello</p>' })).toBe('Hello');
    expect(emailWords({ html: 'Hello<br>Kim' })).toBe('Hello\nKim');
    expect(emailWords({ text: '' })).toBeUndefined();
    expect(emailWords({})).toBeUndefined();
  });
});
