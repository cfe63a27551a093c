import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { row, signInReady, useDeskPages, connectionState } from './deskHarness';

// Issue 15 item 5, "wording an agent understands", in the shipped renderer in Chromium against
// the real desk core and simulator: an error is one plain sentence with what to do next and the
// technical detail behind a keyboard-usable "Details"; a stale sign-in error goes when the next
// attempt starts; server actions are disabled with the reason while the server is away.

const { open } = useDeskPages();

/** The parts of a text that belong to logs, never to the agent's sentence. */
const INTERNALS = ['switchboard:', '✖', '[0]', 'serverUrl', 'Invalid input', 'ECONN', 'POST /'];

/** The alert's sentence (without "Details" and the dismiss button). */
function sentenceOf(alert: Locator): Promise<string> {
  return alert.locator('.error-alert__text').innerText();
}

/** Opens an alert's Details with the keyboard and answers the technical text it shows. */
async function detailsByKeyboard(page: Page, alert: Locator): Promise<string> {
  const detail = alert.locator('.error-alert__detail');
  expect(await detail.isVisible()).toBe(false);
  await alert.locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => detail.isVisible()).toBe(true);
  return detail.innerText();
}

describe('wording an agent understands', () => {
  it('says what is wrong with the server address in one sentence, the rest under Details, and forgets it at the next attempt', async () => {
    // Sign-ins wait for this gate; it is open until the test closes it.
    const gate = { open: Promise.resolve() };
    const { page, simulator, problems } = await open({
      handlers: (handlers) => ({
        ...handlers,
        session: {
          ...handlers.session,
          signIn: async (request) => {
            await gate.open;
            return handlers.session.signIn(request);
          },
        },
      }),
    });
    const server = page.getByLabel('Server URL');
    await expect.poll(() => server.inputValue()).toBe(simulator.url);
    // Plain http to another machine: refused before any request leaves (the contract's schema).
    await server.fill('http://gws.example.com:8090');
    await page.getByRole('button', { name: 'Sign in' }).click();

    const alert = page.getByRole('alert').filter({ hasText: 'Sign-in failed' });
    await expect.poll(() => alert.count()).toBe(1);
    const sentence = await sentenceOf(alert);
    expect(sentence).toBe(
      'Sign-in failed. The server address must start with https:// (or http:// for a server on this computer). Correct the address and sign in again.',
    );
    for (const internal of INTERNALS) expect(sentence).not.toContain(internal);
    expect(await alert.getAttribute('data-code')).toBe('serverUrlInsecure');
    const detail = await detailsByKeyboard(page, alert);
    expect(detail).toContain('switchboard:session:signIn');
    expect(detail).toContain('must use https');
    await mkdir('out/screenshots/wording', { recursive: true });
    await page.screenshot({ path: join('out/screenshots/wording', 'sign-in-bad-url.png') });

    // A server that does not answer: main's link reason is now that attempt's socket error.
    await server.fill('http://127.0.0.1:9/');
    await page.getByLabel('Password', { exact: true }).fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => alert.getAttribute('data-code'), { timeout: 15_000 })
      .toBe('serverUnreachable');
    expect(await sentenceOf(alert)).toBe(
      'Sign-in failed. No server answers at this address. Check the address and the network, then try again.',
    );
    // The next attempt: while it runs, nothing of the last ones is on the form (neither the
    // alert nor that attempt's socket error as a "Signed out:" reason).
    let release: () => void = () => undefined;
    gate.open = new Promise((resolve) => {
      release = resolve;
    });
    await server.fill(simulator.url);
    // The form let go of the typed password after the failure (only the demo's is kept).
    await page.getByLabel('Password', { exact: true }).fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').allInnerTexts()).toEqual([]);
    expect(await page.getByTestId('signed-out-reason').count()).toBe(0);
    release();
    await expect.poll(() => connectionState(page)).toBe('connected');
    expect(problems).toEqual([]);
  });

  it('says a refused password plainly, without the request behind it', async () => {
    const { page, problems } = await open();
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.count()).toBe(1);
    expect(await sentenceOf(alert)).toBe(
      'Sign-in failed. The server did not accept this user name and password. Check both and sign in again.',
    );
    expect(await detailsByKeyboard(page, alert)).toMatch(/^unauthorized, credentialsRefused: /u);
    expect(problems).toEqual([]);
  });

  it('says an action that failed on the way to the server in a plain sentence', async () => {
    const deskPage = await open();
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const emailId = simulator.control.receiveEmail({
      from: 'maria.lind@example.com',
      subject: 'Broken kettle',
      text: 'It stopped working.',
    });
    const accept = row(page, emailId).getByRole('button', { name: /^Accept/u });
    await expect.poll(() => accept.isEnabled()).toBe(true);
    // The server drops the Accept's connection: the "socket hang up" the agent used to read.
    simulator.control.failNextRequests(['reset']);
    await accept.click();
    const alert = page.getByRole('alert').filter({ has: page.locator('.error-alert__text') });
    await expect.poll(() => alert.count()).toBe(1);
    const sentence = await sentenceOf(alert);
    expect(sentence).toBe('The server cannot be reached. Check the network and try again.');
    for (const internal of INTERNALS) expect(sentence).not.toContain(internal);
    const detail = await detailsByKeyboard(page, alert);
    expect(detail).toMatch(/^network: POST \/me\/interactions\/.+/u);
    // Nothing was accepted: the invitation waits, and Accept works once the server answers.
    expect(await row(page, emailId).getAttribute('data-state')).toBe('Invited');
    await accept.click();
    await expect.poll(() => row(page, emailId).getAttribute('data-state')).toBe('Accepted');
    expect(problems).toEqual([]);
  });

  it('disables Accept and Send with the reason while the server is away, and enables them when it is back', async () => {
    const deskPage = await open();
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const chatId = simulator.control.startChat({
      customerNickName: 'Zora Quist',
      subject: 'Zeppelin tickets',
      firstMessage: 'Can I still change my booking?',
    });
    await row(page, chatId).getByRole('button', { name: 'Accept Chat from' }).click();
    await expect.poll(() => row(page, chatId).getAttribute('data-state')).toBe('Accepted');
    await page.getByLabel('Message', { exact: true }).fill('Yes, until Friday noon.');
    const send = page.getByRole('button', { name: 'Send', exact: true });
    await expect.poll(() => send.isEnabled()).toBe(true);
    const emailId = simulator.control.receiveEmail({
      from: 'ann@example.com',
      subject: 'Invoice 77',
      text: 'Please see invoice 77.',
    });
    const accept = row(page, emailId).getByRole('button', { name: /^Accept/u });
    await expect.poll(() => accept.isEnabled()).toBe(true);
    expect(await accept.getAttribute('title')).toBeNull();

    // A network outage: connections refused and cut until the checks below are done.
    const outage = simulator.control.refuseConnections(60_000);
    await expect.poll(() => connectionState(page)).not.toBe('connected');
    const reasons: Record<string, string> = {
      reconnecting: 'Reconnecting to the server: wait until the desk is connected',
      offline: 'Offline: the server cannot be reached; this works again once it is back',
    };
    for (const control of [accept, send]) {
      await expect.poll(() => control.isDisabled()).toBe(true);
      // Both read at once: the link may go from reconnecting to offline between two reads.
      const { why, title } = await control.evaluate(
        (element: { getAttribute(name: string): string | null }) => ({
          why: element.getAttribute('data-unavailable') ?? '',
          title: element.getAttribute('title'),
        }),
      );
      expect(Object.keys(reasons)).toContain(why);
      // The reason, then the control's shortcut if it has one: "… (Ctrl+Enter)".
      expect(title?.replace(/ \([^)]+\)$/, '')).toBe(reasons[why]);
      expect(await control.getAttribute('aria-describedby')).toContain('server-action-reason');
    }
    // Screen readers hear the same sentence the title shows.
    await expect
      .poll(async () => [
        await page.locator('#server-action-reason').textContent(),
        await accept.getAttribute('title'),
      ])
      .toSatisfy(([spoken, shown]) => spoken === shown);
    // The header's indicator names the state for screen readers, not the client's words for it
    // (was "Connection: Offline (connect ECONNREFUSED 127.0.0.1:…)"): those are the banner's
    // Details.
    const indicator = page.getByTestId('connection');
    await expect.poll(() => indicator.getAttribute('data-state')).toBe('offline');
    expect(await indicator.getAttribute('aria-label')).toBe('Connection: Offline');
    expect(await indicator.getAttribute('title')).toBeNull();
    expect(await page.getByTestId('link-reason').textContent()).toContain('ECONNREFUSED');
    await mkdir('out/screenshots/wording', { recursive: true });
    await page.screenshot({ path: join('out/screenshots/wording', 'server-away.png') });

    // Back: the controls are enabled again, as their own state says, without the reason.
    simulator.control.endOutage();
    await outage;
    await expect.poll(() => connectionState(page), { timeout: 20_000 }).toBe('connected');
    // Was "Connection: Connected (connected)".
    expect(await indicator.getAttribute('aria-label')).toBe('Connection: Connected');
    await expect.poll(() => accept.isEnabled()).toBe(true);
    await expect.poll(() => send.isEnabled()).toBe(true);
    expect(await accept.getAttribute('title')).toBeNull();
    expect(await send.getAttribute('data-unavailable')).toBeNull();
    await send.click();
    await expect
      .poll(() => page.getByRole('log', { name: 'Chat transcript' }).innerText())
      .toContain('Yes, until Friday noon.');
    expect(problems).toEqual([]);
  }, 60_000);
});
