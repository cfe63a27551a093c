import { expect, it } from 'vitest';
import { createOperations } from '../../main/gws/operations';
import { eventually, useClientWithCache } from '../support/clientWithCache';

// cometd-nodejs-client holds a CometD answer in one string, read without a limit: a server or a
// proxy streaming a huge or endless body grew the main process until V8's string limit threw
// in the client's 'data' handler, an uncaught exception. The connection now cuts any answer
// over its bound (`maxNotificationResponseBytes`), says so on the status and in one warning,
// handshakes afresh and re-reads the server. The real client and cache against the simulator.

const startClient = useClientWithCache();

const BOUND = 256 * 1024;
const MIB = 1024 * 1024;

it('cuts an endless long-poll answer off near its bound, says so, and recovers', async () => {
  const { simulator, store, accountId, session, warnings } = await startClient({
    folderPrefix: 'switchboard-oversized-poll-',
    simulator: { connectTimeoutMs: 1000 },
    maxBackoffMs: 300,
    maxNotificationResponseBytes: BOUND,
  });
  const statuses: string[] = [];
  session.onStatus((status) => statuses.push(`${status.state}: ${status.reason}`));
  expect((await session.signIn()).ok).toBe(true);
  const ops = createOperations(session.requester);
  expect((await ops.setChannelReady('chat')).ok).toBe(true);
  await eventually(() => session.status.state === 'connected', 'connected');

  // 256 MiB that never closes its JSON, as a proxy gone wrong would stream it: the answer to
  // the next poll, once the one under way has run out (a second).
  const written = simulator.control.oversizeNextPolls(1, 256 * MIB);
  // The server stops writing once its connection goes: what the kernel's buffers took, not the
  // body (which the client, unbounded, read to the end).
  await eventually(() => written.length === 1, 'the oversized answer begun');
  let before = -1;
  while (written[0] !== before) {
    before = written[0] ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  expect(written[0]).toBeLessThan(32 * MIB);
  const cut = warnings.filter((line) => line.includes('cut off an answer'));
  expect(cut).toHaveLength(1);
  // Read up to the bound and at most a few socket reads past it, never the body.
  const [, readText] = /cut off an answer at ([\d.]+) kB, over the bound of 256 kB;/u.exec(
    cut[0] ?? '',
  ) ?? [undefined, 'none'];
  expect(Number(readText) * 1024).toBeGreaterThan(BOUND);
  expect(Number(readText) * 1024).toBeLessThan(BOUND + 256 * 1024);
  expect(cut[0]).not.toContain('filler');
  await eventually(
    () =>
      statuses.some(
        (line) => line.startsWith('reconnecting: ') && line.includes('larger than 256 kB'),
      ),
    'the status naming the oversized answer',
  );

  await eventually(() => session.status.state === 'connected', 'connected again');
  expect(session.notifications?.handshakeCount).toBe(2);
  const id = simulator.control.startChat({
    customerNickName: 'Tom',
    subject: 'Parcel',
    firstMessage: 'Hi',
  });
  await eventually(
    () => store.interaction(accountId, id)?.state === 'Invited',
    'the invitation after the fault, in the cache',
  );
});

/** A client with the small bound, signed in, Ready, with a chat accepted and its link up. */
async function acceptedChatClient(folderPrefix: string) {
  const client = await startClient({
    folderPrefix,
    maxBackoffMs: 300,
    maxNotificationResponseBytes: BOUND,
  });
  const { simulator, session } = client;
  expect((await session.signIn()).ok).toBe(true);
  const ops = createOperations(session.requester);
  expect((await ops.setChannelReady('chat')).ok).toBe(true);
  const id = simulator.control.startChat({
    customerNickName: 'Tom',
    subject: 'Parcel',
    firstMessage: 'Hi',
  });
  await eventually(() => session.interactions.get(id)?.state === 'Invited', 'the invitation');
  expect((await ops.accept(id, undefined)).ok).toBe(true);
  await eventually(() => session.status.state === 'connected', 'connected');
  return { ...client, id };
}

it('re-reads what a burst too large for one answer brought, instead of asking for it again and again', async () => {
  const { simulator, store, accountId, session, warnings, id } = await acceptedChatClient(
    'switchboard-oversized-burst-',
  );

  // 000's dialect repeats the whole transcript in each line's notification: 40 lines of 1 kB
  // said at once weigh some 800 kB in one answer, each notification under 50 kB.
  const line = (n: number) => `Line ${n}: ${'where is my parcel? '.repeat(50)}`;
  for (let n = 1; n <= 40; n += 1) simulator.control.customerSays(id, line(n));
  await eventually(
    () => warnings.some((warning) => warning.includes('cut off an answer')),
    'the burst cut off',
  );
  await eventually(
    () =>
      store.interaction(accountId, id)?.transcript.some((said) => said.text === line(40)) === true,
    'the burst re-read into the cache',
  );
  await eventually(() => session.status.state === 'connected', 'connected again');
  simulator.control.customerSays(id, 'after the burst');
  await eventually(
    () =>
      store
        .interaction(accountId, id)
        ?.transcript.some((said) => said.text === 'after the burst') === true,
    'a line after the burst, in the cache',
  );
  expect(session.notifications?.handshakeCount).toBeGreaterThan(1);
});

it('counts each answer alone: a kept-alive connection carries answers under the bound that sum far past it', async () => {
  const { simulator, store, accountId, session, warnings, id } = await acceptedChatClient(
    'switchboard-oversized-keepalive-',
  );

  // One line of 20 kB at a time, each in its own answer: the notification of line n carries the
  // whole transcript (000's dialect), at most about 160 kB, under the bound; together some
  // 720 kB, almost three bounds, on the poll's kept-alive connection.
  const line = (n: number) => `Line ${n}: ${'x'.repeat(20 * 1024)}`;
  for (let n = 1; n <= 8; n += 1) {
    simulator.control.customerSays(id, line(n));
    await eventually(
      () =>
        store.interaction(accountId, id)?.transcript.some((said) => said.text === line(n)) === true,
      `line ${String(n)} in the cache`,
    );
  }
  expect(warnings.filter((warning) => warning.includes('cut off an answer'))).toEqual([]);
  expect(session.notifications?.handshakeCount).toBe(1);
  expect(session.status.state).toBe('connected');
});

it("keeps a cut-off answer's reason to its own failure: not the reason of a later, unrelated one", async () => {
  // An answer cut off that is no poll's nor handshake's (the subscriptions after a handshake)
  // fails no request the connection's state follows: its reason was kept, and the next failure
  // of any kind, after the link had worked again, was told as "an answer larger than …".
  const { simulator, session, warnings } = await startClient({
    folderPrefix: 'switchboard-oversized-subscribe-',
    maxBackoffMs: 300,
    maxNotificationResponseBytes: BOUND,
  });
  const statuses: string[] = [];
  session.onStatus((status) => statuses.push(`${status.state}: ${status.reason}`));
  expect((await session.signIn()).ok).toBe(true);
  await eventually(() => session.status.state === 'connected', 'connected');

  simulator.control.oversizeNextSubscribes(1, 256 * MIB);
  simulator.control.dropCometdSessions();
  await eventually(
    () => warnings.some((line) => line.includes('cut off an answer')),
    'the subscriptions answer cut off',
  );
  await eventually(() => session.notifications?.handshakeCount === 2, 'the second handshake');
  await eventually(() => session.status.state === 'connected', 'connected again');

  // A failure that has nothing to do with it: the server forgets its clients.
  const seen = statuses.length;
  simulator.control.dropCometdSessions();
  await eventually(() => session.notifications?.handshakeCount === 3, 'the third handshake');
  await eventually(() => session.status.state === 'connected', 'connected once more');
  const later = statuses.slice(seen).filter((line) => !line.startsWith('connected'));
  expect(later.length).toBeGreaterThan(0);
  for (const line of later) expect(line).not.toContain('larger than');
});

it('makes the subscriptions again when their answer was cut off: the desk hears the server again', async () => {
  // The subscriptions' answer cut off failed them, and the client dropped them, while its polls
  // went on working: the desk said `connected` and heard no invitation until the next handshake.
  const { simulator, store, accountId, session, warnings } = await startClient({
    folderPrefix: 'switchboard-oversized-subscribe-again-',
    maxBackoffMs: 300,
    maxNotificationResponseBytes: BOUND,
  });
  expect((await session.signIn()).ok).toBe(true);
  expect((await createOperations(session.requester).setChannelReady('chat')).ok).toBe(true);
  await eventually(() => session.status.state === 'connected', 'connected');

  simulator.control.oversizeNextSubscribes(1, 256 * MIB);
  simulator.control.dropCometdSessions();
  await eventually(() => session.notifications?.handshakeCount === 2, 'the second handshake');
  // Said while the subscriptions are lost: read again once they are made again.
  const meanwhile = simulator.control.startChat({
    customerNickName: 'Tom',
    subject: 'Parcel',
    firstMessage: 'Hi',
  });
  await eventually(
    () => warnings.some((line) => line.includes('failed (') && line.includes('trying again in')),
    'the lost subscriptions told',
  );
  await eventually(
    () => store.interaction(accountId, meanwhile)?.state === 'Invited',
    'the invitation said while the subscriptions were lost, in the cache',
  );
  // Heard as it is said, not only read again: its end reaches the cache.
  expect(simulator.control.revoke(meanwhile)).toBe(true);
  await eventually(
    () => store.interaction(accountId, meanwhile)?.state === 'Revoked',
    'the invitation withdrawn, heard',
  );
  // One warning for the batch of them, not one per channel.
  expect(
    warnings.filter((line) => line.includes('failed (') && line.includes('trying again in')),
  ).toHaveLength(1);
  expect(session.notifications?.handshakeCount).toBe(2);
  expect(session.status.state).toBe('connected');
});
