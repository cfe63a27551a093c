import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { SessionStore } from './auth';
import type { CometdHub } from './cometd';
import type { Dialect } from './dialect';
import type { FeaturesAnswer } from './operations/types';
import type { SimUser } from './model';
import type { RunningScenario, ScenarioName } from './scenarios';
import type { World } from './world';

// The simulator's options and the state its parts share. This module sits below both the server
// (which builds the runtime and owns listening) and the control API (which acts on it), so that
// neither imports the other back.

/**
 * How one REST request fails: `unavailable` answers 503, `reset` cuts its connection (a GET's:
 * its one repeat's too, as a client asks a GET again once so), `silent` never answers (the
 * client times out): all three before the server acts on it. `answerLost` is served (an
 * operation done) but its answer is lost: the connection is cut where the answer would go, as
 * when a proxy or the network drops it on the way back. `answerLate` is served at once and its
 * answer held back {@link LATE_ANSWER_MS}: the server's notifications of what happened
 * meanwhile reach the client first (CometD and REST travel separately).
 */
export type RequestFault = 'unavailable' | 'reset' | 'silent' | 'answerLost' | 'answerLate';

/** How long an `answerLate` request's answer is held back. */
export const LATE_ANSWER_MS = 1_500;

/**
 * How a real server (or what stands in front of it) answers a REST request oddly, with HTTP 200:
 * `htmlPage` is a proxy's or a portal's HTML page, the request never reaching GWS; `cutShort` is
 * served, then its JSON ends half-way, the body closed cleanly (no length announced, as a
 * chunked answer from a server that gave up); `listsNull` is served with every list of the
 * answer's top level `null` (a serializer's empty collection); `listsDoubled` is served with
 * every item of those lists twice (a server's join gone wrong: the same id listed again);
 * `idsNumbered` is served with each item of those lists that has an `InteractionId` numbered
 * instead, 1, 2, … as a JSON number (a server whose ids are numbers). Not with HTTP 200:
 * `redirect` is a single sign-on proxy's `302` to its login page, with no body, the request never
 * reaching GWS.
 */
export type OddAnswer =
  'htmlPage' | 'redirect' | 'cutShort' | 'listsNull' | 'listsDoubled' | 'idsNumbered';

export interface SimulatorOptions {
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  readonly host: string;
  readonly scenario: ScenarioName;
  readonly dialect: Dialect;
  /** Seed for every random choice of the scenarios. */
  readonly seed: number;
  /**
   * The first 8 characters of every id this run hands out (but the demo contacts' stored past,
   * whose ids the seed makes): new and random in each run by default, as a real GWS never hands
   * an id out twice. Two simulators given the same prefix hand out the same ids, as two
   * deployments whose ids coincide.
   */
  readonly idPrefix?: string;
  readonly inviteTimeoutSeconds: number;
  /** Milliseconds before a revoked or rejected interaction is offered again. */
  readonly reofferDelayMs: number;
  /** Idle time after which an HTTP session expires (GWS default: 30 minutes). */
  readonly sessionIdleSeconds: number;
  /** How long the server holds a `/meta/connect`. */
  readonly connectTimeoutMs: number;
  /** A CometD client silent for longer than this is forgotten (402 on its next connect). */
  readonly maxIntervalMs: number;
  /** Serve the `/simulator/...` control API over HTTP. */
  readonly control: boolean;
  /** Notifications per second in the `load` scenario (chat lines, with `loadChats`). */
  readonly loadRate: number;
  /** `load`: open this many chats and spread the lines over them (see ScenarioOptions). */
  readonly loadChats?: number;
  /** `load` with `loadChats`: seconds of lines before the run stops by itself (default 10). */
  readonly loadSeconds?: number;
  /**
   * Drafts as 002 documents them: Reply and CreateEmail answer `{"status":"ok"}` alone (ReplyAll
   * and Forward name `replyInteractionId`), and a draft names no parent, as 002's "E-mail Reply
   * Created" samples: the client knows its draft only by that notification. By default every
   * answer names the draft and every draft its original.
   */
  readonly documentedDraftAnswers?: boolean;
  /**
   * false: dialect A's `GET /me/interactions?fields=*` lists chats without their transcripts (003
   * shows none there): a line the client missed comes back only by RequestChatHistory. By
   * default each chat is listed with its transcript.
   */
  readonly transcriptsInLists?: boolean;
  /**
   * true: every CometD request needs a live HTTP session and that session's CSRF token (403
   * otherwise), as the wire facts' "the token on every POST" reads for a filter in front of
   * `/notifications`. By default CometD checks only the handshake's session.
   */
  readonly strictNotifications?: boolean;
  /**
   * true: a contact center without the `api-multimedia` feature (003 "Features": "API for
   * non-voice channels", not assigned by default): /features and /features/api-multimedia no
   * longer list it (the control API's `setFeatures` changes it later). Only the feature list
   * changes; e-mail and chat still work, so that a client's reading of the list is tested alone.
   */
  readonly withoutMultimedia?: boolean;
  /** Chats an agent may hold at once (GWS: the capacity rule); 3 by default. */
  readonly chatCapacity?: number;
  /**
   * The world's clock (its timestamps: chat lines, starts, ends); the machine's by default. A
   * test sets it back to have a line sent minutes ago.
   */
  readonly now?: () => number;
  readonly users: readonly SimUser[];
  readonly log: (line: string) => void;
}

