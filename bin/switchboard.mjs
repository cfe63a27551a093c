#!/usr/bin/env node
// The `switchboard` command: runs main/headless/cli.ts through tsx (a development dependency),
// so it works from a clone without a build step.

// better-sqlite3's prebuilt binary needs Node-API 10 (Node 22): on an older Node it does not
// fail politely, it crashes the process. Say so before loading anything.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `switchboard needs Node.js 22.12 or newer (this is ${process.versions.node}); run it as \`npm run --silent cli -- …\`, which uses the project's own Node 22.\n`,
  );
  process.exit(1);
}

const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../main/headless/cli.ts');
// Exit explicitly: a CometD client can leave timers behind after signing out.
process.exit(await main(process.argv.slice(2)));
