import type { IncomingMessage, ServerResponse } from 'node:http';
import { failureBody, readJsonBody, sendJson } from './http';
import { GwsFailure, StatusCode, type FeaturesAnswer, type RequestBody } from './operations/types';
import { failNextUcsRequests } from './operations/ucs';
import type { OddAnswer, RequestFault, RestartOptions, SimulatorRuntime } from './runtime';
import type { OddConnectAnswer, SubscribeFault } from './cometd';
import type { LoadProgress } from './scenarios';
import type { MediaChannel } from './model';
import type { NewChat, NewEmail } from './world';

/**
 * The simulator's control API: what a test needs to make a GWS server misbehave or to play the
 * customer. In process it is `simulator.control`; over HTTP (`--control`) it is served under
 * `/simulator/…` without authentication, so it must never be enabled on a shared network.
 */
export interface SimulatorControl {
  /** Delivers any raw `data` on `channel` to every session of `userName`; returns how many. */
  injectNotification(userName: string, channel: string, data: unknown): number;
  /** Revokes a pending invite now, as the invite timeout would. */
  revoke(interactionId: string): boolean;
  /**
   * The server lets go of an interaction an agent has in hand and sends no notification (one
   * lost on the way, a supervisor's action, a server-side timeout): it is no longer listed, and
   * every operation on it answers "not found". False when no agent has it in hand.
   */
  dropSilently(interactionId: string): boolean;
  /** Forgets every CometD client: each gets `402::session_unknown` and must handshake again. */
  dropCometdSessions(): number;
  /** Ends every HTTP session: the next request without Basic credentials gets 401. */
  expireHttpSessions(): number;
  /** Holds every request (REST and CometD) for `ms`, like a half-open network. */
  stall(ms: number): void;
  /**
   * Goes away for `downMs` (connections cut, HTTP and CometD sessions lost) and comes back on the
   * same port; with `forgetAgents` the contact-center sessions are lost too (every agent logged
   * out, its invitations withdrawn), as a real GWS restart loses them.
   */
  restart(downMs?: number, options?: RestartOptions): Promise<void>;
  /**
   * The server's session timeout: every HTTP, CometD and contact-center session ends at once
   * (agents logged out, invitations withdrawn) while the server stays up. Returns how many
   * contact-center sessions ended.
   */
  expireAgentSessions(): number;
  /**
   * A network outage: connections are refused (and open ones cut) for `ms`; HTTP and CometD
   * sessions survive it. Resolves when connections are accepted again.
   */
  refuseConnections(ms: number): Promise<void>;
  /**
   * Ends the outage or restart under way now, however long it was to last: the simulator
   * listens again at once, and their promises resolve. A test holds the server down for as
   * long as its checks of the offline desk take (a generous `downMs` as the bound), then brings
   * it back, instead of waiting out a fixed time that a loaded machine may also cut short. In
   * process only: over HTTP nothing listens to ask.
   */
  endOutage(): void;
  /**
   * The next REST requests (not CometD) fail one each, in order: `unavailable` answers 503,
   * `reset` cuts the connection (a GET's: its one repeat's too, as the desk and browsers ask a
   * GET again once when its connection closes unanswered), `silent` never answers (none of
   * them acted on), `answerLost` is acted on and then its connection cut instead of answering,
   * `answerLate` is acted on at once and answered only after `LATE_ANSWER_MS` (1.5 s).
   */
  failNextRequests(faults: readonly RequestFault[]): void;
  /**
   * Forgets the faults {@link failNextRequests} queued that no request has met yet; returns how
   * many. In process only. (A test that queues one per request a desk may make, and stops that
   * desk, keeps what is left from failing the next desk's sign-in.)
   */
  dropRequestFaults(): number;
  /**
   * The next REST requests whose path (below `/api/v2`) starts with `pathPrefix` are answered
   * oddly, one each, in order (see {@link OddAnswer}), all with HTTP 200. In process only.
   */
  answerOddly(pathPrefix: string, oddities: readonly OddAnswer[]): void;
  /**
   * The next `count` CometD long polls (`/meta/connect`) are answered with a body of `bytes`
   * bytes that never closes its JSON, streamed slice by slice: a proxy or server gone wrong.
   * Returns the bytes written so far of each such answer (it stops when its connection goes).
   * In process only.
   */
  oversizeNextPolls(count: number, bytes: number): readonly number[];
  /**
   * The next `count` subscription requests (a client's, after its handshake) are answered so,
   * and never reach CometD. In process only.
   */
  oversizeNextSubscribes(count: number, bytes: number): readonly number[];
  /**
   * The next subscription requests (a client's, after its handshake) fail, one each: `unavailable`
   * answers 503, `reset` cuts the connection, `silent` never answers, `denied` has CometD refuse
   * every subscription asked (`successful: false`), `unconfirmed` answers at once with replies
   * that match no request (no `id`), so the client never hears its subscriptions confirmed.
   */
  failNextSubscribes(faults: readonly SubscribeFault[]): void;
  /**
   * The next long polls (`/meta/connect`, any client's) are answered oddly, one each, in order:
   * `{ advice }` merged into the server's reply (e.g. `reconnect: 'none'`), `{ body }` a `200`
   * with that body (not JSON, `[]`, an object), `{ status }` that HTTP status; the last two
   * never reach CometD. In process only.
   */
  answerNextPollsOddly(answers: readonly OddConnectAnswer[]): void;
  /**
   * Every long poll (any client's) is answered `answer` for the next `durationMs`: e.g.
   * `{ sessionUnknown: true }` (its session forgotten, so `402::session_unknown`: GWS behind a
   * load balancer without session affinity), `{ advice: { reconnect: 'none' } }`. In process only.
   */
  answerPollsOddlyFor(answer: OddConnectAnswer, durationMs: number): void;
  /**
   * The next handshakes' replies (any client's) carry this advice, one each, merged into the
   * server's (e.g. `interval: 600_000`). In process only.
   */
  adviseNextHandshakes(advice: readonly Readonly<Record<string, unknown>>[]): void;
  /**
   * How GET /features answers from now on: `withoutMultimedia` plays a contact center without
   * `api-multimedia` (003 "Features"), `multimediaDisabled` one that also refuses to start a
   * session on e-mail and chat, the refusals and `malformed` a /features the client cannot read; `all` is the default (`withoutMultimedia` with that start option).
   */
  setFeatures(answer: FeaturesAnswer): void;
  /**
   * The next `count` file downloads (attachments) send their length and half their bytes, then
   * cut the connection, as a dropped network or a proxy's timeout does. In process only.
   */
  cutNextDownloads(count: number): void;
  /**
   * The next `count` file downloads are served at `bytesPerSecond` (a slice every 50 ms), as
   * over a slow link; one also cut (`cutNextDownloads`) stops half-way, slowly. In process only.
   */
  slowNextDownloads(count: number, bytesPerSecond: number): void;
  /**
   * How many of the downloads `slowNextDownloads` slowed have not started yet: 0 once the last
   * one is under way (what a test waits for before stopping a client in the middle of it).
   */
  slowDownloadsNotStarted(): number;
  /**
   * Runs `fault` once, right after the next denied handshake's answer has left: e.g. an outage
   * that hits exactly the client's sign-in again. In process only.
   */
  afterNextDeniedHandshake(fault: () => void): void;
  /**
   * Sets a user's password, as an administrator would: Basic with the old one is refused (401)
   * from now on; sessions already open live on until they end. With `mustChange`, the user must
   * choose a new one at the next sign-in (003's `changePasswordOnFirstLogin`): nothing but
   * ChangePassword with `firstLogin=true` is allowed until then.
   */
  setPassword(userName: string, password: string, options?: { mustChange?: boolean }): void;
  /**
   * Gives a user these media channels, as an administrator would mid-shift (see
   * `World.setUserChannels`): one taken away is gone from `/me` at once, with no notification.
   * In process only.
   */
  setUserChannels(userName: string, channels: readonly MediaChannel[]): void;
  /** Renames a user, as an administrator would mid-shift: told to no one. In process only. */
  renameUser(userName: string, names: { firstName: string; lastName: string }): void;
  /** A customer e-mail arrives; returns its interaction id. */
  receiveEmail(email: NewEmail): string;
  /** A customer starts a chat; returns its interaction id. */
  startChat(chat: NewChat): string;
  /** The chat's customer writes a line. */
  customerSays(interactionId: string, text: string): void;
  /** The chat's customer starts or stops typing. */
  customerTyping(interactionId: string, typing: boolean): void;
  /** The typing notices the chat has recorded, both ways, oldest first. */
  typingNotices(interactionId: string): TypingNoticeRecord[];
  /** The chat's customer leaves. */
  customerLeaves(interactionId: string): void;
  /** Where the `load` scenario's run over fixed chats is; undefined for other scenarios. */
  loadProgress(): LoadProgress | undefined;
  /**
   * The next UCS requests (RetrieveInteractionHistory, GetInteractionContent) are answered on
   * CometD with these `errorMessage`s, one each, as 004's failure samples.
   */
  failNextUcsRequests(messages: readonly string[]): void;
}

