import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ok } from '../../common/errors';
import type { ChangeSet, ChatEvent, GwsEvent, InteractionSnapshot } from '../../common/model';
import { openDatabase } from '../cache/database';
import { CacheStore, type AccountKey } from '../cache/store';
import { createOperations } from '../gws/operations';
import { GwsSession } from '../gws/session';
import { startSimulator, type Simulator } from '../../simulator/server';
import type { PolicyEvent } from './policy';
import {
  CacheWriter,
  emptyChangeSet,
  SEARCH_INDEX_BATCH,
  SEARCH_INDEX_DELAY_MS,
  type Commit,
  type WorkstationLog,
} from './cacheWriter';
import { searchCache } from '../cache/search';

const account: AccountKey = { serverUrl: 'http://gws.example:8090', userName: 'agent1' };
const quiet: WorkstationLog = { debug: () => undefined, warn: () => undefined };
const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2024, 0, 15, 9, 0, 0);

let folder: string;
const databases: Database[] = [];

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'switchboard-workstation-'));
});

afterEach(() => {
  for (const db of databases.splice(0)) if (db.open) db.close();
  rmSync(folder, { recursive: true, force: true });
});

function cache(name: string): { db: Database; store: CacheStore } {
  const db = openDatabase(name === ':memory:' ? name : join(folder, name));
  databases.push(db);
  return { db, store: new CacheStore(db) };
}

function workstation(
  store: CacheStore,
  options: Partial<ConstructorParameters<typeof CacheWriter>[0]> = {},
): CacheWriter {
  return new CacheWriter({
    store,
    account,
    attachmentsDir: join(folder, 'attachments'),
    log: quiet,
    ...options,
  });
}

/** Every table (the FTS5 shadow tables included), rows ordered by primary key, then all columns. */
function dump(db: Database, exclude: readonly string[] = []): Record<string, unknown[]> {
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  )
    .map((table) => table.name)
    .filter((name) => !exclude.includes(name));
  const result: Record<string, unknown[]> = {};
  for (const table of tables) {
    const columns = db.prepare(`PRAGMA table_info("${table}")`).all() as {
      name: string;
      pk: number;
    }[];
    const keys = columns
      .filter((column) => column.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((column) => `"${column.name}"`);
    const order = [...keys, ...columns.map((column) => `"${column.name}"`)];
    const virtual = table === 'search_index';
    result[table] = db
      .prepare(
        virtual
          ? `SELECT rowid, * FROM "${table}" ORDER BY rowid`
          : `SELECT * FROM "${table}" ORDER BY ${order.length > 0 ? order.join(', ') : 'rowid'}`,
      )
      .all();
  }
  return result;
}

// ---- a recorded stream ------------------------------------------------------------------------

function snapshot(
  id: string,
  channel: string,
  state: string,
  extra: Partial<InteractionSnapshot> = {},
): InteractionSnapshot {
  return {
    id,
    channel,
    state,
    capabilities: state === 'Invited' ? ['Accept', 'Reject'] : [],
    userData: {},
    ...extra,
  };
}

function line(eventId: number, authorType: string, authorName: string, text: string): ChatEvent {
  return { eventId, kind: 'message', authorType, authorName, text, at: T0 + eventId };
}

interface Recorded {
  readonly at: number;
  readonly event: GwsEvent;
}

/**
 * A morning's stream: two chats (one revoked, then offered again and completed), an e-mail with
 * attachments, channel states, a resync's duplicates, a workbin move and events the workstation
 * does not store.
 */
function recordedStream(): Recorded[] {
  const chat1 = { subject: 'Late order', from: 'Alice', queue: 'SimpleChatInQueue' };
  const email1 = { subject: 'Invoice 4711', from: 'bob@example.com' };
  const events: [number, GwsEvent][] = [
    [
      0,
      {
        type: 'channelStateChanged',
        channels: [
          { channel: 'email', state: 'NotReady', dnd: false },
          { channel: 'chat', state: 'NotReady', dnd: false },
        ],
      },
    ],
    [
      5,
      {
        type: 'channelStateChanged',
        channels: [{ channel: 'chat', state: 'Ready', dnd: false }],
      },
    ],
    [10, { type: 'interactionInvited', interaction: snapshot('chat-1', 'chat', 'Invited', chat1) }],
    [
      10,
      {
        type: 'chatEventsReceived',
        interactionId: 'chat-1',
        events: [
          { eventId: 1, kind: 'joined', authorType: 'Client', authorName: 'Alice' },
          line(2, 'Client', 'Alice', 'Hello, my parcel never arrived'),
        ],
      },
    ],
    [
      20,
      {
        type: 'interactionUpdated',
        interaction: snapshot('chat-1', 'chat', 'Accepted', {
          ...chat1,
          capabilities: ['Complete'],
        }),
      },
    ],
    [
      21,
      {
        type: 'chatEventsReceived',
        interactionId: 'chat-1',
        events: [line(3, 'Agent', 'Agent 1', 'Let me check the tracking number')],
      },
    ],
    [
      30,
      { type: 'interactionInvited', interaction: snapshot('email-1', 'email', 'Invited', email1) },
    ],
    [
      30,
      {
        type: 'emailContentReceived',
        interactionId: 'email-1',
        email: {
          from: 'bob@example.com',
          to: ['support@switchboard.example'],
          cc: [],
          subject: 'Invoice 4711',
          text: 'Please find the reconciliation attached',
          html: '<p>Please find the reconciliation attached</p>',
          attachments: [
            { id: 'doc-1', name: 'invoice.pdf', size: 3, mimeType: 'application/pdf' },
            { id: 'doc-2', name: '../../etc/passwd', size: 4 },
          ],
        },
      },
    ],
    [
      40,
      {
        type: 'interactionUpdated',
        interaction: snapshot('email-1', 'email', 'Accepted', {
          ...email1,
          capabilities: ['Reply', 'Complete'],
        }),
      },
    ],
    [50, { type: 'interactionInvited', interaction: snapshot('chat-2', 'chat', 'Invited') }],
    [
      60,
      {
        type: 'interactionRevoked',
        interactionId: 'chat-2',
        interaction: snapshot('chat-2', 'chat', 'Revoked', { subject: 'Refund' }),
      },
    ],
    [
      70,
      {
        type: 'interactionInvited',
        interaction: snapshot('chat-2', 'chat', 'Invited', { subject: 'Refund' }),
      },
    ],
    [80, { type: 'interactionUpdated', interaction: snapshot('chat-2', 'chat', 'Accepted') }],
    [
      90,
      {
        type: 'interactionEnded',
        interactionId: 'chat-2',
        interaction: snapshot('chat-2', 'chat', 'Completed'),
      },
    ],
    // A resync: the same states and the same chat lines again.
    [
      100,
      {
        type: 'interactionUpdated',
        interaction: snapshot('chat-1', 'chat', 'Accepted', {
          ...chat1,
          capabilities: ['Complete'],
        }),
      },
    ],
    [
      100,
      {
        type: 'chatEventsReceived',
        interactionId: 'chat-1',
        events: [line(2, 'Client', 'Alice', 'Hello, my parcel never arrived')],
      },
    ],
    [110, { type: 'interactionEnded', interactionId: 'chat-1' }],
    [
      120,
      {
        type: 'workbinChanged',
        workbinId: 'wb-1',
        change: 'PlacedIn',
        interactions: [snapshot('email-9', 'email', 'Queued')],
      },
    ],
    [130, { type: 'passwordChanged', ok: true }],
    [140, { type: 'rawNotification', channel: '/v2/me/calls', data: { a: 1 } }],
    [150, { type: 'historyFailed', referenceId: 3, message: 'UCS down' }],
    [160, { type: 'interactionRevoked', interactionId: 'never-seen' }],
  ];
  return events.map(([offset, event]) => ({ at: T0 + offset * 1000, event }));
}

/** Replays a stream as the session emits it: events of the same arrival time form one batch. */
function replay(target: CacheWriter, stream: readonly Recorded[]): PolicyEvent[] {
  const alerts: PolicyEvent[] = [];
  let index = 0;
  while (index < stream.length) {
    const at = stream[index]?.at ?? 0;
    const batch: GwsEvent[] = [];
    while (index < stream.length && stream[index]?.at === at) {
      const next = stream[index];
      if (next) batch.push(next.event);
      index += 1;
    }
    alerts.push(...target.applyBatch(batch, at).alerts);
  }
  return alerts;
}

