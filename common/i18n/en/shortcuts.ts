/** English text of the `shortcuts` area (see common/i18n/README.md). */
export default {
  /** A control's tooltip: its name, then the keys that work it. */
  hint: '{name} ({keys})',
  /** Between two combinations of one action: "? or F1". */
  or: 'or',
  actions: {
    acceptInvitation: 'Accept the newest invitation',
    rejectInvitation: 'Reject the newest invitation',
    nextInteraction: 'Open the next interaction',
    previousInteraction: 'Open the previous interaction',
    longestWaiting: 'Go to the chat waiting longest (not the open one)',
    focusList: 'Go to the list of interactions',
    reply: 'Reply to the open e-mail',
    send: 'Send (in the message or e-mail being written)',
    done: 'Mark the open interaction Done',
    transfer: 'Transfer the open interaction',
    newEmail: 'Write a new e-mail',
    ready: 'Ready',
    notReady: 'Not Ready (choose a reason)',
    doNotDisturb: 'Do Not Disturb on or off',
    signOut: 'Sign out',
    search: 'Search chats and e-mails',
    inbox: 'Show the inbox',
    history: 'Show the history',
    workbins: 'Open or close the workbins',
    settings: 'Open the settings',
    help: 'Show the keyboard shortcuts',
  },
  groups: {
    invitations: 'Invitations',
    interactions: 'Working on interactions',
    state: 'Your state',
    navigation: 'Getting around',
  },
  help: {
    title: 'Keyboard shortcuts',
    intro:
      'Shortcuts work anywhere on the desk except while you type in a text field; Send and the shortcut to the chat waiting longest work from the message or e-mail you are writing too. Escape closes what opened last.',
    close: 'Close',
    action: 'Action',
    keys: 'Keys',
    change: 'You can change them in Settings, under Keyboard shortcuts.',
  },
  reasons: {
    title: 'Not Ready',
    intro: 'Choose why you are not ready.',
    plain: 'Not Ready (no reason)',
    cancel: 'Cancel',
  },
  settings: {
    title: 'Keyboard shortcuts',
    intro:
      'Choose Change, then press the new key combination (Escape cancels). Combinations the browser or the system use are refused.',
    change: 'Change',
    changeNamed: 'Change the shortcut for {action}',
    recording: 'Press the new keys…',
    recordingNamed: 'Press the new keys for {action}, or Escape to cancel',
    reset: 'Default',
    resetNamed: 'Back to the default shortcut for {action}',
    resetAll: 'All back to the defaults',
    remapped: 'changed',
    conflict: 'Also used by: {actions}. Change one of them before saving.',
    conflicts: 'Two actions share a key combination: change one of them before saving.',
    refused: {
      reserved: '{keys} belongs to the browser or the system: choose another combination.',
      navigation: '{keys} moves through the page: add Alt or Ctrl to it.',
      escape: 'Escape closes what opened last: choose another combination.',
      typing:
        '{keys} may type a character where you write: use Alt or Ctrl (not both), or a function key.',
    },
  },
};
