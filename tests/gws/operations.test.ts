import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ErrorKind, Result } from '../../common/errors';
import type { GwsEvent } from '../../common/model';
import { createOperations, type GwsOperations } from '../../main/gws/operations';
import { GwsSession, type GwsRequester } from '../../main/gws/session';
import type { Dialect } from '../../simulator/dialect';
import { demoUsers, startSimulator, type Simulator } from '../../simulator/server';

// Every operation of main/gws/operations.ts against the real simulator, in process, through a
// signed-in GwsSession: the happy path, the domain event it causes, and errors mapped to their
// kinds. Both dialects: they answer operations in the two documented styles ({status:"ok"} /
// {status:"error",errorDescription} and {statusCode:N,statusMessage}), so passing in both proves
// the answer mapping.

type EventOf<K extends GwsEvent['type']> = Extract<GwsEvent, { type: K }>;

interface Agent {
  readonly session: GwsSession;
  readonly ops: GwsOperations;
  readonly events: GwsEvent[];
  /** Requests sent through `ops` so far. */
  requests(): number;
  /** The first collected event of `type` that satisfies `matches` (polls; fails after 5 s). */
  waitFor<K extends GwsEvent['type']>(
    type: K,
    matches?: (event: EventOf<K>) => boolean,
    label?: string,
  ): Promise<EventOf<K>>;
}

/** The session's requester, counting the requests made through it. */
function countingRequester(inner: GwsRequester): { requester: GwsRequester; count: () => number } {
  let count = 0;
  const counted = <R>(call: () => R): R => {
    count += 1;
    return call();
  };
  return {
    requester: {
      get: (path) => counted(() => inner.get(path)),
      post: (path, body) => counted(() => inner.post(path, body)),
      delete: (path) => counted(() => inner.delete(path)),
      postForm: (path, form) => counted(() => inner.postForm(path, form)),
      getBytes: (path) => counted(() => inner.getBytes(path)),
    },
    count: () => count,
  };
}

