import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHIME_PATH, renderChime } from '../scripts/make-sound';

// The chime scripts/make-sound.ts writes (run `npx tsx scripts/make-sound.ts` to regenerate):
// the file shipped must be what the script renders, so that the script stays its source.
describe('invitation chime', () => {
  it('is what scripts/make-sound.ts renders', () => {
    const shipped = readFileSync(CHIME_PATH);
    const rendered = renderChime();
    expect(shipped.length).toBe(rendered.length);
    expect(shipped.equals(rendered)).toBe(true);
  });

  it('is 0.4 s of 16-bit mono PCM at 22 050 Hz that ends on silence', () => {
    const wav = renderChime();
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.toString('ascii', 8, 12)).toBe('WAVE');
    expect({
      format: wav.readUInt16LE(20),
      channels: wav.readUInt16LE(22),
      sampleRate: wav.readUInt32LE(24),
      bitsPerSample: wav.readUInt16LE(34),
      dataBytes: wav.readUInt32LE(40),
    }).toEqual({
      format: 1,
      channels: 1,
      sampleRate: 22_050,
      bitsPerSample: 16,
      dataBytes: 8820 * 2,
    });
    // The release fades to within a step of zero: no click at the end.
    expect(Math.abs(wav.readInt16LE(wav.length - 2))).toBeLessThanOrEqual(1);
  });
});
