import type { OddConnectAnswer } from '../../simulator/cometd';
import {
  clientTest as it,
  eventually,
  invitationReachesCache,
  signInReadyForChat,
  type StartClient,
} from '../support/clientWithCache';

// A long poll the server answers oddly: advice to stop, to handshake, to wait ten minutes, a
// body that is not what Bayeux says. The real client and cache against the simulator.
//
// The tests mostly wait (on polls held a second, on paced handshakes), so they run at the same
// time, each with a simulator, cache and session of its own (`startClient`).

/** A client signed in and Ready for chat, its link up, with every status it told. */
async function readyClient(startClient: StartClient, folderPrefix: string) {
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
  it.concurrent(
    `hears invitations after a long poll answered with ${name}`,
    { timeout: 40_000 },
    async ({ startClient, expect }) => {
      const client = await readyClient(startClient, 'switchboard-odd-poll-');
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
      expect([...warnings, ...debugs].join('\n')).not.toMatch(
        /YWdlbnQxOmRlbW8|Basic |JSESSIONID=/u,
      );
      // Nothing stored was lost on the way.
      expect(store.liveInteractions(accountId, 1000).length).toBe(before + 1);
    },
  );

// Every long poll fails asking for a handshake, the handshakes succeed: GWS behind a load
// balancer without session affinity (each poll lands on a node that never saw the session), or
// a server ending every session it opens. Unpaced, the desk handshook and polled again at once,
// hundreds of times a second.

/** How long the fault lasts. */
const FAULT_MS = 5000;

const LASTING_FAULTS: readonly { name: string; answer: OddConnectAnswer }[] = [
  { name: '402 unknown client', answer: { sessionUnknown: true } },
  { name: 'advice reconnect none', answer: { advice: { reconnect: 'none' } } },
];

for (const { name, answer } of LASTING_FAULTS)
  it.concurrent(
    `paces the handshakes while every poll is answered ${name}, then hears invitations again`,
    { timeout: 60_000 },
    async ({ startClient, expect }) => {
      // Back-off increments of 300 ms.
      const client = await readyClient(startClient, 'switchboard-handshake-loop-');
      const { simulator, session, store, accountId, warnings, debugs, statuses } = client;
      const connection = session.notifications;
      if (connection === null) throw new Error('no notification connection');
      const seen = statuses.length;
      const warned = warnings.length;
      const debugged = debugs.length;
      const handshakesBefore = connection.handshakeCount;
      simulator.control.answerPollsOddlyFor(answer, FAULT_MS);
      await new Promise((resolve) => setTimeout(resolve, FAULT_MS));
      const handshakesInFault = connection.handshakeCount - handshakesBefore;
      // Doubling from 300 ms: 0, 300, 600, 1200, 2400 ms apart (the first poll may hold a second).
      // Unpaced: 361 to 468 in 5 s on a loaded two-core machine.
      expect(handshakesInFault, 'handshakes during the fault').toBeGreaterThanOrEqual(3);
      expect(handshakesInFault, 'handshakes during the fault').toBeLessThanOrEqual(6);
      // The desk said it lost the link, and then that it was offline (three failures in a row).
      expect(statuses.slice(seen).some((line) => line.startsWith('reconnecting: '))).toBe(true);
      expect(statuses.slice(seen).some((line) => line.startsWith('offline: '))).toBe(true);
      const before = store.liveInteractions(accountId, 1000).length;
      // The fault over: the next paced handshake (at most 4.8 s off) holds, and the desk hears.
      await eventually(() => session.status.state === 'connected', 'connected again', 15_000);
      await invitationReachesCache(client, `After ${name}`, `the invitation after ${name}`, 10_000);
      expect(store.liveInteractions(accountId, 1000).length).toBe(before + 1);
      expect(connection.handshakeCount - handshakesBefore).toBeLessThanOrEqual(7);
      // The log told the streak's start and its end as warnings, the handshakes between as debug.
      const streakWarnings = warnings.slice(warned).filter((line) => line.includes('handshak'));
      expect(streakWarnings).toHaveLength(2);
      expect(streakWarnings[0]).toMatch(/handshaking again in \d+ ms/u);
      expect(streakWarnings[1]).toMatch(
        /a poll holds again after .* \d+ paced handshakes no poll held/u,
      );
      expect(
        debugs.slice(debugged).filter((line) => line.includes('handshaking again in')).length,
      ).toBeGreaterThanOrEqual(1);
      expect(warnings.length - warned).toBeLessThanOrEqual(4);
      expect(debugs.length - debugged).toBeLessThanOrEqual(4 * handshakesInFault + 10);
    },
  );

// "Reconnect now" (the desk's banner, as a resume from sleep or the network back) while a paced
// handshake waits: the client, "handshaking", had no poll to drop, and the desk waited out the
// pause (up to a minute) though the server was back. Alone, not beside the others: its bound of
// 1.2 s (against the 2.4 s pause) is wall-clock time, which tests beside it on one event loop
// stretch on a loaded machine.
it('handshakes at once when asked to reconnect during a paced pause, not after it', async ({
  startClient,
  expect,
}) => {
  const client = await readyClient(startClient, 'switchboard-reconnect-now-');
  const { simulator, session, debugs } = client;
  const connection = session.notifications;
  if (connection === null) throw new Error('no notification connection');
  simulator.control.answerPollsOddlyFor({ sessionUnknown: true }, 60_000);
  // Pauses of 300, 600, 1200, 2400 ms: the fourth is long enough to tell from an answer at once.
  await eventually(
    () => debugs.some((line) => line.includes('handshaking again in 2400 ms')),
    'a pause of 2.4 s',
    20_000,
  );
  simulator.control.answerPollsOddlyFor({ sessionUnknown: true }, 0);
  const handshakesBefore = connection.handshakeCount;
  const askedAt = performance.now();
  const checked = session.checkConnection();
  await eventually(() => session.status.state === 'connected', 'connected again', 10_000);
  const tookMs = performance.now() - askedAt;
  expect((await checked).ok).toBe(true);
  // One handshake, made at once: connected within a second, not after the 2.4 s pause.
  expect(tookMs, 'ms from "Reconnect now" to connected').toBeLessThan(1200);
  expect(connection.handshakeCount).toBe(handshakesBefore + 1);
  await invitationReachesCache(client, 'After reconnect now', 'the invitation after it');
});
// The handshake's reply carries advice too, and the client keeps an advised interval for every
// poll after it (the connect replies advise nothing more): its first poll waited ten minutes,
// the desk not connected and hearing nothing, and so would every poll after it.
it.concurrent(
  'hears invitations when the handshake advises 10 minutes between polls',
  async ({ startClient, expect }) => {
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
  },
);

// A successful handshake advised to stop (`reconnect: none`) or to handshake again had the client
// stop for good (or throw): the desk said `connecting: handshake` or `reconnecting` for good,
// hearing nothing. A sign-in's own handshake now fails, saying why; a re-handshake's is made again.
for (const reconnect of ['none', 'handshake'])
  it.concurrent(
    `a sign-in's handshake advised reconnect ${reconnect} fails, saying so`,
    async ({ startClient, expect }) => {
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
    },
  );

for (const reconnect of ['none', 'handshake'])
  it.concurrent(
    `hears invitations after a re-handshake advised reconnect ${reconnect}`,
    { timeout: 40_000 },
    async ({ startClient, expect }) => {
      const client = await readyClient(startClient, 'switchboard-odd-rehandshake-');
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
