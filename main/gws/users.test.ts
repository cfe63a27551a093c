import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AgentProfileSchema, DirectoryEntrySchema } from '../../common/gwsOperations';
import type { Result } from '../../common/errors';
import type { GwsBody } from './http';
import { readMe, readUsers } from './users';

// The one reader of GWS user resources, on 003's samples (tests/fixtures/gws/) and on the
// shapes the documents describe around them. The same reader serves sign-in, resync, the
// profile operation and the directory; the simulator tests exercise it over the wire.

function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function fixture(name: string): GwsBody {
  const url = new URL(`../../tests/fixtures/gws/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as GwsBody;
}

/** 003 "Overall User State": the channels of `GET /me?subresources=*`, without the user. */
const overallUserState = fixture('003-me-get-subresources.json').success as GwsBody;

describe('readMe', () => {
  it('reads the agent, its roles and channel states from the singular `user` resource', () => {
    const profile = readMe({
      statusCode: 0,
      user: {
        id: '5804abe284374b5bb0a18f57f5c9043d',
        userName: 'agent1@ci-vm106',
        firstName: 'Agent',
        lastName: 'One',
        employeeId: '1001',
        roles: ['ROLE_AGENT', 42],
        doNotDisturb: 'Off',
        changePasswordOnFirstLogin: false,
        ...overallUserState,
      },
    });
    if (!profile.ok) throw new Error(profile.error.message);
    expect(AgentProfileSchema.parse(profile.value)).toEqual(profile.value);
    expect(profile.value).toMatchObject({
      id: '5804abe284374b5bb0a18f57f5c9043d',
      userName: 'agent1@ci-vm106',
      firstName: 'Agent',
      lastName: 'One',
      employeeId: '1001',
      roles: ['ROLE_AGENT'],
      dnd: false,
      mustChangePassword: false,
    });
    // 003 spells the reason `reason` on one channel and `reasonCode` on the other.
    expect(profile.value.channels).toEqual([
      {
        channel: 'email',
        state: 'NotReady',
        displayName: 'Out to Lunch',
        reason: 'Lunch',
        dnd: false,
      },
      {
        channel: 'chat',
        state: 'NotReady',
        displayName: 'Out to Lunch',
        reason: 'Lunch',
        dnd: false,
      },
    ]);
  });

  it('takes the user DND for channels without their own, and the first-login flag', () => {
    const profile = readMe({
      user: {
        id: 'u1',
        userName: 'agent1',
        doNotDisturb: 'On',
        changePasswordOnFirstLogin: true,
        channels: [
          { channel: 'email', userState: { state: 'Ready' } },
          { channel: 'chat', dndState: 'Off', userState: { state: 'Ready' } },
        ],
      },
    });
    if (!profile.ok) throw new Error(profile.error.message);
    expect(profile.value.dnd).toBe(true);
    expect(profile.value.mustChangePassword).toBe(true);
    expect(profile.value.channels.map(({ channel, dnd }) => [channel, dnd])).toEqual([
      ['email', true],
      ['chat', false],
    ]);
    expect(profile.value).not.toHaveProperty('firstName');
  });

  it('reads an answer that is the user itself, with channels beside it', () => {
    const profile = readMe({ id: 'u2', userName: 'agent2', roles: [], ...overallUserState });
    expect(profile.ok && profile.value.channels.map((channel) => channel.channel)).toEqual([
      'email',
      'chat',
    ]);
  });

  it('refuses an answer that names no user', () => {
    for (const answer of [overallUserState, { user: { userName: 'agent1' } }, { user: 'agent1' }]) {
      const profile = readMe(answer);
      expect(profile.ok ? 'ok' : profile.error.kind).toBe('internal');
    }
  });
});

describe('readUsers', () => {
  it("reads 003's `GET /users?fields=*` sample, whose users have only names", () => {
    const users = valueOf(readUsers(fixture('003-return-values-get-fields.json')));
    expect(users).toEqual([
      { userName: 'agent1@ci-vm106', firstName: 'Agent', roles: [], channels: [] },
      { userName: 'agent2@ci-vm106', firstName: 'Second', roles: [], channels: [] },
    ]);
    for (const user of users) expect(DirectoryEntrySchema.parse(user)).toEqual(user);
  });

  it('reads every GET attribute, DND and the channel subresource', () => {
    const names = {
      id: 'c1',
      userName: 'priya.raman@switchboard.example',
      firstName: 'Priya',
      lastName: 'Raman',
      employeeId: '3101',
      roles: ['ROLE_AGENT'],
    };
    const [ready, busy] = valueOf(
      readUsers({
        statusCode: 0,
        users: [
          {
            ...names,
            enabled: true,
            uri: 'http://127.0.0.1:8090/api/v2/users/c1',
            doNotDisturb: 'Off',
            channels: [{ channel: 'chat', userState: { state: 'Ready', displayName: 'Ready' } }],
          },
          { id: 'c2', userName: 'tom.baker@switchboard.example', doNotDisturb: 'On' },
        ],
      }),
    );
    expect(ready).toEqual({
      ...names,
      dnd: false,
      channels: [{ channel: 'chat', state: 'Ready', displayName: 'Ready', dnd: false }],
    });
    expect(busy).toMatchObject({ id: 'c2', dnd: true, channels: [] });
  });

  it('leaves out what is not a user, and a user name listed again', () => {
    expect(
      readUsers({
        users: [
          null,
          'agent1',
          [],
          { firstName: 'Nameless' },
          { userName: 'x' },
          { userName: 'x' },
        ],
      }),
    ).toEqual({ ok: true, value: [{ userName: 'x', roles: [], channels: [] }] });
  });

  it('reads an answer without a list of users (a list of URIs, null, text) as an error, not as nobody', () => {
    for (const answer of [
      fixture('003-return-values-get-uris.json'),
      { users: null },
      { users: 'everyone' },
    ])
      expect(readUsers(answer)).toMatchObject({
        ok: false,
        error: { kind: 'internal', message: expect.stringMatching(/^GET \/users: /) as unknown },
      });
  });
});
