import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok } from '../../common/errors';
import { openDatabase } from '../cache/database';
import { CacheStore } from '../cache/store';
import { createOperations, type GwsOperations } from '../gws/operations';
import { GwsSession } from '../gws/session';
import { seedContactHistory, type DemoContact } from '../../simulator/contactHistory';
import { startSimulator, type Simulator } from '../../simulator/server';
import { CacheWriter, type WorkstationLog } from './cacheWriter';
import { ContactHistoryService } from './contactHistory';

// The contact history service against the simulator over real HTTP and CometD: each request
// answers a referenceId, the service waits for the notification carrying it (as the cache
// writer stored it) and answers the cached copy; errorMessage and silence are failures.

const quiet: WorkstationLog = { debug: () => undefined, warn: () => undefined };

let folder: string;
let simulator: Simulator | undefined;
let session: GwsSession | undefined;
let writer: CacheWriter | undefined;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'switchboard-contact-history-'));
});

afterEach(async () => {
  await session?.signOut();
  await writer?.close();
  await simulator?.close();
  session = undefined;
  writer = undefined;
  simulator = undefined;
  rmSync(folder, { recursive: true, force: true });
});

/** A signed-in session with its cache writer, and Maria's seeded history on the server. */
async function signedIn(): Promise<{
  ops: GwsOperations;
  writer: CacheWriter;
  maria: DemoContact;
}> {
  simulator = await startSimulator({ port: 0, scenario: 'quiet' });
  const [maria] = seedContactHistory(simulator.world, Date.now());
  if (maria === undefined) throw new Error('no demo contact');
  session = new GwsSession({
    serverUrl: simulator.url,
    credentials: { userName: 'agent1', password: 'demo' },
    maxBackoffMs: 500,
  });
  const store = new CacheStore(openDatabase(join(folder, 'cache.sqlite')));
  writer = new CacheWriter({
    store,
    account: { serverUrl: simulator.url, userName: 'agent1' },
    attachmentsDir: join(folder, 'attachments'),
    log: quiet,
  });
  writer.attach(session);
  expect((await session.signIn()).ok).toBe(true);
  return { ops: createOperations(session.requester), writer, maria };
}

