/**
 * Benchmark (g): sustained chat load through the real client. The simulator runs in a process
 * of its own (`npm run simulator -- --scenario load --load-chats C …`), so that its work is not
 * counted as the client's and the client's RSS is the client's alone. This process signs in
 * with the real GWS client (GwsSession: REST, CometD long-polling), accepts the C chats as an
 * agent would, and lets the real event→cache writer store every line in a real SQLite file.
 * For each case it reports the line rate the simulator sent and the cache kept up with, the
 * backlog (lines sent but not yet committed) each second and whether it stays bounded, the
 * latency from the simulator's send (the line's server timestamp) to the commit that stored
 * it, and the RSS of this process before and after. Each run is bounded (`seconds` of lines,
 * then at most {@link DRAIN_LIMIT_MS} to catch up) and stops by itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { ChatEvent } from '../common/model';
import { openDatabase } from '../main/cache/database';
import { CacheStore, type AccountKey } from '../main/cache/store';
import { createOperations } from '../main/gws/operations';
import { GwsSession } from '../main/gws/session';
import { CacheWriter } from '../main/workstation/cacheWriter';
import { LOAD_LINE_PREFIX, type LoadProgress } from '../simulator/scenarios';
import { quantile } from './crash';

const ROOT = join(import.meta.dirname, '..');
/** How long a case may take to catch up once the simulator has sent its last line. */
const DRAIN_LIMIT_MS = 20_000;
/** How often the simulator's progress (and this process's RSS) is polled. */
const POLL_MS = 250;
const QUIET_LOG = { debug: () => undefined, warn: () => undefined };

export interface LoadCase {
  /** Chat lines per second, spread evenly over the chats. */
  readonly linesPerSecond: number;
  readonly chats: number;
}

/** The four cases of issue 10: 500 and 2,000 lines/s, over 3 long chats and 50 short ones. */
export const LOAD_CASES: readonly LoadCase[] = [
  { linesPerSecond: 500, chats: 3 },
  { linesPerSecond: 500, chats: 50 },
  { linesPerSecond: 2000, chats: 3 },
  { linesPerSecond: 2000, chats: 50 },
];

/** One backlog sample: seconds since the first line, lines sent and committed by then. */
export interface BacklogSample {
  readonly second: number;
  readonly sent: number;
  readonly committed: number;
}

export interface LoadResult {
  readonly linesPerSecond: number;
  readonly chats: number;
  readonly seconds: number;
  readonly linesSent: number;
  /** Lines the simulator sent per second over its send window. */
  readonly sentRate: number;
  /** Lines committed per second over the same window (what the client kept up with). */
  readonly committedRateInWindow: number;
  readonly committed: number;
  /** Load lines found in the cache file at the end (checks the commits the callback saw). */
  readonly stored: number;
  /** Milliseconds from the last line sent to the last line committed; null if not caught up. */
  readonly drainMs: number | null;
  readonly backlog: readonly BacklogSample[];
  /** Growth of the backlog over the send window, lines per second (least squares). */
  readonly backlogSlope: number;
  readonly bounded: boolean;
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly max: number };
  readonly rssMb: { readonly before: number; readonly after: number; readonly peak: number };
  /** The machine's 1-minute load average at the end: other work skews the figures. */
  readonly loadAverage: number;
}

// ---- the one coupling to the event→cache writer ------------------------------------------------

/** What the benchmark needs of the event→cache writer. */
interface CacheWriterUnderLoad {
  /** Load lines stored in the cache file, counted there. */
  storedLoadLines(): number;
  close(): Promise<void>;
}

/**
 * Attaches the event→cache writer to the session and calls `committed` once per commit with the
 * chat lines that commit stored. This is the only function that knows the writer's API.
 *
 * The writer (`CacheWriter.attach`) is the session's one event subscriber: it applies the events
 * of one synchronous run of the session in one transaction and then announces the commit, whose
 * change set carries the chat lines it stored.
 */
