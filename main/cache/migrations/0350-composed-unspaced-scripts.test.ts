import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  acceptedSnapshot as snapshot,
  indexMatchesDocuments,
} from '../../../tests/support/searchIndex';
import { latestVersion, migrate, openDatabase } from '../database';
import { searchCache } from '../search';
import { CacheStore } from '../store';
import { CHARACTER_BREAK } from '../searchText';
import { MIGRATIONS } from './index';
import { bracketed } from '../../../common/searchSnippet';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 350);

/** searchableText as it was before 0350: the breaks put in, nothing composed. */
const UNSPACED = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}`;
const BETWEEN_BEFORE = new RegExp(
  `(?<=[${UNSPACED}]\\p{M}*)(?=[\\p{L}\\p{N}])|(?<=[\\p{L}\\p{N}\\p{M}])(?=(?!\\p{M})[${UNSPACED}])`,
  'gu',
);

function found(db: Database, text: string): string[] {
  return searchCache(db, { text })
    .map((hit) => hit.interaction.id)
    .sort();
}

/** The snippet of the one hit of `text`, its match in brackets. */
const snippet = (db: Database, text: string) =>
  searchCache(db, { text })
    .map((hit) => bracketed(hit.snippet))
    .join(' | ');

const bodies = (db: Database) =>
  db.prepare('SELECT body FROM search_documents ORDER BY rowid').pluck().all() as string[];

/**
 * A cache at 330 as older versions wrote it: chat lines and a file name in Korean and Japanese
 * written decomposed, their documents split as they came (the breaks between the parts of each
 * character), indexed; and lines whose documents need nothing.
 */
function cacheBefore(db: Database): void {
  const store = new CacheStore(db);
  const ann = store.accountId({ serverUrl: 'https://a.example', userName: 'ann' });
  store.deferSearchIndexing();
  store.transaction(() => {
    const line = (id: string, text: string) => {
      store.upsertInteraction(ann, snapshot(id, 'chat'), 1);
      store.addChatEvents(ann, id, [
        { eventId: 1, kind: 'message', authorName: 'Customer', text, at: 1 },
      ]);
    };
    line('ko', '환불요청서 보내드립니다'.normalize('NFD'));
    line('ja', 'データが壊れています'.normalize('NFD'));
    line('zh', '我想退货，谢谢');
    line('en', 'cafe\u0301 au lait');
    line('nul', 'my parcel\u0000 was lost, refund please');
    line('shy', 'die Auftrags\u00ADnummer fehlt');
    store.upsertInteraction(ann, snapshot('mail', 'email'), 2);
    store.upsertAttachment(ann, 'mail', { id: 'f1', name: '견적서.pdf'.normalize('NFD') });
  });
  // The documents as the searchableText of then made them.
  const rewrite = db.prepare('UPDATE search_documents SET body = ? WHERE rowid = ?');
  for (const { rowid, body } of db.prepare('SELECT rowid, body FROM search_documents').all() as {
    rowid: number;
    body: string;
  }[])
    rewrite.run(
      body
        .replaceAll(CHARACTER_BREAK, '')
        .normalize('NFD')
        .replace(BETWEEN_BEFORE, CHARACTER_BREAK),
      rowid,
    );
  // A NUL was kept as it came.
  db.prepare(
    "UPDATE search_documents SET body = ? WHERE interaction_id = 'nul' AND kind = 'chat'",
  ).run('Customer: my parcel\u0000 was lost, refund please');
  // A soft hyphen too.
  db.prepare(
    "UPDATE search_documents SET body = ? WHERE interaction_id = 'shy' AND kind = 'chat'",
  ).run('Customer: die Auftrags\u00ADnummer fehlt');
  store.indexSearchDocuments();
}

describe('migration 0350: Korean and Japanese cached decomposed are found as typed, a NUL is a space, a soft hyphen goes', () => {
  it('makes their documents again composed, in the index too, and leaves the others', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    cacheBefore(db);
    expect(found(db, '환불')).toEqual([]);
    expect(found(db, 'データ')).toEqual([]);
    expect(found(db, '견적서')).toEqual([]);
    expect(snippet(db, 'refund')).toBe('Customer: my parcel[refund] please');
    expect(found(db, 'Auftragsnummer')).toEqual([]);
    const before = bodies(db);

    migrate(db);

    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(found(db, '환불')).toEqual(['ko']);
    expect(found(db, '환불요청서')).toEqual(['ko']);
    expect(found(db, 'データ')).toEqual(['ja']);
    expect(found(db, '견적서')).toEqual(['mail']);
    expect(found(db, '退货')).toEqual(['zh']);
    expect(found(db, 'café')).toEqual(['en']);
    expect(snippet(db, 'refund')).toBe('Customer: my parcel  was lost, [refund] please');
    expect(found(db, 'Auftragsnummer')).toEqual(['shy']);
    indexMatchesDocuments(db);
    const after = bodies(db);
    // Only the decomposed ones, the NUL's and the soft hyphen's changed; Chinese and the Latin line are as they were.
    expect(after.filter((body, index) => body !== before[index])).toHaveLength(5);
    expect(after).toContain(before.find((body) => body.includes('退')));
    expect(after.find((body) => body.includes('cafe'))).toBe('Customer: cafe\u0301 au lait');
    db.close();
  });
});
