import { expect, it } from 'vitest';
import type { OddConnectAnswer } from '../../simulator/cometd';
import {
  eventually,
  invitationReachesCache,
  signInReadyForChat,
  useClientWithCache,
} from '../support/clientWithCache';

// A long poll the server answers oddly: advice to stop, to handshake, to wait ten minutes, a
// body that is not what Bayeux says. The real client and cache against the simulator.

const startClient = useClientWithCache();

/** A client signed in and Ready for chat, its link up, with every status it told. */
async function readyClient(folderPrefix: string) {
  const client = await startClient({
    folderPrefix,
    // Polls held a second: the odd answer comes soon.
    simulator: { connectTimeoutMs: 1000 },
    maxBackoffMs: 300,
    maxNetworkDelayMs: 1500,
  });
  const statuses = await signInReadyForChat(client);
  return { ...client, statuses };
}

/**
 * Each odd answer, and what the desk says of it: `said`, the status a re-handshake is told with
 * (the client stopped polling, told `none` or a `handshake` it does not know on a successful
 * poll); `undefined`, a poll that just failed or was slow and is made again on the session.
 */
const ODD_ANSWERS: readonly { name: string; answer: OddConnectAnswer; said?: string }[] = [
  {
    name: 'advice reconnect none',
    answer: { advice: { reconnect: 'none' } },
    said: 'reconnecting: the server ended the notification session',
  },
  {
    name: 'advice reconnect handshake',
    answer: { advice: { reconnect: 'handshake' } },
    said: 'reconnecting: the server asked for a new handshake',
  },
  { name: 'advice timeout 0', answer: { advice: { timeout: 0 } } },
  // The client would wait that long before its next poll, saying `connected`.
  { name: 'advice interval 10 minutes', answer: { advice: { interval: 600_000 } } },
  { name: 'a body that is not JSON', answer: { body: '<html>Gateway</html>' } },
  { name: 'an empty array', answer: { body: '[]' } },
  { name: 'an object', answer: { body: '{}' } },
  { name: 'an object on /meta/connect', answer: { body: '{"channel":"/meta/connect"}' } },
  // The HTTP session expired, or its CSRF token with it: renewed, the CometD session lives on.
  { name: 'HTTP 401', answer: { status: 401 } },
  { name: 'HTTP 403', answer: { status: 403 } },
];

for (const { name, answer, said } of ODD_ANSWERS)
  it(`hears invitations after a long poll answered with ${name}`, { timeout: 40_000 }, async () => {
    const client = await readyClient('switchboard-odd-poll-');
    const { simulator, session, statuses, store, accountId, warnings, debugs } = client;
    const seen = statuses.length;
    const before = store.liveInteractions(accountId, 1000).length;
    simulator.control.answerNextPollsOddly([answer]);
    // The odd answer taken (polls are held a second), whatever the desk made of it.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await invitationReachesCache(client, `After ${name}`, `the invitation after ${name}`, 15_000);
    await eventually(() => session.status.state === 'connected', 'connected again');
    expect(session.notifications?.cometdStatus).not.toBe('disconnected');
    // A re-handshake told as `said`; otherwise the poll made again on the same session.
    expect(session.notifications?.handshakeCount).toBe(said === undefined ? 1 : 2);
    expect(statuses.slice(seen).filter((line) => line === said)).toHaveLength(
      said === undefined ? 0 : 1,
    );
    // Nothing secret logged: the Basic credentials (agent1:demo), a cookie.
    expect([...warnings, ...debugs].join('\n')).not.toMatch(/YWdlbnQxOmRlbW8|Basic |JSESSIONID=/u);
    // Nothing stored was lost on the way.
    expect(store.liveInteractions(accountId, 1000).length).toBe(before + 1);
  });

// The handshake's reply carries advice too, and the client keeps an advised interval for every
// poll after it (the connect replies advise nothing more): its first poll waited ten minutes,
// the desk not connected and hearing nothing, and so would every poll after it.
it('hears invitations when the handshake advises 10 minutes between polls', async () => {
  const client = await startClient({
    folderPrefix: 'switchboard-odd-handshake-',
    simulator: { connectTimeoutMs: 1000 },
    maxBackoffMs: 300,
    maxNetworkDelayMs: 1500,
  });
  client.simulator.control.adviseNextHandshakes([{ interval: 600_000 }]);
  await signInReadyForChat(client);
  // Polls held a second: a few of them come and go, each at once after the last.
  await new Promise((resolve) => setTimeout(resolve, 2500));
  await invitationReachesCache(client, 'After the handshake', 'the invitation', 15_000);
  expect(client.session.notifications?.handshakeCount).toBe(1);
});

// A successful handshake advised to stop (`reconnect: none`) or to handshake again had the client
// stop for good (or throw): the desk said `connecting: handshake` or `reconnecting` for good,
// hearing nothing. A sign-in's own handshake now fails, saying why; a re-handshake's is made again.
for (const reconnect of ['none', 'handshake'])
  it(`a sign-in's handshake advised reconnect ${reconnect} fails, saying so`, async () => {
    const client = await startClient({
      folderPrefix: 'switchboard-odd-handshake-',
      maxBackoffMs: 300,
      maxNetworkDelayMs: 1500,
    });
    client.simulator.control.adviseNextHandshakes([{ reconnect }]);
    const signedIn = await client.session.signIn();
    expect(signedIn.ok ? 'signed in' : signedIn.error.message).toMatch(
      reconnect === 'none'
        ? /the server ended the notification session/u
        : /the server asked for a new handshake/u,
    );
    // The agent signs in again, the server now as it should be.
    await signInReadyForChat(client);
    await invitationReachesCache(client, 'Signed in again', 'the invitation', 15_000);
  });

for (const reconnect of ['none', 'handshake'])
  it(
    `hears invitations after a re-handshake advised reconnect ${reconnect}`,
    { timeout: 40_000 },
    async () => {
      const client = await readyClient('switchboard-odd-rehandshake-');
      // A poll asks for a new handshake; its reply says to stop, or to handshake again.
      client.simulator.control.adviseNextHandshakes([{ reconnect }]);
      client.simulator.control.answerNextPollsOddly([{ advice: { reconnect: 'handshake' } }]);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await invitationReachesCache(client, 'After the handshake', 'the invitation', 15_000);
      await eventually(() => client.session.status.state === 'connected', 'connected again');
      // The advised handshake failed; the one after it worked.
      expect(client.session.notifications?.handshakeCount).toBe(2);
    },
  );
