import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedContactHistory } from '../../simulator/contactHistory';
import { demoHtmlEmail } from '../../simulator/scenarios';
import type { NewEmail } from '../../simulator/world';
import { COLOR_SCHEMES, expectAccessible, focusRing, ringProblem } from './axeAudit';
import { emptyChangeSet } from '../../main/workstation/cacheWriter';
import {
  acceptedChat,
  announcements,
  chooseInAgentMenu,
  type DeskPage,
  emulateWindow,
  REFLOW_320,
  recordAnnouncements,
  row,
  screenshotsAtThreeSizes,
  signInReady,
  sightings,
  useDeskPages,
  watchFor,
} from './deskHarness';

// Issue 15 item 2: every view and state of the shipped renderer passes axe-core (WCAG 2.0, 2.1
// and 2.2 A and AA, and axe's best practices) with no violation, in the light and the dark
// colour scheme, in Chromium against the real desk core, cache and simulator. Each test walks
// one desk through several states and audits each where it stands.

const { open: openDeskPage } = useDeskPages();

/** Walking a desk through a dozen states, each audited twice, takes longer than a unit test. */
const WALK_MS = 90_000;

/**
 * An HTML e-mail that uses what the mail frame renders (a table, a link, an inline image with its
 * text alternative, a remote image blocked) and is itself written accessibly: the audit judges
 * the frame the desk builds, not a sender's colours (the demo e-mail's grey footer, #888 on
 * white, is the sender's styling, which the desk shows as sent).
 */
function htmlEmail(): NewEmail {
  return {
    ...demoHtmlEmail(),
    html:
      '<p>Hello,</p><p>my card was <strong>charged twice</strong> for invoice <em>4471</em>:</p>' +
      '<table><tr><th>Date</th><th>Amount</th></tr><tr><td>3 Nov</td><td>EUR 129.00</td></tr>' +
      '<tr><td>4 Nov</td><td>EUR 129.00</td></tr></table>' +
      '<p>My account page: <a href="https://example.com/account/4471">example.com/account/4471</a></p>' +
      '<p><img src="cid:maria-logo.png@mail.example.com" alt="Jensen Design" width="120" height="36"></p>' +
      '<p>Thank you,<br>Maria Jensen ' +
      '<img src="https://tracker.mailpal.example/open.gif?m=4471" alt="" width="1" height="1"></p>',
  };
}

/**
 * Waits for the mail frame's last document: it is rebuilt once the inline logo's file is
 * downloaded (after Accept), and a frame read or audited while it reloads loses its context.
 */
