import { existsSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * A damaged cache, and the way out of one: finding damage without holding up the start
 * ({@link checkIntegrity}, a `PRAGMA quick_check` on a worker thread), recognising SQLite's
 * corruption errors met while running ({@link isCorruption}), and moving the damaged file aside,
 * kept, so that a fresh cache can take its place ({@link moveAside}).
 */

/**
 * What a quick check found: `sound`; `damaged`, with SQLite's first lines about the damage; or
 * `unchecked` when the check could not run for a reason that says nothing of damage (the file
 * is gone, locked, unreadable), with that reason.
 */
export type IntegrityReport =
  | { readonly status: 'sound'; readonly path: string; readonly millis: number }
  | {
      readonly status: 'damaged' | 'unchecked';
      readonly path: string;
      readonly millis: number;
      /** quick_check's own words (at most a few lines), or the error it met. */
      readonly problems: readonly string[];
    };

/** How many lines of quick_check's report are kept: enough to name the damage. */
const REPORTED_PROBLEMS = 5;

/**
 * The worker's whole program, kept in this module so that it needs no entry of its own in the
 * build: the worker is evaluated from text, and better-sqlite3 is required by the absolute path
 * the main thread resolved (an evaluated worker would otherwise resolve it from the current
 * folder, which an installed app does not control).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const BetterSqlite3 = require(workerData.driver);
// The native driver loads with the first database made, not with the require above: a database
// in memory loads it now. Loaded: from now on the main thread may terminate this worker (see
// checkIntegrity). Said after the require alone, a terminate while the first real database
// loaded the driver aborted the whole process ("FATAL ERROR: Error::New
// napi_get_last_error_info", SIGABRT: a CI run's test worker of 2026-12-07, with every file it
// still had to run).
new BetterSqlite3(':memory:').close();
parentPort.postMessage('loaded');
const started = Date.now();
let problems;
let failed = false;
// Stopped while the driver loaded: the cache's owner has closed it, so it is not opened.
if (Atomics.load(new Int32Array(workerData.stopped), 0) === 1) process.exit(0);
try {
  const db = new BetterSqlite3(workerData.path, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    problems = db.pragma('quick_check(' + workerData.limit + ')').map((row) => String(row.quick_check));
  } finally {
    db.close();
  }
} catch (error) {
  failed = true;
  problems = [String(error && error.message ? error.message : error)];
  // Damage that stops quick_check itself is damage; anything else says nothing about it.
  if (error && /^SQLITE_(CORRUPT|NOTADB)(_|$)/.test(String(error.code))) failed = false;
}
parentPort.postMessage({ problems, failed, millis: Date.now() - started });
`;

/**
 * Runs `PRAGMA quick_check` on the cache at `path` on a worker thread with its own read-only
 * connection, so the window and the event writer never wait for it (it reads the whole file:
 * about 8 s for 386 MB). Never rejects: a check that cannot run reports why as its problem.
 */
export function checkIntegrity(path: string, signal?: AbortSignal): Promise<IntegrityReport> {
  const started = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const settle = (report: IntegrityReport) => {
      if (settled) return;
      settled = true;
      resolve(report);
    };
    let worker: Worker;
    // Set when the check is stopped, read by the worker before it opens the cache.
    const stopped = new Int32Array(new SharedArrayBuffer(4));
    try {
      worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: {
          path,
          limit: REPORTED_PROBLEMS,
          driver: createRequire(import.meta.url).resolve('better-sqlite3'),
          stopped: stopped.buffer,
        },
      });
    } catch (error) {
      settle({
        status: 'unchecked',
        path,
        millis: Date.now() - started,
        problems: [String(error)],
      });
      return;
    }
    // The check must never keep the process alive (a CLI that is done, a desk shutting down).
    worker.unref();
    // Closing the cache stops a check under way: its read-only connection must not touch the
    // files (e.g. create the -shm) once their owner has closed them.
    // A worker terminated while it loads the native driver takes the whole process down (Node
    // aborts in napi_module_register): until the worker says the driver is loaded, stopping only
    // raises the flag, and the worker ends by itself before opening the cache.
    let loaded = false;
    let stopping = false;
    const stop = () => {
      settle({ status: 'unchecked', path, millis: Date.now() - started, problems: ['stopped'] });
      stopping = true;
      Atomics.store(stopped, 0, 1);
      if (loaded) void worker.terminate();
    };
    if (signal?.aborted === true) stop();
    else signal?.addEventListener('abort', stop, { once: true });
    worker.on(
      'message',
      (answer: 'loaded' | { problems: string[]; failed: boolean; millis: number }) => {
        if (answer === 'loaded') {
          loaded = true;
          if (stopping) void worker.terminate();
          return;
        }
        const { problems, failed, millis } = answer;
        if (failed) settle({ status: 'unchecked', path, millis, problems });
        else if (problems.length === 1 && problems[0] === 'ok')
          settle({ status: 'sound', path, millis });
        else settle({ status: 'damaged', path, millis, problems });
      },
    );
    worker.once('error', (error) => {
      settle({
        status: 'unchecked',
        path,
        millis: Date.now() - started,
        problems: [error.message],
      });
    });
    worker.once('exit', (code) => {
      settle({
        status: 'unchecked',
        path,
        millis: Date.now() - started,
        problems: [`the check stopped (exit ${code})`],
      });
    });
  });
}

