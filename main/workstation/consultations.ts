import { SwitchboardFailure, unanswered } from '../../common/errors';
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
 * is open, so the agent's own request is what tells it. A refused start changes nothing (one
 * not answered, in time or at all, is kept: it may have started); a Complete refused as not possible now
 * (`invalidState`: the server has no consultation of this agent's open, as when the colleague
 * declined or left unseen) forgets it, so that the desk offers Consult again instead of a
 * Complete that cannot succeed. A Complete as conference not answered is asked again (see
 * `completeConference`): without it the consultation stayed shown open, its conference made,
 * until the next Complete was refused.
 */
export function consultationHandlers(
  gws: ConsultationHandlers,
  writer: () => CacheWriter | undefined,
): ConsultationHandlers {
  /** Runs a Complete; forgets the consultation unless the server refused it for another reason. */
  const complete = async (interactionId: string, run: () => Promise<void>): Promise<void> => {
    try {
      await run();
    } catch (error) {
      if (error instanceof SwitchboardFailure && error.kind === 'invalidState')
        writer()?.recordConsultation(interactionId, null);
      throw error;
    }
    writer()?.recordConsultation(interactionId, null);
  };
  return {
    startChatConsultation: async (interactionId, target) => {
      // Read before asking: the colleague's join may be stored before the answer comes.
      const afterEventId = writer()?.lastChatEventId(interactionId) ?? 0;
      try {
        await gws.startChatConsultation(interactionId, target);
      } catch (error) {
        // Not answered (in time, or the connection cut as the answer left), the request may
        // have reached the server and the colleague be joining: kept as open, Complete is
        // offered (else only the colleague could end it, and Consult again is refused while it
        // is open); one the server never opened is forgotten when Complete is refused as not
        // possible (see `complete`).
        if (error instanceof SwitchboardFailure && unanswered(error.kind))
          writer()?.recordConsultation(interactionId, { target, afterEventId });
        throw error;
      }
      writer()?.recordConsultation(interactionId, { target, afterEventId });
    },
    completeTransfer: (interactionId) =>
      complete(interactionId, () => gws.completeTransfer(interactionId)),
    completeConference: (interactionId) =>
      complete(interactionId, async () => {
        try {
          await gws.completeConference(interactionId);
        } catch (error) {
          if (!(error instanceof SwitchboardFailure) || !unanswered(error.kind)) throw error;
          // Not answered (in time, or the connection cut as the answer left), the chat looks the
          // same to this agent either way: the server is asked by asking again. Taken, it was
          // not done before, and is now; refused as not possible now with the colleague still
          // in the chat, the first request made it a conference (as the answer would have
          // said). Else it may not have happened: said so, the consultation kept.
          try {
            await gws.completeConference(interactionId);
          } catch (again) {
            if (!(again instanceof SwitchboardFailure) || unanswered(again.kind)) throw error;
            if (again.kind === 'invalidState' && writer()?.consultedInChat(interactionId) === true)
              return;
            throw again;
          }
        }
      }),
  };
}
