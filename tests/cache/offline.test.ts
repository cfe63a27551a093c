import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import type { InteractionDetail } from '../../common/model';
import { openDatabase } from '../../main/cache/database';
import { CacheStore } from '../../main/cache/store';
import { transcriptHtml, transcriptText } from '../../main/workstation/transcript';
import { attachmentsFolderFor } from '../../main/cache/paths';
import { defaultCachePath, ensureFolderFor } from '../../main/headless/paths';
import { startSimulator, type Simulator } from '../../simulator/server';
import type { ScenarioName } from '../../simulator/scenarios';
import {
  jsonLines,
  runSwitchboard,
  untilPrinted,
  waitUntil,
  type SwitchboardRun,
} from '../support/switchboardProcess';
import { BUILT_CLI } from '../support/buildCli';
import { cleanupsTest } from '../support/testCleanups';

// The offline cache's acceptance, in seconds: `switchboard listen --db` records the demo, the
// server goes away, and `search`, `transcript` and `history` still answer from the file.

// The tests run at once (each mostly waits on its commands), so each owns what it opens: a
// folder (its caches and app data), its simulator and its commands, closed when it ends.

/** What a test runs on, its own whatever other tests run at the same time. */
interface Own {
  /** The test's folder: its caches, and its app data (never the developer's own). */
  readonly folder: string;
  /** Starts the test's simulator, closed when the test ends (if the test has not). */
  readonly startSimulator: (options: {
    scenario: ScenarioName;
    seed: number;
  }) => Promise<Simulator>;
  /** Starts the built `switchboard` command, killed when the test ends if still running. */
  readonly run: (
    args: readonly string[],
    env?: Record<string, string | undefined>,
  ) => SwitchboardRun;
  /** Runs an offline command to its end. */
  readonly offline: (
    args: readonly string[],
  ) => Promise<{ code: number | null; stdout: string; stderr: string }>;
}

