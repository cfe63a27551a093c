import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CSRF_HEADER, SESSION_COOKIE, SessionStore, type HttpSession } from './auth';
import { CometdHub } from './cometd';
import { agentWideDndMessage, channelsMessage, interactionMessage } from './dialect';
import {
  failureBody,
  httpStatusOf,
  operationFailureBody,
  operationSuccessBody,
  resourceBody,
  sendJson,
} from './http';
import type { MediaChannel, SimInteraction, SimUser } from './model';
import { GwsFailure, StatusCode, type RouteContext } from './operations/types';
import { chatEventState, fetchedState } from './operations/chat';
import { workbinNotification } from './operations/workbins';
import { matchRoute, routes } from './routes';
import { startScenario } from './scenarios';
import { World, type NotifiedState } from './world';
import { handleControl, type SimulatorControl, createControl } from './control';
import {
  LATE_ANSWER_MS,
  type OddAnswer,
  type SimulatorOptions,
  type SimulatorRuntime,
} from './runtime';

export type { SimulatorOptions, SimulatorRuntime } from './runtime';

export const API_PREFIX = '/api/v2';
export const NOTIFICATIONS_PATH = `${API_PREFIX}/notifications`;

/**
 * Colleagues in the agent directory (`GET /users`), so that transfers and consultations have
 * someone to pick. Their user names are e-mail addresses, as 003's Users API defines
 * `userName`; they sign in like any user (password `demo`) and are logged out until they do,
 * so they are never offered work on their own.
 */
const COLLEAGUES: readonly (readonly [firstName: string, lastName: string])[] = [
  ['Priya', 'Raman'],
  ['Jonas', 'Berg'],
  ['Chloé', 'Martin'],
  ['Mateo', 'García'],
  ['Hannah', 'Okafor'],
  ['Yusuf', 'Demir'],
  ['Ingrid', 'Solberg'],
];

/**
 * The default users: `agent1`…`agent5` (the accounts the demo, the tests and the documentation
 * sign in with, named "Agent N") and the colleagues above.
 */
export function demoUsers(): SimUser[] {
  const agents = [1, 2, 3, 4, 5].map((n) => ({
    id: `a1b2c3d4e5f6000000000000000000${String(n).padStart(2, '0')}`,
    userName: `agent${n}`,
    password: 'demo',
    firstName: `Agent`,
    lastName: `${n}`,
    employeeId: `${1000 + n}`,
    channels: ['email', 'chat'] as MediaChannel[],
    mustChangePassword: false,
  }));
  const colleagues = COLLEAGUES.map(([firstName, lastName], index) => ({
    id: `c0ffee00d1ec70000000000000000${String(index + 1).padStart(3, '0')}`,
    userName: `${asciiName(firstName)}.${asciiName(lastName)}@switchboard.example`,
    password: 'demo',
    firstName,
    lastName,
    employeeId: `${3101 + index}`,
    channels: ['email', 'chat'] as MediaChannel[],
    mustChangePassword: false,
  }));
  return [...agents, ...colleagues];
}

/** `Chloé` → `chloe`: user names stay ASCII, as Configuration Server logins usually are. */
function asciiName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export const DEFAULT_OPTIONS: SimulatorOptions = {
  port: 8090,
  host: '127.0.0.1',
  scenario: 'demo',
  dialect: 'b',
  seed: 1,
  inviteTimeoutSeconds: 30,
  reofferDelayMs: 5000,
  sessionIdleSeconds: 30 * 60,
  connectTimeoutMs: 25_000,
  maxIntervalMs: 10_000,
  control: false,
  loadRate: 100,
  users: demoUsers(),
  log: () => undefined,
};

export interface Simulator {
  /** `http://host:port` */
  readonly url: string;
  /** `http://host:port/api/v2` */
  readonly apiUrl: string;
  readonly port: number;
  readonly options: SimulatorOptions;
  readonly world: World;
  /** The control API, in process (also served over HTTP with `control: true`). */
  readonly control: SimulatorControl;
  close(): Promise<void>;
}

/** Methods that change nothing and so need no CSRF token. */
const CSRF_EXEMPT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

