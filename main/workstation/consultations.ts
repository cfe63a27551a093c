import type { CacheWriter } from './cacheWriter';
import type { GwsHandlers } from './gwsHandlers';

/** The contract's handlers of a chat consultation's operations. */
export type ConsultationHandlers = Pick<
  GwsHandlers['interactions'],
  'startChatConsultation' | 'completeTransfer' | 'completeConference'
>;

/**
 * A chat consultation's operations, each the GWS operation as it is (`gws`) and then, once the
 * server took it, the consultation remembered (started) or forgotten (completed) in the cache
 * (CacheWriter.recordConsultation): the server's notifications never say that a consultation
 * is open, so the agent's own request is what tells it. A refusal changes nothing.
 */
export function consultationHandlers(
  gws: ConsultationHandlers,
  writer: () => CacheWriter | undefined,
): ConsultationHandlers {
  return {
    startChatConsultation: async (interactionId, target) => {
      await gws.startChatConsultation(interactionId, target);
      writer()?.recordConsultation(interactionId, target);
    },
    completeTransfer: async (interactionId) => {
      await gws.completeTransfer(interactionId);
      writer()?.recordConsultation(interactionId, null);
    },
    completeConference: async (interactionId) => {
      await gws.completeConference(interactionId);
      writer()?.recordConsultation(interactionId, null);
    },
  };
}
