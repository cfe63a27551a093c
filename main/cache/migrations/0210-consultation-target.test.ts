import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { InteractionSnapshot } from '../../../common/model';
import { latestVersion, migrate, openDatabase } from '../database';
import { CacheStore } from '../store';
import { rowsIn, tableColumns } from '../../../tests/support/upgradeRows';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 210);
const ACCOUNT = { serverUrl: 'https://a.example', userName: 'ann' };
/** Priya consulted when the transcript's last line was 7. */
const PRIYA = { target: 'priya', afterEventId: 7 };

function chat(id: string, state = 'Accepted'): InteractionSnapshot {
  return { id, channel: 'chat', state, subject: `About ${id}`, capabilities: [], userData: {} };
}

/** The rows of `columns`' tables with those columns: later migrations' are theirs to check. */
function everything(db: Database, columns: [string, string[]][]): Record<string, unknown[]> {
  return Object.fromEntries(
    columns.map(([table, names]) => [table, rowsIn(db, table, names, '1, 2')]),
  );
}

describe('migration 0210: the consultation this agent started, on the interaction’s row', () => {
  it('remembers it on a live chat until it is forgotten or the chat ends (:memory:)', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const ann = store.accountId(ACCOUNT);
    store.upsertInteraction(ann, chat('c1'), 1_000);
    expect(store.interactionRecord(ann, 'c1')).not.toHaveProperty('consultingWith');

    expect(store.consultation(ann, 'c1')).toBeUndefined();
    expect(store.setConsultation(ann, 'c1', PRIYA)?.consultingWith).toBe('priya');
    expect(store.consultation(ann, 'c1')).toEqual(PRIYA);
    // Read back by another store (a restarted desk) as by this one; saying it again is no change.
    expect(new CacheStore(db).interaction(ann, 'c1')?.consultingWith).toBe('priya');
    expect(store.setConsultation(ann, 'c1', PRIYA)).toBeUndefined();
    // The chat's next notification keeps it: the server never says a consultation is open.
    expect(
      store.upsertInteraction(ann, chat('c1', 'PropertiesChanged'), 2_000).consultingWith,
    ).toBe('priya');
    // Forgotten (completed).
    expect(store.setConsultation(ann, 'c1', null)).not.toHaveProperty('consultingWith');
    expect(store.setConsultation(ann, 'c1', null)).toBeUndefined();
    expect(store.consultation(ann, 'c1')).toBeUndefined();

    // An ended chat shows none open, and takes none (the writer also forgets it as the chat
    // ends, so that an interaction offered again does not bring it back).
    store.setConsultation(ann, 'c1', PRIYA);
    expect(store.markEnded(ann, 'c1', 'Completed', 3_000)).not.toHaveProperty('consultingWith');
    expect(store.consultation(ann, 'c1')).toBeUndefined();
    expect(store.setConsultation(ann, 'c1', { target: 'jonas', afterEventId: 0 })).toBeUndefined();
    expect(new CacheStore(db).interactionRecord(ann, 'c1')).not.toHaveProperty('consultingWith');
    // Nor one the cache does not hold.
    expect(store.setConsultation(ann, 'unknown', PRIYA)).toBeUndefined();
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
    const columns = tableColumns(db);
    const before = everything(db, columns);

    migrate(db);

    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // Every row as it was; the interactions' new columns empty.
    expect(everything(db, columns)).toEqual(before);
    expect(
      db
        .prepare(
          'SELECT id, consultation_target, consultation_after_event FROM interactions ORDER BY id',
        )
        .all(),
    ).toEqual([
      { id: 'live', consultation_target: null, consultation_after_event: null },
      { id: 'over', consultation_target: null, consultation_after_event: null },
    ]);
    const upgraded = new CacheStore(db);
    expect(upgraded.interaction(ann, 'live')).not.toHaveProperty('consultingWith');
    expect(upgraded.interaction(ann, 'live')?.transcript).toHaveLength(2);
    expect(upgraded.setConsultation(ann, 'live', PRIYA)?.consultingWith).toBe('priya');
    db.close();
  });
});
