import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../common/contract';
import type { ChangeSet } from '../../common/model';
import { mayOpenDirectly } from '../../common/openableFiles';
import { openDesk, type Desk, type DeskOptions } from '../../main/workstation/desk';
import { createDispatcher } from '../../main/ipc/dispatcher';
import Database from 'better-sqlite3';
import { DEFAULT_PREFERENCES } from '../../main/cache/deskState';
import { DISPOSITION_REQUIRED_SENTENCE } from '../../common/caseData';
import type { SimUser } from '../../simulator/model';
import { demoUsers, type Simulator } from '../../simulator/server';
import {
  osRecorder,
  refusingVault,
  testDeskOptions,
  workingVault,
  type OsRecorder,
} from '../support/deskPorts';
import { FakeSafeStorage } from '../support/fakeElectron';
import { useSimulator } from '../support/simulatorHarness';
import { createCredentialVault } from '../../main/electron/vault';

// The desk core against the real simulator, a real cache file and real HTTP/CometD; only the
// OS ports (vault, notifications, window, files) are plain recorders here.

const harness = useSimulator();
const folders: string[] = [];
const desks: Desk[] = [];

afterEach(async () => {
  await Promise.all(desks.splice(0).map((desk) => desk.shutdown()));
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

interface Recorded extends OsRecorder {
  readonly pushed: { channel: string; payload: unknown }[];
  /** The inbox's ids at the moment each change set with an invitation was pushed. */
  readonly inboxAtInvite: string[][];
}

async function dataFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-desk-'));
  folders.push(dir);
  return dir;
}

async function open(
  simulator: Simulator,
  overrides: Partial<DeskOptions> & { dataDir?: string } = {},
): Promise<{ desk: Desk; recorded: Recorded; dataDir: string }> {
  const dataDir = overrides.dataDir ?? (await dataFolder());
  const recorded: Recorded = { ...osRecorder(), pushed: [], inboxAtInvite: [] };
  // The desk answers the inbox query at the moment of the push (it exists by then).
  const current: { desk?: Desk } = {};
  const desk = await openDesk({
    dataDir,
    send: (channel, payload) => {
      recorded.pushed.push({ channel, payload });
      if (
        channel === 'switchboard:desk:changed' &&
        (payload as ChangeSet).interactions.some((head) => head.phase === 'invited') &&
        current.desk !== undefined
      )
        recorded.inboxAtInvite.push(
          (current.desk.handlers.interactions.inbox(undefined) as { id: string }[]).map(
            (row) => row.id,
          ),
        );
    },
    ...testDeskOptions(recorded, simulator, workingVault()),
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    },
    ...overrides,
  });
  current.desk = desk;
  desks.push(desk);
  return { desk, recorded, dataDir };
}

/** Maria's e-mail with one small PDF, for the download tests: its interaction id. */
function invoiceWithPdf(simulator: Simulator): string {
  return simulator.control.receiveEmail({
    from: 'maria@example.com',
    subject: 'Invoice',
    text: 'Attached.',
    attachments: [{ name: 'invoice.pdf', mimeType: 'application/pdf', bytes: Buffer.from('%PDF') }],
  });
}

function pushedOn(recorded: Recorded, channel: string): unknown[] {
  return recorded.pushed.filter((entry) => entry.channel === channel).map((entry) => entry.payload);
}

async function signedInDesk(simulator: Simulator, overrides: Partial<DeskOptions> = {}) {
  const opened = await open(simulator, overrides);
  const state = await opened.desk.handlers.session.signIn({
    serverUrl: simulator.url,
    userName: 'agent1',
    password: 'demo',
    remember: false,
  });
  expect(state.connection.state).toBe('connected');
  await opened.desk.handlers.agent.setReady(undefined);
  await expect.poll(() => opened.desk.trayState.icon).toBe('ready');
  return opened;
}

describe("the desk's language for the tray and notifications", () => {
  it("starts in the OS's language, follows the agent's setting, and words invitations in it", async () => {
    const simulator = await harness.start();
    const { desk, recorded } = await signedInDesk(simulator, { systemLanguages: ['es-MX', 'en'] });
    expect(desk.trayState.tooltip).toBe('Switchboard — Disponible en correo, chat');
    expect(desk.trayState.menu.quit.label).toBe('Salir');

    desk.setLanguage('de');
    expect(desk.trayState.tooltip).toBe('Switchboard — Bereit für E-Mail, Chat');
    simulator.control.startChat({
      customerNickName: 'Tom',
      subject: 'Paket',
      firstMessage: 'Hallo',
    });
    await expect.poll(() => recorded.shown.at(-1)?.title).toBe('Neuer Chat von Tom');
    expect(recorded.shown.at(-1)?.actions.map((action) => action.label)).toEqual([
      'Annehmen',
      'Ablehnen',
    ]);
    await expect.poll(() => desk.trayState.pendingDescription).toBe('1 Einladung wartet');

    desk.setLanguage('system');
    expect(desk.trayState.menu.ready.label).toBe('Disponible');
  });
});

