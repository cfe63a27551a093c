import { SwitchboardFailure, type Result } from '../../common/errors';
import type { ChangeSet, ContactHistory, StoredHistoryEntry } from '../../common/model';
import type { GwsOperations } from '../gws/operations';
import type { CacheWriter } from './cacheWriter';

/** How long a UCS request waits for its answer on CometD before the desk gives up on it. */
export const CONTACT_HISTORY_TIMEOUT_MS = 15_000;

type HistoryAnswer = ChangeSet['history'][number];

/** What the service needs of the desk's session: its operations and the account's cache writer. */
export interface ContactHistorySession {
  readonly ops: GwsOperations | undefined;
  readonly writer: CacheWriter | undefined;
}

/** A wait in whole seconds, as a sentence says it (`15 seconds`, `1 second`). */
function secondsText(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}

/** `message` as the end of a sentence: no trailing full stop of its own. */
function clause(message: string): string {
  return message.trim().replace(/[.\s]+$/u, '');
}

/**
 * The contact's history from UCS (004), for the desk and the CLI. A request posts the operation,
 * which answers a `referenceId` at once; the answer arrives later on `/v2/ucs/interactions` with
 * that id, and the cache writer stores it (the listing under the contact asked about, an opened
 * content searchable) and announces it in a commit. The service waits for that commit, with a
 * timeout, and answers what the cache now holds, so that the answer is the offline copy.
 * An `errorMessage` answer is a failure in one sentence, never an empty history.
 */
export class ContactHistoryService {
  constructor(
    private readonly session: ContactHistorySession,
    private readonly timeoutMs = CONTACT_HISTORY_TIMEOUT_MS,
  ) {}

  /** The contact's history as the cache holds it, online or not (empty before any fetch). */
  cached(contactId: string): ContactHistory {
    return this.session.writer?.contactHistory(contactId) ?? { contactId, entries: [] };
  }

  /** Asks the server for the contact's history; answers it as now cached, newest first. */
  async fetch(contactId: string): Promise<ContactHistory> {
    const { writer } = await this.request(
      'the contact history',
      (ops) => ops.retrieveInteractionHistory({ contactId }),
      (writer, referenceId) => writer.expectContactHistory(referenceId, contactId),
    );
    return writer.contactHistory(contactId);
  }

  /**
   * Fetches an entry's content (transcript, e-mail body); answers the entry as now cached. An
   * entry no history listing brought into the cache is `notFound`, as the other open methods
   * answer what the cache does not hold, without asking the server (whose `errorMessage` for an
   * unknown id reads like any failure of UCS).
   */
  async open(contactId: string, interactionId: string): Promise<StoredHistoryEntry> {
    const cache = this.session.writer;
    if (
      this.session.ops !== undefined &&
      cache !== undefined &&
      cache.historyEntry(interactionId) === undefined
    )
      throw new SwitchboardFailure(
        'notFound',
        `No past interaction ${interactionId} in the cached contact history`,
        'historyEntryNotCached',
      );
    const { writer, answer } = await this.request('this past interaction', (ops) =>
      ops.getInteractionContent(interactionId),
    );
    const stored = writer
      .contactHistory(contactId)
      .entries.find((entry) => entry.id === interactionId);
    if (stored?.content !== undefined) return stored;
    // Kept under another contact (the server's answer names it): the answer as it came.
    if (answer.kind !== 'content') throw new Error('a content request answered something else');
    return {
      ...answer.entry,
      content: {
        events: answer.events,
        ...(answer.body === undefined ? {} : { body: answer.body }),
        fetchedAt: answer.fetchedAt ?? Date.now(),
      },
    };
  }

  /**
   * Posts a UCS request and waits for the commit that carries its answer. Commits are heard
   * from before the request leaves: an answer that overtakes the POST's own is not missed.
   */
  private async request(
    what: string,
    post: (ops: GwsOperations) => Promise<Result<{ referenceId: number }>>,
    /** Told the request's referenceId; what it answers is called when the request ends. */
    posted?: (writer: CacheWriter, referenceId: number) => () => void,
  ): Promise<{ writer: CacheWriter; answer: HistoryAnswer }> {
    const { ops, writer } = this.session;
    if (ops === undefined || writer === undefined)
      throw new SwitchboardFailure('unauthorized', 'Not signed in');
    const heard = new Map<number, HistoryAnswer>();
    let wanted: number | undefined;
    let deliver: ((answer: HistoryAnswer) => void) | undefined;
    const stop = writer.onCommit((commit) => {
      for (const answer of commit.changes.history) {
        if (answer.referenceId === wanted) deliver?.(answer);
        else heard.set(answer.referenceId, answer);
      }
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    let ended: (() => void) | undefined;
    try {
      const reference = await post(ops);
      if (!reference.ok)
        throw new SwitchboardFailure(reference.error.kind, reference.error.message);
      const { referenceId } = reference.value;
      ended = posted?.(writer, referenceId);
      const answer =
        heard.get(referenceId) ??
        (await new Promise<HistoryAnswer>((resolve, reject) => {
          wanted = referenceId;
          deliver = resolve;
          timer = setTimeout(() => {
            reject(
              new SwitchboardFailure(
                'timeout',
                `The server did not send ${what} within ${secondsText(this.timeoutMs)}.`,
              ),
            );
          }, this.timeoutMs);
        }));
      if (answer.kind === 'failed') {
        // The English sentence is for the log and the CLI; the desk words it by the code.
        throw new SwitchboardFailure(
          'internal',
          `The server could not send ${what}: ${clause(answer.message)}.`,
          'historyNotSent',
          { reason: clause(answer.message) },
        );
      }
      return { writer, answer };
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      stop();
      ended?.();
    }
  }
}
