import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmailContent, GwsEvent, InteractionDetail } from '../../common/model';
import { openDatabase } from '../cache/database';
import { CacheStore } from '../cache/store';
import { CacheWriter, type Commit } from './cacheWriter';
import { searchBodyOf, sentEmailOf } from './sentMail';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A cache writer over a real SQLite file in a folder of its own. */
function writerOnFile(): {
  writer: CacheWriter;
  store: CacheStore;
  attachmentsDir: string;
  commits: Commit[];
  close: () => void;
} {
  const folder = mkdtempSync(join(tmpdir(), 'switchboard-sent-mail-'));
  folders.push(folder);
  const db = openDatabase(join(folder, 'cache.db'));
  const store = new CacheStore(db);
  const attachmentsDir = join(folder, 'attachments');
  const writer = new CacheWriter({
    store,
    account: { serverUrl: 'https://gws.example.com', userName: 'agent1' },
    attachmentsDir,
    log: { debug: () => undefined, warn: () => undefined },
  });
  const commits: Commit[] = [];
  writer.onCommit((commit) => commits.push(commit));
  return {
    writer,
    store,
    attachmentsDir,
    commits,
    close: () => {
      db.close();
    },
  };
}

const DRAFT_EMAIL: EmailContent = {
  from: 'support@example.com',
  to: ['ann@example.com'],
  cc: ['old@example.com'],
  subject: 'Re: Question',
  text: '> the quoted original',
  html: '<p>Dear Ann</p><blockquote>the quoted original</blockquote>',
  attachments: [],
};

const DRAFT: InteractionDetail = {
  id: 'out-1',
  channel: 'email',
  state: 'ReplyCreated',
  phase: 'working',
  firstSeenAt: 1,
  updatedAt: 2,
  to: ['ann@example.com'],
  capabilities: ['Send'],
  userData: {},
  parentId: 'in-1',
  subject: 'Question',
  transcript: [],
  email: DRAFT_EMAIL,
  attachments: [{ id: 'doc-9', name: 'receipt.pdf', size: 3, localPath: '/x/receipt.pdf' }],
};

describe('sentEmailOf', () => {
  // Send carries the text alone: once it replaced the text, the draft's HTML (the quoted
  // original, say) did not go, and History shows HTML first, so it must not be kept either.
  it("is the draft with the fields Send changed, and the draft's attachments, without HTML Send did not carry", () => {
    expect(
      sentEmailOf(
        DRAFT,
        { text: 'Paid today.', ccAddress: 'billing@example.com, boss@example.com' },
        42,
      ),
    ).toEqual({
      from: 'support@example.com',
      to: ['ann@example.com'],
      cc: ['billing@example.com', 'boss@example.com'],
      bcc: [],
      subject: 'Re: Question',
      text: 'Paid today.',
      attachments: [{ id: 'doc-9', name: 'receipt.pdf', size: 3 }],
      sentAt: 42,
    });
  });

  it('keeps the HTML when Send left the body as the draft held it', () => {
    expect(sentEmailOf(DRAFT, { ccAddress: 'billing@example.com' }, 42)).toMatchObject({
      text: DRAFT_EMAIL.text,
      html: DRAFT_EMAIL.html,
    });
    expect(sentEmailOf(DRAFT, undefined, 42).html).toBe(DRAFT_EMAIL.html);
  });

  it("lists only the draft's files the caller gives, when it gives them", () => {
    // The agent removed the forwarded receipt and added a note: the receipt did not go.
    const note = { id: 'doc-10', name: 'note.txt', size: 5, mimeType: 'text/plain' };
    expect(sentEmailOf(DRAFT, { text: 'x' }, 1, [note]).attachments).toEqual([note]);
    expect(sentEmailOf(DRAFT, { text: 'x' }, 1, []).attachments).toEqual([]);
    // Without the caller's list (Send through the contract), the cache's is the list.
    expect(sentEmailOf(DRAFT, { text: 'x' }, 1).attachments).toEqual([
      { id: 'doc-9', name: 'receipt.pdf', size: 3 },
    ]);
  });

  it('searches the text, or the words of the HTML when there is no text', () => {
    const htmlOnly = sentEmailOf({ ...DRAFT, email: { ...DRAFT_EMAIL, text: '' } }, {}, 1);
    // The quote keeps its `>` (the search's words ignore it: "quoted original" still finds it).
    expect(searchBodyOf(htmlOnly)).toBe('Re: Question\nDear Ann\n> the quoted original');
    expect(searchBodyOf(sentEmailOf(DRAFT, { text: 'Paid.' }, 1))).toBe('Re: Question\nPaid.');
  });
});

