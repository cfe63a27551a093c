/**
 * (i) Memory over hostile traffic: `switchboard listen` (the real command: session, normalizer,
 * cache writer, a real SQLite file) as a child process against the simulator, fed interaction
 * notifications with large userData, long subjects and a new interaction id each, never ended.
 * Its resident set is read from /proc after a warm-up and then throughout, so the figure is the
 * client's alone (the simulator runs in this process). Beside it, the child's live JavaScript
 * heap after a full garbage collection, asked through its inspector (on a loopback port): the
 * resident set also holds what the allocator keeps after a collection and SQLite's page cache,
 * and swings by tens of MiB from run to run; the heap after a collection is what the process
 * actually keeps.
 *
 * Two ways to run it: a count of messages as fast as `listen` stores them (`--messages 20000`,
 * what `npm run bench -- --only i` does), or a soak at a fixed rate for some minutes:
 * `npx tsx bench/memory.ts --minutes 60 --rate 50`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startSimulator } from '../simulator/server';

export interface MemoryBenchOptions {
  /** Messages to send (ignored when `minutes` is given). */
  readonly messages?: number;
  /** Soak for this long at `rate` messages per second instead. */
  readonly minutes?: number;
  readonly rate?: number;
  /** Messages sent before the baseline is read (start-up and the cache's first pages). */
  readonly warmUp?: number;
  readonly onProgress?: (line: string) => void;
}

export interface MemoryBenchResult {
  readonly sent: number;
  readonly stored: number;
  /** The child's resident set after the warm-up, in MiB. */
  readonly baselineMiB: number;
  readonly peakMiB: number;
  /** Halfway through (by messages sent, or by time in a soak), in MiB. */
  readonly midMiB: number;
  readonly finalMiB: number;
  /** Of the resident set after the warm-up and at the end: its anonymous part, in MiB. */
  readonly baselineAnonymousMiB: number;
  readonly finalAnonymousMiB: number;
  /**
   * The resident set right after a full collection, after the warm-up and at the end, in MiB:
   * what the process keeps, without the garbage V8 had not collected yet when RSS was read.
   */
  readonly baselineCollectedMiB: number;
  readonly finalCollectedMiB: number;
  /** The child's JavaScript heap after a full collection, after the warm-up. */
  readonly baselineHeap: HeapMiB;
  /** The same once every message is stored. */
  readonly finalHeap: HeapMiB;
  readonly seconds: number;
  /** Bytes of one message as sent (JSON). */
  readonly messageBytes: number;
}

const ROOT = join(import.meta.dirname, '..');
/** Messages sent ahead of what `listen` has stored, at most. */
const IN_FLIGHT = 400;
/** How `listen` prints an interaction's arrival or change (one per message sent here). */
const INTERACTION_LINE = '{"event":"interaction';

/** The n-th hostile notification: ~26 KB, a new interaction each time, left open. */
export function hostileMessage(n: number): Record<string, unknown> {
  const id = `hostile-${String(n).padStart(7, '0')}-${'i'.repeat(60)}`;
  return {
    messageType: 'InteractionStateMessage',
    interaction: {
      id,
      type: 'Inbound',
      subType: 'InboundNew',
      state: n % 3 === 0 ? 'Accepted' : 'Invited',
      channel: 'chat',
      capabilities: ['Accept', 'Reject'],
      subject: `${'Subject that goes on '.repeat(200)}${n}`,
      userData: {
        Subject: `A long subject ${'x'.repeat(3000)} ${n}`,
        Blob: `${'userdata '.repeat(1500)}${n}`,
        Nested: {
          list: Array.from({ length: 50 }, (_, index) => `${index}-${n}-${'n'.repeat(40)}`),
        },
      },
      content: {
        events: Array.from({ length: 5 }, (_, index) => ({
          id: index + 1,
          messageType: 'MESSAGE',
          userId: `customer-${n}`,
          userType: 'Client',
          nickName: `Customer ${n}`,
          visibility: 'ALL',
          text: `${'a long line '.repeat(60)}${n}/${index}`,
        })),
      },
    },
  };
}

/** One line of /proc/PID/status in MiB (0 when absent). */
function statusMiB(pid: number, field: string): number {
  const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
  const kib = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1];
  return kib === undefined ? 0 : Number(kib) / 1024;
}

const rssMiB = (pid: number) => statusMiB(pid, 'VmRSS');

