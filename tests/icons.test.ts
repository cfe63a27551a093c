import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRAY_ICONS } from '../main/workstation/trayState';

// The icons scripts/make-icons.ts writes (run `npx tsx scripts/make-icons.ts` to regenerate).
const resources = join(import.meta.dirname, '..', 'resources');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
}

/** Reads the IHDR chunk, which a valid PNG has first, right after the signature. */
function readPngHeader(file: string): PngHeader {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE), `${file}: PNG signature`).toBe(true);
  expect(bytes.readUInt32BE(8), `${file}: IHDR length`).toBe(13);
  expect(bytes.toString('ascii', 12, 16), `${file}: first chunk`).toBe('IHDR');
  return {
    width: bytes.readUInt32BE(16),
    height: bytes.readUInt32BE(20),
    bitDepth: bytes.readUInt8(24),
    colorType: bytes.readUInt8(25),
  };
}

/** PNG colour types that carry an alpha channel: 4 (grey + alpha) and 6 (RGBA). */
const ALPHA_COLOR_TYPES = [4, 6];

const trayFiles = TRAY_ICONS.flatMap((state) =>
  [16, 32].flatMap((base) =>
    [1, 2].map((scale) => ({
      file: `tray-${state}${base === 16 ? '' : `-${base}`}${scale === 2 ? '@2x' : ''}.png`,
      size: base * scale,
    })),
  ),
);

describe('tray icons', () => {
  it('has a 16 and 32 px icon and their @2x variants for every state', () => {
    expect(trayFiles).toHaveLength(TRAY_ICONS.length * 4);
    const missing = trayFiles.filter(({ file }) => !existsSync(join(resources, 'tray', file)));
    expect(missing.map(({ file }) => file)).toEqual([]);
  });

  it.each(trayFiles)('$file is a $size px PNG with alpha, under 2 KB', ({ file, size }) => {
    const path = join(resources, 'tray', file);
    const header = readPngHeader(path);
    expect(header).toMatchObject({ width: size, height: size, bitDepth: 8 });
    expect(ALPHA_COLOR_TYPES).toContain(header.colorType);
    expect(statSync(path).size).toBeLessThan(2048);
  });
});

describe('app icons', () => {
  const appIcons = [
    { file: 'icons/256x256.png', size: 256 },
    { file: 'icons/512x512.png', size: 512 },
    { file: 'icons/1024x1024.png', size: 1024 },
    { file: 'icon.png', size: 512 },
  ];

  it.each(appIcons)('$file is a $size px PNG with alpha', ({ file, size }) => {
    const header = readPngHeader(join(resources, file));
    expect(header).toMatchObject({ width: size, height: size, bitDepth: 8 });
    expect(ALPHA_COLOR_TYPES).toContain(header.colorType);
  });
});
