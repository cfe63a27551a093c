import { channelResource } from '../dialect';
import type { SimUser } from '../model';
import type { World } from '../world';
import { notFound, type OperationContext, type Route, type RouteContext } from './types';

// The Users API (003, "Users API"): the agent directory a transfer or a consultation picks its
// target from. Agents may read it (003 lists "Agent" among the permissions of `GET /users` and
// `GET /users/{id}`); creating, updating and deleting users is administration and out of scope.

/** A user resource as the simulator writes it (attribute name → value). */
export type UserResource = Record<string, unknown>;

/**
 * A user as `GET /me`, `GET /users/{id}` and `GET /users?fields=*` show it: 003's user attributes
 * that GET may read (never the password), plus the id, `employeeId` (003's Contacts API names it
 * for users) and the resource's own `uri`/`path`.
 */
export function userResource(context: OperationContext, user: SimUser): UserResource {
  return {
    id: user.id,
    userName: user.userName,
    firstName: user.firstName,
    lastName: user.lastName,
    employeeId: user.employeeId,
    roles: user.roles ?? ['ROLE_AGENT'],
    enabled: true,
    changePasswordOnFirstLogin: user.mustChangePassword,
    uri: `${context.apiBase}/users/${user.id}`,
    path: `/users/${user.id}`,
  };
}

/**
 * The subresources a user has here. 003 names `skills` and `devices`; `channels` is what
 * `GET /me?subresources=*` embeds (003, "Overall User State"), and it is the part of a colleague
 * a transfer needs: whether they are Ready on the channel.
 */
export const USER_SUBRESOURCES = ['skills', 'devices', 'channels'] as const;
export type UserSubresource = (typeof USER_SUBRESOURCES)[number];

/**
 * A list parameter as 003's "Request Parameters" define it: absent, `*` for everything, or a
 * comma-separated list of names (`fields=userName,firstName`, `subresources=skills,devices`).
 * `undefined` means the parameter was not given; an empty set means it named nothing known.
 */
function listParameter(
  url: URL,
  name: string,
  known: readonly string[] | null,
): ReadonlySet<string> | '*' | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  const names = raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (names.includes('*')) return '*';
  return new Set(known === null ? names : names.filter((part) => known.includes(part)));
}

/**
 * The user's agent state: DND as 003's user attribute `doNotDisturb` (FlagV2 `On`/`Off`, a GET
 * attribute of every user) and, as a subresource, each channel's `userState` as `/me/channels`
 * shows it (a colleague who is not signed in is `Logout` on every channel, the state of 003's Offline).
 */
function withSubresources(
  world: World,
  user: SimUser,
  resource: UserResource,
  subresources: ReadonlySet<string> | '*',
): UserResource {
  const wanted = (name: UserSubresource) => subresources === '*' || subresources.has(name);
  const agent = world.agent(user.userName);
  const result: UserResource = { ...resource };
  // Voice and skills are out of the simulator's scope: the lists exist and are empty, as
  // `GET /me/devices` answers.
  if (wanted('skills')) result.skills = [];
  if (wanted('devices')) result.devices = [];
  if (wanted('channels'))
    result.channels = [...agent.channels.keys()].map((channel) => channelResource(agent, channel));
  return result;
}

/** A directory entry: every GET attribute, with `doNotDisturb` read from the agent's state. */
function directoryEntry(context: OperationContext, user: SimUser): UserResource {
  const agent = context.world.agent(user.userName);
  return { ...userResource(context, user), doNotDisturb: agent.dnd ? 'On' : 'Off' };
}

/** Keeps only the fields asked for with `fields=a,b` (003: "a list of data fields of interest"). */
function selectFields(entry: UserResource, fields: ReadonlySet<string>): UserResource {
  return Object.fromEntries(Object.entries(entry).filter(([key]) => fields.has(key)));
}

function directoryAnswer(context: RouteContext): Record<string, unknown> {
  const users = [...context.world.users.values()];
  const fields = listParameter(context.url, 'fields', null);
  const subresources = listParameter(context.url, 'subresources', USER_SUBRESOURCES);
  // 003: without `fields` a list answers URIs; `subresources=*` "will return all fields and all
  // subresources for every user".
  if (fields === undefined && subresources === undefined) {
    return { uris: users.map((user) => `${context.apiBase}/users/${user.id}`) };
  }
  return {
    users: users.map((user) => {
      const entry = directoryEntry(context, user);
      const selected = fields === undefined || fields === '*' ? entry : selectFields(entry, fields);
      return subresources === undefined
        ? selected
        : withSubresources(context.world, user, selected, subresources);
    }),
  };
}

/** `GET /users` and `GET /users/{id}`. */
export const userRoutes: readonly Route[] = [
  {
    method: 'GET',
    pattern: /^\/users$/,
    style: 'resource',
    handle: (context) => ({ kind: 'resource', body: directoryAnswer(context) }),
  },
  {
    method: 'GET',
    pattern: /^\/users\/([^/]+)$/,
    style: 'resource',
    handle: (context) => {
      const id = context.params[0] ?? '';
      const user = [...context.world.users.values()].find((candidate) => candidate.id === id);
      if (!user) throw notFound(`User ${id} not found`);
      const entry = directoryEntry(context, user);
      const subresources = listParameter(context.url, 'subresources', USER_SUBRESOURCES);
      // 003 "Return Values": a singular resource answers under its singular name.
      return {
        kind: 'resource',
        body: {
          user:
            subresources === undefined
              ? entry
              : withSubresources(context.world, user, entry, subresources),
        },
      };
    },
  },
];
