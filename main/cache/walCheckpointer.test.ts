import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { WAL_SIZE_LIMIT_BYTES, openDatabase } from './database';
import { CacheStore } from './store';
import { CHECKPOINT_EVERY_COMMITS, WalCheckpointer } from './walCheckpointer';

// A real cache file, its checkpoints run by the real worker thread.

let folder: string;
let path: string;
let store: CacheStore;
let warnings: string[];
const log = { warn: (message: string) => warnings.push(message) };

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'switchboard-checkpoints-'));
  path = join(folder, 'cache.db');
  store = new CacheStore(openDatabase(path));
  warnings = [];
});

afterEach(() => {
  if (store.isOpen()) store.close();
  rmSync(folder, { recursive: true, force: true });
});

/** `count` commits, each one event-log row of ~2 KB (a page or so of the WAL). */
function commit(count: number, from = 0): void {
  for (let n = from; n < from + count; n += 1) {
    store.transaction(() => {
      const accountId = store.accountId({ serverUrl: 'http://127.0.0.1:9', userName: 'ann' });
      store.appendEvent(accountId, `i${n}`, 'chatEventsReceived', null, n, {
        pad: 'x'.repeat(2000),
      });
    });
  }
}

function autocheckpoint(): number {
  return store.db.pragma('wal_autocheckpoint', { simple: true }) as number;
}

/** The database file's own size: a checkpoint copies pages from the WAL into it. */
function fileSize(): number {
  return statSync(path).size;
}

describe('WalCheckpointer', () => {
  it('runs the checkpoints on its worker, not in the main connection’s commits', async () => {
    const checkpointer = new WalCheckpointer(store, path, log);
    expect(await checkpointer.ready()).toBe(true);
    // The main connection no longer checkpoints by itself.
    expect(autocheckpoint()).toBe(0);
    const before = fileSize();
    commit(CHECKPOINT_EVERY_COMMITS * 3);
    // Only a checkpoint writes into the database file; the main connection runs none now.
    await vi.waitFor(() => {
      expect(fileSize()).toBeGreaterThan(before + CHECKPOINT_EVERY_COMMITS * 2000);
    });
    await checkpointer.stop();
    expect(checkpointer.checkpoints).toBeGreaterThanOrEqual(1);
    expect(checkpointer.checkpoints).toBeLessThanOrEqual(3);
    // Handed back: SQLite's default again.
    expect(autocheckpoint()).toBe(1000);
    expect(warnings).toEqual([]);
  });

  it('keeps every commit while it checkpoints beside the writer', async () => {
    const checkpointer = new WalCheckpointer(store, path, log);
    expect(await checkpointer.ready()).toBe(true);
    commit(CHECKPOINT_EVERY_COMMITS * 8);
    await checkpointer.stop();
    store.close();
    const reopened = new CacheStore(openDatabase(path, { readonly: true }));
    try {
      expect(reopened.db.prepare('SELECT count(*) FROM interaction_events').pluck().get()).toBe(
        CHECKPOINT_EVERY_COMMITS * 8,
      );
      expect(reopened.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      reopened.close();
    }
  });

  it('cuts a WAL grown past its limit back once the log starts over (a big purge beside a long read)', async () => {
    const checkpointer = new WalCheckpointer(store, path, log);
    expect(await checkpointer.ready()).toBe(true);
    // A reader holds its snapshot (the quick check at start reads the whole file for seconds):
    // no checkpoint can reach the end of the log, which grows with every commit meanwhile.
    const reader = new BetterSqlite3(path, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM interaction_events').get();
    const accountId = store.accountId({ serverUrl: 'http://127.0.0.1:9', userName: 'ann' });
    const pad = 'x'.repeat(2000);
    let n = 0;
    while (statSync(`${path}-wal`).size < WAL_SIZE_LIMIT_BYTES + 8 * 1024 * 1024)
      store.transaction(() => {
        for (let row = 0; row < 200; row += 1, n += 1)
          store.appendEvent(accountId, `i${String(n)}`, 'chatEventsReceived', null, n, { pad });
      });
    const grown = statSync(`${path}-wal`).size;
    reader.exec('COMMIT');
    reader.close();
    // The shift goes on: the worker's checkpoints reach the end, and a commit starts the log over.
    await vi.waitFor(
      () => {
        commit(CHECKPOINT_EVERY_COMMITS, n);
        n += CHECKPOINT_EVERY_COMMITS;
        expect(statSync(`${path}-wal`).size).toBeLessThanOrEqual(WAL_SIZE_LIMIT_BYTES);
      },
      { timeout: 10_000, interval: 200 },
    );
    console.log(
      `WAL grown to ${(grown / 1e6).toFixed(1)} MB, then ${(statSync(`${path}-wal`).size / 1e6).toFixed(1)} MB`,
    );
    await checkpointer.stop();
    expect(store.db.prepare('SELECT count(*) FROM interaction_events').pluck().get()).toBe(n);
    expect(warnings).toEqual([]);
  });

  it('leaves the checkpoints to the main connection when its worker cannot open the cache', async () => {
    const checkpointer = new WalCheckpointer(store, join(folder, 'missing.db'), log);
    expect(await checkpointer.ready()).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^the WAL checkpoint worker could not open the cache: .+; the main thread checkpoints$/,
    );
    expect(checkpointer.running).toBe(false);
    expect(autocheckpoint()).toBe(1000);
    // The store still commits, and checkpoints itself.
    const before = fileSize();
    commit(1200);
    expect(fileSize()).toBeGreaterThan(before);
    await checkpointer.stop();
  });

  it('settles, and lets the process end, when the store was closed before its worker was ready', async () => {
    const checkpointer = new WalCheckpointer(store, path, log);
    store.close();
    expect(await checkpointer.ready()).toBe(false);
    expect(checkpointer.running).toBe(false);
    await checkpointer.stop();
    expect(warnings).toEqual([]);
  });

  it('stops cleanly before its worker is ready, leaving SQLite’s default', async () => {
    const checkpointer = new WalCheckpointer(store, path, log);
    await checkpointer.stop();
    expect(await checkpointer.ready()).toBe(false);
    expect(checkpointer.running).toBe(false);
    expect(autocheckpoint()).toBe(1000);
    commit(3);
    expect(warnings).toEqual([]);
  });
});
