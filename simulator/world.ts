import {
  dndOn,
  MEDIA_CHANNELS,
  type AgentState,
  type ChannelUserState,
  type ChatEvent,
  type ChatParty,
  type MediaChannel,
  type SimAttachment,
  type SimEmail,
  type SimInteraction,
  type SimUser,
} from './model';

/**
 * What the world tells the outside about: the server turns each call into CometD messages in
 * the configured dialect. The world never formats wire messages itself.
 */
export interface WorldListener {
  /** An interaction changed in a way `userName` must hear about (`state` overrides for Revoked). */
  interactionChanged(userName: string, interaction: SimInteraction, state?: NotifiedState): void;
  /** New chat events on an interaction the agent takes part in. */
  chatEvents(userName: string, interaction: SimInteraction, events: readonly ChatEvent[]): void;
  /**
   * The agent's channel states (or DND) changed; `agentWideDndOn` when it is Do Not Disturb on
   * `/me` that came on (announced in 003's own form, for no channel in particular).
   */
  channelsChanged(
    userName: string,
    agent: AgentState,
    changed: readonly MediaChannel[],
    agentWideDndOn?: boolean,
  ): void;
  /** Something on `/v2/me` (password, session) for this agent. */
  meChanged(userName: string, data: Record<string, unknown>): void;
  /** A workbin of this agent changed. */
  workbinChanged(
    userName: string,
    workbinId: string,
    interaction: SimInteraction,
    change: 'added' | 'removed',
  ): void;
  /** Any chat event, whoever sees it (the scenarios' customers react to agents here). */
  chatEventAppended?(interaction: SimInteraction, event: ChatEvent): void;
  /**
   * A message an operation formatted itself for one agent's sessions on `channel`: UCS answers
   * on `/v2/ucs/interactions`, a chat history limited to the events asked for.
   */
  published?(userName: string, channel: string, data: Record<string, unknown>): void;
}

/** States a notification may carry beyond the interaction's own state. */
export type NotifiedState =
  | 'Invited'
  | 'Accepted'
  | 'Revoked'
  | 'PropertiesChanged'
  | 'ReplyCreated'
  | 'Pulled'
  | 'InvitedConference'
  | 'LeftConference'
  | 'Completed';

/**
 * An agent state the contact center offers (003, "Agent States", `/settings/agent-states`): one of
 * the five every contact center starts with, or one its administrator added (a Not Ready reason
 * such as "Lunch"), which tests add to `World.agentStates`.
 */
export interface AgentStateDescriptor {
  displayName: string;
  id: string;
  /** The `operationName` the agent's `/me` request names (Ready, NotReady, a custom one). */
  operationName: string;
  state: 'Ready' | 'NotReady' | 'Logout';
  workMode?: string;
}

/** The five read-only agent states every contact center starts with (003, "Agent States"). */
export const DEFAULT_AGENT_STATES: readonly AgentStateDescriptor[] = [
  {
    displayName: 'AfterCallWork',
    id: 'D3663509-3D82-4DD3-A82E-2EA8EFA02AEF',
    operationName: 'AfterCallWork',
    state: 'NotReady',
    workMode: 'AfterCallWork',
  },
  {
    displayName: 'AuxWork',
    id: '2B36138D-C564-4562-A8CB-3C32D564F296',
    operationName: 'AuxWork',
    state: 'NotReady',
    workMode: 'AuxWork',
  },
  {
    displayName: 'Not Ready',
    id: '900D55CC-2BB0-431F-8BF9-D3525B383BE6',
    operationName: 'NotReady',
    state: 'NotReady',
  },
  {
    displayName: 'Offline',
    id: '0F7F5003-EF26-4D13-A6EF-D0C7EC819BEB',
    operationName: 'Offline',
    state: 'Logout',
  },
  {
    displayName: 'Ready',
    id: '9430250E-0A1B-421F-B372-F29E69366DED',
    operationName: 'Ready',
    state: 'Ready',
  },
];

/** How many interactions of a channel an agent holds at once (owned plus invited), by default. */
export const DEFAULT_CAPACITY: Readonly<Record<MediaChannel, number>> = { email: 5, chat: 3 };

