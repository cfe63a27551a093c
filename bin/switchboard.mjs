#!/usr/bin/env node
// The `switchboard` command: runs main/headless/cli.ts through tsx (a development dependency),
// so it works from a clone without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main/headless/cli.ts');
// Exit explicitly: a CometD client can leave timers behind after signing out.
process.exit(await main(process.argv.slice(2)));
