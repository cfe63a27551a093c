import type { CookieJar } from 'tough-cookie';
import { Agent } from 'undici';
import { byteSize } from '../../common/byteSize';
import { err, ok, type ErrorKind, type Result, type SwitchboardError } from '../../common/errors';
import { Listeners } from '../../common/listeners';
import { ENGLISH } from '../i18n/translator';
import { ServerClock, type MachineClocks } from './serverClock';

/** What the GWS client writes to a log. Credentials never reach it. */
export interface GwsLog {
  debug(message: string): void;
  warn(message: string): void;
}

export const silentLog: GwsLog = { debug: () => undefined, warn: () => undefined };

export interface Credentials {
  readonly userName: string;
  readonly password: string;
}

export interface GwsHttpOptions {
  /** The server root, e.g. `https://gws.example.com:8090`; the API is under `/api/v2`. */
  readonly serverUrl: string;
  readonly credentials: Credentials;
  /** The cookie jar shared with the CometD connection. */
  readonly jar: CookieJar;
  /** Per request; a long poll is CometD's business, not this client's. */
  readonly timeoutMs?: number;
  readonly log?: GwsLog;
  /**
   * The most bytes one JSON answer's body may bring (default {@link DEFAULT_MAX_RESPONSE_BYTES}):
   * read whole into one string, a body without end (a proxy or server gone wrong) grew the main
   * process for as long as the request's timeout let it. Past it the answer is cut off.
   */
  readonly maxResponseBytes?: number;
  /**
   * The most bytes one downloaded file (an attachment) may bring (default
   * {@link DEFAULT_MAX_DOWNLOAD_BYTES}): it is held whole in memory until stored, and a body
   * without end grew the main process until it died. A larger announced length is refused
   * before reading; a body that passes it is cut off there.
   */
  readonly maxDownloadBytes?: number;
  /** This machine's clocks the server's lead is measured and checked against (tests set them). */
  readonly clocks?: MachineClocks;
  /**
   * How often, while someone listens ({@link GwsHttpClient.onServerClockMoved}), this machine's
   * clock is checked for a jump (default {@link CLOCK_CHECK_INTERVAL_MS}).
   */
  readonly clockCheckIntervalMs?: number;
}

/**
 * How often this machine's clock is checked for a jump: a wait shown is off by a jump for at
 * most this long, and a check costs two clock reads.
 */
export const CLOCK_CHECK_INTERVAL_MS = 2_000;

/**
 * The default bound of one answer, REST or CometD. GWS answers weigh KBs; the heaviest is a chat
 * notification of 000's dialect, which carries the whole transcript (340,513 bytes at
 * 1,500 lines of 70 characters, measured on the simulator), and a long poll may bring a burst of
 * them at once: 64 MiB lets about two hundred such through, and stays far below V8's string
 * limit (about 512 M characters) and what a desk can hold for a moment (the string, then its
 * parse).
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * The default bound of one downloaded file. GWS states no attachment limit (003 gives an
 * attachment's `size`, nothing more), so the bound is the mail servers': the largest message
 * the common ones accept is 150 MB (Exchange Online at its maximum; Gmail takes 50 MB), so no
 * file a customer managed to send is refused, while a server streaming without end is stopped
 * well before the main process runs short of memory (the bytes are held once, and once more as
 * they are joined).
 */
export const DEFAULT_MAX_DOWNLOAD_BYTES = 150 * 1024 * 1024;

/** An answer whose body stopped before its end (see `GwsHttpClient.readText`). */
const BROKEN_OFF = Symbol('broken off');
/** An answer whose body was still coming when the request's time was up. */
const TIMED_OUT = Symbol('timed out');

/** A byte count for logs and reasons, as the desk's English writes sizes. */
export function formatBytes(bytes: number): string {
  return byteSize(bytes, ENGLISH.locale, ENGLISH.t);
}

/** How {@link GwsHttpClient} says a success whose body is no JSON object (a page, JSON cut short). */
const NOT_JSON = 'the answer is not JSON';
/** How {@link GwsHttpClient} says a redirect: GWS's API redirects nowhere; a proxy in front of it does. */
const REDIRECTED = 'the answer is a redirect';

/**
 * Whether `error` is an answer that did not come from GWS's API: a success of HTTP whose body was
 * no JSON object (see {@link NOT_JSON}), or a redirect ({@link REDIRECTED}).
 */
