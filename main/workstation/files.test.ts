import { spawn } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, win32 } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { SwitchboardFailure } from '../../common/errors';
import type { InteractionDetail } from '../../common/model';
import { ATTACHMENTS_FOLDER } from '../cache/paths';
import { mayOpenDirectly } from '../../common/openableFiles';
import { DeskFiles } from './files';
import { transcriptHtml } from './transcript';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function dataFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'switchboard-files-'));
  folders.push(folder);
  mkdirSync(join(folder, ATTACHMENTS_FOLDER));
  return folder;
}

function email(attachments: InteractionDetail['attachments']): InteractionDetail {
  return {
    id: 'mail-1',
    channel: 'email',
    state: 'Accepted',
    phase: 'working',
    subject: 'Invoice / 4471',
    firstSeenAt: 1,
    updatedAt: 2,
    to: [],
    capabilities: [],
    userData: {},
    transcript: [],
    email: { to: ['support@example.com'], cc: [], text: 'Charged twice', attachments: [] },
    attachments,
  };
}

function deskFiles(dataDir: string, detail: InteractionDetail, savePath?: string) {
  const opened: string[] = [];
  /** The files the cache was told are gone. */
  const lost: string[] = [];
  /** The names the save dialog was opened with. */
  const suggested: string[] = [];
  const files = new DeskFiles({
    attachmentsDir: join(dataDir, ATTACHMENTS_FOLDER),
    dialogs: {
      chooseSavePath: (name) => {
        suggested.push(name);
        return Promise.resolve(savePath);
      },
      openPath: (path) => {
        opened.push(path);
        return Promise.resolve('');
      },
      openExternal: () => Promise.resolve(),
    },
    detail: (id) => {
      if (id !== detail.id) throw new SwitchboardFailure('notFound', `No interaction ${id}`);
      return detail;
    },
    fileLost: (path) => {
      lost.push(path);
      return Promise.resolve();
    },
  });
  return { files, opened, suggested, lost };
}

/** What a save run by {@link savedInAProcessOfItsOwn} answered: its error's kind, code and name. */
interface SaveOutcome {
  readonly kind?: string;
  readonly code?: string;
  readonly name?: string;
  readonly path?: string;
}

/**
 * Saves `detail`'s transcript (as text) to `targets.transcript`, then its attachment a1 to
 * `targets.copy`, with the real DeskFiles in a Node process of its own that may write no file
 * larger than `maxFileBytes` once it has started (Node takes SIGXFSZ as EFBIG on the write).
 */
async function savedInAProcessOfItsOwn(job: {
  attachmentsDir: string;
  detail: InteractionDetail;
  targets: { transcript: string; copy: string };
  maxFileBytes: number;
}): Promise<SaveOutcome[]> {
  const script = `
    import { execFileSync } from 'node:child_process';
    import { DeskFiles } from ${JSON.stringify(new URL('./files.ts', import.meta.url).pathname)};
    const job = JSON.parse(process.argv[1]);
    const targets = [job.targets.transcript, job.targets.copy];
    const files = new DeskFiles({
      attachmentsDir: job.attachmentsDir,
      dialogs: {
        chooseSavePath: async () => targets.shift(),
        openPath: async () => '',
        openExternal: async () => undefined,
      },
      detail: () => job.detail,
    });
    execFileSync('prlimit', ['--pid', String(process.pid), '--fsize=' + job.maxFileBytes]);
    const outcome = (saving) =>
      saving.then(
        (saved) => ({ path: saved.path }),
        (error) => ({ kind: error.kind, code: error.code, name: error.params?.name }),
      );
    const outcomes = [
      await outcome(files.saveTranscript(job.detail.id, 'text')),
      await outcome(files.saveAttachment(job.detail.id, 'a1')),
    ];
    process.stdout.write(JSON.stringify(outcomes));`;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script, JSON.stringify(job)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code).toBe(0);
  return JSON.parse(output) as SaveOutcome[];
}

