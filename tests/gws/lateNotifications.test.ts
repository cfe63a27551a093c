import { afterEach, expect, it } from 'vitest';
import { createOperations } from '../../main/gws/operations';
import { GwsSession } from '../../main/gws/session';
import type { PolicyEvent } from '../../main/workstation/policy';
import { eventually, useClientWithCache, type ClientWithCache } from '../support/clientWithCache';

// CometD delivers late, twice and out of order. An invitation that reaches the desk after its
// own withdrawal (the two swapped, or the invitation delivered again) used to be announced and
// stay in the inbox for good, offered although the server had withdrawn it; a chat line's
// PropertiesChanged delivered after the chat's end reopened the chat. The real session and
// normalizer over CometD from the simulator, the real cache writer on a SQLite file: what would
// make something over live again is confirmed with the server's list first, and a real new
// offer (the invitation offered again once the last one timed out) still rings.

const startClient = useClientWithCache();

/** An interaction notification in dialect B (000), as the simulator's own. */
function stateMessage(id: string, state: string): Record<string, unknown> {
  return {
    messageType: 'InteractionStateMessage',
    interaction: {
      id,
      state,
      mediaType: 'chat',
      type: 'Inbound',
      subType: 'InboundNew',
      capabilities: state === 'Invited' ? ['Accept', 'Reject'] : [],
      userData: { Subject: 'Where is my parcel?' },
    },
  };
}

async function signedIn(client: ClientWithCache): Promise<PolicyEvent[]> {
  const alerts: PolicyEvent[] = [];
  client.writer.onCommit((commit) => alerts.push(...commit.alerts));
  expect((await client.session.signIn()).ok).toBe(true);
  await eventually(() => client.session.status.state === 'connected', 'connected');
  expect((await createOperations(client.session.requester).setReady()).ok).toBe(true);
  return alerts;
}

/** Injects the notifications in order, and waits until the desk has taken all of them in. */
async function deliver(
  client: ClientWithCache,
  messages: readonly Record<string, unknown>[],
): Promise<void> {
  for (const data of messages)
    client.simulator.control.injectNotification('agent1', '/v2/me/interactions', data);
  // A channel report after them: once it is stored, every message before it was read.
  let reported = false;
  const stop = client.writer.onCommit((commit) => {
    if (commit.changes.agent?.channels.some((channel) => channel.state === 'AfterMarker') === true)
      reported = true;
  });
  client.simulator.control.injectNotification('agent1', '/v2/me/channels', {
    channels: [{ channel: 'chat', userState: { state: 'AfterMarker' } }],
  });
  await eventually(() => reported, 'the marker stored');
  stop();
  await client.session.heldBackConfirmed();
}

function rowOf(client: ClientWithCache, id: string) {
  return client.store.interactionRecord(client.accountId, id);
}

function invitesOf(alerts: readonly PolicyEvent[], id: string): number {
  return alerts.filter((alert) => alert.kind === 'invite' && alert.interactionId === id).length;
}

/**
 * agent1 signed in and Ready, offered a real chat of the simulator and told of it once; a
 * withdrawn offer comes again after `reofferDelayMs`.
 */
async function chatOffered(
  reofferDelayMs: number,
): Promise<{ client: ClientWithCache; alerts: PolicyEvent[]; chatId: string }> {
  const client = await startClient({
    folderPrefix: 'switchboard-late-',
    simulator: { reofferDelayMs, inviteTimeoutSeconds: 60 },
  });
  const alerts = await signedIn(client);
  const chatId = client.simulator.control.startChat({
    customerNickName: 'Tom Baker',
    subject: 'Where is my parcel?',
    firstMessage: 'Hello?',
  });
  await eventually(() => invitesOf(alerts, chatId) === 1, 'the invitation announced');
  return { client, alerts, chatId };
}

it('never announces an invitation delivered after its own withdrawal', async () => {
  const client = await startClient({ folderPrefix: 'switchboard-late-' });
  const alerts = await signedIn(client);

  await deliver(client, [
    stateMessage('swapped-1', 'Revoked'),
    stateMessage('swapped-1', 'Invited'),
  ]);

  expect(invitesOf(alerts, 'swapped-1')).toBe(0);
  expect(rowOf(client, 'swapped-1')).toMatchObject({ state: 'Revoked', phase: 'ended' });
  expect(client.store.inbox(client.accountId).map((row) => row.id)).not.toContain('swapped-1');
});