const offlineTest = cleanupsTest.extend('own', ({ cleanups }): Own => {
  const folder = mkdtempSync(join(tmpdir(), 'switchboard-offline-'));
  cleanups.push(() => {
    rmSync(folder, { recursive: true, force: true });
  });
  const run: Own['run'] = (args, env = {}) => {
    // Never the developer's own cache, whatever a command defaults to.
    const started = runSwitchboard(args, { XDG_CONFIG_HOME: join(folder, 'config'), ...env });
    cleanups.push(async () => {
      started.process.kill('SIGKILL');
      await started.exited;
    });
    return started;
  };
  return {
    folder,
    startSimulator: async (options) => {
      const simulator = await startSimulator({ port: 0, ...options });
      cleanups.push(() => simulator.close());
      return simulator;
    },
    run,
    offline: async (args) => {
      const ran = run(args);
      const code = await ran.exited;
      return { code, ...ran.output };
    },
  };
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

describe.concurrent('the offline cache through the switchboard command', () => {
  offlineTest(
    'answers search, transcript and history from what listen recorded, with no server',
    async ({ own: { folder, startSimulator, run, offline }, expect }) => {
      const db = join(folder, 'demo', 'cache.sqlite');
      const simulator = await startSimulator({ scenario: 'demo', seed: 3 });
      const listening = run(
        [
          'listen',
          '--server',
          simulator.url,
          '--user',
          'agent1',
          '--ready',
          'email,chat',
          '--db',
          db,
        ],
        { SWITCHBOARD_PASSWORD: 'demo' },
      );
      const invite = (channel: string) =>
        jsonLines(listening.output.stdout).find(
          (line) => line.event === 'interactionInvited' && line.channel === channel,
        );
      const chatLines = () =>
        jsonLines(listening.output.stdout)
          .filter((line) => line.event === 'chatEventsReceived')
          .flatMap((line) => line.messages as { kind: string; text?: string }[])
          .filter((message) => message.kind === 'message');
      await untilPrinted(
        listening,
        () =>
          invite('email') !== undefined && invite('chat') !== undefined && chatLines().length > 0,
        "the demo's e-mail, chat and first chat line",
      );
      const emailId = String(invite('email')?.interactionId);
      const chatId = String(invite('chat')?.interactionId);
      const firstLine = chatLines()[0]?.text ?? '';
      expect(firstLine).toContain("can't log in");

      // Accept the e-mail (as the agent would; in the simulator's world, not through a second
      // session): its content arrives and the workstation downloads its attachments.
      const { world } = simulator;
      const email = world
        .interactionsOf('agent1')
        .find((interaction) => interaction.id === emailId);
      if (!email) throw new Error(`the simulator has no e-mail ${emailId}`);
      world.accept(email, 'agent1');
      const saw = (event: string, id: string) =>
        jsonLines(listening.output.stdout).some(
          (line) => line.event === event && line.interactionId === id,
        );
      await untilPrinted(
        listening,
        () => saw('emailContentReceived', emailId),
        'the e-mail content',
      );
      const downloaded = () => {
        const cache = openDatabase(db, { readonly: true });
        try {
          const store = new CacheStore(cache);
          const [account] = store.accounts();
          const stored = account ? store.interaction(account.id, emailId) : undefined;
          return (
            stored?.attachments.length === 5 &&
            stored.attachments.every((attachment) => attachment.localPath !== undefined)
          );
        } finally {
          cache.close();
        }
      };
      await waitUntil(downloaded, 'the five attachments downloaded');
      world.complete(email);
      await untilPrinted(listening, () => saw('interactionEnded', emailId), 'the e-mail completed');

      listening.process.kill('SIGINT');
      expect(await listening.exited).toBe(0);
      await simulator.close();

      const [found, chatText, chatJson, chatHtml, emailText, emailHtml, listed, refund, comment] =
        await Promise.all([
          offline(['search', 'log in', '--db', db]),
          offline(['transcript', chatId, '--db', db]),
          offline(['transcript', chatId, '--format', 'json', '--db', db]),
          offline(['transcript', chatId, '--format', 'html', '--db', db]),
          offline(['transcript', emailId, '--db', db]),
          offline(['transcript', emailId, '--format', 'html', '--db', db]),
          offline(['history', '--db', db]),
          // Words of the body alone (the comment has "refund" and "second" too).
          offline(['search', 'refund', 'second', 'payment', '--limit', '1', '--db', db]),
          offline(['search', 'closed', 'without', '--limit', '1', '--db', db]),
        ]);

      // search: one tab-separated line per hit; the chat line with the words marked.
      expect({ code: found.code, stderr: found.stderr }).toMatchObject({ code: 0 });
      const hit = found.stdout.split('\n').find((line) => line.includes(chatId));
      expect(hit?.split('\t')).toEqual([
        expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d [+-]\d\d:\d\d$/u),
        'chat',
        chatId,
        invite('chat')?.subject ?? '-',
        expect.stringContaining('[log] [in]'),
      ]);

      // transcript: text, json and html of the chat.
      expect({ code: chatText.code, stderr: chatText.stderr }).toMatchObject({ code: 0 });
      expect(chatText.stdout).toContain(`Interaction: ${chatId}`);
      expect(chatText.stdout).toContain(`Tom: ${firstLine}`);
      expect(chatJson.code).toBe(0);
      const detail = JSON.parse(chatJson.stdout) as InteractionDetail;
      expect(detail).toMatchObject({ id: chatId, channel: 'chat' });
      expect(detail.transcript).toContainEqual(
        expect.objectContaining({ kind: 'message', authorName: 'Tom', text: firstLine }),
      );
      expect(chatHtml.code).toBe(0);
      expect(chatHtml.stdout).toMatch(/^<!doctype html>/u);
      expect(chatHtml.stdout).toContain("default-src 'none'");
      expect(chatHtml.stdout).toContain(
        `<bdi>Tom</bdi>: <bdi>${firstLine.replaceAll("'", '&#39;')}</bdi>`,
      );

      // The e-mail: headers, body, attachments in the folder beside the cache; HTML escaped.
      expect({ code: emailText.code, stderr: emailText.stderr }).toMatchObject({ code: 0 });
      expect(emailText.stdout).toContain('Subject: Invoice 4471 was charged twice');
      expect(emailText.stdout).toContain('From: maria.jensen@example.com');
      expect(emailText.stdout).toContain('Could you refund the second payment?');
      for (const name of [
        'invoice-4471.pdf',
        'payment page.png',
        'statement (Nov).csv',
        // The two images the HTML shows inline (cid:), one without a file name of its own.
        'maria-logo.png',
        'part1.06090408.01060107@example.com',
      ])
        expect(emailText.stdout).toMatch(
          new RegExp(
            `${escapeRegExp(name)} .*: ${escapeRegExp(join(folder, 'demo', 'attachments'))}`,
            'u',
          ),
        );
      expect(emailHtml.code).toBe(0);
      expect(emailHtml.stdout).toContain('<title>Invoice 4471 was charged twice</title>');
      expect(emailHtml.stdout).toContain('&lt;strong&gt;charged twice&lt;/strong&gt;');
      const page = emailHtml.stdout.slice(emailHtml.stdout.indexOf('<body>'));
      expect(page).not.toMatch(/<(strong|em|a|br)\b|border="1"/iu);
      expect(refund.stdout).toMatch(
        new RegExp(
          `^[^\t]+\temail\t${emailId}\tInvoice 4471 was charged twice\t.*\\[refund\\] the \\[second\\]`,
          'u',
        ),
      );
      // The notes on it (TheComment) are found too.
      expect(comment.stdout).toMatch(
        new RegExp(
          `^[^\t]+\temail\t${emailId}\tInvoice 4471 was charged twice\t.*the first was \\[closed\\] \\[without\\] a refund`,
          'u',
        ),
      );

      // history: the completed e-mail, and the chat invitation the sign-out withdrew.
      expect({ code: listed.code, stderr: listed.stderr }).toMatchObject({ code: 0 });
      const rows = listed.stdout.trim().split('\n');
      expect(rows.map((row) => row.split('\t')[2]).sort()).toEqual([chatId, emailId].sort());
      const emailRow = rows.find((row) => row.includes(emailId))?.split('\t');
      expect(emailRow?.[3]).not.toMatch(/^open/u);
      expect(emailRow?.[4]).toBe('Invoice 4471 was charged twice');
      expect(rows.find((row) => row.includes(chatId))?.split('\t')[3]).toBe('Revoked');

      const [chats, emails, none] = await Promise.all([
        offline(['history', '--channel', 'chat', '--db', db]),
        offline(['history', '--channel', 'email', '--limit', '5', '--db', db]),
        offline(['history', '--since', '2999-01-01', '--db', db]),
      ]);
      expect(chats.stdout.trim().split('\n')).toEqual([expect.stringContaining(chatId)]);
      expect(emails.stdout.trim().split('\n')).toEqual([expect.stringContaining(emailId)]);
      expect(none).toMatchObject({ code: 0, stdout: '' });
    },
    60_000,
  );

  offlineTest(
    'refuses a missing, foreign or newer cache and an unknown id in one sentence (exit 1)',
    async ({ own: { folder, offline }, expect }) => {
      const garbage = join(folder, 'garbage.sqlite');
      writeFileSync(garbage, 'not a database at all, only text '.repeat(100));
      const future = join(folder, 'future.sqlite');
      const newer = openDatabase(future);
      newer.pragma('user_version = 999');
      newer.close();
      const known = join(folder, 'empty-cache.sqlite');
      openDatabase(known).close();
      const missing = join(folder, 'missing.sqlite');

      const [noFile, noSearch, notCache, newerCache, unknownId] = await Promise.all([
        offline(['history', '--db', missing]),
        offline(['search', 'anything', '--db', missing]),
        offline(['transcript', 'ix-1', '--db', garbage]),
        offline(['search', 'anything', '--db', future]),
        offline(['transcript', 'no-such-id', '--db', known]),
      ]);
      for (const result of [noFile, noSearch, notCache, newerCache, unknownId]) {
        expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 1 });
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
        expect(result.stderr).not.toContain('Usage');
        expect(result.stdout).toBe('');
      }
      expect(noFile.stderr).toContain(`There is no cache at ${missing}`);
      expect(noSearch.stderr).toContain(`There is no cache at ${missing}`);
      expect(notCache.stderr).toContain('is not a Switchboard cache');
      expect(newerCache.stderr).toContain('written by a newer Switchboard');
      expect(unknownId.stderr).toContain('No interaction no-such-id');
    },
    30_000,
  );

  offlineTest(
    'answers bad arguments with the usage (exit 2)',
    async ({ own: { folder, offline }, expect }) => {
      const db = join(folder, 'whatever.sqlite');
      const results = await Promise.all([
        offline(['search', '--db', db]),
        offline(['search', 'words', '--limit', 'many', '--db', db]),
        offline(['transcript', '--db', db]),
        offline(['transcript', 'ix-1', '--format', 'pdf', '--db', db]),
        offline(['history', '--since', 'yesterday', '--db', db]),
        offline(['history', '--channel', 'fax', '--db', db]),
        offline(['history', '--server', 'http://x', '--db', db]),
        offline(['export', '--db', db]),
        offline(['transcript', ' ', '--db', db]),
        offline(['history', '--limit', '-1', '--db', db]),
      ]);
      for (const result of results) {
        expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 2 });
        expect(result.stderr).toContain('Usage:');
      }
      const [, , , badFormat, badDate] = results;
      expect(badFormat.stderr).toContain('--format takes text, json, html; not pdf');
      expect(badDate.stderr).toContain('--since takes a date');
      const [blankId, dashed] = results.slice(-2);
      expect(blankId?.stderr).toContain('transcript needs an interaction id');
      // Node's message about the option, in its own lines (not joined by line-feed symbols).
      expect(dashed?.stderr).toContain(
        "argument is ambiguous.\nDid you forget to specify the option argument for '--limit'?\n",
      );
    },
    30_000,
  );
});

