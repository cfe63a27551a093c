import { SwitchboardFailure, describeError } from '../../common/errors';
import { DEMO_ACCOUNT_URL, SettingsSchema, type Settings } from '../../common/model';
import type { DeskStateStore } from '../cache/deskState';
import { type RememberedAccount } from '../cache/deskState';
import type { AccountKey, CacheStore } from '../cache/store';
import {
  makePasswordVerifier,
  passwordMatches,
  VERIFIER_COST,
  type VerifierCost,
} from './passwordVerifier';
import { VAULT_UNAVAILABLE_WORDS, type CredentialVault, type VaultUnavailable } from './shellPorts';

export { DEMO_ACCOUNT_URL };

/** An account the desk signs in to: where the session connects, and as whom. */
export type Account = RememberedAccount;

/** Whose data an account's rows are: the demo's history survives the simulator's changing port. */
export function keyOf(account: Account): AccountKey {
  return {
    serverUrl: account.demo ? DEMO_ACCOUNT_URL : account.serverUrl,
    userName: account.userName,
  };
}

export interface AccountMemoryLog {
  info(message: string): void;
  warn(message: string): void;
}

/**
 * What the desk remembers about accounts between starts: the last account signed in to, the
 * agent's preferences, and passwords — only ever as the OS's {@link CredentialVault} sealed
 * them, never logged. Where the vault has no safe backend, remembering is refused with its
 * reason; while the keyring is locked a sealed password is kept for later, and one that can no
 * longer be opened (another keyring, another OS user) is forgotten.
 */
export class AccountMemory {
  private readonly state: DeskStateStore;

  constructor(
    private readonly store: CacheStore,
    private readonly vault: CredentialVault,
    private readonly log: AccountMemoryLog,
    /** What a new password verifier costs ({@link VERIFIER_COST}; tests make cheaper ones). */
    private readonly verifierCost: VerifierCost = VERIFIER_COST,
  ) {
    this.state = store.deskState();
  }

  lastAccount(): Account | undefined {
    return this.state.lastAccount();
  }

  /** Makes `account` the desk's: its settings are the ones in effect from now on. */
  rememberAccount(account: Account): void {
    this.changingSettings(() => {
      this.state.saveLastAccount(account);
    });
  }

  /** The account reviewed offline, whose settings apply meanwhile (not remembered as the last). */
  private reviewed: Account | undefined;

  /**
   * The desk reviews `account`'s cache offline (undefined: the review ended): its settings
   * (language, theme…) are the ones in effect and the ones Settings changes, until it ends. It
   * does not become the last account: the next start is still the last one signed in to's.
   */
  reviewAccount(account: Account | undefined): void {
    this.changingSettings(() => {
      this.reviewed = account;
    });
  }

  /** Runs `change`, then tells the listeners if the settings in effect changed with it. */
  private changingSettings(change: () => void): void {
    const before = this.settings();
    change();
    const after = this.settings();
    if (JSON.stringify(after) !== JSON.stringify(before)) this.settingsChanged(after);
  }

  private readonly settingsListeners = new Set<(settings: Settings) => void>();

  /**
   * Calls `listener` with the settings in effect whenever they change: saved in Settings, or
   * another account's after it became the desk's (a sign-in). Answers the unsubscribe.
   */
  onSettingsChanged(listener: (settings: Settings) => void): () => void {
    this.settingsListeners.add(listener);
    return () => this.settingsListeners.delete(listener);
  }

  private settingsChanged(settings: Settings): void {
    for (const listener of [...this.settingsListeners]) {
      try {
        listener(settings);
      } catch (error) {
        // One listener's fault (the tray's language, say) must not undo a save that happened.
        this.log.warn(`a settings listener failed: ${describeError(error)}`);
      }
    }
  }

  /** Why "remember me" cannot be offered on this machine, or undefined. */
  rememberUnavailable(): VaultUnavailable | undefined {
    return this.vault.unavailableReason();
  }

  /**
   * Throws `forbidden` with the vault's reason when a password may not be remembered here; with
   * `password`, also when the vault refuses to seal it now, though it has a backend (a keyring
   * whose unlock prompt was dismissed, the Keychain's "Deny", DPAPI on a broken profile). Asked
   * before signing in: a refusal found only afterwards was logged, and the agent, who asked
   * for "Remember me", learned of it at the next start, asked for the password with no reason.
   */
  assertCanRemember(password?: string): void {
    const reason = this.vault.unavailableReason();
    if (reason !== undefined)
      throw new SwitchboardFailure(
        'forbidden',
        `Switchboard will not remember the password: ${VAULT_UNAVAILABLE_WORDS[reason]}`,
        'passwordNotStored',
      );
    if (password === undefined) return;
    try {
      this.vault.encrypt(password);
    } catch (error) {
      throw new SwitchboardFailure(
        'forbidden',
        `Switchboard will not remember the password: the operating system's secret store refused to seal it (${describeError(error)}).`,
        'passwordNotStored',
      );
    }
  }

  hasPassword(account: Account): boolean {
    const accountId = this.knownAccountId(account);
    return accountId !== undefined && this.state.sealedPassword(accountId) !== undefined;
  }

