import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { err, ok } from '../../common/errors';
import { openDatabase } from '../cache/database';
import { CacheStore } from '../cache/store';
import { createOperations } from '../gws/operations';
import { GwsSession } from '../gws/session';
import { startSimulator, type Simulator } from '../../simulator/server';
import {
  AttachmentDownloader,
  FAILED_DOWNLOADS_KEPT,
  isInside,
  MAX_NAME_BYTES,
  notTheFile,
  removeStoredFiles,
  sanitizeFileName,
  storeContent,
  type AttachmentDownloaderOptions,
  type DownloadFunction,
  type WorkstationLog,
} from './attachments';
import { CacheWriter, type DownloadProgress } from './cacheWriter';

const quiet: WorkstationLog = { debug: () => undefined, warn: () => undefined };

let folder: string;
let root: string;

beforeEach(() => {
  folder = realpathSync(mkdtempSync(join(tmpdir(), 'switchboard-attachments-')));
  root = join(folder, 'attachments');
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const HOSTILE_NAMES = [
  '../../etc/passwd',
  '..\\..\\Windows\\win.ini',
  'C:\\Windows\\x.exe',
  '/absolute/path.txt',
  'CON.txt',
  'nul',
  'com1.tar.gz',
  'LPT9',
  `${'a'.repeat(300)}.pdf`,
  'é'.repeat(300),
  'Überweisung 📎 résumé.docx',
  '',
  '   ',
  '.',
  '..',
  '.hidden',
  'trailing dots...',
  'name\u0000with\u0000nul.txt',
  'bell\u0007\r\n.txt',
  'invoice\u202Efdp.exe',
  'what?<is>this|"*:.txt',
];

describe('sanitizeFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Windows\\x.exe', 'x.exe'],
    ['CON.txt', '_CON.txt'],
    ['con', '_con'],
    ['COM1.tar.gz', '_COM1.tar.gz'],
    ['console.txt', 'console.txt'],
    ['', 'attachment'],
    ['..', 'attachment'],
    ['.hidden', 'hidden'],
    ['report. . ', 'report'],
    ['name\u0000.txt', 'name.txt'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['a:b.txt', 'a_b.txt'],
    ['Cafe\u0301.txt', 'Café.txt'],
    ['résumé 2024.pdf', 'résumé 2024.pdf'],
    ['re\u200Bport\u2066.pdf', 'report.pdf'],
    ['گزارش\u200Cمالی.pdf', 'گزارش\u200Cمالی.pdf'],
  ])('%j → %j', (name, expected) => {
    expect(sanitizeFileName(name)).toBe(expected);
  });

  it('limits the length in UTF-8 bytes and keeps the extension', () => {
    const long = sanitizeFileName(`${'a'.repeat(300)}.pdf`);
    expect(long.endsWith('.pdf')).toBe(true);
    expect(Buffer.byteLength(long)).toBe(MAX_NAME_BYTES);
    const wide = sanitizeFileName(`${'日本'.repeat(200)}.txt`);
    expect(wide.endsWith('.txt')).toBe(true);
    expect(Buffer.byteLength(wide)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(wide).not.toContain('\uFFFD');
  });

  it('gives names that are a single, visible, portable segment', () => {
    for (const name of HOSTILE_NAMES) {
      const safe = sanitizeFileName(name);
      // eslint-disable-next-line no-control-regex -- looking for control characters
      expect(safe).not.toMatch(/[/\\<>:"|?*\u0000-\u001f]/u);
      expect(safe).not.toMatch(/^[.\s]|[.\s]$/u);
      expect(safe.length).toBeGreaterThan(0);
      expect(Buffer.byteLength(safe)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    }
  });
});

describe('storeContent', () => {
  it('keeps hostile names inside the folder, byte-exact, under their sha256', async () => {
    for (const [index, name] of HOSTILE_NAMES.entries()) {
      const bytes = Buffer.from(`content ${index} of ${JSON.stringify(name)}`);
      const file = await storeContent(root, name, bytes);
      expect(isInside(root, file.path)).toBe(true);
      expect(file.sha256).toBe(sha256(bytes));
      expect(file.size).toBe(bytes.length);
      expect(dirname(file.path)).toBe(join(root, file.sha256.slice(0, 2), file.sha256));
      expect(basename(file.path)).toBe(sanitizeFileName(name));
      expect(readFileSync(file.path)).toEqual(bytes);
    }
    expect(readdirSync(folder)).toEqual(['attachments']);
  });

  it('keeps every file read-only: what the OS opens is never edited in place', async () => {
    const stored = await storeContent(root, 'prices.xlsx', Buffer.from('PK sheet'));
    expect(statSync(stored.path).mode & 0o222).toBe(0);
  });

  it('stores the same bytes once', async () => {
    const bytes = Buffer.from('same bytes');
    const first = await storeContent(root, 'a.txt', bytes);
    const second = await storeContent(root, 'a.txt', new Uint8Array(bytes));
    expect(second).toEqual({ ...first, reused: true });
    expect(first.reused).toBe(false);
    expect(readdirSync(dirname(first.path))).toEqual(['a.txt']);
  });

  it('keeps different bytes under the same name apart, neither overwritten', async () => {
    const one = await storeContent(root, 'report.pdf', Buffer.from('version 1'));
    const two = await storeContent(root, 'report.pdf', Buffer.from('version 2'));
    expect(one.path).not.toBe(two.path);
    expect(readFileSync(one.path, 'utf8')).toBe('version 1');
    expect(readFileSync(two.path, 'utf8')).toBe('version 2');
  });

  it('never overwrites a file already at the target', async () => {
    const bytes = Buffer.from('the real content');
    const digest = sha256(bytes);
    const target = join(root, digest.slice(0, 2), digest, 'doc.txt');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, 'planted');
    const file = await storeContent(root, 'doc.txt', bytes);
    expect(readFileSync(target, 'utf8')).toBe('planted');
    expect(basename(file.path)).toBe('doc (2).txt');
    expect(readFileSync(file.path)).toEqual(bytes);
    // And no temp file is left behind.
    expect(readdirSync(dirname(target)).sort()).toEqual(['doc (2).txt', 'doc.txt']);
  });

  it('stores large binary content byte for byte', async () => {
    const bytes = Buffer.alloc(3 * 1024 * 1024);
    for (let index = 0; index < bytes.length; index += 1) bytes[index] = (index * 7919) % 256;
    const file = await storeContent(root, 'blob.bin', bytes);
    expect(sha256(readFileSync(file.path))).toBe(sha256(bytes));
  });
});

describe('notTheFile', () => {
  const bytes = (length: number) => new Uint8Array(length);
  it('refuses a page or a JSON answer for a file of another kind, and a body cut with no length', () => {
    const pdf = { id: 'a', name: 'contract.pdf', mimeType: 'application/pdf', size: 10 };
    const page = { bytes: bytes(10), mimeType: 'text/html;charset=UTF-8' };
    expect(notTheFile(pdf, page)).toBe('the answer is text/html, not application/pdf');
    expect(notTheFile({ id: 'a', name: 'contract.pdf' }, page)).toBe(
      'the answer is text/html, not contract.pdf',
    );
    expect(notTheFile(pdf, { bytes: bytes(10), mimeType: 'application/json' })).toBe(
      'the answer is application/json, not application/pdf',
    );
    expect(notTheFile(pdf, { bytes: bytes(5), mimeType: 'application/pdf' })).toBe(
      'the answer ended after 5 of the 10 bytes the e-mail states, with no length announced',
    );
  });

  it('takes what may be the file: its own kind, a kind unsaid, a length the server announced', () => {
    const served = (mimeType: string, length = 10, announced?: number) => ({
      bytes: bytes(length),
      mimeType,
      ...(announced === undefined ? {} : { length: announced }),
    });
    const html = { id: 'a', name: 'newsletter.html', mimeType: 'text/html', size: 10 };
    expect(notTheFile(html, served('text/html; charset=utf-8'))).toBeUndefined();
    expect(notTheFile({ id: 'a', name: 'Page.HTM' }, served('text/html'))).toBeUndefined();
    expect(notTheFile({ id: 'a', name: 'data.json' }, served('application/json'))).toBeUndefined();
    // Nothing tells what the file is.
    expect(notTheFile({ id: 'a', name: 'document' }, served('text/html'))).toBeUndefined();
    const pdf = { id: 'a', name: 'contract.pdf', mimeType: 'application/pdf', size: 10 };
    expect(notTheFile(pdf, served('application/octet-stream'))).toBeUndefined();
    expect(notTheFile(pdf, served('application/pdf', 12))).toBeUndefined();
    // The server said 5 bytes, and 5 came: the e-mail's size is not the server's word.
    expect(notTheFile(pdf, served('application/pdf', 5, 5))).toBeUndefined();
    expect(
      notTheFile({ id: 'a', name: 'contract.pdf' }, served('application/pdf', 5)),
    ).toBeUndefined();
  });
});

describe('removeStoredFiles', () => {
  it('deletes files and their empty folders inside the root, nothing outside', async () => {
    const file = await storeContent(root, 'x.txt', Buffer.from('x'));
    const outside = join(folder, 'outside.txt');
    writeFileSync(outside, 'keep');
    const result = await removeStoredFiles(root, [file.path, outside, join(root, '..')], quiet);
    expect(result).toEqual({ deleted: 1, refused: 2 });
    expect(readFileSync(outside, 'utf8')).toBe('keep');
    expect(readdirSync(root)).toEqual([]);
  });
});

describe('AttachmentDownloader', () => {
  function setUp(
    download: DownloadFunction,
    retryDelaysMs: readonly number[] = [],
    more: Pick<AttachmentDownloaderOptions, 'progress'> = {},
  ) {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const accountId = store.accountId({ serverUrl: 'http://gws', userName: 'agent1' });
    store.transaction(() => {
      store.upsertInteraction(
        accountId,
        { id: 'e', channel: 'email', state: 'Accepted', capabilities: [], userData: {} },
        1,
      );
      store.putEmail(accountId, 'e', {
        to: [],
        cc: [],
        attachments: [
          { id: 'd1', name: 'one.txt' },
          { id: 'd2', name: 'two.txt' },
        ],
      });
    });
    const warnings: string[] = [];
    const downloader = new AttachmentDownloader({
      store,
      accountId,
      dir: root,
      download: () => download,
      now: () => 42,
      log: { debug: () => undefined, warn: (text) => warnings.push(text) },
      retryDelaysMs,
      ...more,
    });
    return { db, store, accountId, downloader, warnings };
  }

  it('downloads one at a time per interaction, logs failures and retries them later', async () => {
    let running = 0;
    let maxRunning = 0;
    let failD2 = true;
    const { db, store, accountId, downloader, warnings } = setUp(async (_id, documentId) => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      if (documentId === 'd2' && failD2) return err('network', 'connection reset');
      return ok({ bytes: Buffer.from(`bytes of ${documentId}`), mimeType: 'text/plain' });
    });
    downloader.schedule('e');
    downloader.schedule('e');
    downloader.schedule('e');
    await downloader.idle();
    expect(maxRunning).toBe(1);
    expect(store.pendingDownloads(accountId, 'e').map((file) => file.id)).toEqual(['d2']);
    expect(warnings.some((text) => text.includes('connection reset'))).toBe(true);

    failD2 = false;
    downloader.schedule('e');
    await downloader.idle();
    expect(store.pendingDownloads(accountId, 'e')).toEqual([]);
    const stored = store.interaction(accountId, 'e')?.attachments ?? [];
    expect(stored.map((file) => [file.name, file.sha256, file.size, file.downloadedAt])).toEqual([
      ['one.txt', sha256(Buffer.from('bytes of d1')), 11, 42],
      ['two.txt', sha256(Buffer.from('bytes of d2')), 11, 42],
    ]);
    for (const file of stored) expect(isInside(root, file.localPath ?? '')).toBe(true);
    db.close();
  });

  it('never stores a body that ended short with no length announced, unless it ends there again', async () => {
    const answers: Record<string, number[]> = { d1: [5, 5], d2: [4, 7, 10] };
    const { db, store, accountId, downloader, warnings } = setUp((_id, documentId) => {
      const length = answers[documentId]?.shift() ?? 0;
      // A chunked body: no length announced.
      return Promise.resolve(
        ok({ bytes: Buffer.alloc(length, documentId), mimeType: 'text/plain' }),
      );
    });
    store.transaction(() =>
      store.putEmail(accountId, 'e', {
        to: [],
        cc: [],
        attachments: [
          { id: 'd1', name: 'one.txt', size: 10 },
          { id: 'd2', name: 'two.txt', size: 10 },
        ],
      }),
    );
    const sizes = () =>
      (store.interaction(accountId, 'e')?.attachments ?? []).map((file) =>
        file.localPath === undefined ? undefined : readFileSync(file.localPath).length,
      );
    downloader.schedule('e');
    await downloader.idle();
    expect(sizes()).toEqual([undefined, undefined]);
    expect(warnings).toContain(
      'attachment d2 of e: download failed (the answer ended after 4 of the 10 bytes the e-mail states, with no length announced)',
    );
    // One (5 bytes) ends where it did: the e-mail misstates it. The other is cut elsewhere.
    downloader.schedule('e');
    await downloader.idle();
    expect(sizes()).toEqual([5, undefined]);
    downloader.schedule('e');
    await downloader.idle();
    expect(sizes()).toEqual([5, 10]);
    db.close();
  });

  it('tries a download cut half-way again by itself, with no further event', async () => {
    let tries = 0;
    const { db, store, accountId, downloader } = setUp(
      async (_id, documentId) => {
        await Promise.resolve();
        if (documentId !== 'd2') return ok({ bytes: Buffer.from('one'), mimeType: 'text/plain' });
        tries += 1;
        // What fetch answers when the connection drops in the middle of the body.
        if (tries === 1) throw new TypeError('terminated');
        return ok({ bytes: Buffer.from('two'), mimeType: 'text/plain' });
      },
      [20],
    );
    downloader.schedule('e');
    await downloader.idle();
    expect(store.pendingDownloads(accountId, 'e').map((file) => file.id)).toEqual(['d2']);
    await vi.waitFor(() => {
      expect(store.pendingDownloads(accountId, 'e')).toEqual([]);
    });
    expect(tries).toBe(2);
    downloader.stop();
    db.close();
  });

  it("says the wait before the next try as it is when the PC's clock is set back", async () => {
    // The wall clock is the test's; timers and the monotonic clock run as they do.
    vi.useFakeTimers({ toFake: ['Date'] });
    const { db, downloader } = setUp(
      () => Promise.resolve(err('network', 'connection reset')),
      [60_000],
    );
    downloader.schedule('e');
    await downloader.idle();
    const inMs = () => {
      const state = downloader.states('e')?.d2;
      return state?.phase === 'retrying' ? state.inMs : undefined;
    };
    expect(inMs()).toBeGreaterThan(59_000);
    // An hour back by the wall clock: the wait is as long as it was, not an hour longer.
    try {
      vi.setSystemTime(Date.now() - 60 * 60_000);
      expect(inMs()).toBeLessThanOrEqual(60_000);
    } finally {
      vi.useRealTimers();
    }
    downloader.stop();
    db.close();
  });

  it('gives up after its last wait, and stop() forgets a waiting retry', async () => {
    let tries = 0;
    const { db, downloader } = setUp(
      async (_id, documentId) => {
        await Promise.resolve();
        if (documentId === 'd2') tries += 1;
        return err('network', 'connection reset');
      },
      [5, 5],
    );
    downloader.schedule('e');
    await vi.waitFor(() => {
      expect(tries).toBe(3);
    });
    await new Promise((resolve) => setTimeout(resolve, 60));
    await downloader.idle();
    expect(tries).toBe(3);

    const stopped = setUp(() => Promise.resolve(err('network', 'connection reset')), [5]);
    stopped.downloader.schedule('e');
    await stopped.downloader.idle();
    stopped.downloader.stop();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(stopped.warnings).toHaveLength(2);
    stopped.db.close();
    db.close();
  });

  it('keeps no retry record once its last wait is over, and says the files failed', async () => {
    const states: string[] = [];
    const { db, downloader: watched } = setUp(() => Promise.resolve(err('network', 'reset')), [5], {
      progress: (_id, attachmentId, state) => states.push(`${attachmentId} ${state.phase}`),
    });
    watched.schedule('e');
    await vi.waitFor(() => {
      expect(watched.states('e')).toEqual({ d1: { phase: 'failed' }, d2: { phase: 'failed' } });
    });
    expect(watched.kept.retries).toBe(0);
    expect(states).toEqual([
      'd1 downloading',
      'd1 retrying',
      'd2 downloading',
      'd2 retrying',
      // The wait told again from its true start, at the end of the drain.
      'd1 retrying',
      'd2 retrying',
      'd1 downloading',
      'd1 failed',
      'd2 downloading',
      // Each failure told once: not again at the end of the drain.
      'd2 failed',
    ]);
    watched.stop();
    db.close();
  });

  it('drops what a download cut by a sign-out says, and keeps no wait for it', async () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const accountId = store.accountId({ serverUrl: 'http://gws', userName: 'agent1' });
    store.transaction(() => {
      store.upsertInteraction(
        accountId,
        { id: 'e', channel: 'email', state: 'Accepted', capabilities: [], userData: {} },
        1,
      );
      store.putEmail(accountId, 'e', { to: [], cc: [], attachments: [{ id: 'd1', name: 'a' }] });
    });
    let cut: (() => void) | undefined;
    const sessionDownload: DownloadFunction = () =>
      new Promise((resolve) => {
        cut = () => {
          resolve(err('network', 'signed out'));
        };
      });
    let session: DownloadFunction | undefined = sessionDownload;
    const told: string[] = [];
    const downloader = new AttachmentDownloader({
      store,
      accountId,
      dir: root,
      download: () => session,
      now: () => 42,
      log: quiet,
      retryDelaysMs: [60_000],
      progress: (_id, attachmentId, state) => told.push(`${attachmentId} ${state.phase}`),
    });
    downloader.schedule('e');
    await vi.waitFor(() => {
      expect(cut).toBeDefined();
    });
    // Signed out while the file downloads: the session goes, then its request fails.
    session = undefined;
    downloader.suspend();
    cut?.();
    await downloader.idle();
    expect(told).toEqual(['d1 downloading']);
    expect(downloader.states('e')).toBeUndefined();
    expect(downloader.kept).toEqual({ retries: 0, states: 0 });
    downloader.stop();
    db.close();
  });

  it('remembers failures for the latest FAILED_DOWNLOADS_KEPT interactions only', async () => {
    const { db, store, accountId, downloader } = setUp(() =>
      Promise.resolve(err('network', 'reset')),
    );
    const ids = Array.from({ length: FAILED_DOWNLOADS_KEPT + 20 }, (_, n) => `m${String(n)}`);
    store.transaction(() => {
      for (const id of ids) {
        store.upsertInteraction(
          accountId,
          { id, channel: 'email', state: 'Accepted', capabilities: [], userData: {} },
          1,
        );
        store.putEmail(accountId, id, { to: [], cc: [], attachments: [{ id: 'f', name: 'f' }] });
      }
    });
    for (const id of ids) downloader.schedule(id);
    await downloader.idle();
    expect(downloader.kept).toEqual({ retries: 0, states: FAILED_DOWNLOADS_KEPT });
    expect(downloader.states('m0')).toBeUndefined();
    expect(downloader.states(ids.at(-1) ?? '')).toEqual({ f: { phase: 'failed' } });
    db.close();
  });

  it('never tries a file too large again: not after its waits, a try again or a sign-out', async () => {
    const tries: string[] = [];
    const { db, store, accountId, downloader } = setUp(
      async (_id, documentId) => {
        await Promise.resolve();
        tries.push(documentId);
        return documentId === 'd1'
          ? err('network', 'the file is larger than 10 B', 'downloadTooLarge', { limitBytes: 10 })
          : ok({ bytes: Buffer.from('small'), mimeType: 'text/plain' });
      },
      [5, 5],
    );
    downloader.schedule('e');
    await downloader.idle();
    expect(downloader.states('e')).toEqual({ d1: { phase: 'tooLarge', limitBytes: 10 } });
    expect(downloader.kept.retries).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    downloader.retryNow('e');
    await downloader.idle();
    downloader.suspend();
    downloader.schedule('e');
    await downloader.idle();
    expect(tries).toEqual(['d1', 'd2']);
    expect(store.pendingDownloads(accountId, 'e').map((file) => file.id)).toEqual(['d1']);
    expect(downloader.states('e')).toEqual({ d1: { phase: 'tooLarge', limitBytes: 10 } });
    db.close();
  });

  it('survives a download function that throws', async () => {
    const { db, downloader, warnings } = setUp(() => Promise.reject(new Error('boom')));
    downloader.schedule('e');
    await downloader.idle();
    expect(warnings.filter((text) => text.includes('boom'))).toHaveLength(2);
    db.close();
  });
});