function apiBase(runtime: SimulatorRuntime): string {
  return `http://${runtime.options.host}:${runtime.port}${API_PREFIX}`;
}

async function handleApi(
  runtime: SimulatorRuntime,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
) {
  const path = url.pathname.slice(API_PREFIX.length) || '/';
  const method = request.method ?? 'GET';
  // The world's clock, as a server's answers and timestamps share one (a test sets it apart).
  response.setHeader('date', new Date(runtime.world.currentTime()).toUTCString());
  const authentication = runtime.sessions.authenticate(request);
  if (!authentication.ok) {
    sendJson(
      response,
      401,
      failureBody(
        new GwsFailure(
          StatusCode.forbidden,
          authentication.reason === 'missing' ? 'Authentication required' : 'Bad credentials',
        ),
      ),
      { 'www-authenticate': 'Basic realm="Genesys Web Services"' },
    );
    return;
  }
  const { session, created } = authentication;
  const headers: Record<string, string> = {
    'x-csrf-header': CSRF_HEADER,
    'x-csrf-token': session.csrfToken,
  };
  if (created) headers['set-cookie'] = `${SESSION_COOKIE}=${session.id}; Path=/; HttpOnly`;

  // Checked before any routing, as the CSRF filter in front of GWS does: a state-changing
  // request without the token is refused whatever its path.
  if (!CSRF_EXEMPT_METHODS.has(method) && !carriesCsrfToken(runtime, session, request)) {
    refuseWithoutCsrfToken(request, response, headers);
    return;
  }
  let matched: ReturnType<typeof matchRoute>;
  try {
    matched = matchRoute(method, path);
  } catch {
    // decodeURIComponent of a malformed escape such as `%E0%A4%A`.
    sendJson(
      response,
      400,
      failureBody(new GwsFailure(StatusCode.missingParameter, `Malformed path ${path}`)),
      headers,
    );
    return;
  }
  if (matched.route === null) {
    if (!matched.pathKnown) {
      const failure = new GwsFailure(StatusCode.notFound, `No resource ${path}`);
      sendJson(response, 404, failureBody(failure), headers);
      return;
    }
    const allowed = [
      ...new Set(routes.filter((route) => route.pattern.test(path)).map((route) => route.method)),
    ];
    const failure = new GwsFailure(StatusCode.notFound, `${method} is not supported on ${path}`);
    sendJson(response, 405, failureBody(failure), { ...headers, allow: allowed.join(', ') });
    return;
  }
  const { route, params } = matched;
  const user = runtime.world.users.get(session.userName);
  if (!user) {
    sendJson(
      response,
      401,
      failureBody(new GwsFailure(StatusCode.forbidden, 'Unknown user')),
      headers,
    );
    return;
  }
  const deferred: (() => void)[] = [];
  const context: RouteContext = {
    world: runtime.world,
    user,
    dialect: runtime.options.dialect,
    documentedDraftAnswers: runtime.options.documentedDraftAnswers === true,
    transcriptsInLists: runtime.options.transcriptsInLists !== false,
    features: runtime.features,
    apiBase: apiBase(runtime),
    later: (work) => deferred.push(work),
    endHttpSession: () => {
      runtime.sessions.end(session.id);
    },
    request,
    response,
    url,
    params,
  };
  try {
    const answer = await route.handle(context);
    switch (answer.kind) {
      case 'resource':
        sendJson(response, 200, resourceBody(answer.body), headers);
        break;
      case 'operation':
        sendJson(
          response,
          200,
          operationSuccessBody(runtime.options.dialect, answer.body, answer.numericStatus),
          headers,
        );
        break;
      case 'raw':
        response.writeHead(answer.httpStatus, {
          ...headers,
          ...answer.headers,
          'content-length': answer.body.length,
        });
        {
          // The connection drops in the middle of the file: the client has its length and half.
          const cut = runtime.cutDownloads > 0 && answer.body.length > 1;
          if (cut) runtime.cutDownloads -= 1;
          const bytes = cut
            ? answer.body.subarray(0, Math.floor(answer.body.length / 2))
            : answer.body;
          const rate = runtime.slowDownloads.shift();
          if (rate !== undefined) sendSlowly(runtime, response, bytes, rate, cut);
          else if (cut)
            response.write(bytes, () => {
              response.socket?.destroy();
            });
          else response.end(bytes);
        }
        break;
    }
  } catch (thrown) {
    const failure =
      thrown instanceof GwsFailure ? thrown : new GwsFailure(StatusCode.internal, 'Internal error');
    if (!(thrown instanceof GwsFailure))
      runtime.options.log(`internal error on ${method} ${path}: ${String(thrown)}`);
    const body =
      route.style === 'operation'
        ? operationFailureBody(runtime.options.dialect, failure)
        : failureBody(failure);
    if (!response.headersSent) sendJson(response, httpStatusOf(failure), body, headers);
  }
  for (const work of deferred) setImmediate(work);
}