/**
 * The resident set's anonymous part (the allocators' memory: V8's heaps, SQLite's and glibc's
 * mallocs), as against the mapped files (code, the WAL's shared index).
 */
const anonymousMiB = (pid: number) => statusMiB(pid, 'RssAnon');

/**
 * The child's inspector (Chrome DevTools protocol over a WebSocket on 127.0.0.1), for its heap
 * after a full collection: one command at a time, answered by id.
 */
class Inspector {
  private nextId = 1;
  private readonly waiting = new Map<number, (message: InspectorAnswer) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as InspectorAnswer;
      if (message.id === undefined) return;
      this.waiting.get(message.id)?.(message);
      this.waiting.delete(message.id);
    });
  }

  static async connect(url: string): Promise<Inspector> {
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => {
      socket.addEventListener('open', resolve, { once: true });
      socket.addEventListener(
        'error',
        () => {
          reject(new Error(`no inspector at ${url}`));
        },
        { once: true },
      );
    });
    return new Inspector(socket);
  }

  private command(method: string): Promise<InspectorAnswer> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.socket.send(JSON.stringify({ id, method }));
    });
  }

  /** Collects all garbage, then answers the heap's used and committed sizes in MiB. */
  async heapAfterCollection(): Promise<HeapMiB> {
    const collected = await this.command('HeapProfiler.collectGarbage');
    if (collected.error !== undefined) throw new Error(collected.error.message);
    const usage = await this.command('Runtime.getHeapUsage');
    const { usedSize, totalSize } = usage.result ?? {};
    if (usage.error !== undefined || usedSize === undefined || totalSize === undefined)
      throw new Error(`no heap usage: ${usage.error?.message ?? 'empty answer'}`);
    return { used: usedSize / 1024 / 1024, committed: totalSize / 1024 / 1024 };
  }

  close(): void {
    this.socket.close();
  }
}

/** A JavaScript heap's size: what its objects use, and what V8 holds for it. */
export interface HeapMiB {
  readonly used: number;
  readonly committed: number;
}

interface InspectorAnswer {
  readonly id?: number;
  readonly result?: { readonly usedSize?: number; readonly totalSize?: number };
  readonly error?: { readonly message: string };
}

