import type { Database } from 'better-sqlite3';

/**
 * Tables keyed by `account_id` that only say how the cache's derived data was made (which
 * htmlToText made the search documents), not anything of the account's: a row there alone is
 * nothing to keep.
 */
const BOOKKEEPING_TABLES: readonly string[] = ['html_text_versions'];

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Removes the account rows that hold nothing: no row of any table keyed by `account_id`
 * (interactions, password verifier, settings, sealed password, drafts, …: every such table of
 * the schema, found in it, so that one added later counts too) names them, nor is it the desk's
 * last account. A sign-in made such a row before the server answered, so a refused one (a
 * password typed as the user name) left its name in the cache. With `only`, that account alone.
 * Answers how many rows were removed.
 */
export function removeEmptyAccounts(
  db: Database,
  only?: { readonly serverUrl: string; readonly userName: string },
): number {
  const keyedTables = db
    .prepare(
      `SELECT m.name FROM sqlite_schema m
       WHERE m.type = 'table'
         AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'account_id')
       ORDER BY m.name`,
    )
    .pluck()
    .all() as string[];
  const holdsNothing = keyedTables
    .filter((table) => !BOOKKEEPING_TABLES.includes(table))
    .map((table) => `NOT EXISTS (SELECT 1 FROM ${quoted(table)} t WHERE t.account_id = a.id)`);
  const chosen = only === undefined ? '' : 'AND a.server_url = ? AND a.user_name = ?';
  const empty = db
    .prepare(
      `SELECT a.id FROM accounts a
       WHERE ${[...holdsNothing, '1'].join(' AND ')}
         AND NOT EXISTS (
           SELECT 1 FROM last_account l
           WHERE l.server_url = a.server_url AND l.user_name = a.user_name)
         ${chosen}`,
    )
    .pluck()
    .all(...(only === undefined ? [] : [only.serverUrl, only.userName])) as number[];
  const bookkeeping = keyedTables
    .filter((table) => BOOKKEEPING_TABLES.includes(table))
    .map((table) => db.prepare(`DELETE FROM ${quoted(table)} WHERE account_id = ?`));
  const remove = db.prepare('DELETE FROM accounts WHERE id = ?');
  for (const id of empty) {
    for (const statement of bookkeeping) statement.run(id);
    remove.run(id);
  }
  return empty.length;
}
