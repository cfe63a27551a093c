import { expect, it } from 'vitest';
import { createOperations } from '../../main/gws/operations';
import { eventually, useClientWithCache } from '../support/clientWithCache';

// Some e-mail servers pass a subject and a sender's name on as the header had them, RFC 2047
// encoded words and all. Through the real path: the simulator's notification over CometD, the
// session, the writer on a real SQLite file with the search worker beside it.

const startClient = useClientWithCache();

it('shows, keeps and finds an encoded subject, sender name and file names decoded', async () => {
  const { session, simulator, writer } = await startClient({
    folderPrefix: 'switchboard-encoded-headers-',
    searchWorker: true,
  });
  expect((await session.signIn()).ok).toBe(true);
  await eventually(() => session.status.state === 'connected', 'connected');
  const operations = createOperations(session.requester);
  expect((await operations.setReady()).ok).toBe(true);
  const id = simulator.control.receiveEmail({
    from: 'joergen@example.com',
    fromPersonal: '=?iso-8859-1?Q?J=F8rgen_M=FCller?=',
    // "Überweisung für März" in two words, as a long subject is folded.
    subject: '=?UTF-8?B?w5xiZXJ3ZWlzdW5nIGbDvHI=?= =?UTF-8?Q?_M=C3=A4rz?=',
    text: 'Where is my money?',
    attachments: [
      {
        name: '=?UTF-8?B?UmVjaG51bmcgTcOkcnoucGRm?=',
        mimeType: 'application/pdf',
        bytes: Buffer.from('%PDF-1.4'),
      },
      // A right-to-left override inside the word would show "invoiceexe.pdf".
      {
        name: '=?UTF-8?Q?invoice=E2=80=AEfdp.exe?=',
        mimeType: 'application/octet-stream',
        bytes: Buffer.from('MZ'),
      },
    ],
  });
  // The invitation already reads as the agent should see it.
  await eventually(() => writer.interaction(id) !== undefined, 'the invitation');
  expect(writer.interaction(id)?.subject).toBe('Überweisung für März');
  expect(writer.interaction(id)?.fromName).toBe('Jørgen Müller');

  expect((await operations.accept(id)).ok).toBe(true);
  await eventually(() => writer.interaction(id)?.email !== undefined, 'the e-mail');
  expect(writer.interaction(id)?.email?.subject).toBe('Überweisung für März');
  expect(writer.interaction(id)?.attachments.map((file) => file.name)).toEqual([
    'Rechnung März.pdf',
    'invoicefdp.exe',
  ]);
  expect(writer.inbox().find((row) => row.id === id)).toMatchObject({
    subject: 'Überweisung für März',
    fromName: 'Jørgen Müller',
  });
  // Found by a word of its subject as the agent types it.
  const hits = await writer.search('Überweisung');
  expect(hits.map((hit) => hit.interaction.id)).toEqual([id]);
});