/** A typing notice as the simulator recorded it in a chat. */
export interface TypingNoticeRecord {
  readonly eventId: number;
  /** Agent for SendNotification, Client for the customer. */
  readonly userType: string;
  readonly nickName: string;
  readonly noticeType: string;
  /** Milliseconds since the epoch. */
  readonly at: number;
}

export function createControl(runtime: SimulatorRuntime): SimulatorControl {
  const { world } = runtime;
  const customerOf = (interactionId: string) => {
    const interaction = world.interactions.get(interactionId);
    const customer = interaction?.chat?.parties.find((party) => party.userType === 'Client');
    if (!interaction || !customer)
      throw new GwsFailure(StatusCode.notFound, `No chat ${interactionId} with a customer`);
    return { interaction, customer };
  };
  return {
    injectNotification: (userName, channel, data) => runtime.hub.deliver(userName, channel, data),
    revoke: (interactionId) => world.revoke(interactionId),
    dropSilently: (interactionId) => world.forgetSilently(interactionId),
    dropCometdSessions: () => runtime.hub.dropAll(),
    expireHttpSessions: () => runtime.sessions.expireAll(),
    stall: (ms) => {
      runtime.stalledUntil = Date.now() + ms;
    },
    restart: (downMs = 500, options) => runtime.restart(downMs, options),
    endOutage: () => {
      runtime.endOutage();
    },
    expireAgentSessions: () => {
      // The clients first: the logouts below reach nobody, as after a timeout the client learns
      // of it only by asking again.
      runtime.hub.dropAll();
      runtime.sessions.expireAll();
      return world.endAllSessions().length;
    },
    refuseConnections: (ms) => runtime.refuseConnections(ms),
    failNextRequests: (faults) => {
      runtime.requestFaults.push(...faults);
    },
    dropRequestFaults: () => {
      runtime.cutRepeats.clear();
      return runtime.requestFaults.splice(0).length;
    },
    answerOddly: (pathPrefix, oddities) => {
      for (const oddity of oddities) runtime.oddAnswers.push({ pathPrefix, oddity });
    },
    oversizeNextPolls: (count, bytes) => runtime.hub.oversizeNextConnects(count, bytes),
    oversizeNextSubscribes: (count, bytes) => runtime.hub.oversizeNextSubscribes(count, bytes),
    failNextSubscribes: (faults) => {
      runtime.hub.failNextSubscribes(faults);
    },
    answerNextPollsOddly: (answers) => {
      runtime.hub.answerNextConnectsOddly(answers);
    },
    answerPollsOddlyFor: (answer, durationMs) => {
      runtime.hub.answerConnectsOddlyFor(answer, durationMs);
    },
    adviseNextHandshakes: (advice) => {
      runtime.hub.adviseNextHandshakes(advice);
    },
    setFeatures: (answer) => {
      runtime.features = answer;
    },
    cutNextDownloads: (count) => {
      runtime.cutDownloads += count;
    },
    slowNextDownloads: (count, bytesPerSecond) => {
      if (!(bytesPerSecond > 0)) throw new RangeError('a slow download needs a positive rate');
      for (let n = 0; n < count; n += 1) runtime.slowDownloads.push(bytesPerSecond);
    },
    slowDownloadsNotStarted: () => runtime.slowDownloads.length,
    afterNextDeniedHandshake: (fault) => {
      runtime.hub.onNextDenial(fault);
    },
    setPassword: (userName, password, options) => {
      const user = world.users.get(userName);
      if (!user) throw new GwsFailure(StatusCode.notFound, `No user ${userName}`);
      user.password = password;
      if (options?.mustChange !== undefined) user.mustChangePassword = options.mustChange;
    },
    setUserChannels: (userName, channels) => {
      world.setUserChannels(userName, channels);
    },
    renameUser: (userName, names) => {
      world.renameUser(userName, names);
    },
    receiveEmail: (email) => world.receiveEmail(email).id,
    startChat: (chat) => world.startChat(chat).id,
    customerSays: (interactionId, text) => {
      const { interaction, customer } = customerOf(interactionId);
      world.appendChatEvent(interaction, { kind: 'MESSAGE', party: customer, text });
    },
    customerTyping: (interactionId, typing) => {
      const { interaction, customer } = customerOf(interactionId);
      world.appendChatEvent(interaction, {
        kind: 'NOTICE',
        party: customer,
        noticeType: typing ? 'TypingStarted' : 'TypingStopped',
      });
    },
    typingNotices: (interactionId) => {
      const chat = world.interactions.get(interactionId)?.chat;
      if (!chat) throw new GwsFailure(StatusCode.notFound, `No chat ${interactionId}`);
      return chat.events
        .filter((event) => event.kind === 'NOTICE' && event.noticeType?.startsWith('Typing'))
        .map((event) => ({
          eventId: event.id,
          userType: event.userType,
          nickName: event.nickName,
          noticeType: event.noticeType ?? '',
          at: event.timestamp,
        }));
    },
    customerLeaves: (interactionId) => {
      const { interaction, customer } = customerOf(interactionId);
      world.appendChatEvent(interaction, { kind: 'PARTY_LEFT', party: customer });
    },
    loadProgress: () => runtime.scenario?.loadProgress(),
    failNextUcsRequests: (messages) => {
      failNextUcsRequests(world, messages);
    },
  };
}

