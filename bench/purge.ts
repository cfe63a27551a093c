/**
 * Benchmark (d), its purge row: the main thread's longest block while the retention purge
 * (`CacheWriter.purge`, which the desk runs at every start) removes every interaction of a
 * cache filled from the stream of (a) — chats and e-mails with their lines, search documents
 * and index entries, and the event log. The app's purge runs as transactions of about
 * PURGE_SLICE_MS and yields to the event loop between them; the baseline, in the same run on
 * an identical cache, runs the same purge (`CacheStore.retentionPurge`) to its end without
 * yielding, as a purge without pacing would. A 1 ms interval timer measures the gaps between
 * the event loop's turns meanwhile, and again while nothing but 1 ms slices of arithmetic run
 * (the machine's own stalls: the floor under the purge's).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../main/cache/database';
import { addPurged } from '../main/cache/store';
import type { PurgeResult } from '../main/workstation/cacheWriter';
import { quantile } from './crash';
import { stream, vocabulary } from './data';
import { collectGarbage, watchCollections } from './garbage';
import { Ingest } from './ingest';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Messages of one CometD delivery while the cache is filled (how fast it fills only). */
const FILL_DELIVERY = 50;

/** The gaps between the turns of a 1 ms interval timer while something ran. */
export interface Gaps {
  readonly seconds: number;
  readonly longestMs: number;
  readonly p99Ms: number;
  /** Turns of the probe later than a 60 Hz frame. */
  readonly over16Ms: number;
  /** The main thread's longest garbage collection meanwhile. */
  readonly longestCollectionMs: number;
}

export interface PurgeRun {
  readonly result: PurgeResult;
  readonly gaps: Gaps;
  /** What the cache held before: rows the purge had to delete (the interactions ended). */
  readonly held: { interactions: number; logRows: number; searchDocuments: number };
}

/**
 * Runs `work` with a 1 ms interval timer probing the event loop's turns, and the garbage
 * collections observed; the garbage of what ran before is collected first.
 */
async function probed<T>(work: () => Promise<T> | T): Promise<{ value: T; gaps: Gaps }> {
  collectGarbage();
  const collections = watchCollections();
  const gaps: number[] = [];
  let previous = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    gaps.push(now - previous);
    previous = now;
  }, 1);
  // The probe's first turn, so that the gaps are measured from a turn of the loop.
  await new Promise((resolve) => setTimeout(resolve, 5));
  gaps.length = 0;
  previous = performance.now();
  const started = performance.now();
  const value = await work();
  const seconds = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(probe);
  const longestCollectionMs = collections.stop();
  return {
    value,
    gaps: {
      seconds,
      longestMs: gaps.reduce((longest, gap) => Math.max(longest, gap), 0),
      p99Ms: quantile(gaps, 0.99),
      over16Ms: gaps.filter((gap) => gap > 16).length,
      longestCollectionMs,
    },
  };
}

/** `seconds` of 1 ms slices of arithmetic, yielding between them as the paced purge does. */
async function control(seconds: number): Promise<Gaps> {
  const { gaps } = await probed(async () => {
    const end = performance.now() + seconds * 1000;
    let sink = 0;
    while (performance.now() < end) {
      const slice = performance.now() + 1;
      while (performance.now() < slice) sink += Math.sqrt(sink + 1);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return sink;
  });
  return gaps;
}

/** The baseline: the store's purge run through, the main thread never let go meanwhile. */
function unpaced(ingest: Ingest, cutoff: number): PurgeResult {
  const result = { interactions: 0, files: 0, refusedFiles: 0, logRows: 0, contactHistory: 0 };
  for (const step of ingest.store.retentionPurge(cutoff, () => false)) addPurged(result, step);
  return result;
}

/** Fills a new cache in `dir` with `messages` of the stream and purges all of it. */
async function purgeRun(
  dir: string,
  name: string,
  messages: number,
  seed: number,
  paced: boolean,
): Promise<PurgeRun> {
  const path = join(dir, `${name}.db`);
  const db = openDatabase(path);
  const ingest = new Ingest(db, path, join(dir, 'attachments'));
  await ingest.ready();
  let last = 0;
  let delivery: { channel: string; data: unknown; at: number }[] = [];
  for (const step of stream(seed, 0, vocabulary(seed, 5_000))) {
    if (messages <= 0) break;
    messages -= 1;
    delivery.push({ channel: step.channel, data: step.data, at: step.at });
    last = Math.max(last, step.at);
    if (delivery.length === FILL_DELIVERY) {
      ingest.delivery(delivery);
      delivery = [];
    }
  }
  ingest.delivery(delivery);
  ingest.finish();
  const count = (table: string) =>
    db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const held = {
    interactions: count('interactions WHERE ended_at IS NOT NULL'),
    logRows: count('interaction_events'),
    searchDocuments: count('search_documents'),
  };
  // Everything the stream ended is older than the retention period.
  const retentionDays = Math.max(0, (Date.now() - last) / DAY_MS - 1);
  const { value: result, gaps } = await probed(() =>
    paced
      ? ingest.writer.purge(retentionDays)
      : unpaced(ingest, Date.now() - retentionDays * DAY_MS),
  );
  await ingest.close();
  db.close();
  if (result.interactions !== held.interactions)
    throw new Error(`purged ${result.interactions} of ${held.interactions} interactions`);
  return { result, gaps, held };
}

/** The app's purge, the unpaced baseline (on identical caches) and the machine's floor. */
export async function benchPurge(
  workDir: string,
  messages: number,
  seed: number,
): Promise<{ app: PurgeRun; baseline: PurgeRun; idle: Gaps }> {
  const dir = mkdtempSync(join(workDir, 'purge-'));
  try {
    const baseline = await purgeRun(dir, 'baseline', messages, seed, false);
    const app = await purgeRun(dir, 'app', messages, seed, true);
    return { app, baseline, idle: await control(app.gaps.seconds) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
