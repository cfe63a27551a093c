import { closeSync, openSync, readFileSync, statSync } from 'node:fs';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { isCorruption } from './integrity';
import { MIGRATIONS, type Migration } from './migrations/index';

/** Why a cache could not be opened, in words for the person who has to act on it. */
export class CacheOpenError extends Error {
  constructor(
    readonly reason:
      | 'futureVersion'
      | 'notADatabase'
      | 'anotherProgramsDatabase'
      | 'cannotOpen'
      | 'migrationFailed',
    message: string,
  ) {
    super(message);
    this.name = 'CacheOpenError';
  }
}

export interface OpenOptions {
  /**
   * A read-only connection (the search worker's, the command line's); it never migrates the
   * file (an older schema's is migrated as an in-memory image: see upgradedImage). On a
   * read-only folder or mount it reads an image of the file instead (see openReadOnlyImage).
   */
  readonly readonly?: boolean;
  readonly migrations?: readonly Migration[];
}

/**
 * What the write-ahead log's file is cut back to when the log starts over (SQLite's
 * `journal_size_limit`, on the writer's connection). A WAL file never shrinks by itself: the
 * retention purge at start, its transactions back to back while the checkpoint worker copies
 * beside them (and the quick check reads), left the log of a 55,000-interaction cache at 570 MB,
 * almost three times the 206 MB database, and it stayed that size on disk for the whole shift
 * (until the desk quit), a disk of a shared PC filling up under the cache's next writes. A
 * shift's usual log, 128 commits between checkpoints, stays well under it.
 */
export const WAL_SIZE_LIMIT_BYTES = 32 * 1024 * 1024;

/**
 * Makes a new cache's file readable and writable by its owner only (0600), before SQLite makes
 * it with 0644 less the umask: it holds every customer's words in clear, and the folder it is in
 * may be anyone's to read (one `switchboard listen` made, the file given to `--db`). SQLite
 * gives the database's own mode to its -wal and -shm. An existing file keeps its mode; a
 * database in memory (`:memory:`, or `''` for a temporary one) has no file.
 */
export function createOwnerOnly(path: string): void {
  if (path === '' || path === ':memory:' || path.startsWith('file:')) return;
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch {
    // There already (EEXIST), or not to be made here: SQLite's open says why.
  }
}

/** The schema version this build writes. */
export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.at(-1)?.version ?? 0;
}

/**
 * Opens (creating if needed) a cache and brings its schema up to date: WAL, synchronous=NORMAL
 * (durable across crashes of the app; the last transactions may be lost on power loss), foreign
 * keys, a busy timeout. A cache written by a newer Switchboard is refused rather than touched;
 * a file that is not a database is refused without being modified.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Database {
  const migrations = options.migrations ?? MIGRATIONS;
  let db: Database;
  try {
    if (options.readonly !== true) createOwnerOnly(path);
    db = new BetterSqlite3(path, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
    });
  } catch (error) {
    throw new CacheOpenError(
      'cannotOpen',
      `Cannot open the cache at ${path}: ${(error as Error).message}`,
    );
  }
  if (options.readonly === true && lacksWalIndex(db)) {
    db.close();
    db = openReadOnlyImage(path);
  }
  try {
    // Reading the schema is the first access that notices a file that is not a database. One
    // statement, so one snapshot: another Switchboard making this new cache at the same moment
    // is seen before its migration (no tables, no version) or after it (both), never between.
    const { version, holdsTables, holdsInteractions } = db
      .prepare(
        "SELECT (SELECT user_version FROM pragma_user_version) AS version, EXISTS (SELECT 1 FROM sqlite_schema) AS holdsTables, EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'interactions') AS holdsInteractions",
      )
      .get() as { version: number; holdsTables: 0 | 1; holdsInteractions: 0 | 1 };
    if (version > latestVersion(migrations)) {
      throw new CacheOpenError(
        'futureVersion',
        `The cache at ${path} was written by a newer Switchboard (schema ${version}; this version knows up to ${latestVersion(migrations)}). Update Switchboard, or point it at another cache; the file was left untouched.`,
      );
    }
    if (
      (!options.readonly && version === 0 && holdsTables === 1) ||
      (version > 0 && holdsInteractions === 0)
    ) {
      // Switchboard's migrations set the version in the transaction that makes the tables, so
      // a file with tables and no version is another program's: migrating it (after switching
      // it to WAL) wrote Switchboard's tables into it, e.g. `switchboard listen --db` given the
      // wrong file (found by an attack review). Not damage either: it is not to be moved aside.
      // So is a file with a version but without the table the first migration made: a program
      // that keeps its own schema version in user_version (many do) had Switchboard's tables
      // written into it (version 3) or was switched to WAL before a migration failed (20).
      // Read-only, a file with tables and no version is left to the caller, as before.
      throw new CacheOpenError(
        'anotherProgramsDatabase',
        `The file at ${path} is not a Switchboard cache: it is another program's database; it was left untouched.`,
      );
    }
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma(`journal_size_limit = ${String(WAL_SIZE_LIMIT_BYTES)}`);
    }
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) refuseUnwritable(db, path);
    if (!options.readonly) migrate(db, migrations);
    else if (version > 0 && version < latestVersion(migrations)) db = upgradedImage(db, migrations);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof CacheOpenError) throw error;
    const message = (error as Error).message;
    if (isCorruption(error) || /not a database|file is encrypted|malformed/i.test(message)) {
      throw new CacheOpenError(
        'notADatabase',
        `The file at ${path} is not a Switchboard cache or is damaged (${message}); it was left untouched.`,
      );
    }
    throw new CacheOpenError('cannotOpen', `Cannot open the cache at ${path}: ${message}`);
  }
}

/**
 * Refuses a writer's file that SQLite opened read-only. It does so without a word when the file
 * cannot be opened for writing (its permissions, an immutable file, a read-only mount) and, for
 * a cache already in WAL mode and up to date, nothing before the first write noticed: the desk's
 * start then failed on that write and the app did not start, where a cache it cannot use is to
 * leave it running with its cache in memory. A write rolled back at once tells (BEGIN alone
 * does not); nothing reaches the file.
 */
