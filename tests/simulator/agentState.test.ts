import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../simulator/dialect';
import type { SimUser } from '../../simulator/model';
import { demoUsers } from '../../simulator/server';
import { type HttpAnswer, type ReceivedMessage, type TestAgent } from '../support/gwsAgent';
import { loadFixture, useSimulator } from '../support/simulatorHarness';

// The agent's own state (003: Channels API, Agent States, Presence, Change Password, Features):
// GET /me and /me/channels, every /me and /me/channels/{channel} operation with its errors, the
// /v2/me/channels and /v2/me notifications, over real HTTP and the real CometD client.

const harness = useSimulator();

/** A channel with DND off as /me and the /v2/me/channels notifications show it. */
function offChannel(channel: string, state: string, displayName: string, id: string) {
  return { channel, dndState: 'Off', userState: { state, displayName, id } };
}

/** GET /me (for the CSRF token), CometD, and StartContactCenterSession; no channel Ready yet. */
async function startSession(agent: TestAgent, channels = ['email', 'chat']): Promise<void> {
  expect((await agent.get('/me')).status).toBe(200);
  await agent.connect();
  const seen = agent.received.length;
  const started = await agent.post('/me', { operationName: 'StartContactCenterSession', channels });
  expect(started.status).toBe(200);
  // So that later notifications are not confused with this one.
  await channelsNotification(agent, seen);
}

const HTTP_STATUS_FOR_CODE: Readonly<Record<number, number>> = {
  1: 400,
  2: 400,
  3: 403,
  6: 404,
};

/** An operation's success in the dialect's style (dialect.ts). */
function expectOk(answer: HttpAnswer, dialect: Dialect): void {
  expect(answer.status).toBe(200);
  expect(answer.body).toEqual(dialect === 'a' ? { status: 'ok' } : { statusCode: 0 });
}

/** An operation's failure: GWS's HTTP status for the code, the body in the dialect's style. */
/** A failure's text: `statusMessage` (dialect b) or `errorDescription` (dialect a). */
function failureText(answer: HttpAnswer): unknown {
  return answer.body.statusMessage ?? answer.body.errorDescription;
}

function expectFailure(answer: HttpAnswer, dialect: Dialect, code: number): void {
  expect(answer.status).toBe(HTTP_STATUS_FOR_CODE[code]);
  if (dialect === 'a') {
    expect(answer.body).toEqual({
      status: 'error',
      errorDescription: expect.any(String) as unknown,
    });
  } else {
    expect(answer.body).toEqual({ statusCode: code, statusMessage: expect.any(String) as unknown });
  }
}

function channelsOf(message: ReceivedMessage): Record<string, unknown>[] {
  return message.data.channels as Record<string, unknown>[];
}

/** Waits for the first `/v2/me/channels` notification among the messages from index `after` on. */
function channelsNotification(agent: TestAgent, after: number): Promise<ReceivedMessage> {
  return agent.waitFor(
    (message) => message.channel === '/v2/me/channels' && agent.received.indexOf(message) >= after,
    3000,
    '/v2/me/channels notification',
  );
}

/** The `userState.state` of each channel of a `GET /me?subresources=*` user. */
function channelStates(user: Record<string, unknown>): unknown[] {
  return (user.channels as { userState: { state: string } }[]).map(
    (channel) => channel.userState.state,
  );
}

const READY_ID = '9430250E-0A1B-421F-B372-F29E69366DED';
const NOT_READY_ID = '900D55CC-2BB0-431F-8BF9-D3525B383BE6';
const OFFLINE_ID = '0F7F5003-EF26-4D13-A6EF-D0C7EC819BEB';

