// `npm test` once the type check has passed: the test suite, with the lint (`npm run lint`:
// ESLint's typed rules, then Prettier) running beside it instead of before it.
//
// Why: the lint takes ~2 minutes of one core, and the suite leaves about one of the two cores
// of a CI machine idle (it mostly waits on sockets, timers, child processes and Chromium). The
// lint runs at the lowest CPU priority, so it takes only what the suite leaves idle and never
// starves the suite's timing checks. Vitest's output streams as it comes; the lint's is printed
// after it, whole. Exits non-zero when either failed; both always run to the end.
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

const [lint, suite] = await Promise.all([
  npmRun('lint', { quiet: true, lowPriority: true }),
  npmRun('test:unit', { quiet: false, lowPriority: false }),
]);
process.stdout.write(
  `\n── npm run lint (ran beside the tests): ${lint.code === 0 ? 'passed' : 'FAILED'}\n`,
);
process.stdout.write(lint.output);
process.exitCode = lint.code !== 0 ? lint.code : suite.code;
