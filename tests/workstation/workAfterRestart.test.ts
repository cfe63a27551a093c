import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awayChanges } from '../../common/awaySummary';
import { channelName } from '../../common/contract';
import type { AwaySummary } from '../../common/model';
import { openDatabase } from '../../main/cache/database';
import { CACHE_FILE } from '../../main/cache/paths';
import { CacheStore } from '../../main/cache/store';
import { GwsSession } from '../../main/gws/session';
import { ENGLISH } from '../../main/i18n/translator';
import { normalizeServerUrl } from '../../common/model';
import { keyOf } from '../../main/workstation/accountMemory';
import { CacheWriter } from '../../main/workstation/cacheWriter';
import type { Simulator } from '../../simulator/server';
import { eventually } from '../support/clientWithCache';
import { deskRun, runThatCrashed, type DeskRun } from '../support/crashedRun';
import { acceptedInvoiceEmail, signInAgent1, useSignedInDesks } from '../support/signedInDesks';
import { useSimulator } from '../support/simulatorHarness';

// Work in progress (an accepted chat or e-mail, a draft reply) that an earlier session of the
// desk held when it stopped without signing out (a crash, a power cut), or that the server ended
// while the agent was signed out: the next sign-in confirms each against the server's list, so
// that what the server ended or handed elsewhere meanwhile does not stay in the inbox for good.

const harness = useSimulator();
const desks = useSignedInDesks();

const AWAY = channelName('desk', 'away');

/** A recorder of the "while you were away" summaries a desk pushes, for its `send`. */
function awaySummaries(): {
  summaries: AwaySummary[];
  send: (channel: string, payload: unknown) => void;
} {
  const summaries: AwaySummary[] = [];
  return {
    summaries,
    send: (channel, payload) => {
      if (channel === AWAY) summaries.push(payload as AwaySummary);
    },
  };
}

/** A summary's changes as the panel and the notification say them, in English. */
function said(summary: AwaySummary | undefined): string | undefined {
  return summary === undefined ? undefined : awayChanges(summary, ENGLISH);
}

/** Waits until the run's cache holds `id` in `state`. */
async function stored({ store, accountId }: DeskRun, id: string, state: string): Promise<void> {
  await eventually(() => store.interactionRecord(accountId, id)?.state === state, `${id} ${state}`);
}

/** An invitation routed to the run's agent, accepted and stored so. */
async function accepted(run: DeskRun, offer: () => string): Promise<string> {
  const id = offer();
  await stored(run, id, 'Invited');
  expect((await run.operations.accept(id, 'Kim')).ok).toBe(true);
  await stored(run, id, 'Accepted');
  return id;
}

/** The draft (ReplyCreated) of a Reply to `emailId`, stored. */
async function replyDraft(run: DeskRun, emailId: string): Promise<string> {
  const answered = await run.operations.reply(emailId, {});
  expect(answered.ok).toBe(true);
  const draftId = answered.ok ? answered.value : undefined;
  expect(draftId).toEqual(expect.any(String));
  await stored(run, draftId ?? '', 'ReplyCreated');
  return draftId ?? '';
}

/** A record of `userName`'s account in `dataDir`'s cache, read on a connection of its own. */
function recordIn(simulator: Simulator, dataDir: string, userName: string, id: string) {
  const db = openDatabase(join(dataDir, CACHE_FILE));
  try {
    const store = new CacheStore(db);
    const account = keyOf({ serverUrl: normalizeServerUrl(simulator.url), userName, demo: true });
    return store.interactionRecord(store.accountId(account), id);
  } finally {
    db.close();
  }
}

/**
 * agent1's run that crashed holding an accepted chat, an accepted e-mail with a draft reply, and
 * another accepted e-mail; while the desk is down, the chat is ended and the other e-mail
 * placed in a queue on the server (through the run's HTTP session, still open there), and agent1
 * is Not Ready.
 */
