/** English text of the `settings` area: the Settings dialog and its sections (see ../README.md). */
export default {
  title: 'Settings',
  close: 'Close',
  sections: 'Sections',
  reading: 'Reading the settings…',
  footer: {
    notSaved: 'Not saved',
    save: 'Save',
    saving: 'Saving…',
    undo: 'Undo changes',
    saved: 'Saved.',
    notSavedYet: 'Not saved yet.',
  },
  list: {
    entry: '{entry} {number}',
    moveUp: 'Move {entry} up',
    moveDown: 'Move {entry} down',
    moveUpTitle: 'Move up',
    moveDownTitle: 'Move down',
    remove: 'Remove',
    removeNamed: 'Remove {entry}',
    add: 'Add',
  },
  routing: {
    title: 'Routing and case data',
    codes: {
      title: 'Disposition codes',
      entry: 'Disposition code',
      new: 'New disposition code',
      help: 'Offered in this order by the Disposition picker of every interaction.',
      empty: 'No codes: the Disposition picker offers none.',
    },
    dispositionKey: 'Store the disposition under the key',
    dispositionKeyHelp:
      'The case-data key the code is saved under on the server, for reports to read.',
    dispositionRequired: 'Require a disposition before Done',
    caseKeys: {
      title: 'Editable case-data keys',
      entry: 'Case-data key',
      new: 'New case-data key',
      help: 'The keys you may change in the Case data panel; every other key stays as routing set it.',
      empty: 'No keys: the case data is read-only.',
    },
    queues: {
      title: 'Transfer queues',
      entry: 'Queue name',
      new: 'New queue name',
      help: 'Offered by Transfer beside the queues routing names for the interaction.',
      empty: "None added: Transfer offers the interaction's own queues, or a name you type.",
    },
  },
  invitations: {
    title: 'Invitations and sound',
    timeout: 'Seconds to answer an invitation',
    timeoutHelp:
      "Each invitation counts down from this; set it to your contact center's invitation timeout (the server does not tell the desk). From {min} to {max} seconds.",
    sound: 'Play a chime when an invitation arrives',
    chime: 'The chime plays',
    chimeRepeat: 'Until the invitation is accepted, rejected or withdrawn',
    chimeOnce: 'Once per invitation',
    autoAnswer: 'Accept automatically',
    autoAnswerChat: 'Chat invitations',
    autoAnswerEmail: 'E-mail invitations',
    autoAnswerHelp:
      'The desk accepts them as they arrive; the chime and the notification still say so.',
  },
};
