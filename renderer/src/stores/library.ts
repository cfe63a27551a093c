import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Result, SwitchboardError } from '../../../common/errors';
import type { StandardResponse, StandardResponseDraft } from '../../../common/model';
import { api } from '../api';
import { compareNames } from '../lib/format';
import { forMatching } from '../lib/typedMatch';

/** Whether a response's name or text contains `search` (any case or accents: {@link forMatching}). */
export function matchesSearch(response: StandardResponse, search: string): boolean {
  const wanted = forMatching(search.trim());
  if (wanted === '') return true;
  return forMatching(response.name).includes(wanted) || forMatching(response.text).includes(wanted);
}

/** The most characters of a response's first line its picker row shows. */
export const PREVIEW_CHARACTERS = 90;

/** Splits text into what a reader sees as characters (made once: constructing one is costly). */
const graphemes = new Intl.Segmenter();

/**
 * The first non-blank line of a response, as its picker row shows it: at most
 * {@link PREVIEW_CHARACTERS} characters as a reader counts them, "…" where it was cut. Cut by
 * UTF-16 units, an emoji or a rarer CJK character across the cut was shown as a broken "�",
 * and a letter lost its accent.
 */
export function responsePreview(text: string): string {
  const line = text.split('\n').find((part) => part.trim() !== '') ?? '';
  if (line.length <= PREVIEW_CHARACTERS) return line;
  const characters: string[] = [];
  for (const { segment } of graphemes.segment(line)) {
    if (characters.length > PREVIEW_CHARACTERS) break;
    characters.push(segment);
  }
  return characters.length > PREVIEW_CHARACTERS
    ? `${characters.slice(0, PREVIEW_CHARACTERS - 1).join('')}…`
    : line;
}

/**
 * The signed-in agent's library: the e-mail signature and the standard responses, kept by main
 * in the cache per account. Loaded once per sign-in (the picker filters the loaded list as the
 * agent types: a handful of responses, no round trip per key), changed through main, which
 * answers what it kept.
 */
export const useLibraryStore = defineStore('library', () => {
  const signature = ref('');
  /** The responses as main kept them (its order is SQLite's, not the agent's language's). */
  const asKept = shallowRef<readonly StandardResponse[]>([]);
  /**
   * The responses by name in the alphabetical order of the desk's language, ordered again when
   * the agent switches it (main's order put "Änderung" and "Ñandú" after "Zahlung").
   */
  const responses = computed(() =>
    [...asKept.value].sort((a, b) => compareNames(a.name, b.name) || a.id - b.id),
  );
  const loaded = ref(false);
  const error = ref<SwitchboardError | null>(null);
  /** Bumped by {@link clear}: an answer asked for by the previous agent is dropped. */
  let epoch = 0;

  function settle<T>(result: Result<T>, asked: number): T | undefined {
    if (asked !== epoch) return undefined;
    if (!result.ok) {
      error.value = result.error;
      return undefined;
    }
    error.value = null;
    return result.value;
  }

  /** Reads the signature and the responses (once; `force` reads again). */
  async function load(force = false): Promise<void> {
    if (loaded.value && !force) return;
    const asked = epoch;
    const [kept, listed] = await Promise.all([
      api.library.getSignature(),
      api.library.responses(undefined),
    ]);
    const keptSignature = settle(kept, asked);
    const keptResponses = settle(listed, asked);
    if (keptSignature !== undefined) signature.value = keptSignature;
    if (keptResponses !== undefined) asKept.value = keptResponses;
    loaded.value = keptSignature !== undefined && keptResponses !== undefined;
  }

  async function saveSignature(text: string): Promise<boolean> {
    const asked = epoch;
    const kept = settle(await api.library.setSignature(text), asked);
    if (kept === undefined) return false;
    signature.value = kept;
    return true;
  }

  /**
   * A response's save on its way: a second Save meanwhile (Enter pressed twice, a double click
   * while main is slow to answer) saves nothing, where it made a second copy of a new response.
   */
  let savingResponse = false;

  /**
   * Creates or changes a response; answers it as main kept it (undefined: refused, or a save
   * still on its way).
   */
  async function saveResponse(draft: StandardResponseDraft): Promise<StandardResponse | undefined> {
    if (savingResponse) return undefined;
    savingResponse = true;
    const asked = epoch;
    let saved: StandardResponse | undefined;
    try {
      saved = settle(await api.library.saveResponse(draft), asked);
    } finally {
      savingResponse = false;
    }
    if (saved === undefined) return undefined;
    asKept.value = [...asKept.value.filter((response) => response.id !== saved.id), saved];
    return saved;
  }

  async function deleteResponse(id: number): Promise<boolean> {
    const asked = epoch;
    const result = await api.library.deleteResponse(id);
    settle(result, asked);
    // Answered after a sign-out: the list shown now is the next agent's, whose ids are others'.
    if (asked !== epoch || !result.ok) return false;
    asKept.value = asKept.value.filter((response) => response.id !== id);
    return true;
  }

  /** Forgets the agent's library (sign-out): the next agent's is read afresh. */
  function clear(): void {
    epoch += 1;
    signature.value = '';
    asKept.value = [];
    loaded.value = false;
    error.value = null;
  }

  return {
    signature,
    responses,
    loaded,
    error,
    load,
    saveSignature,
    saveResponse,
    deleteResponse,
    clear,
  };
});
