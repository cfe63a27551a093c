import { describe, expect, it } from 'vitest';
import {
  interactionOf,
  type HttpAnswer,
  type ReceivedMessage,
  type TestAgent,
} from '../support/gwsAgent';
import { useSimulator } from '../support/simulatorHarness';

// Chat operations of 003 ("Interactions On Chat Channel") and 000's chat capabilities, over real
// HTTP and CometD, in both notification dialects.

const harness = useSimulator();

/** A chat event, the same whichever dialect carried it. */
interface SeenEvent {
  id: number;
  kind: string;
  userType: unknown;
  nickName: unknown;
  visibility: unknown;
  text: unknown;
  noticeType: unknown;
}

/** The chat events a notification carries: A's `chat_notifications`, B's `content.events`. */
function eventsOf(message: ReceivedMessage): SeenEvent[] {
  const interaction = interactionOf(message.data);
  const content = interaction.content as { events?: Record<string, unknown>[] } | undefined;
  if (content?.events) {
    return content.events.map((event) => ({
      id: event.id as number,
      kind: event.messageType as string,
      userType: event.userType,
      nickName: event.nickName,
      visibility: event.visibility,
      text: event.text,
      noticeType: event.noticeType,
    }));
  }
  const flat = (interaction.chat_notifications ?? []) as Record<string, unknown>[];
  return flat.map((event) => ({
    id: event.EventId as number,
    kind: event.MessageType === 'NEW_MESSAGE' ? 'MESSAGE' : (event.MessageType as string),
    userType: event.UserType,
    nickName: event.NickName,
    visibility: event.Visibility,
    text: event.MessageText ?? undefined,
    noticeType: event.NoticeType ?? undefined,
  }));
}

function isAbout(message: ReceivedMessage, id: string): boolean {
  return message.channel === '/v2/me/interactions' && interactionOf(message.data).id === id;
}

/** Waits for a notification on chat `id` carrying an event that satisfies `predicate`. */
function waitForEvent(
  agent: TestAgent,
  id: string,
  predicate: (event: SeenEvent) => boolean,
  description: string,
): Promise<SeenEvent> {
  return agent
    .waitFor(
      (message) => isAbout(message, id) && eventsOf(message).some(predicate),
      3000,
      description,
    )
    .then((message) => {
      const found = eventsOf(message).find(predicate);
      if (!found) throw new Error(`no ${description}`);
      return found;
    });
}

/** The state of the notification on chat `id` that carried the event with `text`. */
async function stateOfLine(agent: TestAgent, id: string, text: string): Promise<unknown> {
  const message = await agent.waitFor(
    (candidate) => isAbout(candidate, id) && eventsOf(candidate).some((e) => e.text === text),
    3000,
    `the line ${text}`,
  );
  return interactionOf(message.data).state;
}

function waitForState(agent: TestAgent, id: string, state: string): Promise<ReceivedMessage> {
  return agent.waitFor(
    (message) => isAbout(message, id) && interactionOf(message.data).state === state,
    3000,
    `${state} of ${id}`,
  );
}

function expectOk(answer: HttpAnswer, dialect: 'a' | 'b'): void {
  expect(answer.status).toBe(200);
  expect(answer.body).toEqual(dialect === 'a' ? { status: 'ok' } : { statusCode: 0 });
}

/**
 * The success 003 shows for InitiateConsultation, CompleteTransfer and CompleteConference,
 * `{"status":0}`, whatever the dialect.
 */
function expectDocumentedOk(answer: HttpAnswer): void {
  expect(answer.status).toBe(200);
  expect(answer.body).toEqual({ status: 0 });
}

/** A failure in the dialect's style: A has no code in the body, so its HTTP status is checked. */
function expectFailure(answer: HttpAnswer, dialect: 'a' | 'b', statusCode: 1 | 2 | 6): void {
  expect(answer.status).toBe(statusCode === 6 ? 404 : 400);
  if (dialect === 'a') {
    expect(answer.body.status).toBe('error');
    expect(typeof answer.body.errorDescription).toBe('string');
  } else {
    expect(answer.body.statusCode).toBe(statusCode);
    expect(typeof answer.body.statusMessage).toBe('string');
  }
}

