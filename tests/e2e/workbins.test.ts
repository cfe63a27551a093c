import type { Page } from 'playwright-core';
import { SwitchboardFailure } from '../../common/errors';
import { MESSAGES } from '../../common/i18n/messages';
import { afterEach, describe, expect, it } from 'vitest';
import { interactionOf, TestAgent } from '../support/gwsAgent';
import {
  acceptedChat,
  focusedId,
  focusedLabel,
  focusedText,
  row,
  darkScreenshot,
  screenshotsAtThreeSizes,
  signIn,
  signInReady,
  useDeskPages,
  type DeskPage,
  connectionState,
} from './deskHarness';

// Workbins on the desk (issue 13 item 2), in Chromium against the real desk core, cache and GWS
// client talking to the simulator: an e-mail placed in a workbin leaves the inbox and shows in
// the Workbins panel (its count changing live, from the workbin notification), is pulled back
// onto the desk, a place the server refuses says why in one sentence and keeps the e-mail, the
// workbin's content reads from the cache with the simulator down, and a colleague's place in the
// team's shared workbin shows live on the desk, which pulls it. Who placed an item is named as
// the agent knows them (the agent directory, read once per opening), else by the server's id.
// A Reply all placed in a workbin and pulled back is headed Reply all still, Cc or none.

const { open: openDeskPage } = useDeskPages();

/** Colleagues signed in beside the desk's agent; closed after each test. */
const colleagues: TestAgent[] = [];
afterEach(async () => {
  await Promise.all(colleagues.splice(0).map((colleague) => colleague.close()));
});

const PRIYA = 'priya.raman@switchboard.example';
/** The team's shared workbin: `Team Workbin/SharedView` in base64. */
const TEAM_WORKBIN = Buffer.from('Team Workbin/SharedView').toString('base64');

const actions = (page: Page) => page.getByRole('toolbar', { name: 'Actions' });
const panel = (page: Page) => page.getByRole('region', { name: 'Workbins' });

/** The workbin's button in the panel (its name and count). */
const workbinButton = (page: Page, name: string) =>
  panel(page).locator(`button[data-workbin="${name}"]`);

/** How many interactions the panel says the workbin holds. */
async function countOf(page: Page, name: string): Promise<string> {
  return (await workbinButton(page, name).getByTestId('workbin-count').innerText()).trim();
}

/** The open workbin's entry of an interaction. */
const entry = (page: Page, id: string) => panel(page).locator(`li[data-interaction-id="${id}"]`);

/** A customer's e-mail arrives and the desk's agent accepts it; answers its id. */
async function acceptedEmail(deskPage: DeskPage, subject: string): Promise<string> {
  const { page, simulator } = deskPage;
  const emailId = simulator.control.receiveEmail({
    from: 'maria@example.com',
    subject,
    text: 'Hello,\nI will send the receipt next week.\nMaria',
  });
  const emailRow = row(page, emailId);
  await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Invited');
  await emailRow.getByRole('button', { name: 'E-mail from maria@example.com:' }).click();
  await actions(page).getByRole('button', { name: 'Accept' }).click();
  await expect.poll(() => emailRow.getAttribute('data-state')).toBe('Accepted');
  return emailId;
}

/** Opens the Workbins panel and waits for its first read. */
async function openWorkbins(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Workbins', exact: true }).click();
  await expect.poll(() => panel(page).getByTestId('workbins-status').count()).toBe(1);
}

/** Places the open interaction in the workbin `name` through the Actions toolbar's picker. */
async function placeIn(page: Page, name: string): Promise<void> {
  await actions(page).getByRole('button', { name: 'Place in workbin' }).click();
  const picker = page.getByRole('group', { name: 'Place in workbin' });
  await picker.getByRole('button', { name, exact: true }).click();
}

/**
 * A colleague (Priya, signed in beside the desk's agent) accepts a customer's e-mail and places
 * it in the team's shared workbin; answers its id.
 */