describe('with the simulator', () => {
  let simulator: Simulator | null = null;
  let session: GwsSession | null = null;

  afterEach(async () => {
    await session?.signOut();
    await simulator?.close();
    session = null;
    simulator = null;
  });

  /**
   * A cache writer on `cache.sqlite` in the test's folder, attached to a session signed in to a
   * quiet simulator and Ready; answers it with the session's operations.
   */
  async function readyWriter(
    downloadRetryDelaysMs?: readonly number[],
    bounded?: { maxDownloadBytes: number; sessionLog: WorkstationLog },
  ) {
    simulator = await startSimulator({ port: 0, scenario: 'quiet' });
    session = new GwsSession({
      serverUrl: simulator.url,
      credentials: { userName: 'agent1', password: 'demo' },
      maxBackoffMs: 500,
      ...(bounded === undefined
        ? {}
        : { maxDownloadBytes: bounded.maxDownloadBytes, log: bounded.sessionLog }),
    });
    const db = openDatabase(join(folder, 'cache.sqlite'));
    const writer = new CacheWriter({
      store: new CacheStore(db),
      account: { serverUrl: simulator.url, userName: 'agent1' },
      attachmentsDir: root,
      log: quiet,
      ...(downloadRetryDelaysMs === undefined ? {} : { downloadRetryDelaysMs }),
      ...(bounded === undefined ? {} : { maxDownloadBytes: bounded.maxDownloadBytes }),
    });
    writer.attach(session);
    expect((await session.signIn()).ok).toBe(true);
    const operations = createOperations(session.requester);
    expect((await operations.setReady()).ok).toBe(true);
    return { simulator, db, writer, operations };
  }

  it("stores an accepted e-mail's attachments on disk with the right bytes", async () => {
    const { simulator, db, writer: workstation, operations } = await readyWriter();

    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10]);
    const csv = Buffer.from('id;amount\n1;12.50\n', 'utf8');
    const id = simulator.control.receiveEmail({
      from: 'hank@example.com',
      subject: 'Receipts',
      text: 'Two files attached',
      html: '<p>Two files attached</p>',
      attachments: [
        { name: 'photo.png', mimeType: 'image/png', bytes: png },
        { name: '../../amounts.csv', mimeType: 'text/csv', bytes: csv },
      ],
    });
    const deadline = Date.now() + 8000;
    while (workstation.interaction(id)?.state !== 'Invited') {
      if (Date.now() > deadline) throw new Error('no invitation');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // Not downloaded before the agent accepts.
    await workstation.downloadsIdle();
    expect(workstation.interaction(id)?.attachments.every((file) => !file.localPath)).toBe(true);

    expect((await operations.accept(id)).ok).toBe(true);
    for (;;) {
      const files = workstation.interaction(id)?.attachments ?? [];
      if (files.length === 2 && files.every((file) => file.localPath !== undefined)) break;
      if (Date.now() > deadline) throw new Error(`not downloaded: ${JSON.stringify(files)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const files = workstation.interaction(id)?.attachments ?? [];
    const byName = new Map(files.map((file) => [file.name, file]));
    const photo = byName.get('photo.png');
    const amounts = byName.get('../../amounts.csv');
    expect(readFileSync(photo?.localPath ?? '')).toEqual(png);
    expect(readFileSync(amounts?.localPath ?? '')).toEqual(csv);
    expect(photo?.sha256).toBe(sha256(png));
    expect(basename(amounts?.localPath ?? '')).toBe('amounts.csv');
    for (const file of files) expect(isInside(root, file.localPath ?? '')).toBe(true);
    await workstation.close();
    db.close();
  });

  it('tells progress at most four times a second over a slow link, then retries and fails as told', async () => {
    const { simulator, db, writer, operations } = await readyWriter([30, 30]);
    const told: DownloadProgress[] = [];
    writer.onDownloadProgress((progress) => told.push(progress));
    const stored: string[] = [];
    writer.onAttachmentDownloaded((_id, attachment) => stored.push(attachment.name));

    // 1 MB at 1 MB/s: some 20 slices of 50 kB over a second.
    const video = Buffer.alloc(1024 * 1024, 'video');
    simulator.control.slowNextDownloads(1, 1024 * 1024);
    const id = simulator.control.receiveEmail({
      from: 'kim@example.com',
      subject: 'Video',
      text: 'attached',
      attachments: [{ name: 'damage.mp4', mimeType: 'video/mp4', bytes: video }],
    });
    await vi.waitFor(() => {
      expect(writer.interaction(id)?.state).toBe('Invited');
    });
    const started = Date.now();
    expect((await operations.accept(id)).ok).toBe(true);
    await vi.waitFor(() => {
      expect(stored).toEqual(['damage.mp4']);
    }, 8_000);
    const took = Date.now() - started;
    expect(took).toBeGreaterThan(800);
    const steps = told.map(({ download }) =>
      download.phase === 'downloading' ? [download.received, download.total] : download.phase,
    );
    expect(steps[0]).toEqual([0, video.length]);
    expect(steps.at(-1)).toEqual([video.length, video.length]);
    // Bytes in between, but no more than four reports a second (and the first and last).
    expect(steps.length).toBeGreaterThan(2);
    expect(steps.length).toBeLessThanOrEqual(Math.ceil(took / 250) + 2);
    expect(writer.interaction(id)?.downloads).toBeUndefined();

    // Cut half-way: told it waits to try again, then stored.
    told.length = 0;
    simulator.control.cutNextDownloads(1);
    const cutId = simulator.control.receiveEmail({
      from: 'kim@example.com',
      subject: 'Cut',
      text: 'attached',
      attachments: [{ name: 'cut.pdf', mimeType: 'application/pdf', bytes: video }],
    });
    await vi.waitFor(() => {
      expect(writer.interaction(cutId)?.state).toBe('Invited');
    });
    expect((await operations.accept(cutId)).ok).toBe(true);
    await vi.waitFor(() => {
      expect(stored).toContain('cut.pdf');
    }, 8_000);
    expect(told.map(({ download }) => download.phase)).toContain('retrying');
    expect(told.find(({ download }) => download.phase === 'retrying')?.download).toEqual({
      phase: 'retrying',
      inMs: 30,
    });

    // Cut on every try: failed after the last wait, then the agent's try again stores it.
    told.length = 0;
    simulator.control.cutNextDownloads(3);
    const failing = simulator.control.receiveEmail({
      from: 'kim@example.com',
      subject: 'Failing',
      text: 'attached',
      attachments: [{ name: 'failing.pdf', mimeType: 'application/pdf', bytes: video }],
    });
    await vi.waitFor(() => {
      expect(writer.interaction(failing)?.state).toBe('Invited');
    });
    expect((await operations.accept(failing)).ok).toBe(true);
    await vi.waitFor(() => {
      expect(Object.values(writer.interaction(failing)?.downloads ?? {})).toEqual([
        { phase: 'failed' },
      ]);
    }, 8_000);
    // Told once, not by the drain and again at its end.
    expect(told.filter(({ download }) => download.phase === 'failed')).toHaveLength(1);
    expect(stored).not.toContain('failing.pdf');
    writer.retryDownloadsOf(failing);
    await vi.waitFor(() => {
      expect(stored).toContain('failing.pdf');
    }, 8_000);
    expect(writer.interaction(failing)?.downloads).toBeUndefined();
    await writer.close();
    db.close();
  });

  describe('a file too large to download', () => {
    const BOUND = 256 * 1024;
    /** `length` bytes in no pattern a store could shortcut. */
    const binary = (length: number) =>
      Buffer.from(Array.from({ length }, (_, index) => (index * 131 + (index >> 8)) & 0xff));

    /** A writer bounded at {@link BOUND}, with the session's debug lines and what it told. */
    async function boundedWriter() {
      const debug: string[] = [];
      const sessionLog = { debug: (line: string) => debug.push(line), warn: () => undefined };
      const ready = await readyWriter([30, 30], { maxDownloadBytes: BOUND, sessionLog });
      const told: DownloadProgress[] = [];
      ready.writer.onDownloadProgress((progress) => told.push(progress));
      const stored: string[] = [];
      ready.writer.onAttachmentDownloaded((_id, attachment) => stored.push(attachment.name));
      /** Requests the client refused for their announced length (each one is a try). */
      const refusals = () => debug.filter((line) => line.includes('refused a file of'));
      /**
       * Maria's e-mail with `attachments` arrives and the agent accepts it; resolves with its id
       * once the one file under the bound, `small`, is stored.
       */
      async function acceptedMail(
        subject: string,
        attachments: Parameters<typeof ready.simulator.control.receiveEmail>[0]['attachments'],
        small: string,
      ): Promise<string> {
        const id = ready.simulator.control.receiveEmail({
          from: 'maria@example.com',
          subject,
          text: 'attached',
          attachments,
        });
        await vi.waitFor(() => {
          expect(ready.writer.interaction(id)?.state).toBe('Invited');
        });
        expect((await ready.operations.accept(id)).ok).toBe(true);
        await vi.waitFor(() => {
          expect(stored).toEqual([small]);
        }, 8_000);
        return id;
      }
      return { ...ready, told, stored, refusals, acceptedMail };
    }

    /** The agent's Try again and a reconnection's retry, past every wait, then quiet. */
    async function everyWayOfTryingAgain(writer: CacheWriter, id: string) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      writer.retryDownloadsOf(id);
      await writer.downloadsIdle();
      writer.retryDownloads();
      await writer.downloadsIdle();
      await new Promise((resolve) => setTimeout(resolve, 200));
      await writer.downloadsIdle();
    }

    it('is tried once, said too large with its announced size, and never tried again', async () => {
      const { db, writer, told, refusals, acceptedMail } = await boundedWriter();
      const big = binary(BOUND + 64 * 1024);
      // The notification states no size: only the download's length tells.
      const id = await acceptedMail(
        'Video',
        [
          { name: 'unboxing.mp4', mimeType: 'video/mp4', bytes: big, statedSize: null },
          { name: 'scan.png', mimeType: 'image/png', bytes: binary(1000) },
        ],
        'scan.png',
      );
      await writer.downloadsIdle();
      const video = writer
        .interaction(id)
        ?.attachments.find((file) => file.name === 'unboxing.mp4');
      expect(video?.size).toBeUndefined();
      const tooLarge = { phase: 'tooLarge', limitBytes: BOUND, sizeBytes: big.length };
      expect(writer.interaction(id)?.downloads).toEqual({ [video?.id ?? '']: tooLarge });
      expect(refusals()).toHaveLength(1);

      await everyWayOfTryingAgain(writer, id);
      expect(refusals()).toHaveLength(1);
      const phases = told
        .filter(({ attachmentId }) => attachmentId === video?.id)
        .map(({ download }) => download.phase);
      expect(phases).toEqual(['downloading', 'tooLarge']);
      expect(writer.interaction(id)?.downloads).toEqual({ [video?.id ?? '']: tooLarge });
      expect(video?.localPath).toBeUndefined();
      await writer.close();
      db.close();
    });

    it('is not requested at all when the e-mail states a size over the bound', async () => {
      const { db, writer, told, refusals, acceptedMail } = await boundedWriter();
      const big = binary(BOUND + 1);
      const id = await acceptedMail(
        'Scans',
        [
          { name: 'all-pages.pdf', mimeType: 'application/pdf', bytes: big },
          { name: 'page-1.png', mimeType: 'image/png', bytes: binary(BOUND) },
        ],
        'page-1.png',
      );
      await everyWayOfTryingAgain(writer, id);
      const pdf = writer.interaction(id)?.attachments.find((file) => file.name === 'all-pages.pdf');
      expect(pdf?.size).toBe(big.length);
      expect(refusals()).toEqual([]);
      const tooLarge = { phase: 'tooLarge', limitBytes: BOUND, sizeBytes: big.length };
      expect(told.filter(({ attachmentId }) => attachmentId === pdf?.id)).toEqual([
        { interactionId: id, attachmentId: pdf?.id, download: tooLarge },
      ]);
      expect(writer.interaction(id)?.downloads).toEqual({ [pdf?.id ?? '']: tooLarge });
      await writer.close();
      db.close();
    });
  });
});
