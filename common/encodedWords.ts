import { withoutInvisible } from './visibleText';

/**
 * One RFC 2047 encoded word: `=?charset?B|Q?text?=`, the charset optionally with an RFC 2231
 * language (`UTF-8*de`). Its text holds no `?` and no white space.
 */
const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/gu;

/** A run of encoded words with only white space between them, which RFC 2047 drops. */
const ENCODED_RUN = /=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=(?:\s+=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)*/gu;

/** The bytes of a B (base64) word, undefined when it is not base64. */
function base64Bytes(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/u.test(text)) return undefined;
  try {
    return Uint8Array.from(atob(text), (character) => character.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** The bytes of a Q word: `_` a space, `=XX` one byte, any other character itself. */
function quotedBytes(text: string): Uint8Array | undefined {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index] ?? '';
    if (character === '_') bytes.push(0x20);
    else if (character === '=') {
      const hex = text.slice(index + 1, index + 3);
      if (!/^[0-9A-Fa-f]{2}$/u.test(hex)) return undefined;
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else {
      const code = character.charCodeAt(0);
      if (code > 0x7e) return undefined;
      bytes.push(code);
    }
  }
  return Uint8Array.from(bytes);
}

/** `bytes` as text in a MIME charset, undefined for a charset this runtime does not know. */
function textIn(charset: string, bytes: number[]): string | undefined {
  try {
    return new TextDecoder(charset.replace(/\*.*$/u, '')).decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}

/**
 * One run of adjacent encoded words as text: words of one charset are decoded together, so a
 * character whose bytes a mail program split across two words (Outlook does) is whole again.
 * Undefined when any word is not decodable: the run is then shown as it came.
 */
function decodeRun(run: string): string | undefined {
  const parts: { charset: string; bytes: number[] }[] = [];
  for (const [, charset = '', encoding = '', text = ''] of run.matchAll(ENCODED_WORD)) {
    const bytes = encoding.toUpperCase() === 'B' ? base64Bytes(text) : quotedBytes(text);
    if (bytes === undefined) return undefined;
    const last = parts.at(-1);
    // A loop, not push(...bytes): a word of a million bytes would overflow the stack as arguments.
    if (last?.charset === charset.toLowerCase()) for (const byte of bytes) last.bytes.push(byte);
    else parts.push({ charset: charset.toLowerCase(), bytes: [...bytes] });
  }
  let decoded = '';
  for (const { charset, bytes } of parts) {
    const text = textIn(charset, bytes);
    if (text === undefined) return undefined;
    decoded += text;
  }
  return decoded;
}

/**
 * A header's text with its RFC 2047 encoded words decoded (`=?UTF-8?B?w5xiZXJ3ZWlzdW5n?=` →
 * `Überweisung`, `=?iso-8859-1?Q?M=FCller?=` → `Müller`), as some e-mail servers pass a subject
 * or a sender's name on undecoded: the agent read the code in the lists, the alerts and the
 * e-mail, a reply's subject went out as `Re: =?UTF-8?B?…?=`, and search did not find the words.
 * The white space between two encoded words goes, as RFC 2047 says; other text stays as it is.
 * What a word decodes to is without control and format characters (a header cannot carry a
 * line break, and a bidirectional override would reorder what the agent reads). A word in an
 * unknown charset, or not validly encoded, stays as it came.
 */
export function decodeEncodedWords(text: string): string {
  if (!text.includes('=?')) return text;
  return text.replace(ENCODED_RUN, (run) => {
    const decoded = decodeRun(run);
    return decoded === undefined ? run : withoutInvisible(decoded);
  });
}

/**
 * An attachment's name as the agent sees it and as it is kept: RFC 2047 encoded words (a file
 * name passed on as the MIME header had it) decoded, no character that hides or reorders what
 * it shows, no blanks around it; `fallback` (its id) when nothing is left. It is still a
 * stranger's name: whatever creates a file from it sanitizes it (sanitizeFileName).
 */
export function shownFileName(raw: string, fallback: string): string {
  const name = withoutInvisible(decodeEncodedWords(raw)).trim();
  return name === '' ? fallback : name;
}