async function finalMailDocument(mailFrame: FrameLocator): Promise<void> {
  await expect
    .poll(() => mailFrame.locator('img[alt="Jensen Design"]').getAttribute('src'), {
      timeout: 10_000,
    })
    .toMatch(/^data:image\//u);
}

const actions = (page: Page) => page.getByRole('toolbar', { name: 'Actions' });

describe('every view passes axe in light and dark', () => {
  it(
    'sign-in, the empty desk, an invitation ringing, a chat with its composer, transfer and consult, the leave guard',
    async () => {
      const { page, simulator, problems } = await openDeskPage();
      await expect
        .poll(() => page.getByRole('heading', { name: 'Sign in to Switchboard' }).isVisible())
        .toBe(true);
      await expectAccessible(page, 'sign-in form');
      await page.getByLabel('Password', { exact: true }).fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByRole('alert').isVisible()).toBe(true);
      await expectAccessible(page, 'sign-in form with an error');

      await page.getByLabel('Password', { exact: true }).fill('demo');
      await signInReady(page);
      await expectAccessible(page, 'empty desk');

      // A known contact, so that the chat has a contact history to show.
      const [tom] = seedContactHistory(simulator.world, Date.now());
      const chatId = simulator.control.startChat({
        customerNickName: 'Tom Baker',
        subject: 'Order 1234 is late',
        firstMessage: 'Hello, my order 1234 has not arrived.',
        contactId: tom?.contactId,
      });
      const chatRow = row(page, chatId);
      await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Invited');
      await expectAccessible(page, 'chat invitation ringing');
      await chatRow.getByRole('button', { name: 'Chat from' }).first().click();
      await expect
        .poll(() => page.getByTestId('detail-subject').innerText())
        .toBe('Order 1234 is late');
      await expectAccessible(page, 'chat invitation open');

      await chatRow.getByRole('button', { name: 'Accept Chat from' }).click();
      await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Accepted');
      const box = page.getByLabel('Message', { exact: true });
      await box.fill('Let me check that for you.');
      await box.press('Enter');
      const transcript = page.getByRole('log', { name: 'Chat transcript' });
      await expect.poll(() => transcript.innerText()).toContain('Let me check that for you.');
      await box.fill('One moment');
      await expectAccessible(page, 'chat open with lines and the composer');

      await actions(page).getByRole('button', { name: 'Transfer' }).click();
      const transfer = page.getByRole('dialog', { name: 'Transfer' });
      await expect.poll(() => transfer.getByRole('option').count()).toBeGreaterThan(0);
      await expectAccessible(page, 'transfer panel');
      await page.keyboard.press('Escape');
      await expect.poll(() => transfer.count()).toBe(0);

      await page
        .getByRole('group', { name: 'Consultation' })
        .getByRole('button', { name: 'Consult' })
        .click();
      const consult = page.getByRole('dialog', { name: 'Consult' });
      await expect.poll(() => consult.getByRole('option').count()).toBeGreaterThan(0);
      await expectAccessible(page, 'consult panel');
      await page.keyboard.press('Escape');
      await expect.poll(() => consult.count()).toBe(0);

      await page
        .getByRole('group', { name: 'Consultation' })
        .getByRole('button', { name: 'Conference', exact: true })
        .click();
      const conference = page.getByRole('dialog', { name: 'Conference' });
      await expect.poll(() => conference.getByRole('option').count()).toBeGreaterThan(0);
      await expectAccessible(page, 'conference panel');
      await page.keyboard.press('Escape');
      await expect.poll(() => conference.count()).toBe(0);

      await page.getByRole('button', { name: 'Contact history' }).click();
      const history = page.getByRole('complementary', { name: 'Contact history' });
      await expect
        .poll(() => history.locator('.contact-history__subject').count())
        .toBeGreaterThan(1);
      await expectAccessible(page, 'contact history panel');
      await page.getByRole('button', { name: 'Close contact history' }).click();

      await chooseInAgentMenu(page, 'Sign out');
      const guard = page.getByRole('dialog', { name: 'Sign out with work in progress?' });
      await expect.poll(() => guard.isVisible()).toBe(true);
      await expectAccessible(page, 'leave guard dialog');
      await guard.getByRole('button', { name: 'Cancel' }).click();
      expect(problems).toEqual([]);
    },
    WALK_MS,
  );

  it(
    'an e-mail with its mail frame, the composer, the responses, workbins, History and search, Settings, change password',
    async () => {
      const { page, simulator, problems } = await openDeskPage();
      await signInReady(page);
      const emailId = simulator.control.receiveEmail(htmlEmail());
      const emailRow = row(page, emailId);
      await emailRow.getByRole('button', { name: 'Accept E-mail from' }).click();
      await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Accepted');
      await emailRow.getByRole('button', { name: 'E-mail from' }).first().click();
      const mailFrame = page.frameLocator('iframe.mail-frame');
      await expect.poll(() => mailFrame.getByText('charged twice').count()).toBe(1);
      await finalMailDocument(mailFrame);
      await expectAccessible(page, 'e-mail open with its mail frame');

      await actions(page).getByRole('button', { name: 'Reply', exact: true }).click();
      const draft = page.getByRole('form', { name: 'Reply draft' });
      await expect.poll(() => draft.isVisible()).toBe(true);
      await expectAccessible(page, 'e-mail composer');
      await draft.getByRole('button', { name: 'Responses', exact: true }).click();
      await expect.poll(() => page.getByRole('option').count()).toBeGreaterThan(0);
      await expectAccessible(page, 'standard responses picker');
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: 'Signature & responses' }).click();
      const library = page.getByRole('dialog', { name: 'Signature & standard responses' });
      await expect.poll(() => library.getByRole('listitem').count()).toBeGreaterThan(0);
      await expectAccessible(page, 'signature and standard responses dialog');
      await library.getByRole('button', { name: 'New response' }).click();
      await expectAccessible(page, 'standard response editor');
      await library.getByRole('button', { name: 'Cancel' }).click();
      await library.getByRole('button', { name: 'Close' }).click();
      await expect.poll(() => library.count()).toBe(0);

      await page.getByRole('button', { name: 'Cancel e-mail' }).click();
      await expectAccessible(page, 'discard draft question');
      await page.getByRole('button', { name: 'Discard e-mail' }).click();
      await emailRow.getByRole('button', { name: 'E-mail from' }).first().click();
      await actions(page).getByRole('button', { name: 'Place in workbin' }).click();
      const picker = page.getByRole('group', { name: 'Place in workbin' });
      await expect.poll(() => picker.getByRole('button').count()).toBeGreaterThan(0);
      await expectAccessible(page, 'place in workbin picker');
      await picker.getByRole('button', { name: 'TestWorkbin', exact: true }).click();
      await expect.poll(() => emailRow.count()).toBe(0);
      await page.getByRole('button', { name: 'Workbins', exact: true }).click();
      const workbins = page.getByRole('region', { name: 'Workbins' });
      await expect.poll(() => workbins.isVisible()).toBe(true);
      await workbins.getByRole('button', { name: /TestWorkbin/ }).click();
      await expect.poll(() => workbins.getByRole('button', { name: /^Pull/ }).count()).toBe(1);
      await expectAccessible(page, 'workbins panel');
      await page.getByRole('button', { name: 'Close workbins' }).click();

      await page.getByRole('tab', { name: 'History' }).click();
      await expectAccessible(page, 'History');
      const search = page.getByRole('searchbox', { name: 'Search interactions' });
      await search.fill('invoice');
      await expect.poll(() => page.locator('.hit').count()).toBeGreaterThan(0);
      await expectAccessible(page, 'search results');
      await search.fill('');
      await page.getByRole('tab', { name: /Inbox/ }).click();

      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      const settings = page.getByRole('dialog', { name: 'Settings' });
      await expect.poll(() => settings.isVisible()).toBe(true);
      const tabs = settings.getByRole('tab');
      expect(await tabs.count()).toBeGreaterThan(1);
      for (const tab of await tabs.all()) {
        await tab.click();
        await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true');
        await expectAccessible(page, `Settings: ${await tab.innerText()}`);
      }
      await settings.getByRole('button', { name: 'Close', exact: true }).click();

      await page.getByRole('button', { name: 'Agent 1' }).click();
      await expectAccessible(page, 'agent menu');
      await page.getByRole('menuitem', { name: 'Change password…' }).click();
      const password = page.getByRole('dialog', { name: 'Change password' });
      await expect.poll(() => password.isVisible()).toBe(true);
      await expectAccessible(page, 'change password dialog');
      await password.getByRole('button', { name: 'Cancel' }).click();
      expect(problems).toEqual([]);
    },
    WALK_MS,
  );

  it(
    'the offline offer at sign-in and the offline desk',
    async () => {
      const { page, simulator, problems } = await openDeskPage();
      await signInReady(page);
      const emailId = simulator.control.receiveEmail({
        from: 'ann@example.com',
        subject: 'Invoice 77',
        text: 'Please see invoice 77.',
      });
      const emailRow = row(page, emailId);
      await emailRow.getByRole('button', { name: 'Accept E-mail from' }).click();
      await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Accepted');
      await chooseInAgentMenu(page, 'Sign out');
      await page.getByRole('button', { name: 'Sign out anyway' }).click();
      await expect
        .poll(() => page.getByRole('heading', { name: 'Sign in to Switchboard' }).isVisible())
        .toBe(true);
      await simulator.close();
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect
        .poll(() => page.getByRole('heading', { name: 'The server cannot be reached' }).isVisible())
        .toBe(true);
      await expectAccessible(page, 'sign-in offering the offline desk');

      await page
        .getByTestId('offline-entry')
        .getByRole('button', { name: 'Review offline' })
        .click();
      await expect.poll(() => page.getByTestId('offline-banner').isVisible()).toBe(true);
      await emailRow.getByRole('button', { name: 'E-mail from' }).first().click();
      await expect.poll(() => page.getByTestId('detail-subject').innerText()).toBe('Invoice 77');
      await expectAccessible(page, 'offline desk with an e-mail open');
      expect(problems).toEqual([]);
    },
    WALK_MS,
  );
});

