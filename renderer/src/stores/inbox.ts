import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Result, SwitchboardError } from '../../../common/errors';
import type {
  ChangeSet,
  InteractionCounts,
  InteractionSummary,
  SearchHit,
} from '../../../common/model';
import { waitingForAgentSince } from '../../../common/chatReply';
import { subscriptions } from '../lib/subscriptions';
import { api } from '../api';
import { arrivals } from '../lib/arrivals';
import { coalesce } from '../lib/coalesce';
import { foldHits, foldLastLines, historyTime, upsertRows, type RowList } from './fold';

export type InboxTab = 'inbox' | 'history';

/**
 * Rows fetched per page of a list. Not a cap: scrolling to the last row loaded fetches the next
 * page (the lists render through a virtual list), and the true sizes come from a count query.
 */
export const LIST_LIMIT = 500;
const SEARCH_LIMIT = 100;
/** Typing pauses this long before the search runs. */
const SEARCH_DELAY_MS = 200;

/**
 * Rows of ended interactions the history keeps beyond the pages fetched: it follows the change
 * sets, and over a shift every interaction that ends comes on top. Past the pages fetched and
 * this many more, the oldest rows go (the list then says there is more; scrolling fetches them
 * again, and a row opens from the cache whatever the list holds). Without it, the history held
 * every interaction of the shift.
 */
export const HISTORY_PUSHED_KEPT = LIST_LIMIT;

/** Folds the change sets that arrived while a list's fetch was under way onto its answer. */
function replay(
  rows: readonly InteractionSummary[],
  missed: readonly ChangeSet[],
  list: RowList,
): readonly InteractionSummary[] {
  return missed.reduce(
    (folded, changes) =>
      withoutPurged(
        foldLastLines(upsertRows(folded, changes.interactions, list), changes.transcripts),
        changes.purged,
      ),
    rows,
  );
}

/** The rows (or hits) but those of the interactions the retention purge deleted. */
function withoutPurged<Row extends { readonly id: string } | SearchHit>(
  rows: readonly Row[],
  purged: readonly string[] | undefined,
): readonly Row[] {
  if (purged === undefined || purged.length === 0 || rows.length === 0) return rows;
  const gone = new Set(purged);
  const idOf = (row: Row) => ('interaction' in row ? row.interaction.id : row.id);
  return rows.some((row) => gone.has(idOf(row)))
    ? rows.filter((row) => !gone.has(idOf(row)))
    : rows;
}

/**
 * The left column: the active interactions (the inbox), the ended ones (history) and search
 * results, all from the offline cache through main. Each list is fetched once (the history
 * when first shown) and then follows main's change sets: a row is upserted, or moves from the
 * inbox to the history when its interaction ends; nothing is refetched on a push. Lists are
 * immutable arrays in shallowRefs: each change replaces the array, and Vue never walks
 * thousands of rows to make them reactive.
 */
