import { SwitchboardFailure, type Result } from '../../common/errors';
import {
  GWS_CONTRACT_NAMES,
  type ByContractPlace,
  type GwsAnswer,
  type GwsArgs,
  type GwsOperationName,
} from '../../common/gwsOperations';
import type { GwsOperations } from '../gws/operations';

/** The handler of a contract method that is GWS operation `K` as it is. */
export type GwsHandler<K extends GwsOperationName> = (...args: GwsArgs<K>) => Promise<GwsAnswer<K>>;

/**
 * Per contract namespace, the handlers of its methods that are GWS operations: one per entry of
 * `GWS_OPERATIONS` with a `contract` place, keyed by its contract member.
 */
export type GwsHandlers = ByContractPlace<{ readonly [K in GwsOperationName]: GwsHandler<K> }>;

/**
 * Derives the contract's handlers of the GWS operations from their table: each calls the
 * session's operation with the arguments the dispatcher has already validated against the very
 * same schema (so they are not parsed twice), and turns an error answer into a
 * {@link SwitchboardFailure} of the same kind and code, which the dispatcher sends back as data.
 *
 * `operations` is asked at each call: it throws `unauthorized` while signed out, and a new
 * session brings new operations.
 */
export function gwsHandlers(operations: () => GwsOperations): GwsHandlers {
  const handlers: Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const [namespace, members] of Object.entries(GWS_CONTRACT_NAMES)) {
    for (const [member, name] of Object.entries(members as Record<string, GwsOperationName>)) {
      (handlers[namespace] ??= {})[member] = async (...args) => {
        // One signature for every entry: the dispatcher parsed `args` with this entry's schema.
        const call = operations().withParsedArgs[name] as (
          ...parsed: unknown[]
        ) => Promise<Result<unknown>>;
        const answer = await call(...args);
        if (!answer.ok) throw SwitchboardFailure.of(answer.error);
        return answer.value;
      };
    }
  }
  return handlers as unknown as GwsHandlers;
}
