import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import {
  chmod,
  copyFile,
  link,
  lstat,
  mkdir,
  readdir,
  readFile,
  realpath,
  rmdir,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Result } from '../../common/errors';
import type { AttachmentDownload, AttachmentInfo, StorageRefusal } from '../../common/model';
import { withoutInvisible } from '../../common/visibleText';
import type { CacheStore } from '../cache/store';
import { DEFAULT_MAX_DOWNLOAD_BYTES, formatBytes } from '../gws/http';

export interface WorkstationLog {
  debug(message: string): void;
  warn(message: string): void;
}

/**
 * Fetches one attachment's bytes (GWS DownloadAttachment: interaction id, document id), telling
 * `progress` the bytes received so far as they arrive (and the length, when the server said it).
 */
export type DownloadFunction = (
  interactionId: string,
  attachmentId: string,
  progress?: (received: number, total: number | undefined) => void,
) => Promise<
  Result<{
    bytes: Buffer | Uint8Array;
    mimeType: string;
    fileName?: string | undefined;
    /** The length the server announced (`Content-Length`); undefined when it said none. */
    length?: number | undefined;
  }>
>;

/** `text/html; charset=UTF-8` → `text/html`. */
function mediaType(mimeType: string | undefined): string | undefined {
  const type = mimeType?.split(';')[0]?.trim().toLowerCase();
  return type === '' ? undefined : type;
}

/** The kinds of answer a proxy, a portal or a server's error gives in place of a file. */
const NOT_FILE_TYPES: Readonly<Record<string, readonly string[]>> = {
  'text/html': ['htm', 'html', 'xhtml'],
  'application/json': ['json'],
};

/**
 * Why a download's answer (HTTP 200) is not the attachment's file, or undefined when it may be:
 * a page or a JSON answer for a file that is neither by its stated type and its name (a proxy's
 * or a portal's page, the request never reaching GWS), or a body that ended, with no length
 * announced, before the size the e-mail states (a chunked answer from a server that gave up).
 * Either was stored as the file, downloaded for good: never fetched again, opened as damaged.
 * A body that ends short at `shortBefore` bytes again, the length of the try before, is taken
 * for the file: a cut does not fall on the same byte twice, a size the e-mail misstates does.
 */
export function notTheFile(
  attachment: AttachmentInfo,
  answer: { bytes: Uint8Array; mimeType: string; length?: number | undefined },
  shortBefore?: number,
): string | undefined {
  const served = mediaType(answer.mimeType);
  const extensions = served === undefined ? undefined : NOT_FILE_TYPES[served];
  if (extensions !== undefined) {
    const stated = mediaType(attachment.mimeType);
    const dot = attachment.name.lastIndexOf('.');
    const extension = dot <= 0 ? '' : attachment.name.slice(dot + 1).toLowerCase();
    const thatKind = stated === served || extensions.includes(extension);
    // Nothing says what the file is (no type, no extension): the answer may be it.
    if (!thatKind && (stated !== undefined || extension !== ''))
      return `the answer is ${served}, not ${attachment.mimeType ?? attachment.name}`;
  }
  if (
    answer.length === undefined &&
    attachment.size !== undefined &&
    answer.bytes.length < attachment.size &&
    answer.bytes.length !== shortBefore
  )
    return `the answer ended after ${answer.bytes.length} of the ${attachment.size} bytes the e-mail states, with no length announced`;
  return undefined;
}

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
 * control, zero-width-space or bidirectional characters (`withoutInvisible`: the joiners of a
 * Persian word are kept), with `<>:"|?*` as `_`, without leading or
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

/** The mode of a stored file: readable by its owner only, and by nobody writable. */
export const READ_ONLY = 0o400;

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

/**
 * Deletes a stored file ({@link READ_ONLY}): where the OS refuses to delete a read-only file
 * (Windows' attribute, some network shares), it is made writable first.
 */
async function removeFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    const code = errorCode(error);
    if (code !== 'EPERM' && code !== 'EACCES') throw error;
    await chmod(path, 0o600);
    await unlink(path);
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
        // Read-only, as content addressing means: an application the agent opens it with (Open)
        // opens it so and asks where to save changes, instead of writing over the customer's file
        // (shared by every e-mail with the same bytes) in place.
        await chmod(temp, READ_ONLY);
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
    if (temp !== null) await removeFile(temp);
  }
}