function expectOk<T>(result: Result<T>): T {
  if (!result.ok)
    throw new Error(`expected success, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

function expectError(result: Result<unknown>, kind: ErrorKind): void {
  expect(result.ok ? 'ok' : result.error.kind).toBe(kind);
}

/** The call fails `invalidArgument` and sends nothing. */
async function expectInvalid(agent: Agent, call: () => Promise<Result<unknown>>): Promise<void> {
  const before = agent.requests();
  expectError(await call(), 'invalidArgument');
  expect(agent.requests()).toBe(before);
}

/** 003's TestWorkbin: the base64 of `TestWorkbin/PrivateView`. */
const TEST_WORKBIN = 'VGVzdFdvcmtiaW4vUHJpdmF0ZVZpZXc=';

describe.each<Dialect>(['a', 'b'])('GWS operations, dialect %s', (dialect) => {
  let simulator: Simulator;
  let agents: Agent[] = [];

  beforeEach(async () => {
    // The simulator's own re-offer delay (5 s): a rejected invitation must stay away from the
    // agent while the test checks it is gone (100 ms here once lost that race on a loaded CI).
    simulator = await startSimulator({ port: 0, scenario: 'quiet', dialect });
  });

  afterEach(async () => {
    await Promise.all(agents.map((agent) => agent.session.signOut()));
    agents = [];
    await simulator.close();
  });

  async function signIn(userName = 'agent1'): Promise<Agent> {
    const session = new GwsSession({
      serverUrl: simulator.url,
      credentials: { userName, password: 'demo' },
    });
    const events: GwsEvent[] = [];
    session.onEvent((event) => events.push(event));
    expectOk(await session.signIn());
    const { requester, count } = countingRequester(session.requester);
    const agent: Agent = {
      session,
      ops: createOperations(requester, { apiUrl: session.http.apiUrl }),
      events,
      requests: count,
      waitFor: async <K extends GwsEvent['type']>(
        type: K,
        matches: (event: EventOf<K>) => boolean = () => true,
        label = type,
      ) => {
        const deadline = Date.now() + 5000;
        for (;;) {
          const found = events.find(
            (event): event is EventOf<K> => event.type === type && matches(event as EventOf<K>),
          );
          if (found) return found;
          if (Date.now() > deadline) throw new Error(`${userName}: no ${label} within 5 s`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      },
    };
    agents.push(agent);
    return agent;
  }

  const stateOf =
    (id: string, state: string) =>
    (event: EventOf<'interactionUpdated'>): boolean =>
      event.interaction.id === id && event.interaction.state === state;
  const endOf =
    (id: string) =>
    (event: EventOf<'interactionEnded'>): boolean =>
      event.interactionId === id;

  /** An e-mail arrives for the (only Ready) agent, who accepts it. */
  async function acceptedEmail(agent: Agent, subject = 'Order 42'): Promise<string> {
    const id = simulator.control.receiveEmail({
      from: 'customer@example.com',
      to: ['support@example.com'],
      cc: ['boss@example.com'],
      subject,
      text: 'Where is my order?',
    });
    await agent.waitFor('interactionInvited', (event) => event.interaction.id === id);
    expectOk(await agent.ops.accept(id));
    await agent.waitFor('interactionUpdated', stateOf(id, 'Accepted'), `${id} Accepted`);
    return id;
  }

  async function acceptedChat(agent: Agent, firstMessage = 'Hello?'): Promise<string> {
    const id = simulator.control.startChat({
      customerNickName: 'Carol',
      subject: 'Help',
      firstMessage,
    });
    await agent.waitFor('interactionInvited', (event) => event.interaction.id === id);
    expectOk(await agent.ops.accept(id, 'Ann'));
    await agent.waitFor('interactionUpdated', stateOf(id, 'Accepted'), `${id} Accepted`);
    return id;
  }

  const allIn =
    (state: string) =>
    (event: EventOf<'channelStateChanged'>): boolean =>
      event.channels.length >= 2 && event.channels.every((channel) => channel.state === state);

  it('sets agent states on all channels and on one, DND, and ends and restarts the session', async () => {
    const agent = await signIn();
    const { ops } = agent;

    expectOk(await ops.setReady());
    await agent.waitFor('channelStateChanged', allIn('Ready'), 'all Ready');
    expectOk(await ops.setNotReady('Break'));
    await agent.waitFor('channelStateChanged', allIn('NotReady'), 'all NotReady');

    const states = expectOk(await ops.getAgentStates());
    expect(states.map((state) => state.operationName)).toContain('AfterCallWork');
    expectOk(await ops.setAgentState('AfterCallWork'));
    await agent.waitFor(
      'channelStateChanged',
      (event) => event.channels.some((channel) => channel.workMode === 'AfterCallWork'),
      'AfterCallWork',
    );
    expectError(await ops.setAgentState('NoSuchState'), 'invalidState');
    await expectInvalid(agent, () => ops.setAgentState('EndContactCenterSession'));
    await expectInvalid(agent, () => ops.setAgentState('Not a name'));
    await expectInvalid(agent, () => ops.setNotReady(''));

    expectOk(await ops.doNotDisturb(true));
    await agent.waitFor(
      'channelStateChanged',
      (event) => event.channels.some((c) => c.dnd),
      'DND on',
    );
    expectError(await ops.doNotDisturb(true), 'invalidState');
    expectOk(await ops.doNotDisturb(false));
    await expectInvalid(agent, () => ops.doNotDisturb('on' as unknown as boolean));

    expectOk(await ops.setChannelReady('chat'));
    await agent.waitFor(
      'channelStateChanged',
      (event) => event.channels.some((c) => c.channel === 'chat' && c.state === 'Ready'),
      'chat Ready',
    );
    expectOk(await ops.setChannelNotReady('chat', 'Lunch'));
    expectOk(await ops.setChannelState('email', 'AuxWork'));
    expect(expectOk(await ops.getChannel('chat')).state).toBe('NotReady');
    expect(expectOk(await ops.getChannel('email')).workMode).toBe('AuxWork');
    expectError(await ops.setChannelReady('voice'), 'notFound');
    expectError(await ops.setChannelState('chat', 'NoSuchState'), 'invalidState');
    await expectInvalid(agent, () => ops.setChannelReady('../me'));
    await expectInvalid(agent, () => ops.setChannelState('chat', 'Offline'));
    await expectInvalid(agent, () => ops.setChannelNotReady('', 'x'));

    expectOk(await ops.endContactCenterSession());
    await agent.waitFor('channelStateChanged', allIn('Logout'), 'all Logout');
    expectError(await ops.setReady(), 'invalidState');
    await expectInvalid(agent, () => ops.startContactCenterSession([]));
    expectOk(await ops.startContactCenterSession(['email', 'chat']));
    expect(expectOk(await ops.getChannels()).map((channel) => channel.state)).toEqual([
      'NotReady',
      'NotReady',
    ]);
  });

  it('sets Do Not Disturb on one channel: DoNotDisturbOn/Off posted on /me/channels/{channel}', async () => {
    const agent = await signIn();
    const posted: { path: string; body: unknown }[] = [];
    const inner = agent.session.requester;
    const ops = createOperations(
      {
        get: (path) => inner.get(path),
        delete: (path) => inner.delete(path),
        postForm: (path, form) => inner.postForm(path, form),
        getBytes: (path) => inner.getBytes(path),
        post: (path, body) => {
          posted.push({ path, body });
          return inner.post(path, body);
        },
      },
      { apiUrl: agent.session.http.apiUrl },
    );
    expectOk(await ops.setReady());
    await agent.waitFor('channelStateChanged', allIn('Ready'), 'all Ready');

    posted.length = 0;
    expectOk(await ops.setChannelDoNotDisturb('chat', true));
    expect(posted).toEqual([
      { path: '/me/channels/chat', body: { operationName: 'DoNotDisturbOn' } },
    ]);
    // The server reports that channel alone, under DND (003's Not Ready override); e-mail stays.
    await agent.waitFor(
      'channelStateChanged',
      (event) =>
        event.channels.length === 1 &&
        event.channels[0]?.channel === 'chat' &&
        event.channels[0].dnd === true &&
        event.channels[0].state === 'NotReady',
      'chat under DND',
    );
    expect(
      expectOk(await ops.getChannels()).map((channel) => [
        channel.channel,
        channel.state,
        channel.dnd,
      ]),
    ).toEqual([
      ['email', 'Ready', false],
      ['chat', 'NotReady', true],
    ]);
    expectError(await ops.setChannelDoNotDisturb('chat', true), 'invalidState');
    expectError(await ops.setChannelDoNotDisturb('voice', true), 'notFound');
    await expectInvalid(agent, () => ops.setChannelDoNotDisturb('../me', true));
    await expectInvalid(agent, () =>
      ops.setChannelDoNotDisturb('chat', 'on' as unknown as boolean),
    );

    posted.length = 0;
    expectOk(await ops.setChannelDoNotDisturb('chat', false));
    expect(posted).toEqual([
      { path: '/me/channels/chat', body: { operationName: 'DoNotDisturbOff' } },
    ]);
    expect(expectOk(await ops.getChannel('chat'))).toMatchObject({ state: 'Ready', dnd: false });
    expectError(await ops.setChannelDoNotDisturb('chat', false), 'invalidState');
  });

  it('reads the agent, its channels, agent states and features', async () => {
    const agent = await signIn();
    const { ops } = agent;
    const me = expectOk(await ops.getMe());
    expect(me).toMatchObject({ userName: 'agent1', dnd: false, mustChangePassword: false });
    expect(me.channels.map((channel) => channel.channel).sort()).toEqual(['chat', 'email']);
    const channels = expectOk(await ops.getChannels());
    expect(channels.map((channel) => channel.channel).sort()).toEqual(['chat', 'email']);
    expect(expectOk(await ops.getChannel('email'))).toMatchObject({
      channel: 'email',
      state: 'NotReady',
    });
    expectError(await ops.getChannel('voice'), 'notFound');
    await expectInvalid(agent, () => ops.getChannel('e mail'));
    const states = expectOk(await ops.getAgentStates());
    expect(states.find((state) => state.operationName === 'Ready')).toMatchObject({
      state: 'Ready',
    });
    const features = expectOk(await ops.getFeatures());
    expect(features.map((feature) => feature.id)).toContain('api-multimedia');
  });

  it('reads the agent directory: every user, their DND and channel states', async () => {
    const first = await signIn('agent1');
    const second = await signIn('agent2');
    expectOk(await second.ops.setChannelReady('chat'));
    await second.waitFor(
      'channelStateChanged',
      (event) => event.channels.some((c) => c.channel === 'chat' && c.state === 'Ready'),
      'chat Ready',
    );

    const directory = expectOk(await first.ops.getUsers());
    // Everyone the server knows, as it names them (the simulator's users are the reference).
    expect(
      directory.map(({ id, userName, firstName, lastName, employeeId }) => ({
        id,
        userName,
        firstName,
        lastName,
        employeeId,
      })),
    ).toEqual(
      demoUsers().map(({ id, userName, firstName, lastName, employeeId }) => ({
        id,
        userName,
        firstName,
        lastName,
        employeeId,
      })),
    );
    const entryOf = (entries: typeof directory, userName: string) =>
      entries.find((entry) => entry.userName === userName);
    const stateOn = (entries: typeof directory, userName: string, channel: string) =>
      entryOf(entries, userName)?.channels.find((entry) => entry.channel === channel)?.state;
    expect(entryOf(directory, 'agent1')).toMatchObject({ roles: ['ROLE_AGENT'], dnd: false });
    expect(stateOn(directory, 'agent2', 'chat')).toBe('Ready');
    expect(stateOn(directory, 'agent2', 'email')).toBe('NotReady');
    // A colleague who is not signed in is logged out on every channel.
    expect(entryOf(directory, 'agent3')?.channels.map((entry) => entry.state)).toEqual([
      'Logout',
      'Logout',
    ]);

    // DND shows, and a colleague's channels read as that colleague's own /me/channels.
    expectOk(await second.ops.doNotDisturb(true));
    await second.waitFor('channelStateChanged', (event) => event.channels.some((c) => c.dnd));
    const later = expectOk(await first.ops.getUsers());
    expect(entryOf(later, 'agent2')?.dnd).toBe(true);
    expect(entryOf(later, 'agent2')?.channels).toEqual(expectOk(await second.ops.getChannels()));

    // The directory takes no arguments: anything given is refused before the wire.
    await expectInvalid(first, () => (first.ops.getUsers as (...args: unknown[]) => never)('x'));
  });

  it('accepts, reads, updates, requeues, rejects and stops interactions', async () => {
    const agent = await signIn();
    const { ops } = agent;
    expectOk(await ops.setChannelReady('email'));
    const id = await acceptedEmail(agent);

    expect(expectOk(await ops.getInteraction(id))).toMatchObject({
      id,
      channel: 'email',
      state: 'Accepted',
    });
    expect(expectOk(await ops.listInteractions()).map((interaction) => interaction.id)).toContain(
      id,
    );
    expectError(await ops.getInteraction('0000NOSUCHID'), 'notFound');
    await expectInvalid(agent, () => ops.getInteraction(' '));

    expectError(await ops.accept(id), 'invalidState');
    expectError(await ops.accept('0000NOSUCHID'), 'notFound');
    await expectInvalid(agent, () => ops.accept(''));

    expectOk(await ops.updateProperties(id, { Priority: 'high', Order: { number: 42 } }));
    const updated = await agent.waitFor(
      'interactionUpdated',
      (event) => event.interaction.id === id && event.interaction.userData.Priority === 'high',
      'updated properties',
    );
    expect(updated.interaction.userData.Order).toEqual({ number: 42 });
    await expectInvalid(agent, () => ops.updateProperties(id, {}));
    await expectInvalid(agent, () => ops.updateProperties(id, [] as never));

    await expectInvalid(agent, () => ops.placeInQueue(id, ''));
    expectOk(await ops.placeInQueue(id, 'Overflow'));
    await agent.waitFor('interactionEnded', endOf(id), `${id} ended by PlaceInQueue`);
    expectError(await ops.placeInQueue(id, 'Overflow'), 'invalidState');

    // Reject: the invitation leaves the agent, no longer listed.
    const second = simulator.control.receiveEmail({
      from: 'b@example.com',
      subject: 'Second',
      text: 'x',
    });
    await agent.waitFor('interactionInvited', (event) => event.interaction.id === second);
    expectOk(await ops.reject(second));
    expect(
      expectOk(await ops.listInteractions()).map((interaction) => interaction.id),
    ).not.toContain(second);
    expectError(await ops.reject(second), 'notFound');
    await expectInvalid(agent, () => ops.reject(''));

    const third = await acceptedEmail(agent, 'Third');
    expectError(await ops.reject(third), 'invalidState');
    expectOk(await ops.stopProcessing(third));
    await agent.waitFor('interactionEnded', endOf(third), `${third} ended by StopProcessing`);
    expectError(await ops.stopProcessing(third), 'invalidState');
    expectError(await ops.stopProcessing('0000NOSUCHID'), 'notFound');
    await expectInvalid(agent, () => ops.stopProcessing(''));
  });

  it('transfers and conferences an interaction between two agents', async () => {
    const first = await signIn('agent1');
    const second = await signIn('agent2');
    expectOk(await first.ops.setChannelReady('email'));

    const id = await acceptedEmail(first);
    expectError(await first.ops.transfer(id, 'nobody'), 'notFound');
    expectError(await first.ops.transfer(id, 'agent1'), 'invalidState');
    await expectInvalid(first, () => first.ops.transfer(id, ''));
    expectOk(await first.ops.transfer(id, 'agent2'));
    await first.waitFor('interactionEnded', endOf(id), 'transferred away');
    await second.waitFor(
      'interactionInvited',
      (event) => event.interaction.id === id,
      'transfer invite',
    );
    expectOk(await second.ops.accept(id));
    await second.waitFor('interactionUpdated', stateOf(id, 'Accepted'));
    const listed = expectOk(await second.ops.listInteractions());
    expect(listed.find((interaction) => interaction.id === id)?.state).toBe('Accepted');

    const other = await acceptedEmail(first, 'Conference me');
    expectError(await first.ops.endConference(other), 'invalidState');
    expectError(await first.ops.startConference(other, 'nobody'), 'notFound');
    await expectInvalid(first, () => first.ops.startConference(other, ' '));
    expectOk(await first.ops.startConference(other, 'agent2'));
    await second.waitFor('interactionUpdated', stateOf(other, 'InvitedConference'));
    expectError(await first.ops.startConference(other, 'agent2'), 'invalidState');
    // 003's body names the agent who leaves: only oneself.
    expectError(await second.ops.endConference(other, 'agent1'), 'invalidState');
    expectOk(await second.ops.endConference(other, 'agent2'));
    await second.waitFor('interactionEnded', endOf(other), 'left the conference');
    await first.waitFor('interactionUpdated', stateOf(other, 'LeftConference'));
    await expectInvalid(second, () => second.ops.endConference(''));
  });

  it('replies, replies to all, forwards, sends, cancels and creates e-mails', async () => {
    const agent = await signIn();
    const { ops } = agent;
    expectOk(await ops.setChannelReady('email'));
    const id = await acceptedEmail(agent);

    const replyId = expectOk(await ops.reply(id, { subjectPrefix: 'Re: ', quoteOriginal: true }));
    expect(replyId).toEqual(expect.any(String));
    const draft = await agent.waitFor('interactionUpdated', stateOf(replyId ?? '', 'ReplyCreated'));
    expect(draft.interaction).toMatchObject({ subject: 'Re: Order 42', parentId: id });
    expectError(await ops.reply(replyId ?? '', {}), 'invalidState');
    expectError(await ops.reply('0000NOSUCHID'), 'notFound');
    await expectInvalid(agent, () => ops.reply(id, { quoteOriginal: 'yes' } as never));
    await expectInvalid(agent, () => ops.reply(id, { unknownOption: 1 } as never));

    await expectInvalid(agent, () => ops.send(replyId ?? '', { toAddress: 'not an address' }));
    // A queue the contact center does not have is refused (notFound), and the draft kept.
    expectError(await ops.send(replyId ?? '', { text: 'It ships today.' }, 'Outbound'), 'notFound');
    expectOk(
      await ops.send(
        replyId ?? '',
        { text: 'It ships today.', ccAddress: ['a@example.com'] },
        'SimpleEmailOutQueue',
      ),
    );
    await agent.waitFor('interactionEnded', endOf(replyId ?? ''), 'reply sent');
    expectError(await ops.send(replyId ?? ''), 'invalidState');

    const allId = expectOk(await ops.replyAll(id, { subjectPrefix: 'Re: ', indentCharacter: '>' }));
    await agent.waitFor('interactionUpdated', stateOf(allId ?? '', 'ReplyCreated'));
    expectError(await ops.cancelReplyEmail(id), 'invalidState');
    expectOk(await ops.cancelReplyEmail(allId ?? ''));
    await agent.waitFor('interactionEnded', endOf(allId ?? ''), 'reply cancelled');
    expectError(await ops.cancelReplyEmail(allId ?? ''), 'notFound');
    await expectInvalid(agent, () => ops.cancelReplyEmail(''));
    await expectInvalid(agent, () => ops.replyAll(id, { indentCharacter: '>'.repeat(100) }));

    await expectInvalid(agent, () => ops.forward(id, 'nobody'));
    const forwardId = expectOk(await ops.forward(id, 'colleague@example.com'));
    await agent.waitFor('interactionUpdated', stateOf(forwardId ?? '', 'ReplyCreated'));
    expectOk(await ops.send(forwardId ?? ''));
    await agent.waitFor('interactionEnded', endOf(forwardId ?? ''), 'forward sent');
    // A forward without a recipient: Send finds none (statusCode 1). Dialect a's error style
    // carries no code, and HTTP 400 stands for both 1 and 2 (http.ts maps it to invalidState).
    const bare = expectOk(await ops.forward(id));
    await agent.waitFor('interactionUpdated', stateOf(bare ?? '', 'ReplyCreated'));
    expectError(await ops.send(bare ?? ''), dialect === 'a' ? 'invalidState' : 'missingParameter');

    const created = expectOk(
      await ops.createEmail('SimpleEmailOutQueue', 'Outbound', 'OutboundNew'),
    );
    expect(created).toEqual(expect.any(String));
    await agent.waitFor('interactionUpdated', stateOf(created ?? '', 'ReplyCreated'));
    expectOk(
      await ops.send(created ?? '', {
        toAddress: 'customer@example.com',
        subject: 'Hello',
        text: 'A new message',
        bccAddress: 'audit@example.com',
      }),
    );
    await agent.waitFor('interactionEnded', endOf(created ?? ''), 'new e-mail sent');
    await expectInvalid(agent, () => ops.createEmail(''));
    expectOk(await ops.endContactCenterSession());
    expectError(await ops.createEmail('SimpleEmailOutQueue'), 'invalidState');
  });

  it('sends chat messages and notifications, requests history, leaves and ends chats', async () => {
    const agent = await signIn();
    const { ops } = agent;
    expectOk(await ops.setChannelReady('chat'));
    expectOk(await ops.setChannelReady('email'));
    const id = await acceptedChat(agent);
    const withText = (text: string) => (event: EventOf<'chatEventsReceived'>) =>
      event.interactionId === id && event.events.some((line) => line.text === text);

    expectOk(await ops.sendMessage(id, 'How can I help?'));
    const sent = await agent.waitFor(
      'chatEventsReceived',
      withText('How can I help?'),
      'agent line',
    );
    expect(sent.events.find((line) => line.text === 'How can I help?')).toMatchObject({
      kind: 'message',
    });
    expectOk(await ops.sendMessage(id, 'Note to self', 'Int'));
    simulator.control.customerSays(id, 'My order is late');
    await agent.waitFor('chatEventsReceived', withText('My order is late'), 'customer line');
    await expectInvalid(agent, () => ops.sendMessage(id, '   '));
    await expectInvalid(agent, () => ops.sendMessage(id, 'x', 'Everyone' as never));
    expectError(await ops.sendMessage('0000NOSUCHID', 'x'), 'notFound');

    expectOk(await ops.sendNotification(id, 'TypingStarted'));
    await agent.waitFor(
      'chatEventsReceived',
      (event) =>
        event.interactionId === id &&
        event.events.some((line) => line.noticeType === 'TypingStarted'),
      'typing notice',
    );
    await expectInvalid(agent, () => ops.sendNotification(id, 'Typing' as never));

    // The history arrives as an InteractionStateMessage; its chat events are all known already,
    // and the normalizer passes each event id on once, so only the interaction update shows.
    const before = agent.events.length;
    expectOk(await ops.requestChatHistory(id, 1));
    await agent.waitFor(
      'interactionUpdated',
      (event) => agent.events.indexOf(event) >= before && event.interaction.id === id,
      'chat history',
    );
    await expectInvalid(agent, () => ops.requestChatHistory(id, 0));

    const email = await acceptedEmail(agent);
    expectError(await ops.sendMessage(email, 'Not a chat'), 'invalidState');
    expectError(await ops.sendNotification(email, 'TypingStopped'), 'invalidState');
    expectError(await ops.requestChatHistory(email), 'invalidState');

    expectOk(await ops.endChatSession(id));
    await agent.waitFor('interactionEnded', endOf(id), 'chat ended');
    expectError(await ops.endChatSession(id), 'invalidState');
    await expectInvalid(agent, () => ops.endChatSession(''));

    const second = await acceptedChat(agent, 'Anyone?');
    expectOk(await ops.leaveChat(second));
    await agent.waitFor('interactionEnded', endOf(second), 'chat left');
    expectError(await ops.leaveChat(second), 'invalidState');
    expectError(await ops.leaveChat('0000NOSUCHID'), 'notFound');
    await expectInvalid(agent, () => ops.leaveChat(''));
  });

  it('consults another agent on a chat and completes it as a transfer or a conference', async () => {
    const first = await signIn('agent1');
    const second = await signIn('agent2');
    expectOk(await first.ops.setChannelReady('chat'));

    const id = await acceptedChat(first);
    expectError(await first.ops.completeTransfer(id), 'invalidState');
    expectError(await first.ops.startChatConsultation(id, 'nobody'), 'notFound');
    await expectInvalid(first, () => first.ops.startChatConsultation(id, ''));
    expectOk(await first.ops.startChatConsultation(id, 'agent2'));
    await second.waitFor('interactionUpdated', stateOf(id, 'InvitedConference'));
    expectError(await first.ops.startChatConsultation(id, 'agent2'), 'invalidState');
    expectOk(await first.ops.completeTransfer(id));
    await first.waitFor('interactionEnded', endOf(id), 'transferred');
    await second.waitFor('interactionUpdated', stateOf(id, 'Accepted'));
    expect(expectOk(await second.ops.getInteraction(id)).state).toBe('Accepted');
    const gone = await first.ops.getInteraction(id);
    expect(gone.ok ? 'ok' : gone.error.kind).toBe('notFound');
    await expectInvalid(first, () => first.ops.completeTransfer(''));

    const other = await acceptedChat(first, 'Second chat');
    expectError(await first.ops.completeConference(other), 'invalidState');
    expectOk(await first.ops.startChatConsultation(other, 'agent2'));
    await second.waitFor('interactionUpdated', stateOf(other, 'InvitedConference'));
    expectOk(await first.ops.completeConference(other));
    await first.waitFor('interactionUpdated', stateOf(other, 'PropertiesChanged'));
    await second.waitFor('interactionUpdated', stateOf(other, 'PropertiesChanged'));
    expectError(await first.ops.completeConference(other), 'invalidState');
    await expectInvalid(first, () => first.ops.completeConference(' '));

    // In a conference, LeaveChat drops only the agent who leaves.
    expectOk(await second.ops.leaveChat(other));
    await second.waitFor('interactionEnded', endOf(other), 'agent2 left');
    await first.waitFor('interactionUpdated', stateOf(other, 'LeftConference'));
  });

  it('uploads, downloads and deletes attachments', async () => {
    const agent = await signIn();
    const { ops } = agent;
    expectOk(await ops.setChannelReady('email'));
    expectOk(await ops.setChannelReady('chat'));
    const id = await acceptedEmail(agent);
    const bytes = new TextEncoder().encode('%PDF-1.4 invoice');

    const documentId = expectOk(
      await ops.uploadAttachment(id, {
        name: 'invoice 42.pdf',
        mimeType: 'application/pdf',
        bytes,
      }),
    );
    const downloaded = expectOk(await ops.downloadAttachment(id, documentId));
    expect(new Uint8Array(downloaded.bytes)).toEqual(bytes);
    expect(downloaded.mimeType).toBe('application/pdf');
    expect(downloaded.fileName).toBe('invoice 42.pdf');
    await expectInvalid(agent, () =>
      ops.uploadAttachment(id, { name: 'x.pdf', mimeType: 'not a type', bytes }),
    );
    await expectInvalid(agent, () =>
      ops.uploadAttachment(id, { name: '', mimeType: 'text/plain', bytes }),
    );
    await expectInvalid(agent, () =>
      ops.uploadAttachment(id, { name: 'x', mimeType: 'text/plain', bytes: 'text' as never }),
    );

    expectOk(await ops.deleteAttachment(id, documentId));
    expectError(await ops.downloadAttachment(id, documentId), 'notFound');
    expectError(await ops.deleteAttachment(id, documentId), 'notFound');
    await expectInvalid(agent, () => ops.downloadAttachment(id, ''));
    await expectInvalid(agent, () => ops.deleteAttachment('', documentId));

    const chat = await acceptedChat(agent);
    expectError(
      await ops.uploadAttachment(chat, { name: 'a.txt', mimeType: 'text/plain', bytes }),
      'invalidState',
    );
  });

  it('lists, fills, reads, pulls from and subscribes to workbins', async () => {
    const agent = await signIn();
    const { ops } = agent;
    expectOk(await ops.setChannelReady('email'));

    const workbins = expectOk(await ops.getWorkbins());
    expect(workbins.find((workbin) => workbin.workbinName === 'TestWorkbin')).toMatchObject({
      workbinId: TEST_WORKBIN,
      active: true,
    });
    expectOk(await ops.subscribeWorkbin(TEST_WORKBIN));
    expectError(await ops.subscribeWorkbin('NoSuchWorkbin'), 'notFound');
    await expectInvalid(agent, () => ops.subscribeWorkbin(''));

    const id = await acceptedEmail(agent);
    await expectInvalid(agent, () => ops.placeInWorkbin(id, ''));
    expectError(await ops.placeInWorkbin(id, 'NoSuchWorkbin'), 'notFound');
    expectOk(await ops.placeInWorkbin(id, 'TestWorkbin'));
    await agent.waitFor(
      'workbinChanged',
      (event) => event.change === 'PlacedIn' && event.interactions.some((item) => item.id === id),
      'PlacedIn',
    );
    expectError(await ops.placeInWorkbin(id, 'TestWorkbin'), 'invalidState');

    const items = expectOk(await ops.getWorkbinInteractions(TEST_WORKBIN));
    expect(items.map((item) => item.id)).toEqual([id]);
    expect(items[0]).toMatchObject({ channel: 'email', subject: 'Order 42' });
    expectError(await ops.getWorkbinInteractions('NoSuchWorkbin'), 'notFound');
    await expectInvalid(agent, () => ops.getWorkbinInteractions(' '));

    expectOk(await ops.getWorkbinContent(id, TEST_WORKBIN));
    await agent.waitFor(
      'workbinChanged',
      (event) => event.change === 'Content' && event.interactions.some((item) => item.id === id),
      'workbin content',
    );
    expectError(await ops.getWorkbinContent('0000NOSUCHID', TEST_WORKBIN), 'notFound');

    expectOk(await ops.pullInteractionFromWorkbin(TEST_WORKBIN, id));
    await agent.waitFor('interactionUpdated', stateOf(id, 'Pulled'));
    expectError(await ops.pullInteractionFromWorkbin(TEST_WORKBIN, id), 'notFound');
    await expectInvalid(agent, () => ops.pullInteractionFromWorkbin(TEST_WORKBIN, ''));

    const uri = expectOk(await ops.addInteractionToWorkbin(TEST_WORKBIN, id));
    expect(uri).toMatch(new RegExp(`/me/workbins/${TEST_WORKBIN}/interactions/${id}$`));
    await agent.waitFor(
      'workbinChanged',
      (event) =>
        event.change === 'PlacedIn' &&
        agent.events.filter(
          (other) => other.type === 'workbinChanged' && other.change === 'PlacedIn',
        ).length >= 2,
      'second PlacedIn',
    );
    expectError(await ops.addInteractionToWorkbin(TEST_WORKBIN, '0000NOSUCHID'), 'notFound');
    await expectInvalid(agent, () => ops.addInteractionToWorkbin('', id));

    expectOk(await ops.unsubscribeWorkbin(TEST_WORKBIN));
    expectError(await ops.unsubscribeWorkbin('NoSuchWorkbin'), 'notFound');
    await expectInvalid(agent, () => ops.unsubscribeWorkbin(''));
  });

  it('requests interaction history and content by reference', async () => {
    const agent = await signIn();
    const { ops } = agent;
    expectOk(await ops.setChannelReady('chat'));
    const chat = await acceptedChat(agent, 'History please');

    const history = expectOk(
      await ops.retrieveInteractionHistory({ mediaType: 'chat', limit: 10 }),
    );
    const received = await agent.waitFor(
      'historyReceived',
      (event) => event.referenceId === history.referenceId,
    );
    expect(received.entries.map((entry) => entry.id)).toContain(chat);
    await expectInvalid(agent, () => ops.retrieveInteractionHistory({ limit: 0 }));
    await expectInvalid(agent, () => ops.retrieveInteractionHistory({ mediaType: 'fax' } as never));
    await expectInvalid(agent, () => ops.retrieveInteractionHistory({ contactId: '' }));

    const content = expectOk(await ops.getInteractionContent(chat));
    const transcript = await agent.waitFor(
      'historyContentReceived',
      (event) => event.referenceId === content.referenceId,
    );
    expect(transcript.entry.id).toBe(chat);
    expect(transcript.events.map((event) => event.text)).toContain('History please');

    const missing = expectOk(await ops.getInteractionContent('0000NOSUCHID'));
    await agent.waitFor('historyFailed', (event) => event.referenceId === missing.referenceId);
    await expectInvalid(agent, () => ops.getInteractionContent(''));
  });
});

// GetWorkbinContent's `PlacedInQueueAt` in each spelling of a date the documents use, read from
// the real simulator's answer with that one property rewritten: every one is the same moment,
// as every other date of the client reads it (main/gws/normalizer.ts parseGwsDate).
describe('GetWorkbinContent’s PlacedInQueueAt', () => {
  let simulator: Simulator;
  let session: GwsSession | undefined;
  const zone = process.env.TZ;

  beforeEach(async () => {
    simulator = await startSimulator({ port: 0, scenario: 'quiet' });
  });

  afterEach(async () => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
    await session?.signOut();
    await simulator.close();
  });

  /** Signs agent1 in and places a customer's e-mail in TestWorkbin; answers the session. */
  async function placedInTestWorkbin(): Promise<GwsSession> {
    // Kept for the sign-out after the test, however far this gets.
    const signedIn = (session = new GwsSession({
      serverUrl: simulator.url,
      credentials: { userName: 'agent1', password: 'demo' },
    }));
    expectOk(await signedIn.signIn());
    const ops = createOperations(signedIn.requester, { apiUrl: signedIn.http.apiUrl });
    expectOk(await ops.setChannelReady('email'));
    const id = simulator.control.receiveEmail({
      from: 'customer@example.com',
      to: ['support@example.com'],
      subject: 'Parked',
      text: 'Later, please.',
    });
    for (let tries = 0; !(await ops.accept(id)).ok; tries += 1) {
      if (tries > 100) throw new Error(`${id} was never offered`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expectOk(await ops.placeInWorkbin(id, 'TestWorkbin'));
    return signedIn;
  }

  /** Operations whose GetWorkbinContent items are rewritten by `rewrite`. */
  function rewritingItems(
    real: GwsSession,
    rewrite: (item: Record<string, unknown>) => Record<string, unknown>,
  ) {
    return createOperations(
      {
        ...real.requester,
        get: async (path) => {
          const answer = await real.requester.get(path);
          if (!answer.ok || !Array.isArray(answer.value.interactions)) return answer;
          const interactions = (answer.value.interactions as Record<string, unknown>[]).map(
            rewrite,
          );
          return { ok: true, value: { ...answer.value, interactions } };
        },
      },
      { apiUrl: real.http.apiUrl },
    );
  }

  it('is the same moment whether the server writes it in ISO 8601, 004’s form, without a zone or as epoch ms', async () => {
    // A desk in Berlin: a date without a zone must not be read in the desk's local time.
    process.env.TZ = 'Europe/Berlin';
    const placed = await placedInTestWorkbin();

    const moment = Date.parse('2026-10-25T00:41:33Z');
    const spellings: unknown[] = [
      '2026-10-25T00:41:33Z',
      '2026-10-25 02:41:33.000+0200',
      '2026-10-25 00:41:33',
      moment,
      String(moment),
    ];
    const placedAt: (number | undefined)[] = [];
    for (const spelling of spellings) {
      const rewriting = rewritingItems(placed, (item) => ({ ...item, PlacedInQueueAt: spelling }));
      const [item] = expectOk(await rewriting.getWorkbinInteractions(TEST_WORKBIN));
      placedAt.push(item?.placedAt);
    }
    expect(placedAt).toEqual(spellings.map(() => moment));
  });

  it('takes an InteractionId written as a whole number a double holds exactly as its digits, a string as it is, and drops one that is no id', async () => {
    const placed = await placedInTestWorkbin();
    // `1e999` in an answer's JSON parses to Infinity; `12345678901234567890` to …567000 and
    // `1e21` to a number printed `1e+21`: neither is the id the server wrote.
    const spellings: unknown[] = [
      4471,
      '007',
      Infinity,
      NaN,
      { id: 4471 },
      '',
      '  ',
      JSON.parse('12345678901234567890'),
      1e21,
      44.5,
    ];
    const ids: (string | undefined)[][] = [];
    for (const spelling of spellings) {
      const rewriting = rewritingItems(placed, (item) => ({ ...item, InteractionId: spelling }));
      ids.push(expectOk(await rewriting.getWorkbinInteractions(TEST_WORKBIN)).map((i) => i.id));
    }
    expect(ids).toEqual([['4471'], ['007'], [], [], [], [], [], [], [], []]);
  });

  it('takes the item’s id where its InteractionId is empty or blank, and the InteractionId where both are ids', async () => {
    const placed = await placedInTestWorkbin();
    const ids: string[][] = [];
    for (const interactionId of ['', '  ', 'written-first']) {
      const rewriting = rewritingItems(placed, (item) => ({
        ...item,
        InteractionId: interactionId,
        id: 'kept-as-id',
      }));
      ids.push(expectOk(await rewriting.getWorkbinInteractions(TEST_WORKBIN)).map((i) => i.id));
    }
    expect(ids).toEqual([['kept-as-id'], ['kept-as-id'], ['written-first']]);
  });
  it('reads an item’s Subject as its notifications read it: encoded words decoded, a folded one on one line', async () => {
    const placed = await placedInTestWorkbin();
    const subjects: (string | undefined)[] = [];
    for (const spelling of [
      '=?UTF-8?B?QmVzdGVsbHVuZyDDvGJlciA1MCDigqw=?=',
      'Order 1182\r\n about it',
    ]) {
      const rewriting = rewritingItems(placed, (item) => ({ ...item, Subject: spelling }));
      const [item] = expectOk(await rewriting.getWorkbinInteractions(TEST_WORKBIN));
      subjects.push(item?.subject);
    }
    expect(subjects).toEqual(['Bestellung über 50 €', 'Order 1182 about it']);
  });

  it('names an item’s sender by its EmailAddress when it has no FromAddress, as its notifications do', async () => {
    const placed = await placedInTestWorkbin();
    const rewriting = rewritingItems(placed, (item) => {
      const withoutFromAddress: Record<string, unknown> = {
        ...item,
        EmailAddress: 'maria@example.com',
      };
      delete withoutFromAddress.FromAddress;
      return withoutFromAddress;
    });
    const [item] = expectOk(await rewriting.getWorkbinInteractions(TEST_WORKBIN));
    expect(item?.from).toBe('maria@example.com');
  });

  it('names a chat item by no contact address, and reads an empty Subject as none', async () => {
    // A chat's notification names it by the customer's nickname, never by the contact's
    // EmailAddress; an empty Subject is "no subject" there, not a blank one.
    const placed = await placedInTestWorkbin();
    const rewriting = rewritingItems(placed, (item) => {
      const chat: Record<string, unknown> = {
        ...item,
        MediaType: 'chat',
        EmailAddress: 'maria@example.com',
        Subject: '',
      };
      delete chat.FromAddress;
      return chat;
    });
    const [item] = expectOk(await rewriting.getWorkbinInteractions(TEST_WORKBIN));
    expect(item).toMatchObject({ channel: 'chat' });
    expect(item?.from).toBeUndefined();
    expect(item?.subject).toBeUndefined();
  });
});
