import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SwitchboardFailure } from '../../common/errors';
import type { ChatEvent, InteractionSnapshot } from '../../common/model';
import { useSimulator } from '../../tests/support/simulatorHarness';
import { openDatabase } from '../cache/database';
import { CacheStore } from '../cache/store';
import { createOperations } from '../gws/operations';
import { GwsSession } from '../gws/session';
import { CacheWriter, type Commit } from './cacheWriter';
import { consultationHandlers } from './consultations';
import { gwsHandlers } from './gwsHandlers';

const quiet = { debug: () => undefined, warn: () => undefined };
const T0 = Date.UTC(2026, 11, 4, 9, 0, 0);

let folder: string;
const databases: Database[] = [];
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'switchboard-consultations-'));
});
afterEach(() => {
  for (const db of databases.splice(0)) if (db.open) db.close();
  rmSync(folder, { recursive: true, force: true });
});

/** A writer on the cache file `name` (the same file again: the desk restarted). */
function writerOn(name: string, serverUrl = 'http://127.0.0.1:1'): CacheWriter {
  const db = openDatabase(join(folder, name));
  databases.push(db);
  return new CacheWriter({
    store: new CacheStore(db),
    account: { serverUrl, userName: 'agent1' },
    attachmentsDir: join(folder, 'attachments'),
    log: quiet,
  });
}

function commitsOf(writer: CacheWriter): Commit[] {
  const heard: Commit[] = [];
  writer.onCommit((commit) => heard.push(commit));
  return heard;
}

const accepted: InteractionSnapshot = {
  id: 'c1',
  channel: 'chat',
  state: 'Accepted',
  capabilities: ['SendMessage'],
  userData: {},
};

/** A party line of agent `who` (`Int`: joined seen by agents only, as a consulted agent does). */
function party(
  eventId: number,
  kind: 'joined' | 'left',
  who: string,
  visibility = 'All',
): ChatEvent {
  return { eventId, kind, authorId: who, authorName: who, authorType: 'Agent', visibility };
}

function lines(...events: ChatEvent[]) {
  return { type: 'chatEventsReceived' as const, interactionId: 'c1', events };
}

