import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from './axeAudit';
import {
  darkScreenshot,
  row,
  screenshotsAtThreeSizes,
  sightings,
  signInReady,
  useDeskPages,
  watchFor,
} from './deskHarness';

// Do Not Disturb on one channel, from that channel's own state menu (003's DoNotDisturbOn/Off on
// /me/channels/{id}), in the shipped renderer in Chromium against the real desk core, cache and
// GWS client talking to the simulator: the keyboard turns it on for chat, the header says so in
// words, a chat waits while an e-mail is still offered, and turning it off brings the chat.

const { open: openDeskPage } = useDeskPages();

/** The group of `channel` in the open channels' menu ("Chat: Ready", …). */
function group(page: Page, title: string): Locator {
  return page
    .getByRole('menu', { name: 'Channels' })
    .getByRole('group', { name: new RegExp(`^${title}: `, 'u') });
}

/** What the test reads of the focused element, in the page (the tests have no DOM types). */
interface Focused {
  readonly textContent: string;
  readonly dataset: { readonly testid?: string };
  closest(selector: string): { readonly dataset: { readonly channel?: string } } | null;
}

/** The focused element's words, its test id and the channel of the menu group it is in. */
function focused(page: Page): Promise<{ text: string; testId?: string; channel?: string }> {
  return page.evaluate(() => {
    const element = (globalThis as unknown as { document: { activeElement: Focused | null } })
      .document.activeElement;
    return {
      text: element?.textContent.trim() ?? '',
      testId: element?.dataset.testid,
      channel: element?.closest('[role="group"]')?.dataset.channel,
    };
  });
}

