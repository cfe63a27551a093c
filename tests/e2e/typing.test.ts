import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/server';
import {
  acceptedChat,
  type DeskPage,
  screenshotsAtThreeSizes,
  signInReady,
  useDeskPages,
} from './deskHarness';

// Typing indicators, in Chromium against the real desk core, cache and GWS client talking to
// the simulator: the customer's typing (the simulator's control makes her type) shows under the
// transcript until her line arrives, and the agent's own typing reaches the simulator as one
// TypingStarted and, once the keys rest, one TypingStopped.

const { open: openDeskPage } = useDeskPages();

/** Anna starts a chat and the desk's agent accepts it, its view open; answers its id. */
async function annasChat(deskPage: DeskPage): Promise<string> {
  const chatId = await acceptedChat(deskPage, {
    customerNickName: 'Anna',
    subject: 'Where is my parcel?',
    firstMessage: 'Hello, my parcel has not arrived.',
  });
  await expect
    .poll(() => deskPage.page.getByTestId('detail-subject').innerText())
    .toBe('Where is my parcel?');
  return chatId;
}

/** What the tests below call on the page's `window.switchboard` (no DOM types here). */
interface PageWithBridge {
  readonly switchboard: { readonly settings: { get(): Promise<unknown> } };
}

/**
 * A desk page on Playwright's clock (flowing with the real time until a test moves or pauses
 * it) whose SendNotification calls are counted until main has answered them: `noticesSettled`
 * waits until every notice the page has sent so far has reached the server, so a test that
 * runs the page's timers instead of waiting for them still sees what they sent.
 */
async function openTypingDeskPage(): Promise<{
  deskPage: DeskPage;
  noticesSettled: () => Promise<void>;
}> {
  let unanswered = 0;
  const deskPage = await openDeskPage({
    clock: Date.now(),
    handlers: (handlers) => ({
      ...handlers,
      interactions: {
        ...handlers.interactions,
        sendNotification: async (...args) => {
          unanswered += 1;
          try {
            await handlers.interactions.sendNotification(...args);
          } finally {
            unanswered -= 1;
          }
        },
      },
    }),
  });
  const noticesSettled = async () => {
    // Calls reach main through one binding, in order: a notice the page sent before this call
    // is being answered once this one is.
    await deskPage.page.evaluate(() =>
      (globalThis as unknown as PageWithBridge).switchboard.settings.get(),
    );
    await expect.poll(() => unanswered).toBe(0);
  };
  return { deskPage, noticesSettled };
}

/** The agent's typing notices the simulator heard on the chat, in order. */
function agentNoticesOf(simulator: Simulator, chatId: string): string[] {
  return simulator.control
    .typingNotices(chatId)
    .filter((notice) => notice.userType === 'Agent')
    .map((notice) => notice.noticeType);
}

