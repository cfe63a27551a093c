import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionSnapshot } from '../../common/model';
import { CacheOpenError, openDatabase } from './database';
import { searchCache, type SearchQuery } from './search';
import { SearchClient } from './searchClient';
import { CacheStore } from './store';
import { BUILT_SEARCH_WORKER } from '../../tests/support/buildCli';

// A real cache file with a few thousand interactions, searched by a worker thread.

/**
 * The tests start the built worker (tests/support/buildCli.ts: the same source, bundled once
 * per run), all but the first, which starts it from source as `npm run cli` does (through tsx,
 * ~0.75 CPU-seconds a start).
 */
const BUILT = { workerUrl: BUILT_SEARCH_WORKER };

const WORDS = [
  'invoice',
  'refund',
  'password',
  'login',
  'delivery',
  'parcel',
  'charged',
  'twice',
  'account',
  'locked',
  'address',
  'changed',
  'warranty',
  'broken',
  'screen',
  'battery',
];
const NAMES = ['Tom', 'Ana', 'Li', 'Omar', 'Eva', 'Raj', 'Mia', 'Noah'];

let folder: string;
let dbPath: string;
let db: Database;

/** A deterministic sentence of `length` words for row `n`. */
function sentence(n: number, length: number): string {
  return Array.from(
    { length },
    (_, index) => WORDS[(n * 7 + index * 3 + (n % 5)) % WORDS.length] ?? 'word',
  ).join(' ');
}

function snapshot(id: string, channel: string, n: number): InteractionSnapshot {
  return {
    id,
    channel,
    state: 'Invited',
    capabilities: [],
    userData: {},
    subject: channel === 'email' ? `Case ${n}: ${sentence(n, 3)}` : 'Customer support',
    from: `${NAMES[n % NAMES.length] ?? 'x'}.${n}@example.com`,
  };
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'switchboard-search-'));
  dbPath = join(folder, 'cache.sqlite');
  db = openDatabase(dbPath);
  const store = new CacheStore(db);
  const accounts = [
    store.accountId({ serverUrl: 'http://gws-a', userName: 'agent1' }),
    store.accountId({ serverUrl: 'http://gws-b', userName: 'agent2' }),
  ];
  store.transaction(() => {
    for (let n = 0; n < 3000; n += 1) {
      const accountId = accounts[n % 2] ?? 1;
      const channel = n % 3 === 0 ? 'email' : 'chat';
      const id = `ix-${n}`;
      const at = 1_700_000_000_000 + n * 60_000;
      store.upsertInteraction(accountId, snapshot(id, channel, n), at);
      if (channel === 'email') {
        store.putEmail(accountId, id, {
          from: `customer${n}@example.com`,
          to: ['support@example.com'],
          cc: [],
          subject: `Case ${n}: ${sentence(n, 3)}`,
          text: `Hello,\n${sentence(n, 40)}\nRegards`,
          attachments: [],
        });
      } else {
        store.addChatEvents(
          accountId,
          id,
          Array.from({ length: 4 }, (_, index) => ({
            eventId: index + 1,
            kind: 'message' as const,
            authorName: index % 2 === 0 ? (NAMES[n % NAMES.length] ?? 'x') : 'Agent',
            text: sentence(n + index, 12),
            at: at + index,
          })),
        );
      }
      if (n % 4 === 0) store.markEnded(accountId, id, 'Completed', at + 30_000);
    }
  });
});

afterAll(() => {
  db.close();
  rmSync(folder, { recursive: true, force: true });
});

const QUERIES: SearchQuery[] = [
  { text: 'invoice' },
  { text: 'password locked', limit: 50 },
  { text: 'refund twice', accountId: 1 },
  { text: 'battery', accountId: 2, limit: 5, offset: 5 },
  { text: 'Tom' },
  { text: 'example.com' },
  { text: 'nothing-like-this' },
  { text: '   ' },
  { text: 'NEAR(" * :' },
];

