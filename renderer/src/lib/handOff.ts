import {
  cameBackShown,
  cameBackWords,
  handedOnShown,
  handedOnWords,
} from '../../../common/handOffWords';
import type { InteractionSummary } from '../../../common/model';
import { stateLabel, translate } from './format';

/**
 * An interaction's state as a row or the header says it: where the agent handed it on
 * ("Transferred to Priya Raman", "Placed in the queue Billing") when that is why it is over for
 * them, else its state in words ("Done").
 */
export function stateWords(item: Pick<InteractionSummary, 'state' | 'phase' | 'handedOn'>): string {
  const handOff = handedOnShown(item);
  return handOff === undefined ? stateLabel(item.state) : handedOnWords(handOff, translate);
}

/**
 * What an invitation that came back from the agent's own hand-off says of it ("Priya Raman did
 * not take it: back with you"); undefined for any other interaction.
 */
export function cameBackSentence(
  item: Pick<InteractionSummary, 'phase' | 'handedOn'>,
): string | undefined {
  const handOff = cameBackShown(item);
  return handOff === undefined ? undefined : cameBackWords(handOff, translate);
}
