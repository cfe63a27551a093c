import type { Catalog } from '../catalog';
import type en from '../en/errors';

const errors: Catalog<typeof en> = {
  details: 'Details',
  dismiss: 'Schließen',
  what: {
    missingParameter: 'Es fehlen Angaben, die der Server braucht.',
    invalidState: 'Der Server kann das im Moment nicht ausführen.',
    forbidden: 'Der Server hat das abgelehnt.',
    internal: 'Etwas ist schiefgegangen.',
    permissionDenied: 'Sie haben keine Berechtigung dafür.',
    notFound: 'Der Server hat diesen Eintrag nicht mehr.',
    unauthorized: 'Sie sind nicht mehr angemeldet.',
    network: 'Der Server ist nicht erreichbar.',
    timeout: 'Der Server hat nicht rechtzeitig geantwortet.',
    invalidArgument: 'Switchboard konnte die Eingabe nicht verwenden.',
  },
  next: {
    missingParameter: 'Ergänzen Sie die fehlenden Angaben und versuchen Sie es erneut.',
    invalidState: 'Versuchen Sie es erneut, sobald sich das geändert hat.',
    forbidden: 'Wenden Sie sich an Ihre Teamleitung, wenn Sie das tun können sollten.',
    internal:
      'Versuchen Sie es erneut; passiert es wieder, nennen Sie Ihrer Administration den Inhalt von „Details“.',
    permissionDenied: 'Bitten Sie Ihre Administration um die Berechtigung.',
    notFound: 'Prüfen Sie die Angabe oder wählen Sie eine andere.',
    unauthorized: 'Melden Sie sich erneut an.',
    network: 'Prüfen Sie die Netzwerkverbindung und versuchen Sie es erneut.',
    timeout: 'Versuchen Sie es gleich noch einmal.',
    invalidArgument: 'Prüfen Sie Ihre Eingabe und versuchen Sie es erneut.',
  },
  code: {
    serverUrlInvalid: {
      what: 'Die Serveradresse ist keine Webadresse.',
      next: 'Geben Sie sie mit https:// sowie Servername und Port ein, z. B. https://gws.example.com:8090.',
    },
    serverUrlInsecure: {
      what: 'Die Serveradresse muss mit https:// beginnen (oder mit http:// für einen Server auf diesem Computer).',
      next: 'Korrigieren Sie die Adresse und melden Sie sich erneut an.',
    },
    credentialsRefused: {
      what: 'Der Server hat diesen Benutzernamen und dieses Passwort nicht akzeptiert.',
      next: 'Prüfen Sie beides und melden Sie sich erneut an.',
    },
    serverNotGws: {
      what: 'Unter dieser Adresse antwortet ein Server, aber nicht Genesys Web Services.',
      next: 'Prüfen Sie die Adresse: die Wurzel des Servers, z. B. https://gws.example.com:8090, wie Ihre Administration sie angegeben hat.',
    },
    serverRedirects: {
      what: 'Der Server unter dieser Adresse leitet die Anmeldung an {origin} weiter.',
      next: 'Wenn {origin} Ihr Genesys-Web-Services-Server ist (oft die https-Adresse desselben Servers), melden Sie sich damit an; sonst fragen Sie Ihre Administration nach der Adresse.',
    },
    serverUnreachable: {
      what: 'Unter dieser Adresse antwortet kein Server.',
      next: 'Prüfen Sie die Adresse und die Netzwerkverbindung und versuchen Sie es erneut.',
    },
    notAnAgent: {
      what: 'Dieser Benutzer ist kein Agent, daher kann der Arbeitsplatz für ihn nicht arbeiten.',
      next: 'Melden Sie sich mit Ihrem Agentenkonto an oder wenden Sie sich an Ihre Administration.',
    },
    multimediaMissing: {
      what: 'Der Server hat E-Mail und Chat nicht gestartet: In diesem Contact Center sind sie nicht freigeschaltet (Feature api-multimedia).',
      next: 'Bitten Sie Ihre Administration, es freizuschalten, und melden Sie sich dann erneut an.',
    },
    passwordMissing: {
      what: 'Für diesen Server und Benutzer ist kein Passwort gespeichert.',
      next: 'Geben Sie das Passwort ein.',
    },
    offlineReview: {
      what: 'Sie sehen den Cache offline durch, daher kann nichts gesendet werden.',
      next: 'Melden Sie sich an, um das zu tun.',
    },
    invitationGone: {
      what: 'Diese Einladung ist nicht mehr verfügbar: Vielleicht hat sie ein anderer Agent angenommen.',
      next: 'Warten Sie auf die nächste Einladung.',
    },
    interactionNotHeld: {
      what: 'Diese Interaktion liegt auf dem Server nicht mehr bei Ihnen: Sie wurde vielleicht weitergeleitet, übernommen oder beendet.',
      next: 'Es wurde nichts gesendet oder gespeichert. Kopieren Sie, was Sie eingegeben haben, falls Sie es noch brauchen.',
    },
    dispositionRequired: {
      what: 'Hierfür ist ein Abschlusscode nötig, bevor es als erledigt markiert werden kann.',
      next: 'Wählen Sie einen Abschlusscode und schließen Sie die Interaktion dann erneut ab.',
    },
    fileTooLarge: {
      what: '{name} ist zu groß zum Senden: Dateien dürfen höchstens {limit} groß sein.',
      next: 'Senden Sie eine kleinere Datei oder teilen Sie sie auf anderem Weg.',
    },
    downloadTooLarge: {
      what: 'Diese Datei ist zu groß, um hier heruntergeladen zu werden: Dateien dürfen höchstens {limit} groß sein.',
      next: 'Bitten Sie den Absender, sie auf anderem Weg zu teilen.',
    },
    fileNotReadable: {
      what: '{name} konnte nicht gelesen werden.',
      next: 'Prüfen Sie, ob es eine Datei ist, die Sie öffnen können, und fügen Sie sie erneut hinzu.',
    },
    fileNotSaved: {
      what: '{name} konnte dort nicht gespeichert werden.',
      next: 'Wählen Sie einen anderen Ordner oder prüfen Sie, ob auf dem Datenträger Platz ist.',
    },
    attachmentUnsafe: {
      what: 'Switchboard öffnet keine Programme oder Skripte: {name} könnte diesem Computer schaden.',
      next: 'Speichern Sie die Datei und lassen Sie sie zuerst prüfen.',
    },
    attachmentNotDownloaded: {
      what: '{name} ist noch nicht heruntergeladen.',
      next: 'Versuchen Sie es gleich noch einmal.',
    },
    attachmentGone: {
      what: '{name} ist nicht mehr auf diesem Computer.',
      next: 'Solange die E-Mail bei Ihnen ist, wird die Datei erneut heruntergeladen; sonst bitten Sie den Absender darum.',
    },
    attachmentsFolderFull: {
      what: '{name} konnte nicht abgelegt werden: Der Datenträger des Anhangsordners ist voll.',
      next: 'Schaffen Sie dort Platz und wählen Sie dann „Datei erneut herunterladen“.',
    },
    attachmentsFolderNotWritable: {
      what: '{name} konnte nicht abgelegt werden: Switchboard darf nicht in seinen Anhangsordner schreiben.',
      next: 'Bitten Sie Ihre Administration, das Schreiben dort zu erlauben, und wählen Sie dann „Datei erneut herunterladen“.',
    },
    attachmentOutsideFolder: {
      what: '{name} liegt nicht im Anhangsordner, daher öffnet Switchboard die Datei nicht.',
      next: 'Bitten Sie den Absender, die Datei erneut zu senden.',
    },
    attachmentNotOpened: {
      what: '{name} konnte nicht geöffnet werden.',
      next: 'Speichern Sie die Datei und öffnen Sie sie dann aus ihrem Ordner.',
    },
    historyNotSent: {
      what: 'Der Server nannte diesen Grund: {reason}.',
      next: 'Versuchen Sie es gleich noch einmal; wenn es weiter fehlschlägt, wenden Sie sich an Ihre Administration.',
    },
    responseGone: {
      what: 'Diese Standardantwort gibt es nicht mehr.',
      next: 'Wählen Sie eine andere.',
    },
    notReadyReasonUnknown: {
      what: '„{reason}“ ist kein Grund für „Nicht bereit“ in diesem Contact Center.',
      next: 'Wählen Sie einen der angebotenen Gründe.',
    },
    imageTooLarge: {
      what: 'Das Bild ist zu groß, um es in der E-Mail anzuzeigen.',
      next: 'Speichern Sie den Anhang, um es anzusehen.',
    },
    notAnImage: {
      what: 'Die E-Mail nennt einen Anhang als Bild, der keines ist.',
      next: 'Speichern Sie den Anhang, um ihn anzusehen.',
    },
    propertyNameReserved: {
      what: 'Falldaten können kein Feld namens __proto__ haben.',
      next: 'Geben Sie dem Feld einen anderen Namen.',
    },
    linkNotHttps: {
      what: 'Aus einer E-Mail lassen sich nur https-Webadressen öffnen.',
      next: 'Kopieren Sie die Adresse, wenn Sie ihr vertrauen.',
    },
    senderWithoutAddress: {
      what: 'Dieser Absender hat keine E-Mail-Adresse, die man sich merken könnte.',
      next: 'Lesen Sie die E-Mail ohne ihre Bilder.',
    },
    signInRunning: {
      what: 'Es läuft bereits eine Anmeldung.',
      next: 'Warten Sie, bis sie abgeschlossen ist.',
    },
    noOfflineCache: {
      what: 'Auf diesem Computer gibt es keinen Cache für dieses Konto.',
      next: 'Melden Sie sich einmal bei diesem Konto an, solange der Server erreichbar ist.',
    },
    workbinsNotCached: {
      what: 'Auf diesem Computer ist keine Kopie der Arbeitskörbe gespeichert: Sie wurden hier nie vom Server gelesen.',
      next: 'Sie erscheinen, sobald der Server erreichbar ist.',
    },
    offlinePasswordMissing: {
      what: 'Um einen Cache offline zu öffnen, ist das Passwort seines Kontos nötig.',
      next: 'Geben Sie oben das Passwort ein und öffnen Sie ihn dann offline.',
    },
    currentPasswordWrong: {
      what: 'Das eingegebene aktuelle Passwort ist nicht richtig.',
      next: 'Geben Sie Ihr aktuelles Passwort erneut ein.',
    },
    newPasswordRefused: {
      what: 'Der Server hat das neue Passwort abgelehnt: {reason}.',
      next: 'Wählen Sie ein anderes neues Passwort.',
    },
    newPasswordNotAccepted: {
      what: 'Der Server hat das neue Passwort abgelehnt.',
      next: 'Wählen Sie ein anderes neues Passwort, oder fragen Sie Ihre Administration, wie es aussehen muss.',
    },
    offlinePasswordRefused: {
      what: 'Das ist nicht das Passwort, mit dem sich dieses Konto zuletzt auf diesem Computer angemeldet hat.',
      next: 'Prüfen Sie es und versuchen Sie es erneut.',
    },
    offlineNotVerified: {
      what: 'Dieses Konto lässt sich erst offline öffnen, nachdem es sich einmal online auf diesem Computer angemeldet hat.',
      next: 'Melden Sie sich an, solange der Server erreichbar ist; danach öffnet sein Passwort es offline.',
    },
    passwordNotStored: {
      what: 'Dieser Computer bietet keinen sicheren Ort für das Passwort.',
      next: 'Melden Sie sich ohne „Passwort speichern“ an oder wenden Sie sich an Ihre Administration.',
    },
    sendNotSent: {
      what: 'Die E-Mail wurde nicht gesendet: Der Server hat nicht geantwortet und hält sie weiter als ungesendeten Entwurf.',
      next: 'Ihr Text bleibt erhalten. Senden Sie sie erneut.',
    },
    sendOutcomeUnknown: {
      what: 'Es ist nicht bekannt, ob die E-Mail gesendet wurde: Die Antwort des Servers ging verloren, und der Server war seitdem nicht erreichbar.',
      next: 'Ihr Text bleibt erhalten. Schreiben Sie sie noch nicht neu: Switchboard fragt den Server weiter und zeigt die E-Mail als gesendet, sobald der Server bestätigt, dass sie versendet wurde.',
    },
    sendClosedElsewhere: {
      what: 'Die E-Mail wurde nicht gesendet: Ihr Entwurf wurde anderswo geschlossen (verworfen oder beendet), bevor „Senden“ den Server erreichte.',
      next: 'Ihr Text bleibt erhalten: Um ihn zu senden, kopieren Sie ihn in eine neue E-Mail.',
    },
    notADraft: {
      what: 'Dies ist keine E-Mail, die Sie schreiben, daher gibt es keinen Entwurf zu ändern.',
      next: 'Öffnen Sie die E-Mail, die Sie schreiben, oder beginnen Sie eine Antwort.',
    },
    draftOver: {
      what: 'Diese E-Mail wird nicht mehr geschrieben: Ihr Entwurf wurde auf dem Server geschlossen.',
      next: 'Um Ihren Text zu senden, kopieren Sie ihn in eine neue E-Mail.',
    },
    actionUnderWay: {
      what: 'Eine andere Aktion zu dieser E-Mail ist unterwegs, daher wurde diese nicht gesendet.',
      next: 'Warten Sie, bis sie fertig ist, und versuchen Sie es dann erneut.',
    },
    cacheInMemory: {
      what: 'Diese Sitzung hält ihren Zwischenspeicher im Arbeitsspeicher: Es gibt keine Datei, die beiseitegelegt werden könnte.',
      next: 'Starten Sie Switchboard neu; passiert es wieder, nennen Sie Ihrer Administration, was unter „Details“ steht.',
    },
    cacheFull: {
      what: 'Der Datenträger dieses Computers ist voll: Switchboard kann dort nichts mehr speichern.',
      next: 'Schaffen Sie dort Platz (oder wenden Sie sich an Ihre Administration) und versuchen Sie es dann erneut.',
    },
    cacheNotWritable: {
      what: 'Switchboard kann seine Daten auf diesem Computer nicht schreiben.',
      next: 'Versuchen Sie es erneut; passiert es wieder, bitten Sie Ihre Administration, den Datenträger und den Datenordner von Switchboard zu prüfen.',
    },
    cacheNotDamaged: {
      what: 'Der Zwischenspeicher ist nicht beschädigt: Es gibt nichts beiseitezulegen.',
      next: 'Arbeiten Sie weiter: Ihre Arbeit bleibt erhalten.',
    },
    interactionNotCached: {
      what: 'Diese Interaktion ist auf diesem Computer nicht mehr gespeichert.',
      next: 'Suchen Sie sie erneut im Posteingang oder im Verlauf.',
    },
    historyEntryNotCached: {
      what: 'Der auf diesem Computer gespeicherte Kontaktverlauf führt sie nicht mehr.',
      next: 'Schließen Sie den Kontaktverlauf und zeigen Sie ihn erneut an, um sie vom Server zu lesen.',
    },
  },
  unavailable: {
    offlineReview: 'Offline: Melden Sie sich an, um das zu tun',
    signingIn: 'Anmeldung läuft: Warten Sie, bis der Arbeitsplatz verbunden ist',
    reconnecting:
      'Verbindung wird wiederhergestellt: Warten Sie, bis der Arbeitsplatz verbunden ist',
    offline: 'Offline: Der Server ist nicht erreichbar; das geht wieder, sobald er zurück ist',
    signedOut: 'Abgemeldet: Melden Sie sich an, um das zu tun',
  },
};
export default errors;
