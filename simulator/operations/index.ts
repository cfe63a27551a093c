import { attachmentRoutes } from './attachments';
import { chatOperations } from './chat';
import { emailCollectionOperations, emailOperations } from './email';
import { interactionOperations } from './interactions';
import type { InteractionOperation, MeOperation, Route } from './types';
import { ucsRoutes } from './ucs';
import { userRoutes } from './users';
import {
  workbinCollectionOperations,
  workbinInteractionOperations,
  workbinRoutes,
} from './workbins';

/**
 * Every `POST /me/interactions/{id}` operation, by table: the first table that names an
 * operation handles it. Channel-specific tables come first so that, e.g., chat's Accept with a
 * nickname could refine the general Accept.
 */
export const interactionOperationTables: readonly Readonly<Record<string, InteractionOperation>>[] =
  [chatOperations, emailOperations, workbinInteractionOperations, interactionOperations];

/** `POST /me/interactions` operations (create an interaction). */
export const interactionCollectionOperations: Readonly<Record<string, MeOperation>> = {
  ...emailCollectionOperations,
  ...workbinCollectionOperations,
};

/** Routes beyond the core resources: attachments, workbins, interaction history, users. */
export const extraRoutes: readonly Route[] = [
  ...attachmentRoutes,
  ...workbinRoutes,
  ...ucsRoutes,
  ...userRoutes,
];
