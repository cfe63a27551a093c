// Launches the desktop app (`electron-vite preview`). Electron 42+ fetches its runtime the first
// time it is required; where that cannot happen (no internet access) this says so in one
// sentence and exits non-zero, instead of printing the downloader's stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Resolves the Electron executable in a child process, letting Electron download it if absent. */
function locateElectron() {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    encoding: 'utf8',
    timeout: 15 * 60_000,
  });
  if (probe.status !== 0) return { ok: false, reason: 'it could not be downloaded' };
  const executable = probe.stdout.trim();
  if (!existsSync(executable)) return { ok: false, reason: `${executable} does not exist` };
  return { ok: true, executable };
}

const electron = locateElectron();
if (!electron.ok) {
  console.error(
    `Switchboard cannot start because the Electron runtime is missing and ${electron.reason}; run \`npm start\` once on a machine with internet access, or set ELECTRON_OVERRIDE_DIST_PATH to a local Electron ${require('electron/package.json').version} folder.`,
  );
  process.exit(1);
}

const child = spawn(
  process.execPath,
  [
    join(dirname(require.resolve('electron-vite/package.json')), 'bin/electron-vite.js'),
    'preview',
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
