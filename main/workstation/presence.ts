import { sameWord } from '../../common/agentStates';
import type { AgentState, ChangeSet, ChannelState } from '../../common/model';

/**
 * Presence: the agent's channel states, the one owner of them on the main side. The cache
 * writer merges what the server reports ({@link mergeChannels}) and stores it; the change set
 * carries the merged states (`ChangeSet.agent`); this fold keeps them for the contract
 * (`agent.getState`) and the tray. While signed out it answers the states last stored, so the
 * desk shows them offline.
 */
export class Presence {
  private live: AgentState | undefined;

  /** @param stored the states last stored by the cache writer (read while signed out). */
  constructor(
    private readonly stored: () => { at: number; channels: ChannelState[] } | undefined,
  ) {}

  /** A session started: its states are what the server reports from now on (none yet). */
  signedIn(): AgentState {
    this.live = { channels: [], dnd: false };
    return this.state();
  }

  /** The session ended: the last stored states answer again. */
  signedOut(): AgentState {
    this.live = undefined;
    return this.state();
  }

  /** Takes the states a commit carries; answers whether they changed what it answers. */
  fold(changes: ChangeSet): boolean {
    if (changes.agent === undefined || this.live === undefined) return false;
    this.live = changes.agent;
    return true;
  }

  /** The channel states of the session, or the last stored ones while signed out. */
  state(): AgentState {
    if (this.live !== undefined) return this.live;
    const stored = this.stored();
    return stored === undefined
      ? { channels: [], dnd: false }
      : agentStateOf(stored.channels, stored.at);
  }

  /** The session's channels ([] while signed out): what the tray and "everywhere" commands use. */
  get channels(): readonly ChannelState[] {
    return this.live?.channels ?? [];
  }

  /** Whether Do Not Disturb is on in the session, as the channels last said. */
  get dnd(): boolean {
    return this.live?.dnd ?? false;
  }
}

/** The contract's agent state of merged channel states reported at `at`. */
export function agentStateOf(channels: readonly ChannelState[], at?: number): AgentState {
  return {
    channels: [...channels],
    dnd: channels.some((channel) => channel.dnd),
    ...(at === undefined ? {} : { at }),
  };
}

/**
 * Channel states merged by channel; a `'*'` entry applies to every known channel, and an
 * `Unknown` state (a DND-only report) keeps the channel's state and takes its DND flag.
 */
export function mergeChannels(
  known: readonly ChannelState[],
  update: readonly ChannelState[],
): ChannelState[] {
  const byChannel = new Map(known.map((channel) => [channel.channel, channel]));
  const apply = (prior: ChannelState | undefined, next: ChannelState): ChannelState =>
    prior !== undefined && sameWord(next.state, 'Unknown')
      ? { ...prior, dnd: next.dnd }
      : { ...next, channel: prior?.channel ?? next.channel };
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