describe('replaying a recorded stream', () => {
  it('gives identical content in two fresh caches, event log included', () => {
    const first = cache('first.sqlite');
    const second = cache('second.sqlite');
    const memory = cache(':memory:');
    replay(workstation(first.store), recordedStream());
    replay(workstation(second.store), recordedStream());
    replay(workstation(memory.store), recordedStream());

    const content = dump(first.db);
    expect(content.interactions).toHaveLength(3);
    // 22 events, of which rawNotification and historyFailed are not stored.
    expect(content.interaction_events).toHaveLength(20);
    expect(dump(second.db)).toEqual(content);
    expect(dump(memory.db)).toEqual(content);
  });

  it('twice into the same cache changes only the append-only event log', () => {
    const { db, store } = cache('same.sqlite');
    const target = workstation(store);
    replay(target, recordedStream());
    const once = dump(db);
    const alertsAgain = replay(target, recordedStream());
    const twice = dump(db);

    expect(alertsAgain).toEqual([]);
    const { interaction_events: logOnce = [], ...restOnce } = once;
    const { interaction_events: logTwice = [], ...restTwice } = twice;
    expect(restTwice).toEqual(restOnce);
    // Every arrival is recorded again, identical but for its seq, and for the payload of a
    // snapshot or an e-mail's content that changed nothing one of the times: logged as
    // unchanged then. An update applied the first time (logged as what it changed) is stale
    // the second, and logged whole.
    interface LogRow {
      seq: number;
      type: string;
      payload: string;
    }
    const withoutSeqAndPayload = (rows: unknown[]) =>
      rows.map((row) =>
        Object.fromEntries(
          Object.entries(row as object).filter(([key]) => key !== 'seq' && key !== 'payload'),
        ),
      );
    expect(logTwice).toHaveLength(logOnce.length * 2);
    const first = logOnce as LogRow[];
    const again = logTwice.slice(logOnce.length) as LogRow[];
    expect(withoutSeqAndPayload(again)).toEqual(withoutSeqAndPayload(first));
    const marker = (row: LogRow) => JSON.stringify({ type: row.type, unchanged: true });
    const pairs = again.flatMap((row, index) => {
      const firstRow = first[index];
      return firstRow === undefined || row.payload === firstRow.payload
        ? []
        : [{ row, first: firstRow }];
    });
    const unchanged = pairs.filter(({ row, first }) => {
      if ([row.payload, first.payload].includes(marker(row))) return true;
      // Not unchanged either time: the stale repeat of an update, whole, and what it changed.
      expect(JSON.parse(first.payload)).toHaveProperty('changes');
      expect(JSON.parse(row.payload)).toHaveProperty('interaction');
      return false;
    });
    expect(new Set(unchanged.map(({ row }) => row.type))).toEqual(
      new Set(['interactionUpdated', 'emailContentReceived']),
    );
    expect(pairs.length).toBeGreaterThan(unchanged.length);
  });

  it('logs a snapshot whole where it changes something, and a repeat of it as unchanged', () => {
    const { db, store } = cache(':memory:');
    const target = workstation(store);
    const snapshot = {
      id: 'chat-9',
      channel: 'chat',
      state: 'Accepted',
      capabilities: [],
      userData: { Segment: 'Gold' },
    };
    target.apply({ type: 'interactionUpdated', interaction: snapshot }, T0);
    target.apply({ type: 'interactionUpdated', interaction: snapshot }, T0 + 1);
    target.apply(
      { type: 'interactionUpdated', interaction: { ...snapshot, userData: { Segment: 'Red' } } },
      T0 + 2,
    );
    const payloads = (
      db
        .prepare(
          "SELECT payload FROM interaction_events WHERE interaction_id = 'chat-9' ORDER BY seq",
        )
        .all() as { payload: string }[]
    ).map((row) => JSON.parse(row.payload) as unknown);
    expect(payloads).toEqual([
      { type: 'interactionUpdated', interaction: snapshot },
      { type: 'interactionUpdated', unchanged: true },
      { type: 'interactionUpdated', changes: { userData: { Segment: 'Red' } } },
    ]);
  });

  it('logs a later snapshot as what it changed: fields, attached data by key, a reopening', () => {
    const { db, store } = cache(':memory:');
    const target = workstation(store);
    const snapshot = {
      id: 'mail-4',
      channel: 'email',
      state: 'Invited',
      subject: 'Refund',
      capabilities: ['Accept'],
      userData: { Segment: 'Gold', Note: 'first' },
      to: ['support@example.com'],
    };
    target.apply({ type: 'interactionInvited', interaction: snapshot }, T0);
    // Subject left out and recipients sent empty: both keep their stored values.
    target.apply(
      {
        type: 'interactionUpdated',
        interaction: {
          ...snapshot,
          subject: undefined,
          state: 'Accepted',
          capabilities: ['Reply'],
          userData: { Segment: 'Gold', Topic: 'Returns' },
          to: [],
        },
      },
      T0 + 1,
    );
    target.apply({ type: 'interactionEnded', interactionId: 'mail-4' }, T0 + 2);
    target.apply(
      { type: 'interactionUpdated', interaction: { ...snapshot, state: 'Accepted' } },
      T0 + 3,
    );
    const payloads = (
      db
        .prepare(
          "SELECT payload FROM interaction_events WHERE interaction_id = 'mail-4' ORDER BY seq",
        )
        .all() as { payload: string }[]
    ).map((row) => JSON.parse(row.payload) as unknown);
    expect(payloads).toEqual([
      { type: 'interactionInvited', interaction: snapshot },
      {
        type: 'interactionUpdated',
        changes: {
          state: 'Accepted',
          capabilities: ['Reply'],
          userData: { Topic: 'Returns' },
          userDataDropped: ['Note'],
        },
      },
      { type: 'interactionEnded', interactionId: 'mail-4' },
      {
        type: 'interactionUpdated',
        changes: {
          reopened: true,
          // Stored as Ended by the end.
          state: 'Accepted',
          capabilities: ['Accept'],
          userData: { Note: 'first' },
          userDataDropped: ['Topic'],
        },
      },
    ]);
    // What the log leaves out is what the interaction's row holds.
    expect(target.interaction('mail-4')).toMatchObject({
      subject: 'Refund',
      to: ['support@example.com'],
      userData: { Segment: 'Gold', Note: 'first' },
    });
  });

  it('logs chat lines as their event ids: the lines themselves are in the transcript', () => {
    const { db, store } = cache(':memory:');
    const target = workstation(store);
    target.apply({ type: 'interactionUpdated', interaction: snapshot('c', 'chat', 'Accepted') });
    target.apply({
      type: 'chatEventsReceived',
      interactionId: 'c',
      events: [line(1, 'Client', 'Ann', 'Hello'), line(2, 'Agent', 'Bo', 'Hi Ann')],
    });
    expect(
      db.prepare("SELECT payload FROM interaction_events WHERE type = 'chatEventsReceived'").all(),
    ).toEqual([{ payload: JSON.stringify({ type: 'chatEventsReceived', eventIds: [1, 2] }) }]);
    expect(target.interaction('c')?.transcript.map((event) => event.text)).toEqual([
      'Hello',
      'Hi Ann',
    ]);
  });

  it('stores what the UI needs: states, ends, revoked invites in history, channel states', () => {
    const { store } = cache(':memory:');
    const target = workstation(store);
    replay(target, recordedStream());

    expect(target.inbox().map((item) => [item.id, item.state])).toEqual([['email-1', 'Accepted']]);
    expect(target.history().map((item) => [item.id, item.state, item.endedAt])).toEqual([
      ['chat-1', 'Ended', T0 + 110_000],
      ['chat-2', 'Completed', T0 + 90_000],
    ]);
    const chat1 = target.interaction('chat-1');
    expect(chat1?.transcript.map((event) => event.eventId)).toEqual([1, 2, 3]);
    expect(chat1?.subject).toBe('Late order');
    expect(target.interaction('email-1')?.email?.attachments).toHaveLength(2);
    expect(target.interaction('never-seen')).toBeUndefined();
    expect(target.channelStates()).toEqual({
      at: T0 + 5000,
      channels: [
        { channel: 'email', state: 'NotReady', dnd: false },
        { channel: 'chat', state: 'Ready', dnd: false },
      ],
    });
  });

  it('keeps the latest channel states, merged by channel', () => {
    const { store } = cache(':memory:');
    const target = workstation(store);
    replay(target, recordedStream().slice(0, 2));
    expect(target.channelStates()?.channels.map((c) => `${c.channel}=${c.state}`)).toEqual([
      'email=NotReady',
      'chat=Ready',
    ]);
  });

  it('keeps a revoked invitation in history', () => {
    const { store } = cache(':memory:');
    const target = workstation(store);
    target.apply({ type: 'interactionInvited', interaction: snapshot('c', 'chat', 'Invited') });
    target.apply({ type: 'interactionRevoked', interactionId: 'c' });
    expect(target.history().map((item) => [item.id, item.state, item.acceptedAt])).toEqual([
      ['c', 'Revoked', undefined],
    ]);
    expect(target.inbox()).toEqual([]);
  });
});

