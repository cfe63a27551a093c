/**
 * How the cache marks the words a search matched in a hit's snippet: two private-use characters,
 * which no one types, so that a customer's own brackets ("[REFUND APPROVED]") are never taken for
 * a match. The page splits on them (renderer/src/lib/snippet.ts); the command line prints them as
 * brackets ({@link bracketed}).
 */
export const MATCH_START = '\uE000';
export const MATCH_END = '\uE001';

/** The snippet with its matches in [brackets], for a terminal (and tests) to read. */
export function bracketed(snippet: string): string {
  return snippet.replaceAll(MATCH_START, '[').replaceAll(MATCH_END, ']');
}

/**
 * The text without the two marks, as the cache indexes it: a customer who typed them would
 * otherwise have their own words shown as a match. Cheap when they are absent (a chat line's
 * path): two scans, no copy.
 */
export function withoutMatchMarks(text: string): string {
  return text.includes(MATCH_START) || text.includes(MATCH_END)
    ? text.replaceAll(MATCH_START, '').replaceAll(MATCH_END, '')
    : text;
}
