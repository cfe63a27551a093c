/** English text of the `settings` area (see common/i18n/README.md). */
export default {
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
};
