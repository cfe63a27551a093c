/** A row remembered, with what its user built of it (see {@link KnownRows}). */
export interface KnownRow<Row, Built> {
  readonly row: Row;
  /** What the user built of the row, kept with it (CacheStore: the record). */
  built?: Built;
  /** What the row counts against {@link KnownRowLimits.weight}. */
  readonly weight: number;
}

export interface KnownRowLimits {
  /** Rows kept at most. */
  readonly rows: number;
  /** Their weights added up (see {@link KnownRows}) kept at most. */
  readonly weight: number;
}

/**
 * Rows as a connection last read or wrote them, the most recently kept ones (read from the
 * database or written: a row answered from here again does not count as new, which would cost
 * the writer's hot path a reinsertion per message for a row it rewrites soon anyway): at most
 * `limits.rows` of them, and at most `limits.weight` of their weights added up, a row's weight
 * being what `weightOf` says (CacheStore: the characters of its text). Bounding the count alone
 * let rows with large attached data hold ~80 MB (bench (i): 500 interactions of ~20 kB of text
 * each, ~160 kB each in memory with the record built of them).
 *
 * A row heavier than the whole weight allowed is answered but not kept.
 */
export class KnownRows<Row extends { readonly account_id: number; readonly id: string }, Built> {
  private readonly rows = new Map<string, KnownRow<Row, Built>>();
  private weight = 0;

  constructor(
    private readonly limits: KnownRowLimits,
    private readonly weightOf: (row: Row) => number,
  ) {}

  get(accountId: number, id: string): KnownRow<Row, Built> | undefined {
    return this.rows.get(knownKey(accountId, id));
  }

  /** Keeps `row` as the newest (instead of what was kept of it); answers it as kept. */
  set(row: Row): KnownRow<Row, Built> {
    const rowKey = knownKey(row.account_id, row.id);
    const known: KnownRow<Row, Built> = { row, weight: this.weightOf(row) };
    this.delete(rowKey);
    if (known.weight > this.limits.weight) return known;
    // Inserted last, so that the map's order is the order rows were kept and the first the oldest.
    this.rows.set(rowKey, known);
    this.weight += known.weight;
    for (const oldest of this.rows.keys()) {
      if (this.rows.size <= this.limits.rows && this.weight <= this.limits.weight) break;
      this.delete(oldest);
    }
    return known;
  }

  clear(): void {
    this.rows.clear();
    this.weight = 0;
  }

  /** How many rows are kept, and their weights added up. */
  size(): { rows: number; weight: number } {
    return { rows: this.rows.size, weight: this.weight };
  }

  private delete(rowKey: string): void {
    const known = this.rows.get(rowKey);
    if (known === undefined) return;
    this.rows.delete(rowKey);
    this.weight -= known.weight;
  }
}

/** The key a row of `id` in the account is kept under (also for facts kept beside the rows). */
export function knownKey(accountId: number, id: string): string {
  return `${accountId}\u0000${id}`;
}
