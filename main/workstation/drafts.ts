import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import {
  SwitchboardFailure,
  describeError,
  valueOrThrow,
  type ErrorKind,
} from '../../common/errors';
import { byteSize } from '../../common/byteSize';
import { addressesIn, bareAddresses } from '../../common/gwsOperations';
import { writtenByAgent } from '../../common/interactionStates';
import type { Draft, DraftAttachment, DraftFields } from '../../common/model';
import type { CacheStore } from '../cache/store';
import { ENGLISH } from '../i18n/translator';
import type { GwsOperations } from '../gws/operations';
import type { CacheWriter } from './cacheWriter';
import type { SentMail } from './sentMail';
import type { AttachmentPicker } from './shellPorts';

/**
 * The largest file the desk sends when the server states no limit: 25 MiB, the limit common
 * mail servers keep. A server that states one (`max-attachment-size` of `GET /settings/email`,
 * as the simulator does) is taken at its word; and a server's refusal of a larger file (`The
 * attachment is larger than N bytes`) comes back as the same refusal ({@link tooLarge}).
 */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

/** MIME types of the files agents usually send; anything else goes as octet-stream. */
const MIME_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  zip: 'application/zip',
  ics: 'text/calendar',
  eml: 'message/rfc822',
};

function mimeTypeOf(fileName: string): string {
  return MIME_TYPES[extname(fileName).slice(1).toLowerCase()] ?? 'application/octet-stream';
}

/** The sentence for a file above the limit, in English for the log (the desk words its code). */
export function tooLargeMessage(name: string, limitBytes: number): string {
  return ENGLISH.t('errors.code.fileTooLarge.what', {
    name,
    limit: byteSize(limitBytes, ENGLISH.locale, ENGLISH.t),
  });
}

/** The refusal of a file above the limit: the desk words it by its code, the log by the sentence. */
function tooLarge(
  name: string,
  limitBytes: number,
  kind: ErrorKind = 'invalidArgument',
): SwitchboardFailure {
  return new SwitchboardFailure(kind, tooLargeMessage(name, limitBytes), 'fileTooLarge', {
    name,
    limitBytes,
  });
}

/** How much of a picked file is read at a time. */
const READ_CHUNK_BYTES = 64 * 1024;

/**
 * A file the agent picked, read whole when it is a regular file of at most `maxBytes`. It is
 * opened without blocking (a named pipe with no writer would otherwise hold main until one came),
 * refused unless it is a regular file (a device such as /dev/zero never ends), and read to at
 * most the limit plus a byte: a file that grew since it was measured is refused without reading
 * it all.
 */
async function readPickedFile(
  path: string,
  name: string,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const unreadable = (error: unknown) =>
    new SwitchboardFailure(
      'notFound',
      `${name} could not be read: ${describeError(error)}`,
      'fileNotReadable',
      { name },
    );
  let file: FileHandle;
  try {
    // Windows has no O_NONBLOCK (Node leaves it undefined there).
    const nonBlocking = process.platform === 'win32' ? 0 : constants.O_NONBLOCK;
    file = await open(path, constants.O_RDONLY | nonBlocking);
  } catch (error) {
    throw unreadable(error);
  }
  try {
    const info = await file.stat().catch((error: unknown) => {
      throw unreadable(error);
    });
    if (!info.isFile())
      throw new SwitchboardFailure(
        'invalidArgument',
        `${name} could not be read: it is not a file.`,
        'fileNotReadable',
        { name },
      );
    if (info.size > maxBytes) throw tooLarge(name, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= maxBytes) {
      const chunk = Buffer.alloc(Math.min(READ_CHUNK_BYTES, maxBytes + 1 - total));
      const { bytesRead } = await file
        .read(chunk, 0, chunk.length, total)
        .catch((error: unknown) => {
          throw unreadable(error);
        });
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
    }
    if (total > maxBytes) throw tooLarge(name, maxBytes);
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    return bytes;
  } finally {
    await file.close();
  }
}

export interface DeskDraftsOptions {
  readonly store: CacheStore;
  /** The open account's id in the cache; undefined before any account was opened. */
  readonly accountId: () => number | undefined;
  /** The signed-in session's GWS operations; undefined while signed out. */
  readonly operations: () => GwsOperations | undefined;
  readonly dialogs: AttachmentPicker;
  /** Sends and keeps what was sent in the cache (sentMail.ts): the one way an e-mail leaves. */
  readonly sentMail: Pick<SentMail, 'sendEmail' | 'cancelled' | 'givenUp'>;
  /**
   * The open account's cache writer, which keeps the files the agent attaches (their bytes are
   * in hand) and names a draft's recipients in its row; undefined with no cache open.
   */
  readonly writer: () =>
    | Pick<CacheWriter, 'accountId' | 'keepOwnFile' | 'forgetDraftFiles' | 'showDraftRecipients'>
    | undefined;
  readonly now?: () => number;
  readonly maxAttachmentBytes?: number;
}

