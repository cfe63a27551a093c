import { describe, expect, it } from 'vitest';
import type { InteractionSnapshot } from '../../../common/model';
import { latestVersion, migrate, openDatabase } from '../database';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 340);
const ACCOUNT = { serverUrl: 'https://gws.example.com', userName: 'ann' };
/** Maria wrote on 3 December; the e-mail reached the desk on the 7th. */
const WRITTEN = Date.UTC(2026, 11, 3, 9, 30);
const REACHED = Date.UTC(2026, 11, 7, 20, 58);

function email(startedAt?: number): InteractionSnapshot {
  return {
    id: 'e1',
    channel: 'email',
    state: 'Invited',
    subject: 'Invoice charged twice',
    capabilities: [],
    userData: {},
    ...(startedAt === undefined ? {} : { startedAt }),
  };
}

describe('migration 0340: when the interaction started on the server', () => {
  it('keeps the start the server names, apart from when the desk first saw it', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const ann = store.accountId(ACCOUNT);
    expect(store.upsertInteraction(ann, email(WRITTEN), REACHED)).toMatchObject({
      startedAt: WRITTEN,
      firstSeenAt: REACHED,
    });
    // A notification that names no start keeps it.
    expect(store.upsertInteraction(ann, email(), REACHED + 1_000).startedAt).toBe(WRITTEN);
    // Read back by another store (a restarted desk).
    expect(new CacheStore(db).interaction(ann, 'e1')?.startedAt).toBe(WRITTEN);
    db.close();
  });

  it('upgrades a cache losing nothing; a row cached before it learns its start from the server', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    db.exec(`INSERT INTO accounts (id, server_url, user_name) VALUES (1, 'https://gws.example.com', 'ann');
      INSERT INTO interactions (account_id, id, channel, state, subject, to_addresses, capabilities,
        user_data, first_seen_at, updated_at)
      VALUES (1, 'e1', 'email', 'Invited', 'Invoice charged twice', '[]', '[]', '{}', ${String(REACHED)}, ${String(REACHED)})`);
    const rows = () => db.prepare('SELECT * FROM interactions').all();
    const before = rows();
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(rows()).toEqual(before.map((row) => ({ ...(row as object), started_at: null })));
    const store = new CacheStore(db);
    const ann = store.accountId(ACCOUNT);
    expect(store.interactionRecord(ann, 'e1')).not.toHaveProperty('startedAt');
    expect(store.upsertInteraction(ann, email(WRITTEN), REACHED + 1_000)).toMatchObject({
      startedAt: WRITTEN,
      firstSeenAt: REACHED,
    });
    db.close();
  });
});