async function crashedHoldingWork(simulator: Simulator, dataDir: string) {
  const { result, server } = await runThatCrashed(simulator, dataDir, async (run) => {
    const chat = await accepted(run, () =>
      simulator.control.startChat({ customerNickName: 'Tom', subject: 'Where is my parcel?' }),
    );
    const email = await accepted(run, () =>
      simulator.control.receiveEmail({ from: 'ann@example.com', subject: 'Invoice 77', text: '?' }),
    );
    const draft = await replyDraft(run, email);
    // What the agent had typed of the reply, as the desk keeps it.
    run.store.drafts().save(
      run.accountId,
      {
        interactionId: draft,
        kind: 'reply',
        parentId: email,
        to: 'ann@example.com',
        cc: '',
        bcc: '',
        subject: 'Re: Invoice 77',
        text: 'Typed before the crash',
        attachments: [],
      },
      Date.now(),
    );
    const handedOn = await accepted(run, () =>
      simulator.control.receiveEmail({ from: 'bo@example.com', subject: 'Refund', text: '!' }),
    );
    return { chat, email, draft, handedOn };
  });
  // Not Ready first, so that the queue does not offer the e-mail straight back to agent1.
  expect((await server.setNotReady(undefined)).ok).toBe(true);
  expect((await server.stopProcessing(result.chat)).ok).toBe(true);
  expect((await server.placeInQueue(result.handedOn, 'Overflow')).ok).toBe(true);
  return result;
}

