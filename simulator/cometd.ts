import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type * as CometdServerModule from 'cometd-nodejs-server';
import type * as AckExtensionModule from 'cometd-nodejs-server/ack-extension.js';
import type { CometDServer, ServerSession } from 'cometd-nodejs-server';

// cometd-nodejs-server is CommonJS whose exports Node's ESM loader cannot name, so load it with
// require and keep its own type declarations.
// Not named `require`: bundled into the app's main process, a module-level `require` would clash
// with the one electron-vite declares there.
const loadCommonJs = createRequire(import.meta.url);
const { createCometDServer } = loadCommonJs('cometd-nodejs-server') as typeof CometdServerModule;
const { AcknowledgedMessagesExtension } = loadCommonJs(
  'cometd-nodejs-server/ack-extension.js',
) as typeof AckExtensionModule;
import { SESSION_COOKIE, type SessionStore } from './auth';
import { HttpFailure, readBytes } from './http';

/** Largest Bayeux request the simulator reads; GWS clients send small batches. */
const MAX_BAYEUX_BODY_BYTES = 1024 * 1024;
/** cometd-nodejs-server's default name for its browser cookie. */
const BROWSER_COOKIE = 'BAYEUX_BROWSER';

export interface CometdHubOptions {
  /** How long the server holds a `/meta/connect` (ms). GWS uses 20–30 s. */
  readonly connectTimeoutMs: number;
  /** How long a session may go without a `/meta/connect` before it is dropped (ms). */
  readonly maxIntervalMs: number;
}

/**
 * The CometD side of the simulator, on the official cometd-nodejs-server. Handshakes are
 * allowed only for requests carrying a live `JSESSIONID` or valid Basic credentials; each
 * session belongs to the user who opened it; clients may subscribe but not publish.
 *
 * "Dropping every session" replaces the server object, which forgets all client ids: the
 * clients' next `/meta/connect` is answered `402::session_unknown` with advice to handshake,
 * exactly what a GWS node answers after a restart or a too-long gap.
 */
export class CometdHub {
  private server: CometDServer;
  private readonly owners = new Map<string, string>();
  /** Faults to run once each, right after the answer of the next denied handshake has left. */
  private readonly afterDenial: (() => void)[] = [];
  /** The next `/meta/connect`s answered with an oversized body: see {@link oversizeNextConnects}. */
  private readonly oversizedConnects: OversizedAnswer[] = [];
  /**
   * How the next requests that subscribe fail, one each: see {@link oversizeNextSubscribes} and
   * {@link failNextSubscribes}.
   */
  private readonly subscribeFaults: SubscribeFaultPlan[] = [];
  /** How the next `/meta/connect`s are answered oddly: see {@link answerNextConnectsOddly}. */
  private readonly oddConnects: OddConnectAnswer[] = [];
  /** Every `/meta/connect` is answered so until then (`performance.now()`): see {@link answerConnectsOddlyFor}. */
  private oddConnectsFor: { readonly answer: OddConnectAnswer; readonly until: number } | undefined;
  /** Advice for the next `/meta/handshake` replies: see {@link adviseNextHandshakes}. */
  private readonly handshakeAdvice: Readonly<Record<string, unknown>>[] = [];
  /** The requests whose subscriptions CometD is to deny (a `denied` fault). */
  private readonly deniedSubscribes = new WeakSet<IncomingMessage>();

  constructor(
    private readonly sessions: SessionStore,
    private readonly options: CometdHubOptions,
  ) {
    this.server = this.createServer();
  }

