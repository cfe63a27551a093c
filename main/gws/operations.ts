import { z } from 'zod';
import { err, ok, type Result } from '../../common/errors';
import {
  Addresses,
  Channel,
  ChatNotificationSchema,
  ChatVisibilitySchema,
  HistoryFiltersSchema,
  Id,
  Name,
  OutgoingEmailSchema,
  ReplyOptionsSchema,
  StateOperationName,
  UploadSchema,
  type AgentProfile,
  type AgentStateDescriptor,
  type ChatNotification,
  type ChatVisibility,
  type Feature,
  type HistoryFilters,
  type OutgoingEmail,
  type Reference,
  type ReplyOptions,
  type Upload,
  type WorkbinInfo,
  type WorkbinItem,
} from '../../common/gwsOperations';
import type { ChannelState, InteractionSnapshot } from '../../common/model';
import type { GwsBody, GwsBytes } from './http';
import { normalizeChannels, normalizeInteraction, userDnd } from './normalizer';
import type { GwsRequester } from './session';

/**
 * One typed function per GWS 8.5 operation an e-mail and chat agent desktop uses, over a
 * {@link GwsRequester} (which re-authenticates once on 401/403). Every function validates its
 * parameters with zod before anything goes on the wire — an invalid call answers
 * `invalidArgument` and sends nothing — and answers a `Result`; none throws. The server's
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

const FeatureEntry = z.looseObject({
  id: z.string(),
  displayName: z.string().optional(),
  description: z.string().optional(),
});

const WorkbinEntry = z.looseObject({
  workbinId: z.string(),
  workbinName: z.string().optional(),
  viewName: z.string().optional(),
  active: z.union([z.number(), z.boolean()]).optional(),
  workbinType: z.number().optional(),
});

// ---- helpers ------------------------------------------------------------------------------------

function invalid<T>(what: string, error: z.ZodError): Result<T> {
  const details = error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    })
    .join('; ');
  return err('invalidArgument', `${what}: ${details}`);
}

/**
 * Validates `input` against `schema`, then runs `send` with the parsed value. Whatever `send`
 * throws (it should not) becomes `internal`, so that no operation ever rejects.
 */
