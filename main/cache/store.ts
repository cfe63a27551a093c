import { withPartyNames } from '../../common/chatParticipants';
import type { Database, Statement, Transaction } from 'better-sqlite3';
import type {
  AttachmentInfo,
  ChatEvent,
  EmailContent,
  HandOff,
  HandOffKind,
  HistoryCursor,
  HistoryEntry,
  InteractionDetail,
  InteractionSnapshot,
  InteractionSummary,
  Reply,
  StoredAttachment,
  StoredHistoryEntry,
} from '../../common/model';
import { awaitingReplySince, changesWait, endsWait, lastLineOf } from '../../common/chatReply';
import { dispositionOf } from '../../common/caseData';
import { emailWords } from '../../common/htmlText';
import { fromNameOf } from '../../common/mailSenders';
import {
  ACCEPTED_STATE,
  INVITED_STATE,
  phaseOf,
  stateToTheAgent,
  writtenByAgent,
} from '../../common/interactionStates';
import { ContactHistoryStore, historySearchText } from './contactHistory';
import { createOwnerOnly } from './database';
import { DeskStateStore } from './deskState';
import { PreparedStatements } from './preparedStatements';
import { DraftStore } from './drafts';
import { UnsettledSendStore } from './unsettledSends';
import { removeEmptyAccounts } from './emptyAccounts';
import { KnownRows, knownKey, type KnownRow as KnownRowOf } from './knownRows';
import { LibraryStore } from './library';
import { migration0190 } from './migrations/0190-email-comment';
import { migration0240 } from './migrations/0240-password-verifiers';
import { RemoteImageSenders } from './remoteImageSenders';
import { partiesText } from './partiesText';
import { searchableText } from './searchText';
import { WorkbinStore } from './workbins';
import { withoutMatchMarks } from '../../common/searchSnippet';

/** Whose data a row is: one cache holds several servers and agents without mixing them. */
export interface AccountKey {
  readonly serverUrl: string;
  readonly userName: string;
}

/** An interaction's own fields: the detail without transcript, e-mail and attachments. */
export type InteractionRecord = Omit<InteractionDetail, 'transcript' | 'email' | 'attachments'>;

/** A hand-off of this desk's agent as {@link CacheStore.setHandOff} records it (migration 0230). */
export interface HandOffRecord {
  readonly kind: HandOffKind;
  /** As the operation was given it: a user id or name, a queue, a workbin id. */
  readonly target: string;
  /** As the desk names it: the colleague's full name, the queue, the workbin's name. */
  readonly name: string;
  readonly at: number;
}

/** A chat consultation this desk's agent started (migration 0210). */
export interface Consultation {
  /** Whom it consults, as InitiateConsultation was given them (a user id or user name). */
  readonly target: string;
  /** The last transcript line the cache held when the agent asked: the colleague joins after it. */
  readonly afterEventId: number;
}

/**
 * A page of an account's History: ended interactions, newest end first, then by id. Its order is
 * that of the index of migration 0320, so a page deep in a long History skips the rows before it
 * in the index alone; ordered by the activity index, every row up to the page was read from the
 * table and sorted (see migration0320).
 */
export const HISTORY_SQL = `SELECT * FROM interactions
  WHERE account_id = @accountId AND ended_at IS NOT NULL
    AND (@channel IS NULL OR channel = @channel)
    AND (@since IS NULL OR ended_at >= @since)
    AND (@until IS NULL OR ended_at < @until)
    AND (@afterEnd IS NULL OR ended_at < @afterEnd OR (ended_at = @afterEnd AND id > @afterId))
  ORDER BY ended_at DESC, id
  LIMIT @limit OFFSET @offset`;

/**
 * Whether an attachment row uses a local file, asked for every file the retention purge or a
 * draft lets go: through the index of migration 0330, not a read of the whole table.
 */
export const FILE_IN_USE_SQL = 'SELECT 1 FROM attachments WHERE local_path = ? LIMIT 1';

export interface HistoryQuery {
  readonly channel?: string;
  /** Only interactions that ended at or after this time (ms since epoch). */
  readonly since?: number;
  readonly until?: number;
  /**
   * Only the rows after this one in the History's order: a page's cursor. Rows that end, or go
   * back to work, while the page is on its way move no row past it, as they moved an offset.
   */
  readonly after?: HistoryCursor;
  readonly limit?: number;
  readonly offset?: number;
}

interface InteractionRow {
  account_id: number;
  id: string;
  channel: string;
  type: string | null;
  sub_type: string | null;
  state: string;
  subject: string | null;
  from_address: string | null;
  to_addresses: string;
  queue: string | null;
  capabilities: string;
  user_data: string;
  thread_id: string | null;
  parent_id: string | null;
  contact_id: string | null;
  first_seen_at: number;
  accepted_at: number | null;
  ended_at: number | null;
  updated_at: number;
  /** Migration 0210; absent from a row of an older schema (upgrade tests write those). */
  consultation_target?: string | null;
  consultation_after_event?: number | null;
  /** Migration 0230; absent from a row of an older schema. */
  handoff_kind?: HandOffKind | null;
  handoff_target?: string | null;
  handoff_name?: string | null;
  handoff_at?: number | null;
  handoff_back_at?: number | null;
  /** Migration 0340; absent from a row of an older schema. */
  started_at?: number | null;
}

/** The columns of an interaction's row that {@link summaryOf} reads (a search hit's row too). */
type SummaryRow = Pick<
  InteractionRow,
  | 'id'
  | 'channel'
  | 'type'
  | 'sub_type'
  | 'state'
  | 'subject'
  | 'from_address'
  | 'to_addresses'
  | 'queue'
  | 'first_seen_at'
  | 'accepted_at'
  | 'ended_at'
  | 'updated_at'
  | 'user_data'
  | 'handoff_kind'
  | 'handoff_name'
  | 'handoff_at'
  | 'handoff_back_at'
>;

/** Stored recipients (a JSON list) as one line, `a@x, b@y`; `''` when there are none. */
function recipientsOf(toAddresses: string): string {
  return storedStrings(toAddresses)
    .filter((address) => address !== '')
    .join(', ');
}

interface ChatRow {
  event_id: number;
  kind: ChatEvent['kind'];
  author_type: string | null;
  author_name: string | null;
  author_id: string | null;
  text: string | null;
  notice_type: string | null;
  visibility: string | null;
  at: number | null;
}

interface SentEmailRow {
  from_address: string | null;
  to_addresses: string;
  cc_addresses: string;
  subject: string | null;
  text: string | null;
  html: string | null;
  bcc_addresses: string;
  sent_at: number;
}

/** A received e-mail's row; `sent_emails` has no comment column (emailOf shows the received one's). */
interface EmailRow extends Omit<SentEmailRow, 'bcc_addresses' | 'sent_at'> {
  comment: string | null;
}

/** The columns of `emails` a notification writes, before migration 0190 added `comment`. */
const EMAIL_COLUMNS = [
  'from_address',
  'to_addresses',
  'cc_addresses',
  'subject',
  'text',
  'html',
] as const;

/**
 * `putEmail`'s read and upsert of an e-mail's row, with migration 0190's comment, or without it
 * on a cache before 0190 (the migration tests run today's store on older schemas).
 */
function emailSql(comments: boolean): { readonly read: string; readonly upsert: string } {
  const columns: readonly string[] = comments ? [...EMAIL_COLUMNS, 'comment'] : EMAIL_COLUMNS;
  return {
    read: `SELECT ${columns.join(', ')}${comments ? '' : ', NULL AS comment'} FROM emails WHERE account_id = ? AND interaction_id = ?`,
    upsert: `INSERT INTO emails (account_id, interaction_id, ${columns.join(', ')})
       VALUES (@account_id, @interaction_id, ${columns.map((column) => `@${column}`).join(', ')})
       ON CONFLICT (account_id, interaction_id) DO UPDATE SET
       ${columns.map((column) => `${column} = excluded.${column}`).join(', ')}`,
  };
}
const EMAIL_SQL = emailSql(true);
const EMAIL_SQL_BEFORE_0190 = emailSql(false);

/**
 * What search keeps of a received e-mail (its document, ref ''): its subject and its words, an
 * HTML-only one's (its text blank) made of its HTML by `textOfHtml` (`htmlToText` by default).
 */
function emailDocument(
  email: Pick<EmailRow, 'subject' | 'text' | 'html'>,
  textOfHtml?: (html: string) => string,
): string {
  return [
    email.subject,
    emailWords({ text: email.text ?? undefined, html: email.html ?? undefined }, textOfHtml),
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * What JavaScript's `trim()` takes off a string (white space, line ends, no-break spaces, the
 * BOM), for SQLite's `trim(text, …)`: a text part blank to it is blank to `emailWords`, so the
 * cache's query finds exactly the e-mails whose words are their HTML's.
 */
const TRIMMED_SPACES =
  '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

/**
 * An account's e-mails in the order of their keys, from the first or after `@after`, each with
 * its HTML when its text part is blank (see {@link CacheStore.htmlOnlyEmails}). Two statements,
 * so that each seeks its start in the primary key: `(@after IS NULL OR interaction_id > @after)`
 * is no range to SQLite, and each batch would step over all the e-mails before it again.
 */
export const HTML_ONLY_EMAILS_SQL = ((): { readonly first: string; readonly after: string } => {
  const sql = (range: string) => `
    SELECT interaction_id,
           CASE WHEN html IS NOT NULL AND (text IS NULL OR trim(text, @spaces) = '') THEN html END AS html
    FROM emails
    WHERE account_id = @accountId${range}
    ORDER BY interaction_id`;
  return { first: sql(''), after: sql(' AND interaction_id > @after') };
})();

/** An HTML-only e-mail of the cache (its text part blank), whose words are its HTML's. */
export interface HtmlOnlyEmail {
  readonly interactionId: string;
  readonly html: string;
}

/** An HTML-only e-mail with the text the current `htmlToText` makes of its HTML. */
export interface HtmlOnlyEmailText extends HtmlOnlyEmail {
  readonly text: string;
}

/**
 * Which `htmlToText` made the search documents of an account's HTML-only e-mails (migration
 * 0250): all of them `version`'s (0 when none was recorded), but those a pass to a newer one
 * under way made again already, up to its `through` e-mail.
 */
export interface HtmlTextProgress {
  readonly version: number;
  readonly pass?: { readonly version: number; readonly through: string };
}

/** An e-mail as the agent sent it from this desk (migration 0060's `sent_emails`). */
export type SentEmail = EmailContent & { readonly bcc: string[]; readonly sentAt: number };

interface AttachmentRow {
  id: string;
  name: string;
  size: number | null;
  mime_type: string | null;
  local_path: string | null;
  sha256: string | null;
  downloaded_at: number | null;
}

/** `{ key: value }` without the keys whose value is null or undefined. */
function defined<T extends Record<string, unknown>>(
  record: T,
): { [K in keyof T]: Exclude<T[K], null> } {
  // A loop, not Object.fromEntries of a filter: it builds every record the writer hands out.
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (value !== null && value !== undefined) kept[key] = value;
  }
  return kept as { [K in keyof T]: Exclude<T[K], null> };
}

/**
 * A number for an INTEGER column of a STRICT table, which refuses a fraction (a timestamp of
 * 1764000000.25, a size of 1.5) and so fails the whole statement, and with it every row of its
 * transaction: rounded, or `null` (the column left empty) when no rounding makes it one SQLite
 * and JavaScript both hold exactly. The normalizer already gives whole numbers; this keeps
 * events from other sources (a recorded stream) from losing more than the one value.
 */
function integerOrNull(value: number | undefined): number | null {
  if (value === undefined || !Number.isFinite(value)) return null;
  const rounded = Math.round(value);
  return Number.isSafeInteger(rounded) ? rounded + 0 : null;
}

