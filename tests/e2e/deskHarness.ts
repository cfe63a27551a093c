import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { openDesk, type Desk, type DeskOptions } from '../../main/workstation/desk';
import type { CredentialVault } from '../../main/workstation/shellPorts';
import { osRecorder, refusingVault, testDeskOptions, type OsRecorder } from '../support/deskPorts';
import { startSimulator, type Simulator } from '../../simulator/server';
import { launchChromium } from '../support/chromium';
import { createRendererBridge, type RendererBridge } from '../support/rendererBridge';
import { serveFolder, type StaticServer } from '../support/staticServer';

export { REFUSING_VAULT_REASON, refusingVault, workingVault } from '../support/deskPorts';

/**
 * One agent's desk for a browser test: the GWS simulator in process (quiet: the test plays the
 * customers through its control API), the real desk core on a fresh data folder, and the built
 * renderer in a Chromium page wired to the core by the renderer bridge. Only the OS ports are
 * stand-ins: a vault (refusing by default, as on Linux without a keyring) and recorders for
 * notifications, the window and file dialogs.
 */

export interface DeskPage {
  readonly page: Page;
  readonly desk: Desk;
  readonly simulator: Simulator;
  readonly bridge: RendererBridge;
  readonly os: OsRecorder;
  readonly dataDir: string;
  /**
   * Console errors and warnings, page errors (CSP violations are console errors), failed
   * requests, and errors main logged: any of them fails a test.
   */
  readonly problems: string[];
  /** Every URL the page requested, with the answer's status. */
  readonly responses: { url: string; status: number }[];
  close(): Promise<void>;
}

export interface DeskPageOptions {
  readonly vault?: CredentialVault;
  readonly viewport?: { width: number; height: number };
}

/** Opens a desk on a new simulator and shows the renderer (served at `rendererUrl`) for it. */
export async function openDeskPage(
  browser: Browser,
  rendererUrl: string,
  options: DeskPageOptions = {},
): Promise<DeskPage> {
  const problems: string[] = [];
  const responses: { url: string; status: number }[] = [];
  const simulator = await startSimulator({ port: 0, scenario: 'quiet', control: false });
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-e2e-'));
  const os = osRecorder();
  const bridge = createRendererBridge({
    log: {
      error: (message, detail) => problems.push(`main: ${message} ${String(detail)}`),
    },
    onDeliveryError: (error) => problems.push(`bridge: ${String(error)}`),
  });
  const deskOptions: DeskOptions = {
    dataDir,
    send: bridge.send,
    ...testDeskOptions(os, simulator, options.vault ?? refusingVault),
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: (message, detail) => problems.push(`desk: ${message} ${String(detail)}`),
    },
  };
  const desk = await openDesk(deskOptions);

  const page = await browser.newPage({
    viewport: options.viewport ?? { width: 1280, height: 800 },
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`requestfailed: ${request.url()} ${request.failure()?.errorText ?? ''}`),
  );
  page.on('response', (response) => {
    responses.push({ url: response.url(), status: response.status() });
  });
  await bridge.attach(page, desk.handlers);
  await page.goto(rendererUrl);

  return {
    page,
    desk,
    simulator,
    bridge,
    os,
    dataDir,
    problems,
    responses,
    async close() {
      await page.close();
      await desk.shutdown();
      await simulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * For a test file: Chromium and the built renderer (out/renderer) for the whole file, and
 * `open` for a desk page that is closed after its test.
 */
export function useDeskPages(): { open: (options?: DeskPageOptions) => Promise<DeskPage> } {
  let browser: Browser | undefined;
  let server: StaticServer | undefined;
  const opened: DeskPage[] = [];
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), serveFolder('out/renderer')]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((deskPage) => deskPage.close()));
  });
  return {
    open: async (options) => {
      if (browser === undefined || server === undefined) throw new Error('Chromium is not up');
      const deskPage = await openDeskPage(browser, server.url, options);
      opened.push(deskPage);
      return deskPage;
    },
  };
}
