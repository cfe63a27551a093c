import { z } from 'zod';
import { fromNameOf } from '../../../common/mailSenders';
import { withoutMatchMarks } from '../../../common/searchSnippet';
import { partiesText } from '../partiesText';
import { searchableText } from '../searchText';
import { storedJson } from '../storedJson';
import { indexDocumentsWrittenBy } from './newSearchDocuments';
import type { Migration } from './types';

const UserDataSchema = z.record(z.string(), z.unknown());
const StringsSchema = z.array(z.unknown());

/**
 * The parties search documents of e-mails whose sender gives a name (`FromPersonal`), made
 * again with that name: the lists show "Annika Brandvold" for ann@example.com, and searching for
 * the name found nothing, offline as online, as the document held the address alone. Only rows
 * whose attached data holds `FromPersonal` are read. An indexed document leaves the index with
 * its old text (FTS5 external content needs it) and comes back with the new; one not indexed yet
 * (above the mark of migration 0070), or made here for a sender who had no document at all, is
 * indexed with the others waiting, as the writer's next batch would.
 */
export const migration0310: Migration = {
  version: 310,
  name: 'searchable sender names',
  up: (db) => {
    const named = db
      .prepare(
        `SELECT account_id, id, channel, subject, from_address, to_addresses, user_data
         FROM interactions WHERE channel <> 'chat' AND instr(user_data, 'FromPersonal') > 0`,
      )
      .all() as {
      account_id: number;
      id: string;
      channel: string;
      subject: string | null;
      from_address: string | null;
      to_addresses: string;
      user_data: string;
    }[];
    if (named.length === 0) return;
    const through = db
      .prepare('SELECT indexed_through FROM search_index_progress WHERE id = 1')
      .pluck()
      .get() as number;
    const existing = db.prepare(
      "SELECT rowid, body FROM search_documents WHERE account_id = ? AND interaction_id = ? AND kind = 'parties' AND ref = ''",
    );
    const joined = db
      .prepare(
        `SELECT author_name FROM chat_messages WHERE account_id = ? AND interaction_id = ?
         AND kind = 'joined' AND author_name IS NOT NULL ORDER BY event_id`,
      )
      .pluck();
    const unindex = db.prepare(
      "INSERT INTO search_index (search_index, rowid, body) VALUES ('delete', ?, ?)",
    );
    const rewrite = db.prepare('UPDATE search_documents SET body = ? WHERE rowid = ?');
    const index = db.prepare('INSERT INTO search_index (rowid, body) VALUES (?, ?)');
    const insert = db.prepare(
      "INSERT INTO search_documents (account_id, interaction_id, kind, ref, body) VALUES (?, ?, 'parties', '', ?)",
    );
    indexDocumentsWrittenBy(db, () => {
      for (const row of named) {
        const name = fromNameOf(
          row.channel,
          storedJson(row.user_data, UserDataSchema) ?? {},
          row.from_address,
        );
        if (name === undefined) continue;
        const to = (storedJson(row.to_addresses, StringsSchema) ?? []).filter(
          (address): address is string => typeof address === 'string',
        );
        const body = searchableText(
          withoutMatchMarks(
            partiesText({
              subject: row.subject,
              fromName: name,
              from: row.from_address,
              to,
              joined: joined.all(row.account_id, row.id) as string[],
            }),
          ),
        );
        const document = existing.get(row.account_id, row.id) as
          { rowid: number; body: string } | undefined;
        if (document === undefined) {
          insert.run(row.account_id, row.id, body);
          continue;
        }
        if (document.body === body) continue;
        const indexed = document.rowid <= through;
        if (indexed) unindex.run(document.rowid, document.body);
        rewrite.run(body, document.rowid);
        if (indexed) index.run(document.rowid, body);
      }
    });
  },
};
