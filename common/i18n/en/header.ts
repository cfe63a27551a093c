/** English text of the `header` area: state, connection, offline mark, password (see ../README.md). */
export default {
  state: {
    label: 'State',
    ready: 'Ready',
    readyOnly: 'Ready on {channel} only',
    notReady: 'Not Ready',
    notReadyReason: 'Not Ready — {reason}',
    doNotDisturb: 'Do Not Disturb',
    noChannels: 'No channels',
    mixed: 'Mixed',
    loggedOut: 'Logged out',
    lastKnown: 'Last known: {state}',
  },
  channels: {
    /**
     * The menu button of the channels' own states, beside the agent's state, and the menu's
     * name (no "state" in it: the state control is labelled "State").
     */
    button: 'Channels',
    /** A channel's group in the menu: "Chat: Ready", "E-mail: Do not disturb". */
    group: '{channel}: {state}',
    /** Do Not Disturb on this channel only (the others still get work). */
    doNotDisturb: 'Do not disturb',
    /** Why a channel's own item waits while Do Not Disturb holds for all of them. */
    doNotDisturbForAll: 'Do Not Disturb is on for all channels: turn that off first.',
  },
  connection: {
    connecting: 'Connecting…',
    connected: 'Connected',
    reconnecting: 'Reconnecting…',
    offline: 'Offline',
    signedOut: 'Signed out',
    label: 'Connection: {state}',
  },
  offline: {
    title: 'Offline review',
    detail: '{account} — nothing is sent',
    signIn: 'Sign in…',
  },
  newEmail: {
    label: 'New e-mail',
    starting: 'Starting…',
  },
  password: {
    title: 'Change password',
    changed: 'Your password was changed. Use the new one from now on.',
    close: 'Close',
    cancel: 'Cancel',
    submit: 'Change password',
    current: 'Current password',
    new: 'New password',
    repeat: 'New password again',
    mismatch: 'The two new passwords are not the same: type the new one again.',
    changing: 'Changing…',
  },
  colleagues: {
    doNotDisturb: 'Do not disturb',
    asTyped: 'as typed',
  },
};
