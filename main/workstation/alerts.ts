import { channelLabel } from '../../common/agentStates';
import { cameBackWords } from '../../common/handOffWords';
import { missingCaseError } from '../../common/errors';
import type { MessageKey } from '../../common/i18n/translate';
import { withoutInvisible } from '../../common/visibleText';
import { ENGLISH, type Translator } from '../i18n/translator';
import { DEFAULT_INVITATION_TIMEOUT_SECONDS } from '../../common/settingsRules';
import { firstCharacters, offersOver, type Commit, type PolicyEvent } from './policy';

/**
 * Which OS notifications to show for the cache writer's alerts (`CacheWriter.onCommit`), and
 * where their clicks and actions go. The shell only renders what {@link Alerts} returns and
 * passes clicks and actions back by notification id.
 */
export type AlertActionId = 'accept' | 'reject';

export interface AlertAction {
  readonly id: AlertActionId;
  readonly label: string;
}

export interface Alert {
  /** The notification's id (the shell keeps its notification object under it). */
  readonly id: string;
  /**
   * An invitation, a withdrawal, a consultation, the one summary of the invitations that arrived
   * beyond the first few on screen ({@link INDIVIDUAL_INVITATIONS}), `away`: the desk's "while
   * you were away" summary (not about one interaction), `message`: a customer's chat line
   * while the window is out of sight (messageAlerts.ts), `sessionEnded`: the server ended
   * the agent's session while the window was out of sight (deskNotice.ts), or `loggedOut`: the
   * agent was logged out of every channel, not by this desk (desk.ts, tellLoggedOutElsewhere).
   */
  readonly kind:
    'invite' | 'revoke' | 'consult' | 'summary' | 'away' | 'message' | 'sessionEnded' | 'loggedOut';
  readonly title: string;
  readonly body: string;
  /** Accept/Reject for an invitation (where the platform shows actions), none for a revoke. */
  readonly actions: readonly AlertAction[];
  /** Whether to play the notification sound. */
  readonly sound: boolean;
  readonly interactionId: string;
  /** A notification of the same interaction to close first: one on screen per interaction. */
  readonly replaces?: string;
  /** The desk accepts this invitation by itself (the auto-answer setting for its channel). */
  readonly autoAnswer?: true;
}

/** What a click or an action on a notification asks of the shell. */
export type AlertCommand =
  | { readonly focus: string }
  | {
      readonly operation: AlertActionId;
      readonly interactionId: string;
      /** The window is brought up on this interaction once the operation is sent. */
      readonly focus?: string;
    };

export interface AlertsOptions {
  /** Whether Do Not Disturb is on now (e.g. `() => trayModel.dnd`). */
  readonly dnd: () => boolean;
  /** The "play a sound" setting, read when an invitation is notified. */
  readonly sound: () => boolean;
  /**
   * Invitations notified one by one while fewer of them are on screen; the rest share one
   * summary (default {@link INDIVIDUAL_INVITATIONS}).
   */
  readonly individualInvitations?: number;
  /** The invitation settings, read when an invitation arrives (default: the settings' defaults). */
  readonly invitations?: () => InvitationRules;
  /**
   * The desk's language for the notifications' words (default English), read as each one is
   * raised: a notification already on screen keeps the words it was shown with.
   */
  readonly words?: Translator;
}

/** What the invitation settings (common/model.ts `Settings`) ask of the alerts. */
export interface InvitationRules {
  /** The seconds an invitation's countdown starts from, stated in its notification. */
  readonly timeoutSeconds: number;
  /** Whether the desk accepts an invitation on this channel by itself. */
  autoAnswer(channel: string): boolean;
}

/** The rules of a desk whose agent never changed the invitation settings. */
export const DEFAULT_INVITATION_RULES: InvitationRules = {
  timeoutSeconds: DEFAULT_INVITATION_TIMEOUT_SECONDS,
  autoAnswer: () => false,
};

/** Invitations notified one by one while fewer are on screen; the rest share one summary. */
export const INDIVIDUAL_INVITATIONS = 3;

