import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { CacheStore } from './store';

/**
 * The write-ahead log's checkpoints on a worker thread, so that the main thread's commits never
 * wait for them.
 *
 * Why: in WAL mode SQLite copies the log back into the database file (a checkpoint) from inside
 * the commit that takes the log past 1,000 pages, on the committing thread, with two fsyncs.
 * While notifications stream in that is every ~150 chat lines, and each such commit took 1.5–6
 * ms on the machine that measured it instead of 0.15 ms (far more on a laptop disk), on the
 * thread that also answers the window. Here the main connection's automatic checkpoints are
 * turned off (`wal_autocheckpoint = 0`) and a worker with its own connection runs a PASSIVE
 * checkpoint (which waits for no reader or writer: it copies what it can) after every
 * {@link CHECKPOINT_EVERY_COMMITS} commits of the store's transactions, as SQLite's WAL page
 * suggests ("turn off the automatic checkpoints and run checkpoints during idle moments or in a
 * separate thread or process"). Writes outside `CacheStore.transaction` (a preference saved on
 * its own) are not counted: they are few, and the next checkpoint copies them too.
 *
 * Nothing depends on it: a worker that cannot start or stops gives the checkpoints back to the
 * main connection (its default of 1,000 pages), with a warning. Checkpoints move data between
 * files SQLite already keeps consistent, so what a commit made durable stays durable either way.
 */

/** Commits between checkpoints: about SQLite's 1,000-page default at ~6 pages a chat line. */
export const CHECKPOINT_EVERY_COMMITS = 128;

/** SQLite's own default, restored on the main connection when the worker is not there. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

/** Slots of the shared counters: commits reported, wake-ups asked, and the stop flag. */
const COMMITS = 0;
const WAKE = 1;
const STOP = 2;

export interface WalCheckpointerLog {
  warn(message: string): void;
}

