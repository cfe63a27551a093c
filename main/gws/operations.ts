import { compact } from '../../common/compact';
import { z } from 'zod';
import { err, ok, type Result } from '../../common/errors';
import {
  GWS_OPERATIONS,
  type AgentProfile,
  type AgentStateDescriptor,
  type ChatNotification,
  type ChatVisibility,
  type DirectoryEntry,
  type DownloadedFile,
  type Feature,
  type GwsAnswer,
  type GwsArgs,
  type GwsInputArgs,
  type GwsOperationName,
  type GwsOperationTable,
  type HistoryFilters,
  type OutgoingEmail,
  type Reference,
  type ReplyOptions,
  type Upload,
  type WorkbinInfo,
  type WorkbinItem,
  isDotSegment,
} from '../../common/gwsOperations';
import { listIn, type GwsBody, type GwsRequester } from './http';
import {
  interactionEmailText,
  normalizeChannels,
  normalizeInteraction,
  parseGwsDate,
  subjectText,
  userDataSender,
} from './normalizer';
import { readMe, readUsers } from './users';

/**
 * The GWS 8.5 client's operations, derived from their one table (`GWS_OPERATIONS` in
 * common/gwsOperations.ts: name, argument tuple, answer) and the REST call each makes
 * ({@link REST_CALLS} below: method, path and body built from the parsed arguments, and how the
 * answer is read), over a {@link GwsRequester} (which re-authenticates once on 401/403).
 *
 * Every function validates its arguments with the table's own tuple schema before anything goes
 * on the wire — an invalid call answers `invalidArgument` and sends nothing — and answers a
 * `Result`; none throws. Callers that have validated with that same schema already (the IPC
 * dispatcher) use {@link GwsOperations.withParsedArgs}, which does not parse again. The server's
 * answers (both documented styles) become error kinds in `interpretAnswer` (http.ts).
 *
 * Document references: "003" is the Web Services API Reference 8.5, "002" the e-mail channel
 * operations, "000" the newer interaction notifications, "004" interaction history (UCS).
 *
 * Many operations are asynchronous: their answer only says the request was taken; the outcome
 * arrives as a notification that {@link GwsSession} turns into a domain event.
 */

const AgentStateEntry = z.looseObject({
  id: z.string(),
  operationName: z.string(),
  displayName: z.string().optional(),
  state: z.string(),
  workMode: z.string().optional(),
  reason: z.string().optional(),
});

// Only the id decides: a description of an unexpected type must not lose the feature.
const FeatureEntry = z.looseObject({
  id: z.string().min(1),
  displayName: z.string().optional().catch(undefined),
  description: z.string().optional().catch(undefined),
});

const WorkbinEntry = z.looseObject({
  workbinId: z.string(),
  workbinName: z.string().optional(),
  viewName: z.string().optional(),
  active: z.union([z.number(), z.boolean()]).optional(),
  workbinType: z.number().optional(),
});

// ---- helpers ------------------------------------------------------------------------------------

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

/** An id that cannot stand as one segment of a REST path. */
class UnsafePathSegment extends Error {}

/**
 * An id as one segment of a REST path. `.` and `..` are refused: encodeURIComponent leaves them
 * as they are, and the URL parser then reads them as "here" and "up" (`%2e%2e` as well), so an
 * id of `..` would send DELETE to `/me/` instead of to an attachment. The contract's `Id` refuses
 * them; this also covers ids the server hands out (documents to download).
 */
function segment(id: string): string {
  if (isDotSegment(id)) throw new UnsafePathSegment(`the id "${id}" cannot be part of a path`);
  return encodeURIComponent(id);
}

/**
 * An id the server gives, as it wrote it (`007` stays `007`): a server may write one as a JSON
 * number, taken as its decimal digits while a double holds them exactly; not one past 2^53
 * (`12345678901234567890` parses to …67000, `1e21` prints as `1e+21`: another interaction's id, or
 * none), a fraction, no finite number (`1e999` parses to Infinity), an object, or blank.
 */
function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  return Number.isSafeInteger(value) ? String(value) : undefined;
}

