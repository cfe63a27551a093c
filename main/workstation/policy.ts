import type { ChangeSet, ChatEvent, HandOff, InteractionSnapshot } from '../../common/model';
import { CONSULTED_STATE, INVITED_STATE } from '../../common/interactionStates';
import { fromNameOf } from '../../common/mailSenders';

/**
 * What the shell should tell the agent about, derived from the GWS events as the cache saw them
 * (see CacheWriter.apply): a toast or tray alert for a new invitation, and one for an invitation
 * the agent had been shown but that went away before it was accepted.
 */
export type PolicyEvent =
  | {
      readonly kind: 'invite';
      readonly interactionId: string;
      readonly channel: string;
      readonly subject?: string;
      readonly from?: string;
      /** The customer's first chat line, when the invitation carries one. */
      readonly preview?: string;
      /**
       * The agent had handed it on (a colleague, a queue) and it is offered to them again: the
       * hand-off it came back from (the colleague did not take it).
       */
      readonly cameBackFrom?: Pick<HandOff, 'kind' | 'to'>;
    }
  | {
      readonly kind: 'revoke';
      readonly interactionId: string;
      readonly channel: string;
      readonly subject?: string;
    }
  | {
      /**
       * Another agent brought this one into a chat (InvitedConference), to consult or into a
       * conference: it is in it already.
       */
      readonly kind: 'consult';
      readonly interactionId: string;
      readonly channel: string;
      readonly subject?: string;
      readonly from?: string;
    };

/**
 * What one commit of the cache writer gives its listeners: the change set the views fold (and
 * the renderer receives as `desk.changed`), and, main-side only, the alerts derived from it.
 */
export interface Commit {
  readonly changes: ChangeSet;
  readonly alerts: readonly PolicyEvent[];
}

/**
 * The interactions whose offer is over after a commit: every interaction of the change set in
 * another phase than `invited` (accepted, rejected, withdrawn, ended), and those a workbin
 * notification names (placed in a workbin). The one statement of the rule: the alerts fold it,
 * and the tray counts what the alerts still hold.
 */
export function offersOver(changes: ChangeSet): string[] {
  const over = changes.interactions
    .filter((interaction) => interaction.phase !== 'invited')
    .map((interaction) => interaction.id);
  for (const workbin of changes.workbins)
    for (const interaction of workbin.interactions) over.push(interaction.id);
  return over;
}

/** What the cache held about an interaction just before an event was applied. */
export interface PriorState {
  readonly state: string;
  readonly acceptedAt?: number;
  readonly endedAt?: number;
  readonly updatedAt: number;
}

export const PREVIEW_MAX_CHARS = 200;

/**
 * An invitation is announced when the interaction is new to the cache, or when it had ended
 * for this agent (revoked, completed, sent to a workbin) and is offered again later: that is a
 * new offer. An invitation for an interaction the cache holds as live (Invited again by a
 * resync or a re-delivered notification, or an invite older than what is stored) is not.
 */
export function shouldAnnounceInvite(prior: PriorState | undefined): boolean {
  return prior === undefined || prior.endedAt !== undefined;
}

/**
 * The states of an offer announced once per session: an invitation, and a colleague's
 * consultation (or conference) the agent was brought into (InvitedConference, which every line
 * of the chat repeats while it is open).
 */
const ANNOUNCED_OFFER_STATES: ReadonlySet<string> = new Set([INVITED_STATE, CONSULTED_STATE]);

/**
 * An offer the cache holds as live, in the same offered state (an invitation, a consultation),
 * that this session has not announced: an earlier session left it offered and ended without
 * signing out (a crash, a power cut), and its alerts ended with it. Offered still (the sign-in's
 * resync passes it on), it is announced as a new one is, once (the caller knows which it
 * announced in this session).
 */
export function offeredBeforeThisSession(
  prior: PriorState | undefined,
  offeredState: string,
  announcedThisSession: boolean,
): boolean {
  return (
    !announcedThisSession &&
    ANNOUNCED_OFFER_STATES.has(offeredState) &&
    prior !== undefined &&
    prior.endedAt === undefined &&
    prior.state === offeredState &&
    prior.acceptedAt === undefined
  );
}

/**
 * Whether an interaction in this state is an offer the session announces once
 * ({@link offeredBeforeThisSession}): the cache writer keeps it as announced while it stays so.
 */
