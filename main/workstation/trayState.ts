import { channelSummary, isReady } from '../../common/agentStates';
import type { ChangeSet, ChannelState, ConnectionStatus } from '../../common/model';

/**
 * The tray as the shell renders it: which icon, which tooltip, which menu entries are enabled.
 * Every decision is here (tested under Node); the shell only maps `icon` to its PNGs, sets the
 * tooltip and badge, and enables the menu entries.
 */
/** Every tray icon the shell can show; resources/tray holds a PNG set for each. */
export const TRAY_ICONS = [
  'signedOut',
  'offline',
  'connecting',
  'ready',
  'notReady',
  'dnd',
  'invitation',
] as const;
export type TrayIcon = (typeof TRAY_ICONS)[number];

export interface TrayMenu {
  /** "Ready" (all channels): while connected and some channel is not Ready. */
  readonly ready: { readonly enabled: boolean };
  /** "Not Ready" (with its reasons): while connected, also to change the reason. */
  readonly notReady: { readonly enabled: boolean };
  /** "Do Not Disturb", a check box: enabled while connected, checked while DND is on. */
  readonly dnd: { readonly enabled: boolean; readonly checked: boolean };
  readonly signOut: { readonly enabled: boolean };
}

export interface TrayState {
  readonly icon: TrayIcon;
  readonly tooltip: string;
  /** Invitations not yet accepted, rejected, withdrawn or ended: the badge/overlay count. */
  readonly pendingInvitations: number;
  readonly menu: TrayMenu;
}

export interface TrayInput {
  readonly connection: ConnectionStatus;
  /** The last known state of each channel (a `'*'` entry stands for all of them). */
  readonly channels: readonly ChannelState[];
  readonly pendingInvitations: number;
}

export const PRODUCT_NAME = 'Switchboard';
const DASH = ' — ';
const SEPARATOR = ' · ';
/** The tray's words for a cache that cannot store events (the failure follows in brackets). */
export const STORAGE_FAILURE_WORDS = 'The offline cache cannot store events; retrying';

/** "1 invitation waiting", "3 invitations waiting": the tooltip's and the overlay's words. */
export function invitationWords(count: number): string {
  return count === 1 ? '1 invitation waiting' : `${String(count)} invitations waiting`;
}

function withReason(words: string, reason: string): string {
  const trimmed = reason.trim();
  return trimmed === '' ? words : `${words} (${trimmed})`;
}

/**
 * The tray state for a connection, the channels' states and the pending invitations. Priority:
 * signed out, offline, connecting/reconnecting, an invitation pending, DND, Ready (any channel
 * Ready), Not Ready.
 */
export function deriveTrayState(input: TrayInput): TrayState {
  const { connection, channels } = input;
  const pending = Math.max(0, Math.trunc(input.pendingInvitations));
  const connected = connection.state === 'connected';
  const dnd = channels.some((channel) => channel.dnd);
  const anyReady = channels.some(isReady);
  const allReady = channels.length > 0 && channels.every(isReady);
  const menu: TrayMenu = {
    ready: { enabled: connected && !allReady },
    notReady: { enabled: connected },
    dnd: { enabled: connected, checked: connected && dnd },
    signOut: { enabled: connection.state !== 'signedOut' },
  };
  const state = (icon: TrayIcon, ...parts: string[]): TrayState => ({
    icon,
    tooltip: `${PRODUCT_NAME}${DASH}${parts.filter((part) => part !== '').join(SEPARATOR)}`,
    pendingInvitations: pending,
    menu,
  });

  switch (connection.state) {
    case 'signedOut':
      return { ...state('signedOut', 'Signed out'), pendingInvitations: 0 };
    case 'offline':
      return state('offline', withReason('Offline', connection.reason));
    case 'connecting':
      return state('connecting', withReason('Connecting', connection.reason));
    case 'reconnecting':
      return state('connecting', withReason('Reconnecting', connection.reason));
    case 'connected':
      break;
  }

  const connectedSummary = channels.length === 0 ? 'Connected' : channelSummary(channels);
  // A cache that cannot store what arrives is said in every connected state's tooltip.
  const summary =
    connection.storageFailure === undefined
      ? connectedSummary
      : `${connectedSummary}${SEPARATOR}${withReason(STORAGE_FAILURE_WORDS, connection.storageFailure)}`;
  const waiting = pending > 0 ? invitationWords(pending) : '';
  if (pending > 0) return state('invitation', dnd ? 'Do not disturb' : '', summary, waiting);
  if (dnd) return state('dnd', 'Do not disturb', summary);
  return state(anyReady ? 'ready' : 'notReady', summary);
}

function sameState(a: TrayState, b: TrayState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Folds what the core reports into the tray state: the session's connection status
 * (`GwsSession.onStatus`) and each commit of the cache writer (its change set's channel states,
 * merged by presence, and the invitations still waiting, which the alerts own). It reads no GWS
 * state itself. Listeners hear only real changes of the state. Signing out forgets the channels
 * and the invitations.
 */
export class TrayModel {
  private connection: ConnectionStatus = { state: 'signedOut', reason: 'not signed in' };
  private channels: readonly ChannelState[] = [];
  private pending = 0;
  private current: TrayState = this.derive();
  private readonly listeners = new Set<(state: TrayState) => void>();

  get state(): TrayState {
    return this.current;
  }

  /** Whether Do Not Disturb is on, as the channels last said (kept while reconnecting). */
  get dnd(): boolean {
    return this.channels.some((channel) => channel.dnd);
  }

  /** The channels' states as last reported, merged by channel (empty while signed out). */
  get channelStates(): readonly ChannelState[] {
    return this.channels;
  }

  onChange(listener: (state: TrayState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(status: ConnectionStatus): TrayState {
    this.connection = status;
    if (status.state === 'signedOut') {
      this.channels = [];
      this.pending = 0;
    }
    return this.update();
  }

  /**
   * Folds one commit: the channel states it carries (when it changed them) and the number of
   * invitations waiting after it (`Alerts.pendingCount`). Ignored while signed out.
   */
  fold(changes: ChangeSet, pendingInvitations: number): TrayState {
    if (this.connection.state === 'signedOut') return this.current;
    if (changes.agent !== undefined) this.channels = changes.agent.channels;
    this.pending = pendingInvitations;
    return this.update();
  }

  private derive(): TrayState {
    return deriveTrayState({
      connection: this.connection,
      channels: this.channels,
      pendingInvitations: this.pending,
    });
  }

  private update(): TrayState {
    const next = this.derive();
    if (sameState(next, this.current)) return this.current;
    this.current = next;
    for (const listener of [...this.listeners]) listener(next);
    return next;
  }
}
