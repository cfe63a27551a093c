import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/cache/database';
import { CacheStore } from '../../main/cache/store';
import { startSimulator, type Simulator } from '../../simulator/server';
import { buildCache, overwriteHeader, overwriteMiddlePages } from '../support/damage';
import { killSwitchboards, runSwitchboard, untilPrinted } from '../support/switchboardProcess';

// The command line on a damaged cache: the real `switchboard` process, real cache files, the
// real simulator over HTTP/CometD.

const folder = mkdtempSync(join(tmpdir(), 'switchboard-damaged-cli-'));
const simulators: Simulator[] = [];

afterEach(async () => {
  killSwitchboards();
  await Promise.all(simulators.splice(0).map((simulator) => simulator.close()));
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The app-data folder pointed at the test's own, so no run touches the developer's cache. */
const ENV = { SWITCHBOARD_PASSWORD: 'demo', XDG_CONFIG_HOME: folder, APPDATA: folder };

async function simulator(): Promise<Simulator> {
  const started = await startSimulator({ port: 0, host: '127.0.0.1', scenario: 'quiet' });
  simulators.push(started);
  return started;
}

function listen(server: Simulator, db: string, extra: string[] = []) {
  return runSwitchboard(
    ['listen', '--server', server.url, '--user', 'agent1', '--ready', 'chat', '--db', db, ...extra],
    ENV,
  );
}

function damagedFiles(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.includes('.damaged-'));
}

describe('switchboard on a damaged cache', () => {
  it('listen warns, naming the file, when the quick check finds 3 overwritten pages', async () => {
    const dir = mkdtempSync(join(folder, 'pages-'));
    const db = join(dir, 'cache.sqlite');
    buildCache(db, 1600);
    overwriteMiddlePages(db, 3);
    const server = await simulator();
    const run = listen(server, db);
    await untilPrinted(run, () => run.output.stderr.includes('is damaged'), 'the damage warning');
    const warning = run.output.stderr.split('\n').find((line) => line.includes('is damaged'));
    expect(warning).toMatch(/^warning: the cache at .*cache\.sqlite is damaged \(quick_check: /);
    expect(warning).toContain(db);
    expect(warning).toContain('--move-aside');
    // It keeps listening: an arriving chat is still printed.
    await untilPrinted(
      run,
      () => run.output.stderr.includes('connection: connected'),
      'the sign-in',
    );
    server.control.startChat({ customerNickName: 'Tom', subject: 'Parcel' });
    await untilPrinted(run, () => run.output.stdout.includes('Parcel'), 'the invitation');
    run.process.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(existsSync(db)).toBe(true);
    expect(damagedFiles(dir)).toEqual([]);
  });

  it('listen on a file that is not a database stops with the way out, the file untouched', async () => {
    const dir = mkdtempSync(join(folder, 'header-'));
    const db = join(dir, 'cache.sqlite');
    buildCache(db, 20);
    overwriteHeader(db);
    const before = sha256(db);
    const server = await simulator();
    const run = listen(server, db);
    expect(await run.exited).toBe(1);
    expect(run.output.stderr).toContain('is not a Switchboard cache or is damaged');
    expect(run.output.stderr).toContain('check --move-aside');
    expect(sha256(db)).toBe(before);
  });

  it('listen --move-aside moves it aside, byte-identical, and stores into a fresh cache', async () => {
    const dir = mkdtempSync(join(folder, 'listen-move-'));
    const db = join(dir, 'cache.sqlite');
    buildCache(db, 20);
    overwriteHeader(db);
    const before = sha256(db);
    const server = await simulator();
    const run = listen(server, db, ['--move-aside']);
    await untilPrinted(
      run,
      () => run.output.stderr.includes('connection: connected'),
      'the sign-in',
    );
    const [moved] = damagedFiles(dir);
    expect(moved).toMatch(/^cache\.sqlite\.damaged-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d$/);
    expect(sha256(join(dir, moved ?? ''))).toBe(before);
    expect(run.output.stderr).toContain(`moved aside to ${join(dir, moved ?? '')}`);
    const id = server.control.startChat({ customerNickName: 'Tom', subject: 'Parcel' });
    await untilPrinted(run, () => run.output.stdout.includes(id), 'the invitation');
    run.process.kill('SIGINT');
    expect(await run.exited).toBe(0);
    const store = new CacheStore(openDatabase(db, { readonly: true }));
    try {
      expect(store.db.pragma('quick_check', { simple: true })).toBe('ok');
      const row = store.db.prepare('SELECT count(*) AS n FROM interactions WHERE id = ?').get(id);
      expect(row).toEqual({ n: 1 });
    } finally {
      store.close();
    }
  });

  it('check says whether the cache is sound, and --move-aside moves a damaged one aside', async () => {
    const dir = mkdtempSync(join(folder, 'check-'));
    const db = join(dir, 'cache.sqlite');
    buildCache(db, 1600);
    const sound = runSwitchboard(['check', '--db', db], ENV);
    expect(await sound.exited).toBe(0);
    expect(sound.output.stdout).toContain('is sound');

    overwriteMiddlePages(db, 3);
    const before = sha256(db);
    const damaged = runSwitchboard(['check', '--db', db], ENV);
    expect(await damaged.exited).toBe(1);
    expect(damaged.output.stderr).toContain(`The cache at ${db} is damaged (quick_check: `);
    expect(sha256(db)).toBe(before);

    const moving = runSwitchboard(['check', '--db', db, '--move-aside'], ENV);
    expect(await moving.exited).toBe(0);
    const [moved] = damagedFiles(dir);
    expect(sha256(join(dir, moved ?? ''))).toBe(before);
    const fresh = runSwitchboard(['check', '--db', db], ENV);
    expect(await fresh.exited).toBe(0);
  });

  it('check --move-aside refuses while a desk or listen has the cache open, and moves it once closed', async () => {
    const dir = mkdtempSync(join(folder, 'held-'));
    const db = join(dir, 'cache.sqlite');
    buildCache(db, 1600);
    overwriteMiddlePages(db, 3);
    // As a running desk or listen holds it (another process: SQLite's locks are the OS's).
    const holder = openDatabase(db);
    const moving = runSwitchboard(['check', '--db', db, '--move-aside'], ENV);
    expect(await moving.exited).toBe(1);
    expect(moving.output.stderr).toContain(`The cache at ${db} is open in Switchboard`);
    // Renamed under the desk, the file it kept writing was the one set aside, its work lost.
    expect(damagedFiles(dir)).toEqual([]);
    holder.close();

    const again = runSwitchboard(['check', '--db', db, '--move-aside'], ENV);
    expect(await again.exited).toBe(0);
    expect(damagedFiles(dir).filter((name) => !/-(?:wal|shm)$/u.test(name))).toHaveLength(1);
  });
});
