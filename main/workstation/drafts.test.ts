import { execFileSync } from 'node:child_process';
import { constants } from 'node:fs';
import { open, writeFile, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { DraftFields } from '../../common/model';
import { SwitchboardFailure } from '../../common/errors';
import { createOperations, type GwsOperations } from '../gws/operations';
import { useClientWithCache } from '../../tests/support/clientWithCache';
import { DeskDrafts, tooLargeMessage } from './drafts';
import { SentMail } from './sentMail';

/** Send as the desk does it, over the same operations (no cache writer: nothing kept here). */
function sentMailOver(operations: () => GwsOperations | undefined): SentMail {
  return new SentMail({
    operations: () => {
      const available = operations();
      if (available === undefined) throw new SwitchboardFailure('unauthorized', 'Not signed in');
      return available;
    },
    writer: () => undefined,
  });
}

// The desk's drafts over a real SQLite file, a real GWS session and the simulator: kept while
// signed out or offline, refused to send without the server (and still kept), and files checked
// against the limit — the desk's own and the one the server states when it refuses.

const start = useClientWithCache();

const fields = (interactionId: string, text: string): DraftFields => ({
  interactionId,
  kind: 'reply',
  parentId: 'mail-1',
  to: 'maria@example.com',
  cc: '',
  bcc: '',
  subject: 'Re: Invoice',
  text,
  attachments: [],
});

/**
 * A signed-in session with a reply draft on the simulator and the desk's drafts service over it,
 * its file dialog answering what `choose` was last given; files above `maxAttachmentBytes` are
 * refused by the desk.
 */
async function replyDraftWithFiles(maxAttachmentBytes: number) {
  const { simulator, session, store, accountId, folder } = await start({
    folderPrefix: 'switchboard-drafts-',
  });
  expect((await session.signIn()).ok).toBe(true);
  const operations = createOperations(session.requester, { apiUrl: session.http.apiUrl });
  const draft = simulator.world.createOwned('agent1', 'email', {
    type: 'Outbound',
    subType: 'OutboundReply',
    queue: 'SimpleEmailOutQueue',
    subject: 'Re: Invoice',
    email: {
      from: 'support@switchboard.example',
      fromPersonal: '',
      to: ['maria@example.com'],
      cc: [],
      bcc: [],
      subject: 'Re: Invoice',
      text: '',
      html: null,
      comment: '',
      attachments: [],
    },
  });
  let chosen: string[] = [];
  const drafts = new DeskDrafts({
    store,
    accountId: () => accountId,
    operations: () => operations,
    sentMail: sentMailOver(() => operations),
    writer: () => undefined,
    dialogs: { chooseFilesToAttach: () => Promise.resolve(chosen) },
    maxAttachmentBytes,
  });
  const choose = (paths: string[]) => {
    chosen = paths;
  };
  return {
    simulator,
    store,
    accountId,
    folder,
    operations,
    draft,
    drafts,
    choose,
  };
}

describe('DeskDrafts', () => {
  it('keeps drafts signed out, and refuses Send and files without the server, keeping the text', async () => {
    const { store, accountId } = await start({ folderPrefix: 'switchboard-drafts-' });
    let picked = 0;
    const drafts = new DeskDrafts({
      store,
      accountId: () => accountId,
      operations: () => undefined,
      sentMail: sentMailOver(() => undefined),
      writer: () => undefined,
      dialogs: {
        chooseFilesToAttach: () => {
          picked++;
          return Promise.resolve([]);
        },
      },
      now: () => 7_000,
    });
    expect(drafts.save(fields('draft-1', 'first words'))).toMatchObject({ updatedAt: 7_000 });
    await expect(drafts.send(fields('draft-1', 'first words, and more'))).rejects.toThrow(
      'You are signed out: the draft is kept, and can be sent once you sign in again.',
    );
    // What the agent typed last is what is kept.
    expect(drafts.get('draft-1')?.text).toBe('first words, and more');
    await expect(drafts.attachFiles(fields('draft-1', 'x'))).rejects.toThrow(/signed out/u);
    expect(picked).toBe(0);
    expect(drafts.list().map((draft) => draft.interactionId)).toEqual(['draft-1']);
    drafts.discard('draft-1');
    expect(drafts.get('draft-1')).toBeNull();
    // Before any account is open there is nothing to read, and nothing is written.
    const closed = new DeskDrafts({
      store,
      accountId: () => undefined,
      operations: () => undefined,
      sentMail: sentMailOver(() => undefined),
      writer: () => undefined,
      dialogs: { chooseFilesToAttach: () => Promise.resolve([]) },
    });
    expect(closed.get('draft-1')).toBeNull();
    expect(closed.list()).toEqual([]);
    expect(() => closed.save(fields('draft-2', 'x'))).toThrow(/Not signed in/u);
  });

  it('keeps the draft when the server cannot be reached, and says the server’s limit in words', async () => {
    // Larger than the simulator's own limit, so that the server is the one to refuse.
    const { simulator, store, accountId, operations, folder, draft, drafts, choose } =
      await replyDraftWithFiles(100 * 1024 * 1024);

    const note = join(folder, 'note.txt');
    await writeFile(note, 'hello');
    const big = join(folder, 'scan.pdf');
    await writeFile(big, '');
    await truncate(big, 25 * 1024 * 1024 + 1);
    choose([note, big]);
    // The server's refusal, named by code for the desk to word in its language.
    await expect(drafts.attachFiles(fields(draft.id, 'with files'))).rejects.toMatchObject({
      message: 'scan.pdf is too large to send: files can be at most 25 MB.',
      code: 'fileTooLarge',
      params: { name: 'scan.pdf', limitBytes: 25 * 1024 * 1024 },
    });
    // The file the server took stays on the draft, here and there.
    const kept = drafts.get(draft.id);
    expect(kept?.attachments.map((file) => [file.name, file.size, file.mimeType])).toEqual([
      ['note.txt', 5, 'text/plain'],
    ]);
    expect(
      simulator.world.interactions.get(draft.id)?.email?.attachments.map((f) => f.name),
    ).toEqual(['note.txt']);
    // The desk's own limit refuses before anything is sent.
    const strict = new DeskDrafts({
      store,
      accountId: () => accountId,
      operations: () => operations,
      sentMail: sentMailOver(() => operations),
      writer: () => undefined,
      dialogs: { chooseFilesToAttach: () => Promise.resolve([note]) },
      maxAttachmentBytes: 4,
    });
    await expect(strict.attachFiles(fields(draft.id, 'x'))).rejects.toMatchObject({
      kind: 'invalidArgument',
      message: 'note.txt is too large to send: files can be at most 4 B.',
      code: 'fileTooLarge',
      params: { name: 'note.txt', limitBytes: 4 },
    });
    expect(simulator.world.interactions.get(draft.id)?.email?.attachments).toHaveLength(1);

    // Without a limit of its own, the desk takes the one the server states (25 MiB here).
    const stated = new DeskDrafts({
      store,
      accountId: () => accountId,
      operations: () => operations,
      sentMail: sentMailOver(() => operations),
      writer: () => undefined,
      dialogs: { chooseFilesToAttach: () => Promise.resolve([big]) },
    });
    expect(await stated.attachmentLimit()).toBe(25 * 1024 * 1024);
    await expect(stated.attachFiles(fields(draft.id, 'x'))).rejects.toThrow(
      'scan.pdf is too large to send: files can be at most 25 MB.',
    );
    expect(simulator.world.interactions.get(draft.id)?.email?.attachments).toHaveLength(1);

    // The server goes away: the draft is still kept as typed, and Send says why it failed.
    await simulator.close();
    drafts.save(fields(draft.id, 'typed offline'));
    await expect(drafts.send(fields(draft.id, 'typed offline, sent'))).rejects.toMatchObject({
      kind: 'network',
    });
    expect(drafts.get(draft.id)?.text).toBe('typed offline, sent');
  });

  it('refuses a picked file that is not a regular file, or grew past the limit, without waiting on it or reading it all', async () => {
    const { simulator, folder, draft, drafts, choose } = await replyDraftWithFiles(1024);
    // A named pipe nobody writes to: reading it would wait for ever and hold main with it.
    const pipe = join(folder, 'pipe.pdf');
    execFileSync('mkfifo', [pipe]);
    choose([pipe]);
    let waiting: ReturnType<typeof setTimeout> | undefined;
    const outcome = await Promise.race([
      drafts.attachFiles(fields(draft.id, 'x')).then(
        () => 'attached',
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      ),
      new Promise<string>((resolve) => {
        waiting = setTimeout(() => {
          resolve('still waiting');
        }, 2_000);
      }),
    ]);
    // Not left running into the next tests of this worker (files share it).
    clearTimeout(waiting);
    // Lets a read that did wait on the pipe finish, so that no thread stays blocked after the test.
    await open(pipe, constants.O_WRONLY | constants.O_NONBLOCK).then(
      async (writer) => {
        await writer.close();
      },
      () => undefined,
    );
    expect(outcome).toBe('pipe.pdf could not be read: it is not a file.');
    // A device that never ends (a file that keeps growing reads the same): refused, not read whole.
    choose(['/dev/zero']);
    await expect(drafts.attachFiles(fields(draft.id, 'x'))).rejects.toThrow(
      'zero could not be read: it is not a file.',
    );
    // One byte above the limit is refused with the limit in words; the limit itself is taken.
    const tooLarge = join(folder, 'scan.pdf');
    await writeFile(tooLarge, Buffer.alloc(1025, 1));
    const atLimit = join(folder, 'note.txt');
    await writeFile(atLimit, Buffer.alloc(1024, 1));
    choose([tooLarge]);
    await expect(drafts.attachFiles(fields(draft.id, 'x'))).rejects.toThrow(
      'scan.pdf is too large to send: files can be at most 1 kB.',
    );
    choose([atLimit]);
    const stored = await drafts.attachFiles(fields(draft.id, 'x'));
    expect(stored?.attachments.map((file) => [file.name, file.size])).toEqual([['note.txt', 1024]]);
    expect(
      simulator.world.interactions.get(draft.id)?.email?.attachments.map((f) => f.name),
    ).toEqual(['note.txt']);
  });

  it("keeps a file the server took in the cache of the draft's account, never another's", async () => {
    const { store, accountId, folder } = await start({ folderPrefix: 'switchboard-drafts-' });
    const kept: string[] = [];
    /** A cache writer as the drafts service sees one: which account's, and what it kept. */
    const writerOf = (account: number) => ({
      accountId: account,
      keepOwnFile: (interactionId: string) => {
        kept.push(`${account}:${interactionId}`);
        return Promise.resolve();
      },
      forgetDraftFiles: () => undefined,
      showDraftRecipients: () => undefined,
    });
    let current = writerOf(accountId);
    let answerUpload: () => void = () => undefined;
    let uploading = false;
    const operations = {
      uploadAttachment: () => {
        uploading = true;
        return new Promise((resolve) => {
          answerUpload = () => {
            resolve({ ok: true, value: 'doc-1' });
          };
        });
      },
    } as unknown as GwsOperations;
    const note = join(folder, 'note.txt');
    await writeFile(note, 'for this customer');
    const drafts = new DeskDrafts({
      store,
      accountId: () => accountId,
      operations: () => operations,
      dialogs: { chooseFilesToAttach: () => Promise.resolve([note]) },
      sentMail: sentMailOver(() => operations),
      writer: () => current,
      maxAttachmentBytes: 1024,
    });
    const attaching = drafts.attachFiles(fields('draft-a', 'x'));
    await vi.waitFor(() => {
      expect(uploading).toBe(true);
    });
    // The agent signs out and another account's cache opens while the upload is answered.
    current = writerOf(accountId + 1);
    answerUpload();
    expect((await attaching)?.attachments.map((file) => file.id)).toEqual(['doc-1']);
    expect(kept).toEqual([`${accountId}:draft-a`]);
    // Started with the other account's cache open: nothing kept in it.
    kept.length = 0;
    uploading = false;
    const later = drafts.attachFiles(fields('draft-a', 'x'));
    await vi.waitFor(() => {
      expect(uploading).toBe(true);
    });
    answerUpload();
    await later;
    expect(kept).toEqual([]);
  });

  it.each([
    [10 * 1024 * 1024, '10 MB'],
    [1_500_000, '1.4 MB'],
    [340 * 1024, '340 kB'],
    [1536, '1.5 kB'],
    [300, '300 B'],
  ])(
    'says a file is too large for a limit of %i bytes as %s, for the log, as the desk sizes files',
    (bytes, words) => {
      expect(tooLargeMessage('a.pdf', bytes)).toBe(
        `a.pdf is too large to send: files can be at most ${words}.`,
      );
    },
  );
});