describe('notification policy', () => {
  it('alerts on each new invitation once, with the first customer line, and on a re-offer', () => {
    const { store } = cache(':memory:');
    const alerts = replay(workstation(store), recordedStream());
    expect(alerts).toEqual([
      {
        kind: 'invite',
        interactionId: 'chat-1',
        channel: 'chat',
        subject: 'Late order',
        from: 'Alice',
        preview: 'Hello, my parcel never arrived',
      },
      {
        kind: 'invite',
        interactionId: 'email-1',
        channel: 'email',
        subject: 'Invoice 4711',
        from: 'bob@example.com',
      },
      { kind: 'invite', interactionId: 'chat-2', channel: 'chat' },
      { kind: 'revoke', interactionId: 'chat-2', channel: 'chat', subject: 'Refund' },
      { kind: 'invite', interactionId: 'chat-2', channel: 'chat', subject: 'Refund' },
    ]);
  });

  it('names the person an invited e-mail names, as its row does; a chat by its nickname', () => {
    const { store } = cache(':memory:');
    const target = workstation(store);
    const email = target.apply({
      type: 'interactionInvited',
      interaction: snapshot('e', 'email', 'Invited', {
        from: 'maria.lind@example.com',
        userData: { FromPersonal: '"Maria Lind"' },
      }),
    });
    const chat = target.apply({
      type: 'interactionInvited',
      interaction: snapshot('c', 'chat', 'Invited', {
        from: 'Tom',
        userData: { FromPersonal: 'X' },
      }),
    });
    expect(
      [...email.alerts, ...chat.alerts].map((alert) => (alert.kind === 'invite' ? alert.from : '')),
    ).toEqual(['Maria Lind', 'Tom']);
    expect(target.inbox().find((row) => row.id === 'e')?.fromName).toBe('Maria Lind');
  });

  it('alerts once per run when a resync or a re-delivery repeats an invitation, a restarted run included', () => {
    const { store } = cache(':memory:');
    let now = T0;
    const target = workstation(store, { now: () => (now += 1000) });
    const invite: GwsEvent = {
      type: 'interactionInvited',
      interaction: snapshot('x', 'chat', 'Invited'),
    };
    expect(target.apply(invite).alerts).toHaveLength(1);
    expect(target.apply(invite).alerts).toEqual([]);
    expect(
      target.apply({ ...invite, interaction: { ...invite.interaction, userData: { a: 1 } } })
        .alerts,
    ).toEqual([]);
    // A fresh CacheWriter on the same cache (the app restarted without signing out, its alerts
    // gone with it) and the sign-in's resync: announced to the new run, once.
    const restarted = workstation(store, { now: () => (now += 1000) });
    expect(restarted.apply(invite).alerts).toHaveLength(1);
    expect(restarted.apply(invite).alerts).toEqual([]);
  });

  it('alerts once when a colleague brings the agent into a chat (InvitedConference, new to the cache)', () => {
    const { store } = cache(':memory:');
    let now = T0;
    const target = workstation(store, { now: () => (now += 1000) });
    const consulted: GwsEvent = {
      type: 'interactionUpdated',
      interaction: { ...snapshot('k', 'chat', 'InvitedConference'), subject: 'Order 1234' },
    };
    expect(target.apply(consulted).alerts).toEqual([
      { kind: 'consult', interactionId: 'k', channel: 'chat', subject: 'Order 1234' },
    ]);
    // Every chat line of the consultation says InvitedConference again: no second alert.
    expect(target.apply(consulted).alerts).toEqual([]);
    expect(
      target.apply({
        ...consulted,
        interaction: { ...consulted.interaction, userData: { a: 1 } },
      }).alerts,
    ).toEqual([]);
  });

  it('alerts on a revoke only for an announced invitation that was not accepted', () => {
    const { store } = cache(':memory:');
    const target = workstation(store);
    const invite = (id: string): GwsEvent => ({
      type: 'interactionInvited',
      interaction: snapshot(id, 'email', 'Invited', { subject: `About ${id}` }),
    });
    const revoke = (id: string): GwsEvent => ({ type: 'interactionRevoked', interactionId: id });

    target.apply(invite('missed'));
    expect(target.apply(revoke('missed')).alerts).toEqual([
      { kind: 'revoke', interactionId: 'missed', channel: 'email', subject: 'About missed' },
    ]);
    expect(target.apply(revoke('missed')).alerts).toEqual([]);

    target.apply(invite('taken'));
    target.apply({
      type: 'interactionUpdated',
      interaction: snapshot('taken', 'email', 'Accepted'),
    });
    expect(target.apply(revoke('taken')).alerts).toEqual([]);

    expect(
      target.apply({
        type: 'interactionRevoked',
        interactionId: 'unknown',
        interaction: snapshot('unknown', 'chat', 'Revoked'),
      }).alerts,
    ).toEqual([]);
    expect(target.history().map((item) => item.id)).toContain('unknown');
  });

  it("records the agent's own Reject as Rejected and an offer gone from the server as Revoked, with no alert", () => {
    const { store } = cache(':memory:');
    const target = workstation(store);
    for (const id of ['rejected', 'gone']) {
      target.apply({
        type: 'interactionInvited',
        interaction: snapshot(id, 'chat', 'Invited', { subject: `About ${id}` }),
      });
    }

    const rejected = target.apply({
      type: 'interactionRevoked',
      interactionId: 'rejected',
      outcome: 'rejected',
    });
    const gone = target.apply({
      type: 'interactionRevoked',
      interactionId: 'gone',
      outcome: 'gone',
    });

    expect([...rejected.alerts, ...gone.alerts]).toEqual([]);
    expect(rejected.changes.interactions).toEqual([
      expect.objectContaining({ id: 'rejected', state: 'Rejected', phase: 'ended' }),
    ]);
    expect(gone.changes.interactions).toEqual([
      expect.objectContaining({ id: 'gone', state: 'Revoked', phase: 'ended' }),
    ]);
    expect(target.inbox()).toEqual([]);
    expect(target.history().map((item) => [item.id, item.state])).toEqual(
      expect.arrayContaining([
        ['rejected', 'Rejected'],
        ['gone', 'Revoked'],
      ]),
    );
  });

  it('finds the preview whichever order the chat lines and the invitation arrive in', () => {
    const { store } = cache(':memory:');
    const target = workstation(store);
    const lines: GwsEvent = {
      type: 'chatEventsReceived',
      interactionId: 'c1',
      events: [line(1, 'Client', 'Carol', '  Where is   my refund?  ')],
    };
    target.apply(lines);
    expect(
      target.apply({ type: 'interactionInvited', interaction: snapshot('c1', 'chat', 'Invited') })
        .alerts,
    ).toEqual([
      { kind: 'invite', interactionId: 'c1', channel: 'chat', preview: 'Where is my refund?' },
    ]);

    // As an attached session delivers them, in one notification: invitation first, lines after.
    const heard: Commit[] = [];
    target.onCommit((commit) => heard.push(commit));
    target.applyBatch([
      { type: 'interactionInvited', interaction: snapshot('c2', 'chat', 'Invited') },
      { ...lines, interactionId: 'c2' },
    ]);
    expect(heard.map((commit) => commit.alerts)).toEqual([
      [{ kind: 'invite', interactionId: 'c2', channel: 'chat', preview: 'Where is my refund?' }],
    ]);

    // A line stored earlier comes before the ones the invitation's batch brings.
    target.apply({ ...lines, interactionId: 'c3' });
    heard.length = 0;
    target.applyBatch([
      { type: 'interactionInvited', interaction: snapshot('c3', 'chat', 'Invited') },
      {
        type: 'chatEventsReceived',
        interactionId: 'c3',
        events: [line(2, 'Client', 'Carol', 'Hello?')],
      },
    ]);
    expect(heard.map((commit) => commit.alerts)).toEqual([
      [{ kind: 'invite', interactionId: 'c3', channel: 'chat', preview: 'Where is my refund?' }],
    ]);
  });
});

