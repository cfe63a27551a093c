import { describe, expect, it } from 'vitest';
import { createOperations } from '../../main/gws/operations';
import type { OddAnswer } from '../../simulator/runtime';
import { eventually, useClientWithCache } from '../support/clientWithCache';

// Real GWS deployments (and what stands in front of them) answer REST calls in ways the
// simulator's own routes never do, all with HTTP 200: a proxy's HTML page, JSON that ends
// half-way, `null` where a list belongs. What the cache holds must survive every one of them.

const startClient = useClientWithCache();

/** agent1 signed in, with a chat accepted and its first line in the cache. */
async function withAcceptedChat() {
  const started = await startClient({ folderPrefix: 'switchboard-odd-rest-' });
  const { simulator, session, store, accountId } = started;
  expect((await session.signIn()).ok).toBe(true);
  const operations = createOperations(session.requester);
  expect((await operations.setChannelReady('chat')).ok).toBe(true);
  const chatId = simulator.control.startChat({
    customerNickName: 'Odile',
    subject: 'Odd answers',
    firstMessage: 'hello',
  });
  await eventually(() => store.interactionRecord(accountId, chatId) !== undefined, 'the invite');
  expect((await operations.accept(chatId)).ok).toBe(true);
  await eventually(
    () => store.interactionRecord(accountId, chatId)?.state === 'Accepted',
    'the chat accepted in the cache',
  );
  return { ...started, operations, chatId };
}

describe("a resync's list of interactions answered oddly", () => {
  it.each<[OddAnswer, RegExp]>([
    ['htmlPage', /GET \/me\/interactions\?fields=\*: the answer is not JSON/],
    ['redirect', /GET \/me\/interactions\?fields=\*: the answer is a redirect \(HTTP 302 to /],
    ['cutShort', /GET \/me\/interactions\?fields=\*: the answer is not JSON/],
    ['listsNull', /resync: the answer's interactions are not a list/],
  ])('%s: the resync fails, saying why, and the open chat stays open', async (oddity, said) => {
    const { simulator, session, store, accountId, chatId, warnings } = await withAcceptedChat();
    simulator.control.answerOddly('/me/interactions', [oddity]);

    const resynced = await session.resync();

    expect(resynced.ok).toBe(false);
    expect(warnings.some((line) => said.test(line))).toBe(true);
    expect(store.interactionRecord(accountId, chatId)?.state).toBe('Accepted');
    expect(session.interactions.get(chatId)).toMatchObject({ state: 'Accepted' });
    // The next list is read as the server gives it: nothing was left behind to go wrong later.
    expect((await session.resync()).ok).toBe(true);
    expect(store.interactionRecord(accountId, chatId)?.state).toBe('Accepted');
  });
});

describe('other reads answered with an HTML page with HTTP 200', () => {
  it('the directory is an error, not an empty list of colleagues', async () => {
    const { simulator, operations } = await withAcceptedChat();
    simulator.control.answerOddly('/users', ['htmlPage']);
    expect(await operations.getUsers()).toMatchObject({
      ok: false,
      error: { kind: 'internal', message: expect.stringMatching(/not JSON/) as unknown },
    });
    const again = await operations.getUsers();
    expect(again.ok && again.value.length).toBeGreaterThan(0);
  });
});

describe('operations answered with a redirect', () => {
  it('a chat line is not taken for sent, nor the chat for finished', async () => {
    const { simulator, operations, chatId, store, accountId } = await withAcceptedChat();
    simulator.control.answerOddly(`/me/interactions/${chatId}`, ['redirect', 'redirect']);
    expect(await operations.sendMessage(chatId, 'Your refund is on its way')).toMatchObject({
      ok: false,
      error: { kind: 'internal', message: expect.stringMatching(/redirect/) as unknown },
    });
    expect((await operations.stopProcessing(chatId)).ok).toBe(false);
    // The server did neither: the chat is the agent's, and the line can be sent now.
    expect(simulator.world.interactions.get(chatId)?.state).toBe('Accepted');
    expect(store.interactionRecord(accountId, chatId)?.state).toBe('Accepted');
    expect((await operations.sendMessage(chatId, 'Your refund is on its way')).ok).toBe(true);
  });
});

describe('lists answered with every item twice', () => {
  it('the directory lists each colleague once', async () => {
    const { simulator, operations } = await withAcceptedChat();
    const once = await operations.getUsers();
    simulator.control.answerOddly('/users', ['listsDoubled']);
    const doubled = await operations.getUsers();
    expect(once.ok && once.value.length).toBeGreaterThan(1);
    expect(doubled).toEqual(once);
  });

  it('the agent states list each state once', async () => {
    const { simulator, operations } = await withAcceptedChat();
    const once = await operations.getAgentStates();
    simulator.control.answerOddly('/settings/agent-states', ['listsDoubled']);
    const doubled = await operations.getAgentStates();
    expect(once.ok && once.value.length).toBeGreaterThan(1);
    expect(doubled).toEqual(once);
  });

  it('a resync keeps the open chat, once', async () => {
    const { simulator, session, store, accountId, chatId } = await withAcceptedChat();
    simulator.control.answerOddly('/me/interactions', ['listsDoubled']);
    expect((await session.resync()).ok).toBe(true);
    expect(store.interactionRecord(accountId, chatId)?.state).toBe('Accepted');
    expect([...session.interactions.keys()]).toEqual([chatId]);
  });
});

describe('the agent states answered with null', () => {
  it('are an error, not a contact center without Not Ready reasons', async () => {
    const { simulator, operations } = await withAcceptedChat();
    simulator.control.answerOddly('/settings/agent-states', ['listsNull']);
    expect(await operations.getAgentStates()).toMatchObject({
      ok: false,
      error: {
        kind: 'internal',
        message: "GET /settings/agent-states: the answer's settings are not a list (null)",
      },
    });
  });
});