describe('work in progress the cache holds from an earlier session', () => {
  it('is ended at sign-in when the server ended it or handed it elsewhere meanwhile, and kept when it still lists it', async () => {
    const simulator = await harness.start({ inviteTimeoutSeconds: 120 });
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-desk-'));
    // Another agent's work in the same cache, not on agent1's list: not agent1's to end.
    const { result: theirs } = await runThatCrashed(
      simulator,
      dataDir,
      async (run) => {
        const id = await accepted(run, () =>
          simulator.control.receiveEmail({ from: 'cy@example.com', subject: 'Theirs', text: '.' }),
        );
        // Not Ready (its session lives on at the server): the next work goes to agent1.
        expect((await run.operations.setNotReady(undefined)).ok).toBe(true);
        return id;
      },
      'agent2',
    );
    const { chat, email, draft, handedOn } = await crashedHoldingWork(simulator, dataDir);

    const away = awaySummaries();
    const { desk, os } = await desks.open(simulator, { dataDir, ready: false, send: away.send });
    const { interactions, drafts } = desk.handlers;
    expect(await interactions.get(chat)).toMatchObject({ state: 'Ended', phase: 'ended' });
    expect(await interactions.get(handedOn)).toMatchObject({ state: 'Ended', phase: 'ended' });
    expect((await interactions.inbox(undefined)).map((row) => row.id).sort()).toEqual(
      [email, draft].sort(),
    );
    expect(await interactions.get(email)).toMatchObject({ state: 'Accepted', phase: 'working' });
    expect(await interactions.get(draft)).toMatchObject({
      state: 'ReplyCreated',
      phase: 'working',
    });
    expect(await drafts.get(draft)).toMatchObject({ text: 'Typed before the crash' });
    expect(recordIn(simulator, dataDir, 'agent2', theirs)).toMatchObject({ state: 'Accepted' });
    expect(recordIn(simulator, dataDir, 'agent2', theirs)?.endedAt).toBeUndefined();
    // The agent is told, once, in the "while you were away" summary, of the work the server
    // ended or handed elsewhere while the desk was down, named as the inbox named it; of no other.
    await expect.poll(() => away.summaries.length).toBe(1);
    const [summary] = away.summaries;
    expect(summary?.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: chat, change: 'ended', subject: 'Where is my parcel?' }),
        expect.objectContaining({ id: handedOn, change: 'ended', subject: 'Refund' }),
      ]),
    );
    expect(summary?.items).toHaveLength(2);
    expect(said(summary)).toBe('2 interactions ended or moved.');
    expect(summary?.restore).toBeUndefined();
    // The window is in sight: the summary is on the desk, no notification.
    expect(os.shown).toEqual([]);
  });

  it('is kept when the sign-in cannot read the list, and ended by the sign-in that reads it', async () => {
    const simulator = await harness.start({ inviteTimeoutSeconds: 120 });
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-desk-'));
    const { chat, email } = await crashedHoldingWork(simulator, dataDir);

    const run = deskRun(simulator, dataDir);
    const { session, store, accountId } = run;
    try {
      // The server fails the sign-in's list (its resync's GET /me/interactions), once.
      let failed = false;
      const get = session.http.get.bind(session.http);
      session.http.get = (path) => {
        if (path.startsWith('/me/interactions') && !failed) {
          failed = true;
          simulator.control.failNextRequests(['unavailable']);
        }
        return get(path);
      };
      expect((await session.signIn()).ok).toBe(false);
      expect(failed).toBe(true);
      await Promise.resolve();
      expect(store.interactionRecord(accountId, chat)).toMatchObject({ state: 'Accepted' });
      expect(store.interactionRecord(accountId, chat)?.endedAt).toBeUndefined();
      expect(store.interactionRecord(accountId, email)?.endedAt).toBeUndefined();

      expect((await session.signIn()).ok).toBe(true);
      await stored(run, chat, 'Ended');
      expect(store.interactionRecord(accountId, email)).toMatchObject({ state: 'Accepted' });
      expect(store.interactionRecord(accountId, email)?.endedAt).toBeUndefined();
    } finally {
      await session.signOut();
      await run.writer.close();
      run.db.close();
    }
  });
  it('is not ended by the offline review, which has no server to ask, and is by the sign-in from it', async () => {
    const simulator = await harness.start();
    const { desk } = await desks.open(simulator);
    const { interactions, session } = desk.handlers;
    const chat = simulator.control.startChat({ customerNickName: 'Eve', subject: 'Refund' });
    await expect.poll(async () => (await interactions.get(chat))?.state).toBe('Invited');
    await interactions.accept(chat, 'Kim');
    await expect.poll(async () => (await interactions.get(chat))?.state).toBe('Accepted');
    await session.signOut();
    // Ended on the server while no desk listens (the agent's other HTTP session, standing in
    // for whoever ends it there).
    const elsewhere = harness.agent('agent1');
    expect((await elsewhere.request('GET', '/me')).status).toBe(200);
    expect(
      (
        await elsewhere.request('POST', `/me/interactions/${chat}`, {
          operationName: 'StopProcessing',
        })
      ).status,
    ).toBe(200);

    const [cached] = await session.cachedAccounts();
    expect(
      await session.openOffline({
        serverUrl: cached?.serverUrl ?? '',
        userName: 'agent1',
        password: 'demo',
      }),
    ).toMatchObject({ offline: true });
    expect(await interactions.get(chat)).toMatchObject({ state: 'Accepted', phase: 'working' });

    await signInAgent1(desk, simulator);
    expect(await interactions.get(chat)).toMatchObject({ state: 'Ended', phase: 'ended' });
    expect(await interactions.inbox(undefined)).toEqual([]);
  });
  it('is told in the away summary after a sign-out and a sign-in again when the server ended it meanwhile, and a sign-in that ends nothing tells nothing', async () => {
    const simulator = await harness.start({ inviteTimeoutSeconds: 120 });
    const away = awaySummaries();
    const { desk, os } = await desks.open(simulator, { send: away.send, hidden: () => true });
    const { interactions, session } = desk.handlers;
    const email = await acceptedInvoiceEmail(simulator, desk);
    const chat = simulator.control.startChat({ customerNickName: 'Eve', subject: 'Refund' });
    await expect.poll(async () => (await interactions.get(chat))?.state).toBe('Invited');
    await interactions.accept(chat, 'Kim');
    await expect.poll(async () => (await interactions.get(chat))?.state).toBe('Accepted');

    // Signed out and in again with nothing changed on the server: nothing to tell.
    await session.signOut();
    await signInAgent1(desk, simulator);
    expect((await interactions.inbox(undefined)).map((row) => row.id).sort()).toEqual(
      [chat, email].sort(),
    );
    await session.signOut();
    // Ended on the server while no desk listens (the agent's other HTTP session).
    const elsewhere = harness.agent('agent1');
    expect((await elsewhere.request('GET', '/me')).status).toBe(200);
    expect(
      (
        await elsewhere.request('POST', `/me/interactions/${chat}`, {
          operationName: 'StopProcessing',
        })
      ).status,
    ).toBe(200);
    await signInAgent1(desk, simulator);

    await expect.poll(() => away.summaries.length).toBe(1);
    expect(away.summaries[0]?.items).toEqual([
      expect.objectContaining({ id: chat, channel: 'chat', change: 'ended', subject: 'Refund' }),
    ]);
    expect(await interactions.inbox(undefined)).toEqual([
      expect.objectContaining({ id: email, state: 'Accepted' }),
    ]);
    expect(await desk.handlers.desk.awaySummary()).toMatchObject({ items: [{ id: chat }] });
    // The window out of sight: one notification says it.
    expect(os.shown.filter((alert) => alert.kind === 'away')).toEqual([
      expect.objectContaining({ body: '1 interaction ended or moved.' }),
    ]);
  });

  it('passes on each line of a chat it keeps once, the lines said while the desk was down included', async () => {
    const simulator = await harness.start({ inviteTimeoutSeconds: 120 });
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-desk-'));
    const texts = (run: DeskRun, id: string) =>
      [...run.store.transcriptLines(run.accountId, id)].flatMap((line) => line.text ?? []);
    const { result: chat } = await runThatCrashed(simulator, dataDir, async (run) => {
      const id = await accepted(run, () =>
        simulator.control.startChat({ customerNickName: 'Tom', subject: 'Parcel' }),
      );
      simulator.control.customerSays(id, 'Where is my parcel?');
      await eventually(() => texts(run, id).includes('Where is my parcel?'), 'the line');
      return id;
    });
    simulator.control.customerSays(chat, 'Said while the desk was down');

    const run = deskRun(simulator, dataDir);
    const { session } = run;
    const passed: number[] = [];
    session.onEvent((event) => {
      if (event.type === 'chatEventsReceived' && event.interactionId === chat)
        passed.push(...event.events.map((line) => line.eventId));
    });
    // The history the sign-in asks for (not awaited by it) is answered before a line said after.
    let askedForHistory: Promise<unknown> | undefined;
    const post = session.http.post.bind(session.http);
    session.http.post = (path, body) => {
      const answer = post(path, body);
      if (body.operationName === 'RequestChatHistory') askedForHistory = answer;
      return answer;
    };
    try {
      expect((await session.signIn()).ok).toBe(true);
      await eventually(() => askedForHistory !== undefined, 'the history asked for');
      await askedForHistory;
      simulator.control.customerSays(chat, 'After the sign-in');
      await eventually(() => texts(run, chat).includes('After the sign-in'), 'the last line');

      expect(texts(run, chat)).toEqual(
        expect.arrayContaining(['Where is my parcel?', 'Said while the desk was down']),
      );
      expect(passed).toEqual([...new Set(passed)]);
    } finally {
      await session.signOut();
      await run.writer.close();
      run.db.close();
    }
  });
});

