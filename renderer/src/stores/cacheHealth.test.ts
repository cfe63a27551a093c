import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channelName, type CacheHealth } from '../../../common/contract';
import { settle, type FakeApi } from '../testing/fakeApi';
import { useCacheHealthStore } from './cacheHealth';

const fake = vi.hoisted(() => ({ api: undefined as unknown as FakeApi }));
vi.mock('../api', async () => {
  const { fakeApi } = await import('../testing/fakeApi');
  const { settledClient } = await import('../lib/settledClient');
  fake.api = fakeApi();
  return { api: settledClient(fake.api.client, () => undefined) };
});

const PATH = '/home/agent/.config/Switchboard/cache.sqlite';
const sound: CacheHealth = { state: 'sound', path: PATH, message: 'The cache is sound.' };
const damaged: CacheHealth = {
  state: 'damaged',
  path: PATH,
  message: `The cache at ${PATH} is damaged (the quick check found: …).`,
};
const scheduled: CacheHealth = {
  state: 'moveScheduled',
  path: PATH,
  message: 'Restart Switchboard: the damaged cache will be moved aside.',
};

beforeEach(() => {
  fake.api.reset();
  setActivePinia(createPinia());
});

describe('the cache health store', () => {
  it('says nothing of a sound cache, and offers the move once damage is pushed', async () => {
    fake.api.answer(channelName('session', 'getCacheHealth'), () =>
      Promise.resolve({ ok: true, value: sound }),
    );
    const cache = useCacheHealthStore();
    cache.start();
    await cache.load();
    expect(cache.worthSaying).toBe(false);
    expect(cache.canMoveAside).toBe(false);

    fake.api.emit(channelName('session', 'cacheHealthChanged'), damaged);
    expect(cache.worthSaying).toBe(true);
    expect(cache.canMoveAside).toBe(true);
  });

  it('moves the cache aside through the contract and shows what main answers', async () => {
    fake.api.answer(channelName('session', 'moveCacheAside'), () =>
      Promise.resolve({ ok: true, value: scheduled }),
    );
    const cache = useCacheHealthStore();
    cache.health = damaged;
    await cache.moveAside();
    expect(fake.api.calls.map((call) => call.channel)).toEqual([
      channelName('session', 'moveCacheAside'),
    ]);
    expect(cache.health).toEqual(scheduled);
    expect(cache.canMoveAside).toBe(false);
    expect(cache.worthSaying).toBe(true);
  });

  it('keeps a pushed health over an older answer to the first read', async () => {
    let answer!: (value: unknown) => void;
    fake.api.answer(
      channelName('session', 'getCacheHealth'),
      () => new Promise((resolve) => (answer = resolve)),
    );
    const cache = useCacheHealthStore();
    cache.start();
    const loading = cache.load();
    fake.api.emit(channelName('session', 'cacheHealthChanged'), damaged);
    answer({ ok: true, value: sound });
    await loading;
    await settle();
    expect(cache.health).toEqual(damaged);
  });

  it('shows a refused move as an error and keeps offering it', async () => {
    fake.api.answer(channelName('session', 'moveCacheAside'), () =>
      Promise.resolve({ ok: false, error: { kind: 'invalidState', message: 'no file' } }),
    );
    const cache = useCacheHealthStore();
    cache.health = damaged;
    await cache.moveAside();
    expect(cache.moveError).toEqual({ kind: 'invalidState', message: 'no file' });
    expect(cache.canMoveAside).toBe(true);
  });
});
