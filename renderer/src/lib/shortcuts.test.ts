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
  bindingsInEffect,
  bindingsWith,
  comboOf,
  conflictsIn,
  isTypingTarget,
  shortcutDefinition,
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
        expect({ combo, refused: unbindable(combo, definition.id) }).toEqual({
          combo,
          refused: undefined,
        });
      }
    expect(conflictsIn(DEFAULTS)).toEqual(new Map());
  });

  it('fire from anywhere but a text field; Send fires from the composer too', () => {
    const alt = (key: string) => press(key, `Key${key.toUpperCase()}`, { altKey: true });
    expect(shortcutFor(alt('a'), DEFAULTS, BUTTON)).toBe('acceptInvitation');
    expect(shortcutFor(alt('a'), DEFAULTS, null)).toBe('acceptInvitation');
    // Not from a text field: macOS types å (ą on a Polish layout) with Option+A.
    expect(shortcutFor(alt('a'), DEFAULTS, TEXT_BOX)).toBeUndefined();
    expect(shortcutFor(press('/', 'Slash'), DEFAULTS, BUTTON)).toBe('search');
    expect(shortcutFor(press('/', 'Slash'), DEFAULTS, { tagName: 'textarea' })).toBeUndefined();
    const ctrlEnter = press('Enter', 'Enter', { ctrlKey: true });
    expect(shortcutFor(ctrlEnter, DEFAULTS, { tagName: 'TEXTAREA' })).toBe('send');
    expect(shortcutFor(press('q', 'KeyQ'), DEFAULTS, BUTTON)).toBeUndefined();
  });

  it('work from a text field only when meant for one (Send, the chat waiting longest), with keys that type nothing', () => {
    const altG = press('g', 'KeyG', { altKey: true });
    // macOS's Option+G types "©": read by the physical key, as Alt+G.
    const optionG = press('©', 'KeyG', { altKey: true });
    for (const focus of [BUTTON, null, { tagName: 'TEXTAREA' }, TEXT_BOX]) {
      expect(shortcutFor(altG, DEFAULTS, focus)).toBe('longestWaiting');
      expect(shortcutFor(optionG, DEFAULTS, focus)).toBe('longestWaiting');
    }
    // A combination that types a character is refused for those two, not for the others.
    expect(unbindable('S', 'send')).toBe('typing');
    expect(unbindable('Shift+G', 'longestWaiting')).toBe('typing');
    expect(unbindable('?', 'longestWaiting')).toBe('typing');
    expect(unbindable('Ctrl+Shift+S', 'send')).toBeUndefined();
    expect(unbindable('Meta+G', 'longestWaiting')).toBeUndefined();
    expect(unbindable('F2', 'longestWaiting')).toBeUndefined();
    expect(unbindable('Shift+F2', 'longestWaiting')).toBeUndefined();
    expect(unbindable('Insert', 'send')).toBeUndefined();
    expect(unbindable('Alt++', 'send')).toBeUndefined();
    expect(unbindable('S', 'help')).toBeUndefined();
    // Windows reports AltGr as Ctrl+Alt: AltGr+Q types "@" on a German keyboard.
    expect(unbindable('Ctrl+Alt+Q', 'send')).toBe('typing');
    expect(unbindable('Ctrl+Alt+Meta+Q', 'send')).toBeUndefined();
    expect(unbindable('Ctrl+Alt+Q', 'help')).toBeUndefined();
    const altGrQ = press('@', 'KeyQ', { ctrlKey: true, altKey: true });
    expect(comboOf(altGrQ)).toBe('Ctrl+Alt+Q');
    expect(
      shortcutFor(altGrQ, bindingsWith({ send: 'Ctrl+Alt+Q' }), { tagName: 'TEXTAREA' }),
    ).toBeUndefined();
    // A stored remapping of that kind (the settings refuse it) never takes typed text.
    const typed = bindingsWith({ send: 'S' });
    expect(shortcutFor(press('s', 'KeyS'), typed, { tagName: 'TEXTAREA' })).toBeUndefined();
    expect(shortcutFor(press('s', 'KeyS'), typed, BUTTON)).toBe('send');
  });

  it('fire from a list box (the disposition picker) with a combination that types nothing, never with a letter that picks an option', () => {
    const select = { tagName: 'SELECT' };
    const done = press('E', 'KeyE', { altKey: true, shiftKey: true });
    expect(shortcutFor(done, DEFAULTS, select)).toBe('done');
    expect(shortcutFor(done, DEFAULTS, TEXT_BOX)).toBeUndefined();
    expect(shortcutFor(press('/', 'Slash'), DEFAULTS, select)).toBeUndefined();
    expect(shortcutFor(press('s', 'KeyS'), bindingsWith({ send: 'S' }), select)).toBeUndefined();
    // AltGr (Ctrl+Alt on Windows) types; it picks options as letters do.
    const altGr = press('e', 'KeyE', { ctrlKey: true, altKey: true });
    expect(shortcutFor(altGr, bindingsWith({ done: 'Ctrl+Alt+E' }), select)).toBeUndefined();
  });

  it('no shortcut but those meant for a text field ever fires while typing, and none with a key that types (every case)', () => {
    const fields = [
      { tagName: 'INPUT', type: 'text' },
      { tagName: 'INPUT', type: 'search' },
      { tagName: 'INPUT' },
      { tagName: 'TEXTAREA' },
      { tagName: 'IFRAME' },
      { tagName: 'DIV', isContentEditable: true },
    ];
    const keys = ['a', 'g', 's', 'r', 'x', '?', '/', 'Enter', 'F1', 'ArrowDown', ','];
    // The defaults, and stored remappings the settings would refuse.
    const bindings = [
      DEFAULTS,
      bindingsWith({ send: 'S', longestWaiting: 'Shift+G' }),
      bindingsWith({ send: '?', longestWaiting: 'Enter' }),
      bindingsWith({ send: 'Ctrl+Alt+S', longestWaiting: 'Ctrl+Alt+G' }),
    ];
    const held = [false, true];
    let fired = 0;
    // Few enough to try each (a sampled property could miss the one that matters).
    for (const focus of fields)
      for (const key of keys)
        for (const bound of bindings)
          for (const ctrlKey of held)
            for (const altKey of held)
              for (const shiftKey of held) {
                const action = shortcutFor(
                  { key, code: '', ctrlKey, altKey, shiftKey, metaKey: false },
                  bound,
                  focus,
                );
                if (action !== undefined) fired += 1;
                expect({ key, ctrlKey, altKey, shiftKey, action }).toEqual({
                  key,
                  ctrlKey,
                  altKey,
                  shiftKey,
                  action:
                    action !== undefined &&
                    shortcutDefinition(action).whileTyping === true &&
                    // Ctrl or Alt; both together are AltGr on Windows.
                    ctrlKey !== altKey
                      ? action
                      : undefined,
                });
              }
    // Send's Ctrl+Enter and Alt+G did fire from the fields.
    expect(fired).toBeGreaterThan(0);
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

  it('keep doing what the agent chose when a later version gives their key to a new default', () => {
    // Alt+G went to the History before it opened the chat waiting longest.
    const overrides = { history: 'Alt+G' } as const;
    const inEffect = bindingsInEffect(overrides);
    expect(actionFor('Alt+G', inEffect)).toBe('history');
    expect(inEffect.get('longestWaiting')).toEqual([]);
    expect(conflictsIn(inEffect)).toEqual(new Map());
    // Other defaults stay; the settings still show the clash, for the agent to settle.
    expect(actionFor('Alt+W', inEffect)).toBe('workbins');
    expect(conflictsIn(bindingsWith(overrides))).toEqual(
      new Map([['Alt+G', ['longestWaiting', 'history']]]),
    );
    expect(actionFor('Alt+G', bindingsInEffect({ nextInteraction: 'Alt+G' }))).toBe(
      'nextInteraction',
    );
  });

  it('refuse the browser’s and the OS’s keys, lone navigation keys and Escape', () => {
    expect(unbindable('Ctrl+W', 'help')).toBe('reserved');
    expect(unbindable('Alt+F4', 'help')).toBe('reserved');
    expect(unbindable('Alt+D', 'help')).toBe('reserved');
    // Paste, copy, cut and the context menu, which type nothing but the agent needs.
    for (const combo of ['Shift+Insert', 'Ctrl+Insert', 'Shift+Delete', 'Shift+F10'])
      expect(unbindable(combo, 'send')).toBe('reserved');
    expect(unbindable('Tab', 'help')).toBe('navigation');
    expect(unbindable('Enter', 'help')).toBe('navigation');
    expect(unbindable('Ctrl+Escape', 'help')).toBe('escape');
    expect(unbindable('Alt+Shift+K', 'help')).toBeUndefined();
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
