import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { CacheHealth } from '../../common/contract';
import { SwitchboardFailure, describeError } from '../../common/errors';
import { Listeners } from '../../common/listeners';
import { CacheOpenError, openDatabase, openElsewhere } from '../cache/database';
import { checkIntegrity, isCorruption, moveAside, type MovedCache } from '../cache/integrity';

/** How often the desk looks whether its cache file is still there ({@link CacheHealthMonitor.watchTheFile}). */
export const FILE_WATCH_MS = 10_000;

/** The file beside a cache that asks the next start to move the cache aside. */
export function moveAsideMarker(path: string): string {
  return `${path}.move-aside`;
}

/** The cache a desk runs on, and what the opening found. */
export interface OpenedCache {
  readonly db: Database;
  /** False for an in-memory cache (a newer Switchboard's file was left alone). */
  readonly onDisk: boolean;
  readonly health: CacheHealth;
}

/** Where the cache's findings are written (the desk's log). */
export interface CacheHealthLog {
  info(message: string): void;
  warn(message: string): void;
}

/**
 * Opens the desk's cache so that the desk always starts: a file that is not a database or is
 * damaged (or that the agent asked to move aside last time) is moved aside, kept, and a fresh
 * cache opened in its place; a cache written by a newer Switchboard, or one that cannot be
 * opened for another reason (a folder it cannot write, a failed migration), is left untouched
 * and this run keeps its cache in memory, saying so.
 */
export function openDeskCache(path: string, log: CacheHealthLog): OpenedCache {
  const marker = moveAsideMarker(path);
  if (existsSync(marker)) {
    let moved: MovedCache | undefined;
    try {
      moved = existsSync(path) ? moveAsideUnlessOpen(path) : undefined;
    } catch (moveError) {
      // A file that cannot be renamed now (held open by another program on Windows, a folder
      // made read-only) threw out of the desk's start: the app did not start. The marker stays,
      // so the move is tried again at the next start.
      return inMemory(
        path,
        `The cache at ${path} could not be moved aside as asked (${describeError(moveError)}); it is tried again at the next start.`,
        log,
        'other',
      );
    }
    rmSync(marker, { force: true });
    const db = openDatabase(path);
    const message =
      moved === undefined
        ? 'A fresh cache was started, as asked.'
        : `As asked, the damaged cache was moved aside to ${moved.to} (kept, not deleted) and a fresh one started.`;
    log.warn(message);
    return {
      db,
      onDisk: true,
      health: {
        state: moved === undefined ? 'sound' : 'movedAside',
        path,
        ...(moved === undefined ? {} : { movedTo: moved.to }),
        message,
      },
    };
  }
  try {
    return {
      db: openDatabase(path),
      onDisk: true,
      health: { state: 'sound', path, message: 'The cache is sound.' },
    };
  } catch (error) {
    if (!(error instanceof CacheOpenError)) throw error;
    if (error.reason === 'notADatabase') return freshInPlaceOf(path, error.message, log);
    // A newer Switchboard's cache, or another program's database, is not ours to move; a cache
    // that cannot be opened (a folder it cannot write, a failed migration) is not shown to be
    // damaged, and a fresh file beside it would likely fail the same way. Either way the desk
    // runs, its cache in memory.
    return inMemory(
      path,
      error.message,
      log,
      error.reason === 'futureVersion' ? 'newerVersion' : 'other',
    );
  }
}

/**
 * Moves the unreadable cache at `path` (closed) aside, kept, and opens a fresh cache in its
 * place; one that cannot be moved is left where it is, and this run keeps its cache in memory.
 * `finding` says what made it unreadable.
 */
