import { describe, expect, it } from 'vitest';
import { interactionOf, type ReceivedMessage, type TestAgent } from '../support/gwsAgent';
import { DEMO_CONTACTS, seedContactHistory } from '../../simulator/contactHistory';
import { loadFixture, useSimulator } from '../support/simulatorHarness';

// Interaction history (004): POST /ucs/interactions answers a referenceId at once, and the
// result follows on /v2/ucs/interactions with the same referenceId, in the shapes of 004.

type Json = Record<string, unknown>;

/** The `data` of a 004 sample. */
function fixture(name: string): Json {
  return loadFixture(name).data as Json;
}

const HISTORY = fixture('004-ucs-history-success.json');
const HISTORY_FAILURE = fixture('004-ucs-history-failure.json');
const CONTENT = fixture('004-ucs-content-success.json');
const CONTENT_FAILURE = fixture('004-ucs-content-failure.json');
const UCS_DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$/;

function keys(value: unknown): string[] {
  return Object.keys(value as Json).sort();
}

function list(value: unknown): Json[] {
  return value as Json[];
}

/** Milliseconds since the epoch of a UCS date such as `2015-10-01 16:02:07.000+0300`. */
function parseUcsDate(value: unknown): number {
  const match = /^(\S+) (\S+)([+-]\d{2})(\d{2})$/.exec(String(value));
  if (!match) throw new Error(`not a UCS date: ${String(value)}`);
  return Date.parse(`${match[1]}T${match[2]}${match[3]}:${match[4]}`);
}

const harness = useSimulator();
/** The agent the running test signed in (closed by the harness). */
let agent: TestAgent | undefined;

function me(): TestAgent {
  if (!agent) throw new Error('agent not signed in');
  return agent;
}

async function setUp(dialect: 'a' | 'b'): Promise<TestAgent> {
  await harness.start({ dialect });
  agent = await harness.signedIn('agent1', ['chat', 'email']);
  return agent;
}

async function accept(id: string): Promise<void> {
  const isAbout = (message: ReceivedMessage, state: string) =>
    message.channel === '/v2/me/interactions' &&
    interactionOf(message.data).id === id &&
    interactionOf(message.data).state === state;
  await me().waitFor((message) => isAbout(message, 'Invited'), 3000, `invite of ${id}`);
  expect((await me().post(`/me/interactions/${id}`, { operationName: 'Accept' })).status).toBe(200);
  await me().waitFor((message) => isAbout(message, 'Accepted'), 3000, `Accepted of ${id}`);
}

/** A chat agent1 accepted, talked in and stopped; an e-mail it still works on. */
async function handledWork(): Promise<{ chatId: string; emailId: string }> {
  const chatId = harness.simulator.control.startChat({
    customerNickName: 'Carol',
    subject: 'Order 42',
    firstMessage: 'Where is my parcel?',
    userData: { CustomerId: 'C-7' },
  });
  await accept(chatId);
  harness.simulator.control.customerSays(chatId, 'It was due Monday');
  const reply = await me().post(`/me/interactions/${chatId}`, {
    operationName: 'SendMessage',
    text: 'It leaves today',
  });
  expect(reply.status).toBe(200);
  expect(
    (await me().post(`/me/interactions/${chatId}`, { operationName: 'StopProcessing' })).status,
  ).toBe(200);
  const emailId = harness.simulator.control.receiveEmail({
    from: 'eve@example.com',
    subject: 'Invoice',
    text: 'Please resend',
  });
  await accept(emailId);
  return { chatId, emailId };
}

/** Posts a UCS request, checks the immediate answer, and returns the matching notification. */
async function ucs(body: Json): Promise<Json> {
  const answer = await me().post('/ucs/interactions', body);
  expect(answer.status).toBe(200);
  expect(keys(answer.body)).toEqual(['referenceId', 'statusCode']);
  expect(answer.body.statusCode).toBe(0);
  const referenceId = answer.body.referenceId;
  expect(typeof referenceId).toBe('number');
  const message = await me().waitFor(
    (received) =>
      received.channel === '/v2/ucs/interactions' && received.data.referenceId === referenceId,
    3000,
    `UCS answer ${String(referenceId)}`,
  );
  return message.data;
}

