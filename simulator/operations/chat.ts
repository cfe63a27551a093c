import type { InteractionOperation } from './types';

/** Chat operations (003, "Interactions On Chat Channel"). */
export const chatOperations: Readonly<Record<string, InteractionOperation>> = {};
