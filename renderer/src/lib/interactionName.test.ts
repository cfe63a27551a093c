import { afterEach, describe, expect, it } from 'vitest';
import { setLocale, t } from '../i18n';
import { interactionName } from './interactionName';

afterEach(() => {
  setLocale('en');
});

describe('interactionName', () => {
  it('names the channel and the sender, or says the sender is unknown', () => {
    setLocale('en');
    expect(interactionName({ channel: 'chat', from: 'Anna' })).toBe('Chat from Anna');
    expect(interactionName({ channel: 'chat' })).toBe('Chat from unknown sender');
  });

  it('names whom an e-mail is with as its row does: the person the mail names, or whom it goes to', () => {
    setLocale('en');
    expect(
      interactionName({ channel: 'email', from: 'maria@example.com', fromName: 'Maria Lind' }),
    ).toBe('E-mail from Maria Lind');
    expect(
      interactionName({ channel: 'email', from: 'desk@example.com', sentTo: 'ann@x.org' }),
    ).toBe('E-mail to ann@x.org');
    expect(interactionName({ channel: 'email', from: 'desk@example.com', sentTo: '' })).toBe(
      'E-mail with no recipient yet',
    );
    setLocale('de');
    expect(interactionName({ channel: 'email', sentTo: 'ann@x.org' })).toBe('E-Mail an ann@x.org');
  });

  it('speaks the language in effect', () => {
    setLocale('de');
    expect(interactionName({ channel: 'chat', from: 'Anna' })).toBe('Chat von Anna');
    expect(interactionName({ channel: 'chat' })).toBe('Chat von unbekanntem Absender');
    setLocale('es');
    expect(interactionName({ channel: 'chat', from: 'Ana' })).toBe('Chat de Ana');
  });
});

describe('the inbox counts by locale', () => {
  it('chooses the plural form by the number and shows the number as given', () => {
    setLocale('de');
    expect(t('inbox.size', { count: '1' }, 1)).toBe('1 Interaktion');
    expect(t('inbox.size', { count: '2.000' }, 2000)).toBe('2.000 Interaktionen');
    expect(t('inbox.invitedCount', { count: '3' }, 3)).toBe('(3 Einladungen warten)');
    setLocale('es');
    expect(t('inbox.countdown.seconds', 1)).toBe('Queda 1 segundo para aceptar');
    expect(t('inbox.countdown.seconds', 12)).toBe('Quedan 12 segundos para aceptar');
  });
});
