import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ok } from '../../common/errors';
import type { InteractionSnapshot } from '../../common/model';
import { openDatabase } from '../cache/database';
import { CacheStore, type AccountKey } from '../cache/store';
import { CacheWriter, type WorkstationLog } from './cacheWriter';

// The retention purge against a download of the same bytes (a logo in every signature: one
// content-addressed file shared by many e-mails), driven through the writer and its store: the
// purge decides while a download has stored its file and not yet recorded it.

const account: AccountKey = { serverUrl: 'http://gws.example:8090', userName: 'agent1' };
const quiet: WorkstationLog = { debug: () => undefined, warn: () => undefined };
const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2024, 0, 15, 9, 0, 0);
const LOGO = Buffer.from('the company logo, in every signature');

let folder: string;
const databases: Database[] = [];

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'switchboard-purge-race-'));
});

afterEach(() => {
  for (const db of databases.splice(0)) if (db.open) db.close();
  rmSync(folder, { recursive: true, force: true });
});

function snapshot(id: string, state: string): InteractionSnapshot {
  return { id, channel: 'email', state, capabilities: [], userData: {} };
}

/** A writer whose every download brings the logo, with the clock at `clock.now`. */
function writer(clock: { now: number }, download: () => void = () => undefined) {
  const db = openDatabase(join(folder, 'cache.sqlite'));
  databases.push(db);
  const store = new CacheStore(db);
  const target = new CacheWriter({
    store,
    account,
    attachmentsDir: join(folder, 'attachments'),
    log: quiet,
    now: () => clock.now,
    download: () => {
      download();
      return Promise.resolve(ok({ bytes: LOGO, mimeType: 'image/png' }));
    },
  });
  return { store, target };
}

/** An e-mail with the logo attached arrives and is accepted (its download starts). */
function mailWithLogo(target: CacheWriter, id: string): void {
  target.apply({ type: 'interactionInvited', interaction: snapshot(id, 'Invited') });
  target.apply({
    type: 'emailContentReceived',
    interactionId: id,
    email: {
      to: [],
      cc: [],
      text: 'Regards',
      attachments: [{ id: `logo-${id}`, name: 'logo.png' }],
    },
  });
  target.apply({ type: 'interactionUpdated', interaction: snapshot(id, 'Accepted') });
}

describe('the retention purge against a download of the same file', () => {
  it('keeps the file a download stored before the purge decided, and recorded after', async () => {
    const clock = { now: T0 };
    let downloading = false;
    const { store, target } = writer(clock, () => {
      downloading = true;
    });
    mailWithLogo(target, 'old');
    await target.downloadsIdle();
    target.apply({ type: 'interactionEnded', interactionId: 'old' });
    const path = target.interaction('old')?.attachments[0]?.localPath ?? '';
    expect(existsSync(path)).toBe(true);
    clock.now = T0 + 31 * DAY;

    // A new e-mail with the same logo: its download finds the file in place. Just before the
    // transaction that records it, the purge runs: it finds no row but the old e-mail's using
    // the file, commits, and deletes the file after an await.
    downloading = false;
    let purging: Promise<unknown> | undefined;
    const transaction = store.transaction.bind(store);
    vi.spyOn(store, 'transaction').mockImplementation((work) => {
      if (downloading) {
        downloading = false;
        purging = target.purge(30);
      }
      return transaction(work);
    });
    mailWithLogo(target, 'new');
    await target.downloadsIdle();
    expect(purging).toBeDefined();
    expect(await purging).toMatchObject({ interactions: 1 });
    expect(target.interaction('old')).toBeUndefined();

    const kept = target.interaction('new')?.attachments[0]?.localPath;
    expect(kept).toBe(path);
    expect(existsSync(kept ?? '')).toBe(true);
    await target.close();
  });

  it('keeps the file of a download that comes in after the purge decided, and before it deleted', async () => {
    const clock = { now: T0 };
    const { store, target } = writer(clock);
    mailWithLogo(target, 'old');
    await target.downloadsIdle();
    target.apply({ type: 'interactionEnded', interactionId: 'old' });
    const path = target.interaction('old')?.attachments[0]?.localPath ?? '';
    clock.now = T0 + 31 * DAY;

    // The purge's transaction commits its decision; before its delete, a new e-mail with the
    // same logo arrives and its download starts: whichever goes first, the other goes after.
    let deciding = true;
    const transaction = store.transaction.bind(store);
    vi.spyOn(store, 'transaction').mockImplementation((work) => {
      const result = transaction(work);
      if (deciding) {
        deciding = false;
        mailWithLogo(target, 'new');
      }
      return result;
    });
    expect(await target.purge(30)).toMatchObject({ interactions: 1 });
    await target.downloadsIdle();

    const kept = target.interaction('new')?.attachments[0]?.localPath;
    expect(kept).toBe(path);
    expect(existsSync(kept ?? '')).toBe(true);
    await target.close();
  });
});
