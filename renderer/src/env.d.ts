/// <reference types="vite/client" />
import type { SwitchboardClient } from '../../common/contract';

declare global {
  interface Window {
    /** The contract client the preload exposes; reach it through `api.ts`, never directly. */
    readonly switchboard: SwitchboardClient;
  }
}