/** The page's root background, as the theme paints it. */
function rootBackground(page: Page): Promise<string> {
  return page.evaluate(() => {
    const scope = globalThis as unknown as {
      document: { documentElement: object };
      getComputedStyle(element: object): { backgroundColor: string };
    };
    return scope.getComputedStyle(scope.document.documentElement).backgroundColor;
  });
}

/** Sets the agent's theme choice as Settings does: `light`, `dark`, or undefined for system. */
function chooseTheme(page: Page, theme: 'light' | 'dark' | undefined): Promise<void> {
  return page.evaluate((chosen) => {
    const root = (
      globalThis as unknown as {
        document: { documentElement: { dataset: Record<string, string | undefined> } };
      }
    ).document.documentElement;
    if (chosen === undefined) delete root.dataset.theme;
    else root.dataset.theme = chosen;
  }, theme);
}

/** Where the theme test leaves its screenshots. */
const SHOTS = 'out/screenshots/accessibility';

/** The invitations store's countdown tick (renderer/src/stores/invitations.ts). */
const COUNTDOWN_TICK_MS = 1_000;
/** How long the invitations store keeps its last sentence once none waits (SENTENCE_AFTER_LAST_MS there). */
const SENTENCE_AFTER_LAST_MS = 3_000;
/** The simulator's delay before it offers a rejected invitation again (its default). */
const REOFFERED_AFTER_MS = 5_000;
/** A delay before a rejected invitation is offered again that outlasts any test. */
const NOT_OFFERED_AGAIN_MS = 600_000;

