import {
  normalizeCombo,
  type ShortcutAction,
  type ShortcutOverrides,
} from '../../../common/shortcutKeys';

/**
 * The desk's keyboard shortcuts as pure logic (issue 15 item 1): the actions with their default
 * bindings and groups, a key press read as a combination, which action it triggers, and what
 * may not be bound. The store (stores/shortcuts.ts) applies it to the page.
 *
 * The defaults follow the agent desktops agents know (Genesys Workspace, Twilio Flex, Amazon
 * Connect): Alt combinations for the shift's actions, Alt+Shift for the agent's state, and keys
 * the browser, Electron and the OSes leave alone (no Ctrl+W/T/N/R, no Alt+D/E/F which open the
 * browser's address bar and menus on Windows and Linux, no Alt+←/→ which go back and forward).
 */

/** The groups the help overlay and the settings list the shortcuts under, in that order. */
export const SHORTCUT_GROUPS = ['invitations', 'interactions', 'state', 'navigation'] as const;
export type ShortcutGroup = (typeof SHORTCUT_GROUPS)[number];

/** An action's default bindings and how it behaves. */
export interface ShortcutDefinition {
  readonly id: ShortcutAction;
  readonly group: ShortcutGroup;
  /** The default combinations (in their written form); a remapping replaces all of them. */
  readonly keys: readonly string[];
  /**
   * Fires while the focus is in a text field. Only for actions meant for one (Send, from the
   * composer); every other shortcut would steal the agent's typing.
   */
  readonly whileTyping?: boolean;
}

/** Every shortcut, in {@link SHORTCUT_ACTIONS} order (a test holds the two lists together). */
export const SHORTCUTS: readonly ShortcutDefinition[] = [
  // Not from a text field: macOS types letters with Option+A (å, and ą on a Polish layout), which
  // an invitation ringing would turn into an Accept. The way back names a ringing invitation at
  // any width (BackToList.vue).
  { id: 'acceptInvitation', group: 'invitations', keys: ['Alt+A'] },
  { id: 'rejectInvitation', group: 'invitations', keys: ['Alt+X'] },
  { id: 'nextInteraction', group: 'interactions', keys: ['Alt+ArrowDown'] },
  { id: 'previousInteraction', group: 'interactions', keys: ['Alt+ArrowUp'] },
  // From the message box too: answer, Enter, on to the next customer waiting. (macOS types "©"
  // with Option+G; in the desk it goes to the chat instead, unless the agent remaps it.)
  { id: 'longestWaiting', group: 'interactions', keys: ['Alt+G'], whileTyping: true },
  { id: 'focusList', group: 'interactions', keys: ['Alt+L'] },
  { id: 'reply', group: 'interactions', keys: ['Alt+R'] },
  { id: 'send', group: 'interactions', keys: ['Ctrl+Enter'], whileTyping: true },
  { id: 'done', group: 'interactions', keys: ['Alt+Shift+E'] },
  { id: 'transfer', group: 'interactions', keys: ['Alt+T'] },
  { id: 'newEmail', group: 'interactions', keys: ['Alt+N'] },
  { id: 'ready', group: 'state', keys: ['Alt+Shift+R'] },
  { id: 'notReady', group: 'state', keys: ['Alt+Shift+N'] },
  { id: 'doNotDisturb', group: 'state', keys: ['Alt+Shift+D'] },
  { id: 'signOut', group: 'state', keys: ['Alt+Shift+Q'] },
  { id: 'search', group: 'navigation', keys: ['/', 'Ctrl+Shift+F'] },
  { id: 'inbox', group: 'navigation', keys: ['Alt+I'] },
  { id: 'history', group: 'navigation', keys: ['Alt+Shift+H'] },
  { id: 'workbins', group: 'navigation', keys: ['Alt+W'] },
  { id: 'settings', group: 'navigation', keys: ['Ctrl+,'] },
  { id: 'help', group: 'navigation', keys: ['?', 'F1'] },
];

/** The definitions by action (complete: a test checks that every action has one). */
const BY_ID = Object.fromEntries(
  SHORTCUTS.map((definition) => [definition.id, definition]),
) as Readonly<Record<ShortcutAction, ShortcutDefinition>>;

/** An action's definition. */
export function shortcutDefinition(action: ShortcutAction): ShortcutDefinition {
  return BY_ID[action];
}

/** The parts of a `KeyboardEvent` a combination is read from. */
export interface KeyPress {
  readonly key: string;
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
  readonly metaKey: boolean;
}

const MODIFIER_KEYS = new Set(['Control', 'Alt', 'Shift', 'Meta', 'AltGraph', 'CapsLock', 'OS']);

/**
 * A key press as a combination in its written form, or undefined for a lone modifier or a key
 * with no name (a dead key, an IME's). Letters and digits are read from the character when it
 * is a plain one (so an AZERTY or QWERTZ keyboard's printed letters work), else from the
 * physical key (`code`): macOS's Option+A types "å", a Russian layout "ф", and both are Alt+A.
 */
