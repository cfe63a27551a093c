/** Runs a callback at the next opportunity (by default, the next animation frame). */
export type Scheduler = (callback: () => void) => void;

const nextFrame: Scheduler = (callback) => {
  requestAnimationFrame(() => {
    callback();
  });
};

/** A coalesced job: {@link request} runs it soon, {@link cancel} forgets it. */
export interface Coalesced {
  /** Asks for a run; any number of requests before the next frame make one run. */
  readonly request: () => void;
  /**
   * Drops the scheduled run and any run asked for while one is under way, and detaches the run
   * under way: the next {@link request} starts afresh without waiting for it. A job cannot be
   * stopped halfway, so a job whose answer must not land (the agent signed out) checks for
   * itself that it is still wanted (stores compare an epoch they bump when clearing).
   */
  readonly cancel: () => void;
}

/**
 * Coalesces requests for an asynchronous job: any number of `request()` calls before the next
 * frame run the job once, and requests that arrive while it runs make it run once more after,
 * so the last request is always followed by a complete run. Used for refetching lists on a burst
 * of events (a resync can name dozens of interactions at once).
 */
export function coalesce(job: () => Promise<void>, schedule: Scheduler = nextFrame): Coalesced {
  let scheduled = false;
  let running = false;
  let again = false;
  /** Bumped by cancel(): callbacks and runs of an older generation leave the state alone. */
  let generation = 0;

  const run = async (): Promise<void> => {
    const mine = generation;
    running = true;
    try {
      await job();
    } catch (error: unknown) {
      // Jobs report their own failures (stores keep an error message for the view); reaching
      // here is a bug, and the console is where the tests look for those.
      console.error('A coalesced refresh failed', error);
    }
    if (mine !== generation) return;
    running = false;
    if (again) {
      again = false;
      request();
    }
  };

  function request(): void {
    if (running) {
      again = true;
      return;
    }
    if (scheduled) return;
    scheduled = true;
    const mine = generation;
    schedule(() => {
      if (mine !== generation) return;
      scheduled = false;
      if (running) {
        again = true;
        return;
      }
      void run();
    });
  }

  function cancel(): void {
    generation++;
    scheduled = false;
    running = false;
    again = false;
  }

  return { request, cancel };
}
