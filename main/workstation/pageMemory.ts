import { isCustomerType } from '../../common/chatParticipants';
import { SwitchboardFailure, type SwitchboardError } from '../../common/errors';
import type { ChatNotification } from '../../common/gwsOperations';
import type { CaseEdit, ChangeSet, ChatDraft, ChatEvent, PageMemory } from '../../common/model';

/**
 * The most chats whose message boxes are kept: far more than an agent works on at once. Beyond
 * it the box changed longest ago goes, so that a page cannot grow main's memory without end.
 * The same bound holds the case-data edits.
 */
export const KEPT_CHAT_DRAFTS = 100;

/**
 * What only the desk's page holds of the agent's work, kept by main so that a page loaded again
 * after its renderer was lost (main/electron/window.ts reloads it) shows it as the agent left it:
 * the interaction open, each chat's half-typed message and its choice of audience, and each
 * interaction's case-data value being edited.
 *
 * In memory only, never on disk nor in the log: it is what the agent is typing, which is theirs
 * until it is sent (Chromium's own storage would write it to disk and keep it past a sign-out).
 * A new run of the app starts without it, as it starts without the page.
 *
 * The page tells main of each change as it happens (the contract's `page.keep*`). What it keeps
 * belongs to the account open then, signed in or reviewed offline (`account`), and is answered
 * only while that account is open. It is forgotten when the agent signs out ({@link clear}) or
 * another account signs in ({@link accountOpened}), so nothing of one agent reaches the next; a
 * session the server ended (a password changed mid-shift) keeps it for the same agent's return.
 */
export class PageMemoryKeeper {
  /** Whose it is: the account open when it was kept. */
  private owner: number | undefined;
  private open: string | null = null;
  /** By interaction id, the box changed longest ago first (a Map keeps insertion order). */
  private readonly chats = new Map<string, ChatDraft>();
  /** By interaction id, as {@link chats}. */
  private readonly caseEdits = new Map<string, CaseEdit>();
  /**
   * The chats whose customer the page told the agent types (TypingStarted) and not yet, as far
   * as main knows, that she stopped: the page's own timers tell it, and a page lost in between
   * never does ({@link takeTyping}).
   */
  private readonly typing = new Set<string>();
  /** The chat lines main sends for the page, each until its answer was folded ({@link sendLine}). */
  private readonly linesUnderWay = new Set<Promise<void>>();
  /**
   * By interaction id, the chat line whose send the server did not answer in time, and that
   * failure: it may have gone. The page says so and keeps the line in its box; a page loaded
   * again said nothing, and the line sat in the box as if never sent, to be sent twice. Kept
   * until the line shows in the transcript, another line is sent, or the chat ends.
   */
  private readonly linesInDoubt = new Map<
    string,
    { readonly text: string; readonly error: SwitchboardError }
  >();

  /**
   * @param account the cache's id of the account whose desk the page shows (signed in, or
   *   reviewed offline); undefined when none (signed out): nothing is kept then.
   * @param ended whether the cache has the interaction ended: a box the page sent for it is
   *   late (sent before the page heard of the end), and is not kept.
   */
  constructor(
    private readonly account: () => number | undefined,
    private readonly ended: (interactionId: string) => boolean = () => false,
  ) {}

  /**
   * What a page loaded again reads to show the agent's work as it was, once the chat lines on
   * their way are answered ({@link sendLine}): read before, a line the server then took was back
   * in its box, and the new page, which never hears that answer, left it there to be sent twice.
   */
  async memoryOnceLinesAnswered(): Promise<PageMemory> {
    await Promise.allSettled([...this.linesUnderWay]);
    return this.memory();
  }

  memory(): PageMemory {
    if (this.owner === undefined || this.owner !== this.account())
      return { open: null, chats: [], caseEdits: [] };
    const doubts = (interactionId: string) => {
      const lineInDoubt = this.linesInDoubt.get(interactionId);
      return lineInDoubt === undefined ? {} : { lineInDoubt };
    };
    // A line in doubt whose box the agent emptied still says it may have gone.
    const emptied = [...this.linesInDoubt.keys()].filter((id) => !this.chats.has(id));
    return {
      open: this.open,
      chats: [
        ...[...this.chats].map(([interactionId, draft]) => ({
          interactionId,
          ...draft,
          ...doubts(interactionId),
        })),
        ...emptied.map((interactionId) => ({
          interactionId,
          text: '',
          agentsOnly: false,
          ...doubts(interactionId),
        })),
      ],
      caseEdits: [...this.caseEdits].map(([interactionId, edit]) => ({ interactionId, ...edit })),
    };
  }

  keepOpen(interactionId: string | null): void {
    if (!this.owned()) return;
    this.open = interactionId;
  }

  /** Keeps a chat's box as it is now; an empty one (no text, to everyone) is forgotten. */
  keepChatDraft(interactionId: string, draft: ChatDraft): void {
    if (!this.owned()) return;
    this.chats.delete(interactionId);
    if ((draft.text === '' && !draft.agentsOnly) || this.ended(interactionId)) return;
    this.chats.set(interactionId, { text: draft.text, agentsOnly: draft.agentsOnly });
    keepLatest(this.chats);
  }