describe.each(['a', 'b'] as const)('interaction history, dialect %s', (dialect) => {
  it('lists the agent’s stopped and current interactions in the 004 shape', async () => {
    await setUp(dialect);
    const { chatId, emailId } = await handledWork();
    const history = await ucs({ operationName: 'RetrieveInteractionHistory' });
    expect(keys(history)).toEqual(keys(HISTORY));
    expect(history.messageType).toBe('GetInteractionsHistoryMessage');
    const [chat, email] = list(history.interactions);
    // The fixture's third entry is a stopped interaction with an owner: every key it has.
    const stoppedSample = list(HISTORY.interactions)[2];
    expect(keys(chat)).toEqual(keys(stoppedSample));
    expect(chat).toMatchObject({
      id: chatId,
      typeId: 'Inbound',
      mediaType: 'Chat',
      state: 'Stopped',
      subject: 'Order 42',
      uri: `${harness.simulator.apiUrl}/interactions/${chatId}`,
      ownerInformation: {
        userName: 'agent1',
        firstName: 'Agent',
        lastName: '1',
        id: harness.simulator.world.findUser('agent1')?.id,
      },
    });
    expect((chat?.customAttributes as Json).CustomerId).toBe('C-7');
    const stored = harness.simulator.world.interactions.get(chatId);
    expect(chat?.contactId).toBe(stored?.contactId);
    expect(chat?.startDate).toMatch(UCS_DATE);
    expect(chat?.endDate).toMatch(UCS_DATE);
    expect(parseUcsDate(chat?.startDate)).toBe(stored?.startDate);
    expect(parseUcsDate(chat?.endDate)).toBe(stored?.endDate);

    // Current work is InProcess and has no end date, as the fixture's second entry.
    expect(email).toMatchObject({ id: emailId, mediaType: 'Email', state: 'InProcess' });
    expect(keys(email)).toEqual(keys(list(HISTORY.interactions)[1]));
  });

  it('filters the history by media type, contact, dates and limit', async () => {
    await setUp(dialect);
    const { chatId, emailId } = await handledWork();
    const ids = (data: Json) => list(data.interactions).map((entry) => entry.id);

    expect(
      ids(await ucs({ operationName: 'RetrieveInteractionHistory', mediaType: 'Email' })),
    ).toEqual([emailId]);
    expect(
      ids(await ucs({ operationName: 'RetrieveInteractionHistory', mediaType: 'chat' })),
    ).toEqual([chatId]);
    const contactId = harness.simulator.world.interactions.get(chatId)?.contactId;
    expect(ids(await ucs({ operationName: 'RetrieveInteractionHistory', contactId }))).toEqual([
      chatId,
    ]);
    expect(ids(await ucs({ operationName: 'RetrieveInteractionHistory', limit: 1 }))).toEqual([
      emailId,
    ]);
    const chatStart = harness.simulator.world.interactions.get(chatId)?.startDate ?? 0;
    expect(
      ids(
        await ucs({
          operationName: 'RetrieveInteractionHistory',
          toDate: new Date(chatStart).toISOString(),
        }),
      ),
    ).toEqual([chatId]);
    expect(
      ids(
        await ucs({ operationName: 'RetrieveInteractionHistory', fromDate: Date.now() + 60_000 }),
      ),
    ).toEqual([]);
  });

  it('returns the whole chat transcript, agent replies included, in the 004 shape', async () => {
    await setUp(dialect);
    const { chatId, emailId } = await handledWork();
    const content = await ucs({ operationName: 'GetInteractionContent', interactionId: chatId });
    expect(keys(content)).toEqual(keys(CONTENT));
    expect(content.messageType).toBe('GetInteractionContentMessage');
    expect(keys(content.interaction)).toEqual(keys(CONTENT.interaction));
    expect(content.interaction).toMatchObject({
      id: chatId,
      path: `/interactions/${chatId}`,
      mediaType: 'Chat',
      state: 'Stopped',
    });

    const messages = list(content.messages);
    expect(
      messages.map((message) => [message.type, (message.from as Json).type, message.text]),
    ).toEqual([
      ['ParticipantJoined', 'Customer', undefined],
      ['Text', 'Customer', 'Where is my parcel?'],
      ['ParticipantJoined', 'Agent', undefined],
      ['Text', 'Customer', 'It was due Monday'],
      ['Text', 'Agent', 'It leaves today'],
      ['ParticipantLeft', 'Agent', undefined],
      // StopProcessing ended the chat, the customer last, as 004's transcript ends.
      ['ParticipantLeft', 'Customer', undefined],
    ]);
    const [sampleJoined, , sampleText] = list(CONTENT.messages);
    expect(keys(messages[0])).toEqual(keys(sampleJoined));
    expect(keys(messages[4])).toEqual(keys(sampleText));
    expect(keys(messages[4]?.from)).toEqual(keys(sampleText?.from));
    expect(messages.map((message) => message.index)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const message of messages) {
      expect(message.timestamp).toMatch(UCS_DATE);
      expect(parseUcsDate(message.timestamp)).toBe(message.timestampSeconds);
      expect(message.visibility).toBe('All');
    }

    // An e-mail has no messages (004: only chats do).
    const email = await ucs({ operationName: 'GetInteractionContent', interactionId: emailId });
    expect(keys(email)).toEqual(['interaction', 'messageType', 'referenceId']);
  });

  it('correlates answers by referenceId and reports failures in the notification', async () => {
    await setUp(dialect);
    const { chatId } = await handledWork();
    const [first, second, third] = await Promise.all([
      ucs({ operationName: 'GetInteractionContent', interactionId: chatId }),
      ucs({ operationName: 'RetrieveInteractionHistory' }),
      ucs({ operationName: 'GetInteractionContent', interactionId: 'NOSUCHINTERACT' }),
    ]);
    expect(first.messageType).toBe('GetInteractionContentMessage');
    expect(second.messageType).toBe('GetInteractionsHistoryMessage');
    expect(new Set([first.referenceId, second.referenceId, third.referenceId]).size).toBe(3);
    expect(keys(third)).toEqual(keys(CONTENT_FAILURE));
    expect(third.messageType).toBe('GetInteractionContentMessage');
    expect(third.errorMessage).toMatch(/NOSUCHINTERACT/);
    // The history failure has the same keys: the one shape the simulator uses for failures.
    expect(keys(HISTORY_FAILURE)).toEqual(keys(CONTENT_FAILURE));
  });

  it('answers bad requests at once with statusCode 1 or 2 and sends nothing', async () => {
    await setUp(dialect);
    const cases: [Json, number][] = [
      [{}, 1],
      [{ operationName: 'GetInteractionContent' }, 1],
      [{ operationName: 'RetrieveInteractionHistory', mediaType: 'Fax' }, 1],
      [{ operationName: 'RetrieveInteractionHistory', limit: 0 }, 1],
      [{ operationName: 'RetrieveInteractionHistory', fromDate: 'yesterday' }, 1],
      [{ operationName: 'DeleteInteraction' }, 2],
    ];
    for (const [body, statusCode] of cases) {
      const answer = await me().post('/ucs/interactions', body);
      expect(answer.status).toBe(400);
      expect(answer.body.statusCode).toBe(statusCode);
      expect(typeof answer.body.statusMessage).toBe('string');
    }
    // A good request afterwards is the first to get a referenceId and the only notification.
    const data = await ucs({ operationName: 'RetrieveInteractionHistory' });
    expect(data.referenceId).toBe(1);
    expect(data.interactions).toEqual([]);
    expect(me().received.filter((m) => m.channel === '/v2/ucs/interactions')).toHaveLength(1);
  });
});

