import type { Alert } from '../workstation/alerts';
import type { NotificationFeedback, NotificationSink } from '../workstation/shellPorts';
import type { ShellElectron, ShellNotification } from './electronApi';
import type { ShellLog } from './log';

/**
 * Where Accept/Reject buttons are put on the notification itself. Only macOS: Linux's
 * notification backend in Electron shows no actions at all, and on Windows Electron draws the
 * buttons but, for an app installed without MSIX packaging (Switchboard ships an NSIS
 * installer), never emits their `action` event (electron/electron#51147) — buttons that do
 * nothing are worse than none. There the agent clicks the notification and answers in the window.
 */
export const PLATFORMS_WITH_NOTIFICATION_ACTIONS: ReadonlySet<NodeJS.Platform> = new Set([
  'darwin',
]);

/**
 * Notifications kept referenced at most. Windows moves toasts to the Action Center without a
 * `close` event, so over a long shift references could pile up; past this many the oldest are
 * let go (they stay on screen, only their clicks may then be lost).
 */
export const MAX_REFERENCED_NOTIFICATIONS = 200;

/**
 * Where the OS reads a notification's body as markup: Linux, whose freedesktop notification
 * servers (GNOME Shell, KDE, dunst, mako, xfce4-notifyd) take `<b>`, `<a href>`, `<img>` and
 * entities in it, and Electron hands the body to libnotify as it is. The title is never markup.
 */
const PLATFORMS_WITH_BODY_MARKUP: ReadonlySet<NodeJS.Platform> = new Set(['linux']);

/**
 * A body of plain text as freedesktop markup that shows it as it is: a customer's first line
 * cannot draw a link or bold words in the desk's notification, and a sender's
 * "<tom@example.com>" or a lone "&" no longer makes a strict server drop the body. Only `&`,
 * `<` and `>`: GNOME Shell takes no other entity (`&#39;` would show as written).
 */
function asBodyMarkup(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

export interface NotificationSinkOptions {
  readonly electron: Pick<ShellElectron, 'Notification'>;
  readonly platform: NodeJS.Platform;
  /** Where clicks and actions go (the core, bound once it exists). */
  readonly feedback: NotificationFeedback;
  /** The picture shown in the notification (Linux and Windows; macOS uses the app icon). */
  readonly iconPath?: string;
  readonly log: ShellLog;
}

/**
 * Renders the core's {@link Alert}s as OS notifications and reports their clicks and actions
 * back by alert id. Shown notifications are kept referenced until they close: Electron drops
 * the events of a notification object that was garbage-collected.
 */
export function createNotificationSink(options: NotificationSinkOptions): NotificationSink {
  const { electron, platform, feedback, log } = options;
  const shown = new Map<string, ShellNotification>();
  const withActions = PLATFORMS_WITH_NOTIFICATION_ACTIONS.has(platform);
  const bodyIsMarkup = PLATFORMS_WITH_BODY_MARKUP.has(platform);
  let unsupportedLogged = false;

  const close = (alertId: string): void => {
    const notification = shown.get(alertId);
    if (notification === undefined) return;
    shown.delete(alertId);
    notification.close();
  };

  const show = (alert: Alert): void => {
    if (!electron.Notification.isSupported()) {
      if (!unsupportedLogged) {
        unsupportedLogged = true;
        log.warn('This system shows no desktop notifications; invitations appear in the tray');
      }
      return;
    }
    if (alert.replaces !== undefined) close(alert.replaces);
    close(alert.id);

    const notification = new electron.Notification({
      title: alert.title,
      body: bodyIsMarkup ? asBodyMarkup(alert.body) : alert.body,
      silent: !alert.sound,
      ...(options.iconPath === undefined ? {} : { icon: options.iconPath }),
      actions: withActions
        ? alert.actions.map((action) => ({ type: 'button' as const, text: action.label }))
        : [],
    });
    notification.on('click', () => {
      feedback.alertClicked(alert.id);
    });
    notification.on('action', ({ actionIndex }) => {
      const action = alert.actions[actionIndex];
      if (action === undefined) {
        log.warn(`Notification ${alert.id}: unknown action index ${String(actionIndex)}`);
        return;
      }
      feedback.alertAction(alert.id, action.id);
    });
    notification.on('close', () => {
      if (shown.get(alert.id) === notification) shown.delete(alert.id);
    });
    notification.on('failed', (_event, error) => {
      if (shown.get(alert.id) === notification) shown.delete(alert.id);
      log.warn(`Notification ${alert.id} could not be shown: ${error}`);
    });

    shown.set(alert.id, notification);
    for (const id of shown.keys()) {
      if (shown.size <= MAX_REFERENCED_NOTIFICATIONS) break;
      shown.delete(id);
    }
    notification.show();
  };

  return { show, close };
}
