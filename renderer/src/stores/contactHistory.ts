import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ErrorKind, SwitchboardError } from '../../../common/errors';
import type { ChangeSet, ContactHistory, StoredHistoryEntry } from '../../../common/model';
import { api } from '../api';
import { t } from '../i18n';
import { errorSentence } from '../lib/errors';
import { subscriptions } from '../lib/subscriptions';
import { useSessionStore } from './session';

/** Failures that mean "the server cannot be asked now": the cached copy is what there is. */
const UNREACHABLE: ReadonlySet<ErrorKind> = new Set(['network', 'timeout', 'unauthorized']);

/** Whether a failed fetch means the server was out of reach (not that it refused). */
export function unreachable(error: SwitchboardError): boolean {
  return UNREACHABLE.has(error.kind);
}

/** What an entry never opened online says while the server cannot be reached. */
export function notOpenedOffline(): string {
  return t('interaction.history.notOpenedOffline');
}

/**
 * The sentence for a failed open: out of reach, that the cache has no copy (rather than a
 * socket's words); a server's refusal as every alert words one, in the desk's language (never
 * main's or the server's technical message alone).
 */
export function openFailureSentence(error: SwitchboardError): string {
  return unreachable(error)
    ? notOpenedOffline()
    : errorSentence(error, t('interaction.history.couldNotOpen'));
}

/**
 * The entry with the content a change set carries for it (a content answer stored by the
 * cache), or the entry itself when the change set has nothing for it.
 */
export function withContentFrom(
  entry: StoredHistoryEntry,
  history: ChangeSet['history'],
): StoredHistoryEntry {
  let folded = entry;
  for (const answer of history) {
    if (answer.kind !== 'content' || answer.entry.id !== entry.id) continue;
    if (answer.fetchedAt === undefined) continue;
    folded = {
      ...folded,
      content: {
        events: answer.events,
        ...(answer.body === undefined ? {} : { body: answer.body }),
        fetchedAt: answer.fetchedAt,
      },
    };
  }
  return folded;
}

/**
 * The open interaction's contact history (UCS): the cached copy at once, then the server's
 * answer when online; entries opened on demand (their content fetched once, then cached).
 * Offline, or when the server cannot be reached, the cached copy stays with when it was fetched.
 * Whether the desk is online is the session's connection state, read where a decision needs it;
 * the panel calls {@link refresh} when the link comes back.
 */
