import type { Catalog } from '../catalog';
import type en from '../en/inbox';

const inbox: Catalog<typeof en> = {
  region: 'Interacciones',
  lists: 'Listas',
  tabs: {
    inbox: 'Bandeja de entrada',
    history: 'Historial',
  },
  invitedCount: '({count} invitación pendiente) | ({count} invitaciones pendientes)',
  size: '{count} interacción | {count} interacciones',
  search: {
    label: 'Buscar interacciones',
    placeholder: 'Buscar chats y correos…',
    results: 'Resultados de la búsqueda',
    resultsFor: 'Resultados de la búsqueda de {query}',
    failed: 'La búsqueda falló',
    searching: 'Buscando…',
    nothing: 'Nada coincide con «{query}».',
    inChat: 'en el chat',
    inEmail: 'en el correo',
    inParties: 'en los participantes',
  },
  empty: {
    inbox: 'No hay interacciones',
    inboxHint: 'Los correos y chats nuevos aparecen aquí cuando estás disponible.',
    history: 'No hay interacciones finalizadas',
    historyHint: 'Las interacciones aparecen aquí cuando finalizan.',
  },
  unavailable: {
    inbox: 'Bandeja de entrada no disponible',
    more: 'No hay más interacciones disponibles',
    history: 'Historial no disponible',
    older: 'Las interacciones anteriores no están disponibles',
  },
  tryAgain: 'Reintentar',
  showOlder: 'Mostrar anteriores',
  loading: 'Cargando…',
  row: {
    name: '{channel} de {from}',
    unknownSender: 'remitente desconocido',
    /** Hidden words that make the row's visible text a sentence: "Chat from Tom: …". */
    hiddenFrom: 'de',
    hiddenDisposition: 'código de cierre',
    noSubjectShown: '(sin asunto)',
    disposition: 'Código de cierre: {disposition}',
    accept: 'Aceptar',
    reject: 'Rechazar',
    acceptNamed: 'Aceptar {name}',
    rejectNamed: 'Rechazar {name}',
  },
  countdown: {
    timedOut: 'Caducada',
    timedOutFull: 'Caducada: el servidor retirará esta invitación.',
    timedOutTitle: 'La invitación caducó: el servidor la retirará.',
    timedOutHidden: ': el servidor la retirará',
    secondsShort: 'quedan {count} s',
    seconds: 'Queda {count} segundo para aceptar | Quedan {count} segundos para aceptar',
    announceSeconds:
      '{name}: queda {count} segundo para aceptar. | {name}: quedan {count} segundos para aceptar.',
    announceNew:
      'Nueva invitación: {name}, {count} segundo para aceptar. | Nueva invitación: {name}, {count} segundos para aceptar.',
    announceNewMany: '{count} invitaciones nuevas.',
    announceTimedOut: '{name}: la invitación caducó; el servidor la retirará.',
  },
  away: {
    title: 'Mientras no estabas',
    dismiss: 'Descartar',
    stateNow: 'Tu estado en el servidor ahora:',
    stateUnknown: 'desconocido',
    withDoNotDisturb: '{state} · No molestar activado',
    withdrawn: 'Invitación retirada',
    ended: 'Finalizada o movida',
    endedAs: 'Finalizada o movida ({state})',
    open: 'Abrir {title}',
    nothing: 'No se retiró ni finalizó nada.',
    invitationsWithdrawn: '{count} invitación retirada | {count} invitaciones retiradas',
    interactionsEnded:
      '{count} interacción finalizada o movida | {count} interacciones finalizadas o movidas',
    both: '{withdrawn}, {ended}.',
    one: '{change}.',
    restored: 'Se restauró tu estado: {state}.',
    restoredWithDoNotDisturb: 'Se restauró tu estado: {state}, con No molestar activado.',
    sessionRefused: 'El servidor se negó a iniciar de nuevo tu sesión: {reason}.',
    channelsRefused: 'El servidor se negó a restaurar {refused}: {reason}.',
    channelsPartlyRefused:
      'Se restauró {kept}; el servidor se negó a restaurar {refused}: {reason}.',
    doNotDisturbRefused: 'El servidor se negó a activar de nuevo No molestar: {reason}.',
    noReason: 'sin indicar el motivo',
    reasonNotListed: 'el centro de contacto ya no tiene {name} como motivo de No disponible',
  },
};
export default inbox;
