import { GWS_OPERATIONS, type GwsArgs, type OutgoingEmail } from '../../common/gwsOperations';
import { SwitchboardFailure, type SwitchboardError } from '../../common/errors';
import { phaseOf } from '../../common/interactionStates';
import { sendOutcomeError, type SendNotKnownSent } from '../../common/sendOutcomes';
import type { AttachmentInfo, InteractionDetail } from '../../common/model';
import type { SentEmail } from '../cache/store';
import type { UnsettledSendStore } from '../cache/unsettledSends';
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
  /**
   * Forgets the account's stored draft of an e-mail found sent later, after its Send went
   * unanswered (a Send that is answered leaves that to its caller).
   */
  readonly forgetDraft?: (accountId: number, interactionId: string) => void;
  /**
   * Where the Sends whose fate is not known yet are kept, per account, from before the request
   * leaves until it settles: a desk started again resumes asking ({@link SentMail.resume}).
   * Without it, they live in memory only.
   */
  readonly unsettledSends?: () => Pick<UnsettledSendStore, 'keep' | 'list' | 'forget'>;
  readonly log?: { warn(message: string): void };
  readonly now?: () => number;
  /** The pauses before each follow-up ({@link FOLLOW_UP_PAUSES_MS}; tests shorten them). */
  readonly followUpPausesMs?: readonly number[];
}

/**
 * What became of a Send the server did not answer (the network failed, or it timed out): the
 * request may have been lost on the way there, or carried out with only its answer lost.
 */
type UnansweredSend = 'sent' | 'notSent' | 'closedElsewhere' | 'unknown';

/** A Send whose fate is not known: what it asked the server to send, from which draft. */
interface UnansweredRequest {
  readonly changes: OutgoingChanges | undefined;
  readonly files: readonly AttachmentInfo[] | undefined;
  /** The draft as the cache held it before Send; undefined with no cache open. */
  readonly draft: InteractionDetail | undefined;
  /** The account whose cache keeps it, if it left. */
  readonly accountId: number | undefined;
  /** When the Send was attempted: a Send found sent later is stamped with it. */
  readonly attemptedAt: number;
}

/**
 * The pauses before the desk asks again, on its own, about a Send it could not settle; then it
 * stops (the agent's next Send of the draft still asks first).
 */
const FOLLOW_UP_PAUSES_MS = [2_000, 5_000, 15_000, 30_000, 60_000, 120_000, 300_000] as const;

/** How often the desk asks the server what became of an unanswered Send, and the pauses between. */
const OUTCOME_QUESTION_PAUSES_MS = [0, 300, 1000] as const;

/**
 * Where SentMail files a Send: interaction ids are each server's own, so two accounts (two
 * servers) may both have a draft of the same id; the account tells their Sends apart.
 */
function sendKey(accountId: number | undefined, interactionId: string): string {
  return JSON.stringify([accountId ?? null, interactionId]);
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
 *
 * A Send left unanswered (network failure, timeout) is not known to have failed: the server may
 * have sent the e-mail and lost only its answer. The desk asks the server what became of the
 * draft (GET /interactions/{id}): ended with what the Send carried, it was sent and is kept as
 * any sent e-mail; ended without it, it was closed elsewhere unsent (`sendClosedElsewhere`);
 * still a draft, it was not sent (`sendNotSent`); not to be asked, nobody knows
 * (`sendOutcomeUnknown`), and the next Send of that draft asks first instead of sending it a
 * second time.
 *
 * While such a Send is in doubt, the draft's end reaching the cache (the server's notification)
 * makes the desk ask at once rather than at its next follow-up: a Send that left ends the draft,
 * but so do a cancel or a stop from elsewhere (the simulator announces all three as Completed;
 * the documents show no end notification at all), and a draft taken into a queue or workbin is
 * announced Revoked. The end alone is therefore never taken for "sent": the draft's text on the
 * server, which Send replaces, is the mark of a Send that left.
 */