  /** The remembered password, unsealed; undefined when none is kept or it cannot be opened now. */
  password(account: Account): string | undefined {
    const accountId = this.knownAccountId(account);
    if (accountId === undefined) return undefined;
    const sealed = this.state.sealedPassword(accountId);
    if (sealed === undefined) return undefined;
    const unavailable = this.vault.unavailableReason();
    if (unavailable !== undefined) {
      // A keyring not unlocked yet: keep the sealed password for when it is.
      this.log.warn(
        `the remembered password cannot be unsealed now: ${VAULT_UNAVAILABLE_WORDS[unavailable]}`,
      );
      return undefined;
    }
    try {
      return this.vault.decrypt(sealed);
    } catch (error) {
      // A keyring that changed or another OS user: the sealed password is of no use any more.
      this.log.warn(
        `the remembered password could not be unsealed (${describeError(error)}); forgotten`,
      );
      this.state.forgetSealedPassword(accountId);
      return undefined;
    }
  }

  /**
   * Keeps `password` as the vault seals it. When it cannot be sealed, one sealed before is
   * forgotten: it is not the password asked to be remembered (a change's old one, say), and
   * signing in with it at the next start would be refused, an attempt towards a lock-out.
   */
  rememberPassword(account: Account, password: string): void {
    try {
      this.state.saveSealedPassword(this.accountId(account), this.vault.encrypt(password));
    } catch (error) {
      this.log.warn(
        `the password could not be sealed (${describeError(error)}); none is remembered`,
      );
      try {
        this.forgetPassword(account);
      } catch (forgetting) {
        // The cache refused the write too (a full disk): the change it follows stands.
        this.log.warn(`the sealed password could not be forgotten: ${describeError(forgetting)}`);
      }
    }
  }

  forgetPassword(account: Account): void {
    const accountId = this.knownAccountId(account);
    if (accountId !== undefined) this.state.forgetSealedPassword(accountId);
  }

  /**
   * Keeps a verifier of `password` (a slow salted hash, never the password) for checking it
   * with no server: at each sign-in the server accepted. A failure is logged, never the password.
   */
  async rememberVerifier(account: Account, password: string): Promise<void> {
    try {
      const verifier = await makePasswordVerifier(password, this.verifierCost);
      // The hash takes ~0.1 s on a thread of its own: the desk may have closed its cache (quit
      // during the sign-in at start), and there is nothing left to keep it in.
      if (!this.store.isOpen()) return;
      this.state.savePasswordVerifier(this.accountId(account), verifier);
    } catch (error) {
      this.log.warn(`the password verifier could not be kept: ${describeError(error)}`);
    }
  }

  /**
   * Whether `password` is the one the server last accepted for `account` on this machine:
   * `unknown` when no verifier is kept (an account cached before verifiers, or never signed in
   * online here).
   */
  async checkPassword(
    account: Account,
    password: string,
  ): Promise<'matches' | 'refused' | 'unknown'> {
    const accountId = this.knownAccountId(account);
    const verifier = accountId === undefined ? undefined : this.state.passwordVerifier(accountId);
    if (verifier === undefined) return 'unknown';
    return (await passwordMatches(password, verifier)) ? 'matches' : 'refused';
  }

  /** Forgets the verifier: the server refused the password it was made from. */
  forgetVerifier(account: Account): void {
    const accountId = this.knownAccountId(account);
    if (accountId !== undefined) this.state.forgetPasswordVerifier(accountId);
  }

  /**
   * The settings as the desk's account sees them: retention is the desk's, everything else the
   * account's own (routing and case data, invitations, sound, language, theme: an account that
   * never changed them, or no account yet, reads the desk-wide ones). The desk's account is the
   * one reviewed offline ({@link reviewAccount}) while a review lasts, else the one signed in to
   * last: the one signed in now, or, signed out, the one whose cached work the desk still shows.
   */
  settings(): Settings {
    return this.state.preferences(this.deskAccountId());
  }

  /** Changes some settings; answers all of them. */
  updateSettings(change: Partial<Settings>): Settings {
    const accountId = this.deskAccountId();
    const next = SettingsSchema.parse({ ...this.state.preferences(accountId), ...change });
    this.state.savePreferences(next, accountId);
    this.settingsChanged(next);
    return next;
  }

  /** The cache's id of the account signed in to last, remembered for the last one asked. */
  private lastAccountId: { readonly key: string; readonly id: number } | undefined;

  private deskAccountId(): number | undefined {
    const account = this.reviewed ?? this.lastAccount();
    if (account === undefined) return undefined;
    const { serverUrl, userName } = keyOf(account);
    const key = JSON.stringify([serverUrl, userName]);
    if (this.lastAccountId?.key !== key)
      this.lastAccountId = { key, id: this.store.accountId({ serverUrl, userName }) };
    return this.lastAccountId.id;
  }

  /** The account's id, its row made if the cache has none: for keeping something of it. */
  private accountId(account: Account): number {
    return this.store.accountId(keyOf(account));
  }

  /** The account's id if the cache has a row for it: reading or forgetting makes none. */
  private knownAccountId(account: Account): number | undefined {
    return this.store.knownAccountId(keyOf(account));
  }
}