export function freshInPlaceOf(path: string, finding: string, log: CacheHealthLog): OpenedCache {
  try {
    const moved = moveAsideUnlessOpen(path);
    const db = openDatabase(path);
    const message = `The cache at ${path} could not be read (it is damaged or not a Switchboard cache): it was moved aside to ${moved.to} (kept, not deleted) and a fresh cache started. History from before is not shown.`;
    log.warn(message);
    return {
      db,
      onDisk: true,
      health: { state: 'movedAside', path, movedTo: moved.to, message },
    };
  } catch (moveError) {
    return inMemory(
      path,
      `${finding} It could not be moved aside either (${describeError(moveError)}).`,
      log,
      'other',
    );
  }
}

/**
 * Moves the cache aside ({@link moveAside}) unless another process has it open: renamed under a
 * `switchboard listen` (or another desk) on it, the file that process went on writing was the
 * one set aside, and what it stored from then on was lost with it (`switchboard check
 * --move-aside` refuses so too).
 */
function moveAsideUnlessOpen(path: string): MovedCache {
  if (openElsewhere(path))
    throw new Error(
      'it is open in another Switchboard (a switchboard listen, or another desk): close that first',
    );
  return moveAside(path);
}

/** A cache in memory for this run, with the reason the file is not used. */
function inMemory(
  path: string,
  reason: string,
  log: CacheHealthLog,
  because: 'newerVersion' | 'other',
): OpenedCache {
  const message = `${reason} This run keeps its cache in memory: nothing is saved for the next start.`;
  log.warn(message);
  return {
    db: openDatabase(':memory:'),
    onDisk: false,
    health: { state: 'inMemory', path, inMemoryBecause: because, message },
  };
}

/**
 * The cache's health while the desk runs: the quick check after start, SQLite's corruption
 * errors met by the writer, and the agent's choice to move the cache aside. Each change is
 * logged and pushed to its listeners (the renderer's banner).
 */
export class CacheHealthMonitor {
  private current: CacheHealth;
  private readonly listeners: Listeners<[CacheHealth]>;
  private running: Promise<CacheHealth> | undefined;
  private readonly stopping = new AbortController();
  /** The file the desk opened (device and inode): a file of the same name made since is another. */
  private readonly openedFile: { readonly dev: number; readonly ino: number } | undefined;
  private watching: NodeJS.Timeout | undefined;

  constructor(
    private readonly opened: OpenedCache,
    private readonly log: CacheHealthLog,
  ) {
    this.current = opened.health;
    this.listeners = new Listeners<[CacheHealth]>((error) => {
      log.warn(`cache health listener failed: ${String(error)}`);
    });
    const file = opened.onDisk
      ? statSync(opened.health.path, { throwIfNoEntry: false })
      : undefined;
    this.openedFile = file === undefined ? undefined : { dev: file.dev, ino: file.ino };
  }

  get health(): CacheHealth {
    return this.current;
  }

  onChange(listener: (health: CacheHealth) => void): () => void {
    return this.listeners.add(listener);
  }

  /**
   * Runs the quick check on a worker thread (never awaited by the start) and reports damage.
   * Resolves to the health after the check.
   */
  check(): Promise<CacheHealth> {
    this.running ??= this.runCheck();
    return this.running;
  }

  /** Stops a quick check under way and waits until it has let go of the file. */
  async close(): Promise<void> {
    this.stopping.abort();
    clearInterval(this.watching);
    await this.running;
  }

  /**
   * Looks every `everyMs` whether the cache file is still there ({@link lookForTheFile}). The
   * open connection goes on writing to a file deleted under it (Linux, macOS), which the OS
   * frees when the desk closes: nothing said so, and everything stored went with it.
   */
  watchTheFile(everyMs = FILE_WATCH_MS): void {
    if (this.openedFile === undefined || this.watching !== undefined) return;
    this.watching = setInterval(() => {
      this.lookForTheFile();
    }, everyMs);
    this.watching.unref();
  }

  /** Whether the file the desk opened is still at its path (not deleted, nor replaced). */
  fileStillThere(): boolean {
    if (this.openedFile === undefined) return true;
    const now = statSync(this.current.path, { throwIfNoEntry: false });
    return now?.dev === this.openedFile.dev && now.ino === this.openedFile.ino;
  }

