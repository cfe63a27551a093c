import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  chooseInAgentMenu,
  darkScreenshot,
  emulateWindow,
  fieldScreenshots,
  focusedId,
  focusedLabel,
  notWhole,
  REFLOW_320,
  row,
  darkScreenshotsAt1280And320,
  screenshotsAtThreeSizes,
  signInReady,
  useDeskPages,
  type DeskPage,
  ZOOM_200,
  connectionState,
} from './deskHarness';
import { expectAccessible } from './axeAudit';
import { SwitchboardFailure } from '../../common/errors';
import { TestAgent } from '../support/gwsAgent';

// Chat consultation and conference between two agents, each on a desk of their own (the real
// desk core, cache and GWS client, the built renderer in Chromium) against one simulator: the
// chat's owner (agent1, the demo's account) consults Priya Raman, signed in on the second desk;
// the consultation then becomes a transfer, a conference, or Priya leaves it. Both desks show
// who is in the chat from the transcript's party events, and the server's refusals show one
// sentence with the chat left as it was.

const { open: openDeskPage } = useDeskPages();

const PRIYA = 'priya.raman@switchboard.example';

/** What the tests opened beyond the harness's own pages, closed after each (last first). */
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * The owner's desk (agent1, Ready) and, on the same simulator (the desk's default dialect, or
 * 003's `a`), a second desk with its own data folder where Priya signs in through the form (signed in, not Ready, so that routing
 * offers the customer's chat to agent1).
 */
async function twoDesks(dialect?: 'a'): Promise<{ owner: DeskPage; colleague: DeskPage }> {
  const owner = await openDeskPage(dialect === undefined ? {} : { simulator: { dialect } });
  await signInReady(owner.page);
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-consult-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const colleague = await openDeskPage({ reuse: { simulator: owner.simulator, dataDir } });
  // Its desk goes before its data folder (closing it again later does nothing).
  cleanups.push(() => colleague.close());
  const { page } = colleague;
  await page.getByLabel('User name').fill(PRIYA);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => connectionState(page)).toBe('connected');
  return { owner, colleague };
}

/** A customer starts a chat and agent1 accepts it on the owner's desk; answers its id. */
async function acceptedChat(owner: DeskPage): Promise<string> {
  const { page, simulator } = owner;
  const chatId = simulator.control.startChat({
    customerNickName: 'Tom Baker',
    subject: 'Order 1234 is late',
    firstMessage: 'Hello, my order 1234 has not arrived.',
  });
  const chatRow = row(page, chatId);
  await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Invited');
  await chatRow.getByRole('button', { name: 'Accept Chat from' }).click();
  await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Accepted');
  return chatId;
}

/** The participants line, one entry per person: name and role. */
const participants = (page: Page) =>
  page.getByTestId('participants').locator('[data-role]').allInnerTexts();
/** The interaction's confirmation of the last action. */
const notice = (page: Page) => page.locator('.detail__notice').innerText();
const consultation = (page: Page) => page.getByRole('group', { name: 'Consultation' });
/** The alert's sentence, without its dismiss button. */
const alertText = (page: Page) => page.getByRole('alert').locator('.error-alert__text');

/**
 * The Consultation group's buttons not whole on screen at 200% zoom and at 320 px, by size (the
 * page is 1280 × 800 again afterwards): at 200% the chat's region above its transcript ended
 * through them, a sliver of each showing.
 */
async function consultationCutAtSmallSizes(page: Page): Promise<Record<string, string[]>> {
  const cut: Record<string, string[]> = {};
  for (const [name, size] of [
    ['200%', ZOOM_200],
    ['320 px', REFLOW_320],
  ] as const) {
    await emulateWindow(page, size);
    cut[name] = await notWhole(consultation(page).getByRole('button'));
  }
  await emulateWindow(page, { width: 1280, height: 800 });
  return cut;
}
const NONE_CUT = { '200%': [], '320 px': [] };

/** Types a message in the open chat and sends it with Enter. */
async function say(page: Page, text: string): Promise<void> {
  const box = page.getByLabel('Message', { exact: true });
  await box.fill(text);
  await box.press('Enter');
}

/** The transcript's line whose text is `text`. */
function line(page: Page, text: string) {
  return page
    .getByRole('log', { name: 'Chat transcript' })
    .locator('li.message')
    .filter({ hasText: text });
}

/** agent1 picks Priya in the Consult panel; waits until the simulator has her in the chat. */
async function consultPriya(owner: DeskPage, chatId: string): Promise<void> {
  const { page, simulator } = owner;
  await consultation(page).getByRole('button', { name: 'Consult' }).click();
  const panel = page.getByRole('dialog', { name: 'Consult' });
  await expect.poll(() => panel.count()).toBe(1);
  // The keyboard is in the search box as the panel opens.
  await page.keyboard.type('priya');
  const options = panel.getByRole('option');
  await expect
    .poll(() => options.allInnerTexts())
    .toEqual([expect.stringMatching(/^Priya Raman\s+priya\.raman@switchboard\.example/)]);
  // She is signed in but not Ready: the picker says so first, and Enter again consults her.
  await page.keyboard.press('Enter');
  await expect.poll(() => panel.getByTestId('not-available').count()).toBe(1);
  await page.keyboard.press('Enter');
  await expect
    .poll(() => simulator.world.interactions.get(chatId)?.conferenceParties)
    .toEqual([PRIYA]);
  await expect.poll(() => panel.count()).toBe(0);
}

/** Priya opens the chat she was asked to consult on, from her inbox. */
async function openConsultedChat(colleague: DeskPage, chatId: string): Promise<void> {
  const { page } = colleague;
  const chatRow = row(page, chatId);
  await expect.poll(() => chatRow.count()).toBe(1);
  await chatRow.getByRole('button', { name: 'Chat from' }).click();
  await expect
    .poll(() => page.getByTestId('detail-subject').innerText())
    .toBe('Order 1234 is late');
}

/**
 * Priya's desk tells her a colleague added her to the chat (one OS notification, nothing to
 * accept: she is in it already, consulted or in a conference alike), and she opens it.
 */
async function toldAndOpened(colleague: DeskPage, chatId: string): Promise<void> {
  await expect
    .poll(() => colleague.os.shown.map((alert) => [alert.kind, alert.title, alert.body]))
    .toEqual([['consult', 'A colleague added you to a chat from Tom Baker', 'Order 1234 is late']]);
  await openConsultedChat(colleague, chatId);
}

