import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { InteractionSnapshot } from '../../../common/model';
import { latestVersion, migrate, openDatabase } from '../database';
import { CacheStore } from '../store';
import { rowsIn, tableColumns } from '../../../tests/support/upgradeRows';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 360);
const ACCOUNT = { serverUrl: 'https://a.example', userName: 'ann' };
const LEFT = { kind: 'leftConference', target: 'Priya', name: 'Priya', at: 5_000 } as const;

function chat(id: string, state = 'Accepted'): InteractionSnapshot {
  return { id, channel: 'chat', state, subject: `About ${id}`, capabilities: [], userData: {} };
}

function everything(db: Database, columns: [string, string[]][]): Record<string, unknown[]> {
  return Object.fromEntries(
    columns.map(([table, names]) => [table, rowsIn(db, table, names, '1, 2')]),
  );
}

describe('migration 0360: a conference the agent left, kept as a hand-off', () => {
  it('keeps a left conference through the chat’s end; only the desk’s kinds (:memory:)', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const ann = store.accountId(ACCOUNT);
    store.upsertInteraction(ann, chat('c1'), 1_000);
    expect(store.setHandOff(ann, 'c1', LEFT)?.handedOn).toEqual({
      kind: 'leftConference',
      to: 'Priya',
      at: 5_000,
    });
    store.markEnded(ann, 'c1', 'Completed', 5_100);
    expect(store.history(ann).map((row) => row.handedOn?.kind)).toEqual(['leftConference']);
    expect(() =>
      db.prepare("UPDATE interactions SET handoff_kind = 'elsewhere' WHERE id = 'c1'").run(),
    ).toThrow(/CHECK/u);
    db.close();
  });

  it('upgrades a cache at 350 holding hand-offs: every row and every hand-off kept', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    const store = new CacheStore(db);
    const ann = store.accountId(ACCOUNT);
    store.transaction(() => {
      store.upsertInteraction(ann, chat('live'), 1_000);
      store.addChatEvents(ann, 'live', [
        { eventId: 1, kind: 'joined', authorType: 'Client', authorName: 'Tom', at: 1_000 },
        { eventId: 2, kind: 'message', authorType: 'Client', text: 'Hi', at: 1_001 },
      ]);
      store.upsertInteraction(ann, chat('moved'), 1_000);
      store.setHandOff(ann, 'moved', { kind: 'agent', target: '1002', name: 'Priya', at: 2_000 });
      store.markEnded(ann, 'moved', 'Completed', 2_100);
      store.upsertInteraction(ann, chat('queued'), 1_000);
      store.setHandOff(ann, 'queued', { kind: 'queue', target: 'Billing', name: 'Billing', at: 3 });
      store.handOffCameBack(ann, 'queued', 4);
    });
    expect(() =>
      db.prepare("UPDATE interactions SET handoff_kind = 'leftConference'").run(),
    ).toThrow(/CHECK/u);
    expect(db.pragma('user_version', { simple: true })).toBe(350);
    const columns = tableColumns(db);
    const before = everything(db, columns);

    migrate(db);

    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // Every row as it was, the hand-offs' kinds included.
    expect(everything(db, columns)).toEqual(before);
    const upgraded = new CacheStore(db);
    expect(upgraded.history(ann).map((row) => [row.id, row.handedOn?.kind])).toEqual([
      ['moved', 'agent'],
    ]);
    expect(upgraded.interaction(ann, 'queued')?.handedOn).toEqual({
      kind: 'queue',
      to: 'Billing',
      at: 3,
      cameBackAt: 4,
    });
    expect(upgraded.interaction(ann, 'live')?.transcript).toHaveLength(2);
    expect(upgraded.setHandOff(ann, 'live', LEFT)?.handedOn?.kind).toBe('leftConference');
    db.close();
  });
});