/** SQLite's result codes (primary and extended) that mean the file's content is damaged. */
const CORRUPTION_CODES = /^SQLITE_(CORRUPT|NOTADB)(_|$)/;

/** Whether an error thrown by better-sqlite3 says the database file is damaged. */
export function isCorruption(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return CORRUPTION_CODES.test(code);
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && /database disk image is malformed/i.test(message);
}

/**
 * What a write the cache refused says of the disk under it, as the agent is told it:
 * `cacheFull` (SQLITE_FULL: no room left, a quota used up), `cacheNotWritable` (an I/O error,
 * the file read-only or not to be opened: its rights changed, the disk failing, a file-size
 * limit); undefined for any other error. A trouble of the machine, not of the request: trying
 * again once it is mended succeeds.
 */
export function storageRefusalOf(error: unknown): 'cacheFull' | 'cacheNotWritable' | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return undefined;
  if (/^SQLITE_FULL(_|$)/.test(code)) return 'cacheFull';
  if (/^SQLITE_(IOERR|READONLY|CANTOPEN)(_|$)/.test(code)) return 'cacheNotWritable';
  return undefined;
}

/** Where a damaged cache goes: beside itself, named for the moment it was moved. */
export function damagedName(path: string, at: Date = new Date()): string {
  // 2026-12-02T02:30:00.000Z → 2026-12-02T02-30-00: no colons (Windows), sorts by time.
  const stamp = at.toISOString().slice(0, 19).replaceAll(':', '-');
  let candidate = `${path}.damaged-${stamp}`;
  for (let n = 2; existsSync(candidate); n++) candidate = `${path}.damaged-${stamp}-${n}`;
  return candidate;
}

/** The files of a moved cache: the database and the WAL files that went with it. */
export interface MovedCache {
  readonly from: string;
  readonly to: string;
  /** Every file renamed, as [old path, new path]; the `-wal` and `-shm` only when they existed. */
  readonly files: readonly (readonly [string, string])[];
}

/**
 * Moves a damaged cache aside, never deleting it: renames `path` and its `-wal` and `-shm`
 * files to `<path>.damaged-<UTC time>` (with the same suffixes), so a fresh cache can be opened
 * at `path` and the old one kept for whoever wants to rescue it. The connection to it must be
 * closed (SQLite's WAL files belong to the open connection). The database is renamed last, and
 * a failure part-way puts what was renamed back: the cache stays together where it was.
 */
export function moveAside(path: string, at: Date = new Date()): MovedCache {
  const to = damagedName(path, at);
  const files: [string, string][] = [];
  try {
    for (const suffix of ['-wal', '-shm']) {
      if (!existsSync(`${path}${suffix}`)) continue;
      renameSync(`${path}${suffix}`, `${to}${suffix}`);
      files.push([`${path}${suffix}`, `${to}${suffix}`]);
    }
    renameSync(path, to);
  } catch (error) {
    // The WAL files renamed already go back beside their database: left aside, the database
    // was opened without its last transactions, and the next move set it aside under another
    // name than its -wal's.
    for (const [from, moved] of files.reverse()) renameSync(moved, from);
    throw error;
  }
  files.unshift([path, to]);
  return { from: path, to, files };
}
