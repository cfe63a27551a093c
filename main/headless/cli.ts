import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { GwsEvent } from '../../common/model';
import type { GwsLog } from '../gws/http';
import { createOperations } from '../gws/operations';
import { GwsSession } from '../gws/session';

const USAGE = `Usage: switchboard listen --server URL --user NAME [--ready email,chat] [--verbose]

  Signs in to a GWS server, sets the listed channels Ready, prints every event as one JSON
  line on stdout and connection changes on stderr. Ctrl-C signs out and exits.

  The password comes from the SWITCHBOARD_PASSWORD environment variable, or a prompt on a
  terminal. It is never taken from the command line.

  Against the built-in simulator:  npm run simulator   then
  SWITCHBOARD_PASSWORD=demo npm run --silent cli -- listen --server http://127.0.0.1:8090 --user agent1`;

const MEDIA_CHANNELS = ['email', 'chat'];

class UsageError extends Error {}

/** One JSON line per event: the interaction id first, and the fields a person scans for. */
export function eventLine(event: GwsEvent): string {
  switch (event.type) {
    case 'interactionInvited':
    case 'interactionUpdated': {
      const { interaction } = event;
      return JSON.stringify({
        event: event.type,
        interactionId: interaction.id,
        channel: interaction.channel,
        state: interaction.state,
        ...(interaction.subject === undefined ? {} : { subject: interaction.subject }),
        ...(interaction.from === undefined ? {} : { from: interaction.from }),
      });
    }
    case 'interactionRevoked':
    case 'interactionEnded':
      return JSON.stringify({
        event: event.type,
        interactionId: event.interactionId,
        ...(event.interaction === undefined
          ? {}
          : {
              channel: event.interaction.channel,
              state: event.interaction.state,
              subject: event.interaction.subject,
            }),
      });
    case 'chatEventsReceived':
      return JSON.stringify({
        event: event.type,
        interactionId: event.interactionId,
        messages: event.events.map((chatEvent) => ({
          eventId: chatEvent.eventId,
          kind: chatEvent.kind,
          author: chatEvent.authorName,
          authorType: chatEvent.authorType,
          ...(chatEvent.text === undefined ? {} : { text: chatEvent.text }),
          ...(chatEvent.noticeType === undefined ? {} : { notice: chatEvent.noticeType }),
        })),
      });
    case 'emailContentReceived':
      return JSON.stringify({
        event: event.type,
        interactionId: event.interactionId,
        subject: event.email.subject,
        from: event.email.from,
        attachments: event.email.attachments.map((attachment) => attachment.name),
      });
    default: {
      const { type, ...rest } = event;
      return JSON.stringify({ event: type, ...rest });
    }
  }
}

/** Reads a password from the terminal without echoing it. */
function promptPassword(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    if (!input.isTTY) {
      reject(
        new UsageError('Set SWITCHBOARD_PASSWORD: there is no terminal to ask for the password.'),
      );
      return;
    }
    const readline = createInterface({ input, output: process.stderr, terminal: true });
    process.stderr.write(question);
    // Mute the echo: readline writes what it reads back to its output.
    (readline as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = () =>
      undefined;
    readline.question('', (answer) => {
      readline.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

function parse(argv: readonly string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        server: { type: 'string' },
        user: { type: 'string' },
        ready: { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
    });
  } catch (error) {
    const message = (error as Error).message;
    throw new UsageError(
      /password/i.test(message)
        ? 'Passwords are never taken from the command line: use SWITCHBOARD_PASSWORD.'
        : message,
    );
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true as const };
  const [command] = positionals;
  if (command !== 'listen')
    throw new UsageError(
      command === undefined ? 'Name a command: listen' : `Unknown command ${command}`,
    );
  if (values.server === undefined) throw new UsageError('--server is required');
  if (values.user === undefined) throw new UsageError('--user is required');
  try {
    new URL(values.server);
  } catch {
    throw new UsageError(`--server ${values.server} is not a URL`);
  }
  const ready = (values.ready ?? '')
    .split(',')
    .map((channel) => channel.trim())
    .filter((channel) => channel !== '');
  const unknown = ready.filter((channel) => !MEDIA_CHANNELS.includes(channel));
  if (unknown.length > 0)
    throw new UsageError(`--ready takes ${MEDIA_CHANNELS.join(', ')}; not ${unknown.join(', ')}`);
  return {
    help: false as const,
    server: values.server,
    user: values.user,
    ready,
    verbose: values.verbose ?? false,
  };
}

async function listen(options: {
  server: string;
  user: string;
  ready: string[];
  verbose: boolean;
}): Promise<number> {
  const password =
    process.env.SWITCHBOARD_PASSWORD ?? (await promptPassword(`Password for ${options.user}: `));
  const log: GwsLog = {
    debug: (message) => {
      if (options.verbose) process.stderr.write(`debug: ${message}\n`);
    },
    warn: (message) => process.stderr.write(`warning: ${message}\n`),
  };
  const session = new GwsSession({
    serverUrl: options.server,
    credentials: { userName: options.user, password },
    log,
  });
  session.onStatus((status) =>
    process.stderr.write(`connection: ${status.state} (${status.reason})\n`),
  );
  session.onEvent((event) => process.stdout.write(`${eventLine(event)}\n`));

  const signedIn = await session.signIn();
  if (!signedIn.ok) {
    process.stderr.write(`Sign-in failed (${signedIn.error.kind}): ${signedIn.error.message}\n`);
    return 1;
  }
  const operations = createOperations(session.requester);
  for (const channel of options.ready) {
    const ready = await operations.setChannelReady(channel);
    if (!ready.ok) process.stderr.write(`Ready on ${channel} failed: ${ready.error.message}\n`);
  }
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`${signal}: signing out\n`);
      void session.signOut().then(() => {
        resolve(0);
      });
    };
    process.once('SIGINT', () => {
      stop('SIGINT');
    });
    process.once('SIGTERM', () => {
      stop('SIGTERM');
    });
  });
}

/** The `switchboard` command line; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const options = parse(argv);
    if (options.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    return await listen(options);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`switchboard: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(
      `switchboard: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}