export function isAnnouncedOffer(state: string): boolean {
  return ANNOUNCED_OFFER_STATES.has(state);
}

/**
 * A revoke is announced only for an invitation that is live in the cache (so it was announced:
 * every way to a live Invited row goes through {@link shouldAnnounceInvite}) and was never
 * accepted. A revoke repeated for an interaction already over is not.
 */
export function shouldAnnounceRevoke(prior: PriorState | undefined): boolean {
  return (
    prior !== undefined &&
    prior.endedAt === undefined &&
    prior.state === 'Invited' &&
    prior.acceptedAt === undefined
  );
}

/** Splits text into what a reader sees as characters (made once: constructing one is costly). */
const graphemes = new Intl.Segmenter();

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/u;

/**
 * The first `count` characters of `text` as a reader sees them: segmenting is slow, and a
 * preview needs only its first few of a line that may be long.
 */
export function firstCharacters(text: string, count: number): string[] {
  // Printable ASCII is one character per code unit, and so is each of the first `count` when
  // the one after them is printable ASCII too (nothing combines with what went before): most
  // lines take this way, about ten times faster than the segmenter.
  if (PRINTABLE_ASCII.test(text.slice(0, count + 1))) return Array.from(text.slice(0, count));
  const characters: string[] = [];
  for (const part of graphemes.segment(text)) {
    if (characters.length === count) break;
    characters.push(part.segment);
  }
  return characters;
}

/**
 * The customer's first chat line in a transcript: the first non-blank message not by an agent.
 * Reads the transcript only as far as that line (it may be a lazy iteration of the cache).
 */
export function previewOf(transcript: Iterable<ChatEvent>): string | undefined {
  for (const event of transcript) {
    if (event.kind !== 'message' || event.text === undefined) continue;
    if (event.authorType !== undefined && /^(agent|supervisor|system)$/i.test(event.authorType))
      continue;
    const characters = firstCharacters(
      event.text.replace(/\s+/gu, ' ').trim(),
      PREVIEW_MAX_CHARS + 1,
    );
    if (characters.length === 0) continue;
    return characters.length > PREVIEW_MAX_CHARS
      ? `${characters.slice(0, PREVIEW_MAX_CHARS - 1).join('')}…`
      : characters.join('');
  }
  return undefined;
}

/**
 * A consultation is announced as an invitation is ({@link shouldAnnounceInvite}): when the chat
 * is new to the cache or had ended for this agent. Every line of the consultation repeats the
 * state, and none of those is a new request.
 */
export function consultOf(snapshot: InteractionSnapshot): PolicyEvent {
  const from = senderOf(snapshot);
  return {
    kind: 'consult',
    interactionId: snapshot.id,
    channel: snapshot.channel,
    ...(snapshot.subject === undefined ? {} : { subject: snapshot.subject }),
    ...(from === undefined ? {} : { from }),
  };
}

/**
 * An invitation's alert; `cameBackFrom`, the agent's own hand-off of it that came back (see
 * CacheWriter: an interaction the agent handed on, offered to them again).
 */
export function inviteOf(
  snapshot: InteractionSnapshot,
  preview: string | undefined,
  cameBackFrom?: HandOff,
): PolicyEvent {
  const from = senderOf(snapshot);
  return {
    kind: 'invite',
    interactionId: snapshot.id,
    channel: snapshot.channel,
    ...(snapshot.subject === undefined ? {} : { subject: snapshot.subject }),
    ...(from === undefined ? {} : { from }),
    ...(preview === undefined ? {} : { preview }),
    ...(cameBackFrom === undefined
      ? {}
      : { cameBackFrom: { kind: cameBackFrom.kind, to: cameBackFrom.to } }),
  };
}

/**
 * Whom an alert names as the sender, as the inbox row names them: the person the mail names
 * ("Maria Lind"), else the address or the chat nickname.
 */
function senderOf(snapshot: InteractionSnapshot): string | undefined {
  return fromNameOf(snapshot.channel, snapshot.userData, snapshot.from) ?? snapshot.from;
}

export function revokeOf(
  interactionId: string,
  channel: string,
  subject: string | undefined,
): PolicyEvent {
  return {
    kind: 'revoke',
    interactionId,
    channel,
    ...(subject === undefined ? {} : { subject }),
  };
}
