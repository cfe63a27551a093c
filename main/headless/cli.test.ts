import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../cache/database';
import { CacheStore } from '../cache/store';
import { main } from './cli';
import { defaultCachePath } from './paths';

// In process, with fetch replaced: an address the command must refuse is never reached, even
// if it did not refuse it (tests reach only this machine).

/** What the command writes to `stream` from now on (the test's spies are put back after it). */
function captured(stream: NodeJS.WriteStream): string[] {
  const written: string[] = [];
  vi.spyOn(stream, 'write').mockImplementation((chunk, ...rest) => {
    written.push(String(chunk));
    rest.find((arg): arg is () => void => typeof arg === 'function')?.();
    return true;
  });
  return written;
}

const folders: string[] = [];
afterEach(async () => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Runs `listen` with `server`; answers its exit code, what it wrote on stderr, what it sent. */
async function listenTo(server: string) {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-cli-server-'));
  folders.push(dir);
  const sent: string[] = [];
  vi.stubGlobal('fetch', (input: string | URL | Request) => {
    sent.push(String(input instanceof Request ? input.url : input));
    return Promise.reject(new Error('no network in this test'));
  });
  vi.stubEnv('SWITCHBOARD_PASSWORD', 'hunter2');
  const errors: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    errors.push(String(chunk));
    return true;
  });
  const code = await main([
    'listen',
    ...['--server', server, '--user', 'agent1', '--db', join(dir, 'cache.sqlite')],
  ]);
  return { code, stderr: errors.join(''), sent };
}

describe('switchboard listen --server', () => {
  it('refuses plain http to another machine before the password goes anywhere', async () => {
    const { code, stderr, sent } = await listenTo('http://gws.example.com:8090');
    expect(code).toBe(2);
    expect(stderr).toContain('must use https (http only for a server on this machine)');
    expect(sent).toEqual([]);
  });

  it('refuses an address carrying a user name or password, without repeating it', async () => {
    for (const server of [
      'https://jdoe:secret@gws.example.com',
      'https://:secret@gws.example.com',
    ]) {
      const { code, stderr, sent } = await listenTo(server);
      expect(code).toBe(2);
      expect(stderr).toContain('without credentials');
      expect(stderr).not.toContain('secret');
      expect(sent).toEqual([]);
    }
  });

  it('takes https, and http on this machine', async () => {
    for (const server of ['https://127.0.0.1:1', 'http://localhost:1']) {
      const { stderr, sent } = await listenTo(server);
      // Past the address check: the sign-in is tried (and fails: no network here).
      expect(stderr).not.toContain('--server');
      expect(sent.length).toBeGreaterThan(0);
    }
  });
});

describe("listen's password prompt", () => {
  /** `listen` asking a terminal for the password; answers its exit code, or 'unsettled'. */
  async function promptEndedBy(keys: string | null) {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-cli-prompt-'));
    folders.push(dir);
    vi.stubEnv('SWITCHBOARD_PASSWORD', undefined);
    // A terminal: what readline puts in raw mode and reads key by key.
    const terminal = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => terminal });
    vi.spyOn(process, 'stdin', 'get').mockReturnValue(terminal as unknown as typeof process.stdin);
    const stderr = captured(process.stderr);
    const exited = main([
      'listen',
      ...['--server', 'http://127.0.0.1:1', '--user', 'agent1', '--db', join(dir, 'cache.sqlite')],
    ]);
    await vi.waitFor(() => {
      expect(stderr.join('')).toContain('Password for agent1: ');
    });
    if (keys === null) terminal.end();
    else terminal.write(keys);
    const code = await Promise.race([
      exited,
      new Promise<'unsettled'>((resolve) =>
        setTimeout(() => {
          resolve('unsettled');
        }, 2000),
      ),
    ]);
    return { code, stderr: stderr.join('') };
  }

  it('stops with one sentence at Ctrl-C and at the end of input (Ctrl-D), signing in nowhere', async () => {
    for (const keys of ['\u0003', null]) {
      const { code, stderr } = await promptEndedBy(keys);
      expect(code).toBe(1);
      expect(stderr).toContain(
        'switchboard: No password was given for agent1: nothing was started.',
      );
      vi.restoreAllMocks();
    }
  });
});

