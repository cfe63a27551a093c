import { describe, expect, it } from 'vitest';
import { createTranslator } from '../i18n/translator';
import { leaveQuestion } from './leaveQuestion';

const chat = { id: 'c1', channel: 'chat', subject: 'Order 1234 is late', customer: 'Tom Baker' };
const mail = { id: 'e1', channel: 'email' };

describe("the native guard dialog's question", () => {
  it('counts the interactions, lists each on its line and names the action on its button', () => {
    const words = createTranslator('en');
    expect(leaveQuestion(words, 'quit', [chat, mail])).toEqual({
      action: 'quit',
      work: [chat, mail],
      title: 'Quit with work in progress?',
      detail:
        'You are still working on these 2 interactions. Quitting signs you out and does not hand them on to anyone: transfer them or place them in a queue first, or their customers wait without an answer.\n\n' +
        'Chat: Order 1234 is late (Tom Baker)\nE-mail: (no subject) (unknown customer)',
      confirm: 'Quit anyway',
      cancel: 'Cancel',
    });
    expect(leaveQuestion(words, 'signOut', [chat])).toMatchObject({
      title: 'Sign out with work in progress?',
      detail: expect.stringMatching(
        /^You are still working on this interaction\. Signing out/u,
      ) as unknown,
      confirm: 'Sign out anyway',
    });
  });

  it("speaks the desk's language, the server's words kept as they are", () => {
    const german = leaveQuestion(createTranslator('de'), 'quit', [chat, mail]);
    expect(german).toMatchObject({
      title: 'Mit offener Arbeit beenden?',
      confirm: 'Trotzdem beenden',
      cancel: 'Abbrechen',
    });
    expect(german.detail).toContain('diese 2 Interaktionen');
    expect(german.detail).toContain('Chat: Order 1234 is late (Tom Baker)');
    expect(german.detail).toContain('(kein Betreff) (unbekannter Kunde)');
    const spanish = leaveQuestion(createTranslator('es'), 'signOut', [mail]);
    expect(spanish.title).toBe('¿Cerrar sesión con trabajo pendiente?');
    expect(spanish.detail).toContain('cliente desconocido');
  });
});
