import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchChromium, PLAYWRIGHT_DISABLED_FEATURES } from './chromium';

describe("the tests' Chromium", () => {
  it('keeps every feature Playwright turns off (Chromium keeps only the last such switch)', async () => {
    // Playwright ships as one bundle; its list is the array assigned to `disabledFeatures`.
    const require = createRequire(import.meta.url);
    const bundle = await readFile(
      join(dirname(require.resolve('playwright-core/package.json')), 'lib/coreBundle.js'),
      'utf8',
    );
    const list = /disabledFeatures = \[([\s\S]*?)\]/.exec(bundle)?.[1];
    expect(list, "Playwright's list of disabled features was not found").toBeDefined();
    const playwrights = [...(list ?? '').matchAll(/^\s*"([A-Za-z0-9]+)"/gm)].map(
      (match) => match[1],
    );
    expect(playwrights.length).toBeGreaterThan(5);
    expect(PLAYWRIGHT_DISABLED_FEATURES).toEqual(expect.arrayContaining(playwrights));
  });

  it('opens pages without the browser UI no test shows', async () => {
    const browser = await launchChromium();
    try {
      const pages = await Promise.all([browser.newPage(), browser.newPage()]);
      await Promise.all(pages.map((page) => page.goto('about:blank')));
      const cdp = await browser.newBrowserCDPSession();
      const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{}] });
      expect(targetInfos.filter(({ type }) => type === 'page')).toHaveLength(2);
      expect(targetInfos.filter(({ type }) => type === 'browser_ui').map(({ url }) => url)).toEqual(
        [],
      );
    } finally {
      await browser.close();
    }
  });
});