/** Accept and Reject, as the notification's buttons say them. */
function invitationActions({ t }: Translator): readonly AlertAction[] {
  return [
    { id: 'accept', label: t('tray.notification.accept') },
    { id: 'reject', label: t('tray.notification.reject') },
  ];
}
export const TITLE_MAX_CHARS = 80;
export const BODY_MAX_CHARS = 200;
/** Notifications remembered for click routing once their interaction is no longer live. */
export const REMEMBERED_ALERTS = 500;

/**
 * Where an offer stands: `shown`, `grouped` (counted in the summary notification) or
 * `suppressed` (DND) while live; `answered` once Accept or Reject was clicked on its
 * notification (or the desk accepted it by itself), `shown` again if that answer failed
 * ({@link Alerts.acceptFailed}, {@link Alerts.rejectFailed}); `over` once rejected, withdrawn,
 * accepted or ended.
 */
type OfferStatus = 'shown' | 'grouped' | 'suppressed' | 'answered' | 'over';

interface Offer {
  status: OfferStatus;
  readonly channel: string;
  readonly subject?: string;
  readonly from?: string;
  readonly preview?: string;
  /** The agent's hand-off it came back from (see PolicyEvent `cameBackFrom`). */
  readonly cameBackFrom?: NonNullable<Extract<PolicyEvent, { kind: 'invite' }>['cameBackFrom']>;
  /** The notification on screen for this interaction, if any. */
  notificationId?: string;
  /**
   * The "Invitation withdrawn" notification shown when this offer ended so: closed once the
   * interaction is offered again (routing offers an unanswered one again after its time-out).
   */
  withdrawal?: string;
  /**
   * While an answer sent for the agent is under way: the notification it came from (the
   * auto-answer's notice, or the one whose Accept or Reject was clicked), so that only its own
   * failure offers the invitation again ({@link Alerts.acceptFailed}, {@link Alerts.rejectFailed}).
   */
  answerFrom?: string;
}

/** Notifications to show and to close, as {@link Alerts.fold} answers them. */
export interface AlertChanges {
  readonly show: readonly Alert[];
  readonly close: readonly string[];
}

const NO_ALERT_CHANGES: AlertChanges = { show: [], close: [] };

/**
 * A notification's line as the OS shows it: one line, without invisible characters (a name's
 * direction controls included: no shell's notification is known to hold them in an isolate), at
 * most `max` characters as a reader counts them, "…" where it was cut.
 */
export function clip(text: string, max: number): string {
  // Line breaks are spaces first (they are invisible characters too), then the rest go.
  const visible = withoutInvisible(text.replace(/\s+/gu, ' ')).trim();
  // Counted and cut as a reader sees characters, so that "…" never splits an emoji sequence
  // (👩‍💻 is three code points) or a letter from its accent; one more than fits tells whether
  // it must be cut (a long line is not segmented whole).
  const characters = firstCharacters(visible, max + 1);
  return characters.length > max
    ? `${characters.slice(0, max - 1).join('')}…`
    : characters.join('');
}

function nonBlank(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text;
}

function isChat(channel: string): boolean {
  return channel.toLowerCase() === 'chat';
}

function isEmail(channel: string): boolean {
  return channel.toLowerCase() === 'email';
}

/**
 * The words of an interaction's notification by its channel (chat, e-mail, any other) and
 * whether the sender is known: "New chat from Tom", "New e-mail", "New SMS interaction".
 */
function byChannel(
  words: Translator,
  channel: string,
  from: string | undefined,
  keys: {
    readonly chat: readonly [MessageKey, MessageKey];
    readonly email: readonly [MessageKey, MessageKey];
    readonly other: readonly [MessageKey, MessageKey];
  },
): string {
  const [anonymous, named] = isChat(channel)
    ? keys.chat
    : isEmail(channel)
      ? keys.email
      : keys.other;
  const sender = nonBlank(from)?.trim();
  const values = { channel: channelLabel(channel, words.t) };
  return sender === undefined
    ? words.t(anonymous, values)
    : words.t(named, { ...values, from: sender });
}

