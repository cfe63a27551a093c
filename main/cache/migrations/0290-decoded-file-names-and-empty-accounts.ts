import { shownFileName } from '../../../common/encodedWords';
import { withoutMatchMarks } from '../../../common/searchSnippet';
import { removeEmptyAccounts } from '../emptyAccounts';
import { searchableText } from '../searchText';
import type { Migration } from './types';

/**
 * Two repairs of what older versions left in the cache.
 *
 * The attachments' names cached before the normalizer decoded RFC 2047 encoded words
 * (`=?UTF-8?B?…?=`), made as it makes them now (shownFileName), so that the list shows the
 * name and not the code, and "Save as" offers it (sanitized there, as for any name: a decoded
 * `../x` or NUL is a name, never a path). The file already downloaded stays where it is
 * (`local_path`). An interaction whose names changed gets its `files` search document written
 * again as the store writes it; an indexed one leaves the index with its old text (FTS5
 * external content needs it) and comes back with the new; one still waiting for the writer's
 * batch (above the mark of migration 0070) is indexed by it.
 *
 * Then the account rows that hold nothing (removeEmptyAccounts): a sign-in made one before the
 * server answered, so refused ones (a password typed as the user name) left names behind.
 */
export const migration0290: Migration = {
  version: 290,
  name: 'decoded file names and no empty accounts',
  up: (db) => {
    const encoded = db
      .prepare(
        `SELECT rowid, account_id, interaction_id, id, name FROM attachments
         WHERE instr(name, '=?') > 0 ORDER BY rowid`,
      )
      .all() as {
      rowid: number;
      account_id: number;
      interaction_id: string;
      id: string;
      name: string;
    }[];
    const rename = db.prepare('UPDATE attachments SET name = ? WHERE rowid = ?');
    const renamedIn = new Map<string, { accountId: number; interactionId: string }>();
    for (const row of encoded) {
      const decoded = shownFileName(row.name, row.id);
      if (decoded === row.name) continue;
      rename.run(decoded, row.rowid);
      renamedIn.set(JSON.stringify([row.account_id, row.interaction_id]), {
        accountId: row.account_id,
        interactionId: row.interaction_id,
      });
    }
    const through = db
      .prepare('SELECT indexed_through FROM search_index_progress WHERE id = 1')
      .pluck()
      .get() as number;
    const names = db
      .prepare(
        'SELECT name FROM attachments WHERE account_id = ? AND interaction_id = ? ORDER BY rowid',
      )
      .pluck();
    const document = db.prepare(
      `SELECT rowid, body FROM search_documents
       WHERE account_id = ? AND interaction_id = ? AND kind = 'email' AND ref = 'files'`,
    );
    const unindex = db.prepare(
      "INSERT INTO search_index (search_index, rowid, body) VALUES ('delete', ?, ?)",
    );
    const rewrite = db.prepare('UPDATE search_documents SET body = ? WHERE rowid = ?');
    const index = db.prepare('INSERT INTO search_index (rowid, body) VALUES (?, ?)');
    for (const { accountId, interactionId } of renamedIn.values()) {
      const stored = document.get(accountId, interactionId) as
        { rowid: number; body: string } | undefined;
      if (stored === undefined) continue;
      const listed = names.all(accountId, interactionId) as string[];
      const body = searchableText(withoutMatchMarks(listed.join('\n')));
      if (body === stored.body) continue;
      const indexed = stored.rowid <= through;
      if (indexed) unindex.run(stored.rowid, stored.body);
      rewrite.run(body, stored.rowid);
      if (indexed) index.run(stored.rowid, body);
    }
    removeEmptyAccounts(db);
  },
};
