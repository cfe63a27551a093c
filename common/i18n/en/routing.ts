/**
 * English text of the `routing` area: handing an interaction on (Transfer, Consult) and the
 * workbins (see common/i18n/README.md).
 */
export default {
  close: 'Close',
  agentName: 'Agent name',
  typeAName: 'Type a name…',
  agents: 'Agents',
  noColleague: 'No colleague by that name.',
  /** The agent directory lists nobody but the agent (a small site); nothing typed yet. */
  noColleagues:
    'The directory lists no colleagues. Type the user name or employee ID of the one you mean.',
  readingDirectory: 'Reading the directory…',
  couldNotReadDirectory: 'Could not read the directory',
  askingServer: 'Asking the server…',
  /** Under a picker's list drawn in part: how many more colleagues match what was typed. */
  moreChoices:
    'And {count} more: keep typing to narrow the list. | And {count} more: keep typing to narrow the list.',
  transfer: {
    label: 'Transfer',
    to: 'Transfer to',
    anAgent: 'an agent',
    aQueue: 'a queue',
    toAnAgent: 'Transfer to an agent',
    inAQueue: 'Place in a queue',
    queueName: 'Queue name',
    typeAQueue: 'Type a queue name…',
    queues: 'Queues',
    typeTheQueue: 'Type the name of a queue.',
    whereItCameFrom: 'where it came from',
    fromRouting: 'from routing',
    fromYourSettings: 'from your settings',
    asTyped: 'as typed',
  },
  consult: {
    label: 'Consult',
    title: 'Consult a colleague',
    hint: 'They join the chat seen by agents only; then complete it as a transfer or a conference.',
    /** Shown when the agent picks a colleague who cannot take the chat now; picking again consults. */
    /** A colleague's state where the directory gives no words for it. */
    unavailable: 'not available',
    notAvailable:
      '{name} cannot take chats now ({state}) and may not answer. Press Enter again to consult them anyway, or pick someone else.',
  },
  conference: {
    label: 'Conference',
    title: 'Add a colleague to the chat',
    hint: 'They join the chat now, seen by the customer; you stay in it.',
  },
  workbins: {
    title: 'Workbins',
    yours: 'Your workbins',
    reading: 'Reading…',
    refresh: 'Refresh',
    close: 'Close workbins',
    cachedCopyFrom: 'Cached copy from {time} — the server cannot be reached.',
    readFromServerAt: 'Read from the server at {time}',
    couldNotRead: 'Could not read the workbins',
    readingWorkbins: 'Reading the workbins…',
    couldNotPull: 'Could not pull it',
    empty: 'This workbin is empty.',
    noSubject: '(no subject)',
    interaction: 'Interaction',
    from: 'from {from}',
    placed: 'placed {time}',
    placedByWhy: 'Placed by {actor} — {reason}',
    placedBy: 'Placed by {actor}',
    placedByYouWhy: 'Placed by you — {reason}',
    placedByYou: 'Placed by you',
    placedWhy: 'Reason: {reason}',
    pullNeedsServer: 'Pulling needs the server',
    pull: 'Pull',
    pullSubject: 'Pull {subject}',
    pullIt: 'Pull it',
    pulling: 'Pulling…',
  },
  place: {
    button: 'Place in workbin',
    placing: 'Placing…',
    needsServer: 'Placing in a workbin needs the server.',
  },
};
