import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { CookieJar } from 'tough-cookie';
import { describe, expect, it } from 'vitest';
import { GwsHttpClient, type GwsHttpOptions, fileNameOf, interpretAnswer } from './http';
import { createOperations } from './operations';

describe('interpretAnswer', () => {
  it.each([
    [200, { statusCode: 0, user: {} }, { ok: true }],
    [200, { status: 'ok' }, { ok: true }],
    [200, undefined, { ok: true }],
    [
      400,
      { statusCode: 1, statusMessage: 'Missing queue' },
      { ok: false, error: { kind: 'missingParameter', message: 'Missing queue' } },
    ],
    [
      400,
      { statusCode: 2, statusMessage: 'Not invited' },
      { ok: false, error: { kind: 'invalidState' } },
    ],
    [
      403,
      { statusCode: 3, statusMessage: 'Invalid CSRF' },
      { ok: false, error: { kind: 'forbidden' } },
    ],
    [500, { statusCode: 4, statusMessage: 'Boom' }, { ok: false, error: { kind: 'internal' } }],
    [
      403,
      { statusCode: 5, statusMessage: 'No' },
      { ok: false, error: { kind: 'permissionDenied' } },
    ],
    [404, { statusCode: 6, statusMessage: 'Gone' }, { ok: false, error: { kind: 'notFound' } }],
    [401, { statusCode: 3 }, { ok: false, error: { kind: 'unauthorized' } }],
    [
      400,
      { status: 'error', errorDescription: 'Bad state' },
      { ok: false, error: { kind: 'invalidState', message: 'Bad state' } },
    ],
    [
      404,
      { status: 'error', errorDescription: 'No such thing' },
      { ok: false, error: { kind: 'notFound' } },
    ],
    [
      200,
      { status: 'error', errorDescription: 'Refused' },
      { ok: false, error: { kind: 'internal', message: 'Refused' } },
    ],
    [502, undefined, { ok: false, error: { kind: 'internal', message: 'HTTP 502' } }],
    // 003 "Workbins": a numeric `status`, 0 on success (GetWorkbinTypesInfo, AddInteractionTo-
    // Workbin, InitiateConsultation, …), "an integer value above 0" with a `description` on
    // failure (GetWorkbinTypesInfo), read as the statusCode it stands for.
    [200, { status: 0, workbins: [] }, { ok: true }],
    [
      200,
      { status: 4, description: 'Interaction Server unavailable' },
      { ok: false, error: { kind: 'internal', message: 'Interaction Server unavailable' } },
    ],
    [
      200,
      { status: 6, description: 'No such workbin' },
      { ok: false, error: { kind: 'notFound' } },
    ],
    [
      200,
      { status: 2 },
      { ok: false, error: { kind: 'invalidState', message: 'GWS statusCode 2' } },
    ],
  ])('HTTP %i with %j', (status, body, expected) => {
    expect(interpretAnswer(status, body)).toMatchObject(expected);
  });
});

