import { parentPort, workerData } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { htmlToText } from '../../common/htmlText';
import type { SearchHit } from '../../common/model';
import { CacheOpenError, openDatabase } from './database';
import { searchCache, type SearchQuery } from './search';

/**
 * The search worker: runs in a `worker_threads` Worker started by SearchClient, with its own
 * read-only connection, so that a slow full-text query never blocks the main thread (WAL lets it
 * read while the main connection writes). It also makes the text that search keeps of a large
 * HTML-only e-mail (see CacheWriter's `textOfHtml`): `htmlToText` on a newsletter's 1.6 MB took
 * 10–45 ms. Protocol, one message each way per request:
 *
 *   in:  { id, query: SearchQuery }          out: { id, hits: SearchHit[] } | { id, error }
 *   in:  { id, html: string }                out: { id, text: string } | { id, error }
 *
 * Before any query it posts `{ ready: true }` once the database is open, or
 * `{ ready: false, reason, error }` when it cannot be opened (then it exits).
 */

export interface SearchWorkerData {
  readonly dbPath: string;
}

export type SearchRequest =
  | { readonly id: number; readonly query: SearchQuery }
  | { readonly id: number; readonly html: string };

export type SearchResponse =
  | { readonly id: number; readonly hits: SearchHit[] }
  | { readonly id: number; readonly text: string }
  | { readonly id: number; readonly error: string };

export type SearchWorkerStatus =
  | { readonly ready: true }
  | { readonly ready: false; readonly reason: CacheOpenError['reason']; readonly error: string };

function serve(): void {
  const port = parentPort;
  if (port === null) throw new Error('searchWorker runs in a worker thread (see SearchClient)');
  const { dbPath } = workerData as SearchWorkerData;
  let db: Database;
  try {
    db = openDatabase(dbPath, { readonly: true });
  } catch (error) {
    port.postMessage({
      ready: false,
      reason: error instanceof CacheOpenError ? error.reason : 'cannotOpen',
      error: error instanceof Error ? error.message : String(error),
    } satisfies SearchWorkerStatus);
    return; // nothing keeps the thread alive: it exits once the message is sent
  }
  port.postMessage({ ready: true } satisfies SearchWorkerStatus);
  port.on('message', (request: SearchRequest) => {
    let response: SearchResponse;
    try {
      response =
        'html' in request
          ? { id: request.id, text: htmlToText(request.html) }
          : { id: request.id, hits: searchCache(db, request.query) };
    } catch (error) {
      response = {
        id: request.id,
        error: error instanceof Error ? error.message : String(error),
      };
    }
    port.postMessage(response);
  });
  // No explicit close: the connection goes with the thread when SearchClient terminates it.
}

serve();