export class SentMail {
  private readonly clock: () => number;
  /**
   * Drafts whose Send went unanswered and whose fate the server could not be asked about, with
   * what that Send carried: if it left, that is what the customer got. Filed by
   * {@link sendKey}, as are the two below.
   */
  private readonly inDoubt = new Map<string, UnansweredRequest>();
  /**
   * The drafts whose Send is on its way (kept in the cache, not answered yet): the Send itself
   * settles them, so a reconnection meanwhile does not ask about them ({@link resume}).
   */
  private readonly inFlight = new Set<string>();
  /**
   * Each draft's Send under way, from its first question to its answer, by {@link sendKey}: a
   * second Send of the draft meanwhile (a page loaded again shows the kept draft, and the agent
   * presses Send) is told the first one's outcome instead of going to the server again.
   */
  private readonly underWay = new Map<string, Promise<void>>();
  /** For each draft {@link inDoubt}: stops listening for its end in its account's cache. */
  private readonly endListeners = new Map<string, () => void>();
  /** For each draft {@link inDoubt}: its next follow-up, while one is waiting ({@link followUp}). */
  private readonly followUps = new Map<string, ReturnType<typeof setTimeout>>();
  /** Set by {@link close}: nothing more is asked on the desk's own initiative. */
  private closed = false;

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

  private deliver(args: SendArgs, files: readonly AttachmentInfo[] | undefined): Promise<void> {
    const key = sendKey(this.options.writer()?.accountId, args[0]);
    const earlier = this.underWay.get(key);
    if (earlier !== undefined) return earlier;
    const delivery = this.deliverOnce(args, files).finally(() => {
      if (this.underWay.get(key) === delivery) this.underWay.delete(key);
    });
    this.underWay.set(key, delivery);
    return delivery;
  }

  private async deliverOnce(
    [interactionId, changes, queue]: SendArgs,
    files: readonly AttachmentInfo[] | undefined,
  ): Promise<void> {
    // Read before sending: the server's end of the draft may reach the cache first.
    const writer = this.options.writer();
    const draft = writer?.interaction(interactionId);
    const operations = this.options.operations();
    // An earlier Send of this draft may have left: it is not sent again before the server says,
    // and if it left, what it carried is what the customer got.
    // Another account's Send in doubt under the same id (a draft of another server) is theirs:
    // never asked about with this session, nor settled by this Send.
    const unanswered = this.doubtedSend(writer?.accountId, interactionId);
    const earlier = unanswered
      ? await this.outcomeOnServer(operations, interactionId, unanswered)
      : 'notSent';
    if (earlier === 'unknown') throw notSentFailure('unknown', interactionId);
    // Learnt to have left after another account signed in: as for the Send's own answer, the
    // Send stays in doubt, its draft and record kept, until its account connects again (resume).
    if (earlier === 'sent' && this.options.writer()?.accountId !== unanswered?.accountId) return;
    if (unanswered) this.stopDoubting(unanswered.accountId, interactionId);
    if (earlier === 'closedElsewhere') throw notSentFailure('closedElsewhere', interactionId);
    if (earlier === 'sent' && unanswered) {
      this.keepSent(interactionId, unanswered, unanswered.attemptedAt);
      return;
    }
    const request: UnansweredRequest = {
      changes,
      files,
      draft,
      accountId: writer?.accountId,
      attemptedAt: this.clock(),
    };
    // Kept before the request leaves: a desk stopped before the answer still knows to ask.
    this.keepUnsettled(interactionId, request);
    const key = sendKey(request.accountId, interactionId);
    this.inFlight.add(key);
    try {
      // No queue unless the caller names one: the draft goes from the queue it waits in (a new
      // e-mail's is the one CreateEmail named, a reply's the one the server gave it).
      const answer = await operations.withParsedArgs.send(interactionId, changes, queue);
      if (!answer.ok) await this.settleFailedSend(operations, interactionId, answer.error, request);
    } catch (error) {
      // Refused, not sent, closed elsewhere: settled. Not known: kept, the desk asks on.
      if (this.inDoubt.get(key) !== request) this.forgetUnsettled(interactionId, request.accountId);
      throw error;
    } finally {
      this.inFlight.delete(key);
    }
    // Answered after another account signed in: its account's cache keeps the Send unsettled,
    // with what it carried, and the desk keeps it as sent when that account connects again.
    if (this.keepSent(interactionId, request, this.clock()))
      this.forgetUnsettled(interactionId, request.accountId);
  }

