import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CacheOpenError,
  latestVersion,
  migrate,
  openDatabase,
  openReadOnlyImage,
} from './database';
import { MIGRATIONS, type Migration } from './migrations/index';

const folder = mkdtempSync(join(tmpdir(), 'switchboard-db-'));

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function tables(db: BetterSqlite3.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_schema WHERE type IN ('table') ORDER BY name").all() as {
      name: string;
    }[]
  ).map((row) => row.name);
}

describe('migrations', () => {
  it('are numbered in steps of 10, in order, without gaps or repeats', () => {
    const versions = MIGRATIONS.map((migration) => migration.version);
    expect(versions).toEqual(versions.map((_, index) => (index + 1) * 10));
  });

  it.each(MIGRATIONS.map((migration) => [migration.version, migration.name, migration] as const))(
    'migration %i (%s) applies on :memory: and leaves a sound schema',
    (version, _name, migration) => {
      const db = new BetterSqlite3(':memory:');
      migrate(
        db,
        MIGRATIONS.filter((candidate) => candidate.version < version),
      );
      migrate(
        db,
        MIGRATIONS.filter((candidate) => candidate.version <= migration.version),
      );
      expect(db.pragma('user_version', { simple: true })).toBe(version);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      db.close();
    },
  );

  it('creates STRICT tables keyed by account, and the search index', () => {
    const db = openDatabase(':memory:');
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'accounts',
        'interactions',
        'interaction_events',
        'chat_messages',
        'emails',
        'attachments',
        'settings',
        'preferences',
        'last_account',
        'sealed_passwords',
        'channel_states',
        'search_documents',
        'search_index',
      ]),
    );
    const strict = (
      db
        .prepare(
          "SELECT name FROM pragma_table_list WHERE schema = 'main' AND strict = 1 ORDER BY name",
        )
        .all() as {
        name: string;
      }[]
    ).map((row) => row.name);
    expect(strict).toEqual(
      expect.arrayContaining([
        'accounts',
        'interactions',
        'chat_messages',
        'emails',
        'attachments',
        'settings',
        'preferences',
        'last_account',
        'sealed_passwords',
        'channel_states',
      ]),
    );
    db.close();
  });

  it('runs all pending migrations in one transaction: a failing one leaves the version unchanged', () => {
    const db = new BetterSqlite3(':memory:');
    const broken: Migration = {
      version: latestVersion() + 10,
      name: 'broken',
      up: (database) => {
        database.exec('CREATE TABLE half_done (x INTEGER) STRICT');
        throw new Error('disk on fire');
      },
    };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow(
      `Migration ${broken.version} (broken) failed: disk on fire`,
    );
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(tables(db)).not.toContain('interactions');
    expect(tables(db)).not.toContain('half_done');
    db.close();
  });

  it('is a no-op on an up-to-date database', () => {
    const db = openDatabase(':memory:');
    expect(migrate(db)).toBe(latestVersion());
    db.close();
  });
});

