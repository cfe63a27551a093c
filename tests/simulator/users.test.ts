import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../simulator/dialect';
import type { TestAgent } from '../support/gwsAgent';
import { loadFixture, useSimulator } from '../support/simulatorHarness';

// The agent directory (003, "Users API" and "Return Values"): GET /users with and without
// fields=* and subresources, GET /users/{id}, over real HTTP against the documents' samples,
// with the colleagues' agent state read from what they really did on their own sessions.

const harness = useSimulator();

type Json = Record<string, unknown>;

function list(value: unknown): Json[] {
  expect(Array.isArray(value)).toBe(true);
  return value as Json[];
}

function byUserName(users: Json[], userName: string): Json {
  const found = users.find((user) => user.userName === userName);
  if (!found) throw new Error(`${userName} is not in the directory`);
  return found;
}

/** The keys of an object, sorted, to compare shapes with a document's sample. */
function keys(value: unknown): string[] {
  return Object.keys(value as Json).sort();
}

/** GET /me, CometD, StartContactCenterSession on both channels: the agent is Not Ready. */
async function startSession(agent: TestAgent): Promise<void> {
  await agent.get('/me');
  await agent.connect();
  const started = await agent.post('/me', {
    operationName: 'StartContactCenterSession',
    channels: ['email', 'chat'],
  });
  expect(started.status).toBe(200);
}

const READY_ID = '9430250E-0A1B-421F-B372-F29E69366DED';
const NOT_READY_ID = '900D55CC-2BB0-431F-8BF9-D3525B383BE6';
const OFFLINE_ID = '0F7F5003-EF26-4D13-A6EF-D0C7EC819BEB';