export function notGwsAnswer(error: SwitchboardError): boolean {
  return (
    error.kind === 'internal' &&
    error.code === undefined &&
    (error.message.includes(`: ${NOT_JSON} (`) || error.message.includes(`: ${REDIRECTED} (`))
  );
}

/**
 * Where a redirect ({@link REDIRECTED}) sends the request, as an origin (`https://host:port`), when
 * it is another one than the request's: an `http:` address answered with its `https:` one, or a
 * server moved. The path is left out: it is the request's, or a login page's, never GWS's root.
 */
export function redirectedToOrigin(error: SwitchboardError): string | undefined {
  const origin = notGwsAnswer(error) ? error.params?.origin : undefined;
  return typeof origin === 'string' ? origin : undefined;
}

/** The origin of `location` read against `requestUrl`, when it is an http(s) one of its own. */
function originOf(location: string, requestUrl: string): string | undefined {
  try {
    const target = new URL(location, requestUrl);
    const from = new URL(requestUrl);
    return (target.protocol === 'https:' || target.protocol === 'http:') &&
      target.origin !== from.origin
      ? target.origin
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where a redirect leads, as the log and a failure's Details say it: its origin and path alone.
 * A single sign-on proxy's address may carry its session (`;jsessionid=…`, as Java servers write
 * it into one), a ticket or token in its query or fragment, or a user and password: none of them
 * is for the log the agent hands to support.
 */
function redirectShown(location: string, requestUrl: string): string {
  try {
    const target = new URL(location, requestUrl);
    const path = target.pathname.replace(/;.*$/u, '');
    return target.protocol === 'https:' || target.protocol === 'http:'
      ? `${target.origin}${path}`
      : `a ${target.protocol} address`;
  } catch {
    return 'an address that is none';
  }
}

/** A JSON answer body; GWS answers objects. */
export type GwsBody = Record<string, unknown>;

/**
 * The list an answer gives under `key` (003 answers its lists always, an empty one as `[]`).
 * Anything else there (`null`, an object, nothing) says nothing of what the server has: read as
 * an empty list, it replaced what the desk held (a resync ended every open interaction, the
 * workbins' read emptied the cache's copy), so it is `internal`, named for `what` read it.
 */
export function listIn(answer: GwsBody, key: string, what: string): Result<unknown[]> {
  const value = answer[key];
  if (Array.isArray(value)) return ok(value as unknown[]);
  const found = value === null ? 'null' : typeof value;
  return err('internal', `${what}: the answer's ${key} are not a list (${found})`);
}

/** Told the bytes of a download received so far, and its length when the server said it. */
export type BytesProgress = (received: number, total: number | undefined) => void;

export interface GwsBytes {
  readonly bytes: Buffer;
  readonly mimeType: string;
  readonly fileName: string | undefined;
  /** The length the server announced (`Content-Length`), which the bytes then had; none: unsaid. */
  readonly length?: number | undefined;
}

/** GWS `statusCode` → error kind (003, "Return Values"). */
const KIND_FOR_STATUS_CODE: Readonly<Record<number, ErrorKind>> = {
  1: 'missingParameter',
  2: 'invalidState',
  3: 'forbidden',
  4: 'internal',
  5: 'permissionDenied',
  6: 'notFound',
};

/** HTTP status → error kind, for answers that carry no `statusCode` (`{status:"error"}`). */
function kindForHttpStatus(status: number): ErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 400 || status === 409 || status === 413 || status === 415) return 'invalidState';
  return 'internal';
}

/**
 * Maps one GWS answer to a `Result`. GWS answers in three styles, all documented: `statusCode`
 * 0–6 with `statusMessage` (003 "Return Values"), `{"status":"ok"}` /
 * `{"status":"error","errorDescription"}` (the operation pages), and a numeric `status`: 0 on
 * success, "an integer value above 0" with a `description` on failure (003 "Workbins",
 * GetWorkbinTypesInfo; InitiateConsultation, CompleteTransfer and the workbin operations answer
 * `{"status":0}` too). A numeric `status` is read as the `statusCode` it stands for, so that
 * such a refusal, answered with HTTP 200, is not taken for success. `statusCode` wins where
 * present; otherwise the HTTP status decides.
 */
