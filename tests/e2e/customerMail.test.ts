import { mkdir, readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  acceptOpened,
  emulateWindow,
  REFLOW_320,
  row,
  screenshotsAtThreeSizes,
  signInReady,
  useDeskPages,
  ZOOM_200,
} from './deskHarness';

// Mail as customers really send it, through the real desk (core, cache, GWS client and
// simulator; the shipped renderer in Chromium): what the agent reads and what leaves with the
// answer. Hostile mail has its own file (hostileMail.test.ts); this one is about ordinary mail
// that real mail programs write.

const { open: openDeskPage } = useDeskPages();
const FOLDER = 'customer-mail';

/** Opens e-mail `id` and starts a reply or forward to it; answers the composer's text. */
async function respond(
  page: Page,
  id: string,
  action: 'Reply' | 'Reply all' | 'Forward',
): Promise<string> {
  await row(page, id).locator('button.row__main').click();
  await page
    .getByRole('toolbar', { name: 'Actions' })
    .getByRole('button', { name: action, exact: true })
    .click();
  await expect.poll(() => page.getByTestId('composer').getAttribute('data-ready')).toBe('true');
  return await page.getByLabel('Text', { exact: true }).inputValue();
}

/**
 * A thread as Outlook and Gmail write it in HTML only (many send no text part): each answer
 * above the last, Outlook's "From:/Sent:" block or Gmail's "On … wrote:" with a blockquote.
 */
function htmlThread(levels: number): string {
  let html = '<div>My order 4471 never arrived.<br>Order date: 1 Nov.</div><div>Kim</div>';
  for (let level = 1; level < levels; level += 1) {
    html =
      level % 2 === 0
        ? `<div>Reply number ${level}.<br>Thanks,<br>Kim</div><div class="gmail_quote">` +
          `<div>On Mon, 3 Nov 2026 at 10:${String(level).padStart(2, '0')} Support ` +
          `&lt;support@switchboard.example&gt; wrote:<br></div>` +
          `<blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px #ccc solid;` +
          `padding-left:1ex">${html}</blockquote></div>`
        : `<div>Answer ${level} from support.</div><div style="border:none;border-top:solid ` +
          `#E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in"><p class="MsoNormal"><b>From:</b> Kim Lee ` +
          `&lt;kim@example.com&gt;<br><b>Sent:</b> Monday, November 3, 2026 10:` +
          `${String(level).padStart(2, '0')} AM<br><b>To:</b> support@switchboard.example<br>` +
          `<b>Subject:</b> RE: Order 4471</p></div>${html}`;
  }
  return html;
}

/** The DOM members the in-page measure below uses (the tests compile without the DOM). */
interface TextBox {
  readonly firstChild: unknown;
  readonly textContent: string | null;
  getBoundingClientRect(): { readonly left: number; readonly right: number };
}
interface PageRange {
  setStart(node: unknown, offset: number): void;
  setEnd(node: unknown, offset: number): void;
  getBoundingClientRect(): { readonly left: number; readonly right: number };
}

/**
 * Where (x, CSS px) a line's first and last characters are drawn in the plain-text body, and
 * where the body's box ends: `first` right of `last` when the line reads right to left.
 */
function drawnLine(
  page: Page,
  line: string,
): Promise<{ first: number; last: number; boxRight: number }> {
  return page.getByTestId('email-body').evaluate((element, wanted) => {
    const body = element as unknown as TextBox;
    const start = (body.textContent ?? '').indexOf(wanted);
    const range = (
      globalThis as unknown as { document: { createRange(): PageRange } }
    ).document.createRange();
    const at = (index: number) => {
      range.setStart(body.firstChild, index);
      range.setEnd(body.firstChild, index + 1);
      const box = range.getBoundingClientRect();
      return (box.left + box.right) / 2;
    };
    return {
      first: at(start),
      last: at(start + wanted.length - 1),
      boxRight: body.getBoundingClientRect().right,
    };
  }, line);
}

/**
 * The composer at the three sizes, and at 200% and 320 px once more with its text area (the
 * quote) scrolled into view: there the panel with the original fills the first view.
 */
