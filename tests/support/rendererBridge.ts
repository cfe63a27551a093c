import type { Page } from 'playwright-core';
import {
  contract,
  contractEntries,
  createEmitters,
  listenerName,
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
 *   Node with their channel and listener names, passed as data) with `createClient`'s exact
 *   shape: a function per method, an `on<Event>` per event returning an unsubscribe. Methods
 *   call an exposed binding with `(channel, args)` and resolve to the dispatcher's `Result`;
 *   events arrive through `page.evaluate` and go to the subscribed listeners.
 *
 * Behaving like the preload over Electron's IPC:
 * - Arguments are structured-cloned per call, in the page, so what Electron cannot send (a
 *   function, a DOM node) fails the same way: `ipcRenderer.invoke` is an async function, so the
 *   clone error comes back as a rejected promise.
 * - Each listener gets its own copy of the payload: contextBridge copies the arguments of every
 *   call into the page's world, so one listener mutating its payload never shows in the next.
 * - A listener that throws stops the listeners after it for that event, and the exception is
 *   reported as uncaught: `ipcRenderer` is a Node EventEmitter whose `emit` calls the listeners
 *   in order without catching (Electron's lib/renderer/ipc-native-setup.ts calls
 *   `ipcRenderer.emit(channel, event, ...args)` per message), the preload subscribes one
 *   `ipcRenderer.on` per subscription, and contextBridge rethrows a page listener's exception
 *   into the preload. The next event is a new message and is delivered as usual. As with
 *   `emit`, the listeners of an event are those subscribed when it arrives.
 * - Events and replies travel in one pipe, in order: a reply is handed to the page only after
 *   the events main sent before it, as Electron's single IPC channel per frame does.
 *
 * What differs: arguments and results cross by Playwright's serializer after the clone (both
 * keep plain data, `undefined` and typed arrays); there is no sender check (the page is served
 * by the test). As with `webContents.send`, events sent before the page has subscribed are lost.
 */

/** A contract member as the page needs it: names and kind, no schemas. */
export interface BridgeEntry {
  readonly namespace: string;
  readonly member: string;
  readonly kind: 'method' | 'event';
  readonly channel: string;
  /** What the client calls the member: the method's name, or the event's `on…` listener. */
  readonly clientName: string;
}

/** The contract's members as plain data, for the page's init script. */
export function bridgeEntries(spec: ContractSpec = contract): BridgeEntry[] {
  return contractEntries(spec).map(({ namespace, member, channel, spec: memberSpec }) => ({
    namespace,
    member,
    kind: memberSpec.kind,
    channel,
    clientName: memberSpec.kind === 'method' ? member : listenerName(member),
  }));
}

/** The binding the page's client calls, and the function Node calls to deliver events. */
const INVOKE_BINDING = '__switchboardBridgeInvoke';
const DELIVER_FUNCTION = '__switchboardBridgeDeliver';

interface Delivery {
  readonly channel: string;
  readonly payload: unknown;
}

/** A page's pipe: events wait in batches, delivered one `evaluate` per batch, in order. */
interface Pipe {
  /** The batch that events sent now join, until it is delivered or a reply closes it. */
  open: Delivery[] | null;
  /** Resolves once every batch so far has been delivered. */
  chain: Promise<void>;
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
  for (const { namespace, kind, channel, clientName } of setup.entries) {
    const members = (client[namespace] ??= {});
    if (kind === 'method') {
      // Async like ipcRenderer.invoke: an argument that cannot be cloned rejects the promise.
      // The binding is looked up per call: Playwright installs it itself, and its order
      // relative to this script is not part of its contract.
      members[clientName] = async (...args: unknown[]) => {
        const cloned = structuredClone(args);
        return (
          scope[setup.invokeBinding] as (channel: string, args: unknown[]) => Promise<unknown>
        )(channel, cloned);
      };
    } else {
      members[clientName] = (listener: Listener) => {
        // A wrapper per subscription, as createClient makes: the same listener subscribed
        // twice is called twice and unsubscribed one at a time. The copy per call is
        // contextBridge's.
        const wrapper: Listener = (payload) => {
          listener(structuredClone(payload));
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
        try {
          // EventEmitter.emit: the listeners of the moment, in order, and the first exception
          // ends the event.
          for (const listener of [...(listeners.get(channel) ?? [])]) listener(payload);
        } catch (error) {
          // Uncaught, as in Electron (a 'pageerror' here); the next event is a new message.
          setTimeout(() => {
            throw error;
          });
        }
      }
    },
  });
}

/** What Playwright says of an evaluation its page navigated away from. */
const NAVIGATED_AWAY = 'Execution context was destroyed';

/** Creates the bridge; give {@link RendererBridge.send} to the core, then attach pages. */
export function createRendererBridge(options: RendererBridgeOptions): RendererBridge {
  const pipes = new Map<Page, Pipe>();
  const calls: { channel: string; args: readonly unknown[] }[] = [];
  const entries = bridgeEntries();

  async function deliver(page: Page, batch: readonly Delivery[]): Promise<void> {
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
      // A page closing or navigating (its first load, a reload) loses its events, as a loading
      // renderer does in Electron: it reads the state it shows once it is up.
      if (!page.isClosed() && !String(error).includes(NAVIGATED_AWAY))
        options.onDeliveryError?.(error);
    }
  }

  function send(channel: string, payload: unknown): void {
    for (const [page, pipe] of pipes) {
      if (page.isClosed()) {
        pipes.delete(page);
        continue;
      }
      let batch = pipe.open;
      if (batch === null) {
        // One evaluate per burst: events sent in the same tick travel together, in order, and
        // the chain keeps the batches in order too.
        const opened: Delivery[] = [];
        batch = pipe.open = opened;
        pipe.chain = pipe.chain.then(async () => {
          await Promise.resolve();
          if (pipe.open === opened) pipe.open = null;
          await deliver(page, opened);
        });
      }
      batch.push({ channel, payload });
    }
  }

  /**
   * Resolves once the events sent so far are in the page; events sent later go in a new batch
   * behind this point, as they would behind a reply in Electron's pipe.
   */
  function barrier(pipe: Pipe): Promise<void> {
    pipe.open = null;
    return pipe.chain;
  }

  return {
    send,
    emitters: createEmitters(contract, send),
    calls,
    async attach(page, handlers) {
      const dispatcher = createDispatcher(contract, handlers, options.log);
      const pipe: Pipe = { open: null, chain: Promise.resolve() };
      await page.exposeBinding(INVOKE_BINDING, async (_source, channel: unknown, args: unknown) => {
        if (typeof channel !== 'string' || !Array.isArray(args)) {
          throw new Error('The bridge takes (channel, args)');
        }
        calls.push({ channel, args });
        const handle = dispatcher.get(channel);
        // What ipcRenderer.invoke does for a channel nobody handles: the promise rejects.
        if (!handle) throw new Error(`No handler registered for '${channel}'`);
        const reply = await handle(args);
        await barrier(pipe);
        return reply;
      });
      await page.addInitScript(installClient, {
        entries,
        invokeBinding: INVOKE_BINDING,
        deliverFunction: DELIVER_FUNCTION,
      });
      pipes.set(page, pipe);
      page.once('close', () => {
        pipes.delete(page);
      });
    },
    async flush() {
      await Promise.all([...pipes.values()].map((pipe) => pipe.chain));
    },
  };
}
