import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  normalizeCombo,
  SHORTCUT_ACTIONS,
  ShortcutOverridesSchema,
} from '../../../common/shortcutKeys';
import {
  actionFor,
  ariaKeyShortcuts,
  bindingsWith,
  comboOf,
  conflictsIn,
  isTypingTarget,
  shortcutFor,
  SHORTCUTS,
  unbindable,
  type KeyPress,
} from './shortcuts';

/** A key press with no modifiers unless given. */
function press(key: string, code: string, held: Partial<KeyPress> = {}): KeyPress {
  return { key, code, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, ...held };
}

const BUTTON = { tagName: 'BUTTON' };
const TEXT_BOX = { tagName: 'INPUT', type: 'search' };
const DEFAULTS = bindingsWith({});

describe('shortcut combinations', () => {
  it('has one written form: modifiers in order, letters upper-cased, Shift dropped before punctuation', () => {
    expect(normalizeCombo('shift+alt+r')).toBe('Alt+Shift+R');
    expect(normalizeCombo('ctrl+enter')).toBe('Ctrl+Enter');
    expect(normalizeCombo('Shift+?')).toBe('?');
    expect(normalizeCombo('Ctrl++')).toBe('Ctrl++');
    expect(normalizeCombo('f1')).toBe('F1');
    expect(normalizeCombo('Alt')).toBeUndefined();
    expect(normalizeCombo('Alt+Alt+A')).toBeUndefined();
    expect(normalizeCombo('Hyper+A')).toBeUndefined();
    expect(normalizeCombo('Alt+AB')).toBeUndefined();
    expect(normalizeCombo('')).toBeUndefined();
  });

  it('normalizing is idempotent, and a written form reads back as itself (property)', () => {
    const part = fc.constantFrom('ctrl', 'Alt', 'SHIFT', 'meta');
    const key = fc.oneof(
      fc.constantFrom('a', 'Z', '7', '?', '/', ',', 'enter', 'F12', 'arrowdown', 'é', '+'),
      fc.string({ minLength: 1, maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 4 }), key, (modifiers, name) => {
        const written = normalizeCombo([...modifiers, ''].join('+') + name);
        if (written === undefined) return;
        expect(normalizeCombo(written)).toBe(written);
      }),
    );
  });

  it('reads key presses: letters by character, by physical key when Option changed it', () => {
    expect(comboOf(press('a', 'KeyA', { altKey: true }))).toBe('Alt+A');
    // macOS: Option+A types "å"; a Russian layout types "ф" for the same key.
    expect(comboOf(press('å', 'KeyA', { altKey: true }))).toBe('Alt+A');
    expect(comboOf(press('ф', 'KeyA', { ctrlKey: true }))).toBe('Ctrl+A');
    expect(comboOf(press('R', 'KeyR', { altKey: true, shiftKey: true }))).toBe('Alt+Shift+R');
    expect(comboOf(press('?', 'Slash', { shiftKey: true }))).toBe('?');
    // German keyboard: "/" is Shift+7, and is still "/".
    expect(comboOf(press('/', 'Digit7', { shiftKey: true }))).toBe('/');
    expect(comboOf(press('Enter', 'Enter', { ctrlKey: true }))).toBe('Ctrl+Enter');
    expect(comboOf(press('+', 'Equal', { ctrlKey: true, shiftKey: true }))).toBe('Ctrl++');
    expect(comboOf(press('Alt', 'AltLeft', { altKey: true }))).toBeUndefined();
    expect(comboOf(press('Dead', 'Quote'))).toBeUndefined();
  });

  it('every key press reads as a written form or as nothing (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 12 }),
        fc.constantFrom('KeyA', 'Digit4', 'Slash', 'Enter', ''),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (key, code, ctrlKey, altKey, shiftKey, metaKey) => {
          const combo = comboOf({ key, code, ctrlKey, altKey, shiftKey, metaKey });
          expect(combo === undefined || normalizeCombo(combo) === combo).toBe(true);
        },
      ),
    );
  });
});

