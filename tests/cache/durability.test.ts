import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashLoop, describeCrashLoop } from '../../bench/crash';
import { rng } from '../../bench/data';
import { CacheOpenError, latestVersion, openDatabase } from '../../main/cache/database';

/*
 * Crash safety of the cache: a child process ingests a deterministic stream of GWS messages
 * through normalize + apply (one transaction per message) and reports each commit; we kill
 * it with SIGKILL at seeded random points, back to back, each child resuming where the cache says
 * the stream stopped. After every kill the cache must pass `PRAGMA integrity_check` and hold
 * every message the child reported committed.
 */

const SEED = 20_261_122;
const KILLS = 60;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-durability-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

describe('the cache under SIGKILL', () => {
  it(`keeps every reported commit and an intact file through ${KILLS} kills`, async () => {
    const result = await crashLoop({
      dbPath: join(dir, 'cache.db'),
      seed: SEED,
      kills: KILLS,
      maxCommitsPerLife: 300,
    });
    console.info(`durability: ${describeCrashLoop(result)}`);
    expect(result.failures).toEqual([]);
    expect(result.kills).toBe(KILLS);
    expect(result.committed).toBeGreaterThan(KILLS * 10);
    // Each of the 60 children needs ~0.2 s to reach its cache (bundled, see bench/crash.ts); a
    // two-core machine under other load needs several times that, and the test's verdict does
    // not depend on speed.
  }, 300_000);

  it('refuses a file that is not a database and leaves it byte-identical', () => {
    const path = join(dir, 'garbage.db');
    const random = rng(SEED + 1);
    writeFileSync(
      path,
      Buffer.from(Array.from({ length: 64 * 1024 }, () => Math.floor(random() * 256))),
    );
    const before = sha256(path);
    expect(() => openDatabase(path)).toThrow(CacheOpenError);
    expect(() => openDatabase(path)).toThrow(
      /is not a Switchboard cache or is damaged.*left untouched/,
    );
    expect(sha256(path)).toBe(before);
  });

  it('refuses a cache written by a newer version and leaves it byte-identical', () => {
    const path = join(dir, 'future.db');
    const db = openDatabase(path);
    db.pragma(`user_version = ${latestVersion() + 10}`);
    db.close();
    const before = sha256(path);
    let error: unknown;
    try {
      openDatabase(path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CacheOpenError);
    expect((error as CacheOpenError).reason).toBe('futureVersion');
    expect((error as CacheOpenError).message).toMatch(
      /written by a newer Switchboard.*left untouched/,
    );
    expect(sha256(path)).toBe(before);
  });
});
