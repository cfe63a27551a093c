import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { SwitchboardError } from '../../../common/errors';
import type { InteractionSummary, SearchHit } from '../../../common/model';
import { subscriptions } from '../lib/subscriptions';
import { api } from '../api';
import { coalesce } from '../lib/coalesce';

export type InboxTab = 'inbox' | 'history';

/** Rows fetched per list; the lists render through a virtual list, so this is about memory. */
const LIST_LIMIT = 500;
const SEARCH_LIMIT = 100;
/** Typing pauses this long before the search runs. */
const SEARCH_DELAY_MS = 200;

/**
 * The left column: the active interactions (the inbox), the ended ones (history) and search
 * results, all from the offline cache through main. Lists are immutable arrays in shallowRefs:
 * each refresh replaces the array, and Vue never walks thousands of rows to make them reactive.
 */
export const useInboxStore = defineStore('inbox', () => {
  const tab = ref<InboxTab>('inbox');

  const items = shallowRef<readonly InteractionSummary[]>([]);
  const loaded = ref(false);
  const error = ref<SwitchboardError | null>(null);

  const history = shallowRef<readonly InteractionSummary[]>([]);
  const historyLoaded = ref(false);
  const historyError = ref<SwitchboardError | null>(null);

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

  const inboxJob = coalesce(async () => {
    const asked = epoch;
    const result = await api.interactions.inbox({ limit: LIST_LIMIT });
    if (asked !== epoch) return;
    if (result.ok) {
      items.value = result.value;
      error.value = null;
    } else {
      error.value = result.error;
    }
    loaded.value = true;
  });

  const historyJob = coalesce(async () => {
    const asked = epoch;
    const result = await api.interactions.history({ limit: LIST_LIMIT });
    if (asked !== epoch) return;
    if (result.ok) {
      history.value = result.value;
      historyError.value = null;
    } else {
      historyError.value = result.error;
    }
    historyLoaded.value = true;
  });

  /** Refetches the inbox (and the history once shown), at most once per frame. */
  function refresh(): void {
    inboxJob.request();
    if (historyLoaded.value || tab.value === 'history') historyJob.request();
  }

  function showTab(next: InboxTab): void {
    tab.value = next;
    if (next === 'history') historyJob.request();
  }

  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  let searchSequence = 0;

  async function runSearch(text: string): Promise<void> {
    const sequence = ++searchSequence;
    searching.value = true;
    const result = await api.interactions.search(text, { limit: SEARCH_LIMIT });
    // A slower answer to an older query must not replace a newer one ({@link clear} bumps the
    // sequence too).
    if (sequence !== searchSequence) return;
    searching.value = false;
    searchedFor.value = text;
    if (result.ok) {
      hits.value = result.value;
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

  /** Accepts or rejects; answers whether it worked (false too when the agent signed out). */
  async function respond(id: string, accept: boolean): Promise<boolean> {
    const asked = epoch;
    pending.value = new Set([...pending.value, id]);
    actionError.value = null;
    try {
      const result = accept
        ? await api.interactions.accept(id, undefined)
        : await api.interactions.reject(id);
      if (asked !== epoch) return false;
      if (!result.ok) actionError.value = result.error;
      refresh();
      return result.ok;
    } finally {
      if (asked === epoch) {
        const rest = new Set(pending.value);
        rest.delete(id);
        pending.value = rest;
      }
    }
  }

  const accept = (id: string) => respond(id, true);
  const reject = (id: string) => respond(id, false);

  /** Forgets everything (sign-out): the next agent may be someone else. */
  function clear(): void {
    epoch++;
    inboxJob.cancel();
    historyJob.cancel();
    clearTimeout(searchTimer);
    searchSequence++;
    tab.value = 'inbox';
    items.value = [];
    loaded.value = false;
    error.value = null;
    history.value = [];
    historyLoaded.value = false;
    historyError.value = null;
    query.value = '';
    searchedFor.value = '';
    hits.value = [];
    searching.value = false;
    searchError.value = null;
    pending.value = new Set();
    actionError.value = null;
  }

  /** Refreshes on every interaction event main reports. */
  const events = subscriptions(() => {
    const { interactions } = api;
    return [
      interactions.onInvited(refresh),
      interactions.onUpdated(refresh),
      interactions.onRevoked(refresh),
      interactions.onEnded(refresh),
      interactions.onChatMessages(refresh),
      interactions.onEmailReceived(refresh),
    ];
  });
  const start = events.start;
  /** Stops following events and drops refreshes not yet run. */
  function stop(): void {
    events.stop();
    inboxJob.cancel();
    historyJob.cancel();
  }

  return {
    tab,
    items,
    loaded,
    error,
    history,
    historyLoaded,
    historyError,
    query,
    searchedFor,
    hits,
    searching,
    searchError,
    pending,
    actionError,
    refresh,
    showTab,
    setQuery,
    accept,
    reject,
    clear,
    start,
    stop,
  };
});
