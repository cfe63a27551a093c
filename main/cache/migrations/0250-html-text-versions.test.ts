import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { EmailContent } from '../../../common/model';
import { HTML_TEXT_VERSION } from '../../../common/htmlText';
import {
  acceptedSnapshot as snapshot,
  indexMatchesDocuments,
} from '../../../tests/support/searchIndex';
import { columnsOf, rowsIn } from '../../../tests/support/upgradeRows';
import { reindexHtmlMail } from '../../workstation/htmlReindex';
import { latestVersion, migrate, openDatabase } from '../database';
import { searchCache } from '../search';
import { CacheStore, HTML_ONLY_EMAILS_SQL } from '../store';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 250);
const ACCOUNT = { serverUrl: 'https://a.example', userName: 'ann' };
/** Two cells: an older htmlToText ran their words together ("WombatZeppelin"). */
const CELLS = '<table><tr><td>Wombat</td><td>Zeppelin</td></tr></table>';
const HTML_ONLY: EmailContent = {
  from: 'maria@example.com',
  to: ['support@example.com'],
  cc: [],
  subject: 'Order 7',
  text: '',
  html: CELLS,
  attachments: [],
};
const quiet = { debug: () => undefined, warn: () => undefined };

function found(db: Database, words: string): string[] {
  return searchCache(db, { text: words }).map((hit) => hit.interaction.id);
}

describe('migration 0250: which htmlToText made the HTML-only e-mails’ words', () => {
  it('records a version per account, a pass under way, gone with its account (:memory:)', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const ann = store.accountId(ACCOUNT);
    expect(db.prepare('SELECT count(*) FROM html_text_versions').pluck().get()).toBe(0);
    // None recorded: older than any version.
    expect(store.htmlTextProgress(ann)).toEqual({ version: 0 });
    store.redoHtmlSearchDocuments(ann, 3, [], 'e-5');
    expect(store.htmlTextProgress(ann)).toEqual({
      version: 0,
      pass: { version: 3, through: 'e-5' },
    });
    store.redoHtmlSearchDocuments(ann, 3, [], undefined);
    expect(store.htmlTextProgress(ann)).toEqual({ version: 3 });
    // Another connection's pass to 3 (listen beside the desk) ends after this one: no change.
    store.redoHtmlSearchDocuments(ann, 3, [], 'e-9');
    expect(store.htmlTextProgress(ann)).toEqual({ version: 3 });
    // A pass to a version not newer than the recorded one, or half a pass, is refused.
    expect(() =>
      db.prepare('UPDATE html_text_versions SET redoing = 3, redone_through = ?').run('x'),
    ).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE html_text_versions SET redone_through = ?').run('x')).toThrow(
      /CHECK/,
    );
    db.prepare('DELETE FROM accounts WHERE id = ?').run(ann);
    expect(db.prepare('SELECT count(*) FROM html_text_versions').pluck().get()).toBe(0);
    db.close();
  });

  it('reads each batch of e-mails from where the last one ended, not from the first (:memory:)', () => {
    const db = openDatabase(':memory:');
    const plan = (sql: string) =>
      (
        db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({
          accountId: 1,
          spaces: ' ',
          ...(sql.includes('@after') ? { after: 'e-5' } : {}),
        }) as {
          detail: string;
        }[]
      ).map((step) => step.detail);
    // A seek in the primary key to the batch's first e-mail, in its order: no sort, no scan.
    expect(plan(HTML_ONLY_EMAILS_SQL.after)).toEqual([
      'SEARCH emails USING INDEX sqlite_autoindex_emails_1 (account_id=? AND interaction_id>?)',
    ]);
    expect(plan(HTML_ONLY_EMAILS_SQL.first)).toEqual([
      'SEARCH emails USING INDEX sqlite_autoindex_emails_1 (account_id=?)',
    ]);
    db.close();
  });

  it('upgrades a cache at 240 holding mail: nothing lost, the old words made again after', async () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    const store = new CacheStore(db);
    const ann = store.accountId(ACCOUNT);
    store.transaction(() => {
      store.upsertInteraction(ann, snapshot('chat-1', 'chat'), 1_000);
      store.addChatEvents(ann, 'chat-1', [
        { eventId: 1, kind: 'message', authorName: 'Maria', text: 'my parcel never arrived' },
      ]);
      store.upsertInteraction(ann, snapshot('html-only', 'email'), 2_000);
      // Its words as an older htmlToText made them: the two cells run together.
      store.putEmail(ann, 'html-only', HTML_ONLY, (html) => html.replace(/<[^>]*>/gu, ''));
      store.upsertInteraction(ann, snapshot('with-text', 'email'), 3_000);
      store.putEmail(ann, 'with-text', { ...HTML_ONLY, text: 'Please resend it.' });
    });
    expect(db.pragma('user_version', { simple: true })).toBe(240);
    const tables = ['interactions', 'chat_messages', 'emails', 'search_documents'];
    const columns = tables.map((table) => [table, columnsOf(db, table)] as const);
    const everything = () => columns.map(([table, names]) => rowsIn(db, table, names, '1, 2'));
    const before = everything();
    expect(found(db, 'Zeppelin')).toEqual([]);

    migrate(db);

    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(everything()).toEqual(before);
    const upgraded = new CacheStore(db);
    expect(upgraded.htmlTextProgress(ann)).toEqual({ version: 0 });

    // The reindex the desk runs once the cache is open: the cells' words found, apart.
    const result = await reindexHtmlMail({
      store: upgraded,
      accountId: ann,
      log: quiet,
      stopped: () => false,
    });
    expect(result).toEqual({ made: 1, changed: 1, skipped: 0 });
    expect(found(db, 'Zeppelin')).toEqual(['html-only']);
    expect(found(db, 'WombatZeppelin')).toEqual([]);
    expect(upgraded.htmlTextProgress(ann)).toEqual({ version: HTML_TEXT_VERSION });
    // Only the HTML-only e-mail's document changed.
    const after = everything();
    expect(after.slice(0, 3)).toEqual(before.slice(0, 3));
    const documents = (rows: unknown) =>
      (rows as { interaction_id: string }[]).filter((row) => row.interaction_id !== 'html-only');
    expect(documents(after[3])).toEqual(documents(before[3]));
    expect(found(db, 'parcel')).toEqual(['chat-1']);
    indexMatchesDocuments(db);
    db.close();
  });
});