describe('the desk', () => {
  it('repeats the chime while an invitation waits, once only when the setting says so, and counts what waits', async () => {
    const simulator = await harness.start();
    const { desk, recorded } = await signedInDesk(simulator, { ringIntervalMs: 100 });
    const chimes = () => pushedOn(recorded, 'switchboard:app:soundRequested').length;
    const waiting = () => pushedOn(recorded, 'switchboard:app:invitationsChanged').at(-1);
    const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

    // Repeat (the default): the arrival's chime, then one every interval until Accept.
    const first = simulator.control.startChat({ customerNickName: 'Tom', subject: 'Parcel' });
    await expect.poll(chimes).toBeGreaterThanOrEqual(3);
    expect(waiting()).toEqual({ waiting: 1 });
    expect(desk.handlers.app.invitationsWaiting()).toBe(1);
    await desk.handlers.interactions.accept(first, undefined);
    const afterAccept = chimes();
    await settle();
    expect(chimes()).toBe(afterAccept);
    await expect.poll(waiting).toEqual({ waiting: 0 });

    // Once: the arrival's chime only.
    await desk.handlers.settings.update({ chime: 'once' });
    const before = chimes();
    const second = simulator.control.startChat({ customerNickName: 'Ann', subject: 'Refund' });
    await expect.poll(chimes).toBe(before + 1);
    await settle();
    expect(chimes()).toBe(before + 1);

    // Back to repeat: the invitation still waiting rings again, until Reject.
    await desk.handlers.settings.update({ chime: 'repeat' });
    await expect.poll(chimes).toBeGreaterThan(before + 2);
    await desk.handlers.interactions.reject(second);
    const afterReject = chimes();
    await settle();
    expect(chimes()).toBe(afterReject);
    await expect.poll(waiting).toEqual({ waiting: 0 });
    expect(desk.trayState.pendingInvitations).toBe(0);
  });

  it('refuses StopProcessing while a required disposition is missing, whoever asks (the CLI too)', async () => {
    const simulator = await harness.start();
    const { desk } = await signedInDesk(simulator);
    await desk.handlers.settings.update({ dispositionRequired: true, dispositionKey: 'WrapUp' });
    const id = simulator.control.startChat({ customerNickName: 'Tom', subject: 'Parcel' });
    await expect.poll(() => desk.handlers.interactions.get(id)).not.toBeNull();
    await desk.handlers.interactions.accept(id, undefined);
    await expect
      .poll(() => desk.handlers.interactions.get(id))
      .toMatchObject({ state: 'Accepted' });

    await expect(desk.handlers.interactions.stopProcessing(id)).rejects.toMatchObject({
      kind: 'invalidState',
      message: DISPOSITION_REQUIRED_SENTENCE,
      code: 'dispositionRequired',
    });
    expect(simulator.world.interactions.get(id)?.state).toBe('Accepted');

    await desk.handlers.interactions.updateProperties(id, { WrapUp: 'Resolved' });
    // The cache holds it once the server's PropertiesChanged notification is applied.
    await expect
      .poll(() => desk.handlers.interactions.get(id))
      .toMatchObject({ userData: { WrapUp: 'Resolved' } });
    await desk.handlers.interactions.stopProcessing(id);
    await expect.poll(() => simulator.world.interactions.get(id)?.state).toBe('Completed');
  });

  it('counts a disposition the server took when its notification was lost in a gap: Done goes through', async () => {
    const simulator = await harness.start();
    const { desk } = await signedInDesk(simulator);
    await desk.handlers.settings.update({ dispositionRequired: true, dispositionKey: 'WrapUp' });
    const id = simulator.control.receiveEmail({
      from: 'ann@example.com',
      subject: 'Refund',
      text: 'Please',
    });
    await expect.poll(() => desk.handlers.interactions.get(id)).not.toBeNull();
    await desk.handlers.interactions.accept(id, undefined);
    await expect
      .poll(() => desk.handlers.interactions.get(id))
      .toMatchObject({ state: 'Accepted' });
    // The server takes the disposition and forgets the desk's CometD session (a restart, a
    // failover) before its PropertiesChanged leaves: the desk hears nothing of it.
    const { world } = simulator;
    const notify = world.notify.bind(world);
    world.notify = (userName, interaction, state) => {
      if (state === 'PropertiesChanged') simulator.control.dropCometdSessions();
      else notify(userName, interaction, state);
    };
    await desk.handlers.interactions.updateProperties(id, { WrapUp: 'Resolved' });
    expect(simulator.world.interactions.get(id)?.userData.WrapUp).toBe('Resolved');

    // The resync after the re-handshake brings it from the server's list.
    await expect
      .poll(() => desk.handlers.interactions.get(id), { timeout: 10_000 })
      .toMatchObject({ userData: { WrapUp: 'Resolved' } });
    await desk.handlers.interactions.stopProcessing(id);
    await expect.poll(() => simulator.world.interactions.get(id)?.state).toBe('Completed');
  });

  it('pre-fills the demo server, and says why a password cannot be remembered', async () => {
    const simulator = await harness.start();
    const { desk } = await open(simulator, { vault: refusingVault });
    expect(await desk.handlers.session.getState()).toEqual({
      connection: { state: 'signedOut', reason: 'not signed in' },
      serverUrl: simulator.url,
      userName: 'agent1',
      demoPassword: 'demo',
      demo: true,
      passwordRemembered: false,
      rememberUnavailable: 'noKeyring',
    });
    expect(desk.trayState.icon).toBe('signedOut');
    expect(desk.signedIn).toBe(false);
  });

  it('signs in, loads the Not Ready reasons, follows the agent state and signs out', async () => {
    const simulator = await harness.start();
    const { desk, recorded } = await signedInDesk(simulator);
    const state = await desk.handlers.session.getState();
    expect(state.agent?.userName).toBe('agent1');
    expect(desk.signedIn).toBe(true);
    const reasons = await desk.handlers.agent.getNotReadyReasons();
    expect(reasons.length).toBeGreaterThan(0);
    expect(desk.notReadyReasons()).toEqual(reasons);
    const pushedStates = pushedOn(recorded, 'switchboard:session:connectionChanged') as {
      connection: { state: string };
    }[];
    expect(pushedStates.map((pushed) => pushed.connection.state)).toContain('connected');

    const lunch = reasons.find((reason) => reason.operationName !== 'NotReady') ?? reasons[0];
    await desk.trayCommand({ kind: 'notReady', operationName: lunch?.operationName });
    await expect.poll(() => desk.trayState.icon).toBe('notReady');
    const agentState = await desk.handlers.agent.getState();
    expect(agentState.channels.every((channel) => channel.state !== 'Ready')).toBe(true);
    expect(
      (pushedOn(recorded, 'switchboard:desk:changed') as ChangeSet[]).filter(
        (changes) => changes.agent !== undefined,
      ).length,
    ).toBeGreaterThan(0);

    await desk.trayCommand({ kind: 'dnd', on: true });
    await expect.poll(() => desk.trayState.icon).toBe('dnd');
    await desk.trayCommand({ kind: 'signOut' });
    expect(desk.signedIn).toBe(false);
    expect(desk.trayState.icon).toBe('signedOut');
    expect((await desk.handlers.session.getState()).connection.state).toBe('signedOut');
    await expect(desk.handlers.agent.setReady(undefined)).rejects.toMatchObject({
      kind: 'unauthorized',
    });
  });

  it('refuses a wrong password and keeps nothing of it', async () => {
    const simulator = await harness.start();
    const { desk, dataDir } = await open(simulator);
    const dispatcher = createDispatcher(contract, desk.handlers, { error: () => undefined });
    const signIn = dispatcher.get('switchboard:session:signIn');
    const answer = await signIn?.([
      { serverUrl: simulator.url, userName: 'agent1', password: 'not-this-one', remember: true },
    ]);
    expect(answer).toMatchObject({
      ok: false,
      error: { kind: 'unauthorized', code: 'credentialsRefused' },
    });
    expect(desk.signedIn).toBe(false);
    expect((await desk.handlers.session.getState()).passwordRemembered).toBe(false);
    const bytes = await readFile(join(dataDir, 'cache.sqlite'));
    expect(bytes.includes(Buffer.from('not-this-one'))).toBe(false);

    const invalid = await signIn?.([
      { serverUrl: 'ftp://example.com', userName: 'agent1', password: 'x', remember: false },
    ]);
    expect(invalid).toMatchObject({
      ok: false,
      error: { kind: 'invalidArgument', code: 'serverUrlInvalid' },
    });
    const insecure = await signIn?.([
      { serverUrl: 'http://gws.example.com', userName: 'agent1', password: 'x', remember: false },
    ]);
    expect(insecure).toMatchObject({ error: { code: 'serverUrlInsecure' } });
  });

  it('says a server that does not answer is unreachable, keeping the technical detail', async () => {
    const simulator = await harness.start();
    const { desk } = await open(simulator);
    const url = simulator.url;
    await simulator.close();
    const dispatcher = createDispatcher(contract, desk.handlers, { error: () => undefined });
    const answer = await dispatcher.get('switchboard:session:signIn')?.([
      { serverUrl: url, userName: 'agent1', password: 'demo', remember: false },
    ]);
    expect(answer).toMatchObject({
      ok: false,
      error: { kind: 'network', code: 'serverUnreachable', message: /ECONNREFUSED/u },
    });
  });

  it('refuses a user who is not an agent, saying so', async () => {
    const simulator = await harness.start({
      users: [
        {
          id: 'admin-1',
          userName: 'admin1',
          password: 'demo',
          firstName: 'Ada',
          lastName: 'Min',
          employeeId: '9001',
          channels: [],
          mustChangePassword: false,
          roles: ['ROLE_ADMIN'],
        },
      ],
    });
    const { desk } = await open(simulator);
    const dispatcher = createDispatcher(contract, desk.handlers, { error: () => undefined });
    const answer = await dispatcher.get('switchboard:session:signIn')?.([
      { serverUrl: simulator.url, userName: 'admin1', password: 'demo', remember: false },
    ]);
    expect(answer).toMatchObject({
      ok: false,
      error: { kind: 'permissionDenied', code: 'notAnAgent', message: /no agent role/u },
    });
    expect(desk.signedIn).toBe(false);
  });

  it('pushes one change set per commit: a customer line arrives as itself, nothing to refetch', async () => {
    const simulator = await harness.start();
    const { desk, recorded } = await signedInDesk(simulator);
    const id = simulator.control.startChat({ customerNickName: 'Tom', subject: 'Parcel' });
    await expect.poll(() => recorded.shown.length).toBe(1);
    await desk.handlers.interactions.accept(id, undefined);
    await expect
      .poll(() => desk.handlers.interactions.get(id))
      .toMatchObject({ state: 'Accepted' });
    const changeSets = () => pushedOn(recorded, 'switchboard:desk:changed') as ChangeSet[];
    const before = changeSets().length;

    simulator.control.customerSays(id, 'It never came');
    const withLine = () =>
      changeSets()
        .slice(before)
        .filter((changes) =>
          changes.transcripts.some((transcript) =>
            transcript.lines.some((line) => line.text === 'It never came'),
          ),
        );
    await expect.poll(() => withLine().length).toBe(1);
    const [pushed] = withLine();
    // The line as the cache stored it, once; the transcript the cache holds ends with it.
    const stored = await desk.handlers.interactions.get(id);
    expect(pushed?.transcripts).toEqual([
      {
        interactionId: id,
        lines: stored?.transcript.filter((line) => line.text === 'It never came'),
      },
    ]);
    // Pushes went out on the one change-set channel (and the session's, and the Not Ready
    // reasons the sign-in read), nowhere else.
    expect(
      new Set(
        recorded.pushed
          .map((entry) => entry.channel)
          .filter((channel) => !channel.startsWith('switchboard:app:')),
      ),
    ).toEqual(
      new Set([
        'switchboard:session:connectionChanged',
        'switchboard:desk:changed',
        'switchboard:agent:notReadyReasonsChanged',
      ]),
    );
  });

  it('announces an invitation once, accepts it from the notification and focuses it', async () => {
    const simulator = await harness.start();
    const { desk, recorded } = await signedInDesk(simulator);
    const id = simulator.control.startChat({
      customerNickName: 'Tom',
      subject: 'Order status',
      firstMessage: 'Where is my parcel?',
    });
    await expect.poll(() => recorded.shown.length).toBe(1);
    const [alert] = recorded.shown;
    expect(alert).toMatchObject({
      kind: 'invite',
      title: 'New chat from Tom',
      body: 'Where is my parcel?\n30 seconds to answer',
      interactionId: id,
      sound: true,
    });
    // Pushed once the cache held it: the renderer's refresh finds it.
    expect(recorded.inboxAtInvite).toEqual([expect.arrayContaining([id])]);
    expect(desk.trayState.icon).toBe('invitation');
    expect(desk.trayState.pendingInvitations).toBe(1);
    expect(pushedOn(recorded, 'switchboard:app:soundRequested')).toEqual([{ kind: 'invitation' }]);

    desk.alertAction(alert?.id ?? '', 'accept');
    await expect
      .poll(() => desk.handlers.interactions.get(id))
      .toMatchObject({ state: 'Accepted' });
    expect(recorded.focused).toEqual([id]);
    expect(pushedOn(recorded, 'switchboard:app:notificationClicked')).toEqual([
      { interactionId: id },
    ]);
    await expect.poll(() => desk.trayState.pendingInvitations).toBe(0);
    // Answered once: a second click on Accept does nothing more.
    desk.alertAction(alert?.id ?? '', 'accept');
    expect(recorded.focused).toEqual([id]);
    expect(recorded.shown).toHaveLength(1);
  });

  it('joins chats under the name set for chats, however the invitation is accepted; a blank one leaves the server its own', async () => {
    const simulator = await harness.start({ chatCapacity: 5 });
    const { desk, recorded } = await signedInDesk(simulator);
    const agentName = (id: string) =>
      simulator.world.interactions
        .get(id)
        ?.chat?.parties.find((party) => party.userType === 'Agent')?.nickName;
    const chat = (customerNickName: string) =>
      simulator.control.startChat({ customerNickName, subject: 'Hello' });
    await desk.handlers.settings.update({ chatNickname: ' Sam ' });
    expect((await desk.handlers.settings.get()).chatNickname).toBe('Sam');

    // From the OS notification's Accept.
    const fromAlert = chat('Tom');
    await expect.poll(() => recorded.shown.length).toBe(1);
    desk.alertAction(recorded.shown[0]?.id ?? '', 'accept');
    await expect.poll(() => agentName(fromAlert)).toBe('Sam');
    // From the desk's Accept, which names none: the setting's.
    const fromDesk = chat('Ann');
    await expect
      .poll(() => desk.handlers.interactions.get(fromDesk))
      .toMatchObject({ state: 'Invited' });
    await desk.handlers.interactions.accept(fromDesk, undefined);
    expect(agentName(fromDesk)).toBe('Sam');
    // Accepted by the desk itself.
    await desk.handlers.settings.update({ autoAnswerChat: true });
    const automatic = chat('Bob');
    await expect.poll(() => agentName(automatic)).toBe('Sam');
    // Blank: the name the server has for the agent.
    await desk.handlers.settings.update({ chatNickname: '', autoAnswerChat: false });
    const unnamed = chat('Eve');
    await expect
      .poll(() => desk.handlers.interactions.get(unnamed))
      .toMatchObject({ state: 'Invited' });
    await desk.handlers.interactions.accept(unnamed, undefined);
    expect(agentName(unnamed)).toBe(simulator.world.findUser('agent1')?.firstName);
    // Over-long: refused in one sentence, the name kept.
    await desk.handlers.settings.update({ chatNickname: 'Sam' });
    await expect(desk.handlers.settings.update({ chatNickname: 'x'.repeat(65) })).rejects.toThrow(
      'Your name in chats can be at most 64 characters.',
    );
    expect((await desk.handlers.settings.get()).chatNickname).toBe('Sam');
  });

  it('leaves the notice of a chat it accepted by itself on screen while the chat lasts', async () => {
    const simulator = await harness.start({ inviteTimeoutSeconds: 60 });
    const { desk, recorded } = await signedInDesk(simulator);
    const onScreen = () =>
      recorded.shown
        .filter((alert) => !recorded.closed.includes(alert.id))
        .map((alert) => alert.body);
    await desk.handlers.settings.update({ autoAnswerChat: true });
    const id = simulator.control.startChat({
      customerNickName: 'Tom',
      subject: 'Hello',
      firstMessage: 'Is anyone there?',
    });
    await expect
      .poll(async () => (await desk.handlers.interactions.get(id))?.state)
      .toBe('Accepted');
    // The agent, in another application, is told a customer now waits on them: the notice does
    // not vanish the moment the server confirms the Accept.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(onScreen()).toEqual(['Accepted automatically: Is anyone there?']);
    // Over once the chat is.
    await desk.handlers.interactions.endChatSession(id);
    await expect.poll(onScreen).toEqual([]);
  });

  it("offers an invitation again, ringing, when its automatic Accept or the notification's did not go through", async () => {
    const simulator = await harness.start({ inviteTimeoutSeconds: 60 });
    const { desk, recorded } = await signedInDesk(simulator);
    const chimes = () => pushedOn(recorded, 'switchboard:app:soundRequested').length;
    await desk.handlers.settings.update({ autoAnswerChat: true });
    // The server does not answer the automatic Accept (503).
    simulator.control.failNextRequests(['unavailable']);
    const id = simulator.control.startChat({ customerNickName: 'Tom', subject: 'Hello' });
    await expect.poll(() => recorded.shown.length).toBe(2);
    const [automatic, again] = recorded.shown;
    expect(automatic).toMatchObject({ body: 'Accepted automatically: Hello', autoAnswer: true });
    expect(again).toMatchObject({
      kind: 'invite',
      title: 'New chat from Tom',
      body: 'Not accepted: it is still waiting for you\nHello',
      actions: [{ id: 'accept' }, { id: 'reject' }],
      interactionId: id,
      replaces: automatic?.id,
    });
    expect(recorded.closed).toContain(automatic?.id);
    expect(chimes()).toBe(2);
    expect(desk.trayState.pendingInvitations).toBe(1);
    expect(desk.trayState.icon).toBe('invitation');
    expect(await desk.handlers.interactions.get(id)).toMatchObject({ state: 'Invited' });

    // Its Accept fails too: offered once more; the third Accept goes through.
    simulator.control.failNextRequests(['unavailable']);
    desk.alertAction(again?.id ?? '', 'accept');
    await expect.poll(() => recorded.shown.length).toBe(3);
    expect(recorded.shown[2]).toMatchObject({ actions: [{ id: 'accept' }, { id: 'reject' }] });
    desk.alertAction(recorded.shown[2]?.id ?? '', 'accept');
    await expect
      .poll(() => desk.handlers.interactions.get(id))
      .toMatchObject({ state: 'Accepted' });
    await expect.poll(() => desk.trayState.pendingInvitations).toBe(0);
    expect(recorded.shown).toHaveLength(3);

    // One the server no longer has (another agent took it) is not offered again: it leaves.
    await desk.handlers.settings.update({ autoAnswerChat: false });
    const taken = simulator.control.startChat({ customerNickName: 'Ann', subject: 'Gone' });
    await expect.poll(() => recorded.shown.length).toBe(4);
    simulator.world.interactions.delete(taken);
    desk.alertAction(recorded.shown[3]?.id ?? '', 'accept');
    await expect
      .poll(() => desk.handlers.interactions.get(taken))
      .toMatchObject({ state: 'Revoked' });
    expect(desk.trayState.pendingInvitations).toBe(0);
    expect(recorded.shown).toHaveLength(4);
  });

  it("offers an invitation again, counted and ringing, when the notification's Reject did not go through", async () => {
    const simulator = await harness.start({ inviteTimeoutSeconds: 60, reofferDelayMs: 60_000 });
    const { desk, recorded } = await signedInDesk(simulator);
    const id = simulator.control.startChat({ customerNickName: 'Tom', subject: 'Hello' });
    await expect.poll(() => recorded.shown.length).toBe(1);
    const [first] = recorded.shown;

    // The server does not take the Reject (503): it still offers the chat to this agent, so
    // the desk must not count it out, silence it, and leave its row offered with no notification.
    simulator.control.failNextRequests(['unavailable']);
    desk.alertAction(first?.id ?? '', 'reject');
    await expect.poll(() => recorded.shown.length).toBe(2);
    expect(recorded.shown[1]).toMatchObject({
      kind: 'invite',
      title: 'New chat from Tom',
      body: 'Not rejected: it is still waiting for you\nHello',
      actions: [{ id: 'accept' }, { id: 'reject' }],
      interactionId: id,
    });
    expect(simulator.world.interactions.get(id)).toMatchObject({ state: 'Invited' });
    expect(await desk.handlers.interactions.get(id)).toMatchObject({ state: 'Invited' });
    expect(desk.trayState.pendingInvitations).toBe(1);
    expect(desk.trayState.icon).toBe('invitation');

    // Its Reject goes through: over, and no longer counted.
    desk.alertAction(recorded.shown[1]?.id ?? '', 'reject');
    await expect
      .poll(() => desk.handlers.interactions.get(id))
      .toMatchObject({ state: 'Rejected' });
    await expect.poll(() => desk.trayState.pendingInvitations).toBe(0);
    expect(recorded.shown).toHaveLength(2);
  });

  it('notifies and rings an invitation that came while a Do Not Disturb request was under way, once it failed', async () => {
    const simulator = await harness.start({ inviteTimeoutSeconds: 60 });
    const { desk, recorded } = await signedInDesk(simulator, {
      session: { maxBackoffMs: 200, requestTimeoutMs: 1_500 },
      ringIntervalMs: 100,
    });
    const chimes = () => pushedOn(recorded, 'switchboard:app:soundRequested').length;
    // The server never answers the DND request (nor acts on it): the agent is not in DND.
    simulator.control.failNextRequests(['silent']);
    const dnd = desk.handlers.agent.setDoNotDisturb(true);
    const id = simulator.control.startChat({ customerNickName: 'Tom', subject: 'Hello' });
    await expect.poll(() => desk.trayState.pendingInvitations).toBe(1);
    // Quiet while DND may be coming.
    expect(recorded.shown).toEqual([]);
    await expect(dnd).rejects.toMatchObject({ kind: 'timeout' });
    expect(simulator.world.agent('agent1').dnd).toBe(false);
    expect(simulator.world.interactions.get(id)).toMatchObject({ state: 'Invited' });

    // Still offered to an agent who is not in DND: notified and ringing, as any invitation.
    await expect.poll(() => recorded.shown.map((alert) => alert.kind)).toEqual(['invite']);
    expect(recorded.shown[0]).toMatchObject({ title: 'New chat from Tom', interactionId: id });
    const before = chimes();
    await expect.poll(chimes).toBeGreaterThan(before + 1);
  });

  it("leaves none of the agent's invitation notifications on screen once signed out", async () => {
    const simulator = await harness.start({ inviteTimeoutSeconds: 60 });
    const { desk, recorded } = await signedInDesk(simulator);
    const onScreen = () =>
      recorded.shown
        .filter((alert) => !recorded.closed.includes(alert.id))
        .map((alert) => `${alert.kind}: ${alert.body}`);
    simulator.control.startChat({ customerNickName: 'Tom', subject: 'My account number' });
    simulator.control.receiveEmail({ from: 'ann@example.com', subject: 'Refund', text: 'Hi' });
    await expect.poll(() => desk.trayState.pendingInvitations).toBe(2);
    expect(onScreen()).toHaveLength(2);

    // Signing out ends the contact-center session, and the server withdraws both offers.
    await desk.handlers.session.signOut();
    expect(desk.trayState.pendingInvitations).toBe(0);
    // Nothing of them stays for whoever sits down next (no "withdrawn" of the customer's words).
    expect(onScreen()).toEqual([]);
  });

  it("closes the notice of a colleague's consultation once it is over, and at sign-out", async () => {
    const simulator = await harness.start({ inviteTimeoutSeconds: 60 });
    // agent2 owns the chats (Ready before agent1 signs in, so routing gives them to them).
    const owner = await harness.signedIn('agent2', ['chat']);
    const ownedChat = async (subject: string) => {
      const chat = simulator.control.startChat({ customerNickName: 'Tom', subject });
      await owner.waitFor(
        (message) => JSON.stringify(message.data).includes(chat),
        3000,
        'the invitation',
      );
      const accept = { operationName: 'Accept', nickname: 'Bo' };
      expect((await owner.post(`/me/interactions/${chat}`, accept)).status).toBe(200);
      return chat;
    };
    const first = await ownedChat('My account number');
    const second = await ownedChat('Refund');
    const { desk, recorded } = await signedInDesk(simulator);
    const onScreen = () =>
      recorded.shown
        .filter((alert) => !recorded.closed.includes(alert.id))
        .map((alert) => `${alert.kind}: ${alert.body}`);
    const consult = { operationName: 'StartChatConsultation', agentId: 'agent1' };
    for (const chat of [first, second]) {
      expect((await owner.post(`/me/interactions/${chat}`, consult)).status).toBe(200);
      await expect
        .poll(async () => (await desk.handlers.interactions.get(chat))?.state)
        .toBe('InvitedConference');
    }
    await expect.poll(onScreen).toEqual(['consult: My account number', 'consult: Refund']);

    // The consulted agent leaves the first chat: it is over for this desk.
    await desk.handlers.interactions.leaveChat(first);
    await expect.poll(onScreen).toEqual(['consult: Refund']);
    // Nothing of the other stays, with the customer's subject, for whoever signs in next.
    await desk.handlers.session.signOut();
    expect(onScreen()).toEqual([]);
  });

  it('keeps one notification per interaction on screen while an unanswered e-mail is withdrawn and offered again', async () => {
    // The agent stepped away Ready: routing offers the e-mail again after each time-out.
    const simulator = await harness.start({ inviteTimeoutSeconds: 60, reofferDelayMs: 50 });
    const { desk, recorded } = await signedInDesk(simulator);
    const onScreen = () =>
      recorded.shown
        .filter((alert) => !recorded.closed.includes(alert.id))
        .map((alert) => `${alert.kind}: ${alert.body.split('\n')[0] ?? ''}`);
    const invitations = () => recorded.shown.filter((alert) => alert.kind === 'invite').length;
    const mail = simulator.control.receiveEmail({
      from: 'ann@example.com',
      subject: 'Refund',
      text: 'Hi',
    });
    // Offered, timed out and offered again, twice.
    for (const offers of [1, 2]) {
      await expect.poll(invitations).toBe(offers);
      expect(simulator.control.revoke(mail)).toBe(true);
    }
    await expect.poll(invitations).toBe(3);
    await expect.poll(() => desk.trayState.pendingInvitations).toBe(1);
    expect(recorded.shown.filter((alert) => alert.kind === 'revoke')).toHaveLength(2);
    expect(recorded.shown.every((alert) => alert.interactionId === mail)).toBe(true);
    // The invitation waiting, and nothing that says it was withdrawn.
    expect(onScreen()).toEqual(['invite: Refund']);
  });

  it('says when an invitation is withdrawn, except during Do Not Disturb', async () => {
    const simulator = await harness.start({ inviteTimeoutSeconds: 60 });
    const { desk, recorded } = await signedInDesk(simulator);
    const first = simulator.control.startChat({ customerNickName: 'Ann', subject: 'Hello' });
    await expect.poll(() => recorded.shown.length).toBe(1);
    expect(simulator.control.revoke(first)).toBe(true);
    await expect.poll(() => recorded.shown.length).toBe(2);
    expect(recorded.shown[1]).toMatchObject({
      kind: 'revoke',
      title: 'Invitation withdrawn',
      interactionId: first,
      replaces: recorded.shown[0]?.id,
    });
    expect(recorded.closed).toContain(recorded.shown[0]?.id);

    // Do Not Disturb withdraws a pending invitation (the simulator, like GWS, routes nothing to
    // an agent in DND): no "withdrawn" notification, but the invitation's own is closed.
    const second = simulator.control.startChat({ customerNickName: 'Bob', subject: 'Quiet' });
    await expect.poll(() => recorded.shown.length).toBe(3);
    expect(desk.trayState.pendingInvitations).toBe(1);
    await desk.handlers.agent.setDoNotDisturb(true);
    await expect.poll(() => desk.trayState.icon).toBe('dnd');
    await expect.poll(() => recorded.closed).toContain(recorded.shown[2]?.id);
    expect(desk.trayState.pendingInvitations).toBe(0);
    expect(recorded.shown).toHaveLength(3);
    expect(await desk.handlers.interactions.get(second)).toMatchObject({ state: 'Revoked' });
  });

  it('remembers a password sealed by the vault only, signs in with it next time, and forgets it', async () => {
    const simulator = await harness.start();
    const dataDir = await dataFolder();
    const first = await open(simulator, { dataDir });
    await first.desk.handlers.session.signIn({
      serverUrl: simulator.url,
      userName: 'agent2',
      password: 'demo',
      remember: true,
    });
    expect((await first.desk.handlers.session.getState()).passwordRemembered).toBe(true);
    await first.desk.shutdown();

    const second = await open(simulator, { dataDir });
    await expect.poll(() => second.desk.signedIn).toBe(true);
    const state = await second.desk.handlers.session.getState();
    expect(state).toMatchObject({ userName: 'agent2', demo: true, passwordRemembered: true });
    await second.desk.handlers.session.forgetPassword();
    expect((await second.desk.handlers.session.getState()).passwordRemembered).toBe(false);
  });

  it('quits cleanly while the automatic sign-in is under way', async () => {
    const simulator = await harness.start();
    const dataDir = await dataFolder();
    const first = await open(simulator, { dataDir });
    await first.desk.handlers.session.signIn({
      serverUrl: simulator.url,
      userName: 'agent3',
      password: 'demo',
      remember: true,
    });
    await first.desk.shutdown();
    const problems: string[] = [];
    const second = await open(simulator, {
      dataDir,
      log: {
        debug: () => undefined,
        info: () => undefined,
        warn: (message) => problems.push(message),
        error: (message) => problems.push(message),
      },
    });
    await second.desk.shutdown();
    // Nothing may happen after the shutdown resolved: give a late sign-in time to show itself
    // (it would write to the closed cache and log the failure).
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(problems).toEqual([]);
    expect(second.desk.signedIn).toBe(false);
  });

  it('stores a remembered password only as the vault sealed it, in no file in plain text', async () => {
    const password = 'Tr0ub4dor&3-unlikely-anywhere';
    const simulator = await harness.start({
      users: [{ ...demoUsers()[0], userName: 'agent9', password } as SimUser],
    });
    const dataDir = await dataFolder();
    const vault = workingVault();
    const { desk } = await open(simulator, { dataDir, vault });
    await desk.handlers.session.signIn({
      serverUrl: simulator.url,
      userName: 'agent9',
      password,
      remember: true,
    });
    const sealed = Buffer.from(vault.encrypt(password)).toString('base64');
    // Scanned while open too: the newest writes sit in the write-ahead log.
    for (const phase of ['open', 'closed']) {
      if (phase === 'closed') await desk.shutdown();
      for (const name of await readdir(dataDir)) {
        if (!name.startsWith('cache.sqlite')) continue;
        const bytes = await readFile(join(dataDir, name));
        for (const plain of [password, Buffer.from(password).toString('base64')])
          expect({ phase, name, found: bytes.includes(Buffer.from(plain)) }).toEqual({
            phase,
            name,
            found: false,
          });
      }
    }
    const db = new Database(join(dataDir, 'cache.sqlite'), { readonly: true });
    const stored = (
      db.prepare('SELECT sealed FROM sealed_passwords').all() as { sealed: Buffer }[]
    ).map((row) => row.sealed.toString('base64'));
    db.close();
    expect(stored).toEqual([sealed]);
  });

  it('keeps the verifier of a password the server accepted at the shipped cost, unless told', async () => {
    const simulator = await harness.start();
    const costsKept = async (overrides: Partial<DeskOptions>) => {
      const { desk, dataDir } = await signedInDesk(simulator, overrides);
      const db = new Database(join(dataDir, 'cache.sqlite'), { readonly: true });
      const read = () =>
        db.prepare('SELECT cost, block_size, parallelism FROM password_verifiers').all();
      try {
        // The shipped cost takes ~0.2 s of CPU, seconds on a loaded machine.
        await expect.poll(read, { timeout: 15_000 }).toHaveLength(1);
        return read();
      } finally {
        db.close();
        await desk.shutdown();
      }
    };
    // The tests' desks make cheap verifiers (TEST_VERIFIER_COST); the app passes no cost.
    expect(await costsKept({ passwordVerifierCost: undefined })).toEqual([
      { cost: 2 ** 15, block_size: 8, parallelism: 3 },
    ]);
    expect(await costsKept({})).toEqual([{ cost: 2 ** 10, block_size: 8, parallelism: 1 }]);
  });

  it('forgets a remembered password the server refuses, and says why it is signed out', async () => {
    const simulator = await harness.start();
    const dataDir = await dataFolder();
    const first = await open(simulator, { dataDir });
    await first.desk.handlers.session.signIn({
      serverUrl: simulator.url,
      userName: 'agent4',
      password: 'demo',
      remember: true,
    });
    await first.desk.shutdown();
    const user = simulator.world.users.get('agent4');
    if (user === undefined) throw new Error('no agent4');
    user.password = 'changed-by-the-administrator';

    const second = await open(simulator, { dataDir });
    await expect
      .poll(async () => (await second.desk.handlers.session.getState()).passwordRemembered)
      .toBe(false);
    const state = await second.desk.handlers.session.getState();
    expect(state.connection.state).toBe('signedOut');
    expect(state.connection.reason).not.toBe('not signed in');
    expect(second.desk.signedIn).toBe(false);
  });

  it('drops a session the server ends, and says why', async () => {
    const simulator = await harness.start();
    const { desk } = await signedInDesk(simulator);
    const user = simulator.world.users.get('agent1');
    if (user === undefined) throw new Error('no agent1');
    user.password = 'changed-by-the-administrator';
    simulator.control.expireHttpSessions();
    await expect(desk.handlers.agent.setReady(undefined)).rejects.toMatchObject({
      kind: 'unauthorized',
    });
    await expect.poll(() => desk.signedIn).toBe(false);
    expect(desk.trayState.icon).toBe('signedOut');
    const state = await desk.handlers.session.getState();
    expect(state.connection).toEqual({
      state: 'signedOut',
      reason: 'The server refused the password for agent1: sign in again with the new password.',
      // The form words it in the desk's language (no password was remembered to forget).
      refusal: 'passwordRefused',
    });
    expect(state.agent).toBeUndefined();
  });

  it('signs out only after a sign-in under way, leaving no session on the server', async () => {
    const simulator = await harness.start();
    const { desk } = await open(simulator);
    const signingIn = desk.handlers.session.signIn({
      serverUrl: simulator.url,
      userName: 'agent1',
      password: 'demo',
      remember: false,
    });
    await expect(
      desk.handlers.session.signIn({
        serverUrl: simulator.url,
        userName: 'agent2',
        password: 'demo',
        remember: false,
      }),
    ).rejects.toMatchObject({ kind: 'invalidState' });
    const signingOut = desk.handlers.session.signOut();
    await signingIn;
    await signingOut;
    expect(desk.signedIn).toBe(false);
    expect(simulator.world.agents.get('agent1')?.sessionStarted).toBe(false);
    const state = await desk.handlers.session.getState();
    expect(state.agent).toBeUndefined();
    expect(state.connection.state).toBe('signedOut');
  });

  it('ends the contact-center session on quit', async () => {
    const simulator = await harness.start();
    const { desk } = await signedInDesk(simulator);
    expect(simulator.world.agents.get('agent1')?.sessionStarted).toBe(true);
    await desk.shutdown();
    expect(simulator.world.agents.get('agent1')?.sessionStarted).toBe(false);
  });

  it('remembers a real server, and then neither starts nor keeps the demo server', async () => {
    const simulator = await harness.start();
    const dataDir = await dataFolder();
    const demoStarts: string[] = [];
    const demoCloses: string[] = [];
    const startDemo = () => {
      demoStarts.push('start');
      return Promise.resolve({
        serverUrl: simulator.url,
        userName: 'agent1',
        password: 'demo',
        close: () => {
          demoCloses.push('close');
          return Promise.resolve();
        },
      });
    };
    // The same simulator under another name stands for a real server.
    const realServer = simulator.url.replace('127.0.0.1', 'localhost');
    const first = await open(simulator, { dataDir, startDemo });
    expect(demoStarts).toEqual(['start']);
    await first.desk.handlers.session.signIn({
      serverUrl: realServer,
      userName: 'agent5',
      password: 'demo',
      remember: false,
    });
    expect(demoCloses).toEqual(['close']);
    expect(await first.desk.handlers.session.getState()).toMatchObject({
      serverUrl: realServer,
      demo: false,
    });
    await first.desk.shutdown();

    const second = await open(simulator, { dataDir, startDemo });
    expect(demoStarts).toEqual(['start']);
    const state = await second.desk.handlers.session.getState();
    expect(state).toMatchObject({ serverUrl: realServer, userName: 'agent5', demo: false });
    expect(state.demoPassword).toBeUndefined();
  });

  it('keeps the previous account when a sign-in fails, and starts the next account afresh', async () => {
    const simulator = await harness.start();
    const { desk } = await signedInDesk(simulator);
    const id = simulator.control.startChat({ customerNickName: 'Zoe', subject: 'Mine' });
    await expect.poll(() => desk.handlers.interactions.inbox(undefined)).toHaveLength(1);
    await desk.handlers.session.signOut();
    await expect(
      desk.handlers.session.signIn({
        serverUrl: simulator.url,
        userName: 'agent2',
        password: 'wrong',
        remember: false,
      }),
    ).rejects.toMatchObject({ kind: 'unauthorized' });
    // Still agent1's cache, readable offline.
    expect(await desk.handlers.session.getState()).toMatchObject({ userName: 'agent1' });
    expect(await desk.handlers.interactions.get(id)).not.toBeNull();

    await desk.handlers.session.signIn({
      serverUrl: simulator.url,
      userName: 'agent2',
      password: 'demo',
      remember: false,
    });
    expect(await desk.handlers.interactions.inbox(undefined)).toEqual([]);
    expect(await desk.handlers.interactions.get(id)).toBeNull();
    // agent1 was Ready; agent2 has not gone Ready.
    await expect
      .poll(async () => (await desk.handlers.agent.getState()).channels.length)
      .toBeGreaterThan(0);
    const channels = (await desk.handlers.agent.getState()).channels;
    expect(channels.some((channel) => channel.state === 'Ready')).toBe(false);
  });

  it('refuses a Not Ready reason the contact center does not have, and plain http to another machine', async () => {
    const simulator = await harness.start();
    const { desk } = await signedInDesk(simulator);
    await expect(desk.handlers.agent.setNotReady({ reason: 'Ready' })).rejects.toMatchObject({
      kind: 'invalidArgument',
    });
    expect(desk.trayState.icon).toBe('ready');
    const dispatcher = createDispatcher(contract, desk.handlers, { error: () => undefined });
    const answer = await dispatcher.get('switchboard:session:signIn')?.([
      {
        serverUrl: 'http://gws.example.com:8090',
        userName: 'agent1',
        password: 'x',
        remember: false,
      },
    ]);
    expect(answer).toMatchObject({ ok: false, error: { kind: 'invalidArgument' } });
    expect(JSON.stringify(answer)).toContain('https');
  });

  it("says a setting the cache could not write as the disk's trouble, and keeps it once the disk takes writes again", async () => {
    const simulator = await harness.start();
    const { desk } = await signedInDesk(simulator);
    const dispatcher = createDispatcher(contract, desk.handlers, {
      error: () => undefined,
      warn: () => undefined,
    });
    const update = (change: object) => dispatcher.get('switchboard:settings:update')?.([change]);
    // The desk's own connection refuses every write (SQLite's query_only: SQLITE_READONLY, as on
    // a disk gone read-only). Not a file-size limit on this process: that would fail every
    // other file this test worker writes (its output too) for as long as it held.
    const { db } = (desk as unknown as { store: { db: { pragma(source: string): unknown } } })
      .store;
    db.pragma('query_only = ON');
    let refused: unknown;
    try {
      refused = await update({ sound: false });
    } finally {
      db.pragma('query_only = OFF');
    }
    // It was "Something went wrong", with "switchboard:settings:update failed unexpectedly" as
    // the details for an administrator: nothing said it was the disk.
    expect(refused).toMatchObject({
      ok: false,
      error: { kind: 'internal', code: 'cacheNotWritable' },
    });
    expect(JSON.stringify(refused)).toContain('SQLITE_READONLY');
    expect((await desk.handlers.settings.get()).sound).toBe(true);
    // The disk takes writes again: the same Save keeps it, with no restart.
    expect(await update({ sound: false })).toMatchObject({ ok: true, value: { sound: false } });
    expect((await desk.handlers.settings.get()).sound).toBe(false);
  });

  it('refuses to remember a password when the vault has no safe backend', async () => {
    const simulator = await harness.start();
    const { desk } = await open(simulator, { vault: refusingVault });
    await expect(
      desk.handlers.session.signIn({
        serverUrl: simulator.url,
        userName: 'agent1',
        password: 'demo',
        remember: true,
      }),
    ).rejects.toMatchObject({
      kind: 'forbidden',
      message:
        'Switchboard will not remember the password: There is no keyring such as GNOME Keyring or KWallet on this system, so the password would only be obfuscated; Switchboard will not store it.',
    });
    expect(desk.signedIn).toBe(false);
  });

  it('says at the sign-in that the password will not be remembered when the OS refuses to seal it', async () => {
    // The keyring is there but refuses (its unlock prompt dismissed, the macOS Keychain's "Deny",
    // DPAPI on a broken roaming profile): the agent signed in with "Remember me", was told
    // nothing, and found the password asked for again at the next start, with no reason.
    const simulator = await harness.start();
    const keyring = new (class extends FakeSafeStorage {
      override encryptString(): Buffer {
        throw new Error('Error while encrypting the text provided to safeStorage.encryptString.');
      }
    })();
    const { desk } = await open(simulator, { vault: createCredentialVault(keyring, 'linux') });
    const signIn = (remember: boolean) =>
      desk.handlers.session.signIn({
        serverUrl: simulator.url,
        userName: 'agent1',
        password: 'demo',
        remember,
      });
    await expect(signIn(true)).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'passwordNotStored',
      message: expect.stringContaining('safeStorage.encryptString') as unknown,
    });
    expect(desk.signedIn).toBe(false);
    expect(simulator.world.agent('agent1').sessionStarted).toBe(false);
    // Without "Remember me", as the form's words ask.
    await signIn(false);
    expect(desk.signedIn).toBe(true);
    expect((await desk.handlers.session.getState()).passwordRemembered).toBe(false);
  });

  it('saves and opens downloaded attachments, but never opens a program', async () => {
    const simulator = await harness.start();
    const { desk, recorded, dataDir } = await signedInDesk(simulator);
    const id = simulator.control.receiveEmail({
      from: 'maria@example.com',
      subject: 'Invoice',
      text: 'Please find the invoice attached.',
      attachments: [
        { name: 'invoice.pdf', mimeType: 'application/pdf', bytes: Buffer.from('%PDF-1.4 test') },
        { name: 'setup.exe', mimeType: 'application/octet-stream', bytes: Buffer.from('MZ') },
      ],
    });
    await expect.poll(() => recorded.shown.length).toBe(1);
    await desk.handlers.interactions.accept(id, undefined);
    await expect
      .poll(() => pushedOn(recorded, 'switchboard:attachments:downloaded').length)
      .toBe(2);
    const detail = await desk.handlers.interactions.get(id);
    const pdf = detail?.attachments.find((attachment) => attachment.name === 'invoice.pdf');
    const exe = detail?.attachments.find((attachment) => attachment.name === 'setup.exe');

    await desk.handlers.attachments.open(id, pdf?.id ?? '');
    expect(recorded.opened).toHaveLength(1);
    expect(recorded.opened[0]?.startsWith(join(dataDir, 'attachments'))).toBe(true);
    await expect(desk.handlers.attachments.open(id, exe?.id ?? '')).rejects.toMatchObject({
      kind: 'forbidden',
    });
    expect(recorded.opened).toHaveLength(1);

    recorded.savePath = join(dataDir, 'saved.pdf');
    expect(await desk.handlers.attachments.saveAs(id, pdf?.id ?? '')).toEqual({
      path: recorded.savePath,
    });
    expect(await readFile(recorded.savePath, 'utf8')).toBe('%PDF-1.4 test');
    recorded.savePath = undefined;
    expect(await desk.handlers.attachments.saveAs(id, pdf?.id ?? '')).toBeNull();

    recorded.savePath = join(dataDir, 'invoice.html');
    await desk.handlers.interactions.saveTranscript(id, 'html');
    const page = await readFile(recorded.savePath, 'utf8');
    expect(page).toContain('Please find the invoice attached.');
    expect(page).toContain('invoice.pdf');
  });

  it('pushes where a download stands as the contract says, and tries a failed one again when asked', async () => {
    const simulator = await harness.start();
    const { desk, recorded } = await signedInDesk(simulator, { downloadRetryDelaysMs: [] });
    const dispatcher = createDispatcher(contract, desk.handlers, { error: () => undefined });
    const retry = dispatcher.get('switchboard:attachments:retryDownloads');
    expect(await retry?.([42])).toMatchObject({ ok: false, error: { kind: 'invalidArgument' } });
    simulator.control.cutNextDownloads(1);
    const id = invoiceWithPdf(simulator);
    await expect.poll(() => recorded.shown.length).toBe(1);
    await desk.handlers.interactions.accept(id, undefined);
    // No wait to try again: failed at once, as the detail read now says too.
    await expect
      .poll(() => {
        const last = pushedOn(recorded, 'switchboard:attachments:download').at(-1);
        return (last as { download?: unknown } | undefined)?.download;
      })
      .toEqual({ phase: 'failed' });
    const [attachment] = (await desk.handlers.interactions.get(id))?.attachments ?? [];
    expect((await desk.handlers.interactions.get(id))?.downloads).toEqual({
      [attachment?.id ?? '']: { phase: 'failed' },
    });
    const schema = contract.attachments.download.payload;
    for (const payload of pushedOn(recorded, 'switchboard:attachments:download'))
      expect(schema.safeParse(payload).success).toBe(true);
    expect(await retry?.([id])).toEqual({ ok: true, value: undefined });
    await expect
      .poll(() => pushedOn(recorded, 'switchboard:attachments:downloaded').length)
      .toBe(1);
    expect((await desk.handlers.interactions.get(id))?.downloads).toBeUndefined();
  });

  it('keeps no wait or failure of a download past sign-out: the offline review reads it as not downloaded', async () => {
    const simulator = await harness.start();
    const { desk } = await signedInDesk(simulator, { downloadRetryDelaysMs: [60_000] });
    simulator.control.cutNextDownloads(1);
    const id = invoiceWithPdf(simulator);
    await expect.poll(() => desk.handlers.interactions.get(id)).not.toBeNull();
    await desk.handlers.interactions.accept(id, undefined);
    const phases = async () =>
      Object.values((await desk.handlers.interactions.get(id))?.downloads ?? {}).map(
        (download) => download.phase,
      );
    await expect.poll(phases).toEqual(['retrying']);

    // Nothing is tried while signed out (the next sign-in tries every file again): a wait
    // counted down, or a failure with Try again, would promise what no session will do.
    await desk.handlers.session.signOut();
    expect(await phases()).toEqual([]);
    const [cached] = await desk.handlers.session.cachedAccounts();
    expect(
      await desk.handlers.session.openOffline({
        serverUrl: cached?.serverUrl ?? '',
        userName: 'agent1',
        password: 'demo',
      }),
    ).toMatchObject({ offline: true });
    expect(await phases()).toEqual([]);
  });

  it('keeps the cache readable after signing out, and across a restart', async () => {
    const simulator = await harness.start();
    const dataDir = await dataFolder();
    const { desk } = await signedInDesk(simulator, { dataDir });
    const id = simulator.control.startChat({
      customerNickName: 'Eve',
      subject: 'Refund',
      firstMessage: 'I would like a refund for order 4711',
    });
    await expect.poll(() => desk.handlers.interactions.get(id)).not.toBeNull();
    await desk.handlers.interactions.accept(id, 'Agent One');
    await expect
      .poll(async () => (await desk.handlers.interactions.search('refund', undefined)).length)
      .toBeGreaterThan(0);
    await desk.shutdown();

    const reopened = await open(simulator, { dataDir });
    expect(reopened.desk.signedIn).toBe(false);
    const hits = await reopened.desk.handlers.interactions.search('4711', undefined);
    expect(hits.map((hit) => hit.interaction.id)).toContain(id);
    const detail = await reopened.desk.handlers.interactions.get(id);
    expect(detail?.transcript.map((line) => line.text)).toContain(
      'I would like a refund for order 4711',
    );
  });

  it('keeps settings', async () => {
    const simulator = await harness.start();
    const { desk } = await open(simulator);
    expect(await desk.handlers.settings.get()).toEqual(DEFAULT_PREFERENCES);
    expect(
      await desk.handlers.settings.update({ sound: false, dispositionRequired: true }),
    ).toEqual({ ...DEFAULT_PREFERENCES, sound: false, dispositionRequired: true });
    expect(await desk.handlers.settings.get()).toEqual({
      ...DEFAULT_PREFERENCES,
      sound: false,
      dispositionRequired: true,
    });
  });
});