describe('switchboard history --limit', () => {
  /** Runs `history` over a cache holding one interaction; answers its exit code and output. */
  async function historyWithLimit(limit: string) {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-cli-limit-'));
    folders.push(dir);
    const path = join(dir, 'cache.sqlite');
    const store = new CacheStore(openDatabase(path));
    const account = store.accountId({ serverUrl: 'http://127.0.0.1:1', userName: 'agent1' });
    store.upsertInteraction(
      account,
      { id: 'E1', channel: 'email', state: 'Invited', capabilities: [], userData: {} },
      1,
    );
    store.close();
    const output = captured(process.stdout);
    const errors = captured(process.stderr);
    const code = await main(['history', '--limit', limit, '--db', path]);
    return { code, stdout: output.join(''), stderr: errors.join('') };
  }

  it('refuses a number past what it can count exactly as a usage error, not an SQLite one', async () => {
    // 2^64: SQLite answered "datatype mismatch" (exit 1), naming neither the option nor the rule.
    const { code, stderr } = await historyWithLimit('18446744073709551616');
    expect(code).toBe(2);
    expect(stderr).toContain('--limit takes a whole number from 1 to 9007199254740991');
    expect(stderr).not.toContain('datatype mismatch');
  });

  it('takes the largest number it can count exactly', async () => {
    const { code, stdout } = await historyWithLimit(String(Number.MAX_SAFE_INTEGER));
    expect(code).toBe(0);
    expect(stdout).toContain('\tE1\t');
  });
});

/** A cache file in a new folder holding ended chats, each id with the time it ended. */
async function cacheOfEndedChats(prefix: string, endings: Record<string, number>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  folders.push(dir);
  const path = join(dir, 'cache.sqlite');
  const store = new CacheStore(openDatabase(path));
  const account = store.accountId({ serverUrl: 'http://127.0.0.1:1', userName: 'agent1' });
  for (const [id, at] of Object.entries(endings))
    store.upsertInteraction(
      account,
      { id, channel: 'chat', state: 'Completed', capabilities: [], userData: {} },
      at,
    );
  store.close();
  return path;
}

describe('switchboard history of interactions that ended in the same millisecond', () => {
  it('orders them as the cache and the desk do, whatever --limit cuts', async () => {
    // A transfer and its end, stored together: one millisecond, ids of both letter cases.
    const path = await cacheOfEndedChats('switchboard-cli-tie-', {
      a2: 1_700_000_000_000,
      B1: 1_700_000_000_000,
    });
    async function ids(...args: string[]): Promise<string[]> {
      const output = captured(process.stdout);
      expect(await main(['history', ...args, '--db', path])).toBe(0);
      vi.restoreAllMocks();
      return output
        .join('')
        .trimEnd()
        .split('\n')
        .map((line) => line.split('\t')[2] ?? '');
    }
    // The cache's order (SQLite's, by code unit: 'B' before 'a'), the desk History's too. The
    // whole list put 'a2' first (a dictionary's order) while --limit 1 printed 'B1'.
    expect(await ids()).toEqual(['B1', 'a2']);
    expect(await ids('--limit', '1')).toEqual(['B1']);
  });
});

