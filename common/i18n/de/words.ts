import type { Catalog } from '../catalog';
import type en from '../en/words';

const words: Catalog<typeof en> = {
  state: {
    ready: 'Bereit',
    notReady: 'Nicht bereit',
    notReadyBecause: 'Nicht bereit ({reason})',
    doNotDisturb: 'Nicht stören',
    loggedOut: 'Abgemeldet',
    afterCallWork: 'Nachbearbeitung',
    unknown: 'Status unbekannt',
  },
  stateOnChannels: '{state} für {channels}',
  channel: {
    all: 'alle Kanäle',
    email: 'E-Mail',
    chat: 'Chat',
    sms: 'SMS',
    voice: 'Telefon',
  },
  channelTitle: {
    all: 'Alle Kanäle',
    email: 'E-Mail',
    chat: 'Chat',
    sms: 'SMS',
    voice: 'Telefon',
  },
  interactionState: {
    Invited: 'Angeboten',
    InvitedConference: 'Von einem Kollegen eingeladen',
    Accepted: 'Angenommen',
    InProcess: 'In Bearbeitung',
    Held: 'Gehalten',
    Queued: 'In der Warteschlange',
    Revoked: 'Zurückgezogen',
    Rejected: 'Abgelehnt',
    ReplyCreated: 'Entwurf',
    Stopped: 'Beendet',
    Completed: 'Erledigt',
    Released: 'Freigegeben',
    Ended: 'Beendet',
    Pulled: 'Aus Arbeitskorb geholt',
    LeftConference: 'Ein Kollege hat die Konferenz verlassen',
  },
  handedOn: {
    agent: 'An {name} weitergegeben',
    consultTransfer: 'An {name} weitergegeben',
    queue: 'In die Warteschlange {name} gestellt',
    workbin: 'In den Arbeitskorb {name} gelegt',
    leftConference: 'Konferenz mit {name} verlassen',
    leftConferenceUnnamed: 'Konferenz verlassen',
  },
  cameBack: {
    agent: 'Nach Ihrer Weitergabe an {name} wieder bei Ihnen',
    consultTransfer: 'Von {name} wieder bei Ihnen',
    queue: 'Aus der Warteschlange {name} wieder bei Ihnen',
    workbin: 'Aus dem Arbeitskorb {name} wieder bei Ihnen',
    leftConference: 'Nach Verlassen der Konferenz mit {name} wieder bei Ihnen',
    leftConferenceUnnamed: 'Nach Verlassen der Konferenz wieder bei Ihnen',
  },
  byteSize: {
    bytes: '{size} B',
    kilobytes: '{size} kB',
    megabytes: '{size} MB',
  },
};
export default words;
