import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { InteractionSummary } from '../../../common/model';
import { deferred, settle, stubAnimationFrames, type FakeApi } from '../testing/fakeApi';
import { sampleHead, sampleRow } from '../testing/samples';
import { summaryOf } from './fold';
import { HISTORY_PUSHED_KEPT, LIST_LIMIT, useInboxStore } from './inbox';

const fake = vi.hoisted(() => ({ api: undefined as unknown as FakeApi }));
vi.mock('../api', async () => {
  const { fakeApi } = await import('../testing/fakeApi');
  const { settledClient } = await import('../lib/settledClient');
  fake.api = fakeApi();
  return { api: settledClient(fake.api.client, () => undefined) };
});

const INBOX = 'switchboard:interactions:inbox';
const HISTORY = 'switchboard:interactions:history';
/** The true sizes of the lists: fetched once with the inbox, then carried by change sets. */
const COUNTS = 'switchboard:interactions:counts';

const ids = (rows: readonly InteractionSummary[]) => rows.map((row) => row.id);
const channels = () => fake.api.calls.map((call) => call.channel);

/** An inbox store that has fetched `rows` and follows change sets. */
async function loadedInbox(rows: readonly InteractionSummary[]) {
  fake.api.answer(INBOX, () => Promise.resolve({ ok: true, value: rows }));
  const inbox = useInboxStore();
  inbox.start();
  inbox.load();
  await settle();
  expect(inbox.loaded).toBe(true);
  return inbox;
}

function summary(id: string): InteractionSummary {
  return { id, channel: 'chat', state: 'Accepted', phase: 'working', firstSeenAt: 1, updatedAt: 2 };
}

beforeEach(() => {
  stubAnimationFrames();
  fake.api.reset();
  setActivePinia(createPinia());
});