export function interpretAnswer(httpStatus: number, body: GwsBody | undefined): Result<GwsBody> {
  const answer = body ?? {};
  if (httpStatus === 401)
    return err('unauthorized', messageOf(answer) ?? 'Authentication required');
  const statusCode = typeof answer.statusCode === 'number' ? answer.statusCode : answer.status;
  if (typeof statusCode === 'number') {
    if (statusCode === 0 && httpStatus < 400) return ok(answer);
    const kind = KIND_FOR_STATUS_CODE[statusCode] ?? kindForHttpStatus(httpStatus);
    return err(kind, messageOf(answer) ?? `GWS statusCode ${statusCode}`);
  }
  if (answer.status === 'error' || httpStatus >= 400) {
    return err(kindForHttpStatus(httpStatus), messageOf(answer) ?? `HTTP ${httpStatus}`);
  }
  return ok(answer);
}

function messageOf(body: GwsBody): string | undefined {
  // `description`: GetWorkbinTypesInfo's failure (003 "Workbins").
  for (const key of ['statusMessage', 'errorDescription', 'description', 'message']) {
    const value = body[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/**
 * REST client for GWS: HTTP Basic on every request, the `JSESSIONID` (and any other cookie) in
 * a tough-cookie jar shared with CometD, the CSRF header name and token captured from answers
 * and sent on POST/PUT/DELETE, JSON bodies, a timeout per request. Every outcome is a `Result`;
 * nothing throws. Logs carry method, path and status only — never the Authorization header.
 */
export class GwsHttpClient {
  readonly apiUrl: string;
  /** The server's lead over this machine's clock (see {@link serverClockAheadMs}). */
  private readonly serverClock: ServerClock;
  /** Who hears that {@link serverClockAheadMs} moved (see {@link onServerClockMoved}). */
  private readonly serverClockMoved: Listeners<[]>;
  /** The jump checks of this machine's clock, while someone listens for the lead. */
  private clockChecks: ReturnType<typeof setInterval> | undefined;
  private readonly clockCheckIntervalMs: number;
  private csrf: { header: string; token: string } | null = null;
  private authorization: string;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly maxDownloadBytes: number;
  private readonly log: GwsLog;
  /**
   * The client's own connection pool (fetch's global one cannot be emptied): see
   * {@link renewConnections}.
   */
  private dispatcher = new Agent();

  constructor(private readonly options: GwsHttpOptions) {
    this.apiUrl = `${options.serverUrl.replace(/\/+$/, '')}/api/v2`;
    this.authorization = basicAuthorization(options.credentials);
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.maxDownloadBytes = options.maxDownloadBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES;
    this.log = options.log ?? silentLog;
    this.serverClock = new ServerClock(options.clocks);
    this.clockCheckIntervalMs = options.clockCheckIntervalMs ?? CLOCK_CHECK_INTERVAL_MS;
    this.serverClockMoved = new Listeners<[]>((error) => {
      this.log.warn(`server clock listener failed: ${String(error)}`);
    });
  }

  /**
   * How far the server's clock is ahead of this machine's (negative: behind), from the `Date`
   * header of its last answer, moved since by a jump of this machine's clock back; 0 before an
   * answer came, and below CLOCK_SKEW_NOTICED_MS. GWS stamps chat lines with its own clock; the
   * desk measures waits with its own.
   */
  get serverClockAheadMs(): number {
    return this.serverClock.aheadMs;
  }

  /** An answer carried a `Date` header: {@link serverClockAheadMs} is measured, not assumed. */
  get serverClockKnown(): boolean {
    return this.serverClock.known;
  }

  /**
   * Tells `listener` each time {@link serverClockAheadMs} moves, at once: measured anew on an
   * answer, or this machine's clock found gone back (checked every
   * {@link clockCheckIntervalMs} while anyone listens), with no request needed. A clock found
   * gone forward may be a suspend just as well: then `GET /me` measures the lead again (a
   * guess of a jump of hours would be told, a wrong lead, until then). Returns the function
   * that stops listening.
   */
  onServerClockMoved(listener: () => void): () => void {
    const remove = this.serverClockMoved.add(listener);
    if (this.clockChecks === undefined) {
      this.clockChecks = setInterval(() => {
        this.checkClock();
      }, this.clockCheckIntervalMs);
      // The checks keep nothing alive: they matter only while the desk runs anyway.
      this.clockChecks.unref();
    }
    return () => {
      remove();
      if (this.serverClockMoved.size > 0) return;
      clearInterval(this.clockChecks);
      this.clockChecks = undefined;
    };
  }

  private checkClock(): void {
    const found = this.serverClock.check();
    if (found === 'jumped') {
      this.log.debug(
        `this machine's clock jumped; the server is ${this.serverClockAheadMs} ms ahead`,
      );
      this.serverClockMoved.emit();
    } else if (found === 'unsure') {
      this.log.debug("this machine's clock went on further than it ran; measuring the server's");
      // The answer's Date header measures the lead (send); what the request found is no matter.
      void this.get('/me');
    }
  }

  /** Uses new credentials from now on (after ChangePassword). */
  setCredentials(credentials: Credentials): void {
    this.authorization = basicAuthorization(credentials);
  }

  get jar(): CookieJar {
    return this.options.jar;
  }

  /**
   * Requests from now on go on new connections. Those pooled may be dead without a word: a
   * network changed during sleep, or a NAT that dropped them idle, and a request sent on one
   * would wait out its whole timeout. The old pool closes its idle connections now, the others
   * once their requests are over.
   */
  renewConnections(): void {
    const old = this.dispatcher;
    this.dispatcher = new Agent();
    old.close().catch((error: unknown) => {
      this.log.debug(`closing the old connections: ${String(error)}`);
    });
  }

  /** Closes this client's connections (a client made for one question). */
  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  /** Forgets the CSRF token (after the session it belonged to is gone). */
  resetCsrf(): void {
    this.csrf = null;
  }

  /**
   * The CSRF header a state-changing request (any method but GET) carries, once the server
   * named one: REST's POST/PUT/DELETE and CometD's long polls alike (they are POSTs, and the
   * wire facts of real GWS say every POST needs it: a filter in front of `/notifications` would
   * otherwise refuse them). Basic is REST's alone: a CometD handshake stays tied to the HTTP
   * session, so that a server that lost it denies the handshake and the client signs in again
   * in full (StartContactCenterSession), instead of Basic quietly opening a new HTTP session
   * whose agent the server has logged out.
   */
  csrfHeaders(method: string): Record<string, string> {
    return method !== 'GET' && this.csrf !== null ? { [this.csrf.header]: this.csrf.token } : {};
  }

  get(path: string): Promise<Result<GwsBody>> {
    return this.json('GET', path);
  }

  post(path: string, body: GwsBody): Promise<Result<GwsBody>> {
    return this.json('POST', path, body);
  }

  put(path: string, body: GwsBody): Promise<Result<GwsBody>> {
    return this.json('PUT', path, body);
  }

  delete(path: string): Promise<Result<GwsBody>> {
    return this.json('DELETE', path);
  }

  /** Uploads a multipart form (attachments: the file in field `attachment`). */
  postForm(path: string, form: FormData): Promise<Result<GwsBody>> {
    return this.send('POST', path, form, undefined).then((outcome) =>
      outcome.ok ? this.readJson('POST', path, outcome.value) : outcome,
    );
  }

  /**
   * Downloads a file's bytes (an attachment), with their MIME type and file name, read as they
   * arrive: `progress` is told the bytes received so far after each
   * chunk, with the length the server announced (`Content-Length`). A connection cut in the
   * middle of the body is a `network` error, not a throw; so is a file larger than
   * {@link maxDownloadBytes}: refused unread when its announced length says so, else cut off as
   * its bytes pass the bound (leaving the loop cancels the body, which closes the connection),
   * both with the code `downloadTooLarge`, which a try again cannot change.
   * The caller logs the failure; this client logs only at debug.
   */
  async getBytes(
    path: string,
    progress?: BytesProgress,
    stop?: AbortSignal,
  ): Promise<Result<GwsBytes>> {
    const stopped = () => stop?.aborted === true;
    const stoppedAnswer = () => err<GwsBytes>('network', `GET ${path}: stopped (closing)`);
    if (stopped()) return stoppedAnswer();
    // The timeout is for silence, not for the whole file: a 20 MB attachment over a slow link
    // takes longer than any sensible request timeout, and was cut at every try.
    const silence = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const heard = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        silence.abort(new DOMException('no bytes for a while', 'TimeoutError'));
      }, this.timeoutMs);
    };
    heard();
    try {
      const signal = stop === undefined ? silence.signal : AbortSignal.any([silence.signal, stop]);
      const answer = await this.readBytes(path, signal, heard, progress);
      return stopped() && !answer.ok ? stoppedAnswer() : answer;
    } finally {
      clearTimeout(timer);
    }
  }

  private async readBytes(
    path: string,
    signal: AbortSignal,
    heard: () => void,
    progress: BytesProgress | undefined,
  ): Promise<Result<GwsBytes>> {
    const outcome = await this.send('GET', path, undefined, undefined, signal);
    if (!outcome.ok) return outcome;
    const response = outcome.value;
    if (!response.ok) {
      const answer = await this.readJson('GET', path, response);
      return answer.ok
        ? err(kindForHttpStatus(response.status), `HTTP ${response.status}`)
        : answer;
    }
    const length = Number(response.headers.get('content-length') ?? Number.NaN);
    const total = Number.isSafeInteger(length) && length >= 0 ? length : undefined;
    const bound = formatBytes(this.maxDownloadBytes);
    if (total !== undefined && total > this.maxDownloadBytes) {
      await response.body?.cancel().catch(() => undefined);
      this.log.debug(`GET ${path}: refused a file of ${formatBytes(total)} unread`);
      return err(
        'network',
        `GET ${path}: the file is ${formatBytes(total)}, larger than ${bound}; not downloaded`,
        'downloadTooLarge',
        { sizeBytes: total, limitBytes: this.maxDownloadBytes },
      );
    }
    const chunks: Uint8Array[] = [];
    let received = 0;
    try {
      if (response.body !== null)
        for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
          heard();
          received += chunk.length;
          if (received > this.maxDownloadBytes) {
            this.log.debug(`GET ${path}: cut off a file at ${formatBytes(received)}`);
            return err(
              'network',
              `GET ${path}: the file is larger than ${bound}; cut off at ${formatBytes(received)}`,
              'downloadTooLarge',
              { limitBytes: this.maxDownloadBytes },
            );
          }
          chunks.push(chunk);
          progress?.(received, total);
        }
    } catch (thrown) {
      const timedOut = thrown instanceof Error && thrown.name === 'TimeoutError';
      this.log.debug(`GET ${path}: body cut after ${received} bytes`);
      return timedOut
        ? err('timeout', `GET ${path}: no bytes for ${this.timeoutMs} ms after ${received}`)
        : err('network', `GET ${path}: ${causeOf(thrown)} after ${received} bytes`);
    }
    const bytes = Buffer.concat(chunks);
    return ok({
      bytes,
      mimeType: response.headers.get('content-type') ?? 'application/octet-stream',
      fileName: fileNameOf(response.headers.get('content-disposition')),
      length: total,
    });
  }

  private async json(method: string, path: string, body?: GwsBody): Promise<Result<GwsBody>> {
    const outcome = await this.send(
      method,
      path,
      body === undefined ? undefined : JSON.stringify(body),
      body === undefined ? undefined : 'application/json',
    );
    return outcome.ok ? this.readJson(method, path, outcome.value) : outcome;
  }

  private async readJson(
    method: string,
    path: string,
    response: Response,
  ): Promise<Result<GwsBody>> {
    const text = await this.readText(response);
    if (text === TIMED_OUT) {
      // A body trickling on (a byte now and then): the timeout bounds the whole answer.
      const reason = `${method} ${path}: no whole answer within ${this.timeoutMs} ms`;
      this.log.warn(reason);
      return err('timeout', reason);
    }
    if (text === BROKEN_OFF) {
      this.log.warn(`${method} ${path}: the answer broke off before its end`);
      return err('network', `${method} ${path}: the answer broke off before its end`);
    }
    if (typeof text !== 'string') {
      this.log.warn(
        `${method} ${path}: cut off an answer at ${formatBytes(text.cutAt)}, over the bound of ` +
          formatBytes(this.maxResponseBytes),
      );
      return err(
        'network',
        `${method} ${path}: answer larger than ${formatBytes(this.maxResponseBytes)}`,
      );
    }
    let parsed: unknown;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    const body =
      typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as GwsBody)
        : undefined;
    // A success whose body is there but no JSON object: a proxy's or a portal's HTML page, or
    // JSON cut short with the body closed cleanly. Read as an empty answer, it was an empty
    // list, and a resync took every open interaction for over. (A refusal stays what its HTTP
    // status says: 401 still signs in again.)
    // A redirect (a single sign-on proxy sending the request to its login page; an `http:`
    // address answered with its `https:` one): nothing the request asked was done. Read by its
    // status alone, its empty body was a success: an Accept or a chat line taken, an empty
    // list of interactions taking every open one for over.
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location');
      const to = location === null ? 'nowhere said' : redirectShown(location, response.url);
      const reason = `${method} ${path}: ${REDIRECTED} (HTTP ${response.status} to ${to})`;
      this.log.warn(reason);
      const origin = location === null ? undefined : originOf(location, response.url);
      return err('internal', reason, undefined, origin === undefined ? undefined : { origin });
    }
    if (body === undefined && text.trim() !== '' && response.status < 400) {
      const type = response.headers.get('content-type') ?? 'no content type';
      const reason = `${method} ${path}: ${NOT_JSON} (${type}, ${formatBytes(Buffer.byteLength(text))})`;
      this.log.warn(reason);
      return err('internal', reason);
    }
    return interpretAnswer(response.status, body);
  }

  /**
   * The answer's body as text, or where it was cut off once it grew past
   * {@link maxResponseBytes} (leaving the loop cancels the body, which closes the connection),
   * or {@link BROKEN_OFF}: read as an empty body, a list that broke off on the way (the
   * connection reset, the request's time up) was an empty list, and a resync took every open
   * interaction for over.
   */
  private async readText(
    response: Response,
  ): Promise<string | { readonly cutAt: number } | typeof BROKEN_OFF | typeof TIMED_OUT> {
    if (response.body === null) return '';
    const chunks: Uint8Array[] = [];
    let received = 0;
    try {
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        received += chunk.length;
        if (received > this.maxResponseBytes) return { cutAt: received };
        chunks.push(chunk);
      }
    } catch (thrown) {
      return thrown instanceof Error && thrown.name === 'TimeoutError' ? TIMED_OUT : BROKEN_OFF;
    }
    return new TextDecoder().decode(Buffer.concat(chunks));
  }

  private async send(
    method: string,
    path: string,
    body: string | FormData | undefined,
    contentType: string | undefined,
    signal: AbortSignal = AbortSignal.timeout(this.timeoutMs),
  ): Promise<Result<Response>> {
    const url = `${this.apiUrl}${path}`;
    const started = Date.now();
    let sentAt = this.serverClock.sent();
    let response: Response;
    try {
      try {
        response = await this.fetchOnce(method, url, body, contentType, signal);
      } catch (first) {
        // A kept-alive connection the server (or a load balancer's idle timeout) closed just as
        // the request went out on it: no answer, "other side closed". A sign-in's read of the
        // interactions failed so after main's thread was busy past the server's keep-alive.
        // Browsers ask an idempotent request again once on a new connection; so does this
        // client, for a GET only: a POST (a Send) may have been carried out, and a DELETE done
        // would be answered "not found" the second time. The pool dropped the closed connection,
        // so the repeat goes on a new one. It shares the request's signal: the agent waits no
        // longer than the timeout, and a download stopped is not asked again.
        if (!REPEATED_WHEN_CLOSED_UNANSWERED.has(method) || !closedUnanswered(first)) throw first;
        this.log.debug(
          `${method} ${path}: ${causeOf(first)} after ${Date.now() - started} ms; asked again`,
        );
        // The server's clock is measured against the repeat's round trip, not both.
        sentAt = this.serverClock.sent();
        response = await this.fetchOnce(method, url, body, contentType, signal);
      }
    } catch (thrown) {
      const timedOut =
        thrown instanceof Error && (thrown.name === 'TimeoutError' || thrown.name === 'AbortError');
      this.log.debug(
        `${method} ${path} failed after ${Date.now() - started} ms: ${timedOut ? 'timeout' : 'network'}`,
      );
      return timedOut
        ? err('timeout', `${method} ${path}: no answer within ${this.timeoutMs} ms`)
        : err('network', `${method} ${path}: ${causeOf(thrown)}`);
    }
    for (const header of response.headers.getSetCookie()) {
      await this.options.jar.setCookie(header, url, { ignoreError: true });
    }
    const dated = Date.parse(response.headers.get('date') ?? '');
    if (Number.isFinite(dated) && this.serverClock.measure(dated, sentAt))
      this.serverClockMoved.emit();
    const csrfHeader = response.headers.get('x-csrf-header');
    const csrfToken = response.headers.get('x-csrf-token');
    // A name that is no HTTP header name would make every later request throw (CometD's
    // inside a callback, out of reach of any handler): such a pair is not kept.
    if (csrfHeader !== null && csrfToken !== null && HEADER_NAME.test(csrfHeader))
      this.csrf = { header: csrfHeader, token: csrfToken };
    this.log.debug(`${method} ${path} → ${response.status} in ${Date.now() - started} ms`);
    return ok(response);
  }

  /**
   * One try of a request: its headers as they are now (the cookies the jar holds when it goes,
   * a repeat's too), sent; throws as fetch does.
   */
  private async fetchOnce(
    method: string,
    url: string,
    body: string | FormData | undefined,
    contentType: string | undefined,
    signal: AbortSignal,
  ): Promise<Response> {
    const headers: Record<string, string> = {
      authorization: this.authorization,
      ...this.csrfHeaders(method),
      accept: 'application/json',
    };
    if (contentType !== undefined) headers['content-type'] = contentType;
    const cookies = await this.options.jar.getCookieString(url);
    if (cookies !== '') headers.cookie = cookies;
    return fetch(url, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal,
      redirect: 'manual',
      // Node's fetch drives any undici dispatcher; only the type declarations of its bundled
      // undici and of the package differ (their FormData iterators).
      dispatcher: this.dispatcher as unknown as RequestInit['dispatcher'],
    });
  }
}

