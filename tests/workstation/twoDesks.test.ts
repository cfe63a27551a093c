import { describe, expect, it } from 'vitest';
import type { Desk } from '../../main/workstation/desk';
import type { OsRecorder } from '../support/deskPorts';
import { useSignedInDesks } from '../support/signedInDesks';
import { useSimulator } from '../support/simulatorHarness';

// One agent signed in on two desks at once (a desk at work left running and a second one at
// home): GWS sends both sessions the agent's notifications, so each desk sees work change by
// actions it did not take. The real desk cores, each with its own cache, on one simulator.

const harness = useSimulator();
const desks = useSignedInDesks();

/** The bodies of the invitation notifications a desk showed. */
function invitationNotices(os: OsRecorder): string[] {
  return os.shown.filter((alert) => alert.kind === 'invite').map((alert) => alert.body);
}

/** The "logged out on every channel" notifications a desk showed, as the agent reads them. */
function loggedOutNotices(os: OsRecorder): { title: string; body: string }[] {
  return os.shown
    .filter((alert) => alert.kind === 'loggedOut')
    .map(({ title, body }) => ({ title, body }));
}

/** The states of a desk's channels as it shows them. */
async function channelStatesOn(desk: Desk): Promise<string[]> {
  return (await desk.handlers.agent.getState()).channels.map((channel) => channel.state);
}

/** The interaction's state as a desk's cache has it (undefined while it holds none). */
async function stateOn(desk: Desk, interactionId: string): Promise<string | undefined> {
  return (await desk.handlers.interactions.get(interactionId))?.state;
}

describe('one agent on two desks', () => {
  it('both answering chats by themselves: the desk whose Accept came second says nothing failed', async () => {
    const simulator = await harness.start({ inviteTimeoutSeconds: 120 });
    const here = await desks.open(simulator);
    const there = await desks.open(simulator);
    // The second sign-in started the contact-center session again: Ready once more.
    await there.desk.handlers.agent.setReady(undefined);
    for (const { desk } of [here, there])
      await desk.handlers.settings.update({ autoAnswerChat: true });
    const id = simulator.control.startChat({ customerNickName: 'Tom', subject: 'Parcel' });
    await expect.poll(() => stateOn(here.desk, id)).toBe('Accepted');
    await expect.poll(() => stateOn(there.desk, id)).toBe('Accepted');
    // An Accept of the offer already on its way answers for both (InvitationAnswers): once these
    // settle, each desk's own Accept has had its answer (one taken, one refused).
    await Promise.allSettled(
      [here, there].map(async ({ desk }) => {
        await desk.handlers.interactions.accept(id, undefined);
      }),
    );
    expect([here, there].map(({ desk }) => desk.trayState.pendingInvitations)).toEqual([0, 0]);
    // Was: the desk whose Accept the server refused ("not an invitation for agent1") offered
    // the chat again: "Not accepted: it is still waiting for you", with the chime.
    for (const { os } of [here, there])
      expect(invitationNotices(os)).toEqual(['Accepted automatically: Parcel']);
  });

  it('an Accept pressed here just after the other desk took the invitation is no failure', async () => {
    const simulator = await harness.start({ inviteTimeoutSeconds: 120 });
    const here = await desks.open(simulator);
    const there = await desks.open(simulator);
    await there.desk.handlers.agent.setReady(undefined);
    const id = simulator.control.startChat({ customerNickName: 'Tom', subject: 'Parcel' });
    await expect.poll(() => stateOn(here.desk, id)).toBe('Invited');
    await there.desk.handlers.interactions.accept(id, undefined);
    // Was: "Interaction … is not an invitation for agent1", on a chat in the agent's hands.
    await expect(here.desk.handlers.interactions.accept(id, undefined)).resolves.toBeUndefined();
    await expect.poll(() => stateOn(here.desk, id)).toBe('Accepted');
    expect(here.desk.trayState.pendingInvitations).toBe(0);
  });

  it('tells the agent whose window is out of sight that their other desk logged them out, until Ready', async () => {
    const simulator = await harness.start();
    const here = await desks.open(simulator, { hidden: () => true });
    const there = await desks.open(simulator);
    // Signing out there ends the agent's one contact-center session: this desk stays
    // connected, logged out on every channel, and no invitation reaches it any more.
    await there.desk.handlers.session.signOut();
    await expect.poll(() => channelStatesOn(here.desk)).toEqual(['Logout', 'Logout']);
    // Was: nothing but the tray's icon said so, to an agent working in another window.
    expect(loggedOutNotices(here.os)).toEqual([
      {
        title: 'Logged out on every channel',
        body: 'This desk did not log you out: your other desk signed out, or a supervisor logged you out. Invitations no longer reach you; choose Ready to log in again.',
      },
    ]);
    const notice = here.os.shown.find((alert) => alert.kind === 'loggedOut');
    here.desk.alertClicked(notice?.id ?? '');
    expect(here.os.focused).toEqual([undefined]);
    // Ready starts the contact-center session again: the news is no longer true.
    await here.desk.handlers.agent.setReady(undefined);
    await expect.poll(() => here.os.closed).toContain(notice?.id);
  });

  it('says nothing of a sign-out on this desk, nor with the window in sight', async () => {
    const simulator = await harness.start();
    const inSight = await desks.open(simulator);
    const hidden = await desks.open(simulator, { hidden: () => true });
    // Its EndContactCenterSession answered after the server's logout notification has come.
    simulator.control.failNextRequests(['answerLate']);
    await hidden.desk.handlers.session.signOut();
    await expect.poll(() => channelStatesOn(inSight.desk)).toEqual(['Logout', 'Logout']);
    expect([...loggedOutNotices(inSight.os), ...loggedOutNotices(hidden.os)]).toEqual([]);
  });
});
