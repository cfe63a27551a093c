import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, posix, win32 } from 'node:path';
import { CACHE_FILE } from '../cache/paths';

// Where the `switchboard` command looks when no `--db` is given: the folder the desktop app
// uses too. The cache's own layout (file name, attachments beside it) is main/cache/paths.ts's.

/** The folder name Electron's `app.getPath('userData')` uses for this product. */
export const APP_FOLDER = 'Switchboard';

export interface PlatformFacts {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
}

function currentPlatform(): PlatformFacts {
  return { platform: process.platform, env: process.env, home: homedir() };
}

/**
 * The per-user application-data folder of Switchboard, the one the desktop app uses too:
 * Linux `$XDG_CONFIG_HOME/Switchboard` (or `~/.config/Switchboard`), macOS
 * `~/Library/Application Support/Switchboard`, Windows `%APPDATA%\Switchboard`.
 */
export function appDataFolder(facts: PlatformFacts = currentPlatform()): string {
  const { platform, env, home } = facts;
  if (platform === 'win32') {
    return win32.join(env.APPDATA ?? win32.join(home, 'AppData', 'Roaming'), APP_FOLDER);
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', APP_FOLDER);
  const config = env.XDG_CONFIG_HOME;
  // The XDG spec ignores a relative XDG_CONFIG_HOME.
  return posix.join(
    config?.startsWith('/') === true ? config : posix.join(home, '.config'),
    APP_FOLDER,
  );
}

/** The offline cache's default file (not created here: see `ensureFolderFor`). */
export function defaultCachePath(facts: PlatformFacts = currentPlatform()): string {
  const folder = appDataFolder(facts);
  return facts.platform === 'win32'
    ? win32.join(folder, CACHE_FILE)
    : posix.join(folder, CACHE_FILE);
}

/**
 * Creates the folder that will hold `filePath` (and its parents) if missing; returns it. Made
 * for its user alone (0700), as the desk makes its data folder: the cache and the attachments in
 * it are customers' words and files, and the umask's usual 0755 let any user of the machine in.
 */
export function ensureFolderFor(filePath: string): string {
  const folder = dirname(filePath);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  return folder;
}
