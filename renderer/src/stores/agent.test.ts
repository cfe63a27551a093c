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

describe('state choices across a sign-out', () => {
  const NOT_READY_EMAIL: AgentState = {
    dnd: false,
    channels: [
      { channel: 'email', state: 'Ready', dnd: false },
      { channel: 'chat', state: 'NotReady', dnd: false },
    ],
    at: 4,
  };
  const READY_NEXT: AgentState = {
    dnd: false,
    channels: [
      { channel: 'email', state: 'Ready', dnd: false },
      { channel: 'chat', state: 'Ready', dnd: false },
    ],
    at: 5,
  };
  const sent = () =>
    fake.api.calls
      .filter((call) => call.channel.startsWith('switchboard:agent:set'))
      .map((call) => [call.channel, call.args]);

  it("sends the next agent's choice at once, not after a choice of the agent who signed out", async () => {
    const oldReady = deferred<unknown>();
    fake.api.answer('switchboard:agent:setReady', () => oldReady.promise);
    fake.api.answer('switchboard:agent:setNotReady', () =>
      Promise.resolve({ ok: true, value: null }),
    );
    fake.api.answer('switchboard:agent:getState', () =>
      Promise.resolve({ ok: true, value: READY }),
    );
    const agent = useAgentStore();
    agent.start();
    fake.api.emitChanges({ agent: NOT_READY_EMAIL });
    // Ready asked for by the first agent, never answered: the session it was for ended.
    const oldChoice = agent.choose('ready');
    agent.clear();
    // Another agent signs in, Ready, and chooses Not Ready.
    fake.api.emitChanges({ agent: READY_NEXT });
    const newChoice = agent.choose('notReady');
    await settle();
    expect(sent()).toEqual([
      ['switchboard:agent:setReady', [undefined]],
      ['switchboard:agent:setNotReady', [{}]],
    ]);
    await newChoice;
    oldReady.resolve({ ok: true, value: null });
    await oldChoice;
    agent.stop();
  });

  it('sends no step of a choice made for the agent who signed out in the next session', async () => {
    const oldReady = deferred<unknown>();
    fake.api.answer('switchboard:agent:setReady', () => oldReady.promise);
    fake.api.answer('switchboard:agent:setNotReady', () =>
      Promise.resolve({ ok: true, value: null }),
    );
    const agent = useAgentStore();
    agent.start();
    fake.api.emitChanges({ agent: NOT_READY_EMAIL });
    // Ready on chat only: chat Ready first, then e-mail Not Ready.
    const oldChoice = agent.choose('readyOnly:chat');
    await settle();
    agent.clear();
    fake.api.emitChanges({ agent: READY_NEXT });
    oldReady.resolve({ ok: true, value: null });
    await oldChoice;
    await settle();
    // The e-mail Not Ready was the first agent's; the next one is Ready everywhere as they chose.
    expect(sent()).toEqual([['switchboard:agent:setReady', ['chat']]]);
    agent.stop();
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

  it('sends a Not Ready chosen while Ready is on its way, after it: the last choice is what the server keeps', async () => {
    const ready = deferred<unknown>();
    fake.api.answer('switchboard:agent:setReady', () => ready.promise);
    fake.api.answer('switchboard:agent:getState', () =>
      Promise.resolve({ ok: true, value: READY }),
    );
    const agent = useAgentStore();
    agent.start();
    fake.api.emitChanges({ agent: NOT_READY });
    const sent = () =>
      fake.api.calls
        .map((call) => call.channel)
        .filter((channel) => channel.startsWith('switchboard:agent:set'));
    const toReady = agent.choose('ready');
    // Not Ready from the shortcut's dialog, the Ready not answered yet (the header still says
    // Not Ready): it goes, once the Ready was answered, so the server takes them in this order.
    const toNotReady = agent.choose('notReady');
    await settle();
    expect(sent()).toEqual(['switchboard:agent:setReady']);
    ready.resolve({ ok: true, value: null });
    await Promise.all([toReady, toNotReady]);
    expect(sent()).toEqual(['switchboard:agent:setReady', 'switchboard:agent:setNotReady']);
    fake.api.emitChanges({
      agent: { ...NOT_READY, channels: NOT_READY.channels.map((c) => ({ ...c, state: 'Ready' })) },
    });
    expect(agent.choice).toBe('ready');
    fake.api.emitChanges({ agent: NOT_READY });
    expect(agent.choice).toBe('notReady');
    agent.stop();
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

describe('Ready on one channel only', () => {
  const mixed = (email: string, chat: string): AgentState => ({
    dnd: false,
    channels: [
      { channel: 'email', state: email, dnd: false },
      { channel: 'chat', state: chat, dnd: false },
    ],
    at: 3,
  });

  it('shows it as the choice when one channel is Ready and every other Not Ready', () => {
    const agent = useAgentStore();
    agent.start();
    fake.api.emitChanges({ agent: mixed('NotReady', 'Ready') });
    expect(agent.channelNames).toEqual(['email', 'chat']);
    expect(agent.choice).toBe('readyOnly:chat');
    fake.api.emitChanges({ agent: mixed('Ready', 'NotReady') });
    expect(agent.choice).toBe('readyOnly:email');
    // Not Ready for a reason beside it is still "Ready on … only" (the summary names the reason).
    fake.api.emitChanges({
      agent: {
        dnd: false,
        channels: [
          { channel: 'email', state: 'NotReady', reason: 'Lunch', dnd: false },
          { channel: 'chat', state: 'Ready', dnd: false },
        ],
        at: 4,
      },
    });
    expect(agent.choice).toBe('readyOnly:chat');
    // A logged-out channel takes no part: neither offered nor counted.
    fake.api.emitChanges({
      agent: {
        dnd: false,
        channels: [
          { channel: 'email', state: 'NotReady', dnd: false },
          { channel: 'chat', state: 'Ready', dnd: false },
          { channel: 'voice', state: 'LoggedOut', dnd: false },
        ],
        at: 5,
      },
    });
    expect(agent.channelNames).toEqual(['email', 'chat']);
    expect(agent.choice).toBe('readyOnly:chat');
    fake.api.emitChanges({ agent: mixed('LoggedOut', 'Ready') });
    expect(agent.channelNames).toEqual([]);
    // One channel: nothing to choose between.
    fake.api.emitChanges({
      agent: { dnd: false, channels: [{ channel: 'chat', state: 'Ready', dnd: false }], at: 6 },
    });
    expect(agent.channelNames).toEqual([]);
    expect(agent.choice).toBe('ready');
    agent.stop();
  });

  it('sets the channel Ready first, then every other Not Ready, and stops at a refusal', async () => {
    const agent = useAgentStore();
    agent.start();
    fake.api.emitChanges({ agent: mixed('Ready', 'NotReady') });
    fake.api.answer('switchboard:agent:setReady', () => Promise.resolve({ ok: true, value: null }));
    fake.api.answer('switchboard:agent:setNotReady', () =>
      Promise.resolve({ ok: true, value: null }),
    );
    fake.api.answer('switchboard:agent:getState', () =>
      Promise.resolve({ ok: true, value: READY_BOTH }),
    );
    await agent.choose('readyOnly:chat');
    const asked = () =>
      fake.api.calls
        .filter((call) => call.channel !== 'switchboard:agent:getState')
        .map((call) => [call.channel, call.args]);
    expect(asked()).toEqual([
      ['switchboard:agent:setReady', ['chat']],
      ['switchboard:agent:setNotReady', [{ channel: 'email' }]],
    ]);

    fake.api.emitChanges({ agent: mixed('NotReady', 'Ready') });
    fake.api.reset();
    fake.api.answer('switchboard:agent:setReady', () =>
      Promise.resolve({ ok: false, error: { kind: 'forbidden', message: 'no e-mail for you' } }),
    );
    await agent.choose('readyOnly:email');
    expect(asked()).toEqual([['switchboard:agent:setReady', ['email']]]);
    expect(agent.error).toMatchObject({ kind: 'forbidden' });
    agent.stop();
  });

  it('asks only what must change: a channel Not Ready already keeps its reason', async () => {
    const agent = useAgentStore();
    agent.start();
    fake.api.emitChanges({
      agent: {
        dnd: false,
        channels: [
          { channel: 'email', state: 'NotReady', reason: 'Lunch', dnd: false },
          { channel: 'chat', state: 'NotReady', reason: 'Lunch', dnd: false },
          { channel: 'voice', state: 'LoggedOut', dnd: false },
        ],
        at: 1,
      },
    });
    fake.api.answer('switchboard:agent:setReady', () => Promise.resolve({ ok: true, value: null }));
    fake.api.answer('switchboard:agent:getState', () =>
      Promise.resolve({ ok: true, value: READY_BOTH }),
    );
    await agent.choose('readyOnly:chat');
    expect(
      fake.api.calls
        .filter((call) => call.channel !== 'switchboard:agent:getState')
        .map((call) => [call.channel, call.args]),
    ).toEqual([['switchboard:agent:setReady', ['chat']]]);
    agent.stop();
  });
});

const READY_BOTH: AgentState = {
  dnd: false,
  channels: [
    { channel: 'email', state: 'Ready', dnd: false },
    { channel: 'chat', state: 'Ready', dnd: false },
  ],
  at: 1,
};

describe('the agent store under Do Not Disturb for all channels', () => {
  it('lets no state be chosen: the server would report Not Ready and apply it unseen once DND ends', async () => {
    const agent = useAgentStore();
    agent.start();
    fake.api.emitChanges({
      agent: {
        dnd: true,
        channels: [
          { channel: 'email', state: 'NotReady', dnd: false },
          { channel: 'chat', state: 'NotReady', dnd: false },
        ],
        at: 2,
      },
    });
    expect(agent.choosable).toBe(false);
    await agent.choose('ready');
    await agent.choose('notReady');
    expect(
      fake.api.calls.filter((call) => call.channel.startsWith('switchboard:agent:set')),
    ).toEqual([]);
    fake.api.emitChanges({
      agent: {
        dnd: false,
        channels: [
          { channel: 'email', state: 'NotReady', dnd: false },
          { channel: 'chat', state: 'NotReady', dnd: false },
        ],
        at: 3,
      },
    });
    expect(agent.choosable).toBe(true);
    fake.api.answer('switchboard:agent:setReady', () => Promise.resolve({ ok: true, value: null }));
    await agent.choose('ready');
    expect(fake.api.calls.map((call) => call.channel)).toContain('switchboard:agent:setReady');
    agent.stop();
  });
});
