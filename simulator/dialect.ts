import {
  dndOn,
  type AgentState,
  type ChatEvent,
  type MediaChannel,
  type SimInteraction,
} from './model';
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
    // A chat an agent was invited into (a consultation): it writes, none of the owner's
    // operations. Not in the documents, which list no consulted agent's capabilities.
    'chat:InvitedConference': ['Reply'],
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
    'chat:InvitedConference': ['LeaveChat', 'RequestChatHistory', 'Send'],
  },
};

/**
 * States in which the agent still works on the interaction as after Accept: a property change,
 * joining a conference, another agent leaving it, or pulling it from a workbin.
 */
const WORKING_STATES: ReadonlySet<string> = new Set([
  'PropertiesChanged',
  'InvitedConference',
  'LeftConference',
  'Pulled',
]);

/**
 * Operations only the interaction's owner may use (the simulator refuses them to a conference
 * party with 2: StopProcessing, PlaceInQueue and Transfer end "the Agent's ownership", 003; a
 * workbin takes the owner's interaction; ending the chat for everyone is the owner's call, a
 * party leaves it).
 */
const OWNER_ONLY: ReadonlySet<string> = new Set([
  'EndChatSession',
  'StopProcessing',
  'Transfer',
  'SingleStepTransfer',
  'PlaceInQueue',
  'PlaceInWorkbin',
]);

/**
 * The state an interaction shows an agent, and the operations it then allows. A working state
 * without a list of its own (PropertiesChanged, LeftConference, Pulled) offers an accepted
 * interaction's operations, or a draft's (`ownState` ReplyCreated: Send, Cancel, LinkAttachment)
 * when it is one whose properties changed or which came back from a workbin. A conference party that does not own the interaction (`party`) is
 * offered, in a working state, the owner's operations but those only the owner may use: what
 * the simulator accepts from it.
 */
export function capabilitiesFor(
  dialect: Dialect,
  channel: MediaChannel,
  state: string,
  party = false,
  ownState = 'Accepted',
): string[] {
  const table = CAPABILITIES[dialect];
  const offered =
    table[`${channel}:${state}`] ??
    (WORKING_STATES.has(state)
      ? table[`${channel}:${ownState === 'ReplyCreated' ? ownState : 'Accepted'}`]
      : undefined) ??
    [];
  return party ? offered.filter((operation) => !OWNER_ONLY.has(operation)) : [...offered];
}

/*
 * What an agent sees when its ownership ends: `Completed`.
 *
 * StopProcessing, PlaceInQueue and Transfer end "the Agent's ownership" (003, Interactions API
 * Operations), and an agent leaving a conference drops out of it, but no document shows a
 * notification for the agent who loses the interaction: the states the documents name are
 * Invited, Accepted, Revoked, PropertiesChanged, ReplyCreated, InvitedConference, LeftConference
 * and Pulled. Of these only Revoked means "the System has removed an interaction from" the agent,
 * and every document ties it to an unanswered invitation ("After a predetermined period of agent
 * inactivity", 000 line 107, 001 line 46, 003 line 1997), with an invitation's content
 * (`email_object` with only `interactionId`). Sending Revoked for work the agent finished itself
 * would make a client alert "invitation revoked", so the simulator keeps a separate, terminal
 * `Completed` state with empty capabilities (as Revoked has). It is sent in both dialects, only
 * to the agents who held the interaction; a client that knows only the documented states still
 * has the operation's own success answer, and `GET /me/interactions` no longer lists it.
 */

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
    ...(attachment.statedSize === null
      ? {}
      : { size: attachment.statedSize ?? attachment.bytes.length }),
    mimetype: attachment.mimeType,
  }));
}

function emailObjectA(interaction: SimInteraction, state: string): Record<string, unknown> {
  const email = interaction.email;
  if (email === null) return {};
  if (state === 'Invited' || state === 'Revoked') {
    return { interactionId: interaction.id, subject: email.subject };
  }
  // 003's e-mail Accepted sample (and GET /me/interactions?fields=*) shows lower-case
  // text/fromAddress/toAddress/subject; 001's schematic one the capitalised keys. Both are sent.
  const full: Record<string, unknown> = {
    interactionId: interaction.id,
    text: email.text,
    fromAddress: email.from,
    toAddress: email.to.join(', '),
    subject: email.subject,
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
  } else if (email.attachments.length > 0) {
    // 001's Reply Created lists no files: a reply has none. A forward carries copies of the
    // original's (and a draft may have been given some): listed under Accepted's key, as the
    // draft's next PropertiesChanged or Pulled lists them, so that its client sees what Send
    // will send (unlisted, a forward showed no files and went out with them).
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
    theComment: email.comment,
    attachments: attachmentsOf(interaction),
  };
}