/** "New chat from Tom", "New e-mail from maria@example.com", "New SMS interaction". */
export function inviteTitle(
  channel: string,
  from: string | undefined,
  words: Translator = ENGLISH,
): string {
  return clip(
    byChannel(words, channel, from, {
      chat: ['tray.notification.newChat', 'tray.notification.newChatFrom'],
      email: ['tray.notification.newEmail', 'tray.notification.newEmailFrom'],
      other: ['tray.notification.newInteraction', 'tray.notification.newInteractionFrom'],
    }),
    TITLE_MAX_CHARS,
  );
}

/** "30 seconds to answer": the countdown as the notification states it when shown. */
export function secondsToAnswer(seconds: number, words: Translator = ENGLISH): string {
  return words.plural('tray.notification.secondsToAnswer', seconds);
}

/** "5 more invitations waiting": the summary's title, with the true count. */
export function moreInvitationsWaiting(count: number, words: Translator = ENGLISH): string {
  return words.plural('tray.notification.moreInvitationsWaiting', count);
}

/** A chat's first line before its subject; anything else's subject before the first line. */
export function inviteBody(
  channel: string,
  subject: string | undefined,
  preview: string | undefined,
  words: Translator = ENGLISH,
): string {
  const [first, second] = isChat(channel) ? [preview, subject] : [subject, preview];
  const text = nonBlank(first) ?? nonBlank(second);
  if (text !== undefined) return clip(text, BODY_MAX_CHARS);
  return isEmail(channel) ? words.t('tray.notification.noSubject') : '';
}

/**
 * The notification policy of the shell: one notification per invitation (title by channel and
 * sender, body the subject or the chat's first line, Accept/Reject actions, the sound if the
 * setting says so); one "Invitation withdrawn" when an invitation that was shown or suppressed
 * is revoked; none at all while Do Not Disturb is on (a suppressed invitation is still counted,
 * see {@link suppressedCount}, and the tray shows it as pending).
 *
 * Never two notifications for one offer: an invitation repeated while the offer is live, or a
 * revoke repeated, gives nothing; a revoke of an invitation never seen gives nothing. An
 * interaction offered again after its earlier offer was over (withdrawn, accepted, ended) is a
 * new offer, as the workstation's policy decides (`shouldAnnounceInvite`), and is notified.
 *
 * Feed it each commit of the cache writer ({@link fold}: its alerts, then the offers the commit
 * ended close their notification), and pass clicks and actions back by notification id. It is
 * the one owner of which invitations are still waiting ({@link pendingCount}, the tray's count).
 */
export class Alerts {
  private readonly offers = new Map<string, Offer>();
  private readonly alerts = new Map<string, Alert>();
  private sequence = 0;
  /** The summary notification on screen, with the count it states. */
  private summary: { readonly id: string; readonly count: number } | undefined;
  /**
   * The "Invitation withdrawn" notifications shown (while remembered): closed when their
   * interaction is offered again, and at sign-out.
   */
  private readonly withdrawals = new Set<string>();
  /**
   * Notices of work the agent has now, on screen while it lasts, by interaction: a colleague's
   * consultation ("A colleague added you to a chat") and an invitation the desk accepted by
   * itself ("Accepted automatically: …"). Closed once the interaction is over for this agent,
   * and at sign-out.
   */
  private readonly notices = new Map<string, string>();

  constructor(private readonly options: AlertsOptions) {}

  private get words(): Translator {
    return this.options.words ?? ENGLISH;
  }

  /** The notification to show for one of the cache writer's alerts, if any. */
  handle(event: PolicyEvent): Alert | undefined {
    switch (event.kind) {
      case 'invite':
        return this.invite(event);
      case 'revoke':
        return this.revoke(event);
      case 'consult':
        return this.consult(event);
      default:
        throw missingCaseError(event);
    }
  }

