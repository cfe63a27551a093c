import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import en from '../../common/i18n/en/errors';
import {
  acceptedChat,
  darkScreenshot,
  type DeskPage,
  emulateWindow,
  focusedLabel,
  notWhole,
  REFLOW_320,
  row,
  screenshotsAtThreeSizes,
  signInReady,
  useDeskPages,
  ZOOM_200,
  connectionState,
} from './deskHarness';
import { fullDiskError } from '../support/damage';

// The Settings dialog's "Routing and case data" section in the shipped renderer, in Chromium,
// against the real desk core, its SQLite cache and the simulator: the disposition codes edited
// (added, moved, removed) reach the interaction's picker, a required disposition holds Done
// back, the chosen code lands under the configured key on the server and shows on the History
// row, and a queue name added in Settings is offered by Transfer and taken by the server. Bad
// input is refused in one plain sentence, with nothing stored.

const { open: openDeskPage } = useDeskPages();

/**
 * Run in the page (the tests compile without the DOM's types): whether the focus is in its
 * form's Save bar, and if not, the focused control's name when the bar covers part of it.
 */
const FOCUSED_UNDER_SAVE_BAR = `(() => {
  const focused = document.activeElement;
  const bar = focused?.closest('form')?.querySelector('.settings-footer');
  if (!focused || !bar) return { inBar: false, under: null };
  if (bar.contains(focused)) return { inBar: true, under: null };
  const field = focused.getBoundingClientRect();
  const covered = field.bottom > bar.getBoundingClientRect().top + 0.5;
  const name = focused.getAttribute('aria-label') || focused.labels?.[0]?.textContent?.trim()
    || focused.textContent?.trim() || focused.tagName;
  return { inBar: false, under: covered ? name : null };
})()`;

/** Opens Settings from the header and answers the dialog. */
async function openSettings(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect.poll(() => dialog.isVisible()).toBe(true);
  return dialog;
}

/** The entries of one of the section's lists, as their boxes show them. */
async function entries(dialog: Locator, list: string): Promise<string[]> {
  const boxes = await dialog.getByRole('list', { name: list }).getByRole('textbox').all();
  return Promise.all(boxes.map((box) => box.inputValue()));
}

/** Types `text` into a list's "New …" box and presses its Add button. */
async function addEntry(dialog: Locator, entry: string, text: string): Promise<void> {
  const box = dialog.getByRole('textbox', { name: `New ${entry}` });
  await box.fill(text);
  await box.locator('xpath=..').getByRole('button', { name: 'Add' }).click();
}

/** Tom starts a chat and the desk's agent accepts it; answers its id. */
function tomsChat(deskPage: DeskPage): Promise<string> {
  return acceptedChat(deskPage, {
    customerNickName: 'Tom Baker',
    subject: 'Order 1234 is late',
    firstMessage: 'Hello, my order 1234 has not arrived.',
  });
}

