import { describe, expect, it } from 'vitest';
import { channelName } from '../../common/contract';
import type { ChangeSet } from '../../common/model';
import type { Desk } from '../../main/workstation/desk';
import { useSignedInDesks } from '../support/signedInDesks';
import { useSimulator } from '../support/simulatorHarness';

// A server whose clock is not the desk's: GWS stamps chat lines with its own clock, and the desk
// says how long a customer has waited for an answer by its own. Five minutes either way made a
// customer who had just written wait "5 min" (a server behind: the row stood out at once as a
// long wait) or "<1 min" for six minutes (a server ahead). The real desk core, cache and GWS
// client against the simulator, whose clock (its timestamps and its answers' `Date` header) is
// set apart from this machine's.

const harness = useSimulator();
const desks = useSignedInDesks();

const MINUTE = 60_000;

/**
 * The desk's count of how long the customer of the chat has waited, in ms (undefined: none): the
 * row's wait is the server's time, moved onto this machine's clock by the lead main tells.
 */
async function waitedOn(desk: Desk, chatId: string): Promise<number | undefined> {
  const rows = await desk.handlers.interactions.inbox({});
  const since = rows.find((row) => row.id === chatId)?.awaitingReplySince;
  const ahead = await desk.handlers.desk.serverClockAhead();
  return since === undefined ? undefined : Date.now() + ahead - since;
}

describe('a customer’s wait for an answer, on a server whose clock is off', () => {
  it.each([
    ['5 minutes ahead', 5 * MINUTE],
    ['5 minutes behind', -5 * MINUTE],
  ])('starts when the customer wrote, by the desk’s clock, on a server %s', async (_, skew) => {
    const simulator = await harness.start({ now: () => Date.now() + skew });
    const { desk } = await desks.open(simulator);
    const chatId = simulator.control.startChat({
      customerNickName: 'Tom Baker',
      subject: 'Order 1234',
      firstMessage: 'Hello, where is my order?',
    });
    await expect.poll(() => desk.handlers.interactions.get(chatId)).not.toBeNull();
    await desk.handlers.interactions.accept(chatId, 'Ann');
    await expect.poll(() => waitedOn(desk, chatId)).toBeDefined();
    const waited = (await waitedOn(desk, chatId)) ?? Number.NaN;
    // Written a moment ago: neither minutes ago nor minutes from now.
    expect(Math.abs(waited)).toBeLessThan(30_000);
  });
});

describe('a customer’s wait for an answer, when this machine’s clock moves mid-chat', () => {
  it('follows the server’s clock once the move is measured: an NTP correction of 10 minutes neither hides nor invents a wait', async () => {
    // This machine 10 minutes ahead of the server, then set right (an NTP correction: its clock
    // jumps back 10 minutes). To the desk that is the server's clock moving 10 minutes on
    // against its own: what the simulator's clock does here.
    const skew = { ms: -10 * MINUTE };
    const serverNow = (): number => Date.now() + skew.ms;
    const simulator = await harness.start({ now: serverNow });
    /** The last wait the desk pushed to the renderer for each chat (null: none). */
    const pushedSince = new Map<string, number | null>();
    /** Every change set pushed, in order. */
    const pushed: ChangeSet[] = [];
    /** The server's lead the change sets last told: what the renderer moves the waits by. */
    let toldAhead: number | undefined;
    const { desk } = await desks.open(simulator, {
      send: (channel, payload) => {
        if (channel !== channelName('desk', 'changed')) return;
        const changes = payload as ChangeSet;
        pushed.push(changes);
        toldAhead = changes.serverClockAheadMs ?? toldAhead;
        for (const head of changes.interactions)
          pushedSince.set(head.id, head.awaitingReplySince ?? null);
      },
    });
    /** How long the chat's customer has waited as the renderer shows it (its one clock). */
    const shownWait = (chatId: string): number =>
      Date.now() + (toldAhead ?? Number.NaN) - (pushedSince.get(chatId) ?? Number.NaN);
    const chat = async (customerNickName: string): Promise<string> => {
      const chatId = simulator.control.startChat({
        customerNickName,
        subject: 'Order 1234',
        firstMessage: 'Hello, where is my order?',
      });
      await expect.poll(() => desk.handlers.interactions.get(chatId)).not.toBeNull();
      await desk.handlers.interactions.accept(chatId, 'Ann');
      await expect.poll(() => pushedSince.get(chatId) ?? null).not.toBeNull();
      return chatId;
    };
    const waiting = await chat('Tom Baker');
    const answered = await chat('Anna Berg');
    const wrote = serverNow();
    expect(Math.abs(shownWait(waiting))).toBeLessThan(30_000);
    expect(toldAhead).toBeLessThan(-9 * MINUTE);

    const pushedBefore = pushed.length;
    skew.ms = 0;
    // The agent answers the other chat: a REST call, whose answer's Date tells the new skew.
    await desk.handlers.interactions.sendMessage(answered, 'One moment please');
    // By the server's clock, Tom Baker has waited 10 minutes: the row must say so.
    const serverWaited = serverNow() - wrote;
    expect(serverWaited).toBeGreaterThan(9 * MINUTE);
    // Within one wait tick (10 s): the renderer's clock moves by the lead told.
    await expect
      .poll(() => shownWait(waiting), { timeout: 10_000 })
      .toBeGreaterThan(serverWaited - 30_000);
    expect(shownWait(waiting)).toBeLessThan(serverWaited + 30_000);
    // The new lead came as a fact of its own: Tom Baker's row was not sent again for it.
    const since = pushed.slice(pushedBefore);
    const telling = since.filter((changes) => changes.serverClockAheadMs !== undefined);
    expect(telling).toHaveLength(1);
    expect(Math.abs(telling[0]?.serverClockAheadMs ?? Number.NaN)).toBeLessThan(5_000);
    expect(since.flatMap((changes) => changes.interactions).map((head) => head.id)).not.toContain(
      waiting,
    );
  });
});
