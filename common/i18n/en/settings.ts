/** English text of the `settings` area: the Settings dialog and its sections (see ../README.md). */
export default {
  title: 'Settings',
  close: 'Close',
  sections: 'Sections',
  reading: 'Reading the settings…',
  leave: {
    question: 'You have changes that are not saved.',
    escapeAgain: 'Press Escape again to discard them.',
    discard: 'Discard changes',
    keep: 'Keep editing',
  },
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
    outboundQueue: 'Queue for new e-mails',
    outboundQueueHelp:
      'A new e-mail waits in this queue while you write it, and is sent from it; replies wait where the server puts them. Your contact center names it; the GWS samples call it SimpleEmailOutQueue.',
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
    chime: 'The chime plays',
    chimeRepeat: 'Until the invitation is accepted, rejected or withdrawn',
    chimeOnce: 'Once per invitation',
    autoAnswer: 'Accept automatically',
    autoAnswerChat: 'Chat invitations',
    autoAnswerEmail: 'E-mail invitations',
    autoAnswerHelp:
      'The desk accepts them as they arrive; the chime and the notification still say so.',
    chatNickname: 'Your name in chats',
    chatNicknameHelp:
      'What customers read beside your messages in the chats you accept. Leave it blank for the name the server has for you.',
  },
  language: {
    tab: 'Language',
    title: 'Language',
    legend: 'The desk speaks',
    system: 'As the system: {language}',
    help: 'The tray menu and notifications follow it too. Each language is named in itself, so you can find yours whatever the desk speaks now.',
  },
  appearance: {
    tab: 'Appearance',
    title: 'Appearance',
    legend: 'Colours',
    system: 'As the system',
    light: 'Light',
    dark: 'Dark',
    help: 'As the system follows your computer’s light or dark setting, also when it changes during the day.',
  },
  sound: {
    tab: 'Sound',
    title: 'Sound',
    invitationSound: 'Play a chime when an invitation arrives',
    help: 'Whether the chime plays once or until you answer is set under the invitations.',
    test: 'Play test sound',
    testFailed:
      'The test sound could not play: check that this computer has a sound output and that it is not muted.',
  },
  rules: {
    dispositionCodes: {
      blank: 'A disposition code cannot be blank.',
      tooLong: 'A disposition code can be at most {max} characters.',
      tooMany: 'At most {max} disposition codes.',
      twice: 'The disposition code "{text}" is listed twice.',
    },
    editableCaseKeys: {
      blank: 'A case-data key cannot be blank.',
      tooLong: 'A case-data key can be at most {max} characters.',
      tooMany: 'At most {max} editable case-data keys.',
      twice: 'The case-data key "{text}" is listed twice.',
    },
    transferQueueNames: {
      blank: 'A queue name cannot be blank.',
      tooLong: 'A queue name can be at most {max} characters.',
      tooMany: 'At most {max} queue names.',
      twice: 'The queue name "{text}" is listed twice.',
    },
    dispositionKey: {
      blank: 'The disposition key cannot be blank.',
      tooLong: 'The disposition key can be at most {max} characters.',
    },
    outboundEmailQueue: {
      blank: 'The queue for new e-mails cannot be blank.',
      tooLong: 'The queue for new e-mails can be at most {max} characters.',
    },
    chatNickname: {
      tooLong: 'Your name in chats can be at most {max} characters.',
    },
    invitationTimeoutSeconds: {
      whole: 'The invitation timeout must be a whole number of seconds.',
      tooShort: 'The invitation timeout must be at least {min} seconds.',
      tooLong: 'The invitation timeout can be at most {max} seconds.',
    },
    cannotKeep: 'These settings cannot be kept.',
  },
};
