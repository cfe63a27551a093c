import { request as httpRequest } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_JSON_BODY_BYTES } from '../../simulator/http';
import type { Simulator } from '../../simulator/server';
import type { HttpAnswer, TestAgent } from '../support/gwsAgent';
import { useSimulator } from '../support/simulatorHarness';

// Whatever a client sends, the simulator answers with GWS's error shape and a fitting HTTP status,
// and keeps serving. Operations (POST with operationName) fail in the dialect's operation style;
// everything that never reaches an operation fails in the `statusCode`/`statusMessage` form.

const harness = useSimulator();
let simulator: Simulator;
let agent: TestAgent;
const lines: string[] = [];

afterEach(() => {
  lines.length = 0;
});

/** A raw request, for targets and bodies fetch refuses to send. */
function rawRequest(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(simulator.url);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: url.hostname, port: url.port, method, path, headers },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe.each(['a', 'b'] as const)('bad input, dialect %s', (dialect) => {
  beforeEach(async () => {
    simulator = await harness.start({ dialect, log: (line) => lines.push(line) });
    agent = await harness.signedIn();
  });

  /** What a test compares: the HTTP status and the body. */
  function shape(answer: HttpAnswer): { status: number; body: Record<string, unknown> } {
    return { status: answer.status, body: answer.body };
  }

  /** The failure form of an operation in this dialect. */
  function operationFailure(httpStatus: number, statusCode: number) {
    return {
      status: httpStatus,
      body:
        dialect === 'a'
          ? { status: 'error', errorDescription: expect.any(String) as unknown }
          : { statusCode, statusMessage: expect.any(String) as unknown },
    };
  }

  /** The failure form of anything that is not an operation. */
  function resourceFailure(httpStatus: number, statusCode: number) {
    return {
      status: httpStatus,
      body: { statusCode, statusMessage: expect.any(String) as unknown },
    };
  }

  /** Whether the server still answers normally, and logged no internal error. */
  async function serving() {
    const me = await agent.get('/me?subresources=*');
    const notReady = await agent.post('/me/channels/chat', { operationName: 'NotReady' });
    return {
      me: me.status,
      meStatusCode: me.body.statusCode,
      notReady: notReady.status,
      internalErrors: lines.filter((line) => line.startsWith('internal error')),
    };
  }
  const SERVING = { me: 200, meStatusCode: 0, notReady: 200, internalErrors: [] };

  it('answers malformed JSON with 400 and statusCode 1', async () => {
    const answer = await agent.request('POST', '/me', undefined, {
      rawBody: '{"operationName": "Ready",',
      contentType: 'application/json',
    });
    expect(shape(answer)).toEqual(operationFailure(400, 1));
    expect(await serving()).toEqual(SERVING);
  });

  it('answers a body that is not JSON with 415', async () => {
    const answer = await agent.request('POST', '/me/channels/chat', undefined, {
      rawBody: 'operationName=Ready',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(shape(answer)).toEqual(operationFailure(415, 1));
    const noType = await agent.request('POST', '/me', undefined, { rawBody: '{}' });
    expect(shape(noType)).toEqual(operationFailure(415, 1));
    expect(await serving()).toEqual(SERVING);
  });

  it('answers a body over 1 MiB with 413, declared or chunked', async () => {
    const huge = JSON.stringify({
      operationName: 'Ready',
      padding: 'x'.repeat(MAX_JSON_BODY_BYTES),
    });
    const declared = await agent.request('POST', '/me/channels/chat', undefined, {
      rawBody: huge,
      contentType: 'application/json',
    });
    expect(shape(declared)).toEqual(operationFailure(413, 1));

    // Without Content-Length the limit is found while reading.
    const me = await rawRequest('GET', '/api/v2/me', { authorization: agent.authorization });
    const setCookie = me.headers['set-cookie'] as string[];
    const chunked = await rawRequest(
      'POST',
      '/api/v2/me/channels/chat',
      {
        cookie: setCookie.map((cookie) => cookie.split(';')[0]).join('; '),
        [String(me.headers['x-csrf-header'])]: String(me.headers['x-csrf-token']),
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
      },
      huge,
    );
    expect(chunked.status).toBe(413);
    expect(await serving()).toEqual(SERVING);
  });

  it('answers a JSON array, a string and null with 400 and statusCode 1', async () => {
    for (const rawBody of ['[{"operationName":"Ready"}]', '"Ready"', 'null']) {
      const answer = await agent.request('POST', '/me/channels/email', undefined, {
        rawBody,
        contentType: 'application/json',
      });
      expect(shape(answer)).toEqual(operationFailure(400, 1));
    }
    expect(await serving()).toEqual(SERVING);
  });

  it('answers a missing or non-string operationName with 400 and statusCode 1', async () => {
    for (const body of [{}, { operationName: '' }, { operationName: 42 }, { operationName: {} }]) {
      expect(shape(await agent.post('/me', body))).toEqual(operationFailure(400, 1));
    }
    expect(await serving()).toEqual(SERVING);
  });

  it('answers an unknown operationName with 400 and statusCode 2', async () => {
    expect(shape(await agent.post('/me', { operationName: 'Teleport' }))).toEqual(
      operationFailure(400, 2),
    );
    expect(shape(await agent.post('/me/channels/chat', { operationName: 'Teleport' }))).toEqual(
      operationFailure(400, 2),
    );
    const id = simulator.control.receiveEmail({
      from: 'ann@example.com',
      subject: 'Hello',
      text: 'Hi',
      html: null,
    });
    for (const inherited of ['__proto__', 'constructor', 'toString']) {
      expect(
        shape(await agent.post(`/me/interactions/${id}`, { operationName: inherited })),
      ).toEqual(operationFailure(400, 2));
      expect(shape(await agent.post('/me', { operationName: inherited }))).toEqual(
        operationFailure(400, 2),
      );
    }
    expect(await serving()).toEqual(SERVING);
  });

  it('answers unknown interaction ids with 404 and statusCode 6', async () => {
    expect(
      shape(await agent.post('/me/interactions/0000NOPE0000', { operationName: 'Accept' })),
    ).toEqual(operationFailure(404, 6));
    expect(shape(await agent.get('/interactions/0000NOPE0000'))).toEqual(resourceFailure(404, 6));
    expect(shape(await agent.get('/interactions/%E0%A4%A'))).toEqual(resourceFailure(400, 1));
    expect(await serving()).toEqual(SERVING);
  });

  it('answers unknown paths with 404 and wrong methods with 405 and Allow', async () => {
    expect(shape(await agent.get('/no/such/thing'))).toEqual(resourceFailure(404, 6));
    expect(shape(await agent.post('/no/such/thing', { operationName: 'Ready' }))).toEqual(
      resourceFailure(404, 6),
    );
    const outsideApi = await fetch(`${simulator.url}/index.html`);
    expect(outsideApi.status).toBe(404);
    expect(await outsideApi.json()).toEqual({
      statusCode: 6,
      statusMessage: expect.any(String) as unknown,
    });

    const wrongMethod = await agent.request('DELETE', '/me');
    expect(shape(wrongMethod)).toEqual(resourceFailure(405, 6));
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
    const putChannels = await agent.request('PUT', '/me/channels', { operationName: 'Ready' });
    expect(shape(putChannels)).toEqual(resourceFailure(405, 6));
    expect(putChannels.headers.get('allow')).toBe('GET');
    expect(await serving()).toEqual(SERVING);
  });

  it('answers garbage on the CometD endpoint with 400 and keeps notifying', async () => {
    const answer = await fetch(`${simulator.apiUrl}/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[{"channel": ',
    });
    expect(answer.status).toBe(400);
    const wrongMethod = await fetch(`${simulator.apiUrl}/notifications`);
    expect(wrongMethod.status).toBe(400);

    const oversized = await fetch(`${simulator.apiUrl}/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { channel: '/meta/connect', padding: 'x'.repeat(MAX_JSON_BODY_BYTES) },
      ]),
    });
    expect(oversized.status).toBe(413);
    const notMessages = await fetch(`${simulator.apiUrl}/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[1, "two"]',
    });
    expect(notMessages.status).toBe(400);

    simulator.control.injectNotification('agent1', '/v2/me/channels', { probe: 1 });
    await agent.waitFor((message) => message.data.probe === 1, 3000, 'probe');
    expect(await serving()).toEqual(SERVING);
  });

  it('survives a malformed request target', async () => {
    const answer = await rawRequest('GET', 'http://[bad/api/v2/me', {
      authorization: agent.authorization,
    });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(await serving()).toEqual(SERVING);
  });
});
