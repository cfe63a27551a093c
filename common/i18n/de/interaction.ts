import type { Catalog } from '../catalog';
import type en from '../en/interaction';

const interaction: Catalog<typeof en> = {
  link: {
    openQuestion: 'Diesen Link im Browser öffnen?',
    /** The host has labels in other alphabets: shown in its ASCII form above. */
    lookAlike:
      'Der Name der Website ist in Buchstaben eines anderen Alphabets geschrieben, die vertrauten ähneln können: Es ist die Adresse oben, nicht die, der sie ähnelt.',
    onlySecure:
      'Switchboard öffnet nur sichere Links (https) zu öffentlichen Websites. Dieser führt zu:',
    open: 'Link öffnen',
    copied: 'Kopiert',
    copyAddress: 'Adresse kopieren',
    cancel: 'Abbrechen',
  },
  region: 'Interaktion',
  selectOne: 'Wählen Sie eine Interaktion aus, um sie hier zu sehen.',
  loading: 'Wird geladen…',
  couldNotOpen: 'Konnte nicht geöffnet werden',
  couldNotRefresh: 'Konnte nicht aktualisiert werden (angezeigt wird der zuletzt geladene Stand)',
  couldNotStartEmail: 'Die E-Mail konnte nicht begonnen werden',
  notInCache: 'Diese Interaktion ist nicht mehr im Zwischenspeicher.',
  purgedWhileOpen:
    'Diese Interaktion wurde aus dem Zwischenspeicher entfernt: Sie ist länger beendet, als er Interaktionen aufbewahrt.',
  noSubject: '(kein Betreff)',
  /** A long value from the wire (a sender, recipients, a case-data value) held to a few lines. */
  longValue: {
    showAll: 'Alles zeigen',
    showLess: 'Weniger zeigen',
  },
  since: 'seit {time}',
  sentTo: 'an {to}',
  noRecipientYet: 'noch kein Empfänger',
  invitedEmail:
    'Nehmen Sie die E-Mail an, um sie zu lesen. Die Einladung enthält nur Betreff und Absender.',
  invitedOther: 'Nehmen Sie die Interaktion an, um ihren Inhalt zu sehen.',
  contentNotArrived: 'Der Inhalt ist noch nicht eingetroffen.',
  actions: {
    label: 'Aktionen',
    accept: 'Annehmen',
    reject: 'Ablehnen',
    reply: 'Antworten',
    replyAll: 'Allen antworten',
    forward: 'Weiterleiten',
    endChat: 'Chat beenden',
    leaveChat: 'Chat verlassen',
    done: 'Erledigt',
    transfer: 'Weitergeben',
    contactHistory: 'Kontaktverlauf',
    saveTranscript: 'Verlauf speichern',
    saveEmail: 'E-Mail speichern',
    /** The menu button holding the actions a small window has no room for. */
    more: 'Weitere Aktionen',
  },
  refused: {
    send: 'Ihre Nachricht wurde nicht gesendet',
    sendUnsure: 'Ihre Nachricht wurde vielleicht nicht gesendet',
    /** What to do about a line that may not have been sent (after the server's reason). */
    sendUnsureAdvice: 'Erscheint sie nicht im Chat, senden Sie sie erneut.',
    transfer: 'Konnte nicht an {name} weitergegeben werden',
    placeInQueue: 'Konnte nicht in die Warteschlange {queue} gestellt werden',
    placeInWorkbin: 'Konnte nicht in den Arbeitskorb {name} gelegt werden',
    consult: 'Rückfrage bei {name} nicht möglich',
    consultUnsure: 'Die Rückfrage bei {name} wurde vielleicht gestartet',
    consultUnsureAdvice:
      'Kommt {name} in den Chat, machen Sie wie gewohnt weiter; sonst meldet „An {name} weitergeben“ oder „Konferenz mit {name}“ das, und Sie können erneut rückfragen.',
    conference: '{name} konnte nicht zum Chat hinzugefügt werden',
    completeTransfer: 'Die Weitergabe an {name} konnte nicht abgeschlossen werden',
    completeConference: 'Die Konferenz mit {name} konnte nicht abgeschlossen werden',
    /** A hand-on the server did not answer in time: it may have reached it (after the reason). */
    transferUnsure: 'Die Weitergabe an {name} ist vielleicht nicht erfolgt',
    placeInQueueUnsure: 'Vielleicht nicht in die Warteschlange {queue} gestellt',
    placeInWorkbinUnsure: 'Vielleicht nicht in den Arbeitskorb {name} gelegt',
    completeTransferUnsure: 'Die Weitergabe an {name} wurde vielleicht nicht abgeschlossen',
    completeConferenceUnsure: 'Die Konferenz mit {name} wurde vielleicht nicht abgeschlossen',
    /** What to do about a hand-on that may have happened: look before pressing again. */
    handOnUnsureAdvice:
      'Warten Sie einen Moment: Liegt sie dann noch bei Ihnen, versuchen Sie es erneut.',
    completeUnsureAdvice:
      'Warten Sie einen Moment: Hat sich der Chat nicht geändert, versuchen Sie es erneut.',
  },
  notice: {
    savedTo: 'Gespeichert unter {path}',
    transferredTo: 'An {name} weitergegeben.',
    offeredTo: 'An {name} angeboten: Übernommen ist sie erst, wenn diese Person sie annimmt.',
    placedInQueue: 'In die Warteschlange {queue} gestellt.',
    placedInWorkbin: 'In den Arbeitskorb {name} gelegt.',
    consulting: 'Rückfrage bei {name}: Diese Person sieht den Chat, der Kunde sieht sie nicht.',
    inConference: 'In Konferenz mit {name}.',
    theConsultedAgent: 'Rückfrage-Agent',
    leftConference: 'Sie haben die Konferenz verlassen: Der Chat bleibt bei Ihrem Kollegen.',
  },
  caseData: {
    region: 'Falldaten',
    disposition: 'Abschlusscode',
    choose: 'Auswählen…',
    saving: 'Wird gespeichert…',
    notChanged: '{key} wurde nicht geändert',
    title: 'Falldaten ({count})',
    unsaved: '{key} nicht gespeichert',
    newValue: 'Neuer Wert für {key}',
    changedMeanwhile:
      'Inzwischen auf dem Server geändert in: {value}. Speichern ersetzt ihn durch Ihren Wert.',
    newLineHint: 'Eingabe speichert, Umschalt+Eingabe für neue Zeile',
    closed: 'Diese Interaktion ist beendet: Die Falldaten können nicht mehr geändert werden.',
    save: 'Speichern',
    cancel: 'Abbrechen',
    notSet: 'nicht gesetzt',
    edit: 'Bearbeiten',
    editKey: '{key} bearbeiten',
    none: 'Keine Falldaten.',
    system: 'Routing- und Systemdaten ({count})',
  },
  unfilledCodes: {
    lead: 'Vor dem Senden prüfen:',
    missingCode: '{code} ({field} hier nicht bekannt)',
    notFilled: '{codes} konnte nicht ausgefüllt werden.',
    notFields:
      '{codes} ist kein Feld, das Switchboard kennt. | {codes} sind keine Felder, die Switchboard kennt.',
  },
  history: {
    title: 'Kontaktverlauf',
    close: 'Kontaktverlauf schließen',
    asking: 'Server wird gefragt…',
    offlineAsFetched: 'Offline: Stand vom {time}',
    neverFetched: 'Offline: Der Verlauf dieses Kontakts wurde noch nie abgerufen.',
    fetched: 'Abgerufen am {time}',
    tryAgain: 'Erneut versuchen',
    none: 'Keine früheren Interaktionen mit diesem Kontakt.',
    past: 'Frühere Interaktionen',
    interaction: 'Interaktion',
    fetchingContent: 'Inhalt wird abgerufen…',
    notOpenedOffline:
      'Dieser Eintrag wurde nie online geöffnet, daher hat der Desk noch keine Kopie davon.',
    couldNotRead: 'Der Kontaktverlauf konnte nicht gelesen werden',
    couldNotOpen: 'Diese frühere Interaktion konnte nicht geöffnet werden',
  },
  unsentReply: {
    question:
      'Ihre Antwort auf diese E-Mail ist noch nicht gesendet. „Erledigt“ schließt die E-Mail; die Antwort bleibt im Posteingang, bis Sie sie senden oder verwerfen.',
    open: 'Antwort öffnen',
    doneAnyway: 'Trotzdem erledigt',
  },
  /** What handing on would leave behind, asked before it goes (InteractionView.vue). */
  handOn: {
    unsentReply:
      'Ihre Antwort auf diese E-Mail ist noch nicht gesendet. Wer die E-Mail als Nächstes bekommt, antwortet vielleicht auch; die Antwort bleibt im Posteingang, bis Sie sie senden oder verwerfen.',
    transferAnyway: 'Trotzdem weitergeben',
    placeInQueueAnyway: 'Trotzdem in die Warteschlange',
    placeInWorkbinAnyway: 'Trotzdem in den Arbeitskorb',
    consulting:
      'Sie haben eine Rückfrage bei {name} offen, die vielleicht noch nicht geantwortet hat. Wenn Sie den Chat beenden, endet er auch für diese Person und den Kunden.',
    consultingHandOn:
      'Sie haben eine Rückfrage bei {name} offen, die vielleicht noch nicht geantwortet hat. Wenn Sie den Chat weitergeben, verlässt diese Person ihn.',
    keepChat: 'Chat behalten',
    unsavedCaseData:
      'Ihre Änderung an {key} ist nicht gespeichert. Sobald diese Interaktion Sie verlässt, lässt sie sich nicht mehr speichern.',
    keepEditing: 'Weiter bearbeiten',
    unsentLine:
      'Ihre Nachricht ist noch nicht gesendet. Was Sie geschrieben haben, geht verloren, wenn Sie fortfahren.',
    backToMessage: 'Zurück zur Nachricht',
    endChatAnyway: 'Chat trotzdem beenden',
    leaveAnyway: 'Trotzdem verlassen',
  },
  /** The open chat ended while the agent was in it, by someone else (the owner, the server). */
  endedUnder: {
    by: '{name} hat den Chat beendet.',
    handedOnBy: '{name} hat den Chat weitergegeben: Sie sind nicht mehr darin.',
    unknown: 'Der Chat ist beendet.',
    notSent: 'Ihr Text wurde nicht gesendet: „{text}“',
  },
  leave: {
    title: 'Mit offener Arbeit abmelden?',
    message:
      'Sie bearbeiten diese Interaktion noch. Die Abmeldung gibt sie an niemanden weiter: Leiten Sie sie zuerst weiter oder stellen Sie sie in eine Warteschlange, sonst wartet der Kunde ohne Antwort. | Sie bearbeiten diese {count} Interaktionen noch. Die Abmeldung gibt sie an niemanden weiter: Leiten Sie sie zuerst weiter oder stellen Sie sie in eine Warteschlange, sonst warten die Kunden ohne Antwort.',
    confirm: 'Trotzdem abmelden',
    cancel: 'Abbrechen',
    table: 'Offene Interaktionen',
    subject: 'Betreff',
    customer: 'Kunde',
    kind: 'Art',
    unknownCustomer: 'unbekannter Kunde',
    quitTitle: 'Mit offener Arbeit beenden?',
    quitMessage:
      'Sie bearbeiten diese Interaktion noch. Beim Beenden werden Sie abgemeldet, und sie geht an niemanden weiter: Leiten Sie sie zuerst weiter oder stellen Sie sie in eine Warteschlange, sonst wartet der Kunde ohne Antwort. | Sie bearbeiten diese {count} Interaktionen noch. Beim Beenden werden Sie abgemeldet, und sie gehen an niemanden weiter: Leiten Sie sie zuerst weiter oder stellen Sie sie in eine Warteschlange, sonst warten die Kunden ohne Antwort.',
    quitConfirm: 'Trotzdem beenden',
  },
  draftGone: {
    region: 'Aufbewahrter Entwurf',
    note: 'Dieser Entwurf kann nicht mehr gesendet werden: Seine E-Mail ist auf dem Server geschlossen. Was Sie geschrieben haben, bleibt hier erhalten (gespeichert {time}).',
    noteInDoubt:
      'Ob diese E-Mail gesendet wurde, ist noch nicht bekannt. Was Sie geschrieben haben, bleibt hier erhalten (gespeichert {time}).',
    files: 'Dateien',
    copy: 'Text kopieren',
    discard: 'Entwurf verwerfen',
    copied: 'Kopiert.',
    copyFailed: 'Kopieren nicht möglich: Markieren Sie den Text unten und kopieren Sie ihn.',
  },
  sentNote: {
    sent: 'Sie haben diese E-Mail am {time} gesendet.',
    notSent: 'Nicht von diesem Arbeitsplatz gesendet: verworfen oder ohne Senden geschlossen.',
    bcc: 'Bcc: {list}',
  },
};
export default interaction;