  /**
   * Keeps what a Send that left carried, in the cache of the account it left from; answers
   * false when that cache is not the current one (another account signed in meanwhile).
   */
  private keepSent(
    interactionId: string,
    request: UnansweredRequest,
    sentAt: number,
    settledLater = false,
  ): boolean {
    const writer = this.options.writer();
    if (writer === undefined || writer.accountId !== request.accountId) return false;
    const sent = sentEmailOf(request.draft, request.changes, sentAt, request.files);
    writer.recordSent(interactionId, sent, searchBodyOf(sent), {
      onlyTheseFiles: request.files !== undefined,
      settledLater,
    });
    return true;
  }

  /**
   * Asks the server again, after a pause, about a Send it could not settle; when it says the
   * e-mail left, the draft is forgotten and the e-mail kept as sent, as if Send had been
   * answered. Nothing is ever sent from here.
   */
  private followUp(interactionId: string, request: UnansweredRequest, step = 0): void {
    const key = sendKey(request.accountId, interactionId);
    const pause = (this.options.followUpPausesMs ?? FOLLOW_UP_PAUSES_MS)[step];
    if (pause === undefined) return;
    const timer = setTimeout(() => {
      this.followUps.delete(key);
      this.settleInDoubt(interactionId, request)
        .then((settled) => {
          if (!settled) this.followUp(interactionId, request, step + 1);
        })
        // A cache that cannot keep the sent copy leaves the draft as it was.
        .catch(() => undefined);
    }, pause);
    timer.unref();
    this.followUps.set(key, timer);
  }

  /**
   * Asks the server what became of a Send in doubt and settles it when the server says: sent,
   * the e-mail is kept as sent and the draft forgotten; not sent, it is no longer in doubt.
   * Answers false while it is still not known. Nothing is ever sent from here.
   */
  private async settleInDoubt(interactionId: string, request: UnansweredRequest): Promise<boolean> {
    const key = sendKey(request.accountId, interactionId);
    if (this.inDoubt.get(key) !== request) return true;
    let outcome: UnansweredSend;
    try {
      // Another account signed in meanwhile: its cache cannot keep the sent copy, and the
      // draft it would forget is the one the customer's e-mail lives in until then.
      outcome =
        this.options.writer()?.accountId === request.accountId
          ? await this.outcomeOnServer(this.options.operations(), interactionId, request)
          : 'unknown';
    } catch {
      // Signed out meanwhile: asked again later.
      outcome = 'unknown';
    }
    // The agent's own Send of it, or another question, may have settled it meanwhile; or the
    // desk shut down, its cache closing: the next start asks again.
    if (this.inDoubt.get(key) !== request || this.closed) return true;
    if (outcome === 'unknown') return false;
    // Closed elsewhere, the draft is kept: the agent reads there that it cannot be sent now.
    if (outcome === 'notSent' || outcome === 'closedElsewhere') {
      this.stopDoubting(request.accountId, interactionId);
      // The agent, told it was not known, learns it now (the views fold the change set).
      const writer = this.options.writer();
      if (writer?.accountId === request.accountId)
        writer?.sendSettledUnsent(interactionId, outcome);
      return true;
    }
    // Stamped with the Send's own time: the desk may learn it minutes, or a restart, later.
    // Another account's cache current since the question left cannot keep the copy: the Send
    // stays in doubt, its draft and record kept, until its account connects again (resume).
    if (!this.keepSent(interactionId, request, request.attemptedAt, true)) return false;
    this.stopDoubting(request.accountId, interactionId);
    // Forgotten once the sent copy is kept (a cache that failed to keep it keeps the draft);
    // both before the desk can look again for a kept draft, on hearing of the sent copy.
    if (request.accountId !== undefined)
      this.options.forgetDraft?.(request.accountId, interactionId);
    return true;
  }

  /**
   * Puts a Send in doubt: the desk asks again on its own ({@link followUp}), and at once when
   * the draft's end reaches the cache of its account, or has reached it already (the server's
   * notification often comes while the desk is still asking about the Send).
   */
  private doubt(interactionId: string, request: UnansweredRequest): void {
    const key = sendKey(request.accountId, interactionId);
    this.stopAsking(request.accountId, interactionId);
    this.inDoubt.set(key, request);
    // Shut down while the Send was on its way: the cache keeps it for the next start.
    if (this.closed) return;
    this.followUp(interactionId, request);
    const writer = this.options.writer();
    if (writer === undefined || writer.accountId !== request.accountId) return;
    let asking = false;
    const endHeard = () => {
      // One question at a time: the end may come in several commits.
      if (asking) return;
      asking = true;
      this.settleInDoubt(interactionId, request)
        .catch(() => false)
        .finally(() => {
          asking = false;
        });
    };
    this.endListeners.set(
      key,
      writer.onCommit(({ changes }) => {
        if (
          changes.interactions.some((head) => head.id === interactionId && head.phase === 'ended')
        )
          endHeard();
      }),
    );
    if (writer.interaction(interactionId)?.phase === 'ended') endHeard();
  }

