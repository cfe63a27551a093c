/**
 * The simulator's world: agents, their channel states and the interactions routed to them.
 * Everything GWS would keep in Interaction Server, Chat Server and UCS lives here, in memory.
 * Wire formats are not this module's business (see dialect.ts); this is the state they render.
 */

export type MediaChannel = 'email' | 'chat';
export const MEDIA_CHANNELS: readonly MediaChannel[] = ['email', 'chat'];

export function isMediaChannel(value: unknown): value is MediaChannel {
  return value === 'email' || value === 'chat';
}

/** Agent state on one media channel, as `/me/channels` reports it. */
export interface ChannelUserState {
  state: 'Ready' | 'NotReady' | 'Logout';
  /** The agent-states setting that produced this state (Ready, NotReady, AfterCallWork, …). */
  operationName: string;
  displayName: string;
  /** Id of the agent-state descriptor in `/settings/agent-states`. */
  id: string;
  reason?: string;
  workMode?: string;
}

export interface SimUser {
  readonly id: string;
  readonly userName: string;
  password: string;
  /** The user's names; an administrator may change them (World.renameUser). */
  firstName: string;
  lastName: string;
  readonly employeeId: string;
  /** The media channels the user has; an administrator may change them (World.setUserChannels). */
  channels: readonly MediaChannel[];
  /** True until the user changes the initial password (ChangePassword with firstLogin). */
  mustChangePassword: boolean;
  /** 003's user roles; `['ROLE_AGENT']` when not given (every demo user is an agent). */
  readonly roles?: readonly string[];
}

export interface AgentState {
  readonly user: SimUser;
  /** StartContactCenterSession was called and EndContactCenterSession was not. */
  sessionStarted: boolean;
  /** Do Not Disturb on `/me`: every channel, whatever each one's own (003 "DndOn"). */
  dnd: boolean;
  /** The channels under Do Not Disturb of their own (DoNotDisturbOn on `/me/channels/{id}`). */
  readonly dndChannels: Set<MediaChannel>;
  readonly channels: Map<MediaChannel, ChannelUserState>;
}

/** Whether the agent is under Do Not Disturb on `channel`: on `/me`, or on the channel itself. */
export function dndOn(agent: AgentState, channel: MediaChannel): boolean {
  return agent.dnd || agent.dndChannels.has(channel);
}

export interface SimAttachment {
  readonly id: string;
  readonly name: string;
  readonly mimeType: string;
  readonly bytes: Buffer;
  /** The size its notifications state: its bytes' length unless set; null states none. */
  readonly statedSize?: number | null;
}

export interface SimEmail {
  from: string;
  fromPersonal: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  text: string;
  /** The HTML body (`StructuredText`), when the e-mail has one. */
  html: string | null;
  comment: string;
  attachments: SimAttachment[];
}

export type ChatEventKind = 'PARTY_JOINED' | 'PARTY_LEFT' | 'MESSAGE' | 'NOTICE';
export type ChatUserType = 'Client' | 'Agent' | 'External';

export interface ChatEvent {
  readonly id: number;
  readonly kind: ChatEventKind;
  readonly userId: string;
  readonly userType: ChatUserType;
  readonly nickName: string;
  readonly visibility: 'All' | 'Int' | 'Vis';
  readonly text?: string;
  readonly noticeType?: string;
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
}

export interface ChatParty {
  readonly userId: string;
  readonly userType: ChatUserType;
  readonly nickName: string;
  /** The agent's user name, for agent parties. */
  readonly userName?: string;
}

export interface SimChat {
  readonly sessionId: string;
  readonly events: ChatEvent[];
  readonly parties: ChatParty[];
  nextEventId: number;
}

/**
 * Interaction states. `Queued` and `InWorkbin` are never sent to an agent as such; the others
 * are the `state` values of the documents' InteractionStateMessage.
 */
export type InteractionState =
  'Queued' | 'Invited' | 'Accepted' | 'ReplyCreated' | 'InWorkbin' | 'Completed';

export interface SimInteraction {
  readonly id: string;
  readonly channel: MediaChannel;
  type: string;
  subType: string;
  state: InteractionState;
  /** The agent who owns it (accepted it, or created it). */
  owner: string | null;
  /** The agent it is offered to while Invited. */
  invitee: string | null;
  /** Other agents in a conference on it. */
  readonly conferenceParties: string[];
  queue: string;
  readonly inQueues: Record<string, string>;
  readonly outQueues: Record<string, string>;
  readonly userData: Record<string, unknown>;
  readonly startDate: number;
  receivedAt: string;
  readonly threadId: string;
  readonly parentId: string | null;
  readonly contactId: string;
  /**
   * What UCS calls its media when not the channel's own name (Chat, Email): a chat-like session
   * of another media, as 004's `facebooksession`. Only past interactions have one.
   */
  readonly mediaType?: string;
  subject: string;
  readonly email: SimEmail | null;
  readonly chat: SimChat | null;
  /** The workbin it sits in, and the agent whose workbin it is. */
  workbin: { id: string; owner: string | null } | null;
  /** Agents who declined it or let it time out, offered it last. */
  readonly declinedBy: Set<string>;
  /** When it may be offered again after a revoke or a reject (ms since epoch). */
  notBefore: number;
  endDate: number | null;
}