describe('Do Not Disturb on one channel', () => {
  it('is set from the channel’s menu, shown in words, holds that channel’s invitations only, and is turned off', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const states = page.getByTestId('channel-states');
    const agentDnd = page.getByRole('button', { name: 'Do Not Disturb', exact: true });
    const menuButton = page.getByRole('button', { name: 'Channels' });
    const menu = page.getByRole('menu', { name: 'Channels' });

    // ---- by keyboard: Enter opens on the first item, End goes to the last (chat's DND)
    await menuButton.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => menu.isVisible()).toBe(true);
    expect(await menuButton.getAttribute('aria-expanded')).toBe('true');
    expect(await focused(page)).toEqual({ text: 'Ready', channel: 'email' });
    const email = group(page, 'E-mail');
    const chat = group(page, 'Chat');
    expect(await email.getAttribute('aria-labelledby')).toBe('channel-menu-email');
    expect(await page.locator('#channel-menu-email').innerText()).toBe('E-mail: Ready');
    expect(
      await chat
        .getByRole('menuitemradio', { name: 'Ready', exact: true })
        .getAttribute('aria-checked'),
    ).toBe('true');
    const chatDnd = chat.getByRole('menuitemcheckbox', { name: 'Do not disturb' });
    expect(await chatDnd.getAttribute('aria-checked')).toBe('false');
    await page.keyboard.press('End');
    expect(await focused(page)).toEqual({ text: 'Do not disturb', channel: 'chat' });
    await page.keyboard.press('Enter');
    // The menu closes back to its button; the header says it in words, not colour alone.
    await expect.poll(() => menu.isVisible()).toBe(false);
    expect((await focused(page)).testId).toBe('channel-menu-button');
    await expect.poll(() => states.innerText()).toBe('Do not disturb on chat · Ready on e-mail');
    const agent1 = simulator.world.agent('agent1');
    expect([...agent1.dndChannels]).toEqual(['chat']);
    expect(agent1.dnd).toBe(false);
    // The agent as a whole is not under DND: the header's own button says so.
    expect(await agentDnd.getAttribute('aria-pressed')).toBe('false');

    await menuButton.click();
    await expect.poll(() => menu.isVisible()).toBe(true);
    expect(await page.locator('#channel-menu-chat').innerText()).toBe('Chat: Do not disturb');
    expect(await chatDnd.getAttribute('aria-checked')).toBe('true');
    expect(
      await email
        .getByRole('menuitemcheckbox', { name: 'Do not disturb' })
        .getAttribute('aria-checked'),
    ).toBe('false');
    await expectAccessible(page, 'channel menu open, chat under DND');
    await screenshotsAtThreeSizes(page, 'channel-dnd', 'menu-chat-dnd');
    await darkScreenshot(page, 'out/screenshots/channel-dnd/menu-chat-dnd-dark.png');
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.isVisible()).toBe(false);
    await expectAccessible(page, 'chat under DND');
    await screenshotsAtThreeSizes(page, 'channel-dnd', 'header-chat-dnd');

    // ---- a chat waits while chat is under DND; an e-mail is still offered
    await watchFor(page, {
      selector: '.row__channel[data-channel="chat"]',
      text: 'Order 1234 is late',
    });
    const chatId = simulator.control.startChat({
      customerNickName: 'Tom Baker',
      subject: 'Order 1234 is late',
      firstMessage: 'Hello?',
    });
    const emailId = simulator.control.receiveEmail({
      from: 'maria@example.com',
      subject: 'Invoice 77',
      text: 'Has invoice 77 been paid?',
    });
    await expect.poll(() => row(page, emailId).getAttribute('data-state')).toBe('Invited');
    // Routing runs for both at once: had chat been offered, it would have been by now.
    await page.waitForTimeout(500);
    expect(simulator.world.interactions.get(chatId)).toMatchObject({
      state: 'Queued',
      invitee: null,
    });
    // Nothing of it ever showed on the desk.
    expect(await sightings(page)).toEqual([]);

    // ---- turned off from the menu: the chat is offered
    await menuButton.click();
    await chatDnd.click();
    await expect.poll(() => menu.isVisible()).toBe(false);
    await expect.poll(() => states.innerText()).toBe('Ready on e-mail, chat');
    await expect.poll(() => row(page, chatId).getAttribute('data-state')).toBe('Invited');
    expect([...agent1.dndChannels]).toEqual([]);
    await menuButton.click();
    expect(await chatDnd.getAttribute('aria-checked')).toBe('false');
    expect(await page.locator('#channel-menu-chat').innerText()).toBe('Chat: Ready');
    // The same menu sets one channel's state: Not Ready with a reason on e-mail only.
    await email.getByRole('menuitemradio', { name: 'Not Ready — AuxWork' }).click();
    await expect.poll(() => menu.isVisible()).toBe(false);
    await expect
      .poll(() => states.innerText())
      .toBe('Ready on chat · Not ready (AuxWork) on e-mail');
    expect(agent1.channels.get('email')).toMatchObject({ state: 'NotReady', workMode: 'AuxWork' });
    expect(agent1.channels.get('chat')?.state).toBe('Ready');
    await menuButton.click();
    expect(
      await email
        .getByRole('menuitemradio', { name: 'Not Ready — AuxWork' })
        .getAttribute('aria-checked'),
    ).toBe('true');
    await page.keyboard.press('Escape');
    expect((await focused(page)).testId).toBe('channel-menu-button');

    // ---- Do Not Disturb for all (the header's button): a channel's own item waits, and says why
    // By keyboard: the button keeps the focus while the server answers, and after.
    await agentDnd.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => agentDnd.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => focused(page)).toEqual({ text: 'Do Not Disturb' });
    await menuButton.click();
    await expect.poll(() => chatDnd.isDisabled()).toBe(true);
    expect(await chatDnd.getAttribute('title')).toBe(
      'Do Not Disturb is on for all channels: turn that off first.',
    );
    await page.keyboard.press('Escape');
    // So does the agent's state: a choice now would seem to snap back to Not Ready (the server
    // reports DND so) and take effect unseen when DND ends.
    const stateControl = page.getByLabel('State');
    expect(await stateControl.isDisabled()).toBe(true);
    expect(await stateControl.getAttribute('title')).toMatch(
      /^Do Not Disturb is on for all channels: turn that off first\. \(Alt\+Shift\+R/u,
    );
    await agentDnd.click();
    await expect.poll(() => agentDnd.getAttribute('aria-pressed')).toBe('false');
    await expect.poll(() => focused(page)).toEqual({ text: 'Do Not Disturb' });
    expect(await stateControl.isEnabled()).toBe(true);
    await menuButton.click();
    await expect.poll(() => chatDnd.isDisabled()).toBe(false);
    await page.keyboard.press('Escape');
    expect(problems).toEqual([]);
  }, 90_000);
});
