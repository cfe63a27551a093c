import { HTML_TEXT_VERSION, htmlToText } from '../../common/htmlText';
import type { CacheStore, HtmlOnlyEmail, HtmlOnlyEmailText } from '../cache/store';
import type { WorkstationLog } from './attachments';

/**
 * How long one turn of the reindex may hold the main thread for its own reads and writes (the
 * text is the worker's): well under a 60 Hz frame, so that the desk's IPC and the notification
 * stream go on between its batches.
 */
export const HTML_REINDEX_SLICE_MS = 4;
/**
 * What one batch reads at most, in e-mails and in HTML (characters): its documents are written
 * in one transaction, and each old one is read again by FTS5 to take its words out of the index.
 * A larger e-mail is a batch by itself.
 */
const BATCH_EMAILS = 16;
const BATCH_HTML_CHARS = 64 * 1024;

export interface HtmlReindexOptions {
  readonly store: CacheStore;
  readonly accountId: number;
  readonly log: WorkstationLog;
  /**
   * `htmlToText(html)` on the search worker; undefined (or an answer of undefined, or a failure)
   * when none runs: the text is then made here, one e-mail per turn.
   */
  readonly textOfHtml?: ((html: string) => Promise<string | undefined>) | undefined;
  /** Whether to stop (the cache writer closes): asked before every read and write. */
  readonly stopped: () => boolean;
  /** Told after each batch written, so that its documents join the full-text index. */
  readonly written?: () => void;
  /** The main thread's converter (`htmlToText`); another only in tests, to make one fail. */
  readonly makeText?: (html: string) => string;
  readonly sliceMs?: number;
}

/**
 * What a reindex did: the e-mails whose text it made, those whose documents that changed, those
 * skipped (their text could not be made); undefined when it stopped first.
 */
export interface HtmlReindexResult {
  readonly made: number;
  readonly changed: number;
  readonly skipped: number;
}

/** Until the event loop's next turn (what waits in it runs first: IPC, notifications, timers). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Makes the search documents of the account's HTML-only e-mails again with the current
 * `htmlToText` when the cache records an older one (migration 0250): a converter that changed
 * (cells apart, entities decoded, preheaders dropped) would otherwise leave the mail cached
 * before found by the old words only. In the background, in batches of a few milliseconds of
 * the main thread each, the text made on the search worker; each batch commits with the pass's
 * progress, so a restart resumes after the last one, and a stop (the writer closes) between
 * two batches loses nothing. An e-mail whose text cannot be made keeps its document (logged);
 * e-mails with a text part are never touched. Does nothing when the record is current.
 */
export async function reindexHtmlMail(
  options: HtmlReindexOptions,
): Promise<HtmlReindexResult | undefined> {
  const { store, accountId, log, stopped } = options;
  const sliceMs = options.sliceMs ?? HTML_REINDEX_SLICE_MS;
  const progress = store.htmlTextProgress(accountId);
  if (progress.version >= HTML_TEXT_VERSION) return { made: 0, changed: 0, skipped: 0 };
  // A pass to this version resumes; one to another version (a build since) starts over.
  let after = progress.pass?.version === HTML_TEXT_VERSION ? progress.pass.through : undefined;
  const result = { made: 0, changed: 0, skipped: 0 };
  for (;;) {
    if (stopped()) return undefined;
    const deadline = performance.now() + sliceMs;
    const { emails, through } = store.htmlOnlyEmails(
      accountId,
      after,
      (chars, read) =>
        chars >= BATCH_HTML_CHARS || read >= BATCH_EMAILS || performance.now() >= deadline,
    );
    const made = await textsOf(emails, options, result);
    if (made === undefined || stopped()) return undefined;
    result.made += made.length;
    result.changed += store.redoHtmlSearchDocuments(accountId, HTML_TEXT_VERSION, made, through);
    options.written?.();
    if (through === undefined) break;
    after = through;
    await nextTurn();
  }
  if (result.made > 0 || result.skipped > 0)
    log.debug(
      `search: the words of ${result.made} HTML-only e-mails made again by htmlToText ${HTML_TEXT_VERSION} (${result.changed} changed, ${result.skipped} skipped)`,
    );
  return result;
}

/**
 * The current text of each e-mail's HTML: the worker's, else made here one per turn; an e-mail
 * whose text cannot be made is left out (and counted). Undefined when stopped meanwhile.
 */
async function textsOf(
  emails: readonly HtmlOnlyEmail[],
  options: HtmlReindexOptions,
  result: { skipped: number },
): Promise<HtmlOnlyEmailText[] | undefined> {
  const { textOfHtml, stopped, log } = options;
  const makeText = options.makeText ?? htmlToText;
  const fromWorker: (string | undefined)[] =
    textOfHtml === undefined
      ? []
      : await Promise.all(
          // A failed trip (a timeout, the worker gone) leaves the text to this thread.
          emails.map((email) => textOfHtml(email.html).catch(() => undefined)),
        );
  const made: HtmlOnlyEmailText[] = [];
  for (const [index, email] of emails.entries()) {
    let text = fromWorker[index];
    if (text === undefined) {
      await nextTurn();
      if (stopped()) return undefined;
      try {
        text = makeText(email.html);
      } catch (error) {
        result.skipped += 1;
        log.warn(
          `search: the words of e-mail ${email.interactionId} could not be made again (${message(error)}); it keeps its old ones`,
        );
        continue;
      }
    }
    made.push({ ...email, text });
  }
  return made;
}