describe('change sets', () => {
  function commits(target: CacheWriter): Commit[] {
    const heard: Commit[] = [];
    target.onCommit((commit) => heard.push(commit));
    return heard;
  }

  it("tells which party of a chat is the agent's once its joins show it, by the names it joins under", () => {
    const { store } = cache(':memory:');
    const target = workstation(store, { agentNames: () => ['', 'Ann', 'Ann Lee', 'agent1'] });
    const heard = commits(target);
    const joined = (eventId: number, authorId: string, authorName: string): ChatEvent => ({
      eventId,
      kind: 'joined',
      authorId,
      authorName,
      authorType: authorId === 'c' ? 'Client' : 'Agent',
    });
    target.apply({ type: 'interactionUpdated', interaction: snapshot('c1', 'chat', 'Accepted') });
    target.apply({
      type: 'chatEventsReceived',
      interactionId: 'c1',
      events: [joined(1, 'c', 'Tom'), joined(2, 'p1', 'Priya'), joined(3, 'p2', 'Ann')],
    });
    expect(heard.at(-1)?.changes.transcripts).toMatchObject([
      { interactionId: 'c1', ownParty: 'p2' },
    ]);
    expect(target.interaction('c1')?.ownParty).toBe('p2');
    // A line that moves no party says nothing of it.
    target.apply({
      type: 'chatEventsReceived',
      interactionId: 'c1',
      events: [line(4, 'Agent', 'Ann', 'One moment')],
    });
    expect(heard.at(-1)?.changes.transcripts[0]?.ownParty).toBeUndefined();
    // A colleague of the same name joins: the desk does not guess.
    target.apply({
      type: 'chatEventsReceived',
      interactionId: 'c1',
      events: [joined(5, 'p3', 'ann')],
    });
    expect(heard.at(-1)?.changes.transcripts[0]?.ownParty).toBeUndefined();
    expect(target.interaction('c1')?.ownParty).toBeUndefined();
  });

  it("names a 003 line stored before its party's join (a consulted colleague's history answer came after it)", () => {
    const { store } = cache(':memory:');
    const target = workstation(store);
    target.apply({ type: 'interactionUpdated', interaction: snapshot('c2', 'chat', 'Accepted') });
    // The customer's line, as 003 sends it: NickName and UserType null, the party's id only.
    target.apply({
      type: 'chatEventsReceived',
      interactionId: 'c2',
      events: [{ eventId: 5, kind: 'message', authorId: 'x1', text: 'Still there?' }],
    });
    // The history answer: the parties' joins, from the start.
    target.apply({
      type: 'chatEventsReceived',
      interactionId: 'c2',
      events: [
        { eventId: 1, kind: 'joined', authorId: 'x1', authorName: 'Tom', authorType: 'Client' },
        { eventId: 2, kind: 'joined', authorId: 'a1', authorName: 'Agent', authorType: 'Agent' },
      ],
    });
    expect(target.interaction('c2')?.transcript.find((line) => line.eventId === 5)).toMatchObject({
      authorId: 'x1',
      authorName: 'Tom',
      authorType: 'Client',
    });
  });

  it('takes Accepted and PropertiesChanged for one state: no write, no new last-change time', () => {
    const { store } = cache(':memory:');
    const target = workstation(store);
    const heard = commits(target);
    const accepted = snapshot('c', 'chat', 'Accepted');
    target.apply({ type: 'interactionUpdated', interaction: accepted }, T0);
    // A chat line's notification (000), then a resync's list (Accepted again).
    for (const [state, at] of [
      ['PropertiesChanged', T0 + 1],
      ['Accepted', T0 + 2],
    ] as const)
      target.apply({ type: 'interactionUpdated', interaction: { ...accepted, state } }, at);
    expect(heard).toHaveLength(1);
    expect(target.interaction('c')).toMatchObject({ state: 'Accepted', updatedAt: T0 });
    // A state that says something new to the agent is a change.
    target.apply(
      { type: 'interactionUpdated', interaction: { ...accepted, state: 'InvitedConference' } },
      T0 + 3,
    );
    expect(heard.at(-1)?.changes.interactions).toMatchObject([
      { state: 'InvitedConference', updatedAt: T0 + 3 },
    ]);
  });

  it('records the first acceptance of what the agent got without accepting it (pulled, consulted)', () => {
    const { db, store: earlier } = cache(':memory:');
    // A row an earlier build left PropertiesChanged and never accepted.
    const accountId = earlier.accountId(account);
    earlier.transaction(() => {
      earlier.upsertInteraction(accountId, snapshot('old', 'chat', 'PropertiesChanged'), T0);
    });
    db.prepare("UPDATE interactions SET accepted_at = NULL WHERE id = 'old'").run();
    const target = workstation(new CacheStore(db));
    // A pulled e-mail whose properties change; a consultation that became a conference.
    for (const [id, first] of [
      ['pulled', 'Pulled'],
      ['consulted', 'InvitedConference'],
    ] as const) {
      target.apply({ type: 'interactionUpdated', interaction: snapshot(id, 'chat', first) }, T0);
      expect(target.interaction(id)?.acceptedAt).toBeUndefined();
      target.apply(
        { type: 'interactionUpdated', interaction: snapshot(id, 'chat', 'PropertiesChanged') },
        T0 + 1,
      );
      expect(target.interaction(id)?.acceptedAt).toBe(T0 + 1);
    }
    // The next Accepted records it for the old row.
    target.apply(
      { type: 'interactionUpdated', interaction: snapshot('old', 'chat', 'Accepted') },
      T0 + 2,
    );
    expect(target.interaction('old')).toMatchObject({ state: 'Accepted', acceptedAt: T0 + 2 });
  });

  it('announces one commit per batch, after it, with the heads as the lists now show them', () => {
    const { store } = cache(':memory:');
    const target = workstation(store);
    const heard = commits(target);
    const invite: GwsEvent = {
      type: 'interactionInvited',
      interaction: snapshot('c', 'chat', 'Invited', { subject: 'Refund', from: 'Ann' }),
    };
    target.applyBatch(
      [invite, { ...invite, interaction: { ...invite.interaction, queue: 'Q' } }],
      T0,
    );
    expect(heard).toHaveLength(1);
    const [first] = heard;
    // The latest state of the batch, once, as the cache now holds it (what a read would give),
    // with when it was announced (its countdown's start).
    expect(first?.changes.interactions).toEqual([
      { ...store.interactionRecord(target.accountId, 'c'), offeredAt: T0 },
    ]);
    expect(first?.changes.interactions[0]).toMatchObject({ phase: 'invited', queue: 'Q' });
    expect(first?.alerts.map((alert) => alert.kind)).toEqual(['invite']);

    // A resync's repeat changes nothing: no commit at all.
    target.applyBatch([invite], T0 + 1);
    expect(heard).toHaveLength(1);

    target.apply(
      { type: 'interactionUpdated', interaction: snapshot('c', 'chat', 'Accepted') },
      T0 + 2,
    );
    target.apply({ type: 'interactionEnded', interactionId: 'c' }, T0 + 3);
    expect(
      heard
        .slice(1)
        .map((commit) => commit.changes.interactions.map((head) => [head.state, head.phase])),
    ).toEqual([[['Accepted', 'working']], [['Ended', 'ended']]]);
    expect(heard[2]?.changes.interactions[0]).toMatchObject({
      endedAt: T0 + 3,
      acceptedAt: T0 + 2,
    });
    // A stale update (older than what is stored) and a repeated end give nothing.
    target.apply(
      { type: 'interactionUpdated', interaction: snapshot('c', 'chat', 'Accepted') },
      T0,
    );
    target.apply({ type: 'interactionEnded', interactionId: 'c' }, T0 + 4);
    expect(heard).toHaveLength(3);
  });

  it('keeps since when the customer waits for an answer, and says so only when it changes', () => {
    const { db, store } = cache(':memory:');
    const target = workstation(store);
    const heard = commits(target);
    target.apply({ type: 'interactionUpdated', interaction: snapshot('c', 'chat', 'Accepted') });
    const waits = () =>
      heard.at(-1)?.changes.interactions.map((head) => head.awaitingReplySince ?? 'none');
    const say = (...events: ChatEvent[]) => {
      target.apply({ type: 'chatEventsReceived', interactionId: 'c', events });
    };

    say(line(1, 'Client', 'Ann', 'Hello?'));
    expect(waits()).toEqual([T0 + 1]);
    // Her second line, a line to the agents only and a notice change nothing: no head.
    say(line(2, 'Client', 'Ann', 'Anyone?'));
    say({ ...line(3, 'Agent', 'Bo', 'Who has her order?'), visibility: 'Int' });
    say({ eventId: 4, kind: 'notice', authorType: 'Agent', noticeType: 'PushUrl', at: T0 + 4 });
    expect(waits()).toEqual([]);
    expect(target.interaction('c')?.awaitingReplySince).toBe(T0 + 1);
    // Bo answers her; she writes again; she leaves.
    say(line(5, 'Agent', 'Bo', 'Here I am.'));
    expect(waits()).toEqual(['none']);
    say(line(6, 'Client', 'Ann', 'Thanks, and…'));
    expect(waits()).toEqual([T0 + 6]);
    say({ eventId: 7, kind: 'left', authorType: 'Client', authorName: 'Ann', at: T0 + 7 });
    expect(waits()).toEqual(['none']);

    // A chat that ends waits for nobody; offered again (put back in a queue), Ann still waits
    // since her unanswered line, as its transcript says.
    say(line(8, 'Client', 'Ann', 'Back again'));
    expect(waits()).toEqual([T0 + 8]);
    target.apply({ type: 'interactionEnded', interactionId: 'c' });
    expect(heard.at(-1)?.changes.interactions[0]).not.toHaveProperty('awaitingReplySince');
    expect(target.inbox()).toEqual([]);
    target.apply({ type: 'interactionUpdated', interaction: snapshot('c', 'chat', 'Invited') });
    expect(waits()).toEqual([T0 + 8]);
    // A desk started afresh on the cache works it out of the transcript alone.
    expect(workstation(new CacheStore(db)).inbox()[0]?.awaitingReplySince).toBe(T0 + 8);
  });

  it('times a line the server did not time by its arrival: the transcript shows it, and a wait starts then', () => {
    const { store } = cache(':memory:');
    const target = workstation(store);
    const heard = commits(target);
    target.apply(
      { type: 'interactionUpdated', interaction: snapshot('c', 'chat', 'Accepted') },
      T0,
    );
    // 000's and 003's chat lines carry no time: Ann writes ten minutes after the chat began.
    const untimed: ChatEvent = {
      eventId: 1,
      kind: 'message',
      authorType: 'Client',
      authorName: 'Ann',
      text: 'Hello?',
    };
    target.apply(
      { type: 'chatEventsReceived', interactionId: 'c', events: [untimed] },
      T0 + 600_000,
    );
    expect(heard.at(-1)?.changes.transcripts).toEqual([
      { interactionId: 'c', lines: [{ ...untimed, at: T0 + 600_000 }] },
    ]);
    expect(heard.at(-1)?.changes.interactions[0]?.awaitingReplySince).toBe(T0 + 600_000);
    expect(target.interaction('c')?.transcript[0]?.at).toBe(T0 + 600_000);
  });

  it('times a line the server did not time by its arrival on the server’s clock, as the lines it times', () => {
    const { store } = cache(':memory:');
    // GWS's clock is ten minutes behind this PC's (its Date header said so).
    const lead = -600_000;
    const target = workstation(store, { serverClockAheadMs: () => lead });
    const heard = commits(target);
    target.apply(
      { type: 'interactionUpdated', interaction: snapshot('c', 'chat', 'Accepted') },
      T0,
    );
    // Ann writes (003's lines carry no time) when the PC's clock says T0 + 1 min.
    const untimed: ChatEvent = {
      eventId: 1,
      kind: 'message',
      authorType: 'Client',
      authorName: 'Ann',
      text: 'Hello?',
    };
    target.apply(
      { type: 'chatEventsReceived', interactionId: 'c', events: [untimed] },
      T0 + 60_000,
    );
    // The views count a wait from the server's clock now (the PC's moved by the lead): she has
    // just written, so she waits from the server's time of her arrival, not ten minutes later
    // (her wait read "<1 min" for ten minutes) nor, on a server ahead, ten minutes earlier.
    const since = heard.at(-1)?.changes.interactions[0]?.awaitingReplySince;
    expect(since).toBe(T0 + 60_000 + lead);
    expect(target.interaction('c')?.transcript[0]?.at).toBe(T0 + 60_000 + lead);
  });

  it('carries the transcript lines actually inserted, in order, never a duplicate', () => {
    const { store } = cache(':memory:');
    const target = workstation(store);
    const heard = commits(target);
    target.apply({ type: 'interactionUpdated', interaction: snapshot('c', 'chat', 'Accepted') });
    target.applyBatch([
      {
        type: 'chatEventsReceived',
        interactionId: 'c',
        events: [line(3, 'Client', 'Ann', 'three')],
      },
      {
        type: 'chatEventsReceived',
        interactionId: 'c',
        events: [
          line(1, 'Client', 'Ann', 'one'),
          line(2, 'Agent', 'Bo', 'two'),
          line(3, 'Client', 'Ann', 'three'),
        ],
      },
    ]);
    expect(heard.at(-1)?.changes.transcripts).toEqual([
      {
        interactionId: 'c',
        lines: [
          line(1, 'Client', 'Ann', 'one'),
          line(2, 'Agent', 'Bo', 'two'),
          line(3, 'Client', 'Ann', 'three'),
        ],
      },
    ]);
    // The row changed only in that Ann waits for an answer, since her last line (2 answered 1;
    // line 3 came first, yet the wait is read in the transcript's order).
    expect(
      heard.at(-1)?.changes.interactions.map(({ id, awaitingReplySince }) => ({
        id,
        awaitingReplySince,
      })),
    ).toEqual([{ id: 'c', awaitingReplySince: line(3, 'Client', 'Ann', 'three').at }]);
    const count = heard.length;
    target.apply({
      type: 'chatEventsReceived',
      interactionId: 'c',
      events: [line(2, 'Agent', 'Bo', 'two')],
    });
    expect(heard).toHaveLength(count);
  });

  it('passes typing notices on in the change set, never as transcript lines', () => {
    const { store } = cache(':memory:');
    const target = workstation(store);
    const heard = commits(target);
    target.apply({ type: 'interactionUpdated', interaction: snapshot('c', 'chat', 'Accepted') });
    const typing = (eventId: number, noticeType: string): ChatEvent => ({
      eventId,
      kind: 'notice',
      authorType: 'Client',
      authorName: 'Ann',
      noticeType,
    });
    target.apply({
      type: 'chatEventsReceived',
      interactionId: 'c',
      events: [line(1, 'Client', 'Ann', 'one'), typing(2, 'TypingStarted')],
    });
    expect(heard.at(-1)?.changes.transcripts).toEqual([
      { interactionId: 'c', lines: [line(1, 'Client', 'Ann', 'one')] },
    ]);
    expect(heard.at(-1)?.changes.typing).toEqual([
      { interactionId: 'c', notices: [typing(2, 'TypingStarted')] },
    ]);
    // A notification holding nothing but a typing notice is still news for the views.
    target.apply({
      type: 'chatEventsReceived',
      interactionId: 'c',
      events: [typing(3, 'TypingStopped')],
    });
    expect(heard.at(-1)?.changes).toMatchObject({
      transcripts: [],
      typing: [{ interactionId: 'c', notices: [typing(3, 'TypingStopped')] }],
    });
    expect([...store.transcriptLines(target.accountId, 'c')]).toEqual([
      line(1, 'Client', 'Ann', 'one'),
    ]);
  });

  it('carries e-mails as stored with their attachments, channel states merged, workbins and UCS answers', () => {
    const { store } = cache(':memory:');
    const target = workstation(store);
    const heard = commits(target);
    target.apply({ type: 'interactionInvited', interaction: snapshot('e', 'email', 'Invited') });
    target.apply({
      type: 'emailContentReceived',
      interactionId: 'e',
      email: {
        to: ['me@example.com'],
        cc: [],
        subject: 'Bill',
        text: 'Hello',
        attachments: [{ id: 'a1', name: 'bill.pdf', size: 10 }],
      },
    });
    // A later notification without the body keeps the stored one: the change set says so.
    target.apply({
      type: 'emailContentReceived',
      interactionId: 'e',
      email: {
        to: ['me@example.com'],
        cc: [],
        attachments: [{ id: 'a1', name: 'bill.pdf', mimeType: 'application/pdf' }],
      },
    });
    expect(heard.at(-1)?.changes.emails).toEqual([
      {
        interactionId: 'e',
        email: {
          to: ['me@example.com'],
          cc: [],
          subject: 'Bill',
          text: 'Hello',
          attachments: [{ id: 'a1', name: 'bill.pdf', size: 10, mimeType: 'application/pdf' }],
        },
        attachments: [{ id: 'a1', name: 'bill.pdf', size: 10, mimeType: 'application/pdf' }],
      },
    ]);

    target.apply(
      {
        type: 'channelStateChanged',
        channels: [
          { channel: 'chat', state: 'Ready', dnd: false },
          { channel: 'email', state: 'NotReady', dnd: false },
        ],
      },
      T0,
    );
    target.apply(
      { type: 'channelStateChanged', channels: [{ channel: '*', state: 'Unknown', dnd: true }] },
      T0 + 1,
    );
    expect(heard.at(-1)?.changes.agent).toEqual({
      channels: [
        { channel: 'chat', state: 'Ready', dnd: true },
        { channel: 'email', state: 'NotReady', dnd: true },
      ],
      dnd: true,
      at: T0 + 1,
    });
    expect(target.channelStates()).toEqual({
      at: T0 + 1,
      channels: heard.at(-1)?.changes.agent?.channels,
    });

    const workbin: GwsEvent = {
      type: 'workbinChanged',
      workbinId: 'W',
      change: 'PlacedIn',
      interactions: [snapshot('e', 'email', 'Queued')],
    };
    target.applyBatch([
      workbin,
      { type: 'historyReceived', referenceId: 7, entries: [{ id: 'h1', subject: 'Old' }] },
      { type: 'historyFailed', referenceId: 8, message: 'UCS is down' },
      { type: 'rawNotification', channel: '/v2/me/calls', data: {} },
    ]);
    expect(heard.at(-1)?.changes).toEqual({
      ...emptyChangeSet(),
      // A workbin the cache never listed: passed on, nothing stored.
      workbins: [
        {
          workbinId: 'W',
          change: 'PlacedIn',
          interactions: workbin.interactions,
          entries: [],
          removed: [],
        },
      ],
      history: [
        { kind: 'entries', referenceId: 7, entries: [{ id: 'h1', subject: 'Old' }] },
        { kind: 'failed', referenceId: 8, message: 'UCS is down' },
      ],
    });
  });

  it('leaves out what a failing event wrote and commits the rest of the batch', () => {
    const { store } = cache(':memory:');
    const target = workstation(store);
    const heard = commits(target);
    target.apply({ type: 'interactionUpdated', interaction: snapshot('c', 'chat', 'Accepted') });
    // Failing every time: the batch's second pass, event by event, fails on it again.
    const failing = vi.spyOn(store, 'insertChatEvents').mockImplementation(() => {
      throw new Error('disk I/O error');
    });
    target.applyBatch([
      {
        type: 'chatEventsReceived',
        interactionId: 'c',
        events: [line(1, 'Client', 'Ann', 'lost')],
      },
      { type: 'interactionUpdated', interaction: snapshot('c', 'chat', 'LeftConference') },
    ]);
    expect(heard.at(-1)?.changes.transcripts).toEqual([]);
    expect(heard.at(-1)?.changes.interactions.map((head) => head.state)).toEqual([
      'LeftConference',
    ]);
    failing.mockRestore();
    expect(target.interaction('c')?.transcript).toEqual([]);
  });

  it('writes a batch whose write failed once on its second pass, event by event', () => {
    const { store } = cache(':memory:');
    const target = workstation(store);
    const heard = commits(target);
    target.apply({ type: 'interactionUpdated', interaction: snapshot('c', 'chat', 'Accepted') });
    vi.spyOn(store, 'insertChatEvents').mockImplementationOnce(() => {
      throw new Error('database is locked');
    });
    target.applyBatch([
      {
        type: 'chatEventsReceived',
        interactionId: 'c',
        events: [line(1, 'Client', 'Ann', 'kept')],
      },
      { type: 'interactionUpdated', interaction: snapshot('c', 'chat', 'LeftConference') },
    ]);
    expect(heard.at(-1)?.changes.transcripts.map((part) => part.lines.length)).toEqual([1]);
    expect(target.interaction('c')?.transcript.map((event) => event.text)).toEqual(['kept']);
    expect(target.interaction('c')?.state).toBe('LeftConference');
  });
});