  private createServer(): CometDServer {
    const server = createCometDServer({
      timeout: this.options.connectTimeoutMs,
      maxInterval: this.options.maxIntervalMs,
      sweepPeriod: 500,
      // Several agents of one process may share a BAYEUX_BROWSER cookie (a cookie jar per
      // process, as cometd-nodejs-client's own store is), or send none (the tests' own agents,
      // tests/support/gwsAgent.ts); sessions are told apart by clientId (see handle()).
      maxSessionsPerBrowser: -1,
    });
    server.addExtension(new AcknowledgedMessagesExtension());
    server.policy = {
      canHandshake: (session, _message, callback) => {
        const context = server.context as { request?: IncomingMessage; response?: ServerResponse };
        const { request, response } = context;
        const authentication = request ? this.sessions.authenticate(request) : undefined;
        if (!authentication?.ok) {
          const faults = this.afterDenial.splice(0);
          if (faults.length > 0) {
            const runFaults = () => {
              for (const fault of faults) fault();
            };
            if (response) response.once('finish', runFaults);
            else setImmediate(runFaults);
          }
          callback(undefined, false);
          return;
        }
        if (authentication.created && response) {
          response.setHeader(
            'set-cookie',
            `${SESSION_COOKIE}=${authentication.session.id}; Path=/; HttpOnly`,
          );
        }
        this.owners.set(session.id, authentication.session.userName);
        session.addListener('removed', () => {
          this.owners.delete(session.id);
        });
        callback(undefined, true);
      },
      canSubscribe: (session, _message, channel, callback) => {
        const { request } = server.context as { request?: IncomingMessage };
        const denied = request !== undefined && this.deniedSubscribes.has(request);
        callback(
          undefined,
          !denied && this.owners.has(session.id) && channel.name.startsWith('/v2/'),
        );
      },
      canPublish: (_session, _message, _channel, callback) => {
        callback(undefined, false);
      },
    };
    return server;
  }

  /**
   * Serves one Bayeux request. The body is read here (cometd-nodejs-server reads without a
   * limit) and the request is pointed at the session its `clientId` names: cometd-nodejs-server
   * finds sessions through the `BAYEUX_BROWSER` cookie, so two clients sharing a cookie jar (as
   * cometd-nodejs-client's own cookie store makes every client of one process do) that handshake
   * at the same time would lose each other's sessions and get 402, and a client keeping no cookie
   * would find none. The Java CometD server behind GWS finds sessions by `clientId` alone.
   */
  handle(request: IncomingMessage, response: ServerResponse): void {
    if (request.method !== 'POST') {
      this.server.handle(request, response);
      return;
    }
    readBytes(request, MAX_BAYEUX_BODY_BYTES).then(
      (bytes) => {
        let messages: unknown;
        try {
          messages = JSON.parse(bytes.toString('utf8'));
        } catch {
          messages = undefined;
        }
        if (typeof messages === 'object' && messages !== null && !Array.isArray(messages))
          messages = [messages];
        if (!Array.isArray(messages) || !messages.every(isMessage)) {
          response.writeHead(400).end();
          return;
        }
        const channel = messages[0]?.channel;
        const oversized = channel === '/meta/connect' ? this.oversizedConnects.shift() : undefined;
        if (oversized) {
          streamOversized(response, oversized);
          return;
        }
        const odd = channel === '/meta/connect' ? this.nextOddConnect() : undefined;
        if (odd !== undefined && 'sessionUnknown' in odd) this.forget(messages[0]?.clientId);
        if (odd !== undefined && 'status' in odd) {
          response.writeHead(odd.status).end();
          return;
        }
        if (odd !== undefined && 'body' in odd) {
          response
            .writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8' })
            .end(odd.body);
          return;
        }
        if (odd !== undefined && 'advice' in odd)
          adviseOnReply(response, '/meta/connect', odd.advice);
        const handshakeAdvice =
          channel === '/meta/handshake' ? this.handshakeAdvice.shift() : undefined;
        if (handshakeAdvice !== undefined)
          adviseOnReply(response, '/meta/handshake', handshakeAdvice);
        const subscribeFault =
          channel === '/meta/subscribe' ? this.subscribeFaults.shift() : undefined;
        if (subscribeFault !== undefined && subscribeFault !== 'denied') {
          if (subscribeFault === 'unavailable') response.writeHead(503).end();
          else if (subscribeFault === 'unconfirmed') answerWithoutIds(response, messages);
          else if (subscribeFault === 'reset') request.socket.destroy();
          else if (subscribeFault !== 'silent') streamOversized(response, subscribeFault);
          // 'silent': never answered; the connection goes when the client gives up or on close.
          return;
        }
        if (subscribeFault === 'denied') this.deniedSubscribes.add(request);
        this.pointAtSession(request, messages[0]);
        (request as IncomingMessage & { body?: unknown }).body = messages;
        this.server.handle(request, response);
      },
      (error: unknown) => {
        if (!response.headersSent)
          response.writeHead(error instanceof HttpFailure ? error.httpStatus : 400).end();
      },
    );
  }

