import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../common/errors';
import type { AppInfo } from '../../common/model';
import { launchChromium } from '../support/chromium';
import { serveFolder, type StaticServer } from '../support/staticServer';

// The shipped renderer bundle in real Chromium, with a stand-in for the preload's
// `window.switchboard` (Electron cannot run here). Console errors, page errors and CSP
// violations fail the test.

const info: AppInfo = {
  name: 'Switchboard',
  version: '0.1.0',
  platform: 'linux',
  arch: 'x64',
  runtime: { node: '22.23.3', electron: '45.4.1', chrome: '142.0.0.0' },
};

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), serveFolder('out/renderer')]);
});

afterAll(async () => {
  await Promise.all([browser.close(), server.close()]);
});

async function openShell(answer: Result<AppInfo>): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.addInitScript((preset) => {
    Object.defineProperty(globalThis, 'switchboard', {
      value: Object.freeze({ app: Object.freeze({ getInfo: () => Promise.resolve(preset) }) }),
    });
  }, answer);
  await page.goto(server.url);
  return { page, problems };
}

describe('app shell in Chromium', () => {
  it('shows the product name, the connection indicator and an empty inbox', async () => {
    const { page, problems } = await openShell({ ok: true, value: info });

    await expect
      .poll(() => page.locator('[data-testid="app-info"]').innerText())
      .toBe('Switchboard 0.1.0 · linux/x64');
    expect(await page.locator('header h1').innerText()).toBe('Switchboard');
    expect(await page.getByRole('status').innerText()).toBe('Offline');
    expect(await page.getByRole('status').getAttribute('data-state')).toBe('offline');
    expect(await page.locator('[data-testid="inbox-empty"]').isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Inbox' }).isVisible()).toBe(true);

    await mkdir('out/screenshots', { recursive: true });
    await page.screenshot({ path: join('out/screenshots', 'app-shell.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('says why the version is missing when main answers with an error', async () => {
    const { page, problems } = await openShell({
      ok: false,
      error: { kind: 'internal', message: 'switchboard:app:getInfo failed unexpectedly' },
    });

    await expect
      .poll(() => page.locator('[data-testid="app-info"]').innerText())
      .toBe('Version unavailable: switchboard:app:getInfo failed unexpectedly');
    expect(await page.locator('[data-testid="inbox-empty"]').isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });
});
