import { describe, expect, it, vi } from 'vitest';
import { FakeSafeStorage } from '../../tests/support/fakeElectron';
import { createCredentialVault, NO_ENCRYPTION_REASON, NO_KEYRING_REASON } from './vault';

function storage(settings: Partial<Pick<FakeSafeStorage, 'backend' | 'encryptionAvailable'>>) {
  return Object.assign(new FakeSafeStorage(), settings);
}

describe('createCredentialVault', () => {
  it.each(['basic_text', 'unknown'])(
    'refuses on Linux when the secret store is %s, and says why',
    (backend) => {
      const safeStorage = storage({ backend });
      const encrypt = vi.spyOn(safeStorage, 'encryptString');
      const vault = createCredentialVault(safeStorage, 'linux');
      expect(vault.unavailableReason()).toBe('noKeyring');
      expect(NO_KEYRING_REASON).toMatch(/GNOME Keyring or KWallet.*only be obfuscated/u);
      expect(() => vault.encrypt('demo')).toThrow(NO_KEYRING_REASON);
      expect(encrypt).not.toHaveBeenCalled();
    },
  );

  it('refuses when the OS has no encryption to offer', () => {
    const vault = createCredentialVault(storage({ encryptionAvailable: false }), 'darwin');
    expect(vault.unavailableReason()).toBe('noSecretStore');
    expect(() => vault.encrypt('demo')).toThrow(NO_ENCRYPTION_REASON);
    expect(() => vault.decrypt(new Uint8Array([1, 2, 3]))).toThrow(NO_ENCRYPTION_REASON);
  });

  it.each([
    ['linux', 'gnome_libsecret'],
    ['linux', 'kwallet6'],
    ['win32', 'basic_text'],
    ['darwin', 'unknown'],
  ] as const)('keeps passwords on %s with backend %s', (platform, backend) => {
    // Outside Linux the backend does not apply (Keychain, DPAPI) and is not consulted.
    const vault = createCredentialVault(storage({ backend }), platform);
    expect(vault.unavailableReason()).toBeUndefined();
    const sealed = vault.encrypt('pässwörd 42');
    expect(sealed).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(sealed).includes(Buffer.from('pässwörd 42'))).toBe(false);
    expect(vault.decrypt(sealed)).toBe('pässwörd 42');
  });

  it('opens a sealed value held in a slice of a larger buffer', () => {
    const vault = createCredentialVault(storage({}), 'linux');
    const sealed = vault.encrypt('demo');
    const larger = new Uint8Array(sealed.length + 8);
    larger.set(sealed, 4);
    expect(vault.decrypt(larger.subarray(4, 4 + sealed.length))).toBe('demo');
  });

  it('throws on what it did not seal', () => {
    const vault = createCredentialVault(storage({}), 'linux');
    expect(() => vault.decrypt(new TextEncoder().encode('demo'))).toThrow();
  });
});
