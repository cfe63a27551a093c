import type { Catalog } from '../catalog';
import type en from '../en/chat';

// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- to be filled in issue 15
const chat: Catalog<typeof en> = {};
export default chat;
