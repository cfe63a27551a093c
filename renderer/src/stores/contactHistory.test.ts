import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channelName } from '../../../common/contract';
import type { ContactHistory, StoredHistoryEntry } from '../../../common/model';
import { deferred, type FakeApi } from '../testing/fakeApi';
import { notOpenedOffline, useContactHistoryStore } from './contactHistory';
import { useSessionStore } from './session';

const fake = vi.hoisted(() => ({ api: undefined as unknown as FakeApi }));
vi.mock('../api', async () => {
  const { fakeApi } = await import('../testing/fakeApi');
  const { settledClient } = await import('../lib/settledClient');
  fake.api = fakeApi();
  return { api: settledClient(fake.api.client, () => undefined) };
});

const CONTACT = 'C-MARIA';
const chat: StoredHistoryEntry = {
  id: 'H1',
  mediaType: 'Chat',
  subject: 'Delivery address',
  startedAt: 1_000,
  contactId: CONTACT,
};
const cached: ContactHistory = { contactId: CONTACT, fetchedAt: 500, entries: [chat] };
const fetched: ContactHistory = { ...cached, fetchedAt: 2_000 };

function answer(method: 'cached' | 'fetch' | 'open', value: unknown): void {
  fake.api.answer(channelName('contactHistory', method), () => Promise.resolve(value));
}

const email: StoredHistoryEntry = { ...chat, id: 'H2', mediaType: 'Email', subject: 'Invoice' };

/** The desk's link to the server, as main reports it to the session store: up, or lost. */
function link(state: 'connected' | 'reconnecting'): void {
  useSessionStore().state = {
    connection: { state, reason: '' },
    serverUrl: 'http://gws.example',
    userName: 'agent1',
    demo: false,
    passwordRemembered: false,
  };
}

/** Shows the contact with the link up (asked of the server) or lost (the cache alone). */
async function showWith(
  store: ReturnType<typeof useContactHistoryStore>,
  state: 'connected' | 'reconnecting',
): Promise<void> {
  link(state);
  await store.show(CONTACT);
}

/** The link comes back, and the panel (watching it) has the store ask the server again. */
function linkBack(store: ReturnType<typeof useContactHistoryStore>): Promise<void> {
  link('connected');
  return store.refresh();
}

/** A history of two entries (the chat and an e-mail), in the cache's copy and the server's. */
function answerChatAndEmail(): void {
  const two: ContactHistory = { ...cached, entries: [chat, email] };
  answer('cached', { ok: true, value: two });
  answer('fetch', { ok: true, value: { ...two, fetchedAt: 2_000 } });
}

/** The store with both entries of {@link answerChatAndEmail} opened while the server is away. */
async function bothOpenedOffline() {
  const store = useContactHistoryStore();
  await showWith(store, 'reconnecting');
  await store.toggle(chat);
  await store.toggle(email);
  return store;
}

/** The cache's copy, the server's, and the chat entry's content when opened: answers `content`. */
function answerAllWithContent() {
  answer('cached', { ok: true, value: cached });
  answer('fetch', { ok: true, value: fetched });
  const content = { events: [{ eventId: 1, kind: 'message', text: 'Hi' }], fetchedAt: 3_000 };
  answer('open', { ok: true, value: { ...chat, content } });
  return content;
}

beforeEach(() => {
  fake.api.reset();
  setActivePinia(createPinia());
});