async function guarded<S extends z.ZodType, T>(
  what: string,
  schema: S,
  input: unknown,
  send: (valid: z.output<S>) => Promise<Result<T>>,
): Promise<Result<T>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return invalid(what, parsed.error);
  try {
    return await send(parsed.data);
  } catch (thrown) {
    return err('internal', `${what}: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
  }
}

/** An operation whose answer carries nothing the caller needs. */
function done(result: Result<GwsBody>): Result<void> {
  return result.ok ? ok(undefined) : result;
}

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

/** Drops the keys whose value is `undefined`, so that the body carries only what was given. */
function defined(body: Record<string, unknown>): GwsBody {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

const segment = encodeURIComponent;

/** Channel states of a channel list; each entry carries its own `dndState`. */
function channelsOf(entries: unknown): ChannelState[] {
  return normalizeChannels(entries);
}

/** The new interaction's id in an answer (`replyInteractionId` for replies, `id` for CreateEmail). */
function createdId(body: GwsBody, key: 'replyInteractionId' | 'id'): string | undefined {
  const value = body[key];
  if (typeof value === 'string' && value !== '') return value;
  return typeof value === 'number' ? String(value) : undefined;
}

function referenceOf(what: string, result: Result<GwsBody>): Result<Reference> {
  if (!result.ok) return result;
  const value = result.value.referenceId;
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

// ---- the operations -----------------------------------------------------------------------------

export interface OperationsOptions {
  /**
   * `…/api/v2` of the server, for the absolute `uri` PullInteractionFromWorkbin takes (003);
   * without it the URI is relative to the server root (`/api/v2/me/workbins/…`).
   */
  readonly apiUrl?: string;
}

/** The typed GWS operations over one session's requester. */
export function createOperations(requester: GwsRequester, options: OperationsOptions = {}) {
  const apiUrl = (options.apiUrl ?? '/api/v2').replace(/\/+$/, '');

  const me = (body: GwsBody) => requester.post('/me', body);
  const onChannel = (channel: string, body: GwsBody) =>
    requester.post(`/me/channels/${segment(channel)}`, body);
  const onInteraction = (id: string, body: GwsBody) =>
    requester.post(`/me/interactions/${segment(id)}`, body);

  /** `POST /me/interactions/{id}` with only an operation name (and optional extra fields). */
  const interactionOperation =
    (what: string, operationName: string) =>
    (id: string): Promise<Result<void>> =>
      guarded(what, Id, id, async (valid) => done(await onInteraction(valid, { operationName })));

  return {
    // ---- the agent: /me (003 "Channels API", "Presence", "Start/EndContactCenterSession") ----

    /**
     * StartContactCenterSession on `channels` (003, "Presence": POST /me, `channels` string
     * array). GwsSession.signIn already starts one; this is for starting again after
     * {@link endContactCenterSession}.
     */
    startContactCenterSession: (channels: readonly string[]): Promise<Result<void>> =>
      guarded(
        'StartContactCenterSession',
        z.array(Channel).min(1).max(32),
        channels,
        async (valid) =>
          done(
            await me({ operationName: 'StartContactCenterSession', channels: [...new Set(valid)] }),
          ),
      ),

    /**
     * EndContactCenterSession (003, "Presence"): logs out of every channel and invalidates the
     * HTTP session (the requester signs in again on the next request).
     */
    endContactCenterSession: (): Promise<Result<void>> =>
      guarded('EndContactCenterSession', z.undefined(), undefined, async () =>
        done(await me({ operationName: 'EndContactCenterSession' })),
      ),

    /** Ready on all channels (003, "Ready for All Channels"). */
    setReady: (): Promise<Result<void>> =>
      guarded('Ready', z.undefined(), undefined, async () =>
        done(await me({ operationName: 'Ready' })),
      ),

    /** NotReady on all channels (003, "NotReady For All Channels"), with an optional reason. */
    setNotReady: (reason?: string): Promise<Result<void>> =>
      guarded('NotReady', Name.optional(), reason, async (valid) =>
        done(await me(defined({ operationName: 'NotReady', reason: valid }))),
      ),

    /**
     * Any agent state of /settings/agent-states on all channels, by its `operationName`
     * (003, "Agent States": e.g. AfterCallWork, AuxWork, a custom OutToLunch).
     */
    setAgentState: (operationName: string, reason?: string): Promise<Result<void>> =>
      guarded(
        'SetAgentState',
        z.object({ operationName: StateOperationName, reason: Name.optional() }),
        { operationName, reason },
        async (valid) => done(await me(defined({ ...valid }))),
      ),

    /** DoNotDisturbOn / DoNotDisturbOff (003, "DndOn", "DndOff"). */
    doNotDisturb: (on: boolean): Promise<Result<void>> =>
      guarded('DoNotDisturb', z.boolean(), on, async (valid) =>
        done(await me({ operationName: valid ? 'DoNotDisturbOn' : 'DoNotDisturbOff' })),
      ),

    // ---- channels (003, "Set Agent State for a Particular Channel") ------------------------------

    /** Ready on one channel (003, "Ready Channel"). */
    setChannelReady: (channel: string): Promise<Result<void>> =>
      guarded('Ready', Channel, channel, async (valid) =>
        done(await onChannel(valid, { operationName: 'Ready' })),
      ),

    /** NotReady on one channel (003, "NotReady Channel"), with an optional reason. */
    setChannelNotReady: (channel: string, reason?: string): Promise<Result<void>> =>
      guarded(
        'NotReady',
        z.object({ channel: Channel, reason: Name.optional() }),
        { channel, reason },
        async (valid) =>
          done(
            await onChannel(
              valid.channel,
              defined({ operationName: 'NotReady', reason: valid.reason }),
            ),
          ),
      ),

    /** Any agent state of /settings/agent-states on one channel (003: "NotReady, Ready, OutToLunch"). */
    setChannelState: (channel: string, operationName: string): Promise<Result<void>> =>
      guarded(
        'SetChannelState',
        z.object({ channel: Channel, operationName: StateOperationName }),
        { channel, operationName },
        async (valid) =>
          done(await onChannel(valid.channel, { operationName: valid.operationName })),
      ),

    // ---- reads ----------------------------------------------------------------------------------

    /** The agent with channel states and DND (003, "Overall User State": GET /me?subresources=*). */
    getMe: (): Promise<Result<AgentProfile>> =>
      guarded('GetMe', z.undefined(), undefined, async () => {
        const answer = await requester.get('/me?subresources=*');
        if (!answer.ok) return answer;
        const user = objectOf(answer.value.user) ?? answer.value;
        const id = text(user.id);
        const userName = text(user.userName);
        if (id === undefined || userName === undefined)
          return err('internal', 'GetMe: the answer has no user');
        const dnd = userDnd(user);
        const channels = user.channels ?? answer.value.channels;
        return ok({
          id,
          userName,
          firstName: text(user.firstName),
          lastName: text(user.lastName),
          employeeId: text(user.employeeId),
          roles: arrayOf(user.roles).filter((role): role is string => typeof role === 'string'),
          dnd,
          channels: normalizeChannels(channels, dnd),
          mustChangePassword: user.changePasswordOnFirstLogin === true,
        });
      }),

    /** The agent's channels and their states (GET /me/channels). */
    getChannels: (): Promise<Result<ChannelState[]>> =>
      guarded('GetChannels', z.undefined(), undefined, async () => {
        const answer = await requester.get('/me/channels');
        return answer.ok ? ok(channelsOf(answer.value.channels)) : answer;
      }),

    /** One channel's state (GET /me/channels/{channel}); an unknown channel is `notFound`. */
    getChannel: (channel: string): Promise<Result<ChannelState>> =>
      guarded('GetChannel', Channel, channel, async (valid) => {
        const answer = await requester.get(`/me/channels/${segment(valid)}`);
        if (!answer.ok) return answer;
        const [state] = channelsOf([answer.value.channel ?? answer.value]);
        return state === undefined
          ? err('internal', `GetChannel: no state for ${valid}`)
          : ok(state);
      }),

    /** The contact center's agent states (003, "Agent States": GET /settings/agent-states). */
    getAgentStates: (): Promise<Result<AgentStateDescriptor[]>> =>
      guarded('GetAgentStates', z.undefined(), undefined, async () => {
        const answer = await requester.get('/settings/agent-states');
        if (!answer.ok) return answer;
        const states: AgentStateDescriptor[] = [];
        for (const entry of arrayOf(answer.value.settings)) {
          const parsed = AgentStateEntry.safeParse(entry);
          if (!parsed.success) continue;
          const { id, operationName, displayName, state, workMode, reason } = parsed.data;
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
      }),

    /** The contact center's features (003, "Features": GET /features?fields=*). */
    getFeatures: (): Promise<Result<Feature[]>> =>
      guarded('GetFeatures', z.undefined(), undefined, async () => {
        const answer = await requester.get('/features?fields=*');
        if (!answer.ok) return answer;
        const features: Feature[] = [];
        for (const entry of arrayOf(answer.value.features)) {
          const parsed = FeatureEntry.safeParse(entry);
          if (parsed.success)
            features.push({
              id: parsed.data.id,
              displayName: parsed.data.displayName,
              description: parsed.data.description,
            });
        }
        return ok(features);
      }),

    // ---- interactions (003, "Interactions API Operations") ------------------------------------

    /** The interactions the agent handles (003: GET /me/interactions?fields=*). */
    listInteractions: (): Promise<Result<InteractionSnapshot[]>> =>
      guarded('ListInteractions', z.undefined(), undefined, async () => {
        const answer = await requester.get('/me/interactions?fields=*');
        if (!answer.ok) return answer;
        return ok(
          arrayOf(answer.value.interactions)
            .map(normalizeInteraction)
            .filter((snapshot) => snapshot !== undefined),
        );
      }),

    /** One interaction (003: GET /interactions/{id}); one the agent cannot see is `notFound`. */
    getInteraction: (id: string): Promise<Result<InteractionSnapshot>> =>
      guarded('GetInteraction', Id, id, async (valid) => {
        const answer = await requester.get(`/interactions/${segment(valid)}`);
        if (!answer.ok) return answer;
        const snapshot = normalizeInteraction(answer.value.interaction ?? answer.value);
        return snapshot
          ? ok(snapshot)
          : err('internal', `GetInteraction: unreadable interaction ${valid}`);
      }),

    /**
     * Accept (003 "Accept"; for chat with the `nickname` shown to the customer, 003 "Interactions
     * On Chat Channel"). The interaction then arrives Accepted as a notification.
     */
    accept: (id: string, nickname?: string): Promise<Result<void>> =>
      guarded(
        'Accept',
        z.object({ id: Id, nickname: Name.optional() }),
        { id, nickname },
        async (valid) =>
          done(
            await onInteraction(
              valid.id,
              defined({ operationName: 'Accept', nickname: valid.nickname }),
            ),
          ),
      ),

    /** Reject (003 "Reject"): the invitation goes to another agent. */
    reject: interactionOperation('Reject', 'Reject'),

    /** StopProcessing (003 "StopProcessing"): the agent's ownership ends. */
    stopProcessing: interactionOperation('StopProcessing', 'StopProcessing'),

    /** PlaceInQueue (003 "PlaceInQueue"): to `queue`, ending the agent's ownership. */
    placeInQueue: (id: string, queue: string): Promise<Result<void>> =>
      guarded('PlaceInQueue', z.object({ id: Id, queue: Name }), { id, queue }, async (valid) =>
        done(await onInteraction(valid.id, { operationName: 'PlaceInQueue', queue: valid.queue })),
      ),

    /** UpdateProperties (003 "UpdateProperties"): merges `properties` into the user data. */
    updateProperties: (id: string, properties: Record<string, unknown>): Promise<Result<void>> =>
      guarded(
        'UpdateProperties',
        z.object({
          id: Id,
          properties: z
            .record(z.string().min(1), z.json())
            .refine((value) => Object.keys(value).length > 0, 'must name at least one property'),
        }),
        { id, properties },
        async (valid) =>
          done(
            await onInteraction(valid.id, {
              operationName: 'UpdateProperties',
              properties: valid.properties,
            }),
          ),
      ),

    /** PlaceInWorkbin (003 "PlaceInWorkbin"): `workbin` is a workbin id or name. */
    placeInWorkbin: (id: string, workbin: string): Promise<Result<void>> =>
      guarded(
        'PlaceInWorkbin',
        z.object({ id: Id, workbin: Name }),
        { id, workbin },
        async (valid) =>
          done(
            await onInteraction(valid.id, {
              operationName: 'PlaceInWorkbin',
              workbin: valid.workbin,
            }),
          ),
      ),

    /**
     * GetWorkbinContent (003 "GetWorkbinContent", the interaction operation): the content
     * arrives as a notification (a `workbinChanged` event).
     */
    getWorkbinContent: (id: string, workbin: string): Promise<Result<void>> =>
      guarded(
        'GetWorkbinContent',
        z.object({ id: Id, workbin: Name }),
        { id, workbin },
        async (valid) =>
          done(
            await onInteraction(valid.id, {
              operationName: 'GetWorkbinContent',
              workbin: valid.workbin,
            }),
          ),
      ),

    /** Transfer (003 "Transfer") to the agent `targetId` (user name, id or employee id). */
    transfer: (id: string, targetId: string): Promise<Result<void>> =>
      guarded('Transfer', z.object({ id: Id, targetId: Id }), { id, targetId }, async (valid) =>
        done(
          await onInteraction(valid.id, { operationName: 'Transfer', targetId: valid.targetId }),
        ),
      ),

    /** StartConference (003 "StartConference") with the agent `agentId`. */
    startConference: (id: string, agentId: string): Promise<Result<void>> =>
      guarded(
        'StartConference',
        z.object({ id: Id, agentId: Id }),
        { id, agentId },
        async (valid) =>
          done(
            await onInteraction(valid.id, {
              operationName: 'StartConference',
              agentId: valid.agentId,
            }),
          ),
      ),

    /**
     * EndConference (003 "EndConference"): the agent leaves the conference. Sent as
     * `LeaveConference`, the name 003's request body uses; its `agentId` is left out, which
     * means the calling agent.
     */
    endConference: interactionOperation('EndConference', 'LeaveConference'),

    // ---- e-mail (002; 003 "Interactions On E-mail Channel") -----------------------------------

    /**
     * Reply (002 "Reply"): a draft (ReplyCreated) arrives as a notification; answers the
     * draft's id when the server names it (`replyInteractionId`).
     */
    reply: (id: string, replyOptions: ReplyOptions = {}): Promise<Result<string | undefined>> =>
      guarded(
        'Reply',
        z.object({ id: Id, options: ReplyOptionsSchema }),
        { id, options: replyOptions },
        async (valid) => {
          const answer = await onInteraction(
            valid.id,
            defined({ operationName: 'Reply', ...valid.options }),
          );
          return answer.ok ? ok(createdId(answer.value, 'replyInteractionId')) : answer;
        },
      ),

    /** ReplyAll (002 "ReplyAll"; quotes the original unless `quoteOriginal: false`). */
    replyAll: (id: string, replyOptions: ReplyOptions = {}): Promise<Result<string | undefined>> =>
      guarded(
        'ReplyAll',
        z.object({ id: Id, options: ReplyOptionsSchema }),
        { id, options: replyOptions },
        async (valid) => {
          const answer = await onInteraction(
            valid.id,
            defined({ operationName: 'ReplyAll', ...valid.options }),
          );
          return answer.ok ? ok(createdId(answer.value, 'replyInteractionId')) : answer;
        },
      ),

    /**
     * Forward (002 "Forward"): a draft to `toAddress` (the documented body names no recipient;
     * without one, give it with {@link send}). Answers the draft's id (`replyInteractionId`).
     */
    forward: (
      id: string,
      toAddress?: string | readonly string[],
    ): Promise<Result<string | undefined>> =>
      guarded(
        'Forward',
        z.object({ id: Id, toAddress: Addresses.optional() }),
        { id, toAddress },
        async (valid) => {
          const answer = await onInteraction(
            valid.id,
            defined({ operationName: 'Forward', toAddress: valid.toAddress }),
          );
          return answer.ok ? ok(createdId(answer.value, 'replyInteractionId')) : answer;
        },
      ),

    /** Send (002 "Send"): the draft, updated with `email`, leaves; its ownership ends. */
    send: (id: string, email?: OutgoingEmail, queueName?: string): Promise<Result<void>> =>
      guarded(
        'Send',
        z.object({ id: Id, email: OutgoingEmailSchema.optional(), queueName: Name.optional() }),
        { id, email, queueName },
        async (valid) =>
          done(
            await onInteraction(
              valid.id,
              defined({
                operationName: 'Send',
                queueName: valid.queueName,
                email_object: valid.email === undefined ? undefined : defined(valid.email),
              }),
            ),
          ),
      ),

    /** CancelReplyEmail (002 "CancelReplyEmail"): the draft is thrown away. */
    cancelReplyEmail: interactionOperation('CancelReplyEmail', 'CancelReplyEmail'),

    /**
     * CreateEmail (002 "CreateEmail", POST /me/interactions): a new outbound e-mail arrives as a
     * ReplyCreated notification; answers its id when the server names it (`id`).
     */
    createEmail: (
      queueName: string,
      interactionType?: string,
      interactionSubType?: string,
    ): Promise<Result<string | undefined>> =>
      guarded(
        'CreateEmail',
        z.object({
          queueName: Name,
          interactionType: Name.optional(),
          interactionSubType: Name.optional(),
        }),
        { queueName, interactionType, interactionSubType },
        async (valid) => {
          const answer = await requester.post(
            '/me/interactions',
            defined({ operationName: 'CreateEmail', ...valid }),
          );
          return answer.ok ? ok(createdId(answer.value, 'id')) : answer;
        },
      ),

    // ---- chat (003 "Interactions On Chat Channel"; 000's chat capabilities) -------------------

    /** SendMessage (003 "SendMessage"); `visibility` All (default), Int (agents only) or Vis. */
    sendMessage: (
      id: string,
      message: string,
      visibility?: ChatVisibility,
    ): Promise<Result<void>> =>
      guarded(
        'SendMessage',
        z.object({
          id: Id,
          text: z
            .string()
            .min(1)
            .max(64_000)
            .refine((value) => value.trim() !== '', 'must not be blank'),
          visibility: ChatVisibilitySchema.optional(),
        }),
        { id, text: message, visibility },
        async (valid) =>
          done(
            await onInteraction(
              valid.id,
              defined({
                operationName: 'SendMessage',
                text: valid.text,
                visibility: valid.visibility,
              }),
            ),
          ),
      ),

    /** SendNotification (003 "SendNotification"): TypingStarted / TypingStopped. */
    sendNotification: (id: string, notification: ChatNotification): Promise<Result<void>> =>
      guarded(
        'SendNotification',
        z.object({ id: Id, notification: ChatNotificationSchema }),
        { id, notification },
        async (valid) =>
          done(
            await onInteraction(valid.id, {
              operationName: 'SendNotification',
              notification: valid.notification,
            }),
          ),
      ),

    /**
     * RequestChatHistory (003 "RequestChatHistory"): the transcript from `eventId` on arrives as
     * a notification (`chatEventsReceived`).
     */
    requestChatHistory: (id: string, eventId?: number): Promise<Result<void>> =>
      guarded(
        'RequestChatHistory',
        z.object({ id: Id, eventId: z.number().int().positive().optional() }),
        { id, eventId },
        async (valid) =>
          done(
            await onInteraction(
              valid.id,
              defined({ operationName: 'RequestChatHistory', eventId: valid.eventId }),
            ),
          ),
      ),

    /**
     * InitiateConsultation (003), sent as `StartChatConsultation` as its request body shows:
     * `agentId` joins the chat, internal to the agents.
     */
    startChatConsultation: (id: string, agentId: string): Promise<Result<void>> =>
      guarded(
        'StartChatConsultation',
        z.object({ id: Id, agentId: Id }),
        { id, agentId },
        async (valid) =>
          done(
            await onInteraction(valid.id, {
              operationName: 'StartChatConsultation',
              agentId: valid.agentId,
            }),
          ),
      ),

    /** CompleteTransfer (003): the consulted agent takes the chat over. */
    completeTransfer: interactionOperation('CompleteTransfer', 'CompleteTransfer'),

    /**
     * CompleteConference (003): the consultation becomes a conference. Sent as
     * `LeaveChatConsultation`, the name 003's request body uses.
     */
    completeConference: interactionOperation('CompleteConference', 'LeaveChatConsultation'),

    /** LeaveChat (000's chat capabilities): the agent leaves; the chat goes on without it. */
    leaveChat: interactionOperation('LeaveChat', 'LeaveChat'),

    /** EndChatSession (000's chat capabilities): the chat ends for everyone. */
    endChatSession: interactionOperation('EndChatSession', 'EndChatSession'),

    // ---- attachments (003 "Attachments API") --------------------------------------------------

    /** Uploads a file (multipart, field `attachment`); answers its `documentId`. */
    uploadAttachment: (id: string, file: Upload): Promise<Result<string>> =>
      guarded(
        'UploadAttachment',
        z.object({ id: Id, file: UploadSchema }),
        { id, file },
        async (valid) => {
          const form = new FormData();
          // A copy: Blob takes only ArrayBuffer-backed views, and the caller keeps its bytes.
          const blob = new Blob([new Uint8Array(valid.file.bytes)], { type: valid.file.mimeType });
          form.append('attachment', blob, valid.file.name);
          const answer = await requester.postForm(
            `/me/interactions/${segment(valid.id)}/attachments`,
            form,
          );
          if (!answer.ok) return answer;
          const documentId = text(answer.value.documentId);
          return documentId === undefined || documentId === ''
            ? err('internal', 'UploadAttachment: the answer has no documentId')
            : ok(documentId);
        },
      ),

    /** Downloads an attachment: its bytes, MIME type and file name. */
    downloadAttachment: (id: string, documentId: string): Promise<Result<GwsBytes>> =>
      guarded(
        'DownloadAttachment',
        z.object({ id: Id, documentId: Id }),
        { id, documentId },
        (valid) =>
          requester.getBytes(
            `/me/interactions/${segment(valid.id)}/attachments/${segment(valid.documentId)}`,
          ),
      ),

    /** Deletes an attachment. */
    deleteAttachment: (id: string, documentId: string): Promise<Result<void>> =>
      guarded(
        'DeleteAttachment',
        z.object({ id: Id, documentId: Id }),
        { id, documentId },
        async (valid) =>
          done(
            await requester.delete(
              `/me/interactions/${segment(valid.id)}/attachments/${segment(valid.documentId)}`,
            ),
          ),
      ),

    // ---- workbins (003 "Workbins") --------------------------------------------------------------

    /** GetWorkbinTypesInfo (GET /me/workbins): the agent's workbins. */
    getWorkbins: (): Promise<Result<WorkbinInfo[]>> =>
      guarded('GetWorkbinTypesInfo', z.undefined(), undefined, async () => {
        const answer = await requester.get('/me/workbins');
        if (!answer.ok) return answer;
        const workbins: WorkbinInfo[] = [];
        for (const entry of arrayOf(answer.value.workbins)) {
          const parsed = WorkbinEntry.safeParse(entry);
          if (!parsed.success) continue;
          const { workbinId, workbinName, viewName, active, workbinType } = parsed.data;
          workbins.push({
            workbinId,
            workbinName: workbinName ?? workbinId,
            viewName,
            active: active === undefined ? true : Boolean(active),
            workbinType,
          });
        }
        return ok(workbins);
      }),

    /** GetWorkbinContent (GET /me/workbins/{workbinId}/interactions?fields=*). */
    getWorkbinInteractions: (workbinId: string): Promise<Result<WorkbinItem[]>> =>
      guarded('GetWorkbinContent', Id, workbinId, async (valid) => {
        const answer = await requester.get(`/me/workbins/${segment(valid)}/interactions?fields=*`);
        if (!answer.ok) return answer;
        const items: WorkbinItem[] = [];
        for (const entry of arrayOf(answer.value.interactions)) {
          const properties = objectOf(entry);
          const itemId =
            properties === undefined ? undefined : text(properties.InteractionId ?? properties.id);
          if (properties === undefined || itemId === undefined) continue;
          items.push({
            id: itemId,
            channel: text(properties.MediaType),
            subject: text(properties.Subject),
            queue: text(properties.Queue),
            properties,
          });
        }
        return ok(items);
      }),

    /**
     * AddInteractionToWorkbin (POST /me/workbins/{workbinId}/interactions, `{interactionId}`):
     * answers the interaction's `uri` in the workbin when the server gives it.
     */
    addInteractionToWorkbin: (
      workbinId: string,
      interactionId: string,
    ): Promise<Result<string | undefined>> =>
      guarded(
        'AddInteractionToWorkbin',
        z.object({ workbinId: Id, interactionId: Id }),
        { workbinId, interactionId },
        async (valid) => {
          const answer = await requester.post(
            `/me/workbins/${segment(valid.workbinId)}/interactions`,
            {
              interactionId: valid.interactionId,
            },
          );
          return answer.ok ? ok(text(answer.value.uri)) : answer;
        },
      ),

    /**
     * PullInteractionFromWorkbin (POST /me/interactions with the interaction's workbin `uri`):
     * it comes back to the agent, announced as `Pulled`.
     */
    pullInteractionFromWorkbin: (workbinId: string, interactionId: string): Promise<Result<void>> =>
      guarded(
        'PullInteractionFromWorkbin',
        z.object({ workbinId: Id, interactionId: Id }),
        { workbinId, interactionId },
        async (valid) =>
          done(
            await requester.post('/me/interactions', {
              operationName: 'PullInteractionFromWorkbin',
              uri: `${apiUrl}/me/workbins/${segment(valid.workbinId)}/interactions/${segment(valid.interactionId)}`,
            }),
          ),
      ),

    /** SubscribeWorkbinEvents (POST /me/workbins/{workbinId}, `Subscribe`). */
    subscribeWorkbin: (workbinId: string): Promise<Result<void>> =>
      guarded('SubscribeWorkbinEvents', Id, workbinId, async (valid) =>
        done(
          await requester.post(`/me/workbins/${segment(valid)}`, { operationName: 'Subscribe' }),
        ),
      ),

    /** UnsubscribeWorkbinEvents (POST /me/workbins/{workbinId}, `Unsubscribe`). */
    unsubscribeWorkbin: (workbinId: string): Promise<Result<void>> =>
      guarded('UnsubscribeWorkbinEvents', Id, workbinId, async (valid) =>
        done(
          await requester.post(`/me/workbins/${segment(valid)}`, { operationName: 'Unsubscribe' }),
        ),
      ),

    // ---- interaction history (004; GWS README) ------------------------------------------------

    /**
     * RetrieveInteractionHistory (POST /ucs/interactions): answers the `referenceId` the result
     * (`historyReceived` or `historyFailed`) will carry.
     */
    retrieveInteractionHistory: (filters: HistoryFilters = {}): Promise<Result<Reference>> =>
      guarded('RetrieveInteractionHistory', HistoryFiltersSchema, filters, async (valid) =>
        referenceOf(
          'RetrieveInteractionHistory',
          await requester.post(
            '/ucs/interactions',
            defined({ operationName: 'RetrieveInteractionHistory', ...valid }),
          ),
        ),
      ),

    /**
     * GetInteractionContent (POST /ucs/interactions): answers the `referenceId` the result
     * (`historyContentReceived` or `historyFailed`) will carry.
     */
    getInteractionContent: (interactionId: string): Promise<Result<Reference>> =>
      guarded('GetInteractionContent', Id, interactionId, async (valid) =>
        referenceOf(
          'GetInteractionContent',
          await requester.post('/ucs/interactions', {
            operationName: 'GetInteractionContent',
            interactionId: valid,
          }),
        ),
      ),
  };
}

export type {
  AgentProfile,
  AgentStateDescriptor,
  ChatNotification,
  ChatVisibility,
  Feature,
  HistoryFilters,
  OutgoingEmail,
  Reference,
  ReplyOptions,
  Upload,
  WorkbinInfo,
  WorkbinItem,
};

/** The operations object {@link createOperations} returns. */
export type GwsOperations = ReturnType<typeof createOperations>;