/** The new interaction's id in an answer (`replyInteractionId` for replies, `id` for CreateEmail). */
function createdId(body: GwsBody, key: 'replyInteractionId' | 'id'): Result<string | undefined> {
  return ok(idOf(body[key]));
}

function referenceOf(what: string, body: GwsBody): Result<Reference> {
  const value = body.referenceId;
  const referenceId =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isSafeInteger(referenceId))
    return err('internal', `${what}: the answer has no referenceId`);
  return ok({ referenceId });
}

// ---- the REST call of each operation ------------------------------------------------------------

/** What a REST call needs to know of the server beyond the requester. */
interface ServerFacts {
  /**
   * `…/api/v2` of the server, for the absolute `uri` PullInteractionFromWorkbin takes (003);
   * by default the URI is relative to the server root (`/api/v2/me/workbins/…`).
   */
  readonly apiUrl: string;
}

/** A JSON request: its answer is a JSON object, read by the call's `read`. */
type JsonRequest =
  | { readonly method: 'GET'; readonly path: string }
  | { readonly method: 'POST'; readonly path: string; readonly body: GwsBody }
  | { readonly method: 'DELETE'; readonly path: string }
  /** A multipart upload (attachments: the file in field `attachment`). */
  | { readonly method: 'POST form'; readonly path: string; readonly form: FormData };

/** A JSON call: the request built from the parsed arguments, and how its answer is read. */
interface JsonCall<K extends GwsOperationName> {
  readonly request: (args: GwsArgs<K>, server: ServerFacts) => JsonRequest;
  readonly read: (answer: GwsBody, args: GwsArgs<K>) => Result<GwsAnswer<K>>;
}

/** A download: the answer is the bytes at `path`, with their MIME type and file name. */
interface DownloadCall<K extends GwsOperationName> {
  readonly download: (args: GwsArgs<K>) => string;
}

/**
 * The REST call an operation makes. Operations answering nothing may leave out `read` (the
 * answer only says the request was taken); an operation answering a file downloads it.
 */
type RestCall<K extends GwsOperationName> =
  GwsAnswer<K> extends DownloadedFile
    ? DownloadCall<K>
    : GwsOperationTable[K]['result'] extends z.ZodVoid
      ? Omit<JsonCall<K>, 'read'> & Partial<Pick<JsonCall<K>, 'read'>>
      : JsonCall<K>;

const get = (path: string): JsonRequest => ({ method: 'GET', path });
const post = (path: string, body: GwsBody): JsonRequest => ({ method: 'POST', path, body });
const me = (body: GwsBody) => post('/me', body);
const onChannel = (channel: string, body: GwsBody) =>
  post(`/me/channels/${segment(channel)}`, body);
const onInteraction = (id: string, body: GwsBody) => post(`/me/interactions/${segment(id)}`, body);
/** `POST /me/interactions/{id}` with only an operation name. */
const interactionOperation = (operationName: string) => ({
  request: ([id]: [string]) => onInteraction(id, { operationName }),
});
const attachmentPath = (id: string, documentId: string) =>
  `/me/interactions/${segment(id)}/attachments/${segment(documentId)}`;

/**
 * The REST call of every operation of the table, by the client's name. The mapped type makes
 * an operation without its call (or with a call of the wrong argument types) a compile error.
 */
