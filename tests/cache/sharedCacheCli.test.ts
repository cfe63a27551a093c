import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/cache/database';
import { CacheStore } from '../../main/cache/store';
import { killSwitchboards, runSwitchboard } from '../support/switchboardProcess';

// A shared workstation's cache holds several agents' accounts. A chat transferred from one to
// the other is in both, under the same interaction id, each with the part its agent saw: before
// the fix `transcript` printed the first account's part and said nothing of the other.

let folder: string;
let path: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'switchboard-shared-'));
  path = join(folder, 'cache.sqlite');
  const db = openDatabase(path);
  const store = new CacheStore(db);
  const server = 'https://gws.example';
  const parts: [string, string][] = [
    ['agent1', 'First agent: let me transfer you to billing'],
    ['agent2', 'Billing agent: your refund is approved'],
  ];
  for (const [userName, text] of parts) {
    const account = store.accountId({ serverUrl: server, userName });
    store.upsertInteraction(
      account,
      { id: 'chat-9', channel: 'chat', state: 'Accepted', capabilities: [], userData: {} },
      1_000,
    );
    store.addChatEvents(account, 'chat-9', [
      { eventId: 1, kind: 'message', authorName: userName, text, at: 1_100 },
    ]);
    store.markEnded(account, 'chat-9', 'Completed', 2_000);
  }
  const only = store.accountId({ serverUrl: server, userName: 'agent1' });
  store.upsertInteraction(
    only,
    { id: 'chat-solo', channel: 'chat', state: 'Accepted', capabilities: [], userData: {} },
    3_000,
  );
  db.close();
});

afterEach(() => {
  killSwitchboards();
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

async function offline(args: readonly string[]) {
  const ran = runSwitchboard([...args, '--db', path], { XDG_CONFIG_HOME: join(folder, 'config') });
  const code = await ran.exited;
  return { code, ...ran.output };
}

describe('transcript of an interaction in several accounts of one cache', () => {
  it('names the accounts and takes --user to choose, rather than print one of them', async () => {
    const [ambiguous, second, first, solo, nobody] = await Promise.all([
      offline(['transcript', 'chat-9']),
      offline(['transcript', 'chat-9', '--user', 'agent2']),
      offline(['transcript', 'chat-9', '--user', 'agent1', '--format', 'json']),
      offline(['transcript', 'chat-solo']),
      offline(['transcript', 'chat-9', '--user', 'agent7']),
    ]);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stdout).toBe('');
    expect(ambiguous.stderr.trim().split('\n')).toHaveLength(1);
    expect(ambiguous.stderr).toContain('agent1 at https://gws.example');
    expect(ambiguous.stderr).toContain('agent2 at https://gws.example');
    expect(ambiguous.stderr).toContain('--user');

    expect({ code: second.code, stderr: second.stderr }).toEqual({ code: 0, stderr: '' });
    expect(second.stdout).toContain('your refund is approved');
    expect(second.stdout).not.toContain('let me transfer you');

    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.stringify(JSON.parse(first.stdout))).toContain('let me transfer you');
    expect(first.stdout).not.toContain('your refund is approved');

    expect({ code: solo.code, stderr: solo.stderr }).toEqual({ code: 0, stderr: '' });
    expect(solo.stdout).toContain('chat-solo');

    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('No interaction chat-9 of agent7');
  }, 60_000);
});
