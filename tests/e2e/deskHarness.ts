import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, CDPSession, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { openDesk, type Desk, type DeskOptions } from '../../main/workstation/desk';
import type { CredentialVault } from '../../main/workstation/shellPorts';
import type { SwitchboardHandlers } from '../../common/contract';
import { osRecorder, refusingVault, testDeskOptions, type OsRecorder } from '../support/deskPorts';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/server';
import type { NewChat } from '../../simulator/world';
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
  /**
   * The browser's language (`navigator.languages`), which the desk follows until the agent
   * chooses one: English unless a test says otherwise, whatever the machine's LANG.
   */
  readonly locale?: string;
  /**
   * The OS's preferred languages as main reads them (Electron's
   * `app.getPreferredSystemLanguages()`); none unless a test says so (the page's then stand).
   */
  readonly systemLanguages?: readonly string[];
  /** The page's timezone (IANA, `Europe/Berlin`); the machine's when not given. */
  readonly timezoneId?: string;
  /**
   * Puts the page on Playwright's clock from before it loads, starting at this time (ms since
   * the epoch) and flowing: `page.clock` then moves the page's time (`setSystemTime` jumps it
   * without running the timers, as a machine waking from sleep does). Main keeps the real time.
   */
  readonly clock?: number;
  /**
   * What the page's calls reach instead of the desk's handlers (the arguments are the desk's):
   * a test wraps some of them to hold an answer back or count calls.
   */
  readonly handlers?: (handlers: SwitchboardHandlers) => SwitchboardHandlers;
  /** Prepares the data folder before the desk opens on it (e.g. a damaged cache). */
  readonly seed?: (dataDir: string) => void;
  /** The invitation chime's repeat interval (the desk's default is RING_INTERVAL_MS). */
  readonly ringIntervalMs?: number;
  /** How long a request to the server may go unanswered (the desk's default is 15 s). */
  readonly requestTimeoutMs?: number;
  /** The waits before failed attachment downloads are tried again (the desk's: 2 s, 10 s, …). */
  readonly downloadRetryDelaysMs?: readonly number[];
  /** Writes a downloaded attachment into its folder (the desk's storeContent otherwise). */
  readonly storeAttachment?: DeskOptions['storeAttachment'];
  /** The most bytes one downloaded file may bring (the desk's 150 MiB otherwise). */
  readonly maxDownloadBytes?: number;
  /** The pauses before the desk asks again about a Send left in doubt (the desk's: 2 s, 5 s, …). */
  readonly sendFollowUpPausesMs?: readonly number[];
  /**
   * How the page's own simulator differs from the quiet default (e.g. 003's dialect `a`, a
   * chat capacity); not used with `reuse`.
   */
  readonly simulator?: Partial<SimulatorOptions>;
  /**
   * A desk opened again on what an earlier one left (a restart): its simulator and data folder,
   * which this page then neither starts nor removes.
   */
  readonly reuse?: { readonly simulator: Simulator; readonly dataDir: string };
}

/** Runs the clean-ups in reverse order, all of them even when one fails; rethrows the first. */
async function unwind(cleanups: (() => Promise<unknown>)[]): Promise<void> {
  const failures: unknown[] = [];
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw failures[0];
}