export const useInboxStore = defineStore('inbox', () => {
  const tab = ref<InboxTab>('inbox');

  const items = shallowRef<readonly InteractionSummary[]>([]);
  const loaded = ref(false);
  const error = ref<SwitchboardError | null>(null);
  /** The last page of the inbox was full: the cache may hold more active interactions. */
  const itemsMore = ref(false);
  const itemsPaging = ref(false);
  const itemsPageError = ref<SwitchboardError | null>(null);
  /**
   * The chats whose customers wait for this agent's answer (common/chatReply.ts
   * `waitingForAgentSince`), the one waiting longest first.
   */
  const waitingChats = computed(() =>
    items.value
      .flatMap((row) => {
        const since = waitingForAgentSince(row);
        return since === undefined ? [] : [{ row, since }];
      })
      .sort((a, b) => a.since - b.since || a.row.id.localeCompare(b.row.id))
      .map(({ row }) => row),
  );
  /** The true sizes of the lists, counted in the cache (null until the first answer). */
  const counts = shallowRef<InteractionCounts | null>(null);

  const history = shallowRef<readonly InteractionSummary[]>([]);
  const historyLoaded = ref(false);
  const historyError = ref<SwitchboardError | null>(null);
  /** The last page of the history was full: the cache may hold older ended interactions. */
  const historyMore = ref(false);
  const historyPaging = ref(false);
  const historyPageError = ref<SwitchboardError | null>(null);
  /** Pages of the history fetched: the rows it keeps (see {@link HISTORY_PUSHED_KEPT}). */
  let historyPages = 0;

  /** What the search box holds. */
  const query = ref('');
  /** The query {@link hits} answer ('' when there is no search). */
  const searchedFor = ref('');
  const hits = shallowRef<readonly SearchHit[]>([]);
  const searching = ref(false);
  const searchError = ref<SwitchboardError | null>(null);

  /** Interactions with an Accept or Reject on its way. */
  const pending = shallowRef<ReadonlySet<string>>(new Set());
  const actionError = ref<SwitchboardError | null>(null);

  /**
   * Bumped by {@link clear}: an answer that comes back under another epoch was asked for by the
   * agent who signed out, and must not land on the next agent's desk.
   */
  let epoch = 0;

  /** Change sets pushed while a list's fetch is under way, folded onto its answer. */
  const pushed = arrivals<ChangeSet>();

  /**
   * Fetches a page of a list: its rows with the change sets pushed meanwhile folded on, and
   * whether the page came back full (more may follow); `null` when the agent signed out before
   * it came (it must not land).
   */
  async function fetchRows(
    list: RowList,
    fetch: () => Promise<Result<InteractionSummary[]>>,
  ): Promise<Result<{ rows: readonly InteractionSummary[]; full: boolean }> | null> {
    const asked = epoch;
    const stopRecording = pushed.record();
    try {
      const result = await fetch();
      const missed = stopRecording();
      if (asked !== epoch) return null;
      if (!result.ok) return result;
      const rows = replay(result.value, missed, list);
      return { ok: true, value: { rows, full: result.value.length === LIST_LIMIT } };
    } finally {
      stopRecording();
    }
  }

  const inboxJob = coalesce(async () => {
    const result = await fetchRows('inbox', () => api.interactions.inbox({ limit: LIST_LIMIT }));
    if (result === null) return;
    if (result.ok) {
      items.value = result.value.rows;
      itemsMore.value = result.value.full;
    }
    error.value = result.ok ? null : result.error;
    loaded.value = true;
  });

  const historyJob = coalesce(async () => {
    const result = await fetchRows('history', () =>
      api.interactions.history({ limit: LIST_LIMIT }),
    );
    if (result === null) return;
    if (result.ok) {
      history.value = result.value.rows;
      historyMore.value = result.value.full;
      historyPages = 1;
    }
    historyError.value = result.ok ? null : result.error;
    historyLoaded.value = true;
  });

  /** Bumped by each commit's counts: a fetched count asked for before one is older than it. */
  let countsPushed = 0;
  const countsJob = coalesce(async () => {
    const asked = epoch;
    const pushedBefore = countsPushed;
    const result = await api.interactions.counts();
    // A failed count keeps the last one: the lists themselves say when the cache fails.
    if (asked === epoch && pushedBefore === countsPushed && result.ok) counts.value = result.value;
  });

  /**
   * Fetches the inbox (the desk calls it once, when it shows), the history if it was shown and
   * the counts, at most once per frame. From then on the lists follow main's change sets.
   */
  function load(): void {
    inboxJob.request();
    countsJob.request();
    if (historyLoaded.value || tab.value === 'history') historyJob.request();
  }

  /**
   * Fetches the next page of the history, older than what shows: the rows after the last one
   * shown, in the cache's order. Not by the count of rows shown (an offset): a row shown that
   * left the history (a chat back to the agent) while the page was on its way, before main read
   * it, made the page start one row late, and that row was missing. A row met twice is upserted
   * once.
   */
  async function moreHistory(): Promise<void> {
    if (!historyLoaded.value || !historyMore.value || historyPaging.value) return;
    const asked = epoch;
    historyPaging.value = true;
    historyPageError.value = null;
    try {
      const last = history.value.at(-1);
      const after = last === undefined ? undefined : { endedAt: historyTime(last), id: last.id };
      const result = await fetchRows('history', () =>
        api.interactions.history({ limit: LIST_LIMIT, ...(after === undefined ? {} : { after }) }),
      );
      if (result === null) return;
      if (result.ok) {
        history.value = upsertRows(history.value, result.value.rows, 'history');
        historyMore.value = result.value.full;
        historyPages++;
      } else {
        historyPageError.value = result.error;
      }
    } finally {
      if (asked === epoch) historyPaging.value = false;
    }
  }

  /**
   * Fetches the next page of the inbox, as {@link moreHistory} does for the history (the rows
   * shown are the offset; a row met twice is upserted once).
   */
  async function moreInbox(): Promise<void> {
    if (!loaded.value || !itemsMore.value || itemsPaging.value) return;
    const asked = epoch;
    itemsPaging.value = true;
    itemsPageError.value = null;
    try {
      const offset = items.value.length;
      const result = await fetchRows('inbox', () =>
        api.interactions.inbox({ limit: LIST_LIMIT, offset }),
      );
      if (result === null) return;
      if (result.ok) {
        items.value = upsertRows(items.value, result.value.rows, 'inbox');
        itemsMore.value = result.value.full;
      } else {
        itemsPageError.value = result.error;
      }
    } finally {
      if (asked === epoch) itemsPaging.value = false;
    }
  }

  /** Shows a list; the history is fetched the first time it shows (or after a failure). */
  function showTab(next: InboxTab): void {
    tab.value = next;
    if (next === 'history' && (!historyLoaded.value || historyError.value !== null)) {
      historyJob.request();
    }
  }

  /**
   * Folds one commit's change set: rows upserted into the lists already loaded (a list being
   * fetched gets it folded onto the answer), and search hits shown as their rows now are.
   */
  function applyChanges(changes: ChangeSet): void {
    pushed.add(changes);
    // The commit counted the lists itself: no fetch.
    if (changes.counts !== undefined) {
      countsPushed++;
      counts.value = changes.counts;
    }
    if (loaded.value) items.value = foldLastLines(items.value, changes.transcripts);
    if (changes.purged !== undefined) {
      // Gone from the cache: no list, no search result shows them any more.
      items.value = withoutPurged(items.value, changes.purged);
      history.value = withoutPurged(history.value, changes.purged);
      hits.value = withoutPurged(hits.value, changes.purged);
    }
    if (changes.interactions.length === 0) return;
    // A list whose fetch failed was never seen whole: fetch it again rather than show a part.
    if (error.value !== null) inboxJob.request();
    if (historyError.value !== null) historyJob.request();
    if (loaded.value) items.value = upsertRows(items.value, changes.interactions, 'inbox');
    if (historyLoaded.value) {
      history.value = keptHistory(upsertRows(history.value, changes.interactions, 'history'));
    }
    hits.value = foldHits(hits.value, changes);
  }

  /** The history's rows as kept: the newest, up to the pages fetched and one more pushed. */
  function keptHistory(rows: readonly InteractionSummary[]): readonly InteractionSummary[] {
    const kept = historyPages * LIST_LIMIT + HISTORY_PUSHED_KEPT;
    // Not while a page is on its way: it was asked after the last row shown then, and a
    // row cut meanwhile would fall between the list and the page. The next change set cuts.
    if (rows.length <= kept || historyPaging.value) return rows;
    // The cache holds the rows that went: the next page fetches them (after the last kept).
    historyMore.value = true;
    return rows.slice(0, kept);
  }

  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  let searchSequence = 0;

  async function runSearch(text: string): Promise<void> {
    const sequence = ++searchSequence;
    searching.value = true;
    // The search worker reads the rows on its own connection: a commit after its read reaches
    // the page before the answer does, and is folded onto it (as onto a list's page).
    const stopRecording = pushed.record();
    let missed: readonly ChangeSet[];
    let result: Result<SearchHit[]>;
    try {
      result = await api.interactions.search(text, { limit: SEARCH_LIMIT });
    } finally {
      missed = stopRecording();
    }
    // A slower answer to an older query must not replace a newer one ({@link clear} bumps the
    // sequence too).
    if (sequence !== searchSequence) return;
    searching.value = false;
    searchedFor.value = text;
    if (result.ok) {
      hits.value = missed.reduce<readonly SearchHit[]>(
        (folded, changes) => withoutPurged(foldHits(folded, changes), changes.purged),
        result.value,
      );
      searchError.value = null;
    } else {
      hits.value = [];
      searchError.value = result.error;
    }
  }

  /** Updates the search box; the search runs once typing pauses. */
  function setQuery(text: string): void {
    query.value = text;
    clearTimeout(searchTimer);
    const trimmed = text.trim();
    if (trimmed === '') {
      searchSequence++;
      searching.value = false;
      searchedFor.value = '';
      hits.value = [];
      searchError.value = null;
      return;
    }
    searchTimer = setTimeout(() => {
      void runSearch(trimmed);
    }, SEARCH_DELAY_MS);
  }

  /**
   * Marks an answer (Accept or Reject) to invitation `id` as on its way, from its row, a
   * shortcut or the open interaction's toolbar alike: answers how to unmark it once answered, or
   * null when an answer is on its way already (a second one, or the other one, is not sent).
   */
  function holdAnswer(id: string): (() => void) | null {
    if (pending.value.has(id)) return null;
    const asked = epoch;
    pending.value = new Set([...pending.value, id]);
    return () => {
      if (asked !== epoch) return;
      const rest = new Set(pending.value);
      rest.delete(id);
      pending.value = rest;
    };
  }

  /** Accepts or rejects; answers whether it worked (false too when the agent signed out). */
  async function respond(id: string, accept: boolean): Promise<boolean> {
    // Answered already: its buttons, only aria-disabled meanwhile, still take clicks.
    const release = holdAnswer(id);
    if (release === null) return false;
    const asked = epoch;
    actionError.value = null;
    try {
      const result = accept
        ? await api.interactions.accept(id, undefined)
        : await api.interactions.reject(id);
      if (asked !== epoch) return false;
      // The row changes when main commits what the server says (a change set), not here.
      if (!result.ok) actionError.value = result.error;
      return result.ok;
    } finally {
      release();
    }
  }

  const accept = (id: string) => respond(id, true);
  const reject = (id: string) => respond(id, false);

  /** Forgets everything (sign-out): the next agent may be someone else. */
  function clear(): void {
    epoch++;
    inboxJob.cancel();
    historyJob.cancel();
    countsJob.cancel();
    clearTimeout(searchTimer);
    searchSequence++;
    tab.value = 'inbox';
    items.value = [];
    loaded.value = false;
    error.value = null;
    itemsMore.value = false;
    itemsPaging.value = false;
    itemsPageError.value = null;
    counts.value = null;
    history.value = [];
    historyLoaded.value = false;
    historyError.value = null;
    historyMore.value = false;
    historyPaging.value = false;
    historyPageError.value = null;
    historyPages = 0;
    query.value = '';
    searchedFor.value = '';
    hits.value = [];
    searching.value = false;
    searchError.value = null;
    pending.value = new Set();
    actionError.value = null;
  }

  /** Follows main's change sets. */
  const events = subscriptions(() => [api.desk.onChanged(applyChanges)]);
  const start = events.start;
  /** Stops following change sets and drops fetches not yet run. */
  function stop(): void {
    events.stop();
    inboxJob.cancel();
    historyJob.cancel();
    countsJob.cancel();
  }

  return {
    tab,
    items,
    waitingChats,
    loaded,
    error,
    itemsMore,
    itemsPaging,
    itemsPageError,
    counts,
    history,
    historyLoaded,
    historyError,
    historyMore,
    historyPaging,
    historyPageError,
    query,
    searchedFor,
    hits,
    searching,
    searchError,
    pending,
    actionError,
    load,
    showTab,
    moreHistory,
    moreInbox,
    setQuery,
    holdAnswer,
    accept,
    reject,
    clear,
    start,
    stop,
  };
});
