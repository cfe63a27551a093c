import { isCustomerType } from '../../common/chatParticipants';
import { endsWait } from '../../common/chatReply';
import type { ChangeSet, ChatEvent } from '../../common/model';
import type { Translator } from '../i18n/translator';
import { clip, TITLE_MAX_CHARS, type Alert, type AlertChanges } from './alerts';
import { previewOf } from './policy';

export interface MessageAlertsOptions {
  readonly words: Translator;
  /** Whether the desk's window is out of sight (hidden to the tray, minimized). */
  readonly hidden: () => boolean;
  /** Do Not Disturb is on (or asked for): no notification. */
  readonly quiet: () => boolean;
  /**
   * Whether the agent is the one to answer the chat's customer: works on it (accepted, not
   * ended) and was not consulted on it nor added to its conference (InvitedConference: the
   * chat's owner answers; and such a colleague's desk reads the chat's earlier lines again).
   */
  readonly answering: (interactionId: string) => boolean;
}

/**
 * A customer's new chat line while the desk's window is out of sight: an OS notification, one
 * per chat on screen at a time (the next line replaces it), so that an agent working in another
 * application does not leave a customer waiting unseen. A click brings the window up on the
 * chat. Gone when an agent answers the customer or the chat ends; none under Do Not Disturb,
 * none while the window is in sight (the inbox row says the customer waits), silent (the chime
 * is the invitations'). The Do Not Disturb is the agent-wide one: a channel's own stops new work
 * on it, not the customers of the chats the agent already has.
 */
export class MessageAlerts {
  /** The notification on screen per chat. */
  private readonly onScreen = new Map<string, string>();
  /** Which chat each notification on screen is about, by notification id. */
  private readonly chats = new Map<string, string>();
  private shown = 0;

  constructor(private readonly options: MessageAlertsOptions) {}

  /** The notifications a commit's change set shows and closes. */
  fold(changes: ChangeSet): AlertChanges {
    const show: Alert[] = [];
    const close: string[] = [];
    for (const head of changes.interactions)
      if (head.phase === 'ended') close.push(...this.forget(head.id));
    for (const { interactionId, lines } of changes.transcripts) {
      const answered = lines.findLastIndex(endsWait);
      const unanswered = lines.slice(answered + 1).filter(fromCustomer);
      if (answered !== -1) close.push(...this.forget(interactionId));
      const alert = this.alertOf(interactionId, unanswered);
      if (alert !== undefined) show.push(alert);
    }
    return { show, close };
  }

  /** The chat a notification of these is about, when it is one of them. */
  chatOf(notificationId: string): string | undefined {
    return this.chats.get(notificationId);
  }

  /** Forgets every notification (the session ended); answers those to close. */
  clear(): string[] {
    const open = [...this.chats.keys()];
    this.onScreen.clear();
    this.chats.clear();
    return open;
  }

  private alertOf(interactionId: string, lines: readonly ChatEvent[]): Alert | undefined {
    const last = lines.at(-1);
    const { hidden, quiet, answering, words } = this.options;
    if (last === undefined || !hidden() || quiet() || !answering(interactionId)) return undefined;
    this.shown += 1;
    const id = `message-${String(this.shown)}`;
    const replaces = this.onScreen.get(interactionId);
    if (replaces !== undefined) this.chats.delete(replaces);
    this.onScreen.set(interactionId, id);
    this.chats.set(id, interactionId);
    const from = last.authorName;
    return {
      id,
      kind: 'message',
      // The author's name as the customer typed it: cut and cleaned as the invitations' titles are.
      title: clip(
        from === undefined
          ? words.t('tray.notification.chatMessage')
          : words.t('tray.notification.chatMessageFrom', { from }),
        TITLE_MAX_CHARS,
      ),
      body: previewOf([last]) ?? '',
      actions: [],
      sound: false,
      interactionId,
      ...(replaces === undefined ? {} : { replaces }),
    };
  }

  private forget(interactionId: string): string[] {
    const id = this.onScreen.get(interactionId);
    if (id === undefined) return [];
    this.onScreen.delete(interactionId);
    this.chats.delete(id);
    return [id];
  }
}

function fromCustomer(line: ChatEvent): boolean {
  return line.kind === 'message' && isCustomerType(line.authorType ?? '');
}
