import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatEvent, InteractionSnapshot } from '../../common/model';
import { openDatabase } from './database';
import { searchCache } from './search';
import { htmlToText } from '../../common/htmlText';
import { personalNameOf } from '../../common/mailSenders';
import { CacheStore } from './store';
import { purgeAll } from '../../tests/support/purge';
import { bracketed } from '../../common/searchSnippet';

let db: Database;
let store: CacheStore;

beforeEach(() => {
  db = openDatabase(':memory:');
  store = new CacheStore(db);
});

afterEach(() => {
  db.close();
});

function snapshot(overrides: Partial<InteractionSnapshot> & { id: string }): InteractionSnapshot {
  return { channel: 'email', state: 'Invited', capabilities: [], userData: {}, ...overrides };
}

function indexRows(): number {
  return (
    db
      .prepare(
        "SELECT count(*) AS n FROM search_index WHERE search_index MATCH 'twice OR tom OR maria'",
      )
      .get() as { n: number }
  ).n;
}

describe('CacheStore', () => {
  it('keeps accounts apart: the same interaction id on two servers is two rows', () => {
    const one = store.accountId({ serverUrl: 'https://a.example', userName: 'agent1' });
    const two = store.accountId({ serverUrl: 'https://b.example', userName: 'agent1' });
    expect(store.accountId({ serverUrl: 'https://a.example', userName: 'agent1' })).toBe(one);
    store.upsertInteraction(one, snapshot({ id: 'X', subject: 'On A' }), 1);
    store.upsertInteraction(two, snapshot({ id: 'X', subject: 'On B' }), 2);

    expect(store.inbox(one).map((row) => row.subject)).toEqual(['On A']);
    expect(store.inbox(two).map((row) => row.subject)).toEqual(['On B']);
    expect(
      searchCache(db, { text: 'On', accountId: two }).map((hit) => hit.interaction.subject),
    ).toEqual(['On B']);
    expect(
      searchCache(db, { text: 'On', accountId: one }).map((hit) => hit.interaction.subject),
    ).toEqual(['On A']);
  });

  it("names an e-mail's sender as the mail does (FromPersonal), in lists and in the detail", () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    store.upsertInteraction(
      account,
      snapshot({
        id: 'E',
        subject: 'Broken kettle',
        from: 'maria.lind@example.com',
        userData: { FromAddress: 'maria.lind@example.com', FromPersonal: 'Maria Lind' },
      }),
      100,
    );
    store.upsertInteraction(
      account,
      snapshot({ id: 'C', channel: 'chat', from: 'Tom', userData: { FromPersonal: 'Not Tom' } }),
      110,
    );
    const rows = store.inbox(account);
    expect(rows.find((row) => row.id === 'E')).toMatchObject({
      from: 'maria.lind@example.com',
      fromName: 'Maria Lind',
    });
    // A chat's "from" is already the customer's nickname.
    expect(rows.find((row) => row.id === 'C')?.fromName).toBeUndefined();
    expect(store.interaction(account, 'E')).toMatchObject({ fromName: 'Maria Lind' });
  });

  it('names whom an e-mail the agent writes goes to, in lists, the detail and search hits', () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    store.upsertInteraction(
      account,
      snapshot({
        id: 'R',
        type: 'Outbound',
        state: 'ReplyCreated',
        subject: 'Re: Broken kettle',
        from: 'support@example.com',
        to: ['maria.lind@example.com', 'tom@example.com'],
      }),
      100,
    );
    store.upsertInteraction(
      account,
      snapshot({ id: 'N', type: 'Outbound', state: 'Accepted', subject: 'No one yet', to: [] }),
      110,
    );
    // 002's samples type a reply `Email`, its subtype `OutboundReply`.
    store.upsertInteraction(
      account,
      snapshot({
        id: 'F',
        type: 'Email',
        subType: 'OutboundReply',
        state: 'ReplyCreated',
        subject: 'Re: Broken kettle again',
        to: ['maria.lind@example.com'],
      }),
      115,
    );
    store.upsertInteraction(
      account,
      snapshot({ id: 'I', type: 'Inbound', subject: 'Broken kettle', to: ['support@example.com'] }),
      120,
    );
    const rows = store.inbox(account);
    expect(rows.find((row) => row.id === 'R')?.sentTo).toBe(
      'maria.lind@example.com, tom@example.com',
    );
    // A draft that names nobody yet says so; a mail the customer sent names its sender instead.
    expect(rows.find((row) => row.id === 'N')?.sentTo).toBe('');
    expect(rows.find((row) => row.id === 'I')?.sentTo).toBeUndefined();
    expect(rows.find((row) => row.id === 'F')?.sentTo).toBe('maria.lind@example.com');
    expect(store.interaction(account, 'R')?.sentTo).toBe('maria.lind@example.com, tom@example.com');
    expect(
      searchCache(db, { text: 'kettle', accountId: account }).map((hit) => [
        hit.interaction.id,
        hit.interaction.sentTo,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['R', 'maria.lind@example.com, tom@example.com'],
        ['F', 'maria.lind@example.com'],
        ['I', undefined],
      ]),
    );
  });

  it('names whom a sent e-mail went to as sent, when the server never said', () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    store.upsertInteraction(
      account,
      snapshot({ id: 'S', type: 'Outbound', state: 'Accepted', subject: 'Your new card' }),
      100,
    );
    expect(store.inbox(account)[0]?.sentTo).toBe('');
    store.transaction(() => {
      store.putSentEmail(
        account,
        'S',
        {
          to: ['ann@example.org', 'bo@example.org'],
          cc: [],
          bcc: ['archive@example.com'],
          subject: 'Your new card',
          text: 'On its way.',
          attachments: [],
          sentAt: 200,
        },
        'On its way.',
      );
    });
    expect(store.inbox(account)[0]?.sentTo).toBe('ann@example.org, bo@example.org');
    expect(store.interactionRecord(account, 'S')?.sentTo).toBe('ann@example.org, bo@example.org');
    // Found by a recipient's address too (the parties document follows).
    expect(
      searchCache(db, { text: 'bo@example.org', accountId: account }).map(
        (hit) => hit.interaction.id,
      ),
    ).toEqual(['S']);
  });

  it.each([
    [{ FromPersonal: '"Maria Lind"' }, 'Maria Lind'],
    [{ FromPersonal: '  Maria Lind ' }, 'Maria Lind'],
    [{ FromPersonal: '' }, undefined],
    [{ FromPersonal: '"' }, undefined],
    [{ FromPersonal: 'MARIA.LIND@example.com' }, undefined],
    [{ FromPersonal: 42 }, undefined],
    [{}, undefined],
    // A name that names the sender's own address says who it is; one naming another address
    // is the phishing mail's display-name trick, and the sender's real address is shown.
    [
      { FromPersonal: 'Maria Lind (Maria.Lind@example.com)' },
      'Maria Lind (Maria.Lind@example.com)',
    ],
    [{ FromPersonal: 'support@bank.example' }, undefined],
    [{ FromPersonal: '"IT Desk <it-desk@example.com>"' }, undefined],
    [{ FromPersonal: 'Bank Support via support@bank.example' }, undefined],
    [{ FromPersonal: 'Maria @ Example' }, 'Maria @ Example'],
  ])('reads the personal name of %j as %j', (userData, name) => {
    expect(personalNameOf(userData, 'maria.lind@example.com')).toBe(name);
  });

  it.each([
    ['50,000 letters', 'a'.repeat(50_000)],
    ['50,000 letters, an @, 50,000 letters', `${'a'.repeat(50_000)}@${'b'.repeat(50_000)}`],
  ])('reads a personal name of %s fast (every list row reads it)', (_name, personal) => {
    // CPU time: the wall clock of a loaded machine counts other processes' turns too.
    const started = process.cpuUsage();
    personalNameOf({ FromPersonal: personal }, 'maria.lind@example.com');
    const { user, system } = process.cpuUsage(started);
    expect((user + system) / 1_000).toBeLessThan(1_000);
  });

  it('tracks first sight, acceptance and end, and keeps fields a later snapshot lacks', () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    store.upsertInteraction(
      account,
      snapshot({ id: 'I', subject: 'Refund', from: 'maria@example.com' }),
      100,
    );
    store.upsertInteraction(
      account,
      snapshot({ id: 'I', state: 'Accepted', capabilities: ['Reply'] }),
      200,
    );
    store.upsertInteraction(account, snapshot({ id: 'I', state: 'Accepted' }), 300);
    store.markEnded(account, 'I', 'Completed', 400);
    store.markEnded(account, 'I', 'Completed', 500);

    expect(store.interaction(account, 'I')).toMatchObject({
      subject: 'Refund',
      from: 'maria@example.com',
      state: 'Completed',
      firstSeenAt: 100,
      acceptedAt: 200,
      endedAt: 400,
      capabilities: [],
    });
    expect(store.inbox(account)).toEqual([]);
    expect(store.history(account).map((row) => row.id)).toEqual(['I']);
  });

  it('pages the history after a cursor: no row twice, none skipped, ties at one end included', () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    // Six ended in pairs within one millisecond each, ids of both cases (SQLite's order: B < a).
    const ends: [string, number][] = [
      ['a1', 300],
      ['B1', 300],
      ['a2', 200],
      ['B2', 200],
      ['a3', 100],
      ['B3', 100],
    ];
    const ended = (id: string, at: number) => {
      store.upsertInteraction(account, snapshot({ id, state: 'Accepted' }), at - 1);
      store.markEnded(account, id, 'Completed', at);
    };
    for (const [id, at] of ends) ended(id, at);
    const first = store.history(account, { limit: 3 });
    expect(first.map((row) => row.id)).toEqual(['B1', 'a1', 'B2']);
    // One shown goes back to work, another ends, before the next page is read.
    store.upsertInteraction(account, snapshot({ id: 'a1', state: 'Accepted' }), 400);
    ended('new', 500);
    expect(store.inbox(account).map((row) => row.id)).toEqual(['a1']);
    const last = first.at(-1);
    const next = store.history(account, {
      limit: 3,
      ...(last?.endedAt === undefined ? {} : { after: { endedAt: last.endedAt, id: last.id } }),
    });
    expect(next.map((row) => row.id)).toEqual(['a2', 'B3', 'a3']);
  });

  it('stores each chat event once, whatever the replays, and indexes message text', () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    store.upsertInteraction(account, snapshot({ id: 'C', channel: 'chat' }), 1);
    const events = [
      { eventId: 1, kind: 'joined' as const, authorName: 'Tom', authorType: 'Client' },
      { eventId: 2, kind: 'message' as const, authorName: 'Tom', text: 'charged twice?' },
      { eventId: 3, kind: 'notice' as const, noticeType: 'TypingStarted' },
    ];
    expect(store.addChatEvents(account, 'C', events)).toBe(3);
    expect(store.addChatEvents(account, 'C', events)).toBe(0);
    expect(
      store.addChatEvents(account, 'C', [
        ...events,
        { eventId: 4, kind: 'message', text: 'hello' },
      ]),
    ).toBe(1);

    expect(store.interaction(account, 'C')?.transcript.map((event) => event.eventId)).toEqual([
      1, 2, 3, 4,
    ]);
    const hits = searchCache(db, { text: 'charged twice' });
    expect(hits.map((hit) => [hit.kind, bracketed(hit.snippet)])).toEqual([
      ['chat', 'Tom: [charged] [twice]?'],
    ]);
    expect(searchCache(db, { text: 'tom' }).map((hit) => hit.kind)).toContain('parties');
  });

  it('replaces an e-mail search document when the content changes, leaving no stale index rows', () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    store.upsertInteraction(account, snapshot({ id: 'E' }), 1);
    const email = {
      from: 'maria@example.com',
      to: ['support@example.com'],
      cc: [],
      attachments: [],
    };
    store.putEmail(account, 'E', { ...email, subject: 'Charged twice', text: 'first version' });
    store.putEmail(account, 'E', { ...email, subject: 'Charged twice', text: 'second version' });
    store.putEmail(account, 'E', { ...email, subject: 'Charged twice', text: 'second version' });

    expect(searchCache(db, { text: 'first version' })).toEqual([]);
    expect(searchCache(db, { text: 'second version' })).toHaveLength(1);
    expect(
      db.prepare("INSERT INTO search_index (search_index) VALUES ('integrity-check')").run()
        .changes,
    ).toBe(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it("makes no text of an HTML-only e-mail's HTML again when only its recipients or notes change", () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    store.upsertInteraction(account, snapshot({ id: 'E' }), 1);
    // The text of a large HTML is costly (the cache writer has the search worker make it once):
    // the e-mail's search document holds its subject and words only, so only they remake it.
    const made: string[] = [];
    const textOfHtml = (html: string) => {
      made.push(html);
      return htmlToText(html);
    };
    const email = {
      from: 'news@shop.example',
      to: ['support@example.com'],
      cc: [],
      subject: 'Newsletter',
      text: '',
      html: '<p>winter sale</p>',
      attachments: [],
    };
    store.putEmail(account, 'E', email, textOfHtml);
    store.putEmail(account, 'E', { ...email, to: ['billing@example.com'] }, textOfHtml);
    store.putEmail(account, 'E', { ...email, comment: 'spam?' }, textOfHtml);
    expect(made).toEqual(['<p>winter sale</p>']);
    expect(searchCache(db, { text: 'winter' }).map((hit) => hit.kind)).toEqual(['email']);
    store.putEmail(account, 'E', { ...email, html: '<p>summer sale</p>' }, textOfHtml);
    expect(made).toEqual(['<p>winter sale</p>', '<p>summer sale</p>']);
    expect(searchCache(db, { text: 'winter' })).toEqual([]);
    expect(searchCache(db, { text: 'summer' })).toHaveLength(1);
  });

  it('writes nothing for an e-mail delivered again unchanged, and keeps fields a later delivery lacks', () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    store.upsertInteraction(account, snapshot({ id: 'E' }), 1);
    const email = { from: 'maria@example.com', to: ['support@example.com'], cc: [] };
    const changes = () => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    store.putEmail(account, 'E', {
      ...email,
      subject: 'Charged twice',
      text: 'body',
      attachments: [],
    });
    const afterFirst = changes();
    store.putEmail(account, 'E', {
      ...email,
      subject: 'Charged twice',
      text: 'body',
      attachments: [],
    });
    // GWS sends the content with every update: the same content again changes no row.
    expect(changes()).toBe(afterFirst);
    store.putEmail(account, 'E', { ...email, to: ['billing@example.com'], attachments: [] });
    expect(changes()).toBeGreaterThan(afterFirst);
    expect(store.emailOf(account, 'E').email).toEqual({
      from: 'maria@example.com',
      to: ['billing@example.com'],
      cc: [],
      subject: 'Charged twice',
      text: 'body',
      attachments: [],
    });
    expect(searchCache(db, { text: 'body' }).map((hit) => hit.kind)).toEqual(['email']);
  });

  it('rebuilds the parties document when the subject or parties change, given the prior row or not', () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    const first = store.upsertInteraction(
      account,
      snapshot({ id: 'P', subject: 'Parcel lost', from: 'maria@example.com' }),
      1,
    );
    const unchanged = store.upsertInteraction(
      account,
      snapshot({ id: 'P', state: 'Accepted' }),
      2,
      first,
    );
    expect(searchCache(db, { text: 'parcel' }).map((hit) => hit.kind)).toEqual(['parties']);
    store.upsertInteraction(
      account,
      snapshot({ id: 'P', state: 'Accepted', subject: 'Parcel found', to: ['tom@example.com'] }),
      3,
      unchanged,
    );
    expect(searchCache(db, { text: 'lost' })).toEqual([]);
    expect(searchCache(db, { text: 'found' }).map((hit) => hit.kind)).toEqual(['parties']);
    expect(searchCache(db, { text: 'tom' }).map((hit) => hit.kind)).toEqual(['parties']);
  });

  it("finds an e-mail by its sender's name as the lists show it, and follows a new name", () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    const first = store.upsertInteraction(
      account,
      snapshot({
        id: 'N',
        channel: 'email',
        from: 'ann@example.com',
        userData: { FromPersonal: 'Annika Brandvold' },
      }),
      1,
    );
    expect(first.fromName).toBe('Annika Brandvold');
    expect(searchCache(db, { text: 'brandvold' }).map((hit) => hit.kind)).toEqual(['parties']);
    // The same sender, a name given anew (case data edited): the old name is not found any more.
    store.upsertInteraction(
      account,
      snapshot({
        id: 'N',
        channel: 'email',
        state: 'Accepted',
        userData: { FromPersonal: 'Annika Lindqvist' },
      }),
      2,
      first,
    );
    expect(searchCache(db, { text: 'brandvold' })).toEqual([]);
    expect(searchCache(db, { text: 'lindqvist' }).map((hit) => hit.kind)).toEqual(['parties']);
    // A name that names another address is not shown, so it is not searched for either.
    store.upsertInteraction(
      account,
      snapshot({
        id: 'M',
        channel: 'email',
        from: 'mallory@evil.example',
        userData: { FromPersonal: 'support@bank.example' },
      }),
      3,
    );
    expect(searchCache(db, { text: 'bank' })).toEqual([]);
  });

  it('updates a live interaction in place, and makes an ended one live again when it is updated', () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    store.upsertInteraction(account, snapshot({ id: 'L', subject: 'Refund' }), 1);
    const live = store.upsertInteraction(
      account,
      snapshot({ id: 'L', state: 'Accepted', queue: 'Q' }),
      2,
    );
    expect(live).toMatchObject({ state: 'Accepted', subject: 'Refund', queue: 'Q', acceptedAt: 2 });
    expect(live.endedAt).toBeUndefined();
    store.markEnded(account, 'L', 'Completed', 3);
    const reopened = store.upsertInteraction(
      account,
      snapshot({ id: 'L', channel: 'chat', state: 'Accepted' }),
      4,
    );
    expect(reopened).toMatchObject({ channel: 'chat', state: 'Accepted', updatedAt: 4 });
    expect(reopened.endedAt).toBeUndefined();
    expect(store.inbox(account).map((row) => row.id)).toEqual(['L']);
  });

  it('reads transcripts lazily, several iterations at once', () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    for (const id of ['A', 'B']) {
      store.upsertInteraction(account, snapshot({ id, channel: 'chat' }), 1);
      store.addChatEvents(account, id, [
        { eventId: 1, kind: 'message', text: `${id} one` },
        { eventId: 2, kind: 'message', text: `${id} two` },
      ]);
    }
    const first = store.transcriptLines(account, 'A');
    expect(first.next().value).toMatchObject({ text: 'A one' });
    // A second iteration while the first is still open, then the first goes on.
    expect([...store.transcriptLines(account, 'B')].map((line) => line.text)).toEqual([
      'B one',
      'B two',
    ]);
    expect(first.next().value).toMatchObject({ text: 'A two' });
    expect(first.next().done).toBe(true);
    // A reader that stops early frees the statement for the next one.
    for (const line of store.transcriptLines(account, 'B')) if (line.eventId === 1) break;
    expect([...store.transcriptLines(account, 'A')]).toHaveLength(2);
  });

  it('finds an invitation by its subject, and lists an interaction once however many parts match', () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    store.upsertInteraction(
      account,
      snapshot({ id: 'invite', subject: 'Invoice charged twice' }),
      1,
    );
    expect(
      searchCache(db, { text: 'invoice' }).map((hit) => [hit.interaction.id, hit.kind]),
    ).toEqual([['invite', 'parties']]);

    store.upsertInteraction(account, snapshot({ id: 'invite', state: 'Accepted' }), 2);
    store.putEmail(account, 'invite', {
      to: [],
      cc: [],
      attachments: [],
      subject: 'Invoice charged twice',
      text: 'The invoice was charged twice.',
    });
    expect(searchCache(db, { text: 'invoice charged' }).map((hit) => hit.interaction.id)).toEqual([
      'invite',
    ]);
  });

  it('treats FTS5 syntax in a query as plain words', () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    store.upsertInteraction(account, snapshot({ id: 'E' }), 1);
    store.putEmail(account, 'E', {
      to: [],
      cc: [],
      attachments: [],
      subject: 'NEAR the end',
      text: 'x',
    });
    for (const query of ['NEAR(', '"', '*', 'subject:', 'a OR', '))', '']) {
      expect(() => searchCache(db, { text: query })).not.toThrow();
    }
    expect(searchCache(db, { text: 'NEAR(' })).toHaveLength(1);
  });

  it("lists an e-mail's attachments in the order the e-mail lists them, not by name", () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    store.upsertInteraction(account, snapshot({ id: 'E' }), 1);
    // Scanned pages as a customer attaches them, two of the same name, ids in no order.
    const names = ['scan 1.pdf', 'scan 2.pdf', 'scan 10.pdf', 'a.pdf', 'a.pdf', '😀.txt', ''];
    const attachments = names.map((name, index) => ({
      id: `d${String((5 * index) % names.length)}`,
      name,
    }));
    store.putEmail(account, 'E', { to: [], cc: [], attachments });
    const listed = () => store.emailOf(account, 'E').attachments.map(({ id, name }) => [name, id]);
    const sent = attachments.map(({ id, name }) => [name, id]);
    expect(listed()).toEqual(sent);
    // The same list again (the server's next notification), and a file added later: the order
    // stays, the new one last.
    store.putEmail(account, 'E', {
      to: [],
      cc: [],
      attachments: [...attachments, { id: 'late', name: '0.pdf' }],
    });
    expect(listed()).toEqual([...sent, ['0.pdf', 'late']]);
  });

  it('purges ended interactions with their transcript, e-mail, attachments and search rows', () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    store.upsertInteraction(account, snapshot({ id: 'old', from: 'maria@example.com' }), 1);
    store.putEmail(account, 'old', {
      to: [],
      cc: [],
      subject: 'Charged twice',
      text: 'x',
      attachments: [{ id: 'd', name: 'a.pdf' }],
    });
    store.recordDownload(account, 'old', 'd', {
      localPath: '/tmp/aa/a.pdf',
      sha256: 'aa',
      size: 1,
      at: 5,
    });
    store.markEnded(account, 'old', 'Completed', 10);
    store.upsertInteraction(account, snapshot({ id: 'new', channel: 'chat' }), 20);
    store.addChatEvents(account, 'new', [
      { eventId: 1, kind: 'message', authorName: 'Tom', text: 'still here' },
    ]);
    expect(indexRows()).toBeGreaterThan(0);

    const purged = purgeAll(store, 15);

    expect(purged).toEqual({
      interactions: 1,
      contactHistory: 0,
      logRows: 0,
      orphanedFiles: ['/tmp/aa/a.pdf'],
      transactions: 1,
      // The index had a segment per document written (none deferred here): it merged them.
      indexMerged: true,
    });
    expect(store.interaction(account, 'old')).toBeUndefined();
    expect(searchCache(db, { text: 'charged' })).toEqual([]);
    expect(searchCache(db, { text: 'maria' })).toEqual([]);
    expect(searchCache(db, { text: 'still here' })).toHaveLength(1);
    for (const table of ['chat_messages', 'emails', 'attachments', 'search_documents']) {
      const rows = db
        .prepare(`SELECT count(*) AS n FROM ${table} WHERE interaction_id = 'old'`)
        .get() as { n: number };
      expect(rows.n).toBe(0);
    }
  });

  it('answers the hot queries from indexes (EXPLAIN QUERY PLAN)', () => {
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
        .map((row) => row.detail)
        .join('\n');
    expect(
      plan(
        'SELECT * FROM interactions WHERE account_id = 1 AND ended_at IS NULL ORDER BY updated_at DESC',
      ),
    ).toMatch(/USING INDEX interactions_by_activity/);
    // The retention purge's oldest end (named: History's index of migration 0320 holds the id).
    expect(
      plan(
        'SELECT id FROM interactions INDEXED BY interactions_by_activity WHERE account_id = 1 AND ended_at < 5 ORDER BY ended_at LIMIT 1',
      ),
    ).toMatch(/USING INDEX interactions_by_activity/);
    expect(
      plan(
        "SELECT * FROM interactions WHERE account_id = 1 AND channel = 'chat' AND ended_at IS NOT NULL ORDER BY ended_at DESC",
      ),
    ).toMatch(/USING INDEX interactions_by_channel_end/);
    expect(
      plan(
        "SELECT * FROM chat_messages WHERE account_id = 1 AND interaction_id = 'x' ORDER BY event_id",
      ),
    ).toMatch(/USING PRIMARY KEY|USING INDEX sqlite_autoindex_chat_messages/);
    expect(
      plan(
        "SELECT d.kind FROM search_index JOIN search_documents d ON d.rowid = search_index.rowid WHERE search_index MATCH 'x'",
      ),
    ).toMatch(/VIRTUAL TABLE INDEX/);
    // The history's size, counted in the activity index alone (interactionCounts).
    expect(
      plan('SELECT count(*) FROM interactions WHERE account_id = 1 AND ended_at IS NOT NULL'),
    ).toMatch(/USING COVERING INDEX interactions_by_activity/);
  });

  it("counts an account's inbox, its invitations and its history, apart from other accounts", () => {
    const ann = store.accountId({ serverUrl: 's', userName: 'ann' });
    const bob = store.accountId({ serverUrl: 's', userName: 'bob' });
    store.upsertInteraction(ann, snapshot({ id: 'invited' }), 1);
    store.upsertInteraction(ann, snapshot({ id: 'working', state: 'Accepted' }), 2);
    for (const id of ['done', 'revoked']) {
      store.upsertInteraction(ann, snapshot({ id }), 3);
      store.markEnded(ann, id, id === 'done' ? 'Completed' : 'Revoked', 4);
    }
    store.upsertInteraction(bob, snapshot({ id: 'invited' }), 5);
    expect(store.interactionCounts(ann)).toEqual({ inbox: 2, invited: 1, history: 2 });
    expect(store.interactionCounts(bob)).toEqual({ inbox: 1, invited: 1, history: 0 });
    // Updated again after its end: back in the inbox, out of the history.
    store.upsertInteraction(ann, snapshot({ id: 'done', state: 'Invited' }), 6);
    expect(store.interactionCounts(ann)).toEqual({ inbox: 3, invited: 2, history: 1 });
  });

  it('stores a chat line with the same statements at line 100 as at line 5,000, none reading the transcript', () => {
    // The store's statements are observed on the real connection: each one the store prepares
    // is recorded with its arguments whenever it runs, and then its query plan is read.
    const running: { sql: string; args: unknown[] }[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => {
      const statement = prepare(sql);
      for (const method of ['run', 'get', 'all'] as const) {
        const original: (...args: unknown[]) => unknown = statement[method].bind(statement);
        (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
          running.push({ sql, args });
          return original(...args);
        };
      }
      return statement;
    }) as typeof db.prepare;
    const observed = new CacheStore(db);
    const account = observed.accountId({ serverUrl: 's', userName: 'u' });
    const chat = snapshot({ id: 'long', channel: 'chat', state: 'Accepted', from: 'Maria' });
    const line = (eventId: number): ChatEvent => ({
      eventId,
      kind: 'message',
      authorName: eventId % 2 === 0 ? 'Maria' : 'Tom',
      text: `line ${eventId} about the parcel`,
    });
    observed.transaction(() => {
      observed.upsertInteraction(account, chat, 1);
      observed.addChatEvents(account, 'long', [
        { eventId: 1, kind: 'joined', authorName: 'Maria' },
        { eventId: 2, kind: 'joined', authorName: 'Tom' },
      ]);
    });
    /** What storing one notification's line costs: the snapshot, then the line. */
    const storeLine = (eventId: number, event: ChatEvent = line(eventId)) => {
      running.length = 0;
      observed.transaction(() => {
        observed.upsertInteraction(account, chat, eventId);
        observed.addChatEvents(account, 'long', [event]);
      });
      return running.map(({ sql, args }) => ({ sql, args }));
    };

    for (let eventId = 3; eventId < 100; eventId += 1) storeLine(eventId);
    const atLine100 = storeLine(100);
    observed.transaction(() => {
      for (let eventId = 101; eventId < 5_000; eventId += 1)
        observed.addChatEvents(account, 'long', [line(eventId)]);
    });
    const atLine5000 = storeLine(5_000);
    const aJoinAt5001 = storeLine(5_001, { eventId: 5_001, kind: 'joined', authorName: 'Ann' });

    // The same statements, in the same order: nothing in the work depends on the transcript.
    expect(atLine5000.map((step) => step.sql)).toEqual(atLine100.map((step) => step.sql));
    // A line that is not a join does not read chat_messages at all (it only inserts): the one
    // read is the parties document's (the snapshot came without the row read before it), which
    // is written once, before the commit, through the index of joins.
    const readsOfChat = (steps: typeof atLine100) =>
      steps.filter(({ sql }) => /FROM chat_messages/i.test(sql));
    expect(readsOfChat(atLine5000)).toEqual([
      { sql: expect.stringContaining("kind = 'joined'") as string, args: [account, 'long'] },
    ]);
    // Every read of chat_messages (the parties, on the snapshot and on a join) is a lookup by
    // full key or goes through the index of joins alone, never over the transcript's range.
    const reads = [...readsOfChat(atLine5000), ...readsOfChat(aJoinAt5001)];
    expect(reads.length).toBeGreaterThanOrEqual(2);
    for (const { sql, args } of reads) {
      const plan = (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[])
        .map((row) => row.detail)
        .filter((detail) => detail.includes('chat_messages'));
      expect(plan.length).toBeGreaterThan(0);
      for (const detail of plan) {
        expect(detail).toMatch(
          /USING (COVERING )?INDEX chat_messages_joined |\(account_id=\? AND interaction_id=\? AND event_id=\?\)/,
        );
      }
    }
    // And the parties document is what it always was: the names in the order they joined.
    expect(
      (
        db
          .prepare(
            "SELECT body FROM search_documents WHERE kind = 'parties' AND interaction_id = 'long'",
          )
          .get() as { body: string }
      ).body,
    ).toBe('Maria Tom Ann');
    expect(searchCache(db, { text: 'Ann', accountId: account }).map((hit) => hit.kind)).toEqual([
      'parties',
    ]);
  });
});

