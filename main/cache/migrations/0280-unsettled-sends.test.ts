import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { InteractionDetail } from '../../../common/model';
import { purgeAll } from '../../../tests/support/purge';
import { acceptedSnapshot as snapshot } from '../../../tests/support/searchIndex';
import { rowsIn, tableColumns } from '../../../tests/support/upgradeRows';
import { latestVersion, openDatabase } from '../database';
import { CacheStore } from '../store';
import type { UnsettledSend } from '../unsettledSends';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 280);
const ANN = { serverUrl: 'https://a.example', userName: 'ann' };
const BOB = { serverUrl: 'https://a.example', userName: 'bob' };

/** A reply's draft as the cache held it before Send: read from a store, as the desk reads it. */
function cachedDraft(): InteractionDetail {
  const db = openDatabase(':memory:');
  const store = new CacheStore(db);
  const ann = store.accountId(ANN);
  store.upsertInteraction(
    ann,
    { ...snapshot('reply-1', 'email'), subject: 'Re: Invoice 80' },
    1_000,
  );
  store.putEmail(ann, 'reply-1', {
    to: ['ann@example.com'],
    cc: [],
    subject: 'Re: Invoice 80',
    text: '',
    html: '<p>quoted</p>',
    attachments: [],
  });
  const draft = store.interaction(ann, 'reply-1');
  db.close();
  if (draft === undefined) throw new Error('no draft');
  return draft;
}

const SEND: UnsettledSend = {
  interactionId: 'reply-1',
  changes: { toAddress: 'ann@example.com', text: 'Paid on 4 December.' },
  files: [{ id: 'doc-1', name: 'receipt.pdf', size: 12, mimeType: 'application/pdf' }],
  draft: cachedDraft(),
  attemptedAt: 5_000,
};

describe('migration 0280: the Sends whose fate the desk could not learn, kept per account', () => {
  it('keeps, lists, replaces and forgets a Send per account (:memory:)', () => {
    const db = openDatabase(':memory:');
    const sends = new CacheStore(db).unsettledSends();
    const store = new CacheStore(db);
    const ann = store.accountId(ANN);
    const bob = store.accountId(BOB);
    sends.keep(ann, SEND);
    sends.keep(ann, {
      interactionId: 'new-2',
      changes: undefined,
      files: undefined,
      draft: undefined,
      attemptedAt: 4_000,
    });
    expect(sends.list(bob)).toEqual([]);
    const listed = sends.list(ann);
    expect(
      listed.map((send) => (send instanceof Error ? send.message : send.interactionId)),
    ).toEqual(['new-2', 'reply-1']);
    expect(listed[1]).toEqual(SEND);
    expect(listed[0]).toEqual({
      interactionId: 'new-2',
      changes: undefined,
      files: undefined,
      draft: undefined,
      attemptedAt: 4_000,
    });
    // Sent again: the later Send replaces the earlier.
    sends.keep(ann, { ...SEND, changes: { text: 'Paid.' }, attemptedAt: 6_000 });
    expect(sends.list(ann).at(-1)).toMatchObject({
      changes: { text: 'Paid.' },
      attemptedAt: 6_000,
    });
    // A row that does not read back is named, and stays.
    db.prepare(
      "UPDATE unsettled_sends SET draft = '{\"id\":1}' WHERE interaction_id = 'new-2'",
    ).run();
    const broken = sends.list(ann)[0];
    expect(broken).toBeInstanceOf(Error);
    expect((broken as Error).message).toMatch(/new-2/u);
    expect(sends.forget(ann, 'reply-1')).toBe(true);
    expect(sends.forget(ann, 'reply-1')).toBe(false);
    expect(sends.list(ann)).toHaveLength(1);
    db.close();
  });

  it('says in the draft’s detail that its Send is in doubt, and forgets it with the purged interaction', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const sends = store.unsettledSends();
    const ann = store.accountId(ANN);
    const bob = store.accountId(BOB);
    for (const account of [ann, bob]) {
      store.upsertInteraction(account, snapshot('reply-1', 'email'), 1_000);
      store.upsertInteraction(account, snapshot('reply-2', 'email'), 1_000);
    }
    sends.keep(ann, SEND);
    sends.keep(bob, SEND);
    sends.keep(ann, { ...SEND, interactionId: 'reply-2' });
    // A desk started again reads it from the cache alone (no Send of this session refused).
    expect(store.interaction(ann, 'reply-1')?.sendInDoubt).toBe(true);
    sends.forget(ann, 'reply-2');
    expect(store.interaction(ann, 'reply-2')).not.toHaveProperty('sendInDoubt');
    // Ended before the cutoff, the interaction is purged, and its Send with it: it was asked
    // about at every connection. Another account's, and one of an interaction kept, stay.
    sends.keep(ann, { ...SEND, interactionId: 'reply-2' });
    store.markEnded(ann, 'reply-1', 'Completed', 10);
    const purged = purgeAll(store, 50);
    expect(purged.interactions).toBe(1);
    expect(store.interaction(ann, 'reply-1')).toBeUndefined();
    expect(sends.list(ann).map((send) => !(send instanceof Error) && send.interactionId)).toEqual([
      'reply-2',
    ]);
    expect(sends.list(bob)).toEqual([SEND]);
    db.close();
  });

  it('upgrades a cache file at 270 holding mail and drafts: every row kept, none unsettled', () => {
    const folder = mkdtempSync(join(tmpdir(), 'switchboard-0280-'));
    try {
      const file = join(folder, 'cache.sqlite');
      const old = openDatabase(file, { migrations: BEFORE });
      const oldStore = new CacheStore(old);
      const ann = oldStore.accountId(ANN);
      oldStore.transaction(() => {
        oldStore.upsertInteraction(ann, snapshot('inbound-1', 'email'), 1_000);
        oldStore.putEmail(ann, 'inbound-1', {
          to: ['desk@example.com'],
          cc: [],
          subject: 'Invoice 80',
          text: 'Paid yet?',
          attachments: [],
        });
        oldStore.upsertInteraction(ann, snapshot('reply-1', 'email'), 2_000);
      });
      oldStore.drafts().save(
        ann,
        {
          interactionId: 'reply-1',
          kind: 'reply',
          parentId: 'inbound-1',
          to: 'ann@example.com',
          cc: '',
          bcc: '',
          subject: 'Re: Invoice 80',
          text: 'Paid on 4 December.',
          attachments: [],
        },
        2_500,
      );
      oldStore.indexSearchDocuments();
      expect(old.pragma('user_version', { simple: true })).toBe(270);
      const columns = tableColumns(old);
      const everything = (db: Database) =>
        Object.fromEntries(
          columns.map(([table, names]) => [table, rowsIn(db, table, names, '1, 2')]),
        );
      const before = everything(old);
      expect(before.drafts).toHaveLength(1);
      old.close();

      const db = openDatabase(file);
      expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(everything(db)).toEqual(before);
      const store = new CacheStore(db);
      expect(store.unsettledSends().list(ann)).toEqual([]);
      expect(store.drafts().get(ann, 'reply-1')?.text).toBe('Paid on 4 December.');
      store.unsettledSends().keep(ann, SEND);
      db.close();
      // Kept in the file: a restart reads it back.
      const reopened = openDatabase(file);
      expect(new CacheStore(reopened).unsettledSends().list(ann)).toEqual([SEND]);
      reopened.close();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
