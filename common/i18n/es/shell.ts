import type { Catalog } from '../catalog';
import type en from '../en/shell';

const shell: Catalog<typeof en> = {
  couldNotStart: 'Switchboard no pudo iniciarse',
  tryAgain: 'Reintentar',
  starting: 'Iniciando…',
  versionUnavailable: 'Versión no disponible: {reason}',
  signIn: {
    title: 'Inicia sesión en Switchboard',
    demoNote: 'Este es el servidor de demostración integrado. Su contraseña ya está rellenada.',
    signedOut: 'Sesión cerrada: {reason}',
    refusal: {
      passwordRefused:
        'El servidor rechazó la contraseña de {user}. Vuelve a iniciar sesión con la nueva contraseña.',
      rememberedPasswordRefused:
        'El servidor rechazó la contraseña recordada de {user}, así que Switchboard la olvidó. Inicia sesión con la nueva contraseña.',
      rememberedPasswordStale:
        'La contraseña recordada de {user} no es la última con la que iniciaste sesión aquí, así que Switchboard la olvidó sin probarla. Inicia sesión con tu contraseña.',
      serverUnreachable:
        'Switchboard no pudo conectar con el servidor para iniciar la sesión de {user}. Vuelve a iniciar sesión cuando esté disponible; mientras tanto, el trabajo anterior se abre sin conexión.',
    },
    serverUrl: 'URL del servidor',
    userName: 'Nombre de usuario',
    password: 'Contraseña',
    remembered: 'Guardada',
    rememberedHint: 'Déjala vacía para usar la contraseña guardada.',
    forget: 'Olvidarla',
    rememberMe: 'Recordarme',
    rememberUnavailable: {
      noKeyring:
        'No disponible: este sistema no tiene un llavero como GNOME Keyring o KWallet, así que la contraseña solo quedaría ofuscada; Switchboard no la guarda.',
      noSecretStore:
        'No disponible: el almacén de secretos del sistema operativo no está disponible, así que Switchboard no guarda la contraseña.',
    },
    submit: 'Iniciar sesión',
    submitting: 'Iniciando sesión…',
    failed: 'No se pudo iniciar sesión',
    forgetFailed: 'No se pudo olvidar la contraseña',
  },
  firstLogin: {
    title: 'Elige una contraseña nueva',
    reason:
      'El servidor pide a {user} una contraseña nueva antes de iniciar sesión. Si rechaza alguna, aquí verás por qué.',
    submit: 'Cambiar e iniciar sesión',
    back: 'Atrás',
    notChanged: 'La contraseña no se cambió.',
  },
  offlineEntry: {
    titleUnreachable: 'No se puede conectar con el servidor',
    title: '¿Sin servidor?',
    hint: 'Consulta la caché de esta cuenta en este equipo (bandeja de entrada, historial, transcripciones, correos) sin servidor, con su contraseña escrita arriba. No se envía nada.',
    review: 'Revisar sin conexión',
    open: 'Abrir sin conexión',
    interactions: '{count} interacción | {count} interacciones',
    failed: 'No se pudo abrir la caché',
  },
  cache: {
    moveAside: 'Apartarla y empezar de cero',
    moving: 'Moviendo…',
    moveFailed: 'Apartar la caché',
    state: {
      damaged:
        'La caché sin conexión de {path} está dañada. Apártala y empieza una nueva; el archivo dañado se conserva.',
      moveScheduled:
        'Reinicia Switchboard: la caché dañada se apartará (se conserva, no se borra) y se empezará una nueva.',
      movedAside:
        'La caché sin conexión de {path} se ha apartado a {movedTo} (se conserva, no se borra) y se ha empezado una nueva: el historial anterior no se muestra.',
      newerVersion:
        'La caché sin conexión de {path} la escribió un Switchboard más reciente: actualiza Switchboard o usa otra caché; el archivo no se ha tocado. Esta sesión guarda su caché en memoria y no se conserva nada para el próximo inicio.',
      fileDeleted:
        'La caché sin conexión de {path} se eliminó mientras Switchboard se ejecutaba. Lo que contenía y lo que hagas ahora se conserva hasta que Switchboard se cierre, y entonces se vuelve a escribir: cierra Switchboard con normalidad (no a la fuerza), o se perderá.',
      inMemory:
        'Switchboard no puede usar la caché sin conexión de {path}: esta sesión guarda su caché en memoria y no se conserva nada para el próximo inicio.',
    },
  },
  link: {
    storageFailing:
      'La caché sin conexión no puede guardar lo que llega: se está reintentando y, en cuanto pueda, se volverá a leer del servidor.',
    connecting: 'Conectando con el servidor…',
    reconnecting: 'Reconectando con el servidor: se muestra lo que hay en la caché sin conexión.',
    offline: 'Sin conexión: se muestra lo que hay en la caché sin conexión.',
    signedOut: 'Sesión cerrada: se muestra lo que hay en la caché sin conexión.',
    reconnectNow: 'Reconectar ahora',
    checking: 'Comprobando…',
  },
  features: {
    multimediaMissing:
      'Este centro de contacto no tiene habilitados el correo electrónico ni el chat (función {feature}): aquí no llegará ninguno. Pide a tu administrador que la habilite.',
    noChannels:
      'Tu usuario no tiene canal de correo electrónico ni de chat: aquí no llegará trabajo y no puedes estar disponible. Pide a tu administrador que te asigne uno.',
  },
  account: {
    demo: '{user} en el servidor de demostración',
    server: '{user} en {server}',
  },
  alerts: {
    connectionCheck: 'Comprobación de la conexión',
    agentState: 'Estado del agente',
    signOut: 'Cierre de sesión',
    settings: 'Ajustes',
  },
};
export default shell;