/** The palette's page surface in each scheme (styles.css, --surface). */
const LIGHT_SURFACE = 'rgb(246, 247, 249)';
const DARK_SURFACE = 'rgb(22, 25, 31)';

/** Ann Lee starts a chat; answers its id once the desk announced her invitation. */
async function annInvites({ page, simulator }: Pick<DeskPage, 'page' | 'simulator'>) {
  const ann = simulator.control.startChat({
    customerNickName: 'Ann Lee',
    subject: 'Refund',
    firstMessage: 'Hello',
  });
  await expect
    .poll(() => page.getByTestId('invitation-announcer').innerText())
    .toBe('New invitation: Chat from Ann Lee, 30 seconds to accept.');
  return ann;
}

/**
 * The agent rejects invitation `id`; waits until its row went and, the last sentence's stay run
 * on Playwright's clock, the live region is empty.
 */
async function rejectUntilSilent(page: Page, id: string): Promise<void> {
  await row(page, id).getByRole('button', { name: 'Reject Chat from' }).click();
  await expect.poll(() => row(page, id).count()).toBe(0);
  await page.clock.runFor(SENTENCE_AFTER_LAST_MS);
  await expect.poll(() => page.getByTestId('invitation-announcer').innerText()).toBe('');
}

/**
 * The colour painted behind an element's text: its own background, or where that is transparent
 * the nearest one around it that is not (`rgb(…)` as the page computes it, forced colours
 * applied).
 */
function paintedBehind(element: Locator): Promise<string> {
  return element.evaluate((node) => {
    const scope = globalThis as unknown as {
      getComputedStyle(element: unknown): { backgroundColor: string };
    };
    for (
      let at = node as unknown as { parentElement: unknown } | null;
      at !== null;
      at = at.parentElement as { parentElement: unknown } | null
    ) {
      const color = scope.getComputedStyle(at).backgroundColor;
      if (!/^rgba\(.*, 0\)$/u.test(color) && color !== 'transparent')
        return color.replace(/^rgba\((.*), 1\)$/u, 'rgb($1)');
    }
    return 'none';
  });
}

