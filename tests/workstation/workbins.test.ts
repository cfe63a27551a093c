import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, type ExpectStatic } from 'vitest';
import type { ChangeSet } from '../../common/model';
import { openDesk, type Desk } from '../../main/workstation/desk';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/server';
import { osRecorder, testDeskOptions, workingVault } from '../support/deskPorts';
import { TestAgent } from '../support/gwsAgent';
import { cleanupsTest, type Cleanups } from '../support/testCleanups';

// The desk core's workbins (issue 13 item 2) against the real simulator, a real cache file and
// real HTTP/CometD: the overview read and stored, a place and a pull arriving as change sets
// (the workbin notifications through the cache writer, no second read), a refusal for an unknown
// workbin, and the cache's copy answering with the server gone.

// Each test owns its simulators, agents, desks and folders (the `cleanups` fixture), closed when it
// ends: the tests run at once (describe.concurrent), each mostly waiting on its server.

/** What a test's helpers need: its own `expect` and what it opened. */
interface Ctx {
  readonly expect: ExpectStatic;
  readonly cleanups: Cleanups;
}

/** A simulator on a free port, quiet unless `options` say otherwise; closed after the test. */
async function start(t: Ctx, options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  const simulator = await startSimulator({ port: 0, scenario: 'quiet', ...options });
  t.cleanups.push(() => simulator.close());
  return simulator;
}

/** A TestAgent signed in on `simulator`, Ready on `ready`; closed after the test. */
async function signedInAgent(
  t: Ctx,
  simulator: Simulator,
  userName: string,
  ready: readonly string[],
): Promise<TestAgent> {
  const agent = new TestAgent(simulator.apiUrl, userName, 'demo');
  t.cleanups.push(() => agent.close());
  await agent.signIn(ready);
  return agent;
}

/** 003's TestWorkbin: `TestWorkbin/PrivateView` in base64. */
const TEST_WORKBIN = 'VGVzdFdvcmtiaW4vUHJpdmF0ZVZpZXc=';
/** The simulator's shared Team Workbin: `Team Workbin/SharedView` in base64. */
const TEAM_WORKBIN = Buffer.from('Team Workbin/SharedView').toString('base64');

async function signedInDesk(t: Ctx, simulator: Simulator) {
  const { expect } = t;
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-workbins-'));
  t.cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const pushed: ChangeSet[] = [];
  const recorder = osRecorder();
  const desk = await openDesk({
    dataDir,
    send: (channel, payload) => {
      if (channel === 'switchboard:desk:changed') pushed.push(payload as ChangeSet);
    },
    ...testDeskOptions(recorder, simulator, workingVault()),
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    },
  });
  t.cleanups.push(() => desk.shutdown());
  const state = await desk.handlers.session.signIn({
    serverUrl: simulator.url,
    userName: 'agent1',
    password: 'demo',
    remember: false,
  });
  expect(state.connection.state).toBe('connected');
  await desk.handlers.agent.setReady(undefined);
  return { desk, pushed };
}

/** A customer e-mail the desk's agent accepts; answers its id. */
async function acceptedEmail(
  t: Ctx,
  simulator: Simulator,
  desk: Desk,
  subject: string,
): Promise<string> {
  const { expect } = t;
  const id = simulator.control.receiveEmail({ from: 'maria@example.com', subject, text: 'Hi' });
  await expect.poll(() => desk.handlers.interactions.get(id)).not.toBeNull();
  await desk.handlers.interactions.accept(id, undefined);
  await expect.poll(() => desk.handlers.interactions.get(id)).toMatchObject({ state: 'Accepted' });
  return id;
}

const inboxIds = (desk: Desk) =>
  (desk.handlers.interactions.inbox(undefined) as { id: string }[]).map((row) => row.id);

