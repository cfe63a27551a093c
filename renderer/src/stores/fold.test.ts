import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ChangeSetSchema,
  InteractionSummarySchema,
  type AgentState,
  type ChangeSet,
  type ChatEvent,
  type InteractionDetail,
  type InteractionHead,
  type InteractionSummary,
  type SearchHit,
} from '../../../common/model';
import {
  appendLines,
  belongsTo,
  emptyChangeSet,
  foldAgent,
  foldDetail,
  foldHits,
  foldLastLines,
  historyOrder,
  inboxOrder,
  names,
  summaryOf,
  upsertAttachment,
  upsertRows,
} from './fold';
import { sampleHead, sampleLine } from '../testing/samples';

const head = sampleHead;
const line = sampleLine;

function changes(partial: Partial<ChangeSet>): ChangeSet {
  // Through the schema, so the tests build only change sets main could send.
  return ChangeSetSchema.parse({ ...emptyChangeSet(), ...partial });
}

function detailOf(current: InteractionHead, transcript: ChatEvent[] = []): InteractionDetail {
  return { ...current, transcript, attachments: [] };
}

const ids = (rows: readonly InteractionSummary[]) => rows.map((row) => row.id);

/**
 * Rows that count every read of their fields: how often a fold looks at the list, whatever the
 * machine's speed (a bound on time would flake under load).
 */
function readCounter(): {
  counted: (row: InteractionSummary) => InteractionSummary;
  reads: () => number;
} {
  let reads = 0;
  return {
    counted: (row) =>
      new Proxy(row, {
        get(target, property, receiver) {
          reads += 1;
          return Reflect.get(target, property, receiver) as unknown;
        },
      }),
    reads: () => reads,
  };
}

describe('summaryOf', () => {
  it("keeps every field of a list row a head has, and none of the detail's", () => {
    const full = head('e', 'Completed', 50, {
      channel: 'email',
      subject: 'Charged twice',
      from: 'maria.lind@example.com',
      fromName: 'Maria Lind',
      queue: 'Billing',
      acceptedAt: 20,
      disposition: 'Refunded',
      userData: { FromPersonal: 'Maria Lind' },
      capabilities: ['Reply'],
      to: ['support@example.com'],
    });
    const row = summaryOf(full);
    // Whatever the summary schema names, the row has: a field added to it later comes along.
    expect(Object.keys(row).sort()).toEqual(
      Object.keys(InteractionSummarySchema.shape)
        .filter((field) => field in full)
        .sort(),
    );
    expect(row).toMatchObject({ fromName: 'Maria Lind', disposition: 'Refunded', endedAt: 50 });
    expect(row).not.toHaveProperty('userData');
    // A pushed head shows the sender's name in the row it replaces.
    const [upserted] = upsertRows([summaryOf(head('e', 'Accepted', 40))], [full], 'history');
    expect(upserted?.fromName).toBe('Maria Lind');
  });
});

