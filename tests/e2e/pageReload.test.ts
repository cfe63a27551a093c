import { describe, expect, it } from 'vitest';
import { acceptedChat, connectionState, row, signInReady, useDeskPages } from './deskHarness';

// The desk's page loaded again (its renderer lost, the developer menu's Reload) while main keeps
// the session: the page must come back to the agent's work as main and the server have it.

const { open: openDeskPage } = useDeskPages();

/** The page's problems but its requests a reload cut short (a favicon, a script still loading). */
function problemsBut(problems: readonly string[]): string[] {
  return problems.filter((problem) => !problem.includes('net::ERR_ABORTED'));
}

describe('a page loaded again', () => {
  it('a chat line sent as the page went is not back in the message box of the page loaded again', async () => {
    let release: () => void = () => undefined;
    let held = 0;
    const deskPage = await openDeskPage({
      handlers: (handlers) => ({
        ...handlers,
        interactions: {
          ...handlers.interactions,
          sendMessage: async (...args) => {
            held += 1;
            await new Promise<void>((resolve) => {
              release = resolve;
            });
            return handlers.interactions.sendMessage(...args);
          },
        },
      }),
    });
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const chatId = await acceptedChat(deskPage, {
      customerNickName: 'Tom Baker',
      subject: 'Order 1234 is late',
      firstMessage: 'Hello, my order 1234 has not arrived.',
    });
    await row(page, chatId).locator('button.row__main').click();
    const box = page.getByLabel('Message', { exact: true });
    await box.fill('It left our warehouse today.');
    await box.press('Enter');
    await expect.poll(() => held).toBe(1);
    await page.reload();
    release();
    const sent = () =>
      simulator.world.interactions
        .get(chatId)
        ?.chat?.events.filter((event) => event.text === 'It left our warehouse today.').length;
    await expect.poll(sent).toBe(1);
    await expect.poll(() => connectionState(page)).toBe('connected');
    await expect
      .poll(() => page.getByTestId('detail-subject').innerText())
      .toBe('Order 1234 is late');
    await expect
      .poll(() => page.locator('.transcript').innerText())
      .toContain('It left our warehouse today.');
    await page.waitForTimeout(500);
    expect(await box.inputValue()).toBe('');
    expect(problemsBut(problems)).toEqual([]);
  });

  it('a chat line whose send was left in doubt is said to be in doubt in the page loaded again', async () => {
    const deskPage = await openDeskPage({ requestTimeoutMs: 1_500 });
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const chatId = await acceptedChat(deskPage, {
      customerNickName: 'Anna',
      subject: 'Refund',
      firstMessage: 'Hi',
    });
    await row(page, chatId).locator('button.row__main').click();
    const box = page.getByLabel('Message', { exact: true });
    await box.fill('Your refund is approved');
    await expect
      .poll(() =>
        simulator.control
          .typingNotices(chatId)
          .filter((notice) => notice.userType === 'Agent')
          .map((notice) => notice.noticeType),
      )
      .toEqual(['TypingStarted']);
    simulator.control.failNextRequests(['silent']);
    await box.press('Enter');
    const doubt =
      'Your message may not have been sent. The server did not answer in time. If it does not show in the chat, send it again.';
    await expect
      .poll(() => page.getByRole('alert').innerText(), { timeout: 10_000 })
      .toContain(doubt);
    await page.reload();
    await expect.poll(() => box.inputValue(), { timeout: 10_000 }).toBe('Your refund is approved');
    // The page loaded again says what the lost one said: the agent looks before sending again.
    await expect
      .poll(async () => (await page.getByRole('alert').allInnerTexts()).join('\n'))
      .toContain(doubt);
    expect(await row(page, chatId).getByTestId('row-failed').count()).toBe(0);
    // Sent again (it never went), the doubt is over.
    await box.press('Enter');
    await expect
      .poll(
        () =>
          simulator.world.interactions
            .get(chatId)
            ?.chat?.events.filter((event) => event.text === 'Your refund is approved').length,
      )
      .toBe(1);
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
    expect(problemsBut(problems)).toEqual([]);
  });

  it('tells the customer the agent stopped typing when the page went mid-word', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const chatId = await acceptedChat(deskPage, {
      customerNickName: 'Tom Baker',
      subject: 'Order 1234 is late',
      firstMessage: 'Hello, my order 1234 has not arrived.',
    });
    await row(page, chatId).locator('button.row__main').click();
    const agentNotices = () =>
      simulator.control
        .typingNotices(chatId)
        .filter((notice) => notice.userType === 'Agent')
        .map((notice) => notice.noticeType);
    const box = page.getByLabel('Message', { exact: true });
    await box.pressSequentially('Let me look', { delay: 30 });
    await expect.poll(agentNotices).toEqual(['TypingStarted']);
    await page.reload();
    await expect.poll(() => box.inputValue()).toBe('Let me look');
    // The page loaded again does not type: the customer must not read "typing" for good.
    await expect
      .poll(agentNotices, { timeout: 10_000 })
      .toEqual(['TypingStarted', 'TypingStopped']);
    expect(problemsBut(problems)).toEqual([]);
  });

  it('an Accept pressed again in a page loaded while the first was on its way is not refused', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const chatId = simulator.control.startChat({
      customerNickName: 'Anna',
      subject: 'Question',
      firstMessage: 'Hello, this is Anna.',
    });
    const chatRow = row(page, chatId);
    const accept = chatRow.locator('.row__actions button.primary');
    await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Invited');
    // A slow server, and the page goes as the Accept waits for its answer.
    simulator.control.stall(4_000);
    await accept.click();
    await expect
      .poll(() => deskPage.bridge.calls.some((call) => call.channel.endsWith(':accept')))
      .toBe(true);
    await page.reload();
    // Still ringing as far as the page loaded again knows: the agent accepts it (again).
    await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Invited');
    await accept.click();
    await expect
      .poll(() => chatRow.getAttribute('data-state'), { timeout: 10_000 })
      .toBe('Accepted');
    await page.waitForTimeout(500);
    expect(await page.getByRole('alert').allInnerTexts()).toEqual([]);
    expect(problemsBut(problems)).toEqual([]);
  });

  it('a Reject pressed again in a page loaded while the first was on its way is not said to be taken by another agent', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const chatId = simulator.control.startChat({
      customerNickName: 'Anna',
      subject: 'Question',
      firstMessage: 'Hello, this is Anna.',
    });
    const chatRow = row(page, chatId);
    const reject = chatRow.locator('.row__actions').getByRole('button', { name: /^Reject/u });
    await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Invited');
    simulator.control.stall(4_000);
    await reject.click();
    await expect
      .poll(() => deskPage.bridge.calls.some((call) => call.channel.endsWith(':reject')))
      .toBe(true);
    await page.reload();
    await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Invited');
    await reject.click();
    await expect.poll(() => chatRow.count(), { timeout: 10_000 }).toBe(0);
    await page.waitForTimeout(500);
    expect(await page.getByRole('alert').allInnerTexts()).toEqual([]);
    expect(problemsBut(problems)).toEqual([]);
  });
});