/** How much a restart forgets besides the HTTP and CometD sessions. */
export interface RestartOptions {
  /**
   * The contact-center sessions too (every agent logged out of every channel, its invitations
   * withdrawn), as when the node that held them is gone: the client must start a session again.
   */
  readonly forgetAgents?: boolean;
}

/**
 * Everything the request handler and the control API share. The HTTP server and the CometD hub
 * are replaceable (restart), the world and the users are not, just as GWS's back ends outlive a
 * restart of a GWS node.
 */
export interface SimulatorRuntime {
  readonly options: SimulatorOptions;
  readonly world: World;
  readonly sessions: SessionStore;
  hub: CometdHub;
  httpServer: Server;
  port: number;
  /** Requests arriving before this time are held until then (a half-open network). */
  stalledUntil: number;
  /** The timers of held requests, cleared on close so that nothing outlives the simulator. */
  readonly heldRequests: Set<NodeJS.Timeout>;
  readonly sockets: Set<Socket>;
  /**
   * Goes away for `downMs` (connections cut, sessions lost) and comes back on the same port.
   * The server provides it: only it knows how to listen again with its request handler.
   */
  restart(downMs: number, options?: RestartOptions): Promise<void>;
  /**
   * Refuses connections for `downMs` (nothing listens, open connections are cut) and comes back
   * on the same port with every session intact, as after a network outage.
   */
  refuseConnections(downMs: number): Promise<void>;
  /** Ends a restart's or an outage's time away now: the server listens again at once. */
  endOutage(): void;
  /** Faults for the next REST requests (not CometD), one per request, taken in order. */
  readonly requestFaults: RequestFault[];
  /**
   * The GETs (method and address) a `reset` or `answerLost` cut, whose one repeat on a new
   * connection is cut too (see `cutUnanswered` in server.ts).
   */
  readonly cutRepeats: Set<string>;
  /** Odd answers for the next REST requests whose path starts so, one per request, in order. */
  readonly oddAnswers: { readonly pathPrefix: string; readonly oddity: OddAnswer }[];
  /** How many of the next file downloads are cut off half-way through their bytes. */
  cutDownloads: number;
  /** How GET /features answers from now on. */
  features: FeaturesAnswer;
  /** The next file downloads served slowly, one rate (bytes a second) each, taken in order. */
  readonly slowDownloads: number[];
  /** The scenario playing on the world, once started. */
  scenario: RunningScenario | null;
}