/**
 * The worker's program, evaluated from text so that the build needs no entry for it (as the
 * integrity check's); better-sqlite3 is required by the path the main thread resolved. It waits
 * for a wake-up, checkpoints when commits were reported since the last one, and ends when told.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const BetterSqlite3 = require(workerData.driver);
const signal = new Int32Array(workerData.signal);
const [COMMITS, WAKE, STOP] = [${COMMITS}, ${WAKE}, ${STOP}];
let db;
try {
  db = new BetterSqlite3(workerData.path, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
} catch (error) {
  parentPort.postMessage({ failed: String(error && error.message ? error.message : error) });
  process.exit(0);
}
parentPort.postMessage({ ready: true });
let checkpointedAt = Atomics.load(signal, COMMITS);
let checkpoints = 0;
for (;;) {
  // Read before the stop flag: a stop asked after this read changes it, so the wait below
  // returns at once instead of missing the wake-up.
  const wake = Atomics.load(signal, WAKE);
  if (Atomics.load(signal, STOP) === 1) break;
  const commits = Atomics.load(signal, COMMITS);
  if (commits !== checkpointedAt) {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
      checkpoints += 1;
    } catch (error) {
      parentPort.postMessage({ warning: String(error && error.message ? error.message : error) });
    }
    checkpointedAt = commits;
  }
  Atomics.wait(signal, WAKE, wake);
}
db.close();
parentPort.postMessage({ stopped: true, checkpoints });
`;

type WorkerMessage =
  | { readonly ready: true }
  | { readonly failed: string }
  | { readonly warning: string }
  | { readonly stopped: true; readonly checkpoints: number };

export class WalCheckpointer {
  private readonly signal = new Int32Array(new SharedArrayBuffer(3 * 4));
  private readonly db: Database;
  private readonly worker: Worker | undefined;
  private readonly exited: Promise<void>;
  private readonly settled: Promise<boolean>;
  private settle: (running: boolean) => void = () => undefined;
  private active = false;
  private stopping = false;
  private failed = false;
  /** How many checkpoints the worker ran, known once it has stopped. */
  private ran = 0;

  /**
   * Starts the worker on the database file at `path`, which the store's connection (the main
   * one, in WAL mode) has open, and counts the store's commits. The main connection keeps
   * checkpointing itself until the worker has opened the file; never throws (a failure is
   * logged and leaves SQLite's default).
   */
  constructor(
    private readonly store: CacheStore,
    path: string,
    private readonly log: WalCheckpointerLog,
  ) {
    const db = store.db;
    this.db = db;
    this.settled = new Promise((resolve) => {
      this.settle = resolve;
    });
    let exitedResolve: () => void = () => undefined;
    this.exited = new Promise((resolve) => {
      exitedResolve = resolve;
    });
    try {
      this.worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: {
          path,
          driver: createRequire(import.meta.url).resolve('better-sqlite3'),
          signal: this.signal.buffer,
        },
      });
    } catch (error) {
      this.handBack(`could not start: ${String(error)}`);
      exitedResolve();
      return;
    }
    // Never what keeps a process alive once it runs (kept referenced while it starts and while
    // it stops, so that awaiting either keeps the event loop going).
    const worker = this.worker;
    void this.settled.then(() => {
      if (!this.stopping) worker.unref();
    });
    this.worker.on('message', (message: WorkerMessage) => {
      if ('ready' in message) {
        // Closed without stop(): the worker idles, unreferenced, until the process ends.
        if (this.stopping || !db.open) {
          this.settle(false);
          return;
        }
        db.pragma('wal_autocheckpoint = 0');
        this.active = true;
        store.observeCommits(() => {
          this.committed();
        });
        this.settle(true);
      } else if ('failed' in message) this.handBack(`could not open the cache: ${message.failed}`);
      else if ('warning' in message) this.log.warn(`a WAL checkpoint failed: ${message.warning}`);
      else this.ran = message.checkpoints;
    });
    this.worker.once('error', (error) => {
      this.handBack(`failed: ${error.message}`);
    });
    this.worker.once('exit', () => {
      if (!this.stopping) this.handBack('stopped');
      exitedResolve();
    });
  }

  /** The main connection committed a transaction: every so many, the worker checkpoints. */
  private committed(): void {
    if (!this.active) return;
    const commits = Atomics.add(this.signal, COMMITS, 1) + 1;
    if (commits % CHECKPOINT_EVERY_COMMITS === 0) this.wake();
  }

  /** Whether checkpoints run on the worker now (else the main connection runs them). */
  get running(): boolean {
    return this.active;
  }

  /**
   * Resolves once the worker runs the checkpoints (true) or has handed them back (false). The
   * answer comes through the event loop: a caller that then works synchronously for long (a
   * benchmark, a replay) awaits it first.
   */
  ready(): Promise<boolean> {
    return this.settled;
  }

  /** How many checkpoints the worker ran; known after {@link stop}. */
  get checkpoints(): number {
    return this.ran;
  }

  /**
   * Gives the checkpoints back to the main connection and waits until the worker has closed its
   * connection (before the caller closes the main one).
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.restoreDefault();
    this.settle(false);
    // The flag first, then the wake-up (the worker reads them in the other order).
    Atomics.store(this.signal, STOP, 1);
    this.wake();
    this.worker?.ref();
    await this.exited;
  }

  private wake(): void {
    Atomics.add(this.signal, WAKE, 1);
    Atomics.notify(this.signal, WAKE);
  }

  private handBack(reason: string): void {
    this.restoreDefault();
    this.settle(false);
    // Said once: a worker that failed also exits.
    if (!this.stopping && !this.failed)
      this.log.warn(`the WAL checkpoint worker ${reason}; the main thread checkpoints`);
    this.failed = true;
  }

  private restoreDefault(): void {
    if (this.active) this.store.observeCommits(undefined);
    if (this.active && this.db.open)
      this.db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
    this.active = false;
  }
}
