import type { Catalog } from '../catalog';
import type en from '../en/words';

const words: Catalog<typeof en> = {
  state: {
    ready: 'Disponible',
    notReady: 'No disponible',
    notReadyBecause: 'No disponible ({reason})',
    doNotDisturb: 'No molestar',
    loggedOut: 'Desconectado',
    afterCallWork: 'Trabajo posterior',
    unknown: 'Estado desconocido',
  },
  stateOnChannels: '{state} en {channels}',
  channel: {
    all: 'todos los canales',
    email: 'correo',
    chat: 'chat',
    sms: 'SMS',
    voice: 'voz',
  },
  channelTitle: {
    all: 'Todos los canales',
    email: 'Correo',
    chat: 'Chat',
    sms: 'SMS',
    voice: 'Voz',
  },
  interactionState: {
    Invited: 'Ofrecida',
    InvitedConference: 'Invitada por un compañero',
    Accepted: 'Aceptada',
    InProcess: 'En curso',
    Held: 'En espera',
    Queued: 'En cola',
    Revoked: 'Retirada',
    Rejected: 'Rechazada',
    ReplyCreated: 'Borrador',
    Stopped: 'Detenida',
    Completed: 'Terminada',
    Released: 'Liberada',
    Ended: 'Finalizada',
    Pulled: 'Sacada de una bandeja',
    LeftConference: 'Un compañero salió de la conferencia',
  },
  handedOn: {
    agent: 'Transferida a {name}',
    consultTransfer: 'Transferida a {name}',
    queue: 'Puesta en la cola {name}',
    workbin: 'Puesta en la bandeja de trabajo {name}',
    leftConference: 'Saliste de la conferencia con {name}',
    leftConferenceUnnamed: 'Saliste de la conferencia',
  },
  cameBack: {
    agent: 'Vuelve a ti tras tu transferencia a {name}',
    consultTransfer: 'Vuelve a ti desde {name}',
    queue: 'Vuelve a ti desde la cola {name}',
    workbin: 'Vuelve a ti desde la bandeja de trabajo {name}',
    leftConference: 'Vuelve a ti tras salir de la conferencia con {name}',
    leftConferenceUnnamed: 'Vuelve a ti tras salir de la conferencia',
  },
  byteSize: {
    bytes: '{size} B',
    kilobytes: '{size} kB',
    megabytes: '{size} MB',
  },
};
export default words;
