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
    const deskPage = await openDeskPage();
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
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(agentNotices()).toEqual(['TypingStarted', 'TypingStopped']);
    expect(deskPage.problems).toEqual([]);
  });

  it('sends the TypingStopped again when the server failed it, so the customer does not read "typing" for good', async () => {
    const deskPage = await openDeskPage();
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
    await expect
      .poll(agentNotices, { timeout: 15_000 })
      .toEqual(['TypingStarted', 'TypingStopped']);
    expect(simulator.control.dropRequestFaults()).toBe(0);
    expect(deskPage.problems).toEqual([]);
  });
});

describe("The agent's typing across chats", () => {
  it("is still told as typing when the agent comes back to a chat within the notices' gap and types on", async () => {
    const deskPage = await openDeskPage();
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
    // Anna's answer typed on for a while.
    await chatRow(bosId).click();
    await expect.poll(() => subject.innerText()).toBe('Invoice');
    await chatRow(annaId).click();
    await expect.poll(() => subject.innerText()).toBe('Where is my parcel?');
    await box.click();
    await box.press('End');
    await box.pressSequentially(' look that up for you, one moment', { delay: 120 });
    // Still typing: the last thing Anna's side was told is that the agent types.
    expect(agentNoticesOf(simulator, annaId).at(-1)).toBe('TypingStarted');
    expect(deskPage.problems).toEqual([]);
  });
});