/** How Node announces its inspector on stderr (`--inspect=127.0.0.1:0` picks a free port). */
const INSPECTOR_URL = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `listen` under hostile traffic and reads its memory (see the module comment). */
export async function runMemoryBench(options: MemoryBenchOptions = {}): Promise<MemoryBenchResult> {
  const progress = options.onProgress ?? (() => undefined);
  const soakMs = options.minutes === undefined ? undefined : options.minutes * 60_000;
  const total = soakMs === undefined ? (options.messages ?? 20_000) : Number.POSITIVE_INFINITY;
  const warmUp = options.warmUp ?? 1000;
  const simulator = await startSimulator({ port: 0, scenario: 'quiet' });
  const folder = mkdtempSync(join(tmpdir(), 'switchboard-memory-'));
  const child = spawn(
    process.execPath,
    [
      '--inspect=127.0.0.1:0',
      '--import',
      'tsx',
      'main/headless/switchboard.ts',
      'listen',
      '--server',
      simulator.url,
      '--user',
      'agent1',
      '--db',
      join(folder, 'cache.db'),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, SWITCHBOARD_PASSWORD: 'demo', HOME: folder, XDG_CONFIG_HOME: folder },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // Printed lines are counted, not kept: each stored message prints one interaction line.
  let stored = 0;
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith(INTERACTION_LINE)) stored += 1;
  });
  let stderr = '';
  let inspectorUrl: string | undefined;
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-4000);
    inspectorUrl ??= INSPECTOR_URL.exec(stderr)?.[1];
  });
  let inspector: Inspector | undefined;
  const pid = child.pid;
  if (pid === undefined) throw new Error('listen did not start');
  const started = performance.now();
  try {
    for (let waited = 0; !simulator.world.agent('agent1').sessionStarted; waited += 50) {
      if (waited > 30_000) throw new Error(`listen did not sign in: ${stderr}`);
      await sleep(50);
    }
    await sleep(300);
    if (inspectorUrl === undefined) throw new Error(`listen offered no inspector: ${stderr}`);
    inspector = await Inspector.connect(inspectorUrl);
    const messageBytes = JSON.stringify(hostileMessage(0)).length;
    let sent = 0;
    let baseline = 0;
    let baselineAnonymous = 0;
    let baselineHeap: HeapMiB = { used: 0, committed: 0 };
    let baselineCollected = 0;
    let peak = 0;
    let mid = 0;
    let lastReport = performance.now();
    const ratePerMs = (options.rate ?? 50) / 1000;
    const soakStart = performance.now();
    while (sent < total) {
      const elapsed = performance.now() - soakStart;
      if (soakMs !== undefined && elapsed >= soakMs) break;
      if (soakMs !== undefined && sent >= elapsed * ratePerMs) {
        await sleep(10);
      } else if (sent - stored >= IN_FLIGHT) {
        await sleep(5);
      } else {
        simulator.control.injectNotification('agent1', '/v2/me/interactions', hostileMessage(sent));
        sent += 1;
        if (sent === warmUp) {
          while (stored < sent) await sleep(10);
          baseline = rssMiB(pid);
          baselineAnonymous = anonymousMiB(pid);
          // After the resident set: a collection may hand pages back.
          baselineHeap = await inspector.heapAfterCollection();
          baselineCollected = rssMiB(pid);
        }
      }
      const halfway =
        soakMs === undefined ? sent === Math.floor(total / 2) : mid === 0 && elapsed >= soakMs / 2;
      if (halfway && mid === 0) mid = rssMiB(pid);
      if (sent >= warmUp && performance.now() - lastReport > 2000) {
        lastReport = performance.now();
        const rss = rssMiB(pid);
        peak = Math.max(peak, rss);
        progress(`  ${String(sent)} sent, ${String(stored)} stored, RSS ${rss.toFixed(0)} MiB`);
      }
      if (child.exitCode !== null) throw new Error(`listen exited: ${stderr}`);
    }
    for (let waited = 0; stored < sent && waited < 60_000; waited += 20) await sleep(20);
    const finalMiB = rssMiB(pid);
    const finalAnonymousMiB = anonymousMiB(pid);
    const finalHeap = await inspector.heapAfterCollection();
    const finalCollectedMiB = rssMiB(pid);
    return {
      sent,
      stored,
      baselineMiB: baseline,
      peakMiB: Math.max(peak, finalMiB),
      midMiB: mid,
      finalMiB,
      baselineAnonymousMiB: baselineAnonymous,
      finalAnonymousMiB,
      baselineCollectedMiB: baselineCollected,
      finalCollectedMiB,
      baselineHeap,
      finalHeap,
      seconds: (performance.now() - started) / 1000,
      messageBytes,
    };
  } finally {
    inspector?.close();
    child.kill('SIGINT');
    await new Promise((resolve) => {
      if (child.exitCode !== null) resolve(undefined);
      else child.once('exit', resolve);
    });
    await simulator.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** One line for the result. */
export function describeMemory(result: MemoryBenchResult): string {
  const growth = result.finalMiB - result.baselineMiB;
  return (
    `${String(result.sent)} messages of ${(result.messageBytes / 1024).toFixed(0)} KB in ` +
    `${result.seconds.toFixed(0)} s (${String(result.stored)} stored and printed): RSS ` +
    `${result.baselineMiB.toFixed(0)} MiB after warm-up → ${result.finalMiB.toFixed(0)} MiB ` +
    `(halfway ${result.midMiB.toFixed(0)}, peak ${result.peakMiB.toFixed(0)}), growth ` +
    `${growth >= 0 ? '+' : ''}${growth.toFixed(0)} MiB (anonymous ` +
    `${(result.finalAnonymousMiB - result.baselineAnonymousMiB).toFixed(0)}); after a full ` +
    `collection RSS ${result.baselineCollectedMiB.toFixed(0)} → ${result.finalCollectedMiB.toFixed(0)} MiB, heap after a full collection ` +
    `${result.baselineHeap.used.toFixed(0)} → ${result.finalHeap.used.toFixed(0)} MiB used ` +
    `(${result.baselineHeap.committed.toFixed(0)} → ${result.finalHeap.committed.toFixed(0)} committed)`
  );
}

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string', default: '20000' },
      minutes: { type: 'string' },
      rate: { type: 'string', default: '50' },
    },
  });
  const result = await runMemoryBench({
    messages: Number(values.messages),
    ...(values.minutes === undefined ? {} : { minutes: Number(values.minutes) }),
    rate: Number(values.rate),
    onProgress: (line) => {
      console.log(line);
    },
  });
  console.log(`memory: ${describeMemory(result)}`);
  process.exitCode = result.finalMiB - result.baselineMiB <= 100 ? 0 : 1;
}
