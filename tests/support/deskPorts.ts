import type { Alert } from '../../main/workstation/alerts';
import type { DeskOptions } from '../../main/workstation/desk';
import type { CredentialVault } from '../../main/workstation/shellPorts';
import type { Simulator } from '../../simulator/server';

/**
 * The desk core's OS ports as tests give them (main/workstation/shellPorts.ts): vaults that
 * refuse or seal reversibly, and recorders for notifications, the window and file dialogs. The
 * desk itself, its cache and the GWS traffic stay real.
 */

/** A vault with no safe backend: "remember me" must be refused with this reason. */
export const REFUSING_VAULT_REASON = 'noKeyring';
export const refusingVault: CredentialVault = {
  unavailableReason: () => REFUSING_VAULT_REASON,
  encrypt: () => {
    throw new Error('unavailable');
  },
  decrypt: () => {
    throw new Error('unavailable');
  },
};

/** A vault that seals by flipping and reversing bytes: never the plaintext. */
export function workingVault(): CredentialVault {
  const flip = (bytes: Uint8Array) => Uint8Array.from(bytes, (byte) => byte ^ 0x5a).reverse();
  return {
    unavailableReason: () => undefined,
    encrypt: (plain) => flip(new TextEncoder().encode(plain)),
    decrypt: (sealed) => new TextDecoder().decode(flip(sealed)),
  };
}

/** What the desk asked of the OS. */
export interface OsRecorder {
  readonly shown: Alert[];
  readonly closed: string[];
  readonly focused: (string | undefined)[];
  readonly opened: string[];
  /** Links handed to the agent's browser (the shell's external-link path). */
  readonly browsed: string[];
  /** What the next "Save as" dialog answers (undefined: the agent cancels). */
  savePath: string | undefined;
  /** What the next "Attach files" dialog answers (empty: the agent cancels). */
  attachPaths: string[];
}

export function osRecorder(): OsRecorder {
  return {
    shown: [],
    closed: [],
    focused: [],
    opened: [],
    browsed: [],
    savePath: undefined,
    attachPaths: [],
  };
}

/**
 * The password verifier tests' desks make at each sign-in: 2^10 instead of 2^15 (no security
 * asked of a test's verifier; the shipped cost takes ~0.2 s of CPU, and the suite signs in some
 * 300 times). The desk test "keeps the verifier at the shipped cost" covers the shipped one.
 */
export const TEST_VERIFIER_COST = { cost: 2 ** 10, blockSize: 8, parallelism: 1 } as const;

/**
 * Every option of {@link DeskOptions} but the data folder, `send` and the log: recording ports,
 * the given vault, the simulator as the demo server, and a GWS client that retries quickly.
 */
export function testDeskOptions(
  os: OsRecorder,
  simulator: Simulator,
  vault: CredentialVault,
): Omit<DeskOptions, 'dataDir' | 'send' | 'log'> {
  return {
    vault,
    notifications: {
      show: (alert) => os.shown.push(alert),
      close: (id) => os.closed.push(id),
    },
    window: { focus: (id) => os.focused.push(id) },
    files: {
      chooseSavePath: () => Promise.resolve(os.savePath),
      chooseFilesToAttach: () => Promise.resolve(os.attachPaths),
      openPath: (path) => {
        os.opened.push(path);
        return Promise.resolve('');
      },
      openExternal: (url) => {
        os.browsed.push(url);
        return Promise.resolve();
      },
    },
    // The machine's own facts, as main/index.ts gives them from `process`.
    runtime: {
      name: 'Switchboard',
      version: '0.1.0',
      platform: process.platform,
      arch: process.arch,
      versions: { node: process.versions.node },
    },
    startDemo: () =>
      Promise.resolve({
        serverUrl: simulator.url,
        userName: 'agent1',
        password: 'demo',
        close: () => Promise.resolve(),
      }),
    session: { maxBackoffMs: 200 },
    searchWorker: false,
    passwordVerifierCost: TEST_VERIFIER_COST,
  };
}
