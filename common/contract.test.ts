import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { z } from 'zod';
import type { Result } from './errors';
import {
  channelName,
  contract,
  contractEntries,
  createClient,
  createEmitters,
  event,
  method,
  type ClientOf,
  type ClientTransport,
  type EmittersOf,
  type HandlersOf,
  type SwitchboardClient,
} from './contract';
import type { AppInfo } from './model';

const sample = {
  calls: {
    dial: method(z.tuple([z.string(), z.number().int()]), z.object({ callId: z.string() })),
    hangUp: method(z.tuple([z.string()]), z.void()),
    callEnded: event(z.object({ callId: z.string(), reason: z.string() })),
  },
  agent: {
    state: method(z.tuple([]), z.enum(['ready', 'notReady'])),
  },
} as const;

function recordingTransport() {
  const listeners = new Map<string, (payload: unknown) => void>();
  const transport = {
    invoke: vi.fn((channel: string, args: readonly unknown[]) =>
      Promise.resolve({ ok: true, value: { channel, args } }),
    ),
    subscribe: vi.fn((channel: string, listener: (payload: unknown) => void) => {
      listeners.set(channel, listener);
      return () => listeners.delete(channel);
    }),
  } satisfies ClientTransport;
  return { transport, listeners };
}

describe('contract types are derived from the schemas', () => {
  it('lets handlers answer synchronously or with a promise', () => {
    type Handlers = HandlersOf<typeof sample>;
    expectTypeOf<Handlers['calls']['dial']>().parameters.toEqualTypeOf<[string, number]>();
    expectTypeOf<Handlers['calls']['dial']>().returns.toEqualTypeOf<
      { callId: string } | Promise<{ callId: string }>
    >();
    expectTypeOf<Handlers['agent']['state']>().returns.toEqualTypeOf<
      'ready' | 'notReady' | Promise<'ready' | 'notReady'>
    >();
    // Events are not methods main handles.
    expectTypeOf<keyof Handlers['calls']>().toEqualTypeOf<'dial' | 'hangUp'>();
  });

  it('gives the renderer Promise<Result<T>> methods and on<Event> listeners', () => {
    type Client = ClientOf<typeof sample>;
    expectTypeOf<Client['calls']['dial']>().parameters.toEqualTypeOf<[string, number]>();
    expectTypeOf<Client['calls']['dial']>().returns.toEqualTypeOf<
      Promise<Result<{ callId: string }>>
    >();
    expectTypeOf<Client['calls']['onCallEnded']>().parameters.toEqualTypeOf<
      [(payload: { callId: string; reason: string }) => void]
    >();
    expectTypeOf<keyof Client['calls']>().toEqualTypeOf<'dial' | 'hangUp' | 'onCallEnded'>();
    expectTypeOf<SwitchboardClient['app']['getInfo']>().returns.toEqualTypeOf<
      Promise<Result<AppInfo>>
    >();
  });

  it('derives emitters for events only', () => {
    expectTypeOf<keyof EmittersOf<typeof sample>['calls']>().toEqualTypeOf<'callEnded'>();
  });
});

describe('contract at run time', () => {
  it('lists every member with its channel, in declaration order', () => {
    expect(contractEntries(sample).map((entry) => entry.channel)).toEqual([
      'switchboard:calls:dial',
      'switchboard:calls:hangUp',
      'switchboard:calls:callEnded',
      'switchboard:agent:state',
    ]);
    expect(channelName('app', 'getInfo')).toBe('switchboard:app:getInfo');
  });

  it('has unique channel names in the real contract', () => {
    const channels = contractEntries(contract).map((entry) => entry.channel);
    expect(new Set(channels).size).toBe(channels.length);
    expect(channels).toContain('switchboard:app:getInfo');
  });

  it('builds a client whose methods invoke their channel with the arguments', async () => {
    const { transport } = recordingTransport();
    const client = createClient(sample, transport);

    const answer = await client.calls.dial('+3312345', 2);

    expect(transport.invoke).toHaveBeenCalledWith('switchboard:calls:dial', ['+3312345', 2]);
    expect(answer).toEqual({
      ok: true,
      value: { channel: 'switchboard:calls:dial', args: ['+3312345', 2] },
    });
  });

  it('builds on<Event> listeners that subscribe and unsubscribe', () => {
    const { transport, listeners } = recordingTransport();
    const client = createClient(sample, transport);
    const received: unknown[] = [];

    const unsubscribe = client.calls.onCallEnded((payload) => received.push(payload));
    listeners.get('switchboard:calls:callEnded')?.({ callId: 'c1', reason: 'hangup' });
    unsubscribe();

    expect(received).toEqual([{ callId: 'c1', reason: 'hangup' }]);
    expect(listeners.has('switchboard:calls:callEnded')).toBe(false);
  });

  it('exposes only contract members, as plain functions', () => {
    const { transport } = recordingTransport();
    const client = createClient(sample, transport) as unknown as Record<string, object>;

    expect(Object.keys(client)).toEqual(['calls', 'agent']);
    expect(Object.keys(client.calls ?? {})).toEqual(['dial', 'hangUp', 'onCallEnded']);
    for (const members of Object.values(client)) {
      for (const member of Object.values(members)) expect(typeof member).toBe('function');
    }
  });

  it('builds emitters that send on the event channel', () => {
    const send = vi.fn();
    const emitters = createEmitters(sample, send);

    emitters.calls.callEnded({ callId: 'c9', reason: 'transfer' });

    expect(send).toHaveBeenCalledWith('switchboard:calls:callEnded', {
      callId: 'c9',
      reason: 'transfer',
    });
    expect(Object.keys(emitters)).toEqual(['calls']);
  });
});