/** Starts a quiet simulator; agent1 is Ready for chat, the others only logged in. */
async function setUp(dialect: 'a' | 'b', count: number): Promise<TestAgent[]> {
  await harness.start({ dialect });
  const started: TestAgent[] = [];
  for (let n = 1; n <= count; n += 1) {
    started.push(await harness.signedIn(`agent${n}`, n === 1 ? ['chat', 'email'] : []));
  }
  return started;
}

/** A customer starts a chat; `agent` accepts it with a nickname. */
async function acceptedChat(agent: TestAgent, dialect: 'a' | 'b'): Promise<string> {
  const id = harness.simulator.control.startChat({
    customerNickName: 'Carol',
    subject: 'Order 42',
    firstMessage: 'Hello?',
  });
  await waitForState(agent, id, 'Invited');
  expectOk(
    await agent.post(`/me/interactions/${id}`, { operationName: 'Accept', nickname: 'Ann' }),
    dialect,
  );
  await waitForState(agent, id, 'Accepted');
  return id;
}

function userId(userName: string): string {
  const user = harness.simulator.world.findUser(userName);
  if (!user) throw new Error(`no ${userName}`);
  return user.id;
}

describe.each(['a', 'b'] as const)('chat operations, dialect %s', (dialect) => {
  it('carries a conversation: customer lines, SendMessage, typing, RequestChatHistory', async () => {
    const [agent1] = await setUp(dialect, 1);
    if (!agent1) throw new Error('no agent');
    const id = await acceptedChat(agent1, dialect);

    harness.simulator.control.customerSays(id, 'My order is late');
    await waitForEvent(agent1, id, (event) => event.text === 'My order is late', 'customer line');

    expectOk(
      await agent1.post(`/me/interactions/${id}`, {
        operationName: 'SendMessage',
        text: 'Let me check',
      }),
      dialect,
    );
    const reply = await waitForEvent(
      agent1,
      id,
      (event) => event.text === 'Let me check',
      'agent reply',
    );
    expect(reply).toMatchObject({
      kind: 'MESSAGE',
      userType: 'Agent',
      nickName: 'Ann',
      visibility: 'All',
    });

    harness.simulator.control.customerTyping(id, true);
    await waitForEvent(
      agent1,
      id,
      (event) => event.userType === 'Client' && event.noticeType === 'TypingStarted',
      'customer typing',
    );
    for (const notification of ['TypingStarted', 'TypingStopped']) {
      expectOk(
        await agent1.post(`/me/interactions/${id}`, {
          operationName: 'SendNotification',
          notification,
        }),
        dialect,
      );
      const notice = await waitForEvent(
        agent1,
        id,
        (event) => event.userType === 'Agent' && event.noticeType === notification,
        notification,
      );
      expect(notice.kind).toBe('NOTICE');
    }
    // Recorded both ways, for a test to read back what the agent's desk sent.
    expect(
      harness.simulator.control
        .typingNotices(id)
        .map((notice) => [notice.userType, notice.nickName, notice.noticeType]),
    ).toEqual([
      ['Client', expect.any(String) as unknown, 'TypingStarted'],
      ['Agent', 'Ann', 'TypingStarted'],
      ['Agent', 'Ann', 'TypingStopped'],
    ]);

    const transcript = harness.simulator.world.interactions.get(id)?.chat?.events ?? [];
    const lastId = transcript.at(-1)?.id ?? 0;
    expect(lastId).toBeGreaterThan(5);
    const before = agent1.received.length;
    expectOk(
      await agent1.post(`/me/interactions/${id}`, {
        operationName: 'RequestChatHistory',
        eventId: 3,
      }),
      dialect,
    );
    const history = await agent1.waitFor(
      (message) => agent1.received.indexOf(message) >= before && isAbout(message, id),
      3000,
      'chat history',
    );
    expect(eventsOf(history).map((event) => event.id)).toEqual(
      Array.from({ length: lastId - 2 }, (_, index) => index + 3),
    );

    const beforeAll = agent1.received.length;
    expectOk(
      await agent1.post(`/me/interactions/${id}`, { operationName: 'RequestChatHistory' }),
      dialect,
    );
    const whole = await agent1.waitFor(
      (message) => agent1.received.indexOf(message) >= beforeAll && isAbout(message, id),
      3000,
      'whole chat history',
    );
    expect(eventsOf(whole).map((event) => event.text)).toEqual(
      transcript.map((event) => event.text),
    );
  });

  it('answers wrong parameters with 1, wrong states with 2 and unknown targets with 6', async () => {
    const [agent1, agent2] = await setUp(dialect, 2);
    if (!agent1 || !agent2) throw new Error('no agents');
    const invitedId = harness.simulator.control.startChat({
      customerNickName: 'Dan',
      subject: 'Hi',
    });
    await waitForState(agent1, invitedId, 'Invited');
    // Not accepted yet: the agent is not a participant.
    expectFailure(
      await agent1.post(`/me/interactions/${invitedId}`, {
        operationName: 'SendMessage',
        text: 'too early',
      }),
      dialect,
      2,
    );
    expectOk(
      await agent1.post(`/me/interactions/${invitedId}`, { operationName: 'Accept' }),
      dialect,
    );
    await waitForState(agent1, invitedId, 'Accepted');
    const path = `/me/interactions/${invitedId}`;

    for (const body of [
      { operationName: 'SendMessage' },
      { operationName: 'SendMessage', text: '' },
      { operationName: 'SendMessage', text: 'hi', visibility: 'Everyone' },
      { operationName: 'SendNotification' },
      { operationName: 'SendNotification', notification: 'Dancing' },
      { operationName: 'RequestChatHistory', eventId: 'latest' },
      { operationName: 'StartChatConsultation' },
    ]) {
      expectFailure(await agent1.post(path, body), dialect, 1);
    }
    for (const body of [
      { operationName: 'CompleteTransfer' },
      { operationName: 'CompleteConference' },
      { operationName: 'StartChatConsultation', agentId: 'agent1' },
      // agent3 exists but has no contact center session.
      { operationName: 'StartChatConsultation', agentId: 'agent3' },
    ]) {
      expectFailure(await agent1.post(path, body), dialect, 2);
    }
    expectFailure(
      await agent1.post(path, { operationName: 'StartChatConsultation', agentId: 'nobody' }),
      dialect,
      6,
    );
    // Asked by user id, the refusal names the colleague by user name: the sentence the agent reads.
    const offline = await agent1.post(path, {
      operationName: 'StartChatConsultation',
      agentId: userId('agent3'),
    });
    expectFailure(offline, dialect, 2);
    expect(offline.body.statusMessage ?? offline.body.errorDescription).toBe(
      'Agent agent3 is not logged in',
    );
    // Another agent's chat is not even visible to agent2.
    expectFailure(
      await agent2.post(path, { operationName: 'SendMessage', text: 'hi' }),
      dialect,
      6,
    );

    const emailId = harness.simulator.control.receiveEmail({
      from: 'eve@example.com',
      subject: 'Mail',
      text: 'Body',
    });
    await waitForState(agent1, emailId, 'Invited');
    expectOk(
      await agent1.post(`/me/interactions/${emailId}`, { operationName: 'Accept' }),
      dialect,
    );
    await waitForState(agent1, emailId, 'Accepted');
    for (const body of [
      { operationName: 'SendMessage', text: 'hi' },
      { operationName: 'SendNotification', notification: 'TypingStarted' },
      { operationName: 'RequestChatHistory' },
      { operationName: 'LeaveChat' },
      { operationName: 'EndChatSession' },
      { operationName: 'StartChatConsultation', agentId: 'agent2' },
    ]) {
      expectFailure(await agent1.post(`/me/interactions/${emailId}`, body), dialect, 2);
    }
    // None of the refused operations changed anything.
    const chat = harness.simulator.world.interactions.get(invitedId);
    expect(chat?.state).toBe('Accepted');
    expect(chat?.conferenceParties).toEqual([]);
    expect(chat?.chat?.events.map((event) => event.kind)).toEqual(['PARTY_JOINED', 'PARTY_JOINED']);
  });

  it('turns a consultation into a transfer with CompleteTransfer', async () => {
    const [agent1, agent2] = await setUp(dialect, 2);
    if (!agent1 || !agent2) throw new Error('no agents');
    const id = await acceptedChat(agent1, dialect);
    const path = `/me/interactions/${id}`;

    expectDocumentedOk(
      await agent1.post(path, {
        operationName: 'StartChatConsultation',
        agentId: userId('agent2'),
      }),
    );
    const invited = interactionOf((await waitForState(agent2, id, 'InvitedConference')).data);
    // Consulted, not the owner: writing and leaving, none of the owner's operations.
    expect(invited.capabilities).toEqual(
      dialect === 'a' ? ['Reply'] : ['LeaveChat', 'RequestChatHistory', 'Send'],
    );
    await waitForEvent(
      agent1,
      id,
      (event) => event.kind === 'PARTY_JOINED' && event.nickName === 'Agent',
      'consultant joined',
    );
    // While consulted, agent2's lines stay internal.
    expectOk(
      await agent2.post(path, { operationName: 'SendMessage', text: 'I know this' }),
      dialect,
    );
    const internal = await waitForEvent(
      agent1,
      id,
      (event) => event.text === 'I know this',
      'consultant line',
    );
    expect(internal.visibility).toBe('Int');
    // The consulted agent's notifications keep saying InvitedConference while the consultation
    // is open (the owner's say what they always do): the one sign a desk has of its role.
    expect(await stateOfLine(agent2, id, 'I know this')).toBe('InvitedConference');
    expect(await stateOfLine(agent1, id, 'I know this')).toBe(
      dialect === 'a' ? 'Accepted' : 'PropertiesChanged',
    );
    // The history it asks for (all of it, from before it joined) says the same.
    const asked = agent2.received.length;
    expectOk(await agent2.post(path, { operationName: 'RequestChatHistory' }), dialect);
    const history = await agent2.waitFor(
      (message) =>
        agent2.received.indexOf(message) >= asked &&
        isAbout(message, id) &&
        eventsOf(message).some((event) => event.text === 'Hello?'),
      3000,
      'the history',
    );
    expect(interactionOf(history.data).state).toBe('InvitedConference');
    // So does a fetch of it (a desk's resync), with the same capabilities.
    const fetched = await agent2.get('/me/interactions?fields=*');
    const mine = (fetched.body.interactions as Record<string, unknown>[])
      .map(interactionOf)
      .find((found) => found.id === id);
    expect(mine?.state).toBe('InvitedConference');
    expect(mine?.capabilities).toEqual(invited.capabilities);
    // A second consultation while one is open, and completing it from the consulted side: 2.
    expectFailure(
      await agent1.post(path, { operationName: 'StartChatConsultation', agentId: 'agent3' }),
      dialect,
      2,
    );
    expectFailure(await agent2.post(path, { operationName: 'CompleteTransfer' }), dialect, 2);

    expectDocumentedOk(await agent1.post(path, { operationName: 'CompleteTransfer' }));
    const ended = interactionOf((await waitForState(agent1, id, 'Completed')).data);
    expect(ended.capabilities).toEqual([]);
    const taken = interactionOf((await waitForState(agent2, id, 'Accepted')).data);
    expect(taken.capabilities).toContain('StopProcessing');
    await waitForEvent(
      agent2,
      id,
      (event) => event.kind === 'PARTY_LEFT' && event.nickName === 'Ann',
      'agent1 left',
    );
    expect(harness.simulator.world.interactions.get(id)?.owner).toBe('agent2');
    expect(harness.simulator.world.interactions.get(id)?.conferenceParties).toEqual([]);

    expectOk(await agent2.post(path, { operationName: 'SendMessage', text: 'Now mine' }), dialect);
    const after = await waitForEvent(agent2, id, (event) => event.text === 'Now mine', 'line');
    expect(after.visibility).toBe('All');
    expectFailure(await agent1.post(path, { operationName: 'SendMessage', text: 'x' }), dialect, 6);
  });

  it("tells the consulted agent InvitedConference still when the owner updates the chat's properties while consulting", async () => {
    const [agent1, agent2] = await setUp(dialect, 2);
    if (!agent1 || !agent2) throw new Error('no agents');
    const id = await acceptedChat(agent1, dialect);
    const path = `/me/interactions/${id}`;
    expectDocumentedOk(
      await agent1.post(path, { operationName: 'StartChatConsultation', agentId: 'agent2' }),
    );
    const invited = interactionOf((await waitForState(agent2, id, 'InvitedConference')).data);
    // The owner saves a disposition while the consultation is open: agent2 is still consulted,
    // not a conference party (which is what PropertiesChanged tells it after CompleteConference).
    const before = agent2.received.length;
    expectOk(
      await agent1.post(path, {
        operationName: 'UpdateProperties',
        properties: { Disposition: 'Resolved' },
      }),
      dialect,
    );
    const told = await agent2.waitFor(
      (message) =>
        agent2.received.indexOf(message) >= before &&
        isAbout(message, id) &&
        (interactionOf(message.data).userData as Record<string, unknown> | undefined)
          ?.Disposition === 'Resolved',
      3000,
      'the property change',
    );
    expect(interactionOf(told.data).state).toBe('InvitedConference');
    expect(interactionOf(told.data).capabilities).toEqual(invited.capabilities);
    // The owner's own notification says what it always did.
    const owners = await agent1.waitFor(
      (message) =>
        isAbout(message, id) &&
        (interactionOf(message.data).userData as Record<string, unknown> | undefined)
          ?.Disposition === 'Resolved',
      3000,
      "the owner's property change",
    );
    expect(interactionOf(owners.data).state).toBe('PropertiesChanged');
  });

  it.each(['CompleteConference', 'LeaveChatConsultation'])(
    'turns a consultation into a conference with %s',
    async (operationName) => {
      const [agent1, agent2] = await setUp(dialect, 2);
      if (!agent1 || !agent2) throw new Error('no agents');
      const id = await acceptedChat(agent1, dialect);
      const path = `/me/interactions/${id}`;

      // The operation table of 003 names it InitiateConsultation.
      expectDocumentedOk(
        await agent1.post(path, { operationName: 'InitiateConsultation', agentId: 'agent2' }),
      );
      await waitForState(agent2, id, 'InvitedConference');
      const before = agent2.received.length;
      expectDocumentedOk(await agent1.post(path, { operationName }));
      await agent2.waitFor(
        (message) =>
          agent2.received.indexOf(message) >= before &&
          isAbout(message, id) &&
          interactionOf(message.data).state === 'PropertiesChanged',
        3000,
        'conference notification',
      );
      const interaction = harness.simulator.world.interactions.get(id);
      expect(interaction?.owner).toBe('agent1');
      expect(interaction?.conferenceParties).toEqual(['agent2']);

      expectOk(await agent2.post(path, { operationName: 'SendMessage', text: 'Hi all' }), dialect);
      const line = await waitForEvent(agent1, id, (event) => event.text === 'Hi all', 'line');
      expect(line.visibility).toBe('All');
      // A conference party now: its notifications no longer say InvitedConference.
      expect(await stateOfLine(agent2, id, 'Hi all')).toBe(
        dialect === 'a' ? 'Accepted' : 'PropertiesChanged',
      );
      harness.simulator.control.customerSays(id, 'Thanks both');
      await waitForEvent(agent1, id, (event) => event.text === 'Thanks both', 'customer');
      await waitForEvent(agent2, id, (event) => event.text === 'Thanks both', 'customer');
      // The consultation is over: nothing left to complete.
      expectFailure(await agent1.post(path, { operationName }), dialect, 2);
    },
  );

  /** agent1 accepts a chat, consults agent2 and completes the consultation into a conference. */
  async function chatConference() {
    const [agent1, agent2] = await setUp(dialect, 2);
    if (!agent1 || !agent2) throw new Error('no agents');
    const id = await acceptedChat(agent1, dialect);
    const path = `/me/interactions/${id}`;
    expectDocumentedOk(
      await agent1.post(path, { operationName: 'StartChatConsultation', agentId: 'agent2' }),
    );
    expectDocumentedOk(await agent1.post(path, { operationName: 'CompleteConference' }));
    return { agent1, agent2, id, path };
  }

  it('StartConference on a chat: the invited agent hears InvitedConference first, then joins seen by the customer; EndConference leaves it to the others', async () => {
    const [agent1, agent2] = await setUp(dialect, 2);
    if (!agent1 || !agent2) throw new Error('no agents');
    const id = await acceptedChat(agent1, dialect);
    const path = `/me/interactions/${id}`;
    expectOk(
      await agent1.post(path, { operationName: 'StartConference', agentId: 'agent2' }),
      dialect,
    );
    const joined = await waitForEvent(
      agent2,
      id,
      (event) => event.kind === 'PARTY_JOINED' && event.nickName === 'Agent',
      'agent2 joined',
    );
    expect(joined.visibility).toBe('All');
    // Its desk announces the state it first hears, so that comes before any chat event.
    const first = agent2.received.find((message) => isAbout(message, id));
    expect(first === undefined ? undefined : interactionOf(first.data).state).toBe(
      'InvitedConference',
    );

    // A line in the conference: the owner is offered the owner's operations, the party those
    // but the owner's own, which refuse it (written out: what each dialect's party is offered).
    expectOk(await agent1.post(path, { operationName: 'SendMessage', text: 'Welcome' }), dialect);
    // What the agent was last told by the time of the line: 000's chat lines (dialect b) list
    // no capabilities while they stay as told.
    const capabilitiesWith = async (agent: TestAgent, text: string) => {
      const line = await agent.waitFor(
        (message) => isAbout(message, id) && eventsOf(message).some((e) => e.text === text),
        3000,
        text,
      );
      const told = agent.received
        .slice(0, agent.received.indexOf(line) + 1)
        .filter((message) => isAbout(message, id) && 'capabilities' in interactionOf(message.data));
      const last = told.at(-1);
      return last === undefined ? undefined : interactionOf(last.data).capabilities;
    };
    const owners = await capabilitiesWith(agent1, 'Welcome');
    const partys = await capabilitiesWith(agent2, 'Welcome');
    expect(owners).toContain('StopProcessing');
    expect(partys).toEqual(
      dialect === 'a'
        ? ['UpdateProperties', 'Reply']
        : [
            'UpdateUserData',
            'AttachUserData',
            'DeleteUserData',
            'LeaveChat',
            'SingleStepConference',
            'RequestChatHistory',
            'Send',
          ],
    );
    // Ending the chat for everyone is the owner's: the party is refused.
    expectFailure(await agent2.post(path, { operationName: 'EndChatSession' }), dialect, 2);

    expectOk(await agent1.post(path, { operationName: 'LeaveConference' }), dialect);
    await waitForState(agent1, id, 'Completed');
    // agent2 owns the chat now, and is offered what an owner is.
    const left = await waitForState(agent2, id, 'LeftConference');
    expect(interactionOf(left.data).capabilities).toEqual(owners);
    expect(harness.simulator.world.interactions.get(id)?.owner).toBe('agent2');
  });

  it('LeaveChat ends the chat for the leaving agent only', async () => {
    const { agent1, agent2, id, path } = await chatConference();

    expectOk(await agent2.post(path, { operationName: 'LeaveChat' }), dialect);
    await waitForState(agent2, id, 'Completed');
    await waitForState(agent1, id, 'LeftConference');
    const partyLeft = await waitForEvent(
      agent1,
      id,
      (event) => event.kind === 'PARTY_LEFT',
      'agent2 left',
    );
    expect(partyLeft.nickName).toBe('Agent');
    expect(harness.simulator.world.interactions.get(id)?.state).toBe('Accepted');

    // The last agent leaving ends the interaction.
    expectOk(await agent1.post(path, { operationName: 'LeaveChat' }), dialect);
    await waitForState(agent1, id, 'Completed');
    const interaction = harness.simulator.world.interactions.get(id);
    expect(interaction?.state).toBe('Completed');
    expect(interaction?.chat?.events.at(-1)).toMatchObject({ kind: 'PARTY_LEFT', nickName: 'Ann' });
    expect(interaction?.chat?.parties.map((party) => party.userType)).toEqual(['Client']);
  });

  it('EndChatSession ends the chat for every agent and the customer', async () => {
    const { agent1, agent2, id, path } = await chatConference();

    expectOk(await agent1.post(path, { operationName: 'EndChatSession' }), dialect);
    await waitForState(agent1, id, 'Completed');
    await waitForState(agent2, id, 'Completed');
    const interaction = harness.simulator.world.interactions.get(id);
    expect(interaction?.state).toBe('Completed');
    const left = (interaction?.chat?.events ?? [])
      .filter((event) => event.kind === 'PARTY_LEFT')
      .map((event) => event.userType);
    expect(left).toEqual(['Agent', 'Agent', 'Client']);
    expect(interaction?.chat?.parties).toEqual([]);
    // The ended chat still shows its owner, but takes no more messages.
    expectFailure(await agent1.post(path, { operationName: 'SendMessage', text: 'x' }), dialect, 2);
  });
});

