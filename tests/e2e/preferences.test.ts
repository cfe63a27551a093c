import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { LOCALE_NAMES } from '../../common/i18n/locales';
import { MESSAGES } from '../../common/i18n/messages';
import {
  goReady,
  screenshotsAtThreeSizes,
  signIn,
  useDeskPages,
  type DeskPage,
  connectionState,
} from './deskHarness';

// Issue 15 item 6: the language, theme and sound of Settings, kept per account in the real
// cache by the real desk core, applied by the shipped renderer in Chromium at once, after a
// reload, offline, and for each account its own. The desk's other text is translated by other
// work at the same time, so what these tests find by its words is the Settings sections' own
// text (read from the catalogs); the rest is found by role, id or test id.

const { open: openDeskPage } = useDeskPages();
const de = MESSAGES.de.settings;
const en = MESSAGES.en.settings;

/** The header's Settings button, whatever language the header speaks. */
function settingsButton(page: Page): Locator {
  return page.locator('header').getByRole('button', { name: /^(Settings|Einstellungen)$/u });
}

/** Opens Settings on one of its sections (by the tab's id: its title changes with the language). */
async function openSection(page: Page, section: string): Promise<Locator> {
  await settingsButton(page).click();
  const dialog = page.getByTestId('settings');
  await expect.poll(() => dialog.isVisible()).toBe(true);
  await dialog.locator(`#settings-tab-${section}`).click();
  const panel = dialog.locator(`#settings-panel-${section}`);
  await expect.poll(() => panel.isVisible()).toBe(true);
  return panel;
}

/** Saves a section's form and waits until main kept it. */
async function save(panel: Locator): Promise<void> {
  await panel.locator('button[type="submit"]').click();
  await expect.poll(() => panel.getByRole('status').count()).toBe(1);
}

async function closeSettings(page: Page): Promise<void> {
  const dialog = page.getByTestId('settings');
  await dialog.locator('form[method="dialog"] button').click();
  await expect.poll(() => dialog.isVisible()).toBe(false);
}

/** The page's language, theme and surface colour as rendered. */
function rendered(page: Page): Promise<{ lang: string; theme: string | null; surface: string }> {
  return page.evaluate(() => {
    const dom = globalThis as unknown as {
      document: { documentElement: { lang: string; dataset: Record<string, string | undefined> } };
      getComputedStyle(element: unknown): { backgroundColor: string };
    };
    const root = dom.document.documentElement;
    return {
      lang: root.lang,
      theme: root.dataset.theme ?? null,
      surface: dom.getComputedStyle(root).backgroundColor,
    };
  });
}

