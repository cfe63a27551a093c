import { describe, expect, it } from 'vitest';
import { terminalSafe, terminalSafeJson } from './terminalText';

/** Every character a terminal would obey or hide, by name, as a hostile customer sends them. */
const HOSTILE = {
  colour: '\u001b[31mRED\u001b[0m',
  clearScreen: '\u001b[2J\u001b[H',
  windowTitle: '\u001b]0;pwned\u0007',
  hyperlink: '\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\',
  c1Csi: '\u009b31mred',
  c1Osc: '\u009d0;title\u009c',
  nul: 'a\u0000b',
  bell: 'ding\u0007',
  backspace: 'pay 100\b\b\b900',
  carriageReturn: 'harmless\rREWRITTEN',
  del: 'x\u007fy',
  rightToLeftOverride: 'invoice\u202efdp.exe',
  bidiEmbeddings: '\u202aA\u202bB\u202cC\u202dD',
  isolates: '\u2066a\u2067b\u2068c\u2069',
  marks: '\u200e\u200f\u061c',
  zeroWidth: 'pay\u200bpal\ufeff\u00ad\u2060',
  tags: 'hi\u{e0041}\u{e0042}',
  lineSeparators: 'one\u2028two\u2029three',
};

/** What a terminal obeys: none of it may survive in printed text. */
const OBEYED =
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b\u200e\u200f\u061c\ufeff\u00ad\u2060\u{e0000}-\u{e007f}]/u;

describe('terminalSafe', () => {
  it.each(Object.entries(HOSTILE))('leaves nothing a terminal obeys in %s', (_name, text) => {
    const safe = terminalSafe(text);
    expect(safe).not.toMatch(OBEYED);
    expect(terminalSafe(text, { lines: true })).not.toMatch(OBEYED);
  });

  it('shows each character instead of obeying it: controls as symbols, the rest by code point', () => {
    expect(terminalSafe(HOSTILE.colour)).toBe('␛[31mRED␛[0m');
    expect(terminalSafe(HOSTILE.windowTitle)).toBe('␛]0;pwned␇');
    expect(terminalSafe(HOSTILE.nul)).toBe('a␀b');
    expect(terminalSafe(HOSTILE.carriageReturn)).toBe('harmless␍REWRITTEN');
    expect(terminalSafe(HOSTILE.del)).toBe('x␡y');
    expect(terminalSafe(HOSTILE.c1Csi)).toBe('<U+009B>31mred');
    expect(terminalSafe(HOSTILE.rightToLeftOverride)).toBe('invoice<U+202E>fdp.exe');
    expect(terminalSafe(HOSTILE.isolates)).toBe('<U+2066>a<U+2067>b<U+2068>c<U+2069>');
    expect(terminalSafe(HOSTILE.tags)).toBe('hi<U+E0041><U+E0042>');
  });

  it('never lets a value start a new line or column of a one-line record', () => {
    expect(terminalSafe('subject\nFAKE\tROW\r\n')).toBe('subject␊FAKE␉ROW␍␊');
  });

  it('keeps the lines and tabs of a document, and turns CR LF into one line feed', () => {
    expect(terminalSafe('Hello,\r\n\tsecond line\nthird\u001b[1A', { lines: true })).toBe(
      'Hello,\n\tsecond line\nthird␛[1A',
    );
    // A lone CR would still overwrite the line it ends.
    expect(terminalSafe('shown\rhidden', { lines: true })).toBe('shown␍hidden');
  });

  it('leaves ordinary text of every script alone, joiners included', () => {
    const ordinary = 'Grüße, שלום, مرحبا, می‌خواهم, 你好, 👩‍💻 ✓ 100 € — "quoted" <tag>';
    expect(terminalSafe(ordinary)).toBe(ordinary);
    expect(terminalSafe(ordinary, { lines: true })).toBe(ordinary);
  });
});

describe('terminalSafeJson', () => {
  const value = { ...HOSTILE, nested: [HOSTILE.rightToLeftOverride, { deep: HOSTILE.c1Csi }] };

  it.each([0, 2])(
    'escapes what JSON.stringify leaves raw, and parses back to the same value (indent %i)',
    (indent) => {
      const raw = JSON.stringify(value, null, indent);
      // What JSON.stringify does by itself: C0 controls escaped, bidi overrides, C1, DEL and
      // the rest left raw; this is why the CLI cannot print its output as it is.
      expect(raw).toContain('\\u001b[31mRED');
      expect(raw).toContain('\u202e');
      expect(raw).toContain('\u009b');
      const safe = terminalSafeJson(raw);
      expect(safe).not.toMatch(OBEYED);
      expect(safe).toContain('invoice\\u202efdp.exe');
      expect(safe).toContain('hi\\udb40\\udc41\\udb40\\udc42');
      expect(JSON.parse(safe)).toEqual(value);
    },
  );

  it('changes nothing in JSON without such characters', () => {
    const plain = JSON.stringify({ text: 'Grüße 👩‍💻 שלום', lines: 'a\nb' }, null, 2);
    expect(terminalSafeJson(plain)).toBe(plain);
  });
});
