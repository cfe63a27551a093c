import { BODY_MAX_CHARS, clip, type Alert } from './alerts';
import type { NotificationSink } from './shellPorts';

/**
 * One of the desk's own OS notifications, about no one interaction ("while you were away", the
 * server ended the session): at most one on screen, a new one replacing it, and its click brings
 * the window up (the desk asks {@link owns}).
 */
export class DeskNotice {
  private shownId: string | undefined;
  private shownCount = 0;

  constructor(
    private readonly kind: Extract<Alert['kind'], 'away' | 'sessionEnded' | 'loggedOut'>,
    private readonly notifications: NotificationSink,
  ) {}

  show(title: string, body: string): void {
    this.close();
    this.shownCount += 1;
    const alert: Alert = {
      id: `${this.kind}-${String(this.shownCount)}`,
      kind: this.kind,
      title,
      // Server text (a Not Ready reason) may be in it: one line, cut like any other.
      body: clip(body, BODY_MAX_CHARS),
      actions: [],
      sound: false,
      interactionId: '',
    };
    this.shownId = alert.id;
    this.notifications.show(alert);
  }

  /** Closes the notification, if one is on screen: its news is read or no longer true. */
  close(): void {
    if (this.shownId === undefined) return;
    this.notifications.close(this.shownId);
    this.shownId = undefined;
  }

  /** Whether `alertId` is the notification on screen. */
  owns(alertId: string): boolean {
    return alertId === this.shownId;
  }
}
