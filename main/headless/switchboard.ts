import { main } from './cli';

// The `switchboard` program: runs the command line and exits with its code. Built into
// out/cli/switchboard.js (cli.vite.config.ts), which bin/switchboard.mjs loads; in development
// `npm run cli` runs this file from source through tsx.

// Exit explicitly: a CometD client can leave timers behind after signing out.
process.exit(await main(process.argv.slice(2)));
