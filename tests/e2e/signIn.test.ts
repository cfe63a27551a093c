import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contract, createClient } from '../../common/contract';
import {
  chooseInAgentMenu,
  focusedId,
  REFUSING_VAULT_REASON,
  useDeskPages,
  workingVault,
  connectionState,
  darkScreenshotsAt1280And320,
  screenshotsAtThreeSizes,
  sideScroll,
  signIn,
} from './deskHarness';

// The sign-in form of the shipped renderer in Chromium, against the real desk core and the GWS
// simulator (see deskHarness.ts). Console errors and warnings, CSP violations and errors main
// logs fail every test.

const { open } = useDeskPages();

describe('the sign-in form in Chromium', () => {
  it('gives the page exactly the contract client the preload would', async () => {
    const { page, problems } = await open();
    const shape = (client: object) =>
      Object.fromEntries(
        Object.entries(client).map(([namespace, members]) => [
          namespace,
          Object.keys(members as object).sort(),
        ]),
      );
    const expected = shape(
      createClient(contract, {
        invoke: () => Promise.resolve(undefined),
        subscribe: () => () => undefined,
      }),
    );
    const inPage = await page.evaluate(() => {
      const client = (globalThis as unknown as { switchboard: Record<string, object> }).switchboard;
      return {
        frozen: Object.isFrozen(client) && Object.values(client).every((ns) => Object.isFrozen(ns)),
        shape: Object.fromEntries(
          Object.entries(client).map(([namespace, members]) => [
            namespace,
            Object.keys(members).sort(),
          ]),
        ),
      };
    });
    expect(inPage.shape).toEqual(expected);
    expect(inPage.frozen).toBe(true);
    expect(problems).toEqual([]);
  });

  it('is pre-filled for the demo server and says why the password cannot be remembered', async () => {
    const { page, simulator, problems } = await open();

    await expect
      .poll(() => page.getByRole('heading', { name: 'Sign in to Switchboard' }).isVisible())
      .toBe(true);
    expect(await page.getByLabel('Server URL').inputValue()).toBe(simulator.url);
    expect(await page.getByLabel('User name').inputValue()).toBe('agent1');
    const password = page.getByLabel('Password', { exact: true });
    expect(await password.getAttribute('type')).toBe('password');
    expect(await password.inputValue()).toBe('demo');
    expect(await page.getByTestId('demo-note').innerText()).toContain('built-in demo server');
    const remember = page.getByRole('checkbox', { name: 'Remember me' });
    expect(await remember.isDisabled()).toBe(true);
    expect(await remember.isChecked()).toBe(false);
    expect(REFUSING_VAULT_REASON).toBe('noKeyring');
    expect(await page.getByTestId('remember-reason').innerText()).toBe(
      'Not available: there is no keyring such as GNOME Keyring or KWallet on this system, so the password would only be obfuscated; Switchboard will not store it.',
    );
    // The footer answers from the core's app.getInfo, which has the machine's own facts.
    await expect
      .poll(() => page.getByTestId('app-info').innerText())
      .toBe(`Switchboard 0.1.0 · ${process.platform}/${process.arch}`);
    await mkdir('out/screenshots', { recursive: true });
    await page.screenshot({ path: join('out/screenshots', 'sign-in.png') });
    expect(problems).toEqual([]);
  });

  it("keeps the app's version out of the desk's way: at the sign-in screen's foot, in the agent menu once signed in", async () => {
    const { page, problems } = await open();
    const version = `Switchboard 0.1.0 · ${process.platform}/${process.arch}`;
    await expect.poll(() => page.getByTestId('app-info').innerText()).toBe(version);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => connectionState(page)).toBe('connected');
    // No line at the window's foot takes room from the work: the menu says it.
    expect(await page.getByTestId('app-info').count()).toBe(0);
    await page.getByTestId('agent-menu-button').click();
    expect(await page.getByTestId('menu-app-info').innerText()).toBe(version);
    // Read as the menu's text, not as one of its items: the keyboard walks the items alone.
    expect(
      await page.getByRole('menu').getByRole('menuitem').filter({ hasText: version }).count(),
    ).toBe(0);
    expect(problems).toEqual([]);
  });

  it('shows a failed sign-in as an alert and keeps the form', async () => {
    const { page, bridge, problems } = await open();
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();

    const alert = page.getByRole('alert');
    await expect.poll(() => alert.isVisible()).toBe(true);
    const kind = await alert.getAttribute('data-kind');
    expect(kind).toBe('unauthorized');
    expect(await alert.getAttribute('data-code')).toBe('credentialsRefused');
    expect(await alert.locator('.error-alert__text').innerText()).toBe(
      'Sign-in failed. The server did not accept this user name and password. Check both and sign in again.',
    );
    expect(await page.getByRole('button', { name: 'Sign in' }).isEnabled()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Sign in to Switchboard' }).isVisible()).toBe(
      true,
    );
    // The call carried the typed password; the page keeps none of it.
    const signIns = bridge.calls.filter((call) => call.channel === 'switchboard:session:signIn');
    expect(signIns).toHaveLength(1);
    expect(signIns[0]?.args).toEqual([
      expect.objectContaining({
        userName: 'agent1',
        password: 'not-the-password',
        remember: false,
      }),
    ]);
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).not.toBe(
      'not-the-password',
    );
    // The keyboard is back where the agent types the password again.
    await expect.poll(() => focusedId(page)).toBe('sign-in-password');
    expect(problems).toEqual([]);
  });

  it('names the address a plain http: address is redirected to, for the agent to sign in with', async () => {
    const { page, problems } = await open();
    // A web server in front of GWS that answers its `http:` address with its `https:` one.
    const redirecting = createServer((request, response) => {
      response.writeHead(301, { location: `https://127.0.0.1:8443${request.url ?? '/'}` });
      response.end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = redirecting.address() as AddressInfo;
      await page.getByLabel('Server URL').fill(`http://127.0.0.1:${port}`);
      await page.getByRole('button', { name: 'Sign in' }).click();

      const alert = page.getByRole('alert');
      await expect.poll(() => alert.getAttribute('data-code')).toBe('serverRedirects');
      expect(await alert.locator('.error-alert__text').innerText()).toBe(
        'Sign-in failed. The server at this address sends sign-in on to https://127.0.0.1:8443. ' +
          'If https://127.0.0.1:8443 is your Genesys Web Services server (often the https address ' +
          'of the same server), sign in with it; if not, ask your administrator for the address.',
      );
      await screenshotsAtThreeSizes(page, 'sign-in', 'redirected');
      await darkScreenshotsAt1280And320(page, 'sign-in', 'redirected');
      expect(await sideScroll(page)).toBe(0);
    } finally {
      await new Promise((resolve) => redirecting.close(resolve));
    }
    expect(problems).toEqual([]);
  });

  it('says why the last session ended, when main says more than "signed out"', async () => {
    const reason = 'the server refused the stored credentials';
    const { page, problems } = await open({
      handlers: (handlers) => ({
        ...handlers,
        session: {
          ...handlers.session,
          getState: async () => {
            const state = await handlers.session.getState();
            return { ...state, connection: { state: 'signedOut', reason } };
          },
        },
      }),
    });
    await expect
      .poll(() => page.getByTestId('signed-out-reason').innerText())
      .toBe(`Signed out: ${reason}`);
    expect(problems).toEqual([]);
  });

  it('says nothing more when the session simply is not there', async () => {
    const { page, problems } = await open();
    await expect
      .poll(() => page.getByRole('heading', { name: 'Sign in to Switchboard' }).isVisible())
      .toBe(true);
    expect(await page.getByTestId('signed-out-reason').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('reports an unreachable server as a network error, and signs in once the address is right', async () => {
    const { page, simulator, problems } = await open();
    await page.getByLabel('Server URL').fill('http://127.0.0.1:9/');
    await page.getByRole('button', { name: 'Sign in' }).click();

    const alert = page.getByRole('alert');
    await expect.poll(() => alert.getAttribute('data-kind'), { timeout: 15_000 }).toBe('network');
    expect(await alert.locator('.error-alert__text').innerText()).toBe(
      'Sign-in failed. No server answers at this address. Check the address and the network, then try again.',
    );
    expect(await page.getByTestId('demo-note').count()).toBe(0);

    // The agent types the demo's address back: the note promises its password filled in, and it
    // is (it was left empty, and Sign in then did nothing: the browser wanted the field filled).
    await page.getByLabel('Server URL').fill(simulator.url);
    expect(await page.getByTestId('demo-note').innerText()).toBe(
      'This is the built-in demo server. Its demo password is filled in for you.',
    );
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('demo');
    await signIn(page);
    expect(problems).toEqual([]);
  });

  it('remembers the password when the vault can, and signs in with it', async () => {
    const { page, problems } = await open({ vault: workingVault() });
    const remember = page.getByRole('checkbox', { name: 'Remember me' });
    await expect.poll(() => remember.isEnabled()).toBe(true);
    await remember.check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => connectionState(page)).toBe('connected');

    await chooseInAgentMenu(page, 'Sign out');
    const password = page.getByLabel('Password', { exact: true });
    await expect.poll(() => password.isVisible()).toBe(true);
    expect(await password.getAttribute('placeholder')).toBe('Remembered');
    await password.fill('');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => connectionState(page)).toBe('connected');
    expect(problems).toEqual([]);
  });

  it('never carries Remember me over to the next agent at a shared desk', async () => {
    const { page, desk, bridge, problems } = await open({ vault: workingVault() });
    const remember = page.getByRole('checkbox', { name: 'Remember me' });
    const userName = page.getByLabel('User name');
    const password = page.getByLabel('Password', { exact: true });
    await expect.poll(() => remember.isEnabled()).toBe(true);
    await remember.check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => connectionState(page)).toBe('connected');
    await chooseInAgentMenu(page, 'Sign out');

    // agent1's own form: the box as agent1 left it.
    await expect.poll(() => password.getAttribute('placeholder')).toBe('Remembered');
    expect(await userName.inputValue()).toBe('agent1');
    expect(await remember.isChecked()).toBe(true);
    // agent2 types their own name: the box is theirs to tick, and it is not ticked.
    await userName.fill('agent2');
    expect(await remember.isChecked()).toBe(false);
    // A typo mended: agent1's own box again (signing in must not forget the password).
    await userName.fill('agent1');
    expect(await remember.isChecked()).toBe(true);
    await userName.fill('agent2');
    expect(await remember.isChecked()).toBe(false);
    await password.fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => connectionState(page)).toBe('connected');
    const signIns = bridge.calls.filter((call) => call.channel === 'switchboard:session:signIn');
    expect(signIns.at(-1)?.args).toEqual([
      expect.objectContaining({ userName: 'agent2', remember: false }),
    ]);
    expect((await desk.handlers.session.getState()).passwordRemembered).toBe(false);

    // Back on agent1's form (agent2 signed out, agent1 typed back): agent1's box again.
    await chooseInAgentMenu(page, 'Sign out');
    await expect.poll(() => userName.inputValue()).toBe('agent2');
    expect(await remember.isChecked()).toBe(false);
    await userName.fill('agent1');
    expect(await remember.isChecked()).toBe(false);
    expect(problems).toEqual([]);
  });
});
