import { z } from 'zod';
import { contractEntries, type ContractSpec, type HandlersOf } from '../../common/contract';
import {
  describeError,
  ErrorCodeSchema,
  err,
  ok,
  SwitchboardFailure,
  type ErrorCode,
  type Result,
} from '../../common/errors';
import { storageRefusalOf } from '../cache/integrity';

/** Answers one call on one channel with the handler's result, or an error as data. */
export type ChannelHandler = (args: unknown) => Promise<Result<unknown>>;

export interface DispatchLog {
  /**
   * A call refused as expected (bad arguments, the server said no): the technical detail the
   * agent's sentence leaves out. Optional for tests that do not look at it.
   */
  warn?(message: string): void;
  error(message: string, detail?: unknown): void;
}

/**
 * The situation a failed argument check names, when the schema's refinement says one
 * (`params: { code }`, e.g. a sign-in's insecure server address): the UI words it precisely.
 */
function codeOfIssues(issues: readonly z.core.$ZodIssue[]): ErrorCode | undefined {
  for (const issue of issues) {
    if (issue.code !== 'custom') continue;
    const code = ErrorCodeSchema.safeParse(issue.params?.code);
    if (code.success) return code.data;
  }
  return undefined;
}

/**
 * Binds a contract's methods to their handlers. Every call is checked against the method's
 * argument schema before the handler sees it; whatever the handler throws comes back as a
 * `Result` error, so no exception ever crosses the process boundary. The same dispatcher serves
 * Electron's `ipcMain` and any other transport (a headless host), which is why it has no
 * Electron import.
 */
export function createDispatcher<C extends ContractSpec>(
  contract: C,
  handlers: HandlersOf<C>,
  log: DispatchLog,
): ReadonlyMap<string, ChannelHandler> {
  const table = new Map<string, ChannelHandler>();
  const handlersByNamespace = handlers as Readonly<
    Record<string, Readonly<Record<string, (...args: unknown[]) => unknown>>>
  >;
  for (const { namespace, member, channel, spec } of contractEntries(contract)) {
    if (spec.kind !== 'method') continue;
    const handler = handlersByNamespace[namespace]?.[member];
    if (handler === undefined) {
      throw new Error(`No handler for ${channel}`);
    }
    table.set(channel, async (rawArgs) => {
      let parsed: ReturnType<typeof spec.args.safeParse>;
      try {
        parsed = spec.args.safeParse(rawArgs);
      } catch (thrown) {
        // zod checks a recursive schema (`z.json()`) recursively: arguments nested a thousand-odd
        // levels deep, which IPC's structured clone still delivers, exhaust the stack. Before
        // this the throw escaped the channel (a rejection, not a Result).
        if (thrown instanceof RangeError) {
          const message = `${channel}: the arguments could not be checked (${thrown.message})`;
          log.warn?.(`refused (invalidArgument): ${message}`);
          return err('invalidArgument', message);
        }
        log.error(`Unexpected failure checking the arguments of ${channel}`, thrown);
        return err('internal', `${channel} failed unexpectedly`);
      }
      if (!parsed.success) {
        // The issues name paths and rules, never the values (a password stays out of the log).
        const message = `${channel}: ${z.prettifyError(parsed.error)}`;
        log.warn?.(`refused (invalidArgument): ${message}`);
        return err('invalidArgument', message, codeOfIssues(parsed.error.issues));
      }
      try {
        return ok(await handler(...parsed.data));
      } catch (thrown) {
        if (thrown instanceof SwitchboardFailure) {
          // The agent reads one sentence made from the kind; the log keeps what really happened.
          log.warn?.(`${channel} failed (${thrown.kind}): ${thrown.message}`);
          return { ok: false, error: thrown.toError() };
        }
        // The cache could not write (a full disk, its file made read-only): the agent was told
        // "Something went wrong", with "failed unexpectedly" as the details for an administrator.
        const refusal = storageRefusalOf(thrown);
        if (refusal !== undefined) {
          const code = (thrown as { code: string }).code;
          const message = `${channel}: the cache could not write (${code}: ${describeError(thrown)})`;
          log.warn?.(`refused (${refusal}): ${message}`);
          return err('internal', message, refusal);
        }
        log.error(`Unexpected failure in ${channel}`, thrown);
        return err('internal', `${channel} failed unexpectedly`);
      }
    });
  }
  return table;
}