describe('odd input', () => {
  it('logs and skips what is not a GWS event, and never throws', () => {
    const { db, store } = cache(':memory:');
    const warnings: string[] = [];
    const target = workstation(store, {
      log: { debug: () => undefined, warn: (text) => warnings.push(text) },
    });
    const odd = [
      null,
      42,
      { type: 'nonsense' },
      { type: 'interactionInvited' },
      { type: 'interactionUpdated', interaction: { id: 'x' } },
      { type: 'chatEventsReceived', interactionId: 'x', events: [{ eventId: 'one' }] },
    ] as unknown as GwsEvent[];
    for (const event of odd)
      expect(target.applyUntrusted(event)).toEqual({ changes: emptyChangeSet(), alerts: [] });
    expect(warnings).toHaveLength(odd.length);
    expect(dump(db).interaction_events).toEqual([]);
  });

  it('rolls back a failing event and keeps what was stored before', () => {
    const { db, store } = cache(':memory:');
    const warnings: string[] = [];
    const target = workstation(store, {
      log: { debug: () => undefined, warn: (text) => warnings.push(text) },
    });
    target.apply({ type: 'interactionInvited', interaction: snapshot('c', 'chat', 'Invited') });
    const before = dump(db);
    vi.spyOn(store, 'insertChatEvents').mockImplementationOnce(() => {
      throw new Error('disk I/O error');
    });
    expect(
      target.apply({
        type: 'chatEventsReceived',
        interactionId: 'c',
        events: [line(1, 'Client', 'Dan', 'hi')],
      }),
    ).toEqual({ changes: emptyChangeSet(), alerts: [] });
    expect(warnings.join()).toContain('disk I/O error');
    expect(dump(db)).toEqual(before);
  });
});

