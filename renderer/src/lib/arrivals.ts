/**
 * What arrives while something is under way: a store records the change sets pushed while its
 * fetch runs, and folds them onto the answer, so that a change the answer may predate is never
 * lost (main may commit after reading and before its reply leaves).
 */
export interface Arrivals<T> {
  /** Starts a recording; the function it answers ends it and gives what arrived meanwhile. */
  record(): () => readonly T[];
  /** Hands an arrival to every recording under way. */
  add(item: T): void;
}

export function arrivals<T>(): Arrivals<T> {
  const recordings = new Set<T[]>();
  return {
    record() {
      const recorded: T[] = [];
      recordings.add(recorded);
      return () => {
        recordings.delete(recorded);
        return recorded;
      };
    },
    add(item) {
      for (const recording of recordings) recording.push(item);
    },
  };
}