  /** Rewrites the request's `BAYEUX_BROWSER` cookie to the one of the session it names. */
  private pointAtSession(request: IncomingMessage, first: Record<string, unknown> | undefined) {
    const clientId = first?.clientId;
    if (typeof clientId !== 'string') return;
    const session = this.server.getServerSession(clientId) as
      (ServerSession & { _browserId?: string }) | undefined;
    const browserId = session?._browserId;
    if (browserId === undefined) return;
    const others = (request.headers.cookie ?? '')
      .split(';')
      .map((part) => part.trim())
      .filter((part) => part !== '' && !part.startsWith(`${BROWSER_COOKIE}=`));
    request.headers.cookie = [...others, `${BROWSER_COOKIE}=${browserId}`].join('; ');
  }

  /**
   * Runs `fault` once, as soon as the answer to the next denied handshake (`403::handshake_denied`)
   * has been handed to the network: the moment a client learns it must sign in again.
   */
  onNextDenial(fault: () => void): void {
    this.afterDenial.push(fault);
  }

  /**
   * The next `count` `/meta/connect`s (of any client) are answered `200` with a body of `bytes`
   * bytes that never closes its JSON, streamed as the client takes it: a proxy or a server gone
   * wrong. The sessions are left as they were (those polls never reach CometD). Returns the
   * bytes written so far for each such answer, in order; an answer stops early once its
   * connection goes.
   */
  oversizeNextConnects(count: number, bytes: number): readonly number[] {
    const written: number[] = [];
    for (let n = 0; n < count; n += 1) this.oversizedConnects.push({ bytes, written });
    return written;
  }

  /**
   * The next `count` requests that subscribe (a client's subscriptions after its handshake, of
   * any client) are answered as {@link oversizeNextConnects} answers polls; the subscriptions
   * never reach CometD.
   */
  oversizeNextSubscribes(count: number, bytes: number): readonly number[] {
    const written: number[] = [];
    for (let n = 0; n < count; n += 1) this.subscribeFaults.push({ bytes, written });
    return written;
  }

  /**
   * The next `/meta/connect`s (of any client) are answered oddly, one each, in order: `advice`
   * is merged into CometD's own reply's advice (the poll is served as usual); `body` answers
   * `200` with that body at once, and `status` that HTTP status with no body, neither reaching
   * CometD (the session is left as it was).
   */
  answerNextConnectsOddly(answers: readonly OddConnectAnswer[]): void {
    this.oddConnects.push(...answers);
  }

  /**
   * Every `/meta/connect` (of any client) is answered `answer` for the next `durationMs`, after
   * those queued by {@link answerNextConnectsOddly}: a server that keeps ending sessions, or
   * (`sessionUnknown`) GWS behind a load balancer without session affinity.
   */
  answerConnectsOddlyFor(answer: OddConnectAnswer, durationMs: number): void {
    this.oddConnectsFor = { answer, until: performance.now() + durationMs };
  }

  private nextOddConnect(): OddConnectAnswer | undefined {
    const queued = this.oddConnects.shift();
    if (queued !== undefined) return queued;
    const lasting = this.oddConnectsFor;
    if (lasting === undefined) return undefined;
    if (performance.now() < lasting.until) return lasting.answer;
    this.oddConnectsFor = undefined;
    return undefined;
  }

