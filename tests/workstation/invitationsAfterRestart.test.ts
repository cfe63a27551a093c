import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { channelName } from '../../common/contract';
import type { AwaySummary, ChangeSet, InteractionHead } from '../../common/model';
import type { RequestFault } from '../../simulator/runtime';
import type { Simulator } from '../../simulator/server';
import { eventually } from '../support/clientWithCache';
import { runThatCrashed } from '../support/crashedRun';
import type { OsRecorder } from '../support/deskPorts';
import { signInAgent1, useSignedInDesks } from '../support/signedInDesks';
import { useSimulator } from '../support/simulatorHarness';

const harness = useSimulator();
const desks = useSignedInDesks();

/**
 * A run of the desk that ended without signing out while invitations were offered: left with the
 * invitations `offer` made stored as Invited and the server's contact-center session open.
 */
async function crashedWhileOffered(
  simulator: Simulator,
  dataDir: string,
  offer: () => string[],
): Promise<string[]> {
  const { result } = await runThatCrashed(simulator, dataDir, async ({ store, accountId }) => {
    const ids = offer();
    await eventually(
      () => ids.every((id) => store.interactionRecord(accountId, id)?.state === 'Invited'),
      'the invitations stored',
    );
    return ids;
  });
  return result;
}

/**
 * The server fails each sign-in once its contact-center session has started: its next REST
 * requests answer `faults`, one each, in order. The sign-in reads the agent's channels (a
 * failure there is let pass) and then `/me/interactions` (a failure there fails the sign-in,
 * which signs out: EndContactCenterSession is the request after). Answers how to stop.
 */
function failingAfterStart(simulator: Simulator, faults: readonly RequestFault[]): () => void {
  const { world } = simulator;
  const startSession = world.startSession.bind(world);
  world.startSession = (userName, channels) => {
    startSession(userName, channels);
    simulator.control.failNextRequests(faults);
  };
  return () => {
    world.startSession = startSession;
  };
}

/**
 * A server erroring throughout a sign-in after its start: the channels (let pass), the list
 * (failing the sign-in) and the three tries of the EndContactCenterSession that follows.
 */
const SERVER_ERRORING: readonly RequestFault[] = Array<RequestFault>(5).fill('unavailable');

/** The interactions of the invitations the desk notified, in order. */
function invitesShown(os: OsRecorder): string[] {
  return os.shown.filter((alert) => alert.kind === 'invite').map((alert) => alert.interactionId);
}

