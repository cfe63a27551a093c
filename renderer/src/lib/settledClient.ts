import type { SwitchboardError } from '../../../common/errors';

/**
 * Whether a client member is an event subscription (`onConnectionChanged`) rather than a method:
 * the contract names every listener `on` + the capitalized event (`listenerName` in
 * common/contract.ts), and no method is named that way (settledClient.test.ts checks both
 * against the contract).
 */
export function isListenerName(name: string): boolean {
  return /^on[A-Z]/u.test(name);
}

/** Where a rejected call is reported: a rejection is a bug or a dying window, never routine. */
export type RejectionReport = (call: string, error: unknown) => void;

const reportOnConsole: RejectionReport = (call, error) => {
  console.error(`${call} was rejected`, error);
};

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The contract client with every method wrapped once so that it always settles to a `Result`.
 * Main answers every call with a `Result`, but the promise itself can still reject (no handler
 * registered yet or any more, arguments that cannot be cloned, the window going away); without
 * this, a store awaiting it would never reset its busy flag. A rejection becomes
 * `{ ok: false, error: { kind: 'internal', message } }`, reported once. Listeners (`on…`) are
 * handed through untouched, and the shape (namespaces, frozen objects) is the client's.
 */
export function settledClient<C extends object>(
  client: C,
  report: RejectionReport = reportOnConsole,
): C {
  const settled: Record<string, Readonly<Record<string, unknown>>> = {};
  for (const [namespace, members] of Object.entries(client as Record<string, object>)) {
    const wrapped: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(members as Record<string, unknown>)) {
      if (typeof member !== 'function' || isListenerName(name)) {
        wrapped[name] = member;
        continue;
      }
      const call = member as (...args: unknown[]) => Promise<unknown>;
      wrapped[name] = async (...args: unknown[]): Promise<unknown> => {
        try {
          return await call(...args);
        } catch (error: unknown) {
          report(`${namespace}.${name}`, error);
          const failure: SwitchboardError = { kind: 'internal', message: describe(error) };
          return { ok: false, error: failure };
        }
      };
    }
    settled[namespace] = Object.freeze(wrapped);
  }
  return Object.freeze(settled) as C;
}
