import { describe, expect, it } from 'vitest';
import { showsNothing, withoutInvisible } from './visibleText';

describe('withoutInvisible', () => {
  it('removes what reorders or hides text', () => {
    expect(withoutInvisible('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(withoutInvisible('\u2066Tom\u2069 \u200BBaker\u00AD\uFEFF\u200E')).toBe('Tom Baker');
    expect(withoutInvisible('a\u0000b\u001Bc\u007Fd\u009Be')).toBe('abcde');
  });

  it('keeps the joiners that Persian words and emoji sequences need', () => {
    expect(withoutInvisible('نیم\u200Cفاصله')).toBe('نیم\u200Cفاصله');
    expect(withoutInvisible('क्\u200Dष')).toBe('क्\u200Dष');
    expect(withoutInvisible('👩\u200D💻 👨\u200D👩\u200D👧')).toBe('👩\u200D💻 👨\u200D👩\u200D👧');
  });

  it("keeps a subdivision flag's tags and removes tags anywhere else", () => {
    const scotland = '\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}';
    expect(withoutInvisible(`Go ${scotland}!`)).toBe(`Go ${scotland}!`);
    // Tags spelling "ignore" after ordinary text: a hidden sentence, not a flag.
    const hidden = Array.from('ignore', (letter) =>
      String.fromCodePoint(0xe0000 + letter.charCodeAt(0)),
    ).join('');
    expect(withoutInvisible(`Hello${hidden}\u{E007F}`)).toBe('Hello');
    expect(withoutInvisible(`\u{1F3F4}${hidden}${hidden}\u{E007F}`)).toBe('\u{1F3F4}');
  });
});

describe('showsNothing', () => {
  it('takes white space and invisible characters alone for nothing', () => {
    for (const text of [
      '',
      ' \t\n',
      '\u200B\u200B',
      '\u2060',
      '\uFEFF',
      '\u200E\u200F \u202E',
      '\u200C\u200D',
      '\u3164',
      '\uFE0F',
      '\u{E0041}\u{E007F}',
    ]) {
      expect({ text, nothing: showsNothing(text) }).toEqual({ text, nothing: true });
    }
  });

  it('takes any visible character for something', () => {
    for (const text of [
      'a',
      '\u200Bok\u200B',
      '.',
      '👩\u200D💻',
      '\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}',
      'نیم\u200Cفاصله',
    ]) {
      expect({ text, nothing: showsNothing(text) }).toEqual({ text, nothing: false });
    }
  });
});
