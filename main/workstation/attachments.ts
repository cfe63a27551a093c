import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import {
  copyFile,
  link,
  lstat,
  mkdir,
  readFile,
  realpath,
  rm,
  rmdir,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Result } from '../../common/errors';
import { withoutInvisible } from '../../common/visibleText';
import type { CacheStore } from '../cache/store';

export interface WorkstationLog {
  debug(message: string): void;
  warn(message: string): void;
}

/** Fetches one attachment's bytes (GWS DownloadAttachment: interaction id, document id). */
export type DownloadFunction = (
  interactionId: string,
  attachmentId: string,
) => Promise<
  Result<{ bytes: Buffer | Uint8Array; mimeType: string; fileName?: string | undefined }>
>;

/** UTF-8 bytes a stored file name may take (ext4, NTFS and APFS allow 255). */
export const MAX_NAME_BYTES = 150;
/** An extension longer than this is not one worth keeping when a name is shortened. */
const MAX_EXTENSION_CHARS = 16;
const FALLBACK_NAME = 'attachment';
/** Names tried in one content folder before giving up: `a.txt`, `a (2).txt`, … */
const MAX_CANDIDATES = 20;

/** Device names Windows reserves whatever the extension (`CON.txt` is the console). */
const RESERVED_WINDOWS_NAMES = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/iu;
/** Characters Windows forbids in names (`:` would also open an alternate data stream). */
const FORBIDDEN = /[<>:"|?*]/gu;

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The longest prefix of `text` (whole code points) that fits in `maxBytes` UTF-8 bytes. */
function truncateUtf8(text: string, maxBytes: number): string {
  let result = '';
  let bytes = 0;
  for (const character of text) {
    const size = utf8Length(character);
    if (bytes + size > maxBytes) break;
    result += character;
    bytes += size;
  }
  return result;
}

function trimDotsAndSpaces(text: string): string {
  return text.replace(/^[\s.]+/u, '').replace(/[\s.]+$/u, '');
}

/** `name.ext` → [`name`, `.ext`] when the extension is short and the name has a stem. */
function splitExtension(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return [name, ''];
  const extension = name.slice(dot);
  return extension.length - 1 <= MAX_EXTENSION_CHARS && extension.length > 1
    ? [name.slice(0, dot), extension]
    : [name, ''];
}

/**
 * A file name safe to create on Windows, macOS and Linux from a name a stranger chose: only its
 * last path segment (`../../etc/passwd` → `passwd`, `C:\Windows\x.exe` → `x.exe`), without
 * control, zero-width or bidirectional characters, with `<>:"|?*` as `_`, without leading or
 * trailing dots and spaces (so never hidden, never `..`), reserved device names prefixed with
 * `_` (`CON.txt` → `_CON.txt`), at most {@link MAX_NAME_BYTES} UTF-8 bytes keeping a short
 * extension, NFC-normalized; `attachment` when nothing is left.
 */
export function sanitizeFileName(name: string): string {
  const cleaned = withoutInvisible(name.normalize('NFC'));
  const segments = cleaned
    .split(/[/\\]/u)
    .map((segment) => trimDotsAndSpaces(segment.replace(FORBIDDEN, '_')))
    .filter((segment) => segment !== '');
  let result = segments.at(-1) ?? '';
  const stem = result.split('.')[0] ?? '';
  if (RESERVED_WINDOWS_NAMES.test(stem.trim())) result = `_${result}`;
  if (utf8Length(result) > MAX_NAME_BYTES) {
    const [base, extension] = splitExtension(result);
    const kept = trimDotsAndSpaces(truncateUtf8(base, MAX_NAME_BYTES - utf8Length(extension)));
    result = `${kept === '' ? FALLBACK_NAME : kept}${extension}`;
  }
  return result === '' ? FALLBACK_NAME : result;
}

/** `a.txt`, then `a (2).txt`, `a (3).txt`, … */
function candidateName(name: string, attempt: number): string {
  if (attempt === 1) return name;
  const [base, extension] = splitExtension(name);
  const suffix = ` (${attempt})`;
  return `${truncateUtf8(base, MAX_NAME_BYTES - utf8Length(suffix + extension))}${suffix}${extension}`;
}

/** True when `path` is strictly below `root` (both absolute and resolved). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String(error.code)
    : undefined;
}

function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Whether a regular file with this content is at `path` (a link or a folder counts as other). */
async function contentAt(path: string, sha256: string): Promise<'absent' | 'same' | 'other'> {
  try {
    const stats = await lstat(path);
    if (!stats.isFile()) return 'other';
    return sha256Of(await readFile(path)) === sha256 ? 'same' : 'other';
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 'absent';
    throw error;
  }
}

/** Publishes `temp` as `target` without ever replacing a file: a hard link, else an exclusive copy. */
async function publish(temp: string, target: string): Promise<void> {
  try {
    await link(temp, target);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST' || code === 'ENOENT') throw error;
    // File systems without hard links (FAT, some network shares).
    await copyFile(temp, target, constants.COPYFILE_EXCL);
  }
}

export interface StoredFile {
  /** Absolute path of the file. */
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
  /** The same content under the same name was already there. */
  readonly reused: boolean;
}

/**
 * Stores `bytes` content-addressed: `<root>/<sha256[0:2]>/<sha256>/<sanitized name>`. The bytes
 * go to a temp file created exclusively (`wx`), then are hard-linked into place, which fails
 * rather than replace anything. The same content under the same name is reused; a different
 * file already at the target (which content addressing makes a sign of tampering) is left alone
 * and the next free name `name (2).ext` is used. Every path is checked to stay inside `root`,
 * symbolic links resolved.
 */
export async function storeContent(
  root: string,
  name: string,
  bytes: Uint8Array,
): Promise<StoredFile> {
  const sha256 = sha256Of(bytes);
  const base = resolve(root);
  const folder = resolve(base, sha256.slice(0, 2), sha256);
  if (!isInside(base, folder)) throw new Error(`refusing to write outside ${base}`);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const [realBase, realFolder] = await Promise.all([realpath(base), realpath(folder)]);
  if (!isInside(realBase, realFolder)) throw new Error(`${folder} leads outside ${base}`);
  const safeName = sanitizeFileName(name);
  let temp: string | null = null;
  try {
    for (let attempt = 1; attempt <= MAX_CANDIDATES; attempt += 1) {
      const target = resolve(realFolder, candidateName(safeName, attempt));
      if (dirname(target) !== realFolder) throw new Error(`refusing the name ${safeName}`);
      const existing = await contentAt(target, sha256);
      if (existing === 'same') return { path: target, sha256, size: bytes.length, reused: true };
      if (existing === 'other') continue;
      if (temp === null) {
        temp = resolve(realFolder, `.${randomBytes(8).toString('hex')}.part`);
        await writeFile(temp, bytes, { flag: 'wx', mode: 0o600 });
      }
      try {
        await publish(temp, target);
        return { path: target, sha256, size: bytes.length, reused: false };
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') throw error;
        // Another writer got there first: the same content is as good as ours.
        if ((await contentAt(target, sha256)) === 'same')
          return { path: target, sha256, size: bytes.length, reused: true };
      }
    }
    throw new Error(`no free name for ${safeName} in ${realFolder}`);
  } finally {
    if (temp !== null) await rm(temp, { force: true });
  }
}

/**
 * Deletes stored files (after a purge) and the content folders they leave empty; a path outside
 * `root` is refused and counted, a file already gone is not an error.
 */
export async function removeStoredFiles(
  root: string,
  paths: readonly string[],
  log: WorkstationLog,
): Promise<{ deleted: number; refused: number }> {
  const base = resolve(root);
  let realBase = base;
  try {
    realBase = await realpath(base);
  } catch {
    // No attachments folder: nothing inside it to delete, and nothing outside it is deleted.
  }
  let deleted = 0;
  let refused = 0;
  for (const path of paths) {
    const target = resolve(path);
    if (!isInside(base, target) && !isInside(realBase, target)) {
      log.warn(`purge: refusing to delete ${target}, outside ${base}`);
      refused += 1;
      continue;
    }
    try {
      const stats = await lstat(target);
      if (stats.isDirectory()) {
        refused += 1;
        continue;
      }
      await unlink(target);
      deleted += 1;
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') {
        log.warn(`purge: cannot delete ${target}: ${String(error)}`);
        continue;
      }
    }
    // The content folder, then its prefix folder, when empty; never the root itself.
    for (
      let folder = dirname(target);
      isInside(base, folder) || isInside(realBase, folder);
      folder = dirname(folder)
    ) {
      try {
        await rmdir(folder);
      } catch {
        break;
      }
    }
  }
  return { deleted, refused };
}

