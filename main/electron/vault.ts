import {
  VAULT_UNAVAILABLE_WORDS,
  type CredentialVault,
  type VaultUnavailable,
} from '../workstation/shellPorts';
import type { ShellSafeStorage } from './electronApi';

/**
 * Linux secret stores Chromium may pick that do not protect anything: `basic_text` encrypts
 * with a key hard-coded in Chromium, `unknown` means it has not chosen (or could not).
 */
const UNPROTECTED_LINUX_BACKENDS: ReadonlySet<string> = new Set(['basic_text', 'unknown']);

export const NO_KEYRING_REASON = VAULT_UNAVAILABLE_WORDS.noKeyring;
export const NO_ENCRYPTION_REASON = VAULT_UNAVAILABLE_WORDS.noSecretStore;

/**
 * The {@link CredentialVault} over Electron's `safeStorage` (Keychain on macOS, DPAPI on
 * Windows, the desktop's keyring on Linux). Where the secret would not really be protected it
 * says why and refuses both ways; the core then does not offer "remember me". Call it only after
 * the app is ready: Linux picks its backend then.
 */
export function createCredentialVault(
  safeStorage: ShellSafeStorage,
  platform: NodeJS.Platform,
): CredentialVault {
  const unavailableReason = (): VaultUnavailable | undefined => {
    if (
      platform === 'linux' &&
      UNPROTECTED_LINUX_BACKENDS.has(safeStorage.getSelectedStorageBackend())
    ) {
      return 'noKeyring';
    }
    return safeStorage.isEncryptionAvailable() ? undefined : 'noSecretStore';
  };
  const refuseIfUnavailable = (): void => {
    const reason = unavailableReason();
    if (reason !== undefined) throw new Error(VAULT_UNAVAILABLE_WORDS[reason]);
  };
  return {
    unavailableReason,
    encrypt: (plain) => {
      refuseIfUnavailable();
      return new Uint8Array(safeStorage.encryptString(plain));
    },
    decrypt: (sealed) => {
      refuseIfUnavailable();
      return safeStorage.decryptString(
        Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength),
      );
    },
  };
}
