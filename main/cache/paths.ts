import { dirname, join } from 'node:path';

// Where the offline cache keeps its files, the facts the desktop app (in its `userData` folder)
// and the `switchboard` command (in the app-data folder of main/headless/paths.ts, or `--db`)
// share, so that both find the same cache and the same downloaded attachments.

/** The cache file's name inside the app's data folder. */
export const CACHE_FILE = 'cache.sqlite';

/** The folder, beside the cache file, that holds downloaded attachments. */
export const ATTACHMENTS_FOLDER = 'attachments';

/**
 * The folder the desk downloads attachments into while its cache is kept in memory (a newer
 * Switchboard's cache file, one that cannot be opened): never the cache file's own folder, whose
 * files that cache refers to and this run cannot see — clearing a file no row of its own uses
 * could delete one the file's cache still needs. Emptied when such a run starts and ends.
 */
export const IN_MEMORY_ATTACHMENTS_FOLDER = 'attachments-this-run';

/** The attachments folder of the cache file at `dbPath`: `ATTACHMENTS_FOLDER` beside it. */
export function attachmentsFolderFor(dbPath: string): string {
  return join(dirname(dbPath), ATTACHMENTS_FOLDER);
}
