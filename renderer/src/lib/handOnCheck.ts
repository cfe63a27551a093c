import type { InjectionKey } from 'vue';

/**
 * A way the open interaction leaves the agent's hands that may leave something behind:
 * `completeTransfer` is a consultation completed as a transfer ("Transfer to Priya Raman"),
 * `leave` the agent leaving a chat others stay in (Leave chat, Leave consultation, Leave
 * conference).
 */
export type HandOn =
  | 'done'
  | 'endChat'
  | 'transfer'
  | 'placeInQueue'
  | 'placeInWorkbin'
  | 'completeTransfer'
  | 'leave';

/**
 * Asks the agent first when handing the open interaction on would leave something behind (a
 * reply still a draft, a colleague still consulted): one rule for Done, End chat, Transfer, the
 * queue, the workbin, a consultation's Transfer and leaving a chat, kept by InteractionView.vue. Answers whether to go on: at once where
 * nothing is left behind, else once the agent answers the question. `back` takes the keyboard
 * back to what asked when the agent keeps things as they are.
 */
export type AskBeforeHandingOn = (handOn: HandOn, back: () => void) => Promise<boolean>;

export const askBeforeHandingOnKey: InjectionKey<AskBeforeHandingOn> = Symbol('askBeforeHandingOn');

/** Where no interaction view asks (a component on its own): nothing is left behind. */
export const goAhead: AskBeforeHandingOn = () => Promise.resolve(true);
