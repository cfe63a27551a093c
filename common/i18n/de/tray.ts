import type { Catalog } from '../catalog';
import type en from '../en/tray';

const tray: Catalog<typeof en> = {
  menu: {
    show: 'Switchboard anzeigen',
    ready: 'Bereit',
    notReady: 'Nicht bereit',
    doNotDisturb: 'Nicht stören',
    signOut: 'Abmelden',
    quit: 'Beenden',
  },
  status: {
    signedOut: 'Abgemeldet',
    offline: 'Offline',
    connecting: 'Verbindung wird hergestellt',
    reconnecting: 'Verbindung wird wiederhergestellt',
    connected: 'Verbunden',
    withReason: '{words} ({reason})',
    storageFailure: 'Der Offline-Speicher kann keine Ereignisse speichern; neuer Versuch läuft',
  },
  chatsWaiting:
    'keine Chats warten auf Ihre Antwort | {count} Chat wartet auf Ihre Antwort | {count} Chats warten auf Ihre Antwort',
  invitationsWaiting:
    'keine wartenden Einladungen | {count} Einladung wartet | {count} Einladungen warten',
  notification: {
    accept: 'Annehmen',
    reject: 'Ablehnen',
    newChat: 'Neuer Chat',
    newChatFrom: 'Neuer Chat von {from}',
    newEmail: 'Neue E-Mail',
    newEmailFrom: 'Neue E-Mail von {from}',
    newInteraction: 'Neue {channel}-Interaktion',
    newInteractionFrom: 'Neue {channel}-Interaktion von {from}',
    noSubject: '(kein Betreff)',
    secondsToAnswer: 'Noch {count} Sekunde zum Annehmen | Noch {count} Sekunden zum Annehmen',
    acceptedAutomatically: 'Automatisch angenommen',
    acceptedAutomaticallyWith: 'Automatisch angenommen: {text}',
    notAccepted: 'Nicht angenommen: Die Einladung wartet noch auf Sie',
    notRejected: 'Nicht abgelehnt: Die Einladung wartet noch auf Sie',
    moreInvitationsWaiting:
      'keine weiteren Einladungen | {count} weitere Einladung wartet | {count} weitere Einladungen warten',
    openToAnswer: 'Öffnen Sie Switchboard, um sie anzunehmen oder abzulehnen',
    withdrawn: 'Einladung zurückgezogen',
    chatWithdrawn: 'Der Chat wurde zurückgezogen',
    chatFromWithdrawn: 'Der Chat von {from} wurde zurückgezogen',
    emailWithdrawn: 'Die E-Mail wurde zurückgezogen',
    emailFromWithdrawn: 'Die E-Mail von {from} wurde zurückgezogen',
    interactionWithdrawn: 'Die {channel}-Interaktion wurde zurückgezogen',
    interactionFromWithdrawn: 'Die {channel}-Interaktion von {from} wurde zurückgezogen',
    addedToChat: 'Ein Kollege hat Sie zu einem Chat hinzugefügt',
    addedToChatFrom: 'Ein Kollege hat Sie zu einem Chat von {from} hinzugefügt',
    addedToInteraction: 'Ein Kollege hat Sie zu einer {channel}-Interaktion hinzugefügt',
    addedToInteractionFrom:
      'Ein Kollege hat Sie zu einer {channel}-Interaktion von {from} hinzugefügt',
    chatMessage: 'Neue Chat-Nachricht',
    chatMessageFrom: 'Neue Nachricht von {from}',
    whileAway: 'Während Ihrer Abwesenheit',
    sessionEnded: 'Vom Server abgemeldet',
    signInAgain:
      'Einladungen erreichen Sie nicht mehr. Öffnen Sie Switchboard, um sich wieder anzumelden.',
    loggedOutElsewhere: 'Auf allen Kanälen abgemeldet',
    readyToLogIn:
      'Nicht dieser Arbeitsplatz hat Sie abgemeldet: Ihr anderer Arbeitsplatz hat sich abgemeldet, oder eine Teamleitung hat Sie abgemeldet. Einladungen erreichen Sie nicht mehr; wählen Sie „Bereit“, um sich wieder anzumelden.',
  },
};
export default tray;