const REST_CALLS: { readonly [K in GwsOperationName]: RestCall<K> } = {
  // ---- the agent: /me (003 "Channels API", "Presence", "Start/EndContactCenterSession") -------

  /** The agent with channel states and DND (003, "Overall User State": GET /me?subresources=*). */
  getMe: { request: () => get('/me?subresources=*'), read: readMe },

  /** The contact center's agent states (003, "Agent States": GET /settings/agent-states). */
  getAgentStates: {
    request: () => get('/settings/agent-states'),
    read: (answer) => {
      const listed = listIn(answer, 'settings', 'GET /settings/agent-states');
      if (!listed.ok) return listed;
      const states: AgentStateDescriptor[] = [];
      const seen = new Set<string>();
      for (const entry of listed.value) {
        const parsed = AgentStateEntry.safeParse(entry);
        if (!parsed.success) continue;
        const { id, operationName, displayName, state, workMode, reason } = parsed.data;
        // The desk's choices are told apart by the operation name: one listed again is left out.
        if (seen.has(operationName)) continue;
        seen.add(operationName);
        states.push({
          id,
          operationName,
          displayName: displayName ?? operationName,
          state,
          workMode,
          reason,
        });
      }
      return ok(states);
    },
  },

  /**
   * The e-mail settings group (GET /settings/email): `max-attachment-size` in bytes, when the
   * server states it. A server without the group answers an error; the desk then keeps its own
   * limit and the server's refusal of a larger file has the last word.
   */
  getEmailSettings: {
    request: () => get('/settings/email'),
    read: (answer) => {
      for (const entry of arrayOf(answer.settings)) {
        if (typeof entry !== 'object' || entry === null) continue;
        const { name, value } = entry as { name?: unknown; value?: unknown };
        const bytes = typeof value === 'string' && /^\d+$/u.test(value) ? Number(value) : value;
        if (
          name === 'max-attachment-size' &&
          typeof bytes === 'number' &&
          Number.isInteger(bytes) &&
          bytes > 0
        )
          return ok({ maxAttachmentBytes: bytes });
      }
      return ok({});
    },
  },

  /**
   * The contact center's features (003, "Features": GET /features?fields=*). Callers judge what
   * is missing from the list (the desk's "no e-mail or chat" banner), so an answer that is not
   * a complete list of readable features is an error, never a shorter list: a server that
   * ignored `fields=*` (bare `uris`) or sent an entry without an id must not read as "absent".
   */
  getFeatures: {
    request: () => get('/features?fields=*'),
    read: (answer) => {
      if (!Array.isArray(answer.features))
        return err('internal', 'GetFeatures: the answer has no list of features');
      const features: Feature[] = [];
      for (const entry of answer.features as unknown[]) {
        const parsed = FeatureEntry.safeParse(entry);
        if (!parsed.success)
          return err('internal', 'GetFeatures: the answer lists a feature without an id');
        features.push({
          id: parsed.data.id,
          displayName: parsed.data.displayName,
          description: parsed.data.description,
        });
      }
      return ok(features);
    },
  },

  /**
   * StartContactCenterSession on `channels` (003, "Presence": POST /me, `channels` string
   * array). GwsSession.signIn already starts one; this is for starting again after
   * EndContactCenterSession.
   */
  startContactCenterSession: {
    request: ([channels]) =>
      me({ operationName: 'StartContactCenterSession', channels: [...new Set(channels)] }),
  },

  /**
   * EndContactCenterSession (003, "Presence"): logs out of every channel and invalidates the
   * HTTP session (the requester signs in again on the next request).
   */
  endContactCenterSession: { request: () => me({ operationName: 'EndContactCenterSession' }) },

  /** Ready on all channels (003, "Ready for All Channels"). */
  setReady: { request: () => me({ operationName: 'Ready' }) },

  /** NotReady on all channels (003, "NotReady For All Channels"), with an optional reason. */
  setNotReady: { request: ([reason]) => me(compact({ operationName: 'NotReady', reason })) },

  /**
   * Any agent state of /settings/agent-states on all channels, by its `operationName`
   * (003, "Agent States": e.g. AfterCallWork, AuxWork, a custom OutToLunch).
   */
  setAgentState: {
    request: ([operationName, reason]) => me(compact({ operationName, reason })),
  },

  /** DoNotDisturbOn / DoNotDisturbOff (003, "DndOn", "DndOff"). */
  doNotDisturb: {
    request: ([on]) => me({ operationName: on ? 'DoNotDisturbOn' : 'DoNotDisturbOff' }),
  },

  // ---- channels (003, "Set Agent State for a Particular Channel") ------------------------------

  /** Ready on one channel (003, "Ready Channel"). */
  setChannelReady: { request: ([channel]) => onChannel(channel, { operationName: 'Ready' }) },

  /** NotReady on one channel (003, "NotReady Channel"), with an optional reason. */
  setChannelNotReady: {
    request: ([channel, reason]) =>
      onChannel(channel, compact({ operationName: 'NotReady', reason })),
  },

  /**
   * DoNotDisturbOn / DoNotDisturbOff on one channel (003, "Device/Channel Management":
   * "/channels/{id}—set 'do not disturb' on a specific channel"), on the channel's resource as
   * its Ready and NotReady are.
   */
  setChannelDoNotDisturb: {
    request: ([channel, on]) =>
      onChannel(channel, { operationName: on ? 'DoNotDisturbOn' : 'DoNotDisturbOff' }),
  },

  /** Any agent state of /settings/agent-states on one channel (003: "NotReady, Ready, OutToLunch"). */
  setChannelState: {
    request: ([channel, operationName]) => onChannel(channel, { operationName }),
  },

  /** The agent's channels and their states (GET /me/channels). */
  getChannels: {
    request: () => get('/me/channels'),
    read: (answer) => ok(normalizeChannels(answer.channels)),
  },

  /** One channel's state (GET /me/channels/{channel}); an unknown channel is `notFound`. */
  getChannel: {
    request: ([channel]) => get(`/me/channels/${segment(channel)}`),
    read: (answer, [channel]) => {
      const [state] = normalizeChannels([answer.channel ?? answer]);
      return state === undefined
        ? err('internal', `GetChannel: no state for ${channel}`)
        : ok(state);
    },
  },

  // ---- the agent directory (003 "Users API") ---------------------------------------------------

  /**
   * The agent directory, for picking a transfer or consultation target: every user with all its
   * fields (`fields=*`: names, `doNotDisturb`) and subresources (`subresources=*`: 003 "will
   * return all fields and all subresources"; the channel states where the server gives them).
   */
  getUsers: {
    request: () => get('/users?fields=*&subresources=*'),
    read: readUsers,
  },

  // ---- interactions (003, "Interactions API Operations") ------------------------------------

  /** The interactions the agent handles (003: GET /me/interactions?fields=*). */
  listInteractions: {
    request: () => get('/me/interactions?fields=*'),
    read: (answer) =>
      ok(
        arrayOf(answer.interactions)
          .map(normalizeInteraction)
          .filter((snapshot) => snapshot !== undefined),
      ),
  },

  /** One interaction (003: GET /interactions/{id}); one the agent cannot see is `notFound`. */
  getInteraction: {
    request: ([id]) => get(`/interactions/${segment(id)}`),
    read: (answer, [id]) => {
      const snapshot = normalizeInteraction(answer.interaction ?? answer);
      return snapshot
        ? ok(snapshot)
        : err('internal', `GetInteraction: unreadable interaction ${id}`);
    },
  },

  /** One draft (GET /interactions/{id}) with the e-mail text the server shows of it. */
  getDraftOnServer: {
    request: ([id]) => get(`/interactions/${segment(id)}`),
    read: (answer, [id]) => {
      const resource = answer.interaction ?? answer;
      const interaction = normalizeInteraction(resource);
      if (!interaction) return err('internal', `GetDraftOnServer: unreadable interaction ${id}`);
      const text = interactionEmailText(resource);
      return ok(text === undefined ? { interaction } : { interaction, text });
    },
  },

  /**
   * Accept (003 "Accept"; for chat with the `nickname` shown to the customer, 003 "Interactions
   * On Chat Channel"). The interaction then arrives Accepted as a notification.
   */
  accept: {
    request: ([id, nickname]) => onInteraction(id, compact({ operationName: 'Accept', nickname })),
  },

  /** Reject (003 "Reject"): the invitation goes to another agent. */
  reject: interactionOperation('Reject'),

  /** StopProcessing (003 "StopProcessing"): the agent's ownership ends. */
  stopProcessing: interactionOperation('StopProcessing'),

  /** PlaceInQueue (003 "PlaceInQueue"): to `queue`, ending the agent's ownership. */
  placeInQueue: {
    request: ([id, queue]) => onInteraction(id, { operationName: 'PlaceInQueue', queue }),
  },

  /** UpdateProperties (003 "UpdateProperties"): merges `properties` into the user data. */
  updateProperties: {
    request: ([id, properties]) =>
      onInteraction(id, { operationName: 'UpdateProperties', properties }),
  },

  /** PlaceInWorkbin (003 "PlaceInWorkbin"): `workbin` is a workbin id or name. */
  placeInWorkbin: {
    request: ([id, workbin]) => onInteraction(id, { operationName: 'PlaceInWorkbin', workbin }),
  },

  /**
   * GetWorkbinContent (003 "GetWorkbinContent", the interaction operation): the content
   * arrives as a notification (a `workbinChanged` event).
   */
  getWorkbinContent: {
    request: ([id, workbin]) => onInteraction(id, { operationName: 'GetWorkbinContent', workbin }),
  },

  /** Transfer (003 "Transfer") to the agent `targetId` (user name, id or employee id). */
  transfer: {
    request: ([id, targetId]) => onInteraction(id, { operationName: 'Transfer', targetId }),
  },

  /** StartConference (003 "StartConference") with the agent `agentId`. */
  startConference: {
    request: ([id, agentId]) => onInteraction(id, { operationName: 'StartConference', agentId }),
  },

  /**
   * EndConference (003 "EndConference"): the agent `agentId` (the calling one: 003 lets agents
   * leave, not remove others) leaves the conference. Sent as `LeaveConference` with the
   * `agentId` 003's request body shows; without one, the body names none.
   */
  endConference: {
    request: ([id, agentId]) =>
      onInteraction(id, compact({ operationName: 'LeaveConference', agentId })),
  },

  // ---- e-mail (002; 003 "Interactions On E-mail Channel") -----------------------------------

  /**
   * Reply (002 "Reply"): a draft (ReplyCreated) arrives as a notification; answers the
   * draft's id when the server names it (`replyInteractionId`).
   */
  reply: {
    request: ([id, options]) => onInteraction(id, compact({ operationName: 'Reply', ...options })),
    read: (answer) => createdId(answer, 'replyInteractionId'),
  },

  /** ReplyAll (002 "ReplyAll"; quotes the original unless `quoteOriginal: false`). */
  replyAll: {
    request: ([id, options]) =>
      onInteraction(id, compact({ operationName: 'ReplyAll', ...options })),
    read: (answer) => createdId(answer, 'replyInteractionId'),
  },

  /**
   * Forward (002 "Forward"): a draft to `toAddress` (the documented body names no recipient;
   * without one, give it with Send). Answers the draft's id (`replyInteractionId`).
   */
  forward: {
    request: ([id, toAddress]) =>
      onInteraction(id, compact({ operationName: 'Forward', toAddress })),
    read: (answer) => createdId(answer, 'replyInteractionId'),
  },

  /** Send (002 "Send"): the draft, updated with `email`, leaves; its ownership ends. */
  send: {
    request: ([id, email, queueName]) =>
      onInteraction(
        id,
        compact({
          operationName: 'Send',
          queueName,
          email_object: email === undefined ? undefined : compact(email),
        }),
      ),
  },

  /** CancelReplyEmail (002 "CancelReplyEmail"): the draft is thrown away. */
  cancelReplyEmail: interactionOperation('CancelReplyEmail'),

  /**
   * CreateEmail (002 "CreateEmail", POST /me/interactions): a new outbound e-mail arrives as a
   * ReplyCreated notification; answers its id when the server names it (`id`).
   */
  createEmail: {
    request: ([queueName, interactionType, interactionSubType]) =>
      post(
        '/me/interactions',
        compact({ operationName: 'CreateEmail', queueName, interactionType, interactionSubType }),
      ),
    read: (answer) => createdId(answer, 'id'),
  },

  // ---- chat (003 "Interactions On Chat Channel"; 000's chat capabilities) -------------------

  /** SendMessage (003 "SendMessage"); `visibility` All (default), Int (agents only) or Vis. */
  sendMessage: {
    request: ([id, message, visibility]) =>
      onInteraction(id, compact({ operationName: 'SendMessage', text: message, visibility })),
  },

  /** SendNotification (003 "SendNotification"): TypingStarted / TypingStopped. */
  sendNotification: {
    request: ([id, notification]) =>
      onInteraction(id, { operationName: 'SendNotification', notification }),
  },

  /**
   * RequestChatHistory (003 "RequestChatHistory"): the transcript from `eventId` on arrives as
   * a notification (`chatEventsReceived`).
   */
  requestChatHistory: {
    request: ([id, eventId]) =>
      onInteraction(id, compact({ operationName: 'RequestChatHistory', eventId })),
  },

  /**
   * InitiateConsultation (003), sent as `StartChatConsultation` as its request body shows:
   * `agentId` joins the chat, internal to the agents.
   */
  startChatConsultation: {
    request: ([id, agentId]) =>
      onInteraction(id, { operationName: 'StartChatConsultation', agentId }),
  },

  /** CompleteTransfer (003): the consulted agent takes the chat over. */
  completeTransfer: interactionOperation('CompleteTransfer'),

  /**
   * CompleteConference (003): the consultation becomes a conference. Sent as
   * `LeaveChatConsultation`, the name 003's request body uses.
   */
  completeConference: interactionOperation('LeaveChatConsultation'),

  /** LeaveChat (000's chat capabilities): the agent leaves; the chat goes on without it. */
  leaveChat: interactionOperation('LeaveChat'),

  /** EndChatSession (000's chat capabilities): the chat ends for everyone. */
  endChatSession: interactionOperation('EndChatSession'),

  // ---- attachments (003 "Attachments API") --------------------------------------------------

  /** Uploads a file (multipart, field `attachment`); answers its `documentId`. */
  uploadAttachment: {
    request: ([id, file]) => {
      const form = new FormData();
      // A copy: Blob takes only ArrayBuffer-backed views, and the caller keeps its bytes.
      const blob = new Blob([new Uint8Array(file.bytes)], { type: file.mimeType });
      form.append('attachment', blob, file.name);
      return { method: 'POST form', path: `/me/interactions/${segment(id)}/attachments`, form };
    },
    read: (answer) => {
      const documentId = text(answer.documentId);
      return documentId === undefined || documentId === ''
        ? err('internal', 'UploadAttachment: the answer has no documentId')
        : ok(documentId);
    },
  },

  /** Downloads an attachment: its bytes, MIME type and file name. */
  downloadAttachment: { download: ([id, documentId]) => attachmentPath(id, documentId) },

  /** Deletes an attachment. */
  deleteAttachment: {
    request: ([id, documentId]) => ({ method: 'DELETE', path: attachmentPath(id, documentId) }),
  },

  // ---- workbins (003 "Workbins") --------------------------------------------------------------

  /** GetWorkbinTypesInfo (GET /me/workbins): the agent's workbins. */
  getWorkbins: {
    request: () => get('/me/workbins'),
    read: (answer) => {
      const listed = listIn(answer, 'workbins', 'GetWorkbinTypesInfo');
      if (!listed.ok) return listed;
      const workbins: WorkbinInfo[] = [];
      const seen = new Set<string>();
      for (const entry of listed.value) {
        const parsed = WorkbinEntry.safeParse(entry);
        if (!parsed.success) continue;
        const { workbinId, workbinName, viewName, active, workbinType } = parsed.data;
        // A workbin listed again is the same one: stored twice, it failed the whole read.
        if (seen.has(workbinId)) continue;
        seen.add(workbinId);
        workbins.push({
          workbinId,
          workbinName: workbinName ?? workbinId,
          viewName,
          active: active === undefined ? true : Boolean(active),
          workbinType,
        });
      }
      return ok(workbins);
    },
  },

  /** GetWorkbinContent (GET /me/workbins/{workbinId}/interactions?fields=*). */
  getWorkbinInteractions: {
    request: ([workbinId]) => get(`/me/workbins/${segment(workbinId)}/interactions?fields=*`),
    read: (answer) => {
      const listed = listIn(answer, 'interactions', 'GetWorkbinContent');
      if (!listed.ok) return listed;
      const items: WorkbinItem[] = [];
      for (const entry of listed.value) {
        const properties = objectOf(entry);
        // An InteractionId that is no id (empty, blank) leaves the item's id to name it.
        const itemId =
          properties === undefined
            ? undefined
            : (idOf(properties.InteractionId) ?? idOf(properties.id));
        if (properties === undefined || itemId === undefined) continue;
        // Read as every other GWS date is: Date.parse dropped an epoch number and read a date
        // without a zone in the desk's local time where the rest of the client reads UTC.
        const placedAt = parseGwsDate(properties.PlacedInQueueAt);
        items.push({
          id: itemId,
          channel: text(properties.MediaType),
          // The userData `Subject` the notifications carry, read as they read it: left raw, a
          // reread workbin showed `=?UTF-8?B?…?=` where its PlacedIn notification had shown the
          // words (an empty one none).
          subject: subjectText(text(properties.Subject)),
          queue: text(properties.Queue),
          // As the item's PlacedIn notification names it: a reread workbin named no sender for
          // an item with only the contact's EmailAddress, where the notification had named it.
          // A chat's is its customer's nickname there, never the contact's address.
          from:
            text(properties.MediaType) === 'chat'
              ? text(properties.FromAddress)
              : userDataSender(properties),
          placedAt,
          properties,
        });
      }
      return ok(items);
    },
  },

  /**
   * AddInteractionToWorkbin (POST /me/workbins/{workbinId}/interactions, `{interactionId}`):
   * answers the interaction's `uri` in the workbin when the server gives it.
   */
  addInteractionToWorkbin: {
    request: ([workbinId, interactionId]) =>
      post(`/me/workbins/${segment(workbinId)}/interactions`, { interactionId }),
    read: (answer) => ok(text(answer.uri)),
  },

  /**
   * PullInteractionFromWorkbin (POST /me/interactions with the interaction's workbin `uri`):
   * it comes back to the agent, announced as `Pulled`.
   */
  pullInteractionFromWorkbin: {
    request: ([workbinId, interactionId], server) =>
      post('/me/interactions', {
        operationName: 'PullInteractionFromWorkbin',
        uri: `${server.apiUrl}/me/workbins/${segment(workbinId)}/interactions/${segment(interactionId)}`,
      }),
  },

  /** SubscribeWorkbinEvents (POST /me/workbins/{workbinId}, `Subscribe`). */
  subscribeWorkbin: {
    request: ([workbinId]) =>
      post(`/me/workbins/${segment(workbinId)}`, { operationName: 'Subscribe' }),
  },

  /** UnsubscribeWorkbinEvents (POST /me/workbins/{workbinId}, `Unsubscribe`). */
  unsubscribeWorkbin: {
    request: ([workbinId]) =>
      post(`/me/workbins/${segment(workbinId)}`, { operationName: 'Unsubscribe' }),
  },

  // ---- interaction history (004; GWS README) ------------------------------------------------

  /**
   * RetrieveInteractionHistory (POST /ucs/interactions): answers the `referenceId` the result
   * (`historyReceived` or `historyFailed`) will carry.
   */
  retrieveInteractionHistory: {
    request: ([filters]) =>
      post(
        '/ucs/interactions',
        compact({ operationName: 'RetrieveInteractionHistory', ...filters }),
      ),
    read: (answer) => referenceOf('RetrieveInteractionHistory', answer),
  },

  /**
   * GetInteractionContent (POST /ucs/interactions): answers the `referenceId` the result
   * (`historyContentReceived` or `historyFailed`) will carry.
   */
  getInteractionContent: {
    request: ([interactionId]) =>
      post('/ucs/interactions', { operationName: 'GetInteractionContent', interactionId }),
    read: (answer) => referenceOf('GetInteractionContent', answer),
  },
};

