import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, type ExpectStatic } from 'vitest';
import { channelName } from '../../common/contract';
import type { AwaySummary } from '../../common/model';
import { openDesk, type Desk } from '../../main/workstation/desk';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/server';
import { BODY_MAX_CHARS } from '../../main/workstation/alerts';
import { osRecorder, testDeskOptions, workingVault, type OsRecorder } from '../support/deskPorts';
import { cleanupsTest, type Cleanups } from '../support/testCleanups';
import { restoreSentence } from '../../common/awaySummary';
import type { Restore } from '../../common/model';
import { ENGLISH } from '../../main/i18n/translator';

/** What the desk's panel and the log say of a restore, in English. */
function sentence(restore: Restore | undefined): string | undefined {
  return restore === undefined ? undefined : restoreSentence(restore, ENGLISH.t);
}

// "While you were away" and the agent's state restored (issue 14 items 2 and 3): the desk core
// against the real simulator, a real cache and real HTTP/CometD; the window and notifications
// are recorders, the window hidden or not as each test says.

// Each test owns its simulators, desks and folders (the `cleanups` fixture), closed when it ends:
// the tests run at once, each mostly waiting on its server.

/** What a test's helpers need: its own `expect` and what it opened. */
interface Ctx {
  readonly expect: ExpectStatic;
  readonly cleanups: Cleanups;
}

/** A simulator on a free port, quiet unless `options` say otherwise; closed after the test. */
async function start(t: Ctx, options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  const simulator = await startSimulator({ port: 0, scenario: 'quiet', ...options });
  t.cleanups.push(() => simulator.close());
  return simulator;
}

const AWAY = channelName('desk', 'away');

interface OpenedDesk {
  readonly desk: Desk;
  readonly os: OsRecorder;
  /** The away summaries pushed to the renderer, in order. */
  readonly summaries: AwaySummary[];
}

/** A desk signed in with the window in view, the agent Ready on both channels as the server says. */
async function readyDesk(t: Ctx, simulator: Simulator) {
  const { expect } = t;
  const signedIn = await signedInDesk(t, simulator, false);
  await signedIn.desk.handlers.agent.setReady(undefined);
  await expect
    .poll(() => serverChannels(simulator))
    .toEqual({ email: 'Ready Ready', chat: 'Ready Ready' });
  return signedIn;
}

async function signedInDesk(
  t: Ctx,
  simulator: Simulator,
  windowHidden: boolean,
  password = 'demo',
): Promise<OpenedDesk> {
  const { expect } = t;
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-away-'));
  t.cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const os = osRecorder();
  const summaries: AwaySummary[] = [];
  const options = testDeskOptions(os, simulator, workingVault());
  const desk = await openDesk({
    dataDir,
    send: (channel, payload) => {
      if (channel === AWAY) summaries.push(payload as AwaySummary);
    },
    ...options,
    window: { ...options.window, hidden: () => windowHidden },
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    },
  });
  t.cleanups.push(() => desk.shutdown());
  const state = await desk.handlers.session.signIn({
    serverUrl: simulator.url,
    userName: 'agent1',
    password,
    remember: false,
  });
  expect(state.connection.state).toBe('connected');
  return { desk, os, summaries };
}

/** The agent's channels as the simulator's world holds them: channel → state (and reason). */
/** One field of each channel as the desk tells its page (its state, or the reason's name). */
async function deskChannels(desk: Desk, field: 'state' | 'displayName'): Promise<unknown[]> {
  return (await desk.handlers.agent.getState()).channels.map((channel) => channel[field]);
}

function serverChannels(simulator: Simulator): Record<string, string> {
  const agent = simulator.world.agent('agent1');
  return Object.fromEntries(
    [...agent.channels].map(([channel, state]) => [channel, `${state.state} ${state.displayName}`]),
  );
}

async function pendingInvitation(t: Ctx, simulator: Simulator, desk: Desk): Promise<string> {
  const { expect } = t;
  const id = simulator.control.receiveEmail({
    from: 'ann@example.com',
    subject: 'Refund for order 7',
    text: 'Please',
  });
  await expect.poll(() => desk.handlers.interactions.get(id)).toMatchObject({ state: 'Invited' });
  return id;
}

