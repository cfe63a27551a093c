import type { Catalog } from '../catalog';
import type en from '../en/chat';

const chat: Catalog<typeof en> = {
  transcript: {
    label: 'Transcripción del chat',
    empty: 'Aún no hay mensajes.',
    someone: 'Alguien',
    unknownAuthor: 'Desconocido',
    joined: '{who} se unió',
    left: '{who} salió',
    notice: '{who}: {text}',
    noticeFallback: 'aviso',
    internal: 'interno',
    newLinesBelow: '{count} línea nueva abajo | {count} líneas nuevas abajo',
  },
  composer: {
    label: 'Mensaje',
    placeholder: 'Escribe un mensaje… (Intro envía, Mayús+Intro para una nueva línea)',
    placeholderAgentsOnly:
      'Escribe solo a los agentes… (Intro envía, Mayús+Intro para una nueva línea)',
    placeholderEveryone:
      'Escribe a todos en el chat… (Intro envía, Mayús+Intro para una nueva línea)',
    agentsOnly: 'Solo agentes',
    agentsOnlyHint: 'El cliente no ve estos mensajes.',
    customerLeft:
      '{name} salió del chat: lo que escribas ya no le llega. Pulsa «Hecho» cuando hayas terminado.',
    agentsOnlyEnded: 'Ya no hay otro agente en el chat: tu próximo mensaje irá al cliente.',
    consultationEnded: 'La consulta terminó: tu próximo mensaje irá al cliente.',
    send: 'Enviar',
  },
  collaboration: {
    inThisChat: 'En este chat:',
    nobodyYet: 'todavía no se ha unido nadie',
    /** The participants line names the first few; this button shows the others. */
    morePeople: '+{count} más',
    fewerPeople: 'Mostrar menos',
    consultation: 'Consulta y conferencia',
    consultedNote: 'Te pidieron una consulta: solo los agentes ven tus mensajes.',
    leave: 'Salir de la consulta',
    transferTo: 'Transferir a {name}',
    conferenceWith: 'Conferencia con {name}',
    consult: 'Consultar',
    conference: 'Conferencia',
    conferenceNote: 'En conferencia: todos en el chat ven tus mensajes.',
    leaveConference: 'Salir de la conferencia',
  },
  role: {
    customer: 'cliente',
    agent: 'agente',
    consulting: 'agente, oculto para el cliente',
    other: 'otra parte',
  },
  typing: {
    theCustomer: 'El cliente',
    one: '{name} está escribiendo…',
    many: '{names} y {last} están escribiendo…',
  },
};
export default chat;
