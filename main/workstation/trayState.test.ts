import { describe, expect, it } from 'vitest';
import type { ChannelState, InteractionHead } from '../../common/model';
import { CommitScript, head } from '../../tests/support/commits';
import { signInAgent1, useSignedInDesks } from '../../tests/support/signedInDesks';
import { useSimulator } from '../../tests/support/simulatorHarness';
import { createTranslator } from '../i18n/translator';
import { emptyChangeSet } from './cacheWriter';
import type { PolicyEvent } from './policy';
import { deriveTrayState, TrayModel, type TrayState } from './trayState';

function channel(name: string, state: string, extra: Partial<ChannelState> = {}): ChannelState {
  return { channel: name, state, dnd: false, ...extra };
}

const scripts = new WeakMap<TrayModel, CommitScript>();

/** The commits that feed a tray model (channel reports, heads, alerts), as the desk folds them. */
function scriptOf(model: TrayModel): CommitScript {
  let script = scripts.get(model);
  if (script === undefined) {
    script = new CommitScript(model);
    scripts.set(model, script);
  }
  return script;
}

const invite: PolicyEvent = {
  kind: 'invite',
  interactionId: 'chat-1',
  channel: 'chat',
  from: 'Tom',
  preview: 'Hello',
};

type Step = [string, (model: TrayModel) => void];