/** The server's notice of the reply draft 'out-1' answering 'in-1'. */
const REPLY_DRAFT_SEEN: GwsEvent = {
  type: 'interactionUpdated',
  interaction: {
    id: 'out-1',
    channel: 'email',
    state: 'ReplyCreated',
    capabilities: ['Send'],
    userData: {},
    parentId: 'in-1',
    // As 002's samples type a reply; the notice names no recipient yet.
    type: 'Email',
    subType: 'OutboundReply',
  },
};

describe('the cache writer keeps a sent e-mail', () => {
  it('announces it in one commit, and no later server copy erases it', () => {
    const { writer, commits, close } = writerOnFile();
    writer.apply(REPLY_DRAFT_SEEN);
    const sent = sentEmailOf(DRAFT, { text: 'Paid today, reference kiwi-7.' }, 5_000);
    const commit = writer.recordSent('out-1', sent, searchBodyOf(sent));
    expect(commits.at(-1)).toBe(commit);
    // Its row as pushed names whom it went to, as sent (the server's notice named nobody).
    expect(
      commit.changes.interactions.map((head) => [head.id, head.parentId, head.sentTo]),
    ).toEqual([['out-1', 'in-1', 'ann@example.com']]);
    expect(commit.changes.emails[0]?.email).toMatchObject({
      text: 'Paid today, reference kiwi-7.',
      sentAt: 5_000,
    });

    // The server's end of the draft, with an empty body, as the simulator and GWS send it.
    const later = writer.applyBatch([
      {
        type: 'emailContentReceived',
        interactionId: 'out-1',
        email: { to: [], cc: [], text: '', attachments: [] },
      },
      { type: 'interactionEnded', interactionId: 'out-1' },
    ]);
    expect(later.changes.emails[0]?.email.text).toBe('Paid today, reference kiwi-7.');
    expect(writer.interaction('out-1')?.email).toMatchObject({
      text: 'Paid today, reference kiwi-7.',
      to: ['ann@example.com'],
      sentAt: 5_000,
    });
    expect(writer.replies('in-1').map((reply) => reply.email?.text)).toEqual([
      'Paid today, reference kiwi-7.',
    ]);
    close();
  });

  it("forgets the draft's files the agent removed before sending, when the caller lists the files", async () => {
    const { writer, store, attachmentsDir, commits, close } = writerOnFile();
    writer.applyBatch([
      REPLY_DRAFT_SEEN,
      // A forward's files, as the server copied them to the draft.
      {
        type: 'emailContentReceived',
        interactionId: 'out-1',
        email: {
          to: [],
          cc: [],
          text: '',
          attachments: [
            { id: 'doc-9', name: 'receipt.pdf', size: 3 },
            { id: 'doc-8', name: 'invoice.pdf', size: 4 },
          ],
        },
      },
    ]);
    // The receipt was downloaded: its copy goes with its row.
    const receiptCopy = join(attachmentsDir, 'ab', 'abcdef');
    mkdirSync(join(attachmentsDir, 'ab'), { recursive: true });
    writeFileSync(receiptCopy, 'pdf');
    store.recordDownload(writer.accountId, 'out-1', 'doc-9', {
      localPath: receiptCopy,
      sha256: 'abcdef',
      size: 3,
      at: 1,
    });
    const draft = writer.interaction('out-1');
    expect(draft?.attachments.map((file) => file.id)).toEqual(['doc-9', 'doc-8']);
    // The agent removed the receipt and sent the rest.
    const kept = { id: 'doc-8', name: 'invoice.pdf', size: 4 };
    const sent = sentEmailOf(draft, { text: 'Here is the invoice.' }, 5_000, [kept]);
    const commit = writer.recordSent('out-1', sent, searchBodyOf(sent), { onlyTheseFiles: true });
    expect(commit.changes.emails[0]?.attachments.map((file) => file.name)).toEqual(['invoice.pdf']);
    expect(commits.at(-1)).toBe(commit);
    expect(writer.interaction('out-1')?.attachments.map((file) => file.name)).toEqual([
      'invoice.pdf',
    ]);
    await expect.poll(() => existsSync(receiptCopy)).toBe(false);
    close();
  });

  it('answers an empty commit, and announces nothing, when the write fails', () => {
    const { writer, commits, close } = writerOnFile();
    close();
    const sent = sentEmailOf(DRAFT, { text: 'x' }, 1);
    const commit = writer.recordSent('out-1', sent, 'x');
    expect(commit.changes.emails).toEqual([]);
    expect(commits).toEqual([]);
  });
});
