import { expect, it } from 'vitest';
import { createOperations } from '../../main/gws/operations';
import { SentMail } from '../../main/workstation/sentMail';
import { eventually, useClientWithCache } from '../support/clientWithCache';

// The drafts service's way to send (SentMail.sendEmail, fields as typed): against the real
// simulator, session and cache writer on a SQLite file. What the server took is kept with the
// files the caller names; what Send's schema refuses is neither sent nor kept.

const startClient = useClientWithCache();

it('sends fields as typed, keeps what left with its files, and refuses a bad address', async () => {
  const { simulator, session, writer } = await startClient({ folderPrefix: 'switchboard-sent-' });
  expect((await session.signIn()).ok).toBe(true);
  await eventually(() => session.status.state === 'connected', 'connected');
  const operations = createOperations(session.requester);
  expect((await operations.setReady()).ok).toBe(true);
  const inboundId = simulator.control.receiveEmail({
    from: 'ann@example.com',
    subject: 'Invoice 77',
    text: 'Paid yet?',
  });
  await eventually(() => writer.interaction(inboundId) !== undefined, 'the invitation');
  expect((await operations.accept(inboundId)).ok).toBe(true);
  const reply = await operations.reply(inboundId);
  const replyId = reply.ok ? (reply.value ?? '') : '';
  await eventually(() => writer.interaction(replyId)?.state === 'ReplyCreated', 'the draft');

  const sentMail = new SentMail({ operations: () => operations, writer: () => writer });
  await expect(
    sentMail.sendEmail(replyId, { toAddress: 'not an address', text: 'x' }),
  ).rejects.toMatchObject({ kind: 'invalidArgument' });
  expect(writer.interaction(replyId)?.email?.sentAt).toBeUndefined();

  await sentMail.sendEmail(
    replyId,
    { toAddress: 'ann@example.com; ann.b@example.com', subject: 'Re: Invoice 77', text: 'Paid.' },
    [{ id: 'doc-5', name: 'receipt.pdf', size: 1200, mimeType: 'application/pdf' }],
  );
  await eventually(() => writer.interaction(replyId)?.phase === 'ended', 'the sent draft ended');
  expect(writer.interaction(replyId)?.email).toMatchObject({
    to: ['ann@example.com', 'ann.b@example.com'],
    subject: 'Re: Invoice 77',
    text: 'Paid.',
    attachments: [{ id: 'doc-5', name: 'receipt.pdf', size: 1200, mimeType: 'application/pdf' }],
  });
  expect((await writer.search('Paid')).map((hit) => hit.interaction.id)).toContain(replyId);
});
