import type { Catalog } from '../catalog';
import type en from '../en/header';

const header: Catalog<typeof en> = {
  state: {
    label: 'Status',
    ready: 'Bereit',
    readyOnly: 'Nur für {channel} bereit',
    notReady: 'Nicht bereit',
    notReadyReason: 'Nicht bereit – {reason}',
    doNotDisturb: 'Nicht stören',
    noChannels: 'Keine Kanäle',
    mixed: 'Gemischt',
    loggedOut: 'Abgemeldet',
    lastKnown: 'Zuletzt bekannt: {state}',
  },
  channels: {
    button: 'Kanäle',
    group: '{channel}: {state}',
    doNotDisturb: 'Nicht stören',
    doNotDisturbForAll: 'Nicht stören gilt für alle Kanäle: Schalten Sie das zuerst aus.',
  },
  connection: {
    connecting: 'Verbindung wird hergestellt…',
    connected: 'Verbunden',
    reconnecting: 'Wird neu verbunden…',
    offline: 'Offline',
    signedOut: 'Abgemeldet',
    label: 'Verbindung: {state}',
  },
  offline: {
    title: 'Offline-Ansicht',
    detail: '{account} – es wird nichts gesendet',
    signIn: 'Anmelden…',
  },
  newEmail: {
    label: 'Neue E-Mail',
    starting: 'Wird erstellt…',
  },
  password: {
    title: 'Passwort ändern',
    changed: 'Ihr Passwort wurde geändert. Verwenden Sie ab jetzt das neue.',
    close: 'Schließen',
    cancel: 'Abbrechen',
    submit: 'Passwort ändern',
    current: 'Aktuelles Passwort',
    new: 'Neues Passwort',
    repeat: 'Neues Passwort wiederholen',
    mismatch:
      'Die beiden neuen Passwörter stimmen nicht überein: Geben Sie das neue Passwort noch einmal ein.',
    changing: 'Wird geändert…',
  },
  colleagues: {
    doNotDisturb: 'Nicht stören',
    asTyped: 'wie eingegeben',
  },
};
export default header;