/**
 * An administrator changes agent1's password and the server restarts: the desk's credentials
 * are refused, and its session ends.
 */
async function passwordChangedByAdmin(t: Ctx, simulator: Simulator, desk: Desk): Promise<void> {
  const { expect } = t;
  simulator.control.setPassword('agent1', 'changed-by-admin');
  await simulator.control.restart(300);
  await expect
    .poll(async () => (await desk.handlers.session.getState()).connection.state, {
      timeout: 15_000,
    })
    .toBe('signedOut');
}

describe.concurrent('while you were away', () => {
  cleanupsTest(
    'restores Ready after a restart that lost the session and sums up the withdrawn invitation',
    async ({ cleanups, expect }) => {
      const t: Ctx = { cleanups, expect };
      const simulator = await start(t, { reofferDelayMs: 60_000, inviteTimeoutSeconds: 60 });
      const { desk, os, summaries } = await signedInDesk(t, simulator, true);
      await desk.handlers.agent.setReady(undefined);
      await expect.poll(() => desk.trayState.icon).toBe('ready');
      const id = await pendingInvitation(t, simulator, desk);

      await simulator.control.restart(300, { forgetAgents: true });

      await expect.poll(() => summaries.length, { timeout: 15_000 }).toBe(1);
      const [summary] = summaries;
      expect(summary?.items).toEqual([
        {
          id,
          channel: 'email',
          change: 'withdrawn',
          state: 'Revoked',
          subject: 'Refund for order 7',
          from: 'ann@example.com',
        },
      ]);
      expect(summary?.restore?.outcome).toBe('restored');
      expect(sentence(summary?.restore)).toBe('Your state was restored: Ready on e-mail, chat.');
      expect(serverChannels(simulator)).toEqual({ email: 'Ready Ready', chat: 'Ready Ready' });
      expect(summary?.agent.channels.map((channel) => channel.state)).toEqual(['Ready', 'Ready']);
      // The window is hidden: one notification says so, and its click brings the window up; the
      // invitation's own notification closes without a withdrawal of its own.
      const away = os.shown.filter((alert) => alert.kind === 'away');
      expect(away).toHaveLength(1);
      const invitation = os.shown.find((alert) => alert.kind === 'invite');
      expect(invitation?.interactionId).toBe(id);
      expect(os.closed).toContain(invitation?.id);
      expect(os.shown.filter((alert) => alert.kind === 'revoke')).toEqual([]);
      expect(away[0]?.body).toBe(
        '1 invitation withdrawn. Your state was restored: Ready on e-mail, chat.',
      );
      desk.alertClicked(away[0]?.id ?? '');
      expect(os.focused).toEqual([undefined]);
      // A page loaded anew (its renderer lost) reads it from main until the agent dismisses it.
      expect(await desk.handlers.desk.awaySummary()).toEqual(summary);
      // Dismissed as shown before a later one: kept. As shown: gone.
      await desk.handlers.desk.dismissAway((summary?.at ?? 0) - 1);
      expect(await desk.handlers.desk.awaySummary()).toEqual(summary);
      await desk.handlers.desk.dismissAway(summary?.at ?? 0);
      expect(await desk.handlers.desk.awaySummary()).toBeNull();
    },
  );

  cleanupsTest(
    'restores Ready after a second restart that cut the first restore short, not the state the first left',
    async ({ cleanups, expect }) => {
      const t: Ctx = { cleanups, expect };
      const simulator = await start(t);
      const { desk, summaries } = await readyDesk(t, simulator);
      await expect.poll(() => desk.trayState.icon).toBe('ready');
      // A server in a crash loop: it goes down again just as the desk's restore starts the
      // contact-center session (which leaves the channels Not Ready), before Ready follows.
      const { world } = simulator;
      const startSession = world.startSession.bind(world);
      let restores = 0;
      world.startSession = (userName, channels) => {
        startSession(userName, channels);
        restores += 1;
        if (restores === 1) void simulator.control.restart(300, { forgetAgents: true });
      };

      await simulator.control.restart(300, { forgetAgents: true });

      await expect.poll(() => summaries.length, { timeout: 15_000 }).toBe(2);
      expect(sentence(summaries[0]?.restore)).toMatch(
        /^The server refused to start your session again: .+\.$/u,
      );
      expect(sentence(summaries[1]?.restore)).toBe(
        'Your state was restored: Ready on e-mail, chat.',
      );
      expect(serverChannels(simulator)).toEqual({ email: 'Ready Ready', chat: 'Ready Ready' });
    },
  );

  cleanupsTest(
    'leaves the state the agent chose while the restore was under way, not the one from before the gap',
    async ({ cleanups, expect }) => {
      const t: Ctx = { cleanups, expect };
      const simulator = await start(t);
      const { desk, summaries } = await readyDesk(t, simulator);
      await expect.poll(() => desk.trayState.icon).toBe('ready');
      // The resync after the restart lists the interactions; the next request is the restore's
      // StartContactCenterSession, which a busy server carries out at once and answers late.
      const { world } = simulator;
      const listInteractions = world.interactionsOf.bind(world);
      let listed = false;
      world.interactionsOf = (userName) => {
        if (!listed) simulator.control.failNextRequests(['answerLate']);
        listed = true;
        return listInteractions(userName);
      };
      const startSession = world.startSession.bind(world);
      let restoreStarted = false;
      world.startSession = (userName, channels) => {
        startSession(userName, channels);
        restoreStarted = true;
      };

      await simulator.control.restart(300, { forgetAgents: true });
      await expect.poll(() => restoreStarted, { timeout: 15_000 }).toBe(true);
      await expect
        .poll(async () => await deskChannels(desk, 'state'))
        .toEqual(['NotReady', 'NotReady']);
      // Back at the desk, the agent goes on a break while the restore waits for its answer.
      await desk.handlers.agent.setNotReady({ reason: 'AuxWork' });
      expect(serverChannels(simulator)).toEqual({
        email: 'NotReady AuxWork',
        chat: 'NotReady AuxWork',
      });

      await expect.poll(() => summaries.length, { timeout: 15_000 }).toBe(1);
      // Nothing was restored: the summary says where the state stands, the agent's choice.
      expect(summaries[0]?.restore).toBeUndefined();
      expect(summaries[0]?.agent.channels.map((channel) => channel.displayName)).toEqual([
        'AuxWork',
        'AuxWork',
      ]);
      // The restore did not put Ready back over the agent's own choice: no work is routed to them.
      expect(serverChannels(simulator)).toEqual({
        email: 'NotReady AuxWork',
        chat: 'NotReady AuxWork',
      });
      await expect
        .poll(async () => await deskChannels(desk, 'displayName'))
        .toEqual(['AuxWork', 'AuxWork']);
    },
  );

  cleanupsTest(
    'lets the agent go Ready after the server refused to start the session again',
    async ({ cleanups, expect }) => {
      const t: Ctx = { cleanups, expect };
      const simulator = await start(t);
      const { desk, summaries } = await readyDesk(t, simulator);
      // The server is back before its contact-center side is: the restore's start is refused.
      const { world } = simulator;
      const startSession = world.startSession.bind(world);
      let refusals = 1;
      world.startSession = (userName, channels) => {
        if (refusals-- > 0) throw new Error('T-Server not connected yet');
        startSession(userName, channels);
      };
      await simulator.control.restart(300, { forgetAgents: true });
      await expect.poll(() => summaries.length, { timeout: 15_000 }).toBe(1);
      expect(summaries[0]?.restore?.outcome).toBe('sessionRefused');
      expect(await deskChannels(desk, 'state')).toEqual(['Logout', 'Logout']);

      // The agent chooses Ready: the desk starts the session first, as a sign-in does.
      await desk.handlers.agent.setReady(undefined);
      expect(serverChannels(simulator)).toEqual({ email: 'Ready Ready', chat: 'Ready Ready' });
      await expect.poll(async () => await deskChannels(desk, 'state')).toEqual(['Ready', 'Ready']);
    },
  );

  cleanupsTest(
    'restores Not Ready with its reason after a session timeout, and raises no notification in view',
    async ({ cleanups, expect }) => {
      const t: Ctx = { cleanups, expect };
      const simulator = await start(t);
      const { desk, os, summaries } = await signedInDesk(t, simulator, false);
      await desk.handlers.agent.setNotReady({ reason: 'AuxWork' });
      await expect
        .poll(() => serverChannels(simulator))
        .toEqual({ email: 'NotReady AuxWork', chat: 'NotReady AuxWork' });
      await expect
        .poll(async () => await deskChannels(desk, 'displayName'))
        .toEqual(['AuxWork', 'AuxWork']);

      expect(simulator.control.expireAgentSessions()).toBe(1);

      await expect.poll(() => summaries.length, { timeout: 15_000 }).toBe(1);
      expect(summaries[0]?.restore?.outcome).toBe('restored');
      expect(sentence(summaries[0]?.restore)).toBe(
        'Your state was restored: Not ready (AuxWork) on e-mail, chat.',
      );
      expect(serverChannels(simulator)).toEqual({
        email: 'NotReady AuxWork',
        chat: 'NotReady AuxWork',
      });
      expect(os.shown.filter((alert) => alert.kind === 'away')).toEqual([]);
      // Kept for a page loaded anew until the sign-out: the next agent may be someone else.
      expect(await desk.handlers.desk.awaySummary()).toEqual(summaries[0]);
      await desk.handlers.session.signOut();
      expect(await desk.handlers.desk.awaySummary()).toBeNull();
    },
  );

  cleanupsTest(
    "clips the notification's line: a Not Ready reason's override, line break and length as the server named it",
    async ({ cleanups, expect }) => {
      const t: Ctx = { cleanups, expect };
      const simulator = await start(t);
      // A custom reason whose display name (wire text) carries a direction override, a line
      // break and far more than a notification's line holds.
      const displayName = `\u202ELunch\nbreak ${'x'.repeat(300)}`;
      simulator.world.agentStates.push({
        displayName,
        id: 'A1B2C3D4-0000-4000-8000-000000000001',
        operationName: 'LunchBreak',
        state: 'NotReady',
        workMode: 'AuxWork',
      });
      const { desk, os, summaries } = await signedInDesk(t, simulator, true);
      await desk.handlers.agent.setNotReady({ reason: 'LunchBreak' });
      await expect
        .poll(async () => await deskChannels(desk, 'displayName'))
        .toEqual([displayName, displayName]);

      expect(simulator.control.expireAgentSessions()).toBe(1);

      await expect.poll(() => summaries.length, { timeout: 15_000 }).toBe(1);
      expect(summaries[0]?.restore?.outcome).toBe('restored');
      const away = os.shown.filter((alert) => alert.kind === 'away');
      expect(away).toHaveLength(1);
      const body = away[0]?.body ?? '';
      // One line without the override, cut to the notification's length with "…".
      expect(body).toMatch(
        /^Nothing was withdrawn or ended\. Your state was restored: Not ready \(Lunch break x+…$/u,
      );
      expect(body).toHaveLength(BODY_MAX_CHARS);
    },
  );

  cleanupsTest(
    'forgets the summary and closes its notification when the session is dropped (the password changed meanwhile)',
    async ({ cleanups, expect }) => {
      const t: Ctx = { cleanups, expect };
      const simulator = await start(t);
      const { desk, os, summaries } = await signedInDesk(t, simulator, true);
      await desk.handlers.agent.setReady(undefined);
      await expect
        .poll(() => serverChannels(simulator))
        .toEqual({ email: 'Ready Ready', chat: 'Ready Ready' });
      expect(simulator.control.expireAgentSessions()).toBe(1);
      await expect.poll(() => summaries.length, { timeout: 15_000 }).toBe(1);
      expect(await desk.handlers.desk.awaySummary()).toEqual(summaries[0]);
      const away = os.shown.filter((alert) => alert.kind === 'away');
      expect(away).toHaveLength(1);

      // Whoever signs in next must not read this agent's gap.
      await passwordChangedByAdmin(t, simulator, desk);
      expect(await desk.handlers.desk.awaySummary()).toBeNull();
      expect(os.closed).toContain(away[0]?.id);
    },
  );

  cleanupsTest(
    'tells an agent whose window is out of sight that the server ended the session, until they sign in again',
    async ({ cleanups, expect }) => {
      const t: Ctx = { cleanups, expect };
      const simulator = await start(t);
      const { desk, os } = await signedInDesk(t, simulator, true);
      await passwordChangedByAdmin(t, simulator, desk);
      // Invitations no longer reach the agent: the tray's icon alone did not say so to one
      // working in another window.
      const ended = os.shown.filter((alert) => alert.kind === 'sessionEnded');
      expect(ended.map(({ title, body }) => ({ title, body }))).toEqual([
        {
          title: 'Signed out by the server',
          body: 'Invitations no longer reach you. Open Switchboard to sign in again.',
        },
      ]);
      desk.alertClicked(ended[0]?.id ?? '');
      expect(os.focused).toEqual([undefined]);
      expect(os.closed).not.toContain(ended[0]?.id);

      const state = await desk.handlers.session.signIn({
        serverUrl: simulator.url,
        userName: 'agent1',
        password: 'changed-by-admin',
        remember: false,
      });
      expect(state.connection.state).toBe('connected');
      expect(os.closed).toContain(ended[0]?.id);
    },
  );

  cleanupsTest(
    'raises no notification of the ended session with the window in view, nor for a sign-out here',
    async ({ cleanups, expect }) => {
      const t: Ctx = { cleanups, expect };
      const simulator = await start(t);
      const { desk, os } = await signedInDesk(t, simulator, false);
      await passwordChangedByAdmin(t, simulator, desk);
      const hidden = await signedInDesk(t, simulator, true, 'changed-by-admin');
      await hidden.desk.handlers.session.signOut();
      expect(
        [...os.shown, ...hidden.os.shown].filter((alert) => alert.kind === 'sessionEnded'),
      ).toEqual([]);
    },
  );

  cleanupsTest(
    'shows the state the server has, and why, when it refuses the restore',
    async ({ cleanups, expect }) => {
      const t: Ctx = { cleanups, expect };
      const simulator = await start(t);
      const { desk, summaries } = await signedInDesk(t, simulator, false);
      await desk.handlers.agent.setNotReady({ reason: 'AuxWork' });
      await expect
        .poll(async () => await deskChannels(desk, 'displayName'))
        .toEqual(['AuxWork', 'AuxWork']);
      // The server comes back without that reason configured.
      const index = simulator.world.agentStates.findIndex((s) => s.operationName === 'AuxWork');
      simulator.world.agentStates.splice(index, 1);

      await simulator.control.restart(300, { forgetAgents: true });

      await expect.poll(() => summaries.length, { timeout: 15_000 }).toBe(1);
      const restore = summaries[0]?.restore;
      expect(restore?.outcome).toBe('channelsRefused');
      expect(sentence(restore)).toMatch(
        /^The server refused to restore Not ready \(AuxWork\) on e-mail, chat: [^.]+\.$/u,
      );
      // Started again, but not in the state asked for: what the server has is what is shown.
      expect(serverChannels(simulator)).toEqual({
        email: 'NotReady Not Ready',
        chat: 'NotReady Not Ready',
      });
      expect(summaries[0]?.agent.channels.map((channel) => channel.state)).toEqual([
        'NotReady',
        'NotReady',
      ]);
    },
  );

  cleanupsTest(
    'restores a reason the administrator renamed before the agent chose it',
    async ({ cleanups, expect }) => {
      const t: Ctx = { cleanups, expect };
      const simulator = await start(t);
      simulator.world.agentStates.push({
        displayName: 'Lunch',
        id: 'lunch',
        operationName: 'Lunch',
        state: 'NotReady',
      });
      const { desk, summaries } = await signedInDesk(t, simulator, false);
      expect((await desk.handlers.agent.getNotReadyReasons()).at(-1)?.displayName).toBe('Lunch');
      // The administrator renames it; the agent, their menu still saying "Lunch", goes to lunch.
      const lunch = simulator.world.agentStateByOperation('Lunch');
      if (lunch !== undefined) lunch.displayName = 'Lunch break';
      await desk.handlers.agent.setNotReady({ reason: 'Lunch' });
      await expect
        .poll(async () => await deskChannels(desk, 'displayName'))
        .toEqual(['Lunch break', 'Lunch break']);

      await simulator.control.restart(300, { forgetAgents: true });

      await expect.poll(() => summaries.length, { timeout: 15_000 }).toBe(1);
      expect(summaries[0]?.restore?.outcome).toBe('restored');
      expect(serverChannels(simulator)).toEqual({
        email: 'NotReady Lunch break',
        chat: 'NotReady Lunch break',
      });
    },
  );

  cleanupsTest(
    'closes its notification once the agent dismisses the summary in the desk, and not before',
    async ({ cleanups, expect }) => {
      const t: Ctx = { cleanups, expect };
      const simulator = await start(t);
      const { desk, os, summaries } = await signedInDesk(t, simulator, true);
      await desk.handlers.agent.setReady(undefined);
      await expect
        .poll(() => serverChannels(simulator))
        .toEqual({ email: 'Ready Ready', chat: 'Ready Ready' });
      expect(simulator.control.expireAgentSessions()).toBe(1);
      await expect.poll(() => summaries.length, { timeout: 15_000 }).toBe(1);
      const away = os.shown.filter((alert) => alert.kind === 'away');
      expect(away).toHaveLength(1);
      const at = summaries[0]?.at ?? 0;

      // Dismissed as an earlier one was shown: the summary stays, and so does its notification.
      await desk.handlers.desk.dismissAway(at - 1);
      expect(os.closed).not.toContain(away[0]?.id);
      // Read and dismissed in the desk: its reason gone, the notification goes too.
      await desk.handlers.desk.dismissAway(at);
      expect(await desk.handlers.desk.awaySummary()).toBeNull();
      expect(os.closed).toContain(away[0]?.id);
    },
  );

  cleanupsTest(
    'says nothing after a connection check whose resync found nothing changed',
    async ({ cleanups, expect }) => {
      const t: Ctx = { cleanups, expect };
      const simulator = await start(t);
      const { desk, os, summaries } = await signedInDesk(t, simulator, true);
      await desk.handlers.agent.setReady(undefined);
      await expect.poll(() => desk.trayState.icon).toBe('ready');

      // The shell's check after a resume: a resync, as after a gap, that finds nothing new.
      await desk.handlers.session.checkConnection();
      // The summary would be pushed right after the resync: give it time to show.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(summaries).toEqual([]);
      expect(os.shown.filter((alert) => alert.kind === 'away')).toEqual([]);
      expect(serverChannels(simulator)).toEqual({ email: 'Ready Ready', chat: 'Ready Ready' });
    },
  );
});

describe.concurrent('a connection check whose resync fails', () => {
  cleanupsTest(
    'tells of a later withdrawal at once, and no later work as news of the gap',
    async ({ cleanups, expect }) => {
      const t: Ctx = { cleanups, expect };
      const simulator = await start(t, { reofferDelayMs: 60_000, inviteTimeoutSeconds: 60 });
      const { desk, os, summaries } = await signedInDesk(t, simulator, true);
      await desk.handlers.agent.setReady(undefined);
      await expect.poll(() => desk.trayState.icon).toBe('ready');

      // Waking up: `GET /me` answers, then the list of interactions does not (the network or
      // the server still unsteady); the resync is tried again after its back-off (250 ms).
      simulator.control.answerOddly('/me/interactions', ['htmlPage']);
      await expect(desk.handlers.session.checkConnection()).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(summaries).toEqual([]);

      // Later, an invitation comes and is taken elsewhere: its withdrawal is told as it happens.
      const id = await pendingInvitation(t, simulator, desk);
      simulator.control.revoke(id);
      await expect
        .poll(() => os.shown.filter((alert) => alert.kind === 'revoke').map((a) => a.interactionId))
        .toEqual([id]);
      // And the next connection check does not tell it again as news of a gap.
      await desk.handlers.session.checkConnection();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(summaries).toEqual([]);
      expect(os.shown.filter((alert) => alert.kind === 'away')).toEqual([]);
    },
  );
});
