import { z } from 'zod';

/**
 * The desk's keyboard shortcuts as main and the renderer both need them: the actions an agent
 * can bind a key combination to, and the one written form of a combination. Main checks a
 * stored remapping with {@link ShortcutOverridesSchema}; the renderer (lib/shortcuts.ts) keeps
 * the default bindings, matches key presses and finds conflicts.
 */

/** Every action a shortcut can trigger, in the order the help overlay lists them. */
export const SHORTCUT_ACTIONS = [
  'acceptInvitation',
  'rejectInvitation',
  'nextInteraction',
  'previousInteraction',
  'longestWaiting',
  'focusList',
  'reply',
  'send',
  'done',
  'transfer',
  'newEmail',
  'ready',
  'notReady',
  'doNotDisturb',
  'signOut',
  'search',
  'inbox',
  'history',
  'workbins',
  'settings',
  'help',
] as const;
export type ShortcutAction = (typeof SHORTCUT_ACTIONS)[number];

/** The modifiers, in the order a combination is written ("Ctrl+Alt+Shift+Meta+K"). */
export const MODIFIERS = ['Ctrl', 'Alt', 'Shift', 'Meta'] as const;
export type Modifier = (typeof MODIFIERS)[number];

/** Keys that are written by name (as `KeyboardEvent.key` names them), not as a character. */
export const NAMED_KEYS: ReadonlySet<string> = new Set([
  'Enter',
  'Space',
  'Tab',
  'Escape',
  'Backspace',
  'Delete',
  'Insert',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  ...Array.from({ length: 12 }, (_, index) => `F${String(index + 1)}`),
]);

/** A letter or digit: Shift changes what it means (Alt+R is not Alt+Shift+R). */
const ALPHANUMERIC = /^[A-Z0-9]$/u;

/**
 * The one written form of a key combination, or undefined when `text` is not one: modifiers in
 * {@link MODIFIERS} order, then one key (a named key, a letter or digit in upper case, or one
 * other printable character). Shift is dropped before a punctuation character, because the
 * character already says it ("?" is Shift+/ on one keyboard and a key of its own on another).
 * "ctrl+shift+k" → "Ctrl+Shift+K"; "Shift+?" → "?"; "Alt" alone → undefined.
 */
export function normalizeCombo(text: string): string | undefined {
  if (text.length === 0 || text.length > 40) return undefined;
  // "Ctrl++" binds the plus key: the last part is the key, whatever it is.
  const plusKey = text.endsWith('++') || text === '+';
  const body = plusKey ? text.slice(0, text === '+' ? 0 : -2) : text;
  const parts = body === '' ? [] : body.split('+');
  const rawKey = plusKey ? '+' : parts.pop();
  if (rawKey === undefined || rawKey === '') return undefined;
  const modifiers = new Set<Modifier>();
  for (const part of parts) {
    const modifier = MODIFIERS.find((name) => name.toLowerCase() === part.toLowerCase());
    if (modifier === undefined || modifiers.has(modifier)) return undefined;
    modifiers.add(modifier);
  }
  const key = keyName(rawKey);
  if (key === undefined) return undefined;
  if (!NAMED_KEYS.has(key) && !ALPHANUMERIC.test(key)) modifiers.delete('Shift');
  return [...MODIFIERS.filter((name) => modifiers.has(name)), key].join('+');
}

/** A key's written name: a named key in its own case, a character upper-cased. */
function keyName(raw: string): string | undefined {
  const named = [...NAMED_KEYS].find((name) => name.toLowerCase() === raw.toLowerCase());
  if (named !== undefined) return named;
  if (raw === ' ') return 'Space';
  // One printable character (a code point: "é" or "ß" too), never a control character.
  if (!/^.$/su.test(raw) || /\p{C}|\s/u.test(raw)) return undefined;
  return raw.toUpperCase().length === 1 ? raw.toUpperCase() : raw;
}

/** A combination as stored: already in its one written form. */
export const ShortcutComboSchema = z.string().refine((text) => normalizeCombo(text) === text, {
  message: 'A shortcut is not a key combination the desk can read.',
});

/**
 * The agent's remapped shortcuts (only those changed from the defaults): action → combination.
 * Two actions may not share a combination; conflicts with a default binding are the renderer's
 * to show, since the defaults live there.
 */
export const ShortcutOverridesSchema = z
  .partialRecord(z.enum(SHORTCUT_ACTIONS), ShortcutComboSchema)
  .refine(
    (overrides) => {
      const combos = Object.values(overrides);
      return new Set(combos).size === combos.length;
    },
    { message: 'Two actions cannot share one key combination: choose another for one of them.' },
  );
export type ShortcutOverrides = z.infer<typeof ShortcutOverridesSchema>;
