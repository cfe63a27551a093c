import BetterSqlite3, { type Database } from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations/index';

/** Why a cache could not be opened, in words for the person who has to act on it. */
export class CacheOpenError extends Error {
  constructor(
    readonly reason: 'futureVersion' | 'notADatabase' | 'cannotOpen' | 'migrationFailed',
    message: string,
  ) {
    super(message);
    this.name = 'CacheOpenError';
  }
}

export interface OpenOptions {
  /** A read-only connection (the search worker's); it never migrates. */
  readonly readonly?: boolean;
  readonly migrations?: readonly Migration[];
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
  try {
    // Reading the schema is the first access that notices a file that is not a database.
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > latestVersion(migrations)) {
      throw new CacheOpenError(
        'futureVersion',
        `The cache at ${path} was written by a newer Switchboard (schema ${version}; this version knows up to ${latestVersion(migrations)}). Update Switchboard, or point it at another cache; the file was left untouched.`,
      );
    }
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof CacheOpenError) throw error;
    const message = (error as Error).message;
    if (/not a database|file is encrypted|malformed/i.test(message)) {
      throw new CacheOpenError(
        'notADatabase',
        `The file at ${path} is not a Switchboard cache or is damaged (${message}); it was left untouched.`,
      );
    }
    throw new CacheOpenError('cannotOpen', `Cannot open the cache at ${path}: ${message}`);
  }
}

/** Runs the migrations newer than `PRAGMA user_version`, all in one transaction. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = migrations.filter((migration) => migration.version > current);
  if (pending.length === 0) return current;
  const run = db.transaction(() => {
    for (const migration of pending) {
      try {
        migration.up(db);
      } catch (error) {
        throw new CacheOpenError(
          'migrationFailed',
          `Migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`,
        );
      }
      db.pragma(`user_version = ${migration.version}`);
    }
  });
  run();
  return latestVersion(migrations);
}
