/**
 * Renders every icon the desktop shell ships, as PNG files in resources/:
 *
 * - resources/tray/tray-<state>.png (16 px) and tray-<state>@2x.png (32 px), plus
 *   tray-<state>-32.png (32 px) and tray-<state>-32@2x.png (64 px), one glyph per agent state;
 * - resources/icons/{256x256,512x512,1024x1024}.png and resources/icon.png (512 px) for
 *   electron-builder, from resources/icon.svg.
 *
 * The tray glyphs are drawn below as SVG so this one file explains every icon. Headless Chromium
 * (playwright-core, /usr/bin/chromium or SWITCHBOARD_CHROMIUM) rasterises them with a transparent
 * background; the same input gives the same bytes. Run: `npx tsx scripts/make-icons.ts`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, deflateSync, inflateSync, constants as zlibConstants } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../tests/support/chromium';
import { TRAY_ICONS, type TrayIcon } from '../main/workstation/trayState';

const root = join(import.meta.dirname, '..');
const trayDir = join(root, 'resources', 'tray');
const iconsDir = join(root, 'resources', 'icons');

/** Base sizes of the tray icons (px); each also gets an @2x file. */
const TRAY_SIZES = [16, 32] as const;
/** electron-builder's icon set, from resources/icon.svg. */
const APP_ICON_SIZES = [256, 512, 1024] as const;

const GREY = '#8a8f98';
const AMBER = '#f0a020';
const GREEN = '#2fa84f';
const ORANGE = '#e8622a';
const RED = '#d93025';
const BLUE = '#2454c6'; // the app icon's blue
const WHITE = '#fff';

/**
 * The glyph of each state on a 16-unit grid: a round "plug" like the cable ends of the app icon,
 * coloured by state, with a thin white rim so it stays legible on dark and light tray bars.
 */
const GLYPHS: Record<TrayIcon, string> = {
  // Hollow grey ring: not signed in.
  signedOut: `<circle cx="8" cy="8" r="5.5" fill="none" stroke="${GREY}" stroke-width="2"/>`,
  // Grey plug, struck through.
  offline: `<circle cx="8" cy="8" r="6.5" fill="${GREY}" stroke="${WHITE}" stroke-width="1"/>
    <path d="M5 11 11 5" stroke="${WHITE}" stroke-width="2" stroke-linecap="round"/>`,
  // Amber ring with a gap: on its way.
  connecting: `<circle cx="8" cy="8" r="5.5" fill="none" stroke="${AMBER}" stroke-width="2.5"
      stroke-dasharray="26 8.6" stroke-linecap="round" transform="rotate(-60 8 8)"/>
    <circle cx="8" cy="8" r="1.75" fill="${AMBER}"/>`,
  // Green plug with a white pin: taking interactions.
  ready: `<circle cx="8" cy="8" r="6.5" fill="${GREEN}" stroke="${WHITE}" stroke-width="1"/>
    <circle cx="8" cy="8" r="2" fill="${WHITE}"/>`,
  // Orange-red plug with a white pin: signed in, not ready.
  notReady: `<circle cx="8" cy="8" r="6.5" fill="${ORANGE}" stroke="${WHITE}" stroke-width="1"/>
    <circle cx="8" cy="8" r="2" fill="${WHITE}"/>`,
  // Red plug with a white bar: do not disturb.
  dnd: `<circle cx="8" cy="8" r="6.5" fill="${RED}" stroke="${WHITE}" stroke-width="1"/>
    <path d="M4.75 8h6.5" stroke="${WHITE}" stroke-width="2.25" stroke-linecap="round"/>`,
  // Blue plug with an amber badge: an invitation is waiting.
  invitation: `<circle cx="7" cy="9" r="6" fill="${BLUE}" stroke="${WHITE}" stroke-width="1"/>
    <circle cx="7" cy="9" r="1.75" fill="${WHITE}"/>
    <circle cx="12.5" cy="3.5" r="3" fill="${AMBER}" stroke="${WHITE}" stroke-width="1"/>`,
};

function traySvg(state: TrayIcon): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">${GLYPHS[state]}</svg>`;
}