describe('mayOpenDirectly', () => {
  it.each(['invoice.pdf', 'photo.JPG', 'notes.txt', 'sheet.xlsx'])('opens %s', (name) => {
    expect(mayOpenDirectly(name)).toBe(true);
  });
  it.each([
    'setup.exe',
    'run.BAT',
    'script.js',
    'page.html',
    'drawing.svg',
    'budget.xlsm',
    'bundle.zip',
    'help.chm',
    'invoice.pdf.exe',
    'x.lnk',
    'evil.exe. ',
    'noextension',
    'a.AppImage',
  ])('does not open %s', (name) => {
    expect(mayOpenDirectly(name)).toBe(false);
  });

  it('reviews a cached account offline: queries answer, server actions refuse with the reason', async () => {
    const simulator = await harness.start();
    const { desk } = await signedInDesk(simulator);
    const id = simulator.control.startChat({ customerNickName: 'Tom', subject: 'Parcel' });
    await expect.poll(() => desk.handlers.interactions.get(id)).not.toBeNull();
    await desk.handlers.session.signOut();
    await simulator.close();

    const dispatcher = createDispatcher(contract, desk.handlers, { error: () => undefined });
    const call = (channel: string, ...args: unknown[]) => dispatcher.get(channel)?.(args);
    // The arguments are checked against the contract like any other call's.
    expect(await call('switchboard:session:openOffline', { serverUrl: '' })).toMatchObject({
      ok: false,
      error: { kind: 'invalidArgument' },
    });
    expect(await call('switchboard:session:cachedAccounts')).toEqual({
      ok: true,
      value: [{ serverUrl: 'demo:simulator', userName: 'agent1', demo: true, interactions: 1 }],
    });
    expect(
      await call('switchboard:session:openOffline', {
        serverUrl: 'demo:simulator',
        userName: 'agent1',
        password: 'demo',
      }),
    ).toMatchObject({ ok: true, value: { offline: true, userName: 'agent1' } });
    expect(await call('switchboard:interactions:counts')).toEqual({
      ok: true,
      value: { inbox: 0, invited: 0, history: 1 },
    });
    expect(await call('switchboard:interactions:get', id)).toMatchObject({
      ok: true,
      value: { subject: 'Parcel' },
    });
    expect(await call('switchboard:interactions:accept', id, undefined)).toEqual({
      ok: false,
      error: {
        kind: 'unauthorized',
        message: 'Offline: sign in to do this.',
        code: 'offlineReview',
      },
    });
    expect(await call('switchboard:session:leaveOffline')).toMatchObject({
      ok: true,
      value: { connection: { state: 'signedOut' } },
    });
    // Signed out, not reviewing: the plain refusal again.
    expect(await call('switchboard:interactions:accept', id, undefined)).toMatchObject({
      error: { message: 'Not signed in' },
    });
  });
});
