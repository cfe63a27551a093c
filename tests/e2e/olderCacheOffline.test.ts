import { randomBytes, scryptSync, createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { latestVersion, openDatabase } from '../../main/cache/database';
import { MIGRATIONS } from '../../main/cache/migrations/index';
import { CACHE_FILE } from '../../main/cache/paths';
import { CacheStore } from '../../main/cache/store';
import { row, screenshotsAtThreeSizes, useDeskPages } from './deskHarness';

// A cache last written by an older Switchboard, opened by today's desk with no server at all
// (the simulator's port closed before anything asks it): the shipped renderer in Chromium on
// the real desk core and the real cache file. The oldest schema an offline review can open is
// 0240's (the password verifiers; a cache before it needs one online sign-in, as the offline
// test shows), so the file is made at 0240 and every later migration runs on the desk's start.

const { open: openDeskPage } = useDeskPages();

const OLDER_SCHEMA = 240;
const ACCOUNT = { serverUrl: 'demo:simulator', userName: 'agent1' };
const PASSWORD = 'demo';
const T0 = Date.UTC(2026, 10, 30, 9);

/** What the 0240 desk's online sign-in left for the offline review (cheap costs: a test). */
function seedVerifier(store: CacheStore, accountId: number): void {
  const cost = { cost: 1024, blockSize: 8, parallelism: 1 };
  const salt = randomBytes(16);
  const hash = scryptSync(PASSWORD, salt, 32, {
    N: cost.cost,
    r: cost.blockSize,
    p: cost.parallelism,
  });
  store.deskState().savePasswordVerifier(accountId, { salt, hash, ...cost });
}

/**
 * Yesterday's shift in a cache of schema 0240: a chat consulted with a colleague, conferenced
 * and left to them (ended for this agent), an e-mail still in hand with its attachment
 * downloaded, and the workbins as last read.
 */
function olderCache(dataDir: string): void {
  const db = openDatabase(join(dataDir, CACHE_FILE), {
    migrations: MIGRATIONS.filter((migration) => migration.version <= OLDER_SCHEMA),
  });
  const store = new CacheStore(db);
  const agent = store.accountId(ACCOUNT);
  store.upsertInteraction(
    agent,
    {
      id: 'chat-handed-on',
      channel: 'chat',
      state: 'Accepted',
      subject: 'Lost luggage',
      from: 'Zora Quist',
      capabilities: [],
      userData: {},
    },
    T0,
  );
  store.addChatEvents(agent, 'chat-handed-on', [
    { eventId: 1, kind: 'joined', authorType: 'Client', authorName: 'Zora Quist', at: T0 + 1 },
    {
      eventId: 2,
      kind: 'message',
      authorType: 'Client',
      authorName: 'Zora Quist',
      text: 'My suitcase went to Reykjavik instead of Oslo',
      at: T0 + 1_000,
    },
    { eventId: 3, kind: 'joined', authorType: 'Agent', authorName: 'Agent 1', at: T0 + 2_000 },
    {
      eventId: 4,
      kind: 'message',
      authorType: 'Agent',
      authorName: 'Agent 1',
      text: 'Let me bring in our baggage desk',
      at: T0 + 3_000,
    },
    { eventId: 5, kind: 'joined', authorType: 'Agent', authorName: 'Priya Raman', at: T0 + 4_000 },
    {
      eventId: 6,
      kind: 'message',
      authorType: 'Agent',
      authorName: 'Priya Raman',
      text: 'Found it: tag OSL 448812, on tonight’s flight',
      at: T0 + 5_000,
    },
    { eventId: 7, kind: 'left', authorType: 'Agent', authorName: 'Agent 1', at: T0 + 6_000 },
  ]);
  store.markEnded(agent, 'chat-handed-on', 'Transferred', T0 + 6_000);

  store.upsertInteraction(
    agent,
    {
      id: 'mail-in-hand',
      channel: 'email',
      state: 'Accepted',
      subject: 'Invoice 77',
      from: 'ann@example.com',
      capabilities: [],
      userData: { FromPersonal: 'Annika Brandvold' },
    },
    T0 + 10_000,
  );
  store.putEmail(agent, 'mail-in-hand', {
    from: 'ann@example.com',
    to: ['desk@example.com'],
    cc: [],
    subject: 'Invoice 77',
    text: 'Please see the attached invoice for the fjord cruise.',
    attachments: [{ id: 'att-1', name: 'invoice-77.txt', mimeType: 'text/plain', size: 18 }],
  });
  const folder = join(dataDir, 'attachments', 'older');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'invoice-77.txt');
  const bytes = Buffer.from('Invoice 77: 42 EUR');
  writeFileSync(file, bytes);
  store.recordDownload(agent, 'mail-in-hand', 'att-1', {
    localPath: file,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
    at: T0 + 11_000,
  });

  store.workbins().replaceAll(
    agent,
    [
      {
        workbinId: 'EmailWorkbinInProgress',
        name: 'EmailWorkbinInProgress',
        entries: [
          {
            interactionId: 'mail-parked',
            channel: 'email',
            subject: 'Warranty claim 88',
            from: 'olaf@example.com',
            placedAt: T0 + 20_000,
          },
        ],
      },
    ],
    T0 + 21_000,
  );
  seedVerifier(store, agent);
  store.indexSearchDocuments();
  db.close();
}

