import { CometD, type Message } from 'cometd';
import { adaptCometdToNode } from '../../main/gws/notifications';

// The official CometD client, adapted to Node as the app adapts it (a second, different
// adaptation would replace the app's cookie store in test processes running several files).
adaptCometdToNode();

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

export interface ReceivedMessage {
  readonly channel: string;
  readonly data: Record<string, unknown>;
  readonly at: number;
}

/**
 * A minimal GWS agent for simulator tests: HTTP Basic on every request, the JSESSIONID cookie
 * and CSRF token kept from answers, and the official CometD client (long-polling only, as GWS
 * 8.5) recording every message it receives. It is test support, not the product's GWS client.
 */
export class TestAgent {
  private sessionCookie: string | null = null;
  private csrf: { header: string; token: string } | null = null;
  readonly received: ReceivedMessage[] = [];
  private readonly waiters = new Set<() => void>();
  cometd: CometD | null = null;

  constructor(
    readonly apiUrl: string,
    readonly userName: string,
    readonly password = 'demo',
  ) {}

  get authorization(): string {
    return `Basic ${Buffer.from(`${this.userName}:${this.password}`).toString('base64')}`;
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    options: {
      basic?: boolean;
      csrf?: boolean;
      contentType?: string;
      rawBody?: string | Buffer;
    } = {},
  ): Promise<HttpAnswer> {
    const headers: Record<string, string> = {};
    if (options.basic !== false) headers.authorization = this.authorization;
    if (this.sessionCookie !== null) headers.cookie = `JSESSIONID=${this.sessionCookie}`;
    if (options.csrf !== false && this.csrf !== null && method !== 'GET')
      headers[this.csrf.header] = this.csrf.token;
    let payload: string | Buffer | undefined;
    if (options.rawBody !== undefined) {
      payload = options.rawBody;
      headers['content-type'] = options.contentType ?? 'application/octet-stream';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = options.contentType ?? 'application/json';
    }
    const response = await fetch(`${this.apiUrl}${path}`, {
      method,
      headers,
      ...(payload === undefined ? {} : { body: payload }),
    });
    const setCookie = response.headers.get('set-cookie');
    const session = setCookie ? /JSESSIONID=([^;]+)/.exec(setCookie)?.[1] : undefined;
    if (session !== undefined) this.sessionCookie = session;
    const csrfHeader = response.headers.get('x-csrf-header');
    const csrfToken = response.headers.get('x-csrf-token');
    if (csrfHeader !== null && csrfToken !== null)
      this.csrf = { header: csrfHeader, token: csrfToken };
    const text = await response.text();
    let parsed: Record<string, unknown> = {};
    if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') {
      parsed = JSON.parse(text) as Record<string, unknown>;
    }
    return { status: response.status, headers: response.headers, body: parsed };
  }

  get(path: string): Promise<HttpAnswer> {
    return this.request('GET', path);
  }

  post(path: string, body: unknown): Promise<HttpAnswer> {
    return this.request('POST', path, body);
  }

  /** CometD handshake with the session cookie, then the subscriptions. */
  async connect(
    channels: readonly string[] = ['/v2/me', '/v2/me/*', '/v2/ucs/interactions'],
  ): Promise<void> {
    const cometd = new CometD();
    cometd.unregisterTransport('websocket');
    cometd.configure({
      url: `${this.apiUrl}/notifications`,
      maxBackoff: 1000,
      logLevel: 'warn',
      requestHeaders: {
        ...(this.sessionCookie === null
          ? { authorization: this.authorization }
          : { Cookie: `JSESSIONID=${this.sessionCookie}` }),
      },
    });
    this.cometd = cometd;
    // Resolve only once the first /meta/connect has succeeded: a handshake and subscriptions
    // can complete while the client still reports 'connecting'. No clock of its own: the test's
    // timeout bounds it (a 5 s one was a start clock on a loaded machine, and its rejection went
    // unhandled when the handshake or a subscription failed first).
    const firstConnect = new Promise<void>((resolve) => {
      const handle = cometd.addListener('/meta/connect', (message: Message) => {
        if (!message.successful) return;
        cometd.removeListener(handle);
        resolve();
      });
    });
    await new Promise<void>((resolve, reject) => {
      cometd.handshake((reply: Message) => {
        if (reply.successful) resolve();
        else reject(new Error(`handshake failed: ${JSON.stringify(reply)}`));
      });
    });
    await Promise.all(
      channels.map(
        (channel) =>
          new Promise<void>((resolve, reject) => {
            cometd.subscribe(
              channel,
              (message: Message) => {
                this.received.push({
                  channel: message.channel,
                  data: message.data as Record<string, unknown>,
                  at: Date.now(),
                });
                for (const wake of this.waiters) wake();
              },
              (reply: Message) => {
                if (reply.successful) resolve();
                else reject(new Error(`subscribe ${channel} failed: ${JSON.stringify(reply)}`));
              },
            );
          }),
      ),
    );
    await firstConnect;
  }

  /** The full sign-in sequence of the GWS README, then Ready on the given channels. */
  async signIn(ready: readonly string[] = ['email', 'chat']): Promise<void> {
    const me = await this.get('/me?subresources=*');
    if (me.status !== 200)
      throw new Error(`GET /me answered ${me.status}: ${JSON.stringify(me.body)}`);
    await this.connect();
    const started = await this.post('/me', {
      operationName: 'StartContactCenterSession',
      channels: ['email', 'chat'],
    });
    if (started.status !== 200)
      throw new Error(`StartContactCenterSession: ${JSON.stringify(started.body)}`);
    for (const channel of ready) {
      const answer = await this.post(`/me/channels/${channel}`, { operationName: 'Ready' });
      if (answer.status !== 200)
        throw new Error(`Ready ${channel}: ${JSON.stringify(answer.body)}`);
    }
  }

  /** Waits for a received message that satisfies `predicate` (including ones already received). */
  waitFor(
    predicate: (message: ReceivedMessage) => boolean,
    timeoutMs = 5000,
    description = 'a matching message',
  ): Promise<ReceivedMessage> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.received.find(predicate);
        if (found) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `${this.userName}: no ${description} within ${timeoutMs} ms; received ${JSON.stringify(this.received.map((m) => m.data)).slice(0, 2000)}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  async close(): Promise<void> {
    const cometd = this.cometd;
    this.cometd = null;
    if (!cometd || cometd.getStatus() === 'disconnected') return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000);
      cometd.disconnect(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** The interaction of a dialect-B or dialect-A InteractionStateMessage, flattened enough to test. */
export function interactionOf(data: Record<string, unknown>): Record<string, unknown> {
  const nested = data.interaction;
  return typeof nested === 'object' && nested !== null ? (nested as Record<string, unknown>) : data;
}