/** How often a slow download sends its next bytes. */
const SLOW_TICK_MS = 50;

/**
 * Sends `bytes` at `rate` bytes a second, a slice every {@link SLOW_TICK_MS}, as a slow link
 * does; then ends the answer, or cuts the connection (`cut`). Stops when the client goes.
 */
function sendSlowly(
  runtime: SimulatorRuntime,
  response: ServerResponse,
  bytes: Buffer,
  rate: number,
  cut: boolean,
): void {
  const slice = Math.max(1, Math.round((rate * SLOW_TICK_MS) / 1000));
  let sent = 0;
  const timer = setInterval(() => {
    if (response.destroyed) {
      stop();
      return;
    }
    const next = Math.min(bytes.length, sent + slice);
    response.write(bytes.subarray(sent, next));
    sent = next;
    if (sent < bytes.length) return;
    stop();
    if (cut) response.socket?.destroy();
    else response.end();
  }, SLOW_TICK_MS);
  const stop = () => {
    clearInterval(timer);
    runtime.heldRequests.delete(timer);
  };
  runtime.heldRequests.add(timer);
}

function handleRequest(
  runtime: SimulatorRuntime,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const serve = () => {
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://simulator');
    } catch {
      // An absolute-form target such as `http://[` must not throw out of the handler.
      sendJson(
        response,
        400,
        failureBody(new GwsFailure(StatusCode.missingParameter, 'Malformed request target')),
      );
      return;
    }
    if (url.pathname === NOTIFICATIONS_PATH || url.pathname.startsWith(`${NOTIFICATIONS_PATH}/`)) {
      // `strictNotifications`: a live HTTP session and its token on every CometD request too.
      if (runtime.options.strictNotifications === true) {
        const authentication = runtime.sessions.authenticate(request);
        if (!authentication.ok || !carriesCsrfToken(runtime, authentication.session, request)) {
          refuseWithoutCsrfToken(request, response);
          return;
        }
      }
      runtime.hub.handle(request, response);
      return;
    }
    if (url.pathname.startsWith('/simulator/')) {
      if (!runtime.options.control) {
        sendJson(
          response,
          404,
          failureBody(
            new GwsFailure(StatusCode.notFound, 'The control API is off (start with --control)'),
          ),
        );
        return;
      }
      void handleControl(runtime, request, response, url);
      return;
    }
    if (url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`)) {
      handleApi(runtime, request, response, url).catch((error: unknown) => {
        runtime.options.log(`request failed: ${String(error)}`);
        if (!response.headersSent)
          sendJson(
            response,
            500,
            failureBody(new GwsFailure(StatusCode.internal, 'Internal error')),
          );
      });
      return;
    }
    sendJson(
      response,
      404,
      failureBody(new GwsFailure(StatusCode.notFound, `No resource ${url.pathname}`)),
    );
  };
  const serveSafely = () => {
    try {
      serve();
    } catch (error: unknown) {
      // Whatever a request does, the server keeps running.
      runtime.options.log(`request failed: ${String(error)}`);
      if (!response.headersSent)
        sendJson(response, 500, failureBody(new GwsFailure(StatusCode.internal, 'Internal error')));
    }
  };
  if (isRestRequest(request) && runtime.cutRepeats.delete(repeatKey(request))) {
    request.socket.destroy();
    return;
  }
  const oddity = isRestRequest(request) ? takeOddAnswer(runtime, request) : undefined;
  if (oddity === 'htmlPage') {
    request.resume();
    response.writeHead(200, { 'content-type': 'text/html;charset=UTF-8' });
    response.end(MAINTENANCE_PAGE);
    return;
  }
  if (oddity === 'redirect') {
    request.resume();
    // Loopback, as everything the tests reach: the proxy's login page is never fetched.
    response.writeHead(302, { location: 'https://127.0.0.1:9/sso/login?return=%2Fapi%2Fv2' });
    response.end();
    return;
  }
  if (oddity !== undefined) rewriteAnswer(response, ANSWER_CHANGES[oddity]);
  if (runtime.requestFaults.length > 0 && isRestRequest(request)) {
    const fault = runtime.requestFaults.shift();
    if (fault === 'unavailable') {
      request.resume();
      sendJson(
        response,
        503,
        failureBody(new GwsFailure(StatusCode.internal, 'Service temporarily unavailable')),
      );
      return;
    }
    if (fault === 'reset') {
      cutUnanswered(runtime, request);
      return;
    }
    if (fault === 'answerLost') {
      // Served as any other; where the answer would leave, the connection is cut instead.
      response.write = () => {
        cutUnanswered(runtime, request);
        return false;
      };
      response.end = () => {
        cutUnanswered(runtime, request);
        return response;
      };
      serveSafely();
      return;
    }
    if (fault === 'answerLate') {
      // Served at once; its answer leaves only after LATE_ANSWER_MS.
      const end = response.end.bind(response) as (...args: unknown[]) => typeof response;
      response.end = ((...args: unknown[]) => {
        setTimeout(() => end(...args), LATE_ANSWER_MS).unref();
        return response;
      }) as typeof response.end;
      serveSafely();
      return;
    }
    // 'silent': never answered; the connection goes when the client gives up or on close.
    request.resume();
    return;
  }
  const wait = runtime.stalledUntil - Date.now();
  if (wait > 0 && !request.url?.startsWith('/simulator/')) {
    const timer = setTimeout(() => {
      runtime.heldRequests.delete(timer);
      serveSafely();
    }, wait);
    runtime.heldRequests.add(timer);
  } else serveSafely();
}

/** Whether the request carries its HTTP session's CSRF token (in the header GWS names). */
function carriesCsrfToken(
  runtime: SimulatorRuntime,
  session: HttpSession,
  request: IncomingMessage,
): boolean {
  const token = request.headers[CSRF_HEADER.toLowerCase()];
  return runtime.sessions.csrfMatches(session, typeof token === 'string' ? token : undefined);
}

/** The CSRF filter's refusal (403), the request's body left unread. */
function refuseWithoutCsrfToken(
  request: IncomingMessage,
  response: ServerResponse,
  headers: Record<string, string> = {},
): void {
  request.resume();
  sendJson(
    response,
    403,
    failureBody(new GwsFailure(StatusCode.forbidden, 'Invalid or missing CSRF token')),
    headers,
  );
}

/** A REST request of the API, as opposed to CometD and the control API. */
/** The odd answer waiting for this request's path, taken off the list; undefined if none. */
function takeOddAnswer(runtime: SimulatorRuntime, request: IncomingMessage): OddAnswer | undefined {
  const path = (request.url ?? '').slice(API_PREFIX.length);
  const index = runtime.oddAnswers.findIndex(({ pathPrefix }) => path.startsWith(pathPrefix));
  if (index < 0) return undefined;
  return runtime.oddAnswers.splice(index, 1)[0]?.oddity;
}

/** What a proxy or a portal in front of GWS answers while it is down, with HTTP 200. */
const MAINTENANCE_PAGE =
  '<!DOCTYPE html><html><head><title>Maintenance</title></head>' +
  '<body><h1>The service is down for maintenance</h1></body></html>';

/** The first half of an answer's text. */
function cutShort(text: string): string {
  return text.slice(0, Math.floor(text.length / 2));
}

/** The answer with every list of its top level `null`. */
function withListsNull(text: string): string {
  const answer = JSON.parse(text) as Record<string, unknown>;
  for (const [key, value] of Object.entries(answer)) if (Array.isArray(value)) answer[key] = null;
  return JSON.stringify(answer);
}

/** The answer with every item of each list of its top level twice, in a row. */
function withListsDoubled(text: string): string {
  const answer = JSON.parse(text) as Record<string, unknown>;
  for (const [key, value] of Object.entries(answer))
    if (Array.isArray(value)) answer[key] = value.flatMap((item: unknown) => [item, item]);
  return JSON.stringify(answer);
}

/** The answer with the `InteractionId` of each item of its top level's lists a number: 1, 2, … */
function withIdsNumbered(text: string): string {
  const answer = JSON.parse(text) as Record<string, unknown>;
  for (const value of Object.values(answer)) {
    if (!Array.isArray(value)) continue;
    let serial = 0;
    for (const item of value as unknown[])
      if (typeof item === 'object' && item !== null && 'InteractionId' in item)
        (item as Record<string, unknown>).InteractionId = ++serial;
  }
  return JSON.stringify(answer);
}

/** How each odd answer changes the text of an answer served. */
const ANSWER_CHANGES: Readonly<
  Record<Exclude<OddAnswer, 'htmlPage' | 'redirect'>, (text: string) => string>
> = {
  cutShort,
  listsNull: withListsNull,
  listsDoubled: withListsDoubled,
  idsNumbered: withIdsNumbered,
};

/**
 * Has the answer's text go out changed by `change`, its length no longer announced (the body
 * ends when the connection's chunked stream does). Answers are JSON, sent whole by `sendJson`.
 */
function rewriteAnswer(response: ServerResponse, change: (text: string) => string): void {
  const writeHead = response.writeHead.bind(response) as (
    status: number,
    headers?: Record<string, string | number>,
  ) => ServerResponse;
  const end = response.end.bind(response) as (text?: string) => ServerResponse;
  let head: { status: number; headers: Record<string, string | number> } = {
    status: 200,
    headers: {},
  };
  response.writeHead = ((status: number, headers: Record<string, string | number> = {}) => {
    head = { status, headers };
    return response;
  }) as ServerResponse['writeHead'];
  response.end = ((chunk?: unknown) => {
    const text = change(
      typeof chunk === 'string' ? chunk : Buffer.from(chunk as Buffer).toString(),
    );
    const headers = { ...head.headers };
    delete headers['content-length'];
    writeHead(head.status, headers);
    return end(text);
  }) as ServerResponse['end'];
}

/**
 * Cuts the connection of a request before its answer. A GET so cut is asked again once, on a
 * new connection, by browsers and by the desk (GwsHttpClient: the kept-alive connection a server
 * closed as the request went out): its repeat is cut too, so that the question a fault leaves
 * unanswered stays so, as a server gone away leaves it.
 */
function cutUnanswered(runtime: SimulatorRuntime, request: IncomingMessage): void {
  if (request.method === 'GET') runtime.cutRepeats.add(repeatKey(request));
  request.socket.destroy();
}

/**
 * What tells a request's repeat: its method, its address and whose it is (its session cookie and
 * credentials): two desks on one simulator ask the same GETs, and another desk's must not be
 * taken for the repeat of a cut one.
 */
function repeatKey(request: IncomingMessage): string {
  const whose = `${request.headers.cookie ?? ''} ${request.headers.authorization ?? ''}`;
  return `${request.method ?? ''} ${request.url ?? ''} ${whose}`;
}

function isRestRequest(request: IncomingMessage): boolean {
  const path = request.url ?? '';
  return path.startsWith(`${API_PREFIX}/`) && !path.startsWith(NOTIFICATIONS_PATH);
}

/** Starts the HTTP server on the runtime's port (again, after a restart). */
function listen(runtime: SimulatorRuntime): Promise<void> {
  const server = createServer((request, response) => {
    handleRequest(runtime, request, response);
  });
  // Long polls must outlive CometD's own timeout.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket) => {
    runtime.sockets.add(socket);
    socket.on('close', () => runtime.sockets.delete(socket));
  });
  runtime.httpServer = server;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(runtime.port, runtime.options.host, () => {
      server.off('error', reject);
      runtime.port = (server.address() as AddressInfo).port;
      resolve();
    });
  });
}

/** Stops accepting connections and cuts the open ones, as a crashing server would. */
function stopListening(runtime: SimulatorRuntime): Promise<void> {
  return new Promise((resolve) => {
    runtime.httpServer.close(() => {
      resolve();
    });
    for (const socket of runtime.sockets) socket.destroy();
    runtime.sockets.clear();
  });
}

function wireNotifications(runtime: SimulatorRuntime): void {
  const { dialect } = runtime.options;
  /**
   * The capabilities last told each agent of each interaction (`user \0 id` → JSON). 000's chat
   * notifications (PropertiesChanged with the transcript) list none: dialect B sends a chat
   * line's notification so while they stay what the agent was last told, and with them when
   * they change (a consultation or conference beginning or ending).
   */
  const toldCapabilities = new Map<string, string>();
  const capabilitiesTold = (
    userName: string,
    message: Record<string, unknown>,
    chatLine: boolean,
  ): Record<string, unknown> => {
    const fields = (dialect === 'b' ? message.interaction : message) as Record<string, unknown>;
    const key = `${userName}\u0000${String(fields.id)}`;
    if (fields.state === 'Completed' || fields.state === 'Revoked') {
      toldCapabilities.delete(key);
      return message;
    }
    const told = JSON.stringify(fields.capabilities);
    if (dialect === 'b' && chatLine && fields.state === 'PropertiesChanged') {
      if (toldCapabilities.get(key) === told) {
        const unsaid: Record<string, unknown> = { ...fields };
        delete unsaid.capabilities;
        return { ...message, interaction: unsaid };
      }
    }
    toldCapabilities.set(key, told);
    return message;
  };
  /**
   * The state a change of a chat in work tells `userName`: InvitedConference to the consulted
   * agent while the consultation is open, as its chat lines, its history and a fetch of it say
   * (README, "Chat consultation"). The owner's UpdateProperties (case data, a disposition) or a
   * conference party leaving told it PropertiesChanged or LeftConference, the states a completed
   * conference tells, and its client took it for a conference party (Leave conference instead
   * of leaving the consultation, the customer now waiting for its answer).
   */
  const roleKept = (
    interaction: SimInteraction,
    userName: string,
    state: NotifiedState | undefined,
  ): NotifiedState | undefined =>
    state === 'PropertiesChanged' || state === 'LeftConference'
      ? (fetchedState(interaction, userName) ?? state)
      : state;
  runtime.world.addListener({
    interactionChanged: (userName, interaction, state) => {
      runtime.hub.deliver(
        userName,
        '/v2/me/interactions',
        capabilitiesTold(
          userName,
          interactionMessage(
            dialect,
            interaction,
            roleKept(interaction, userName, state),
            undefined,
            userName,
          ),
          false,
        ),
      );
    },
    chatEvents: (userName, interaction, events) => {
      runtime.hub.deliver(
        userName,
        '/v2/me/interactions',
        capabilitiesTold(
          userName,
          interactionMessage(
            dialect,
            interaction,
            chatEventState(interaction, userName),
            events,
            userName,
          ),
          true,
        ),
      );
    },
    channelsChanged: (userName, agent, changed, agentWideDndOn) => {
      runtime.hub.deliver(
        userName,
        '/v2/me/channels',
        agentWideDndOn === true ? agentWideDndMessage() : channelsMessage(agent, changed),
      );
    },
    meChanged: (userName, data) => {
      runtime.hub.deliver(userName, '/v2/me', data);
    },
    published: (userName, channel, data) => {
      runtime.hub.deliver(userName, channel, data);
    },
    workbinChanged: (userName, workbinId, interaction, change) => {
      // Only agents who called SubscribeWorkbinEvents hear of a workbin (undefined otherwise).
      const data = workbinNotification(runtime.world, userName, workbinId, interaction, change);
      if (data !== undefined) runtime.hub.deliver(userName, '/v2/me/workbins', data);
    },
  });
}

/**
 * The first half of every id this run of the simulator hands out: 8 random base-36 characters,
 * so that, as a real GWS's, its ids never come back in a later run. The seed alone made them:
 * every run of a seed started over at the same ids, and the desk, which keeps the built-in demo's
 * runs under one account (and a simulator restarted on the same address is the same account),
 * took a new run's chat for the last run's: it showed the old transcript, dropped the new
 * customer's lines as already stored and overwrote the old chat in History.
 */
function runIdPrefix(): string {
  return randomBytes(6).readUIntBE(0, 6).toString(36).toUpperCase().padStart(8, '0').slice(-8);
}

/** Starts a simulator in this process. Tests use `port: 0`; the CLI uses `simulator/cli.ts`. */
export async function startSimulator(
  overrides: Partial<SimulatorOptions> = {},
): Promise<Simulator> {
  // Users are mutable (ChangePassword): every simulator gets its own copies.
  const options: SimulatorOptions = {
    ...DEFAULT_OPTIONS,
    ...overrides,
    users: (overrides.users ?? demoUsers()).map((user) => ({ ...user })),
  };
  const world = new World({
    users: options.users,
    inviteTimeoutSeconds: options.inviteTimeoutSeconds,
    reofferDelayMs: options.reofferDelayMs,
    idPrefix: options.idPrefix ?? runIdPrefix(),
    seedIdPrefix: `0000${(options.seed % 1296).toString(36).toUpperCase().padStart(2, '0')}`,
    ...(options.chatCapacity === undefined ? {} : { capacity: { chat: options.chatCapacity } }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const sessions = new SessionStore(world.users, options.sessionIdleSeconds * 1000);
  // Outages overlap (a restart during a refusal): one stop, one return when the last one ends.
  let closed = false;
  let upAt = 0;
  let backUp: Promise<void> | null = null;
  /** Ends the current wait for `upAt` early (endOutage, close). */
  let wakeUp: (() => void) | null = null;
  const goDown = (downMs: number): Promise<void> => {
    upAt = Math.max(upAt, Date.now() + downMs);
    backUp ??= (async () => {
      await stopListening(runtime);
      for (let wait = upAt - Date.now(); wait > 0 && !closed; wait = upAt - Date.now())
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      wakeUp = null;
      if (!closed) await listen(runtime);
    })().finally(() => {
      backUp = null;
    });
    return backUp;
  };
  const endOutage = () => {
    upAt = 0;
    wakeUp?.();
  };
  const runtime: SimulatorRuntime = {
    options,
    world,
    sessions,
    hub: new CometdHub(sessions, {
      connectTimeoutMs: options.connectTimeoutMs,
      maxIntervalMs: options.maxIntervalMs,
    }),
    httpServer: createServer(),
    port: options.port,
    stalledUntil: 0,
    heldRequests: new Set(),
    sockets: new Set(),
    restart: async (downMs, restartOptions) => {
      // Cut the connections first (goDown does so at once), so that no held long poll is
      // answered: a crashing node answers nothing.
      const down = goDown(downMs);
      runtime.hub.dropAll();
      runtime.sessions.expireAll();
      // After the CometD clients are gone: the logouts and withdrawals reach nobody, as none
      // would from a node that crashed.
      if (restartOptions?.forgetAgents === true) world.endAllSessions();
      await down;
    },
    refuseConnections: (downMs) => goDown(downMs),
    endOutage,
    requestFaults: [],
    cutRepeats: new Set(),
    oddAnswers: [],
    cutDownloads: 0,
    features: options.withoutMultimedia === true ? 'withoutMultimedia' : 'all',
    slowDownloads: [],
    scenario: null,
  };
  wireNotifications(runtime);
  await listen(runtime);
  const scenario = startScenario(options.scenario, world, {
    seed: options.seed,
    loadRate: options.loadRate,
    ...(options.loadChats === undefined ? {} : { loadChats: options.loadChats }),
    ...(options.loadSeconds === undefined ? {} : { loadSeconds: options.loadSeconds }),
  });
  runtime.scenario = scenario;

  const control = createControl(runtime);
  const url = `http://${options.host}:${runtime.port}`;
  return {
    url,
    apiUrl: `${url}${API_PREFIX}`,
    port: runtime.port,
    options,
    world,
    control,
    close: async () => {
      closed = true;
      // An outage under way ends without listening again.
      endOutage();
      scenario.stop();
      world.close();
      for (const timer of runtime.heldRequests) clearTimeout(timer);
      runtime.heldRequests.clear();
      runtime.hub.close();
      await stopListening(runtime);
    },
  };
}
