import { customerStillInChat } from '../../common/leaving';
import { ENDED_STATES } from '../../common/interactionStates';
import type { InteractionDetail } from '../../common/model';
import { SwitchboardFailure } from '../../common/errors';
import type { GwsOperations } from '../gws/operations';

/**
 * Done (StopProcessing) that never leaves a customer alone in a chat. Done on a chat the
 * customer is still in ends the chat first — EndChatSession, or LeaveChat where the server
 * offers only that (a conference the agent did not start) — and then marks the interaction
 * done, unless ending the chat already ended it (the simulator, and a server that completes a
 * chat with its session, answer it as over). Ending rather than asking: Done already says the
 * agent is finished, and one click keeps Done the one step it is on every other interaction.
 *
 * `detail` is the cache's copy of the interaction (undefined when the cache does not hold it:
 * Done then goes to the server as it is).
 */
export async function finishInteraction(
  operations: GwsOperations,
  interactionId: string,
  detail: InteractionDetail | undefined,
): Promise<void> {
  const ops = operations.withParsedArgs;
  // A server of 003's dialect offers an accepted chat neither (003 "Chat Accepted": Transfer,
  // PlaceInQueue, StopProcessing, PlaceInWorkbin, UpdateProperties): StopProcessing is its one
  // way to finish a chat, and an EndChatSession it never offered was refused, failing Done.
  const offered = detail?.capabilities ?? [];
  const ending = offered.includes('EndChatSession')
    ? 'endChatSession'
    : offered.includes('LeaveChat')
      ? 'leaveChat'
      : undefined;
  if (detail !== undefined && ending !== undefined && customerStillInChat(detail)) {
    const ended = await ops[ending](interactionId);
    if (!ended.ok) throw SwitchboardFailure.of(ended.error);
    const after = await ops.getInteraction(interactionId);
    // Over already, or no longer the agent's: there is nothing left to mark done.
    if (!after.ok && after.error.kind === 'notFound') return;
    if (after.ok && ENDED_STATES.has(after.value.state)) return;
  }
  const done = await ops.stopProcessing(interactionId);
  if (!done.ok) throw SwitchboardFailure.of(done.error);
}
