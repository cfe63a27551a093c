import { randomBytes, scryptSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { GwsEvent } from '../../common/model';
import { openDatabase } from '../../main/cache/database';
import { CACHE_FILE } from '../../main/cache/paths';
import { CacheStore } from '../../main/cache/store';
import { CacheWriter } from '../../main/workstation/cacheWriter';
import { startSimulator } from '../../simulator/server';
import {
  chooseInAgentMenu,
  edges,
  emulateWindow,
  frames,
  inWindow,
  newestLineShown,
  REFLOW_320,
  row,
  screenshotsAtThreeSizes,
  signInReady,
  useDeskPages,
  ZOOM_200,
  connectionState,
} from './deskHarness';

// Issue 14 item 9 (the offline desk) and item 6's paging half (the whole inbox), in the
// shipped renderer in Chromium against the real desk core and cache: the simulator is really
// stopped (its port closed) while the cache is reviewed, and started again to sign in.

const { open: openDeskPage } = useDeskPages();

const OFFLINE_REASON = 'Offline: sign in to do this';

/** A server action as the offline desk shows it: disabled, saying why, to the eye and to AT. */
async function expectDisabledOffline(page: Page, name: string | RegExp): Promise<void> {
  const button = page.getByRole('button', { name }).first();
  await expect.poll(() => button.isDisabled()).toBe(true);
  // The reason, then the control's shortcut if it has one: "… (Alt+R)".
  expect(await button.getAttribute('title')).toMatch(/^Offline: sign in to do this( \(.+\))?$/);
  expect(await button.getAttribute('aria-describedby')).toBe('server-action-reason');
  expect(await page.locator('#server-action-reason').textContent()).toBe(OFFLINE_REASON);
}

/** Scrolls a list's virtual viewport to its end until the row of `id` is rendered. */
async function scrollUntilRow(page: Page, panel: string, id: string): Promise<void> {
  const viewport = page.locator(`#${panel} .vlist`);
  await expect
    .poll(
      async () => {
        await viewport.evaluate((element) => {
          const scrolled = element as unknown as { scrollTop: number; scrollHeight: number };
          scrolled.scrollTop = scrolled.scrollHeight;
        });
        return row(page, id).count();
      },
      { timeout: 20_000, interval: 200 },
    )
    .toBe(1);
}

/** What an online sign-in with `password` leaves for the offline review (cheap costs: a test). */
function seedVerifier(
  store: CacheStore,
  account: { serverUrl: string; userName: string },
  password: string,
): void {
  const cost = { cost: 1024, blockSize: 8, parallelism: 1 };
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, {
    N: cost.cost,
    r: cost.blockSize,
    p: cost.parallelism,
  });
  store.deskState().savePasswordVerifier(store.accountId(account), { salt, hash, ...cost });
}

