import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../common/i18n/messages';
import { startSimulator } from '../../simulator/server';
import {
  acceptedChat,
  focusedId,
  row,
  screenshotsAtThreeSizes,
  signIn,
  signInReady,
  useDeskPages,
  workingVault,
  connectionState,
} from './deskHarness';

// Changing the password, in Chromium against the real desk core and GWS client talking to the
// simulator: a user whose administrator set a temporary password (the simulator's control)
// is asked for a new one at sign-in, sees the server's rule when it refuses one and reaches the
// desk with an accepted one; a signed-in agent changes it from the header.

const { open: openDeskPage } = useDeskPages();

/** Fills a password form's fields (the current password only when given). */
async function fillPasswords(
  scope: Locator,
  passwords: { current?: string; chosen: string; again?: string },
): Promise<void> {
  if (passwords.current !== undefined)
    await scope.getByLabel('Current password', { exact: true }).fill(passwords.current);
  await scope.getByLabel('New password', { exact: true }).fill(passwords.chosen);
  await scope
    .getByLabel('New password again', { exact: true })
    .fill(passwords.again ?? passwords.chosen);
}

describe('Change password', () => {
  it('first login: asks for a new password at sign-in, shows the server’s rule on a refused one, reaches the desk with an accepted one', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator } = deskPage;
    simulator.control.setPassword('agent2', 'temporary', { mustChange: true });

    await page.getByLabel('User name').fill('agent2');
    await page.getByLabel('Password', { exact: true }).fill('temporary');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const step = page.getByTestId('first-login');
    await expect.poll(() => step.count()).toBe(1);
    await expect.poll(() => step.getByRole('heading').innerText()).toBe('Choose a new password');
    // The password just typed is not asked for again; the keyboard is in the new one.
    expect(await step.getByLabel('Current password', { exact: true }).count()).toBe(0);
    await expect.poll(() => focusedId(page)).toBe('first-login-new');
    await screenshotsAtThreeSizes(page, 'password', 'first-login');

    // Two different copies: said before anything is asked of the server.
    await fillPasswords(step, { chosen: 'chosen-1', again: 'chosen-2' });
    await step.getByRole('button', { name: 'Change and sign in' }).click();
    const problem = step.getByTestId('password-problem');
    await expect
      .poll(() => problem.innerText())
      .toBe('The two new passwords are not the same: type the new one again.');

    // The same password again: the server's rule, in one sentence, and still this step.
    await fillPasswords(step, { chosen: 'temporary' });
    await step.getByRole('button', { name: 'Change and sign in' }).click();
    await expect
      .poll(() => problem.innerText())
      .toBe('The server refused the new password: password does not meet security guidelines.');
    expect(simulator.world.users.get('agent2')?.password).toBe('temporary');
    await screenshotsAtThreeSizes(page, 'password', 'first-login-refused');

    await fillPasswords(step, { chosen: 'chosen-1' });
    await step.getByRole('button', { name: 'Change and sign in' }).click();
    await expect.poll(() => connectionState(page)).toBe('connected');
    await expect.poll(() => page.getByTestId('agent-name').innerText()).toBe('Agent 2');
    expect(simulator.world.users.get('agent2')).toMatchObject({
      password: 'chosen-1',
      mustChangePassword: false,
    });
    expect(deskPage.problems).toEqual([]);
  });

  it('changes the password from the header: a wrong current password is refused in one sentence, a right one changes it', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator } = deskPage;
    await signIn(page);
    // The agent's name is the agent menu: opened from the keyboard, the first item has it.
    const agentButton = page.getByRole('button', { name: 'Agent 1' });
    expect(await agentButton.getAttribute('aria-haspopup')).toBe('menu');
    await agentButton.focus();
    await page.keyboard.press('ArrowDown');
    const item = page.getByRole('menuitem', { name: 'Change password…' });
    await expect.poll(() => page.locator('[role="menuitem"]:focus').count()).toBe(1);
    await screenshotsAtThreeSizes(page, 'password', 'agent-menu');
    await page.keyboard.press('Escape');
    await expect.poll(() => item.isVisible()).toBe(false);
    await agentButton.click();
    await item.click();
    const dialog = page.getByRole('dialog', { name: 'Change password' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await expect.poll(() => focusedId(page)).toBe('change-password-current');

    await fillPasswords(dialog, { current: 'not-it', chosen: 'next-1' });
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await expect
      .poll(() => dialog.getByTestId('password-problem').innerText())
      .toBe('The current password you typed is not right.');
    // PasswordChangeError 2 names the current password: the keyboard goes back to it, marked,
    // and the new password stays typed.
    await expect.poll(() => focusedId(page)).toBe('change-password-current');
    expect(
      await dialog.getByLabel('Current password', { exact: true }).getAttribute('aria-invalid'),
    ).toBe('true');
    expect(await dialog.getByLabel('New password', { exact: true }).inputValue()).toBe('next-1');
    expect(simulator.world.users.get('agent1')?.password).toBe('demo');
    await screenshotsAtThreeSizes(page, 'password', 'header-refused');

    await fillPasswords(dialog, { current: 'demo', chosen: 'next-1' });
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await expect
      .poll(() => dialog.getByRole('status').innerText())
      .toBe('Your password was changed. Use the new one from now on.');
    expect(simulator.world.users.get('agent1')?.password).toBe('next-1');
    await screenshotsAtThreeSizes(page, 'password', 'header-changed');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    // Back where the agent was, and the session goes on, connected.
    await expect.poll(() => page.locator('.agent-menu__button:focus').count()).toBe(1);
    expect(await connectionState(page)).toBe('connected');
    expect(deskPage.problems).toEqual([]);
  });

  it('says a change the server refused, or never answered, in the desk’s language, never the request behind it', async () => {
    const deskPage = await openDeskPage({ locale: 'de-DE' });
    const { page, simulator } = deskPage;
    const de = MESSAGES.de;
    await page.locator('form button[type="submit"]').click();
    await expect.poll(() => connectionState(page)).toBe('connected');
    const dialog = page.getByRole('dialog', { name: de.header.password.title });
    const problem = dialog.getByTestId('password-problem');
    /** Asks for `chosen` (the current password is the demo's) and reads the sentence shown. */
    const refusalOf = async (chosen: string): Promise<string> => {
      await page.getByTestId('agent-menu-button').click();
      await page.getByRole('menuitem', { name: de.menu.changePassword }).click();
      await expect.poll(() => dialog.isVisible()).toBe(true);
      await dialog.getByLabel(de.header.password.current, { exact: true }).fill('demo');
      await dialog.getByLabel(de.header.password.new, { exact: true }).fill(chosen);
      await dialog.getByLabel(de.header.password.repeat, { exact: true }).fill(chosen);
      await dialog.getByRole('button', { name: de.header.password.submit }).click();
      await expect.poll(() => problem.count(), { timeout: 20_000 }).toBe(1);
      const sentence = await problem.innerText();
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.isVisible()).toBe(false);
      return sentence;
    };

    // The connection cut as the change went: was "POST /me: other side closed".
    simulator.control.failNextRequests(['reset']);
    expect(await refusalOf('next-1')).toBe(`${de.errors.what.network} ${de.errors.next.network}`);
    // Refused by the server's rules (PasswordChangeError 1): its reason as it words it, in a
    // sentence of the desk's language (was "The server refused the new password: …").
    expect(await refusalOf('demo')).toBe(
      'Der Server hat das neue Passwort abgelehnt: password does not meet security guidelines.',
    );
    expect(simulator.world.users.get('agent1')?.password).toBe('demo');
    expect(deskPage.problems).toEqual([]);
  });

  it('a password changed mid-shift: the half-typed line stays, the remembered password is forgotten and said so, also at the next start in the desk’s language', async () => {
    const simulator = await startSimulator({ port: 0, scenario: 'quiet', control: false });
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-e2e-'));
    const vault = workingVault();
    try {
      const first = await openDeskPage({ reuse: { simulator, dataDir }, vault });
      const { page, desk } = first;
      const remember = page.getByRole('checkbox', { name: 'Remember me' });
      await expect.poll(() => remember.isEnabled()).toBe(true);
      await remember.check();
      await signInReady(page);
      const chat = await acceptedChat(first, {
        customerNickName: 'Anna Berg',
        subject: 'Parcel 3321',
        firstMessage: 'My parcel is missing.',
      });
      const box = page.getByLabel('Message', { exact: true });
      await box.fill('One more minute please');
      await expect
        .poll(async () => (await desk.handlers.page.memory()).chats.map((line) => line.text))
        .toEqual(['One more minute please']);

      // The administrator changes agent1's password; the server ends the session.
      simulator.control.setPassword('agent1', 'changed-1');
      simulator.control.expireAgentSessions();
      const reason = page.getByTestId('signed-out-reason');
      await expect
        .poll(() => reason.innerText(), { timeout: 20_000 })
        .toBe(
          'The server refused the remembered password for agent1, so Switchboard forgot it. Sign in with the new password.',
        );
      const password = page.getByLabel('Password', { exact: true });
      // Nothing offers the refused password again.
      expect(await password.getAttribute('placeholder')).toBe('');
      expect(await page.locator('#sign-in-password-hint').count()).toBe(0);
      expect(await remember.isChecked()).toBe(false);
      await screenshotsAtThreeSizes(page, 'password', 'refused-mid-shift');

      // agent1 signs in again with the new password: the line is as it was left.
      await password.fill('changed-1');
      await remember.check();
      await signIn(page);
      await row(page, chat).locator('button').first().click();
      await expect.poll(() => box.inputValue()).toBe('One more minute please');
      await desk.handlers.settings.update({ language: 'de' });
      expect(first.problems).toEqual([]);
      await first.close();

      // Overnight: changed again. The next start tries the remembered one, the server refuses.
      simulator.control.setPassword('agent1', 'changed-2');
      const next = await openDeskPage({ reuse: { simulator, dataDir }, vault });
      await expect
        .poll(() => next.page.getByTestId('signed-out-reason').innerText(), { timeout: 20_000 })
        .toBe(
          'Der Server hat das gespeicherte Passwort für agent1 abgelehnt, deshalb hat Switchboard es vergessen. Melden Sie sich mit dem neuen Passwort an.',
        );
      expect((await next.desk.handlers.session.getState()).passwordRemembered).toBe(false);
      await screenshotsAtThreeSizes(next.page, 'password', 'refused-at-start-de');
      expect(next.problems).toEqual([]);

      // Remembered again; the next start finds the server down: said in the desk's words, not
      // main's ("connect ECONNREFUSED …").
      await next.page.getByLabel('Passwort', { exact: true }).fill('changed-2');
      await next.page.getByLabel('Passwort speichern').check();
      await next.page.locator('form button[type="submit"]').click();
      await expect.poll(() => connectionState(next.page)).toBe('connected');
      await next.close();
      const outage = simulator.control.refuseConnections(60_000);
      const down = await openDeskPage({ reuse: { simulator, dataDir }, vault });
      await expect
        .poll(() => down.page.getByTestId('signed-out-reason').innerText(), { timeout: 20_000 })
        .toBe(
          'Switchboard konnte den Server nicht erreichen, um agent1 anzumelden. Melden Sie sich erneut an, sobald er wieder da ist; frühere Arbeit lässt sich bis dahin offline öffnen.',
        );
      await screenshotsAtThreeSizes(down.page, 'password', 'server-down-at-start-de');
      expect(down.problems).toEqual([]);
      await down.close();
      simulator.control.endOutage();
      await outage;
    } finally {
      await simulator.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
