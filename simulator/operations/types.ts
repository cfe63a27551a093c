import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dialect } from '../dialect';
import type { MediaChannel, SimInteraction, SimUser } from '../model';
import type { World } from '../world';

/** GWS `statusCode` values (003, "Return Values"). */
export const StatusCode = {
  ok: 0,
  missingParameter: 1,
  invalidState: 2,
  forbidden: 3,
  internal: 4,
  permissionDenied: 5,
  notFound: 6,
} as const;
export type FailureCode = 1 | 2 | 3 | 4 | 5 | 6;

/**
 * How GET /features answers (003 "Features"): `all` lists every feature; `withoutMultimedia`
 * all but `api-multimedia` (a contact center it is not assigned to: it is not by default), its
 * e-mail and chat still working; `multimediaDisabled` the same list, with the API behaving "as if
 * this set of functionality does not exist" (003) as well: StartContactCenterSession on e-mail or
 * chat answers 2, not valid; `notFound` (404, a server without the resource), `forbidden` (403),
 * `internal` (an error status) refuse; `malformed` answers the bare URI list whatever `fields`
 * asks.
 */
export type FeaturesAnswer =
  | 'all'
  | 'withoutMultimedia'
  | 'multimediaDisabled'
  | 'notFound'
  | 'forbidden'
  | 'internal'
  | 'malformed';

/** Thrown by an operation to answer with a GWS error; the server turns it into the response. */
export class GwsFailure extends Error {
  constructor(
    readonly statusCode: FailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'GwsFailure';
  }
}

export type RequestBody = Readonly<Record<string, unknown>>;

/** Extra attributes of a successful answer (e.g. `replyInteractionId`, `referenceId`). */
export type SuccessBody = Record<string, unknown>;

/** Services an operation may use besides the world. */
export interface OperationContext {
  readonly world: World;
  readonly user: SimUser;
  readonly dialect: Dialect;
  /** `http://host:port/api/v2`, for URIs in answers. */
  readonly apiBase: string;
  /** SimulatorOptions.transcriptsInLists (true unless set false). */
  readonly transcriptsInLists: boolean;
  /** SimulatorOptions.documentedDraftAnswers: drafts made known by their notification alone. */
  readonly documentedDraftAnswers: boolean;
  /** How GET /features answers (SimulatorOptions.withoutMultimedia, control's setFeatures). */
  readonly features: FeaturesAnswer;
  /** Runs work after the HTTP answer has been written, as GWS's asynchronous operations do. */
  later(work: () => void): void;
  /**
   * Invalidates the HTTP session the request came in (EndContactCenterSession): the same
   * user's other sessions (a second desk, `switchboard listen`) stay valid.
   */
  endHttpSession(): void;
}

/** What a route's handler gets: the operation context and the HTTP exchange. */
export interface RouteContext extends OperationContext {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly url: URL;
  /** The pattern's capture groups, decoded. */
  readonly params: readonly string[];
}

/**
 * What a route answers. `resource` bodies get `statusCode:0` (GET style); `operation` bodies
 * get the dialect's operation style, or `status:0` where 003 shows that as the operation's
 * success (`numericStatus`); `raw` is written as it is (attachment bytes).
 */
export type RouteAnswer =
  | { readonly kind: 'resource'; readonly body: Record<string, unknown> }
  | {
      readonly kind: 'operation';
      readonly body?: Record<string, unknown>;
      readonly numericStatus?: boolean;
    }
  | {
      readonly kind: 'raw';
      readonly httpStatus: number;
      readonly headers: Record<string, string>;
      readonly body: Buffer;
    };

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Matched against the path below `/api/v2`, e.g. `^/me/interactions/([^/]+)$`. */
  readonly pattern: RegExp;
  /** Failures are answered in operation style (POST operations) or resource style. */
  readonly style: 'operation' | 'resource';
  handle(context: RouteContext): RouteAnswer | Promise<RouteAnswer>;
}