export const useContactHistoryStore = defineStore('contactHistory', () => {
  const contactId = ref<string | null>(null);
  const history = shallowRef<ContactHistory | null>(null);
  const fetching = ref(false);
  /** Why the last fetch failed: a server's refusal in one sentence, or out of reach. */
  const fetchError = shallowRef<SwitchboardError | null>(null);
  /** The entries shown open, and the one whose content is on its way. */
  const expanded = ref<ReadonlySet<string>>(new Set());
  const opening = ref<string | null>(null);
  /** The entry whose content could not be fetched, and why in one sentence. */
  const openError = shallowRef<{ id: string; sentence: string } | null>(null);
  const session = useSessionStore();
  /** Whether the server can be asked: the desk's link to it is up. */
  const online = computed(() => session.connection.state === 'connected');
  /** Bumped by each {@link show}: an answer for an earlier contact is dropped. */
  let generation = 0;
  /** Bumped by each ask of the server: only the latest one's answer is shown. */
  let asks = 0;
  /** The {@link generation} whose history shown is the server's answer. */
  let servedLook = -1;

  function replaceEntry(entry: StoredHistoryEntry): void {
    const current = history.value;
    if (current === null) return;
    const found = current.entries.some((candidate) => candidate.id === entry.id);
    history.value = {
      ...current,
      entries: found
        ? current.entries.map((candidate) => (candidate.id === entry.id ? entry : candidate))
        : [...current.entries, entry],
    };
  }

  /** Shows the contact's history: the cached copy, then (when online) the server's. */
  async function show(id: string): Promise<void> {
    const look = ++generation;
    contactId.value = id;
    history.value = null;
    // An earlier look's ask still out is dropped when it answers (its `look` is stale), so
    // nothing is being asked for this one unless asked below.
    fetching.value = false;
    fetchError.value = null;
    openError.value = null;
    // An earlier look's content on its way is dropped when it comes (its `look` is stale), so
    // nothing is on its way for this one.
    opening.value = null;
    expanded.value = new Set();
    const cached = await api.contactHistory.cached(id);
    if (look !== generation) return;
    // Not over the server's answer, should a refresh have brought it first.
    if (cached.ok && servedLook !== look) history.value = cached.value;
    if (online.value) await askServer(id, look);
  }

  /**
   * Asks the server for the contact's history; only the latest ask's answer is shown (an older
   * one, sent before the link went and came back, answers a failure that no longer holds).
   */
  async function askServer(id: string, look: number): Promise<void> {
    const ask = ++asks;
    fetching.value = true;
    let served = false;
    try {
      const fetched = await api.contactHistory.fetch(id);
      if (look !== generation || ask !== asks) return;
      if (fetched.ok) {
        history.value = fetched.value;
        fetchError.value = null;
        servedLook = look;
        served = true;
      } else fetchError.value = fetched.error;
    } finally {
      if (look === generation && ask === asks) fetching.value = false;
    }
    if (served) await openAgain(id, look);
  }

  /**
   * With the server's answer in, the entries the agent opened while it was out of reach (told
   * "never opened while online") open as if opened now: their content fetched, the sentence gone.
   * One at a time; should the panel show a contact anew meanwhile (the same one, from another
   * interaction), the rest are that earlier look's: its entries open now are not touched.
   */
  async function openAgain(id: string, look: number): Promise<void> {
    const ids = (history.value?.entries ?? []).map((entry) => entry.id);
    for (const entryId of ids) {
      // A look shown anew, or the link gone again while the server's answer was on its way.
      if (look !== generation || !online.value) return;
      // As it is now, not as it was before the last fetch: the agent may have opened it since.
      const entry = history.value?.entries.find((candidate) => candidate.id === entryId);
      if (entry === undefined || !expanded.value.has(entryId)) continue;
      if (openError.value?.id === entryId) openError.value = null;
      if (entry.content !== undefined || opening.value === entryId) continue;
      // The server out of reach again: the rest would each wait for a socket to fail, and their
      // sentence would take the place of this one's (one is shown).
      if ((await fetchContent(id, entry, look)) === 'unreachable') return;
    }
  }

  /**
   * Fetches an open entry's content from the server (then cached), or says why it could not;
   * 'unreachable' when the server could not be reached.
   */
  async function fetchContent(
    id: string,
    entry: StoredHistoryEntry,
    look: number,
  ): Promise<'unreachable' | undefined> {
    opening.value = entry.id;
    try {
      const result = await api.contactHistory.open(id, entry.id);
      if (look !== generation) return undefined;
      if (result.ok) replaceEntry(result.value);
      else {
        openError.value = { id: entry.id, sentence: openFailureSentence(result.error) };
        if (unreachable(result.error)) return 'unreachable';
      }
    } finally {
      if (look === generation && opening.value === entry.id) opening.value = null;
    }
    return undefined;
  }

  /**
   * Asks the server again for the contact shown, as when the link comes back: until then the
   * panel had only the cache's copy (or nothing, never fetched), which is not the customer's
   * history as it is now. The entries the agent opened stay open; a failure keeps the copy
   * shown and says why, as {@link show} does. Asked even while an earlier ask is on its way:
   * sent before the link went, that one may still fail (a timeout) once the link is back, and
   * the panel would then say "offline" with the server there, never asked again.
   */
  async function refresh(): Promise<void> {
    const id = contactId.value;
    if (id === null) return;
    await askServer(id, generation);
  }

  /** Opens or closes an entry; opening one never opened before fetches its content. */
  async function toggle(entry: StoredHistoryEntry): Promise<void> {
    const id = contactId.value;
    if (id === null) return;
    const open = new Set(expanded.value);
    if (open.delete(entry.id)) {
      expanded.value = open;
      return;
    }
    open.add(entry.id);
    expanded.value = open;
    openError.value = null;
    if (entry.content !== undefined) return;
    // Offline there is nobody to ask: say so at once instead of waiting for a socket to fail.
    if (!online.value || (fetchError.value !== null && unreachable(fetchError.value))) {
      openError.value = { id: entry.id, sentence: notOpenedOffline() };
      return;
    }
    await fetchContent(id, entry, generation);
  }

  /** Contents the cache stored (for whoever asked) reach the entries shown. */
  function applyChanges(changes: ChangeSet): void {
    const current = history.value;
    if (current === null || changes.history.length === 0) return;
    const entries = current.entries.map((entry) => withContentFrom(entry, changes.history));
    if (entries.some((entry, index) => entry !== current.entries[index]))
      history.value = { ...current, entries };
  }

  function close(): void {
    generation += 1;
    contactId.value = null;
    history.value = null;
    fetching.value = false;
    fetchError.value = null;
    openError.value = null;
    opening.value = null;
    expanded.value = new Set();
  }

  const events = subscriptions(() => [api.desk.onChanged(applyChanges)]);

  return {
    contactId,
    history,
    fetching,
    fetchError,
    expanded,
    opening,
    openError,
    online,
    show,
    refresh,
    toggle,
    close,
    applyChanges,
    start: events.start,
    stop: events.stop,
  };
});
