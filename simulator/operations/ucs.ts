import { readJsonBody } from '../http';
import type { ChatEvent, ChatUserType, MediaChannel, SimInteraction } from '../model';
import type { World } from '../world';
import {
  GwsFailure,
  optionalString,
  requireOperationName,
  requireString,
  StatusCode,
  type OperationContext,
  type RequestBody,
  type Route,
  type RouteContext,
} from './types';

/** The CometD channel of every interaction-history answer (004). */
export const UCS_CHANNEL = '/v2/ucs/interactions';

/** The last `referenceId` handed out, per world: each simulator counts from 1, as 004 shows. */
const lastReferenceIds = new WeakMap<World, number>();

/** Per world, the `errorMessage`s the next UCS requests are answered with (a test's fault). */
const pendingFailures = new WeakMap<World, string[]>();

/**
 * The next UCS requests (one each, in order) are answered on CometD with `errorMessage`
 * instead of their result, as 004's "Failure" samples: UCS down, a database error.
 */
export function failNextUcsRequests(world: World, messages: readonly string[]): void {
  pendingFailures.set(world, [...(pendingFailures.get(world) ?? []), ...messages]);
}

function nextReferenceId(world: World): number {
  const next = (lastReferenceIds.get(world) ?? 0) + 1;
  lastReferenceIds.set(world, next);
  return next;
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/** A UCS date, local time with its offset: `2015-10-01 16:02:07.000+0300` (004). */
export function ucsDate(epochMs: number): string {
  const offsetMinutes = -new Date(epochMs).getTimezoneOffset();
  const local = new Date(epochMs + offsetMinutes * 60_000).toISOString();
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = Math.abs(offsetMinutes);
  const zone = `${sign}${twoDigits(Math.floor(offset / 60))}${twoDigits(offset % 60)}`;
  return `${local.slice(0, 10)} ${local.slice(11, 23)}${zone}`;
}

const MEDIA_TYPES: Readonly<Record<MediaChannel, string>> = { chat: 'Chat', email: 'Email' };

/**
 * The 004 "interaction history resource" of an interaction; 004 shows `path` only in content
 * answers.
 */
function historyResource(
  context: OperationContext,
  interaction: SimInteraction,
  withPath: boolean,
): Record<string, unknown> {
  const owner = interaction.owner === null ? undefined : context.world.findUser(interaction.owner);
  return {
    uri: `${context.apiBase}/interactions/${interaction.id}`,
    id: interaction.id,
    ...(withPath ? { path: `/interactions/${interaction.id}` } : {}),
    mediaType: interaction.mediaType ?? MEDIA_TYPES[interaction.channel],
    typeId: interaction.type,
    state: interaction.state === 'Completed' ? 'Stopped' : 'InProcess',
    startDate: ucsDate(interaction.startDate),
    ...(interaction.endDate === null ? {} : { endDate: ucsDate(interaction.endDate) }),
    subject: interaction.subject,
    contactId: interaction.contactId,
    ...(owner === undefined
      ? {}
      : {
          ownerInformation: {
            userName: owner.userName,
            lastName: owner.lastName,
            id: owner.id,
            firstName: owner.firstName,
          },
        }),
  };
}

/** The interaction's string-valued attached data, as UCS keeps its custom attributes. */
function customAttributes(interaction: SimInteraction): Record<string, string> {
  return Object.fromEntries(
    Object.entries(interaction.userData).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

const PARTICIPANT_TYPES: Readonly<Record<ChatUserType, string>> = {
  Client: 'Customer',
  Agent: 'Agent',
  External: 'External',
};

const MESSAGE_TYPES: Readonly<Record<ChatEvent['kind'], string>> = {
  PARTY_JOINED: 'ParticipantJoined',
  MESSAGE: 'Text',
  NOTICE: 'Notice',
  PARTY_LEFT: 'ParticipantLeft',
};

/** A chat event as a 004 transcript message (`timestampSeconds` is in ms, as 004 shows it). */
function transcriptMessage(event: ChatEvent): Record<string, unknown> {
  return {
    index: event.id,
    from: {
      nickname: event.nickName,
      type: PARTICIPANT_TYPES[event.userType],
      participantId: event.userId,
    },
    ...(event.text === undefined ? {} : { text: event.text }),
    visibility: event.visibility,
    timestamp: ucsDate(event.timestamp),
    type: MESSAGE_TYPES[event.kind],
    timestampSeconds: event.timestamp,
  };
}

/** `1443704527000`, `"2015-10-01T13:02:07Z"` or the UCS form `"2015-10-01 16:02:07.000+0300"`. */
function optionalDate(body: RequestBody, name: string): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  let parsed = Number.NaN;
  if (typeof value === 'number') parsed = value;
  if (typeof value === 'string') {
    const ucs = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(\d{2})$/.exec(value);
    parsed = Date.parse(ucs ? `${ucs[1]}T${ucs[2]}${ucs[3]}:${ucs[4]}` : value);
  }
  if (!Number.isFinite(parsed)) {
    throw new GwsFailure(StatusCode.missingParameter, `Parameter '${name}' must be a date`);
  }
  return parsed;
}

function optionalLimit(body: RequestBody): number | undefined {
  const value = body.limit;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new GwsFailure(
      StatusCode.missingParameter,
      "Parameter 'limit' must be a positive integer",
    );
  }
  return value;
}

function optionalMediaType(body: RequestBody): MediaChannel | undefined {
  const value = optionalString(body, 'mediaType');
  if (value === undefined) return undefined;
  const channel = (Object.keys(MEDIA_TYPES) as MediaChannel[]).find(
    (candidate) => candidate === value.toLowerCase(),
  );
  if (!channel) {
    throw new GwsFailure(
      StatusCode.missingParameter,
      "Parameter 'mediaType' must be Chat or Email",
    );
  }
  return channel;
}

/**
 * RetrieveInteractionHistory: with `contactId`, that contact's interactions (whoever handled
 * them, as UCS keeps contact history); without, the caller's own past and current ones. Filters
 * `mediaType`, `fromDate`/`toDate` (on the start date) and `limit` (the most recent ones), listed
 * oldest first as in 004.
 */
function retrieveHistory(context: OperationContext, body: RequestBody): Record<string, unknown> {
  const contactId = optionalString(body, 'contactId');
  const channel = optionalMediaType(body);
  const fromDate = optionalDate(body, 'fromDate');
  const toDate = optionalDate(body, 'toDate');
  const limit = optionalLimit(body);
  const userName = context.user.userName;
  const matching = [...context.world.interactions.values()]
    .filter((interaction) =>
      contactId === undefined
        ? interaction.owner === userName || interaction.conferenceParties.includes(userName)
        : interaction.contactId === contactId,
    )
    .filter((interaction) => channel === undefined || interaction.channel === channel)
    .filter((interaction) => fromDate === undefined || interaction.startDate >= fromDate)
    .filter((interaction) => toDate === undefined || interaction.startDate <= toDate)
    .sort((a, b) => a.startDate - b.startDate);
  const listed = limit === undefined ? matching : matching.slice(-limit);
  return {
    messageType: 'GetInteractionsHistoryMessage',
    interactions: listed.map((interaction) => ({
      ...historyResource(context, interaction, false),
      customAttributes: customAttributes(interaction),
    })),
  };
}

/**
 * GetInteractionContent (named after 004's GetInteractionContentMessage): the interaction and,
 * for a chat, its whole transcript. An unknown id is answered on CometD with `errorMessage`.
 */
function retrieveContent(context: OperationContext, body: RequestBody): Record<string, unknown> {
  const interactionId = requireString(body, 'interactionId');
  const interaction = context.world.interactions.get(interactionId);
  if (!interaction) {
    return {
      messageType: 'GetInteractionContentMessage',
      errorMessage: `Request failed: interaction ${interactionId} not found`,
    };
  }
  // 004 shows no e-mail content; UCS keeps an e-mail's body as its `text` (and `structuredText`
  // for HTML), which is what the simulator adds to the interaction resource.
  const email = interaction.email;
  return {
    messageType: 'GetInteractionContentMessage',
    interaction: {
      ...historyResource(context, interaction, true),
      ...(email === null
        ? {}
        : { text: email.text, ...(email.html === null ? {} : { structuredText: email.html }) }),
    },
    ...(interaction.chat === null
      ? {}
      : { messages: interaction.chat.events.map(transcriptMessage) }),
  };
}

/** The message type each operation's answer has, failed or not (004). */
const RESULT_TYPES: Readonly<Record<string, string>> = {
  RetrieveInteractionHistory: 'GetInteractionsHistoryMessage',
  GetInteractionContent: 'GetInteractionContentMessage',
};

const UCS_OPERATIONS: Readonly<
  Record<string, (context: OperationContext, body: RequestBody) => Record<string, unknown>>
> = {
  RetrieveInteractionHistory: retrieveHistory,
  GetInteractionContent: retrieveContent,
};

/**
 * Interaction history (004): `POST /ucs/interactions` answers `{statusCode:0, referenceId}` at
 * once; the result follows on `/v2/ucs/interactions` to the caller's sessions with the same
 * `referenceId`.
 */
export const ucsRoutes: readonly Route[] = [
  {
    method: 'POST',
    pattern: /^\/ucs\/interactions$/,
    style: 'resource',
    handle: async (context: RouteContext) => {
      const body = await readJsonBody(context.request);
      const name = requireOperationName(body);
      const operation = UCS_OPERATIONS[name];
      if (!operation) {
        throw new GwsFailure(
          StatusCode.invalidState,
          `Operation '${name}' is not supported on this resource`,
        );
      }
      const failure = pendingFailures.get(context.world)?.shift();
      const result =
        failure === undefined
          ? operation(context, body)
          : { messageType: RESULT_TYPES[name], errorMessage: failure };
      const referenceId = nextReferenceId(context.world);
      const userName = context.user.userName;
      context.later(() => {
        context.world.publish(userName, UCS_CHANNEL, { referenceId, ...result });
      });
      return { kind: 'resource', body: { referenceId } };
    },
  },
];
