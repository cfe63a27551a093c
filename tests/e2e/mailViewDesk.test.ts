import { mkdir } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoHtmlEmail } from '../../simulator/scenarios';
import {
  darkScreenshot,
  focusedText,
  screenshotsAtThreeSizes,
  useDeskPages,
  connectionState,
} from './deskHarness';

// The HTML e-mail view on the real desk (core, cache, GWS client and simulator; the shipped
// renderer in Chromium): the simulator's demo mail with its cid: images, remote images held
// back until the agent allows the sender (remembered in the cache), and a link that leaves only
// through the shell's external-link port. A loopback listener stands for the remote server,
// reached through a public-looking name that this file's Chromium resolves to 127.0.0.1 (remote
// images load only from public host names; nothing a test loads leaves the machine).

/** A public-looking host name that this file's Chromium resolves to 127.0.0.1. */
const PUBLIC_IMAGE_HOST = 'images.shop.example';
const { open: openDeskPage } = useDeskPages([
  `--host-resolver-rules=MAP ${PUBLIC_IMAGE_HOST} 127.0.0.1`,
]);
const SHOTS = process.env.SWITCHBOARD_SHOTS ?? 'out/screenshots/mailview';

let listener: Server;
let port = 0;
const connections: Socket[] = [];
beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  listener = createServer((socket) => {
    connections.push(socket);
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  port = (listener.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => listener.close(resolve));
});

/** What Chromium logs when something would run in a frame without `allow-scripts`. */
const SANDBOX_BLOCKED_SCRIPT =
  "error: Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed and the 'allow-scripts' permission is not set.";

const row = (page: Page, id: string) => page.locator(`.row[data-interaction-id="${id}"]`);

async function signInReady(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => connectionState(page)).toBe('connected');
  const select = page.getByLabel('State');
  await expect.poll(() => select.isEnabled()).toBe(true);
  await select.selectOption('ready');
  await expect.poll(() => select.inputValue()).toBe('ready');
}

async function acceptEmail(page: Page, id: string, sender: string): Promise<void> {
  await expect.poll(() => row(page, id).getAttribute('data-state')).toBe('Invited');
  await row(page, id)
    .getByRole('button', { name: `E-mail from ${sender}:` })
    .click();
  await page
    .getByRole('toolbar', { name: 'Actions' })
    .getByRole('button', { name: 'Accept' })
    .click();
  await expect.poll(() => row(page, id).getAttribute('data-state')).toBe('Accepted');
}

/** The natural size of an image in the mail's frame (0 × 0 until it has loaded). */
function naturalSize(page: Page, alt: string): Promise<string> {
  return page
    .frameLocator('iframe.mail-frame')
    .locator(`img[alt="${alt}"]`)
    .evaluate((image) => {
      const { naturalWidth, naturalHeight } = image as unknown as {
        naturalWidth: number;
        naturalHeight: number;
      };
      return `${naturalWidth}x${naturalHeight}`;
    });
}

