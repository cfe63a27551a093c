import { decodeEncodedWords } from '../../../common/encodedWords';
import { searchableText } from '../searchText';
import type { Migration } from './types';

/** The columns that keep an e-mail's subject as the server gave it, decoded since. */
const SUBJECT_COLUMNS = [
  'interactions',
  'emails',
  'workbin_entries',
  'contact_history_entries',
] as const;

/**
 * The subjects cached before the normalizer decoded RFC 2047 encoded words (`=?UTF-8?B?…?=`),
 * decoded as it does now, so that the lists show the words and not the code until the server
 * sends the e-mail again; and the search documents that hold them (an e-mail's, its parties')
 * made again with the words, so that search finds them. Only values holding `=?` are read; a
 * word that does not decode stays as it was (decodeEncodedWords). An indexed document leaves
 * the index with its old text (FTS5 external content needs it) and comes back with the new; one
 * still waiting for the writer's batch (above the mark of migration 0070) is indexed by it.
 */
export const migration0270: Migration = {
  version: 270,
  name: 'decoded subjects',
  up: (db) => {
    for (const table of SUBJECT_COLUMNS) {
      const encoded = db
        .prepare(`SELECT rowid, subject FROM ${table} WHERE instr(subject, '=?') > 0`)
        .all() as { rowid: number; subject: string }[];
      const rewrite = db.prepare(`UPDATE ${table} SET subject = ? WHERE rowid = ?`);
      for (const { rowid, subject } of encoded) {
        const decoded = decodeEncodedWords(subject);
        if (decoded !== subject) rewrite.run(decoded, rowid);
      }
    }
    const through = db
      .prepare('SELECT indexed_through FROM search_index_progress WHERE id = 1')
      .pluck()
      .get() as number;
    const documents = db
      .prepare("SELECT rowid, body FROM search_documents WHERE instr(body, '=?') > 0")
      .all() as { rowid: number; body: string }[];
    const unindex = db.prepare(
      "INSERT INTO search_index (search_index, rowid, body) VALUES ('delete', ?, ?)",
    );
    const rewrite = db.prepare('UPDATE search_documents SET body = ? WHERE rowid = ?');
    const index = db.prepare('INSERT INTO search_index (rowid, body) VALUES (?, ?)');
    for (const { rowid, body } of documents) {
      const decoded = searchableText(decodeEncodedWords(body));
      if (decoded === body) continue;
      const indexed = rowid <= through;
      if (indexed) unindex.run(rowid, body);
      rewrite.run(decoded, rowid);
      if (indexed) index.run(rowid, decoded);
    }
  },
};
