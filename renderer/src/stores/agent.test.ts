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

describe('the agent store folding change sets', () => {
  const NOT_READY: AgentState = {
    dnd: false,
    channels: [
      { channel: 'email', state: 'NotReady', dnd: false },
      { channel: 'chat', state: 'NotReady', dnd: false },
    ],
    at: 2,
  };

  it("shows the agent's state a change set carries, and ignores one without", () => {
    const agent = useAgentStore();
    agent.start();
    fake.api.emitChanges({ agent: NOT_READY });
    expect(agent.choice).toBe('notReady');
    fake.api.emitChanges({ transcripts: [] });
    expect(agent.state).toEqual(NOT_READY);
    agent.stop();
    fake.api.emitChanges({ agent: { ...NOT_READY, channels: [] } });
    expect(agent.choice).toBe('notReady');
  });

  it('keeps a pushed state over a read that was under way when it came', async () => {
    const reading = deferred<unknown>();
    fake.api.answer('switchboard:agent:getState', () => reading.promise);
    const agent = useAgentStore();
    agent.start();
    const loading = agent.load();
    fake.api.emitChanges({ agent: NOT_READY });
    reading.resolve({ ok: true, value: READY });
    await loading;
    expect(agent.state).toEqual(NOT_READY);
    agent.stop();
  });
});
