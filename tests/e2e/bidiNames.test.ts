import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  acceptedChat,
  darkScreenshotsAt1280And320,
  edges,
  row,
  screenshotsAtThreeSizes,
  signInReady,
  textLines,
  useDeskPages,
  type RangeDom,
} from './deskHarness';
import { demoUsers } from '../../simulator/server';

// A name is the customer's to type, direction controls included: a right-to-left override
// (U+202E) not closed in it turned the desk's own words after it around, in Chromium against the
// real desk core and the simulator ("Tom (customer)" read "moT )remotsuc(", the header's date
// took the name's letters into its middle). Each name is isolated (common/bidi.ts): its controls
// stop where it does.

const { open: openDeskPage } = useDeskPages();

/** Opens the customer's name with an override it never closes, and an isolate it never closes. */
const OVERRIDING_NAME = '\u202Eevil\u2066 Tom';
/** A colleague's user name that opens an override it never closes. */
const OVERRIDING_USER_NAME = '\u202Eeve.override@switchboard.example';

/** A colleague's first name that opens an override it never closes (UCS's ownerInformation). */
const OVERRIDING_FIRST_NAME = '\u202EEve';

/**
 * The desk with a chat accepted and the Consult picker open, `search` typed into it, and a
 * colleague Eve (`userName`, `lastName`) signed in on chat, Not Ready, in the directory.
 */
async function consultPickerWith(
  colleague: { readonly userName: string; readonly lastName: string },
  search: string,
): Promise<{ deskPage: Awaited<ReturnType<typeof openDeskPage>>; picker: Locator }> {
  const deskPage = await openDeskPage({
    simulator: {
      users: [
        ...demoUsers(),
        {
          id: 'c0ffee00d1ec70000000000000000999',
          userName: colleague.userName,
          password: 'demo',
          firstName: 'Eve',
          lastName: colleague.lastName,
          employeeId: '3999',
          channels: ['email', 'chat'],
          mustChangePassword: false,
        },
      ],
    },
  });
  const { page, simulator } = deskPage;
  simulator.world.startSession(colleague.userName, ['chat']);
  await signInReady(page);
  const chatId = await acceptedChat(deskPage, {
    customerNickName: 'Tom',
    subject: 'Refund',
    firstMessage: 'Hello',
  });
  await row(page, chatId).locator('button.row__main').click();
  await page
    .getByRole('group', { name: 'Consultation' })
    .getByRole('button', { name: 'Consult' })
    .click();
  await page.keyboard.type(search);
  return { deskPage, picker: page.getByRole('dialog', { name: 'Consult' }) };
}