describe.concurrent('listen on a cache whose last run crashed while storing a download', () => {
  offlineTest(
    'removes the .part file it left, not one a desk beside it may be writing',
    async ({ own: { folder, startSimulator, run }, expect }) => {
      const db = join(folder, 'parts', 'cache.sqlite');
      const content = join(attachmentsFolderFor(db), 'cd', 'cd'.padEnd(64, '1'));
      mkdirSync(content, { recursive: true });
      const crashed = join(content, '.0123456789abcdef.part');
      const beingWritten = join(content, '.fedcba9876543210.part');
      for (const path of [crashed, beingWritten]) writeFileSync(path, '%PDF');
      const hourAgo = new Date(Date.now() - 3_600_000);
      utimesSync(crashed, hourAgo, hourAgo);
      const simulator = await startSimulator({ scenario: 'quiet', seed: 1 });
      const listening = run(['listen', '--server', simulator.url, '--user', 'agent1', '--db', db], {
        SWITCHBOARD_PASSWORD: 'demo',
      });
      await untilPrinted(
        listening,
        () => listening.output.stderr.includes('removed 1 unfinished download file(s)'),
        'the crashed run’s .part file removed',
      );
      expect(existsSync(crashed)).toBe(false);
      expect(existsSync(beingWritten)).toBe(true);
      listening.process.kill('SIGTERM');
      await listening.exited;
    },
  );
});