/**
 * Records a file just stored (`record`: one transaction, answering whether an attachment row
 * took it). A file no row took — its attachment was forgotten meanwhile (the agent removed it
 * from a draft while it downloaded), or the write failed — is deleted again unless another row
 * uses it: nothing stays on disk that no purge would ever find. Answers whether it was recorded;
 * `record`'s error is thrown on, after the clean-up.
 */
export async function recordStoredFile(
  store: CacheStore,
  root: string,
  file: StoredFile,
  record: () => boolean,
  log: WorkstationLog,
): Promise<boolean> {
  let recorded = false;
  try {
    recorded = record();
    return recorded;
  } finally {
    if (!recorded) {
      const unused = store.filesNoRowUses([file.path]);
      if (unused.length > 0) await removeStoredFiles(root, unused, log);
    }
  }
}

export interface AttachmentDownloaderOptions {
  readonly store: CacheStore;
  readonly accountId: number;
  readonly dir: string;
  readonly download: () => DownloadFunction | undefined;
  readonly now: () => number;
  readonly log: WorkstationLog;
  /** Told after each attachment is stored and recorded. */
  readonly downloaded?: (interactionId: string, attachmentId: string) => void;
  /**
   * How long to wait before trying an interaction's failed downloads again, one delay per try
   * (default {@link DOWNLOAD_RETRY_DELAYS_MS}); after the last, only its next event or a
   * reconnection tries again.
   */
  readonly retryDelaysMs?: readonly number[];
}

