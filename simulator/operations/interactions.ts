import type { ChatParty, SimInteraction } from '../model';
import {
  GwsFailure,
  invalidState,
  notFound,
  optionalString,
  requireHandledBy,
  requireKnownQueue,
  requireObject,
  requireState,
  requireString,
  StatusCode,
  type InteractionOperation,
  type OperationContext,
  type RequestBody,
} from './types';

function requireInvitedTo(interaction: SimInteraction, userName: string): void {
  if (interaction.state !== 'Invited' || interaction.invitee !== userName) {
    throw invalidState(`Interaction ${interaction.id} is not an invitation for ${userName}`);
  }
}

/** The agent's party in a chat, joining it (with a PARTY_JOINED event) the first time. */
export function joinChat(
  context: OperationContext,
  interaction: SimInteraction,
  userName: string,
  nickName?: string,
): ChatParty {
  const chat = interaction.chat;
  if (!chat) throw new Error(`${interaction.id} is not a chat`);
  const existing = chat.parties.find((party) => party.userName === userName);
  if (existing) return existing;
  const user = context.world.findUser(userName);
  const party: ChatParty = {
    userId: context.world.nextId(),
    userType: 'Agent',
    nickName: nickName ?? user?.firstName ?? userName,
    userName,
  };
  chat.parties.push(party);
  context.world.appendChatEvent(interaction, { kind: 'PARTY_JOINED', party });
  return party;
}

/** The agent leaves a chat with a PARTY_LEFT event. */
export function leaveChat(
  context: OperationContext,
  interaction: SimInteraction,
  userName: string,
): void {
  const chat = interaction.chat;
  if (!chat) return;
  const index = chat.parties.findIndex((party) => party.userName === userName);
  const party = chat.parties[index];
  if (!party) return;
  context.world.appendChatEvent(interaction, { kind: 'PARTY_LEFT', party });
  chat.parties.splice(index, 1);
}

/**
 * The chat's session ends for its customers (PARTY_LEFT each, as 004's transcript ends), once
 * its agents have left: EndChatSession (000), and StopProcessing of a chat they are still in.
 */
export function customersLeaveChat(context: OperationContext, interaction: SimInteraction): void {
  const chat = interaction.chat;
  if (!chat) return;
  for (const party of chat.parties.filter((candidate) => candidate.userType !== 'Agent')) {
    // One who left already (the control's customerLeaves keeps the party) does not leave again.
    const last = chat.events.findLast(
      (event) =>
        event.userId === party.userId &&
        (event.kind === 'PARTY_JOINED' || event.kind === 'PARTY_LEFT'),
    );
    if (last?.kind !== 'PARTY_LEFT')
      context.world.appendChatEvent(interaction, { kind: 'PARTY_LEFT', party });
  }
  chat.parties.length = 0;
}

/**
 * The interaction must be owned by the calling agent. StopProcessing, PlaceInQueue and Transfer
 * end "the Agent's ownership" (003, Interactions API Operations), so a conference party, who
 * never owned it, must use EndConference instead.
 */
function requireOwner(interaction: SimInteraction, userName: string): void {
  if (interaction.owner !== userName) {
    throw invalidState(`Interaction ${interaction.id} is not owned by ${userName}`);
  }
}

/** Resolves `targetId`/`agentId`: a user name, user id or employee id of another agent. */
function targetAgent(context: OperationContext, identifier: string): string {
  const target = context.world.findUser(identifier);
  if (!target) throw notFound(`No agent ${identifier}`);
  if (target.userName === context.user.userName)
    throw invalidState('The target agent is the current agent');
  const agent = context.world.agent(target.userName);
  if (!agent.sessionStarted) throw invalidState(`Agent ${target.userName} is not logged in`);
  return target.userName;
}

/** Every agent still in a chat leaves it (PARTY_LEFT each) before the chat changes hands. */
function allAgentsLeaveChat(context: OperationContext, interaction: SimInteraction): void {
  if (!interaction.chat) return;
  for (const userName of context.world.participants(interaction))
    leaveChat(context, interaction, userName);
}

/**
 * EndConference (sent as `LeaveConference` in 003's sample, with an `agentId`): the calling agent
 * leaves. `agentId`, when given, must name the caller: the document lets agents leave, not remove
 * others. The remaining agents hear LeftConference; the last one keeps the ownership.
 */