export interface WorldOptions {
  readonly users: readonly SimUser[];
  /** Seconds an invite waits for Accept before it is revoked. */
  readonly inviteTimeoutSeconds: number;
  /** Milliseconds before a revoked or rejected interaction is offered again. */
  readonly reofferDelayMs: number;
  /** The first characters of every id: what keeps the ids of different runs apart. */
  readonly idPrefix: string;
  /**
   * The first characters of the ids {@link World.withSeedIds} hands out, the same in every run of
   * a seed (the seed's alone); {@link idPrefix} when absent.
   */
  readonly seedIdPrefix?: string;
  readonly now?: () => number;
  /**
   * Interactions per channel an agent may hold (GWS takes it from the agent's capacity rule);
   * {@link DEFAULT_CAPACITY} for channels not given. The load scenario raises it for chat.
   */
  readonly capacity?: Partial<Record<MediaChannel, number>>;
}

export interface NewEmail {
  readonly from: string;
  readonly fromPersonal?: string;
  readonly to?: readonly string[];
  readonly cc?: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html?: string | null;
  /** Notes on the interaction (`TheComment`), as routing or an earlier agent left them. */
  readonly comment?: string;
  /**
   * Files attached; `statedSize` is the size the notifications state (its bytes' length unless
   * given; null states none), for a server that does not know, or misstates, a file's size.
   */
  readonly attachments?: readonly {
    name: string;
    mimeType: string;
    bytes: Buffer;
    statedSize?: number | null;
  }[];
  readonly queue?: string;
  readonly userData?: Record<string, unknown>;
  /** The customer's contact in UCS (a seeded contact has history); a new one when absent. */
  readonly contactId?: string;
}

export interface NewChat {
  readonly customerNickName: string;
  readonly subject: string;
  readonly firstMessage?: string;
  readonly queue?: string;
  readonly userData?: Record<string, unknown>;
  /** The customer's contact in UCS (a seeded contact has history); a new one when absent. */
  readonly contactId?: string;
}

/**
 * A finished interaction of a contact's past, as UCS keeps it: seeded so that a contact has
 * history before the desk ever saw them (see contactHistory.ts).
 */
export interface PastInteraction {
  readonly contactId: string;
  readonly channel: MediaChannel;
  readonly subject: string;
  /** Milliseconds since the epoch. */
  readonly startDate: number;
  readonly endDate: number;
  /** The agent who handled it: a user of this world. */
  readonly owner: string;
  /** The chat customer's nickname, or the e-mail's sender address. */
  readonly customer: string;
  /** A chat's lines in order (the customer's unless `fromAgent`). */
  readonly lines?: readonly { readonly fromAgent: boolean; readonly text: string }[];
  /** An e-mail's body. */
  readonly text?: string;
  /** UCS's name of a chat's media when not Chat: 004's `facebooksession`. */
  readonly mediaType?: string;
}

/** An e-mail as it left the contact center with Send: a copy, with the files' names and sizes. */
export interface SentEmail {
  readonly interactionId: string;
  /** The e-mail answered or forwarded; absent for a new e-mail. */
  readonly parentId: string | undefined;
  /** OutboundReply (Reply, ReplyAll) or OutboundNew (Forward, CreateEmail). */
  readonly subType: string;
  /** The queue it was placed in (Send's `queueName`, else the one its draft waited in). */
  readonly queue: string;
  readonly sentBy: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly attachments: readonly { readonly name: string; readonly size: number }[];
  readonly at: number;
}

/**
 * The queues of the demo contact center: the ones its e-mails and chats arrive in and the
 * `inQueues`/`outQueues` they name, plus an overflow queue agents may send work to. PlaceInQueue,
 * and CreateEmail, Reply, ReplyAll and Send naming a `queueName`, refuse any other name, as a
 * real server refuses a queue its configuration lacks.
 */
export const DEMO_QUEUES: readonly string[] = [
  'SimpleEmailInQueue',
  'SimpleEmailOutQueue',
  'SimpleChatInQueue',
  'SimpleChatTranscriptQueue',
  'Overflow',
];

