import { describe, expect, it, vi } from 'vitest';
import {
  contract,
  contractEntries,
  createClient,
  type SwitchboardClient,
} from '../../../common/contract';
import { isListenerName, settledClient } from './settledClient';

describe('isListenerName', () => {
  it('tells every listener of the contract from every method', () => {
    const client = createClient(contract, {
      invoke: () => Promise.resolve(undefined),
      subscribe: () => () => undefined,
    }) as unknown as Record<string, Record<string, unknown>>;
    const kinds = new Map(
      contractEntries(contract).map(({ namespace, member, spec }) => [
        `${namespace}.${member}`,
        spec.kind,
      ]),
    );
    for (const [namespace, members] of Object.entries(client)) {
      for (const name of Object.keys(members)) {
        const expected = isListenerName(name) ? 'event' : 'method';
        const declared = isListenerName(name)
          ? `${namespace}.${name.charAt(2).toLowerCase()}${name.slice(3)}`
          : `${namespace}.${name}`;
        expect({ name: `${namespace}.${name}`, kind: kinds.get(declared) }).toEqual({
          name: `${namespace}.${name}`,
          kind: expected,
        });
      }
    }
  });
});

describe('settledClient', () => {
  function clientOver(invoke: (channel: string, args: readonly unknown[]) => Promise<unknown>) {
    const subscribe = vi.fn(() => () => undefined);
    const raw = createClient(contract, { invoke, subscribe });
    return { raw, subscribe };
  }

  it('passes answers through', async () => {
    const { raw } = clientOver((channel, args) =>
      Promise.resolve({ ok: true, value: { channel, args } }),
    );
    const api = settledClient(raw, () => undefined);
    expect(await api.interactions.get('42')).toEqual({
      ok: true,
      value: { channel: 'switchboard:interactions:get', args: ['42'] },
    });
  });

  it('turns a rejection into an internal error, reported once', async () => {
    const report = vi.fn();
    const { raw } = clientOver(() =>
      Promise.reject(new Error("Error invoking remote method 'x': no handler")),
    );
    const api = settledClient(raw, report);
    expect(
      await api.session.signIn({ serverUrl: 'http://a', userName: 'b', remember: false }),
    ).toEqual({
      ok: false,
      error: { kind: 'internal', message: "Error invoking remote method 'x': no handler" },
    });
    expect(report).toHaveBeenCalledTimes(1);
    expect(report.mock.calls[0]?.[0]).toBe('session.signIn');
  });

  it('turns a synchronous throw into an internal error too', async () => {
    const throwing = {
      app: {
        getInfo: () => {
          throw new TypeError('could not be cloned');
        },
      },
    } as unknown as SwitchboardClient;
    const api = settledClient(throwing, () => undefined);
    expect(await api.app.getInfo()).toEqual({
      ok: false,
      error: { kind: 'internal', message: 'could not be cloned' },
    });
  });

  it('keeps the shape and hands listeners through untouched', () => {
    const { raw, subscribe } = clientOver(() => Promise.resolve({ ok: true, value: undefined }));
    const api = settledClient(raw, () => undefined);
    const shape = (client: object) =>
      Object.fromEntries(
        Object.entries(client).map(([namespace, members]) => [
          namespace,
          Object.keys(members as object).sort(),
        ]),
      );
    expect(shape(api)).toEqual(shape(raw));
    expect(api.session.onConnectionChanged).toBe(raw.session.onConnectionChanged);
    expect(Object.isFrozen(api) && Object.values(api).every((ns) => Object.isFrozen(ns))).toBe(
      true,
    );
    const listener = vi.fn();
    api.session.onConnectionChanged(listener);
    expect(subscribe).toHaveBeenCalledWith(
      'switchboard:session:connectionChanged',
      expect.any(Function),
    );
  });
});