  /**
   * The agent's own Cancel of the draft went through: the server still held it as a draft, so
   * no earlier Send of it left. A Send in doubt is settled as not sent, and the desk stops asking
   * about it (a server that still shows the cancelled draft, ended, would otherwise have it kept
   * as sent at the next follow-up).
   */
  cancelled(accountId: number, interactionId: string): void {
    if (this.doubtedSend(accountId, interactionId)) this.stopDoubting(accountId, interactionId);
  }

  /** The Send of `interactionId` in doubt, if it is the account's (undefined: no cache open). */
  private doubtedSend(
    accountId: number | undefined,
    interactionId: string,
  ): UnansweredRequest | undefined {
    return this.inDoubt.get(sendKey(accountId, interactionId));
  }

  /**
   * The agent discarded the kept copy of the draft: the desk no longer asks about a Send of it,
   * and its account's cache forgets it (signed out, too: the cache is the account's).
   */
  givenUp(accountId: number, interactionId: string): void {
    this.stopAsking(accountId, interactionId);
    this.forgetUnsettled(interactionId, accountId);
  }

  /**
   * Resumes asking about the Sends the signed-in account's cache keeps unsettled: those of a
   * desk stopped (or a session dropped) before their fate was known. Called as the session
   * connects (a sign-in, a reconnection); one already in doubt here is asked about once now
   * (its follow-ups may have run out while the server was out of reach). Nothing is sent.
   */
  resume(): void {
    if (this.closed) return;
    const writer = this.options.writer();
    const kept = this.options.unsettledSends?.();
    if (writer === undefined || kept === undefined) return;
    let sends: ReturnType<typeof kept.list>;
    try {
      sends = kept.list(writer.accountId);
    } catch (error) {
      this.options.log?.warn(`could not read the unsettled Sends: ${String(error)}`);
      return;
    }
    for (const send of sends) {
      if (send instanceof Error) {
        // Left stored: what it carried may be what a customer got.
        this.options.log?.warn(`${send.message}; left as it is`);
        continue;
      }
      // On its way: its own answer settles it (asked about now, a Send that left would be kept
      // twice and announced as settled though nobody was told it was in doubt).
      if (this.inFlight.has(sendKey(writer.accountId, send.interactionId))) continue;
      const current = this.doubtedSend(writer.accountId, send.interactionId);
      if (current) {
        void this.settleInDoubt(send.interactionId, current).catch(() => false);
        continue;
      }
      const { interactionId, ...carried } = send;
      this.doubt(interactionId, { ...carried, accountId: writer.accountId });
    }
  }

  /** The Send of `interactionId` is no longer in doubt: settled, or sent again by the agent. */
  private stopDoubting(accountId: number | undefined, interactionId: string): void {
    this.stopAsking(accountId, interactionId);
    this.forgetUnsettled(interactionId, accountId);
  }

  /**
   * The desk stops asking about the account's Send of `interactionId` (what the cache keeps
   * stays; another account's Send of a draft of the same id is left alone).
   */
  private stopAsking(accountId: number | undefined, interactionId: string): void {
    const key = sendKey(accountId, interactionId);
    this.inDoubt.delete(key);
    this.endListeners.get(key)?.();
    this.endListeners.delete(key);
    clearTimeout(this.followUps.get(key));
    this.followUps.delete(key);
  }

  /**
   * Stops asking on its own about the Sends in doubt (the desk shuts down): no follow-up runs
   * after this, no draft's end is listened for, a question under way is not asked again after
   * its pause, and an answer on its way is not kept. They stay
   * in doubt: a Send of one of those drafts (the window takes clicks until the shutdown ends)
   * still asks first, never sending twice. What the cache keeps of them stays, for the next
   * start to resume ({@link resume}).
   */
  close(): void {
    this.closed = true;
    for (const stopListening of this.endListeners.values()) stopListening();
    for (const timer of this.followUps.values()) clearTimeout(timer);
    this.endListeners.clear();
    this.followUps.clear();
  }

