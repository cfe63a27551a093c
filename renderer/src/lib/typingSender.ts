/** The notices of 003's SendNotification. */
export type TypingNotice = 'TypingStarted' | 'TypingStopped';

/** How long the agent's keyboard rests before the customer is told the agent stopped typing. */
export const TYPING_IDLE_MS = 3_000;
/** The least time between two notices of one chat: keystrokes never become a request stream. */
export const TYPING_MIN_GAP_MS = 3_000;
/** The longest wait before a notice that did not go through is sent again (the waits double). */
export const TYPING_RETRY_MAX_MS = 30_000;

export interface TypingSenderOptions {
  /**
   * Sends one notice (SendNotification). It may answer whether it went through: `false` (the
   * server unreachable, its answer lost, a passing failure) leaves the other side's belief
   * unknown, and the notice of the agent's state then is sent again after a back-off. A
   * TypingStopped dropped so left the customer reading "typing" for good.
   */
  readonly send: (notice: TypingNotice) => Promise<boolean> | undefined;
  readonly idleMs?: number;
  readonly minGapMs?: number;
  /**
   * The clock and timers (tests pass fake ones). The clock is a monotonic one by default, as the
   * timers are: on the PC's clock, set back ten minutes (an NTP correction), the gap after the
   * last notice lasted ten minutes, and the customer read "typing" all that time.
   */
  readonly now?: () => number;
  readonly setTimer?: (run: () => void, ms: number) => unknown;
  readonly clearTimer?: (timer: unknown) => void;
}

/**
 * The agent's typing in one chat, told to the other side debounced: one TypingStarted when
 * typing begins, one TypingStopped after {@link TYPING_IDLE_MS} without a keystroke or when the
 * line is sent. It keeps what the other side should believe (typing or not) apart from what it
 * was last told, and tells it at most once per {@link TYPING_MIN_GAP_MS}: a change that comes
 * sooner waits for the gap, and a change undone within it (a stop, then typing again) is never
 * sent at all.
 */
export class TypingSender {
  private typing = false;
  /** What the other side was last told; undefined once a notice's fate is not known. */
  private told: boolean | undefined = false;
  /** Notices in a row that did not go through: the back-off before the next try. */
  private failures = 0;
  /** Notices sent so far: an answer counts only for the last one. */
  private sent = 0;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private idleTimer: unknown;
  private flushTimer: unknown;
  private readonly idleMs: number;
  private readonly minGapMs: number;
  private readonly now: () => number;
  private readonly setTimer: (run: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(private readonly options: TypingSenderOptions) {
    this.idleMs = options.idleMs ?? TYPING_IDLE_MS;
    this.minGapMs = options.minGapMs ?? TYPING_MIN_GAP_MS;
    this.now = options.now ?? (() => performance.now());
    this.setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.clearTimer =
      options.clearTimer ??
      ((timer) => {
        clearTimeout(timer as ReturnType<typeof setTimeout>);
      });
  }

  /** The agent pressed a key in the message box. */
  typed(): void {
    this.typing = true;
    if (this.idleTimer !== undefined) this.clearTimer(this.idleTimer);
    this.idleTimer = this.setTimer(() => {
      this.idleTimer = undefined;
      this.typing = false;
      this.flush();
    }, this.idleMs);
    this.flush();
  }

  /** The line was sent (or the agent left the chat): the agent is not typing any more. */
  stopped(): void {
    if (this.idleTimer !== undefined) this.clearTimer(this.idleTimer);
    this.idleTimer = undefined;
    this.typing = false;
    this.flush();
  }

  private flush(): void {
    if (this.flushTimer !== undefined) return;
    if (this.typing === this.told) return;
    // After a notice that did not go through, the gap doubles with each failure in a row.
    const gap =
      this.failures === 0
        ? this.minGapMs
        : Math.max(
            this.minGapMs,
            Math.min(this.minGapMs * 2 ** this.failures, TYPING_RETRY_MAX_MS),
          );
    const wait = this.lastSentAt + gap - this.now();
    if (wait > 0) {
      this.flushTimer = this.setTimer(() => {
        this.flushTimer = undefined;
        this.flush();
      }, wait);
      return;
    }
    this.told = this.typing;
    this.lastSentAt = this.now();
    const sequence = ++this.sent;
    const answer = this.options.send(this.typing ? 'TypingStarted' : 'TypingStopped');
    if (answer === undefined) return;
    void answer.then((through) => {
      // A later notice was sent meanwhile: its own answer tells.
      if (sequence !== this.sent) return;
      if (through) {
        this.failures = 0;
        return;
      }
      // Not known to have arrived: the agent's state is told again, after a back-off.
      this.failures += 1;
      this.told = undefined;
      this.lastSentAt = this.now();
      this.flush();
    });
  }
}
