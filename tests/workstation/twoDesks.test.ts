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
});