async function placedByPriya(deskPage: DeskPage, subject: string): Promise<string> {
  const { simulator } = deskPage;
  const priya = new TestAgent(simulator.apiUrl, PRIYA);
  colleagues.push(priya);
  await priya.signIn(['email']);
  const emailId = simulator.control.receiveEmail({
    from: 'tom@example.com',
    subject,
    text: 'Could someone call me back?',
  });
  await priya.waitFor(
    (message) =>
      interactionOf(message.data).id === emailId && interactionOf(message.data).state === 'Invited',
    5000,
    'the invitation',
  );
  expect(
    (await priya.post(`/me/interactions/${emailId}`, { operationName: 'Accept' })).status,
  ).toBe(200);
  const placed = await priya.post(`/me/interactions/${emailId}`, {
    operationName: 'PlaceInWorkbin',
    workbin: TEAM_WORKBIN,
  });
  expect(placed.status).toBe(200);
  return emailId;
}

describe('Workbins', () => {
  it('places an e-mail in a workbin (it leaves the inbox, the count follows live), then pulls it back onto the desk', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const emailId = await acceptedEmail(deskPage, 'Receipt for order 4471');

    await openWorkbins(page);
    expect(await countOf(page, 'TestWorkbin')).toBe('0');
    expect(
      await panel(page).getByRole('list', { name: 'Your workbins' }).locator('button').count(),
    ).toBe(4);

    await placeIn(page, 'TestWorkbin');
    // The server's Completed notification takes it off the desk…
    await expect.poll(() => row(page, emailId).count()).toBe(0);
    // …and the keyboard, whose button went with it, to its heading, as after Done.
    await expect.poll(() => focusedId(page)).toBe('detail-subject');
    expect(
      await page.getByRole('status').filter({ hasText: 'Placed in the workbin' }).count(),
    ).toBe(1);
    // …and its workbin notification puts it in the workbin, with no second read of the panel.
    await expect.poll(() => countOf(page, 'TestWorkbin')).toBe('1');
    await workbinButton(page, 'TestWorkbin').click();
    const parked = entry(page, emailId);
    await expect.poll(() => parked.count()).toBe(1);
    expect(await parked.innerText()).toContain('Receipt for order 4471');
    expect(await parked.innerText()).toContain('maria@example.com');
    // Who placed it, as the workbin notification's actorInfo says: the agent itself (its
    // reasonInfo tells no reason: PlaceInWorkbin gives none).
    expect(await parked.getByTestId('workbin-placement').innerText()).toBe('Placed by you');
    await screenshotsAtThreeSizes(page, 'workbins', 'placed');

    await parked.getByRole('button', { name: 'Pull Receipt for order 4471' }).click();
    // Back on the desk (the server announces it as Pulled), the agent's to work on, and open;
    // gone from the workbin.
    await expect.poll(() => row(page, emailId).getAttribute('data-phase')).toBe('working');
    expect(await row(page, emailId).getAttribute('data-state')).toBe('Pulled');
    expect(simulator.world.interactions.get(emailId)).toMatchObject({
      owner: 'agent1',
      state: 'Accepted',
    });
    await expect.poll(() => countOf(page, 'TestWorkbin')).toBe('0');
    expect(await entry(page, emailId).count()).toBe(0);
    // The keyboard stays in the panel: on the emptied workbin's heading, not out of the page.
    await expect.poll(() => focusedText(page)).toBe('TestWorkbin');
    expect(await panel(page).locator(':focus').count()).toBe(1);
    await expect
      .poll(() => page.getByTestId('detail-subject').innerText())
      .toBe('Receipt for order 4471');
    expect(problems).toEqual([]);
  });

  it('an e-mail placed with the panel closed shows "Placed by you" when the panel opens again', async () => {
    const deskPage = await openDeskPage();
    const { page, problems } = deskPage;
    await signInReady(page);
    const emailId = await acceptedEmail(deskPage, 'Receipt for order 4472');
    // Opened once (the picker lists what it read) and closed.
    await openWorkbins(page);
    await page.getByRole('button', { name: 'Close workbins' }).click();
    await expect.poll(() => panel(page).count()).toBe(0);

    await placeIn(page, 'TestWorkbin');
    await expect.poll(() => row(page, emailId).count()).toBe(0);
    await openWorkbins(page);
    await workbinButton(page, 'TestWorkbin').click();
    const parked = entry(page, emailId);
    await expect.poll(() => parked.count()).toBe(1);
    expect(await parked.getByTestId('workbin-placement').innerText()).toBe('Placed by you');
    expect(problems).toEqual([]);
  });

  it('a place the server refuses says why in one sentence and the e-mail stays on the desk', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const emailId = await acceptedEmail(deskPage, 'Please keep this one');

    // The workbins cannot be read for the picker (the connection cut, none read before): one
    // sentence, as the panel says it. Was "The workbins could not be read: The workbins cannot
    // be read (GET /me/workbins: other side closed) and none were read before."
    simulator.control.failNextRequests(['reset', 'reset', 'reset']);
    await actions(page).getByRole('button', { name: 'Place in workbin' }).click();
    const unread = page
      .getByRole('group', { name: 'Place in workbin' })
      .getByRole('alert')
      .locator('.error-alert__text');
    await expect
      .poll(() => unread.allInnerTexts())
      .toEqual([
        'Could not read the workbins. No copy of the workbins is kept on this computer: they were never read from the server here. They show once the server can be reached.',
      ]);
    await page.keyboard.press('Escape');
    simulator.control.dropRequestFaults();
    await openWorkbins(page);

    // The server answers the PlaceInWorkbin request with a failure (503).
    simulator.control.failNextRequests(['unavailable']);
    await placeIn(page, 'TeamWorkbin');
    // The alert's sentence, without its dismiss button.
    const alert = page.getByRole('alert').locator('.error-alert__text');
    await expect
      .poll(() => alert.allInnerTexts())
      .toEqual([
        'Could not place it in the workbin TeamWorkbin. Something went wrong. Try again; if it happens again, tell your administrator what Details says.',
      ]);
    // The keyboard is back on the button that opened the list, the e-mail still in hand.
    expect(await focusedLabel(page)).toBe('Place in workbin');
    // The server's words are kept under Details.
    expect(await page.getByRole('alert').locator('.error-alert__detail').allTextContents()).toEqual(
      ['internal: Service temporarily unavailable'],
    );
    // Nothing moved: still the agent's, on the desk, and the workbin still empty.
    expect(simulator.world.interactions.get(emailId)).toMatchObject({
      owner: 'agent1',
      state: 'Accepted',
    });
    expect(await row(page, emailId).getAttribute('data-state')).toBe('Accepted');
    expect(await countOf(page, 'TeamWorkbin')).toBe('0');
    // Closed, so that the narrow sizes (where the panel covers the desk) show the sentence.
    await page.getByRole('button', { name: 'Close workbins' }).click();
    await screenshotsAtThreeSizes(page, 'workbins', 'refused');
    // Still the agent's to work on: placing it again works.
    await openWorkbins(page);
    await actions(page).getByRole('button', { name: 'Place in workbin' }).click();
    const picker = page.getByRole('group', { name: 'Place in workbin' });
    expect(await picker.getByRole('button').allInnerTexts()).toEqual([
      'EmailWorkbinDraft',
      'EmailWorkbinInProgress',
      'TestWorkbin',
      'TeamWorkbin',
    ]);
    await screenshotsAtThreeSizes(page, 'workbins', 'picker');
    await picker.getByRole('button', { name: 'TeamWorkbin', exact: true }).click();
    await expect.poll(() => row(page, emailId).count()).toBe(0);
    await expect.poll(() => countOf(page, 'TeamWorkbin')).toBe('1');
    expect(problems.filter((problem) => !problem.includes('503'))).toEqual([]);
  });

  it("reads a workbin's content from the cache with the simulator down, marked as cached with its time, and the server's again once it is back", async () => {
    const deskPage = await openDeskPage();
    const { page, simulator } = deskPage;
    await signInReady(page);
    const emailId = await acceptedEmail(deskPage, 'Warranty claim 88');
    await openWorkbins(page);
    await placeIn(page, 'EmailWorkbinInProgress');
    await expect.poll(() => countOf(page, 'EmailWorkbinInProgress')).toBe('1');
    expect(await panel(page).getByTestId('workbins-status').innerText()).toMatch(
      /^Read from the server at /,
    );

    // Down while the test looks at the panel (up to the screenshots), then back on the same
    // port with what it held.
    const restarted = simulator.control.restart(60_000);
    await expect.poll(() => connectionState(page)).not.toBe('connected');
    // Opened again: the server cannot answer, so the cache's copy shows, and says so.
    await page.getByRole('button', { name: 'Close workbins' }).click();
    await openWorkbins(page);
    const status = panel(page).getByTestId('workbins-status');
    await expect.poll(() => status.innerText()).toMatch(/^Cached copy from .+ the server cannot/);
    expect(await status.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    await workbinButton(page, 'EmailWorkbinInProgress').click();
    const cached = entry(page, emailId);
    await expect.poll(() => cached.count()).toBe(1);
    expect(await cached.innerText()).toContain('Warranty claim 88');
    expect(await cached.getByRole('button', { name: 'Pull Warranty claim 88' }).isDisabled()).toBe(
      true,
    );
    await screenshotsAtThreeSizes(page, 'workbins', 'offline');

    // The link is back: the panel reads the server again by itself.
    simulator.control.endOutage();
    await restarted;
    await expect
      .poll(() => status.innerText(), { timeout: 15_000 })
      .toMatch(/^Read from the server at /);
    expect(await countOf(page, 'EmailWorkbinInProgress')).toBe('1');
  }, 40_000);
  it("shows a colleague's place in the team workbin live, by the colleague's name, and pulls it onto the desk", async () => {
    /** The panel's reads of the workbins (its opening, Refresh) and of the agent directory. */
    let reads = 0;
    let directoryReads = 0;
    const deskPage = await openDeskPage({
      handlers: (handlers) => ({
        ...handlers,
        workbins: {
          ...handlers.workbins,
          overview: (...args) => {
            reads += 1;
            return handlers.workbins.overview(...args);
          },
        },
        agent: {
          ...handlers.agent,
          directory: (...args) => {
            directoryReads += 1;
            return handlers.agent.directory(...args);
          },
        },
      }),
    });
    const { page, simulator, problems } = deskPage;
    // Signed in but not Ready: routing offers the customer's e-mail to the colleague.
    await signIn(page);
    await openWorkbins(page);
    expect(await countOf(page, 'TeamWorkbin')).toBe('0');

    const emailId = await placedByPriya(deskPage, 'Contract renewal');

    // The desk never had this e-mail: the workbin notification alone brings it to the panel.
    await expect.poll(() => countOf(page, 'TeamWorkbin')).toBe('1');
    await workbinButton(page, 'TeamWorkbin').click();
    const shared = entry(page, emailId);
    await expect.poll(() => shared.count()).toBe(1);
    expect(await shared.innerText()).toContain('Contract renewal');
    // The notification names her by her user name; the directory, by the name she goes by.
    const placement = 'Placed by Priya Raman';
    expect(await shared.getByTestId('workbin-placement').innerText()).toBe(placement);
    // Read again from the server (whose content names no actor), the panel still says so.
    const refresh = panel(page).getByRole('button', { name: 'Refresh' });
    const readsBefore = reads;
    await refresh.click();
    await expect.poll(() => reads).toBe(readsBefore + 1);
    await expect.poll(() => refresh.isEnabled()).toBe(true);
    expect(await shared.innerText()).toContain(placement);
    // The directory was read once for this opening: not again for the notification, Refresh.
    expect(directoryReads).toBe(1);
    await screenshotsAtThreeSizes(page, 'workbins', 'team');
    await darkScreenshot(page, 'out/screenshots/workbins/team-dark.png');

    await shared.getByRole('button', { name: 'Pull Contract renewal' }).click();
    await expect.poll(() => row(page, emailId).getAttribute('data-phase')).toBe('working');
    expect(simulator.world.interactions.get(emailId)?.owner).toBe('agent1');
    await expect.poll(() => countOf(page, 'TeamWorkbin')).toBe('0');
    await expect
      .poll(() => page.getByTestId('detail-subject').innerText())
      .toBe('Contract renewal');
    expect(problems).toEqual([]);
  });

  it("names a colleague's place in the team workbin made while the panel was closed, when it opens again", async () => {
    const deskPage = await openDeskPage();
    const { page, problems } = deskPage;
    await signIn(page);
    // Read once (as the panel or the Place picker does), then closed for the agent's work.
    await openWorkbins(page);
    await page.getByRole('button', { name: 'Close workbins' }).click();
    await expect.poll(() => panel(page).count()).toBe(0);

    const emailId = await placedByPriya(deskPage, 'Warranty question');

    // GetWorkbinContent names no actor: only the notification, heard while the panel was
    // closed, can say who parked it in the shared workbin.
    await openWorkbins(page);
    await workbinButton(page, 'TeamWorkbin').click();
    const shared = entry(page, emailId);
    await expect.poll(() => shared.count()).toBe(1);
    await expect
      .poll(() => shared.getByTestId('workbin-placement').allInnerTexts())
      .toEqual(['Placed by Priya Raman']);
    expect(problems).toEqual([]);
  });

  it('names a colleague by the id the server gave when the directory cannot be read, and reads it again at the next opening', async () => {
    let directoryReads = 0;
    const deskPage = await openDeskPage({
      handlers: (handlers) => ({
        ...handlers,
        agent: {
          ...handlers.agent,
          directory: () => {
            directoryReads += 1;
            throw new SwitchboardFailure('network', 'the directory is down');
          },
        },
      }),
    });
    const { page } = deskPage;
    await signIn(page);
    await openWorkbins(page);
    const emailId = await placedByPriya(deskPage, 'Delivery date');
    await expect.poll(() => countOf(page, 'TeamWorkbin')).toBe('1');
    await workbinButton(page, 'TeamWorkbin').click();
    const shared = entry(page, emailId);
    await expect
      .poll(() => shared.getByTestId('workbin-placement').innerText())
      .toBe(`Placed by ${PRIYA}`);
    expect(directoryReads).toBe(1);

    await page.getByRole('button', { name: 'Close workbins' }).click();
    await openWorkbins(page);
    await expect.poll(() => directoryReads).toBe(2);
  });

  it.each([
    {
      locale: 'de-DE',
      messages: MESSAGES.de,
      read: /^Vom Server gelesen am \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}:\d{2}$/u,
      meta: /^E-Mail von tom@example\.com · abgelegt am \d{2}\.\d{2}\.\d{4}, /u,
      placement: 'Abgelegt von Priya Raman',
    },
    {
      locale: 'es-ES',
      messages: MESSAGES.es,
      read: /^Leído del servidor el \d{1,2} \p{L}+ \d{4}, \d{1,2}:\d{2}:\d{2}$/u,
      meta: /^Correo de tom@example\.com · colocado el \d{1,2} \p{L}+ \d{4}, /u,
      placement: 'Colocado por Priya Raman',
    },
  ])(
    "in $locale, says when the panel read the server and when and by whom an item was placed as the language says a date (a date is not 'um' / 'a las')",
    async ({ locale, messages, read, meta, placement }) => {
      const deskPage = await openDeskPage({ locale });
      const { page, problems } = deskPage;
      // Signed in, not Ready (routing offers the e-mail to the colleague), without the form's
      // words, which are the language's.
      await page.locator('form button[type="submit"]').click();
      await expect.poll(() => connectionState(page)).toBe('connected');
      await page.getByRole('button', { name: messages.menu.workbins, exact: true }).click();
      const workbins = page.getByRole('region', { name: messages.routing.workbins.title });
      const status = workbins.getByTestId('workbins-status');
      await expect.poll(() => status.count()).toBe(1);
      expect(await status.innerText()).toMatch(read);
      const emailId = await placedByPriya(deskPage, 'Vertragsverlängerung');
      const teamWorkbin = workbins.locator('button[data-workbin="TeamWorkbin"]');
      await expect.poll(() => teamWorkbin.getByTestId('workbin-count').innerText()).toBe('1');
      await teamWorkbin.click();
      const placed = workbins.locator(`li[data-interaction-id="${emailId}"]`);
      await expect.poll(() => placed.getByTestId('workbin-placement').count()).toBe(1);
      expect(await placed.locator('.workbins__entry-meta').first().innerText()).toMatch(meta);
      expect(await placed.getByTestId('workbin-placement').innerText()).toBe(placement);
      expect(problems).toEqual([]);
    },
  );
});