describe('a cache holding more live interactions than the session remembers', () => {
  it('confirms the latest changed first, as many as the session remembers, and the rest at later sign-ins', async () => {
    const simulator = await harness.start();
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-desk-'));
    const account = keyOf({
      serverUrl: normalizeServerUrl(simulator.url),
      userName: 'agent1',
      demo: true,
    });
    // Five e-mails an earlier run held, none on the server's list any more, I4 changed last.
    const ids = ['I0', 'I1', 'I2', 'I3', 'I4'];
    const seeded = openDatabase(join(dataDir, CACHE_FILE));
    const seed = new CacheStore(seeded);
    const seedAccount = seed.accountId(account);
    for (const [index, id] of ids.entries())
      seed.upsertInteraction(
        seedAccount,
        { id, channel: 'email', state: 'Accepted', capabilities: [], userData: {} },
        1_700_000_000_000 + index * 60_000,
      );
    seeded.close();
    const live = (store: CacheStore, accountId: number) =>
      ids.filter((id) => store.interactionRecord(accountId, id)?.endedAt === undefined);

    for (const stillLive of [['I0', 'I1'], []]) {
      const db = openDatabase(join(dataDir, CACHE_FILE));
      const store = new CacheStore(db);
      const accountId = store.accountId(account);
      const writer = new CacheWriter({
        store,
        account,
        attachmentsDir: join(dataDir, 'attachments'),
        log: { debug: () => undefined, warn: () => undefined },
      });
      const session = new GwsSession({
        serverUrl: simulator.url,
        credentials: { userName: 'agent1', password: 'demo' },
        maxKnownInteractions: 3,
      });
      writer.attach(session);
      try {
        expect((await session.signIn()).ok).toBe(true);
        await eventually(() => live(store, accountId).length === stillLive.length, 'ended');
        expect(live(store, accountId)).toEqual(stillLive);
      } finally {
        await session.signOut();
        await writer.close();
        db.close();
      }
    }
  });
});
