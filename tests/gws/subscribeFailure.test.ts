import { CookieJar } from 'tough-cookie';
import { describe } from 'vitest';
import { NotificationConnection } from '../../main/gws/notifications';
import { createOperations } from '../../main/gws/operations';
import type { SubscribeFault } from '../../simulator/cometd';
import {
  clientTest as it,
  eventually,
  invitationReachesCache,
  signInReadyForChat,
  type StartClient,
} from '../support/clientWithCache';

// A handshake that worked, then subscriptions that did not: the desk said `connected` (its polls
// worked) and heard nothing until the next handshake, however long — an invitation never came.
// The connection now counts as connected only once the server has confirmed every
// subscription, says it is reconnecting (with the failure) meanwhile, subscribes again what
// failed, and has the session re-read the server, since what was said meanwhile went unheard.
// The real client and cache against the simulator, each way a subscription request can fail.
//
// The tests mostly wait (on retries, unanswered requests, handshakes), so they run three at a
// time (a describe's tests at once, one describe after another), each with a simulator, cache
// and session of its own (`startClient`). More at once starved the sign-in's 1.5 s bound on a
// loaded machine (three test files at once, as CI runs them).

const BOUND = 256 * 1024;
const MIB = 1024 * 1024;

type Fault = SubscribeFault | 'oversized';

const FAULTS: readonly { fault: Fault; reason: RegExp }[] = [
  { fault: 'oversized', reason: /^reconnecting: subscribing failed: .*larger than 256 kB$/u },
  { fault: 'unavailable', reason: /^reconnecting: subscribing failed: HTTP 503$/u },
  { fault: 'reset', reason: /^reconnecting: subscribing failed: socket hang up$/u },
  { fault: 'denied', reason: /^reconnecting: subscribing failed: 403::subscribe_denied$/u },
  {
    fault: 'silent',
    reason: /^reconnecting: subscribing failed: .*expired waiting for message replies/u,
  },
  // Answered, but by replies that match no request: the client never calls the subscription
  // back, and the desk said `reconnecting` for good (its polls working) and heard nothing.
  {
    fault: 'unconfirmed',
    reason: /^reconnecting: subscribing failed: no reply to the subscription in 3000 ms$/u,
  },
];

/** A client signed in and Ready for chat, its link up, with every status it told. */
async function readyClient(startClient: StartClient, folderPrefix: string) {
  const client = await startClient({
    folderPrefix,
    maxBackoffMs: 300,
    maxNotificationResponseBytes: BOUND,
    // A subscription request never answered fails after this long (10 s by default).
    maxNetworkDelayMs: 1500,
  });
  const statuses = await signInReadyForChat(client);
  return { ...client, statuses };
}

function planFault(simulator: { control: ControlWithFaults }, fault: Fault): void {
  if (fault === 'oversized') simulator.control.oversizeNextSubscribes(1, 256 * MIB);
  else simulator.control.failNextSubscribes([fault]);
}

interface ControlWithFaults {
  oversizeNextSubscribes(count: number, bytes: number): readonly number[];
  failNextSubscribes(faults: readonly SubscribeFault[]): void;
}

for (const faults of [FAULTS.slice(0, 3), FAULTS.slice(3)])
  describe(`subscriptions failing: ${faults.map(({ fault }) => fault).join(', ')}`, () => {
    for (const { fault, reason } of faults)
      it.concurrent(
        `hears invitations after a re-handshake whose subscriptions failed (${fault})`,
        { timeout: 45_000 },
        async ({ startClient, expect }) => {
          const client = await readyClient(startClient, `switchboard-subscribe-${fault}-`);
          const { simulator, session, statuses } = client;

          planFault(simulator, fault);
          const seen = statuses.length;
          simulator.control.dropCometdSessions();
          await eventually(
            () => session.notifications?.handshakeCount === 2,
            'the second handshake',
          );
          await eventually(() => session.status.state === 'connected', 'connected again', 20_000);

          const after = statuses.slice(seen);
          // Not connected until subscribed: the failure is said, and `connected` comes only after it.
          expect(after).toContainEqual(expect.stringMatching(reason));
          const failureSaid = after.findIndex((line) => reason.test(line));
          expect(
            after.slice(0, failureSaid).filter((line) => line.startsWith('connected')),
          ).toEqual([]);

          // The server holds the subscriptions (an invitation might reach the cache by the re-read
          // alone): a message on a channel the desk passes on unread reaches the one session.
          expect(
            simulator.control.injectNotification('agent1', '/v2/me/devices', { note: 'probe' }),
          ).toBe(1);
          await invitationReachesCache(
            client,
            'After the fault',
            'the invitation after the fault, in the cache',
          );
        },
      );
  });