describe('seeded contact history (the demo contacts)', () => {
  it('lists a demo contact’s past chats and e-mails, handled by colleagues, oldest first', async () => {
    await setUp('b');
    const now = Date.now();
    const [maria] = seedContactHistory(harness.simulator.world, now);
    if (maria === undefined) throw new Error('no demo contact');
    const history = await ucs({
      operationName: 'RetrieveInteractionHistory',
      contactId: maria.contactId,
    });
    const entries = list(history.interactions);
    expect(entries.map((entry) => [entry.mediaType, entry.subject, entry.state])).toEqual([
      ['Chat', 'Delivery address', 'Stopped'],
      ['Email', 'Invoice 2291 paid twice', 'Stopped'],
      ['Chat', 'Refund status', 'Stopped'],
      ['Email', 'Statement for March', 'Stopped'],
    ]);
    const starts = entries.map((entry) => parseUcsDate(entry.startDate));
    expect(starts[0]).toBe(now - 40 * 24 * 60 * 60 * 1000);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    for (const entry of entries) {
      expect(entry.contactId).toBe(maria.contactId);
      expect(parseUcsDate(entry.endDate)).toBeGreaterThan(parseUcsDate(entry.startDate));
      expect(['agent2', 'agent3']).toContain((entry.ownerInformation as Json).userName);
    }
    // Another contact's history is theirs alone; agent1 handled none of it.
    const tom = await ucs({
      operationName: 'RetrieveInteractionHistory',
      contactId: DEMO_CONTACTS[1]?.contactId,
    });
    expect(list(tom.interactions).map((entry) => entry.subject)).toEqual([
      'Broken kettle',
      'Replacement kettle',
    ]);
    const own = await ucs({ operationName: 'RetrieveInteractionHistory' });
    expect(own.interactions).toEqual([]);
  });

  it('answers a past chat’s transcript and a past e-mail’s body', async () => {
    await setUp('a');
    const [maria] = seedContactHistory(harness.simulator.world, Date.now());
    const history = await ucs({
      operationName: 'RetrieveInteractionHistory',
      contactId: maria?.contactId,
    });
    const [chat, email] = list(history.interactions);
    const transcript = await ucs({
      operationName: 'GetInteractionContent',
      interactionId: chat?.id,
    });
    const messages = list(transcript.messages);
    expect(
      messages.map((message) => [message.type, (message.from as Json).nickname, message.text]),
    ).toEqual([
      ['ParticipantJoined', 'Maria', undefined],
      ['ParticipantJoined', 'Agent', undefined],
      ['Text', 'Maria', 'Hi, I moved last month. Can you change my delivery address?'],
      ['Text', 'Agent', 'Of course. What is the new address?'],
      ['Text', 'Maria', 'Strandvejen 12, 2900 Hellerup'],
      ['Text', 'Agent', 'Done: your next parcel goes to Strandvejen 12.'],
      ['ParticipantLeft', 'Maria', undefined],
    ]);
    // The lines are dated within the chat, in order.
    const times = messages.map((message) => parseUcsDate(message.timestamp));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times[0]).toBe(parseUcsDate(chat?.startDate));
    expect(times.at(-1)).toBe(parseUcsDate(chat?.endDate));

    const mail = await ucs({ operationName: 'GetInteractionContent', interactionId: email?.id });
    expect(mail.messages).toBeUndefined();
    expect(mail.interaction).toMatchObject({
      id: email?.id,
      mediaType: 'Email',
      subject: 'Invoice 2291 paid twice',
    });
    expect((mail.interaction as Json).text).toMatch(/^Hello,\n\nI paid invoice 2291 twice/);
  });

  it('answers a new interaction from a demo contact under the contact’s id', async () => {
    await setUp('b');
    const [maria] = seedContactHistory(harness.simulator.world, Date.now());
    const emailId = harness.simulator.control.receiveEmail({
      from: 'maria.jensen@example.com',
      subject: 'Another question',
      text: 'Hello again',
      contactId: maria?.contactId,
    });
    const stored = harness.simulator.world.interactions.get(emailId);
    expect(stored?.contactId).toBe(maria?.contactId);
    // Attached as UCS identification attaches it (000/003 userData `ContactId`).
    expect(stored?.userData.ContactId).toBe(maria?.contactId);
    const other = harness.simulator.control.receiveEmail({
      from: 'x@example.com',
      subject: 'S',
      text: 'T',
    });
    expect(harness.simulator.world.interactions.get(other)?.userData.ContactId).toBeUndefined();
    const history = await ucs({
      operationName: 'RetrieveInteractionHistory',
      contactId: maria?.contactId,
    });
    expect(list(history.interactions).at(-1)).toMatchObject({ id: emailId, state: 'InProcess' });
  });

  it('is there from the start of the demo scenario, whose first e-mail is from Maria', async () => {
    await harness.start({ scenario: 'demo' });
    agent = await harness.signedIn('agent1', ['chat', 'email']);
    const maria = DEMO_CONTACTS[0];
    const history = await ucs({
      operationName: 'RetrieveInteractionHistory',
      contactId: maria?.contactId,
    });
    expect(
      list(history.interactions)
        .slice(0, 4)
        .map((entry) => entry.subject),
    ).toEqual([
      'Delivery address',
      'Invoice 2291 paid twice',
      'Refund status',
      'Statement for March',
    ]);
    // The demo's first e-mail (after 1 s) comes from her, under her contact.
    const first = await me().waitFor(
      (message) =>
        message.channel === '/v2/me/interactions' &&
        interactionOf(message.data).state === 'Invited',
      5000,
      'the demo’s first e-mail',
    );
    const invited = harness.simulator.world.interactions.get(String(interactionOf(first.data).id));
    expect(invited?.contactId).toBe(maria?.contactId);
  });

  it('answers with errorMessage, under the operation’s message type, when told to fail', async () => {
    await setUp('b');
    const [maria] = seedContactHistory(harness.simulator.world, Date.now());
    harness.simulator.control.failNextUcsRequests(['UCS is not reachable', 'Database error']);
    const history = await ucs({
      operationName: 'RetrieveInteractionHistory',
      contactId: maria?.contactId,
    });
    expect(history).toEqual({
      referenceId: history.referenceId,
      messageType: 'GetInteractionsHistoryMessage',
      errorMessage: 'UCS is not reachable',
    });
    const content = await ucs({ operationName: 'GetInteractionContent', interactionId: 'X' });
    expect(keys(content)).toEqual(keys(CONTENT_FAILURE));
    expect(content.errorMessage).toBe('Database error');
    // The faults are used up: the next request gets its result.
    const again = await ucs({
      operationName: 'RetrieveInteractionHistory',
      contactId: maria?.contactId,
    });
    expect(list(again.interactions)).toHaveLength(4);
  });
});