function leaveConference(
  context: OperationContext,
  interaction: SimInteraction,
  body: RequestBody,
): void {
  const userName = context.user.userName;
  requireHandledBy(interaction, userName);
  const agentId = optionalString(body, 'agentId');
  if (agentId !== undefined && agentId !== '') {
    const named = context.world.findUser(agentId);
    if (!named) throw notFound(`No agent ${agentId}`);
    if (named.userName !== userName)
      throw invalidState(`Agent ${agentId} can only be removed from the conference by itself`);
  }
  if (interaction.conferenceParties.length === 0)
    throw invalidState(`Agent ${userName} is not in a conference on ${interaction.id}`);
  if (interaction.owner === userName) {
    interaction.owner = interaction.conferenceParties.shift() ?? null;
  } else {
    interaction.conferenceParties.splice(interaction.conferenceParties.indexOf(userName), 1);
  }
  if (interaction.chat) leaveChat(context, interaction, userName);
  // The leaver's own desktop drops it like any other ended ownership (see dialect.ts).
  context.world.notify(userName, interaction, 'Completed');
  for (const remaining of context.world.participants(interaction)) {
    context.world.notify(remaining, interaction, 'LeftConference');
  }
}

/**
 * `POST /me/interactions/{id}` operations common to every channel (003, "Interactions API
 * Operations"). Errors: 1 for a missing parameter, 2 for an operation the interaction's state or
 * the agent's part in it does not allow, 6 for an unknown agent or queue (interactions the agent cannot
 * see are 6 before any operation runs, see {@link visibleInteraction}).
 */
export const interactionOperations: Readonly<Record<string, InteractionOperation>> = {
  Accept: (context, interaction, body) => {
    requireInvitedTo(interaction, context.user.userName);
    if (interaction.chat)
      joinChat(context, interaction, context.user.userName, optionalString(body, 'nickname'));
    context.world.accept(interaction, context.user.userName);
    return undefined;
  },
  Reject: (context, interaction) => {
    requireInvitedTo(interaction, context.user.userName);
    context.world.reject(interaction, context.user.userName);
    return undefined;
  },
  StopProcessing: (context, interaction) => {
    requireOwner(interaction, context.user.userName);
    requireState(interaction, 'Accepted', 'ReplyCreated');
    allAgentsLeaveChat(context, interaction);
    // The interaction is over, and its chat with it: 003 offers an accepted chat no other way to
    // finish it (no EndChatSession, 003 "Chat Accepted"), and a customer left in the session of
    // a completed interaction would wait for an answer no agent can give.
    customersLeaveChat(context, interaction);
    context.world.complete(interaction);
    return undefined;
  },
  PlaceInQueue: (context, interaction, body) => {
    requireOwner(interaction, context.user.userName);
    requireState(interaction, 'Accepted', 'ReplyCreated');
    const queue = requireKnownQueue(context, requireString(body, 'queue'));
    allAgentsLeaveChat(context, interaction);
    context.world.requeue(interaction, queue);
    return undefined;
  },
  UpdateProperties: (context, interaction, body) => {
    requireHandledBy(interaction, context.user.userName);
    const properties = requireObject(body, 'properties');
    Object.assign(interaction.userData, properties);
    for (const userName of context.world.participants(interaction)) {
      context.world.notify(userName, interaction, 'PropertiesChanged');
    }
    return undefined;
  },
  Transfer: (context, interaction, body) => {
    requireOwner(interaction, context.user.userName);
    requireState(interaction, 'Accepted');
    const target = targetAgent(context, requireString(body, 'targetId'));
    allAgentsLeaveChat(context, interaction);
    const previous = context.world.participants(interaction);
    interaction.owner = null;
    interaction.conferenceParties.length = 0;
    for (const userName of previous) context.world.notify(userName, interaction, 'Completed');
    context.world.invite(interaction, target);
    return undefined;
  },
  StartConference: (context, interaction, body) => {
    requireHandledBy(interaction, context.user.userName);
    requireState(interaction, 'Accepted');
    const target = targetAgent(context, requireString(body, 'agentId'));
    if (context.world.participants(interaction).includes(target)) {
      throw invalidState(`Agent ${target} is already in the conference`);
    }
    interaction.conferenceParties.push(target);
    // The invited agent hears of the interaction before its first chat event (its own joining),
    // as a consulted one does: in the state 003 names, which its desk announces.
    context.world.notify(target, interaction, 'InvitedConference');
    if (interaction.chat) joinChat(context, interaction, target);
    return undefined;
  },
  EndConference: (context, interaction, body) => {
    leaveConference(context, interaction, body);
    return undefined;
  },
  // 003's EndConference request body names the operation LeaveConference; both are accepted.
  LeaveConference: (context, interaction, body) => {
    leaveConference(context, interaction, body);
    return undefined;
  },
};

/** Looks an interaction up for the calling agent: unknown ids and others' interactions are 6. */
export function visibleInteraction(context: OperationContext, id: string): SimInteraction {
  const interaction = context.world.interactions.get(id);
  const userName = context.user.userName;
  const visible =
    interaction !== undefined &&
    (interaction.owner === userName ||
      interaction.invitee === userName ||
      interaction.conferenceParties.includes(userName) ||
      interaction.workbin?.owner === userName ||
      (interaction.workbin !== null && interaction.workbin.owner === null));
  if (!visible) throw new GwsFailure(StatusCode.notFound, `Interaction ${id} not found`);
  return interaction;
}
