import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import { mergeAway, withoutInPlayAgain } from '../../../common/awaySummary';
import type { AwaySummary, ChangeSet } from '../../../common/model';
import { subscriptions } from '../lib/subscriptions';
import { api } from '../api';

/** The "while you were away" summary main pushes after a gap, until the agent dismisses it. */
export const useAwayStore = defineStore('away', () => {
  const summary = shallowRef<AwaySummary | null>(null);
  /** Bumped when the summary goes: an answer of main asked for before it is older. */
  let forgotten = 0;

  function receive(next: AwaySummary): void {
    summary.value = mergeAway(summary.value, next);
  }

  /**
   * Reads what main kept of the summaries since the agent last dismissed them: a page loaded
   * anew (after its renderer was lost) missed their pushes. Call after {@link start}.
   */
  async function load(): Promise<void> {
    const asked = forgotten;
    const answer = await api.desk.awaySummary();
    if (!answer.ok || answer.value === null || asked !== forgotten) return;
    // Pushed while the answer was coming: main's merged summary holds it already.
    summary.value = summary.value === null ? answer.value : mergeAway(answer.value, summary.value);
  }

  /** The agent dismissed it: gone here and in main (unless main has a later one). */
  function dismiss(): void {
    const shown = summary.value;
    forget();
    if (shown !== null) void api.desk.dismissAway(shown.at);
  }

  /** Gone from this page (sign-out: whoever comes next may be another agent). */
  function forget(): void {
    forgotten += 1;
    summary.value = null;
  }

  /** An interaction the summary names is in play again (offered anew): it is no longer news. */
  function applyChanges(changes: ChangeSet): void {
    if (summary.value !== null)
      summary.value = withoutInPlayAgain(summary.value, changes.interactions);
  }

  const { start, stop } = subscriptions(() => [
    api.desk.onAway(receive),
    api.desk.onChanged(applyChanges),
  ]);

  return { summary, receive, load, dismiss, forget, start, stop };
});
