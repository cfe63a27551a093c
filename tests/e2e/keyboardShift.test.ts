import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  acceptedChat,
  emulateWindow,
  focusedId,
  focusedLabel,
  focusedText,
  REFLOW_320,
  row,
  screenshotsAtThreeSizes,
  signIn,
  signInReady,
  useDeskPages,
  ZOOM_200,
  connectionState,
} from './deskHarness';

// Issue 15 item 1, in Chromium against the real desk core, cache and GWS client talking to the
// simulator: a whole shift worked with the keyboard only (page.keyboard, never a click), and the
// shortcuts' help overlay, Escape closing what opened last, a remapped shortcut kept across a
// reload, and no shortcut firing while the agent types.

const { open } = useDeskPages();

/** What has the focus: its tag, id and trimmed text (the page's DOM, read as a string). */
function focused(page: Page): Promise<string> {
  return page.evaluate(
    `(() => { const e = document.activeElement; return e === null ? '' : e.tagName + '#' + e.id + ':' + (e.textContent ?? '').trim().slice(0, 40); })()`,
  );
}

const channels = (page: Page) => page.getByTestId('channel-states').innerText();

describe('a shift with the keyboard only', () => {
  it('signs in, goes Ready, works a chat and an e-mail, goes Not Ready with a reason, signs out', async () => {
    const { page, simulator, problems } = await open();
    const keys = page.keyboard;

    // ---- the sign-in form opens on its first empty field, or Sign in when all are filled
    await expect.poll(() => focused(page)).toBe('BUTTON#:Sign in');
    await keys.press('Enter');
    await expect.poll(() => connectionState(page)).toBe('connected');
    // The desk's main region has the keyboard (not the page's top).
    expect(await focused(page)).toMatch(/^MAIN#/u);

    // ---- Ready
    await expect.poll(() => page.getByLabel('State').isEnabled()).toBe(true);
    await keys.press('Alt+Shift+R');
    await expect.poll(() => channels(page)).toBe('Ready on e-mail, chat');

    // ---- a chat: accept the newest invitation, reply, send, done
    const chatId = simulator.control.startChat({
      customerNickName: 'Tom Baker',
      subject: 'Order 1234 is late',
      firstMessage: 'Hello, my order 1234 has not arrived.',
    });
    const chatRow = row(page, chatId);
    await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Invited');
    await keys.press('Alt+A');
    await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Accepted');
    await expect.poll(() => focusedId(page)).toBe('composer-text');
    await keys.type('Let me check that for you.');
    await keys.press('Enter');
    const transcript = page.getByRole('log', { name: 'Chat transcript' });
    await expect
      .poll(() => transcript.locator('.message[data-author-type="Agent"]').innerText())
      .toContain('Let me check that for you.');
    // After Send the keyboard is still in the message box, which is empty again.
    expect(await focusedId(page)).toBe('composer-text');
    await expect.poll(() => page.getByLabel('Message', { exact: true }).inputValue()).toBe('');
    // Sent with the Send button instead, pressed with the keyboard: the keyboard goes back to the
    // message box for the next line (was: the button disabled itself as it sent, and the keyboard
    // fell onto the body).
    await keys.type('It left the warehouse today.');
    for (let press = 0; press < 4 && (await focusedText(page)) !== 'Send'; press++)
      await keys.press('Tab');
    expect(await focusedText(page)).toBe('Send');
    await keys.press('Enter');
    await expect
      .poll(() => transcript.locator('.message[data-author-type="Agent"]').last().innerText())
      .toContain('It left the warehouse today.');
    expect(await focusedId(page)).toBe('composer-text');
    await expect.poll(() => page.getByLabel('Message', { exact: true }).inputValue()).toBe('');
    // Done does not fire from the message box (typing): Tab out of it first.
    await keys.press('Alt+Shift+E');
    expect(await chatRow.count()).toBe(1);
    await keys.press('Tab');
    await keys.press('Alt+Shift+E');
    await expect.poll(() => chatRow.count()).toBe(0);

    // ---- an e-mail: accept, reply, send (Ctrl+Enter from the draft), done
    const emailId = simulator.control.receiveEmail({
      from: 'ann@example.com',
      fromPersonal: 'Ann Smith',
      subject: 'Question about invoice 77',
      text: 'Hello,\nis invoice 77 paid?\nAnn',
    });
    const emailRow = row(page, emailId);
    await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Invited');
    await keys.press('Alt+A');
    await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Accepted');
    await expect.poll(() => focusedId(page)).toBe('detail-subject');
    await keys.press('Alt+R');
    await expect.poll(() => focusedId(page)).toBe('draft-text');
    const draftId = await page.locator('.row--selected').getAttribute('data-interaction-id');
    expect(draftId).not.toBe(emailId);
    await keys.type('Dear Ann, the invoice is paid. ');
    await keys.press('Control+Enter');
    await expect.poll(() => simulator.world.sent.length).toBe(1);
    // Typed on the reply's first line, above the quote, where the cursor waits.
    expect(simulator.world.sent[0]?.text).toMatch(
      /^Dear Ann, the invoice is paid\.\s*\n\nOn .*Ann Smith wrote:\n> Hello,/u,
    );
    await expect.poll(() => row(page, draftId ?? '').count()).toBe(0);
    // The e-mail itself is still in hand: open it (next interaction) and mark it Done.
    await keys.press('Alt+ArrowDown');
    await expect
      .poll(() => page.getByTestId('detail-subject').innerText())
      .toBe('Question about invoice 77');
    await keys.press('Alt+Shift+E');
    await expect.poll(() => emailRow.count()).toBe(0);

    // ---- Not Ready with a reason, chosen in the reason dialog with the arrow keys
    await keys.press('Alt+Shift+N');
    const reasons = page.getByRole('dialog', { name: 'Not Ready' });
    await expect.poll(() => reasons.isVisible()).toBe(true);
    expect(await focused(page)).toBe('BUTTON#:Not Ready (no reason)');
    await screenshotsAtThreeSizes(page, 'keyboard', 'not-ready-reasons');
    expect(await focused(page)).toBe('BUTTON#:Not Ready (no reason)');
    await keys.press('ArrowDown');
    // Named as the state's summary names it once chosen, not as the server spells it.
    expect(await focused(page)).toBe('BUTTON#:After-call work');
    await keys.press('ArrowDown');
    expect(await focused(page)).toBe('BUTTON#:AuxWork');
    await keys.press('Enter');
    await expect.poll(() => channels(page)).toBe('Not ready (AuxWork) on e-mail, chat');
    expect(await reasons.isVisible()).toBe(false);

    // ---- sign out
    await keys.press('Alt+Shift+Q');
    await expect
      .poll(() => page.getByRole('heading', { name: 'Sign in to Switchboard' }).isVisible())
      .toBe(true);
    expect(problems).toEqual([]);
  });
});

describe('a button pressed with the keyboard', () => {
  it('keeps the focus while its action runs: Save transcript, an attachment’s Save as…, Settings’ Save and Undo', async () => {
    // Each answer takes a moment, as main's does while the OS save dialog is open or the disk
    // is busy: long enough for the page to render its button as it is meanwhile.
    const aMoment = () => new Promise((resolve) => setTimeout(resolve, 300));
    const { page, simulator, os, dataDir, problems } = await open({
      handlers: (handlers) => ({
        ...handlers,
        interactions: {
          ...handlers.interactions,
          saveTranscript: async (...args) => {
            await aMoment();
            return handlers.interactions.saveTranscript(...args);
          },
        },
        attachments: {
          ...handlers.attachments,
          saveAs: async (...args) => {
            await aMoment();
            return handlers.attachments.saveAs(...args);
          },
        },
        settings: {
          ...handlers.settings,
          update: async (...args) => {
            await aMoment();
            return handlers.settings.update(...args);
          },
        },
      }),
    });
    await signInReady(page);
    const keys = page.keyboard;

    // ---- a chat's Save transcript
    await acceptedChat(
      { page, simulator },
      { customerNickName: 'Tom Baker', subject: 'Order 1234 is late', firstMessage: 'Hello' },
    );
    os.savePath = join(dataDir, 'transcript.html');
    await page.getByRole('button', { name: 'Save transcript' }).focus();
    await keys.press('Enter');
    const saved = page.getByRole('status').filter({ hasText: 'Saved to' });
    await expect.poll(() => saved.innerText()).toBe(`Saved to ${os.savePath}`);
    // Was: the button disabled itself while saving, and the keyboard fell onto the body.
    expect(await focused(page)).toBe('BUTTON#:Save transcript');

    // ---- an e-mail attachment's Save as…
    const emailId = simulator.control.receiveEmail({
      from: 'ann@example.com',
      subject: 'Invoice 77',
      text: 'Please see the attached invoice.',
      attachments: [
        { name: 'invoice-77.txt', mimeType: 'text/plain', bytes: Buffer.from('Invoice 77') },
      ],
    });
    await expect.poll(() => row(page, emailId).getAttribute('data-state')).toBe('Invited');
    // The row's Accept, pressed with the keyboard, goes as the invitation does: the keyboard
    // goes on to the e-mail it opened, never onto the body.
    await row(page, emailId).locator('.row__actions button.primary').focus();
    await keys.press('Enter');
    await expect.poll(() => row(page, emailId).getAttribute('data-state')).toBe('Accepted');
    await expect.poll(() => focusedId(page)).toBe('detail-subject');
    await row(page, emailId).locator('button.row__main').click();
    const saveAs = page.getByRole('button', { name: 'Save invoice-77.txt as…' });
    await expect.poll(() => saveAs.count()).toBe(1);
    os.savePath = join(dataDir, 'invoice.txt');
    await saveAs.focus();
    await keys.press('Enter');
    await expect.poll(() => saved.innerText()).toBe(`Saved to ${os.savePath}`);
    expect(await focused(page)).toBe('BUTTON#:Save invoice-77.txt as…');

    // ---- Settings: Save, then Undo of an edit
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('tab', { name: 'Appearance' }).click();
    await settings.getByRole('radio', { name: 'Dark' }).check();
    const save = settings.getByRole('button', { name: 'Save', exact: true });
    await save.focus();
    await keys.press('Enter');
    await expect.poll(() => settings.getByRole('status').innerText()).toBe('Saved.');
    expect(await focused(page)).toBe('BUTTON#:Save');
    await settings.getByRole('radio', { name: 'Light' }).check();
    const undo = settings.getByRole('button', { name: 'Undo changes' });
    await undo.focus();
    await keys.press('Enter');
    await expect.poll(() => settings.getByText('Not saved yet.').count()).toBe(0);
    expect(await focused(page)).toBe('BUTTON#:Undo changes');
    // Nothing left to undo: pressed again, it does nothing (and says so to a screen reader).
    expect(await undo.getAttribute('aria-disabled')).toBe('true');
    await keys.press('Enter');
    expect(await focused(page)).toBe('BUTTON#:Undo changes');
    expect(problems).toEqual([]);
  });

  it('keeps the focus while it reads again: the Workbins panel’s Refresh, the link banner’s Reconnect now', async () => {
    // Each answer takes a moment, as a slow server's does: long enough for the page to render
    // its button as it is meanwhile.
    const aMoment = () => new Promise((resolve) => setTimeout(resolve, 300));
    let workbinReads = 0;
    let checks = 0;
    const { page, simulator, problems } = await open({
      handlers: (handlers) => ({
        ...handlers,
        workbins: {
          ...handlers.workbins,
          overview: async (...args) => {
            workbinReads += 1;
            await aMoment();
            return handlers.workbins.overview(...args);
          },
        },
        session: {
          ...handlers.session,
          checkConnection: async (...args) => {
            checks += 1;
            await aMoment();
            return handlers.session.checkConnection(...args);
          },
        },
      }),
    });
    await signIn(page);
    const keys = page.keyboard;

    // ---- the Workbins panel's Refresh
    await page.getByRole('button', { name: 'Workbins', exact: true }).click();
    const refresh = page.getByRole('button', { name: 'Refresh', exact: true });
    await expect.poll(() => refresh.count()).toBe(1);
    // Named Refresh: the panel's opening read is over.
    const readsBefore = workbinReads;
    await refresh.focus();
    await keys.press('Enter');
    // Meanwhile it says so, still focused, and a second press reads nothing more.
    await expect.poll(() => focused(page)).toBe('BUTTON#:Reading…');
    expect(await page.getByRole('button', { name: 'Reading…' }).getAttribute('aria-disabled')).toBe(
      'true',
    );
    await keys.press('Enter');
    // Was: the button disabled itself while reading, and the keyboard fell onto the body.
    await expect.poll(() => focused(page)).toBe('BUTTON#:Refresh');
    expect(workbinReads).toBe(readsBefore + 1);
    await page.getByRole('button', { name: 'Close workbins' }).click();

    // ---- the link banner's Reconnect now, pressed while the server is still down
    const restarted = simulator.control.restart(60_000);
    const reconnect = page.getByRole('button', { name: 'Reconnect now' });
    await expect.poll(() => reconnect.count(), { timeout: 10_000 }).toBe(1);
    await reconnect.focus();
    await keys.press('Enter');
    await expect.poll(() => focused(page)).toBe('BUTTON#:Checking…');
    await keys.press('Enter');
    await expect.poll(() => focused(page)).toBe('BUTTON#:Reconnect now');
    expect(checks).toBe(1);
    simulator.control.endOutage();
    await restarted;
    await expect.poll(() => connectionState(page), { timeout: 15_000 }).toBe('connected');
    expect(problems).toEqual([]);
  }, 40_000);

  it('keeps the focus while it reads older history: the History tab’s Show older', async () => {
    // A history longer than a page (one page is 500 rows): ended e-mails, each page answered
    // after a moment, as a slow cache's would be.
    let pages = 0;
    const { page, problems } = await open({
      handlers: (handlers) => ({
        ...handlers,
        interactions: {
          ...handlers.interactions,
          history: async (query) => {
            pages += 1;
            await new Promise((resolve) => setTimeout(resolve, 300));
            // The page after the last row shown (`old-<n>`), as the cache answers it.
            const offset = query?.after === undefined ? 0 : Number(query.after.id.slice(4)) + 1;
            return Array.from({ length: query?.limit ?? 500 }, (_, index) => ({
              id: `old-${offset + index}`,
              channel: 'email',
              state: 'Completed',
              phase: 'ended' as const,
              subject: `Old e-mail ${offset + index}`,
              from: 'ann@example.com',
              firstSeenAt: Date.UTC(2026, 0, 1) - (offset + index) * 60_000,
              endedAt: Date.UTC(2026, 0, 1) - (offset + index) * 60_000,
              updatedAt: Date.UTC(2026, 0, 1) - (offset + index) * 60_000,
            }));
          },
        },
      }),
    });
    await signIn(page);
    const keys = page.keyboard;
    await page.getByRole('tab', { name: 'History' }).click();
    const showOlder = page.getByRole('button', { name: 'Show older' });
    await expect.poll(() => showOlder.count()).toBe(1);
    const pagesBefore = pages;
    await showOlder.focus();
    await keys.press('Enter');
    // Meanwhile it says so, still focused, and a second press reads nothing more.
    await expect.poll(() => focused(page)).toBe('BUTTON#:Loading…');
    await keys.press('Enter');
    // Was: the button disabled itself while reading, and the keyboard fell onto the body.
    await expect.poll(() => focused(page)).toBe('BUTTON#:Show older');
    expect(pages).toBe(pagesBefore + 1);
    expect(problems).toEqual([]);
  });
});

describe('shortcuts', () => {
  it('lists them in a help overlay that keeps the focus and closes on Escape, back where it was', async () => {
    const { page } = await open();
    await signIn(page);
    // The inbox loaded: the focused element's words (the opener's mark) change no more.
    await expect
      .poll(() => page.getByText('No interactions', { exact: true }).isVisible())
      .toBe(true);
    const opener = await focused(page);
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => help.isVisible()).toBe(true);
    await screenshotsAtThreeSizes(page, 'keyboard', 'shortcut-help');
    const accept = help.locator('tr[data-action="acceptInvitation"]');
    expect(await accept.innerText()).toMatch(/Accept the newest invitation\s+Alt\+A/u);
    expect(await help.locator('tr[data-action="help"]').innerText()).toMatch(/\?\s+or\s+F1/u);
    for (let press = 0; press < 5; press++) {
      await page.keyboard.press('Tab');
      expect(
        await page.evaluate(
          `document.querySelector('[data-testid="shortcut-help"]').contains(document.activeElement)`,
        ),
      ).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => help.isVisible()).toBe(false);
    expect(await focused(page)).toBe(opener);
    await page.keyboard.press('F1');
    await expect.poll(() => help.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => help.isVisible()).toBe(false);

    // The controls show their shortcut in the tooltip and to assistive technology.
    const workbins = page.getByRole('button', { name: 'Workbins', exact: true });
    expect(await workbins.getAttribute('aria-keyshortcuts')).toBe('Alt+W');
    expect(await workbins.getAttribute('title')).toBe('Workbins (Alt+W)');
    const search = page.getByRole('searchbox', { name: 'Search interactions' });
    expect(await search.getAttribute('aria-keyshortcuts')).toBe('/ Control+Shift+F');
  });

  it('Escape closes what opened last, one at a time', async () => {
    const { page, simulator } = await open();
    await signIn(page);
    // The state is known (Alt+Shift+R before then does nothing, as the disabled control would).
    await expect.poll(() => page.getByLabel('State').isEnabled()).toBe(true);
    await page.keyboard.press('Alt+Shift+R');
    await expect.poll(() => channels(page)).toBe('Ready on e-mail, chat');
    const chatId = simulator.control.startChat({
      customerNickName: 'Tom Baker',
      subject: 'Order 1234 is late',
      firstMessage: 'Hello?',
    });
    await expect.poll(() => row(page, chatId).getAttribute('data-state')).toBe('Invited');
    await page.keyboard.press('Alt+A');
    await expect.poll(() => focusedId(page)).toBe('composer-text');
    // Out of the message box (typing), then Transfer; then, from nowhere, Workbins.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Alt+T');
    const transfer = page.getByRole('button', { name: 'Transfer' });
    await expect.poll(() => transfer.getAttribute('aria-expanded')).toBe('true');
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    await page.keyboard.press('Alt+W');
    const workbins = page.getByRole('button', { name: 'Workbins', exact: true });
    await expect.poll(() => workbins.getAttribute('aria-expanded')).toBe('true');
    // Escape closes Workbins (opened last), then Transfer: one per press. Opened from nowhere,
    // Workbins gives the keyboard to its button as it closes, not to the page's body.
    await page.keyboard.press('Escape');
    await expect.poll(() => workbins.getAttribute('aria-expanded')).toBe('false');
    await expect.poll(() => focusedText(page)).toBe('Workbins');
    expect(await transfer.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Escape');
    await expect.poll(() => transfer.getAttribute('aria-expanded')).toBe('false');
    // The help overlay, a modal dialog, opened last: Escape closes it before anything else.
    await page.keyboard.press('Alt+W');
    await expect.poll(() => workbins.getAttribute('aria-expanded')).toBe('true');
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    await page.keyboard.press('F1');
    const help = page.getByTestId('shortcut-help');
    await expect.poll(() => help.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => help.isVisible()).toBe(false);
    expect(await workbins.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Escape');
    await expect.poll(() => workbins.getAttribute('aria-expanded')).toBe('false');
  });

  it("work the header's controls while a narrow or zoomed window folds them into the agent menu", async () => {
    const { page } = await open();
    await signIn(page);
    await expect.poll(() => page.getByLabel('State').isEnabled()).toBe(true);
    const dnd = page.getByRole('button', { name: 'Do Not Disturb', includeHidden: true });
    const workbins = page.getByRole('region', { name: 'Workbins' });
    const settings = page.getByTestId('settings');
    for (const size of [ZOOM_200, REFLOW_320]) {
      await emulateWindow(page, size);
      // Folded: none of the three is in the header now (they are in the closed agent menu).
      for (const action of ['doNotDisturb', 'workbins', 'settings']) {
        // The control is there, folded away (a selector matching nothing would not show it).
        expect(await page.locator(`header [data-shortcut-action~="${action}"]`).count()).toBe(1);
        expect(await page.locator(`header [data-shortcut-action~="${action}"]`).isVisible()).toBe(
          false,
        );
      }
      await page.evaluate('document.activeElement && document.activeElement.blur()');

      // The server's notification can show Do Not Disturb before its request has answered; until
      // then the control (and so its shortcut) is busy, as the button's disabled state shows.
      for (const pressed of ['true', 'false']) {
        await expect.poll(() => dnd.isEnabled()).toBe(true);
        await page.keyboard.press('Alt+Shift+D');
        await expect.poll(() => dnd.getAttribute('aria-pressed')).toBe(pressed);
      }

      await page.keyboard.press('Alt+W');
      await expect.poll(() => workbins.isVisible()).toBe(true);
      await page.keyboard.press('Escape');
      await expect.poll(() => workbins.isVisible()).toBe(false);

      await page.keyboard.press('Control+,');
      await expect.poll(() => settings.isVisible()).toBe(true);
      await page.keyboard.press('Escape');
      await expect.poll(() => settings.isVisible()).toBe(false);
    }
    await emulateWindow(page, { width: 1280, height: 800 });
    await page.keyboard.press('Alt+W');
    await expect.poll(() => workbins.isVisible()).toBe(true);
    await screenshotsAtThreeSizes(page, 'keyboard', 'workbins-by-shortcut');
  });

  it('never fire while the agent types in a text field', async () => {
    const { page } = await open();
    await signIn(page);
    await expect.poll(() => page.getByLabel('State').isEnabled()).toBe(true);
    const before = await channels(page);
    await page.keyboard.press('/');
    expect(await focused(page)).toMatch(/^INPUT#/u);
    await page.keyboard.type('a/?');
    await page.keyboard.press('Alt+Shift+R');
    await page.keyboard.press('F1');
    const search = page.getByRole('searchbox', { name: 'Search interactions' });
    expect(await search.inputValue()).toBe('a/?');
    expect(await page.getByTestId('shortcut-help').isVisible()).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await channels(page)).toBe(before);
  });

  it('a remapped shortcut is checked for conflicts, kept by main and works after a reload', async () => {
    const { page, desk } = await open();
    await signIn(page);
    await page.keyboard.press('Control+,');
    const settings = page.getByTestId('settings');
    await expect.poll(() => settings.isVisible()).toBe(true);
    // The dialog stays where it is as the agent clicks through its sections (held at the top:
    // centred, its list of sections moved under the pointer with each section's height).
    const tops = new Set<number>();
    for (const tab of await settings.getByRole('tab').all()) {
      await tab.click();
      tops.add(Math.round((await settings.boundingBox())?.y ?? -1));
    }
    expect([...tops]).toHaveLength(1);
    await settings.getByRole('tab', { name: 'Keyboard shortcuts' }).click();
    // At 1280 × 800 each shortcut is one row: its name, its keys and both buttons (a long key,
    // Alt+ArrowDown, once pushed Default onto a line of its own).
    for (const shortcut of await settings.locator('[data-action]').all()) {
      const name = await shortcut.locator('.shortcut-settings__name').boundingBox();
      const reset = await shortcut.locator('button').last().boundingBox();
      expect(reset?.y ?? 0).toBeLessThan((name?.y ?? 0) + (name?.height ?? 0));
    }
    // Its foot, Save, is in the window.
    const save = await settings.getByRole('button', { name: 'Save' }).boundingBox();
    expect((save?.y ?? 800) + (save?.height ?? 0)).toBeLessThanOrEqual(800);
    await page.screenshot({ path: 'out/screenshots/keyboard/shortcut-settings.png' });
    // Alt+A is Accept's: both rows say so, and Save refuses.
    await settings.getByRole('button', { name: 'Change the shortcut for Ready' }).click();
    await page.keyboard.press('Alt+A');
    expect(await settings.getByTestId('shortcut-conflict').count()).toBe(2);
    // Default and All back to the defaults, pressed, disable themselves: the keyboard goes to
    // the action's Change (the first action's for all), not onto the body.
    await settings.getByRole('button', { name: 'Back to the default shortcut for Ready' }).focus();
    await page.keyboard.press('Enter');
    expect(await settings.getByTestId('shortcut-conflict').count()).toBe(0);
    expect(await focusedLabel(page)).toBe('Change the shortcut for Ready');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Alt+A');
    expect(await settings.getByTestId('shortcut-conflict').count()).toBe(2);
    await settings.getByRole('button', { name: 'All back to the defaults' }).focus();
    await page.keyboard.press('Enter');
    expect(await settings.getByTestId('shortcut-conflict').count()).toBe(0);
    expect(await focusedLabel(page)).toBe(
      await settings
        .getByRole('button', { name: /^Change the shortcut for / })
        .first()
        .getAttribute('aria-label'),
    );
    // Send works from the message box: a key that would type there is refused for it.
    await settings.getByRole('button', { name: /^Change the shortcut for Send/ }).click();
    await page.keyboard.press('s');
    expect(await settings.getByRole('alert').first().innerText()).toBe(
      'S may type a character where you write: use Alt or Ctrl (not both), or a function key.',
    );
    await page.keyboard.press('Escape');
    expect(
      await settings.locator('[data-action="send"] [data-testid="shortcut-keys"]').innerText(),
    ).toBe('Ctrl+Enter');
    // A key the browser owns is refused as it is pressed.
    await settings.getByRole('button', { name: 'Change the shortcut for Ready' }).click();
    await page.keyboard.press('Control+w');
    expect(await settings.getByRole('alert').first().innerText()).toContain('Ctrl+W');
    await page.keyboard.press('Alt+Shift+K');
    expect(await settings.getByTestId('shortcut-conflict').count()).toBe(0);
    expect(
      await settings.locator('[data-action="ready"] [data-testid="shortcut-keys"]').innerText(),
    ).toBe('Alt+Shift+K');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => (await desk.handlers.settings.get()).shortcuts)
      .toEqual({ ready: 'Alt+Shift+K' });
    await page.keyboard.press('Escape');
    await expect.poll(() => settings.isVisible()).toBe(false);

    await page.reload();
    await expect.poll(() => connectionState(page)).toBe('connected');
    await expect.poll(() => page.getByLabel('State').isEnabled()).toBe(true);
    await page.keyboard.press('Alt+Shift+R');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await channels(page)).not.toBe('Ready on e-mail, chat');
    await page.keyboard.press('Alt+Shift+K');
    await expect.poll(() => channels(page)).toBe('Ready on e-mail, chat');
    expect(await page.getByLabel('State').getAttribute('aria-keyshortcuts')).toBe(
      'Alt+Shift+K Alt+Shift+N',
    );
  });
});