describe.each(['a', 'b'] as const)('agent state, dialect %s', (dialect) => {
  it('GET /me?subresources=* gives the user with channels, devices and DND; /me alone does not', async () => {
    await harness.start({ dialect });
    const agent = harness.agent();

    const plain = await agent.get('/me');
    expect(plain.status).toBe(200);
    expect(plain.body.statusCode).toBe(0);
    const user = plain.body.user as Record<string, unknown>;
    expect(user).toMatchObject({ userName: 'agent1', changePasswordOnFirstLogin: false });
    expect(user).not.toHaveProperty('channels');

    const before = (await agent.get('/me?subresources=*')).body.user as Record<string, unknown>;
    expect(before.channels).toEqual([
      offChannel('email', 'Logout', 'Offline', OFFLINE_ID),
      offChannel('chat', 'Logout', 'Offline', OFFLINE_ID),
    ]);
    expect(before.devices).toEqual([]);
    // 003's user attribute for DND is doNotDisturb (FlagV2 On/Off).
    expect(before.doNotDisturb).toBe('Off');

    await startSession(agent);
    expectOk(await agent.post('/me/channels/chat', { operationName: 'Ready' }), dialect);
    const after = (await agent.get('/me?subresources=*')).body.user as Record<string, unknown>;
    // 003's "Overall User State" sample: channels with channel and userState.
    expect(after.channels).toEqual([
      offChannel('email', 'NotReady', 'Not Ready', NOT_READY_ID),
      offChannel('chat', 'Ready', 'Ready', READY_ID),
    ]);
  });

  it('GET /me/channels and /me/channels/{channel}; an unknown channel is 404 with code 6', async () => {
    await harness.start({ dialect });
    const agent = harness.agent();
    await startSession(agent);
    expectOk(
      await agent.post('/me/channels/email', { operationName: 'NotReady', reason: 'Lunch' }),
      dialect,
    );

    const all = await agent.get('/me/channels');
    expect(all.status).toBe(200);
    expect(all.body.statusCode).toBe(0);
    expect((all.body.channels as Record<string, unknown>[]).map((c) => c.channel)).toEqual([
      'email',
      'chat',
    ]);

    const one = await agent.get('/me/channels/email');
    expect(one.body).toMatchObject({
      statusCode: 0,
      channel: {
        channel: 'email',
        userState: { state: 'NotReady', displayName: 'Not Ready', reason: 'Lunch' },
      },
    });

    for (const answer of [
      await agent.get('/me/channels/sms'),
      await agent.post('/me/channels/sms', { operationName: 'Ready' }),
    ]) {
      expect(answer.status).toBe(404);
      expect(answer.body.statusCode ?? 6).toBe(6);
    }
    const getFailure = await agent.get('/me/channels/sms');
    expect(getFailure.body).toEqual({ statusCode: 6, statusMessage: 'Channel sms not found' });
  });

  it('answers 2 to every agent-state operation before StartContactCenterSession', async () => {
    await harness.start({ dialect });
    const agent = harness.agent();
    await agent.get('/me');
    for (const operationName of [
      'Ready',
      'NotReady',
      'AfterCallWork',
      'AuxWork',
      'DoNotDisturbOn',
      'DoNotDisturbOff',
      'EndContactCenterSession',
    ]) {
      expectFailure(await agent.post('/me', { operationName }), dialect, 2);
    }
    expectFailure(await agent.post('/me/channels/email', { operationName: 'Ready' }), dialect, 2);
    expectFailure(await agent.post('/me/channels/chat', { operationName: 'NotReady' }), dialect, 2);
    // Nothing changed.
    const user = (await agent.get('/me?subresources=*')).body.user as Record<string, unknown>;
    expect(user).toMatchObject({ doNotDisturb: 'Off', contactCenterSession: false });
    expect(channelStates(user)).toEqual(['Logout', 'Logout']);
  });

  it('answers unknown operation names with 2 and a missing one with 1', async () => {
    await harness.start({ dialect });
    const agent = harness.agent();
    await startSession(agent);
    expectFailure(await agent.post('/me', { operationName: 'Dance' }), dialect, 2);
    // Offline is an agent state of /settings/agent-states, but a Logout one: not an operation.
    expectFailure(await agent.post('/me', { operationName: 'Offline' }), dialect, 2);
    expectFailure(await agent.post('/me/channels/chat', { operationName: 'Dance' }), dialect, 2);
    expectFailure(await agent.post('/me', { reason: 'no name' }), dialect, 1);
    expectFailure(await agent.post('/me/channels/email', {}), dialect, 1);
    expectFailure(
      await agent.post('/me', { operationName: 'StartContactCenterSession', channels: 'chat' }),
      dialect,
      1,
    );
    // Nothing changed.
    const user = (await agent.get('/me?subresources=*')).body.user as Record<string, unknown>;
    expect(channelStates(user)).toEqual(['NotReady', 'NotReady']);
  });

  it('sets every logged-in channel with Ready/NotReady on /me, one channel on /me/channels/{channel}, and notifies as 003 shows', async () => {
    await harness.start({ dialect });
    const agent = harness.agent();
    // Only e-mail is in the session: chat stays logged out.
    await startSession(agent, ['email']);
    const startedNotification = await channelsNotification(agent, 0);
    expect(channelsOf(startedNotification)).toEqual([
      expect.objectContaining({
        channel: 'email',
        userState: { state: 'NotReady', displayName: 'Not Ready', id: NOT_READY_ID },
      }),
    ]);

    let seen = agent.received.length;
    expectOk(await agent.post('/me', { operationName: 'Ready' }), dialect);
    const ready = await channelsNotification(agent, seen);
    // 003-channels-notification-ready.json, for e-mail.
    const sample = (
      loadFixture('003-channels-notification-ready.json').data as Record<string, unknown>
    ).channels as Record<string, unknown>[];
    expect(channelsOf(ready)).toEqual([
      expect.objectContaining({ ...sample[0], channel: 'email' }),
    ]);
    const afterReady = (await agent.get('/me/channels')).body.channels as Record<string, unknown>[];
    expect(afterReady.map((channel) => channel.userState)).toEqual([
      { state: 'Ready', displayName: 'Ready', id: READY_ID },
      { state: 'Logout', displayName: 'Offline', id: OFFLINE_ID },
    ]);

    // A channel outside the session: 003's failure text for Ready on a channel.
    const chatReady = await agent.post('/me/channels/chat', { operationName: 'Ready' });
    expectFailure(chatReady, dialect, 2);
    expect(failureText(chatReady)).toBe('Channel chat is not available for this agent');

    // Agent states of /settings/agent-states beyond Ready/NotReady, with a reason.
    seen = agent.received.length;
    expectOk(
      await agent.post('/me/channels/email', { operationName: 'AfterCallWork', reason: 'Wrap' }),
      dialect,
    );
    expect(channelsOf(await channelsNotification(agent, seen))[0]).toEqual({
      channel: 'email',
      dndState: 'Off',
      userState: {
        state: 'NotReady',
        displayName: 'AfterCallWork',
        id: 'D3663509-3D82-4DD3-A82E-2EA8EFA02AEF',
        reason: 'Wrap',
        workMode: 'AfterCallWork',
      },
    });
    seen = agent.received.length;
    expectOk(await agent.post('/me', { operationName: 'AuxWork' }), dialect);
    expect(channelsOf(await channelsNotification(agent, seen))[0]?.userState).toMatchObject({
      state: 'NotReady',
      workMode: 'AuxWork',
    });
    seen = agent.received.length;
    expectOk(await agent.post('/me', { operationName: 'NotReady' }), dialect);
    expect(channelsOf(await channelsNotification(agent, seen))[0]?.userState).toEqual({
      state: 'NotReady',
      displayName: 'Not Ready',
      id: NOT_READY_ID,
    });
  });

  it('turns DND on and off with the notifications of 003, and refuses to repeat either', async () => {
    await harness.start({ dialect });
    const agent = harness.agent();
    await startSession(agent);
    let seen = agent.received.length;
    expectOk(await agent.post('/me', { operationName: 'Ready' }), dialect);
    await channelsNotification(agent, seen);
    expectFailure(await agent.post('/me', { operationName: 'DoNotDisturbOff' }), dialect, 2);

    seen = agent.received.length;
    expectOk(await agent.post('/me', { operationName: 'DoNotDisturbOn' }), dialect);
    const on = await channelsNotification(agent, seen);
    // 003-channels-notification-dnd-on.json as it is: one entry for every channel, naming none.
    expect(on.data).toEqual(loadFixture('003-channels-notification-dnd-on.json').data);
    expect(
      ((await agent.get('/me?subresources=*')).body.user as Record<string, unknown>).doNotDisturb,
    ).toBe('On');
    expectFailure(await agent.post('/me', { operationName: 'DoNotDisturbOn' }), dialect, 2);

    seen = agent.received.length;
    expectOk(await agent.post('/me', { operationName: 'DoNotDisturbOff' }), dialect);
    const off = await channelsNotification(agent, seen);
    expect(channelsOf(off)).toEqual([
      offChannel('email', 'Ready', 'Ready', READY_ID),
      offChannel('chat', 'Ready', 'Ready', READY_ID),
    ]);
  });

  it('turns DND on and off on one channel: only that channel reports it, repeats and unknown channels are refused', async () => {
    await harness.start({ dialect });
    const agent = harness.agent();
    await startSession(agent);
    let seen = agent.received.length;
    expectOk(await agent.post('/me', { operationName: 'Ready' }), dialect);
    await channelsNotification(agent, seen);
    expectFailure(
      await agent.post('/me/channels/chat', { operationName: 'DoNotDisturbOff' }),
      dialect,
      2,
    );

    seen = agent.received.length;
    expectOk(await agent.post('/me/channels/chat', { operationName: 'DoNotDisturbOn' }), dialect);
    // That channel alone, as 003's DND sample shows a channel under DND.
    const sample = (
      loadFixture('003-channels-notification-dnd-on.json').data as Record<string, unknown>
    ).channels as Record<string, unknown>[];
    expect(channelsOf(await channelsNotification(agent, seen))).toEqual([
      { ...sample[0], channel: 'chat' },
    ]);
    expect((await agent.get('/me/channels')).body.channels).toEqual([
      offChannel('email', 'Ready', 'Ready', READY_ID),
      { ...sample[0], channel: 'chat' },
    ]);
    // The user's own DND attribute is the /me DND's.
    expect(
      ((await agent.get('/me?subresources=*')).body.user as Record<string, unknown>).doNotDisturb,
    ).toBe('Off');
    const repeated = await agent.post('/me/channels/chat', { operationName: 'DoNotDisturbOn' });
    expectFailure(repeated, dialect, 2);
    expect(failureText(repeated)).toBe('Do Not Disturb is already on on chat');
    expectFailure(
      await agent.post('/me/channels/voice', { operationName: 'DoNotDisturbOn' }),
      dialect,
      6,
    );

    seen = agent.received.length;
    expectOk(await agent.post('/me/channels/chat', { operationName: 'DoNotDisturbOff' }), dialect);
    expect(channelsOf(await channelsNotification(agent, seen))).toEqual([
      offChannel('chat', 'Ready', 'Ready', READY_ID),
    ]);

    // The /me DND covers every channel: one channel cannot leave it, and its Off ends a
    // channel's own DND too.
    seen = agent.received.length;
    expectOk(await agent.post('/me/channels/email', { operationName: 'DoNotDisturbOn' }), dialect);
    await channelsNotification(agent, seen);
    seen = agent.received.length;
    expectOk(await agent.post('/me', { operationName: 'DoNotDisturbOn' }), dialect);
    // Each notification waited for, so that the next one read is Off's.
    await channelsNotification(agent, seen);
    const leaving = await agent.post('/me/channels/chat', { operationName: 'DoNotDisturbOff' });
    expectFailure(leaving, dialect, 2);
    expect(failureText(leaving)).toBe('Do Not Disturb is on for all channels: turn it off on /me');
    seen = agent.received.length;
    expectOk(await agent.post('/me', { operationName: 'DoNotDisturbOff' }), dialect);
    expect(channelsOf(await channelsNotification(agent, seen))).toEqual([
      offChannel('email', 'Ready', 'Ready', READY_ID),
      offChannel('chat', 'Ready', 'Ready', READY_ID),
    ]);
  });

  it('refuses DND on a channel outside the contact-center session, as Ready there', async () => {
    await harness.start({ dialect });
    const agent = harness.agent();
    await startSession(agent, ['email']);
    const answer = await agent.post('/me/channels/chat', { operationName: 'DoNotDisturbOn' });
    expectFailure(answer, dialect, 2);
    expect(failureText(answer)).toBe('Channel chat is not available for this agent');
  });

  it('EndContactCenterSession logs every channel out and invalidates the HTTP session', async () => {
    await harness.start({ dialect });
    const agent = harness.agent();
    await startSession(agent);
    const seen = agent.received.length;
    expectOk(await agent.post('/me', { operationName: 'EndContactCenterSession' }), dialect);
    const loggedOut = await channelsNotification(agent, seen);
    expect(channelsOf(loggedOut).map((channel) => channel.userState)).toEqual([
      { state: 'Logout', displayName: 'Offline', id: OFFLINE_ID },
      { state: 'Logout', displayName: 'Offline', id: OFFLINE_ID },
    ]);

    // The JSESSIONID alone no longer identifies anyone.
    const cookieOnly = await agent.request('GET', '/me', undefined, { basic: false });
    expect(cookieOnly.status).toBe(401);
    // Basic credentials open a new session; the agent is out of the contact center.
    const me = await agent.get('/me?subresources=*');
    expect(me.status).toBe(200);
    expect(me.headers.get('set-cookie')).toMatch(/JSESSIONID=/);
    expect((me.body.user as Record<string, unknown>).contactCenterSession).toBe(false);
    expectFailure(
      await agent.post('/me', { operationName: 'EndContactCenterSession' }),
      dialect,
      2,
    );
  });

  it("EndContactCenterSession invalidates the caller's HTTP session only: the user's other desk keeps its own", async () => {
    await harness.start({ dialect });
    const here = harness.agent();
    await startSession(here);
    // The same agent signed in on a second desk: a session of its own, the same contact center.
    const elsewhere = harness.agent();
    expect((await elsewhere.get('/me')).status).toBe(200);
    await elsewhere.connect();
    const seen = here.received.length;
    expectOk(await elsewhere.post('/me', { operationName: 'EndContactCenterSession' }), dialect);
    // The agent is out of the contact center on both desks (its state is the user's)...
    const loggedOut = await channelsNotification(here, seen);
    expect(channelsOf(loggedOut).map((channel) => channel.userState)).toEqual([
      { state: 'Logout', displayName: 'Offline', id: OFFLINE_ID },
      { state: 'Logout', displayName: 'Offline', id: OFFLINE_ID },
    ]);
    // ...but 003 invalidates "the HTTP session" of the request: this desk's cookie still works.
    const cookieOnly = await here.request('GET', '/me', undefined, { basic: false });
    expect(cookieOnly.status).toBe(200);
    expect((await elsewhere.request('GET', '/me', undefined, { basic: false })).status).toBe(401);
  });

  it('ChangePassword: base64 parameters (else 1), the outcome on /v2/me, the new password for Basic', async () => {
    await harness.start({ dialect });
    const agent = harness.agent();
    await agent.get('/me');
    // `/v2/me/*` does not cover `/v2/me` itself.
    await agent.connect(['/v2/me', '/v2/me/*']);
    const encode = (text: string) => Buffer.from(text).toString('base64');

    expectFailure(
      await agent.post('/me', {
        operationName: 'ChangePassword',
        oldPassword: 'demo!',
        newPassword: encode('x'),
      }),
      dialect,
      1,
    );
    expectFailure(
      await agent.post('/me', { operationName: 'ChangePassword', oldPassword: encode('demo') }),
      dialect,
      1,
    );

    // A wrong old password: the request is accepted, the outcome is PasswordChangeError 2.
    expectOk(
      await agent.post('/me', {
        operationName: 'ChangePassword',
        oldPassword: encode('wrong'),
        newPassword: encode('s3cret'),
      }),
      dialect,
    );
    const refused = await agent.waitFor(
      (message) => message.channel === '/v2/me',
      3000,
      'PasswordChangeError',
    );
    expect(refused.data).toEqual(
      loadFixture('003-me-notification-password-change-error.json').data,
    );

    const seen = agent.received.length;
    expectOk(
      await agent.post('/me', {
        operationName: 'ChangePassword',
        oldPassword: encode('demo'),
        newPassword: encode('s3cret'),
      }),
      dialect,
    );
    const changed = await agent.waitFor(
      (message) => message.channel === '/v2/me' && agent.received.indexOf(message) >= seen,
      3000,
      'PasswordChangeSuccessful',
    );
    expect(changed.data).toEqual(
      loadFixture('003-me-notification-password-change-successful.json').data,
    );

    expect((await harness.agent('agent1', 'demo').get('/me')).status).toBe(401);
    expect((await harness.agent('agent1', 's3cret').get('/me')).status).toBe(200);
  });

  it('firstLogin: a user who must change the password may do nothing else until ChangePassword?firstLogin=true', async () => {
    const [template] = demoUsers();
    if (!template) throw new Error('no demo user');
    const newcomer: SimUser = {
      ...template,
      id: 'f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1',
      userName: 'newcomer',
      password: 'initial',
      employeeId: '2001',
      mustChangePassword: true,
    };
    await harness.start({ dialect, users: [...demoUsers(), newcomer] });
    const agent = harness.agent('newcomer', 'initial');

    const me = await agent.get('/me');
    expect(me.status).toBe(200);
    expect((me.body.user as Record<string, unknown>).changePasswordOnFirstLogin).toBe(true);
    await agent.connect(['/v2/me', '/v2/me/*']);

    const start1 = { operationName: 'StartContactCenterSession', channels: ['email'] };
    expectFailure(await agent.post('/me', start1), dialect, 3);
    expectFailure(await agent.post('/me', { operationName: 'Ready' }), dialect, 3);
    expectFailure(await agent.post('/me/channels/email', { operationName: 'Ready' }), dialect, 3);
    const request = loadFixture('003-change-password-first-login.json').request as Record<
      string,
      unknown
    >;
    const change = {
      ...request,
      oldPassword: Buffer.from('initial').toString('base64'),
      newPassword: Buffer.from('chosen').toString('base64'),
    };
    // Without firstLogin=true the change itself is forbidden too.
    expectFailure(await agent.post('/me', change), dialect, 3);

    expectOk(await agent.post('/me?firstLogin=true', change), dialect);
    await agent.waitFor(
      (message) =>
        message.channel === '/v2/me' &&
        message.data.notificationType === 'PasswordChangeSuccessful',
      3000,
      'PasswordChangeSuccessful',
    );
    expectOk(await agent.post('/me', start1), dialect);
    expect(
      ((await agent.get('/me')).body.user as Record<string, unknown>).changePasswordOnFirstLogin,
    ).toBe(false);
    expect((await harness.agent('newcomer', 'initial').get('/me')).status).toBe(401);
    expect((await harness.agent('newcomer', 'chosen').get('/me')).status).toBe(200);
  });
});