describe('the search index, written in batches', () => {
  const chatLines = (id: string, from: number, count: number): GwsEvent => ({
    type: 'chatEventsReceived',
    interactionId: id,
    events: Array.from({ length: count }, (_, index) =>
      line(from + index, 'Client', 'Maria', `parcel question number ${from + index}`),
    ),
  });
  const found = (db: Database, text: string) =>
    searchCache(db, { text, limit: 1000 }).map((hit) => hit.interaction.id);

  it("finds a line just stored through the writer's own search, before any batch ran", async () => {
    const { db, store } = cache('search-now.sqlite');
    const target = workstation(store);
    target.apply({ type: 'interactionUpdated', interaction: snapshot('c1', 'chat', 'Accepted') });
    target.apply(chatLines('c1', 1, 1));
    // Stored but waiting for its batch: a search straight on the file does not see it yet...
    expect(store.unindexedSearchDocuments()).toBeGreaterThan(0);
    expect(found(db, 'parcel')).toEqual([]);
    // ...the writer's search indexes what waits first.
    expect((await target.search('parcel')).map((hit) => hit.interaction.id)).toEqual(['c1']);
    expect(store.unindexedSearchDocuments()).toBe(0);
    await target.close();
  });

  it('indexes what waits shortly after the last write, by itself', async () => {
    const { db, store } = cache('search-soon.sqlite');
    const target = workstation(store);
    target.apply({ type: 'interactionUpdated', interaction: snapshot('c1', 'chat', 'Accepted') });
    target.apply(chatLines('c1', 1, 3));
    expect(found(db, 'parcel')).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, SEARCH_INDEX_DELAY_MS + 300));
    expect(store.unindexedSearchDocuments()).toBe(0);
    expect(found(db, 'parcel')).toEqual(['c1']);
    await target.close();
  });

  it('indexes at once when a batch of documents waits', async () => {
    const { db, store } = cache('search-batch.sqlite');
    const target = workstation(store);
    target.apply({ type: 'interactionUpdated', interaction: snapshot('c1', 'chat', 'Accepted') });
    target.apply(chatLines('c1', 1, SEARCH_INDEX_BATCH - 10));
    expect(store.unindexedSearchDocuments()).toBeGreaterThan(0);
    target.apply(chatLines('c1', SEARCH_INDEX_BATCH - 9, 20));
    expect(store.unindexedSearchDocuments()).toBe(0);
    expect(found(db, '"number 5"')).toEqual(['c1']);
    await target.close();
  });

  it('leaves the waiting documents alone when its connection was closed under it', async () => {
    const { db, store } = cache('search-closed.sqlite');
    const warnings: string[] = [];
    const target = workstation(store, {
      log: { debug: () => undefined, warn: (text) => warnings.push(text) },
    });
    target.apply({ type: 'interactionUpdated', interaction: snapshot('c1', 'chat', 'Accepted') });
    target.apply(chatLines('c1', 1, 2));
    db.close();
    await new Promise((resolve) => setTimeout(resolve, SEARCH_INDEX_DELAY_MS + 300));
    expect(warnings).toEqual([]);
    await target.close();
    expect(warnings).toEqual([]);
  });

  it('indexes what a crash left waiting as soon as the next writer opens the cache', async () => {
    const { store } = cache('search-crash.sqlite');
    const crashed = workstation(store);
    crashed.apply({ type: 'interactionUpdated', interaction: snapshot('c1', 'chat', 'Accepted') });
    crashed.apply(chatLines('c1', 1, 5));
    // The process dies here: no close(), no timer (a new connection stands for the restart).
    const waiting = store.unindexedSearchDocuments();
    expect(waiting).toBeGreaterThan(0);
    const reopened = cache('search-crash.sqlite');
    expect(reopened.store.unindexedSearchDocuments()).toBe(waiting);
    const restarted = workstation(reopened.store);
    expect(reopened.store.unindexedSearchDocuments()).toBe(0);
    expect(found(reopened.db, 'parcel')).toEqual(['c1']);
    await restarted.close();
    await crashed.close();
  });
});

