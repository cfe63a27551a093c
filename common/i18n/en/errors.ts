/**
 * English text of the `errors` area: what the agent reads when something fails (see
 * ../README.md). Each error is one sentence saying what happened (`what`), then what to do
 * (`next`); the technical detail goes under "Details" and into the log, never in these.
 */
export default {
  /** The disclosure that holds the technical message. */
  details: 'Details',
  dismiss: 'Dismiss',
  /**
   * By error kind (common/errors.ts), when no code says more. A refusal whose message is the
   * server's own reason ("Agent jonas.berg is not logged in") shows that reason instead of `what`.
   */
  what: {
    missingParameter: 'Some information the server needs is missing.',
    invalidState: 'The server cannot do this at the moment.',
    forbidden: 'The server refused this.',
    internal: 'Something went wrong.',
    permissionDenied: 'You do not have permission to do this.',
    notFound: 'The server no longer has this item.',
    unauthorized: 'You are no longer signed in.',
    network: 'The server cannot be reached.',
    timeout: 'The server did not answer in time.',
    invalidArgument: 'Switchboard could not use what was entered.',
  },
  next: {
    missingParameter: 'Fill in what is missing and try again.',
    invalidState: 'Try again once that has changed.',
    forbidden: 'Ask your supervisor if you think you should be able to do this.',
    internal: 'Try again; if it happens again, tell your administrator what Details says.',
    permissionDenied: 'Ask your administrator for the permission.',
    notFound: 'Check it, or choose another one.',
    unauthorized: 'Sign in again.',
    network: 'Check the network and try again.',
    timeout: 'Try again in a moment.',
    invalidArgument: 'Check what you entered and try again.',
  },
  /** By code (common/errors.ts ErrorCode): situations main names precisely. */
  code: {
    serverUrlInvalid: {
      what: 'The server address is not a web address.',
      next: 'Type it as https://, then the server name and port, e.g. https://gws.example.com:8090.',
    },
    serverUrlInsecure: {
      what: 'The server address must start with https:// (or http:// for a server on this computer).',
      next: 'Correct the address and sign in again.',
    },
    credentialsRefused: {
      what: 'The server did not accept this user name and password.',
      next: 'Check both and sign in again.',
    },
    serverNotGws: {
      what: 'A server answers at this address, but it is not Genesys Web Services.',
      next: "Check the address: the server's root, e.g. https://gws.example.com:8090, as your administrator gave it.",
    },
    serverRedirects: {
      what: 'The server at this address sends sign-in on to {origin}.',
      next: 'If {origin} is your Genesys Web Services server (often the https address of the same server), sign in with it; if not, ask your administrator for the address.',
    },
    serverUnreachable: {
      what: 'No server answers at this address.',
      next: 'Check the address and the network, then try again.',
    },
    notAnAgent: {
      what: 'This user is not an agent, so the desk cannot work for them.',
      next: 'Sign in with your agent account, or ask your administrator.',
    },
    multimediaMissing: {
      what: 'The server refused to start e-mail and chat: this contact center does not have them enabled (feature api-multimedia).',
      next: 'Ask your administrator to enable it, then sign in again.',
    },
    passwordMissing: {
      what: 'No password is remembered for this server and user.',
      next: 'Enter the password.',
    },
    offlineReview: {
      what: 'You are reviewing the cache offline, so nothing can be sent.',
      next: 'Sign in to do this.',
    },
    invitationGone: {
      what: 'This invitation is no longer available: another agent may have taken it.',
      next: 'Wait for the next invitation.',
    },
    interactionNotHeld: {
      what: 'The server no longer has this interaction in your hands: it may have been transferred, taken over or ended.',
      next: 'Nothing was sent or saved. Copy what you typed if you still need it.',
    },
    dispositionRequired: {
      what: 'This needs a disposition before it can be marked Done.',
      next: 'Choose a disposition, then mark it Done again.',
    },
    fileTooLarge: {
      what: '{name} is too large to send: files can be at most {limit}.',
      next: 'Send a smaller file, or share it another way.',
    },
    downloadTooLarge: {
      what: 'This file is too large to download here: files can be at most {limit}.',
      next: 'Ask the sender to share it another way.',
    },
    fileNotReadable: {
      what: '{name} could not be read.',
      next: 'Check that it is a file you can open, then add it again.',
    },
    fileNotSaved: {
      what: '{name} could not be saved there.',
      next: 'Choose another folder, or check the disk has room.',
    },
    attachmentUnsafe: {
      what: 'Switchboard does not open programs or scripts: {name} could harm this computer.',
      next: 'Save it and have it checked first.',
    },
    attachmentNotDownloaded: {
      what: '{name} is not downloaded yet.',
      next: 'Try again in a moment.',
    },
    attachmentGone: {
      what: '{name} is no longer on this computer.',
      next: 'It is downloaded again while the e-mail is yours; otherwise ask the sender for it.',
    },
    attachmentsFolderFull: {
      what: '{name} could not be stored: the disk of the attachments folder is full.',
      next: 'Free some space on it, then press Try again.',
    },
    attachmentsFolderNotWritable: {
      what: '{name} could not be stored: Switchboard may not write in its attachments folder.',
      next: 'Ask your administrator to let it write there, then press Try again.',
    },
    attachmentOutsideFolder: {
      what: '{name} is not in the attachments folder, so Switchboard does not open it.',
      next: 'Ask the sender for the file again.',
    },
    attachmentNotOpened: {
      what: '{name} could not be opened.',
      next: 'Save it, then open it from its folder.',
    },
    historyNotSent: {
      what: 'The server gave this reason: {reason}.',
      next: 'Try again in a moment; if it keeps failing, tell your administrator.',
    },
    responseGone: {
      what: 'That standard response no longer exists.',
      next: 'Choose another one.',
    },
    notReadyReasonUnknown: {
      what: '“{reason}” is not a Not Ready reason of this contact center.',
      next: 'Choose one of the reasons offered.',
    },
    imageTooLarge: {
      what: 'The image is too large to show in the e-mail.',
      next: 'Save the attachment to look at it.',
    },
    notAnImage: {
      what: 'The e-mail names an attachment as an image that is not one.',
      next: 'Save the attachment to look at it.',
    },
    propertyNameReserved: {
      what: 'Case data cannot have a field named __proto__.',
      next: 'Give the field another name.',
    },
    linkNotHttps: {
      what: 'Only https web addresses can be opened from an e-mail.',
      next: 'Copy the address if you trust it.',
    },
    senderWithoutAddress: {
      what: 'This sender has no e-mail address to remember.',
      next: 'Read the e-mail without its images.',
    },
    signInRunning: {
      what: 'A sign-in is already running.',
      next: 'Wait for it to finish.',
    },
    noOfflineCache: {
      what: 'This computer holds no cache for that account.',
      next: 'Sign in to that account once while the server is reachable.',
    },
    workbinsNotCached: {
      what: 'No copy of the workbins is kept on this computer: they were never read from the server here.',
      next: 'They show once the server can be reached.',
    },
    offlinePasswordMissing: {
      what: 'Opening a cache offline needs the password of its account.',
      next: 'Enter the password above, then open it offline.',
    },
    currentPasswordWrong: {
      what: 'The current password you typed is not right.',
      next: 'Type your current password again.',
    },
    newPasswordRefused: {
      what: 'The server refused the new password: {reason}.',
      next: 'Choose another new password.',
    },
    newPasswordNotAccepted: {
      what: 'The server refused the new password.',
      next: 'Choose another new password, or ask your administrator what it must be like.',
    },
    offlinePasswordRefused: {
      what: 'This is not the password this account last signed in with on this computer.',
      next: 'Check it and try again.',
    },
    offlineNotVerified: {
      what: 'This account can be opened offline only after it has signed in once online on this computer.',
      next: 'Sign in while the server is reachable; then its password opens it offline.',
    },
    passwordNotStored: {
      what: 'This computer offers no safe place to keep the password.',
      next: 'Sign in without “Remember me”, or ask your administrator.',
    },
    sendNotSent: {
      what: 'The e-mail was not sent: the server did not answer, and still holds it as an unsent draft.',
      next: 'What you wrote is kept. Send it again.',
    },
    sendOutcomeUnknown: {
      what: 'It is not known whether the e-mail was sent: the server’s answer was lost, and the server could not be asked since.',
      next: 'What you wrote is kept. Do not write it again yet: Switchboard keeps asking the server, and shows the e-mail as sent once the server says it left.',
    },
    sendClosedElsewhere: {
      what: 'The e-mail was not sent: its draft was closed elsewhere (cancelled or stopped) before Send reached the server.',
      next: 'What you wrote is kept: to send it, copy it into a new e-mail.',
    },
    notADraft: {
      what: 'This is not an e-mail you are writing, so it has no draft to change.',
      next: 'Open the e-mail you are writing, or start a reply.',
    },
    draftOver: {
      what: 'This e-mail is no longer being written: its draft was closed on the server.',
      next: 'To send what you wrote, copy it into a new e-mail.',
    },
    actionUnderWay: {
      what: 'Another action on this e-mail is on its way, so this one was not sent.',
      next: 'Wait for it to finish, then try again.',
    },
    cacheInMemory: {
      what: 'This run keeps its cache in memory: there is no file to move aside.',
      next: 'Restart Switchboard; if it happens again, tell your administrator what Details says.',
    },
    cacheFull: {
      what: 'The disk of this computer is full: Switchboard can keep nothing more on it.',
      next: 'Free some space on it (or ask your administrator), then try again.',
    },
    cacheNotWritable: {
      what: 'Switchboard cannot write its data on this computer.',
      next: 'Try again; if it happens again, ask your administrator to check the disk and Switchboard’s data folder.',
    },
    cacheNotDamaged: {
      what: 'The cache is not damaged: there is nothing to move aside.',
      next: 'Go on working: your work is kept.',
    },
    interactionNotCached: {
      what: 'This interaction is no longer kept on this computer.',
      next: 'Look for it again in the inbox or History.',
    },
    historyEntryNotCached: {
      what: 'The contact history kept on this computer no longer lists it.',
      next: 'Close the contact history and show it again to read it from the server.',
    },
  },
  /** Why a server action is disabled now (lib/serverAction.ts): title and screen readers. */
  unavailable: {
    offlineReview: 'Offline: sign in to do this',
    signingIn: 'Signing in: wait until the desk is connected',
    reconnecting: 'Reconnecting to the server: wait until the desk is connected',
    offline: 'Offline: the server cannot be reached; this works again once it is back',
    signedOut: 'Signed out: sign in to do this',
  },
};
