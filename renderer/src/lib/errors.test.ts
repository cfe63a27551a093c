import { afterEach, describe, expect, it } from 'vitest';
import {
  ErrorCodeSchema,
  ErrorKindSchema,
  type ErrorCode,
  type ErrorKind,
  type SwitchboardError,
} from '../../../common/errors';
import en from '../../../common/i18n/en/errors';
import { setLocale } from '../i18n';
import { errorDetail, errorSentence, errorWording, passwordRefusal, serverReason } from './errors';

// The wording of errors (issue 15 item 5): one sentence from the kind or code, in the desk's
// language, with what to do next; the technical message only in the detail.

const KINDS: readonly ErrorKind[] = ErrorKindSchema.options;
const CODES: readonly ErrorCode[] = ErrorCodeSchema.options;

/** Messages as main really sends them: a schema's complaint, a channel, a socket's words. */
const TECHNICAL = [
  'switchboard:session:signIn: ✖ must use https (http only for a server on this machine)\n  → at [0].serverUrl',
  'POST /me/interactions/000000010000000H: connect ECONNREFUSED 127.0.0.1:39579',
  '(socket hang up)',
];

/** What main fills in for the codes that name something (see ErrorCode). */
const PARAMS = {
  name: 'scan.pdf',
  limitBytes: 25 * 1024 * 1024,
  reason: 'Lunch',
  origin: 'https://gws.example.com:8443',
};
/** The same, as the English sentences name them: a size in words. */
const WORDED: Readonly<Record<string, string>> = {
  name: 'scan.pdf',
  limit: '25 MB',
  reason: 'Lunch',
  origin: 'https://gws.example.com:8443',
};

afterEach(() => {
  setLocale('en');
});

describe('errorSentence', () => {
  it.each(KINDS)('words kind %s by itself when the message is technical', (kind) => {
    const error: SwitchboardError = { kind, message: TECHNICAL[1] ?? '' };
    const sentence = errorSentence(error);
    expect(sentence).toBe(`${en.what[kind]} ${en.next[kind]}`);
    expect(sentence).toMatch(/^\p{Lu}.*\.$/u);
    expect(sentence).not.toContain('ECONNREFUSED');
    expect(sentence).not.toContain('POST');
  });

  it.each(CODES)('words code %s rather than its kind, its params filled in', (code) => {
    const sentence = errorSentence({
      kind: 'invalidArgument',
      message: TECHNICAL[0] ?? '',
      code,
      params: PARAMS,
    });
    const filled = (template: string) =>
      template.replace(/\{(\w+)\}/gu, (_, name: string) => String(WORDED[name]));
    expect(sentence).toBe(`${filled(en.code[code].what)} ${filled(en.code[code].next)}`);
    expect(sentence).not.toContain(en.what.invalidArgument);
    expect(sentence).not.toMatch(/[{}]/u);
  });

  it.each(['de', 'es'] as const)(
    'words an attachment outside its folder and a cache with nothing to move aside in %s',
    (locale) => {
      setLocale(locale);
      const outside = errorSentence({
        kind: 'forbidden',
        message: 'scan.pdf is not in the attachments folder',
        code: 'attachmentOutsideFolder',
        params: { name: 'scan.pdf' },
      });
      expect(outside).toContain('scan.pdf');
      expect(outside).not.toContain('is not in the attachments folder');
      for (const [code, message] of [
        ['cacheNotDamaged', 'The cache is not damaged: there is nothing to move aside.'],
        ['cacheInMemory', 'This run keeps its cache in memory: there is no file to move aside.'],
      ] as const)
        expect(errorSentence({ kind: 'invalidState', message, code })).not.toContain('move aside');
    },
  );

  it.each(['de', 'es'] as const)(
    'words main’s own refusals in %s, with the file’s name and the limit in its numbers',
    (locale) => {
      setLocale(locale);
      const sentence = errorSentence({
        kind: 'invalidArgument',
        message: 'scan.pdf is too large to send: files can be at most 2.5 MB.',
        code: 'fileTooLarge',
        params: { name: 'scan.pdf', limitBytes: 2.5 * 1024 * 1024 },
      });
      expect(sentence).toContain('scan.pdf');
      // Worded as the lists of files word sizes: a decimal comma in both languages.
      expect(sentence).toContain('2,5 MB');
      expect(sentence).not.toContain('2.5');
      expect(sentence).not.toContain('too large');
      expect(sentence).toMatch(locale === 'de' ? /zu groß/u : /demasiado grande/u);
    },
  );

  it('puts the caller’s context first, as a sentence', () => {
    const error: SwitchboardError = { kind: 'network', message: '(socket hang up)' };
    expect(errorSentence(error, 'Could not accept the chat.')).toBe(
      'Could not accept the chat. The server cannot be reached. Check the network and try again.',
    );
    expect(errorSentence(error, 'Sign-in failed')).toBe(
      'Sign-in failed. The server cannot be reached. Check the network and try again.',
    );
    expect(errorSentence(error, '  ')).toBe(
      'The server cannot be reached. Check the network and try again.',
    );
  });

  it('ends with the caller’s advice instead of the kind’s, when it gives one', () => {
    const error: SwitchboardError = { kind: 'timeout', message: 'no answer in 15 s' };
    expect(
      errorSentence(
        error,
        'Your message may not have been sent',
        'If it does not show in the chat, send it again',
      ),
    ).toBe(
      'Your message may not have been sent. The server did not answer in time. If it does not show in the chat, send it again.',
    );
    expect(errorSentence(error, 'Could not send', ' ')).toBe(
      'Could not send. The server did not answer in time. Try again in a moment.',
    );
  });

  it('tells a sign-in with an insecure address what the address must look like', () => {
    const sentence = errorSentence({
      kind: 'invalidArgument',
      message: TECHNICAL[0] ?? '',
      code: 'serverUrlInsecure',
    });
    expect(sentence).toBe(
      'The server address must start with https:// (or http:// for a server on this computer). Correct the address and sign in again.',
    );
    for (const internal of ['switchboard:', '✖', '[0]', 'serverUrl', 'Invalid input'])
      expect(sentence).not.toContain(internal);
  });

  it('never shows any of the technical message, whatever the kind', () => {
    for (const kind of KINDS)
      for (const message of TECHNICAL) {
        const sentence = errorSentence({ kind, message }, 'Could not send the reply.');
        expect(sentence).not.toContain(message);
      }
  });

  it('shows a refusal’s reason as the server words it, with the kind’s advice', () => {
    const refused: SwitchboardError = {
      kind: 'invalidState',
      message: 'Agent jonas.berg@switchboard.example is not logged in',
    };
    expect(errorSentence(refused, 'Could not transfer the chat')).toBe(
      'Could not transfer the chat. Agent jonas.berg@switchboard.example is not logged in. Try again once that has changed.',
    );
    expect(serverReason({ kind: 'notFound', message: 'No queue NoSuchQueue' })).toBe(
      'No queue NoSuchQueue.',
    );
  });

  it.each([
    ['invalidState', 'HTTP 409'],
    ['invalidState', 'GWS statusCode 2'],
    ['notFound', 'POST /me/interactions/000000010000000H: not found'],
    ['forbidden', 'switchboard:interactions:accept failed unexpectedly'],
    ['network', 'The network is down'],
    ['internal', 'Service temporarily unavailable'],
    ['notFound', 'x'.repeat(300)],
  ] as const)('keeps a %s message %j out of the sentence', (kind, message) => {
    expect(serverReason({ kind, message })).toBeUndefined();
    expect(errorSentence({ kind, message })).toBe(`${en.what[kind]} ${en.next[kind]}`);
  });

  it('speaks the desk’s language', () => {
    setLocale('de');
    expect(errorSentence({ kind: 'network', message: '(socket hang up)' })).toBe(
      'Der Server ist nicht erreichbar. Prüfen Sie die Netzwerkverbindung und versuchen Sie es erneut.',
    );
    setLocale('es');
    expect(errorWording({ kind: 'timeout', message: '' }).what).toBe(
      'El servidor no ha respondido a tiempo.',
    );
  });
});

