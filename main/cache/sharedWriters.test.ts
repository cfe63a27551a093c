import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { latestVersion, migrate, openDatabase } from './database';
import { CacheStore } from './store';

// Two processes writing one cache file: the desk and a `switchboard listen` beside it (the
// command's --db defaults to the desk's own cache), or two `listen`s of a shared workstation.

let folder: string;
let path: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'switchboard-writers-'));
  path = join(folder, 'cache.sqlite');
  openDatabase(path).close();
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

/**
 * Another process holding the cache's write lock for `ms`, as a commit of the other writer
 * does; resolves once it holds it, with a promise of its exit (in an object: returned bare, the
 * promise would be awaited too).
 */
async function otherWriterHolding(ms: number): Promise<{ exited: Promise<number | null> }> {
  const script = `
    const db = require('better-sqlite3')(process.argv[1]);
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('holding\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, Number(process.argv[2]));`;
  const other = spawn(process.execPath, ['-e', script, path, String(ms)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => other.on('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    other.stdout.once('data', () => {
      resolve();
    });
    other.once('close', () => {
      reject(new Error('the other writer ended before it held the lock'));
    });
  });
  return { exited };
}

describe('a cache two processes write', () => {
  it('waits for the other writer’s commit (the busy timeout) rather than fail at once', async () => {
    const store = new CacheStore(openDatabase(path));
    try {
      const account = store.accountId({ serverUrl: 'http://127.0.0.1:9', userName: 'ann' });
      const other = await otherWriterHolding(300);
      // A writer's transaction reads before it writes (is the interaction known? what changed?).
      // Begun as a reader (BEGIN DEFERRED), its first write then found the lock taken and SQLite
      // answered SQLITE_BUSY at once, without the busy timeout: listen beside the desk warned
      // "skipped …: database is locked" and said the cache could not store events.
      store.transaction(() => {
        expect(store.accounts()).toHaveLength(1);
        store.upsertInteraction(
          account,
          { id: 'chat-1', channel: 'chat', state: 'Invited', capabilities: [], userData: {} },
          1_000,
        );
      });
      expect(store.interactionRecord(account, 'chat-1')?.state).toBe('Invited');
      expect(await other.exited).toBe(0);
    } finally {
      store.close();
    }
  });
});

/**
 * Another process migrating a new cache, its migrations applied but not yet committed; it
 * commits after `ms`. Resolves once it holds the write lock.
 */
async function otherMigrating(
  file: string,
  ms: number,
): Promise<{ exited: Promise<number | null> }> {
  const script = `
    import BetterSqlite3 from 'better-sqlite3';
    import { migrate } from ${JSON.stringify(new URL('./database.ts', import.meta.url).pathname)};
    const db = new BetterSqlite3(process.argv[1]);
    db.pragma('journal_mode = WAL');
    db.exec('BEGIN IMMEDIATE');
    migrate(db);
    process.stdout.write('holding\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, Number(process.argv[2]));`;
  const other = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script, file, String(ms)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<number | null>((resolve) => other.on('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    other.stdout.once('data', () => {
      resolve();
    });
    other.once('close', () => {
      reject(new Error('the other process ended before it held the lock'));
    });
  });
  return { exited };
}

/**
 * Another process (a second desk on the same data folder) reading account `account`'s library
 * for the first time, which offers it the example responses, in a transaction it commits after
 * `ms`. Resolves once it holds the write lock, the examples written.
 */
async function otherOfferingExamples(
  account: number,
  ms: number,
): Promise<{ exited: Promise<number | null> }> {
  const script = `
    import BetterSqlite3 from 'better-sqlite3';
    import { LibraryStore } from ${JSON.stringify(new URL('./library.ts', import.meta.url).pathname)};
    const db = new BetterSqlite3(process.argv[1]);
    db.exec('BEGIN IMMEDIATE');
    new LibraryStore(db).responses(Number(process.argv[3]));
    process.stdout.write('holding\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, Number(process.argv[2]));`;
  const other = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script, path, String(ms), String(account)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<number | null>((resolve) => other.on('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    other.stdout.once('data', () => {
      resolve();
    });
    other.once('close', () => {
      reject(new Error('the other process ended before it held the lock'));
    });
  });
  return { exited };
}

describe("an agent's library two processes read at once", () => {
  it('offers the example responses once, not once per process', async () => {
    const store = new CacheStore(openDatabase(path));
    try {
      const account = store.accountId({ serverUrl: 'http://127.0.0.1:9', userName: 'ann' });
      const other = await otherOfferingExamples(account, 300);
      // Read while the other's examples are not committed: it found none offered, waited for
      // the write lock, and added them a second time.
      const names = store
        .library()
        .responses(account)
        .map((response) => response.name);
      expect(names).toEqual(['Closing', 'Greeting', 'Looking into it']);
      expect(await other.exited).toBe(0);
    } finally {
      store.close();
    }
  });
});

describe('a new cache two processes open at once', () => {
  it('is migrated by one of them, the other finding it migrated, not failing', async () => {
    // Two listens a script starts together for a shared workstation's agents, or the desk and a
    // listen starting as the machine does: both read version 0, both migrated, and the second
    // failed with "Migration 10 (initial schema) failed: table accounts already exists" (1 run
    // in 6 of two openDatabase calls started together).
    const file = join(folder, 'new.sqlite');
    const other = await otherMigrating(file, 300);
    const db = new BetterSqlite3(file);
    try {
      db.pragma('busy_timeout = 5000');
      expect(migrate(db)).toBe(latestVersion());
      expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
      expect(await other.exited).toBe(0);
    } finally {
      db.close();
    }
  });
});