it('announces an invitation once when it is delivered again after its withdrawal', async () => {
  const { client, alerts, chatId } = await chatOffered(60_000);
  client.simulator.control.revoke(chatId);
  await eventually(() => rowOf(client, chatId)?.state === 'Revoked', 'the withdrawal stored');

  await deliver(client, [stateMessage(chatId, 'Invited')]);

  expect(invitesOf(alerts, chatId)).toBe(1);
  expect(rowOf(client, chatId)).toMatchObject({ state: 'Revoked', phase: 'ended' });
});

it('does not reopen a chat for a line delivered after its end', async () => {
  const client = await startClient({ folderPrefix: 'switchboard-late-' });
  await signedIn(client);
  await deliver(client, [
    stateMessage('ended-1', 'Invited'),
    stateMessage('ended-1', 'Accepted'),
    stateMessage('ended-1', 'Completed'),
  ]);
  expect(rowOf(client, 'ended-1')).toMatchObject({ state: 'Completed', phase: 'ended' });

  await deliver(client, [stateMessage('ended-1', 'PropertiesChanged')]);

  expect(rowOf(client, 'ended-1')).toMatchObject({ state: 'Completed', phase: 'ended' });
  expect(client.store.inbox(client.accountId).map((row) => row.id)).not.toContain('ended-1');
});

it('still announces a real new offer of a withdrawn invitation, from the server’s list', async () => {
  const { client, alerts, chatId } = await chatOffered(200);
  client.simulator.control.revoke(chatId);

  await eventually(() => invitesOf(alerts, chatId) === 2, 'the new offer announced');
  expect(rowOf(client, chatId)).toMatchObject({ state: 'Invited', phase: 'invited' });
  expect(client.store.inbox(client.accountId).map((row) => row.id)).toContain(chatId);
});

it('keeps a chat the agent accepted when a withdrawal of its earlier offer comes late', async () => {
  const { client, alerts, chatId } = await chatOffered(60_000);
  expect((await createOperations(client.session.requester).accept(chatId)).ok).toBe(true);
  await eventually(() => rowOf(client, chatId)?.phase === 'working', 'the chat in hand');

  await deliver(client, [stateMessage(chatId, 'Revoked')]);

  expect(rowOf(client, chatId)).toMatchObject({ phase: 'working' });
  expect(client.store.inbox(client.accountId).map((row) => row.id)).toContain(chatId);
  expect(alerts.filter((alert) => alert.kind === 'revoke')).toEqual([]);
});

it('ends what the agent had when the server withdrew it indeed', async () => {
  const client = await startClient({ folderPrefix: 'switchboard-late-' });
  await signedIn(client);
  await deliver(client, [stateMessage('gone-1', 'Invited'), stateMessage('gone-1', 'Accepted')]);
  expect(rowOf(client, 'gone-1')).toMatchObject({ phase: 'working' });

  await deliver(client, [stateMessage('gone-1', 'Revoked')]);

  expect(rowOf(client, 'gone-1')).toMatchObject({ phase: 'ended' });
  expect(client.store.inbox(client.accountId).map((row) => row.id)).not.toContain('gone-1');
});

it('keeps a chat the agent accepted when its invitation is delivered again', async () => {
  const { client, alerts, chatId } = await chatOffered(60_000);
  expect((await createOperations(client.session.requester).accept(chatId)).ok).toBe(true);
  await eventually(() => rowOf(client, chatId)?.phase === 'working', 'the chat in hand');

  await deliver(client, [stateMessage(chatId, 'Invited')]);

  expect(rowOf(client, chatId)).toMatchObject({ phase: 'working' });
  expect(invitesOf(alerts, chatId)).toBe(1);
});

