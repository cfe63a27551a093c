import { describe, expect, it } from 'vitest';
import type { Locale } from './i18n/locales';
import { MESSAGES } from './i18n/messages';
import type { Translate } from './i18n/translate';
import { SettingsSchema } from './model';
import { settingsProblemIn } from './settingsRules';

/** What the Settings dialog and main's IPC boundary both check: a change of some settings. */
const SettingsChangeSchema = SettingsSchema.partial().strict();

/** A catalog's message with its `{placeholders}` filled in (none of these has plural forms). */
function translator(locale: Locale): Translate {
  return (key, values = {}) => {
    let found: unknown = MESSAGES[locale];
    for (const part of key.split('.')) found = (found as Record<string, unknown>)[part];
    return String(found).replace(/\{(\w+)\}/gu, (_, name: string) => String(values[name]));
  };
}

/**
 * The one sentence a change is refused with (the schema's own, main's; the Settings dialog's in
 * English must be the same), or `kept` with what would be stored.
 */
function verdict(change: unknown): string | { kept: unknown } {
  const parsed = SettingsChangeSchema.safeParse(change);
  if (parsed.success) return { kept: parsed.data };
  const sentence = parsed.error.issues[0]?.message;
  expect(settingsProblemIn(parsed.error, translator('en'))).toBe(sentence);
  return sentence ?? '';
}

/** The Settings dialog's sentence for a refused change, in `locale`. */
function dialogSays(change: unknown, locale: Locale): string | undefined {
  const parsed = SettingsChangeSchema.safeParse(change);
  return parsed.success ? undefined : settingsProblemIn(parsed.error, translator(locale));
}

describe('the routing and case-data settings rules', () => {
  it('keeps codes, keys and queue names trimmed, in the order given', () => {
    expect(
      verdict({
        dispositionCodes: [' Resolved ', 'Callback'],
        dispositionKey: ' WrapUp ',
        editableCaseKeys: ['Notes', 'OrderNumber'],
        transferQueueNames: ['Billing ', 'Escalations'],
      }),
    ).toEqual({
      kept: {
        dispositionCodes: ['Resolved', 'Callback'],
        dispositionKey: 'WrapUp',
        editableCaseKeys: ['Notes', 'OrderNumber'],
        transferQueueNames: ['Billing', 'Escalations'],
      },
    });
  });

  it('refuses a blank code, key or queue name in one plain sentence', () => {
    expect(verdict({ dispositionCodes: ['Resolved', '   '] })).toBe(
      'A disposition code cannot be blank.',
    );
    expect(verdict({ dispositionKey: '' })).toBe('The disposition key cannot be blank.');
    expect(verdict({ editableCaseKeys: [''] })).toBe('A case-data key cannot be blank.');
    expect(verdict({ transferQueueNames: ['Billing', ' '] })).toBe('A queue name cannot be blank.');
  });

  it('refuses a code listed twice, whatever its case, naming it', () => {
    expect(verdict({ dispositionCodes: ['Resolved', 'Escalated', 'resolved '] })).toBe(
      'The disposition code "resolved" is listed twice.',
    );
  });

  it('refuses a key or queue listed twice, but keeps names differing in case apart (the server matches them exactly)', () => {
    expect(verdict({ editableCaseKeys: ['Notes', 'Notes'] })).toBe(
      'The case-data key "Notes" is listed twice.',
    );
    expect(verdict({ transferQueueNames: ['Billing', ' Billing'] })).toBe(
      'The queue name "Billing" is listed twice.',
    );
    expect(verdict({ transferQueueNames: ['Billing', 'billing'] })).toEqual({
      kept: { transferQueueNames: ['Billing', 'billing'] },
    });
  });

  it('refuses a code too long and a list too long in words, not limits of a schema', () => {
    expect(verdict({ dispositionCodes: ['x'.repeat(201)] })).toBe(
      'A disposition code can be at most 200 characters.',
    );
    expect(
      verdict({ transferQueueNames: Array.from({ length: 101 }, (_, index) => `Q${index}`) }),
    ).toBe('At most 100 queue names.');
  });

  it('allows an empty list of codes or queues (the picker then offers none)', () => {
    expect(verdict({ dispositionCodes: [], transferQueueNames: [] })).toEqual({
      kept: { dispositionCodes: [], transferQueueNames: [] },
    });
  });

  it('refuses an invitation timeout outside 5 to 600 whole seconds, and an unknown chime, in one sentence', () => {
    expect(verdict({ invitationTimeoutSeconds: 4 })).toBe(
      'The invitation timeout must be at least 5 seconds.',
    );
    expect(verdict({ invitationTimeoutSeconds: 601 })).toBe(
      'The invitation timeout can be at most 600 seconds.',
    );
    expect(verdict({ invitationTimeoutSeconds: 12.5 })).toBe(
      'The invitation timeout must be a whole number of seconds.',
    );
    // An emptied number field reaches the check as ''.
    expect(verdict({ invitationTimeoutSeconds: '' })).toBe(
      'The invitation timeout must be a whole number of seconds.',
    );
    expect(verdict({ chime: 'twice' })).toBe(
      'The chime plays either once or until the invitation is answered.',
    );
    expect(verdict({ invitationTimeoutSeconds: 45, chime: 'once', autoAnswerChat: true })).toEqual({
      kept: { invitationTimeoutSeconds: 45, chime: 'once', autoAnswerChat: true },
    });
  });
});

