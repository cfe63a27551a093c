/**
 * English text of the `words` area: words shared by the tray (main) and the window (renderer):
 * agent states, channel names, interaction states (see common/i18n/README.md).
 */
export default {
  state: {
    ready: 'Ready',
    notReady: 'Not ready',
    notReadyBecause: 'Not ready ({reason})',
    doNotDisturb: 'Do not disturb',
    loggedOut: 'Logged out',
    afterCallWork: 'After-call work',
    unknown: 'State unknown',
  },
  /** "Ready on chat, e-mail": a state and the channels in it. */
  stateOnChannels: '{state} on {channels}',
  channel: {
    all: 'all channels',
    email: 'e-mail',
    chat: 'chat',
    sms: 'SMS',
    voice: 'voice',
  },
  /** Channel names at the start of a label or sentence. */
  channelTitle: {
    all: 'All channels',
    email: 'E-mail',
    chat: 'Chat',
    sms: 'SMS',
    voice: 'Voice',
  },
  /** An interaction's GWS state as the lists and the interaction view show it. */
  interactionState: {
    Invited: 'Invited',
    InvitedConference: 'Invited by a colleague',
    Accepted: 'Accepted',
    InProcess: 'In progress',
    Held: 'On hold',
    Queued: 'Queued',
    Revoked: 'Withdrawn',
    Rejected: 'Rejected',
    // A reply, a forward or a new e-mail still being written: a draft, whichever it is.
    ReplyCreated: 'Draft',
    Stopped: 'Stopped',
    Completed: 'Done',
    Released: 'Released',
    Ended: 'Ended',
    Pulled: 'Pulled from a workbin',
    LeftConference: 'A colleague left the conference',
  },
  /** What History and the header say of an interaction the agent handed on, by how. */
  handedOn: {
    agent: 'Transferred to {name}',
    consultTransfer: 'Transferred to {name}',
    queue: 'Placed in the queue {name}',
    workbin: 'Placed in the workbin {name}',
    leftConference: 'Left the conference with {name}',
    leftConferenceUnnamed: 'Left the conference',
  },
  /** An interaction the agent handed on, offered or handed to them again. */
  cameBack: {
    agent: 'Back with you after your transfer to {name}',
    consultTransfer: 'Back with you from {name}',
    queue: 'Back with you from the queue {name}',
    workbin: 'Back with you from the workbin {name}',
    leftConference: 'Back with you after you left the conference with {name}',
    leftConferenceUnnamed: 'Back with you after you left the conference',
  },
  byteSize: {
    bytes: '{size} B',
    kilobytes: '{size} kB',
    megabytes: '{size} MB',
  },
};
