import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { builtNodeProgram } from '../cli.vite.config';
import { openDatabase } from '../main/cache/database';
import { episode, rng, STEPS_PER_EPISODE, vocabulary, type StepExpectation } from './data';
import { CacheContents } from './ingest';

/*
 * The crash loop shared by tests/cache/durability.test.ts and bench/soak.ts: children ingest
 * the stream (tests/cache/ingestChild.ts) and are killed with SIGKILL at seeded random points,
 * one kill per child, back to back; after each kill the cache is opened and checked.
 */

const ROOT = join(import.meta.dirname, '..');
const CHILD_SOURCE = join(ROOT, 'tests', 'cache', 'ingestChild.ts');

/*
 * The child runs as one plain-Node file, built as the `switchboard` command is
 * (cli.vite.config.ts's builtNodeProgram: the production dependencies, the native driver among
 * them, loaded from node_modules). Why: through tsx a child needed ~0.5 s to reach its cache,
 * most of it compiling TypeScript again; bundled, ~0.2 s. The durability test's 60 kills take
 * ~18 s instead of ~32 s, and its start-up kills land in the opening of the cache, not in tsx's
 * own start.
 */

export interface Life {
  /** The child's own figure: process start to an open cache, ms (-1: killed before). */
  readonly readyMs: number;
  readonly resumedAt: number;
  readonly lastCommitted: number;
}

export type KillPlan = { readonly commits: number } | { readonly delayMs: number };

/**
 * Runs one child (the bundled script at `childPath`) until it has reported `commits` commits,
 * or for `delayMs`, then SIGKILLs it.
 */
function life(childPath: string, dbPath: string, seed: number, plan: KillPlan): Promise<Life> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childPath, dbPath, String(seed)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let readyMs = -1;
    let resumedAt = -1;
    let lastCommitted = -1;
    let commits = 0;
    let buffered = '';
    let stderr = '';
    const killNow = (): void => {
      child.kill('SIGKILL');
    };
    if ('delayMs' in plan) setTimeout(killNow, plan.delayMs);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [word, first, second] = line.split(' ');
        if (word === 'ready') {
          readyMs = Number(first);
          resumedAt = Number(second);
          if ('commits' in plan && plan.commits === 0) killNow();
        } else if (word === 'committed') {
          lastCommitted = Number(first);
          commits += 1;
          if ('commits' in plan && commits === plan.commits) killNow();
        }
      }
    });
    child.on('error', reject);
    // 'close' comes after stdout has ended: every line the child wrote before dying is read.
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') {
        reject(new Error(`the child ended by itself (${String(code)}): ${stderr}`));
        return;
      }
      resolve({ readyMs, resumedAt, lastCommitted });
    });
  });
}

export interface KillReport {
  readonly kill: number;
  readonly life: Life;
  /** Highest step any child reported committed so far. */
  readonly reported: number;
  readonly integrity: string;
  /** The FTS5 index's own check, when run: 'ok' or the error. */
  readonly ftsIntegrity?: string;
  /** Effects of reported steps that the cache lacks. */
  readonly missing: readonly string[];
}

export interface CrashLoopOptions {
  readonly dbPath: string;
  readonly seed: number;
  /** Stop after this many kills… */
  readonly kills?: number;
  /** …or once this much time has passed (ms), whichever first. */
  readonly durationMs?: number;
  /** The most commits a child may make before it is killed (uniformly 0..this). */
  readonly maxCommitsPerLife?: number;
  /** Share of kills that land while the child starts (opening, migrating, resuming). */
  readonly startupShare?: number;
  /** Run the FTS5 integrity check every this many kills (and after the last). */
  readonly ftsCheckEvery?: number;
  readonly onKill?: (report: KillReport) => void;
}

export interface CrashLoopResult {
  readonly kills: number;
  readonly killedDuringStartup: number;
  readonly seconds: number;
  readonly committed: number;
  readonly stepChecks: number;
  readonly readyMs: readonly number[];
  readonly failures: readonly KillReport[];
}

