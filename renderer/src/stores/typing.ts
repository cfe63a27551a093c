import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { ChangeSet } from '../../../common/model';
import { api } from '../api';
import { subscriptions } from '../lib/subscriptions';
import {
  expireTyping,
  foldTyping,
  nextExpiry,
  typingSentence,
  type TypingState,
} from './typingFold';

/**
 * The clock the time-outs count on: a monotonic one, as the timers are. On the PC's clock, set
 * back ten minutes (an NTP correction), a customer's "typing" outlived its time-out by ten
 * minutes.
 */
const elapsed = () => performance.now();

/**
 * Who is typing in each chat, folded from main's change sets (typing notices travel there and
 * nowhere else: they are never transcript lines). A typist goes with its TypingStopped, its next
 * line, the chat's end, or the time-out when the stop never comes.
 */
export const useTypingStore = defineStore('typing', () => {
  const state = shallowRef<TypingState>(new Map());
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Sets the one timer to the next time-out, if anybody is typing. */
  function scheduleExpiry(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const at = nextExpiry(state.value);
    if (at === undefined) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        state.value = expireTyping(state.value, elapsed());
        scheduleExpiry();
      },
      Math.max(0, at - elapsed()),
    );
  }

  function applyChanges(changes: ChangeSet): void {
    const next = foldTyping(state.value, changes, elapsed());
    if (next === state.value) return;
    state.value = next;
    scheduleExpiry();
  }

  /** "Anna is typing…" for the interaction, or undefined while nobody is. */
  function sentenceFor(interactionId: string): string | undefined {
    return typingSentence(state.value.get(interactionId));
  }

  const events = subscriptions(() => [api.desk.onChanged(applyChanges)]);
  const start = events.start;
  /** Stops following (sign-out): nobody is typing any more for this desk. */
  function stop(): void {
    events.stop();
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    state.value = new Map();
  }

  return { state, sentenceFor, start, stop };
});
