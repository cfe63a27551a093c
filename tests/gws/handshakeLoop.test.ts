import { expect, it } from 'vitest';
import type { OddConnectAnswer } from '../../simulator/cometd';
import {
  eventually,
  invitationReachesCache,
  signInReadyForChat,
  useClientWithCache,
} from '../support/clientWithCache';

// Every long poll fails asking for a handshake, the handshakes succeed: GWS behind a load
// balancer without session affinity (each poll lands on a node that never saw the session), or
// a server ending every session it opens. Unpaced, the desk handshook and polled again at once,
// hundreds of times a second. The real client and cache against the simulator.

const startClient = useClientWithCache();

/** How long the fault lasts. */
const FAULT_MS = 5000;

const FAULTS: readonly { name: string; answer: OddConnectAnswer }[] = [
  { name: '402 unknown client', answer: { sessionUnknown: true } },
  { name: 'advice reconnect none', answer: { advice: { reconnect: 'none' } } },
];

for (const { name, answer } of FAULTS)
  it(
    `paces the handshakes while every poll is answered ${name}, then hears invitations again`,
    { timeout: 60_000 },
    async () => {
      const client = await startClient({
        folderPrefix: 'switchboard-handshake-loop-',
        // Polls held a second; back-off increments of 300 ms.
        simulator: { connectTimeoutMs: 1000 },
        maxBackoffMs: 300,
        maxNetworkDelayMs: 1500,
      });
      const { simulator, session, store, accountId, warnings, debugs } = client;
      const statuses = await signInReadyForChat(client);
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
