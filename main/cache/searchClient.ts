import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SearchHit } from '../../common/model';
import { CacheOpenError } from './database';
import type { SearchQuery } from './search';
import type {
  SearchRequest,
  SearchResponse,
  SearchWorkerData,
  SearchWorkerStatus,
} from './searchWorker';

export interface SearchClientOptions {
  /** How long one query may take before its promise rejects; 10 s by default. */
  readonly timeoutMs?: number;
  /** The worker's script; by default `searchWorker.ts|.js` beside this module (see below). */
  readonly workerUrl?: URL;
}

interface Pending {
  readonly resolve: (response: SearchResponse) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Where the worker's script is.
 *
 * - From source (vitest, tsx, `bin/switchboard.mjs`) this module is `searchClient.ts` and the
 *   worker `searchWorker.ts` beside it, which Node cannot run by itself: the worker is started
 *   with tsx as its loader (`--import tsx`, which registers tsx's hooks in that thread).
 * - In the Electron build, electron-vite must emit the worker as an entry of its own, beside
 *   the main bundle: in electron.vite.config.ts,
 *     main.build.rollupOptions.input = { index: 'main/index.ts', searchWorker: 'main/cache/searchWorker.ts' }
 *   gives `out/main/searchWorker.js` next to `out/main/index.js` (this module is bundled into
 *   the latter, so `import.meta.url` points there and the `.js` name is chosen). If the bundle
 *   is ever split so that this module lands in a chunk elsewhere, pass `workerUrl` instead,
 *   e.g. from electron-vite's `import workerPath from '../cache/searchWorker?modulePath'`.
 */
function defaultWorkerUrl(): URL {
  const own = new URL(import.meta.url);
  const extension = /\.[cm]?ts$/u.test(own.pathname) ? '.ts' : '.js';
  return new URL(`./searchWorker${extension}`, own);
}

/**
 * `--import <tsx>` for a TypeScript worker, tsx resolved from this module rather than from the
 * working directory (the CLI may run anywhere); nothing for a built `.js` worker.
 */
function loaderArgs(url: URL): string[] {
  if (!/\.[cm]?ts$/u.test(url.pathname)) return [];
  const tsx = createRequire(import.meta.url).resolve('tsx');
  return ['--import', pathToFileURL(tsx).href];
}

/** The message a failed query or start rejects with, whatever the worker threw. */
function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * How long the writer waits for the worker's text of a large HTML-only e-mail (see
 * {@link SearchClient.textOfHtml}): ~10–45 ms of work, so a wait this long means searches queued
 * before it, and the chat lines and invitations behind the e-mail wait with it.
 */
export const TEXT_OF_HTML_TIMEOUT_MS = 2_000;

/**
 * Full-text search on a worker thread with its own read-only connection, so that the main
 * thread (the UI's IPC, the notification stream) never waits for SQLite. Each query carries an
 * id; answers may come in any order and each goes to its own caller.
 */
export class SearchClient {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closedReason: string | null = null;

  private constructor(
    private readonly worker: Worker,
    private readonly timeoutMs: number,
  ) {
    worker.on('message', (response: SearchResponse) => {
      const waiting = this.pending.get(response.id);
      if (!waiting) return; // timed out already
      this.pending.delete(response.id);
      clearTimeout(waiting.timer);
      if ('error' in response) waiting.reject(new Error(`Search failed: ${response.error}`));
      else waiting.resolve(response);
    });
    worker.on('error', (error) => {
      this.fail(`The search worker failed: ${error.message}`);
    });
    worker.on('exit', (code) => {
      this.fail(`The search worker stopped (exit code ${code})`);
    });
  }

  /**
   * Starts a worker on the cache at `dbPath` and resolves once it has opened it; rejects with
   * the CacheOpenError of openDatabase (missing file, not a database, newer schema) otherwise.
   */
  static start(dbPath: string, options: SearchClientOptions = {}): Promise<SearchClient> {
    const url = options.workerUrl ?? defaultWorkerUrl();
    const execArgv = loaderArgs(url);
    const worker = new Worker(url, {
      workerData: { dbPath } satisfies SearchWorkerData,
      ...(execArgv.length > 0 ? { execArgv } : {}),
    });
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        worker.off('message', onStatus);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onStatus = (status: SearchWorkerStatus) => {
        cleanup();
        if (status.ready) {
          resolve(new SearchClient(worker, options.timeoutMs ?? 10_000));
          return;
        }
        void worker.terminate();
        reject(new CacheOpenError(status.reason, status.error));
      };
      const onError = (error: Error) => {
        cleanup();
        void worker.terminate();
        reject(new Error(`The search worker could not start: ${error.message}`));
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new Error(`The search worker exited before it was ready (exit code ${code})`));
      };
      worker.once('message', onStatus);
      worker.once('error', onError);
      worker.once('exit', onExit);
    });
  }

  /** Ranked hits for the query, as `searchCache` gives them on the worker's connection. */
  async search(query: SearchQuery): Promise<SearchHit[]> {
    const response = await this.ask((id) => ({ id, query }));
    return 'hits' in response ? response.hits : [];
  }

  /**
   * `htmlToText(html)`, made on the worker: the words search keeps of a large HTML-only e-mail,
   * which took the main thread 10–45 ms for a 1.6 MB newsletter. Given up after `timeoutMs`
   * (the caller then makes the text itself): the cache writer holds every later notification
   * back until it has this text, and the worker answers in turn, after any slow search before it.
   */
  async textOfHtml(html: string, timeoutMs = TEXT_OF_HTML_TIMEOUT_MS): Promise<string> {
    const response = await this.ask((id) => ({ id, html }), {
      timeoutMs: Math.min(timeoutMs, this.timeoutMs),
      what: "An e-mail's text",
    });
    return 'text' in response ? response.text : '';
  }

  /** Posts the request made for a fresh id and resolves with its answer. */
  private ask(
    request: (id: number) => SearchRequest,
    { timeoutMs, what } = { timeoutMs: this.timeoutMs, what: 'Search' },
  ): Promise<SearchResponse> {
    if (this.closedReason !== null) return Promise.reject(new Error(this.closedReason));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${what} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      try {
        this.worker.postMessage(request(id));
      } catch (error) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(asError(error));
      }
    });
  }

  /** Stops the worker; queries still waiting, and any made later, reject. */
  async close(): Promise<void> {
    if (this.closedReason !== null) return;
    this.fail('The search client is closed');
    await this.worker.terminate();
  }

  private fail(reason: string): void {
    this.closedReason ??= reason;
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      this.pending.delete(id);
      waiting.reject(new Error(reason));
    }
  }
}
