import type { InteractionOperation, MeOperation } from './types';

/** E-mail operations on an interaction (002, and 003 "Interactions On E-mail Channel"). */
export const emailOperations: Readonly<Record<string, InteractionOperation>> = {};

/** `POST /me/interactions` e-mail operations (CreateEmail). */
export const emailCollectionOperations: Readonly<Record<string, MeOperation>> = {};
