import { afterEach, expect, it } from 'vitest';
import type { GwsEvent } from '../../common/model';
import { GwsSession } from '../../main/gws/session';
import { hostileMessage } from '../../bench/memory';
import { startSimulator, type Simulator } from '../../simulator/server';

// Issue 11, item 4: the session kept every open interaction's whole snapshot (userData,
// subjects, the chat content they carried) until it ended or a resync ran: 300 large
// invitations added 143 MiB. What it keeps per interaction is now its state alone, for at most
// `maxKnownInteractions` of them. Counted in bytes of what it keeps, not RSS, so it cannot flake.

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('keeps a few bytes per open interaction, for a capped number of them', async () => {
  const simulator: Simulator = await startSimulator({ port: 0, scenario: 'quiet' });
  cleanups.push(() => simulator.close());
  const cap = 50;
  const session = new GwsSession({
    serverUrl: simulator.url,
    credentials: { userName: 'agent1', password: 'demo' },
    maxKnownInteractions: cap,
    log: { debug: () => undefined, warn: () => undefined },
  });
  cleanups.push(() => session.signOut());
  const events: GwsEvent[] = [];
  session.onEvent((event) => events.push(event));
  expect((await session.signIn()).ok).toBe(true);

  const sent = 120;
  let sentBytes = 0;
  for (let n = 0; n < sent; n += 1) {
    const message = hostileMessage(n);
    sentBytes += JSON.stringify(message).length;
    simulator.control.injectNotification('agent1', '/v2/me/interactions', message);
  }
  const lastId = (hostileMessage(sent - 1).interaction as { id: string }).id;
  const deadline = Date.now() + 10_000;
  while (!session.interactions.has(lastId)) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the last invitation');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  // Every one of them was passed on whole (the cache stores the content)…
  const invitedOrUpdated = events.filter(
    (event) => event.type === 'interactionInvited' || event.type === 'interactionUpdated',
  );
  expect(invitedOrUpdated).toHaveLength(sent);
  // …but the session keeps at most `cap` of them, the newest, each only by its state.
  expect(session.interactions.size).toBe(cap);
  expect(session.interactions.has(lastId)).toBe(true);
  const retainedBytes = JSON.stringify([...session.interactions]).length;
  const idBytes = [...session.interactions.keys()].reduce((sum, id) => sum + id.length, 0);
  for (const interaction of session.interactions.values())
    expect(Object.keys(interaction)).toEqual(['state']);
  // Ids, states and JSON punctuation: under 40 bytes an interaction beyond its id.
  expect(retainedBytes - idBytes).toBeLessThan(cap * 40);
  expect(sentBytes / sent).toBeGreaterThan(20_000);
});
