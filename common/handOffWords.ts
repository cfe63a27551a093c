import type { Translate } from './i18n/translate';
import type { HandOff, InteractionSummary } from './model';

/**
 * What the desk says of an interaction its agent handed on (the summary's `handedOn`): the
 * lists and the header, the invitation that brings it back, the OS notification of that
 * invitation and the CLI say it in these words.
 */

/** "Transferred to Priya Raman", "Placed in the queue Billing", "Placed in the workbin Later". */
export function handedOnWords(handOff: Pick<HandOff, 'kind' | 'to'>, t: Translate): string {
  return t(`words.handedOn.${wordsKey(handOff)}`, { name: handOff.to });
}

/** "Back with you after your transfer to Priya Raman", "Back with you from the queue Billing". */
export function cameBackWords(handOff: Pick<HandOff, 'kind' | 'to'>, t: Translate): string {
  return t(`words.cameBack.${wordsKey(handOff)}`, { name: handOff.to });
}

/** The words' key: a conference left with colleagues the desk could not name says none. */
function wordsKey(
  handOff: Pick<HandOff, 'kind' | 'to'>,
): HandOff['kind'] | 'leftConferenceUnnamed' {
  return handOff.kind === 'leftConference' && handOff.to === ''
    ? 'leftConferenceUnnamed'
    : handOff.kind;
}

/**
 * The hand-off an interaction's row says instead of its state: over for the agent because they
 * handed it on (and it has not come back since). Undefined otherwise.
 */
export function handedOnShown(
  item: Pick<InteractionSummary, 'phase' | 'handedOn'>,
): HandOff | undefined {
  const handOff = item.handedOn;
  return item.phase === 'ended' && handOff !== undefined && handOff.cameBackAt === undefined
    ? handOff
    : undefined;
}

/** The hand-off an invitation came back from, while it is offered: its row and view say so. */
export function cameBackShown(
  item: Pick<InteractionSummary, 'phase' | 'handedOn'>,
): HandOff | undefined {
  const handOff = item.handedOn;
  return item.phase === 'invited' && handOff?.cameBackAt !== undefined ? handOff : undefined;
}
