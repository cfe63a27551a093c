/**
 * The scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer,
 * Myanmar) and Korean, whose particles attach to the word ("환불을"). FTS5's unicode61 tokenizer
 * splits only at spaces and punctuation, so a run of them was one token: "退货" was not found in
 * "我想退货，谢谢", only the whole run was.
 */
const UNSPACED = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}`;
const HAS_UNSPACED = new RegExp(`[${UNSPACED}]`, 'u');

/** Whether `text` holds a character of a script written without spaces (each one a token). */
export function hasUnspacedScript(text: string): boolean {
  return HAS_UNSPACED.test(text);
}
/**
 * Between a character of those scripts and a letter or number on either side of it; a mark (a
 * Thai vowel or tone mark) stays with the character before it.
 */
const BETWEEN = new RegExp(
  `(?<=[${UNSPACED}]\\p{M}*)(?=[\\p{L}\\p{N}])|(?<=[\\p{L}\\p{N}\\p{M}])(?=(?!\\p{M})[${UNSPACED}])`,
  'gu',
);

/** The breaks {@link searchableText} puts in: a zero-width space at a place of BETWEEN. */
const BREAKS_MADE = new RegExp(
  `(?<=[${UNSPACED}]\\p{M}*)\u200B(?=[\\p{L}\\p{N}])|(?<=[\\p{L}\\p{N}\\p{M}])\u200B(?=(?!\\p{M})[${UNSPACED}])`,
  'gu',
);

const SOFT_HYPHEN = '\u00AD';

/**
 * A zero-width space: a separator to unicode61 (format characters are not token characters),
 * invisible in a snippet, and taken out of the snippets the search shows all the same.
 */
export const CHARACTER_BREAK = '\u200B';

/**
 * The text as the search index holds it (and a query's words, so that they match alike): each
 * character of an unspaced script a token of its own, so that a word of them is found as the
 * phrase of its characters wherever it stands. Composed (NFC) first: Korean written decomposed
 * (as macOS names files: "환불" as the six letters ᄒ ᅪ ᆫ ᄇ ᅮ ᆯ) and Japanese kana with their
 * voicing mark apart ("デ" as "テ" and U+3099, which the tokenizer drops) were split into other
 * characters than the ones a keyboard types, and never found. A NUL (a broken client's) is a
 * space, a soft hyphen is left out. Unchanged (no copy) without such characters, and unchanged when applied again.
 */
export function searchableText(text: string): string {
  // A NUL as the space it is to the tokenizer: FTS5 copies a snippet's text between its
  // matches as C strings, so all after a NUL up to the next match was left out of it.
  const spaced = text.includes('\0') ? text.replaceAll('\0', ' ') : text;
  // A soft hyphen out: invisible unless a line breaks there, it was a separator to the
  // tokenizer, and "Bestell&shy;bestätigung" was not found by "Bestellbestätigung".
  const whole = spaced.includes(SOFT_HYPHEN) ? spaced.replaceAll(SOFT_HYPHEN, '') : spaced;
  return HAS_UNSPACED.test(whole)
    ? whole.normalize('NFC').replace(BETWEEN, CHARACTER_BREAK)
    : whole;
}

/**
 * A body {@link searchableText} made before, made as it makes them now. One made decomposed
 * has breaks between the parts of a character (ᄒ, ᅪ, ᆫ), which keep NFC from joining them:
 * they go, and come back where they belong.
 */
export function searchableTextAgain(body: string): string {
  return searchableText(HAS_UNSPACED.test(body) ? body.replace(BREAKS_MADE, '') : body);
}

/** A snippet cut from {@link searchableText}, as the customer wrote it. */
export function withoutCharacterBreaks(snippet: string): string {
  return snippet.includes(CHARACTER_BREAK) ? snippet.replaceAll(CHARACTER_BREAK, '') : snippet;
}
