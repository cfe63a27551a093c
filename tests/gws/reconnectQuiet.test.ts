import { expect, it } from 'vitest';
import type { GwsEvent } from '../../common/model';
import { createOperations } from '../../main/gws/operations';
import { eventually, useClientWithCache } from '../support/clientWithCache';

// A reconnect brings nothing new about a chat in hand: the resync's list says Accepted, and the
// history the desk asks for each live chat comes back as PropertiesChanged (000's dialect, the
// simulator's default), as every chat line did. Neither may move the chat's last-change time:
// the inbox is ordered by it and shows it, so every reconnect reordered the agent's chats and
// showed the reconnect's time as their last activity.

const startClient = useClientWithCache();

it('leaves the times and the order of the chats in hand as they were across a reconnect', async () => {
  const { simulator, store, accountId, session, writer } = await startClient({
    folderPrefix: 'switchboard-reconnect-quiet-',
  });
  expect((await session.signIn()).ok).toBe(true);
  const ops = createOperations(session.requester);
  expect((await ops.setChannelReady('chat')).ok).toBe(true);
  const stored: GwsEvent[] = [];
  writer.onStored((events) => stored.push(...events));
  const inHand = async (customerNickName: string): Promise<string> => {
    const id = simulator.control.startChat({
      customerNickName,
      subject: 'Parcel',
      firstMessage: 'Hi',
    });
    await eventually(() => session.interactions.get(id)?.state === 'Invited', 'the invitation');
    expect((await ops.accept(id, undefined)).ok).toBe(true);
    simulator.control.customerSays(id, `${customerNickName} again`);
    await eventually(
      () =>
        store
          .interaction(accountId, id)
          ?.transcript.some((line) => line.text?.endsWith('again')) === true,
      `${customerNickName}'s second line`,
    );
    return id;
  };
  const tom = await inHand('Tom');
  const ana = await inHand('Ana');
  const inbox = () => store.inbox(accountId).map((row) => [row.id, row.updatedAt, row.state]);
  const before = inbox();
  expect(before.map(([id]) => id)).toEqual([ana, tom]);

  const fromNow = stored.length;
  const updatesOf = (id: string) =>
    stored
      .slice(fromNow)
      .filter((event) => event.type === 'interactionUpdated' && event.interaction.id === id)
      .map((event) => (event.type === 'interactionUpdated' ? event.interaction.state : ''));
  await simulator.control.restart(300);
  // Each chat heard of twice: in the resync's list, then in its history's answer.
  await eventually(
    () => [tom, ana].every((id) => updatesOf(id).length >= 2),
    'the resync and the histories stored',
  );
  expect(updatesOf(tom)).toEqual(expect.arrayContaining(['Accepted', 'PropertiesChanged']));

  expect(inbox()).toEqual(before);
});
