import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isMediaChannel, type SimUser } from './model';
import { SCENARIOS, type ScenarioName } from './scenarios';
import { startSimulator, type SimulatorOptions } from './server';

const USAGE = `Usage: npm run simulator -- [options]

  --port N             TCP port (default 8090; 0 picks a free one)
  --host ADDRESS       address to listen on (default 127.0.0.1)
  --scenario NAME      demo | quiet | load (default demo)
  --dialect a|b        notification dialect: a = flat 003 form, b = 000 form (default b)
  --seed N             seed for the scenario's random choices (default 1)
  --invite-timeout S   seconds before an unanswered invite is revoked (default 30)
  --session-idle S     seconds before an idle HTTP session expires (default 1800)
  --load-rate N        notifications per second in the load scenario (default 100)
  --load-chats N       load: open N chats; once agents accepted them all, spread the
                       lines (--load-rate per second) over them; progress: GET /simulator/load
  --load-seconds S     load with --load-chats: stop the lines after S seconds (default 10)
  --chat-capacity N    chats an agent may hold at once (default 3)
  --without-multimedia a contact center without the api-multimedia feature (/features
                       leaves it out; e-mail and chat still run)
  --users FILE         JSON array of users: {userName, password, firstName?, lastName?,
                       channels?, changePasswordOnFirstLogin?}
  --control            serve the /simulator/... control API (tests only: no authentication)
  --verbose            log internal errors
  --help               this text`;

function fail(message: string): never {
  process.stderr.write(`simulator: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) fail(`--${name} must be a non-negative integer`);
  return parsed;
}

/** Reads `--users FILE`; each entry needs a user name and a password. */
export function readUsers(path: string): SimUser[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    fail(`cannot read users from ${path}: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) fail(`${path} must hold a JSON array of users`);
  return parsed.map((entry: unknown, index) => {
    const record = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<
      string,
      unknown
    >;
    const { userName, password } = record;
    if (typeof userName !== 'string' || typeof password !== 'string') {
      fail(`user ${index} in ${path} needs a string userName and password`);
    }
    const channels = Array.isArray(record.channels)
      ? record.channels.filter(isMediaChannel)
      : ['email' as const, 'chat' as const];
    return {
      id: typeof record.id === 'string' ? record.id : `user-${userName}`,
      userName,
      password,
      firstName: typeof record.firstName === 'string' ? record.firstName : userName,
      lastName: typeof record.lastName === 'string' ? record.lastName : '',
      employeeId: typeof record.employeeId === 'string' ? record.employeeId : String(2000 + index),
      channels,
      mustChangePassword: record.changePasswordOnFirstLogin === true,
      ...(Array.isArray(record.roles)
        ? { roles: record.roles.filter((role): role is string => typeof role === 'string') }
        : {}),
    };
  });
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        scenario: { type: 'string' },
        dialect: { type: 'string' },
        seed: { type: 'string' },
        'invite-timeout': { type: 'string' },
        'session-idle': { type: 'string' },
        'load-rate': { type: 'string' },
        'load-chats': { type: 'string' },
        'load-seconds': { type: 'string' },
        'chat-capacity': { type: 'string' },
        'without-multimedia': { type: 'boolean' },
        users: { type: 'string' },
        control: { type: 'boolean' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const scenario = values.scenario ?? 'demo';
  if (!SCENARIOS.includes(scenario as ScenarioName)) fail(`unknown scenario ${scenario}`);
  const dialect = values.dialect ?? 'b';
  if (dialect !== 'a' && dialect !== 'b') fail('--dialect must be a or b');
  const options: Partial<SimulatorOptions> = {
    port: integer(values.port, 'port', 8090),
    host: values.host ?? '127.0.0.1',
    scenario: scenario as ScenarioName,
    dialect,
    seed: integer(values.seed, 'seed', 1),
    inviteTimeoutSeconds: integer(values['invite-timeout'], 'invite-timeout', 30),
    sessionIdleSeconds: integer(values['session-idle'], 'session-idle', 1800),
    loadRate: integer(values['load-rate'], 'load-rate', 100),
    ...(values['load-chats'] === undefined
      ? {}
      : { loadChats: integer(values['load-chats'], 'load-chats', 0) }),
    ...(values['load-seconds'] === undefined
      ? {}
      : { loadSeconds: integer(values['load-seconds'], 'load-seconds', 10) }),
    ...(values['chat-capacity'] === undefined
      ? {}
      : { chatCapacity: integer(values['chat-capacity'], 'chat-capacity', 3) }),
    ...(values['without-multimedia'] === true ? { withoutMultimedia: true } : {}),
    control: values.control ?? false,
    ...(values.users === undefined ? {} : { users: readUsers(values.users) }),
    log: values.verbose ? (line) => process.stderr.write(`${line}\n`) : () => undefined,
  };
  let simulator;
  try {
    simulator = await startSimulator(options);
  } catch (error) {
    fail(
      `cannot listen on ${options.host ?? ''}:${String(options.port)}: ${(error as Error).message}`,
    );
  }
  const users = simulator.options.users.map((user) => user.userName);
  process.stdout.write(
    `GWS simulator listening on ${simulator.url}\n` +
      `  REST     ${simulator.apiUrl}\n` +
      `  CometD   ${simulator.apiUrl}/notifications\n` +
      `  scenario ${simulator.options.scenario}, dialect ${simulator.options.dialect}, seed ${simulator.options.seed}` +
      `${simulator.options.control ? ', control API on /simulator/' : ''}\n` +
      (values.users === undefined
        ? `  sign in as agent1 … agent5, password "demo"\n`
        : `  users: ${users.join(', ')}\n`),
  );
  const stop = (signal: string) => {
    process.stdout.write(`\n${signal}: stopping the simulator\n`);
    void simulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => {
    stop('SIGINT');
  });
  process.once('SIGTERM', () => {
    stop('SIGTERM');
  });
}

void main();
