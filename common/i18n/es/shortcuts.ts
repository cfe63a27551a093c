import type { Catalog } from '../catalog';
import type en from '../en/shortcuts';

const shortcuts: Catalog<typeof en> = {
  hint: '{name} ({keys})',
  or: 'o',
  actions: {
    acceptInvitation: 'Aceptar la invitación más reciente',
    rejectInvitation: 'Rechazar la invitación más reciente',
    nextInteraction: 'Abrir la interacción siguiente',
    previousInteraction: 'Abrir la interacción anterior',
    longestWaiting: 'Ir al chat que lleva más tiempo esperando (no al abierto)',
    focusList: 'Ir a la lista de interacciones',
    reply: 'Responder al correo abierto',
    send: 'Enviar (en el mensaje o correo que estás escribiendo)',
    done: 'Marcar como terminada la interacción abierta',
    transfer: 'Transferir la interacción abierta',
    newEmail: 'Escribir un correo nuevo',
    ready: 'Disponible',
    notReady: 'No disponible (elegir un motivo)',
    doNotDisturb: 'Activar o desactivar No molestar',
    signOut: 'Cerrar sesión',
    search: 'Buscar en chats y correos',
    inbox: 'Mostrar la bandeja de entrada',
    history: 'Mostrar el historial',
    workbins: 'Abrir o cerrar las bandejas de trabajo',
    settings: 'Abrir la configuración',
    help: 'Mostrar los atajos de teclado',
  },
  groups: {
    invitations: 'Invitaciones',
    interactions: 'Trabajar en interacciones',
    state: 'Tu estado',
    navigation: 'Moverte por el escritorio',
  },
  help: {
    title: 'Atajos de teclado',
    intro:
      'Los atajos funcionan en todo el escritorio salvo mientras escribes en un campo de texto; Enviar y el atajo al chat que lleva más tiempo esperando funcionan también desde el mensaje o correo que estás escribiendo. Escape cierra lo último que se abrió.',
    close: 'Cerrar',
    action: 'Acción',
    keys: 'Teclas',
    change: 'Puedes cambiarlos en Configuración, en Atajos de teclado.',
  },
  reasons: {
    title: 'No disponible',
    intro: 'Elige por qué no estás disponible.',
    plain: 'No disponible (sin motivo)',
    cancel: 'Cancelar',
  },
  settings: {
    title: 'Atajos de teclado',
    intro:
      'Elige Cambiar y pulsa la nueva combinación de teclas (Escape cancela). No se admiten las combinaciones que usan el navegador o el sistema.',
    change: 'Cambiar',
    changeNamed: 'Cambiar el atajo de «{action}»',
    recording: 'Pulsa las nuevas teclas…',
    recordingNamed: 'Pulsa las nuevas teclas para «{action}» o Escape para cancelar',
    reset: 'Predeterminado',
    resetNamed: 'Volver al atajo predeterminado de «{action}»',
    resetAll: 'Volver a todos los predeterminados',
    remapped: 'cambiado',
    conflict: 'También lo usa: {actions}. Cambia uno de ellos antes de guardar.',
    conflicts: 'Dos acciones comparten una combinación de teclas: cambia una antes de guardar.',
    refused: {
      reserved: '{keys} es del navegador o del sistema: elige otra combinación.',
      navigation: '{keys} sirve para moverse por la página: añádele Alt o Ctrl.',
      escape: 'Escape cierra lo último que se abrió: elige otra combinación.',
      typing:
        '{keys} puede escribir un carácter en tu texto: usa Alt o Ctrl (no ambos) o una tecla de función.',
    },
  },
};
export default shortcuts;
