import type { Catalog } from '../catalog';
import type en from '../en/shell';

const shell: Catalog<typeof en> = {
  couldNotStart: 'Switchboard no pudo iniciarse',
  tryAgain: 'Reintentar',
  starting: 'Iniciando…',
  versionUnavailable: 'Versión no disponible: {reason}',
};
export default shell;
