import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { SwitchboardError } from '../../../common/errors';
import type { ChangeSet, WorkbinEntry, WorkbinsOverview } from '../../../common/model';
import { api } from '../api';
import { subscriptions } from '../lib/subscriptions';

/**
 * Folds a change set's workbin changes onto the workbins shown: entries the cache stored are
 * upserted (in the order they were placed), entries it took out are removed. A workbin the
 * overview does not list is left out: the next read lists it with its content. Answers the
 * same object when nothing changed.
 */
export function foldWorkbins(
  overview: WorkbinsOverview | null,
  changes: ChangeSet,
): WorkbinsOverview | null {
  if (overview === null) return null;
  const workbins = overview.workbins.map((workbin) => {
    const mine = changes.workbins.filter((change) => change.workbinId === workbin.workbinId);
    if (mine.length === 0) return workbin;
    let entries: readonly WorkbinEntry[] = workbin.entries;
    for (const change of mine) {
      const gone = new Set([
        ...change.removed,
        ...change.entries.map((entry) => entry.interactionId),
      ]);
      entries = [...entries.filter((entry) => !gone.has(entry.interactionId)), ...change.entries];
    }
    return { ...workbin, entries: [...entries] };
  });
  const changed = workbins.some((workbin, index) => workbin !== overview.workbins[index]);
  return changed ? { ...overview, workbins } : overview;
}

/**
 * The agent's workbins for the Workbins panel and the Place-in-workbin picker: read through
 * `workbins.overview` (which subscribes main to each workbin's events), then kept live by the
 * change sets' workbin changes, never re-read for them. Offline the overview is the cache's copy
 * (`cached`, with its time).
 */
export const useWorkbinsStore = defineStore('workbins', () => {
  const overview = shallowRef<WorkbinsOverview | null>(null);
  const loading = ref(false);
  const error = ref<SwitchboardError | null>(null);
  /** Whether the Workbins panel shows beside the desk (the header's Workbins button). */
  const panelOpen = ref(false);
  /** The workbin whose content the panel shows. */
  const openId = ref<string | null>(null);
  /** The interaction being pulled, while the server answers. */
  const pulling = ref<string | null>(null);
  const pullError = ref<SwitchboardError | null>(null);
  /** Change sets pushed while a read is under way, folded onto its answer. */
  let missed: ChangeSet[] = [];
  /** Bumped by {@link clear}: answers asked for by an agent who signed out are dropped. */
  let epoch = 0;
  /**
   * Bumped by each {@link load} (and by {@link clear}): only the latest read's answer shows. Not
   * {@link epoch}: a read again while a Pull was on its way (Refresh, the panel opened again, the
   * link back) dropped the Pull's answer, and its "Pulling…" held every Pull button for good.
   */
  let reads = 0;

  const openWorkbin = computed(
    () => overview.value?.workbins.find((workbin) => workbin.workbinId === openId.value) ?? null,
  );

  /** Reads the workbins and their content (the server's, or offline the cache's copy). */
  async function load(): Promise<void> {
    const asked = ++reads;
    loading.value = true;
    missed = [];
    try {
      const answer = await api.workbins.overview();
      if (asked !== reads) return;
      if (!answer.ok) {
        error.value = answer.error;
        return;
      }
      error.value = null;
      overview.value = missed.reduce<WorkbinsOverview | null>(
        (folded, changes) => foldWorkbins(folded, changes),
        answer.value,
      );
      const stillListed = answer.value.workbins.some((w) => w.workbinId === openId.value);
      if (!stillListed) openId.value = answer.value.workbins[0]?.workbinId ?? null;
    } finally {
      if (asked === reads) {
        loading.value = false;
        missed = [];
      }
    }
  }

  function applyChanges(changes: ChangeSet): void {
    if (changes.workbins.length === 0) return;
    if (loading.value) missed.push(changes);
    overview.value = foldWorkbins(overview.value, changes);
  }

  /**
   * Pulls an interaction out of a workbin back onto the desk (PullInteractionFromWorkbin): it
   * leaves the workbin's content and shows on the desk as the server's notifications arrive.
   * Answers whether the server took the request; a refusal shows in {@link pullError}.
   */
  async function pull(workbinId: string, interactionId: string): Promise<boolean> {
    if (pulling.value !== null) return false;
    const asked = epoch;
    pulling.value = interactionId;
    pullError.value = null;
    try {
      const answer = await api.workbins.pull(workbinId, interactionId);
      if (asked !== epoch) return false;
      if (!answer.ok) pullError.value = answer.error;
      return answer.ok;
    } finally {
      if (asked === epoch) pulling.value = null;
    }
  }

  /** Opens or closes the panel: the header's button, the agent menu's item and Alt+W. */
  function togglePanel(): void {
    panelOpen.value = !panelOpen.value;
  }

  /** Forgets everything (sign-out): the next agent may be someone else. */
  function clear(): void {
    epoch++;
    reads++;
    overview.value = null;
    panelOpen.value = false;
    loading.value = false;
    error.value = null;
    openId.value = null;
    pulling.value = null;
    pullError.value = null;
    missed = [];
  }

  const { start, stop } = subscriptions(() => [api.desk.onChanged(applyChanges)]);

  return {
    overview,
    panelOpen,
    togglePanel,
    loading,
    error,
    openId,
    openWorkbin,
    pulling,
    pullError,
    load,
    pull,
    clear,
    start,
    stop,
    applyChanges,
  };
});