/** The schema the file itself is at (read as it is: no migration run on an image of it). */
function schemaOf(path: string): number {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
}

describe('a cache written by an older Switchboard, reviewed offline', () => {
  it('shows everything it held with no server, finds it by search, and is upgraded once', async () => {
    expect(latestVersion()).toBeGreaterThan(OLDER_SCHEMA);
    const deskPage = await openDeskPage({ seed: olderCache });
    const { page, simulator, os, dataDir, problems } = deskPage;
    await simulator.close();
    const cachePath = join(dataDir, CACHE_FILE);
    // The desk's start upgraded the file, once: it is at today's schema before anything is shown.
    expect(schemaOf(cachePath)).toBe(latestVersion());

    const entry = page.getByTestId('offline-entry');
    await expect
      .poll(() => entry.innerText())
      .toContain('agent1 on the demo server · 2 interactions');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await entry.getByRole('button', { name: 'Open offline' }).click();
    await expect.poll(() => page.getByTestId('offline-banner').count()).toBe(1);

    // The inbox: the e-mail in hand, its attachment opening from the cache.
    await expect.poll(() => page.getByTestId('inbox-size').innerText()).toBe('1 interaction');
    const emailRow = row(page, 'mail-in-hand');
    expect(await emailRow.innerText()).toContain('Annika Brandvold');
    await emailRow.getByRole('button', { name: 'E-mail from' }).first().click();
    await expect.poll(() => page.getByTestId('detail-subject').innerText()).toBe('Invoice 77');
    await page.getByRole('button', { name: 'Open invoice-77.txt' }).click();
    await expect.poll(() => os.opened).toHaveLength(1);
    expect(await readFile(os.opened[0] ?? '', 'utf8')).toBe('Invoice 77: 42 EUR');

    // History: the chat handed on, its transcript whole and in order with the party events.
    await page.getByRole('tab', { name: 'History' }).click();
    await expect.poll(() => page.getByTestId('history-size').innerText()).toBe('1 interaction');
    await row(page, 'chat-handed-on').locator('button.row__main').click();
    const transcript = page.getByRole('log', { name: 'Chat transcript' });
    await expect.poll(() => transcript.locator('li').count()).toBe(7);
    const lines = await transcript.locator('li').allInnerTexts();
    const order = [
      'Zora Quist',
      'My suitcase went to Reykjavik instead of Oslo',
      'Agent 1',
      'Let me bring in our baggage desk',
      'Priya Raman',
      'Found it: tag OSL 448812',
      'Agent 1',
    ];
    lines.forEach((line, index) => {
      expect(line).toContain(order[index]);
    });
    expect(lines[4]).toMatch(/Priya Raman joined/u);
    expect(lines[6]).toMatch(/Agent 1 left/u);
    await screenshotsAtThreeSizes(page, 'older-cache-offline', 'handed-on-chat');

    // Search: a word of the transcript, the colleague who joined, the sender's name the list
    // shows (made searchable by migration 0310 on this start), the attachment's name.
    const search = page.getByRole('searchbox', { name: 'Search interactions' });
    for (const [words, id] of [
      ['Reykjavik', 'chat-handed-on'],
      ['Priya', 'chat-handed-on'],
      ['Brandvold', 'mail-in-hand'],
      ['fjord', 'mail-in-hand'],
      ['invoice-77', 'mail-in-hand'],
    ] as const) {
      await search.fill(words);
      await expect
        .poll(() => page.locator(`.hit[data-interaction-id="${id}"]`).count(), { message: words })
        .toBe(1);
    }
    await search.fill('');

    // The workbins as last read, marked as the cache's copy, nothing to pull. Was: the review
    // had no Workbins button (nor menu item, nor Alt+W), though main answers the cache's copy.
    const workbinsButton = page.getByRole('button', { name: 'Workbins', exact: true });
    expect(await workbinsButton.count(), 'the offline review offers the workbins').toBe(1);
    await workbinsButton.click();
    const panel = page.getByRole('region', { name: 'Workbins' });
    await expect
      .poll(() => panel.getByTestId('workbins-status').innerText())
      .toMatch(/^Cached copy from /u);
    await panel.locator('button[data-workbin="EmailWorkbinInProgress"]').click();
    await expect.poll(() => panel.innerText()).toContain('Warranty claim 88');
    expect(await panel.getByRole('button', { name: 'Pull Warranty claim 88' }).isDisabled()).toBe(
      true,
    );
    await screenshotsAtThreeSizes(page, 'older-cache-offline', 'workbins');
    // Its shortcut closes it and opens it again, as on the signed-in desk.
    await page.keyboard.press('Alt+W');
    await expect.poll(() => panel.count(), { message: 'Alt+W closes the workbins' }).toBe(0);
    await page.keyboard.press('Alt+W');
    await expect.poll(() => panel.count(), { message: 'Alt+W opens the workbins' }).toBe(1);

    expect(schemaOf(cachePath)).toBe(latestVersion());
    expect(problems).toEqual([]);
  }, 60_000);
});

