import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { InteractionSummary } from '../../../common/model';
import { deferred, settle, stubAnimationFrames, type FakeApi } from '../testing/fakeApi';
import { useInboxStore } from './inbox';

const fake = vi.hoisted(() => ({ api: undefined as unknown as FakeApi }));
vi.mock('../api', async () => {
  const { fakeApi } = await import('../testing/fakeApi');
  const { settledClient } = await import('../lib/settledClient');
  fake.api = fakeApi();
  return { api: settledClient(fake.api.client, () => undefined) };
});

const INBOX = 'switchboard:interactions:inbox';

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
    inbox.refresh();
    await settle();
    expect(fake.api.calls.map((call) => call.channel)).toEqual([INBOX]);

    inbox.clear();
    answer.resolve({ ok: true, value: [summary('agent1-chat')] });
    await settle();
    expect(inbox.items).toEqual([]);
    expect(inbox.loaded).toBe(false);
  });

  it('drops a refresh scheduled before clear()', async () => {
    const inbox = useInboxStore();
    inbox.refresh();
    inbox.clear();
    await settle();
    expect(fake.api.calls).toEqual([]);
  });

  it('refreshes again at once after clear(), without waiting for the dropped answer', async () => {
    const stale = deferred<unknown>();
    fake.api.answer(INBOX, () => stale.promise);
    const inbox = useInboxStore();
    inbox.refresh();
    await settle();
    inbox.clear();
    fake.api.answer(INBOX, () => Promise.resolve({ ok: true, value: [summary('agent2-chat')] }));
    inbox.refresh();
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
