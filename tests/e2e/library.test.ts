import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SwitchboardFailure } from '../../common/errors';
import {
  acceptedChat,
  connectionState,
  emulateWindow,
  focusedId,
  focusedLabel,
  focusedText,
  inWindowWidth,
  REFLOW_320,
  row,
  screenshotsAtThreeSizes,
  signInReady,
  useDeskPages,
} from './deskHarness';

// Issue 12, items 5 and 6, in the shipped renderer in Chromium against the real desk core,
// cache and GWS client talking to the simulator: a reply the agent sent shows in History with
// its text and is found by search; a standard response goes into a chat reply at the cursor
// with its field codes filled, and one the interaction cannot fill is flagged. That warning is
// about the box's text: a later response, a line sent in another chat, or switching chats does
// not make it forget a code still in the text.

const { open: openDeskPage } = useDeskPages();

/** The text box members these tests touch in the page (the tests compile without the DOM's types). */
interface CaretBox {
  readonly selectionStart: number;
  setSelectionRange(start: number, end: number): void;
}

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

describe('sent e-mail and the library in Chromium', () => {
  it('keeps a sent reply: History shows its text, search finds it, the thread lists it', async () => {
    const { page, simulator, problems } = await openDeskPage();
    await signInReady(page);
    const emailId = simulator.control.receiveEmail({
      from: 'ann@example.com',
      fromPersonal: 'Ann Example',
      subject: 'Question about invoice 77',
      text: 'Hello,\nhas invoice 77 been paid?\nAnn',
    });
    const emailRow = row(page, emailId);
    await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Invited');
    await emailRow.getByRole('button', { name: 'Accept E-mail from' }).click();
    await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Accepted');
    // The mail names a person (FromPersonal): the name shows, the address beside it.
    await expect
      .poll(() => page.getByTestId('email-from').innerText())
      .toBe('Ann Example <ann@example.com>');
    expect(await page.getByTestId('detail-party').innerText()).toBe('Ann Example');
    expect(await page.getByTestId('detail-party').getAttribute('title')).toBe('ann@example.com');
    // The list's row names her too, before and after the pushes of the acceptance.
    const rowFrom = emailRow.locator('.row__from');
    expect(await rowFrom.innerText()).toMatch(/^Ann Example/);
    expect(await rowFrom.getAttribute('title')).toBe('ann@example.com');

    await page.getByRole('button', { name: 'Reply', exact: true }).click();
    const draft = page.getByRole('form', { name: 'Reply draft' });
    await expect.poll(() => draft.isVisible()).toBe(true);
    const draftId =
      (await page.locator('.row--selected').getAttribute('data-interaction-id')) ?? '';
    expect(draftId).not.toBe(emailId);
    // A standard response goes in at the cursor, its codes filled from the e-mail answered.
    const body = draft.getByLabel('Text');
    await body.fill('');
    await draft.getByRole('button', { name: 'Responses', exact: true }).click();
    await page.keyboard.type('looking');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => body.inputValue())
      .toBe(
        'Thank you for your patience, Ann Example. I am looking into "Question about invoice 77" now and will come back to you shortly.',
      );
    const text = 'Dear Ann,\nthe invoice is paid: reference platypus-3318.';
    await body.fill(text);
    await draft.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => row(page, draftId).count()).toBe(0);

    // History: the sent reply opens with its text (it said "This e-mail has no text.").
    await page.getByRole('tab', { name: 'History' }).click();
    const sentRow = row(page, draftId);
    await expect.poll(() => sentRow.count()).toBe(1);
    // Its row names whom it went to, not the desk's own mailbox as if it were the customer.
    expect(await sentRow.locator('.row__from').innerText()).toMatch(/^to ann@example\.com\b/u);
    await sentRow.getByRole('button').first().click();
    await expect.poll(() => page.getByTestId('email-body').innerText()).toBe(text);
    expect(await page.getByTestId('email-to').innerText()).toContain('ann@example.com');
    expect(await page.getByTestId('sent-note').innerText()).toMatch(/^You sent this e-mail /);
    // Sent by the agent: from "You", and the header line names whom it went to, never the
    // desk's own address as if it were the customer.
    expect(await page.getByTestId('email-from').innerText()).toMatch(/^You </u);
    expect(await page.getByTestId('detail-party').innerText()).toBe('to ann@example.com');
    expect(await page.getByText('This e-mail has no text.').count()).toBe(0);
    await screenshotsAtThreeSizes(page, 'library', 'history-sent-reply');

    // Search finds its words.
    await page.getByRole('searchbox', { name: 'Search interactions' }).fill('platypus');
    const hit = page.locator(`.hit[data-interaction-id="${draftId}"]`);
    await expect.poll(() => hit.count()).toBe(1);
    // Named as the lists name it: whom it went to, the whole line on hover.
    expect(await hit.locator('.hit__from').innerText()).toBe('to ann@example.com');
    expect(await hit.locator('.hit__from').getAttribute('title')).toBe('to ann@example.com');
    expect((await hit.locator('mark').allInnerTexts()).map((word) => word.toLowerCase())).toContain(
      'platypus',
    );
    await page.getByRole('searchbox', { name: 'Search interactions' }).fill('');

    // The inbound e-mail's thread lists the reply with its text.
    await page.getByRole('tab', { name: /Inbox/ }).click();
    await emailRow.getByRole('button', { name: 'E-mail from' }).click();
    const reply = page.locator(`[data-testid="thread-reply"][data-reply-id="${draftId}"]`);
    await expect.poll(() => reply.count()).toBe(1);
    expect(await reply.locator('.thread__text').innerText()).toBe(text);
    expect(await reply.locator('.thread__when').innerText()).toMatch(/^You sent it /u);
    await screenshotsAtThreeSizes(page, 'library', 'inbound-thread');
    expect(problems).toEqual([]);
  });

  it('says standard responses that could not be read in one sentence, main’s message under Details', async () => {
    const { page, simulator, problems } = await openDeskPage({
      handlers: (handlers) => ({
        ...handlers,
        library: {
          ...handlers.library,
          responses: () => {
            throw new SwitchboardFailure('internal', 'SqliteError: database is locked');
          },
        },
      }),
    });
    await signInReady(page);
    await acceptedChat({ page, simulator }, { customerNickName: 'Tom', subject: 'Order' });
    await page.getByRole('button', { name: 'Responses', exact: true }).click();
    const alert = page.locator('.picker__panel').getByRole('alert');
    // Was "The standard responses could not be read: SqliteError: database is locked".
    await expect
      .poll(() => alert.locator('.error-alert__text').allInnerTexts())
      .toEqual([
        'Could not read the standard responses. Something went wrong. Try again; if it happens again, tell your administrator what Details says.',
      ]);
    expect(await alert.locator('.error-alert__detail').textContent()).toBe(
      'internal: SqliteError: database is locked',
    );
    expect(problems.filter((problem) => !problem.includes('database is locked'))).toEqual([]);
  });

  it('keeps a signature typed while the dialog still reads the library', async () => {
    // The first read of a new agent's library (it offers the example responses) answers late.
    let release: () => void = () => undefined;
    const { page, problems } = await openDeskPage({
      handlers: (handlers) => ({
        ...handlers,
        library: {
          ...handlers.library,
          getSignature: async () => {
            await new Promise<void>((resolve) => {
              release = resolve;
            });
            return handlers.library.getSignature();
          },
        },
      }),
    });
    await signInReady(page);
    await page.getByRole('button', { name: 'Signature & responses' }).click();
    const box = page.locator('#library-signature');
    await box.fill('Kind regards,\nAlex');
    release();
    await expect
      .poll(() => page.getByRole('listitem').filter({ hasText: 'Greeting' }).count())
      .toBeGreaterThan(0);
    expect(await box.inputValue()).toBe('Kind regards,\nAlex');
    expect(problems).toEqual([]);
  });

  it('inserts a standard response into a chat reply at the cursor, fields filled; names the codes left unfilled while they are in the box: after another response, and after a line sent in another chat', async () => {
    const { page, simulator, problems } = await openDeskPage();
    await signInReady(page);

    // A response of the agent's own, with a code the desk does not know.
    await page.getByRole('button', { name: 'Signature & responses' }).click();
    const dialog = page.getByRole('dialog', { name: 'Signature & standard responses' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    // The examples a new agent is offered.
    await expect.poll(() => dialog.getByRole('listitem').count()).toBe(3);
    await dialog.getByRole('button', { name: 'New response' }).click();
    await dialog.getByLabel('Name').fill('Order status');
    await dialog
      .getByLabel('Text', { exact: true })
      .fill(
        'Hi {customer.name}, about "{interaction.subject}": order {order.id} ships today. {agent.firstName}',
      );
    // Saved with the keyboard, the form goes and its Save with it: the keyboard goes to the new
    // response's Edit (was: it fell onto the body).
    await dialog.getByRole('button', { name: 'Save response' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.getByRole('listitem').count()).toBe(4);
    await expect.poll(() => focusedLabel(page)).toBe('Edit Order status');
    // Edit one, find by text, delete one (after the agent confirms).
    await dialog.getByRole('button', { name: 'Edit Closing' }).click();
    await dialog.getByLabel('Name').fill('Closing line');
    await dialog.getByRole('button', { name: 'Save response' }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => dialog.getByRole('button', { name: 'Edit Closing line' }).count())
      .toBe(1);
    await expect.poll(() => focusedLabel(page)).toBe('Edit Closing line');
    await dialog.getByRole('searchbox', { name: 'Find a standard response' }).fill('PATIENCE');
    await expect.poll(() => dialog.getByRole('listitem').count()).toBe(1);
    page.once('dialog', (confirm) => {
      void confirm.accept();
    });
    // Deleted with the keyboard, the last one shown: the keyboard goes to the search box.
    await dialog.getByRole('button', { name: 'Delete Looking into it' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.getByText('None matches.').count()).toBe(1);
    expect(await focusedId(page)).toBe('library-search');
    await dialog.getByRole('searchbox', { name: 'Find a standard response' }).fill('');
    await expect.poll(() => dialog.getByRole('listitem').count()).toBe(3);
    await dialog.getByRole('textbox', { name: 'Signature' }).fill('Agent 1\nSwitchboard support');
    await dialog.getByRole('button', { name: 'Save signature' }).click();
    await expect.poll(() => dialog.getByRole('status').innerText()).toBe('Signature saved.');
    await screenshotsAtThreeSizes(page, 'library', 'library-dialog');
    // A response half written: Escape asks before dropping it, and Keep editing keeps it.
    await dialog.getByRole('button', { name: 'New response' }).click();
    await dialog.getByLabel('Name').fill('Refund sent');
    await page.keyboard.press('Escape');
    const question = dialog.getByTestId('unsaved-question');
    await expect.poll(() => question.count()).toBe(1);
    await dialog.getByRole('button', { name: 'Keep editing' }).click();
    expect(await dialog.getByLabel('Name').inputValue()).toBe('Refund sent');
    // Cancelled by its own button, nothing is left unsaved: Close closes at once.
    // Cancel pressed with the keyboard gives it back to New response, which opened the form.
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedText(page)).toBe('New response');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);

    const chatId = simulator.control.startChat({
      customerNickName: 'Kim Lee',
      subject: 'Order 1234 is late',
      firstMessage: 'Where is my order?',
      userData: { FirstName: 'Kim', LastName: 'Lee' },
    });
    const chatRow = row(page, chatId);
    await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Invited');
    await chatRow.getByRole('button', { name: 'Accept Chat from' }).click();
    await expect.poll(() => focusedId(page)).toBe('composer-text');

    // The agent types, puts the caret between the two words, and picks by typing and arrows.
    const box = page.getByLabel('Message', { exact: true });
    await box.fill('Hello. Bye.');
    await box.evaluate((element) => {
      (element as unknown as CaretBox).setSelectionRange(7, 7);
    });
    await page.getByRole('button', { name: 'Responses', exact: true }).click();
    const search = page.getByRole('combobox', { name: 'Find a standard response' });
    await expect.poll(() => focusedId(page)).toBe(await search.getAttribute('id'));
    const options = page.getByRole('listbox', { name: 'Standard responses' }).getByRole('option');
    await expect.poll(() => options.count()).toBe(3);
    await page.keyboard.type('order');
    await expect.poll(() => options.allInnerTexts()).toHaveLength(1);
    await page.keyboard.type('x');
    await expect.poll(() => options.count()).toBe(0);
    await page.keyboard.press('Backspace');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => options.first().getAttribute('aria-selected')).toBe('true');
    // At 320 px the list, opened leftwards from beside Send, began off the window's left edge:
    // it goes the other way, or is moved, to stay whole in the window, as the window changes.
    const pickerPanel = page.locator('.picker__panel');
    await emulateWindow(page, REFLOW_320);
    expect(await inWindowWidth(pickerPanel)).toBe(true);
    await emulateWindow(page, { width: 1280, height: 800 });
    expect(await inWindowWidth(pickerPanel)).toBe(true);
    await screenshotsAtThreeSizes(page, 'library', 'response-picker');
    await page.keyboard.press('Enter');

    const filled = 'Hi Kim Lee, about "Order 1234 is late": order {order.id} ships today. Agent';
    // A space keeps it off the next word.
    await expect.poll(() => box.inputValue()).toBe(`Hello. ${filled} Bye.`);
    await expect.poll(() => focusedId(page)).toBe('composer-text');
    expect(await box.evaluate((element) => (element as unknown as CaretBox).selectionStart)).toBe(
      7 + filled.length + 1,
    );
    const warning = page.getByTestId('unfilled-codes');
    await expect.poll(() => warning.count()).toBe(1);
    expect(await warning.innerText()).toContain('{order.id}');
    await screenshotsAtThreeSizes(page, 'library', 'chat-response-inserted');

    // A second response, all its codes filled, comes after it: {order.id} is still in the box.
    await addResponse(page, 'Thanks', 'Thank you, {agent.firstName}.');
    await insertResponse(page, 'Thanks');
    await expect.poll(() => box.inputValue()).toContain('Thank you');
    expect(await box.inputValue()).toContain('{order.id}');
    expect(await warning.count()).toBe(1);
    expect(await warning.innerText()).toContain('{order.id}');

    // Another chat: its box holds no code, and says none.
    const tom = await acceptedChat(
      { page, simulator },
      { customerNickName: 'Tom Baker', subject: 'Refund', firstMessage: 'Hello?' },
    );
    await row(page, tom).click();
    await expect.poll(() => box.inputValue()).toBe('');
    expect(await warning.count()).toBe(0);
    await box.fill('One moment please.');
    await page.keyboard.press('Enter');
    await expect.poll(() => box.inputValue()).toBe('');

    // Back with Kim: the code is still in her box, and named before it goes to her.
    await row(page, chatId).click();
    await expect.poll(() => box.inputValue()).toContain('{order.id}');
    await expect.poll(() => warning.count()).toBe(1);
    expect(await warning.innerText()).toContain('{order.id}');

    // Filled by hand, nothing is left to name.
    await box.fill((await box.inputValue()).replace('{order.id}', '1234'));
    await expect.poll(() => warning.count()).toBe(0);

    // Sent as the agent sees it; the customer's transcript has it.
    await box.fill(`Hello. ${filled.replace('{order.id}', '1234')}`);
    await page.keyboard.press('Enter');
    const transcript = page.getByRole('log', { name: 'Chat transcript' });
    await expect.poll(() => transcript.innerText()).toContain('order 1234 ships today');
    expect(problems).toEqual([]);
  });
});

