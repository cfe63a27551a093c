import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDesk, type Desk } from '../../main/workstation/desk';
import { startSimulator, type Simulator } from '../../simulator/server';
import { osRecorder, testDeskOptions, workingVault } from '../support/deskPorts';

// The demo desk over two runs of the app: each run starts the built-in simulator afresh (on
// another port, with the same seed), and the desk keeps both runs' work under the demo's one
// account (accountMemory.ts keyOf), as a real server's account keeps a whole shift's.

const folders: string[] = [];
const desks: Desk[] = [];
const simulators: Simulator[] = [];

afterEach(async () => {
  await Promise.all(desks.splice(0).map((desk) => desk.shutdown()));
  await Promise.all(simulators.splice(0).map((simulator) => simulator.close()));
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** One run of the app on the demo: its own simulator, the desk signed in to it and Ready. */
async function demoRun(dataDir: string): Promise<{ desk: Desk; simulator: Simulator }> {
  // As main/index.ts starts the demo: a new simulator on a free port, the default seed.
  const simulator = await startSimulator({ port: 0, scenario: 'quiet' });
  simulators.push(simulator);
  const desk = await openDesk({
    dataDir,
    send: () => undefined,
    ...testDeskOptions(osRecorder(), simulator, workingVault()),
    startDemo: () =>
      Promise.resolve({
        serverUrl: simulator.url,
        userName: 'agent1',
        password: 'demo',
        close: () => Promise.resolve(),
      }),
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    },
  });
  desks.push(desk);
  expect(await desk.handlers.session.getState()).toMatchObject({ demo: true });
  await desk.handlers.session.signIn({
    serverUrl: simulator.url,
    userName: 'agent1',
    password: 'demo',
    remember: false,
  });
  await desk.handlers.agent.setReady(undefined);
  return { desk, simulator };
}

function lineTexts(desk: Desk, id: string): Promise<(string | undefined)[]> {
  return Promise.resolve(desk.handlers.interactions.get(id)).then(
    (detail) =>
      detail?.transcript.map((line) => line.text).filter((text) => text !== undefined) ?? [],
  );
}

it("shows the demo's new chat, not the last run's, and keeps the last run's in History", async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-demo-runs-'));
  folders.push(dataDir);

  const first = await demoRun(dataDir);
  const yesterday = first.simulator.control.startChat({
    customerNickName: 'Yara',
    subject: 'Lost parcel',
    firstMessage: 'My parcel never came',
  });
  await expect.poll(() => first.desk.handlers.interactions.inbox(undefined)).toHaveLength(1);
  await first.desk.handlers.interactions.accept(yesterday);
  await expect.poll(() => lineTexts(first.desk, yesterday)).toEqual(['My parcel never came']);
  await first.desk.shutdown();
  await first.simulator.close();

  const second = await demoRun(dataDir);
  // The chat of the last run is over: the server of this run never heard of it.
  await expect
    .poll(async () =>
      (await second.desk.handlers.interactions.history(undefined)).map((row) => row.id),
    )
    .toContain(yesterday);
  const today = second.simulator.control.startChat({
    customerNickName: 'Tomás',
    subject: 'Refund',
    firstMessage: 'Where is my refund?',
  });
  await expect
    .poll(async () =>
      (await second.desk.handlers.interactions.inbox(undefined)).map((row) => row.subject),
    )
    .toEqual(['Refund']);
  await second.desk.handlers.interactions.accept(today);
  await expect.poll(() => lineTexts(second.desk, today)).toEqual(['Where is my refund?']);
  // The last run's chat is still what it was.
  expect(await lineTexts(second.desk, yesterday)).toEqual(['My parcel never came']);
  expect(
    (await second.desk.handlers.interactions.history(undefined)).find(
      (row) => row.id === yesterday,
    ),
  ).toMatchObject({ subject: 'Lost parcel' });
}, 30_000);

it("keeps the ids of the demo contacts' history from run to run, and gives new work new ids", async () => {
  const runs: { past: string[]; live: string }[] = [];
  for (let run = 0; run < 2; run += 1) {
    const simulator = await startSimulator({ port: 0, scenario: 'demo' });
    simulators.push(simulator);
    // What UCS holds for Maria and Tom: a desk keeps what it opened of it under these ids.
    const past = [...simulator.world.interactions.values()]
      .filter((interaction) => interaction.state === 'Completed')
      .map((interaction) => interaction.id)
      .sort();
    runs.push({
      past,
      live: simulator.control.startChat({ customerNickName: 'Tom', subject: 'Tea' }),
    });
    await simulator.close();
  }
  const [first, second] = runs;
  expect(first?.past.length).toBeGreaterThan(0);
  expect(second?.past).toEqual(first?.past);
  expect(second?.live).not.toBe(first?.live);
  expect(first?.past).not.toContain(second?.live);
});
