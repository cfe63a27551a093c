import { watchEffect, type Directive, type WatchStopHandle } from 'vue';
import type { ShortcutAction } from '../../../common/shortcutKeys';
import { t } from '../i18n';
import { SHORTCUT_ATTRIBUTE, useShortcutsStore } from '../stores/shortcuts';
import { ariaKeyShortcuts, keysText } from './shortcuts';

/** What the directive remembers of an element: its own tooltip, and the one it last wrote. */
interface HintState {
  stop: WatchStopHandle;
  ownTitle: string | null;
  written: string | null;
  actions: readonly ShortcutAction[];
}
const states = new WeakMap<HTMLElement, HintState>();

/**
 * `v-shortcut="'reply'"` (or a list of actions): marks the control a shortcut works (the
 * shortcuts store presses it) and shows the shortcut as it is bound now, remapped or not: in
 * the tooltip ("Reply (Alt+R)", after the control's own tooltip if it has one) and in
 * `aria-keyshortcuts` for assistive technology. An offline desk's reason on a server action
 * (lib/serverAction.ts) keeps the tooltip.
 */
export const vShortcut: Directive<HTMLElement, ShortcutAction | readonly ShortcutAction[]> = {
  mounted(element, binding) {
    const state: HintState = {
      stop: () => undefined,
      ownTitle: element.getAttribute('title'),
      written: null,
      actions: actionsOf(binding.value),
    };
    states.set(element, state);
    state.stop = watchEffect(() => {
      hint(element, state);
    });
  },
  updated(element, binding) {
    const state = states.get(element);
    if (state === undefined) return;
    state.actions = actionsOf(binding.value);
    hint(element, state);
  },
  unmounted(element) {
    states.get(element)?.stop();
    states.delete(element);
  },
};

function actionsOf(value: ShortcutAction | readonly ShortcutAction[]): readonly ShortcutAction[] {
  return typeof value === 'string' ? [value] : value;
}

function hint(element: HTMLElement, state: HintState): void {
  const shortcuts = useShortcutsStore();
  const keys = state.actions.flatMap((action) => shortcuts.keysOf(action));
  element.setAttribute(SHORTCUT_ATTRIBUTE, state.actions.join(' '));
  element.setAttribute('aria-keyshortcuts', ariaKeyShortcuts(keys));
  const current = element.getAttribute('title');
  // A tooltip the component (re)wrote since: its own, to keep before the keys.
  if (current !== state.written) state.ownTitle = current;
  if (element.dataset.offline === 'disabled' || keys.length === 0) return;
  const name = (
    state.ownTitle ??
    element.getAttribute('aria-label') ??
    labelOf(element) ??
    element.textContent
  )
    .replace(/\s+/gu, ' ')
    .trim();
  const text = t('shortcuts.hint', { name, keys: keysText(keys, t('shortcuts.or')) });
  element.setAttribute('title', text);
  state.written = text;
}

/** A field's label (a select's options are not its name). */
function labelOf(element: HTMLElement): string | null {
  const labels = (element as Partial<HTMLInputElement>).labels;
  return labels?.[0]?.textContent ?? null;
}
