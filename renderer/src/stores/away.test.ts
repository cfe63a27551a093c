import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channelName } from '../../../common/contract';
import type { AwaySummary } from '../../../common/model';
import { deferred, type FakeApi } from '../testing/fakeApi';
import { sampleHead } from '../testing/samples';
import { useAwayStore } from './away';

const fake = vi.hoisted(() => ({ api: undefined as unknown as FakeApi }));
vi.mock('../api', async () => {
  const { fakeApi } = await import('../testing/fakeApi');
  const { settledClient } = await import('../lib/settledClient');
  fake.api = fakeApi();
  return { api: settledClient(fake.api.client, () => undefined) };
});

const AWAY = channelName('desk', 'away');
const ready = { channels: [{ channel: 'chat', state: 'Ready', dnd: false }], dnd: false };
const loggedOut = { channels: [{ channel: 'chat', state: 'LoggedOut', dnd: false }], dnd: false };

function summary(ids: string[], agent = ready, restore?: AwaySummary['restore']): AwaySummary {
  return {
    at: 1,
    agent,
    items: ids.map((id) => ({ id, channel: 'chat', change: 'withdrawn', state: 'Revoked' })),
    ...(restore === undefined ? {} : { restore }),
  };
}

beforeEach(() => {
  fake.api.reset();
  setActivePinia(createPinia());
});

describe('the away store', () => {
  it('shows what main pushes until the agent dismisses it', () => {
    const away = useAwayStore();
    away.start();
    fake.api.emit(AWAY, summary(['a']));
    expect(away.summary?.items.map((item) => item.id)).toEqual(['a']);
    away.dismiss();
    expect(away.summary).toBeNull();
    away.stop();
    fake.api.emit(AWAY, summary(['b']));
    expect(away.summary).toBeNull();
  });

  it("reads main's summary for a page loaded anew, keeps what was pushed meanwhile, and tells main of a dismissal", async () => {
    const kept = deferred<unknown>();
    fake.api.answer(channelName('desk', 'awaySummary'), () => kept.promise);
    fake.api.answer(channelName('desk', 'dismissAway'), () =>
      Promise.resolve({ ok: true, value: undefined }),
    );
    const away = useAwayStore();
    away.start();
    const loading = away.load();
    fake.api.emit(AWAY, summary(['c']));
    kept.resolve({ ok: true, value: summary(['a', 'b']) });
    await loading;
    expect(away.summary?.items.map((item) => item.id)).toEqual(['a', 'b', 'c']);
    away.dismiss();
    expect(away.summary).toBeNull();
    // Main is told which one was shown (by its time): a later one would stay.
    expect(
      fake.api.calls.find((call) => call.channel === channelName('desk', 'dismissAway'))?.args,
    ).toEqual([1]);

    // Forgotten here (sign-out) while main's answer was coming: it does not come back.
    const late = deferred<unknown>();
    fake.api.answer(channelName('desk', 'awaySummary'), () => late.promise);
    const again = away.load();
    away.forget();
    late.resolve({ ok: true, value: summary(['a']) });
    await again;
    expect(away.summary).toBeNull();
    away.stop();
  });

  it('drops what a change set shows in play again: an invitation withdrawn, then offered anew', () => {
    const away = useAwayStore();
    away.start();
    fake.api.emit(AWAY, summary(['a', 'b']));
    // A line of another chat, and b ended again: nothing is in play again.
    fake.api.emitChanges({ interactions: [sampleHead('c', 'Accepted', 5)] });
    fake.api.emitChanges({
      interactions: [sampleHead('b', 'Revoked', 6, { phase: 'ended', endedAt: 6 })],
    });
    expect(away.summary?.items.map((item) => item.id)).toEqual(['a', 'b']);
    // a rings again: the inbox offers it with Accept, so it is not "withdrawn".
    fake.api.emitChanges({ interactions: [sampleHead('a', 'Invited', 7)] });
    expect(away.summary?.items.map((item) => item.id)).toEqual(['b']);
    away.stop();
  });

  it('keeps undismissed news when a later gap adds more, with the newest state', () => {
    const away = useAwayStore();
    away.start();
    const restore = { outcome: 'sessionRefused', reason: 'no' } as const;
    fake.api.emit(AWAY, summary(['a', 'b'], ready, restore));
    fake.api.emit(AWAY, summary(['c', 'a'], loggedOut));
    expect(away.summary?.items.map((item) => item.id)).toEqual(['b', 'c', 'a']);
    expect(away.summary?.agent).toEqual(loggedOut);
    expect(away.summary?.restore).toEqual(restore);
    away.stop();
  });
});
