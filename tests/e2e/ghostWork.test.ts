import { describe, expect, it } from 'vitest';
import enInteraction from '../../common/i18n/en/interaction';
import {
  acceptedChat,
  darkScreenshotsAt1280And320,
  row,
  screenshotsAtThreeSizes,
  signInReady,
  useDeskPages,
} from './deskHarness';

// A chat the server let go of without a word (the notification lost, a supervisor's action, a
// server-side timeout), in the shipped renderer in Chromium against the real desk core and the
// simulator: the agent's next line is refused "not found", and the desk, having asked the
// server's list, shows the chat ended (with the line that was not sent, as for any chat ended
// under the agent) and no longer as the agent's work.
// It stayed in the inbox, every action on it refused, until some later resync.

const { open: openDeskPage } = useDeskPages();

describe('work the server let go of unheard, in Chromium', () => {
  it('ends a chat the server no longer has at the refused line, and keeps the line unsent in sight', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const chatId = await acceptedChat(deskPage, {
      customerNickName: 'Tom Baker',
      subject: 'Order 1234 is late',
      firstMessage: 'Hello, my order 1234 has not arrived.',
    });
    await row(page, chatId).locator('button.row__main').click();

    // The agent's typing is told to the server (TypingStarted) before the chat is dropped: a
    // notice refused "not found" would end the chat before the line is sent, with the box gone
    // (the same words on screen, by another path; a race this test once lost in CI).
    const box = page.getByLabel('Message', { exact: true });
    await box.fill('Let me check that for you.');
    await expect
      .poll(() => simulator.control.typingNotices(chatId).map((notice) => notice.noticeType))
      .toEqual(['TypingStarted']);
    expect(simulator.control.dropSilently(chatId)).toBe(true);
    await box.press('Enter');

    // The desk's words for a chat that ended under the agent, with the line that was not sent.
    const unsent = enInteraction.endedUnder.notSent.replace('{text}', 'Let me check that for you.');
    await expect
      .poll(() => page.getByText(`${enInteraction.endedUnder.unknown} ${unsent}`).isVisible())
      .toBe(true);
    expect(await row(page, chatId).count()).toBe(0);
    expect(await page.getByText('Chat · Ended').isVisible()).toBe(true);
    await screenshotsAtThreeSizes(page, 'ghostwork', 'line-refused');
    await darkScreenshotsAt1280And320(page, 'ghostwork', 'line-refused');
    expect(problems).toEqual([]);
  });
});
