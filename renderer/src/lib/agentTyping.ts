import { onBeforeUnmount, watch } from 'vue';
import { api } from '../api';
import type { ErrorKind } from '../../../common/errors';
import { TypingSender } from './typingSender';

/** The failures after which a notice is worth sending again: the server may yet take it. */
const PASSING: ReadonlySet<ErrorKind> = new Set(['network', 'timeout', 'internal']);

/**
 * The chats whose senders are kept after the agent left them: a stop still waiting for its gap
 * there is the one sender's, undone if the agent comes back and types on. A few: the chats an
 * agent goes between in a few seconds.
 */
const KEPT_SENDERS = 8;

/**
 * The agent's typing in the open chat, told to the customer through SendNotification (003),
 * debounced by {@link TypingSender}. `interactionId` names the chat the message box writes
 * to (null while none): leaving a chat, or the view going, counts as having stopped typing
 * there. A notice that did not reach the server (the link down, no answer, a server error) is
 * sent again once it can be, so that the customer does not read "typing" for good after a
 * TypingStopped lost so; one the server refused (the chat gone) is dropped. Each chat has one
 * sender, kept when the agent goes to another: a new one for the chat the agent came back to
 * within the gap between two notices sent its TypingStarted at once, and the old one's
 * TypingStopped, still waiting for the gap, came after it, so the customer read that the agent
 * had stopped while they typed on.
 */
export function useAgentTyping(interactionId: () => string | null): {
  typed: () => void;
  stopped: () => void;
} {
  const senders = new Map<string, TypingSender>();
  const senderFor = (id: string): TypingSender => {
    const kept = senders.get(id);
    senders.delete(id);
    const sender =
      kept ??
      new TypingSender({
        send: async (notice) => {
          const sent = await api.interactions.sendNotification(id, notice);
          return sent.ok || !PASSING.has(sent.error.kind);
        },
      });
    // The latest last: the one left longest ago goes first (its timers still run out).
    senders.set(id, sender);
    for (const oldest of senders.keys()) {
      if (senders.size <= KEPT_SENDERS) break;
      senders.delete(oldest);
    }
    return sender;
  };
  watch(interactionId, (id, previous) => {
    if (id === previous) return;
    if (previous !== null) senders.get(previous)?.stopped();
  });
  onBeforeUnmount(() => {
    for (const sender of senders.values()) sender.stopped();
    senders.clear();
  });
  return {
    typed: () => {
      const id = interactionId();
      if (id === null) return;
      senderFor(id).typed();
    },
    stopped: () => {
      const id = interactionId();
      if (id !== null) senders.get(id)?.stopped();
    },
  };
}
