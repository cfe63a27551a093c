import { chatEventB, interactionMessage } from '../dialect';
import type { ChatEvent, ChatParty, SimInteraction } from '../model';
import type { NotifiedState } from '../world';
import { customersLeaveChat, joinChat, leaveChat } from './interactions';
import {
  GwsFailure,
  invalidState,
  notFound,
  optionalString,
  requireChannel,
  requireState,
  requireString,
  StatusCode,
  type InteractionOperation,
  type OperationContext,
  type RequestBody,
} from './types';

/**
 * A chat consultation (003, InitiateConsultation): the owner invites another agent into the
 * chat, where the consulted agent's events are internal (`visibility: Int`, unseen by the
 * customer), until the owner completes it as a transfer or a conference. It is kept beside the
 * interaction rather than in the model: only the chat operations need it.
 */
interface Consultation {
  readonly initiator: string;
  readonly consultant: string;
}

const consultations = new WeakMap<SimInteraction, Consultation>();

/** The interaction's consultation while both agents still hold the roles it gave them. */
function activeConsultation(interaction: SimInteraction): Consultation | undefined {
  const consultation = consultations.get(interaction);
  if (
    consultation === undefined ||
    interaction.state !== 'Accepted' ||
    interaction.owner !== consultation.initiator ||
    !interaction.conferenceParties.includes(consultation.consultant)
  ) {
    consultations.delete(interaction);
    return undefined;
  }
  return consultation;
}

/**
 * The state a chat-event notification tells `userName`: InvitedConference to the consulted agent
 * while the consultation is open, so that its client knows the role it has in the chat (the
 * state it was invited in, not yet a conference party's); PropertiesChanged to everyone else,
 * as 000's chat notifications show.
 */
export function chatEventState(interaction: SimInteraction, userName: string): NotifiedState {
  return fetchedState(interaction, userName) ?? 'PropertiesChanged';
}

/**
 * The state a fetch of the interaction (`GET /me/interactions?fields=*`, `GET /interactions/{id}`)
 * shows `userName`: InvitedConference to the consulted agent while the consultation is open, as
 * its notifications say (a resync must not tell it another role); else the interaction's own.
 */
export function fetchedState(
  interaction: SimInteraction,
  userName: string,
): NotifiedState | undefined {
  return activeConsultation(interaction)?.consultant === userName ? 'InvitedConference' : undefined;
}

const VISIBILITIES: readonly ChatEvent['visibility'][] = ['All', 'Int', 'Vis'];
const NOTIFICATIONS = ['TypingStarted', 'TypingStopped'] as const;

function isVisibility(value: string): value is ChatEvent['visibility'] {
  return (VISIBILITIES as readonly string[]).includes(value);
}

/** A chat the calling agent takes part in, in the Accepted state (else statusCode 2). */
function requireActiveChat(context: OperationContext, interaction: SimInteraction): void {
  requireChannel(interaction, 'chat');
  if (
    interaction.owner !== context.user.userName &&
    !interaction.conferenceParties.includes(context.user.userName)
  ) {
    throw invalidState(
      `Agent ${context.user.userName} is not a participant of chat ${interaction.id}`,
    );
  }
  requireState(interaction, 'Accepted');
}

/** The visibility asked for, or the default: internal for a consulted agent, else everyone. */
function visibilityFor(
  context: OperationContext,
  interaction: SimInteraction,
  body: RequestBody,
): ChatEvent['visibility'] {
  const requested = optionalString(body, 'visibility');
  if (requested !== undefined) {
    if (!isVisibility(requested)) {
      throw new GwsFailure(
        StatusCode.missingParameter,
        `Parameter 'visibility' must be one of ${VISIBILITIES.join(', ')}`,
      );
    }
    return requested;
  }
  return activeConsultation(interaction)?.consultant === context.user.userName ? 'Int' : 'All';
}

