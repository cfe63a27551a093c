import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from './axeAudit';
import {
  REFLOW_320,
  ZOOM_200,
  darkScreenshot,
  emulateWindow,
  focusedId,
  row,
  screenshotsAtThreeSizes,
  signInReady,
  type DeskPage,
  useDeskPages,
  connectionState,
} from './deskHarness';

// Which chats wait for the agent's answer, in Chromium against the real desk core, cache and GWS
// client talking to the simulator: a chat's row says how long its customer has waited since
// their first unanswered line (main works it out of the transcript), until the agent answers
// or the customer leaves. The simulator's clock is set back to have a line sent minutes ago.

const { open: openDeskPage } = useDeskPages();

const MINUTE = 60_000;

/** The simulator's clock, `behind` milliseconds behind this machine's. */
const clock = { behind: 0 };

/** A customer starts a chat (its first line sent `ago` ms ago); agent1 accepts it. */
async function acceptedChat(
  deskPage: DeskPage,
  customerNickName: string,
  subject: string,
  ago = 0,
): Promise<string> {
  const { page, simulator } = deskPage;
  clock.behind = ago;
  const chatId = simulator.control.startChat({
    customerNickName,
    subject,
    firstMessage: `Hello, ${subject.toLowerCase()}?`,
  });
  clock.behind = 0;
  const chatRow = row(page, chatId);
  await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Invited');
  await chatRow.getByRole('button', { name: 'Accept Chat from' }).click();
  await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Accepted');
  return chatId;
}

/** The last line a chat's row shows in place of its subject (without the comma read after it). */
async function lastLineOf(page: Page, chatId: string): Promise<string> {
  return (await row(page, chatId).getByTestId('row-last-line').innerText()).replace(/,$/u, '');
}

/** The row's wait badge text, or null when it shows none (read at once: it may go meanwhile). */
async function waitOf(page: Page, chatId: string): Promise<string | null> {
  const [text] = await row(page, chatId).getByTestId('reply-wait').allInnerTexts();
  return text ?? null;
}