/** A time for a NOT NULL INTEGER column: rounded (an arrival time from a recorded stream). */
function wholeMs(at: number): number {
  return Math.round(at);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/*
 * The JSON columns of interactions and e-mails have no CHECK on their shape (migration 0010), and
 * a cache written by hand or by an older build may hold any JSON there. Read as their type
 * promised, a `null` user_data made the inbox of the whole account throw (one row, every
 * interaction gone from the offline desk and `switchboard history`), and a list stored as a string
 * or number reached the renderer as `to: "text"`. They read as what they can be instead.
 */

/** A stored JSON list of strings: its strings, or none when the column holds no list. */
function storedStrings(text: string): string[] {
  const stored = parseJson(text);
  return Array.isArray(stored)
    ? stored.filter((item): item is string => typeof item === 'string')
    : [];
}

/** A stored JSON object (attached data): empty when the column holds no object. */
function storedObject(text: string): Record<string, unknown> {
  const stored = parseJson(text);
  return typeof stored === 'object' && stored !== null && !Array.isArray(stored)
    ? (stored as Record<string, unknown>)
    : {};
}

/**
 * An interaction's row as lists show it. `dispositionKey` is the settings' key a disposition is
 * stored under: the row names the code the server holds there, so History shows it without
 * every list carrying the whole userData.
 */
export function summaryOf(
  row: SummaryRow,
  dispositionKey: string,
  userData: Record<string, unknown> = storedObject(row.user_data),
): InteractionSummary {
  return {
    id: row.id,
    channel: row.channel,
    state: row.state,
    phase: phaseOf(row.state, row.ended_at ?? undefined),
    firstSeenAt: row.first_seen_at,
    updatedAt: row.updated_at,
    ...defined({
      subject: row.subject,
      from: row.from_address,
      fromName: fromNameOf(row.channel, userData, row.from_address),
      sentTo: writtenByAgent(row.type, row.sub_type) ? recipientsOf(row.to_addresses) : undefined,
      queue: row.queue,
      acceptedAt: row.accepted_at,
      endedAt: row.ended_at,
      disposition: dispositionOf(userData, dispositionKey),
      handedOn: handOffOf(row),
    }),
  };
}

/** The row's hand-off (migration 0230), when its agent made one. */
function handOffOf(row: SummaryRow): HandOff | undefined {
  if (
    row.handoff_kind === undefined ||
    row.handoff_kind === null ||
    row.handoff_at === undefined ||
    row.handoff_at === null
  )
    return undefined;
  return {
    kind: row.handoff_kind,
    to: row.handoff_name ?? '',
    at: row.handoff_at,
    ...(row.handoff_back_at === undefined || row.handoff_back_at === null
      ? {}
      : { cameBackAt: row.handoff_back_at }),
  };
}

/** The line as its row was written with time `at`: the event itself unless `at` changed it. */
function lineAsStored(event: ChatEvent, at: number | null): ChatEvent {
  if (at === (event.at ?? null)) return event;
  const line: ChatEvent = { ...event };
  if (at === null) delete line.at;
  else line.at = at;
  return line;
}

/** A transcript line as its row holds it. */
function chatEventOf(chat: ChatRow): ChatEvent {
  return {
    eventId: chat.event_id,
    kind: chat.kind,
    ...defined({
      authorType: chat.author_type,
      authorName: chat.author_name,
      authorId: chat.author_id,
      text: chat.text,
      noticeType: chat.notice_type,
      visibility: chat.visibility,
      at: chat.at,
    }),
  };
}

/** A record and the row it was built of (see {@link recordOf}). */
interface BuiltOf {
  readonly row: InteractionRow;
  readonly record: InteractionRecord;
}

/**
 * An interaction's row as the detail's header shows it (the change set's `InteractionHead`).
 * `earlier`: the record built of the row before this write of it, whose parsed JSON columns are
 * used again where the text is the same (they nearly always are: a chat line's snapshot changes
 * its state or time, not its attached data; its values are frozen, so sharing them is safe).
 */
function recordOf(
  row: InteractionRow,
  dispositionKey: string,
  earlier?: BuiltOf,
): InteractionRecord {
  /** A JSON column parsed, or what `earlier` parsed of the same text. */
  const parsed = <T>(
    column: 'user_data' | 'to_addresses' | 'capabilities',
    read: (text: string) => T,
    earlierValue: (record: InteractionRecord) => T,
  ): T => (earlier?.row[column] === row[column] ? earlierValue(earlier.record) : read(row[column]));
  // Parsed once: the summary's disposition is read from it too.
  const userData = parsed('user_data', storedObject, (record) => record.userData);
  return {
    ...summaryOf(row, dispositionKey, userData),
    to: parsed('to_addresses', storedStrings, (record) => record.to),
    capabilities: parsed('capabilities', storedStrings, (record) => record.capabilities),
    userData,
    ...defined({
      type: row.type,
      subType: row.sub_type,
      threadId: row.thread_id,
      parentId: row.parent_id,
      contactId: row.contact_id,
      startedAt: row.started_at,
      // Open only on a live chat (the writer forgets it as the chat ends, see CacheWriter).
      consultingWith: row.ended_at === null ? row.consultation_target : undefined,
    }),
  };
}

/** A search document derived from other rows, rewritten once at the end of a transaction. */
interface PendingDocument {
  of: 'parties' | 'files';
  accountId: number;
  interactionId: string;
}

/**
 * A chat's wait for an answer as worked out (see CacheStore.awaitingReply): since when, the id
 * of the last line it was worked out of that can change it (0: none), and that line as the
 * chat's row shows it (common/chatReply.ts `lastLineOf`).
 */
interface ReplyWait {
  readonly since: number | undefined;
  readonly last: number;
  readonly lastLine?: ChatEvent;
}

/** The newest lines read first to work out a chat's wait (see CacheStore.replyTail). */
const REPLY_TAIL_READ = 16;

/** The record built of a known row, and the disposition key it was built with. */
interface BuiltRecord {
  readonly value: InteractionRecord;
  readonly dispositionKey: string;
}

/**
 * Interaction rows as the connection last read or wrote them: the writer reads an
 * interaction's row before each snapshot it applies (to tell what changed), and a chat's rows
 * arrive line after line. Only CacheStore writes `interactions`, and it keeps these current with
 * each write (see CacheStore.transaction for when they are dropped). Each row keeps the record
 * last built of it (frozen, as it is handed out again), so that a chat's next line does not
 * parse its attached data once more. The few hundred most recently used, within about a
 * million characters of their text (~10 MB with their records; see KnownRows).
 */
const KNOWN_ROW_LIMITS = { rows: 500, weight: 1_000_000 };

/** A row's text in characters, and a little for the rest of it. */
function rowWeight(row: InteractionRow): number {
  return (
    256 +
    row.id.length +
    row.user_data.length +
    row.capabilities.length +
    row.to_addresses.length +
    (row.subject?.length ?? 0) +
    (row.from_address?.length ?? 0) +
    (row.queue?.length ?? 0)
  );
}

type KnownRow = KnownRowOf<InteractionRow, BuiltRecord>;

/**
 * The record of a known row, built once per disposition key and frozen (it is shared);
 * `earlier`, what was known of the row before it was written again (see {@link recordOf}).
 */
function knownRecordOf(
  known: KnownRow,
  dispositionKey: string,
  earlier?: KnownRow,
): InteractionRecord {
  if (known.built?.dispositionKey === dispositionKey) return known.built.value;
  const value = recordOf(
    known.row,
    dispositionKey,
    earlier?.built === undefined ? undefined : { row: earlier.row, record: earlier.built.value },
  );
  Object.freeze(value.to);
  Object.freeze(value.capabilities);
  Object.freeze(value.userData);
  Object.freeze(value);
  known.built = { value, dispositionKey };
  return value;
}

/** What one transaction of the retention purge deleted (see CacheStore.retentionPurge). */
export interface PurgeStep {
  interactions: number;
  /** The interactions it deleted, of the account `accountId` (a transaction spans one). */
  purged: { accountId: number; ids: string[] } | undefined;
  contactHistory: number;
  logRows: number;
  /** Local attachment files no remaining row refers to: the caller deletes them. */
  orphanedFiles: string[];
  /** Whether the transaction merged the full-text index's segments (and deleted nothing). */
  indexMerged: boolean;
}

export function emptyPurgeStep(): PurgeStep {
  return {
    interactions: 0,
    purged: undefined,
    contactHistory: 0,
    logRows: 0,
    orphanedFiles: [],
    indexMerged: false,
  };
}

/** Adds what one transaction of the purge deleted to `total` (its files are the caller's). */
export function addPurged(
  total: { interactions: number; contactHistory: number; logRows: number },
  step: PurgeStep,
): void {
  total.interactions += step.interactions;
  total.contactHistory += step.contactHistory;
  total.logRows += step.logRows;
}

/**
 * How many of the event log's rows (by `seq`) the purge reads as one unit of work: ~0.3 ms on
 * this project's 2-core test machine when none of them goes, ~2–3 ms when all do.
 */
export const LOG_PURGE_RANGE = 2_000;

/**
 * How many of the event log's rows a transaction of the purge deletes before it ends (after the
 * range that reaches it): its commit writes every page they freed. Bounded by time alone, a
 * transaction's ranges deleted ~20,000 rows in its 8 ms and the commit took as long again
 * (bench (d): the purge's longest block 17–20 ms on 2026-12-03); 5,000 commit in a few ms.
 */
export const PURGE_LOG_ROWS = 5_000;

/**
 * How many search documents make a transaction of the purge end after the interaction they
 * belong to: what the commit writes to the full-text index, and the merges of index segments
 * it may start, grow with them. An interaction goes in one transaction with all of its
 * documents, however many (a chat of 2,000 lines: ~20–25 ms on this project's test machine).
 */
export const PURGE_DOCUMENTS = 64;

/**
 * How many pages of the full-text index one FTS5 `merge` command may write when the retention
 * purge merges the index's segments itself (see CacheStore.retentionPurge). A transaction of
 * merges ends at most one command after its time slice: small commands keep that overrun
 * small (bench (d): the purge's longest block 12–15 ms with 8 ms slices).
 */
export const SEARCH_INDEX_MERGE_PAGES = 8;

/**
 * FTS5's `automerge` as the cache runs it (FTS5's default): after each commit that writes the
 * index, merge a level's segments once it holds this many. The retention purge sets 0 while it
 * runs, and this again when it ends.
 */
export const SEARCH_INDEX_AUTOMERGE = 4;

/** A search document's rowid and text: what deleting its full-text index entries needs. */
interface DocumentText {
  readonly rowid: number;
  readonly body: string;
}

export const SEARCH_KINDS = ['chat', 'email', 'parties'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/**
 * The offline cache's rows, one prepared statement each (prepared once per connection).
 * Writes belong inside `transaction()`; every write is idempotent, so replaying a stream of
 * events leaves the same content. Search documents are written here, beside the row they index.
 */
export class CacheStore extends PreparedStatements {
  private deskStateStore: DeskStateStore | undefined;
  private draftStore: DraftStore | undefined;
  private unsettledSendStore: UnsettledSendStore | undefined;

  private libraryStore: LibraryStore | undefined;

  private contactHistoryStore: ContactHistoryStore | undefined;

  /** See {@link deferSearchIndexing}. */
  private searchIndexingDeferred = false;

  /** Whether FTS5's automerge is off while the retention purge runs (see {@link retentionPurge}). */
  private searchMergesPaused = false;

  /** Interaction rows as this connection last read or wrote them (see {@link transaction}). */
  private readonly knownRows = new KnownRows<InteractionRow, BuiltRecord>(
    KNOWN_ROW_LIMITS,
    rowWeight,
  );
  /** How many stored documents the index lacks, when known (see {@link unindexedSearchDocuments}). */
  private waitingDocuments: number | undefined;
  /**
   * The chats' waits for an answer as last worked out (see {@link awaitingReply}), by
   * {@link knownKey}, the chat changed longest ago first; at most as many as the known rows, and
   * forgotten with them.
   */
  private readonly replyWaits = new Map<string, ReplyWait>();
  /**
   * Chats whose lines were stored while no wait of theirs was known (see {@link chatBegins}), by
   * {@link knownKey}; forgotten with the known rows.
   */
  private readonly linesBeforeWait = new Set<string>();
  /**
   * Each account's history size (its ended interactions) when counted: counting reads the
   * activity index's every ended entry (1.6 ms at 100,000), and the writer asks after each
   * commit that starts or ends an interaction. Kept by the writes that end or reopen a row
   * ({@link markEnded}, {@link upsertInteraction}); forgotten with the known rows (another
   * connection's commit, a rolled-back write, the retention purge).
   */
  private readonly historySizes = new Map<number, number>();
  /** `PRAGMA data_version` when last asked: it changes when another connection commits. */
  private dataVersion: number | undefined;
  /** What holds until the open transaction ends (settings cannot change inside one). */
  private transactionFacts:
    | {
        dispositionKeys: Map<number, string>;
        indexedThrough?: { value: number | undefined };
        /**
         * The derived documents (an interaction's parties, its files' names) rewritten before
         * the commit, each once, however many of the transaction's writes changed it.
         */
        derivedDocuments: Map<string, PendingDocument>;
      }
    | undefined;

  private remoteImageSendersStore: RemoteImageSenders | undefined;

  /** Told after each transaction this store commits (see {@link observeCommits}). */
  private commitObserver: (() => void) | undefined;

  private workbinStore: WorkbinStore | undefined;

  /**
   * One transaction function for the connection, reused: better-sqlite3 builds five statements
   * for each function it wraps, and a batch opens one savepoint per event.
   */
  private readonly inTransaction: Transaction<(work: () => unknown) => unknown>;

  constructor(db: Database) {
    super(db);
    this.inTransaction = db.transaction((work: () => unknown) => work());
  }

  /** What the desk remembers between starts (preferences, accounts, sealed passwords). */
  deskState(): DeskStateStore {
    return (this.deskStateStore ??= new DeskStateStore(this.db));
  }

  /** The agent's signature and standard responses (per account). */
  library(): LibraryStore {
    return (this.libraryStore ??= new LibraryStore(this.db));
  }

  /** E-mail drafts as the agent types them (migration 0050). */
  drafts(): DraftStore {
    return (this.draftStore ??= new DraftStore(this.db));
  }

  /** E-mail Sends whose fate the desk could not learn yet (migration 0280). */
  unsettledSends(): UnsettledSendStore {
    return (this.unsettledSendStore ??= new UnsettledSendStore(this.db));
  }

  /** The senders whose remote images the agent allowed, per account (migration 0040). */
  remoteImageSenders(): RemoteImageSenders {
    return (this.remoteImageSendersStore ??= new RemoteImageSenders(this.db));
  }

  /**
   * Writes the whole cache, as this connection reads it, to a new file at `target` (SQLite's
   * online backup): the desk's way to keep a cache whose file was deleted under it. The file is
   * its owner's only, as a cache openDatabase makes.
   */
  async backupTo(target: string): Promise<void> {
    createOwnerOnly(target);
    await this.db.backup(target);
  }

  /** The agent's workbins and their content as last read or notified (migration 0090). */
  workbins(): WorkbinStore {
    return (this.workbinStore ??= new WorkbinStore(this.db));
  }

  /**
   * Runs `work` in a transaction, or in a savepoint when one is already open.
   *
   * What this connection remembers of the database between statements ({@link KnownRows}, the
   * count of documents waiting for the index) is dropped when a transaction or savepoint fails
   * (its writes are rolled back) and when another connection committed since (`data_version`).
   * Facts that only settings change (the disposition key, the index mark) are remembered for
   * one transaction only.
   */
  transaction<T>(work: () => T): T {
    const outermost = !this.db.inTransaction;
    if (outermost)
      this.transactionFacts = { dispositionKeys: new Map(), derivedDocuments: new Map() };
    try {
      if (!outermost) return this.inTransaction(work) as T;
      // BEGIN IMMEDIATE: the write lock first, waited for (the busy timeout) while another
      // process holds it: the desk and a `switchboard listen` on one cache, or two listens. Begun
      // DEFERRED, the transaction read first and SQLite refused its first write at once with
      // SQLITE_BUSY, without waiting, whenever the other writer was committing: events skipped,
      // "database is locked" (sharedWriters.test.ts).
      const result = this.inTransaction.immediate(() => {
        this.forgetIfOthersWrote();
        const result = work();
        this.writeDerivedDocuments();
        return result;
      }) as T;
      this.commitObserver?.();
      return result;
    } catch (error) {
      this.forgetKnown();
      throw error;
    } finally {
      if (outermost) this.transactionFacts = undefined;
    }
  }

  /**
   * Has `observer` told after each transaction {@link transaction} commits (one observer: the
   * WAL checkpointer, which counts them); undefined stops telling.
   */
  observeCommits(observer: (() => void) | undefined): void {
    this.commitObserver = observer;
  }

  /** Drops what this connection remembers of the database (see {@link transaction}). */
  private forgetKnown(): void {
    this.knownRows.clear();
    this.historySizes.clear();
    this.replyWaits.clear();
    this.linesBeforeWait.clear();
    this.waitingDocuments = undefined;
  }

  /** Forgets what it knew when another connection (another process) committed since. */
  private forgetIfOthersWrote(): void {
    const version = this.statement('PRAGMA data_version').pluck().get() as number;
    if (version !== this.dataVersion) this.forgetKnown();
    this.dataVersion = version;
  }

  /**
   * Keeps a row just written as known and answers its record, built with what was known of the
   * row before (see {@link recordOf}).
   */
  private recordOfWritten(row: InteractionRow): InteractionRecord {
    const earlier = this.knownRows.get(row.account_id, row.id);
    return knownRecordOf(this.knownRows.set(row), this.dispositionKey(row.account_id), earlier);
  }

  /** The key the account's dispositions are stored under, as its settings name it now. */
  private dispositionKey(accountId: number): string {
    const known = this.transactionFacts?.dispositionKeys.get(accountId);
    if (known !== undefined) return known;
    const key = this.deskState().dispositionKey(accountId);
    this.transactionFacts?.dispositionKeys.set(accountId, key);
    return key;
  }

  /** The account's id, created on first use. */
  accountId({ serverUrl, userName }: AccountKey): number {
    this.statement(
      'INSERT INTO accounts (server_url, user_name) VALUES (?, ?) ON CONFLICT (server_url, user_name) DO NOTHING',
    ).run(serverUrl, userName);
    const row = this.statement(
      'SELECT id FROM accounts WHERE server_url = ? AND user_name = ?',
    ).get(serverUrl, userName) as { id: number };
    return row.id;
  }

  /**
   * Removes the account's row when it holds nothing (see {@link removeEmptyAccounts}): what a
   * refused sign-in made is not kept. Answers whether it was removed.
   */
  forgetAccountIfEmpty(account: AccountKey): boolean {
    return removeEmptyAccounts(this.db, account) > 0;
  }

  /** The account's id when the cache holds a row for it; never creates one (for reading). */
  knownAccountId({ serverUrl, userName }: AccountKey): number | undefined {
    const row = this.statement(
      'SELECT id FROM accounts WHERE server_url = ? AND user_name = ?',
    ).get(serverUrl, userName) as { id: number } | undefined;
    return row?.id;
  }

  /** Every account, for commands that read the whole cache. */
  accounts(): { id: number; serverUrl: string; userName: string }[] {
    return (
      this.statement('SELECT id, server_url, user_name FROM accounts ORDER BY id').all() as {
        id: number;
        server_url: string;
        user_name: string;
      }[]
    ).map((row) => ({ id: row.id, serverUrl: row.server_url, userName: row.user_name }));
  }

  /**
   * Every account with something to review offline, with how many interactions the cache holds
   * for it (for "Open offline"): one that holds interactions, or that signed in here (its
   * password verifier is kept). An account row alone is no such thing: a sign-in creates it
   * before the server answers, so a refused one (a password typed as the user name, found by an
   * attack review) left its name on the list for whoever sat at the desk next.
   */
  accountsWithCounts(): { serverUrl: string; userName: string; interactions: number }[] {
    const signedInHere = this.atLeast(migration0240.version)
      ? 'OR EXISTS (SELECT 1 FROM password_verifiers v WHERE v.account_id = a.id)'
      : '';
    return (
      this.statement(
        `SELECT a.server_url, a.user_name,
                (SELECT count(*) FROM interactions i WHERE i.account_id = a.id) AS interactions
         FROM accounts a
         WHERE EXISTS (SELECT 1 FROM interactions i WHERE i.account_id = a.id) ${signedInHere}
         ORDER BY a.id`,
      ).all() as { server_url: string; user_name: string; interactions: number }[]
    ).map((row) => ({
      serverUrl: row.server_url,
      userName: row.user_name,
      interactions: row.interactions,
    }));
  }

  /**
   * The true sizes of an account's lists: active (the inbox), the invitations among them, and
   * ended (the history). The activity index answers each: the active rows' range (their state
   * read from the table), and the ended rows' counted in the index alone the first time, then
   * kept ({@link historySizes}).
   */
  interactionCounts(accountId: number): { inbox: number; invited: number; history: number } {
    if (!this.db.inTransaction) this.forgetIfOthersWrote();
    const row = this.statement(
      `SELECT
         (SELECT count(*) FROM interactions WHERE account_id = @accountId AND ended_at IS NULL) AS inbox,
         (SELECT count(*) FROM interactions
           WHERE account_id = @accountId AND ended_at IS NULL AND state = @invited) AS invited`,
    ).get({ accountId, invited: INVITED_STATE }) as { inbox: number; invited: number };
    let history = this.historySizes.get(accountId);
    if (history === undefined) {
      history = this.statement(
        'SELECT count(*) FROM interactions WHERE account_id = ? AND ended_at IS NOT NULL',
      )
        .pluck()
        .get(accountId) as number;
      this.historySizes.set(accountId, history);
    }
    return { inbox: row.inbox, invited: row.invited, history };
  }

  /**
   * The account's interactions the cache holds as live (not ended), each with its state as
   * stored, the latest changed first and at most `limit` of them: what the agent had in hand when
   * its last session ended. Read by the activity index, which stops at `limit`: every sign-in
   * asks, and listing a cache's 100,000 live rows whole took 70–85 ms.
   */
  liveInteractions(accountId: number, limit: number): { id: string; state: string }[] {
    return this.statement(
      'SELECT id, state FROM interactions WHERE account_id = ? AND ended_at IS NULL ORDER BY updated_at DESC LIMIT ?',
    ).all(accountId, limit) as { id: string; state: string }[];
  }

  /**
   * Whether the account's interaction is live (not ended) before a write that may end or reopen
   * it, when the account's history size is kept ({@link historySizes}); else, or when the cache
   * does not hold it, undefined.
   */
  private liveBeforeWrite(accountId: number, id: string): boolean | undefined {
    if (!this.historySizes.has(accountId)) return undefined;
    const known = this.knownRows.get(accountId, id);
    if (known !== undefined) return known.row.ended_at === null;
    const endedAt = this.statement(
      'SELECT ended_at FROM interactions WHERE account_id = ? AND id = ?',
    ).get(accountId, id) as { ended_at: number | null } | undefined;
    return endedAt === undefined ? undefined : endedAt.ended_at === null;
  }

  /** Adds `change` to the account's history size, when it is kept. */
  private historyChanged(accountId: number, change: number): void {
    const size = this.historySizes.get(accountId);
    if (size !== undefined) this.historySizes.set(accountId, size + change);
  }

  // ---- writes ----------------------------------------------------------------------------

  /**
   * Records the interaction as the snapshot shows it at `at`. First sight sets `first_seen_at`;
   * the first Accepted sets `accepted_at`; fields the snapshot lacks keep their stored value.
   * Answers the row as it now is (read by the write itself: no second query).
   *
   * `prior` is the row as the caller read it in this transaction, when it did: if the subject,
   * sender and recipients stay as they were, the parties search document is left as it is (its
   * other part, the chat's joins, is kept by {@link insertChatEvents}). Without it the document
   * is rebuilt, which is always right, only slower.
   */
  upsertInteraction(
    accountId: number,
    snapshot: InteractionSnapshot,
    at: number,
    prior?: InteractionRecord,
  ): InteractionRecord {
    const values = {
      accountId,
      id: snapshot.id,
      channel: snapshot.channel,
      type: snapshot.type ?? null,
      subType: snapshot.subType ?? null,
      state: snapshot.state,
      subject: snapshot.subject ?? null,
      from: snapshot.from ?? null,
      to: JSON.stringify(snapshot.to ?? []),
      queue: snapshot.queue ?? null,
      capabilities: JSON.stringify(snapshot.capabilities ?? []),
      userData: JSON.stringify(snapshot.userData),
      threadId: snapshot.threadId ?? null,
      parentId: snapshot.parentId ?? null,
      contactId: snapshot.contactId ?? null,
      at: wholeMs(at),
      // Accepted as the agent knows it (PropertiesChanged too): the first time in hand.
      accepts: stateToTheAgent(snapshot.state) === ACCEPTED_STATE ? 1 : 0,
      draftKept: 0,
    };
    // While the desk keeps a draft of an e-mail the agent writes, whom it goes to is the draft's
    // (the agent's, {@link setRecipients}): the server's notifications name the recipients it
    // was created with until Send. Asked only when a notification names recipients.
    if (
      values.to !== '[]' &&
      (writtenByAgent(snapshot.type, snapshot.subType) ||
        writtenByAgent(prior?.type, prior?.subType))
    )
      values.draftKept =
        this.statement('SELECT 1 FROM drafts WHERE account_id = ? AND interaction_id = ?').get(
          accountId,
          snapshot.id,
        ) === undefined
          ? 0
          : 1;
    const live = this.updateLiveInteraction(values);
    // Not live (or of another channel): this write may reopen an ended row.
    const reopens = live === undefined && this.liveBeforeWrite(accountId, snapshot.id) === false;
    const row = (live ??
      this.statement(
        `INSERT INTO interactions (account_id, id, channel, type, sub_type, state, subject, from_address,
         to_addresses, queue, capabilities, user_data, thread_id, parent_id, contact_id,
         first_seen_at, accepted_at, updated_at)
       VALUES (@accountId, @id, @channel, @type, @subType, @state, @subject, @from, @to, @queue,
         @capabilities, @userData, @threadId, @parentId, @contactId, @at,
         CASE WHEN @accepts THEN @at END, @at)
       ON CONFLICT (account_id, id) DO UPDATE SET
         channel = excluded.channel,
         type = coalesce(excluded.type, type),
         sub_type = coalesce(excluded.sub_type, sub_type),
         state = excluded.state,
         subject = coalesce(excluded.subject, subject),
         from_address = coalesce(excluded.from_address, from_address),
         to_addresses = CASE WHEN excluded.to_addresses = '[]' OR @draftKept THEN to_addresses ELSE excluded.to_addresses END,
         queue = coalesce(excluded.queue, queue),
         capabilities = excluded.capabilities,
         user_data = CASE WHEN excluded.user_data = '{}' THEN user_data ELSE excluded.user_data END,
         thread_id = coalesce(excluded.thread_id, thread_id),
         parent_id = coalesce(excluded.parent_id, parent_id),
         contact_id = coalesce(excluded.contact_id, contact_id),
         accepted_at = coalesce(accepted_at, excluded.accepted_at),
         ended_at = NULL,
         updated_at = max(updated_at, excluded.updated_at)
       RETURNING *`,
      ).get(values)) as InteractionRow;
    // When it started on the server, once the server names it (migration 0340: a row of an
    // older schema, which upgrade tests write, has no column for it). Its own statement, run
    // only when the start changes (the first notification): most notifications repeat it.
    const startedAt = snapshot.startedAt === undefined ? undefined : wholeMs(snapshot.startedAt);
    if (startedAt !== undefined && row.started_at !== undefined && row.started_at !== startedAt) {
      this.statement('UPDATE interactions SET started_at = ? WHERE account_id = ? AND id = ?').run(
        startedAt,
        accountId,
        snapshot.id,
      );
      row.started_at = startedAt;
    }
    if (reopens) this.historyChanged(accountId, -1);
    const record = this.recordOfWritten(row);
    const partiesKept =
      prior !== undefined &&
      (prior.subject ?? null) === row.subject &&
      (prior.from ?? null) === row.from_address &&
      prior.fromName === record.fromName &&
      JSON.stringify(prior.to) === row.to_addresses;
    if (!partiesKept) this.indexParties(accountId, snapshot.id);
    return record;
  }

  /**
   * The common case of {@link upsertInteraction}: a live interaction of the same channel
   * changes. The same assignments as the upsert's, but `channel` and `ended_at` are not
   * assigned, so SQLite leaves the index by channel and end untouched (one page less to write
   * per commit). Answers undefined when the row is not there, is over, or changes channel.
   */
  private updateLiveInteraction(values: Record<string, unknown>): InteractionRow | undefined {
    return this.statement(
      `UPDATE interactions SET
         type = coalesce(@type, type),
         sub_type = coalesce(@subType, sub_type),
         state = @state,
         subject = coalesce(@subject, subject),
         from_address = coalesce(@from, from_address),
         to_addresses = CASE WHEN @to = '[]' OR @draftKept THEN to_addresses ELSE @to END,
         queue = coalesce(@queue, queue),
         capabilities = @capabilities,
         user_data = CASE WHEN @userData = '{}' THEN user_data ELSE @userData END,
         thread_id = coalesce(@threadId, thread_id),
         parent_id = coalesce(@parentId, parent_id),
         contact_id = coalesce(@contactId, contact_id),
         accepted_at = coalesce(accepted_at, CASE WHEN @accepts THEN @at END),
         updated_at = max(updated_at, @at)
       WHERE account_id = @accountId AND id = @id AND ended_at IS NULL AND channel = @channel
       RETURNING *`,
    ).get(values) as InteractionRow | undefined;
  }

  /**
   * The interaction is over for this agent (ended, revoked); keeps its first end time. Answers
   * the row as it now is, or undefined when the cache does not hold the interaction.
   */
  markEnded(
    accountId: number,
    interactionId: string,
    state: string,
    at: number,
  ): InteractionRecord | undefined {
    const live = this.liveBeforeWrite(accountId, interactionId);
    const row = this.statement(
      `UPDATE interactions SET state = ?, capabilities = '[]', ended_at = coalesce(ended_at, ?),
         updated_at = max(updated_at, ?)
       WHERE account_id = ? AND id = ?
       RETURNING *`,
    ).get(state, wholeMs(at), wholeMs(at), accountId, interactionId) as InteractionRow | undefined;
    if (row === undefined) return undefined;
    if (live === true) this.historyChanged(accountId, 1);
    return this.recordOfWritten(row);
  }

  /**
   * Remembers the chat consultation this agent started on a live interaction, or forgets it
   * (`null`). Answers the row as it now is, or undefined when nothing changed (the interaction
   * is not cached, is over, or already says so). Ending an interaction does not forget it (a
   * cache of an older schema is written by the same statements): its writer does.
   */
  setConsultation(
    accountId: number,
    interactionId: string,
    consultation: Consultation | null,
  ): InteractionRecord | undefined {
    const target = consultation?.target ?? null;
    const row = this.statement(
      `UPDATE interactions SET consultation_target = ?, consultation_after_event = ?
       WHERE account_id = ? AND id = ? AND ended_at IS NULL AND consultation_target IS NOT ?
       RETURNING *`,
    ).get(target, consultation?.afterEventId ?? null, accountId, interactionId, target) as
      InteractionRow | undefined;
    if (row === undefined) return undefined;
    return this.recordOfWritten(row);
  }

  /**
   * Records a hand-off this agent made of the interaction (the server took it), replacing the one
   * before it. Answers the row as it now is, or undefined when the cache does not hold the
   * interaction.
   */
  setHandOff(
    accountId: number,
    interactionId: string,
    handOff: HandOffRecord,
  ): InteractionRecord | undefined {
    const row = this.statement(
      `UPDATE interactions SET handoff_kind = @kind, handoff_target = @target,
         handoff_name = @name, handoff_at = @at, handoff_back_at = NULL
       WHERE account_id = @accountId AND id = @interactionId
       RETURNING *`,
    ).get({ ...handOff, at: wholeMs(handOff.at), accountId, interactionId }) as
      InteractionRow | undefined;
    return row === undefined ? undefined : this.recordOfWritten(row);
  }

  /**
   * The interaction this agent handed on came back to them at `at` (offered or handed to them
   * again). Answers the row as it now is, or undefined when nothing changed: no hand-off to
   * come back from, or it came back already.
   */
  handOffCameBack(
    accountId: number,
    interactionId: string,
    at: number,
  ): InteractionRecord | undefined {
    const row = this.statement(
      `UPDATE interactions SET handoff_back_at = ?
       WHERE account_id = ? AND id = ? AND handoff_at IS NOT NULL AND handoff_back_at IS NULL
       RETURNING *`,
    ).get(wholeMs(at), accountId, interactionId) as InteractionRow | undefined;
    return row === undefined ? undefined : this.recordOfWritten(row);
  }

  /**
   * Forgets the hand-off of an interaction that came back from it and is now offered again: that
   * offer is no longer the hand-off's return. Answers the row as it now is, or undefined when
   * nothing changed.
   */
  forgetHandOff(accountId: number, interactionId: string): InteractionRecord | undefined {
    const row = this.statement(
      `UPDATE interactions SET handoff_kind = NULL, handoff_target = NULL, handoff_name = NULL,
         handoff_at = NULL, handoff_back_at = NULL
       WHERE account_id = ? AND id = ? AND handoff_back_at IS NOT NULL
       RETURNING *`,
    ).get(accountId, interactionId) as InteractionRow | undefined;
    return row === undefined ? undefined : this.recordOfWritten(row);
  }

  /** The consultation open on a live interaction, as {@link setConsultation} kept it. */
  consultation(accountId: number, interactionId: string): Consultation | undefined {
    const row = this.statement(
      `SELECT consultation_target AS target, consultation_after_event AS afterEventId
       FROM interactions
       WHERE account_id = ? AND id = ? AND ended_at IS NULL AND consultation_target IS NOT NULL`,
    ).get(accountId, interactionId) as { target: string; afterEventId: number | null } | undefined;
    return row === undefined
      ? undefined
      : { target: row.target, afterEventId: row.afterEventId ?? 0 };
  }

  /**
   * Since when the chat's customer waits for an answer (common/chatReply.ts); undefined when
   * nobody waits (or the interaction has no transcript). Worked out of the transcript's tail
   * (its lines from the last that ended a wait) the first time it is asked, then kept as
   * {@link insertChatEvents} stores lines. `untimedAt`: the time of a line the server did not
   * time (the interaction's last change: the cache knows no better).
   */
  awaitingReply(accountId: number, interactionId: string, untimedAt: number): number | undefined {
    return this.chatTail(accountId, interactionId, untimedAt).since;
  }

  /**
   * What a live chat's row shows of its transcript: since when its customer waits
   * ({@link awaitingReply}) and its last message or leaving (`lastLine`), worked out together of
   * the transcript's tail and kept as lines are stored.
   */
  chatTail(
    accountId: number,
    interactionId: string,
    untimedAt: number,
  ): { readonly since: number | undefined; readonly lastLine?: ChatEvent } {
    if (!this.db.inTransaction) this.forgetIfOthersWrote();
    const chat = knownKey(accountId, interactionId);
    let wait = this.replyWaits.get(chat);
    if (wait === undefined) {
      const tail = this.replyTail(accountId, interactionId, REPLY_TAIL_READ);
      const lastLine = lastLineOf(tail);
      wait = {
        since: awaitingReplySince(undefined, tail, untimedAt),
        last: tail.at(-1)?.eventId ?? 0,
        ...(lastLine === undefined ? {} : { lastLine }),
      };
      this.rememberReplyWait(chat, wait);
    }
    return wait;
  }

  /**
   * The chat's lines from the last that ended a wait on (common/chatReply.ts `endsWait`), or
   * all of them when none did: the newest `first` read first, the rest only when those do not
   * reach back to such a line (a customer who wrote that many lines unanswered).
   */
  private replyTail(accountId: number, interactionId: string, first: number): ChatEvent[] {
    const rows = this.statement(
      `SELECT event_id, kind, author_type, author_name, text, visibility, at FROM chat_messages
       WHERE account_id = ? AND interaction_id = ? AND kind IN ('message', 'left')
       ORDER BY event_id DESC LIMIT ?`,
    ).all(accountId, interactionId, first) as Pick<
      ChatRow,
      'event_id' | 'kind' | 'author_type' | 'author_name' | 'text' | 'visibility' | 'at'
    >[];
    const tail: ChatEvent[] = [];
    for (const row of rows) {
      const line: ChatEvent = {
        eventId: row.event_id,
        kind: row.kind,
        ...defined({
          authorType: row.author_type,
          authorName: row.author_name,
          text: row.text,
          visibility: row.visibility,
          at: row.at,
        }),
      };
      tail.push(line);
      if (endsWait(line)) return tail.reverse();
    }
    // Not reaching back to a line that ended a wait: all of them, if there are more (`first`
    // -1 read them all already: none ended a wait).
    return first < 0 || rows.length < first
      ? tail.reverse()
      : this.replyTail(accountId, interactionId, -1);
  }

  /**
   * The chat's wait as {@link awaitingReply} last worked it out, without reading anything:
   * `undefined` when it is not known.
   */
  knownReplyWait(
    accountId: number,
    interactionId: string,
  ): { since: number | undefined } | undefined {
    return this.replyWaits.get(knownKey(accountId, interactionId));
  }

  /**
   * The writer just stored a chat's first row: its transcript has no line yet (a chat's lines
   * come after its first snapshot), so nobody waits, and {@link awaitingReply} need not read it.
   * Unless this connection stored lines of it before the row (none of the servers' dialects
   * does; then it reads them as for any chat).
   */
  chatBegins(accountId: number, interactionId: string): void {
    const chat = knownKey(accountId, interactionId);
    if (this.replyWaits.has(chat) || this.linesBeforeWait.has(chat)) return;
    this.rememberReplyWait(chat, { since: undefined, last: 0 });
  }

  private rememberReplyWait(chat: string, wait: ReplyWait): void {
    this.replyWaits.delete(chat);
    this.replyWaits.set(chat, wait);
    for (const oldest of this.replyWaits.keys()) {
      if (this.replyWaits.size <= KNOWN_ROW_LIMITS.rows) break;
      this.replyWaits.delete(oldest);
    }
  }

  /**
   * A chat's wait as known, after `lines` were stored: carried on through them when they come
   * after the lines it was worked out of, all timed; else forgotten, to be worked out again.
   */
  private replyLinesStored(chat: string, lines: readonly ChatEvent[]): void {
    const wait = this.replyWaits.get(chat);
    if (wait === undefined && lines.length > 0 && this.linesBeforeWait.size < KNOWN_ROW_LIMITS.rows)
      this.linesBeforeWait.add(chat);
    // In the transcript's order, whatever order they came in.
    const changing = lines.filter(changesWait).sort((a, b) => a.eventId - b.eventId);
    if (wait === undefined || changing.length === 0) return;
    if (changing.some((line) => line.eventId <= wait.last || line.at === undefined)) {
      this.replyWaits.delete(chat);
      return;
    }
    const lastLine = lastLineOf(changing);
    this.rememberReplyWait(chat, {
      // Every line timed: no untimed time is needed.
      since: awaitingReplySince(wait.since, changing, 0),
      last: Math.max(...changing.map((line) => line.eventId)),
      ...(lastLine === undefined ? {} : { lastLine }),
    });
  }

  /** The id of the interaction's last transcript line the cache holds (0: none). */
  lastChatEventId(accountId: number, interactionId: string): number {
    return (this.statement(
      'SELECT max(event_id) FROM chat_messages WHERE account_id = ? AND interaction_id = ?',
    )
      .pluck()
      .get(accountId, interactionId) ?? 0) as number;
  }

  /** Appends to the interaction's event log. */
  appendEvent(
    accountId: number,
    interactionId: string,
    type: string,
    state: string | null,
    at: number,
    payload: unknown,
  ): void {
    this.statement(
      'INSERT INTO interaction_events (account_id, interaction_id, type, state, at, payload) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(accountId, interactionId, type, state, wholeMs(at), JSON.stringify(payload));
  }

  /** Stores chat events not stored yet (by event id); returns how many were new. */
  addChatEvents(accountId: number, interactionId: string, events: readonly ChatEvent[]): number {
    return this.insertChatEvents(accountId, interactionId, events).length;
  }

  /**
   * Stores chat events not stored yet (by event id); returns those actually inserted, as
   * stored, in the order given (a duplicate delivery or a resync's repeat answers nothing).
   * `arrivedAt`: when they arrived, the time of those the server did not time.
   */
  insertChatEvents(
    accountId: number,
    interactionId: string,
    events: readonly ChatEvent[],
    arrivedAt?: number,
  ): ChatEvent[] {
    const inserted: ChatEvent[] = [];
    let joined = false;
    const insert = this.statement(
      `INSERT INTO chat_messages (account_id, interaction_id, event_id, kind, author_type, author_name,
         author_id, text, notice_type, visibility, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, interaction_id, event_id) DO NOTHING`,
    );
    for (const event of events) {
      // A line the server did not time (000's and 003's samples carry none) is timed by its
      // arrival, when the caller says: the transcript shows when it came, and a customer's wait
      // for an answer starts then (common/chatReply.ts).
      const at = integerOrNull(event.at) ?? integerOrNull(arrivedAt);
      const result = insert.run(
        accountId,
        interactionId,
        event.eventId,
        event.kind,
        event.authorType ?? null,
        event.authorName ?? null,
        event.authorId ?? null,
        event.text ?? null,
        event.noticeType ?? null,
        event.visibility ?? null,
        at,
      );
      if (result.changes === 0) continue;
      // The line as stored, so that the change set shows what the cache holds.
      inserted.push(lineAsStored(event, at));
      if (event.kind === 'joined' && event.authorName !== undefined) joined = true;
      if (event.kind === 'message' && event.text !== undefined && event.text.trim() !== '') {
        const author = event.authorName === undefined ? '' : `${event.authorName}: `;
        this.addSearchDocument(
          accountId,
          interactionId,
          'chat',
          String(event.eventId),
          `${author}${event.text}`,
        );
      }
    }
    // Only a join can change the parties; the lines in between leave their document as it is.
    if (joined) this.indexParties(accountId, interactionId);
    this.replyLinesStored(knownKey(accountId, interactionId), inserted);
    return inserted;
  }

  /**
   * Stores (or replaces) an e-mail's content and its attachments' metadata. GWS sends the
   * content again with every update of the interaction: a row that would not change is not
   * written again (nor its search documents, the subject and text, and the comment), which
   * spares the commit its pages; the subject-and-text document is written again only when the
   * subject or a body changed. Answers whether anything stored changed (the change set then
   * carries the e-mail as stored). `textOfHtml` makes the text search keeps of an HTML-only
   * e-mail (`htmlToText` by default).
   */
  putEmail(
    accountId: number,
    interactionId: string,
    email: EmailContent,
    textOfHtml?: (html: string) => string,
  ): boolean {
    // Migration 0190's comment (a cache before it, in the migration tests, has none).
    const comments = this.atLeast(migration0190.version);
    const sql = comments ? EMAIL_SQL : EMAIL_SQL_BEFORE_0190;
    const stored = this.statement(sql.read).get(accountId, interactionId) as EmailRow | undefined;
    // What the row becomes: the recipients as given, the other fields kept when not given.
    const next: EmailRow = {
      from_address: email.from ?? stored?.from_address ?? null,
      to_addresses: JSON.stringify(email.to),
      cc_addresses: JSON.stringify(email.cc),
      subject: email.subject ?? stored?.subject ?? null,
      text: email.text ?? stored?.text ?? null,
      html: email.html ?? stored?.html ?? null,
      // Absent: kept; empty: the notes were cleared.
      comment: !comments
        ? null
        : email.comment === undefined
          ? (stored?.comment ?? null)
          : email.comment || null,
    };
    const unchanged =
      stored !== undefined &&
      (Object.keys(next) as (keyof EmailRow)[]).every((key) => stored[key] === next[key]);
    if (!unchanged) {
      // Named values: the statement before 0190 leaves `comment` unused.
      this.statement(sql.upsert).run({
        ...next,
        account_id: accountId,
        interaction_id: interactionId,
      });
      // Its subject and words only: new recipients or notes leave it as it is, and do not make
      // the text of a large HTML again (10–45 ms on the main thread; see textOfHtml).
      // (The row's fields are strings or null: none was stored when `stored` is undefined.)
      if (
        stored?.subject !== next.subject ||
        stored.text !== next.text ||
        stored.html !== next.html
      )
        this.putSearchDocument(
          accountId,
          interactionId,
          'email',
          '',
          // An HTML-only e-mail (its text blank) is found by its HTML's words.
          emailDocument(next, textOfHtml),
        );
      // The comment, a document of its own (migration 0200 made those of the e-mails cached
      // before): a cleared one (blank) deletes it.
      if (comments)
        this.putSearchDocument(accountId, interactionId, 'email', 'comment', next.comment ?? '');
    }
    let changed = !unchanged;
    for (const attachment of email.attachments)
      changed = this.upsertAttachment(accountId, interactionId, attachment) || changed;
    // The parties document is not the e-mail's: it is built from the interaction's row (its
    // subject, sender, recipients) and the chat's joins, and kept by the writes of those.
    return changed;
  }

  /**
   * Whether the e-mail stored for the interaction has this HTML already (compared by SQLite:
   * nothing of the stored row is read into JavaScript). GWS sends the content again with every
   * update of the interaction, and {@link putEmail} makes no text of an HTML it holds.
   */
  holdsEmailHtml(accountId: number, interactionId: string, html: string): boolean {
    return (
      this.statement(
        'SELECT 1 FROM emails WHERE account_id = ? AND interaction_id = ? AND html = ?',
      ).get(accountId, interactionId, html) !== undefined
    );
  }

  /** Which `htmlToText` made the account's HTML-only e-mails' search documents (migration 0250). */
  htmlTextProgress(accountId: number): HtmlTextProgress {
    const row = this.statement(
      'SELECT version, redoing, redone_through FROM html_text_versions WHERE account_id = ?',
    ).get(accountId) as
      { version: number; redoing: number | null; redone_through: string | null } | undefined;
    if (row === undefined) return { version: 0 };
    return row.redoing === null || row.redone_through === null
      ? { version: row.version }
      : { version: row.version, pass: { version: row.redoing, through: row.redone_through } };
  }

  /**
   * The account's next e-mails after `after` (by interaction id; from the first when undefined),
   * read one at a time until `enough` says so (given the HTML read so far, in characters, and
   * the e-mails read): the HTML-only ones among them, and the last one read, where the next
   * read starts (undefined once none is left). E-mails with a text part are passed over, never
   * returned: their HTML is not read into JavaScript, and their documents are not its words.
   */
  htmlOnlyEmails(
    accountId: number,
    after: string | undefined,
    enough: (htmlChars: number, emails: number) => boolean,
  ): { readonly emails: HtmlOnlyEmail[]; readonly through: string | undefined } {
    const rows = this.statement(
      after === undefined ? HTML_ONLY_EMAILS_SQL.first : HTML_ONLY_EMAILS_SQL.after,
    ).iterate({
      accountId,
      spaces: TRIMMED_SPACES,
      ...(after === undefined ? {} : { after }),
    }) as IterableIterator<{
      interaction_id: string;
      html: string | null;
    }>;
    const emails: HtmlOnlyEmail[] = [];
    let through: string | undefined;
    let chars = 0;
    let read = 0;
    for (const row of rows) {
      through = row.interaction_id;
      read += 1;
      if (row.html !== null) {
        emails.push({ interactionId: row.interaction_id, html: row.html });
        chars += row.html.length;
      }
      if (enough(chars, read)) break;
    }
    return { emails, through };
  }

  /**
   * Writes the search documents of HTML-only e-mails made again by `htmlToText` version
   * `version` (see {@link htmlOnlyEmails}), in one transaction with the pass's progress: its
   * e-mails are done up to `through`, or all of them (undefined), the account's documents then
   * all `version`'s. An e-mail that changed since its HTML was read (another HTML, a text part
   * now, gone) is left as the change wrote it, and a record at `version` already (another
   * connection's pass finished first) as it is. Answers how many documents changed.
   */
  redoHtmlSearchDocuments(
    accountId: number,
    version: number,
    made: readonly HtmlOnlyEmailText[],
    through: string | undefined,
  ): number {
    return this.transaction(() => {
      let changed = 0;
      for (const { interactionId, html, text } of made) {
        const row = this.statement(
          'SELECT subject, text, html FROM emails WHERE account_id = ? AND interaction_id = ? AND html = ?',
        ).get(accountId, interactionId, html) as
          Pick<EmailRow, 'subject' | 'text' | 'html'> | undefined;
        if (row === undefined || (row.text ?? '').trim() !== '') continue;
        if (
          this.putSearchDocument(
            accountId,
            interactionId,
            'email',
            '',
            emailDocument(row, () => text),
          )
        )
          changed += 1;
      }
      this.statement(
        `INSERT INTO html_text_versions (account_id, version, redoing, redone_through)
           VALUES (@accountId, CASE WHEN @through IS NULL THEN @version ELSE 0 END,
                   CASE WHEN @through IS NULL THEN NULL ELSE @version END, @through)
         ON CONFLICT (account_id) DO UPDATE SET
           version = CASE WHEN @through IS NULL THEN @version ELSE version END,
           redoing = excluded.redoing, redone_through = excluded.redone_through
         -- Another connection's pass (listen beside the desk) may have finished first.
         WHERE html_text_versions.version < @version`,
      ).run({ accountId, version, through: through ?? null });
      return changed;
    });
  }

  /**
   * Keeps an e-mail the agent sent, as sent, apart from what the server says of it: the
   * server's later notifications (often with an empty body) go to `emails` and never overwrite
   * it; {@link emailOf} shows the sent copy over them. `searchBody` is what the search index
   * keeps of it (the caller's text of its HTML when it has no text). Its attachments' metadata
   * joins the interaction's.
   */
  putSentEmail(
    accountId: number,
    interactionId: string,
    email: SentEmail,
    searchBody: string,
  ): void {
    this.statement(
      `INSERT INTO sent_emails (account_id, interaction_id, from_address, to_addresses, cc_addresses, bcc_addresses, subject, text, html, sent_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, interaction_id) DO UPDATE SET
         from_address = excluded.from_address, to_addresses = excluded.to_addresses,
         cc_addresses = excluded.cc_addresses, bcc_addresses = excluded.bcc_addresses,
         subject = excluded.subject, text = excluded.text, html = excluded.html,
         sent_at = excluded.sent_at`,
    ).run(
      accountId,
      interactionId,
      email.from ?? null,
      JSON.stringify(email.to),
      JSON.stringify(email.cc),
      JSON.stringify(email.bcc),
      email.subject ?? null,
      email.text ?? null,
      email.html ?? null,
      wholeMs(email.sentAt),
    );
    // Its own document: the server's copy (ref '') may say less, and is kept by putEmail.
    this.putSearchDocument(accountId, interactionId, 'email', 'sent', searchBody);
    for (const attachment of email.attachments)
      this.upsertAttachment(accountId, interactionId, attachment);
    // What was sent says it surely, whether or not the server's notifications carry the recipients.
    if (email.to.length > 0) this.setRecipients(accountId, interactionId, email.to);
  }

  /**
   * Names whom an e-mail the agent writes goes to, as the lists show it (summaryOf's `sentTo`):
   * what was sent, or what the agent's draft says now (none: "no recipient yet"). Answers the
   * row as it now is when it changed, else undefined.
   */
  setRecipients(
    accountId: number,
    interactionId: string,
    to: readonly string[],
  ): InteractionRecord | undefined {
    const addresses = JSON.stringify(to);
    const row = this.statement(
      'UPDATE interactions SET to_addresses = ? WHERE account_id = ? AND id = ? AND to_addresses IS NOT ? RETURNING *',
    ).get(addresses, accountId, interactionId, addresses) as InteractionRow | undefined;
    if (row === undefined) return undefined;
    const record = this.recordOfWritten(row);
    this.indexParties(accountId, interactionId);
    return record;
  }

  /**
   * Forgets an interaction's attachments other than `keptIds` (files removed from a draft
   * before it was sent); answers the local files of those no remaining row refers to, for the
   * caller to delete after the transaction commits.
   */
  keepOnlyAttachments(
    accountId: number,
    interactionId: string,
    keptIds: readonly string[],
  ): string[] {
    const kept = new Set(keptIds);
    const ids = (
      this.statement('SELECT id FROM attachments WHERE account_id = ? AND interaction_id = ?')
        .pluck()
        .all(accountId, interactionId) as string[]
    ).filter((id) => !kept.has(id));
    return this.forgetAttachments(accountId, interactionId, ids);
  }

  /**
   * Forgets these attachments of an interaction (a file the agent removed from a draft);
   * answers the local files no remaining row refers to, for the caller to delete after the
   * transaction commits.
   */
  forgetAttachments(accountId: number, interactionId: string, ids: readonly string[]): string[] {
    const files = new Set<string>();
    for (const id of ids) {
      const localPath = this.statement(
        'DELETE FROM attachments WHERE account_id = ? AND interaction_id = ? AND id = ? RETURNING local_path',
      )
        .pluck()
        .get(accountId, interactionId, id) as string | null | undefined;
      if (typeof localPath === 'string') files.add(localPath);
    }
    if (ids.length > 0) this.indexFileNames(accountId, interactionId);
    return this.filesNoRowUses(files);
  }

  /** Of these local files, those no attachment row refers to (content-addressed files may be shared). */
  filesNoRowUses(paths: Iterable<string>): string[] {
    return [...paths].filter((path) => this.statement(FILE_IN_USE_SQL).get(path) === undefined);
  }

  /** Records an attachment's metadata; answers whether the row is new or changed. */
  upsertAttachment(accountId: number, interactionId: string, attachment: AttachmentInfo): boolean {
    // The WHERE clause leaves a row that would not change alone: no page is written for it.
    const { changes } = this.statement(
      `INSERT INTO attachments (account_id, interaction_id, id, name, size, mime_type) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, interaction_id, id) DO UPDATE SET
         name = excluded.name, size = coalesce(excluded.size, size), mime_type = coalesce(excluded.mime_type, mime_type)
       WHERE name IS NOT excluded.name
         OR size IS NOT coalesce(excluded.size, size)
         OR mime_type IS NOT coalesce(excluded.mime_type, mime_type)`,
    ).run(
      accountId,
      interactionId,
      attachment.id,
      attachment.name,
      integerOrNull(attachment.size),
      attachment.mimeType ?? null,
    );
    if (changes === 0) return false;
    this.indexFileNames(accountId, interactionId);
    return true;
  }

  /**
   * Records where an attachment's file is kept; answers whether a row took it (false: the
   * attachment was forgotten meanwhile, and the caller's file is no row's).
   */
  recordDownload(
    accountId: number,
    interactionId: string,
    attachmentId: string,
    file: { localPath: string; sha256: string; size: number; at: number },
  ): boolean {
    const { changes } = this.statement(
      `UPDATE attachments SET local_path = ?, sha256 = ?, size = ?, downloaded_at = ?
       WHERE account_id = ? AND interaction_id = ? AND id = ?`,
    ).run(file.localPath, file.sha256, file.size, file.at, accountId, interactionId, attachmentId);
    return changes > 0;
  }

  /**
   * Gives an interaction's files not downloaded the kept copy of the same file (same name, and
   * same size where both are known) of the e-mail it came from (`parent_id`): a forward's files
   * are copies of the original's, which the agent's desk fetched when it was accepted. Only a
   * file whose every such match in the original is that one content: two files of the original
   * alike in name (and size, or with none known) could each be it, and SQLite took either for
   * both (the first page of a scan kept as the second). Answers how many it gave.
   */
  shareParentCopies(accountId: number, interactionId: string, at: number): number {
    return this.statement(
      `UPDATE attachments SET local_path = parent.local_path, sha256 = parent.sha256,
         size = coalesce(attachments.size, parent.size), downloaded_at = ?
       FROM (
         SELECT original.interaction_id, original.name, original.size, original.local_path,
           original.sha256
         FROM interactions AS draft
         JOIN attachments AS original
           ON original.account_id = draft.account_id AND original.interaction_id = draft.parent_id
         WHERE draft.account_id = ? AND draft.id = ? AND original.local_path IS NOT NULL
       ) AS parent
       WHERE attachments.account_id = ? AND attachments.interaction_id = ?
         AND attachments.local_path IS NULL AND attachments.name = parent.name
         AND (attachments.size IS NULL OR parent.size IS NULL OR attachments.size = parent.size)
         AND (
           SELECT count(DISTINCT coalesce(other.sha256, 'not downloaded: ' || other.id))
           FROM attachments AS other
           WHERE other.account_id = attachments.account_id
             AND other.interaction_id = parent.interaction_id AND other.name = attachments.name
             AND (attachments.size IS NULL OR other.size IS NULL OR attachments.size = other.size)
         ) = 1`,
    ).run(wholeMs(at), accountId, interactionId, accountId, interactionId).changes;
  }

  /**
   * Forgets a downloaded file that is no longer on disk (deleted behind the desk's back), for
   * every attachment that used it (content-addressed: one file may serve many e-mails, of any
   * account): each is not downloaded again until its download stores the file anew. Answers
   * the account's interactions whose attachments used it.
   */
  forgetLostFile(accountId: number, localPath: string): string[] {
    const rows = this.statement(
      `UPDATE attachments SET local_path = NULL, sha256 = NULL, downloaded_at = NULL
       WHERE local_path = ? RETURNING account_id, interaction_id`,
    ).all(localPath) as { account_id: number; interaction_id: string }[];
    return [
      ...new Set(
        rows.filter((row) => row.account_id === accountId).map((row) => row.interaction_id),
      ),
    ];
  }

  /** Attachments known but not yet downloaded. */
  pendingDownloads(accountId: number, interactionId: string): AttachmentInfo[] {
    return (
      this.statement(
        'SELECT id, name, size, mime_type FROM attachments WHERE account_id = ? AND interaction_id = ? AND local_path IS NULL ORDER BY id',
      ).all(accountId, interactionId) as AttachmentRow[]
    ).map((row) => ({
      id: row.id,
      name: row.name,
      ...defined({ size: row.size, mimeType: row.mime_type }),
    }));
  }

  setSetting(key: string, value: string): void {
    this.statement(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ).run(key, value);
  }

  deleteSetting(key: string): void {
    this.statement('DELETE FROM settings WHERE key = ?').run(key);
  }

  setting(key: string): string | undefined {
    return (
      this.statement('SELECT value FROM settings WHERE key = ?').get(key) as
        { value: string } | undefined
    )?.value;
  }

  /**
   * Adds a search document expected to be new (a chat line just inserted): one statement where
   * {@link putSearchDocument} needs two, and the same result when the document is there already.
   */
  private addSearchDocument(
    accountId: number,
    interactionId: string,
    kind: SearchKind,
    ref: string,
    text: string,
  ): void {
    const body = searchableText(withoutMatchMarks(text));
    const { changes, lastInsertRowid } = this.statement(
      `INSERT INTO search_documents (account_id, interaction_id, kind, ref, body) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account_id, interaction_id, kind, ref) DO NOTHING`,
    ).run(accountId, interactionId, kind, ref, body);
    if (changes === 0) {
      this.putSearchDocument(accountId, interactionId, kind, ref, body);
      return;
    }
    this.documentStored(lastInsertRowid, body);
  }

  /**
   * Replaces one search document: FTS5 external content needs the old text to delete it.
   * Answers whether anything changed.
   */
  private putSearchDocument(
    accountId: number,
    interactionId: string,
    kind: SearchKind,
    ref: string,
    text: string,
  ): boolean {
    const body = searchableText(withoutMatchMarks(text));
    const existing = this.statement(
      'SELECT rowid, body FROM search_documents WHERE account_id = ? AND interaction_id = ? AND kind = ? AND ref = ?',
    ).get(accountId, interactionId, kind, ref) as DocumentText | undefined;
    if (existing?.body === body) return false;
    if (existing) this.deleteSearchDocument(existing);
    if (body.trim() === '') return existing !== undefined;
    const { lastInsertRowid } = this.statement(
      'INSERT INTO search_documents (account_id, interaction_id, kind, ref, body) VALUES (?, ?, ?, ?, ?)',
    ).run(accountId, interactionId, kind, ref, body);
    this.documentStored(lastInsertRowid, body);
    return true;
  }

  // ---- the full-text index -----------------------------------------------------------------

  /**
   * From now on, search documents wait for {@link indexSearchDocuments}, which their owner (the
   * cache writer) calls in batches: one FTS5 commit per chat line costs more than the rest of
   * the line's writes (a new index segment, and merges). Until then, documents are indexed as
   * they are written, as they always were.
   */
  deferSearchIndexing(): void {
    this.searchIndexingDeferred = true;
  }

  /**
   * How many stored search documents the full-text index does not hold yet. The count kept in
   * memory is not checked against other connections' commits: a stale one only moves the next
   * batch earlier or later, and indexing reads what the database holds.
   */
  unindexedSearchDocuments(): number {
    if (this.waitingDocuments !== undefined) return this.waitingDocuments;
    const through = this.indexedThrough();
    if (through === undefined) return 0;
    this.waitingDocuments = (
      this.statement('SELECT count(*) AS n FROM search_documents WHERE rowid > ?').get(through) as {
        n: number;
      }
    ).n;
    return this.waitingDocuments;
  }

  /** Adds every stored document the full-text index lacks to it, in one go; answers how many. */
  indexSearchDocuments(): number {
    const indexed = this.transaction(() => {
      const through = this.indexedThrough();
      if (through === undefined) return 0;
      const { n, last } = this.statement(
        'SELECT count(*) AS n, max(rowid) AS last FROM search_documents WHERE rowid > ?',
      ).get(through) as { n: number; last: number | null };
      if (n === 0 || last === null) return 0;
      this.statement(
        'INSERT INTO search_index (rowid, body) SELECT rowid, body FROM search_documents WHERE rowid > ? ORDER BY rowid',
      ).run(through);
      this.statement('UPDATE search_index_progress SET indexed_through = ? WHERE id = 1').run(last);
      if (this.transactionFacts !== undefined)
        this.transactionFacts.indexedThrough = { value: last };
      return n;
    });
    // Committed (a failure forgot the count instead): none waits now.
    this.waitingDocuments = 0;
    return indexed;
  }

  /**
   * The rowid up to which `search_documents` is in the full-text index (migration 0070), or
   * undefined for a cache of an older schema being upgraded, whose documents are indexed as
   * they are written. A statement that fails to prepare is not kept, so it is asked again.
   */
  private indexedThrough(): number | undefined {
    const known = this.transactionFacts?.indexedThrough;
    if (known !== undefined) return known.value;
    const through = this.readIndexedThrough();
    if (this.transactionFacts !== undefined)
      this.transactionFacts.indexedThrough = { value: through };
    return through;
  }

  private readIndexedThrough(): number | undefined {
    let statement: Statement;
    try {
      statement = this.statement('SELECT indexed_through FROM search_index_progress WHERE id = 1');
    } catch {
      return undefined;
    }
    return (statement.get() as { indexed_through: number } | undefined)?.indexed_through;
  }

  /** A document was just stored: indexed now, or left for the next batch. */
  private documentStored(rowid: number | bigint, body: string): void {
    const through = this.indexedThrough();
    // A batch reads the documents above the mark, so one stored at or below it (a rowid that
    // SQLite reused after the newest documents were deleted) is indexed at once.
    if (through === undefined || rowid <= through) {
      this.statement('INSERT INTO search_index (rowid, body) VALUES (?, ?)').run(rowid, body);
      return;
    }
    if (this.waitingDocuments !== undefined) this.waitingDocuments += 1;
    if (!this.searchIndexingDeferred) this.indexSearchDocuments();
  }

  /** A document was or is being deleted: out of the index, if it got there. */
  private documentDeleted(rowid: number, body: string): void {
    const through = this.indexedThrough();
    if (through !== undefined && rowid > through) {
      if (this.waitingDocuments !== undefined) this.waitingDocuments -= 1;
      return;
    }
    // FTS5 with external content needs the old text to delete its entries.
    this.statement(
      "INSERT INTO search_index (search_index, rowid, body) VALUES ('delete', ?, ?)",
    ).run(rowid, body);
  }

  /**
   * The subject and parties (sender, recipients, chat participants) of an interaction as one
   * document, rewritten at the end of the transaction (an invitation and its chat's first joins
   * often come in one), or at once outside one.
   */
  private indexParties(accountId: number, interactionId: string): void {
    this.deriveDocument({ of: 'parties', accountId, interactionId });
  }

  /**
   * The names of an interaction's files as one document (kind `email`, ref `files`), so that
   * an agent finds the e-mail by its attachment's name; rewritten at the end of the transaction
   * (an e-mail's files come together), or at once outside one.
   */
  private indexFileNames(accountId: number, interactionId: string): void {
    this.deriveDocument({ of: 'files', accountId, interactionId });
  }

  private deriveDocument(document: PendingDocument): void {
    const pending = this.transactionFacts?.derivedDocuments;
    if (pending === undefined) this.writeDerivedDocument(document);
    else
      pending.set(
        `${document.of}\u0000${String(document.accountId)}\u0000${document.interactionId}`,
        document,
      );
  }

  /** The derived documents the transaction's writes changed, each written once. */
  private writeDerivedDocuments(): void {
    const pending = this.transactionFacts?.derivedDocuments;
    if (pending === undefined) return;
    for (const document of pending.values()) this.writeDerivedDocument(document);
    pending.clear();
  }

  private writeDerivedDocument({ of, accountId, interactionId }: PendingDocument): void {
    if (of === 'parties') this.writeParties(accountId, interactionId);
    else this.writeFileNames(accountId, interactionId);
  }

  /** Writes the names of an interaction's files as its `files` document (none: no document). */
  private writeFileNames(accountId: number, interactionId: string): void {
    const names = this.statement(
      'SELECT name FROM attachments WHERE account_id = ? AND interaction_id = ? ORDER BY rowid',
    )
      .pluck()
      .all(accountId, interactionId) as string[];
    this.putSearchDocument(accountId, interactionId, 'email', 'files', names.join('\n'));
  }

  /**
   * Writes an interaction's parties document. Its cost grows with the number of parties, not
   * with the transcript: the chat's names come from the index of joins alone (migration 0020),
   * in the order they first joined.
   */
  private writeParties(accountId: number, interactionId: string): void {
    // The record a row just written keeps (its sender's name worked out once), not a read of
    // the row and a parse of its attached data again.
    const record = this.interactionRecord(accountId, interactionId);
    if (record === undefined) return;
    // The WHERE clause repeats the index's own, which lets the planner read the joins alone
    // (store.test.ts asserts the plan). No INDEXED BY: code that writes a cache of the first
    // schema (upgrade tests) still runs, through the primary key. Sorted here rather than by an
    // ORDER BY: the few joins cost less to sort than SQLite's ORDER BY with bound values costs
    // each run (~10 µs measured with this build's SQLite 3.54, though the plan needs no sort;
    // the same statement with literal values, or on SQLite 3.40, shows no such cost).
    const joined = (
      this.statement(
        `SELECT event_id, author_name FROM chat_messages
         WHERE account_id = ? AND interaction_id = ? AND kind = 'joined' AND author_name IS NOT NULL`,
      ).all(accountId, interactionId) as { event_id: number; author_name: string }[]
    )
      .sort((a, b) => a.event_id - b.event_id)
      .map((author) => author.author_name);
    this.putSearchDocument(
      accountId,
      interactionId,
      'parties',
      '',
      partiesText({
        subject: record.subject,
        fromName: record.fromName,
        from: record.from,
        to: record.to,
        joined,
      }),
    );
  }

  // ---- reads -----------------------------------------------------------------------------

  /** Active interactions (not ended), most recently changed first; all of them unless paged. */
  inbox(accountId: number, page: { limit?: number; offset?: number } = {}): InteractionSummary[] {
    const dispositionKey = this.dispositionKey(accountId);
    return (
      this.statement(
        `SELECT * FROM interactions WHERE account_id = ? AND ended_at IS NULL
         ORDER BY updated_at DESC, id LIMIT ? OFFSET ?`,
      ).all(accountId, page.limit ?? -1, page.offset ?? 0) as InteractionRow[]
    ).map((row) => summaryOf(row, dispositionKey));
  }

  /** Ended interactions, newest end first, by channel and date, paged. */
  history(accountId: number, query: HistoryQuery = {}): InteractionSummary[] {
    const dispositionKey = this.dispositionKey(accountId);
    return (
      this.statement(HISTORY_SQL).all({
        accountId,
        channel: query.channel ?? null,
        since: query.since ?? null,
        until: query.until ?? null,
        afterEnd: query.after?.endedAt ?? null,
        afterId: query.after?.id ?? null,
        limit: query.limit ?? 50,
        offset: query.offset ?? 0,
      }) as InteractionRow[]
    ).map((row) => summaryOf(row, dispositionKey));
  }

  /** One interaction's own row, without its transcript, e-mail or attachments (cheap). */
  interactionRecord(accountId: number, interactionId: string): InteractionRecord | undefined {
    if (!this.db.inTransaction) this.forgetIfOthersWrote();
    let known = this.knownRows.get(accountId, interactionId);
    if (known === undefined) {
      const row = this.statement('SELECT * FROM interactions WHERE account_id = ? AND id = ?').get(
        accountId,
        interactionId,
      ) as InteractionRow | undefined;
      if (row === undefined) return undefined;
      known = this.knownRows.set(row);
    }
    return knownRecordOf(known, this.dispositionKey(accountId));
  }

  /**
   * The interactions that answer `parentId` (replies, forwards) with their e-mails, oldest
   * first: the inbound e-mail's thread.
   */
  replies(accountId: number, parentId: string): Reply[] {
    const rows = this.statement(
      `SELECT * FROM interactions WHERE account_id = ? AND parent_id = ?
       ORDER BY first_seen_at, id`,
    ).all(accountId, parentId) as InteractionRow[];
    const dispositionKey = this.dispositionKey(accountId);
    return rows.map((row) => {
      const stored = this.emailOf(accountId, row.id);
      return {
        ...recordOf(row, dispositionKey),
        ...(stored.email === undefined ? {} : { email: stored.email }),
        attachments: stored.attachments,
      };
    });
  }

  /**
   * One interaction with its transcript, e-mail and attachments; or a contact's past interaction
   * the desk never held, opened from UCS history (see {@link pastInteraction}).
   */
  interaction(accountId: number, interactionId: string): InteractionDetail | undefined {
    const record = this.interactionRecord(accountId, interactionId);
    if (!record) return this.pastInteraction(accountId, interactionId);
    // A line stored before its party's join (003's lines name the party by id alone) is named
    // from the join now.
    const transcript = withPartyNames(
      (
        this.statement(
          'SELECT * FROM chat_messages WHERE account_id = ? AND interaction_id = ? ORDER BY event_id',
        ).all(accountId, interactionId) as ChatRow[]
      ).map(chatEventOf),
    );
    const stored = this.emailOf(accountId, interactionId);
    return {
      ...record,
      transcript,
      ...(stored.email === undefined ? {} : { email: stored.email }),
      attachments: stored.attachments,
      ...(this.remoteImageSenders().allowed(accountId, stored.email?.from)
        ? { remoteImagesAllowed: true }
        : {}),
      // A desk started again learns it here, not from a refusal of this session's Send (only
      // e-mails are sent: a chat is not looked for).
      ...(record.channel === 'email' && this.unsettledSends().holds(accountId, interactionId)
        ? { sendInDoubt: true }
        : {}),
    };
  }

  /**
   * A contact's past interaction opened from UCS history (migration 0100) that the desk never
   * held: search finds it by what was opened (its hit's row is made of the history entry, see
   * search.ts), so it opens as that row says, with the transcript or the e-mail's body opened
   * then. Opening the hit said "no longer in the cache", and `switchboard transcript` of the id
   * `switchboard search` printed found nothing. Undefined unless its content was opened.
   */
  private pastInteraction(accountId: number, interactionId: string): InteractionDetail | undefined {
    const row = this.statement(
      `SELECT interaction_id AS id, coalesce(lower(media_type), 'chat') AS channel,
              coalesce(state, 'Stopped') AS state, subject, contact_id,
              coalesce(started_at, listed_at) AS first_seen_at,
              coalesce(ended_at, listed_at) AS ended_at,
              coalesce(content_fetched_at, listed_at) AS updated_at
       FROM contact_history_entries
       WHERE account_id = ? AND interaction_id = ? AND content_fetched_at IS NOT NULL`,
    ).get(accountId, interactionId) as
      | (Pick<InteractionRow, 'id' | 'channel' | 'state' | 'subject' | 'contact_id'> & {
          first_seen_at: number;
          ended_at: number;
          updated_at: number;
        })
      | undefined;
    const content =
      row === undefined
        ? undefined
        : this.contactHistory().historyEntry(accountId, row.id)?.content;
    if (row === undefined || content === undefined) return undefined;
    const summary = summaryOf(
      {
        ...row,
        type: null,
        sub_type: null,
        from_address: null,
        to_addresses: '[]',
        queue: null,
        accepted_at: null,
        user_data: '{}',
      },
      this.dispositionKey(accountId),
      {},
    );
    return {
      ...summary,
      to: [],
      capabilities: [],
      userData: {},
      ...(row.contact_id === null || row.contact_id === '' ? {} : { contactId: row.contact_id }),
      transcript: content.events,
      ...(content.body === undefined
        ? {}
        : {
            email: {
              to: [],
              cc: [],
              ...(row.subject === null ? {} : { subject: row.subject }),
              text: content.body,
              attachments: [],
            },
          }),
      attachments: [],
    };
  }

  /**
   * An interaction's party lines (`joined`, `left`) in order. Reads the interaction's lines (no
   * index of leaves): for the rare question of who an agent leaving was.
   */
  partyLines(accountId: number, interactionId: string): ChatEvent[] {
    return (
      this.statement(
        `SELECT * FROM chat_messages
         WHERE account_id = ? AND interaction_id = ? AND kind IN ('joined', 'left')
         ORDER BY event_id`,
      ).all(accountId, interactionId) as ChatRow[]
    ).map(chatEventOf);
  }

  /** How many transcript lines the cache holds of an interaction. */
  chatLineCount(accountId: number, interactionId: string): number {
    return this.statement(
      'SELECT count(*) FROM chat_messages WHERE account_id = ? AND interaction_id = ?',
    )
      .pluck()
      .get(accountId, interactionId) as number;
  }

  /**
   * An interaction's transcript in order, read lazily: whoever needs only its first lines stops
   * early and the rest is never read. Iterations may overlap: the cached statement serves one
   * at a time, another gets its own (preparing costs more than most reads of a first line).
   */
  *transcriptLines(accountId: number, interactionId: string): Generator<ChatEvent> {
    const sql =
      'SELECT * FROM chat_messages WHERE account_id = ? AND interaction_id = ? ORDER BY event_id';
    const cached = this.statement(sql);
    const statement = cached.busy ? this.db.prepare(sql) : cached;
    const lines = statement.iterate(accountId, interactionId) as IterableIterator<ChatRow>;
    for (const row of lines) yield chatEventOf(row);
  }

  /**
   * An interaction's e-mail content (absent when none is stored) and its attachments as the
   * cache holds them (downloaded files included), in display order.
   */
  emailOf(
    accountId: number,
    interactionId: string,
  ): { email?: EmailContent; attachments: StoredAttachment[] } {
    const received = this.statement(
      'SELECT * FROM emails WHERE account_id = ? AND interaction_id = ?',
    ).get(accountId, interactionId) as EmailRow | undefined;
    // What the agent sent stands over what the server said of it.
    const sent = this.statement(
      'SELECT * FROM sent_emails WHERE account_id = ? AND interaction_id = ?',
    ).get(accountId, interactionId) as SentEmailRow | undefined;
    const email: EmailRow | undefined =
      sent === undefined
        ? received
        : {
            ...sent,
            from_address: sent.from_address ?? received?.from_address ?? null,
            subject: sent.subject ?? received?.subject ?? null,
            comment: received?.comment ?? null,
          };
    // In the order the e-mail lists them (the server's, as stored: rowid), as the customer
    // attached them: scanned pages 1 to 12 in that order, "the second file" the second one. Sorted
    // here: ORDER BY with bound values costs more each run than sorting an e-mail's few
    // attachments (see writeParties).
    const attachments = (
      this.statement(
        'SELECT rowid AS position, * FROM attachments WHERE account_id = ? AND interaction_id = ?',
      ).all(accountId, interactionId) as (AttachmentRow & { position: number })[]
    )
      .sort((a, b) => a.position - b.position)
      .map((attachment): StoredAttachment => ({
        id: attachment.id,
        name: attachment.name,
        ...defined({
          size: attachment.size,
          mimeType: attachment.mime_type,
          localPath: attachment.local_path,
          sha256: attachment.sha256,
          downloadedAt: attachment.downloaded_at,
        }),
      }));
    if (email === undefined) return { attachments };
    return {
      email: {
        to: storedStrings(email.to_addresses),
        cc: storedStrings(email.cc_addresses),
        attachments: attachments.map(({ id, name, size, mimeType }) => ({
          id,
          name,
          ...defined({ size, mimeType }),
        })),
        ...defined({
          from: email.from_address,
          subject: email.subject,
          text: email.text,
          html: email.html,
          comment: email.comment,
        }),
        ...(sent === undefined
          ? {}
          : { bcc: storedStrings(sent.bcc_addresses), sentAt: sent.sent_at }),
      },
      attachments,
    };
  }

  /**
   * The newest activity of any account the cache holds (the retention purge spans them all):
   * the latest `updated_at`, 0 when it holds no interaction.
   */
  newestActivityAt(): number {
    const row = this.statement('SELECT max(updated_at) AS at FROM interactions').get() as {
      at: number | null;
    };
    return row.at ?? 0;
  }

  /** The schema version of the file (`PRAGMA user_version`): 0 for a file that is no cache. */
  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  // ---- contact history (UCS) ------------------------------------------------------------

  /** The contacts' history from UCS, as listed and opened (migration 0100). */
  contactHistory(): ContactHistoryStore {
    return (this.contactHistoryStore ??= new ContactHistoryStore(this.db));
  }

  /**
   * Keeps an opened history entry's content and makes it searchable: one document per entry
   * (kind chat or email by its media type, ref 'ucs'), found by desk search like the desk's own
   * interactions. Answers the entry as stored.
   */
  storeHistoryContent(
    accountId: number,
    entry: HistoryEntry,
    content: { events: ChatEvent[]; body?: string },
    at: number,
  ): StoredHistoryEntry {
    const stored = this.contactHistory().storeContent(accountId, entry, content, at);
    const kind: SearchKind = stored.mediaType?.toLowerCase() === 'email' ? 'email' : 'chat';
    this.putSearchDocument(accountId, entry.id, kind, 'ucs', historySearchText(stored, content));
    return stored;
  }

  /** Whether the connection is still open (its owner may have closed it). */
  isOpen(): boolean {
    return this.db.open;
  }

  /** Closes the connection (the store is unusable after). */
  close(): void {
    this.forgetStatements();
    this.db.close();
  }

  /**
   * The retention purge, one transaction at a time, for its caller to pace (the cache writer
   * yields to the event loop between them: a purge of thousands of interactions, or a pass
   * over a log of millions of rows, would otherwise hold the main thread for seconds). Each
   * `next()` runs one transaction and answers what it deleted. `enough` is asked after each
   * unit of work whether to commit there; every transaction does at least one unit, and ends
   * after the interaction that brings its search documents to {@link PURGE_DOCUMENTS} (their
   * index entries are deleted together, just before the commit, see {@link forgetDocuments}),
   * or after the range of the log that brings its deleted log rows to {@link PURGE_LOG_ROWS}.
   *
   * The phases, in order (each unit in brackets):
   * 1. interactions that ended before `cutoff`, oldest first, each with everything about it
   *    in one transaction: search documents and their index entries, chat lines, e-mail,
   *    attachments' rows, a Send of it kept unsettled and the row [one interaction]. The files
   *    their attachments leave unused are answered, for the caller to delete once that
   *    transaction has committed (content-addressed files may be shared);
   * 2. the contact history not fetched since `cutoff` (see {@link ContactHistoryStore}):
   *    entries neither listed nor opened since, with their search documents [one entry], and
   *    the listings. The history is the server's to keep; the cache's copy lasts the retention
   *    period from when it was last fetched, not from when the past interaction ended (which
   *    may be years back);
   * 3. the event log, in one pass by `seq` (it has no index by interaction, migration 0160):
   *    the rows of the interactions phase 1 purged, whenever they were logged, and rows older
   *    than `cutoff` that no stored interaction owns (account-level events, interactions never
   *    stored) [{@link LOG_PURGE_RANGE} rows].
   *
   * **The full-text index's merges.** Each transaction that deletes documents writes their
   * index entries as a new FTS5 segment, and FTS5 merges segments at commit, as much as it
   * finds to do: now and then a commit took 15–30 ms, twice the time slice. So from the first
   * such transaction on, the purge sets FTS5's `automerge` to 0 and merges the segments itself,
   * in transactions of their own after each one that deleted documents, a few pages at a time
   * until `enough` ({@link mergeSearchIndex}), and sets it back to
   * {@link SEARCH_INDEX_AUTOMERGE} when it ends, after a last merge. A purge stopped early
   * sets it back at once; one cut short by a crash leaves it at 0 until the next purge (at the
   * next start) ends, which merges and sets it back even when it deletes nothing. Meanwhile
   * FTS5's crisis merge (a level of 16 segments) still bounds how many segments a search reads.
   *
   * Writes in between (the session's) are fine: each transaction reads what is stored then.
   * A purge cut short (the desk quits) leaves each interaction whole or gone; the log rows of
   * those it purged that are newer than the cutoff (a late repeat) then go with the log's own
   * old rows, a retention period later.
   */
  *retentionPurge(cutoff: number, enough: () => boolean): Generator<PurgeStep, void, void> {
    // The purged interactions, for phase 3 to find their log rows: in a table of this
    // connection's, so that each of phase 3's ranges looks them up by key.
    this.db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS purged_interactions (
        account_id INTEGER NOT NULL,
        interaction_id TEXT NOT NULL,
        PRIMARY KEY (account_id, interaction_id)
      ) WITHOUT ROWID;
      DELETE FROM temp.purged_interactions;
    `);
    // A purge cut short by a crash left automerge off: this one ends what that one started.
    const automerge = this.statement(
      "SELECT v FROM search_index_config WHERE k = 'automerge'",
    ).get() as { v: unknown } | undefined;
    if (automerge?.v === 0) this.searchMergesPaused = true;
    try {
      yield* this.purgePhases(cutoff, enough);
      if (this.searchMergesPaused) {
        yield* this.mergeSearchIndex(enough);
        this.resumeSearchMerges();
      }
    } finally {
      // Stopped early (the generator returned: the desk quits, or its caller failed). A purge
      // that failed keeps its own error: the next one finishes what this one left.
      if (this.searchMergesPaused && this.isOpen())
        try {
          this.resumeSearchMerges();
        } catch {
          // Left at 0: the next purge sees it and ends it.
        }
    }
  }

  /** Inside a transaction about to delete documents' index entries (see {@link retentionPurge}). */
  private pauseSearchMerges(): void {
    if (this.searchMergesPaused) return;
    this.statement("INSERT INTO search_index (search_index, rank) VALUES ('automerge', 0)").run();
    this.searchMergesPaused = true;
  }

  private resumeSearchMerges(): void {
    this.transaction(() => {
      // The value as a literal: FTS5 takes a configuration value only as an integer, and a
      // JavaScript number is bound as a real ("SQL logic error").
      this.statement(
        `INSERT INTO search_index (search_index, rank) VALUES ('automerge', ${SEARCH_INDEX_AUTOMERGE})`,
      ).run();
    });
    this.searchMergesPaused = false;
  }

  /** The phases of {@link retentionPurge}, each deleting transaction yielded. */
  private *purgePhases(cutoff: number, enough: () => boolean): Generator<PurgeStep, void, void> {
    const accounts = (
      this.statement('SELECT id FROM accounts ORDER BY id').all() as { id: number }[]
    ).map((row) => row.id);
    for (const accountId of accounts) {
      for (;;) {
        const step = this.transaction(() => {
          const done = emptyPurgeStep();
          const files = new Set<string>();
          const documents: DocumentText[] = [];
          do {
            // By the activity index (account, ended_at): no pass over the account's rows. Named,
            // so that History's index (migration 0320), which holds the id too, does not change
            // which of the interactions that ended at one moment goes first.
            const oldest = this.statement(
              'SELECT id FROM interactions INDEXED BY interactions_by_activity WHERE account_id = ? AND ended_at < ? ORDER BY ended_at LIMIT 1',
            )
              .pluck()
              .get(accountId, cutoff) as string | undefined;
            if (oldest === undefined) break;
            // Not the content opened from the contact's UCS history under the same id (ref
            // 'ucs'): it is the history entry's, which stays while the desk lists or opened it
            // lately, and goes with it (below).
            documents.push(
              ...(this.statement(
                "SELECT rowid, body FROM search_documents WHERE account_id = ? AND interaction_id = ? AND ref != 'ucs'",
              ).all(accountId, oldest) as DocumentText[]),
            );
            for (const path of this.deleteInteraction(accountId, oldest)) files.add(path);
            this.statement(
              'INSERT OR IGNORE INTO temp.purged_interactions (account_id, interaction_id) VALUES (?, ?)',
            ).run(accountId, oldest);
            done.interactions += 1;
            done.purged ??= { accountId, ids: [] };
            done.purged.ids.push(oldest);
          } while (documents.length < PURGE_DOCUMENTS && !enough());
          // The rows this connection remembers may be among those deleted (a purge that finds
          // nothing to delete, at most starts, keeps them).
          if (done.interactions > 0) this.forgetKnown();
          if (documents.length > 0) this.pauseSearchMerges();
          this.forgetDocuments(documents);
          done.orphanedFiles = this.filesNoRowUses(files);
          return done;
        });
        if (step.interactions === 0) break;
        yield step;
        if (this.searchMergesPaused) yield* this.mergeSearchIndex(enough);
      }
    }

    // Found in one pass (the entries have no index by date), each deleted only if it is still
    // as old when its turn comes (the desk may have listed it again meanwhile).
    const entries = this.statement(
      `SELECT account_id, interaction_id FROM contact_history_entries
       WHERE listed_at < ? AND coalesce(content_fetched_at, 0) < ?`,
    ).all(cutoff, cutoff) as { account_id: number; interaction_id: string }[];
    while (entries.length > 0) {
      const step = this.transaction(() => {
        const done = emptyPurgeStep();
        const documents: DocumentText[] = [];
        do {
          const entry = entries.pop();
          if (entry === undefined) break;
          const { changes } = this.statement(
            `DELETE FROM contact_history_entries WHERE account_id = ? AND interaction_id = ?
               AND listed_at < ? AND coalesce(content_fetched_at, 0) < ?`,
          ).run(entry.account_id, entry.interaction_id, cutoff, cutoff);
          if (changes === 0) continue;
          const document = this.statement(
            "SELECT rowid, body FROM search_documents WHERE account_id = ? AND interaction_id = ? AND ref = 'ucs'",
          ).get(entry.account_id, entry.interaction_id) as DocumentText | undefined;
          if (document !== undefined) {
            this.statement('DELETE FROM search_documents WHERE rowid = ?').run(document.rowid);
            documents.push(document);
          }
          done.contactHistory += 1;
        } while (documents.length < PURGE_DOCUMENTS && !enough());
        if (documents.length > 0) this.pauseSearchMerges();
        this.forgetDocuments(documents);
        return done;
      });
      yield step;
      if (this.searchMergesPaused) yield* this.mergeSearchIndex(enough);
    }
    this.transaction(() => {
      this.statement('DELETE FROM contact_histories WHERE fetched_at < ?').run(cutoff);
    });

    // Two lookups at the ends of the rowid B-tree (min and max in one query would read it all).
    const { first, last } = this.statement(
      `SELECT (SELECT min(seq) FROM interaction_events) AS first,
              (SELECT max(seq) FROM interaction_events) AS last`,
    ).get() as { first: number | null; last: number | null };
    let from = first ?? 0;
    while (last !== null && from <= last) {
      const step = this.transaction(() => {
        const done = emptyPurgeStep();
        do {
          done.logRows += this.statement(
            `DELETE FROM interaction_events
             WHERE seq >= @from AND seq < @to
               AND (at < @cutoff
                 OR EXISTS (SELECT 1 FROM temp.purged_interactions p
                   WHERE p.account_id = interaction_events.account_id
                     AND p.interaction_id = interaction_events.interaction_id))
               AND NOT EXISTS (SELECT 1 FROM interactions i
                 WHERE i.account_id = interaction_events.account_id AND i.id = interaction_events.interaction_id)`,
          ).run({ from, to: from + LOG_PURGE_RANGE, cutoff }).changes;
          from += LOG_PURGE_RANGE;
        } while (from <= last && done.logRows < PURGE_LOG_ROWS && !enough());
        return done;
      });
      yield step;
    }
    // Done: the list is not kept until the next start.
    this.db.exec('DELETE FROM temp.purged_interactions');
  }

  /**
   * Merges the full-text index's segments, {@link SEARCH_INDEX_MERGE_PAGES} pages at a time, in
   * transactions that end when `enough` says so, until no level of the index holds enough
   * segments to merge (FTS5's `usermerge`, 4): what FTS5's automerge would have done at the
   * commits of the purge (see {@link retentionPurge}). Yields after each transaction that
   * merged something.
   */
  private *mergeSearchIndex(enough: () => boolean): Generator<PurgeStep, void, void> {
    const merge = this.statement(
      "INSERT INTO search_index (search_index, rank) VALUES ('merge', ?)",
    );
    const written = this.statement('SELECT total_changes()').pluck();
    for (;;) {
      const { merged, more } = this.transaction(() => {
        let merged = false;
        do {
          const before = written.get() as number;
          merge.run(SEARCH_INDEX_MERGE_PAGES);
          // FTS5's documented sign that nothing was left to merge: under two rows written.
          if ((written.get() as number) - before < 2) return { merged, more: false };
          merged = true;
        } while (!enough());
        return { merged, more: true };
      });
      if (merged) yield { ...emptyPurgeStep(), indexMerged: true };
      if (!more) return;
    }
  }

  /**
   * Deletes one interaction's rows in every table but its log (see {@link retentionPurge}), its
   * search documents' index entries left to the caller ({@link forgetDocuments}); answers the
   * local files its attachments used.
   */
  private deleteInteraction(accountId: number, id: string): string[] {
    const files = this.statement(
      'SELECT local_path FROM attachments WHERE account_id = ? AND interaction_id = ? AND local_path IS NOT NULL',
    )
      .pluck()
      .all(accountId, id) as string[];
    // The interaction's search documents, but the UCS history entry's of the same id (see
    // purgePhases): that entry's content stays searchable as long as the entry is kept.
    this.statement(
      "DELETE FROM search_documents WHERE account_id = ? AND interaction_id = ? AND ref != 'ucs'",
    ).run(accountId, id);
    for (const table of [
      'chat_messages',
      'emails',
      'sent_emails',
      'attachments',
      // A Send of it never settled: asked about at every connection, it would be for ever.
      'unsettled_sends',
    ]) {
      this.statement(`DELETE FROM ${table} WHERE account_id = ? AND interaction_id = ?`).run(
        accountId,
        id,
      );
    }
    this.statement('DELETE FROM interactions WHERE account_id = ? AND id = ?').run(accountId, id);
    return files;
  }

  /**
   * Deletes deleted documents' entries from the full-text index, in the order of their rowids:
   * FTS5 keeps a transaction's changes in memory only while their rowids ascend, and writes
   * them out as an index segment (and merges segments) each time one comes lower than the last.
   */
  private forgetDocuments(documents: DocumentText[]): void {
    documents.sort((a, b) => a.rowid - b.rowid);
    for (const document of documents) this.documentDeleted(document.rowid, document.body);
  }

  /** Deletes one search document and its entries in the full-text index. */
  private deleteSearchDocument(document: DocumentText): void {
    this.documentDeleted(document.rowid, document.body);
    this.statement('DELETE FROM search_documents WHERE rowid = ?').run(document.rowid);
  }
}
