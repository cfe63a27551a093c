import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangeSet } from '../../common/model';
import { openDatabase } from '../../main/cache/database';
import { CacheStore } from '../../main/cache/store';
import { createOperations } from '../../main/gws/operations';
import { GwsSession } from '../../main/gws/session';
import { CacheWriter } from '../../main/workstation/cacheWriter';
import { useSimulator } from '../support/simulatorHarness';

// This machine's clock jumps (an NTP correction, the time set by hand) while the desk is quiet:
// an agent in a long chat, no REST call. The server's lead (how far its clock is ahead of this
// machine's) moved by the jump, and every wait the desk shows is off by it until it is told.
// The real GWS client and cache writer (on a SQLite file) against the simulator; this machine's
// wall and monotonic clocks are the test's (`clocks`), the simulator's is set apart.

const harness = useSimulator();

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** How often the client checks this machine's clock here (2 s in the desk). */
const CHECK_MS = 200;

let folder: string;
const databases: Database[] = [];
let session: GwsSession | null = null;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'switchboard-clock-jump-'));
});

afterEach(async () => {
  await session?.signOut();
  session = null;
  for (const db of databases.splice(0)) if (db.open) db.close();
  rmSync(folder, { recursive: true, force: true });
});

/** A REST answer the client logged (`GET /me → 200 in 3 ms`), not the notifications'. */
const REST_ANSWER = /^(GET|POST|PUT|DELETE) \/\S* → \d+/u;

/**
 * agent1 signed in on the simulator, its events written by a cache writer: `pc` moves this
 * machine's wall and monotonic clocks, `server` the simulator's. Collects every change set the
 * writer tells, and counts the REST answers the client got.
 */
async function quietDesk() {
  const server = { movedMs: 0 };
  const pc = { wallMovedMs: 0, monotonicMovedMs: 0 };
  const simulator = await harness.start({ now: () => Date.now() + server.movedMs });
  const answers = { count: 0 };
  const signedIn = new GwsSession({
    serverUrl: simulator.url,
    credentials: { userName: 'agent1', password: 'demo' },
    log: {
      debug: (message) => {
        if (REST_ANSWER.test(message)) answers.count++;
      },
      warn: () => undefined,
    },
    clocks: {
      now: () => Date.now() + pc.wallMovedMs,
      monotonic: () => performance.now() + pc.monotonicMovedMs,
    },
    clockCheckIntervalMs: CHECK_MS,
  });
  session = signedIn;
  const db = openDatabase(join(folder, 'desk.sqlite'));
  databases.push(db);
  const writer = new CacheWriter({
    store: new CacheStore(db),
    account: { serverUrl: simulator.url, userName: 'agent1' },
    attachmentsDir: join(folder, 'attachments'),
    log: { debug: () => undefined, warn: () => undefined },
    serverClockAheadMs: () => signedIn.http.serverClockAheadMs,
  });
  const told: ChangeSet[] = [];
  writer.onCommit((commit) => told.push(commit.changes));
  writer.attach(signedIn);
  expect((await signedIn.signIn()).ok).toBe(true);
  expect((await createOperations(signedIn.requester).setReady()).ok).toBe(true);
  // A customer in a chat: a live row whose wait the lead moves.
  const chatId = simulator.control.startChat({
    customerNickName: 'Tom Baker',
    subject: 'Order 1234',
    firstMessage: 'Hello, where is my order?',
  });
  await expect
    .poll(() => told.flatMap((changes) => changes.interactions).some((row) => row.id === chatId))
    .toBe(true);
  // Same clocks: the first commit told the lead, 0.
  expect(told.find((changes) => changes.serverClockAheadMs !== undefined)?.serverClockAheadMs).toBe(
    0,
  );
  /** The leads told from the `from`th change set on. */
  const leadsToldSince = (from: number): number[] =>
    told.slice(from).flatMap((changes) => changes.serverClockAheadMs ?? []);
  return { server, pc, told, answers, leadsToldSince, http: signedIn.http };
}

/** Waits `ms` of real time. */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a jump of this machine’s clock on a quiet desk', () => {
  it('is told at once, with no request and no row, and a Date header after it still wins', async () => {
    const { server, pc, told, answers, leadsToldSince, http } = await quietDesk();
    const before = told.length;
    const answersBefore = answers.count;
    // NTP sets this machine's clock back 10 minutes; the server's did not move.
    pc.wallMovedMs = -10 * MINUTE;
    const jumped = performance.now();
    await expect.poll(() => leadsToldSince(before), { interval: 20 }).toHaveLength(1);
    const toldAfterMs = performance.now() - jumped;
    const [lead] = leadsToldSince(before);
    expect(Math.abs((lead ?? Number.NaN) - 10 * MINUTE)).toBeLessThan(2_000);
    // A change set of its own, the moment the check saw it: no REST answer measured it.
    expect(told.slice(before).every((changes) => changes.interactions.length === 0)).toBe(true);
    expect(answers.count).toBe(answersBefore);
    // Within one check (and what a loaded machine delays a timer by).
    expect(toldAfterMs).toBeLessThan(CHECK_MS + 1_500);

    // The server's clock was set back as well (both follow one time source): the next answer's
    // Date header measures the lead anew and wins over the jump told, at once.
    const beforeHeader = told.length;
    server.movedMs = -10 * MINUTE;
    expect((await session?.requester.get('/me'))?.ok).toBe(true);
    expect(leadsToldSince(beforeHeader)).toEqual([0]);
    // Checks after it do not count the jump again.
    await pause(5 * CHECK_MS);
    expect(leadsToldSince(beforeHeader)).toEqual([0]);
    expect(http.serverClockAheadMs).toBe(0);
  });

  it('takes no suspend for a jump: a wall clock gone on further than it ran is measured again', async () => {
    const { server, pc, told, answers, leadsToldSince, http } = await quietDesk();
    const before = told.length;
    // A suspend of an hour that the monotonic clock did not count (Linux's): both wall clocks,
    // this machine's and the server's, went on an hour meanwhile.
    pc.wallMovedMs = HOUR;
    server.movedMs = HOUR;
    const answersBefore = answers.count;
    // The next check measures the lead again (a GET /me): it did not move, and none is told.
    await expect.poll(() => answers.count, { interval: 20 }).toBeGreaterThan(answersBefore);
    await pause(5 * CHECK_MS);
    expect(leadsToldSince(before)).toEqual([]);
    expect(http.serverClockAheadMs).toBe(0);

    // The clock set 10 minutes forward by hand looks just the same to the check: measured
    // again, and the lead told at once, with no request of the desk's.
    pc.wallMovedMs = HOUR + 10 * MINUTE;
    await expect.poll(() => leadsToldSince(before), { interval: 20 }).toHaveLength(1);
    const [lead] = leadsToldSince(before);
    expect(Math.abs((lead ?? Number.NaN) + 10 * MINUTE)).toBeLessThan(2_000);
    expect(told.slice(before).every((changes) => changes.interactions.length === 0)).toBe(true);
  });
});