/**
 * How old a `.part` file of {@link storeContent} must be to be taken for a crashed run's: it
 * lives while bytes already in memory are written, then linked (a 100 MB file on a slow network
 * share, seconds), so one untouched this long is nobody's.
 */
export const STALE_PART_MS = 10 * 60_000;

const PART_NAME = /^\.[0-9a-f]{16}\.part$/u;

/**
 * Removes the `.part` files a run that crashed while storing a download left in the attachments
 * folder `root` (`<root>/<ab>/<sha256>/.<random>.part`): nothing else ever removes them. Only
 * those last written {@link STALE_PART_MS} ago or more: this process's downloads, or a
 * `switchboard listen` beside the desk (the one other writer of the folder), may be writing one
 * right now. So it needs no turn of its own in the folder ({@link inFolder}), whose walk through
 * a big folder would hold up the first downloads of the run; a content folder a purge removes
 * meanwhile is passed over. The content folder is left, even empty: the other writer may have
 * just made it for its file. Answers how many went; never throws.
 */
export async function removeStaleParts(
  root: string,
  log: WorkstationLog,
  now: number = Date.now(),
): Promise<number> {
  let removed = 0;
  let prefixes: string[];
  try {
    prefixes = await readdir(root);
  } catch {
    return 0; // No folder: nothing was ever stored.
  }
  for (const prefix of prefixes) {
    if (!/^[0-9a-f]{2}$/u.test(prefix)) continue;
    const contents = await readdir(join(root, prefix)).catch(() => []);
    for (const content of contents) {
      const folder = join(root, prefix, content);
      const names = await readdir(folder).catch(() => []);
      for (const name of names) {
        if (!PART_NAME.test(name)) continue;
        const path = join(folder, name);
        try {
          const stats = await lstat(path);
          if (!stats.isFile() || now - stats.mtimeMs < STALE_PART_MS) continue;
          await removeFile(path);
          removed += 1;
        } catch (error) {
          if (errorCode(error) !== 'ENOENT') log.warn(`cannot remove ${path}: ${String(error)}`);
        }
      }
    }
  }
  if (removed > 0) log.warn(`removed ${removed} unfinished download file(s) left in ${root}`);
  return removed;
}

/** The work under way in each attachments folder (by its resolved path), for {@link inFolder}. */
const folderWork = new Map<string, Promise<void>>();

/**
 * Runs `work` alone in the attachments folder `root`: after the work queued there before it,
 * before the work queued after. The folder's files are shared (content-addressed: a logo in
 * every signature is one file), so "store and record" (storeContent, then the row that refers to
 * the file) and "decide and delete" (no row refers to a file, so it goes) must not interleave:
 * a purge that decided, then deleted after an `await`, deleted the file a download of the same
 * bytes had found in place and recorded meanwhile. Deleting goes through {@link removeUnusedFiles}.
 */
export function inFolder<T>(root: string, work: () => Promise<T>): Promise<T> {
  const key = resolve(root);
  const before = folderWork.get(key) ?? Promise.resolve();
  const run = before.then(work);
  const done = run.then(
    () => undefined,
    () => undefined,
  );
  folderWork.set(key, done);
  void done.then(() => {
    if (folderWork.get(key) === done) folderWork.delete(key);
  });
  return run;
}

/**
 * Deletes those of `candidates` no attachment row refers to, deciding it anew alone in the
 * folder ({@link inFolder}): a row recorded since the caller's transaction found them unused
 * keeps its file. A cache closed meanwhile records nothing more: the caller's decision stands.
 */
