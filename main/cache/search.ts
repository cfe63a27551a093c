import type { Database } from 'better-sqlite3';
import type { SearchHit } from '../../common/model';
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

type HitRow = Parameters<typeof summaryOf>[0] & {
  kind: SearchHit['kind'];
  snippet: string;
  rank: number;
};

/**
 * Ranked full-text search over chat lines, e-mail subjects and bodies, and the parties, with a
 * snippet around the match. Runs on whatever connection it is given: the search worker passes
 * its own read-only one so that no query blocks the main thread.
 */
export function searchCache(db: Database, query: SearchQuery): SearchHit[] {
  const match = ftsQuery(query.text);
  if (match === null) return [];
  const rows = db
    .prepare(
      `SELECT d.kind AS kind,
              snippet(search_index, 0, '[', ']', '…', 12) AS snippet,
              bm25(search_index) AS rank,
              i.*
       FROM search_index
       JOIN search_documents d ON d.rowid = search_index.rowid
       JOIN interactions i ON i.account_id = d.account_id AND i.id = d.interaction_id
       WHERE search_index MATCH @match AND (@accountId IS NULL OR d.account_id = @accountId)
       ORDER BY rank
       LIMIT @limit OFFSET @offset`,
    )
    .all({
      match,
      accountId: query.accountId ?? null,
      limit: query.limit ?? 20,
      offset: query.offset ?? 0,
    }) as HitRow[];
  return rows.map((row) => ({
    interaction: summaryOf(row),
    kind: row.kind,
    snippet: row.snippet,
    rank: row.rank,
  }));
}
