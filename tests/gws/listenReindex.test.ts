import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { HTML_TEXT_VERSION } from '../../common/htmlText';
import { openDatabase } from '../../main/cache/database';
import { CacheStore } from '../../main/cache/store';
import { startSimulator, type Simulator } from '../../simulator/server';
import { cacheMailWithOldWords } from '../support/oldHtmlMail';
import { killSwitchboards, runSwitchboard, waitUntil } from '../support/switchboardProcess';

// `switchboard listen` on a cache whose HTML-only e-mail has the words an older htmlToText made
// of it: once the cache is open, the words are made again in the background.

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  killSwitchboards();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('makes the words of HTML-only mail cached by an older htmlToText again', async () => {
  const simulator: Simulator = await startSimulator({ port: 0, scenario: 'quiet' });
  cleanups.push(() => simulator.close());
  const folder = mkdtempSync(join(tmpdir(), 'switchboard-listen-reindex-'));
  cleanups.push(() => {
    rmSync(folder, { recursive: true, force: true });
  });
  const dbPath = join(folder, 'cache.db');
  const db = openDatabase(dbPath);
  cleanups.push(() => {
    if (db.open) db.close();
  });
  const store = new CacheStore(db);
  const agent = store.accountId({ serverUrl: simulator.url, userName: 'agent1' });
  cacheMailWithOldWords(store, agent);
  const documentOf = db
    .prepare("SELECT body FROM search_documents WHERE interaction_id = 'old-mail' AND ref = ''")
    .pluck();
  expect(documentOf.get()).toBe('Order 7\nWombatZeppelin');

  runSwitchboard(['listen', '--server', simulator.url, '--user', 'agent1', '--db', dbPath], {
    SWITCHBOARD_PASSWORD: 'demo',
    XDG_CONFIG_HOME: folder,
    APPDATA: folder,
    HOME: folder,
  });
  await waitUntil(
    () => new CacheStore(db).htmlTextProgress(agent).version === HTML_TEXT_VERSION,
    'the words made again',
    30_000,
  );
  expect(documentOf.get()).toBe('Order 7\nWombat | Zeppelin');
  // Stopped by afterEach (what SIGINT does to listen is cli.test.ts's).
}, 90_000);
