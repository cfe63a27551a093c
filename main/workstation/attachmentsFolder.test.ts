import { mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok } from '../../common/errors';
import type { AttachmentDownload } from '../../common/model';
import { openDatabase } from '../cache/database';
import { CacheStore } from '../cache/store';
import { AttachmentDownloader, storeContent } from './attachments';

/** The error the attachments folder's next write meets (none: writes work). */
const refusal: { code: string | undefined } = { code: undefined };

/** {@link storeContent} on a disk that refuses as {@link refusal} says (root's tests cannot chmod it). */
function refusingDisk(...args: Parameters<typeof storeContent>): ReturnType<typeof storeContent> {
  if (refusal.code === undefined) return storeContent(...args);
  const path = join(args[0], '.0123456789abcdef.part');
  return Promise.reject(
    Object.assign(new Error(`${refusal.code}: refused, open '${path}'`), { code: refusal.code }),
  );
}

let folder: string;
beforeEach(() => {
  folder = realpathSync(mkdtempSync(join(tmpdir(), 'switchboard-attachments-folder-')));
  refusal.code = undefined;
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

/** A cache in memory holding e-mail `e`, whose attachment `d1` (scan.pdf) is still to download. */
function cacheWithAnEmailToDownload(): { store: CacheStore; accountId: number } {
  const store = new CacheStore(openDatabase(':memory:'));
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
      attachments: [{ id: 'd1', name: 'scan.pdf' }],
    });
  });
  return { store, accountId };
}

describe('an attachments folder that refuses the file', () => {
  it.each([
    ['ENOSPC', 'attachmentsFolderFull'],
    ['EDQUOT', 'attachmentsFolderFull'],
    ['EACCES', 'attachmentsFolderNotWritable'],
    ['EROFS', 'attachmentsFolderNotWritable'],
  ])(
    'is said as %s is (%s), not as a cut download tried again by itself; Try again stores it',
    async (code, said) => {
      const { store, accountId } = cacheWithAnEmailToDownload();
      const told: AttachmentDownload[] = [];
      let tries = 0;
      const download = () => {
        tries += 1;
        return Promise.resolve(ok({ bytes: Buffer.from('%PDF-1.7'), mimeType: 'application/pdf' }));
      };
      const downloader = new AttachmentDownloader({
        store,
        accountId,
        dir: join(folder, 'attachments'),
        download: () => download,
        now: () => 42,
        log: { debug: () => undefined, warn: () => undefined },
        retryDelaysMs: [5, 5],
        progress: (_id, _attachmentId, state) => told.push(state),
        storeContent: refusingDisk,
      });
      refusal.code = code;
      downloader.schedule('e');
      await downloader.idle();
      expect(downloader.states('e')).toEqual({ d1: { phase: 'notStored', code: said } });
      expect(told.at(-1)).toEqual({ phase: 'notStored', code: said });
      expect(told.some((state) => state.phase === 'retrying')).toBe(false);
      // No wait is kept: the network is not at fault, nothing fetches the file again by itself.
      expect(downloader.kept.retries).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 40));
      await downloader.idle();
      expect(tries).toBe(1);
      // The agent freed the disk (or was let write there), then pressed Try again.
      refusal.code = undefined;
      downloader.retryNow('e');
      await downloader.idle();
      expect(store.pendingDownloads(accountId, 'e')).toEqual([]);
      expect(downloader.states('e')).toBeUndefined();
      downloader.stop();
      store.close();
    },
  );
});

describe('something else where the attachments folder should be', () => {
  it.each([
    [
      'a file',
      (path: string) => {
        writeFileSync(path, 'not a folder');
      },
    ],
    [
      'a link to a folder that is gone',
      (path: string) => {
        symlinkSync(`${path}-moved`, path);
      },
    ],
  ])(
    '%s: said as a folder Switchboard may not write in, not as a cut download tried again by itself; Try again stores the file once the folder is back',
    async (_what, putInPlace) => {
      // A roaming profile's sync or a clean-up script left a file named `attachments` in the data
      // folder, or IT moved the folder a link pointed to: every download failed with ENOTDIR,
      // said as "cut off, trying again" (the agent sent to check the network) and tried again by
      // itself for minutes, failing each time. The real file system, no refusing stand-in.
      const { store, accountId } = cacheWithAnEmailToDownload();
      const dir = join(folder, 'attachments');
      putInPlace(dir);
      let tries = 0;
      const download = () => {
        tries += 1;
        return Promise.resolve(ok({ bytes: Buffer.from('%PDF-1.7'), mimeType: 'application/pdf' }));
      };
      const downloader = new AttachmentDownloader({
        store,
        accountId,
        dir,
        download: () => download,
        now: () => 42,
        log: { debug: () => undefined, warn: () => undefined },
        retryDelaysMs: [5, 5],
      });
      downloader.schedule('e');
      await downloader.idle();
      expect(downloader.states('e')).toEqual({
        d1: { phase: 'notStored', code: 'attachmentsFolderNotWritable' },
      });
      expect(downloader.kept.retries).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 40));
      await downloader.idle();
      expect(tries).toBe(1);
      // The file is taken away (the administrator, the agent), then Try again.
      rmSync(dir);
      downloader.retryNow('e');
      await downloader.idle();
      expect(store.pendingDownloads(accountId, 'e')).toEqual([]);
      expect(downloader.states('e')).toBeUndefined();
      downloader.stop();
      store.close();
    },
  );
});