describe('a draft placed in a workbin', () => {
  it('comes back as the Reply all the agent started, though it has no Cc', async () => {
    const deskPage = await openDeskPage();
    const { page, desk } = deskPage;
    await signInReady(page);
    // Written to the desk's mailbox alone: Reply all has no one to copy.
    const emailId = await acceptedEmail(deskPage, 'Parcel went missing');
    await actions(page).getByRole('button', { name: 'Reply all', exact: true }).click();
    const replyAll = page.getByRole('form', { name: 'Reply to all draft' });
    await expect.poll(() => replyAll.getAttribute('data-ready')).toBe('true');
    const draftId = await page.locator('.row--selected').getAttribute('data-interaction-id');
    if (draftId === null || draftId === emailId) throw new Error('no draft opened');
    expect(await replyAll.getByLabel('Cc', { exact: true }).inputValue()).toBe('');
    await expect.poll(async () => (await desk.handlers.drafts.get(draftId))?.kind).toBe('replyAll');

    await placeIn(page, 'TestWorkbin');
    await expect.poll(() => row(page, draftId).count()).toBe(0);
    await openWorkbins(page);
    await workbinButton(page, 'TestWorkbin').click();
    await entry(page, draftId)
      .getByRole('button', { name: 'Pull Re: Parcel went missing' })
      .click();
    // Back on the desk, its kind is the one the agent chose, not one guessed from its Cc.
    await expect.poll(() => row(page, draftId).getAttribute('data-phase')).toBe('working');
    await row(page, draftId).locator('button.row__main').click();
    const composer = page.getByTestId('composer');
    await expect.poll(() => composer.getAttribute('data-ready')).toBe('true');
    expect(await composer.getAttribute('aria-label')).toBe('Reply to all draft');
    expect(deskPage.problems).toEqual([]);
  }, 60_000);
});

