import type { Catalog } from '../catalog';
import type en from '../en/inbox';

const inbox: Catalog<typeof en> = {
  region: 'Interaktionen',
  lists: 'Listen',
  tabs: {
    inbox: 'Posteingang',
    history: 'Verlauf',
  },
  invitedCount: '({count} Einladung wartet) | ({count} Einladungen warten)',
  size: '{count} Interaktion | {count} Interaktionen',
  search: {
    label: 'Interaktionen durchsuchen',
    placeholder: 'Chats und E-Mails suchen…',
    results: 'Suchergebnisse',
    resultsFor: 'Suchergebnisse für {query}',
    failed: 'Suche fehlgeschlagen',
    searching: 'Suche läuft…',
    nothing: 'Keine Treffer für „{query}“.',
    inChat: 'im Chat',
    inEmail: 'in der E-Mail',
    inParties: 'bei den Beteiligten',
  },
  empty: {
    inbox: 'Keine Interaktionen',
    inboxHint: 'Neue E-Mails und Chats erscheinen hier, sobald Sie bereit sind.',
    history: 'Keine beendeten Interaktionen',
    historyHint: 'Interaktionen erscheinen hier, sobald sie beendet sind.',
  },
  unavailable: {
    inbox: 'Posteingang nicht verfügbar',
    more: 'Weitere Interaktionen nicht verfügbar',
    history: 'Verlauf nicht verfügbar',
    older: 'Ältere Interaktionen nicht verfügbar',
  },
  tryAgain: 'Erneut versuchen',
  showOlder: 'Ältere anzeigen',
  loading: 'Wird geladen…',
  row: {
    name: '{channel} von {from}',
    nameWritten: '{channel} {party}',
    nameNoRecipient: '{channel} noch ohne Empfänger',
    unknownSender: 'unbekanntem Absender',
    /** Hidden words that make the row's visible text a sentence: "Chat from Tom: …". */
    hiddenFrom: 'von',
    hiddenDisposition: 'Abschlusscode',
    noSubjectShown: '(kein Betreff)',
    disposition: 'Abschlusscode: {disposition}',
    accept: 'Annehmen',
    reject: 'Ablehnen',
    acceptNamed: '{name} annehmen',
    rejectNamed: '{name} ablehnen',
  },
  wait: {
    badge: 'Wartet {time}',
    title: '{name} wartet seit {time} auf Ihre Antwort.',
    underAMinute: '<1 Min.',
    minutes: '{count} Min.',
    hours: '{hours} Std. {minutes} Min.',
  },
  countdown: {
    timedOut: 'Abgelaufen',
    timedOutFull: 'Abgelaufen: Der Server zieht diese Einladung zurück.',
    timedOutTitle: 'Die Einladung ist abgelaufen: Der Server zieht sie zurück.',
    timedOutHidden: ': Der Server zieht sie zurück',
    secondsShort: 'noch {count} s',
    seconds: 'Noch {count} Sekunde zum Annehmen | Noch {count} Sekunden zum Annehmen',
    announceSeconds:
      '{name}: noch {count} Sekunde zum Annehmen. | {name}: noch {count} Sekunden zum Annehmen.',
    announceNew:
      'Neue Einladung: {name}, {count} Sekunde zum Annehmen. | Neue Einladung: {name}, {count} Sekunden zum Annehmen.',
    announceNewMany: '{count} neue Einladungen.',
    announceTimedOut: '{name}: Die Einladung ist abgelaufen; der Server zieht sie zurück.',
  },
  away: {
    title: 'Während Ihrer Abwesenheit',
    dismiss: 'Ausblenden',
    stateNow: 'Ihr Status auf dem Server jetzt:',
    stateUnknown: 'unbekannt',
    withDoNotDisturb: '{state} · Nicht stören an',
    withdrawn: 'Einladung zurückgezogen',
    ended: 'Beendet oder verschoben',
    endedAs: 'Beendet oder verschoben ({state})',
    open: '{title} öffnen',
    nothing: 'Nichts wurde zurückgezogen oder beendet.',
    invitationsWithdrawn: '{count} Einladung zurückgezogen | {count} Einladungen zurückgezogen',
    interactionsEnded:
      '{count} Interaktion beendet oder verschoben | {count} Interaktionen beendet oder verschoben',
    both: '{withdrawn}, {ended}.',
    one: '{change}.',
    restored: 'Ihr Status wurde wiederhergestellt: {state}.',
    restoredWithDoNotDisturb:
      'Ihr Status wurde wiederhergestellt: {state}, mit „Nicht stören“ eingeschaltet.',
    sessionRefused: 'Der Server hat abgelehnt, Ihre Sitzung neu zu starten: {reason}.',
    channelsRefused: 'Der Server hat abgelehnt, {refused} wiederherzustellen: {reason}.',
    channelsPartlyRefused:
      '{kept} wurde wiederhergestellt; der Server hat abgelehnt, {refused} wiederherzustellen: {reason}.',
    doNotDisturbRefused: 'Der Server hat abgelehnt, „Nicht stören“ wieder einzuschalten: {reason}.',
    noReason: 'ohne Angabe eines Grundes',
    reasonNotListed: 'das Contact Center führt {name} nicht mehr als Grund für „Nicht bereit“',
  },
};
export default inbox;