describe('the consultation the agent started, kept by the cache', () => {
  /** A chat agent1 accepted, with Tom, Ann (agent1) and Priya (joined seen by agents only). */
  function acceptedChat(name = 'cache.sqlite'): CacheWriter {
    const writer = writerOn(name);
    writer.applyBatch(
      [
        { type: 'interactionUpdated', interaction: accepted },
        lines(
          { eventId: 1, kind: 'joined', authorId: 'c', authorName: 'Tom', authorType: 'Client' },
          party(2, 'joined', 'ann'),
          // Consulted earlier, the consultation completed as a conference: she stays, as an agent.
          party(3, 'joined', 'priya', 'Int'),
        ),
      ],
      T0,
    );
    return writer;
  }
  /** Jonas consulted once the cache held line 3. */
  const JONAS = { target: 'jonas', afterEventId: 3 };

  it('is remembered across a restart and told in a change set; a conference party leaving keeps it, the consulted colleague leaving ends it', () => {
    const writer = acceptedChat();
    expect(writer.lastChatEventId('c1')).toBe(3);
    const heard = commitsOf(writer);
    expect(writer.recordConsultation('c1', JONAS).changes.interactions).toEqual([
      expect.objectContaining({ id: 'c1', consultingWith: 'jonas', state: 'Accepted' }),
    ]);
    expect(heard).toHaveLength(1);
    // Saying it again is no change: no commit.
    writer.recordConsultation('c1', JONAS);
    expect(heard).toHaveLength(1);

    // The desk restarts: the cache still says so.
    const restarted = writerOn('cache.sqlite');
    expect(restarted.interaction('c1')?.consultingWith).toBe('jonas');
    const told = commitsOf(restarted);
    restarted.apply(lines(party(4, 'joined', 'jonas', 'Int')), T0 + 1);
    // Priya (of the conference, though she joined seen by agents only) and the customer leave:
    // Jonas is still consulted.
    restarted.apply(lines(party(5, 'left', 'priya')), T0 + 2);
    restarted.apply(lines({ eventId: 6, kind: 'left', authorId: 'c', authorName: 'Tom' }), T0 + 3);
    expect(restarted.interaction('c1')?.consultingWith).toBe('jonas');
    expect(told.flatMap((commit) => commit.changes.interactions)).toEqual([]);
    // Jonas leaves (the leave line naming him alone, as 000's PARTY_LEFT does): over, and the
    // change set carries the row without it.
    restarted.apply(lines({ eventId: 7, kind: 'left', authorId: 'jonas' }), T0 + 4);
    expect(restarted.interaction('c1')).not.toHaveProperty('consultingWith');
    expect(told.at(-1)?.changes.interactions).toHaveLength(1);
    expect(told.at(-1)?.changes.interactions[0]?.id).toBe('c1');
    expect(told.at(-1)?.changes.interactions[0]).not.toHaveProperty('consultingWith');

    // A new consultation; the same leave delivered again (a resync) is not news.
    restarted.recordConsultation('c1', { target: 'jonas', afterEventId: 7 });
    restarted.apply(lines(party(7, 'left', 'jonas')), T0 + 5);
    expect(restarted.interaction('c1')?.consultingWith).toBe('jonas');
    // The chat ends: the consultation with it.
    restarted.apply({ type: 'interactionEnded', interactionId: 'c1' }, T0 + 6);
    expect(told.at(-1)?.changes.interactions[0]).toMatchObject({ phase: 'ended' });
    expect(told.at(-1)?.changes.interactions[0]).not.toHaveProperty('consultingWith');
    // Offered again later, it comes back with none open.
    restarted.apply(
      { type: 'interactionInvited', interaction: { ...accepted, state: 'Invited' } },
      T0 + 7,
    );
    expect(restarted.interaction('c1')).toMatchObject({ state: 'Invited' });
    expect(restarted.interaction('c1')).not.toHaveProperty('consultingWith');
  });

  it('is not remembered when the colleague came and left before the answer', () => {
    const writer = acceptedChat();
    // The notifications outran the request's answer: Jonas joined and left already.
    writer.apply(
      lines(party(4, 'joined', 'jonas', 'Int'), { eventId: 5, kind: 'left', authorId: 'jonas' }),
      T0 + 1,
    );
    const heard = commitsOf(writer);
    expect(writer.recordConsultation('c1', JONAS).changes.interactions).toEqual([]);
    expect(writer.interaction('c1')).not.toHaveProperty('consultingWith');
    expect(heard).toHaveLength(0);
    // Joined before the answer but still there: remembered.
    writer.apply(lines(party(6, 'joined', 'jonas', 'Int')), T0 + 2);
    expect(
      writer.recordConsultation('c1', { target: 'jonas', afterEventId: 5 }).changes.interactions,
    ).toHaveLength(1);
  });

  it('keeps it when a party that names nobody joins and leaves', () => {
    const writer = acceptedChat();
    writer.recordConsultation('c1', JONAS);
    writer.apply(
      lines(
        { eventId: 4, kind: 'joined', authorType: 'Agent', visibility: 'Int' },
        { eventId: 5, kind: 'left' },
      ),
      T0 + 1,
    );
    expect(writer.interaction('c1')?.consultingWith).toBe('jonas');
  });

  it('remembers nothing of a chat it does not hold or that is over', () => {
    const writer = writerOn('cache.sqlite');
    const heard = commitsOf(writer);
    expect(writer.recordConsultation('nowhere', JONAS).changes.interactions).toEqual([]);
    writer.apply({ type: 'interactionUpdated', interaction: accepted }, T0);
    writer.apply({ type: 'interactionEnded', interactionId: 'c1' }, T0 + 1);
    expect(writer.recordConsultation('c1', JONAS).changes.interactions).toEqual([]);
    expect(heard).toHaveLength(2);
  });
});