/** Opens a desk on a new simulator and shows the renderer (served at `rendererUrl`) for it. */
export async function openDeskPage(
  browser: Browser,
  rendererUrl: string,
  options: DeskPageOptions = {},
): Promise<DeskPage> {
  const problems: string[] = [];
  const responses: { url: string; status: number }[] = [];
  // What is started so far, to close in reverse order if a later step throws (or on close()).
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const reused = options.reuse;
    const simulator =
      reused?.simulator ??
      (await startSimulator({ port: 0, scenario: 'quiet', control: false, ...options.simulator }));
    if (reused === undefined) cleanups.push(() => simulator.close());
    const dataDir = reused?.dataDir ?? (await mkdtemp(join(tmpdir(), 'switchboard-e2e-')));
    if (reused === undefined) cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    options.seed?.(dataDir);
    const os = osRecorder();
    const bridge = createRendererBridge({
      log: {
        error: (message, detail) => problems.push(`main: ${message} ${String(detail)}`),
      },
      onDeliveryError: (error) => problems.push(`bridge: ${String(error)}`),
    });
    const ports = testDeskOptions(os, simulator, options.vault ?? refusingVault);
    const deskOptions: DeskOptions = {
      dataDir,
      send: bridge.send,
      ...ports,
      ...(options.ringIntervalMs === undefined ? {} : { ringIntervalMs: options.ringIntervalMs }),
      ...(options.systemLanguages === undefined
        ? {}
        : { systemLanguages: options.systemLanguages }),
      ...(options.downloadRetryDelaysMs === undefined
        ? {}
        : { downloadRetryDelaysMs: options.downloadRetryDelaysMs }),
      ...(options.storeAttachment === undefined
        ? {}
        : { storeAttachment: options.storeAttachment }),
      ...(options.sendFollowUpPausesMs === undefined
        ? {}
        : { sendFollowUpPausesMs: options.sendFollowUpPausesMs }),
      ...(options.requestTimeoutMs === undefined && options.maxDownloadBytes === undefined
        ? {}
        : {
            session: {
              ...ports.session,
              ...(options.requestTimeoutMs === undefined
                ? {}
                : { requestTimeoutMs: options.requestTimeoutMs }),
              ...(options.maxDownloadBytes === undefined
                ? {}
                : { maxDownloadBytes: options.maxDownloadBytes }),
            },
          }),
      log: {
        debug: () => undefined,
        info: () => undefined,
        warn: () => undefined,
        error: (message, detail) => problems.push(`desk: ${message} ${String(detail)}`),
      },
    };
    const desk = await openDesk(deskOptions);
    cleanups.push(() => desk.shutdown());

    const page = await browser.newPage({
      viewport: options.viewport ?? { width: 1280, height: 800 },
      locale: options.locale ?? 'en-US',
      ...(options.timezoneId === undefined ? {} : { timezoneId: options.timezoneId }),
    });
    cleanups.push(() => page.close());
    if (options.clock !== undefined) await page.clock.install({ time: options.clock });
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
    await bridge.attach(page, options.handlers?.(desk.handlers) ?? desk.handlers);
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
      close: () => unwind(cleanups.splice(0)),
    };
  } catch (error) {
    await unwind(cleanups.splice(0)).catch(() => undefined);
    throw error;
  }
}

/**
 * For a test file: Chromium and the built renderer (out/renderer) for the whole file, and
 * `open` for a desk page that is closed after its test. `chromiumArgs` adds switches to the
 * file's Chromium (see launchChromium).
 */
export function useDeskPages(chromiumArgs: readonly string[] = []): {
  open: (options?: DeskPageOptions) => Promise<DeskPage>;
} {
  let browser: Browser | undefined;
  let server: StaticServer | undefined;
  const opened: DeskPage[] = [];
  beforeAll(async () => {
    [browser, server] = await Promise.all([
      launchChromium(chromiumArgs),
      serveFolder('out/renderer'),
    ]);
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

/**
 * The parts of the DOM the in-page helpers below use: the Node project that type-checks the
 * tests has no DOM library, and the functions run in the page, not here.
 */
interface PageDom {
  readonly document: {
    readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
    readonly activeElement: {
      readonly id: string;
      readonly textContent: string | null;
      getAttribute(name: string): string | null;
    } | null;
    readonly body: { readonly textContent: string };
    querySelector(selector: string): PageElement | null;
    createRange(): {
      selectNodeContents(node: unknown): void;
      getClientRects(): ArrayLike<{ readonly top: number; readonly width: number }>;
    };
  };
  requestAnimationFrame(callback: () => void): number;
  readonly MutationObserver: new (callback: () => void) => {
    observe(target: unknown, options: Readonly<Record<string, boolean>>): void;
  };
  __sightings?: string[];
  __announcements?: string[];
}
interface PageElement {
  readonly outerHTML: string;
  readonly children: ArrayLike<PageElement>;
  getClientRects(): ArrayLike<unknown>;
  getBoundingClientRect(): { readonly top: number; readonly bottom: number };
}

/** Whether the header's shown controls share one row: each starts above the others' ends. */
export function headerIsOneRow(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const header = (globalThis as unknown as PageDom).document.querySelector('header.header');
    if (header === null) return false;
    const boxes = Array.from(header.children)
      .filter((child) => child.getClientRects().length > 0)
      .map((child) => child.getBoundingClientRect())
      // The spacer has no height of its own.
      .filter((box) => box.bottom > box.top);
    return Math.max(...boxes.map((box) => box.top)) < Math.min(...boxes.map((box) => box.bottom));
  });
}

/** How many CSS px of an element's height are inside the window (not under its edges). */
export function heightInWindow(element: Locator): Promise<number> {
  return element.evaluate((node) => {
    const box = (node as unknown as PageElement).getBoundingClientRect();
    const { innerHeight } = globalThis as unknown as { readonly innerHeight: number };
    return Math.max(0, Math.min(box.bottom, innerHeight) - Math.max(box.top, 0));
  });
}

/** How far the page scrolls sideways (0: not at all, as WCAG 1.4.10 asks). */
export function sideScroll(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as PageDom).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
}

