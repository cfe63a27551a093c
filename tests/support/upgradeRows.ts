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

/** Every table's columns (but the search index's), to read their rows with after an upgrade. */
export function tableColumns(db: Database): [string, string[]][] {
  return (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_index%' ORDER BY name",
      )
      .pluck()
      .all() as string[]
  ).map((table) => [table, columnsOf(db, table)]);
}