/**
 * E-mail drafts on the desk: kept in the cache as the agent types them (offline too: saving needs
 * no server), and the operations that need the server — Send, Cancel, files added and removed.
 * {@link send} is the one way a draft leaves: what must happen to a sent e-mail (keeping it,
 * say) belongs there.
 */
export class DeskDrafts {
  private readonly now: () => number;
  private readonly maxBytes: number | undefined;
  /** The limit each session's server stated, asked once per session. */
  private readonly statedLimits = new WeakMap<GwsOperations, Promise<number>>();
  /**
   * Each draft's Send, Cancel, or files being added or removed (the file dialog, then the
   * server), by account and id: settled once they are answered, whatever the answer
   * ({@link read}).
   */
  private readonly underWay = new Map<string, Promise<void>>();

  constructor(private readonly options: DeskDraftsOptions) {
    this.now = options.now ?? Date.now;
    this.maxBytes = options.maxAttachmentBytes;
  }

  /**
   * The largest file the signed-in server takes: the desk's own setting when given, else what
   * the server states, else {@link MAX_ATTACHMENT_BYTES}. Asked once per session.
   */
  attachmentLimit(): Promise<number> {
    if (this.maxBytes !== undefined) return Promise.resolve(this.maxBytes);
    const operations = this.ops();
    let limit = this.statedLimits.get(operations);
    if (limit === undefined) {
      limit = operations
        .getEmailSettings()
        .then((answer) =>
          answer.ok
            ? (answer.value.maxAttachmentBytes ?? MAX_ATTACHMENT_BYTES)
            : MAX_ATTACHMENT_BYTES,
        );
      this.statedLimits.set(operations, limit);
    }
    return limit;
  }

  private account(): number {
    const id = this.options.accountId();
    if (id === undefined) throw new SwitchboardFailure('unauthorized', 'Not signed in');
    return id;
  }

  /** The cache writer of `accountId`, when that account's cache is the one open. */
  private writerOf(accountId: number) {
    const writer = this.options.writer();
    return writer?.accountId === accountId ? writer : undefined;
  }

  private ops(): GwsOperations {
    const operations = this.options.operations();
    if (operations === undefined)
      throw new SwitchboardFailure(
        'unauthorized',
        'You are signed out: the draft is kept, and can be sent once you sign in again.',
      );
    return operations;
  }

  private get drafts() {
    return this.options.store.drafts();
  }

  /**
   * Refuses an interaction the cache knows is not an e-mail the agent writes (a customer's
   * e-mail, a chat), and with `inHand` one that is over: the draft calls act on the agent's own
   * drafts only, whatever id the page sends — removing a file from a received e-mail would delete
   * the customer's document on the server and the desk's kept copy. An interaction the cache
   * does not know yet is left to the server (a draft just created may not be stored yet).
   */
  private mustBeOwnDraft(accountId: number, interactionId: string, inHand: boolean): void {
    const record = this.options.store.interactionRecord(accountId, interactionId);
    if (record === undefined) return;
    // A row that names no type at all is left to the server, as one not stored yet: only a
    // known other kind is refused (the documents' drafts say OutboundReply, a customer's
    // e-mail Inbound).
    const typed = record.type !== undefined || record.subType !== undefined;
    if (record.channel !== 'email' || (typed && !writtenByAgent(record.type, record.subType)))
      throw new SwitchboardFailure(
        'invalidState',
        `${interactionId} is not an e-mail this agent writes: drafts only`,
        'notADraft',
      );
    if (inHand && record.phase === 'ended')
      throw new SwitchboardFailure(
        'invalidState',
        `${interactionId} is over: it is no draft now`,
        'draftOver',
      );
  }

  /** The stored draft of an interaction, or null. */
  get(interactionId: string): Draft | null {
    const accountId = this.options.accountId();
    if (accountId === undefined) return null;
    return this.drafts.get(accountId, interactionId) ?? null;
  }

