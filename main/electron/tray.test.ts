import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { ChannelState } from '../../common/model';
import { CommitScript } from '../../tests/support/commits';
import { FakeElectron, type FakeBrowserWindow } from '../../tests/support/fakeElectron';
import type { PolicyEvent } from '../workstation/policy';
import type { NotReadyReason, TrayCommand } from '../workstation/shellPorts';
import { createTranslator, type Translator } from '../i18n/translator';
import { TrayModel } from '../workstation/trayState';
import type { ShellMenuItem } from './electronApi';
import { createTray, trayIconPath } from './tray';

/** The tray menu's English words, as the agent reads them. */
const TRAY_LABELS = {
  show: 'Show Switchboard',
  ready: 'Ready',
  notReady: 'Not Ready',
  dnd: 'Do Not Disturb',
  signOut: 'Sign out',
  quit: 'Quit',
} as const;

const trayFolder = '/app/resources/tray';

function channel(name: string, state: string, extra: Partial<ChannelState> = {}): ChannelState {
  return { channel: name, state, dnd: false, ...extra };
}

const scripts = new WeakMap<TrayModel, CommitScript>();

/** The commits that feed a tray model (channel reports, alerts), as the desk folds them. */
function scriptOf(model: TrayModel): CommitScript {
  let script = scripts.get(model);
  if (script === undefined) {
    script = new CommitScript(model);
    scripts.set(model, script);
  }
  return script;
}

const invite: PolicyEvent = { kind: 'invite', interactionId: 'chat-1', channel: 'chat' };
const revoke: PolicyEvent = { kind: 'revoke', interactionId: 'chat-1', channel: 'chat' };

/** A tray over a real TrayModel, as the core would feed it. */
function trayOver(
  platform: NodeJS.Platform,
  reasons: NotReadyReason[] = [],
  words: Translator = createTranslator('en'),
) {
  const electron = new FakeElectron();
  const model = new TrayModel(words);
  const commands: TrayCommand[] = [];
  const reasonListeners = new Set<(reasons: readonly NotReadyReason[]) => void>();
  const desk = {
    get trayState() {
      return model.state;
    },
    onTrayState: (listener: Parameters<TrayModel['onChange']>[0]) => model.onChange(listener),
    notReadyReasons: () => reasons,
    onNotReadyReasons: (listener: (reasons: readonly NotReadyReason[]) => void) => {
      reasonListeners.add(listener);
      return () => {
        reasonListeners.delete(listener);
      };
    },
    trayCommand: (command: TrayCommand) => {
      commands.push(command);
      return Promise.resolve();
    },
  };
  let window: FakeBrowserWindow | undefined;
  const showWindow = vi.fn();
  const quit = vi.fn();
  const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const handle = createTray({
    electron,
    platform,
    trayFolder,
    desk,
    showWindow,
    quit,
    getWindow: () => window,
    log,
  });
  const [tray] = electron.trays;
  if (tray === undefined) throw new Error('no tray was created');
  const menu = (): ShellMenuItem[] => {
    const current = tray.menu;
    if (current === null || current === undefined) throw new Error('the tray has no menu');
    return current.template;
  };
  const item = (label: string): ShellMenuItem => {
    const found = menu().find((entry) => entry.label === label);
    if (found === undefined) throw new Error(`no menu item ${label}`);
    return found;
  };
  const setWindow = (next: FakeBrowserWindow | undefined) => {
    window = next;
  };
  return {
    electron,
    model,
    tray,
    handle,
    commands,
    showWindow,
    quit,
    log,
    menu,
    item,
    setWindow,
    reasonListeners,
  };
}

function connectedReady(model: TrayModel): void {
  model.status({ state: 'connected', reason: 'connected' });
  scriptOf(model).report(channel('chat', 'Ready'), channel('email', 'Ready'));
}

describe('trayIconPath', () => {
  it('takes the 16 px glyph except on Windows, which gets the 32 px one', () => {
    expect(trayIconPath(trayFolder, 'ready', 'linux')).toBe(join(trayFolder, 'tray-ready.png'));
    expect(trayIconPath(trayFolder, 'dnd', 'darwin')).toBe(join(trayFolder, 'tray-dnd.png'));
    expect(trayIconPath(trayFolder, 'invitation', 'win32')).toBe(
      join(trayFolder, 'tray-invitation-32.png'),
    );
  });
});

