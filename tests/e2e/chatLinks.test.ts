import { describe, expect, it } from 'vitest';
import { expectAccessible } from './axeAudit';
import {
  acceptedChat,
  darkScreenshot,
  focusedText,
  screenshotsAtThreeSizes,
  signInReady,
  useDeskPages,
} from './deskHarness';

// Web addresses a customer writes in a chat, in Chromium against the real desk core, cache and
// GWS client talking to the simulator: each is a link in the transcript that opens nothing by
// itself. Activated (mouse or keyboard), the desk shows its real target under the transcript and
// sends it to the OS's browser only on "Open link", only if it is a public https page; any link's
// address can be copied instead.

// No host name resolves in this file's Chromium: were a link to navigate the page, the attempt
// would fail here (a "requestfailed" among the page's problems) instead of leaving the machine.
const { open: openDeskPage } = useDeskPages([
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
]);

describe('Links in a chat', () => {
  it('shows the target of a link the customer wrote and opens it only when the agent says so', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, os } = deskPage;
    await signInReady(page);
    const chatId = await acceptedChat(deskPage, {
      customerNickName: 'Anna',
      subject: 'Where is my parcel?',
      firstMessage: 'Hello, my parcel has not arrived.',
    });

    simulator.control.customerSays(
      chatId,
      'The tracking page (https://parcels.com/track?id=7741) says delivered. Also see www.shop.com/orders/7, or http://old-shop.com.',
    );
    const transcript = page.getByRole('log', { name: 'Chat transcript' });
    const links = transcript.getByRole('link');
    await expect.poll(() => links.count()).toBe(3);
    // Each link is the address as written; the sentence's bracket and full stop stay text.
    expect(await links.allInnerTexts()).toEqual([
      'https://parcels.com/track?id=7741',
      'www.shop.com/orders/7',
      'http://old-shop.com',
    ]);
    expect(await transcript.locator('.message__text').last().innerText()).toBe(
      'The tracking page (https://parcels.com/track?id=7741) says delivered. Also see www.shop.com/orders/7, or http://old-shop.com.',
    );

    // Clicked: the question, the real target, the focus on the question; nothing left the desk.
    await links.first().click();
    const confirm = page.getByRole('alertdialog', { name: 'Open this link in your browser?' });
    await expect
      .poll(() => confirm.getByTestId('link-confirm-target').innerText())
      .toBe('https://parcels.com/track?id=7741');
    await expect.poll(() => focusedText(page)).toMatch(/^Open this link in your browser\?/u);
    expect(page.url()).not.toContain('parcels.com');
    expect(os.browsed).toEqual([]);
    await expectAccessible(page, 'a chat link waiting to be opened');
    await screenshotsAtThreeSizes(page, 'chat-links', 'link-question');
    await darkScreenshot(page, 'out/screenshots/chat-links/link-question-dark.png');
    await confirm.getByRole('button', { name: 'Open link' }).click();
    await expect.poll(() => os.browsed).toEqual(['https://parcels.com/track?id=7741']);
    await expect.poll(() => confirm.count()).toBe(0);

    // With the keyboard: a bare address is asked about as https. Enter held down (repeating)
    // opens the question, not the link. Escape closes the question and gives the focus back.
    await links.nth(1).focus();
    await page.keyboard.down('Enter');
    await page.keyboard.down('Enter');
    await page.keyboard.up('Enter');
    await expect
      .poll(() => confirm.getByTestId('link-confirm-target').innerText())
      .toBe('https://www.shop.com/orders/7');
    expect(os.browsed).toEqual(['https://parcels.com/track?id=7741']);
    await page.keyboard.press('Escape');
    await expect.poll(() => confirm.count()).toBe(0);
    await expect.poll(() => focusedText(page)).toBe('www.shop.com/orders/7');

    // Plain http is shown, and can be copied, but not opened.
    await links.nth(2).click();
    const refused = page.getByRole('alertdialog');
    await expect
      .poll(() => refused.innerText())
      .toContain('Switchboard opens only secure (https) links to public web sites.');
    expect(await refused.getByRole('button', { name: 'Open link' }).count()).toBe(0);
    await refused.getByRole('button', { name: 'Cancel' }).click();
    expect(os.browsed).toEqual(['https://parcels.com/track?id=7741']);
    await expect.poll(() => focusedText(page)).toBe('http://old-shop.com');

    // A host in look-alike letters (a Cyrillic "а") is shown as the browser reaches it, and said.
    simulator.control.customerSays(chatId, 'Claim it here: https://p\u0430ypal.com/refund');
    await expect.poll(() => links.count()).toBe(4);
    await links.nth(3).click();
    await expect
      .poll(() => confirm.getByTestId('link-confirm-target').innerText())
      .toBe('https://xn--pypal-4ve.com/refund');
    await expect
      .poll(() => confirm.getByTestId('link-confirm-look-alike').innerText())
      .toContain('letters of another alphabet');
    await screenshotsAtThreeSizes(page, 'chat-links', 'look-alike-question');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(os.browsed).toEqual(['https://parcels.com/track?id=7741']);
    expect(deskPage.problems).toEqual([]);
  });
});
