import type { Catalog } from '../catalog';
import type en from '../en/settings';

// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- to be filled in issue 15
const settings: Catalog<typeof en> = {};
export default settings;