export class World {
  readonly users = new Map<string, SimUser>();
  /**
   * Queue names PlaceInQueue and the e-mail operations' `queueName` accept: {@link DEMO_QUEUES}
   * and every queue an interaction was created in (a test may route an e-mail through a queue of
   * its own).
   */
  readonly queues = new Set<string>(DEMO_QUEUES);
  readonly agents = new Map<string, AgentState>();
  readonly interactions = new Map<string, SimInteraction>();
  /** Every e-mail an agent sent (002 Send), oldest first: what left the contact center. */
  readonly sent: SentEmail[] = [];
  readonly agentStates: AgentStateDescriptor[] = [...DEFAULT_AGENT_STATES];
  private readonly listeners = new Set<WorldListener>();
  private readonly inviteTimers = new Map<string, NodeJS.Timeout>();
  private rerouteTimer: NodeJS.Timeout | null = null;
  private idCounter = 0;
  /** Whether {@link withSeedIds} runs: ids come from the seed's own sequence then. */
  private seedIds = false;
  private seedIdCounter = 0;
  private readonly now: () => number;
  private closed = false;

  constructor(readonly options: WorldOptions) {
    this.now = options.now ?? Date.now;
    for (const user of options.users) {
      this.users.set(user.userName, user);
      this.agents.set(user.userName, {
        user,
        sessionStarted: false,
        dnd: false,
        dndChannels: new Set(),
        channels: new Map(user.channels.map((channel) => [channel, this.loggedOutState()])),
      });
    }
  }

