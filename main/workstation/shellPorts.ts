import type { LeaveAction, WorkInProgress } from '../../common/leaving';
import type { NotReadyReason, SessionState } from '../../common/model';
import type { Alert, AlertActionId } from './alerts';
import type { TrayState } from './trayState';

export type { NotReadyReason } from '../../common/model';

/**
 * The seam between the workstation core and the desktop shell (main/electron/). The core decides
 * everything — what the tray shows, which notification to raise, what a click does, whether a
 * password may be stored — and reaches the OS only through the ports below, which the shell
 * implements over Electron and tests implement with plain objects.
 */

/** Why the OS's secret store cannot keep a password (SessionState's `rememberUnavailable`). */
export type VaultUnavailable = NonNullable<SessionState['rememberUnavailable']>;

/** The reasons in English, for the log and the errors' technical message. */
export const VAULT_UNAVAILABLE_WORDS: Readonly<Record<VaultUnavailable, string>> = {
  noKeyring:
    'There is no keyring such as GNOME Keyring or KWallet on this system, so the password would only be obfuscated; Switchboard will not store it.',
  noSecretStore:
    "The operating system's secret store is not available, so Switchboard will not store the password.",
};

/**
 * The OS's secret store (Electron `safeStorage` in the shell). Passwords are kept only as what
 * {@link encrypt} returns; when {@link unavailableReason} answers a reason, "remember me" is
 * refused with that reason and nothing is written.
 */
export interface CredentialVault {
  /**
   * Why passwords cannot be kept safely here, or undefined: Linux without a keyring
   * (`noKeyring`), or no secret store at all (`noSecretStore`). The desk words it in its
   * language; {@link VAULT_UNAVAILABLE_WORDS} in the log.
   */
  unavailableReason(): VaultUnavailable | undefined;
  /** Seals a secret; throws when the vault is unavailable. */
  encrypt(plain: string): Uint8Array;
  /** Opens what {@link encrypt} sealed; throws when it cannot (another user, a new keyring). */
  decrypt(sealed: Uint8Array): string;
}

/** OS notifications: the shell renders the core's {@link Alert}s and reports clicks by id. */
export interface NotificationSink {
  show(alert: Alert): void;
  close(alertId: string): void;
}

/** What the shell reports back about a notification it showed. */
export interface NotificationFeedback {
  /** The notification's body was clicked. */
  alertClicked(alertId: string): void;
  /** One of its actions (Accept, Reject) was chosen. */
  alertAction(alertId: string, action: AlertActionId): void;
}

/** The window, as far as the core needs it. */
export interface WindowControl {
  /** Shows, restores and focuses the window (on an interaction, when one is named). */
  focus(interactionId?: string): void;
  /**
   * Whether the agent cannot see the window now (closed to the tray, minimized, not open):
   * news the desk would otherwise show only in the window goes to a notification too. Absent
   * (tests, the headless host): taken as visible.
   */
  hidden?(): boolean;
}

/** Files the agent saves or opens (attachments, transcripts). */
export interface FileDialogs {
  /**
   * Asks where to save `suggestedName`; resolves to the chosen absolute path, or undefined when
   * the agent cancelled.
   */
  chooseSavePath(suggestedName: string): Promise<string | undefined>;
  /** Opens a file with the OS's default application; resolves to an error message or ''. */
  openPath(path: string): Promise<string>;
  /** Opens an https URL in the agent's browser (already validated by the core). */
  openExternal(url: string): Promise<void>;
}

/** The files the agent picks to attach to an e-mail being written (the shell's open dialog). */
export interface AttachmentPicker {
  /** Resolves to the chosen files' absolute paths; none when the agent cancelled. */
  chooseFilesToAttach(): Promise<string[]>;
}

/** What the native guard dialog asks, worded in the desk's language (leaveQuestion.ts). */
export interface LeaveQuestion {
  readonly action: LeaveAction;
  readonly work: readonly WorkInProgress[];
  /** "Sign out with work in progress?" */
  readonly title: string;
  /** The explanation, then one line per interaction. */
  readonly detail: string;
  /** "Sign out anyway" / "Quit anyway". */
  readonly confirm: string;
  readonly cancel: string;
}

/**
 * Asks the agent whether to leave work in progress behind (the shell's native dialog, with
 * Cancel first and the confirming button).
 */
export interface LeaveConfirmation {
  /** Resolves true when the agent chose to go on anyway, false when it cancelled. */
  confirmLeaving(question: LeaveQuestion): Promise<boolean>;
}

/** What the tray menu asks of the core. */
export type TrayCommand =
  | { readonly kind: 'ready' }
  | { readonly kind: 'notReady'; readonly operationName?: string }
  | { readonly kind: 'dnd'; readonly on: boolean }
  | { readonly kind: 'signOut' };

/**
 * The core as the shell sees it: the tray's state to render, the menu's reasons, the commands
 * of the tray menu, notification feedback, and the lifecycle hooks.
 */
export interface DeskForShell extends NotificationFeedback {
  readonly trayState: TrayState;
  onTrayState(listener: (state: TrayState) => void): () => void;
  /** The Not Ready reasons to list in the tray menu (empty until signed in). */
  notReadyReasons(): readonly NotReadyReason[];
  /** The reasons changed (they are read after sign-in and forgotten on sign-out). */
  onNotReadyReasons(listener: (reasons: readonly NotReadyReason[]) => void): () => void;
  /** Runs a tray menu command; failures are logged by the core, never thrown. */
  trayCommand(command: TrayCommand): Promise<void>;
  /** Whether an agent is signed in (closing the window then hides it to the tray). */
  readonly signedIn: boolean;
  /** The OS resumed or the screen was unlocked: check the connection and resync. */
  checkConnection(): Promise<void>;
  /**
   * Whether quitting may go on: true at once when no interaction is in progress, else what the
   * agent answered the {@link LeaveConfirmation} listing them. The shell asks before it quits
   * on the agent's word (the tray's Quit), not when the OS ends the session.
   */
  mayQuit(): Promise<boolean>;
  /** Signs out cleanly and closes the cache; the shell quits once it resolves. */
  shutdown(): Promise<void>;
}
