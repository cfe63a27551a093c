import { nextTick, onBeforeUnmount, ref, useTemplateRef, type Ref } from 'vue';

/**
 * A menu button and its menu (the ARIA menu button pattern), shared by the agent menu and the
 * channels' state menu. The component's template names the element around both
 * `ref="menuRoot"`, the button `ref="menuButton"` and the `role="menu"` element
 * `ref="menuList"`; it binds `toggle`/`onButtonKeydown` on the button and `onMenuKeydown` on the
 * menu, and runs its items' actions through `choose`.
 *
 * Keyboard: Enter/Space or ↓ opens on the first item, ↑ on the last; ↑ ↓ Home End move over
 * the items shown and enabled (wrapping, as menus do); Escape closes back to the button; Tab or
 * a click elsewhere closes.
 */
export interface MenuButton {
  readonly open: Ref<boolean>;
  readonly toggle: () => void;
  readonly close: (refocus: boolean) => void;
  /** Puts the focus on the menu button (e.g. when a dialog opened from the menu closes). */
  readonly focusButton: () => void;
  readonly onButtonKeydown: (event: KeyboardEvent) => void;
  readonly onMenuKeydown: (event: KeyboardEvent) => void;
  /**
   * Runs an item's action with the menu closed and the focus back on the menu button, so that a
   * dialog the action opens gives the focus back there when it closes (the item is hidden then).
   */
  readonly choose: (action: () => void) => void;
}

/** The item the key moves to, from the one at `index` of `count` (wrapping, as menus do). */
function movedTo(key: string, index: number, count: number): number | undefined {
  switch (key) {
    case 'ArrowDown':
      return (index + 1) % count;
    case 'ArrowUp':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}

export function useMenuButton(): MenuButton {
  const open = ref(false);
  const root = useTemplateRef<HTMLElement>('menuRoot');
  const button = useTemplateRef<HTMLButtonElement>('menuButton');
  const list = useTemplateRef<HTMLElement>('menuList');

  /** The items the agent can reach now: shown at this width, and enabled. */
  function reachableItems(): HTMLElement[] {
    const items = list.value?.querySelectorAll<HTMLButtonElement>('[role^="menuitem"]') ?? [];
    return [...items].filter((item) => item.getClientRects().length > 0 && !item.disabled);
  }

  function onPointerDown(event: PointerEvent): void {
    if (root.value !== null && !root.value.contains(event.target as Node)) close(false);
  }

  async function show(at: 'first' | 'last'): Promise<void> {
    open.value = true;
    document.addEventListener('pointerdown', onPointerDown);
    await nextTick();
    const items = reachableItems();
    (at === 'first' ? items[0] : items.at(-1))?.focus();
  }

  function close(refocus: boolean): void {
    if (!open.value) return;
    open.value = false;
    document.removeEventListener('pointerdown', onPointerDown);
    if (refocus) button.value?.focus();
  }
  onBeforeUnmount(() => {
    document.removeEventListener('pointerdown', onPointerDown);
  });

  function toggle(): void {
    if (open.value) close(true);
    else void show('first');
  }

  function onButtonKeydown(event: KeyboardEvent): void {
    if (open.value || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return;
    event.preventDefault();
    void show(event.key === 'ArrowDown' ? 'first' : 'last');
  }

  function onMenuKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      // Escape is the menu's: whatever else listens for it (a dialog, a panel) stays open.
      event.stopPropagation();
      close(true);
      return;
    }
    if (event.key === 'Tab') {
      close(false);
      return;
    }
    const items = reachableItems();
    const next = movedTo(event.key, items.indexOf(event.target as HTMLElement), items.length);
    if (next === undefined || items.length === 0) return;
    event.preventDefault();
    items[next]?.focus();
  }

  function choose(action: () => void): void {
    close(true);
    action();
  }

  function focusButton(): void {
    button.value?.focus();
  }

  return { open, toggle, close, focusButton, onButtonKeydown, onMenuKeydown, choose };
}
