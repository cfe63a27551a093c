import { CometD, type Message } from 'cometd';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../support/simulatorHarness';

// Authentication as GWS does it: HTTP Basic opens a JSESSIONID session, the cookie alone then
// identifies the agent, every GET hands out the CSRF token that every POST/PUT/DELETE must carry,
// idle sessions expire, and CometD handshakes need the session or the credentials.

const harness = useSimulator();

function basic(userName: string, password: string): string {
  return `Basic ${Buffer.from(`${userName}:${password}`).toString('base64')}`;
}

function sessionCookieOf(response: Response): string | undefined {
  return /JSESSIONID=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A CometD handshake with the given request headers; answers the handshake reply. */
async function handshake(apiUrl: string, headers: Record<string, string>): Promise<Message> {
  const cometd = new CometD();
  cometd.unregisterTransport('websocket');
  cometd.configure({
    url: `${apiUrl}/notifications`,
    logLevel: 'warn',
    requestHeaders: headers,
  });
  const reply = await new Promise<Message>((resolve) => {
    cometd.handshake(resolve);
  });
  // After a denied handshake the client is already disconnected, and disconnect() would never
  // call back.
  if (cometd.getStatus() !== 'disconnected') {
    await new Promise<void>((resolve) => {
      cometd.disconnect(() => {
        resolve();
      });
    });
  }
  return reply;
}

describe('HTTP Basic', () => {
  it('answers 401 with WWW-Authenticate when there are no credentials', async () => {
    const running = await harness.start();
    const response = await fetch(`${running.apiUrl}/me`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect(await response.json()).toEqual({
      statusCode: 3,
      statusMessage: expect.any(String) as unknown,
    });
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('answers 401 to a wrong password, an unknown user and a malformed header', async () => {
    const running = await harness.start();
    for (const authorization of [
      basic('agent1', 'wrong'),
      basic('nobody', 'demo'),
      'Basic !!!not-base64',
      'Bearer abc',
    ]) {
      const response = await fetch(`${running.apiUrl}/me`, { headers: { authorization } });
      expect({
        authorization,
        status: response.status,
        challenge: response.headers.get('www-authenticate'),
        session: sessionCookieOf(response),
      }).toEqual({
        authorization,
        status: 401,
        challenge: expect.stringMatching(/^Basic /) as unknown,
        session: undefined,
      });
    }
  });

  it('accepts agent1 … agent5 with password demo by default', async () => {
    await harness.start();
    for (const userName of ['agent1', 'agent2', 'agent3', 'agent4', 'agent5']) {
      const answer = await harness.agent(userName).get('/me');
      expect(answer.status).toBe(200);
      expect((answer.body.user as Record<string, unknown>).userName).toBe(userName);
    }
  });

  it('uses the configured users instead of the demo ones', async () => {
    await harness.start({
      users: [
        {
          id: 'u-1',
          userName: 'maria',
          password: 'tulip-7',
          firstName: 'Maria',
          lastName: 'Lopez',
          employeeId: '77',
          channels: ['chat'],
          mustChangePassword: false,
        },
      ],
    });
    expect((await harness.agent('agent1').get('/me')).status).toBe(401);
    expect((await harness.agent('maria', 'demo').get('/me')).status).toBe(401);
    const answer = await harness.agent('maria', 'tulip-7').get('/me?subresources=*');
    expect(answer.status).toBe(200);
    const user = answer.body.user as Record<string, unknown>;
    expect(user).toMatchObject({ userName: 'maria', firstName: 'Maria' });
    expect((user.channels as { channel: string }[]).map((channel) => channel.channel)).toEqual([
      'chat',
    ]);
  });
});

describe('JSESSIONID and CSRF', () => {
  it('sets an HttpOnly JSESSIONID that alone authenticates later requests', async () => {
    const running = await harness.start();
    const first = await fetch(`${running.apiUrl}/me`, {
      headers: { authorization: basic('agent1', 'demo') },
    });
    expect(first.status).toBe(200);
    const setCookie = first.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^JSESSIONID=[^;]+;/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    const session = sessionCookieOf(first);

    const second = await fetch(`${running.apiUrl}/me/channels`, {
      headers: { cookie: `JSESSIONID=${String(session)}` },
    });
    expect(second.status).toBe(200);
    // The same session: no new cookie.
    expect(second.headers.get('set-cookie')).toBeNull();

    const unknown = await fetch(`${running.apiUrl}/me`, {
      headers: { cookie: 'JSESSIONID=0123456789ABCDEF' },
    });
    expect(unknown.status).toBe(401);
  });

  it('finds the live session among several JSESSIONIDs, as a servlet container does', async () => {
    // A client keeping cookies in one jar per process (cometd-nodejs-client's own store) sends
    // that jar's JSESSIONID beside the one it set itself; the desk's clients keep a jar each.
    const running = await harness.start();
    const sessionOf = async (userName: string) =>
      String(
        sessionCookieOf(
          await fetch(`${running.apiUrl}/me`, {
            headers: { authorization: basic(userName, 'demo') },
          }),
        ),
      );
    const [first, second] = [await sessionOf('agent1'), await sessionOf('agent2')];
    const whoIs = async (headers: Record<string, string>) => {
      const response = await fetch(`${running.apiUrl}/me`, { headers });
      const body = (await response.json()) as { user?: { userName?: string } };
      return {
        status: response.status,
        user: body.user?.userName,
        newCookie: response.headers.has('set-cookie'),
      };
    };
    // An unknown one before or after the live one: the live one (not a 401 for the first).
    expect(await whoIs({ cookie: `JSESSIONID=0123456789ABCDEF; JSESSIONID=${first}` })).toEqual({
      status: 200,
      user: 'agent1',
      newCookie: false,
    });
    expect(await whoIs({ cookie: `JSESSIONID=${first}; JSESSIONID=0123456789ABCDEF` })).toEqual({
      status: 200,
      user: 'agent1',
      newCookie: false,
    });
    // Two live ones: the last, or the one of the user whose credentials come with them.
    expect(await whoIs({ cookie: `JSESSIONID=${second}; JSESSIONID=${first}` })).toMatchObject({
      user: 'agent1',
      newCookie: false,
    });
    expect(
      await whoIs({
        cookie: `JSESSIONID=${second}; JSESSIONID=${first}`,
        authorization: basic('agent2', 'demo'),
      }),
    ).toMatchObject({ user: 'agent2', newCookie: false });
  });

  it('answers X-CSRF-HEADER and X-CSRF-TOKEN on every GET, one token per session', async () => {
    await harness.start();
    const agent = harness.agent('agent1');
    const tokens = new Set<string>();
    for (const path of ['/me', '/me/channels', '/me/interactions', '/settings/agent-states']) {
      const answer = await agent.get(path);
      expect({ path, status: answer.status, header: answer.headers.get('x-csrf-header') }).toEqual({
        path,
        status: 200,
        header: 'X-CSRF-TOKEN',
      });
      tokens.add(answer.headers.get('x-csrf-token') ?? '');
    }
    expect(tokens.size).toBe(1);
    expect([...tokens][0]).toMatch(/^[\w-]{16,}$/);

    // Another user's session has another token.
    const other = await harness.agent('agent2').get('/me');
    expect(other.headers.get('x-csrf-token')).not.toBe([...tokens][0]);
  });

  it('refuses POST, PUT and DELETE without the token or with a wrong one (403)', async () => {
    const running = await harness.start();
    const agent = harness.agent('agent1');
    await agent.get('/me');
    const start_ = { operationName: 'StartContactCenterSession', channels: ['chat'] };

    for (const method of ['POST', 'PUT', 'DELETE']) {
      const without = await agent.request(method, '/me', start_, { csrf: false });
      expect({ method, status: without.status }).toEqual({ method, status: 403 });
      expect(without.body).toEqual({ statusCode: 3, statusMessage: expect.any(String) as unknown });
    }
    const wrong = await fetch(`${running.apiUrl}/me`, {
      method: 'POST',
      headers: {
        authorization: agent.authorization,
        'content-type': 'application/json',
        'x-csrf-token': 'not-the-token',
      },
      body: JSON.stringify(start_),
    });
    expect(wrong.status).toBe(403);

    // Nothing happened: the contact center session is still not started.
    const me = await agent.get('/me?subresources=*');
    expect((me.body.user as Record<string, unknown>).contactCenterSession).toBe(false);

    const right = await agent.post('/me', start_);
    expect(right.status).toBe(200);
  });

  it('expires an idle session: cookie alone 401, Basic opens a new one with a new token', async () => {
    const running = await harness.start({ sessionIdleSeconds: 1 });
    const first = await fetch(`${running.apiUrl}/me`, {
      headers: { authorization: basic('agent1', 'demo') },
    });
    const oldSession = sessionCookieOf(first) ?? '';
    const oldToken = first.headers.get('x-csrf-token') ?? '';
    expect(oldSession).not.toBe('');

    await sleep(1200);
    const cookieOnly = await fetch(`${running.apiUrl}/me`, {
      headers: { cookie: `JSESSIONID=${oldSession}` },
    });
    expect(cookieOnly.status).toBe(401);
    expect(cookieOnly.headers.get('www-authenticate')).toMatch(/^Basic /);

    const again = await fetch(`${running.apiUrl}/me`, {
      headers: { authorization: basic('agent1', 'demo'), cookie: `JSESSIONID=${oldSession}` },
    });
    expect(again.status).toBe(200);
    const newSession = sessionCookieOf(again) ?? '';
    const newToken = again.headers.get('x-csrf-token') ?? '';
    expect(newSession).not.toBe('');
    expect(newSession).not.toBe(oldSession);
    expect(newToken).not.toBe(oldToken);

    const post = (token: string) =>
      fetch(`${running.apiUrl}/me`, {
        method: 'POST',
        headers: {
          cookie: `JSESSIONID=${newSession}`,
          'content-type': 'application/json',
          'x-csrf-token': token,
        },
        body: JSON.stringify({ operationName: 'StartContactCenterSession', channels: ['chat'] }),
      });
    expect((await post(oldToken)).status).toBe(403);
    expect((await post(newToken)).status).toBe(200);
  });

  it('keeps a session alive while it is used', async () => {
    await harness.start({ sessionIdleSeconds: 1 });
    const agent = harness.agent('agent1');
    await agent.get('/me');
    for (let step = 0; step < 4; step += 1) {
      await sleep(400);
      expect((await agent.request('GET', '/me', undefined, { basic: false })).status).toBe(200);
    }
  });
});

describe('CometD handshake', () => {
  it('is allowed with a live session cookie or with Basic credentials', async () => {
    const running = await harness.start();
    const withCookie = harness.agent('agent1');
    await withCookie.get('/me');
    // connect() resolves after the first successful /meta/connect. (getStatus() is no proof of
    // health: the client says 'connecting' between two polls.) Delivery is the proof.
    await withCookie.connect(['/v2/me/*']);
    expect(running.control.injectNotification('agent1', '/v2/me/channels', { hello: 1 })).toBe(1);
    await withCookie.waitFor((message) => message.data.hello === 1, 3000, 'injected message');

    // No GET first: the agent has no cookie and hands its Basic credentials to the handshake.
    const withBasic = harness.agent('agent2');
    await withBasic.connect(['/v2/me/*']);
    expect(running.control.injectNotification('agent2', '/v2/me/channels', { hello: 2 })).toBe(1);
    await withBasic.waitFor((message) => message.data.hello === 2, 3000, 'injected message');
  });

  it('keeps the sessions of agents that handshake at the same time apart', async () => {
    const running = await harness.start();
    const all = ['agent1', 'agent2', 'agent3', 'agent4', 'agent5'].map((userName) =>
      harness.agent(userName),
    );
    // The agents' CometD clients keep no cookie (the app's adaptation keeps them only in a
    // connection's own jar), so no request of theirs names its BAYEUX_BROWSER: the server finds
    // each session by its clientId, as GWS's Java server does.
    await Promise.all(all.map((agent) => agent.signIn()));
    for (const agent of all) {
      expect(
        running.control.injectNotification(agent.userName, '/v2/me/channels', {
          to: agent.userName,
        }),
      ).toBe(1);
    }
    await Promise.all(
      all.map((agent) => agent.waitFor((message) => message.data.to === agent.userName, 3000)),
    );
    for (const agent of all) {
      expect(agent.received.filter((message) => 'to' in message.data)).toHaveLength(1);
    }
  });

  it('is denied (403::handshake_denied) without credentials or with bad ones', async () => {
    const running = await harness.start({ sessionIdleSeconds: 1 });
    const expectDenied = async (headers: Record<string, string>, description: string) => {
      const reply = await handshake(running.apiUrl, headers);
      expect({ description, successful: reply.successful, error: reply.error }).toEqual({
        description,
        successful: false,
        error: '403::handshake_denied',
      });
    };
    await expectDenied({}, 'no credentials');
    await expectDenied({ authorization: basic('agent1', 'wrong') }, 'wrong password');
    await expectDenied({ Cookie: 'JSESSIONID=FFFF' }, 'unknown session');

    const first = await fetch(`${running.apiUrl}/me`, {
      headers: { authorization: basic('agent1', 'demo') },
    });
    const session = sessionCookieOf(first) ?? '';
    const allowed = await handshake(running.apiUrl, { Cookie: `JSESSIONID=${session}` });
    expect(allowed.successful).toBe(true);
    await sleep(1200);
    await expectDenied({ Cookie: `JSESSIONID=${session}` }, 'expired session');
  });
});

describe('logging', () => {
  it('never writes a password to the log', async () => {
    const lines: string[] = [];
    const password = 'Secret-Tulip-42';
    const running = await harness.start({
      log: (line) => lines.push(line),
      users: [
        {
          id: 'u-1',
          userName: 'maria',
          password,
          firstName: 'Maria',
          lastName: 'Lopez',
          employeeId: '77',
          channels: ['chat', 'email'],
          mustChangePassword: false,
        },
      ],
    });
    const agent = harness.agent('maria', password);
    await agent.signIn();
    await harness.agent('maria', `${password}x`).get('/me');
    await agent.post('/me', { operationName: 'ChangePassword', oldPassword: password });
    await agent.post('/me/interactions/nope', { operationName: 'Accept' });
    running.options.log(`probe ${agent.userName}`);
    expect(lines).toContain('probe maria');
    expect(lines.join('\n')).not.toContain(password);
    expect(lines.join('\n')).not.toContain(Buffer.from(`maria:${password}`).toString('base64'));
  });
});
