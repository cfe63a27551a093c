import { agentWideDnd, isLoggedOut, sameWord } from '../../common/agentStates';
import { SwitchboardFailure, describeError, valueOrThrow, type Result } from '../../common/errors';
import { Listeners } from '../../common/listeners';
import type {
  AgentState,
  ChangeSet,
  ChannelReport,
  ChannelState,
  NotReadyReason,
} from '../../common/model';
import type { StoredChannelStates } from '../cache/deskState';
import type { GwsOperations } from '../gws/operations';
import { unlistedReasonIn } from './awaySummary';

export interface PresenceLog {
  warn(message: string): void;
}

export interface PresenceOptions {
  /** The signed-in session's operations; undefined while signed out. */
  readonly operations: () => GwsOperations | undefined;
  /** The channel states the cache writer stored last (what the desk shows while signed out). */
  readonly stored: () => StoredChannelStates | undefined;
  readonly log: PresenceLog;
  /**
   * A Do Not Disturb request failed: what it kept quiet while under way ({@link Presence.quiet})
   * is no longer quiet, unless the server says DND is on.
   */
  readonly dndRequestFailed?: () => void;
  /** The agent asked for a state (Ready, Not Ready, a custom state, DND), on a channel or all. */
  readonly stateChosen?: () => void;
  /**
   * Starts the contact-center session again (GwsSession.startContactCenterSessionAgain: the
   * sign-in's channels; refused while signing out). Without it, a state chosen while logged out
   * of every channel is sent as it is.
   */
  readonly startSession?: () => Promise<Result<unknown>>;
}

/** The reason offered when the contact center lists no Not Ready state of its own. */
const PLAIN_NOT_READY: NotReadyReason = { operationName: 'NotReady', displayName: 'Not Ready' };

/**
 * The agent's presence, the one owner of it on the main side: the channels' states (the cache
 * writer merges what the server reports with {@link mergeChannels} and stores it; each commit's
 * change set carries the merged states, which this folds), Do Not Disturb (including a request
 * the server has not confirmed yet), the Not Ready reasons of the contact center, and the
 * commands that change them. The contract's `agent` namespace, the tray and the alert policy
 * all read it here. While signed out it answers the states last stored, so the desk shows them
 * offline.
 */
export class Presence {
  private live: AgentState | undefined;
  private reasonList: NotReadyReason[] = [];
  private readonly reasonListeners: Listeners<[readonly NotReadyReason[]]>;
  /**
   * The agent asked for Do Not Disturb and the server has not yet said so: GWS may withdraw the
   * pending invitations before it reports the new state, and those are not announced either.
   */
  private dndRequested = false;
  /** The unlisted reason names the reasons were read again for in this session. */
  private readonly reasonsReadFor = new Set<string>();

  constructor(private readonly options: PresenceOptions) {
    this.reasonListeners = new Listeners<[readonly NotReadyReason[]]>((error) => {
      options.log.warn(`reasons listener failed: ${describeError(error)}`);
    });
  }

  /** A session started: its states are what the server reports from now on (none yet). */
  signedIn(): AgentState {
    this.live = { channels: [], dnd: false };
    this.dndRequested = false;
    this.reasonsReadFor.clear();
    return this.state();
  }

  /** The session ended: nothing of it holds any more; the last stored states answer again. */
  signedOut(): AgentState {
    this.live = undefined;
    this.dndRequested = false;
    this.setReasons([]);
    return this.state();
  }

  /**
   * Takes the states a commit carries (which confirm or deny a DND request); answers whether
   * they changed what it answers. A change set outside a session is not the agent's live state.
   */
  fold(changes: ChangeSet): boolean {
    if (changes.agent === undefined || this.live === undefined) return false;
    this.live = changes.agent;
    this.dndRequested = false;
    this.readReasonsNamed(changes.agent);
    return true;
  }

  /**
   * Reads the reasons again when the server reports the agent in a Not Ready reason the list
   * does not name: renamed by the administrator since the list was read ("Lunch" now "Lunch
   * break"), or added and set by a supervisor. The menus showed plain Not Ready checked for it.
   * Once per name a session: a state the contact center does not list stays unlisted.
   */
  private readReasonsNamed(agent: AgentState): void {
    if (this.reasonList.length === 0) return;
    const unlisted = unlistedReasonIn(agent, this.reasonList);
    if (unlisted === undefined || this.reasonsReadFor.has(unlisted)) return;
    this.reasonsReadFor.add(unlisted);
    void this.loadReasons();
  }

  /** The channel states of the session, or the last stored ones while signed out. */
  state(): AgentState {
    if (this.live !== undefined) return this.live;
    const stored = this.options.stored();
    return stored === undefined
      ? { channels: [], dnd: false }
      : agentStateOf(stored.channels, stored.at);
  }

