/** Runs a callback at the next opportunity (by default, the next animation frame). */
export type Scheduler = (callback: () => void) => void;

const nextFrame: Scheduler = (callback) => {
  requestAnimationFrame(() => {
    callback();
  });
};

/**
 * Coalesces requests for an asynchronous job: any number of `request()` calls before the next
 * frame run the job once, and requests that arrive while it runs make it run once more after,
 * so the last request is always followed by a complete run. Used for refetching lists on a burst
 * of events (a resync can name dozens of interactions at once).
 */
export function coalesce(job: () => Promise<void>, schedule: Scheduler = nextFrame) {
  let scheduled = false;
  let running = false;
  let again = false;

  const run = async (): Promise<void> => {
    running = true;
    try {
      await job();
    } catch (error: unknown) {
      // Jobs report their own failures (stores keep an error message for the view); reaching
      // here is a bug, and the console is where the tests look for those.
      console.error('A coalesced refresh failed', error);
    } finally {
      running = false;
    }
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
    schedule(() => {
      scheduled = false;
      if (running) {
        again = true;
        return;
      }
      void run();
    });
  }

  return { request };
}
