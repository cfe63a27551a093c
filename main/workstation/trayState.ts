import { agentWideDnd, channelSummary, isReady } from '../../common/agentStates';
import { waitingForAgentSince } from '../../common/chatReply';
import type {
  ChangeSet,
  ChannelState,
  ConnectionStatus,
  InteractionSummary,
} from '../../common/model';
import { ENGLISH, type Translator } from '../i18n/translator';

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

/** A menu entry's words (in the desk's language) and whether it can be chosen now. */
interface TrayMenuEntry {
  readonly label: string;
  readonly enabled: boolean;
}

export interface TrayMenu {
  /** "Show Switchboard": always there (Linux's trays may never report a click on the icon). */
  readonly show: { readonly label: string };
  /** "Ready" (all channels): while connected and some channel is not Ready. */
  readonly ready: TrayMenuEntry;
  /** "Not Ready" (with its reasons): while connected, also to change the reason. */
  readonly notReady: TrayMenuEntry;
  /** "Do Not Disturb", a check box: enabled while connected, checked while DND is on. */
  readonly dnd: TrayMenuEntry & { readonly checked: boolean };
  readonly signOut: TrayMenuEntry;
  readonly quit: { readonly label: string };
}

export interface TrayState {
  readonly icon: TrayIcon;
  readonly tooltip: string;
  /** The tooltip without the product name ("Ready on chat, e-mail"), for a menu's status line. */
  readonly status: string;
  /** Invitations not yet accepted, rejected, withdrawn or ended: the badge/overlay count. */
  readonly pendingInvitations: number;
  /** "3 invitations waiting": the badge's words for screen readers (Windows' overlay icon). */
  readonly pendingDescription: string;
  readonly menu: TrayMenu;
}

export interface TrayInput {
  readonly connection: ConnectionStatus;
  /** The last known state of each channel (a `'*'` entry stands for all of them). */
  readonly channels: readonly ChannelState[];
  readonly pendingInvitations: number;
  /** Chats whose customers wait for this agent's answer (common/chatReply.ts). */
  readonly waitingChats?: number;
}

/** The product's name: a brand, the same in every language. */
export const PRODUCT_NAME = 'Switchboard';
const DASH = ' — ';
const SEPARATOR = ' · ';

/**
 * The tray state for a connection, the channels' states and the pending invitations, worded in
 * the translator's language (English unless told). Priority: signed out, offline,
 * connecting/reconnecting, an invitation pending, DND, Ready (any channel Ready), Not Ready.
 */
export function deriveTrayState(input: TrayInput, words: Translator = ENGLISH): TrayState {
  const { t } = words;
  // A connection's reason and a storage failure are main's own words, in English ("signing in",
  // "connect ECONNREFUSED …"): a tray in another language says the state alone, as the window's
  // banner does (its Details hold the reason). A German tray said "Verbindung wird hergestellt
  // (signing in)" at every sign-in.
  const withReason = (text: string, reason: string): string => {
    const trimmed = reason.trim();
    return trimmed === '' || words.locale !== 'en'
      ? text
      : t('tray.status.withReason', { words: text, reason: trimmed });
  };
  const { connection, channels } = input;
  const pending = Math.max(0, Math.trunc(input.pendingInvitations));
  const connected = connection.state === 'connected';
  // The tray's DND is the agent's as a whole, which its check box turns on and off (on /me); a
  // channel under DND of its own reads so in the summary ("Do not disturb on chat").
  const dnd = agentWideDnd(channels);
  const anyReady = channels.some(isReady);
  const allReady = channels.length > 0 && channels.every(isReady);
  const menu: TrayMenu = {
    show: { label: t('tray.menu.show') },
    // Not under Do Not Disturb for all channels, which the server reports as Not Ready whatever
    // is chosen: the choice would take effect unseen once DND ends (the desk's control waits too).
    ready: { label: t('tray.menu.ready'), enabled: connected && !dnd && !allReady },
    notReady: { label: t('tray.menu.notReady'), enabled: connected && !dnd },
    dnd: { label: t('tray.menu.doNotDisturb'), enabled: connected, checked: connected && dnd },
    signOut: { label: t('tray.menu.signOut'), enabled: connection.state !== 'signedOut' },
    quit: { label: t('tray.menu.quit') },
  };
  const state = (icon: TrayIcon, ...parts: string[]): TrayState => {
    const status = parts.filter((part) => part !== '').join(SEPARATOR);
    return {
      icon,
      tooltip: `${PRODUCT_NAME}${DASH}${status}`,
      status,
      pendingInvitations: pending,
      pendingDescription: words.plural('tray.invitationsWaiting', pending),
      menu,
    };
  };

  switch (connection.state) {
    case 'signedOut':
      return {
        ...state('signedOut', t('tray.status.signedOut')),
        pendingInvitations: 0,
        pendingDescription: words.plural('tray.invitationsWaiting', 0),
      };
    case 'offline':
      return state('offline', withReason(t('tray.status.offline'), connection.reason));
    case 'connecting':
      return state('connecting', withReason(t('tray.status.connecting'), connection.reason));
    case 'reconnecting':
      return state('connecting', withReason(t('tray.status.reconnecting'), connection.reason));
    case 'connected':
      break;
  }

  const connectedSummary =
    channels.length === 0 ? t('tray.status.connected') : channelSummary(channels, t);
  // A cache that cannot store what arrives is said in every connected state's tooltip.
  const summary =
    connection.storageFailure === undefined
      ? connectedSummary
      : `${connectedSummary}${SEPARATOR}${withReason(t('tray.status.storageFailure'), connection.storageFailure)}`;
  const doNotDisturb = t('words.state.doNotDisturb');
  const waiting = pending > 0 ? words.plural('tray.invitationsWaiting', pending) : '';
  // Customers waiting for the agent's answer, for an agent working in another window.
  const chats = Math.max(0, Math.trunc(input.waitingChats ?? 0));
  const unanswered = chats > 0 ? words.plural('tray.chatsWaiting', chats) : '';
  if (pending > 0)
    return state('invitation', dnd ? doNotDisturb : '', summary, waiting, unanswered);
  if (dnd) return state('dnd', doNotDisturb, summary, unanswered);
  return state(anyReady ? 'ready' : 'notReady', summary, unanswered);
}

