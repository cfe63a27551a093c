import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { latestVersion, migrate, openDatabase } from '../database';
import { DEFAULT_PREFERENCES, DeskStateStore } from '../deskState';
import { searchCache } from '../search';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';

const folder = mkdtempSync(join(tmpdir(), 'switchboard-0020-'));
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

const FIRST_SCHEMA = MIGRATIONS.filter((migration) => migration.version <= 10);

/** Every row of a table, as SQLite reads it: what must survive an upgrade. */
function contentOf(db: Database, table: string): unknown[] {
  return db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all();
}

const CACHED_TABLES = [
  'interactions',
  'interaction_events',
  'chat_messages',
  'emails',
  'attachments',
  'search_documents',
];

/** A cache of the first schema holding an agent's work and the desk's keys, as 0010 wrote them. */
function firstSchemaCache(path: string): Database {
  const db = openDatabase(path, { migrations: FIRST_SCHEMA });
  const store = new CacheStore(db);
  const demo = store.accountId({ serverUrl: 'demo:simulator', userName: 'agent1' });
  const real = store.accountId({ serverUrl: 'https://gws.example.com', userName: 'ann' });
  store.transaction(() => {
    store.upsertInteraction(
      demo,
      {
        id: 'chat-1',
        channel: 'chat',
        state: 'Accepted',
        subject: 'Lost parcel',
        capabilities: [],
        userData: { Order: '4471' },
      },
      1_000,
    );
    store.addChatEvents(demo, 'chat-1', [
      { eventId: 1, kind: 'message', authorName: 'Maria', text: 'my parcel never arrived', at: 1 },
    ]);
    store.upsertInteraction(
      real,
      { id: 'mail-1', channel: 'email', state: 'Accepted', capabilities: [], userData: {} },
      2_000,
    );
    store.putEmail(real, 'mail-1', {
      to: ['support@example.com'],
      cc: [],
      subject: 'Invoice charged twice',
      text: 'Please refund the duplicate charge',
      attachments: [{ id: 'a1', name: 'invoice.pdf', size: 10 }],
    });
    store.markEnded(real, 'mail-1', 'Completed', 3_000);
    store.setSetting('desk:settings', JSON.stringify({ sound: false, retentionDays: 30 }));
    store.setSetting(
      'desk:account',
      JSON.stringify({ serverUrl: 'https://gws.example.com', userName: 'ann', demo: false }),
    );
    store.setSetting(
      'desk:password:https://gws.example.com\u0000ann',
      Buffer.from([1, 2, 3, 250]).toString('base64'),
    );
    store.setSetting(
      'desk:password:https://gws.other.example\u0000bob',
      Buffer.from('sealed-bob').toString('base64'),
    );
    store.setSetting(
      `channelStates:${demo}`,
      JSON.stringify({
        at: 4_000,
        channels: [
          { channel: 'chat', state: 'NotReady', reason: 'Lunch', dnd: false },
          { channel: 'email', state: 'Ready', dnd: true },
          { state: 'no channel name: dropped', dnd: false },
        ],
      }),
    );
    store.setSetting('bench.params', 'kept as it is');
  });
  return db;
}

