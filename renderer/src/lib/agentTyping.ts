import { onBeforeUnmount, watch } from 'vue';
import { api } from '../api';
import { TypingSender } from './typingSender';

/**
 * The agent's typing in the open chat, told to the customer through SendNotification (003),
 * debounced by {@link TypingSender}. `interactionId` names the chat the message box writes
 * to (null while none): leaving a chat, or the view going, counts as having stopped typing
 * there. A refused notice is dropped: the customer misses a hint, the agent loses nothing.
 */
export function useAgentTyping(interactionId: () => string | null): {
  typed: () => void;
  stopped: () => void;
} {
  let sender: TypingSender | undefined;
  const senderFor = (id: string) =>
    new TypingSender({
      send: (notice) => {
        void api.interactions.sendNotification(id, notice);
      },
    });
  watch(interactionId, (id, previous) => {
    if (id === previous) return;
    sender?.stopped();
    sender = id === null ? undefined : senderFor(id);
  });
  onBeforeUnmount(() => {
    sender?.stopped();
  });
  return {
    typed: () => {
      const id = interactionId();
      if (id === null) return;
      sender ??= senderFor(id);
      sender.typed();
    },
    stopped: () => {
      sender?.stopped();
    },
  };
}
