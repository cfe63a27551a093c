/**
 * The durability test's victim: opens the cache at argv[2] the way the app does (its WAL's
 * checkpoints on a worker thread), finds where the stream of seed argv[3] stopped, and ingests
 * it from there (normalize + apply, one transaction per message), writing `committed <step>` to
 * stdout after each message's commit has returned — until it is killed. `ready <ms> <resume>` comes first: the time from
 * process start to an open cache, and the step it resumes at.
 *
 * Run: node --import tsx tests/cache/ingestChild.ts <db> <seed> [maxSteps] (bench/crash.ts runs
 * it bundled, as plain JavaScript)
 */
import { writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { stream, vocabulary } from '../../bench/data';
import { Ingest, resumePoint } from '../../bench/ingest';
import { openDatabase } from '../../main/cache/database';

const [dbPath, seedText, maxText] = process.argv.slice(2);
if (dbPath === undefined || seedText === undefined) {
  throw new Error('usage: ingestChild.ts <db> <seed> [maxSteps]');
}
const seed = Number(seedText);
const max = maxText === undefined ? Number.POSITIVE_INFINITY : Number(maxText);
const words = vocabulary(seed, 5_000);
const db = openDatabase(dbPath);
const ingest = new Ingest(db, dbPath, `${dbPath}.attachments`);
// The WAL's checkpoints on their worker, as in the app: a kill may land during one.
await ingest.ready();
const from = resumePoint(db, ingest.accountId, seed, words);

/**
 * Writes a line to fd 1 before returning, so the parent sees it before the next transaction
 * starts. The pipe is non-blocking: when a loaded parent has let it fill, the write fails with
 * EAGAIN, and is tried again until the parent has read.
 */
function say(line: string): void {
  for (;;) {
    try {
      writeSync(1, line);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

say(`ready ${Math.round(performance.now())} ${from}\n`);
for (const step of stream(seed, from, words)) {
  if (step.index >= max) break;
  ingest.message(step.channel, step.data, step.at);
  say(`committed ${step.index}\n`);
}
await ingest.close();
db.close();
