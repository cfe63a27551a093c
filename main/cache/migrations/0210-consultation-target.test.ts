import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { InteractionSnapshot } from '../../../common/model';
import { latestVersion, migrate, openDatabase } from '../database';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 210);
const ACCOUNT = { serverUrl: 'https://a.example', userName: 'ann' };

function chat(id: string, state = 'Accepted'): InteractionSnapshot {
  return { id, channel: 'chat', state, subject: `About ${id}`, capabilities: [], userData: {} };
}

/** Every table's rows, in a fixed order: what an upgrade must keep. */
function everything(db: Database): Record<string, unknown[]> {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_index%' ORDER BY name",
    )
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((table) => [table, db.prepare(`SELECT * FROM "${table}" ORDER BY 1, 2`).all()]),
  );
}

describe('migration 0210: the consultation this agent started, on the interaction’s row', () => {
  it('remembers it on a live chat until it is forgotten or the chat ends (:memory:)', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const ann = store.accountId(ACCOUNT);
    store.upsertInteraction(ann, chat('c1'), 1_000);
    expect(store.interactionRecord(ann, 'c1')).not.toHaveProperty('consultingWith');

    expect(store.setConsultation(ann, 'c1', 'priya')?.consultingWith).toBe('priya');
    // Read back by another store (a restarted desk) as by this one; saying it again changes nothing.
    expect(new CacheStore(db).interaction(ann, 'c1')?.consultingWith).toBe('priya');
    expect(store.setConsultation(ann, 'c1', 'priya')).toBeUndefined();
    // The chat's next notification keeps it: the server never says a consultation is open.
    expect(
      store.upsertInteraction(ann, chat('c1', 'PropertiesChanged'), 2_000).consultingWith,
    ).toBe('priya');
    // Forgotten (completed).
    expect(store.setConsultation(ann, 'c1', null)).not.toHaveProperty('consultingWith');
    expect(store.setConsultation(ann, 'c1', null)).toBeUndefined();

    // An ended chat shows none open, and takes none (the writer also forgets it as the chat
    // ends, so that an interaction offered again does not bring it back).
    store.setConsultation(ann, 'c1', 'priya');
    expect(store.markEnded(ann, 'c1', 'Completed', 3_000)).not.toHaveProperty('consultingWith');
    expect(store.setConsultation(ann, 'c1', 'jonas')).toBeUndefined();
    expect(new CacheStore(db).interactionRecord(ann, 'c1')).not.toHaveProperty('consultingWith');
    // Nor one the cache does not hold.
    expect(store.setConsultation(ann, 'unknown', 'priya')).toBeUndefined();
    db.close();
  });

  it('upgrades a cache at 200 holding chats: every row kept, none consulting', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    const store = new CacheStore(db);
    const ann = store.accountId(ACCOUNT);
    store.transaction(() => {
      store.upsertInteraction(ann, chat('live'), 1_000);
      store.addChatEvents(ann, 'live', [
        { eventId: 1, kind: 'joined', authorType: 'Client', authorName: 'Tom', at: 1_000 },
        {
          eventId: 2,
          kind: 'message',
          authorType: 'Client',
          authorName: 'Tom',
          text: 'Hi',
          at: 1_001,
        },
      ]);
      store.upsertInteraction(ann, chat('over'), 1_000);
      store.markEnded(ann, 'over', 'Completed', 2_000);
      store.appendEvent(ann, 'live', 'interactionUpdated', 'Accepted', 1_000, { type: 'x' });
    });
    expect(db.pragma('user_version', { simple: true })).toBe(200);
    const before = everything(db);

    migrate(db);

    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const after = everything(db);
    // Each interaction row as it was, with the new column empty; every other table the same.
    expect(after.interactions).toEqual(
      (before.interactions as Record<string, unknown>[]).map((row) => ({
        ...row,
        consultation_target: null,
      })),
    );
    expect({ ...after, interactions: [] }).toEqual({ ...before, interactions: [] });
    const upgraded = new CacheStore(db);
    expect(upgraded.interaction(ann, 'live')).not.toHaveProperty('consultingWith');
    expect(upgraded.interaction(ann, 'live')?.transcript).toHaveLength(2);
    expect(upgraded.setConsultation(ann, 'live', 'priya')?.consultingWith).toBe('priya');
    db.close();
  });
});