  /**
   * The stored draft as the page reads it to open its composer: once its Send, Cancel, or files
   * being added or removed are answered. A page loaded again while the server took a file (its
   * renderer lost as the upload ran) knew nothing of the change under way, showed the draft
   * without the file the customer would get, and its next save wrote the file off the stored
   * draft (a file removed came back the same way); one loaded again while a Send was on its way
   * offered the draft to edit and send, and what was typed then went nowhere, the desk saying it
   * was sent. The page that asked waits for its own action itself.
   */
  read(interactionId: string): Draft | null | Promise<Draft | null> {
    const accountId = this.options.accountId();
    const changing =
      accountId === undefined ? undefined : this.underWay.get(draftKey(accountId, interactionId));
    return changing === undefined
      ? this.get(interactionId)
      : changing.then(() => this.get(interactionId));
  }

  /** Runs an action on the draft, known as under way until it is answered ({@link read}). */
  private whileUnderWay<T>(
    accountId: number,
    interactionId: string,
    change: () => Promise<T>,
  ): Promise<T> {
    const key = draftKey(accountId, interactionId);
    const outcome = change();
    const settled = Promise.allSettled([this.underWay.get(key), outcome]).then(() => undefined);
    this.underWay.set(key, settled);
    void settled.then(() => {
      if (this.underWay.get(key) === settled) this.underWay.delete(key);
    });
    return outcome;
  }

  /** Every stored draft of the account, the last changed first. */
  list(): Draft[] {
    const accountId = this.options.accountId();
    return accountId === undefined ? [] : this.drafts.list(accountId);
  }

  /**
   * Keeps the draft's fields as they are now; works signed out and offline. The row and header
   * name whom it goes to as its To does so far.
   */
  save(fields: DraftFields): Draft {
    const accountId = this.account();
    this.mustBeOwnDraft(accountId, fields.interactionId, false);
    const draft = this.drafts.save(accountId, fields, this.now());
    this.writerOf(accountId)?.showDraftRecipients(fields.interactionId, addressesIn(fields.to));
    return draft;
  }

  /**
   * Forgets the stored draft (the agent discards the copy of a draft that is gone), and a Send
   * of it left unsettled: the agent gave it up, and it would be asked about at every connection.
   */
  discard(interactionId: string): void {
    const accountId = this.account();
    this.drafts.discard(accountId, interactionId);
    this.options.sentMail.givenUp(accountId, interactionId);
  }

  /**
   * Sends the draft (002 Send) with its fields as they are now, stored first so that a failure
   * keeps them as the agent typed them (`"Lopez, Maria" <maria@example.com>` with its name).
   * The addresses go bare (`maria@example.com`), checked by the contract's schema; Cc and Bcc
   * go only when given. Once the server took it, the stored draft is forgotten.
   */
  async send(fields: DraftFields): Promise<void> {
    const accountId = this.account();
    this.mustBeOwnDraft(accountId, fields.interactionId, false);
    await this.whileUnderWay(accountId, fields.interactionId, () =>
      this.sendNow(accountId, fields),
    );
  }

  private async sendNow(accountId: number, fields: DraftFields): Promise<void> {
    this.drafts.save(accountId, fields, this.now());
    const present = (value: string) => {
      const bare = bareAddresses(value);
      return bare === '' ? undefined : bare;
    };
    const to = present(fields.to);
    if (to === undefined)
      throw new SwitchboardFailure('missingParameter', 'Add at least one address in To.');
    const cc = present(fields.cc);
    const bcc = present(fields.bcc);
    // Asked first for its wording when signed out.
    this.ops();
    await this.options.sentMail.sendEmail(
      fields.interactionId,
      {
        toAddress: to,
        subject: fields.subject,
        text: fields.text,
        ...(cc === undefined ? {} : { ccAddress: cc }),
        ...(bcc === undefined ? {} : { bccAddress: bcc }),
      },
      fields.attachments,
    );
    this.drafts.discard(accountId, fields.interactionId);
  }

  /** Cancels the draft on the server (002 CancelReplyEmail) and forgets it here. */
  async cancel(interactionId: string): Promise<void> {
    const accountId = this.account();
    this.mustBeOwnDraft(accountId, interactionId, false);
    const operations = this.ops();
    await this.whileUnderWay(accountId, interactionId, async () => {
      await valueOrThrow(operations.cancelReplyEmail(interactionId));
      // Cancelled, so never sent: a Send of it left unanswered is settled, and no longer asked
      // about.
      this.options.sentMail.cancelled(accountId, interactionId);
      this.drafts.discard(accountId, interactionId);
      // Nothing of it left: the files the agent added (kept when added) go with it.
      this.writerOf(accountId)?.forgetDraftFiles(interactionId, 'all');
    });
  }