describe('Chats waiting for an answer', () => {
  it('says in each chat’s row how long its customer has waited, until the agent answers or the customer leaves; after a reload too', async () => {
    const deskPage = await openDeskPage({
      simulator: { now: () => Date.now() - clock.behind },
    });
    const { page, simulator } = deskPage;
    await signInReady(page);
    const late = await acceptedChat(deskPage, 'Tom Baker', 'Order 1234 is late', 3 * MINUTE);
    const parcel = await acceptedChat(deskPage, 'Anna Berg', 'Where is my parcel');

    await expect.poll(() => waitOf(page, late)).toBe('Waiting 3 min');
    await expect.poll(() => waitOf(page, parcel)).toBe('Waiting <1 min');
    // Each row shows its chat's last line where an e-mail's shows the subject (kept as its title).
    expect(await lastLineOf(page, late)).toBe('Hello, order 1234 is late?');
    expect(await row(page, late).getByTestId('row-last-line').getAttribute('title')).toBe(
      'Order 1234 is late',
    );
    // Past a minute it stands out; the title says it in a sentence.
    const lateBadge = row(page, late).getByTestId('reply-wait');
    expect(await lateBadge.getAttribute('class')).toContain('reply-wait--long');
    expect(await row(page, parcel).getByTestId('reply-wait').getAttribute('class')).not.toContain(
      'reply-wait--long',
    );
    expect(await lateBadge.getAttribute('title')).toBe(
      'Tom Baker has waited 3 min for your answer.',
    );
    // The row's name (its text) says it too.
    expect(await row(page, late).getByRole('button').first().innerText()).toContain(
      'Waiting 3 min',
    );
    await expectAccessible(page, 'chats waiting for an answer');
    await screenshotsAtThreeSizes(page, 'reply-wait', 'two-chats-waiting');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(page, 'chats waiting for an answer, dark');
    await darkScreenshot(page, 'out/screenshots/reply-wait/two-chats-waiting-dark.png');

    // Alt+G opens the chat waiting longest (Tom's) with the keyboard in its message box; pressed
    // there, the one waiting longest but the open one (Anna's), and from hers, Tom's.
    const subject = page.getByTestId('detail-subject');
    for (const expected of ['Order 1234 is late', 'Where is my parcel', 'Order 1234 is late']) {
      await page.keyboard.press('Alt+G');
      await expect.poll(() => subject.innerText()).toBe(expected);
      await expect.poll(() => focusedId(page)).toBe('composer-text');
    }

    // The agent answers Tom: his row shows its state again. A line to the agents only would not
    // have answered him; his next line starts a new wait.
    await row(page, late)
      .getByRole('button', { name: /^Chat from Tom Baker/ })
      .click();
    await expect
      .poll(() => page.getByTestId('detail-subject').innerText())
      .toBe('Order 1234 is late');
    // The open chat says it too (in a narrow window it hides the list).
    const openWait = page.getByTestId('detail-meta').getByTestId('reply-wait');
    expect(await openWait.allInnerTexts()).toEqual(['Waiting 3 min']);
    await screenshotsAtThreeSizes(page, 'reply-wait', 'open-chat-waiting');
    // In a narrow window the list is out of sight: the way back says who else waits.
    await emulateWindow(page, REFLOW_320);
    const back = page.getByRole('button', { name: /Back to the list/ });
    await expect.poll(() => back.innerText()).toMatch(/1 other chat waiting$/u);
    // Its name says it too (the separator is read, not shown).
    expect(
      await page.getByRole('button', { name: 'Back to the list · 1 other chat waiting' }).count(),
    ).toBe(1);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(page, 'the way back saying who else waits, dark');
    await darkScreenshot(page, 'out/screenshots/reply-wait/open-chat-waiting-320-dark.png');
    await emulateWindow(page, { width: 1280, height: 800 });
    const box = page.getByLabel('Message', { exact: true });
    await box.fill('Sorry for the wait, Tom. Let me look.');
    await box.press('Enter');
    await expect.poll(() => waitOf(page, late)).toBeNull();
    expect(await openWait.count()).toBe(0);
    await expect
      .poll(() => lastLineOf(page, late))
      .toMatch(/: \u2068Sorry for the wait, Tom\. Let me look\.\u2069$/u);
    expect(await row(page, late).locator('.row__state').innerText()).toBe('Accepted');
    // Answered, on to the customer still waiting, from the message box.
    await page.keyboard.press('Alt+G');
    await expect.poll(() => subject.innerText()).toBe('Where is my parcel');
    await expect.poll(() => focusedId(page)).toBe('composer-text');
    // Nobody else waits: the key leaves Anna's chat open (and types nothing in her box).
    await page.keyboard.press('Alt+G');
    expect(await page.getByLabel('Message', { exact: true }).inputValue()).toBe('');
    expect(await subject.innerText()).toBe('Where is my parcel');
    // From Tom's chat, the history on show: the inbox comes back, with Anna's chat.
    await row(page, late)
      .getByRole('button', { name: /^Chat from Tom Baker/ })
      .click();
    await expect.poll(() => subject.innerText()).toBe('Order 1234 is late');
    await page.locator('#tab-history').click();
    await expect
      .poll(() => page.locator('#tab-history').getAttribute('aria-selected'))
      .toBe('true');
    await page.keyboard.press('Alt+G');
    await expect.poll(() => page.locator('#tab-inbox').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => subject.innerText()).toBe('Where is my parcel');
    await expect.poll(() => focusedId(page)).toBe('composer-text');
    simulator.control.customerSays(late, 'Thank you.');
    await expect.poll(() => waitOf(page, late)).toBe('Waiting <1 min');
    // Anna leaves: nobody waits in her chat any more.
    simulator.control.customerLeaves(parcel);
    await expect.poll(() => waitOf(page, parcel)).toBeNull();
    await expect.poll(() => lastLineOf(page, parcel)).toBe('Anna Berg left the chat');
    expect(await lastLineOf(page, late)).toBe('Thank you.');

    // A page loaded again reads the rows from main, the waits with them.
    await page.reload();
    await expect.poll(() => connectionState(page)).toBe('connected');
    await expect.poll(() => waitOf(page, late)).toBe('Waiting <1 min');
    expect(await waitOf(page, parcel)).toBeNull();
    // The last lines with them.
    expect(await lastLineOf(page, late)).toBe('Thank you.');
    expect(await lastLineOf(page, parcel)).toBe('Anna Berg left the chat');
    // At 200% zoom and in a narrow window the list and the open chat take turns: the list, back
    // from Tom's chat (open again after the reload), the badge beside the subject.
    for (const [size, name] of [
      [ZOOM_200, 'list-zoom200'],
      [REFLOW_320, 'list-320'],
    ] as const) {
      await emulateWindow(page, size);
      const back = page.getByRole('button', { name: /Back to the list/ });
      if ((await back.count()) > 0) await back.click();
      await expect.poll(() => row(page, late).isVisible()).toBe(true);
      await page.screenshot({ path: `out/screenshots/reply-wait/${name}.png` });
    }
    await emulateWindow(page, { width: 1280, height: 800 });
    expect(deskPage.problems).toEqual([]);
  });
  it('counts a wait by the server’s clock on a server 10 minutes behind: a customer who just wrote waits “<1 min”, after a reload too', async () => {
    // The server's clock (its line times and its answers' Date) 10 minutes behind this machine's:
    // main tells the renderer the difference, and the renderer's clock moves every wait by it.
    const deskPage = await openDeskPage({ simulator: { now: () => Date.now() - 10 * MINUTE } });
    const { page } = deskPage;
    await signInReady(page);
    const chatId = await acceptedChat(deskPage, 'Tom Baker', 'Order 1234 is late');
    await expect.poll(() => waitOf(page, chatId)).toBe('Waiting <1 min');
    // A page loaded again missed the change set that told the difference: it asks main.
    await page.reload();
    await expect.poll(() => waitOf(page, chatId)).toBe('Waiting <1 min');
  });

  it('closes the message box once the customer left, says why, and keeps what was typed', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator } = deskPage;
    await signInReady(page);
    const chatId = await acceptedChat(deskPage, 'Tom Baker', 'Order 1234 is late');
    await row(page, chatId)
      .getByRole('button', { name: /^Chat from Tom Baker/ })
      .click();
    const box = page.getByLabel('Message', { exact: true });
    await box.fill('One moment, I am checking the');
    expect(await page.getByTestId('composer-closed').count()).toBe(0);
    const actions = page.getByRole('toolbar', { name: 'Actions' });
    const handOn = () =>
      Promise.all([
        actions.getByRole('button', { name: 'Transfer' }).count(),
        page.getByRole('button', { name: 'Consult' }).count(),
      ]);
    expect(await handOn()).toEqual([1, 1]);

    simulator.control.customerLeaves(chatId);
    const closed = page.getByTestId('composer-closed');
    await expect
      .poll(() => closed.innerText())
      .toBe(
        'Tom Baker left the chat: what you write no longer reaches them. Press Done when you have finished.',
      );
    expect(await box.getAttribute('aria-disabled')).toBe('true');
    expect(await box.isEditable()).toBe(false);
    expect(await box.inputValue()).toBe('One moment, I am checking the');
    // The box keeps the focus it had (a disabled one dropped it to the page).
    expect(await focusedId(page)).toBe('composer-text');
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
    // The sentence is what the box is described by, for a screen reader.
    expect(await box.getAttribute('aria-describedby')).toBe('composer-closed');
    // Nobody left to help: the chat is not offered to a colleague or a queue.
    expect(await handOn()).toEqual([0, 0]);
    await expectAccessible(page, 'a chat its customer left');
    await screenshotsAtThreeSizes(page, 'reply-wait', 'customer-left');
    await darkScreenshot(page, 'out/screenshots/reply-wait/customer-left-dark.png');
    // Done closes it, as the sentence says.
    await page
      .getByRole('toolbar', { name: 'Actions' })
      .getByRole('button', { name: 'Done' })
      .click();
    await expect.poll(() => row(page, chatId).count()).toBe(0);
    expect(deskPage.problems).toEqual([]);
  });
});