describe('the contact history store', () => {
  it('shows the cached copy, then the server’s; offline it only reads the cache', async () => {
    answer('cached', { ok: true, value: cached });
    answer('fetch', { ok: true, value: fetched });
    const store = useContactHistoryStore();
    await showWith(store, 'connected');
    expect(store.history).toEqual(fetched);
    expect(fake.api.calls.map((call) => call.channel)).toEqual([
      channelName('contactHistory', 'cached'),
      channelName('contactHistory', 'fetch'),
    ]);

    fake.api.calls.splice(0);
    await showWith(store, 'reconnecting');
    expect(store.history).toEqual(cached);
    expect(fake.api.calls.map((call) => call.channel)).toEqual([
      channelName('contactHistory', 'cached'),
    ]);
  });

  it('stops saying "asking…" when the panel switches contact while offline, the first ask still out', async () => {
    answer('cached', { ok: true, value: cached });
    const slow = deferred<unknown>();
    fake.api.answer(channelName('contactHistory', 'fetch'), () => slow.promise);
    const store = useContactHistoryStore();
    link('connected');
    const first = store.show(CONTACT);
    await vi.waitFor(() => {
      expect(store.fetching).toBe(true);
    });
    // The link goes, and another interaction opens with another contact: nobody is asked.
    link('reconnecting');
    await store.show('C-TOM');
    expect(store.fetching).toBe(false);
    // The first ask's answer, when it comes, is the earlier contact's: dropped.
    slow.resolve({ ok: false, error: { kind: 'timeout', message: 'No answer in time.' } });
    await first;
    expect(store.fetching).toBe(false);
    expect(store.fetchError).toBeNull();
  });

  it('keeps the cached copy and the refusal when the server answers errorMessage', async () => {
    answer('cached', { ok: true, value: cached });
    const refusal = {
      kind: 'internal',
      message: 'The server could not send the contact history: UCS down.',
    };
    answer('fetch', { ok: false, error: refusal });
    const store = useContactHistoryStore();
    await showWith(store, 'connected');
    expect(store.history).toEqual(cached);
    expect(store.fetchError).toEqual(refusal);
  });

  it('opens an entry by fetching its content once; offline, says the desk has no copy', async () => {
    const content = answerAllWithContent();
    const store = useContactHistoryStore();
    await showWith(store, 'connected');
    await store.toggle(chat);
    expect(store.history?.entries[0]?.content).toEqual(content);
    expect(store.expanded.has('H1')).toBe(true);
    // Closed and opened again: the content is there, nothing is asked.
    fake.api.calls.splice(0);
    const opened = store.history?.entries[0];
    if (opened === undefined) throw new Error('no entry');
    await store.toggle(opened);
    await store.toggle(opened);
    expect(fake.api.calls).toEqual([]);

    await showWith(store, 'reconnecting');
    fake.api.calls.splice(0);
    await store.toggle(chat);
    expect(store.openError).toEqual({ id: 'H1', sentence: notOpenedOffline() });
    expect(fake.api.calls).toEqual([]);
  });

  it('opened offline, an entry shows its content once the refresh brings the server’s answer', async () => {
    const content = answerAllWithContent();
    const store = useContactHistoryStore();
    await showWith(store, 'reconnecting');
    await store.toggle(chat);
    expect(store.openError).toEqual({ id: 'H1', sentence: notOpenedOffline() });

    await linkBack(store);
    expect(store.openError).toBeNull();
    expect(store.expanded.has('H1')).toBe(true);
    expect(store.history?.entries[0]?.content).toEqual(content);
  });

  it('says at once that an entry was never opened online once the link is lost after the server answered', async () => {
    answerChatAndEmail();
    const store = useContactHistoryStore();
    await showWith(store, 'connected');
    expect(store.history?.fetchedAt).toBe(2_000);
    link('reconnecting');
    fake.api.calls.splice(0);
    await store.toggle(email);
    // Was: the server asked (a wait for a socket to fail) with the link known to be gone.
    expect({
      openError: store.openError,
      asked: fake.api.calls.map((call) => call.channel),
    }).toEqual({ openError: { id: 'H2', sentence: notOpenedOffline() }, asked: [] });
  });

  it('opens nothing again when the link is lost while the refresh’s answer is on its way', async () => {
    answerChatAndEmail();
    const fetchAnswer = deferred<unknown>();
    fake.api.answer(channelName('contactHistory', 'fetch'), () => fetchAnswer.promise);
    const store = await bothOpenedOffline();
    const before = store.openError;
    const refreshed = linkBack(store);
    link('reconnecting');
    fake.api.calls.splice(0);
    fetchAnswer.resolve({
      ok: true,
      value: { contactId: CONTACT, fetchedAt: 2_000, entries: [chat, email] },
    });
    await refreshed;
    // Was: both entries' sentences wiped and their content asked of a server out of reach.
    expect({
      openError: store.openError,
      asked: fake.api.calls.map((call) => call.channel),
    }).toEqual({ openError: before, asked: [] });
  });

  it('drops the entries it was opening again once the panel shows the contact anew', async () => {
    answerChatAndEmail();
    const firstOpen = deferred<unknown>();
    fake.api.answer(channelName('contactHistory', 'open'), () => firstOpen.promise);
    const store = await bothOpenedOffline();
    // The link back: the refresh opens H1 again (its answer on its way), H2 next.
    const refreshed = linkBack(store);
    await expect.poll(() => store.opening).toBe('H1');
    // Meanwhile the agent opens another interaction of the same customer, the link gone again,
    // and opens H2 there: the desk has no copy of it.
    await showWith(store, 'reconnecting');
    await store.toggle(email);
    fake.api.calls.splice(0);
    firstOpen.resolve({ ok: true, value: { ...chat, content: { events: [], fetchedAt: 3_000 } } });
    await refreshed;
    // Was: the earlier refresh went on to H2, wiping its sentence and asking the server for it,
    // H2 then shown "opening" for good (the answer dropped as the earlier look's).
    expect({
      openError: store.openError,
      opening: store.opening,
      asked: fake.api.calls.map((call) => call.channel),
    }).toEqual({ openError: { id: 'H2', sentence: notOpenedOffline() }, opening: null, asked: [] });
  });

  it('asks once for an entry the agent opened again while the refresh was opening another', async () => {
    answerChatAndEmail();
    const firstOpen = deferred<unknown>();
    fake.api.answer(channelName('contactHistory', 'open'), (_contact, entryId) =>
      entryId === 'H1'
        ? firstOpen.promise
        : Promise.resolve({
            ok: true,
            value: { ...email, content: { events: [], fetchedAt: 3_000 } },
          }),
    );
    const store = await bothOpenedOffline();
    const refreshed = linkBack(store);
    await expect.poll(() => store.opening).toBe('H1');
    // The link back, H1 on its way: the agent closes H2 and opens it again, which fetches it.
    await store.toggle(email);
    await store.toggle(email);
    firstOpen.resolve({ ok: true, value: { ...chat, content: { events: [], fetchedAt: 3_000 } } });
    await refreshed;
    // Was: the refresh, holding the entries as they were before, asked for H2 a second time.
    expect(
      fake.api.calls
        .filter((call) => call.channel === channelName('contactHistory', 'open'))
        .map((call) => call.args[1]),
    ).toEqual(['H1', 'H2']);
    expect(store.history?.entries.map((entry) => entry.content !== undefined)).toEqual([
      true,
      true,
    ]);
  });

  it('stops opening entries again once the server is out of reach again', async () => {
    answerChatAndEmail();
    answer('open', { ok: false, error: { kind: 'network', message: 'ECONNREFUSED' } });
    const store = await bothOpenedOffline();
    fake.api.calls.splice(0);
    // The link back for a moment: the history comes, then H1's content cannot.
    await linkBack(store);
    // Was: H2 asked for too (another wait for a socket to fail), its sentence then the one shown,
    // H1 left open and blank.
    expect({
      openError: store.openError,
      opened: fake.api.calls
        .filter((call) => call.channel === channelName('contactHistory', 'open'))
        .map((call) => call.args[1]),
    }).toEqual({ openError: { id: 'H1', sentence: notOpenedOffline() }, opened: ['H1'] });
  });

  it('folds a content the cache stored, carried by a change set', async () => {
    answer('cached', { ok: true, value: cached });
    const store = useContactHistoryStore();
    store.start();
    await showWith(store, 'reconnecting');
    fake.api.emitChanges({
      history: [
        {
          kind: 'content',
          referenceId: 4,
          entry: chat,
          events: [],
          body: 'Thanks',
          fetchedAt: 9_000,
        },
      ],
    });
    expect(store.history?.entries[0]?.content).toEqual({
      events: [],
      body: 'Thanks',
      fetchedAt: 9_000,
    });
    store.stop();
  });
});
