import type { Database } from 'better-sqlite3';
import type { SearchHit } from '../../common/model';
import { DeskStateStore } from './deskState';
import { PreparedStatements } from './preparedStatements';
import { migration0230 } from './migrations/0230-hand-offs';
import { summaryOf } from './store';
import { hasUnspacedScript, searchableText, withoutCharacterBreaks } from './searchText';
import { MATCH_END, MATCH_START } from '../../common/searchSnippet';

export interface SearchQuery {
  /** The words to look for, as a person types them. */
  readonly text: string;
  /** Limit to one account; all accounts when absent. */
  readonly accountId?: number;
  readonly limit?: number;
  readonly offset?: number;
}

/** Full-width digits and Latin letters (U+FF10–FF5A), as a Chinese or Japanese keyboard types them. */
const FULL_WIDTH = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/gu;
const HALF_WIDTH = /[0-9A-Za-z]/g;
/** How far a full-width form lies from its ASCII one. */
const WIDTH_OFFSET = 0xfee0;

/**
 * A word as typed, with its digits and Latin letters in their ASCII and full-width forms: the
 * tokenizer holds "１２３４５" and "12345" as different words (it folds case and diacritics, not
 * width), so an order number a customer typed full-width was not found by the agent's "12345",
 * nor the reverse.
 */
function widthVariants(word: string): string[] {
  const narrow = word.replace(FULL_WIDTH, (character) =>
    String.fromCharCode(character.charCodeAt(0) - WIDTH_OFFSET),
  );
  const wide = narrow.replace(HALF_WIDTH, (character) =>
    String.fromCharCode(character.charCodeAt(0) + WIDTH_OFFSET),
  );
  return [...new Set([word, narrow, wide])];
}

/**
 * Letters the tokenizer holds apart that a reader takes for one: the German "ß" and "ss" (the
 * spelling of Switzerland, of capitals, of a keyboard without ß) and the Turkish dotless "ı" and
 * "i" (a keyboard without ı). unicode61 folds neither ("ß" and "ı" are not "s" or "i" with a
 * mark): "strasse" did not find "Straße", nor "numarasi" "numarası".
 */
const FOLDED_APART = /(ss|ß|i|ı)/u;
const OTHER_SPELLING: Readonly<Record<string, string>> = { ss: 'ß', ß: 'ss', i: 'ı', ı: 'i' };
/**
 * The most places of {@link FOLDED_APART} in a word whose every spelling is looked for (2^6 = 64
 * phrases); a longer one is looked for as typed, with every place the one way, and the other.
 */
const MAX_SPELLING_PLACES = 6;

/**
 * A word's other spellings by {@link FOLDED_APART}: each "ss" or "ß" either way, each "i" or "ı"
 * either way (a Turkish word mixes them: "kısmi"). Lower case, which the tokenizer folds anyway
 * ("STRASSE" is "strasse" to it, "ẞ" "ß").
 */
function spellingVariants(word: string): string[] {
  const lower = word.toLowerCase();
  const parts = lower.split(FOLDED_APART);
  const places = (parts.length - 1) / 2;
  if (places === 0) return [];
  if (places > MAX_SPELLING_PLACES) {
    const each = (spell: (place: string) => string) =>
      parts.map((part, index) => (index % 2 === 1 ? spell(part) : part)).join('');
    return [
      each((place) => (place === 'ß' || place === 'ss' ? 'ss' : 'i')),
      each((place) => (place === 'ß' || place === 'ss' ? 'ß' : 'ı')),
    ].filter((spelling) => spelling !== lower);
  }
  let spellings = [''];
  parts.forEach((part, index) => {
    const ways = index % 2 === 1 ? [part, OTHER_SPELLING[part] ?? part] : [part];
    spellings = spellings.flatMap((start) => ways.map((way) => start + way));
  });
  // The word as typed is looked for already.
  return spellings.filter((spelling) => spelling !== lower);
}

/**
 * Turns typed words into an FTS5 query: every word must match (AND), each quoted so that FTS5
 * syntax in the input (`NEAR`, `*`, `"`, `:`) is taken literally, and split as the index splits
 * unspaced scripts (a phrase of its characters: see searchableText); a word with digits or Latin
 * letters matches them typed in either width ({@link widthVariants}), and one with "ß", "ss", "i"
 * or "ı" in either spelling ({@link spellingVariants}). Null when nothing is left.
 */
