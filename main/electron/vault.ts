import type { CredentialVault } from '../workstation/shellPorts';
import type { ShellSafeStorage } from './electronApi';

/**
 * Linux secret stores Chromium may pick that do not protect anything: `basic_text` encrypts
 * with a key hard-coded in Chromium, `unknown` means it has not chosen (or could not).
 */
const UNPROTECTED_LINUX_BACKENDS: ReadonlySet<string> = new Set(['basic_text', 'unknown']);

export const NO_KEYRING_REASON =
  'There is no keyring such as GNOME Keyring or KWallet on this system, so the password would only be obfuscated; Switchboard will not store it.';
export const NO_ENCRYPTION_REASON =
  "The operating system's secret store is not available, so Switchboard will not store the password.";

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
  const unavailableReason = (): string | undefined => {
    if (
      platform === 'linux' &&
      UNPROTECTED_LINUX_BACKENDS.has(safeStorage.getSelectedStorageBackend())
    ) {
      return NO_KEYRING_REASON;
    }
    return safeStorage.isEncryptionAvailable() ? undefined : NO_ENCRYPTION_REASON;
  };
  const refuseIfUnavailable = (): void => {
    const reason = unavailableReason();
    if (reason !== undefined) throw new Error(reason);
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
