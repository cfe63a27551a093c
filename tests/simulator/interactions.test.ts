import { describe, expect, it } from 'vitest';
import { HTTP_STATUS_FOR } from '../../simulator/http';
import { StatusCode, type FailureCode } from '../../simulator/operations/types';
import { interactionOf, type HttpAnswer, type TestAgent } from '../support/gwsAgent';
import { useSimulator } from '../support/simulatorHarness';

// The general interaction operations of 003 "Interactions API Operations" (lines 1110–1560):
// Accept, Reject, StopProcessing, PlaceInQueue, UpdateProperties, Transfer, StartConference,
// EndConference/LeaveConference, GET /me/interactions and GET /interactions/{id}, with two
// agents over real HTTP and the real CometD client, in both dialects.

const harness = useSimulator();

/** A demo user's GWS user id. */
function userId(userName: string): string {
  const user = harness.simulator.world.findUser(userName);
  if (!user) throw new Error(`no user ${userName}`);
  return user.id;
}

/** Capabilities of an accepted interaction as the documents list them (001 line 94, 000 sample). */
const ACCEPTED_CAPABILITIES = {
  a: {
    // 001-email-accepted.json, in 001's order.
    email: [
      'Transfer',
      'Reply',
      'ReplyAll',
      'StopProcessing',
      'PlaceInQueue',
      'PlaceInWorkbin',
      'UpdateProperties',
    ],
    // 003-chat-accepted.json.
    chat: [
      'Transfer',
      'PlaceInQueue',
      'StopProcessing',
      'PlaceInWorkbin',
      'UpdateProperties',
      'Reply',
    ],
  },
  b: {
    // 000-email-accepted.json.
    email: [
      'StopProcessing',
      'UpdateUserData',
      'AttachUserData',
      'DeleteUserData',
      'PlaceInWorkbin',
      'SingleStepTransfer',
      'Reply',
      'ReplyAll',
    ],
    // 000-chat-accepted.json.
    chat: [
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
} as const;

describe.each(['a', 'b'] as const)('general interaction operations, dialect %s', (dialect) => {
  /** Starts a quiet simulator; agent1 is Ready on both channels, agent2 on `agent2Ready`. */
  async function start(agent2Ready: readonly string[] = []): Promise<[TestAgent, TestAgent]> {
    await harness.start({ dialect, inviteTimeoutSeconds: 30, reofferDelayMs: 60_000 });
    return [
      await harness.signedIn('agent1', ['email', 'chat']),
      await harness.signedIn('agent2', agent2Ready),
    ];
  }

  function stateOf(agent: TestAgent, id: string, state: string, timeoutMs = 3000) {
    return agent
      .waitFor(
        (message) =>
          message.channel === '/v2/me/interactions' &&
          interactionOf(message.data).id === id &&
          interactionOf(message.data).state === state,
        timeoutMs,
        `${state} of ${id}`,
      )
      .then((message) => interactionOf(message.data));
  }

  /** Messages about `id` that `agent` has received so far. */
  function statesSeen(agent: TestAgent, id: string): unknown[] {
    return agent.received
      .filter((message) => interactionOf(message.data).id === id)
      .map((message) => interactionOf(message.data).state);
  }

  function expectOk(answer: HttpAnswer): void {
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(dialect === 'a' ? { status: 'ok' } : { statusCode: 0 });
  }

  /** Dialect A answers failures as 003's operation pages show, dialect B with the statusCode. */
  function expectFailure(answer: HttpAnswer, code: FailureCode): void {
    expect(answer.status).toBe(HTTP_STATUS_FOR[code]);
    expect(answer.body).toEqual(
      dialect === 'a'
        ? { status: 'error', errorDescription: expect.any(String) as unknown }
        : { statusCode: code, statusMessage: expect.any(String) as unknown },
    );
  }

  async function invitedEmail(agent: TestAgent): Promise<string> {
    const id = harness.simulator.control.receiveEmail({
      from: 'Customer1@ci-vm106',
      subject: 'test_reply',
      text: 'This is email body.',
    });
    const invited = await stateOf(agent, id, 'Invited');
    expect(invited.capabilities).toEqual(['Accept', 'Reject']);
    return id;
  }

  async function acceptedEmail(agent: TestAgent): Promise<string> {
    const id = await invitedEmail(agent);
    expectOk(await agent.post(`/me/interactions/${id}`, { operationName: 'Accept' }));
    await stateOf(agent, id, 'Accepted');
    return id;
  }

  const op = (agent: TestAgent, id: string, body: Record<string, unknown>) =>
    agent.post(`/me/interactions/${id}`, body);

  it('Accept: Invited offers Accept/Reject, Accepted e-mail and chat carry the documented capabilities', async () => {
    const [agent1] = await start();
    const emailId = await acceptedEmail(agent1);
    const email = await stateOf(agent1, emailId, 'Accepted');
    expect(email.capabilities).toEqual(ACCEPTED_CAPABILITIES[dialect].email);

    const chatId = harness.simulator.control.startChat({
      customerNickName: 'Ann',
      subject: 'Help',
    });
    expect((await stateOf(agent1, chatId, 'Invited')).capabilities).toEqual(['Accept', 'Reject']);
    expectOk(await op(agent1, chatId, { operationName: 'Accept' }));
    expect((await stateOf(agent1, chatId, 'Accepted')).capabilities).toEqual(
      ACCEPTED_CAPABILITIES[dialect].chat,
    );
  });

  it('Accept and Reject need an invitation to the caller: accepted → 2, someone else’s → 6, unknown → 6', async () => {
    const [agent1, agent2] = await start();
    const id = await acceptedEmail(agent1);
    expectFailure(await op(agent1, id, { operationName: 'Accept' }), StatusCode.invalidState);
    expectFailure(await op(agent1, id, { operationName: 'Reject' }), StatusCode.invalidState);

    const invited = await invitedEmail(agent1);
    expectFailure(await op(agent2, invited, { operationName: 'Accept' }), StatusCode.notFound);
    expectFailure(await op(agent2, invited, { operationName: 'Reject' }), StatusCode.notFound);
    expectFailure(
      await op(agent1, '0000NOSUCHTHING1', { operationName: 'Accept' }),
      StatusCode.notFound,
    );
    // The refused operations changed nothing: agent1 still owns one and is invited to the other.
    const states = (await agent1.get('/me/interactions?fields=*')).body.interactions as Record<
      string,
      unknown
    >[];
    expect(states.map((entry) => interactionOf(entry).state).sort()).toEqual([
      'Accepted',
      'Invited',
    ]);
  });

  it('Reject hands the invitation to another agent and drops it from the rejecter', async () => {
    const [agent1, agent2] = await start(['email']);
    const id = await invitedEmail(agent1);
    expectOk(await op(agent1, id, { operationName: 'Reject' }));
    const reoffered = await stateOf(agent2, id, 'Invited');
    expect(reoffered.capabilities).toEqual(['Accept', 'Reject']);
    const mine = await agent1.get('/me/interactions');
    expect(mine.body).toEqual({ statusCode: 0, uris: [] });
  });

  it('StopProcessing ends the ownership: Completed with no capabilities, gone from /me/interactions', async () => {
    const [agent1] = await start();
    const invited = await invitedEmail(agent1);
    expectFailure(
      await op(agent1, invited, { operationName: 'StopProcessing' }),
      StatusCode.invalidState,
    );
    expectOk(await op(agent1, invited, { operationName: 'Accept' }));
    await stateOf(agent1, invited, 'Accepted');

    expectOk(await op(agent1, invited, { operationName: 'StopProcessing' }));
    const completed = await stateOf(agent1, invited, 'Completed');
    expect(completed.capabilities).toEqual([]);
    expect((await agent1.get('/me/interactions')).body).toEqual({ statusCode: 0, uris: [] });
    // It is done: a second StopProcessing is not valid in its state.
    expectFailure(
      await op(agent1, invited, { operationName: 'StopProcessing' }),
      StatusCode.invalidState,
    );
  });

  it('PlaceInQueue refuses a queue the contact center does not have (6) and keeps the interaction', async () => {
    const [agent1] = await start();
    const id = await acceptedEmail(agent1);
    expectFailure(
      await op(agent1, id, { operationName: 'PlaceInQueue', queue: 'NoSuchQueue' }),
      StatusCode.notFound,
    );
    // Still the agent's: it can be done with as before.
    expect(harness.simulator.world.interactions.get(id)?.owner).toBe('agent1');
    expectOk(await op(agent1, id, { operationName: 'StopProcessing' }));
  });

  it('PlaceInQueue needs a queue (1), the owner (2), and routes the interaction from that queue', async () => {
    const [agent1, agent2] = await start(['email']);
    const id = await acceptedEmail(agent1);
    expectFailure(
      await op(agent1, id, { operationName: 'PlaceInQueue' }),
      StatusCode.missingParameter,
    );
    expectFailure(
      await op(agent1, id, { operationName: 'PlaceInQueue', queue: '' }),
      StatusCode.missingParameter,
    );
    // agent1 stops taking e-mail, so routing has only agent2 left.
    expectOk(await agent1.post('/me/channels/email', { operationName: 'NotReady' }));

    expectOk(await op(agent1, id, { operationName: 'PlaceInQueue', queue: 'SimpleEmailOutQueue' }));
    expect((await stateOf(agent1, id, 'Completed')).capabilities).toEqual([]);
    const reoffered = await stateOf(agent2, id, 'Invited');
    expect(reoffered.currentQueue).toBe('SimpleEmailOutQueue');
    // The invitee is not its owner.
    expectFailure(
      await op(agent2, id, { operationName: 'PlaceInQueue', queue: 'SimpleEmailInQueue' }),
      StatusCode.invalidState,
    );
  });

  it('UpdateProperties merges the properties into userData and notifies PropertiesChanged', async () => {
    const [agent1] = await start();
    const invited = await invitedEmail(agent1);
    // 003-interaction-update-properties.json.
    const properties = {
      field1: 'value1',
      field2: 'value2',
      field3: { fieldA: 'valueA', fieldB: 'valueB' },
    };
    expectFailure(
      await op(agent1, invited, { operationName: 'UpdateProperties', properties }),
      StatusCode.invalidState,
    );
    expectOk(await op(agent1, invited, { operationName: 'Accept' }));
    await stateOf(agent1, invited, 'Accepted');
    expectFailure(
      await op(agent1, invited, { operationName: 'UpdateProperties' }),
      StatusCode.missingParameter,
    );
    expectFailure(
      await op(agent1, invited, { operationName: 'UpdateProperties', properties: 'field1' }),
      StatusCode.missingParameter,
    );

    expectOk(await op(agent1, invited, { operationName: 'UpdateProperties', properties }));
    const changed = await stateOf(agent1, invited, 'PropertiesChanged');
    expect(changed.userData).toMatchObject(properties);
    expect(changed.capabilities).toEqual(ACCEPTED_CAPABILITIES[dialect].email);
  });

  it('Transfer needs targetId (1) of a known (6) other (2) agent, then invites the target', async () => {
    const [agent1, agent2] = await start();
    const id = await acceptedEmail(agent1);
    const agent2Id = userId('agent2');
    const agent1Id = userId('agent1');
    expectFailure(await op(agent1, id, { operationName: 'Transfer' }), StatusCode.missingParameter);
    expectFailure(
      await op(agent1, id, { operationName: 'Transfer', targetId: 'nobody-here' }),
      StatusCode.notFound,
    );
    expectFailure(
      await op(agent1, id, { operationName: 'Transfer', targetId: agent1Id }),
      StatusCode.invalidState,
    );
    // Others' interactions are invisible, so agent2 cannot transfer agent1's.
    expectFailure(
      await op(agent2, id, { operationName: 'Transfer', targetId: agent1Id }),
      StatusCode.notFound,
    );

    // 003-interaction-transfer.json names the target by its agent id.
    expectOk(await op(agent1, id, { operationName: 'Transfer', targetId: agent2Id }));
    expect((await stateOf(agent1, id, 'Completed')).capabilities).toEqual([]);
    const invited = await stateOf(agent2, id, 'Invited');
    expect(invited.capabilities).toEqual(['Accept', 'Reject']);
    // Until agent2 accepts, agent1 owns nothing: Transfer again is refused.
    expectFailure(
      await op(agent1, id, { operationName: 'Transfer', targetId: agent2Id }),
      StatusCode.notFound,
    );
    expectOk(await op(agent2, id, { operationName: 'Accept' }));
    expect((await stateOf(agent2, id, 'Accepted')).capabilities).toEqual(
      ACCEPTED_CAPABILITIES[dialect].email,
    );
    expect((await agent1.get('/me/interactions')).body).toEqual({ statusCode: 0, uris: [] });
  });

  it('StartConference needs agentId (1) of a known (6) agent not yet in it (2), then InvitedConference', async () => {
    const [agent1, agent2] = await start();
    const id = await acceptedEmail(agent1);
    expectFailure(
      await op(agent1, id, { operationName: 'StartConference' }),
      StatusCode.missingParameter,
    );
    expectFailure(
      await op(agent1, id, { operationName: 'StartConference', agentId: 'nobody-here' }),
      StatusCode.notFound,
    );
    // agent2 is addressed by employee id here (GWS names agents by id, user name or employee id).
    expectOk(await op(agent1, id, { operationName: 'StartConference', agentId: '1002' }));
    const joined = await stateOf(agent2, id, 'InvitedConference');
    // An owner's operations but those only the owner may use (refused below).
    const ownersOnly = [
      'StopProcessing',
      'Transfer',
      'SingleStepTransfer',
      'PlaceInQueue',
      'PlaceInWorkbin',
    ];
    expect(joined.capabilities).toEqual(
      ACCEPTED_CAPABILITIES[dialect].email.filter((operation) => !ownersOnly.includes(operation)),
    );
    expect(joined.capabilities).toContain(dialect === 'a' ? 'UpdateProperties' : 'UpdateUserData');
    expectFailure(
      await op(agent1, id, { operationName: 'StartConference', agentId: 'agent2' }),
      StatusCode.invalidState,
    );
    const agent2List = await agent2.get('/me/interactions');
    expect(agent2List.body.uris).toEqual([`${harness.simulator.apiUrl}/interactions/${id}`]);

    // A conference party may update properties (both hear it) but not end the owner's work.
    expectOk(
      await op(agent2, id, { operationName: 'UpdateProperties', properties: { Note: 'seen' } }),
    );
    await stateOf(agent1, id, 'PropertiesChanged');
    await stateOf(agent2, id, 'PropertiesChanged');
    expectFailure(
      await op(agent2, id, { operationName: 'StopProcessing' }),
      StatusCode.invalidState,
    );
    expectFailure(
      await op(agent2, id, { operationName: 'Transfer', targetId: 'agent1' }),
      StatusCode.invalidState,
    );
  });

  /** agent1 accepts an e-mail and brings agent2 into a conference on it. */
  async function emailConference() {
    const [agent1, agent2] = await start();
    const id = await acceptedEmail(agent1);
    expectOk(await op(agent1, id, { operationName: 'StartConference', agentId: 'agent2' }));
    await stateOf(agent2, id, 'InvitedConference');
    return { agent1, agent2, id };
  }

  it('LeaveConference (003’s body for EndConference): the leaver gets Completed, the rest LeftConference', async () => {
    const { agent1, agent2, id } = await emailConference();
    const agent2Id = userId('agent2');
    // agentId, as 003's sample sends it, may only name the caller.
    expectFailure(
      await op(agent2, id, { operationName: 'LeaveConference', agentId: 'nobody-here' }),
      StatusCode.notFound,
    );
    expectFailure(
      await op(agent2, id, { operationName: 'LeaveConference', agentId: 'agent1' }),
      StatusCode.invalidState,
    );

    expectOk(await op(agent2, id, { operationName: 'LeaveConference', agentId: agent2Id }));
    const left = await stateOf(agent1, id, 'LeftConference');
    expect(left.capabilities).toEqual(ACCEPTED_CAPABILITIES[dialect].email);
    expect((await stateOf(agent2, id, 'Completed')).capabilities).toEqual([]);
    expect((await agent2.get('/me/interactions')).body).toEqual({ statusCode: 0, uris: [] });
    // No conference is left.
    expectFailure(
      await op(agent1, id, { operationName: 'EndConference' }),
      StatusCode.invalidState,
    );
  });

  it('EndConference by the owner leaves the last remaining agent as owner', async () => {
    const { agent1, agent2, id } = await emailConference();

    expectOk(await op(agent1, id, { operationName: 'EndConference' }));
    await stateOf(agent2, id, 'LeftConference');
    await stateOf(agent1, id, 'Completed');
    expect(statesSeen(agent1, id)).not.toContain('LeftConference');
    // agent2 now owns it, so it may end the work.
    expectOk(await op(agent2, id, { operationName: 'StopProcessing' }));
    await stateOf(agent2, id, 'Completed');
  });

  it('a chat conference: the invited agent joins the transcript and is notified of new lines', async () => {
    const [agent1, agent2] = await start();
    const id = harness.simulator.control.startChat({ customerNickName: 'Ann', subject: 'Help' });
    await stateOf(agent1, id, 'Invited');
    expectOk(await op(agent1, id, { operationName: 'Accept' }));
    await stateOf(agent1, id, 'Accepted');
    expectOk(await op(agent1, id, { operationName: 'StartConference', agentId: 'agent2' }));
    await stateOf(agent2, id, 'InvitedConference');
    const parties = harness.simulator.world.interactions.get(id)?.chat?.parties ?? [];
    expect(parties.map((party) => party.userName ?? party.userType)).toEqual([
      'Client',
      'agent1',
      'agent2',
    ]);
    harness.simulator.control.customerSays(id, 'Hello both');
    // Dialect A announces new chat events with state Accepted (003 "Chat Notifications"),
    // dialect B with PropertiesChanged (000).
    const lineState = dialect === 'a' ? 'Accepted' : 'PropertiesChanged';
    await agent2.waitFor(
      (message) =>
        interactionOf(message.data).id === id &&
        interactionOf(message.data).state === lineState &&
        JSON.stringify(message.data).includes('Hello both'),
      3000,
      'the customer line',
    );
    expectOk(await op(agent2, id, { operationName: 'LeaveConference' }));
    await stateOf(agent1, id, 'LeftConference');
    expect(parties.map((party) => party.userName ?? party.userType)).toEqual(['Client', 'agent1']);
  });

  it('GET /me/interactions lists URIs, or with fields=* the notification’s own format', async () => {
    const [agent1, agent2] = await start();
    const id = await acceptedEmail(agent1);
    const invited = await invitedEmail(agent1);

    const uris = await agent1.get('/me/interactions');
    expect(uris.status).toBe(200);
    expect(uris.body.statusCode).toBe(0);
    expect([...(uris.body.uris as string[])].sort()).toEqual(
      [id, invited].map((each) => `${harness.simulator.apiUrl}/interactions/${each}`).sort(),
    );

    const fields = await agent1.get('/me/interactions?fields=*');
    expect(fields.body.statusCode).toBe(0);
    const listed = fields.body.interactions as Record<string, unknown>[];
    const acceptedMessage = await agent1.waitFor(
      (message) =>
        interactionOf(message.data).id === id && interactionOf(message.data).state === 'Accepted',
    );
    // "same message format as comes via cometD notifications" (003 line 1139).
    expect(listed.find((entry) => interactionOf(entry).id === id)).toEqual(acceptedMessage.data);
    expect(listed.map((entry) => interactionOf(entry).state).sort()).toEqual([
      'Accepted',
      'Invited',
    ]);
    expect((await agent2.get('/me/interactions?fields=*')).body).toEqual({
      statusCode: 0,
      interactions: [],
    });
  });

  it('GET /interactions/{id} answers the interaction to its agent and 6 to others', async () => {
    const [agent1, agent2] = await start();
    const id = await acceptedEmail(agent1);
    const answer = await agent1.get(`/interactions/${id}`);
    expect(answer.status).toBe(200);
    expect(answer.body.statusCode).toBe(0);
    const interaction = answer.body.interaction as Record<string, unknown>;
    expect(interaction).toMatchObject({ id, channel: 'email', state: 'Accepted' });
    expect(interaction.capabilities).toEqual(ACCEPTED_CAPABILITIES[dialect].email);

    const other = await agent2.get(`/interactions/${id}`);
    expect(other.status).toBe(404);
    expect(other.body).toEqual({ statusCode: 6, statusMessage: expect.any(String) as unknown });
  });
});
