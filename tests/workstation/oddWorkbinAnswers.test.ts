import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDesk, type Desk } from '../../main/workstation/desk';
import type { Simulator } from '../../simulator/server';
import { osRecorder, testDeskOptions, workingVault } from '../support/deskPorts';
import { useSimulator } from '../support/simulatorHarness';

// The Workbins panel's read answered oddly by a real server, with HTTP 200: `null` where the
// workbins or their content belong. The read replaces the cache's copy (what the panel shows
// offline), so an answer that is no list must fail the read and leave the copy as it was.

const harness = useSimulator();
const folders: string[] = [];
const desks: Desk[] = [];

afterEach(async () => {
  await Promise.all(desks.splice(0).map((desk) => desk.shutdown()));
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** 003's TestWorkbin: `TestWorkbin/PrivateView` in base64. */
const TEST_WORKBIN = 'VGVzdFdvcmtiaW4vUHJpdmF0ZVZpZXc=';

/** A desk signed in as agent1, with an e-mail placed in TestWorkbin and the overview read. */
async function deskWithPlacedEmail(simulator: Simulator) {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-odd-workbins-'));
  folders.push(dataDir);
  const warnings: string[] = [];
  const desk = await openDesk({
    dataDir,
    send: () => undefined,
    ...testDeskOptions(osRecorder(), simulator, workingVault()),
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (line: string) => warnings.push(line),
      error: (line: string) => warnings.push(line),
    },
  });
  desks.push(desk);
  const state = await desk.handlers.session.signIn({
    serverUrl: simulator.url,
    userName: 'agent1',
    password: 'demo',
    remember: false,
  });
  expect(state.connection.state).toBe('connected');
  await desk.handlers.agent.setReady(undefined);
  const id = simulator.control.receiveEmail({
    from: 'maria@example.com',
    subject: 'Kept in a workbin',
    text: 'Hi',
  });
  await expect.poll(() => desk.handlers.interactions.get(id)).not.toBeNull();
  await desk.handlers.interactions.accept(id, undefined);
  await expect.poll(() => desk.handlers.interactions.get(id)).toMatchObject({ state: 'Accepted' });
  await desk.handlers.workbins.overview();
  await desk.handlers.interactions.placeInWorkbin(id, TEST_WORKBIN);
  await expect
    .poll(async () => (await desk.handlers.workbins.overview()).workbins[2]?.entries.length)
    .toBe(1);
  return { desk, id, warnings };
}

describe('the workbins read answered with null lists', () => {
  it.each([
    ['the workbins', '/me/workbins'],
    ["a workbin's content", `/me/workbins/${encodeURIComponent(TEST_WORKBIN)}/interactions`],
  ])('%s: the read fails and the cached copy keeps the item', async (_what, path) => {
    const simulator = await harness.start();
    const { desk, id } = await deskWithPlacedEmail(simulator);
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
  });
});

describe('the workbins read answered with every item twice', () => {
  it.each([
    ['the workbins', '/me/workbins'],
    ["a workbin's content", `/me/workbins/${encodeURIComponent(TEST_WORKBIN)}/interactions`],
  ])('%s: each is listed and stored once', async (_what, path) => {
    const simulator = await harness.start();
    const { desk, id } = await deskWithPlacedEmail(simulator);
    const before = await desk.handlers.workbins.overview();

    simulator.control.answerOddly(path, ['listsDoubled']);
    const doubled = await desk.handlers.workbins.overview();

    expect({ ...doubled, readAt: before.readAt }).toEqual(before);
    expect(doubled.workbins[2]?.entries.map((entry) => entry.interactionId)).toEqual([id]);
    await simulator.close();
    expect(await desk.handlers.workbins.overview()).toEqual({ ...doubled, cached: true });
  });
});