function attachCacheWriter(
  session: GwsSession,
  db: Database,
  account: AccountKey,
  attachmentsDir: string,
  committed: (lines: readonly ChatEvent[]) => void,
): CacheWriterUnderLoad {
  const store = new CacheStore(db);
  const writer = new CacheWriter({ store, account, attachmentsDir, log: QUIET_LOG });
  const detach = writer.attach(session);
  const unsubscribe = writer.onCommit(({ changes }) => {
    committed(changes.transcripts.flatMap((transcript) => transcript.lines));
  });
  const countLoadLines = db.prepare('SELECT count(*) AS n FROM chat_messages WHERE text LIKE ?');
  return {
    storedLoadLines: () =>
      (countLoadLines.get(`${LOAD_LINE_PREFIX}%`) as { n: number } | undefined)?.n ?? 0,
    close: async () => {
      unsubscribe();
      detach();
      await writer.close();
    },
  };
}

// ---- the simulator, in a process of its own ---------------------------------------------------

interface RunningSimulator {
  readonly url: string;
  progress(): Promise<LoadProgress>;
  stop(): Promise<void>;
}

async function startSimulatorProcess(args: readonly string[]): Promise<RunningSimulator> {
  const tsxCli = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const child: ChildProcess = spawn(process.execPath, [tsxCli, 'simulator/cli.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`the simulator did not start within 30 s: ${output}`));
    }, 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the simulator exited (${String(code)}): ${output}`));
    });
  });
  return {
    url,
    progress: async () => {
      const answer = await fetch(`${url}/simulator/load`);
      return (await answer.json()) as LoadProgress;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGINT');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    },
  };
}

// ---- one case ---------------------------------------------------------------------------------

function rssMb(): number {
  return process.memoryUsage().rss / 1024 / 1024;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Least-squares slope of `y` over `x`; 0 for fewer than two points. */
function slope(points: readonly (readonly [number, number])[]): number {
  if (points.length < 2) return 0;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / points.length;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
  const numerator = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const denominator = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return denominator === 0 ? 0 : numerator / denominator;
}

/**
 * Lines sent and committed by each whole second after `startedAt`, until `lastAt`: from each
 * line's send and commit times (both sorted ascending, the commit order being arrival order).
 */
function backlogSeries(
  startedAt: number,
  lastAt: number,
  sentAt: readonly number[],
  committedAt: readonly number[],
): BacklogSample[] {
  const sentSorted = [...sentAt].sort((a, b) => a - b);
  const samples: BacklogSample[] = [];
  let sent = 0;
  let committed = 0;
  for (let second = 1; startedAt + (second - 1) * 1000 <= lastAt; second += 1) {
    const at = startedAt + second * 1000;
    while (sent < sentSorted.length && (sentSorted[sent] ?? Infinity) <= at) sent += 1;
    while (committed < committedAt.length && (committedAt[committed] ?? Infinity) <= at)
      committed += 1;
    samples.push({ second, sent, committed });
  }
  return samples;
}

/** Runs one case against a fresh simulator and a fresh cache file; cleans both up. */
export async function runLoadCase(loadCase: LoadCase, seconds: number): Promise<LoadResult> {
  const simulator = await startSimulatorProcess([
    '--port',
    '0',
    '--scenario',
    'load',
    // Dialect a announces only the new chat events; dialect b repeats the transcript so far in
    // every notification (000), which at thousands of lines per chat measures the simulator's
    // serialiser rather than the client.
    '--dialect',
    'a',
    '--control',
    '--load-rate',
    String(loadCase.linesPerSecond),
    '--load-chats',
    String(loadCase.chats),
    '--load-seconds',
    String(seconds),
    '--chat-capacity',
    String(loadCase.chats),
    '--invite-timeout',
    '600',
  ]);
  const folder = mkdtempSync(join(tmpdir(), 'switchboard-load-'));
  const db = openDatabase(join(folder, 'cache.db'));
  const account = { serverUrl: simulator.url, userName: 'agent1' };
  const session = new GwsSession({
    serverUrl: simulator.url,
    credentials: { userName: 'agent1', password: 'demo' },
    mediaChannels: ['chat'],
    log: QUIET_LOG,
  });
  try {
    const rssBefore = rssMb();
    let peakRss = rssBefore;
    // Every load line's send time (the server's timestamp) and commit time, on one clock: the
    // simulator runs on this machine.
    const sentAt: number[] = [];
    const committedAt: number[] = [];
    let missingTimestamps = 0;
    const writer = attachCacheWriter(session, db, account, join(folder, 'attachments'), (lines) => {
      const now = Date.now();
      for (const line of lines) {
        if (line.text?.startsWith(LOAD_LINE_PREFIX) !== true) continue;
        if (line.at === undefined) {
          missingTimestamps += 1;
          continue;
        }
        sentAt.push(line.at);
        committedAt.push(now);
      }
    });
    // An agent accepts each chat offered (the simulator starts the lines once all are accepted).
    const operations = createOperations(session.requester);
    session.onEvent((event) => {
      if (event.type === 'interactionInvited' && event.interaction.channel === 'chat')
        void operations.accept(event.interaction.id);
    });
    const signedIn = await session.signIn();
    if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.error.message}`);
    const ready = await operations.setChannelReady('chat');
    if (!ready.ok) throw new Error(`Ready failed: ${ready.error.message}`);

    let progress = await simulator.progress();
    for (const deadline = Date.now() + 30_000; progress.startedAt === null;) {
      if (Date.now() > deadline)
        throw new Error(`only ${progress.accepted} of ${progress.chats} chats accepted in 30 s`);
      await sleep(100);
      progress = await simulator.progress();
    }
    const startedAt = progress.startedAt;
    // Poll until the simulator has sent its last line and the cache has them all (or the drain
    // limit is over); the backlog is computed afterwards from the lines' own times, so a busy
    // event loop that delays this poll does not distort it.
    for (;;) {
      await sleep(POLL_MS);
      progress = await simulator.progress();
      peakRss = Math.max(peakRss, rssMb());
      if (progress.endedAt === null) continue;
      if (committedAt.length >= progress.linesSent) break;
      if (Date.now() > progress.endedAt + DRAIN_LIMIT_MS) break;
    }
    const endedAt = progress.endedAt;
    const windowSeconds = (endedAt - startedAt) / 1000;
    const committed = committedAt.length;
    const caughtUp = committed >= progress.linesSent;
    const lastCommitAt = committedAt.at(-1) ?? endedAt;
    const backlog = backlogSeries(startedAt, lastCommitAt, sentAt, committedAt);
    const inWindow = backlog.filter((sample) => sample.second <= windowSeconds);
    const backlogSlope = slope(inWindow.map((s) => [s.second, s.sent - s.committed] as const));
    const committedInWindow = committedAt.filter((at) => at <= endedAt).length;
    const stored = writer.storedLoadLines();
    const rssAfter = rssMb();
    if (missingTimestamps > 0)
      throw new Error(`${missingTimestamps} lines arrived without the server's timestamp`);
    await session.signOut();
    await writer.close();
    const latencies = sentAt.map((at, index) => (committedAt[index] ?? at) - at);
    return {
      linesPerSecond: loadCase.linesPerSecond,
      chats: loadCase.chats,
      seconds,
      linesSent: progress.linesSent,
      sentRate: progress.linesSent / windowSeconds,
      committedRateInWindow: committedInWindow / windowSeconds,
      committed,
      stored,
      drainMs: caughtUp ? Math.max(0, lastCommitAt - endedAt) : null,
      backlog,
      backlogSlope,
      // Bounded: caught up within the drain limit, and over the send window the client did not
      // fall behind by more than 5% of the rate each second. (A client that blocks its event
      // loop for longer than the limit is only noticed once it lets go: the run then lasts that
      // long.)
      bounded:
        caughtUp &&
        lastCommitAt - endedAt <= DRAIN_LIMIT_MS &&
        backlogSlope <= 0.05 * loadCase.linesPerSecond,
      latencyMs: {
        p50: quantile(latencies, 0.5),
        p95: quantile(latencies, 0.95),
        max:
          latencies.length === 0
            ? Number.NaN
            : latencies.reduce((longest, latency) => Math.max(longest, latency), 0),
      },
      rssMb: { before: rssBefore, after: rssAfter, peak: peakRss },
      loadAverage: loadavg()[0] ?? Number.NaN,
    };
  } finally {
    if (session.status.state !== 'signedOut') await session.signOut();
    db.close();
    await simulator.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** A row of bench/run.ts's table. */
export interface LoadRow {
  readonly name: string;
  readonly value: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly target: string;
}

/** At most about `count` samples, evenly spaced, always with the first and the last. */
function everyFew<T>(items: readonly T[], count: number): T[] {
  const step = Math.max(1, Math.ceil(items.length / count));
  return items.filter((_, index) => index % step === 0 || index === items.length - 1);
}

const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;

/** The table row of a case, and the lines that show its backlog over time. */
export function describeLoad(result: LoadResult): { row: LoadRow; details: string[] } {
  const row: LoadRow = {
    name: `(g) ${result.linesPerSecond} lines/s over ${result.chats} chats`,
    value:
      `${result.committedRateInWindow.toFixed(0)} lines/s stored, latency p50 ${ms(result.latencyMs.p50)}, ` +
      `p95 ${ms(result.latencyMs.p95)}, max ${ms(result.latencyMs.max)}; backlog ${result.bounded ? 'bounded' : 'growing'}`,
    baseline: `${result.sentRate.toFixed(0)} lines/s sent`,
    ratio: `${(result.committedRateInWindow / result.sentRate).toFixed(2)}×`,
    target: 'keeps up (≈ 1×), backlog bounded',
  };
  const details = [
    `(g) ${result.linesPerSecond}/s × ${result.chats} chats, ${result.seconds} s: sent ${result.linesSent}, ` +
      `committed ${result.committed}, in the cache ${result.stored}; ` +
      (result.drainMs === null
        ? `not caught up ${DRAIN_LIMIT_MS / 1000} s after the last line`
        : `last line committed ${ms(result.drainMs)} after the last send`),
    `    backlog (sent − committed) at s ${everyFew(result.backlog, 15)
      .map((s) => `${s.second}:${s.sent - s.committed}`)
      .join(' ')}` + ` (slope ${result.backlogSlope.toFixed(0)} lines/s)`,
    `    RSS ${result.rssMb.before.toFixed(0)} MB before, ${result.rssMb.after.toFixed(0)} MB after, ` +
      `peak ${result.rssMb.peak.toFixed(0)} MB; machine load average ${result.loadAverage.toFixed(1)} ` +
      `(${availableParallelism()} cores)`,
  ];
  return { row, details };
}

/** Runs the four cases one after the other; `report` gets each case's lines as it ends. */
export async function benchLoad(
  seconds: number,
  report: (line: string) => void,
): Promise<{ rows: LoadRow[]; results: LoadResult[] }> {
  const rows: LoadRow[] = [];
  const results: LoadResult[] = [];
  for (const loadCase of LOAD_CASES) {
    report(`(g) ${loadCase.linesPerSecond} lines/s over ${loadCase.chats} chats…`);
    const result = await runLoadCase(loadCase, seconds);
    const { row, details } = describeLoad(result);
    for (const line of details) report(line);
    rows.push(row);
    results.push(result);
  }
  return { rows, results };
}
