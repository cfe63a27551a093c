import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../simulator/dialect';
import { HTTP_STATUS_FOR } from '../../simulator/http';
import type { FailureCode } from '../../simulator/operations/types';
import type { Simulator } from '../../simulator/server';
import type { NewEmail } from '../../simulator/world';
import { interactionOf, type HttpAnswer, type TestAgent } from '../support/gwsAgent';
import { loadFixture, useSimulator } from '../support/simulatorHarness';

// The e-mail operations of 002 (and 003 "Interactions On E-mail Channel") over real HTTP, with
// their notifications received by the official CometD client, in both dialects.

const harness = useSimulator();

const replyCreatedFixture = loadFixture('001-email-reply-created.json');

const CUSTOMER = 'customer@example.com';
const MAILBOX = 'support@switchboard.example';

const INBOUND: NewEmail = {
  from: CUSTOMER,
  to: [MAILBOX],
  cc: [MAILBOX, 'colleague@example.com'],
  subject: 'test_reply',
  text: 'This is email body.\nTesting, hopefully this will work',
  html: '<html><body><p>This is email body.</p></body></html>',
  attachments: [{ name: 'notes.txt', mimeType: 'text/plain', bytes: Buffer.from('notes') }],
};

async function start(dialect: Dialect): Promise<{ sim: Simulator; agent: TestAgent }> {
  const sim = await harness.start({ dialect });
  return { sim, agent: await harness.signedIn('agent1', ['email', 'chat']) };
}

function stateOf(agent: TestAgent, id: string, state: string) {
  return agent.waitFor(
    (message) =>
      message.channel === '/v2/me/interactions' &&
      interactionOf(message.data).id === id &&
      interactionOf(message.data).state === state,
    3000,
    `${state} for ${id}`,
  );
}

/** A customer e-mail, offered to and accepted by the agent. */
async function acceptedEmail(sim: Simulator, agent: TestAgent, email = INBOUND): Promise<string> {
  const id = sim.control.receiveEmail(email);
  await stateOf(agent, id, 'Invited');
  const accepted = await agent.post(`/me/interactions/${id}`, { operationName: 'Accept' });
  expect(accepted.status).toBe(200);
  await stateOf(agent, id, 'Accepted');
  return id;
}

function expectSuccess(dialect: Dialect, answer: HttpAnswer): void {
  expect(answer.status).toBe(200);
  if (dialect === 'a') expect(answer.body.status).toBe('ok');
  else expect(answer.body.statusCode).toBe(0);
}

/** Dialect A's answer names no code, so there the HTTP status tells the codes apart. */
function expectFailure(dialect: Dialect, answer: HttpAnswer, code: FailureCode): void {
  expect(answer.status).toBe(HTTP_STATUS_FOR[code]);
  if (dialect === 'a') {
    expect(answer.body.status).toBe('error');
    expect(typeof answer.body.errorDescription).toBe('string');
  } else {
    expect(answer.body.statusCode).toBe(code);
    expect(typeof answer.body.statusMessage).toBe('string');
  }
}

interface Draft {
  readonly id: unknown;
  readonly state: unknown;
  readonly type: unknown;
  readonly subType: unknown;
  readonly parentId: unknown;
  readonly threadId: unknown;
  readonly capabilities: unknown;
  readonly to: unknown;
  readonly from: unknown;
  readonly cc: unknown;
  readonly subject: unknown;
  readonly text: unknown;
  readonly html: unknown;
}

/** The fields of an e-mail notification, whichever dialect wrote it. */
function draftOf(dialect: Dialect, data: Record<string, unknown>): Draft {
  const interaction = interactionOf(data);
  const common = {
    id: interaction.id,
    state: interaction.state,
    parentId: interaction.parentId,
    threadId: interaction.threadId,
    capabilities: interaction.capabilities,
  };
  if (dialect === 'a') {
    const email = interaction.email_object as Record<string, unknown>;
    return {
      ...common,
      type: interaction.interactionType,
      subType: interaction.interactionSubType,
      to: email.ToAddress,
      from: email.FromAddress,
      cc: email.CCAddresses,
      subject: email.Subject,
      text: email.Text,
      html: email.StructuredText,
    };
  }
  const content = interaction.content as Record<string, unknown>;
  return {
    ...common,
    type: interaction.type,
    subType: interaction.subType,
    to: content.toAddress,
    from: content.fromAddress,
    cc: content.ccAddresses,
    subject: content.subject,
    text: content.text,
    html: content.structuredText,
  };
}

