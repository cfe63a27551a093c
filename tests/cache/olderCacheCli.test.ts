import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { latestVersion, openDatabase } from '../../main/cache/database';
import { MIGRATIONS } from '../../main/cache/migrations/index';
import { CacheStore } from '../../main/cache/store';
import { killSwitchboards, runSwitchboard } from '../support/switchboardProcess';

// A cache last written by an older Switchboard: the command line reads caches without
// migrating them (they may be on a read-only disc, or the desk may own them), so before the fix
// `transcript` and `search` stopped at the first table the older schema lacked
// ("no such table: sent_emails", "Search failed: no such table: contact_history_entries").

let folder: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'switchboard-older-'));
});

afterEach(() => {
  killSwitchboards();
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

/** A cache of the first schema (migration 0010) holding one ended chat, left in WAL mode. */
function firstSchemaCache(): string {
  const path = join(folder, 'first-schema.sqlite');
  const db = openDatabase(path, { migrations: MIGRATIONS.filter((m) => m.version <= 10) });
  const store = new CacheStore(db);
  const ann = store.accountId({ serverUrl: 'https://gws.example', userName: 'ann' });
  store.upsertInteraction(
    ann,
    {
      id: 'chat-old-1',
      channel: 'chat',
      state: 'Accepted',
      subject: 'Refund for order 4711',
      capabilities: [],
      userData: {},
    },
    1_000,
  );
  store.addChatEvents(ann, 'chat-old-1', [
    {
      eventId: 1,
      kind: 'message',
      authorName: 'Customer',
      text: 'The parcel arrived crushed',
      at: 1_100,
    },
    {
      eventId: 2,
      kind: 'message',
      authorName: 'Ann',
      text: 'Sorry: a refund is on its way',
      at: 1_200,
    },
  ]);
  store.markEnded(ann, 'chat-old-1', 'Completed', 2_000);
  store.indexSearchDocuments();
  db.close();
  return path;
}

/**
 * The cache file's bytes and its `-wal`'s, to prove a command changed neither (reading a WAL
 * cache makes an empty `-wal` and a `-shm` beside it, as SQLite does for every reader).
 */
function bytesOf(path: string): { cache: string; wal: number } {
  return {
    cache: createHash('sha256').update(readFileSync(path)).digest('hex'),
    wal: statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0,
  };
}

async function offline(args: readonly string[]) {
  const ran = runSwitchboard(args, { XDG_CONFIG_HOME: join(folder, 'config') });
  const code = await ran.exited;
  return { code, ...ran.output };
}

describe('a cache written by an older Switchboard', () => {
  it('answers transcript, search and history from it, leaving the file at its schema', async () => {
    const path = firstSchemaCache();
    expect(latestVersion()).toBeGreaterThan(10);
    const before = bytesOf(path);

    const transcript = await offline(['transcript', 'chat-old-1', '--db', path]);
    expect({ code: transcript.code, stderr: transcript.stderr }).toEqual({ code: 0, stderr: '' });
    expect(transcript.stdout).toContain('The parcel arrived crushed');
    expect(transcript.stdout).toContain('Sorry: a refund is on its way');

    const search = await offline(['search', 'crushed', '--db', path]);
    expect({ code: search.code, stderr: search.stderr }).toEqual({ code: 0, stderr: '' });
    expect(search.stdout).toContain('chat-old-1');
    expect(search.stdout).toContain('[crushed]');

    const history = await offline(['history', '--db', path]);
    expect({ code: history.code, stderr: history.stderr }).toEqual({ code: 0, stderr: '' });
    expect(history.stdout).toContain('chat-old-1');

    // Read as it is: the older Switchboard (or the desk, when it next opens it) upgrades it.
    expect(bytesOf(path)).toEqual(before);
    const db = openDatabase(path, { readonly: true, migrations: MIGRATIONS.slice(0, 1) });
    expect(db.pragma('user_version', { simple: true })).toBe(10);
    db.close();
  }, 60_000);
});