describe.concurrent('the desk’s workbins', () => {
  cleanupsTest(
    'reads the workbins with their content, then follows a place and a pull through change sets',
    async ({ cleanups, expect }) => {
      const t: Ctx = { cleanups, expect };
      const simulator = await start(t);
      const { desk, pushed } = await signedInDesk(t, simulator);
      const id = await acceptedEmail(t, simulator, desk, 'Receipt for order 4471');

      const first = await desk.handlers.workbins.overview();
      expect(first.cached).toBe(false);
      expect(first.workbins.map((workbin) => [workbin.name, workbin.entries.length])).toEqual([
        ['EmailWorkbinDraft', 0],
        ['EmailWorkbinInProgress', 0],
        ['TestWorkbin', 0],
        ['TeamWorkbin', 0],
      ]);

      await desk.handlers.interactions.placeInWorkbin(id, TEST_WORKBIN);
      // The notification (which names the workbin by its configuration name) reaches the change
      // set under the listed id, with the subject and sender the cache knows.
      const placed = () =>
        pushed.flatMap((changes) => changes.workbins).filter((change) => change.entries.length > 0);
      await expect.poll(() => placed().length).toBe(1);
      expect(placed()[0]).toMatchObject({
        workbinId: TEST_WORKBIN,
        change: 'PlacedIn',
        entries: [
          {
            interactionId: id,
            channel: 'email',
            subject: 'Receipt for order 4471',
            from: 'maria@example.com',
            placedAt: expect.any(Number) as unknown,
          },
        ],
        removed: [],
      });
      await expect.poll(() => inboxIds(desk)).not.toContain(id);
      expect(simulator.world.interactions.get(id)?.state).toBe('InWorkbin');

      await desk.handlers.workbins.pull(TEST_WORKBIN, id);
      const removed = () =>
        pushed.flatMap((changes) => changes.workbins).filter((change) => change.removed.length > 0);
      await expect
        .poll(() => removed())
        .toEqual([
          expect.objectContaining({ workbinId: TEST_WORKBIN, change: 'TakenOut', removed: [id] }),
        ]);
      await expect.poll(() => inboxIds(desk)).toContain(id);
    },
  );

  cleanupsTest(
    'refuses a place in an unknown workbin in one sentence and keeps the interaction',
    async ({ cleanups, expect }) => {
      const t: Ctx = { cleanups, expect };
      const simulator = await start(t);
      const { desk } = await signedInDesk(t, simulator);
      const id = await acceptedEmail(t, simulator, desk, 'Keep me');

      await expect(
        desk.handlers.interactions.placeInWorkbin(id, 'NoSuchWorkbin'),
      ).rejects.toMatchObject({ kind: 'notFound', message: 'Workbin NoSuchWorkbin not found' });
      expect(simulator.world.interactions.get(id)).toMatchObject({
        owner: 'agent1',
        state: 'Accepted',
      });
      expect(inboxIds(desk)).toContain(id);
    },
  );

  cleanupsTest(
    'answers the cache’s copy, marked with when it was read, when the server is gone',
    async ({ cleanups, expect }) => {
      const t: Ctx = { cleanups, expect };
      const simulator = await start(t);
      const { desk } = await signedInDesk(t, simulator);
      const id = await acceptedEmail(t, simulator, desk, 'Warranty claim 88');
      await desk.handlers.workbins.overview();
      await desk.handlers.interactions.placeInWorkbin(id, TEST_WORKBIN);
      // Until its workbin notification has come (the server's content may list it first).
      await expect
        .poll(
          async () => (await desk.handlers.workbins.overview()).workbins[2]?.entries[0]?.placedBy,
        )
        .toBe('agent1');
      const online = await desk.handlers.workbins.overview();
      // Read back from the server's content (`?fields=*`): its properties, in the panel's words;
      // who placed it from the workbin notification (the content does not carry it), and no
      // reason, as PlaceInWorkbin gave none.
      expect(online.workbins[2]?.entries).toEqual([
        {
          interactionId: id,
          channel: 'email',
          subject: 'Warranty claim 88',
          from: 'maria@example.com',
          placedAt: expect.any(Number) as unknown,
          placedBy: 'agent1',
        },
      ]);

      await simulator.close();
      const offline = await desk.handlers.workbins.overview();
      expect(offline).toEqual({ ...online, cached: true });
      expect(offline.workbins[2]?.entries).toEqual([
        expect.objectContaining({ interactionId: id, subject: 'Warranty claim 88' }),
      ]);
    },
  );

  cleanupsTest(
    'knows the agent placed an item while the panel was closed (unsubscribed: no notification)',
    async ({ cleanups, expect }) => {
      const t: Ctx = { cleanups, expect };
      const simulator = await start(t);
      const { desk, pushed } = await signedInDesk(t, simulator);
      const id = await acceptedEmail(t, simulator, desk, 'Placed with the panel closed');
      // The panel opened (its read subscribes to each workbin), then closed: it unsubscribes.
      const opened = await desk.handlers.workbins.overview();
      for (const workbin of opened.workbins)
        await desk.handlers.workbins.unsubscribe(workbin.workbinId);
      await desk.handlers.interactions.placeInWorkbin(id, TEST_WORKBIN);
      // Off the desk (the interaction's own notification), with no workbin notification heard.
      await expect.poll(() => inboxIds(desk)).not.toContain(id);
      expect(pushed.flatMap((changes) => changes.workbins)).toEqual([]);

      // Opened again: the server's content lists it and names no one; the desk knows it was its agent.
      const reopened = await desk.handlers.workbins.overview();
      expect(reopened.workbins[2]?.entries).toEqual([
        expect.objectContaining({ interactionId: id, placedBy: 'agent1' }),
      ]);
      // Taken out and read again, the placement goes with it.
      await desk.handlers.workbins.pull(TEST_WORKBIN, id);
      await expect
        .poll(async () => (await desk.handlers.workbins.overview()).workbins[2]?.entries)
        .toEqual([]);
    },
  );

  cleanupsTest(
    'names the agent for a placement of theirs, not a colleague heard of before the agent had the item',
    async ({ cleanups, expect }) => {
      const t: Ctx = { cleanups, expect };
      const simulator = await start(t);
      const { desk, pushed } = await signedInDesk(t, simulator);
      const id = await acceptedEmail(t, simulator, desk, 'Placed again by its agent');
      const opened = await desk.handlers.workbins.overview();
      // What the desk last heard of the item: a colleague placed it there, with a reason (its
      // leaving the workbin, and its way to this agent, went unheard).
      simulator.control.injectNotification('agent1', '/v2/me/workbins', {
        messageType: 'workbinNotificationResource',
        operation: 'Create',
        workbinContentOperation: 'PlacedIn',
        interaction: { id, state: 'Queued', channel: 'email', interactionType: 'Inbound' },
        workbinInfo: { workbinTypeId: 'TestWorkbin' },
        actorInfo: { agentId: 'agent2', actorType: 'Agent' },
        reasonInfo: { reason: 1, reasonDescription: 'Waiting for the customer', reasonName: null },
      });
      await expect
        .poll(() =>
          pushed.flatMap((changes) => changes.workbins).flatMap((change) => change.entries),
        )
        .toContainEqual(expect.objectContaining({ interactionId: id, placedBy: 'agent2' }));
      // The agent places it with the panel closed: no notification of it is heard.
      for (const workbin of opened.workbins)
        await desk.handlers.workbins.unsubscribe(workbin.workbinId);
      await desk.handlers.interactions.placeInWorkbin(id, TEST_WORKBIN);
      await expect.poll(() => inboxIds(desk)).not.toContain(id);
      const reopened = await desk.handlers.workbins.overview();
      const entry = reopened.workbins[2]?.entries.find((listed) => listed.interactionId === id);
      expect(entry?.placedBy).toBe('agent1');
      expect(entry).not.toHaveProperty('reason');
    },
  );

  cleanupsTest(
    "shows a pulled chat's transcript from its start, on a server whose notifications carry only new lines (003)",
    async ({ cleanups, expect }) => {
      const t: Ctx = { cleanups, expect };
      const simulator = await start(t, { dialect: 'a' });
      // A colleague (agent2) has the customer's chat, writes, and parks it in the team workbin.
      const colleague = await signedInAgent(t, simulator, 'agent2', ['chat']);
      const chat = simulator.control.startChat({
        customerNickName: 'Tom',
        subject: 'Order 1234 is late',
        firstMessage: 'My order 1234 has not arrived.',
      });
      await colleague.waitFor((message) => JSON.stringify(message.data).includes(chat), 3000, chat);
      expect(
        (await colleague.post(`/me/interactions/${chat}`, { operationName: 'Accept' })).status,
      ).toBe(200);
      const say = { operationName: 'SendMessage', text: 'I will ask the courier.' };
      expect((await colleague.post(`/me/interactions/${chat}`, say)).status).toBe(200);
      const { desk } = await signedInDesk(t, simulator);
      const place = { interactionId: chat };
      expect(
        (await colleague.post(`/me/workbins/${TEAM_WORKBIN}/interactions`, place)).status,
      ).toBe(200);
      simulator.control.customerSays(chat, 'Any news?');
      const texts = async () =>
        ((await desk.handlers.interactions.get(chat))?.transcript ?? []).flatMap((line) =>
          line.kind === 'message' ? [`${line.authorType ?? '?'}: ${line.text ?? ''}`] : [],
        );

      // The desk's agent pulls it: what the customer and the colleague said is there, once each.
      await desk.handlers.workbins.pull(TEAM_WORKBIN, chat);
      await expect
        .poll(texts)
        .toEqual([
          'Client: My order 1234 has not arrived.',
          'Agent: I will ask the courier.',
          'Client: Any news?',
        ]);

      // Parked again by the desk's agent, and pulled back: the line said meanwhile is there too.
      await desk.handlers.interactions.placeInWorkbin(chat, TEAM_WORKBIN);
      await expect.poll(() => inboxIds(desk)).not.toContain(chat);
      simulator.control.customerSays(chat, 'Hello?');
      await desk.handlers.workbins.pull(TEAM_WORKBIN, chat);
      await expect.poll(async () => (await texts()).at(-1)).toBe('Client: Hello?');
      expect(await texts()).toHaveLength(4);
    },
  );

  cleanupsTest(
    'says the workbins cannot be read when the server is gone and none were read before',
    async ({ cleanups, expect }) => {
      const t: Ctx = { cleanups, expect };
      const simulator = await start(t);
      const { desk } = await signedInDesk(t, simulator);
      await simulator.close();
      await expect(desk.handlers.workbins.overview()).rejects.toMatchObject({
        kind: 'network',
        // The desk words it by its code ("No copy of the workbins is kept on this computer…"),
        // not as the server's being unreachable, which says nothing of what is kept here.
        code: 'workbinsNotCached',
        message: expect.stringMatching(
          /^The workbins cannot be read \(.+\) and none were read before\.$/,
        ) as unknown,
      });
    },
  );
});

