import { expect, it } from 'vitest';
import { createOperations } from '../../main/gws/operations';
import { splitAddressList } from '../../common/addressLists';
import { eventually, useClientWithCache } from '../support/clientWithCache';

// A customer copies people whose names hold a comma, as Outlook writes them in an address book
// ("Jensen, Peter" <peter@example.com>). The server passes To and Cc on as one string with
// commas between the addresses (003 `toAddress`). Through the real path: the simulator's
// notification over CometD, the session, the writer on a real SQLite file.

const startClient = useClientWithCache();

/** A client signed in, connected and Ready, on a cache of its own. */
async function readyClient(folderPrefix: string) {
  const client = await startClient({ folderPrefix });
  expect((await client.session.signIn()).ok).toBe(true);
  await eventually(() => client.session.status.state === 'connected', 'connected');
  const operations = createOperations(client.session.requester);
  expect((await operations.setReady()).ok).toBe(true);
  return { ...client, operations };
}

it('keeps a quoted name with a comma as one address, in the e-mail and in its Reply all', async () => {
  const { simulator, writer, operations } = await readyClient('switchboard-mail-addresses-');
  const id = simulator.control.receiveEmail({
    from: 'maria@example.com',
    to: ['support@switchboard.example', '"Jensen, Peter" <peter@example.com>'],
    cc: ['"Lee, Ann \\"Annie\\"" <ann@example.com>', 'bob+orders@example.com'],
    subject: 'Order 1182',
    text: 'Please send the invoice to all of us.',
  });
  await eventually(() => writer.interaction(id) !== undefined, 'the invitation');
  expect((await operations.accept(id)).ok).toBe(true);
  await eventually(() => writer.interaction(id)?.email !== undefined, 'the e-mail');
  const email = writer.interaction(id)?.email;
  expect(email?.to).toEqual(['support@switchboard.example', '"Jensen, Peter" <peter@example.com>']);
  expect(email?.cc).toEqual(['"Lee, Ann \\"Annie\\"" <ann@example.com>', 'bob+orders@example.com']);
  expect(writer.interaction(id)?.to).toEqual(email?.to);

  // The Reply all copies the Cc as it was.
  const started = await operations.replyAll(id, {});
  if (!started.ok || started.value === undefined) throw new Error('Reply all made no draft');
  const draftId = started.value;
  await eventually(() => writer.interaction(draftId)?.email !== undefined, 'the draft');
  const draft = writer.interaction(draftId);
  expect(draft?.email?.cc).toEqual(email?.cc);
  // The composer fills its Cc field with the list joined, and reads the field back the same way.
  const ccField = (draft?.email?.cc ?? []).join(', ');
  expect(splitAddressList(ccField, { lineBreaks: true })).toEqual(email?.cc);
});

it("names a group's members as the e-mail's recipients, and nobody for undisclosed-recipients", async () => {
  // A customer who wrote to the mailbox by Bcc alone sends `To: undisclosed-recipients:;` (an
  // empty group, RFC 5322 3.4); one writing to a team may name it as a group. Taken for an
  // address, the group's name went into a Reply all's Cc, which Send refused.
  const { simulator, writer, operations } = await readyClient('switchboard-mail-groups-');
  const id = simulator.control.receiveEmail({
    from: 'maria@example.com',
    to: ['undisclosed-recipients:;'],
    cc: ['Order team: ann@example.com, "Lee, Bo" <bo@example.com>;'],
    subject: 'Order 1183',
    text: 'Sent to you in Bcc.',
  });
  await eventually(() => writer.interaction(id) !== undefined, 'the invitation');
  expect((await operations.accept(id)).ok).toBe(true);
  await eventually(() => writer.interaction(id)?.email !== undefined, 'the e-mail');
  const email = writer.interaction(id)?.email;
  expect({ to: email?.to, cc: email?.cc }).toEqual({
    to: [],
    cc: ['ann@example.com', '"Lee, Bo" <bo@example.com>'],
  });
});
