import { describe, expect, it } from 'vitest';
import type { ChangeSet } from '../../common/model';
import { DEFAULT_OUTBOUND_EMAIL_QUEUE } from '../../common/settingsRules';
import { acceptedInvoiceEmail, useSignedInDesks } from '../support/signedInDesks';
import { useSimulator } from '../support/simulatorHarness';

// 002 documents Reply's answer and CreateEmail's as `{"status":"ok"}` alone, and the samples of
// the draft's notification ("E-mail Reply Created") name no parent. A desk that read the draft's
// id off the answer opened no composer on such a server, and its reply read as a new e-mail,
// unlinked and unquoted. The real desk core against the simulator answering as documented.

const harness = useSimulator();
const desks = useSignedInDesks();

describe('drafts the server makes known by their notification alone', () => {
  it('Reply answers the draft, recorded as the reply to the e-mail it answers', async () => {
    const simulator = await harness.start({ documentedDraftAnswers: true });
    const changes: ChangeSet[] = [];
    const { desk } = await desks.open(simulator, {
      send: (channel, payload) => {
        if (channel === 'switchboard:desk:changed') changes.push(payload as ChangeSet);
      },
    });
    const inboundId = await acceptedInvoiceEmail(simulator, desk);

    const replyId = await desk.handlers.interactions.reply(inboundId, {
      subjectPrefix: 'Re: ',
      quoteOriginal: false,
    });
    expect(replyId).toEqual(expect.any(String));
    const reply = await desk.handlers.interactions.get(replyId ?? '');
    expect(reply).toMatchObject({ state: 'ReplyCreated', parentId: inboundId });
    // The server's own copy names no parent: the link is the desk's, from its own request.
    expect(simulator.world.interactions.get(replyId ?? '')?.parentId).toBeNull();
    const replies = await desk.handlers.interactions.replies(inboundId);
    expect(replies.map((answer) => answer.id)).toEqual([replyId]);
    // The first change set that shows the draft shows it linked (the composer quotes from it).
    const firstHead = changes
      .flatMap((set) => set.interactions)
      .find((head) => head.id === replyId);
    expect(firstHead?.parentId).toBe(inboundId);

    // ReplyAll's and Forward's answers name the draft; their drafts are linked all the same.
    const forwardId = await desk.handlers.interactions.forward(inboundId, undefined);
    await expect
      .poll(async () => (await desk.handlers.interactions.get(forwardId ?? ''))?.parentId)
      .toBe(inboundId);
  });

  it('CreateEmail answers the new e-mail, which answers nothing', async () => {
    const simulator = await harness.start({ documentedDraftAnswers: true });
    const { desk } = await desks.open(simulator);
    const createdId = await desk.handlers.interactions.createEmail(
      DEFAULT_OUTBOUND_EMAIL_QUEUE,
      'Outbound',
      'OutboundNew',
    );
    expect(createdId).toEqual(expect.any(String));
    const created = await desk.handlers.interactions.get(createdId ?? '');
    expect(created).toMatchObject({ state: 'ReplyCreated', subType: 'OutboundNew' });
    expect(created).not.toHaveProperty('parentId');
  });

  it('a refused Reply is the refusal, and the next start gets its own draft', async () => {
    const simulator = await harness.start({ documentedDraftAnswers: true });
    const { desk } = await desks.open(simulator);
    const inboundId = await acceptedInvoiceEmail(simulator, desk);
    // Not the agent's interaction: refused (statusCode 6), nothing waits for a draft.
    await expect(desk.handlers.interactions.reply('not-there', undefined)).rejects.toThrow();
    const replyId = await desk.handlers.interactions.reply(inboundId, undefined);
    expect((await desk.handlers.interactions.get(replyId ?? ''))?.parentId).toBe(inboundId);
  });
});