/**
 * The waits before a failed download is tried again: a connection cut half-way through a file
 * is over in seconds, a server that was restarting in a minute or two.
 */
export const DOWNLOAD_RETRY_DELAYS_MS: readonly number[] = [2_000, 10_000, 30_000, 60_000, 120_000];

/**
 * Downloads the pending attachments of interactions into the content-addressed folder, outside
 * any database transaction: one interaction's attachments one at a time, interactions in
 * parallel. A failure is logged and the attachment stays pending, to be tried again a few times
 * after a wait ({@link AttachmentDownloaderOptions.retryDelaysMs}) and whenever the interaction
 * is scheduled again (on its next event). Never throws.
 *
 * Why the waits: an e-mail often has no further event once accepted, and a download cut
 * half-way (a dropped connection, a proxy's timeout on a 20 MB file) otherwise left its file
 * "not downloaded" for good, with nothing the agent could do to save it.
 */
export class AttachmentDownloader {
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  /** Each interaction's waiting retry and how many it has had since its last full success. */
  private readonly retries = new Map<
    string,
    { tries: number; timer: ReturnType<typeof setTimeout> | undefined }
  >();
  private stopped = false;

  constructor(private readonly options: AttachmentDownloaderOptions) {}

  schedule(interactionId: string): void {
    if (this.running.has(interactionId)) {
      this.again.add(interactionId);
      return;
    }
    if (this.stopped) return;
    const run = this.drain(interactionId)
      .then((failed) => {
        this.retryLater(interactionId, failed);
      })
      .catch((error: unknown) => {
        this.options.log.warn(`attachments of ${interactionId}: ${String(error)}`);
      })
      .finally(() => {
        this.running.delete(interactionId);
        if (this.again.delete(interactionId)) this.schedule(interactionId);
      });
    this.running.set(interactionId, run);
  }

  /** Forgets every waiting retry and schedules nothing more (the cache is closing). */
  stop(): void {
    this.stopped = true;
    for (const retry of this.retries.values()) clearTimeout(retry.timer);
    this.retries.clear();
  }

  /** After a drain: the next wait when some download failed, else a fresh count. */
  private retryLater(interactionId: string, failed: boolean): void {
    const retry = this.retries.get(interactionId) ?? { tries: 0, timer: undefined };
    if (!failed) {
      clearTimeout(retry.timer);
      this.retries.delete(interactionId);
      return;
    }
    // One wait at a time: a drain that an event started meanwhile does not add another.
    if (retry.timer !== undefined) return;
    const delay = (this.options.retryDelaysMs ?? DOWNLOAD_RETRY_DELAYS_MS)[retry.tries];
    if (delay === undefined) return;
    retry.tries += 1;
    retry.timer = setTimeout(() => {
      retry.timer = undefined;
      this.schedule(interactionId);
    }, delay);
    retry.timer.unref();
    this.retries.set(interactionId, retry);
  }

  /** Resolves when no download is running or scheduled. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  /** Downloads what is pending; answers whether a download failed (and may be tried again). */
  private async drain(interactionId: string): Promise<boolean> {
    const { store, accountId, dir, log } = this.options;
    const download = this.options.download();
    if (download === undefined) return false;
    let failed = false;
    for (const attachment of store.pendingDownloads(accountId, interactionId)) {
      const label = `attachment ${attachment.id} of ${interactionId}`;
      try {
        const answer = await download(interactionId, attachment.id);
        if (!answer.ok) {
          log.warn(`${label}: download failed (${answer.error.kind}: ${answer.error.message})`);
          failed = true;
          continue;
        }
        const name = attachment.name !== '' ? attachment.name : (answer.value.fileName ?? '');
        const file = await storeContent(dir, name, answer.value.bytes);
        const recorded = await recordStoredFile(
          store,
          dir,
          file,
          () =>
            store.transaction(() =>
              store.recordDownload(accountId, interactionId, attachment.id, {
                localPath: file.path,
                sha256: file.sha256,
                size: file.size,
                at: this.options.now(),
              }),
            ),
          log,
        );
        if (!recorded) {
          log.debug(`${label}: forgotten while it downloaded; its file is not kept`);
          continue;
        }
        log.debug(`${label}: ${file.reused ? 'already stored' : 'stored'} (${file.size} bytes)`);
        this.options.downloaded?.(interactionId, attachment.id);
      } catch (error) {
        log.warn(`${label}: ${String(error)}`);
        failed = true;
      }
    }
    return failed;
  }
}