describe('a Pull the server answers late', () => {
  it('takes the next Pull after a Refresh meanwhile, and leaves the agent in the chat she opened', async () => {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding = false;
    const deskPage = await openDeskPage({
      handlers: (handlers) => ({
        ...handlers,
        workbins: {
          ...handlers.workbins,
          pull: async (...args: Parameters<typeof handlers.workbins.pull>) => {
            if (holding) await held;
            return handlers.workbins.pull(...args);
          },
        },
      }),
    });
    const { page, problems } = deskPage;
    await signInReady(page);
    const first = await acceptedEmail(deskPage, 'Receipt for order 4471');
    await placeIn(page, 'TestWorkbin');
    await expect.poll(() => row(page, first).count()).toBe(0);
    const second = await acceptedEmail(deskPage, 'Receipt for order 4472');
    await placeIn(page, 'TestWorkbin');
    await expect.poll(() => row(page, second).count()).toBe(0);
    const tom = await acceptedChat(deskPage, { customerNickName: 'Tom Baker', subject: 'Late' });
    await acceptedChat(deskPage, { customerNickName: 'Bob', subject: 'Invoice copy' });
    await expect.poll(() => page.getByTestId('detail-subject').innerText()).toBe('Invoice copy');
    await openWorkbins(page);
    await expect.poll(() => countOf(page, 'TestWorkbin')).toBe('2');
    await workbinButton(page, 'TestWorkbin').click();
    await expect.poll(() => entry(page, second).count()).toBe(1);

    holding = true;
    await entry(page, first).getByRole('button', { name: 'Pull Receipt for order 4471' }).click();
    // While the server takes its time: Refresh, and the agent opens Tom's chat.
    await panel(page).getByRole('button', { name: 'Refresh' }).click();
    await row(page, tom).locator('button.row__main').click();
    await expect.poll(() => page.getByTestId('detail-subject').innerText()).toBe('Late');
    holding = false;
    release();

    // Pulled: on the desk (in the inbox), while the agent stays in Tom's chat.
    await expect.poll(() => row(page, first).getAttribute('data-phase')).toBe('working');
    await expect.poll(() => entry(page, first).count()).toBe(0);
    await page.waitForTimeout(300);
    expect(await page.getByTestId('detail-subject').innerText()).toBe('Late');
    // The next Pull goes: no "Pulling…" is left holding the buttons.
    const next = entry(page, second).getByRole('button', { name: 'Pull Receipt for order 4472' });
    expect(await next.innerText()).toBe('Pull');
    expect(await next.getAttribute('aria-disabled')).not.toBe('true');
    await next.click();
    await expect.poll(() => row(page, second).getAttribute('data-phase')).toBe('working');
    expect(problems).toEqual([]);
  });
});

