import { computed, ref, type ComputedRef, type Ref } from 'vue';
import { agentFullName } from '../../../common/agentNames';
import { isolated } from '../../../common/bidi';
import type { SwitchboardError } from '../../../common/errors';
import type { DirectoryEntry } from '../../../common/gwsOperations';
import { api } from '../api';
import { t } from '../i18n';
import type { ListChoice } from './listNavigation';
import { forMatching } from './typedMatch';

/**
 * The agent directory (`GET /users`) as a list of colleagues to pick from, shared by the
 * Transfer panel and the Consult panel: read once when asked, filtered by what the agent types,
 * those who can take the channel now first, and the agent itself left out. The Workbins panel
 * reads it too, to name who placed an item.
 */

/** One colleague (or a name typed as the agent knows it) the agent can pick. */
export interface AgentChoice extends ListChoice {
  /** What the operation is given: a user id, else the user name (or what was typed). */
  readonly target: string;
  /** The colleague can take it now (Ready on the channel, not on Do Not Disturb). */
  readonly available: boolean;
  /** The colleague's state as the server words it ("Not Ready", "Do not disturb"), if known. */
  readonly stateWords?: string;
}

export interface AgentDirectory {
  /** The directory as read; `null` until it has been. */
  readonly directory: Ref<readonly DirectoryEntry[] | null>;
  readonly directoryError: Ref<SwitchboardError | null>;
  /** Reads the directory from the server. */
  readonly read: () => Promise<void>;
}

export interface AgentChoices extends AgentDirectory {
  /**
   * The first {@link MAX_SHOWN} colleagues matching `query`, or what was typed when nobody in
   * the directory does.
   */
  readonly choices: ComputedRef<AgentChoice[]>;
  /** How many more colleagues match `query` than {@link choices} shows. */
  readonly more: ComputedRef<number>;
  /**
   * What the picker says when it shows nobody: no colleague matches what is typed, or the
   * directory, once read, lists no one but the agent (a small site), when nothing typed yet
   * could be "by that name".
   */
  readonly nobodyWords: ComputedRef<string>;
}

/**
 * The most colleagues a picker draws at once. A directory of 2,000 drawn whole took ~160–175 ms
 * a keystroke (and 150–250 ms a Backspace that brought most of them back): the agent narrows a
 * long list by typing, told how many more match.
 */
export const MAX_SHOWN = 50;

/** The agent directory (`GET /users`), read when asked; kept by the component that asked. */
export function useAgentDirectory(): AgentDirectory {
  const directory = ref<readonly DirectoryEntry[] | null>(null);
  const directoryError = ref<SwitchboardError | null>(null);

  async function read(): Promise<void> {
    const answer = await api.agent.directory();
    if (answer.ok) directory.value = answer.value;
    else directoryError.value = answer.error;
  }

  return { directory, directoryError, read };
}

/** Where the server says it: the colleague's state on `channel`. */
function availability(entry: DirectoryEntry, channel: string) {
  if (entry.dnd === true) return { words: t('header.colleagues.doNotDisturb'), available: false };
  const state = entry.channels.find((candidate) => candidate.channel === channel);
  if (state === undefined) return { words: '', available: true };
  if (state.dnd) return { words: t('header.colleagues.doNotDisturb'), available: false };
  const words = state.displayName ?? state.state.replace(/([a-z])([A-Z])/g, '$1 $2');
  return { words, available: state.state === 'Ready' };
}

/**
 * Colleagues for the interaction's `channel` matching `query`, leaving out `me` (the signed-in
 * agent's user name).
 */
export function useAgentChoices(
  query: Ref<string>,
  channel: () => string,
  me: () => string | undefined,
): AgentChoices {
  const { directory, directoryError, read } = useAgentDirectory();

  /**
   * The directory without the agent, each colleague with the text typing searches (full name and
   * user name, as {@link forMatching} compares them) and whether they can take the channel now: made once per read, not
   * at each keystroke.
   */
  const searchable = computed(() => {
    const self = me();
    return (directory.value ?? [])
      .filter((entry) => entry.userName !== self)
      .map((entry) => ({
        entry,
        text: forMatching(`${agentFullName(entry)} ${entry.userName}`),
        available: availability(entry, channel()).available,
      }));
  });

  /** The colleagues matching what is typed: those who can take it now first, else in order. */
  const matching = computed(() => {
    const typed = forMatching(query.value.trim());
    const found = searchable.value.filter((colleague) => colleague.text.includes(typed));
    return [
      ...found.filter((colleague) => colleague.available),
      ...found.filter((colleague) => !colleague.available),
    ];
  });

  const choices = computed<AgentChoice[]>(() => {
    const typed = query.value.trim();
    const found: AgentChoice[] = matching.value.slice(0, MAX_SHOWN).map(({ entry }) => {
      const { words, available } = availability(entry, channel());
      return {
        key: `agent:${entry.userName}`,
        target: entry.id ?? entry.userName,
        label: agentFullName(entry),
        // The user name isolated: its direction controls must not turn the state words after it.
        detail: [isolated(entry.userName), words].filter(Boolean).join(' · '),
        available,
        stateWords: words,
      };
    });
    // Someone the directory does not list by that name: an employee id, typed as the agent
    // knows it. Not while the directory is still coming, when a name typed fast would match
    // nobody yet.
    const directoryRead = directory.value !== null || directoryError.value !== null;
    if (typed !== '' && found.length === 0 && directoryRead)
      found.push({
        key: `typed:${typed}`,
        target: typed,
        label: typed,
        detail: t('header.colleagues.asTyped'),
        available: true,
      });
    return found;
  });
  const more = computed(() => Math.max(matching.value.length - MAX_SHOWN, 0));
  const nobodyWords = computed(() =>
    directory.value !== null && searchable.value.length === 0
      ? t('routing.noColleagues')
      : t('routing.noColleague'),
  );

  return { directory, directoryError, choices, more, nobodyWords, read };
}
