import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { MediaChannel, SimUser } from '../../simulator/model';
import { demoUsers } from '../../simulator/server';
import {
  darkScreenshot,
  REFLOW_320,
  emulateWindow,
  frames,
  screenshotsAtThreeSizes,
  signIn,
  signInReady,
  useDeskPages,
} from './deskHarness';

// A contact center without the api-multimedia feature (003 "Features": not assigned by
// default) has no e-mail and no chat for the agent: in Chromium against the real desk core and
// the simulator playing such a contact center, the desk says so in a lasting banner instead of
// showing an empty, silent desk, in the desk's language. (That it goes with the session, and
// that an unreadable /features claims nothing: tests/workstation/features.test.ts.)

const { open: openDeskPage } = useDeskPages();

const banner = (page: Page) => page.getByTestId('features-banner');

describe('a contact center without api-multimedia', () => {
  it('says on the desk that no e-mail or chat will come, readable at every size', async () => {
    const { page, problems } = await openDeskPage({ simulator: { withoutMultimedia: true } });
    await signIn(page);

    await expect.poll(() => banner(page).count()).toBe(1);
    expect(await banner(page).getByRole('status').innerText()).toBe(
      'This contact center has no e-mail or chat enabled (feature api-multimedia): none will arrive on this desk. Ask your administrator to enable it.',
    );
    // The empty inbox does not promise what the banner says will not come.
    expect(await page.getByTestId('inbox-empty').innerText()).not.toContain('when you are Ready');
    await screenshotsAtThreeSizes(page, 'features', 'multimedia-missing');
    await darkScreenshot(page, 'out/screenshots/features/multimedia-missing-dark.png');
    // Read at 320 px without scrolling sideways (WCAG 1.4.10).
    await emulateWindow(page, REFLOW_320);
    expect(
      await page.evaluate(() => {
        const { documentElement } = (
          globalThis as unknown as {
            document: { documentElement: { scrollWidth: number; clientWidth: number } };
          }
        ).document;
        return documentElement.scrollWidth <= documentElement.clientWidth;
      }),
    ).toBe(true);
    expect(await banner(page).isVisible()).toBe(true);
    await emulateWindow(page, { width: 1280, height: 800 });
    expect(problems).toEqual([]);
  });

  it('a server that refuses e-mail and chat without it: the sign-in form says why', async () => {
    const { page, simulator, problems } = await openDeskPage();
    // 003 "Features": the server behaves as if the disabled feature's channels did not exist.
    simulator.control.setFeatures('multimediaDisabled');
    await page.getByRole('button', { name: 'Sign in' }).click();

    const alert = page.getByRole('alert');
    await expect.poll(() => alert.isVisible()).toBe(true);
    expect(await alert.getAttribute('data-code')).toBe('multimediaMissing');
    expect(await alert.locator('.error-alert__text').innerText()).toBe(
      'Sign-in failed. The server refused to start e-mail and chat: this contact center does not have them enabled (feature api-multimedia). Ask your administrator to enable it, then sign in again.',
    );
    expect(await page.getByRole('button', { name: 'Sign in' }).isEnabled()).toBe(true);
    await screenshotsAtThreeSizes(page, 'features', 'sign-in-refused');
    await darkScreenshot(page, 'out/screenshots/features/sign-in-refused-dark.png');
    expect(problems).toEqual([]);
  });

  it('says it in German for a German desk', async () => {
    const { page, problems } = await openDeskPage({
      locale: 'de-DE',
      simulator: { withoutMultimedia: true },
    });
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await expect.poll(() => banner(page).count()).toBe(1);
    expect(await banner(page).innerText()).toContain(
      'In diesem Contact Center sind weder E-Mail noch Chat freigeschaltet (Feature api-multimedia)',
    );
    await page.screenshot({ path: 'out/screenshots/features/multimedia-missing-de.png' });
    expect(problems).toEqual([]);
  });
});

