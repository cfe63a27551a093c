import { describe, expect, it, vi } from 'vitest';
import { contract } from '../../common/contract';
import { openDatabase } from '../cache/database';
import { DEFAULT_PREFERENCES } from '../cache/deskState';
import { CacheStore } from '../cache/store';
import { createDispatcher } from '../ipc/dispatcher';
import { workingVault } from '../../tests/support/deskPorts';
import { AccountMemory } from './accountMemory';

// The routing and case-data settings through main's IPC boundary, as the Settings dialog calls
// it: the real contract's settings namespace, its dispatcher and AccountMemory on a real SQLite
// cache. What breaks a rule is refused with its plain sentence and nothing is stored.

function settingsChannel() {
  const store = new CacheStore(openDatabase(':memory:'));
  const memory = new AccountMemory(store, workingVault(), {
    info: () => undefined,
    warn: () => undefined,
  });
  const dispatcher = createDispatcher(
    { settings: contract.settings },
    {
      settings: { get: () => memory.settings(), update: (change) => memory.updateSettings(change) },
    },
    { error: vi.fn() },
  );
  const update = dispatcher.get('switchboard:settings:update');
  if (update === undefined) throw new Error('no settings.update channel');
  return { update: (change: unknown) => update([change]), memory, store };
}

describe('settings.update at the IPC boundary', () => {
  it('stores new codes, key, requirement and queue names, and answers all the settings', async () => {
    const { update, memory, store } = settingsChannel();
    const change = {
      dispositionCodes: ['Resolved', 'Callback booked'],
      dispositionKey: 'WrapUp',
      dispositionRequired: true,
      transferQueueNames: ['Billing'],
    };
    expect(await update(change)).toEqual({
      ok: true,
      value: { ...DEFAULT_PREFERENCES, ...change },
    });
    expect(memory.settings()).toEqual({ ...DEFAULT_PREFERENCES, ...change });
    store.db.close();
  });

  it('stores the language, theme and sound, and answers all the settings', async () => {
    const { update, memory, store } = settingsChannel();
    const change = { language: 'es', theme: 'dark', sound: false };
    expect(await update(change)).toEqual({
      ok: true,
      value: { ...DEFAULT_PREFERENCES, ...change },
    });
    expect(memory.settings()).toEqual({ ...DEFAULT_PREFERENCES, ...change });
    store.db.close();
  });

  it.each([
    [{ language: 'fr' }, 'The language is one the desk speaks.'],
    [{ theme: 'sepia' }, 'The theme is one of system, light or dark.'],
    [{ dispositionCodes: ['Resolved', ''] }, 'A disposition code cannot be blank.'],
    [
      { dispositionCodes: ['Resolved', 'RESOLVED'] },
      'The disposition code "RESOLVED" is listed twice.',
    ],
    [{ dispositionKey: '  ' }, 'The disposition key cannot be blank.'],
    [{ transferQueueNames: [''] }, 'A queue name cannot be blank.'],
  ])('refuses %j with "%s" and keeps what was stored', async (change, sentence) => {
    const { update, memory, store } = settingsChannel();
    const answer = await update(change);
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.kind).toBe('invalidArgument');
    expect(answer.error.message).toContain(sentence);
    expect(memory.settings()).toEqual(DEFAULT_PREFERENCES);
    store.db.close();
  });
});
