import type { Route } from '../routes';

/** Interaction history (004): `POST /ucs/interactions`, answered on `/v2/ucs/interactions`. */
export const ucsRoutes: readonly Route[] = [];
