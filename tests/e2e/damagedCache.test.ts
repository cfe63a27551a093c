import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SwitchboardFailure } from '../../common/errors';
import { CACHE_FILE } from '../../main/cache/paths';
import { buildCache, overwriteHeader, overwriteMiddlePages } from '../support/damage';
import {
  REFLOW_320,
  connectionState,
  darkScreenshotsAt1280And320,
  emulateWindow,
  focusedText,
  screenshotsAtThreeSizes,
  textLines,
  useDeskPages,
} from './deskHarness';

// A damaged cache as the agent sees it: the shipped renderer in Chromium against the real desk
// core on a damaged cache file. The window opens either way; the banner says what was found and
// offers the way out.

const { open: openDeskPage } = useDeskPages();

describe('a damaged cache in Chromium', () => {
  it('shows the damage found after start and moves the cache aside when asked', async () => {
    const { page, dataDir, problems } = await openDeskPage({
      seed: (dir) => {
        buildCache(join(dir, CACHE_FILE), 1600);
        overwriteMiddlePages(join(dir, CACHE_FILE), 3);
      },
    });
    // The sign-in form is there at once: the check does not hold up the window.
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    const banner = page.getByTestId('cache-banner');
    await expect.poll(() => banner.getAttribute('data-state'), { timeout: 15_000 }).toBe('damaged');
    expect(await banner.innerText()).toContain('is damaged');
    await page.getByRole('button', { name: 'Move it aside and start fresh' }).click();
    await expect.poll(() => banner.getAttribute('data-state')).toBe('moveScheduled');
    expect(await banner.innerText()).toContain('Restart Switchboard');
    expect(existsSync(join(dataDir, `${CACHE_FILE}.move-aside`))).toBe(true);
    expect(problems).toEqual([]);
  });

  it('keeps the focus on Move it aside pressed with the keyboard while it moves, and there when it fails', async () => {
    // Main's answer takes a moment and is a refusal (the disk is busy): the button stays.
    let moves = 0;
    const { page, problems } = await openDeskPage({
      seed: (dir) => {
        buildCache(join(dir, CACHE_FILE), 1600);
        overwriteMiddlePages(join(dir, CACHE_FILE), 3);
      },
      handlers: (handlers) => ({
        ...handlers,
        session: {
          ...handlers.session,
          moveCacheAside: async () => {
            moves += 1;
            await new Promise((resolve) => setTimeout(resolve, 300));
            throw new SwitchboardFailure('timeout', 'the disk is busy');
          },
        },
      }),
    });
    const banner = page.getByTestId('cache-banner');
    await expect.poll(() => banner.getAttribute('data-state'), { timeout: 15_000 }).toBe('damaged');
    await page.getByRole('button', { name: 'Move it aside and start fresh' }).focus();
    await page.keyboard.press('Enter');
    // Meanwhile it says so, still focused, and a second press asks nothing more.
    await expect.poll(() => focusedText(page)).toBe('Moving…');
    await page.keyboard.press('Enter');
    await expect.poll(() => banner.getByRole('alert').count()).toBe(2);
    // Was: the button disabled itself while moving, and the keyboard fell onto the body.
    expect(await focusedText(page)).toBe('Move it aside and start fresh');
    expect(moves).toBe(1);
    expect(problems).toEqual([]);
  });

  it('says the damage and the move in the desk’s language, main’s own words under Details', async () => {
    const { page, problems } = await openDeskPage({
      locale: 'de-DE',
      seed: (dir) => {
        buildCache(join(dir, CACHE_FILE), 1600);
        overwriteMiddlePages(join(dir, CACHE_FILE), 3);
      },
    });
    const banner = page.getByTestId('cache-banner');
    await expect.poll(() => banner.getAttribute('data-state'), { timeout: 15_000 }).toBe('damaged');
    // Was main's English sentence, in a German desk: "The cache at … is damaged (…)".
    const text = banner.getByRole('alert');
    expect(await text.innerText()).toMatch(/^Der Offline-Cache unter .* ist beschädigt\./u);
    expect(await text.innerText()).not.toContain('The cache');
    // What SQLite found stays at hand, for an administrator.
    expect(await banner.locator('details').textContent()).toContain('quick check found');
    await screenshotsAtThreeSizes(page, 'damaged-cache', 'damaged-de');
    // 320 px wide, the sentence takes the banner's width, the button a line below (it was a
    // column of a few letters beside the button, ~60 lines long).
    await emulateWindow(page, REFLOW_320);
    expect((await text.boundingBox())?.width).toBeGreaterThan(250);
    expect(await textLines(text)).toBeLessThan(12);
    await emulateWindow(page, { width: 1280, height: 800 });
    await page.getByRole('button', { name: 'Beiseitelegen und neu beginnen' }).click();
    await expect.poll(() => banner.getAttribute('data-state')).toBe('moveScheduled');
    expect(await text.innerText()).toMatch(/^Starten Sie Switchboard neu/u);
    expect(problems).toEqual([]);
  });

  it('says the cache file was deleted while the desk runs, and that it is kept until the desk closes', async () => {
    const { page, desk, dataDir, problems } = await openDeskPage();
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    rmSync(dataDir, { recursive: true, force: true });
    // What the desk's watch finds every few seconds, looked for now.
    desk.cache.lookForTheFile();
    const banner = page.getByTestId('cache-banner');
    await expect.poll(() => banner.getAttribute('data-state')).toBe('fileDeleted');
    expect(await banner.innerText()).toContain(
      'was deleted while Switchboard was running. What it held, and what you do now, is kept until Switchboard closes, and then written back: close Switchboard normally (not by force), or it is lost.',
    );
    await screenshotsAtThreeSizes(page, 'damaged-cache', 'file-deleted');
    await darkScreenshotsAt1280And320(page, 'damaged-cache', 'file-deleted');
    expect(problems).toEqual([]);
  });

  it('says a cache that was not a database was moved aside, and the desk works', async () => {
    const { page, problems } = await openDeskPage({
      seed: (dir) => {
        buildCache(join(dir, CACHE_FILE), 20);
        overwriteHeader(join(dir, CACHE_FILE));
      },
    });
    const banner = page.getByTestId('cache-banner');
    await expect.poll(() => banner.getAttribute('data-state')).toBe('movedAside');
    expect(await banner.innerText()).toContain('moved aside to');
    expect(await page.getByRole('button', { name: 'Move it aside and start fresh' }).count()).toBe(
      0,
    );
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => connectionState(page)).toBe('connected');
    expect(problems).toEqual([]);
  });
});