describe.concurrent('an HTML-only e-mail with invalid character references', () => {
  offlineTest(
    'prints its transcript with U+FFFD where the references were, instead of exiting 1',
    async ({ own: { folder, startSimulator, run, offline }, expect }) => {
      const db = join(folder, 'references', 'cache.sqlite');
      const simulator = await startSimulator({ scenario: 'quiet', seed: 1 });
      const listening = run(
        ['listen', '--server', simulator.url, '--user', 'agent1', '--ready', 'email', '--db', db],
        { SWITCHBOARD_PASSWORD: 'demo' },
      );
      await untilPrinted(
        listening,
        () => listening.output.stderr.includes('connection: connected'),
        'listen connected',
      );
      const { world } = simulator;
      const email = world.receiveEmail({
        from: 'mallory@example.com',
        subject: 'Odd references',
        text: '',
        html: '<p>Total: 10&#x110000;0 &#xD800; &#99999999999999999999; &#0; &#150; &#x41;</p>',
      });
      await waitUntil(
        () => world.interactionsOf('agent1').some((invited) => invited.id === email.id),
        'the e-mail offered to agent1',
      );
      world.accept(email, 'agent1');
      await untilPrinted(
        listening,
        () =>
          jsonLines(listening.output.stdout).some(
            (line) => line.event === 'emailContentReceived' && line.interactionId === email.id,
          ),
        'the e-mail content',
      );
      listening.process.kill('SIGINT');
      expect(await listening.exited).toBe(0);

      const [text, html] = await Promise.all([
        offline(['transcript', email.id, '--db', db]),
        offline(['transcript', email.id, '--format', 'html', '--db', db]),
      ]);
      for (const result of [text, html])
        expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      expect(text.stdout).toContain('Total: 10\ufffd0 \ufffd \ufffd \ufffd – A\n');
      expect(html.stdout).toContain('Total: 10\ufffd0 \ufffd \ufffd \ufffd – A');
    },
    30_000,
  );
});

