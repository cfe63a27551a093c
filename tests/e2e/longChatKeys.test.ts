import { mkdir } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  acceptedChat,
  darkScreenshot,
  type DeskPage,
  focusedLabel,
  frames,
  inWindow,
  newestLineShown,
  screenshotsAtThreeSizes,
  sightings,
  signInReady,
  useDeskPages,
  watchFor,
} from './deskHarness';
import { expectAccessible } from './axeAudit';

// Home in a long chat renders its first batch alone (ChatTranscript.vue); against the real desk
// core and simulator, lines the customer writes meanwhile.

const { open: openDeskPage } = useDeskPages();

const LINES = 300;

/** The transcript's first line in sight (its text's start) and how far below the log's top it is. */
function firstVisibleLine(transcript: Locator): Promise<{ text: string; offset: number }> {
  return transcript.evaluate((node) => {
    interface Box {
      readonly top: number;
      readonly bottom: number;
    }
    interface Line {
      readonly textContent: string | null;
      getBoundingClientRect(): Box;
    }
    const log = node as unknown as Line & { querySelectorAll(selector: string): Iterable<Line> };
    const top = log.getBoundingClientRect().top;
    const line = [...log.querySelectorAll('li')].find(
      (item) => item.getBoundingClientRect().bottom > top + 1,
    );
    return {
      text: (line?.textContent ?? '').trim().slice(0, 40),
      offset: Math.round((line?.getBoundingClientRect().top ?? 0) - top),
    };
  });
}

interface OpenChat {
  readonly chatId: string;
  readonly transcript: Locator;
  readonly lines: Locator;
}

/**
 * A desk signed in and Ready with Anna's chat `subject` open, its `count` lines ("Line 1: hello",
 * "Line 2: more", …) all come while the agent follows its end.
 */
async function annasChatOf(deskPage: DeskPage, subject: string, count: number): Promise<OpenChat> {
  const { page, simulator } = deskPage;
  await signInReady(page);
  const chatId = await acceptedChat(deskPage, {
    customerNickName: 'Anna',
    subject,
    firstMessage: 'Line 1: hello',
  });
  const transcript = page.getByRole('log');
  const lines = transcript.locator('li');
  for (let line = 2; line <= count; line += 1)
    simulator.control.customerSays(chatId, `Line ${String(line)}: more`);
  await expect
    .poll(() => lines.last().innerText(), { timeout: 30_000 })
    .toContain(`Line ${String(count)}:`);
  return { chatId, transcript, lines };
}

/**
 * A desk signed in and Ready with Anna's chat of {@link LINES} lines open, the agent gone to its
 * first line with Home in the transcript.
 */
async function longChatFromItsFirstLine(deskPage: DeskPage): Promise<OpenChat> {
  const { page } = deskPage;
  const { chatId, transcript, lines } = await annasChatOf(deskPage, 'A long chat', LINES);
  // Lines that come while the agent follows the end are no new lines below.
  expect(await newLinesBelow(page).count()).toBe(0);
  await transcript.focus();
  await page.keyboard.press('Home');
  return { chatId, transcript, lines };
}

/** The button under the transcript to the lines that came while the agent read earlier ones. */
function newLinesBelow(page: Page): Locator {
  return page.getByTestId('new-lines-below');
}

/**
 * Whether an element is in no live region (nor the log): inside one, its count would be read
 * out besides the lines it counts, which the log reads out as they come.
 */
function outsideLiveRegions(element: Locator): Promise<boolean> {
  return element.evaluate(
    (node) =>
      (node as unknown as { closest(selector: string): unknown }).closest(
        '[aria-live], [role="log"], [role="status"], [role="alert"]',
      ) === null,
  );
}