export function comboOf(press: KeyPress): string | undefined {
  if (MODIFIER_KEYS.has(press.key) || press.key === 'Dead' || press.key === 'Unidentified')
    return undefined;
  let key = press.key;
  // Only with a modifier that changes the character (Option on macOS); unmodified, the
  // character is what the agent meant ("/" is Shift+7 on a German keyboard).
  const altered = press.altKey || press.ctrlKey || press.metaKey;
  if (altered && !/^[a-z0-9]$/iu.test(key)) {
    const physical = /^(?:Key([A-Z])|Digit([0-9]))$/u.exec(press.code);
    if (physical !== null && /^.$/su.test(key)) key = physical[1] ?? physical[2] ?? key;
  }
  const modifiers = [
    press.ctrlKey ? 'Ctrl' : '',
    press.altKey ? 'Alt' : '',
    press.shiftKey ? 'Shift' : '',
    press.metaKey ? 'Meta' : '',
  ].filter((part) => part !== '');
  return normalizeCombo(
    [...modifiers, key === '+' ? '' : key].join('+') + (key === '+' ? '+' : ''),
  );
}

/** Each action's combinations: the agent's remapping where there is one, else the defaults. */
export type Bindings = ReadonlyMap<ShortcutAction, readonly string[]>;

/**
 * The bindings `overrides` ask for (only the actions the agent remapped), as the settings show
 * them: a remapping onto another action's default is a conflict there ({@link conflictsIn}).
 */
export function bindingsWith(overrides: ShortcutOverrides): Bindings {
  return new Map(
    SHORTCUTS.map((definition) => {
      const own = overrides[definition.id];
      return [definition.id, own === undefined ? definition.keys : [own]];
    }),
  );
}

/**
 * The bindings the page works by: as {@link bindingsWith}, except that a combination the agent
 * gave one action is no other action's default. A stored remapping that a later version's new
 * default clashes with (Alt+G, given to the History before it opened the chat waiting longest)
 * keeps doing what the agent chose; the settings show the clash until the agent settles it.
 */
export function bindingsInEffect(overrides: ShortcutOverrides): Bindings {
  const chosen = new Set(Object.values(overrides));
  return new Map(
    [...bindingsWith(overrides)].map(([action, keys]) => [
      action,
      overrides[action] === undefined ? keys.filter((combo) => !chosen.has(combo)) : keys,
    ]),
  );
}

/**
 * The action a combination triggers, or undefined. With a conflict (a remapping onto another
 * action's default, which the settings refuse to save but a stored value could still hold) the
 * first action in the list wins, so a key never triggers two things.
 */
export function actionFor(combo: string, bindings: Bindings): ShortcutAction | undefined {
  for (const [action, keys] of bindings) if (keys.includes(combo)) return action;
  return undefined;
}

/** Combinations bound to more than one action, with those actions in list order. */
export function conflictsIn(bindings: Bindings): ReadonlyMap<string, readonly ShortcutAction[]> {
  const byCombo = new Map<string, ShortcutAction[]>();
  for (const [action, keys] of bindings)
    for (const combo of new Set(keys)) byCombo.set(combo, [...(byCombo.get(combo) ?? []), action]);
  return new Map([...byCombo].filter(([, actions]) => actions.length > 1));
}

/**
 * Combinations the browser, Electron or the OS already own (closing the window, switching
 * tabs or windows, reloading, copying and pasting, the developer tools): binding one would
 * either never fire or take the key from where the agent expects it.
 */
const RESERVED = new Set([
  'Ctrl+W',
  'Ctrl+Shift+W',
  'Ctrl+Q',
  'Ctrl+T',
  'Ctrl+Shift+T',
  'Ctrl+N',
  'Ctrl+Shift+N',
  'Ctrl+R',
  'Ctrl+Shift+R',
  'F5',
  'Ctrl+F5',
  'F11',
  'F12',
  'Ctrl+Shift+I',
  'Ctrl+Shift+J',
  'Ctrl+Tab',
  'Ctrl+Shift+Tab',
  'Alt+Tab',
  'Alt+F4',
  'Ctrl+F4',
  'Ctrl+L',
  'Ctrl+P',
  'Ctrl+S',
  'Ctrl+A',
  'Ctrl+C',
  'Ctrl+V',
  'Ctrl+X',
  'Ctrl+Z',
  'Ctrl+Y',
  'Ctrl+Shift+Z',
  'Ctrl+F',
  'Ctrl+G',
  'Ctrl+H',
  'Ctrl++',
  'Ctrl+-',
  'Ctrl+0',
  'Alt+D',
  'Alt+E',
  'Alt+F',
  'Alt+ArrowLeft',
  'Alt+ArrowRight',
  'Alt+Space',
  // Paste, copy and cut on Windows and Linux, and the context menu.
  'Shift+Insert',
  'Ctrl+Insert',
  'Shift+Delete',
  'Shift+F10',
  'Meta+Q',
  'Meta+W',
  'Meta+H',
  'Meta+M',
  'Meta+Tab',
  'Meta+C',
  'Meta+V',
  'Meta+X',
  'Meta+Z',
  'Meta+A',
]);

