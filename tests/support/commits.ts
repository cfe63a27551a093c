import type { ChangeSet, ChannelState, InteractionHead } from '../../common/model';
import { phaseOf } from '../../common/interactionStates';
import { Alerts } from '../../main/workstation/alerts';
import { emptyChangeSet } from '../../main/workstation/cacheWriter';
import type { Commit, PolicyEvent } from '../../main/workstation/policy';
import { agentStateOf, mergeChannels } from '../../main/workstation/presence';
import type { TrayModel } from '../../main/workstation/trayState';

/**
 * Commits as the cache writer announces them, for the folds' unit tests: channel reports merged
 * the way the writer merges them, interactions as heads in a state, alerts as derived. The tray
 * gets its invitation count from a real {@link Alerts}, as in the desk.
 */
export class CommitScript {
  private channels: ChannelState[] = [];
  readonly alerts: Alerts;

  constructor(
    private readonly tray: TrayModel,
    alerts?: Alerts,
  ) {
    this.alerts = alerts ?? new Alerts({ dnd: () => tray.dnd, sound: () => false });
  }

  /** A channel report, merged into what the session reported before. */
  report(...update: ChannelState[]): Commit {
    this.channels = mergeChannels(this.channels, update);
    return this.fold({ ...emptyChangeSet(), agent: agentStateOf(this.channels) });
  }

  /** Interactions now in these states (`Revoked`, `Ended`… are over). */
  states(...states: [id: string, state: string][]): Commit {
    return this.fold({
      ...emptyChangeSet(),
      interactions: states.map(([id, state]) => head(id, state)),
    });
  }

  /** A workbin notification naming these interactions. */
  workbin(...ids: string[]): Commit {
    return this.fold({
      ...emptyChangeSet(),
      workbins: [
        {
          change: 'PlacedIn',
          interactions: ids.map((id) => ({
            id,
            channel: 'email',
            state: 'Pulled',
            capabilities: [],
            userData: {},
          })),
          entries: [],
          removed: [],
        },
      ],
    });
  }

  /** Alerts of the writer (an invitation, a withdrawal) with the heads they come with. */
  alert(...alerts: PolicyEvent[]): Commit {
    return this.fold(emptyChangeSet(), alerts);
  }

  /** Folds a commit into the alerts, then the tray, as the desk does. */
  fold(changes: ChangeSet, alerts: readonly PolicyEvent[] = []): Commit {
    const commit: Commit = { changes, alerts };
    this.alerts.fold(commit);
    this.tray.fold(changes, this.alerts.pendingCount);
    return commit;
  }

  /** Signing out: the session's channels are forgotten. */
  signedOut(): void {
    this.channels = [];
  }
}

/** An interaction's head in a state, as the writer would report it. */
export function head(id: string, state: string, channel = 'chat'): InteractionHead {
  const ended = /^(Revoked|Ended|Completed|Stopped|Released)$/u.test(state) ? 1 : undefined;
  return {
    id,
    channel,
    state,
    phase: phaseOf(state, ended),
    firstSeenAt: 0,
    updatedAt: 0,
    to: [],
    capabilities: [],
    userData: {},
    ...(ended === undefined ? {} : { endedAt: ended }),
  };
}