describe('a customer name with direction controls it does not close', () => {
  it('turns none of the desk’s own words after it around: the header, who is in the chat, the transcript, the sentences naming it', async () => {
    const deskPage = await openDeskPage();
    const { page } = deskPage;
    await signInReady(page);
    const chatId = await acceptedChat(deskPage, {
      customerNickName: OVERRIDING_NAME,
      subject: 'Refund',
      firstMessage: 'Hello',
    });
    await row(page, chatId).locator('button.row__main').click();
    const meta = page.getByTestId('detail-meta');
    await expect.poll(() => meta.innerText()).toContain('since');

    // The header's line: the queue and the time after the name stay after it, and whole.
    const header = await edges(meta, OVERRIDING_NAME, 'since');
    expect(header.thenLeft).toBeGreaterThanOrEqual(header.firstRight);
    // Who is in the chat: the customer's role after the name.
    const people = await edges(page.getByTestId('participants'), OVERRIDING_NAME, 'customer');
    expect(people.thenLeft).toBeGreaterThanOrEqual(people.firstRight);
    // The transcript: the time after the author's name, and the sentence a notice makes of it.
    const line = page.getByRole('log').locator('li', { hasText: 'Hello' });
    const time = await line.locator('time').innerText();
    const said = await edges(line, OVERRIDING_NAME, time);
    expect(said.thenLeft).toBeGreaterThanOrEqual(said.firstRight);
    // Sentences with the name in them: the typing line, and when the customer left, the
    // transcript's notice, the row's last line and the closed message box.
    deskPage.simulator.control.customerTyping(chatId, true);
    const typing = page.getByTestId('typing-indicator');
    await expect.poll(() => typing.innerText()).toContain('typing');
    const typingLine = await edges(typing, OVERRIDING_NAME, 'typing');
    expect(typingLine.thenLeft).toBeGreaterThanOrEqual(typingLine.firstRight);
    deskPage.simulator.control.customerLeaves(chatId);
    const left = page.getByRole('log').locator('li', { hasText: 'left' });
    await expect.poll(() => left.count()).toBe(1);
    for (const sentence of [
      left,
      row(page, chatId).getByTestId('row-last-line'),
      page.getByTestId('composer-closed'),
    ]) {
      await expect.poll(() => sentence.innerText()).toContain(' left');
      const words = await edges(sentence, OVERRIDING_NAME, 'left');
      expect(words.thenLeft).toBeGreaterThanOrEqual(words.firstRight);
    }
    await screenshotsAtThreeSizes(page, 'bidiNames', 'overriding-name');
    expect(deskPage.problems).toEqual([]);
  }, 60_000);

  it('turns none of the state words after a colleague’s user name around in the Consult picker', async () => {
    // A colleague whose user name opens an override it never closes, signed in (Not Ready):
    // the picker's line under the name says "<user name> · <state>".
    const { deskPage, picker } = await consultPickerWith(
      { userName: OVERRIDING_USER_NAME, lastName: 'Override' },
      'override',
    );
    const detail = picker.getByRole('option').locator('.choices__detail');
    await expect.poll(() => detail.innerText()).toContain('Not');
    const state = (await detail.innerText()).split(' · ').at(-1) ?? '';
    const line = await edges(detail, OVERRIDING_USER_NAME, state);
    expect(line.thenLeft).toBeGreaterThanOrEqual(line.firstRight);
    expect(deskPage.problems).toEqual([]);
  }, 60_000);

  it('isolates a colleague’s name in the contact history’s rows, its override ending with it', async () => {
    const historyOwner = 'eve.history@switchboard.example';
    const deskPage = await openDeskPage({
      simulator: {
        users: [
          ...demoUsers(),
          {
            id: 'c0ffee00d1ec70000000000000000998',
            userName: historyOwner,
            password: 'demo',
            firstName: OVERRIDING_FIRST_NAME,
            lastName: 'Override',
            employeeId: '3998',
            channels: ['email', 'chat'],
            mustChangePassword: false,
          },
        ],
      },
    });
    const { page, simulator } = deskPage;
    const contactId = '0001CT00EVEOVR01';
    const startDate = Date.now() - 24 * 60 * 60 * 1000;
    simulator.world.addPastInteraction({
      contactId,
      channel: 'email',
      subject: 'Old question',
      startDate,
      endDate: startDate + 60_000,
      owner: historyOwner,
      customer: 'tom@example.com',
      text: 'Answered.',
    });
    await signInReady(page);
    const chatId = await acceptedChat(deskPage, {
      customerNickName: 'Tom',
      subject: 'Refund',
      firstMessage: 'Hello',
      contactId,
    });
    await row(page, chatId).locator('button.row__main').click();
    await page.getByRole('button', { name: 'Contact history' }).click();
    const meta = page
      .getByRole('complementary', { name: 'Contact history' })
      .locator('li', { hasText: 'Old question' })
      .locator('.contact-history__meta');
    const ownerName = `${OVERRIDING_FIRST_NAME} Override`;
    await expect.poll(() => meta.innerText()).toContain(ownerName);
    // The name ends its row, so its glyphs sit where they would without an isolate: what keeps
    // its override from reaching words put after it is the isolate holding it and nothing else.
    const isolate = await meta.evaluate((root, name) => {
      const dom = globalThis as unknown as RangeDom & {
        getComputedStyle(element: unknown): { unicodeBidi: string };
      };
      const walker = dom.document.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        if (!(node.nodeValue ?? '').includes(name)) continue;
        const holder = (node as unknown as { parentElement: { textContent: string } })
          .parentElement;
        return {
          text: holder.textContent,
          unicodeBidi: dom.getComputedStyle(holder).unicodeBidi,
        };
      }
      throw new Error('the owner name is not in one text node');
    }, ownerName);
    expect(isolate).toEqual({ text: ownerName, unicodeBidi: 'isolate' });
    expect(deskPage.problems).toEqual([]);
  }, 60_000);

  it('turns none of the words after a colleague’s name around in a sentence no caller isolates: the message engine does', async () => {
    // "<name> cannot take chats now (Not Ready) …": its caller passes the directory's name raw
    // (no isolated() of its own ever); vue-i18n's compiler in the built renderer isolates it.
    const overridingLastName = '\u202EOverride';
    const { deskPage, picker } = await consultPickerWith(
      { userName: 'eve.override@switchboard.example', lastName: overridingLastName },
      'eve.override',
    );
    const { page } = deskPage;
    await expect.poll(() => picker.getByRole('option').count()).toBe(1);
    await page.keyboard.press('Enter');
    const warning = picker.getByTestId('not-available');
    await expect.poll(() => warning.count()).toBe(1);
    const words = await edges(warning, `Eve ${overridingLastName}`, 'cannot take chats now');
    expect(words.thenLeft).toBeGreaterThanOrEqual(words.firstRight);
    // One FSI … PDI around the name, no second one.
    expect(await warning.innerText()).toContain(
      `\u2068Eve ${overridingLastName}\u2069 cannot take chats now`,
    );
    await screenshotsAtThreeSizes(page, 'bidiNames', 'colleague-not-available');
    expect(deskPage.problems).toEqual([]);
  }, 60_000);
});