const DRAFT_CAPABILITIES = [
  'Cancel',
  'Send',
  'PlaceInWorkbin',
  'UpdateProperties',
  'LinkAttachment',
];

async function listedIds(agent: TestAgent): Promise<unknown[]> {
  const listed = await agent.get('/me/interactions?fields=*');
  expect(listed.status).toBe(200);
  return (listed.body.interactions as Record<string, unknown>[]).map(
    (data) => interactionOf(data).id,
  );
}

describe.each(['a', 'b'] as const)('e-mail operations, dialect %s', (dialect) => {
  it('Reply answers replyInteractionId and announces an OutboundReply draft quoting the original', async () => {
    const { sim, agent } = await start(dialect);
    const original = await acceptedEmail(sim, agent);
    const answer = await agent.post(`/me/interactions/${original}`, {
      operationName: 'Reply',
      subjectPrefix: 'Re: ',
      replyToStartLine: `${CUSTOMER} wrote:`,
      indentCharacter: '>',
      quoteOriginal: true,
      queueName: 'SimpleEmailOutQueue',
    });
    expectSuccess(dialect, answer);
    const replyId = answer.body.replyInteractionId;
    expect(typeof replyId).toBe('string');
    expect(replyId).not.toBe(original);

    const message = await stateOf(agent, replyId as string, 'ReplyCreated');
    const draft = draftOf(dialect, message.data);
    expect(draft).toEqual({
      id: replyId,
      state: 'ReplyCreated',
      type: 'Outbound',
      subType: 'OutboundReply',
      parentId: original,
      threadId: sim.world.interactions.get(original)?.threadId,
      capabilities: DRAFT_CAPABILITIES,
      to: CUSTOMER,
      from: MAILBOX,
      cc: '',
      subject: 'Re: test_reply',
      text: `${CUSTOMER} wrote:\r\n> This is email body.\r\n> Testing, hopefully this will work`,
      html: `<html><body><p>${CUSTOMER} wrote:</p><blockquote><p>This is email body.</p></blockquote></body></html>`,
    });
    // The draft is the agent's work now, beside the original.
    expect(await listedIds(agent)).toEqual(expect.arrayContaining([original, replyId]));
  });

  it('Reply without quoteOriginal has an empty body and no prefix unless one is given', async () => {
    const { sim, agent } = await start(dialect);
    const original = await acceptedEmail(sim, agent);
    const answer = await agent.post(`/me/interactions/${original}`, { operationName: 'Reply' });
    expectSuccess(dialect, answer);
    const draft = draftOf(
      dialect,
      (await stateOf(agent, answer.body.replyInteractionId as string, 'ReplyCreated')).data,
    );
    expect(draft.text).toBe('');
    expect(draft.html).toBe('');
    expect(draft.subject).toBe('test_reply');
    expect(draft.to).toBe(CUSTOMER);
  });

  it('ReplyAll quotes by default and copies the CC without our own mailbox', async () => {
    const { sim, agent } = await start(dialect);
    const original = await acceptedEmail(sim, agent);
    const answer = await agent.post(`/me/interactions/${original}`, {
      operationName: 'ReplyAll',
      subjectPrefix: 'Re: ',
    });
    expectSuccess(dialect, answer);
    const draft = draftOf(
      dialect,
      (await stateOf(agent, answer.body.replyInteractionId as string, 'ReplyCreated')).data,
    );
    expect(draft.subType).toBe('OutboundReply');
    expect(draft.to).toBe(CUSTOMER);
    expect(draft.from).toBe(MAILBOX);
    expect(draft.cc).toBe('colleague@example.com');
    expect(draft.text).toBe('This is email body.\r\nTesting, hopefully this will work');
  });

  it('Forward sends to the address the agent gives and carries copies of the attachments', async () => {
    const { sim, agent } = await start(dialect);
    const original = await acceptedEmail(sim, agent);
    const answer = await agent.post(`/me/interactions/${original}`, {
      operationName: 'Forward',
      toAddress: 'billing@example.com',
      subjectPrefix: 'Fwd: ',
      quoteOriginal: true,
    });
    expectSuccess(dialect, answer);
    const forwardId = answer.body.replyInteractionId as string;
    const message = await stateOf(agent, forwardId, 'ReplyCreated');
    const draft = draftOf(dialect, message.data);
    expect(draft).toMatchObject({
      subType: 'OutboundNew',
      parentId: original,
      to: 'billing@example.com',
      from: MAILBOX,
      subject: 'Fwd: test_reply',
      text: 'This is email body.\r\nTesting, hopefully this will work',
    });
    const forwarded = sim.world.interactions.get(forwardId)?.email?.attachments ?? [];
    const originals = sim.world.interactions.get(original)?.email?.attachments ?? [];
    expect(forwarded.map((attachment) => attachment.name)).toEqual(['notes.txt']);
    expect(forwarded[0]?.id).not.toBe(originals[0]?.id);
    expect(forwarded[0]?.bytes.equals(Buffer.from('notes'))).toBe(true);
    // Its notification lists the copies, as Send will send them: a client shows no files else.
    const content = (
      dialect === 'a' ? message.data.email_object : interactionOf(message.data).content
    ) as { attachments?: Record<string, unknown>[] };
    expect(content.attachments?.map((attachment) => [attachment.id, attachment.name])).toEqual([
      [forwarded[0]?.id, 'notes.txt'],
    ]);
  });

  it('Forward as documented, without an address: Send refuses it (1) until it names one', async () => {
    const { sim, agent } = await start(dialect);
    const original = await acceptedEmail(sim, agent);
    const answer = await agent.post(`/me/interactions/${original}`, { operationName: 'Forward' });
    expectSuccess(dialect, answer);
    const forwardId = answer.body.replyInteractionId as string;
    expect(draftOf(dialect, (await stateOf(agent, forwardId, 'ReplyCreated')).data).to).toBe('');

    expectFailure(
      dialect,
      await agent.post(`/me/interactions/${forwardId}`, { operationName: 'Send' }),
      1,
    );
    // The failed Send changed nothing: the draft is still there to be completed.
    expect(await listedIds(agent)).toContain(forwardId);
    expectSuccess(
      dialect,
      await agent.post(`/me/interactions/${forwardId}`, {
        operationName: 'Send',
        email_object: { toAddress: 'billing@example.com' },
      }),
    );
    await stateOf(agent, forwardId, 'Completed');
  });

  it('Send applies email_object and the queue, completes the draft and leaves the original', async () => {
    const { sim, agent } = await start(dialect);
    const original = await acceptedEmail(sim, agent);
    const reply = await agent.post(`/me/interactions/${original}`, { operationName: 'Reply' });
    const replyId = reply.body.replyInteractionId as string;
    await stateOf(agent, replyId, 'ReplyCreated');

    const sent = await agent.post(`/me/interactions/${replyId}`, {
      operationName: 'Send',
      queueName: 'SimpleEmailOutQueue',
      email_object: {
        toAddress: 'customer@example.com, second@example.com',
        subject: 'Re: test_reply',
        text: 'Thank you, your request has been processed.',
        fromAddress: MAILBOX,
        ccAddress: 'cc1@example.com',
        bccAddress: 'archive@example.com',
      },
    });
    expectSuccess(dialect, sent);
    await stateOf(agent, replyId, 'Completed');

    const stored = sim.world.interactions.get(replyId);
    expect(stored?.state).toBe('Completed');
    expect(stored?.queue).toBe('SimpleEmailOutQueue');
    expect(stored?.email).toMatchObject({
      to: ['customer@example.com', 'second@example.com'],
      cc: ['cc1@example.com'],
      bcc: ['archive@example.com'],
      subject: 'Re: test_reply',
      text: 'Thank you, your request has been processed.',
      from: MAILBOX,
    });
    const listed = await listedIds(agent);
    expect(listed).not.toContain(replyId);
    expect(listed).toContain(original);

    // What left is kept in the world's record of sent mail, once.
    expect(sim.world.sent).toEqual([
      {
        interactionId: replyId,
        parentId: original,
        subType: 'OutboundReply',
        queue: 'SimpleEmailOutQueue',
        sentBy: stored?.owner,
        from: MAILBOX,
        to: ['customer@example.com', 'second@example.com'],
        cc: ['cc1@example.com'],
        bcc: ['archive@example.com'],
        subject: 'Re: test_reply',
        text: 'Thank you, your request has been processed.',
        attachments: [],
        at: expect.any(Number) as number,
      },
    ]);

    // A sent e-mail is no draft any more.
    expectFailure(
      dialect,
      await agent.post(`/me/interactions/${replyId}`, { operationName: 'Send' }),
      2,
    );
    expect(sim.world.sent).toHaveLength(1);
  });

  it("a draft whose properties changed is still a draft: PropertiesChanged carries ReplyCreated's capabilities", async () => {
    const { sim, agent } = await start(dialect);
    const original = await acceptedEmail(sim, agent);
    const reply = await agent.post(`/me/interactions/${original}`, { operationName: 'Reply' });
    const replyId = reply.body.replyInteractionId as string;
    await stateOf(agent, replyId, 'ReplyCreated');
    // UpdateProperties is among the draft's capabilities (001/002 "E-mail Reply Created").
    expectSuccess(
      dialect,
      await agent.post(`/me/interactions/${replyId}`, {
        operationName: 'UpdateProperties',
        properties: { DispositionCode: 'Resolved' },
      }),
    );
    const changed = draftOf(dialect, (await stateOf(agent, replyId, 'PropertiesChanged')).data);
    // Not the inbound e-mail's Reply, ReplyAll, Transfer: the draft can still be sent, cancelled
    // and given files, as a fetch of it says too.
    expect(changed.capabilities).toEqual(DRAFT_CAPABILITIES);
    const fetched = await agent.get(`/interactions/${replyId}`);
    expect(interactionOf(fetched.body.interaction as Record<string, unknown>).capabilities).toEqual(
      DRAFT_CAPABILITIES,
    );
  });

  it('CancelReplyEmail discards the draft; CancelReply is the same operation', async () => {
    const { sim, agent } = await start(dialect);
    const original = await acceptedEmail(sim, agent);
    for (const operationName of ['CancelReplyEmail', 'CancelReply']) {
      const reply = await agent.post(`/me/interactions/${original}`, { operationName: 'Reply' });
      const replyId = reply.body.replyInteractionId as string;
      await stateOf(agent, replyId, 'ReplyCreated');

      expectSuccess(dialect, await agent.post(`/me/interactions/${replyId}`, { operationName }));
      await stateOf(agent, replyId, 'Completed');
      expect(await listedIds(agent)).not.toContain(replyId);
      const gone = await agent.get(`/interactions/${replyId}`);
      expect(gone.status).toBe(404);
      expect(gone.body.statusCode).toBe(6);
      expect(sim.world.interactions.get(original)?.state).toBe('Accepted');
    }
  });

  it('CreateEmail answers id and uri and announces an OutboundNew draft that Send sends', async () => {
    const { sim, agent } = await start(dialect);
    const answer = await agent.post('/me/interactions', {
      operationName: 'CreateEmail',
      queueName: 'SimpleEmailOutQueue',
      interactionType: 'Outbound',
      interactionSubType: 'OutboundNew',
    });
    expectSuccess(dialect, answer);
    const id = answer.body.id as string;
    expect(typeof id).toBe('string');
    expect(answer.body.uri).toBe(`${sim.apiUrl}/interactions/${id}`);

    const draft = draftOf(dialect, (await stateOf(agent, id, 'ReplyCreated')).data);
    expect(draft).toMatchObject({
      type: 'Outbound',
      subType: 'OutboundNew',
      capabilities: DRAFT_CAPABILITIES,
      to: '',
      from: MAILBOX,
    });
    const fetched = await agent.get(`/interactions/${id}`);
    expect(fetched.status).toBe(200);
    expect(interactionOf(fetched.body.interaction as Record<string, unknown>).id).toBe(id);

    expectSuccess(
      dialect,
      await agent.post(`/me/interactions/${id}`, {
        operationName: 'Send',
        email_object: { toAddress: CUSTOMER, subject: 'Hello', text: 'Hi there' },
      }),
    );
    await stateOf(agent, id, 'Completed');
  });

  it('refuses Reply, ReplyAll and Forward on an e-mail not accepted yet (2)', async () => {
    const { sim, agent } = await start(dialect);
    const id = sim.control.receiveEmail(INBOUND);
    await stateOf(agent, id, 'Invited');
    for (const operationName of ['Reply', 'ReplyAll', 'Forward']) {
      expectFailure(dialect, await agent.post(`/me/interactions/${id}`, { operationName }), 2);
    }
    expect(sim.world.interactions.size).toBe(1);
  });

  it('refuses e-mail operations on a chat (2) and on the wrong e-mail state (2)', async () => {
    const { sim, agent } = await start(dialect);
    const chat = sim.control.startChat({ customerNickName: 'Tom', subject: 'Hi' });
    await stateOf(agent, chat, 'Invited');
    expectSuccess(
      dialect,
      await agent.post(`/me/interactions/${chat}`, { operationName: 'Accept' }),
    );
    for (const operationName of ['ReplyAll', 'Forward', 'CancelReplyEmail']) {
      expectFailure(dialect, await agent.post(`/me/interactions/${chat}`, { operationName }), 2);
    }
    expect(sim.world.interactions.get(chat)?.state).toBe('Accepted');
    expect(sim.world.interactions.size).toBe(1);

    const original = await acceptedEmail(sim, agent);
    // Send and CancelReplyEmail are for drafts, not for the inbound e-mail.
    for (const operationName of ['Send', 'CancelReplyEmail']) {
      expectFailure(
        dialect,
        await agent.post(`/me/interactions/${original}`, {
          operationName,
          email_object: { toAddress: CUSTOMER },
        }),
        2,
      );
    }
    // A draft cannot be replied to.
    const reply = await agent.post(`/me/interactions/${original}`, { operationName: 'Reply' });
    expectFailure(
      dialect,
      await agent.post(`/me/interactions/${reply.body.replyInteractionId as string}`, {
        operationName: 'Reply',
      }),
      2,
    );
  });

  it('refuses malformed parameters (1) without changing anything', async () => {
    const { sim, agent } = await start(dialect);
    const original = await acceptedEmail(sim, agent);
    const count = sim.world.interactions.size;
    expectFailure(
      dialect,
      await agent.post(`/me/interactions/${original}`, {
        operationName: 'Reply',
        quoteOriginal: 'perhaps',
      }),
      1,
    );
    expectFailure(
      dialect,
      await agent.post(`/me/interactions/${original}`, {
        operationName: 'Forward',
        toAddress: 42,
      }),
      1,
    );
    expectFailure(
      dialect,
      await agent.post('/me/interactions', { operationName: 'CreateEmail', queueName: 42 }),
      1,
    );
    expect(sim.world.interactions.size).toBe(count);

    const reply = await agent.post(`/me/interactions/${original}`, { operationName: 'Reply' });
    const replyId = reply.body.replyInteractionId as string;
    for (const email_object of ['to me', { toAddress: 7 }, { toAddress: '' }, { subject: 1 }]) {
      expectFailure(
        dialect,
        await agent.post(`/me/interactions/${replyId}`, { operationName: 'Send', email_object }),
        1,
      );
    }
    expect(sim.world.interactions.get(replyId)?.state).toBe('ReplyCreated');
    expect(sim.world.interactions.get(replyId)?.email?.to).toEqual([CUSTOMER]);
  });

  it("answers 6 for unknown interactions and for another agent's draft", async () => {
    const { sim, agent } = await start(dialect);
    const other = harness.agent('agent2');
    await other.signIn([]);
    const created = await other.post('/me/interactions', { operationName: 'CreateEmail' });
    expectSuccess(dialect, created);
    const theirs = created.body.id as string;

    for (const operationName of ['Send', 'CancelReplyEmail']) {
      expectFailure(dialect, await agent.post(`/me/interactions/${theirs}`, { operationName }), 6);
      expectFailure(
        dialect,
        await agent.post('/me/interactions/0000NOSUCHTHING0', { operationName }),
        6,
      );
    }
    expectFailure(
      dialect,
      await agent.post('/me/interactions/0000NOSUCHTHING0', { operationName: 'Reply' }),
      6,
    );
    expect(sim.world.interactions.get(theirs)?.state).toBe('ReplyCreated');
  });

  it('refuses a queue the contact center does not have (6), or a blank one (1), in CreateEmail, Reply and Send, as PlaceInQueue does', async () => {
    const { sim, agent } = await start(dialect);
    const original = await acceptedEmail(sim, agent);
    const count = sim.world.interactions.size;
    const elsewhere = { queueName: 'NoSuchQueue' };
    expectFailure(
      dialect,
      await agent.post('/me/interactions', { operationName: 'CreateEmail', ...elsewhere }),
      6,
    );
    for (const operationName of ['Reply', 'ReplyAll']) {
      expectFailure(
        dialect,
        await agent.post(`/me/interactions/${original}`, { operationName, ...elsewhere }),
        6,
      );
      expectFailure(
        dialect,
        await agent.post(`/me/interactions/${original}`, { operationName, queueName: ' ' }),
        1,
      );
    }
    expect(sim.world.interactions.size).toBe(count);

    const reply = await agent.post(`/me/interactions/${original}`, {
      operationName: 'Reply',
      queueName: 'Overflow',
    });
    const replyId = reply.body.replyInteractionId as string;
    expect(sim.world.interactions.get(replyId)?.queue).toBe('Overflow');
    expectFailure(
      dialect,
      await agent.post(`/me/interactions/${replyId}`, { operationName: 'Send', ...elsewhere }),
      6,
    );
    expect(sim.world.interactions.get(replyId)?.state).toBe('ReplyCreated');
    expect(sim.world.sent).toEqual([]);
  });

  it('refuses CreateEmail before StartContactCenterSession (2)', async () => {
    await start(dialect);
    const idle = harness.agent('agent3');
    expect((await idle.get('/me')).status).toBe(200);
    expectFailure(
      dialect,
      await idle.post('/me/interactions', { operationName: 'CreateEmail' }),
      2,
    );
  });
});

describe('e-mail operations, dialect a only', () => {
  it("announces ReplyCreated with every key of 001's E-mail Reply Created sample", async () => {
    const { sim, agent } = await start('a');
    const original = await acceptedEmail(sim, agent);
    const answer = await agent.post(`/me/interactions/${original}`, {
      operationName: 'ReplyAll',
      subjectPrefix: 'Re: ',
    });
    const message = await stateOf(agent, answer.body.replyInteractionId as string, 'ReplyCreated');
    expect(Object.keys(message.data)).toEqual(
      expect.arrayContaining(Object.keys(replyCreatedFixture)),
    );
    expect(Object.keys(message.data.email_object as object)).toEqual(
      expect.arrayContaining(Object.keys(replyCreatedFixture.email_object as object)),
    );
    expect(message.data.messageTypeName).toBe(replyCreatedFixture.messageTypeName);
    expect(message.data.channel).toBe(replyCreatedFixture.channel);
    expect(message.data.interactionSubType).toBe(replyCreatedFixture.interactionSubType);
    expect(message.data.capabilities).toEqual(replyCreatedFixture.capabilities);
    expect(typeof message.data.receivedAt).toBe('string');
  });
});
