/**
 * Customer-controlled text (chat lines, subjects, e-mail bodies, names, ids and message types a
 * server sends) made safe to print on a terminal. A terminal obeys what it is sent: ESC, CSI and
 * OSC sequences recolour, move the cursor, retitle the window or rewrite what the agent reads; a
 * CR or backspace overwrites a line; bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069)
 * reorder the characters shown; other invisible format characters hide text. Every text printer
 * of the command line goes through {@link terminalSafe}, every JSON printer through
 * {@link terminalSafeJson}.
 */

/**
 * What a terminal must never receive raw: C0 controls (tab and line feed are decided by the
 * caller), DEL, C1 controls (U+009B is CSI for terminals that read 8-bit controls), line and
 * paragraph separators, and the invisible format characters (category Cf: bidi marks,
 * overrides and isolates, zero-width space, soft hyphen, BOM, Unicode tags…) except the two
 * joiners U+200C and U+200D, which scripts such as Persian and emoji sequences need.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|(?![\u200c\u200d])\p{Cf}/gu;

/**
 * The part of {@link UNSAFE} that JSON.stringify leaves raw. Its C0 controls are escaped inside
 * strings already, and the raw line feeds of indented JSON are structure, not content.
 */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029]|(?![\u200c\u200d])\p{Cf}/gu;

/** A C0 control or DEL as its Control Pictures symbol (U+2400–U+241F, U+2421): ESC is ␛. */
function controlPicture(code: number): string {
  return String.fromCodePoint(code === 0x7f ? 0x2421 : 0x2400 + code);
}

/** `<U+202E>`: the code point named, never obeyed. */
function codePointName(code: number): string {
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

export interface TerminalSafeOptions {
  /**
   * Keep line feeds and tabs (a CR LF pair becomes one line feed): for documents made of
   * lines, such as a transcript or an e-mail body. Without it (the default) every line feed,
   * tab and CR is shown as a symbol, so that a value printed inside a one-line record can never
   * start a new record or a new column.
   */
  readonly lines?: boolean;
}

/**
 * `text` with every character a terminal would obey made visible: C0 controls and DEL as
 * Control Pictures (`␛[31m`, `␀`, `␍`), C1 controls, line separators and invisible format
 * characters as `<U+XXXX>`. Printable text, including right-to-left scripts and emoji, is left
 * as it is.
 */
export function terminalSafe(text: string, options: TerminalSafeOptions = {}): string {
  const source = options.lines === true ? text.replace(/\r\n/gu, '\n') : text;
  return source.replace(UNSAFE, (character) => {
    const code = character.codePointAt(0) ?? 0;
    if (options.lines === true && (character === '\n' || character === '\t')) return character;
    return code <= 0x1f || code === 0x7f ? controlPicture(code) : codePointName(code);
  });
}

/**
 * A JSON text (as JSON.stringify made it) with the characters JSON.stringify leaves raw but a
 * terminal obeys (DEL, C1 controls, U+2028/U+2029, bidi overrides and isolates and other
 * invisible format characters) written as `\uXXXX` escapes. JSON.stringify already escapes C0
 * controls (ESC as `\u001b`); the escapes added here are equally valid JSON inside strings, the
 * only place such characters can occur, so `JSON.parse` gives back exactly the same value.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (character) => {
    let escaped = '';
    for (let index = 0; index < character.length; index += 1)
      escaped += `\\u${character.charCodeAt(index).toString(16).padStart(4, '0')}`;
    return escaped;
  });
}