  /**
   * Forgets the session `clientId` names, as a GWS node that never saw it: CometD answers its
   * request `402::session_unknown`, advising a handshake.
   */
  private forget(clientId: unknown): void {
    if (typeof clientId !== 'string') return;
    const session = this.server.getServerSession(clientId) as ServerSession | undefined;
    this.owners.delete(clientId);
    if (session !== undefined)
      (this.server as unknown as ServerInternals)._removeServerSession(session, false);
  }

  /**
   * The next `/meta/handshake` replies (of any client) carry `advice`, one each, in order, merged
   * into CometD's own (the handshake is served as usual).
   */
  adviseNextHandshakes(advice: readonly Readonly<Record<string, unknown>>[]): void {
    this.handshakeAdvice.push(...advice);
  }

  /**
   * The next requests that subscribe (of any client) fail, one each, in order: `unavailable`
   * answers `503`, `reset` cuts the connection, `silent` never answers (the subscriptions never
   * reach CometD), and `denied` has CometD refuse each subscription the request asks for
   * (`successful: false`, `403::subscribe_denied`), the session being fine. `unconfirmed`
   * answers `200` at once with a successful reply to each subscription that says no `id` (a
   * proxy or server gone wrong): the client, which matches replies to its requests by id, never
   * hears its subscriptions confirmed, though its polls keep working. Those subscriptions never
   * reach CometD either.
   */
  failNextSubscribes(faults: readonly SubscribeFault[]): void {
    this.subscribeFaults.push(...faults);
  }

  /** Sends `data` on `channel` to every session of `userName` subscribed to it. */
  deliver(userName: string, channel: string, data: unknown): number {
    let delivered = 0;
    for (const session of this.sessionsOf(userName)) {
      if (!isSubscribed(session, channel)) continue;
      session.deliver(null, channel, data);
      delivered += 1;
    }
    return delivered;
  }

  sessionsOf(userName: string): ServerSession[] {
    const found: ServerSession[] = [];
    for (const [id, owner] of this.owners) {
      if (owner !== userName) continue;
      const session = this.server.getServerSession(id) as ServerSession | undefined;
      if (session) found.push(session);
    }
    return found;
  }

  /** Forgets every client: each gets `402::session_unknown` and must handshake again. */
  dropAll(): number {
    const count = this.owners.size;
    const old = this.server;
    const ids = [...this.owners.keys()];
    this.owners.clear();
    this.server = this.createServer();
    releaseHeldConnects(old, ids);
    old.close();
    return count;
  }

  /** Answers the held long polls and stops the sweeper, so no timer outlives the simulator. */
  close(): void {
    const ids = [...this.owners.keys()];
    this.owners.clear();
    releaseHeldConnects(this.server, ids);
    this.server.close();
  }
}

/**
 * The parts of cometd-nodejs-server's session that its type declarations leave out. `close()`
 * only stops the sweeper: a `/meta/connect` held at that moment would stay held (and its timer
 * alive) for the whole connect timeout, so the client would learn of the drop only then.
 */
interface SessionInternals {
  _flush(): void;
}
interface ServerInternals {
  _removeServerSession(session: ServerSession, timeout: boolean): unknown;
}

/**
 * Removes the sessions from a server being thrown away and answers their held `/meta/connect`
 * now (as `/meta/disconnect` does on the server, but without telling the client it is
 * disconnected): the client polls again at once, reaches the new server and gets the 402.
 */
function releaseHeldConnects(server: CometDServer, ids: readonly string[]): void {
  const internals = server as unknown as ServerInternals;
  for (const id of ids) {
    const session = server.getServerSession(id) as ServerSession | undefined;
    if (!session) continue;
    internals._removeServerSession(session, false);
    (session as unknown as SessionInternals)._flush();
  }
}