  /**
   * Adds files to the draft: the agent picks them (the shell's open dialog), each is uploaded to
   * the draft's interaction (003 Attachments API) and joins the stored draft. A file above the
   * limit is refused before anything is sent. Each file the server took is also kept in the
   * cache's files. Answers the draft as stored, or null when the agent picked nothing.
   */
  async attachFiles(fields: DraftFields): Promise<Draft | null> {
    const accountId = this.account();
    this.mustBeOwnDraft(accountId, fields.interactionId, true);
    return await this.whileUnderWay(accountId, fields.interactionId, () =>
      this.uploadPicked(accountId, fields),
    );
  }

  private async uploadPicked(accountId: number, fields: DraftFields): Promise<Draft | null> {
    // The account's own: another signed in while a file uploads keeps nothing of it.
    const writer = this.writerOf(accountId);
    const operations = this.ops();
    this.drafts.save(accountId, fields, this.now());
    const maxBytes = await this.attachmentLimit();
    const paths = await this.options.dialogs.chooseFilesToAttach();
    if (paths.length === 0) return null;
    // Every file is read (and checked) before any is sent: one refused sends none.
    const files = await Promise.all(
      paths.map(async (path) => {
        const name = basename(path);
        const bytes = await readPickedFile(path, name, maxBytes);
        return { name, size: bytes.length, bytes };
      }),
    );
    const added: DraftAttachment[] = [];
    for (const file of files) {
      const bytes = file.bytes;
      const mimeType = mimeTypeOf(file.name);
      const uploaded = await operations.uploadAttachment(fields.interactionId, {
        name: file.name,
        mimeType,
        bytes,
      });
      if (!uploaded.ok) {
        // Those sent before stay on the draft (the server has them).
        this.keepAdded(accountId, fields, added);
        const limit = /larger than (\d+) bytes/u.exec(uploaded.error.message)?.[1];
        if (limit !== undefined) throw tooLarge(file.name, Number(limit), uploaded.error.kind);
        // The server's reason, as it words it (shown when it is a sentence for people).
        throw new SwitchboardFailure(
          uploaded.error.kind,
          `${file.name} could not be added: ${uploaded.error.message}`,
        );
      }
      const attachment = { id: uploaded.value, name: file.name, size: file.size, mimeType };
      added.push(attachment);
      // The sent e-mail will offer it as a downloaded file: the server serves it no longer then.
      await writer?.keepOwnFile(fields.interactionId, attachment, bytes);
    }
    return this.keepAdded(accountId, fields, added);
  }

  private keepAdded(accountId: number, fields: DraftFields, added: DraftAttachment[]): Draft {
    return this.saveFiles(accountId, fields, (kept) => [...kept, ...added]);
  }

  /**
   * Stores the draft with its files changed: the draft as stored now, not the `fields` the call
   * began with, which the agent may have typed on from while the server was asked (the page
   * kept those words meanwhile).
   */
  private saveFiles(
    accountId: number,
    fields: DraftFields,
    change: (kept: readonly DraftAttachment[]) => DraftAttachment[],
  ): Draft {
    const current: DraftFields = this.drafts.get(accountId, fields.interactionId) ?? fields;
    return this.drafts.save(
      accountId,
      {
        interactionId: current.interactionId,
        kind: current.kind,
        ...(current.parentId === undefined ? {} : { parentId: current.parentId }),
        to: current.to,
        cc: current.cc,
        bcc: current.bcc,
        subject: current.subject,
        text: current.text,
        attachments: change(current.attachments),
      },
      this.now(),
    );
  }

  /** Removes a file from the draft (003 DELETE attachment) and from the stored draft. */
  async removeAttachment(fields: DraftFields, documentId: string): Promise<Draft> {
    const accountId = this.account();
    this.mustBeOwnDraft(accountId, fields.interactionId, true);
    const operations = this.ops();
    return await this.whileUnderWay(accountId, fields.interactionId, async () => {
      await valueOrThrow(operations.deleteAttachment(fields.interactionId, documentId));
      this.writerOf(accountId)?.forgetDraftFiles(fields.interactionId, [documentId]);
      return this.saveFiles(accountId, fields, (kept) =>
        kept.filter((attachment) => attachment.id !== documentId),
      );
    });
  }
}

/** Where {@link DeskDrafts} files a draft's change of files: ids are each server's own. */
function draftKey(accountId: number, interactionId: string): string {
  return JSON.stringify([accountId, interactionId]);
}
