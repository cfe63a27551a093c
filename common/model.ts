import { z } from 'zod';

/**
 * Domain types shared by main, preload and renderer. Each is a zod schema first, so the
 * boundary that receives it can validate it, and a TypeScript type derived from the schema.
 */

export const AppInfoSchema = z.object({
  /** Product name as the user sees it. */
  name: z.string(),
  /** Application version (package.json `version`). */
  version: z.string(),
  /** `process.platform` of the main process, e.g. `linux`, `win32`, `darwin`. */
  platform: z.string(),
  /** CPU architecture of the main process. */
  arch: z.string(),
  /** Versions of the runtimes the app runs on. */
  runtime: z.object({
    electron: z.string().optional(),
    chrome: z.string().optional(),
    node: z.string(),
  }),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/** The state of the link to the GWS server, as the tray and the header show it. */
export const ConnectionStateSchema = z.enum([
  'connecting',
  'connected',
  'reconnecting',
  'offline',
  'signedOut',
]);
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;
