import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Result, SwitchboardError } from '../../../common/errors';
import type {
  CachedAccount,
  ConnectionStatus,
  OfflineAccount,
  SessionState,
  SignInRequest,
} from '../../../common/model';
import { subscriptions } from '../lib/subscriptions';
import { api } from '../api';

const SIGNED_OUT: ConnectionStatus = { state: 'signedOut', reason: '' };
/** Reasons that say only that nobody is signed in: nothing to tell the agent. */
const PLAIN_SIGNED_OUT: ReadonlySet<string> = new Set(['', 'not signed in', 'signed out']);

/**
 * The session with the GWS server as main reports it: who is signed in, the link's state, and
 * what the sign-in form pre-fills. The password is an argument of {@link signIn} and nothing
 * else: no store ever holds it.
 */
export const useSessionStore = defineStore('session', () => {
  const state = shallowRef<SessionState | null>(null);
  const loadError = ref<SwitchboardError | null>(null);
  const signingIn = ref(false);
  const signInError = ref<SwitchboardError | null>(null);
  const signingOut = ref(false);
  const signOutError = ref<SwitchboardError | null>(null);

  const connection = computed<ConnectionStatus>(() => state.value?.connection ?? SIGNED_OUT);
  /**
   * The connection's reason as a failed sign-in attempt left it: that attempt's own failure,
   * which its alert (with Details) already tells, not why a session ended.
   */
  const reasonOfFailedAttempt = ref<string | undefined>(undefined);
  /**
   * Why the last session ended, when main says more than that nobody is signed in ("the server
   * refused the stored credentials"): the sign-in form shows it. Not while a sign-in runs, and
   * not a failed attempt's own reason: an attempt's outcome replaces what the form said before.
   */
  const signedOutReason = computed(() => {
    const { state: linkState, reason } = connection.value;
    if (linkState !== 'signedOut' || state.value?.agent !== undefined) return undefined;
    if (signingIn.value || reason === reasonOfFailedAttempt.value) return undefined;
    const words = reason.trim();
    return PLAIN_SIGNED_OUT.has(words.toLowerCase().replace(/[.!]+$/u, '')) ? undefined : words;
  });
  /** Why the last session ended, when it was the server refusing the password (the desk words it). */
  const signedOutRefusal = computed(() =>
    signedOutReason.value === undefined ? undefined : connection.value.refusal,
  );
  const agent = computed(() => state.value?.agent);
  /**
   * The desk shows while an agent is signed in, and also while the link is being made or is
   * down (the cache stays readable); the form shows only when fully signed out. A sign-in in
   * progress keeps the form up, so that a failure lands where the agent typed.
   */
  const showDesk = computed(
    () =>
      state.value !== null &&
      !signingIn.value &&
      (state.value.agent !== undefined ||
        state.value.offline === true ||
        state.value.connection.state !== 'signedOut'),
  );
  /** The desk reads a cached account with no server (offline review): nothing is sent. */
  const offline = computed(() => state.value?.offline === true);
  /**
   * An account's desk is open, signed in or reviewed offline: what the cache keeps of it (its
   * workbins as last read) can be shown, the server's copy or, with no server, the cache's.
   */
  const accountOpen = computed(() => agent.value !== undefined || offline.value);
  /** The contact center lacks api-multimedia: no e-mail or chat will come (main read /features). */
  const multimediaMissing = computed(() => state.value?.multimediaMissing === true);

  /** The accounts whose cache this machine holds (what "Open offline" offers). */
  const cachedAccounts = shallowRef<readonly CachedAccount[]>([]);
  /** The agent signed out on this desk: the form offers to review the cache ("Review offline"). */
  const signedOutHere = ref(false);
  const offlineError = ref<SwitchboardError | null>(null);
  const openingOffline = ref(false);

  async function loadCachedAccounts(): Promise<void> {
    const result = await api.session.cachedAccounts();
    if (result.ok) cachedAccounts.value = result.value;
    else offlineError.value = result.error;
  }

  /**
   * Opens a cached account read-only with no server, with its password (an argument only,
   * never kept); answers whether it opened.
   */
  async function openOffline(account: OfflineAccount): Promise<boolean> {
    if (openingOffline.value) return false;
    openingOffline.value = true;
    offlineError.value = null;
    // A later attempt: what the last sign-in said no longer applies.
    signInError.value = null;
    try {
      const result = await api.session.openOffline({
        serverUrl: account.serverUrl,
        userName: account.userName,
        password: account.password,
      });
      if (result.ok) state.value = result.value;
      else offlineError.value = result.error;
      return result.ok;
    } finally {
      openingOffline.value = false;
    }
  }

  /** Leaves the offline review for the sign-in form (to sign in; no restart needed). */
  async function leaveOffline(): Promise<void> {
    const result = await api.session.leaveOffline();
    if (result.ok) state.value = result.value;
    else offlineError.value = result.error;
  }

  async function load(): Promise<void> {
    const result = await api.session.getState();
    if (result.ok) {
      state.value = result.value;
      loadError.value = null;
    } else {
      loadError.value = result.error;
    }
  }

  /** Signs in; answers whether it worked (the failure is in {@link signInError}). */
  async function signIn(request: SignInRequest): Promise<boolean> {
    // The form stays enabled while a sign-in runs (so that focus is not lost); a second submit
    // waits for the first.
    if (signingIn.value) return false;
    signingIn.value = true;
    // A new attempt: whatever the form said about earlier ones no longer applies.
    signInError.value = null;
    forgetError.value = null;
    offlineError.value = null;
    try {
      const result = await api.session.signIn(request);
      if (result.ok) {
        state.value = result.value;
        reasonOfFailedAttempt.value = undefined;
        return true;
      }
      signInError.value = result.error;
      // The connection events of a failed attempt may have changed what the form pre-fills.
      await load();
      reasonOfFailedAttempt.value = state.value?.connection.reason;
      return false;
    } finally {
      signingIn.value = false;
    }
  }

  async function signOut(): Promise<void> {
    signingOut.value = true;
    signOutError.value = null;
    try {
      const result = await api.session.signOut();
      if (!result.ok) signOutError.value = result.error;
      else signedOutHere.value = true;
      await load();
    } finally {
      signingOut.value = false;
    }
  }

  const forgetError = ref<SwitchboardError | null>(null);
  /** Deletes the remembered password; main reports the new state as a connection change. */
  async function forgetPassword(): Promise<void> {
    forgetError.value = null;
    const result = await api.session.forgetPassword();
    if (!result.ok) forgetError.value = result.error;
    await load();
  }

  /**
   * ChangePassword for the signed-in agent; answers main's result (a refusal carries the
   * server's reason in one sentence). The passwords are arguments only, never kept.
   */
  async function changePassword(oldPassword: string, newPassword: string): Promise<Result<void>> {
    const result = await api.session.changePassword(oldPassword, newPassword);
    return result.ok ? { ok: true, value: undefined } : result;
  }

  const checking = ref(false);
  const checkError = ref<SwitchboardError | null>(null);
  /** Bumped by {@link clearDeskErrors}: a check asked for on the desk that went is dropped. */
  let deskEpoch = 0;
  /** Asks main to check the link now instead of waiting for the next retry (once at a time). */
  async function checkConnection(): Promise<void> {
    if (checking.value) return;
    checking.value = true;
    checkError.value = null;
    const asked = deskEpoch;
    try {
      const result = await api.session.checkConnection();
      if (asked === deskEpoch && !result.ok) checkError.value = result.error;
    } finally {
      if (asked === deskEpoch) checking.value = false;
    }
  }

  /** Forgets the desk's errors when it goes (sign-out): the next agent starts clean. */
  function clearDeskErrors(): void {
    deskEpoch += 1;
    signOutError.value = null;
    checkError.value = null;
    checking.value = false;
  }

  /** Follows main's connection reports. */
  const { start, stop } = subscriptions(() => [
    api.session.onConnectionChanged((next) => {
      state.value = next;
    }),
  ]);

  return {
    state,
    loadError,
    signingIn,
    signInError,
    signingOut,
    signOutError,
    forgetError,
    checking,
    checkError,
    connection,
    signedOutReason,
    signedOutRefusal,
    agent,
    showDesk,
    offline,
    accountOpen,
    multimediaMissing,
    cachedAccounts,
    signedOutHere,
    offlineError,
    openingOffline,
    loadCachedAccounts,
    openOffline,
    leaveOffline,
    load,
    signIn,
    signOut,
    forgetPassword,
    changePassword,
    checkConnection,
    clearDeskErrors,
    start,
    stop,
  };
});
