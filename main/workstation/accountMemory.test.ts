import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../cache/database';
import { DEFAULT_PREFERENCES } from '../cache/deskState';
import { CacheStore } from '../cache/store';
import { refusingVault, workingVault } from '../../tests/support/deskPorts';
import type { Settings } from '../../common/model';
import { normalizeServerUrl } from '../../common/model';
import { AccountMemory, DEMO_ACCOUNT_URL, keyOf } from './accountMemory';
import type { CredentialVault } from './shellPorts';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function cacheFile(): string {
  const folder = mkdtempSync(join(tmpdir(), 'switchboard-memory-'));
  folders.push(folder);
  return join(folder, 'cache.sqlite');
}

function memoryOn(path: string, vault: CredentialVault = workingVault()) {
  const store = new CacheStore(openDatabase(path));
  const warnings: string[] = [];
  const memory = new AccountMemory(store, vault, {
    info: () => undefined,
    warn: (message) => warnings.push(message),
  });
  return { store, memory, warnings };
}

const ann = { serverUrl: 'https://gws.example.com', userName: 'ann', demo: false };

describe('AccountMemory', () => {
  it('keeps the last account and the preferences across a restart', () => {
    const path = cacheFile();
    const first = memoryOn(path);
    expect(first.memory.lastAccount()).toBeUndefined();
    expect(first.memory.settings()).toEqual({
      ...DEFAULT_PREFERENCES,
      sound: true,
      retentionDays: 90,
    });
    first.memory.rememberAccount(ann);
    expect(first.memory.updateSettings({ sound: false })).toEqual({
      ...DEFAULT_PREFERENCES,
      sound: false,
      retentionDays: 90,
    });
    first.store.db.close();

    const second = memoryOn(path);
    expect(second.memory.lastAccount()).toEqual(ann);
    expect(second.memory.settings()).toEqual({
      ...DEFAULT_PREFERENCES,
      sound: false,
      retentionDays: 90,
    });
    second.store.db.close();
  });

  it('keeps the routing and case-data settings per account: the one signed in to last', () => {
    const path = cacheFile();
    const first = memoryOn(path);
    // Before any sign-in: the desk-wide settings, which an account inherits until it changes them.
    first.memory.updateSettings({ dispositionCodes: ['Fixed'], sound: false });
    first.memory.rememberAccount(ann);
    expect(first.memory.settings().dispositionCodes).toEqual(['Fixed']);
    first.memory.updateSettings({ dispositionKey: 'Outcome', transferQueueNames: ['Billing'] });

    const bob = { serverUrl: 'https://gws.example.com', userName: 'bob', demo: false };
    first.memory.rememberAccount(bob);
    expect(first.memory.settings()).toEqual({
      ...DEFAULT_PREFERENCES,
      sound: false,
      dispositionCodes: ['Fixed'],
    });
    first.memory.updateSettings({ sound: true, dispositionRequired: true });
    first.store.db.close();

    // After a restart, Ann's again: her own routing settings, and the sound she had when she
    // saved them (the desk-wide one then), not the one Bob chose.
    const second = memoryOn(path);
    second.memory.rememberAccount(ann);
    expect(second.memory.settings()).toEqual({
      ...DEFAULT_PREFERENCES,
      sound: false,
      dispositionCodes: ['Fixed'],
      dispositionKey: 'Outcome',
      transferQueueNames: ['Billing'],
    });
    second.memory.rememberAccount(bob);
    expect(second.memory.settings().dispositionRequired).toBe(true);
    expect(second.memory.settings().dispositionKey).toBe('DispositionCode');
    second.store.db.close();
  });

  it('keeps the sound, language and theme per account, and says when the settings in effect change', () => {
    const path = cacheFile();
    const first = memoryOn(path);
    const told: Settings[] = [];
    first.memory.onSettingsChanged((settings) => told.push(settings));
    // Before any sign-in: the desk-wide choice, which every account starts from.
    first.memory.updateSettings({ sound: false, language: 'es' });
    expect(told.map(({ sound, language }) => [sound, language])).toEqual([[false, 'es']]);

    first.memory.rememberAccount(ann);
    // Ann reads what the desk had: nothing changed in effect, nothing told.
    expect(told).toHaveLength(1);
    first.memory.updateSettings({ sound: true, language: 'de', theme: 'dark' });
    const bob = { serverUrl: 'https://gws.example.com', userName: 'bob', demo: false };
    first.memory.rememberAccount(bob);
    expect(first.memory.settings()).toMatchObject({
      sound: false,
      language: 'es',
      theme: 'system',
    });
    first.memory.updateSettings({ theme: 'light' });
    first.memory.rememberAccount(ann);
    expect(told.map(({ sound, language, theme }) => [sound, language, theme])).toEqual([
      [false, 'es', 'system'],
      [true, 'de', 'dark'],
      [false, 'es', 'system'],
      [false, 'es', 'light'],
      [true, 'de', 'dark'],
    ]);
    first.store.db.close();

    // A restart: each account's own, and the desk-wide row untouched by either.
    const second = memoryOn(path);
    expect(second.memory.settings()).toMatchObject({ sound: true, language: 'de', theme: 'dark' });
    second.memory.rememberAccount(bob);
    expect(second.memory.settings()).toMatchObject({
      sound: false,
      language: 'es',
      theme: 'light',
    });
    expect(second.store.deskState().preferences()).toMatchObject({
      sound: false,
      language: 'es',
      theme: 'system',
    });
    second.store.db.close();
  });

  it('refuses a language or theme the desk does not have, and keeps the stored ones', () => {
    const { memory, store } = memoryOn(cacheFile());
    expect(() => memory.updateSettings({ language: 'fr' as never })).toThrow();
    expect(() => memory.updateSettings({ theme: 'sepia' as never })).toThrow();
    expect(memory.settings()).toEqual(DEFAULT_PREFERENCES);
    store.db.close();
  });

  it('refuses settings out of range and keeps the stored ones', () => {
    const { memory, store } = memoryOn(cacheFile());
    expect(() => memory.updateSettings({ retentionDays: 0 })).toThrow();
    expect(memory.settings()).toEqual({ ...DEFAULT_PREFERENCES, sound: true, retentionDays: 90 });
    store.db.close();
  });

  it('keeps a password only as the vault sealed it, and forgets it on request', () => {
    const vault = workingVault();
    const { memory, store } = memoryOn(cacheFile(), vault);
    memory.rememberPassword(ann, 's3cret');
    expect(memory.hasPassword(ann)).toBe(true);
    const accountId = store.accountId(keyOf(ann));
    expect([...(store.deskState().sealedPassword(accountId) ?? [])]).toEqual([
      ...vault.encrypt('s3cret'),
    ]);
    expect(memory.password(ann)).toBe('s3cret');
    memory.forgetPassword(ann);
    expect(memory.hasPassword(ann)).toBe(false);
    expect(memory.password(ann)).toBeUndefined();
    store.db.close();
  });

  it('keeps a sealed password while the keyring is locked, and forgets one it can no longer open', () => {
    const path = cacheFile();
    const first = memoryOn(path);
    first.memory.rememberPassword(ann, 's3cret');
    first.store.db.close();

    const locked = memoryOn(path, refusingVault);
    expect(locked.memory.password(ann)).toBeUndefined();
    expect(locked.memory.hasPassword(ann)).toBe(true);
    expect(locked.warnings.join('\n')).toMatch(/cannot be unsealed now/);
    expect(() => {
      locked.memory.assertCanRemember();
    }).toThrow(/will not remember the password/);
    locked.store.db.close();

    const otherKeyring: CredentialVault = {
      unavailableReason: () => undefined,
      encrypt: () => new Uint8Array([1]),
      decrypt: () => {
        throw new Error('the key changed');
      },
    };
    const changed = memoryOn(path, otherKeyring);
    expect(changed.memory.password(ann)).toBeUndefined();
    expect(changed.memory.hasPassword(ann)).toBe(false);
    expect(changed.warnings.join('\n')).toMatch(/could not be unsealed \(the key changed\)/);
    // The log never carries the password.
    expect(changed.warnings.join('\n')).not.toContain('s3cret');
    changed.store.db.close();
  });

  it('keys the demo by a fixed name, so its password and history survive a new port', () => {
    const { memory, store } = memoryOn(cacheFile());
    const today = { serverUrl: 'http://127.0.0.1:41001', userName: 'agent1', demo: true };
    const tomorrow = { ...today, serverUrl: 'http://127.0.0.1:52002' };
    expect(keyOf(today)).toEqual({ serverUrl: DEMO_ACCOUNT_URL, userName: 'agent1' });
    memory.rememberPassword(today, 'demo');
    expect(memory.password(tomorrow)).toBe('demo');
    store.db.close();
  });

  it('normalizes server URLs to their root without a trailing slash', () => {
    expect(normalizeServerUrl('https://gws.example.com/')).toBe('https://gws.example.com');
    expect(normalizeServerUrl('https://gws.example.com:8443/gws//')).toBe(
      'https://gws.example.com:8443/gws',
    );
    // The API's own path, as GWS's documents write its URLs: the client adds it itself.
    expect(normalizeServerUrl('https://gws.example.com:8090/api/v2')).toBe(
      'https://gws.example.com:8090',
    );
    expect(normalizeServerUrl('https://gws.example.com/gws/api/v2/')).toBe(
      'https://gws.example.com/gws',
    );
  });
});