function refuseUnwritable(db: Database, path: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  db.exec('BEGIN');
  try {
    db.pragma(`user_version = ${version}`);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('SQLITE_READONLY')) throw error;
    throw new CacheOpenError(
      'cannotOpen',
      `The cache at ${path} cannot be written (${(error as Error).message}); it was left untouched.`,
    );
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
  }
}

/**
 * What SQLite answers a read-only connection's first read of a WAL cache when it cannot create
 * the `-shm` (and `-wal`) files beside it: a read-only folder (SQLITE_READONLY_DIRECTORY), a
 * read-only mount or a `-wal` left without its `-shm` (SQLITE_CANTOPEN), a `-shm` it cannot set
 * up or lock.
 */
const NO_WAL_INDEX: ReadonlySet<string> = new Set([
  'SQLITE_READONLY_DIRECTORY',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY_CANTINIT',
  'SQLITE_READONLY_CANTLOCK',
]);

/** Whether the connection's first read fails for want of the WAL's `-shm` file. */
function lacksWalIndex(db: Database): boolean {
  try {
    db.pragma('user_version', { simple: true });
    return false;
  } catch (error) {
    // Any other failure (not a database, damaged) is for openDatabase to classify.
    return NO_WAL_INDEX.has((error as { code?: unknown }).code as string);
  }
}

/**
 * Whether another process has the cache file at `path` open (a running desk, a `listen`, a
 * command reading it): asked of SQLite's own locks, which the OS drops when a process ends, so a
 * crashed run leaves none. A connection in WAL mode holds a shared lock on the file for as long
 * as it is open; a connection in `locking_mode=EXCLUSIVE` cannot take its lock while one does,
 * and answers SQLITE_BUSY at once (no busy timeout). Any other failure (a file that is not a
 * database) says nothing of others: false. Not covered: a file system whose locks are not
 * shared between machines (some network shares), and a process that opens it just after. It
 * writes: found alone on the file, this connection's close is the last, and SQLite checkpoints
 * the `-wal` into the file and removes it, as any run's last close does (a read-only connection
 * cannot take the exclusive lock: SQLITE_IOERR_LOCK whether or not another holds the file).
 */
export function openElsewhere(path: string): boolean {
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(path, { fileMustExist: true, timeout: 0 });
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('schema_version');
    return false;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
  } finally {
    db?.close();
  }
}

