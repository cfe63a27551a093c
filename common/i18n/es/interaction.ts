import type { Catalog } from '../catalog';
import type en from '../en/interaction';

const interaction: Catalog<typeof en> = {
  link: {
    openQuestion: '¿Abrir este enlace en el navegador?',
    /** The host has labels in other alphabets: shown in its ASCII form above. */
    lookAlike:
      'El nombre del sitio está escrito con letras de otro alfabeto, que pueden parecer conocidas: es la dirección de arriba, no la que parece.',
    onlySecure:
      'Switchboard solo abre enlaces seguros (https) a sitios web públicos. Este lleva a:',
    open: 'Abrir enlace',
    copied: 'Copiada',
    copyAddress: 'Copiar dirección',
    cancel: 'Cancelar',
  },
  region: 'Interacción',
  selectOne: 'Selecciona una interacción para verla aquí.',
  loading: 'Cargando…',
  couldNotOpen: 'No se pudo abrir',
  couldNotRefresh: 'No se pudo actualizar (se muestra lo que se cargó antes)',
  couldNotStartEmail: 'No se pudo empezar el correo',
  notInCache: 'Esta interacción ya no está en la caché.',
  purgedWhileOpen:
    'Esta interacción se eliminó de la caché: terminó hace más tiempo del que esta conserva las interacciones.',
  noSubject: '(sin asunto)',
  /** A long value from the wire (a sender, recipients, a case-data value) held to a few lines. */
  longValue: {
    showAll: 'Mostrar todo',
    showLess: 'Mostrar menos',
  },
  since: 'desde {time}',
  sentTo: 'para {to}',
  noRecipientYet: 'sin destinatario aún',
  invitedEmail: 'Acepta el correo para leerlo. La invitación solo trae el asunto y el remitente.',
  invitedOther: 'Acepta la interacción para ver su contenido.',
  contentNotArrived: 'El contenido aún no ha llegado.',
  actions: {
    label: 'Acciones',
    accept: 'Aceptar',
    reject: 'Rechazar',
    reply: 'Responder',
    replyAll: 'Responder a todos',
    forward: 'Reenviar',
    endChat: 'Terminar chat',
    leaveChat: 'Salir del chat',
    done: 'Hecho',
    transfer: 'Transferir',
    contactHistory: 'Historial del contacto',
    saveTranscript: 'Guardar transcripción',
    saveEmail: 'Guardar correo',
    /** The menu button holding the actions a small window has no room for. */
    more: 'Más acciones',
  },
  refused: {
    send: 'Tu mensaje no se envió',
    sendUnsure: 'Puede que tu mensaje no se haya enviado',
    /** What to do about a line that may not have been sent (after the server's reason). */
    sendUnsureAdvice: 'Si no aparece en el chat, vuelve a enviarlo.',
    transfer: 'No se pudo transferir a {name}',
    placeInQueue: 'No se pudo poner en la cola {queue}',
    placeInWorkbin: 'No se pudo poner en la bandeja de trabajo {name}',
    consult: 'No se pudo consultar con {name}',
    consultUnsure: 'Puede que la consulta con {name} haya empezado',
    consultUnsureAdvice:
      'Si {name} entra en el chat, sigue como siempre; si no, «Transferir a {name}» o «Conferencia con {name}» lo indicará y podrás consultar de nuevo.',
    conference: 'No se pudo añadir a {name} al chat',
    completeTransfer: 'No se pudo completar la transferencia a {name}',
    completeConference: 'No se pudo completar la conferencia con {name}',
    /** A hand-on the server did not answer in time: it may have reached it (after the reason). */
    transferUnsure: 'Puede que la transferencia a {name} no se haya hecho',
    placeInQueueUnsure: 'Puede que no se haya puesto en la cola {queue}',
    placeInWorkbinUnsure: 'Puede que no se haya puesto en la bandeja de trabajo {name}',
    completeTransferUnsure: 'Puede que la transferencia a {name} no se haya completado',
    completeConferenceUnsure: 'Puede que la conferencia con {name} no se haya completado',
    /** What to do about a hand-on that may have happened: look before pressing again. */
    handOnUnsureAdvice: 'Espera un momento: si aún la tienes tú, vuelve a intentarlo.',
    completeUnsureAdvice: 'Espera un momento: si el chat no ha cambiado, vuelve a intentarlo.',
  },
  notice: {
    savedTo: 'Guardado en {path}',
    transferredTo: 'Transferida: ahora la tiene {name}.',
    offeredTo: 'Ofrecida a {name}: pasa a ser suya cuando la acepte.',
    placedInQueue: 'Puesta en la cola {queue}.',
    placedInWorkbin: 'Puesta en la bandeja de trabajo {name}.',
    consulting: 'Consultando con {name}: ve el chat, pero el cliente no lo ve.',
    inConference: 'En conferencia con {name}.',
    theConsultedAgent: 'el agente consultado',
    leftConference: 'Saliste de la conferencia: el chat sigue con tu compañero.',
  },
  caseData: {
    region: 'Datos del caso',
    disposition: 'Código de cierre',
    choose: 'Elige…',
    saving: 'Guardando…',
    notChanged: '{key} no se cambió',
    title: 'Datos del caso ({count})',
    unsaved: '{key} sin guardar',
    newValue: 'Nuevo valor de {key}',
    changedMeanwhile:
      'Cambiado en el servidor mientras tanto a: {value}. Guardar pone el suyo en su lugar.',
    newLineHint: 'Intro guarda, Mayús+Intro para una nueva línea',
    closed: 'Esta interacción ha terminado: sus datos del caso ya no se pueden cambiar.',
    save: 'Guardar',
    cancel: 'Cancelar',
    notSet: 'sin valor',
    edit: 'Editar',
    editKey: 'Editar {key}',
    none: 'No hay datos del caso.',
    system: 'Datos de enrutamiento y del sistema ({count})',
  },
  unfilledCodes: {
    lead: 'Revisa antes de enviar:',
    missingCode: '{code} ({field}: no se conoce aquí)',
    notFilled: 'No se pudo completar {codes}.',
    notFields:
      '{codes} no es un campo que Switchboard conozca. | {codes} no son campos que Switchboard conozca.',
  },
  history: {
    title: 'Historial del contacto',
    close: 'Cerrar el historial del contacto',
    asking: 'Consultando al servidor…',
    offlineAsFetched: 'Sin conexión: tal como se obtuvo el {time}',
    neverFetched: 'Sin conexión: el historial de este contacto nunca se obtuvo.',
    fetched: 'Obtenido el {time}',
    tryAgain: 'Reintentar',
    none: 'No hay interacciones anteriores con este contacto.',
    past: 'Interacciones anteriores',
    interaction: 'Interacción',
    fetchingContent: 'Obteniendo su contenido…',
    notOpenedOffline:
      'Esta nunca se abrió con conexión, así que el escritorio aún no tiene una copia.',
    couldNotRead: 'No se pudo leer el historial del contacto',
    couldNotOpen: 'No se pudo abrir esta interacción anterior',
  },
  unsentReply: {
    question:
      'Tu respuesta a este correo aún no se ha enviado. «Hecho» cierra el correo; la respuesta sigue en tu bandeja hasta que la envíes o la descartes.',
    open: 'Abrir la respuesta',
    doneAnyway: 'Hecho de todos modos',
  },
  /** What handing on would leave behind, asked before it goes (InteractionView.vue). */
  handOn: {
    unsentReply:
      'Tu respuesta a este correo aún no se ha enviado. Quien reciba el correo puede responderlo también; la respuesta sigue en tu bandeja hasta que la envíes o la descartes.',
    transferAnyway: 'Transferir de todos modos',
    placeInQueueAnyway: 'Poner en la cola de todos modos',
    placeInWorkbinAnyway: 'Poner en la bandeja de todos modos',
    consulting:
      'Estás consultando con {name}, que quizá aún no ha respondido. Si terminas el chat, termina también para esa persona y para el cliente.',
    consultingHandOn:
      'Estás consultando con {name}, que quizá aún no ha respondido. Si pasas el chat a otro, esa persona sale de él.',
    keepChat: 'Seguir en el chat',
    unsavedCaseData:
      'Tu cambio en {key} no está guardado. Cuando esta interacción deje de ser tuya, ya no se podrá guardar.',
    keepEditing: 'Seguir editando',
    unsentLine: 'Tu mensaje aún no se ha enviado. Lo que escribiste se pierde si continúas.',
    backToMessage: 'Volver al mensaje',
    endChatAnyway: 'Terminar el chat de todos modos',
    leaveAnyway: 'Salir de todos modos',
  },
  /** The open chat ended while the agent was in it, by someone else (the owner, the server). */
  endedUnder: {
    by: '{name} terminó el chat.',
    handedOnBy: '{name} pasó el chat a otra persona: ya no estás en él.',
    unknown: 'El chat ha terminado.',
    notSent: 'Lo que habías escrito no se envió: «{text}»',
  },
  leave: {
    title: '¿Cerrar sesión con trabajo pendiente?',
    message:
      'Todavía estás trabajando en esta interacción. Cerrar sesión no se la pasa a nadie: transfiérela o ponla en una cola antes, o el cliente esperará sin respuesta. | Todavía estás trabajando en estas {count} interacciones. Cerrar sesión no se las pasa a nadie: transfiérelas o ponlas en una cola antes, o los clientes esperarán sin respuesta.',
    confirm: 'Cerrar sesión de todos modos',
    cancel: 'Cancelar',
    table: 'Interacciones en curso',
    subject: 'Asunto',
    customer: 'Cliente',
    kind: 'Tipo',
    unknownCustomer: 'cliente desconocido',
    quitTitle: '¿Salir con trabajo pendiente?',
    quitMessage:
      'Todavía estás trabajando en esta interacción. Si sales, se cerrará tu sesión y no se la pasará a nadie: transfiérela o ponla en una cola antes, o el cliente esperará sin respuesta. | Todavía estás trabajando en estas {count} interacciones. Si sales, se cerrará tu sesión y no se las pasará a nadie: transfiérelas o ponlas en una cola antes, o los clientes esperarán sin respuesta.',
    quitConfirm: 'Salir de todos modos',
  },
  draftGone: {
    region: 'Borrador guardado',
    note: 'Este borrador ya no se puede enviar: su correo está cerrado en el servidor. Lo que escribiste se guarda aquí (guardado el {time}).',
    noteInDoubt:
      'Todavía no se sabe si este correo se envió. Lo que escribiste se guarda aquí (guardado el {time}).',
    files: 'Archivos',
    copy: 'Copiar texto',
    discard: 'Descartar borrador',
    copied: 'Copiado.',
    copyFailed: 'No se pudo copiar: selecciona el texto de abajo y cópialo.',
  },
  sentNote: {
    sent: 'Enviaste este correo el {time}.',
    notSent: 'No se envió desde este escritorio: se descartó o se cerró sin enviarlo.',
    bcc: 'CCO: {list}',
  },
};
export default interaction;