describe('the default shortcuts', () => {
  it('cover every action once, in the actions’ order, in their written form, with no conflict', () => {
    expect(SHORTCUTS.map((definition) => definition.id)).toEqual([...SHORTCUT_ACTIONS]);
    for (const definition of SHORTCUTS)
      for (const combo of definition.keys) {
        expect(normalizeCombo(combo)).toBe(combo);
        expect({ combo, refused: unbindable(combo) }).toEqual({ combo, refused: undefined });
      }
    expect(conflictsIn(DEFAULTS)).toEqual(new Map());
  });

  it('fire from anywhere but a text field; Send fires from the composer too', () => {
    const alt = (key: string) => press(key, `Key${key.toUpperCase()}`, { altKey: true });
    expect(shortcutFor(alt('a'), DEFAULTS, BUTTON)).toBe('acceptInvitation');
    expect(shortcutFor(alt('a'), DEFAULTS, null)).toBe('acceptInvitation');
    expect(shortcutFor(alt('a'), DEFAULTS, TEXT_BOX)).toBeUndefined();
    expect(shortcutFor(press('/', 'Slash'), DEFAULTS, BUTTON)).toBe('search');
    expect(shortcutFor(press('/', 'Slash'), DEFAULTS, { tagName: 'textarea' })).toBeUndefined();
    const ctrlEnter = press('Enter', 'Enter', { ctrlKey: true });
    expect(shortcutFor(ctrlEnter, DEFAULTS, { tagName: 'TEXTAREA' })).toBe('send');
    expect(shortcutFor(press('q', 'KeyQ'), DEFAULTS, BUTTON)).toBeUndefined();
  });

  it('no shortcut but Send ever fires while typing, whatever is pressed (property)', () => {
    const field = fc.constantFrom<{ tagName: string; type?: string; isContentEditable?: boolean }>(
      { tagName: 'INPUT', type: 'text' },
      { tagName: 'INPUT', type: 'search' },
      { tagName: 'INPUT' },
      { tagName: 'TEXTAREA' },
      { tagName: 'SELECT' },
      { tagName: 'IFRAME' },
      { tagName: 'DIV', isContentEditable: true },
    );
    const key = fc.constantFrom('a', 'r', 'x', '?', '/', 'Enter', 'F1', 'ArrowDown', ',', 'e');
    fc.assert(
      fc.property(
        field,
        key,
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (focus, name, ctrlKey, altKey, shiftKey) => {
          const action = shortcutFor(
            { key: name, code: '', ctrlKey, altKey, shiftKey, metaKey: false },
            DEFAULTS,
            focus,
          );
          expect(action === undefined || action === 'send').toBe(true);
        },
      ),
    );
  });

  it('tells text fields from other controls', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'number' })).toBe(true);
    expect(isTypingTarget({ tagName: 'A' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe('remapped shortcuts', () => {
  it('replace the defaults of their action, and show conflicts with another’s default', () => {
    const remapped = bindingsWith({ help: 'F2', ready: 'Alt+A' });
    expect(remapped.get('help')).toEqual(['F2']);
    expect(actionFor('F1', remapped)).toBeUndefined();
    expect(actionFor('F2', remapped)).toBe('help');
    expect(conflictsIn(remapped)).toEqual(new Map([['Alt+A', ['acceptInvitation', 'ready']]]));
    // A conflict still triggers one action only: the first listed.
    expect(actionFor('Alt+A', remapped)).toBe('acceptInvitation');
  });

  it('refuse the browser’s and the OS’s keys, lone navigation keys and Escape', () => {
    expect(unbindable('Ctrl+W')).toBe('reserved');
    expect(unbindable('Alt+F4')).toBe('reserved');
    expect(unbindable('Alt+D')).toBe('reserved');
    expect(unbindable('Tab')).toBe('navigation');
    expect(unbindable('Enter')).toBe('navigation');
    expect(unbindable('Ctrl+Escape')).toBe('escape');
    expect(unbindable('Alt+Shift+K')).toBeUndefined();
  });

  it('are stored only in their written form, for known actions, one combination each', () => {
    expect(ShortcutOverridesSchema.safeParse({ ready: 'Alt+1' }).success).toBe(true);
    expect(ShortcutOverridesSchema.safeParse({ ready: 'alt+1' }).success).toBe(false);
    expect(ShortcutOverridesSchema.safeParse({ fly: 'Alt+1' }).success).toBe(false);
    expect(ShortcutOverridesSchema.safeParse({ ready: 'Alt+1', done: 'Alt+1' }).success).toBe(
      false,
    );
  });

  it('are announced in aria-keyshortcuts form', () => {
    expect(ariaKeyShortcuts(['Ctrl+Enter'])).toBe('Control+Enter');
    expect(ariaKeyShortcuts(['?', 'F1'])).toBe('? F1');
    expect(ariaKeyShortcuts(['Ctrl++'])).toBe('Control++');
  });
});
