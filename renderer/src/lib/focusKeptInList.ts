import { nextTick, watch, type Ref } from 'vue';

/**
 * The keyboard fell out of the page: onto the body (the focused element was removed, or became
 * disabled, which Chromium treats alike), or onto the desk's main region (DeskView).
 */
export function focusLost(): boolean {
  const active = document.activeElement;
  return active === null || active === document.body || active.tagName === 'MAIN';
}

export interface FocusKeptInList<T> {
  /** Where the list's items are rendered: only a focus inside it is kept. */
  readonly container: Readonly<Ref<HTMLElement | null>>;
  readonly items: () => readonly T[];
  readonly keyOf: (item: T) => string;
  /** The attribute each item's element carries its key in (`data-interaction-id`). */
  readonly keyAttribute: string;
  /** The control of an item that takes the focus (its Remove button, its row's main button). */
  readonly control: string;
  /** Where the focus goes when no item is left. */
  readonly fallback: () => HTMLElement | null | undefined;
  /** An item whose going another part of the desk follows with the focus: left to it. */
  readonly followedElsewhere?: (key: string) => boolean;
}

/**
 * Keeps the keyboard in a list whose item goes while one of its controls has the focus (a file
 * removed from a draft, an invitation rejected, an item pulled out of a workbin): without this
 * Chromium drops the focus onto the body, and a keyboard or screen-reader agent is lost. It goes
 * to the same control of the next item, else of the previous one, else to `fallback`. A focus
 * moved elsewhere meanwhile (the desk's own focus requests) is left where it is.
 */
export function useFocusKeptInList<T>(list: FocusKeptInList<T>): void {
  // Before the render ('pre'): the leaving item's element still holds the focus.
  watch(list.items, async (items, before) => {
    const container = list.container.value;
    const active = document.activeElement;
    if (container === null || active === null || !container.contains(active)) return;
    const key = active.closest(`[${list.keyAttribute}]`)?.getAttribute(list.keyAttribute);
    if (key === null || key === undefined || list.followedElsewhere?.(key) === true) return;
    const staying = new Set(items.map(list.keyOf));
    if (staying.has(key)) return;
    const keys = before.map(list.keyOf);
    const at = keys.indexOf(key);
    const neighbour =
      keys.slice(at + 1).find((candidate) => staying.has(candidate)) ??
      keys
        .slice(0, Math.max(at, 0))
        .reverse()
        .find((candidate) => staying.has(candidate));
    await nextTick();
    if (!focusLost()) return;
    const target =
      neighbour === undefined
        ? list.fallback()
        : container.querySelector<HTMLElement>(
            `[${list.keyAttribute}="${CSS.escape(neighbour)}"] ${list.control}`,
          );
    (target ?? list.fallback())?.focus();
  });
}

/** What may take the keyboard with Tab (those with a negative tabindex are left out below). */
const FOCUSABLE = 'a[href], button, input, select, textarea, summary, iframe, [tabindex]';

/**
 * The control Tab would reach after `element` (outside it), else the last one before it; within
 * the open dialog `element` is in, if any (the rest of the page is inert then).
 */
export function tabNeighbour(element: Element): HTMLElement | null {
  const scope = element.closest('dialog[open]') ?? document;
  const controls = Array.from(scope.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (control) =>
      control.tabIndex >= 0 &&
      !control.matches(':disabled') &&
      !element.contains(control) &&
      control.checkVisibility(),
  );
  const follows = (control: HTMLElement) =>
    (element.compareDocumentPosition(control) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
  return controls.find(follows) ?? controls.filter((control) => !follows(control)).at(-1) ?? null;
}

/**
 * Runs `remove`, which may take `element` out of the page (a notice dismissed, a panel closed by
 * its own button), at once or by the time the promise it returns settles. If the keyboard was
 * inside it and is lost once it went, the control Tab would have reached next takes it: Chromium
 * dropped it onto the body, and a keyboard or screen-reader agent was lost.
 */
export async function removeKeepingFocus(
  element: Element | null | undefined,
  remove: () => unknown,
): Promise<void> {
  const next = element?.contains(document.activeElement) === true ? tabNeighbour(element) : null;
  await remove();
  if (next === null) return;
  await nextTick();
  if (focusLost() && next.isConnected) next.focus();
}

/**
 * Runs `change`, which replaces or disables what holds the keyboard (`holder`: the button
 * pressed, or a form that goes); if the keyboard was in it, `next` names where it goes once the
 * change is rendered. Chromium dropped it onto the body.
 */
export async function passFocusOn(
  holder: Element | null | undefined,
  change: () => unknown,
  next: () => HTMLElement | null | undefined,
): Promise<void> {
  const hadFocus = holder?.contains(document.activeElement) === true;
  await change();
  if (!hadFocus) return;
  await nextTick();
  next()?.focus();
}