/** Runs the built `switchboard` command (tests/support/buildCli.ts), collecting what it prints. */
function runBuiltSwitchboard(args: readonly string[], env: Record<string, string>) {
  const started = spawn(process.execPath, [BUILT_CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: 'pipe',
  });
  const output = { stdout: '', stderr: '' };
  started.stdout.setEncoding('utf8').on('data', (text: string) => (output.stdout += text));
  started.stderr.setEncoding('utf8').on('data', (text: string) => (output.stderr += text));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    started.on('close', (code) => {
      resolve({ code, ...output });
    });
  });
}

/**
 * Makes a folder read-only for whoever runs the tests. Permissions never stop root, so as root
 * the folder is made immutable instead (ext4's `i` attribute: no file may be created in it, not
 * even by root), which is what a read-only mount does to SQLite.
 */
function makeReadOnly(folder: string): () => void {
  if (process.getuid?.() === 0) {
    execFileSync('chattr', ['+i', folder]);
    return () => execFileSync('chattr', ['-i', folder]);
  }
  chmodSync(folder, 0o555);
  return () => {
    chmodSync(folder, 0o755);
  };
}

describe.concurrent('lines stored just before Switchboard stopped', () => {
  offlineTest(
    'are named as not searchable yet by search, and found once the app opens the cache again',
    async ({ own: { folder, offline }, expect }) => {
      const db = join(folder, 'waiting', 'cache.sqlite');
      mkdirSync(join(folder, 'waiting'), { recursive: true });
      const writer = openDatabase(db);
      const store = new CacheStore(writer);
      // The writer's way (documents wait for their batch), stopped before the batch ran.
      store.deferSearchIndexing();
      const account = store.accountId({ serverUrl: 'http://127.0.0.1:1', userName: 'agent1' });
      store.upsertInteraction(
        account,
        { id: 'chat-8', channel: 'chat', state: 'Accepted', capabilities: [], userData: {} },
        Date.now(),
      );
      store.addChatEvents(account, 'chat-8', [
        { eventId: 1, kind: 'message', authorName: 'Tom', text: 'the scanner jams' },
      ]);
      store.close();

      const waiting = await offline(['search', 'scanner', '--db', db]);
      expect(waiting.code).toBe(0);
      expect(waiting.stderr).toContain(
        '1 recently stored line or e-mail is not searchable yet: they are indexed within a second while Switchboard runs, or when it next starts.',
      );
      expect(waiting.stderr).toContain('No matches for scanner');

      // What the app does when it opens the cache: the writer indexes what waits.
      const reopened = new CacheStore(openDatabase(db));
      reopened.indexSearchDocuments();
      reopened.close();
      const found = await offline(['search', 'scanner', '--db', db]);
      expect({ code: found.code, stderr: found.stderr }).toEqual({ code: 0, stderr: '' });
      expect(found.stdout).toMatch(/\tchat\tchat-8\t.*\[scanner\]/u);
    },
  );
});

describe.concurrent('a reader that stops reading (`switchboard history | head`)', () => {
  offlineTest(
    'ends the command quietly with status 0, without a stack trace',
    async ({ own: { folder, run }, expect }) => {
      const db = join(folder, 'piped', 'cache.sqlite');
      mkdirSync(join(folder, 'piped'), { recursive: true });
      const store = new CacheStore(openDatabase(db));
      const account = store.accountId({ serverUrl: 'http://127.0.0.1:1', userName: 'agent1' });
      // ~190 kB of history: more than a pipe holds, so the command is still writing when the
      // reader goes.
      const started = Date.now();
      store.transaction(() => {
        for (let index = 0; index < 2_000; index += 1) {
          const snapshot = {
            id: `chat-${String(index)}`,
            channel: 'chat',
            state: 'Accepted',
            subject: `The printer on floor ${String(index)} prints every page twice`,
            capabilities: [],
            userData: {},
          };
          store.upsertInteraction(account, snapshot, started + index);
        }
      });
      store.close();

      for (const command of [['history'], ['search', 'printer', '--limit', '1000']]) {
        const piped = run([...command, '--limit', '100000', '--db', db]);
        // Like head: read the first lines, then close the pipe.
        piped.process.stdout.once('data', () => {
          piped.process.stdout.destroy();
        });
        const code = await piped.exited;
        expect({ code, stderr: piped.output.stderr }).toEqual({ code: 0, stderr: '' });
      }
    },
    30_000,
  );
});

