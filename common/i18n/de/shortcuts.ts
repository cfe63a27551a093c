import type { Catalog } from '../catalog';
import type en from '../en/shortcuts';

const shortcuts: Catalog<typeof en> = {
  hint: '{name} ({keys})',
  or: 'oder',
  actions: {
    acceptInvitation: 'Neueste Einladung annehmen',
    rejectInvitation: 'Neueste Einladung ablehnen',
    nextInteraction: 'Nächste Interaktion öffnen',
    previousInteraction: 'Vorherige Interaktion öffnen',
    longestWaiting: 'Zum Chat wechseln, der am längsten wartet (nicht zum offenen)',
    focusList: 'Zur Liste der Interaktionen',
    reply: 'Auf die geöffnete E-Mail antworten',
    send: 'Senden (in der Nachricht oder E-Mail, die Sie schreiben)',
    done: 'Geöffnete Interaktion als erledigt markieren',
    transfer: 'Geöffnete Interaktion weitergeben',
    newEmail: 'Neue E-Mail schreiben',
    ready: 'Bereit',
    notReady: 'Nicht bereit (Grund wählen)',
    doNotDisturb: 'Nicht stören ein- oder ausschalten',
    signOut: 'Abmelden',
    search: 'Chats und E-Mails durchsuchen',
    inbox: 'Posteingang anzeigen',
    history: 'Verlauf anzeigen',
    workbins: 'Arbeitskörbe öffnen oder schließen',
    settings: 'Einstellungen öffnen',
    help: 'Tastenkombinationen anzeigen',
  },
  groups: {
    invitations: 'Einladungen',
    interactions: 'Interaktionen bearbeiten',
    state: 'Ihr Status',
    navigation: 'Navigation',
  },
  help: {
    title: 'Tastenkombinationen',
    intro:
      'Tastenkombinationen funktionieren überall auf dem Desk, außer während Sie in ein Textfeld schreiben; Senden und der Wechsel zum am längsten wartenden Chat funktionieren auch in der Nachricht oder E-Mail, die Sie gerade schreiben. Escape schließt, was zuletzt geöffnet wurde.',
    close: 'Schließen',
    action: 'Aktion',
    keys: 'Tasten',
    change: 'Sie können sie in den Einstellungen unter „Tastenkombinationen“ ändern.',
  },
  reasons: {
    title: 'Nicht bereit',
    intro: 'Wählen Sie, warum Sie nicht bereit sind.',
    plain: 'Nicht bereit (ohne Grund)',
    cancel: 'Abbrechen',
  },
  settings: {
    title: 'Tastenkombinationen',
    intro:
      'Wählen Sie „Ändern“ und drücken Sie dann die neue Tastenkombination (Escape bricht ab). Kombinationen, die der Browser oder das System verwenden, werden abgelehnt.',
    change: 'Ändern',
    changeNamed: 'Tastenkombination für „{action}“ ändern',
    recording: 'Drücken Sie die neuen Tasten …',
    recordingNamed: 'Drücken Sie die neuen Tasten für „{action}“ oder Escape zum Abbrechen',
    reset: 'Standard',
    resetNamed: 'Standard-Tastenkombination für „{action}“ wiederherstellen',
    resetAll: 'Alle auf Standard zurücksetzen',
    remapped: 'geändert',
    conflict: 'Auch belegt von: {actions}. Ändern Sie eine davon, bevor Sie speichern.',
    conflicts:
      'Zwei Aktionen haben dieselbe Tastenkombination: Ändern Sie eine davon, bevor Sie speichern.',
    refused: {
      reserved: '{keys} gehört dem Browser oder dem System: Wählen Sie eine andere Kombination.',
      navigation: '{keys} dient zur Navigation auf der Seite: Nehmen Sie Alt oder Strg hinzu.',
      escape: 'Escape schließt, was zuletzt geöffnet wurde: Wählen Sie eine andere Kombination.',
      typing:
        '{keys} kann beim Schreiben ein Zeichen tippen: Nehmen Sie Alt oder Strg (nicht beide) oder eine Funktionstaste.',
    },
  },
};
export default shortcuts;
