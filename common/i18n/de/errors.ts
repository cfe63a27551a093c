import type { Catalog } from '../catalog';
import type en from '../en/errors';

const errors: Catalog<typeof en> = {
  details: 'Details',
  dismiss: 'Schließen',
  what: {
    missingParameter: 'Es fehlen Angaben, die der Server braucht.',
    invalidState: 'Der Server kann das im Moment nicht ausführen.',
    forbidden: 'Der Server hat das abgelehnt.',
    internal: 'Etwas ist schiefgegangen.',
    permissionDenied: 'Sie haben keine Berechtigung dafür.',
    notFound: 'Der Server hat diesen Eintrag nicht mehr.',
    unauthorized: 'Sie sind nicht mehr angemeldet.',
    network: 'Der Server ist nicht erreichbar.',
    timeout: 'Der Server hat nicht rechtzeitig geantwortet.',
    invalidArgument: 'Switchboard konnte die Eingabe nicht verwenden.',
  },
  next: {
    missingParameter: 'Ergänzen Sie die fehlenden Angaben und versuchen Sie es erneut.',
    invalidState: 'Versuchen Sie es erneut, sobald sich das geändert hat.',
    forbidden: 'Wenden Sie sich an Ihre Teamleitung, wenn Sie das tun können sollten.',
    internal:
      'Versuchen Sie es erneut; passiert es wieder, nennen Sie Ihrer Administration den Inhalt von „Details“.',
    permissionDenied: 'Bitten Sie Ihre Administration um die Berechtigung.',
    notFound: 'Prüfen Sie die Angabe oder wählen Sie eine andere.',
    unauthorized: 'Melden Sie sich erneut an.',
    network: 'Prüfen Sie die Netzwerkverbindung und versuchen Sie es erneut.',
    timeout: 'Versuchen Sie es gleich noch einmal.',
    invalidArgument: 'Prüfen Sie Ihre Eingabe und versuchen Sie es erneut.',
  },
  code: {
    serverUrlInvalid: {
      what: 'Die Serveradresse ist keine Webadresse.',
      next: 'Geben Sie sie mit https:// sowie Servername und Port ein, z. B. https://gws.example.com:8090.',
    },
    serverUrlInsecure: {
      what: 'Die Serveradresse muss mit https:// beginnen (oder mit http:// für einen Server auf diesem Computer).',
      next: 'Korrigieren Sie die Adresse und melden Sie sich erneut an.',
    },
    credentialsRefused: {
      what: 'Der Server hat diesen Benutzernamen und dieses Passwort nicht akzeptiert.',
      next: 'Prüfen Sie beides und melden Sie sich erneut an.',
    },
    serverUnreachable: {
      what: 'Unter dieser Adresse antwortet kein Server.',
      next: 'Prüfen Sie die Adresse und die Netzwerkverbindung und versuchen Sie es erneut.',
    },
    notAnAgent: {
      what: 'Dieser Benutzer ist kein Agent, daher kann der Arbeitsplatz für ihn nicht arbeiten.',
      next: 'Melden Sie sich mit Ihrem Agentenkonto an oder wenden Sie sich an Ihre Administration.',
    },
    passwordMissing: {
      what: 'Für diesen Server und Benutzer ist kein Passwort gespeichert.',
      next: 'Geben Sie das Passwort ein.',
    },
    offlineReview: {
      what: 'Sie sehen den Cache offline durch, daher kann nichts gesendet werden.',
      next: 'Melden Sie sich an, um das zu tun.',
    },
    invitationGone: {
      what: 'Diese Einladung ist nicht mehr verfügbar: Vielleicht hat sie ein anderer Agent angenommen.',
      next: 'Warten Sie auf die nächste Einladung.',
    },
    dispositionRequired: {
      what: 'Hierfür ist ein Abschlusscode nötig, bevor es als erledigt markiert werden kann.',
      next: 'Wählen Sie einen Abschlusscode und schließen Sie die Interaktion dann erneut ab.',
    },
  },
  unavailable: {
    offlineReview: 'Offline: Melden Sie sich an, um das zu tun',
    signingIn: 'Anmeldung läuft: Warten Sie, bis der Arbeitsplatz verbunden ist',
    reconnecting:
      'Verbindung wird wiederhergestellt: Warten Sie, bis der Arbeitsplatz verbunden ist',
    offline: 'Offline: Der Server ist nicht erreichbar; das geht wieder, sobald er zurück ist',
    signedOut: 'Abgemeldet: Melden Sie sich an, um das zu tun',
  },
};
export default errors;