describe('the HTML e-mail view on the desk', () => {
  it('renders the demo mail with its inline images, remote image blocked, links through the shell', async () => {
    const { page, simulator, os, problems, responses } = await openDeskPage();
    await signInReady(page);
    const id = simulator.control.receiveEmail(demoHtmlEmail());
    // The row names the sender as the mail does (FromPersonal).
    await acceptEmail(page, id, 'Maria Jensen');

    const frame = page.frameLocator('iframe.mail-frame');
    await expect.poll(() => frame.locator('body').innerText()).toContain('charged twice');
    // The interaction's notes (TheComment) among the headers, as text.
    expect(await page.getByTestId('email-comment').innerText()).toBe(
      'Second contact about invoice 4471: the first was closed without a refund.',
    );
    // Both cid: images come from the downloaded attachments: the one sent inline with a file
    // name, and the one without Content-Disposition (named by its Content-ID).
    await expect.poll(() => naturalSize(page, 'Jensen Design'), { timeout: 10_000 }).toBe('120x36');
    await expect
      .poll(() => naturalSize(page, 'Payment page, second charge'), { timeout: 10_000 })
      .toBe('240x120');
    expect(await frame.locator('img[alt="Jensen Design"]').getAttribute('src')).toMatch(
      /^data:image\/png;base64,/u,
    );
    // The tracking pixel is a placeholder, never asked for.
    expect(await frame.getByRole('img', { name: 'Image blocked' }).count()).toBe(1);
    expect(await page.getByTestId('email-images-blocked').innerText()).toContain(
      '1 image is not shown',
    );
    expect(responses.filter((response) => !response.url.startsWith('http://127.0.0.1'))).toEqual(
      [],
    );
    // The frame is as tall as the mail: its last line is inside it.
    const heights = await page.locator('iframe.mail-frame').evaluate((element) => {
      const iframe = element as unknown as {
        clientHeight: number;
        contentDocument: { documentElement: { scrollHeight: number } };
      };
      return [iframe.clientHeight, iframe.contentDocument.documentElement.scrollHeight];
    });
    expect(heights[0]).toBeGreaterThanOrEqual(heights[1] ?? Infinity);
    // At 1280 × 800, under ten rows of case data, the mail keeps room to be read: its five files
    // are in its scroll, below it, not a list beside it that squeezed it to a strip (25 px).
    const mailScroll = await page.locator('.detail__mail').boundingBox();
    expect(mailScroll?.height ?? 0).toBeGreaterThan(300);

    await page.screenshot({ path: join(SHOTS, 'html-mail-1280.png') });
    // Scrolled to the end of the mail's scroll with the wheel: the signature's inline logo, the
    // pixel's placeholder and the files under the mail. Only the mail's pane scrolls: the desk
    // stays in the window (the files' names, read but not seen, once lay past the pane's end and
    // made the whole page scroll away under the wheel, the header and the inbox with it).
    const deskScroll = () =>
      page.evaluate(() => {
        const root = (
          globalThis as unknown as {
            document: { scrollingElement: { scrollHeight: number; clientHeight: number } };
          }
        ).document.scrollingElement;
        return root.scrollHeight - root.clientHeight;
      });
    expect(await deskScroll()).toBe(0);
    const mailPane = page.locator('.detail__mail');
    // On its edge, not over the frame (the mouse in the frame is for later, see below).
    await mailPane.hover({ position: { x: 2, y: 2 } });
    await page.mouse.wheel(0, 20_000);
    await expect
      .poll(() =>
        mailPane.evaluate((element) => {
          const scroll = element as unknown as { scrollTop: number; scrollHeight: number };
          return scroll.scrollTop > 0;
        }),
      )
      .toBe(true);
    await page.mouse.wheel(0, 2_000);
    expect(await deskScroll()).toBe(0);
    expect((await page.getByRole('banner').boundingBox())?.y).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'html-mail-1280-end.png') });

    // The link: its target shows on hover and in the confirmation; only then the shell opens it.
    // Nothing so far tried to run in the frame. From here on the mouse works in it: Chromium
    // then reports "Blocked script execution in 'about:srcdoc'" for the sandboxed document
    // (it does for a click in any frame without allow-scripts, listeners or not), so that one
    // message is expected after this point and only after it.
    expect(problems).toEqual([]);
    const link = frame.locator('a', { hasText: 'example.com/account/4471' });
    // Back into view: the panels above the mail (case data) decide where it is after the scroll.
    await link.scrollIntoViewIfNeeded();
    const box = await link.boundingBox();
    if (box === null) throw new Error('the link is not on screen');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect
      .poll(() => page.getByTestId('email-link-status').innerText())
      .toBe('Link to https://example.com/account/4471');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect
      .poll(() => page.getByTestId('link-confirm-target').innerText())
      .toBe('https://example.com/account/4471');
    await page.screenshot({ path: join(SHOTS, 'html-mail-link-confirm.png') });
    expect(os.browsed).toEqual([]);
    await page.getByRole('button', { name: 'Open link' }).click();
    await expect.poll(() => os.browsed).toEqual(['https://example.com/account/4471']);
    expect(
      page
        .frames()
        .map((f) => f.url())
        .slice(1),
    ).toEqual(['about:srcdoc']);

    // The plain text part, then back.
    await page.getByRole('button', { name: 'Plain text' }).click();
    await expect
      .poll(() => page.getByTestId('email-body').innerText())
      .toContain('Could you refund the second payment?');
    await page.screenshot({ path: join(SHOTS, 'plain-mail-1280.png') });
    await page.getByRole('button', { name: 'Formatted' }).click();
    await expect.poll(() => naturalSize(page, 'Jensen Design')).toBe('120x36');

    // Narrow, zoomed and dark: looked at, not measured.
    await darkScreenshot(page, join(SHOTS, 'html-mail-dark.png'));
    await page.setViewportSize({ width: 480, height: 800 });
    await page.screenshot({ path: join(SHOTS, 'html-mail-480.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.evaluate(() => {
      (
        globalThis as unknown as { document: { body: { style: { zoom: string } } } }
      ).document.body.style.zoom = '2';
    });
    await page.screenshot({ path: join(SHOTS, 'html-mail-zoom2.png') });
    await page.evaluate(() => {
      (
        globalThis as unknown as { document: { body: { style: { zoom: string } } } }
      ).document.body.style.zoom = '';
    });

    expect(problems.filter((problem) => problem !== SANDBOX_BLOCKED_SCRIPT)).toEqual([]);
  });

  it('shows remote images only after "Show images from this sender", remembered in the cache', async () => {
    const { page, simulator, desk, problems, responses } = await openDeskPage();
    await signInReady(page);
    const banner = `https://${PUBLIC_IMAGE_HOST}:${String(port)}/banner.png`;
    // The same listener by its address: an image no sender can be allowed to load.
    const loopback = `https://127.0.0.1:${String(port)}/loopback.png`;
    const first = simulator.control.receiveEmail({
      from: 'news@shop.example',
      subject: 'Our autumn offers',
      text: 'Autumn offers',
      html:
        `<h1>Autumn offers</h1><img id="banner" src="${banner}" alt="Banner">` +
        `<img id="loopback" src="${loopback}" alt="Loopback">`,
    });
    await acceptEmail(page, first, 'news@shop.example');
    const frame = page.frameLocator('iframe.mail-frame');
    await expect
      .poll(() => frame.getByRole('img', { name: 'Image blocked: Banner' }).count())
      .toBe(1);
    await page.waitForTimeout(300);
    expect(connections).toHaveLength(0);
    await page.screenshot({ path: join(SHOTS, 'remote-images-blocked.png') });

    // Pressed with the keyboard, it becomes Stop showing them and keeps the focus (was: another
    // button took its place, and the focus fell onto the body).
    await page.getByRole('button', { name: 'Show images from this sender' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => frame.locator('#banner').getAttribute('src')).toBe(banner);
    expect(await focusedText(page)).toBe('Stop showing them');
    await screenshotsAtThreeSizes(page, 'mail-view', 'stop-showing-images-focused-desk');
    // Asked for now, and only now (the listener is no TLS server, so it fails: expected).
    await expect.poll(() => connections.length).toBeGreaterThan(0);
    expect((await desk.handlers.interactions.get(first))?.remoteImagesAllowed).toBe(true);
    // The loopback image stays a placeholder, and the view says why.
    expect(await frame.getByRole('img', { name: 'Image blocked: Loopback' }).count()).toBe(1);
    expect(await frame.locator('#loopback').count()).toBe(0);
    expect(await page.getByTestId('email-images-local').innerText()).toBe(
      '1 image stays hidden: its address is not a public web site.',
    );

    // The next mail from that sender shows its images at once: the choice is in the cache.
    const second = simulator.control.receiveEmail({
      from: 'News@Shop.example',
      subject: 'More offers',
      text: 'More offers',
      html: `<img id="banner2" src="${banner}?2" alt="Banner 2">`,
    });
    await acceptEmail(page, second, 'News@Shop.example');
    await expect.poll(() => frame.locator('#banner2').getAttribute('src')).toBe(`${banner}?2`);
    expect(await page.getByTestId('email-images-allowed').innerText()).toContain(
      'news@shop.example',
    );
    await page.getByRole('button', { name: 'Stop showing them' }).click();
    await expect
      .poll(() => frame.getByRole('img', { name: 'Image blocked: Banner 2' }).count())
      .toBe(1);
    expect((await desk.handlers.interactions.get(first))?.remoteImagesAllowed).toBeUndefined();

    // The banner's requests reach the listener, which is no TLS server: they fail, as expected.
    expect(responses.some((response) => response.url.includes('loopback.png'))).toBe(false);
    expect(problems.some((problem) => problem.includes('loopback.png'))).toBe(false);
    const unexpected = problems.filter(
      (problem) =>
        !problem.includes(`${PUBLIC_IMAGE_HOST}:${String(port)}/banner.png`) &&
        !/^error: Failed to load resource: net::ERR_CONNECTION_(RESET|CLOSED)$/u.test(problem),
    );
    expect(unexpected).toEqual([]);
  });
});