describe('switchboard history across the hour the clocks go back', () => {
  it('names each time’s UTC offset, so that the twice-lived hour reads in its order', async () => {
    // New York, 1 November 2026: 01:00–02:00 is lived twice (EDT, then EST). One chat ended
    // at 01:30 EDT, the next at 01:10 EST, 40 minutes later: both printed as "2026-11-01 01:…",
    // the newer first, the list read backwards and a script could not tell the instants apart.
    vi.stubEnv('TZ', 'America/New_York');
    const endings = { first: Date.UTC(2026, 10, 1, 5, 30), second: Date.UTC(2026, 10, 1, 6, 10) };
    const path = await cacheOfEndedChats('switchboard-cli-dst-', endings);
    const output = captured(process.stdout);
    expect(await main(['history', '--db', path])).toBe(0);
    const rows = output
      .join('')
      .trimEnd()
      .split('\n')
      .map((line) => line.split('\t'));
    expect(rows.map(([time, , id]) => [id, time])).toEqual([
      ['second', '2026-11-01 01:10 -05:00'],
      ['first', '2026-11-01 01:30 -04:00'],
    ]);
    // Each time, read back as ISO 8601, is the instant it ended.
    for (const [time, , id] of rows)
      expect(Date.parse((time ?? '').replace(' ', 'T').replace(' ', ''))).toBe(
        endings[id as keyof typeof endings],
      );
  });
});

describe('switchboard history with no cache there', () => {
  it.skipIf(process.platform === 'win32')(
    'suggests a listen command that a shell reads back as written, a path with spaces and quotes one word',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'switchboard-cli-no-cache-'));
      folders.push(dir);
      const path = join(dir, "Agent's files", 'my cache.sqlite');
      const errors = captured(process.stderr);
      expect(await main(['history', '--db', path])).toBe(1);
      const suggested = /run (switchboard listen .*) to fill one\./u.exec(errors.join(''))?.[1];
      expect(suggested).toBeDefined();
      // Pasted into a shell, each word as listen reads it.
      const words = execFileSync('sh', ['-c', `printf '%s\\n' ${suggested ?? ''}`], {
        encoding: 'utf8',
      })
        .trimEnd()
        .split('\n');
      expect(words).toEqual([
        'switchboard',
        'listen',
        '--server',
        'URL',
        '--user',
        'NAME',
        '--db',
        path,
      ]);
    },
  );
});

describe('switchboard transcript on a shared workstation', () => {
  it('prints the agent who handled it, not asking for --user because another only opened it from a contact’s history', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-cli-shared-'));
    folders.push(dir);
    const path = join(dir, 'cache.sqlite');
    const store = new CacheStore(openDatabase(path));
    const handler = store.accountId({ serverUrl: 'http://127.0.0.1:1', userName: 'agent1' });
    const looker = store.accountId({ serverUrl: 'http://127.0.0.1:1', userName: 'agent2' });
    const entry = {
      id: 'CH1',
      mediaType: 'Chat',
      subject: 'Parcel',
      state: 'Stopped',
      startedAt: 1,
      endedAt: 2,
      contactId: 'maria',
    };
    store.transaction(() => {
      store.upsertInteraction(
        handler,
        { id: 'CH1', channel: 'chat', state: 'Completed', capabilities: [], userData: {} },
        1,
      );
      store.contactHistory().storeListing(looker, 'maria', [entry], 3);
      store.storeHistoryContent(
        looker,
        entry,
        { events: [{ eventId: 1, kind: 'message', authorName: 'Maria', text: 'Hellerup' }] },
        4,
      );
    });
    store.close();
    const output = captured(process.stdout);
    expect(await main(['transcript', 'CH1', '--format', 'json', '--db', path])).toBe(0);
    expect(JSON.parse(output.join(''))).toMatchObject({ id: 'CH1', state: 'Completed' });
    // Named, the one who only looked gets what they opened.
    output.length = 0;
    expect(
      await main(['transcript', 'CH1', '--user', 'agent2', '--format', 'json', '--db', path]),
    ).toBe(0);
    expect(JSON.parse(output.join(''))).toMatchObject({
      id: 'CH1',
      transcript: [{ text: 'Hellerup' }],
    });
  });
});

