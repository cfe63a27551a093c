import type { Catalog } from '../catalog';
import type en from '../en/settings';

const settings: Catalog<typeof en> = {
  title: 'Ajustes',
  close: 'Cerrar',
  sections: 'Secciones',
  reading: 'Leyendo los ajustes…',
  leave: {
    question: 'Tienes cambios sin guardar.',
    escapeAgain: 'Pulsa Escape otra vez para descartarlos.',
    discard: 'Descartar cambios',
    keep: 'Seguir editando',
  },
  footer: {
    notSaved: 'No se guardó',
    save: 'Guardar',
    saving: 'Guardando…',
    undo: 'Deshacer cambios',
    saved: 'Guardado.',
    notSavedYet: 'Aún sin guardar.',
  },
  list: {
    entry: '{entry} {number}',
    moveUp: 'Subir {entry}',
    moveDown: 'Bajar {entry}',
    moveUpTitle: 'Subir',
    moveDownTitle: 'Bajar',
    remove: 'Quitar',
    removeNamed: 'Quitar {entry}',
    add: 'Añadir',
  },
  routing: {
    title: 'Enrutamiento y datos del caso',
    codes: {
      title: 'Códigos de cierre',
      entry: 'Código de cierre',
      new: 'Nuevo código de cierre',
      help: 'Se ofrecen en este orden en el selector de código de cierre de cada interacción.',
      empty: 'Sin códigos: el selector de código de cierre no ofrece ninguno.',
    },
    dispositionKey: 'Guardar el código de cierre en la clave',
    dispositionKeyHelp:
      'La clave de datos del caso con la que se guarda el código en el servidor, para que la lean los informes.',
    outboundQueue: 'Cola de los correos nuevos',
    outboundQueueHelp:
      'Un correo nuevo espera en esta cola mientras lo escribe y se envía desde ella; las respuestas esperan donde las pone el servidor. La define su centro de contacto; en los ejemplos de GWS se llama SimpleEmailOutQueue.',
    dispositionRequired: 'Exigir un código de cierre antes de Finalizar',
    caseKeys: {
      title: 'Claves editables de datos del caso',
      entry: 'Clave de datos del caso',
      new: 'Nueva clave de datos del caso',
      help: 'Las claves que puedes cambiar en el panel Datos del caso; las demás se quedan como las dejó el enrutamiento.',
      empty: 'Sin claves: los datos del caso son de solo lectura.',
    },
    queues: {
      title: 'Colas de transferencia',
      entry: 'Nombre de cola',
      new: 'Nuevo nombre de cola',
      help: 'Transferir las ofrece junto a las colas que el enrutamiento indica para la interacción.',
      empty:
        'Ninguna añadida: Transferir ofrece las colas de la propia interacción o un nombre que escribas.',
    },
  },
  invitations: {
    title: 'Invitaciones y sonido',
    timeout: 'Segundos para responder a una invitación',
    timeoutHelp:
      'Cada invitación cuenta atrás desde este valor; pon el tiempo de espera de invitaciones de tu centro de contacto (el servidor no se lo indica al escritorio). De {min} a {max} segundos.',
    chime: 'El aviso sonoro suena',
    chimeRepeat: 'Hasta que la invitación se acepte, se rechace o se retire',
    chimeOnce: 'Una vez por invitación',
    autoAnswer: 'Aceptar automáticamente',
    autoAnswerChat: 'Invitaciones de chat',
    autoAnswerEmail: 'Invitaciones de correo',
    autoAnswerHelp:
      'El escritorio las acepta al llegar; el aviso sonoro y la notificación lo siguen indicando.',
    chatNickname: 'Tu nombre en los chats',
    chatNicknameHelp:
      'Lo que los clientes leen junto a tus mensajes en los chats que aceptas. Déjalo en blanco para usar el nombre que el servidor tiene para ti.',
  },
  language: {
    tab: 'Idioma',
    title: 'Idioma',
    legend: 'Idioma de la aplicación',
    system: 'Como el sistema: {language}',
    help: 'El menú de la bandeja y las notificaciones también lo siguen. Cada idioma aparece con su propio nombre, para que encuentres el tuyo sea cual sea el idioma actual.',
  },
  appearance: {
    tab: 'Apariencia',
    title: 'Apariencia',
    legend: 'Colores',
    system: 'Como el sistema',
    light: 'Claro',
    dark: 'Oscuro',
    help: '«Como el sistema» sigue el modo claro u oscuro de tu equipo, también cuando cambia a lo largo del día.',
  },
  sound: {
    tab: 'Sonido',
    title: 'Sonido',
    invitationSound: 'Reproducir un aviso sonoro cuando llega una invitación',
    help: 'Si el aviso suena una vez o hasta que respondas se configura en las invitaciones.',
    test: 'Reproducir sonido de prueba',
    testFailed:
      'No se pudo reproducir el sonido de prueba: comprueba que este equipo tiene una salida de audio y que no está silenciada.',
  },
  rules: {
    dispositionCodes: {
      blank: 'Un código de cierre no puede estar vacío.',
      tooLong: 'Un código de cierre puede tener como máximo {max} caracteres.',
      tooMany: 'Como máximo {max} códigos de cierre.',
      twice: 'El código de cierre «{text}» aparece dos veces.',
    },
    editableCaseKeys: {
      blank: 'Una clave de datos del caso no puede estar vacía.',
      tooLong: 'Una clave de datos del caso puede tener como máximo {max} caracteres.',
      tooMany: 'Como máximo {max} claves editables de datos del caso.',
      twice: 'La clave de datos del caso «{text}» aparece dos veces.',
    },
    transferQueueNames: {
      blank: 'Un nombre de cola no puede estar vacío.',
      tooLong: 'Un nombre de cola puede tener como máximo {max} caracteres.',
      tooMany: 'Como máximo {max} nombres de cola.',
      twice: 'El nombre de cola «{text}» aparece dos veces.',
    },
    dispositionKey: {
      blank: 'La clave del código de cierre no puede estar vacía.',
      tooLong: 'La clave del código de cierre puede tener como máximo {max} caracteres.',
    },
    outboundEmailQueue: {
      blank: 'La cola de los correos nuevos no puede estar vacía.',
      tooLong: 'La cola de los correos nuevos puede tener como máximo {max} caracteres.',
    },
    chatNickname: {
      tooLong: 'Tu nombre en los chats puede tener como máximo {max} caracteres.',
    },
    invitationTimeoutSeconds: {
      whole: 'El tiempo para responder debe ser un número entero de segundos.',
      tooShort: 'El tiempo para responder debe ser de al menos {min} segundos.',
      tooLong: 'El tiempo para responder puede ser como máximo de {max} segundos.',
    },
    cannotKeep: 'No se pueden guardar estos ajustes.',
  },
};
export default settings;
