import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { latestVersion, migrate, openDatabase } from '../database';
import { EXAMPLE_RESPONSES } from '../library';
import { searchCache } from '../search';
import { CacheStore, type SentEmail } from '../store';
import { MIGRATIONS } from './index';
import { purgeAll } from '../../../tests/support/purge';

const BEFORE_0060 = MIGRATIONS.filter((migration) => migration.version < 60);

const SENT: SentEmail = {
  from: 'agent1@example.com',
  to: ['ann@example.com'],
  cc: ['billing@example.com'],
  bcc: ['audit@example.com'],
  subject: 'Re: Invoice 77',
  text: 'Dear Ann, the invoice is paid (reference quokka).',
  attachments: [{ id: 'doc-1', name: 'receipt.pdf', size: 12, mimeType: 'application/pdf' }],
  sentAt: 5_000,
};

function tablesOf(db: Database): string[] {
  return (
    db
      .prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'index') ORDER BY name")
      .all() as {
      name: string;
    }[]
  ).map((row) => row.name);
}

describe('migration 0060: the agent library and sent e-mails', () => {
  it('creates its tables on :memory:, and the library and sent mail work there', () => {
    const db = openDatabase(':memory:');
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(tablesOf(db)).toEqual(
      expect.arrayContaining([
        'agent_library',
        'standard_responses',
        'sent_emails',
        'interactions_by_parent',
      ]),
    );
    const store = new CacheStore(db);
    const ann = store.accountId({ serverUrl: 'https://gws.example.com', userName: 'ann' });
    const tom = store.accountId({ serverUrl: 'https://gws.example.com', userName: 'tom' });
    const library = store.library();

    // Signature per account.
    expect(library.signature(ann)).toBe('');
    library.saveSignature(ann, 'Ann\nSupport team');
    expect(library.signature(ann)).toBe('Ann\nSupport team');
    expect(library.signature(tom)).toBe('');

    // The examples are offered once per account; deleted, they stay deleted.
    const first = library.responses(ann, undefined, 1_000);
    expect(first.map((response) => response.name).sort()).toEqual(
      EXAMPLE_RESPONSES.map((response) => response.name).sort(),
    );
    for (const response of first) expect(library.deleteResponse(ann, response.id)).toBe(true);
    expect(library.responses(ann)).toEqual([]);
    expect(library.signature(ann)).toBe('Ann\nSupport team');

    // Create, edit, search by name or text (a LIKE wildcard is only itself), per account.
    const refund = library.saveResponse(ann, { name: 'Refund', text: 'We refunded 100% today.' });
    const shipping = library.saveResponse(ann, { name: 'Shipping', text: 'Your parcel ships.' });
    expect(refund?.id).toBeGreaterThan(0);
    expect(library.responses(ann, 'refund').map((response) => response.name)).toEqual(['Refund']);
    expect(library.responses(ann, 'PARCEL').map((response) => response.name)).toEqual(['Shipping']);
    expect(library.responses(ann, '100%').map((response) => response.name)).toEqual(['Refund']);
    expect(library.responses(ann, '%')).toHaveLength(1);
    const edited = library.saveResponse(
      ann,
      { id: shipping?.id ?? 0, name: 'Shipping  ', text: 'It left today.' },
      2_000,
    );
    expect(edited).toEqual({
      id: shipping?.id,
      name: 'Shipping',
      text: 'It left today.',
      updatedAt: 2_000,
    });
    expect(
      library.saveResponse(tom, { id: shipping?.id ?? 0, name: 'x', text: 'y' }),
    ).toBeUndefined();
    expect(library.deleteResponse(tom, refund?.id ?? 0)).toBe(false);
    expect(library.responses(tom).map((response) => response.name)).not.toContain('Refund');

    // A sent e-mail: shown over the server's later, empty copy; searchable; in its thread.
    store.transaction(() => {
      store.upsertInteraction(
        ann,
        { id: 'in-1', channel: 'email', state: 'Accepted', capabilities: [], userData: {} },
        1_000,
      );
      store.upsertInteraction(
        ann,
        {
          id: 'out-1',
          channel: 'email',
          state: 'ReplyCreated',
          parentId: 'in-1',
          capabilities: [],
          userData: {},
        },
        2_000,
      );
      store.putSentEmail(ann, 'out-1', SENT, `${SENT.subject}\n${SENT.text}`);
      store.putEmail(ann, 'out-1', { to: [], cc: [], text: '', attachments: [] });
    });
    const email = store.emailOf(ann, 'out-1').email;
    expect(email).toMatchObject({
      text: SENT.text,
      to: SENT.to,
      cc: SENT.cc,
      bcc: SENT.bcc,
      subject: SENT.subject,
      sentAt: 5_000,
    });
    expect(email?.attachments.map((attachment) => attachment.name)).toEqual(['receipt.pdf']);
    expect(store.emailOf(ann, 'in-1').email).toBeUndefined();
    expect(
      searchCache(db, { text: 'quokka', accountId: ann }).map((hit) => [
        hit.interaction.id,
        hit.kind,
      ]),
    ).toEqual([['out-1', 'email']]);
    expect(searchCache(db, { text: 'quokka', accountId: tom })).toEqual([]);
    expect(store.replies(ann, 'in-1').map((reply) => [reply.id, reply.email?.text])).toEqual([
      ['out-1', SENT.text],
    ]);
    const plan = (
      db
        .prepare(
          "EXPLAIN QUERY PLAN SELECT * FROM interactions WHERE account_id = 1 AND parent_id = 'in-1' ORDER BY first_seen_at, id",
        )
        .all() as { detail: string }[]
    ).map((row) => row.detail);
    expect(plan.join('\n')).toContain('USING INDEX interactions_by_parent');

    // Purged with its interaction, search document included.
    store.markEnded(ann, 'out-1', 'Completed', 3_000);
    purgeAll(store, 10_000);
    expect(db.prepare('SELECT count(*) AS n FROM sent_emails').get()).toEqual({ n: 0 });
    expect(searchCache(db, { text: 'quokka', accountId: ann })).toEqual([]);
    db.close();
  });

  it('upgrades a cache of the previous schema holding data, losing nothing', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE_0060 });
    const store = new CacheStore(db);
    const ann = store.accountId({ serverUrl: 'https://gws.example.com', userName: 'ann' });
    store.transaction(() => {
      store.upsertInteraction(
        ann,
        {
          id: 'in-1',
          channel: 'email',
          state: 'Accepted',
          subject: 'Invoice 77',
          capabilities: [],
          userData: {},
        },
        1_000,
      );
      store.upsertInteraction(
        ann,
        {
          id: 'out-1',
          channel: 'email',
          state: 'ReplyCreated',
          parentId: 'in-1',
          capabilities: [],
          userData: {},
        },
        2_000,
      );
      store.putEmail(ann, 'in-1', {
        from: 'ann@example.com',
        to: ['support@example.com'],
        cc: [],
        subject: 'Invoice 77',
        text: 'Has it been paid?',
        attachments: [{ id: 'a-1', name: 'invoice.pdf' }],
      });
    });
    const everything = () =>
      ['accounts', 'interactions', 'emails', 'attachments', 'search_documents'].map((table) =>
        db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all(),
      );
    const before = everything();
    expect(db.pragma('user_version', { simple: true })).toBe(50);

    migrate(db, MIGRATIONS);

    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // Each row value for value (later migrations may add columns: each row matches).
    expect(everything()).toMatchObject(before);
    const upgraded = new CacheStore(db);
    expect(upgraded.emailOf(ann, 'in-1').email?.text).toBe('Has it been paid?');
    expect(upgraded.replies(ann, 'in-1').map((reply) => reply.id)).toEqual(['out-1']);
    expect(upgraded.library().signature(ann)).toBe('');
    expect(upgraded.library().responses(ann)).toHaveLength(EXAMPLE_RESPONSES.length);
    upgraded.putSentEmail(ann, 'out-1', SENT, SENT.text ?? '');
    expect(upgraded.emailOf(ann, 'out-1').email?.text).toBe(SENT.text);
    db.close();
  });
});
