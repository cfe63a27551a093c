import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { isLoggedOut, isNotReady, isReady } from '../../../common/agentStates';
import type { Result, SwitchboardError } from '../../../common/errors';
import type { AgentState, ChangeSet, ChannelState, NotReadyReason } from '../../../common/model';
import { channelSummary } from '../lib/format';
import { serverActionBlock } from '../lib/serverAction';
import { subscriptions } from '../lib/subscriptions';
import { api } from '../api';
import { t } from '../i18n';
import { foldAgent } from './fold';
import { useSessionStore } from './session';

/**
 * What the agent-state control selects: Ready, Ready on one channel only (Not Ready on the
 * others: 003's Ready and NotReady for one channel), Not Ready without a reason, Not Ready with
 * one of `/settings/agent-states`' reasons, or something the control cannot set (logged out,
 * mixed otherwise).
 */
export type AgentStateChoice =
  'ready' | `readyOnly:${string}` | 'notReady' | `reason:${string}` | 'other';

/**
 * What one channel's own menu (ChannelStatesMenu) shows checked: Ready, plain Not Ready, Not
 * Ready with a reason of `/settings/agent-states`, or none of those (logged out, another state).
 */
export type ChannelChoice = 'ready' | 'notReady' | `reason:${string}` | 'other';

/** The operation name that means "Not Ready without a reason"; the control offers it once. */
const PLAIN_NOT_READY = 'NotReady';

function matchesReason(channel: ChannelState, reason: NotReadyReason): boolean {
  return (
    channel.displayName === reason.displayName ||
    channel.workMode === reason.operationName ||
    channel.reason === reason.operationName
  );
}

