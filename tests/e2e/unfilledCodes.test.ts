import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { acceptedChat, row, signInReady, useDeskPages } from './deskHarness';

// A standard response's field codes the desk could not fill stay in the text as written, and
// the message box names them before the line goes to the customer. That warning is about the
// box's text: a later response, a line sent in another chat, or switching chats does not make
// it forget a code still in the text.

const { open: openDeskPage } = useDeskPages();

/** Adds a standard response through the library dialog. */
async function addResponse(page: Page, name: string, text: string): Promise<void> {
  await page.getByRole('button', { name: 'Signature & responses' }).click();
  const dialog = page.getByRole('dialog', { name: 'Signature & standard responses' });
  await expect.poll(() => dialog.isVisible()).toBe(true);
  await expect.poll(() => dialog.getByRole('listitem').count()).toBeGreaterThan(0);
  const before = await dialog.getByRole('listitem').count();
  await dialog.getByRole('button', { name: 'New response' }).click();
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Text', { exact: true }).fill(text);
  await dialog.getByRole('button', { name: 'Save response' }).click();
  await expect.poll(() => dialog.getByRole('listitem').count()).toBe(before + 1);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect.poll(() => dialog.isVisible()).toBe(false);
}

/** Inserts the response named `name` at the end of the open chat's message box. */
async function insertResponse(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Responses', exact: true }).click();
  await page.getByRole('combobox', { name: 'Find a standard response' }).fill(name);
  const options = page.getByRole('listbox', { name: 'Standard responses' }).getByRole('option');
  await expect.poll(() => options.count()).toBe(1);
  await page.keyboard.press('Enter');
}

describe('the codes a standard response left unfilled', () => {
  it('are named while they are in the box: after another response, and after a line sent in another chat', async () => {
    const deskPage = await openDeskPage();
    const { page, problems } = deskPage;
    await signInReady(page);
    await addResponse(page, 'Order status', 'Your order {order.id} ships today.');
    await addResponse(page, 'Thanks', 'Thank you, {agent.firstName}.');

    const kim = await acceptedChat(deskPage, {
      customerNickName: 'Kim Lee',
      subject: 'Order 1234 is late',
      firstMessage: 'Where is my order?',
    });
    const box = page.getByLabel('Message', { exact: true });
    const warning = page.getByTestId('unfilled-codes');
    await row(page, kim).click();
    await expect.poll(() => box.isVisible()).toBe(true);
    await insertResponse(page, 'Order status');
    await expect.poll(() => box.inputValue()).toContain('{order.id}');
    await expect.poll(() => warning.count()).toBe(1);
    expect(await warning.innerText()).toContain('{order.id}');

    // A second response, all its codes filled, comes after it: {order.id} is still in the box.
    await insertResponse(page, 'Thanks');
    await expect.poll(() => box.inputValue()).toContain('Thank you');
    expect(await box.inputValue()).toContain('{order.id}');
    expect(await warning.count()).toBe(1);
    expect(await warning.innerText()).toContain('{order.id}');

    // Another chat: its box holds no code, and says none.
    const tom = await acceptedChat(deskPage, {
      customerNickName: 'Tom Baker',
      subject: 'Refund',
      firstMessage: 'Hello?',
    });
    await row(page, tom).click();
    await expect.poll(() => box.inputValue()).toBe('');
    expect(await warning.count()).toBe(0);
    await box.fill('One moment please.');
    await page.keyboard.press('Enter');
    await expect.poll(() => box.inputValue()).toBe('');

    // Back with Kim: the code is still in her box, and named before it goes to her.
    await row(page, kim).click();
    await expect.poll(() => box.inputValue()).toContain('{order.id}');
    await expect.poll(() => warning.count()).toBe(1);
    expect(await warning.innerText()).toContain('{order.id}');

    // Filled by hand, nothing is left to name.
    await box.fill((await box.inputValue()).replace('{order.id}', '1234'));
    await expect.poll(() => warning.count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