describe('invitations a run that crashed left in the cache', () => {
  it('announces and counts, once, an invitation the server still offers after a restart', async () => {
    const simulator = await harness.start({ inviteTimeoutSeconds: 120 });
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-desk-'));
    const [waiting] = await crashedWhileOffered(simulator, dataDir, () => [
      simulator.control.startChat({ customerNickName: 'Tom', subject: 'Still there?' }),
    ]);
    const { desk, os } = await desks.open(simulator, { dataDir, ready: false });
    await expect.poll(() => invitesShown(os)).toEqual([waiting]);
    expect(os.shown[0]).toMatchObject({ title: 'New chat from Tom' });
    expect(desk.trayState.pendingInvitations).toBe(1);
    expect(desk.handlers.interactions.inbox(undefined)).toEqual([
      expect.objectContaining({ id: waiting, state: 'Invited' }),
    ]);

    // A resync (the connection checked after sleep) finds it offered still: nothing new to
    // say. A new invitation after it is announced as ever.
    await desk.checkConnection();
    expect(invitesShown(os)).toEqual([waiting]);
    await desk.handlers.agent.setReady(undefined);
    const next = simulator.control.startChat({ customerNickName: 'Ann', subject: 'Hello' });
    await expect.poll(() => invitesShown(os)).toEqual([waiting, next]);
    expect(desk.trayState.pendingInvitations).toBe(2);
  });

  // The countdown the window shows runs from the row's `offeredAt`, as the notification's does:
  // the row, stored unchanged by the sign-in's confirmation, still holds the crashed run's times.
  it('tells the window when it announced again an invitation the server still offers after a restart', async () => {
    const simulator = await harness.start({ inviteTimeoutSeconds: 120 });
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-desk-'));
    const [waiting = ''] = await crashedWhileOffered(simulator, dataDir, () => [
      simulator.control.startChat({ customerNickName: 'Tom', subject: 'Still there?' }),
    ]);
    const pushed: InteractionHead[] = [];
    const signingIn = Date.now();
    const { desk, os } = await desks.open(simulator, {
      dataDir,
      ready: false,
      send: (channel, payload) => {
        if (channel === channelName('desk', 'changed'))
          pushed.push(...(payload as ChangeSet).interactions.filter((head) => head.id === waiting));
      },
    });
    await expect.poll(() => invitesShown(os)).toEqual([waiting]);
    const [row] = await desk.handlers.interactions.inbox(undefined);
    const offeredAt = row?.offeredAt ?? 0;
    expect(offeredAt).toBeGreaterThanOrEqual(signingIn);
    // A window that held the row already hears it too, with the same time.
    expect(pushed.map((head) => head.offeredAt)).toEqual([offeredAt]);
    expect((await desk.handlers.interactions.get(waiting))?.offeredAt).toBe(offeredAt);
    // A resync finds it offered still: not announced again, the same time.
    await desk.checkConnection();
    const [again] = await desk.handlers.interactions.inbox(undefined);
    expect(again?.offeredAt).toBe(offeredAt);
    // Accepted, it is no offer: no time.
    await desk.handlers.interactions.accept(waiting, undefined);
    await expect
      .poll(async () => (await desk.handlers.interactions.get(waiting))?.state)
      .toBe('Accepted');
    expect((await desk.handlers.interactions.get(waiting))?.offeredAt).toBeUndefined();
  });

  it('withdraws, silently, an invitation the server no longer offers after a restart', async () => {
    const simulator = await harness.start({ inviteTimeoutSeconds: 120 });
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-desk-'));
    const [gone] = await crashedWhileOffered(simulator, dataDir, () => [
      simulator.control.startChat({ customerNickName: 'Tom', subject: 'Gone meanwhile' }),
    ]);
    expect(simulator.control.revoke(gone ?? '')).toBe(true);
    const summaries: AwaySummary[] = [];
    const { desk, os } = await desks.open(simulator, {
      dataDir,
      ready: false,
      send: (channel, payload) => {
        if (channel === channelName('desk', 'away')) summaries.push(payload as AwaySummary);
      },
    });
    await expect
      .poll(async () => (await desk.handlers.interactions.get(gone ?? ''))?.state)
      .toBe('Revoked');
    expect(desk.handlers.interactions.inbox(undefined)).toEqual([]);
    expect(desk.trayState.pendingInvitations).toBe(0);
    // Never shown in this run: no notification of its own; the crashed run showed it, so the
    // "while you were away" summary says it was withdrawn.
    expect(os.shown).toEqual([]);
    await expect
      .poll(() => summaries)
      .toEqual([
        expect.objectContaining({
          items: [
            expect.objectContaining({ id: gone, change: 'withdrawn', subject: 'Gone meanwhile' }),
          ],
        }),
      ]);
  });

  it('announces, once, a consultation a colleague left open on the agent before a restart', async () => {
    const simulator = await harness.start({ inviteTimeoutSeconds: 120 });
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-desk-'));
    // agent2 owns the chat (Ready before agent1 signs in, so routing gives it to them).
    const owner = await harness.signedIn('agent2', ['chat']);
    const chat = simulator.control.startChat({ customerNickName: 'Tom', subject: 'Refund' });
    const path = `/me/interactions/${chat}`;
    await owner.waitFor(
      (message) => JSON.stringify(message.data).includes(chat),
      3000,
      'the invitation',
    );
    expect((await owner.post(path, { operationName: 'Accept', nickname: 'Bo' })).status).toBe(200);
    await runThatCrashed(simulator, dataDir, async ({ store, accountId }) => {
      const consult = { operationName: 'StartChatConsultation', agentId: 'agent1' };
      expect((await owner.post(path, consult)).status).toBe(200);
      await eventually(
        () => store.interactionRecord(accountId, chat)?.state === 'InvitedConference',
        'the consultation stored',
      );
    });

    const { desk, os } = await desks.open(simulator, { dataDir, ready: false });
    const consultsShown = () =>
      os.shown.filter((alert) => alert.kind === 'consult').map((alert) => alert.interactionId);
    await expect.poll(consultsShown).toEqual([chat]);
    // Once: a resync finds it open still, and each line of the consultation repeats its state.
    await desk.checkConnection();
    const said = (text: string) =>
      expect
        .poll(async () =>
          (await desk.handlers.interactions.get(chat))?.transcript.some(
            (line) => line.text === text,
          ),
        )
        .toBe(true);
    simulator.control.customerSays(chat, 'Is anyone there?');
    await said('Is anyone there?');
    expect(
      (await owner.post(path, { operationName: 'SendMessage', text: 'Asking a colleague' })).status,
    ).toBe(200);
    await said('Asking a colleague');
    expect(consultsShown()).toEqual([chat]);
  });
});