/** An odd answer to a long poll: see {@link CometdHub.answerNextConnectsOddly}. */
export type OddConnectAnswer =
  | { readonly advice: Readonly<Record<string, unknown>> }
  | { readonly body: string }
  | { readonly status: number }
  /** The session is forgotten first, so the server answers the poll `402::session_unknown`. */
  | { readonly sessionUnknown: true };

/**
 * Merges `advice` into the advice of the `channel` reply CometD writes on `response` (it writes
 * its whole answer with one `end`).
 */
function adviseOnReply(
  response: ServerResponse,
  channel: '/meta/connect' | '/meta/handshake',
  advice: Readonly<Record<string, unknown>>,
): void {
  const end = response.end.bind(response) as (body: string, encoding: BufferEncoding) => unknown;
  (response as { end: unknown }).end = (body: unknown, encoding: BufferEncoding) => {
    let replies: unknown;
    try {
      replies = typeof body === 'string' ? JSON.parse(body) : undefined;
    } catch {
      replies = undefined;
    }
    if (Array.isArray(replies))
      for (const reply of replies as Record<string, unknown>[])
        if (reply.channel === channel)
          reply.advice = { ...(reply.advice as object | undefined), ...advice };
    return end(Array.isArray(replies) ? JSON.stringify(replies) : (body as string), encoding);
  };
}

/** How a request that subscribes fails: see {@link CometdHub.failNextSubscribes}. */
export type SubscribeFault = 'unavailable' | 'reset' | 'silent' | 'denied' | 'unconfirmed';

/** A fault planned for a request that subscribes. */
type SubscribeFaultPlan = SubscribeFault | OversizedAnswer;

interface OversizedAnswer {
  readonly bytes: number;
  /** Bytes written of each answer made, shared by all of one call's answers. */
  readonly written: number[];
}

/** One slice of an oversized answer's filler. */
const OVERSIZED_SLICE = Buffer.alloc(64 * 1024, 'x');

/**
 * Writes `answer.bytes` bytes of a Bayeux reply that never ends, slice by slice as the client
 * reads them (never the whole in memory), and stops when the connection goes.
 */
function streamOversized(response: ServerResponse, answer: OversizedAnswer): void {
  const index = answer.written.push(0) - 1;
  response.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8' });
  const opening = Buffer.from('[{"channel":"/v2/me/interactions","data":{"filler":"');
  let sent = 0;
  const writeMore = () => {
    while (sent < answer.bytes && !response.destroyed) {
      const slice = sent === 0 ? opening : OVERSIZED_SLICE;
      const part = slice.subarray(0, Math.min(slice.length, answer.bytes - sent));
      sent += part.length;
      answer.written[index] = sent;
      if (!response.write(part)) {
        response.once('drain', writeMore);
        return;
      }
    }
    if (!response.destroyed) response.end();
  };
  writeMore();
}

/** Answers each message of a request that subscribes with a successful reply without its `id`. */
function answerWithoutIds(response: ServerResponse, messages: readonly Record<string, unknown>[]) {
  const replies = messages.map((message) => ({
    channel: message.channel,
    subscription: message.subscription,
    successful: true,
  }));
  response
    .writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8' })
    .end(JSON.stringify(replies));
}

function isMessage(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a session subscribed to `channel`, directly or through a `/*` or `/**` wildcard. */
export function isSubscribed(session: ServerSession, channel: string): boolean {
  return session.subscriptions.some((subscription) => channelMatches(subscription.name, channel));
}

export function channelMatches(subscription: string, channel: string): boolean {
  if (subscription === channel) return true;
  if (subscription.endsWith('/**')) return channel.startsWith(subscription.slice(0, -2));
  if (subscription.endsWith('/*')) {
    const prefix = subscription.slice(0, -1);
    return channel.startsWith(prefix) && !channel.slice(prefix.length).includes('/');
  }
  return false;
}
