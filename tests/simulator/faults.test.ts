import { afterEach, describe, expect, it } from 'vitest';
import { LATE_ANSWER_MS } from '../../simulator/runtime';
import { startSimulator, type Simulator } from '../../simulator/server';

// The network faults the session's recovery tests need: connections refused for a while with
// the sessions surviving, single REST requests failing in chosen ways, a fault timed to the
// moment a handshake is denied, and a password changed on the server.

let simulator: Simulator | undefined;

afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

const BASIC = `Basic ${Buffer.from('agent1:demo').toString('base64')}`;

/** GET /me with Basic (and a cookie, when given); the status, or the network error's name. */
async function getMe(
  running: Simulator,
  options: { cookie?: string; authorization?: string; timeoutMs?: number } = {},
): Promise<{ status: number; cookie?: string } | { error: string }> {
  try {
    const response = await fetch(`${running.apiUrl}/me`, {
      headers: {
        ...(options.authorization === undefined ? {} : { authorization: options.authorization }),
        ...(options.cookie === undefined ? {} : { cookie: options.cookie }),
      },
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
    await response.arrayBuffer();
    const cookie = response.headers.getSetCookie()[0]?.split(';')[0];
    return { status: response.status, ...(cookie === undefined ? {} : { cookie }) };
  } catch (thrown) {
    const cause = (thrown as Error & { cause?: { code?: string } }).cause;
    return { error: cause?.code ?? (thrown as Error).name };
  }
}

describe('simulator network faults', () => {
  it('refuses connections for a while, and the HTTP session survives the outage', async () => {
    simulator = await startSimulator({ port: 0, scenario: 'quiet' });
    const first = await getMe(simulator, { authorization: BASIC });
    expect(first).toMatchObject({ status: 200 });
    const cookie = 'cookie' in first ? first.cookie : undefined;
    expect(cookie).toMatch(/^JSESSIONID=/);

    // Down until the check below is done (a generous bound, ended by endOutage): a fixed
    // 400 ms outage, checked 50 ms in, was over before a loaded machine made the request.
    const outage = simulator.control.refuseConnections(60_000);
    expect(await getMe(simulator, { authorization: BASIC })).toEqual({ error: 'ECONNREFUSED' });
    simulator.control.endOutage();
    await outage;

    // The cookie alone, without Basic: only a session that outlived the outage answers 200.
    expect(await getMe(simulator, { ...(cookie === undefined ? {} : { cookie }) })).toMatchObject({
      status: 200,
    });
  });

  it('fails the next REST requests one each, in order, then answers again', async () => {
    simulator = await startSimulator({ port: 0, scenario: 'quiet' });
    simulator.control.failNextRequests(['unavailable', 'reset', 'silent']);

    expect(await getMe(simulator, { authorization: BASIC })).toMatchObject({ status: 503 });
    const reset = await getMe(simulator, { authorization: BASIC });
    expect(reset).toHaveProperty('error');
    // A client asks a GET cut so again once (the desk does): that repeat is cut too.
    expect(await getMe(simulator, { authorization: BASIC })).toHaveProperty('error');
    expect(await getMe(simulator, { authorization: BASIC, timeoutMs: 300 })).toEqual({
      error: 'TimeoutError',
    });
    expect(await getMe(simulator, { authorization: BASIC })).toMatchObject({ status: 200 });
  });

  it("cuts a GET's one repeat, not a POST's, nor a third ask", async () => {
    simulator = await startSimulator({ port: 0, scenario: 'quiet' });
    const running = simulator;
    const postMe = async () => {
      try {
        const response = await fetch(`${running.apiUrl}/me`, {
          method: 'POST',
          headers: { authorization: BASIC, 'content-type': 'application/json' },
          body: JSON.stringify({ operationName: 'Ready' }),
        });
        await response.arrayBuffer();
        return { status: response.status };
      } catch {
        return { error: 'cut' };
      }
    };
    simulator.control.failNextRequests(['reset', 'reset']);
    expect(await getMe(simulator, { authorization: BASIC })).toHaveProperty('error');
    expect(await getMe(simulator, { authorization: BASIC })).toHaveProperty('error');
    expect(await postMe()).toEqual({ error: 'cut' });
    expect(await postMe()).not.toHaveProperty('error');
    expect(await getMe(simulator, { authorization: BASIC })).toMatchObject({ status: 200 });
  });

  it('answers a request late, after acting on it at once', async () => {
    simulator = await startSimulator({ port: 0, scenario: 'quiet' });
    simulator.control.failNextRequests(['answerLate']);
    const started = performance.now();
    expect(await getMe(simulator, { authorization: BASIC })).toMatchObject({ status: 200 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(LATE_ANSWER_MS - 50);
    expect(simulator.control.dropRequestFaults()).toBe(0);
    const quick = performance.now();
    expect(await getMe(simulator, { authorization: BASIC })).toMatchObject({ status: 200 });
    expect(performance.now() - quick).toBeLessThan(LATE_ANSWER_MS);
  });

  it('runs a fault once, right after the next denied handshake has been answered', async () => {
    simulator = await startSimulator({ port: 0, scenario: 'quiet' });
    const running = simulator;
    let faults = 0;
    simulator.control.afterNextDeniedHandshake(() => {
      faults += 1;
    });
    const handshake = async () => {
      const response = await fetch(`${running.apiUrl}/notifications/handshake`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([
          {
            channel: '/meta/handshake',
            version: '1.0',
            supportedConnectionTypes: ['long-polling'],
          },
        ]),
      });
      return (await response.json()) as { successful: boolean; error?: string }[];
    };

    const [denied] = await handshake();
    expect(denied).toMatchObject({ successful: false, error: '403::handshake_denied' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(faults).toBe(1);
    await handshake();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(faults).toBe(1);
  });

  it('changes a password: Basic with the old one gets 401, with the new one 200', async () => {
    simulator = await startSimulator({ port: 0, scenario: 'quiet' });
    simulator.control.setPassword('agent1', 'n3w');

    expect(await getMe(simulator, { authorization: BASIC })).toMatchObject({ status: 401 });
    expect(
      await getMe(simulator, {
        authorization: `Basic ${Buffer.from('agent1:n3w').toString('base64')}`,
      }),
    ).toMatchObject({ status: 200 });
  });
});