/** Whether an element is wholly inside the window's height (not under its top or bottom edge). */
export function inWindow(element: Locator): Promise<boolean> {
  return element.evaluate((node) => {
    const box = (node as unknown as PageElement).getBoundingClientRect();
    const { innerHeight } = globalThis as unknown as { readonly innerHeight: number };
    return box.top >= 0 && box.bottom <= innerHeight;
  });
}

/** Whether an element's box is wholly inside the window's width (not under its left or right edge). */
export function inWindowWidth(element: Locator): Promise<boolean> {
  return element.evaluate((node) => {
    const box = (
      node as unknown as {
        getBoundingClientRect(): {
          readonly left: number;
          readonly right: number;
          readonly width: number;
        };
      }
    ).getBoundingClientRect();
    const { innerWidth } = globalThis as unknown as { readonly innerWidth: number };
    return box.width > 0 && box.left >= 0 && box.right <= innerWidth;
  });
}

/**
 * The elements of `shown` that are not whole on screen: cut, even partly, by the window or by a
 * region around them that scrolls or clips, up to the first one fixed to the window (a popup:
 * the regions around it do not clip it). Named by their text, for the report.
 */
export async function notWhole(shown: Locator): Promise<string[]> {
  return (await howShown(shown))
    .filter((element) => element.shown !== 'whole')
    .map((element) => element.name);
}

/**
 * The elements of `shown` cut in two on screen: part of them in sight, part under the window's
 * edge or that of a region around them that scrolls or clips (as {@link notWhole}). One scrolled
 * out of sight whole is not cut. Named by their text, for the report.
 */
export async function cutInTwo(shown: Locator): Promise<string[]> {
  return (await howShown(shown))
    .filter((element) => element.shown === 'cut')
    .map((element) => element.name);
}

