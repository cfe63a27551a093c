import { describe, expect, it } from 'vitest';
import type { InteractionSummary } from '../../common/model';
import type { Desk } from '../../main/workstation/desk';
import type { Simulator } from '../../simulator/server';
import { acceptedInvoiceEmail, useSignedInDesks } from '../support/signedInDesks';
import { useSimulator } from '../support/simulatorHarness';

// Work in the agent's hands that the server let go of without a word (the notification lost on
// the way, a supervisor's action, a server-side timeout), against the real simulator, GWS client
// and cache file. Every action on it is answered "not found"; without the server's list asked,
// the row stayed in the inbox as the agent's work until some later resync, with nothing the
// agent could do to close it.

const harness = useSimulator();
const desks = useSignedInDesks();

async function inboxIds(desk: Desk): Promise<string[]> {
  const rows: InteractionSummary[] = await desk.handlers.interactions.inbox(undefined);
  return rows.map((row) => row.id);
}

/** A chat routed to agent1 and accepted, as the desk's cache holds it. */
async function acceptedChat(desk: Desk, simulator: Simulator, subject: string): Promise<string> {
  const id = simulator.control.startChat({
    customerNickName: 'Tom Baker',
    subject,
    firstMessage: 'Hello?',
  });
  await expect.poll(() => desk.handlers.interactions.get(id)).toMatchObject({ state: 'Invited' });
  await desk.handlers.interactions.accept(id, undefined);
  await expect.poll(() => desk.handlers.interactions.get(id)).toMatchObject({ state: 'Accepted' });
  return id;
}

describe('work the server let go of unheard', () => {
  it('ends a chat whose line the server refuses as not found, and names the refusal', async () => {
    const simulator = await harness.start();
    const { desk } = await desks.open(simulator);
    const id = await acceptedChat(desk, simulator, 'Parcel');
    expect(simulator.control.dropSilently(id)).toBe(true);

    await expect(
      desk.handlers.interactions.sendMessage(id, 'Are you there?'),
    ).rejects.toMatchObject({ kind: 'notFound', code: 'interactionNotHeld' });
    // Ended in the cache file by the time the refusal is answered, not at some later resync.
    expect(await desk.handlers.interactions.get(id)).toMatchObject({ phase: 'ended' });
    expect(await inboxIds(desk)).not.toContain(id);
  });

  it('ends an e-mail whose Done and case-data save the server no longer knows', async () => {
    const simulator = await harness.start();
    const { desk } = await desks.open(simulator);
    const email = await acceptedInvoiceEmail(simulator, desk);
    const chat = await acceptedChat(desk, simulator, 'Order 1234');
    await expect
      .poll(() => desk.handlers.interactions.get(email))
      .toMatchObject({ state: 'Accepted' });
    expect(simulator.control.dropSilently(email)).toBe(true);
    expect(simulator.control.dropSilently(chat)).toBe(true);

    // Two refusals at once: both ghosts end, each refusal named.
    const [done, saved] = await Promise.allSettled([
      desk.handlers.interactions.stopProcessing(email),
      desk.handlers.interactions.updateProperties(chat, { Notes: 'Call back' }),
    ]);
    expect(done).toMatchObject({
      status: 'rejected',
      reason: { kind: 'notFound', code: 'interactionNotHeld' },
    });
    expect(saved).toMatchObject({
      status: 'rejected',
      reason: { kind: 'notFound', code: 'interactionNotHeld' },
    });
    expect(await desk.handlers.interactions.get(email)).toMatchObject({ phase: 'ended' });
    expect(await desk.handlers.interactions.get(chat)).toMatchObject({ phase: 'ended' });
    const inbox = await inboxIds(desk);
    expect(inbox).not.toContain(email);
    expect(inbox).not.toContain(chat);
  });

  it('keeps work the server still lists when an action on it is answered not found', async () => {
    const simulator = await harness.start();
    const { desk } = await desks.open(simulator);
    const id = await acceptedChat(desk, simulator, 'Parcel');

    // The server answers "not found" for the colleague named, not for the chat.
    const refused = desk.handlers.interactions.transfer(id, 'nobody-here');
    await expect(refused).rejects.toMatchObject({ kind: 'notFound' });
    await expect(refused).rejects.not.toHaveProperty('code', 'interactionNotHeld');
    expect(await desk.handlers.interactions.get(id)).toMatchObject({
      state: 'Accepted',
      phase: 'working',
    });
    expect(await inboxIds(desk)).toContain(id);
    // Still the agent's to work: a line goes through.
    await desk.handlers.interactions.sendMessage(id, 'One moment please');
  });
});