describe('a cache written by a newer Switchboard, with no server', () => {
  it('says so on the sign-in form, offers no review of it, and leaves the file untouched', async () => {
    /** The file as the newer Switchboard left it, before today's desk started on it. */
    let before = '';
    const deskPage = await openDeskPage({
      seed: (dataDir) => {
        olderCache(dataDir);
        const db = new BetterSqlite3(join(dataDir, CACHE_FILE));
        db.pragma(`user_version = ${String(latestVersion() + 10)}`);
        db.close();
        before = createHash('sha256')
          .update(readFileSync(join(dataDir, CACHE_FILE)))
          .digest('hex');
      },
    });
    const { page, simulator, dataDir, problems } = deskPage;
    await simulator.close();
    const cachePath = join(dataDir, CACHE_FILE);
    expect(before).not.toBe('');

    const banner = page.getByTestId('cache-banner');
    await expect
      .poll(() => banner.getAttribute('data-state'), { message: 'the cache banner' })
      .toBe('inMemory');
    expect(await banner.getByRole('alert').innerText()).toBe(
      `The offline cache at ${cachePath} was written by a newer Switchboard: update Switchboard, or point it at another cache; the file was left untouched. This run keeps its cache in memory: nothing is saved for the next start.`,
    );
    // Main's own words, with the schemas, under Details.
    expect(await banner.locator('details').textContent()).toContain(
      `was written by a newer Switchboard (schema ${String(latestVersion() + 10)}; this version knows up to ${String(latestVersion())})`,
    );
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    // Nothing of the file can be reviewed: the failure says what to do, and no cache is offered.
    await expect
      .poll(() => page.locator('.error-alert__text').allInnerTexts())
      .toEqual([
        'Sign-in failed. No server answers at this address. Check the address and the network, then try again.',
      ]);
    expect(await page.getByTestId('offline-entry').count()).toBe(0);
    await screenshotsAtThreeSizes(page, 'older-cache-offline', 'newer-cache');
    expect(createHash('sha256').update(readFileSync(cachePath)).digest('hex')).toBe(before);
    expect(schemaOf(cachePath)).toBe(latestVersion() + 10);
    expect(problems).toEqual([]);
  });
});
