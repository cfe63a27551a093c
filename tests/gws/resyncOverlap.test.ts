import { describe, expect, it } from 'vitest';
import { createOperations } from '../../main/gws/operations';
import type { PolicyEvent } from '../../main/workstation/policy';
import { eventually, useClientWithCache, type ClientWithCache } from '../support/clientWithCache';

// A resync reads the agent's interactions (GET /me/interactions) while notifications keep
// coming: what a notification said while the list was on its way is newer than the list.

const client = useClientWithCache();

/** agent1 signed in and Ready, with the invitations its cache writer announced. */
async function readyClient(): Promise<ClientWithCache & { invites: () => string[] }> {
  const started = await client();
  const alerts: PolicyEvent[] = [];
  started.writer.onCommit((commit) => alerts.push(...commit.alerts));
  expect((await started.session.signIn()).ok).toBe(true);
  expect((await createOperations(started.session.requester).setReady()).ok).toBe(true);
  const invites = () =>
    alerts.filter((alert) => alert.kind === 'invite').map((alert) => alert.interactionId);
  return { ...started, invites };
}

/**
 * The server's answer to the next resync's list is held until `meanwhile` ran (on the server, once it
 * had answered) and the session's cache holds what it brought: a slow network, with the
 * notifications' long poll faster than the list's answer.
 */
function listAnsweredBefore({ session }: ClientWithCache, meanwhile: () => Promise<void>): void {
  const get = session.http.get.bind(session.http);
  session.http.get = async (path) => {
    const answer = await get(path);
    if (path.startsWith('/me/interactions')) {
      // Once: the next resync's list is answered in time.
      session.http.get = get;
      await meanwhile();
    }
    return answer;
  };
}

describe("a resync's list older than the notifications", () => {
  it('does not offer again, nor announce, an invitation withdrawn while the list was on its way', async () => {
    const started = await readyClient();
    const { simulator, session, store, accountId, invites } = started;
    const stateOf = (id: string) => store.interactionRecord(accountId, id)?.state;
    const id = simulator.control.receiveEmail({ from: 'a@example.com', subject: 'S', text: 'T' });
    await eventually(() => stateOf(id) === 'Invited', 'the invitation');
    listAnsweredBefore(started, async () => {
      expect(simulator.control.revoke(id)).toBe(true);
      await eventually(() => stateOf(id) === 'Revoked', 'the withdrawal');
    });

    expect((await session.resync()).ok).toBe(true);
    expect(stateOf(id)).toBe('Revoked');
    expect(session.interactions.has(id)).toBe(false);
    expect(invites()).toEqual([id]);
  });

  it('keeps an invitation that arrived while the list was on its way', async () => {
    const started = await readyClient();
    const { simulator, session, store, accountId, invites } = started;
    const stateOf = (id: string) => store.interactionRecord(accountId, id)?.state;
    let id = '';
    listAnsweredBefore(started, async () => {
      id = simulator.control.startChat({ customerNickName: 'Tom', subject: 'Hello' });
      await eventually(() => stateOf(id) === 'Invited', 'the invitation');
    });

    expect((await session.resync()).ok).toBe(true);
    expect(stateOf(id)).toBe('Invited');
    expect(session.interactions.get(id)).toEqual({ state: 'Invited' });
    expect(invites()).toEqual([id]);
  });
});