describe('a draft whose Send is on its way', () => {
  it('is not placed in a workbin meanwhile', async () => {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const calls: string[] = [];
    const deskPage = await openDeskPage({
      handlers: (handlers) => ({
        ...handlers,
        drafts: {
          ...handlers.drafts,
          send: async (...args: Parameters<typeof handlers.drafts.send>) => {
            calls.push('send');
            await held;
            return handlers.drafts.send(...args);
          },
        },
        interactions: {
          ...handlers.interactions,
          placeInWorkbin: (...args: Parameters<typeof handlers.interactions.placeInWorkbin>) => {
            calls.push('placeInWorkbin');
            return handlers.interactions.placeInWorkbin(...args);
          },
        },
      }),
    });
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const emailId = await acceptedEmail(deskPage, 'Parcel went missing');
    await actions(page).getByRole('button', { name: 'Reply', exact: true }).click();
    const reply = page.getByRole('form', { name: 'Reply draft' });
    await expect.poll(() => reply.getAttribute('data-ready')).toBe('true');
    const draftId = await page.locator('.row--selected').getAttribute('data-interaction-id');
    if (draftId === null || draftId === emailId) throw new Error('no draft opened');
    await reply.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => calls).toEqual(['send']);

    // Place in workbin waits for the Send; pressed all the same (quick hands), it does nothing.
    const place = actions(page).getByRole('button', { name: 'Place in workbin' });
    await expect.poll(() => place.getAttribute('aria-disabled')).toBe('true');
    await place.click({ force: true });
    const picker = page.getByRole('group', { name: 'Place in workbin' });
    if ((await picker.count()) > 0)
      await picker.getByRole('button', { name: 'TestWorkbin', exact: true }).click();
    await page.waitForTimeout(300);
    release();
    await page.waitForTimeout(1000);
    // Sent, and nowhere else: not also in a workbin for someone to send again.
    await expect.poll(() => simulator.world.interactions.get(draftId)?.state).toBe('Completed');
    expect(simulator.world.interactions.get(draftId)?.workbin ?? null).toBeNull();
    expect(calls).toEqual(['send']);
    expect(problems).toEqual([]);
  });
});