  /**
   * Folds one commit: its alerts first (an invitation and its withdrawal in one commit are both
   * seen, and neither is shown; one offered again closes its "Invitation withdrawn"), then every
   * offer the commit ended ({@link offersOver}: answered, withdrawn, ended, placed in a
   * workbin), whose notifications close, except the desk's own Accept's notice, which stays
   * while the interaction lasts ({@link notices}); then the notices of the interactions that
   * ended.
   */
  fold(commit: Commit): AlertChanges {
    const show: Alert[] = [];
    const close: string[] = [];
    for (const event of commit.alerts) {
      const prior = this.offers.get(event.interactionId);
      const onScreen = prior?.notificationId;
      const alert = this.handle(event);
      // Offered again after it was withdrawn: its "Invitation withdrawn" says so no longer (an
      // e-mail left unanswered while the agent was away piled one up at each time-out).
      const withdrawal = prior?.withdrawal;
      if (withdrawal !== undefined && this.offers.get(event.interactionId) !== prior) {
        close.push(withdrawal);
        this.withdrawals.delete(withdrawal);
      }
      if (alert === undefined) {
        // A withdrawal during Do Not Disturb is not announced, but its invitation must not stay up.
        if (event.kind === 'revoke' && onScreen !== undefined) close.push(onScreen);
        continue;
      }
      if (alert.replaces !== undefined) close.push(alert.replaces);
      // Invited and withdrawn in one commit: the invitation is never shown (below), so there
      // is nothing to say was withdrawn.
      if (alert.kind === 'revoke' && show.some((shown) => shown.id === alert.replaces)) continue;
      show.push(alert);
    }
    const phases = new Map(commit.changes.interactions.map((head) => [head.id, head.phase]));
    for (const interactionId of offersOver(commit.changes)) {
      const accepted = this.acceptedByItself(interactionId, phases.get(interactionId));
      const open = this.finish(interactionId);
      if (open === undefined) continue;
      // The desk's own Accept went through: its notice is how an agent busy elsewhere learns
      // that a customer now waits on them (closed at once, it only flashed on screen).
      if (accepted) this.notices.set(interactionId, open);
      else close.push(open);
    }
    // Over for this agent (the chat left or ended): its notice says so no longer.
    for (const head of commit.changes.interactions) {
      const notice = head.phase === 'ended' ? this.notices.get(head.id) : undefined;
      if (notice === undefined) continue;
      this.notices.delete(head.id);
      close.push(notice);
    }
    const summary = this.summarize();
    if (summary?.show !== undefined) show.push(summary.show);
    if (summary?.close !== undefined) close.push(summary.close);
    // An offer over within the commit that announced it (invited and accepted in one
    // notification) is never shown rather than shown and closed at once.
    const closing = new Set(close);
    return {
      show: show.filter((alert) => !closing.has(alert.id)),
      close: close.filter((id) => !show.some((alert) => alert.id === id)),
    };
  }

  /**
   * Whether an invitation is waiting whose chime should repeat: one notified (by itself or in
   * the summary), neither answered nor suppressed by Do Not Disturb.
   */
  get ringing(): boolean {
    for (const offer of this.offers.values())
      if (offer.status === 'shown' || offer.status === 'grouped') return true;
    return false;
  }

  /**
   * The agent answered an invitation in the desk (Accept or Reject went through): its chime
   * stops and its notification closes now, before the server's notification says so. A rejected
   * one no longer waits (GWS sends the agent who rejected nothing); an accepted one is counted
   * until the server reports it accepted. Answers the notification to close, if any.
   */
  answered(interactionId: string, answer: AlertActionId): string | undefined {
    const offer = this.offers.get(interactionId);
    if (offer === undefined || offer.status === 'over') return undefined;
    const open = offer.notificationId;
    offer.status = answer === 'reject' ? 'over' : 'answered';
    offer.notificationId = undefined;
    // This answer went through: an earlier one's failure, heard later, changes nothing.
    offer.answerFrom = undefined;
    return open;
  }

  /**
   * The Accept sent for the agent from notification `sentFrom` (the desk's auto-answer, or that
   * notification's Accept button) did not go through (the server refused it, or did not answer)
   * while the offer is still live: the invitation waits again, so it rings and is counted, and
   * is notified again with Accept and Reject ("Not accepted: …", replacing a notice that said
   * "Accepted automatically"), or joins the summary when the first few are on screen. During
   * Do Not Disturb it waits without a notification, and the notice closes. Without this an
   * invitation whose automatic Accept failed sat silent until it timed out. Nothing when the
   * offer is over by now (withdrawn, accepted, ended), or when another Accept was sent or went
   * through since (a late failure of an Accept that timed out must not offer it again).
   */
  acceptFailed(interactionId: string, sentFrom: string): AlertChanges {
    return this.answerFailed(interactionId, sentFrom, 'tray.notification.notAccepted');
  }

