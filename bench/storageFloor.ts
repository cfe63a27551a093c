import type { Database, Statement } from 'better-sqlite3';

type Execute = (this: Statement, ...args: unknown[]) => unknown;
const EXECUTE = ['run', 'get', 'all', 'iterate'] as const;

/** One statement as the app ran it: its SQL, how it was run, and the values bound to it. */
export interface RecordedStatement {
  readonly source: string;
  readonly method: (typeof EXECUTE)[number];
  readonly args: readonly unknown[];
}

/**
 * Runs `work` while noting every statement `db` executes, BEGIN and COMMIT included (better-
 * sqlite3 runs its transactions' own statements through the same `run`), grouped by the
 * `step` that was running: the statements of each step, in order.
 *
 * Why: (a) asks how much of the app's time per message is its storage and how much the
 * JavaScript around it. Replaying exactly these statements on a fresh copy of the schema
 * ({@link replayStatements}) times the storage alone. The statements are noted by wrapping
 * better-sqlite3's Statement methods for the duration of `work` (all connections share them;
 * a statement of another connection is not noted), then restored, whatever `work` does.
 */
export function recordStatements<T>(
  db: Database,
  steps: readonly T[],
  step: (item: T) => void,
): RecordedStatement[][] {
  const prototype = Object.getPrototypeOf(db.prepare('SELECT 1')) as Record<string, Execute>;
  const originals = EXECUTE.map((name) => [name, prototype[name]] as const);
  let current: RecordedStatement[] = [];
  for (const [name, original] of originals) {
    if (original === undefined) throw new Error(`better-sqlite3's Statement has no ${name}`);
    prototype[name] = function (this: Statement, ...args: unknown[]) {
      if (this.database === db) current.push({ source: this.source, method: name, args });
      return original.apply(this, args);
    };
  }
  const recorded: RecordedStatement[][] = [];
  try {
    for (const item of steps) {
      current = [];
      step(item);
      recorded.push(current);
    }
  } finally {
    for (const [name, original] of originals)
      if (original !== undefined) prototype[name] = original;
  }
  return recorded;
}

/**
 * Runs the recorded statements on `db` (a fresh copy of the schema as the recording started),
 * each prepared once, in their order, each as the app ran it (`run`, `get` or `all`), with no
 * other work: what the app's storage costs without the app. A statement the app iterated is
 * read to its end (how far the app read is not recorded; the app's iterations here read few
 * rows). `afterCommit` is told of each COMMIT, as the app's store tells its checkpointer.
 */
export function replayStatements(
  db: Database,
  steps: readonly RecordedStatement[][],
  afterCommit: () => void = () => undefined,
): void {
  const prepared = new Map<string, Statement>();
  for (const statements of steps) {
    for (const { source, method, args } of statements) {
      let statement = prepared.get(source);
      if (statement === undefined) {
        statement = db.prepare(source);
        prepared.set(source, statement);
      }
      if (source === 'COMMIT') {
        statement.run();
        afterCommit();
      } else if (method === 'run') statement.run(...args);
      else if (method === 'get') statement.get(...args);
      else statement.all(...args);
    }
  }
}