describe('TrayModel', () => {
  it('follows a scripted series of core events through every tray state', () => {
    const model = new TrayModel();
    const seen: TrayState[] = [];
    model.onChange((state) => seen.push(state));
    const steps: Step[] = [
      ['connecting', (m) => m.status({ state: 'connecting', reason: 'signing in' })],
      ['connected', (m) => m.status({ state: 'connected', reason: 'connected' })],
      [
        'not ready',
        (m) =>
          scriptOf(m).report(
            channel('chat', 'NotReady', { displayName: 'Not Ready', reason: 'Lunch' }),
            channel('email', 'NotReady', { displayName: 'Not Ready', reason: 'Lunch' }),
          ),
      ],
      ['ready', (m) => scriptOf(m).report(channel('chat', 'Ready'), channel('email', 'Ready'))],
      ['invitation', (m) => scriptOf(m).alert(invite)],
      ['accepted', (m) => scriptOf(m).states(['chat-1', 'Accepted'])],
      [
        'dnd',
        (m) =>
          scriptOf(m).report(
            channel('chat', 'Ready', { dnd: true }),
            channel('email', 'Ready', { dnd: true }),
          ),
      ],
      ['offline', (m) => m.status({ state: 'offline', reason: 'no answer from the server' })],
      [
        'reconnecting',
        (m) => m.status({ state: 'reconnecting', reason: 'no answer from the server' }),
      ],
      ['reconnected', (m) => m.status({ state: 'connected', reason: 'reconnected' })],
      ['signed out', (m) => m.status({ state: 'signedOut', reason: 'signed out' })],
    ];
    expect(model.state.icon).toBe('signedOut');
    expect(model.state.tooltip).toBe('Switchboard — Signed out');
    expect(model.state.menu.signOut.enabled).toBe(false);
    const states = steps.map(([, step]) => {
      step(model);
      return model.state;
    });
    expect(states.map((state) => state.icon)).toEqual([
      'connecting',
      'notReady',
      'notReady',
      'ready',
      'invitation',
      'ready',
      'dnd',
      'offline',
      'connecting',
      'dnd',
      'signedOut',
    ]);
    expect(states.map((state) => state.tooltip)).toEqual([
      'Switchboard — Connecting (signing in)',
      'Switchboard — Connected',
      'Switchboard — Not ready (Lunch) on chat, e-mail',
      'Switchboard — Ready on chat, e-mail',
      'Switchboard — Ready on chat, e-mail · 1 invitation waiting',
      'Switchboard — Ready on chat, e-mail',
      'Switchboard — Do not disturb · Ready on chat, e-mail',
      'Switchboard — Offline (no answer from the server)',
      'Switchboard — Reconnecting (no answer from the server)',
      'Switchboard — Do not disturb · Ready on chat, e-mail',
      'Switchboard — Signed out',
    ]);
    expect(states.map((state) => state.pendingInvitations)).toEqual([
      0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
    ]);
    // Listeners hear each change once, and only changes.
    expect(seen).toEqual(states);
    // Menu: agent-state entries only while connected and not under Do Not Disturb for all
    // channels (a choice then would take effect unseen once DND ends); DND checked only while on
    // and connected.
    expect(states.map((state) => state.menu.notReady.enabled)).toEqual([
      false,
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(states.map((state) => state.menu.ready.enabled)).toEqual([
      false,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(states.map((state) => state.menu.dnd.checked)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      true,
      false,
      false,
      true,
      false,
    ]);
    expect(states.map((state) => state.menu.signOut.enabled)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
    // Signing out forgets the channels: signing in again starts from "Connected".
    model.status({ state: 'connected', reason: 'connected' });
    expect(model.state.tooltip).toBe('Switchboard — Connected');
    expect(model.dnd).toBe(false);
  });

  it('counts invitations until they are withdrawn, answered, ended or placed in a workbin', () => {
    const model = new TrayModel();
    model.status({ state: 'connected', reason: 'connected' });
    const script = scriptOf(model);
    script.report(channel('chat', 'Ready'));
    for (const id of ['a', 'b', 'c', 'd', 'e'])
      script.alert({ kind: 'invite', interactionId: id, channel: 'chat' });
    script.alert({ kind: 'invite', interactionId: 'a', channel: 'chat' });
    expect(model.state.pendingInvitations).toBe(5);
    expect(model.state.tooltip).toBe('Switchboard — Ready on chat · 5 invitations waiting');
    script.alert({ kind: 'revoke', interactionId: 'a', channel: 'chat' });
    script.states(['b', 'Revoked']);
    script.states(['c', 'Invited']);
    expect(script.alerts.pendingIds).toEqual(['c', 'd', 'e']);
    script.states(['c', 'Ended']);
    script.workbin('d');
    expect(script.alerts.pendingIds).toEqual(['e']);
    expect(model.state.icon).toBe('invitation');
    script.states(['e', 'Accepted']);
    expect(model.state.icon).toBe('ready');
  });

  it('words its first state, before anything happened, in the desk’s language', () => {
    // A desk starting in German (the OS's language): the tray shows this state until the first
    // event; it said "Signed out", "Show Switchboard" and "Quit" in English.
    const state = new TrayModel(createTranslator('de')).state;
    expect(state.tooltip).toBe('Switchboard — Abgemeldet');
    expect(state.menu.quit.label).toBe('Beenden');
  });

  it('says the link’s state without main’s English reason in another language', () => {
    const model = new TrayModel(createTranslator('de'));
    model.status({ state: 'connecting', reason: 'signing in' });
    expect(model.state.tooltip).toBe('Switchboard — Verbindung wird hergestellt');
    model.status({ state: 'offline', reason: 'connect ECONNREFUSED 127.0.0.1:8090' });
    expect(model.state.tooltip).toBe('Switchboard — Offline');
    model.status({ state: 'connected', reason: 'connected', storageFailure: 'SQLITE_FULL' });
    expect(model.state.status).toBe(
      'Verbunden · Der Offline-Speicher kann keine Ereignisse speichern; neuer Versuch läuft',
    );
  });

  it('shows an invitation suppressed by DND as pending, above DND', () => {
    const model = new TrayModel();
    model.status({ state: 'connected', reason: 'connected' });
    scriptOf(model).report(channel('email', 'NotReady', { dnd: true }));
    expect(model.state.icon).toBe('dnd');
    scriptOf(model).alert({ kind: 'invite', interactionId: 'm', channel: 'email' });
    expect(model.state).toMatchObject({
      icon: 'invitation',
      tooltip: 'Switchboard — Do not disturb · Not ready on e-mail · 1 invitation waiting',
      pendingInvitations: 1,
    });
    expect(model.dnd).toBe(true);
  });

  it('ignores events that do not change the tray and invitations while signed out', () => {
    const model = new TrayModel();
    let calls = 0;
    const off = model.onChange(() => (calls += 1));
    scriptOf(model).alert(invite);
    // A commit that changes nothing the tray shows (a password change's log row, say).
    scriptOf(model).states();
    expect(model.state.pendingInvitations).toBe(0);
    expect(calls).toBe(0);
    model.status({ state: 'connecting', reason: 'handshake' });
    model.status({ state: 'connecting', reason: 'handshake' });
    expect(calls).toBe(1);
    off();
    model.status({ state: 'connected', reason: 'connected' });
    expect(calls).toBe(1);
  });
});

describe('deriveTrayState', () => {
  const connected = { state: 'connected', reason: 'connected' } as const;

  it('puts connection problems before invitations and DND', () => {
    const busy = [channel('chat', 'Ready', { dnd: true })];
    expect(
      deriveTrayState({
        connection: { state: 'offline', reason: '' },
        channels: busy,
        pendingInvitations: 2,
      }),
    ).toMatchObject({ icon: 'offline', tooltip: 'Switchboard — Offline', pendingInvitations: 2 });
    expect(
      deriveTrayState({
        connection: { state: 'signedOut', reason: 'x' },
        channels: busy,
        pendingInvitations: 2,
      }),
    ).toMatchObject({ icon: 'signedOut', pendingInvitations: 0 });
    expect(
      deriveTrayState({ connection: connected, channels: busy, pendingInvitations: 0 }).icon,
    ).toBe('dnd');
  });

  it('takes one channel’s own DND for that channel’s state, not the agent’s DND', () => {
    const ownDnd = [
      channel('email', 'Ready'),
      channel('chat', 'NotReady', { displayName: 'Not Ready', dnd: true }),
    ];
    const state = deriveTrayState({
      connection: connected,
      channels: ownDnd,
      pendingInvitations: 0,
    });
    expect(state.icon).toBe('ready');
    expect(state.tooltip).toBe('Switchboard — Do not disturb on chat · Ready on e-mail');
    expect(state.menu.dnd.checked).toBe(false);
    const model = new TrayModel();
    model.status(connected);
    scriptOf(model).report(...ownDnd);
    expect(model.dnd).toBe(false);
    // Every channel under DND leaves the agent no work: that is the agent's DND.
    scriptOf(model).report(channel('email', 'NotReady', { dnd: true }));
    expect(model.dnd).toBe(true);
    expect(model.state).toMatchObject({
      icon: 'dnd',
      tooltip: 'Switchboard — Do not disturb · Not ready on e-mail, chat',
    });
    expect(model.state.menu.dnd.checked).toBe(true);
  });

  it('is ready when any channel is Ready, and names each group of channels', () => {
    const state = deriveTrayState({
      connection: connected,
      channels: [
        channel('voice', 'NotReady', { displayName: 'After Call Work' }),
        channel('email', 'NotReady', { displayName: 'Not Ready' }),
        channel('chat', 'Ready'),
        channel('sms', 'LoggedOut'),
      ],
      pendingInvitations: 0,
    });
    expect(state.icon).toBe('ready');
    expect(state.tooltip).toBe(
      'Switchboard — Ready on chat · Not ready (After-call work) on voice · Not ready on e-mail · Logged out on SMS',
    );
    expect(state.menu.ready.enabled).toBe(true);
  });

  it('keeps a reason’s or channel’s direction controls from the server inside an isolate: the words after them read as written', () => {
    const [RLO, RLI, FSI, PDI] = ['\u202e', '\u2067', '\u2068', '\u2069'];
    const state = deriveTrayState({
      connection: { ...connected, storageFailure: `${RLI}disk full` },
      channels: [
        channel('voice', 'NotReady', { reason: `${RLO}Lunch` }),
        channel(`${RLO}fax`, 'Ready'),
      ],
      pendingInvitations: 0,
    });
    expect(state.tooltip).toBe(
      `Switchboard — Ready on ${FSI}${RLO}fax${PDI} · Not ready (${FSI}${RLO}Lunch${PDI}) on voice · ` +
        `The offline cache cannot store events; retrying (${FSI}${RLI}disk full${PDI}${PDI})`,
    );
  });
});

describe('the tray telling of chats waiting for the agent’s answer', () => {
  const waitingHead = (
    id: string,
    since: number | undefined,
    state = 'Accepted',
  ): InteractionHead => ({
    ...head(id, state),
    ...(since === undefined ? {} : { awaitingReplySince: since }),
  });
  const fold = (model: TrayModel, ...heads: InteractionHead[]) =>
    scriptOf(model).fold({ ...emptyChangeSet(), interactions: heads });

  it('counts the chats whose customers wait, as commits and the inbox at sign-in say, while connected', () => {
    const model = new TrayModel();
    model.status({ state: 'connected', reason: 'connected' });
    scriptOf(model).report(channel('chat', 'Ready'));
    fold(model, waitingHead('tom', 1), waitingHead('anna', 2));
    expect(model.state.tooltip).toBe(
      'Switchboard — Ready on chat · 2 chats waiting for your answer',
    );
    // Tom is answered; an invitation's customer waits for whoever accepts, not this agent yet;
    // a chat this agent was consulted on waits for its owner's answer.
    fold(
      model,
      waitingHead('tom', undefined),
      waitingHead('new', 3, 'Invited'),
      waitingHead('consulted', 4, 'InvitedConference'),
    );
    expect(model.state.status).toBe('Ready on chat · 1 chat waiting for your answer');
    scriptOf(model).alert({ kind: 'invite', interactionId: 'new', channel: 'chat' });
    expect(model.state.status).toBe(
      'Ready on chat · 1 invitation waiting · 1 chat waiting for your answer',
    );
    // Anna's chat ends.
    fold(model, waitingHead('anna', undefined, 'Ended'), waitingHead('new', undefined));
    expect(model.state.status).toBe('Ready on chat');
    // Offline, nothing is known to wait for now; signed out, nothing is kept for the next agent.
    fold(model, waitingHead('tom', 5));
    model.status({ state: 'offline', reason: 'no answer from the server' });
    expect(model.state.status).not.toContain('waiting');
    model.status({ state: 'connected', reason: 'connected' });
    expect(model.state.status).toBe('Ready on chat · 1 chat waiting for your answer');
    model.status({ state: 'signedOut', reason: 'signed out' });
    model.status({ state: 'connected', reason: 'connected' });
    expect(model.state.status).toBe('Connected');
    // At sign-in, the inbox as the cache holds it.
    model.knowWaits([waitingHead('tom', 5), waitingHead('anna', undefined)]);
    expect(model.state.status).toBe('Connected · 1 chat waiting for your answer');
  });

  it('words it in the desk’s language', () => {
    const model = new TrayModel(createTranslator('de'));
    model.status({ state: 'connected', reason: 'connected' });
    fold(model, waitingHead('tom', 1), waitingHead('anna', 2));
    expect(model.state.status).toContain('2 Chats warten auf Ihre Antwort');
  });
});

// The desk's part, against the real simulator, cache and GWS client.
describe('the desk’s tray and a customer waiting', () => {
  const harness = useSimulator();
  const desks = useSignedInDesks();

  it('says a chat waits once its customer writes, not once answered, after signing in anew and in a restarted desk', async () => {
    const simulator = await harness.start();
    const first = await desks.open(simulator);
    const { desk } = first;
    const { handlers } = desk;
    const id = simulator.control.startChat({ customerNickName: 'Tom Baker', subject: 'Parcel' });
    await expect.poll(async () => (await handlers.interactions.get(id))?.state).toBe('Invited');
    await handlers.interactions.accept(id, undefined);
    await expect.poll(async () => (await handlers.interactions.get(id))?.state).toBe('Accepted');
    const waiting = 'chat waiting for your answer';

    await handlers.interactions.sendMessage(id, 'Hello Tom, how can I help?', undefined);
    await expect.poll(() => desk.trayState.status).not.toContain(waiting);
    simulator.control.customerSays(id, 'My parcel is late.');
    await expect.poll(() => desk.trayState.status).toContain(`1 ${waiting}`);
    await handlers.interactions.sendMessage(id, 'Let me look.', undefined);
    await expect.poll(() => desk.trayState.status).not.toContain(waiting);
    simulator.control.customerSays(id, 'Thanks.');
    await expect.poll(() => desk.trayState.status).toContain(`1 ${waiting}`);

    await handlers.session.signOut();
    expect(desk.trayState.status).not.toContain(waiting);
    await signInAgent1(desk, simulator);
    await expect.poll(() => desk.trayState.status).toContain(`1 ${waiting}`);

    // A restarted desk: the chat is as its cache holds it. (The simulator's resync repeats the
    // chat's lines, and the writer sends a chat's head with the wait it first works out; a
    // server that repeats nothing leaves it to the inbox the tray reads at sign-in.)
    await desk.shutdown();
    const restarted = await desks.open(simulator, { dataDir: first.dataDir });
    await expect.poll(() => restarted.desk.trayState.status).toContain(`1 ${waiting}`);
  });
});
