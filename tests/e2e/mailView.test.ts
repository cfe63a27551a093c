import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { declaredPolicy, MAIL_LAB_ROOT, serveMailLab } from '../support/mailLab';
import { newsletterHtml } from '../support/newsletter';
import type { StaticServer } from '../support/staticServer';
import { focusedText, screenshotsAtThreeSizes, sightings, watchFor } from './deskHarness';
import { bigHostileMails, hostileMails } from './hostileMailCorpus';

// The e-mail view in Chromium, on a page that mounts the real EmailView and its frame (the
// mail lab), under the desk's Content-Security-Policy: what the sanitizer keeps and drops, how
// `cid:` images resolve, how links and remote images behave. A loopback listener stands for
// every remote server: it counts connections, and no test may make one it does not expect.
// Remote images load only from public host names, so Chromium resolves one such name,
// PUBLIC_IMAGE_HOST, to the listener: nothing a test loads leaves the machine.

/** A public-looking host name that this file's Chromium resolves to 127.0.0.1. */
const PUBLIC_IMAGE_HOST = 'images.shop.example';

let browser: Browser;
let lab: StaticServer;
let listener: Server;
let port = 0;
const connections: Socket[] = [];

beforeAll(async () => {
  [browser, lab] = await Promise.all([
    launchChromium([`--host-resolver-rules=MAP ${PUBLIC_IMAGE_HOST} 127.0.0.1`]),
    serveMailLab(),
  ]);
  listener = createServer((socket) => {
    connections.push(socket);
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  port = (listener.address() as { port: number }).port;
});
afterAll(async () => {
  await Promise.all([
    browser.close(),
    lab.close(),
    new Promise((resolve) => listener.close(resolve)),
  ]);
});

/**
 * The lab page's hooks as this test uses them (renderer/src/testing/mailLab/labTypes.ts; the
 * Node project that checks tests cannot import the renderer's files).
 */
interface SafeMail {
  readonly document: string;
  readonly blockedImages: number;
  readonly inlineAttachmentIds: readonly string[];
}
interface LabAttachment {
  readonly id: string;
  readonly name: string;
  readonly mimeType?: string;
  readonly localPath?: string;
}
interface LabMail {
  readonly id: string;
  readonly html?: string;
  readonly text?: string;
  readonly from?: string;
  readonly attachments?: LabAttachment[];
  readonly remoteImagesAllowed?: boolean;
}
interface MailLab {
  readonly calls: { channel: string; args: readonly unknown[] }[];
  readonly images: Record<string, string>;
  render(mails: readonly LabMail[]): Promise<void>;
  sanitizeSliced(
    html: string,
    options: {
      attachments: readonly LabAttachment[];
      inlineImages: ReadonlyMap<string, string>;
      remoteImages: 'blocked' | 'allowed';
    },
    signal?: AbortSignal,
  ): Promise<SafeMail>;
  slicesOfLastSanitize(): number | undefined;
  sanitizeChunksOfLastSanitize(): { readonly count: number; readonly largest: number } | undefined;
  sanitize(
    html: string,
    options: {
      attachments: readonly LabAttachment[];
      inlineImages: ReadonlyMap<string, string>;
      remoteImages: 'blocked' | 'allowed';
    },
  ): SafeMail;
}
interface LabWindow {
  __mailLab: MailLab;
}

/**
 * Chromium itself makes the sanitizer fail: under a Trusted Types policy the inert document the
 * HTML is parsed into refuses a plain string (document.write throws a TypeError), as it would if
 * the desk's policy ever required trusted HTML.
 */
function sanitizerMadeToFail(page: Page): Promise<void> {
  return page.evaluate(() => {
    interface Meta {
      httpEquiv: string;
      content: string;
    }
    const { document } = globalThis as unknown as {
      document: { createElement(name: 'meta'): Meta; head: { append(node: Meta): void } };
    };
    const policy = document.createElement('meta');
    policy.httpEquiv = 'Content-Security-Policy';
    policy.content = "require-trusted-types-for 'script'";
    document.head.append(policy);
  });
}

async function openLab(): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(lab.url);
  await page.waitForFunction(() => '__mailLab' in globalThis);
  return { page, requests };
}

function sanitize(
  page: Page,
  html: string,
  options: Partial<Parameters<MailLab['sanitize']>[1]> = {},
) {
  return page.evaluate(
    ([html, options]) => {
      const lab = (globalThis as unknown as LabWindow).__mailLab;
      return lab.sanitize(html, {
        attachments: options.attachments ?? [],
        inlineImages: new Map(Object.entries(options.inlineImages)),
        remoteImages: options.remoteImages ?? 'blocked',
      });
    },
    [
      html,
      {
        ...options,
        inlineImages: Object.fromEntries(options.inlineImages ?? new Map<string, string>()),
      },
    ] as const,
  );
}

/** The body of a safe document. */
const bodyOf = (safe: SafeMail) => /<body>([\s\S]*)<\/body>/u.exec(safe.document)?.[1] ?? '';

const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('the mail lab', () => {
  it('runs under the desk’s own Content-Security-Policy', async () => {
    expect(await declaredPolicy(join(MAIL_LAB_ROOT, 'index.html'))).toBe(
      await declaredPolicy('renderer/index.html'),
    );
  });
});

describe('the sanitizer pipeline (lib/mailHtml.ts) in Chromium', () => {
  it('drops <template>, whose content the rewrite cannot reach', async () => {
    const { page } = await openLab();
    const safe = await sanitize(
      page,
      '<p>before</p><template><img src="https://x.example/t.png"><a href="javascript:alert(1)">x</a>' +
        '<p style="background:url(https://x.example/bg.png)">inside</p></template><p>after</p>',
    );
    const body = bodyOf(safe);
    expect(body).not.toMatch(/<template|x\.example|javascript:/iu);
    expect(body).toContain('<p>before</p>');
    expect(body).toContain('<p>after</p>');
    await page.close();
  });

  it('keeps the words and layout, drops scripts, handlers, forms, frames, SVG and MathML', async () => {
    const { page } = await openLab();
    const safe = await sanitize(
      page,
      '<style>p{color:red}</style><p onclick="x()">Hello <b>there</b></p><script>x()</script>' +
        '<form action="https://x.example/f"><label>Card</label><input name=n></form>' +
        '<iframe src="https://x.example"></iframe><object data="x"></object>' +
        '<svg><circle r="4"/></svg><math><mi>x</mi></math><table><tr><td>cell</td></tr></table>' +
        '<meta http-equiv="refresh" content="0;url=https://x.example"><base href="https://x.example/">',
    );
    const body = bodyOf(safe);
    expect(body).toContain('<style>p{color:red}</style>');
    expect(body).toContain('<p>Hello <b>there</b></p>');
    expect(body).toContain('<label>Card</label>');
    expect(body).toContain('<td>cell</td>');
    expect(body).not.toMatch(/<(script|form|input|iframe|object|svg|math|meta|base)\b|onclick/iu);
    expect(safe.document).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:;`,
    );
    await page.close();
  });

  it('blocks remote images with a placeholder, and shows only https ones once allowed', async () => {
    const { page } = await openLab();
    const html =
      '<img src="https://shop.example/a.png" alt="Logo"><img src="http://shop.example/b.png">' +
      '<img srcset="https://shop.example/c.png 2x" src="' +
      PNG +
      '"><img src="javascript:alert(1)">';
    const blocked = await sanitize(page, html);
    expect(blocked.blockedImages).toBe(2);
    expect(bodyOf(blocked)).not.toContain('shop.example');
    expect(bodyOf(blocked)).toContain('aria-label="Image blocked: Logo"');
    expect(bodyOf(blocked)).toContain(`<img src="${PNG}">`);
    const allowed = await sanitize(page, html, { remoteImages: 'allowed' });
    expect(allowed.blockedImages).toBe(1);
    expect(bodyOf(allowed)).toContain(
      '<img alt="Logo" src="https://shop.example/a.png" referrerpolicy="no-referrer">',
    );
    expect(bodyOf(allowed)).not.toContain('http://shop.example/b.png');
    expect(allowed.document).toContain('img-src data: https:;');
    await page.close();
  });

  it('holds remote images to the links’ rule even for an allowed sender: public https hosts only', async () => {
    const { page, requests } = await openLab();
    const local = [
      'https://127.0.0.1/a.png',
      'https://192.168.1.1/router.png',
      'https://[::1]/six.png',
      'https://0x7f.1/hex.png',
      'https://localhost/l.png',
      'https://printer.local/p.png',
      'https://intranet/i.png',
      'https://user@cdn.example.com/credentials.png',
    ];
    const html =
      local.map((src, index) => `<img src="${src}" alt="local ${String(index)}">`).join('') +
      '<img src="https://cdn.shop.example/public.png" alt="public">';
    const allowed = await sanitize(page, html, { remoteImages: 'allowed' });
    expect(allowed.blockedImages).toBe(local.length);
    const body = bodyOf(allowed);
    expect(body).toContain(
      '<img alt="public" src="https://cdn.shop.example/public.png" referrerpolicy="no-referrer">',
    );
    for (const src of local) expect(body).not.toContain(src);
    expect(body.match(/aria-label="Image blocked: local \d"/gu)).toHaveLength(local.length);
    // Only the sanitizer ran: the public host's image was never asked for.
    expect(requests.filter((url) => !url.startsWith(lab.url))).toEqual([]);
    await page.close();
  });

  it('resolves cid: images to the attachments by Content-ID, name or id, with or without a disposition', async () => {
    const { page } = await openLab();
    const attachments = [
      { id: 'doc-1', name: 'logo.png', mimeType: 'image/png' },
      { id: 'doc-2', name: 'part1.0609@example.com', mimeType: 'image/png' },
      { id: 'doc-3', name: 'chart.png', mimeType: 'image/png' },
    ];
    const html =
      '<img src="cid:logo.png@01DA.example"><img src="cid:%3Cpart1.0609@example.com%3E">' +
      '<img src="CID:doc-3"><img src="cid:nothing@example.com" alt="gone">';
    const pending = await sanitize(page, html, { attachments });
    expect(pending.inlineAttachmentIds).toEqual(['doc-1', 'doc-2', 'doc-3']);
    expect(bodyOf(pending).match(/>Image not downloaded yet</gu)).toHaveLength(3);
    expect(bodyOf(pending)).toContain('Missing image: gone');
    const shown = await sanitize(page, html, {
      attachments,
      inlineImages: new Map([
        ['doc-1', PNG],
        ['doc-2', PNG],
        ['doc-3', 'data:text/html;base64,PHNjcmlwdD4='],
      ]),
    });
    expect(bodyOf(shown).match(/<img src="data:image\/png/gu)).toHaveLength(2);
    // Main never answers anything but a raster image; the view does not trust that either.
    expect(bodyOf(shown)).not.toContain('data:text/html');
    await page.close();
  });

  it('shows two inline images of one name each as its own attachment, in the order of their Content-IDs', async () => {
    const { page } = await openLab();
    // Outlook's image001.png twice: a forwarded mail's picture and the signature's.
    const attachments = [
      { id: 'doc-1', name: 'image001.png', mimeType: 'image/png' },
      { id: 'doc-2', name: 'image001.png', mimeType: 'image/png' },
    ];
    const html =
      '<img id="a" src="cid:image001.png@01DA0001.AAAA"><img id="b" src="cid:image001.png@01DB0002.BBBB">';
    const pending = await sanitize(page, html, { attachments });
    expect(pending.inlineAttachmentIds).toEqual(['doc-1', 'doc-2']);
    const shown = await sanitize(page, html, {
      attachments,
      inlineImages: new Map([
        ['doc-1', PNG],
        ['doc-2', 'data:image/gif;base64,R0lGODlhAQABAAAAACw='],
      ]),
    });
    expect(bodyOf(shown)).toContain(`<img id="a" src="${PNG}">`);
    expect(bodyOf(shown)).toContain(
      '<img id="b" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">',
    );
    await page.close();
  });

  it('moves link targets out of href, keeping only http, https and mailto', async () => {
    const { page } = await openLab();
    const safe = await sanitize(
      page,
      '<a href="https://shop.example/account" target="_top">account</a>' +
        '<a href="mailto:help@shop.example">mail</a><a href="javascript:alert(1)">js</a>' +
        '<a href="data:text/html,<script>alert(1)</script>">data</a><area href="https://x.example">',
    );
    const body = bodyOf(safe);
    expect(body).toContain(
      '<a data-switchboard-href="https://shop.example/account" role="link" tabindex="0">account</a>',
    );
    expect(body).toContain('data-switchboard-href="mailto:help@shop.example"');
    expect(body).not.toMatch(/\shref=|javascript:|data:text|target=/iu);
    await page.close();
  });

  it('takes every load out of the mail’s CSS', async () => {
    const { page } = await openLab();
    const safe = await sanitize(
      page,
      '<style>@import "https://x.example/a.css"; p{color:blue}</style>' +
        '<style>h1{background:url(https://x.example/bg.png) red}</style>' +
        '<style>h2{background:u\\72l(https://x.example/e.png)}</style>' +
        '<p style="background-image:url(&quot;https://x.example/p.png&quot;);color:green">x</p>' +
        '<p style="background:image-set(&quot;https://x.example/i.png&quot; 1x)">y</p>' +
        '<style>h3{background-image:src("https://x.example/src.png")}</style>' +
        '<p style="background-image:src(&quot;https://x.example/s.png&quot;)">z</p>',
    );
    const body = bodyOf(safe);
    expect(body).not.toContain('x.example');
    expect(body).toContain('<style>h3{background-image:none}</style>');
    expect(body).toContain('<style>h1{background:none red}</style>');
    expect(body).toContain('style="background-image:none;color:green"');
    await page.close();
  });
});

describe('a 1.6 MB newsletter in Chromium', () => {
  it('is sanitized once: coming back to it gives the kept document, other options a new one', async () => {
    const { page } = await openLab();
    const found = await page.evaluate((html) => {
      const lab = (globalThis as unknown as LabWindow).__mailLab;
      // Fresh but equal options each time, as the view builds them on every open.
      const options = (remoteImages: 'blocked' | 'allowed', inline: [string, string][] = []) => ({
        attachments: [{ id: 'doc-1', name: 'logo.png' }],
        inlineImages: new Map(inline),
        remoteImages,
      });
      const timed = (run: () => SafeMail) => {
        const start = performance.now();
        const safe = run();
        return { safe, ms: performance.now() - start };
      };
      const first = timed(() => lab.sanitize(html, options('blocked')));
      const other = lab.sanitize('<p>another mail</p>', options('blocked'));
      // The same text in another string, as a detail read again carries it.
      const again = timed(() =>
        lab.sanitize(html.slice(0, 10) + html.slice(10), options('blocked')),
      );
      const allowed = lab.sanitize(html, options('allowed'));
      const withImage = lab.sanitize(
        html,
        options('blocked', [['doc-1', 'data:image/png;base64,AA==']]),
      );
      return {
        firstMs: first.ms,
        againMs: again.ms,
        same: again.safe === first.safe,
        otherIsOther: other !== first.safe && other.document.includes('another mail'),
        allowedIsNew: allowed !== first.safe && allowed.document.includes('img-src data: https:'),
        imageIsNew: withImage !== first.safe,
        blocked: first.safe.blockedImages,
      };
    }, newsletterHtml());
    console.log(
      `1.6 MB newsletter: sanitized in ${found.firstMs.toFixed(0)} ms, ` +
        `given again in ${found.againMs.toFixed(1)} ms`,
    );
    expect(found.blocked).toBe(990);
    expect(found.same).toBe(true);
    expect(found.otherIsOther).toBe(true);
    expect(found.allowedIsNew).toBe(true);
    expect(found.imageIsNew).toBe(true);
    await page.close();
  });
  it('is made for the view in slices, not in one long task, and gives the one-task document', async () => {
    const { page } = await openLab();
    const found = await page.evaluate(async (html) => {
      const lab = (globalThis as unknown as LabWindow).__mailLab;
      const options = () => ({
        attachments: [],
        inlineImages: new Map<string, string>(),
        remoteImages: 'blocked' as const,
      });
      const longTasks: number[] = [];
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longTasks.push(entry.duration);
      });
      // Chromium's entry type, which the Node types this file is checked with do not name.
      observer.observe({ type: 'longtask' } as never);
      const settle = () => new Promise((resolve) => setTimeout(resolve, 200));
      await settle();
      longTasks.length = 0;
      // Each a text not sanitized before (the kept documents would answer at once).
      const oneTaskStart = performance.now();
      const oneTask = lab.sanitize(`${html} `, options());
      const oneTaskMs = performance.now() - oneTaskStart;
      // Four other documents: the one made is no longer kept.
      for (const n of [1, 2, 3, 4]) lab.sanitize(`<p>${String(n)}</p>`, options());
      await settle();
      longTasks.length = 0;
      const sliced = await lab.sanitizeSliced(`${html} `, options());
      await settle();
      observer.disconnect();
      return {
        oneTaskMs,
        slicedLongest: Math.max(0, ...longTasks),
        slices: lab.slicesOfLastSanitize(),
        chunks: lab.sanitizeChunksOfLastSanitize(),
        same: sliced !== oneTask && sliced.document === oneTask.document,
        blocked: sliced.blockedImages,
      };
    }, newsletterHtml());
    console.log(
      `1.6 MB newsletter: one task ${found.oneTaskMs.toFixed(0)} ms; in ${String(found.slices)} ` +
        `slices, longest task ${found.slicedLongest.toFixed(0)} ms; DOMPurify given ` +
        `${String(found.chunks?.count)} chunks of at most ${String(found.chunks?.largest)} elements`,
    );
    expect(found.blocked).toBe(990);
    expect(found.same).toBe(true);
    // 25 parse slices of 64 KiB, DOMPurify's walk ~1,000 elements at a time (the newsletter is one
    // <center> holding everything: it is cut inside), 990 images and ~10,000 elements 1,000 at a
    // time. The times are printed, not compared (under load single timings swing several-fold);
    // what bounds them is that no slice walks more than 1,000 elements and their ancestors' copies.
    expect(found.chunks?.count).toBeGreaterThanOrEqual(10);
    expect(found.chunks?.largest).toBeLessThanOrEqual(1_000 + 32);
    expect(found.slices).toBeGreaterThanOrEqual(45);
    await page.close();
  });

  it('stops being made in slices once the view no longer wants it (another mail opened)', async () => {
    const { page } = await openLab();
    // On Playwright's clock: the three seconds below are run, not waited for.
    await page.clock.install();
    const { outcome, slicesBefore } = await page.evaluate(async (html) => {
      const lab = (globalThis as unknown as LabWindow).__mailLab;
      const options = {
        attachments: [],
        inlineImages: new Map<string, string>(),
        remoteImages: 'blocked' as const,
      };
      const slicesBefore = lab.slicesOfLastSanitize();
      const wanted = new AbortController();
      const making = lab.sanitizeSliced(`${html}  `, options, wanted.signal);
      // After the first slice, as the agent opens another mail.
      await new Promise((resolve) => setTimeout(resolve, 0));
      wanted.abort();
      const outcome = await making.then(
        () => 'made',
        (failure: unknown) => (failure instanceof DOMException ? failure.name : String(failure)),
      );
      return { outcome, slicesBefore };
    }, newsletterHtml());
    // Had it run on, its slices (each a task of its own) would have ended within these.
    await page.clock.runFor(3_000);
    const finished = await page.evaluate(
      (before) => (globalThis as unknown as LabWindow).__mailLab.slicesOfLastSanitize() !== before,
      slicesBefore,
    );
    expect({ outcome, finished }).toEqual({ outcome: 'AbortError', finished: false });
    await page.close();
  });

  it('is no longer made once the view shows another mail instead', async () => {
    const { page } = await openLab();
    // On Playwright's clock: the five seconds below are run, not waited for.
    await page.clock.install();
    await page.evaluate(async (html) => {
      const lab = (globalThis as unknown as LabWindow).__mailLab;
      // Not awaited: the agent opens another mail while the newsletter's slices run.
      const opening = lab.render([{ id: 'newsletter', html }]);
      await new Promise((resolve) => setTimeout(resolve, 0));
      await lab.render([{ id: 'short', html: '<p>Thanks!</p>' }]);
      await opening;
    }, newsletterHtml());
    // The newsletter's ~36 slices, had they run on, would have ended within these, after the
    // short mail's few.
    await page.clock.runFor(5_000);
    const slices = await page.evaluate(() =>
      (globalThis as unknown as LabWindow).__mailLab.slicesOfLastSanitize(),
    );
    expect(slices).toBeLessThan(5);
    expect(await page.getByTestId('email-html-loading').count()).toBe(0);
    await page.close();
  });

  it('is made in slices to the same document as in one task, for every mail of the hostile corpus', async () => {
    const { page } = await openLab();
    const mails = hostileMails(200, 'http://127.0.0.1:9');
    const differing = await page.evaluate(async (mails) => {
      const lab = (globalThis as unknown as LabWindow).__mailLab;
      const options = (remoteImages: 'blocked' | 'allowed') => ({
        attachments: [{ id: 'doc-1', name: 'logo.png' }],
        inlineImages: new Map<string, string>(),
        remoteImages,
      });
      const differs: string[] = [];
      for (const mail of mails)
        for (const remoteImages of ['blocked', 'allowed'] as const) {
          const oneTask = lab.sanitize(mail.html, options(remoteImages));
          // Another string of the same text, after four other documents: not the kept one.
          for (const n of [1, 2, 3, 4]) lab.sanitize(`<p>${String(n)}</p>`, options(remoteImages));
          const sliced = await lab.sanitizeSliced(mail.html, options(remoteImages));
          if (sliced === oneTask || sliced.document !== oneTask.document) differs.push(mail.id);
        }
      return differs;
    }, mails);
    expect(differing).toEqual([]);
    await page.close();
  });

  it('is sanitized a chunk at a time to the same document as in one task, for big mails made of the hostile corpus', async () => {
    const { page } = await openLab();
    const mails = bigHostileMails('http://127.0.0.1:9');
    const found = await page.evaluate(async (mails) => {
      const lab = (globalThis as unknown as LabWindow).__mailLab;
      const options = () => ({
        attachments: [{ id: 'doc-1', name: 'logo.png' }],
        inlineImages: new Map<string, string>(),
        remoteImages: 'blocked' as const,
      });
      const results = [];
      for (const mail of mails) {
        const oneTask = lab.sanitize(mail.html, options());
        for (const n of [1, 2, 3, 4]) lab.sanitize(`<p>${String(n)}</p>`, options());
        const sliced = await lab.sanitizeSliced(mail.html, options());
        results.push({
          id: mail.id,
          same: sliced !== oneTask && sliced.document === oneTask.document,
          chunks: lab.sanitizeChunksOfLastSanitize()?.count ?? 0,
          largest: lab.sanitizeChunksOfLastSanitize()?.largest ?? 0,
          length: oneTask.document.length,
        });
      }
      return results;
    }, mails);
    for (const result of found)
      console.log(
        `${result.id}: ${String(result.chunks)} chunks of at most ${String(result.largest)} ` +
          `elements, ${String(result.length)} characters`,
      );
    expect(found.filter((result) => !result.same).map((result) => result.id)).toEqual([]);
    // Cut where it may be (else the comparison above would prove little), whole where not.
    const uncut = found.filter((result, at) => mails[at]?.cut === true && result.chunks < 5);
    const cutInside = found.filter(
      (result, at) => mails[at]?.cut === false && result.largest <= 1_000 + 32,
    );
    expect(uncut.map((result) => result.id)).toEqual([]);
    expect(cutInside.map((result) => result.id)).toEqual([]);
    await page.close();
  });
});

describe('the e-mail view in Chromium', () => {
  async function render(page: Page, mails: Parameters<MailLab['render']>[0]) {
    await page.evaluate(async (mails) => {
      await (globalThis as unknown as LabWindow).__mailLab.render(mails);
    }, mails);
  }
  const calls = (page: Page) =>
    page.evaluate(() => (globalThis as unknown as LabWindow).__mailLab.calls);

  it('shows the HTML part by default, the text part on request, and remembers the choice', async () => {
    const { page } = await openLab();
    await render(page, [
      { id: 'm1', html: '<p id="rich">Rich <b>text</b></p>', text: 'Plain words' },
    ]);
    const frame = page.frameLocator('iframe.mail-frame');
    await expect.poll(() => frame.locator('#rich').innerText()).toBe('Rich text');
    await page.getByRole('button', { name: 'Plain text' }).click();
    await expect.poll(() => page.getByTestId('email-body').innerText()).toBe('Plain words');
    expect(await page.locator('iframe').count()).toBe(0);
    await render(page, [{ id: 'm2', html: '<p>Second</p>', text: 'Second, plain' }]);
    await expect.poll(() => page.getByTestId('email-body').innerText()).toBe('Second, plain');
    await page.getByRole('button', { name: 'Formatted' }).click();
    await expect.poll(() => page.locator('iframe.mail-frame').count()).toBe(1);
    // HTML only: no toggle, the HTML shows.
    await render(page, [{ id: 'm3', html: '<p id="only">Only HTML</p>' }]);
    await expect.poll(() => frame.locator('#only').innerText()).toBe('Only HTML');
    expect(await page.getByRole('button', { name: 'Plain text' }).count()).toBe(0);
    await page.close();
  });

  it('shows the text part, with a note, when the HTML part cannot be made safe', async () => {
    const { page } = await openLab();
    await sanitizerMadeToFail(page);
    await render(page, [{ id: 'm1', html: '<p>Rich <b>words</b></p>', text: 'Plain words' }]);
    await expect.poll(() => page.getByTestId('email-body').innerText()).toBe('Plain words');
    expect(await page.getByTestId('email-html-failed').innerText()).toBe(
      'The formatted version could not be shown: this is the plain text.',
    );
    expect(await page.getByTestId('email-no-text').count()).toBe(0);
    expect(await page.locator('iframe').count()).toBe(0);
    // No "Formatted" to choose: the note says why it is not there.
    expect(await page.getByRole('button', { name: 'Formatted' }).count()).toBe(0);
    await screenshotsAtThreeSizes(page, 'mail', 'html-failed-text-shown');
    // No text part to fall back on: the note says the formatted version failed, not "no text".
    await render(page, [{ id: 'm2', html: '<p>Only HTML</p>' }]);
    await expect
      .poll(() => page.getByTestId('email-html-failed').innerText())
      .toBe('The formatted version of this e-mail could not be shown.');
    expect(await page.getByTestId('email-body').count()).toBe(0);
    expect(await page.getByTestId('email-no-text').count()).toBe(0);
    // A mail with neither part still says it has no text.
    await render(page, [{ id: 'm3', text: '  ' }]);
    await expect
      .poll(() => page.getByTestId('email-no-text').innerText())
      .toBe('This e-mail has no text.');
    expect(await page.getByTestId('email-html-failed').count()).toBe(0);
    await page.close();
  });

  it('keeps the text and its note while the same mail is made again (a download finished)', async () => {
    const { page } = await openLab();
    const failures: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('could not be made safe')) failures.push(message.text());
    });
    await sanitizerMadeToFail(page);
    const mail = { id: 'm1', html: '<p>Rich <b>words</b></p>', text: 'Plain words' };
    const attachment = { id: 'a1', name: 'invoice.pdf', mimeType: 'application/pdf' };
    await render(page, [{ ...mail, attachments: [attachment] }]);
    await expect.poll(() => page.getByTestId('email-html-failed').count()).toBe(1);
    await expect.poll(() => failures.length).toBe(1);
    // From now on, the "Formatted" choice never shows, nor the body go.
    await watchFor(page, { selector: '[data-testid="email-show-html"]' });
    await page.evaluate(() => {
      const dom = globalThis as unknown as {
        document: { querySelector(selector: string): unknown };
        MutationObserver: new (callback: () => void) => {
          observe(target: unknown, options: object): void;
        };
        __bodyGone?: boolean;
      };
      new dom.MutationObserver(() => {
        if (dom.document.querySelector('[data-testid="email-body"]') === null)
          dom.__bodyGone = true;
      }).observe(dom.document, { subtree: true, childList: true });
    });
    // The attachment downloaded: the same mail, made again with it, fails again.
    await render(page, [{ ...mail, attachments: [{ ...attachment, localPath: '/tmp/a1.pdf' }] }]);
    await expect.poll(() => failures.length).toBe(2);
    expect(await sightings(page)).toEqual([]);
    expect(
      await page.evaluate(() => (globalThis as unknown as { __bodyGone?: boolean }).__bodyGone),
    ).toBeUndefined();
    expect(await page.getByTestId('email-body').innerText()).toBe('Plain words');
    expect(await page.getByTestId('email-html-failed').count()).toBe(1);
    // Images allowed for its sender: no notice says they are shown, for no image is.
    await render(page, [{ ...mail, id: 'm2', from: 'ann@example.com', remoteImagesAllowed: true }]);
    await expect.poll(() => failures.length).toBe(3);
    expect(await page.getByTestId('email-html-failed').count()).toBe(1);
    expect(await page.getByTestId('email-images-allowed').count()).toBe(0);
    await page.close();
  });

  it('opens a link only through the desk, after showing its real target', async () => {
    const { page, requests } = await openLab();
    await render(page, [
      {
        id: 'm1',
        html:
          '<p><a id="safe" href="https://shop.example/account?id=4471">My account</a> ' +
          '<a id="plain" href="http://shop.example/">plain http</a></p>',
      },
    ]);
    const frame = page.frameLocator('iframe.mail-frame');
    await frame.locator('#safe').hover();
    await expect
      .poll(() => page.getByTestId('email-link-status').innerText())
      .toBe('Link to https://shop.example/account?id=4471');
    await frame.locator('#safe').click();
    const confirm = page.getByRole('alertdialog');
    await expect
      .poll(() => confirm.getByTestId('link-confirm-target').innerText())
      .toBe('https://shop.example/account?id=4471');
    // The frame did not move, and nothing was asked of the network.
    expect(page.frames().map((f) => f.url())).toEqual([lab.url, 'about:srcdoc']);
    expect(await calls(page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Open link' }).click();
    await expect
      .poll(async () => (await calls(page)).map((call) => [call.channel, ...call.args]))
      .toEqual([['switchboard:mail:openLink', 'https://shop.example/account?id=4471']]);
    await expect.poll(() => confirm.count()).toBe(0);

    // Plain http is shown, not opened: the shell opens only https.
    await frame.locator('#plain').focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => confirm.innerText())
      .toContain(
        'Switchboard opens only secure (https) links to public web sites. This one goes to:',
      );
    expect(await confirm.getByRole('button', { name: 'Open link' }).count()).toBe(0);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect((await calls(page)).length).toBe(1);
    expect(requests.filter((url) => !url.startsWith(lab.url))).toEqual([]);
    await page.close();
  });

  it('never loads a remote image from a loopback address, even from an allowed sender', async () => {
    const { page, requests } = await openLab();
    const before = connections.length;
    const pixel = `https://127.0.0.1:${String(port)}/pixel.png`;
    await render(page, [
      {
        id: 'm1',
        from: 'Maria Jensen <maria@example.com>',
        html: `<p>Hi</p><img id="pixel" src="${pixel}" alt="Banner">`,
      },
    ]);
    await page.getByRole('button', { name: 'Show images from this sender' }).click();
    await expect
      .poll(() => page.getByTestId('email-images-local').innerText())
      .toBe('1 image stays hidden: its address is not a public web site.');
    // The note above is the desk's; the frame's new document (images allowed) loads after it.
    const frame = page.frameLocator('iframe.mail-frame');
    await expect
      .poll(() => frame.getByRole('img', { name: 'Image blocked: Banner' }).count())
      .toBe(1);
    expect(await frame.locator('#pixel').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(connections.length).toBe(before);
    expect(requests.filter((url) => !url.startsWith(lab.url))).toEqual([]);
    await page.close();
  });

  it('blocks remote images until the agent allows the sender, then asks main to remember it', async () => {
    const { page, requests } = await openLab();
    const before = connections.length;
    const pixel = `https://${PUBLIC_IMAGE_HOST}:${String(port)}/pixel.png`;
    await render(page, [
      {
        id: 'm1',
        from: 'Maria Jensen <maria@example.com>',
        html: `<p>Hi</p><img id="pixel" src="${pixel}" alt="Banner">`,
      },
    ]);
    const frame = page.frameLocator('iframe.mail-frame');
    await expect
      .poll(() => page.getByTestId('email-images-blocked').innerText())
      .toContain('1 image is not shown');
    await expect
      .poll(() => frame.getByRole('img', { name: 'Image blocked: Banner' }).count())
      .toBe(1);
    await page.waitForTimeout(200);
    expect(connections.length).toBe(before);
    expect(requests.filter((url) => !url.startsWith(lab.url))).toEqual([]);

    // Pressed with the keyboard, the button becomes Stop showing them and keeps the focus (was:
    // another button took its place, and the focus fell onto the body).
    await page.getByRole('button', { name: 'Show images from this sender' }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('email-images-allowed').innerText())
      .toContain('Images from maria@example.com are shown.');
    expect(await focusedText(page)).toBe('Stop showing them');
    // Main was asked once whether the sender is allowed (the lab says no), then told to allow.
    expect((await calls(page)).map((call) => [call.channel, ...call.args])).toEqual([
      ['switchboard:mail:remoteImagesAllowed', 'Maria Jensen <maria@example.com>'],
      ['switchboard:mail:allowRemoteImages', 'Maria Jensen <maria@example.com>'],
    ]);
    await expect.poll(() => frame.locator('#pixel').getAttribute('src')).toBe(pixel);
    // Now, and only now, the image is asked for (the listener is no TLS server: it fails).
    await expect.poll(() => connections.length).toBeGreaterThan(before);
    await page.keyboard.press('Space');
    await expect.poll(() => frame.locator('#pixel').count()).toBe(0);
    expect(await page.getByTestId('email-images-blocked').innerText()).toContain(
      '1 image is not shown',
    );
    expect(await focusedText(page)).toBe('Show images from this sender');

    // Allowed again, a mail of theirs with no remote image shows only Stop showing them: pressed,
    // the whole notice goes, and the keyboard goes on to what Tab reaches next (the mail's own
    // frame here), not onto the body.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('email-images-allowed').count()).toBe(1);
    await render(page, [{ id: 'm2', from: 'maria@example.com', html: '<p>No images here</p>' }]);
    await expect.poll(() => page.getByTestId('email-images-allowed').count()).toBe(1);
    await page.getByRole('button', { name: 'Stop showing them' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('email-images-allowed').count()).toBe(0);
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { tagName: string } | null } })
            .document.activeElement?.tagName,
      ),
    ).toBe('IFRAME');
    await page.close();
  });

  it('keeps one remote-image answer per sender: the latest choice counts in every mail of theirs', async () => {
    const { page, requests } = await openLab();
    const image = (mail: string) =>
      `https://${PUBLIC_IMAGE_HOST}:${String(port)}/banner.png?mail=${mail}`;
    const imageRequests = () => requests.filter((url) => url.includes(PUBLIC_IMAGE_HOST)).length;
    const mailA = {
      id: 'a',
      from: 'Maria Jensen <maria@example.com>',
      html: `<p>A</p><img id="banner-a" src="${image('a')}" alt="Banner A">`,
    };
    const mailB = {
      id: 'b',
      from: 'MARIA@example.com',
      html: `<p>B</p><img id="banner-b" src="${image('b')}" alt="Banner B">`,
    };
    const frame = page.frameLocator('iframe.mail-frame');

    // A: blocked, then allowed; its image is asked for.
    await render(page, [mailA]);
    await expect.poll(() => page.getByTestId('email-images-blocked').count()).toBe(1);
    const beforeAllow = connections.length;
    await page.getByRole('button', { name: 'Show images from this sender' }).click();
    await expect.poll(() => frame.locator('#banner-a').getAttribute('src')).toBe(image('a'));
    await expect.poll(() => connections.length).toBeGreaterThan(beforeAllow);
    expect(imageRequests()).toBeGreaterThan(0);

    // B, from the same sender: shown at once, without asking again.
    await render(page, [mailB]);
    await expect.poll(() => frame.locator('#banner-b').getAttribute('src')).toBe(image('b'));
    expect(await page.getByTestId('email-images-blocked').count()).toBe(0);
    expect(
      (await calls(page)).filter((call) => call.channel === 'switchboard:mail:remoteImagesAllowed'),
    ).toHaveLength(1);

    // "Stop showing them" in B, then back to A: A is blocked again and asks for nothing.
    await page.getByRole('button', { name: 'Stop showing them' }).click();
    await expect
      .poll(() => frame.getByRole('img', { name: 'Image blocked: Banner B' }).count())
      .toBe(1);
    await page.waitForTimeout(300);
    const connectionsBeforeA = connections.length;
    const requestsBeforeA = imageRequests();
    await render(page, [mailA]);
    await expect
      .poll(() => page.getByTestId('email-images-blocked').innerText())
      .toContain('1 image is not shown');
    await expect
      .poll(() => frame.getByRole('img', { name: 'Image blocked: Banner A' }).count())
      .toBe(1);
    expect(await frame.locator('#banner-a').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(connections.length).toBe(connectionsBeforeA);
    expect(imageRequests()).toBe(requestsBeforeA);
    expect((await calls(page)).map((call) => call.channel)).toEqual([
      'switchboard:mail:remoteImagesAllowed',
      'switchboard:mail:allowRemoteImages',
      'switchboard:mail:forgetRemoteImages',
    ]);
    await page.close();
  });

  it('blocks a mail’s images again after "Stop showing them" in another mail of its sender', async () => {
    // As the desk does it: B's detail, read after A allowed the sender, says so (the cache);
    // A's detail, read again after B forgot the sender, says nothing.
    const { page, requests } = await openLab();
    const image = `https://${PUBLIC_IMAGE_HOST}:${String(port)}/banner.png?mail=a`;
    const imageRequests = () => requests.filter((url) => url.includes(PUBLIC_IMAGE_HOST)).length;
    const mailA = {
      id: 'a',
      from: 'Maria Jensen <maria@example.com>',
      html: `<img id="banner-a" src="${image}" alt="Banner A">`,
    };
    const frame = page.frameLocator('iframe.mail-frame');
    await render(page, [mailA]);
    await page.getByRole('button', { name: 'Show images from this sender' }).click();
    await expect.poll(() => frame.locator('#banner-a').getAttribute('src')).toBe(image);
    await render(page, [
      {
        id: 'b',
        from: 'maria@example.com',
        html: '<p>No images</p><img src="https://x.example/b.png" alt="B">',
        remoteImagesAllowed: true,
      },
    ]);
    await page.getByRole('button', { name: 'Stop showing them' }).click();
    await expect.poll(() => page.getByTestId('email-images-blocked').count()).toBe(1);
    await page.waitForTimeout(300);
    const connectionsBefore = connections.length;
    const requestsBefore = imageRequests();
    await render(page, [mailA]);
    await expect
      .poll(() => page.getByTestId('email-images-blocked').innerText())
      .toContain('1 image is not shown');
    expect(await frame.locator('#banner-a').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(connections.length).toBe(connectionsBefore);
    expect(imageRequests()).toBe(requestsBefore);
    await page.close();
  });

  it('shows cid: images from the downloaded attachments, asking main for their bytes', async () => {
    const { page } = await openLab();
    await page.evaluate((png) => {
      (globalThis as unknown as LabWindow).__mailLab.images['doc-logo'] = png;
    }, PNG);
    await render(page, [
      {
        id: 'm1',
        html: '<p>Logo: <img id="logo" src="cid:logo.png@mail.example.com"></p>',
        attachments: [
          { id: 'doc-logo', name: 'logo.png', mimeType: 'image/png', localPath: '/cache/logo.png' },
        ],
      },
    ]);
    const frame = page.frameLocator('iframe.mail-frame');
    await expect.poll(() => frame.locator('#logo').getAttribute('src')).toBe(PNG);
    expect(
      await frame
        .locator('#logo')
        .evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth),
    ).toBe(1);
    expect((await calls(page)).map((call) => [call.channel, ...call.args])).toEqual([
      ['switchboard:mail:inlineImage', 'm1', 'doc-logo'],
    ]);
    await page.close();
  });

  it('shows the inline images fetched together: one new document for all, not one per image', async () => {
    const { page } = await openLab();
    const ids = ['doc-1', 'doc-2', 'doc-3', 'doc-4'];
    await page.evaluate(
      ([png, ids]) => {
        const scope = globalThis as unknown as LabWindow & {
          document: { body: unknown };
          MutationObserver: new (callback: () => void) => {
            observe(target: unknown, options: Readonly<Record<string, unknown>>): void;
          };
          __documents: number;
        };
        for (const id of ids) scope.__mailLab.images[id] = png;
        // Every document the frame is given after its first (each sanitizes and lays out anew).
        scope.__documents = 0;
        new scope.MutationObserver(() => {
          scope.__documents += 1;
        }).observe(scope.document.body, { subtree: true, attributeFilter: ['srcdoc'] });
      },
      [PNG, ids] as const,
    );
    await render(page, [
      {
        id: 'm1',
        html: ids.map((id) => `<img id="${id}" src="cid:${id}">`).join(''),
        attachments: ids.map((id) => ({
          id,
          name: `${id}.png`,
          mimeType: 'image/png',
          localPath: `/cache/${id}.png`,
        })),
      },
    ]);
    const frame = page.frameLocator('iframe.mail-frame');
    for (const id of ids)
      await expect.poll(() => frame.locator(`#${id}`).getAttribute('src')).toBe(PNG);
    expect(
      await page.evaluate(() => (globalThis as unknown as { __documents: number }).__documents),
    ).toBe(1);
    await page.close();
  });

  it('grows the frame with the mail up to 20,000 px, and scrolls a longer one inside it', async () => {
    const { page } = await openLab();
    await render(page, [
      { id: 'm1', html: '<div style="height:1e7px">very tall</div><p id="end">the end</p>' },
    ]);
    const iframe = page.locator('iframe.mail-frame');
    await expect
      .poll(() =>
        iframe.evaluate((element) => (element as unknown as { clientHeight: number }).clientHeight),
      )
      .toBe(20_000);
    const scrolled = await iframe.evaluate((element) => {
      const root = (
        element as unknown as {
          contentDocument: {
            documentElement: { scrollHeight: number; scrollTop: number };
          };
        }
      ).contentDocument.documentElement;
      root.scrollTop = root.scrollHeight;
      return { scrollHeight: root.scrollHeight, scrollTop: root.scrollTop };
    });
    expect(scrolled.scrollHeight).toBeGreaterThan(10_000_000);
    expect(scrolled.scrollTop).toBeGreaterThan(9_000_000);
    await page.close();
  });
});