// ---- the client ---------------------------------------------------------------------------------

/** Operations called with arguments a caller has parsed with the table's schema already. */
export type ParsedArgsOperations = {
  readonly [K in GwsOperationName]: (...args: GwsArgs<K>) => Promise<Result<GwsAnswer<K>>>;
};

/** The GWS operations of one session: one validating function per table entry. */
export type GwsOperations = {
  readonly [K in GwsOperationName]: (...args: GwsInputArgs<K>) => Promise<Result<GwsAnswer<K>>>;
} & {
  /**
   * The same operations without a second validation, for callers that parsed the arguments
   * with the operation's own schema (`GWS_OPERATIONS[name].args`) already: the IPC dispatcher.
   */
  readonly withParsedArgs: ParsedArgsOperations;
};

export interface OperationsOptions {
  /**
   * `…/api/v2` of the server, for the absolute `uri` PullInteractionFromWorkbin takes (003);
   * without it the URI is relative to the server root (`/api/v2/me/workbins/…`).
   */
  readonly apiUrl?: string;
}

/** A REST call of any operation, as `send` sees it once the table's types have done their work. */
type AnyRestCall =
  | { readonly download: (args: readonly unknown[]) => string }
  | {
      readonly request: (args: readonly unknown[], server: ServerFacts) => JsonRequest;
      readonly read?: (answer: GwsBody, args: readonly unknown[]) => Result<unknown>;
    };

