import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  acceptedChat,
  darkScreenshotsAt1280And320,
  emulateWindow,
  inWindow,
  inWindowWidth,
  REFLOW_320,
  row,
  screenshotsAtThreeSizes,
  sideScroll,
  signInReady,
  useDeskPages,
  ZOOM_200,
} from './deskHarness';

// A name or subject from the wire can be 5,000 characters without a space. Where the desk shows
// one (the inbox row, the open interaction's header and e-mail pane) it must not widen the page
// or push the row's and the pane's buttons out of the window, at 1280×800, at 200% zoom and 320
// px wide, in Chromium against the real desk core and the simulator.

const { open: openDeskPage } = useDeskPages();

const LONG_NAME = 'N'.repeat(5000);
const LONG_SUBJECT = 'S'.repeat(5000);
const LONG_VALUE = 'V'.repeat(5000);

interface DOMRectLike {
  readonly left: number;
  readonly right: number;
  readonly width: number;
}

/** How many lines of its font an element is tall (its box, not its text: clamped lines are hidden). */
function linesTall(element: Locator): Promise<number> {
  return element.evaluate((node) => {
    const box = (
      node as unknown as { getBoundingClientRect(): DOMRectLike & { height: number } }
    ).getBoundingClientRect();
    const style = (
      globalThis as unknown as {
        getComputedStyle(node: unknown): { lineHeight: string; fontSize: string };
      }
    ).getComputedStyle(node);
    // 'normal' is no number: a line of the font is then taken as 1.4 times its size.
    const line = Number.parseFloat(style.lineHeight) || Number.parseFloat(style.fontSize) * 1.4;
    return Math.round(box.height / line);
  });
}

/**
 * `value` (a ClampedValue's holder) is three lines at most at every size, with a "Show all"
 * button (aria-expanded false) that shows it whole and turns into "Show less", which holds it
 * again; the keyboard works it (Enter).
 */
async function expectHeldWithShowAll(value: Locator, what: string): Promise<void> {
  const text = value.getByTestId('clamped-text');
  const toggle = value.getByTestId('clamped-toggle');
  await atEverySize(value.page(), async (size) => {
    expect(await linesTall(text), `${what}'s lines at ${size}`).toBeLessThanOrEqual(3);
    expect(await toggle.getAttribute('aria-expanded'), `${what} at ${size}`).toBe('false');
    expect(await inWindowWidth(toggle), `${what}'s Show all at ${size}`).toBe(true);
  });
  expect(await toggle.innerText()).toBe('Show all');
  await toggle.focus();
  await value.page().keyboard.press('Enter');
  await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
  expect(await linesTall(text), `${what} shown whole`).toBeGreaterThan(10);
  expect(await toggle.innerText()).toBe('Show less');
  await value.page().keyboard.press('Enter');
  await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
  expect(await linesTall(text), `${what} held again`).toBeLessThanOrEqual(3);
}

const SIZES = [
  ['1280×800', { width: 1280, height: 800 }],
  ['200% zoom', ZOOM_200],
  ['320 px', REFLOW_320],
] as const;

async function atEverySize(page: Page, check: (size: string) => Promise<void>): Promise<void> {
  for (const [name, size] of SIZES) {
    await emulateWindow(page, size);
    await check(name);
  }
  await emulateWindow(page, { width: 1280, height: 800 });
}