/** `eventId` of RequestChatHistory: a positive integer (or its decimal string), default 1. */
function firstEventId(body: RequestBody): number {
  const value = body.eventId;
  if (value === undefined || value === null) return 1;
  const parsed = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof parsed !== 'number' || !Number.isInteger(parsed) || parsed < 1) {
    throw new GwsFailure(StatusCode.missingParameter, "Parameter 'eventId' must be an event id");
  }
  return parsed;
}

/**
 * The InteractionStateMessage that carries a chat history: dialect A lists the events in
 * `chat_notifications`, dialect B in `content.events`, in both cases only those asked for.
 */
function historyMessage(
  context: OperationContext,
  interaction: SimInteraction,
  events: readonly ChatEvent[],
): Record<string, unknown> {
  // Its state is the one the caller's chat notifications carry (InvitedConference to a consulted
  // agent), so that the history does not tell it another role.
  const state = chatEventState(interaction, context.user.userName);
  const message = interactionMessage(
    context.dialect,
    interaction,
    state,
    events,
    context.user.userName,
  );
  if (context.dialect === 'a') {
    // Dialect A leaves `chat_notifications` out when empty; a history answer always has it.
    return { ...message, chat_notifications: message.chat_notifications ?? [] };
  }
  const nested = message.interaction as Record<string, unknown>;
  const content = nested.content as Record<string, unknown>;
  return {
    ...message,
    interaction: { ...nested, content: { ...content, events: events.map(chatEventB) } },
  };
}

/** Another logged-in agent, by user name, user id or employee id (unknown: 6). */
function consultationTarget(context: OperationContext, identifier: string): string {
  const target = context.world.findUser(identifier);
  if (!target) throw notFound(`No agent ${identifier}`);
  if (target.userName === context.user.userName)
    throw invalidState('An agent cannot consult itself');
  // Named by user name whatever it was asked by: the sentence the consulting agent reads.
  if (!context.world.agent(target.userName).sessionStarted)
    throw invalidState(`Agent ${target.userName} is not logged in`);
  return target.userName;
}

const startConsultation: InteractionOperation = (context, interaction, body) => {
  requireActiveChat(context, interaction);
  if (interaction.owner !== context.user.userName)
    throw invalidState('Only the owner of the chat can start a consultation');
  if (activeConsultation(interaction))
    throw invalidState(`Chat ${interaction.id} already has a consultation`);
  const consultant = consultationTarget(context, requireString(body, 'agentId'));
  if (context.world.participants(interaction).includes(consultant))
    throw invalidState(`Agent ${consultant} already takes part in chat ${interaction.id}`);
  const chat = interaction.chat;
  if (!chat) throw new Error(`${interaction.id} is not a chat`);
  interaction.conferenceParties.push(consultant);
  consultations.set(interaction, { initiator: context.user.userName, consultant });
  const user = context.world.findUser(consultant);
  const party: ChatParty = {
    userId: context.world.nextId(),
    userType: 'Agent',
    nickName: user?.firstName ?? consultant,
    userName: consultant,
  };
  chat.parties.push(party);
  // The consulted agent hears of the interaction before its first chat event.
  context.world.notify(consultant, interaction, 'InvitedConference');
  context.world.appendChatEvent(interaction, { kind: 'PARTY_JOINED', party, visibility: 'Int' });
  return undefined;
};

function requireOwnConsultation(context: OperationContext, interaction: SimInteraction) {
  requireActiveChat(context, interaction);
  const consultation = activeConsultation(interaction);
  if (!consultation) throw invalidState(`Chat ${interaction.id} has no consultation`);
  if (consultation.initiator !== context.user.userName)
    throw invalidState('Only the agent who started the consultation can complete it');
  consultations.delete(interaction);
  return consultation;
}

/** The consultation becomes a conference: the consulted agent stays as a conference party. */
const completeConference: InteractionOperation = (context, interaction) => {
  requireOwnConsultation(context, interaction);
  for (const userName of context.world.participants(interaction)) {
    context.world.notify(userName, interaction, 'PropertiesChanged');
  }
  return undefined;
};