/** A desk with an e-mail placed in TestWorkbin and the overview read: the cache's copy holds it. */
async function deskWithPlacedEmail(t: Ctx, simulator: Simulator) {
  const { expect } = t;
  const { desk } = await signedInDesk(t, simulator);
  const id = await acceptedEmail(t, simulator, desk, 'Kept in a workbin');
  await desk.handlers.workbins.overview();
  await desk.handlers.interactions.placeInWorkbin(id, TEST_WORKBIN);
  await expect
    .poll(async () => (await desk.handlers.workbins.overview()).workbins[2]?.entries.length)
    .toBe(1);
  return { desk, id };
}

// Answered oddly by a real server, with HTTP 200: the read replaces the cache's copy (what the
// panel shows offline), so an answer that is no list must fail the read and leave the copy.
describe.concurrent('the workbins read answered with null lists', () => {
  cleanupsTest.for([
    ['the workbins', '/me/workbins'],
    ["a workbin's content", `/me/workbins/${encodeURIComponent(TEST_WORKBIN)}/interactions`],
  ] as const)(
    '%s: the read fails and the cached copy keeps the item',
    async ([, path], { cleanups, expect }) => {
      const t: Ctx = { cleanups, expect };
      const simulator = await start(t);
      const { desk, id } = await deskWithPlacedEmail(t, simulator);
      const before = await desk.handlers.workbins.overview();

      simulator.control.answerOddly(path, ['listsNull']);
      await expect(desk.handlers.workbins.overview()).rejects.toMatchObject({
        kind: 'internal',
        message: expect.stringMatching(/not a list/) as unknown,
      });

      // The server gone, the panel still shows what was read before.
      await simulator.close();
      const offline = await desk.handlers.workbins.overview();
      expect(offline).toEqual({ ...before, cached: true });
      expect(offline.workbins[2]?.entries).toEqual([
        expect.objectContaining({ interactionId: id, subject: 'Kept in a workbin' }),
      ]);
    },
  );
});

