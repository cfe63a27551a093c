import type { Catalog } from '../catalog';
import type en from '../en/routing';

const routing: Catalog<typeof en> = {
  close: 'Schließen',
  agentName: 'Name des Agenten',
  typeAName: 'Namen eingeben…',
  agents: 'Agenten',
  noColleague: 'Kein Kollege mit diesem Namen.',
  /** The agent directory lists nobody but the agent (a small site); nothing typed yet. */
  noColleagues:
    'Das Verzeichnis führt keine Kollegen. Geben Sie den Benutzernamen oder die Personalnummer der gemeinten Person ein.',
  readingDirectory: 'Verzeichnis wird gelesen…',
  couldNotReadDirectory: 'Das Verzeichnis konnte nicht gelesen werden',
  askingServer: 'Anfrage an den Server läuft…',
  moreChoices:
    'Und {count} weiterer: Tippen Sie weiter, um die Liste einzugrenzen. | Und {count} weitere: Tippen Sie weiter, um die Liste einzugrenzen.',
  transfer: {
    label: 'Weitergeben',
    to: 'Weitergeben an',
    anAgent: 'einen Agenten',
    aQueue: 'eine Warteschlange',
    toAnAgent: 'An einen Agenten weitergeben',
    inAQueue: 'In eine Warteschlange stellen',
    queueName: 'Name der Warteschlange',
    typeAQueue: 'Name der Warteschlange eingeben…',
    queues: 'Warteschlangen',
    typeTheQueue: 'Geben Sie den Namen einer Warteschlange ein.',
    whereItCameFrom: 'von dort kam sie',
    fromRouting: 'aus dem Routing',
    fromYourSettings: 'aus Ihren Einstellungen',
    asTyped: 'wie eingegeben',
  },
  consult: {
    label: 'Rückfrage',
    title: 'Rückfrage bei einem Kollegen',
    hint: 'Der Kollege tritt dem Chat nur für Agenten sichtbar bei; schließen Sie danach als Weitergabe oder Konferenz ab.',
    /** Shown when the agent picks a colleague who cannot take the chat now; picking again consults. */
    /** A colleague's state where the directory gives no words for it. */
    unavailable: 'nicht verfügbar',
    notAvailable:
      '{name} kann gerade keine Chats annehmen ({state}) und antwortet vielleicht nicht. Drücken Sie erneut die Eingabetaste, um trotzdem zu fragen, oder wählen Sie jemand anderen.',
  },
  conference: {
    label: 'Konferenz',
    title: 'Kollegen zum Chat hinzufügen',
    hint: 'Der Kollege tritt dem Chat sofort bei, für den Kunden sichtbar; Sie bleiben im Chat.',
  },
  workbins: {
    title: 'Arbeitskörbe',
    yours: 'Ihre Arbeitskörbe',
    reading: 'Wird gelesen…',
    refresh: 'Aktualisieren',
    close: 'Arbeitskörbe schließen',
    cachedCopyFrom: 'Gespeicherte Kopie vom {time} – der Server ist nicht erreichbar.',
    readFromServerAt: 'Vom Server gelesen am {time}',
    couldNotRead: 'Die Arbeitskörbe konnten nicht gelesen werden',
    readingWorkbins: 'Arbeitskörbe werden gelesen…',
    couldNotPull: 'Konnte nicht geholt werden',
    empty: 'Dieser Arbeitskorb ist leer.',
    noSubject: '(kein Betreff)',
    interaction: 'Interaktion',
    from: 'von {from}',
    placed: 'abgelegt am {time}',
    placedByWhy: 'Abgelegt von {actor} — {reason}',
    placedBy: 'Abgelegt von {actor}',
    placedByYouWhy: 'Von Ihnen abgelegt — {reason}',
    placedByYou: 'Von Ihnen abgelegt',
    placedWhy: 'Grund: {reason}',
    pullNeedsServer: 'Zum Holen wird der Server benötigt',
    pull: 'Holen',
    pullSubject: '{subject} holen',
    pullIt: 'Holen',
    pulling: 'Wird geholt…',
  },
  place: {
    button: 'In Arbeitskorb ablegen',
    placing: 'Wird abgelegt…',
    needsServer: 'Zum Ablegen in einem Arbeitskorb wird der Server benötigt.',
  },
};
export default routing;
