import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Locale } from '../../common/i18n/locales';
import { openDesk, type Desk } from '../../main/workstation/desk';
import { osRecorder, refusingVault, testDeskOptions } from '../support/deskPorts';
import { useSimulator } from '../support/simulatorHarness';

// The desk's language as main speaks it (tray menu, OS notifications): the agent's choice kept
// per account in a real cache, or the OS's, told once per change. Real simulator, real SQLite.

const harness = useSimulator();
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openSpanishOsDesk(): Promise<Desk> {
  const simulator = await harness.start();
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-language-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const desk = await openDesk({
    dataDir,
    send: () => undefined,
    ...testDeskOptions(osRecorder(), simulator, refusingVault),
    systemLanguages: ['es-MX', 'en-US'],
    searchWorker: false,
    checkCache: false,
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    },
  });
  cleanups.push(() => desk.shutdown());
  return desk;
}

async function signInAs(desk: Desk, userName: string): Promise<void> {
  await desk.handlers.session.signOut();
  const { serverUrl } = await desk.handlers.session.getState();
  const state = await desk.handlers.session.signIn({
    serverUrl: serverUrl === '' ? harness.simulator.url : serverUrl,
    userName,
    password: 'demo',
    remember: false,
  });
  expect(state.connection.state).toBe('connected');
}

describe('the desk’s language for main', () => {
  it('follows the OS until chosen, tells each change once, and is each account’s own', async () => {
    const desk = await openSpanishOsDesk();
    const told: Locale[] = [];
    const stop = desk.onLanguageChanged((locale) => told.push(locale));
    expect(desk.language()).toBe('es');

    await signInAs(desk, 'agent1');
    await desk.handlers.settings.update({ language: 'de' });
    expect(desk.language()).toBe('de');
    // Saving something else is no change of language.
    await desk.handlers.settings.update({ theme: 'dark' });
    expect(told).toEqual(['de']);

    // agent2 never chose: the OS's language again; agent1 back: German again.
    await signInAs(desk, 'agent2');
    expect(desk.language()).toBe('es');
    await signInAs(desk, 'agent1');
    expect(desk.language()).toBe('de');
    expect(told).toEqual(['de', 'es', 'de']);

    await desk.handlers.settings.update({ language: 'system' });
    stop();
    await desk.handlers.settings.update({ language: 'en' });
    expect(told).toEqual(['de', 'es', 'de', 'es']);
  });
});
