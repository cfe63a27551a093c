import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentState } from '../../../common/model';
import { deferred, settle, type FakeApi } from '../testing/fakeApi';
import { useAgentStore } from './agent';

const fake = vi.hoisted(() => ({ api: undefined as unknown as FakeApi }));
vi.mock('../api', async () => {
  const { fakeApi } = await import('../testing/fakeApi');
  fake.api = fakeApi();
  return { api: fake.api.client };
});

const READY: AgentState = {
  dnd: false,
  channels: [
    { channel: 'email', state: 'Ready' },
    { channel: 'chat', state: 'Ready' },
  ],
} as AgentState;

beforeEach(() => {
  fake.api.reset();
  setActivePinia(createPinia());
});

describe('the agent store', () => {
  it('drops what load() gets back after clear(), and clear() forgets the reasons', async () => {
    fake.api.answer('switchboard:agent:getNotReadyReasons', () =>
      Promise.resolve({ ok: true, value: [{ operationName: 'Lunch', displayName: 'Lunch' }] }),
    );
    fake.api.answer('switchboard:agent:getState', () =>
      Promise.resolve({ ok: true, value: READY }),
    );
    const agent = useAgentStore();
    await agent.load();
    expect(agent.reasons).toHaveLength(1);
    expect(agent.choice).toBe('ready');

    const state = deferred<unknown>();
    fake.api.answer('switchboard:agent:getState', () => state.promise);
    const loading = agent.load();
    agent.clear();
    expect(agent.reasons).toEqual([]);
    state.resolve({ ok: true, value: READY });
    await loading;
    expect(agent.state).toBeNull();
    expect(agent.reasons).toEqual([]);
  });

  it('drops the answer of a state change made before clear()', async () => {
    const change = deferred<unknown>();
    fake.api.answer('switchboard:agent:setReady', () => change.promise);
    const agent = useAgentStore();
    const choosing = agent.choose('ready');
    expect(agent.busy).toBe(true);
    agent.clear();
    expect(agent.busy).toBe(false);
    change.resolve({ ok: false, error: { kind: 'forbidden', message: 'no' } });
    await choosing;
    await settle();
    expect(agent.error).toBeNull();
    expect(fake.api.calls.map((call) => call.channel)).not.toContain('switchboard:agent:getState');
  });
});
