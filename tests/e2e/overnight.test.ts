import { describe, expect, it } from 'vitest';
import { acceptedChat, row, signInReady, useDeskPages } from './deskHarness';

// The desk across a night in Chromium, on the page's own clock and timezone, against the real desk
// core and the simulator: a laptop shut in the evening and opened the next morning. Its timers
// were held back while it slept (Playwright's `setSystemTime` moves the time without running
// them), so a timer due at midnight fires hours after the day changed.

const { open: openDeskPage } = useDeskPages();

describe('A desk left overnight', () => {
  for (const timezoneId of ['Europe/Berlin', 'America/New_York']) {
    it(`gives yesterday's rows their day soon after waking, not at the hour a held-back timer fires (${timezoneId})`, async () => {
      const { page, simulator } = await openDeskPage({ timezoneId, clock: Date.now() });
      await signInReady(page);
      const chatId = await acceptedChat(
        { page, simulator },
        { customerNickName: 'Tom Baker', subject: 'Order 1234 is late', firstMessage: 'Hello?' },
      );
      const time = row(page, chatId).locator('time').first();
      const evening = await time.innerText();
      // Seven in the morning after, in the page's timezone.
      const morning = await page.evaluate(() => {
        const now = new Date();
        return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 7).getTime();
      });
      await page.clock.setSystemTime(morning);
      // A minute awake.
      await page.clock.runFor(60_000);
      await expect.poll(() => time.innerText(), { timeout: 2_000 }).not.toBe(evening);
      // The day and the time of day, as the row of an older interaction shows them.
      expect(await time.innerText()).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d{2} [AP]M$/u);
    });
  }
});

describe('A desk taken to another timezone', () => {
  it('shows its rows’ and lines’ times in the new timezone within a minute of the change, as a page opened there does', async () => {
    // In this machine's timezone: a context's timezone stays put (the DevTools override below
    // is refused where one is in effect).
    const { page, simulator } = await openDeskPage({ clock: Date.now() });
    await signInReady(page);
    const chatId = await acceptedChat(
      { page, simulator },
      { customerNickName: 'Tom Baker', subject: 'Order 1234 is late', firstMessage: 'Hello?' },
    );
    // The row's time and the open chat's line's (a line renders once, then is reused).
    const times = [
      row(page, chatId).locator('time').first(),
      page.getByRole('log', { name: 'Chat transcript' }).locator('time').first(),
    ];
    /** The times shown, as a page writes them now, in the timezone it is in now. */
    const written = () =>
      Promise.all(
        times.map(async (time) =>
          page.evaluate(
            (iso) => new Intl.DateTimeFormat('en-US', { timeStyle: 'short' }).format(new Date(iso)),
            (await time.getAttribute('datetime')) ?? '',
          ),
        ),
      );
    // A notice's time follows its words after a dot.
    const shown = () =>
      Promise.all(times.map(async (time) => (await time.innerText()).replace(/^· /u, '')));
    const before = await shown();
    expect(before).toEqual(await written());
    // The laptop, taken home, is told its new timezone (Chromium tells the page as the DevTools
    // override does: the page's dates follow it, and new formatters).
    const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    const devtools = await page.context().newCDPSession(page);
    await devtools.send('Emulation.setTimezoneOverride', {
      timezoneId: zone === 'Asia/Tokyo' ? 'America/New_York' : 'Asia/Tokyo',
    });
    const after = await written();
    expect(after[0]).not.toBe(before[0]);
    await page.clock.runFor(61_000);
    await expect.poll(shown, { timeout: 2_000 }).toEqual(after);
  });
});

describe('A desk whose clock is set back', () => {
  it("still times out the customer's typing and tells the customer the agent stopped typing, on time", async () => {
    const { page, simulator, problems } = await openDeskPage({ clock: Date.now() });
    await signInReady(page);
    const chatId = await acceptedChat(
      { page, simulator },
      { customerNickName: 'Anna', subject: 'Where is my parcel?', firstMessage: 'Hello?' },
    );
    const indicator = page.getByTestId('typing-indicator');
    const agentNotices = () =>
      simulator.control
        .typingNotices(chatId)
        .filter((notice) => notice.userType === 'Agent')
        .map((notice) => notice.noticeType);
    // Anna starts typing (her browser will close mid-word: no TypingStopped comes), and so does
    // the agent.
    simulator.control.customerTyping(chatId, true);
    await expect.poll(async () => (await indicator.innerText()).trim()).toBe('Anna is typing…');
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.click();
    await box.pressSequentially('Let me look');
    await expect.poll(agentNotices).toEqual(['TypingStarted']);
    // The PC's clock is set back ten minutes (an NTP correction, the clock set right by hand).
    const now = await page.evaluate(() => Date.now());
    await page.clock.setSystemTime(now - 10 * 60_000);
    // The keys rest, and no word of Anna's comes for longer than a typing notice counts.
    await page.clock.runFor(16_000);
    await expect.poll(agentNotices, { timeout: 2_000 }).toEqual(['TypingStarted', 'TypingStopped']);
    await expect
      .poll(async () => (await indicator.innerText()).trim(), { timeout: 2_000 })
      .toBe('');
    expect(problems).toEqual([]);
  });
});