describe('what the store remembers between statements', () => {
  it("sees another connection's commit to an interaction it read before", () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-known-'));
    const path = join(dir, 'cache.db');
    const mine = new CacheStore(openDatabase(path));
    const theirs = new CacheStore(openDatabase(path));
    try {
      const account = mine.accountId({ serverUrl: 's', userName: 'u' });
      mine.upsertInteraction(account, snapshot({ id: 'I', subject: 'Before' }), 1);
      expect(mine.interactionRecord(account, 'I')?.subject).toBe('Before');

      theirs.upsertInteraction(account, snapshot({ id: 'I', subject: 'After' }), 2);
      expect(mine.interactionRecord(account, 'I')?.subject).toBe('After');
      mine.transaction(() => {
        expect(mine.interactionRecord(account, 'I')?.updatedAt).toBe(2);
      });
    } finally {
      mine.close();
      theirs.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('forgets what a rolled-back transaction wrote, and the documents it left waiting', () => {
    const account = store.accountId({ serverUrl: 's', userName: 'u' });
    store.deferSearchIndexing();
    store.upsertInteraction(account, snapshot({ id: 'C', channel: 'chat', state: 'Accepted' }), 1);
    store.indexSearchDocuments();
    expect(store.unindexedSearchDocuments()).toBe(0);

    expect(() =>
      store.transaction(() => {
        store.upsertInteraction(account, snapshot({ id: 'C', channel: 'chat', state: 'Gone' }), 2);
        store.insertChatEvents(account, 'C', [
          { eventId: 1, kind: 'message', authorName: 'Maria', text: 'hello there' },
        ]);
        expect(store.unindexedSearchDocuments()).toBeGreaterThan(0);
        throw new Error('the batch failed');
      }),
    ).toThrow('the batch failed');

    expect(store.interactionRecord(account, 'C')?.state).toBe('Accepted');
    expect(store.unindexedSearchDocuments()).toBe(0);
    store.insertChatEvents(account, 'C', [
      { eventId: 2, kind: 'message', authorName: 'Maria', text: 'hello again' },
    ]);
    expect(store.unindexedSearchDocuments()).toBe(
      (
        db
          .prepare(
            'SELECT count(*) AS n FROM search_documents WHERE rowid > (SELECT indexed_through FROM search_index_progress)',
          )
          .get() as { n: number }
      ).n,
    );
    expect(store.unindexedSearchDocuments()).toBe(1);
  });
});

describe('JSON columns a hand or an older build wrote in another shape', () => {
  // user_data, to/cc and capabilities have no CHECK on their shape (migration 0010): a cache
  // edited by hand, or written by a build before this one, may hold any JSON there.
  const oddJson = ['null', '"text"', '5', 'true', '[1, "a@b.example"]', '{"a": 1}', 'not json'];

  it.each(oddJson)('lists and opens every interaction when they hold %s', (odd) => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-odd-json-'));
    const path = join(dir, 'cache.db');
    try {
      const writer = new CacheStore(openDatabase(path));
      const account = writer.accountId({ serverUrl: 's', userName: 'u' });
      writer.upsertInteraction(account, snapshot({ id: 'Sound', subject: 'Sound one' }), 1);
      writer.upsertInteraction(
        account,
        snapshot({ id: 'Odd', type: 'Outbound', subject: 'Odd one', from: 'x@y.example' }),
        2,
      );
      writer.putEmail(account, 'Odd', {
        from: 'x@y.example',
        to: ['a@b.example'],
        cc: [],
        attachments: [],
        text: 'Hello',
      });
      writer.close();
      // Written while no desk runs, as a hand with the sqlite3 shell would.
      const edit = openDatabase(path);
      edit
        .prepare(
          "UPDATE interactions SET user_data = ?, to_addresses = ?, capabilities = ? WHERE id = 'Odd'",
        )
        .run(odd, odd, odd);
      edit
        .prepare(
          "UPDATE emails SET to_addresses = ?, cc_addresses = ? WHERE interaction_id = 'Odd'",
        )
        .run(odd, odd);
      edit.close();

      const reader = new CacheStore(openDatabase(path, { readonly: true }));
      try {
        expect(
          reader
            .inbox(account)
            .map((row) => row.id)
            .sort(),
        ).toEqual(['Odd', 'Sound']);
        const detail = reader.interaction(account, 'Odd');
        expect(detail?.subject).toBe('Odd one');
        // What the renderer receives keeps its types: an object, lists of strings.
        expect(detail?.userData).toEqual(odd === '{"a": 1}' ? { a: 1 } : {});
        const strings = odd === '[1, "a@b.example"]' ? ['a@b.example'] : [];
        expect(detail?.to).toEqual(strings);
        expect(detail?.capabilities).toEqual(strings);
        expect(detail?.sentTo).toBe(strings.join(', '));
        expect(detail?.email?.to).toEqual(strings);
        expect(detail?.email?.cc).toEqual(strings);
        expect(detail?.email?.text).toBe('Hello');
      } finally {
        reader.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
