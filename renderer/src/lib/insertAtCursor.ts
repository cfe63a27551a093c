/** A text box's value with a caret (or a selection from `start` to `end`). */
export interface TextWithCaret {
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Inserts `insert` where the caret is, replacing the selection, as typing it would; answers the
 * new value and where the caret goes (just after the insert). A caret outside the value (a box
 * never focused) counts as at its end. A space is added on either side of the insert where it
 * would otherwise glue onto a word.
 */
export function insertAtCursor(
  box: TextWithCaret,
  insert: string,
): { value: string; caret: number } {
  const length = box.value.length;
  const start = Math.min(Math.max(0, box.start), length);
  const end = Math.min(Math.max(start, box.end), length);
  const before = box.value.slice(0, start);
  const after = box.value.slice(end);
  const glue = /\S$/u.test(before) && /^\S/u.test(insert) ? ' ' : '';
  // After it only before a word: `Ann!` and `Ann, hi` stay as typed.
  const trailing = /\S$/u.test(insert) && /^[\p{L}\p{N}]/u.test(after) ? ' ' : '';
  const value = `${before}${glue}${insert}${trailing}${after}`;
  return { value, caret: start + glue.length + insert.length + trailing.length };
}
