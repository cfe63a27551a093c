import { missingCaseError } from './errors';
import type { Translate } from './i18n/translate';
import type { ChatEvent } from './model';

/**
 * Who is in a chat now, read from its transcript's party events (PARTY_JOINED / PARTY_LEFT,
 * ParticipantJoined / ParticipantLeft, normalized to `joined` / `left` lines by main/gws): the
 * cache stores every party event as a transcript line, and the change set appends them, so both
 * agents' desks know the parties without another read.
 */

/** What a participant is to the chat. */
export type ParticipantRole = 'customer' | 'agent' | 'consulting' | 'other';

export interface ChatParticipant {
  /** The party's id in the chat (when the server gave one), else its name. */
  readonly key: string;
  readonly name: string;
  readonly role: ParticipantRole;
}

/** Party types the servers use for the customer's side (000/003: Client; 004: Customer). */
const CUSTOMER_TYPES: ReadonlySet<string> = new Set(['client', 'customer']);

/** Whether a party type, as a line names it (in any case), is the customer's side. */
export function isCustomerType(type: string): boolean {
  return CUSTOMER_TYPES.has(type.toLowerCase());
}

/**
 * The chat's present participants, in the order they joined. An agent who joined with internal
 * visibility (`Int`: seen by agents only) is a consulted agent while `consultationOpen`; once
 * the consultation is completed as a conference, no party event says so, so the caller (which
 * knows it from the interaction's state) passes `false` and that agent reads as an agent.
 */
export function chatParticipants(
  transcript: readonly ChatEvent[],
  consultationOpen: boolean,
): ChatParticipant[] {
  const present = new Map<string, ChatParticipant>();
  for (const event of transcript) {
    if (event.kind !== 'joined' && event.kind !== 'left') continue;
    const name = event.authorName ?? event.authorId;
    const key = partyKey(event);
    if (name === undefined || key === undefined) continue;
    if (event.kind === 'left') {
      present.delete(key);
      continue;
    }
    present.set(key, { key, name, role: roleOf(event, consultationOpen) });
  }
  return [...present.values()];
}

/**
 * The customer who left the chat, when one was in it and none is now (a customer who comes back
 * is in it again): the chat goes on for no one on the customer's side, and what the agent writes
 * to it reaches nobody. Undefined while a customer is in it, and before one joined. A party is
 * known as the customer by its join line (a leave line may not say its type).
 */
export function customerWhoLeft(transcript: readonly ChatEvent[]): string | undefined {
  const customers = new Set<string>();
  const present = new Set<string>();
  let left: string | undefined;
  for (const event of transcript) {
    if (event.kind !== 'joined' && event.kind !== 'left') continue;
    const key = partyKey(event);
    if (key === undefined) continue;
    if (event.kind === 'joined') {
      if (!isCustomerType(event.authorType ?? '')) continue;
      customers.add(key);
      present.add(key);
    } else if (customers.has(key)) {
      present.delete(key);
      left = event.authorName ?? key;
    }
  }
  return present.size === 0 ? left : undefined;
}

/**
 * The transcript with each line that names its party by id alone (003's NEW_MESSAGE carries
 * `NickName` and `UserType` null: the names come from the party's PARTY_JOINED, which may arrive
 * after it, as a consulted colleague's history answer does) given the party's name and type from
 * its join line. Resolved as the transcript is read, so a join stored later names the earlier
 * lines too. The same array when nothing was missing or known.
 */
export function withPartyNames(transcript: ChatEvent[]): ChatEvent[] {
  const parties = new Map<string, ChatEvent>();
  for (const event of transcript) {
    if (event.kind !== 'joined' || event.authorId === undefined) continue;
    if (event.authorName !== undefined || event.authorType !== undefined)
      parties.set(event.authorId, event);
  }
  if (parties.size === 0) return transcript;
  let lines: ChatEvent[] | undefined;
  for (const [index, line] of transcript.entries()) {
    if (line.authorId === undefined) continue;
    if (line.authorName !== undefined && line.authorType !== undefined) continue;
    const party = parties.get(line.authorId);
    const authorName = line.authorName ?? party?.authorName;
    const authorType = line.authorType ?? party?.authorType;
    if (authorName === line.authorName && authorType === line.authorType) continue;
    lines ??= [...transcript];
    lines[index] = {
      ...line,
      ...(authorName === undefined ? {} : { authorName }),
      ...(authorType === undefined ? {} : { authorType }),
    };
  }
  return lines ?? transcript;
}