describe('subscribing again, re-reading and fresh handshakes', () => {
  it.concurrent(
    're-reads the server once subscribed again: an invitation made while subscribing failed',
    async ({ startClient, expect }) => {
      const client = await readyClient(startClient, 'switchboard-subscribe-missed-');
      const { simulator, session } = client;
      const resynced: number[] = [];
      session.onGap((phase) => {
        if (phase === 'resynced') resynced.push(Date.now());
      });

      // Never answered: the subscriptions fail only once the client gives up on them (1.5 s).
      simulator.control.failNextSubscribes(['silent']);
      simulator.control.dropCometdSessions();
      await eventually(() => session.notifications?.handshakeCount === 2, 'the second handshake');
      // The re-handshake's own resync is done, the subscriptions not yet made.
      await eventually(() => resynced.length === 1, "the re-handshake's resync");
      expect(session.status.state).not.toBe('connected');
      await invitationReachesCache(
        client,
        'While subscribing',
        'the invitation made while subscribing failed, re-read',
      );
      expect(session.status.state).toBe('connected');
    },
  );

  it.concurrent(
    'hears invitations when the sign-in’s own subscriptions were refused',
    async ({ startClient, expect }) => {
      const client = await startClient({
        folderPrefix: 'switchboard-subscribe-first-',
        maxBackoffMs: 300,
      });
      const { simulator, session } = client;
      const statuses: string[] = [];
      session.onStatus((status) => statuses.push(`${status.state}: ${status.reason}`));
      simulator.control.failNextSubscribes(['denied']);
      expect((await session.signIn()).ok).toBe(true);
      expect((await createOperations(session.requester).setChannelReady('chat')).ok).toBe(true);
      await eventually(() => session.status.state === 'connected', 'connected');
      await invitationReachesCache(client, 'First', 'the invitation in the cache');
      expect(session.notifications?.handshakeCount).toBe(1);
      expect(statuses).toContain('connecting: subscribing failed: 403::subscribe_denied');
      expect(statuses.indexOf('connected: connected')).toBeGreaterThan(
        statuses.indexOf('connecting: subscribing failed: 403::subscribe_denied'),
      );
    },
  );

  // Alone, not beside the others: an uncaught exception of a test beside it would land in its
  // listener and fail it for the other's fault.
  it('waits out a denied handshake with a subscription to ask for again: no throw, heard after', async ({
    startClient,
    expect,
  }) => {
    const client = await readyClient(startClient, 'switchboard-subscribe-denied-');
    const { simulator, session } = client;
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      // Subscriptions keep failing, so one is always waiting to be asked for again...
      simulator.control.failNextSubscribes(Array.from({ length: 6 }, () => 'unavailable' as const));
      simulator.control.dropCometdSessions();
      await eventually(() => session.notifications?.handshakeCount === 2, 'the second handshake');
      await eventually(
        () => client.warnings.some((line) => line.includes('subscribing to')),
        'a subscription failed',
      );
      // ...when the HTTP session goes: the handshake is denied (the CometD client is then
      // disconnected), and signing in again takes a while (its first tries refused).
      simulator.control.afterNextDeniedHandshake(() => {
        simulator.control.failNextRequests(['unavailable', 'unavailable', 'unavailable']);
      });
      simulator.control.expireHttpSessions();
      simulator.control.dropCometdSessions();
      await eventually(
        () => session.notifications?.handshakeCount === 3,
        'signed in again',
        20_000,
      );
      await eventually(() => session.status.state === 'connected', 'connected again', 20_000);
      await invitationReachesCache(client, 'After the denial', 'the invitation after the denial');
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});

describe('subscribing streaks and whenSubscribed', () => {
  it.concurrent(
    'handshakes afresh after three failed rounds in a row, and hears invitations once they hold',
    async ({ startClient, expect }) => {
      const client = await readyClient(startClient, 'switchboard-subscribe-afresh-');
      const { simulator, session } = client;
      const handshakesBefore = session.notifications?.handshakeCount ?? 0;
      const resubscribed: number[] = [];
      session.onGap((phase) => {
        if (phase === 'resynced') resubscribed.push(Date.now());
      });

      // A session the server never confirms subscriptions for: asking again on it is not enough.
      simulator.control.failNextSubscribes(Array.from({ length: 7 }, () => 'denied' as const));
      simulator.control.dropCometdSessions();
      // The re-handshake's own rounds fail three times, then one made afresh, then another.
      await eventually(
        () => session.notifications?.handshakeCount === handshakesBefore + 3,
        'two handshakes made afresh',
        20_000,
      );
      await eventually(() => session.status.state === 'connected', 'connected again', 20_000);
      expect(resubscribed.length).toBeGreaterThanOrEqual(3);
      await invitationReachesCache(
        client,
        'After the fresh handshakes',
        'the invitation after the fresh handshakes, in the cache',
      );
    },
  );

  it.concurrent(
    'warns of a subscribing streak at its start, its fresh handshakes and its end; debug the rest',
    async ({ startClient, expect }) => {
      const client = await readyClient(startClient, 'switchboard-subscribe-quiet-');
      const { simulator, session, warnings, debugs } = client;
      const handshakesBefore = session.notifications?.handshakeCount ?? 0;
      const warnedBefore = warnings.length;

      simulator.control.failNextSubscribes(
        Array.from({ length: 10 }, () => 'unavailable' as const),
      );
      simulator.control.dropCometdSessions();
      await eventually(() => session.status.state === 'connected', 'connected again', 30_000);
      await eventually(
        () => warnings.some((line) => line.includes('subscribed again after')),
        'the end of the streak told',
      );

      const subscribing = warnings.slice(warnedBefore).filter((line) => line.includes('subscrib'));
      // Ten failed rounds: the first, the three fresh handshakes (after rounds 3, 6 and 9), the end.
      expect(subscribing).toHaveLength(5);
      expect(subscribing[0]).toMatch(/subscribing to .* failed \(HTTP 503\); trying again in/u);
      expect(subscribing.filter((line) => line.includes('handshaking afresh'))).toHaveLength(3);
      expect(subscribing.at(-1)).toMatch(
        /^notifications: subscribed again after "HTTP 503": subscribing failed for \d+\.\d s, 10 failed tries, 3 fresh handshakes$/u,
      );
      // The retries that are neither: rounds 2, 4, 5, 7, 8 and 10.
      expect(
        debugs.filter((line) => /subscribing to .* failed \(HTTP 503\)/u.test(line)),
      ).toHaveLength(6);
      // The dropped session's handshake, then one afresh after rounds 3, 6 and 9.
      expect(session.notifications?.handshakeCount).toBe(handshakesBefore + 4);
    },
  );

  // `whenSubscribed` (the first-login password change's own connection waits on it before asking,
  // so as not to miss the server's word) took any successful `/meta/subscribe` reply for a
  // confirmation, even one matching no request: it said subscribed while the server held none.
  it.concurrent(
    'waits in whenSubscribed for confirmations of its own requests, not replies matching none',
    async ({ startClient, expect }) => {
      const { simulator } = await startClient({ folderPrefix: 'switchboard-when-subscribed-' });
      const basic = Buffer.from('agent1:demo').toString('base64');
      const heard: string[] = [];
      const connection = new NotificationConnection(
        {
          apiUrl: simulator.apiUrl,
          jar: new CookieJar(),
          channels: ['/v2/me'],
          maxBackoffMs: 300,
          // Its unconfirmed subscription counts as failed after 2 s, and is asked for again.
          maxNetworkDelayMs: 1000,
          headers: () => ({ Authorization: `Basic ${basic}` }),
        },
        {
          message: (channel) => heard.push(channel),
          status: () => undefined,
          resubscribed: () => undefined,
          denied: () => undefined,
        },
      );
      try {
        simulator.control.failNextSubscribes(['unconfirmed']);
        const subscribed = connection.whenSubscribed(10_000);
        expect((await connection.connect()).ok).toBe(true);
        expect(await subscribed).toBe(true);
        // Subscribed when it said so: the server has a subscription to deliver on.
        expect(
          simulator.control.injectNotification('agent1', '/v2/me', { messageType: 'Test' }),
        ).toBe(1);
        await eventually(() => heard.includes('/v2/me'), 'the message heard');
      } finally {
        await connection.disconnect();
      }
    },
  );
});
