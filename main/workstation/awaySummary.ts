import {
  channelSummary as summaryIn,
  isLoggedOut,
  isReady,
  sameWord,
} from '../../common/agentStates';
import { ENGLISH } from '../i18n/translator';
import type { Result } from '../../common/errors';
import type {
  AgentState,
  AwayItem,
  ChannelState,
  NotReadyReason,
  Restore,
} from '../../common/model';
import type { Commit } from './policy';

/**
 * "While you were away" (issue 14 items 2 and 3): what the resync after a gap in the link found
 * changed, gathered from the cache writer's commits of that resync, and the restoring of the
 * agent's state when the server lost the contact-center session meanwhile.
 */

/** What a gap looked like once its resync finished: the state before it and what changed. */
export interface ClosedGap {
  /**
   * The agent's state as the desk last knew it before the gap; none for a sign-in's (the desk
   * knew no state of this session before it).
   */
  readonly before?: AgentState;
  readonly items: AwayItem[];
}

/**
 * Gathers the changes of one gap: {@link begin} when a resync after a gap starts (the desk still
 * holds the state from before it), {@link fold} every commit meanwhile, {@link finish} when the
 * resync has read the server. Commits outside a gap are not its business. A sign-in is such a
 * gap for what the cache held live from an earlier session ({@link beginSignIn}).
 */
export class AwayTracker {
  private gap:
    | {
        before: AgentState | undefined;
        items: Map<string, AwayItem>;
        /** A sign-in's: only these interactions (held from before) are its news. */
        only: ReadonlySet<string> | undefined;
      }
    | undefined;

  /**
   * The state a restore is putting back, or could not put back because the server went away
   * again meanwhile (it could not even be asked what the restore left): the next gap's state
   * before, since what the desk shows then is the loss's (logged out, or half restored: Not
   * Ready where StartContactCenterSession left it), not the agent's. Without it, a server that
   * restarted twice within seconds left a Ready agent logged out, or Not Ready "restored".
   */
  private unrestored: AgentState | undefined;

  /** A resync after a gap starts; a gap already open keeps its earlier state. */
  begin(current: AgentState): void {
    const before = this.unrestored ?? current;
    this.unrestored = undefined;
    if (this.gap === undefined) {
      this.gap = { before, items: new Map(), only: undefined };
      return;
    }
    // A gap within the sign-in's: now everything it changes is news, measured from now.
    if (this.gap.before === undefined) this.gap = { ...this.gap, before, only: undefined };
  }

  /**
   * A sign-in starts whose resync confirms what the cache held live from an earlier session
   * (`held`: the desk crashed or was signed out meanwhile): what of it the server ended,
   * withdrew or handed elsewhere meanwhile is news to the agent, as a gap's is. Nothing held,
   * nothing to gather. It replaces whatever an earlier session left open.
   */
  beginSignIn(held: ReadonlySet<string>): void {
    this.unrestored = undefined;
    this.gap = held.size === 0 ? undefined : { before: undefined, items: new Map(), only: held };
  }

  /**
   * Takes what a commit of the resync changed: invitations it withdrew (the alerts say which
   * the agent had been shown) and interactions it ended (a row entering the `ended` phase: the
   * server no longer lists it, whether it ended or was moved away).
   */
  fold(commit: Commit): void {
    const gap = this.gap;
    if (gap === undefined) return;
    const withdrawn = new Set(
      commit.alerts.filter((alert) => alert.kind === 'revoke').map((alert) => alert.interactionId),
    );
    for (const head of commit.changes.interactions) {
      if (gap.only !== undefined && !gap.only.has(head.id)) continue;
      // In play again (withdrawn, then offered anew within the gap): no longer news.
      if (head.phase !== 'ended') {
        gap.items.delete(head.id);
        continue;
      }
      const change = withdrawn.has(head.id) ? 'withdrawn' : 'ended';
      // An invitation withdrawn without having been announced (never shown) is no news.
      if (sameWord(head.state, 'Revoked') && change !== 'withdrawn') continue;
      gap.items.set(head.id, {
        id: head.id,
        channel: head.channel,
        change,
        state: head.state,
        ...(head.subject === undefined ? {} : { subject: head.subject }),
        ...(head.from === undefined ? {} : { from: head.from }),
        ...(head.fromName === undefined ? {} : { fromName: head.fromName }),
        ...(head.sentTo === undefined ? {} : { sentTo: head.sentTo }),
      });
    }
  }

