import type { Catalog } from '../catalog';
import type en from '../en/routing';

const routing: Catalog<typeof en> = {
  close: 'Cerrar',
  agentName: 'Nombre del agente',
  typeAName: 'Escribe un nombre…',
  agents: 'Agentes',
  noColleague: 'Ningún compañero con ese nombre.',
  /** The agent directory lists nobody but the agent (a small site); nothing typed yet. */
  noColleagues:
    'El directorio no incluye compañeros. Escribe el nombre de usuario o el número de empleado de la persona que buscas.',
  readingDirectory: 'Leyendo el directorio…',
  couldNotReadDirectory: 'No se pudo leer el directorio',
  askingServer: 'Consultando al servidor…',
  moreChoices:
    'Y {count} más: sigue escribiendo para acotar la lista. | Y {count} más: sigue escribiendo para acotar la lista.',
  transfer: {
    label: 'Transferir',
    to: 'Transferir a',
    anAgent: 'un agente',
    aQueue: 'una cola',
    toAnAgent: 'Transferir a un agente',
    inAQueue: 'Poner en una cola',
    queueName: 'Nombre de la cola',
    typeAQueue: 'Escribe el nombre de una cola…',
    queues: 'Colas',
    typeTheQueue: 'Escribe el nombre de una cola.',
    whereItCameFrom: 'de donde vino',
    fromRouting: 'del enrutamiento',
    fromYourSettings: 'de tus ajustes',
    asTyped: 'tal como lo escribiste',
  },
  consult: {
    label: 'Consultar',
    title: 'Consultar a un compañero',
    hint: 'Se une al chat visible solo para agentes; luego complétalo como transferencia o conferencia.',
    /** Shown when the agent picks a colleague who cannot take the chat now; picking again consults. */
    /** A colleague's state where the directory gives no words for it. */
    unavailable: 'no disponible',
    notAvailable:
      '{name} no puede atender chats ahora ({state}) y puede que no responda. Pulsa Intro otra vez para consultarle de todos modos, o elige a otra persona.',
  },
  conference: {
    label: 'Conferencia',
    title: 'Añadir a un compañero al chat',
    hint: 'Se une al chat ahora, visible para el cliente; tú sigues en él.',
  },
  workbins: {
    title: 'Bandejas',
    yours: 'Tus bandejas',
    reading: 'Leyendo…',
    refresh: 'Actualizar',
    close: 'Cerrar bandejas',
    cachedCopyFrom: 'Copia guardada del {time}: no se puede contactar con el servidor.',
    readFromServerAt: 'Leído del servidor el {time}',
    couldNotRead: 'No se pudieron leer las bandejas',
    readingWorkbins: 'Leyendo las bandejas…',
    couldNotPull: 'No se pudo sacar',
    empty: 'Esta bandeja está vacía.',
    noSubject: '(sin asunto)',
    interaction: 'Interacción',
    from: 'de {from}',
    placed: 'colocado el {time}',
    placedByWhy: 'Colocado por {actor} — {reason}',
    placedBy: 'Colocado por {actor}',
    placedByYouWhy: 'Colocado por ti — {reason}',
    placedByYou: 'Colocado por ti',
    placedWhy: 'Motivo: {reason}',
    pullNeedsServer: 'Para sacarla hace falta el servidor',
    pull: 'Sacar',
    pullSubject: 'Sacar {subject}',
    pullIt: 'Sacarla',
    pulling: 'Sacando…',
  },
  place: {
    button: 'Poner en una bandeja',
    placing: 'Colocando…',
    needsServer: 'Para poner en una bandeja hace falta el servidor.',
  },
};
export default routing;