describe('a standard response saved twice before the first answer', () => {
  it('is kept once', async () => {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let saves = 0;
    const { page, problems } = await openDeskPage({
      handlers: (handlers) => ({
        ...handlers,
        library: {
          ...handlers.library,
          saveResponse: async (...args: Parameters<typeof handlers.library.saveResponse>) => {
            saves += 1;
            await held;
            return handlers.library.saveResponse(...args);
          },
        },
      }),
    });
    await signInReady(page);
    await page.getByRole('button', { name: 'Signature & responses' }).click();
    const dialog = page.getByRole('dialog', { name: 'Signature & standard responses' });
    await expect.poll(() => dialog.getByRole('listitem').count()).toBe(3);
    await dialog.getByRole('button', { name: 'New response' }).click();
    await dialog.getByLabel('Name').fill('Order status');
    await dialog.getByLabel('Text', { exact: true }).fill('Your order ships today.');
    // Enter pressed twice on Save (a busy main answers late).
    await dialog.getByRole('button', { name: 'Save response' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect.poll(() => saves).toBeGreaterThan(0);
    await page.waitForTimeout(200);
    release();

    await expect.poll(() => dialog.getByRole('listitem').count()).toBeGreaterThan(3);
    await page.waitForTimeout(300);
    expect(await dialog.getByRole('button', { name: 'Edit Order status' }).count()).toBe(1);
    expect(saves).toBe(1);
    expect(problems).toEqual([]);
  });
});

describe('standard responses in the desk’s language', () => {
  it('are listed in the alphabetical order of the desk’s language, and again after a switch of language', async () => {
    // The OS speaks Spanish; the agent switches the desk to German midway.
    const { page, desk, problems } = await openDeskPage({ locale: 'es-ES' });
    await page.locator('form button[type="submit"]').click();
    await expect.poll(() => connectionState(page)).toBe('connected');
    const names = ['Zahlung', 'Ñandú', 'Nube', 'Änderung'];
    for (const name of names) await desk.handlers.library.saveResponse({ name, text: `${name}.` });
    const mine = async (label: string): Promise<string[]> => {
      await page.locator('header').getByRole('button', { name: label, exact: true }).click();
      const dialog = page.locator('dialog[open]');
      await expect.poll(() => dialog.locator('.library__item').count()).toBeGreaterThan(3);
      const shown = await dialog.locator('.library__item strong').allInnerTexts();
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count()).toBe(0);
      return shown.filter((name) => names.includes(name));
    };

    // Spanish: Ñ is a letter of its own, after N; Ä is an A. (Main's list, sorted by SQLite's
    // NOCASE, put Ä and Ñ after Z: "Nube, Zahlung, Änderung, Ñandú".)
    expect(await mine('Firma y respuestas')).toEqual(['Änderung', 'Nube', 'Ñandú', 'Zahlung']);

    // German: Ñ is an N with a tilde, so "Ñandú" comes before "Nube".
    await page.locator('header').getByRole('button', { name: 'Ajustes', exact: true }).click();
    const settings = page.getByTestId('settings');
    await settings.locator('#settings-tab-language').click();
    const language = settings.locator('#settings-panel-language');
    await language.getByRole('radio', { name: 'Deutsch' }).check();
    await language.locator('button[type="submit"]').click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('de');
    await page.keyboard.press('Escape');
    await expect.poll(() => settings.isVisible()).toBe(false);
    expect(await mine('Signatur und Textbausteine')).toEqual([
      'Änderung',
      'Ñandú',
      'Nube',
      'Zahlung',
    ]);
    expect(problems).toEqual([]);
  });
});