describe('settings and features', () => {
  it('GET /settings/agent-states lists the five read-only agent states of 003', async () => {
    await harness.start({ dialect: 'b' });
    const agent = harness.agent();
    const answer = await agent.get('/settings/agent-states');
    expect(answer.status).toBe(200);
    // 003's sample spells one id "…-A6Ef-…": ids are GUIDs, compared without case.
    const upper = (body: Record<string, unknown>) =>
      JSON.parse(
        JSON.stringify(body).replace(
          /"id":"([^"]+)"/g,
          (_, id: string) => `"id":"${id.toUpperCase()}"`,
        ),
      ) as unknown;
    expect(upper(answer.body)).toEqual(upper(loadFixture('003-settings-agent-states-get.json')));
  });

  it('GET /features answers URIs, with fields=* the descriptions, and /features/{id} one', async () => {
    const running = await harness.start({ dialect: 'b' });
    const agent = harness.agent();
    const uris = await agent.get('/features');
    expect(uris.status).toBe(200);
    expect(uris.body.statusCode).toBe(0);
    expect(uris.body).not.toHaveProperty('features');
    expect(uris.body.uris).toContain(`${running.apiUrl}/features/api-multimedia`);

    const full = await agent.get('/features?fields=*');
    expect(full.body).not.toHaveProperty('uris');
    const features = full.body.features as Record<string, unknown>[];
    expect(features).toContainEqual({
      id: 'api-multimedia',
      displayName: expect.any(String) as unknown,
      description: 'API for non-voice channels',
    });
    expect(features.map((feature) => feature.id).sort()).toEqual(
      (uris.body.uris as string[]).map((uri) => uri.split('/').at(-1)).sort(),
    );

    const one = await agent.get('/features/api-multimedia');
    expect(one.body).toMatchObject({ statusCode: 0, feature: { id: 'api-multimedia' } });
    const missing = await agent.get('/features/api-telepathy');
    expect(missing.status).toBe(404);
    expect(missing.body.statusCode).toBe(6);
  });

  it('withoutMultimedia leaves api-multimedia out; setFeatures changes the answer while running', async () => {
    const running = await harness.start({ withoutMultimedia: true });
    const agent = harness.agent();
    const ids = async () =>
      ((await agent.get('/features?fields=*')).body.features as { id: string }[]).map(
        (feature) => feature.id,
      );
    expect(await ids()).not.toContain('api-multimedia');
    expect(await ids()).toContain('api-voice');
    expect((await agent.get('/features/api-multimedia')).status).toBe(404);

    running.control.setFeatures('all');
    expect(await ids()).toContain('api-multimedia');

    running.control.setFeatures('malformed');
    const bare = await agent.get('/features?fields=*');
    expect(bare.body).not.toHaveProperty('features');
    expect(bare.body.uris).toContain(`${running.apiUrl}/features/api-multimedia`);

    for (const [answer, status] of [
      ['notFound', 404],
      ['forbidden', 403],
      ['internal', 500],
    ] as const) {
      running.control.setFeatures(answer);
      const refused = await agent.get('/features?fields=*');
      expect(refused.status).toBe(status);
      expect(refused.body.statusCode).not.toBe(0);
    }
  });
});
