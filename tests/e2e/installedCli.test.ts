import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/cache/database';
import { CacheStore } from '../../main/cache/store';

// The `switchboard` command as an installed package has it: the files `npm pack` would ship
// (package.json's "files": the launcher and out/cli/, built by this project's globalSetup) and
// the lock file in an empty folder, `npm ci --omit=dev` there, then `switchboard search` on a
// cache file written by the project's own cache code. No TypeScript, no tsx, no development
// dependency: the folder has none to offer, and no parent folder of it holds node_modules.

interface Manifest {
  readonly bin: Record<string, string>;
  readonly dependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
}

const projectRoot = process.cwd();
const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as Manifest;

/** A known interaction, with a word that appears nowhere else, and when it was last updated. */
const KNOWN = {
  accountKey: { serverUrl: 'http://127.0.0.1:8090', userName: 'agent1' },
  id: 'chat-installed-0001',
  subject: 'Parcel tracking',
  line: 'My parcel was sent through Quixotown three weeks ago',
  updatedAt: Date.UTC(2026, 10, 30, 12, 0),
};

let installed: string;
/** What `npm pack` would ship, as paths inside the package. */
let shippedFiles: string[];

/** The environment for npm: the caller's, minus what the running npm script says of itself. */
function npmEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // This project's own package facts and prefix would point npm back at the clone.
    if (
      /^npm_(package_|lifecycle_|command$|execpath$|node_execpath$|config_local_prefix$)/u.test(key)
    )
      continue;
    if (key === 'INIT_CWD' || key === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  // npm's shebang asks for `node`: this test's Node 22 first, as the install would have it.
  env.PATH = [dirname(process.execPath), env.PATH ?? ''].join(delimiter);
  return env;
}

function npm(args: readonly string[], cwd: string): string {
  const ran = spawnSync('npm', args, {
    cwd,
    env: npmEnvironment(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 90_000,
  });
  if (ran.status !== 0)
    throw new Error(
      `npm ${args.join(' ')} failed (${String(ran.status)}):\n${ran.stdout}\n${ran.stderr}`,
    );
  return ran.stdout;
}

beforeAll(() => {
  installed = mkdtempSync(join(tmpdir(), 'switchboard-installed-'));
  const [packed] = JSON.parse(
    npm(['pack', '--dry-run', '--json', '--ignore-scripts'], projectRoot),
  ) as [{ files: { path: string }[] }];
  shippedFiles = packed.files.map(({ path }) => path);
  for (const path of shippedFiles) {
    mkdirSync(dirname(join(installed, path)), { recursive: true });
    copyFileSync(join(projectRoot, path), join(installed, path));
  }
  copyFileSync(join(projectRoot, 'package-lock.json'), join(installed, 'package-lock.json'));
  npm(
    ['ci', '--omit=dev', '--ignore-scripts=false', '--no-audit', '--no-fund', '--prefer-offline'],
    installed,
  );

  const db = openDatabase(join(installed, 'cache.sqlite'));
  try {
    const store = new CacheStore(db);
    const account = store.accountId(KNOWN.accountKey);
    store.upsertInteraction(
      account,
      {
        id: KNOWN.id,
        channel: 'chat',
        state: 'Accepted',
        subject: KNOWN.subject,
        capabilities: [],
        userData: {},
      },
      KNOWN.updatedAt,
    );
    store.addChatEvents(account, KNOWN.id, [
      { eventId: 1, kind: 'message', authorType: 'Client', authorName: 'Ruth', text: KNOWN.line },
    ]);
  } finally {
    db.close();
  }
}, 120_000);

afterAll(() => {
  rmSync(installed, { recursive: true, force: true });
});

/** Runs the package's `bin` with plain Node (this test's Node 22), no terminal and no stdin. */
function switchboard(
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const launcher = join(installed, manifest.bin.switchboard ?? 'bin-missing');
  const child = spawn(process.execPath, [launcher, ...args], {
    cwd: installed,
    // Nothing of this project's environment (no NODE_OPTIONS loader, no npm_ variables).
    env: {
      PATH: process.env.PATH,
      HOME: installed,
      XDG_CONFIG_HOME: join(installed, 'config'),
      CI: process.env.CI,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Every module the built files import by a bare name (not a relative path): static imports and
 * re-exports at the start of a line (as the bundler writes them), side-effect imports, dynamic
 * `import()` and `require()` of a literal.
 */
function bareImportsOf(folder: string, files: readonly string[]): Set<string> {
  const patterns = [
    /^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gmu,
    /^\s*import\s*["']([^"']+)["']/gmu,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/gu,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/gu,
  ];
  const names = new Set<string>();
  for (const file of files) {
    const text = readFileSync(join(folder, file), 'utf8');
    for (const pattern of patterns)
      for (const match of text.matchAll(pattern)) {
        const name = match[1] ?? '';
        if (!name.startsWith('.') && !name.startsWith('/')) names.add(name);
      }
  }
  return names;
}

describe('the installed switchboard command (npm ci --omit=dev)', () => {
  it('finds a cached chat line with plain Node and production dependencies only', async () => {
    const found = await switchboard([
      'search',
      'quixotown',
      '--db',
      join(installed, 'cache.sqlite'),
    ]);
    expect({ code: found.code, stderr: found.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = found.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.split('\t')).toEqual([
      expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d [+-]\d\d:\d\d$/u),
      'chat',
      KNOWN.id,
      KNOWN.subject,
      expect.stringContaining('[Quixotown]'),
    ]);

    // A word the cache does not hold: no hit, said on stderr, still a success.
    const missed = await switchboard([
      'search',
      'zeppelin',
      '--db',
      join(installed, 'cache.sqlite'),
    ]);
    expect(missed).toEqual({ code: 0, stdout: '', stderr: 'No matches for zeppelin\n' });
  });

  it('ships no development dependency and imports only Node built-ins and dependencies', () => {
    const installedPackages = Object.keys(manifest.devDependencies).filter((name) =>
      existsSync(join(installed, 'node_modules', name)),
    );
    expect(installedPackages).toEqual([]);
    for (const name of Object.keys(manifest.dependencies))
      expect(existsSync(join(installed, 'node_modules', name, 'package.json'))).toBe(true);

    const builtFiles = shippedFiles.filter((path) => /\.[cm]?js$/u.test(path));
    expect(builtFiles).toEqual(
      expect.arrayContaining([
        manifest.bin.switchboard,
        'out/cli/switchboard.js',
        'out/cli/searchWorker.js',
      ]),
    );
    const allowed = (name: string) =>
      name.startsWith('node:') ||
      builtinModules.includes(name) ||
      Object.keys(manifest.dependencies).some(
        (dependency) => name === dependency || name.startsWith(`${dependency}/`),
      );
    const imported = [...bareImportsOf(installed, builtFiles)];
    expect(imported.filter((name) => !allowed(name))).toEqual([]);
    // The check reads real imports: the bundle does import its runtime packages.
    expect(imported).toEqual(expect.arrayContaining(['better-sqlite3', 'zod']));
  });
});
