/** A text box's value with a caret (or a selection from `start` to `end`). */
export interface TextWithCaret {
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Inserts `insert` where the caret is, replacing the selection, as typing it would; answers the
 * new value and where the caret goes (just after the insert). A caret outside the value (a box
 * never focused) counts as at its end. A space is added before the insert when it would
 * otherwise glue onto a word.
 */
export function insertAtCursor(
  box: TextWithCaret,
  insert: string,
): { value: string; caret: number } {
  const length = box.value.length;
  const start = Math.min(Math.max(0, box.start), length);
  const end = Math.min(Math.max(start, box.end), length);
  const before = box.value.slice(0, start);
  const glue = before !== '' && /\S$/u.test(before) && /^\S/u.test(insert) ? ' ' : '';
  const value = `${before}${glue}${insert}${box.value.slice(end)}`;
  return { value, caret: start + glue.length + insert.length };
}
