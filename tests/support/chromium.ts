import { chromium, type Browser } from 'playwright-core';

/**
 * The features Playwright 1.65 itself turns off (its `chromiumSwitches.ts`: startup requests to
 * Google's servers, HTTPS upgrades, paint holding, beforeunload checks and others). They are
 * repeated here because Chromium keeps only the last `--disable-features` switch on a command
 * line, and {@link launchChromium} passes one of its own after Playwright's.
 * `chromium.test.ts` fails when an upgraded Playwright's list is no longer all in this one.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
] as const;

/**
 * Browser UI a headless test never shows. Chromium 15x builds the address bar's drop-down (and
 * its AI-mode variant) as web pages, two renderer processes for every window, and Playwright
 * opens a window for every page: ~0.5 s of CPU per page that does nothing for a test. Without
 * them a Chromium test file took a quarter less CPU (compose.test.ts: 48 s → 35 s).
 */
const UNUSED_BROWSER_UI = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'] as const;

/**
 * Debian's Chromium, headless. `npx playwright install` cannot work here, so tests use the
 * system browser (`apt-get install -y chromium`); SWITCHBOARD_CHROMIUM points elsewhere.
 * `extraArgs` adds switches (a test maps a public-looking host name to loopback with
 * `--host-resolver-rules`, so that nothing it loads leaves the machine); a `--disable-features`
 * among them would replace the list above.
 */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.SWITCHBOARD_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...UNUSED_BROWSER_UI].join(',')}`,
      ...extraArgs,
    ],
  });
}
