/**
 * The durability test's crash loop, for longer: `npm run bench:soak -- --minutes N [--seed S]`.
 * Kills an ingesting child with SIGKILL over and over for N minutes (default 5), checking the
 * cache after each kill, and prints the figures; exits 1 if any check failed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { crashLoop, describeCrashLoop } from './crash';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    seed: { type: 'string', default: '4242' },
    'max-commits': { type: 'string', default: '2000' },
  },
});
const minutes = Number(values.minutes);
const dir = mkdtempSync(join(tmpdir(), 'switchboard-soak-'));
console.log(`soak: ${minutes} min, seed ${values.seed}, cache in ${dir}`);
try {
  const result = await crashLoop({
    dbPath: join(dir, 'cache.db'),
    seed: Number(values.seed),
    durationMs: minutes * 60_000,
    maxCommitsPerLife: Number(values['max-commits']),
    ftsCheckEvery: 25,
    onKill: (report) => {
      if ((report.kill + 1) % 50 === 0)
        console.log(`  ${report.kill + 1} kills, ${report.reported + 1} messages committed`);
      if (
        report.integrity !== 'ok' ||
        report.missing.length > 0 ||
        (report.ftsIntegrity ?? 'ok') !== 'ok'
      )
        console.log(`  FAILURE after kill ${report.kill + 1}: ${JSON.stringify(report)}`);
    },
  });
  console.log(`soak: ${describeCrashLoop(result)}`);
  process.exitCode = result.failures.length === 0 ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
