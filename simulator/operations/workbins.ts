import type { Route } from '../routes';
import type { InteractionOperation } from './types';

/** Workbin operations on an interaction (PlaceInWorkbin, GetWorkbinContent). */
export const workbinInteractionOperations: Readonly<Record<string, InteractionOperation>> = {};

/** `/me/workbins` resources and operations (003, "Workbins"). */
export const workbinRoutes: readonly Route[] = [];
