import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionStateSchema, type ConnectionState } from '../../../common/model';
import { setLocale } from '../i18n';
import { blockWithCache, serverActionBlock, serverActionReason } from './serverAction';

// The store behind the directive talks to main; these tests need only the decision.
vi.mock('../api', () => ({ api: {} }));

// Whether a server action is possible now, and why not (issue 15 item 5): one decision for
// every button, handler and shortcut.

const session = (state: ConnectionState, offline = false) => ({
  offline,
  connection: { state, reason: '' },
});

afterEach(() => {
  setLocale('en');
});

describe('serverActionBlock', () => {
  it.each([
    ['connected', undefined],
    ['connecting', 'signingIn'],
    ['reconnecting', 'reconnecting'],
    ['offline', 'offline'],
    ['signedOut', 'signedOut'],
  ] as const)('a link %s blocks with %s', (state, block) => {
    expect(serverActionBlock(session(state))).toBe(block);
  });

  it('blocks everything during an offline review, whatever the link says', () => {
    for (const state of ConnectionStateSchema.options)
      expect(serverActionBlock(session(state, true))).toBe('offlineReview');
  });
});

describe('blockWithCache', () => {
  it('lets an action that reads the cache run offline and in offline review, not signed out', () => {
    expect(blockWithCache(undefined)).toBeUndefined();
    for (const block of ['offlineReview', 'reconnecting', 'offline', 'signingIn'] as const)
      expect(blockWithCache(block)).toBeUndefined();
    expect(blockWithCache('signedOut')).toBe('signedOut');
  });
});

describe('serverActionReason', () => {
  it('says why in the desk’s language', () => {
    expect(serverActionReason('offlineReview')).toBe('Offline: sign in to do this');
    expect(serverActionReason('reconnecting')).toBe(
      'Reconnecting to the server: wait until the desk is connected',
    );
    setLocale('de');
    expect(serverActionReason('offline')).toBe(
      'Offline: Der Server ist nicht erreichbar; das geht wieder, sobald er zurück ist',
    );
    setLocale('es');
    expect(serverActionReason('signingIn')).toBe(
      'Iniciando sesión: espera a que el escritorio esté conectado',
    );
  });
});
