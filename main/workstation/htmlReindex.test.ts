import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HTML_TEXT_VERSION, htmlToText } from '../../common/htmlText';
import type { EmailContent } from '../../common/model';
import {
  acceptedSnapshot as snapshot,
  indexMatchesDocuments,
} from '../../tests/support/searchIndex';
import { openDatabase } from '../cache/database';
import { searchCache } from '../cache/search';
import { SearchClient } from '../cache/searchClient';
import { CacheStore } from '../cache/store';
import type { WorkstationLog } from './attachments';
import { CacheWriter } from './cacheWriter';
import { reindexHtmlMail } from './htmlReindex';
import { BUILT_SEARCH_WORKER } from '../../tests/support/buildCli';

// An HTML-only e-mail is found by the words htmlToText makes of its HTML. Mail cached before
// that converter changed keeps the document the old one made until the desk makes it again;
// these caches hold such documents, written as an older htmlToText wrote them, on a real file,
// with the real search worker.

const ACCOUNT = { serverUrl: 'https://gws.example', userName: 'ann' };
const quiet: WorkstationLog = { debug: () => undefined, warn: () => undefined };

/**
 * A newsletter-like HTML-only e-mail: a hidden preheader, two table cells, a named reference.
 * The current htmlToText drops the preheader, keeps the cells apart and decodes `&eacute;`.
 */
function htmlOf(n: number): string {
  return `<html><body><div style="display:none">Preheader${n} hidden</div>
<table><tr><td>Wombat${n}</td><td>Zeppelin</td></tr></table>
<p>Caf&eacute; order ${n}: ${'the parcel left our warehouse today. '.repeat(40)}</p></body></html>`;
}

/** What an older htmlToText made of such HTML: tags dropped, cells run together, `&eacute;` kept. */
function oldHtmlToText(html: string): string {
  return html.replace(/<[^>]*>/gu, '');
}

function email(n: number, text = ''): EmailContent {
  return {
    from: `customer${n}@example.com`,
    to: ['support@example.com'],
    cc: [],
    subject: `Order ${n}`,
    text,
    html: htmlOf(n),
    attachments: [],
  };
}

/** The e-mail ids a cache of `count` HTML-only e-mails holds, in the order of their keys. */
function idOf(n: number): string {
  return `e-${String(n).padStart(5, '0')}`;
}

let folder: string;
let dbPath: string;
const closers: (() => Promise<void> | void)[] = [];

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'switchboard-html-reindex-'));
  dbPath = join(folder, 'cache.sqlite');
});

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  rmSync(folder, { recursive: true, force: true });
});

/**
 * A cache file as a build before the current htmlToText left it: `count` HTML-only e-mails with
 * the old words, and `extra` stored before they are closed. Answers the account's id.
 */
function oldCache(count: number, extra?: (store: CacheStore, accountId: number) => void): number {
  const db = openDatabase(dbPath);
  const store = new CacheStore(db);
  const accountId = store.accountId(ACCOUNT);
  store.transaction(() => {
    for (let n = 0; n < count; n += 1) {
      store.upsertInteraction(accountId, snapshot(idOf(n), 'email'), 1_000 + n);
      store.putEmail(accountId, idOf(n), email(n), oldHtmlToText);
    }
    extra?.(store, accountId);
  });
  db.close();
  return accountId;
}

/** The cache opened as the desk opens it: its store, and a writer (with the search worker). */
async function open(options: { readonly worker: boolean; readonly log?: WorkstationLog }) {
  const db = openDatabase(dbPath);
  const store = new CacheStore(db);
  closers.push(() => {
    if (db.open) db.close();
  });
  const worker = options.worker
    ? await SearchClient.start(dbPath, { workerUrl: BUILT_SEARCH_WORKER })
    : undefined;
  if (worker !== undefined) closers.push(() => worker.close());
  const writer = new CacheWriter({
    store,
    account: ACCOUNT,
    attachmentsDir: join(folder, 'attachments'),
    log: options.log ?? quiet,
    searchClient: {
      search: (query) => Promise.resolve(searchCache(db, query)),
      ...(worker === undefined ? {} : { textOfHtml: (html: string) => worker.textOfHtml(html) }),
    },
  });
  closers.push(() => writer.close());
  return { db, store, writer };
}

/** How many documents the full-text index finds `word` in (all of them, not a page of hits). */
function matches(db: Database, word: string): number {
  return db
    .prepare('SELECT count(*) FROM search_index WHERE search_index MATCH ?')
    .pluck()
    .get(`"${word}"`) as number;
}

