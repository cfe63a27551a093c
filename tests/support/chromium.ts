import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless. `npx playwright install` cannot work here, so tests use the
 * system browser (`apt-get install -y chromium`); SWITCHBOARD_CHROMIUM points elsewhere.
 * `extraArgs` adds switches (a test maps a public-looking host name to loopback with
 * `--host-resolver-rules`, so that nothing it loads leaves the machine).
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
      ...extraArgs,
    ],
  });
}