describe('a 5,000-character name or subject without a space', () => {
  it('widens nothing and hides no button: the inbox row, the header, the e-mail pane', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator } = deskPage;
    await signInReady(page);
    const emailId = simulator.control.receiveEmail({
      from: 'long@example.com',
      fromPersonal: LONG_NAME,
      subject: LONG_SUBJECT,
      text: 'Hello',
    });
    const emailRow = row(page, emailId);
    await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Invited');
    const accept = emailRow.locator('.row__actions button.primary');
    await atEverySize(page, async (size) => {
      expect(await sideScroll(page), `side scroll at ${size}`).toBe(0);
      await accept.scrollIntoViewIfNeeded();
      expect(await inWindowWidth(accept), `row's Accept at ${size}`).toBe(true);
    });
    await accept.click();
    await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Accepted');
    await emailRow.locator('button.row__main').click();
    const meta = page.getByTestId('detail-meta');
    await expect.poll(() => meta.innerText()).toContain('NNNN');
    const subject = page.getByTestId('detail-subject');
    expect(await subject.getAttribute('title')).toBe(LONG_SUBJECT);
    expect(await page.getByTestId('detail-party').getAttribute('title')).toBe('long@example.com');
    const actions = page.locator('.detail__actions button:visible');
    await atEverySize(page, async (size) => {
      expect(await sideScroll(page), `side scroll at ${size}`).toBe(0);
      // The subject takes three lines at most; the name after it one, inside the window.
      expect(await linesTall(subject), `subject's lines at ${size}`).toBeLessThanOrEqual(3);
      expect(await inWindowWidth(page.getByTestId('detail-party')), `name at ${size}`).toBe(true);
      // The interaction's actions are in the window as it opens, without scrolling to them.
      const count = await actions.count();
      expect(count, `actions at ${size}`).toBeGreaterThan(0);
      for (let index = 0; index < count; index += 1) {
        const button = actions.nth(index);
        const label = await button.innerText();
        expect(await inWindowWidth(button), `"${label}" at ${size}`).toBe(true);
        expect(await inWindow(button), `"${label}" at ${size}`).toBe(true);
      }
    });
    // The pane's From: three lines at most, and a "Show all" that shows the whole name.
    const from = page.getByTestId('email-from');
    await expectHeldWithShowAll(from, 'From');
    await screenshotsAtThreeSizes(page, 'longNames', 'long-email');
    await darkScreenshotsAt1280And320(page, 'longNames', 'long-email');
    expect(deskPage.problems).toEqual([]);
  }, 120_000);

  it('wraps a chat customer’s long name in the transcript, the typing line and the closed box: no line runs out of the window', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator } = deskPage;
    await signInReady(page);
    // Long, not 5,000 letters: a sentence holding the whole of those would fill the window.
    const chatId = await acceptedChat(deskPage, {
      customerNickName: LONG_NAME.slice(0, 300),
      subject: 'Refund',
      firstMessage: 'Hello',
    });
    await row(page, chatId).locator('button.row__main').click();
    // The boxes of `selector` whose text takes more width than they have: a name running out.
    const overflowing = (selector: string) =>
      page.locator(selector).evaluateAll((elements) =>
        elements
          .map(
            (element) =>
              element as unknown as {
                scrollWidth: number;
                clientWidth: number;
                className: string;
                dataset: { testid?: string };
              },
          )
          .filter((element) => element.scrollWidth > element.clientWidth + 1)
          .map((element) => element.dataset.testid ?? element.className),
      );
    simulator.control.customerTyping(chatId, true);
    const typing = page.getByTestId('typing-indicator');
    await expect.poll(() => typing.innerText()).toContain('typing');
    for (const size of [{ width: 1280, height: 800 }, REFLOW_320]) {
      await emulateWindow(page, size);
      expect(await overflowing('[data-testid="typing-indicator"]')).toEqual([]);
      expect(await sideScroll(page)).toBe(0);
    }
    simulator.control.customerLeaves(chatId);
    const closed = page.getByTestId('composer-closed');
    await expect.poll(() => closed.count()).toBe(1);
    const log = page.getByRole('log', { name: 'Chat transcript' });
    for (const size of [{ width: 1280, height: 800 }, ZOOM_200, REFLOW_320]) {
      await emulateWindow(page, size);
      // Was: the name ran out of its message and past the window, "left the chat" after it
      // out of sight, and the transcript scrolled sideways.
      // The transcript, its lines, a message's name and time, the closed box's sentence.
      expect(
        await overflowing(
          '.transcript, .transcript__lines > li, .message__meta, [data-testid="composer-closed"]',
        ),
      ).toEqual([]);
      expect(await sideScroll(page)).toBe(0);
      expect(await log.locator('li', { hasText: 'left' }).innerText()).toContain('left');
    }
    await emulateWindow(page, { width: 1280, height: 800 });
    await screenshotsAtThreeSizes(page, 'longNames', 'long-chat-name');
    await darkScreenshotsAt1280And320(page, 'longNames', 'long-chat-name');
    expect(deskPage.problems).toEqual([]);
  }, 120_000);

  it('holds a case-data value to three lines with Show all, and names five of 500 participants with +497 more', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator } = deskPage;
    await signInReady(page);
    const chatId = await acceptedChat(deskPage, {
      customerNickName: 'Tom',
      subject: 'Refund',
      firstMessage: 'Hello',
      userData: { OrderNote: LONG_VALUE, Short: 'kept whole' },
    });
    const chat = simulator.world.interactions.get(chatId);
    if (chat === undefined) throw new Error(`${chatId} is not in the simulator`);
    for (let index = 1; index <= 500; index += 1)
      simulator.world.appendChatEvent(chat, {
        kind: 'PARTY_JOINED',
        party: { userId: `watcher-${index}`, userType: 'Agent', nickName: `Watcher ${index}` },
      });
    await row(page, chatId).locator('button.row__main').click();
    const caseValue = page.locator('[data-key="OrderNote"] dd');
    await expect.poll(() => caseValue.getByTestId('case-value').count()).toBe(1);
    await expectHeldWithShowAll(caseValue, 'the case-data value');
    // A value that fits is not cut and offers no button.
    const short = page.locator('[data-key="Short"] dd');
    expect(await short.getByTestId('case-value').innerText()).toBe('kept whole');
    expect(await short.getByTestId('clamped-toggle').count()).toBe(0);
    // The value of three lines starts as far below the row above as a value of one line does
    // (rows evenly spaced beside the Edit buttons of other rows: CaseDataPanel.vue).
    const [subject, appName, orderNote] = await page.evaluate<number[]>(
      `['Subject', 'ChatServerAppName', 'OrderNote'].map((key) =>
        document.querySelector('[data-key="' + key + '"] dt').getBoundingClientRect().top)`,
    );
    expect(
      Math.abs(Number(orderNote) - Number(appName) - (Number(appName) - Number(subject))),
    ).toBeLessThanOrEqual(1);

    const people = page.getByTestId('participants');
    const more = page.getByTestId('participants-more');
    await expect.poll(() => more.count()).toBe(1);
    expect(await people.locator('.collab__person').count()).toBe(5);
    expect(await more.innerText()).toBe('+497 more');
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    await more.click();
    await expect.poll(() => people.locator('.collab__person').count()).toBe(502);
    expect(await people.innerText()).toContain('Watcher 500');
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    await more.click();
    await expect.poll(() => people.locator('.collab__person').count()).toBe(5);
    await screenshotsAtThreeSizes(page, 'longNames', 'long-case-data');
    await darkScreenshotsAt1280And320(page, 'longNames', 'long-case-data');
    expect(deskPage.problems).toEqual([]);
  }, 120_000);
});
