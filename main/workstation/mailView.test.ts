import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { INLINE_IMAGE_MAX_BYTES } from '../../common/contract';
import { SwitchboardFailure } from '../../common/errors';
import type { InteractionDetail } from '../../common/model';
import { gradientPng } from '../../simulator/scenarios';
import { openDatabase } from '../cache/database';
import { ATTACHMENTS_FOLDER } from '../cache/paths';
import { CacheStore } from '../cache/store';
import { DeskFiles } from './files';
import { MailView, sniffImageType } from './mailView';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A data folder with downloaded attachments, a real cache, and the service over both. */
function setUp(files: Record<string, Buffer>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-mailview-'));
  folders.push(dataDir);
  const attachmentsDir = join(dataDir, ATTACHMENTS_FOLDER);
  mkdirSync(attachmentsDir);
  const attachments: InteractionDetail['attachments'] = Object.entries(files).map(
    ([name, bytes]) => {
      const localPath = join(attachmentsDir, name);
      writeFileSync(localPath, bytes);
      return { id: `doc-${name}`, name, localPath };
    },
  );
  const outside = join(dataDir, 'elsewhere.png');
  writeFileSync(outside, gradientPng(4, 4, 0));
  attachments.push({ id: 'doc-outside', name: 'elsewhere.png', localPath: outside });
  attachments.push({ id: 'doc-pending', name: 'pending.png' });
  const detail: InteractionDetail = {
    id: 'mail-1',
    channel: 'email',
    state: 'Accepted',
    phase: 'working',
    firstSeenAt: 1,
    updatedAt: 2,
    to: [],
    capabilities: [],
    userData: {},
    transcript: [],
    attachments,
  };
  const deskFiles = new DeskFiles({
    attachmentsDir: join(dataDir, ATTACHMENTS_FOLDER),
    dialogs: {
      chooseSavePath: () => Promise.resolve(undefined),
      openPath: () => Promise.resolve(''),
      openExternal: () => Promise.resolve(),
    },
    detail: (id) => {
      if (id !== detail.id) throw new SwitchboardFailure('notFound', `No interaction ${id}`);
      return detail;
    },
  });
  const store = new CacheStore(openDatabase(join(dataDir, 'cache.sqlite')));
  const account = store.accountId({ serverUrl: 'https://gws.example.com', userName: 'ann' });
  let signedIn = true;
  const browsed: string[] = [];
  const mail = new MailView({
    store,
    accountId: () => (signedIn ? account : undefined),
    files: deskFiles,
    dialogs: {
      openExternal: (url) => {
        browsed.push(url);
        return Promise.resolve();
      },
    },
    now: () => 42,
  });
  return {
    mail,
    store,
    account,
    browsed,
    signOut: () => {
      signedIn = false;
    },
  };
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SwitchboardFailure) return error.kind;
    throw error;
  }
  throw new Error('it did not fail');
}

describe('MailView', () => {
  it('answers a downloaded image as a data: URL of its real type, whatever the mail claims', async () => {
    const png = gradientPng(8, 8, 30);
    const { mail } = setUp({ 'logo.gif': png });
    const image = await mail.inlineImage('mail-1', 'doc-logo.gif');
    expect(image.dataUrl).toBe(`data:image/png;base64,${png.toString('base64')}`);
  });

  it('refuses what is not a raster image, over the cap, outside the folder or not downloaded', async () => {
    const { mail } = setUp({
      'page.png': Buffer.from('<html><script>alert(1)</script></html>'),
      'drawing.png': Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
      'huge.png': Buffer.concat([gradientPng(4, 4, 0), Buffer.alloc(INLINE_IMAGE_MAX_BYTES, 0)]),
    });
    expect(await failure(mail.inlineImage('mail-1', 'doc-page.png'))).toBe('forbidden');
    expect(await failure(mail.inlineImage('mail-1', 'doc-drawing.png'))).toBe('forbidden');
    expect(await failure(mail.inlineImage('mail-1', 'doc-huge.png'))).toBe('forbidden');
    expect(await failure(mail.inlineImage('mail-1', 'doc-outside'))).toBe('forbidden');
    expect(await failure(mail.inlineImage('mail-1', 'doc-pending'))).toBe('notFound');
    expect(await failure(mail.inlineImage('mail-1', 'doc-nothing'))).toBe('notFound');
    expect(await failure(mail.inlineImage('mail-2', 'doc-page.png'))).toBe('notFound');
  });

  it('tells the image types by their first bytes', () => {
    expect(sniffImageType(Buffer.from('ffd8ffe000104a46', 'hex'))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('GIF89a\x01\x00', 'latin1'))).toBe('image/gif');
    expect(sniffImageType(Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe(
      'image/webp',
    );
    expect(sniffImageType(Buffer.from('BM'))).toBeUndefined();
    expect(sniffImageType(Buffer.alloc(0))).toBeUndefined();
  });

  it('remembers the senders whose images are shown, per account, in the cache', () => {
    const { mail, store, account, signOut } = setUp({});
    expect(mail.remoteImagesAllowed('maria@example.com')).toBe(false);
    mail.allowRemoteImages('Maria <maria@example.com>');
    expect(store.remoteImageSenders().allowed(account, 'MARIA@example.com')).toBe(true);
    expect(mail.remoteImagesAllowed('Maria@Example.com')).toBe(true);
    mail.forgetRemoteImages('maria@example.com');
    expect(store.remoteImageSenders().allowed(account, 'maria@example.com')).toBe(false);
    expect(() => {
      mail.allowRemoteImages('  ');
    }).toThrow(SwitchboardFailure);
    signOut();
    expect(mail.remoteImagesAllowed('maria@example.com')).toBe(false);
    expect(() => {
      mail.allowRemoteImages('maria@example.com');
    }).toThrow('Not signed in');
  });

  it('hands only public https links to the shell', async () => {
    const { mail, browsed } = setUp({});
    await mail.openLink('https://example.com/account/4471');
    for (const url of [
      'http://example.com/',
      'javascript:alert(1)',
      'mailto:maria@example.com',
      'https://127.0.0.1/',
      'https://bank.example@evil.example/',
    ])
      expect(await failure(mail.openLink(url))).toBe('forbidden');
    expect(browsed).toEqual(['https://example.com/account/4471']);
  });
});