describe.concurrent('the workbins read answered with every item twice', () => {
  cleanupsTest.for([
    ['the workbins', '/me/workbins'],
    ["a workbin's content", `/me/workbins/${encodeURIComponent(TEST_WORKBIN)}/interactions`],
  ] as const)('%s: each is listed and stored once', async ([, path], { cleanups, expect }) => {
    const t: Ctx = { cleanups, expect };
    const simulator = await start(t);
    const { desk, id } = await deskWithPlacedEmail(t, simulator);
    const before = await desk.handlers.workbins.overview();

    simulator.control.answerOddly(path, ['listsDoubled']);
    const doubled = await desk.handlers.workbins.overview();

    expect({ ...doubled, readAt: before.readAt }).toEqual(before);
    expect(doubled.workbins[2]?.entries.map((entry) => entry.interactionId)).toEqual([id]);
    await simulator.close();
    expect(await desk.handlers.workbins.overview()).toEqual({ ...doubled, cached: true });
  });
});

describe.concurrent('a workbin content whose interaction ids are numbers', () => {
  cleanupsTest('keeps the item under the decimal form of its id', async ({ cleanups, expect }) => {
    const t: Ctx = { cleanups, expect };
    const simulator = await start(t);
    const { desk } = await deskWithPlacedEmail(t, simulator);

    simulator.control.answerOddly(`/me/workbins/${encodeURIComponent(TEST_WORKBIN)}/interactions`, [
      'idsNumbered',
    ]);
    const numbered = await desk.handlers.workbins.overview();

    expect(numbered.workbins[2]?.entries).toEqual([
      expect.objectContaining({ interactionId: '1', subject: 'Kept in a workbin' }),
    ]);
  });
});