  addListener(listener: WorldListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A GWS-looking 16-character id, unique in this world (and, by its prefix, across runs). */
  nextId(): string {
    const seeded = this.seedIds;
    const counter = seeded ? (this.seedIdCounter += 1) : (this.idCounter += 1);
    const prefix = seeded
      ? (this.options.seedIdPrefix ?? this.options.idPrefix)
      : this.options.idPrefix;
    const serial = counter.toString(36).toUpperCase().padStart(8, '0');
    return `${prefix}${serial}`.slice(-16).padStart(16, '0');
  }

  /**
   * Runs `record` with ids from the seed's own sequence: what it makes (the demo contacts' past,
   * as UCS keeps it) has the same ids in every run of the seed, as a real server's stored
   * history keeps its ids, while everything else gets ids new in each run.
   */
  withSeedIds<T>(record: () => T): T {
    this.seedIds = true;
    try {
      return record();
    } finally {
      this.seedIds = false;
    }
  }

  currentTime(): number {
    return this.now();
  }

  agent(userName: string): AgentState {
    const agent = this.agents.get(userName);
    if (!agent) throw new Error(`unknown agent ${userName}`);
    return agent;
  }

  /** Finds a user by user name, id or employee id: GWS operations name agents all three ways. */
  findUser(identifier: string): SimUser | undefined {
    return (
      this.users.get(identifier) ??
      [...this.users.values()].find(
        (user) => user.id === identifier || user.employeeId === identifier,
      )
    );
  }

  agentStateByOperation(operationName: string): AgentStateDescriptor | undefined {
    return this.agentStates.find((state) => state.operationName === operationName);
  }

  // ---- agent state ------------------------------------------------------------------------

  /**
   * An administrator renames a user while the agent works: `/me` and `/users` name them so from
   * now on; no notification tells the agent's desk (none is documented for it).
   */
  renameUser(userName: string, names: { firstName: string; lastName: string }): void {
    const { user } = this.agent(userName);
    user.firstName = names.firstName;
    user.lastName = names.lastName;
  }

  /**
   * An administrator gives a user other media channels while the agent works: a channel taken
   * away is gone from `/me` and `/me/channels` at once (its invitations withdrawn, its state and
   * DND forgotten; interactions the agent holds stay theirs), one given is there logged out until
   * a contact-center session starts on it. No notification tells the agent's desk (none is
   * documented for a configuration change): it learns so when it reads `/me` again.
   */
  setUserChannels(userName: string, channels: readonly MediaChannel[]): void {
    const agent = this.agent(userName);
    agent.user.channels = [...channels];
    for (const channel of [...agent.channels.keys()]) {
      if (channels.includes(channel)) continue;
      this.revokeInvitesOf(userName, channel);
      agent.channels.delete(channel);
      agent.dndChannels.delete(channel);
    }
    for (const channel of channels)
      if (!agent.channels.has(channel)) agent.channels.set(channel, this.loggedOutState());
  }

  startSession(userName: string, channels: readonly MediaChannel[]): void {
    const agent = this.agent(userName);
    agent.sessionStarted = true;
    const changed: MediaChannel[] = [];
    for (const channel of channels) {
      if (!agent.channels.has(channel)) continue;
      agent.channels.set(channel, this.stateFor('NotReady'));
      changed.push(channel);
    }
    this.emit((listener) => {
      listener.channelsChanged(userName, agent, changed);
    });
  }

  endSession(userName: string): void {
    const agent = this.agent(userName);
    agent.sessionStarted = false;
    agent.dnd = false;
    agent.dndChannels.clear();
    for (const channel of agent.channels.keys()) agent.channels.set(channel, this.loggedOutState());
    this.revokeInvitesOf(userName);
    this.emit((listener) => {
      listener.channelsChanged(userName, agent, [...agent.channels.keys()]);
    });
  }

  /**
   * Ends every started contact-center session (a restart that lost them, a session timeout);
   * answers the agents whose session ended.
   */
  endAllSessions(): string[] {
    const ended = [...this.agents.values()]
      .filter((agent) => agent.sessionStarted)
      .map((agent) => agent.user.userName);
    for (const userName of ended) this.endSession(userName);
    return ended;
  }

  /** Applies an agent-state operation (Ready, NotReady, AfterCallWork, …) to some channels. */
  setChannelState(
    userName: string,
    channels: readonly MediaChannel[],
    descriptor: AgentStateDescriptor,
    reason?: string,
  ): void {
    const agent = this.agent(userName);
    for (const channel of channels) {
      agent.channels.set(channel, this.stateFor(descriptor.operationName, reason));
    }
    if (descriptor.state !== 'Ready') {
      for (const channel of channels) this.revokeInvitesOf(userName, channel);
    }
    this.emit((listener) => {
      listener.channelsChanged(userName, agent, channels);
    });
    this.route();
  }

  /**
   * Do Not Disturb on `/me`. On, it overrides every channel; off, it ends each channel's own DND
   * too (003: DoNotDisturbOff on /me turns it off "for all of a user's devices and channels").
   */
  setDnd(userName: string, on: boolean): void {
    const agent = this.agent(userName);
    agent.dnd = on;
    if (on) this.revokeInvitesOf(userName);
    else agent.dndChannels.clear();
    this.emit((listener) => {
      listener.channelsChanged(userName, agent, [...agent.channels.keys()], on);
    });
    this.route();
  }

  /**
   * Do Not Disturb on one channel (DoNotDisturbOn/Off on `/me/channels/{channel}`): the channel
   * gets no invitations while it lasts (a pending one is taken back), the others are not touched.
   */
  setChannelDnd(userName: string, channel: MediaChannel, on: boolean): void {
    const agent = this.agent(userName);
    if (on) agent.dndChannels.add(channel);
    else agent.dndChannels.delete(channel);
    if (on) this.revokeInvitesOf(userName, channel);
    this.emit((listener) => {
      listener.channelsChanged(userName, agent, [channel]);
    });
    this.route();
  }

  private stateFor(operationName: string, reason?: string): ChannelUserState {
    const descriptor = this.agentStateByOperation(operationName);
    if (!descriptor) throw new Error(`unknown agent state ${operationName}`);
    return {
      state: descriptor.state === 'Ready' ? 'Ready' : 'NotReady',
      operationName: descriptor.operationName,
      displayName: descriptor.displayName,
      id: descriptor.id,
      ...('workMode' in descriptor ? { workMode: descriptor.workMode } : {}),
      ...(reason === undefined ? {} : { reason }),
    };
  }

  /**
   * A channel out of the contact-center session: the Offline agent state, whose T-Server state
   * 003 ("Agent States") names `Logout`; a channel's `userState` carries its descriptor's state,
   * display name and id ("included in the userState … when an agent state is matched").
   */
  private loggedOutState(): ChannelUserState {
    return {
      state: 'Logout',
      operationName: 'Offline',
      displayName: 'Offline',
      id: '0F7F5003-EF26-4D13-A6EF-D0C7EC819BEB',
    };
  }

  // ---- creating interactions -----------------------------------------------------------

  private baseInteraction(
    channel: MediaChannel,
    subject: string,
    queue: string,
    userData: Record<string, unknown>,
    email: SimEmail | null,
    chat: SimInteraction['chat'],
    contactId?: string,
  ): SimInteraction {
    const id = this.nextId();
    const now = this.now();
    this.queues.add(queue);
    return {
      id,
      channel,
      type: 'Inbound',
      subType: 'InboundNew',
      state: 'Queued',
      owner: null,
      invitee: null,
      conferenceParties: [],
      queue,
      inQueues: {},
      outQueues: {},
      // A known contact is attached as `ContactId` (000/003), as UCS identification does; a
      // contact made up for this interaction alone is not.
      userData: contactId === undefined ? userData : { ...userData, ContactId: contactId },
      startDate: now,
      receivedAt: new Date(now).toISOString(),
      threadId: this.nextId(),
      parentId: null,
      contactId: contactId ?? this.nextId(),
      subject,
      email,
      chat,
      workbin: null,
      declinedBy: new Set(),
      notBefore: 0,
      endDate: null,
    };
  }

  /** A customer e-mail arrives in the inbound queue. */
  receiveEmail(email: NewEmail): SimInteraction {
    const attachments: SimAttachment[] = (email.attachments ?? []).map((attachment) => ({
      id: this.nextId(),
      name: attachment.name,
      mimeType: attachment.mimeType,
      bytes: attachment.bytes,
      ...(attachment.statedSize === undefined ? {} : { statedSize: attachment.statedSize }),
    }));
    const to = [...(email.to ?? ['support@switchboard.example'])];
    const interaction = this.baseInteraction(
      'email',
      email.subject,
      email.queue ?? 'SimpleEmailInQueue',
      {
        Subject: email.subject,
        FromAddress: email.from,
        FromPersonal: email.fromPersonal ?? '',
        EmailAddress: email.from,
        To: to.join(', '),
        Mailbox: 'support',
        Origination_Source: 'Email',
        _ContainsAttachment: attachments.length > 0 ? 'true' : 'false',
        _AttachmentFileNames: attachments.map((attachment) => attachment.name).join(','),
        _AttachmentsSize: String(attachments.reduce((sum, a) => sum + a.bytes.length, 0)),
        ...email.userData,
      },
      {
        from: email.from,
        fromPersonal: email.fromPersonal ?? '',
        to,
        cc: [...(email.cc ?? [])],
        bcc: [],
        subject: email.subject,
        text: email.text,
        html: email.html ?? null,
        comment: email.comment ?? '',
        attachments,
      },
      null,
      email.contactId,
    );
    interaction.outQueues.SimpleEmailOutQueue = '';
    interaction.inQueues.__STOP__ = '';
    this.interactions.set(interaction.id, interaction);
    this.route();
    return interaction;
  }

  /** A customer starts a chat: it joins, may write a first line, and waits in the queue. */
  startChat(chat: NewChat): SimInteraction {
    const sessionId = this.nextId();
    const customer: ChatParty = {
      userId: this.nextId(),
      userType: 'Client',
      nickName: chat.customerNickName,
    };
    const interaction = this.baseInteraction(
      'chat',
      chat.subject,
      chat.queue ?? 'SimpleChatInQueue',
      { Subject: chat.subject, ChatServerAppName: 'es_chat', ...chat.userData },
      null,
      { sessionId, events: [], parties: [customer], nextEventId: 1 },
      chat.contactId,
    );
    interaction.inQueues.SimpleChatTranscriptQueue = '';
    this.interactions.set(interaction.id, interaction);
    this.appendChatEvent(interaction, { kind: 'PARTY_JOINED', party: customer });
    if (chat.firstMessage !== undefined) {
      this.appendChatEvent(interaction, {
        kind: 'MESSAGE',
        party: customer,
        text: chat.firstMessage,
      });
    }
    this.route();
    return interaction;
  }

  /**
   * Records a finished interaction of a contact's past (Completed, owned by `past.owner`, with
   * its transcript or body dated as given): it is history only, never routed nor announced.
   */
  addPastInteraction(past: PastInteraction): SimInteraction {
    const owner = this.findUser(past.owner);
    if (!owner) throw new Error(`no user ${past.owner}`);
    const email: SimEmail | null =
      past.channel === 'email'
        ? {
            from: past.customer,
            fromPersonal: '',
            to: ['support@switchboard.example'],
            cc: [],
            bcc: [],
            subject: past.subject,
            text: past.text ?? '',
            html: null,
            comment: '',
            attachments: [],
          }
        : null;
    const chat: SimInteraction['chat'] =
      past.channel === 'chat'
        ? { sessionId: this.nextId(), events: [], parties: [], nextEventId: 1 }
        : null;
    const base = this.baseInteraction(
      past.channel,
      past.subject,
      past.channel === 'chat' ? 'SimpleChatInQueue' : 'SimpleEmailInQueue',
      { Subject: past.subject },
      email,
      chat,
      past.contactId,
    );
    const interaction: SimInteraction = {
      ...base,
      ...(past.mediaType === undefined ? {} : { mediaType: past.mediaType }),
      state: 'Completed',
      owner: owner.userName,
      startDate: past.startDate,
      receivedAt: new Date(past.startDate).toISOString(),
      endDate: past.endDate,
    };
    if (chat) {
      const customer: ChatParty = {
        userId: this.nextId(),
        userType: 'Client',
        nickName: past.customer,
      };
      const agent: ChatParty = {
        userId: this.nextId(),
        userType: 'Agent',
        nickName: owner.firstName,
        userName: owner.userName,
      };
      chat.parties.push(customer, agent);
      const lines = past.lines ?? [];
      // Joins, lines and leaving spread evenly over the chat's duration.
      const steps = lines.length + 3;
      const at = (step: number) =>
        Math.round(past.startDate + ((past.endDate - past.startDate) * step) / steps);
      const add = (
        kind: ChatEvent['kind'],
        party: ChatParty,
        step: number,
        text?: string,
      ): void => {
        chat.events.push({
          id: chat.nextEventId,
          kind,
          userId: party.userId,
          userType: party.userType,
          nickName: party.nickName,
          visibility: 'All',
          timestamp: at(step),
          ...(text === undefined ? {} : { text }),
        });
        chat.nextEventId += 1;
      };
      add('PARTY_JOINED', customer, 0);
      add('PARTY_JOINED', agent, 1);
      lines.forEach((line, index) => {
        add('MESSAGE', line.fromAgent ? agent : customer, index + 2, line.text);
      });
      add('PARTY_LEFT', customer, steps);
    }
    this.interactions.set(interaction.id, interaction);
    return interaction;
  }

  /** An agent creates an outbound interaction of its own (CreateEmail, Reply, Forward). */
  createOwned(
    owner: string,
    channel: MediaChannel,
    fields: {
      type: string;
      subType: string;
      queue: string;
      subject: string;
      email: SimEmail | null;
      parentId?: string | null;
      threadId?: string;
    },
  ): SimInteraction {
    const base = this.baseInteraction(
      channel,
      fields.subject,
      fields.queue,
      {},
      fields.email,
      null,
    );
    const interaction: SimInteraction = {
      ...base,
      type: fields.type,
      subType: fields.subType,
      state: 'ReplyCreated',
      owner,
      parentId: fields.parentId ?? null,
      threadId: fields.threadId ?? base.threadId,
    };
    this.interactions.set(interaction.id, interaction);
    return interaction;
  }

  // ---- chat ------------------------------------------------------------------------------

  appendChatEvent(
    interaction: SimInteraction,
    event: {
      kind: ChatEvent['kind'];
      party: ChatParty;
      text?: string;
      noticeType?: string;
      visibility?: ChatEvent['visibility'];
    },
  ): ChatEvent {
    const chat = interaction.chat;
    if (!chat) throw new Error(`${interaction.id} is not a chat`);
    const appended: ChatEvent = {
      id: chat.nextEventId,
      kind: event.kind,
      userId: event.party.userId,
      userType: event.party.userType,
      nickName: event.party.nickName,
      visibility: event.visibility ?? 'All',
      timestamp: this.now(),
      ...(event.text === undefined ? {} : { text: event.text }),
      ...(event.noticeType === undefined ? {} : { noticeType: event.noticeType }),
    };
    chat.nextEventId += 1;
    chat.events.push(appended);
    this.emit((listener) => {
      listener.chatEventAppended?.(interaction, appended);
    });
    for (const userName of this.participants(interaction)) {
      this.emit((listener) => {
        listener.chatEvents(userName, interaction, [appended]);
      });
    }
    return appended;
  }

  /** Agents who currently see an interaction: its owner and conference parties. */
  participants(interaction: SimInteraction): string[] {
    return [
      ...(interaction.owner === null ? [] : [interaction.owner]),
      ...interaction.conferenceParties,
    ];
  }

  // ---- routing -----------------------------------------------------------------------------

  /** Offers every queued interaction that can be offered now to an eligible agent. */
  route(): void {
    if (this.closed) return;
    const now = this.now();
    let nextWake = Number.POSITIVE_INFINITY;
    for (const interaction of this.interactions.values()) {
      if (interaction.state !== 'Queued' || interaction.type !== 'Inbound') continue;
      const candidates = this.eligibleAgents(interaction.channel);
      const fresh = candidates.filter((agent) => !interaction.declinedBy.has(agent.user.userName));
      let chosen = fresh[0];
      if (!chosen && candidates.length > 0) {
        if (now >= interaction.notBefore) {
          interaction.declinedBy.clear();
          chosen = candidates[0];
        } else {
          nextWake = Math.min(nextWake, interaction.notBefore);
        }
      }
      if (chosen) this.invite(interaction, chosen.user.userName);
    }
    if (Number.isFinite(nextWake)) this.wakeAt(nextWake);
  }

  private wakeAt(time: number): void {
    if (this.rerouteTimer) clearTimeout(this.rerouteTimer);
    this.rerouteTimer = setTimeout(
      () => {
        this.rerouteTimer = null;
        this.route();
      },
      Math.max(0, time - this.now()),
    );
    this.rerouteTimer.unref();
  }

  /** Ready on the channel, in a session, not DND (on /me or there), below capacity; least busy first. */
  private eligibleAgents(channel: MediaChannel): AgentState[] {
    const load = (agent: AgentState) =>
      [...this.interactions.values()].filter(
        (interaction) =>
          interaction.channel === channel &&
          interaction.state !== 'Completed' &&
          (interaction.invitee === agent.user.userName ||
            (interaction.owner === agent.user.userName && interaction.state === 'Accepted')),
      ).length;
    return [...this.agents.values()]
      .filter(
        (agent) =>
          agent.sessionStarted &&
          !dndOn(agent, channel) &&
          agent.channels.get(channel)?.state === 'Ready' &&
          load(agent) < (this.options.capacity?.[channel] ?? DEFAULT_CAPACITY[channel]),
      )
      .sort((a, b) => load(a) - load(b));
  }

  /** Offers an interaction to one agent; unanswered, it is revoked after the invite timeout. */
  invite(interaction: SimInteraction, userName: string): void {
    interaction.state = 'Invited';
    interaction.invitee = userName;
    const timer = setTimeout(() => {
      this.revoke(interaction.id);
    }, this.options.inviteTimeoutSeconds * 1000);
    timer.unref();
    this.inviteTimers.set(interaction.id, timer);
    this.emit((listener) => {
      listener.interactionChanged(userName, interaction, 'Invited');
    });
  }

  private clearInviteTimer(interactionId: string): void {
    const timer = this.inviteTimers.get(interactionId);
    if (timer) clearTimeout(timer);
    this.inviteTimers.delete(interactionId);
  }

  /** Takes an invite back from its agent (timeout, NotReady, DND, control API) and requeues it. */
  revoke(interactionId: string): boolean {
    const interaction = this.interactions.get(interactionId);
    if (interaction?.state !== 'Invited' || interaction.invitee === null) return false;
    const userName = interaction.invitee;
    this.clearInviteTimer(interactionId);
    interaction.state = 'Queued';
    interaction.invitee = null;
    interaction.declinedBy.add(userName);
    interaction.notBefore = this.now() + this.options.reofferDelayMs;
    this.emit((listener) => {
      listener.interactionChanged(userName, interaction, 'Revoked');
    });
    this.route();
    return true;
  }

  private revokeInvitesOf(userName: string, channel?: MediaChannel): void {
    for (const interaction of this.interactions.values()) {
      if (
        interaction.invitee === userName &&
        (channel === undefined || interaction.channel === channel)
      ) {
        this.revoke(interaction.id);
      }
    }
  }

  accept(interaction: SimInteraction, userName: string): void {
    this.clearInviteTimer(interaction.id);
    interaction.state = 'Accepted';
    interaction.invitee = null;
    interaction.owner = userName;
    this.emit((listener) => {
      listener.interactionChanged(userName, interaction, 'Accepted');
    });
  }

  reject(interaction: SimInteraction, userName: string): void {
    this.clearInviteTimer(interaction.id);
    interaction.state = 'Queued';
    interaction.invitee = null;
    interaction.declinedBy.add(userName);
    interaction.notBefore = this.now() + this.options.reofferDelayMs;
    this.route();
  }

  /** Ends the agent's ownership; the interaction is done. */
  complete(interaction: SimInteraction): void {
    const participants = this.participants(interaction);
    interaction.state = 'Completed';
    interaction.endDate = this.now();
    for (const userName of participants) {
      this.emit((listener) => {
        listener.interactionChanged(userName, interaction, 'Completed');
      });
    }
    interaction.conferenceParties.length = 0;
    this.route();
  }

  /**
   * Lets go of an interaction an agent has in hand without telling anyone, as a notification
   * lost on the way, a supervisor's action or a server-side timeout would leave it: it is gone
   * from every `/me/interactions`, and every operation on it answers "not found". Only work in
   * someone's hands (an owner); false for an unknown id, an offer or queued work.
   */
  forgetSilently(interactionId: string): boolean {
    const interaction = this.interactions.get(interactionId);
    if (interaction === undefined || interaction.owner === null) return false;
    this.interactions.delete(interactionId);
    // Its agent has room again.
    this.route();
    return true;
  }

  /** Puts an interaction back into a queue for routing (PlaceInQueue, Transfer to a queue). */
  requeue(interaction: SimInteraction, queue: string): void {
    const previous = this.participants(interaction);
    interaction.state = 'Queued';
    interaction.owner = null;
    interaction.queue = queue;
    interaction.conferenceParties.length = 0;
    for (const userName of previous) {
      this.emit((listener) => {
        listener.interactionChanged(userName, interaction, 'Completed');
      });
    }
    this.route();
  }

  notify(userName: string, interaction: SimInteraction, state?: NotifiedState): void {
    this.emit((listener) => {
      listener.interactionChanged(userName, interaction, state);
    });
  }

  /** Delivers an already formatted message on `channel` to every session of `userName`. */
  publish(userName: string, channel: string, data: Record<string, unknown>): void {
    this.emit((listener) => {
      listener.published?.(userName, channel, data);
    });
  }

  notifyMe(userName: string, data: Record<string, unknown>): void {
    this.emit((listener) => {
      listener.meChanged(userName, data);
    });
  }

  notifyWorkbin(
    userName: string,
    workbinId: string,
    interaction: SimInteraction,
    change: 'added' | 'removed',
  ): void {
    this.emit((listener) => {
      listener.workbinChanged(userName, workbinId, interaction, change);
    });
  }

  /** Interactions an agent is handling or being offered, as `/me/interactions` lists them. */
  interactionsOf(userName: string): SimInteraction[] {
    return [...this.interactions.values()].filter(
      (interaction) =>
        interaction.state !== 'Completed' &&
        interaction.state !== 'InWorkbin' &&
        (interaction.invitee === userName ||
          interaction.owner === userName ||
          interaction.conferenceParties.includes(userName)),
    );
  }

  private emit(deliver: (listener: WorldListener) => void): void {
    for (const listener of this.listeners) deliver(listener);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.inviteTimers.values()) clearTimeout(timer);
    this.inviteTimers.clear();
    if (this.rerouteTimer) clearTimeout(this.rerouteTimer);
  }
}

export { MEDIA_CHANNELS };
