/**
 * The one vocabulary of GWS interaction states. GWS names an interaction's state in words that
 * differ by dialect and deployment; everything outside main/gws works with the phase derived
 * here, so that the renderer, the tray and the cache never decide GWS semantics themselves.
 */

/**
 * States after which the agent no longer has the interaction. `Completed` is what the simulator
 * sends the agent whose ownership ended (simulator/README.md "Ended interactions"; the documents
 * show none); `Stopped` is the final state of 004's history entries; `Released` and `Ended`
 * are accepted too, in case a server reports the end under those names.
 */
export const ENDED_STATES: ReadonlySet<string> = new Set([
  'Completed',
  'Stopped',
  'Released',
  'Ended',
]);

/** The state of an offer the agent may still accept or reject. */
export const INVITED_STATE = 'Invited';

/** The state of an offer withdrawn before the agent took it (the invite timed out, sign-out). */
export const REVOKED_STATE = 'Revoked';

/** The state an interaction the agent accepted is reported in first. */
export const ACCEPTED_STATE = 'Accepted';

/**
 * The state 000's dialect reports an accepted interaction in when its properties or its chat
 * lines change (003's samples say Accepted for the same news), while `GET /me/interactions` and a
 * resync's answers say Accepted again: GWS bookkeeping, nothing the agent did or should see.
 */
export const PROPERTIES_CHANGED_STATE = 'PropertiesChanged';

/**
 * The state as the agent knows it: {@link PROPERTIES_CHANGED_STATE} is {@link ACCEPTED_STATE}.
 * A change between the two is no change to the interaction (the cache neither writes it nor moves
 * the interaction's last-change time, so a reconnect does not reorder the inbox).
 */
export function stateToTheAgent(state: string): string {
  return state === PROPERTIES_CHANGED_STATE ? ACCEPTED_STATE : state;
}

/**
 * Whether the agent writes (or wrote) the interaction: a reply, a forward, a new e-mail. Its
 * sender is the desk's own mailbox, so the desk names whom it goes to instead. 000/003 type it
 * `Outbound`; 002's samples type it `Email` with an `Outbound…` subtype (`OutboundReply`,
 * `OutboundNew`).
 */
export function writtenByAgent(
  type: string | null | undefined,
  subType: string | null | undefined,
): boolean {
  return type === 'Outbound' || (subType?.startsWith('Outbound') ?? false);
}

/**
 * The state a consulted agent's chat is reported in (simulator/operations/chat.ts keeps it while
 * the consultation is open; a StartConference party is invited in it too). That agent works on
 * the chat, but its customer waits for the owner's answer, not theirs.
 */
export const CONSULTED_STATE = 'InvitedConference';

/** States in which the agent works on an interaction (GWS keeps them after Accept). */
export const WORKING_STATES: ReadonlySet<string> = new Set([
  ACCEPTED_STATE,
  PROPERTIES_CHANGED_STATE,
  CONSULTED_STATE,
  'LeftConference',
  'Pulled',
  'ReplyCreated',
]);

/**
 * Whether the server lets the agent transfer the interaction to another agent now: 000's dialect
 * names the capability SingleStepTransfer, 003's Transfer. Only the interaction's owner has it
 * (a transfer ends "the Agent's ownership", 003), which is also who may consult on a chat: 003
 * says InitiateConsultation "should also be used for Two-Step Transfer and Two-Step Conference",
 * and no document names a capability of its own for it.
 */
export function mayTransfer(capabilities: ReadonlySet<string>): boolean {
  return capabilities.has('Transfer') || capabilities.has('SingleStepTransfer');
}

/**
 * What an interaction is to the agent: an offer (`invited`), work in hand (`working`), something
 * the agent holds but cannot write in (`other`: e.g. a state a deployment adds), or over (`ended`).
 */
export type InteractionPhase = 'invited' | 'working' | 'other' | 'ended';

export const INTERACTION_PHASES = ['invited', 'working', 'other', 'ended'] as const;

/** The phase of an interaction in `state`, ended when the cache recorded an end. */
export function phaseOf(state: string, endedAt?: number): InteractionPhase {
  if (endedAt !== undefined || ENDED_STATES.has(state)) return 'ended';
  if (state === INVITED_STATE) return 'invited';
  return WORKING_STATES.has(state) ? 'working' : 'other';
}
