/** English text of the `shell` area: the app frame, start-up, sign-in (see ../README.md). */
export default {
  couldNotStart: 'Switchboard could not start',
  tryAgain: 'Try again',
  starting: 'Starting…',
  versionUnavailable: 'Version unavailable: {reason}',
  signIn: {
    title: 'Sign in to Switchboard',
    demoNote: 'This is the built-in demo server. Its demo password is filled in for you.',
    signedOut: 'Signed out: {reason}',
    refusal: {
      passwordRefused:
        'The server refused the password for {user}. Sign in again with the new password.',
      rememberedPasswordRefused:
        'The server refused the remembered password for {user}, so Switchboard forgot it. Sign in with the new password.',
      rememberedPasswordStale:
        'The remembered password for {user} is not the one you last signed in with here, so Switchboard forgot it without trying it. Sign in with your password.',
      serverUnreachable:
        'Switchboard could not reach the server to sign in {user}. Sign in again once it is back; past work opens offline meanwhile.',
    },
    serverUrl: 'Server URL',
    userName: 'User name',
    password: 'Password',
    remembered: 'Remembered',
    rememberedHint: 'Leave empty to use the remembered password.',
    forget: 'Forget it',
    rememberMe: 'Remember me',
    rememberUnavailable: {
      noKeyring:
        'Not available: there is no keyring such as GNOME Keyring or KWallet on this system, so the password would only be obfuscated; Switchboard will not store it.',
      noSecretStore:
        "Not available: the operating system's secret store is not available, so Switchboard will not store the password.",
    },
    submit: 'Sign in',
    submitting: 'Signing in…',
    failed: 'Sign-in failed',
    forgetFailed: 'Could not forget the password',
  },
  firstLogin: {
    title: 'Choose a new password',
    reason:
      'The server asks {user} for a new password before signing in. If it refuses one, it says why here.',
    submit: 'Change and sign in',
    back: 'Back',
    notChanged: 'The password was not changed.',
  },
  offlineEntry: {
    titleUnreachable: 'The server cannot be reached',
    title: 'No server?',
    hint: 'Read this account’s cache on this machine — inbox, History, transcripts, e-mails — with no server, with its password typed above. Nothing is sent.',
    review: 'Review offline',
    open: 'Open offline',
    interactions: '{count} interaction | {count} interactions',
    failed: 'Could not open the cache',
  },
  cache: {
    moveAside: 'Move it aside and start fresh',
    moving: 'Moving…',
    moveFailed: 'Moving the cache aside',
    state: {
      damaged:
        'The offline cache at {path} is damaged. Move it aside and start a fresh one; the damaged file is kept.',
      moveScheduled:
        'Restart Switchboard: the damaged cache will be moved aside (kept, not deleted) and a fresh one started.',
      movedAside:
        'The offline cache at {path} was moved aside to {movedTo} (kept, not deleted) and a fresh one started: history from before is not shown.',
      newerVersion:
        'The offline cache at {path} was written by a newer Switchboard: update Switchboard, or point it at another cache; the file was left untouched. This run keeps its cache in memory: nothing is saved for the next start.',
      fileDeleted:
        'The offline cache at {path} was deleted while Switchboard was running. What it held, and what you do now, is kept until Switchboard closes, and then written back: close Switchboard normally (not by force), or it is lost.',
      inMemory:
        'Switchboard cannot use the offline cache at {path}: this run keeps its cache in memory, and nothing is saved for the next start.',
    },
  },
  link: {
    storageFailing:
      'The offline cache cannot store what arrives — retrying, and reading it again from the server once it can.',
    connecting: 'Connecting to the server…',
    reconnecting: 'Reconnecting to the server — showing what is in the offline cache.',
    offline: 'Offline — showing what is in the offline cache.',
    signedOut: 'Signed out — showing what is in the offline cache.',
    reconnectNow: 'Reconnect now',
    checking: 'Checking…',
  },
  features: {
    multimediaMissing:
      'This contact center has no e-mail or chat enabled (feature {feature}): none will arrive on this desk. Ask your administrator to enable it.',
    noChannels:
      'Your user has no e-mail or chat channel: no work will arrive on this desk, and you cannot be Ready. Ask your administrator to give you one.',
  },
  account: {
    demo: '{user} on the demo server',
    server: '{user} on {server}',
  },
  alerts: {
    connectionCheck: 'Connection check',
    agentState: 'Agent state',
    signOut: 'Sign-out',
    settings: 'Settings',
  },
};
