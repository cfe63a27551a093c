import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import en from '../../common/i18n/en/errors';
import enInteraction from '../../common/i18n/en/interaction';
import { clippedEdgeProblem } from './axeAudit';
import type { DeskPage } from './deskHarness';
import {
  acceptedChat,
  darkScreenshotsAt1280And320,
  emulateWindow,
  focusedId,
  focusedLabel,
  frames,
  REFLOW_320,
  row,
  screenshotsAtThreeSizes,
  signInReady,
  useDeskPages,
  ZOOM_200,
} from './deskHarness';

// Issue 13 items 4 and 5 in the shipped renderer, in Chromium, against the real desk core and
// the simulator: the Case data panel (business keys, routing and system keys folded away, an
// edit through UpdateProperties confirmed by the server's PropertiesChanged notification, a
// refusal keeping the old value) and dispositions (chosen from the configured list, stored on
// the interaction, in the saved transcript, required before Done when the setting says so).

const { open: openDeskPage } = useDeskPages();

/** The case data routing attached to the test's chat: business keys and routing/system keys. */
const USER_DATA = {
  CustomerSegment: 'Silver',
  OrderNumber: '1234',
  RTargetAgentSelected: 'agent1',
  'CBR-actual_volume': '12',
  'Header X-Mailer': 'Webform',
  _AutoReplyCount: 0,
  GCTI_Priority: 5,
  // The sender's name as a mail server attaches it: RFC 2047 encoded (Tom Bäcker).
  FromPersonal: '=?UTF-8?B?VG9tIELDpGNrZXI=?=',
};

/** Tom starts a chat with case data and the desk's agent accepts it; answers its id. */
function tomsChat(deskPage: DeskPage): Promise<string> {
  return acceptedChat(deskPage, {
    customerNickName: 'Tom Baker',
    subject: 'Order 1234 is late',
    firstMessage: 'Hello, my order 1234 has not arrived.',
    userData: USER_DATA,
  });
}

/**
 * A desk page whose updateProperties calls each wait for the promise `hold` answers at the time
 * (none: they go at once), so a test can see an edit before it reaches the server.
 */
function openDeskPageHoldingUpdates(hold: () => Promise<void> | undefined): Promise<DeskPage> {
  return openDeskPage({
    handlers: (handlers) => ({
      ...handlers,
      interactions: {
        ...handlers.interactions,
        updateProperties: async (...args) => {
          await hold();
          return handlers.interactions.updateProperties(...args);
        },
      },
    }),
  });
}

/** Whether a text area is tall enough for all its text, wrapped lines too (nothing to scroll). */
function textAreaShowsAllItsText(textArea: Locator): Promise<boolean> {
  return textArea.evaluate((node) => {
    const { scrollHeight, clientHeight } = node as unknown as {
      readonly scrollHeight: number;
      readonly clientHeight: number;
    };
    return scrollHeight <= clientHeight;
  });
}

/** What the page's elements give the case-data helpers below (the test has no DOM types). */
interface ScrollingElement {
  readonly scrollHeight: number;
  readonly clientHeight: number;
  scrollTop: number;
  readonly parentElement: ScrollingElement | null;
  setAttribute(name: string, value: string): void;
  getBoundingClientRect(): { readonly top: number; readonly bottom: number };
  closest(selector: string): ScrollingElement | null;
}
interface StyledWindow {
  getComputedStyle(element: ScrollingElement): { readonly overflowY: string };
}

/**
 * Marks `data-case-scroller` the region the case-data panel scrolls in (itself in a wide window,
 * the region above the transcript in a narrow one), and scrolls it to its top or its end.
 */
async function scrollCaseData(panel: Locator, to: 'top' | 'end'): Promise<void> {
  await panel.evaluate((node, where) => {
    const window = globalThis as unknown as StyledWindow;
    const panelElement = node as unknown as ScrollingElement;
    let at: ScrollingElement | null = panelElement;
    while (
      at !== null &&
      !(
        at.scrollHeight > at.clientHeight &&
        /auto|scroll/u.test(window.getComputedStyle(at).overflowY)
      )
    )
      at = at.parentElement;
    if (at === null) return;
    at.setAttribute('data-case-scroller', '');
    at.scrollTop = where === 'top' ? 0 : at.scrollHeight;
  }, to);
}