/** The demo's users, with agent1 given only `channels` by the administrator. */
function agent1With(channels: MediaChannel[]): SimUser[] {
  return demoUsers().map((user) => (user.userName === 'agent1' ? { ...user, channels } : user));
}

describe('a user the administrator gave fewer channels', () => {
  it('without any channel: the desk says so, and offers no Ready the server would refuse', async () => {
    const { page, problems } = await openDeskPage({ simulator: { users: agent1With([]) } });
    await signIn(page);

    const state = page.getByLabel('State');
    await expect.poll(() => state.locator('option:checked').innerText()).toBe('No channels');
    // Before, Ready was offered, and the server refused it: "Agent is not logged in to any
    // channel. Try again once that has changed", which no waiting changes.
    expect(await state.isDisabled()).toBe(true);
    // The disabled control says why (with its shortcuts' hint after), and so does the desk.
    expect(await state.getAttribute('title')).toMatch(
      /^Your user has no e-mail or chat channel: /u,
    );
    expect(await banner(page).getAttribute('data-state')).toBe('noChannels');
    expect(await banner(page).getByRole('status').innerText()).toBe(
      'Your user has no e-mail or chat channel: no work will arrive on this desk, and you cannot be Ready. Ask your administrator to give you one.',
    );
    // The shortcuts wait as the control does.
    await page.keyboard.press('Alt+Shift+R');
    await page.keyboard.press('Alt+Shift+N');
    await frames(page);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.getByTestId('inbox-empty').innerText()).not.toContain('when you are Ready');
    expect(await page.getByTestId('new-email').count()).toBe(0);
    await screenshotsAtThreeSizes(page, 'features', 'no-channels');
    await darkScreenshot(page, 'out/screenshots/features/no-channels-dark.png');
    expect(problems).toEqual([]);
  });

  it('with chat only: no New e-mail, which the server refuses without the e-mail channel, and no e-mails promised', async () => {
    const { page, problems } = await openDeskPage({ simulator: { users: agent1With(['chat']) } });
    await signIn(page);
    await expect
      .poll(() => page.getByTestId('channel-states').innerText())
      .toBe('Not ready on chat');

    // Before, it was there, and pressing it said "Could not start the e-mail. agent1 has no
    // e-mail channel. Try again once that has changed."
    expect(await page.getByTestId('new-email').count()).toBe(0);
    await page.keyboard.press('Alt+N');
    await frames(page);
    expect(await page.getByRole('alert').count()).toBe(0);
    // The empty inbox promises what the user's one channel brings.
    expect(await page.getByTestId('inbox-empty').innerText()).toContain(
      'New chats appear here when you are Ready.',
    );
    // Nor is the desk's state control held back: a channel is there to be Ready on.
    expect(await page.getByLabel('State').isEnabled()).toBe(true);
    expect(await banner(page).count()).toBe(0);
    expect(problems).toEqual([]);
  });
});

describe('a contact center that lists no Not Ready reasons', () => {
  it('the Not Ready shortcut goes Not Ready, asking no "why" with one answer', async () => {
    const { page, simulator, problems } = await openDeskPage();
    // `/settings/agent-states` with Ready and Not Ready only: no reason of the site's own.
    const plain = simulator.world.agentStates.filter(
      (state) => state.operationName === 'Ready' || state.operationName === 'NotReady',
    );
    simulator.world.agentStates.splice(0, simulator.world.agentStates.length, ...plain);
    await signInReady(page);
    expect(await page.getByLabel('State').locator('option').allInnerTexts()).toEqual([
      'Ready',
      'Not Ready',
      'Ready on e-mail only',
      'Ready on chat only',
    ]);

    await page.keyboard.press('Alt+Shift+N');
    await frames(page);
    // Before, a dialog asked "Choose why you are not ready." with "Not Ready (no reason)" alone.
    expect(await page.getByRole('dialog', { name: 'Not Ready' }).isVisible()).toBe(false);
    await expect
      .poll(() => page.getByTestId('channel-states').innerText())
      .toBe('Not ready on e-mail, chat');
    expect(problems).toEqual([]);
  });
});
