import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { DraftFields } from '../../../common/model';
import { latestVersion, migrate, openDatabase } from '../database';
import { DEFAULT_PREFERENCES } from '../deskState';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';

const folder = mkdtempSync(join(tmpdir(), 'switchboard-0050-'));
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

/** The schema just before drafts: every migration below 0050. */
const BEFORE_DRAFTS = MIGRATIONS.filter((migration) => migration.version < 50);

const reply: DraftFields = {
  interactionId: 'draft-1',
  kind: 'reply',
  parentId: 'mail-1',
  to: 'maria@example.com',
  cc: 'bo',
  bcc: '',
  subject: 'Re: Invoice charged twice',
  text: 'Dear Maria,\n\nOn 2 Dec 2026, Maria wrote:\n> Please refund',
  attachments: [{ id: 'doc-1', name: 'refund.pdf', size: 2048, mimeType: 'application/pdf' }],
};

function everything(db: Database, tables: readonly string[]): unknown[][] {
  return tables.map((table) => db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all());
}

describe('migration 0050: e-mail drafts', () => {
  it('keeps, replaces, lists and discards drafts per account on :memory:', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const ann = store.accountId({ serverUrl: 'https://gws.example.com', userName: 'ann' });
    const bob = store.accountId({ serverUrl: 'https://gws.example.com', userName: 'bob' });
    const drafts = store.drafts();

    expect(drafts.get(ann, 'draft-1')).toBeUndefined();
    expect(drafts.save(ann, reply, 1_000.7)).toEqual({ ...reply, updatedAt: 1_000 });
    expect(drafts.get(ann, 'draft-1')).toEqual({ ...reply, updatedAt: 1_000 });
    // Another agent on the same server sees none of it.
    expect(drafts.get(bob, 'draft-1')).toBeUndefined();
    expect(drafts.list(bob)).toEqual([]);

    // The last save wins, every field of it (files removed too).
    const typedOn = { ...reply, text: `${reply.text}\nmore`, cc: '', attachments: [] };
    drafts.save(ann, typedOn, 2_000);
    const created: DraftFields = {
      interactionId: 'new-1',
      kind: 'new',
      to: '',
      cc: '',
      bcc: 'boss@example.com',
      subject: '',
      text: '',
      attachments: [],
    };
    drafts.save(ann, created, 3_000);
    expect(drafts.list(ann)).toEqual([
      { ...created, updatedAt: 3_000 },
      { ...typedOn, updatedAt: 2_000 },
    ]);

    expect(drafts.discard(ann, 'draft-1')).toBe(true);
    expect(drafts.discard(ann, 'draft-1')).toBe(false);
    expect(drafts.list(ann).map((draft) => draft.interactionId)).toEqual(['new-1']);

    // A draft outlives its interaction: nothing ties it to the interactions table.
    store.upsertInteraction(
      ann,
      { id: 'new-1', channel: 'email', state: 'ReplyCreated', capabilities: [], userData: {} },
      3_500,
    );
    store.markEnded(ann, 'new-1', 'Completed', 4_000);
    expect(drafts.get(ann, 'new-1')).toEqual({ ...created, updatedAt: 3_000 });
    // A kind outside the list is refused by the table itself.
    expect(() =>
      db
        .prepare(
          "INSERT INTO drafts (account_id, interaction_id, kind, updated_at) VALUES (?, 'x', 'fax', 1)",
        )
        .run(ann),
    ).toThrow(/CHECK constraint failed/);
    db.close();
  });

  it('upgrades a cache of the previous schema holding an agent’s work, losing nothing', () => {
    const path = join(folder, 'upgrade.sqlite');
    const old = openDatabase(path, { migrations: BEFORE_DRAFTS });
    const oldStore = new CacheStore(old);
    const account = oldStore.accountId({ serverUrl: 'https://gws.example.com', userName: 'ann' });
    oldStore.transaction(() => {
      oldStore.upsertInteraction(
        account,
        {
          id: 'mail-1',
          channel: 'email',
          state: 'Accepted',
          subject: 'Invoice charged twice',
          capabilities: ['Reply'],
          userData: {},
        },
        1_000,
      );
      oldStore.putEmail(account, 'mail-1', {
        from: 'maria@example.com',
        to: ['support@example.com'],
        cc: [],
        subject: 'Invoice charged twice',
        text: 'Please refund the duplicate charge',
        attachments: [{ id: 'a1', name: 'invoice.pdf', size: 10 }],
      });
    });
    // Written as that schema's store wrote it: the case preferences' table came later (0080).
    old.prepare('INSERT INTO preferences (id, sound, retention_days) VALUES (1, 0, 30)').run();
    const tables = ['accounts', 'interactions', 'emails', 'attachments', 'search_documents'];
    const before = everything(old, tables);
    expect(old.pragma('user_version', { simple: true })).toBe(40);
    expect(() => old.prepare('SELECT * FROM drafts').all()).toThrow(/no such table/);
    old.close();

    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // Each row value for value (later migrations may add columns: each row matches).
    expect(everything(db, tables)).toMatchObject(before);
    const store = new CacheStore(db);
    expect(store.deskState().preferences()).toEqual({
      ...DEFAULT_PREFERENCES,
      sound: false,
      retentionDays: 30,
    });
    expect(store.drafts().list(account)).toEqual([]);
    store.drafts().save(account, reply, 5_000);
    db.close();

    // And the draft is there when the cache opens again (a restart).
    const reopened = openDatabase(path);
    expect(new CacheStore(reopened).drafts().get(account, 'draft-1')).toEqual({
      ...reply,
      updatedAt: 5_000,
    });
    // Migrating again changes nothing.
    expect(migrate(reopened)).toBe(latestVersion());
    reopened.close();
  });
});