describe('live regions, the theme choice and the focus ring', () => {
  it(
    'announces a new invitation once and each new chat line once, politely',
    async () => {
      // On Playwright's clock: the countdown's ticks are run, not waited for (up to 2 s).
      const { page, simulator, problems } = await openDeskPage({ clock: Date.now() });
      await signInReady(page);
      const announcer = page.getByTestId('invitation-announcer');
      expect(await announcer.getAttribute('aria-live')).toBe('polite');
      expect(await announcer.innerText()).toBe('');
      await recordAnnouncements(page);
      const chatId = simulator.control.startChat({
        customerNickName: 'Tom Baker',
        subject: 'Order 1234 is late',
        firstMessage: 'Hello, my order 1234 has not arrived.',
      });
      const arrival = 'New invitation: Chat from Tom Baker, 30 seconds to accept.';
      await expect.poll(() => announcer.innerText()).toBe(arrival);
      // The countdown ticks each second; the region does not repeat itself.
      const chatRow = row(page, chatId);
      const countdown = chatRow.getByTestId('invitation-countdown');
      const shown = await countdown.innerText();
      await page.clock.runFor(COUNTDOWN_TICK_MS);
      await expect.poll(() => countdown.innerText()).not.toBe(shown);
      const ticked = await countdown.innerText();
      await page.clock.runFor(COUNTDOWN_TICK_MS);
      await expect.poll(() => countdown.innerText()).not.toBe(ticked);
      expect(await announcements(page)).toEqual([arrival]);

      await chatRow.getByRole('button', { name: 'Accept Chat from' }).click();
      await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Accepted');
      const transcript = page.getByRole('log', { name: 'Chat transcript' });
      expect(await transcript.getAttribute('aria-live')).toBe('polite');
      const before = await transcript.innerText();
      simulator.control.customerSays(chatId, 'Is it shipped yet?');
      await expect.poll(() => transcript.innerText()).toContain('Is it shipped yet?');
      // The line was added once (a log speaks additions), the earlier lines left as they were.
      expect((await transcript.innerText()).startsWith(before)).toBe(true);
      expect(
        await transcript.getByRole('listitem').filter({ hasText: 'Is it shipped yet?' }).count(),
      ).toBe(1);
      // Accepted, it is not announced again.
      expect(await announcements(page)).toEqual([arrival]);
      expect(problems).toEqual([]);
    },
    WALK_MS,
  );

  it(
    'says the notice that takes the place of the open interaction, by a region there before it',
    async () => {
      const { page, simulator, bridge, problems } = await openDeskPage();
      await signInReady(page);
      const region = page.getByTestId('detail-announcement');
      expect(await region.getAttribute('aria-live')).toBe('polite');
      expect(await region.innerText()).toBe('');
      const chatId = await acceptedChat(
        { page, simulator },
        { customerNickName: 'Tom Baker', subject: 'Refund', firstMessage: 'Hello?' },
      );
      await expect.poll(() => page.getByTestId('detail-subject').innerText()).toBe('Refund');
      expect(await region.innerText()).toBe('');

      // The retention purge takes the open chat from the cache (main's change set after it).
      bridge.emitters.desk.changed({ ...emptyChangeSet(), purged: [chatId] });
      const purged =
        'This interaction was removed from the cache: it ended longer ago than the retention period.';
      await expect.poll(() => region.innerText()).toBe(purged);
      // A notification for one the cache no longer holds opens its notice, said in turn.
      bridge.emitters.app.notificationClicked({ interactionId: 'gone-long-ago' });
      await expect
        .poll(() => region.innerText())
        .toBe('This interaction is no longer in the cache.');
      expect(problems).toEqual([]);
    },
    WALK_MS,
  );

  it(
    'announces an invitation the customer withdrew, and not one the agent rejected',
    async () => {
      // On Playwright's clock: the last sentence's stay is run, not waited for (3 s). A rejected
      // invitation stays away: offered again (the simulator's 5 s), it is rightly a new one,
      // which a slow run heard after the Reject and took for the old one said again.
      const { page, simulator, problems } = await openDeskPage({
        clock: Date.now(),
        simulator: { reofferDelayMs: NOT_OFFERED_AGAIN_MS },
      });
      await signInReady(page);
      const announcer = page.getByTestId('invitation-announcer');
      const tom = simulator.control.startChat({
        customerNickName: 'Tom Baker',
        subject: 'Order 1234 is late',
        firstMessage: 'Hello, my order 1234 has not arrived.',
      });
      await expect
        .poll(() => announcer.innerText())
        .toBe('New invitation: Chat from Tom Baker, 30 seconds to accept.');
      // The keyboard on its Accept when it goes: a screen reader heard it come, and now why
      // the row went (was: nothing, the arrival's sentence left standing).
      await row(page, tom).getByRole('button', { name: 'Accept Chat from' }).focus();
      simulator.control.revoke(tom);
      await expect.poll(() => row(page, tom).count()).toBe(0);
      await expect
        .poll(() => announcer.innerText())
        .toBe('Chat from Tom Baker: the invitation was withdrawn.');

      const ann = await annInvites({ page, simulator });
      // The agent's own Reject is not read back as a withdrawal, nor the invitation as new
      // again; the sentence then goes, and that is all the region says.
      await watchFor(page, { selector: '[data-none]', text: 'Ann Lee: the invitation was' });
      await recordAnnouncements(page);
      await rejectUntilSilent(page, ann);
      expect(await sightings(page)).toEqual([]);
      expect(await announcements(page)).toEqual(['']);
      expect(problems).toEqual([]);
    },
    WALK_MS,
  );

  it(
    'announces an invitation offered again after the agent rejected it as new, once, and nothing once accepted',
    async () => {
      // The server routes a rejected chat back to the only agent ready for it after
      // REOFFERED_AFTER_MS: a new invitation (the cache records Rejected, then Invited), so
      // said as one. On Playwright's clock: the last sentence's stay is run, not waited for.
      const { page, simulator, problems } = await openDeskPage({
        clock: Date.now(),
        simulator: { reofferDelayMs: REOFFERED_AFTER_MS },
      });
      await signInReady(page);
      const announcer = page.getByTestId('invitation-announcer');
      const ann = await annInvites({ page, simulator });
      await recordAnnouncements(page);
      await rejectUntilSilent(page, ann);

      // Its seconds are not fixed: the page's clock ran SENTENCE_AFTER_LAST_MS ahead of main's,
      // which dates the new offer (in the app both read the one system clock).
      const offeredAgain = /^New invitation: Chat from Ann Lee, \d+ seconds to accept\.$/u;
      await expect
        .poll(() => row(page, ann).getAttribute('data-state'), { timeout: 3 * REOFFERED_AFTER_MS })
        .toBe('Invited');
      await expect.poll(() => announcer.innerText()).toMatch(offeredAgain);
      await row(page, ann).getByRole('button', { name: 'Accept Chat from' }).click();
      await expect.poll(() => row(page, ann).getAttribute('data-state')).toBe('Accepted');
      await page.clock.runFor(SENTENCE_AFTER_LAST_MS);
      await expect.poll(() => announcer.innerText()).toBe('');
      expect(await announcements(page)).toEqual(['', expect.stringMatching(offeredAgain), '']);
      expect(problems).toEqual([]);
    },
    WALK_MS,
  );

  it(
    'follows the agent’s theme over the OS’s, passes axe when chosen dark on a light OS, the mail staying as sent',
    async () => {
      const { page, simulator, problems } = await openDeskPage();
      await signInReady(page);
      const emailId = simulator.control.receiveEmail(htmlEmail());
      const emailRow = row(page, emailId);
      await emailRow.getByRole('button', { name: 'Accept E-mail from' }).click();
      await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Accepted');
      await emailRow.getByRole('button', { name: 'E-mail from' }).first().click();
      const mailFrame = page.frameLocator('iframe.mail-frame');
      await expect.poll(() => mailFrame.getByText('charged twice').count()).toBe(1);
      await finalMailDocument(mailFrame);

      await page.emulateMedia({ colorScheme: 'light' });
      expect(await rootBackground(page)).toBe(LIGHT_SURFACE);
      await chooseTheme(page, 'dark');
      expect(await rootBackground(page)).toBe(DARK_SURFACE);
      // The e-mail keeps the sender's light page, as every mail client shows it.
      expect(
        await mailFrame.locator('html').evaluate((html) => {
          const scope = globalThis as unknown as {
            getComputedStyle(element: unknown): { backgroundColor: string };
          };
          return scope.getComputedStyle(html).backgroundColor;
        }),
      ).toBe('rgb(255, 255, 255)');
      // Dark whatever the OS says (expectAccessible emulates both).
      await expectAccessible(page, 'desk with data-theme=dark');
      await mkdir(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, 'desk-dark-theme-on-light-os.png') });
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await rootBackground(page)).toBe(DARK_SURFACE);
      await chooseTheme(page, 'light');
      expect(await rootBackground(page)).toBe(LIGHT_SURFACE);
      await expectAccessible(page, 'desk with data-theme=light');
      await page.screenshot({ path: join(SHOTS, 'desk-light-theme-on-dark-os.png') });
      // "System": the OS decides again.
      await chooseTheme(page, undefined);
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await rootBackground(page)).toBe(DARK_SURFACE);
      expect(problems).toEqual([]);
    },
    WALK_MS,
  );

  it(
    'rings the focused control in light and dark: the desk’s controls, the Settings tabs, the listbox option',
    async () => {
      const { page, simulator, problems } = await openDeskPage();
      await signInReady(page);
      const chatId = simulator.control.startChat({
        customerNickName: 'Tom Baker',
        subject: 'Order 1234 is late',
        firstMessage: 'Hello, my order 1234 has not arrived.',
      });
      const chatRow = row(page, chatId);
      await chatRow.getByRole('button', { name: 'Accept Chat from' }).click();
      await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Accepted');

      const faults: string[] = [];
      /** Measures the ring where the focus is now, in both schemes. */
      const check = async (where: string) => {
        for (const scheme of COLOR_SCHEMES) {
          await page.emulateMedia({ colorScheme: scheme });
          const fault = ringProblem(await focusRing(page));
          if (fault !== undefined) faults.push(`${where} [${scheme}]: ${fault}`);
        }
        await page.emulateMedia({ colorScheme: 'light' });
      };
      // Every stop of the Tab order through the desk, from the top.
      await page.locator('body').click({ position: { x: 1, y: 1 } });
      const seen = new Set<string>();
      for (let stop = 0; stop < 40; stop++) {
        await page.keyboard.press('Tab');
        const ring = await focusRing(page);
        // Past the last control (the focus leaves the page) or round to the first again.
        if (ring === undefined || seen.has(ring.element)) break;
        seen.add(ring.element);
        await check(`Tab stop ${String(stop + 1)}`);
      }
      expect(seen.size).toBeGreaterThan(10);

      // The Settings tabs, moved through with the arrows.
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      const settings = page.getByRole('dialog', { name: 'Settings' });
      await expect.poll(() => settings.isVisible()).toBe(true);
      const tabs = settings.getByRole('tab');
      for (let stop = 0; stop < 10; stop++) {
        if ((await focusRing(page))?.element.includes('[role=tab]')) break;
        await page.keyboard.press('Tab');
      }
      for (let index = 0; index < (await tabs.count()); index++) {
        await check(`Settings tab ${String(index + 1)}`);
        await page.keyboard.press('ArrowDown');
      }
      // Escape closes it. (Clicking Close after it, "in case", waited 30 s for a button that
      // was gone, every run.)
      await page.keyboard.press('Escape');
      await expect.poll(() => settings.count()).toBe(0);

      // The option a type-to-filter box points at.
      await actions(page).getByRole('button', { name: 'Transfer' }).click();
      const transfer = page.getByRole('dialog', { name: 'Transfer' });
      await expect.poll(() => transfer.getByRole('option').count()).toBeGreaterThan(0);
      await page.keyboard.press('ArrowDown');
      await check('Transfer option');
      await page.keyboard.press('Escape');
      expect(faults).toEqual([]);
      expect(problems).toEqual([]);
    },
    WALK_MS,
  );

  it(
    'shows the open row, the chosen tab and a pressed Do Not Disturb in forced colours (High Contrast), light and dark',
    async () => {
      const { page, simulator, problems } = await openDeskPage();
      await signInReady(page);
      const open = await acceptedChat(
        { page, simulator },
        { customerNickName: 'Tom Baker', subject: 'Order 1234 is late', firstMessage: 'Hello?' },
      );
      const other = await acceptedChat(
        { page, simulator },
        { customerNickName: 'Ann Lee', subject: 'Refund', firstMessage: 'Hi' },
      );
      await row(page, open).locator('button.row__main').click();
      await expect
        .poll(() => page.getByTestId('detail-subject').innerText())
        .toBe('Order 1234 is late');
      const doNotDisturb = page.getByRole('button', { name: 'Do Not Disturb' });
      await doNotDisturb.click();
      await expect.poll(() => doNotDisturb.getAttribute('aria-pressed')).toBe('true');

      // Each chosen control beside one like it that is not chosen: the OS paints both alike
      // unless the desk marks the chosen one with colours the OS keeps.
      const pairs = [
        ['open row', row(page, open).locator('.row__main'), row(page, other).locator('.row__main')],
        [
          'Inbox tab',
          page.getByRole('tab', { name: /Inbox/u }),
          page.getByRole('tab', { name: 'History' }),
        ],
        ['Do Not Disturb', doNotDisturb, page.getByRole('button', { name: 'Workbins' })],
      ] as const;
      const alike: string[] = [];
      for (const scheme of COLOR_SCHEMES) {
        await page.emulateMedia({ forcedColors: 'active', colorScheme: scheme });
        for (const [name, chosen, notChosen] of pairs) {
          const [chosenPaint, otherPaint] = [
            await paintedBehind(chosen),
            await paintedBehind(notChosen),
          ];
          if (chosenPaint === otherPaint) alike.push(`${name} [${scheme}]: ${chosenPaint}`);
        }
      }
      expect(alike).toEqual([]);

      await page.emulateMedia({ forcedColors: 'active', colorScheme: 'light' });
      await screenshotsAtThreeSizes(page, 'forced-colors', 'desk-chosen-forced-colors');
      await page.emulateMedia({ forcedColors: 'active', colorScheme: 'dark' });
      await page.screenshot({
        path: 'out/screenshots/forced-colors/desk-chosen-forced-colors-dark.png',
      });
      await page.emulateMedia({ forcedColors: 'none', colorScheme: 'light' });
      await page.screenshot({ path: 'out/screenshots/forced-colors/desk-chosen.png' });
      expect(problems).toEqual([]);
    },
    WALK_MS,
  );

  it(
    'draws no line in forced colours where the desk keeps one unseen: a row not invited, a tab not chosen, the transcript’s top',
    async () => {
      const { page, simulator, problems } = await openDeskPage();
      await signInReady(page);
      const accepted = await acceptedChat(
        { page, simulator },
        { customerNickName: 'Tom Baker', subject: 'Order 1234 is late', firstMessage: 'Hello?' },
      );
      const invited = simulator.control.startChat({
        customerNickName: 'Ann Lee',
        subject: 'Refund',
        firstMessage: 'Hi',
      });
      await expect.poll(() => row(page, invited).getAttribute('data-state')).toBe('Invited');
      await row(page, accepted).locator('button.row__main').click();
      await expect
        .poll(() => page.getByTestId('detail-subject').innerText())
        .toBe('Order 1234 is late');

      /** Whether the element's `side` border shows: its colour is not what is painted behind. */
      const lineShows = async (element: Locator, side: 'Left' | 'Top' | 'Bottom') =>
        (await element.evaluate(
          (node, edge) =>
            (
              globalThis as unknown as {
                getComputedStyle(element: unknown): Record<string, string>;
              }
            ).getComputedStyle(node)[`border${edge}Color`],
          side,
        )) !== (await paintedBehind(element));
      const seen: string[] = [];
      const look = async (where: string, element: Locator, side: 'Left' | 'Top' | 'Bottom') => {
        for (const scheme of COLOR_SCHEMES) {
          await page.emulateMedia({ forcedColors: 'active', colorScheme: scheme });
          seen.push(`${where} [${scheme}]: ${(await lineShows(element, side)) ? 'line' : 'none'}`);
        }
      };
      await look('invited row', row(page, invited), 'Left');
      await look('accepted row', row(page, accepted), 'Left');
      await look('History tab', page.getByRole('tab', { name: 'History' }), 'Bottom');
      // A narrow window: the transcript's top is a border kept for room (InteractionView.vue).
      await emulateWindow(page, REFLOW_320);
      await look('transcript at 320 px', page.getByRole('log', { name: 'Chat transcript' }), 'Top');
      await page.emulateMedia({ forcedColors: 'active', colorScheme: 'light' });
      await screenshotsAtThreeSizes(page, 'forced-colors', 'desk-unseen-lines-forced-colors');
      await page.emulateMedia({ forcedColors: 'active', colorScheme: 'dark' });
      await emulateWindow(page, REFLOW_320);
      await page.screenshot({
        path: 'out/screenshots/forced-colors/desk-unseen-lines-forced-colors-320-dark.png',
        fullPage: true,
      });
      await emulateWindow(page, { width: 1280, height: 800 });
      await page.emulateMedia({ forcedColors: 'none', colorScheme: 'light' });
      expect(seen).toEqual([
        'invited row [light]: line',
        'invited row [dark]: line',
        'accepted row [light]: none',
        'accepted row [dark]: none',
        'History tab [light]: none',
        'History tab [dark]: none',
        'transcript at 320 px [light]: none',
        'transcript at 320 px [dark]: none',
      ]);
      expect(problems).toEqual([]);
    },
    WALK_MS,
  );
});