async function quoteScreenshots(page: Page, name: string): Promise<void> {
  await screenshotsAtThreeSizes(page, FOLDER, name);
  const text = page.getByLabel('Text', { exact: true });
  for (const [size, suffix] of [
    [ZOOM_200, 'zoom200'],
    [REFLOW_320, '320'],
  ] as const) {
    await emulateWindow(page, size);
    await text.scrollIntoViewIfNeeded();
    // Send stays whole in the window while the agent types (at 200% zoom it ran under the
    // version line the window's foot then had: the Send bar kept its wide-window style and did
    // not stick).
    const send = await page.getByRole('button', { name: 'Send' }).boundingBox();
    if (send === null) throw new Error('Send not shown');
    expect(send.y + send.height).toBeLessThanOrEqual(size.height);
    await page.screenshot({ path: `out/screenshots/${FOLDER}/${name}-text-${suffix}.png` });
  }
  await emulateWindow(page, { width: 1280, height: 800 });
}

describe('mail as customers send it', () => {
  beforeAll(async () => {
    await mkdir(`out/screenshots/${FOLDER}`, { recursive: true });
  });

  it('quotes and forwards an HTML-only e-mail by its words, and sends them', async () => {
    const { page, simulator, problems } = await openDeskPage();
    await signInReady(page);
    // 30 answers deep, HTML only: the text part is empty, as Outlook and Gmail often send it.
    const id = simulator.control.receiveEmail({
      from: 'kim@example.com',
      fromPersonal: 'Kim Lee',
      subject: 'RE: Order 4471',
      text: '',
      html: htmlThread(30),
    });
    await acceptOpened(page, id);

    const reply = await respond(page, id, 'Reply');
    // The customer's newest words, the Outlook block under them and the first mail, 30 deep.
    expect(reply).toMatch(
      /^\n\nOn .+, Kim Lee wrote:\n> Answer 29 from support\.\n> From: Kim Lee <kim@example\.com>\n/u,
    );
    expect(reply).toContain(
      '\n> On Mon, 3 Nov 2026 at 10:28 Support <support@switchboard.example> wrote:\n',
    );
    // Each of Gmail's 14 blockquotes a level deeper (Outlook's blocks use none), under the
    // reply's own: the first mail behind 15 `>`.
    expect(reply).toContain('\n>> Answer 27 from support.\n>> From: Kim Lee <kim@example.com>\n');
    expect(reply).toMatch(
      /\n>{15} My order 4471 never arrived\.\n>{15} Order date: 1 Nov\.\n>{15} Kim$/u,
    );
    // The panel above the fields shows the original's words too, not "no plain text part".
    expect(await page.getByTestId('composer-original').innerText()).toContain(
      'My order 4471 never arrived.',
    );
    await screenshotsAtThreeSizes(page, FOLDER, 'html-only-reply');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => simulator.world.sent.length).toBe(1);
    expect(simulator.world.sent[0]?.text).toBe(reply);

    const forward = await respond(page, id, 'Forward');
    expect(forward).toContain('\nSubject: RE: Order 4471\n');
    expect(forward).toContain('\nAnswer 29 from support.\n');
    expect(forward).toMatch(
      /\n>{14} My order 4471 never arrived\.\n>{14} Order date: 1 Nov\.\n>{14} Kim$/u,
    );
    await page.getByLabel('To', { exact: true }).fill('billing@example.com');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => simulator.world.sent.length).toBe(2);
    expect(simulator.world.sent[1]?.text).toBe(forward);
    expect(problems).toEqual([]);
  });

  it('quotes a two-level Gmail thread by its levels: Reply, Reply all and Forward', async () => {
    const { page, simulator, problems } = await openDeskPage();
    await signInReady(page);
    const gmailQuote = (attribution: string, quoted: string) =>
      `<div class="gmail_quote"><div dir="ltr" class="gmail_attr">${attribution}<br></div>` +
      '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid ' +
      `rgb(204,204,204);padding-left:1ex">${quoted}</blockquote></div>`;
    // HTML only, as Gmail sends it: Kim's answer over Support's over Kim's first mail.
    const id = simulator.control.receiveEmail({
      from: 'kim@example.com',
      fromPersonal: 'Kim Lee',
      to: ['support@switchboard.example', 'orders@shop.example'],
      subject: 'Re: Order 4471',
      text: '',
      html:
        '<div dir="ltr">Still nothing. Steps I tried:<ol><li>the <a href="https://track.' +
        'example/4471">tracking page</a></li><li>calling the depot</li></ol><div>Kim</div>' +
        '</div><br>' +
        gmailQuote(
          'On Tue, 4 Nov 2026 at 09:12, Support &lt;support@switchboard.example&gt; wrote:',
          '<div dir="ltr">Dear Kim,<div>your parcel left our warehouse today.</div></div><br>' +
            gmailQuote(
              'On Mon, 3 Nov 2026 at 18:40, Kim Lee &lt;kim@example.com&gt; wrote:',
              '<div dir="ltr">My order 4471 never arrived.</div>',
            ),
        ),
    });
    await acceptOpened(page, id);

    // The customer's words behind the reply's `> `; each of their quoted levels one more.
    const thread = [
      '> Still nothing. Steps I tried:',
      '> 1. the tracking page <https://track.example/4471>',
      '> 2. calling the depot',
      '> Kim',
      '>',
      '> On Tue, 4 Nov 2026 at 09:12, Support <support@switchboard.example> wrote:',
      '>> Dear Kim,',
      '>> your parcel left our warehouse today.',
      '>>',
      '>> On Mon, 3 Nov 2026 at 18:40, Kim Lee <kim@example.com> wrote:',
      '>>> My order 4471 never arrived.',
    ].join('\n');
    for (const action of ['Reply', 'Reply all'] as const) {
      const reply = await respond(page, id, action);
      expect(reply).toMatch(/^\n\nOn .+, Kim Lee wrote:\n/u);
      expect(reply.slice(reply.indexOf(' wrote:\n') + ' wrote:\n'.length)).toBe(thread);
      // The panel above the fields shows the thread's levels as the quote will.
      expect(await page.getByTestId('composer-original').innerText()).toContain(
        '> Dear Kim,\n> your parcel left our warehouse today.',
      );
      if (action === 'Reply') await quoteScreenshots(page, 'html-thread-reply');
      await page.getByRole('button', { name: 'Send' }).click();
    }
    await expect.poll(() => simulator.world.sent.length).toBe(2);

    // A forward passes the words on unquoted: the thread's own levels stay as they were.
    const forward = await respond(page, id, 'Forward');
    expect(forward).toContain(
      '\n\nStill nothing. Steps I tried:\n1. the tracking page <https://track.example/4471>\n',
    );
    expect(forward).toMatch(/\n> Dear Kim,\n.*\n>> My order 4471 never arrived\.$/su);
    expect(problems).toEqual([]);
  });

  it('shows Arabic and Hebrew lines right to left beside English ones, and quotes them as sent', async () => {
    const { page, simulator, problems } = await openDeskPage();
    await signInReady(page);
    const arabic = 'مرحبا، طلبي رقم 4471 لم يصل بعد!';
    const hebrew = 'שלום, ההזמנה שלי 4471 לא הגיעה.';
    const english = 'Kind regards from Haifa.';
    const url = `https://shop.example/track?id=${'x9'.repeat(200)}`;
    const lines = [arabic, hebrew, english, url, '', '-- ', 'Kim Lee'];
    // CRLF line ends, as Outlook sends them.
    const id = simulator.control.receiveEmail({
      from: 'kim@example.com',
      subject: 'طلبي 4471',
      text: lines.join('\r\n'),
    });
    await acceptOpened(page, id);
    await expect.poll(() => page.getByTestId('email-body').innerText()).toContain(english);

    // Each line reads in its own direction: the Arabic and Hebrew ones from the right edge, with
    // their closing punctuation on the left, where a reader of them looks for it last.
    for (const line of [arabic, hebrew]) {
      const drawn = await drawnLine(page, line);
      expect(drawn.first).toBeGreaterThan(drawn.last);
      // The first letter at the body's right edge (inside its 1rem padding).
      expect(drawn.boxRight - drawn.first).toBeLessThan(40);
    }
    const drawnEnglish = await drawnLine(page, english);
    expect(drawnEnglish.first).toBeLessThan(drawnEnglish.last);
    expect(await page.getByTestId('detail-subject').getAttribute('dir')).toBe('auto');
    await screenshotsAtThreeSizes(page, FOLDER, 'mixed-directions');

    // The reply quotes every line as it came (CRLF made \n), the signature separator kept.
    const reply = await respond(page, id, 'Reply');
    expect(reply).toMatch(
      new RegExp(
        `\\n> ${arabic}\\n> ${hebrew}\\n> ${english}\\n> \\S+\\n>\\n> -- \\n> Kim Lee$`,
        'u',
      ),
    );
    expect(reply).toContain(`> ${url}\n`);
    await screenshotsAtThreeSizes(page, FOLDER, 'mixed-directions-reply');
    expect(problems).toEqual([]);
  });

  it('downloads 30 files as customers name them, a 20 MB one too, again after a cut half-way', async () => {
    const { page, simulator, desk, problems } = await openDeskPage({
      // Tried again after a short wait, not the desk's 2 s: the retry itself is what counts here
      // (attachmentDownloads.test.ts shows the wait counted down).
      downloadRetryDelaysMs: [200, 500, 1_000],
    });
    await signInReady(page);
    const pdf = (words: string) => Buffer.from(`%PDF-1.4 ${words}`);
    const files = [
      ...Array.from({ length: 23 }, (_, n) => ({
        name: `scan ${String(n + 1)}.pdf`,
        mimeType: 'application/pdf',
        bytes: pdf(`page ${String(n + 1)}`),
      })),
      // Two of the same name (a phone names every photo so), with different bytes.
      { name: 'invoice.pdf', mimeType: 'application/pdf', bytes: pdf('first') },
      { name: 'invoice.pdf', mimeType: 'application/pdf', bytes: pdf('second') },
      { name: 'empty.txt', mimeType: 'text/plain', bytes: Buffer.alloc(0) },
      { name: 'Rechnung März – Größe 🧾.pdf', mimeType: 'application/pdf', bytes: pdf('accents') },
      {
        name: `${'Signed contract for the flat in Lisbon, all pages '.repeat(5)}.pdf`,
        mimeType: 'application/pdf',
        bytes: pdf('long name'),
      },
      { name: 'logo.png', mimeType: 'image/png', bytes: Buffer.from('89504e470d0a1a0a', 'hex') },
      // 20 MB: a phone video.
      {
        name: 'damage video.mp4',
        mimeType: 'video/mp4',
        bytes: Buffer.alloc(20 * 1024 * 1024, 'video'),
      },
    ];
    expect(files).toHaveLength(30);
    // The first download is cut off half-way through its bytes.
    simulator.control.cutNextDownloads(1);
    const id = simulator.control.receiveEmail({
      from: 'kim@example.com',
      subject: 'Documents for my claim',
      text: 'All documents attached.',
      attachments: files,
    });
    await acceptOpened(page, id);
    await expect
      .poll(() => page.locator('.attachment__pending').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    // Tried again by itself: every file ends up downloaded, none half.
    await expect
      .poll(() => page.locator('.attachment__pending').count(), { timeout: 12_000 })
      .toBe(0);
    // In the order the customer attached them: scan 2 before scan 10.
    expect(await page.locator('.attachment__name').allInnerTexts()).toEqual(
      files.map((file) => file.name),
    );
    const sent = simulator.world.interactions.get(id)?.email?.attachments ?? [];
    const stored = (await desk.handlers.interactions.get(id))?.attachments ?? [];
    expect(stored).toHaveLength(30);
    for (const attachment of stored) {
      const original = sent.find((file) => file.id === attachment.id);
      expect(original?.name).toBe(attachment.name);
      expect(
        (await readFile(attachment.localPath ?? '')).equals(original?.bytes ?? Buffer.of()),
      ).toBe(true);
    }
    await screenshotsAtThreeSizes(page, FOLDER, 'thirty-files');
    expect(problems).toEqual([]);
  });
});
