import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Simulator } from '../../simulator/server';
import {
  darkScreenshotsAt1280And320,
  focusedText,
  row,
  screenshotsAtThreeSizes,
  signIn,
  signInReady,
  useDeskPages,
  connectionState,
} from './deskHarness';
import { expectAccessible } from './axeAudit';

// Issue 14 items 2 and 3 in Chromium against the real core and the simulator: after a server
// restart that lost the contact-center session, the desk restores the agent's state and sums up
// what changed during the gap in one panel.

const pages = useDeskPages();

/** The agent's channels as the simulator's world holds them: channel → state (and reason). */
function serverChannels(simulator: Simulator): Record<string, string> {
  const agent = simulator.world.agent('agent1');
  return Object.fromEntries(
    [...agent.channels].map(([channel, state]) => [channel, `${state.state} ${state.displayName}`]),
  );
}

function summary(page: Page) {
  return page.getByTestId('away-summary');
}

/** Not Ready with the contact center's AuxWork reason, chosen in the header's State menu. */
async function goAuxWork(page: Page): Promise<void> {
  const select = page.getByLabel('State');
  await expect.poll(() => select.isEnabled()).toBe(true);
  await expect.poll(() => select.locator('option[value="reason:AuxWork"]').count()).toBe(1);
  await select.selectOption('reason:AuxWork');
  await expect
    .poll(() => page.getByTestId('channel-states').innerText())
    .toBe('Not ready (AuxWork) on e-mail, chat');
}

/** Signs in Ready; Anna starts a chat and the agent accepts it. Answers the chat's id. */
async function readyWithAnnasChat(page: Page, simulator: Simulator): Promise<string> {
  await signInReady(page);
  const chatId = simulator.control.startChat({
    customerNickName: 'Anna',
    subject: 'Where is my parcel?',
    firstMessage: 'Hello, my parcel has not arrived.',
  });
  const chatRow = row(page, chatId);
  await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Invited');
  await chatRow.getByRole('button', { name: 'Accept Chat from' }).click();
  await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Accepted');
  return chatId;
}

/**
 * Issue 14's main case: Ready with Anna's chat accepted and Ann's e-mail offered, the server
 * restarts and forgets the session, and while it is down a supervisor ends the chat. Waits for
 * the summary; answers the ids.
 */
async function summaryAfterRestart(
  page: Page,
  simulator: Simulator,
): Promise<{ chatId: string; emailId: string }> {
  const chatId = await readyWithAnnasChat(page, simulator);
  const emailId = simulator.control.receiveEmail({
    from: 'ann@example.com',
    subject: 'Refund for order 7',
    text: 'Please refund.',
  });
  await expect.poll(() => row(page, emailId).getAttribute('data-state')).toBe('Invited');

  // The server restarts and forgets the session: the invitation is gone from it, and while
  // it is down a supervisor ends the chat (nobody hears: the node is gone).
  const restarted = simulator.control.restart(300, { forgetAgents: true });
  const chat = simulator.world.interactions.get(chatId);
  if (chat === undefined) throw new Error('the chat is gone from the world');
  simulator.world.complete(chat);
  await restarted;
  expect(simulator.world.interactions.get(emailId)?.invitee).toBeNull();

  await expect.poll(() => summary(page).isVisible()).toBe(true);
  return { chatId, emailId };
}

