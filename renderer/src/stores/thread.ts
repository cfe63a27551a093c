import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { SwitchboardError } from '../../../common/errors';
import type { ChangeSet, Reply } from '../../../common/model';
import { api } from '../api';
import { subscriptions } from '../lib/subscriptions';
import { foldReplies } from './threadFold';

/**
 * The thread of the open e-mail: the interactions that answer it (the agent's replies and
 * forwards, with what was sent), read once when it opens and then kept current by main's
 * change sets — a reply sent a moment ago appears with its text without a re-read.
 */
export const useThreadStore = defineStore('thread', () => {
  const parentId = ref<string | null>(null);
  const replies = shallowRef<readonly Reply[]>([]);
  const error = ref<SwitchboardError | null>(null);
  let asked = 0;

  function applyChanges(changes: ChangeSet): void {
    if (parentId.value === null) return;
    replies.value = foldReplies(replies.value, parentId.value, changes);
  }

  const events = subscriptions(() => [api.desk.onChanged(applyChanges)]);

  /** Shows the thread of `id` (null: none), following change sets while one shows. */
  async function open(id: string | null): Promise<void> {
    parentId.value = id;
    replies.value = [];
    error.value = null;
    asked += 1;
    if (id === null) {
      events.stop();
      return;
    }
    // Subscribe first, then read: a reply stored in between is folded onto the answer.
    events.start();
    const mine = asked;
    const missed: ChangeSet[] = [];
    const stopRecording = api.desk.onChanged((changes) => missed.push(changes));
    const result = await api.interactions.replies(id);
    stopRecording();
    if (mine !== asked) return;
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    replies.value = missed.reduce<readonly Reply[]>(
      (folded, changes) => foldReplies(folded, id, changes),
      result.value,
    );
  }

  return { parentId, replies, error, open };
});