describe.concurrent('a cache on a read-only folder', () => {
  it('answers search, transcript and history without writing a file beside it', async ({
    expect,
  }) => {
    const top = mkdtempSync(join(tmpdir(), 'switchboard-readonly-'));
    const media = join(top, 'media');
    mkdirSync(media);
    const db = join(media, 'cache.sqlite');
    const writer = openDatabase(db);
    const store = new CacheStore(writer);
    const account = store.accountId({ serverUrl: 'http://127.0.0.1:1', userName: 'agent1' });
    store.upsertInteraction(
      account,
      {
        id: 'chat-7',
        channel: 'chat',
        state: 'Accepted',
        subject: 'Printer on fire',
        capabilities: [],
        userData: {},
      },
      Date.now(),
    );
    store.addChatEvents(account, 'chat-7', [
      { eventId: 1, kind: 'message', authorName: 'Tom', text: 'the printer is smoking' },
    ]);
    store.close();
    expect(readdirSync(media)).toEqual(['cache.sqlite']); // a clean close leaves no -wal/-shm
    chmodSync(db, 0o444);
    const writable = makeReadOnly(media);
    const before = createHash('sha256').update(readFileSync(db)).digest('hex');

    try {
      const env = { XDG_CONFIG_HOME: join(top, 'config') };
      const [found, text, listed] = await Promise.all([
        runBuiltSwitchboard(['search', 'smoking', '--db', db], env),
        runBuiltSwitchboard(['transcript', 'chat-7', '--db', db], env),
        runBuiltSwitchboard(['history', '--db', db], env),
      ]);
      for (const result of [found, text, listed])
        expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      expect(found.stdout).toMatch(/\tchat\tchat-7\tPrinter on fire\t.*\[smoking\]/u);
      expect(text.stdout).toContain('Tom: the printer is smoking');
      expect(listed.stdout).toMatch(/\tchat\tchat-7\topen \(Accepted\)\tPrinter on fire\t/u);
      expect(readdirSync(media)).toEqual(['cache.sqlite']);
      expect(createHash('sha256').update(readFileSync(db)).digest('hex')).toBe(before);
    } finally {
      writable();
      rmSync(top, { recursive: true, force: true });
    }
  }, 30_000);
});