/** How each element of `shown` is on screen: whole, cut in two, or not in sight at all. */
function howShown(shown: Locator): Promise<{ name: string; shown: 'whole' | 'cut' | 'hidden' }[]> {
  return shown.evaluateAll((buttons) => {
    interface Box {
      readonly top: number;
      readonly bottom: number;
      readonly left: number;
      readonly right: number;
    }
    interface Shown {
      readonly parentElement: Shown | null;
      readonly textContent: string | null;
      readonly clientTop: number;
      readonly clientLeft: number;
      readonly clientHeight: number;
      readonly clientWidth: number;
      getBoundingClientRect(): Box;
      getClientRects(): { readonly length: number };
    }
    const scope = globalThis as unknown as {
      readonly innerWidth: number;
      readonly innerHeight: number;
      getComputedStyle(element: Shown): {
        overflowX: string;
        overflowY: string;
        position: string;
      };
    };
    // Edges fall on fractions of a pixel.
    const slack = 0.5;
    return (buttons as unknown as Shown[])
      .filter((button) => {
        // An item of the closed "More actions" menu is not on screen at all: not cut either.
        return button.getClientRects().length > 0;
      })
      .map((button) => {
        const box = button.getBoundingClientRect();
        const seen = { top: 0, bottom: scope.innerHeight, left: 0, right: scope.innerWidth };
        for (let region = button.parentElement; region; region = region.parentElement) {
          const style = scope.getComputedStyle(region);
          const fixed = style.position === 'fixed';
          if (style.overflowX === 'visible' && style.overflowY === 'visible') {
            if (fixed) break;
            continue;
          }
          const outer = region.getBoundingClientRect();
          const top = outer.top + region.clientTop;
          const left = outer.left + region.clientLeft;
          seen.top = Math.max(seen.top, top);
          seen.bottom = Math.min(seen.bottom, top + region.clientHeight);
          seen.left = Math.max(seen.left, left);
          seen.right = Math.min(seen.right, left + region.clientWidth);
          if (fixed) break;
        }
        const name = (button.textContent ?? '').trim();
        if (
          box.top >= seen.top - slack &&
          box.bottom <= seen.bottom + slack &&
          box.left >= seen.left - slack &&
          box.right <= seen.right + slack
        )
          return { name, shown: 'whole' as const };
        const inSight =
          Math.min(box.bottom, seen.bottom) - Math.max(box.top, seen.top) > slack &&
          Math.min(box.right, seen.right) - Math.max(box.left, seen.left) > slack;
        return { name, shown: inSight ? ('cut' as const) : ('hidden' as const) };
      });
  });
}

/**
 * Whether the open chat's newest line shows whole within its transcript's scrolled box (the
 * transcript named in the page's language).
 */
export async function newestLineShown(
  page: Page,
  transcriptName = 'Chat transcript',
): Promise<boolean> {
  const log = await page.getByRole('log', { name: transcriptName }).boundingBox();
  const line = await page.locator('.transcript__lines > li').last().boundingBox();
  return log !== null && line !== null && line.y + line.height <= log.y + log.height + 1;
}

/** How many lines an element's text takes: the distinct tops of its text's boxes. */
export function textLines(element: Locator): Promise<number> {
  return element.evaluate((node) => {
    const range = (globalThis as unknown as PageDom).document.createRange();
    range.selectNodeContents(node);
    const boxes = Array.from(range.getClientRects()).filter((rect) => rect.width > 0);
    return new Set(boxes.map((rect) => Math.round(rect.top))).size;
  });
}

/** The id of the element that has the keyboard focus ('' for none, or one without an id). */
export function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as PageDom).document.activeElement?.id ?? '');
}

/** The text of the element that has the keyboard focus, trimmed ('' for none). */
export function focusedText(page: Page): Promise<string> {
  return page.evaluate(
    () => (globalThis as unknown as PageDom).document.activeElement?.textContent?.trim() ?? '',
  );
}

/** The accessible label (aria-label, or else the text) of the focused element, trimmed. */
export function focusedLabel(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = (globalThis as unknown as PageDom).document.activeElement;
    return (active?.getAttribute('aria-label') ?? active?.textContent ?? '').trim();
  });
}

/** Waits for two animation frames: whatever the page was asked to render is on screen. */
export function frames(page: Page): Promise<void> {
  return page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const dom = globalThis as unknown as PageDom;
        dom.requestAnimationFrame(() => {
          dom.requestAnimationFrame(() => {
            resolve();
          });
        });
      }),
  );
}

/**
 * Watches the page from now on: after every DOM change, whether `selector` matches or the
 * page's text contains `text`; {@link sightings} says what was seen. A MutationObserver's
 * callback runs before the page paints again, so nothing can show and go unnoticed.
 */
export async function watchFor(
  page: Page,
  watch: { selector: string; text?: string },
): Promise<void> {
  await page.evaluate(({ selector, text }) => {
    const dom = globalThis as unknown as PageDom;
    const seen: string[] = [];
    dom.__sightings = seen;
    const look = () => {
      const element = dom.document.querySelector(selector);
      if (element) seen.push(`element: ${element.outerHTML.slice(0, 200)}`);
      if (text !== undefined && dom.document.body.textContent.includes(text)) {
        seen.push(`text: ${text}`);
      }
    };
    look();
    new dom.MutationObserver(look).observe(dom.document, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  }, watch);
}

/** What {@link watchFor} saw. */
export function sightings(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as PageDom).__sightings ?? []);
}

