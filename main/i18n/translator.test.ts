import { describe, expect, it, vi } from 'vitest';
import { createTranslator, ENGLISH, translatorForSystem } from './translator';

describe("main's translator", () => {
  it('words the tray in German and Spanish from the shared catalogs', () => {
    const words = createTranslator('de');
    expect(words.t('tray.menu.show')).toBe('Switchboard anzeigen');
    expect(words.t('tray.notification.newChatFrom', { from: 'Tom' })).toBe('Neuer Chat von Tom');
    words.setLocale('es');
    expect(words.t('tray.menu.signOut')).toBe('Cerrar sesión');
    expect(words.t('tray.notification.newEmailFrom', { from: 'Ana' })).toBe('Nuevo correo de Ana');
  });

  it('chooses the plural form by count, in each language', () => {
    const words = createTranslator('en');
    expect([0, 1, 2].map((count) => words.plural('tray.invitationsWaiting', count))).toEqual([
      'no invitations waiting',
      '1 invitation waiting',
      '2 invitations waiting',
    ]);
    words.setLocale('de');
    expect([1, 5].map((count) => words.plural('tray.invitationsWaiting', count))).toEqual([
      '1 Einladung wartet',
      '5 Einladungen warten',
    ]);
    words.setLocale('es');
    expect(
      [1, 12].map((count) => words.plural('tray.notification.secondsToAnswer', count)),
    ).toEqual(['1 segundo para responder', '12 segundos para responder']);
  });

  it('writes the count as the desk page does, grouped in the language in effect', () => {
    const words = createTranslator('en');
    expect(words.plural('tray.invitationsWaiting', 1_000)).toBe('1,000 invitations waiting');
    words.setLocale('de');
    expect(words.plural('tray.invitationsWaiting', 1_000)).toBe('1.000 Einladungen warten');
  });

  it('isolates a text value holding a right-to-left override, a plain one and numbers left as they are', () => {
    const [fsi, pdi, overridden] = ['\u2068', '\u2069', '\u202ETom'];
    const words = createTranslator('es');
    expect(words.t('tray.notification.newChatFrom', { from: overridden })).toBe(
      `Nuevo chat de ${fsi}${overridden}${pdi}`,
    );
    expect(words.t('tray.status.withReason', { words: 'Ausente', reason: 'Pausa' })).toBe(
      'Ausente (Pausa)',
    );
    expect(words.t('tray.notification.newChatFrom', { from: `${fsi}${overridden}${pdi}` })).toBe(
      `Nuevo chat de ${fsi}${overridden}${pdi}`,
    );
    words.setLocale('en');
    expect(words.plural('email.address.invalid', 1, { first: overridden, more: 0 })).toBe(
      `"${fsi}${overridden}${pdi}" is not an e-mail address.`,
    );
    expect(words.plural('email.address.invalid', 3, { first: 'x', more: 2 })).toBe(
      '"x" and 2 more are not e-mail addresses.',
    );
  });

  it("starts in the OS's language, English when the desk does not speak it", () => {
    expect(translatorForSystem(['de-AT', 'en-US']).locale).toBe('de');
    expect(translatorForSystem(['fr-FR']).t('tray.menu.quit')).toBe('Quit');
    expect(ENGLISH.t('words.state.doNotDisturb')).toBe('Do not disturb');
  });

  it('tells its listeners of a real change of language only', () => {
    const words = createTranslator('en');
    const heard = vi.fn();
    const stop = words.onLocaleChanged(heard);
    words.setLocale('en');
    words.setLocale('es');
    stop();
    words.setLocale('de');
    expect(heard.mock.calls).toEqual([['es']]);
  });
});
