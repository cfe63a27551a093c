/**
 * English text of the `interaction` area: the open interaction's view, its case data, contact
 * history, the sign-out guard and kept drafts (see common/i18n/README.md).
 */
export default {
  /** A customer's link (in an e-mail or a chat line) the agent activated (LinkConfirm). */
  link: {
    openQuestion: 'Open this link in your browser?',
    /** The host has labels in other alphabets: shown in its ASCII form above. */
    lookAlike:
      "The site's name is written in letters of another alphabet, which can look like familiar ones: it is the address above, not the one it resembles.",
    onlySecure:
      'Switchboard opens only secure (https) links to public web sites. This one goes to:',
    open: 'Open link',
    copied: 'Copied',
    copyAddress: 'Copy address',
    cancel: 'Cancel',
  },
  region: 'Interaction',
  selectOne: 'Select an interaction to see it here.',
  loading: 'Loading…',
  couldNotOpen: 'Could not open it',
  couldNotRefresh: 'Could not refresh it (showing what was loaded before)',
  couldNotStartEmail: 'Could not start the e-mail',
  notInCache: 'This interaction is no longer in the cache.',
  purgedWhileOpen:
    'This interaction was removed from the cache: it ended longer ago than the retention period.',
  noSubject: '(no subject)',
  /** A long value from the wire (a sender, recipients, a case-data value) held to a few lines. */
  longValue: {
    showAll: 'Show all',
    showLess: 'Show less',
  },
  /** Follows the interaction's words in its header line: "Chat · Accepted · since 14:02". */
  since: 'since {time}',
  /**
   * An e-mail the agent writes or sent, in its header line and its list row, where an incoming
   * one names its sender.
   */
  sentTo: 'to {to}',
  /** An e-mail the agent writes that names nobody yet (a new one), where the recipients go. */
  noRecipientYet: 'no recipient yet',
  /** An invited e-mail: GWS sends the body only once the agent accepts. */
  invitedEmail: 'Accept the e-mail to read it. The invitation brings its subject and sender only.',
  invitedOther: 'Accept the interaction to see what it holds.',
  contentNotArrived: 'The content has not arrived yet.',
  actions: {
    label: 'Actions',
    accept: 'Accept',
    reject: 'Reject',
    reply: 'Reply',
    replyAll: 'Reply all',
    forward: 'Forward',
    endChat: 'End chat',
    leaveChat: 'Leave chat',
    done: 'Done',
    transfer: 'Transfer',
    contactHistory: 'Contact history',
    saveTranscript: 'Save transcript',
    saveEmail: 'Save e-mail',
    /** The menu button holding the actions a small window has no room for. */
    more: 'More actions',
  },
  /** The context of a refused hand-on, before the server's reason ("Could not transfer it to Jonas Berg."). */
  refused: {
    send: 'Your message was not sent',
    /** A line the server did not answer in time: it may have reached the chat. */
    sendUnsure: 'Your message may not have been sent',
    /** What to do about a line that may not have been sent (after the server's reason). */
    sendUnsureAdvice: 'If it does not show in the chat, send it again.',
    transfer: 'Could not transfer it to {name}',
    placeInQueue: 'Could not place it in the queue {queue}',
    placeInWorkbin: 'Could not place it in the workbin {name}',
    consult: 'Could not consult {name}',
    consultUnsure: 'The consultation with {name} may have started',
    consultUnsureAdvice:
      'If {name} joins the chat, go on as usual; if not, “Transfer to {name}” or “Conference with {name}” says so, and you can consult again.',
    conference: 'Could not add {name} to the chat',
    completeTransfer: 'Could not complete the transfer to {name}',
    completeConference: 'Could not complete the conference with {name}',
    /** A hand-on the server did not answer in time: it may have reached it (after the reason). */
    transferUnsure: 'The transfer to {name} may not have gone through',
    placeInQueueUnsure: 'It may not have been placed in the queue {queue}',
    placeInWorkbinUnsure: 'It may not have been placed in the workbin {name}',
    completeTransferUnsure: 'The transfer to {name} may not have been completed',
    completeConferenceUnsure: 'The conference with {name} may not have been completed',
    /** What to do about a hand-on that may have happened: look before pressing again. */
    handOnUnsureAdvice: 'Wait a moment: if it is still with you, try again.',
    completeUnsureAdvice: 'Wait a moment: if the chat has not changed, try again.',
  },
  notice: {
    savedTo: 'Saved to {path}',
    transferredTo: 'Transferred to {name}.',
    /** A Transfer the server took: the colleague is invited, and may decline. */
    offeredTo: 'Offered to {name}: it is theirs once they accept it.',
    placedInQueue: 'Placed in the queue {queue}.',
    placedInWorkbin: 'Placed in the workbin {name}.',
    consulting: 'Consulting {name}: they see the chat, the customer does not see them.',
    inConference: 'In conference with {name}.',
    theConsultedAgent: 'the consulted agent',
    leftConference: 'You left the conference: the chat stays with your colleague.',
  },
  caseData: {
    region: 'Case data',
    disposition: 'Disposition',
    choose: 'Choose…',
    saving: 'Saving…',
    notChanged: '{key} was not changed',
    title: 'Case data ({count})',
    unsaved: '{key} not saved',
    newValue: 'New {key}',
    changedMeanwhile: 'Changed on the server meanwhile to: {value}. Save puts yours in its place.',
    newLineHint: 'Enter saves, Shift+Enter starts a new line',
    closed: 'This interaction has ended: its case data can no longer be changed.',
    save: 'Save',
    cancel: 'Cancel',
    notSet: 'not set',
    edit: 'Edit',
    editKey: 'Edit {key}',
    none: 'No case data.',
    system: 'Routing and system data ({count})',
  },
  unfilledCodes: {
    lead: 'Check before sending:',
    missingCode: '{code} ({field} not known here)',
    notFilled: '{codes} could not be filled.',
    notFields:
      '{codes} is not a field Switchboard knows. | {codes} are not fields Switchboard knows.',
  },
  history: {
    title: 'Contact history',
    close: 'Close contact history',
    asking: 'Asking the server…',
    offlineAsFetched: 'Offline: as fetched {time}',
    neverFetched: 'Offline: this contact’s history was never fetched.',
    fetched: 'Fetched {time}',
    tryAgain: 'Try again',
    none: 'No earlier interactions with this contact.',
    past: 'Past interactions',
    interaction: 'Interaction',
    fetchingContent: 'Fetching its content…',
    notOpenedOffline: 'This one was never opened while online, so the desk has no copy of it yet.',
    couldNotRead: 'Could not read the contact history',
    couldNotOpen: 'Could not open this past interaction',
  },
  unsentReply: {
    question:
      'Your reply to this e-mail is not sent yet. Done closes the e-mail; the reply stays in your inbox until you send or cancel it.',
    open: 'Open the reply',
    doneAnyway: 'Done anyway',
  },
  /** What handing on would leave behind, asked before it goes (InteractionView.vue). */
  handOn: {
    unsentReply:
      'Your reply to this e-mail is not sent yet. Whoever takes the e-mail next may answer it too; the reply stays in your inbox until you send or cancel it.',
    transferAnyway: 'Transfer anyway',
    placeInQueueAnyway: 'Place in queue anyway',
    placeInWorkbinAnyway: 'Place in workbin anyway',
    consulting:
      'You are consulting {name}, who may not have answered yet. Ending the chat ends it for them and for the customer.',
    consultingHandOn:
      'You are consulting {name}, who may not have answered yet. Handing the chat on takes them out of it.',
    keepChat: 'Keep the chat',
    unsavedCaseData:
      'Your change to {key} is not saved. Once this interaction leaves you, it cannot be saved.',
    keepEditing: 'Keep editing',
    unsentLine: 'Your message is not sent yet. What you typed is lost once you go on.',
    backToMessage: 'Back to the message',
    endChatAnyway: 'End chat anyway',
    leaveAnyway: 'Leave anyway',
  },
  /** The open chat ended while the agent was in it, by someone else (the owner, the server). */
  endedUnder: {
    by: '{name} ended the chat.',
    handedOnBy: '{name} handed the chat on: you are no longer in it.',
    unknown: 'The chat has ended.',
    notSent: 'What you had typed was not sent: “{text}”',
  },
  leave: {
    title: 'Sign out with work in progress?',
    message:
      'You are still working on this interaction. Signing out does not hand it on to anyone: transfer it or place it in a queue first, or its customer waits without an answer. | You are still working on these {count} interactions. Signing out does not hand them on to anyone: transfer them or place them in a queue first, or their customers wait without an answer.',
    confirm: 'Sign out anyway',
    cancel: 'Cancel',
    table: 'Interactions in progress',
    subject: 'Subject',
    customer: 'Customer',
    kind: 'Kind',
    unknownCustomer: 'unknown customer',
    quitTitle: 'Quit with work in progress?',
    quitMessage:
      'You are still working on this interaction. Quitting signs you out and does not hand it on to anyone: transfer it or place it in a queue first, or its customer waits without an answer. | You are still working on these {count} interactions. Quitting signs you out and does not hand them on to anyone: transfer them or place them in a queue first, or their customers wait without an answer.',
    quitConfirm: 'Quit anyway',
  },
  draftGone: {
    region: 'Kept draft',
    note: 'This draft can no longer be sent: its e-mail is closed on the server. What you wrote is kept here (saved {time}).',
    noteInDoubt:
      'It is not known yet whether this e-mail was sent. What you wrote is kept here (saved {time}).',
    files: 'Files',
    copy: 'Copy text',
    discard: 'Discard draft',
    copied: 'Copied.',
    copyFailed: 'Could not copy: select the text below and copy it.',
  },
  sentNote: {
    sent: 'You sent this e-mail {time}.',
    notSent: 'Not sent from this desk: discarded, or closed without being sent.',
    bcc: 'Bcc: {list}',
  },
};