/**
 * Records, from now on, every text the invitations' live region takes, in order (each change
 * once, the emptied region as ''): what a screen reader was given to speak, including a
 * sentence set and replaced between two polls. {@link announcements} reads them.
 */
export async function recordAnnouncements(page: Page): Promise<void> {
  await page.getByTestId('invitation-announcer').evaluate((region) => {
    const dom = globalThis as unknown as PageDom;
    const element = region as unknown as { textContent: string | null };
    const heard: string[] = [];
    dom.__announcements = heard;
    let last = (element.textContent ?? '').trim();
    new dom.MutationObserver(() => {
      const text = (element.textContent ?? '').trim();
      if (text === last) return;
      last = text;
      heard.push(text);
    }).observe(region, { subtree: true, childList: true, characterData: true });
  });
}

/** What {@link recordAnnouncements} recorded so far. */
export function announcements(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as PageDom).__announcements ?? []);
}

/** The inbox or history row of an interaction. */
export function row(page: Page, id: string) {
  return page.locator(`.row[data-interaction-id="${id}"]`);
}

/**
 * Interaction `id` is offered; the agent opens it from its row and accepts it from the detail's
 * Actions toolbar, as one reading it first would. Waits until its row says Accepted.
 */
export async function acceptOpened(page: Page, id: string): Promise<void> {
  const offered = row(page, id);
  await expect.poll(() => offered.getAttribute('data-state')).toBe('Invited');
  await offered.locator('button.row__main').click();
  await page
    .getByRole('toolbar', { name: 'Actions' })
    .getByRole('button', { name: 'Accept' })
    .click();
  await expect.poll(() => offered.getAttribute('data-state')).toBe('Accepted');
}

/**
 * A customer starts `chat`; the desk's agent accepts it from its row (its first button, so in
 * any language) once it is offered. Answers the chat's id once its row says Accepted.
 */
export async function acceptedChat(
  { page, simulator }: Pick<DeskPage, 'page' | 'simulator'>,
  chat: NewChat,
): Promise<string> {
  const chatId = simulator.control.startChat(chat);
  const chatRow = row(page, chatId);
  await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Invited');
  await chatRow.locator('.row__actions button.primary').click();
  await expect.poll(() => chatRow.getAttribute('data-state')).toBe('Accepted');
  return chatId;
}

/** Signs in with the form as it opens (the demo's agent) and waits for the connection. */
export async function signIn(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => connectionState(page)).toBe('connected');
}

/** Sets the agent Ready on every channel and waits until the server says so. */
export async function goReady(page: Page): Promise<void> {
  const select = page.getByLabel('State');
  await expect.poll(() => select.isEnabled()).toBe(true);
  await select.selectOption('ready');
  await expect.poll(() => select.inputValue()).toBe('ready');
  await expect
    .poll(() => page.getByTestId('channel-states').innerText())
    .toBe('Ready on e-mail, chat');
}

/**
 * Chooses a plain item of the agent menu (the agent's name at the header's end): Sign out,
 * Change password…, and whatever a narrow header folds into it.
 */
export async function chooseInAgentMenu(page: Page, item: string): Promise<void> {
  await page.getByTestId('agent-menu-button').click();
  await page.getByRole('menu').getByRole('menuitem', { name: item, exact: true }).click();
}

/** Signs in with the form as it opens and goes Ready through the desk, whatever the language. */
export async function signedInReady({
  page,
  desk,
}: Pick<DeskPage, 'page' | 'desk'>): Promise<void> {
  await page.locator('form button[type="submit"]').click();
  await expect.poll(() => connectionState(page)).toBe('connected');
  await desk.handlers.agent.setReady(undefined);
}

/** Signs in and goes Ready: where most desk tests start. */
export async function signInReady(page: Page): Promise<void> {
  await signIn(page);
  await goReady(page);
}

