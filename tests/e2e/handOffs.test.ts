import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  acceptedChat,
  emulateWindow,
  REFLOW_320,
  row,
  screenshotsAtThreeSizes,
  signInReady,
  useDeskPages,
  ZOOM_200,
  type DeskPage,
  connectionState,
} from './deskHarness';

// What the desk remembers of the work its agent handed on, in Chromium against the real desk
// core, cache and GWS client, two desks on one simulator: agent1 transfers a chat to Priya
// Raman (signed in on a desk of her own); the server only invites her (003), so the owner's desk
// says it was offered, and History says where it went instead of "Done". She rejects it on her
// desk; routing offers it back to agent1, whose row, invitation view and OS notification say
// she did not take it. A chat placed in a queue reads so in History.

const { open: openDeskPage } = useDeskPages();

const PRIYA = 'priya.raman@switchboard.example';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The owner's desk (agent1, Ready) and a second desk where Priya signs in (not Ready). */
async function twoDesks(): Promise<{ owner: DeskPage; colleague: DeskPage }> {
  // Offered again soon after a rejection, as a contact center's routing would.
  const owner = await openDeskPage({ simulator: { reofferDelayMs: 300 } });
  await signInReady(owner.page);
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-handoff-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const colleague = await openDeskPage({ reuse: { simulator: owner.simulator, dataDir } });
  cleanups.push(() => colleague.close());
  const { page } = colleague;
  await page.getByLabel('User name').fill(PRIYA);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => connectionState(page)).toBe('connected');
  return { owner, colleague };
}

const actions = (page: Page) => page.getByRole('toolbar', { name: 'Actions' });
const notice = (page: Page) => page.locator('.detail__notice').innerText();
const meta = (page: Page) => page.getByTestId('detail-meta').innerText();

/**
 * The list itself at 320 px and at 200 % (where the open interaction hides it): back to the
 * list, a screenshot of it; then the window as it was, the interaction no longer open.
 */
async function listShots(page: Page, name: string): Promise<void> {
  for (const [size, suffix] of [
    [REFLOW_320, '320'],
    [ZOOM_200, 'zoom200'],
  ] as const) {
    await emulateWindow(page, size);
    const back = page.getByRole('button', { name: /Back to the list/u });
    if ((await back.count()) > 0) await back.click();
    await page.screenshot({ path: `out/screenshots/handoff/${name}-list-${suffix}.png` });
  }
  await emulateWindow(page, { width: 1280, height: 800 });
}

async function openTransfer(page: Page) {
  await actions(page).getByRole('button', { name: 'Transfer' }).click();
  const panel = page.getByRole('dialog', { name: 'Transfer' });
  await expect.poll(() => panel.count()).toBe(1);
  return panel;
}

describe('the work the agent handed on', () => {
  it('a chat transferred to Priya is offered to her; when she rejects it, the owner’s desk says why it is back', async () => {
    const { owner, colleague } = await twoDesks();
    const { page, simulator, os } = owner;
    const chatId = await acceptedChat(owner, {
      customerNickName: 'Tom Baker',
      subject: 'Order 1234 is late',
      firstMessage: 'Hello, my order 1234 has not arrived.',
    });

    const panel = await openTransfer(page);
    await page.keyboard.type('priya');
    await expect
      .poll(() => panel.getByRole('option').allInnerTexts())
      .toEqual([expect.stringContaining('Priya Raman')]);
    await page.keyboard.press('Enter');
    await expect.poll(() => simulator.world.interactions.get(chatId)?.invitee).toBe(PRIYA);

    // The server invited her, no more: the notice says so; the header says what the agent did.
    await expect
      .poll(() => notice(page))
      .toBe('Offered to Priya Raman: it is theirs once they accept it.');
    await expect.poll(() => meta(page)).toMatch(/^Chat · Transferred to Priya Raman · /u);
    await page.getByRole('tab', { name: 'History' }).click();
    await expect
      .poll(() => row(page, chatId).getByTestId('row-state').innerText())
      .toBe('Transferred to Priya Raman');
    await screenshotsAtThreeSizes(page, 'handoff', 'history-transferred');
    await page.getByRole('tab', { name: 'Inbox' }).click();

    // Priya rejects it on her desk.
    const invitation = row(colleague.page, chatId);
    await expect.poll(() => invitation.getAttribute('data-state')).toBe('Invited');
    await invitation.getByRole('button', { name: /^Reject/u }).click();

    // Routing offers it to agent1 again: the row, the view and the notification say why.
    const back = row(page, chatId);
    await expect.poll(() => back.getAttribute('data-state')).toBe('Invited');
    await expect
      .poll(() => back.getByTestId('row-came-back').innerText())
      // With the comma a screen reader pauses at.
      .toBe('Back with you after your transfer to Priya Raman,');
    await back.getByRole('button', { name: /^Chat from Tom Baker/u }).click();
    await expect
      .poll(() => page.getByTestId('detail-came-back').innerText())
      .toBe('Back with you after your transfer to Priya Raman');
    await expect
      .poll(() =>
        os.shown
          .filter((alert) => alert.interactionId === chatId && alert.kind === 'invite')
          .map((alert) => alert.body.split('\n')[0]),
      )
      .toEqual([
        // The first offer: the customer's first line; the second: whose it was not.
        'Hello, my order 1234 has not arrived.',
        'Back with you after your transfer to Priya Raman',
      ]);
    await screenshotsAtThreeSizes(page, 'handoff', 'came-back');
    await listShots(page, 'came-back');
    await back.getByRole('button', { name: /^Chat from Tom Baker/u }).click();

    // Accepted again and done: History says Done, not where it once went.
    await actions(page).getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => back.getAttribute('data-state')).toBe('Accepted');
    expect(await page.getByTestId('detail-came-back').count()).toBe(0);
    await actions(page).getByRole('button', { name: 'Done' }).click();
    await page.getByRole('tab', { name: 'History' }).click();
    await expect.poll(() => row(page, chatId).getByTestId('row-state').innerText()).toBe('Done');
    expect(owner.problems).toEqual([]);
  });

  it('History names the queue a chat was placed in', async () => {
    const owner = await openDeskPage({ simulator: { dialect: 'a' } });
    const { page, simulator } = owner;
    await signInReady(page);
    const chatId = await acceptedChat(owner, {
      customerNickName: 'Tom Baker',
      subject: 'Order 1234 is late',
      firstMessage: 'Hello?',
    });
    // Not Ready first: routing does not offer it straight back to this desk.
    const select = page.getByLabel('State');
    await expect.poll(() => select.locator('option[value="reason:AuxWork"]').count()).toBe(1);
    await select.selectOption('reason:AuxWork');
    await expect.poll(() => page.getByTestId('channel-states').innerText()).toMatch(/^Not ready/u);
    const panel = await openTransfer(page);
    await panel.getByRole('radio', { name: 'a queue' }).check();
    await page.keyboard.type('Overflow');
    await page.keyboard.press('Enter');
    await expect.poll(() => simulator.world.interactions.get(chatId)?.queue).toBe('Overflow');
    await expect.poll(() => notice(page)).toBe('Placed in the queue Overflow.');
    await page.getByRole('tab', { name: 'History' }).click();
    await expect
      .poll(() => row(page, chatId).getByTestId('row-state').innerText())
      .toBe('Placed in the queue Overflow');
    await screenshotsAtThreeSizes(page, 'handoff', 'history-queue');
    await listShots(page, 'history-queue');
    expect(owner.problems).toEqual([]);
  });
});