/** Relative luminance (0 black … 1 white) of an `rgb(r, g, b)` colour. */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+/gu) ?? []).slice(0, 3).map((part) => {
    const channel = Number(part) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

/** Signs out through the desk (the header's words may be German) and signs in as `userName`. */
async function switchAccount({ page, desk }: DeskPage, userName: string): Promise<void> {
  await desk.handlers.session.signOut();
  await expect.poll(() => page.locator('#sign-in-user').isVisible()).toBe(true);
  await page.locator('#sign-in-user').fill(userName);
  await page.locator('#sign-in-password').fill('demo');
  await page.locator('.sign-in__submit').click();
  await expect.poll(() => connectionState(page)).toBe('connected');
  await expect.poll(async () => (await desk.handlers.session.getState()).userName).toBe(userName);
}

/** How many times the page started the invitation chime. */
async function chimes(page: Page): Promise<number> {
  return Number(await page.getByTestId('invitation-announcer').getAttribute('data-chimes'));
}

describe('Settings: language, appearance and sound per account', () => {
  it('switches the language and theme at once, keeps them across a reload and offline, and per account', async () => {
    const deskPage = await openDeskPage();
    const { page, desk, simulator, problems } = deskPage;
    await signIn(page);
    expect(await rendered(page)).toMatchObject({ lang: 'en', theme: null });
    const lightSurface = (await rendered(page)).surface;
    expect(luminance(lightSurface)).toBeGreaterThan(0.8);

    // ---- Language: the system's is named (the page's is English), each language in itself
    const language = await openSection(page, 'language');
    const radios = language.getByRole('radio');
    expect(
      await Promise.all(
        (await radios.all()).map((radio) =>
          radio.evaluate((input) => (input as unknown as { value: string }).value),
        ),
      ),
    ).toEqual(['system', 'en', 'de', 'es']);
    expect(await radios.first().isChecked()).toBe(true);
    await expect.poll(() => language.getByText('As the system: English').count()).toBe(1);
    expect(await language.locator('span[lang="de"]').innerText()).toBe(LOCALE_NAMES.de);
    await screenshotsAtThreeSizes(page, 'preferences', 'language');

    await language.getByRole('radio', { name: LOCALE_NAMES.de }).check();
    await save(language);
    // German at once: the page's language, and the dialog's own words.
    await expect.poll(async () => (await rendered(page)).lang).toBe('de');
    await expect.poll(() => language.getByRole('heading').innerText()).toBe(de.language.title);
    expect(await page.locator('#settings-tab-appearance').innerText()).toBe(de.appearance.tab);
    expect(await page.locator('#settings-tab-sound').innerText()).toBe(de.sound.tab);
    expect((await desk.handlers.settings.get()).language).toBe('de');
    await screenshotsAtThreeSizes(page, 'preferences', 'language-de');
    await closeSettings(page);

    // ---- a reload: still German, before and after the desk reads the settings again
    await page.reload();
    await expect.poll(() => connectionState(page)).toBe('connected');
    expect((await rendered(page)).lang).toBe('de');

    // ---- Appearance: dark at once, whatever the OS prefers (the page's is light)
    const appearance = await openSection(page, 'appearance');
    expect(await page.locator('#settings-tab-language').innerText()).toBe(de.language.tab);
    await appearance.getByRole('radio', { name: de.appearance.dark }).check();
    await save(appearance);
    await expect.poll(async () => (await rendered(page)).theme).toBe('dark');
    expect(luminance((await rendered(page)).surface)).toBeLessThan(0.05);
    const dialogSurface = await page.getByTestId('settings').evaluate(
      (element) =>
        (
          globalThis as unknown as {
            getComputedStyle(element: unknown): { backgroundColor: string };
          }
        ).getComputedStyle(element).backgroundColor,
    );
    expect(luminance(dialogSurface)).toBeLessThan(0.05);
    await screenshotsAtThreeSizes(page, 'preferences', 'appearance-dark-de');
    await closeSettings(page);

    // ---- another account: its own settings (it never chose: the system's, English and light)
    await switchAccount(deskPage, 'agent2');
    await expect.poll(async () => (await rendered(page)).lang).toBe('en');
    expect(await rendered(page)).toEqual({ lang: 'en', theme: null, surface: lightSurface });
    expect(await desk.handlers.settings.get()).toMatchObject({
      language: 'system',
      theme: 'system',
    });
    const agent2Language = await openSection(page, 'language');
    expect(await agent2Language.getByRole('radio').first().isChecked()).toBe(true);
    expect(await page.locator('#settings-tab-language').innerText()).toBe(en.language.tab);
    await closeSettings(page);

    // ---- the first account again: German and dark again
    await switchAccount(deskPage, 'agent1');
    await expect.poll(async () => (await rendered(page)).lang).toBe('de');
    expect((await rendered(page)).theme).toBe('dark');

    // ---- no server at all: the sign-in form and the offline desk keep the last account's
    await desk.handlers.session.signOut();
    await simulator.close();
    await page.reload();
    await expect.poll(() => page.locator('.sign-in__submit').isVisible()).toBe(true);
    expect(await rendered(page)).toMatchObject({ lang: 'de', theme: 'dark' });
    await page.locator('.sign-in__submit').click();
    const offer = page.getByTestId('offline-entry');
    await expect.poll(() => offer.getByRole('button').count()).toBeGreaterThan(0);
    await offer.getByRole('button').first().click();
    await expect.poll(() => page.getByTestId('offline-banner').isVisible()).toBe(true);
    expect(await rendered(page)).toMatchObject({ lang: 'de', theme: 'dark' });
    const offlineLanguage = await openSection(page, 'language');
    expect(await offlineLanguage.getByRole('heading').innerText()).toBe(de.language.title);
    await screenshotsAtThreeSizes(page, 'preferences', 'offline-de-dark');
    expect(problems).toEqual([]);
  }, 90_000);

  it('stops the chime when the sound is switched off, for that account only', async () => {
    const deskPage = await openDeskPage({
      ringIntervalMs: 500,
      // A rejected invitation is not offered again during the test (it would chime anew).
      simulator: { reofferDelayMs: 600_000 },
    });
    const { page, desk, simulator, problems } = deskPage;
    await signIn(page);
    await goReady(page);

    // ---- the sound is on: an invitation chimes, again and again while it waits
    simulator.control.startChat({
      customerNickName: 'Anna',
      subject: 'Order 1234',
      firstMessage: 'Hello?',
    });
    await expect.poll(() => chimes(page)).toBeGreaterThanOrEqual(2);

    // ---- switched off in Settings: the chime stops at once, though the invitation still waits
    const sound = await openSection(page, 'sound');
    const box = sound.getByRole('checkbox', { name: en.sound.invitationSound });
    expect(await box.isChecked()).toBe(true);
    await sound.getByRole('button', { name: en.sound.test }).click();
    await screenshotsAtThreeSizes(page, 'preferences', 'sound');
    await box.uncheck();
    await save(sound);
    expect((await desk.handlers.settings.get()).sound).toBe(false);
    await closeSettings(page);
    const stoppedAt = await chimes(page);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await chimes(page)).toBe(stoppedAt);
    // A new invitation does not chime either.
    simulator.control.startChat({
      customerNickName: 'Bert',
      subject: 'Order 5678',
      firstMessage: 'Hi',
    });
    await expect.poll(() => page.locator('.row[data-state="Invited"]').count()).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await chimes(page)).toBe(stoppedAt);

    // ---- another account on this desk has its own sound: still on
    await switchAccount(deskPage, 'agent2');
    expect((await desk.handlers.settings.get()).sound).toBe(true);
    expect(await page.locator('header input[type="checkbox"]').isChecked()).toBe(true);
    await switchAccount(deskPage, 'agent1');
    expect((await desk.handlers.settings.get()).sound).toBe(false);
    expect(problems).toEqual([]);
  }, 90_000);
});
