import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { openDesk, type Desk, type DeskOptions } from '../../main/workstation/desk';
import type { WindowControl } from '../../main/workstation/shellPorts';
import type { Simulator } from '../../simulator/server';
import { osRecorder, testDeskOptions, workingVault, type OsRecorder } from './deskPorts';

export interface SignedInDeskOptions {
  /** What the desk pushes to the renderer (nothing is kept by default). */
  readonly send?: DeskOptions['send'];
  /** Whether the agent cannot see the window (the recorder's window is in sight otherwise). */
  readonly hidden?: () => boolean;
  /** Set Ready once signed in (so that routing offers the agent work); true by default. */
  readonly ready?: boolean;
  /** An earlier desk's data folder (that desk shut down first): a restarted desk. */
  readonly dataDir?: string;
  /** Sign agent1 in; true by default. false: the desk waits at its sign-in form. */
  readonly signIn?: boolean;
}

export interface SignedInDesk {
  readonly desk: Desk;
  readonly os: OsRecorder;
  /** Its data folder (removed after the test). */
  readonly dataDir: string;
}

/** Signs the demo's agent1 in on the desk (again, after a sign-out), not remembered. */
export async function signInAgent1(desk: Desk, simulator: Simulator): Promise<void> {
  await desk.handlers.session.signIn({
    serverUrl: simulator.url,
    userName: 'agent1',
    password: 'demo',
    remember: false,
  });
}

/** A desk's log that says nothing: these tests read what the desk does. */
const QUIET = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/**
 * Desk cores for tests of the desk's services, each on a fresh data folder, signed in as the
 * demo's agent1 on the simulator with a working vault; the OS ports are recorders. Each test's
 * desks are shut down and their folders removed after it. Call after `useSimulator()`, so that
 * the desks go before their simulator does.
 */
export function useSignedInDesks(): {
  open: (simulator: Simulator, options?: SignedInDeskOptions) => Promise<SignedInDesk>;
} {
  const folders: string[] = [];
  const desks: Desk[] = [];
  afterEach(async () => {
    await Promise.all(desks.splice(0).map((desk) => desk.shutdown()));
    await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  const open = async (
    simulator: Simulator,
    options: SignedInDeskOptions = {},
  ): Promise<SignedInDesk> => {
    const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'switchboard-desk-')));
    if (!folders.includes(dataDir)) folders.push(dataDir);
    const os = osRecorder();
    const ports = testDeskOptions(os, simulator, workingVault());
    const { hidden } = options;
    const window: WindowControl = hidden === undefined ? ports.window : { ...ports.window, hidden };
    const desk = await openDesk({
      dataDir,
      send: options.send ?? (() => undefined),
      ...ports,
      window,
      log: QUIET,
    });
    desks.push(desk);
    if (options.signIn === false) return { desk, os, dataDir };
    await signInAgent1(desk, simulator);
    if (options.ready !== false) await desk.handlers.agent.setReady(undefined);
    return { desk, os, dataDir };
  };
  return { open };
}

/** Ann's e-mail about invoice 77 arrives and the desk's agent accepts it; answers its id. */
export async function acceptedInvoiceEmail(simulator: Simulator, desk: Desk): Promise<string> {
  const inboundId = simulator.control.receiveEmail({
    from: 'ann@example.com',
    fromPersonal: 'Ann Example',
    subject: 'Question about invoice 77',
    text: 'Has invoice 77 been paid?',
  });
  await expect.poll(async () => desk.handlers.interactions.get(inboundId)).not.toBeNull();
  await desk.handlers.interactions.accept(inboundId, undefined);
  return inboundId;
}
