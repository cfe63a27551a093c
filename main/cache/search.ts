import type { Database } from 'better-sqlite3';
import type { SearchHit } from '../../common/model';
import { DeskStateStore } from './deskState';
import { PreparedStatements } from './preparedStatements';
import { summaryOf } from './store';

export interface SearchQuery {
  /** The words to look for, as a person types them. */
  readonly text: string;
  /** Limit to one account; all accounts when absent. */
  readonly accountId?: number;
  readonly limit?: number;
  readonly offset?: number;
}

/**
 * Turns typed words into an FTS5 query: every word must match (AND), each quoted so that FTS5
 * syntax in the input (`NEAR`, `*`, `"`, `:`) is taken literally. Null when nothing is left.
 */
export function ftsQuery(text: string): string | null {
  const words = text
    .split(/[\s"]+/u)
    .map((word) => word.trim())
    .filter((word) => /[\p{L}\p{N}]/u.test(word));
  if (words.length === 0) return null;
  return words.map((word) => `"${word}"`).join(' ');
}

/** How many of the most recent matches bm25 ranks (see searchCache). */
export const RANKING_WINDOW = 1000;

type HitRow = Parameters<typeof summaryOf>[0] & {
  account_id: number;
  kind: SearchHit['kind'];
  snippet: string;
  rank: number;
};

/**
 * Ranking every match of common words costs ~200 ms at 1M messages (TOOLCHAIN.md), too slow to
 * type against; bm25 ranks the most recent RANKING_WINDOW matches instead (all of them for rarer
 * words), each interaction appears once, and snippets are cut only for the page returned.
 */
const SEARCH_SQL = `
  WITH recent AS (
    SELECT search_index.rowid AS rowid, bm25(search_index) AS rank
    FROM search_index
    JOIN search_documents w ON w.rowid = search_index.rowid
    WHERE search_index MATCH @match AND (@accountId IS NULL OR w.account_id = @accountId)
    ORDER BY search_index.rowid DESC
    LIMIT @window
  ),
  -- One hit per interaction: its best-ranked document (SQLite takes the bare rowid
  -- from the row that has the min()).
  best AS (
    SELECT d.rowid AS rowid, min(recent.rank) AS rank
    FROM recent JOIN search_documents d ON d.rowid = recent.rowid
    GROUP BY d.account_id, d.interaction_id
  ),
  page AS (SELECT rowid, rank FROM best ORDER BY rank LIMIT @limit OFFSET @offset)
  SELECT d.kind AS kind,
         (SELECT snippet(search_index, 0, '[', ']', '…', 12) FROM search_index
          WHERE search_index MATCH @match AND search_index.rowid = page.rowid) AS snippet,
         page.rank AS rank,
         -- A contact's past interaction opened from UCS history is found too: the desk
         -- never held it, so its row is made of the history entry (migration 0100).
         coalesce(i.id, h.interaction_id) AS id,
         coalesce(i.channel, lower(h.media_type), d.kind) AS channel,
         coalesce(i.state, h.state, 'Stopped') AS state,
         coalesce(i.subject, h.subject) AS subject,
         i.from_address AS from_address,
         i.queue AS queue,
         coalesce(i.first_seen_at, h.started_at, h.listed_at) AS first_seen_at,
         i.accepted_at AS accepted_at,
         coalesce(i.ended_at, h.ended_at, h.listed_at) AS ended_at,
         coalesce(i.updated_at, h.content_fetched_at, h.listed_at) AS updated_at,
         -- For the disposition the row names, under its account's key (a UCS entry has none).
         coalesce(i.user_data, '{}') AS user_data,
         d.account_id AS account_id
  FROM page
  JOIN search_documents d ON d.rowid = page.rowid
  LEFT JOIN interactions i ON i.account_id = d.account_id AND i.id = d.interaction_id
  LEFT JOIN contact_history_entries h
    ON h.account_id = d.account_id AND h.interaction_id = d.interaction_id
  WHERE i.id IS NOT NULL OR h.interaction_id IS NOT NULL
  ORDER BY page.rank`;

/**
 * The search on one connection, its statements prepared on first use, as the cache's stores
 * do: compiling them took ~0.3 ms a query, more than a rare word's whole match (~0.2 ms).
 */
class ConnectionSearch extends PreparedStatements {
  /** The disposition key's reader, on the same connection. */
  readonly state = new DeskStateStore(this.db);

  /** The page of hits `query` asks for, as {@link SEARCH_SQL} answers them. */
  hitRows(match: string, query: SearchQuery): HitRow[] {
    return this.statement(SEARCH_SQL).all({
      match,
      accountId: query.accountId ?? null,
      window: RANKING_WINDOW,
      limit: query.limit ?? 20,
      offset: query.offset ?? 0,
    }) as HitRow[];
  }
}

/** Each connection's search, made on its first query (the search worker keeps one connection). */
const searches = new WeakMap<Database, ConnectionSearch>();

/**
 * Ranked full-text search over chat lines, e-mail subjects and bodies, the parties, and the
 * contents opened from contacts' UCS history, with a
 * snippet around the match. Runs on whatever connection it is given: the search worker passes
 * its own read-only one so that no query blocks the main thread.
 */
export function searchCache(db: Database, query: SearchQuery): SearchHit[] {
  const match = ftsQuery(query.text);
  if (match === null) return [];
  let search = searches.get(db);
  if (search === undefined) {
    search = new ConnectionSearch(db);
    searches.set(db, search);
  }
  const rows = search.hitRows(match, query);
  // The rows name their disposition as History's do, under their account's key (the worker's
  // connection reads it).
  const { state } = search;
  const keys = new Map<number, string>();
  const dispositionKey = (accountId: number) => {
    const key = keys.get(accountId) ?? state.dispositionKey(accountId);
    keys.set(accountId, key);
    return key;
  };
  return rows.map((row) => ({
    interaction: summaryOf(row, dispositionKey(row.account_id)),
    kind: row.kind,
    snippet: row.snippet,
    rank: row.rank,
  }));
}
