import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { channelName } from '../../common/contract';
import type { AwaySummary } from '../../common/model';
import type { Simulator } from '../../simulator/server';
import { eventually } from '../support/clientWithCache';
import { runThatCrashed } from '../support/crashedRun';
import type { OsRecorder } from '../support/deskPorts';
import { useSignedInDesks } from '../support/signedInDesks';
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
