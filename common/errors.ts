import { z } from 'zod';

/**
 * Error kinds that cross process boundaries as data. The first nine mirror what a GWS server can
 * answer (statusCode 1–6, HTTP 401, transport failures); `invalidArgument` is an IPC call whose
 * arguments failed the contract's schema.
 */
export const ErrorKindSchema = z.enum([
  'missingParameter',
  'invalidState',
  'forbidden',
  'internal',
  'permissionDenied',
  'notFound',
  'unauthorized',
  'network',
  'timeout',
  'invalidArgument',
]);
export type ErrorKind = z.infer<typeof ErrorKindSchema>;

export const SwitchboardErrorSchema = z.object({
  kind: ErrorKindSchema,
  message: z.string(),
});
export type SwitchboardError = z.infer<typeof SwitchboardErrorSchema>;

/** The outcome of any operation that can fail for reasons the caller should handle. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: SwitchboardError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function err<T = never>(kind: ErrorKind, message: string): Result<T> {
  return { ok: false, error: { kind, message } };
}

/**
 * An error a handler throws on purpose, carrying its kind across IPC. Anything else thrown is
 * reported as `internal` without its message, which may hold details the UI must not show.
 */
export class SwitchboardFailure extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'SwitchboardFailure';
  }
}

/** Ends an exhaustive switch: the compiler proves it unreachable, the runtime reports the value. */
export function missingCaseError(unexpected: never): Error {
  return new Error(`Unhandled case: ${JSON.stringify(unexpected)}`);
}

/** A thrown value's message, for logs and error sentences. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An answer's value; an error answer is thrown as a {@link SwitchboardFailure} of its kind. */
export async function valueOrThrow<T>(answer: Promise<Result<T>>): Promise<T> {
  const result = await answer;
  if (!result.ok) throw new SwitchboardFailure(result.error.kind, result.error.message);
  return result.value;
}
