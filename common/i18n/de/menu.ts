import type { Catalog } from '../catalog';
import type en from '../en/menu';

const menu: Catalog<typeof en> = {
  sound: 'Ton',
  soundHint: 'Einen Signalton abspielen, wenn eine Einladung eintrifft',
  library: 'Signatur und Textbausteine',
  libraryItem: 'Signatur und Textbausteine…',
  workbins: 'Arbeitskörbe',
  settings: 'Einstellungen',
  settingsItem: 'Einstellungen…',
  doNotDisturb: 'Nicht stören',
  changePassword: 'Passwort ändern…',
  signOut: 'Abmelden',
  signingOut: 'Wird abgemeldet…',
  menu: 'Menü',
  backToList: 'Zurück zur Liste',
  invitationsWaiting: '{count} Einladung wartet | {count} Einladungen warten',
  othersWaiting: '{count} weiterer Chat wartet | {count} weitere Chats warten',
  messagesToCheck: '{count} Nachricht prüfen | {count} Nachrichten prüfen',
  actionsFailed: '{count} Aktion fehlgeschlagen | {count} Aktionen fehlgeschlagen',
};
export default menu;
