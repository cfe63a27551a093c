import { onBeforeUnmount, watch } from 'vue';
import { api } from '../api';
import type { ErrorKind } from '../../../common/errors';
import { TypingSender } from './typingSender';

/** The failures after which a notice is worth sending again: the server may yet take it. */
const PASSING: ReadonlySet<ErrorKind> = new Set(['network', 'timeout', 'internal']);

/**
 * The agent's typing in the open chat, told to the customer through SendNotification (003),
 * debounced by {@link TypingSender}. `interactionId` names the chat the message box writes
 * to (null while none): leaving a chat, or the view going, counts as having stopped typing
 * there. A notice that did not reach the server (the link down, no answer, a server error) is
 * sent again once it can be, so that the customer does not read "typing" for good after a
 * TypingStopped lost so; one the server refused (the chat gone) is dropped.
 */
export function useAgentTyping(interactionId: () => string | null): {
  typed: () => void;
  stopped: () => void;
} {
  let sender: TypingSender | undefined;
  const senderFor = (id: string) =>
    new TypingSender({
      send: async (notice) => {
        const sent = await api.interactions.sendNotification(id, notice);
        return sent.ok || !PASSING.has(sent.error.kind);
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
