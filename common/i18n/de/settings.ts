import type { Catalog } from '../catalog';
import type en from '../en/settings';

const settings: Catalog<typeof en> = {
  language: {
    tab: 'Sprache',
    title: 'Sprache',
    legend: 'Sprache der Oberfläche',
    system: 'Wie das System: {language}',
    help: 'Auch das Menü im Infobereich und die Benachrichtigungen folgen ihr. Jede Sprache ist in sich selbst benannt, damit Sie Ihre finden, egal in welcher Sprache die Oberfläche gerade ist.',
  },
  appearance: {
    tab: 'Darstellung',
    title: 'Darstellung',
    legend: 'Farben',
    system: 'Wie das System',
    light: 'Hell',
    dark: 'Dunkel',
    help: '„Wie das System“ folgt der hellen oder dunklen Einstellung Ihres Computers, auch wenn sie sich im Lauf des Tages ändert.',
  },
  sound: {
    tab: 'Ton',
    title: 'Ton',
    invitationSound: 'Bei einer neuen Einladung einen Signalton abspielen',
    help: 'Ob der Ton einmal oder bis zu Ihrer Antwort erklingt, legen Sie bei den Einladungen fest.',
    test: 'Testton abspielen',
    testFailed:
      'Der Testton konnte nicht abgespielt werden: Prüfen Sie, ob dieser Computer eine Tonausgabe hat und sie nicht stummgeschaltet ist.',
  },
};
export default settings;
