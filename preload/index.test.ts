import { beforeAll, describe, expect, it, vi } from 'vitest';
import { contract, contractEntries, type ClientTransport } from '../common/contract';

// Electron cannot run here, so this test stands in for its two preload APIs: a contextBridge
// that records what is exposed, and an ipcRenderer that records what is sent.
const fake = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const exposeCalls: string[] = [];
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipcRenderer = {
    invoke: vi.fn((channel: string, ...args: unknown[]) =>
      Promise.resolve({ ok: true, value: { channel, args } }),
    ),
    on: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
    }),
    removeListener: vi.fn(
      (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
        listeners.get(channel)?.delete(listener);
      },
    ),
    send: vi.fn(),
    sendSync: vi.fn(),
  };
  const contextBridge = {
    exposeInMainWorld: (key: string, api: unknown) => {
      exposeCalls.push(key);
      exposed.set(key, api);
    },
  };
  return { exposed, exposeCalls, listeners, ipcRenderer, contextBridge };
});

vi.mock('electron', () => ({ contextBridge: fake.contextBridge, ipcRenderer: fake.ipcRenderer }));

/** Every value reachable from `root`, depth first. */
function reachable(root: unknown, seen = new Set<unknown>()): unknown[] {
  if ((typeof root !== 'object' && typeof root !== 'function') || root === null || seen.has(root)) {
    return [];
  }
  seen.add(root);
  return [root, ...Object.values(root).flatMap((value) => reachable(value, seen))];
}

describe('preload', () => {
  let ipcTransport: ClientTransport;
  beforeAll(async () => {
    ({ ipcTransport } = await import('./index'));
  });

  it('exposes exactly one global, window.switchboard', () => {
    expect(fake.exposeCalls).toEqual(['switchboard']);
  });

  it('exposes the contract members and nothing else', () => {
    const api = fake.exposed.get('switchboard') as Record<string, Record<string, unknown>>;
    const expected = contractEntries(contract).map(({ namespace, member, spec }) =>
      spec.kind === 'method'
        ? `${namespace}.${member}`
        : `${namespace}.on${member[0]?.toUpperCase() ?? ''}${member.slice(1)}`,
    );
    const actual = Object.entries(api).flatMap(([namespace, members]) =>
      Object.keys(members).map((member) => `${namespace}.${member}`),
    );
    expect(actual.sort()).toEqual(expected.sort());
  });

  it('never hands ipcRenderer or its methods to the page', () => {
    const values = reachable(fake.exposed.get('switchboard'));
    expect(values.length).toBeGreaterThan(1);
    const forbidden = [fake.ipcRenderer, ...Object.values(fake.ipcRenderer)];
    for (const value of values) expect(forbidden).not.toContain(value);
  });

  it('routes app.getInfo to its channel through ipcRenderer.invoke', async () => {
    const api = fake.exposed.get('switchboard') as { app: { getInfo: () => Promise<unknown> } };
    const answer = await api.app.getInfo();
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledWith('switchboard:app:getInfo');
    expect(answer).toEqual({ ok: true, value: { channel: 'switchboard:app:getInfo', args: [] } });
  });

  it('subscribes every event of the contract with an unsubscribe function', () => {
    const api = fake.exposed.get('switchboard') as Record<
      string,
      Record<string, (listener: (payload: unknown) => void) => () => void>
    >;
    for (const { namespace, member, channel, spec } of contractEntries(contract)) {
      if (spec.kind !== 'event') continue;
      const subscribe = api[namespace]?.[`on${member[0]?.toUpperCase() ?? ''}${member.slice(1)}`];
      const received: unknown[] = [];
      const unsubscribe = subscribe?.((payload) => received.push(payload));
      for (const listener of fake.listeners.get(channel) ?? []) listener({}, { on: channel });
      unsubscribe?.();
      for (const listener of fake.listeners.get(channel) ?? []) listener({}, { late: true });
      expect({ channel, received }).toEqual({ channel, received: [{ on: channel }] });
    }
  });

  it('forwards event payloads without the Electron event object, and unsubscribes', () => {
    const received: unknown[][] = [];
    const unsubscribe = ipcTransport.subscribe('switchboard:test:changed', (...args) => {
      received.push(args);
    });
    const electronEvent = { sender: fake.ipcRenderer, senderId: 0 };
    for (const listener of fake.listeners.get('switchboard:test:changed') ?? []) {
      listener(electronEvent, { value: 1 });
    }
    unsubscribe();

    expect(received).toEqual([[{ value: 1 }]]);
    expect(fake.listeners.get('switchboard:test:changed')?.size).toBe(0);
  });
});
