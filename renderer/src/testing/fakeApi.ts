import { vi } from 'vitest';
import {
  channelName,
  contract,
  createClient,
  type SwitchboardClient,
} from '../../../common/contract';
import { ChangeSetSchema, type ChangeSet } from '../../../common/model';
import { emptyChangeSet } from '../stores/fold';

/** The channel of main's change sets (`desk.changed`). */
export const DESK_CHANGED = channelName('desk', 'changed');

/**
 * A contract client for store tests: the real client's shape over a transport the test drives.
 * Methods answer `{ ok: true, value: undefined }` unless the test gives an answer for the
 * channel; events are emitted by the test. Imported only by tests (stores reach it through a
 * mocked `api.ts`).
 */
export interface FakeApi {
  readonly client: SwitchboardClient;
  readonly calls: { readonly channel: string; readonly args: readonly unknown[] }[];
  /** Answers the next and later calls on `channel` (`switchboard:<namespace>:<member>`). */
  answer(channel: string, respond: (...args: unknown[]) => Promise<unknown>): void;
  emit(channel: string, payload: unknown): void;
  /**
   * Pushes one change set as main would after a commit: the parts the test gives, the rest
   * empty, checked against the schema so that a test cannot push what main never would.
   */
  emitChanges(changes: Partial<ChangeSet>): void;
  /** Forgets answers, calls and listeners. */
  reset(): void;
}

export function fakeApi(): FakeApi {
  const answers = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const calls: { channel: string; args: readonly unknown[] }[] = [];
  const subscribe = (channel: string, listener: (payload: unknown) => void) => {
    let subscribed = listeners.get(channel);
    if (!subscribed) listeners.set(channel, (subscribed = new Set()));
    subscribed.add(listener);
    return () => {
      listeners.get(channel)?.delete(listener);
    };
  };
  const client = createClient(contract, {
    invoke: (channel, args) => {
      calls.push({ channel, args });
      const respond = answers.get(channel);
      return respond ? respond(...args) : Promise.resolve({ ok: true, value: undefined });
    },
    subscribe,
  });
  const emit = (channel: string, payload: unknown) => {
    for (const listener of [...(listeners.get(channel) ?? [])]) listener(payload);
  };
  return {
    client,
    calls,
    answer: (channel, respond) => {
      answers.set(channel, respond);
    },
    emit,
    emitChanges: (changes) => {
      emit(DESK_CHANGED, ChangeSetSchema.parse({ ...emptyChangeSet(), ...changes }));
    },
    reset: () => {
      answers.clear();
      listeners.clear();
      calls.splice(0);
    },
  };
}

/** A promise the test settles when it wants. */
export function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Animation frames as timers (Node has none), so that coalesced jobs run under fake time too. */
export function stubAnimationFrames(): void {
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) =>
    setTimeout(() => {
      callback(performance.now());
    }, 0),
  );
}

/** Lets timers of 0 ms and pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 3; round++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
