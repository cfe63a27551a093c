import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  acceptedChat,
  type DeskPage,
  frames,
  inWindow,
  newestLineShown,
  screenshotsAtThreeSizes,
  signInReady,
  useDeskPages,
} from './deskHarness';

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

/**
 * A desk signed in and Ready with Anna's chat of {@link LINES} lines open, the agent gone to its
 * first line with Home in the transcript.
 */
async function longChatFromItsFirstLine(
  deskPage: DeskPage,
): Promise<{ chatId: string; transcript: Locator; lines: Locator }> {
  const { page, simulator } = deskPage;
  await signInReady(page);
  const chatId = await acceptedChat(deskPage, {
    customerNickName: 'Anna',
    subject: 'A long chat',
    firstMessage: 'Line 1: hello',
  });
  const transcript = page.getByRole('log');
  const lines = transcript.locator('li');
  for (let line = 2; line <= LINES; line += 1)
    simulator.control.customerSays(chatId, `Line ${String(line)}: more`);
  await expect
    .poll(() => lines.last().innerText(), { timeout: 30_000 })
    .toContain(`Line ${String(LINES)}:`);
  await transcript.focus();
  await page.keyboard.press('Home');
  return { chatId, transcript, lines };
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
    await screenshotsAtThreeSizes(page, 'longChatKeys', 'first-lines-line-said');

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
    await screenshotsAtThreeSizes(page, 'longChatKeys', 'first-lines-burst-said');

    // End still goes to the newest line, Home back to the first.
    await transcript.focus();
    await page.keyboard.press('End');
    await expect.poll(() => newestLineShown(page)).toBe(true);
    expect(await lines.last().innerText()).toContain('Are you still there?');
    await page.keyboard.press('Home');
    await expect
      .poll(async () => (await firstVisibleLine(transcript)).text)
      .toMatch(/^Anna joined/u);
  }, 120_000);
});
