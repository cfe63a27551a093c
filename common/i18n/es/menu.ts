import type { Catalog } from '../catalog';
import type en from '../en/menu';

const menu: Catalog<typeof en> = {
  sound: 'Sonido',
  soundHint: 'Reproducir un aviso cuando llegue una invitación',
  library: 'Firma y respuestas',
  libraryItem: 'Firma y respuestas…',
  workbins: 'Bandejas de trabajo',
  settings: 'Ajustes',
  settingsItem: 'Ajustes…',
  doNotDisturb: 'No molestar',
  changePassword: 'Cambiar contraseña…',
  signOut: 'Cerrar sesión',
  signingOut: 'Cerrando sesión…',
  menu: 'Menú',
  backToList: 'Volver a la lista',
  invitationsWaiting: '{count} invitación en espera | {count} invitaciones en espera',
  othersWaiting: '{count} chat más en espera | {count} chats más en espera',
  messagesToCheck: '{count} mensaje por revisar | {count} mensajes por revisar',
  actionsFailed: '{count} acción falló | {count} acciones fallaron',
};
export default menu;