  /**
   * Sends a chat line for the page (`send`); once the server took it, its box empties
   * ({@link lineSent}). A page loaded again meanwhile reads the boxes after the answer
   * ({@link memoryOnceLinesAnswered}).
   */
  async sendLine(interactionId: string, text: string, send: () => Promise<void>): Promise<void> {
    // The page sends another line, as its agent looked: the doubt it said is over.
    this.linesInDoubt.delete(interactionId);
    const answered = (async () => {
      try {
        await send();
      } catch (error) {
        // As the page words it (interaction.ts mayHaveHappened): no answer in time, it may have gone.
        if (error instanceof SwitchboardFailure && error.kind === 'timeout' && this.owned()) {
          this.linesInDoubt.set(interactionId, { text: text.trim(), error: error.toError() });
          keepLatest(this.linesInDoubt);
        }
        throw error;
      }
      this.lineSent(interactionId, text);
    })();
    this.linesUnderWay.add(answered);
    try {
      await answered;
    } finally {
      this.linesUnderWay.delete(answered);
    }
  }

  /**
   * The server took a chat line main sent for the page: the box that held it empties (its choice
   * of audience stays), as the page's own does when the answer reaches it (renderer/src/stores/
   * interaction.ts `lineWent`). A page lost while the line was on its way never hears that
   * answer, and the page loaded again would find the sent line back in the box, to be sent twice.
   * A box the agent typed on meanwhile holds other words and stays.
   */
  lineSent(interactionId: string, text: string): void {
    if (!this.owned()) return;
    const kept = this.chats.get(interactionId);
    if (kept?.text.trim() !== text.trim()) return;
    this.keepChatDraft(interactionId, { text: '', agentsOnly: kept.agentsOnly });
  }

  /**
   * The page sends a typing notice to a chat's customer: a TypingStarted counts from when it
   * leaves (it may reach the customer unanswered), a TypingStopped once the server took it.
   */
  typingNotice(interactionId: string, notice: ChatNotification, taken: boolean): void {
    if (!this.owned()) return;
    if (notice === 'TypingStarted') {
      if (taken) return;
      this.typing.delete(interactionId);
      if (!this.ended(interactionId)) this.typing.add(interactionId);
      keepLatest(this.typing);
    } else if (taken) this.typing.delete(interactionId);
  }

  /**
   * The chats a page left telling their customers the agent types, once each: a page just
   * loaded has no typing of its own yet, and the one lost would have said she stopped within
   * seconds (renderer/src/lib/typingSender.ts). Without it, the customer read "typing" for good.
   */
  takeTyping(): string[] {
    if (this.owner === undefined || this.owner !== this.account()) return [];
    const chats = [...this.typing];
    this.typing.clear();
    return chats;
  }

  /** Keeps the case-data edit open on an interaction as it is now; null (none) forgets it. */
  keepCaseEdit(interactionId: string, edit: CaseEdit | null): void {
    if (!this.owned()) return;
    this.caseEdits.delete(interactionId);
    if (edit === null || this.ended(interactionId)) return;
    this.caseEdits.set(interactionId, { key: edit.key, text: edit.text });
    keepLatest(this.caseEdits);
  }

  /**
   * A commit's change set: a chat that ended for the agent takes its box with it, and an
   * interaction its case-data edit, as the page's stores drop them (renderer/src/stores/
   * interaction.ts, caseEdits.ts), also when the page was not there to see it end. The
   * interaction stays open: the agent may be reading it.
   */
  fold(changes: ChangeSet): void {
    for (const head of changes.interactions) {
      if (head.phase !== 'ended') continue;
      this.chats.delete(head.id);
      this.caseEdits.delete(head.id);
      this.typing.delete(head.id);
      this.linesInDoubt.delete(head.id);
    }
    // A line in doubt that shows in its transcript went: its box empties, as the page's does.
    for (const { interactionId, lines } of changes.transcripts) {
      const doubt = this.linesInDoubt.get(interactionId);
      if (doubt === undefined || !lines.some((line) => agentLineOf(line, doubt.text))) continue;
      this.linesInDoubt.delete(interactionId);
      this.lineSent(interactionId, doubt.text);
    }
  }

  /**
   * An account signed in (or opened): what another account's page kept goes now, not only when
   * this one first keeps something.
   */
  accountOpened(account: number | undefined): void {
    if (this.owner !== undefined && this.owner !== account) this.clear();
  }

  /** Signed out here (or a review ended): nothing of it stays. */
  clear(): void {
    this.owner = undefined;
    this.open = null;
    this.chats.clear();
    this.caseEdits.clear();
    this.typing.clear();
    this.linesInDoubt.clear();
  }

  /** Whether a change may be kept: an account is open; another's memory is dropped first. */
  private owned(): boolean {
    const account = this.account();
    if (account === undefined) return false;
    if (account !== this.owner) {
      this.clear();
      this.owner = account;
    }
    return true;
  }
}

/** Drops the entries changed longest ago (a Map keeps insertion order) beyond the bound. */
function keepLatest(kept: Map<string, unknown> | Set<string>): void {
  for (const oldest of kept.keys()) {
    if (kept.size <= KEPT_CHAT_DRAFTS) break;
    kept.delete(oldest);
  }
}

/** An agent's (not the customer's) message line whose text is `text` (trimmed). */
function agentLineOf(line: ChatEvent, text: string): boolean {
  return (
    line.kind === 'message' && !isCustomerType(line.authorType ?? '') && line.text?.trim() === text
  );
}