/**
 * The methods asked again once when their connection closed before any answer (see
 * `GwsHttpClient.send`). GET alone: the desk's reads. No POST (an operation, a Send, may have
 * been carried out) and no DELETE (one carried out is "not found" the second time).
 */
const REPEATED_WHEN_CLOSED_UNANSWERED: ReadonlySet<string> = new Set(['GET']);

/**
 * Whether a request failed because its connection closed before any answer (undici's "other
 * side closed", a reset, a broken pipe): not a refused connection, a name not found, a timeout,
 * a request stopped.
 */
function closedUnanswered(thrown: unknown): boolean {
  if (!(thrown instanceof Error) || thrown.name === 'TimeoutError' || thrown.name === 'AbortError')
    return false;
  const cause = (thrown as Error & { cause?: unknown }).cause;
  const code = (cause as { code?: unknown } | undefined)?.code;
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE';
}

/** An HTTP header name (RFC 9110 `token`). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/u;

function basicAuthorization({ userName, password }: Credentials): string {
  return `Basic ${Buffer.from(`${userName}:${password}`, 'utf8').toString('base64')}`;
}

function causeOf(thrown: unknown): string {
  if (thrown instanceof Error) {
    const cause = (thrown as Error & { cause?: unknown }).cause;
    if (cause instanceof Error) return cause.message;
    return thrown.message;
  }
  return String(thrown);
}

/** The file name of a `Content-Disposition` header (RFC 6266 `filename*` first). */
export function fileNameOf(disposition: string | null): string | undefined {
  if (disposition === null) return undefined;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (extended !== undefined) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      // fall through to the plain form
    }
  }
  return (
    /filename\s*=\s*"([^"]*)"/i.exec(disposition)?.[1] ??
    /filename\s*=\s*([^;]+)/i.exec(disposition)?.[1]?.trim()
  );
}

/**
 * Requests that carry a session's authentication, re-established once when it has lapsed
 * (GwsSession's `requester`; the operations are written over it).
 */
export interface GwsRequester {
  get(path: string): Promise<Result<GwsBody>>;
  post(path: string, body: GwsBody): Promise<Result<GwsBody>>;
  delete(path: string): Promise<Result<GwsBody>>;
  postForm(path: string, form: FormData): Promise<Result<GwsBody>>;
  getBytes(
    path: string,
    progress?: BytesProgress,
    stop?: AbortSignal,
  ): ReturnType<GwsHttpClient['getBytes']>;
}
