import { SwitchboardFailure } from '../../common/errors';
import type { GwsHandlers } from './gwsHandlers';

/** The contract's handler of a case-data save. */
export type CaseDataHandlers = Pick<GwsHandlers['interactions'], 'updateProperties'>;

/**
 * A case-data save (UpdateProperties) as the GWS operation is, except its `notFound` refusal,
 * which is named (`interactionNotHeld`): UpdateProperties takes free-form keys, so what the
 * server cannot find is the interaction itself for this agent (it was transferred, taken over or
 * ended where the desk has not heard yet). The kind's sentence ("Check it, or choose another
 * one") told the agent to check a value that was never the problem.
 */
export function caseDataHandlers(gws: CaseDataHandlers): CaseDataHandlers {
  return {
    updateProperties: async (interactionId, properties) => {
      try {
        await gws.updateProperties(interactionId, properties);
      } catch (error) {
        if (error instanceof SwitchboardFailure && error.kind === 'notFound')
          throw new SwitchboardFailure('notFound', error.message, 'interactionNotHeld');
        throw error;
      }
    },
  };
}
