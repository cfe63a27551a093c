import { randomBytes } from 'node:crypto';
import { chmod, copyFile, lstat, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SwitchboardFailure, describeError } from '../../common/errors';
import { mayOpenDirectly } from '../../common/openableFiles';
import type { InteractionDetail, Reply, SavedFile, StoredAttachment } from '../../common/model';
import { isInside, READ_ONLY, sanitizeFileName } from './attachments';
import type { FileDialogs } from './shellPorts';
import { transcriptHtml, transcriptText, transcriptTitle } from './transcript';

/**
 * Writes a file the agent chose; a failure becomes a message naming the file and the reason.
 * `write` writes a file of its own beside the target, which then takes the target's name in one
 * step: a disk that fills up half-way (or any failure) leaves the file the agent chose to replace
 * as it was, and no half-written file under the chosen name. Written in place, the old file was
 * emptied first and the new one cut off, and the agent kept neither.
 */
async function savingTo(chosen: string, write: (path: string) => Promise<void>): Promise<void> {
  let beside: string | undefined;
  try {
    // A link chosen is written through, as a write in place did: the rename would put a file of
    // its own in the link's place.
    const target = await realpath(chosen).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return chosen;
      throw error;
    });
    // Not named after the target: a name at the file system's limit (255 bytes) would be too long.
    beside = join(dirname(target), `.switchboard-${randomBytes(8).toString('hex')}.part`);
    await write(beside);
    await rename(beside, target);
  } catch (error) {
    if (beside !== undefined) await rm(beside, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    const kind =
      code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'permissionDenied' : 'internal';
    throw new SwitchboardFailure(
      kind,
      `Could not save ${chosen}: ${code ?? describeError(error)}`,
      'fileNotSaved',
      { name: basename(chosen) },
    );
  }
}

export interface DeskFilesOptions {
  /** The folder downloaded attachments are in (the cache writer's). */
  readonly attachmentsDir: string;
  readonly dialogs: FileDialogs;
  /** An interaction as the cache holds it; throws `notFound` when it holds none. */
  readonly detail: (interactionId: string) => InteractionDetail;
  /** The interactions that answer one (an e-mail's sent replies), saved with its transcript. */
  readonly replies?: (interactionId: string) => Reply[];
  /** The userData key a disposition is stored under (a setting), for the saved transcript. */
  readonly dispositionKey?: () => string;
  /**
   * A downloaded file is no longer on disk: the cache forgets it as downloaded (and the desk
   * fetches it again while it can). Never rejects.
   */
  readonly fileLost?: (path: string) => Promise<void>;
}

/**
 * Files the agent opens and saves from the desk: downloaded attachments (opened only from the
 * attachments folder and only when {@link mayOpenDirectly}), and transcripts or e-mails saved
 * as text or a self-contained HTML page.
 */
export class DeskFiles {
  private readonly attachmentsDir: string;

  constructor(private readonly options: DeskFilesOptions) {
    this.attachmentsDir = options.attachmentsDir;
  }

  async openAttachment(interactionId: string, attachmentId: string): Promise<void> {
    const attachment = this.storedAttachment(interactionId, attachmentId);
    const path = await this.downloadedFile(attachment);
    if (!mayOpenDirectly(attachment.name) || !mayOpenDirectly(path))
      throw new SwitchboardFailure(
        'forbidden',
        `Switchboard does not open programs or scripts: save ${attachment.name} and check it first.`,
        'attachmentUnsafe',
        { name: attachment.name },
      );
    // Read-only for the application (one kept by an older version was writable): Word's or
    // Excel's Save wrote the agent's changes over the customer's file, shared by every e-mail
    // with the same bytes and deleted with them by the retention purge.
    await chmod(path, READ_ONLY).catch(() => undefined);
    const problem = await this.options.dialogs.openPath(path);
    if (problem !== '')
      throw new SwitchboardFailure(
        'internal',
        `${attachment.name} could not be opened: ${problem}`,
        'attachmentNotOpened',
        { name: attachment.name },
      );
  }

  async saveAttachment(interactionId: string, attachmentId: string): Promise<SavedFile> {
    const attachment = this.storedAttachment(interactionId, attachmentId);
    const source = await this.downloadedFile(attachment);
    const target = await this.options.dialogs.chooseSavePath(sanitizeFileName(attachment.name));
    if (target === undefined) return null;
    await savingTo(target, async (path) => {
      await copyFile(source, path);
      // The agent's own copy, theirs to change: not read-only as the kept one (the copy takes
      // its mode).
      await chmod(path, (await stat(path)).mode | 0o200);
    });
    return { path: target };
  }

  async saveTranscript(interactionId: string, format: 'text' | 'html'): Promise<SavedFile> {
    const detail = this.options.detail(interactionId);
    const title = transcriptTitle(detail);
    // A subject is a name, not a path: its slashes ('Order 12/2024') are kept as `_`, where the
    // sanitizer, which takes a stranger's file name as a path, kept its last part ('2024.txt').
    const name = sanitizeFileName(
      `${title.replace(/[/\\]/gu, '_')}.${format === 'html' ? 'html' : 'txt'}`,
    );
    const target = await this.options.dialogs.chooseSavePath(name);
    if (target === undefined) return null;
    const replies = this.options.replies?.(interactionId) ?? [];
    const options = { dispositionKey: this.options.dispositionKey?.() };
    const text =
      format === 'html'
        ? transcriptHtml(detail, replies, options)
        : transcriptText(detail, replies, options);
    await savingTo(target, (path) => writeFile(path, text, 'utf8'));
    return { path: target };
  }

  /**
   * The downloaded file of an interaction's attachment, checked as Open checks it (inside the
   * attachments folder); `notFound` until it is downloaded. For readers of its bytes (the
   * e-mail view's inline images), which never hand the path on.
   */
  async downloadedPath(interactionId: string, attachmentId: string): Promise<string> {
    return this.downloadedFile(this.storedAttachment(interactionId, attachmentId));
  }

  private storedAttachment(interactionId: string, attachmentId: string): StoredAttachment {
    const attachment = this.options
      .detail(interactionId)
      .attachments.find((stored) => stored.id === attachmentId);
    if (attachment === undefined)
      throw new SwitchboardFailure('notFound', `No attachment ${attachmentId} in ${interactionId}`);
    return attachment;
  }

  /**
   * The downloaded file of an attachment, checked to be inside the attachments folder (as the
   * downloader stored it, with links resolved: the data folder may sit under a symbolic link).
   */
  private async downloadedFile(attachment: StoredAttachment): Promise<string> {
    const path = attachment.localPath;
    if (path === undefined)
      throw new SwitchboardFailure(
        'notFound',
        `${attachment.name} is not downloaded yet`,
        'attachmentNotDownloaded',
        { name: attachment.name },
      );
    const folder = this.attachmentsDir;
    const resolvedFolder = await realpath(folder).catch(() => folder);
    if (!isInside(folder, path) && !isInside(resolvedFolder, path))
      throw new SwitchboardFailure(
        'forbidden',
        `${attachment.name} is not in the attachments folder`,
        'attachmentOutsideFolder',
        { name: attachment.name },
      );
    // Deleted behind the desk's back: said so, and downloaded again, where Open handed the OS a
    // path to nothing and Save as… said the agent's folder could not take the file.
    const gone = await lstat(path).then(
      () => false,
      (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT',
    );
    if (gone) {
      await this.options.fileLost?.(path);
      throw new SwitchboardFailure(
        'notFound',
        `${attachment.name} is no longer on this computer (${path} is gone)`,
        'attachmentGone',
        { name: attachment.name },
      );
    }
    return path;
  }
}