describe('DeskFiles', () => {
  it('opens a downloaded document from the attachments folder, and saves a copy where asked', async () => {
    const dataDir = dataFolder();
    const localPath = join(dataDir, ATTACHMENTS_FOLDER, 'invoice.pdf');
    writeFileSync(localPath, '%PDF-1.7');
    const target = join(dataDir, 'copy.pdf');
    const { files, opened } = deskFiles(
      dataDir,
      email([{ id: 'a1', name: 'invoice.pdf', localPath }]),
      target,
    );
    await files.openAttachment('mail-1', 'a1');
    expect(opened).toEqual([localPath]);
    expect(await files.saveAttachment('mail-1', 'a1')).toEqual({ path: target });
    expect(readFileSync(target, 'utf8')).toBe('%PDF-1.7');
  });

  it("hands the OS a read-only file, so an editor's Save cannot change the kept copy, and saves a copy the agent can edit", async () => {
    const dataDir = dataFolder();
    const localPath = join(dataDir, ATTACHMENTS_FOLDER, 'prices.xlsx');
    // As a version before this one kept it: writable by its owner.
    writeFileSync(localPath, 'PK sheet', { mode: 0o600 });
    const target = join(dataDir, 'my prices.xlsx');
    const { files, opened } = deskFiles(
      dataDir,
      email([{ id: 'a1', name: 'prices.xlsx', localPath }]),
      target,
    );
    await files.openAttachment('mail-1', 'a1');
    expect(opened).toEqual([localPath]);
    // Word or Excel open it read-only and ask where to save the agent's changes; written in
    // place, the customer's file (shared by every e-mail with the same bytes) was gone.
    expect(statSync(localPath).mode & 0o222).toBe(0);
    expect(await files.saveAttachment('mail-1', 'a1')).toEqual({ path: target });
    expect(readFileSync(target, 'utf8')).toBe('PK sheet');
    expect(statSync(target).mode & 0o200).toBe(0o200);
  });

  it('never opens a program, nor a file outside the attachments folder, nor one not downloaded', async () => {
    const dataDir = dataFolder();
    const program = join(dataDir, ATTACHMENTS_FOLDER, 'setup.exe');
    writeFileSync(program, 'MZ');
    const outside = join(dataDir, 'elsewhere.pdf');
    writeFileSync(outside, '%PDF');
    const { files, opened } = deskFiles(
      dataDir,
      email([
        { id: 'exe', name: 'setup.exe', localPath: program },
        { id: 'out', name: 'elsewhere.pdf', localPath: outside },
        { id: 'new', name: 'later.pdf' },
      ]),
    );
    await expect(files.openAttachment('mail-1', 'exe')).rejects.toMatchObject({
      kind: 'forbidden',
    });
    // Said in the desk's language (the message reached it in English).
    await expect(files.openAttachment('mail-1', 'out')).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'attachmentOutsideFolder',
      params: { name: 'elsewhere.pdf' },
    });
    await expect(files.openAttachment('mail-1', 'new')).rejects.toMatchObject({
      kind: 'notFound',
    });
    await expect(files.openAttachment('mail-1', 'none')).rejects.toMatchObject({
      kind: 'notFound',
    });
    expect(opened).toEqual([]);
  });

  it('says a file deleted behind its back is gone, and tells the cache, opening and copying nothing', async () => {
    const dataDir = dataFolder();
    const localPath = join(dataDir, ATTACHMENTS_FOLDER, 'invoice.pdf');
    const target = join(dataDir, 'copy.pdf');
    const { files, opened, lost } = deskFiles(
      dataDir,
      email([{ id: 'a1', name: 'invoice.pdf', localPath }]),
      target,
    );
    const gone = { kind: 'notFound', code: 'attachmentGone', params: { name: 'invoice.pdf' } };
    await expect(files.openAttachment('mail-1', 'a1')).rejects.toMatchObject(gone);
    await expect(files.saveAttachment('mail-1', 'a1')).rejects.toMatchObject(gone);
    await expect(files.downloadedPath('mail-1', 'a1')).rejects.toMatchObject(gone);
    expect(opened).toEqual([]);
    expect(lost).toEqual([localPath, localPath, localPath]);
  });

  it('saves a transcript under a safe name, and says why when it cannot', async () => {
    const dataDir = dataFolder();
    const target = join(dataDir, 'saved.txt');
    const { files } = deskFiles(dataDir, email([]), target);
    expect(await files.saveTranscript('mail-1', 'text')).toEqual({ path: target });
    expect(readFileSync(target, 'utf8')).toContain('Charged twice');

    // A folder that is a file: the save fails whoever runs it (root ignores permissions).
    const notAFolder = join(dataDir, 'notes');
    writeFileSync(notAFolder, '');
    const blocked = deskFiles(dataDir, email([]), join(notAFolder, 'saved.html'));
    await expect(blocked.files.saveTranscript('mail-1', 'html')).rejects.toThrow(
      `Could not save ${join(notAFolder, 'saved.html')}: ENOTDIR`,
    );
  });

  it('keeps the file it was to replace whole when the disk fills up half-way, and leaves no half-written file', async () => {
    // Save as… over a file of the same name (the dialog asked, the agent said Replace) on a
    // disk with less room than the new file: the old one was emptied first, the new one cut
    // off, and the agent kept neither. A real file system refusing real writes: the save runs
    // in a process of its own whose file-size limit (`prlimit --fsize`, EFBIG) is smaller
    // than what it writes, as a full disk (ENOSPC) cuts a write off.
    const dataDir = dataFolder();
    const localPath = join(dataDir, ATTACHMENTS_FOLDER, 'invoice.pdf');
    writeFileSync(localPath, `%PDF-1.7 ${'x'.repeat(32 * 1024)}`);
    const kept = { transcript: join(dataDir, 'notes.txt'), copy: join(dataDir, 'copy.pdf') };
    writeFileSync(kept.transcript, "Yesterday's notes");
    writeFileSync(kept.copy, "Last week's invoice");
    const detail = email([{ id: 'a1', name: 'invoice.pdf', localPath }]);
    const text = 'Charged twice. '.repeat(2_000);
    const long = { ...detail, email: { to: [], cc: [], attachments: [], text } };
    const outcomes = await savedInAProcessOfItsOwn({
      attachmentsDir: join(dataDir, ATTACHMENTS_FOLDER),
      detail: long,
      targets: kept,
      maxFileBytes: 4096,
    });
    expect(outcomes).toEqual([
      { kind: 'internal', code: 'fileNotSaved', name: 'notes.txt' },
      { kind: 'internal', code: 'fileNotSaved', name: 'copy.pdf' },
    ]);
    expect(readFileSync(kept.transcript, 'utf8')).toBe("Yesterday's notes");
    expect(readFileSync(kept.copy, 'utf8')).toBe("Last week's invoice");
    expect(readdirSync(dataDir).sort()).toEqual([ATTACHMENTS_FOLDER, 'copy.pdf', 'notes.txt']);
  });

  it('writes through a link the agent chose to replace, keeping the link', async () => {
    // The save writes beside the target and renames onto it: onto the link itself, a file of
    // its own took the link's place, and the file it pointed at kept the old words.
    const dataDir = dataFolder();
    const pointedAt = join(dataDir, 'notes-on-the-share.txt');
    writeFileSync(pointedAt, "Yesterday's notes");
    const link = join(dataDir, 'notes.txt');
    symlinkSync(pointedAt, link);
    const { files } = deskFiles(dataDir, email([]), link);
    expect(await files.saveTranscript('mail-1', 'text')).toEqual({ path: link });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(pointedAt, 'utf8')).toContain('Charged twice');
  });

  it('offers the whole subject as the file name, its slashes included', async () => {
    // 'Invoice / 4471' was offered as '4471.txt', and 'Order 12/2024' as '2024.html': the
    // subject was read as a path, and only its last part kept.
    const { files, suggested } = deskFiles(dataFolder(), email([]), undefined);
    await files.saveTranscript('mail-1', 'text');
    const order = { ...email([]), subject: 'Order 12/2024 \\ refund' };
    const other = deskFiles(dataFolder(), order, undefined);
    await other.files.saveTranscript('mail-1', 'html');
    expect([...suggested, ...other.suggested]).toEqual([
      'Invoice _ 4471.txt',
      'Order 12_2024 _ refund.html',
    ]);
  });

  it('offers the channel and id as the name of an e-mail sent without a subject', async () => {
    // The subject arrives as "" (or spaces): the dialog offered "txt", a file without an
    // extension, and the page's heading was empty.
    const blank: InteractionDetail = {
      ...email([]),
      subject: '',
      email: { to: [], cc: [], subject: '  ', text: 'Charged twice', attachments: [] },
    };
    const { files, suggested } = deskFiles(dataFolder(), blank, undefined);
    await files.saveTranscript('mail-1', 'text');
    expect(suggested).toEqual(['email mail-1.txt']);
    expect(transcriptHtml(blank)).toContain('<h1>email mail-1</h1>');
    // Nor a subject of dots or of a mark that shows nothing: the file name keeps none of them.
    for (const subject of ['...', '\u200b', ' . ']) {
      const unnamed = deskFiles(dataFolder(), { ...blank, subject }, undefined);
      await unnamed.files.saveTranscript('mail-1', 'text');
      expect(unnamed.suggested).toEqual(['email mail-1.txt']);
    }
  });

  it('answers null when the agent cancels the save dialog', async () => {
    const { files } = deskFiles(dataFolder(), email([]), undefined);
    expect(await files.saveTranscript('mail-1', 'html')).toBeNull();
  });
});