/** The agent's channel states and Do Not Disturb, and the commands that change them. */
export const useAgentStore = defineStore('agent', () => {
  const state = shallowRef<AgentState | null>(null);
  const reasons = shallowRef<readonly NotReadyReason[]>([]);
  /**
   * Whether the reasons were read for this session: an empty list read says the contact center
   * lists none; an empty list not read yet says nothing (the first moments after sign-in).
   */
  const reasonsRead = ref(false);
  const busy = ref(false);
  const error = ref<SwitchboardError | null>(null);

  /**
   * "Ready on e-mail, chat": the channels' states in the tray's words (common/agentStates.ts),
   * as the header and the agent menu show them. With the link to the server down it is the last
   * the desk heard, and says so: the server may still be offering work to an agent who cannot
   * see it.
   */
  const summary = computed(() => {
    const words = channelSummary(state.value?.channels ?? []);
    const block = serverActionBlock(useSessionStore());
    const linkDown = block === 'reconnecting' || block === 'offline';
    return linkDown && words !== '' ? t('header.state.lastKnown', { state: words }) : words;
  });

  /** Reasons other than the plain Not Ready the control always offers. */
  const namedReasons = computed(() =>
    reasons.value.filter((reason) => reason.operationName !== PLAIN_NOT_READY),
  );

  /**
   * The channels the agent can be Ready or Not Ready on: a logged-out one takes neither (003:
   * the server refuses it).
   */
  const available = computed(() =>
    (state.value?.channels ?? []).filter((channel) => !isLoggedOut(channel)),
  );

  /**
   * Whether the server said this user has no media channel at all (`/me` lists none, as for a
   * user the administrator gave neither e-mail nor chat): no work will come, and the server
   * refuses Ready and Not Ready ("not logged in to any channel"). Not before it said (`at`).
   */
  const noChannels = computed(
    () => state.value?.at !== undefined && state.value.channels.length === 0,
  );

  /**
   * Whether the user may have `channel` (CreateEmail needs the e-mail channel: the server
   * refuses a chat-only agent's New e-mail). True until the server said which channels there are,
   * and for the entry that stands for all of them (`'*'`).
   */
  function mayHaveChannel(channel: string): boolean {
    const current = state.value;
    if (current?.at === undefined) return true;
    return current.channels.some((known) => known.channel === channel || known.channel === '*');
  }

  /**
   * The channels the control offers "Ready on … only" for: every available channel of an agent
   * who has more than one.
   */
  const channelNames = computed(() =>
    available.value.length > 1 ? available.value.map((channel) => channel.channel) : [],
  );

  const choice = computed<AgentStateChoice>(() => {
    const channels = state.value?.channels ?? [];
    if (channels.length === 0) return 'other';
    if (channels.every(isReady)) return 'ready';
    // Ready on one channel, Not Ready (for whatever reason: the summary beside says which) on
    // every other it has.
    const [only, ...more] = available.value.filter(isReady);
    if (
      only !== undefined &&
      more.length === 0 &&
      channelNames.value.length > 0 &&
      available.value.every((channel) => channel === only || isNotReady(channel))
    )
      return `readyOnly:${only.channel}`;
    if (!channels.every(isNotReady)) return 'other';
    const reason = namedReasons.value.find((candidate) =>
      channels.every((channel) => matchesReason(channel, candidate)),
    );
    return reason ? `reason:${reason.operationName}` : 'notReady';
  });

  /** What a channel's own menu shows checked for it, as the server reports the channel. */
  function channelChoice(channel: ChannelState): ChannelChoice {
    if (isReady(channel)) return 'ready';
    if (!isNotReady(channel)) return 'other';
    const reason = namedReasons.value.find((candidate) => matchesReason(channel, candidate));
    return reason ? `reason:${reason.operationName}` : 'notReady';
  }

  /** The words for a state the control cannot select (`other`). */
  const otherLabel = computed(() => {
    const channels = state.value?.channels ?? [];
    if (channels.length === 0) return t('header.state.noChannels');
    const states = new Set(channels.map((channel) => channel.state));
    if (states.size > 1) return t('header.state.mixed');
    const only = channels[0];
    if (only === undefined) return '';
    return isLoggedOut(only) ? t('header.state.loggedOut') : only.state;
  });

  /** Bumped by {@link clear}: answers asked for by the agent who signed out are dropped. */
  let epoch = 0;
  /**
   * Counts the change sets that carried the agent's state: a read that was under way when one
   * arrived may predate it, and must not replace it.
   */
  let pushes = 0;

  /** Shows a state read from main, unless a pushed one arrived while it was being read. */
  async function readState(): Promise<Result<AgentState> | null> {
    const asked = epoch;
    const pushesBefore = pushes;
    const current = await api.agent.getState();
    if (asked !== epoch) return null;
    if (current.ok && pushes === pushesBefore) state.value = current.value;
    return current;
  }

  async function run(call: () => Promise<Result<unknown>>): Promise<void> {
    const asked = epoch;
    busy.value = true;
    error.value = null;
    try {
      const result = await call();
      if (asked !== epoch) return;
      if (!result.ok) {
        error.value = result.error;
        return;
      }
      // A change set follows when the server confirms; reading now shows what is known already.
      await readState();
    } finally {
      if (asked === epoch) busy.value = false;
    }
  }

  async function load(): Promise<void> {
    const asked = epoch;
    const [current, offered] = await Promise.all([readState(), api.agent.getNotReadyReasons()]);
    if (current === null || asked !== epoch) return;
    if (!current.ok) error.value = current.error;
    // Reasons come from the server (cached after the first read); without them the control
    // still offers plain Not Ready.
    if (offered.ok) {
      reasons.value = offered.value;
      reasonsRead.value = true;
    }
  }

  /**
   * Whether the agent's state can be chosen now: not while Do Not Disturb holds for all
   * channels, under which the server reports them Not Ready whatever is chosen (003), so that a
   * choice would seem to snap back and take effect unseen once DND ends; nor for a user without
   * any channel, whom the server refuses every state. The control and its shortcuts wait, and
   * say why.
   */
  const choosable = computed(() => state.value?.dnd !== true && !noChannels.value);

  /** The agent's state choices, one after another (see {@link choose}). */
  let choices: Promise<void> = Promise.resolve();
  /** How many choices are asked for or on their way. */
  let choicesOut = 0;

  /**
   * Asks for the agent's state. A choice made while another is on its way (Not Ready from the
   * shortcut's dialog with Ready not answered yet) goes once that one was answered, so the server
   * takes them in the agent's order and keeps the last; and it goes even if the header still
   * shows it (the state before the first), which the first is about to change.
   */
  async function choose(next: AgentStateChoice): Promise<void> {
    const asked = epoch;
    const after = choicesOut > 0;
    choicesOut += 1;
    const turn = after
      ? choices.then(() => (asked === epoch ? chooseNow(next, true) : undefined))
      : chooseNow(next, false);
    choices = turn.catch(() => undefined);
    try {
      await turn;
    } finally {
      // Counted for its session only: clear() started the next one's queue afresh.
      if (asked === epoch) choicesOut -= 1;
    }
  }

  async function chooseNow(next: AgentStateChoice, afterAnother: boolean): Promise<void> {
    if (next === 'other' || (next === choice.value && !afterAnother) || !choosable.value) return;
    if (next === 'ready') {
      await run(() => api.agent.setReady(undefined));
    } else if (next.startsWith('readyOnly:')) {
      const only = next.slice('readyOnly:'.length);
      const channels = available.value;
      // Only what must change: a channel Not Ready already keeps its reason.
      const toReady = channels.some((channel) => channel.channel === only && !isReady(channel));
      const toNotReady = channels
        .filter((channel) => channel.channel !== only && !isNotReady(channel))
        .map((channel) => channel.channel);
      const asked = epoch;
      await run(async (): Promise<Result<unknown>> => {
        // Ready there first: the agent is never Not Ready everywhere on the way. A refusal
        // stops there (the change sets that follow show where each channel is).
        if (toReady) {
          const ready = await api.agent.setReady(only);
          if (!ready.ok) return ready;
        }
        for (const channel of toNotReady) {
          // The agent signed out meanwhile: the steps left were for that session, not the next.
          if (asked !== epoch) break;
          const notReady = await api.agent.setNotReady({ channel });
          if (!notReady.ok) return notReady;
        }
        return { ok: true, value: null };
      });
    } else if (next === 'notReady') {
      await run(() => api.agent.setNotReady({}));
    } else {
      const reason = next.slice('reason:'.length);
      await run(() => api.agent.setNotReady({ reason }));
    }
  }

  /**
   * Turns Do Not Disturb the other way: the header's button, the agent menu's item and
   * Alt+Shift+D (whichever the window shows).
   */
  async function toggleDoNotDisturb(): Promise<void> {
    const on = state.value?.dnd;
    // While a change is under way the button is only aria-disabled (it keeps the focus).
    if (on === undefined || busy.value) return;
    await run(() => api.agent.setDoNotDisturb(!on));
  }

  /** Ready, Not Ready or Not Ready with a reason on one channel (its own menu). */
  async function chooseOnChannel(channel: string, next: ChannelChoice): Promise<void> {
    const known = available.value.find((candidate) => candidate.channel === channel);
    if (next === 'other' || known === undefined || channelChoice(known) === next) return;
    if (next === 'ready') await run(() => api.agent.setReady(channel));
    else if (next === 'notReady') await run(() => api.agent.setNotReady({ channel }));
    else {
      const reason = next.slice('reason:'.length);
      await run(() => api.agent.setNotReady({ channel, reason }));
    }
  }

  /**
   * Turns Do Not Disturb on one channel the other way (003's DoNotDisturbOn/Off on the
   * channel): the agent still gets work on the others.
   */
  async function toggleChannelDoNotDisturb(channel: string): Promise<void> {
    const known = available.value.find((candidate) => candidate.channel === channel);
    if (known === undefined) return;
    await run(() => api.agent.setChannelDoNotDisturb(channel, !known.dnd));
  }

  /** Forgets everything (sign-out): the next agent may be someone else. */
  function clear(): void {
    epoch++;
    // A choice still on its way was the signed-out agent's: the next agent's first choice goes
    // at once, not after it (its answer may never come, the session it was for being gone).
    choices = Promise.resolve();
    choicesOut = 0;
    state.value = null;
    reasons.value = [];
    reasonsRead.value = false;
    busy.value = false;
    error.value = null;
  }

  /** Folds a change set: the agent's channel states, when the commit changed them. */
  function applyChanges(changes: ChangeSet): void {
    if (changes.agent === undefined) return;
    pushes++;
    state.value = foldAgent(state.value, changes);
  }

  const { start, stop } = subscriptions(() => [
    api.desk.onChanged(applyChanges),
    // Read again by main (after a reconnection, or a reason the server refused): the menus
    // offer what the contact center lists now.
    api.agent.onNotReadyReasonsChanged((offered) => {
      reasons.value = offered;
      reasonsRead.value = true;
    }),
  ]);

  return {
    state,
    summary,
    reasons,
    reasonsRead,
    namedReasons,
    available,
    channelNames,
    busy,
    error,
    choice,
    choosable,
    noChannels,
    mayHaveChannel,
    otherLabel,
    load,
    choose,
    channelChoice,
    chooseOnChannel,
    toggleDoNotDisturb,
    toggleChannelDoNotDisturb,
    clear,
    start,
    stop,
  };
});