/** The agent leaves the chat; the interaction ends for it (and for everyone if it was alone). */
function leave(context: OperationContext, interaction: SimInteraction): void {
  const userName = context.user.userName;
  consultations.delete(interaction);
  if (context.world.participants(interaction).length === 1) {
    leaveChat(context, interaction, userName);
    context.world.complete(interaction);
    return;
  }
  if (interaction.owner === userName) {
    interaction.owner = interaction.conferenceParties.shift() ?? null;
  } else {
    interaction.conferenceParties.splice(interaction.conferenceParties.indexOf(userName), 1);
  }
  leaveChat(context, interaction, userName);
  context.world.notify(userName, interaction, 'Completed');
  for (const remaining of context.world.participants(interaction)) {
    context.world.notify(remaining, interaction, 'LeftConference');
  }
}

/** Chat operations (003, "Interactions On Chat Channel", and 000's chat capabilities). */
export const chatOperations: Readonly<Record<string, InteractionOperation>> = {
  SendMessage: (context, interaction, body) => {
    requireActiveChat(context, interaction);
    const text = requireString(body, 'text');
    const visibility = visibilityFor(context, interaction, body);
    const party = joinChat(context, interaction, context.user.userName);
    context.world.appendChatEvent(interaction, { kind: 'MESSAGE', party, text, visibility });
    return undefined;
  },
  SendNotification: (context, interaction, body) => {
    requireActiveChat(context, interaction);
    const notification = requireString(body, 'notification');
    if (!(NOTIFICATIONS as readonly string[]).includes(notification)) {
      throw new GwsFailure(
        StatusCode.missingParameter,
        `Parameter 'notification' must be one of ${NOTIFICATIONS.join(', ')}`,
      );
    }
    const visibility = visibilityFor(context, interaction, body);
    const party = joinChat(context, interaction, context.user.userName);
    context.world.appendChatEvent(interaction, {
      kind: 'NOTICE',
      party,
      noticeType: notification,
      visibility,
    });
    return undefined;
  },
  RequestChatHistory: (context, interaction, body) => {
    requireActiveChat(context, interaction);
    const from = firstEventId(body);
    const events = (interaction.chat?.events ?? []).filter((event) => event.id >= from);
    const userName = context.user.userName;
    // The history follows the HTTP answer on CometD, to the caller only.
    context.later(() => {
      context.world.publish(
        userName,
        '/v2/me/interactions',
        historyMessage(context, interaction, events),
      );
    });
    return undefined;
  },
  // The operation table of 003 names it InitiateConsultation, its request body
  // StartChatConsultation.
  InitiateConsultation: startConsultation,
  StartChatConsultation: startConsultation,
  CompleteTransfer: (context, interaction) => {
    const { consultant } = requireOwnConsultation(context, interaction);
    const initiator = context.user.userName;
    interaction.conferenceParties.splice(interaction.conferenceParties.indexOf(consultant), 1);
    leaveChat(context, interaction, initiator);
    interaction.owner = consultant;
    context.world.notify(initiator, interaction, 'Completed');
    context.world.notify(consultant, interaction, 'Accepted');
    for (const other of interaction.conferenceParties) {
      context.world.notify(other, interaction, 'PropertiesChanged');
    }
    return undefined;
  },
  CompleteConference: completeConference,
  // The request body that 003 shows for CompleteConference names it LeaveChatConsultation.
  LeaveChatConsultation: completeConference,
  LeaveChat: (context, interaction) => {
    requireActiveChat(context, interaction);
    leave(context, interaction);
    return undefined;
  },
  EndChatSession: (context, interaction) => {
    requireActiveChat(context, interaction);
    // Ending the chat for everyone is the owner's call; a conference party leaves it.
    if (interaction.owner !== context.user.userName)
      throw invalidState(`Only the owner of chat ${interaction.id} can end it for everyone`);
    consultations.delete(interaction);
    const chat = interaction.chat;
    if (!chat) throw new Error(`${interaction.id} is not a chat`);
    for (const userName of context.world.participants(interaction)) {
      leaveChat(context, interaction, userName);
    }
    // The customers leave last, as the transcript of 004 shows.
    customersLeaveChat(context, interaction);
    context.world.complete(interaction);
    return undefined;
  },
};
