import type { Catalog } from '../catalog';
import type en from '../en/chat';

const chat: Catalog<typeof en> = {
  transcript: {
    label: 'Chatverlauf',
    empty: 'Noch keine Nachrichten.',
    someone: 'Jemand',
    unknownAuthor: 'Unbekannt',
    joined: '{who} ist beigetreten',
    left: '{who} hat den Chat verlassen',
    notice: '{who}: {text}',
    noticeFallback: 'Hinweis',
    internal: 'intern',
    newLinesBelow: '{count} neue Zeile unten | {count} neue Zeilen unten',
  },
  composer: {
    label: 'Nachricht',
    placeholder: 'Nachricht schreiben… (Eingabe sendet, Umschalt+Eingabe für neue Zeile)',
    placeholderAgentsOnly:
      'Nur an die Agenten schreiben… (Eingabe sendet, Umschalt+Eingabe für neue Zeile)',
    placeholderEveryone:
      'An alle im Chat schreiben… (Eingabe sendet, Umschalt+Eingabe für neue Zeile)',
    agentsOnly: 'Nur Agenten',
    agentsOnlyHint: 'Der Kunde sieht diese Nachrichten nicht.',
    customerLeft:
      '{name} hat den Chat verlassen: Was Sie schreiben, erreicht niemanden mehr. Klicken Sie auf „Erledigt“, wenn Sie fertig sind.',
    agentsOnlyEnded:
      'Kein anderer Agent ist mehr im Chat: Ihre nächste Nachricht geht an den Kunden.',
    consultationEnded: 'Die Rückfrage ist beendet: Ihre nächste Nachricht geht an den Kunden.',
    send: 'Senden',
  },
  collaboration: {
    inThisChat: 'In diesem Chat:',
    nobodyYet: 'noch niemand beigetreten',
    /** The participants line names the first few; this button shows the others. */
    morePeople: '+{count} weitere',
    fewerPeople: 'Weniger zeigen',
    consultation: 'Rückfrage und Konferenz',
    consultedNote:
      'Sie wurden zu einer Rückfrage hinzugezogen: Ihre Nachrichten sehen nur Agenten.',
    leave: 'Rückfrage verlassen',
    transferTo: 'An {name} weitergeben',
    conferenceWith: 'Konferenz mit {name}',
    consult: 'Rückfrage',
    conference: 'Konferenz',
    conferenceNote: 'In Konferenz: Alle im Chat sehen Ihre Nachrichten.',
    leaveConference: 'Konferenz verlassen',
  },
  role: {
    customer: 'Kunde',
    agent: 'Agent',
    consulting: 'Agent, für den Kunden unsichtbar',
    other: 'andere Partei',
  },
  typing: {
    theCustomer: 'Der Kunde',
    one: '{name} schreibt…',
    many: '{names} und {last} schreiben…',
  },
};
export default chat;
