/**
 * An e-mail's HTML as plain text, for what needs its words and not its look: a saved
 * transcript, a sent e-mail's search document, the original quoted under a reply or a forward
 * (the renderer's composer writes plain text). Pure string work, for main and the page alike.
 */

/**
 * Windows-1252's characters for U+0080–U+009F, in order: HTML5 reads `&#128;`–`&#159;` as these,
 * because pages written in that encoding meant them (`&#150;` is an en dash, not a control
 * character); the five codes Windows-1252 leaves undefined stay as they are.
 */
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * The character a numeric character reference stands for, as an HTML5 parser decodes it: zero,
 * a surrogate or anything beyond U+10FFFF (however many digits) becomes U+FFFD, and the C1 range
 * is read as Windows-1252. Never throws, whatever an e-mail's HTML holds.
 */
export function decodeNumericReference(code: number): string {
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
  if (code >= 0x80 && code <= 0x9f) return WINDOWS_1252_C1.charAt(code - 0x80);
  return String.fromCodePoint(code);
}

/** Turns an (untrusted) HTML body into plain text: tags dropped, common entities decoded. */
export function htmlToText(html: string): string {
  const entities: Record<string, string> = {
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    nbsp: ' ',
  };
  return html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/giu, '')
    .replace(/<br\s*\/?>/giu, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6]|blockquote)\s*>/giu, '\n')
    .replace(/<[^>]*>/gu, '')
    .replace(/&(#x[\da-f]+|#\d+|[a-z]+);/giu, (whole, code: string) => {
      if (code.startsWith('#x') || code.startsWith('#X'))
        return decodeNumericReference(parseInt(code.slice(2), 16));
      if (code.startsWith('#')) return decodeNumericReference(parseInt(code.slice(1), 10));
      return entities[code.toLowerCase()] ?? whole;
    })
    .replace(/\n{3,}/gu, '\n\n')
    .trim();
}

/**
 * An e-mail's words: its text part, else its HTML part made text, for a quote, a transcript and
 * search. A blank text part counts as none: an HTML-only mail often comes with `Text` empty, and
 * its words are then only in its HTML. Undefined when it has neither.
 */
export function emailWords(email: {
  readonly text?: string | undefined;
  readonly html?: string | undefined;
}): string | undefined {
  if (email.text !== undefined && email.text.trim() !== '') return email.text;
  return email.html === undefined ? undefined : htmlToText(email.html);
}