describe('upsertRows', () => {
  it('puts a new row where the cache would list it, newest change first', () => {
    const rows = [summaryOf(head('b', 'Accepted', 30)), summaryOf(head('c', 'Accepted', 10))];
    const next = upsertRows(rows, [head('a', 'Invited', 20)], 'inbox');
    expect(ids(next)).toEqual(['b', 'a', 'c']);
    expect(ids(rows)).toEqual(['b', 'c']);
  });

  it('moves a changed row to the top and shows it as it now is', () => {
    const rows = [summaryOf(head('a', 'Invited', 20)), summaryOf(head('b', 'Invited', 10))];
    const next = upsertRows(rows, [head('b', 'Accepted', 40, { subject: 'Late order' })], 'inbox');
    expect(ids(next)).toEqual(['b', 'a']);
    expect(next[0]).toMatchObject({ state: 'Accepted', phase: 'working', subject: 'Late order' });
  });

  it('keeps rows as summaries, without the head’s user data or capabilities', () => {
    const next = upsertRows([], [head('a', 'Accepted', 5, { userData: { vip: true } })], 'inbox');
    expect(next[0]).toEqual({
      id: 'a',
      channel: 'chat',
      state: 'Accepted',
      phase: 'working',
      firstSeenAt: 1,
      updatedAt: 5,
    });
  });

  it('keeps the disposition main named on the head: History’s row shows it', () => {
    const disposed = head('a', 'Completed', 30, {
      userData: { DispositionCode: 'Escalated' },
      disposition: 'Escalated',
    });
    const next = upsertRows([], [disposed], 'history');
    expect(next[0]?.disposition).toBe('Escalated');
    expect(next[0]).not.toHaveProperty('userData');
    // A head without one leaves no `disposition: undefined` behind (the shape main's rows have).
    expect(upsertRows([], [head('b', 'Completed', 30)], 'history')[0]).not.toHaveProperty(
      'disposition',
    );
  });

  it('takes an ended interaction out of the inbox and into the history', () => {
    const inbox = [summaryOf(head('a', 'Accepted', 20)), summaryOf(head('b', 'Accepted', 10))];
    const history = [summaryOf(head('old', 'Completed', 5))];
    const ended = head('a', 'Completed', 30);
    expect(ids(upsertRows(inbox, [ended], 'inbox'))).toEqual(['b']);
    expect(ids(upsertRows(history, [ended], 'history'))).toEqual(['a', 'old']);
  });

  it('ignores a head older than the row it would replace (a change the fetch already saw)', () => {
    const rows = [summaryOf(head('a', 'Accepted', 30))];
    expect(upsertRows(rows, [head('a', 'Invited', 20)], 'inbox')).toBe(rows);
    expect(upsertRows(rows, [head('a', 'Completed', 20)], 'inbox')).toBe(rows);
  });

  it('answers the same array when nothing belongs to the list', () => {
    const rows = [summaryOf(head('a', 'Accepted', 30))];
    expect(upsertRows(rows, [], 'inbox')).toBe(rows);
    expect(upsertRows(rows, [head('z', 'Completed', 40)], 'inbox')).toBe(rows);
  });

  it('orders ties by id, as the cache does', () => {
    const next = upsertRows([], [head('b', 'Accepted', 5), head('a', 'Accepted', 5)], 'inbox');
    expect(ids(next)).toEqual(['a', 'b']);
  });

  it('ends where listing the newest version of every interaction would', () => {
    // Main pushes commits in order and the cache only moves updatedAt forward: heads arrive
    // newer and newer, here one time step each.
    const STATES = ['Invited', 'Accepted', 'PropertiesChanged', 'Completed', 'Revoked'];
    const arbitraryBatches = fc.array(
      fc.array(
        fc.record({
          id: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
          state: fc.constantFrom(...STATES),
        }),
        { maxLength: 4 },
      ),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(arbitraryBatches, fc.nat(), (shape, replayFrom) => {
        let time = 0;
        const batches = shape.map((batch) =>
          batch.map(({ id, state }) => head(id, state, (time += 1))),
        );
        const newest = new Map<string, InteractionHead>();
        for (const candidate of batches.flat()) newest.set(candidate.id, candidate);
        const all = [...newest.values()].map(summaryOf);
        const expectedInbox = all.filter((row) => row.phase !== 'ended').sort(inboxOrder);
        const expectedHistory = all.filter((row) => row.phase === 'ended').sort(historyOrder);

        let inbox: readonly InteractionSummary[] = [];
        let history: readonly InteractionSummary[] = [];
        for (const batch of batches) {
          inbox = upsertRows(inbox, batch, 'inbox');
          history = upsertRows(history, batch, 'history');
        }
        expect(inbox).toEqual(expectedInbox);
        expect(history).toEqual(expectedHistory);

        // A fetch that already saw every commit, then the change sets that arrived while it
        // was under way replayed onto it, in order: the same lists.
        let replayedInbox = expectedInbox as readonly InteractionSummary[];
        let replayedHistory = expectedHistory as readonly InteractionSummary[];
        for (const batch of batches.slice(replayFrom % (batches.length + 1))) {
          replayedInbox = upsertRows(replayedInbox, batch, 'inbox');
          replayedHistory = upsertRows(replayedHistory, batch, 'history');
        }
        expect(replayedInbox).toEqual(expectedInbox);
        expect(replayedHistory).toEqual(expectedHistory);
      }),
    );
  });

  it('ends where applying each head in turn would, whatever order the heads come in', () => {
    // Heads older and newer than the rows, repeated within a change set, ending and not.
    const arbitraryHead = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      state: fc.constantFrom('Invited', 'Accepted', 'Completed'),
      time: fc.integer({ min: 1, max: 6 }),
    });
    fc.assert(
      fc.property(
        fc.array(arbitraryHead, { maxLength: 8 }),
        fc.array(arbitraryHead, { maxLength: 8 }),
        fc.constantFrom<'inbox' | 'history'>('inbox', 'history'),
        (start, batch, list) => {
          const rows = upsertRows(
            [],
            start.map(({ id, state, time }) => head(id, state, time)),
            list,
          );
          const heads = batch.map(({ id, state, time }) => head(id, state, time));
          // One head at a time, by the rule: kept unless older than the row; the list sorted.
          const byId = new Map(rows.map((row) => [row.id, row]));
          for (const next of heads) {
            const current = byId.get(next.id);
            if (current !== undefined && current.updatedAt > next.updatedAt) continue;
            if (belongsTo(list, next)) byId.set(next.id, summaryOf(next));
            else byId.delete(next.id);
          }
          const expected = [...byId.values()].sort(list === 'inbox' ? inboxOrder : historyOrder);
          expect(upsertRows(rows, heads, list)).toEqual(expected);
        },
      ),
    );
  });

  it('reads each row a few times for a change set of many heads, not once per head', () => {
    // 500 interactions changing at once against a history of 10,000 rows: looking each head's
    // row up read the whole list 500 times (2.4 million reads of a row's fields, ~50 ms in one renderer task).
    const { counted, reads } = readCounter();
    const ROWS = 10_000;
    const HEADS = 500;
    const rows = Array.from({ length: ROWS }, (_, index) =>
      counted(summaryOf(head(`row-${String(index).padStart(5, '0')}`, 'Completed', ROWS - index))),
    );
    const heads = Array.from({ length: HEADS }, (_, index) =>
      head(`row-${String(index * 20).padStart(5, '0')}`, 'Completed', ROWS + index),
    );
    const next = upsertRows(rows, heads, 'history');
    expect(next).toHaveLength(ROWS);
    expect(next[0]?.id).toBe(`row-${String((HEADS - 1) * 20).padStart(5, '0')}`);
    expect(reads()).toBeLessThan(10 * (ROWS + HEADS));
  });
});