describe('switchboard transcript of one user name on two servers', () => {
  it('takes --server to tell them apart, and refuses an ambiguous --user naming both', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-cli-servers-'));
    folders.push(dir);
    const path = join(dir, 'cache.sqlite');
    const store = new CacheStore(openDatabase(path));
    const subjects = { 'http://127.0.0.1:1': 'Parcel', 'http://127.0.0.1:2': 'Invoice' };
    store.transaction(() => {
      for (const [serverUrl, subject] of Object.entries(subjects))
        store.upsertInteraction(
          store.accountId({ serverUrl, userName: 'agent1' }),
          {
            id: 'CH1',
            channel: 'chat',
            state: 'Completed',
            subject,
            capabilities: [],
            userData: {},
          },
          1,
        );
    });
    store.close();
    const errors = captured(process.stderr);
    expect(await main(['transcript', 'CH1', '--user', 'agent1', '--db', path])).toBe(1);
    expect(errors.join('')).toContain(
      'holds interaction CH1 for agent1 at http://127.0.0.1:1, agent1 at http://127.0.0.1:2: name one with --server',
    );
    const output = captured(process.stdout);
    for (const [serverUrl, subject] of Object.entries(subjects)) {
      output.length = 0;
      // As listen's --server takes it: a trailing / is the same server.
      expect(
        await main([
          'transcript',
          'CH1',
          ...['--user', 'agent1', '--server', `${serverUrl}/`],
          ...['--format', 'json', '--db', path],
        ]),
      ).toBe(0);
      expect(JSON.parse(output.join(''))).toMatchObject({ id: 'CH1', subject });
    }
  });
});

describe('switchboard transcript of an e-mail the agent answered', () => {
  it('prints the replies after it, as the desk’s saved transcript does', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-cli-thread-'));
    folders.push(dir);
    const path = join(dir, 'cache.sqlite');
    const store = new CacheStore(openDatabase(path));
    const account = store.accountId({ serverUrl: 'http://127.0.0.1:1', userName: 'agent1' });
    store.transaction(() => {
      store.upsertInteraction(
        account,
        { id: 'IN1', channel: 'email', state: 'Completed', capabilities: [], userData: {} },
        1,
      );
      store.putEmail(account, 'IN1', {
        from: 'maria@example.com',
        to: ['support@example.com'],
        cc: [],
        subject: 'Invoice 2291 paid twice',
        text: 'I paid invoice 2291 twice by mistake.',
        attachments: [],
      });
      store.upsertInteraction(
        account,
        {
          id: 'OUT1',
          channel: 'email',
          type: 'Outbound',
          subType: 'Reply',
          state: 'Completed',
          capabilities: [],
          userData: {},
          parentId: 'IN1',
        },
        2,
      );
      store.putSentEmail(
        account,
        'OUT1',
        {
          to: ['maria@example.com'],
          cc: [],
          bcc: [],
          subject: 'Re: Invoice 2291 paid twice',
          text: 'The second payment is refunded today.',
          attachments: [],
          sentAt: 3,
        },
        'The second payment is refunded today.',
      );
    });
    store.close();
    const output = captured(process.stdout);
    for (const format of ['text', 'html']) {
      output.length = 0;
      const code = await main(['transcript', 'IN1', '--format', format, '--db', path]);
      expect(code).toBe(0);
      expect(output.join('')).toContain('I paid invoice 2291 twice by mistake.');
      // What the agent answered: only the desk's saved transcript had it.
      expect(output.join('')).toContain('The second payment is refunded today.');
    }
  });
});

describe('switchboard on a machine that never ran the desk', () => {
  it('says what fills a cache, in words that work when run as told, and exits 1', async () => {
    // The default cache of a folder with a space in its name, as macOS's Application Support.
    const home = await mkdtemp(join(tmpdir(), 'switchboard-cli-first day-'));
    folders.push(home);
    vi.stubEnv('XDG_CONFIG_HOME', home);
    vi.stubEnv('APPDATA', home);
    vi.stubEnv('HOME', home);
    for (const command of [['history'], ['search', 'invoice'], ['check']]) {
      const errors = captured(process.stderr);
      expect(await main(command)).toBe(1);
      const said = errors.join('');
      expect(said).toContain(`There is no cache at ${defaultCachePath()}`);
      // Not "run switchboard listen --db PATH": run so, it answered "--server is required".
      expect(said).toContain('switchboard listen --server URL --user NAME');
      expect(said).not.toContain('--db /');
      vi.restoreAllMocks();
    }
  });
});
