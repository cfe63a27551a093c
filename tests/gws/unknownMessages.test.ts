import { expect, it } from 'vitest';
import type { GwsEvent } from '../../common/model';
import { searchCache } from '../../main/cache/search';
import { eventually, useClientWithCache } from '../support/clientWithCache';

// A message type the client does not know, sent by a real server over CometD, goes through the
// real session (official CometD client, normalizer) into the real cache (a SQLite file): it is
// counted as skipped and leaves no trace in the inbox, the history or any table.

const startClient = useClientWithCache();

/** An interaction body as the simulator's dialect A would send it, minus the message type. */
function emailBody(id: string, state: string): Record<string, unknown> {
  return {
    id,
    channel: 'email',
    state,
    interactionType: 'Inbound',
    interactionSubType: 'InboundNew',
    userData: { Subject: `about ${id}`, FromAddress: 'someone@example.com' },
    capabilities: ['Accept', 'Reject'],
  };
}

it('skips unknown message types from the server: counted, and nothing reaches the cache', async () => {
  // The event→cache writer is only wired here; what is stored is read through the store.
  const {
    simulator,
    db,
    store,
    accountId: account,
    session,
    warnings,
  } = await startClient({
    folderPrefix: 'switchboard-unknown-',
  });
  const events: GwsEvent[] = [];
  session.onEvent((event) => events.push(event));
  expect((await session.signIn()).ok).toBe(true);
  await eventually(() => session.status.state === 'connected', 'connected');
  const tableRows = () =>
    ['interactions', 'interaction_events', 'search_documents'].map(
      (table) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
    );
  const rowsBefore = tableRows();

  // Readable bodies under types no document gives their channel: each used to be read as an
  // interaction state (or a workbin change, a history answer) and stored.
  const inject = (channel: string, data: unknown) =>
    simulator.control.injectNotification('agent1', channel, data);
  expect(
    inject('/v2/me/interactions', {
      interaction: emailBody('ghost-nested', 'Accepted'),
      messageType: 'InteractionDeletedMessage',
    }),
  ).toBeGreaterThan(0);
  inject('/v2/me/interactions', {
    ...emailBody('ghost-flat', 'Invited'),
    messageType: 'EventAttachedDataChanged',
  });
  inject('/v2/me/interactions', {
    ...emailBody('ghost-flat', 'Invited'),
    messageTypeName: 'EventAttachedDataChanged',
  });
  inject('/v2/me/workbins', {
    messageType: 'WorkbinStatistics',
    workbinId: 'w1',
    interactions: [emailBody('ghost-workbin', 'Queued')],
  });
  // Then one the client knows, on the same channel: CometD delivers in order, so once it is in
  // the cache every message before it has been handled.
  inject('/v2/me/interactions', {
    ...emailBody('after-the-unknown', 'Invited'),
    messageType: 'InteractionStateMessage',
  });
  await eventually(
    () => store.inbox(account).some((row) => row.id === 'after-the-unknown'),
    'the known message in the inbox',
  );

  expect(Object.fromEntries(session.skippedNotifications)).toEqual({
    '/v2/me/interactions InteractionDeletedMessage': 1,
    '/v2/me/interactions EventAttachedDataChanged': 2,
    '/v2/me/workbins WorkbinStatistics': 1,
  });
  // One log line per kind.
  expect(warnings.filter((line) => line.includes('unknown message type'))).toHaveLength(3);
  const ghosts = ['ghost-nested', 'ghost-flat', 'ghost-workbin'];
  expect(JSON.stringify(events)).not.toMatch(/ghost-/);
  for (const id of ghosts) expect(store.interaction(account, id)).toBeUndefined();
  expect(store.inbox(account).map((row) => row.id)).toEqual(['after-the-unknown']);
  expect(store.history(account)).toEqual([]);
  expect(searchCache(db, { text: 'ghost', accountId: account })).toEqual([]);
  const ghostRows = db
    .prepare(
      "SELECT (SELECT count(*) FROM interactions WHERE id LIKE 'ghost-%') + (SELECT count(*) FROM interaction_events WHERE interaction_id LIKE 'ghost-%') AS n",
    )
    .get() as { n: number };
  expect(ghostRows.n).toBe(0);
  // The known message is all that was added: one interaction, its event and its search row.
  const rowsAfter = tableRows();
  expect(rowsAfter[0]).toBe((rowsBefore[0] ?? 0) + 1);
  expect(session.status.state).toBe('connected');
});
