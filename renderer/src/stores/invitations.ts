import { defineStore, storeToRefs } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { REVOKED_STATE } from '../../../common/interactionStates';
import type { ChangeSet } from '../../../common/model';
import { DEFAULT_INVITATION_TIMEOUT_SECONDS } from '../../../common/settingsRules';
import {
  countdownAt,
  countdownStarts,
  type Countdown,
  type CountdownStart,
} from '../lib/countdown';
import { interactionName } from '../lib/interactionName';
import { subscriptions } from '../lib/subscriptions';
import { api } from '../api';
import { n, t } from '../i18n';
import { useAppStore } from './app';
import { useInboxStore } from './inbox';

/** Seconds left when a waiting invitation is announced to screen readers (once, not each second). */
export const ANNOUNCE_AT_SECONDS = 10;
/** How long the last sentence stays once no invitation waits (see `silence`). */
export const SENTENCE_AFTER_LAST_MS = 3_000;
/**
 * Invitations that arrive (or are withdrawn) within this of the last ones told are one burst,
 * told as one sentence with the burst's whole count: main commits a burst of 50 in a few
 * change sets, and each set's sentence replaced the one before ("49 new invitations." of 50).
 */
export const TOLD_TOGETHER_MS = 1_000;

/**
 * The invitations as the agent must not miss them: each one's countdown (from the timeout in
 * the settings: GWS 8.5 gives the desktop none), the one sentence for screen readers at
 * {@link ANNOUNCE_AT_SECONDS} left, when one times out and when the server withdraws one, and
 * the number of invitations waiting as main counts them (every one, uncapped: the inbox's
 * badge, like the tray).
 */