// Two desks signing in and a chat going through three hands take longer than one desk's tests.
describe('Chat consultation and conference between two desks', { timeout: 60_000 }, () => {
  it('consults a colleague, who sees the transcript so far, then completes it as a transfer: the chat moves to her desk', async () => {
    const { owner, colleague } = await twoDesks();
    const chatId = await acceptedChat(owner);
    await say(owner.page, 'Let me ask a colleague.');
    await expect.poll(() => line(owner.page, 'Let me ask a colleague.').count()).toBe(1);

    await consultPriya(owner, chatId);
    // The owner's desk: Priya in the chat, hidden from the customer; the consultation's two
    // endings, named after her, in place of Consult.
    await expect
      .poll(() => participants(owner.page))
      .toEqual([
        'Tom Baker (customer)',
        'Agent (agent)',
        'Priya (agent, hidden from the customer)',
      ]);
    expect(await notice(owner.page)).toBe(
      'Consulting Priya Raman: they see the chat, the customer does not see them.',
    );
    // Said once, in the notice: not again beside the buttons nor as her role.
    expect((await owner.page.locator('body').innerText()).match(/consulting/giu)).toEqual([
      'Consulting',
    ]);
    expect(await consultation(owner.page).getByRole('button').allInnerTexts()).toEqual([
      'Transfer to Priya Raman',
      'Conference with Priya Raman',
    ]);
    // The keyboard is on the consultation's next step (the Consult button is gone).
    expect(await focusedText(owner.page)).toBe('Transfer to Priya Raman');

    // Priya's desk tells her; the chat is in her inbox; opened, it shows what was said before
    // she came.
    await toldAndOpened(colleague, chatId);
    const { page } = colleague;
    await expect.poll(() => line(page, 'Hello, my order 1234 has not arrived.').count()).toBe(1);
    expect(await line(page, 'Let me ask a colleague.').count()).toBe(1);
    await expect
      .poll(() => participants(page))
      .toEqual([
        'Tom Baker (customer)',
        'Agent (agent)',
        'Priya (agent, hidden from the customer)',
      ]);
    expect(await consultation(page).innerText()).toContain(
      'You were asked to consult: your messages are seen by agents only.',
    );
    // Hers to leave (in the Consultation group), not to end for everyone.
    const actions = page.getByRole('toolbar', { name: 'Actions' });
    expect(await actions.getByRole('button', { name: 'End chat' }).count()).toBe(0);
    // Nor the owner's operations, which the server does not offer her.
    expect(await actions.getByRole('button').allInnerTexts()).toEqual(['Save transcript']);

    // What she writes is internal: marked so on both desks, and the customer does not get it.
    await say(page, 'A refund is fine for 1234.');
    for (const desk of [page, owner.page]) {
      await expect.poll(() => line(desk, 'A refund is fine for 1234.').count()).toBe(1);
      expect(await line(desk, 'A refund is fine for 1234.').innerText()).toContain('internal');
    }
    const sent = owner.simulator.world.interactions
      .get(chatId)
      ?.chat?.events.find((event) => event.text === 'A refund is fine for 1234.');
    expect(sent?.visibility).toBe('Int');
    await screenshotsAtThreeSizes(owner.page, 'consult', 'owner-consulting');
    await darkScreenshot(owner.page, 'out/screenshots/consult/owner-consulting-dark.png');
    await screenshotsAtThreeSizes(page, 'consult', 'consultant-invited');

    // A note typed and not saved: the consultation's Transfer asks first, as Transfer and Done
    // do (it went at once, and the note was lost with no word).
    const caseData = owner.page.getByTestId('case-data');
    await caseData.getByRole('button', { name: 'Edit Notes' }).click();
    await caseData.getByLabel('New Notes').fill('Refund approved by Priya');
    await consultation(owner.page).getByRole('button', { name: 'Transfer to Priya Raman' }).click();
    const unsaved = owner.page.getByTestId('unsaved-case-data-question');
    await expect.poll(() => unsaved.count()).toBe(1);
    expect(await unsaved.innerText()).toContain('Your change to Notes is not saved.');
    expect(await unsaved.getByRole('button').allInnerTexts()).toEqual([
      'Keep editing',
      'Transfer anyway',
    ]);
    expect(owner.simulator.world.interactions.get(chatId)?.owner).toBe('agent1');
    // Kept: the keyboard is back in the note, which Enter saves.
    await unsaved.getByRole('button', { name: 'Keep editing' }).click();
    await expect.poll(() => focusedLabel(owner.page)).toBe('New Notes');
    await owner.page.keyboard.press('Enter');
    await expect
      .poll(() => owner.simulator.world.interactions.get(chatId)?.userData.Notes)
      .toBe('Refund approved by Priya');

    await consultation(owner.page).getByRole('button', { name: 'Transfer to Priya Raman' }).click();
    // The chat is Priya's now: it leaves agent1's desk and stays on hers, as an agent's chat.
    await expect.poll(() => owner.simulator.world.interactions.get(chatId)?.owner).toBe(PRIYA);
    await expect.poll(() => row(owner.page, chatId).count()).toBe(0);
    expect(await notice(owner.page)).toBe('Transferred to Priya Raman.');
    await expect.poll(() => participants(page)).toEqual(['Tom Baker (customer)', 'Priya (agent)']);
    await expect.poll(() => row(page, chatId).getAttribute('data-state')).toBe('Accepted');
    // Her box said "agents only" until now, and a line typed there hides that: she is told her
    // next line goes to the customer.
    expect(await notice(page)).toBe(
      'The consultation is over: your next message goes to the customer.',
    );
    await screenshotsAtThreeSizes(page, 'consult', 'consultation-over');
    await darkScreenshot(page, 'out/screenshots/consult/consultation-over-dark.png');
    expect(await consultation(page).getByRole('button').allInnerTexts()).toEqual([
      'Consult',
      'Conference',
    ]);
    // She writes to the customer now.
    await say(page, 'Your refund is on its way.');
    await expect
      .poll(
        () =>
          owner.simulator.world.interactions
            .get(chatId)
            ?.chat?.events.find((event) => event.text === 'Your refund is on its way.')?.visibility,
      )
      .toBe('All');
    await screenshotsAtThreeSizes(page, 'consult', 'transferred');
    // In agent1's History the chat is over: no participants line claiming nobody is in it.
    await owner.page.getByRole('tab', { name: 'History' }).click();
    await expect.poll(() => row(owner.page, chatId).count()).toBe(1);
    // Where it went, not "Done" (the consultation's colleague, as the picker named her).
    await expect
      .poll(() => row(owner.page, chatId).getByTestId('row-state').innerText())
      .toBe('Transferred to Priya Raman');
    await row(owner.page, chatId).click();
    await expect
      .poll(() => owner.page.getByTestId('detail-subject').innerText())
      .toBe('Order 1234 is late');
    await expect.poll(() => line(owner.page, 'A refund is fine for 1234.').count()).toBe(1);
    expect(await owner.page.getByTestId('chat-collaboration').count()).toBe(0);
    const transcript = owner.page.getByRole('log', { name: 'Chat transcript' });
    const linesLive = await transcript.locator('li').allInnerTexts();
    // Who came and went, in order among the lines (the check below compares the whole).
    expect(linesLive).toEqual([
      expect.stringMatching(/^Tom Baker joined · /u),
      expect.stringContaining('Hello, my order 1234 has not arrived.'),
      expect.stringMatching(/^Agent joined · /u),
      expect.stringContaining('Let me ask a colleague.'),
      expect.stringMatching(/^Priya joined · /u),
      expect.stringMatching(/internal\s+A refund is fine for 1234\.$/u),
      expect.stringMatching(/^Agent left · /u),
    ]);
    expect(colleague.problems).toEqual([]);

    // ---- the next day, with no server at all: agent1 reviews the cache offline, and the chat
    // that left by the consultation's transfer reads as it did, whose it became included.
    await colleague.close();
    await chooseInAgentMenu(owner.page, 'Sign out');
    await expect
      .poll(() => owner.page.getByRole('heading', { name: 'Sign in to Switchboard' }).isVisible())
      .toBe(true);
    await owner.simulator.close();
    await owner.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await owner.page
      .getByTestId('offline-entry')
      .getByRole('button', { name: 'Review offline' })
      .click();
    await expect.poll(() => owner.page.getByTestId('offline-banner').count()).toBe(1);
    await owner.page.getByRole('tab', { name: 'History' }).click();
    await expect
      .poll(() => row(owner.page, chatId).getByTestId('row-state').innerText())
      .toBe('Transferred to Priya Raman');
    await row(owner.page, chatId).click();
    await expect.poll(() => transcript.locator('li').allInnerTexts()).toEqual(linesLive);
    // Found by a word of the agents' internal line and by the colleague who joined.
    const search = owner.page.getByRole('searchbox', { name: 'Search interactions' });
    for (const words of ['refund', 'Priya']) {
      await search.fill(words);
      await expect
        .poll(() => owner.page.locator(`.hit[data-interaction-id="${chatId}"]`).count(), {
          message: words,
        })
        .toBe(1);
    }
    expect(owner.problems).toEqual([]);
  });

  it('completes a consultation as a conference: both desks show both agents and each sees what the other writes', async () => {
    const { owner, colleague } = await twoDesks();
    const chatId = await acceptedChat(owner);
    // Consult and Conference whole at every size, and so are the buttons each step puts there.
    expect(await consultationCutAtSmallSizes(owner.page)).toEqual(NONE_CUT);
    await consultPriya(owner, chatId);
    await openConsultedChat(colleague, chatId);
    const { page } = colleague;
    for (const desk of [owner.page, page])
      expect(await consultationCutAtSmallSizes(desk)).toEqual(NONE_CUT);
    // Her note that the customer does not read her stays in sight at 320 px, where a conference's
    // is left to screen readers: the message box's placeholder, which says it too, goes as she
    // types, and no "Agents only" box is there to say it.
    await emulateWindow(page, REFLOW_320);
    const note = consultation(page).getByText('You were asked to consult');
    expect((await note.boundingBox())?.width ?? 0).toBeGreaterThan(100);
    await emulateWindow(page, { width: 1280, height: 800 });

    // The keyboard is on Transfer to Priya Raman. A refusal (503) says what and whom, and leaves the
    // keyboard where the agent pressed.
    await expect.poll(() => focusedText(owner.page)).toBe('Transfer to Priya Raman');
    owner.simulator.control.failNextRequests(['unavailable']);
    await owner.page.keyboard.press('Enter');
    await expect
      .poll(() => alertText(owner.page).allInnerTexts())
      .toEqual([expect.stringMatching(/^Could not complete the transfer to Priya Raman\. /u)]);
    expect(await focusedText(owner.page)).toBe('Transfer to Priya Raman');
    await owner.page.keyboard.press('Tab');
    expect(await focusedText(owner.page)).toBe('Conference with Priya Raman');
    await owner.page.keyboard.press('Enter');
    await expect.poll(() => notice(owner.page)).toBe('In conference with Priya Raman.');
    // The Complete buttons went: the keyboard goes to the message box, to write to everyone.
    await expect.poll(() => focusedId(owner.page)).toBe('composer-text');
    // Both stay in the chat; agent1 still owns it.
    expect(owner.simulator.world.interactions.get(chatId)?.owner).toBe('agent1');
    expect(owner.simulator.world.interactions.get(chatId)?.conferenceParties).toEqual([PRIYA]);
    for (const desk of [owner.page, page]) {
      await expect
        .poll(() => participants(desk))
        .toEqual(['Tom Baker (customer)', 'Agent (agent)', 'Priya (agent)']);
    }
    // Priya's note about consulting is gone: she is in the chat like agent1.
    await expect.poll(() => consultation(page).innerText()).not.toContain('asked to consult');
    // Only the chat's owner may consult (a two-step transfer); both may add or leave.
    for (const [desk, buttons] of [
      [owner.page, ['Consult', 'Conference', 'Leave conference']],
      [page, ['Conference', 'Leave conference']],
    ] as const) {
      await expect
        .poll(() => consultation(desk).getByRole('button').allInnerTexts())
        .toEqual(buttons);
      expect(await desk.getByTestId('conference-note').innerText()).toBe(
        'In conference: everyone in the chat sees your messages.',
      );
      // Said whole where the agent writes too: the note is cut with "…" in a small window.
      expect(await desk.getByLabel('Message', { exact: true }).getAttribute('placeholder')).toBe(
        'Write to everyone in the chat… (Enter sends, Shift+Enter for a new line)',
      );
      // With the note beside them (was: the note wrapped them onto a second row, under the
      // region's edge at 200%).
      expect(await consultationCutAtSmallSizes(desk)).toEqual(NONE_CUT);
    }

    await say(page, 'Hello Tom, I am Priya from billing.');
    await expect
      .poll(() => line(owner.page, 'Hello Tom, I am Priya from billing.').count())
      .toBe(1);
    // Seen by the customer too: not internal any more.
    expect(await line(owner.page, 'Hello Tom, I am Priya from billing.').innerText()).not.toContain(
      'internal',
    );
    await say(owner.page, 'Priya will sort out the refund.');
    await expect.poll(() => line(page, 'Priya will sort out the refund.').count()).toBe(1);
    owner.simulator.control.customerSays(chatId, 'Thank you both!');
    for (const desk of [owner.page, page]) {
      await expect.poll(() => line(desk, 'Thank you both!').count()).toBe(1);
    }
    await screenshotsAtThreeSizes(owner.page, 'consult', 'conference-owner');
    await screenshotsAtThreeSizes(page, 'consult', 'conference-colleague');
    // Priya leaves: "In conference with Priya Raman." is no longer true, and goes.
    await consultation(page).getByRole('button', { name: 'Leave conference' }).click();
    await expect
      .poll(() => participants(owner.page))
      .toEqual(['Tom Baker (customer)', 'Agent (agent)']);
    await expect.poll(() => owner.page.locator('.detail__notice').count()).toBe(0);
    expect(owner.problems).toEqual([]);
    expect(colleague.problems).toEqual([]);
  });

  it("the owner's window reloads during a consultation: the chat opens again as a consultation, with its half-typed line to the agents only, and completing it as a conference works", async () => {
    const { owner, colleague } = await twoDesks();
    const { page } = owner;
    const chatId = await acceptedChat(owner);
    await consultPriya(owner, chatId);
    const consulting = [
      'Tom Baker (customer)',
      'Agent (agent)',
      'Priya (agent, hidden from the customer)',
    ];
    await expect.poll(() => participants(page)).toEqual(consulting);
    expect(await consultation(page).getByRole('button').allInnerTexts()).toEqual([
      'Transfer to Priya Raman',
      'Conference with Priya Raman',
    ]);

    // Half a line to Priya alone, not sent yet.
    const agentsOnly = page.getByRole('checkbox', { name: 'Agents only' });
    const box = page.getByLabel('Message', { exact: true });
    await agentsOnly.check();
    await box.fill('Priya, can we refund');

    // A reload starts the renderer afresh on the same desk core and data folder (the bridge's
    // client is an init script, so it is there again): all it knows of the consultation, of
    // the chat the agent had open and of its message box now is what main kept. Nothing on the
    // server changed: Priya is still in the chat, seen by agents only, which without main's word
    // reads as a conference.
    await page.reload();
    await expect.poll(() => connectionState(page)).toBe('connected');
    // Open again with no click, the half-typed line still to the agents only.
    await expect
      .poll(() => page.getByTestId('detail-subject').innerText())
      .toBe('Order 1234 is late');
    await expect.poll(() => participants(page)).toEqual(consulting);
    await expect.poll(() => box.inputValue()).toBe('Priya, can we refund');
    expect(await agentsOnly.isChecked()).toBe(true);
    // The name is the server's now (the agent's pick went with the old page).
    expect(await consultation(page).getByRole('button').allInnerTexts()).toEqual([
      'Transfer to Priya',
      'Conference with Priya',
    ]);
    await screenshotsAtThreeSizes(page, 'consult', 'owner-consulting-after-reload');
    await box.press('End');
    await box.pressSequentially(' twice?');
    await box.press('Enter');
    const sent = () =>
      owner.simulator.world.interactions
        .get(chatId)
        ?.chat?.events.find((event) => event.text === 'Priya, can we refund twice?');
    await expect.poll(() => sent()?.visibility).toBe('Int');

    await consultation(page).getByRole('button', { name: 'Conference with Priya' }).click();
    await expect.poll(() => notice(page)).toBe('In conference with Priya.');
    expect(owner.simulator.world.interactions.get(chatId)?.owner).toBe('agent1');
    expect(owner.simulator.world.interactions.get(chatId)?.conferenceParties).toEqual([PRIYA]);
    await expect
      .poll(() => participants(page))
      .toEqual(['Tom Baker (customer)', 'Agent (agent)', 'Priya (agent)']);
    await expect
      .poll(() => consultation(page).getByRole('button').allInnerTexts())
      .toEqual(['Consult', 'Conference', 'Leave conference']);
    expect(owner.problems).toEqual([]);
    expect(colleague.problems).toEqual([]);
  });

  it('a consultation whose start was not answered in time, or whose answer was lost, says it may have started, and offers to complete it: she joined, and the chat goes to her', async () => {
    // The server takes InitiateConsultation, and its answer never reaches the desk in time; the
    // second time, the connection is cut as the answer leaves.
    let starts = 0;
    const owner = await openDeskPage({
      handlers: (handlers) => ({
        ...handlers,
        interactions: {
          ...handlers.interactions,
          startChatConsultation: async (...args) => {
            starts += 1;
            if (starts === 2) {
              owner.simulator.control.failNextRequests(['answerLost']);
              return handlers.interactions.startChatConsultation(...args);
            }
            await handlers.interactions.startChatConsultation(...args);
            throw new SwitchboardFailure('timeout', 'POST /me/interactions: no answer in time');
          },
        },
      }),
    });
    const { page, simulator, problems } = owner;
    await signInReady(page);
    const priya = new TestAgent(simulator.apiUrl, PRIYA);
    cleanups.push(() => priya.close());
    await priya.signIn([]);
    const chatId = await acceptedChat(owner);
    await consultPriya(owner, chatId);

    // Not "Could not consult … try again" (a second Consult is refused while hers is open).
    await expect
      .poll(() => alertText(page).innerText())
      .toBe(
        'The consultation with Priya Raman may have started. The server did not answer in time. If Priya Raman joins the chat, go on as usual; if not, “Transfer to Priya Raman” or “Conference with Priya Raman” says so, and you can consult again.',
      );
    const transfer = consultation(page).getByRole('button', { name: 'Transfer to Priya Raman' });
    await expect.poll(() => transfer.count()).toBe(1);
    await screenshotsAtThreeSizes(page, 'consult', 'start-unanswered');
    await transfer.click();
    await expect.poll(() => simulator.world.interactions.get(chatId)?.owner).toBe(PRIYA);
    await expect.poll(() => row(page, chatId).count()).toBe(0);
    expect(await notice(page)).toBe('Transferred to Priya Raman.');

    // The answer lost: she is in the chat, and Consult again would be refused while hers is
    // open. The desk said "Could not consult Priya Raman" and offered no Complete: only she
    // could end it.
    const secondId = await acceptedChat(owner);
    await row(page, secondId).getByRole('button', { name: 'Chat from' }).click();
    await consultPriya(owner, secondId);
    expect(starts).toBe(2);
    await expect
      .poll(() => alertText(page).innerText())
      .toBe(
        'The consultation with Priya Raman may have started. The server cannot be reached. If Priya Raman joins the chat, go on as usual; if not, “Transfer to Priya Raman” or “Conference with Priya Raman” says so, and you can consult again.',
      );
    await expect.poll(() => transfer.count()).toBe(1);
    await transfer.click();
    await expect.poll(() => simulator.world.interactions.get(secondId)?.owner).toBe(PRIYA);
    await expect.poll(() => row(page, secondId).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('a Complete as conference whose answer was lost shows the conference the server made, not the consultation still open', async () => {
    const owner = await openDeskPage();
    const { page, simulator, problems } = owner;
    await signInReady(page);
    const priya = new TestAgent(simulator.apiUrl, PRIYA);
    cleanups.push(() => priya.close());
    await priya.signIn([]);
    const chatId = await acceptedChat(owner);
    await consultPriya(owner, chatId);
    await expect
      .poll(() => participants(page))
      .toEqual([
        'Tom Baker (customer)',
        'Agent (agent)',
        'Priya (agent, hidden from the customer)',
      ]);
    // The server makes it a conference; the connection is cut as its answer leaves. The desk
    // said "may not have been completed" and kept "Transfer to"/"Conference with" until the
    // next Complete was refused.
    simulator.control.failNextRequests(['answerLost']);
    await consultation(page).getByRole('button', { name: 'Conference with Priya Raman' }).click();
    await expect.poll(() => notice(page)).toBe('In conference with Priya Raman.');
    expect(await page.getByRole('alert').count()).toBe(0);
    await expect
      .poll(() => consultation(page).getByRole('button').allInnerTexts())
      .toEqual(['Consult', 'Conference', 'Leave conference']);
    expect(simulator.world.interactions.get(chatId)?.owner).toBe('agent1');
    expect(simulator.world.interactions.get(chatId)?.conferenceParties).toEqual([PRIYA]);
    expect(problems).toEqual([]);
  });

  it('the owner writes to the agents only while consulting: the customer never gets those lines, the colleague reads them as internal', async () => {
    const { owner, colleague } = await twoDesks();
    const { page, simulator } = owner;
    const chatId = await acceptedChat(owner);
    const agentsOnly = page.getByRole('checkbox', { name: 'Agents only' });
    const box = page.getByLabel('Message', { exact: true });
    // Alone with the customer (the message box there): nothing to choose.
    await expect.poll(() => box.count()).toBe(1);
    expect(await agentsOnly.count()).toBe(0);
    await consultPriya(owner, chatId);
    await openConsultedChat(colleague, chatId);
    // Consulted, Priya writes to the agents only anyway: no choice on her desk, and her box says
    // so whole (the note beside the Consultation buttons is cut with "…" in a small window).
    await expect.poll(() => colleague.page.getByLabel('Message', { exact: true }).count()).toBe(1);
    expect(await colleague.page.getByRole('checkbox', { name: 'Agents only' }).count()).toBe(0);
    expect(
      await colleague.page.getByLabel('Message', { exact: true }).getAttribute('placeholder'),
    ).toBe('Write to the agents only… (Enter sends, Shift+Enter for a new line)');
    // agent1, consulting, writes to the customer until it ticks Agents only: the plain box.
    expect(await box.getAttribute('placeholder')).toBe(
      'Write a message… (Enter sends, Shift+Enter for a new line)',
    );

    await agentsOnly.check();
    expect(await box.getAttribute('placeholder')).toBe(
      'Write to the agents only… (Enter sends, Shift+Enter for a new line)',
    );
    expect(await agentsOnly.getAttribute('aria-describedby')).toBe('composer-agents-only-hint');
    await expectAccessible(page, 'writing to the agents only');
    await screenshotsAtThreeSizes(page, 'consult', 'owner-writing-to-agents');
    await fieldScreenshots(page, 'consult', 'agents-only-box', 'composer-text');
    await say(page, 'Can we refund 1234 twice?');
    const visibilityOf = (text: string) =>
      simulator.world.interactions.get(chatId)?.chat?.events.find((event) => event.text === text)
        ?.visibility;
    await expect.poll(() => visibilityOf('Can we refund 1234 twice?')).toBe('Int');
    // The customer was not told that agent1 was typing it.
    expect(
      simulator.world.interactions
        .get(chatId)
        ?.chat?.events.filter((event) => event.kind === 'NOTICE'),
    ).toEqual([]);
    // Marked internal on both desks.
    for (const desk of [page, colleague.page]) {
      await expect
        .poll(() => line(desk, 'Can we refund 1234 twice?').innerText())
        .toContain('internal');
    }
    // Unchecked, the next line goes to everyone again.
    await agentsOnly.uncheck();
    await say(page, 'One moment please, Tom.');
    await expect.poll(() => visibilityOf('One moment please, Tom.')).toBe('All');
    // Typing to everyone tells the customer, as typing alone with them does.
    await expect
      .poll(() =>
        simulator.world.interactions
          .get(chatId)
          ?.chat?.events.some(
            (event) => event.kind === 'NOTICE' && event.noticeType === 'TypingStarted',
          ),
      )
      .toBe(true);
    expect(await line(page, 'One moment please, Tom.').innerText()).not.toContain('internal');
    expect(owner.problems).toEqual([]);
    expect(colleague.problems).toEqual([]);
  });

  it('the consulted colleague leaves: the chat goes on with agent1 alone, who can consult again', async () => {
    const { owner, colleague } = await twoDesks();
    const chatId = await acceptedChat(owner);
    await consultPriya(owner, chatId);
    await openConsultedChat(colleague, chatId);
    const { page } = colleague;

    await consultation(page).getByRole('button', { name: 'Leave consultation' }).click();
    await expect.poll(() => row(page, chatId).count()).toBe(0);
    // The keyboard, on the button that went with the chat, goes to its heading, which says it is
    // over (as after Done), not onto the page's body.
    await expect.poll(() => focusedId(page)).toBe('detail-subject');
    await expect
      .poll(() => owner.simulator.world.interactions.get(chatId)?.conferenceParties)
      .toEqual([]);
    // agent1's desk: Priya gone from the chat, Consult offered again, the chat still agent1's.
    await expect
      .poll(() => participants(owner.page))
      .toEqual(['Tom Baker (customer)', 'Agent (agent)']);
    await expect
      .poll(() => consultation(owner.page).getByRole('button').allInnerTexts())
      .toEqual(['Consult', 'Conference']);
    expect(owner.simulator.world.interactions.get(chatId)?.owner).toBe('agent1');
    expect(await row(owner.page, chatId).getAttribute('data-state')).not.toBe('Completed');
    await say(owner.page, 'Still with you, Tom.');
    await expect.poll(() => line(owner.page, 'Still with you, Tom.').count()).toBe(1);
    await screenshotsAtThreeSizes(owner.page, 'consult', 'consultant-left');
    expect(owner.problems).toEqual([]);
    expect(colleague.problems).toEqual([]);
  });

  it('Done while consulting asks first; ended anyway, the consulted desk says who ended it and what she had typed, the keyboard on its heading', async () => {
    const { owner, colleague } = await twoDesks();
    const chatId = await acceptedChat(owner);
    await consultPriya(owner, chatId);
    await openConsultedChat(colleague, chatId);
    // Priya starts a line to agent1 and has not sent it.
    const box = colleague.page.getByLabel('Message', { exact: true });
    await box.fill('Let me look up the courier for 1234');

    const { page } = owner;
    // Handing the chat on (here to a workbin) would take her out of it: asked too, kept.
    await page
      .getByRole('toolbar', { name: 'Actions' })
      .getByRole('button', { name: 'Place in workbin' })
      .click();
    await page
      .getByRole('group', { name: 'Place in workbin' })
      .getByRole('button', { name: 'TestWorkbin', exact: true })
      .click();
    const handingOn = page.getByTestId('consultation-open-question');
    await expect.poll(() => handingOn.count()).toBe(1);
    expect(await handingOn.innerText()).toContain(
      'You are consulting Priya Raman, who may not have answered yet. Handing the chat on takes them out of it.',
    );
    expect(await handingOn.getByRole('button').allInnerTexts()).toEqual([
      'Keep the chat',
      'Place in workbin anyway',
    ]);
    await screenshotsAtThreeSizes(page, 'consult', 'workbin-while-consulting');
    await darkScreenshot(page, 'out/screenshots/consult/workbin-while-consulting-dark.png');
    await handingOn.getByRole('button', { name: 'Keep the chat' }).click();
    await expect.poll(() => handingOn.count()).toBe(0);
    expect(owner.simulator.world.interactions.get(chatId)?.conferenceParties).toEqual([PRIYA]);
    expect(owner.simulator.world.interactions.get(chatId)?.workbin).toBeNull();

    // Done asks: the colleague is still in the chat. Keep the chat has the keyboard; Escape keeps
    // it too, back on Done.
    const done = page
      .getByRole('toolbar', { name: 'Actions' })
      .getByRole('button', { name: 'Done' });
    await done.click();
    const question = page.getByTestId('consultation-open-question');
    await expect.poll(() => question.count()).toBe(1);
    expect(await question.innerText()).toContain('You are consulting Priya Raman');
    await expect.poll(() => focusedText(page)).toBe('Keep the chat');
    await screenshotsAtThreeSizes(page, 'consult', 'done-while-consulting');
    await page.keyboard.press('Escape');
    await expect.poll(() => question.count()).toBe(0);
    await expect.poll(() => focusedText(page)).toBe('Done');
    expect(owner.simulator.world.interactions.get(chatId)?.conferenceParties).toEqual([PRIYA]);
    expect(await row(page, chatId).getAttribute('data-state')).toBe('Accepted');

    // End chat asks the same, after the line agent1 typed and did not send: each is asked in
    // turn, the first answered "anyway" not taken for the second; ended anyway.
    await page.getByLabel('Message', { exact: true }).fill('Priya, what does the courier say?');
    await page
      .getByRole('toolbar', { name: 'Actions' })
      .getByRole('button', { name: 'End chat' })
      .click();
    const unsentLine = page.getByTestId('unsent-line-question');
    await expect.poll(() => unsentLine.count()).toBe(1);
    await unsentLine.getByRole('button', { name: 'End chat anyway' }).click();
    await expect.poll(() => question.count()).toBe(1);
    await expect.poll(() => focusedText(page)).toBe('Keep the chat');
    expect(await row(page, chatId).getAttribute('data-state')).toBe('Accepted');
    await question.getByRole('button', { name: 'End chat anyway' }).click();
    await expect.poll(() => row(page, chatId).count()).toBe(0);

    // Priya's desk says the chat ended and who ended it, shows what she had typed (not sent),
    // and keeps the keyboard in the page, on the chat's heading.
    const ended = colleague.page.locator('.detail__notice');
    await expect.poll(() => ended.count()).toBe(1);
    expect(await ended.innerText()).toMatch(
      /^Agent ended the chat\. What you had typed was not sent: “Let me look up the courier for 1234”$/u,
    );
    await expect.poll(() => focusedId(colleague.page)).toBe('detail-subject');
    await screenshotsAtThreeSizes(colleague.page, 'consult', 'ended-under-consulted');
    expect(owner.problems).toEqual([]);
    expect(colleague.problems).toEqual([]);
  });

  it('the Consult picker highlights a Ready colleague first, and picking one who is not Ready says so before consulting: Enter again consults', async () => {
    const { owner, colleague } = await twoDesks();
    const chatId = await acceptedChat(owner);
    const { page } = owner;
    const panel = page.getByRole('dialog', { name: 'Consult' });
    const options = panel.getByRole('option');
    // Priya Ready on chat: the first choice, highlighted, before the colleagues who are offline.
    const priyaState = colleague.page.getByLabel('State');
    await expect.poll(() => priyaState.isEnabled()).toBe(true);
    await priyaState.selectOption('ready');
    await expect
      .poll(async () => (await colleague.page.getByTestId('channel-states').innerText()).trim())
      .toMatch(/^Ready/u);
    await consultation(page).getByRole('button', { name: 'Consult' }).click();
    await expect.poll(() => options.count()).toBeGreaterThan(1);
    expect(await options.first().innerText()).toMatch(
      /^Priya Raman\s+priya\.raman@switchboard\.example · Ready$/u,
    );
    expect(await options.first().getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);

    // Not Ready now: Enter on her says so, and consults nobody yet.
    await priyaState.selectOption('notReady');
    await expect
      .poll(async () => (await colleague.page.getByTestId('channel-states').innerText()).trim())
      .toMatch(/^Not ready/u);
    await consultation(page).getByRole('button', { name: 'Consult' }).click();
    await expect.poll(() => panel.count()).toBe(1);
    await page.keyboard.type('priya');
    await expect
      .poll(() => options.allInnerTexts())
      .toEqual([
        expect.stringMatching(/^Priya Raman\s+priya\.raman@switchboard\.example · Not Ready$/u),
      ]);
    await page.keyboard.press('Enter');
    const warning = panel.getByTestId('not-available');
    await expect.poll(() => warning.count()).toBe(1);
    expect(await warning.innerText()).toBe(
      'Priya Raman cannot take chats now (Not Ready) and may not answer. Press Enter again to consult them anyway, or pick someone else.',
    );
    expect(owner.simulator.world.interactions.get(chatId)?.conferenceParties ?? []).toEqual([]);
    // The keyboard stays in the search box, on her.
    expect(await focusedText(page)).toBe('');
    await screenshotsAtThreeSizes(page, 'consult', 'not-ready-warning');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => owner.simulator.world.interactions.get(chatId)?.conferenceParties)
      .toEqual([PRIYA]);
    expect(owner.problems).toEqual([]);
    expect(colleague.problems).toEqual([]);
  });

  it('adds a colleague in one step (Conference): she joins as the customer sees her; agent1 leaves the conference and the chat stays with her', async () => {
    const { owner, colleague } = await twoDesks();
    const { simulator } = owner;
    const chatId = await acceptedChat(owner);
    await say(owner.page, 'Let me bring in billing.');
    await expect.poll(() => line(owner.page, 'Let me bring in billing.').count()).toBe(1);
    expect(await consultation(owner.page).getByRole('button').allInnerTexts()).toEqual([
      'Consult',
      'Conference',
    ]);

    const conferenceButton = consultation(owner.page).getByRole('button', {
      name: 'Conference',
      exact: true,
    });
    await conferenceButton.click();
    const panel = owner.page.getByRole('dialog', { name: 'Conference' });
    await expect.poll(() => panel.count()).toBe(1);
    // Escape closes the picker and gives the keyboard back to the button that opened it.
    await owner.page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
    expect(await focusedText(owner.page)).toBe('Conference');
    await owner.page.keyboard.press('Enter');
    await expect.poll(() => panel.count()).toBe(1);
    expect(await panel.innerText()).toContain('Add a colleague to the chat');
    await owner.page.keyboard.type('priya');
    await expect
      .poll(() => panel.getByRole('option').allInnerTexts())
      .toEqual([expect.stringMatching(/^Priya Raman\s+priya\.raman@switchboard\.example/)]);
    await screenshotsAtThreeSizes(owner.page, 'conference', 'picker');
    await owner.page.keyboard.press('Enter');
    await expect
      .poll(() => simulator.world.interactions.get(chatId)?.conferenceParties)
      .toEqual([PRIYA]);
    await expect.poll(() => panel.count()).toBe(0);
    expect(await notice(owner.page)).toBe('In conference with Priya Raman.');
    // No consultation: both are agents of the chat, and agent1 may leave it to her.
    await expect
      .poll(() => participants(owner.page))
      .toEqual(['Tom Baker (customer)', 'Agent (agent)', 'Priya (agent)']);
    expect(await consultation(owner.page).getByRole('button').allInnerTexts()).toEqual([
      'Consult',
      'Conference',
      'Leave conference',
    ]);

    // Priya's desk tells her a colleague added her; the chat, opened, says it is a conference.
    await toldAndOpened(colleague, chatId);
    const { page } = colleague;
    await expect.poll(() => line(page, 'Let me bring in billing.').count()).toBe(1);
    await expect
      .poll(() => participants(page))
      .toEqual(['Tom Baker (customer)', 'Agent (agent)', 'Priya (agent)']);
    expect(await consultation(page).innerText()).not.toContain('asked to consult');
    expect(await page.getByTestId('conference-note').innerText()).toBe(
      'In conference: everyone in the chat sees your messages.',
    );
    // Not the owner: none of the owner's own operations (End chat, Done, Transfer, Place in
    // workbin), and one way out, Leave conference (not also the Leave chat she is offered).
    expect(
      await page.getByRole('toolbar', { name: 'Actions' }).getByRole('button').allInnerTexts(),
    ).toEqual(['Save transcript']);
    await say(page, 'Hello Tom, Priya from billing here.');
    await expect
      .poll(() => line(owner.page, 'Hello Tom, Priya from billing here.').count())
      .toBe(1);
    expect(
      simulator.world.interactions
        .get(chatId)
        ?.chat?.events.find((event) => event.text === 'Hello Tom, Priya from billing here.')
        ?.visibility,
    ).toBe('All');
    await screenshotsAtThreeSizes(owner.page, 'conference', 'single-step-owner');
    await screenshotsAtThreeSizes(page, 'conference', 'single-step-colleague');
    await darkScreenshot(page, 'out/screenshots/conference/single-step-colleague-dark.png');

    // A note typed and not saved: leaving asks first, as Done does; kept, then put away.
    const caseData = owner.page.getByTestId('case-data');
    await caseData.getByRole('button', { name: 'Edit Notes' }).click();
    await caseData.getByLabel('New Notes').fill('Priya takes it from here');
    await consultation(owner.page).getByRole('button', { name: 'Leave conference' }).click();
    const unsaved = owner.page.getByTestId('unsaved-case-data-question');
    await expect.poll(() => unsaved.count()).toBe(1);
    expect(await unsaved.getByRole('button').allInnerTexts()).toEqual([
      'Keep editing',
      'Leave anyway',
    ]);
    expect(simulator.world.interactions.get(chatId)?.owner).toBe('agent1');
    await unsaved.getByRole('button', { name: 'Keep editing' }).click();
    await expect.poll(() => focusedLabel(owner.page)).toBe('New Notes');
    await owner.page.keyboard.press('Escape');
    await expect.poll(() => unsaved.count()).toBe(0);

    // agent1 leaves: the chat leaves agent1's desk and stays with Priya, who now owns it.
    await consultation(owner.page).getByRole('button', { name: 'Leave conference' }).click();
    await expect.poll(() => simulator.world.interactions.get(chatId)?.owner).toBe(PRIYA);
    expect(simulator.world.interactions.get(chatId)?.conferenceParties).toEqual([]);
    await expect.poll(() => row(owner.page, chatId).count()).toBe(0);
    // The keyboard, on the button that went with the chat, goes to its heading, under the notice
    // saying where the chat went, not onto the page's body.
    await expect.poll(() => focusedId(owner.page)).toBe('detail-subject');
    expect(await notice(owner.page)).toBe(
      'You left the conference: the chat stays with your colleague.',
    );
    await expect.poll(() => participants(page)).toEqual(['Tom Baker (customer)', 'Priya (agent)']);
    await expect
      .poll(() => consultation(page).getByRole('button').allInnerTexts())
      .toEqual(['Consult', 'Conference']);
    expect(await page.getByTestId('conference-note').count()).toBe(0);
    simulator.control.customerSays(chatId, 'Thanks Priya.');
    await expect.poll(() => line(page, 'Thanks Priya.').count()).toBe(1);
    await screenshotsAtThreeSizes(page, 'conference', 'owner-left');
    expect(owner.problems).toEqual([]);
    expect(colleague.problems).toEqual([]);
  });

  it("in a conference, a line whose send's answer was lost shows from the agent and clears the doubt, with no line of hers seen before; left, History says so, not Done", async () => {
    const owner = await openDeskPage();
    const { page, simulator, problems } = owner;
    await signInReady(page);
    const priya = new TestAgent(simulator.apiUrl, PRIYA);
    cleanups.push(() => priya.close());
    await priya.signIn([]);
    const chatId = await acceptedChat(owner);
    await row(page, chatId).getByRole('button', { name: 'Chat from' }).click();
    await consultation(page).getByRole('button', { name: 'Conference', exact: true }).click();
    const panel = page.getByRole('dialog', { name: 'Conference' });
    await expect.poll(() => panel.count()).toBe(1);
    await page.keyboard.type('priya');
    await expect.poll(() => panel.getByRole('option').count()).toBe(1);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => participants(page))
      .toEqual(['Tom Baker (customer)', 'Agent (agent)', 'Priya (agent)']);
    // The server takes agent1's first line, and the connection is cut as its answer leaves (the
    // typing notice the box sends goes first: the fault is for the line alone).
    const box = page.getByLabel('Message', { exact: true });
    await box.fill('One moment, please');
    await expect
      .poll(() =>
        simulator.control
          .typingNotices(chatId)
          .filter((notice) => notice.userType === 'Agent')
          .map((notice) => notice.noticeType),
      )
      .toEqual(['TypingStarted']);
    simulator.control.failNextRequests(['answerLost']);
    await box.press('Enter');
    await expect.poll(() => line(page, 'One moment, please').count()).toBe(1);
    // It shows from agent1's party (main knows it from the names it joins under): it went.
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
    await expect.poll(() => box.inputValue()).toBe('');
    expect(
      simulator.world.interactions
        .get(chatId)
        ?.chat?.events.filter((event) => event.text === 'One moment, please'),
    ).toHaveLength(1);

    // agent1 leaves the conference: History says what it was, with whom the chat stayed.
    await consultation(page).getByRole('button', { name: 'Leave conference' }).click();
    await expect.poll(() => simulator.world.interactions.get(chatId)?.owner).toBe(PRIYA);
    await expect.poll(() => row(page, chatId).count()).toBe(0);
    await page.getByRole('tab', { name: 'History' }).click();
    await expect
      .poll(() => row(page, chatId).getByTestId('row-state').innerText())
      .toBe('Left the conference with Priya');
    await screenshotsAtThreeSizes(page, 'consult', 'left-conference-history');
    await darkScreenshotsAt1280And320(page, 'consult', 'left-conference-history');
    expect(problems).toEqual([]);
  });

  it("on a server speaking 003's dialect, whose notifications carry only new lines, the consulted desk still shows the transcript from before it joined", async () => {
    const { owner, colleague } = await twoDesks('a');
    const chatId = await acceptedChat(owner);
    await say(owner.page, 'Let me ask a colleague.');
    await expect.poll(() => line(owner.page, 'Let me ask a colleague.').count()).toBe(1);
    await consultPriya(owner, chatId);
    await openConsultedChat(colleague, chatId);
    const { page } = colleague;
    await expect.poll(() => line(page, 'Hello, my order 1234 has not arrived.').count()).toBe(1);
    expect(await line(page, 'Let me ask a colleague.').count()).toBe(1);
    expect(await consultation(page).innerText()).toContain('You were asked to consult');
    await say(page, 'A refund is fine for 1234.');
    await expect.poll(() => line(owner.page, 'A refund is fine for 1234.').count()).toBe(1);
    expect(await line(owner.page, 'A refund is fine for 1234.').innerText()).toContain('internal');
    expect(owner.problems).toEqual([]);
    expect(colleague.problems).toEqual([]);
  });

  it('refusals (consulting oneself, a colleague not signed in) say why in one sentence and leave the chat as it was; a conference party who does not own the chat is not offered Consult', async () => {
    const { owner, colleague } = await twoDesks();
    const { page, simulator } = owner;
    const chatId = await acceptedChat(owner);

    // Oneself, typed: the directory leaves agent1 out, so it goes to the server as typed.
    await consultation(page).getByRole('button', { name: 'Consult' }).click();
    const panel = page.getByRole('dialog', { name: 'Consult' });
    // A line arriving while the agent picks leaves the picker open.
    simulator.control.customerSays(chatId, 'Are you still there?');
    await expect.poll(() => line(page, 'Are you still there?').count()).toBe(1);
    expect(await panel.count()).toBe(1);
    await page.keyboard.type('agent1');
    await expect
      .poll(() => panel.getByRole('option').allInnerTexts())
      .toEqual([expect.stringContaining('as typed')]);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => alertText(page).allInnerTexts())
      .toEqual([
        'Could not consult agent1. An agent cannot consult itself. Try again once that has changed.',
      ]);
    expect(simulator.world.interactions.get(chatId)?.conferenceParties).toEqual([]);
    expect(await panel.count()).toBe(1);

    // A colleague the directory lists who is not signed in.
    await panel.getByRole('combobox', { name: 'Agent name' }).fill('jonas');
    await expect
      .poll(() => panel.getByRole('option').allInnerTexts())
      .toEqual([expect.stringMatching(/^Jonas Berg\s+jonas\.berg@switchboard\.example/)]);
    // Offline: said first; Enter again asks the server anyway.
    await page.keyboard.press('Enter');
    await expect.poll(() => panel.getByTestId('not-available').count()).toBe(1);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => alertText(page).allInnerTexts())
      .toEqual([
        'Could not consult Jonas Berg. Agent jonas.berg@switchboard.example is not logged in. Try again once that has changed.',
      ]);
    await screenshotsAtThreeSizes(page, 'consult', 'refused');
    expect(simulator.world.interactions.get(chatId)?.conferenceParties).toEqual([]);
    expect(simulator.world.interactions.get(chatId)?.owner).toBe('agent1');
    // Still in agent1's inbox, still accepted on the server.
    expect(await row(page, chatId).count()).toBe(1);
    expect(simulator.world.interactions.get(chatId)?.state).toBe('Accepted');

    // In a conference, Priya is not the owner: she may not consult (the server refuses it), and
    // her desk does not offer it.
    await panel.getByRole('combobox', { name: 'Agent name' }).fill('priya');
    await page.keyboard.press('Enter');
    await expect.poll(() => panel.getByTestId('not-available').count()).toBe(1);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => simulator.world.interactions.get(chatId)?.conferenceParties)
      .toEqual([PRIYA]);
    await consultation(page).getByRole('button', { name: 'Conference with Priya Raman' }).click();
    await expect.poll(() => notice(page)).toBe('In conference with Priya Raman.');
    await openConsultedChat(colleague, chatId);
    const theirs = colleague.page;
    await expect
      .poll(() => consultation(theirs).getByRole('button').allInnerTexts())
      .toEqual(['Conference', 'Leave conference']);
    expect(simulator.world.interactions.get(chatId)?.conferenceParties).toEqual([PRIYA]);
    expect(simulator.world.interactions.get(chatId)?.owner).toBe('agent1');
    expect(owner.problems).toEqual([]);
    expect(colleague.problems).toEqual([]);
  });
});

/** The text of the focused element. */
function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const dom = globalThis as unknown as {
      document: { activeElement: { textContent: string | null } | null };
    };
    return (dom.document.activeElement?.textContent ?? '').trim();
  });
}