  /** Whether a gap's resync is under way (its changes are being gathered). */
  get gathering(): boolean {
    return this.gap !== undefined;
  }

  /** The resync has read the server: the gap's changes, and the tracker is ready for the next. */
  finish(): ClosedGap | undefined {
    const gap = this.gap;
    this.gap = undefined;
    if (gap === undefined) return undefined;
    const items = [...gap.items.values()];
    return gap.before === undefined ? { items } : { before: gap.before, items };
  }

  /** Restoring `before` starts: a gap beginning before it ends is measured from it. */
  restoring(before: AgentState): void {
    this.unrestored = before;
  }

  /**
   * The restore ended: `settled` when it restored the state, or the server could be asked what
   * it has now (the agent is told what it came to, and that state is theirs to change). Not
   * settled, the server went away again: the next gap restores the same state.
   */
  restoreEnded(settled: boolean): void {
    if (settled) this.unrestored = undefined;
  }

  /**
   * The agent chose a state: that one, not an earlier restore's, is theirs now; nor is a gap
   * under way to put back the state from before it (chosen while the resync read the server, it
   * was restored over: an agent who chose Not Ready ended up Ready).
   */
  stateChosen(): void {
    this.unrestored = undefined;
    if (this.gap?.before !== undefined) this.gap = { ...this.gap, before: undefined };
  }

  /** Signed out: a gap under way is nobody's news. */
  cancel(): void {
    this.gap = undefined;
    this.unrestored = undefined;
  }
}

/** The channels' states in words (English), to compare two states as the agent reads them. */
function channelSummary(channels: readonly ChannelState[]): string {
  return summaryIn(channels, ENGLISH.t);
}

/** Whether a channel is logged in (any state but logged out; an unknown one counts as not). */
function loggedIn(channel: ChannelState): boolean {
  return !isLoggedOut(channel) && !sameWord(channel.state, 'Unknown');
}

/**
 * Whether the server lost the contact-center session during the gap: before it the agent was
 * logged in on some channel, and now the server has it logged out of every one.
 */
export function contactCenterSessionLost(before: AgentState, now: AgentState): boolean {
  return before.channels.some(loggedIn) && now.channels.length > 0 && !now.channels.some(loggedIn);
}

/** Whether two agent states read the same to the agent (channel by channel, and DND). */
export function sameAgentState(a: AgentState, b: AgentState): boolean {
  return a.dnd === b.dnd && channelSummary(a.channels) === channelSummary(b.channels);
}

/** The GWS operations restoring the agent's state uses (GwsOperations has them all). */
export interface RestoreOperations {
  startContactCenterSession(channels: string[]): Promise<Result<unknown>>;
  setChannelReady(channel: string): Promise<Result<unknown>>;
  setChannelNotReady(channel: string, reason?: string): Promise<Result<unknown>>;
  setChannelState(channel: string, operationName: string): Promise<Result<unknown>>;
  doNotDisturb(on: boolean): Promise<Result<unknown>>;
  setChannelDoNotDisturb(channel: string, on: boolean): Promise<Result<unknown>>;
}

/**
 * A server's message as the end of a sentence: no trailing stop, a capitalised first word
 * lowered (an acronym such as DND kept as it is); undefined when it says nothing.
 */
function clause(message: string): string | undefined {
  const words = message.trim().replace(/[.!]+$/u, '');
  if (words === '') return undefined;
  return /^\p{Lu}\p{Ll}/u.test(words) ? `${words.charAt(0).toLowerCase()}${words.slice(1)}` : words;
}

/** A refusal's reason, when the server gave one. */
function reasonOf(message: string): { reason?: string } {
  const reason = clause(message);
  return reason === undefined ? {} : { reason };
}

/**
 * Starts the contact-center session again on the channels the agent had (StartContactCenterSession,
 * as at sign-in) and puts each back in its earlier state once: Ready, Not Ready with its reason
 * (the contact center's agent state of that name, else Not Ready with the reason code), and Do
 * Not Disturb: the agent's as a whole on /me, else each channel's own on that channel (a refused
 * one counts as that channel refused; the sentence says "Do not disturb on chat"). Answers what
 * it came to (common/awaySummary.ts words it: "Your state was restored: Ready on chat, e-mail."
 * or why the server refused). Never throws.
 *
 * `chosen` answers whether the agent has chosen a state since the restore began (the desk is
 * usable meanwhile, and each of these requests may take the server a while): that choice is
 * theirs, and nothing more of the earlier state is sent over it (an agent who went Not Ready
 * while the session was being started again was put back Ready, and routed work). Answers
 * undefined then.
 */