describe('ContactHistoryService with the simulator', () => {
  it('fetches the history newest first and opens a past chat and e-mail, kept in the cache', async () => {
    const { ops, writer, maria } = await signedIn();
    const service = new ContactHistoryService({ ops, writer });
    expect(service.cached(maria.contactId)).toEqual({ contactId: maria.contactId, entries: [] });

    const history = await service.fetch(maria.contactId);
    expect(history.entries.map((entry) => entry.subject)).toEqual([
      'Statement for March',
      'Refund status',
      'Invoice 2291 paid twice',
      'Delivery address',
    ]);
    expect(history.fetchedAt).toBeGreaterThan(Date.now() - 60_000);

    const chat = history.entries.find((entry) => entry.subject === 'Delivery address');
    const email = history.entries.find((entry) => entry.subject === 'Invoice 2291 paid twice');
    const openedChat = await service.open(maria.contactId, chat?.id ?? '');
    expect(
      openedChat.content?.events
        .filter((event) => event.kind === 'message')
        .map((event) => event.text),
    ).toEqual([
      'Hi, I moved last month. Can you change my delivery address?',
      'Of course. What is the new address?',
      'Strandvejen 12, 2900 Hellerup',
      'Done: your next parcel goes to Strandvejen 12.',
    ]);
    const openedMail = await service.open(maria.contactId, email?.id ?? '');
    expect(openedMail.content?.body).toMatch(/^Hello,\n\nI paid invoice 2291 twice/);

    // Both read back from the cache with the session gone.
    await session?.signOut();
    const offline = new ContactHistoryService({ ops: undefined, writer });
    const cached = offline.cached(maria.contactId);
    expect(cached.entries.find((entry) => entry.id === chat?.id)?.content).toEqual(
      openedChat.content,
    );
    await expect(offline.fetch(maria.contactId)).rejects.toMatchObject({ kind: 'unauthorized' });
  });

  it('fails with the server’s errorMessage in one sentence, and stores nothing', async () => {
    const { ops, writer, maria } = await signedIn();
    simulator?.control.failNextUcsRequests(['Request failed.']);
    const service = new ContactHistoryService({ ops, writer });
    await expect(service.fetch(maria.contactId)).rejects.toMatchObject({
      kind: 'internal',
      message: 'The server could not send the contact history: Request failed.',
      // The desk words it by the code, in its language, with the server's reason.
      code: 'historyNotSent',
      params: { reason: 'Request failed' },
    });
    expect(service.cached(maria.contactId)).toEqual({ contactId: maria.contactId, entries: [] });
    const [listed] = (await service.fetch(maria.contactId)).entries;
    if (listed === undefined) throw new Error('no history listed');
    simulator?.control.failNextUcsRequests(['UCS is down']);
    await expect(service.open(maria.contactId, listed.id)).rejects.toMatchObject({
      message: 'The server could not send this past interaction: UCS is down.',
    });
    // Nor does the writer keep expecting the failed request's answer.
    expect(writer.expectedContactHistories).toBe(0);
  });

  it('answers notFound for an entry the cache holds no listing of, without asking the server', async () => {
    const { ops, writer, maria } = await signedIn();
    const posted: string[] = [];
    const counting: GwsOperations = {
      ...ops,
      getInteractionContent: (id) => (posted.push(id), ops.getInteractionContent(id)),
    };
    const service = new ContactHistoryService({ ops: counting, writer });
    // Before: the server's errorMessage for the unknown id came back as `internal`.
    await expect(service.open(maria.contactId, '0000NOSUCHID')).rejects.toMatchObject({
      kind: 'notFound',
      message: 'No past interaction 0000NOSUCHID in the cached contact history',
      // Worded by the desk in its language (was: main's English sentence on every desk).
      code: 'historyEntryNotCached',
    });
    expect(posted).toEqual([]);
    // An entry listed under the contact still opens (from the server), under any contact asked.
    const [listed] = (await service.fetch(maria.contactId)).entries;
    if (listed === undefined) throw new Error('no history listed');
    const opened = await service.open('another-contact', listed.id);
    expect(opened.content?.fetchedAt).toBeGreaterThan(0);
    expect(posted).toEqual([listed.id]);
  });

  it('gives up with a timeout when no answer carries the referenceId', async () => {
    const { ops, writer, maria } = await signedIn();
    // The request is taken (a referenceId comes back) but its answer never arrives.
    const lost: GwsOperations = {
      ...ops,
      retrieveInteractionHistory: () => Promise.resolve(ok({ referenceId: 9_999 })),
    };
    const service = new ContactHistoryService({ ops: lost, writer }, 300);
    await expect(service.fetch(maria.contactId)).rejects.toMatchObject({
      kind: 'timeout',
      message: 'The server did not send the contact history within 1 second.',
    });
    // The answer given up on is not expected any longer (nor filed under Maria, should the
    // server give its referenceId again).
    expect(writer.expectedContactHistories).toBe(0);
  });

  it('takes an answer that arrives before the POST’s own answer', async () => {
    const { ops, writer, maria } = await signedIn();
    // The notification overtakes the POST: the answer is applied before the referenceId is known.
    const overtaken: GwsOperations = {
      ...ops,
      retrieveInteractionHistory: async (filters) => {
        const reference = await ops.retrieveInteractionHistory(filters);
        if (!reference.ok) return reference;
        await new Promise<void>((resolve) => {
          const stop = writer.onCommit((commit) => {
            if (
              commit.changes.history.some(
                (answer) => answer.referenceId === reference.value.referenceId,
              )
            ) {
              stop();
              resolve();
            }
          });
        });
        return reference;
      },
    };
    const service = new ContactHistoryService({ ops: overtaken, writer }, 2_000);
    const history = await service.fetch(maria.contactId);
    expect(history.entries).toHaveLength(4);
    // Its answer came before it was expected: the expectation ends with the request all the same.
    expect(writer.expectedContactHistories).toBe(0);
  });
});
