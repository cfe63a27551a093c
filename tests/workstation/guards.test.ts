import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LeaveQuestion } from '../../main/workstation/shellPorts';
import type { ChangeSet, InteractionDetail, InteractionSummary } from '../../common/model';
import { openDesk, type Desk } from '../../main/workstation/desk';
import { INVITATION_GONE } from '../../main/workstation/invitations';
import type { Simulator } from '../../simulator/server';
import { osRecorder, testDeskOptions, workingVault } from '../support/deskPorts';
import { useSimulator } from '../support/simulatorHarness';

// Issue 14 items 4 and 5 in the desk core, against the real simulator, cache and GWS client:
// no phantom invitations (Reject, taken elsewhere, an answer to an offer that is gone) and no
// abandoned work (the tray's Sign out and Quit ask through the shell's port; Done on a live
// chat ends the chat first). Only the OS ports are recorders.

const harness = useSimulator();
const folders: string[] = [];
const desks: Desk[] = [];

afterEach(async () => {
  await Promise.all(desks.splice(0).map((desk) => desk.shutdown()));
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** The questions the desk asked through the shell's port, and what the agent answers. */
interface Asked {
  readonly questions: LeaveQuestion[];
  answer: boolean;
}

async function signedInDesk(simulator: Simulator) {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-guards-'));
  folders.push(dataDir);
  const changes: ChangeSet[] = [];
  const asked: Asked = { questions: [], answer: false };
  const desk = await openDesk({
    dataDir,
    send: (channel, payload) => {
      if (channel === 'switchboard:desk:changed') changes.push(payload as ChangeSet);
    },
    ...testDeskOptions(osRecorder(), simulator, workingVault()),
    leaving: {
      confirmLeaving: (question) => {
        asked.questions.push(question);
        return Promise.resolve(asked.answer);
      },
    },
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    },
  });
  desks.push(desk);
  await desk.handlers.session.signIn({
    serverUrl: simulator.url,
    userName: 'agent1',
    password: 'demo',
    remember: false,
  });
  await desk.handlers.agent.setReady(undefined);
  await expect.poll(() => desk.trayState.icon).toBe('ready');
  return { desk, changes, asked };
}

async function inboxIds(desk: Desk): Promise<string[]> {
  const rows: InteractionSummary[] = await desk.handlers.interactions.inbox(undefined);
  return rows.map((row) => row.id);
}

/** The cache's copy of an interaction (null when it holds none). */
async function cached(desk: Desk, id: string): Promise<InteractionDetail | null> {
  return await desk.handlers.interactions.get(id);
}

/** A chat offered to agent1, as the desk's cache holds it. */
async function invitedChat(desk: Desk, simulator: Simulator, subject = 'Parcel'): Promise<string> {
  const id = simulator.control.startChat({
    customerNickName: 'Tom Baker',
    subject,
    firstMessage: 'Hello?',
  });
  await expect.poll(() => cached(desk, id)).toMatchObject({ state: 'Invited' });
  return id;
}

async function acceptedChat(desk: Desk, simulator: Simulator, subject = 'Parcel') {
  const id = await invitedChat(desk, simulator, subject);
  await desk.handlers.interactions.accept(id, undefined);
  await expect.poll(() => cached(desk, id)).toMatchObject({ state: 'Accepted' });
  return id;
}

describe('no phantom invitations', () => {
  it('records an answered Reject in the cache and ends the offer in the very next change set', async () => {
    const simulator = await harness.start();
    const { desk, changes } = await signedInDesk(simulator);
    const id = await invitedChat(desk, simulator);
    const before = changes.length;

    await desk.handlers.interactions.reject(id);

    // GWS tells the rejecting agent nothing; the desk does not wait for it.
    expect(await cached(desk, id)).toMatchObject({ state: 'Rejected', phase: 'ended' });
    expect(changes.slice(before).flatMap((set) => set.interactions)).toContainEqual(
      expect.objectContaining({ id, state: 'Rejected', phase: 'ended' }),
    );
    expect(await inboxIds(desk)).not.toContain(id);
    expect(desk.trayState.menu).toBeDefined();
    expect(simulator.world.interactions.get(id)?.invitee).not.toBe('agent1');
  });

  it('ends the offer when a Reject the server carried out lost its answer, and keeps one that never left', async () => {
    const simulator = await harness.start();
    const { desk } = await signedInDesk(simulator);
    const id = await invitedChat(desk, simulator);
    // The connection is cut as the server's answer leaves: the chat was rejected and goes to
    // another agent, and GWS tells this one nothing.
    simulator.control.failNextRequests(['answerLost']);

    await desk.handlers.interactions.reject(id);

    expect(simulator.world.interactions.get(id)?.invitee).not.toBe('agent1');
    expect(await cached(desk, id)).toMatchObject({ state: 'Rejected', phase: 'ended' });
    expect(await inboxIds(desk)).not.toContain(id);
    expect(desk.trayState.pendingInvitations).toBe(0);

    // A Reject the server never received still fails, and the offer stays to be answered.
    const other = await invitedChat(desk, simulator, 'Refund');
    simulator.control.failNextRequests(['reset']);
    await expect(desk.handlers.interactions.reject(other)).rejects.toMatchObject({
      kind: 'network',
    });
    expect(await cached(desk, other)).toMatchObject({ state: 'Invited' });
    expect(simulator.world.interactions.get(other)?.invitee).toBe('agent1');
  });

  it('drops an offer the simulator withdraws (another agent may take it) at its notification', async () => {
    const simulator = await harness.start();
    const { desk } = await signedInDesk(simulator);
    const id = await invitedChat(desk, simulator);
    expect(simulator.control.revoke(id)).toBe(true);
    await expect.poll(() => cached(desk, id)).toMatchObject({ phase: 'ended' });
    expect(await inboxIds(desk)).not.toContain(id);
  });

  it('says in one sentence that an offer another agent took is gone, and drops it', async () => {
    const simulator = await harness.start();
    const { desk } = await signedInDesk(simulator);
    const id = await invitedChat(desk, simulator);
    // Another agent took it, and the notification that would have said so never came.
    const taken = simulator.world.interactions.get(id);
    if (taken === undefined) throw new Error('no such chat');
    taken.invitee = null;
    taken.owner = 'agent2';
    taken.state = 'Accepted';

    await expect(desk.handlers.interactions.accept(id, undefined)).rejects.toMatchObject({
      kind: 'notFound',
      message: INVITATION_GONE,
      code: 'invitationGone',
    });
    expect(await cached(desk, id)).toMatchObject({ state: 'Revoked', phase: 'ended' });
    expect(await inboxIds(desk)).not.toContain(id);
    // Reject on it says the same.
    await expect(desk.handlers.interactions.reject(id)).rejects.toMatchObject({
      message: INVITATION_GONE,
    });
  });

  it('keeps the new offer of an interaction offered again while its Accept came back "not found"', async () => {
    const simulator = await harness.start({ reofferDelayMs: 200 });
    const { desk } = await signedInDesk(simulator);
    const id = await invitedChat(desk, simulator);
    // Its offer times out as the agent clicks Accept: the server answers "not found", but the
    // answer is slow, and routing offers the chat to the agent again before it arrives.
    expect(simulator.control.revoke(id)).toBe(true);
    simulator.control.failNextRequests(['answerLate']);
    const accepting = desk.handlers.interactions.accept(id, undefined);
    await expect.poll(() => simulator.world.interactions.get(id)?.invitee).toBe('agent1');
    await expect(accepting).rejects.toMatchObject({ code: 'invitationGone' });
    // The "not found" was the earlier offer's: the one on the desk now is live, and Accept takes
    // it. (Polled: on a loaded machine the re-offer's notifications may come after the answer.)
    await expect.poll(async () => (await cached(desk, id))?.state).toBe('Invited');
    expect(await cached(desk, id)).toMatchObject({ state: 'Invited', phase: 'invited' });
    expect(await inboxIds(desk)).toContain(id);
    await desk.handlers.interactions.accept(id, undefined);
    expect(simulator.world.interactions.get(id)).toMatchObject({
      owner: 'agent1',
      state: 'Accepted',
    });
  });
});

describe('case data of an interaction no longer held', () => {
  it('names a save refused because the server no longer has the interaction in the agent’s hands', async () => {
    const simulator = await harness.start();
    const { desk } = await signedInDesk(simulator);
    const id = await acceptedChat(desk, simulator);
    // Taken over elsewhere, and the notification that would have said so never came.
    const taken = simulator.world.interactions.get(id);
    if (taken === undefined) throw new Error('no such chat');
    taken.owner = 'agent2';

    await expect(
      desk.handlers.interactions.updateProperties(id, { Notes: 'Call back on Monday' }),
    ).rejects.toMatchObject({ kind: 'notFound', code: 'interactionNotHeld' });
    expect(taken.userData.Notes).toBeUndefined();

    // Other refusals keep their kind's wording: the interaction offered and not in hand is not
    // named so (the server knows it for the agent, and cannot change it now).
    taken.owner = null;
    taken.invitee = 'agent1';
    const refused = desk.handlers.interactions.updateProperties(id, { Notes: 'Monday' });
    await expect(refused).rejects.toMatchObject({ kind: 'invalidState' });
    await expect(refused).rejects.not.toHaveProperty('code', 'interactionNotHeld');
  });
});

describe('no abandoned work', () => {
  it('lists the interactions in progress, not the invitations', async () => {
    const simulator = await harness.start();
    const { desk } = await signedInDesk(simulator);
    const accepted = await acceptedChat(desk, simulator, 'Order 1234 is late');
    await invitedChat(desk, simulator, 'Still only offered');
    expect(await desk.handlers.session.workInProgress()).toEqual([
      { id: accepted, channel: 'chat', subject: 'Order 1234 is late', customer: 'Tom Baker' },
    ]);
  });

  it("asks through the shell's port before the tray's Sign out leaves a chat, and obeys", async () => {
    const simulator = await harness.start();
    const { desk, asked } = await signedInDesk(simulator);
    const id = await acceptedChat(desk, simulator);

    asked.answer = false;
    await desk.trayCommand({ kind: 'signOut' });
    expect(asked.questions).toEqual([
      expect.objectContaining({
        action: 'signOut',
        work: [expect.objectContaining({ id, subject: 'Parcel' })],
        title: 'Sign out with work in progress?',
        detail: expect.stringMatching(/this interaction\.[^]*\n\nChat: Parcel \(/u) as unknown,
        confirm: 'Sign out anyway',
        cancel: 'Cancel',
      }),
    ]);
    expect(desk.signedIn).toBe(true);

    asked.answer = true;
    await desk.trayCommand({ kind: 'signOut' });
    expect(asked.questions).toHaveLength(2);
    expect(desk.signedIn).toBe(false);
  });

  it('asks before quitting with work in progress, and not without', async () => {
    const simulator = await harness.start();
    const { desk, asked } = await signedInDesk(simulator);
    await expect(desk.mayQuit()).resolves.toBe(true);
    expect(asked.questions).toEqual([]);

    const id = await acceptedChat(desk, simulator);
    asked.answer = false;
    await expect(desk.mayQuit()).resolves.toBe(false);
    asked.answer = true;
    await expect(desk.mayQuit()).resolves.toBe(true);
    expect(asked.questions.map((question) => question.action)).toEqual(['quit', 'quit']);
    expect(asked.questions[0]?.work.map((work) => work.id)).toEqual([id]);
  });

  it('ends a live chat before Done, so that the customer is not left alone in it', async () => {
    const simulator = await harness.start();
    const { desk } = await signedInDesk(simulator);
    const id = await acceptedChat(desk, simulator);
    const chat = simulator.world.interactions.get(id)?.chat;
    expect(chat?.parties.some((party) => party.userType === 'Client')).toBe(true);

    await desk.handlers.interactions.stopProcessing(id);

    expect(chat?.parties).toEqual([]);
    expect(chat?.events.filter((event) => event.kind === 'PARTY_LEFT').length).toBeGreaterThan(0);
    expect(simulator.world.interactions.get(id)?.state).toBe('Completed');
    await expect.poll(() => cached(desk, id)).toMatchObject({ phase: 'ended' });
  });

  it('marks a chat the customer already left done without ending it again', async () => {
    const simulator = await harness.start();
    const { desk } = await signedInDesk(simulator);
    const id = await acceptedChat(desk, simulator);
    simulator.control.customerLeaves(id);
    await expect.poll(async () => (await cached(desk, id))?.transcript.at(-1)?.kind).toBe('left');
    const chat = simulator.world.interactions.get(id)?.chat;
    const customerLeft = () =>
      chat?.events.filter((event) => event.kind === 'PARTY_LEFT' && event.userType === 'Client')
        .length;
    expect(customerLeft()).toBe(1);

    await desk.handlers.interactions.stopProcessing(id);

    // No EndChatSession: that would have the customer leave a second time.
    expect(customerLeft()).toBe(1);
    await expect.poll(() => simulator.world.interactions.get(id)?.state).toBe('Completed');
  });
});
