import type { Database, Statement } from 'better-sqlite3';

/**
 * What every store of the cache shares: its connection and its statements, each prepared once
 * per connection on first use (preparing costs more than most of the statements' runs).
 */
export abstract class PreparedStatements {
  private readonly statements = new Map<string, Statement>();

  constructor(readonly db: Database) {}

  /** The statement for `sql`, prepared on first use. A statement that fails to prepare is not kept. */
  protected statement(sql: string): Statement {
    let prepared = this.statements.get(sql);
    if (prepared === undefined) {
      prepared = this.db.prepare(sql);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  /** The schema version last read (it never goes back): read again only while it is short. */
  private knownSchemaVersion = 0;

  /**
   * Whether the cache's schema has reached `version`: a store runs on caches its migrations
   * brought up to date, but the migration tests hold older ones, made by the stores of today.
   */
  protected atLeast(version: number): boolean {
    if (this.knownSchemaVersion < version)
      this.knownSchemaVersion = this.db.pragma('user_version', { simple: true }) as number;
    return this.knownSchemaVersion >= version;
  }

  /** Drops the prepared statements (before the connection closes). */
  protected forgetStatements(): void {
    this.statements.clear();
  }
}
