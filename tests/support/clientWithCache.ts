import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, expect, test } from 'vitest';
import { openDatabase } from '../../main/cache/database';
import { cleanUp, type Cleanups } from './testCleanups';
import { SearchClient } from '../../main/cache/searchClient';
import { CacheStore } from '../../main/cache/store';
import { createOperations } from '../../main/gws/operations';
import { GwsSession } from '../../main/gws/session';
import { CacheWriter } from '../../main/workstation/cacheWriter';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/server';
import { BUILT_SEARCH_WORKER } from './buildCli';

/**
 * The client as `listen` runs it, for tests of what reaches the offline cache: the simulator
 * (quiet scenario), a real GwsSession for agent1, and the cache writer attached to it over a
 * real SQLite file in a folder of its own. Not signed in yet, so a test can listen first.
 */
export interface ClientWithCache {
  readonly simulator: Simulator;
  readonly folder: string;
  readonly db: Database;
  readonly store: CacheStore;
  /** agent1's account id in the cache. */
  readonly accountId: number;
  readonly session: GwsSession;
  readonly writer: CacheWriter;
  /** What the session and the writer logged as warnings. */
  readonly warnings: string[];
  /** What the session and the writer logged as debug lines. */
  readonly debugs: string[];
  /** The search worker the writer uses, when asked for (`searchWorker`). */
  readonly searchWorker: SearchClient | undefined;
  /** The length of each HTML the writer sent the worker for its text, in order. */
  readonly htmlTextsAsked: readonly number[];
  /**
   * Has `cleanup` run when the test's clients are closed, before anything made so far: what a
   * test builds over the client (a SentMail, another writer) closes before the client does.
   */
  readonly closeFirst: (cleanup: () => Promise<void> | void) => void;
}

