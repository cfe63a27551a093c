import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { DraftFields } from '../../common/model';
import { openDatabase } from '../../main/cache/database';
import { CacheStore } from '../../main/cache/store';
import { createOperations } from '../../main/gws/operations';
import { GwsSession } from '../../main/gws/session';
import { CacheWriter } from '../../main/workstation/cacheWriter';
import { DeskDrafts } from '../../main/workstation/drafts';
import { SentMail, type SentMailOptions } from '../../main/workstation/sentMail';
import { startSimulator, type Simulator } from '../../simulator/server';
import {
  clientTest as it,
  eventually,
  type ClientWithCache,
  type StartClient,
} from '../support/clientWithCache';

// The drafts service's way to send (SentMail.sendEmail, fields as typed): against the real
// simulator, session and cache writer on a SQLite file. What the server took is kept with the
// files the caller names; what Send's schema refuses is neither sent nor kept.

// The tests mostly wait (on the simulator, on follow-ups' pauses), so they run at the same time,
// each with its own simulator, cache file and session (`startClient`), and what it builds over
// them closed when it ends.

/**
 * A SentMail closed when the test's clients are (before them, `owner.closeFirst`): no follow-up
 * of it asks a closed simulator, or writes to a closed cache.
 */
function newSentMail(
  owner: Pick<ClientWithCache, 'closeFirst'>,
  options: SentMailOptions,
): SentMail {
  const sentMail = new SentMail(options);
  owner.closeFirst(() => {
    sentMail.close();
  });
  return sentMail;
}

type InboundEmail = Parameters<Simulator['control']['receiveEmail']>[0];

/**
 * Signed in and Ready, with `email` from a customer arrived and accepted: the client, its
 * operations and the e-mail's id.
 */
/**
 * The first characters of every id the simulators of this file hand out: the same for all of
 * them, so that two servers' drafts have the same id (two deployments whose ids coincide:
 * {@link draftsOfTheSameIdOnTwoServers}). A simulator's ids are otherwise new in each run.
 */
const SHARED_ID_PREFIX = 'SAMEIDS0';

