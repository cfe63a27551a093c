import { readFileSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { CacheStore } from '../main/cache/store';
import { WalCheckpointer } from '../main/cache/walCheckpointer';
import { NotificationNormalizer } from '../main/gws/normalizer';
import { CacheWriter } from '../main/workstation/cacheWriter';
import {
  BENCH_ACCOUNT,
  stepOfTime,
  streamStep,
  type StepExpectation,
  type Vocabulary,
} from './data';

/**
 * Normalize + apply, the app's path: a CometD message through NotificationNormalizer, each
 * domain event it gives applied by `CacheWriter.applyBatch` (one transaction per message).
 */
export class Ingest {
  readonly store: CacheStore;
  readonly writer: CacheWriter;
  readonly accountId: number;
  private readonly normalizer = new NotificationNormalizer({ warn: () => undefined });
  /** Undefined when made without checkpoints (see {@link walPages}). */
  private readonly checkpointer: WalCheckpointer | undefined;
  /** What the checkpointer warned of: a measurement with a warning does not count. */
  private readonly checkpointWarnings: string[] = [];

  /**
   * Opens the cache's writer as the app does, the WAL's checkpoints on their worker thread
   * (`dbPath` is the file `db` has open); await {@link ready} before ingesting.
   * @param attachmentsDir never written to: the stream's e-mails have no attachments.
   * @param checkpoints false: none at all, so that the WAL keeps every page written (to count
   *   them, see {@link walPages}).
   */
  constructor(db: Database, dbPath: string, attachmentsDir: string, checkpoints = true) {
    this.store = new CacheStore(db);
    if (!checkpoints) db.pragma('wal_autocheckpoint = 0');
    this.checkpointer = checkpoints
      ? new WalCheckpointer(this.store, dbPath, {
          warn: (text) => this.checkpointWarnings.push(text),
        })
      : undefined;
    this.writer = new CacheWriter({
      store: this.store,
      account: BENCH_ACCOUNT,
      attachmentsDir,
      log: {
        debug: () => undefined,
        warn: (text) => {
          throw new Error(`workstation warning: ${text}`);
        },
      },
    });
    this.accountId = this.writer.accountId;
  }

  /** Resolves once the checkpoints run on their worker (a synchronous run would delay it). */
  async ready(): Promise<void> {
    if (this.checkpointer !== undefined && !(await this.checkpointer.ready()))
      throw new Error(`no checkpoint worker: ${this.checkpointWarnings.join('; ')}`);
  }

  /** Stops the checkpoint worker (before the caller closes the connection). */
  async close(): Promise<void> {
    await this.checkpointer?.stop();
    if (this.checkpointWarnings.length > 0)
      throw new Error(`checkpointer warnings: ${this.checkpointWarnings.join('; ')}`);
  }

  /**
   * What the writer leaves for later, done now, so that a measurement includes it: the search
   * documents waiting for the full-text index (indexed in batches, see SEARCH_INDEX_BATCH).
   */
  finish(): void {
    this.writer.indexSearchDocuments();
  }

  /** Applies one message's domain events in one transaction, as the app does; returns how many. */
  message(channel: string, data: unknown, at: number): number {
    const events = this.normalizer.normalize(channel, data);
    this.writer.applyBatch(events, at);
    return events.length;
  }

  /**
   * Applies the domain events of several messages delivered together (one CometD long-poll
   * response: under load the server queues messages between polls) in one transaction, each
   * event with its message's arrival time, as the session's writer does; returns how many.
   */
  delivery(messages: readonly { channel: string; data: unknown; at: number }[]): number {
    const events = [];
    const arrivals = [];
    for (const message of messages) {
      for (const event of this.normalizer.normalize(message.channel, message.data)) {
        events.push(event);
        arrivals.push(message.at);
      }
    }
    this.writer.applyBatch(events, arrivals);
    return events.length;
  }
}

/** What of the stream the cache holds, read in bulk (a few table scans) for fast checks. */
export class CacheContents {
  private readonly interactions = new Set<string>();
  private readonly ended = new Set<string>();
  private readonly emails = new Set<string>();
  private readonly chatLines = new Set<string>();
  private readonly chatDocuments = new Set<string>();

  constructor(db: Database) {
    for (const row of db.prepare('SELECT id, ended_at FROM interactions').iterate() as Iterable<{
      id: string;
      ended_at: number | null;
    }>) {
      this.interactions.add(row.id);
      if (row.ended_at !== null) this.ended.add(row.id);
    }
    for (const row of db.prepare('SELECT interaction_id FROM emails').iterate() as Iterable<{
      interaction_id: string;
    }>)
      this.emails.add(row.interaction_id);
    for (const row of db
      .prepare('SELECT interaction_id, event_id FROM chat_messages')
      .iterate() as Iterable<{ interaction_id: string; event_id: number }>)
      this.chatLines.add(`${row.interaction_id}#${row.event_id}`);
    for (const row of db
      .prepare("SELECT interaction_id, ref FROM search_documents WHERE kind = 'chat'")
      .iterate() as Iterable<{ interaction_id: string; ref: string }>)
      this.chatDocuments.add(`${row.interaction_id}#${row.ref}`);
  }

  /** What is missing of one step's effects (empty when the step is fully there). */
  missing(expect: StepExpectation): string[] {
    const id = expect.interactionId;
    const problems: string[] = [];
    if (!this.interactions.has(id)) problems.push(`interaction ${id}`);
    if (expect.ended && !this.ended.has(id)) problems.push(`end of ${id}`);
    if (expect.email && !this.emails.has(id)) problems.push(`e-mail of ${id}`);
    for (const eventId of expect.chatEventIds)
      if (!this.chatLines.has(`${id}#${eventId}`)) problems.push(`chat event ${id}#${eventId}`);
    for (const eventId of expect.searchableEventIds)
      if (!this.chatDocuments.has(`${id}#${eventId}`))
        problems.push(`search document of ${id}#${eventId}`);
    return problems;
  }
}

/** Whether one step's effects are all in the cache (a few indexed look-ups). */
export function stepPresent(db: Database, accountId: number, expect: StepExpectation): boolean {
  const id = expect.interactionId;
  const row = db
    .prepare('SELECT ended_at FROM interactions WHERE account_id = ? AND id = ?')
    .get(accountId, id) as { ended_at: number | null } | undefined;
  if (row === undefined || (expect.ended && row.ended_at === null)) return false;
  if (
    expect.email &&
    db
      .prepare('SELECT 1 FROM emails WHERE account_id = ? AND interaction_id = ?')
      .get(accountId, id) === undefined
  )
    return false;
  const chat = db.prepare(
    'SELECT 1 FROM chat_messages WHERE account_id = ? AND interaction_id = ? AND event_id = ?',
  );
  return expect.chatEventIds.every((eventId) => chat.get(accountId, id, eventId) !== undefined);
}

/**
 * Where the cache says the stream stopped: the step of the last logged event (the workstation
 * logs every event in `interaction_events` with its arrival time, the step's own), or the one
 * after it when all of that step's effects are there. A message cut between its transactions is
 * replayed (writes are idempotent; only the log shows the replay).
 */
export function resumePoint(
  db: Database,
  accountId: number,
  seed: number,
  words: Vocabulary,
): number {
  const { last } = db
    .prepare('SELECT max(at) AS last FROM interaction_events WHERE account_id = ?')
    .get(accountId) as { last: number | null };
  if (last === null) return 0;
  const index = stepOfTime(last);
  return stepPresent(db, accountId, streamStep(seed, index, words).expect) ? index + 1 : index;
}

/**
 * How many pages the commits wrote to the WAL of the database at `path` since it was created,
 * read off the WAL file before any checkpoint restarted it (its header, then one frame per page
 * written: a 24-byte frame header and the page). Unlike a rate, the same on any machine.
 */
export function walPages(path: string): number {
  const wal = readFileSync(`${path}-wal`);
  if (wal.length < 32) return 0;
  const pageSize = wal.readUInt32BE(8);
  return Math.floor((wal.length - 32) / (24 + pageSize));
}

/** What {@link walPagesByTable} calls the pages no table owns. */
const FILE_HEADER = 'page 1 (the file header)';

/**
 * The pages of {@link walPages}, by the table whose b-trees they belong to now (its indexes and
 * a full-text table's own tables counted with it; `db` has the file open), most first. Page 1,
 * rewritten by every commit that grows the file, is counted apart. Shows which of the things a
 * message stores make its commit long: each table's rows and each index's entries live on pages
 * of their own, and a commit writes every page it changed whole.
 */
export function walPagesByTable(path: string, db: Database): [table: string, pages: number][] {
  const wal = readFileSync(`${path}-wal`);
  const owners = new Map<number, string>();
  const tableOf = new Map(
    (
      db
        .prepare("SELECT name, tbl_name FROM sqlite_schema WHERE type IN ('table', 'index')")
        .all() as {
        name: string;
        tbl_name: string;
      }[]
    ).map((row) => [row.name, row.tbl_name]),
  );
  // A full-text table's data lives in tables named after it (search_index_data and the like).
  const fullText = (
    db.prepare("SELECT name FROM sqlite_schema WHERE sql LIKE 'CREATE VIRTUAL TABLE%'").all() as {
      name: string;
    }[]
  ).map((row) => row.name);
  const ownerOf = (tree: string) => {
    const table = tableOf.get(tree) ?? tree;
    return fullText.find((name) => table.startsWith(`${name}_`)) ?? table;
  };
  for (const row of db.prepare('SELECT name, pageno FROM dbstat').all() as {
    name: string;
    pageno: number;
  }[])
    owners.set(row.pageno, row.pageno === 1 ? FILE_HEADER : ownerOf(row.name));
  const pages = new Map<string, number>();
  if (wal.length >= 32) {
    const pageSize = wal.readUInt32BE(8);
    for (let frame = 32; frame + 24 + pageSize <= wal.length; frame += 24 + pageSize) {
      const owner = owners.get(wal.readUInt32BE(frame)) ?? 'free pages';
      pages.set(owner, (pages.get(owner) ?? 0) + 1);
    }
  }
  return [...pages].sort((a, b) => b[1] - a[1]);
}

/** Messages per second of one timed run, by the wall clock and by this process's CPU time. */
export interface IngestRate {
  readonly wall: number;
  readonly cpu: number;
}

/**
 * Times `run` (which handles `count` messages). CPU time (user + system, the kernel's share of
 * writing the WAL included) is reported beside the wall clock because the machines that run the
 * benchmarks are shared: other processes stretch the wall clock of whichever case they overlap,
 * not the CPU time a case needs.
 */
export function timedRate(count: number, run: () => void): IngestRate {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  run();
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { wall: count / wallSeconds, cpu: count / ((cpu.user + cpu.system) / 1e6) };
}

/** The best of several runs of one case (the least disturbed), wall and CPU each on its own. */
export function bestRate(rates: readonly IngestRate[]): IngestRate {
  return {
    wall: Math.max(...rates.map((rate) => rate.wall)),
    cpu: Math.max(...rates.map((rate) => rate.cpu)),
  };
}
