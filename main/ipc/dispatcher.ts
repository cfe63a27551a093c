import { z } from 'zod';
import { contractEntries, type ContractSpec, type HandlersOf } from '../../common/contract';
import { err, ok, SwitchboardFailure, type Result } from '../../common/errors';

/** Answers one call on one channel with the handler's result, or an error as data. */
export type ChannelHandler = (args: unknown) => Promise<Result<unknown>>;

export interface DispatchLog {
  error(message: string, detail?: unknown): void;
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
      const parsed = spec.args.safeParse(rawArgs);
      if (!parsed.success) {
        return err('invalidArgument', `${channel}: ${z.prettifyError(parsed.error)}`);
      }
      try {
        return ok(await handler(...parsed.data));
      } catch (thrown) {
        if (thrown instanceof SwitchboardFailure) {
          return err(thrown.kind, thrown.message);
        }
        log.error(`Unexpected failure in ${channel}`, thrown);
        return err('internal', `${channel} failed unexpectedly`);
      }
    });
  }
  return table;
}
