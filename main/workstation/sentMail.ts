import { GWS_OPERATIONS, type GwsArgs, type OutgoingEmail } from '../../common/gwsOperations';
import { SwitchboardFailure } from '../../common/errors';
import type { AttachmentInfo, InteractionDetail } from '../../common/model';
import type { SentEmail } from '../cache/store';
import type { GwsOperations } from '../gws/operations';
import type { CacheWriter } from './cacheWriter';
import { emailWords } from '../../common/htmlText';

/** Send's parameters as the dispatcher validated them: the draft, its changes, a queue. */
export type SendArgs = GwsArgs<'send'>;
type OutgoingChanges = NonNullable<SendArgs[1]>;

export interface SentMailOptions {
  /** The signed-in session's operations; throws `unauthorized` while signed out. */
  readonly operations: () => GwsOperations;
  /** The account's cache writer, when a cache is open. */
  readonly writer: () => CacheWriter | undefined;
  readonly now?: () => number;
}

/** `a@x, b@y` (Send's address fields as validated) as a list. */
function addressList(addresses: string | undefined): string[] | undefined {
  if (addresses === undefined) return undefined;
  return addresses
    .split(',')
    .map((address) => address.trim())
    .filter((address) => address !== '');
}

/**
 * The e-mail that left, as Send (002) makes it: the draft as the cache holds it, with the
 * fields the request changed (Send's `email_object` replaces a field only when it names it),
 * and the draft's HTML only when Send kept the draft's text.
 * The draft's attachments go with it: the caller's list when it gives one (the draft as the
 * agent left it: files removed are gone), else those the cache lists (uploaded, or a forward's).
 */
export function sentEmailOf(
  draft: InteractionDetail | undefined,
  changes: OutgoingChanges | undefined,
  sentAt: number,
  /** Every file on the draft, when the caller knows them; else the cache's list is taken. */
  files?: readonly AttachmentInfo[],
): SentEmail {
  const attachments = new Map<string, AttachmentInfo>();
  for (const { id, name, size, mimeType } of files ?? draft?.attachments ?? []) {
    attachments.set(id, {
      id,
      name,
      ...(size === undefined ? {} : { size }),
      ...(mimeType === undefined ? {} : { mimeType }),
    });
  }
  const stored = draft?.email;
  const subject = changes?.subject ?? stored?.subject ?? draft?.subject;
  const text = changes?.text ?? stored?.text;
  const from = addressList(changes?.fromAddress)?.join(', ') ?? stored?.from;
  // Send carries no HTML: the draft's HTML went only when Send left the text as the draft held
  // it. Once the text was replaced, the old HTML (a quoted original, say) was not what left, and
  // History shows HTML first.
  const html = changes?.text === undefined ? stored?.html : undefined;
  return {
    to: addressList(changes?.toAddress) ?? stored?.to ?? draft?.to ?? [],
    cc: addressList(changes?.ccAddress) ?? stored?.cc ?? [],
    bcc: addressList(changes?.bccAddress) ?? stored?.bcc ?? [],
    attachments: [...attachments.values()],
    sentAt,
    ...(from === undefined ? {} : { from }),
    ...(subject === undefined ? {} : { subject }),
    ...(text === undefined ? {} : { text }),
    ...(html === undefined ? {} : { html }),
  };
}

/** What search keeps of a sent e-mail: its subject and words (its HTML's when it has no text). */
export function searchBodyOf(email: SentEmail): string {
  const words = emailWords(email) ?? '';
  return [email.subject ?? '', words].filter((part) => part.trim() !== '').join('\n');
}

/**
 * Sending an e-mail from the desk (002 Send), and keeping what was sent. The server's own
 * notifications of a sent reply carry no body (GWS keeps the text in UCS, which the desk does
 * not read back), so the desk keeps its copy: once the server took the Send, the draft as the
 * cache held it with the changes the request made goes to the cache writer, which stores it
 * under the draft's interaction (its `parentId` links it to the inbound e-mail) and announces
 * it in a change set. A Send the server refused keeps nothing.
 */
export class SentMail {
  private readonly clock: () => number;

  constructor(private readonly options: SentMailOptions) {
    this.clock = options.now ?? Date.now;
  }

  /** Send as the contract's `interactions.send` calls it (arguments validated already). */
  send(...args: SendArgs): Promise<void> {
    return this.deliver(args, undefined);
  }

  /**
   * Send for callers inside main with fields as typed (the drafts service): validated with
   * Send's own schema first (`invalidArgument` sends nothing), then as {@link send}. `files`,
   * when given, are every file on the draft: the sent e-mail lists those alone, and the cache
   * forgets any other it listed for the draft (a forwarded file the agent removed).
   */
  sendEmail(
    interactionId: string,
    changes: OutgoingEmail,
    files?: readonly AttachmentInfo[],
  ): Promise<void> {
    const parsed = GWS_OPERATIONS.send.args.safeParse([interactionId, changes, undefined]);
    if (!parsed.success)
      return Promise.reject(
        new SwitchboardFailure(
          'invalidArgument',
          `Send: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
        ),
      );
    return this.deliver(parsed.data, files);
  }

  private async deliver(
    [interactionId, changes, queue]: SendArgs,
    files: readonly AttachmentInfo[] | undefined,
  ): Promise<void> {
    // Read before sending: the server's end of the draft may reach the cache first.
    const draft = this.options.writer()?.interaction(interactionId);
    // No queue unless the caller names one: the draft goes from the queue it waits in (a new
    // e-mail's is the one CreateEmail named, a reply's the one the server gave it).
    const answer = await this.options
      .operations()
      .withParsedArgs.send(interactionId, changes, queue);
    if (!answer.ok) throw SwitchboardFailure.of(answer.error);
    const writer = this.options.writer();
    if (writer === undefined) return;
    const sent = sentEmailOf(draft, changes, this.clock(), files);
    writer.recordSent(interactionId, sent, searchBodyOf(sent), {
      onlyTheseFiles: files !== undefined,
    });
  }
}
