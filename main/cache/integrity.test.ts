import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCache, overwriteMiddlePages } from '../../tests/support/damage';
import { openDatabase } from './database';
import {
  checkIntegrity,
  damagedName,
  isCorruption,
  moveAside,
  storageRefusalOf,
  type IntegrityReport,
} from './integrity';

const folder = mkdtempSync(join(tmpdir(), 'switchboard-integrity-'));

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

describe('checkIntegrity (quick_check on a worker thread)', () => {
  it('passes a sound cache and reports 3 overwritten pages of ~1,600', async () => {
    const path = join(folder, 'damaged.sqlite');
    buildCache(path, 1600);
    const sound = await checkIntegrity(path);
    expect(sound.status).toBe('sound');

    const { pageCount, overwritten } = overwriteMiddlePages(path, 3);
    expect(pageCount).toBeGreaterThan(1500);
    expect(overwritten).toHaveLength(3);
    // The file still opens: the damage is only found by reading the pages (as the attack saw).
    openDatabase(path).close();

    const report = await checkIntegrity(path);
    expect(report.status).toBe('damaged');
    if (report.status === 'sound') return;
    expect(report.path).toBe(path);
    expect(report.problems.length).toBeGreaterThan(0);
    expect(report.problems.join('\n')).not.toBe('ok');
  });

  it('does not hold up the thread that asked: timers keep running during the check', async () => {
    const path = join(folder, 'large.sqlite');
    buildCache(path, 6000);
    let ticks = 0;
    const timer = setInterval(() => {
      ticks++;
    }, 1);
    const report = await checkIntegrity(path);
    clearInterval(timer);
    expect(report.status).toBe('sound');
    // The check took some milliseconds on the worker; the asking thread kept ticking meanwhile.
    expect(ticks).toBeGreaterThan(0);
    expect(report.millis).toBeGreaterThanOrEqual(0);
  });

  it('stops at any moment, even while its worker loads the SQLite driver, and the process lives', async () => {
    const path = join(folder, 'stopped.sqlite');
    buildCache(path, 50);
    // Node aborts the whole process when a worker is terminated while it registers a native
    // addon (FATAL ERROR napi_get_last_error_info, seen in CI). The driver loads just before the
    // check of a small file ends: stops spread over the end of a whole check's time land in that
    // window (the code before b0e3d35 died in 3 runs of 3 here).
    const wholes: number[] = [];
    for (let check = 0; check < 3; check += 1) {
      const started = performance.now();
      expect((await checkIntegrity(path)).status).toBe('sound');
      wholes.push(performance.now() - started);
    }
    // The middle of three: the first check also loads the worker's code.
    const whole = wholes.sort((a, b) => a - b)[1] ?? 0;
    // Stops spread evenly over 0.5–1.1 of a check's time, the end first (where the driver
    // loads): as many as ~15 s of busy waiting allows, at most 300 (0.1–0.2 ms apart here). A
    // loaded machine takes several times as long a check, so it gets fewer stops farther apart:
    // a fixed 0.1 ms step from the range's start never reached its end within the timeout.
    const stops = Math.max(20, Math.min(300, Math.floor(15_000 / (whole * 0.8))));
    const step = (whole * 0.6) / stops;
    const reports: IntegrityReport[] = [];
    for (let index = 0; index < stops; index += 1) {
      const at = whole * 1.1 - index * step;
      const stop = new AbortController();
      const report = checkIntegrity(path, stop.signal);
      // A busy wait, not a timer: timers are too coarse to land in a window this short.
      const until = performance.now() + at;
      while (performance.now() < until);
      stop.abort();
      reports.push(await report);
    }
    for (const report of reports) expect(['unchecked', 'sound']).toContain(report.status);
    expect(reports.some((report) => report.status === 'unchecked')).toBe(true);
    // The file is as it was, and a check left alone still passes it.
    expect((await checkIntegrity(path)).status).toBe('sound');
    // Up to 300 workers started and stopped: ~16 s on a two-core machine, and bounded on a loaded
    // one; the verdict is the statuses, not the time.
  }, 60_000);

  it('reports a file it cannot read as unchecked, not damaged, rather than throwing', async () => {
    const report = await checkIntegrity(join(folder, 'absent.sqlite'));
    expect(report.status).toBe('unchecked');
    if (report.status === 'sound') return;
    expect(report.problems.join(' ')).toMatch(/unable to open|does not exist|no such file/i);
  });
});

describe('isCorruption', () => {
  it('knows SQLite’s corruption codes and nothing else', () => {
    expect(isCorruption(Object.assign(new Error('x'), { code: 'SQLITE_CORRUPT' }))).toBe(true);
    expect(isCorruption(Object.assign(new Error('x'), { code: 'SQLITE_CORRUPT_INDEX' }))).toBe(
      true,
    );
    expect(isCorruption(Object.assign(new Error('x'), { code: 'SQLITE_NOTADB' }))).toBe(true);
    expect(isCorruption(Object.assign(new Error('x'), { code: 'SQLITE_FULL' }))).toBe(false);
    expect(isCorruption(Object.assign(new Error('x'), { code: 'SQLITE_CORRUPTED' }))).toBe(false);
    expect(isCorruption(new Error('database disk image is malformed'))).toBe(true);
    expect(isCorruption('SQLITE_CORRUPT')).toBe(false);
  });
});