describe.concurrent('the default cache location', () => {
  it('is the per-user app-data folder of each platform, attachments beside the file', ({
    expect,
  }) => {
    expect(
      defaultCachePath({ platform: 'linux', env: { XDG_CONFIG_HOME: '/x/config' }, home: '/h' }),
    ).toBe('/x/config/Switchboard/cache.sqlite');
    expect(defaultCachePath({ platform: 'linux', env: {}, home: '/home/ann' })).toBe(
      '/home/ann/.config/Switchboard/cache.sqlite',
    );
    expect(
      defaultCachePath({ platform: 'linux', env: { XDG_CONFIG_HOME: 'relative' }, home: '/h' }),
    ).toBe('/h/.config/Switchboard/cache.sqlite');
    expect(defaultCachePath({ platform: 'darwin', env: {}, home: '/Users/ann' })).toBe(
      '/Users/ann/Library/Application Support/Switchboard/cache.sqlite',
    );
    expect(
      defaultCachePath({
        platform: 'win32',
        env: { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' },
        home: 'C:\\Users\\ann',
      }),
    ).toBe('C:\\Users\\ann\\AppData\\Roaming\\Switchboard\\cache.sqlite');
    expect(attachmentsFolderFor('/data/cache.sqlite')).toBe('/data/attachments');
  });

  it("is made a folder only its user may enter, as the desk's is", ({ expect }) => {
    // `switchboard listen` on a machine the desk never ran on made ~/.config/Switchboard with
    // the umask's 0755: every user of the machine could list it and read what it let them.
    const home = mkdtempSync(join(tmpdir(), 'switchboard-home-'));
    try {
      const cache = defaultCachePath({ platform: 'linux', env: {}, home });
      const folder = ensureFolderFor(cache);
      expect((statSync(folder).mode & 0o777).toString(8)).toBe('700');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe.concurrent('transcripts of hostile content', () => {
  const hostile: InteractionDetail = {
    id: 'x"><script>alert(1)</script>',
    channel: 'email',
    state: 'Accepted',
    phase: 'working',
    subject: '</title><script>alert(2)</script>',
    firstSeenAt: 0,
    updatedAt: 0,
    to: ['<b>agent</b>'],
    capabilities: [],
    userData: {},
    transcript: [
      {
        eventId: 1,
        kind: 'message',
        authorName: '<i>Eve</i>',
        text: '<img src=x onerror=alert(3)>',
      },
    ],
    email: {
      to: [],
      cc: [],
      subject: '</title><script>alert(2)</script>',
      html: '<p onclick="alert(4)">Hi &amp; bye</p><script>alert(5)</script><iframe src="https://evil.example"></iframe>',
      attachments: [],
    },
    attachments: [{ id: 'a', name: '<svg onload=alert(6)>.png' }],
  };

  it('escapes every cached value in the html page and never embeds the e-mail HTML', ({
    expect,
  }) => {
    const page = transcriptHtml(hostile);
    // No tag of the content survives as markup; its text shows, escaped.
    expect(page).not.toMatch(/<(script|img|iframe|svg|b|i|p)\b/iu);
    expect(page).toContain('&lt;img src=x onerror=alert(3)&gt;');
    expect(page).toContain('&lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(page).toContain('&lt;p onclick=&quot;alert(4)&quot;&gt;');
    expect(page).toContain("default-src 'none'");
  });

  it('turns an HTML-only body into text for the text transcript', ({ expect }) => {
    const text = transcriptText(hostile);
    expect(text).toContain('Hi & bye');
    expect(text).not.toContain('alert(5)');
    expect(text).toContain('<i>Eve</i>: <img src=x onerror=alert(3)>');
  });
});

// Alone, after the others: it bounds a sign-out's time, which tests beside it would stretch.
describe('listen stopped while an attachment trickles in', () => {
  offlineTest(
    'signs out and exits within seconds, the download left for the next start to resume',
    async ({ own: { folder, startSimulator, run }, expect }) => {
      const db = join(folder, 'trickle', 'cache.sqlite');
      const simulator = await startSimulator({ scenario: 'quiet', seed: 1 });
      const listening = run(
        ['listen', '--server', simulator.url, '--user', 'agent1', '--ready', 'email', '--db', db],
        { SWITCHBOARD_PASSWORD: 'demo' },
      );
      await untilPrinted(
        listening,
        () => listening.output.stderr.includes('connection: connected'),
        'listen connected',
      );
      // 1 MB at 1 KB/s: a server sending a byte now and then would hold a sign-out as long.
      simulator.control.slowNextDownloads(1, 1024);
      const { world } = simulator;
      const email = world.receiveEmail({
        from: 'kim@example.com',
        subject: 'Scan',
        text: 'Attached.',
        attachments: [
          { name: 'scan.pdf', mimeType: 'application/pdf', bytes: Buffer.alloc(1 << 20) },
        ],
      });
      await waitUntil(
        () => world.interactionsOf('agent1').some((invited) => invited.id === email.id),
        'the e-mail offered to agent1',
      );
      world.accept(email, 'agent1');
      await untilPrinted(
        listening,
        () =>
          jsonLines(listening.output.stdout).some(
            (line) => line.event === 'emailContentReceived' && line.interactionId === email.id,
          ),
        'the e-mail content',
      );
      // The download starts as the content is stored and is kept in memory until its end (no file
      // to watch): the server has begun sending it, of the 1,000 s it would take.
      await waitUntil(
        () => simulator.control.slowDownloadsNotStarted() === 0,
        'the attachment’s download under way',
      );

      const stoppedAt = Date.now();
      listening.process.kill('SIGINT');
      const code = await Promise.race([
        listening.exited,
        new Promise<string>((resolve) => {
          setTimeout(() => {
            resolve('still running after 10 s');
          }, 10_000).unref();
        }),
      ]);

      expect(code).toBe(0);
      expect(Date.now() - stoppedAt).toBeLessThan(10_000);
      expect(listening.output.stderr).toContain('SIGINT: signing out');
      expect(world.agent('agent1').sessionStarted).toBe(false);
    },
    30_000,
  );
});
