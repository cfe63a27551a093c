import type { SwitchboardClient, Unsubscribe } from '../../common/contract';
import type { ChangeSet } from '../../common/model';
import { settledClient } from './lib/settledClient';

/**
 * `desk.onChanged`: main's one change set per cache commit (common/model.ts `ChangeSetSchema`),
 * which the stores fold instead of refetching. Declared here until common/contract.ts declares
 * the `desk.changed` event (the `writer` branch); then this is the contract's own type again.
 */
export interface DeskEvents {
  readonly desk: {
    readonly onChanged: (listener: (changes: ChangeSet) => void) => Unsubscribe;
  };
}

/** The contract client with the desk's change sets. */
export type DeskClient = SwitchboardClient & DeskEvents;

/**
 * The renderer's only way to main. Stores import this module instead of touching `window`, so
 * a test (or a browser host) can provide the client before the app mounts. Every method settles
 * to a `Result`, even when the transport rejects (see {@link settledClient}).
 */
export const api: DeskClient = settledClient(window.switchboard as DeskClient);