describe('storageRefusalOf', () => {
  it('tells a full disk and an unwritable file from other failures, on what SQLite really throws', () => {
    const path = join(folder, 'refusals.sqlite');
    const db = openDatabase(path);
    db.exec('CREATE TABLE filler (value TEXT)');
    /** What a write of 64 KiB throws, or undefined. */
    const thrownBy = (on: typeof db) => {
      try {
        on.prepare('INSERT INTO filler (value) VALUES (?)').run('x'.repeat(64 * 1024));
        return undefined;
      } catch (error) {
        return error;
      }
    };
    // The disk is full: no page beyond those the file has.
    db.pragma(`max_page_count = ${String(db.pragma('page_count', { simple: true }))}`);
    const full = thrownBy(db);
    expect(full).toMatchObject({ code: 'SQLITE_FULL' });
    expect(storageRefusalOf(full)).toBe('cacheFull');
    db.pragma('max_page_count = 1073741823');
    expect(thrownBy(db)).toBeUndefined();
    db.close();
    // A connection that may not write (SQLITE_READONLY).
    const readOnly = new BetterSqlite3(path, { readonly: true });
    const refused = thrownBy(readOnly);
    readOnly.close();
    expect(refused).toMatchObject({ code: 'SQLITE_READONLY' });
    expect(storageRefusalOf(refused)).toBe('cacheNotWritable');
    expect(storageRefusalOf(Object.assign(new Error('x'), { code: 'SQLITE_IOERR_WRITE' }))).toBe(
      'cacheNotWritable',
    );
    // Not the disk's doing: a damaged file, a constraint, an ordinary error, an ENOSPC of a file.
    for (const code of ['SQLITE_CORRUPT', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_FULLY', 'ENOSPC'])
      expect(storageRefusalOf(Object.assign(new Error('x'), { code }))).toBeUndefined();
    expect(storageRefusalOf(new Error('SQLITE_FULL: database or disk is full'))).toBeUndefined();
    expect(storageRefusalOf('SQLITE_FULL')).toBeUndefined();
  });
});

describe('moveAside', () => {
  it('renames the cache and its WAL files beside it, byte-identical, stamped with the time', () => {
    const path = join(folder, 'move', 'cache.sqlite');
    mkdirSync(join(folder, 'move'));
    writeFileSync(path, 'not a database at all');
    writeFileSync(`${path}-wal`, 'wal bytes');
    writeFileSync(`${path}-shm`, 'shm bytes');
    const before = sha256(path);
    const at = new Date('2026-12-02T02:30:00.123Z');
    const moved = moveAside(path, at);
    expect(moved.to).toBe(`${path}.damaged-2026-12-02T02-30-00`);
    expect(existsSync(path)).toBe(false);
    expect(sha256(moved.to)).toBe(before);
    expect(readFileSync(`${moved.to}-wal`, 'utf8')).toBe('wal bytes');
    expect(readFileSync(`${moved.to}-shm`, 'utf8')).toBe('shm bytes');
    expect(readdirSync(join(folder, 'move')).sort()).toEqual([
      'cache.sqlite.damaged-2026-12-02T02-30-00',
      'cache.sqlite.damaged-2026-12-02T02-30-00-shm',
      'cache.sqlite.damaged-2026-12-02T02-30-00-wal',
    ]);
    // A second damaged cache in the same second is kept too, under its own name.
    writeFileSync(path, 'again');
    expect(damagedName(path, at)).toBe(`${path}.damaged-2026-12-02T02-30-00-2`);
  });

  it('leaves the cache and its WAL files together where they were when a rename fails', () => {
    const path = join(folder, 'stuck', 'cache.sqlite');
    mkdirSync(join(folder, 'stuck'));
    writeFileSync(path, 'the database');
    // The last transactions, not yet copied into the database: they belong with it.
    writeFileSync(`${path}-wal`, 'wal bytes');
    writeFileSync(`${path}-shm`, 'shm bytes');
    const at = new Date('2026-12-02T02:30:00.123Z');
    const to = damagedName(path, at);
    // A rename that fails part-way (here the -shm's; the database's, held open by another
    // program on Windows, fails the same way after both WAL files were renamed).
    mkdirSync(join(`${to}-shm`, 'in the way'), { recursive: true });
    expect(() => moveAside(path, at)).toThrow();
    // The -wal went aside without its database: the next open read the database without its
    // last transactions, and the next move set the database aside under another name.
    expect(readdirSync(join(folder, 'stuck')).sort()).toEqual([
      'cache.sqlite',
      'cache.sqlite-shm',
      'cache.sqlite-wal',
      'cache.sqlite.damaged-2026-12-02T02-30-00-shm',
    ]);
    expect(readFileSync(`${path}-wal`, 'utf8')).toBe('wal bytes');
    expect(readFileSync(path, 'utf8')).toBe('the database');
  });
});
