import type { Catalog } from '../catalog';
import type en from '../en/errors';

const errors: Catalog<typeof en> = {
  details: 'Detalles',
  dismiss: 'Cerrar',
  what: {
    missingParameter: 'Falta información que el servidor necesita.',
    invalidState: 'El servidor no puede hacerlo en este momento.',
    forbidden: 'El servidor lo ha rechazado.',
    internal: 'Algo ha fallado.',
    permissionDenied: 'No tienes permiso para hacerlo.',
    notFound: 'El servidor ya no tiene este elemento.',
    unauthorized: 'Ya no has iniciado sesión.',
    network: 'No se puede conectar con el servidor.',
    timeout: 'El servidor no ha respondido a tiempo.',
    invalidArgument: 'Switchboard no ha podido usar lo que has introducido.',
  },
  next: {
    missingParameter: 'Completa lo que falta y vuelve a intentarlo.',
    invalidState: 'Vuelve a intentarlo cuando eso haya cambiado.',
    forbidden: 'Consulta a tu supervisor si crees que deberías poder hacerlo.',
    internal:
      'Vuelve a intentarlo; si vuelve a pasar, comunica a tu administrador lo que indica «Detalles».',
    permissionDenied: 'Pide el permiso a tu administrador.',
    notFound: 'Compruébalo o elige otro.',
    unauthorized: 'Vuelve a iniciar sesión.',
    network: 'Comprueba la red y vuelve a intentarlo.',
    timeout: 'Vuelve a intentarlo en un momento.',
    invalidArgument: 'Revisa lo que has introducido y vuelve a intentarlo.',
  },
  code: {
    serverUrlInvalid: {
      what: 'La dirección del servidor no es una dirección web.',
      next: 'Escríbela con https:// seguido del nombre del servidor y el puerto, p. ej. https://gws.example.com:8090.',
    },
    serverUrlInsecure: {
      what: 'La dirección del servidor debe empezar por https:// (o http:// para un servidor en este equipo).',
      next: 'Corrige la dirección y vuelve a iniciar sesión.',
    },
    credentialsRefused: {
      what: 'El servidor no ha aceptado este nombre de usuario y contraseña.',
      next: 'Revisa ambos y vuelve a iniciar sesión.',
    },
    serverNotGws: {
      what: 'En esta dirección responde un servidor, pero no es Genesys Web Services.',
      next: 'Comprueba la dirección: la raíz del servidor, p. ej. https://gws.example.com:8090, tal como te la dio tu administrador.',
    },
    serverRedirects: {
      what: 'El servidor de esta dirección envía el inicio de sesión a {origin}.',
      next: 'Si {origin} es tu servidor de Genesys Web Services (a menudo la dirección https del mismo servidor), inicia sesión con ella; si no, pide la dirección a tu administrador.',
    },
    serverUnreachable: {
      what: 'Ningún servidor responde en esta dirección.',
      next: 'Comprueba la dirección y la red, y vuelve a intentarlo.',
    },
    notAnAgent: {
      what: 'Este usuario no es un agente, así que el escritorio no puede trabajar para él.',
      next: 'Inicia sesión con tu cuenta de agente o consulta a tu administrador.',
    },
    multimediaMissing: {
      what: 'El servidor no ha iniciado el correo electrónico ni el chat: este centro de contacto no los tiene habilitados (función api-multimedia).',
      next: 'Pide a tu administrador que la habilite y vuelve a iniciar sesión.',
    },
    passwordMissing: {
      what: 'No hay ninguna contraseña guardada para este servidor y usuario.',
      next: 'Introduce la contraseña.',
    },
    offlineReview: {
      what: 'Estás revisando la caché sin conexión, así que no se puede enviar nada.',
      next: 'Inicia sesión para hacerlo.',
    },
    invitationGone: {
      what: 'Esta invitación ya no está disponible: puede que otro agente la haya aceptado.',
      next: 'Espera a la siguiente invitación.',
    },
    interactionNotHeld: {
      what: 'El servidor ya no tiene esta interacción a tu cargo: puede que se haya transferido, que otro agente la haya tomado o que haya terminado.',
      next: 'No se envió ni se guardó nada. Copia lo que escribiste si todavía lo necesitas.',
    },
    dispositionRequired: {
      what: 'Esto necesita un código de cierre antes de marcarlo como terminado.',
      next: 'Elige un código de cierre y vuelve a finalizar la interacción.',
    },
    fileTooLarge: {
      what: '{name} es demasiado grande para enviarlo: los archivos pueden tener como máximo {limit}.',
      next: 'Envía un archivo más pequeño o compártelo de otra forma.',
    },
    downloadTooLarge: {
      what: 'Este archivo es demasiado grande para descargarlo aquí: los archivos pueden tener como máximo {limit}.',
      next: 'Pídele al remitente que lo comparta de otra forma.',
    },
    fileNotReadable: {
      what: 'No se ha podido leer {name}.',
      next: 'Comprueba que es un archivo que puedes abrir y vuelve a añadirlo.',
    },
    fileNotSaved: {
      what: 'No se ha podido guardar {name} ahí.',
      next: 'Elige otra carpeta o comprueba que queda espacio en el disco.',
    },
    attachmentUnsafe: {
      what: 'Switchboard no abre programas ni scripts: {name} podría dañar este equipo.',
      next: 'Guárdalo y haz que lo revisen primero.',
    },
    attachmentNotDownloaded: {
      what: '{name} todavía no se ha descargado.',
      next: 'Vuelve a intentarlo en un momento.',
    },
    attachmentGone: {
      what: '{name} ya no está en este equipo.',
      next: 'Se vuelve a descargar mientras el correo sea tuyo; si no, pide el archivo al remitente.',
    },
    attachmentsFolderFull: {
      what: 'No se ha podido guardar {name}: el disco de la carpeta de adjuntos está lleno.',
      next: 'Libera espacio en él y pulsa Reintentar.',
    },
    attachmentsFolderNotWritable: {
      what: 'No se ha podido guardar {name}: Switchboard no puede escribir en su carpeta de adjuntos.',
      next: 'Pide a tu administrador que le deje escribir ahí y pulsa Reintentar.',
    },
    attachmentOutsideFolder: {
      what: '{name} no está en la carpeta de adjuntos, así que Switchboard no lo abre.',
      next: 'Pide al remitente que vuelva a enviar el archivo.',
    },
    attachmentNotOpened: {
      what: 'No se ha podido abrir {name}.',
      next: 'Guárdalo y ábrelo desde su carpeta.',
    },
    historyNotSent: {
      what: 'El servidor dio este motivo: {reason}.',
      next: 'Vuelve a intentarlo en un momento; si sigue fallando, avisa a tu administrador.',
    },
    responseGone: {
      what: 'Esa respuesta estándar ya no existe.',
      next: 'Elige otra.',
    },
    notReadyReasonUnknown: {
      what: '«{reason}» no es un motivo de No disponible de este centro de contacto.',
      next: 'Elige uno de los motivos ofrecidos.',
    },
    imageTooLarge: {
      what: 'La imagen es demasiado grande para mostrarla en el correo.',
      next: 'Guarda el adjunto para verla.',
    },
    notAnImage: {
      what: 'El correo presenta como imagen un adjunto que no lo es.',
      next: 'Guarda el adjunto para verlo.',
    },
    propertyNameReserved: {
      what: 'Los datos del caso no pueden tener un campo llamado __proto__.',
      next: 'Da otro nombre al campo.',
    },
    linkNotHttps: {
      what: 'Desde un correo solo se pueden abrir direcciones web https.',
      next: 'Copia la dirección si confías en ella.',
    },
    senderWithoutAddress: {
      what: 'Este remitente no tiene una dirección de correo que recordar.',
      next: 'Lee el correo sin sus imágenes.',
    },
    signInRunning: {
      what: 'Ya hay un inicio de sesión en curso.',
      next: 'Espera a que termine.',
    },
    noOfflineCache: {
      what: 'Este equipo no tiene caché de esa cuenta.',
      next: 'Inicia sesión en esa cuenta una vez mientras el servidor esté disponible.',
    },
    workbinsNotCached: {
      what: 'Este equipo no guarda ninguna copia de las bandejas: nunca se leyeron del servidor aquí.',
      next: 'Aparecerán cuando se pueda contactar con el servidor.',
    },
    offlinePasswordMissing: {
      what: 'Para abrir una caché sin conexión hace falta la contraseña de su cuenta.',
      next: 'Escribe la contraseña arriba y ábrela sin conexión.',
    },
    currentPasswordWrong: {
      what: 'La contraseña actual que has escrito no es correcta.',
      next: 'Vuelve a escribir tu contraseña actual.',
    },
    newPasswordRefused: {
      what: 'El servidor ha rechazado la nueva contraseña: {reason}.',
      next: 'Elige otra contraseña nueva.',
    },
    newPasswordNotAccepted: {
      what: 'El servidor ha rechazado la nueva contraseña.',
      next: 'Elige otra contraseña nueva o pregunta a tu administrador cómo debe ser.',
    },
    offlinePasswordRefused: {
      what: 'Esta no es la contraseña con la que esta cuenta inició sesión por última vez en este equipo.',
      next: 'Revísala e inténtalo de nuevo.',
    },
    offlineNotVerified: {
      what: 'Esta cuenta solo se puede abrir sin conexión después de iniciar sesión una vez en línea en este equipo.',
      next: 'Inicia sesión mientras el servidor esté disponible; después, su contraseña la abre sin conexión.',
    },
    passwordNotStored: {
      what: 'Este equipo no ofrece un lugar seguro para guardar la contraseña.',
      next: 'Inicia sesión sin «Recordarme» o consulta a tu administrador.',
    },
    sendNotSent: {
      what: 'El correo no se envió: el servidor no respondió y lo conserva como borrador sin enviar.',
      next: 'Tu texto se conserva. Envíalo de nuevo.',
    },
    sendOutcomeUnknown: {
      what: 'No se sabe si el correo se envió: la respuesta del servidor se perdió y desde entonces no se le ha podido preguntar.',
      next: 'Tu texto se conserva. No lo vuelvas a escribir todavía: Switchboard sigue preguntando al servidor y mostrará el correo como enviado en cuanto el servidor confirme que salió.',
    },
    sendClosedElsewhere: {
      what: 'El correo no se envió: su borrador se cerró en otro lugar (cancelado o detenido) antes de que «Enviar» llegara al servidor.',
      next: 'Tu texto se conserva: para enviarlo, cópialo en un correo nuevo.',
    },
    notADraft: {
      what: 'Esto no es un correo que estés escribiendo, así que no tiene borrador que cambiar.',
      next: 'Abre el correo que estás escribiendo o empieza una respuesta.',
    },
    draftOver: {
      what: 'Este correo ya no se está escribiendo: su borrador se cerró en el servidor.',
      next: 'Para enviar lo que escribiste, cópialo en un correo nuevo.',
    },
    actionUnderWay: {
      what: 'Hay otra acción en curso sobre este correo, así que esta no se envió.',
      next: 'Espera a que termine y vuelve a intentarlo.',
    },
    cacheInMemory: {
      what: 'Esta sesión guarda su caché en memoria: no hay ningún archivo que apartar.',
      next: 'Reinicia Switchboard; si vuelve a ocurrir, cuenta a tu administrador lo que dice Detalles.',
    },
    cacheFull: {
      what: 'El disco de este equipo está lleno: Switchboard no puede guardar nada más en él.',
      next: 'Libera espacio en él (o pide ayuda a tu administrador) y vuelve a intentarlo.',
    },
    cacheNotWritable: {
      what: 'Switchboard no puede escribir sus datos en este equipo.',
      next: 'Vuelve a intentarlo; si vuelve a ocurrir, pide a tu administrador que revise el disco y la carpeta de datos de Switchboard.',
    },
    cacheNotDamaged: {
      what: 'La caché no está dañada: no hay nada que apartar.',
      next: 'Sigue trabajando: tu trabajo se conserva.',
    },
    interactionNotCached: {
      what: 'Esta interacción ya no se guarda en este equipo.',
      next: 'Búscala de nuevo en la bandeja de entrada o en el historial.',
    },
    historyEntryNotCached: {
      what: 'El historial del contacto guardado en este equipo ya no la incluye.',
      next: 'Cierra el historial del contacto y vuelve a mostrarlo para leerla del servidor.',
    },
  },
  unavailable: {
    offlineReview: 'Sin conexión: inicia sesión para hacerlo',
    signingIn: 'Iniciando sesión: espera a que el escritorio esté conectado',
    reconnecting: 'Reconectando con el servidor: espera a que el escritorio esté conectado',
    offline:
      'Sin conexión: no se puede conectar con el servidor; volverá a funcionar cuando vuelva',
    signedOut: 'Sesión cerrada: inicia sesión para hacerlo',
  },
};
export default errors;