  /** The session's channels ([] while signed out): what the tray and "everywhere" commands use. */
  get channels(): readonly ChannelState[] {
    return this.live?.channels ?? [];
  }

  /**
   * Whether Do Not Disturb is on for the agent as a whole in the session, as the channels last
   * said ({@link agentWideDnd}): one channel's own DND is not.
   */
  get dnd(): boolean {
    return this.live?.dnd ?? false;
  }

  /**
   * Whether notifications should stay quiet: the agent-wide DND is on, or asked for. The alerts
   * decide for every channel at once, and so does this: a channel under DND of its own is
   * offered nothing by the server, so there is nothing of it to quiet, while invitations of
   * the other channels must still be heard.
   */
  get quiet(): boolean {
    return this.dndRequested || this.dnd;
  }

  // ---- Not Ready reasons ---------------------------------------------------------------------

  reasons(): readonly NotReadyReason[] {
    return this.reasonList;
  }

  onReasons(listener: (reasons: readonly NotReadyReason[]) => void): () => void {
    return this.reasonListeners.add(listener);
  }

  /** The reasons, read from `/settings/agent-states` the first time they are needed. */
  async notReadyReasons(): Promise<NotReadyReason[]> {
    return this.reasonList.length > 0 ? this.reasonList : this.loadReasons();
  }

  /** Reads the Not Ready reasons of `/settings/agent-states` (after sign-in). */
  async loadReasons(): Promise<NotReadyReason[]> {
    const ops = this.options.operations();
    if (ops === undefined) return [];
    const states = await ops.getAgentStates();
    if (!states.ok) {
      this.options.log.warn(`agent states: ${states.error.message}`);
      return this.reasonList;
    }
    const reasons = states.value
      .filter((state) => state.state.toLowerCase().replace(/[^a-z]/gu, '') === 'notready')
      .map(({ operationName, displayName }) => ({ operationName, displayName }));
    // An answer for a session that has ended since must not show on the next one.
    if (this.options.operations() === ops)
      this.setReasons(reasons.length > 0 ? reasons : [PLAIN_NOT_READY]);
    return this.reasonList;
  }

  private setReasons(reasons: NotReadyReason[]): void {
    if (JSON.stringify(reasons) === JSON.stringify(this.reasonList)) return;
    this.reasonList = reasons;
    this.reasonListeners.emit(reasons);
  }

  // ---- commands ------------------------------------------------------------------------------

  /** Ready on every channel, or on one. */
  async setReady(channel?: string): Promise<void> {
    const ops = this.ops();
    await this.sessionStarted();
    return valueOrThrow(channel === undefined ? ops.setReady() : ops.setChannelReady(channel));
  }

  /** Not Ready everywhere or on one channel, with a reason of this contact center. */
  async setNotReady(channel: string | undefined, reason: string | undefined): Promise<void> {
    const ops = this.ops();
    if (reason === undefined || reason === PLAIN_NOT_READY.operationName) {
      await this.sessionStarted();
      return valueOrThrow(
        channel === undefined ? ops.setNotReady() : ops.setChannelNotReady(channel),
      );
    }
    const reasons = await this.notReadyReasons();
    const offered = reasons.find((known) => known.operationName === reason);
    if (offered === undefined) throw reasonUnknown(reason, reason);
    try {
      await this.setAgentState(reason, channel);
    } catch (refusal) {
      // The administrator may have removed the reason since the list was read: the server then
      // refuses it in its own (English) words, and the menus would go on offering it. Read the
      // list again (its listeners update the menus) and say so in the desk's language. A session
      // that ended meanwhile has no list to read: its refusal is what happened.
      if (this.options.operations() === undefined) throw refusal;
      const now = await this.loadReasons();
      if (!now.some((known) => known.operationName === reason))
        throw reasonUnknown(reason, offered.displayName);
      throw refusal;
    }
  }

  /**
   * An agent state of /settings/agent-states by its operation name. 003 documents custom states
   * on one channel only ("Set Agent State for a Particular Channel"), so "everywhere" is one
   * request per channel the agent has; the `/me` form is the fallback before any is known.
   */
  async setAgentState(operationName: string, channel: string | undefined): Promise<void> {
    const ops = this.ops();
    await this.sessionStarted();
    if (channel !== undefined) return valueOrThrow(ops.setChannelState(channel, operationName));
    // Not a channel logged out (elsewhere, by a supervisor): the server refuses any state there
    // ("not available"), and that refusal failed the whole choice although the channels logged
    // in took it. All of them while none is known to be logged in: the session just started
    // again (above) logs them in, and its notification has not come yet. The `/me` form only
    // before any channel is known.
    const known = this.channels.filter((channel) => channel.channel !== '*');
    const loggedIn = known.filter((channel) => !isLoggedOut(channel));
    const channels = (loggedIn.length > 0 ? loggedIn : known).map((channel) => channel.channel);
    if (channels.length === 0) return valueOrThrow(ops.setAgentState(operationName));
    const answers = await Promise.all(
      channels.map((name) => ops.setChannelState(name, operationName)),
    );
    for (const answer of answers)
      if (!answer.ok) throw new SwitchboardFailure(answer.error.kind, answer.error.message);
  }

