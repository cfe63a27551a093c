import type { Catalog } from '../catalog';
import type en from '../en/settings';

const settings: Catalog<typeof en> = {
  title: 'Einstellungen',
  close: 'Schließen',
  sections: 'Bereiche',
  reading: 'Einstellungen werden gelesen…',
  leave: {
    question: 'Sie haben Änderungen, die nicht gespeichert sind.',
    escapeAgain: 'Escape ein zweites Mal verwirft sie.',
    discard: 'Änderungen verwerfen',
    keep: 'Weiter bearbeiten',
  },
  footer: {
    notSaved: 'Nicht gespeichert',
    save: 'Speichern',
    saving: 'Wird gespeichert…',
    undo: 'Änderungen verwerfen',
    saved: 'Gespeichert.',
    notSavedYet: 'Noch nicht gespeichert.',
  },
  list: {
    entry: '{entry} {number}',
    moveUp: '{entry} nach oben verschieben',
    moveDown: '{entry} nach unten verschieben',
    moveUpTitle: 'Nach oben',
    moveDownTitle: 'Nach unten',
    remove: 'Entfernen',
    removeNamed: '{entry} entfernen',
    add: 'Hinzufügen',
  },
  routing: {
    title: 'Routing und Falldaten',
    codes: {
      title: 'Abschlusscodes',
      entry: 'Abschlusscode',
      new: 'Neuer Abschlusscode',
      help: 'Werden in dieser Reihenfolge in der Abschlusscode-Auswahl jeder Interaktion angeboten.',
      empty: 'Keine Codes: Die Abschlusscode-Auswahl bietet keine an.',
    },
    dispositionKey: 'Abschlusscode unter diesem Schlüssel speichern',
    dispositionKeyHelp:
      'Der Falldaten-Schlüssel, unter dem der Code auf dem Server gespeichert wird, damit Berichte ihn lesen können.',
    outboundQueue: 'Warteschlange für neue E-Mails',
    outboundQueueHelp:
      'Eine neue E-Mail wartet hier, während Sie sie schreiben, und wird von hier gesendet; Antworten warten, wo der Server sie ablegt. Ihr Contact Center legt sie fest; in den GWS-Beispielen heißt sie SimpleEmailOutQueue.',
    dispositionRequired: 'Vor „Erledigt“ einen Abschlusscode verlangen',
    caseKeys: {
      title: 'Bearbeitbare Falldaten-Schlüssel',
      entry: 'Falldaten-Schlüssel',
      new: 'Neuer Falldaten-Schlüssel',
      help: 'Die Schlüssel, die Sie im Bereich Falldaten ändern dürfen; alle anderen bleiben, wie das Routing sie gesetzt hat.',
      empty: 'Keine Schlüssel: Die Falldaten sind schreibgeschützt.',
    },
    queues: {
      title: 'Warteschlangen für Weitergaben',
      entry: 'Warteschlange',
      new: 'Neue Warteschlange',
      help: 'Werden beim Weitergeben neben den Warteschlangen angeboten, die das Routing für die Interaktion nennt.',
      empty:
        'Keine hinzugefügt: Beim Weitergeben werden die Warteschlangen der Interaktion angeboten oder ein eingegebener Name.',
    },
  },
  invitations: {
    title: 'Einladungen und Ton',
    timeout: 'Sekunden zum Annehmen einer Einladung',
    timeoutHelp:
      'Jede Einladung zählt von diesem Wert herunter; tragen Sie das Einladungs-Timeout Ihres Contact Centers ein (der Server teilt es nicht mit). Von {min} bis {max} Sekunden.',
    chime: 'Der Signalton ertönt',
    chimeRepeat: 'Bis die Einladung angenommen, abgelehnt oder zurückgezogen wird',
    chimeOnce: 'Einmal pro Einladung',
    autoAnswer: 'Automatisch annehmen',
    autoAnswerChat: 'Chat-Einladungen',
    autoAnswerEmail: 'E-Mail-Einladungen',
    autoAnswerHelp:
      'Sie werden bei Eingang angenommen; Signalton und Benachrichtigung weisen trotzdem darauf hin.',
    chatNickname: 'Ihr Name in Chats',
    chatNicknameHelp:
      'Was Kunden neben Ihren Nachrichten in den Chats lesen, die Sie annehmen. Leer lassen, um den Namen zu verwenden, den der Server für Sie kennt.',
  },
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
  rules: {
    dispositionCodes: {
      blank: 'Ein Abschlusscode darf nicht leer sein.',
      tooLong: 'Ein Abschlusscode darf höchstens {max} Zeichen lang sein.',
      tooMany: 'Höchstens {max} Abschlusscodes.',
      twice: 'Der Abschlusscode „{text}“ ist doppelt aufgeführt.',
    },
    editableCaseKeys: {
      blank: 'Ein Falldaten-Schlüssel darf nicht leer sein.',
      tooLong: 'Ein Falldaten-Schlüssel darf höchstens {max} Zeichen lang sein.',
      tooMany: 'Höchstens {max} bearbeitbare Falldaten-Schlüssel.',
      twice: 'Der Falldaten-Schlüssel „{text}“ ist doppelt aufgeführt.',
    },
    transferQueueNames: {
      blank: 'Ein Warteschlangenname darf nicht leer sein.',
      tooLong: 'Ein Warteschlangenname darf höchstens {max} Zeichen lang sein.',
      tooMany: 'Höchstens {max} Warteschlangen.',
      twice: 'Die Warteschlange „{text}“ ist doppelt aufgeführt.',
    },
    dispositionKey: {
      blank: 'Der Schlüssel für den Abschlusscode darf nicht leer sein.',
      tooLong: 'Der Schlüssel für den Abschlusscode darf höchstens {max} Zeichen lang sein.',
    },
    outboundEmailQueue: {
      blank: 'Die Warteschlange für neue E-Mails darf nicht leer sein.',
      tooLong: 'Die Warteschlange für neue E-Mails darf höchstens {max} Zeichen lang sein.',
    },
    chatNickname: {
      tooLong: 'Ihr Name in Chats darf höchstens {max} Zeichen lang sein.',
    },
    invitationTimeoutSeconds: {
      whole: 'Die Zeit zum Annehmen muss eine ganze Zahl von Sekunden sein.',
      tooShort: 'Die Zeit zum Annehmen muss mindestens {min} Sekunden betragen.',
      tooLong: 'Die Zeit zum Annehmen darf höchstens {max} Sekunden betragen.',
    },
    cannotKeep: 'Diese Einstellungen können nicht gespeichert werden.',
  },
};
export default settings;
