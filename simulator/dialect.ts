import type { AgentState, ChatEvent, MediaChannel, SimInteraction } from './model';
import type { NotifiedState } from './world';

/**
 * The two notification dialects of the GWS documents.
 *
 * - `a`: the flat form of the 8.5 API reference (003) and the e-mail channel page (001): the
 *   interaction's fields sit directly in `data`, e-mail content in `email_object` with
 *   capitalised keys, chat events in `chat_notifications` with `EventId`/`MessageText`.
 * - `b`: the form of the interaction-notifications page (000): `data.interaction` with `content`,
 *   chat events in `content.events` with `id`/`messageType`/`nickName`/`noticeType`.
 *
 * The dialect also picks the REST answer style: `a` answers operations the way the reference's
 * operation pages show (`{"status":"ok"}` / `{"status":"error","errorDescription":…}`), `b` the
 * way its "Return Values" section states (`{"statusCode":0}` / `{"statusCode":N,"statusMessage":…}`).
 */
export type Dialect = 'a' | 'b';

/** Capabilities by channel and state, as each dialect's documents list them. */
const CAPABILITIES: Readonly<Record<Dialect, Readonly<Record<string, readonly string[]>>>> = {
  a: {
    'email:Invited': ['Accept', 'Reject'],
    'email:Accepted': [
      'Transfer',
      'Reply',
      'ReplyAll',
      'StopProcessing',
      'PlaceInQueue',
      'PlaceInWorkbin',
      'UpdateProperties',
    ],
    'email:ReplyCreated': [
      'Cancel',
      'Send',
      'PlaceInWorkbin',
      'UpdateProperties',
      'LinkAttachment',
    ],
    'chat:Invited': ['Accept', 'Reject'],
    'chat:Accepted': [
      'Transfer',
      'PlaceInQueue',
      'StopProcessing',
      'PlaceInWorkbin',
      'UpdateProperties',
      'Reply',
    ],
  },
  b: {
    'email:Invited': ['Accept', 'Reject'],
    'email:Accepted': [
      'StopProcessing',
      'UpdateUserData',
      'AttachUserData',
      'DeleteUserData',
      'PlaceInWorkbin',
      'SingleStepTransfer',
      'Reply',
      'ReplyAll',
    ],
    'email:ReplyCreated': [
      'Cancel',
      'Send',
      'PlaceInWorkbin',
      'UpdateProperties',
      'LinkAttachment',
    ],
    'chat:Invited': ['Accept', 'Reject'],
    'chat:Accepted': [
      'StopProcessing',
      'UpdateUserData',
      'AttachUserData',
      'DeleteUserData',
      'PlaceInWorkbin',
      'SingleStepTransfer',
      'LeaveChat',
      'EndChatSession',
      'SingleStepConference',
      'RequestChatHistory',
      'Send',
    ],
  },
};

/** The state an interaction shows an agent, and the operations it then allows. */
export function capabilitiesFor(dialect: Dialect, channel: MediaChannel, state: string): string[] {
  const key =
    state === 'PropertiesChanged' || state === 'InvitedConference'
      ? `${channel}:Accepted`
      : `${channel}:${state}`;
  return [...(CAPABILITIES[dialect][key] ?? [])];
}

function visibleState(interaction: SimInteraction, state: NotifiedState | undefined): string {
  if (state !== undefined) return state;
  switch (interaction.state) {
    case 'Queued':
    case 'InWorkbin':
      return 'Revoked';
    default:
      return interaction.state;
  }
}

/** The interaction's own chat events in dialect B's `content.events` shape. */
export function chatEventB(event: ChatEvent): Record<string, unknown> {
  return {
    id: event.id,
    messageType: event.kind === 'MESSAGE' ? 'MESSAGE' : event.kind,
    userId: event.userId,
    userType: event.userType,
    nickName: event.nickName,
    visibility: event.visibility,
    timestamp: event.timestamp,
    ...(event.text === undefined ? {} : { text: event.text }),
    ...(event.noticeType === undefined ? {} : { noticeType: event.noticeType }),
  };
}

/** A chat event in dialect A's `chat_notifications` shape (every key present, null when unset). */
export function chatEventA(event: ChatEvent): Record<string, unknown> {
  return {
    EventId: event.id,
    NoticeText: null,
    NoticeType: event.noticeType ?? null,
    MessageText: event.text ?? null,
    UserId: event.userId,
    MessageType: event.kind === 'MESSAGE' ? 'NEW_MESSAGE' : event.kind,
    UserType: event.userType,
    Visibility: event.visibility,
    NickName: event.nickName,
    TimeStamp: event.timestamp,
  };
}

function attachmentsOf(interaction: SimInteraction): Record<string, unknown>[] {
  return (interaction.email?.attachments ?? []).map((attachment) => ({
    id: attachment.id,
    name: attachment.name,
    size: attachment.bytes.length,
    mimetype: attachment.mimeType,
  }));
}