describe('a long chat read from its first line (Home)', () => {
  it('shows and reads out a line the customer writes meanwhile, the first lines staying in view; Home in the message box stays the box’s', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator } = deskPage;
    const { chatId, transcript, lines } = await longChatFromItsFirstLine(deskPage);
    const firstLine = transcript.getByText('Line 1:', { exact: false });
    await expect.poll(() => inWindow(firstLine)).toBe(true);
    expect(await transcript.getByText(`Line ${String(LINES)}:`).count()).toBe(0);

    simulator.control.customerSays(chatId, 'Are you still there?');
    const said = transcript.locator('li', { hasText: 'Are you still there?' });
    await expect.poll(() => said.count()).toBe(1);
    // Live (read out once), and after every line before it; the lines before it are not.
    expect(await said.getAttribute('aria-live')).toBeNull();
    expect(await lines.last().innerText()).toContain('Are you still there?');
    expect(await transcript.locator('li:not([aria-live])').count()).toBe(1);
    for (const line of [150, 151, LINES])
      expect(await transcript.getByText(`Line ${String(line)}:`).count()).toBe(1);
    expect(await inWindow(firstLine)).toBe(true);
    // Under the log, the line counted once, on a button that is not read out itself.
    await expect.poll(() => newLinesBelow(page).innerText()).toBe('1 new line below ↓');
    expect(await outsideLiveRegions(newLinesBelow(page))).toBe(true);
    await screenshotsAtThreeSizes(page, 'longChatKeys', 'first-lines-line-said');
    await mkdir('out/screenshots/longChatKeys', { recursive: true });
    await darkScreenshot(page, 'out/screenshots/longChatKeys/first-lines-line-said-dark.png');

    // Next in the tab order after the log; activated, to the newest line, the keyboard in the
    // log, and it goes.
    await transcript.focus();
    await page.keyboard.press('Tab');
    expect(await focusedLabel(page)).toBe('1 new line below ↓');
    await page.keyboard.press('Enter');
    await expect.poll(() => newestLineShown(page)).toBe(true);
    await expect.poll(() => newLinesBelow(page).count()).toBe(0);
    expect(await focusedLabel(page)).toBe('Chat transcript');

    // Home in the message box moves its caret, not the transcript.
    const messageBox = page.getByRole('textbox', { name: 'Message' });
    await messageBox.fill('abc def');
    await messageBox.press('End');
    await messageBox.press('Home');
    await page.keyboard.type('X');
    expect(await messageBox.inputValue()).toBe('Xabc def');
  }, 90_000);

  it('keeps the line the agent reads in place when more than a batch of lines arrives at once', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, desk, bridge } = deskPage;
    const { chatId, transcript, lines } = await longChatFromItsFirstLine(deskPage);
    await expect.poll(() => inWindow(transcript.getByText('Line 1:', { exact: false }))).toBe(true);
    // The agent reads on a little way down the first batch.
    await transcript.evaluate((node) => {
      (node as unknown as { scrollTop: number }).scrollTop = 600;
    });
    await frames(page);
    const reading = await firstVisibleLine(transcript);
    expect(reading.text).toMatch(/Line \d+: more$/u);

    // A burst well over a batch (a transcript fetched again after lines were missed). Once the
    // desk holds it and has told the page, a line of its own: when that one shows, the page has
    // had the burst before it.
    const BURST = 400;
    for (let line = 1; line <= BURST; line += 1)
      simulator.control.customerSays(chatId, `Burst ${String(line)}: more`);
    await expect
      .poll(async () => JSON.stringify(await desk.handlers.interactions.get(chatId)), {
        timeout: 30_000,
      })
      .toContain(`Burst ${String(BURST)}: more`);
    await bridge.flush();
    await frames(page);
    expect(await firstVisibleLine(transcript)).toEqual(reading);
    simulator.control.customerSays(chatId, 'Are you still there?');
    await expect
      .poll(() => transcript.locator('li', { hasText: 'Are you still there?' }).count(), {
        timeout: 30_000,
      })
      .toBe(1);
    await frames(page);
    expect(await firstVisibleLine(transcript)).toEqual(reading);
    // The burst and the line after it, not rendered yet, counted (in the page's numbers).
    expect(await newLinesBelow(page).innerText()).toBe(`${String(BURST + 1)} new lines below ↓`);
    await screenshotsAtThreeSizes(page, 'longChatKeys', 'first-lines-burst-said');

    // End still goes to the newest line, Home back to the first.
    await transcript.focus();
    await page.keyboard.press('End');
    await expect.poll(() => newestLineShown(page)).toBe(true);
    expect(await lines.last().innerText()).toContain('Are you still there?');
    await expect.poll(() => newLinesBelow(page).count()).toBe(0);
    await page.keyboard.press('Home');
    await expect
      .poll(async () => (await firstVisibleLine(transcript)).text)
      .toMatch(/^Anna joined/u);
  }, 120_000);
});

describe('a chat read scrolled up', () => {
  it('counts the lines that come while the agent reads earlier ones scrolled up, on a button to the newest', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator } = deskPage;
    // Following the end, the lines that come are no new lines below: not even for a frame.
    const button = '[data-testid="new-lines-below"]';
    await watchFor(page, { selector: button });
    const { chatId, transcript, lines } = await annasChatOf(deskPage, 'A chat scrolled up', 40);
    await frames(page);
    expect(await sightings(page)).toEqual([]);
    // Scrolled up (the agent's own scroll, not Home): two lines come.
    await transcript.evaluate((node) => {
      (node as unknown as { scrollTop: number }).scrollTop = 0;
    });
    await frames(page);
    simulator.control.customerSays(chatId, 'Line 41: are you there?');
    simulator.control.customerSays(chatId, 'Line 42: hello?');
    await expect.poll(() => newLinesBelow(page).innerText()).toBe('2 new lines below ↓');
    expect(await newestLineShown(page)).toBe(false);
    await expectAccessible(page, 'two new lines below a chat scrolled up');
    await screenshotsAtThreeSizes(page, 'longChatKeys', 'scrolled-up-lines-said');
    await mkdir('out/screenshots/longChatKeys', { recursive: true });
    await darkScreenshot(page, 'out/screenshots/longChatKeys/scrolled-up-lines-said-dark.png');
    await newLinesBelow(page).click();
    await expect.poll(() => newestLineShown(page)).toBe(true);
    expect(await lines.last().innerText()).toContain('Line 42:');
    await expect.poll(() => newLinesBelow(page).count()).toBe(0);
    // At the end again: a line that comes is followed, not counted.
    await watchFor(page, { selector: button });
    simulator.control.customerSays(chatId, 'Line 43: thanks');
    await expect.poll(() => lines.last().innerText()).toContain('Line 43:');
    await frames(page);
    expect(await newestLineShown(page)).toBe(true);
    expect(await sightings(page)).toEqual([]);
  }, 60_000);
});
