import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dialect } from './dialect';
import { GwsFailure, StatusCode, type FailureCode, type RequestBody } from './operations/types';

/** Largest JSON body the simulator reads; GWS requests are small. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** The HTTP status GWS pairs with each failing `statusCode`. */
export const HTTP_STATUS_FOR: Readonly<Record<FailureCode, number>> = {
  1: 400,
  2: 400,
  3: 403,
  4: 500,
  5: 403,
  6: 404,
};

export function sendJson(
  response: ServerResponse,
  httpStatus: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(httpStatus, {
    'content-type': 'application/json;charset=UTF-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(text);
}

/** `{statusCode:0,…}` — the "Return Values" form every GET answers with. */
export function resourceBody(extra: Record<string, unknown>): Record<string, unknown> {
  return { statusCode: StatusCode.ok, ...extra };
}

/**
 * A successful operation's answer in the dialect's style (see dialect.ts), or as 003 shows it for
 * the operations answering `{"status":0}` (`numericStatus`, see NUMERIC_STATUS_OPERATIONS).
 */
export function operationSuccessBody(
  dialect: Dialect,
  extra: Record<string, unknown> = {},
  numericStatus = false,
): Record<string, unknown> {
  if (numericStatus) return { status: StatusCode.ok, ...extra };
  return dialect === 'a' ? { status: 'ok', ...extra } : { statusCode: StatusCode.ok, ...extra };
}

/** A failed operation's answer in the dialect's style. */
export function operationFailureBody(
  dialect: Dialect,
  failure: GwsFailure,
): Record<string, unknown> {
  return dialect === 'a'
    ? { status: 'error', errorDescription: failure.message }
    : { statusCode: failure.statusCode, statusMessage: failure.message };
}

/** A failure answer for a request that never reached an operation (always `statusCode` form). */
export function failureBody(failure: GwsFailure): Record<string, unknown> {
  return { statusCode: failure.statusCode, statusMessage: failure.message };
}

/**
 * A failure whose HTTP status is not the one GWS pairs with its `statusCode` (an oversized body
 * is 413, a body that is not JSON 415, as the servlet container in front of GWS answers); the
 * body keeps GWS's `statusCode` form.
 */
export class HttpFailure extends GwsFailure {
  constructor(
    statusCode: FailureCode,
    message: string,
    readonly httpStatus: number,
  ) {
    super(statusCode, message);
    this.name = 'HttpFailure';
  }
}

/** The HTTP status for a failure: its own when it has one, else GWS's pairing. */
export function httpStatusOf(failure: GwsFailure): number {
  return failure instanceof HttpFailure ? failure.httpStatus : HTTP_STATUS_FOR[failure.statusCode];
}

function tooLarge(limit: number): HttpFailure {
  return new HttpFailure(
    StatusCode.missingParameter,
    `Request body larger than ${limit} bytes`,
    413,
  );
}

/**
 * Reads a request body of at most `limit` bytes. An oversized body is still read to its end and
 * thrown away: stopping early would destroy the socket, and the client would see a reset instead
 * of the 413 answer.
 */
export async function readBytes(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    request.resume();
    throw tooLarge(limit);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.once('end', () => {
      if (size > limit) reject(tooLarge(limit));
      else resolve(Buffer.concat(chunks));
    });
    request.once('error', reject);
  });
}

/**
 * Reads a JSON object body. Wrong content type (415), oversized (413), malformed bodies and
 * non-objects (400) become failures with statusCode 1, never exceptions.
 */
export async function readJsonBody(request: IncomingMessage): Promise<RequestBody> {
  const contentType = request.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(contentType)) {
    request.resume();
    throw new HttpFailure(
      StatusCode.missingParameter,
      'Content-Type must be application/json',
      415,
    );
  }
  const bytes = await readBytes(request, MAX_JSON_BODY_BYTES);
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new GwsFailure(StatusCode.missingParameter, 'The request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new GwsFailure(StatusCode.missingParameter, 'The request body must be a JSON object');
  }
  return parsed as RequestBody;
}
