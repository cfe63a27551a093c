import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { channelName } from '../../common/contract';
import { SwitchboardFailure } from '../../common/errors';
import type { SessionState } from '../../common/model';
import { openDesk, type Desk } from '../../main/workstation/desk';
import type { FeaturesAnswer } from '../../simulator/operations/types';
import type { Simulator } from '../../simulator/server';
import { eventually } from '../support/clientWithCache';
import { osRecorder, refusingVault, testDeskOptions } from '../support/deskPorts';
import { useSimulator } from '../support/simulatorHarness';

// The contact center's features (003 "Features") as the desk reads them once after sign-in:
// a list without api-multimedia (not assigned by default: no e-mail, no chat) becomes a fact
// of the session state, pushed to the renderer; a /features that cannot be read claims nothing
// and holds nothing up. Real simulator, real SQLite, the desk core as the shell runs it.

const CONNECTION_CHANGED = channelName('session', 'connectionChanged');

const harness = useSimulator();
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface FeaturesDesk {
  readonly desk: Desk;
  /** The session states the desk pushed to the renderer, oldest first. */
  readonly pushed: SessionState[];
  readonly debug: string[];
  readonly warnings: string[];
}

async function openFeaturesDesk(simulator: Simulator): Promise<FeaturesDesk> {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-features-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const pushed: SessionState[] = [];
  const debug: string[] = [];
  const warnings: string[] = [];
  const desk = await openDesk({
    dataDir,
    send: (channel, payload) => {
      if (channel === CONNECTION_CHANGED) pushed.push(payload as SessionState);
    },
    ...testDeskOptions(osRecorder(), simulator, refusingVault),
    searchWorker: false,
    checkCache: false,
    log: {
      debug: (message) => debug.push(message),
      info: () => undefined,
      warn: (message) => warnings.push(message),
      error: () => undefined,
    },
  });
  cleanups.push(() => desk.shutdown());
  return { desk, pushed, debug, warnings };
}

async function signIn({ desk }: FeaturesDesk, simulator: Simulator): Promise<SessionState> {
  const state = await desk.handlers.session.signIn({
    serverUrl: simulator.url,
    userName: 'agent1',
    password: 'demo',
    remember: false,
  });
  expect(state.connection.state).toBe('connected');
  return state;
}

/** Waits until the desk has read the features (the list, or why it could not). */
async function featuresRead(opened: FeaturesDesk, seen: { debug: number; warnings: number }) {
  await eventually(
    () =>
      opened.debug.slice(seen.debug).some((line) => line.includes("contact center's features")) ||
      opened.warnings.slice(seen.warnings).some((line) => line.includes('features')),
    'the features read',
  );
}

const marks = (opened: FeaturesDesk) => ({
  debug: opened.debug.length,
  warnings: opened.warnings.length,
});

describe('the contact center’s features after sign-in', () => {
  it('without api-multimedia: the session state says so, pushed, until the session ends', async () => {
    const simulator = await harness.start({ withoutMultimedia: true });
    const opened = await openFeaturesDesk(simulator);
    await signIn(opened, simulator);

    await eventually(
      () => opened.pushed.some((state) => state.multimediaMissing === true),
      'a pushed session state without multimedia',
    );
    expect((await opened.desk.handlers.session.getState()).multimediaMissing).toBe(true);

    await opened.desk.handlers.session.signOut();
    const signedOut = await opened.desk.handlers.session.getState();
    expect(signedOut.multimediaMissing).toBeUndefined();
    expect(opened.pushed.at(-1)?.multimediaMissing).toBeUndefined();

    // The next session is judged on its own list: the feature enabled meanwhile.
    simulator.control.setFeatures('all');
    const before = marks(opened);
    await signIn(opened, simulator);
    await featuresRead(opened, before);
    expect((await opened.desk.handlers.session.getState()).multimediaMissing).toBeUndefined();
  });

  it('with api-multimedia (the simulator’s default) claims nothing', async () => {
    const simulator = await harness.start();
    const opened = await openFeaturesDesk(simulator);
    await signIn(opened, simulator);
    await featuresRead(opened, marks(opened));

    expect(opened.debug.join('\n')).toContain('api-multimedia');
    expect(opened.warnings).toEqual([]);
    expect((await opened.desk.handlers.session.getState()).multimediaMissing).toBeUndefined();
    expect(opened.pushed.filter((state) => state.multimediaMissing !== undefined)).toEqual([]);
  });

  it('a server that refuses to start e-mail and chat without api-multimedia: sign-in is refused saying why', async () => {
    // 003 "Features": a disabled feature's operations answer as if it did not exist, so
    // StartContactCenterSession on e-mail and chat is refused (2, not valid) by the server.
    const simulator = await harness.start();
    simulator.control.setFeatures('multimediaDisabled');
    const opened = await openFeaturesDesk(simulator);
    let refused: unknown;
    try {
      await opened.desk.handlers.session.signIn({
        serverUrl: simulator.url,
        userName: 'agent1',
        password: 'demo',
        remember: false,
      });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(SwitchboardFailure);
    expect(refused).toMatchObject({ kind: 'invalidState', code: 'multimediaMissing' });
    expect((refused as Error).message).toContain('no api-multimedia feature');
    expect((await opened.desk.handlers.session.getState()).connection.state).toBe('signedOut');

    // Enabled meanwhile: signed in as usual.
    simulator.control.setFeatures('all');
    await signIn(opened, simulator);
  });

  it('a /features it cannot read (404, 403, an error status, no list) is logged, and claims nothing', async () => {
    const simulator = await harness.start();
    const opened = await openFeaturesDesk(simulator);
    const unreadable: FeaturesAnswer[] = ['notFound', 'forbidden', 'internal', 'malformed'];
    for (const answer of unreadable) {
      simulator.control.setFeatures(answer);
      const before = marks(opened);
      // Signed in all the same: the read comes after, and nothing waits for it.
      await signIn(opened, simulator);
      await featuresRead(opened, before);
      const warned = opened.warnings.slice(before.warnings);
      expect(warned.some((line) => line.includes('features could not be read'))).toBe(true);
      const state = await opened.desk.handlers.session.getState();
      expect(state.connection.state).toBe('connected');
      expect(state.multimediaMissing).toBeUndefined();
      expect(opened.pushed.filter((pushed) => pushed.multimediaMissing !== undefined)).toEqual([]);
      await opened.desk.handlers.session.signOut();
    }
  });
});