it('confirms a held-back withdrawal later when the server cannot give its list at once', async () => {
  const client = await startClient({ folderPrefix: 'switchboard-late-' });
  await signedIn(client);
  await deliver(client, [stateMessage('gone-2', 'Invited'), stateMessage('gone-2', 'Accepted')]);
  expect(rowOf(client, 'gone-2')).toMatchObject({ phase: 'working' });

  // The resync that was to confirm the withdrawal: its channels and its list both refused.
  client.simulator.control.failNextRequests(['unavailable', 'unavailable']);
  await deliver(client, [stateMessage('gone-2', 'Revoked')]);

  // Nothing else resyncs: the held-back withdrawal is confirmed once the server answers again.
  await eventually(() => rowOf(client, 'gone-2')?.phase === 'ended', 'the withdrawal confirmed');
  expect(client.store.inbox(client.accountId).map((row) => row.id)).not.toContain('gone-2');
});

function consultsOf(alerts: readonly PolicyEvent[], id: string): number {
  return alerts.filter((alert) => alert.kind === 'consult' && alert.interactionId === id).length;
}

/** Colleagues' sessions a test signed in, signed out after it (before the simulator closes). */
const colleagues: GwsSession[] = [];
afterEach(async () => {
  for (const session of colleagues.splice(0)) await session.signOut();
});

/**
 * A chat agent2 holds, agent2 (a second session on the same simulator) consulting agent1 (the
 * client with the cache) on it, and agent1 told of it once.
 */
async function consultedOnAChat(): Promise<{
  client: ClientWithCache;
  alerts: PolicyEvent[];
  colleague: ReturnType<typeof createOperations>;
  chatId: string;
}> {
  const client = await startClient({ folderPrefix: 'switchboard-late-' });
  const alerts = await signedIn(client);
  // agent1 takes no chat of its own: the customer's goes to agent2.
  expect((await createOperations(client.session.requester).setNotReady()).ok).toBe(true);
  const agent2 = new GwsSession({
    serverUrl: client.simulator.url,
    credentials: { userName: 'agent2', password: 'demo' },
  });
  expect((await agent2.signIn()).ok).toBe(true);
  colleagues.push(agent2);
  const colleague = createOperations(agent2.requester);
  expect((await colleague.setReady()).ok).toBe(true);
  const chatId = client.simulator.control.startChat({
    customerNickName: 'Tom Baker',
    subject: 'Where is my parcel?',
    firstMessage: 'Hello?',
  });
  await eventually(
    () => client.simulator.world.interactions.get(chatId)?.invitee === 'agent2',
    'the chat offered to agent2',
  );
  expect((await colleague.accept(chatId, 'Ann')).ok).toBe(true);
  expect((await colleague.startChatConsultation(chatId, 'agent1')).ok).toBe(true);
  await eventually(() => consultsOf(alerts, chatId) === 1, 'agent1 told of the consultation');
  return { client, alerts, colleague, chatId };
}

it('never announces a consultation delivered again after the consulted agent left it', async () => {
  const { client, alerts, chatId } = await consultedOnAChat();
  expect((await createOperations(client.session.requester).leaveChat(chatId)).ok).toBe(true);
  await eventually(() => rowOf(client, chatId)?.phase === 'ended', 'agent1 out of the chat');

  await deliver(client, [stateMessage(chatId, 'InvitedConference')]);

  expect(consultsOf(alerts, chatId)).toBe(1);
  expect(rowOf(client, chatId)).toMatchObject({ phase: 'ended' });
  expect(client.store.inbox(client.accountId).map((row) => row.id)).not.toContain(chatId);
});

it('still announces a colleague’s second consultation on the same chat, from the server’s list', async () => {
  const { client, alerts, colleague, chatId } = await consultedOnAChat();
  expect((await createOperations(client.session.requester).leaveChat(chatId)).ok).toBe(true);
  await eventually(() => rowOf(client, chatId)?.phase === 'ended', 'agent1 out of the chat');

  expect((await colleague.startChatConsultation(chatId, 'agent1')).ok).toBe(true);

  await eventually(() => consultsOf(alerts, chatId) === 2, 'the second consultation announced');
  expect(rowOf(client, chatId)).toMatchObject({ state: 'InvitedConference' });
  expect(client.store.inbox(client.accountId).map((row) => row.id)).toContain(chatId);
});