/**
 * The `data` of an InteractionStateMessage on `/v2/me/interactions`. `newChatEvents` limits a
 * dialect-A chat notification to the events it announces; dialect B always carries the
 * transcript so far, as the documents' samples do. `recipient` (a user name) is the agent it is
 * for, whose part in the interaction decides its capabilities (see {@link capabilitiesFor}).
 */
export function interactionMessage(
  dialect: Dialect,
  interaction: SimInteraction,
  notified?: NotifiedState,
  newChatEvents?: readonly ChatEvent[],
  recipient?: string,
): Record<string, unknown> {
  // 003's "Chat Notifications" sample announces new chat events with state Accepted; 000's with
  // PropertiesChanged.
  const state =
    dialect === 'a' && newChatEvents !== undefined && notified === 'PropertiesChanged'
      ? 'Accepted'
      : visibleState(interaction, notified);
  const capabilities =
    state === 'Revoked' || state === 'Completed'
      ? []
      : capabilitiesFor(
          dialect,
          interaction.channel,
          state,
          recipient !== undefined &&
            interaction.owner !== recipient &&
            interaction.conferenceParties.includes(recipient),
          interaction.state,
        );
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
    const events =
      newChatEvents ?? (state === 'Accepted' || state === 'Invited' ? interaction.chat.events : []);
    if (events.length > 0) flat.chat_notifications = events.map(chatEventA);
  }
  return flat;
}

/**
 * The interaction object of `GET /interactions/{id}`: dialect B's `data.interaction`, dialect A's
 * flat `data` (the documents show no sample; this is the notification's interaction itself).
 */
export function interactionResource(
  dialect: Dialect,
  interaction: SimInteraction,
  recipient?: string,
  notified?: NotifiedState,
): Record<string, unknown> {
  const message = interactionMessage(dialect, interaction, notified, undefined, recipient);
  const nested = message.interaction;
  return dialect === 'b' && typeof nested === 'object' && nested !== null
    ? (nested as Record<string, unknown>)
    : message;
}

/** The Not Ready agent state's id, which a channel under DND shows (003's DND sample). */
const DND_USER_STATE_ID = '900D55CC-2BB0-431F-8BF9-D3525B383BE6';

/** The `data` of a `/v2/me/channels` notification (the same in both dialects). */
export function channelsMessage(
  agent: AgentState,
  channels: readonly MediaChannel[],
): Record<string, unknown> {
  return {
    messageType: 'ChannelStateChanged',
    channels: channels.map((channel) => {
      const state = agent.channels.get(channel);
      // DND (on /me, or the channel's own) overrides a logged-in channel's state with plain Not
      // Ready (003's DND sample).
      const dnd = dndOn(agent, channel);
      const dndOverride = dnd && state !== undefined && state.state !== 'Logout';
      return {
        channel,
        dndState: dnd ? 'On' : 'Off',
        userState: !state
          ? null
          : dndOverride
            ? { state: 'NotReady', displayName: 'Not Ready', id: DND_USER_STATE_ID }
            : {
                state: state.state,
                displayName: state.displayName,
                id: state.id,
                ...(state.reason === undefined ? {} : { reason: state.reason }),
                ...(state.workMode === undefined ? {} : { workMode: state.workMode }),
              },
      };
    }),
  };
}

/**
 * The `/v2/me/channels` notification of DoNotDisturbOn on `/me`, as 003's second sample shows it
 * (CometD Notifications, after "Set Agent State for a Particular Channel"): one entry with
 * `dndState` On and the plain Not Ready state, naming no channel (it is every channel's), and no
 * message type. DND off, and a channel's own DND, are told channel by channel
 * ({@link channelsMessage}): the documents show no sample of those.
 */
export function agentWideDndMessage(): Record<string, unknown> {
  return {
    channels: [
      {
        dndState: 'On',
        userState: { state: 'NotReady', displayName: 'Not Ready', id: DND_USER_STATE_ID },
      },
    ],
  };
}

/** One channel's state as `GET /me/channels` and `GET /me?subresources=*` list it. */
export function channelResource(agent: AgentState, channel: MediaChannel): Record<string, unknown> {
  const [entry] = channelsMessage(agent, [channel]).channels as Record<string, unknown>[];
  return entry ?? { channel };
}
