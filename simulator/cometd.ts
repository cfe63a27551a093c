import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type * as CometdServerModule from 'cometd-nodejs-server';
import type * as AckExtensionModule from 'cometd-nodejs-server/ack-extension.js';
import type { CometDServer, ServerSession } from 'cometd-nodejs-server';

// cometd-nodejs-server is CommonJS whose exports Node's ESM loader cannot name, so load it with
// require and keep its own type declarations.
const require = createRequire(import.meta.url);
const { createCometDServer } = require('cometd-nodejs-server') as typeof CometdServerModule;
const { AcknowledgedMessagesExtension } =
  require('cometd-nodejs-server/ack-extension.js') as typeof AckExtensionModule;
import { SESSION_COOKIE, type SessionStore } from './auth';

export interface CometdHubOptions {
  /** How long the server holds a `/meta/connect` (ms). GWS uses 20–30 s. */
  readonly connectTimeoutMs: number;
  /** How long a session may go without a `/meta/connect` before it is dropped (ms). */
  readonly maxIntervalMs: number;
}

/**
 * The CometD side of the simulator, on the official cometd-nodejs-server. Handshakes are
 * allowed only for requests carrying a live `JSESSIONID` or valid Basic credentials; each
 * session belongs to the user who opened it; clients may subscribe but not publish.
 *
 * "Dropping every session" replaces the server object, which forgets all client ids: the
 * clients' next `/meta/connect` is answered `402::session_unknown` with advice to handshake,
 * exactly what a GWS node answers after a restart or a too-long gap.
 */
export class CometdHub {
  private server: CometDServer;
  private readonly owners = new Map<string, string>();

  constructor(
    private readonly sessions: SessionStore,
    private readonly options: CometdHubOptions,
  ) {
    this.server = this.createServer();
  }

  private createServer(): CometDServer {
    const server = createCometDServer({
      timeout: this.options.connectTimeoutMs,
      maxInterval: this.options.maxIntervalMs,
      sweepPeriod: 500,
      // Tests run several agents in one process, and so share one BAYEUX_BROWSER cookie.
      maxSessionsPerBrowser: -1,
    });
    server.addExtension(new AcknowledgedMessagesExtension());
    server.policy = {
      canHandshake: (session, _message, callback) => {
        const context = server.context as { request?: IncomingMessage; response?: ServerResponse };
        const { request, response } = context;
        const authentication = request ? this.sessions.authenticate(request) : undefined;
        if (!authentication?.ok) {
          callback(undefined, false);
          return;
        }
        if (authentication.created && response) {
          response.setHeader(
            'set-cookie',
            `${SESSION_COOKIE}=${authentication.session.id}; Path=/; HttpOnly`,
          );
        }
        this.owners.set(session.id, authentication.session.userName);
        session.addListener('removed', () => {
          this.owners.delete(session.id);
        });
        callback(undefined, true);
      },
      canSubscribe: (session, _message, channel, callback) => {
        callback(undefined, this.owners.has(session.id) && channel.name.startsWith('/v2/'));
      },
      canPublish: (_session, _message, _channel, callback) => {
        callback(undefined, false);
      },
    };
    return server;
  }

  handle(request: IncomingMessage, response: ServerResponse): void {
    this.server.handle(request, response);
  }

  /** Sends `data` on `channel` to every session of `userName` subscribed to it. */
  deliver(userName: string, channel: string, data: unknown): number {
    let delivered = 0;
    for (const session of this.sessionsOf(userName)) {
      if (!isSubscribed(session, channel)) continue;
      session.deliver(null, channel, data);
      delivered += 1;
    }
    return delivered;
  }

  sessionsOf(userName: string): ServerSession[] {
    const found: ServerSession[] = [];
    for (const [id, owner] of this.owners) {
      if (owner !== userName) continue;
      const session = this.server.getServerSession(id) as ServerSession | undefined;
      if (session) found.push(session);
    }
    return found;
  }

  /** Forgets every client: each gets `402::session_unknown` and must handshake again. */
  dropAll(): number {
    const count = this.owners.size;
    const old = this.server;
    this.owners.clear();
    this.server = this.createServer();
    old.close();
    return count;
  }

  close(): void {
    this.owners.clear();
    this.server.close();
  }
}

/** Whether a session subscribed to `channel`, directly or through a `/*` or `/**` wildcard. */
export function isSubscribed(session: ServerSession, channel: string): boolean {
  return session.subscriptions.some((subscription) => channelMatches(subscription.name, channel));
}

export function channelMatches(subscription: string, channel: string): boolean {
  if (subscription === channel) return true;
  if (subscription.endsWith('/**')) return channel.startsWith(subscription.slice(0, -2));
  if (subscription.endsWith('/*')) {
    const prefix = subscription.slice(0, -1);
    return channel.startsWith(prefix) && !channel.slice(prefix.length).includes('/');
  }
  return false;
}
