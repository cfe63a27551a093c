import { describe, expect, it } from 'vitest';
import { indexMatchesDocuments } from '../../../tests/support/searchIndex';
import { migrate, openDatabase } from '../database';
import { searchCache } from '../search';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 260);

describe('migration 0260: unspaced scripts split into characters in the search index', () => {
  it('finds a word inside the runs cached before it, indexed or waiting for the batch', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    const store = new CacheStore(db);
    const ann = store.accountId({ serverUrl: 'https://a.example', userName: 'ann' });
    for (const id of ['zh', 'ja', 'en', 'late'])
      store.upsertInteraction(
        ann,
        { id, channel: 'chat', state: 'Accepted', capabilities: [], userData: {} },
        1_000,
      );
    // As the store of 0250 wrote them: the text as it came, indexed up to the mark.
    const put = db.prepare(
      "INSERT INTO search_documents (account_id, interaction_id, kind, ref, body) VALUES (?, ?, 'chat', '1', ?)",
    );
    const documents: [string, string][] = [
      ['zh', 'Customer: 我想退货，谢谢'],
      ['ja', 'Customer: お荷物が届きません'],
      ['en', 'Customer: where is my parcel'],
    ];
    for (const [id, body] of documents) {
      const { lastInsertRowid } = put.run(ann, id, body);
      db.prepare('INSERT INTO search_index (rowid, body) VALUES (?, ?)').run(lastInsertRowid, body);
    }
    db.prepare(
      'UPDATE search_index_progress SET indexed_through = (SELECT max(rowid) FROM search_documents)',
    ).run();
    // Stored just before a crash: above the mark, not indexed yet.
    put.run(ann, 'late', 'Customer: 发票在哪里');
    expect(searchCache(db, { text: '退货' })).toEqual([]);

    migrate(db);
    const found = (text: string) => searchCache(db, { text }).map((hit) => hit.interaction.id);
    expect(found('退货')).toEqual(['zh']);
    expect(found('届きません')).toEqual(['ja']);
    expect(found('parcel')).toEqual(['en']);
    // The one waiting is indexed by the writer's next batch, split as the others are.
    expect(found('发票')).toEqual([]);
    expect(store.indexSearchDocuments()).toBe(1);
    indexMatchesDocuments(db);
    expect(found('发票')).toEqual(['late']);
    db.close();
  });
});
