/**
 * The listeners of one kind of event. Each is told in turn; one that throws is reported through
 * `onError` and the others are still told, so a faulty listener cannot stop the events (or the
 * cache transaction, or the connection) that called it. Listeners added or removed while an
 * event is being told take effect from the next one.
 */
export class Listeners<Args extends unknown[]> {
  private readonly listeners = new Set<(...args: Args) => void>();

  constructor(private readonly onError: (error: unknown, ...args: Args) => void) {}

  get size(): number {
    return this.listeners.size;
  }

  /** Adds a listener; returns the function that removes it. */
  add(listener: (...args: Args) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(...args: Args): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(...args);
      } catch (error) {
        this.onError(error, ...args);
      }
    }
  }
}
