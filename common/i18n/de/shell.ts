import type { Catalog } from '../catalog';
import type en from '../en/shell';

const shell: Catalog<typeof en> = {
  couldNotStart: 'Switchboard konnte nicht starten',
  tryAgain: 'Erneut versuchen',
  starting: 'Wird gestartet…',
  versionUnavailable: 'Version nicht verfügbar: {reason}',
};
export default shell;
