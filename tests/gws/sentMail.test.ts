import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { DraftFields } from '../../common/model';
import { createOperations } from '../../main/gws/operations';
import { DeskDrafts } from '../../main/workstation/drafts';
import { SentMail } from '../../main/workstation/sentMail';
import type { Simulator } from '../../simulator/server';
import { eventually, useClientWithCache } from '../support/clientWithCache';

// The drafts service's way to send (SentMail.sendEmail, fields as typed): against the real
// simulator, session and cache writer on a SQLite file. What the server took is kept with the
// files the caller names; what Send's schema refuses is neither sent nor kept.

const startClient = useClientWithCache();

type InboundEmail = Parameters<Simulator['control']['receiveEmail']>[0];

/**
 * Signed in and Ready, with `email` from a customer arrived and accepted: the client, its
 * operations and the e-mail's id.
 */
async function acceptedEmail(folderPrefix: string, email: InboundEmail) {
  const client = await startClient({ folderPrefix });
  const { simulator, session, writer } = client;
  expect((await session.signIn()).ok).toBe(true);
  await eventually(() => session.status.state === 'connected', 'connected');
  const operations = createOperations(session.requester);
  expect((await operations.setReady()).ok).toBe(true);
  const inboundId = simulator.control.receiveEmail(email);
  await eventually(() => writer.interaction(inboundId) !== undefined, 'the invitation');
  expect((await operations.accept(inboundId)).ok).toBe(true);
  return { ...client, operations, inboundId };
}

/** A reply to the accepted e-mail, once the cache holds its draft; answers its id. */
async function replyDraft(
  { operations, writer }: Pick<Awaited<ReturnType<typeof acceptedEmail>>, 'operations' | 'writer'>,
  inboundId: string,
): Promise<string> {
  const reply = await operations.reply(inboundId);
  const replyId = reply.ok ? (reply.value ?? '') : '';
  await eventually(() => writer.interaction(replyId)?.state === 'ReplyCreated', 'the draft');
  return replyId;
}

it('sends fields as typed, keeps what left with its files, and refuses a bad address', async () => {
  const client = await acceptedEmail('switchboard-sent-', {
    from: 'ann@example.com',
    subject: 'Invoice 77',
    text: 'Paid yet?',
  });
  const { operations, writer } = client;
  const replyId = await replyDraft(client, client.inboundId);

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

it("keeps the agent's own files at attach time, so the sent e-mail offers them offline", async () => {
  const client = await acceptedEmail('switchboard-sent-files-', {
    from: 'ann@example.com',
    subject: 'Invoice 78',
    text: 'Receipt please',
  });
  const { operations, writer, store, accountId, folder, warnings, inboundId } = client;
  const replyId = await replyDraft(client, inboundId);

  const receipt = join(folder, 'receipt.txt');
  await writeFile(receipt, 'Paid on 3 December.');
  const scratch = join(folder, 'scratch.txt');
  await writeFile(scratch, 'not for the customer');
  let picked: string[] = [];
  const drafts = new DeskDrafts({
    store,
    accountId: () => accountId,
    operations: () => operations,
    dialogs: { chooseFilesToAttach: () => Promise.resolve(picked) },
    sentMail: new SentMail({ operations: () => operations, writer: () => writer }),
    writer: () => writer,
  });
  const fields: DraftFields = {
    interactionId: replyId,
    kind: 'reply',
    parentId: inboundId,
    to: 'ann@example.com',
    cc: '',
    bcc: '',
    subject: 'Re: Invoice 78',
    text: 'Here it is.',
    attachments: [],
  };
  picked = [receipt, scratch];
  const withFiles = await drafts.attachFiles(fields);
  const [receiptFile, scratchFile] = withFiles?.attachments ?? [];
  if (receiptFile === undefined || scratchFile === undefined) throw new Error('files not added');
  const scratchCopy = writer
    .interaction(replyId)
    ?.attachments.find((file) => file.id === scratchFile.id)?.localPath;
  expect(scratchCopy).toBeDefined();

  // The agent thinks better of one file: its copy goes with it.
  const draft = await drafts.removeAttachment(withFiles ?? fields, scratchFile.id);
  expect(writer.interaction(replyId)?.attachments.map((file) => file.id)).toEqual([receiptFile.id]);
  await eventually(() => !existsSync(scratchCopy ?? ''), 'the removed copy deleted');

  await drafts.send(draft);
  await eventually(() => writer.interaction(replyId)?.phase === 'ended', 'the sent draft ended');
  // The server no longer serves the file (the interaction is not the agent's): the copy kept at
  // attach time is what the sent e-mail offers.
  const sent = writer.interaction(replyId);
  expect(sent?.email?.attachments.map((file) => file.name)).toEqual(['receipt.txt']);
  const kept = sent?.attachments.find((file) => file.id === receiptFile.id);
  expect(kept?.localPath).toBeDefined();
  expect(readFileSync(kept?.localPath ?? '', 'utf8')).toBe('Paid on 3 December.');
  expect(warnings).toEqual([]);
});

it("fetches a forward's files while the draft is the agent's, so the sent forward offers them", async () => {
  const { operations, writer, warnings, inboundId } = await acceptedEmail(
    'switchboard-sent-forward-',
    {
      from: 'ann@example.com',
      subject: 'Contract',
      text: 'Signed copy attached.',
      attachments: [
        {
          name: 'contract.pdf',
          mimeType: 'application/pdf',
          bytes: Buffer.from('%PDF-1.4 signed'),
        },
      ],
    },
  );
  const forward = await operations.forward(inboundId);
  const forwardId = forward.ok ? (forward.value ?? '') : '';
  const copy = () => writer.interaction(forwardId)?.attachments[0]?.localPath;
  // Never accepted (a draft is the agent's from the start), yet its files are fetched.
  await eventually(() => copy() !== undefined, "the forward's copy of the file");

  const sentMail = new SentMail({ operations: () => operations, writer: () => writer });
  await sentMail.sendEmail(forwardId, { toAddress: 'legal@example.com', text: 'For filing.' });
  await eventually(() => writer.interaction(forwardId)?.phase === 'ended', 'the sent forward');
  const sent = writer.interaction(forwardId);
  expect(sent?.email?.attachments.map((file) => file.name)).toEqual(['contract.pdf']);
  expect(readFileSync(sent?.attachments[0]?.localPath ?? '', 'utf8')).toBe('%PDF-1.4 signed');
  expect(warnings).toEqual([]);
});
