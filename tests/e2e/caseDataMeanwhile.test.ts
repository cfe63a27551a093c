import { describe, expect, it } from 'vitest';
import {
  acceptedChat,
  darkScreenshotsAt1280And320,
  row,
  screenshotsAtThreeSizes,
  signInReady,
  useDeskPages,
} from './deskHarness';

// A case-data value the server changes (a colleague, a routing strategy) while the agent has the
// key's form open: the form was filled from the value before, and Enter saved that old value
// back over the server's new one, the agent never shown it. And an integer the server held
// became a string with any edit of it.

const { open: openDeskPage } = useDeskPages();

describe('a case-data value the server changes while its form is open', () => {
  it('follows the server in a form not typed in, and says the new value over one typed in', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const chatId = await acceptedChat(deskPage, {
      customerNickName: 'Tom Baker',
      subject: 'Order 1234 is late',
      firstMessage: 'Hello',
      userData: { Notes: 'Called on Monday' },
    });
    const interaction = simulator.world.interactions.get(chatId);
    if (interaction === undefined) throw new Error('the chat is gone from the simulator');
    const serverNotes = () => interaction.userData.Notes;
    /** The server's Notes changed by someone else, its notification sent to the desk. */
    const changedElsewhere = (value: string) => {
      interaction.userData.Notes = value;
      simulator.world.notify(interaction.owner ?? 'agent1', interaction, 'PropertiesChanged');
    };
    const panel = page.getByTestId('case-data');
    const newNotes = panel.getByLabel('New Notes');
    await row(page, chatId).locator('button.row__main').click();

    // Opened, not typed in: the form follows the server, and Enter saves nothing over it.
    await panel.getByRole('button', { name: 'Edit Notes' }).click();
    expect(await newNotes.inputValue()).toBe('Called on Monday');
    changedElsewhere('Customer cancelled the order');
    await expect.poll(() => newNotes.inputValue()).toBe('Customer cancelled the order');
    await newNotes.press('Enter');
    await expect.poll(() => newNotes.count()).toBe(0);
    expect(serverNotes()).toBe('Customer cancelled the order');
    expect(await panel.locator('[data-key="Notes"]').getByTestId('case-value').innerText()).toBe(
      'Customer cancelled the order',
    );

    // Typed in: the agent's text stays, and the form says what the server holds now.
    await panel.getByRole('button', { name: 'Edit Notes' }).click();
    await newNotes.fill('Customer cancelled the order; refund sent');
    changedElsewhere('Order cancelled by the warehouse');
    const meanwhile = panel.getByTestId('case-changed-meanwhile');
    await expect.poll(() => meanwhile.count()).toBe(1);
    expect(await meanwhile.innerText()).toContain('Order cancelled by the warehouse');
    await screenshotsAtThreeSizes(page, 'casedata', 'changed-meanwhile');
    await darkScreenshotsAt1280And320(page, 'casedata', 'changed-meanwhile');
    expect(await newNotes.inputValue()).toBe('Customer cancelled the order; refund sent');
    // Saved knowingly, the agent's value is the server's, and the notice goes with the form.
    await newNotes.press('Enter');
    await expect.poll(serverNotes).toBe('Customer cancelled the order; refund sent');
    expect(await meanwhile.count()).toBe(0);

    // Changed while the agent is on another chat, the form kept for her: said when she is back.
    await panel.getByRole('button', { name: 'Edit Notes' }).click();
    await newNotes.fill('Refund sent on Tuesday');
    const other = await acceptedChat(deskPage, {
      customerNickName: 'Kim Lee',
      subject: 'Invoice',
      firstMessage: 'Hi',
    });
    await row(page, other).locator('button.row__main').click();
    await expect.poll(() => newNotes.count()).toBe(0);
    changedElsewhere('Refund refused by finance');
    await row(page, chatId).locator('button.row__main').click();
    await expect.poll(() => newNotes.inputValue()).toBe('Refund sent on Tuesday');
    await expect.poll(() => meanwhile.count()).toBe(1);
    expect(await meanwhile.innerText()).toContain('Refund refused by finance');
    expect(problems).toEqual([]);
  });
});

describe('a case-data value the server holds as a number', () => {
  it('keeps a number a number: an edit of a key the server holds as a number sends one', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const chatId = await acceptedChat(deskPage, {
      customerNickName: 'Tom Baker',
      subject: 'Order 1234 is late',
      firstMessage: 'Hello',
      // As a routing strategy attached them: an integer and a text of digits.
      userData: { CustomerSegment: 5, ServiceType: '007' },
    });
    const serverData = () => simulator.world.interactions.get(chatId)?.userData ?? {};
    const panel = page.getByTestId('case-data');
    await row(page, chatId).locator('button.row__main').click();
    await panel.getByRole('button', { name: 'Edit CustomerSegment' }).click();
    await panel.getByLabel('New CustomerSegment').fill('6');
    await panel.getByLabel('New CustomerSegment').press('Enter');
    await expect.poll(() => serverData().CustomerSegment).toBe(6);
    await panel.getByRole('button', { name: 'Edit ServiceType' }).click();
    await panel.getByLabel('New ServiceType').fill('008');
    await panel.getByLabel('New ServiceType').press('Enter');
    await expect.poll(() => serverData().ServiceType).toBe('008');
    // Text where the agent typed text: the server's number gives way to it.
    await expect
      .poll(() => panel.locator('[data-key="CustomerSegment"]').getAttribute('data-pending'))
      .toBeNull();
    await panel.getByRole('button', { name: 'Edit CustomerSegment' }).click();
    await panel.getByLabel('New CustomerSegment').fill('Gold');
    await panel.getByLabel('New CustomerSegment').press('Enter');
    await expect.poll(() => serverData().CustomerSegment).toBe('Gold');
    expect(problems).toEqual([]);
  });
});

describe('a case-data value longer than the form takes', () => {
  it('can be added to: the agent types a line after a long note, kept whole through a reload', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const long = `Call log: ${'x'.repeat(2500)}`;
    const chatId = await acceptedChat(deskPage, {
      customerNickName: 'Tom Baker',
      subject: 'Order 1234 is late',
      firstMessage: 'Hello',
      userData: { Notes: long },
    });
    const serverNotes = () => simulator.world.interactions.get(chatId)?.userData.Notes;
    const panel = page.getByTestId('case-data');
    const newNotes = panel.getByLabel('New Notes');
    await row(page, chatId).locator('button.row__main').click();
    await panel.getByRole('button', { name: 'Edit Notes' }).click();
    expect(await newNotes.inputValue()).toBe(long);
    await newNotes.press('Control+End');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('Sent a voucher');
    expect(await newNotes.inputValue()).toBe(`${long}\nSent a voucher`);
    // Kept whole by main for a page loaded again (cut to 2,000, Save then cut the note).
    await page.reload();
    await expect.poll(() => newNotes.count()).toBe(1);
    expect(await newNotes.inputValue()).toBe(`${long}\nSent a voucher`);
    await newNotes.focus();
    await page.keyboard.press('Enter');
    await expect.poll(serverNotes).toBe(`${long}\nSent a voucher`);
    expect(problems).toEqual([]);
  });
});