function sameState(a: TrayState, b: TrayState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Folds what the core reports into the tray state: the session's connection status
 * (`GwsSession.onStatus`) and each commit of the cache writer (its change set's channel states,
 * merged by presence, the invitations still waiting, which the alerts own, and its heads' waits
 * for the agent's answer). It reads no GWS state itself. Listeners hear only real changes of the
 * state. Signing out forgets the channels, the invitations and the waits.
 */
export class TrayModel {
  /**
   * @param words the translator of the desk's language (English unless given); a change of its
   *   language words the state again, and listeners hear the new words at once.
   */
  constructor(private readonly words: Translator = ENGLISH) {
    // Derived here, not in the field's initializer: fields are set before a parameter property
    // (ES2022 class fields), so the first state was worded without `words`, in English, and a
    // desk starting in German showed "Signed out" and an English menu until something changed.
    this.current = this.derive();
    words.onLocaleChanged(() => {
      this.update();
    });
  }

  private connection: ConnectionStatus = { state: 'signedOut', reason: 'not signed in' };
  private channels: readonly ChannelState[] = [];
  private pending = 0;
  /** The chats whose customers wait for this agent's answer. */
  private readonly waiting = new Set<string>();
  private current: TrayState;
  private readonly listeners = new Set<(state: TrayState) => void>();

  get state(): TrayState {
    return this.current;
  }

  /**
   * Whether Do Not Disturb is on for the agent as a whole, as the channels last said (kept while
   * reconnecting); one channel's own DND is not.
   */
  get dnd(): boolean {
    return agentWideDnd(this.channels);
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
      this.waiting.clear();
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
    this.noteWaits(changes.interactions);
    return this.update();
  }

  /**
   * Learns which chats wait for the agent's answer from the inbox as the cache holds it, when
   * the session starts: a chat that waited before it is not in a commit until it changes.
   */
  knowWaits(inbox: readonly InteractionSummary[]): TrayState {
    this.waiting.clear();
    this.noteWaits(inbox);
    return this.update();
  }

  private noteWaits(rows: readonly InteractionSummary[]): void {
    for (const row of rows) {
      if (waitingForAgentSince(row) === undefined) this.waiting.delete(row.id);
      else this.waiting.add(row.id);
    }
  }

  private derive(): TrayState {
    return deriveTrayState(
      {
        connection: this.connection,
        channels: this.channels,
        pendingInvitations: this.pending,
        waitingChats: this.waiting.size,
      },
      this.words,
    );
  }

  private update(): TrayState {
    const next = this.derive();
    if (sameState(next, this.current)) return this.current;
    this.current = next;
    for (const listener of [...this.listeners]) listener(next);
    return next;
  }
}