/** File name of a tray icon: 16 px is the base name, 32 px gets a `-32` suffix. */
function trayFileName(state: TrayIcon, size: number, scale: 1 | 2): string {
  return `tray-${state}${size === 16 ? '' : `-${size}`}${scale === 2 ? '@2x' : ''}.png`;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Re-encodes Chromium's 8-bit RGBA PNG smaller: fully transparent pixels become 0,0,0,0, each
 * row takes the filter with the smallest sum of absolute values, and zlib runs at level 9.
 * The pixels are unchanged; only IHDR, IDAT and IEND are written (no metadata, no timestamps).
 */
function recompress(png: Buffer): Buffer {
  let offset = PNG_SIGNATURE.length;
  let header: Buffer | undefined;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') header = Buffer.from(data);
    if (type === 'IDAT') idat.push(data);
    offset += length + 12;
  }
  if (header?.[8] !== 8 || header[9] !== 6 || header[12] !== 0) {
    throw new Error('expected a non-interlaced 8-bit RGBA PNG from Chromium');
  }
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const stride = width * 4;
  const filtered = inflateSync(Buffer.concat(idat));
  const pixels = Buffer.alloc(stride * height);
  const at = (buf: Buffer, i: number) => (i >= 0 ? (buf[i] ?? 0) : 0);
  for (let y = 0; y < height; y += 1) {
    const filter = filtered[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let x = 0; x < stride; x += 1) {
      const a = x >= 4 ? at(pixels, row + x - 4) : 0;
      const b = y > 0 ? at(pixels, row + x - stride) : 0;
      const c = x >= 4 && y > 0 ? at(pixels, row + x - stride - 4) : 0;
      pixels[row + x] = (at(filtered, src + x) + predict(filter ?? 0, a, b, c)) & 0xff;
    }
  }
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i + 3] === 0) pixels.fill(0, i, i + 4);
  }
  // Try the adaptive filter choice and each fixed filter, with each zlib strategy; keep the smallest.
  let idatData: Buffer | undefined;
  for (const choice of [-1, 0, 1, 2, 3, 4]) {
    const out = filterRows(pixels, width, height, choice);
    for (const strategy of [
      zlibConstants.Z_DEFAULT_STRATEGY,
      zlibConstants.Z_FILTERED,
      zlibConstants.Z_RLE,
    ]) {
      const deflated = deflateSync(out, { level: 9, memLevel: 9, strategy });
      if (!idatData || deflated.length < idatData.length) idatData = deflated;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const checksum = Buffer.alloc(4);
    checksum.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, checksum]);
  };
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', idatData ?? Buffer.alloc(0)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** PNG scanlines of RGBA `pixels`: each row with `filter`, or with the cheapest one when -1. */
function filterRows(pixels: Buffer, width: number, height: number, filter: number): Buffer {
  const stride = width * 4;
  const out = Buffer.alloc((stride + 1) * height);
  const candidate = Buffer.alloc(stride);
  const at = (i: number) => (i >= 0 ? (pixels[i] ?? 0) : 0);
  for (let y = 0; y < height; y += 1) {
    const row = y * stride;
    let best = Infinity;
    for (const f of filter < 0 ? [0, 1, 2, 3, 4] : [filter]) {
      let cost = 0;
      for (let x = 0; x < stride; x += 1) {
        const a = x >= 4 ? at(row + x - 4) : 0;
        const b = y > 0 ? at(row + x - stride) : 0;
        const c = x >= 4 && y > 0 ? at(row + x - stride - 4) : 0;
        const value = (at(row + x) - predict(f, a, b, c)) & 0xff;
        candidate[x] = value;
        cost += value < 128 ? value : 256 - value;
      }
      if (cost < best) {
        best = cost;
        out[y * (stride + 1)] = f;
        candidate.copy(out, y * (stride + 1) + 1);
      }
    }
  }
  return out;
}

/** The PNG predictor of `filter` (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth) for one byte. */
function predict(filter: number, a: number, b: number, c: number): number {
  switch (filter) {
    case 1:
      return a;
    case 2:
      return b;
    case 3:
      return (a + b) >> 1;
    case 4: {
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    default:
      return 0;
  }
}

/** Rasterises `svg` to a `size`×`size` CSS-pixel PNG at `scale`, on a transparent background. */
async function render(browser: Browser, svg: string, size: number, scale: number): Promise<Buffer> {
  const context = await browser.newContext({
    viewport: { width: size, height: size },
    deviceScaleFactor: scale,
  });
  try {
    const page = await context.newPage();
    const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(
      `<!doctype html><html><head><style>html,body{margin:0;padding:0;background:transparent;overflow:hidden}svg{display:block}</style></head><body>${sized}</body></html>`,
    );
    const shot = await page.screenshot({
      omitBackground: true,
      clip: { x: 0, y: 0, width: size, height: size },
      type: 'png',
    });
    return recompress(shot);
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  await mkdir(trayDir, { recursive: true });
  await mkdir(iconsDir, { recursive: true });
  // Drop the <svg> tag's own width/height (64): render() sets the size to draw at.
  const appSvg = (await readFile(join(root, 'resources', 'icon.svg'), 'utf8'))
    .trim()
    .replace(/<svg [^>]*>/, (tag) => tag.replace(/\s(width|height)="[^"]*"/g, ''));
  const browser = await launchChromium();
  try {
    for (const state of TRAY_ICONS) {
      for (const size of TRAY_SIZES) {
        for (const scale of [1, 2] as const) {
          const file = join(trayDir, trayFileName(state, size, scale));
          await writeFile(file, await render(browser, traySvg(state), size, scale));
        }
      }
    }
    for (const size of APP_ICON_SIZES) {
      const png = await render(browser, appSvg, size, 1);
      await writeFile(join(iconsDir, `${size}x${size}.png`), png);
      if (size === 512) await writeFile(join(root, 'resources', 'icon.png'), png);
    }
  } finally {
    await browser.close();
  }
  console.log(`wrote ${TRAY_ICONS.length * TRAY_SIZES.length * 2} tray icons and the app icons`);
}

await main();