describe('while you were away', () => {
  // The restart's case is two tests, each within the suite's 20 s: one did both, and on a loaded
  // machine its setup (~13 s), screenshots, audit and two page loads ran past it.
  it('sums up the invitation withdrawn and the chat ended by a restart, and restores Ready', async () => {
    const { page, simulator, problems } = await pages.open();
    const { chatId, emailId } = await summaryAfterRestart(page, simulator);
    const item = page.getByTestId(`away-item-${emailId}`);
    expect(await item.getAttribute('data-change')).toBe('withdrawn');
    expect(await item.innerText()).toMatch(
      /Invitation withdrawn\s+e-mail\s+Refund for order 7\s+ann@example\.com/u,
    );
    const chatItem = page.getByTestId(`away-item-${chatId}`);
    expect(await chatItem.getAttribute('data-change')).toBe('ended');
    expect(await chatItem.innerText()).toMatch(
      /Ended or moved away\s+chat\s+Where is my parcel\?/u,
    );
    expect(await page.getByTestId('away-headline').innerText()).toBe(
      '1 invitation withdrawn, 1 interaction ended or moved.',
    );
    expect(await page.getByTestId('away-restored').innerText()).toBe(
      'Your state was restored: Ready on e-mail, chat.',
    );
    expect(await page.getByTestId('away-state').innerText()).toBe(
      'Your state on the server now: Ready on e-mail, chat',
    );
    expect(serverChannels(simulator)).toEqual({ email: 'Ready Ready', chat: 'Ready Ready' });
    await expect
      .poll(() => page.getByTestId('channel-states').innerText())
      .toBe('Ready on e-mail, chat');
    await screenshotsAtThreeSizes(page, 'away', 'summary-restored');
    await darkScreenshotsAt1280And320(page, 'away', 'summary-restored');
    // Its words readable in both schemes, the withdrawn invitation's warning colour too.
    await expectAccessible(page, 'the away summary after a restart');
    expect(problems).toEqual([]);
  });

  it("opens a summed-up row's interaction, and keeps the summary across a page load until dismissed", async () => {
    const { page, simulator, problems, desk } = await pages.open();
    const { emailId } = await summaryAfterRestart(page, simulator);

    // A row opens its interaction; Dismiss puts the summary away.
    await page.getByTestId(`away-item-${emailId}`).click();
    await expect
      .poll(() => page.getByTestId('detail-subject').innerText())
      .toBe('Refund for order 7');
    // A page loaded anew (as after its renderer was lost) shows it still, from main...
    await page.reload();
    await expect.poll(() => connectionState(page)).toBe('connected');
    await expect.poll(() => summary(page).isVisible()).toBe(true);
    expect(await page.getByTestId('away-headline').innerText()).toBe(
      '1 invitation withdrawn, 1 interaction ended or moved.',
    );
    // Dismissed with the keyboard: the next control, the inbox's tab, takes it (was: the panel
    // went, and the keyboard fell onto the body).
    await page.getByRole('button', { name: 'Dismiss' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => summary(page).count()).toBe(0);
    expect(await focusedText(page)).toBe('Inbox');
    await expect.poll(async () => await desk.handlers.desk.awaySummary()).toBeNull();
    // ...until it was dismissed.
    await page.reload();
    await expect.poll(() => connectionState(page)).toBe('connected');
    await expect.poll(() => page.getByTestId('channel-states').isVisible()).toBe(true);
    expect(await summary(page).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('sums up at sign-in the chat the server ended while the agent was signed out', async () => {
    const { page, simulator, problems, desk } = await pages.open();
    const chatId = await readyWithAnnasChat(page, simulator);

    // Signed out (the header's Sign out asks first; its answer is not what is tested here), and
    // a supervisor ends the chat meanwhile: no desk listens.
    await desk.handlers.session.signOut();
    const chat = simulator.world.interactions.get(chatId);
    if (chat === undefined) throw new Error('the chat is gone from the world');
    simulator.world.complete(chat);
    await signIn(page);

    await expect.poll(() => summary(page).isVisible()).toBe(true);
    const chatItem = page.getByTestId(`away-item-${chatId}`);
    expect(await chatItem.getAttribute('data-change')).toBe('ended');
    expect(await chatItem.innerText()).toMatch(
      /Ended or moved away\s+chat\s+Where is my parcel\?/u,
    );
    expect(await page.getByTestId('away-headline').innerText()).toBe(
      '1 interaction ended or moved.',
    );
    // Nothing to restore: the agent has just signed in.
    expect(await page.getByTestId('away-restored').count()).toBe(0);
    expect(await row(page, chatId).count()).toBe(0);
    await screenshotsAtThreeSizes(page, 'away', 'summary-sign-in');
    await darkScreenshotsAt1280And320(page, 'away', 'summary-sign-in');
    expect(problems).toEqual([]);
  });

  it('restores Not Ready with its reason after a restart', async () => {
    const { page, simulator, problems } = await pages.open();
    await signIn(page);
    await goAuxWork(page);
    expect(serverChannels(simulator)).toEqual({
      email: 'NotReady AuxWork',
      chat: 'NotReady AuxWork',
    });

    await simulator.control.restart(300, { forgetAgents: true });
    expect(serverChannels(simulator)).toEqual({
      email: 'Logout Offline',
      chat: 'Logout Offline',
    });

    await expect.poll(() => summary(page).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await summary(page).getAttribute('data-restore')).toBe('ok');
    expect(await page.getByTestId('away-headline').innerText()).toBe(
      'Nothing was withdrawn or ended.',
    );
    expect(await page.getByTestId('away-restored').innerText()).toBe(
      'Your state was restored: Not ready (AuxWork) on e-mail, chat.',
    );
    expect(serverChannels(simulator)).toEqual({
      email: 'NotReady AuxWork',
      chat: 'NotReady AuxWork',
    });
    await expect
      .poll(() => page.getByTestId('channel-states').innerText())
      .toBe('Not ready (AuxWork) on e-mail, chat');
    expect(problems).toEqual([]);
  });

  it('names, checks and restores a reason the administrator renamed mid-shift', async () => {
    const { page, simulator, problems } = await pages.open();
    simulator.world.agentStates.push({
      displayName: 'Lunch',
      id: 'lunch',
      operationName: 'Lunch',
      state: 'NotReady',
    });
    await signIn(page);
    const select = page.getByLabel('State');
    const lunch = select.locator('option[value="reason:Lunch"]');
    await expect.poll(() => lunch.count()).toBe(1);
    // Renamed while the menu says "Lunch"; the agent chooses it.
    const renamed = simulator.world.agentStateByOperation('Lunch');
    if (renamed !== undefined) renamed.displayName = 'Lunch break';
    await select.selectOption('reason:Lunch');
    await expect
      .poll(() => page.getByTestId('channel-states').innerText())
      .toBe('Not ready (Lunch break) on e-mail, chat');
    // The menu names it as the server does, and shows it chosen (not plain Not Ready).
    await expect.poll(() => lunch.innerText()).toBe('Not Ready — Lunch break');
    await expect.poll(() => select.inputValue()).toBe('reason:Lunch');

    await simulator.control.restart(300, { forgetAgents: true });

    await expect.poll(() => summary(page).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await summary(page).getAttribute('data-restore')).toBe('ok');
    expect(serverChannels(simulator)).toEqual({
      email: 'NotReady Lunch break',
      chat: 'NotReady Lunch break',
    });
    expect(problems).toEqual([]);
  });

  it("shows the server's state and why when it refuses the restore", async () => {
    const { page, simulator, problems } = await pages.open();
    await signIn(page);
    await goAuxWork(page);
    // The server comes back without that reason configured.
    const index = simulator.world.agentStates.findIndex(
      (state) => state.operationName === 'AuxWork',
    );
    simulator.world.agentStates.splice(index, 1);

    await simulator.control.restart(300, { forgetAgents: true });

    await expect.poll(() => summary(page).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await summary(page).getAttribute('data-restore')).toBe('refused');
    const refused = await page.getByTestId('away-refused').innerText();
    // Said once: the refusal is not repeated in the headline.
    expect(await page.getByTestId('away-headline').innerText()).toBe(
      'Nothing was withdrawn or ended.',
    );
    expect(await page.getByTestId('away-restored').count()).toBe(0);
    // One sentence, naming what could not be restored and the server's reason.
    expect(refused).toMatch(
      /^The server refused to restore Not ready \(AuxWork\) on e-mail, chat: [^.]+\.$/u,
    );
    expect(serverChannels(simulator)).toEqual({
      email: 'NotReady Not Ready',
      chat: 'NotReady Not Ready',
    });
    expect(await page.getByTestId('away-state').innerText()).toBe(
      'Your state on the server now: Not ready on e-mail, chat',
    );
    await expect
      .poll(() => page.getByTestId('channel-states').innerText())
      .toBe('Not ready on e-mail, chat');
    // The menu no longer offers the reason the server came back without.
    const select = page.getByLabel('State');
    await expect.poll(() => select.locator('option[value="reason:AuxWork"]').count()).toBe(0);
    expect(await select.locator('option[value="reason:AfterCallWork"]').count()).toBe(1);
    await screenshotsAtThreeSizes(page, 'away', 'summary-refused');
    // The desk logged the refusal as information, never as an error.
    expect(problems).toEqual([]);
  });

  it("says what changed and what became of the state in the desk's language", async () => {
    const { page, simulator, problems } = await pages.open({ locale: 'de-DE' });
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    const select = page.getByLabel('Status', { exact: true });
    await expect.poll(() => select.isEnabled()).toBe(true);
    await select.selectOption('ready');
    await expect
      .poll(() => serverChannels(simulator))
      .toEqual({
        email: 'Ready Ready',
        chat: 'Ready Ready',
      });
    const emailId = simulator.control.receiveEmail({
      from: 'ann@example.com',
      subject: 'Erstattung für Bestellung 7',
      text: 'Bitte erstatten.',
    });
    await expect.poll(() => row(page, emailId).getAttribute('data-state')).toBe('Invited');

    await simulator.control.restart(300, { forgetAgents: true });

    await expect.poll(() => summary(page).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await page.getByTestId('away-headline').innerText()).toBe('1 Einladung zurückgezogen.');
    expect(await page.getByTestId('away-restored').innerText()).toBe(
      'Ihr Status wurde wiederhergestellt: Bereit für E-Mail, Chat.',
    );
    await page.screenshot({ path: 'out/screenshots/away/summary-restored-de.png' });
    expect(problems).toEqual([]);
  });
});
