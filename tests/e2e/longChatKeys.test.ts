import { describe, expect, it } from 'vitest';
import {
  acceptedChat,
  inWindow,
  screenshotsAtThreeSizes,
  signInReady,
  useDeskPages,
} from './deskHarness';

// Home in a long chat renders its first batch alone (ChatTranscript.vue); against the real desk
// core and simulator, lines the customer writes meanwhile.

const { open: openDeskPage } = useDeskPages();

const LINES = 300;

describe('a long chat read from its first line (Home)', () => {
  it('shows and reads out a line the customer writes meanwhile, the first lines staying in view; Home in the message box stays the box’s', async () => {
    const deskPage = await openDeskPage();
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
});
