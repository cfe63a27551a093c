import { describe, expect, it, vi } from 'vitest';
import { FakeElectron } from '../../tests/support/fakeElectron';
import { createTranslator, type Translator } from '../i18n/translator';
import { type Alert, Alerts } from '../workstation/alerts';
import { emptyChangeSet } from '../workstation/cacheWriter';
import type { PolicyEvent } from '../workstation/policy';
import { createNotificationSink, MAX_REFERENCED_NOTIFICATIONS } from './notifications';

const invite: PolicyEvent = {
  kind: 'invite',
  interactionId: 'chat-1',
  channel: 'chat',
  from: 'Tom',
  preview: 'Hello, my order never arrived',
};
const revoke: PolicyEvent = { kind: 'revoke', interactionId: 'chat-1', channel: 'chat' };

function sinkOn(
  platform: NodeJS.Platform,
  options: { supported?: boolean; words?: Translator; individual?: number } = {},
) {
  const electron = new FakeElectron({ notificationsSupported: options.supported ?? true });
  const feedback = { alertClicked: vi.fn(), alertAction: vi.fn() };
  const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const sink = createNotificationSink({
    electron,
    platform,
    feedback,
    iconPath: '/app/resources/icon.png',
    log,
  });
  // Every invitation its own notification: these tests are about the shell's rendering.
  const alerts = new Alerts({
    dnd: () => false,
    sound: () => true,
    individualInvitations: options.individual ?? Number.POSITIVE_INFINITY,
    ...(options.words === undefined ? {} : { words: options.words }),
  });
  const alertFor = (event: PolicyEvent): Alert => {
    const alert = alerts.handle(event);
    if (alert === undefined) throw new Error('the core raised no alert');
    return alert;
  };
  return { electron, sink, feedback, log, alertFor, alerts };
}