describe('passwordRefusal', () => {
  it("says a wrong current password in the desk's language, and keeps the server's words for its rules", () => {
    const wrongCurrent: SwitchboardError = {
      kind: 'forbidden',
      message: 'The server refused the new password: did not enter old password correctly.',
      code: 'currentPasswordWrong',
    };
    expect(passwordRefusal(wrongCurrent)).toBe('The current password you typed is not right.');
    setLocale('de');
    expect(passwordRefusal(wrongCurrent)).toBe(
      'Das eingegebene aktuelle Passwort ist nicht richtig.',
    );
    // The server's rules: its reason, as it words it, set into the desk's sentence.
    const rules = 'The server refused the new password: it must have 12 characters.';
    const refusedByRules: SwitchboardError = {
      kind: 'forbidden',
      message: rules,
      code: 'newPasswordRefused',
      params: { reason: 'it must have 12 characters' },
    };
    expect(passwordRefusal(refusedByRules)).toBe(
      'Der Server hat das neue Passwort abgelehnt: it must have 12 characters.',
    );
    setLocale('en');
    expect(passwordRefusal(refusedByRules)).toBe(rules);
  });

  it('words a change that failed on the way as any alert does, never with the request behind it', () => {
    const cut: SwitchboardError = { kind: 'network', message: 'POST /me: other side closed' };
    expect(passwordRefusal(cut)).toBe(
      'The server cannot be reached. Check the network and try again.',
    );
    setLocale('es');
    expect(passwordRefusal(cut)).not.toContain('POST');
    expect(passwordRefusal(cut)).toMatch(/^No se puede conectar con el servidor\./u);
  });
});

describe('errorDetail', () => {
  it('keeps the technical message whole, after the kind and code', () => {
    for (const message of TECHNICAL) {
      expect(errorDetail({ kind: 'network', message })).toBe(`network: ${message}`);
    }
    expect(
      errorDetail({ kind: 'unauthorized', message: 'GET /me: 401', code: 'credentialsRefused' }),
    ).toBe('unauthorized, credentialsRefused: GET /me: 401');
  });
});
