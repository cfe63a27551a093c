import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CacheHealth } from '../../common/contract';
import { openDatabase } from '../../main/cache/database';
import {
  ATTACHMENTS_FOLDER,
  CACHE_FILE,
  IN_MEMORY_ATTACHMENTS_FOLDER,
} from '../../main/cache/paths';
import { openDesk, type Desk, type DeskOptions } from '../../main/workstation/desk';
import type { Simulator } from '../../simulator/server';
import { buildCache, overwriteHeader, overwriteMiddlePages, PAGE_SIZE } from '../support/damage';
import { osRecorder, testDeskOptions, workingVault } from '../support/deskPorts';
import { signInAgent1 } from '../support/signedInDesks';
import { useSimulator } from '../support/simulatorHarness';

// The desk on a damaged cache: real cache files, the real simulator, real HTTP/CometD.

const harness = useSimulator();
const folders: string[] = [];
const desks: Desk[] = [];

afterEach(async () => {
  await Promise.all(desks.splice(0).map((desk) => desk.shutdown()));
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function dataFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-damaged-'));
  folders.push(dir);
  return dir;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

interface Opened {
  desk: Desk;
  /** Every cache health the desk pushed to the renderer, in order. */
  pushedHealth: CacheHealth[];
  warnings: string[];
}

async function open(
  simulator: Simulator,
  dataDir: string,
  overrides: Partial<DeskOptions> = {},
): Promise<Opened> {
  const pushedHealth: CacheHealth[] = [];
  const warnings: string[] = [];
  const desk = await openDesk({
    dataDir,
    send: (channel, payload) => {
      if (channel === 'switchboard:session:cacheHealthChanged')
        pushedHealth.push(payload as CacheHealth);
    },
    ...testDeskOptions(osRecorder(), simulator, workingVault()),
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message) => warnings.push(message),
      error: () => undefined,
    },
    ...overrides,
  });
  desks.push(desk);
  return { desk, pushedHealth, warnings };
}