describe("an answer in 003's numeric-status form over HTTP", () => {
  it('is a refusal with its description when the status is above 0, even with HTTP 200', async () => {
    // GetWorkbinTypesInfo's documented failure (003 "Workbins"): `{"status": N, "description"}`.
    let answer: unknown = { status: 3, description: 'Workbins are not configured for agent1' };
    const server = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(answer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const client = new GwsHttpClient({
        serverUrl: `http://127.0.0.1:${String(port)}`,
        credentials: { userName: 'agent1', password: 'demo' },
        jar: new CookieJar(),
      });
      const operations = createOperations(client);
      expect(await operations.getWorkbins()).toEqual({
        ok: false,
        error: { kind: 'forbidden', message: 'Workbins are not configured for agent1' },
      });
      answer = { status: 0, workbins: [{ workbinId: 'W1', workbinName: 'Drafts', active: 1 }] };
      expect(await operations.getWorkbins()).toEqual({
        ok: true,
        value: [{ workbinId: 'W1', workbinName: 'Drafts', active: true }],
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('a file downloaded', () => {
  /**
   * A server answering 60 slices of 1 kB, one every 25 ms (1.5 s in all, against a silence
   * timeout of 800 ms: a loaded machine may hold the process back a few hundred ms without the
   * download seeming silent); with `stopAt`, silent after it.
   */
  async function slowFileServer(stopAt?: number) {
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': 60 * 1024 });
      let sent = 0;
      const timer = setInterval(() => {
        if (sent === stopAt || response.destroyed) {
          clearInterval(timer);
          return;
        }
        response.write(Buffer.alloc(1024, 'v'));
        sent += 1;
        if (sent < 60) return;
        clearInterval(timer);
        response.end();
      }, 25);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = new GwsHttpClient({
      serverUrl: `http://127.0.0.1:${String(port)}`,
      credentials: { userName: 'agent1', password: 'demo' },
      jar: new CookieJar(),
      timeoutMs: 800,
    });
    return {
      client,
      close: () =>
        new Promise((resolve) => {
          server.closeAllConnections();
          server.close(resolve);
        }),
    };
  }

  it('takes as long as its bytes keep coming, longer than the request timeout, telling each', async () => {
    const { client, close } = await slowFileServer();
    try {
      const told: [number, number | undefined][] = [];
      const started = Date.now();
      const answer = await client.getBytes('/file', (received, total) => {
        told.push([received, total]);
      });
      expect(Date.now() - started).toBeGreaterThan(1_000);
      expect(answer.ok && answer.value.bytes.length).toBe(60 * 1024);
      expect(told.at(-1)).toEqual([60 * 1024, 60 * 1024]);
      expect(told.length).toBeGreaterThan(10);
    } finally {
      await close();
    }
  });

  it('times out when its bytes stop coming, as an error rather than a throw', async () => {
    const { client, close } = await slowFileServer(10);
    try {
      const answer = await client.getBytes('/file');
      expect(answer).toMatchObject({ ok: false, error: { kind: 'timeout' } });
      expect(answer.ok || answer.error.message).toContain('no bytes for 800 ms after 10240');
    } finally {
      await close();
    }
  });
});

/**
 * Runs `use` with a client of a loopback server that answers every request with `answer`, and
 * the warnings the client logs; the server is closed after, its connections too.
 */
async function againstServer(
  answer: RequestListener,
  options: Partial<
    Pick<GwsHttpOptions, 'timeoutMs' | 'maxResponseBytes' | 'maxDownloadBytes' | 'clocks'>
  >,
  use: (client: GwsHttpClient, warnings: string[], debugs: string[]) => Promise<void>,
): Promise<void> {
  const server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const warnings: string[] = [];
    const debugs: string[] = [];
    const client = new GwsHttpClient({
      serverUrl: `http://127.0.0.1:${String(port)}`,
      credentials: { userName: 'agent1', password: 'demo' },
      jar: new CookieJar(),
      ...options,
      log: { debug: (message) => debugs.push(message), warn: (message) => warnings.push(message) },
    });
    await use(client, warnings, debugs);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('a JSON answer without end', () => {
  it('is cut off past the bound, quickly, as a network error with a clear reason', async () => {
    // A proxy or server gone wrong: 200, then a body that never closes its JSON, streamed as
    // fast as it is taken, up to 64 MiB, then silent without ending.
    let written = 0;
    let closed = false;
    const answer: RequestListener = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"interactions":[{"filler":"');
      const slice = Buffer.alloc(64 * 1024, 'x');
      const writeMore = () => {
        while (written < 64 * 1024 * 1024 && !response.destroyed) {
          written += slice.length;
          if (!response.write(slice)) {
            response.once('drain', writeMore);
            return;
          }
        }
      };
      response.on('close', () => {
        closed = true;
      });
      writeMore();
    };
    await againstServer(
      answer,
      { timeoutMs: 5_000, maxResponseBytes: 1024 * 1024 },
      async (client, warnings) => {
        const started = Date.now();
        const answered = await client.get('/me/interactions');
        expect(answered).toMatchObject({ ok: false, error: { kind: 'network' } });
        expect(answered.ok || answered.error.message).toBe(
          'GET /me/interactions: answer larger than 1 MB',
        );
        // Not held until the request's timeout, and the connection is let go.
        expect(Date.now() - started).toBeLessThan(4_000);
        await expect.poll(() => closed).toBe(true);
        expect(written).toBeLessThan(16 * 1024 * 1024);
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toMatch(/^GET \/me\/interactions: cut off an answer at 1(\.\d+)? MB/);
      },
    );
  });

  it('is a network error, not an empty answer, when it breaks off before its end', async () => {
    // The list of the agent's interactions, cut by a connection reset after its first bytes:
    // read as an empty answer, a resync took it for an empty list, every open chat for over.
    const answer: RequestListener = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"statusCode":0,"interactions":[{"id":"chat-1","state":"Acc');
      setTimeout(() => response.destroy(), 50);
    };
    await againstServer(answer, {}, async (client, warnings) => {
      const answered = await client.get('/me/interactions?fields=*');
      expect(answered).toMatchObject({
        ok: false,
        error: {
          kind: 'network',
          message: 'GET /me/interactions?fields=*: the answer broke off before its end',
        },
      });
      expect(warnings).toEqual([
        'GET /me/interactions?fields=*: the answer broke off before its end',
      ]);
    });
  });

  it('is a timeout when its bytes trickle on past the request timeout', async () => {
    // A slow body: a byte every 50 ms, never ending. The request's timeout bounds the whole
    // answer, its body included, however steadily bytes come.
    let timer: ReturnType<typeof setInterval> | undefined;
    const answer: RequestListener = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"statusCode":0,"interactions":[');
      timer = setInterval(() => {
        response.write(' ');
      }, 50);
      response.on('close', () => {
        clearInterval(timer);
      });
    };
    await againstServer(answer, { timeoutMs: 600 }, async (client, warnings) => {
      const started = Date.now();
      const answered = await client.get('/me/interactions?fields=*');
      const tookMs = Date.now() - started;
      expect(answered).toMatchObject({
        ok: false,
        error: {
          kind: 'timeout',
          message: 'GET /me/interactions?fields=*: no whole answer within 600 ms',
        },
      });
      expect(tookMs).toBeGreaterThanOrEqual(550);
      expect(tookMs).toBeLessThan(5_000);
      expect(warnings).toEqual(['GET /me/interactions?fields=*: no whole answer within 600 ms']);
    });
    clearInterval(timer);
  });

  it('passes whole when it stays within the bound', async () => {
    const body = JSON.stringify({ statusCode: 0, filler: 'é'.repeat(200_000) });
    const answer: RequestListener = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(body);
    };
    await againstServer(answer, { maxResponseBytes: Buffer.byteLength(body) }, async (client) => {
      const answered = await client.get('/me');
      expect(answered.ok && answered.value.filler).toBe('é'.repeat(200_000));
    });
  });
});

describe('a redirect', () => {
  it('is said by where it leads, without the credentials, session or tokens in its address', async () => {
    // A single sign-on proxy's 302 may carry its session (`;jsessionid=`, as Java servers write
    // it into an address), a ticket in its query, or a user and password: the warning went to
    // the log and the failure's Details, which the agent copies to support, as the proxy wrote it.
    const answer: RequestListener = (request, response) => {
      request.resume();
      response.writeHead(302, {
        location:
          'https://sso:Pa55w0rd@127.0.0.1:9/sso/login;jsessionid=ABC123SESSION?ticket=ST-SECRET&back=%2Fme#state=XYZ',
      });
      response.end();
    };
    await againstServer(answer, {}, async (client, warnings) => {
      const answered = await client.get('/me');
      expect(answered.ok).toBe(false);
      const said = [answered.ok ? '' : answered.error.message, ...warnings].join('\n');
      for (const secret of ['Pa55w0rd', 'ABC123SESSION', 'ST-SECRET', 'XYZ'])
        expect(said).not.toContain(secret);
      expect(said).toContain(
        'GET /me: the answer is a redirect (HTTP 302 to https://127.0.0.1:9/sso/login)',
      );
    });
  });
});

describe('a file downloaded past its bound', () => {
  const BOUND = 256 * 1024;

  /**
   * A file server gone wrong: 200, then 64 kB slices as fast as they are taken (announcing
   * `contentLength` when given), up to 64 MiB, then silent without ending. `written` counts what
   * it wrote, `closed` says when the client let the connection go.
   */
  function endlessFile(contentLength?: number) {
    const sent = { written: 0, closed: false };
    const answer: RequestListener = (_request, response) => {
      response.writeHead(200, {
        'content-type': 'application/octet-stream',
        ...(contentLength === undefined ? {} : { 'content-length': contentLength }),
      });
      const slice = Buffer.alloc(64 * 1024, 0xa5);
      const writeMore = () => {
        while (sent.written < 64 * 1024 * 1024 && !response.destroyed) {
          sent.written += slice.length;
          if (!response.write(slice)) {
            response.once('drain', writeMore);
            return;
          }
        }
      };
      response.on('close', () => {
        sent.closed = true;
      });
      writeMore();
    };
    return { sent, answer };
  }

  it('is cut off near the bound, quickly, as a network error naming the bound', async () => {
    const { sent, answer } = endlessFile();
    await againstServer(
      answer,
      { timeoutMs: 5_000, maxDownloadBytes: BOUND },
      async (client, warnings) => {
        let lastTold = 0;
        const started = Date.now();
        const answered = await client.getBytes('/attachments/a1', (received) => {
          lastTold = received;
        });
        // Coded, so that the downloader never tries it again; its size is not known.
        expect(answered).toMatchObject({
          ok: false,
          error: { kind: 'network', code: 'downloadTooLarge', params: { limitBytes: BOUND } },
        });
        expect(answered.ok || answered.error.params).toEqual({ limitBytes: BOUND });
        expect(answered.ok || answered.error.message).toMatch(
          /^GET \/attachments\/a1: the file is larger than 256 kB; cut off at \d+(\.\d+)? kB$/u,
        );
        // Not held until the silence timeout, nor read to the server's end; let go.
        expect(Date.now() - started).toBeLessThan(4_000);
        await expect.poll(() => sent.closed).toBe(true);
        expect(sent.written).toBeLessThan(16 * 1024 * 1024);
        // Told no more than the bound: what passed it was never taken.
        expect(lastTold).toBeLessThanOrEqual(BOUND);
        expect(lastTold).toBeGreaterThan(BOUND - 64 * 1024);
        // The caller (the downloader) logs the failure, once.
        expect(warnings).toEqual([]);
      },
    );
  });

  it('is refused unread when its announced length is over the bound', async () => {
    const { sent, answer } = endlessFile(1024 * 1024 * 1024);
    await againstServer(
      answer,
      { timeoutMs: 5_000, maxDownloadBytes: BOUND },
      async (client, warnings) => {
        const told: number[] = [];
        const answered = await client.getBytes('/attachments/a1', (received) => {
          told.push(received);
        });
        expect(answered).toEqual({
          ok: false,
          error: {
            kind: 'network',
            message:
              'GET /attachments/a1: the file is 1,024 MB, larger than 256 kB; not downloaded',
            code: 'downloadTooLarge',
            params: { sizeBytes: 1024 * 1024 * 1024, limitBytes: BOUND },
          },
        });
        expect(told).toEqual([]);
        await expect.poll(() => sent.closed).toBe(true);
        expect(sent.written).toBeLessThan(16 * 1024 * 1024);
        expect(warnings).toEqual([]);
      },
    );
  });

  it('passes byte for byte when it is exactly as large as the bound', async () => {
    // Every byte value, in an order that is no pattern, as large as the bound.
    const file = Buffer.alloc(BOUND);
    for (let index = 0; index < BOUND; index += 1)
      file[index] = (index * 131 + (index >> 8)) & 0xff;
    const answer: RequestListener = (_request, response) => {
      response.writeHead(200, {
        'content-type': 'image/png',
        'content-disposition': 'attachment; filename="scan.png"',
      });
      // In slices, so that the bound is reached across several reads, without a length.
      for (let offset = 0; offset < BOUND; offset += 10_000)
        response.write(file.subarray(offset, offset + 10_000));
      response.end();
    };
    await againstServer(answer, { maxDownloadBytes: BOUND }, async (client) => {
      const answered = await client.getBytes('/attachments/a1');
      expect(answered.ok).toBe(true);
      if (!answered.ok) return;
      expect(answered.value.mimeType).toBe('image/png');
      expect(answered.value.fileName).toBe('scan.png');
      expect(answered.value.bytes.equals(file)).toBe(true);
    });
  });
});

describe('fileNameOf', () => {
  it.each([
    [`attachment; filename="a.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`, 'résumé.pdf'],
    ['attachment; filename="report (1).csv"', 'report (1).csv'],
    ['attachment; filename=plain.txt', 'plain.txt'],
    [`attachment; filename*=UTF-8''%E0%A4%A`, undefined],
    [null, undefined],
  ])('%s → %s', (header, name) => {
    expect(fileNameOf(header)).toBe(name);
  });
});

describe('the CSRF header', () => {
  it('is sent as the server names it on state-changing requests only, and a name that is no header name is not kept', async () => {
    let named = 'X-CSRF-TOKEN';
    const server = createServer((request, response) => {
      response.setHeader('x-csrf-header', named);
      response.setHeader('x-csrf-token', `token-for-${request.method ?? ''}`);
      response.setHeader('content-type', 'application/json');
      response.end('{"statusCode":0}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const client = new GwsHttpClient({
        serverUrl: `http://127.0.0.1:${String(port)}`,
        credentials: { userName: 'agent1', password: 'demo' },
        jar: new CookieJar(),
      });
      expect(client.csrfHeaders('POST')).toEqual({});
      expect((await client.get('/me')).ok).toBe(true);
      expect(client.csrfHeaders('POST')).toEqual({ 'X-CSRF-TOKEN': 'token-for-GET' });
      expect(client.csrfHeaders('GET')).toEqual({});
      // A server naming a header no request could carry: the token known before stays.
      named = 'X CSRF (token)';
      expect((await client.post('/me', {})).ok).toBe(true);
      expect(client.csrfHeaders('POST')).toEqual({ 'X-CSRF-TOKEN': 'token-for-GET' });
      client.resetCsrf();
      expect(client.csrfHeaders('POST')).toEqual({});
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

/**
 * A server that answers each connection's first request and closes the connection under any
 * later one, unanswered: as a server's keep-alive timeout (or a load balancer's idle timeout)
 * closes the connection the client keeps just as the client sends its next request on it.
 * `onDoomed` (the closed request, its socket) may put the close off; `onFresh` answers a
 * connection's first request (default: `{"statusCode":0}`).
 */
function closingKeptConnections(
  onDoomed: (request: IncomingMessage, close: () => void) => void = (_request, close) => {
    close();
  },
  onFresh: RequestListener = (_request, response) => {
    answerKeptAlive(response, { statusCode: 0, user: { userName: 'agent1' } });
  },
): { listener: RequestListener; readonly requests: IncomingMessage[] } {
  const served = new WeakSet<object>();
  const requests: IncomingMessage[] = [];
  return {
    requests,
    listener: (request, response) => {
      requests.push(request);
      if (served.has(request.socket)) {
        onDoomed(request, () => request.socket.destroy());
        return;
      }
      served.add(request.socket);
      onFresh(request, response);
    },
  };
}

/**
 * Lets the client put the connection of the answer just read back in its pool: undici does so
 * one turn of the event loop after the answer's end (`setImmediate`, queued before this one), so
 * that the next request goes on it, not on a new one. Were it not back, the request would go on
 * a new connection and the tests below fail (nothing closed under it), never pass wrongly.
 */
async function backInThePool(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

function answerKeptAlive(response: ServerResponse, body: object): void {
  response.writeHead(200, {
    'content-type': 'application/json',
    connection: 'keep-alive',
    date: new Date().toUTCString(),
  });
  response.end(JSON.stringify(body));
}

describe('a kept-alive connection the server closes as a GET goes out', () => {
  it('asks again on a new connection, once, and gets its answer', async () => {
    // A sign-in's read of the interactions failed so, and `listen` ended with "Sign-in failed"
    // (main's thread was busy past the server's keep-alive of 5 s).
    const server = closingKeptConnections();
    await againstServer(server.listener, {}, async (client, _warnings, debugs) => {
      expect(await client.get('/me')).toMatchObject({ ok: true });
      await backInThePool();
      expect(await client.get('/me/interactions')).toMatchObject({ ok: true });
      expect(server.requests.map((request) => request.url)).toEqual([
        '/api/v2/me',
        '/api/v2/me/interactions',
        '/api/v2/me/interactions',
      ]);
      expect(server.requests[2]?.socket).not.toBe(server.requests[1]?.socket);
      expect(debugs.some((line) => /^GET \/me\/interactions: .* asked again$/u.test(line))).toBe(
        true,
      );
    });
  });

  it('does not send a POST again: the server may have carried it out', async () => {
    const server = closingKeptConnections();
    await againstServer(server.listener, {}, async (client) => {
      expect(await client.get('/me')).toMatchObject({ ok: true });
      await backInThePool();
      expect(await client.post('/me', { operationName: 'Ready' })).toMatchObject({
        ok: false,
        error: { kind: 'network' },
      });
      expect(server.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
    });
  });

  it('asks only once: a repeat closed as well is a network failure', async () => {
    let requests = 0;
    await againstServer(
      (request, response) => {
        requests += 1;
        if (requests === 1) answerKeptAlive(response, { statusCode: 0 });
        else request.socket.destroy();
      },
      {},
      async (client) => {
        expect(await client.get('/me')).toMatchObject({ ok: true });
        await backInThePool();
        expect(await client.get('/me/interactions')).toMatchObject({
          ok: false,
          error: { kind: 'network' },
        });
        expect(requests).toBe(3);
      },
    );
  });

  it("keeps within the request's timeout, the repeat's wait counted in it", async () => {
    // The first try held 1 s before its connection closed, the repeat never answered: the agent
    // waits the client's timeout (2 s), not the first try's time and a whole timeout more (3 s).
    // Wide margins: on a loaded machine the repeat must still reach the server in time.
    const held = new Set<IncomingMessage>();
    const server = closingKeptConnections(
      (_request, close) => {
        setTimeout(close, 1_000);
      },
      (request, response) => {
        if (request.url === '/api/v2/me') answerKeptAlive(response, { statusCode: 0 });
        else held.add(request);
      },
    );
    await againstServer(server.listener, { timeoutMs: 2_000 }, async (client) => {
      expect(await client.get('/me')).toMatchObject({ ok: true });
      await backInThePool();
      const started = performance.now();
      expect(await client.get('/me/interactions')).toMatchObject({
        ok: false,
        error: { kind: 'timeout' },
      });
      expect(held.size).toBe(1);
      expect(performance.now() - started).toBeLessThan(2_600);
    });
  });

  it("measures the server's clock against the repeat's round trip, not the closed try's too", async () => {
    // The closed try took 20 s (by the monotonic clock the client reads): counted in the round
    // trip, the middle of it fell 10 s early, and the server's clock, as right as this
    // machine's, was taken for 10 s ahead: every chat line's wait shown 10 s off.
    let monotonicMs = 0;
    const server = closingKeptConnections((_request, close) => {
      monotonicMs += 20_000;
      close();
    });
    await againstServer(
      server.listener,
      { clocks: { monotonic: () => monotonicMs } },
      async (client) => {
        expect(await client.get('/me')).toMatchObject({ ok: true });
        await backInThePool();
        expect(await client.get('/me/interactions')).toMatchObject({ ok: true });
        expect(server.requests).toHaveLength(3);
        expect(client.serverClockKnown).toBe(true);
        expect(client.serverClockAheadMs).toBe(0);
      },
    );
  });

  it("asks a download again, which then brings the file's bytes", async () => {
    const server = closingKeptConnections(undefined, (request, response) => {
      if (request.url === '/api/v2/me') {
        answerKeptAlive(response, { statusCode: 0 });
        return;
      }
      response.writeHead(200, { 'content-type': 'text/plain', connection: 'keep-alive' });
      response.end('the attachment');
    });
    await againstServer(server.listener, {}, async (client) => {
      expect(await client.get('/me')).toMatchObject({ ok: true });
      await backInThePool();
      const download = await client.getBytes('/me/attachments/1');
      expect(download.ok && download.value.bytes.toString()).toBe('the attachment');
    });
  });
});
