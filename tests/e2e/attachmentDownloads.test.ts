import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { storeContent } from '../../main/workstation/attachments';
import { expectAccessible } from './axeAudit';
import {
  acceptOpened,
  fieldScreenshots,
  row,
  signInReady,
  useDeskPages,
  connectionState,
} from './deskHarness';

// Where an attachment's download stands, as the agent sees it on the e-mail: the bytes arriving
// (a progress bar, pushed at most four times a second a file), a cut and the wait before the
// next try, a failure after the last try with Try again, and the file downloaded. The real desk
// against the simulator, which serves a download slowly and cuts it where the test says.

const { open: openDeskPage } = useDeskPages();
const FOLDER = 'attachment-downloads';

/**
 * The attachment list at 1280×800, 200% zoom, 320 px and in dark, scrolled into view (the
 * e-mail's pane scrolls, so a shot of the whole page would not show it when narrow).
 */
function listShots(page: Page, name: string): Promise<void> {
  return fieldScreenshots(page, FOLDER, name, 'attachments-title');
}

/** The DOM members the in-page counter below uses (the tests compile without the DOM). */
interface CountingWindow {
  switchboard: {
    attachments: { onDownload(listener: (event: { attachmentId: string }) => void): unknown };
  };
  /** When each word of `attachments.download` came (the page's clock, ms). */
  __downloadWords?: number[];
}

/** The DOM members the in-page reading of a button's visible words uses. */
interface ButtonNode {
  cloneNode(deep: true): ButtonNode;
  querySelectorAll(selector: string): ArrayLike<{ remove(): void }>;
  readonly textContent: string | null;
}

/**
 * The words each button of an attachment shows, without the file's name hidden to the eye
 * (which is part of its accessible name only).
 */
function shownWords(attachment: Locator): Promise<string[]> {
  return attachment.getByRole('button').evaluateAll((buttons) =>
    (buttons as unknown as ButtonNode[]).map((button) => {
      const copy = button.cloneNode(true);
      for (const hidden of Array.from(copy.querySelectorAll('.visually-hidden'))) hidden.remove();
      return (copy.textContent ?? '').replace(/\s+/gu, ' ').trim();
    }),
  );
}

