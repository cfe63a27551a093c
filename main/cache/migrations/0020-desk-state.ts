import type { Database } from 'better-sqlite3';
import type { Migration } from './types';

/**
 * Typed tables for what the desk remembers, instead of string keys holding JSON in `settings`:
 * the agent's preferences, the last account signed in to, the passwords the OS sealed (per
 * account) and the last known channel states (per account). Rows written by the first schema
 * are moved over; a row that cannot be read is dropped with the key it had (a preference falls
 * back to its default, an unreadable channel state to "never reported"), never the migration.
 */
export const migration0020: Migration = {
  version: 20,
  name: 'typed desk state',
  up: (db) => {
    db.exec(`
      CREATE TABLE preferences (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        sound INTEGER NOT NULL CHECK (sound IN (0, 1)),
        retention_days INTEGER NOT NULL CHECK (retention_days BETWEEN 1 AND 3650)
      ) STRICT;

      CREATE TABLE last_account (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        server_url TEXT NOT NULL,
        user_name TEXT NOT NULL,
        demo INTEGER NOT NULL CHECK (demo IN (0, 1))
      ) STRICT;

      -- Only ever what the OS's secret store sealed (Electron safeStorage).
      CREATE TABLE sealed_passwords (
        account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
        sealed BLOB NOT NULL
      ) STRICT;

      CREATE TABLE channel_states (
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        channel TEXT NOT NULL,
        state TEXT NOT NULL,
        display_name TEXT,
        reason TEXT,
        work_mode TEXT,
        dnd INTEGER NOT NULL CHECK (dnd IN (0, 1)),
        reported_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, channel)
      ) STRICT;
    `);
    moveSettings(db);
  },
};

const DEFAULT_SOUND = 1;
const DEFAULT_RETENTION_DAYS = 90;

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function accountIdOf(db: Database, serverUrl: string, userName: string): number {
  db.prepare(
    'INSERT INTO accounts (server_url, user_name) VALUES (?, ?) ON CONFLICT DO NOTHING',
  ).run(serverUrl, userName);
  return (
    db
      .prepare('SELECT id FROM accounts WHERE server_url = ? AND user_name = ?')
      .get(serverUrl, userName) as { id: number }
  ).id;
}

/** Moves the first schema's desk keys into the typed tables and deletes them from `settings`. */
function moveSettings(db: Database): void {
  const rows = db.prepare('SELECT key, value FROM settings').all() as {
    key: string;
    value: string;
  }[];
  const moved = db.prepare('DELETE FROM settings WHERE key = ?');
  for (const { key, value } of rows) {
    if (key === 'desk:settings') {
      const stored = record(parse(value)) ?? {};
      const sound = typeof stored.sound === 'boolean' ? Number(stored.sound) : DEFAULT_SOUND;
      const days = stored.retentionDays;
      const retentionDays =
        Number.isInteger(days) && (days as number) >= 1 && (days as number) <= 3650
          ? (days as number)
          : DEFAULT_RETENTION_DAYS;
      db.prepare('INSERT INTO preferences (id, sound, retention_days) VALUES (1, ?, ?)').run(
        sound,
        retentionDays,
      );
    } else if (key === 'desk:account') {
      const stored = record(parse(value));
      const serverUrl = text(stored?.serverUrl);
      const userName = text(stored?.userName);
      if (serverUrl !== null && userName !== null)
        db.prepare(
          'INSERT INTO last_account (id, server_url, user_name, demo) VALUES (1, ?, ?, ?)',
        ).run(serverUrl, userName, stored?.demo === true ? 1 : 0);
    } else if (key.startsWith('desk:password:')) {
      const [serverUrl, userName] = key.slice('desk:password:'.length).split('\u0000');
      if (serverUrl !== undefined && userName !== undefined && userName !== '')
        db.prepare(
          'INSERT OR REPLACE INTO sealed_passwords (account_id, sealed) VALUES (?, ?)',
        ).run(accountIdOf(db, serverUrl, userName), Buffer.from(value, 'base64'));
    } else if (/^channelStates:\d+$/u.test(key)) {
      moveChannelStates(db, Number(key.slice('channelStates:'.length)), value);
    } else {
      continue;
    }
    moved.run(key);
  }
}

function moveChannelStates(db: Database, accountId: number, value: string): void {
  const known = db.prepare('SELECT 1 FROM accounts WHERE id = ?').get(accountId);
  const stored = record(parse(value));
  const at = stored?.at;
  if (known === undefined || typeof at !== 'number' || !Array.isArray(stored?.channels)) return;
  const insert = db.prepare(
    `INSERT OR REPLACE INTO channel_states
       (account_id, channel, state, display_name, reason, work_mode, dnd, reported_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const entry of stored.channels as unknown[]) {
    const channel = record(entry);
    const name = text(channel?.channel);
    const state = text(channel?.state);
    if (name === null || state === null) continue;
    insert.run(
      accountId,
      name,
      state,
      text(channel?.displayName),
      text(channel?.reason),
      text(channel?.workMode),
      channel?.dnd === true ? 1 : 0,
      Math.round(at),
    );
  }
}