describe('a chat line as the customer wrote it', () => {
  it('reads right to left in Hebrew, its question mark at its end (left), in the transcript, the box and the row, and keeps every kind of line break', async () => {
    // A customer writing Hebrew in the English desk: each line takes the direction of its first
    // letter, as the e-mail view's body does. Laid out left to right, "?" stood right of the
    // words (before the question, read from the right) and a number moved to the line's start.
    const question = 'שלום, איפה החבילה שלי?';
    const deskPage = await openDeskPage();
    const { page } = deskPage;
    await signInReady(page);
    const chatId = await acceptedChat(deskPage, {
      customerNickName: 'דנה',
      subject: 'Refund',
      firstMessage: question,
    });
    await row(page, chatId).locator('button.row__main').click();
    const line = page.getByRole('log').locator('.message__text', { hasText: 'שלום' });
    await expect.poll(() => line.count()).toBe(1);
    // Read from the right: "שלום" first, then the question mark at the line's left end.
    const said = await edges(line, '?', 'שלום');
    expect(said.firstRight).toBeLessThanOrEqual(said.thenLeft);
    // An address on two lines, sent with a lone CR, and one with Unicode's line separator: each
    // on its two lines, as the saved transcript has them (they ran into one line).
    deskPage.simulator.control.customerSays(chatId, 'רחוב הרצל 1\rתל אביב');
    deskPage.simulator.control.customerSays(chatId, 'Herzl St 1\u2028Tel Aviv');
    const address = page.getByRole('log').locator('.message__text', { hasText: 'הרצל' });
    const addressInEnglish = page.getByRole('log').locator('.message__text', { hasText: 'Herzl' });
    await expect.poll(() => addressInEnglish.count()).toBe(1);
    expect(await textLines(address)).toBe(2);
    expect(await textLines(addressInEnglish)).toBe(2);
    // The agent's answer in the box, as they type it.
    const box = page.getByLabel('Message', { exact: true });
    await box.fill('כן, רגע אחד.');
    expect(
      await box.evaluate(
        (element) =>
          (
            globalThis as unknown as {
              getComputedStyle(element: unknown): { unicodeBidi: string };
            }
          ).getComputedStyle(element).unicodeBidi,
      ),
    ).toBe('plaintext');
    await box.press('Enter');
    const answer = page.getByRole('log').locator('.message__text', { hasText: 'רגע' });
    await expect.poll(() => answer.count()).toBe(1);
    const answered = await edges(answer, '.', 'כן');
    expect(answered.firstRight).toBeLessThanOrEqual(answered.thenLeft);
    // The row's last line: the agent's words after "Agent:", read right to left in their turn;
    // then the customer leaving, in the desk's sentence, her name first, its words after it.
    const lastLine = row(page, chatId).getByTestId('row-last-line');
    await expect.poll(() => lastLine.innerText()).toContain('רגע');
    const rowAnswer = await edges(lastLine, '.', 'כן');
    expect(rowAnswer.firstRight).toBeLessThanOrEqual(rowAnswer.thenLeft);
    const byAgent = await edges(lastLine, 'Agent', 'כן');
    expect(byAgent.firstRight).toBeLessThanOrEqual(byAgent.thenLeft);
    // The next line half typed, for the screenshots: the box right to left as well.
    await box.fill('תודה רבה, 2 ימים!');
    await screenshotsAtThreeSizes(page, 'bidiNames', 'hebrew-chat');
    await darkScreenshotsAt1280And320(page, 'bidiNames', 'hebrew-chat');
    deskPage.simulator.control.customerLeaves(chatId);
    await expect.poll(() => lastLine.innerText()).toContain('left');
    const leaving = await edges(lastLine, 'דנה', 'left the chat');
    expect(leaving.firstRight).toBeLessThanOrEqual(leaving.thenLeft);
    expect(deskPage.problems).toEqual([]);
  }, 60_000);
});