describe('foldLastLines', () => {
  it('finds the rows of many chats’ lines in one pass over the list, not one per chat', () => {
    const { counted, reads } = readCounter();
    const ROWS = 2_000;
    const CHATS = 500;
    const rows = Array.from({ length: ROWS }, (_, index) =>
      counted(summaryOf(head(`chat-${String(index)}`, 'Accepted', ROWS - index))),
    );
    // The last 500 rows' chats each say a line (the rows furthest down the list).
    const transcripts = Array.from({ length: CHATS }, (_, index) => ({
      interactionId: `chat-${String(ROWS - CHATS + index)}`,
      lines: [line(index + 1, 'Still there?')],
    }));
    const folded = foldLastLines(rows, transcripts);
    expect(folded.at(-1)?.lastLine?.text).toBe('Still there?');
    expect(folded.filter((row) => row.lastLine !== undefined)).toHaveLength(CHATS);
    expect(reads()).toBeLessThan(10 * (ROWS + CHATS));
  });

  it('carries a live chat’s last line on through new lines, and nothing else', () => {
    const rows = [
      summaryOf(head('a', 'Accepted', 10, { lastLine: line(2) })),
      summaryOf(head('b', 'Accepted', 9)),
    ];
    const said = { eventId: 3, kind: 'message' as const, authorType: 'Client', text: 'Hello?' };
    const joined = { eventId: 4, kind: 'joined' as const, authorType: 'Agent' };
    const folded = foldLastLines(rows, [
      { interactionId: 'a', lines: [said, joined] },
      { interactionId: 'b', lines: [line(1, 'first')] },
    ]);
    expect(folded.map((row) => row.lastLine)).toEqual([said, line(1, 'first')]);
    // The order (by last change) stays: a line is not a change of the row.
    expect(ids(folded)).toEqual(['a', 'b']);
    expect(folded[0]?.updatedAt).toBe(10);
  });

  it('answers the rows themselves for lines no newer than a row’s, notices alone, other rows', () => {
    const rows = [
      summaryOf(head('a', 'Accepted', 10, { lastLine: line(5) })),
      summaryOf(head('e', 'Completed', 8)),
    ];
    const typing = { eventId: 9, kind: 'notice' as const, noticeType: 'TypingStarted' };
    expect(
      foldLastLines(rows, [
        { interactionId: 'a', lines: [line(4), line(5)] },
        { interactionId: 'a', lines: [typing] },
        { interactionId: 'e', lines: [line(1)] },
        { interactionId: 'unknown', lines: [line(1)] },
      ]),
    ).toBe(rows);
  });
});

