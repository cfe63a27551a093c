/**
 * English text of the `menu` area: the header's own controls, the agent menu they fold into
 * when the window is narrow, and the way back from an interaction to the list (see ../README.md).
 */
export default {
  sound: 'Sound',
  soundHint: 'Play a chime when an invitation arrives',
  library: 'Signature & responses',
  libraryItem: 'Signature & responses…',
  workbins: 'Workbins',
  settings: 'Settings',
  settingsItem: 'Settings…',
  doNotDisturb: 'Do Not Disturb',
  changePassword: 'Change password…',
  signOut: 'Sign out',
  signingOut: 'Signing out…',
  /** The menu button's name when no agent is known (an offline review before any sign-in). */
  menu: 'Menu',
  backToList: 'Back to the list',
  invitationsWaiting: '{count} invitation waiting | {count} invitations waiting',
  othersWaiting: '{count} other chat waiting | {count} other chats waiting',
  /** Chats elsewhere whose line the server refused or did not answer: each to look at. */
  messagesToCheck: '{count} message to check | {count} messages to check',
  /** Other actions refused while the agent was elsewhere. */
  actionsFailed: '{count} action failed | {count} actions failed',
};
