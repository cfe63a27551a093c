import type { Catalog } from '../catalog';
import type en from '../en/shell';

const shell: Catalog<typeof en> = {
  couldNotStart: 'Switchboard konnte nicht starten',
  tryAgain: 'Erneut versuchen',
  starting: 'Wird gestartet…',
  versionUnavailable: 'Version nicht verfügbar: {reason}',
  signIn: {
    title: 'Bei Switchboard anmelden',
    demoNote: 'Dies ist der eingebaute Demo-Server. Sein Demo-Passwort ist bereits eingetragen.',
    signedOut: 'Abgemeldet: {reason}',
    refusal: {
      passwordRefused:
        'Der Server hat das Passwort für {user} abgelehnt. Melden Sie sich mit dem neuen Passwort erneut an.',
      rememberedPasswordRefused:
        'Der Server hat das gespeicherte Passwort für {user} abgelehnt, deshalb hat Switchboard es vergessen. Melden Sie sich mit dem neuen Passwort an.',
      rememberedPasswordStale:
        'Das gespeicherte Passwort für {user} ist nicht das, mit dem Sie sich hier zuletzt angemeldet haben, deshalb hat Switchboard es vergessen, ohne es zu versuchen. Melden Sie sich mit Ihrem Passwort an.',
      serverUnreachable:
        'Switchboard konnte den Server nicht erreichen, um {user} anzumelden. Melden Sie sich erneut an, sobald er wieder da ist; frühere Arbeit lässt sich bis dahin offline öffnen.',
    },
    serverUrl: 'Server-URL',
    userName: 'Benutzername',
    password: 'Passwort',
    remembered: 'Gespeichert',
    rememberedHint: 'Leer lassen, um das gespeicherte Passwort zu verwenden.',
    forget: 'Vergessen',
    rememberMe: 'Passwort speichern',
    rememberUnavailable: {
      noKeyring:
        'Nicht verfügbar: Dieses System hat keinen Schlüsselbund wie GNOME Keyring oder KWallet, daher wäre das Passwort nur verschleiert; Switchboard speichert es nicht.',
      noSecretStore:
        'Nicht verfügbar: Der Geheimnisspeicher des Betriebssystems ist nicht verfügbar, daher speichert Switchboard das Passwort nicht.',
    },
    submit: 'Anmelden',
    submitting: 'Anmeldung läuft…',
    failed: 'Anmeldung fehlgeschlagen',
    forgetFailed: 'Das Passwort konnte nicht vergessen werden',
  },
  firstLogin: {
    title: 'Neues Passwort wählen',
    reason:
      'Der Server verlangt von {user} vor der Anmeldung ein neues Passwort. Lehnt er eines ab, steht hier, warum.',
    submit: 'Ändern und anmelden',
    back: 'Zurück',
    notChanged: 'Das Passwort wurde nicht geändert.',
  },
  offlineEntry: {
    titleUnreachable: 'Der Server ist nicht erreichbar',
    title: 'Kein Server?',
    hint: 'Lesen Sie den Cache dieses Kontos auf diesem Rechner – Posteingang, Verlauf, Chatverläufe, E-Mails – ohne Server, mit seinem oben eingegebenen Passwort. Es wird nichts gesendet.',
    review: 'Offline ansehen',
    open: 'Offline öffnen',
    interactions: '{count} Interaktion | {count} Interaktionen',
    failed: 'Der Cache konnte nicht geöffnet werden',
  },
  cache: {
    moveAside: 'Beiseitelegen und neu beginnen',
    moving: 'Wird verschoben…',
    moveFailed: 'Cache beiseitelegen',
    state: {
      damaged:
        'Der Offline-Cache unter {path} ist beschädigt. Legen Sie ihn beiseite und beginnen Sie mit einem neuen; die beschädigte Datei bleibt erhalten.',
      moveScheduled:
        'Starten Sie Switchboard neu: Der beschädigte Cache wird dann beiseitegelegt (aufbewahrt, nicht gelöscht) und ein neuer angelegt.',
      movedAside:
        'Der Offline-Cache unter {path} wurde nach {movedTo} beiseitegelegt (aufbewahrt, nicht gelöscht) und ein neuer angelegt: Der frühere Verlauf wird nicht angezeigt.',
      newerVersion:
        'Der Offline-Cache unter {path} wurde von einer neueren Switchboard-Version geschrieben: Aktualisieren Sie Switchboard oder verwenden Sie einen anderen Cache; die Datei bleibt unverändert. Diese Sitzung hält ihren Cache im Arbeitsspeicher, und nichts wird für den nächsten Start gespeichert.',
      fileDeleted:
        'Der Offline-Cache unter {path} wurde gelöscht, während Switchboard lief. Was er enthielt und was Sie jetzt tun, bleibt bis zum Schließen von Switchboard erhalten und wird dann zurückgeschrieben: Schließen Sie Switchboard normal (nicht erzwungen), sonst geht es verloren.',
      inMemory:
        'Switchboard kann den Offline-Cache unter {path} nicht verwenden: Diese Sitzung hält ihren Cache im Arbeitsspeicher, und nichts wird für den nächsten Start gespeichert.',
    },
  },
  link: {
    storageFailing:
      'Der Offline-Cache kann Eingehendes nicht speichern – neuer Versuch läuft; sobald es geht, wird alles erneut vom Server gelesen.',
    connecting: 'Verbindung zum Server wird hergestellt…',
    reconnecting:
      'Verbindung zum Server wird wiederhergestellt – angezeigt wird der Offline-Cache.',
    offline: 'Offline – angezeigt wird der Offline-Cache.',
    signedOut: 'Abgemeldet – angezeigt wird der Offline-Cache.',
    reconnectNow: 'Jetzt neu verbinden',
    checking: 'Wird geprüft…',
  },
  features: {
    multimediaMissing:
      'In diesem Contact Center sind weder E-Mail noch Chat freigeschaltet (Feature {feature}): Hier kommt nichts davon an. Bitten Sie Ihre Administration, es freizuschalten.',
    noChannels:
      'Ihrem Benutzer ist weder ein E-Mail- noch ein Chat-Kanal zugewiesen: Hier kommt keine Arbeit an, und „Bereit“ ist nicht möglich. Bitten Sie Ihre Administration, Ihnen einen zuzuweisen.',
  },
  account: {
    demo: '{user} auf dem Demo-Server',
    server: '{user} auf {server}',
  },
  alerts: {
    connectionCheck: 'Verbindungsprüfung',
    agentState: 'Agentenstatus',
    signOut: 'Abmeldung',
    settings: 'Einstellungen',
  },
};
export default shell;
