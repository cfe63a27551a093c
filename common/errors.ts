import { z } from 'zod';

/**
 * Error kinds that cross process boundaries as data. The first nine mirror what a GWS server can
 * answer (statusCode 1–6, HTTP 401, transport failures); `invalidArgument` is an IPC call whose
 * arguments failed the contract's schema.
 */
export const ErrorKindSchema = z.enum([
  'missingParameter',
  'invalidState',
  'forbidden',
  'internal',
  'permissionDenied',
  'notFound',
  'unauthorized',
  'network',
  'timeout',
  'invalidArgument',
]);
export type ErrorKind = z.infer<typeof ErrorKindSchema>;

/**
 * The situations the agent is told about more precisely than by the kind alone (a sign-in whose
 * server address is refused before any request, a password the server refused, …). Main sets one
 * where it knows the situation; the renderer chooses its sentence by it, else by the kind.
 */
export const ErrorCodeSchema = z.enum([
  /** The server address is not an http(s) URL, or carries credentials. */
  'serverUrlInvalid',
  /** The server address uses http: for a server that is not on this machine. */
  'serverUrlInsecure',
  /** The server refused the user name and password at sign-in. */
  'credentialsRefused',
  /** No answer from the server at sign-in (refused connection, unknown host, time-out). */
  'serverUnreachable',
  /** A web server answered at sign-in, but has no GWS API at that address (404 on GET /me). */
  'serverNotGws',
  /**
   * The server address answered sign-in with a redirect to another address, most often an
   * `http:` address answered with its `https:` one (params: origin, the address redirected to).
   */
  'serverRedirects',
  /** The user signed in is not an agent (no ROLE_AGENT), so the desk cannot work for them. */
  'notAnAgent',
  /**
   * The server refused to start the session on e-mail and chat, and the contact center's
   * features lack api-multimedia (003 "Features": not assigned by default).
   */
  'multimediaMissing',
  /** No password was typed and none is remembered for this server and user. */
  'passwordMissing',
  /** The desk reviews its cache without a server: nothing can be sent. */
  'offlineReview',
  /** An invitation the server no longer has: another agent may have taken it. */
  'invitationGone',
  /** Done refused: the settings require a disposition and the interaction has none. */
  'dispositionRequired',
  /**
   * An action on work in the agent's hands (Done, Send, a chat line, a case-data save, Transfer…)
   * refused because the server no longer has it in this agent's hands (transferred, taken over
   * or ended where the desk has not heard yet); the server's list confirmed it, and it is ended.
   */
  'interactionNotHeld',
  /** A picked file is over the size limit (params: name, limitBytes). */
  'fileTooLarge',
  /**
   * A file to download (an attachment) is larger than the desk takes (params: limitBytes, and
   * sizeBytes when its size is known): refused, or cut off as it passed the bound.
   */
  'downloadTooLarge',
  /** A picked file cannot be read, or is not a regular file (params: name). */
  'fileNotReadable',
  /** An attachment could not be saved where the agent chose (params: name). */
  'fileNotSaved',
  /** Switchboard does not open programs or scripts received by e-mail (params: name). */
  'attachmentUnsafe',
  /** An attachment is not downloaded yet, so it cannot be opened or saved (params: name). */
  'attachmentNotDownloaded',
  /**
   * An attachment's downloaded file is no longer on disk (deleted behind the desk's back): it is
   * downloaded again while the e-mail is the agent's (params: name).
   */
  'attachmentGone',
  /**
   * A downloaded attachment could not be stored: the disk of the attachments folder is full, or
   * the user's quota used up (ENOSPC, EDQUOT) (params: name).
   */
  'attachmentsFolderFull',
  /**
   * A downloaded attachment could not be stored: the attachments folder may not be written in
   * (EACCES, EPERM, EROFS: its rights, a read-only disk; ENOTDIR: a file, or a link to a folder
   * that is gone, in its place) (params: name).
   */
  'attachmentsFolderNotWritable',
  /**
   * The cache names a file outside the attachments folder as an attachment's: it is neither
   * opened nor read (params: name).
   */
  'attachmentOutsideFolder',
  /** The OS could not open an attachment (params: name). */
  'attachmentNotOpened',
  /**
   * UCS answered a contact-history request with its `errorMessage` (004) (params: reason, the
   * server's words).
   */
  'historyNotSent',
  /** A standard response was deleted (on another desk) since the list was shown. */
  'responseGone',
  /** A Not Ready reason the contact center does not have (params: reason). */
  'notReadyReasonUnknown',
  /** A mail's inline image is too large to show. */
  'imageTooLarge',
  /** What a mail named as an inline image is not an image. */
  'notAnImage',
  /**
   * Case data with a field named `__proto__` (at any depth): JavaScript objects cannot carry
   * it faithfully, so it is refused rather than silently left out of what is sent.
   */
  'propertyNameReserved',
  /** A link in a mail that is not an https web address. */
  'linkNotHttps',
  /** "Show images from this sender" for a mail whose sender has no address. */
  'senderWithoutAddress',
  /** A second sign-in while one is running. */
  'signInRunning',
  /** "Open offline" for an account whose cache this machine does not hold. */
  'noOfflineCache',
  /**
   * The workbins, asked for with no server (offline review, link down), were never read from the
   * server here, so the cache holds no copy of them.
   */
  'workbinsNotCached',
  /** "Open offline" with no password typed. */
  'offlinePasswordMissing',
  /** "Open offline" with a password other than the one the account last signed in with here. */
  'offlinePasswordRefused',
  /** "Open offline" for an account that has not signed in online here since passwords are checked. */
  'offlineNotVerified',
  /**
   * ChangePassword refused because the current (old) password was not entered correctly
   * (PasswordChangeError `errorCode` 2, 003).
   */
  'currentPasswordWrong',
  /**
   * ChangePassword refused by the server's rules (PasswordChangeError `errorCode` 1, 003, or none
   * given) (params: reason, the server's words, which may name the rule).
   */
  'newPasswordRefused',
  /**
   * ChangePassword refused with no reason: the server gave none, or did not take the new
   * password when the desk signed in with it to confirm the change.
   */
  'newPasswordNotAccepted',
  /** "Stay signed in" where the OS offers no safe place for the password. */
  'passwordNotStored',
  /** Send went unanswered, and the server, asked since, still holds the draft unsent. */
  'sendNotSent',
  /** Send went unanswered, and the server could not be asked since whether it sent the e-mail. */
  'sendOutcomeUnknown',
  /**
   * Send went unanswered, and the server, asked since, shows the draft closed without what Send
   * carried: it was stopped or cancelled elsewhere, and the e-mail did not leave.
   */
  'sendClosedElsewhere',
  /** A draft's operation (save, send, attach…) on an interaction that is not an e-mail this agent writes. */
  'notADraft',
  /** Files added to or removed from a draft whose interaction is over (closed on the server). */
  'draftOver',
  /**
   * A draft's Send or Cancel pressed while another action on its e-mail (Place in workbin) is on
   * its way: not sent, so that the two do not both go.
   */
  'actionUnderWay',
  /** "Move the cache aside" on a run that keeps its cache in memory: there is no file to move. */
  'cacheInMemory',
  /**
   * Something the agent changed (a setting, a standard response…) could not be kept: the disk
   * under the cache is full (SQLITE_FULL).
   */
  'cacheFull',
  /**
   * Something the agent changed could not be kept: the cache cannot write its file (an I/O
   * error, the file made read-only, a file-size limit).
   */
  'cacheNotWritable',
  /** "Move the cache aside" on a cache that is not damaged: only damage is a reason to. */
  'cacheNotDamaged',
  /** An interaction the cache does not hold (any more): purged, or of another account. */
  'interactionNotCached',
  /** A past interaction the cached contact history does not list (any more). */
  'historyEntryNotCached',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const SwitchboardErrorSchema = z.object({
  kind: ErrorKindSchema,
  /**
   * The technical detail (an operation and the server's or the network's words): for the log
   * and the alert's "Details", never the agent's sentence, which the renderer words by kind/code.
   */
  message: z.string(),
  code: ErrorCodeSchema.optional(),
  /**
   * What a code's sentence names (a file's name, a reason): see ErrorCode. A size goes as a
   * number of bytes under a name ending in `Bytes` (`limitBytes`), for the desk to word in its
   * language as the sentence's `{limit}`.
   */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type SwitchboardError = z.infer<typeof SwitchboardErrorSchema>;
export type ErrorParams = NonNullable<SwitchboardError['params']>;

/**
 * Whether a failure means no answer came (the connection failed or was cut, or the request timed
 * out): the server may not be reachable now, and may have carried out what was asked.
 */
export function unanswered(kind: ErrorKind): boolean {
  return kind === 'network' || kind === 'timeout';
}

/** The outcome of any operation that can fail for reasons the caller should handle. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: SwitchboardError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function err<T = never>(
  kind: ErrorKind,
  message: string,
  code?: ErrorCode,
  params?: ErrorParams,
): Result<T> {
  return {
    ok: false,
    error: {
      kind,
      message,
      ...(code === undefined ? {} : { code }),
      ...(params === undefined ? {} : { params }),
    },
  };
}

/**
 * An error a handler throws on purpose, carrying its kind across IPC. Anything else thrown is
 * reported as `internal` without its message, which may hold details the UI must not show.
 */
export class SwitchboardFailure extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly code?: ErrorCode,
    readonly params?: ErrorParams,
  ) {
    super(message);
    this.name = 'SwitchboardFailure';
  }

  /** An error answer thrown as it is: its kind, message, code and params. */
  static of(error: SwitchboardError): SwitchboardFailure {
    return new SwitchboardFailure(error.kind, error.message, error.code, error.params);
  }

  /** The failure as it crosses IPC. */
  toError(): SwitchboardError {
    return {
      kind: this.kind,
      message: this.message,
      ...(this.code === undefined ? {} : { code: this.code }),
      ...(this.params === undefined ? {} : { params: this.params }),
    };
  }
}

/** Ends an exhaustive switch: the compiler proves it unreachable, the runtime reports the value. */
export function missingCaseError(unexpected: never): Error {
  return new Error(`Unhandled case: ${JSON.stringify(unexpected)}`);
}

/** A thrown value's message, for logs and error sentences. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An answer's value; an error answer is thrown as a {@link SwitchboardFailure} of its kind. */
export async function valueOrThrow<T>(answer: Promise<Result<T>>): Promise<T> {
  const result = await answer;
  if (!result.ok) throw SwitchboardFailure.of(result.error);
  return result.value;
}
