import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { AwaySummary } from '../../../common/model';
import { subscriptions } from '../lib/subscriptions';
import { api } from '../api';

/**
 * Folds a new "while you were away" summary into the one on screen: the agent has not dismissed
 * the earlier gap's news, so it stays, with the later gap's items after it (an interaction once,
 * as it last changed); the state and its restoring are the newest.
 */
export function mergeAway(shown: AwaySummary | null, next: AwaySummary): AwaySummary {
  if (shown === null) return next;
  const items = new Map(shown.items.map((item) => [item.id, item]));
  for (const item of next.items) {
    items.delete(item.id);
    items.set(item.id, item);
  }
  const restore = next.restore ?? shown.restore;
  return {
    at: next.at,
    items: [...items.values()],
    agent: next.agent,
    ...(restore === undefined ? {} : { restore }),
  };
}

/** The "while you were away" summary main pushes after a gap, until the agent dismisses it. */
export const useAwayStore = defineStore('away', () => {
  const summary = shallowRef<AwaySummary | null>(null);

  function receive(next: AwaySummary): void {
    summary.value = mergeAway(summary.value, next);
  }

  function dismiss(): void {
    summary.value = null;
  }

  const { start, stop } = subscriptions(() => [api.desk.onAway(receive)]);

  return { summary, receive, dismiss, start, stop };
});