/** Whether an element shows wholly in the visible part of the region the case data scrolls in. */
function inCaseScroller(element: Locator): Promise<boolean> {
  return element.evaluate((node) => {
    const own = (node as unknown as ScrollingElement).getBoundingClientRect();
    const scroller = (node as unknown as ScrollingElement).closest('[data-case-scroller]');
    if (scroller === null) return false;
    const shown = scroller.getBoundingClientRect();
    return own.top >= shown.top && own.bottom <= shown.bottom;
  });
}

describe('case data and dispositions in Chromium', () => {
  it('edits a case-data key: pending until the server confirms; a refusal keeps the old value and the text typed; a key the server holds as a number stays a number', async () => {
    /** Holds the next updateProperties call until the test lets it reach the server. */
    let hold: Promise<void> | undefined;
    const deskPage = await openDeskPageHoldingUpdates(() => hold);
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const chatId = await tomsChat(deskPage);
    const serverData = () => simulator.world.interactions.get(chatId)?.userData ?? {};

    // Business keys in the server's order, then the editable keys routing did not attach, empty.
    const panel = page.getByTestId('case-data');
    const business = panel.getByTestId('case-business');
    await expect
      .poll(() => business.locator('dt').allInnerTexts())
      .toEqual([
        'Subject',
        'ChatServerAppName',
        'CustomerSegment',
        'OrderNumber',
        'FromPersonal',
        'Notes',
        'ServiceType',
      ]);
    // A mail header's encoded words are shown decoded; the server keeps the value as it came.
    expect(
      await business.locator('[data-key="FromPersonal"]').getByTestId('case-value').innerText(),
    ).toBe('Tom Bäcker');
    // Routing and system keys are folded away until the agent opens them.
    const system = panel.getByTestId('case-system');
    expect(await system.isVisible()).toBe(false);
    await screenshotsAtThreeSizes(page, 'casedata', 'panel');
    await panel.getByText('Routing and system data (5)').click();
    expect(await system.locator('dt').allInnerTexts()).toEqual([
      'RTargetAgentSelected',
      'CBR-actual_volume',
      'Header X-Mailer',
      '_AutoReplyCount',
      'GCTI_Priority',
    ]);
    // Only the configured keys can be edited: OrderNumber came from routing and stays as it is.
    expect(await panel.getByRole('button', { name: 'Edit OrderNumber' }).count()).toBe(0);
    expect(await business.locator('[data-key="Notes"]').getByTestId('case-value').innerText()).toBe(
      'not set',
    );

    // ---- an edit shows as pending while it has not reached the server
    let release = (): void => undefined;
    hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const notes = business.locator('[data-key="Notes"]');
    await panel.getByRole('button', { name: 'Edit Notes' }).click();
    await panel.getByLabel('New Notes').fill('Customer asked for a call back');
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => notes.getAttribute('data-pending')).toBe('true');
    expect(await notes.innerText()).toContain('Saving…');
    // The form went with Save: the keyboard is back on the key's Edit, not out of the page.
    expect(await focusedLabel(page)).toBe('Edit Notes');
    expect(serverData().Notes).toBeUndefined();
    await screenshotsAtThreeSizes(page, 'casedata', 'pending');
    hold = undefined;
    release();

    // ---- the server receives it, and its notification confirms the value on the desk
    await expect.poll(() => serverData().Notes).toBe('Customer asked for a call back');
    // Saving another key sends that key alone: the header stays encoded as the server had it.
    expect(serverData().FromPersonal).toBe(USER_DATA.FromPersonal);
    await expect.poll(() => notes.getAttribute('data-pending')).toBeNull();
    expect(await notes.getByTestId('case-value').innerText()).toBe(
      'Customer asked for a call back',
    );
    // Cancel and Escape give the keyboard back to the key's Edit as well.
    await panel.getByRole('button', { name: 'Edit CustomerSegment' }).click();
    await panel.getByRole('button', { name: 'Cancel' }).click();
    expect(await focusedLabel(page)).toBe('Edit CustomerSegment');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    expect(await focusedLabel(page)).toBe('Edit CustomerSegment');

    // ---- the server refuses (the interaction is no longer this agent's to change, and the
    // notification that would have said so never came): one sentence, the old value kept,
    // nothing pending, and what the agent typed back in its form
    const interaction = simulator.world.interactions.get(chatId);
    if (interaction === undefined) throw new Error('the chat is gone from the simulator');
    interaction.owner = 'agent2';
    const segment = business.locator('[data-key="CustomerSegment"]');
    await panel.getByRole('button', { name: 'Edit CustomerSegment' }).click();
    await panel.getByLabel('New CustomerSegment').fill('Gold');
    await panel.getByRole('button', { name: 'Save' }).click();
    const alert = panel.getByRole('alert');
    // It says what happened (the chat is no longer this agent's on the server), not the
    // not-found kind's "Check it, or choose another one", which sent the agent to check a value.
    await expect
      .poll(() => alert.locator('.error-alert__text').innerText())
      .toBe(
        `CustomerSegment was not changed. ${en.code.interactionNotHeld.what} ${en.code.interactionNotHeld.next}`,
      );
    expect(await panel.getByLabel('New CustomerSegment').inputValue()).toBe('Gold');
    expect(await segment.getAttribute('data-pending')).toBeNull();
    expect(serverData().CustomerSegment).toBe('Silver');
    // The server's list, asked on the refusal, no longer has it: the chat is no longer shown as
    // the agent's work (it stayed in the inbox, every action on it refused, until a resync).
    expect(await row(page, chatId).count()).toBe(0);
    expect(await page.getByText(enInteraction.endedUnder.unknown).isVisible()).toBe(true);
    await screenshotsAtThreeSizes(page, 'casedata', 'refused');
    await darkScreenshotsAt1280And320(page, 'casedata', 'refused');
    await panel.getByRole('button', { name: 'Cancel' }).click();
    expect(await segment.getByTestId('case-value').innerText()).toBe('Silver');

    // ---- an edit of a key the server holds as a number sends one (it sent every value as a
    // string, so an integer the server held became text with any edit of it)
    const numbersChatId = await acceptedChat(deskPage, {
      customerNickName: 'Tom Baker',
      subject: 'Order 1234 is late',
      firstMessage: 'Hello',
      // As a routing strategy attached them: an integer and a text of digits.
      userData: { CustomerSegment: 5, ServiceType: '007' },
    });
    const numbersData = () => simulator.world.interactions.get(numbersChatId)?.userData ?? {};
    await row(page, numbersChatId).locator('button.row__main').click();
    await panel.getByRole('button', { name: 'Edit CustomerSegment' }).click();
    await panel.getByLabel('New CustomerSegment').fill('6');
    await panel.getByLabel('New CustomerSegment').press('Enter');
    await expect.poll(() => numbersData().CustomerSegment).toBe(6);
    await panel.getByRole('button', { name: 'Edit ServiceType' }).click();
    await panel.getByLabel('New ServiceType').fill('008');
    await panel.getByLabel('New ServiceType').press('Enter');
    await expect.poll(() => numbersData().ServiceType).toBe('008');
    // Text where the agent typed text: the server's number gives way to it.
    await expect
      .poll(() => panel.locator('[data-key="CustomerSegment"]').getAttribute('data-pending'))
      .toBeNull();
    await panel.getByRole('button', { name: 'Edit CustomerSegment' }).click();
    await panel.getByLabel('New CustomerSegment').fill('Gold');
    await panel.getByLabel('New CustomerSegment').press('Enter');
    await expect.poll(() => numbersData().CustomerSegment).toBe('Gold');
    expect(problems).toEqual([]);
  });

  it('makes case data read-only once the chat ended: values shown, no Edit, Save disabled with the reason', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const chatId = await tomsChat(deskPage);
    const serverData = () => simulator.world.interactions.get(chatId)?.userData ?? {};
    const panel = page.getByTestId('case-data');
    const newNotes = panel.getByLabel('New Notes');
    await panel.getByRole('button', { name: 'Edit Notes' }).click();
    await newNotes.fill('Call back on Friday');
    expect(await panel.getByTestId('case-closed').count()).toBe(0);

    // The chat was taken from the agent elsewhere, and the notification that would have said
    // so never came: Save is refused, and the server's list, asked then, ends the chat here.
    const interaction = simulator.world.interactions.get(chatId);
    if (interaction === undefined) throw new Error('the chat is gone from the simulator');
    interaction.owner = 'agent2';
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByText(enInteraction.endedUnder.unknown).isVisible())
      .toBe(true);

    // Ended: what the agent typed is still there to read (and copy), but nothing offers to
    // change the case data any more, and the panel says why.
    const closed = panel.getByTestId('case-closed');
    await expect.poll(() => closed.innerText()).toBe(enInteraction.caseData.closed);
    expect(await newNotes.inputValue()).toBe('Call back on Friday');
    expect(await newNotes.getAttribute('readonly')).not.toBeNull();
    const save = panel.getByRole('button', { name: 'Save' });
    expect(await save.isDisabled()).toBe(true);
    expect(await save.getAttribute('aria-describedby')).toBe('case-closed');
    expect(await panel.getByRole('button', { name: /^Edit / }).count()).toBe(0);
    const picker = page.getByLabel('Disposition', { exact: true });
    expect(await picker.isEnabled()).toBe(false);
    expect(await picker.getAttribute('aria-describedby')).toBe('case-closed');
    expect(
      await panel.locator('[data-key="CustomerSegment"]').getByTestId('case-value').innerText(),
    ).toBe('Silver');
    // Enter in the kept text sends nothing either.
    await newNotes.focus();
    await page.keyboard.press('Enter');
    expect(await newNotes.count()).toBe(1);
    expect(serverData().Notes).toBeUndefined();
    // At 320 px and at 200% zoom the keys above the transcript scroll by themselves, cut in the
    // middle of the Notes field right over the transcript's first message, cut too: a line shows
    // where one region ends, and the transcript begins a little under it (with no line, or both
    // cut rows touching it, they read as text written over text).
    const aboveTranscript = page.locator('section.detail > .detail__top');
    const edgeProblems: string[] = [];
    for (const [size, window] of [
      ['320 px', REFLOW_320],
      ['200%', ZOOM_200],
    ] as const) {
      await emulateWindow(page, window);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        const problem = await clippedEdgeProblem(aboveTranscript);
        if (problem !== undefined) edgeProblems.push(`${size}, ${scheme}: ${problem}`);
      }
    }
    expect(edgeProblems).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
    await screenshotsAtThreeSizes(page, 'casedata', 'ended-read-only');
    await darkScreenshotsAt1280And320(page, 'casedata', 'ended-read-only');
    // Cancel lets the kept text go.
    await panel.getByRole('button', { name: 'Cancel' }).click();
    expect(await newNotes.count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('keeps the case-data edit the agent typed: across switching interactions, after a failed save, also one that failed elsewhere', async () => {
    /** Holds the next updateProperties call until the test lets it reach the server. */
    let hold: Promise<void> | undefined;
    const deskPage = await openDeskPageHoldingUpdates(() => hold);
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const tomId = await tomsChat(deskPage);
    const annId = await acceptedChat(deskPage, {
      customerNickName: 'Ann Lee',
      subject: 'Refund for order 77',
      firstMessage: 'Where is my refund?',
    });
    const serverData = () => simulator.world.interactions.get(tomId)?.userData ?? {};
    const panel = page.getByTestId('case-data');
    const subject = panel.locator('[data-key="Subject"]').getByTestId('case-value');
    const newNotes = panel.getByLabel('New Notes');
    async function open(id: string, subjectText: string): Promise<void> {
      await row(page, id).locator('button.row__main').click();
      await expect.poll(() => subject.innerText()).toBe(subjectText);
    }
    // What an agent pastes from elsewhere: quotes, dashes, an emoji, markup-like text, long.
    const note = `Rückruf morgen 9–10 Uhr, “dringend” 😊 <b>&amp; Kd.-Nr. 1234</b> ${'x'.repeat(1500)}`;

    // ---- typed, not saved: switching to Ann's chat and back finds it as it was left
    await open(tomId, 'Order 1234 is late');
    await panel.getByRole('button', { name: 'Edit Notes' }).click();
    await newNotes.fill(note);
    await open(annId, 'Refund for order 77');
    // Ann's Notes are not being edited: the edit was Tom's.
    expect(await newNotes.count()).toBe(0);
    await open(tomId, 'Order 1234 is late');
    await expect.poll(() => newNotes.inputValue()).toBe(note);

    // ---- Save fails (the server unavailable): the agent is told, and the text is there again
    simulator.control.failNextRequests(['unavailable']);
    await panel.getByRole('button', { name: 'Save' }).click();
    const alert = panel.getByRole('alert');
    await expect.poll(() => alert.innerText()).toContain('Notes was not changed. ');
    expect(await newNotes.count()).toBe(1);
    expect(await newNotes.inputValue()).toBe(note);
    expect(serverData().Notes).toBeUndefined();

    // ---- Save fails while the agent is on another interaction: told on coming back, text kept
    let release = (): void => undefined;
    hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => panel.locator('[data-key="Notes"]').getAttribute('data-pending'))
      .toBe('true');
    await open(annId, 'Refund for order 77');
    simulator.control.failNextRequests(['unavailable']);
    hold = undefined;
    release();
    await open(tomId, 'Order 1234 is late');
    await expect.poll(() => alert.innerText()).toContain('Notes was not changed. ');
    await expect.poll(() => newNotes.inputValue()).toBe(note);

    // ---- and once the server answers, Save stores the whole text
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => serverData().Notes).toBe(note);
    await expect
      .poll(() => panel.locator('[data-key="Notes"]').getByTestId('case-value').innerText())
      .toBe(note);
    expect(problems).toEqual([]);
  });

  it('keeps a half-typed case-data value through a reload of the page (its renderer lost), until it is saved; one longer than the form takes can be added to, kept whole', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const chatId = await tomsChat(deskPage);
    const panel = page.getByTestId('case-data');
    const newNotes = panel.getByLabel('New Notes');
    await row(page, chatId).locator('button.row__main').click();
    await panel.getByRole('button', { name: 'Edit Notes' }).click();
    const note = 'Called twice – wants a refund, not a voucher ✔';
    await newNotes.fill(note);

    // The shell loads a lost renderer's page again (main/electron/window.ts): main kept the edit.
    await page.reload();
    await expect.poll(() => newNotes.count()).toBe(1);
    expect(await newNotes.inputValue()).toBe(note);

    // Saved, it is the server's, and a page loaded again has no form open any more.
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => simulator.world.interactions.get(chatId)?.userData.Notes).toBe(note);
    await page.reload();
    await expect
      .poll(() => panel.locator('[data-key="Notes"]').getByTestId('case-value').innerText())
      .toBe(note);
    expect(await newNotes.count()).toBe(0);

    // ---- a value longer than the form takes: the agent types a line after a long note, kept
    // whole by main for a page loaded again (cut to 2,000, Save then cut the note)
    const long = `Call log: ${'x'.repeat(2500)}`;
    const longChatId = await acceptedChat(deskPage, {
      customerNickName: 'Tom Baker',
      subject: 'Order 1234 is late',
      firstMessage: 'Hello',
      userData: { Notes: long },
    });
    const longNotes = () => simulator.world.interactions.get(longChatId)?.userData.Notes;
    await row(page, longChatId).locator('button.row__main').click();
    await panel.getByRole('button', { name: 'Edit Notes' }).click();
    expect(await newNotes.inputValue()).toBe(long);
    await newNotes.press('Control+End');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('Sent a voucher');
    expect(await newNotes.inputValue()).toBe(`${long}\nSent a voucher`);
    await page.reload();
    await expect.poll(() => newNotes.count()).toBe(1);
    expect(await newNotes.inputValue()).toBe(`${long}\nSent a voucher`);
    await newNotes.focus();
    await page.keyboard.press('Enter');
    await expect.poll(longNotes).toBe(`${long}\nSent a voucher`);
    expect(problems).toEqual([]);
  });

  it("edits a note of several lines without joining them, and takes a pasted one whole; a disposition the server changed after taking the agent's shows as the server's; a value the server changes while its form is open is followed in a form not typed in, and said over one typed in", async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const chatId = await acceptedChat(deskPage, {
      customerNickName: 'Tom Baker',
      subject: 'Order 1234 is late',
      firstMessage: 'Hello',
      // As another desk or routing may have written it.
      userData: { Notes: 'Called on Monday\nPromised a refund' },
    });
    const serverNotes = () => simulator.world.interactions.get(chatId)?.userData.Notes;
    const panel = page.getByTestId('case-data');
    const newNotes = panel.getByLabel('New Notes');
    await row(page, chatId).locator('button.row__main').click();

    // The form opens on the note as the server holds it, its lines apart.
    await panel.getByRole('button', { name: 'Edit Notes' }).click();
    expect(await newNotes.inputValue()).toBe('Called on Monday\nPromised a refund');
    // Shift+Enter starts a new line; Enter saves, as in the chat's message box.
    await newNotes.press('Control+End');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('Sent a voucher');
    await page.keyboard.press('Enter');
    await expect.poll(serverNotes).toBe('Called on Monday\nPromised a refund\nSent a voucher');
    await expect.poll(() => newNotes.count()).toBe(0);

    // An address pasted from an e-mail keeps its lines.
    const address = 'Tom Baker\r\n12 High Street\r\nLeeds LS1 4AP';
    await panel.getByRole('button', { name: 'Edit Notes' }).click();
    await newNotes.fill(address);
    // The rows evenly spaced, with an Edit button or without (was 17 px from Subject to the next
    // row, 27 from CustomerSegment, with its button, to the next).
    const [subject, appName, segment, serviceType] = await page.evaluate<number[]>(
      `['Subject', 'ChatServerAppName', 'CustomerSegment', 'ServiceType'].map((key) =>
        document.querySelector('[data-testid="case-data"] [data-key="' + key + '"] dt')
          .getBoundingClientRect().top)`,
    );
    const stepWithoutButton = Number(appName) - Number(subject);
    const stepWithButton = Number(serviceType) - Number(segment);
    expect(Math.abs(stepWithButton - stepWithoutButton)).toBeLessThanOrEqual(1);
    await screenshotsAtThreeSizes(page, 'casedata', 'multiline');
    await darkScreenshotsAt1280And320(page, 'casedata', 'multiline');
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect.poll(serverNotes).toBe('Tom Baker\n12 High Street\nLeeds LS1 4AP');

    // ---- a disposition the server takes as it forgets the desk's CometD session (a restart, a
    // failover), and a routing strategy changes before the desk is back: the resync brings the
    // strategy's value only, never the agent's. The picker shows the server's value and can be
    // changed again (it said "Saving…" with the agent's choice, disabled, for good).
    const { world } = simulator;
    const notify = world.notify.bind(world);
    let swallowed = false;
    world.notify = (userName, interaction, state) => {
      if (swallowed || state !== 'PropertiesChanged' || interaction.id !== chatId) {
        notify(userName, interaction, state);
        return;
      }
      swallowed = true;
      simulator.control.dropCometdSessions();
      Object.assign(interaction.userData, { DispositionCode: 'Escalated' });
    };
    const picker = page.getByLabel('Disposition', { exact: true });
    await picker.selectOption('Resolved');
    await expect.poll(() => swallowed).toBe(true);
    await expect.poll(() => picker.inputValue(), { timeout: 10_000 }).toBe('Escalated');
    await expect.poll(() => picker.isEnabled()).toBe(true);
    expect(await panel.getByText('Saving…').count()).toBe(0);

    // ---- a value the server changes (a colleague, a routing strategy) while the agent has the
    // key's form open: the form was filled from the value before, and Enter saved that old value
    // back over the server's new one, the agent never shown it
    const openedChatId = await acceptedChat(deskPage, {
      customerNickName: 'Tom Baker',
      subject: 'Order 1234 is late',
      firstMessage: 'Hello',
      userData: { Notes: 'Called on Monday' },
    });
    const opened = world.interactions.get(openedChatId);
    if (opened === undefined) throw new Error('the chat is gone from the simulator');
    const openedNotes = () => opened.userData.Notes;
    /** The server's Notes changed by someone else, its notification sent to the desk. */
    const changedElsewhere = (value: string) => {
      opened.userData.Notes = value;
      world.notify(opened.owner ?? 'agent1', opened, 'PropertiesChanged');
    };
    await row(page, openedChatId).locator('button.row__main').click();

    // Opened, not typed in: the form follows the server, and Enter saves nothing over it.
    await panel.getByRole('button', { name: 'Edit Notes' }).click();
    expect(await newNotes.inputValue()).toBe('Called on Monday');
    changedElsewhere('Customer cancelled the order');
    await expect.poll(() => newNotes.inputValue()).toBe('Customer cancelled the order');
    await newNotes.press('Enter');
    await expect.poll(() => newNotes.count()).toBe(0);
    expect(openedNotes()).toBe('Customer cancelled the order');
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
    await expect.poll(openedNotes).toBe('Customer cancelled the order; refund sent');
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
    await row(page, openedChatId).locator('button.row__main').click();
    await expect.poll(() => newNotes.inputValue()).toBe('Refund sent on Tuesday');
    await expect.poll(() => meanwhile.count()).toBe(1);
    expect(await meanwhile.innerText()).toContain('Refund refused by finance');
    expect(problems).toEqual([]);
  });

  it('asks before Done would lose a case-data value typed and not saved', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const chatId = await tomsChat(deskPage);
    const panel = page.getByTestId('case-data');
    const newNotes = panel.getByLabel('New Notes');
    await row(page, chatId).locator('button.row__main').click();
    await panel.getByRole('button', { name: 'Edit Notes' }).click();
    await newNotes.fill('Refund promised by Friday');
    // At 320 px the note wraps: the text area grows with it rather than hiding its second line.
    await emulateWindow(page, REFLOW_320);
    expect(await textAreaShowsAllItsText(newNotes)).toBe(true);
    // A note of many lines: the form's Save goes out of the panel, which scrolls by itself (at
    // its top, Save far below; at its end, the keys above). The case data's title stays in
    // sight, and says the note is typed and not saved.
    await newNotes.fill(`Refund promised by Friday\n${'More to say\n'.repeat(12)}`);
    const unsaved = panel.getByTestId('case-unsaved');
    await scrollCaseData(panel, 'top');
    await frames(page);
    expect(await inCaseScroller(panel.getByRole('button', { name: 'Save' }))).toBe(false);
    expect(await unsaved.allInnerTexts()).toEqual(['Notes not saved']);
    expect(await inCaseScroller(unsaved)).toBe(true);
    await scrollCaseData(panel, 'end');
    await frames(page);
    expect(await inCaseScroller(unsaved)).toBe(true);
    await darkScreenshotsAt1280And320(page, 'casedata', 'unsaved-marked');
    await emulateWindow(page, { width: 1280, height: 800 });
    await newNotes.fill('Refund promised by Friday');

    // Done: the note would go with the chat, unseen by anyone. Asked first; the chat stays.
    await page.getByRole('button', { name: 'Done' }).click();
    const question = page.getByTestId('unsaved-case-data-question');
    await expect.poll(() => question.innerText()).toContain('Notes');
    expect(simulator.world.interactions.get(chatId)?.state).toBe('Accepted');
    await screenshotsAtThreeSizes(page, 'casedata', 'unsaved-question');
    await darkScreenshotsAt1280And320(page, 'casedata', 'unsaved-question');
    // The first answer takes the agent back to the note, as typed.
    await question.getByRole('button', { name: 'Keep editing' }).click();
    await expect.poll(() => question.count()).toBe(0);
    await expect.poll(() => focusedLabel(page)).toBe('New Notes');
    expect(await newNotes.inputValue()).toBe('Refund promised by Friday');

    // Saved, nothing is left behind: Done goes at once.
    await page.keyboard.press('Enter');
    await expect
      .poll(() => simulator.world.interactions.get(chatId)?.userData.Notes)
      .toBe('Refund promised by Friday');
    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => row(page, chatId).count()).toBe(0);
    expect(simulator.world.interactions.get(chatId)?.state).toBe('Completed');
    expect(problems).toEqual([]);
  });

  it('refuses Done while a required disposition is missing, then stores one, exports it and lets Done go', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, desk, os, dataDir, problems } = deskPage;
    await desk.handlers.settings.update({ dispositionRequired: true });
    await signInReady(page);
    const chatId = await tomsChat(deskPage);
    const serverData = () => simulator.world.interactions.get(chatId)?.userData ?? {};

    // ---- Done without a disposition: one sentence, the picker focused, the chat still here
    await page.getByRole('button', { name: 'Done' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: en.code.dispositionRequired.what });
    await expect.poll(() => refusal.count()).toBe(1);
    expect(await focusedId(page)).toBe('disposition-picker');
    expect(await row(page, chatId).getAttribute('data-phase')).toBe('working');
    expect(simulator.world.interactions.get(chatId)?.state).toBe('Accepted');
    await screenshotsAtThreeSizes(page, 'casedata', 'disposition-required');

    // ---- choosing one stores it on the interaction through UpdateProperties
    const picker = page.getByLabel('Disposition', { exact: true });
    expect(await picker.locator('option:not([disabled])').allInnerTexts()).toEqual([
      'Resolved',
      'Follow-up needed',
      'Escalated',
      'No answer needed',
    ]);
    await picker.selectOption('Escalated');
    await expect.poll(() => serverData().DispositionCode).toBe('Escalated');
    await expect.poll(() => picker.isEnabled()).toBe(true);
    expect(await picker.inputValue()).toBe('Escalated');
    // The refusal is no longer true, so it goes.
    await expect.poll(() => refusal.count()).toBe(0);

    // ---- the saved transcript carries it
    os.savePath = join(dataDir, 'transcript.txt');
    await page.getByRole('button', { name: 'Save transcript' }).click();
    await expect.poll(() => page.getByText(`Saved to ${os.savePath}`).count()).toBe(1);
    // The desk saves HTML; the header table names the disposition.
    expect(await readFile(os.savePath, 'utf8')).toContain('<th>Disposition</th><td>Escalated</td>');

    // ---- now Done goes, from the picker the refusal sent the keyboard to (its shortcut: a
    // combination that types nothing picks no option): the chat leaves the inbox for History
    await picker.focus();
    await page.keyboard.press('Alt+Shift+E');
    await expect.poll(() => row(page, chatId).count()).toBe(0);
    expect(simulator.world.interactions.get(chatId)?.state).toBe('Completed');
    await page.getByRole('tab', { name: 'History' }).click();
    await expect.poll(() => row(page, chatId).count()).toBe(1);
    await row(page, chatId).click();
    await expect
      .poll(() => page.getByLabel('Disposition', { exact: true }).inputValue())
      .toBe('Escalated');
    // Ended: the disposition and case data stay readable, no longer editable.
    expect(await page.getByLabel('Disposition', { exact: true }).isEnabled()).toBe(false);
    expect(await page.getByRole('button', { name: 'Edit Notes' }).count()).toBe(0);
    await screenshotsAtThreeSizes(page, 'casedata', 'history');
    expect(problems).toEqual([]);
  });
});
