import { expect, it } from 'vitest';
import { LOAD_LINE_PREFIX, type LoadProgress } from '../../simulator/scenarios';
import { useSimulator } from '../support/simulatorHarness';

// The `load` scenario over a fixed set of chats, as benchmark (g) drives it: N chats offered at
// once (a chat capacity above GWS's default of 3), no line before every chat is accepted, then
// the asked rate spread evenly over the chats for the asked time, and the run stops by itself.

const harness = useSimulator();

type Json = Record<string, unknown>;

async function until<T>(read: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('sends the asked lines per second over N accepted chats, then stops by itself', async () => {
  const simulator = await harness.start({
    scenario: 'load',
    dialect: 'a',
    control: true,
    loadChats: 4,
    loadRate: 200,
    loadSeconds: 1,
    chatCapacity: 4,
  });
  const before = simulator.control.loadProgress();
  expect(before).toMatchObject({ chats: 4, accepted: 0, linesPlanned: 200, linesSent: 0 });
  expect(before?.startedAt).toBeNull();

  const agent = await harness.signedIn('agent1', ['chat']);
  const invited = await until(
    () => {
      const chats = [...simulator.world.interactions.values()].filter(
        (interaction) => interaction.invitee === 'agent1',
      );
      return chats.length === 4 ? chats : undefined;
    },
    5000,
    'four chat invites to one agent',
  );
  // Nothing is sent while a chat still waits for its agent.
  for (const chat of invited.slice(0, 3))
    expect(
      (await agent.post(`/me/interactions/${chat.id}`, { operationName: 'Accept' })).status,
    ).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(simulator.control.loadProgress()).toMatchObject({
    accepted: 3,
    linesSent: 0,
    startedAt: null,
  });
  const last = invited[3];
  expect(
    (await agent.post(`/me/interactions/${last?.id ?? ''}`, { operationName: 'Accept' })).status,
  ).toBe(200);

  const done = await until(
    () => {
      const progress = simulator.control.loadProgress();
      return progress?.endedAt === null ? undefined : progress;
    },
    10_000,
    'end of the load run',
  );
  expect(done).toMatchObject({ accepted: 4, linesSent: 200, linesPlanned: 200 });
  // What is due follows the clock: 200 lines at 200/s cannot be over in less than a second.
  expect((done.endedAt ?? 0) - (done.startedAt ?? 0)).toBeGreaterThanOrEqual(990);

  // Over HTTP too, for a benchmark in another process.
  const overHttp = (await (await fetch(`${simulator.url}/simulator/load`)).json()) as LoadProgress;
  expect(overHttp).toMatchObject({ statusCode: 0, ...done });

  // The agent heard every line once, 50 per chat, stamped with the time it was sent.
  const lines = await until(
    () => {
      const found = agent.received.flatMap((message) =>
        ((message.data.chat_notifications ?? []) as Json[])
          .filter((event) => String(event.MessageText).startsWith(LOAD_LINE_PREFIX))
          .map((event) => ({ chat: String(message.data.id), event })),
      );
      return found.length >= 200 ? found : undefined;
    },
    5000,
    'all 200 lines at the agent',
  );
  expect(new Set(lines.map((line) => line.event.MessageText)).size).toBe(200);
  const perChat = new Map<string, number>();
  for (const line of lines) perChat.set(line.chat, (perChat.get(line.chat) ?? 0) + 1);
  expect([...perChat.values()]).toEqual([50, 50, 50, 50]);
  for (const line of lines) {
    expect(line.event.TimeStamp).toBeGreaterThanOrEqual(done.startedAt ?? 0);
    expect(line.event.TimeStamp).toBeLessThanOrEqual(done.endedAt ?? 0);
  }
});

it('without --load-chats the load scenario has no run to report', async () => {
  const simulator = await harness.start({ scenario: 'quiet', control: true });
  expect(simulator.control.loadProgress()).toBeUndefined();
  expect((await fetch(`${simulator.url}/simulator/load`)).status).toBe(404);
});