  /**
   * The Reject clicked on notification `sentFrom` did not go through (the server refused it, or
   * did not answer) while the offer is still live: as {@link acceptFailed}, the invitation waits
   * again ("Not rejected: …"). Without this it was counted out at the click, and sat on the
   * desk's list still offered, with no count, chime or notification, until it timed out.
   */
  rejectFailed(interactionId: string, sentFrom: string): AlertChanges {
    return this.answerFailed(interactionId, sentFrom, 'tray.notification.notRejected');
  }

  private answerFailed(
    interactionId: string,
    sentFrom: string,
    failure: 'tray.notification.notAccepted' | 'tray.notification.notRejected',
  ): AlertChanges {
    const offer = this.offers.get(interactionId);
    if (offer?.status !== 'answered' || offer.answerFrom !== sentFrom) return NO_ALERT_CHANGES;
    offer.answerFrom = undefined;
    const notice = offer.notificationId;
    offer.notificationId = undefined;
    const closeNotice = notice === undefined ? [] : [notice];
    if (this.options.dnd()) {
      offer.status = 'suppressed';
      return { show: [], close: closeNotice };
    }
    if (this.individuallyShown() >= this.individualLimit) {
      offer.status = 'grouped';
      const summary = this.summarize();
      return {
        show: summary?.show === undefined ? [] : [summary.show],
        close: summary?.close === undefined ? closeNotice : [...closeNotice, summary.close],
      };
    }
    const words = this.words;
    const text = this.offerBody(offer);
    const notAnswered = words.t(failure);
    const alert = this.show(offer, {
      ...this.invitation(
        offer,
        interactionId,
        text === '' ? notAnswered : `${notAnswered}\n${text}`,
      ),
      ...(notice === undefined ? {} : { replaces: notice }),
    });
    return { show: [alert], close: [] };
  }

  /** Invitations still waiting (not accepted, rejected, withdrawn, ended nor placed in a workbin). */
  get pendingCount(): number {
    let count = 0;
    for (const offer of this.offers.values()) if (offer.status !== 'over') count += 1;
    return count;
  }

  /** The interactions of the invitations still waiting, oldest offer first. */
  get pendingIds(): string[] {
    return [...this.offers].filter(([, offer]) => offer.status !== 'over').map(([id]) => id);
  }

  /** A notification by its id (kept for click routing after its interaction is over). */
  alertFor(notificationId: string): Alert | undefined {
    return this.alerts.get(notificationId);
  }

  /** The notification on screen for an interaction, if any. */
  notificationOf(interactionId: string): string | undefined {
    return this.offers.get(interactionId)?.notificationId;
  }

  /** Invitations suppressed by Do Not Disturb and still live. */
  get suppressedCount(): number {
    let count = 0;
    for (const offer of this.offers.values()) if (offer.status === 'suppressed') count += 1;
    return count;
  }

  /** A click on a notification (its body): bring the window up on its interaction. */
  handleClick(notificationId: string): AlertCommand | undefined {
    const alert = this.alerts.get(notificationId);
    if (alert === undefined) return undefined;
    // The summary opens the oldest invitation it still counts: the one it named when shown may
    // have gone since, another taking its place in the count (a summary whose count stays is
    // not shown again), and opened a withdrawn or answered interaction.
    if (alert.kind === 'summary') {
      const waiting = [...this.offers].find(([, offer]) => offer.status === 'grouped');
      if (waiting !== undefined) return { focus: waiting[0] };
    }
    return { focus: alert.interactionId };
  }