/** `PRAGMA data_version` of a connection of its own: it changes when another one commits. */
function commitsSeenBy(db: Database): () => number {
  return () => db.pragma('data_version', { simple: true }) as number;
}

/** The main thread's CPU time so far, in ms (the time it ran; not the time it waited for a core). */
function threadCpuMs(): number {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
}

/**
 * Runs `work` with a 1 ms interval ticking beside it and answers the longest the main thread ran
 * between two ticks (its longest block of the event loop) in CPU time, as
 * tests/gws/htmlOnlyMail.test.ts measures it: wall-clock time would count the moments a loaded
 * machine gave the core to other processes.
 */
async function longestBlock(work: () => Promise<unknown>): Promise<number> {
  let last = threadCpuMs();
  let longest = 0;
  const tick = () => {
    const cpu = threadCpuMs();
    longest = Math.max(longest, cpu - last);
    last = cpu;
  };
  const probe = setInterval(tick, 1);
  try {
    await work();
    tick();
  } finally {
    clearInterval(probe);
  }
  return longest;
}

describe('the words of HTML-only mail cached before the current htmlToText', () => {
  it('are made again once, on the worker: found by the new words, e-mails with text untouched', async () => {
    const accountId = oldCache(3, (store, account) => {
      // A text part of white space only is none (emailWords): its words are its HTML's.
      store.upsertInteraction(account, snapshot('blank-text', 'email'), 5_000);
      store.putEmail(account, 'blank-text', email(3, '\u00a0\n '), oldHtmlToText);
      // Cached before HTML-only mail was searched by its HTML (8177dfa): its subject alone.
      store.upsertInteraction(account, snapshot('subject-only', 'email'), 5_500);
      store.putEmail(account, 'subject-only', email(5), () => '');
      // A text part: its words are its own, whatever its HTML says.
      store.upsertInteraction(account, snapshot('with-text', 'email'), 6_000);
      store.putEmail(account, 'with-text', email(4, 'Please resend the invoice.'));
    });
    const warnings: string[] = [];
    const log = { debug: () => undefined, warn: (line: string) => warnings.push(line) };
    const { db, store, writer } = await open({ worker: true, log });
    const document = db.prepare(
      "SELECT rowid, body FROM search_documents WHERE interaction_id = ? AND kind = 'email' AND ref = ''",
    );
    const withText = document.get('with-text');
    expect(matches(db, 'Zeppelin')).toBe(0);
    expect(matches(db, 'Wombat5')).toBe(0);
    expect(matches(db, 'Preheader1')).toBe(1);

    expect(await writer.reindexHtmlMail()).toEqual({ made: 5, changed: 5, skipped: 0 });

    const found = async (words: string) =>
      (await writer.search(words)).map((hit) => hit.interaction.id).sort();
    expect(await found('Zeppelin')).toEqual([
      'blank-text',
      idOf(0),
      idOf(1),
      idOf(2),
      'subject-only',
    ]);
    expect(await found('Wombat1')).toEqual([idOf(1)]);
    expect(await found('café order')).toEqual([
      'blank-text',
      idOf(0),
      idOf(1),
      idOf(2),
      'subject-only',
    ]);
    // The hidden preheader the agent never saw is not found any more.
    expect(await found('Preheader1')).toEqual([]);
    expect(document.get('with-text')).toEqual(withText);
    expect(await found('invoice')).toEqual(['with-text']);
    expect(store.htmlTextProgress(accountId)).toEqual({ version: HTML_TEXT_VERSION });
    indexMatchesDocuments(db);
    await writer.close();

    // The next start finds the record current: it reads no e-mail and writes nothing.
    const again = await open({ worker: true, log });
    const commits = commitsSeenBy(db);
    const before = commits();
    expect(await again.writer.reindexHtmlMail()).toEqual({ made: 0, changed: 0, skipped: 0 });
    expect(commits()).toBe(before);
    expect(warnings).toEqual([]);
  });

  it('stops at close between batches and resumes there at the next start', async () => {
    const count = 300;
    const accountId = oldCache(count);
    const first = await open({ worker: false });
    const stopped = first.writer.reindexHtmlMail();
    await vi.waitFor(
      () => {
        expect(first.store.htmlTextProgress(accountId).pass).toBeDefined();
      },
      { timeout: 10_000, interval: 1 },
    );
    await first.writer.close();
    expect(await stopped).toBeUndefined();
    const progress = first.store.htmlTextProgress(accountId);
    const through = progress.pass?.through ?? '';
    expect(progress).toEqual({ version: 0, pass: { version: HTML_TEXT_VERSION, through } });
    expect(through < idOf(count - 1)).toBe(true);
    // Stopped: nothing more is written.
    const commits = commitsSeenBy(first.db);
    const before = commits();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(commits()).toBe(before);
    // The first batch's e-mails are found by their new words already.
    expect(matches(first.db, 'Wombat0')).toBe(1);

    const second = await open({ worker: false });
    const done = Number(through.slice(2)) + 1;
    expect(await second.writer.reindexHtmlMail()).toEqual({
      made: count - done,
      changed: count - done,
      skipped: 0,
    });
    await second.writer.close();
    expect(matches(second.db, 'Zeppelin')).toBe(count);
    expect(second.store.htmlTextProgress(accountId)).toEqual({ version: HTML_TEXT_VERSION });
    indexMatchesDocuments(second.db);
  });

  it('skips an e-mail whose text cannot be made, with a log line, and finishes the rest', async () => {
    const accountId = oldCache(5);
    const db = openDatabase(dbPath);
    closers.push(() => {
      db.close();
    });
    const store = new CacheStore(db);
    const warnings: string[] = [];
    const result = await reindexHtmlMail({
      store,
      accountId,
      log: { debug: () => undefined, warn: (line) => warnings.push(line) },
      stopped: () => false,
      makeText: (html) => {
        if (html === htmlOf(2)) throw new RangeError('Invalid string length');
        return oldHtmlToText(html).toUpperCase();
      },
    });
    expect(result).toEqual({ made: 4, changed: 4, skipped: 1 });
    expect(warnings).toEqual([
      `search: the words of e-mail ${idOf(2)} could not be made again (Invalid string length); it keeps its old ones`,
    ]);
    expect(matches(db, 'WOMBAT1ZEPPELIN')).toBe(1);
    expect(matches(db, 'Wombat2Zeppelin')).toBe(1);
    expect(store.htmlTextProgress(accountId)).toEqual({ version: HTML_TEXT_VERSION });
    indexMatchesDocuments(db);
  });

  it('leaves an e-mail that changes while its text is made as the change wrote it', async () => {
    const accountId = oldCache(3);
    const db = openDatabase(dbPath);
    closers.push(() => {
      db.close();
    });
    const store = new CacheStore(db);
    let changedMeanwhile = false;
    const result = await reindexHtmlMail({
      store,
      accountId,
      log: quiet,
      stopped: () => false,
      // The worker's trip: the server sends e-mail 1 again, with another HTML, meanwhile.
      textOfHtml: async (html) => {
        if (!changedMeanwhile) {
          changedMeanwhile = true;
          store.putEmail(accountId, idOf(1), { ...email(1), html: '<p>Narwhal sighted</p>' });
        }
        await new Promise((resolve) => setImmediate(resolve));
        return htmlToText(html);
      },
    });
    expect(result).toEqual({ made: 3, changed: 2, skipped: 0 });
    expect(matches(db, 'Narwhal')).toBe(1);
    expect(matches(db, 'Wombat1')).toBe(0);
    expect(matches(db, 'Zeppelin')).toBe(2);
    expect(store.htmlTextProgress(accountId)).toEqual({ version: HTML_TEXT_VERSION });
    indexMatchesDocuments(db);
  });

  it('makes 2,000 e-mails again without holding the main thread over 16 ms in any turn', async () => {
    const count = 2_000;
    for (const worker of [true, false]) {
      dbPath = join(folder, `${worker ? 'worker' : 'main'}.sqlite`);
      const accountId = oldCache(count);
      const { db, store, writer } = await open({ worker });
      let result: unknown;
      const longest = await longestBlock(async () => {
        result = await writer.reindexHtmlMail();
      });
      console.info(
        `reindex of ${count} HTML-only e-mails (${worker ? 'text on the worker' : 'text on the main thread'}): main thread longest block (CPU time) ${longest.toFixed(1)} ms`,
      );
      expect(result).toEqual({ made: count, changed: count, skipped: 0 });
      expect(longest).toBeLessThan(16);
      await writer.close();
      expect(matches(db, 'Zeppelin')).toBe(count);
      expect(matches(db, 'Wombat1999')).toBe(1);
      expect(store.htmlTextProgress(accountId)).toEqual({ version: HTML_TEXT_VERSION });
    }
  });
});
