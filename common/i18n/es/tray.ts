import type { Catalog } from '../catalog';
import type en from '../en/tray';

const tray: Catalog<typeof en> = {
  menu: {
    show: 'Mostrar Switchboard',
    ready: 'Disponible',
    notReady: 'No disponible',
    doNotDisturb: 'No molestar',
    signOut: 'Cerrar sesión',
    quit: 'Salir',
  },
  status: {
    signedOut: 'Sesión cerrada',
    offline: 'Sin conexión',
    connecting: 'Conectando',
    reconnecting: 'Reconectando',
    connected: 'Conectado',
    withReason: '{words} ({reason})',
    storageFailure: 'La caché sin conexión no puede guardar eventos; reintentando',
  },
  chatsWaiting:
    'ningún chat espera tu respuesta | {count} chat espera tu respuesta | {count} chats esperan tu respuesta',
  invitationsWaiting:
    'ninguna invitación pendiente | {count} invitación pendiente | {count} invitaciones pendientes',
  notification: {
    accept: 'Aceptar',
    reject: 'Rechazar',
    newChat: 'Nuevo chat',
    newChatFrom: 'Nuevo chat de {from}',
    newEmail: 'Nuevo correo',
    newEmailFrom: 'Nuevo correo de {from}',
    newInteraction: 'Nueva interacción de {channel}',
    newInteractionFrom: 'Nueva interacción de {channel} de {from}',
    noSubject: '(sin asunto)',
    secondsToAnswer: '{count} segundo para responder | {count} segundos para responder',
    acceptedAutomatically: 'Aceptada automáticamente',
    acceptedAutomaticallyWith: 'Aceptada automáticamente: {text}',
    notAccepted: 'No se aceptó: sigue esperándote',
    notRejected: 'No se rechazó: sigue esperándote',
    moreInvitationsWaiting:
      'ninguna invitación más | {count} invitación más pendiente | {count} invitaciones más pendientes',
    openToAnswer: 'Abre Switchboard para aceptarlas o rechazarlas',
    withdrawn: 'Invitación retirada',
    chatWithdrawn: 'El chat se retiró',
    chatFromWithdrawn: 'El chat de {from} se retiró',
    emailWithdrawn: 'El correo se retiró',
    emailFromWithdrawn: 'El correo de {from} se retiró',
    interactionWithdrawn: 'La interacción de {channel} se retiró',
    interactionFromWithdrawn: 'La interacción de {channel} de {from} se retiró',
    addedToChat: 'Un compañero te añadió a un chat',
    addedToChatFrom: 'Un compañero te añadió a un chat de {from}',
    addedToInteraction: 'Un compañero te añadió a una interacción de {channel}',
    addedToInteractionFrom: 'Un compañero te añadió a una interacción de {channel} de {from}',
    chatMessage: 'Nuevo mensaje de chat',
    chatMessageFrom: 'Nuevo mensaje de {from}',
    whileAway: 'Mientras no estabas',
    sessionEnded: 'El servidor cerró tu sesión',
    signInAgain: 'Ya no te llegan invitaciones. Abre Switchboard para volver a iniciar sesión.',
    loggedOutElsewhere: 'Desconectado en todos los canales',
    readyToLogIn:
      'Este puesto no te desconectó: tu otro puesto cerró sesión, o un supervisor te desconectó. Ya no te llegan invitaciones; elige «Disponible» para volver a conectarte.',
  },
};
export default tray;