  /**
   * Accept or Reject on an invitation's notification: the operation to run, once. Nothing for
   * an unknown notification, a withdrawn notification, or an invitation already answered or over.
   */
  handleAction(notificationId: string, action: AlertActionId): AlertCommand | undefined {
    const alert = this.alerts.get(notificationId);
    if (alert?.kind !== 'invite') return undefined;
    const offer = this.offers.get(alert.interactionId);
    if (offer?.status !== 'shown' || offer.notificationId !== notificationId) return undefined;
    // Answered, and counted until the server took the answer: a Reject that went through ends
    // the offer in the cache (GWS tells the agent who rejected nothing more), one that did not
    // offers it again (rejectFailed), as an Accept's failure does.
    offer.status = 'answered';
    offer.notificationId = undefined;
    offer.answerFrom = notificationId;
    return action === 'accept'
      ? { operation: 'accept', interactionId: alert.interactionId, focus: alert.interactionId }
      : { operation: 'reject', interactionId: alert.interactionId };
  }

  /**
   * Forgets everything (sign-out); returns the notifications to close: the invitations', the
   * summary and the withdrawals' (a sign-out withdraws every offer, and the server's words of it
   * named the customer's subject to whoever sat down next).
   */
  clear(): string[] {
    const open = [...this.offers.values()].flatMap((offer) =>
      offer.notificationId === undefined ? [] : [offer.notificationId],
    );
    if (this.summary !== undefined) open.push(this.summary.id);
    open.push(...this.withdrawals, ...this.notices.values());
    this.withdrawals.clear();
    this.notices.clear();
    this.summary = undefined;
    this.offers.clear();
    this.alerts.clear();
    return open;
  }

  private invite(event: Extract<PolicyEvent, { kind: 'invite' }>): Alert | undefined {
    const prior = this.offers.get(event.interactionId);
    if (prior !== undefined && prior.status !== 'over') return undefined;
    const offer: Offer = {
      status: 'suppressed',
      channel: event.channel,
      ...(event.subject === undefined ? {} : { subject: event.subject }),
      ...(event.from === undefined ? {} : { from: event.from }),
      ...(event.preview === undefined ? {} : { preview: event.preview }),
      ...(event.cameBackFrom === undefined ? {} : { cameBackFrom: event.cameBackFrom }),
    };
    this.offers.delete(event.interactionId);
    this.offers.set(event.interactionId, offer);
    if (this.options.dnd()) {
      this.prune();
      return undefined;
    }
    return this.announce(offer, event.interactionId, true);
  }

  /**
   * Do Not Disturb may have ended (the server reported it off, or the agent's request for it
   * failed): the invitations it kept quiet that still wait are announced now, as they would have
   * been when they came (a notification each while fewer than the first few are on screen, the
   * rest in the summary; accepted by the desk on a channel it answers by itself), without the
   * countdown they no longer have whole. Nothing while it is still on. Without this, one that came
   * while a DND request was under way stayed silent (counted, never notified nor chimed) after
   * the request failed.
   */
  quietEnded(): AlertChanges {
    if (this.options.dnd()) return NO_ALERT_CHANGES;
    const show: Alert[] = [];
    let woken = false;
    for (const [interactionId, offer] of this.offers) {
      if (offer.status !== 'suppressed') continue;
      woken = true;
      const alert = this.announce(offer, interactionId, false);
      if (alert !== undefined) show.push(alert);
    }
    if (!woken) return NO_ALERT_CHANGES;
    const summary = this.summarize();
    return {
      show: summary?.show === undefined ? show : [...show, summary.show],
      close: summary?.close === undefined ? [] : [summary.close],
    };
  }

  /**
   * Announces an offer that waits: its notification (`fresh`: it has just come, and states the
   * whole countdown), or its place in the summary; the desk's own Accept where it answers the
   * channel by itself.
   */
  private announce(offer: Offer, interactionId: string, fresh: boolean): Alert | undefined {
    const rules = this.options.invitations?.() ?? DEFAULT_INVITATION_RULES;
    const words = this.words;
    const text = this.offerBody(offer);
    if (rules.autoAnswer(offer.channel)) {
      // Accepted by the desk (see Desk): announced with its chime, no actions, never grouped.
      const alert = this.show(offer, {
        ...this.invitation(
          offer,
          interactionId,
          text === ''
            ? words.t('tray.notification.acceptedAutomatically')
            : words.t('tray.notification.acceptedAutomaticallyWith', { text }),
        ),
        actions: [],
        autoAnswer: true,
      });
      offer.status = 'answered';
      offer.answerFrom = alert.id;
      return alert;
    }
    if (this.individuallyShown() >= this.individualLimit) {
      offer.status = 'grouped';
      this.prune();
      return undefined;
    }
    if (!fresh) return this.show(offer, this.invitation(offer, interactionId, text));
    const countdown = secondsToAnswer(rules.timeoutSeconds, words);
    return this.show(
      offer,
      this.invitation(offer, interactionId, text === '' ? countdown : `${text}\n${countdown}`),
    );
  }

