import type { Database } from 'better-sqlite3';

/** The columns of a table as the schema has them now. */
export function columnsOf(db: Database, table: string): string[] {
  return (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map(
    (column) => column.name,
  );
}

/**
 * A table's rows read with `columns` only (the columns it had before an upgrade, from
 * {@link columnsOf}): an upgrade test compares what its own migration changed, while the columns
 * later migrations add are each checked by their own migration's test. `order` as in SQL.
 */
export function rowsIn(
  db: Database,
  table: string,
  columns: readonly string[],
  order?: string,
): unknown[] {
  const list = columns.map((column) => `"${column}"`).join(', ');
  return db
    .prepare(`SELECT ${list} FROM "${table}"${order === undefined ? '' : ` ORDER BY ${order}`}`)
    .all();
}