/** Keys that move through or work the page: bound alone, the keyboard could not get around. */
const NAVIGATION = new Set([
  'Tab',
  'Shift+Tab',
  'Enter',
  'Space',
  'Escape',
  'Backspace',
  'Delete',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
]);

/** Why a combination cannot be bound to an action. */
export type Unbindable = 'reserved' | 'navigation' | 'escape' | 'typing';

/**
 * Whether a combination types nothing in a text field: it holds Ctrl, Alt or Meta, but not Ctrl
 * and Alt without Meta (Windows reports AltGr so: AltGr+Q types "@" on a German keyboard), or its
 * key is a function key or Insert, whatever holds it. Only such a combination may work an action
 * from the field (`whileTyping`).
 */
function typesNothing(combo: string): boolean {
  // The parts before the last are the modifiers ("Ctrl++" is Ctrl and the plus key).
  const parts = combo.split('+');
  const modifiers = new Set(parts.slice(0, -1));
  const altGr = modifiers.has('Ctrl') && modifiers.has('Alt') && !modifiers.has('Meta');
  return (
    (!altGr && (modifiers.has('Ctrl') || modifiers.has('Alt') || modifiers.has('Meta'))) ||
    /^(?:F(?:[1-9]|1[0-2])|Insert)$/u.test(parts.at(-1) ?? '')
  );
}

/** Whether a recorded combination may be bound to `action`, else why not. */
export function unbindable(combo: string, action: ShortcutAction): Unbindable | undefined {
  // Escape closes what opened last (lib/escapeStack.ts), with any modifier a dialog may see.
  if (combo.endsWith('Escape')) return 'escape';
  if (RESERVED.has(combo)) return 'reserved';
  if (NAVIGATION.has(combo)) return 'navigation';
  // Bound to "S", Send would take every "s" typed in the message box.
  if (shortcutDefinition(action).whileTyping === true && !typesNothing(combo)) return 'typing';
  return undefined;
}

/** The parts of an element the typing check reads (tests pass plain objects). */
export interface FocusTarget {
  readonly tagName: string;
  readonly isContentEditable?: boolean;
  readonly type?: string;
}

/** `<input>` types that take no typed text: shortcuts may fire from them. */
const NON_TEXT_INPUTS = new Set([
  'button',
  'checkbox',
  'color',
  'file',
  'image',
  'radio',
  'range',
  'reset',
  'submit',
]);

/**
 * Whether the agent is typing where the focus is: a text input, a text area, a select (its
 * letters pick options), editable content, or a frame (the mail frame: its keys are its own).
 */
export function isTypingTarget(target: FocusTarget | null): boolean {
  if (target === null) return false;
  if (target.isContentEditable === true) return true;
  switch (target.tagName.toUpperCase()) {
    case 'TEXTAREA':
    case 'SELECT':
    case 'IFRAME':
      return true;
    case 'INPUT':
      return !NON_TEXT_INPUTS.has((target.type ?? 'text').toLowerCase());
    default:
      return false;
  }
}

/**
 * The action a key press triggers where the focus is, or undefined: the combination's action,
 * unless the agent is typing and the action is not meant for a text field.
 */
export function shortcutFor(
  press: KeyPress,
  bindings: Bindings,
  focus: FocusTarget | null,
): ShortcutAction | undefined {
  const combo = comboOf(press);
  if (combo === undefined) return undefined;
  const action = actionFor(combo, bindings);
  if (action === undefined) return undefined;
  // A list box's letters pick its options, but a combination that types nothing picks none:
  // Done works from the disposition picker that a refused Done sends the keyboard to.
  if (focus?.tagName.toUpperCase() === 'SELECT') return typesNothing(combo) ? action : undefined;
  // A stored remapping the settings would refuse (see unbindable) does not take typed text either.
  if (
    isTypingTarget(focus) &&
    (shortcutDefinition(action).whileTyping !== true || !typesNothing(combo))
  )
    return undefined;
  return action;
}

/**
 * Combinations in the form of `aria-keyshortcuts` (WAI-ARIA: "Control" for Ctrl, space
 * between alternatives), so that assistive technology announces them.
 */
export function ariaKeyShortcuts(keys: readonly string[]): string {
  return keys
    .map((combo) =>
      combo
        .split(/\+(?=.)/u)
        .map((part) => (part === 'Ctrl' ? 'Control' : part === 'Space' ? 'Space' : part))
        .join('+'),
    )
    .join(' ');
}

/** Combinations as the agent reads them: "Alt+A", "? or F1" ("or" given in the page's language). */
export function keysText(keys: readonly string[], or: string): string {
  return keys.join(` ${or} `);
}
