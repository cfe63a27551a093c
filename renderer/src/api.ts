import type { SwitchboardClient } from '../../common/contract';
import { settledClient } from './lib/settledClient';

/**
 * The renderer's only way to main. Stores import this module instead of touching `window`, so
 * a test (or a browser host) can provide the client before the app mounts. Every method settles
 * to a `Result`, even when the transport rejects (see {@link settledClient}).
 */
export const api: SwitchboardClient = settledClient(window.switchboard);