const FEATURES_ANSWERS: readonly FeaturesAnswer[] = [
  'all',
  'withoutMultimedia',
  'multimediaDisabled',
  'notFound',
  'forbidden',
  'internal',
  'malformed',
];

function text(body: RequestBody, name: string): string {
  const value = body[name];
  if (typeof value !== 'string')
    throw new GwsFailure(StatusCode.missingParameter, `Missing '${name}'`);
  return value;
}

function number(body: RequestBody, name: string, fallback: number): number {
  const value = body[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new GwsFailure(StatusCode.missingParameter, `'${name}' must be a non-negative number`);
  }
  return value;
}

/** Serves the control API under `/simulator/…` (only when started with `--control`). */
export async function handleControl(
  runtime: SimulatorRuntime,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const control = createControl(runtime);
  const path = url.pathname.slice('/simulator'.length);
  try {
    if (request.method === 'GET' && path === '/state') {
      sendJson(response, 200, {
        statusCode: 0,
        agents: [...runtime.world.agents.values()].map((agent) => ({
          userName: agent.user.userName,
          sessionStarted: agent.sessionStarted,
          dnd: agent.dnd,
          dndChannels: [...agent.dndChannels],
          channels: Object.fromEntries(agent.channels),
        })),
        interactions: [...runtime.world.interactions.values()].map((interaction) => ({
          id: interaction.id,
          channel: interaction.channel,
          state: interaction.state,
          owner: interaction.owner,
          invitee: interaction.invitee,
          subject: interaction.subject,
        })),
      });
      return;
    }
    if (request.method === 'GET' && path === '/load') {
      const progress = control.loadProgress();
      if (progress === undefined)
        throw new GwsFailure(StatusCode.notFound, 'No load run (scenario load with --load-chats)');
      sendJson(response, 200, { statusCode: 0, ...progress });
      return;
    }
    const noticesMatch = /^\/chats\/([^/]+)\/typing$/.exec(path);
    if (request.method === 'GET' && noticesMatch?.[1] !== undefined) {
      const notices = control.typingNotices(decodeURIComponent(noticesMatch[1]));
      sendJson(response, 200, { statusCode: 0, notices });
      return;
    }
    if (request.method !== 'POST')
      throw new GwsFailure(StatusCode.notFound, `No control resource ${path}`);
    const body = request.headers['content-length'] === '0' ? {} : await readJsonBody(request);
    let answer: Record<string, unknown> = {};
    const revokeMatch = /^\/interactions\/([^/]+)\/revoke$/.exec(path);
    const dropMatch = /^\/interactions\/([^/]+)\/drop$/.exec(path);
    const chatMatch = /^\/chats\/([^/]+)\/(messages|typing|leave)$/.exec(path);
    const passwordMatch = /^\/users\/([^/]+)\/password$/.exec(path);
    if (path === '/notifications') {
      answer = {
        delivered: control.injectNotification(
          text(body, 'userName'),
          text(body, 'channel'),
          body.data,
        ),
      };
    } else if (revokeMatch?.[1] !== undefined) {
      answer = { revoked: control.revoke(decodeURIComponent(revokeMatch[1])) };
    } else if (dropMatch?.[1] !== undefined) {
      answer = { dropped: control.dropSilently(decodeURIComponent(dropMatch[1])) };
    } else if (path === '/cometd/drop') {
      answer = { dropped: control.dropCometdSessions() };
    } else if (path === '/sessions/expire') {
      answer = { expired: control.expireHttpSessions() };
    } else if (path === '/agents/expire') {
      answer = { ended: control.expireAgentSessions() };
    } else if (path === '/features') {
      const answer = text(body, 'answer');
      if (!FEATURES_ANSWERS.includes(answer as FeaturesAnswer))
        throw new GwsFailure(
          StatusCode.missingParameter,
          `'answer' must be one of ${FEATURES_ANSWERS.join(', ')}`,
        );
      control.setFeatures(answer as FeaturesAnswer);
    } else if (path === '/stall') {
      control.stall(number(body, 'ms', 30_000));
    } else if (path === '/restart') {
      // Answer first and let the answer leave: the restart cuts this very connection.
      const downMs = number(body, 'downMs', 500);
      const forgetAgents = body.forgetAgents === true;
      await new Promise<void>((resolve) => {
        response.once('finish', resolve);
        sendJson(response, 200, { statusCode: 0 });
      });
      await control.restart(downMs, { forgetAgents });
      return;
    } else if (path === '/emails') {
      answer = {
        id: control.receiveEmail({
          from: text(body, 'from'),
          subject: text(body, 'subject'),
          text: typeof body.text === 'string' ? body.text : '',
          html: typeof body.html === 'string' ? body.html : null,
        }),
      };
    } else if (path === '/chats') {
      answer = {
        id: control.startChat({
          customerNickName: text(body, 'nickName'),
          subject: typeof body.subject === 'string' ? body.subject : 'Chat',
          ...(typeof body.text === 'string' ? { firstMessage: body.text } : {}),
        }),
      };
    } else if (passwordMatch?.[1] !== undefined) {
      control.setPassword(decodeURIComponent(passwordMatch[1]), text(body, 'password'), {
        mustChange: body.mustChange === true,
      });
    } else if (chatMatch?.[1] !== undefined) {
      const id = decodeURIComponent(chatMatch[1]);
      if (chatMatch[2] === 'messages') control.customerSays(id, text(body, 'text'));
      else if (chatMatch[2] === 'typing') control.customerTyping(id, body.typing !== false);
      else control.customerLeaves(id);
    } else {
      throw new GwsFailure(StatusCode.notFound, `No control resource ${path}`);
    }
    sendJson(response, 200, { statusCode: 0, ...answer });
  } catch (thrown) {
    const failure =
      thrown instanceof GwsFailure ? thrown : new GwsFailure(StatusCode.internal, String(thrown));
    if (!response.headersSent)
      sendJson(response, failure.statusCode === 6 ? 404 : 400, failureBody(failure));
  }
}