function emailObjectA(interaction: SimInteraction, state: string): Record<string, unknown> {
  const email = interaction.email;
  if (email === null) return {};
  if (state === 'Invited' || state === 'Revoked') {
    return { interactionId: interaction.id, subject: email.subject };
  }
  const full: Record<string, unknown> = {
    interactionId: interaction.id,
    ToAddress: email.to.join(', '),
    FromAddress: email.from,
    CCAddresses: email.cc.join(', '),
    Subject: email.subject,
    Text: email.text,
    StructuredText: email.html ?? '',
    MimeType: 'text/plain',
    StructuredTextMimeType: email.html === null ? '' : 'text/html',
  };
  if (state !== 'ReplyCreated') {
    full.TheComment = email.comment;
    full.ContactID = interaction.contactId;
    full.attachments = attachmentsOf(interaction);
  }
  return full;
}

function contentB(interaction: SimInteraction, state: string): Record<string, unknown> {
  if (interaction.chat !== null) {
    return {
      latestEventId: interaction.chat.nextEventId - 1,
      sessionId: interaction.chat.sessionId,
      events: interaction.chat.events.map(chatEventB),
    };
  }
  const email = interaction.email;
  if (email === null || state === 'Invited' || state === 'Revoked') {
    return { interactionId: interaction.id };
  }
  return {
    interactionId: interaction.id,
    text: email.text,
    fromAddress: email.from,
    toAddress: email.to.join(', '),
    ccAddresses: email.cc.join(', '),
    subject: email.subject,
    structuredText: email.html ?? '',
    structuredTextMimeType: email.html === null ? '' : 'text/html',
    attachments: attachmentsOf(interaction),
  };
}

/**
 * The `data` of an InteractionStateMessage on `/v2/me/interactions`. `newChatEvents` limits a
 * dialect-A chat notification to the events it announces; dialect B always carries the
 * transcript so far, as the documents' samples do.
 */
export function interactionMessage(
  dialect: Dialect,
  interaction: SimInteraction,
  notified?: NotifiedState,
  newChatEvents?: readonly ChatEvent[],
): Record<string, unknown> {
  const state = visibleState(interaction, notified);
  const capabilities =
    state === 'Revoked' || state === 'Completed'
      ? []
      : capabilitiesFor(dialect, interaction.channel, state);
  if (dialect === 'b') {
    return {
      interaction: {
        id: interaction.id,
        channel: interaction.channel,
        state,
        type: interaction.type,
        subType: interaction.subType,
        capabilities,
        userData: { ...interaction.userData },
        currentQueue: interaction.queue,
        inQueues: { ...interaction.inQueues },
        outQueues: { ...interaction.outQueues },
        startDate: interaction.startDate,
        threadId: interaction.threadId,
        ...(interaction.parentId === null ? {} : { parentId: interaction.parentId }),
        ...(interaction.endDate === null ? {} : { endDate: interaction.endDate }),
        content: contentB(interaction, state),
      },
      messageType: 'InteractionStateMessage',
    };
  }
  const flat: Record<string, unknown> = {
    id: interaction.id,
    channel: interaction.channel,
    state,
    messageType: 'InteractionStateMessage',
    messageTypeName: 'InteractionStateMessage',
    interactionType: interaction.type,
    interactionSubType: interaction.subType,
    capabilities,
    userData: { ...interaction.userData },
    currentQueue: interaction.queue,
  };
  if (state !== 'Invited' && state !== 'Revoked') {
    flat.inQueues = { ...interaction.inQueues };
    flat.outQueues = { ...interaction.outQueues };
    flat.receivedAt = interaction.receivedAt;
    flat.startDate = interaction.startDate;
    flat.threadId = interaction.threadId;
  }
  if (interaction.parentId !== null) flat.parentId = interaction.parentId;
  if (interaction.email !== null) flat.email_object = emailObjectA(interaction, state);
  if (interaction.chat !== null) {
    flat.sessionId = interaction.chat.sessionId;
    const events = newChatEvents ?? (state === 'Accepted' ? interaction.chat.events : []);
    if (events.length > 0) flat.chat_notifications = events.map(chatEventA);
  }
  return flat;
}

/** The `data` of a `/v2/me/channels` notification (the same in both dialects). */
export function channelsMessage(
  agent: AgentState,
  channels: readonly MediaChannel[],
): Record<string, unknown> {
  return {
    messageType: 'ChannelStateChanged',
    channels: channels.map((channel) => {
      const state = agent.channels.get(channel);
      return {
        channel,
        ...(agent.dnd ? { dndState: 'On' } : { dndState: 'Off' }),
        userState: state
          ? {
              state: agent.dnd ? 'NotReady' : state.state,
              displayName: agent.dnd ? 'Do Not Disturb' : state.displayName,
              id: state.id,
              ...(state.reason === undefined ? {} : { reason: state.reason }),
              ...(state.workMode === undefined ? {} : { workMode: state.workMode }),
            }
          : null,
      };
    }),
  };
}

/** One channel's state as `GET /me/channels` and `GET /me?subresources=*` list it. */
export function channelResource(agent: AgentState, channel: MediaChannel): Record<string, unknown> {
  const [entry] = channelsMessage(agent, [channel]).channels as Record<string, unknown>[];
  return entry ?? { channel };
}
