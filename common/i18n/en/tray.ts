/**
 * English text of the `tray` area: the tray icon's tooltip and menu, the taskbar badge, and the
 * OS notifications main raises (see common/i18n/README.md).
 */
export default {
  menu: {
    show: 'Show Switchboard',
    ready: 'Ready',
    notReady: 'Not Ready',
    doNotDisturb: 'Do Not Disturb',
    signOut: 'Sign out',
    quit: 'Quit',
  },
  status: {
    signedOut: 'Signed out',
    offline: 'Offline',
    connecting: 'Connecting',
    reconnecting: 'Reconnecting',
    connected: 'Connected',
    /** A state and the server's reason for it: "Offline (network down)". */
    withReason: '{words} ({reason})',
    storageFailure: 'The offline cache cannot store events; retrying',
  },
  chatsWaiting:
    'no chats waiting for your answer | {count} chat waiting for your answer | {count} chats waiting for your answer',
  invitationsWaiting:
    'no invitations waiting | {count} invitation waiting | {count} invitations waiting',
  notification: {
    accept: 'Accept',
    reject: 'Reject',
    newChat: 'New chat',
    newChatFrom: 'New chat from {from}',
    newEmail: 'New e-mail',
    newEmailFrom: 'New e-mail from {from}',
    newInteraction: 'New {channel} interaction',
    newInteractionFrom: 'New {channel} interaction from {from}',
    noSubject: '(no subject)',
    secondsToAnswer: '{count} second to answer | {count} seconds to answer',
    acceptedAutomatically: 'Accepted automatically',
    acceptedAutomaticallyWith: 'Accepted automatically: {text}',
    notAccepted: 'Not accepted: it is still waiting for you',
    notRejected: 'Not rejected: it is still waiting for you',
    moreInvitationsWaiting:
      'no more invitations waiting | {count} more invitation waiting | {count} more invitations waiting',
    openToAnswer: 'Open Switchboard to accept or reject them',
    withdrawn: 'Invitation withdrawn',
    chatWithdrawn: 'The chat was withdrawn',
    chatFromWithdrawn: 'The chat from {from} was withdrawn',
    emailWithdrawn: 'The e-mail was withdrawn',
    emailFromWithdrawn: 'The e-mail from {from} was withdrawn',
    interactionWithdrawn: 'The {channel} interaction was withdrawn',
    interactionFromWithdrawn: 'The {channel} interaction from {from} was withdrawn',
    addedToChat: 'A colleague added you to a chat',
    addedToChatFrom: 'A colleague added you to a chat from {from}',
    addedToInteraction: 'A colleague added you to a {channel} interaction',
    addedToInteractionFrom: 'A colleague added you to a {channel} interaction from {from}',
    chatMessage: 'New chat message',
    chatMessageFrom: 'New message from {from}',
    whileAway: 'While you were away',
    sessionEnded: 'Signed out by the server',
    signInAgain: 'Invitations no longer reach you. Open Switchboard to sign in again.',
    loggedOutElsewhere: 'Logged out on every channel',
    readyToLogIn:
      'This desk did not log you out: your other desk signed out, or a supervisor logged you out. Invitations no longer reach you; choose Ready to log in again.',
  },
};