export function removeUnusedFiles(
  store: CacheStore,
  root: string,
  candidates: readonly string[],
  log: WorkstationLog,
): Promise<{ deleted: number; refused: number }> {
  if (candidates.length === 0) return Promise.resolve({ deleted: 0, refused: 0 });
  return inFolder(root, () =>
    removeStoredFiles(root, store.isOpen() ? store.filesNoRowUses(candidates) : candidates, log),
  );
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
      await removeFile(target);
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
 * Stores `bytes` ({@link storeContent}) and records the file (`record`: one transaction,
 * answering whether an attachment row took it), alone in the folder ({@link inFolder}), so
 * that no deletion decided meanwhile removes the file before its row refers to it. A file no
 * row took — its attachment was forgotten meanwhile (the agent removed it from a draft while it
 * downloaded), or the write failed — is deleted again unless another row uses it: nothing stays
 * on disk that no purge would ever find. Answers the file and whether it was recorded;
 * `record`'s error is thrown on, after the clean-up.
 */
export function storeAndRecord(
  store: CacheStore,
  root: string,
  name: string,
  bytes: Uint8Array,
  record: (file: StoredFile) => boolean,
  log: WorkstationLog,
  write: typeof storeContent = storeContent,
): Promise<{ file: StoredFile; recorded: boolean }> {
  return inFolder(root, async () => {
    const file = await write(root, name, bytes);
    let recorded = false;
    try {
      recorded = record(file);
      return { file, recorded };
    } finally {
      if (!recorded) {
        const unused = store.filesNoRowUses([file.path]);
        if (unused.length > 0) await removeStoredFiles(root, unused, log);
      }
    }
  });
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
   * Told when an attachment's download changes phase (downloading, retrying, failed), and as its
   * bytes arrive at most every {@link DOWNLOAD_PROGRESS_INTERVAL_MS}; `downloaded` ends it.
   */
  readonly progress?: (
    interactionId: string,
    attachmentId: string,
    state: AttachmentDownload,
  ) => void;
  /**
   * How long to wait before trying an interaction's failed downloads again, one delay per try
   * (default {@link DOWNLOAD_RETRY_DELAYS_MS}); after the last, only its next event, a
   * reconnection or the agent's {@link AttachmentDownloader.retryNow} tries again.
   */
  readonly retryDelaysMs?: readonly number[];
  /**
   * The clock of the waits and of the progress's pace: durations only, so a monotonic one by
   * default (`performance.now()`). On the wall clock, the PC's clock set back (an NTP correction,
   * the time set by hand) made "retry in N s" read long by the jump.
   */
  readonly clock?: () => number;
  /**
   * The most bytes one file may bring: the session's download bound (default
   * {@link DEFAULT_MAX_DOWNLOAD_BYTES}). A file whose notification states a larger size is not
   * requested at all.
   */
  readonly maxDownloadBytes?: number;
  /** Writes a file into the folder (default {@link storeContent}; tests give a refusing disk). */
  readonly storeContent?: typeof storeContent;
}

/**
 * The attachments folder's refusal to take a file, as the agent is told it, from the error of
 * writing there; undefined for any other error. A disk full or a folder the desk may not write
 * in is not a cut download: trying again by itself would fail the same way, and "Cut off,
 * trying again" sent the agent to check the network.
 */
export function folderRefusal(error: unknown): StorageRefusal | undefined {
  const code = errorCode(error);
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'attachmentsFolderFull';
  // ENOTDIR: a file where the folder (or one of its folders) should be, which a roaming
  // profile's sync or a clean-up script can leave, or a link to a folder that was moved: only
  // someone's hand mends it.
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOTDIR')
    return 'attachmentsFolderNotWritable';
  return undefined;
}

/**
 * The waits before a failed download is tried again: a connection cut half-way through a file
 * is over in seconds, a server that was restarting in a minute or two.
 */
export const DOWNLOAD_RETRY_DELAYS_MS: readonly number[] = [2_000, 10_000, 30_000, 60_000, 120_000];

/**
 * The least time between two progress reports of one file: four a second move a bar smoothly
 * and keep a 20 MB file (some 1,300 chunks of 16 kB from fetch) to a few dozen IPC messages.
 */
export const DOWNLOAD_PROGRESS_INTERVAL_MS = 250;

/**
 * Interactions whose failed downloads are remembered as failed (for a detail read later): the
 * oldest is forgotten past this, as main's other maps by interaction are capped at 500. A
 * forgotten failure reads as "not downloaded", and an event or a reconnection tries it again.
 */
export const FAILED_DOWNLOADS_KEPT = 500;

/** An interaction's waiting retry: how many it has had since its last full success. */
interface RetryRecord {
  tries: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** When the waiting timer fires (the clock's time). */
  due: number;
}

/** What the downloader last said of one attachment, with when it said so. */
interface KnownState {
  state: AttachmentDownload;
  /** For `retrying`: when the wait ends, so that a detail read later counts from now. */
  due?: number;
  reportedAt: number;
}

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
 *
 * It is also the one place that knows where each download stands ({@link states}): told to the
 * desk as it changes (`progress`), read with a detail. What it keeps is bounded: the retry record
 * of an interaction goes when its downloads succeed or its last wait is over, and failures are
 * kept for the latest {@link FAILED_DOWNLOADS_KEPT} interactions.
 */
export class AttachmentDownloader {
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly retries = new Map<string, RetryRecord>();
  /** Each interaction's attachments with a download under way, waiting or failed. */
  private readonly known = new Map<string, Map<string, KnownState>>();
  /**
   * The length of each attachment's last answer refused with no length announced (by
   * interaction and attachment id), for {@link notTheFile}: the same length again is the file.
   */
  private readonly shortAnswers = new Map<string, number>();
  private stopped = false;
  private readonly clock: () => number;

  constructor(private readonly options: AttachmentDownloaderOptions) {
    this.clock = options.clock ?? (() => performance.now());
  }

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
        // Past the cap while many ran at once: their failures count from now.
        this.forgetOldFailures();
        if (this.again.delete(interactionId)) this.schedule(interactionId);
      });
    this.running.set(interactionId, run);
  }

  /**
   * The agent's "try again": the interaction's failed downloads now, whatever wait was under way,
   * and the whole schedule of waits again after a new failure.
   */
  retryNow(interactionId: string): void {
    clearTimeout(this.retries.get(interactionId)?.timer);
    this.retries.delete(interactionId);
    this.schedule(interactionId);
  }

  /** Where the interaction's downloads stand, by attachment id (none: nothing under way). */
  states(interactionId: string): Record<string, AttachmentDownload> | undefined {
    const known = this.known.get(interactionId);
    if (known === undefined || known.size === 0) return undefined;
    const now = this.clock();
    return Object.fromEntries(
      [...known].map(([id, { state, due }]) => [
        id,
        state.phase === 'retrying' && due !== undefined
          ? { phase: 'retrying', inMs: Math.max(0, Math.round(due - now)) }
          : state,
      ]),
    );
  }

  /** How many retry records and interactions with known states are kept (for tests of bounds). */
  get kept(): { retries: number; states: number } {
    return { retries: this.retries.size, states: this.known.size };
  }

  /**
   * The session is gone (signed out): nothing is tried until the next one schedules its
   * interactions again, so no wait is kept and nothing is said of any download; a wait counted
   * down or a failure with Try again would promise what no session will do. A drain running
   * now drops what it finds (see {@link drain}). A file too large stays so.
   */
  suspend(): void {
    for (const retry of this.retries.values()) clearTimeout(retry.timer);
    this.retries.clear();
    this.shortAnswers.clear();
    for (const interactionId of [...this.known.keys()]) this.forgetUnderway(interactionId);
  }

  /**
   * Forgets what is under way, waiting or failed for an interaction (its session is gone), but
   * not a file too large: that is the file's size, which no session changes, and it is never
   * tried again.
   */
  private forgetUnderway(interactionId: string): void {
    const known = this.known.get(interactionId);
    if (known === undefined) return;
    for (const [id, { state }] of known) if (state.phase !== 'tooLarge') known.delete(id);
    if (known.size === 0) this.known.delete(interactionId);
  }

  /** Forgets every waiting retry and schedules nothing more (the cache is closing). */
  stop(): void {
    this.stopped = true;
    for (const retry of this.retries.values()) clearTimeout(retry.timer);
    this.retries.clear();
    this.shortAnswers.clear();
    this.known.clear();
  }

  /**
   * When the interaction's failed downloads will be tried again: its waiting retry's time, else
   * the next wait's from now; undefined after the last wait.
   */
  private nextTry(interactionId: string): number | undefined {
    const retry = this.retries.get(interactionId);
    if (retry?.timer !== undefined) return retry.due;
    const delay = (this.options.retryDelaysMs ?? DOWNLOAD_RETRY_DELAYS_MS)[retry?.tries ?? 0];
    return delay === undefined || this.stopped ? undefined : this.clock() + delay;
  }

  /**
   * A download failed in the middle of a drain: shown at once as waiting for the next try (or
   * failed), not as the bytes it had, while the interaction's other files go on; the wait is
   * told again from its true start once the drain is over.
   */
  private reportFailure(interactionId: string, attachmentId: string): void {
    const due = this.nextTry(interactionId);
    if (due === undefined) this.report(interactionId, attachmentId, { phase: 'failed' });
    else
      this.report(
        interactionId,
        attachmentId,
        { phase: 'retrying', inMs: Math.max(0, Math.round(due - this.clock())) },
        due,
      );
  }

  /** After a drain: the next wait when some download failed, else a fresh count. */
  private retryLater(interactionId: string, failed: readonly string[]): void {
    const retry = this.retries.get(interactionId) ?? { tries: 0, timer: undefined, due: 0 };
    if (failed.length === 0) {
      clearTimeout(retry.timer);
      this.retries.delete(interactionId);
      return;
    }
    // One wait at a time: a drain that an event started meanwhile does not add another.
    if (retry.timer !== undefined) return;
    const delay = (this.options.retryDelaysMs ?? DOWNLOAD_RETRY_DELAYS_MS)[retry.tries];
    if (delay === undefined || this.stopped) {
      // The last wait is over: nothing more is tried by itself, so nothing is kept for it.
      this.retries.delete(interactionId);
      for (const id of failed) this.report(interactionId, id, { phase: 'failed' });
      return;
    }
    retry.tries += 1;
    retry.due = this.clock() + delay;
    retry.timer = setTimeout(() => {
      retry.timer = undefined;
      this.schedule(interactionId);
    }, delay);
    retry.timer.unref();
    this.retries.set(interactionId, retry);
    for (const id of failed)
      this.report(interactionId, id, { phase: 'retrying', inMs: delay }, retry.due);
  }

  /** Resolves when no download is running or scheduled. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  /**
   * Records and tells an attachment's new state; a download's progress only once
   * {@link DOWNLOAD_PROGRESS_INTERVAL_MS} passed since the last report, or when it is complete.
   */
  private report(
    interactionId: string,
    attachmentId: string,
    state: AttachmentDownload,
    due?: number,
  ): void {
    const now = this.clock();
    let known = this.known.get(interactionId);
    const last = known?.get(attachmentId);
    if (
      state.phase === 'downloading' &&
      last?.state.phase === 'downloading' &&
      state.received !== state.total &&
      now - last.reportedAt < DOWNLOAD_PROGRESS_INTERVAL_MS
    ) {
      last.state = state;
      return;
    }
    // A file's last failure is told once: the drain tells it as it happens, and its end again
    // for every file that failed.
    if (state.phase === 'failed' && last?.state.phase === 'failed') return;
    if (known === undefined) {
      known = new Map();
      this.known.set(interactionId, known);
      this.forgetOldFailures();
    }
    known.set(attachmentId, { state, reportedAt: now, ...(due === undefined ? {} : { due }) });
    this.options.progress?.(interactionId, attachmentId, state);
  }

  /** Forgets the oldest interactions' failures past {@link FAILED_DOWNLOADS_KEPT}. */
  private forgetOldFailures(): void {
    for (const [interactionId] of this.known) {
      if (this.known.size <= FAILED_DOWNLOADS_KEPT) return;
      if (this.running.has(interactionId) || this.retries.has(interactionId)) continue;
      this.known.delete(interactionId);
    }
  }

  private forget(interactionId: string, attachmentId: string): void {
    const known = this.known.get(interactionId);
    known?.delete(attachmentId);
    if (known?.size === 0) this.known.delete(interactionId);
  }

  /** Downloads what is pending; answers the attachments whose download failed. */
  private async drain(interactionId: string): Promise<string[]> {
    const { store, accountId, dir, log } = this.options;
    const download = this.options.download();
    const pending = store.pendingDownloads(accountId, interactionId);
    // What is no longer pending (stored, or forgotten) has no download to show.
    for (const id of this.known.get(interactionId)?.keys() ?? [])
      if (!pending.some((attachment) => attachment.id === id)) this.forget(interactionId, id);
    /** The session this drain started with ended: its downloads are nobody's to tell. */
    const sessionGone = () => this.options.download() !== download;
    if (download === undefined) {
      // Signed out meanwhile: nothing will be tried until a session attaches and schedules it.
      this.forgetUnderway(interactionId);
      return [];
    }
    const failed: string[] = [];
    const bound = this.options.maxDownloadBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES;
    for (const attachment of pending) {
      if (sessionGone()) {
        this.forgetUnderway(interactionId);
        return [];
      }
      const label = `attachment ${attachment.id} of ${interactionId}`;
      const total = attachment.size;
      // Too large once, too large for good: no try again can change a file's size.
      if (this.known.get(interactionId)?.get(attachment.id)?.state.phase === 'tooLarge') continue;
      if (total !== undefined && total > bound) {
        log.warn(
          `${label}: not downloaded, the e-mail states ${formatBytes(total)}, larger than ${formatBytes(bound)}`,
        );
        this.report(interactionId, attachment.id, {
          phase: 'tooLarge',
          limitBytes: bound,
          sizeBytes: total,
        });
        continue;
      }
      this.report(interactionId, attachment.id, {
        phase: 'downloading',
        received: 0,
        ...(total === undefined ? {} : { total }),
      });
      try {
        const answer = await download(interactionId, attachment.id, (received, length) => {
          const size = length ?? total;
          this.report(interactionId, attachment.id, {
            phase: 'downloading',
            received,
            ...(size === undefined ? {} : { total: size }),
          });
        });
        if (!answer.ok) {
          // Stopped (closing) or signed out meanwhile: the next start or session resumes it.
          if (this.stopped || sessionGone()) {
            log.debug(`${label}: download left for later (${answer.error.message})`);
            this.forgetUnderway(interactionId);
            return [];
          }
          log.warn(`${label}: download failed (${answer.error.kind}: ${answer.error.message})`);
          if (answer.error.code === 'downloadTooLarge') {
            const { sizeBytes, limitBytes } = answer.error.params ?? {};
            this.report(interactionId, attachment.id, {
              phase: 'tooLarge',
              limitBytes: typeof limitBytes === 'number' ? limitBytes : bound,
              ...(typeof sizeBytes === 'number' ? { sizeBytes } : {}),
            });
            continue;
          }
          failed.push(attachment.id);
          this.reportFailure(interactionId, attachment.id);
          continue;
        }
        const answerKey = `${interactionId}\u0000${attachment.id}`;
        const wrong = notTheFile(attachment, answer.value, this.shortAnswers.get(answerKey));
        this.shortAnswers.delete(answerKey);
        if (wrong !== undefined) {
          log.warn(`${label}: download failed (${wrong})`);
          if (answer.value.length === undefined) {
            this.shortAnswers.set(answerKey, answer.value.bytes.length);
            // Bounded as the failures are: the oldest goes.
            if (this.shortAnswers.size > FAILED_DOWNLOADS_KEPT)
              this.shortAnswers.delete(this.shortAnswers.keys().next().value ?? '');
          }
          failed.push(attachment.id);
          this.reportFailure(interactionId, attachment.id);
          continue;
        }
        const name = attachment.name !== '' ? attachment.name : (answer.value.fileName ?? '');
        const { file, recorded } = await storeAndRecord(
          store,
          dir,
          name,
          answer.value.bytes,
          (file) =>
            store.transaction(() =>
              store.recordDownload(accountId, interactionId, attachment.id, {
                localPath: file.path,
                sha256: file.sha256,
                size: file.size,
                at: this.options.now(),
              }),
            ),
          log,
          this.options.storeContent,
        );
        this.forget(interactionId, attachment.id);
        if (!recorded) {
          log.debug(`${label}: forgotten while it downloaded; its file is not kept`);
          continue;
        }
        log.debug(`${label}: ${file.reused ? 'already stored' : 'stored'} (${file.size} bytes)`);
        this.options.downloaded?.(interactionId, attachment.id);
      } catch (error) {
        log.warn(`${label}: ${String(error)}`);
        if (sessionGone()) {
          this.forgetUnderway(interactionId);
          return [];
        }
        const refused = folderRefusal(error);
        if (refused !== undefined) {
          // Said as what it is, and tried again when the agent says (or the next event).
          this.report(interactionId, attachment.id, { phase: 'notStored', code: refused });
          continue;
        }
        failed.push(attachment.id);
        this.reportFailure(interactionId, attachment.id);
      }
    }
    return failed;
  }
}
