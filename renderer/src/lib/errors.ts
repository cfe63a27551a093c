import type { ErrorKind, ErrorParams, SwitchboardError } from '../../../common/errors';
import { t } from '../i18n';
import { byteSize } from './format';

/**
 * What the agent reads about a failed call: what happened and what to do next, in the desk's
 * language. Chosen by the error's code when main names the situation (a refused server address,
 * refused credentials…), else by its kind. The message is shown only when it is a refusal's reason
 * written for people (see {@link serverReason}); a technical one (an operation, the network's
 * words, a schema's complaint) never is: it goes under "Details" ({@link errorDetail}).
 */
export interface ErrorWording {
  readonly what: string;
  readonly next: string;
}

/**
 * The kinds whose message is the refusal's reason as the server (or main) words it for people:
 * GWS's `statusMessage` ("Agent jonas.berg is not logged in", "No queue NoSuchQueue"). The
 * others (network, timeout, internal, unauthorized) carry only what a log needs.
 */
const REASON_KINDS: ReadonlySet<ErrorKind> = new Set([
  // A schema's complaint always names its channel (switchboard:…): only main's own sentences
  // ("scan.pdf is too large to send: files can be at most 25 MB.") pass as reasons.
  'invalidArgument',
  'missingParameter',
  'invalidState',
  'forbidden',
  'permissionDenied',
  'notFound',
]);

/**
 * Marks of a message written for a log rather than a person: an HTTP request line, a contract
 * channel, a status number, a schema's complaint, a socket error code, a stack's "Error:".
 */
const TECHNICAL_MARKS =
  /^(?:GET|POST|PUT|PATCH|DELETE)\s|switchboard:|\bHTTP \d{3}\b|statusCode|[✖→]|\bE[A-Z]{4,}\b|^\(|\bError:|\bundefined\b|\bnull\b/u;
const MAX_REASON_LENGTH = 240;

/**
 * The server's reason for a refusal when its message is one a person can read, else undefined
 * (then the kind's own sentence is shown). Ended with a full stop, so the advice can follow.
 */
export function serverReason(error: SwitchboardError): string | undefined {
  if (!REASON_KINDS.has(error.kind)) return undefined;
  const words = error.message.trim();
  if (words === '' || words.length > MAX_REASON_LENGTH || TECHNICAL_MARKS.test(words))
    return undefined;
  return asSentence(words);
}

/**
 * A code's params as its sentence names them: a size main sends in bytes (`limitBytes`) becomes
 * `{limit}` in the desk's language, by the rule the lists of files follow.
 */
function sentenceParams(params: ErrorParams): ErrorParams {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) =>
      name.endsWith('Bytes') && typeof value === 'number'
        ? [name.slice(0, -'Bytes'.length), byteSize(value)]
        : [name, value],
    ),
  );
}

/** The error in the agent's words (see {@link ErrorWording}). */
export function errorWording(error: SwitchboardError): ErrorWording {
  if (error.code !== undefined) {
    const params = sentenceParams(error.params ?? {});
    return {
      what: t(`errors.code.${error.code}.what`, params),
      next: t(`errors.code.${error.code}.next`, params),
    };
  }
  return {
    what: serverReason(error) ?? t(`errors.what.${error.kind}`),
    next: t(`errors.next.${error.kind}`),
  };
}

/** Ends a caller's context ("Could not accept the chat", "Sign-in failed") as a sentence. */
function asSentence(context: string): string {
  const words = context.trim();
  return /[.!?…:;。]$/u.test(words) ? words : `${words}.`;
}

/**
 * The alert's text: the caller's context (what was being done, already translated), what
 * happened, what to do: "Could not accept the chat. The server cannot be reached. Check the
 * network and try again." A caller who knows better what to do than the error's kind does
 * (a chat line that may have gone: look before sending it again) gives its own `advice`.
 */
export function errorSentence(error: SwitchboardError, context?: string, advice?: string): string {
  const { what, next } = errorWording(error);
  const lead = context === undefined || context.trim() === '' ? [] : [asSentence(context)];
  const last = advice === undefined || advice.trim() === '' ? next : asSentence(advice);
  return [...lead, what, last].join(' ');
}

/**
 * Why a password change was refused, as the password forms say it (one line under the fields):
 * the code's sentence in the desk's language where main names the situation (a wrong current
 * password, PasswordChangeError 2; the server's rules, their reason in its words), else the
 * error's sentence as any alert words it. Main's message was shown as it was: "POST /me: other
 * side closed" for a change the network cut, English words in a German desk.
 */
export function passwordRefusal(error: SwitchboardError): string {
  return error.code === undefined ? errorSentence(error) : errorWording(error).what;
}

/**
 * The technical detail behind the sentence, for the alert's "Details" and for a report to an
 * administrator: the kind (and code), then main's message as it is.
 */
export function errorDetail(error: SwitchboardError): string {
  const kind = error.code === undefined ? error.kind : `${error.kind}, ${error.code}`;
  return `${kind}: ${error.message}`;
}