/** Who a party line is of: the party's id in the chat (when the server gave one), else its name. */
export function partyKey(event: ChatEvent): string | undefined {
  return event.authorId ?? event.authorName;
}

/**
 * Whether an agent invited into a chat (GWS state InvitedConference, which both a consultation
 * and a StartConference give the invited agent) was consulted rather than added to a
 * conference, from `present` as {@link chatParticipants} gives them with the consultation open:
 * the agent who joined last, which the invited one is while its state is InvitedConference,
 * joined seen by agents only. (Any agent who joined so would also count one whose consultation
 * was completed as a conference earlier.) A chat with no agent in it yet (003's notifications
 * carry only the lines after the agent joined, until its history arrives) reads as a
 * consultation, the case whose messages are kept from the customer.
 */
export function invitedToConsult(present: readonly ChatParticipant[]): boolean {
  const last = agentsIn(present).at(-1);
  return last === undefined || isConsulting(last);
}

/** The agents among `present` (consulting or not), in the order they joined. */
export function agentsIn(present: readonly ChatParticipant[]): ChatParticipant[] {
  return present.filter((participant) => participant.role === 'agent' || isConsulting(participant));
}

/**
 * This agent's party in a chat (its key, as {@link partyKey} gives it): the one agent party that
 * ever joined under one of `names`, the names this agent joins chats under (the name set for
 * chats, the first name, the full name, the user name: GWS's party lines name no user, only the
 * party's nickname), when it is present. Undefined when none did, when it left, or when two did
 * (a colleague of the same name, or the agent gone and such a colleague come): the desk does not
 * guess.
 */
export function ownPartyIn(
  transcript: readonly ChatEvent[],
  names: readonly string[],
): string | undefined {
  const wanted = new Set(names.map(nameKey).filter((name) => name !== ''));
  if (wanted.size === 0) return undefined;
  const named = new Set<string>();
  for (const event of transcript) {
    if (event.kind !== 'joined' || !joinedAsAgent(event)) continue;
    const name = event.authorName ?? event.authorId;
    const key = partyKey(event);
    if (name !== undefined && key !== undefined && wanted.has(nameKey(name))) named.add(key);
  }
  const [only, ...more] = named;
  if (only === undefined || more.length > 0) return undefined;
  return agentsIn(chatParticipants(transcript, true)).some((agent) => agent.key === only)
    ? only
    : undefined;
}

function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

/** Whether the participant is a consulted agent, seen by agents only. */
export function isConsulting(participant: ChatParticipant): boolean {
  return participant.role === 'consulting';
}

/**
 * Whether the chat is a conference: two agents or more are in it, none of them consulting
 * (`participants` as {@link chatParticipants} gives them).
 */
export function isConference(participants: readonly ChatParticipant[]): boolean {
  return (
    !participants.some(isConsulting) &&
    participants.filter((participant) => participant.role === 'agent').length >= 2
  );
}

/**
 * Whether a join line is an agent's: typed Agent, or joined seen by agents only (`Int`: only an
 * agent joins so; a line of 003's dialect may come without the party's type).
 */
export function joinedAsAgent(event: ChatEvent): boolean {
  const type = (event.authorType ?? '').toLowerCase();
  return type === 'agent' || (type === '' && event.visibility === 'Int');
}

function roleOf(event: ChatEvent, consultationOpen: boolean): ParticipantRole {
  if (isCustomerType(event.authorType ?? '')) return 'customer';
  if (!joinedAsAgent(event)) return 'other';
  return event.visibility === 'Int' && consultationOpen ? 'consulting' : 'agent';
}

/** The words a participant's role reads as on the desk, in the language of `t`. */
export function roleWords(role: ParticipantRole, t: Translate): string {
  switch (role) {
    case 'customer':
      return t('chat.role.customer');
    case 'agent':
      return t('chat.role.agent');
    case 'consulting':
      return t('chat.role.consulting');
    case 'other':
      // A party that is neither (000's External: a bot, a system party).
      return t('chat.role.other');
    default:
      throw missingCaseError(role);
  }
}