export function ftsQuery(text: string): string | null {
  const words = text
    // Control characters too: SQLite reads the query up to a NUL, which cut a closing quote off.
    .split(/[\s"\p{Cc}]+/u)
    .map((word) => word.trim())
    .filter((word) => /[\p{L}\p{N}]/u.test(word));
  if (words.length === 0) return null;
  return words
    .map((word) => {
      const variants = new Set([...widthVariants(word), ...spellingVariants(word)]);
      const phrases = [...variants].map((variant) => `"${searchableText(variant)}"`);
      return phrases.length === 1 ? phrases.join('') : `(${phrases.join(' OR ')})`;
    })
    .join(' AND ');
}

/** How many of the most recent matches bm25 ranks (see searchCache). */
export const RANKING_WINDOW = 1000;

/**
 * The longest document (in bytes) whose snippet is cut while the matches are read: a chat line,
 * a party's name. A snippet tokenizes its whole document, so those of longer ones (e-mails) are
 * cut afterwards, for the page alone.
 */
export const SNIPPET_INLINE_BYTES = 512;

/** One match in the ranking window: the document it is in, and its snippet once cut. */
interface MatchRow {
  rowid: number;
  rank: number;
  snippet: string | null;
  account_id: number;
  interaction_id: string;
  kind: SearchHit['kind'];
}

/**
 * The RANKING_WINDOW most recent matches, ranked, with the snippets of the short documents.
 * Ranking every match of common words costs ~200 ms at 1M messages (TOOLCHAIN.md), too slow to
 * type against; bm25 ranks the most recent matches instead (all of them for rarer words).
 *
 * Why the snippets are cut here: cutting them afterwards for the page's rows alone means running
 * the match again, which cost ~0.1 ms of a rare word's ~0.35 ms, and ~3-6 ms of a common word's
 * ~15 ms at 1M chat lines. Why only for short documents: a snippet tokenizes its whole document
 * (`octet_length` is that document's size in bytes); cut for every match of a common word over
 * e-mails of ~700 words, they took 60-190 ms.
 */
const MATCHES_SQL = `
  SELECT search_index.rowid AS rowid,
         bm25(search_index) AS rank,
         CASE WHEN octet_length(d.body) <= @inlineBytes
           THEN snippet(search_index, 0, '${MATCH_START}', '${MATCH_END}', '…', 12) END AS snippet,
         d.account_id AS account_id,
         d.interaction_id AS interaction_id,
         -- The names of an e-mail's files are a document of the e-mail's, told apart for the page.
         CASE WHEN d.kind = 'email' AND d.ref = 'files' THEN 'files' ELSE d.kind END AS kind
  FROM search_index
  JOIN search_documents d ON d.rowid = search_index.rowid
  WHERE search_index MATCH @match AND (@accountId IS NULL OR d.account_id = @accountId)
  ORDER BY search_index.rowid DESC
  LIMIT @window`;

/**
 * The snippets of the matches `rowids` (a JSON array) whose documents are long: FTS5 runs the
 * match once per rowid, seeking straight to it.
 */
const SNIPPETS_SQL = `
  SELECT rowid, snippet(search_index, 0, '${MATCH_START}', '${MATCH_END}', '…', 12) AS snippet
  FROM search_index
  WHERE search_index MATCH @match AND rowid IN (SELECT value FROM json_each(@rowids))`;

/** The whole text of the matches `rowids` (a JSON array), their matches marked. */
const HIGHLIGHTS_SQL = `
  SELECT rowid, highlight(search_index, 0, '${MATCH_START}', '${MATCH_END}') AS text
  FROM search_index
  WHERE search_index MATCH @match AND rowid IN (SELECT value FROM json_each(@rowids))`;

/**
 * Whether a snippet may end inside a match: its window ends right after a match's mark. FTS5
 * prefers a window that starts a sentence (or the document) and holds a phrase's first token,
 * even when the phrase runs past the window's end; a word of an unspaced script is a phrase of
 * its characters, so "退货政策" searched in "…了解一下你们的退货政策是什么" showed "…的[退货政]…".
 */
function mayEndInsideMatch(snippet: string): boolean {
  if (!snippet.endsWith(`${MATCH_END}…`)) return false;
  // Only such a phrase can run past the window: a word of spaced scripts is one token, whole in
  // it (and the highlight of a long e-mail, cut apart to spare its cost, is not read for it).
  const lastMatch = snippet.slice(snippet.lastIndexOf(MATCH_START), -`${MATCH_END}…`.length);
  return hasUnspacedScript(lastMatch);
}

/**
 * The snippet with its last match whole: the rest of the match the window cut, from the
 * document's highlighted text (of which the snippet is a part), and "…" if more follows.
 */
function withLastMatchWhole(snippet: string, highlighted: string): string {
  const start = snippet.startsWith('…') ? 1 : 0;
  // The snippet's text up to its last mark, open: the match as far as the window went.
  const shown = snippet.slice(start, -`${MATCH_END}…`.length);
  const at = highlighted.indexOf(shown);
  if (at === -1) return snippet;
  const end = highlighted.indexOf(MATCH_END, at + shown.length);
  if (end === -1) return snippet;
  const whole = highlighted.slice(at, end + MATCH_END.length);
  return `${snippet.slice(0, start)}${whole}${end + MATCH_END.length < highlighted.length ? '…' : ''}`;
}

/**
 * A hit's interaction as History shows it. A contact's past interaction opened from UCS history
 * is found too: the desk never held it, so its row is made of the history entry (migration
 * 0100). No row when neither is stored any more.
 */
function hitRowSql(handOffs: boolean): string {
  return `
  SELECT coalesce(i.id, h.interaction_id) AS id,
         coalesce(i.channel, lower(h.media_type), @kind) AS channel,
         coalesce(i.state, h.state, 'Stopped') AS state,
         coalesce(i.subject, h.subject) AS subject,
         i.type AS type,
         i.sub_type AS sub_type,
         i.from_address AS from_address,
         coalesce(i.to_addresses, '[]') AS to_addresses,
         i.queue AS queue,
         coalesce(i.first_seen_at, h.started_at, h.listed_at) AS first_seen_at,
         i.accepted_at AS accepted_at,
         coalesce(i.ended_at, h.ended_at, h.listed_at) AS ended_at,
         coalesce(i.updated_at, h.content_fetched_at, h.listed_at) AS updated_at,
         -- For the disposition the row names, under its account's key (a UCS entry has none).
         coalesce(i.user_data, '{}') AS user_data${
           // What the agent handed it on to (migration 0230), as History's row says it; none on
           // a cache before it (the migration tests search those).
           handOffs
             ? `,
         i.handoff_kind AS handoff_kind, i.handoff_name AS handoff_name,
         i.handoff_at AS handoff_at, i.handoff_back_at AS handoff_back_at`
             : ''
         }
  FROM (SELECT @accountId AS account_id, @interactionId AS interaction_id) hit
  LEFT JOIN interactions i ON i.account_id = hit.account_id AND i.id = hit.interaction_id
  LEFT JOIN contact_history_entries h
    ON h.account_id = hit.account_id AND h.interaction_id = hit.interaction_id
  WHERE i.id IS NOT NULL OR h.interaction_id IS NOT NULL`;
}
const HIT_ROW_SQL = hitRowSql(true);
const HIT_ROW_SQL_BEFORE_0230 = hitRowSql(false);

/**
 * The page `query` asks for of the matches, one per interaction (its best-ranked document),
 * best first; among equal ranks, the most recent first. Done here rather than in SQL: grouping
 * and sorting a rare word's one or two matches in temporary B-trees took longer (~0.13 ms) than
 * the match itself.
 */
function pageOf(matches: readonly MatchRow[], query: SearchQuery): MatchRow[] {
  const best = new Map<string, MatchRow>();
  for (const match of matches) {
    const key = `${String(match.account_id)} ${match.interaction_id}`;
    const known = best.get(key);
    // Newest first: on a tie the one kept is the more recent.
    if (known === undefined || match.rank < known.rank) best.set(key, match);
  }
  const offset = query.offset ?? 0;
  return [...best.values()]
    .sort((a, b) => a.rank - b.rank || b.rowid - a.rowid)
    .slice(offset, offset + (query.limit ?? 20));
}

/**
 * The search on one connection, its statements prepared on first use, as the cache's stores
 * do: compiling them took ~0.3 ms a query, more than a rare word's whole match (~0.2 ms).
 */
class ConnectionSearch extends PreparedStatements {
  /** The disposition key's reader, on the same connection. */
  private readonly state = new DeskStateStore(this.db);

  /**
   * The page of hits `query` asks for, `match` being its words as an FTS5 query. Its statements
   * run outside a transaction (one cost ~5% of a rare word's search), so the desk may commit
   * between them: a hit whose document or interaction went meanwhile is left out.
   */
  hits(match: string, query: SearchQuery): SearchHit[] {
    const matches = this.statement(MATCHES_SQL).all({
      match,
      accountId: query.accountId ?? null,
      window: RANKING_WINDOW,
      inlineBytes: SNIPPET_INLINE_BYTES,
    }) as MatchRow[];
    const page = pageOf(matches, query);
    this.cutSnippets(match, page);
    this.wholeLastMatches(match, page);
    // The rows name their disposition as History's do, under their account's key (the worker's
    // connection reads it).
    const keys = new Map<number, string>();
    const hits: SearchHit[] = [];
    for (const match of page) {
      if (match.snippet === null) continue;
      const row = this.statement(
        this.atLeast(migration0230.version) ? HIT_ROW_SQL : HIT_ROW_SQL_BEFORE_0230,
      ).get({
        accountId: match.account_id,
        interactionId: match.interaction_id,
        kind: match.kind,
      }) as Parameters<typeof summaryOf>[0] | undefined;
      if (row === undefined) continue;
      const key = keys.get(match.account_id) ?? this.state.dispositionKey(match.account_id);
      keys.set(match.account_id, key);
      hits.push({
        interaction: summaryOf(row, key),
        kind: match.kind,
        snippet: withoutCharacterBreaks(match.snippet),
        rank: match.rank,
      });
    }
    return hits;
  }

  /** Cuts the snippets `page` lacks (its long documents'). */
  private cutSnippets(match: string, page: readonly MatchRow[]): void {
    const uncut = page.filter((row) => row.snippet === null).map((row) => row.rowid);
    if (uncut.length === 0) return;
    const rows = this.statement(SNIPPETS_SQL).all({
      match,
      rowids: JSON.stringify(uncut),
    }) as { rowid: number; snippet: string }[];
    const snippets = new Map(rows.map((row) => [row.rowid, row.snippet]));
    for (const row of page) row.snippet ??= snippets.get(row.rowid) ?? null;
  }

  /** Makes whole the last match of the snippets of `page` that may end inside it. */
  private wholeLastMatches(match: string, page: readonly MatchRow[]): void {
    const cut = page.filter((row) => row.snippet !== null && mayEndInsideMatch(row.snippet));
    if (cut.length === 0) return;
    const rows = this.statement(HIGHLIGHTS_SQL).all({
      match,
      rowids: JSON.stringify(cut.map((row) => row.rowid)),
    }) as { rowid: number; text: string }[];
    const texts = new Map(rows.map((row) => [row.rowid, row.text]));
    for (const row of cut) {
      const text = texts.get(row.rowid);
      if (text !== undefined && row.snippet !== null)
        row.snippet = withLastMatchWhole(row.snippet, text);
    }
  }
}

/** Each connection's search, made on its first query (the search worker keeps one connection). */
const searches = new WeakMap<Database, ConnectionSearch>();

/**
 * Ranked full-text search over chat lines, e-mail subjects and bodies, the names of files, the
 * parties, and the contents opened from contacts' UCS history, with a snippet around the match.
 * Runs on whatever connection it is given: the search worker passes its own read-only one so
 * that no query blocks the main thread.
 */
export function searchCache(db: Database, query: SearchQuery): SearchHit[] {
  const match = ftsQuery(query.text);
  if (match === null) return [];
  let search = searches.get(db);
  if (search === undefined) {
    search = new ConnectionSearch(db);
    searches.set(db, search);
  }
  return search.hits(match, query);
}
