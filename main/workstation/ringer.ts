/**
 * The one rule of the invitation chime. An invitation's first chime goes with its notification
 * (the desk asks for it when it shows the notification); after that the chime repeats every
 * {@link RING_INTERVAL_MS} while an invitation waits unanswered, the sound is on, the chime
 * setting says `repeat` and Do Not Disturb is off. It stops at the first tick that finds none of
 * that true (accepted, rejected, withdrawn, placed, the setting changed), and the desk pokes it
 * after every commit so that it starts again for the next invitation.
 *
 * It decides when; the renderer plays the sound (`app.soundRequested`).
 */

/** Milliseconds between two chimes of a waiting invitation: often enough not to be missed. */
export const RING_INTERVAL_MS = 4_000;

export interface RingerOptions {
  /** Whether the chime should repeat now (see the class comment for what that reads). */
  readonly shouldRing: () => boolean;
  /** Plays the chime once. */
  readonly ring: () => void;
  /** Tests shorten it; defaults to {@link RING_INTERVAL_MS}. */
  readonly intervalMs?: number;
}

/** Repeats the chime on a timer while {@link RingerOptions.shouldRing} says so (see above). */
export class Ringer {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: RingerOptions) {}

  /** Whether the chime is repeating now. */
  get active(): boolean {
    return this.timer !== undefined;
  }

  /**
   * Starts the repetition when it should ring and does not yet (the first chime is the
   * notification's, so the first repeat comes one interval later); stops it when it should not.
   */
  update(): void {
    if (!this.options.shouldRing()) {
      this.stop();
      return;
    }
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => {
      if (this.options.shouldRing()) this.options.ring();
      else this.stop();
    }, this.options.intervalMs ?? RING_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