/** Polls until `check` holds; fails with `what` after `timeoutMs`. */
export async function eventually(
  check: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Signs the client in, Ready for chat, and waits for its link to be up; answers the statuses it
 * tells from then on (`state: reason`), as they come.
 */
export async function signInReadyForChat(client: ClientWithCache): Promise<string[]> {
  const statuses: string[] = [];
  client.session.onStatus((status) => statuses.push(`${status.state}: ${status.reason}`));
  expect((await client.session.signIn()).ok).toBe(true);
  expect((await createOperations(client.session.requester).setChannelReady('chat')).ok).toBe(true);
  await eventually(() => client.session.status.state === 'connected', 'connected');
  return statuses;
}

/** A customer starts a chat: its invitation must reach the cache within `timeoutMs`. */
export async function invitationReachesCache(
  client: ClientWithCache,
  subject: string,
  what: string,
  timeoutMs?: number,
): Promise<void> {
  const id = client.simulator.control.startChat({
    customerNickName: 'Tom',
    subject,
    firstMessage: 'Hi',
  });
  await eventually(
    () => client.store.interaction(client.accountId, id)?.state === 'Invited',
    what,
    timeoutMs,
  );
}

/** What a test asks of the client it starts. */
export interface ClientOptions {
  readonly folderPrefix?: string;
  readonly maxBackoffMs?: number;
  /** The search worker on the file, as the desk starts it (search and large HTML's text). */
  readonly searchWorker?: boolean;
  /** How long the worker's texts of HTML are held back before the writer gets them. */
  readonly textOfHtmlDelayMs?: number;
  /** The simulator's options other than the quiet scenario's (e.g. `reofferDelayMs`). */
  readonly simulator?: Partial<SimulatorOptions>;
  /** The bound of one CometD answer (the session's default otherwise). */
  readonly maxNotificationResponseBytes?: number;
  /** How long a CometD request may go unanswered past its due (the client's default otherwise). */
  readonly maxNetworkDelayMs?: number;
  /** The bound of one downloaded file (the session's default otherwise). */
  readonly maxDownloadBytes?: number;
  /** The writer's waits before a failed download is tried again (its default otherwise). */
  readonly downloadRetryDelaysMs?: readonly number[];
}

/** Starts a client (see {@link ClientWithCache}) whose closing is left to its caller. */
export type StartClient = (options?: ClientOptions) => Promise<ClientWithCache>;

/**
 * Registers an `afterEach` that signs out, closes and removes everything the returned starter
 * made during the test, last made first. Call it once at module level. Its tests must run one at
 * a time (the hook closes every client started): concurrent tests use {@link clientTest}.
 */
export function useClientWithCache(): StartClient {
  const cleanups: Cleanups = [];
  afterEach(() => cleanUp(cleanups));
  return starter(cleanups);
}

/**
 * `test` with a `startClient` fixture of the test's own: what it starts is closed and removed
 * when that test ends, whatever other tests run at the same time. For `describe.concurrent` and
 * `test.concurrent`, whose tests each own their simulator, folder, cache and session.
 */
// Vitest reads a fixture's first parameter as a pattern (the fixtures it uses): here none.
// eslint-disable-next-line no-empty-pattern
export const clientTest = test.extend('startClient', ({}, { onCleanup }) => {
  const cleanups: Cleanups = [];
  onCleanup(() => cleanUp(cleanups));
  return starter(cleanups);
});

function starter(cleanups: Cleanups): StartClient {
  return async (options = {}) => {
    const simulator = await startSimulator({ ...options.simulator, port: 0, scenario: 'quiet' });
    cleanups.push(() => simulator.close());
    const folder = mkdtempSync(join(tmpdir(), options.folderPrefix ?? 'switchboard-client-'));
    cleanups.push(() => {
      rmSync(folder, { recursive: true, force: true });
    });
    const db = openDatabase(join(folder, 'cache.db'));
    cleanups.push(() => {
      db.close();
    });
    const warnings: string[] = [];
    const debugs: string[] = [];
    const log = {
      debug: (line: string) => debugs.push(line),
      warn: (line: string) => warnings.push(line),
    };
    const session = new GwsSession({
      serverUrl: simulator.url,
      credentials: { userName: 'agent1', password: 'demo' },
      maxBackoffMs: options.maxBackoffMs ?? 500,
      log,
      ...(options.maxNotificationResponseBytes === undefined
        ? {}
        : { maxNotificationResponseBytes: options.maxNotificationResponseBytes }),
      ...(options.maxNetworkDelayMs === undefined
        ? {}
        : { maxNetworkDelayMs: options.maxNetworkDelayMs }),
      ...(options.maxDownloadBytes === undefined
        ? {}
        : { maxDownloadBytes: options.maxDownloadBytes }),
    });
    const store = new CacheStore(db);
    const account = { serverUrl: simulator.url, userName: 'agent1' };
    const accountId = store.accountId(account);
    const worker =
      options.searchWorker === true
        ? await SearchClient.start(db.name, { workerUrl: BUILT_SEARCH_WORKER })
        : undefined;
    if (worker !== undefined)
      cleanups.push(async () => {
        await worker.close();
      });
    const htmlTextsAsked: number[] = [];
    const writer = new CacheWriter({
      store,
      account,
      attachmentsDir: join(folder, 'attachments'),
      log,
      ...(options.downloadRetryDelaysMs === undefined
        ? {}
        : { downloadRetryDelaysMs: options.downloadRetryDelaysMs }),
      ...(options.maxDownloadBytes === undefined
        ? {}
        : { maxDownloadBytes: options.maxDownloadBytes }),
      ...(worker === undefined
        ? {}
        : {
            searchClient: {
              search: (query) => worker.search(query),
              textOfHtml: async (html) => {
                htmlTextsAsked.push(html.length);
                const text = await worker.textOfHtml(html);
                await new Promise((resolve) => setTimeout(resolve, options.textOfHtmlDelayMs ?? 0));
                return text;
              },
            },
          }),
    });
    writer.attach(session);
    cleanups.push(async () => {
      await session.signOut();
      await writer.close();
    });
    return {
      simulator,
      folder,
      db,
      store,
      accountId,
      session,
      writer,
      warnings,
      debugs,
      searchWorker: worker,
      htmlTextsAsked,
      closeFirst: (cleanup) => {
        cleanups.push(cleanup);
      },
    };
  };
}