describe('openDatabase', () => {
  it('opens a file with WAL, synchronous=NORMAL, foreign keys and a busy timeout', () => {
    const path = join(folder, 'pragmas.sqlite');
    const db = openDatabase(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    db.close();
  });

  it('makes a new cache, its log and shared memory readable by their owner only', () => {
    // The cache holds every customer's words in clear: made with SQLite's 0644 (the umask's
    // usual 022), another user of the machine read it wherever its folder let them (the one
    // `switchboard listen` makes, or the file given to --db).
    const path = join(folder, 'owner-only.sqlite');
    const db = openDatabase(path);
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('probe', '"x"');
    const modes = readdirSync(folder)
      .filter((name) => name.startsWith('owner-only.sqlite'))
      .map((name) => [name, (statSync(join(folder, name)).mode & 0o777).toString(8)]);
    db.close();
    expect(modes).toEqual([
      ['owner-only.sqlite', '600'],
      ['owner-only.sqlite-shm', '600'],
      ['owner-only.sqlite-wal', '600'],
    ]);
  });

  it('refuses a database from a future version with a clear message, leaving it untouched', () => {
    const path = join(folder, 'future.sqlite');
    const future = new BetterSqlite3(path);
    future.exec('CREATE TABLE precious (x INTEGER)');
    future.pragma(`user_version = ${latestVersion() + 10}`);
    future.close();
    const before = sha256(path);

    let thrown: unknown;
    try {
      openDatabase(path);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(CacheOpenError);
    expect((thrown as CacheOpenError).reason).toBe('futureVersion');
    expect((thrown as CacheOpenError).message).toMatch(/written by a newer Switchboard/);
    expect(sha256(path)).toBe(before);
  });

  it('refuses a file that is not a database, leaving it untouched', () => {
    const path = join(folder, 'garbage.sqlite');
    writeFileSync(path, 'this is not a database, it is a shopping list\n'.repeat(200));
    const before = sha256(path);

    expect(() => openDatabase(path)).toThrow(CacheOpenError);
    expect(() => openDatabase(path)).toThrow(/not a Switchboard cache or is damaged/);
    expect(sha256(path)).toBe(before);
  });

  it('opens read-only without migrating, and says so when the file is missing', () => {
    const path = join(folder, 'readonly.sqlite');
    openDatabase(path).close();
    const reader = openDatabase(path, { readonly: true });
    expect(() => reader.exec('CREATE TABLE nope (x INTEGER)')).toThrow(/readonly/);
    reader.close();
    expect(() => openDatabase(join(folder, 'missing.sqlite'), { readonly: true })).toThrow(
      /Cannot open the cache/,
    );
  });
});

describe('openReadOnlyImage (the read-only folder fallback)', () => {
  /** A WAL cache closed cleanly, as `listen` leaves it: no -wal or -shm beside it. */
  function closedCache(name: string): string {
    const cacheFolder = join(folder, name);
    mkdirSync(cacheFolder);
    const path = join(cacheFolder, 'cache.sqlite');
    const db = openDatabase(path);
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('probe', 'kept');
    db.close();
    expect(readdirSync(cacheFolder)).toEqual(['cache.sqlite']);
    return path;
  }

  it('reads a WAL cache without creating -shm or -wal beside it or changing a byte', () => {
    const path = closedCache('image');
    const before = sha256(path);
    expect(readFileSync(path).subarray(18, 20)).toEqual(Buffer.from([2, 2])); // WAL on disk

    const image = openReadOnlyImage(path);
    expect(image.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(image.prepare('SELECT value FROM settings WHERE key = ?').pluck().get('probe')).toBe(
      'kept',
    );
    expect(image.readonly).toBe(true);
    expect(() => image.exec('CREATE TABLE nope (x INTEGER)')).toThrow(/readonly/);
    image.close();

    expect(readdirSync(join(folder, 'image'))).toEqual(['cache.sqlite']);
    expect(sha256(path)).toBe(before);
  });

  it('refuses a cache whose last changes wait in a -wal without its -shm, rather than hide them', () => {
    const path = closedCache('pending');
    const writer = openDatabase(path);
    writer.pragma('wal_autocheckpoint = 0');
    writer.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('late', 'only in wal');
    // A copy of the folder taken while listen ran, without the -shm (as a backup tool may).
    const copyFolder = join(folder, 'pending-copy');
    mkdirSync(copyFolder);
    copyFileSync(path, join(copyFolder, 'cache.sqlite'));
    copyFileSync(`${path}-wal`, join(copyFolder, 'cache.sqlite-wal'));
    writer.close();

    expect(() => openReadOnlyImage(join(copyFolder, 'cache.sqlite'))).toThrow(
      /last changes are still in .*cache\.sqlite-wal/,
    );
  });

  it('reads a file that is not a database as one that openDatabase then refuses', () => {
    const path = join(folder, 'garbage-image.sqlite');
    writeFileSync(path, 'not a database\n'.repeat(300));
    const image = openReadOnlyImage(path);
    expect(() => image.pragma('user_version')).toThrow(/not a database/);
    image.close();
  });
});
