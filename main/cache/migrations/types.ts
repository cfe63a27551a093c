import type { Database } from 'better-sqlite3';

/** One step of the schema; `version` grows in steps of 10 and is kept in `PRAGMA user_version`. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}