describe('the consultation handlers, against the simulator', () => {
  const harness = useSimulator();
  let session: GwsSession | null = null;
  afterEach(async () => {
    await session?.signOut();
    session = null;
  });

  async function eventually<T>(check: () => T | undefined | false, what: string): Promise<T> {
    const deadline = Date.now() + 8000;
    for (;;) {
      const value = check();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** agent1's desk core (session, cache, handlers) with a chat it accepted; agent2 signed in. */
  async function consultingDesk() {
    const simulator = await harness.start();
    const colleague = await harness.signedIn('agent2', []);
    session = new GwsSession({
      serverUrl: simulator.url,
      credentials: { userName: 'agent1', password: 'demo' },
      maxBackoffMs: 500,
    });
    const writer = writerOn('desk.sqlite', simulator.url);
    writer.attach(session);
    expect((await session.signIn()).ok).toBe(true);
    const operations = createOperations(session.requester);
    expect((await operations.setReady()).ok).toBe(true);
    const gws = gwsHandlers(() => operations).interactions;
    const handlers = consultationHandlers(gws, () => writer);
    const chatId = simulator.control.startChat({
      customerNickName: 'Tom Baker',
      subject: 'Order 1234',
      firstMessage: 'Hello?',
    });
    await eventually(() => writer.interaction(chatId)?.state === 'Invited', 'the invitation');
    expect((await operations.accept(chatId)).ok).toBe(true);
    await eventually(() => writer.interaction(chatId)?.state === 'Accepted', 'the acceptance');
    const agent2 = simulator.world.findUser('agent2')?.id;
    if (agent2 === undefined) throw new Error('no agent2');
    return { simulator, writer, handlers, chatId, agent2, colleague, gws };
  }

  it('keeps whom the agent consults once the server took it, and forgets it as it is completed; a refusal keeps nothing', async () => {
    const { writer, handlers, chatId, agent2 } = await consultingDesk();
    await expect(handlers.startChatConsultation(chatId, 'agent1')).rejects.toThrow(
      /cannot consult itself/,
    );
    expect(writer.interaction(chatId)).not.toHaveProperty('consultingWith');

    await handlers.startChatConsultation(chatId, agent2);
    expect(writer.interaction(chatId)?.consultingWith).toBe(agent2);
    await handlers.completeConference(chatId);
    expect(writer.interaction(chatId)).not.toHaveProperty('consultingWith');
    // The desk believes one open that the server does not have (a colleague who declined, or
    // left unseen): the refused Complete forgets it, and the chat stays as it was.
    writer.recordConsultation(chatId, {
      target: agent2,
      afterEventId: writer.lastChatEventId(chatId),
    });
    expect(writer.interaction(chatId)?.consultingWith).toBe(agent2);
    await expect(handlers.completeTransfer(chatId)).rejects.toThrow(/no consultation/);
    expect(writer.interaction(chatId)).not.toHaveProperty('consultingWith');
    expect(writer.interaction(chatId)?.phase).toBe('working');
  });

  it('keeps a consultation whose start was not answered in time, so that it can be completed when the server opened it', async () => {
    const { writer, chatId, agent2, gws } = await consultingDesk();
    const noAnswer = new SwitchboardFailure('timeout', 'POST /me/interactions: no answer in time');
    /** The server took the request, and its answer never reached the desk. */
    const answerLost = consultationHandlers(
      {
        ...gws,
        startChatConsultation: async (...args) => {
          await gws.startChatConsultation(...args);
          throw noAnswer;
        },
      },
      () => writer,
    );
    await expect(answerLost.startChatConsultation(chatId, agent2)).rejects.toBe(noAnswer);
    // It may be open, so Complete is offered (a second Consult is refused: one is open).
    expect(writer.interaction(chatId)?.consultingWith).toBe(agent2);
    await answerLost.completeTransfer(chatId);
    await eventually(
      () => writer.interaction(chatId)?.phase === 'ended',
      'the chat gone to agent2',
    );
  });

  it('keeps a consultation the server opened whose answer was lost as the connection was cut', async () => {
    const { simulator, writer, handlers, chatId, agent2 } = await consultingDesk();
    simulator.control.failNextRequests(['answerLost']);
    await expect(handlers.startChatConsultation(chatId, agent2)).rejects.toMatchObject({
      kind: 'network',
    });
    // agent2 is in the chat, and a second Consult is refused while it is open: Complete is the
    // owner's one way on.
    expect(simulator.world.interactions.get(chatId)?.conferenceParties).toEqual(['agent2']);
    expect(writer.interaction(chatId)?.consultingWith).toBe(agent2);
    await handlers.completeTransfer(chatId);
    await eventually(
      () => writer.interaction(chatId)?.phase === 'ended',
      'the chat gone to agent2',
    );
    expect(simulator.world.interactions.get(chatId)?.owner).toBe('agent2');
  });

  it('forgets a consultation whose start never reached the server once Complete is refused', async () => {
    const { writer, chatId, agent2, gws } = await consultingDesk();
    const noAnswer = new SwitchboardFailure('timeout', 'POST /me/interactions: no answer in time');
    const lost = consultationHandlers(
      { ...gws, startChatConsultation: () => Promise.reject(noAnswer) },
      () => writer,
    );
    await expect(lost.startChatConsultation(chatId, agent2)).rejects.toBe(noAnswer);
    expect(writer.interaction(chatId)?.consultingWith).toBe(agent2);
    await expect(lost.completeConference(chatId)).rejects.toThrow(/no consultation/);
    expect(writer.interaction(chatId)).not.toHaveProperty('consultingWith');
    expect(writer.interaction(chatId)?.phase).toBe('working');
  });

  it('a Complete as conference whose answer was lost is asked again: the server did it, so the chat shows the conference', async () => {
    const { simulator, writer, handlers, chatId, agent2 } = await consultingDesk();
    await handlers.startChatConsultation(chatId, agent2);
    await eventually(
      () => writer.interaction(chatId)?.transcript.some((line) => line.visibility === 'Int'),
      'the colleague joining',
    );
    // The server makes it a conference; the connection is cut as the answer leaves.
    simulator.control.failNextRequests(['answerLost']);
    await handlers.completeConference(chatId);
    // Not kept open until the next Complete is refused: it is a conference, both in the chat.
    expect(writer.interaction(chatId)).not.toHaveProperty('consultingWith');
    expect(writer.interaction(chatId)?.phase).toBe('working');
    expect(simulator.world.interactions.get(chatId)?.owner).toBe('agent1');
    expect(simulator.world.interactions.get(chatId)?.conferenceParties).toEqual(['agent2']);
  });

  it('a Complete as conference that never reached the server is carried out by the question; one the question cannot settle says it may not have happened', async () => {
    const { simulator, writer, chatId, agent2, gws } = await consultingDesk();
    const noAnswer = new SwitchboardFailure('timeout', 'POST /me/interactions: no answer in time');
    let lost = 0;
    /** The first `lost` requests never reach the server. */
    const handlers = consultationHandlers(
      {
        ...gws,
        completeConference: (...args) => {
          if (lost > 0) {
            lost -= 1;
            return Promise.reject(noAnswer);
          }
          return gws.completeConference(...args);
        },
      },
      () => writer,
    );
    await handlers.startChatConsultation(chatId, agent2);
    await eventually(
      () => writer.interaction(chatId)?.transcript.some((line) => line.visibility === 'Int'),
      'the colleague joining',
    );
    // Neither the request nor the question reached it: still open, as far as anyone can tell.
    lost = 2;
    await expect(handlers.completeConference(chatId)).rejects.toBe(noAnswer);
    expect(writer.interaction(chatId)?.consultingWith).toBe(agent2);
    // The request lost, the question does it.
    lost = 1;
    await handlers.completeConference(chatId);
    expect(writer.interaction(chatId)).not.toHaveProperty('consultingWith');
    expect(simulator.world.interactions.get(chatId)?.conferenceParties).toEqual(['agent2']);
  });

  it('a Complete as conference not answered, of a consultation whose start never reached the server, is refused and forgotten', async () => {
    const { writer, chatId, agent2, gws } = await consultingDesk();
    const noAnswer = new SwitchboardFailure('timeout', 'POST /me/interactions: no answer in time');
    let lost = 1;
    const handlers = consultationHandlers(
      {
        ...gws,
        startChatConsultation: () => Promise.reject(noAnswer),
        completeConference: (...args) => {
          if (lost > 0) {
            lost -= 1;
            return Promise.reject(noAnswer);
          }
          return gws.completeConference(...args);
        },
      },
      () => writer,
    );
    await expect(handlers.startChatConsultation(chatId, agent2)).rejects.toBe(noAnswer);
    expect(writer.interaction(chatId)?.consultingWith).toBe(agent2);
    // The server has no consultation and agent2 never joined: no conference to show.
    await expect(handlers.completeConference(chatId)).rejects.toThrow(/no consultation/);
    expect(writer.interaction(chatId)).not.toHaveProperty('consultingWith');
  });

  it('forgets it when the consulted colleague leaves, and when it is completed as a transfer', async () => {
    const { writer, handlers, chatId, agent2, colleague } = await consultingDesk();
    await handlers.startChatConsultation(chatId, agent2);
    // agent2 joined, seen by agents only; then leaves the chat.
    await eventually(
      () => writer.interaction(chatId)?.transcript.some((line) => line.visibility === 'Int'),
      'the colleague joining',
    );
    expect(
      (await colleague.post(`/me/interactions/${chatId}`, { operationName: 'LeaveChat' })).status,
    ).toBe(200);
    await eventually(
      () => writer.interaction(chatId)?.consultingWith === undefined,
      'the consultation forgotten',
    );
    // Told by the transcript's leave line: the chat stays the agent's.
    expect(writer.interaction(chatId)?.phase).toBe('working');

    await handlers.startChatConsultation(chatId, agent2);
    expect(writer.interaction(chatId)?.consultingWith).toBe(agent2);
    await handlers.completeTransfer(chatId);
    expect(writer.interaction(chatId)).not.toHaveProperty('consultingWith');
    await eventually(
      () => writer.interaction(chatId)?.phase === 'ended',
      'the chat gone to agent2',
    );
  });
});
