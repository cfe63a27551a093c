import {
  HistoryContentSchema,
  type ChatEvent,
  type ContactHistory,
  type HistoryEntry,
  type StoredHistoryEntry,
} from '../../common/model';
import { PreparedStatements } from './preparedStatements';
import { storedJson } from './storedJson';

interface EntryRow {
  interaction_id: string;
  contact_id: string;
  media_type: string | null;
  subject: string | null;
  state: string | null;
  started_at: number | null;
  ended_at: number | null;
  owner_name: string | null;
  content: string | null;
  content_fetched_at: number | null;
}

/** What the `content` column holds: GetInteractionContent's answer as the desk uses it. */
interface StoredContent {
  events: ChatEvent[];
  body?: string;
}

/** What the `content` column is read back as: the stored shape, nothing else. */
const StoredContentSchema = HistoryContentSchema.omit({ fetchedAt: true });

function entryOf(row: EntryRow): StoredHistoryEntry {
  const entry: StoredHistoryEntry = { id: row.interaction_id, contactId: row.contact_id };
  if (row.media_type !== null) entry.mediaType = row.media_type;
  if (row.subject !== null) entry.subject = row.subject;
  if (row.state !== null) entry.state = row.state;
  if (row.started_at !== null) entry.startedAt = row.started_at;
  if (row.ended_at !== null) entry.endedAt = row.ended_at;
  if (row.owner_name !== null) entry.ownerName = row.owner_name;
  // The column's CHECK asks only for valid JSON: a `null` there (a hand's edit, an older build)
  // made the contact's whole history throw, and `{}` reached the renderer without its events.
  // An entry without content reads as never opened, so opening it asks the server again.
  const content = row.content === null ? undefined : storedJson(row.content, StoredContentSchema);
  if (content !== undefined && row.content_fetched_at !== null) {
    entry.content = {
      events: content.events,
      ...(content.body === undefined ? {} : { body: content.body }),
      fetchedAt: row.content_fetched_at,
    };
  }
  return entry;
}

/**
 * The text desk search finds an opened history entry by: the subject, then a chat's lines
 * (author and text) or an e-mail's body.
 */
export function historySearchText(entry: HistoryEntry, content: StoredContent): string {
  const lines = content.events
    .filter((event) => event.text !== undefined && event.text !== '')
    .map((event) =>
      event.authorName === undefined ? (event.text ?? '') : `${event.authorName}: ${event.text}`,
    );
  return [entry.subject ?? '', ...lines, content.body ?? '']
    .filter((part) => part !== '')
    .join('\n');
}

/**
 * The contacts' history from UCS in the tables of migration 0100, per account. Listing a
 * contact's history again updates its entries and keeps the contents already opened (a past
 * interaction's content does not change); an entry the server no longer lists stays, as what
 * the agent once read.
 */
export class ContactHistoryStore extends PreparedStatements {
  /** Keeps what RetrieveInteractionHistory listed for `contactId`, fetched at `at`. */
  storeListing(
    accountId: number,
    contactId: string,
    entries: readonly HistoryEntry[],
    at: number,
  ): void {
    this.statement(
      `INSERT INTO contact_histories (account_id, contact_id, fetched_at) VALUES (?, ?, ?)
       ON CONFLICT (account_id, contact_id) DO UPDATE SET fetched_at = excluded.fetched_at`,
    ).run(accountId, contactId, at);
    for (const entry of entries)
      this.upsertEntry(accountId, entry, entry.contactId ?? contactId, at);
  }

  /**
   * Keeps an entry's content (GetInteractionContent's answer), with the entry as the answer
   * describes it; its contact is the one the answer names, else the one it was listed under.
   * Answers the entry as stored.
   */
  storeContent(
    accountId: number,
    entry: HistoryEntry,
    content: StoredContent,
    at: number,
  ): StoredHistoryEntry {
    const listedUnder = this.entryRow(accountId, entry.id)?.contact_id;
    this.upsertEntry(accountId, entry, entry.contactId ?? listedUnder ?? '', at);
    this.statement(
      `UPDATE contact_history_entries SET content = ?, content_fetched_at = ?
       WHERE account_id = ? AND interaction_id = ?`,
    ).run(
      JSON.stringify({
        events: content.events,
        ...(content.body === undefined ? {} : { body: content.body }),
      }),
      at,
      accountId,
      entry.id,
    );
    const row = this.entryRow(accountId, entry.id);
    if (row === undefined) throw new Error(`history entry ${entry.id} was not stored`);
    return entryOf(row);
  }

  /** The contact's history as stored, newest first (entries without a start date last). */
  contactHistory(accountId: number, contactId: string): ContactHistory {
    const fetched = this.statement(
      'SELECT fetched_at FROM contact_histories WHERE account_id = ? AND contact_id = ?',
    ).get(accountId, contactId) as { fetched_at: number } | undefined;
    const rows = this.statement(
      `SELECT * FROM contact_history_entries WHERE account_id = ? AND contact_id = ?
       ORDER BY started_at IS NULL, started_at DESC, interaction_id`,
    ).all(accountId, contactId) as EntryRow[];
    return {
      contactId,
      ...(fetched === undefined ? {} : { fetchedAt: fetched.fetched_at }),
      entries: rows.map(entryOf),
    };
  }

  /** One entry as stored, whichever contact it is kept under; undefined when none is. */
  historyEntry(accountId: number, interactionId: string): StoredHistoryEntry | undefined {
    const row = this.entryRow(accountId, interactionId);
    return row === undefined ? undefined : entryOf(row);
  }

  private entryRow(accountId: number, interactionId: string): EntryRow | undefined {
    return this.statement(
      'SELECT * FROM contact_history_entries WHERE account_id = ? AND interaction_id = ?',
    ).get(accountId, interactionId) as EntryRow | undefined;
  }

  private upsertEntry(accountId: number, entry: HistoryEntry, contactId: string, at: number): void {
    this.statement(
      `INSERT INTO contact_history_entries
         (account_id, interaction_id, contact_id, media_type, subject, state, started_at, ended_at,
          owner_name, listed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, interaction_id) DO UPDATE SET
         contact_id = excluded.contact_id,
         media_type = coalesce(excluded.media_type, media_type),
         subject = coalesce(excluded.subject, subject),
         state = coalesce(excluded.state, state),
         started_at = coalesce(excluded.started_at, started_at),
         ended_at = coalesce(excluded.ended_at, ended_at),
         owner_name = coalesce(excluded.owner_name, owner_name),
         listed_at = excluded.listed_at`,
    ).run(
      accountId,
      entry.id,
      contactId,
      entry.mediaType ?? null,
      entry.subject ?? null,
      entry.state ?? null,
      entry.startedAt ?? null,
      entry.endedAt ?? null,
      entry.ownerName ?? null,
      at,
    );
  }
}