/**
 * A read-only connection to an in-memory image of the cache file, for a folder or mount where
 * SQLite cannot create the `-shm` file that reading a WAL database in place needs: there a
 * read-only connection to the file fails at its first read (SQLITE_READONLY_DIRECTORY), on a
 * read-only mount even for root. The image is the file's bytes with the header's two WAL bytes
 * (18 and 19) set to rollback mode, since an image has no `-shm`; the file itself is only read.
 * better-sqlite3 is built without URI filenames (SQLITE_USE_URI=0, and it opens without
 * SQLITE_OPEN_URI), so SQLite's `?immutable=1` or `?mode=ro`, which would read the file in place,
 * cannot be asked for; its file-descriptor VFS refuses WAL, and `locking_mode=EXCLUSIVE` fails
 * too (SQLITE_IOERR_LOCK). The image costs about twice the file's size in memory while it is open.
 *
 * Nothing can write beside the file there, so the image is the whole cache unless a `-wal`
 * file with content was left without its `-shm` (a `-wal` with its `-shm` is read in place):
 * that cache is refused rather than shown without its last changes.
 */
export function openReadOnlyImage(path: string): Database {
  let image: Buffer;
  let pendingWal: boolean;
  try {
    image = readFileSync(path);
    pendingWal = (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0) > 0;
  } catch (error) {
    throw new CacheOpenError(
      'cannotOpen',
      `Cannot open the cache at ${path}: ${(error as Error).message}`,
    );
  }
  if (pendingWal)
    throw new CacheOpenError(
      'cannotOpen',
      `The cache at ${path} is in a folder Switchboard cannot write to, and its last changes are still in ${path}-wal without the ${path}-shm file SQLite needs to read them: copy the folder somewhere writable and open the copy.`,
    );
  try {
    return new BetterSqlite3(walHeaderAsRollback(image), { readonly: true });
  } catch (error) {
    throw new CacheOpenError(
      'cannotOpen',
      `Cannot open the cache at ${path}: ${(error as Error).message}`,
    );
  }
}

/**
 * An older Switchboard's cache, as this one reads it: a read-only connection never migrates
 * the file (it may be on a read-only disc, or the desk that owns it upgrades it when it next
 * opens it), and this build's statements name tables and columns the older schema lacks (the
 * command line's `transcript` stopped at "no such table: sent_emails"). So the migrations run
 * on an in-memory image of it instead, taken through the connection (the `-wal`'s last changes
 * included); the file itself is only read. The image costs about twice the file's size in
 * memory while it is open, and the migrations' time (a few rebuild an index) at each open.
 */
function upgradedImage(db: Database, migrations: readonly Migration[]): Database {
  const image = walHeaderAsRollback(db.serialize());
  db.close();
  const copy = new BetterSqlite3(image);
  try {
    copy.pragma('foreign_keys = ON');
    migrate(copy, migrations);
    // Read-only as the connection asked for was.
    copy.pragma('query_only = ON');
    return copy;
  } catch (error) {
    copy.close();
    throw error;
  }
}

/**
 * The image of a WAL database with its header's two WAL bytes (18 and 19) set to rollback mode:
 * an in-memory database has no `-shm` to read a WAL with.
 */
function walHeaderAsRollback(image: Buffer): Buffer {
  if (image.length >= 20 && image[18] === 2 && image[19] === 2) {
    image[18] = 1;
    image[19] = 1;
  }
  return image;
}

/** Runs the migrations newer than `PRAGMA user_version`, all in one transaction. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (!migrations.some((migration) => migration.version > current)) return current;
  const run = db.transaction(() => {
    // The version again, under the write lock (BEGIN IMMEDIATE, below): another process (two
    // listens, the desk and a listen, started together) may have migrated since the read above,
    // and these migrations, run again, failed ("table accounts already exists").
    const now = db.pragma('user_version', { simple: true }) as number;
    for (const migration of migrations.filter((pending) => pending.version > now)) {
      try {
        migration.up(db);
      } catch (error) {
        // Damage met while migrating is damage, not a fault of the migration.
        if (isCorruption(error))
          throw new CacheOpenError(
            'notADatabase',
            `The cache is damaged (${(error as Error).message}); it was left untouched.`,
          );
        throw new CacheOpenError(
          'migrationFailed',
          `Migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`,
        );
      }
      db.pragma(`user_version = ${migration.version}`);
    }
  });
  run.immediate();
  return latestVersion(migrations);
}