describe('retention', () => {
  it('purges ended interactions with their rows, search rows and files', async () => {
    const { db, store } = cache('retention.sqlite');
    let now = T0;
    const contents: Record<string, Buffer> = {
      'doc-a': Buffer.from('shared bytes'),
      'doc-b': Buffer.from('only the old e-mail has these'),
    };
    const target = workstation(store, {
      now: () => now,
      download: (_id, documentId) =>
        Promise.resolve(
          ok({ bytes: contents[documentId] ?? Buffer.alloc(0), mimeType: 'text/plain' }),
        ),
    });
    const email = (id: string, word: string, docs: string[]) => {
      target.apply({
        type: 'interactionInvited',
        interaction: snapshot(id, 'email', 'Invited', { subject: `${word} report` }),
      });
      target.apply({
        type: 'emailContentReceived',
        interactionId: id,
        email: {
          to: [],
          cc: [],
          text: `The ${word} numbers`,
          attachments: docs.map((doc) => ({ id: doc, name: 'report.txt' })),
        },
      });
      target.apply({ type: 'interactionUpdated', interaction: snapshot(id, 'email', 'Accepted') });
    };
    email('old', 'quarterly', ['doc-a', 'doc-b']);
    email('kept', 'weekly', ['doc-a']);
    await target.downloadsIdle();
    target.apply({ type: 'interactionEnded', interactionId: 'old' });
    const oldFiles = target.interaction('old')?.attachments.map((file) => file.localPath ?? '');
    const keptFile = target.interaction('kept')?.attachments[0]?.localPath;
    expect(oldFiles).toHaveLength(2);
    expect(oldFiles).toContain(keptFile);
    expect(await target.search('quarterly')).not.toEqual([]);

    now = T0 + 29 * DAY;
    expect(await target.purge(30)).toEqual({
      interactions: 0,
      files: 0,
      refusedFiles: 0,
      logRows: 0,
      contactHistory: 0,
    });

    now = T0 + 31 * DAY;
    const result = await target.purge(30);
    expect(result).toMatchObject({ interactions: 1, files: 1, refusedFiles: 0 });
    expect(target.interaction('old')).toBeUndefined();
    expect(await target.search('quarterly')).toEqual([]);
    expect((await target.search('weekly')).map((hit) => hit.interaction.id)).toEqual(['kept']);
    expect(
      db.prepare("SELECT count(*) AS n FROM search_documents WHERE interaction_id = 'old'").get(),
    ).toEqual({ n: 0 });
    expect(
      db.prepare("SELECT count(*) AS n FROM interaction_events WHERE interaction_id = 'old'").get(),
    ).toEqual({ n: 0 });
    // The file only the purged e-mail used is gone; the shared one is still there.
    const gone = oldFiles?.find((path) => path !== keptFile) ?? '';
    expect(() => readFileSync(gone)).toThrow();
    expect(readFileSync(keptFile ?? '').toString()).toBe('shared bytes');
  });

  it("tells the commit's listeners which interactions it purged, with the lists' counts", async () => {
    const { store } = cache('retention-told.sqlite');
    let now = T0;
    const target = workstation(store, { now: () => now });
    for (const id of ['a', 'b', 'kept']) {
      target.apply({ type: 'interactionInvited', interaction: snapshot(id, 'chat', 'Invited') });
      target.apply({ type: 'interactionEnded', interactionId: id });
      if (id === 'b') now += 20 * DAY;
    }
    // Another agent's cache on this PC: its purge is not this desk's news.
    const colleague = new CacheWriter({
      store,
      account: { ...account, userName: 'agent2' },
      attachmentsDir: join(folder, 'attachments'),
      log: quiet,
      now: () => T0,
    });
    colleague.apply({ type: 'interactionInvited', interaction: snapshot('c', 'chat', 'Invited') });
    colleague.apply({ type: 'interactionEnded', interactionId: 'c' });
    now += 15 * DAY;
    const heard: ChangeSet[] = [];
    target.onCommit((commit) => heard.push(commit.changes));

    expect(await target.purge(30, 0)).toMatchObject({ interactions: 3 });
    const purged = heard.flatMap((changes) => changes.purged ?? []);
    expect(purged.sort()).toEqual(['a', 'b']);
    expect(heard.at(-1)?.counts).toEqual({ inbox: 0, invited: 0, history: 1 });
    expect(heard.every((changes) => changes.interactions.length === 0)).toBe(true);
    await colleague.close();
    await target.close();
  });

  it('tells a moved server clock lead as a fact of its own, with no live chat’s row sent again', async () => {
    const { store } = cache('clock-lead.sqlite');
    const lead = { ms: -10 * 60_000 };
    const target = workstation(store, { now: () => T0, serverClockAheadMs: () => lead.ms });
    const heard: ChangeSet[] = [];
    target.onCommit((commit) => heard.push(commit.changes));
    // 250 customers waiting in their chats (more than any batch of rows worth sending again).
    for (let index = 0; index < 250; index++) {
      const id = `chat-${index}`;
      target.applyBatch([
        { type: 'interactionInvited', interaction: snapshot(id, 'chat', 'Invited') },
        { type: 'interactionUpdated', interaction: snapshot(id, 'chat', 'Accepted') },
        {
          type: 'chatEventsReceived',
          interactionId: id,
          events: [line(1, 'Client', 'Alice', 'Hello')],
        },
      ]);
    }
    // The first commit told the lead; the waits are the server's times, as its lines stated.
    expect(heard[0]?.serverClockAheadMs).toBe(-10 * 60_000);
    expect(heard.slice(1).every((changes) => changes.serverClockAheadMs === undefined)).toBe(true);
    expect(heard.at(-1)?.interactions[0]?.awaitingReplySince).toBe(T0 + 1);

    // An NTP correction: the next commit (an agent state report) tells the new lead, alone.
    lead.ms = 0;
    const told = target.apply({
      type: 'channelStateChanged',
      channels: [{ channel: 'chat', state: 'Ready', dnd: false }],
    });
    expect(told.changes.serverClockAheadMs).toBe(0);
    expect(told.changes.interactions).toEqual([]);
    // Told once: the commit after it, with the lead where it was, tells none.
    const next = target.apply({
      type: 'channelStateChanged',
      channels: [{ channel: 'chat', state: 'NotReady', dnd: false }],
    });
    expect(next.changes.serverClockAheadMs).toBeUndefined();
    await target.close();
  });

  it('doubts a clock far past the server time last seen, though a session on it stamped rows by it', async () => {
    const { store } = cache('clock-doubt.sqlite');
    // The PC's clock is a year ahead; the server's (T0) is right.
    const pcNow = T0 + 365 * DAY;
    const signedIn = workstation(store, { now: () => pcNow, serverClockAheadMs: () => -365 * DAY });
    signedIn.apply({ type: 'interactionInvited', interaction: snapshot('c1', 'chat', 'Invited') });
    signedIn.apply({ type: 'interactionEnded', interactionId: 'c1' });
    signedIn.serverTimeSeen();
    // Kept in the typed table of migration 0300, as the server's clock had it.
    expect(store.deskState().serverTimeSeen()).toBe(T0);
    // The chat is stamped by the PC's clock, as the desk stamps what arrives.
    expect(signedIn.headOf('c1')?.updatedAt).toBe(pcNow);
    // The server's clock puts the cutoff: the chat that just ended stays.
    expect(await signedIn.purge(30)).toMatchObject({ interactions: 0 });
    await signedIn.close();

    // The next start, the clock as wrong and no server: the server's time seen is what counts.
    const offline = workstation(store, { now: () => pcNow + DAY });
    expect(offline.clockDoubtMs(30)).toBe(366 * DAY);
    // The clock set right: nothing to doubt.
    const corrected = workstation(store, { now: () => T0 + DAY });
    expect(corrected.clockDoubtMs(30)).toBeUndefined();
    await offline.close();
    await corrected.close();
  });

  it('keeps no file of an attachment forgotten while it downloaded (no purge would find it)', async () => {
    const { store } = cache('forgotten-download.sqlite');
    let arrive: () => void = () => undefined;
    let asked = false;
    const target = workstation(store, {
      download: () => {
        asked = true;
        return new Promise((resolve) => {
          arrive = () => {
            resolve(ok({ bytes: Buffer.from('%PDF contract'), mimeType: 'application/pdf' }));
          };
        });
      },
    });
    // A forward's draft (the agent's from the start, never accepted) lists the original's file.
    target.apply({
      type: 'interactionUpdated',
      interaction: snapshot('fwd', 'email', 'ReplyCreated', { type: 'Outbound' }),
    });
    target.apply({
      type: 'emailContentReceived',
      interactionId: 'fwd',
      email: { to: [], cc: [], text: '', attachments: [{ id: 'doc-f', name: 'contract.pdf' }] },
    });
    await vi.waitFor(() => {
      expect(asked).toBe(true);
    });
    // The agent removes it from the draft before it arrived.
    target.forgetDraftFiles('fwd', ['doc-f']);
    arrive();
    await target.downloadsIdle();
    expect(target.interaction('fwd')?.attachments).toEqual([]);
    expect(readdirSync(join(folder, 'attachments'), { recursive: true })).toEqual([]);
    await target.close();
  });

  it("never forgets a received e-mail's files as a draft's", async () => {
    const { store } = cache('received-files.sqlite');
    const warnings: string[] = [];
    const target = workstation(store, {
      download: () =>
        Promise.resolve(ok({ bytes: Buffer.from('%PDF signed'), mimeType: 'application/pdf' })),
      log: { ...quiet, warn: (line: string) => warnings.push(line) },
    });
    target.apply({ type: 'interactionUpdated', interaction: snapshot('in', 'email', 'Accepted') });
    target.apply({
      type: 'emailContentReceived',
      interactionId: 'in',
      email: { to: [], cc: [], text: '', attachments: [{ id: 'doc-s', name: 'signed.pdf' }] },
    });
    await target.downloadsIdle();
    target.forgetDraftFiles('in', 'all');
    target.forgetDraftFiles('in', ['doc-s']);
    expect(target.interaction('in')?.attachments.map((file) => file.name)).toEqual(['signed.pdf']);
    expect(readdirSync(join(folder, 'attachments'), { recursive: true })).not.toEqual([]);
    expect(warnings).toHaveLength(2);
    await target.close();
  });

  it('yields to the event loop between its transactions, and stops when the cache closes', async () => {
    const { db, store } = cache(':memory:');
    let now = T0;
    const target = workstation(store, { now: () => now });
    for (const id of ['a', 'b', 'c', 'd']) {
      target.apply({ type: 'interactionInvited', interaction: snapshot(id, 'chat', 'Invited') });
      target.apply({ type: 'interactionEnded', interactionId: id });
    }
    now += 2 * DAY;
    // A zero-length slice: one interaction a transaction, then a turn of the event loop.
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns += 1;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const purging = target.purge(1, 0);
    expect(store.interaction(target.accountId, 'a')).toBeUndefined();
    expect(store.interaction(target.accountId, 'd')).toBeDefined();
    const result = await purging;
    ticking = false;
    expect(result).toMatchObject({ interactions: 4, logRows: 8 });
    expect(turns).toBeGreaterThanOrEqual(4);

    // Closed after its first transaction (the desk quits): what is purged stays purged, the
    // rest waits, nothing throws.
    for (const id of ['e', 'f']) {
      target.apply({ type: 'interactionInvited', interaction: snapshot(id, 'chat', 'Invited') });
      target.apply({ type: 'interactionEnded', interactionId: id });
    }
    now += 2 * DAY;
    const closing = target.purge(1, 0);
    db.close();
    await expect(closing).resolves.toMatchObject({ interactions: 1 });
  });

  it('never deletes a file outside the attachments folder', async () => {
    const { db, store } = cache(':memory:');
    let now = T0;
    const target = workstation(store, { now: () => now });
    target.apply({ type: 'interactionInvited', interaction: snapshot('e', 'email', 'Invited') });
    target.apply({
      type: 'emailContentReceived',
      interactionId: 'e',
      email: { to: [], cc: [], attachments: [{ id: 'd', name: 'x' }] },
    });
    target.apply({ type: 'interactionEnded', interactionId: 'e' });
    const outside = join(folder, 'precious.txt');
    rmSync(outside, { force: true });
    writeFileSync(outside, 'keep me');
    db.prepare("UPDATE attachments SET local_path = ? WHERE id = 'd'").run(outside);
    now += 2 * DAY;
    expect(await target.purge(1)).toMatchObject({ interactions: 1, files: 0, refusedFiles: 1 });
    expect(readFileSync(outside, 'utf8')).toBe('keep me');
  });
});

