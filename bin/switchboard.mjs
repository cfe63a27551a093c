#!/usr/bin/env node
// The `switchboard` command of an installed Switchboard: checks the Node version, then runs the
// built command line (out/cli/switchboard.js, emitted by `npm run build`), which needs only the
// production dependencies. In a clone, `npm run cli -- …` runs the TypeScript source instead.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// better-sqlite3's prebuilt binary needs Node-API 10 (Node 22): on an older Node it does not
// fail politely, it crashes the process. Say so before loading anything.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `switchboard needs Node.js 22.12 or newer (this is ${process.versions.node}); install it, or from a clone run \`npm run --silent cli -- …\`, which uses the project's own Node 22.\n`,
  );
  process.exit(1);
}

const built = new URL('../out/cli/switchboard.js', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write(
    `switchboard is not built (${fileURLToPath(built)} is missing): run \`npm run build\`, or \`npm run --silent cli -- …\` to run it from source.\n`,
  );
  process.exit(1);
}
// The built program runs the command and exits with its code.
await import(built.href);