describe.each(['a', 'b'] as const)('the agent directory, dialect %s', (dialect: Dialect) => {
  it('GET /users answers URIs (003 "Return Values" 1), each of which reads one user', async () => {
    const simulator = await harness.start({ dialect });
    const agent = harness.agent();
    const answer = await agent.get('/users');
    expect(answer.status).toBe(200);
    // The same shape as 003's `GET /skills` sample: statusCode and uris only.
    expect(keys(answer.body)).toEqual(keys(loadFixture('003-return-values-get-uris.json')));
    const uris = answer.body.uris as string[];
    expect(uris).toHaveLength(simulator.world.users.size);
    for (const user of simulator.world.users.values())
      expect(uris).toContain(`${simulator.apiUrl}/users/${user.id}`);

    const colleague = simulator.world.findUser('priya.raman@switchboard.example');
    const one = await agent.get(`/users/${colleague?.id ?? 'missing'}`);
    expect(one.status).toBe(200);
    // 003 "Return Values" 3: a singular resource answers under its singular name.
    expect(keys(one.body)).toEqual(['statusCode', 'user']);
    expect(one.body.user).toMatchObject({
      id: colleague?.id,
      userName: 'priya.raman@switchboard.example',
      firstName: 'Priya',
      lastName: 'Raman',
      doNotDisturb: 'Off',
    });
    expect(one.body.user).not.toHaveProperty('channels');
  });

  it("GET /users?fields=* lists every user with 003's GET attributes, never the password", async () => {
    const simulator = await harness.start({ dialect });
    const answer = await harness.agent().get('/users?fields=*');
    expect(answer.status).toBe(200);
    const sample = loadFixture('003-return-values-get-fields.json');
    expect(keys(answer.body)).toEqual(keys(sample));
    const users = list(answer.body.users);
    expect(users.map((user) => user.userName)).toEqual([...simulator.world.users.keys()]);
    // Every user has at least the fields 003's sample shows, as strings.
    for (const sampleKey of keys(list(sample.users)[0]))
      for (const user of users) expect(typeof user[sampleKey]).toBe('string');

    expect(byUserName(users, 'agent1')).toEqual({
      id: simulator.world.findUser('agent1')?.id,
      userName: 'agent1',
      firstName: 'Agent',
      lastName: '1',
      employeeId: '1001',
      roles: ['ROLE_AGENT'],
      enabled: true,
      changePasswordOnFirstLogin: false,
      doNotDisturb: 'Off',
      uri: `${simulator.apiUrl}/users/${simulator.world.findUser('agent1')?.id}`,
      path: `/users/${simulator.world.findUser('agent1')?.id}`,
    });
    // The colleagues have real names, e-mail user names (003: "The user's e-mail address") and
    // employee ids of their own.
    expect(byUserName(users, 'chloe.martin@switchboard.example')).toMatchObject({
      firstName: 'Chloé',
      lastName: 'Martin',
    });
    const employeeIds = users.map((user) => user.employeeId);
    expect(new Set(employeeIds).size).toBe(users.length);
    for (const user of users) {
      expect(user).not.toHaveProperty('password');
      expect(user).not.toHaveProperty('channels');
      expect(user).not.toHaveProperty('skills');
    }
  });

  it("fields=userName,firstName keeps only those fields, as in 003's sample", async () => {
    await harness.start({ dialect });
    const answer = await harness.agent().get('/users?fields=userName,firstName');
    expect(answer.status).toBe(200);
    const sampleUser = list(loadFixture('003-return-values-get-fields.json').users)[0];
    const users = list(answer.body.users);
    for (const user of users) expect(keys(user)).toEqual(keys(sampleUser));
    expect(byUserName(users, 'ingrid.solberg@switchboard.example')).toEqual({
      userName: 'ingrid.solberg@switchboard.example',
      firstName: 'Ingrid',
    });
  });

  it("subresources show each colleague's channel states and DND as they set them", async () => {
    const simulator = await harness.start({ dialect });
    const reader = harness.agent();
    const colleague = harness.agent('agent2');
    await startSession(colleague);
    expect((await colleague.post('/me/channels/chat', { operationName: 'Ready' })).status).toBe(
      200,
    );
    expect(
      (await colleague.post('/me/channels/email', { operationName: 'NotReady', reason: 'Lunch' }))
        .status,
    ).toBe(200);

    const all = await reader.get('/users?subresources=*');
    expect(all.status).toBe(200);
    const users = list(all.body.users);
    // 003: subresources=* "will return all fields and all subresources for every user".
    const agent2 = byUserName(users, 'agent2');
    expect(agent2).toMatchObject({ firstName: 'Agent', lastName: '2', doNotDisturb: 'Off' });
    expect(agent2.skills).toEqual([]);
    expect(agent2.devices).toEqual([]);
    expect(agent2.channels).toEqual([
      {
        channel: 'email',
        dndState: 'Off',
        userState: {
          state: 'NotReady',
          displayName: 'Not Ready',
          id: NOT_READY_ID,
          reason: 'Lunch',
        },
      },
      {
        channel: 'chat',
        dndState: 'Off',
        userState: { state: 'Ready', displayName: 'Ready', id: READY_ID },
      },
    ]);
    // Who never signed in is offline on every channel.
    expect(byUserName(users, 'jonas.berg@switchboard.example').channels).toEqual(
      ['email', 'chat'].map((channel) => ({
        channel,
        dndState: 'Off',
        userState: { state: 'Logout', displayName: 'Offline', id: OFFLINE_ID },
      })),
    );

    // DND on: the directory says so, and the channels show plain Not Ready (003's DND sample).
    expect((await colleague.post('/me', { operationName: 'DoNotDisturbOn' })).status).toBe(200);
    const id = simulator.world.findUser('agent2')?.id ?? 'missing';
    const one = await reader.get(`/users/${id}?subresources=channels`);
    const user = one.body.user as Json;
    expect(user.doNotDisturb).toBe('On');
    expect(user).not.toHaveProperty('skills');
    expect(list(user.channels).map((channel) => channel.userState)).toEqual([
      { state: 'NotReady', displayName: 'Not Ready', id: NOT_READY_ID },
      { state: 'NotReady', displayName: 'Not Ready', id: NOT_READY_ID },
    ]);
  });

  it('an unknown user is 404 with code 6; the directory needs authentication', async () => {
    const simulator = await harness.start({ dialect });
    const agent = harness.agent();
    const missing = await agent.get('/users/0000000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ statusCode: 6, statusMessage: expect.any(String) as unknown });

    const anonymous = await fetch(`${simulator.apiUrl}/users?fields=*`);
    expect(anonymous.status).toBe(401);
    expect(
      (await agent.request('POST', '/users', { userName: 'x' })).status,
      'creating users is administration',
    ).toBe(405);
  });

  it('a colleague signs in with the e-mail user name the directory lists', async () => {
    await harness.start({ dialect });
    const colleague = harness.agent('hannah.okafor@switchboard.example');
    const me = await colleague.get('/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ firstName: 'Hannah', lastName: 'Okafor' });
  });
});
