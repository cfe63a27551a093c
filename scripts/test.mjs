// `npm test`: the type check, then the test suite with the lint (`npm run lint`: ESLint's typed
// rules, then Prettier) running beside it instead of before it.
//
// Why: the lint takes ~2 minutes of one core, and the suite leaves about one of the two cores
// of a CI machine idle (it mostly waits on sockets, timers, child processes and Chromium). The
// lint runs at the lowest CPU priority, so it takes only what the suite leaves idle and never
// starves the suite's timing checks. Vitest's output streams as it comes; the lint's is printed
// after it, whole. Exits non-zero when either failed; both always run to the end.
//
// The type check's two halves (`tsc` for the Node side, `vue-tsc` for the renderer, each ~15–18 s
// of one core) run at once, each printed whole when both are done: one after the other they left
// the second core idle for half a minute before the suite could start. Neither depends on the
// other, and the suite starts only once both passed, as it did after `npm run typecheck`.
import { spawn } from 'node:child_process';
import { constants, setPriority } from 'node:os';

const npm = process.env.npm_execpath;
if (npm === undefined) {
  console.error('scripts/test.mjs runs through npm: use `npm test`.');
  process.exit(2);
}

/** Runs `npm run <script>`, its output kept (not printed) when `quiet`; resolves to the outcome. */
function npmRun(script, { quiet, lowPriority }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [npm, 'run', '--silent', script], {
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
    });
    if (lowPriority && child.pid !== undefined) {
      try {
        setPriority(child.pid, constants.priority.PRIORITY_LOW);
      } catch (error) {
        // It then runs at normal priority, which only costs time.
        console.error(`npm run ${script} runs at normal priority: ${error.message}`);
      }
    }
    const output = [];
    child.stdout?.on('data', (chunk) => output.push(chunk));
    child.stderr?.on('data', (chunk) => output.push(chunk));
    child.once('error', (error) => {
      resolve({ code: 1, output: `could not run ${script}: ${error.message}\n` });
    });
    child.once('close', (code, signal) => {
      resolve({
        code: code ?? (signal === null ? 1 : 128),
        output: Buffer.concat(output).toString(),
      });
    });
  });
}

const typechecks = await Promise.all(
  ['typecheck:node', 'typecheck:web'].map(async (script) => ({
    script,
    ...(await npmRun(script, { quiet: true, lowPriority: false })),
  })),
);
for (const { script, code, output } of typechecks) {
  if (code !== 0) process.stdout.write(`── npm run ${script}: FAILED\n`);
  process.stdout.write(output);
}
const failedTypecheck = typechecks.find(({ code }) => code !== 0);
if (failedTypecheck !== undefined) process.exit(failedTypecheck.code);

const [lint, suite] = await Promise.all([
  npmRun('lint', { quiet: true, lowPriority: true }),
  npmRun('test:unit', { quiet: false, lowPriority: false }),
]);
process.stdout.write(
  `\n── npm run lint (ran beside the tests): ${lint.code === 0 ? 'passed' : 'FAILED'}\n`,
);
process.stdout.write(lint.output);
process.exitCode = lint.code !== 0 ? lint.code : suite.code;
