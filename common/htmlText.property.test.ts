import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlToText } from './htmlText';

/** Node's own, where the tests run (common/ is type-checked without Node's types). */
declare const process: {
  cpuUsage(since?: { user: number; system: number }): { user: number; system: number };
};

// Whatever HTML a customer's mail holds, htmlToText answers text, never throws and takes time in
// proportion to the HTML's length: it runs in main (the cache's search document for every mail
// that comes in) and in the page (the composer's quote), where a long stall freezes the desk.

/** Pieces that real and broken mail HTML is made of, to be strung together at random. */
const fragment = fc.oneof(
  fc.constantFrom(
    '<blockquote type="cite">',
    '<blockquote class="gmail_quote" style="border-left:1px solid #ccc">',
    '<blockquote style="border:none">',
    '</blockquote>',
    '<ul>',
    '<ol start="3">',
    '<ol start="99999999999999999999999">',
    '<li>',
    '</li>',
    '</ol>',
    '</ul>',
    '<a href="https://x.example/?a=1&amp;b=2">',
    '<a href="javascript:alert(1)">',
    '<a href=mailto:kim@example.com>',
    '<a href="',
    '</a>',
    '<table><tr><td>',
    '</td><td>',
    '</td></tr></table>',
    '<pre>',
    '</pre>',
    '<br>',
    '<hr>',
    '<p>',
    '</p>',
    '<div>',
    '</div>',
    '<div hidden>',
    '<span style="display: none">',
    '<template>',
    '</template>',
    '</span>',
    '<script>',
    '</script>',
    '<style>',
    '<!--',
    '-->',
    '<!',
    '<',
    '>',
    '"',
    "'",
    '=',
    '&',
    '&nbsp;',
    '&#x110000;',
    '&#',
    '&amp',
    '-- ',
    '\n',
    '\r\n',
    '\t',
    ' ',
    '\u00a0',
  ),
  fc.string({ maxLength: 12 }),
);

describe('htmlToText on any HTML', () => {
  it('answers text and never throws', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 60 }), (pieces) => {
        const text = htmlToText(pieces.join(''));
        expect(typeof text).toBe('string');
        // No line ends in white space but the signature separator's (quoted too).
        const ragged = text
          .split('\n')
          .filter((line) => !/^(>+ )?-- $/u.test(line) && line !== line.trimEnd());
        expect(ragged).toEqual([]);
      }),
      { numRuns: 2_000 },
    );
  });

  it('puts each line behind as many `>` as blockquotes hold it', () => {
    const entry = fc.record({
      depth: fc.integer({ min: 0, max: 6 }),
      word: fc.stringMatching(/^[a-z]{1,8}$/u),
    });
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 30 }), (entries) => {
        let html = '';
        let open = 0;
        for (const { depth, word } of entries) {
          for (; open > depth; open -= 1) html += '</blockquote>';
          for (; open < depth; open += 1) html += '<blockquote type="cite">';
          html += `<div>${word}</div>`;
        }
        expect(htmlToText(html).split('\n')).toEqual(
          entries.map(({ depth, word }) => (depth === 0 ? word : `${'>'.repeat(depth)} ${word}`)),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('never puts two blank lines in a row, nor one first or last', () => {
    const piece = fc.constantFrom(
      '<p>',
      '</p>',
      '<p class="MsoNormal">',
      '<p style="margin:0 0 12pt">',
      '<blockquote type="cite">',
      '</blockquote>',
      '<div>',
      '</div>',
      '<br>',
      '<ul><li>',
      '</li></ul>',
      '<img alt="x">',
      '<img alt="">',
      '<a href="https://x.example/">',
      '</a>',
      '<hr>',
      '&nbsp;',
      ' ',
      'word',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const lines = htmlToText(pieces.join('')).split('\n');
        const blank = (line: string | undefined): boolean =>
          line !== undefined && /^>*$/u.test(line);
        const runs = lines.filter((line, index) => blank(line) && line === lines[index + 1]);
        expect(runs).toEqual([]);
        // The text starts and ends with words (or is empty).
        expect(lines.length === 1 || (!blank(lines[0]) && !blank(lines.at(-1)))).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  /**
   * Each in well under a second of CPU here; the regular expressions this replaced took 10 s to
   * a minute on most of them, the main process frozen meanwhile. CPU time, not the wall clock:
   * under a load of 12 one took 1.2 s by the wall clock.
   */
  it.each([
    ['10,000 nested blockquotes', `${'<blockquote type="cite"><p>x</p>'.repeat(10_000)}end`],
    ['100,000 unclosed tags', '<div '.repeat(100_000)],
    ['100,000 unclosed start tags with text', '<b>x<i'.repeat(100_000)],
    ['a storm of 200,000 `<`', '<'.repeat(200_000)],
    ['`<` storms between letters', '<a<b<c '.repeat(50_000)],
    ['50,000 unclosed attribute quotes', '<a href="'.repeat(50_000)],
    ['100,000 unclosed comments', '<!--'.repeat(100_000)],
    ['20,000 unclosed scripts', '<script>'.repeat(20_000)],
    ['10,000 nested lists', '<ul><li>x'.repeat(10_000)],
    ['a row of 100,000 cells', '<td>a'.repeat(100_000)],
    ['10,000 nested hidden divs', `${'<div style="display:none">x'.repeat(10_000)}end`],
    ['100,000 unclosed hidden divs', '<div hidden>x'.repeat(100_000)],
    ['100,000 hidden cells', '<td hidden>x<div>'.repeat(100_000)],
    ['100,000 references cut short', '&#x'.repeat(100_000)],
    ['100,000 paragraphs with margins', '<p style="margin:0 0 1em">x</p><p>'.repeat(100_000)],
    ['100,000 images', '<img src="a.png" alt="a b">'.repeat(100_000)],
  ])('finishes %s fast, its text no longer than linear', (_name, html) => {
    const started = process.cpuUsage();
    const text = htmlToText(html);
    const { user, system } = process.cpuUsage(started);
    expect((user + system) / 1_000).toBeLessThan(1_000);
    expect(text.length).toBeLessThan(5 * html.length);
  });
});