  /**
   * Keeps a Send in the cache of its account until it settles. A cache that cannot keep it is
   * logged: the Send goes all the same, its follow-up in memory only.
   */
  private keepUnsettled(interactionId: string, request: UnansweredRequest): void {
    if (request.accountId === undefined) return;
    try {
      this.options.unsettledSends?.().keep(request.accountId, {
        interactionId,
        changes: request.changes,
        files: request.files,
        draft: request.draft,
        attemptedAt: request.attemptedAt,
      });
    } catch (error) {
      this.options.log?.warn(`could not keep the Send of ${interactionId}: ${String(error)}`);
    }
  }

  /** Forgets a settled Send from its account's cache. */
  private forgetUnsettled(interactionId: string, accountId: number | undefined): void {
    if (accountId === undefined) return;
    try {
      this.options.unsettledSends?.().forget(accountId, interactionId);
    } catch (error) {
      this.options.log?.warn(`could not forget the Send of ${interactionId}: ${String(error)}`);
    }
  }

  /**
   * Throws for a Send that failed, unless the server, asked, says the e-mail left (then the
   * caller keeps it as sent). A refusal is the server's word: only an unanswered Send is asked
   * about.
   */
  private async settleFailedSend(
    operations: GwsOperations,
    interactionId: string,
    error: SwitchboardError,
    request: UnansweredRequest,
  ): Promise<void> {
    if (error.kind !== 'network' && error.kind !== 'timeout') throw SwitchboardFailure.of(error);
    const outcome = await this.outcomeOnServer(operations, interactionId, request);
    if (outcome === 'sent') return;
    if (outcome === 'closedElsewhere')
      throw notSentFailure('closedElsewhere', interactionId, error);
    if (outcome === 'unknown') {
      this.doubt(interactionId, request);
      throw notSentFailure('unknown', interactionId, error);
    }
    throw notSentFailure('notSent', interactionId, error);
  }

  /**
   * What the server says became of a draft whose Send went unanswered: still open, it was not
   * sent. Ended, it may have been sent, or stopped or cancelled elsewhere (the server ends the
   * draft alike: 002, 003 name no state for a sent e-mail); the draft's text on the server tells
   * them apart when the Send changed it (Send's `email_object` replaces it): the Send's text, it
   * left; another, it did not. A Send that did not change the text, or a server that shows none,
   * leaves only the end to go by: sent. A network failure is asked again after a pause; a
   * timeout, an interaction the server no longer shows (it may drop a sent one from view) or
   * any other answer leaves it unknown.
   */
  private async outcomeOnServer(
    operations: GwsOperations,
    interactionId: string,
    request: UnansweredRequest,
  ): Promise<UnansweredSend> {
    for (const pause of OUTCOME_QUESTION_PAUSES_MS) {
      if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
      // The desk shut down during the pause: the next start asks again (resume).
      if (this.closed) return 'unknown';
      const answer = await operations.getDraftOnServer(interactionId);
      if (answer.ok) {
        const { interaction, text } = answer.value;
        if (phaseOf(interaction.state, interaction.endedAt) !== 'ended') return 'notSent';
        return sendShownBy(text, request) ? 'sent' : 'closedElsewhere';
      }
      if (answer.error.kind !== 'network') return 'unknown';
    }
    return 'unknown';
  }
}

/**
 * Whether an ended draft whose server text is `serverText` may be the Send of `request`: false
 * only when the Send replaced the draft's text and the server shows another (the draft's own,
 * untouched by any Send).
 */
function sendShownBy(serverText: string | undefined, request: UnansweredRequest): boolean {
  const sentText = request.changes?.text;
  if (serverText === undefined || sentText === undefined) return true;
  if (sentText.trim() === (request.draft?.email?.text ?? '').trim()) return true;
  return serverText.trim() === sentText.trim();
}

/** A Send that did not leave, or whose fate nobody knows, thrown as common/sendOutcomes words it. */
function notSentFailure(
  outcome: SendNotKnownSent,
  interactionId: string,
  cause?: SwitchboardError,
): SwitchboardFailure {
  return SwitchboardFailure.of(sendOutcomeError(outcome, interactionId, cause));
}