describe('the desk on a damaged cache', () => {
  it('reports 3 overwritten pages of ~1,600, found by the quick check after start', async () => {
    const simulator = await harness.start();
    const dataDir = await dataFolder();
    const path = join(dataDir, CACHE_FILE);
    buildCache(path, 1600);
    const { pageCount } = overwriteMiddlePages(path, 3);
    expect(pageCount).toBeGreaterThan(1500);

    const { desk, pushedHealth, warnings } = await open(simulator, dataDir);
    // The desk opened on it at once (the file opens); the check comes afterwards, pushed.
    await expect
      .poll(() => pushedHealth.map((health) => health.state), { timeout: 10_000 })
      .toEqual(['damaged']);
    const health = await desk.handlers.session.getCacheHealth();
    expect(health.state).toBe('damaged');
    expect(health.path).toBe(path);
    expect(health.message).toContain('quick check');
    expect(warnings.some((line) => line.includes(path) && line.includes('damaged'))).toBe(true);
  });

  it('moves a file that is not a database aside, byte-identical, and starts fresh', async () => {
    const simulator = await harness.start();
    const dataDir = await dataFolder();
    const path = join(dataDir, CACHE_FILE);
    buildCache(path, 50);
    overwriteHeader(path);
    const before = sha256(path);

    const { desk } = await open(simulator, dataDir);
    const health = await desk.handlers.session.getCacheHealth();
    expect(health.state).toBe('movedAside');
    expect(health.movedTo).toMatch(/cache\.sqlite\.damaged-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d$/);
    expect(health.message).toContain(health.movedTo);
    expect(sha256(health.movedTo ?? '')).toBe(before);
    // The fresh cache is a working one: the desk signs in and stores what arrives.
    const state = await desk.handlers.session.signIn({
      serverUrl: simulator.url,
      userName: 'agent1',
      password: 'demo',
      remember: false,
    });
    expect(state.connection.state).toBe('connected');
    await desk.handlers.agent.setReady(undefined);
    const id = simulator.control.startChat({ customerNickName: 'Tom', subject: 'Parcel' });
    await expect
      .poll(() =>
        (desk.handlers.interactions.inbox(undefined) as { id: string }[]).map((row) => row.id),
      )
      .toContain(id);
  });

  it('leaves a newer Switchboard’s cache untouched and runs with the cache in memory', async () => {
    const simulator = await harness.start();
    const dataDir = await dataFolder();
    const path = join(dataDir, CACHE_FILE);
    buildCache(path, 5);
    const raw = new BetterSqlite3(path);
    raw.pragma('user_version = 99000');
    raw.close();
    const before = sha256(path);

    const { desk } = await open(simulator, dataDir);
    const health = await desk.handlers.session.getCacheHealth();
    expect(health.state).toBe('inMemory');
    expect(health.message).toContain('newer Switchboard');
    expect(health.message).toContain('in memory');
    expect(() => desk.handlers.session.moveCacheAside()).toThrow(
      expect.objectContaining({ code: 'cacheInMemory' }),
    );
    await desk.shutdown();
    expect(sha256(path)).toBe(before);
    expect(readdirSync(dataDir).filter((name) => name.includes('damaged'))).toEqual([]);
  });

  it('keeps the files of a cache in memory apart from the cache file’s, and none after the run', async () => {
    const simulator = await harness.start();
    const dataDir = await dataFolder();
    const path = join(dataDir, CACHE_FILE);
    buildCache(path, 5);
    const raw = new BetterSqlite3(path);
    raw.pragma('user_version = 99000');
    raw.close();
    // A file the newer cache downloaded: whatever this run forgets of its own, never one of these.
    const kept = join(dataDir, ATTACHMENTS_FOLDER, 'newer', 'contract.pdf');
    mkdirSync(join(dataDir, ATTACHMENTS_FOLDER, 'newer'), { recursive: true });
    writeFileSync(kept, '%PDF the newer cache’s');

    const { desk } = await open(simulator, dataDir);
    expect((await desk.handlers.session.getCacheHealth()).state).toBe('inMemory');
    await signInAgent1(desk, simulator);
    await desk.handlers.agent.setReady(undefined);
    const id = simulator.control.receiveEmail({
      from: 'ann@example.com',
      subject: 'Contract',
      text: 'Attached.',
      attachments: [
        { name: 'contract.pdf', mimeType: 'application/pdf', bytes: Buffer.from('%PDF signed') },
      ],
    });
    await expect.poll(async () => desk.handlers.interactions.get(id)).not.toBeNull();
    await desk.handlers.interactions.accept(id, undefined);
    const localPath = async () =>
      (await desk.handlers.interactions.get(id))?.attachments[0]?.localPath;
    await expect.poll(localPath).toBeDefined();
    expect((await localPath())?.startsWith(join(dataDir, IN_MEMORY_ATTACHMENTS_FOLDER))).toBe(true);

    await desk.shutdown();
    expect(existsSync(join(dataDir, IN_MEMORY_ATTACHMENTS_FOLDER))).toBe(false);
    expect(readFileSync(kept, 'utf8')).toBe('%PDF the newer cache’s');
    expect(readdirSync(join(dataDir, ATTACHMENTS_FOLDER), { recursive: true })).toEqual([
      'newer',
      join('newer', 'contract.pdf'),
    ]);
  });

  it('removes the .part files a crash while storing a download left, not one being written', async () => {
    const simulator = await harness.start();
    const dataDir = await dataFolder();
    const content = join(dataDir, ATTACHMENTS_FOLDER, 'ab', 'ab'.padEnd(64, '0'));
    mkdirSync(content, { recursive: true });
    const crashed = join(content, '.0123456789abcdef.part');
    const beingWritten = join(content, '.fedcba9876543210.part');
    const stored = join(content, 'scan.pdf');
    for (const path of [crashed, beingWritten, stored]) writeFileSync(path, '%PDF');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(crashed, hourAgo, hourAgo);
    utimesSync(stored, hourAgo, hourAgo);

    const { warnings } = await open(simulator, dataDir);
    // The sweep's warning is its last act: waited for, not the file's going, which comes first
    // (under load the poll saw the file gone before the warning was written).
    await expect
      .poll(() => warnings.some((text) => text.includes('removed 1 unfinished download file')))
      .toBe(true);
    expect(existsSync(crashed)).toBe(false);
    // A listen beside the desk may be writing this one; the stored file is the cache's.
    expect(existsSync(beingWritten)).toBe(true);
    expect(existsSync(stored)).toBe(true);
  });

  it('starts with the cache in memory when the file cannot be opened at all', async () => {
    const simulator = await harness.start();
    const dataDir = await dataFolder();
    const path = join(dataDir, CACHE_FILE);
    // A folder where the cache file should be: SQLite cannot open it, and it is not damage.
    mkdirSync(path);
    writeFileSync(join(path, 'keep.txt'), 'mine');

    const { desk } = await open(simulator, dataDir);
    const health = await desk.handlers.session.getCacheHealth();
    expect(health.state).toBe('inMemory');
    expect(health.message).toContain(`Cannot open the cache at ${path}`);
    const state = await desk.handlers.session.signIn({
      serverUrl: simulator.url,
      userName: 'agent1',
      password: 'demo',
      remember: false,
    });
    expect(state.connection.state).toBe('connected');
    expect(readFileSync(join(path, 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('starts with the cache in memory when the cache file cannot be written, leaving it untouched', async () => {
    const simulator = await harness.start();
    const dataDir = await dataFolder();
    const path = join(dataDir, CACHE_FILE);
    buildCache(path, 5);
    const before = sha256(path);
    // A file this user may read but not write (restored from a backup, made by another user):
    // SQLite opens it read-only without a word. Permissions never stop root: as root the file
    // is made immutable instead (ext4's `i` attribute), which SQLite meets the same way.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) execFileSync('chattr', ['+i', path]);
    else chmodSync(path, 0o444);
    try {
      const { desk } = await open(simulator, dataDir);
      const health = await desk.handlers.session.getCacheHealth();
      expect(health.state).toBe('inMemory');
      expect(health.message).toContain(`The cache at ${path} cannot be written`);
      const state = await desk.handlers.session.signIn({
        serverUrl: simulator.url,
        userName: 'agent1',
        password: 'demo',
        remember: false,
      });
      expect(state.connection.state).toBe('connected');
      await desk.shutdown();
    } finally {
      if (asRoot) execFileSync('chattr', ['-i', path]);
      else chmodSync(path, 0o644);
    }
    expect(sha256(path)).toBe(before);
  });

  it('moves a damaged cache aside at the next start when the agent asks', async () => {
    const simulator = await harness.start();
    const dataDir = await dataFolder();
    const path = join(dataDir, CACHE_FILE);
    buildCache(path, 1600);
    overwriteMiddlePages(path, 3);

    const first = await open(simulator, dataDir);
    await expect.poll(() => first.pushedHealth.length, { timeout: 10_000 }).toBe(1);
    const asked = await first.desk.handlers.session.moveCacheAside();
    expect(asked.state).toBe('moveScheduled');
    expect(first.pushedHealth.at(-1)?.state).toBe('moveScheduled');
    await first.desk.shutdown();
    const before = sha256(path);

    const second = await open(simulator, dataDir);
    const health = await second.desk.handlers.session.getCacheHealth();
    expect(health.state).toBe('movedAside');
    expect(sha256(health.movedTo ?? '')).toBe(before);
    expect(existsSync(`${path}.move-aside`)).toBe(false);
    const fresh = openDatabase(path, { readonly: true });
    expect(fresh.pragma('quick_check', { simple: true })).toBe('ok');
    fresh.close();
    // The fresh cache passes its own check: nothing more is pushed.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(second.pushedHealth).toEqual([]);
  });

  it('starts with the cache in memory when the cache the agent asked to move aside cannot be moved', async () => {
    const simulator = await harness.start();
    const dataDir = await dataFolder();
    const path = join(dataDir, CACHE_FILE);
    buildCache(path, 5);
    // The last run scheduled the move (the agent chose it on the damage banner).
    writeFileSync(`${path}.move-aside`, '2026-12-07T08:00:00.000Z\n');
    const before = sha256(path);
    // A file that cannot be renamed now (held open on Windows, immutable here); a folder this
    // user cannot write for whoever is not root.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) execFileSync('chattr', ['+i', path]);
    else chmodSync(dataDir, 0o555);
    try {
      const { desk } = await open(simulator, dataDir);
      const health = await desk.handlers.session.getCacheHealth();
      expect(health.state).toBe('inMemory');
      expect(health.message).toContain(`The cache at ${path} could not be moved aside as asked`);
      await signInAgent1(desk, simulator);
      await desk.shutdown();
    } finally {
      if (asRoot) execFileSync('chattr', ['-i', path]);
      else chmodSync(dataDir, 0o755);
    }
    expect(sha256(path)).toBe(before);
    // Asked again at the next start.
    expect(existsSync(`${path}.move-aside`)).toBe(true);
  });

  it('leaves the cache it was asked to move aside where it is while a switchboard listen has it open', async () => {
    const simulator = await harness.start();
    const dataDir = await dataFolder();
    const path = join(dataDir, CACHE_FILE);
    buildCache(path, 1600);
    overwriteMiddlePages(path, 3);
    // The last run scheduled the move (the agent chose it on the damage banner)...
    writeFileSync(`${path}.move-aside`, '2026-12-07T08:00:00.000Z\n');
    // ...and a `switchboard listen` on the desk's cache (its default) still writes to it.
    const listen = openDatabase(path);
    try {
      const { desk } = await open(simulator, dataDir, { checkCache: false });
      const health = await desk.handlers.session.getCacheHealth();
      // Renamed under listen, the file it went on writing was the one set aside: what it stored
      // from then on was not in the cache the desk and the next listen use.
      expect(readdirSync(dataDir).filter((name) => name.includes('.damaged-'))).toEqual([]);
      expect(health.state).toBe('inMemory');
      expect(health.message).toContain(`The cache at ${path} could not be moved aside as asked`);
      expect(health.message).toContain('open in another Switchboard');
      await desk.shutdown();
      // Nor is a cache found damaged as the desk starts moved from under it.
      rmSync(`${path}.move-aside`);
      const bytes = readFileSync(path);
      const { rootpage } = listen
        .prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'preferences'")
        .get() as { rootpage: number };
      bytes.fill(0xa5, (rootpage - 1) * PAGE_SIZE, rootpage * PAGE_SIZE);
      writeFileSync(path, bytes);
      const second = await open(simulator, dataDir, { checkCache: false });
      const found = await second.desk.handlers.session.getCacheHealth();
      expect(found.state).toBe('inMemory');
      expect(found.message).toContain('open in another Switchboard');
      await second.desk.shutdown();
      expect(readdirSync(dataDir).filter((name) => name.includes('.damaged-'))).toEqual([]);
      writeFileSync(`${path}.move-aside`, '2026-12-07T08:00:00.000Z\n');
      listen.prepare("INSERT INTO settings (key, value) VALUES ('listen', 'stored')").run();
    } finally {
      listen.close();
    }
    const cache = openDatabase(path, { readonly: true });
    expect(cache.prepare("SELECT value FROM settings WHERE key = 'listen'").pluck().get()).toBe(
      'stored',
    );
    cache.close();
    // Asked again at the next start.
    expect(existsSync(`${path}.move-aside`)).toBe(true);
  });

  it('refuses to move a sound cache aside: the next start opens it as it was', async () => {
    const simulator = await harness.start();
    const dataDir = await dataFolder();
    const path = join(dataDir, CACHE_FILE);
    const first = await open(simulator, dataDir);
    await signInAgent1(first.desk, simulator);
    await first.desk.handlers.library.setSignature('Kind regards, Agent 1');

    // Only a damaged cache is offered the move (the banner's way out); a renderer that asks
    // anyway must not have the next start set every account's cache aside.
    // Said in the desk's language (the message reached it in English).
    expect(() => first.desk.handlers.session.moveCacheAside()).toThrow(
      expect.objectContaining({ kind: 'invalidState', code: 'cacheNotDamaged' }),
    );
    expect(existsSync(`${path}.move-aside`)).toBe(false);
    expect((await first.desk.handlers.session.getCacheHealth()).state).toBe('sound');
    await first.desk.shutdown();

    const second = await open(simulator, dataDir);
    expect((await second.desk.handlers.session.getCacheHealth()).state).toBe('sound');
    await signInAgent1(second.desk, simulator);
    expect(await second.desk.handlers.library.getSignature()).toBe('Kind regards, Agent 1');
  });

  it('moves a cache aside whose settings or remembered password are damaged, rather than not start', async () => {
    const simulator = await harness.start();
    // A cache the desk wrote: an account signed in with its password remembered.
    const template = await dataFolder();
    const first = await open(simulator, template);
    await first.desk.handlers.session.signIn({
      serverUrl: simulator.url,
      userName: 'agent1',
      password: 'demo',
      remember: true,
    });
    await first.desk.handlers.session.signOut();
    await first.desk.shutdown();
    // The desk's settings are read as it is made, the remembered password as it starts: the
    // file opens (openDatabase reads only the schema), and the desk did not start on it ("could
    // not start" at each start of the app, until someone deleted the file by hand).
    for (const table of ['preferences', 'sealed_passwords']) {
      const dataDir = await dataFolder();
      const path = join(dataDir, CACHE_FILE);
      writeFileSync(path, readFileSync(join(template, CACHE_FILE)));
      const raw = new BetterSqlite3(path, { readonly: true });
      const { rootpage } = raw
        .prepare('SELECT rootpage FROM sqlite_schema WHERE name = ?')
        .get(table) as { rootpage: number };
      raw.close();
      const bytes = readFileSync(path);
      bytes.fill(0xa5, (rootpage - 1) * PAGE_SIZE, rootpage * PAGE_SIZE);
      writeFileSync(path, bytes);
      const damaged = sha256(path);

      const { desk, warnings } = await open(simulator, dataDir, { checkCache: false });
      const health = await desk.handlers.session.getCacheHealth();
      expect({ table, state: health.state }).toEqual({ table, state: 'movedAside' });
      expect(health.message).toContain(health.movedTo);
      expect(sha256(health.movedTo ?? '')).toBe(damaged);
      expect(warnings.some((line) => line.includes('malformed'))).toBe(true);
      // The fresh cache is a working one.
      await signInAgent1(desk, simulator);
      await desk.handlers.agent.setReady(undefined);
      const id = simulator.control.startChat({ customerNickName: 'Tom', subject: 'Parcel' });
      await expect
        .poll(() =>
          (desk.handlers.interactions.inbox(undefined) as { id: string }[]).map((row) => row.id),
        )
        .toContain(id);
      await desk.shutdown();
    }
  });

  it('reports SQLITE_CORRUPT met by the writer while running', async () => {
    const simulator = await harness.start();
    const dataDir = await dataFolder();
    const path = join(dataDir, CACHE_FILE);
    buildCache(path, 5);
    // Damage the interactions table's root page: opening (which reads only the schema) and
    // signing in succeed; the first invitation's write reads the page and meets the damage.
    const raw = new BetterSqlite3(path, { readonly: true });
    const { rootpage } = raw
      .prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'interactions'")
      .get() as { rootpage: number };
    raw.close();
    expect(rootpage).toBeGreaterThan(1);
    const bytes = readFileSync(path);
    bytes.fill(0xa5, (rootpage - 1) * PAGE_SIZE, rootpage * PAGE_SIZE);
    writeFileSync(path, bytes);

    const { desk, pushedHealth } = await open(simulator, dataDir, { checkCache: false });
    expect((await desk.handlers.session.getCacheHealth()).state).toBe('sound');
    await desk.handlers.session.signIn({
      serverUrl: simulator.url,
      userName: 'agent1',
      password: 'demo',
      remember: false,
    });
    await desk.handlers.agent.setReady(undefined);
    simulator.control.startChat({ customerNickName: 'Tom', subject: 'Parcel' });
    await expect
      .poll(() => pushedHealth.map((health) => health.state), { timeout: 10_000 })
      .toEqual(['damaged']);
    expect(pushedHealth[0]?.message).toMatch(/SQLite answered: .*malformed/);
  });
});

describe('the data folder deleted while the desk runs', () => {
  it('says so, keeps what is stored after, and writes the cache back as the desk closes', async () => {
    const simulator = await harness.start();
    const dataDir = await dataFolder();
    const path = join(dataDir, CACHE_FILE);
    const { desk, pushedHealth } = await open(simulator, dataDir, { cacheFileWatchMs: 20 });
    await signInAgent1(desk, simulator);
    await desk.handlers.agent.setReady(undefined);
    const before = simulator.control.receiveEmail({
      from: 'ann@example.com',
      subject: 'Before',
      text: 'Stored before the folder went.',
    });
    await expect.poll(async () => desk.handlers.interactions.get(before)).not.toBeNull();

    // A clean-up tool (or the agent) deletes the data folder: the desk's connection writes on to
    // the deleted file, which the OS frees once the desk closes it.
    rmSync(dataDir, { recursive: true, force: true });
    await expect
      .poll(() => pushedHealth.map((health) => health.state), { timeout: 5_000 })
      .toEqual(['fileDeleted']);
    const after = simulator.control.receiveEmail({
      from: 'bo@example.com',
      subject: 'After',
      text: 'Stored after the folder went.',
    });
    await expect.poll(async () => desk.handlers.interactions.get(after)).not.toBeNull();

    await desk.shutdown();
    const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    try {
      const subjects = db
        .prepare('SELECT subject FROM interactions ORDER BY subject')
        .pluck()
        .all();
      expect(subjects).toEqual(['After', 'Before']);
    } finally {
      db.close();
    }
  });

  it('writes it beside a cache another run made at its place, which it leaves as it is', async () => {
    const simulator = await harness.start();
    const dataDir = await dataFolder();
    const path = join(dataDir, CACHE_FILE);
    const { desk, pushedHealth } = await open(simulator, dataDir, { cacheFileWatchMs: 20 });
    await signInAgent1(desk, simulator);
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir);
    openDatabase(path).close();
    const newer = sha256(path);
    await expect
      .poll(() => pushedHealth.map((health) => health.state), { timeout: 5_000 })
      .toEqual(['fileDeleted']);

    await desk.shutdown();
    expect(sha256(path)).toBe(newer);
    const recovered = readdirSync(dataDir).filter((name) =>
      name.startsWith(`${CACHE_FILE}.recovered-`),
    );
    expect(recovered).toHaveLength(1);
    // Its owner's alone, as every cache file: the folder made again may let others in.
    const recoveredPath = join(dataDir, recovered[0] ?? '');
    expect((statSync(recoveredPath).mode & 0o777).toString(8)).toBe('600');
    const db = new BetterSqlite3(recoveredPath, { readonly: true });
    try {
      expect(db.prepare('SELECT user_name FROM accounts').pluck().all()).toEqual(['agent1']);
    } finally {
      db.close();
    }
  });
});
