import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { InteractionSnapshot } from '../../../common/model';
import { latestVersion, migrate, openDatabase } from '../database';
import { searchCache } from '../search';
import { CacheStore, type HandOffRecord } from '../store';
import { rowsIn, tableColumns } from '../../../tests/support/upgradeRows';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 230);
const ACCOUNT = { serverUrl: 'https://a.example', userName: 'ann' };
/** Transferred to Priya (user id 1002) at 5 000. */
const TO_PRIYA: HandOffRecord = { kind: 'agent', target: '1002', name: 'Priya Raman', at: 5_000 };

function chat(id: string, state = 'Accepted', subject = `About ${id}`): InteractionSnapshot {
  return { id, channel: 'chat', state, subject, capabilities: [], userData: {} };
}

function everything(db: Database, columns: [string, string[]][]): Record<string, unknown[]> {
  return Object.fromEntries(
    columns.map(([table, names]) => [table, rowsIn(db, table, names, '1, 2')]),
  );
}

describe('migration 0230: the hand-offs this agent made, on the interaction’s row', () => {
  it('keeps the last hand-off through the chat’s end, its coming back, a restart (:memory:)', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const ann = store.accountId(ACCOUNT);
    store.upsertInteraction(ann, chat('c1'), 1_000);
    expect(store.interactionRecord(ann, 'c1')).not.toHaveProperty('handedOn');

    // Recorded as the server takes Transfer, while the row is still live.
    expect(store.setHandOff(ann, 'c1', TO_PRIYA)?.handedOn).toEqual({
      kind: 'agent',
      to: 'Priya Raman',
      at: 5_000,
    });
    // The chat ends for this agent: the row keeps it, in History and for a restarted desk.
    const ended = store.markEnded(ann, 'c1', 'Completed', 5_100);
    expect(ended?.handedOn).toEqual({ kind: 'agent', to: 'Priya Raman', at: 5_000 });
    expect(store.history(ann).map((row) => row.handedOn?.to)).toEqual(['Priya Raman']);
    expect(new CacheStore(db).interactionRecord(ann, 'c1')?.handedOn?.kind).toBe('agent');
    expect(db.prepare('SELECT handoff_target FROM interactions').pluck().get()).toBe('1002');

    // Offered to the agent again: it came back, once.
    store.upsertInteraction(ann, chat('c1', 'Invited'), 6_000);
    expect(store.handOffCameBack(ann, 'c1', 6_000)?.handedOn).toEqual({
      kind: 'agent',
      to: 'Priya Raman',
      at: 5_000,
      cameBackAt: 6_000,
    });
    expect(store.handOffCameBack(ann, 'c1', 7_000)).toBeUndefined();
    expect(store.inbox(ann)[0]?.handedOn?.cameBackAt).toBe(6_000);

    // A later hand-off replaces it, not yet back.
    expect(
      store.setHandOff(ann, 'c1', { kind: 'queue', target: 'Billing', name: 'Billing', at: 8_000 })
        ?.handedOn,
    ).toEqual({ kind: 'queue', to: 'Billing', at: 8_000 });

    // Found by a search as History lists it.
    store.markEnded(ann, 'c1', 'Completed', 8_100);
    expect(searchCache(db, { text: 'About' })[0]?.interaction.handedOn?.to).toBe('Billing');

    // No hand-off to come back from; none recorded on an interaction the cache does not hold.
    store.upsertInteraction(ann, chat('c2'), 1_000);
    expect(store.handOffCameBack(ann, 'c2', 2_000)).toBeUndefined();
    expect(store.setHandOff(ann, 'unknown', TO_PRIYA)).toBeUndefined();
    // Only the kinds the desk makes.
    expect(() =>
      db.prepare("UPDATE interactions SET handoff_kind = 'elsewhere' WHERE id = 'c2'").run(),
    ).toThrow(/CHECK/u);
    db.close();
  });

  it('upgrades a cache at 220 holding chats: every row kept, none handed on', () => {
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
      store.setConsultation(ann, 'over', { target: 'priya', afterEventId: 0 });
      store.markEnded(ann, 'over', 'Completed', 2_000);
      store.appendEvent(ann, 'live', 'interactionUpdated', 'Accepted', 1_000, { type: 'x' });
    });
    // Searched before the upgrade as after it (the store of today on the older schema).
    expect(searchCache(db, { text: 'Hi' }).map((hit) => hit.interaction.id)).toEqual(['live']);
    expect(db.pragma('user_version', { simple: true })).toBe(220);
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
          `SELECT id, handoff_kind, handoff_target, handoff_name, handoff_at, handoff_back_at
           FROM interactions ORDER BY id`,
        )
        .all(),
    ).toEqual(
      ['live', 'over'].map((id) => ({
        id,
        handoff_kind: null,
        handoff_target: null,
        handoff_name: null,
        handoff_at: null,
        handoff_back_at: null,
      })),
    );
    const upgraded = new CacheStore(db);
    expect(upgraded.history(ann).map((row) => [row.id, row.handedOn])).toEqual([
      ['over', undefined],
    ]);
    expect(upgraded.interaction(ann, 'live')?.transcript).toHaveLength(2);
    expect(searchCache(db, { text: 'Hi' })[0]?.interaction).not.toHaveProperty('handedOn');
    expect(upgraded.setHandOff(ann, 'over', TO_PRIYA)?.handedOn?.to).toBe('Priya Raman');
    db.close();
  });
});