describe('appendLines', () => {
  it('appends new lines after the last one', () => {
    const transcript = [line(1), line(2)];
    const next = appendLines(transcript, [line(3), line(4)]);
    expect(next.map((event) => event.eventId)).toEqual([1, 2, 3, 4]);
    expect(transcript).toHaveLength(2);
  });

  it("names the lines that came before their party's join once it comes (003's lines name an id)", () => {
    const said: ChatEvent = { eventId: 5, kind: 'message', authorId: 'x1', text: 'Still there?' };
    const joins: ChatEvent[] = [
      { eventId: 1, kind: 'joined', authorId: 'x1', authorName: 'Tom', authorType: 'Client' },
    ];
    const next = appendLines(appendLines([], [said]), joins);
    expect(next.map((event) => [event.eventId, event.authorName, event.authorType])).toEqual([
      [1, 'Tom', 'Client'],
      [5, 'Tom', 'Client'],
    ]);
    // A later line of the party's, named by id alone, is named too.
    const later = appendLines(next, [{ eventId: 6, kind: 'message', authorId: 'x1', text: 'Hi' }]);
    expect(later.at(-1)?.authorName).toBe('Tom');
  });

  it('answers the same transcript when every line is known', () => {
    const transcript = [line(1), line(2)];
    expect(appendLines(transcript, [])).toBe(transcript);
    expect(appendLines(transcript, [line(2, 'again'), line(1)])).toBe(transcript);
  });

  it('keeps the first version of a repeated line and puts a late line in its place', () => {
    const next = appendLines([line(1), line(3, 'first')], [line(2), line(3, 'repeat'), line(4)]);
    expect(next.map((event) => [event.eventId, event.text])).toEqual([
      [1, 'line 1'],
      [2, 'line 2'],
      [3, 'first'],
      [4, 'line 4'],
    ]);
  });

  it('gives each eventId once, in order, however the lines arrive', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 8 }), { maxLength: 10 }),
        (batches) => {
          let transcript: ChatEvent[] = [];
          for (const batch of batches) {
            transcript = appendLines(
              transcript,
              batch.map((eventId) => line(eventId)),
            );
          }
          const expected = [...new Set(batches.flat())].sort((a, b) => a - b);
          expect(transcript.map((event) => event.eventId)).toEqual(expected);
        },
      ),
    );
  });
});

