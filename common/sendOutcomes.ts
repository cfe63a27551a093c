import type { ErrorKind, SwitchboardError } from './errors';

/**
 * What became of an e-mail Send that went unanswered, when it did not leave or nobody knows:
 * still a draft on the server (`notSent`), closed there without its Send (`closedElsewhere`),
 * or not to be asked (`unknown`).
 */
export type SendNotKnownSent = 'notSent' | 'closedElsewhere' | 'unknown';

/**
 * The error that tells the agent so, one wording for main (the refusal of the agent's own Send,
 * sentMail.ts) and the renderer (a follow-up's outcome pushed later, a desk started again): its
 * code is what the desk words; `cause`, the failure that left it unanswered, leads the message;
 * `kind` is the failure's own (a lost answer is `network`, a slow one `timeout`).
 */
export function sendOutcomeError(
  outcome: SendNotKnownSent,
  interactionId: string,
  cause?: { readonly kind: ErrorKind; readonly message: string },
): SwitchboardError {
  const lead = cause === undefined ? '' : `${cause.message}; `;
  switch (outcome) {
    case 'notSent':
      return {
        kind: cause?.kind ?? 'network',
        code: 'sendNotSent',
        message: `${lead}the server still holds ${interactionId} as a draft: not sent`,
      };
    case 'closedElsewhere':
      return {
        kind: 'invalidState',
        code: 'sendClosedElsewhere',
        message: `${lead}${interactionId} was closed without its Send: not sent`,
      };
    case 'unknown':
      return {
        kind: 'network',
        code: 'sendOutcomeUnknown',
        message: `${lead}whether ${interactionId} was sent is not known: the server could not be asked`,
      };
  }
}
