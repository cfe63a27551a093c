/**
 * One cold start, in a fresh process: `node --import tsx bench/coldOpen.ts <db> app|raw`.
 * `app` opens the cache as the app does (openDatabase: pragmas, migration check), then asks
 * CacheStore for the inbox and the first history page; `raw` opens it with better-sqlite3 alone
 * and reads a 50-row page of active interactions by the index. Prints the times as JSON.
 */
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../main/cache/database';
import { CacheStore } from '../main/cache/store';
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
  const opened = performance.now();
  const accountId = store.accountId(BENCH_ACCOUNT);
  // The first page the window shows, as the target says.
  const inbox = store.inbox(accountId, { limit: 50 });
  const inboxDone = performance.now();
  const history = store.history(accountId, { limit: 50 });
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