describe('invitations a run that crashed left in the cache, and a sign-in that fails', () => {
  // A failed sign-in never read the server's list, so it knows nothing of them: withdrawn by its
  // sign-out, they showed Revoked in History while the server still offered them.
  it('are not withdrawn by two failed sign-ins in a row, and the sign-in that succeeds confirms them', async () => {
    const simulator = await harness.start({ inviteTimeoutSeconds: 120 });
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-desk-'));
    const [waiting = ''] = await crashedWhileOffered(simulator, dataDir, () => [
      simulator.control.startChat({ customerNickName: 'Tom', subject: 'Still there?' }),
    ]);
    const { desk, os } = await desks.open(simulator, { dataDir, signIn: false });
    const { interactions, session } = desk.handlers;
    // The server errors throughout: the list, then the EndContactCenterSession of the sign-out
    // that follows (each of its three tries), so that it still offers the invitation after
    // each attempt.
    const stopFailing = failingAfterStart(simulator, SERVER_ERRORING);
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      await expect(signInAgent1(desk, simulator)).rejects.toThrow(/unavailable/);
      expect((await session.getState()).connection.state).toBe('signedOut');
      expect(simulator.world.interactions.get(waiting)?.state).toBe('Invited');
      expect(await interactions.get(waiting)).toMatchObject({ state: 'Invited' });
    }
    expect(os.shown).toEqual([]);

    stopFailing();
    await signInAgent1(desk, simulator);
    await expect.poll(() => invitesShown(os)).toEqual([waiting]);
    expect(desk.trayState.pendingInvitations).toBe(1);
    // Confirmed by this session: its sign-out withdraws it, as every sign-out withdraws the
    // invitations it knows (EndContactCenterSession withdraws them at the server).
    await session.signOut();
    expect(await interactions.get(waiting)).toMatchObject({ state: 'Revoked' });
  });

  it('is not withdrawn by a sign-in from the offline review that fails, and the next sign-in withdraws one the server no longer offers', async () => {
    const simulator = await harness.start({ inviteTimeoutSeconds: 120 });
    // A sign-in on this machine leaves the password's verifier that opens the offline review.
    const { desk: earlier, dataDir } = await desks.open(simulator, { ready: false });
    const [cached] = await earlier.handlers.session.cachedAccounts();
    const review = { serverUrl: cached?.serverUrl ?? '', userName: 'agent1', password: 'demo' };
    expect(await earlier.handlers.session.openOffline(review)).toMatchObject({ offline: true });
    await earlier.shutdown();
    const [offered = ''] = await crashedWhileOffered(simulator, dataDir, () => [
      simulator.control.startChat({ customerNickName: 'Ann', subject: 'Hello?' }),
    ]);
    const { desk, os } = await desks.open(simulator, { dataDir, signIn: false });
    const { interactions, session } = desk.handlers;
    expect(await session.openOffline(review)).toMatchObject({ offline: true });
    expect(await interactions.get(offered)).toMatchObject({ state: 'Invited' });

    // The server errors throughout (see the test above): it still offers the invitation.
    const stopFailing = failingAfterStart(simulator, SERVER_ERRORING);
    await expect(signInAgent1(desk, simulator)).rejects.toThrow(/unavailable/);
    expect(simulator.world.interactions.get(offered)?.state).toBe('Invited');
    expect(await interactions.get(offered)).toMatchObject({ state: 'Invited' });

    // Withdrawn at the server while the desk is signed out: the list decides at the next sign-in.
    expect(simulator.control.revoke(offered)).toBe(true);
    stopFailing();
    await signInAgent1(desk, simulator);
    await expect.poll(async () => (await interactions.get(offered))?.state).toBe('Revoked');
    expect(desk.trayState.pendingInvitations).toBe(0);
    expect(os.shown).toEqual([]);
  });
});
