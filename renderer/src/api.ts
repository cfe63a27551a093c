import type { SwitchboardClient } from '../../common/contract';

/**
 * The renderer's only way to main. Stores import this module instead of touching `window`, so
 * a test (or a browser host) can provide the client before the app mounts.
 */
export const api: SwitchboardClient = window.switchboard;