/** Sends a JSON request through the session's requester. */
function sent(requester: GwsRequester, request: JsonRequest): Promise<Result<GwsBody>> {
  switch (request.method) {
    case 'GET':
      return requester.get(request.path);
    case 'POST':
      return requester.post(request.path, request.body);
    case 'DELETE':
      return requester.delete(request.path);
    case 'POST form':
      return requester.postForm(request.path, request.form);
  }
}

/** `invalidArgument` naming the operation and each argument that failed (1-based). */
function invalid(what: string, error: z.ZodError): Result<never> {
  const details = error.issues
    .map((issue) => {
      // The first path element is the argument's position in the call.
      const [position, ...rest] = issue.path;
      const where =
        typeof position === 'number'
          ? [`argument ${position + 1}`, ...rest.map(String)].join('.')
          : issue.path.map(String).join('.');
      return where === '' ? issue.message : `${where}: ${issue.message}`;
    })
    .join('; ');
  return err('invalidArgument', `${what}: ${details}`);
}

/** The typed GWS operations over one session's requester. */
export function createOperations(
  requester: GwsRequester,
  options: OperationsOptions = {},
): GwsOperations {
  const server: ServerFacts = { apiUrl: (options.apiUrl ?? '/api/v2').replace(/\/+$/, '') };

  /** Sends one operation's REST call with parsed arguments; whatever throws becomes `internal`. */
  async function send(name: GwsOperationName, args: readonly unknown[]): Promise<Result<unknown>> {
    // One signature for every entry: the table's types were checked where it was written.
    const call = REST_CALLS[name] as unknown as AnyRestCall;
    try {
      if ('download' in call) return await requester.getBytes(call.download(args));
      const answer = await sent(requester, call.request(args, server));
      if (!answer.ok) return answer;
      return call.read === undefined ? ok(undefined) : call.read(answer.value, args);
    } catch (thrown) {
      const message = thrown instanceof Error ? thrown.message : String(thrown);
      const kind = thrown instanceof UnsafePathSegment ? 'invalidArgument' : 'internal';
      return err(kind, `${GWS_OPERATIONS[name].operation}: ${message}`);
    }
  }

  const checked: Record<string, (...args: unknown[]) => Promise<Result<unknown>>> = {};
  const parsed: Record<string, (...args: unknown[]) => Promise<Result<unknown>>> = {};
  for (const name of Object.keys(GWS_OPERATIONS) as GwsOperationName[]) {
    const spec = GWS_OPERATIONS[name];
    parsed[name] = (...args) => send(name, args);
    checked[name] = async (...args) => {
      const valid = spec.args.safeParse(args);
      return valid.success ? send(name, valid.data) : invalid(spec.operation, valid.error);
    };
  }
  return { ...checked, withParsedArgs: parsed } as unknown as GwsOperations;
}

export type {
  AgentProfile,
  AgentStateDescriptor,
  ChatNotification,
  ChatVisibility,
  DirectoryEntry,
  DownloadedFile,
  Feature,
  HistoryFilters,
  OutgoingEmail,
  Reference,
  ReplyOptions,
  Upload,
  WorkbinInfo,
  WorkbinItem,
};
