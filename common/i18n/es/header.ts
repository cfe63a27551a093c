import type { Catalog } from '../catalog';
import type en from '../en/header';

const header: Catalog<typeof en> = {
  state: {
    label: 'Estado',
    ready: 'Disponible',
    readyOnly: 'Disponible solo en {channel}',
    notReady: 'No disponible',
    notReadyReason: 'No disponible: {reason}',
    doNotDisturb: 'No molestar',
    noChannels: 'Sin canales',
    mixed: 'Mixto',
    loggedOut: 'Sesión cerrada',
    lastKnown: 'Último estado conocido: {state}',
  },
  channels: {
    button: 'Canales',
    group: '{channel}: {state}',
    doNotDisturb: 'No molestar',
    doNotDisturbForAll: 'No molestar está activo en todos los canales: desactívalo primero.',
  },
  connection: {
    connecting: 'Conectando…',
    connected: 'Conectado',
    reconnecting: 'Reconectando…',
    offline: 'Sin conexión',
    signedOut: 'Sesión cerrada',
    label: 'Conexión: {state}',
  },
  offline: {
    title: 'Revisión sin conexión',
    detail: '{account}: no se envía nada',
    signIn: 'Iniciar sesión…',
  },
  newEmail: {
    label: 'Nuevo correo',
    starting: 'Creando…',
  },
  password: {
    title: 'Cambiar contraseña',
    changed: 'Tu contraseña se ha cambiado. A partir de ahora usa la nueva.',
    close: 'Cerrar',
    cancel: 'Cancelar',
    submit: 'Cambiar contraseña',
    current: 'Contraseña actual',
    new: 'Contraseña nueva',
    repeat: 'Repite la contraseña nueva',
    mismatch: 'Las dos contraseñas nuevas no coinciden: vuelve a escribir la nueva.',
    changing: 'Cambiando…',
  },
  colleagues: {
    doNotDisturb: 'No molestar',
    asTyped: 'tal como se escribió',
  },
};
export default header;