  /** Says so (the banner) once the cache file is found deleted or replaced. */
  lookForTheFile(): CacheHealth {
    if (this.current.state === 'fileDeleted' || this.fileStillThere()) return this.current;
    return this.set({
      state: 'fileDeleted',
      path: this.current.path,
      message: `The cache file ${this.current.path} was deleted (or replaced) while the desk runs: what it held and what is stored from now on is kept on the open file, and written back when the desk closes.`,
    });
  }

  /**
   * Before the connection closes: a cache file deleted under the desk is written back from the
   * open connection (SQLite's backup), so that nothing stored is lost with it. To its path, its
   * folder made again; where another file took its place meanwhile (a new cache another run
   * made), beside it, that one left as it is. Answers where it went, or undefined when the file
   * is still there. `backup` writes the open cache to a file (CacheStore.backupTo).
   */
  async writeBackIfDeleted(backup: (target: string) => Promise<void>): Promise<string | undefined> {
    if (this.fileStillThere()) return undefined;
    this.lookForTheFile();
    const path = this.current.path;
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const target = existsSync(path) ? `${path}.recovered-${String(Date.now())}` : path;
    await backup(target);
    this.log.warn(`the deleted cache was written back to ${target}`);
    return target;
  }

  private closed(): boolean {
    return this.stopping.signal.aborted;
  }

  private async runCheck(): Promise<CacheHealth> {
    if (!this.opened.onDisk || this.closed()) return this.current;
    const report = await checkIntegrity(this.current.path, this.stopping.signal);
    // Closed meanwhile: the check was stopped, which says nothing about the file.
    if (this.closed()) return this.current;
    if (report.status === 'sound') {
      this.log.info(`cache quick check: ok (${report.millis} ms)`);
      return this.current;
    }
    if (report.status === 'unchecked') {
      this.log.warn(`the cache could not be checked: ${report.problems.join('; ')}`);
      return this.current;
    }
    this.damaged(`the quick check found: ${report.problems.join('; ')}`);
    return this.current;
  }

  /** A SQLite error met while running: reported if it says the file is damaged. */
  corrupted(error: unknown): void {
    if (!isCorruption(error)) return;
    this.damaged(`SQLite answered: ${error instanceof Error ? error.message : String(error)}`);
  }

  /**
   * The agent's way out: the running desk holds the file open, so the move is asked of the next
   * start (a marker file beside the cache), which moves it aside and opens a fresh one.
   */
  moveAside(): CacheHealth {
    if (!this.opened.onDisk)
      throw new SwitchboardFailure(
        'invalidState',
        'This run keeps its cache in memory: there is no file to move aside.',
        'cacheInMemory',
      );
    // Asked again: the move stays scheduled, once.
    if (this.current.state === 'moveScheduled') return this.current;
    // Only damage is a reason (the banner offers the move for nothing else): a sound cache set
    // aside at the next start would take every account's work from the desk (found by an
    // attack review: the renderer could ask at any time).
    if (this.current.state !== 'damaged')
      throw new SwitchboardFailure(
        'invalidState',
        'The cache is not damaged: there is nothing to move aside.',
        'cacheNotDamaged',
      );
    writeFileSync(moveAsideMarker(this.current.path), `${new Date().toISOString()}\n`);
    return this.set({
      state: 'moveScheduled',
      path: this.current.path,
      message:
        'Restart Switchboard: the damaged cache will be moved aside (kept, not deleted) and a fresh one started.',
    });
  }

  private damaged(finding: string): void {
    if (this.current.state === 'damaged' || this.current.state === 'moveScheduled') return;
    this.set({
      state: 'damaged',
      path: this.current.path,
      message: `The cache at ${this.current.path} is damaged (${finding}). Move it aside and start a fresh one; the damaged file is kept.`,
    });
  }

  private set(health: CacheHealth): CacheHealth {
    this.current = health;
    this.log.warn(health.message);
    this.listeners.emit(health);
    return health;
  }
}