describe('with the simulator', () => {
  let simulator: Simulator | null = null;
  let session: GwsSession | null = null;

  afterEach(async () => {
    await session?.signOut();
    await simulator?.close();
    session = null;
    simulator = null;
  });

  async function eventually<T>(check: () => T | undefined | false, what: string): Promise<T> {
    const deadline = Date.now() + 8000;
    for (;;) {
      const value = check();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it('answers inbox, history, interaction and search from the cache once offline', async () => {
    simulator = await startSimulator({ port: 0, scenario: 'quiet' });
    session = new GwsSession({
      serverUrl: simulator.url,
      credentials: { userName: 'agent1', password: 'demo' },
      maxBackoffMs: 500,
    });
    const path = 'offline.sqlite';
    const { db, store } = cache(path);
    const serverUrl = simulator.url;
    const target = new CacheWriter({
      store,
      account: { serverUrl, userName: 'agent1' },
      attachmentsDir: join(folder, 'attachments'),
      log: quiet,
    });
    const recorded: Recorded[] = [];
    session.onEvent((event) => recorded.push({ at: Date.now(), event }));
    const alerts: PolicyEvent[] = [];
    target.onCommit((commit) => alerts.push(...commit.alerts));
    target.attach(session);
    expect((await session.signIn()).ok).toBe(true);
    const operations = createOperations(session.requester);
    expect((await operations.setReady()).ok).toBe(true);

    const chatId = simulator.control.startChat({
      customerNickName: 'Erin',
      subject: 'Broken kettle',
      firstMessage: 'My kettle sparks when switched on',
    });
    await eventually(() => alerts.find((alert) => alert.interactionId === chatId), 'chat invite');
    expect(alerts).toEqual([
      {
        kind: 'invite',
        interactionId: chatId,
        channel: 'chat',
        subject: 'Broken kettle',
        from: 'Erin',
        preview: 'My kettle sparks when switched on',
      },
    ]);
    expect((await operations.accept(chatId)).ok).toBe(true);
    await eventually(() => target.interaction(chatId)?.state === 'Accepted', 'chat accepted');

    const bytes = Buffer.from('%PDF-1.4 warranty card');
    const emailId = simulator.control.receiveEmail({
      from: 'frank@example.com',
      subject: 'Warranty claim',
      text: 'The toaster burns everything',
      html: '<p>The toaster burns everything</p>',
      attachments: [{ name: 'warranty.pdf', mimeType: 'application/pdf', bytes }],
    });
    await eventually(() => alerts.find((alert) => alert.interactionId === emailId), 'email');
    expect((await operations.accept(emailId)).ok).toBe(true);
    const stored = await eventually(
      () => target.interaction(emailId)?.attachments.find((file) => file.localPath),
      'the attachment on disk',
    );
    expect(readFileSync(stored.localPath ?? '')).toEqual(bytes);

    const missedId = simulator.control.startChat({ customerNickName: 'Gus', subject: 'Hello?' });
    await eventually(() => alerts.find((alert) => alert.interactionId === missedId), 'invite');
    expect(simulator.control.revoke(missedId)).toBe(true);
    await eventually(
      () => alerts.find((alert) => alert.kind === 'revoke' && alert.interactionId === missedId),
      'revoke alert',
    );

    await target.close();
    await session.signOut();
    session = null;
    await simulator.close();
    simulator = null;
    db.close();

    // Offline: a new workstation on the same file, no session anywhere.
    const reopened = cache(path);
    const offlineWith = (userName: string) =>
      new CacheWriter({
        store: reopened.store,
        account: { serverUrl, userName },
        attachmentsDir: join(folder, 'attachments'),
        log: quiet,
      });
    const same = offlineWith('agent1');
    expect(same.accountId).toBe(target.accountId);
    expect(offlineWith('agent2').inbox()).toEqual([]);
    expect(
      same
        .inbox()
        .map((item) => item.id)
        .sort(),
    ).toEqual([chatId, emailId].sort());
    expect(same.history().map((item) => [item.id, item.state])).toEqual([[missedId, 'Revoked']]);
    const chat = same.interaction(chatId);
    expect(
      chat?.transcript.some((event) => event.text === 'My kettle sparks when switched on'),
    ).toBe(true);
    expect(same.interaction(emailId)?.email?.text).toBe('The toaster burns everything');
    expect((await same.search('kettle')).map((hit) => hit.interaction.id)).toEqual([chatId]);
    expect((await same.search('toaster')).map((hit) => hit.interaction.id)).toContain(emailId);

    // The stream the session emitted, replayed into two fresh caches, gives the same content.
    const first = cache(':memory:');
    const second = cache(':memory:');
    replay(workstation(first.store), recorded);
    replay(workstation(second.store), recorded);
    expect(dump(second.db)).toEqual(dump(first.db));
    expect(
      workstation(first.store)
        .inbox()
        .map((item) => item.id)
        .sort(),
    ).toEqual([chatId, emailId].sort());
  });
});

describe('the true counts in change sets', () => {
  it('carries the lists’ sizes after each commit that changed an interaction, and only then', () => {
    const { store } = cache(':memory:');
    const writer = workstation(store);
    const invited = writer.apply({
      type: 'interactionInvited',
      interaction: snapshot('chat-1', 'chat', 'Invited'),
    });
    expect(invited.changes.counts).toEqual({ inbox: 1, invited: 1, history: 0 });
    writer.apply({
      type: 'interactionInvited',
      interaction: snapshot('chat-2', 'chat', 'Invited'),
    });
    const accepted = writer.apply({
      type: 'interactionUpdated',
      interaction: snapshot('chat-1', 'chat', 'Accepted'),
    });
    expect(accepted.changes.counts).toEqual({ inbox: 2, invited: 1, history: 0 });
    const ended = writer.apply({ type: 'interactionEnded', interactionId: 'chat-1' });
    expect(ended.changes.counts).toEqual({ inbox: 1, invited: 1, history: 1 });
    expect(writer.counts()).toEqual({ inbox: 1, invited: 1, history: 1 });
    // A commit that changed no interaction says nothing of the counts.
    const states = writer.apply({
      type: 'channelStateChanged',
      channels: [{ channel: 'chat', state: 'Ready', dnd: false }],
    });
    expect(states.changes.counts).toBeUndefined();
  });
});

describe('this machine’s clock moving', () => {
  const MINUTE = 60_000;

  it('stamps what arrives after a clock once a day ahead is set right with the time it is, after a restart too', () => {
    let pcNow = T0 + DAY;
    const first = cache('clock-ahead.sqlite');
    const ahead = workstation(first.store, { now: () => pcNow });
    ahead.apply({ type: 'interactionInvited', interaction: snapshot('early', 'chat', 'Invited') });
    // Set right, and 5 minutes on: a chat comes.
    pcNow = T0 + 5 * MINUTE;
    ahead.apply({ type: 'interactionInvited', interaction: snapshot('now', 'chat', 'Invited') });
    expect(ahead.headOf('now')).toMatchObject({ firstSeenAt: pcNow, updatedAt: pcNow });
    first.db.close();
    // The desk started again on the same file, 5 minutes later.
    pcNow += 5 * MINUTE;
    const again = workstation(cache('clock-ahead.sqlite').store, { now: () => pcNow });
    again.apply({ type: 'interactionInvited', interaction: snapshot('later', 'chat', 'Invited') });
    expect(again.headOf('later')).toMatchObject({ firstSeenAt: pcNow, updatedAt: pcNow });
  });

  it('applies what arrives live after the clock went back 10 minutes: nothing is taken for stale, and a chat ends no earlier than it was accepted', () => {
    let pcNow = T0;
    const { store } = cache('clock-back.sqlite');
    const target = workstation(store, { now: () => pcNow });
    target.apply({ type: 'interactionInvited', interaction: snapshot('c', 'chat', 'Invited') });
    pcNow += MINUTE;
    target.apply({ type: 'interactionUpdated', interaction: snapshot('c', 'chat', 'Accepted') });
    const acceptedAt = pcNow;
    // An NTP correction: the clock goes back 10 minutes.
    pcNow -= 10 * MINUTE;
    target.apply({
      type: 'interactionUpdated',
      interaction: snapshot('c', 'chat', 'Accepted', { subject: 'Order 1234 is late' }),
    });
    expect(target.headOf('c')?.subject).toBe('Order 1234 is late');
    target.apply({ type: 'interactionEnded', interactionId: 'c' });
    expect(target.headOf('c')).toMatchObject({ state: 'Ended', acceptedAt, endedAt: acceptedAt });
  });
});
