/**
 * One cold start, in a fresh process: `node --import tsx bench/coldOpen.ts <db> app|raw`.
 * `app` opens the cache as the app does (openDatabase: pragmas, migration check; the account's
 * CacheWriter), then asks that writer for the inbox and the first history page, as the desk's handlers do
 * (its inbox rows carry each live chat's wait for an answer, worked out of the transcripts); `raw` opens it with better-sqlite3 alone
 * and reads a 50-row page of active interactions by the index. Prints the times as JSON.
 */
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../main/cache/database';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheStore } from '../main/cache/store';
import { CacheWriter } from '../main/workstation/cacheWriter';
import { BENCH_ACCOUNT } from './data';

const [path, mode] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: coldOpen.ts <db> app|raw');
const started = performance.now();
if (mode === 'raw') {
  const db = new BetterSqlite3(path, { readonly: true });
  const opened = performance.now();
  const rows = db
    .prepare(
      'SELECT * FROM interactions WHERE account_id = 1 AND ended_at IS NULL ORDER BY updated_at DESC, id LIMIT 50',
    )
    .all();
  const done = performance.now();
  console.log(
    JSON.stringify({ openMs: opened - started, firstPageMs: done - opened, rows: rows.length }),
  );
  db.close();
} else {
  const db = openDatabase(path);
  const store = new CacheStore(db);
  const writer = new CacheWriter({
    store,
    account: BENCH_ACCOUNT,
    // Never written to: reading writes no attachment.
    attachmentsDir: join(tmpdir(), 'switchboard-bench-cold-open'),
    log: { debug: () => undefined, warn: () => undefined },
  });
  // Open: the database and the account's writer, as the app opens them before the first page.
  const opened = performance.now();
  // The first page the window shows, as the target says.
  const inbox = writer.inbox({ limit: 50 });
  const inboxDone = performance.now();
  const history = writer.history({ limit: 50 });
  const done = performance.now();
  console.log(
    JSON.stringify({
      openMs: opened - started,
      inboxMs: inboxDone - opened,
      historyMs: done - inboxDone,
      inboxRows: inbox.length,
      historyRows: history.length,
    }),
  );
  db.close();
}
