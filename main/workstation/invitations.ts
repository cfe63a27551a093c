import { SwitchboardFailure, unanswered, type Result } from '../../common/errors';
import { phaseOf } from '../../common/interactionStates';
import type { GwsOperations } from '../gws/operations';

/** The one sentence an answer to an invitation the server no longer has gets. */
export const INVITATION_GONE =
  'This invitation is no longer available: another agent may have taken it.';

/** What the answers to an invitation need: the operations and the session that tells the cache. */
export interface InvitationPorts {
  /** The signed-in session's operations; throws `unauthorized` while signed out. */
  operations(): GwsOperations;
  /**
   * Records in the cache, through the session's one cache writer, that the offer is over:
   * `rejected` after a Reject the server answered, `gone` when the server no longer knows it.
   * `offer` is the one the answer was sent for ({@link currentOffer}): the interaction offered
   * again since, the new offer is not over.
   */
  offerOver(interactionId: string, outcome: 'rejected' | 'gone', offer: number | undefined): void;
  /** The interaction's offer as the session knows it now (GwsSession.offerOf). */
  currentOffer(interactionId: string): number | undefined;
  /**
   * The name the agent joins the interaction under when it is a chat and the agent set one
   * (Settings: "Your name in chats"); undefined leaves it to the server.
   */
  chatNickname(interactionId: string): string | undefined;
}

/**
 * Accept and Reject of an invitation, with what the server's silence and refusals mean for the
 * desk. GWS answers a Reject with a bare 200 and sends the rejecting agent no notification (003
 * "Reject": it "compels the System to present the Interaction to another Agent"), so without
 * this the offer stayed on the desk with Accept/Reject until a resync. An invitation another
 * agent took is answered "not found": the offer is recorded as gone and the agent told so in
 * one sentence, instead of the server's words on a row that never went away.
 */
export class InvitationAnswers {
  /**
   * The Accepts and Rejects on their way, by answer, interaction and offer. The page that asked
   * shows its answer under way; a page loaded again meanwhile (its renderer lost) still shows the
   * invitation ringing, and the same answer pressed there reached the server after the first,
   * which refused it: the agent read that Accept failed on the chat just accepted ("not an
   * invitation for agent1"), or that another agent may have taken the one just rejected.
   */
  private readonly answering = new Map<string, Promise<void>>();

  constructor(private readonly ports: InvitationPorts) {}

  /**
   * Accept (003 "Accept"); the accepted interaction arrives as a notification. A chat is joined
   * under `nickname`, else under the name the agent set for chats, else the server's. An Accept
   * of the same offer already on its way answers for both.
   */
  async accept(interactionId: string, nickname?: string): Promise<void> {
    const operations = this.ports.operations();
    await this.once('accept', interactionId, async (offer) => {
      const answer = await operations.withParsedArgs.accept(
        interactionId,
        nickname ?? this.ports.chatNickname(interactionId),
      );
      if (!answer.ok && answer.error.kind !== 'notFound') {
        // The same agent signed in on a second desk (or its auto-answer) accepted it first: GWS
        // sends both desks the agent's invitations, and refuses the second Accept as "not an
        // invitation" for this agent. The interaction is in the agent's hands, as asked: the
        // desk said "Not accepted: it is still waiting for you", or the Accept failed.
        const read = await operations.withParsedArgs.getInteraction(interactionId);
        if (read.ok && phaseOf(read.value.state) === 'working') return;
      }
      this.check(interactionId, answer, offer);
    });
  }

  /**
   * Reject (003 "Reject"); once the server has answered, the offer leaves the desk at once. A
   * Reject whose answer never came (the connection cut, a timeout) may have gone through: GWS
   * then offers the interaction to someone else and tells this agent nothing, so the offer sat
   * on the desk, ringing and counted, until the agent clicked it again. The server is asked: an
   * offer it no longer shows this agent was rejected.
   */
  async reject(interactionId: string): Promise<void> {
    const operations = this.ports.operations();
    await this.once('reject', interactionId, async (offer) => {
      const answer = await operations.withParsedArgs.reject(interactionId);
      if (!answer.ok && unanswered(answer.error.kind)) {
        const read = await operations.withParsedArgs.getInteraction(interactionId);
        if (!read.ok && read.error.kind === 'notFound') {
          this.ports.offerOver(interactionId, 'rejected', offer);
          return;
        }
      }
      this.check(interactionId, answer, offer);
      this.ports.offerOver(interactionId, 'rejected', offer);
    });
  }

  /**
   * Runs an answer to the interaction's current offer, unless the same answer to it is on its
   * way already: that one's outcome is the answer to both.
   */
  private async once(
    action: 'accept' | 'reject',
    interactionId: string,
    answer: (offer: number | undefined) => Promise<void>,
  ): Promise<void> {
    const offer = this.ports.currentOffer(interactionId);
    const key = JSON.stringify([action, interactionId, offer ?? null]);
    const earlier = this.answering.get(key);
    if (earlier !== undefined) {
      await earlier;
      return;
    }
    const answered = answer(offer).finally(() => {
      if (this.answering.get(key) === answered) this.answering.delete(key);
    });
    this.answering.set(key, answered);
    await answered;
  }

  /**
   * Throws a refusal as a {@link SwitchboardFailure}; "not found" also ends the offer (`offer`,
   * the one answered: not one made since).
   */
  private check(interactionId: string, answer: Result<unknown>, offer: number | undefined): void {
    if (answer.ok) return;
    if (answer.error.kind === 'notFound') {
      this.ports.offerOver(interactionId, 'gone', offer);
      throw new SwitchboardFailure('notFound', INVITATION_GONE, 'invitationGone');
    }
    throw new SwitchboardFailure(answer.error.kind, answer.error.message);
  }
}