  async setDoNotDisturb(on: boolean): Promise<void> {
    const ops = this.ops();
    this.dndRequested = on;
    try {
      await valueOrThrow(ops.doNotDisturb(on));
    } catch (error) {
      this.dndRequested = false;
      if (on) this.options.dndRequestFailed?.();
      throw error;
    }
  }

  /**
   * Starts the contact-center session again ({@link PresenceOptions.startSession}) when the
   * server has the agent logged out of every channel: it lost the session (a restart, a
   * timeout) and the desk's restore of it failed, or it was ended elsewhere. Without it every
   * state the agent chose was refused ("No contact center session") until they signed out and
   * in again.
   */
  private async sessionStarted(): Promise<void> {
    const start = this.options.startSession;
    const channels = this.channels.filter((known) => known.channel !== '*');
    if (start === undefined || channels.length === 0 || !channels.every(isLoggedOut)) return;
    await valueOrThrow(start());
  }

  /**
   * The session's GWS operations; `unauthorized` while signed out. Every command asks here
   * first: the agent is choosing a state.
   */
  private ops(): GwsOperations {
    const ops = this.options.operations();
    if (ops === undefined) throw new SwitchboardFailure('unauthorized', 'Not signed in');
    this.options.stateChosen?.();
    return ops;
  }
}

/** A Not Ready reason this contact center does not (or no longer) list; `shown` as the menu named it. */
function reasonUnknown(operationName: string, shown: string): SwitchboardFailure {
  return new SwitchboardFailure(
    'invalidArgument',
    `${operationName} is not a Not Ready reason of this contact center`,
    'notReadyReasonUnknown',
    { reason: shown },
  );
}

/**
 * The contract's agent state of merged channel states reported at `at`. Each channel keeps its
 * own `dnd`; the agent's `dnd` is the agent-wide one ({@link agentWideDnd}: DND on /me, or on
 * every channel), not "some channel is under DND".
 */
export function agentStateOf(channels: readonly ChannelState[], at?: number): AgentState {
  return {
    channels: [...channels],
    dnd: agentWideDnd(channels),
    ...(at === undefined ? {} : { at }),
  };
}

/**
 * Channel states merged by channel; a `'*'` entry applies to every known channel, and an
 * `Unknown` state (a DND-only report) keeps the channel's state and takes its DND flag. A
 * `complete` update (a resync's read of every channel) also drops the channels it does not
 * list: an administrator took them from the agent, and a desk that kept them went on showing
 * them and sending "everywhere" choices to them, which the server refuses (an empty read drops
 * nothing: it tells of no channel at all, not of all of them taken away).
 */
export function mergeChannels(
  known: readonly ChannelState[],
  update: readonly ChannelReport[],
  complete = false,
): ChannelState[] {
  const merged = mergeReports(known, update);
  if (!complete || update.length === 0) return merged;
  const listed = new Set(update.map((entry) => entry.channel));
  return merged.filter((channel) => listed.has(channel.channel));
}

function mergeReports(
  known: readonly ChannelState[],
  update: readonly ChannelReport[],
): ChannelState[] {
  const byChannel = new Map(known.map((channel) => [channel.channel, channel]));
  const apply = (prior: ChannelState | undefined, next: ChannelReport): ChannelState => {
    // A report that names no DND state leaves the channel's as it was.
    const dnd = next.dnd ?? prior?.dnd ?? false;
    return prior !== undefined && sameWord(next.state, 'Unknown')
      ? { ...prior, dnd }
      : { ...next, channel: prior?.channel ?? next.channel, dnd };
  };
  for (const entry of update) {
    const real = [...byChannel.keys()].filter((name) => name !== '*');
    if (entry.channel === '*' && real.length > 0) {
      for (const name of real) byChannel.set(name, apply(byChannel.get(name), entry));
      byChannel.delete('*');
    } else {
      if (entry.channel !== '*') byChannel.delete('*');
      byChannel.set(entry.channel, apply(byChannel.get(entry.channel), entry));
    }
  }
  return [...byChannel.values()];
}