export type MeOperation = (context: OperationContext, body: RequestBody) => SuccessBody | undefined;
export type ChannelOperation = (
  context: OperationContext,
  channel: MediaChannel,
  body: RequestBody,
) => SuccessBody | undefined;
export type InteractionOperation = (
  context: OperationContext,
  interaction: SimInteraction,
  body: RequestBody,
) => SuccessBody | undefined;

export function requireString(body: RequestBody, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new GwsFailure(StatusCode.missingParameter, `Missing required parameter '${name}'`);
  }
  return value;
}

export function optionalString(body: RequestBody, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new GwsFailure(StatusCode.missingParameter, `Parameter '${name}' must be a string`);
  }
  return value;
}

export function optionalBoolean(body: RequestBody, name: string): boolean | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new GwsFailure(StatusCode.missingParameter, `Parameter '${name}' must be a boolean`);
}

export function requireObject(body: RequestBody, name: string): Record<string, unknown> {
  const value = body[name];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GwsFailure(StatusCode.missingParameter, `Missing required parameter '${name}'`);
  }
  return value as Record<string, unknown>;
}

export function invalidState(message: string): GwsFailure {
  return new GwsFailure(StatusCode.invalidState, message);
}

export function notFound(message: string): GwsFailure {
  return new GwsFailure(StatusCode.notFound, message);
}

/** A queue the contact center has, or 6 (PlaceInQueue's `queue`, the e-mails' `queueName`). */
export function requireKnownQueue(context: OperationContext, queue: string): string {
  if (!context.world.queues.has(queue)) throw notFound(`No queue ${queue}`);
  return queue;
}

/** The interaction must be owned by (or conferenced with) the calling agent. */
export function requireHandledBy(interaction: SimInteraction, userName: string): void {
  if (interaction.owner !== userName && !interaction.conferenceParties.includes(userName)) {
    throw invalidState(`Interaction ${interaction.id} is not being handled by ${userName}`);
  }
}

/** The interaction must be in one of `states` (of its own state machine). */
export function requireState(
  interaction: SimInteraction,
  ...states: SimInteraction['state'][]
): void {
  if (!states.includes(interaction.state)) {
    throw invalidState(
      `Operation not valid for interaction ${interaction.id} in state ${interaction.state}`,
    );
  }
}

export function requireChannel(interaction: SimInteraction, channel: MediaChannel): void {
  if (interaction.channel !== channel) {
    throw invalidState(`Operation is only valid for ${channel} interactions`);
  }
}

/**
 * Operations whose success 003 shows as `{"status":0}`, in either dialect: InitiateConsultation
 * (its body's StartChatConsultation), CompleteTransfer, CompleteConference (its body's
 * LeaveChatConsultation), PullInteractionFromWorkbin, AddInteractionToWorkbin and the workbin
 * Subscribe / Unsubscribe. Their failures keep the dialect's style (003 shows the workbin ones
 * as statusCode/statusMessage and none for the consultation ones).
 */
export const NUMERIC_STATUS_OPERATIONS: ReadonlySet<string> = new Set([
  'InitiateConsultation',
  'StartChatConsultation',
  'CompleteTransfer',
  'CompleteConference',
  'LeaveChatConsultation',
  'PullInteractionFromWorkbin',
  'AddInteractionToWorkbin',
  'Subscribe',
  'SubscribeWorkbinEvents',
  'Unsubscribe',
  'UnsubscribeWorkbinEvents',
]);

export function unknownOperation(name: string): GwsFailure {
  return new GwsFailure(
    StatusCode.invalidState,
    `Operation '${name}' is not supported on this resource`,
  );
}

/**
 * The request's `operationName`. Operation tables are plain objects, so a name inherited from
 * `Object.prototype` (`constructor`, `__proto__`, `toString`) is refused here, before any lookup.
 */
export function requireOperationName(body: RequestBody): string {
  const name = requireString(body, 'operationName');
  if (name in Object.prototype) throw unknownOperation(name);
  return name;
}