/**
 * The desk as a 1280×800 window shows it at 200% zoom: the page lays out in 640×400 CSS px and
 * paints each of them with 2×2 device pixels, as Chromium's own zoom does. (`body.style.zoom`
 * would not do: the viewport stays 1280 px wide, so media and container queries never see the
 * narrow window the agent sees.)
 */
export const ZOOM_200 = { width: 640, height: 400, deviceScaleFactor: 2 } as const;

/** The narrowest window WCAG 1.4.10 (Reflow) asks content to work in, without scrolling sideways. */
export const REFLOW_320 = { width: 320, height: 640 } as const;

/** The DevTools sessions holding a page's scale factor: the override lasts as long as they do. */
const scaleSessions = new WeakMap<Page, CDPSession>();

/**
 * Lays an open page out at another size and device scale factor, as a browser window of that
 * size (or zoom) would. Playwright sets a page's scale factor only when it opens, so a factor
 * other than 1 is asked of Chromium directly (DevTools protocol), on a session kept open until
 * the next call: Chromium drops a session's emulation when it detaches.
 */
export async function emulateWindow(
  page: Page,
  window: { width: number; height: number; deviceScaleFactor?: number },
): Promise<void> {
  await scaleSessions.get(page)?.detach();
  scaleSessions.delete(page);
  await page.setViewportSize({ width: window.width, height: window.height });
  const deviceScaleFactor = window.deviceScaleFactor ?? 1;
  if (deviceScaleFactor !== 1) {
    const session = await page.context().newCDPSession(page);
    scaleSessions.set(page, session);
    await session.send('Emulation.setDeviceMetricsOverride', {
      width: window.width,
      height: window.height,
      deviceScaleFactor,
      mobile: false,
    });
  }
  await frames(page);
}

/**
 * The whole page as a PNG at `path`, in device pixels. Playwright's own screenshot would put its
 * scale factor (1) back while it captures, so this one asks Chromium on the page's scale session.
 */
async function fullPageInDevicePixels(page: Page, path: string): Promise<void> {
  const session = scaleSessions.get(page);
  if (session === undefined) {
    await page.screenshot({ path, fullPage: true });
    return;
  }
  const { cssContentSize } = await session.send('Page.getLayoutMetrics');
  const { data } = await session.send('Page.captureScreenshot', {
    format: 'png',
    captureBeyondViewport: true,
    clip: { x: 0, y: 0, width: cssContentSize.width, height: cssContentSize.height, scale: 1 },
  });
  await writeFile(path, Buffer.from(data, 'base64'));
}

/**
 * Screenshots at 1280×800, at 200% zoom of that window ({@link ZOOM_200}, the whole page, in
 * device pixels) and 320 CSS px wide ({@link REFLOW_320}, the whole page), into
 * out/screenshots/`folder` (`name`.png, `name`-zoom200.png, `name`-320.png); the page is
 * 1280×800 again afterwards.
 */
export async function screenshotsAtThreeSizes(
  page: Page,
  folder: string,
  name: string,
): Promise<void> {
  const SHOTS = join('out/screenshots', folder);
  await mkdir(SHOTS, { recursive: true });
  await emulateWindow(page, { width: 1280, height: 800 });
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
  await emulateWindow(page, ZOOM_200);
  await fullPageInDevicePixels(page, `${SHOTS}/${name}-zoom200.png`);
  await emulateWindow(page, REFLOW_320);
  await page.screenshot({ path: `${SHOTS}/${name}-320.png`, fullPage: true });
  await emulateWindow(page, { width: 1280, height: 800 });
}

/**
 * A screenshot of the page as it is now (`path`), in the dark scheme, then the light one again.
 * The window is set to its size again first: a scheme change alone, with nothing else changing,
 * was not always painted by the time of the screenshot (reply-wait's dark shots came out light).
 */
export async function darkScreenshot(page: Page, path: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.emulateMedia({ colorScheme: 'dark' });
  await emulateWindow(page, size);
  await page.screenshot({ path, fullPage: size.width < 640 });
  await page.emulateMedia({ colorScheme: 'light' });
  await frames(page);
}

