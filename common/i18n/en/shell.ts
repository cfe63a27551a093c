/** English text of the `shell` area: the app frame, start-up, sign-in (see ../README.md). */
export default {
  couldNotStart: 'Switchboard could not start',
  tryAgain: 'Try again',
  starting: 'Starting…',
  versionUnavailable: 'Version unavailable: {reason}',
};