describe('foldDetail', () => {
  it('appends the lines inserted into the open chat, and only those', () => {
    const detail = detailOf(head('a', 'Accepted', 10), [line(1)]);
    const next = foldDetail(
      detail,
      changes({
        transcripts: [
          { interactionId: 'b', lines: [line(7)] },
          { interactionId: 'a', lines: [line(2), line(3)] },
        ],
      }),
    );
    expect(next.transcript.map((event) => event.eventId)).toEqual([1, 2, 3]);
    expect(next.state).toBe('Accepted');
  });

  it('takes the header from a newer head, keeping the transcript', () => {
    const detail = detailOf(head('a', 'Invited', 10), [line(1)]);
    const next = foldDetail(
      detail,
      changes({ interactions: [head('a', 'Accepted', 12, { capabilities: ['LeaveChat'] })] }),
    );
    expect(next).toMatchObject({ state: 'Accepted', phase: 'working', updatedAt: 12 });
    expect(next.capabilities).toEqual(['LeaveChat']);
    expect(next.transcript).toBe(detail.transcript);
    expect('email' in next).toBe(false);
  });

  it('keeps where downloads stand through a newer head, which never carries them', () => {
    const downloads = {
      d1: { phase: 'tooLarge', limitBytes: 150, sizeBytes: 200 },
      d2: { phase: 'failed' },
    } as const;
    const detail = { ...detailOf(head('a', 'Invited', 10)), downloads };
    const next = foldDetail(detail, changes({ interactions: [head('a', 'Accepted', 12)] }));
    expect(next.state).toBe('Accepted');
    expect(next.downloads).toEqual(downloads);
  });

  it('ignores an older head', () => {
    const detail = detailOf(head('a', 'Accepted', 10));
    expect(foldDetail(detail, changes({ interactions: [head('a', 'Invited', 9)] }))).toBe(detail);
  });

  it('replaces the e-mail and its attachments', () => {
    const detail: InteractionDetail = {
      ...detailOf(head('m', 'Accepted', 10, { channel: 'email' })),
      attachments: [{ id: 'x', name: 'old.txt' }],
    };
    const email = { to: ['desk@example.com'], cc: [], text: 'Hello', attachments: [] };
    const attachments = [{ id: 'y', name: 'invoice.pdf', localPath: '/tmp/invoice.pdf' }];
    const next = foldDetail(
      detail,
      changes({ emails: [{ interactionId: 'm', email, attachments }] }),
    );
    expect(next.email).toEqual(email);
    expect(next.attachments).toEqual(attachments);
  });

  it('answers the same detail for a change set about others', () => {
    const detail = detailOf(head('a', 'Accepted', 10));
    const other = changes({
      interactions: [head('b', 'Invited', 20)],
      transcripts: [{ interactionId: 'b', lines: [line(1)] }],
    });
    expect(foldDetail(detail, other)).toBe(detail);
  });
});

describe('the other folds', () => {
  it('upserts a downloaded attachment', () => {
    const detail: InteractionDetail = {
      ...detailOf(head('m', 'Accepted', 10, { channel: 'email' })),
      attachments: [
        { id: 'x', name: 'a.txt' },
        { id: 'y', name: 'b.txt' },
      ],
    };
    const next = upsertAttachment(detail, { id: 'y', name: 'b.txt', localPath: '/d/b.txt' });
    expect(next.attachments).toEqual([
      { id: 'x', name: 'a.txt' },
      { id: 'y', name: 'b.txt', localPath: '/d/b.txt' },
    ]);
    expect(upsertAttachment(detail, { id: 'z', name: 'c.txt' }).attachments).toHaveLength(3);
  });

  it('shows search hits’ rows as they now are', () => {
    const hits: SearchHit[] = [
      { interaction: summaryOf(head('a', 'Invited', 10)), kind: 'chat', snippet: '[x]', rank: 1 },
      { interaction: summaryOf(head('b', 'Invited', 10)), kind: 'chat', snippet: '[x]', rank: 2 },
    ];
    const next = foldHits(hits, changes({ interactions: [head('b', 'Completed', 20)] }));
    expect(next.map((hit) => hit.interaction.state)).toEqual(['Invited', 'Completed']);
    expect(next[1]?.snippet).toBe('[x]');
    expect(foldHits(hits, changes({ interactions: [head('c', 'Invited', 30)] }))).toBe(hits);
  });

  it("takes the agent's state when the change set carries it", () => {
    const before: AgentState = { channels: [], dnd: false };
    const after: AgentState = {
      channels: [{ channel: 'chat', state: 'Ready', dnd: false }],
      dnd: false,
      at: 5,
    };
    expect(foldAgent(before, changes({}))).toBe(before);
    expect(foldAgent(before, changes({ agent: after }))).toEqual(after);
  });

  it('says whether a change set names an interaction', () => {
    expect(names(changes({ interactions: [head('a', 'Invited', 1)] }), 'a')).toBe(true);
    expect(names(changes({ transcripts: [{ interactionId: 'a', lines: [] }] }), 'a')).toBe(true);
    expect(names(changes({ transcripts: [{ interactionId: 'a', lines: [] }] }), 'b')).toBe(false);
  });
});