/**
 * Dark-scheme screenshots of the page as it is now, at 1280×800 and 320 CSS px wide
 * ({@link REFLOW_320}), into out/screenshots/`folder` (`name`-dark.png, `name`-320-dark.png); the
 * page is 1280×800 and light again afterwards.
 */
export async function darkScreenshotsAt1280And320(
  page: Page,
  folder: string,
  name: string,
): Promise<void> {
  const SHOTS = join('out/screenshots', folder);
  await mkdir(SHOTS, { recursive: true });
  await emulateWindow(page, { width: 1280, height: 800 });
  await darkScreenshot(page, `${SHOTS}/${name}-dark.png`);
  await emulateWindow(page, REFLOW_320);
  await darkScreenshot(page, `${SHOTS}/${name}-320-dark.png`);
  await emulateWindow(page, { width: 1280, height: 800 });
}

/**
 * Screenshots of one field inside a scrolling dialog (the element with id `elementId`, scrolled
 * to the middle of its scroll at each size: a scroll made at one size hides it at another), at
 * 1280×800, at 200% zoom, 320 CSS px wide and at 1280×800 in dark, into out/screenshots/`folder`
 * (`name`.png, `name`-zoom200.png, `name`-320.png, `name`-dark.png); the page is 1280×800 and
 * light again afterwards.
 */
export async function fieldScreenshots(
  page: Page,
  folder: string,
  name: string,
  elementId: string,
): Promise<void> {
  const SHOTS = join('out/screenshots', folder);
  await mkdir(SHOTS, { recursive: true });
  for (const [size, suffix] of [
    [{ width: 1280, height: 800 }, ''],
    [ZOOM_200, '-zoom200'],
    [REFLOW_320, '-320'],
    [{ width: 1280, height: 800 }, '-dark'],
  ] as const) {
    await emulateWindow(page, size);
    await page.emulateMedia({ colorScheme: suffix === '-dark' ? 'dark' : 'light' });
    await page.evaluate(
      `document.getElementById(${JSON.stringify(elementId)}).scrollIntoView({ block: 'center' })`,
    );
    await page.screenshot({ path: `${SHOTS}/${name}${suffix}.png` });
  }
  await emulateWindow(page, { width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
}

/**
 * The desk's connection as its indicator shows it (`data-state`: connected, reconnecting,
 * offline, …), for a test to wait on.
 */
export function connectionState(page: Page): Promise<string | null> {
  return page.getByTestId('connection').getAttribute('data-state');
}

/** The parts of the DOM {@link edges} reads: the tests type-check without the DOM library. */
interface TextNode {
  readonly nodeValue: string | null;
}
export interface RangeDom {
  readonly document: {
    createTreeWalker(root: unknown, whatToShow: number): { nextNode(): TextNode | null };
    createRange(): {
      setStart(node: TextNode, offset: number): void;
      setEnd(node: TextNode, offset: number): void;
      getClientRects(): ArrayLike<{ readonly left: number; readonly right: number }>;
    };
  };
}

/**
 * Where, in `element`, the glyphs of `first` and of `then` (each within one text node, `then`
 * after `first` in the text) show: the rightmost edge of `first`'s and the leftmost of `then`'s.
 * In a left-to-right desk, the words after a name start right of all of it.
 */
export function edges(
  element: Locator,
  first: string,
  then: string,
): Promise<{ firstRight: number; thenLeft: number }> {
  return element.evaluate(
    (root, [firstText, thenText]) => {
      const dom = globalThis as unknown as RangeDom;
      const extent = (text: string) => {
        const walker = dom.document.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
        for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
          const at = (node.nodeValue ?? '').indexOf(text);
          if (at < 0) continue;
          const range = dom.document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + text.length);
          const rects = Array.from(range.getClientRects());
          return {
            left: Math.min(...rects.map((rect) => rect.left)),
            right: Math.max(...rects.map((rect) => rect.right)),
          };
        }
        throw new Error(`"${text}" is not in one text node`);
      };
      return { firstRight: extent(firstText).right, thenLeft: extent(thenText).left };
    },
    [first, then] as const,
  );
}