describe('createNotificationSink', () => {
  it('shows an invitation with Accept and Reject buttons on macOS', () => {
    const { electron, sink, alertFor } = sinkOn('darwin');
    sink.show(alertFor(invite));
    const [shown] = electron.notifications;
    expect(shown?.shown).toBe(true);
    expect(shown?.options).toEqual({
      title: 'New chat from Tom',
      body: 'Hello, my order never arrived\n30 seconds to answer',
      silent: false,
      icon: '/app/resources/icon.png',
      actions: [
        { type: 'button', text: 'Accept' },
        { type: 'button', text: 'Reject' },
      ],
    });
  });

  it.each(['win32', 'linux'] as const)('shows it without buttons on %s', (platform) => {
    const { electron, sink, alertFor } = sinkOn(platform);
    sink.show(alertFor(invite));
    expect(electron.notifications[0]?.options.actions).toEqual([]);
    expect(electron.notifications[0]?.options.title).toBe('New chat from Tom');
  });

  it("shows the customer's words as text on Linux, where the notification body is markup", () => {
    // The freedesktop servers (GNOME, KDE, dunst, xfce4-notifyd) read the body as markup, and
    // Electron hands it over as it is: a chat's first line could draw a link or bold "SYSTEM"
    // words in a notification of the desk's, and a sender's "<tom@example.com>" or a lone "&"
    // made a strict server drop the body, or show nothing of it.
    const preview =
      '<b>URGENT</b> <a href="https://example.com/x">Verify</a> Tom & Co <tom@example.com>';
    const event: PolicyEvent = { ...invite, preview };
    const linux = sinkOn('linux');
    linux.sink.show(linux.alertFor(event));
    expect(linux.electron.notifications[0]?.options.body).toBe(
      '&lt;b&gt;URGENT&lt;/b&gt; &lt;a href="https://example.com/x"&gt;Verify&lt;/a&gt; Tom &amp; Co &lt;tom@example.com&gt;\n30 seconds to answer',
    );
    // The title is never markup; elsewhere the body is plain text.
    expect(linux.electron.notifications[0]?.options.title).toBe('New chat from Tom');
    for (const platform of ['darwin', 'win32'] as const) {
      const other = sinkOn(platform);
      other.sink.show(other.alertFor(event));
      expect(other.electron.notifications[0]?.options.body).toBe(
        `${preview}\n30 seconds to answer`,
      );
    }
  });

  it("words an invitation, its withdrawal and the buttons in the desk's language", () => {
    const words = createTranslator('de');
    const { electron, sink, alertFor } = sinkOn('darwin', { words });
    sink.show(alertFor(invite));
    sink.show(alertFor(revoke));
    const [invited, withdrawn] = electron.notifications;
    expect(invited?.options).toMatchObject({
      title: 'Neuer Chat von Tom',
      body: 'Hello, my order never arrived\nNoch 30 Sekunden zum Annehmen',
      actions: [
        { type: 'button', text: 'Annehmen' },
        { type: 'button', text: 'Ablehnen' },
      ],
    });
    expect(withdrawn?.options).toMatchObject({
      title: 'Einladung zurückgezogen',
      body: 'Der Chat von Tom wurde zurückgezogen',
    });

    words.setLocale('es');
    sink.show(
      alertFor({ ...invite, interactionId: 'mail-1', channel: 'email', preview: undefined }),
    );
    expect(electron.notifications.at(-1)?.options).toMatchObject({
      title: 'Nuevo correo de Tom',
      body: '(sin asunto)\n30 segundos para responder',
    });
  });

  it('sums up the invitations beyond the first few in German, counted by plural rules', () => {
    const { electron, sink, alerts } = sinkOn('linux', {
      words: createTranslator('de'),
      individual: 1,
    });
    const invites = ['chat-1', 'chat-2', 'chat-3'].map((interactionId) => ({
      ...invite,
      interactionId,
    }));
    const fold = (events: PolicyEvent[]) => {
      const { show } = alerts.fold({ changes: emptyChangeSet(), alerts: events });
      for (const alert of show) sink.show(alert);
    };
    fold(invites.slice(0, 2));
    expect(electron.notifications.at(-1)?.options).toMatchObject({
      title: '1 weitere Einladung wartet',
      body: 'Öffnen Sie Switchboard, um sie anzunehmen oder abzulehnen',
    });
    fold(invites.slice(2));
    expect(electron.notifications.at(-1)?.options.title).toBe('2 weitere Einladungen warten');
  });

  it('reports a click and an action by alert id and action id', () => {
    const { electron, sink, feedback, alertFor } = sinkOn('darwin');
    const first = alertFor(invite);
    const second = alertFor({ ...invite, interactionId: 'chat-2' });
    sink.show(first);
    sink.show(second);
    const [one, two] = electron.notifications;
    two?.click();
    expect(feedback.alertClicked).toHaveBeenCalledWith(second.id);
    one?.action(0);
    two?.action(1);
    expect(feedback.alertAction.mock.calls).toEqual([
      [first.id, 'accept'],
      [second.id, 'reject'],
    ]);
  });

  it('ignores an action index the alert does not have', () => {
    const { electron, sink, feedback, log, alertFor } = sinkOn('darwin');
    sink.show(alertFor(invite));
    electron.notifications[0]?.action(5);
    expect(feedback.alertAction).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledOnce();
  });

  it('replaces the invitation by its withdrawal, silently and without buttons', () => {
    const { electron, sink, alertFor } = sinkOn('darwin');
    sink.show(alertFor(invite));
    const withdrawal = alertFor(revoke);
    expect(withdrawal.replaces).toBeDefined();
    sink.show(withdrawal);
    const [first, second] = electron.notifications;
    expect(first?.closed).toBe(true);
    expect(second?.shown).toBe(true);
    expect(second?.closed).toBe(false);
    expect(second?.options).toMatchObject({
      title: 'Invitation withdrawn',
      silent: true,
      actions: [],
    });
  });

  it('plays no sound when the core says so', () => {
    const { electron, sink } = sinkOn('linux');
    const alerts = new Alerts({ dnd: () => false, sound: () => false });
    const alert = alerts.handle(invite);
    if (alert === undefined) throw new Error('no alert');
    sink.show(alert);
    expect(electron.notifications[0]?.options.silent).toBe(true);
  });

  it('closes a notification by alert id, once', () => {
    const { electron, sink, alertFor } = sinkOn('linux');
    const alert = alertFor(invite);
    sink.show(alert);
    const [shown] = electron.notifications;
    if (shown === undefined) throw new Error('nothing shown');
    const close = vi.spyOn(shown, 'close');
    sink.close(alert.id);
    sink.close(alert.id);
    sink.close('alert-unknown');
    expect(close).toHaveBeenCalledOnce();
  });

  it('lets go of a notification the OS closed', () => {
    const { electron, sink, alertFor } = sinkOn('linux');
    const alert = alertFor(invite);
    sink.show(alert);
    const [shown] = electron.notifications;
    if (shown === undefined) throw new Error('nothing shown');
    const close = vi.spyOn(shown, 'close');
    shown.emit('close');
    sink.close(alert.id);
    expect(close).not.toHaveBeenCalled();
  });

  it('lets go of the oldest notifications past the limit, without closing them', () => {
    const { electron, sink, alertFor } = sinkOn('linux');
    const ids: string[] = [];
    for (let index = 0; index <= MAX_REFERENCED_NOTIFICATIONS; index += 1) {
      const alert = alertFor({ ...invite, interactionId: `chat-${String(index)}` });
      ids.push(alert.id);
      sink.show(alert);
    }
    const [oldest] = electron.notifications;
    const newest = electron.notifications.at(-1);
    sink.close(ids[0] ?? '');
    sink.close(ids.at(-1) ?? '');
    expect(oldest?.closed).toBe(false);
    expect(newest?.closed).toBe(true);
  });

  it('does nothing, and says so once, where notifications are not supported', () => {
    const { electron, sink, log, alertFor } = sinkOn('linux', { supported: false });
    sink.show(alertFor(invite));
    sink.show(alertFor({ ...invite, interactionId: 'chat-2' }));
    expect(electron.notifications).toEqual([]);
    expect(log.warn).toHaveBeenCalledOnce();
  });

  it('logs a notification the OS failed to show', () => {
    const { electron, sink, log, alertFor } = sinkOn('win32');
    sink.show(alertFor(invite));
    electron.notifications[0]?.emit('failed', {}, 'toast activator not registered');
    expect(log.warn).toHaveBeenCalledWith(
      expect.stringContaining('toast activator not registered'),
    );
  });
});