describe('Settings: routing and case data', () => {
  it('edits the disposition codes, key and requirement: the picker offers them, Done waits, History shows the code', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, desk, problems } = deskPage;
    await signInReady(page);
    const before = await desk.handlers.settings.get();

    const dialog = await openSettings(page);
    expect(await entries(dialog, 'Disposition codes')).toEqual([
      'Resolved',
      'Follow-up needed',
      'Escalated',
      'No answer needed',
    ]);
    // At 320 px every entry has one shape, its buttons under its box: with "Resolved" short
    // enough to have them beside it and "Follow-up needed" not, the rows were of two shapes.
    await emulateWindow(page, REFLOW_320);
    const shapes = await dialog
      .getByRole('list', { name: 'Disposition codes' })
      .getByRole('listitem')
      .evaluateAll((items) =>
        items.map((item) => {
          const [box, buttons] = ['input', '.list-editor__buttons'].map((selector) =>
            (
              item as unknown as {
                querySelector(s: string): {
                  getBoundingClientRect(): { top: number; bottom: number };
                };
              }
            )
              .querySelector(selector)
              .getBoundingClientRect(),
          );
          return (buttons?.top ?? 0) >= (box?.bottom ?? 0) ? 'buttons under' : 'buttons beside';
        }),
      );
    expect(shapes).toEqual(Array(4).fill('buttons under'));
    // Over the panel, the selected tab's highlight spans the dialog as the panel does (it stopped
    // at 11rem, in the middle of it).
    const tab = await dialog.getByRole('tab', { selected: true }).boundingBox();
    const panel = await dialog.getByRole('tabpanel').boundingBox();
    if (tab === null || panel === null) throw new Error('the selected tab or its panel not shown');
    expect(tab.y + tab.height).toBeLessThanOrEqual(panel.y);
    expect(tab.width).toBeGreaterThanOrEqual(panel.width - 1);
    await emulateWindow(page, { width: 1280, height: 800 });
    await screenshotsAtThreeSizes(page, 'settings', 'routing');

    // ---- bad input: refused beside the list in one sentence, the list unchanged
    const codes = dialog.getByTestId('settings-codes-list');
    await addEntry(dialog, 'disposition code', ' resolved ');
    await expect
      .poll(() => codes.getByRole('alert').innerText())
      .toBe('The disposition code "resolved" is listed twice.');
    await addEntry(dialog, 'disposition code', '   ');
    await expect
      .poll(() => codes.getByRole('alert').innerText())
      .toBe('A disposition code cannot be blank.');
    expect(await entries(dialog, 'Disposition codes')).toHaveLength(4);

    // ---- a new code, moved up twice; one removed
    await addEntry(dialog, 'disposition code', 'Callback booked');
    expect(await codes.getByRole('alert').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Move Callback booked up' }).click();
    await dialog.getByRole('button', { name: 'Move Callback booked up' }).click();
    await dialog.getByRole('button', { name: 'Remove No answer needed' }).click();
    expect(await entries(dialog, 'Disposition codes')).toEqual([
      'Resolved',
      'Follow-up needed',
      'Callback booked',
      'Escalated',
    ]);

    // ---- by keyboard: the focus follows the moved entry (the rows are the list's places: it
    // stayed on the place, and the next press moved the neighbour that took it), onto its other
    // button at an end; removing the last entry leaves it on the one before's Remove, not lost
    await dialog.getByRole('button', { name: 'Move Escalated up' }).focus();
    for (let press = 0; press < 3; press++) await page.keyboard.press('Enter');
    expect(await entries(dialog, 'Disposition codes')).toEqual([
      'Escalated',
      'Resolved',
      'Follow-up needed',
      'Callback booked',
    ]);
    expect(await focusedLabel(page)).toBe('Move Escalated down');
    for (let press = 0; press < 3; press++) await page.keyboard.press('Enter');
    expect(await focusedLabel(page)).toBe('Move Escalated up');
    await addEntry(dialog, 'disposition code', 'Call back');
    await dialog.getByRole('button', { name: 'Remove Call back' }).focus();
    await page.keyboard.press('Enter');
    expect(await focusedLabel(page)).toBe('Remove Escalated');
    expect(await entries(dialog, 'Disposition codes')).toEqual([
      'Resolved',
      'Follow-up needed',
      'Callback booked',
      'Escalated',
    ]);

    // ---- a blank key: Save refuses in one sentence and main keeps what it had
    const key = dialog.getByLabel('Store the disposition under the key');
    await key.fill('  ');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => dialog.getByTestId('settings-problem').innerText())
      .toBe('The disposition key cannot be blank.');
    expect(await desk.handlers.settings.get()).toEqual(before);

    await key.fill('WrapUp');
    await dialog.getByLabel('Require a disposition before Done').check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.getByRole('status').innerText()).toBe('Saved.');
    expect(await dialog.getByTestId('settings-problem').count()).toBe(0);
    expect(await desk.handlers.settings.get()).toEqual({
      ...before,
      dispositionCodes: ['Resolved', 'Follow-up needed', 'Callback booked', 'Escalated'],
      dispositionKey: 'WrapUp',
      dispositionRequired: true,
    });
    await screenshotsAtThreeSizes(page, 'settings', 'routing-saved');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);

    // History is read once, now: the row that comes to it later comes in a change set.
    await page.getByRole('tab', { name: 'History' }).click();
    await expect.poll(() => page.getByTestId('history-empty').count()).toBe(1);
    await page.getByRole('tab', { name: 'Inbox' }).click();

    // ---- the interaction's picker offers the new list, in its order
    const chatId = await tomsChat(deskPage);
    const picker = page.getByLabel('Disposition', { exact: true });
    await expect
      .poll(() => picker.locator('option:not([disabled])').allInnerTexts())
      .toEqual(['Resolved', 'Follow-up needed', 'Callback booked', 'Escalated']);

    // ---- required now: Done is refused in one sentence and the chat stays
    await page.getByRole('button', { name: 'Done' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: en.code.dispositionRequired.what });
    await expect.poll(() => refusal.count()).toBe(1);
    expect(await row(page, chatId).getAttribute('data-phase')).toBe('working');
    expect(simulator.world.interactions.get(chatId)?.state).toBe('Accepted');

    // ---- the new code, stored under the new key on the server; then Done goes
    await picker.selectOption('Callback booked');
    await expect
      .poll(() => simulator.world.interactions.get(chatId)?.userData.WrapUp)
      .toBe('Callback booked');
    expect(simulator.world.interactions.get(chatId)?.userData.DispositionCode).toBeUndefined();
    await expect.poll(() => picker.isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => row(page, chatId).count()).toBe(0);
    expect(simulator.world.interactions.get(chatId)?.state).toBe('Completed');

    // ---- History's row names the disposition (folded from the change set, not fetched)
    await page.getByRole('tab', { name: 'History' }).click();
    const historyRow = row(page, chatId);
    await expect
      .poll(() => historyRow.getByTestId('row-disposition').innerText())
      .toBe('Callback booked');
    expect(
      await historyRow.getByRole('button', { name: /: disposition Callback booked /u }).count(),
    ).toBe(1);
    await screenshotsAtThreeSizes(page, 'settings', 'history-row');
    expect(problems).toEqual([]);
  });

  it('adds queue names for Transfer: offered beside routing’s (each once), and the server queues the e-mail there', async () => {
    // 003's dialect (a): accepted e-mails offer PlaceInQueue (see transfer.test.ts).
    const deskPage = await openDeskPage({ simulator: { dialect: 'a' } });
    const { page, desk, problems, simulator } = deskPage;
    await signInReady(page);

    const dialog = await openSettings(page);
    await addEntry(dialog, 'queue name', 'Overflow');
    // A name routing gives the e-mail too: Transfer offers it once.
    await addEntry(dialog, 'queue name', 'SimpleEmailOutQueue');
    await addEntry(dialog, 'queue name', 'Overflow ');
    await expect
      .poll(() => dialog.getByTestId('settings-queues-list').getByRole('alert').innerText())
      .toBe('The queue name "Overflow" is listed twice.');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.getByRole('status').innerText()).toBe('Saved.');
    expect((await desk.handlers.settings.get()).transferQueueNames).toEqual([
      'Overflow',
      'SimpleEmailOutQueue',
    ]);
    await dialog.getByRole('button', { name: 'Close' }).click();

    const emailId = simulator.control.receiveEmail({
      from: 'maria@example.com',
      subject: 'Invoice charged twice',
      text: 'Hello,\nI was charged twice for order 4471.\nMaria',
    });
    const emailRow = row(page, emailId);
    await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Invited');
    await emailRow.getByRole('button', { name: 'E-mail from maria@example.com:' }).click();
    const actions = page.getByRole('toolbar', { name: 'Actions' });
    await actions.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Accepted');
    // Not Ready, so that routing does not offer the queued e-mail straight back to this agent.
    await page.getByLabel('State').selectOption('notReady');
    await expect
      .poll(() => page.getByTestId('channel-states').innerText())
      .toBe('Not ready on e-mail, chat');

    await actions.getByRole('button', { name: 'Transfer' }).click();
    const panel = page.getByRole('dialog', { name: 'Transfer' });
    await panel.getByRole('radio', { name: 'a queue' }).check();
    const options = panel.getByRole('option');
    await expect
      .poll(() => options.allInnerTexts())
      .toEqual([
        expect.stringMatching(/^SimpleEmailOutQueue\s+from routing$/),
        expect.stringMatching(/^SimpleEmailInQueue\s+where it came from$/),
        expect.stringMatching(/^Overflow\s+from your settings$/),
      ]);
    await screenshotsAtThreeSizes(page, 'settings', 'transfer-queues');

    // A typed name is still taken as typed, beside the settings' names it matches.
    const search = panel.getByRole('combobox', { name: 'Queue name' });
    await search.fill('Over');
    await expect
      .poll(() => options.allInnerTexts())
      .toEqual([
        expect.stringMatching(/^Over\s+as typed$/),
        expect.stringMatching(/^Overflow\s+from your settings$/),
      ]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => simulator.world.interactions.get(emailId)?.queue).toBe('Overflow');
    expect(simulator.world.interactions.get(emailId)?.state).toBe('Queued');
    await expect.poll(() => row(page, emailId).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('asks before Escape or Close drops edits not saved; Escape twice, or Discard, drops them', async () => {
    const { page, problems } = await openDeskPage();
    await signInReady(page);
    // Nothing changed: Escape closes at once.
    let dialog = await openSettings(page);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);

    dialog = await openSettings(page);
    await addEntry(dialog, 'disposition code', 'Callback promised');
    const question = dialog.getByTestId('unsaved-question');
    await page.keyboard.press('Escape');
    await expect.poll(() => question.innerText()).toContain('You have changes that are not saved.');
    expect(await dialog.isVisible()).toBe(true);
    await expect
      .poll(() =>
        dialog
          .getByRole('button', { name: 'Keep editing' })
          .evaluate(
            (button) =>
              button ===
              (globalThis as unknown as { document: { activeElement: unknown } }).document
                .activeElement,
          ),
      )
      .toBe(true);
    await screenshotsAtThreeSizes(page, 'settings', 'unsaved-question');
    await dialog.getByRole('button', { name: 'Keep editing' }).click();
    expect(await question.count()).toBe(0);
    expect(await entries(dialog, 'Disposition codes')).toContain('Callback promised');
    // Close asks too; Discard drops the edit.
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.getByRole('button', { name: 'Discard changes' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    dialog = await openSettings(page);
    expect(await entries(dialog, 'Disposition codes')).not.toContain('Callback promised');
    // Escape twice drops it as well (the second Escape is the browser's to honour).
    await addEntry(dialog, 'disposition code', 'Callback promised');
    await page.keyboard.press('Escape');
    await expect.poll(() => question.count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    // Saved edits close at once.
    dialog = await openSettings(page);
    await addEntry(dialog, 'disposition code', 'Callback promised');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.getByRole('status').first().innerText()).toBe('Saved.');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(problems).toEqual([]);
  });

  it('scrolls its body under a heading that stays put: the list of sections beside a long section, and the question about unsaved edits, in sight wherever the agent scrolled to', async () => {
    const { page, problems } = await openDeskPage();
    await signInReady(page);
    const dialog = await openSettings(page);
    await addEntry(dialog, 'disposition code', 'Callback promised');
    const heading = dialog.locator('.dialog-header');
    const keep = dialog.getByRole('button', { name: 'Keep editing' });
    // A heading taller than English makes it, as a longer title or translation would: one that
    // wraps (the list's `top` was the one-line heading's height, worked out by hand; under this
    // one the list slid under the heading as the section scrolled).
    await dialog.locator('#settings-title').evaluate((title) => {
      (title as unknown as { textContent: string }).textContent =
        'Settings of this desk and of this agent: routing and case data, disposition codes, queues for transfer and new e-mails, invitations, language, appearance, sound and keyboard shortcuts';
    });
    /** What each size showed, scrolled to the routing section's end, and once Escape asked. */
    const seen: Record<string, unknown> = {};
    for (const [name, size] of [
      ['1280 × 800', { width: 1280, height: 800 }],
      ['200%', ZOOM_200],
      ['320 px', REFLOW_320],
    ] as const) {
      await emulateWindow(page, size);
      // Mid-section, the Save bar at the dialog's bottom edge, nothing of the section under it.
      await dialog.getByLabel('Store the disposition under the key').scrollIntoViewIfNeeded();
      const saveBar = await dialog
        .locator('#settings-panel-routing .settings-footer')
        .boundingBox();
      const frame = await dialog.boundingBox();
      const saveBarAboveEdge = Math.round(
        (frame?.y ?? 0) + (frame?.height ?? 0) - 1 - ((saveBar?.y ?? 0) + (saveBar?.height ?? 0)),
      );
      const headingBefore = await heading.boundingBox();
      const listBefore = await dialog.getByRole('tablist').boundingBox();
      // The long section's end, scrolled to in whichever box scrolls.
      await dialog.locator('#settings-panel-routing').evaluate((panel) => {
        (panel as unknown as { scrollIntoView(at: object): void }).scrollIntoView({
          block: 'end',
        });
      });
      const headingAfter = await heading.boundingBox();
      const list = await dialog.getByRole('tablist').boundingBox();
      // Close asks in sight (was: the question sat at the top of the scrolled content, and the
      // focus scrolled Keep editing under the heading that stayed on top). Close, not Escape:
      // Chromium does not let a page hold every Escape back (its rule against trapping the
      // agent): the third of this loop closed the dialog.
      await heading.getByRole('button', { name: 'Close' }).click();
      await expect.poll(() => keep.count()).toBe(1);
      seen[name] = {
        saveBarAboveEdge,
        headingMoved: headingAfter?.y !== headingBefore?.y,
        closeCut: await notWhole(heading.getByRole('button', { name: 'Close' })),
        // Beside the panel (not at 320 px, where the list is a row above it), every tab whole and
        // the list below the heading, not under it (its `top` was the heading's height worked
        // out by hand).
        tabsCut: name === '320 px' ? [] : await notWhole(dialog.getByRole('tab')),
        listUnderHeading:
          name === '320 px' ||
          (list?.y ?? 0) >= (headingAfter?.y ?? 0) + (headingAfter?.height ?? 0) - 0.5,
        // Where the layout put it, the body's padding under the heading, not moved up nearer to it.
        listMoved: name !== '320 px' && list?.y !== listBefore?.y,
        questionCut: await notWhole(dialog.getByTestId('unsaved-question')),
        keepEditingOnTop: await keep.evaluate((button) => {
          const box = (
            button as unknown as {
              getBoundingClientRect(): { left: number; top: number; width: number; height: number };
            }
          ).getBoundingClientRect();
          const found = (
            globalThis as unknown as {
              document: {
                elementFromPoint(x: number, y: number): { parentElement: unknown } | null;
              };
            }
          ).document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          return found !== null && (found === button || found.parentElement === button);
        }),
      };
      await keep.click();
      await expect.poll(() => keep.count()).toBe(0);
      // To the last section and back: each section's Save bar measures itself for the body's
      // scroll padding, a hidden one's 0 px never taking the shown one's place.
      await dialog.getByRole('tab').last().click();
      await dialog.getByRole('tab').first().click();
      // Tab through the long section from its top: no field the keyboard reaches sits under the
      // sticky Save bar (was: at 200% and 320 px the last ones stopped under it, out of sight).
      await dialog.locator('.settings__body').evaluate((body) => {
        (body as unknown as { scrollTop: number }).scrollTop = 0;
      });
      await dialog.locator('#settings-panel-routing').getByRole('textbox').first().focus();
      const underSaveBar: string[] = [];
      // Tab reached the bar through the section's fields (else the walk checked nothing: the
      // focus left the form, or the presses ran out before its end).
      let reachedSaveBar = false;
      for (let presses = 0; presses < 80 && !reachedSaveBar; presses += 1) {
        const focused = await page.evaluate<{ inBar: boolean; under: string | null }>(
          FOCUSED_UNDER_SAVE_BAR,
        );
        reachedSaveBar = focused.inBar;
        if (focused.under !== null) underSaveBar.push(focused.under);
        if (!reachedSaveBar) await page.keyboard.press('Tab');
      }
      Object.assign(seen[name] as Record<string, unknown>, { underSaveBar, reachedSaveBar });
      // The section's last field, reached back from Save: above the bar, in light and dark.
      await page.keyboard.press('Shift+Tab');
      const shot = `out/screenshots/settings/routing-last-field-${name.replace(/\W+/gu, '')}`;
      await page.screenshot({ path: `${shot}.png` });
      await darkScreenshot(page, `${shot}-dark.png`);
    }
    const whole = {
      saveBarAboveEdge: 0,
      headingMoved: false,
      closeCut: [],
      tabsCut: [],
      listUnderHeading: true,
      listMoved: false,
      questionCut: [],
      keepEditingOnTop: true,
      underSaveBar: [],
      reachedSaveBar: true,
    };
    expect(seen).toEqual({ '1280 × 800': whole, '200%': whole, '320 px': whole });
    await screenshotsAtThreeSizes(page, 'settings', 'routing-scrolled');
    expect(problems).toEqual([]);
  }, 60_000);

  it('refuses bad input in the desk language', async () => {
    const { page, problems } = await openDeskPage({ locale: 'de-DE' });
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await expect.poll(() => connectionState(page)).toBe('connected');
    await page.keyboard.press('Control+,');
    const dialog = page.getByRole('dialog', { name: 'Einstellungen' });
    await expect.poll(() => dialog.isVisible()).toBe(true);

    const box = dialog.getByRole('textbox', { name: 'Neuer Abschlusscode' });
    await box.fill('   ');
    await box.locator('xpath=..').getByRole('button', { name: 'Hinzufügen' }).click();
    await expect
      .poll(() => dialog.getByTestId('settings-codes-list').getByRole('alert').innerText())
      .toBe('Ein Abschlusscode darf nicht leer sein.');

    await dialog.getByLabel('Abschlusscode unter diesem Schlüssel speichern').fill('  ');
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await expect
      .poll(() => dialog.getByTestId('settings-problem').innerText())
      .toBe('Der Schlüssel für den Abschlusscode darf nicht leer sein.');
    // The refusal is in view where Save is, not at the end of the scrolled section.
    const problem = await dialog.getByTestId('settings-problem').boundingBox();
    const save = await dialog.getByRole('button', { name: 'Speichern' }).boundingBox();
    const viewport = page.viewportSize();
    expect(problem !== null && save !== null && viewport !== null).toBe(true);
    expect((problem?.y ?? 0) + (problem?.height ?? 0)).toBeLessThanOrEqual(save?.y ?? 0);
    expect((problem?.y ?? 0) + (problem?.height ?? 0)).toBeLessThanOrEqual(viewport?.height ?? 0);
    // Nothing covers it: the topmost element at its middle is the refusal itself.
    expect(
      await page.evaluate(
        `(() => { const e = document.querySelector('[data-testid="settings-problem"]'); const b = e.getBoundingClientRect(); const top = document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2); return top === e || e.contains(top); })()`,
      ),
    ).toBe(true);
    await screenshotsAtThreeSizes(page, 'settings', 'refusal-de');

    // The agent switches the desk to English in the same dialog and comes back: the refusals
    // still showing are said in English too (they stayed German, worded once when refused).
    // (The dialog is found by its test id: its name is the language's.)
    const settings = page.getByTestId('settings');
    // A combination refused in the shortcuts' section too.
    await settings.locator('#settings-tab-shortcuts').click();
    await settings.locator('#shortcut-change-acceptInvitation').click();
    await page.keyboard.press('Shift+Escape');
    const refusedKeys = settings.locator('.shortcut-settings__refusal');
    await expect
      .poll(() => refusedKeys.innerText())
      .toBe('Escape schließt, was zuletzt geöffnet wurde: Wählen Sie eine andere Kombination.');
    await settings.locator('#settings-tab-language').click();
    const language = settings.locator('#settings-panel-language');
    await language.getByRole('radio', { name: 'English' }).check();
    await language.locator('button[type="submit"]').click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await settings.locator('#settings-tab-routing').click();
    expect(await settings.getByTestId('settings-codes-list').getByRole('alert').innerText()).toBe(
      'A disposition code cannot be blank.',
    );
    expect(await settings.getByTestId('settings-problem').innerText()).toBe(
      'The disposition key cannot be blank.',
    );
    await settings.locator('#settings-tab-shortcuts').click();
    expect(await refusedKeys.innerText()).toBe(
      'Escape closes what opened last: choose another combination.',
    );
    expect(problems).toEqual([]);
  });
  it("says a Save the cache's full disk refused as the disk's trouble, in the desk's language", async () => {
    // What better-sqlite3 throws on a full disk, made on a real SQLite file (the desk's own
    // connection is out of the test's reach): the Save answered "Etwas ist schiefgelaufen" with
    // "switchboard:settings:update failed unexpectedly" as its details.
    const diskFull = fullDiskError();
    const { page, problems } = await openDeskPage({
      locale: 'de-DE',
      handlers: (handlers) => ({
        ...handlers,
        settings: {
          ...handlers.settings,
          update: () => {
            throw diskFull;
          },
        },
      }),
    });
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await expect.poll(() => connectionState(page)).toBe('connected');
    await page.keyboard.press('Control+,');
    const dialog = page.getByRole('dialog', { name: 'Einstellungen' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.locator('#settings-tab-sound').click();
    const panel = dialog.locator('#settings-panel-sound');
    await panel.getByLabel('Bei einer neuen Einladung einen Signalton abspielen').click();
    await panel.getByRole('button', { name: 'Speichern' }).click();
    const alert = panel.getByTestId('error-alert');
    await expect.poll(() => alert.getAttribute('data-code')).toBe('cacheFull');
    expect(await alert.locator('.error-alert__text').innerText()).toBe(
      'Nicht gespeichert. Der Datenträger dieses Computers ist voll: Switchboard kann dort nichts mehr speichern. Schaffen Sie dort Platz (oder wenden Sie sich an Ihre Administration) und versuchen Sie es dann erneut.',
    );
    await screenshotsAtThreeSizes(page, 'settings', 'disk-full-de');
    await darkScreenshot(page, 'out/screenshots/settings/disk-full-de-dark.png');
    expect(problems).toEqual([]);
  });
});