describe('the rules in the desk language', () => {
  it('words each refusal the dialog can meet in German and Spanish, the entry named', () => {
    expect(dialogSays({ dispositionCodes: ['Erledigt', 'erledigt'] }, 'de')).toBe(
      'Der Abschlusscode „erledigt“ ist doppelt aufgeführt.',
    );
    expect(dialogSays({ transferQueueNames: [' '] }, 'de')).toBe(
      'Ein Warteschlangenname darf nicht leer sein.',
    );
    expect(dialogSays({ dispositionKey: 'x'.repeat(201) }, 'de')).toBe(
      'Der Schlüssel für den Abschlusscode darf höchstens 200 Zeichen lang sein.',
    );
    expect(dialogSays({ outboundEmailQueue: ' ' }, 'de')).toBe(
      'Die Warteschlange für neue E-Mails darf nicht leer sein.',
    );
    expect(dialogSays({ outboundEmailQueue: 'x'.repeat(201) }, 'es')).toBe(
      'La cola de los correos nuevos puede tener como máximo 200 caracteres.',
    );
    expect(dialogSays({ chatNickname: 'x'.repeat(65) }, 'de')).toBe(
      'Ihr Name in Chats darf höchstens 64 Zeichen lang sein.',
    );
    expect(dialogSays({ chatNickname: 'x'.repeat(65) }, 'es')).toBe(
      'Tu nombre en los chats puede tener como máximo 64 caracteres.',
    );
    expect(dialogSays({ invitationTimeoutSeconds: 4 }, 'es')).toBe(
      'El tiempo para responder debe ser de al menos 5 segundos.',
    );
    expect(dialogSays({ invitationTimeoutSeconds: '' }, 'es')).toBe(
      'El tiempo para responder debe ser un número entero de segundos.',
    );
    expect(
      dialogSays(
        { editableCaseKeys: Array.from({ length: 101 }, (_, index) => `K${index}`) },
        'es',
      ),
    ).toBe('Como máximo 100 claves editables de datos del caso.');
  });

  it('words the rules of one list checked alone (the list editor), its paths starting at an entry', () => {
    const parsed = SettingsSchema.shape.dispositionCodes.safeParse(['Resolved', '  ']);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(settingsProblemIn(parsed.error, translator('de'), 'dispositionCodes')).toBe(
      'Ein Abschlusscode darf nicht leer sein.',
    );
  });
});
