import { z } from 'zod';
import type { Result } from './errors';
import { AppInfoSchema } from './model';

/**
 * The one IPC contract between the main process and the renderer.
 *
 * The contract is written once, as schemas grouped by namespace, and everything else is derived
 * from it: the service interface main implements (`SwitchboardService`), the handler type main
 * registers (`SwitchboardHandlers`), the Promise-returning client the renderer calls
 * (`SwitchboardClient`) and the channel names (`switchboard:<namespace>:<member>`). Writing it as
 * schemas rather than a bare interface is what lets main validate every argument that crosses
 * the boundary and lets the preload enumerate the channels at run time.
 *
 * Methods answer with `Result<T>`: errors cross IPC as data, never as thrown exceptions. Events
 * flow main → renderer; the client exposes each as `on<Event>(listener)` returning an
 * unsubscribe function.
 */

export const CHANNEL_PREFIX = 'switchboard';

export interface MethodSpec<
  Args extends z.ZodTuple = z.ZodTuple,
  Output extends z.ZodType = z.ZodType,
> {
  readonly kind: 'method';
  readonly args: Args;
  readonly result: Output;
}

export interface EventSpec<Payload extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly payload: Payload;
}

export type MemberSpec = MethodSpec | EventSpec;
export type NamespaceSpec = Readonly<Record<string, MemberSpec>>;
export type ContractSpec = Readonly<Record<string, NamespaceSpec>>;

/** Declares a request/response method: its positional arguments and its result. */
export function method<Args extends z.ZodTuple, Output extends z.ZodType>(
  args: Args,
  result: Output,
): MethodSpec<Args, Output> {
  return { kind: 'method', args, result };
}

/** Declares an event main pushes to the renderer. */
export function event<Payload extends z.ZodType>(payload: Payload): EventSpec<Payload> {
  return { kind: 'event', payload };
}

type MethodNames<NS> = {
  [K in keyof NS]: NS[K] extends MethodSpec ? K : never;
}[keyof NS] &
  string;
type EventNames<NS> = {
  [K in keyof NS]: NS[K] extends EventSpec ? K : never;
}[keyof NS] &
  string;
type ArgsOf<M> = M extends MethodSpec<infer Args> ? z.output<Args> : never;
type OutputOf<M> = M extends MethodSpec<z.ZodTuple, infer Output> ? z.output<Output> : never;
type PayloadOf<E> = E extends EventSpec<infer Payload> ? z.output<Payload> : never;

export type Unsubscribe = () => void;

/** `connectionChanged` → `onConnectionChanged`. */
export type ListenerName<E extends string> = `on${Capitalize<E>}`;

/** The service main implements, synchronously typed. */
export type ServiceOf<C extends ContractSpec> = {
  readonly [N in keyof C]: {
    readonly [M in MethodNames<C[N]>]: (...args: ArgsOf<C[N][M]>) => OutputOf<C[N][M]>;
  };
};

/** What main registers for each method; a handler may answer now or later. */
export type HandlersOf<C extends ContractSpec> = {
  readonly [N in keyof C]: {
    readonly [M in MethodNames<C[N]>]: (
      ...args: ArgsOf<C[N][M]>
    ) => OutputOf<C[N][M]> | Promise<OutputOf<C[N][M]>>;
  };
};

/** What the renderer sees: every method returns `Promise<Result<T>>`, every event a listener. */
export type ClientOf<C extends ContractSpec> = {
  readonly [N in keyof C]: {
    readonly [M in MethodNames<C[N]>]: (
      ...args: ArgsOf<C[N][M]>
    ) => Promise<Result<OutputOf<C[N][M]>>>;
  } & {
    readonly [E in EventNames<C[N]> as ListenerName<E>]: (
      listener: (payload: PayloadOf<C[N][E]>) => void,
    ) => Unsubscribe;
  };
};

/** What main uses to push events: one function per event. */
export type EmittersOf<C extends ContractSpec> = {
  readonly [N in keyof C]: {
    readonly [E in EventNames<C[N]>]: (payload: PayloadOf<C[N][E]>) => void;
  };
};

/** Every channel name of a contract, as a string literal union. */
export type ChannelOf<C extends ContractSpec> = {
  [N in keyof C & string]: `${typeof CHANNEL_PREFIX}:${N}:${keyof C[N] & string}`;
}[keyof C & string];

export function channelName<N extends string, M extends string>(
  namespace: N,
  member: M,
): `${typeof CHANNEL_PREFIX}:${N}:${M}` {
  return `${CHANNEL_PREFIX}:${namespace}:${member}`;
}

export function listenerName<E extends string>(eventName: E): ListenerName<E> {
  return `on${eventName.charAt(0).toUpperCase()}${eventName.slice(1)}` as ListenerName<E>;
}

export interface ContractEntry {
  readonly namespace: string;
  readonly member: string;
  readonly channel: string;
  readonly spec: MemberSpec;
}

/** Flattens a contract into its members with their channel names, in declaration order. */
export function contractEntries(contract: ContractSpec): ContractEntry[] {
  return Object.entries(contract).flatMap(([namespace, members]) =>
    Object.entries(members).map(([member, spec]) => ({
      namespace,
      member,
      channel: channelName(namespace, member),
      spec,
    })),
  );
}

/**
 * How a client reaches main. The preload implements it over `ipcRenderer`; it carries only
 * arguments and payloads, never Electron's event objects.
 */
export interface ClientTransport {
  invoke(channel: string, args: readonly unknown[]): Promise<unknown>;
  subscribe(channel: string, listener: (payload: unknown) => void): Unsubscribe;
}

/**
 * Builds the renderer-side client of a contract over a transport: a plain object of plain
 * functions, safe to hand to `contextBridge.exposeInMainWorld`.
 */
export function createClient<C extends ContractSpec>(
  contract: C,
  transport: ClientTransport,
): ClientOf<C> {
  const client: Record<string, Record<string, unknown>> = {};
  for (const { namespace, member, channel, spec } of contractEntries(contract)) {
    const members = (client[namespace] ??= {});
    if (spec.kind === 'method') {
      members[member] = (...args: unknown[]) => transport.invoke(channel, args);
    } else {
      members[listenerName(member)] = (listener: (payload: unknown) => void) =>
        transport.subscribe(channel, (payload) => {
          listener(payload);
        });
    }
  }
  return client as ClientOf<C>;
}

/** Builds main's typed event emitters over a function that sends on a channel. */
export function createEmitters<C extends ContractSpec>(
  contract: C,
  send: (channel: string, payload: unknown) => void,
): EmittersOf<C> {
  const emitters: Record<string, Record<string, unknown>> = {};
  for (const { namespace, member, channel, spec } of contractEntries(contract)) {
    if (spec.kind !== 'event') continue;
    (emitters[namespace] ??= {})[member] = (payload: unknown) => {
      send(channel, payload);
    };
  }
  return emitters as EmittersOf<C>;
}

/** Switchboard's contract. Later issues add namespaces here; nothing else declares channels. */
export const contract = {
  app: {
    /** Product name, version and the platform and runtimes it runs on. */
    getInfo: method(z.tuple([]), AppInfoSchema),
  },
} as const satisfies ContractSpec;

export type SwitchboardContract = typeof contract;
export type SwitchboardService = ServiceOf<SwitchboardContract>;
export type SwitchboardHandlers = HandlersOf<SwitchboardContract>;
export type SwitchboardClient = ClientOf<SwitchboardContract>;
export type SwitchboardEmitters = EmittersOf<SwitchboardContract>;
export type SwitchboardChannel = ChannelOf<SwitchboardContract>;