export async function crashLoop(options: CrashLoopOptions): Promise<CrashLoopResult> {
  const child = await builtNodeProgram('ingestChild', CHILD_SOURCE);
  try {
    return await killRepeatedly(child.path, options);
  } finally {
    child.remove();
  }
}

async function killRepeatedly(
  childPath: string,
  options: CrashLoopOptions,
): Promise<CrashLoopResult> {
  const { dbPath, seed } = options;
  const kills = options.kills ?? Number.POSITIVE_INFINITY;
  const durationMs = options.durationMs ?? Number.POSITIVE_INFINITY;
  const maxCommits = options.maxCommitsPerLife ?? 500;
  const ftsEvery = options.ftsCheckEvery ?? 10;
  const words = vocabulary(seed, 5_000);
  const random = rng(seed);
  const started = performance.now();
  const expectations: StepExpectation[] = [];
  const readyMs: number[] = [];
  const failures: KillReport[] = [];
  let reported = -1;
  let duringStartup = 0;
  let stepChecks = 0;
  let kill = 0;
  while (kill < kills && performance.now() - started < durationMs) {
    // A start-up kill lands within the bundled child's ~150–200 ms to an open cache: node's
    // start, the opening, a migration, the resume.
    const plan: KillPlan =
      random() < (options.startupShare ?? 0.125)
        ? { delayMs: Math.floor(random() * 200) }
        : { commits: Math.floor(random() * (maxCommits + 1)) };
    const result = await life(childPath, dbPath, seed, plan);
    const previous = reported;
    if (result.readyMs < 0) duringStartup += 1;
    else readyMs.push(result.readyMs);
    reported = Math.max(reported, result.lastCommitted);
    const missing: string[] = [];
    // The cache said where the stream stopped: after every reported commit, and at most past
    // one message committed but not reported and one cut between its transactions.
    if (result.resumedAt >= 0 && (result.resumedAt <= previous || result.resumedAt > previous + 2))
      missing.push(`resumed at ${result.resumedAt} after ${previous} was reported`);
    const last = kill + 1 >= kills || performance.now() - started >= durationMs;
    const db = openDatabase(dbPath);
    let integrity: string;
    let ftsIntegrity: string | undefined;
    try {
      integrity = String(db.pragma('integrity_check', { simple: true }));
      if ((kill + 1) % ftsEvery === 0 || last) {
        try {
          db.prepare("INSERT INTO search_index (search_index) VALUES ('integrity-check')").run();
          ftsIntegrity = 'ok';
        } catch (error) {
          ftsIntegrity = (error as Error).message;
        }
      }
      while (expectations.length <= reported) {
        const next = episode(seed, expectations.length / STEPS_PER_EPISODE, words);
        expectations.push(...next.map((step) => step.expect));
      }
      const contents = new CacheContents(db);
      for (const expectation of expectations.slice(0, reported + 1)) {
        missing.push(...contents.missing(expectation));
        stepChecks += 1;
      }
    } finally {
      db.close();
    }
    const report: KillReport = {
      kill,
      life: result,
      reported,
      integrity,
      missing,
      ...(ftsIntegrity === undefined ? {} : { ftsIntegrity }),
    };
    if (integrity !== 'ok' || (ftsIntegrity ?? 'ok') !== 'ok' || missing.length > 0)
      failures.push(report);
    options.onKill?.(report);
    kill += 1;
  }
  return {
    kills: kill,
    killedDuringStartup: duringStartup,
    seconds: (performance.now() - started) / 1000,
    committed: reported + 1,
    stepChecks,
    readyMs,
    failures,
  };
}

export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

export function describeCrashLoop(result: CrashLoopResult): string {
  return (
    `${result.kills} kills (${result.killedDuringStartup} during start-up) in ` +
    `${result.seconds.toFixed(1)} s (${(result.kills / result.seconds).toFixed(2)} kills/s); ` +
    `${result.committed} messages committed, ${result.stepChecks} step checks, ` +
    `${result.failures.length} failures; child start-up to open cache p50 ` +
    `${quantile(result.readyMs, 0.5)} ms, max ${Math.max(...result.readyMs)} ms`
  );
}
