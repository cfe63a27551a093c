import type { InteractionSnapshot } from '../../common/model';

/**
 * How long a draft start waits for the server's draft (its "E-mail Reply Created"
 * notification) when the answer does not name it, and how long a named one waits to be given
 * its parent.
 */
export const DRAFT_WAIT_MS = 10_000;

/** One Reply, ReplyAll, Forward or CreateEmail asked of the server whose draft has not arrived. */
interface PendingStart {
  /** The e-mail answered or forwarded; undefined for a new e-mail. */
  readonly original: string | undefined;
  /** The draft's id, once the answer named it or its notification arrived. */
  id: string | undefined;
  /** Whether the draft's first snapshot arrived (it was given its parent then). */
  arrived: boolean;
  /** Told of the draft's id when its first snapshot arrives. */
  readonly onArrival: (id: string) => void;
}

/**
 * The drafts this desk asked the server to create, until each arrives.
 *
 * Why: 002 documents Reply's answer and CreateEmail's as `{"status":"ok"}` alone (only ReplyAll
 * and Forward name `replyInteractionId`): the draft is known only by its notification, an
 * outbound e-mail in state ReplyCreated; and the samples of that notification name no parent
 * (003 calls the link `parentInteractionId`, "also seen as `parentId`"). So a start waits for
 * its draft's first snapshot ({@link arrived}): the one its answer named, else a new draft the
 * start can be told by (see unnamedStartOf), and the draft is recorded as the
 * original's child when the server did not say so: the composer quotes the original, the
 * original lists its replies, and the draft reads as a reply rather than a new e-mail.
 */
export class DraftStarts {
  private readonly pending: PendingStart[] = [];

  /**
   * Runs `request` (the REST call; it answers the draft's id when the server names one) and
   * answers the draft's id: the one named, else the one whose first snapshot arrives within
   * `waitMs`; undefined when none did (the draft then waits in the inbox when it comes). A
   * failing request is rethrown and leaves nothing pending.
   */
  async start(
    original: string | undefined,
    request: () => Promise<string | undefined>,
    waitMs = DRAFT_WAIT_MS,
  ): Promise<string | undefined> {
    let arrival: ((id: string) => void) | undefined;
    const arrived = new Promise<string>((resolve) => {
      arrival = resolve;
    });
    const start: PendingStart = {
      original,
      id: undefined,
      arrived: false,
      onArrival: (id) => arrival?.(id),
    };
    // Pending before the request: the notification may come before the answer does.
    this.pending.push(start);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => {
        resolve(undefined);
      }, waitMs);
      timer.unref();
    });
    const done = () => {
      clearTimeout(timer);
      this.forget(start);
    };
    let named: string | undefined;
    try {
      named = await request();
    } catch (error) {
      done();
      throw error;
    }
    if (named !== undefined) {
      // The server's word over a guess that took another draft for this one (two starts at once).
      if (start.id !== named) start.arrived = false;
      start.id = named;
      if (start.arrived) done();
      // Else it stays pending a while, for its snapshot to be given its parent.
      else void Promise.race([arrived, waited]).then(done);
      return named;
    }
    if (start.arrived) {
      done();
      return start.id;
    }
    const id = await Promise.race([arrived, waited]);
    done();
    return id;
  }

  /** Whether a start waits for its draft (the writer's hot path asks nothing more otherwise). */
  get waiting(): boolean {
    return this.pending.length > 0;
  }

  /**
   * The writer's first snapshot of an interaction: when it is a draft a start waits for, that
   * start learns its id, and the snapshot is answered with the start's original as its parent
   * when it names none; any other snapshot is answered as it is.
   */
  arrived(snapshot: InteractionSnapshot): InteractionSnapshot {
    const start =
      this.pending.find((pending) => pending.id === snapshot.id) ?? this.unnamedStartOf(snapshot);
    if (start === undefined) return snapshot;
    start.id ??= snapshot.id;
    start.arrived = true;
    start.onArrival(snapshot.id);
    return snapshot.parentId === undefined && start.original !== undefined
      ? { ...snapshot, parentId: start.original }
      : snapshot;
  }

  /**
   * The start a draft the answers did not name is taken for: one just created (ReplyCreated; not
   * one pulled from a workbin or handed over), and either naming the start's original as its
   * parent, or naming none while exactly one start waits unnamed (two at once could not be told
   * apart: the draft then stays as the server sent it rather than be linked to the wrong one).
   */
  private unnamedStartOf(snapshot: InteractionSnapshot): PendingStart | undefined {
    if (!isDraft(snapshot) || snapshot.state !== 'ReplyCreated') return undefined;
    const unnamed = this.pending.filter((pending) => pending.id === undefined && !pending.arrived);
    if (snapshot.parentId !== undefined)
      return unnamed.find((pending) => pending.original === snapshot.parentId);
    return unnamed.length === 1 ? unnamed[0] : undefined;
  }

  private forget(start: PendingStart): void {
    const index = this.pending.indexOf(start);
    if (index >= 0) this.pending.splice(index, 1);
  }
}

/** An outbound e-mail the agent writes: what Reply, ReplyAll, Forward and CreateEmail make. */
function isDraft(snapshot: InteractionSnapshot): boolean {
  return (
    snapshot.channel === 'email' &&
    (snapshot.state === 'ReplyCreated' ||
      snapshot.subType === 'OutboundReply' ||
      snapshot.subType === 'OutboundNew')
  );
}