describe('the offline desk', () => {
  // Two sets of screenshots at three sizes (200% in device pixels) and a restart: on a loaded
  // machine more than the default 20 s.
  it('reviews the cache with the simulator stopped, then goes live without a restart', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, os, dataDir, problems } = deskPage;

    // ---- a shift: a chat worked and finished (the cache keeps its transcript), an e-mail kept
    await signInReady(page);
    const chatId = simulator.control.startChat({
      customerNickName: 'Zora Quist',
      subject: 'Zeppelin tickets',
      firstMessage: 'Can I still change my zeppelin booking?',
    });
    const chatRow = row(page, chatId);
    await chatRow.getByRole('button', { name: 'Accept Chat from' }).click();
    await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Accepted');
    // A line in Hebrew, and an answer of two lines, for the saved transcript below.
    simulator.control.customerSays(chatId, 'שלום, איפה החבילה שלי?');
    const box = page.getByLabel('Message', { exact: true });
    await box.fill('Yes, until Friday noon.\nBring your ticket.');
    await box.press('Enter');
    const transcript = page.getByRole('log', { name: 'Chat transcript' });
    await expect.poll(() => transcript.innerText()).toContain('Bring your ticket.');
    expect(await transcript.innerText()).toContain('שלום');
    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => chatRow.count()).toBe(0);
    const emailId = simulator.control.receiveEmail({
      from: 'ann@example.com',
      fromPersonal: 'Annika Brandvold',
      subject: 'Invoice 77',
      text: 'Please see invoice 77.',
      attachments: [
        {
          name: 'invoice-77.txt',
          mimeType: 'text/plain',
          bytes: Buffer.from('Invoice 77: 42 EUR'),
        },
      ],
    });
    const emailRow = row(page, emailId);
    await emailRow.getByRole('button', { name: 'Accept E-mail from' }).click();
    await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Accepted');
    // The attachment is downloaded into the cache while the server is there.
    await emailRow.getByRole('button', { name: 'E-mail from' }).first().click();
    const openAttachment = page.getByRole('button', { name: 'Open invoice-77.txt' });
    await expect.poll(() => openAttachment.isVisible()).toBe(true);

    // ---- sign out, stop the server: signing in fails, the form offers the cache
    await chooseInAgentMenu(page, 'Sign out');
    // The accepted e-mail is work in progress: the desk asks first (issue 14 item 5).
    await page.getByRole('button', { name: 'Sign out anyway' }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: 'Sign in to Switchboard' }).isVisible())
      .toBe(true);
    await simulator.close();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: 'The server cannot be reached' }).isVisible())
      .toBe(true);
    const entry = page.getByTestId('offline-entry');
    expect(await entry.innerText()).toContain('agent1 on the demo server · 2 interactions');
    await screenshotsAtThreeSizes(page, 'offline', 'sign-in-offer');

    // ---- Review offline: the desk, marked, from the cache alone
    await entry.getByRole('button', { name: 'Review offline' }).click();
    const banner = page.getByTestId('offline-banner');
    await expect
      .poll(() => banner.innerText())
      .toContain('Offline review — agent1 on the demo server — nothing is sent');
    expect(await page.getByTestId('link-banner').count()).toBe(0);
    await expect.poll(() => emailRow.count()).toBe(1);
    expect(await page.getByTestId('inbox-size').innerText()).toBe('1 interaction');
    await page.getByRole('tab', { name: 'History' }).click();
    await expect.poll(() => row(page, chatId).count()).toBe(1);
    expect(await page.getByTestId('history-size').innerText()).toBe('1 interaction');

    // A search finds a word of the transcript.
    const search = page.getByRole('searchbox', { name: 'Search interactions' });
    await search.fill('zeppelin');
    const hit = page.locator(`.hit[data-interaction-id="${chatId}"]`);
    await expect.poll(() => hit.count()).toBe(1);
    await hit.click();
    // So does the sender's name the lists show for an e-mail, not only its address.
    await search.fill('Brandvold');
    await expect.poll(() => page.locator(`.hit[data-interaction-id="${emailId}"]`).count()).toBe(1);
    await search.fill('');

    // The transcript opens and is saved.
    await expect
      .poll(() => transcript.innerText())
      .toContain('Can I still change my zeppelin booking?');
    os.savePath = join(dataDir, 'offline-transcript.html');
    await page.getByRole('button', { name: 'Save transcript' }).click();
    await expect.poll(() => page.getByText(`Saved to ${os.savePath}`).count()).toBe(1);
    const savedHtml = await readFile(os.savePath, 'utf8');
    expect(savedHtml).toContain('Yes, until Friday noon.');
    // The saved page, as a browser shows it: the answer on its two lines (they ran into one),
    // the Hebrew line right to left, its question mark at its end (left; it stood right of it).
    const browser = page.context().browser();
    if (browser === null) throw new Error('The desk page has no browser to open the saved page in');
    const saved = await browser.newPage();
    await saved.setContent(savedHtml);
    expect(await saved.locator('li.message', { hasText: 'Friday' }).innerText()).toMatch(
      /Friday noon\.\n +Bring your ticket\.$/u,
    );
    const hebrew = await edges(saved.locator('li.message', { hasText: 'שלום' }), '?', 'שלום');
    expect(hebrew.firstRight).toBeLessThanOrEqual(hebrew.thenLeft);
    await saved.screenshot({ path: join('out/screenshots/offline', 'saved-transcript.png') });
    await saved.close();

    // Server actions are disabled, and say why.
    await page.getByRole('tab', { name: /Inbox/ }).click();
    await emailRow.getByRole('button', { name: 'E-mail from' }).first().click();
    await expect.poll(() => page.getByTestId('detail-subject').innerText()).toBe('Invoice 77');
    await expectDisabledOffline(page, 'Reply');
    await expectDisabledOffline(page, 'Forward');
    await expectDisabledOffline(page, 'Done');
    await expectDisabledOffline(page, 'New e-mail');
    await expectDisabledOffline(page, 'Place in workbin');
    const disposition = page.locator('#disposition-picker');
    expect(await disposition.isDisabled()).toBe(true);
    expect(await disposition.getAttribute('title')).toBe(OFFLINE_REASON);
    await expect.poll(() => page.getByRole('button', { name: /^Edit/ }).count()).toBeGreaterThan(0);
    for (const edit of await page.getByRole('button', { name: /^Edit/ }).all())
      expect(await edit.isDisabled()).toBe(true);
    // Workbins never read while signed in: the panel says the cache holds none (was: "The server
    // cannot be reached…", as if a copy were there to wait for).
    await page.getByRole('button', { name: 'Workbins', exact: true }).click();
    const workbins = page.getByRole('region', { name: 'Workbins' });
    await expect
      .poll(() => workbins.innerText())
      .toContain(
        'No copy of the workbins is kept on this computer: they were never read from the server here.',
      );
    await page.getByRole('button', { name: 'Workbins', exact: true }).click();
    await expect.poll(() => workbins.count()).toBe(0);
    // Attachments stored earlier open and save from the cache.
    await openAttachment.click();
    await expect.poll(() => os.opened).toHaveLength(1);
    expect(await readFile(os.opened[0] ?? '', 'utf8')).toBe('Invoice 77: 42 EUR');
    os.savePath = join(dataDir, 'offline-invoice.txt');
    await page.getByRole('button', { name: 'Save invoice-77.txt as…' }).click();
    await expect.poll(() => page.getByText(`Saved to ${os.savePath}`).count()).toBe(1);
    expect(await readFile(os.savePath, 'utf8')).toBe('Invoice 77: 42 EUR');
    await screenshotsAtThreeSizes(page, 'offline', 'offline-desk');

    // ---- the server is back: sign in from the banner, the same desk goes live
    const again = await startSimulator({ port: simulator.port, scenario: 'quiet', control: false });
    try {
      await banner.getByRole('button', { name: 'Sign in…' }).click();
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect.poll(() => connectionState(page)).toBe('connected');
      expect(await page.getByTestId('offline-banner').count()).toBe(0);
      await page.getByRole('tab', { name: 'History' }).click();
      await expect.poll(() => row(page, chatId).count()).toBe(1);
      await page.getByRole('tab', { name: /Inbox/ }).click();
      await expect.poll(() => page.getByTestId('new-email').isDisabled()).toBe(false);
      expect(await page.getByTestId('new-email').getAttribute('title')).not.toBe(OFFLINE_REASON);
      // The e-mail accepted before the outage is not the restarted server's: the sign-in ends it
      // (it stays in History) and says so, so signing out has nothing in progress to ask about.
      await expect.poll(() => emailRow.count()).toBe(0);
      expect(await page.getByTestId('away-headline').innerText()).toBe(
        '1 interaction ended or moved.',
      );
      await chooseInAgentMenu(page, 'Sign out');
      await expect
        .poll(() => page.getByRole('heading', { name: 'Sign in to Switchboard' }).isVisible())
        .toBe(true);
    } finally {
      await again.close();
    }
    expect(problems).toEqual([]);
  }, 40_000);

  it('shows the whole inbox and History: true counts, the last row reached by scrolling', async () => {
    const ACTIVE = 2_000;
    const INVITED = 102;
    const ENDED = 600;
    // One of the active ones is a chat a long shift made 5,000 lines long, another 40 lines.
    const LONG_CHAT = 1;
    const LINES = 5_000;
    const BRIEF_CHAT = 2;
    const BRIEF_LINES = 40;
    const T0 = Date.UTC(2026, 10, 2, 8);
    /** The interactions main has answered the page's reads of (to know a read again landed). */
    const answeredReads: string[] = [];
    const deskPage = await openDeskPage({
      handlers: (handlers) => ({
        ...handlers,
        interactions: {
          ...handlers.interactions,
          get: async (...args) => {
            const answer = await handlers.interactions.get(...args);
            answeredReads.push(args[0]);
            return answer;
          },
        },
      }),
      // A cache a long shift left, written through the cache writer as a session would.
      seed: (dataDir) => {
        const db = openDatabase(join(dataDir, CACHE_FILE));
        const writer = new CacheWriter({
          store: new CacheStore(db),
          account: { serverUrl: 'demo:simulator', userName: 'agent1' },
          attachmentsDir: join(dataDir, 'attachments'),
          log: { debug: () => undefined, warn: () => undefined },
        });
        const events: GwsEvent[] = [];
        const times: number[] = [];
        for (let index = 0; index < ACTIVE + ENDED; index++) {
          const invited = index >= ACTIVE - INVITED && index < ACTIVE;
          if (index === LONG_CHAT || index === BRIEF_CHAT) {
            const long = index === LONG_CHAT;
            const id = long ? 'chat-long' : 'chat-brief';
            events.push(
              {
                type: 'interactionInvited',
                interaction: {
                  id,
                  channel: 'chat',
                  state: 'Accepted',
                  subject: long ? 'Long chat' : 'Brief chat',
                  capabilities: [],
                  userData: {},
                },
              },
              {
                type: 'chatEventsReceived',
                interactionId: id,
                events: Array.from({ length: long ? LINES : BRIEF_LINES }, (_, line) => ({
                  eventId: line + 1,
                  kind: 'message' as const,
                  authorType: line % 2 === 0 ? 'Client' : 'Agent',
                  authorName: line % 2 === 0 ? 'Maria' : 'Agent 1',
                  text: `Line ${String(line + 1)}: about the parcel, see https://example.com/t/${String(line + 1)}`,
                  at: T0 + index * 1_000 + line,
                })),
              },
            );
            times.push(T0 + index * 1_000, T0 + index * 1_000 + 1);
            continue;
          }
          const id = `mail-${String(index).padStart(4, '0')}`;
          events.push({
            type: 'interactionInvited',
            interaction: {
              id,
              channel: 'email',
              state: invited ? 'Invited' : 'Accepted',
              subject: `Order ${String(index)}`,
              from: `customer${String(index)}@example.com`,
              capabilities: invited ? ['Accept', 'Reject'] : [],
              userData: {},
            },
          });
          times.push(T0 + index * 1_000);
          if (index >= ACTIVE) {
            events.push({ type: 'interactionEnded', interactionId: id });
            times.push(T0 + index * 1_000 + 500);
          }
        }
        writer.applyBatch(events, times);
        seedVerifier(
          new CacheStore(db),
          { serverUrl: 'demo:simulator', userName: 'agent1' },
          'demo',
        );
        // Another account cached on this machine before verifiers: the form offers it only
        // when named, and it needs an online sign-in first.
        new CacheWriter({
          store: new CacheStore(db),
          account: { serverUrl: 'https://gws.example.com:8090', userName: 'kim' },
          attachmentsDir: join(dataDir, 'attachments'),
          log: { debug: () => undefined, warn: () => undefined },
        }).apply({
          type: 'interactionInvited',
          interaction: {
            id: 'kim-1',
            channel: 'chat',
            state: 'Invited',
            capabilities: [],
            userData: {},
          },
        });
        db.close();
      },
    });
    const { page, problems } = deskPage;

    const entry = page.getByTestId('offline-entry');
    await expect.poll(() => entry.isVisible()).toBe(true);
    // Only the account the form names is offered: nobody is shown whose caches this machine holds.
    expect(await entry.innerText()).toContain('agent1 on the demo server · 2,600 interactions');
    expect(await entry.innerText()).not.toContain('kim');
    const open = entry.getByRole('button', { name: 'Open offline' });
    const password = page.getByLabel('Password', { exact: true });
    const refusal = entry.getByRole('alert').locator('.error-alert__text');

    // A wrong password: refused (after a pause against guessing), the desk stays on the form.
    await password.fill('guess');
    await open.click();
    await expect
      .poll(() => refusal.innerText())
      .toBe(
        'Could not open the cache. This is not the password this account last signed in with on this computer. Check it and try again.',
      );
    expect(await page.getByTestId('offline-banner').count()).toBe(0);
    // Another agent's cache from before this check: named in the form, it asks for an online
    // sign-in first.
    const server = page.getByLabel('Server URL');
    const demoUrl = await server.inputValue();
    await server.fill('https://gws.example.com:8090');
    await page.getByLabel('User name').fill('kim');
    await expect
      .poll(() => entry.innerText())
      .toContain('kim on gws.example.com:8090 · 1 interaction');
    await password.fill('');
    await open.click();
    await expect
      .poll(() => refusal.innerText())
      .toBe(
        'Could not open the cache. Opening a cache offline needs the password of its account. Enter the password above, then open it offline.',
      );
    await password.fill('kims-password');
    await open.click();
    await expect
      .poll(() => refusal.innerText())
      .toBe(
        'Could not open the cache. This account can be opened offline only after it has signed in once online on this computer. Sign in while the server is reachable; then its password opens it offline.',
      );
    await server.fill(demoUrl);
    await page.getByLabel('User name').fill('agent1');
    await password.fill('demo');
    await open.click();

    // The inbox: the true count, the badge counts every invitation, the oldest row reachable.
    await expect.poll(() => page.getByTestId('inbox-size').innerText()).toBe('2,000 interactions');
    const inboxTab = page.getByRole('tab', { name: /Inbox/ });
    expect(await inboxTab.innerText()).toContain(String(INVITED));
    expect(await inboxTab.getAttribute('aria-label')).toBeNull();
    expect(await inboxTab.locator('.visually-hidden').innerText()).toBe(
      `(${INVITED} invitations waiting)`,
    );
    await scrollUntilRow(page, 'panel-inbox', 'mail-0000');
    await screenshotsAtThreeSizes(page, 'offline', 'inbox-2000-end');

    // The long chat opens on its newest lines, not all 5,000 of them (which held the renderer
    // for hundreds of milliseconds), followed to its end.
    await row(page, 'chat-long').locator('button.row__main').click();
    const transcript = page.getByRole('log', { name: 'Chat transcript' });
    const lines = transcript.locator('li');
    await expect.poll(() => lines.last().innerText()).toContain(`Line ${String(LINES)}:`);
    expect(await lines.count()).toBe(150);
    expect(await inWindow(lines.last())).toBe(true);
    // Zoomed to 200%, then 320 px wide (the window passing through sizes between), then
    // 1280 × 800 again: the layout moves the transcript, which keeps its newest line in sight.
    await screenshotsAtThreeSizes(page, 'offline', 'long-chat');
    // Reviewed offline with no capabilities cached, the chat offers no consultation: no
    // Consultation bar at all (was at 200%: an empty one stuck at the region's bottom, a blank
    // strip with a line across it under the Disposition, "In this chat" out of sight under it).
    await emulateWindow(page, ZOOM_200);
    expect(await page.getByRole('group', { name: 'Consultation' }).count()).toBe(0);
    expect(
      await page.evaluate(`(() => {
        const region = document.querySelector('section.detail--chat .detail__panels');
        region.scrollTop = region.scrollHeight;
        const label = document.querySelector('.collab__label').getBoundingClientRect();
        return Math.round(region.getBoundingClientRect().bottom - label.bottom);
      })()`),
      'px of blank under "In this chat", its region scrolled to its end at 200%',
    ).toBeLessThanOrEqual(8);
    for (const size of [ZOOM_200, REFLOW_320, { width: 1280, height: 800 }]) {
      await emulateWindow(page, size);
      await expect.poll(() => newestLineShown(page)).toBe(true);
      expect(await inWindow(lines.last())).toBe(true);
    }
    // Scrolled up, the older lines show above the ones in view, which stay where they were;
    // they are not live, so a screen reader does not read them out as new.
    const inView = transcript.getByText(`Line ${String(LINES - 149)}:`);
    await transcript.evaluate((element) => {
      (element as unknown as { scrollTop: number }).scrollTop = 0;
    });
    await expect.poll(() => lines.count()).toBe(300);
    expect(await inWindow(inView)).toBe(true);
    const earlier = transcript.locator('li[aria-live="off"]');
    expect(await earlier.count()).toBe(150);
    expect(await earlier.first().innerText()).toContain(`Line ${String(LINES - 299)}:`);
    expect(await transcript.locator('li:not([aria-live])').nth(0).innerText()).toContain(
      `Line ${String(LINES - 149)}:`,
    );
    // Selecting the open chat again reads it again: the older lines shown stay, and so does the
    // agent's place among them.
    const readsBefore = answeredReads.length;
    await row(page, 'chat-long').locator('button.row__main').click();
    await expect.poll(() => answeredReads.slice(readsBefore)).toContain('chat-long');
    await frames(page);
    expect(await lines.count()).toBe(300);
    expect(await inWindow(inView)).toBe(true);
    // Home goes to the first line in one press, not one older batch per press; only the first
    // batch is rendered there (all 5,000 lines held the renderer for hundreds of milliseconds).
    await transcript.focus();
    await page.keyboard.press('Home');
    const firstLine = transcript.getByText('Line 1:', { exact: false }).first();
    await expect.poll(() => inWindow(firstLine)).toBe(true);
    expect(await lines.count()).toBe(150);
    expect(await lines.first().innerText()).toContain('Line 1:');
    await screenshotsAtThreeSizes(page, 'offline', 'long-chat-first-line');
    // Lines the agent had already: not read out as new, neither there nor further down.
    expect(await transcript.locator('li:not([aria-live])').count()).toBe(0);
    await transcript.evaluate((element) => {
      const log = element as unknown as { scrollTop: number; scrollHeight: number };
      log.scrollTop = log.scrollHeight;
    });
    await expect.poll(() => lines.count()).toBe(300);
    expect(await lines.nth(299).innerText()).toContain('Line 300:');
    expect(await transcript.locator('li:not([aria-live])').count()).toBe(0);
    expect(await newestLineShown(page)).toBe(false);
    // End goes back to the newest line, in one press, and follows it again; its lines, drawn
    // anew, are not read out as new either.
    await page.keyboard.press('End');
    await expect.poll(() => lines.last().innerText()).toContain(`Line ${String(LINES)}:`);
    await expect.poll(() => newestLineShown(page)).toBe(true);
    expect(await lines.count()).toBe(150);
    expect(await transcript.locator('li:not([aria-live])').count()).toBe(0);
    // Opened at 200% and at 320 px (from the list there), another chat shows its newest line,
    // and so does the long one again, though the agent left it scrolled up.
    for (const size of [ZOOM_200, REFLOW_320]) {
      await emulateWindow(page, size);
      for (const [id, newest] of [
        ['chat-brief', BRIEF_LINES],
        ['chat-long', LINES],
      ] as const) {
        const back = page.getByRole('button', { name: 'Back to the list' });
        if (await back.isVisible()) await back.click();
        await row(page, id).locator('button.row__main').click();
        await expect.poll(() => lines.last().innerText()).toContain(`Line ${String(newest)}:`);
        await expect.poll(() => newestLineShown(page)).toBe(true);
        expect(await inWindow(lines.last())).toBe(true);
      }
      await transcript.evaluate((element) => {
        (element as unknown as { scrollTop: number }).scrollTop = 0;
      });
      await expect.poll(() => newestLineShown(page)).toBe(false);
    }
    await emulateWindow(page, { width: 1280, height: 800 });

    // The history: its true count, its oldest row reachable.
    await page.getByRole('tab', { name: 'History' }).click();
    await expect.poll(() => page.getByTestId('history-size').innerText()).toBe('600 interactions');
    await scrollUntilRow(page, 'panel-history', `mail-${String(ACTIVE)}`);
    expect(problems).toEqual([]);
  }, 40_000);
});
