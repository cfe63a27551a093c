import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../../main/cache/database';

/** SQLite's page size for the caches these helpers build (its default). */
export const PAGE_SIZE = 4096;

/**
 * Builds a real cache (every migration) at `path` of about `pages` pages, the bulk of them in
 * one table's b-tree, checkpointed and closed so the whole database is in the main file.
 */
export function buildCache(path: string, pages: number): void {
  const db = openDatabase(path);
  db.exec('CREATE TABLE IF NOT EXISTS ballast (id INTEGER PRIMARY KEY, line TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO ballast (line) VALUES (?)');
  // ~200-character rows, as a chat line: about 18 to a page.
  const rows = pages * 18;
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(`line ${i} `.padEnd(200, 'x'));
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** A small deterministic generator (mulberry32), so a damaged file is the same every run. */
function randomBytes(seed: number, length: number): Buffer {
  let state = seed >>> 0;
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    bytes[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return bytes;
}

/**
 * Damages a closed cache as the attack did: overwrites `count` whole pages in the middle of the
 * file with random bytes. Answers the file's page count and the pages overwritten (1-based).
 */
export function overwriteMiddlePages(
  path: string,
  count = 3,
  seed = 11,
): { pageCount: number; overwritten: number[] } {
  const pageCount = Math.floor(statSync(path).size / PAGE_SIZE);
  const first = Math.floor(pageCount / 2);
  const overwritten: number[] = [];
  const fd = openSync(path, 'r+');
  try {
    for (let n = 0; n < count; n++) {
      // Spread apart, as three unrelated hits: pages first, first + 7, first + 14.
      const page = first + n * 7;
      writeSync(fd, randomBytes(seed + n, PAGE_SIZE), 0, PAGE_SIZE, (page - 1) * PAGE_SIZE);
      overwritten.push(page);
    }
  } finally {
    closeSync(fd);
  }
  return { pageCount, overwritten };
}

/** Overwrites the first page (the header): SQLite no longer sees a database at all. */
export function overwriteHeader(path: string, seed = 5): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, randomBytes(seed, PAGE_SIZE), 0, PAGE_SIZE, 0);
  } finally {
    closeSync(fd);
  }
}

/** The error better-sqlite3 throws when the disk is full, from a real file made full. */
export function fullDiskError(): unknown {
  const folder = mkdtempSync(join(tmpdir(), 'switchboard-full-'));
  const db = new BetterSqlite3(join(folder, 'full.sqlite'));
  try {
    db.exec('CREATE TABLE filler (value TEXT)');
    db.pragma(`max_page_count = ${String(db.pragma('page_count', { simple: true }))}`);
    db.prepare('INSERT INTO filler (value) VALUES (?)').run('x'.repeat(64 * 1024));
  } catch (error) {
    return error;
  } finally {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  }
  throw new Error('the full file took the write');
}