describe('chat notifications in dialect b', () => {
  it("announce a customer's line as 000's sample does, with no capabilities, and list them again when they change", async () => {
    const [agent1, agent2] = await setUp('b', 2);
    if (!agent1 || !agent2) throw new Error('no agents');
    const id = await acceptedChat(agent1, 'b');
    harness.simulator.control.customerSays(id, 'Where is it?');
    const line = await agent1.waitFor(
      (message) =>
        isAbout(message, id) && eventsOf(message).some((event) => event.text === 'Where is it?'),
      3000,
      'the line',
    );
    // 000 "Chat Notifications": PropertiesChanged with the transcript, and no capabilities.
    const announced = interactionOf(line.data);
    expect(announced.state).toBe('PropertiesChanged');
    expect('capabilities' in announced).toBe(false);

    // A consultation turned conference changes what the consulted agent may do: told with the
    // capabilities; its next line then lists none again.
    expectDocumentedOk(
      await agent1.post(`/me/interactions/${id}`, {
        operationName: 'StartChatConsultation',
        agentId: 'agent2',
      }),
    );
    await waitForState(agent2, id, 'InvitedConference');
    expectDocumentedOk(
      await agent1.post(`/me/interactions/${id}`, { operationName: 'CompleteConference' }),
    );
    const party = interactionOf((await waitForState(agent2, id, 'PropertiesChanged')).data);
    expect(party.capabilities).toContain('Send');
    harness.simulator.control.customerSays(id, 'Still there?');
    const next = await agent2.waitFor(
      (message) =>
        isAbout(message, id) && eventsOf(message).some((event) => event.text === 'Still there?'),
      3000,
      'the next line',
    );
    expect('capabilities' in interactionOf(next.data)).toBe(false);
  });
});
