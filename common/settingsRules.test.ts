import { describe, expect, it } from 'vitest';
import { SettingsSchema } from './model';
import { firstSettingsProblem } from './settingsRules';

/** What the Settings dialog and main's IPC boundary both check: a change of some settings. */
const SettingsChangeSchema = SettingsSchema.partial().strict();

/** The one sentence a change is refused with, or `kept` with what would be stored. */
function verdict(change: unknown): string | { kept: unknown } {
  const parsed = SettingsChangeSchema.safeParse(change);
  return parsed.success ? { kept: parsed.data } : firstSettingsProblem(parsed.error);
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
