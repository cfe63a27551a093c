/**
 * The option a list box's arrow keys move to (ARIA combobox pattern): Down and Up step through
 * `count` options and wrap round. Answers undefined for any other key, or an empty list, so the
 * caller handles the rest (Enter, Escape) as its own.
 */
export function movedOption(key: string, active: number, count: number): number | undefined {
  if (count === 0) return undefined;
  if (key === 'ArrowDown') return (active + 1) % count;
  if (key === 'ArrowUp') return (active - 1 + count) % count;
  return undefined;
}

/** The id of option `index` of the listbox `listId` (its search box's aria-activedescendant). */
export function optionId(listId: string, index: number): string {
  return `${listId}-${index}`;
}

/** One option of a type-to-filter picker (ChoiceListbox, ChoicePanel). */
export interface ListChoice {
  /** Unique in its list. */
  readonly key: string;
  readonly label: string;
  /** A second, quieter line: where it comes from, or the colleague's address and state. */
  readonly detail: string;
  /** It can take what is handed on now; when not, it is shown dimmed, still choosable. */
  readonly available: boolean;
}
