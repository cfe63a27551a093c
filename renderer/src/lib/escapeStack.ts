import { getCurrentScope, onScopeDispose, watch } from 'vue';

/**
 * Escape closes what opened last, one thing per press (issue 15 item 1): the desk's panels,
 * menus and dialogs each put a closer on one stack while they are open. The page's one Escape
 * listener (installed by the shortcuts store) closes the top one.
 *
 * Native modal dialogs (`showModal`) close on Escape by themselves. A modal dialog makes the
 * rest of the page inert, so whatever sits outside it was opened before it: while one is open,
 * a closer outside every open modal is left alone and the browser closes the dialog.
 */

/** Something open that Escape can close. */
export interface Closer {
  close(): void;
  /** Where it is on the page, for the modal rule above; none: outside every dialog. */
  element?: () => Element | null;
}

/** Open things, oldest first. */
const stack: Closer[] = [];

/** Puts `closer` on top of the stack; the answer takes it off again (closed some other way). */
export function pushCloser(closer: Closer): () => void {
  stack.push(closer);
  return () => {
    const index = stack.lastIndexOf(closer);
    if (index >= 0) stack.splice(index, 1);
  };
}

/** How many things are open (for tests). */
export function openCount(): number {
  return stack.length;
}

/**
 * The closer Escape should run now, or undefined (nothing open, or a modal dialog opened after
 * it: the browser closes that). `insideOpenModal` answers whether an element is in an open
 * modal dialog, and `modalOpen` whether any is open.
 */
export function closerToRun(
  closers: readonly Closer[],
  modalOpen: boolean,
  insideOpenModal: (element: Element | null) => boolean,
): Closer | undefined {
  const top = closers.at(-1);
  if (top === undefined) return undefined;
  if (modalOpen && !insideOpenModal(top.element?.() ?? null)) return undefined;
  return top;
}

/**
 * The page's Escape handler: closes the top thing and keeps the key from doing more (a native
 * dialog's own close, another handler). A press a component already handled (its own menu's
 * Escape, default prevented) is left alone.
 */
export function onEscapeKey(event: KeyboardEvent): void {
  if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return;
  const closer = closerToRun(
    stack,
    document.querySelector('dialog:modal') !== null,
    (element) => element?.closest('dialog:modal') != null,
  );
  if (closer === undefined) return;
  event.preventDefault();
  closeOne(stack, closer);
}

/** Takes `closer` off `closers` and runs it. */
export function closeOne(closers: Closer[], closer: Closer): void {
  closers.splice(closers.lastIndexOf(closer), 1);
  closer.close();
}

/**
 * For a component that opens something: while `isOpen()` holds, Escape can close it with
 * `close` (which must make `isOpen()` false). Taken off the stack when it closes or when the
 * component goes.
 */
export function useEscapeToClose(
  isOpen: () => boolean,
  close: () => void,
  element?: () => Element | null,
): void {
  let remove: (() => void) | undefined;
  watch(
    isOpen,
    (open) => {
      remove?.();
      remove = open ? pushCloser({ close, element }) : undefined;
    },
    { immediate: true },
  );
  if (getCurrentScope() !== undefined)
    onScopeDispose(() => {
      remove?.();
    });
}
