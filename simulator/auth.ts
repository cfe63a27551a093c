import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { SimUser } from './model';

/** The header that carries the CSRF token; GWS names it in `X-CSRF-HEADER`. */
export const CSRF_HEADER = 'X-CSRF-TOKEN';
export const SESSION_COOKIE = 'JSESSIONID';

export interface HttpSession {
  readonly id: string;
  readonly userName: string;
  readonly csrfToken: string;
  lastSeen: number;
}

export type Authentication =
  | { ok: true; session: HttpSession; created: boolean }
  | { ok: false; reason: 'missing' | 'badCredentials' };

/** Every value of one cookie in a request's Cookie header, in order. */
export function readCookies(request: IncomingMessage, name: string): string[] {
  const header = request.headers.cookie;
  if (header === undefined) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) {
      values.push(part.slice(separator + 1).trim());
    }
  }
  return values;
}

/** Decodes `Authorization: Basic …`; undefined when absent or malformed. */
export function readBasicCredentials(
  request: IncomingMessage,
): { userName: string; password: string } | undefined {
  const header = request.headers.authorization;
  if (header?.slice(0, 6).toLowerCase() !== 'basic ') return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) return undefined;
  return { userName: decoded.slice(0, separator), password: decoded.slice(separator + 1) };
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * HTTP sessions as GWS keeps them: a `JSESSIONID` cookie for a user, created by a request with
 * valid Basic credentials, expiring after an idle time, each with its own CSRF token.
 */
export class SessionStore {
  private readonly sessions = new Map<string, HttpSession>();

  constructor(
    private readonly users: ReadonlyMap<string, SimUser>,
    private readonly idleMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Identifies a request: a live session cookie wins; otherwise valid Basic credentials open a
   * new session. Touching a session keeps it alive.
   */
  authenticate(request: IncomingMessage): Authentication {
    const credentials = readBasicCredentials(request);
    const existing = this.liveSessionOf(request, credentials?.userName);
    if (existing && (credentials === undefined || credentials.userName === existing.userName)) {
      existing.lastSeen = this.now();
      return { ok: true, session: existing, created: false };
    }
    if (credentials === undefined) return { ok: false, reason: 'missing' };
    const user = this.users.get(credentials.userName);
    if (!user || !sameSecret(user.password, credentials.password)) {
      return { ok: false, reason: 'badCredentials' };
    }
    const session: HttpSession = {
      id: randomBytes(16).toString('hex').toUpperCase(),
      userName: user.userName,
      csrfToken: randomBytes(18).toString('base64url'),
      lastSeen: this.now(),
    };
    this.sessions.set(session.id, session);
    return { ok: true, session, created: true };
  }

  /**
   * The live session a request names. A request may carry several `JSESSIONID`s (a servlet
   * container then looks for a valid one instead of giving up on the first): cometd-nodejs-client
   * sends the cookies of its process-wide jar before the ones a client set itself, so the last
   * live one wins, or the last one of the user whose credentials come with the request.
   */
  private liveSessionOf(
    request: IncomingMessage,
    userName: string | undefined,
  ): HttpSession | undefined {
    const live = readCookies(request, SESSION_COOKIE)
      .map((id) => this.live(id))
      .filter((session) => session !== undefined);
    const matching =
      userName === undefined ? live : live.filter((session) => session.userName === userName);
    return matching.at(-1);
  }

  /** The session behind a cookie value, unless it is unknown or idle too long. */
  live(id: string | undefined): HttpSession | undefined {
    if (id === undefined) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (this.now() - session.lastSeen > this.idleMs) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  csrfMatches(session: HttpSession, token: string | undefined): boolean {
    return token !== undefined && sameSecret(session.csrfToken, token);
  }

  /** Ends every session (control API: "expire HTTP sessions", and a restart). */
  expireAll(): number {
    const count = this.sessions.size;
    this.sessions.clear();
    return count;
  }

  /** Invalidates one session (EndContactCenterSession, 003 "Presence"). */
  end(id: string): void {
    this.sessions.delete(id);
  }
}
