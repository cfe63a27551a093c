/**
 * Text as a picker's filter compares it with what the agent types: lower case, without the
 * accents of Latin, Greek and Cyrillic letters, whatever form the letters are stored in,
 * Turkish's dotted and dotless i as "i", and German's ß as "ss", as Switzerland writes it and
 * its keyboards type it (a Swiss agent's "Grüsse" found no "Freundliche Grüße"). JavaScript lower-cases "İbrahim" to "i̇brahim" (an "i"
 * and a combining dot), which "ibrahim" is not inside; a name a directory stored decomposed
 * ("Jose" and a combining accent) never held the "é" a keyboard types. The combining marks of
 * U+0300–U+036F are left out (more than the cache's search leaves out: FTS5's
 * `remove_diacritics` takes Latin accents only, this takes Greek and Cyrillic ones too, so "й"
 * matches "и" here).
 */
export function forMatching(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/gu, '')
    .replaceAll('ı', 'i')
    .replaceAll('ß', 'ss');
}

/** Whether `text` contains `typed`, compared as {@link forMatching} makes them. */
export function containsTyped(text: string, typed: string): boolean {
  return forMatching(text).includes(forMatching(typed));
}