describe('migration 0020 (typed desk state)', () => {
  it('moves the desk keys of a first-schema cache into typed tables and loses nothing cached', () => {
    const path = join(folder, 'upgrade.sqlite');
    const old = firstSchemaCache(path);
    expect(old.pragma('user_version', { simple: true })).toBe(10);
    const before = CACHED_TABLES.map((table) => contentOf(old, table));
    const accountsBefore = old.prepare('SELECT * FROM accounts ORDER BY id').all();
    old.close();

    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    // Everything the agent had cached, value for value (later migrations may add columns:
    // each row matches), and still searchable.
    expect(CACHED_TABLES.map((table) => contentOf(db, table))).toMatchObject(before);
    // Accounts keep their ids; a password kept for an account never opened gets its row.
    expect(db.prepare('SELECT * FROM accounts ORDER BY id').all()).toEqual([
      ...accountsBefore,
      { id: 3, server_url: 'https://gws.other.example', user_name: 'bob' },
    ]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const store = new CacheStore(db);
    const demo = store.accountId({ serverUrl: 'demo:simulator', userName: 'agent1' });
    const real = store.accountId({ serverUrl: 'https://gws.example.com', userName: 'ann' });
    expect(
      searchCache(db, { accountId: demo, text: 'parcel' }).map((hit) => hit.interaction.id),
    ).toEqual(['chat-1']);
    expect(
      searchCache(db, { accountId: real, text: 'refund' }).map((hit) => hit.interaction.id),
    ).toEqual(['mail-1']);

    const state = new DeskStateStore(db);
    expect(state.preferences()).toEqual({
      ...DEFAULT_PREFERENCES,
      sound: false,
      retentionDays: 30,
    });
    expect(state.lastAccount()).toEqual({
      serverUrl: 'https://gws.example.com',
      userName: 'ann',
      demo: false,
    });
    expect([...(state.sealedPassword(real) ?? [])]).toEqual([1, 2, 3, 250]);
    const bob = store.accountId({ serverUrl: 'https://gws.other.example', userName: 'bob' });
    expect(Buffer.from(state.sealedPassword(bob) ?? []).toString()).toBe('sealed-bob');
    expect(state.channelStates(demo)).toEqual({
      at: 4_000,
      channels: [
        { channel: 'chat', state: 'NotReady', reason: 'Lunch', dnd: false },
        { channel: 'email', state: 'Ready', dnd: true },
      ],
    });
    // The desk's keys are gone from the untyped table; other keys are not the desk's to move.
    expect(db.prepare('SELECT key, value FROM settings').all()).toEqual([
      { key: 'bench.params', value: 'kept as it is' },
    ]);
    db.close();
  });

  it('falls back to defaults for stored values it cannot read, and still migrates', () => {
    const db = openDatabase(':memory:', { migrations: FIRST_SCHEMA });
    const store = new CacheStore(db);
    store.setSetting('desk:settings', '{"sound": "loud", "retentionDays": 99999');
    store.setSetting('desk:account', '[]');
    store.setSetting('channelStates:77', '{"at": 1, "channels": []}');
    migrate(db);
    const state = new DeskStateStore(db);
    expect(state.preferences()).toEqual({ ...DEFAULT_PREFERENCES, sound: true, retentionDays: 90 });
    expect(state.lastAccount()).toBeUndefined();
    expect(db.prepare('SELECT count(*) AS n FROM channel_states').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('DeskStateStore', () => {
  it('answers defaults on a fresh cache and keeps what it is given', () => {
    const db = openDatabase(':memory:');
    const state = new DeskStateStore(db);
    const account = new CacheStore(db).accountId({ serverUrl: 'https://a.example', userName: 'x' });
    expect(state.preferences()).toEqual({ ...DEFAULT_PREFERENCES, sound: true, retentionDays: 90 });
    expect(state.lastAccount()).toBeUndefined();
    expect(state.sealedPassword(account)).toBeUndefined();
    expect(state.channelStates(account)).toBeUndefined();

    state.savePreferences({ ...DEFAULT_PREFERENCES, sound: false, retentionDays: 7 });
    state.saveLastAccount({ serverUrl: 'https://a.example', userName: 'x', demo: false });
    state.saveSealedPassword(account, new Uint8Array([9, 8]));
    state.saveChannelStates(account, 10, [{ channel: '*', state: 'Ready', dnd: false }]);
    state.saveChannelStates(account, 20, [
      { channel: 'chat', state: 'Ready', dnd: false },
      { channel: 'email', state: 'NotReady', dnd: true },
    ]);

    expect(state.preferences()).toEqual({ ...DEFAULT_PREFERENCES, sound: false, retentionDays: 7 });
    expect(state.lastAccount()).toEqual({
      serverUrl: 'https://a.example',
      userName: 'x',
      demo: false,
    });
    expect([...(state.sealedPassword(account) ?? [])]).toEqual([9, 8]);
    expect(state.channelStates(account)).toEqual({
      at: 20,
      channels: [
        { channel: 'chat', state: 'Ready', dnd: false },
        { channel: 'email', state: 'NotReady', dnd: true },
      ],
    });
    state.forgetSealedPassword(account);
    expect(state.sealedPassword(account)).toBeUndefined();
    db.close();
  });
});
