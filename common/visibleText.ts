/**
 * Controls (C0, DEL, C1) and format characters (zero-width space, bidirectional marks,
 * embeddings, overrides and isolates, word joiners, the soft hyphen, the BOM, tags): characters
 * a reader cannot see that change what is shown. A right-to-left override makes
 * `invoice‮fdp.exe` read "invoiceexe.pdf".
 *
 * Kept, because text would read wrongly without them and they reorder or hide nothing: the two
 * joiners U+200C and U+200D (Persian and Indic words need them between letters — "نیم‌فاصله"
 * joins differently without its ZWNJ — and emoji sequences are glued by ZWJ: 👩‍💻 is one
 * picture, 👩💻 two), and the tag characters of a subdivision flag (🏴 followed by tags spelling
 * `gbsct` and a cancel tag is Scotland's flag). Tags anywhere else are removed: they can carry a
 * whole hidden sentence. `main/headless/terminalText.ts` keeps the same two joiners.
 */
const INVISIBLE =
  /(\u{1F3F4}[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]{1,7}\u{E007F})|(?![\u200c\u200d])[\p{Cc}\p{Cf}]/gu;

/** The text without the characters of {@link INVISIBLE}: what a reader sees is what it is. */
export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE, (_character, flag: string | undefined) => flag ?? '');
}

/**
 * White space and what shows nothing at all: the characters of {@link INVISIBLE}, the two
 * joiners it keeps (which join letters, but alone show nothing) and the other default-ignorable
 * ones (variation selectors, the Hangul fillers).
 */
const NOTHING_SHOWN = /^[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]*$/u;

/**
 * Whether a text shows nothing once written: empty, white space, or characters no one sees (a
 * line of zero-width spaces, word joiners, byte order marks or bidirectional marks, which
 * `trim` keeps). A chat line that shows nothing is blank: not sent.
 */
export function showsNothing(text: string): boolean {
  return NOTHING_SHOWN.test(text);
}

/**
 * A line break as any sender's software writes one: CR LF, LF, a lone CR (old Macs, some chat
 * widgets) and Unicode's line and paragraph separators.
 */
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/gu;

/**
 * The text with each of its line breaks as `replacement` (LF by default): a page starts a new
 * line at LF alone, and ran a customer's "Street 1⏎Town" sent with a lone CR or U+2028 into one.
 */
export function withLineBreaksAs(text: string, replacement = '\n'): string {
  return text.replace(LINE_BREAK, replacement);
}
