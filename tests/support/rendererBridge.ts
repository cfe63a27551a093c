import type { Page } from 'playwright-core';
import {
  contract,
  contractEntries,
  createEmitters,
  type ContractSpec,
  type HandlersOf,
  type SwitchboardContract,
  type SwitchboardEmitters,
} from '../../common/contract';
import { createDispatcher, type DispatchLog } from '../../main/ipc/dispatcher';

/**
 * The Electron IPC path, rebuilt between Node and a Playwright page, so the shipped renderer
 * runs in real Chromium against the real main-side code.
 *
 * - Node side: main's own dispatcher (`createDispatcher`: argument schemas, errors as data)
 *   answers calls, and main's own emitters (`createEmitters`) push events through {@link
 *   RendererBridge.send}, which is what the desk core gets as its `send` port.
 * - Page side: an init script builds `window.switchboard` from the contract's entries (listed in
 *   Node, passed as data) with `createClient`'s exact shape: a function per method, an
 *   `on<Event>` per event returning an unsubscribe. Methods call an exposed binding with
 *   `(channel, args)` and resolve to the dispatcher's `Result`; events arrive through
 *   `page.evaluate` and go to the subscribed listeners, in the order they were sent.
 *
 * What differs from Electron: arguments and results cross by Playwright's serializer instead
 * of structured clone (both keep plain data, `undefined` and typed arrays); there is no sender
 * check (the page is served by the test). As with `webContents.send`, events sent before the
 * page has subscribed are lost.
 */

/** A contract member as the page needs it: names and kind, no schemas. */
export interface BridgeEntry {
  readonly namespace: string;
  readonly member: string;
  readonly kind: 'method' | 'event';
  readonly channel: string;
}

/** The contract's members as plain data, for the page's init script. */
export function bridgeEntries(spec: ContractSpec = contract): BridgeEntry[] {
  return contractEntries(spec).map(({ namespace, member, channel, spec: memberSpec }) => ({
    namespace,
    member,
    kind: memberSpec.kind,
    channel,
  }));
}

/** The binding the page's client calls, and the function Node calls to deliver events. */
const INVOKE_BINDING = '__switchboardBridgeInvoke';
const DELIVER_FUNCTION = '__switchboardBridgeDeliver';

interface Delivery {
  readonly channel: string;
  readonly payload: unknown;
}

export interface RendererBridgeOptions {
  /** Where the dispatcher reports handler failures (main logs them; tests usually record). */
  readonly log: DispatchLog;
  /** Told about events that could not reach a page still open (a bug in the test set-up). */
  readonly onDeliveryError?: (error: unknown) => void;
}

export interface RendererBridge {
  /**
   * Main's `send(channel, payload)` port: pushes an event to every attached page. A plain
   * function (no `this`), to hand to the core as it is.
   */
  readonly send: (channel: string, payload: unknown) => void;
  /** Main's typed emitters over {@link send}. */
  readonly emitters: SwitchboardEmitters;
  /**
   * Serves `handlers` to `page` through main's dispatcher and installs `window.switchboard`.
   * Call before `page.goto`: the client must exist before the app's scripts run.
   */
  attach(page: Page, handlers: HandlersOf<SwitchboardContract>): Promise<void>;
  /** Every method call the pages made, in order (channel and raw arguments). */
  readonly calls: readonly { readonly channel: string; readonly args: readonly unknown[] }[];
  /** Resolves once every event sent so far has been handed to the pages' listeners. */
  flush(): Promise<void>;
}