describe('SearchClient', () => {
  it('answers exactly what searchCache answers on the main thread (its worker from source)', async () => {
    const client = await SearchClient.start(dbPath);
    try {
      for (const query of QUERIES) {
        expect({ query, hits: await client.search(query) }).toEqual({
          query,
          hits: searchCache(db, query),
        });
      }
      expect((await client.search({ text: 'invoice' })).length).toBe(20);
    } finally {
      await client.close();
    }
  });

  it('keeps the main thread responsive during a storm of 200 searches', async () => {
    // All 200 are asked at once, so the last waits for the 199 before it (~5 s alone, twice
    // that beside another test file): the verdict is how long the main thread is busy, so no
    // query may time out first.
    const client = await SearchClient.start(dbPath, { ...BUILT, timeoutMs: 60_000 });
    const storm = Array.from({ length: 200 }, (_, n) => ({
      text: WORDS[n % WORDS.length] ?? 'invoice',
      limit: 100,
    }));
    /**
     * While the storm runs, between two ticks of a 1 ms interval: the longest time, and the
     * longest time the event loop was busy (Node's event-loop utilization: running code, not
     * waiting in its poll). A main thread doing the searches is busy for as long as they take;
     * a process the machine's scheduler kept off a core for a while (other test files, other
     * programs on few cores) waits in its poll meanwhile, which shows in the gap only.
     */
    const longestStretchesDuringStorm = async () => {
      let last = performance.now();
      let lastUse = performance.eventLoopUtilization();
      let longestGap = 0;
      let longestBusy = 0;
      const stretchEnds = () => {
        const now = performance.now();
        const use = performance.eventLoopUtilization();
        longestGap = Math.max(longestGap, now - last);
        longestBusy = Math.max(longestBusy, performance.eventLoopUtilization(use, lastUse).active);
        last = now;
        lastUse = use;
      };
      const probe = setInterval(stretchEnds, 1);
      const started = performance.now();
      const answers = await Promise.all(storm.map((query) => client.search(query)));
      const elapsed = performance.now() - started;
      // The stretch since the last tick counts too: searches that answer without letting the
      // interval tick at all (on the main thread, at once) are one stretch as long as the storm.
      stretchEnds();
      clearInterval(probe);
      expect(answers.every((hits) => hits.length > 0)).toBe(true);
      return { longestGap, longestBusy, elapsed };
    };
    try {
      await client.search({ text: 'warm up' });
      // A main thread doing the searches is busy for the whole storm, in every storm. A worker's
      // storm leaves it busy for a garbage collection at most (10–40 ms here), which a loaded
      // machine stretches when it takes the core away meanwhile: the best of up to six storms
      // counts, the first under the bar ending them.
      const storms = [];
      for (let attempt = 0; attempt < 6; attempt += 1) {
        const measured = await longestStretchesDuringStorm();
        storms.push(measured);
        if (measured.longestBusy < 50) break;
      }
      // For comparison: the same queries on the main thread, which is what the worker avoids.
      const started = performance.now();
      for (const query of storm) searchCache(db, query);
      const onMainThreadMs = performance.now() - started;
      console.info(
        `search storm: ${storms
          .map(
            ({ longestGap, longestBusy, elapsed }) =>
              `200 queries in ${elapsed.toFixed(0)} ms, main thread longest busy ${longestBusy.toFixed(1)} ms, longest gap ${longestGap.toFixed(1)} ms`,
          )
          .join(
            '; ',
          )} (on the main thread the same queries block it for ${onMainThreadMs.toFixed(0)} ms)`,
      );
      // The verdict is the busy stretch, not the gap: a gap also counts the time the process
      // waited for a core, and under a load of 5 and more three storms in a row had gaps of
      // 60–140 ms (stop 39's CI run).
      expect(Math.min(...storms.map(({ longestBusy }) => longestBusy))).toBeLessThan(50);
    } finally {
      await client.close();
    }
    // Up to six storms and the same queries on the main thread: on a loaded two-core machine
    // that takes longer than the default 20 s (seen at load 9); the verdict is the busy stretch,
    // not the time.
  }, 90_000);

  it('gives each of many concurrent queries its own answer', async () => {
    const client = await SearchClient.start(dbPath, BUILT);
    try {
      const queries = Array.from({ length: 60 }, (_, n): SearchQuery => ({
        text: `${WORDS[n % WORDS.length] ?? ''} ${WORDS[(n * 5) % WORDS.length] ?? ''}`,
        limit: 1 + (n % 30),
        ...(n % 3 === 0 ? {} : { accountId: 1 + (n % 2) }),
      }));
      const answers = await Promise.all(queries.map((query) => client.search(query)));
      answers.forEach((hits, n) => {
        const query = queries[n];
        if (query === undefined) throw new Error('missing query');
        expect(hits).toEqual(searchCache(db, query));
      });
    } finally {
      await client.close();
    }
  });

  it('rejects queries in flight and after close with a clear error', async () => {
    const client = await SearchClient.start(dbPath, BUILT);
    const inFlight = client.search({ text: 'invoice', limit: 500 }).then(
      () => 'answered',
      (error: unknown) => (error as Error).message,
    );
    await client.close();
    expect(await inFlight).toBe('The search client is closed');
    await expect(client.search({ text: 'invoice' })).rejects.toThrow('The search client is closed');
    await client.close(); // twice is harmless
  });

  it('refuses a missing file or one that is not a cache, naming the path', async () => {
    const missing = join(folder, 'missing.sqlite');
    const start = SearchClient.start(missing, BUILT);
    await expect(start).rejects.toBeInstanceOf(CacheOpenError);
    await expect(start).rejects.toThrow(`Cannot open the cache at ${missing}`);

    const garbage = join(folder, 'garbage.sqlite');
    writeFileSync(garbage, 'this is not a database, just some text '.repeat(200));
    await expect(SearchClient.start(garbage, BUILT)).rejects.toMatchObject({
      name: 'CacheOpenError',
      reason: 'notADatabase',
      message: expect.stringContaining(garbage) as unknown,
    });
  });

  it('rejects a query that takes longer than its timeout', async () => {
    // A worker that answers each query 100 ms late: the real one, warm, once answered within the
    // 0 ms timeout's first tick on a fast machine, and the query resolved instead.
    const workerPath = join(folder, 'lateWorker.mjs');
    writeFileSync(
      workerPath,
      [
        "import { parentPort } from 'node:worker_threads';",
        'parentPort.on("message", ({ id }) => {',
        '  setTimeout(() => parentPort.postMessage({ id, error: "late" }), 100);',
        '});',
        'parentPort.postMessage({ ready: true });',
      ].join('\n'),
    );
    const client = await SearchClient.start(dbPath, {
      timeoutMs: 0,
      workerUrl: pathToFileURL(workerPath),
    });
    try {
      await expect(client.search({ text: 'invoice', limit: 3000 })).rejects.toThrow(
        'Search timed out after 0 ms',
      );
      // A late answer to a timed-out query goes nowhere; the client keeps working.
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await client.close();
    }
  });

  it("gives up an e-mail's text sooner than a search, and keeps working after", async () => {
    // The worker answers in turn: a text asked for behind a slow search would hold the cache
    // writer, and every notification after the e-mail, for the search's whole timeout. A worker
    // that never answers the first request stands for that search (a real one that takes long
    // enough would race a loaded machine's timers).
    const workerPath = join(folder, 'busyWorker.mjs');
    writeFileSync(
      workerPath,
      [
        "import { parentPort } from 'node:worker_threads';",
        'let first = true;',
        'parentPort.on("message", ({ id }) => {',
        '  if (first) first = false;',
        '  else parentPort.postMessage({ id, text: "made" });',
        '});',
        'parentPort.postMessage({ ready: true });',
      ].join('\n'),
    );
    const client = await SearchClient.start(dbPath, {
      timeoutMs: 60_000,
      workerUrl: pathToFileURL(workerPath),
    });
    try {
      await expect(client.textOfHtml('<p>a</p>', 50)).rejects.toThrow(
        "An e-mail's text timed out after 50 ms",
      );
      // The next text is answered: the client keeps working.
      expect(await client.textOfHtml('<p>b</p>')).toBe('made');
    } finally {
      await client.close();
    }
  });
});