describe('createTray', () => {
  it('starts signed out: grey icon, tooltip, everything but Show and Quit disabled', () => {
    const { tray, item, menu } = trayOver('linux');
    expect(tray.image).toBe(join(trayFolder, 'tray-signedOut.png'));
    expect(tray.toolTip).toBe('Switchboard — Signed out');
    // Linux's AppIndicator shows no tooltip: the state heads the menu, disabled.
    expect(menu()[0]).toEqual({ label: 'Signed out', enabled: false });
    expect(menu().map((entry) => entry.label ?? entry.type)).toEqual([
      'Signed out',
      'separator',
      TRAY_LABELS.show,
      'separator',
      TRAY_LABELS.ready,
      TRAY_LABELS.notReady,
      TRAY_LABELS.dnd,
      'separator',
      TRAY_LABELS.signOut,
      TRAY_LABELS.quit,
    ]);
    expect(item(TRAY_LABELS.ready).enabled).toBe(false);
    expect(item(TRAY_LABELS.notReady).enabled).toBe(false);
    expect(item(TRAY_LABELS.dnd)).toMatchObject({
      type: 'checkbox',
      enabled: false,
      checked: false,
    });
    expect(item(TRAY_LABELS.signOut).enabled).toBe(false);
    expect(item(TRAY_LABELS.show).enabled).toBeUndefined();
    expect(item(TRAY_LABELS.quit).enabled).toBeUndefined();
  });

  it('follows a scripted series of core events', () => {
    const { model, tray, item, electron } = trayOver('darwin');
    const steps: [string, () => void, string, string][] = [
      [
        'connecting',
        () => model.status({ state: 'connecting', reason: 'signing in' }),
        'connecting',
        'Switchboard — Connecting (signing in)',
      ],
      [
        'connected, not ready',
        () => {
          model.status({ state: 'connected', reason: 'connected' });
          scriptOf(model).report(channel('chat', 'NotReady', { reason: 'Lunch' }));
        },
        'notReady',
        'Switchboard — Not ready (Lunch) on chat',
      ],
      [
        'ready',
        () => scriptOf(model).report(channel('chat', 'Ready')),
        'ready',
        'Switchboard — Ready on chat',
      ],
      [
        'invitation',
        () => scriptOf(model).alert(invite),
        'invitation',
        'Switchboard — Ready on chat · 1 invitation waiting',
      ],
      ['withdrawn', () => scriptOf(model).alert(revoke), 'ready', 'Switchboard — Ready on chat'],
      [
        'dnd',
        () => scriptOf(model).report(channel('chat', 'Ready', { dnd: true })),
        'dnd',
        'Switchboard — Do not disturb · Ready on chat',
      ],
      [
        'offline',
        () => model.status({ state: 'offline', reason: 'network down' }),
        'offline',
        'Switchboard — Offline (network down)',
      ],
    ];
    for (const [, step, icon, tooltip] of steps) {
      step();
      expect(tray.image).toBe(join(trayFolder, `tray-${icon}.png`));
      expect(tray.toolTip).toBe(tooltip);
    }
    // Offline: nothing to send to the server, but signing out stays possible.
    expect(item(TRAY_LABELS.ready).enabled).toBe(false);
    expect(item(TRAY_LABELS.dnd)).toMatchObject({ enabled: false, checked: false });
    expect(item(TRAY_LABELS.signOut).enabled).toBe(true);
    // The dock badge followed the one invitation, without repeating unchanged counts.
    expect(electron.app.badgeCounts).toEqual([0, 1, 0]);
  });

  it('enables the menu from the core state while connected', () => {
    const { model, item } = trayOver('linux');
    model.status({ state: 'connected', reason: 'connected' });
    scriptOf(model).report(channel('chat', 'NotReady'), channel('email', 'Ready'));
    expect(item(TRAY_LABELS.ready).enabled).toBe(true);
    expect(item(TRAY_LABELS.notReady).enabled).toBe(true);
    expect(item(TRAY_LABELS.dnd)).toMatchObject({ enabled: true, checked: false });

    scriptOf(model).report(channel('chat', 'Ready'), channel('email', 'Ready'));
    expect(item(TRAY_LABELS.ready).enabled).toBe(false);

    // One channel's own DND is that channel's; the box is the agent's DND (/me: every channel).
    scriptOf(model).report(channel('chat', 'Ready', { dnd: true }), channel('email', 'Ready'));
    expect(item(TRAY_LABELS.dnd)).toMatchObject({ enabled: true, checked: false });
    scriptOf(model).report(channel('email', 'Ready', { dnd: true }));
    expect(item(TRAY_LABELS.dnd)).toMatchObject({ enabled: true, checked: true });
  });

  it('sends the menu commands to the core', () => {
    const { model, item, commands, showWindow, quit, tray } = trayOver('linux');
    connectedReady(model);
    item(TRAY_LABELS.ready).click?.();
    item(TRAY_LABELS.notReady).click?.();
    item(TRAY_LABELS.dnd).click?.();
    item(TRAY_LABELS.signOut).click?.();
    expect(commands).toEqual([
      { kind: 'ready' },
      { kind: 'notReady' },
      { kind: 'dnd', on: true },
      { kind: 'signOut' },
    ]);

    // DND on /me, as the server reports it: on every channel.
    scriptOf(model).report(
      channel('chat', 'Ready', { dnd: true }),
      channel('email', 'Ready', { dnd: true }),
    );
    item(TRAY_LABELS.dnd).click?.();
    expect(commands.at(-1)).toEqual({ kind: 'dnd', on: false });

    item(TRAY_LABELS.show).click?.();
    tray.emit('click');
    expect(showWindow).toHaveBeenCalledTimes(2);
    item(TRAY_LABELS.quit).click?.();
    expect(quit).toHaveBeenCalledOnce();
  });

  it('rebuilds the menu after a DND click the core did not carry out', async () => {
    // Electron flips a checkbox as it is clicked; the state is what the box must show.
    const { model, item, tray } = trayOver('linux');
    connectedReady(model);
    const menus = tray.menus.length;
    item(TRAY_LABELS.dnd).click?.();
    await Promise.resolve();
    expect(tray.menus.length).toBe(menus + 1);
    expect(item(TRAY_LABELS.dnd).checked).toBe(false);
  });

  it('lists the Not Ready reasons as a submenu, each sending its operation', () => {
    const reasons = [
      { operationName: 'NotReady', displayName: 'Not Ready' },
      { operationName: 'OutToLunch', displayName: 'Lunch' },
    ];
    const { model, item, commands } = trayOver('linux', reasons);
    connectedReady(model);
    const notReady = item(TRAY_LABELS.notReady);
    expect(notReady.type).toBe('submenu');
    expect(notReady.click).toBeUndefined();
    expect(notReady.submenu?.map((entry) => [entry.label, entry.enabled])).toEqual([
      ['Not Ready', true],
      ['Lunch', true],
    ]);
    notReady.submenu?.[1]?.click?.();
    expect(commands).toEqual([{ kind: 'notReady', operationName: 'OutToLunch' }]);
  });

  it("shows an '&' of the server's reason names, which a menu reads as a key's mark", () => {
    // Electron's menus take a lone '&' for the mnemonic of the letter after it, on every
    // platform: "Training & Coaching" showed as "Training  Coaching" with the C underlined.
    const reasons = [{ operationName: 'Coaching', displayName: 'Training & Coaching' }];
    const { model, item, menu, commands } = trayOver('linux', reasons);
    model.status({ state: 'connected', reason: 'connected' });
    scriptOf(model).report(channel('chat', 'NotReady', { reason: 'Training & Coaching' }));
    const notReady = item(TRAY_LABELS.notReady);
    expect(notReady.submenu?.map((entry) => entry.label)).toEqual(['Training && Coaching']);
    expect(menu()[0]?.label).toBe('Not ready (Training && Coaching) on chat');
    notReady.submenu?.[0]?.click?.();
    expect(commands).toEqual([{ kind: 'notReady', operationName: 'Coaching' }]);
  });

  it('rebuilds the menu only when its state or the reasons changed', () => {
    const reasons: NotReadyReason[] = [];
    const { model, tray, handle } = trayOver('darwin', reasons);
    model.status({ state: 'connecting', reason: 'signing in' });
    const menusWhileConnecting = tray.menus.length;
    model.status({ state: 'reconnecting', reason: 'server restarted' });
    expect(tray.toolTip).toBe('Switchboard — Reconnecting (server restarted)');
    expect(tray.menus.length).toBe(menusWhileConnecting);

    handle.refresh();
    expect(tray.menus.length).toBe(menusWhileConnecting);
    reasons.push({ operationName: 'OutToLunch', displayName: 'Lunch' });
    handle.refresh();
    expect(tray.menus.length).toBe(menusWhileConnecting + 1);

    model.status({ state: 'connected', reason: 'connected' });
    expect(tray.menus.length).toBe(menusWhileConnecting + 2);
    expect(tray.menu?.template[0]?.label).toBe(TRAY_LABELS.show);
  });

  it('rebuilds the menu when the core announces new Not Ready reasons', () => {
    const reasons: NotReadyReason[] = [];
    const { model, tray, item, reasonListeners } = trayOver('darwin', reasons);
    connectedReady(model);
    expect(item(TRAY_LABELS.notReady).submenu).toBeUndefined();
    reasons.push({ operationName: 'OutToLunch', displayName: 'Lunch' });
    for (const listener of reasonListeners) listener(reasons);
    expect(item(TRAY_LABELS.notReady).submenu?.map((entry) => entry.label)).toEqual(['Lunch']);
    expect(tray.menus.length).toBeGreaterThan(1);
  });

  it('keeps the status line of the Linux menu in step with the state', () => {
    const { model, menu } = trayOver('linux');
    model.status({ state: 'reconnecting', reason: 'server restarted' });
    expect(menu()[0]).toEqual({ label: 'Reconnecting (server restarted)', enabled: false });
    connectedReady(model);
    expect(menu()[0]?.label).toBe('Ready on chat, e-mail');
  });

  it('puts the invitations on the taskbar overlay on Windows, with the 32 px tray glyphs', () => {
    const { model, tray, electron, handle, setWindow } = trayOver('win32');
    connectedReady(model);
    scriptOf(model).alert(invite);
    expect(tray.image).toBe(join(trayFolder, 'tray-invitation-32.png'));

    // No window yet: the overlay waits for one.
    const window = electron.openBareWindow();
    setWindow(window);
    handle.windowChanged();
    expect(window.overlays.map(({ image, description }) => [image?.path, description])).toEqual([
      [join(trayFolder, 'tray-invitation.png'), '1 invitation waiting'],
    ]);

    scriptOf(model).alert({ ...invite, interactionId: 'chat-2' });
    scriptOf(model).alert(revoke);
    scriptOf(model).alert({ ...revoke, interactionId: 'chat-2' });
    expect(window.overlays.slice(1).map(({ image, description }) => [image, description])).toEqual([
      [expect.anything(), '2 invitations waiting'],
      [expect.anything(), '1 invitation waiting'],
      [null, ''],
    ]);
    expect(electron.app.badgeCounts).toEqual([]);
  });

  it('reports a missing tray image', () => {
    const electron = new FakeElectron({
      missingImages: [join(trayFolder, 'tray-signedOut.png')],
    });
    const model = new TrayModel();
    const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    createTray({
      electron,
      platform: 'linux',
      trayFolder,
      desk: {
        trayState: model.state,
        onTrayState: () => () => undefined,
        notReadyReasons: () => [],
        onNotReadyReasons: () => () => undefined,
        trayCommand: () => Promise.resolve(),
      },
      showWindow: vi.fn(),
      quit: vi.fn(),
      getWindow: () => undefined,
      log,
    });
    expect(log.warn).toHaveBeenCalledWith(
      `Tray image missing or unreadable: ${join(trayFolder, 'tray-signedOut.png')}`,
    );
  });

  it("speaks the desk's language: menu, tooltip, Linux status line and Windows overlay", () => {
    const words = createTranslator('de');
    const { model, tray, menu, setWindow, handle, electron } = trayOver('win32', [], words);
    connectedReady(model);
    expect(menu().map((entry) => entry.label ?? '—')).toEqual([
      'Switchboard anzeigen',
      '—',
      'Bereit',
      'Nicht bereit',
      'Nicht stören',
      '—',
      'Abmelden',
      'Beenden',
    ]);
    expect(tray.toolTips.at(-1)).toBe('Switchboard — Bereit für Chat, E-Mail');

    const window = electron.openBareWindow();
    setWindow(window);
    handle.windowChanged();
    scriptOf(model).alert(invite);
    scriptOf(model).alert({ ...invite, interactionId: 'chat-2' });
    expect(tray.toolTips.at(-1)).toBe(
      'Switchboard — Bereit für Chat, E-Mail · 2 Einladungen warten',
    );
    expect(window.overlays.at(-1)?.description).toBe('2 Einladungen warten');

    // Switched to Spanish (the agent's setting): everything is worded again at once.
    words.setLocale('es');
    expect(menu().map((entry) => entry.label ?? '—')[0]).toBe('Mostrar Switchboard');
    expect(tray.toolTips.at(-1)).toBe(
      'Switchboard — Disponible en chat, correo · 2 invitaciones pendientes',
    );
    expect(window.overlays.at(-1)?.description).toBe('2 invitaciones pendientes');
  });

  it('words the Linux status line in German', () => {
    const { model, menu } = trayOver('linux', [], createTranslator('de'));
    // Main's reason is its own English word ("handshake"): the German line says the state alone.
    model.status({ state: 'reconnecting', reason: 'handshake' });
    expect(menu()[0]).toEqual({ label: 'Verbindung wird wiederhergestellt', enabled: false });
  });

  it('stops following the core and removes the icon when destroyed', () => {
    const { model, tray, handle } = trayOver('linux');
    handle.destroy();
    expect(tray.destroyed).toBe(true);
    const tooltips = tray.toolTips.length;
    model.status({ state: 'connecting', reason: 'signing in' });
    expect(tray.toolTips.length).toBe(tooltips);
  });
});