describe('Typing indicators', () => {
  it("shows the customer's typing under the transcript, politely announced, until her line arrives", async () => {
    const deskPage = await openDeskPage();
    const { page, simulator } = deskPage;
    await signInReady(page);
    const chatId = await annasChat(deskPage);
    const indicator = page.getByTestId('typing-indicator');
    await expect.poll(() => indicator.getAttribute('aria-live')).toBe('polite');
    expect((await indicator.innerText()).trim()).toBe('');

    simulator.control.customerTyping(chatId, true);
    await expect.poll(async () => (await indicator.innerText()).trim()).toBe('Anna is typing…');
    await screenshotsAtThreeSizes(page, 'typing', 'customer-typing');

    simulator.control.customerSays(chatId, 'It was due on Monday.');
    const transcript = page.getByRole('log', { name: 'Chat transcript' });
    await expect.poll(() => transcript.innerText()).toContain('It was due on Monday.');
    await expect.poll(async () => (await indicator.innerText()).trim()).toBe('');
    // Typing is news of the moment: neither the transcript nor the cache holds it.
    expect(await transcript.innerText()).not.toContain('Typing');
    const stored = await deskPage.desk.handlers.interactions.get(chatId);
    expect(stored?.transcript.filter((line) => line.kind === 'notice')).toEqual([]);

    // The customer's own TypingStopped clears it as well.
    simulator.control.customerTyping(chatId, true);
    await expect.poll(async () => (await indicator.innerText()).trim()).toBe('Anna is typing…');
    simulator.control.customerTyping(chatId, false);
    await expect.poll(async () => (await indicator.innerText()).trim()).toBe('');
    expect(deskPage.problems).toEqual([]);
  });

  it("sends the agent's typing: exactly one TypingStarted while typing, then TypingStopped once the keys rest", async () => {
    const { deskPage, noticesSettled } = await openTypingDeskPage();
    const { page, simulator } = deskPage;
    await signInReady(page);
    const chatId = await annasChat(deskPage);
    const agentNotices = () => agentNoticesOf(simulator, chatId);

    const box = page.getByRole('textbox', { name: 'Message' });
    await box.click();
    // Two seconds of typing, a key every 100 ms.
    await box.pressSequentially('Let me look that up for you', { delay: 75 });
    expect(agentNotices()).toEqual(['TypingStarted']);
    await expect.poll(agentNotices, { timeout: 8_000 }).toEqual(['TypingStarted', 'TypingStopped']);
    const [started, stopped] = simulator.control
      .typingNotices(chatId)
      .filter((notice) => notice.userType === 'Agent');
    // Stopped once the keys had rested ~3 s, not at the first pause between two keys.
    expect((stopped?.at ?? 0) - (started?.at ?? 0)).toBeGreaterThanOrEqual(3_000);

    // Sending the line: it arrives, and no notice beyond the gap's one follows.
    await box.press('Enter');
    const transcript = page.getByRole('log', { name: 'Chat transcript' });
    await expect.poll(() => transcript.innerText()).toContain('Let me look that up for you');
    // Four seconds of the page's time (past the 3 s gap after the last notice), run at once.
    await page.clock.runFor(4_000);
    await noticesSettled();
    expect(agentNotices()).toEqual(['TypingStarted', 'TypingStopped']);
    expect(deskPage.problems).toEqual([]);
  });

  it('sends the TypingStopped again when the server failed it, so the customer does not read "typing" for good', async () => {
    // On Playwright's clock: the keys' 3 s rest and the back-off's 6 s are run, not waited for.
    const deskPage = await openDeskPage({ clock: Date.now() });
    const { page, simulator } = deskPage;
    await signInReady(page);
    const chatId = await annasChat(deskPage);
    const agentNotices = () => agentNoticesOf(simulator, chatId);

    const box = page.getByRole('textbox', { name: 'Message' });
    await box.click();
    await box.pressSequentially('Let me look', { delay: 75 });
    await expect.poll(agentNotices).toEqual(['TypingStarted']);
    // The next request, the stop once the keys rest, meets a server that cannot take it.
    simulator.control.failNextRequests(['unavailable']);
    // The page's time moved on a second at each look, until the stop is sent again and arrives.
    await expect
      .poll(async () => {
        await page.clock.runFor(1_000);
        return agentNotices();
      })
      .toEqual(['TypingStarted', 'TypingStopped']);
    expect(simulator.control.dropRequestFaults()).toBe(0);
    expect(deskPage.problems).toEqual([]);
  });
});

describe("The agent's typing across chats", () => {
  it("is still told as typing when the agent comes back to a chat within the notices' gap and types on", async () => {
    const { deskPage, noticesSettled } = await openTypingDeskPage();
    const { page, simulator } = deskPage;
    await signInReady(page);
    const annaId = await annasChat(deskPage);
    const bosId = await acceptedChat(deskPage, {
      customerNickName: 'Bo',
      subject: 'Invoice',
      firstMessage: 'Hi, about my invoice.',
    });
    const chatRow = (id: string) =>
      page.locator(`.row[data-interaction-id="${id}"] button.row__main`);
    const subject = page.getByTestId('detail-subject');
    const box = page.getByRole('textbox', { name: 'Message' });
    await chatRow(annaId).click();
    await expect.poll(() => subject.innerText()).toBe('Where is my parcel?');
    await box.click();
    await box.pressSequentially('Let me', { delay: 50 });
    await expect.poll(() => agentNoticesOf(simulator, annaId)).toEqual(['TypingStarted']);
    // A look at Bo's chat and straight back (well within the 3 s between two notices), then
    // Anna's answer typed on for four seconds of the page's time, a key every 120 ms of it.
    await chatRow(bosId).click();
    await expect.poll(() => subject.innerText()).toBe('Invoice');
    await chatRow(annaId).click();
    await expect.poll(() => subject.innerText()).toBe('Where is my parcel?');
    await box.click();
    await box.press('End');
    for (const key of ' look that up for you, one moment') {
      await page.keyboard.type(key);
      await page.clock.runFor(120);
    }
    await noticesSettled();
    // Still typing: the last thing Anna's side was told is that the agent types.
    expect(agentNoticesOf(simulator, annaId).at(-1)).toBe('TypingStarted');
    expect(deskPage.problems).toEqual([]);
  });
});