describe('the inbox store', () => {
  it('drops an inbox answer that comes back after clear()', async () => {
    const answer = deferred<unknown>();
    fake.api.answer(INBOX, () => answer.promise);
    const inbox = useInboxStore();
    inbox.load();
    await settle();
    expect(fake.api.calls.map((call) => call.channel)).toEqual([INBOX, COUNTS]);

    inbox.clear();
    answer.resolve({ ok: true, value: [summary('agent1-chat')] });
    await settle();
    expect(inbox.items).toEqual([]);
    expect(inbox.loaded).toBe(false);
  });

  it('drops a refresh scheduled before clear()', async () => {
    const inbox = useInboxStore();
    inbox.load();
    inbox.clear();
    await settle();
    expect(fake.api.calls).toEqual([]);
  });

  it('refreshes again at once after clear(), without waiting for the dropped answer', async () => {
    const stale = deferred<unknown>();
    fake.api.answer(INBOX, () => stale.promise);
    const inbox = useInboxStore();
    inbox.load();
    await settle();
    inbox.clear();
    fake.api.answer(INBOX, () => Promise.resolve({ ok: true, value: [summary('agent2-chat')] }));
    inbox.load();
    await settle();
    expect(inbox.items.map((item) => item.id)).toEqual(['agent2-chat']);
    stale.resolve({ ok: true, value: [summary('agent1-chat')] });
    await settle();
    expect(inbox.items.map((item) => item.id)).toEqual(['agent2-chat']);
  });

  it('forgets an Accept under way on clear(), and its answer', async () => {
    const accepted = deferred<unknown>();
    fake.api.answer('switchboard:interactions:accept', () => accepted.promise);
    const inbox = useInboxStore();
    const answer = inbox.accept('chat-1');
    expect([...inbox.pending]).toEqual(['chat-1']);
    inbox.clear();
    expect([...inbox.pending]).toEqual([]);
    accepted.resolve({ ok: false, error: { kind: 'invalidState', message: 'too late' } });
    expect(await answer).toBe(false);
    await settle();
    expect(inbox.actionError).toBeNull();
    expect(fake.api.calls.map((call) => call.channel)).not.toContain(INBOX);
  });

  it('ends a search whose call was rejected, with an error instead of "Searching…" forever', async () => {
    vi.useFakeTimers();
    try {
      fake.api.answer('switchboard:interactions:search', () =>
        Promise.reject(new Error('No handler registered')),
      );
      const inbox = useInboxStore();
      inbox.setQuery('order');
      await vi.advanceTimersByTimeAsync(500);
      expect(inbox.searching).toBe(false);
      expect(inbox.searchError).toEqual({ kind: 'internal', message: 'No handler registered' });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the inbox store folding change sets', () => {
  it('upserts pushed rows without fetching the inbox again', async () => {
    const inbox = await loadedInbox([
      sampleRow('b', 'Accepted', 20),
      sampleRow('c', 'Invited', 10),
    ]);
    fake.api.emitChanges({ interactions: [sampleHead('a', 'Invited', 30, { subject: 'New' })] });
    fake.api.emitChanges({ interactions: [sampleHead('c', 'Accepted', 40)] });
    await settle();
    expect(ids(inbox.items)).toEqual(['c', 'a', 'b']);
    expect(inbox.items[0]).toMatchObject({ state: 'Accepted', phase: 'working' });
    expect(inbox.items[1]?.subject).toBe('New');
    // A chat line moves nothing in the lists and costs no call.
    fake.api.emitChanges({
      transcripts: [{ interactionId: 'c', lines: [{ eventId: 1, kind: 'message', text: 'Hi' }] }],
    });
    await settle();
    expect(channels()).toEqual([INBOX, COUNTS]);
    inbox.stop();
  });

  it('folds a change set that arrives while the inbox is being fetched onto the answer', async () => {
    const answer = deferred<unknown>();
    fake.api.answer(INBOX, () => answer.promise);
    const inbox = useInboxStore();
    inbox.start();
    inbox.load();
    await settle();
    // Main committed these after reading the inbox, before its answer left.
    fake.api.emitChanges({ interactions: [sampleHead('new', 'Invited', 50)] });
    fake.api.emitChanges({ interactions: [sampleHead('old', 'Completed', 60)] });
    answer.resolve({
      ok: true,
      value: [sampleRow('old', 'Accepted', 40), sampleRow('kept', 'Accepted', 30)],
    });
    await settle();
    expect(ids(inbox.items)).toEqual(['new', 'kept']);
    expect(channels()).toEqual([INBOX, COUNTS]);
    inbox.stop();
  });

  it('moves an ended interaction to the history once the history was fetched, and only then', async () => {
    // What the cache holds once 'a' has ended.
    fake.api.answer(HISTORY, () =>
      Promise.resolve({
        ok: true,
        value: [sampleRow('a', 'Completed', 30), sampleRow('older', 'Completed', 5)],
      }),
    );
    const inbox = await loadedInbox([sampleRow('a', 'Accepted', 20)]);
    fake.api.emitChanges({ interactions: [sampleHead('a', 'Completed', 30)] });
    expect(inbox.items).toEqual([]);
    expect(inbox.history).toEqual([]);

    inbox.showTab('history');
    await settle();
    expect(ids(inbox.history)).toEqual(['a', 'older']);
    fake.api.emitChanges({ interactions: [sampleHead('b', 'Completed', 40)] });
    expect(ids(inbox.history)).toEqual(['b', 'a', 'older']);
    // Showing the history again shows what it holds: no second fetch.
    inbox.showTab('inbox');
    inbox.showTab('history');
    await settle();
    expect(channels()).toEqual([INBOX, COUNTS, HISTORY]);
    inbox.stop();
  });

  it('fetches again a list whose fetch failed, once main reports a change', async () => {
    fake.api.answer(INBOX, () =>
      Promise.resolve({ ok: false, error: { kind: 'timeout', message: 'busy' } }),
    );
    const inbox = useInboxStore();
    inbox.start();
    inbox.load();
    await settle();
    expect(inbox.error).toEqual({ kind: 'timeout', message: 'busy' });
    fake.api.answer(INBOX, () =>
      Promise.resolve({ ok: true, value: [sampleRow('a', 'Invited', 5)] }),
    );
    fake.api.emitChanges({ interactions: [sampleHead('a', 'Invited', 5)] });
    await settle();
    expect(inbox.error).toBeNull();
    expect(ids(inbox.items)).toEqual(['a']);
    expect(channels()).toEqual([INBOX, COUNTS, INBOX]);
    inbox.stop();
  });

  it('shows search hits as their rows now are', async () => {
    vi.useFakeTimers();
    try {
      fake.api.answer('switchboard:interactions:search', () =>
        Promise.resolve({
          ok: true,
          value: [
            { interaction: sampleRow('a', 'Invited', 5), kind: 'chat', snippet: '[x]', rank: 1 },
          ],
        }),
      );
      const inbox = await loadedInboxUnderFakeTime();
      inbox.setQuery('x');
      await vi.advanceTimersByTimeAsync(500);
      expect(inbox.hits.map((hit) => hit.interaction.state)).toEqual(['Invited']);
      fake.api.emitChanges({ interactions: [sampleHead('a', 'Accepted', 9)] });
      expect(inbox.hits.map((hit) => hit.interaction.state)).toEqual(['Accepted']);
      inbox.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('folds the change sets pushed while a search ran onto its hits', async () => {
    // The search worker reads the rows on its own connection: a commit after its read (a row
    // changed, another purged) reaches the page before its answer does.
    vi.useFakeTimers();
    try {
      const answer = deferred<unknown>();
      fake.api.answer('switchboard:interactions:search', () => answer.promise);
      const inbox = await loadedInboxUnderFakeTime();
      inbox.setQuery('x');
      await vi.advanceTimersByTimeAsync(500);
      fake.api.emitChanges({ interactions: [sampleHead('a', 'Revoked', 9)] });
      fake.api.emitChanges({ purged: ['b'] });
      answer.resolve({
        ok: true,
        value: [
          { interaction: sampleRow('a', 'Invited', 5), kind: 'chat', snippet: '[x]', rank: 1 },
          { interaction: sampleRow('b', 'Completed', 4), kind: 'chat', snippet: '[x]', rank: 2 },
        ],
      });
      await vi.advanceTimersByTimeAsync(0);
      expect(inbox.hits.map((hit) => [hit.interaction.id, hit.interaction.state])).toEqual([
        ['a', 'Revoked'],
      ]);
      inbox.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('leaves the row to the change set after Accept: no fetch', async () => {
    const inbox = await loadedInbox([sampleRow('a', 'Invited', 5)]);
    expect(await inbox.accept('a')).toBe(true);
    await settle();
    expect(channels()).toEqual([INBOX, COUNTS, 'switchboard:interactions:accept']);
    fake.api.emitChanges({ interactions: [sampleHead('a', 'Accepted', 9)] });
    expect(inbox.items[0]?.phase).toBe('working');
    inbox.stop();
  });

  it('drops the rows the retention purge deleted from the history, with its counts', async () => {
    fake.api.answer(HISTORY, () =>
      Promise.resolve({
        ok: true,
        value: [
          sampleRow('recent', 'Completed', 30),
          sampleRow('old', 'Completed', 5),
          sampleRow('older', 'Completed', 4),
        ],
      }),
    );
    const inbox = await loadedInbox([sampleRow('a', 'Accepted', 20)]);
    inbox.showTab('history');
    await settle();
    expect(ids(inbox.history)).toEqual(['recent', 'old', 'older']);
    const counts = { inbox: 1, invited: 0, history: 1 };
    fake.api.emitChanges({ purged: ['old', 'older'], counts });
    expect(ids(inbox.history)).toEqual(['recent']);
    expect(ids(inbox.items)).toEqual(['a']);
    expect(inbox.counts).toEqual(counts);
    // No fetch: the change set says it all.
    expect(channels()).toEqual([INBOX, COUNTS, HISTORY]);
    inbox.stop();
  });

  it('drops a purged row from a history whose fetch was under way', async () => {
    const answer = deferred<unknown>();
    fake.api.answer(HISTORY, () => answer.promise);
    const inbox = await loadedInbox([]);
    inbox.showTab('history');
    await settle();
    // Read before the purge committed, answered after.
    fake.api.emitChanges({ purged: ['old'] });
    answer.resolve({
      ok: true,
      value: [sampleRow('recent', 'Completed', 30), sampleRow('old', 'Completed', 5)],
    });
    await settle();
    expect(ids(inbox.history)).toEqual(['recent']);
    inbox.stop();
  });

  it('follows no change set once stopped, and forgets the lists on clear()', async () => {
    const inbox = await loadedInbox([sampleRow('a', 'Invited', 5)]);
    inbox.stop();
    fake.api.emitChanges({ interactions: [sampleHead('b', 'Invited', 9)] });
    expect(ids(inbox.items)).toEqual(['a']);
    inbox.clear();
    expect(inbox.items).toEqual([]);
    inbox.start();
    fake.api.emitChanges({ interactions: [sampleHead('c', 'Invited', 9)] });
    // Not loaded since clear(): a pushed row alone is not the inbox.
    expect(inbox.items).toEqual([]);
    inbox.stop();
  });
});

describe('the chats waiting for the agent’s answer', () => {
  it('are the worked rows with a wait, the one waiting longest first, as change sets move them', async () => {
    const waiting = (row: InteractionSummary, since: number): InteractionSummary => ({
      ...row,
      awaitingReplySince: since,
    });
    const inbox = await loadedInbox([
      waiting(summary('recent'), 500),
      waiting(summary('long'), 100),
      summary('answered'),
      // An invitation's customer waits for whoever accepts: not this agent's answer yet.
      waiting({ ...summary('offered'), state: 'Invited', phase: 'invited' }, 50),
    ]);
    expect(ids(inbox.waitingChats)).toEqual(['long', 'recent']);
    // Tom is answered; the answered chat's customer writes again.
    fake.api.emitChanges({
      interactions: [
        sampleHead('long', 'Accepted', 600),
        sampleHead('answered', 'Accepted', 700, { awaitingReplySince: 650 }),
      ],
    });
    await settle();
    expect(ids(inbox.waitingChats)).toEqual(['recent', 'answered']);
    inbox.stop();
  });
});

describe('paging the history', () => {
  /** `count` ended rows, newest first, numbered from `from` (their end times count down). */
  function endedRows(from: number, count: number): InteractionSummary[] {
    return Array.from({ length: count }, (_, index) =>
      sampleRow(`h${String(from + index)}`, 'Completed', 100_000 - from - index),
    );
  }

  /** The page main's cache answers `query` with from `cache` (newest first): after its cursor. */
  function pageOf(cache: readonly InteractionSummary[], query: unknown): InteractionSummary[] {
    const after = (query as { after?: { endedAt: number; id: string } } | undefined)?.after;
    const start =
      after === undefined
        ? 0
        : cache.findIndex(
            (row) =>
              (row.endedAt ?? 0) < after.endedAt ||
              (row.endedAt === after.endedAt && row.id > after.id),
          );
    return start === -1 ? [] : cache.slice(start, start + LIST_LIMIT);
  }

  it('fetches older pages after what shows, until one comes back short', async () => {
    const firstPage = endedRows(0, LIST_LIMIT);
    const secondPage = endedRows(LIST_LIMIT, 3);
    fake.api.answer(HISTORY, (query) =>
      Promise.resolve({
        ok: true,
        value: (query as { after?: unknown }).after === undefined ? firstPage : secondPage,
      }),
    );
    const inbox = await loadedInbox([]);
    inbox.showTab('history');
    await settle();
    expect(inbox.history).toHaveLength(LIST_LIMIT);
    expect(inbox.historyMore).toBe(true);

    // One ended meanwhile: on top, as in the cache; the page is the one after the last row.
    fake.api.emitChanges({ interactions: [sampleHead('fresh', 'Completed', 200_000)] });
    await inbox.moreHistory();
    const historyCalls = fake.api.calls.filter((call) => call.channel === HISTORY);
    expect(historyCalls.map((call) => call.args[0])).toEqual([
      { limit: LIST_LIMIT },
      {
        limit: LIST_LIMIT,
        after: { endedAt: 100_000 - LIST_LIMIT + 1, id: `h${String(LIST_LIMIT - 1)}` },
      },
    ]);
    expect(inbox.history).toHaveLength(LIST_LIMIT + 4);
    expect(ids(inbox.history.slice(0, 2))).toEqual(['fresh', 'h0']);
    expect(ids(inbox.history.slice(-3))).toEqual(['h500', 'h501', 'h502']);
    expect(inbox.historyMore).toBe(false);
    await inbox.moreHistory();
    expect(fake.api.calls.filter((call) => call.channel === HISTORY)).toHaveLength(2);
    inbox.stop();
  });

  it('keeps the pages fetched and one more of the rows pushed since, the oldest going', async () => {
    const cache = endedRows(0, 3);
    fake.api.answer(HISTORY, (query) => Promise.resolve({ ok: true, value: pageOf(cache, query) }));
    const inbox = await loadedInbox([]);
    inbox.showTab('history');
    await settle();
    expect(inbox.historyMore).toBe(false);

    // A shift's worth of interactions end, each on top of the history as in the cache.
    const pushed = LIST_LIMIT + HISTORY_PUSHED_KEPT;
    for (let n = 0; n < pushed; n++) {
      const head = sampleHead(`s${String(n)}`, 'Completed', 200_000 + n);
      cache.unshift(summaryOf(head));
      fake.api.emitChanges({ interactions: [head] });
    }
    expect(inbox.history).toHaveLength(LIST_LIMIT + HISTORY_PUSHED_KEPT);
    expect(inbox.history[0]?.id).toBe(`s${String(pushed - 1)}`);
    // The oldest went from the list, not from the cache: the next page brings them back.
    expect(inbox.historyMore).toBe(true);
    await inbox.moreHistory();
    expect(ids(inbox.history.slice(-3))).toEqual(['h0', 'h1', 'h2']);
    expect(inbox.history).toHaveLength(cache.length);
    inbox.stop();
  });

  it('leaves no gap when an interaction ends while an older page is on its way at the cap', async () => {
    // The cache, newest first: what the history pages read.
    const cache = endedRows(0, 3);
    let pageAsked: ReturnType<typeof deferred<unknown>> | undefined;
    fake.api.answer(HISTORY, (query) => {
      const rows = pageOf(cache, query);
      if ((query as { after?: unknown }).after === undefined)
        return Promise.resolve({ ok: true, value: rows });
      pageAsked = deferred<unknown>();
      // The page as the cache was when it was read, answered later.
      const answer = pageAsked;
      return answer.promise.then(() => ({ ok: true, value: rows }));
    });
    const inbox = await loadedInbox([]);
    inbox.showTab('history');
    await settle();
    const atCap = LIST_LIMIT + HISTORY_PUSHED_KEPT;
    for (let n = 0; n < atCap; n++) {
      const head = sampleHead(`s${String(n)}`, 'Completed', 200_000 + n);
      cache.unshift(summaryOf(head));
      fake.api.emitChanges({ interactions: [head] });
    }
    expect(inbox.history).toHaveLength(atCap);
    // "Show older" reads the page after the rows shown; one more ends before its answer comes.
    const paging = inbox.moreHistory();
    await settle();
    const late = sampleHead('late', 'Completed', 300_000);
    cache.unshift(summaryOf(late));
    fake.api.emitChanges({ interactions: [late] });
    pageAsked?.resolve(undefined);
    await paging;
    // Every row of the cache once, in its order: none lost between the list and the page.
    expect(ids(inbox.history)).toEqual(ids(cache));
    inbox.stop();
  });

  it('skips no row when a shown one goes back to work while an older page is on its way', async () => {
    const cache = endedRows(0, LIST_LIMIT + 3);
    let pageAsked: ReturnType<typeof deferred<unknown>> | undefined;
    fake.api.answer(HISTORY, (query) => {
      if ((query as { after?: unknown }).after === undefined)
        return Promise.resolve({ ok: true, value: pageOf(cache, query) });
      pageAsked = deferred<unknown>();
      // Main reads the page once the reopening is in the cache.
      return pageAsked.promise.then(() => ({ ok: true, value: pageOf(cache, query) }));
    });
    const inbox = await loadedInbox([]);
    inbox.showTab('history');
    await settle();
    const paging = inbox.moreHistory();
    await settle();
    // A chat shown in the history comes back to the agent (a transfer back): out of the history.
    cache.splice(5, 1);
    fake.api.emitChanges({ interactions: [sampleHead('h5', 'Accepted', 300_000)] });
    pageAsked?.resolve(undefined);
    await paging;
    expect(ids(inbox.history)).toEqual(ids(cache));
    inbox.stop();
  });

  it('counts a full page by what the cache answered, not by the change sets folded on', async () => {
    const page = deferred<unknown>();
    fake.api.answer(HISTORY, () => page.promise);
    const inbox = await loadedInbox([]);
    inbox.showTab('history');
    await settle();
    fake.api.emitChanges({ interactions: [sampleHead('fresh', 'Completed', 200_000)] });
    page.resolve({ ok: true, value: endedRows(0, LIST_LIMIT) });
    await settle();
    expect(inbox.history).toHaveLength(LIST_LIMIT + 1);
    expect(inbox.history[0]?.id).toBe('fresh');
    expect(inbox.historyMore).toBe(true);
    inbox.stop();
  });

  it('keeps the history shown when a page fails, with the error beside it', async () => {
    fake.api.answer(HISTORY, () => Promise.resolve({ ok: true, value: endedRows(0, LIST_LIMIT) }));
    const inbox = await loadedInbox([]);
    inbox.showTab('history');
    await settle();
    fake.api.answer(HISTORY, () =>
      Promise.resolve({ ok: false, error: { kind: 'timeout', message: 'busy' } }),
    );
    await inbox.moreHistory();
    expect(inbox.history).toHaveLength(LIST_LIMIT);
    expect(inbox.historyError).toBeNull();
    expect(inbox.historyPageError).toEqual({ kind: 'timeout', message: 'busy' });
    expect(inbox.historyMore).toBe(true);
    expect(inbox.historyPaging).toBe(false);
    inbox.stop();
  });

  it('drops a page that comes back after clear()', async () => {
    fake.api.answer(HISTORY, () => Promise.resolve({ ok: true, value: endedRows(0, LIST_LIMIT) }));
    const inbox = await loadedInbox([]);
    inbox.showTab('history');
    await settle();
    const page = deferred<unknown>();
    fake.api.answer(HISTORY, () => page.promise);
    const paging = inbox.moreHistory();
    inbox.clear();
    page.resolve({ ok: true, value: endedRows(LIST_LIMIT, 2) });
    await paging;
    expect(inbox.history).toEqual([]);
    expect(inbox.historyMore).toBe(false);
    expect(inbox.historyPaging).toBe(false);
    inbox.stop();
  });
});

async function loadedInboxUnderFakeTime() {
  fake.api.answer(INBOX, () => Promise.resolve({ ok: true, value: [] }));
  const inbox = useInboxStore();
  inbox.start();
  inbox.load();
  await vi.advanceTimersByTimeAsync(50);
  expect(inbox.loaded).toBe(true);
  return inbox;
}

describe('the whole inbox: pages and true counts', () => {
  /** `count` active rows, most recently changed first, numbered from `from`. */
  function activeRows(from: number, count: number): InteractionSummary[] {
    return Array.from({ length: count }, (_, index) =>
      sampleRow(`a${String(from + index)}`, 'Accepted', 100_000 - from - index),
    );
  }

  it('pages the inbox past its first page until a page comes back short', async () => {
    const firstPage = activeRows(0, LIST_LIMIT);
    const secondPage = activeRows(LIST_LIMIT, 2);
    const inbox = await loadedInbox(firstPage);
    fake.api.answer(INBOX, (page) =>
      Promise.resolve({
        ok: true,
        value: (page as { offset?: number }).offset === undefined ? firstPage : secondPage,
      }),
    );
    expect(inbox.items).toHaveLength(LIST_LIMIT);
    expect(inbox.itemsMore).toBe(true);

    await inbox.moreInbox();
    expect(
      fake.api.calls.filter((call) => call.channel === INBOX).map((call) => call.args[0]),
    ).toEqual([{ limit: LIST_LIMIT }, { limit: LIST_LIMIT, offset: LIST_LIMIT }]);
    expect(inbox.items).toHaveLength(LIST_LIMIT + 2);
    expect(ids(inbox.items.slice(-2))).toEqual(['a500', 'a501']);
    expect(inbox.itemsMore).toBe(false);
    await inbox.moreInbox();
    expect(fake.api.calls.filter((call) => call.channel === INBOX)).toHaveLength(2);
    inbox.stop();
  });

  it('shows the counts the cache answered, then those each commit carries, with no fetch', async () => {
    fake.api.answer(COUNTS, () =>
      Promise.resolve({ ok: true, value: { inbox: 2_000, invited: 102, history: 7 } }),
    );
    const inbox = await loadedInbox(activeRows(0, 3));
    expect(inbox.counts).toEqual({ inbox: 2_000, invited: 102, history: 7 });

    fake.api.emitChanges({
      interactions: [sampleHead('new', 'Invited', 200_000)],
      counts: { inbox: 2_001, invited: 103, history: 7 },
    });
    await settle();
    expect(inbox.counts).toEqual({ inbox: 2_001, invited: 103, history: 7 });
    expect(fake.api.calls.filter((call) => call.channel === COUNTS)).toHaveLength(1);
    inbox.stop();
  });

  it('drops a fetched count that a commit overtook', async () => {
    const counted = deferred<unknown>();
    fake.api.answer(COUNTS, () => counted.promise);
    const inbox = await loadedInbox([]);
    fake.api.emitChanges({
      interactions: [sampleHead('new', 'Invited', 200_000)],
      counts: { inbox: 1, invited: 1, history: 0 },
    });
    counted.resolve({ ok: true, value: { inbox: 0, invited: 0, history: 0 } });
    await settle();
    expect(inbox.counts).toEqual({ inbox: 1, invited: 1, history: 0 });
    inbox.stop();
  });
});