export async function restoreAgentState(
  before: AgentState,
  reasons: readonly NotReadyReason[],
  ops: RestoreOperations,
): Promise<Restore>;
export async function restoreAgentState(
  before: AgentState,
  reasons: readonly NotReadyReason[],
  ops: RestoreOperations,
  chosen: () => boolean,
): Promise<Restore | undefined>;
export async function restoreAgentState(
  before: AgentState,
  reasons: readonly NotReadyReason[],
  ops: RestoreOperations,
  chosen: () => boolean = () => false,
): Promise<Restore | undefined> {
  const channels = before.channels.filter(
    (channel) => channel.channel !== '*' && loggedIn(channel),
  );
  const started = await ops.startContactCenterSession(channels.map((channel) => channel.channel));
  if (!started.ok) return { outcome: 'sessionRefused', ...reasonOf(started.error.message) };
  // Every channel is tried once, whatever the others came to: one refused reason must not
  // leave the agent logged out of the rest.
  const refused: ChannelState[] = [];
  let refusal: ChannelRefusal | undefined;
  for (const channel of channels) {
    if (chosen()) return undefined;
    let why = await restoreChannel(channel, reasons, ops);
    if (why === undefined && channel.dnd && !before.dnd && !chosen())
      why = answered(await ops.setChannelDoNotDisturb(channel.channel, true));
    if (why === undefined) continue;
    refused.push(channel);
    refusal ??= why;
  }
  if (chosen()) return undefined;
  const dnd = before.dnd ? await ops.doNotDisturb(true) : undefined;
  if (refusal !== undefined)
    return {
      outcome: 'channelsRefused',
      kept: channels.filter((channel) => !refused.includes(channel)),
      refused,
      ...refusal,
    };
  if (dnd?.ok === false) return { outcome: 'dndRefused', ...reasonOf(dnd.error.message) };
  return { outcome: 'restored', channels, dnd: before.dnd };
}

/** Why a channel was not restored: the server's words, or a reason the desk found unlisted. */
type ChannelRefusal = { reason?: string } | { unlistedReason: string };

/** Nothing when an operation went through, else the server's reason. */
function answered(result: Result<unknown>): ChannelRefusal | undefined {
  return result.ok ? undefined : reasonOf(result.error.message);
}

/** The Not Ready reason of `reasons` a channel's state reads as (by its display name). */
function listedReason(
  channel: ChannelState,
  reasons: readonly NotReadyReason[],
): NotReadyReason | undefined {
  const name = channel.displayName?.trim();
  if (isReady(channel) || name === undefined) return undefined;
  return reasons.find(
    (reason) => !sameWord(reason.operationName, 'NotReady') && sameWord(reason.displayName, name),
  );
}

/**
 * The name of the Not Ready reason a channel of `before` was in that `reasons` do not list, if
 * one was: the restore could put it back only in name (the administrator renamed or removed it
 * since the list was read).
 */
export function unlistedReasonIn(
  before: AgentState,
  reasons: readonly NotReadyReason[],
): string | undefined {
  for (const channel of before.channels) {
    if (channel.channel === '*' || !loggedIn(channel)) continue;
    const unlisted = unlistedReasonOf(channel, reasons);
    if (unlisted !== undefined) return unlisted;
  }
  return undefined;
}

function unlistedReasonOf(
  channel: ChannelState,
  reasons: readonly NotReadyReason[],
): string | undefined {
  const name = channel.displayName?.trim();
  if (isReady(channel) || listedReason(channel, reasons) !== undefined) return undefined;
  if (channel.reason !== undefined || name === undefined || sameWord(name, 'NotReady'))
    return undefined;
  return name;
}

/** Puts one channel back in its earlier state; answers why not when it could not. */
async function restoreChannel(
  channel: ChannelState,
  reasons: readonly NotReadyReason[],
  ops: RestoreOperations,
): Promise<ChannelRefusal | undefined> {
  if (isReady(channel)) return answered(await ops.setChannelReady(channel.channel));
  // A Not Ready reason of the contact center reads as its display name on the channel.
  const named = listedReason(channel, reasons);
  if (named !== undefined)
    return answered(await ops.setChannelState(channel.channel, named.operationName));
  const unlisted = unlistedReasonOf(channel, reasons);
  // Plain Not Ready in its place would be restored in name only.
  if (unlisted !== undefined) return { unlistedReason: unlisted };
  return answered(await ops.setChannelNotReady(channel.channel, channel.reason));
}
