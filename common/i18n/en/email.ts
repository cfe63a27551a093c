/**
 * English text of the `email` area: an e-mail's view, its thread and attachments, the composer,
 * standard responses and the signature (see common/i18n/README.md).
 */
export default {
  region: 'E-mail',
  field: {
    from: 'From',
    to: 'To',
    cc: 'Cc',
    bcc: 'Bcc',
    subject: 'Subject',
    comment: 'Comment',
    text: 'Text',
  },
  /** The sender of an e-mail the agent sent: the desk's own address is not a person. */
  you: 'You',
  show: 'Show',
  formatted: 'Formatted',
  plainText: 'Plain text',
  imagesBlocked:
    '{count} image is not shown, so the sender cannot tell you opened this e-mail. | {count} images are not shown, so the sender cannot tell you opened this e-mail.',
  showImages: 'Show images from this sender',
  imagesShown: 'Images from {sender} are shown.',
  imagesStayHidden:
    '{count} image stays hidden: its address is not a public web site. | {count} images stay hidden: their addresses are not public web sites.',
  stopShowingImages: 'Stop showing them',
  /** Shown under the mail while the pointer is on a link. */
  linkStatus: 'Link to {url}',
  frameTitle: 'E-mail: {subject}',
  loadingHtml: 'Loading the message…',
  noText: 'This e-mail has no text.',
  htmlFailedTextShown: 'The formatted version could not be shown: this is the plain text.',
  htmlFailed: 'The formatted version of this e-mail could not be shown.',
  /** The words the sanitized mail shows in place of an image it does not load. */
  image: {
    missing: 'Missing image',
    pending: 'Image not downloaded yet',
    blocked: 'Image blocked',
    notShown: 'Image not shown',
  },
  thread: {
    region: 'Replies',
    title: 'Replies ({count})',
    couldNotRead: 'Could not read the replies',
    sentByYou: 'You sent it {time}',
    to: 'To {list}',
    cc: 'Cc {list}',
    bcc: 'Bcc {list}',
    open: 'Open',
    noText: 'Not sent yet, or sent without text.',
    draftInHand: 'A draft, not sent yet: open it to go on writing.',
    /** A reply that ended with no copy sent from this desk: discarded, or closed unsent. */
    notSent: 'Not sent',
  },
  attachments: {
    title: 'Attachments ({count})',
    openName: 'Open {name}',
    saveNameAs: 'Save {name} as…',
    notDownloaded: 'Not downloaded yet',
    /** A file's bytes arriving: "4.2 MB of 20 MB". */
    received: '{received} of {total}',
    /** The progress bar's name: "Downloading scan.pdf". */
    downloadingName: 'Downloading {name}',
    downloading: 'Downloading…',
    /** A download cut off, tried again by itself after a wait: "Cut off, trying again in 10 s". */
    retrying: 'Cut off, trying again in {seconds} s',
    retryingSoon: 'Cut off, trying again now',
    failed: 'Download failed',
    tooLarge: 'Too large to download here ({size}; the limit is {limit})',
    tooLargeUnsized: 'Too large to download here (over the limit of {limit})',
    /** Names the file for screen readers; the eye sees it beside the button. */
    tryAgainName: 'Try {name} again',
    /** What a screen reader hears once as a download's phase changes (not every percent). */
    announce: {
      tooLarge: '{name} is too large to download here.',
      retrying:
        '{name}: download cut off, trying again in {count} second | {name}: download cut off, trying again in {count} seconds',
      failed: '{name}: download failed. Try again when the connection is back.',
      downloaded: '{name}: downloaded',
    },
  },
  address: {
    invalid:
      '"{first}" is not an e-mail address. | "{first}" and {more} more are not e-mail addresses.',
  },
  composer: {
    heading: {
      reply: 'Reply',
      replyAll: 'Reply to all',
      forward: 'Forward',
      new: 'New e-mail',
    },
    /** The form's accessible name: "Reply draft". */
    label: '{heading} draft',
    original: 'Original e-mail from {author}',
    theSender: 'the sender',
    /**
     * The line above the quoted original, in the text that goes to the customer: written in the
     * desk's language, the date in its form.
     */
    quote: {
      dated: 'On {date}, {author} wrote:',
      undated: '{author} wrote:',
      someone: 'the sender',
    },
    /** The block above a forwarded e-mail's text (it goes to the recipient). */
    forwarded: {
      heading: '---------- Forwarded message ----------',
      from: 'From:',
      date: 'Date:',
      subject: 'Subject:',
      to: 'To:',
      cc: 'Cc:',
    },
    noPlainText: 'This e-mail has no plain text part.',
    files: 'Files on this e-mail',
    remove: 'Remove',
    removeName: 'Remove {name}',
    adding: 'Adding…',
    addFiles: 'Add files…',
    fileLimit: 'Files up to {size} each.',
    send: 'Send',
    sending: 'Sending…',
    cancel: 'Cancel e-mail',
    discardQuestion:
      'Discard this e-mail? What you wrote and the files you added are lost, and nothing is sent.',
    discard: 'Discard e-mail',
    keepWriting: 'Keep writing',
    fixAddresses: 'Correct the addresses marked below first.',
    noSubject: 'This e-mail has no subject. Write one, or press Send again to send it without.',
    addRecipient: 'Add at least one address in To.',
    saving: 'Saving draft…',
    saved: 'Draft saved',
    savedAt: 'Draft saved {time}',
    saveFailed:
      'The draft could not be saved on this computer; it is kept while this window is open.',
    sent: 'The e-mail was sent.',
    cancelled: 'The e-mail was cancelled.',
  },
  responses: {
    button: 'Responses',
    buttonTitle: 'Insert a standard response',
    find: 'Find a standard response',
    findPlaceholder: 'Find a response…',
    list: 'Standard responses',
    unreadable: 'Could not read the standard responses',
    noneYet: 'No standard responses yet. Add them under “Signature & responses” at the top.',
    noMatch: 'No standard response matches.',
    hint: '↑ ↓ to choose · Enter inserts · Esc closes',
  },
  library: {
    title: 'Signature & standard responses',
    close: 'Close',
    notSaved: 'Not saved',
    signatureTitle: 'E-mail signature',
    signatureHelp: 'Added to every new e-mail, reply and forward, above the quoted original.',
    signature: 'Signature',
    saveSignature: 'Save signature',
    signatureSaved: 'Signature saved.',
    responsesTitle: 'Standard responses',
    responsesHelp:
      'Insert them with the Responses button while writing. These fields are filled in:',
    /** One field code in the list above: "{customer.name} (customer name)". */
    codeMeaning: '({meaning})',
    find: 'Find a standard response',
    findPlaceholder: 'Find by name or text…',
    newResponse: 'New response',
    response: 'Standard response',
    name: 'Name',
    text: 'Text',
    saveResponse: 'Save response',
    cancel: 'Cancel',
    yours: 'Your standard responses',
    edit: 'Edit',
    editName: 'Edit {name}',
    delete: 'Delete',
    deleteName: 'Delete {name}',
    confirmDelete: 'Delete the standard response “{name}”?',
    noneYet: 'No standard responses yet.',
    noMatch: 'None matches.',
  },
  /**
   * What each field code of a standard response stands for (common/fieldCodes.ts): the keys
   * are the codes' own paths, so `email.fieldCodes.` followed by a code finds its meaning.
   */
  fieldCodes: {
    customer: {
      name: 'customer name',
      firstName: 'customer first name',
      email: 'customer e-mail address',
    },
    interaction: {
      subject: 'subject',
    },
    agent: {
      name: 'your name',
      firstName: 'your first name',
    },
  },
};