/** Runs in the page before any of its scripts: builds the contract client from `entries`. */
function installClient(setup: {
  entries: readonly BridgeEntry[];
  invokeBinding: string;
  deliverFunction: string;
}): void {
  type Listener = (payload: unknown) => void;
  const scope = globalThis as unknown as Record<string, unknown>;
  const listeners = new Map<string, Set<Listener>>();
  const client: Record<string, Record<string, unknown>> = {};
  for (const { namespace, member, kind, channel } of setup.entries) {
    const members = (client[namespace] ??= {});
    if (kind === 'method') {
      // Looked up per call: Playwright installs the binding itself, and its order relative to
      // this script is not part of its contract.
      members[member] = (...args: unknown[]) =>
        (scope[setup.invokeBinding] as (channel: string, args: unknown[]) => Promise<unknown>)(
          channel,
          args,
        );
    } else {
      const name = `on${member.charAt(0).toUpperCase()}${member.slice(1)}`;
      members[name] = (listener: Listener) => {
        // A wrapper per subscription, as createClient makes: the same listener subscribed
        // twice is called twice and unsubscribed one at a time.
        const wrapper: Listener = (payload) => {
          listener(payload);
        };
        let subscribed = listeners.get(channel);
        if (!subscribed) listeners.set(channel, (subscribed = new Set()));
        subscribed.add(wrapper);
        return () => {
          listeners.get(channel)?.delete(wrapper);
        };
      };
    }
  }
  for (const members of Object.values(client)) Object.freeze(members);
  Object.defineProperty(globalThis, 'switchboard', {
    value: Object.freeze(client),
    enumerable: true,
  });
  Object.defineProperty(globalThis, setup.deliverFunction, {
    value: (deliveries: readonly { channel: string; payload: unknown }[]) => {
      for (const { channel, payload } of deliveries) {
        for (const listener of [...(listeners.get(channel) ?? [])]) {
          try {
            listener(payload);
          } catch (error) {
            // Like an exception in an ipcRenderer listener: reported, the others still run.
            queueMicrotask(() => {
              throw error;
            });
          }
        }
      }
    },
  });
}

/** Creates the bridge; give {@link RendererBridge.send} to the core, then attach pages. */
export function createRendererBridge(options: RendererBridgeOptions): RendererBridge {
  const pages = new Map<Page, { queue: Delivery[]; chain: Promise<void> }>();
  const calls: { channel: string; args: readonly unknown[] }[] = [];
  const entries = bridgeEntries();

  function schedule(page: Page, state: { queue: Delivery[]; chain: Promise<void> }): void {
    // One evaluate per burst: events sent in the same tick travel together, in order, and the
    // chain keeps bursts in order too.
    if (state.queue.length !== 1) return;
    state.chain = state.chain.then(async () => {
      await Promise.resolve();
      const batch = state.queue.splice(0);
      if (batch.length === 0 || page.isClosed()) return;
      try {
        await page.evaluate(
          ([name, deliveries]) => {
            (
              (globalThis as unknown as Record<string, unknown>)[name] as (
                deliveries: readonly Delivery[],
              ) => void
            )(deliveries);
          },
          [DELIVER_FUNCTION, batch] as const,
        );
      } catch (error) {
        // A page closing or navigating loses its events, as a reloading renderer does.
        if (!page.isClosed()) options.onDeliveryError?.(error);
      }
    });
  }

  function send(channel: string, payload: unknown): void {
    for (const [page, state] of pages) {
      if (page.isClosed()) {
        pages.delete(page);
        continue;
      }
      state.queue.push({ channel, payload });
      schedule(page, state);
    }
  }

  return {
    send,
    emitters: createEmitters(contract, send),
    calls,
    async attach(page, handlers) {
      const dispatcher = createDispatcher(contract, handlers, options.log);
      await page.exposeBinding(INVOKE_BINDING, async (_source, channel: unknown, args: unknown) => {
        if (typeof channel !== 'string' || !Array.isArray(args)) {
          throw new Error('The bridge takes (channel, args)');
        }
        calls.push({ channel, args });
        const handle = dispatcher.get(channel);
        // What ipcRenderer.invoke does for a channel nobody handles: the promise rejects.
        if (!handle) throw new Error(`No handler registered for '${channel}'`);
        return handle(args);
      });
      await page.addInitScript(installClient, {
        entries,
        invokeBinding: INVOKE_BINDING,
        deliverFunction: DELIVER_FUNCTION,
      });
      pages.set(page, { queue: [], chain: Promise.resolve() });
      page.once('close', () => {
        pages.delete(page);
      });
    },
    async flush() {
      await Promise.all([...pages.values()].map((state) => state.chain));
    },
  };
}