/** The file's name of the attachment row holding the keyboard focus, else the focused tag. */
function focusedAttachment(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const focused = document.activeElement;
    const row = focused === null ? null : focused.closest('.attachment');
    return row === null ? (focused?.tagName ?? '') : row.querySelector('.attachment__name').textContent;
  })()`);
}

/** Accepts an invitation with its row's button (the language's words unread), then opens it. */
async function acceptFromRowAndOpen(page: Page, id: string): Promise<void> {
  const offered = row(page, id);
  await expect.poll(() => offered.getAttribute('data-state')).toBe('Invited');
  await offered.locator('.row__actions button.primary').click();
  await expect.poll(() => offered.getAttribute('data-state')).toBe('Accepted');
  await offered.locator('button.row__main').click();
}

describe('attachment downloads on the desk', () => {
  it('shows a download under way with its bytes, then cut, the wait counted down, downloaded', async () => {
    const { page, simulator, problems } = await openDeskPage({
      // Long enough to be seen counting down (and photographed).
      downloadRetryDelaysMs: [6_000],
    });
    await signInReady(page);
    await page.evaluate(() => {
      const view = globalThis as unknown as CountingWindow;
      view.__downloadWords = [];
      view.switchboard.attachments.onDownload(() => {
        view.__downloadWords?.push(performance.now());
      });
    });

    // 8 MB at 0.8 MB/s, cut half-way: 5 s of bytes arriving, then the wait.
    const video = Buffer.alloc(8 * 1024 * 1024, 'video');
    simulator.control.slowNextDownloads(1, 800 * 1024);
    simulator.control.cutNextDownloads(1);
    const id = simulator.control.receiveEmail({
      from: 'kim@example.com',
      subject: 'Video of the damage',
      text: 'The video is attached.',
      attachments: [{ name: 'damage video.mp4', mimeType: 'video/mp4', bytes: video }],
    });
    await acceptOpened(page, id);
    const file = page.locator('.attachment', { hasText: 'damage video.mp4' });
    const bar = page.getByRole('progressbar', { name: 'Downloading damage video.mp4' });
    await expect.poll(() => bar.count(), { timeout: 5_000 }).toBe(1);
    // The bar moves on as the bytes come, and says them in words too.
    await expect
      .poll(async () => Number(await bar.getAttribute('value')), { timeout: 5_000 })
      .toBeGreaterThan(0);
    expect(await bar.getAttribute('max')).toBe(String(video.length));
    expect(await bar.getAttribute('aria-valuetext')).toMatch(/^[\d.,]+ (kB|MB) of 8(\.0)? MB$/u);
    expect(await file.locator('[data-download="downloading"]').innerText()).toMatch(/ of 8/u);
    await expectAccessible(page, 'an attachment downloading');
    await listShots(page, 'downloading');

    // The cut: the row counts down to the next try, and a screen reader hears it once.
    const waiting = file.locator('[data-download="retrying"]');
    await expect.poll(() => waiting.count(), { timeout: 8_000 }).toBe(1);
    expect(await waiting.innerText()).toMatch(/^Cut off, trying again in [1-6] s$/u);
    const announcement = page.getByTestId('attachments-announcement');
    expect(await announcement.innerText()).toMatch(
      /^damage video\.mp4: download cut off, trying again in 6 seconds$/u,
    );
    // Counted down, a second at a time.
    const first = await waiting.innerText();
    await expect.poll(() => waiting.innerText(), { timeout: 3_000 }).not.toBe(first);
    await listShots(page, 'retrying');
    await expectAccessible(page, 'an attachment waiting to be tried again');

    // Tried again by itself: Open and Save as… as for any file downloaded.
    await expect
      .poll(() => file.getByRole('button', { name: 'Save damage video.mp4 as…' }).count(), {
        timeout: 12_000,
      })
      .toBe(1);
    expect(await file.locator('[data-download]').count()).toBe(0);
    expect(await announcement.innerText()).toBe('damage video.mp4: downloaded');
    // Four words a second at most while 4 MB came in ~5 s (some 260 chunks), and the phases:
    // bounded by the time they took (a loaded machine serves the slow bytes more slowly still).
    const times = await page.evaluate(
      () => (globalThis as unknown as CountingWindow).__downloadWords ?? [],
    );
    const spanMs = (times.at(-1) ?? 0) - (times[0] ?? 0);
    expect(times.length).toBeGreaterThan(4);
    expect(times.length).toBeLessThanOrEqual(Math.floor(spanMs / 250) + 6);
    await listShots(page, 'downloaded');
    expect(problems).toEqual([]);
  }, 40_000);

  it('says a wait of one second in the singular', async () => {
    const { page, simulator, problems } = await openDeskPage({ downloadRetryDelaysMs: [1_000] });
    await signInReady(page);
    // Cut half-way on the first try (1 s of bytes), then slow enough on the second (2 s) for
    // the words to be read: they stand for the 1 s wait and the second try, 3 s in all.
    simulator.control.slowNextDownloads(2, 20 * 1024);
    simulator.control.cutNextDownloads(1);
    const id = simulator.control.receiveEmail({
      from: 'kim@example.com',
      subject: 'The report',
      text: 'Report attached.',
      attachments: [
        { name: 'report.pdf', mimeType: 'application/pdf', bytes: Buffer.alloc(40 * 1024, 'r') },
      ],
    });
    await acceptOpened(page, id);
    const announcement = page.getByTestId('attachments-announcement');
    await expect
      .poll(() => announcement.innerText(), { timeout: 10_000 })
      .toBe('report.pdf: download cut off, trying again in 1 second');
    await expect
      .poll(() => announcement.innerText(), { timeout: 12_000 })
      .toBe('report.pdf: downloaded');
    expect(problems).toEqual([]);
  }, 40_000);

  it('says a download failed after its last try, and downloads it when the agent tries again', async () => {
    const { page, simulator, problems } = await openDeskPage({ downloadRetryDelaysMs: [200, 200] });
    await signInReady(page);
    // Cut on all three tries: failed, with Try again; tried again, downloaded.
    simulator.control.cutNextDownloads(3);
    const failing = simulator.control.receiveEmail({
      from: 'kim@example.com',
      subject: 'The contract',
      text: 'Signed contract attached.',
      attachments: [
        { name: 'contract.pdf', mimeType: 'application/pdf', bytes: Buffer.from('%PDF-1.4 x') },
      ],
    });
    await acceptOpened(page, failing);
    const contract = page.locator('.attachment', { hasText: 'contract.pdf' });
    await expect
      .poll(() => contract.locator('[data-download="failed"]').count(), { timeout: 12_000 })
      .toBe(1);
    expect(await contract.locator('[data-download="failed"]').innerText()).toBe('Download failed');
    const announcement = page.getByTestId('attachments-announcement');
    expect(await announcement.innerText()).toBe(
      'contract.pdf: download failed. Try again when the connection is back.',
    );
    await listShots(page, 'failed');
    await expectAccessible(page, 'an attachment that failed to download');
    // Pressed with the keyboard, Try again goes with the download it starts: the keyboard stays
    // on the file's row (was: it fell onto the body).
    await contract.getByRole('button', { name: 'Try contract.pdf again' }).focus();
    await page.keyboard.press('Enter');
    expect(await focusedAttachment(page)).toBe('contract.pdf');
    await expect
      .poll(() => contract.getByRole('button', { name: 'Open contract.pdf' }).count(), {
        timeout: 8_000,
      })
      .toBe(1);
    expect(await announcement.innerText()).toBe('contract.pdf: downloaded');
    expect(await focusedAttachment(page)).toBe('contract.pdf');
    await listShots(page, 'downloaded-row-focused');
    expect(problems).toEqual([]);
  });

  it('says a full attachments folder as what it is, not as a cut, and stores the file when the agent tries again', async () => {
    let full = true;
    const { page, simulator, problems } = await openDeskPage({
      downloadRetryDelaysMs: [200, 200],
      // The disk of the attachments folder is full (root's tests cannot make one so).
      storeAttachment: (root, name, bytes) =>
        full
          ? Promise.reject(
              Object.assign(new Error(`ENOSPC: no space left on device, open '${root}'`), {
                code: 'ENOSPC',
              }),
            )
          : storeContent(root, name, bytes),
    });
    await signInReady(page);
    const id = simulator.control.receiveEmail({
      from: 'kim@example.com',
      subject: 'The scan',
      text: 'Scan attached.',
      attachments: [
        { name: 'scan.pdf', mimeType: 'application/pdf', bytes: Buffer.from('%PDF-1.4 x') },
      ],
    });
    await acceptOpened(page, id);
    const scan = page.locator('.attachment', { hasText: 'scan.pdf' });
    const refused = scan.locator('[data-download="notStored"]');
    await expect.poll(() => refused.count(), { timeout: 8_000 }).toBe(1);
    expect(await refused.innerText()).toBe(
      'scan.pdf could not be stored: the disk of the attachments folder is full. Free some space on it, then press Try again.',
    );
    expect(await page.getByTestId('attachments-announcement').innerText()).toBe(
      'scan.pdf could not be stored: the disk of the attachments folder is full.',
    );
    // Not tried again by itself as a cut would be (its waits were 0.2 s).
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await scan.locator('[data-download="retrying"]').count()).toBe(0);
    await listShots(page, 'folder-full');
    await expectAccessible(page, 'an attachment the full attachments folder refused');
    full = false;
    await scan.getByRole('button', { name: 'Try scan.pdf again' }).click();
    await expect
      .poll(() => scan.getByRole('button', { name: 'Open scan.pdf' }).count(), { timeout: 8_000 })
      .toBe(1);
    expect(problems).toEqual([]);
  });

  it.each([
    {
      locale: 'de-DE',
      failed: ['Datei erneut herunterladen'],
      downloaded: ['Datei öffnen', 'Datei speichern unter…'],
      announced:
        'vertrag.pdf: Herunterladen fehlgeschlagen. Erneut versuchen, sobald die Verbindung steht.',
    },
    {
      locale: 'es-ES',
      failed: ['Reintentar'],
      downloaded: ['Abrir', 'Guardar como…'],
      announced: 'vertrag.pdf: error en la descarga. Reinténtalo cuando vuelva la conexión.',
    },
  ])(
    'in $locale, the buttons show words that begin as a button does, and the failure speaks to the agent as the catalog does',
    async ({ locale, failed, downloaded, announced }) => {
      const { page, desk, simulator, problems } = await openDeskPage({
        locale,
        downloadRetryDelaysMs: [100, 100],
      });
      // Signed in and Ready without the form's words, which are the language's.
      await page.locator('form button[type="submit"]').click();
      await expect.poll(() => connectionState(page)).toBe('connected');
      await desk.handlers.agent.setReady(undefined);
      simulator.control.cutNextDownloads(3);
      const id = simulator.control.receiveEmail({
        from: 'kim@example.com',
        subject: 'Der Vertrag',
        text: 'Unterschriebener Vertrag anbei.',
        attachments: [
          { name: 'vertrag.pdf', mimeType: 'application/pdf', bytes: Buffer.from('%PDF-1.4 x') },
        ],
      });
      await acceptFromRowAndOpen(page, id);
      const contract = page.locator('.attachment', { hasText: 'vertrag.pdf' });
      await expect
        .poll(() => contract.locator('[data-download="failed"]').count(), { timeout: 12_000 })
        .toBe(1);
      expect(await shownWords(contract)).toEqual(failed);
      expect(await page.getByTestId('attachments-announcement').innerText()).toBe(announced);
      await contract.getByRole('button').click();
      await expect.poll(() => shownWords(contract), { timeout: 8_000 }).toEqual(downloaded);
      await listShots(page, `downloaded-${locale}`);
      expect(problems).toEqual([]);
    },
  );

  it('downloads again a file deleted from the attachments folder behind its back, and says so', async () => {
    const { page, desk, os, simulator, problems, dataDir } = await openDeskPage();
    await signInReady(page);
    const bytes = Buffer.from('%PDF-1.4 the signed contract');
    const id = simulator.control.receiveEmail({
      from: 'kim@example.com',
      subject: 'The contract',
      text: 'Signed contract attached.',
      attachments: [{ name: 'contract.pdf', mimeType: 'application/pdf', bytes }],
    });
    await acceptOpened(page, id);
    const contract = page.locator('.attachment', { hasText: 'contract.pdf' });
    const saveButton = contract.getByRole('button', { name: 'Save contract.pdf as…' });
    await expect.poll(() => saveButton.count(), { timeout: 8_000 }).toBe(1);
    const kept = async () => (await desk.handlers.interactions.get(id))?.attachments[0]?.localPath;
    const path = await kept();
    expect(path !== undefined && existsSync(path)).toBe(true);
    // An antivirus, a clean-up tool or a curious hand deletes the file.
    await rm(path ?? '');
    const saved = join(dataDir, 'contract (saved).pdf');
    os.savePath = saved;
    await saveButton.click();
    // Said as it is, not "could not be saved there: choose another folder".
    await expect
      .poll(() => page.getByRole('alert').first().innerText())
      .toContain('contract.pdf is no longer on this computer.');
    // The e-mail is the agent's: its file comes again, and Save as… does what it says.
    await expect
      .poll(
        async () => {
          const again = await kept();
          return again !== undefined && existsSync(again);
        },
        { timeout: 8_000 },
      )
      .toBe(true);
    await expect.poll(() => saveButton.count(), { timeout: 8_000 }).toBe(1);
    await saveButton.click();
    await expect.poll(() => existsSync(saved)).toBe(true);
    expect(readFileSync(saved).equals(bytes)).toBe(true);
    expect(problems).toEqual([]);
  });

  describe('a file too large to download here', () => {
    const BOUND = 150 * 1024;
    const tooLargeMail = {
      from: 'kim@example.com',
      subject: 'Site survey',
      text: 'The survey video, the plans and a photo.',
      attachments: [
        // Its size stated by the e-mail: never requested.
        { name: 'plans.pdf', mimeType: 'application/pdf', bytes: Buffer.alloc(200 * 1024, 'p') },
        // No size stated: refused once by the length its download announces.
        {
          name: 'site survey.mov',
          mimeType: 'video/quicktime',
          bytes: Buffer.alloc(300 * 1024, 'v'),
          statedSize: null,
        },
        { name: 'photo.jpg', mimeType: 'image/jpeg', bytes: Buffer.alloc(1000, 'j') },
      ],
    };

    it('says so with its size and the limit, for good, with nothing to press', async () => {
      const { page, simulator, problems } = await openDeskPage({
        downloadRetryDelaysMs: [100, 100],
        maxDownloadBytes: BOUND,
      });
      await signInReady(page);
      const id = simulator.control.receiveEmail(tooLargeMail);
      await acceptOpened(page, id);
      const plans = page.locator('.attachment', { hasText: 'plans.pdf' });
      const video = page.locator('.attachment', { hasText: 'site survey.mov' });
      const photo = page.locator('.attachment', { hasText: 'photo.jpg' });
      await expect
        .poll(() => photo.getByRole('button', { name: 'Save photo.jpg as…' }).count(), {
          timeout: 8_000,
        })
        .toBe(1);
      await expect
        .poll(() => video.locator('[data-download="tooLarge"]').count(), { timeout: 8_000 })
        .toBe(1);
      expect(await plans.locator('[data-download="tooLarge"]').innerText()).toBe(
        'Too large to download here (200 kB; the limit is 150 kB)',
      );
      expect(await video.locator('[data-download="tooLarge"]').innerText()).toBe(
        'Too large to download here (300 kB; the limit is 150 kB)',
      );
      // No Try again that cannot work, and nothing to open or save.
      expect(await shownWords(plans)).toEqual([]);
      expect(await shownWords(video)).toEqual([]);
      // Heard once, as the last of the two came (the one told when the download answered).
      expect(await page.getByTestId('attachments-announcement').innerText()).toBe(
        'site survey.mov is too large to download here.',
      );
      await listShots(page, 'too-large');
      await expectAccessible(page, 'attachments too large to download');
      // Past every wait: still so, never failed nor waiting.
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(await page.locator('[data-download="tooLarge"]').count()).toBe(2);
      expect(
        await page.locator('[data-download="retrying"], [data-download="failed"]').count(),
      ).toBe(0);
      expect(problems).toEqual([]);
    }, 40_000);

    it.each([
      {
        locale: 'de-DE',
        said: 'Zu groß zum Herunterladen hier (200 kB; die Grenze liegt bei 150 kB)',
      },
      {
        locale: 'es-ES',
        said: 'Demasiado grande para descargarlo aquí (200 kB; el límite es 150 kB)',
      },
    ])('in $locale, says it as the catalog does', async ({ locale, said }) => {
      const { page, desk, simulator, problems } = await openDeskPage({
        locale,
        downloadRetryDelaysMs: [100, 100],
        maxDownloadBytes: BOUND,
      });
      await page.locator('form button[type="submit"]').click();
      await expect.poll(() => connectionState(page)).toBe('connected');
      await desk.handlers.agent.setReady(undefined);
      const id = simulator.control.receiveEmail(tooLargeMail);
      await acceptFromRowAndOpen(page, id);
      const plans = page.locator('.attachment', { hasText: 'plans.pdf' });
      await expect
        .poll(() => plans.locator('[data-download="tooLarge"]').count(), { timeout: 8_000 })
        .toBe(1);
      expect(await plans.locator('[data-download="tooLarge"]').innerText()).toBe(said);
      expect(await shownWords(plans)).toEqual([]);
      await listShots(page, `too-large-${locale}`);
      expect(problems).toEqual([]);
    });
  });
});