async function acceptedEmail(startClient: StartClient, folderPrefix: string, email: InboundEmail) {
  const client = await startClient({ folderPrefix, simulator: { idPrefix: SHARED_ID_PREFIX } });
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

/** The desk's own follow-ups on an unanswered Send, sooner than shipped (2 s, 5 s, 15 s, …). */
const FOLLOW_UP_PAUSES_MS = [200, 500, 1_500, 3_000];

/**
 * The desk's drafts service over the client (its store, operations and cache writer), its file
 * dialog answering what `picked` gives.
 */
function deskDrafts(
  client: Awaited<ReturnType<typeof acceptedEmail>>,
  picked: () => string[] = () => [],
  followUpPausesMs: readonly number[] = FOLLOW_UP_PAUSES_MS,
): DeskDrafts {
  const { store, accountId, operations, writer } = client;
  return new DeskDrafts({
    store,
    accountId: () => accountId,
    operations: () => operations,
    dialogs: { chooseFilesToAttach: () => Promise.resolve(picked()) },
    sentMail: newSentMail(client, {
      operations: () => operations,
      writer: () => writer,
      forgetDraft: (account, interactionId) => store.drafts().discard(account, interactionId),
      unsettledSends: () => store.unsettledSends(),
      followUpPausesMs,
    }),
    writer: () => writer,
  });
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

it.concurrent(
  'sends fields as typed, keeps what left with its files, and refuses a bad address',
  async ({ startClient, expect }) => {
    const client = await acceptedEmail(startClient, 'switchboard-sent-', {
      from: 'ann@example.com',
      subject: 'Invoice 77',
      text: 'Paid yet?',
    });
    const { operations, writer } = client;
    const replyId = await replyDraft(client, client.inboundId);

    const sentMail = newSentMail(client, { operations: () => operations, writer: () => writer });
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
  },
);

it.concurrent(
  "keeps the agent's own files at attach time, so the sent e-mail offers them offline",
  async ({ startClient, expect }) => {
    const client = await acceptedEmail(startClient, 'switchboard-sent-files-', {
      from: 'ann@example.com',
      subject: 'Invoice 78',
      text: 'Receipt please',
    });
    const { writer, folder, warnings, inboundId } = client;
    const replyId = await replyDraft(client, inboundId);

    const receipt = join(folder, 'receipt.txt');
    await writeFile(receipt, 'Paid on 3 December.');
    const scratch = join(folder, 'scratch.txt');
    await writeFile(scratch, 'not for the customer');
    let picked: string[] = [];
    const drafts = deskDrafts(client, () => picked);
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
    expect(writer.interaction(replyId)?.attachments.map((file) => file.id)).toEqual([
      receiptFile.id,
    ]);
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
  },
);

it.concurrent(
  "fetches a forward's files while the draft is the agent's, so the sent forward offers them",
  async ({ startClient, expect }) => {
    const { operations, writer, warnings, inboundId, closeFirst } = await acceptedEmail(
      startClient,
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

    const sentMail = newSentMail(
      { closeFirst },
      { operations: () => operations, writer: () => writer },
    );
    await sentMail.sendEmail(forwardId, { toAddress: 'legal@example.com', text: 'For filing.' });
    await eventually(() => writer.interaction(forwardId)?.phase === 'ended', 'the sent forward');
    const sent = writer.interaction(forwardId);
    expect(sent?.email?.attachments.map((file) => file.name)).toEqual(['contract.pdf']);
    expect(readFileSync(sent?.attachments[0]?.localPath ?? '', 'utf8')).toBe('%PDF-1.4 signed');
    expect(warnings).toEqual([]);
  },
);

it.concurrent(
  "forgets a cancelled draft's files and their kept copies: nothing of it was sent",
  async ({ startClient, expect }) => {
    const client = await acceptedEmail(startClient, 'switchboard-sent-cancel-', {
      from: 'ann@example.com',
      subject: 'Invoice 79',
      text: 'Receipt please',
    });
    const { writer, folder, inboundId } = client;
    const replyId = await replyDraft(client, inboundId);
    // The wrong customer's statement, attached by mistake.
    const wrong = join(folder, 'other-customer.txt');
    await writeFile(wrong, 'another customer’s statement');
    const drafts = deskDrafts(client, () => [wrong]);
    await drafts.attachFiles({
      interactionId: replyId,
      kind: 'reply',
      parentId: inboundId,
      to: 'ann@example.com',
      cc: '',
      bcc: '',
      subject: 'Re: Invoice 79',
      text: '',
      attachments: [],
    });
    const copy = writer.interaction(replyId)?.attachments[0]?.localPath ?? '';
    expect(readFileSync(copy, 'utf8')).toBe('another customer’s statement');

    await drafts.cancel(replyId);
    expect(writer.interaction(replyId)?.attachments).toEqual([]);
    await eventually(() => !existsSync(copy), 'the copy deleted');
  },
);

/**
 * agent1 signed in and Ready on a quiet simulator, with a cache writer whose downloads reach
 * only `inbound()`'s files: a forward's own copies never come, as when Send beats their download
 * (a file is served only while the interaction is the agent's). `close` signs out and removes
 * it all.
 */
async function signedInWhereForwardsGetNoFiles(prefix: string, inbound: () => string) {
  const simulator = await startSimulator({ port: 0, scenario: 'quiet' });
  const folder = mkdtempSync(join(tmpdir(), prefix));
  const db = openDatabase(join(folder, 'cache.db'));
  const session = new GwsSession({
    serverUrl: simulator.url,
    credentials: { userName: 'agent1', password: 'demo' },
    log: { debug: () => undefined, warn: () => undefined },
  });
  const operations = createOperations(session.requester);
  const writer = new CacheWriter({
    store: new CacheStore(db),
    account: { serverUrl: simulator.url, userName: 'agent1' },
    attachmentsDir: join(folder, 'attachments'),
    log: { debug: () => undefined, warn: () => undefined },
    download: (id, documentId) =>
      id === inbound()
        ? operations.downloadAttachment(id, documentId)
        : Promise.resolve({ ok: false, error: { kind: 'notFound', message: 'not yours now' } }),
  });
  writer.attach(session);
  const closingFirst: (() => void)[] = [];
  const close = async () => {
    for (const cleanup of closingFirst.splice(0).reverse()) cleanup();
    await session.signOut();
    await writer.close();
    db.close();
    await simulator.close();
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    expect((await session.signIn()).ok).toBe(true);
    expect((await operations.setReady()).ok).toBe(true);
  } catch (error) {
    await close();
    throw error;
  }
  const closeFirst = (cleanup: () => void) => {
    closingFirst.push(cleanup);
  };
  return { simulator, operations, writer, close, closeFirst };
}

// No client of the fixture: its own, closed by `close`. Alone, as the next (see there).
test("gives a forward sent before its files arrived the original's kept copies", async ({
  expect,
}) => {
  let inboundId = '';
  const { simulator, operations, writer, close, closeFirst } =
    await signedInWhereForwardsGetNoFiles('switchboard-sent-early-', () => inboundId);
  try {
    inboundId = simulator.control.receiveEmail({
      from: 'ann@example.com',
      subject: 'Contract',
      text: 'Signed copy attached.',
      attachments: [
        { name: 'contract.pdf', mimeType: 'application/pdf', bytes: Buffer.from('%PDF-1.4 s') },
      ],
    });
    await eventually(() => writer.interaction(inboundId) !== undefined, 'the invitation');
    expect((await operations.accept(inboundId)).ok).toBe(true);
    const original = () => writer.interaction(inboundId)?.attachments[0]?.localPath;
    await eventually(() => original() !== undefined, "the original's file");
    const forward = await operations.forward(inboundId);
    const forwardId = forward.ok ? (forward.value ?? '') : '';
    await eventually(
      () => (writer.interaction(forwardId)?.attachments.length ?? 0) > 0,
      "the forward's file listed",
    );
    await writer.downloadsIdle();
    expect(writer.interaction(forwardId)?.attachments[0]?.localPath).toBeUndefined();

    const sentMail = newSentMail(
      { closeFirst },
      { operations: () => operations, writer: () => writer },
    );
    await sentMail.sendEmail(forwardId, { toAddress: 'legal@example.com', text: 'For filing.' });
    const sent = writer.interaction(forwardId)?.attachments[0];
    expect(sent?.localPath).toBe(original());
    expect(readFileSync(sent?.localPath ?? '', 'utf8')).toBe('%PDF-1.4 s');
  } finally {
    await close();
  }
});

// No client of the fixture: its own, closed by `close`. Alone, not beside the others: at once
// with them (three test files running on a loaded machine) the original's four files missed
// their 10 s in two runs of four.
test("gives a forward sent early no original's copy that could be another file of the same name", async ({
  expect,
}) => {
  let inboundId = '';
  const { simulator, operations, writer, close, closeFirst } =
    await signedInWhereForwardsGetNoFiles('switchboard-sent-same-names-', () => inboundId);
  try {
    // Two scans a phone named alike, a logo twice (the same bytes), and a server that states
    // no sizes: only the logo's copy is surely the forward's.
    const logo = Buffer.from('PNG logo');
    inboundId = simulator.control.receiveEmail({
      from: 'ann@example.com',
      subject: 'Damage',
      text: 'Both pages.',
      attachments: [
        {
          name: 'scan.pdf',
          mimeType: 'application/pdf',
          bytes: Buffer.from('%PDF page 1'),
          statedSize: null,
        },
        {
          name: 'scan.pdf',
          mimeType: 'application/pdf',
          bytes: Buffer.from('%PDF page two'),
          statedSize: null,
        },
        { name: 'logo.png', mimeType: 'image/png', bytes: logo, statedSize: null },
        { name: 'logo.png', mimeType: 'image/png', bytes: logo, statedSize: null },
      ],
    });
    await eventually(() => writer.interaction(inboundId) !== undefined, 'the invitation');
    expect((await operations.accept(inboundId)).ok).toBe(true);
    await eventually(
      () =>
        writer.interaction(inboundId)?.attachments.every((file) => file.localPath !== undefined) ===
        true,
      "the original's files",
    );
    const forward = await operations.forward(inboundId);
    const forwardId = forward.ok ? (forward.value ?? '') : '';
    await eventually(
      () => writer.interaction(forwardId)?.attachments.length === 4,
      "the forward's files listed",
    );
    await writer.downloadsIdle();

    const sentMail = newSentMail(
      { closeFirst },
      { operations: () => operations, writer: () => writer },
    );
    await sentMail.sendEmail(forwardId, {
      toAddress: 'claims@example.com',
      text: 'For the claim.',
    });
    const kept = (writer.interaction(forwardId)?.attachments ?? []).map((file) => [
      file.name,
      file.localPath === undefined ? undefined : readFileSync(file.localPath, 'utf8'),
    ]);
    // Never the first page under the second's row: not downloaded rather than the wrong file.
    expect(kept).toEqual([
      ['scan.pdf', undefined],
      ['scan.pdf', undefined],
      ['logo.png', 'PNG logo'],
      ['logo.png', 'PNG logo'],
    ]);
  } finally {
    await close();
  }
});

it.concurrent(
  'names whom a draft goes to in its row as the agent types it, once To holds addresses only',
  async ({ startClient, expect }) => {
    const client = await acceptedEmail(startClient, 'switchboard-sent-to-', {
      from: 'ann@example.com',
      subject: 'Contract',
      text: 'Please pass this on.',
    });
    const { operations, writer, inboundId } = client;
    const forward = await operations.forward(inboundId);
    const forwardId = forward.ok ? (forward.value ?? '') : '';
    await eventually(() => writer.interaction(forwardId) !== undefined, 'the forward');
    // The server's forward names nobody yet.
    expect(writer.interaction(forwardId)?.sentTo).toBe('');
    const heads: (string | undefined)[] = [];
    writer.onCommit((commit) => {
      for (const head of commit.changes.interactions)
        if (head.id === forwardId) heads.push(head.sentTo);
    });
    const drafts = deskDrafts(client);
    const typed = (to: string): DraftFields => ({
      interactionId: forwardId,
      kind: 'forward',
      parentId: inboundId,
      to,
      cc: '',
      bcc: '',
      subject: 'Fwd: Contract',
      text: '',
      attachments: [],
    });
    // Half typed: not an address yet, nothing named.
    drafts.save(typed('legal'));
    expect(writer.interaction(forwardId)?.sentTo).toBe('');
    drafts.save(typed('legal@example.com; boss@example.com'));
    expect(writer.interaction(forwardId)?.sentTo).toBe('legal@example.com, boss@example.com');
    // Saved again as it is: no change announced.
    drafts.save(typed('legal@example.com; boss@example.com'));
    expect(heads).toEqual(['legal@example.com, boss@example.com']);
    // Search finds it by whom it goes to now, not by whom it no longer does.
    const found = async (text: string) =>
      (await writer.search(text)).map((hit) => hit.interaction.id);
    expect(await found('boss')).toContain(forwardId);
    // The agent takes one out, typing another: the addresses so far are named.
    drafts.save(typed('legal@example.com, fin'));
    expect(writer.interaction(forwardId)?.sentTo).toBe('legal@example.com');
    expect(await found('boss')).not.toContain(forwardId);
    // Addresses with names, as pasted from a mail program: named by their addresses.
    drafts.save(typed('"Jensen, Maria" <maria@example.com>, Legal <legal@example.com>'));
    expect(writer.interaction(forwardId)?.sentTo).toBe('maria@example.com, legal@example.com');
    // And clears To: nobody yet.
    drafts.save(typed(''));
    expect(writer.interaction(forwardId)?.sentTo).toBe('');
  },
);

it.concurrent(
  "keeps a reply's To as the agent typed it when the server next tells of the draft",
  async ({ startClient, expect }) => {
    const client = await acceptedEmail(startClient, 'switchboard-sent-reply-to-', {
      from: 'ann@example.com',
      subject: 'Contract',
      text: 'Please answer.',
    });
    const { operations, writer, inboundId } = client;
    const replyId = await replyDraft(client, inboundId);
    expect(writer.interaction(replyId)?.sentTo).toBe('ann@example.com');
    const drafts = deskDrafts(client);
    drafts.save({
      interactionId: replyId,
      kind: 'reply',
      parentId: inboundId,
      to: 'legal@example.com',
      cc: '',
      bcc: '',
      subject: 'Re: Contract',
      text: '',
      attachments: [],
    });
    expect(writer.interaction(replyId)?.sentTo).toBe('legal@example.com');
    // Any notification of the draft (case data set on it) carries the server's To, the
    // customer's until Send: the draft the desk keeps decides.
    expect((await operations.updateProperties(replyId, { Note: 'x' })).ok).toBe(true);
    await eventually(() => writer.interaction(replyId)?.userData.Note === 'x', 'the update');
    expect(writer.interaction(replyId)?.sentTo).toBe('legal@example.com');
  },
);

/** A reply draft to a new customer e-mail, and the drafts service: what a Send test starts from. */
/** A colleague's cache writer (agent2 on the same server), over the client's cache file. */
function colleagueOf(client: Awaited<ReturnType<typeof replyToSend>>): CacheWriter {
  return new CacheWriter({
    store: client.store,
    account: { serverUrl: client.simulator.url, userName: 'agent2' },
    attachmentsDir: join(client.folder, 'attachments-agent2'),
    log: { debug: () => undefined, warn: () => undefined },
  });
}

async function replyToSend(startClient: StartClient, folderPrefix: string) {
  const client = await acceptedEmail(startClient, folderPrefix, {
    from: 'ann@example.com',
    subject: 'Invoice 80',
    text: 'Paid yet?',
  });
  const replyId = await replyDraft(client, client.inboundId);
  const fields: DraftFields = {
    interactionId: replyId,
    kind: 'reply',
    parentId: client.inboundId,
    to: 'ann@example.com',
    cc: '',
    bcc: '',
    subject: 'Re: Invoice 80',
    text: 'Paid on 4 December (reference numbat-31).',
    attachments: [],
  };
  const sentBySimulator = () =>
    client.simulator.world.sent.filter((email) => email.interactionId === replyId);
  return { ...client, replyId, fields, drafts: deskDrafts(client), sentBySimulator };
}

it.concurrent(
  'keeps an e-mail as sent when the server sent it but its answer to Send was lost',
  async ({ startClient, expect }) => {
    const {
      simulator,
      writer,
      store,
      accountId,
      inboundId,
      replyId,
      fields,
      drafts,
      sentBySimulator,
    } = await replyToSend(startClient, 'switchboard-sent-answer-lost-');
    simulator.control.failNextRequests(['answerLost']);

    // The server sent it; the desk asks what became of the draft instead of calling it failed.
    await drafts.send(fields);
    expect(sentBySimulator()).toHaveLength(1);
    const sent = writer.interaction(replyId);
    expect(sent?.email).toMatchObject({ to: ['ann@example.com'], text: fields.text });
    expect(sent?.email?.sentAt).toBeGreaterThan(0);
    expect(store.drafts().get(accountId, replyId)).toBeUndefined();
    expect(writer.replies(inboundId).map((reply) => [reply.id, reply.email?.text])).toEqual([
      [replyId, fields.text],
    ]);
    expect((await writer.search('numbat')).map((hit) => hit.interaction.id)).toContain(replyId);
    expect(store.unsettledSends().list(accountId)).toEqual([]);
  },
);

it.concurrent(
  'sends a draft once when its Send is asked again while the first is on its way (a page loaded again)',
  async ({ startClient, expect }) => {
    const { simulator, writer, store, accountId, replyId, fields, drafts, sentBySimulator } =
      await replyToSend(startClient, 'switchboard-sent-twice-');
    // A slow server: the page, loaded again meanwhile, shows the kept draft, and Send is pressed.
    simulator.control.stall(1_000);
    const first = drafts.send(fields);
    const second = drafts.send(fields);
    const outcomes = await Promise.allSettled([first, second]);
    // Both told what became of the one Send: it left.
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(sentBySimulator()).toHaveLength(1);
    expect(writer.interaction(replyId)?.email?.text).toBe(fields.text);
    expect(store.drafts().get(accountId, replyId)).toBeUndefined();
    expect(store.unsettledSends().list(accountId)).toEqual([]);
  },
);

it.concurrent(
  'keeps a draft sendable, its text kept, when Send never reached the server',
  async ({ startClient, expect }) => {
    const { simulator, writer, store, accountId, replyId, fields, drafts, sentBySimulator } =
      await replyToSend(startClient, 'switchboard-sent-never-reached-');
    simulator.control.failNextRequests(['reset']);

    await expect(drafts.send(fields)).rejects.toMatchObject({ code: 'sendNotSent' });
    expect(sentBySimulator()).toEqual([]);
    // Settled: nothing for a restarted desk to ask about.
    expect(store.unsettledSends().list(accountId)).toEqual([]);
    expect(writer.interaction(replyId)?.phase).toBe('working');
    expect(writer.interaction(replyId)?.email?.sentAt).toBeUndefined();
    expect(store.drafts().get(accountId, replyId)?.text).toBe(fields.text);

    // Sent again by the agent: it leaves once.
    await drafts.send(fields);
    expect(sentBySimulator()).toHaveLength(1);
    expect(writer.interaction(replyId)?.email?.text).toBe(fields.text);
  },
);

it.concurrent(
  'says it is not known whether an unanswered Send left when the server cannot be asked',
  async ({ startClient, expect }) => {
    const { simulator, writer, store, accountId, replyId, fields, drafts, sentBySimulator } =
      await replyToSend(startClient, 'switchboard-sent-unknown-');
    // Send is carried out and its answer lost; the three questions after it go unanswered too.
    simulator.control.failNextRequests(['answerLost', 'reset', 'reset', 'reset']);

    await expect(drafts.send(fields)).rejects.toMatchObject({ code: 'sendOutcomeUnknown' });
    // Nothing sent a second time, nothing recorded as sent that the desk cannot vouch for, and the
    // agent's text kept.
    expect(sentBySimulator()).toHaveLength(1);
    expect(writer.interaction(replyId)?.email?.sentAt).toBeUndefined();
    expect(store.drafts().get(accountId, replyId)?.text).toBe(fields.text);
    // Kept in the cache until settled, with what it carried.
    expect(store.unsettledSends().list(accountId)).toMatchObject([
      { interactionId: replyId, changes: { text: fields.text } },
    ]);

    // The agent presses Send again (having changed a word meanwhile) once the server answers: the
    // desk asks first, sends nothing, and keeps what left the first time.
    await drafts.send({ ...fields, text: `${fields.text} Thanks!` });
    expect(sentBySimulator()).toHaveLength(1);
    expect(writer.interaction(replyId)?.email?.text).toBe(fields.text);
    expect(store.drafts().get(accountId, replyId)).toBeUndefined();
    expect(store.unsettledSends().list(accountId)).toEqual([]);
  },
);

it.concurrent(
  'keeps an unanswered Send as sent once the server, asked again later, says it left',
  async ({ startClient, expect }) => {
    const { simulator, writer, store, accountId, replyId, fields, drafts, sentBySimulator } =
      await replyToSend(startClient, 'switchboard-sent-follow-up-');
    simulator.control.failNextRequests(['answerLost', 'reset', 'reset', 'reset']);
    await expect(drafts.send(fields)).rejects.toMatchObject({ code: 'sendOutcomeUnknown' });

    // Nobody presses Send again: the desk asks on its own once the server answers.
    await eventually(
      () => writer.interaction(replyId)?.email?.sentAt !== undefined,
      'the e-mail kept as sent',
    );
    expect(writer.interaction(replyId)?.email?.text).toBe(fields.text);
    expect(store.drafts().get(accountId, replyId)).toBeUndefined();
    expect(store.unsettledSends().list(accountId)).toEqual([]);
    expect(sentBySimulator()).toHaveLength(1);
  },
);

it.concurrent(
  'asks nothing more on its own once closed (the desk shut down), yet a second Send still asks first; the Send kept for the next start',
  async ({ startClient, expect }) => {
    const client = await replyToSend(startClient, 'switchboard-sent-closed-');
    const { simulator, operations, store, writer, accountId, replyId, fields, sentBySimulator } =
      client;
    let questions = 0;
    const unreachable: typeof operations = {
      ...operations,
      getDraftOnServer: () => {
        questions += 1;
        return Promise.resolve({ ok: false, error: { kind: 'network', message: 'network down' } });
      },
    };
    const { sentMail, drafts } = draftsAcrossSwitch(client, unreachable, () => writer);
    simulator.control.failNextRequests(['reset']);
    await expect(drafts.send(fields)).rejects.toMatchObject({ code: 'sendOutcomeUnknown' });
    const askedBeforeClose = questions;
    expect(askedBeforeClose).toBeGreaterThan(0);

    sentMail.close();
    // Well past the first follow-up's time (200 ms after the Send): it asks nothing.
    await new Promise((resolve) => setTimeout(resolve, 4 * (FOLLOW_UP_PAUSES_MS[0] ?? 0)));
    expect(questions).toBe(askedBeforeClose);
    // Still kept for the next start to ask about, the agent's text in its draft.
    expect(store.unsettledSends().list(accountId)).toMatchObject([{ interactionId: replyId }]);
    expect(store.drafts().get(accountId, replyId)?.text).toBe(fields.text);

    // The window takes clicks until the shutdown ends: Send again still asks first, and sends
    // nothing while nobody knows whether the first left.
    await expect(drafts.send({ ...fields, text: 'second' })).rejects.toMatchObject({
      code: 'sendOutcomeUnknown',
    });
    expect(sentBySimulator()).toEqual([]);
    expect(store.unsettledSends().list(accountId)).toMatchObject([
      { interactionId: replyId, changes: { text: fields.text } },
    ]);
  },
);

it.concurrent(
  "keeps nothing of a question's answer that comes after close (the cache is closing): the Send kept in doubt for the next start",
  async ({ startClient, expect }) => {
    const client = await replyToSend(startClient, 'switchboard-sent-closed-answer-');
    const { simulator, operations, store, writer, accountId, replyId, fields, sentBySimulator } =
      client;
    // The questions Send asks as its answer is lost go unanswered; the first asked after it (the
    // draft's end heard, or a follow-up) is held until the desk has closed.
    let sendAnswered = false;
    let questionsAfterSend = 0;
    let release: (() => void) | undefined;
    const answered = new Promise<void>((resolve) => {
      release = resolve;
    });
    let heldQuestion: (() => void) | undefined;
    const asked = new Promise<void>((resolve) => {
      heldQuestion = resolve;
    });
    const heldAnswers: typeof operations = {
      ...operations,
      getDraftOnServer: async (id) => {
        if (!sendAnswered)
          return { ok: false, error: { kind: 'network', message: 'network down' } };
        questionsAfterSend += 1;
        heldQuestion?.();
        await answered;
        return operations.getDraftOnServer(id);
      },
    };
    const { sentMail, drafts } = draftsAcrossSwitch(client, heldAnswers, () => writer);
    // Send is carried out (the e-mail leaves, the server ends the draft) and its answer lost.
    simulator.control.failNextRequests(['answerLost']);
    await expect(drafts.send(fields)).rejects.toMatchObject({ code: 'sendOutcomeUnknown' });
    sendAnswered = true;
    expect(sentBySimulator()).toHaveLength(1);
    await asked;

    sentMail.close();
    const askedBeforeClose = questionsAfterSend;
    release?.();
    // The server's answer ("it left") reaches a closed SentMail, which keeps none of it: the
    // cache it would write to is closing. Nor does a question begun before close ask again
    // after its pause (up to 1 s). The next start asks again.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(questionsAfterSend).toBe(askedBeforeClose);
    expect(writer.interaction(replyId)?.email?.sentAt).toBeUndefined();
    expect(store.drafts().get(accountId, replyId)?.text).toBe(fields.text);
    expect(store.unsettledSends().list(accountId)).toMatchObject([{ interactionId: replyId }]);
  },
);

/** Follow-ups that do not come within a test: only the draft's end can make the desk ask. */
const NO_FOLLOW_UP_SOON_MS = [600_000];

it.concurrent(
  "keeps an unanswered Send as sent at once when the draft's end reaches the cache",
  async ({ startClient, expect }) => {
    const client = await replyToSend(startClient, 'switchboard-sent-end-heard-');
    const { simulator, writer, store, accountId, inboundId, replyId, fields, sentBySimulator } =
      client;
    const drafts = deskDrafts(client, () => [], NO_FOLLOW_UP_SOON_MS);
    // Send is carried out (the server ends the draft and says so on CometD) and its answer lost;
    // the three questions after it go unanswered.
    simulator.control.failNextRequests(['answerLost', 'reset', 'reset', 'reset']);
    await expect(drafts.send(fields)).rejects.toMatchObject({ code: 'sendOutcomeUnknown' });

    // The draft's end is in the cache: the desk asks now, not at a follow-up minutes away, and
    // keeps what left as after an answered Send: the sent copy, the thread, search; no draft.
    await eventually(
      () => writer.interaction(replyId)?.email?.sentAt !== undefined,
      'the e-mail kept as sent',
      5_000,
    );
    expect(writer.interaction(replyId)?.email).toMatchObject({
      to: ['ann@example.com'],
      text: fields.text,
    });
    expect(store.drafts().get(accountId, replyId)).toBeUndefined();
    expect(writer.replies(inboundId).map((reply) => [reply.id, reply.email?.text])).toEqual([
      [replyId, fields.text],
    ]);
    expect((await writer.search('numbat')).map((hit) => hit.interaction.id)).toContain(replyId);
    expect(sentBySimulator()).toHaveLength(1);
  },
);

/** `operations` with the desk's questions about a draft (GET on the interaction) counted. */
function countingQuestions(operations: Awaited<ReturnType<typeof replyToSend>>['operations']) {
  let count = 0;
  return {
    operations: {
      ...operations,
      getDraftOnServer: (...args: Parameters<typeof operations.getDraftOnServer>) => {
        count += 1;
        return operations.getDraftOnServer(...args);
      },
    },
    asked: () => count,
  };
}

it.concurrent(
  "does not take a draft's end for its Send when the draft was cancelled elsewhere",
  async ({ startClient, expect }) => {
    const client = await replyToSend(startClient, 'switchboard-sent-end-cancelled-');
    const { simulator, operations, writer, store, accountId, replyId, fields, sentBySimulator } =
      client;
    // The desk's questions (GET on the interaction), counted.
    const { operations: countingOperations, asked } = countingQuestions(operations);
    const drafts = deskDrafts(
      { ...client, operations: countingOperations },
      () => [],
      NO_FOLLOW_UP_SOON_MS,
    );
    // Send never reaches the server, and nor do the three questions after it: in doubt.
    simulator.control.failNextRequests(['reset', 'reset', 'reset', 'reset']);
    await expect(drafts.send(fields)).rejects.toMatchObject({ code: 'sendOutcomeUnknown' });
    const askedAboutSend = asked();

    // The agent cancels it in another window: the server ends the draft (Completed, as a Send
    // would) and forgets it. The desk asks at once; the server no longer knows the draft, so
    // nothing says it left: it is not kept as sent, and what the agent wrote stays.
    expect((await operations.cancelReplyEmail(replyId)).ok).toBe(true);
    await eventually(() => writer.interaction(replyId)?.phase === 'ended', 'the end of the draft');
    await eventually(() => asked() > askedAboutSend, 'the desk asking about the draft', 5_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(writer.interaction(replyId)?.email?.sentAt).toBeUndefined();
    expect(store.drafts().get(accountId, replyId)?.text).toBe(fields.text);
    expect(sentBySimulator()).toEqual([]);
  },
);

it.concurrent(
  'does not count a draft stopped elsewhere as sent when its Send went unanswered',
  async ({ startClient, expect }) => {
    const client = await replyToSend(startClient, 'switchboard-sent-stopped-elsewhere-');
    const { simulator, operations, writer, store, accountId, replyId, fields, sentBySimulator } =
      client;
    // The desk's questions (GET on the interaction), counted.
    const { operations: countingOperations, asked } = countingQuestions(operations);
    const drafts = deskDrafts({ ...client, operations: countingOperations });
    const settled: unknown[] = [];
    writer.onCommit(({ changes }) => settled.push(...(changes.settledSends ?? [])));
    // Send never reaches the server, and nor do the three questions after it: in doubt.
    simulator.control.failNextRequests(['reset', 'reset', 'reset', 'reset']);
    await expect(drafts.send(fields)).rejects.toMatchObject({ code: 'sendOutcomeUnknown' });

    // The draft is stopped in another window (StopProcessing): the server ends it as a Send would,
    // but its text is the draft's own, not what the Send carried. The desk asks at once, settles
    // it as not sent, keeps what the agent wrote, and asks no more.
    expect((await operations.stopProcessing(replyId)).ok).toBe(true);
    await eventually(() => writer.interaction(replyId)?.phase === 'ended', 'the end of the draft');
    await eventually(() => asked() > 0, 'the desk asking about the draft', 5_000);
    await new Promise((resolve) => setTimeout(resolve, FOLLOW_UP_PAUSES_MS[1] ?? 0));
    const askedOnceSettled = asked();
    await new Promise((resolve) => setTimeout(resolve, FOLLOW_UP_PAUSES_MS[2] ?? 0));
    expect(asked()).toBe(askedOnceSettled);
    expect(settled).toEqual([{ interactionId: replyId, outcome: 'closedElsewhere' }]);
    expect(store.unsettledSends().list(accountId)).toEqual([]);
    expect(writer.interaction(replyId)?.email?.sentAt).toBeUndefined();
    expect(store.drafts().get(accountId, replyId)?.text).toBe(fields.text);
    expect(sentBySimulator()).toEqual([]);
  },
);

it.concurrent(
  'says the e-mail was not sent when its draft was stopped elsewhere before the desk asked',
  async ({ startClient, expect }) => {
    const client = await replyToSend(startClient, 'switchboard-sent-stopped-before-question-');
    const { simulator, operations, writer, store, accountId, replyId, fields, sentBySimulator } =
      client;
    // The draft is stopped elsewhere while Send's answer is on its way (lost): the desk's first
    // question finds it ended, with the draft's own text.
    let stop: Promise<boolean> | undefined;
    const stoppingOperations: typeof operations = {
      ...operations,
      getDraftOnServer: async (...args) => {
        stop ??= operations.stopProcessing(replyId).then((answer) => answer.ok);
        await stop;
        return operations.getDraftOnServer(...args);
      },
    };
    const drafts = deskDrafts({ ...client, operations: stoppingOperations });
    simulator.control.failNextRequests(['reset']);

    await expect(drafts.send(fields)).rejects.toMatchObject({ code: 'sendClosedElsewhere' });
    expect(await stop).toBe(true);
    expect(sentBySimulator()).toEqual([]);
    await eventually(() => writer.interaction(replyId)?.phase === 'ended', 'the end of the draft');
    expect(writer.interaction(replyId)?.email?.sentAt).toBeUndefined();
    expect(store.drafts().get(accountId, replyId)?.text).toBe(fields.text);
  },
);

it.concurrent(
  "stops asking about an unanswered Send once the agent's own Cancel of the draft went through",
  async ({ startClient, expect }) => {
    const client = await replyToSend(startClient, 'switchboard-sent-own-cancel-');
    const { simulator, operations, writer, store, accountId, replyId, fields, sentBySimulator } =
      client;
    // The desk's questions (GET on the interaction), counted; and the server still showing the
    // cancelled draft, ended, as a server that keeps it would (the simulator forgets it).
    let asked = 0;
    let cancelledOnServer = false;
    const countingOperations: typeof operations = {
      ...operations,
      getDraftOnServer: async (...args) => {
        asked += 1;
        const answer = await operations.getDraftOnServer(...args);
        if (!cancelledOnServer || answer.ok) return answer;
        return {
          ok: true,
          value: {
            interaction: { id: replyId, channel: 'email', state: 'Completed', userData: {} },
          },
        };
      },
    };
    const drafts = deskDrafts({ ...client, operations: countingOperations });
    // Send never reaches the server, and nor do the three questions after it: in doubt.
    simulator.control.failNextRequests(['reset', 'reset', 'reset', 'reset']);
    await expect(drafts.send(fields)).rejects.toMatchObject({ code: 'sendOutcomeUnknown' });

    // The agent cancels the draft on this desk: the server took the Cancel, so it was a draft
    // still, and nothing left. The desk asks no more, even after its first follow-up's pause, and
    // keeps nothing as sent.
    await drafts.cancel(replyId);
    cancelledOnServer = true;
    const askedBeforeCancel = asked;
    await eventually(() => writer.interaction(replyId)?.phase === 'ended', 'the end of the draft');
    await new Promise((resolve) => setTimeout(resolve, FOLLOW_UP_PAUSES_MS[1] ?? 0));
    expect(asked).toBe(askedBeforeCancel);
    expect(writer.interaction(replyId)?.email?.sentAt).toBeUndefined();
    expect(store.drafts().get(accountId, replyId)).toBeUndefined();
    expect(sentBySimulator()).toEqual([]);
  },
);

it.concurrent(
  "leaves an unanswered Send's draft alone while another account is signed in",
  async ({ startClient, expect }) => {
    const client = await replyToSend(startClient, 'switchboard-sent-other-account-');
    const { simulator, writer, store, accountId, operations, replyId, fields } = client;
    // The desk's cache writer: the account signed in (the agent signs out, a colleague signs in).
    let signedIn: CacheWriter = writer;
    let writerAskedAfterSwitch = 0;
    let switched = false;
    const colleague = colleagueOf(client);
    const drafts = new DeskDrafts({
      store,
      accountId: () => accountId,
      operations: () => operations,
      dialogs: { chooseFilesToAttach: () => Promise.resolve([]) },
      sentMail: newSentMail(client, {
        // The agent signs out, and the colleague in, while the desk asks about the Send: the
        // draft's end, already heard, is not what the colleague's cache hears of.
        operations: () => ({
          ...operations,
          getDraftOnServer: (...args) => {
            if (!switched) signedIn = colleague;
            switched = true;
            return operations.getDraftOnServer(...args);
          },
        }),
        writer: () => {
          if (signedIn === colleague) writerAskedAfterSwitch += 1;
          return signedIn;
        },
        forgetDraft: (account, interactionId) => store.drafts().discard(account, interactionId),
        followUpPausesMs: FOLLOW_UP_PAUSES_MS,
      }),
      writer: () => writer,
    });
    simulator.control.failNextRequests(['answerLost', 'reset', 'reset', 'reset']);
    await expect(drafts.send(fields)).rejects.toMatchObject({ code: 'sendOutcomeUnknown' });

    // The desk's own follow-up comes while the colleague is signed in: the first agent's draft is
    // neither forgotten nor settled (its sent copy could not be kept in the colleague's account).
    await eventually(() => writerAskedAfterSwitch > 0, 'the follow-up');
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.drafts().get(accountId, replyId)?.text).toBe(fields.text);

    // The agent is back: a later follow-up keeps the e-mail as sent, and only then forgets the draft.
    signedIn = writer;
    await eventually(
      () => writer.interaction(replyId)?.email?.sentAt !== undefined,
      'the e-mail kept as sent',
    );
    expect(writer.interaction(replyId)?.email?.text).toBe(fields.text);
    expect(store.drafts().get(accountId, replyId)).toBeUndefined();
    await colleague.close();
  },
);

/**
 * The desk after a restart over the client's cache file: the first desk's session signed out,
 * its writer and database closed; a new database on the same file, a new session signed in and
 * connected, a new writer, and a SentMail over them whose clock reads `now`. Closed after the test.
 */
async function restartedDesk(client: Awaited<ReturnType<typeof replyToSend>>, now: () => number) {
  await client.session.signOut();
  await client.writer.close();
  client.db.close();
  const db = openDatabase(join(client.folder, 'cache.db'));
  const store = new CacheStore(db);
  const session = new GwsSession({
    serverUrl: client.simulator.url,
    credentials: { userName: 'agent1', password: 'demo' },
    log: { debug: () => undefined, warn: () => undefined },
  });
  const writer = new CacheWriter({
    store,
    account: { serverUrl: client.simulator.url, userName: 'agent1' },
    attachmentsDir: join(client.folder, 'attachments'),
    log: { debug: () => undefined, warn: () => undefined },
  });
  writer.attach(session);
  const operations = createOperations(session.requester);
  const sentMail = newSentMail(client, {
    operations: () => operations,
    writer: () => writer,
    forgetDraft: (account, interactionId) => store.drafts().discard(account, interactionId),
    unsettledSends: () => store.unsettledSends(),
    followUpPausesMs: FOLLOW_UP_PAUSES_MS,
    now,
  });
  expect((await session.signIn()).ok).toBe(true);
  await eventually(() => session.status.state === 'connected', 'connected again');
  client.closeFirst(async () => {
    // Before its session and cache: no follow-up of it asks, or writes, after them.
    sentMail.close();
    await session.signOut();
    await writer.close();
    db.close();
  });
  return { store, writer, sentMail, operations };
}

/**
 * A reply sent from a desk whose Send went unanswered (`sendFault`) and which could not ask the
 * server what became of it (its questions find the network down), its clock at `attemptedAt`:
 * the Send in doubt, kept in the cache file.
 */
async function sendInDoubt(
  startClient: StartClient,
  folderPrefix: string,
  sendFault: 'answerLost' | 'reset',
  attemptedAt: number,
) {
  const client = await replyToSend(startClient, folderPrefix);
  const { simulator, operations, store, writer, accountId, replyId, fields } = client;
  const unreachable: typeof operations = {
    ...operations,
    getDraftOnServer: () =>
      Promise.resolve({ ok: false, error: { kind: 'network', message: 'network down' } }),
  };
  const drafts = new DeskDrafts({
    store,
    accountId: () => accountId,
    operations: () => unreachable,
    dialogs: { chooseFilesToAttach: () => Promise.resolve([]) },
    sentMail: newSentMail(client, {
      operations: () => unreachable,
      writer: () => writer,
      forgetDraft: (account, interactionId) => store.drafts().discard(account, interactionId),
      unsettledSends: () => store.unsettledSends(),
      followUpPausesMs: NO_FOLLOW_UP_SOON_MS,
      now: () => attemptedAt,
    }),
    writer: () => writer,
  });
  simulator.control.failNextRequests([sendFault]);
  await expect(drafts.send(fields)).rejects.toMatchObject({ code: 'sendOutcomeUnknown' });
  expect(store.unsettledSends().list(accountId)).toMatchObject([
    { interactionId: replyId, changes: { text: fields.text }, attemptedAt },
  ]);
  return client;
}

it.concurrent(
  'resumes asking about an unanswered Send after a restart, and keeps it as sent at its own time',
  async ({ startClient, expect }) => {
    const attemptedAt = Date.UTC(2026, 11, 4, 9, 30);
    const client = await sendInDoubt(
      startClient,
      'switchboard-sent-restart-sent-',
      'answerLost',
      attemptedAt,
    );
    const { accountId, inboundId, replyId, fields, sentBySimulator } = client;
    expect(sentBySimulator()).toHaveLength(1);

    // The desk is stopped before it learns; started again, it asks once connected.
    const { store, writer, sentMail } = await restartedDesk(client, () => attemptedAt + 3_600_000);
    const announced: unknown[] = [];
    writer.onCommit(({ changes }) => {
      for (const { interactionId, email } of changes.emails)
        if (interactionId === replyId) announced.push(email.sentAt);
      announced.push(...(changes.settledSends ?? []));
    });
    sentMail.resume();
    await eventually(
      () => writer.interaction(replyId)?.email?.sentAt !== undefined,
      'the e-mail kept as sent',
    );
    // What left is what the first desk sent, stamped when it was sent, and announced as such.
    expect(writer.interaction(replyId)?.email).toMatchObject({
      to: ['ann@example.com'],
      text: fields.text,
      sentAt: attemptedAt,
    });
    // In one change set: the sent e-mail, and that the Send in doubt is settled as sent.
    expect(announced).toEqual([attemptedAt, { interactionId: replyId, outcome: 'sent' }]);
    expect(writer.replies(inboundId).map((reply) => reply.id)).toEqual([replyId]);
    expect(store.drafts().get(accountId, replyId)).toBeUndefined();
    expect(store.unsettledSends().list(accountId)).toEqual([]);
    expect(sentBySimulator()).toHaveLength(1);
  },
);

it.concurrent(
  'says after a restart that a Send is in doubt, and forgets it once the agent discards its draft',
  async ({ startClient, expect }) => {
    const client = await sendInDoubt(
      startClient,
      'switchboard-sent-restart-discarded-',
      'reset',
      1_000,
    );
    const { accountId, replyId } = client;
    const { store, writer, sentMail, operations } = await restartedDesk(client, () => 2_000);
    // The restarted desk's detail of the draft says so, from the cache alone.
    expect(writer.interaction(replyId)?.sendInDoubt).toBe(true);
    const drafts = new DeskDrafts({
      store,
      accountId: () => accountId,
      operations: () => operations,
      dialogs: { chooseFilesToAttach: () => Promise.resolve([]) },
      sentMail,
      writer: () => writer,
    });
    drafts.discard(replyId);
    // Given up: no longer kept, so no longer asked about at each connection.
    expect(store.drafts().get(accountId, replyId)).toBeUndefined();
    expect(store.unsettledSends().list(accountId)).toEqual([]);
    expect(writer.interaction(replyId)).not.toHaveProperty('sendInDoubt');
  },
);

it.concurrent(
  'keeps the agent’s text in the draft when a Send resumed after a restart never left',
  async ({ startClient, expect }) => {
    const client = await sendInDoubt(
      startClient,
      'switchboard-sent-restart-not-sent-',
      'reset',
      1_000,
    );
    const { accountId, replyId, fields, sentBySimulator } = client;
    expect(sentBySimulator()).toEqual([]);

    const { store, writer, sentMail, operations } = await restartedDesk(client, () => 2_000);
    const settled: unknown[] = [];
    writer.onCommit(({ changes }) => settled.push(...(changes.settledSends ?? [])));
    sentMail.resume();
    await eventually(
      () => store.unsettledSends().list(accountId).length === 0,
      'the Send settled as not sent',
    );
    expect(writer.interaction(replyId)?.email?.sentAt).toBeUndefined();
    expect(store.drafts().get(accountId, replyId)?.text).toBe(fields.text);
    // Announced: the views that said "not known" say "not sent" without reading again.
    expect(settled).toEqual([{ interactionId: replyId, outcome: 'notSent' }]);
    // The draft is the agent's to send again: it leaves once.
    const again = newSentMail(client, { operations: () => operations, writer: () => writer });
    await again.sendEmail(replyId, { toAddress: 'ann@example.com', text: fields.text });
    expect(sentBySimulator()).toHaveLength(1);
  },
);

it.concurrent(
  'does not ask about a Send still on its way when the session connects again meanwhile',
  async ({ startClient, expect }) => {
    const client = await acceptedEmail(startClient, 'switchboard-sent-in-flight-', {
      from: 'ann@example.com',
      subject: 'Invoice 99',
      text: 'Paid yet?',
    });
    const { operations, writer, store, accountId, simulator } = client;
    const replyId = await replyDraft(client, client.inboundId);
    // The Send waits for the gate before it reaches the server: it is on its way.
    let openGate: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const slowOperations: typeof operations = {
      ...operations,
      withParsedArgs: {
        ...operations.withParsedArgs,
        send: async (...args) => {
          await gate;
          return operations.withParsedArgs.send(...args);
        },
      },
    };
    const pausesMs = [100, 200];
    const sentMail = newSentMail(client, {
      operations: () => slowOperations,
      writer: () => writer,
      forgetDraft: (account, interactionId) => store.drafts().discard(account, interactionId),
      unsettledSends: () => store.unsettledSends(),
      followUpPausesMs: pausesMs,
    });
    const settled: unknown[] = [];
    const sentCopies: number[] = [];
    writer.onCommit(({ changes }) => {
      settled.push(...(changes.settledSends ?? []));
      for (const { interactionId, email } of changes.emails)
        if (interactionId === replyId && email.sentAt !== undefined) sentCopies.push(email.sentAt);
    });
    const sending = sentMail.sendEmail(replyId, {
      toAddress: 'ann@example.com',
      subject: 'Re: Invoice 99',
      text: 'Paid on Monday.',
    });
    await eventually(() => store.unsettledSends().list(accountId).length === 1, 'the Send kept');
    // The session connects again (the desk calls resume) while the Send is on its way.
    sentMail.resume();
    openGate();
    await sending;
    // Past every follow-up the reconnection could have started.
    await new Promise((resolve) => setTimeout(resolve, 4 * pausesMs.reduce((a, b) => a + b)));
    expect(simulator.world.sent.filter((sent) => sent.interactionId === replyId)).toHaveLength(1);
    expect(sentCopies).toHaveLength(1);
    expect(settled).toEqual([]);
    expect(store.unsettledSends().list(accountId)).toEqual([]);
  },
);

/**
 * The desk's drafts service over the client, its SentMail asking with `operations` and keeping
 * into the cache `writer` answers (the account signed in, which a test switches).
 */
function draftsAcrossSwitch(
  client: Awaited<ReturnType<typeof replyToSend>>,
  operations: Awaited<ReturnType<typeof replyToSend>>['operations'],
  writer: () => CacheWriter,
  followUpPausesMs: readonly number[] = FOLLOW_UP_PAUSES_MS,
) {
  const { store, accountId } = client;
  const sentMail = newSentMail(client, {
    operations: () => operations,
    writer,
    forgetDraft: (account, interactionId) => store.drafts().discard(account, interactionId),
    unsettledSends: () => store.unsettledSends(),
    followUpPausesMs,
  });
  const drafts = new DeskDrafts({
    store,
    accountId: () => accountId,
    operations: () => client.operations,
    dialogs: { chooseFilesToAttach: () => Promise.resolve([]) },
    sentMail,
    writer: () => client.writer,
  });
  return { sentMail, drafts };
}

/**
 * The first agent signed in again (`signedIn` answers their writer): the desk asks once more,
 * keeps what left as sent in their cache, and forgets the Send in doubt.
 */
async function keptAsSentOnResume(
  client: Awaited<ReturnType<typeof replyToSend>>,
  sentMail: SentMail,
): Promise<void> {
  const { writer, store, accountId, replyId, fields } = client;
  sentMail.resume();
  await eventually(
    () => writer.interaction(replyId)?.email?.sentAt !== undefined,
    'the e-mail kept as sent',
  );
  expect(writer.interaction(replyId)?.email?.text).toBe(fields.text);
  expect(store.unsettledSends().list(accountId)).toEqual([]);
}

it.concurrent(
  'keeps a Send in doubt, draft and all, when another account signs in while the server is asked',
  async ({ startClient, expect }) => {
    const client = await replyToSend(startClient, 'switchboard-sent-switch-mid-question-');
    const { simulator, writer, store, accountId, operations, replyId, fields } = client;
    const colleague = colleagueOf(client);
    // The desk's cache writer: the account signed in.
    let signedIn: CacheWriter = writer;
    let questions = 0;
    let answeredAfterSwitch = false;
    // The Send's own three questions go unanswered; while the desk's next question is on its
    // way, the agent signs out and a colleague signs in (the colleague's cache becomes current).
    const { sentMail, drafts } = draftsAcrossSwitch(
      client,
      {
        ...operations,
        getDraftOnServer: async (...args) => {
          questions += 1;
          if (questions < 4) return operations.getDraftOnServer(...args);
          const switching = questions === 4;
          if (switching) signedIn = colleague;
          const answer = await operations.getDraftOnServer(...args);
          if (switching) setImmediate(() => (answeredAfterSwitch = true));
          return answer;
        },
      },
      () => signedIn,
    );
    simulator.control.failNextRequests(['answerLost', 'reset', 'reset', 'reset']);
    await expect(drafts.send(fields)).rejects.toMatchObject({ code: 'sendOutcomeUnknown' });

    // The server says it left, but the colleague's cache cannot keep the first agent's sent copy:
    // the Send stays in doubt, its draft and record kept, nothing in the colleague's cache.
    await eventually(() => answeredAfterSwitch, 'the question asked across the switch');
    expect(store.drafts().get(accountId, replyId)?.text).toBe(fields.text);
    expect(store.unsettledSends().list(accountId)).toMatchObject([{ interactionId: replyId }]);
    expect(colleague.interaction(replyId)).toBeUndefined();

    // The first agent signs in again: the desk resumes, and keeps what left as sent.
    signedIn = writer;
    await keptAsSentOnResume(client, sentMail);
    expect(store.drafts().get(accountId, replyId)).toBeUndefined();
    await colleague.close();
  },
);

it.concurrent(
  'keeps a Send answered after another account signed in, to be kept as sent when its account is back',
  async ({ startClient, expect }) => {
    const client = await replyToSend(startClient, 'switchboard-sent-switch-mid-send-');
    const { writer, store, accountId, operations, replyId, fields } = client;
    const colleague = colleagueOf(client);
    let signedIn: CacheWriter = writer;
    // The agent signs out, and a colleague in, while the Send is on its way; the server takes it.
    const { sentMail, drafts } = draftsAcrossSwitch(
      client,
      {
        ...operations,
        withParsedArgs: {
          ...operations.withParsedArgs,
          send: (...args) => {
            signedIn = colleague;
            return operations.withParsedArgs.send(...args);
          },
        },
      },
      () => signedIn,
    );
    await drafts.send(fields);
    expect(client.sentBySimulator()).toHaveLength(1);
    // The colleague's cache cannot keep it: the first agent's cache keeps the Send unsettled,
    // with what it carried.
    expect(colleague.interaction(replyId)).toBeUndefined();
    expect(store.unsettledSends().list(accountId)).toMatchObject([
      { interactionId: replyId, changes: { text: fields.text } },
    ]);

    // The first agent signs in again: the desk asks, and keeps what left as sent.
    signedIn = writer;
    await keptAsSentOnResume(client, sentMail);
    expect(client.sentBySimulator()).toHaveLength(1);
    await colleague.close();
  },
);

it.concurrent(
  'keeps a Send in doubt when it is sent again and the server, asked as another account signs in, says the first left',
  async ({ startClient, expect }) => {
    const client = await sendInDoubt(
      startClient,
      'switchboard-sent-switch-send-again-',
      'answerLost',
      1_000,
    );
    const { writer, store, accountId, operations, replyId, fields } = client;
    expect(client.sentBySimulator()).toHaveLength(1);
    const colleague = colleagueOf(client);
    let signedIn: CacheWriter = writer;
    let reachable = false;
    let questionsUnanswered = 0;
    let switched = false;
    let answeredAfterSwitch = false;
    // The server out of reach at first; then, while the Send's own question about the first Send
    // is on its way, the agent signs out and a colleague signs in.
    const { sentMail } = draftsAcrossSwitch(
      client,
      {
        ...operations,
        getDraftOnServer: async (...args) => {
          if (!reachable) {
            questionsUnanswered += 1;
            return { ok: false, error: { kind: 'network', message: 'network down' } };
          }
          if (switched) return operations.getDraftOnServer(...args);
          switched = true;
          signedIn = colleague;
          const answer = await operations.getDraftOnServer(...args);
          setImmediate(() => (answeredAfterSwitch = true));
          return answer;
        },
      },
      () => signedIn,
      NO_FOLLOW_UP_SOON_MS,
    );
    // Connected again: the desk holds the Send in doubt, its questions unanswered.
    sentMail.resume();
    await eventually(() => questionsUnanswered === 3, 'the three questions of the resumed Send');
    reachable = true;
    await sentMail.sendEmail(replyId, { toAddress: 'ann@example.com', text: fields.text });

    // Not sent twice; the colleague's cache cannot keep the first agent's sent copy, so the Send
    // stays in doubt, its draft and record kept.
    await eventually(() => answeredAfterSwitch, 'the question asked across the switch');
    expect(client.sentBySimulator()).toHaveLength(1);
    expect(colleague.interaction(replyId)).toBeUndefined();
    expect(store.unsettledSends().list(accountId)).toMatchObject([{ interactionId: replyId }]);
    expect(store.drafts().get(accountId, replyId)?.text).toBe(fields.text);

    // The first agent signs in again: the desk resumes, and keeps what left as sent.
    signedIn = writer;
    await keptAsSentOnResume(client, sentMail);
    await colleague.close();
  },
);

/**
 * Two servers whose interaction ids coincide (two deployments, or the demo and a test server),
 * one cache file: the first agent's Send of a reply in doubt (it never reached their server),
 * kept in the cache; a colleague on the other server with a draft of the same id, and the
 * colleague's cache writer over the same file.
 */
async function draftsOfTheSameIdOnTwoServers(startClient: StartClient, folderPrefix: string) {
  const first = await sendInDoubt(startClient, `${folderPrefix}first-`, 'reset', 1_000);
  const other = await replyToSend(startClient, `${folderPrefix}other-`);
  expect(other.replyId).toBe(first.replyId);
  const colleague = new CacheWriter({
    store: first.store,
    account: { serverUrl: other.simulator.url, userName: 'agent1' },
    attachmentsDir: join(first.folder, 'attachments-other'),
    log: { debug: () => undefined, warn: () => undefined },
  });
  colleague.attach(other.session);
  first.closeFirst(() => colleague.close());
  return { first, other, colleague };
}

/**
 * Two servers whose interaction ids coincide, one desk: the first agent's Send of a reply is in
 * doubt (held by the desk, kept in the cache); they sign out and a colleague on the other server
 * signs in, a draft of the same id before them.
 */
async function sameDraftIdOnAnotherServer(startClient: StartClient, folderPrefix: string) {
  const { first, other, colleague } = await draftsOfTheSameIdOnTwoServers(
    startClient,
    folderPrefix,
  );
  let firstSignedIn = true;
  let askedOtherServer = 0;
  const sentMail = newSentMail(first, {
    operations: () =>
      firstSignedIn
        ? first.operations
        : {
            ...other.operations,
            getDraftOnServer: (...args) => {
              askedOtherServer += 1;
              return other.operations.getDraftOnServer(...args);
            },
          },
    writer: () => (firstSignedIn ? first.writer : colleague),
    unsettledSends: () => first.store.unsettledSends(),
    followUpPausesMs: NO_FOLLOW_UP_SOON_MS,
  });
  // The first agent's session connects: the desk holds their Send in doubt.
  sentMail.resume();
  firstSignedIn = false;
  const colleagueDrafts = new DeskDrafts({
    store: first.store,
    accountId: () => colleague.accountId,
    operations: () => other.operations,
    dialogs: { chooseFilesToAttach: () => Promise.resolve([]) },
    sentMail,
    writer: () => colleague,
  });
  /** The first agent's Send, still kept with what it carried. */
  const firstSendKept = () => {
    expect(first.store.unsettledSends().list(first.accountId)).toMatchObject([
      { interactionId: first.replyId, changes: { text: first.fields.text } },
    ]);
  };
  return { other, colleagueDrafts, askedOtherServer: () => askedOtherServer, firstSendKept };
}

it.concurrent(
  "never asks another account's server about a Send in doubt, nor forgets it, when that account sends a draft of the same id",
  async ({ startClient, expect }) => {
    const { other, colleagueDrafts, askedOtherServer, firstSendKept } =
      await sameDraftIdOnAnotherServer(startClient, 'switchboard-sent-same-id-send-');
    await colleagueDrafts.send({ ...other.fields, text: 'From the colleague.' });
    expect(other.sentBySimulator()).toHaveLength(1);
    expect(askedOtherServer()).toBe(0);
    firstSendKept();
  },
);

it.concurrent(
  'does not forget a Send in doubt when another account cancels a draft of the same id',
  async ({ startClient, expect }) => {
    const { other, colleagueDrafts, firstSendKept } = await sameDraftIdOnAnotherServer(
      startClient,
      'switchboard-sent-same-id-cancel-',
    );
    await colleagueDrafts.cancel(other.replyId);
    expect(other.sentBySimulator()).toEqual([]);
    firstSendKept();
  },
);

it.concurrent(
  "does not forget another account's Send in doubt of the same id when a Send learns the first never left",
  async ({ startClient, expect }) => {
    const { first, other, colleague } = await draftsOfTheSameIdOnTwoServers(
      startClient,
      'switchboard-sent-same-id-switch-',
    );
    let firstSignedIn = false;
    let switchOnQuestion = false;
    let colleagueReachable = false;
    let askedOtherServer = 0;
    const colleagueOperations: typeof other.operations = {
      ...other.operations,
      getDraftOnServer: (...args) => {
        if (!colleagueReachable)
          return Promise.resolve({
            ok: false,
            error: { kind: 'network', message: 'network down' },
          });
        askedOtherServer += 1;
        return other.operations.getDraftOnServer(...args);
      },
    };
    const firstOperations: typeof first.operations = {
      ...first.operations,
      // While the first agent's Send asks about their earlier one, they sign out and the
      // colleague signs in: the desk resumes the colleague's Sends.
      getDraftOnServer: async (...args) => {
        const answer = await first.operations.getDraftOnServer(...args);
        if (switchOnQuestion) {
          switchOnQuestion = false;
          firstSignedIn = false;
          sentMail.resume();
        }
        return answer;
      },
    };
    const sentMail = newSentMail(first, {
      operations: () => (firstSignedIn ? firstOperations : colleagueOperations),
      writer: () => (firstSignedIn ? first.writer : colleague),
      unsettledSends: () => first.store.unsettledSends(),
      followUpPausesMs: NO_FOLLOW_UP_SOON_MS,
    });
    const colleagueDrafts = new DeskDrafts({
      store: first.store,
      accountId: () => colleague.accountId,
      operations: () => colleagueOperations,
      dialogs: { chooseFilesToAttach: () => Promise.resolve([]) },
      sentMail,
      writer: () => colleague,
    });
    // The colleague's own Send of the same id goes unanswered, and their server cannot be asked.
    other.simulator.control.failNextRequests(['reset']);
    await expect(
      colleagueDrafts.send({ ...other.fields, text: 'From the colleague.' }),
    ).rejects.toMatchObject({ code: 'sendOutcomeUnknown' });
    const colleagueSendKept = () => {
      expect(first.store.unsettledSends().list(colleague.accountId)).toMatchObject([
        { interactionId: other.replyId, changes: { text: 'From the colleague.' } },
      ]);
    };
    colleagueSendKept();

    // The first agent signs in again (the desk resumes their Send) and sends the draft again:
    // their server says the earlier Send never left; meanwhile the colleague is back.
    firstSignedIn = true;
    sentMail.resume();
    switchOnQuestion = true;
    await sentMail.sendEmail(first.replyId, {
      toAddress: 'ann@example.com',
      text: first.fields.text,
    });
    expect(first.sentBySimulator()).toHaveLength(1);

    // The colleague's Send is still theirs, in doubt: kept, and asked about before it goes again.
    colleagueSendKept();
    colleagueReachable = true;
    await colleagueDrafts.send({ ...other.fields, text: 'From the colleague.' });
    expect(askedOtherServer).toBeGreaterThan(0);
    expect(other.sentBySimulator()).toHaveLength(1);
    expect(first.store.unsettledSends().list(colleague.accountId)).toEqual([]);
  },
);