  /**
   * What an invitation's notification says of it before its countdown: that it came back from
   * the agent's own hand-off ("Back with you after your transfer to Priya Raman"), then its first
   * line or subject ({@link inviteBody}).
   */
  private offerBody(offer: Offer): string {
    const words = this.words;
    const text = inviteBody(offer.channel, offer.subject, offer.preview, words);
    if (offer.cameBackFrom === undefined) return text;
    // The colleague's or queue's name as the server gave it: shown as the sender is.
    const cameBack = clip(cameBackWords(offer.cameBackFrom, words.t), BODY_MAX_CHARS);
    return text === '' ? cameBack : `${cameBack}\n${text}`;
  }

  /** An invitation's notification: its channel and sender, Accept and Reject, the chime. */
  private invitation(offer: Offer, interactionId: string, body: string): Omit<Alert, 'id'> {
    const words = this.words;
    return {
      kind: 'invite',
      title: inviteTitle(offer.channel, offer.from, words),
      body,
      actions: invitationActions(words),
      sound: this.options.sound(),
      interactionId,
    };
  }

  /** How many invitations are notified one by one before the rest share the summary. */
  private get individualLimit(): number {
    return this.options.individualInvitations ?? INDIVIDUAL_INVITATIONS;
  }

  /** Invitations on screen in a notification of their own. */
  private individuallyShown(): number {
    let count = 0;
    for (const offer of this.offers.values())
      if (offer.status === 'shown' && offer.notificationId !== undefined) count += 1;
    return count;
  }

  /**
   * The summary of the grouped invitations after a commit: shown (replacing the last one) when
   * their count changed, closed when none is left. Nothing when it stands as it is.
   */
  private summarize(): { show?: Alert; close?: string } | undefined {
    const grouped = [...this.offers].filter(([, offer]) => offer.status === 'grouped');
    const previous = this.summary;
    if (grouped.length === 0) {
      this.summary = undefined;
      return previous === undefined ? undefined : { close: previous.id };
    }
    if (previous?.count === grouped.length) return undefined;
    const [first] = grouped;
    if (first === undefined) return undefined;
    this.sequence += 1;
    const alert: Alert = {
      id: `alert-${String(this.sequence)}`,
      kind: 'summary',
      title: moreInvitationsWaiting(grouped.length, this.words),
      body: this.words.t('tray.notification.openToAnswer'),
      actions: [],
      // The invitations before it chimed; an update of the count is silent.
      sound: previous === undefined && this.options.sound(),
      interactionId: first[0],
      ...(previous === undefined ? {} : { replaces: previous.id }),
    };
    this.alerts.set(alert.id, alert);
    this.summary = { id: alert.id, count: grouped.length };
    return { show: alert };
  }

  private revoke(event: Extract<PolicyEvent, { kind: 'revoke' }>): Alert | undefined {
    const offer = this.offers.get(event.interactionId);
    if (
      offer === undefined ||
      (offer.status !== 'shown' && offer.status !== 'suppressed' && offer.status !== 'grouped')
    )
      return undefined;
    const replaces = offer.notificationId;
    const grouped = offer.status === 'grouped';
    offer.status = 'over';
    offer.notificationId = undefined;
    // A grouped invitation had no notification of its own: the summary's count goes down.
    if (this.options.dnd() || grouped) return undefined;
    const subject = nonBlank(event.subject) ?? nonBlank(offer.subject);
    const body =
      subject ??
      byChannel(this.words, offer.channel, offer.from, {
        chat: ['tray.notification.chatWithdrawn', 'tray.notification.chatFromWithdrawn'],
        email: ['tray.notification.emailWithdrawn', 'tray.notification.emailFromWithdrawn'],
        other: [
          'tray.notification.interactionWithdrawn',
          'tray.notification.interactionFromWithdrawn',
        ],
      });
    const withdrawal = this.show(offer, {
      kind: 'revoke',
      title: this.words.t('tray.notification.withdrawn'),
      body: clip(body, BODY_MAX_CHARS),
      actions: [],
      sound: false,
      interactionId: event.interactionId,
      ...(replaces === undefined ? {} : { replaces }),
    });
    offer.withdrawal = withdrawal.id;
    return withdrawal;
  }