describe('mayOpenDirectly', () => {
  it('allows documents and media, and refuses programs however they are spelled', () => {
    expect(['a.pdf', 'b.DOCX', 'c.png', 'd.mp3'].map(mayOpenDirectly)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['a.exe', 'b.exe. ', 'c.js', 'd', 'e.pdf.lnk'].map(mayOpenDirectly)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('refuses documents that can carry macros or mails that carry attachments of their own', () => {
    const macroCapable = [
      'contract.doc',
      'figures.XLS',
      'slides.ppt',
      'letter.rtf',
      'letter.rtf. ',
      'report.odt',
      'budget.ods',
      'deck.odp',
      'forwarded.eml',
      'forwarded.msg',
      'invoice.docm',
      'sheet.xlsm',
      'deck.pptm',
    ];
    expect(macroCapable.filter(mayOpenDirectly)).toEqual([]);
  });

  it("opens nothing Node's extname would have refused, on Linux, macOS or Windows", () => {
    // The rule as main had it with node:path, before it moved to common/ for the desk to share.
    const withNodePath = (extname: (path: string) => string, fileName: string) =>
      mayOpenDirectly(`x.${extname(fileName.trim().replace(/[.\s]+$/u, '')).slice(1)}`);
    const piece = fc.constantFrom('a', 'B', '.', '/', '\\', ' ', 'pdf', 'exe', 'C:', 'Pdf', '..');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const name = pieces.join('');
        if (!mayOpenDirectly(name)) return;
        expect([
          name,
          withNodePath((path) => posix.extname(path), name),
          withNodePath((path) => win32.extname(path), name),
        ]).toEqual([name, true, true]);
      }),
      { numRuns: 5_000 },
    );
    // Stricter where Windows reads a drive: `C:.pdf` names a file relative to drive C.
    expect(['C:.pdf', 'report.pdf/', 'a\\.pdf'].map(mayOpenDirectly)).toEqual([
      false,
      false,
      false,
    ]);
  });
});
