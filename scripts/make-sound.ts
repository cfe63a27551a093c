/**
 * Writes resources/sounds/invitation.wav, the chime the renderer plays when an invitation
 * arrives (`app.onSoundRequested`): a soft two-tone "ding-dong", 0.4 s, 16-bit mono PCM at
 * 22 050 Hz. The tones are computed here rather than recorded so that the file has a known
 * licence and the same input always gives the same bytes. Run: `npx tsx scripts/make-sound.ts`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SAMPLE_RATE = 22_050;
const DURATION_S = 0.4;
/** Peak level as a fraction of full scale: a chime, not an alarm. */
const PEAK = 0.35;

interface Tone {
  /** Hz. */
  readonly frequency: number;
  /** When it starts, in seconds. */
  readonly start: number;
  /** Exponential decay time constant, in seconds. */
  readonly decay: number;
  readonly gain: number;
}

// E6 then B5 (a falling fifth): each tone strikes softly (8 ms attack, so no click) and rings
// out, the second overlapping the tail of the first.
const TONES: readonly Tone[] = [
  { frequency: 1318.51, start: 0, decay: 0.09, gain: 1 },
  { frequency: 987.77, start: 0.14, decay: 0.1, gain: 0.9 },
];
const ATTACK_S = 0.008;
/** The last 30 ms fade to silence so that the file ends on zero. */
const RELEASE_S = 0.03;

function sample(t: number): number {
  let value = 0;
  for (const tone of TONES) {
    const local = t - tone.start;
    if (local < 0) continue;
    const attack = Math.min(1, local / ATTACK_S);
    const envelope = attack * Math.exp(-local / tone.decay);
    // A quiet octave partial makes it sound like a bell rather than a pure sine.
    const wave =
      Math.sin(2 * Math.PI * tone.frequency * local) +
      0.25 * Math.sin(4 * Math.PI * tone.frequency * local);
    value += (tone.gain * envelope * wave) / 1.25;
  }
  const release = Math.min(1, (DURATION_S - t) / RELEASE_S);
  return value * Math.max(0, release);
}

/**
 * The chime as a RIFF/WAVE file of 16-bit little-endian mono PCM: the bytes the script writes,
 * the same at every run (tests/sound.test.ts compares them with the file in resources/).
 */
export function renderChime(): Buffer {
  const frames = Math.round(SAMPLE_RATE * DURATION_S);
  const dataBytes = frames * 2;
  const wav = Buffer.alloc(44 + dataBytes);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + dataBytes, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(SAMPLE_RATE, 24);
  wav.writeUInt32LE(SAMPLE_RATE * 2, 28); // byte rate
  wav.writeUInt16LE(2, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(dataBytes, 40);
  for (let frame = 0; frame < frames; frame++) {
    const value = Math.max(-1, Math.min(1, PEAK * sample(frame / SAMPLE_RATE)));
    wav.writeInt16LE(Math.round(value * 32_767), 44 + frame * 2);
  }
  return wav;
}

/** Where the chime goes: the renderer's build copies it from there. */
export const CHIME_PATH = join(import.meta.dirname, '..', 'resources', 'sounds', 'invitation.wav');

// Writes only when run as a script, not when a test imports the renderer above.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await mkdir(join(CHIME_PATH, '..'), { recursive: true });
  await writeFile(CHIME_PATH, renderChime());
  console.log(`wrote ${CHIME_PATH}`);
}