export const useInvitationsStore = defineStore('invitations', () => {
  const { items } = storeToRefs(useInboxStore());
  const { settings } = storeToRefs(useAppStore());

  /** Every invitation waiting, from main (the inbox list may hold only a page of them). */
  const waiting = ref(0);
  const starts = shallowRef<ReadonlyMap<string, CountdownStart>>(new Map());
  /**
   * The clock the countdowns read, a monotonic one (performance.now(), as the typing timeouts'):
   * the PC's clock set back must not lengthen them. It ticks each second while one waits.
   */
  const now = ref(performance.now());
  /**
   * The last sentence for screen readers (a polite live region speaks each new one), kept as
   * its wording and worded when read: held as a string, it stayed in the language it was said
   * in after the agent switched the desk's language.
   */
  const sentence = shallowRef<(() => string) | null>(null);
  const announcement = computed(() => sentence.value?.() ?? '');
  const announced = new Set<string>();
  /**
   * The burst told last (see {@link TOLD_TOGETHER_MS}): what it counts, how many, when the last
   * of them came (`performance.now()`) and its sentence, joined only while that still stands.
   */
  let burst:
    | {
        readonly kind: 'new' | 'withdrawn';
        readonly count: number;
        readonly at: number;
        readonly said: () => string;
      }
    | undefined;

  /**
   * Tells `count` invitations that came (`new`) or were withdrawn, `one` being the sentence for
   * a single one: joined to the burst the sentence still tells, if it is of the same kind and
   * its last came within {@link TOLD_TOGETHER_MS}.
   */
  function tellBurst(kind: 'new' | 'withdrawn', count: number, one: () => string): void {
    const at = performance.now();
    const joined =
      burst?.kind === kind && sentence.value === burst.said && at - burst.at < TOLD_TOGETHER_MS
        ? burst.count
        : 0;
    const total = joined + count;
    const key =
      kind === 'new' ? 'inbox.countdown.announceNewMany' : 'inbox.countdown.announceWithdrawnMany';
    const said = total === 1 ? one : () => t(key, { count: n(total) });
    burst = { kind, count: total, at, said };
    sentence.value = said;
  }

  const timeoutSeconds = computed(
    () => settings.value?.invitationTimeoutSeconds ?? DEFAULT_INVITATION_TIMEOUT_SECONDS,
  );

  function countdownOf(interactionId: string): Countdown | undefined {
    const start = starts.value.get(interactionId);
    return start === undefined ? undefined : countdownAt(start.at, timeoutSeconds.value, now.value);
  }

  let ticker: ReturnType<typeof setInterval> | undefined;
  /**
   * Once no invitation waits, the last sentence goes too, a little later (a screen reader has
   * spoken it by then): left in the live region, "10 seconds left to accept" of an invitation
   * long withdrawn was what a screen reader found there.
   */
  let silence: ReturnType<typeof setTimeout> | undefined;
  function keepSentence(): void {
    if (silence !== undefined) clearTimeout(silence);
    silence = undefined;
  }
  function tick(): void {
    now.value = performance.now();
    announce();
  }

  /**
   * Speaks once per invitation as it arrives, once at {@link ANNOUNCE_AT_SECONDS} left, and once
   * when it times out; invitations arriving together are one sentence.
   */
  function announce(): void {
    const arrived: (() => string)[] = [];
    for (const row of items.value) {
      const countdown = row.phase === 'invited' ? countdownOf(row.id) : undefined;
      if (countdown === undefined) continue;
      const name = () => interactionName(row);
      const seconds = countdown.secondsLeft;
      if (!announced.has(`${row.id}:new`)) {
        announced.add(`${row.id}:new`);
        if (!countdown.timedOut && countdown.secondsLeft > ANNOUNCE_AT_SECONDS)
          arrived.push(() =>
            t('inbox.countdown.announceNew', { name: name(), count: seconds }, seconds),
          );
      }
      if (countdown.timedOut) {
        if (announced.has(`${row.id}:out`)) continue;
        announced.add(`${row.id}:out`);
        sentence.value = () => t('inbox.countdown.announceTimedOut', { name: name() });
      } else if (countdown.secondsLeft <= ANNOUNCE_AT_SECONDS && !announced.has(row.id)) {
        announced.add(row.id);
        sentence.value = () =>
          t('inbox.countdown.announceSeconds', { name: name(), count: seconds }, seconds);
      }
    }
    const [first] = arrived;
    if (first !== undefined) tellBurst('new', arrived.length, first);
  }

  /**
   * An invitation the server withdrew (the customer gave up, another agent took it) is said as
   * well: its row goes from under the agent, and a screen reader had heard only that it came.
   * Not one the agent rejected (the cache records it `Rejected`), nor one whose time-out was
   * said already. Read from the change set: the inbox's rows lose the withdrawn row, and its
   * state with it.
   */
  function announceWithdrawn(changes: ChangeSet): void {
    const withdrawn = changes.interactions.filter(
      (head) =>
        head.state === REVOKED_STATE &&
        announced.has(`${head.id}:new`) &&
        !announced.has(`${head.id}:out`),
    );
    const [only] = withdrawn;
    if (only === undefined) return;
    tellBurst('withdrawn', withdrawn.length, () =>
      t('inbox.countdown.announceWithdrawn', { name: interactionName(only) }),
    );
  }

  watch(
    items,
    (rows) => {
      now.value = performance.now();
      const before = starts.value;
      starts.value = countdownStarts(before, rows, now.value, Date.now());
      // A row no longer invited, or announced again (its countdown starts afresh), is said anew.
      for (const key of [...announced]) {
        const id = key.replace(/:(?:out|new)$/u, '');
        const start = starts.value.get(id);
        if (start === undefined || start !== before.get(id)) announced.delete(key);
      }
      announce();
      if (starts.value.size > 0) {
        ticker ??= setInterval(tick, 1_000);
        keepSentence();
        return;
      }
      if (ticker !== undefined) {
        clearInterval(ticker);
        ticker = undefined;
      }
      if (announcement.value !== '')
        silence ??= setTimeout(() => {
          silence = undefined;
          sentence.value = null;
        }, SENTENCE_AFTER_LAST_MS);
    },
    { immediate: true },
  );

  async function load(): Promise<void> {
    const result = await api.app.invitationsWaiting();
    if (result.ok) waiting.value = result.value;
  }

  const { start, stop } = subscriptions(() => [
    api.app.onInvitationsChanged(({ waiting: count }) => {
      waiting.value = count;
    }),
    api.desk.onChanged(announceWithdrawn),
  ]);

  /** Forgets the countdowns (sign-out): the next agent starts with none. */
  function clear(): void {
    if (ticker !== undefined) clearInterval(ticker);
    ticker = undefined;
    keepSentence();
    starts.value = new Map();
    announced.clear();
    burst = undefined;
    sentence.value = null;
    waiting.value = 0;
  }

  return { waiting, now, announcement, timeoutSeconds, countdownOf, load, start, stop, clear };
});
