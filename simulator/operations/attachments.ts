import type { Route } from '../routes';

/** Attachments API (003): upload, download and delete an interaction's documents. */
export const attachmentRoutes: readonly Route[] = [];