  /**
   * A colleague brought this agent into a chat, to consult or into a conference (the server
   * reports both as InvitedConference, before the chat's party events could tell them apart;
   * the chat, opened, says which): one notification, to click through to it. It is no offer
   * (the agent is in the chat already, nothing to accept), so the tray does not count it, and
   * Do Not Disturb keeps it off the screen.
   */
  private consult(event: Extract<PolicyEvent, { kind: 'consult' }>): Alert | undefined {
    if (this.options.dnd()) return undefined;
    const title = byChannel(this.words, event.channel, event.from, {
      chat: ['tray.notification.addedToChat', 'tray.notification.addedToChatFrom'],
      // StartConference may bring an agent into an e-mail too: worded as any interaction.
      email: ['tray.notification.addedToInteraction', 'tray.notification.addedToInteractionFrom'],
      other: ['tray.notification.addedToInteraction', 'tray.notification.addedToInteractionFrom'],
    });
    this.sequence += 1;
    const replaces = this.notices.get(event.interactionId);
    const shown: Alert = {
      id: `alert-${String(this.sequence)}`,
      kind: 'consult',
      title: clip(title, TITLE_MAX_CHARS),
      body: inviteBody(event.channel, event.subject, undefined, this.words),
      actions: [],
      sound: this.options.sound(),
      interactionId: event.interactionId,
      ...(replaces === undefined ? {} : { replaces }),
    };
    this.alerts.set(shown.id, shown);
    this.notices.set(event.interactionId, shown.id);
    this.prune();
    return shown;
  }

  private show(offer: Offer, alert: Omit<Alert, 'id'>): Alert {
    this.sequence += 1;
    const shown: Alert = { id: `alert-${String(this.sequence)}`, ...alert };
    this.alerts.set(shown.id, shown);
    if (alert.kind === 'invite') {
      offer.status = 'shown';
      offer.notificationId = shown.id;
    }
    if (alert.kind === 'revoke') this.withdrawals.add(shown.id);
    this.prune();
    return shown;
  }

  /**
   * Whether the offer's notice is the desk's own Accept ({@link InvitationRules.autoAnswer})
   * and the interaction is now the agent's work (`phase`, as the commit has it).
   */
  private acceptedByItself(interactionId: string, phase: string | undefined): boolean {
    const offer = this.offers.get(interactionId);
    const notice = offer?.notificationId;
    return (
      phase !== undefined &&
      phase !== 'ended' &&
      phase !== 'invited' &&
      offer?.status === 'answered' &&
      notice !== undefined &&
      this.alerts.get(notice)?.autoAnswer === true
    );
  }

  private finish(interactionId: string): string | undefined {
    const offer = this.offers.get(interactionId);
    if (offer === undefined) return undefined;
    const open = offer.notificationId;
    offer.status = 'over';
    offer.notificationId = undefined;
    return open;
  }

  /** Keeps memory bounded: the oldest notifications and finished offers beyond the limit go. */
  private prune(): void {
    const onScreen = new Set<string | undefined>([
      ...[...this.offers.values()].map((offer) => offer.notificationId),
      ...this.notices.values(),
      this.summary?.id,
    ]);
    for (const id of this.alerts.keys()) {
      if (this.alerts.size <= REMEMBERED_ALERTS) break;
      if (!onScreen.has(id)) {
        this.alerts.delete(id);
        this.withdrawals.delete(id);
      }
    }
    for (const [id, offer] of this.offers) {
      if (this.offers.size <= REMEMBERED_ALERTS) break;
      // Only offers that are over: an answered one still counts as waiting until the server
      // says (the tray's and the badge's count must never drop under the true one).
      if (offer.status === 'over') this.offers.delete(id);
    }
  }
}
